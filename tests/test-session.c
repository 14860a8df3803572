/* test-session.c — who else has the database open (open_session)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two stores on one file in this process see each other and stop seeing
 * each other when one ends; a row a crashed process left (a child that
 * _exit()s without cleaning up), a row copied into a backup, and a row of
 * another host not renewed for long are stale: ignored, and removed by
 * the next opener; a fresh row of another host is live. A read-only open
 * writes nothing. No main loop runs here: the renewals are called.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "annalist-session.h"
#include "annalist-session-notice.h"
#include "annalist-store-private.h"

#include "temp-tree.h"

/* Helpers ------------------------------------------------------------------------------ */

static gint64
count_rows (AnnalistStore *store)
{
  return store_int (store, "SELECT count(*) FROM open_session");
}

static gboolean
row_exists (AnnalistStore *store,
            gint64         id)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, "SELECT 1 FROM open_session WHERE id = ?1",
                                               NULL);
  gboolean found;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gint64
count_pid_rows (AnnalistStore *store,
                gint64         pid)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT count(*) FROM open_session WHERE pid = ?1",
                                               NULL);
  gint64 count;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, pid);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
has_other (AnnalistSession *session,
           gint64           id)
{
  GPtrArray *others = annalist_session_get_others (session);

  for (guint i = 0; i < others->len; i++)
    if (((AnnalistSessionInfo *) others->pdata[i])->id == id)
      return TRUE;
  return FALSE;
}

static void
count_signal (gpointer  session,
              guint    *count)
{
  (*count)++;
}

/* A pid that ran a moment ago and no longer does. */
static pid_t
dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_interval (void)
{
  g_setenv ("ANNALIST_SESSION_INTERVAL_MS", "1234", TRUE);
  g_assert_cmpuint (annalist_session_default_interval (), ==, 1234);
  g_setenv ("ANNALIST_SESSION_INTERVAL_MS", "soon", TRUE);
  g_assert_cmpuint (annalist_session_default_interval (), ==, 60000);
  g_unsetenv ("ANNALIST_SESSION_INTERVAL_MS");
  g_assert_cmpuint (annalist_session_default_interval (), ==, 60000);
}

static void
test_two_stores (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) second = annalist_store_open_existing (fixture->path, &error);
  g_autoptr(AnnalistSession) a = NULL;
  g_autoptr(AnnalistSession) b = NULL;
  AnnalistSessionInfo *info;
  guint a_changes = 0;
  gint64 b_id;

  g_assert_no_error (error);

  a = annalist_session_start (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (annalist_session_get_id (a), >, 0);
  g_assert_cmpuint (annalist_session_get_others (a)->len, ==, 0);
  g_signal_connect (a, "others-changed", G_CALLBACK (count_signal), &a_changes);

  b = annalist_session_start (second, 0, &error);
  g_assert_no_error (error);
  b_id = annalist_session_get_id (b);
  g_assert_cmpint (b_id, >, 0);
  g_assert_cmpint (b_id, !=, annalist_session_get_id (a));
  g_assert_cmpint (count_rows (fixture->store), ==, 2);

  /* b saw a at once; a sees b at its next renewal. */
  g_assert_cmpuint (annalist_session_get_others (b)->len, ==, 1);
  g_assert_true (has_other (b, annalist_session_get_id (a)));
  g_assert_true (annalist_session_renew (a));
  g_assert_cmpuint (annalist_session_get_others (a)->len, ==, 1);
  g_assert_cmpuint (a_changes, ==, 1);

  info = annalist_session_get_others (a)->pdata[0];
  g_assert_cmpint (info->id, ==, b_id);
  g_assert_cmpstr (info->host_name, ==, g_get_host_name ());
  g_assert_cmpstr (info->user_name, ==, g_get_user_name ());
  g_assert_cmpint (info->pid, ==, getpid ());
  g_assert_nonnull (info->opened_at);
  g_assert_nonnull (info->seen_at);

  /* Nothing changed: no signal. */
  annalist_session_check (a);
  g_assert_cmpuint (a_changes, ==, 1);

  /* Another row takes b's id (SQLite gives removed ids again): a change. */
  g_assert_true (annalist_store_exec (fixture->store,
                                      "UPDATE open_session SET user_name = 'petrov', "
                                      "host_name = 'ПК-2', pid = 4242 WHERE id = "
                                      "(SELECT max(id) FROM open_session)", NULL));
  annalist_session_check (a);
  g_assert_cmpuint (a_changes, ==, 2);
  g_assert_cmpstr (((AnnalistSessionInfo *) annalist_session_get_others (a)->pdata[0])->user_name,
                   ==, "petrov");
  g_assert_true (annalist_store_exec (fixture->store,
                                      "UPDATE open_session SET user_name = 'me', "
                                      "host_name = 'me', pid = 1 WHERE user_name = 'petrov'",
                                      NULL));
  annalist_session_check (a);
  g_assert_cmpuint (a_changes, ==, 3);
  {
    g_autofree char *update = g_strdup_printf ("UPDATE open_session SET user_name = '%s', "
                                               "host_name = '%s', pid = %d WHERE id = %"
                                               G_GINT64_FORMAT,
                                               g_get_user_name (), g_get_host_name (),
                                               (int) getpid (), b_id);

    g_assert_true (annalist_store_exec (fixture->store, update, NULL));
  }
  annalist_session_check (a);
  g_assert_cmpuint (a_changes, ==, 4);

  /* b goes (its last reference): its row with it. */
  g_clear_object (&b);
  g_assert_false (row_exists (fixture->store, b_id));
  g_assert_cmpint (count_rows (fixture->store), ==, 1);
  annalist_session_check (a);
  g_assert_cmpuint (annalist_session_get_others (a)->len, ==, 0);
  g_assert_cmpuint (a_changes, ==, 5);

  /* Ending removes the row; ending twice does nothing more. */
  annalist_session_end (a);
  g_assert_cmpint (annalist_session_get_id (a), ==, 0);
  g_assert_cmpint (count_rows (fixture->store), ==, 0);
  annalist_session_end (a);
  g_assert_false (annalist_session_renew (a));
  g_assert_cmpint (count_rows (fixture->store), ==, 0);
}

