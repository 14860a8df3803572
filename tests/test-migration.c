/* test-migration.c — a database of version 2 brought to version 3
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file a user saved with the previous version: migrations 0001 and 0002
 * as the source tree has them, the sample district as it was then
 * (tests/data/sample-v2.sql, frozen before schema 3) and the values only
 * version 2 kept as text (a status's basis document, a plan item's kind of
 * activity). Opening it with AnnalistStore migrates it; nothing may be
 * lost, and the annual report of the time (tests/data/annual-report-v2.fodt)
 * writes what it wrote then (tests/golden/annual-report-v2.txt). A
 * migration that fails leaves the file as it was.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-store-private.h"
#include "odf-check.h"

/* What the store expects of its files: "ANNL". */
#define STORE_APPLICATION_ID 0x414E4E4C

static char *dir;

static char *
source_file (const char *first,
             ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  char *contents = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (parts, (char *) g_test_get_dir (G_TEST_DIST));
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (char *) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s\n%.200s", message, sql);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot prepare «%s»: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Every row of a query, its values separated by «|», one row a line. */
static char *
query_rows (sqlite3    *db,
            const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot prepare «%s»: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                                  sqlite3_column_type (stmt, i) == SQLITE_NULL ? "NULL" : text);
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The tables of the schema and their rows, all of them. */
static char *
dump (sqlite3 *db)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) tables = NULL;
  g_autofree char *names = query_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  g_autofree char *schema = query_rows (db, "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");

  g_string_append (out, schema);
  tables = g_strsplit (g_strchomp (names), "\n", -1);
  for (guint i = 0; tables[i] != NULL && *tables[i]; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", tables[i]);
      g_autofree char *rows = query_rows (db, sql);

      g_string_append_printf (out, "-- %s\n%s", tables[i], rows);
    }
  g_string_append_printf (out, "user_version %" G_GINT64_FORMAT "\n", query_int (db, "PRAGMA user_version"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A database as version 2 wrote it, with the sample of the time and the
 * values version 3 turns into records. */
static char *
create_v2 (const char *name)
{
  g_autofree char *initial = source_file ("..", "src", "migrations", "0001-initial.sql", NULL);
  g_autofree char *templates = source_file ("..", "src", "migrations", "0002-templates.sql", NULL);
  g_autofree char *sample = source_file ("data", "sample-v2.sql", NULL);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = 2; PRAGMA application_id = %d;", STORE_APPLICATION_ID);
  char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA foreign_keys = ON");
  exec (db, "BEGIN");
  exec (db, initial);
  exec (db, templates);
  exec (db, sample);
  /* Two statuses on one order, written twice the same, and one on another. */
  exec (db,
        "UPDATE innovation_status SET document_kind_id = (SELECT id FROM document_kind WHERE name = 'Распоряжение'),"
        " document_issuer = 'Комитет по образованию', document_number = '3452-р', document_date = '2016-12-13'"
        " WHERE id IN (1, 2);"
        "UPDATE innovation_status SET document_kind_id = (SELECT id FROM document_kind WHERE name = 'Приказ'),"
        " document_issuer = 'Администрация района', document_number = '5686', document_date = '2022-12-20'"
        " WHERE id = 3;");
  /* Kinds of activity as typed: a name, a short name in capitals, a new one. */
  exec (db,
        "UPDATE plan_item SET activity_kind = 'Диагностическая деятельность' WHERE id = 1;"
        "UPDATE plan_item SET activity_kind = ' Практическая ' WHERE id = 2;"
        "UPDATE plan_item SET activity_kind = 'Исследовательская деятельность' WHERE id IN (3, 4);");
  exec (db, bump);
  exec (db, "COMMIT");
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  sqlite3_close (db);
  return path;
}

static sqlite3 *
open_plain (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static void
test_migrate (void)
{
  g_autofree char *path = create_v2 ("v2.db");
  g_autofree char *tables = NULL;
  g_autofree char *figures = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_plain (path);

  tables = query_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  names = g_strsplit (g_strchomp (tables), "\n", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", names[i]);
      gint64 n = query_int (db, sql);

      g_array_append_val (counts, n);
    }
  figures = query_rows (db, "SELECT id, kind_id, academic_year, value, text FROM historical_figure ORDER BY id");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure"), >, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status"), >, 50);
  sqlite3_close (db);

  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);

  db = open_plain (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, annalist_store_schema_version ());

  /* Version 6: a rating indicator may be counted from the records, by a
   * source of four; the indicators a file had stay typed, as they were. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM rating_source WHERE code IN"
                                  " ('competition_entries', 'events_presented', 'publications',"
                                  " 'statuses')"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM rating_indicator"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM rating_indicator WHERE source_id IS NOT NULL"), ==, 0);

  /* The kinds the annual report reads by meaning got their codes. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event_kind WHERE code IS NOT NULL"), ==, 11);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM figure_kind WHERE code IS NOT NULL"), ==, 6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM content_kind WHERE code IS NOT NULL"), ==, 2);

  /* Not a record lost, nor one made up, in any table of version 2. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", names[i]);
      /* Version 3 brings one standard indicator version 2 did not have
       * (the internships' participants), as the report reads it. */
      gint64 added = g_str_equal (names[i], "figure_kind") ? 1 : 0;

      if (query_int (db, sql) != g_array_index (counts, gint64, i) + added)
        g_error ("%s: %" G_GINT64_FORMAT " rows, not %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT,
                 names[i], query_int (db, sql), g_array_index (counts, gint64, i), added);
    }

  /* One order, one record: both statuses point to it; the other order is
   * a record of its own. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM basis_document"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT document_id) FROM innovation_status WHERE id IN (1, 2)"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status s JOIN basis_document d ON d.id = s.document_id"
                                  " JOIN document_kind k ON k.id = d.kind_id"
                                  " WHERE s.id IN (1, 2) AND k.name = 'Распоряжение' AND d.issuer = 'Комитет по образованию'"
                                  " AND d.number = '3452-р' AND d.date = '2016-12-13'"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status s JOIN basis_document d ON d.id = s.document_id"
                                  " WHERE s.id = 3 AND d.number = '5686' AND d.date = '2022-12-20'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status WHERE document_id IS NOT NULL"), ==, 3);

  /* The kinds of activity typed are values of the dictionary. */
  {
    g_autofree char *kinds = query_rows (db, "SELECT i.id, k.name FROM plan_item i JOIN activity_kind k ON k.id = i.activity_kind_id"
                                             " ORDER BY i.id");

    g_assert_cmpstr (kinds, ==,
                     "1|Диагностическая деятельность\n"
                     "2|Практическая деятельность\n"
                     "3|Исследовательская деятельность\n"
                     "4|Исследовательская деятельность\n");
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM activity_kind"), ==, 7);
  }

  /* Every status kind has its group. */
  {
    g_autofree char *groups = query_rows (db, "SELECT k.short_name, g.code FROM status_kind k"
                                              " JOIN status_group g ON g.id = k.group_id ORDER BY k.id");

    g_assert_cmpint (query_int (db, "SELECT count(*) FROM status_kind WHERE group_id IS NULL"), ==, 0);
    g_assert_cmpstr (groups, ==,
                     "ФИП|federal\n"
                     "РИП|regional\n"
                     "Центр ИПП (ОЭП)|centre_experimental\n"
                     "Центр ИПП (РСП)|centre_internship\n"
                     "Центр ИПП (РБП)|centre_base\n"
                     "ОЭП научной организации|science\n"
                     "МИП|other\n"
                     "МСИП|other\n"
                     "ГИП|other\n"
                     "РИП ИнКО|other\n");
  }

  /* The district's yearly figures, as they were, for the district. */
  {
    g_autofree char *now = query_rows (db, "SELECT id, kind_id, academic_year, value, text FROM historical_figure ORDER BY id");

    g_assert_cmpstr (now, ==, figures);
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure WHERE organisation_id IS NOT NULL"), ==, 0);
  }
  sqlite3_close (db);
}

