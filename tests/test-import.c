/* test-import.c — records brought in from CSV: detection, mapping, verdicts,
 * one Undo, nothing half-written
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the sample district. The last test is issue 11's crash test of
 * an import: the command line imports a big CSV and is killed with
 * SIGKILL at random moments; each time the database is as before.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "annalist-closed-year.h"
#include "annalist-history.h"
#include "annalist-import.h"
#include "annalist-store-private.h"
#include "odf-check.h"

typedef struct
{
  char          *dir;
  char          *database;
  AnnalistStore *store;
} ImportFixture;

static void
import_set_up (ImportFixture *f,
               gconstpointer  data)
{
  f->store = sample_store_new ("import", &f->dir, &f->database);
}

static void
import_tear_down (ImportFixture *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->database);
}

static char *
write_file (ImportFixture *f,
            const char    *name,
            const char    *bytes,
            gssize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, bytes, length, &error));
  g_assert_no_error (error);
  return path;
}

static gint64
count (AnnalistStore *store,
       const char    *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = annalist_store_count (store, annalist_kind_lookup (kind), NULL, &error);

  g_assert_no_error (error);
  return n;
}

/* Every row's message, one a line. */
static gboolean
collect (const AnnalistImportRow *row,
         gpointer                 data)
{
  GString *out = data;

  if (row->message != NULL)
    g_string_append_printf (out, "%s\n", row->message);
  return TRUE;
}

static AnnalistImport *
import_text (ImportFixture *f,
             const char    *kind,
             const char    *name,
             const char    *csv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, name, csv, -1);
  AnnalistImport *import = annalist_import_new_for_file (f->store, annalist_kind_lookup (kind),
                                                         path, NULL, NULL, &error);

  g_assert_no_error (error);
  return import;
}

/* The messages of a dry run. */
static char *
dry_run (AnnalistImport        *import,
         AnnalistImportSummary *summary)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_DRY_RUN, collect, out, summary, NULL, &error));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* CSV ------------------------------------------------------------------------------ */

static GPtrArray *
all_rows (AnnalistTableSource *source,
          GArray              *lines)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GError) error = NULL;
  GPtrArray *cells;
  guint line;

  while ((cells = annalist_table_source_next_row (source, &line, &error)) != NULL)
    {
      g_ptr_array_add (rows, cells);
      if (lines != NULL)
        g_array_append_val (lines, line);
    }
  g_assert_no_error (error);
  return rows;
}

#define CELL(rows, r, c) ((const char *) g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, r), c))

static void
test_csv_detection (ImportFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *utf8 = "Название;Дата\n\"Семинар; «Ёлка»\";05.06.2023\n\"Две\nстроки\";2023-06-07\n";
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", utf8, NULL);
  g_autofree char *cp1251 = NULL;
  gsize cp_length = 0;
  struct { const char *name; const char *bytes; gssize length; char separator; const char *encoding; } cases[] = {
    { "bom.csv", bom, -1, ';', "UTF-8" },
    { "plain.csv", utf8, -1, ';', "UTF-8" },
    { "cp1251.csv", NULL, 0, ';', "WINDOWS-1251" },
  };

  cp1251 = g_convert (utf8, -1, "WINDOWS-1251", "UTF-8", NULL, &cp_length, &error);
  g_assert_no_error (error);
  cases[2].bytes = cp1251;
  cases[2].length = cp_length;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (f, cases[i].name, cases[i].bytes, cases[i].length);
      g_autoptr(AnnalistTableSource) source = annalist_csv_source_open (path, NULL, &error);
      g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GPtrArray) rows = NULL;
      AnnalistCsvOptions options;

      g_assert_no_error (error);
      annalist_csv_source_get_options (source, &options);
      g_assert_cmpint (options.separator, ==, cases[i].separator);
      g_assert_cmpint (options.quote, ==, '"');
      g_assert_cmpstr (options.encoding, ==, cases[i].encoding);
      rows = all_rows (source, lines);
      g_assert_cmpuint (rows->len, ==, 3);
      g_assert_cmpstr (CELL (rows, 0, 0), ==, "Название");
      g_assert_cmpstr (CELL (rows, 1, 0), ==, "Семинар; «Ёлка»");
      g_assert_cmpstr (CELL (rows, 2, 0), ==, "Две\nстроки");
      g_assert_cmpstr (CELL (rows, 2, 1), ==, "2023-06-07");
      /* Each row knows the line it starts on. */
      g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 2);
      g_assert_cmpuint (g_array_index (lines, guint, 2), ==, 3);
    }

  /* Excel's «Unicode text»: UTF-16 with a byte order mark, tabs. */
  {
    g_autofree char *utf16 = NULL;
    g_autofree char *with_bom = NULL;
    g_autofree char *path = NULL;
    g_autoptr(AnnalistTableSource) source = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    AnnalistCsvOptions options;
    gsize length = 0;

    utf16 = g_convert ("Название\tДата\r\nЁлка\t05.06.2023\r\n", -1, "UTF-16LE", "UTF-8", NULL, &length, &error);
    g_assert_no_error (error);
    with_bom = g_malloc (length + 2);
    memcpy (with_bom, "\xFF\xFE", 2);
    memcpy (with_bom + 2, utf16, length);
    path = write_file (f, "unicode.txt", with_bom, length + 2);
    source = annalist_csv_source_open (path, NULL, &error);
    g_assert_no_error (error);
    annalist_csv_source_get_options (source, &options);
    g_assert_cmpstr (options.encoding, ==, "UTF-16");
    g_assert_cmpint (options.separator, ==, '\t');
    rows = all_rows (source, NULL);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (CELL (rows, 0, 0), ==, "Название");
    g_assert_cmpstr (CELL (rows, 1, 0), ==, "Ёлка");
  }

  /* Tabs (what Calc and Excel put on the clipboard), commas inside. */
  {
    g_autoptr(AnnalistTableSource) source =
      annalist_csv_source_new_for_text ("Название\tУчастники\r\nА, Б\t12\r\n", NULL, &error);
    g_autoptr(GPtrArray) rows = NULL;
    AnnalistCsvOptions options;

    g_assert_no_error (error);
    annalist_csv_source_get_options (source, &options);
    g_assert_cmpint (options.separator, ==, '\t');
    rows = all_rows (source, NULL);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (CELL (rows, 1, 0), ==, "А, Б");
    g_assert_cmpstr (CELL (rows, 1, 1), ==, "12");
  }
  /* Commas, with a «;» inside quotes that must not count. */
  {
    g_autoptr(AnnalistTableSource) source =
      annalist_csv_source_new_for_text ("a,b,c\n\"x;y;z\",2,3\n", NULL, &error);
    AnnalistCsvOptions options;

    g_assert_no_error (error);
    annalist_csv_source_get_options (source, &options);
    g_assert_cmpint (options.separator, ==, ',');
  }
}

