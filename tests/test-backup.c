/* test-backup.c — dated copies, their rotation and restore
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copies go to $XDG_DATA_HOME, which these tests point at a folder of
 * their own; the clock is given to the functions, so that days and months
 * pass in a moment.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <utime.h>

#include "annalist-backup.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

/* What the store expects of its files: "ANNL". */
#define STORE_APPLICATION_ID 0x414E4E4C

static char *data_home;

static GDateTime *
local_time (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  return g_date_time_new (zone, year, month, day, hour, minute, 0);
}

static gint64
count (AnnalistStore *store,
       const char    *kind)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  gint64 n = annalist_store_count (store, annalist_kind_lookup (kind), &query, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
file_int (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The sample district in @dir, opened. */
static AnnalistStore *
sample_store (const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  AnnalistStore *store;

  g_assert_true (annalist_sample_create (path, 1, &error));
  g_assert_no_error (error);
  store = annalist_store_open_existing (path, &error);
  g_assert_no_error (error);
  return store;
}

static guint n_backups (const char *database);

static GPtrArray *
list (const char *database)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *backups = annalist_backup_list (database, &error);

  g_assert_no_error (error);
  g_assert_nonnull (backups);
  return backups;
}

static guint
n_backups (const char *database)
{
  g_autoptr(GPtrArray) backups = list (database);

  return backups->len;
}

/* Two «district.db» in two folders keep their copies apart, under the
 * data folder, named after the file. */
static void
test_folder (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "sub", "district.db", NULL);
  g_autofree char *folder = annalist_backup_folder (fixture->path);
  g_autofree char *other_folder = annalist_backup_folder (other);
  g_autofree char *name = g_path_get_basename (folder);
  g_autofree char *root = g_build_filename (data_home, "annalist", "backups", NULL);

  g_assert_true (g_str_has_prefix (folder, root));
  g_assert_true (g_str_has_prefix (name, "district-"));
  g_assert_cmpuint (strlen (name), ==, strlen ("district-") + 8);
  g_assert_cmpstr (folder, !=, other_folder);
}

/* The first opening of a day copies the database; the next ones that day
 * do not; the copy passes integrity_check and holds the same records. */
static void
test_daily (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(AnnalistStore) store = sample_store (fixture->dir, "sample.db");
  const char *path = annalist_store_get_path (store);
  g_autoptr(GDateTime) morning = local_time (2026, 11, 30, 9, 5);
  g_autoptr(GDateTime) evening = local_time (2026, 11, 30, 18, 40);
  g_autoptr(GDateTime) next_day = local_time (2026, 12, 1, 8, 0);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(AnnalistStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = annalist_backup_folder (path);
  g_autofree char *expected = g_build_filename (folder, "sample-2026-11-30.db", NULL);
  g_autofree char *description = NULL;
  gboolean made = FALSE;
  AnnalistBackup *backup;

  g_assert_true (annalist_backup_daily (store, morning, 7, 12, &made, &error));
  g_assert_no_error (error);
  g_assert_true (made);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  g_assert_true (annalist_backup_daily (store, evening, 7, 12, &made, &error));
  g_assert_no_error (error);
  g_assert_false (made);

  g_assert_true (annalist_backup_daily (store, next_day, 7, 12, &made, &error));
  g_assert_no_error (error);
  g_assert_true (made);

  backups = list (path);
  g_assert_cmpuint (backups->len, ==, 2);
  backup = g_ptr_array_index (backups, 0);
  g_assert_true (g_str_has_suffix (backup->path, "sample-2026-12-01.db"));
  g_assert_cmpint (backup->reason, ==, ANNALIST_BACKUP_DAILY);
  backup = g_ptr_array_index (backups, 1);
  g_assert_cmpstr (backup->path, ==, expected);

  g_assert_true (annalist_backup_check (expected, &error));
  g_assert_no_error (error);
  copy = annalist_store_open_readonly (expected, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "organisation"), >, 0);
  g_assert_cmpint (count (store, "event"), >, 0);
  g_assert_cmpint (count (copy, "organisation"), ==, count (store, "organisation"));
  g_assert_cmpint (count (copy, "event"), ==, count (store, "event"));
  g_assert_cmpint (count (copy, "project"), ==, count (store, "project"));

  description = annalist_backup_describe (expected, &error);
  g_assert_no_error (error);
  {
    g_autofree char *organisations = g_strdup_printf ("Organisations: %" G_GINT64_FORMAT,
                                                      count (store, "organisation"));
    g_autofree char *events = g_strdup_printf ("Events: %" G_GINT64_FORMAT, count (store, "event"));

    g_assert_nonnull (strstr (description, organisations));
    g_assert_nonnull (strstr (description, events));
  }
}

