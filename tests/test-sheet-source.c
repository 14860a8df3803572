/* test-sheet-source.c — spreadsheets read row by row for the import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/sheets/sample.fods was converted by LibreOffice into
 * sample.ods and sample.xlsx (see regenerate.sh there): the same two
 * sheets in both formats, with Cyrillic text, a date, decimals, a
 * formula, a merged area, a gap, repeated cells and a million repeated
 * empty rows. Both must read to the same rows — but for what each
 * format keeps of a number (ODS: the text shown; XLSX: the value).
 * Damaged files are made here, and each is refused with a sentence
 * that names the file.
 */

#define G_LOG_DOMAIN "test-sheet-source"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>

#include "annalist-error.h"
#include "annalist-table-source.h"
#include "temp-tree.h"
#include "zip-parts.h"

typedef struct
{
  guint       line;
  const char *cells[6];  /* NULL-terminated */
} Row;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sheets", name, NULL);
}

/* Reads the whole sheet and compares it with @expected. */
static void
assert_rows (const char *path,
             const char *sheet,
             const Row  *expected,
             guint       n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = annalist_sheet_source_open (path, sheet, &error);
  guint n = 0;
  double fraction = 0;

  g_assert_no_error (error);
  g_assert_nonnull (source);
  g_assert_nonnull (source->name);

  for (;;)
    {
      guint line = 0;
      g_autoptr(GPtrArray) row = annalist_table_source_next_row (source, &line, &error);
      guint n_cells = 0;
      double now = annalist_table_source_get_fraction (source);

      /* The part read so far, for a progress bar: it only grows, and
       * is the whole part at the end. */
      g_assert_cmpfloat (now, >=, fraction);
      g_assert_cmpfloat (now, <=, 1.0);
      fraction = now;
      g_assert_no_error (error);
      if (row == NULL)
        {
          g_assert_cmpfloat (fraction, ==, 1.0);
          break;
        }
      g_assert_cmpuint (n, <, n_expected);
      g_assert_cmpuint (line, ==, expected[n].line);
      while (expected[n].cells[n_cells] != NULL)
        n_cells++;
      for (guint i = 0; i < MIN (row->len, n_cells); i++)
        g_assert_cmpstr (g_ptr_array_index (row, i), ==, expected[n].cells[i]);
      g_assert_cmpuint (row->len, ==, n_cells);
      n++;
    }
  g_assert_cmpuint (n, ==, n_expected);

  /* And stays at its end. */
  {
    guint line = 99;
    GPtrArray *row = annalist_table_source_next_row (source, &line, &error);

    g_assert_no_error (error);
    g_assert_null (row);
  }
}

static void
assert_sheets (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sheets = annalist_sheet_source_list_sheets (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sheets);
  g_assert_cmpuint (g_strv_length (sheets), ==, 2);
  g_assert_cmpstr (sheets[0], ==, "Организации");
  g_assert_cmpstr (sheets[1], ==, "Второй лист");
}

static void
test_list_sheets (void)
{
  assert_sheets ("sample.ods");
  assert_sheets ("sample.xlsx");
}

/* ODS gives the text each cell shows: LibreOffice wrote "3,50" for the
 * number formatted with two decimals, "0.25" for the one without. */
static const Row ods_first[] = {
  { 1, { "Номер", "Название", "Дата", "Сумма", "Итого", NULL } },
  { 2, { "1", "Школа № 1 «Ёлочка»", "05.06.2023", "3,50", "7,00", NULL } },
  /* Two empty cells between (one repeated element), none after. */
  { 3, { "2", "", "", "10", "после пропуска", NULL } },
  /* A merged area: its value in its first cell, the covered one empty. */
  { 4, { "3", "Объединённая ячейка", "", "0.25", NULL } },
  /* Rows 5–7 are empty; so are the 1 048 566 after this one. */
  { 8, { "Первая строка\nВторая   строка", "повтор", "повтор", NULL } },
};

/* XLSX gives values: the date by its format, the formula's cached
 * result, numbers as stored. */