/* A file of ~1.3 MB in small rows is read in chunks: many rows, all there. */
static void
test_csv_streams (ImportFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("n;text\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;
  GPtrArray *cells;
  guint n = 0, line = 0;

  for (guint i = 1; i <= 40000; i++)
    g_string_append_printf (text, "%u;строка номер %u\n", i, i);
  path = write_file (f, "big.csv", text->str, text->len);
  source = annalist_csv_source_open (path, NULL, &error);
  g_assert_no_error (error);
  while ((cells = annalist_table_source_next_row (source, &line, &error)) != NULL)
    {
      if (n > 0)
        {
          g_autofree char *expected = g_strdup_printf ("строка номер %u", n);
          g_assert_cmpstr (g_ptr_array_index (cells, 1), ==, expected);
        }
      n++;
      g_ptr_array_unref (cells);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40001);
  g_assert_cmpuint (line, ==, 40001);
}

static void
test_bad_files (ImportFixture *f,
                gconstpointer  data)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  static const char binary[] = "ID3\x03\x00\x00\x00\x00\x0f\x76garbage";
  /* Told apart by what it holds, whatever its name: a zip or an old
   * Excel file goes to the spreadsheets' reader, which says what it is. */
  static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00garbage";
  static const char ole2[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00garbage";
  struct { const char *name; const char *bytes; gssize length; const char *expected; } cases[] = {
    { "empty.csv", "", 0, "empty.csv is empty: it has no header row." },
    { "blank.csv", "\n\n;;\n", -1, "blank.csv is empty: it has no header row." },
    { "control.csv", "\x89PNG\r\n\x1a\x0b\x05\x02\x03IHDR\x01\x7f;;", -1,
      "control.csv is not a table of text (it holds control characters): tables are imported from "
      ".csv, .tsv, .txt, .ods and .xlsx files." },
    { "binary.csv", binary, sizeof binary - 1,
      "binary.csv is not a table of text (it holds NUL bytes): tables are imported from .csv, .tsv, "
      ".txt, .ods and .xlsx files." },
    { "zip.csv", zip, sizeof zip - 1,
      "The file “@” is damaged or incomplete: its zip archive has no directory (was it copied or "
      "downloaded only in part?)." },
    { "старый.xls", ole2, sizeof ole2 - 1,
      "The file “@” is in the old Excel 97–2003 format. Open it in the office suite and save it as "
      ".xlsx or .ods, then import it." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_file (f, cases[i].name, cases[i].bytes, cases[i].length);
      g_autoptr(AnnalistImport) import = annalist_import_new_for_file (f->store, event, path,
                                                                       NULL, NULL, &error);

      g_autofree char *shown = g_filename_display_basename (path);
      g_autoptr(GString) expected = g_string_new (cases[i].expected);

      g_assert_null (import);
      g_assert_nonnull (error);
      g_string_replace (expected, "@", shown, 0);
      g_assert_cmpstr (error->message, ==, expected->str);
    }

  /* A quote never closed: said when the end of the file is reached. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AnnalistImport) import = import_text (f, "event", "open.csv",
                                                    "Учебный год;Название\n2022-2023;\"Незакрытая\n2022-2023;Ещё\n");
    AnnalistImportSummary summary = { 0 };

    g_assert_false (annalist_import_run (import, ANNALIST_IMPORT_DRY_RUN, NULL, NULL, &summary, NULL, &error));
    g_assert_cmpstr (error->message, ==, "open.csv: the file ends inside a quoted cell begun on line 2.");
    annalist_import_summary_clear (&summary);
  }
}

/* A workbook saved under a name it does not have (a mail attachment
 * renamed, a download named .csv) is read as the workbook it is. */
static void
test_told_by_content (ImportFixture *f,
                      gconstpointer  data)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "sheets", "sample.xlsx", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import = NULL;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  path = write_file (f, "выгрузка.csv", contents, (gssize) length);
  import = annalist_import_new_for_file (f->store, annalist_kind_lookup ("organisation"), path,
                                         NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  /* Columns of the sheet, not one column of zip bytes. */
  g_assert_cmpuint (annalist_import_get_n_columns (import), >, 1);
}

/* Mapping ------------------------------------------------------------------------- */

static void
test_mapping (ImportFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "map.csv",
                 "«Учебный год»;ВИД МЕРОПРИЯТИЯ;Название;Дата  окончания;Количество участников;"
                 "Пропустить;kind;Что-то своё;Организации-организаторы;audience\n");
  const AnnalistKind *event = annalist_kind_lookup ("event");
  g_autofree char *text = NULL;

  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 10);
  g_assert_cmpint (annalist_import_get_mapping (import, 0), ==, annalist_kind_field_index (event, "academic_year"));
  g_assert_cmpint (annalist_import_get_mapping (import, 1), ==, annalist_kind_field_index (event, "kind_id"));
  g_assert_cmpint (annalist_import_get_mapping (import, 2), ==, annalist_kind_field_index (event, "title"));
  g_assert_cmpint (annalist_import_get_mapping (import, 3), ==, annalist_kind_field_index (event, "date_end"));
  g_assert_cmpint (annalist_import_get_mapping (import, 4), ==, annalist_kind_field_index (event, "participants"));
  g_assert_cmpint (annalist_import_get_mapping (import, 5), ==, -1);
  /* «kind» names the field the second column already has. */
  g_assert_cmpint (annalist_import_get_mapping (import, 6), ==, -1);
  g_assert_cmpint (annalist_import_get_mapping (import, 7), ==, -1);
  g_assert_cmpint (annalist_import_get_mapping (import, 8), ==, annalist_kind_field_index (event, "organisers"));
  g_assert_cmpint (annalist_import_get_mapping (import, 9), ==, annalist_kind_field_index (event, "audience_id"));

  /* Explicit: by number and by header, a label with a comma in it. */
  g_assert_true (annalist_import_parse_mapping (import, "8=Цель,Название=пропустить,7=Другие организаторы", &error));
  g_assert_no_error (error);
  g_assert_cmpint (annalist_import_get_mapping (import, 7), ==, annalist_kind_field_index (event, "goal"));
  g_assert_cmpint (annalist_import_get_mapping (import, 2), ==, -1);
  g_assert_cmpint (annalist_import_get_mapping (import, 6), ==, annalist_kind_field_index (event, "organisers_text"));
  text = annalist_import_mapping_text (import);
  g_assert_cmpstr (text, ==, "1=academic_year,2=kind_id,3=-,4=date_end,5=participants,6=-,"
                             "7=organisers_text,8=goal,9=organisers,10=audience_id");

  g_assert_false (annalist_import_parse_mapping (import, "Нет такой=Название", &error));
  g_assert_cmpstr (error->message, ==, "--mapping: map.csv has no column “Нет такой”.");
  g_clear_error (&error);
  g_assert_false (annalist_import_parse_mapping (import, "1=Цвет", &error));
  g_assert_cmpstr (error->message, ==, "--mapping: “Цвет” is not a field of «Events».");
}

/* Verdicts --------------------------------------------------------------------------- */

/* A header that is the field's name («Date» here, «Дата» in Russian):
 * the message names it once — it said «“Дата”: “Дата”: …». */
static void
test_header_named_once (ImportFixture *f,
                        gconstpointer  data)
{
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "named.csv",
                 "Учебный год;Вид мероприятия;Название;Date\n"
                 "2022-2023;Вебинар;Плохая дата;31.02.2023\n");
  AnnalistImportSummary summary = { 0 };
  g_autofree char *messages = dry_run (import, &summary);

  g_assert_cmpstr (messages, ==, "row 2: “Date” holds a date that does not exist: 31.02.2023.\n");
  annalist_import_summary_clear (&summary);
}

