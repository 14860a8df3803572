/* test-list-export.c — a list as .csv, .ods and text, from the library
 * and from the command line
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-list-export.h"
#include "annalist-record.h"
#include "odf-check.h"
#include "temp-tree.h"

static char *dir;
static char *database;
static AnnalistStore *store;

#define BOM "\xEF\xBB\xBF"

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static GListModel *
events_2022 (void)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  GListModel *rows;

  query.year = 2022;
  rows = annalist_store_list (store, annalist_kind_lookup ("event"), &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 5);
  return rows;
}

/* The header row: the fields' labels in the language of the messages. */
static char *
header_of (const AnnalistKind *kind,
           GArray             *fields,
           const char         *separator)
{
  g_autoptr(GString) header = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      const char *label = _(kind->fields[g_array_index (fields, guint, i)].label);
      /* A CSV quotes a label with a comma. */
      gboolean quote = g_str_equal (separator, ",") && strchr (label, ',') != NULL;

      g_string_append_printf (header, "%s%s%s%s", i ? separator : "", quote ? "\"" : "",
                              label, quote ? "\"" : "");
    }
  return g_string_free (g_steal_pointer (&header), FALSE);
}

static void
test_csv_events (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  g_autoptr(GListModel) rows = events_2022 ();
  g_autoptr(GArray) fields = annalist_list_export_all_fields (kind);
  g_autofree char *path = g_build_filename (dir, "Мероприятия 2022-2023.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *header = NULL;
  g_autofree char *expected_head = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) first = NULL;
  g_autofree char *date = NULL;

  if (!use_russian ())
    return;

  /* Hidden fields are left out, every other one is in. */
  for (guint i = 0; i < kind->n_fields; i++)
    {
      gboolean in = FALSE;

      for (guint j = 0; j < fields->len; j++)
        in = in || g_array_index (fields, guint, j) == i;
      g_assert_true (in == !(kind->fields[i].flags & ANNALIST_FIELD_HIDDEN));
    }

  g_assert_true (annalist_list_export_write (store, kind, rows, fields, path, &error));
  g_assert_no_error (error);
  text = read_text (path);

  /* UTF-8 with a BOM, the Russian labels, CRLF. */
  g_assert_true (g_str_has_prefix (text, BOM));
  header = header_of (kind, fields, ",");
  expected_head = g_strconcat (BOM, header, "\r\n", NULL);
  g_assert_true (g_str_has_prefix (text, expected_head));
  g_assert_nonnull (strstr (header, "Учебный год"));
  g_assert_nonnull (strstr (header, "Название"));

  /* Every row ends in CRLF: no bare LF outside quotes. A quoted value
   * keeps its line breaks. */
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  /* The first event's date as ДД.ММ.ГГГГ. */
  first = g_list_model_get_item (rows, 0);
  date = annalist_date_format (annalist_record_get_string (first, "date_start"));
  g_assert_nonnull (strstr (text, date));
  g_assert_true (g_regex_match_simple ("^\\d\\d\\.\\d\\d\\.\\d\\d\\d\\d$", date, 0, 0));
  g_assert_nonnull (strstr (text, "\r\n2022-2023,"));
  /* Organisations of a REFERENCES field joined by «; » (the sample has
   * such an event). */
  g_assert_true (g_regex_match_simple (",[^,\"\r\n]+; [^,\"\r\n]+,", text, 0, 0));
}

/* A value with a comma, a quote and a line break; organisations joined by
 * «; ». */
