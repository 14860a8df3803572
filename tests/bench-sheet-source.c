/* bench-sheet-source.c — how fast, and in how much memory, a big sheet reads
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a 100 000-row .xlsx and .ods of events (written here with
 * libgsf, as Excel and LibreOffice lay them out: shared strings and a
 * date format in the workbook; displayed texts and a million repeated
 * empty rows at the end of the ODS), then reads every row of each in a
 * fresh process of its own (this program run with --read), so that the
 * peak resident memory (getrusage ru_maxrss) is the reading's alone.
 * The target for a whole import of 100 000 rows is 5 s and
 * 200 MB; the reading is held to it here.
 *
 *   bench-sheet-source [ROWS]
 *   bench-sheet-source --read FILE
 */

#define G_LOG_DOMAIN "bench-sheet-source"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib.h>
#include <gsf/gsf.h>

#include "annalist-table-source.h"
#include "temp-tree.h"
#include "zip-parts.h"

#define N_ORGANISATIONS 128
#define TARGET_SECONDS  5.0
#define TARGET_MB       200.0

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* The event of row @i, as the columns of an events list. */
typedef struct
{
  char   *title;
  guint   organisation;
  GDate   date;
  guint   participants;
  double  share;
} Event;

static void
make_event (guint  i,
            Event *event)
{
  event->title = g_strdup_printf ("Семинар «Проектная деятельность в школе» № %u", i + 1);
  event->organisation = i % N_ORGANISATIONS;
  g_date_set_dmy (&event->date, 1, 9, 2022);
  g_date_add_days (&event->date, i % 365);
  event->participants = 10 + i % 90;
  event->share = (i % 1000) / 10.0;
}

