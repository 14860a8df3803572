/* temp-tree.c — the tests' temporary folders and stores
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>

#include "annalist-session.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
dir_fixture_set_up (DirFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
dir_fixture_tear_down (DirFixture    *fixture,
                       gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "district.db", NULL);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

gboolean
use_russian (void)
{
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      if (g_getenv ("CI") != NULL)
        g_error ("The ru_RU.UTF-8 locale is missing; .ci/run generates it.");
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      return FALSE;
    }
  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_PO_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

gint64
store_int (AnnalistStore *store,
           const char    *sql)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

char *
store_text (AnnalistStore *store,
            const char    *sql)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);
  char *value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gint64
dictionary_id (AnnalistStore *store,
               const char    *table,
               const char    *short_name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE short_name = ?1", table);
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);
  gint64 id = 0;

  sqlite3_bind_text (stmt, 1, short_name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_cmpint (id, >, 0);
  return id;
}

AnnalistRecord *
new_event (AnnalistStore *store,
           const char    *title,
           const char    *date)
{
  AnnalistRecord *record = annalist_record_new (annalist_kind_lookup ("event"));

  annalist_record_set_string (record, "title", title);
  annalist_record_set_string (record, "date_start", date);
  annalist_record_set_int (record, "kind_id", dictionary_id (store, "event_kind", "семинар"));
  annalist_record_set_int (record, "participants", 20);
  return record;
}

gint64
insert_session_row (AnnalistStore *store,
                    const char    *host,
                    const char    *user,
                    const char    *real_name,
                    gint64         pid,
                    int            age_s)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) seen = g_date_time_add_seconds (now, -age_s);
  g_autofree char *seen_at = annalist_session_format_time (seen);
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "INSERT INTO open_session (host_name, user_name, "
                                               "real_name, pid, opened_at, seen_at) "
                                               "VALUES (?1, ?2, ?3, ?4, ?5, ?5)", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, real_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, pid);
  sqlite3_bind_text (stmt, 5, seen_at, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  return sqlite3_last_insert_rowid (annalist_store_get_db (store));
}