/* A process that opens the database and crashes (exits without ending
 * its session). */
static void
test_crashed_process (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "district.db", NULL);
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(AnnalistSession) session = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  gint64 child_id = 0, child_pid = 0;
  pid_t pid;
  int status;

  g_assert_no_error (error);
  /* The child opens the file first: this process has no connection on it
   * across the fork. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AnnalistStore *child_store = annalist_store_open (path, NULL);
      AnnalistSession *child = child_store ? annalist_session_start (child_store, 0, NULL) : NULL;

      _exit (child != NULL && annalist_session_get_id (child) > 0 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  store = annalist_store_open_existing (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store), ==, 1);

  /* Its row: fresh, of this host, and a pid that no longer runs. */
  stmt = annalist_store_prepare (store, "SELECT id, host_name, pid FROM open_session", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  child_id = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, g_get_host_name ());
  child_pid = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  g_assert_cmpint (child_pid, ==, pid);
  {
    AnnalistSessionInfo info = { .id = child_id, .host_name = (char *) g_get_host_name (),
                                 .user_name = (char *) g_get_user_name (), .pid = child_pid };

    now = g_date_time_new_now_utc ();
    info.seen_at = now;
    if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
      {
        g_test_skip ("In a Flatpak sandbox the pid is not looked at");
        annalist_store_close (store);
        remove_tree (dir);
        return;
      }
    g_assert_true (annalist_session_info_is_stale (&info, path, now, 180000));
  }

  /* The next opener ignores it and removes it. */
  session = annalist_session_start (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annalist_session_get_others (session)->len, ==, 0);
  /* (Its id may be ours now: SQLite gives a removed row's id again.) */
  g_assert_cmpint (count_pid_rows (store, child_pid), ==, 0);
  g_assert_true (row_exists (store, annalist_session_get_id (session)));
  g_assert_cmpint (count_rows (store), ==, 1);

  g_clear_object (&session);
  g_assert_cmpint (count_rows (store), ==, 0);
  annalist_store_close (store);
  remove_tree (dir);
}