static const Row xlsx_first[] = {
  { 1, { "Номер", "Название", "Дата", "Сумма", "Итого", NULL } },
  { 2, { "1", "Школа № 1 «Ёлочка»", "05.06.2023", "3.5", "7", NULL } },
  /* C3 and B3 are not in the file at all. */
  { 3, { "2", "", "", "10", "после пропуска", NULL } },
  { 4, { "3", "Объединённая ячейка", "", "0.25", NULL } },
  /* Rows 5–7 are there, their cells styled and empty. */
  { 8, { "Первая строка\nВторая   строка", "повтор", "повтор", NULL } },
};

static const Row second[] = {
  { 1, { "Лист два", NULL } },
  { 2, { "42", "1", NULL } },
};

static void
test_ods_rows (void)
{
  g_autofree char *path = data_path ("sample.ods");

  assert_rows (path, NULL, ods_first, G_N_ELEMENTS (ods_first));
  assert_rows (path, "Организации", ods_first, G_N_ELEMENTS (ods_first));
  assert_rows (path, "Второй лист", second, G_N_ELEMENTS (second));
}

static void
test_xlsx_rows (void)
{
  g_autofree char *path = data_path ("sample.xlsx");

  assert_rows (path, NULL, xlsx_first, G_N_ELEMENTS (xlsx_first));
  assert_rows (path, "Второй лист", second, G_N_ELEMENTS (second));
}

/* ------------------------------------------------------------------ */
/* Made here                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *content;
} Part;

static void
write_zip (const char *path,
           const Part *parts,
           guint       n_parts)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_parts; i++)
    {
      g_auto(GStrv) names = g_strsplit (parts[i].name, "/", -1);
      GsfOutfile *dir = GSF_OUTFILE (g_object_ref (zip));
      GsfOutput *child;
      guint n = g_strv_length (names);

      /* Folders are children too. */
      for (guint j = 0; j + 1 < n; j++)
        {
          GsfOutput *sub = gsf_outfile_new_child (dir, names[j], TRUE);

          g_object_unref (dir);
          dir = GSF_OUTFILE (sub);
        }
      child = gsf_outfile_new_child (dir, names[n - 1], FALSE);
      g_assert_true (gsf_output_write (child, strlen (parts[i].content),
                                       (const guint8 *) parts[i].content));
      g_assert_true (gsf_output_close (child));
      g_object_unref (child);
      if (dir != zip)
        gsf_output_close (GSF_OUTPUT (dir));
      g_object_unref (dir);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_object_unref (sink);
}

typedef DirFixture Fixture;

/* Opening @path fails with a sentence holding the file's name and each
 * of @words. */
static void
assert_refused (const char *path,
                const char *sheet,
                const char * const *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = annalist_sheet_source_open (path, sheet, &error);
  g_autofree char *display = g_filename_display_basename (path);

  g_assert_null (source);
  g_assert_nonnull (error);
  g_assert_true (error->domain == ANNALIST_ERROR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, display));
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (error->message, words[i]) == NULL)
      g_error ("“%s” not in “%s”", words[i], error->message);
  /* Ends a sentence. */
  g_assert_true (g_str_has_suffix (error->message, "."));
}