static void
test_csv_quoting (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  const AnnalistKind *orgs = annalist_kind_lookup ("organisation");
  g_autoptr(GListModel) rows = events_2022 ();
  g_autoptr(GListModel) organisations = NULL;
  g_autoptr(AnnalistRecord) source = g_list_model_get_item (rows, 0);
  g_autoptr(AnnalistRecord) record = annalist_record_copy (source);
  g_autoptr(AnnalistRecord) org1 = NULL;
  g_autoptr(AnnalistRecord) org2 = NULL;
  g_autoptr(GListStore) one = g_list_store_new (ANNALIST_TYPE_RECORD);
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *path = g_build_filename (dir, "quoting.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *title1 = NULL;
  g_autofree char *title2 = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *tsv = NULL;
  g_autofree char *tsv_expected = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  gint64 ids[2];
  guint title = (guint) annalist_kind_field_index (kind, "title");
  guint organisers = 0;

  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES && organisers == 0)
      organisers = i;
  g_assert_cmpuint (organisers, >, 0);

  organisations = annalist_store_list (store, orgs, &query, &error);
  g_assert_no_error (error);
  org1 = g_list_model_get_item (organisations, 0);
  org2 = g_list_model_get_item (organisations, 1);
  ids[0] = annalist_record_get_id (org1);
  ids[1] = annalist_record_get_id (org2);
  title1 = annalist_store_record_title (store, orgs, ids[0]);
  title2 = annalist_store_record_title (store, orgs, ids[1]);

  annalist_record_set_string (record, "title", "Конференция «Итоги», \"Шаг\"\nвторой день");
  annalist_record_set_ids (record, kind->fields[organisers].column, ids, 2);
  g_list_store_append (one, record);
  g_array_append_val (fields, title);
  g_array_append_val (fields, organisers);

  g_assert_true (annalist_list_export_write (store, kind, G_LIST_MODEL (one), fields, path,
                                             &error));
  g_assert_no_error (error);
  text = read_text (path);
  expected = g_strdup_printf (BOM "%s,%s\r\n"
                              "\"Конференция «Итоги», \"\"Шаг\"\"\nвторой день\",%s; %s\r\n",
                              _(kind->fields[title].label), _(kind->fields[organisers].label),
                              title1, title2);
  g_assert_cmpstr (text, ==, expected);

  /* The clipboard's text: tabs, a header, no line break inside a value. */
  tsv = annalist_list_export_text (store, kind, G_LIST_MODEL (one), fields);
  tsv_expected = g_strdup_printf ("%s\t%s\nКонференция «Итоги», \"Шаг\" второй день\t%s; %s\n",
                                  _(kind->fields[title].label), _(kind->fields[organisers].label),
                                  title1, title2);
  g_assert_cmpstr (tsv, ==, tsv_expected);
}

/* Every kind goes out, as .csv and as .ods, with every field. */
static void
test_every_kind (void)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);
  g_autofree char *parts_dir = g_build_filename (dir, "every-kind-parts", NULL);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (g_free);

  g_mkdir (parts_dir, 0700);

  for (guint k = 0; k < n_kinds; k++)
    {
      AnnalistQuery query = ANNALIST_QUERY_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) rows = annalist_store_list (store, kinds[k], &query, &error);
      g_autoptr(GArray) fields = annalist_list_export_all_fields (kinds[k]);
      g_autofree char *csv = g_strdup_printf ("%s/every-%s.csv", dir, kinds[k]->name);
      g_autofree char *ods = g_strdup_printf ("%s/every-%s.ods", dir, kinds[k]->name);
      g_autofree char *text = NULL;
      g_autofree char *header = header_of (kinds[k], fields, ",");
      guint lines = 0;

      g_assert_no_error (error);
      if (!annalist_list_export_write (store, kinds[k], rows, fields, csv, &error) ||
          !annalist_list_export_write (store, kinds[k], rows, fields, ods, &error))
        g_error ("%s: %s", kinds[k]->name, error->message);
      text = read_text (csv);
      g_assert_true (g_str_has_prefix (text + 3, header));
      /* A line a record, and the header's (quoted values aside). */
      for (const char *c = text; (c = strstr (c, "\r\n")) != NULL; c += 2)
        lines++;
      g_assert_cmpuint (lines, >=, g_list_model_get_n_items (rows) + 1);

      /* Each sheet valid, an empty one too: validated together below. */
      {
        g_autoptr(GPtrArray) order = NULL;
        g_autoptr(GHashTable) parts = read_zip (ods, &order);
        g_autofree char *name = g_strdup_printf ("%s-content.xml", kinds[k]->name);

        write_part (parts_dir, name, g_hash_table_lookup (parts, "content.xml"), contents);
      }
    }
  g_ptr_array_add (contents, NULL);
  if (have_jing ())
    assert_valid (SCHEMA, (const char * const *) contents->pdata);
}