static void
touch (const char *folder,
       const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, &error));
  g_assert_no_error (error);
}

static int
sort_names (const char **a,
            const char **b)
{
  return strcmp (*a, *b);
}

/* 400 days of daily copies and a few others: the last 7 days stay, then
 * the newest copy of each of the 12 months before this one; files that
 * are not backups of this database are left alone. */
static void
test_rotation (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *folder = annalist_backup_folder (fixture->path);
  g_autoptr(GDateTime) now = local_time (2026, 11, 30, 12, 0);
  g_autoptr(GDateTime) day = local_time (2026, 11, 30, 0, 0);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  static const char * const kept[] = {
    "district-2026-11-30.db",
    "district-2026-11-30-101500-before-import.db",
    "district-2026-11-29.db",
    "district-2026-11-28.db",
    "district-2026-11-27.db",
    "district-2026-11-26.db",
    "district-2026-11-25.db",
    "district-2026-11-24.db",
    /* Then one a month, the newest of each: */
    "district-2026-11-23.db",
    "district-2026-10-31.db",
    "district-2026-09-30.db",
    "district-2026-08-31.db",
    "district-2026-07-31.db",
    "district-2026-06-30.db",
    "district-2026-05-31.db",
    "district-2026-04-30.db",
    "district-2026-03-31-103000-before-migration.db",
    "district-2026-02-28.db",
    "district-2026-01-31.db",
    "district-2025-12-31.db",
    "district-2025-11-30.db",
  };
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (int i = 0; i < 400; i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (day, -i);
      g_autofree char *name = g_date_time_format (date, "district-%Y-%m-%d.db");

      touch (folder, name);
    }
  touch (folder, "district-2026-11-30-101500-before-import.db");
  touch (folder, "district-2026-03-31-103000-before-migration.db");
  touch (folder, "district-2026-03-12-090000-before-restore.db");
  touch (folder, "district-2025-06-01-090000-before-restore.db");
  /* A copy cut off by a kill long ago, and one in progress now. */
  touch (folder, ".annalist-copy-OLD123");
  {
    g_autofree char *stale = g_build_filename (folder, ".annalist-copy-OLD123", NULL);
    struct utimbuf times = { 1000000000, 1000000000 };

    g_assert_cmpint (g_utime (stale, &times), ==, 0);
  }
  touch (folder, ".annalist-copy-NOW456");
  /* Not backups of district.db: */
  touch (folder, "notes.txt");
  touch (folder, "other-2024-01-01.db");
  touch (folder, "district-2024-13-01.db");

  g_assert_true (annalist_backup_rotate (fixture->path, now, 7, 12, &error));
  g_assert_no_error (error);

  backups = list (fixture->path);
  for (guint i = 0; i < backups->len; i++)
    {
      AnnalistBackup *backup = g_ptr_array_index (backups, i);

      g_ptr_array_add (names, g_path_get_basename (backup->path));
    }
  /* As sets: the order of one day's copies depends on the files' times. */
  g_ptr_array_sort (names, (GCompareFunc) sort_names);
  g_ptr_array_add (names, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_ptr_array_add (expected, (char *) kept[i]);
  g_ptr_array_sort (expected, (GCompareFunc) sort_names);
  g_ptr_array_add (expected, NULL);
  {
    g_autofree char *got = g_strjoinv ("\n", (char **) names->pdata);
    g_autofree char *want = g_strjoinv ("\n", (char **) expected->pdata);

    g_assert_cmpstr (got, ==, want);
  }

  for (guint i = 0; i < 3; i++)
    {
      const char *other[] = { "notes.txt", "other-2024-01-01.db", "district-2024-13-01.db" };
      g_autofree char *path = g_build_filename (folder, other[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  {
    g_autofree char *stale = g_build_filename (folder, ".annalist-copy-OLD123", NULL);
    g_autofree char *fresh = g_build_filename (folder, ".annalist-copy-NOW456", NULL);

    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }

  /* Run again, nothing more goes. */
  g_assert_true (annalist_backup_rotate (fixture->path, now, 7, 12, &error));
  g_assert_no_error (error);
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = list (fixture->path);
  g_assert_cmpuint (backups->len, ==, G_N_ELEMENTS (kept));
}

static void
fold_function (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, annalist_fold (text, -1), -1, g_free);
}

/* A database file as version 3 wrote it (no records). */
static char *
create_v3 (const char *dir)
{
  const char *steps[] = { "0001-initial.sql", "0002-templates.sql", "0003-documents.sql" };
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = 3; PRAGMA application_id = %d;",
                                           STORE_APPLICATION_ID);
  char *path = g_build_filename (dir, "v3.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_create_function (db, "annalist_fold", 1, SQLITE_UTF8, NULL, fold_function, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "src", "migrations", steps[i], NULL);
      g_autofree char *sql = NULL;
      char *message = NULL;

      g_assert_true (g_file_get_contents (file, &sql, NULL, NULL));
      if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
        g_error ("%s: %s", steps[i], message);
    }
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO setting (key, value) VALUES ('city', 'Тихвин')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return path;
}

/* Opening a file of an older version copies it first, as it was; a new
 * database, or one already up to date, is not copied. */
static void
test_before_migration (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autofree char *v3 = create_v3 (fixture->dir);
  g_autofree char *fresh = g_build_filename (fixture->dir, "new.db", NULL);
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(AnnalistStore) created = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistBackup *backup;

  store = annalist_store_open_existing (v3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file_int (v3, "PRAGMA user_version"), ==, annalist_store_schema_version ());

  backups = list (v3);
  g_assert_cmpuint (backups->len, ==, 1);
  backup = g_ptr_array_index (backups, 0);
  g_assert_cmpint (backup->reason, ==, ANNALIST_BACKUP_BEFORE_MIGRATION);
  g_assert_true (g_str_has_suffix (backup->path, "-before-migration.db"));
  g_assert_cmpint (file_int (backup->path, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (file_int (backup->path, "SELECT count(*) FROM setting WHERE value = 'Тихвин'"), ==, 1);

  /* Up to date now: the next opening copies nothing. */
  annalist_store_close (store);
  g_clear_object (&store);
  store = annalist_store_open_existing (v3, &error);
  g_assert_no_error (error);
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = list (v3);
  g_assert_cmpuint (backups->len, ==, 1);

  created = annalist_store_create (fresh, &error);
  g_assert_no_error (error);
  none = list (fresh);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (n_backups (fixture->path), ==, 0);
}

/* A restore brings the copy's records back and keeps the state it
 * replaced as a copy of its own. */
static void
test_restore (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(AnnalistStore) store = sample_store (fixture->dir, "restore.db");
  g_autofree char *path = g_strdup (annalist_store_get_path (store));
  g_autoptr(GDateTime) day1 = local_time (2026, 11, 29, 9, 0);
  g_autoptr(GDateTime) day2 = local_time (2026, 11, 30, 16, 12);
  g_autoptr(AnnalistStore) reopened = NULL;
  g_autoptr(AnnalistStore) before = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *city = NULL;
  gint64 organisations = count (store, "organisation");
  AnnalistBackup *backup;

  g_assert_true (annalist_store_set_setting (store, "city", "Было", &error));
  copy = annalist_backup_make (store, ANNALIST_BACKUP_DAILY, day1, &error);
  g_assert_no_error (error);

  /* Changed after the copy: a setting, and every event gone. */
  g_assert_true (annalist_store_set_setting (store, "city", "Стало", &error));
  g_assert_true (annalist_store_exec (store, "PRAGMA foreign_keys = OFF; DELETE FROM event; "
                                           "PRAGMA foreign_keys = ON", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "event"), ==, 0);

  g_assert_true (annalist_backup_restore (store, copy, day2, &reopened, &error));
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  g_assert_true (reopened != store);
  g_assert_cmpstr (annalist_store_get_path (reopened), ==, path);
  city = annalist_store_get_setting (reopened, "city");
  g_assert_cmpstr (city, ==, "Было");
  g_assert_cmpint (count (reopened, "event"), >, 0);
  g_assert_cmpint (count (reopened, "organisation"), ==, organisations);
  g_assert_true (annalist_backup_check (path, &error));

  backups = list (path);
  g_assert_cmpuint (backups->len, ==, 2);
  backup = g_ptr_array_index (backups, 0);
  g_assert_cmpint (backup->reason, ==, ANNALIST_BACKUP_BEFORE_RESTORE);
  g_assert_true (g_str_has_suffix (backup->path, "restore-2026-11-30-161200-before-restore.db"));
  before = annalist_store_open_readonly (backup->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&city, g_free);
  city = annalist_store_get_setting (before, "city");
  g_assert_cmpstr (city, ==, "Стало");
  g_assert_cmpint (count (before, "event"), ==, 0);
}

/* A damaged copy is refused with a sentence before anything changes: the
 * database stays open and as it was, and no copy is made. */
static void
test_restore_corrupt (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(AnnalistStore) reopened = NULL;
  g_autoptr(GDateTime) now = local_time (2026, 11, 30, 16, 12);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = annalist_backup_folder (fixture->path);
  g_autofree char *damaged = g_build_filename (folder, "district-2026-11-29.db", NULL);
  g_autofree char *city = NULL;
  g_autofree char *good = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (annalist_store_set_setting (fixture->store, "city", "Тихвин", &error));
  good = annalist_backup_make (fixture->store, ANNALIST_BACKUP_DAILY, now, &error);
  g_assert_no_error (error);

  /* A real copy whose second page is overwritten. */
  g_assert_true (g_file_get_contents (good, &contents, &length, &error));
  g_assert_cmpuint (length, >, 8192);
  memset (contents + 4096, 0x5A, 4096);
  g_assert_true (g_file_set_contents (damaged, contents, length, &error));
  g_assert_no_error (error);

  g_assert_false (annalist_backup_check (damaged, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_clear_error (&error);

  g_assert_false (annalist_backup_restore (fixture->store, damaged, now, &reopened, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_assert_true (reopened == fixture->store);
  city = annalist_store_get_setting (fixture->store, "city");
  g_assert_cmpstr (city, ==, "Тихвин");
  /* The good copy and the damaged file: no before-restore copy. */
  g_assert_cmpuint (n_backups (fixture->path), ==, 2);

  /* A file that is not SQLite at all. */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (damaged, "not a database, just text", -1, NULL));
  g_assert_false (annalist_backup_check (damaged, &error));
  g_assert_nonnull (strstr (error->message, "is damaged"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Before anything asks GLib for the data folder. */
  data_home = g_dir_make_tmp ("annalist-backup-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add ("/backup/folder", StoreFixture, NULL,
              store_fixture_set_up, test_folder, store_fixture_tear_down);
  g_test_add ("/backup/daily", StoreFixture, NULL,
              store_fixture_set_up, test_daily, store_fixture_tear_down);
  g_test_add ("/backup/rotation", StoreFixture, NULL,
              store_fixture_set_up, test_rotation, store_fixture_tear_down);
  g_test_add ("/backup/before-migration", StoreFixture, NULL,
              store_fixture_set_up, test_before_migration, store_fixture_tear_down);
  g_test_add ("/backup/restore", StoreFixture, NULL,
              store_fixture_set_up, test_restore, store_fixture_tear_down);
  g_test_add ("/backup/restore-corrupt", StoreFixture, NULL,
              store_fixture_set_up, test_restore_corrupt, store_fixture_tear_down);

  status = g_test_run ();
  remove_tree (data_home);
  g_free (data_home);
  return status;
}