/* Reading @path fails after the rows @good with a sentence holding @words. */
static void
assert_fails_after (const char         *path,
                    guint               good,
                    const char * const *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = annalist_sheet_source_open (path, NULL, &error);
  g_autofree char *display = g_filename_display_basename (path);
  guint n = 0;

  g_assert_no_error (error);
  for (;;)
    {
      guint line;
      g_autoptr(GPtrArray) row = annalist_table_source_next_row (source, &line, &error);

      if (row == NULL)
        break;
      n++;
    }
  g_assert_cmpuint (n, ==, good);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, display));
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (error->message, words[i]) == NULL)
      g_error ("“%s” not in “%s”", words[i], error->message);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  const char *name = data;
  g_autofree char *source = data_path (name);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, len / 2, &error);
  g_assert_no_error (error);

  assert_refused (path, NULL, (const char *[]) { "damaged or incomplete", NULL });
  g_assert_null (annalist_sheet_source_list_sheets (path, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
}

/* Every row of the sheet at @path, a line each, cells between tabs;
 * NULL with @error when the reading is refused. */
static char *
all_rows (const char  *path,
          GError     **error)
{
  g_autoptr(AnnalistTableSource) table = annalist_sheet_source_open (path, NULL, error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (table == NULL)
    return NULL;
  for (;;)
    {
      guint line;
      g_autoptr(GPtrArray) row = annalist_table_source_next_row (table, &line, error);

      if (row == NULL)
        break;
      g_string_append_printf (text, "%u", line);
      for (guint i = 0; i < row->len; i++)
        g_string_append_printf (text, "\t%s", (const char *) g_ptr_array_index (row, i));
      g_string_append_c (text, '\n');
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* One byte of a part changed where its XML stays well-formed: a number
 * 100 become 900. Stored, the data read as they are; the part's CRC-32
 * refuses them, when the rows have been read (the import writes nothing
 * then) or, for the texts an .xlsx reads first, when it is opened. */
static void
test_changed_part (Fixture       *fixture,
                   gconstpointer  data)
{
  gboolean ods = g_str_equal (data, "ods");
  g_autofree char *path = g_build_filename (fixture->dir, ods ? "changed.ods" : "changed.xlsx", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  const char *part = ods ? "content.xml" : "xl/sharedStrings.xml";
  g_autofree char *words = g_strdup_printf ("is damaged: its part “%s” cannot be read.", part);
  GsfOutfile *zip = zip_create (path);
  gsize length, at = 0;

  if (ods)
    {
      zip_put_stored (zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
      zip_put_stored (zip, "content.xml",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                      "<office:body><office:spreadsheet><table:table table:name=\"Лист1\">"
                      "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Число</text:p>"
                      "</table:table-cell></table:table-row>"
                      "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"100\">"
                      "<text:p>100</text:p></table:table-cell></table:table-row></table:table>"
                      "<table:table table:name=\"Лист2\"/></office:spreadsheet></office:body>"
                      "</office:document-content>");
    }
  else
    {
      xlsx_put_workbook (zip, "<Relationship Id=\"rId2\" "
                         "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
                         "Target=\"sharedStrings.xml\"/>");
      zip_put_stored (zip, "xl/sharedStrings.xml",
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                      "<si><t>Число</t></si><si><t>100</t></si></sst>");
      zip_put_part (zip, "xl/worksheets/sheet1.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>");
    }
  zip_close (zip);

  /* Intact, it reads. */
  rows = all_rows (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==, "1\tЧисло\n2\t100\n");

  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  while (at + 3 <= length && memcmp (bytes + at, "100", 3) != 0)
    at++;
  g_assert_cmpuint (at + 3, <=, length);
  bytes[at] = '9';
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));

  g_assert_null (all_rows (path, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

/* A workbook damaged 150 ways by a fixed seed (bytes flipped, cut
 * short, a part's header spoilt): each is refused, when opened or at a
 * row, in one sentence that names the file, or read to its end with the
 * very rows of the file intact; nothing reaches stderr. */
static void
test_damaged_many (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *name = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  g_autofree char *source = data_path (name);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree guint8 *intact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  guint refused = 0;
  gsize length;

  g_file_get_contents (source, (char **) &intact, &length, &error);
  g_assert_no_error (error);
  rows = all_rows (source, &error);
  g_assert_no_error (error);

  zip_expect_silence ();
  for (guint v = 0; v < 150; v++)
    {
      g_autofree guint8 *bytes = g_memdup2 (intact, length);
      g_autofree char *got = NULL;
      gsize n = length;
      g_autoptr(GError) why = NULL;

      zip_damage (rand, v, bytes, &n);
      g_file_set_contents (path, (const char *) bytes, n, &error);
      g_assert_no_error (error);
      got = all_rows (path, &why);
      if (why == NULL)
        {
          /* Never other values than the file's. */
          if (g_strcmp0 (got, rows) != 0)
            g_error ("variant %u read other rows than the file's", v);
          continue;
        }
      refused++;
      if (!g_utf8_validate (why->message, -1, NULL) || strchr (why->message, '\n') != NULL ||
          !g_str_has_suffix (why->message, ".") || strstr (why->message, display) == NULL)
        g_error ("variant %u: not one sentence naming the file: %s", v, why->message);
    }
  zip_end_silence ();
  g_test_message ("%u of 150 refused", refused);
  /* Most damage is seen; what is not left the data whole (a date, a
   * header's signature: libzip checks the data by their CRC-32). */
  g_assert_cmpuint (refused, >, 75);
}

/* The zip's directory intact, a part's compressed data spoilt: the
 * fault shows while the rows are read. */
static void
test_spoilt_part (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char name[] = "xl/worksheets/sheet1.xml";
  g_autofree char *source = data_path ("sample.xlsx");
  g_autofree char *path = g_build_filename (fixture->dir, "spoilt.xlsx", NULL);
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) table = NULL;
  const guint8 *header = NULL;
  gsize len, start;
  guint32 compressed;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  /* The part's entry in the directory: compressed size at 20, the
   * local header's offset at 42, the name at 46 (LibreOffice leaves the
   * sizes out of the local header). */
  for (gsize i = 0; i + 46 + sizeof name - 1 < len && header == NULL; i++)
    if (memcmp (contents + i, "PK\001\002", 4) == 0
        && memcmp (contents + i + 46, name, sizeof name - 1) == 0)
      header = (const guint8 *) contents + i;
  g_assert_nonnull (header);
  compressed = header[20] | header[21] << 8 | header[22] << 16 | (guint32) header[23] << 24;
  start = header[42] | header[43] << 8 | header[44] << 16 | (gsize) header[45] << 24;
  g_assert_cmpuint (start + 30, <, len);
  header = (const guint8 *) contents + start;
  start += 30 + (header[26] | header[27] << 8) + (header[28] | header[29] << 8);
  g_assert_cmpuint (compressed, >, 600);
  /* Its middle overwritten; its start (the first rows) left readable. */
  for (gsize i = start + compressed / 2; i < start + compressed / 2 + 200; i++)
    contents[i] = (char) (i * 37);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  table = annalist_sheet_source_open (path, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      guint line;
      g_autoptr(GPtrArray) row = annalist_table_source_next_row (table, &line, &error);

      if (row == NULL)
        break;
    }
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, display));
  g_assert_nonnull (strstr (error->message, "damaged"));
}

static void
test_not_a_zip (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "организации.xlsx", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.ods", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.ods", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text, "Номер;Название\n1;Школа\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);

  assert_refused (text, NULL, (const char *[]) { "not a zip archive", NULL });
  assert_refused (empty, NULL, (const char *[]) { "empty", NULL });
  assert_refused (missing, NULL, (const char *[]) { "cannot be opened", NULL });
}

static void
test_no_such_sheet (void)
{
  g_autofree char *ods = data_path ("sample.ods");
  g_autofree char *xlsx = data_path ("sample.xlsx");
  g_autoptr(GError) error = NULL;
  AnnalistTableSource *source;

  assert_refused (ods, "Лист3", (const char *[]) { "no sheet", "Лист3", NULL });
  assert_refused (xlsx, "Лист3", (const char *[]) { "no sheet", "Лист3", NULL });
  source = annalist_sheet_source_open (xlsx, "Лист3", &error);
  g_assert_null (source);
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND);
}

static void
test_other_zips (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (fixture->dir, "archive.xlsx", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "letter.ods", NULL);
  g_autofree char *no_workbook = g_build_filename (fixture->dir, "rels-only.xlsx", NULL);
  const Part archive[] = { { "readme.txt", "hello" } };
  const Part odt[] = {
    { "mimetype", "application/vnd.oasis.opendocument.text" },
    { "content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>" },
  };
  /* The workbook without its relationships. */
  const Part broken[] = {
    { "xl/workbook.xml", "<workbook><sheets><sheet name=\"A\" r:id=\"rId1\" "
                         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>"
                         "</sheets></workbook>" },
  };

  /* A document type only serves to declare entities: refused. */
  const Part entities[] = {
    { "xl/workbook.xml", "<!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                         "<workbook><sheets><sheet name=\"&b;\" r:id=\"rId1\" "
                         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>"
                         "</sheets></workbook>" },
    { "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/></Relationships>" },
  };
  g_autofree char *doctype = g_build_filename (fixture->dir, "doctype.xlsx", NULL);

  write_zip (doctype, entities, G_N_ELEMENTS (entities));
  assert_refused (doctype, NULL, (const char *[]) { "xl/workbook.xml", "document type", NULL });
  write_zip (plain, archive, G_N_ELEMENTS (archive));
  write_zip (text, odt, G_N_ELEMENTS (odt));
  write_zip (no_workbook, broken, G_N_ELEMENTS (broken));

  assert_refused (plain, NULL, (const char *[]) { "not a spreadsheet", "content.xml", "xl/workbook.xml", NULL });
  assert_refused (text, NULL, (const char *[]) { "not a spreadsheet", NULL });
  assert_refused (no_workbook, NULL, (const char *[]) { "xl/_rels/workbook.xml.rels", "missing", NULL });
}

#define ODS_HEAD \
  "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">" \
  "<office:body><office:spreadsheet><table:table table:name=\"Лист1\">"
#define ODS_ROW(text) \
  "<table:table-row><table:table-cell><text:p>" text "</text:p></table:table-cell></table:table-row>"

static void
test_malformed_xml (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ods = g_build_filename (fixture->dir, "broken.ods", NULL);
  g_autofree char *xlsx = g_build_filename (fixture->dir, "broken.xlsx", NULL);
  const Part ods_parts[] = {
    { "mimetype", "application/vnd.oasis.opendocument.spreadsheet" },
    /* The third row's cell is never closed. */
    { "content.xml", ODS_HEAD ODS_ROW ("один") ODS_ROW ("два")
                     "<table:table-row><table:table-cell><text:p>три</text:p></table:table-row>"
                     "</table:table></office:spreadsheet></office:body></office:document-content>" },
  };
  const Part xlsx_parts[] = {
    { "xl/workbook.xml",
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"Лист1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
    { "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/></Relationships>" },
    /* Inline texts, no shared ones, no styles; row 2 is cut off. */
    { "xl/worksheets/sheet1.xml",
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>один</t></is></c><c r=\"C1\"><v>5</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>два</t></is></c></row" },
  };

  write_zip (ods, ods_parts, G_N_ELEMENTS (ods_parts));
  write_zip (xlsx, xlsx_parts, G_N_ELEMENTS (xlsx_parts));

  assert_fails_after (ods, 2, (const char *[]) { "after row 2", "content.xml", "not well-formed",
                                                 "the element “table-cell” opened on line 1 is closed as “table-row”",
                                                 NULL });
  assert_fails_after (xlsx, 1, (const char *[]) { "after row 2", "xl/worksheets/sheet1.xml", "not well-formed", NULL });
}

static void
test_ole2 (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *encrypted = g_build_filename (fixture->dir, "secret.xlsx", NULL);
  g_autofree char *xls = g_build_filename (fixture->dir, "old.xlsx", NULL);

  /* What LibreOffice writes for a spreadsheet with a password: the
   * manifest in clear, the parts ciphered. */
  const Part ods_parts[] = {
    { "mimetype", "application/vnd.oasis.opendocument.spreadsheet" },
    { "META-INF/manifest.xml",
      "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
      "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
      "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\" manifest:size=\"4242\">"
      "<manifest:encryption-data manifest:checksum-type=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k\" manifest:checksum=\"AAAA\">"
      "<manifest:algorithm manifest:algorithm-name=\"http://www.w3.org/2001/04/xmlenc#aes256-cbc\" manifest:initialisation-vector=\"AAAA\"/>"
      "</manifest:encryption-data></manifest:file-entry></manifest:manifest>" },
    { "content.xml", "\x8f\x13\xa7garbage\x01\x02" },
  };
  g_autofree char *ods = g_build_filename (fixture->dir, "secret.ods", NULL);
  g_autoptr(GError) error = NULL;

  write_zip (ods, ods_parts, G_N_ELEMENTS (ods_parts));
  /* What Office writes for a workbook with a password. */
  ole2_write (encrypted, (const char *[]) { "EncryptionInfo", "EncryptedPackage", NULL });
  ole2_write (xls, (const char *[]) { "Workbook", NULL });

  assert_refused (encrypted, NULL, (const char *[]) { "password", NULL });
  assert_refused (ods, NULL, (const char *[]) { "password", NULL });
  g_assert_null (annalist_sheet_source_list_sheets (ods, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  assert_refused (xls, NULL, (const char *[]) { "97–2003", NULL });
}

/* Texts in runs, escapes, dates in 1904, booleans, errors, a cell
 * reference beyond Z, rows without references. */
static void
test_xlsx_values (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "values.xlsx", NULL);
  const Part parts[] = {
    { "xl/workbook.xml",
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<workbookPr date1904=\"1\"/>"
      "<sheets><sheet name=\"Диаграмма\" sheetId=\"2\" r:id=\"rId2\"/>"
      "<sheet name=\"Данные\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
    { "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"/xl/worksheets/data.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet\" "
      "Target=\"chartsheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
      "Target=\"./worksheets/../strings.xml\"/>"
      "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
      "Target=\"styles.xml\"/></Relationships>" },
    { "xl/strings.xml",
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>простой</t></si>"
      "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Жирный </t></r><r><t>и нет</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ヨミ</t></rPh></si>"
      "<si><t>строка_x000D_\nвторая</t></si></sst>" },
    { "xl/styles.xml",
      "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<numFmts><numFmt numFmtId=\"164\" formatCode=\"[$-419]DD\\.MM\\.YYYY\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot;р.&quot;\"/></numFmts>"
      "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
      /* Not the cells' formats: those of conditional formatting. */
      "<dxfs><dxf><numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy\"/></dxf></dxfs>"
      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"22\"/></cellXfs></styleSheet>" },
    { "xl/worksheets/data.xml",
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>"
      /* 1904 system: day 0 is 01.01.1904. */
      "<row><c s=\"1\"><v>0</v></c><c s=\"2\"><v>43620</v></c><c s=\"3\"><v>1234.5</v></c>"
      "<c s=\"4\"><v>43620.5</v></c></row>"
      "<row r=\"5\"><c r=\"A5\" t=\"b\"><v>1</v></c><c r=\"B5\" t=\"b\"><v>0</v></c>"
      "<c r=\"C5\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"D5\" t=\"str\"><f>A1&amp;\"!\"</f><v>простой!</v></c>"
      "<c r=\"AB5\"><v>0.30000000000000004</v></c></row>"
      "<row r=\"6\"><c r=\"B6\" t=\"d\"><v>2023-06-05T00:00:00</v></c></row>"
      "</sheetData></worksheet>" },
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sheets = NULL;
  Row expected[] = {
    { 1, { "простой", "Жирный и нет", "строка\nвторая", NULL } },
    { 2, { "01.01.1904", "05.06.2023", "1234.5", "05.06.2023 12:00", NULL } },
    { 5, { "true", "false", "#DIV/0!", "простой!", NULL } },
    { 6, { "", "05.06.2023", NULL } },
  };
  g_autoptr(AnnalistTableSource) source = NULL;
  guint line;
  g_autoptr(GPtrArray) row = NULL;

  write_zip (path, parts, G_N_ELEMENTS (parts));

  /* The chart sheet has no cells: not offered. */
  sheets = annalist_sheet_source_list_sheets (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sheets), ==, 1);
  g_assert_cmpstr (sheets[0], ==, "Данные");

  /* Row 5 goes on to AB: checked apart. */
  source = annalist_sheet_source_open (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint n = 0;

      g_clear_pointer (&row, g_ptr_array_unref);
      row = annalist_table_source_next_row (source, &line, &error);
      g_assert_no_error (error);
      g_assert_nonnull (row);
      g_assert_cmpuint (line, ==, expected[i].line);
      for (; expected[i].cells[n] != NULL; n++)
        g_assert_cmpstr (g_ptr_array_index (row, n), ==, expected[i].cells[n]);
      if (line == 5)
        {
          g_assert_cmpuint (row->len, ==, 28);
          g_assert_cmpstr (g_ptr_array_index (row, 26), ==, "");
          g_assert_cmpstr (g_ptr_array_index (row, 27), ==, "0.3");
        }
      else
        g_assert_cmpuint (row->len, ==, n);
    }
  g_clear_pointer (&row, g_ptr_array_unref);
  row = annalist_table_source_next_row (source, &line, &error);
  g_assert_no_error (error);
  g_assert_null (row);
}

/* A cell's paragraphs, spaces, tabs and line breaks; a comment and a
 * covered cell's leftover text are not its value; a value shown as
 * nothing gives the stored one, and so does a date or a boolean however
 * it is shown; a row of content repeated is handed out each time with
 * its own number. */
static void
test_ods_values (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "values.ods", NULL);
  const Part parts[] = {
    { "mimetype", "application/vnd.oasis.opendocument.spreadsheet" },
    { "content.xml",
      ODS_HEAD
      "<table:table-header-rows><table:table-row><table:table-cell>"
      "<office:annotation><text:p>комментарий</text:p></office:annotation>"
      "<text:p>а<text:s text:c=\"3\"/>б<text:tab/>в<text:line-break/>г</text:p><text:p/><text:p>д</text:p>"
      "</table:table-cell></table:table-row></table:table-header-rows>"
      "<table:table-row table:number-rows-repeated=\"3\">"
      "<table:table-cell office:value-type=\"date\" office:date-value=\"2023-06-05T10:00:00\"/>"
      "<table:covered-table-cell><text:p>скрытое</text:p></table:covered-table-cell>"
      "<table:table-cell office:value-type=\"float\" office:value=\"2.5\"/>"
      "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"false\"><text:p></text:p></table:table-cell>"
      "<table:table-cell table:number-columns-repeated=\"16000\"/>"
      "</table:table-row>"
      /* A date and a boolean as LibreOffice shows them in Russian. */
      "<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2023-06-05\">"
      "<text:p>5 июня 2023 г.</text:p></table:table-cell>"
      "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>ИСТИНА</text:p></table:table-cell>"
      "<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25,00%</text:p></table:table-cell>"
      "</table:table-row>"
      "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
      "</table:table></office:spreadsheet></office:body></office:document-content>" },
  };
  const Row expected[] = {
    { 1, { "а   б\tв\nг\n\nд", NULL } },
    { 2, { "05.06.2023", "", "2.5", "false", NULL } },
    { 3, { "05.06.2023", "", "2.5", "false", NULL } },
    { 4, { "05.06.2023", "", "2.5", "false", NULL } },
    /* But a number as it is shown. */
    { 5, { "05.06.2023", "true", "25,00%", NULL } },
  };

  write_zip (path, parts, G_N_ELEMENTS (parts));
  assert_rows (path, NULL, expected, G_N_ELEMENTS (expected));
}

/* In Russian, as the user reads it. */
static void
test_russian (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "текст.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;

  if (!use_russian ())
    return;
  g_file_set_contents (path, "просто текст", -1, &error);
  g_assert_no_error (error);
  source = annalist_sheet_source_open (path, NULL, &error);
  g_assert_null (source);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "текст.xlsx"));
  g_assert_nonnull (strstr (error->message, "не"));
}

/* Read ahead in a thread: the same rows and lines as read directly, the
 * fault after the good rows, and a reader freed early stops its thread. */
static void
test_read_ahead (void)
{
  g_autoptr(GString) csv = g_string_new ("Название;Число\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) direct = NULL;
  g_autoptr(AnnalistTableSource) ahead = NULL;
  GPtrArray *row;
  guint line = 0, ahead_line = 0, n = 0;

  for (guint i = 1; i <= 1500; i++)
    g_string_append_printf (csv, i % 7 == 0 ? "\"Строка\n%u\";%u\n" : "Строка %u;%u\n", i, i * 3);
  g_string_append (csv, "\"Открытая кавычка;1\n");

  direct = annalist_csv_source_new_for_text (csv->str, NULL, &error);
  g_assert_no_error (error);
  ahead = annalist_table_source_read_ahead (annalist_csv_source_new_for_text (csv->str, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ahead->name, ==, direct->name);
  while ((row = annalist_table_source_next_row (direct, &line, &error)) != NULL)
    {
      g_autoptr(GPtrArray) other = annalist_table_source_next_row (ahead, &ahead_line, NULL);

      g_assert_nonnull (other);
      g_assert_cmpuint (ahead_line, ==, line);
      g_assert_cmpuint (other->len, ==, row->len);
      for (guint c = 0; c < row->len; c++)
        g_assert_cmpstr (g_ptr_array_index (other, c), ==, g_ptr_array_index (row, c));
      g_ptr_array_unref (row);
      n++;
    }
  g_assert_cmpuint (n, ==, 1501);
  g_assert_nonnull (error);
  {
    g_autoptr(GError) ahead_error = NULL;

    g_assert_null (annalist_table_source_next_row (ahead, &ahead_line, &ahead_error));
    g_assert_nonnull (ahead_error);
    g_assert_cmpstr (ahead_error->message, ==, error->message);
    /* And it stays at its end. */
    g_assert_null (annalist_table_source_next_row (ahead, &ahead_line, NULL));
  }
  g_assert_cmpfloat (annalist_table_source_get_fraction (ahead), ==, 1.0);

  /* Freed after three rows, with the thread still reading. */
  {
    AnnalistTableSource *early =
      annalist_table_source_read_ahead (annalist_csv_source_new_for_text (csv->str, NULL, NULL));

    for (guint i = 0; i < 3; i++)
      g_ptr_array_unref (annalist_table_source_next_row (early, &line, NULL));
    annalist_table_source_free (early);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sheet-source/list-sheets", test_list_sheets);
  g_test_add_func ("/sheet-source/read-ahead", test_read_ahead);
  g_test_add_func ("/sheet-source/ods-rows", test_ods_rows);
  g_test_add_func ("/sheet-source/xlsx-rows", test_xlsx_rows);
  g_test_add_func ("/sheet-source/no-such-sheet", test_no_such_sheet);
  g_test_add ("/sheet-source/ods-values", Fixture, NULL,
              dir_fixture_set_up, test_ods_values, dir_fixture_tear_down);
  g_test_add ("/sheet-source/xlsx-values", Fixture, NULL,
              dir_fixture_set_up, test_xlsx_values, dir_fixture_tear_down);
  g_test_add ("/sheet-source/truncated-ods", Fixture, "sample.ods",
              dir_fixture_set_up, test_truncated, dir_fixture_tear_down);
  g_test_add ("/sheet-source/truncated-xlsx", Fixture, "sample.xlsx",
              dir_fixture_set_up, test_truncated, dir_fixture_tear_down);
  g_test_add ("/sheet-source/changed-part-ods", Fixture, "ods",
              dir_fixture_set_up, test_changed_part, dir_fixture_tear_down);
  g_test_add ("/sheet-source/changed-part-xlsx", Fixture, "xlsx",
              dir_fixture_set_up, test_changed_part, dir_fixture_tear_down);
  g_test_add ("/sheet-source/damaged-many-ods", Fixture, "sample.ods",
              dir_fixture_set_up, test_damaged_many, dir_fixture_tear_down);
  g_test_add ("/sheet-source/damaged-many-xlsx", Fixture, "sample.xlsx",
              dir_fixture_set_up, test_damaged_many, dir_fixture_tear_down);
  g_test_add ("/sheet-source/spoilt-part", Fixture, NULL,
              dir_fixture_set_up, test_spoilt_part, dir_fixture_tear_down);
  g_test_add ("/sheet-source/not-a-zip", Fixture, NULL,
              dir_fixture_set_up, test_not_a_zip, dir_fixture_tear_down);
  g_test_add ("/sheet-source/other-zips", Fixture, NULL,
              dir_fixture_set_up, test_other_zips, dir_fixture_tear_down);
  g_test_add ("/sheet-source/malformed-xml", Fixture, NULL,
              dir_fixture_set_up, test_malformed_xml, dir_fixture_tear_down);
  g_test_add ("/sheet-source/password", Fixture, NULL,
              dir_fixture_set_up, test_ole2, dir_fixture_tear_down);
  /* Last: it changes the locale. */
  g_test_add ("/sheet-source/russian", Fixture, NULL,
              dir_fixture_set_up, test_russian, dir_fixture_tear_down);

  return g_test_run ();
}
