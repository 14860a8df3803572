/* test-round-trip.c — a list exported with every field imports back
 * unchanged, for every kind of record
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each kind, as a methodologist moves records between databases: the
 * sample district's list is exported with every field (--export-list),
 * as .csv and as .ods,
 * the kind's records (and their links to organisations) are removed from
 * a copy of the sample, the file is imported into it (--import), and the
 * list exported again must be the same bytes. Run in Russian, the
 * language of the users' spreadsheets.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "annalist-kinds-private.h"
#include "odf-check.h"
#include "temp-tree.h"

static const char * const russian[] = { "LC_ALL", "ru_RU.UTF-8", "LANGUAGE", "ru", NULL };

/* Removes @kind's records and their links from @path, as an empty
 * database with the same dictionaries and organisations would be. */
static void
remove_kind (const char         *path,
             const AnnalistKind *kind)
{
  sqlite3 *db = NULL;
  g_autoptr(GString) sql = g_string_new ("PRAGMA foreign_keys = OFF;");

  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES)
      g_string_append_printf (sql, "DELETE FROM \"%s\";", kind->fields[i].junction);
  g_string_append_printf (sql, "DELETE FROM \"%s\";", kind->name);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
export_list (const char         *database,
             const AnnalistKind *kind,
             const char         *output)
{
  g_autofree char *db_arg = g_strconcat ("--database=", database, NULL);
  g_autofree char *kind_arg = g_strconcat ("--export-list=", kind->name, NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", output, NULL);
  Run r = run_env (russian, db_arg, kind_arg, out_arg, NULL);

  if (!g_spawn_check_wait_status (r.status, NULL))
    g_error ("--export-list=%s failed: %s", kind->name, r.err);
  run_clear (&r);
}

static void
test_every_kind (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *sample_bytes = NULL;
  gsize sample_length = 0;
  g_autoptr(AnnalistStore) store = sample_store_new ("round-trip", &dir, &sample);
  const AnnalistKind * const *kinds;
  guint n_kinds, n_records = 0;

  annalist_store_close (store);
  g_assert_true (g_file_get_contents (sample, &sample_bytes, &sample_length, NULL));
  kinds = annalist_kinds_all (&n_kinds);
  for (guint k = 0; k < 2 * n_kinds; k++)
    {
      /* Each kind through a .csv, then through an .ods. */
      const AnnalistKind *kind = kinds[k % n_kinds];
      const char *through = k < n_kinds ? "first.csv" : "first.ods";
      g_autofree char *first = g_build_filename (dir, through, NULL);
      g_autofree char *first_csv = g_build_filename (dir, "first-again.csv", NULL);
      g_autofree char *again = g_build_filename (dir, "again.csv", NULL);
      g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
      g_autofree char *db_arg = g_strconcat ("--database=", copy, NULL);
      g_autofree char *kind_arg = g_strconcat ("--import=", kind->name, NULL);
      g_autofree char *in_arg = g_strconcat ("--input=", first, NULL);
      g_autofree char *first_text = NULL;
      g_autofree char *again_text = NULL;
      Run r;

      g_test_message ("kind %s through %s", kind->name, through);
      export_list (sample, kind, first);
      g_assert_true (g_file_set_contents (copy, sample_bytes, sample_length, NULL));
      remove_kind (copy, kind);

      /* Dictionaries' values a record names come back as they were. */
      r = run_env (russian, db_arg, kind_arg, in_arg, "--create-values", NULL);
      if (!g_spawn_check_wait_status (r.status, NULL))
        g_error ("--import=%s failed:\n%s%s", kind->name, r.out, r.err);
      run_clear (&r);

      export_list (copy, kind, again);
      /* What the first file says, as a CSV to compare with. */
      export_list (sample, kind, first_csv);
      g_assert_true (g_file_get_contents (first_csv, &first_text, NULL, NULL));
      g_assert_true (g_file_get_contents (again, &again_text, NULL, NULL));
      g_assert_cmpstr (again_text, ==, first_text);
      {
        g_auto(GStrv) lines = g_strsplit (first_text, "\r\n", -1);

        /* The header, a row at least, and the end. */
        n_records += g_strv_length (lines) > 2;
      }
      g_unlink (copy);
    }
  /* Most kinds have records in the sample: the test compares real rows. */
  g_assert_cmpuint (n_records, >, n_kinds);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/round-trip/every-kind", test_every_kind);
  return g_test_run ();
}