/* In Russian the field's sentence names the field inside («В поле «Дата»
 * — …»): the header is not said before it again. A date the calendar
 * does not have is told as a form tells it, not as a wrongly written one. */
static void
test_impossible_date_russian (ImportFixture *f,
                              gconstpointer  data)
{
  g_autofree char *previous = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autoptr(AnnalistImport) import = NULL;
  AnnalistImportSummary summary = { 0 };
  g_autofree char *messages = NULL;

  if (!use_russian ())
    return;
  import = import_text (f, "event", "impossible.csv",
                        "Учебный год;Вид мероприятия;Название;Дата\n"
                        "2022-2023;Вебинар;Плохая дата;31.02.2023\n");
  messages = dry_run (import, &summary);
  g_assert_cmpstr (messages, ==, "строка 2: В поле «Дата» — несуществующая дата: 31.02.2023.\n");
  annalist_import_summary_clear (&summary);
  setlocale (LC_ALL, "C.UTF-8");
  setlocale (LC_MESSAGES, previous);
}

static void
test_bad_rows (ImportFixture *f,
               gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Учебный год;Вид мероприятия;Название;Дата;Сроки (как в документе)\n");
  g_autofree char *long_text = NULL;
  g_autoptr(AnnalistImport) import = NULL;
  g_autofree char *messages = NULL;
  AnnalistImportSummary summary = { 0 };
  gint64 before = count (f->store, "event");

  long_text = g_strnfill (1001, 'x');
  g_string_append (csv, "2022-2023;Вебинар;Хороший;05.06.2023;\n");            /* 2 */
  g_string_append (csv, "2022-2023;Вебинар;Плохая дата;31.02.2023;\n");         /* 3 */
  g_string_append (csv, "2022-2023;Вебинар;;05.06.2023;\n");                    /* 4 */
  g_string_append (csv, "2022-2023;Вебинар;Хороший;05.06.2023;\n");            /* 5 */
  g_string_append (csv, "2022-2023;Вебинар;Короткая\n");                        /* 6 */
  g_string_append (csv, "2022-2023;Вебинар;Длинная;;;лишняя\n");                /* 7 */
  g_string_append_printf (csv, "2022-2023;Вебинар;Длинный период;;%s\n", long_text); /* 8 */
  g_string_append (csv, "2022-2023;Вебинар;С хвостом;;;\n");                    /* 9: a trailing separator */
  g_string_append (csv, "2022;Пикник;Неизвестный вид;;\n");                    /* 10 */
  g_string_append (csv, "1900-1901;Вебинар;Старый;;\n");                       /* 11 */
  import = import_text (f, "event", "events.csv", csv->str);
  messages = dry_run (import, &summary);

  g_assert_cmpstr (messages, ==,
                   "row 3, “Дата”: “Date” holds a date that does not exist: 31.02.2023.\n"
                   "row 4, “Название”: “Title” must be filled in.\n"
                   "row 5: the same as row 2 of the file: one more such record is added.\n"
                   "row 6: 3 cells where the header has 5.\n"
                   "row 7: 6 cells where the header has 5.\n"
                   "row 8, “Сроки (как в документе)”: “Period as written” is longer than 1000 characters.\n"
                   "row 10, “Вид мероприятия”: “Пикник” is not in «Event kinds».\n"
                   "row 11, “Учебный год”: “Academic year” must be an academic year such as 2022-2023.\n");
  g_assert_cmpuint (summary.n_rows, ==, 10);
  /* Row 5 repeats row 2: said, and added as one more such record (a
   * year's undated meetings may be alike in every field). */
  g_assert_cmpuint (summary.n_new, ==, 3);
  g_assert_cmpuint (summary.n_errors, ==, 7);
  g_assert_cmpuint (summary.n_written, ==, 0);
  g_assert_cmpuint (summary.values_to_create->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summary.values_to_create, 0), ==, "Event kind: Пикник");
  annalist_import_summary_clear (&summary);

  /* Rows in error: nothing is written, and a sentence says why. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (annalist_import_run (import, ANNALIST_IMPORT_NO_BACKUP, NULL, NULL, &summary, NULL, &error));
    g_assert_cmpstr (error->message, ==, "Rows in error: 7; nothing was imported from events.csv.");
    g_assert_cmpint (count (f->store, "event"), ==, before);
    annalist_import_summary_clear (&summary);
  }
  /* Only the good rows. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_SKIP_BAD | ANNALIST_IMPORT_NO_BACKUP,
                                        NULL, NULL, &summary, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (summary.n_written, ==, 3);
    g_assert_cmpint (count (f->store, "event"), ==, before + 3);
    annalist_import_summary_clear (&summary);
  }
}

static void
test_values_and_references (ImportFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) lyceum = annalist_record_new (annalist_kind_lookup ("organisation"));
  g_autoptr(AnnalistImport) import = NULL;
  g_autoptr(AnnalistRecord) event = NULL;
  g_autofree char *messages = NULL;
  AnnalistImportSummary summary = { 0 };
  GVariant *members;
  const gint64 *ids;
  gsize n_ids;
  gint64 id;

  annalist_record_set_string (lyceum, "short_name", "Лицей «Ёлочка»");
  annalist_record_set_string (lyceum, "full_name", "ГБОУ лицей «Ёлочка»");
  annalist_record_set_int (lyceum, "type_id", 1);
  annalist_record_set_string (lyceum, "number", "777");
  g_assert_true (annalist_store_insert (f->store, lyceum, &error));
  g_assert_no_error (error);

  import = import_text (f, "event", "refs.csv",
                       "Учебный год;Вид мероприятия;Название;Дата;Количество участников;Более указанного числа;"
                       "Организации-организаторы;Категория слушателей\n"
                       "2022/2023;ВЕБИНАР;Проверка;2023-06-05;Более 1 200 чел.;;"
                       "\"ЛИЦЕЙ  \"\"ЕЛОЧКА\"\"; детский сад №4;№ 777\";\n"
                       "2022-2023;Вебинар;Флаг;05.06.2023;15;да;;Новая категория\n"
                       "2022-2023;Вебинар;Без орг;05.06.2023;15;может быть;Нет такой школы;\n");
  messages = dry_run (import, &summary);
  g_assert_cmpstr (messages, ==,
                   "row 3, “Категория слушателей”: “Новая категория” is not in «Audience categories».\n"
                   "row 4, “Более указанного числа”: “More than this number” must be «да» or «нет».\n");
  annalist_import_summary_clear (&summary);

  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_SKIP_BAD | ANNALIST_IMPORT_CREATE_VALUES |
                                      ANNALIST_IMPORT_NO_BACKUP, NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 2);
  g_assert_cmpuint (summary.n_created, ==, 1);
  annalist_import_summary_clear (&summary);

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM event WHERE title = 'Проверка'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    id = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audience WHERE name = 'Новая категория'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  event = annalist_store_load (f->store, annalist_kind_lookup ("event"), id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (annalist_record_get_int (event, "participants"), ==, 1200);
  g_assert_true (g_variant_get_boolean (annalist_record_get (event, "participants_more")));
  g_assert_cmpstr (annalist_record_get_string (event, "date_start"), ==, "2023-06-05");
  g_assert_cmpint (annalist_record_get_int (event, "academic_year"), ==, 2022);
  members = annalist_record_get (event, "organisers");
  ids = g_variant_get_fixed_array (members, &n_ids, sizeof (gint64));
  /* The lyceum named twice (by name and by number) counts once. */
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[0], ==, annalist_record_get_id (lyceum));
}