static void
test_other_host (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistSession) session = NULL;
  gint64 old_row, fresh_row, dead_row, other_pid_row;
  AnnalistSessionInfo *info;

  /* Not renewed for an hour; renewed a minute ago; and on this host a
   * process that is gone, and one that runs (this one's parent). */
  old_row = insert_session_row (fixture->store, "ПК-СТАРЫЙ", "petrov", "Петров Пётр", 4242, 3600);
  fresh_row = insert_session_row (fixture->store, "ПК-МЕТОДИСТ", "ivanova", "Иванова Мария", 4242, 60);
  dead_row = insert_session_row (fixture->store, g_get_host_name (), g_get_user_name (), "",
                         dead_pid (), 0);
  other_pid_row = insert_session_row (fixture->store, g_get_host_name (), g_get_user_name (), "",
                              getppid (), 0);

  session = annalist_session_start (fixture->store, 0, &error);
  g_assert_no_error (error);

  g_assert_false (row_exists (fixture->store, old_row));
  g_assert_true (row_exists (fixture->store, fresh_row));
  g_assert_true (row_exists (fixture->store, other_pid_row));
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_assert_true (row_exists (fixture->store, dead_row));
  else
    g_assert_false (row_exists (fixture->store, dead_row));

  g_assert_true (has_other (session, fresh_row));
  g_assert_true (has_other (session, other_pid_row));
  g_assert_false (has_other (session, old_row));
  info = annalist_session_get_others (session)->pdata[0];
  g_assert_cmpint (info->id, ==, fresh_row);
  g_assert_cmpstr (info->host_name, ==, "ПК-МЕТОДИСТ");
  g_assert_cmpstr (info->user_name, ==, "ivanova");
  g_assert_cmpstr (info->real_name, ==, "Иванова Мария");

  /* The fresh row ages past three periods without a renewal: stale from
   * then on, though still there until the next opener. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 3);

    g_assert_false (annalist_session_info_is_stale (info, fixture->path, now, 180000));
    g_assert_true (annalist_session_info_is_stale (info, fixture->path, later, 180000));
    /* A row whose time cannot be read is stale. */
    {
      g_autoptr(AnnalistSessionInfo) broken = annalist_session_info_copy (info);

      g_clear_pointer (&broken->seen_at, g_date_time_unref);
      g_assert_true (annalist_session_info_is_stale (broken, fixture->path, now, 180000));
    }
  }
}

/* Our row copied into a backup is not a live session: no one renews it,
 * though its pid runs. And our row removed behind our back (a backup
 * restored over the file) is written again at the next renewal. */
static void
test_copied_row (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistSession) session = annalist_session_start (fixture->store, 0, &error);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(AnnalistStore) copy = NULL;
  g_autoptr(AnnalistSession) copy_session = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = annalist_session_get_id (session);
  g_assert_true (annalist_store_backup (fixture->store, copy_path, &error));
  g_assert_no_error (error);

  copy = annalist_store_open_existing (copy_path, &error);
  g_assert_no_error (error);
  g_assert_true (row_exists (copy, id));
  copy_session = annalist_session_start (copy, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annalist_session_get_others (copy_session)->len, ==, 0);
  g_assert_cmpint (count_rows (copy), ==, 1);
  g_assert_true (row_exists (copy, annalist_session_get_id (copy_session)));
  /* The original still knows its own row as ours (not as another). */
  g_assert_true (annalist_session_renew (session));
  g_assert_cmpuint (annalist_session_get_others (session)->len, ==, 0);
  g_clear_object (&copy_session);
  annalist_store_close (copy);

  g_assert_true (annalist_store_exec (fixture->store, "DELETE FROM open_session", NULL));
  g_assert_true (annalist_session_renew (session));
  g_assert_cmpint (annalist_session_get_id (session), >, 0);
  g_assert_true (row_exists (fixture->store, annalist_session_get_id (session)));
}

/* A renewal moves seen_at on, and is skipped, not waited for long, while
 * another connection holds the database. */