/* The annual report of the time, from the migrated file, is what the
 * program wrote before schema 3. */
static void
test_report_as_before (void)
{
  g_autofree char *path = create_v2 ("v2-report.db");
  g_autofree char *output = g_build_filename (dir, "report-v2.fodt", NULL);
  g_autofree char *template_path = g_test_build_filename (G_TEST_DIST, "data", "annual-report-v2.fodt", NULL);
  g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "golden", "annual-report-v2.txt", NULL);
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(AnnalistTemplate) report = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .year = 2022 };

  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  report = annalist_documents_open (store, template_path, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (report, store, &params, output, NULL, &error));
  g_assert_no_error (error);

  lines = document_lines (output);
  assert_lines_as_golden (lines, golden);
}

/* A step that fails leaves the file at version 2, every table as it was. */
static void
test_failed_migration (void)
{
  g_autofree char *path = create_v2 ("v2-conflict.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* A table of the name 0003 creates: its CREATE TABLE fails half-way. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "CREATE TABLE activity_kind (word TEXT); INSERT INTO activity_kind VALUES ('мой вид');");
  before = dump (db);
  sqlite3_close (db);

  store = annalist_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "activity_kind"));

  db = open_plain (path);
  after = dump (db);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('status_group', 'basis_document')"), ==, 0);
  sqlite3_close (db);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("annalist-migration-XXXXXX", &error);
  g_assert_no_error (error);
  /* The copies made before each migration go with the test's folder. */
  {
    g_autofree char *data = g_build_filename (dir, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }

  g_test_add_func ("/migration/v2/records", test_migrate);
  g_test_add_func ("/migration/v2/annual-report", test_report_as_before);
  g_test_add_func ("/migration/v2/failed", test_failed_migration);

  status = g_test_run ();
  remove_tree (dir);
  g_free (dir);
  return status;
}