/* Rating values of an indicator counted from the records: the row is
 * refused with the indicator's sentence; a typed indicator's row goes. */
static void
test_counted_indicator (ImportFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import = NULL;
  g_autofree char *messages = NULL;
  AnnalistImportSummary summary = { 0 };

  g_assert_true (annalist_store_exec (f->store,
    "INSERT INTO rating_indicator (position, name, points, source_id) VALUES"
    " (1, 'Публикации педагогов', 2, (SELECT id FROM rating_source WHERE code = 'publications')),"
    " (2, 'Самооценка', 1, NULL)", &error));
  g_assert_no_error (error);
  import = import_text (f, "rating_value", "rating.csv",
                       "Показатель;Организация;Учебный год;Значение\n"
                       "Самооценка;Детский сад № 4;2022-2023;3\n"
                       "Публикации педагогов;Детский сад № 4;2022-2023;5\n");
  messages = dry_run (import, &summary);
  g_assert_cmpstr (messages, ==,
                   "row 3, “Показатель”: The indicator “Публикации педагогов” is counted from the records: "
                   "its values are not typed.\n");
  annalist_import_summary_clear (&summary);

  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_SKIP_BAD | ANNALIST_IMPORT_NO_BACKUP,
                                      NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 1);
  g_assert_cmpint (count (f->store, "rating_value"), ==, 1);
  annalist_import_summary_clear (&summary);
}