static void
test_renew (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistSession) session = annalist_session_start (fixture->store, 0, &error);
  g_autoptr(AnnalistStore) other = annalist_store_open_existing (fixture->path, &error);
  sqlite3_stmt *stmt;
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (annalist_store_exec (fixture->store,
                                      "UPDATE open_session SET seen_at = '2020-01-01T00:00:00Z'",
                                      NULL));
  g_assert_true (annalist_session_renew (session));
  stmt = annalist_store_prepare (fixture->store, "SELECT seen_at FROM open_session", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_false (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), "2020"));
  g_assert_true (g_str_has_suffix ((const char *) sqlite3_column_text (stmt, 0), "Z"));
  sqlite3_reset (stmt);

  g_assert_true (annalist_store_exec (other, "BEGIN EXCLUSIVE", NULL));
  start = g_get_monotonic_time ();
  g_assert_false (annalist_session_renew (session));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_true (annalist_store_exec (other, "ROLLBACK", NULL));
  g_assert_true (annalist_session_renew (session));
  annalist_store_close (other);
}

static char *
folder_listing (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (folder)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_readonly (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "district.db", NULL);
  g_autoptr(AnnalistStore) store = annalist_store_create (path, &error);
  g_autofree char *before = NULL, *after = NULL, *listing = NULL;
  gsize before_length, after_length;
  g_autoptr(AnnalistSession) session = NULL;

  g_assert_no_error (error);
  insert_session_row (store, "ПК-МЕТОДИСТ", "ivanova", "", 4242, 0);
  annalist_store_close (store);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  listing = folder_listing (dir);

  store = annalist_store_open_readonly (path, &error);
  g_assert_no_error (error);
  session = annalist_session_start (store, 0, &error);
  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  annalist_store_close (store);
  g_clear_object (&store);

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  {
    g_autofree char *listing_after = folder_listing (dir);

    g_assert_cmpstr (listing_after, ==, listing);
  }
  remove_tree (dir);
}

/* Adds to @others the session of @user on @host, opened at @opened_at
 * (taken). */
static void
add_other (GPtrArray  *others,
           const char *host,
           const char *user,
           const char *real_name,
           GDateTime  *opened_at)
{
  AnnalistSessionInfo *info = g_new0 (AnnalistSessionInfo, 1);

  info->host_name = g_strdup (host);
  info->user_name = g_strdup (user);
  info->real_name = g_strdup (real_name);
  info->opened_at = opened_at;
  g_ptr_array_add (others, info);
}

static void
test_describe (void)
{
  g_autoptr(GPtrArray) others =
    g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_session_info_free);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 30, 16, 20, 0);
  g_autofree char *none = NULL, *one = NULL, *two = NULL;

  if (!use_russian ())
    return;

  none = annalist_session_describe_others (others, now);
  g_assert_null (none);

  add_other (others, "ПК-МЕТОДИСТ", "ivanova", "Иванова Мария",
             g_date_time_new_local (2026, 11, 30, 14, 5, 0));
  one = annalist_session_describe_others (others, now);
  g_assert_cmpstr (one, ==,
                   "Эту базу сейчас открыл(а) также Иванова Мария (ivanova на ПК-МЕТОДИСТ) "
                   "в 14:05. Изменения одной и той же записи будут сравниваться при "
                   "сохранении.");

  /* No real name; opened on another day. */
  add_other (others, "ПК-2", "petrov", "", g_date_time_new_local (2026, 11, 29, 9, 30, 0));
  two = annalist_session_describe_others (others, now);
  g_assert_cmpstr (two, ==,
                   "Эту базу сейчас открыли также: Иванова Мария (ivanova на ПК-МЕТОДИСТ) "
                   "в 14:05, petrov на ПК-2 с 29.11.2026 09:30. Изменения одной и той же "
                   "записи будут сравниваться при сохранении.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/interval", test_interval);
  g_test_add ("/session/two-stores", StoreFixture, NULL, store_fixture_set_up,
              test_two_stores, store_fixture_tear_down);
  g_test_add_func ("/session/crashed-process", test_crashed_process);
  g_test_add ("/session/other-host", StoreFixture, NULL, store_fixture_set_up,
              test_other_host, store_fixture_tear_down);
  g_test_add ("/session/copied-row", StoreFixture, NULL, store_fixture_set_up,
              test_copied_row, store_fixture_tear_down);
  g_test_add ("/session/renew", StoreFixture, NULL, store_fixture_set_up,
              test_renew, store_fixture_tear_down);
  g_test_add_func ("/session/readonly", test_readonly);
  g_test_add_func ("/session/describe", test_describe);
  return g_test_run ();
}