static void
write_xlsx (const char *path,
            guint       rows)
{
  GsfOutfile *zip = zip_create (path);
  GsfOutput *part;
  GDate epoch;


  xlsx_put_workbook (zip,
                     "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                     "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
  zip_put_part (zip, "xl/styles.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>");

  /* Shared strings: the five headers, the organisations, every title. */
  part = zip_new_part (zip, "xl/sharedStrings.xml");
  zip_put (part, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<si><t>Название</t></si><si><t>Организация</t></si><si><t>Дата проведения</t></si>"
             "<si><t>Участников</t></si><si><t>Доля, %%</t></si>");
  for (guint o = 0; o < N_ORGANISATIONS; o++)
    zip_put (part, "<si><t>МБОУ «Средняя общеобразовательная школа № %u»</t></si>", o + 1);
  for (guint i = 0; i < rows; i++)
    {
      Event event;

      make_event (i, &event);
      zip_put (part, "<si><t>%s</t></si>", event.title);
      g_free (event.title);
    }
  zip_put (part, "</sst>");
  g_assert_true (gsf_output_close (part));
  g_object_unref (part);

  g_date_set_dmy (&epoch, 30, 12, 1899);
  part = zip_new_part (zip, "xl/worksheets/sheet1.xml");
  zip_put (part, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
             "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
             "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>");
  for (guint i = 0; i < rows; i++)
    {
      Event event;
      guint r = i + 2;
      char share[G_ASCII_DTOSTR_BUF_SIZE];

      make_event (i, &event);
      zip_put (part, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>%u</v></c><c r=\"B%u\" t=\"s\"><v>%u</v></c>"
                 "<c r=\"C%u\" s=\"1\"><v>%d</v></c><c r=\"D%u\"><v>%u</v></c>"
                 "<c r=\"E%u\"><f>D%u/1000</f><v>%s</v></c></row>",
           r, r, 5 + N_ORGANISATIONS + i, r, 5 + event.organisation,
           r, g_date_days_between (&epoch, &event.date), r, event.participants,
           r, r, g_ascii_dtostr (share, sizeof share, event.share));
      g_free (event.title);
    }
  zip_put (part, "</sheetData></worksheet>");
  zip_close_part (part);
  zip_close (zip);
}

static void
write_ods (const char *path,
           guint       rows)
{
  GsfOutfile *zip = zip_create (path);
  GsfOutput *part;


  zip_put_part (zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
  part = zip_new_part (zip, "content.xml");
  zip_put (part, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
             "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
             "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
             "<office:body><office:spreadsheet><table:table table:name=\"Мероприятия\">"
             "<table:table-column table:number-columns-repeated=\"1024\"/>"
             "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Название</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>Организация</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>Дата проведения</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>Участников</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>Доля, %%</text:p></table:table-cell>"
             "<table:table-cell table:number-columns-repeated=\"1019\"/></table:table-row>");
  for (guint i = 0; i < rows; i++)
    {
      Event event;
      char share[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *shown = NULL;

      make_event (i, &event);
      g_ascii_dtostr (share, sizeof share, event.share);
      shown = g_strdup (share);
      g_strdelimit (shown, ".", ',');
      zip_put (part, "<table:table-row>"
                 "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>"
                 "<table:table-cell office:value-type=\"string\"><text:p>МБОУ «Средняя общеобразовательная школа № %u»</text:p></table:table-cell>"
                 "<table:table-cell office:value-type=\"date\" office:date-value=\"%04u-%02u-%02u\"><text:p>%02u.%02u.%04u</text:p></table:table-cell>"
                 "<table:table-cell office:value-type=\"float\" office:value=\"%u\"><text:p>%u</text:p></table:table-cell>"
                 "<table:table-cell table:formula=\"of:=[.D%u]/1000\" office:value-type=\"float\" office:value=\"%s\"><text:p>%s</text:p></table:table-cell>"
                 "<table:table-cell table:number-columns-repeated=\"1019\"/></table:table-row>",
           event.title, event.organisation + 1,
           g_date_get_year (&event.date), g_date_get_month (&event.date), g_date_get_day (&event.date),
           g_date_get_day (&event.date), g_date_get_month (&event.date), g_date_get_year (&event.date),
           event.participants, event.participants, i + 2, share, shown);
      g_free (event.title);
    }
  /* What LibreOffice ends every sheet with. */
  zip_put (part, "<table:table-row table:number-rows-repeated=\"%u\">"
             "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
             "</table:table></office:spreadsheet></office:body></office:document-content>",
       1048576 - rows - 1);
  zip_close_part (part);
  zip_close (zip);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

static int
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;
  g_auto(GStrv) sheets = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 listed, first = 0;
  guint rows = 0, cells = 0, last = 0;
  struct rusage usage;

  /* What the assistant does first: the sheets to choose from. */
  sheets = annalist_sheet_source_list_sheets (path, &error);
  if (sheets == NULL)
    g_error ("%s", error->message);
  listed = g_get_monotonic_time ();

  source = annalist_sheet_source_open (path, sheets[0], &error);
  if (source == NULL)
    g_error ("%s", error->message);
  for (;;)
    {
      guint line;
      g_autoptr(GPtrArray) row = annalist_table_source_next_row (source, &line, &error);

      if (row == NULL)
        break;
      last = line;
      if (rows++ == 0)
        first = g_get_monotonic_time ();
      cells += row->len;
    }
  if (error != NULL)
    g_error ("%s", error->message);
  g_clear_pointer (&source, annalist_table_source_free);

  getrusage (RUSAGE_SELF, &usage);
  /* One line for the parent: rows, cells, last row, seconds (in all,
   * to list the sheets, to the first row), KB. */
  g_print ("%u %u %u %.3f %.3f %.3f %ld\n", rows, cells, last,
           (g_get_monotonic_time () - start) / 1e6, (listed - start) / 1e6,
           (first - start) / 1e6, usage.ru_maxrss);
  return 0;
}

static gboolean
measure (const char *self,
         const char *label,
         const char *path,
         guint       rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { self, "--read", path, NULL };
  guint got_rows, cells, last;
  double seconds, listing, first;
  long kb;
  int status;
  struct stat st;
  gboolean ok;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_true (sscanf (output, "%u %u %u %lf %lf %lf %ld", &got_rows, &cells, &last,
                         &seconds, &listing, &first, &kb) == 7);
  g_assert_cmpuint (got_rows, ==, rows + 1);
  g_assert_cmpuint (last, ==, rows + 1);
  g_assert_cmpuint (cells, ==, 5 * (rows + 1));
  g_assert_true (stat (path, &st) == 0);

  ok = seconds < TARGET_SECONDS && kb / 1024.0 < TARGET_MB;
  g_print ("%-5s %u rows (%.1f MB file): %.2f s (sheets listed in %.2f s, first row at %.2f s), "
           "peak RSS %.1f MB%s\n",
           label, got_rows, st.st_size / 1048576.0, seconds, listing, first, kb / 1024.0,
           ok ? "" : "  — over the target");
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *ods = NULL;
  g_autofree char *self = NULL;
  guint rows = 100000;
  gboolean ok;

  if (argc == 3 && strcmp (argv[1], "--read") == 0)
    return read_all (argv[2]);
  if (argc == 2)
    rows = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  gsf_init ();
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_strdup (argv[0]);
  dir = g_dir_make_tmp ("bench-sheet-XXXXXX", &error);
  g_assert_no_error (error);
  xlsx = g_build_filename (dir, "events.xlsx", NULL);
  ods = g_build_filename (dir, "events.ods", NULL);
  write_xlsx (xlsx, rows);
  write_ods (ods, rows);

  ok = measure (self, "xlsx", xlsx, rows);
  ok = measure (self, "ods", ods, rows) && ok;

  remove_tree (dir);
  g_print ("target: under %.0f s and %.0f MB\n", TARGET_SECONDS, TARGET_MB);
  return ok ? 0 : 1;
}