static void
test_same_undo_dry_run (ImportFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "three.csv",
                 "Учебный год;Вид мероприятия;Название;Дата\n"
                 "2022-2023;Вебинар;Первый;01.06.2023\n"
                 "2022-2023;Вебинар;Второй;02.06.2023\n"
                 "2022-2023;Вебинар;Третий;03.06.2023\n");
  AnnalistImportSummary summary = { 0 };
  gint64 before = count (f->store, "event");
  g_autofree char *label = NULL;
  g_autofree char *messages = NULL;

  /* A dry run writes nothing. */
  messages = dry_run (import, &summary);
  g_assert_cmpstr (messages, ==, "");
  g_assert_cmpuint (summary.n_new, ==, 3);
  g_assert_cmpint (count (f->store, "event"), ==, before);
  g_assert_null (summary.backup_path);
  annalist_import_summary_clear (&summary);

  /* The import: a backup, then one step of Undo. */
  g_assert_true (annalist_import_run (import, 0, NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 3);
  g_assert_nonnull (summary.backup_path);
  g_assert_true (g_file_test (summary.backup_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (summary.label, ==, "Import from three.csv into «Events»: 3 records");
  g_assert_cmpint (count (f->store, "event"), ==, before + 3);
  annalist_import_summary_clear (&summary);

  label = annalist_store_undo_label (f->store);
  g_assert_nonnull (strstr (label, "Import from three.csv"));

  /* Again: every row is already there. */
  messages = (g_free (messages), dry_run (import, &summary));
  g_assert_cmpuint (summary.n_same, ==, 3);
  g_assert_cmpuint (summary.n_new, ==, 0);
  g_assert_nonnull (strstr (messages, "row 2: the same as the stored record “Первый”: skipped."));
  annalist_import_summary_clear (&summary);

  g_clear_pointer (&label, g_free);
  g_assert_true (annalist_store_undo (f->store, 0, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->store, "event"), ==, before);
}

static gboolean
keep_new (const AnnalistImportRow *row,
          gpointer                 user_data)
{
  if (row->verdict == ANNALIST_IMPORT_NEW)
    g_ptr_array_add (user_data, g_object_ref (row->record));
  return TRUE;
}

/* An import writes its records as a bulk of inserts: each record's
 * version, the last history row of it or its links, is the one a form
 * would read back, so that saving it over is not refused. */
static void
test_bulk_versions (ImportFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "versions.csv",
                 "Учебный год;Вид мероприятия;Название;Дата;Организации-организаторы\n"
                 "2022-2023;Вебинар;С двумя;01.06.2023;\"Детский сад № 30; Школа № 237\"\n"
                 "2022-2023;Вебинар;Без них;02.06.2023;\n"
                 "2022-2023;Вебинар;С одной;03.06.2023;Школа № 237\n");
  AnnalistImportSummary summary = { 0 };
  g_autofree char *messages = dry_run (import, &summary);

  g_assert_cmpstr (messages, ==, "");
  annalist_import_summary_clear (&summary);
  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_NO_BACKUP, keep_new, records,
                                      &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 3);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    {
      AnnalistRecord *record = g_ptr_array_index (records, i);
      g_autoptr(AnnalistRecord) stored =
        annalist_store_load (f->store, annalist_record_get_kind (record),
                             annalist_record_get_id (record), &error);

      g_assert_no_error (error);
      g_assert_cmpint (annalist_record_get_version (record), >, 0);
      g_assert_cmpint (annalist_record_get_version (record), ==, annalist_record_get_version (stored));
      /* Saved over at once: not refused as changed by someone else. */
      annalist_record_set_string (record, "notes", "Проверено");
      g_assert_true (annalist_store_update (f->store, record, &error));
      g_assert_no_error (error);
    }
  annalist_import_summary_clear (&summary);
}