static void
test_refusals (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  g_autoptr(GListModel) rows = events_2022 ();
  g_autoptr(GArray) fields = annalist_list_export_all_fields (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *txt = g_build_filename (dir, "list.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "list.csv", NULL);

  g_assert_false (annalist_list_export_write (store, kind, rows, fields, txt, &error));
  g_assert_nonnull (strstr (error->message, "list.txt"));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (annalist_list_export_write (store, kind, rows, fields, missing, &error));
  g_assert_nonnull (strstr (error->message, "list.csv"));
}

static gboolean
have_calc (void)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");

  return soffice != NULL &&
         g_file_test ("/usr/lib/libreoffice/share/registry/calc.xcd", G_FILE_TEST_EXISTS);
}

static void
test_ods (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  g_autoptr(GListModel) rows = events_2022 ();
  g_autoptr(GArray) fields = annalist_list_export_all_fields (kind);
  g_autofree char *path = g_build_filename (dir, "events.ods", NULL);
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *parts_dir = g_build_filename (dir, "ods-parts", NULL);
  GBytes *mimetype;
  xmlDocPtr doc;
  g_autofree char *first_date = NULL;
  g_autofree char *first_text = NULL;
  guint n = g_list_model_get_n_items (rows);

  g_assert_true (annalist_list_export_write (store, kind, rows, fields, path, &error));
  g_assert_no_error (error);
  /* mimetype first and stored: its text at byte 38. */
  {
    g_autofree char *raw = read_text (path);

    g_assert_cmpmem (raw + 30, 54, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);
  }
  parts = read_zip (path, &order);
  mimetype = g_hash_table_lookup (parts, "mimetype");
  g_assert_nonnull (mimetype);
  g_assert_cmpmem (g_bytes_get_data (mimetype, NULL), g_bytes_get_size (mimetype),
                   "application/vnd.oasis.opendocument.spreadsheet", 46);

  doc = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  assert_count (doc, "//table:table", 1);
  assert_count (doc, "//table:table-header-rows/table:table-row/table:table-cell", fields->len);
  assert_count (doc, "//table:table/table:table-row", n);
  assert_count (doc, "//table:table/table:table-column", fields->len);
  /* Bold header, dates as dates shown ДД.ММ.ГГГГ, numbers as numbers. */
  g_assert_cmpfloat (xpath_number (doc, "count(//style:style[@style:name='ce1']/style:text-properties[@fo:font-weight='bold'])"), ==, 1);
  first_date = xpath_string (doc, "string((//table:table-cell[@office:value-type='date'])[1]/@office:date-value)");
  first_text = xpath_string (doc, "string((//table:table-cell[@office:value-type='date'])[1]/text:p)");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d$", first_date, 0, 0));
  g_assert_true (g_regex_match_simple ("^\\d\\d\\.\\d\\d\\.\\d{4}$", first_text, 0, 0));
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table-cell[@office:value-type='float'])"), >, 0);
  xmlFreeDoc (doc);

  g_mkdir (parts_dir, 0700);
  write_part (parts_dir, "content.xml", g_hash_table_lookup (parts, "content.xml"), files);
  g_ptr_array_add (files, NULL);
  if (have_jing ())
    assert_valid (SCHEMA, (const char * const *) files->pdata);
  g_ptr_array_set_size (files, 0);
  write_part (parts_dir, "manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), files);
  g_ptr_array_add (files, NULL);
  if (have_jing ())
    assert_valid (MANIFEST, (const char * const *) files->pdata);
}

/* LibreOffice reads the .ods: as CSV, the same cells as our own CSV. */
static void
test_ods_read_back (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  g_autoptr(GListModel) rows = events_2022 ();
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *ods = g_build_filename (dir, "read-back.ods", NULL);
  g_autofree char *out = g_build_filename (dir, "lo", NULL);
  g_autofree char *converted = g_build_filename (out, "read-back.csv", NULL);
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree char *text = NULL;
  g_autofree char *first_title = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) first = g_list_model_get_item (rows, 0);
  const char *paths[] = { ods, NULL };
  static const char * const columns[] = { "title", "date_start", "participants", NULL };

  if (!have_calc ())
    {
      g_test_skip ("LibreOffice Calc (soffice) is not installed");
      return;
    }
  for (guint i = 0; columns[i] != NULL; i++)
    {
      int f = annalist_kind_field_index (kind, columns[i]);

      if (f >= 0)
        g_array_append_val (fields, f);
    }
  g_assert_true (annalist_list_export_write (store, kind, rows, fields, ods, &error));
  g_assert_no_error (error);
  if (!lo_convert (profile, "csv:Text - txt - csv (StarCalc):44,34,76", out, paths))
    return;
  text = read_text (converted);
  first_title = g_strdup (annalist_record_get_string (first, "title"));
  g_assert_nonnull (strstr (text, first_title));
  /* The dates read as dates, shown as written. */
  {
    g_autofree char *date = annalist_date_format (annalist_record_get_string (first, "date_start"));

    g_assert_nonnull (strstr (text, date));
  }
}

