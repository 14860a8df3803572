/* test-durability.c — the .db file alone holds every acknowledged save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A methodologist copies annalist.db to a flash drive, mails it, or lets a
 * backup tool take the one file: that copy must have every save the window
 * acknowledged, while the window is open as after it quit. Each test
 * copies the bytes of the .db alone, as those do, and reads the copy with
 * plain SQLite.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-durable.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

typedef StoreFixture Fixture;

static char *
side_file (const char *path,
           const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

static gint64
save_event (AnnalistStore *store,
            int            n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup ("event"));
  g_autofree char *title = g_strdup_printf ("Семинар № %d", n);

  annalist_record_set_string (record, "title", title);
  annalist_record_set_string (record, "date_start", "2023-03-15");
  annalist_record_set_int (record, "kind_id",
                           store_int (store, "SELECT min(id) FROM event_kind"));
  annalist_record_set_int (record, "participants", n);
  g_assert_true (annalist_store_insert (store, record, &error));
  g_assert_no_error (error);
  return annalist_record_get_id (record);
}

/* Copies the bytes of @path alone into @dir and returns the copy's path. */
static char *
copy_alone (const char *path,
            const char *dir)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *copy_journal = side_file (copy, "-journal");
  g_autofree char *copy_wal = side_file (copy, "-wal");

  g_unlink (copy_journal);
  g_unlink (copy_wal);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  return copy;
}

/* With plain SQLite, read-only: the events' titles, in order of id. */
static char *
titles_in (const char *path)
{
  g_autoptr(GString) titles = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT title FROM event ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (titles, "%s;", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static char *
expected_titles (int n)
{
  GString *titles = g_string_new (NULL);

  for (int i = 1; i <= n; i++)
    g_string_append_printf (titles, "Семинар № %d;", i);
  return g_string_free (titles, FALSE);
}

static void
assert_no_side_files (const char *path)
{
  const char *suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = side_file (path, suffixes[i]);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_error ("%s is left beside the database", side);
    }
}

/* The journal and the sync ------------------------------------------------------ */

static void
test_pragmas (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *mode = store_text (fixture->store, "PRAGMA journal_mode");

  /* A rollback journal: gone once each save commits. */
  g_assert_cmpstr (mode, ==, "delete");
  /* EXTRA (3): FULL, and the folder synced after the journal's unlink,
   * which in DELETE mode is the commit itself. */
  g_assert_cmpint (store_int (fixture->store, "PRAGMA synchronous"), ==, 3);
  g_assert_cmpint (store_int (fixture->store, "PRAGMA foreign_keys"), ==, 1);
}

/* The property that matters: after each acknowledged save, with the
 * window still open, the .db alone already holds it. */
static void
test_copy_after_each_save (Fixture       *fixture,
                           gconstpointer  data)
{
  for (int n = 1; n <= 5; n++)
    {
      g_autofree char *copy = NULL;
      g_autofree char *titles = NULL;
      g_autofree char *expected = expected_titles (n);

      save_event (fixture->store, n);
      assert_no_side_files (fixture->path);
      copy = copy_alone (fixture->path, fixture->dir);
      titles = titles_in (copy);
      g_assert_cmpstr (titles, ==, expected);
    }
}

/* An update and a delete, the same. */
static void
test_copy_after_update_and_delete (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) record = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *titles = NULL;
  gint64 first = save_event (fixture->store, 1);
  gint64 second = save_event (fixture->store, 2);

  record = annalist_store_load (fixture->store, annalist_kind_lookup ("event"), first, &error);
  g_assert_no_error (error);
  annalist_record_set_string (record, "title", "Круглый стол");
  g_assert_true (annalist_store_update (fixture->store, record, &error));
  g_assert_no_error (error);
  g_assert_true (annalist_store_delete (fixture->store, annalist_kind_lookup ("event"),
                                        second, &error));
  g_assert_no_error (error);

  copy = copy_alone (fixture->path, fixture->dir);
  titles = titles_in (copy);
  g_assert_cmpstr (titles, ==, "Круглый стол;");
}

/* Closing the store (the last reference going) leaves the one file. */
static void
test_close_leaves_one_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *copy = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *expected = expected_titles (20);

  for (int n = 1; n <= 20; n++)
    save_event (fixture->store, n);
  g_clear_object (&fixture->store);

  assert_no_side_files (fixture->path);
  copy = copy_alone (fixture->path, fixture->dir);
  titles = titles_in (copy);
  g_assert_cmpstr (titles, ==, expected);
}

/* A database that an earlier Annalist left in WAL, with saves still in
 * its -wal (the window never closed it): opening it moves them into the
 * file and leaves no -wal. */
static void
test_wal_left_by_earlier_version (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = side_file (fixture->path, "-wal");
  g_autofree char *mode = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *expected = expected_titles (3);

  g_assert_true (annalist_store_exec (fixture->store,
                                      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                                      &error));
  g_assert_no_error (error);
  sqlite3_db_config (annalist_store_get_db (fixture->store),
                     SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  for (int n = 1; n <= 3; n++)
    save_event (fixture->store, n);
  g_clear_object (&fixture->store);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
  mode = store_text (fixture->store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  assert_no_side_files (fixture->path);
  copy = copy_alone (fixture->path, fixture->dir);
  titles = titles_in (copy);
  g_assert_cmpstr (titles, ==, expected);
}

/* «Сохранить копию…»: one complete file, and nothing else beside it. */
static void
test_backup_is_one_complete_file (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (fixture->dir, "копия.db", NULL);
  g_autofree char *titles = NULL;
  g_autofree char *expected = expected_titles (4);

  for (int n = 1; n <= 4; n++)
    save_event (fixture->store, n);
  g_assert_true (annalist_store_backup (fixture->store, target, &error));
  g_assert_no_error (error);
  assert_no_side_files (target);
  titles = titles_in (target);
  g_assert_cmpstr (titles, ==, expected);
}

/* The folder's sync after a rename -------------------------------------------------- */

static void
test_sync_folder (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "нет", "report.odt", NULL);

  g_assert_true (annalist_sync_folder_of (fixture->path, &error));
  g_assert_no_error (error);

  g_assert_false (annalist_sync_folder_of (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "нет"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/durability/pragmas", test_pragmas);
  ADD ("/durability/copy-after-each-save", test_copy_after_each_save);
  ADD ("/durability/copy-after-update-and-delete", test_copy_after_update_and_delete);
  ADD ("/durability/close-leaves-one-file", test_close_leaves_one_file);
  ADD ("/durability/wal-left-by-earlier-version", test_wal_left_by_earlier_version);
  ADD ("/durability/backup-is-one-complete-file", test_backup_is_one_complete_file);
  ADD ("/durability/sync-folder", test_sync_folder);

  return g_test_run ();
}