/* A closed year takes no new records; a row already stored is skipped. */
static void
test_closed_year (ImportFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("report", 6);
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "closed.csv",
                 "Учебный год;Вид мероприятия;Название\n"
                 "2021-2022;Вебинар;В закрытом году\n"
                 "2022-2023;Вебинар;В открытом году\n");
  g_autofree char *messages = NULL;
  AnnalistImportSummary summary = { 0 };

  g_assert_true (annalist_closed_year_close (f->store, 2021, report, "r.odt", "r", &error));
  g_assert_no_error (error);
  messages = dry_run (import, &summary);
  g_assert_cmpuint (summary.n_errors, ==, 1);
  g_assert_cmpuint (summary.n_new, ==, 1);
  g_assert_true (g_str_has_prefix (messages, "row 2: "));
  g_assert_nonnull (strstr (messages, "2021-2022"));
  annalist_import_summary_clear (&summary);
}

static gboolean
cancel_at_second (const AnnalistImportRow *row,
                  gpointer                 data)
{
  if (row->line == 3)
    g_cancellable_cancel (data);
  return TRUE;
}

static gboolean
stop_at_first (const AnnalistImportRow *row,
               gpointer                 data)
{
  (*(guint *) data)++;
  return FALSE;
}

static void
test_cancel (ImportFixture *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "cancel.csv",
                 "Учебный год;Вид мероприятия;Название\n"
                 "2022-2023;Вебинар;Первый\n2022-2023;Вебинар;Второй\n2022-2023;Вебинар;Третий\n");
  AnnalistImportSummary summary = { 0 };
  gint64 before = count (f->store, "event");
  guint seen = 0;

  g_assert_false (annalist_import_run (import, ANNALIST_IMPORT_NO_BACKUP, cancel_at_second, cancellable,
                                       &summary, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count (f->store, "event"), ==, before);
  annalist_import_summary_clear (&summary);

  /* A preview that stops after the rows it shows writes nothing either. */
  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_NO_BACKUP, stop_at_first, &seen,
                                      &summary, NULL, NULL));
  g_assert_cmpuint (seen, ==, 1);
  g_assert_cmpuint (summary.n_written, ==, 0);
  g_assert_cmpint (count (f->store, "event"), ==, before);
  annalist_import_summary_clear (&summary);
}

/* How far a run has read, as its row callback sees it. */
typedef struct
{
  AnnalistImport *import;
  GArray         *fractions;
} Progress;

static gboolean
note_fraction (const AnnalistImportRow *row,
               gpointer                 data)
{
  Progress *progress = data;
  double fraction = annalist_import_get_fraction (progress->import);

  g_array_append_val (progress->fractions, fraction);
  return TRUE;
}

static void
test_fraction (ImportFixture *f,
               gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Учебный год;Вид мероприятия;Название\n");
  g_autoptr(AnnalistImport) import = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  AnnalistImportSummary summary = { 0 };
  Progress progress;
  double last = 0;
  guint part_way = 0;

  /* 3 000 rows: some 200 KB, read in 64 KiB chunks. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "2022-2023;Вебинар;Доля прочитанного %u\n", i);
  import = import_text (f, "event", "fraction.csv", csv->str);
  progress = (Progress) { import, fractions };

  /* No run reads: nothing to say. */
  g_assert_cmpfloat (annalist_import_get_fraction (import), ==, -1);
  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_DRY_RUN, note_fraction, &progress,
                                      &summary, NULL, NULL));
  g_assert_cmpuint (fractions->len, ==, 3000);
  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      g_assert_cmpfloat (fraction, >, 0);
      g_assert_cmpfloat (fraction, >=, last);
      g_assert_cmpfloat (fraction, <=, 1.0);
      part_way += fraction < 1.0;
      last = fraction;
    }
  /* The early rows came before the last chunk was read; the last row
   * after. */
  g_assert_cmpuint (part_way, >, 1000);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpfloat (annalist_import_get_fraction (import), ==, -1);
  annalist_import_summary_clear (&summary);
}