/* The command line -------------------------------------------------------------------- */

static void
test_command_line (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  g_autofree char *csv = g_build_filename (dir, "cli.csv", NULL);
  g_autofree char *ods = g_build_filename (dir, "cli.ods", NULL);
  g_autofree char *csv_arg = g_strconcat ("--output=", csv, NULL);
  g_autofree char *ods_arg = g_strconcat ("--output=", ods, NULL);
  g_autofree char *txt_arg = g_strconcat ("--output=", dir, "/cli.txt", NULL);
  g_autofree char *dir_arg = g_strconcat ("--output=", dir, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  gsize before_len, after_len;
  static const char * const russian[] = { "LC_ALL", "ru_RU.UTF-8", "LANGUAGE", "ru", NULL };
  Run r;

  /* The database stays byte for byte as it was. */
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (database, &before, &before_len, NULL));

  r = run_env (russian, db, "--export-list=event", "--year=2022-2023", csv_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  run_clear (&r);
  text = read_text (csv);
  g_assert_true (g_str_has_prefix (text, BOM "Учебный год,"));
  g_assert_nonnull (strstr (text, "Название"));
  g_assert_nonnull (strstr (text, "\r\n2022-2023,"));
  g_assert_null (strstr (text, "\r\n2021-2022,"));

  /* By the list's Russian name, and as .ods. */
  r = run_env (russian, db, "--export-list=Мероприятия", ods_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (ods, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);

  r = run (db, "--export-list=nonsense", csv_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "--export-list=nonsense"));
  run_clear (&r);

  r = run (db, "--export-list=event", "--year=last", csv_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "--year=last is not an academic year"));
  run_clear (&r);

  r = run (db, "--export-list=event", txt_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "cli.txt"));
  run_clear (&r);

  r = run (db, "--export-list=event", dir_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "is a folder"));
  run_clear (&r);

  r = run (db, "--export-list=event", NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "--output"));
  run_clear (&r);

  r = run_env (russian, db, "--export-list=nonsense", csv_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "не называет"));
  run_clear (&r);

  g_assert_true (g_file_get_contents (database, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  /* Nothing beside it either: no journal. */
  {
    g_autofree char *wal = g_strconcat (database, "-wal", NULL);
    g_autofree char *journal = g_strconcat (database, "-journal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  store = sample_store_new ("list-export", &dir, &database);

  g_test_add_func ("/list-export/csv-events", test_csv_events);
  g_test_add_func ("/list-export/csv-quoting", test_csv_quoting);
  g_test_add_func ("/list-export/every-kind", test_every_kind);
  g_test_add_func ("/list-export/refusals", test_refusals);
  g_test_add_func ("/list-export/ods", test_ods);
  g_test_add_func ("/list-export/ods-read-back", test_ods_read_back);
  /* Last: it closes the store, to compare the file. */
  g_test_add_func ("/list-export/command-line", test_command_line);
  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  g_free (database);
  return status;
}