/* The command line ------------------------------------------------------------------- */

static void
test_command_line (ImportFixture *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (f, "cli.csv",
                                      "Учебный год;Вид мероприятия;Название;Дата\n"
                                      "2022-2023;Вебинар;Из командной строки;01.06.2023\n"
                                      "2022-2023;Вебинар;Плохая;31.02.2023\n", -1);
  g_autofree char *database = g_strconcat ("--database=", f->database, NULL);
  g_autofree char *input = g_strconcat ("--input=", path, NULL);
  gint64 before = count (f->store, "event");
  Run r;

  g_clear_object (&f->store);

  r = run (database, "--import=Мероприятия", input, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "row 3, “Дата”: “Date” holds a date that does not exist: 31.02.2023.\n"
                              "Rows in error: 1; nothing was imported from cli.csv.\n");
  g_assert_nonnull (strstr (r.out, "Rows read: 2; new: 1, already stored: 0, in error: 1; written: 0."));
  run_clear (&r);

  r = run (database, "--import=event", input, "--dry-run", "--skip-bad", NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  run_clear (&r);

  f->store = annalist_store_open (f->database, NULL);
  g_assert_cmpint (count (f->store, "event"), ==, before);
  g_clear_object (&f->store);

  r = run (database, "--import=event", input, "--skip-bad", NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  run_clear (&r);

  /* A value its dictionary lacks: the row says only that, the summary
   * names the option that adds it. */
  {
    g_autofree char *other = write_file (f, "cli-values.csv",
                                         "Учебный год;Вид мероприятия;Название\n"
                                         "2022-2023;Пикник;Из командной строки\n", -1);
    g_autofree char *other_input = g_strconcat ("--input=", other, NULL);

    r = run (database, "--import=event", other_input, "--dry-run", NULL);
    g_assert_false (g_spawn_check_wait_status (r.status, NULL));
    g_assert_cmpstr (r.err, ==, "row 2, “Вид мероприятия”: “Пикник” is not in «Event kinds».\n");
    g_assert_nonnull (strstr (r.out, "Values not in their dictionaries (--create-values adds them):\n"
                                     "  Event kind: Пикник\n"));
    run_clear (&r);
  }

  r = run (database, "--import=цвета", input, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "there is no kind of records called “цвета”"));
  run_clear (&r);

  f->store = annalist_store_open (f->database, NULL);
  g_assert_cmpint (count (f->store, "event"), ==, before + 1);
}

static void
assert_query (sqlite3    *db,
              const char *sql,
              const char *expected)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) found = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (found, "%s%s", found->len > 0 ? ";" : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (found->str, ==, expected);
}

/* Rows copied from Calc or Excel: tab-separated text with a header. */
static void
test_paste (ImportFixture *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import =
    annalist_import_new_for_text (f->store, annalist_kind_lookup ("organisation"),
                                  "Краткое название\tПолное название\tТип\tНомер\tДействует\r\n"
                                  "Школа № 900\tГБОУ школа № 900\tООУ\t900\tнет\r\n"
                                  "Сад № 901\t\"ГБДОУ \"\"Сад\"\" № 901\"\tдошкольная образовательная организация\t901\t\r\n",
                                  NULL, &error);
  AnnalistImportSummary summary = { 0 };
  gint64 before = count (f->store, "organisation");
  AnnalistCsvOptions options;

  g_assert_no_error (error);
  g_assert_cmpstr (annalist_import_get_name (import), ==, "The pasted rows");
  g_assert_true (annalist_import_get_csv_options (import, &options));
  g_assert_cmpint (options.separator, ==, '\t');
  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_NO_BACKUP, NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 2);
  g_assert_cmpint (count (f->store, "organisation"), ==, before + 2);
  annalist_import_summary_clear (&summary);

  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    assert_query (db, "SELECT full_name || '|' || type_id || '|' || active FROM organisation "
                      "WHERE number IN ('900', '901') ORDER BY number",
                  "ГБОУ школа № 900|2|0;ГБДОУ \"Сад\" № 901|1|1");
    sqlite3_close (db);
  }
}

/* Killed midway: issue 11's crash test of an import. */
static void
test_killed_import (ImportFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Учебный год;Вид мероприятия;Название;Дата;Организации-организаторы\n");
  g_autofree char *path = NULL;
  g_autofree char *database = g_strconcat ("--database=", f->database, NULL);
  g_autofree char *input = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261130);
  const char *counts_sql = "SELECT (SELECT count(*) FROM event) || '/' || (SELECT count(*) FROM event_organiser)"
                           " || '/' || (SELECT count(*) FROM change_set) || '/' || (SELECT count(*) FROM change_row)";
  g_autofree char *counts = NULL;
  g_autofree char *journal = g_strconcat (f->database, "-journal", NULL);
  guint killed = 0, n_journals = 0;

  /* Long enough that no run ends before it is killed (80 000 rows take
   * seconds; the kills come within 0.9 s). */
  for (guint i = 1; i <= 80000; i++)
    g_string_append_printf (csv, "2022-2023;Вебинар;Вебинар %u;%02u.06.2023;\"Детский сад № 4; детский сад № 6\"\n",
                            i, 1 + i % 28);
  path = write_file (f, "big.csv", csv->str, csv->len);
  input = g_strconcat ("--input=", path, NULL);
  g_clear_object (&f->store);

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, counts_sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    counts = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  for (guint cycle = 0; cycle < 6; cycle++)
    {
      const char *argv[] = { ANNALIST_BIN, database, "--import=event", input, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int status = 0;
      sqlite3 *db = NULL;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      /* Every other run is killed once it writes (its journal is there),
       * so that some kills surely come while writing, however slow the
       * build (AddressSanitizer); the others at any moment. */
      if (cycle % 2 == 1)
        for (guint waited = 0; waited < 3000 && !g_file_test (journal, G_FILE_TEST_EXISTS); waited++)
          g_usleep (10 * 1000);
      g_usleep (g_rand_int_range (rand, cycle % 2 == 1 ? 0 : 150, cycle % 2 == 1 ? 200 : 900) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
        killed++;
      else
        g_error ("the import ended by itself (status %d) before it was killed", status);

      /* A journal left behind: killed while writing. */
      if (g_file_test (journal, G_FILE_TEST_EXISTS))
        n_journals++;
      /* Opening read-write rolls a hot journal back, as the app would. */
      g_assert_cmpint (sqlite3_open_v2 (f->database, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      assert_query (db, "PRAGMA integrity_check", "ok");
      assert_query (db, "PRAGMA foreign_key_check", "");
      assert_query (db, counts_sql, counts);
      sqlite3_close (db);
    }
  g_assert_cmpuint (killed, ==, 6);
  g_test_message ("%u of 6 kills left a journal (killed while writing)", n_journals);
  g_assert_cmpuint (n_journals, >, 0);
}

/* The first column of the first row, as text. */
static char *
text_of (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* An import's records go without a savepoint each: a record whose links
 * fail after its row was written is taken back whole, the good rows go
 * on, and one Undo still takes the import back. */
static void
test_bulk_link_failure (ImportFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistImport) import =
    import_text (f, "event", "links.csv",
                 "Учебный год;Вид мероприятия;Название;Дата;Организации-организаторы\n"
                 "2022-2023;Вебинар;Первый;01.06.2023;Школа № 237\n"
                 "2022-2023;Вебинар;Сломанный;02.06.2023;\"Школа № 237; Детский сад № 30\"\n"
                 "2022-2023;Вебинар;Третий;03.06.2023;Детский сад № 30\n");
  sqlite3 *db = annalist_store_get_db (f->store);
  AnnalistImportSummary summary = { 0 };
  g_autofree char *label = NULL;
  gint64 events = count (f->store, "event");
  g_autofree char *links = text_of (db, "SELECT count(*) FROM event_organiser");
  g_autofree char *links_2 = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (links, NULL, 10) + 2);

  /* The second link of the second row fails as a disk or a constraint
   * might: after the event's row and its first link were written. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TRIGGER refuse_link BEFORE INSERT ON main.event_organiser "
                                     "WHEN (SELECT title FROM event WHERE id = NEW.event_id) = 'Сломанный' "
                                     "AND NEW.position = 1 BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (annalist_import_run (import, ANNALIST_IMPORT_SKIP_BAD | ANNALIST_IMPORT_NO_BACKUP,
                                      NULL, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_written, ==, 2);
  g_assert_cmpuint (summary.n_errors, ==, 1);
  g_assert_cmpint (count (f->store, "event"), ==, events + 2);
  assert_query (db, "SELECT count(*) FROM event WHERE title = 'Сломанный'", "0");
  assert_query (db, "SELECT count(*) FROM event_organiser", links_2);
  annalist_import_summary_clear (&summary);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER temp.refuse_link", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (annalist_store_undo (f->store, 0, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->store, "event"), ==, events);
  assert_query (db, "SELECT count(*) FROM event_organiser", links);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, ImportFixture, NULL, import_set_up, fn, import_tear_down)
  ADD ("/import/csv/detection", test_csv_detection);
  ADD ("/import/bulk-versions", test_bulk_versions);
  ADD ("/import/csv/streams", test_csv_streams);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/told-by-content", test_told_by_content);
  ADD ("/import/mapping", test_mapping);
  ADD ("/import/bad-rows", test_bad_rows);
  ADD ("/import/header-named-once", test_header_named_once);
  ADD ("/import/impossible-date-russian", test_impossible_date_russian);
  ADD ("/import/values-and-references", test_values_and_references);
  ADD ("/import/counted-indicator", test_counted_indicator);
  ADD ("/import/same-undo-dry-run", test_same_undo_dry_run);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/bulk-link-failure", test_bulk_link_failure);
  ADD ("/import/fraction", test_fraction);
  ADD ("/import/closed-year", test_closed_year);
  ADD ("/import/paste", test_paste);
  ADD ("/import/command-line", test_command_line);
  ADD ("/import/killed", test_killed_import);
#undef ADD
  return g_test_run ();
}
