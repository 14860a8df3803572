/* test-window-session.c — the window says who else has the database open
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application (window-test.c) on a database where another
 * Annalist, of another computer, has a live row in open_session; renewals
 * every 2 seconds (ANNALIST_SESSION_INTERVAL_MS). The notice at the top of
 * the window names that person and computer, hides once the row goes, and
 * shows again when another comes — and goes once that one stops renewing.
 * Run under Xvfb.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annalist-file-dialog.h"
#include "annalist-session.h"
#include "annalist-session-notice.h"
#include "annalist-store-private.h"
#include "annalist-window.h"

#include "temp-tree.h"
#include "window-test.h"

#define INTERVAL_MS "2000"

/* Another connection on the window's database, as another Annalist. */
static AnnalistStore *
other_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_dir, "district.db", NULL);
  AnnalistStore *store = annalist_store_open_existing (path, &error);

  g_assert_no_error (error);
  return store;
}

static AnnalistSessionNotice *
notice (void)
{
  GtkWidget *found = find_descendant (GTK_WIDGET (window), ANNALIST_TYPE_SESSION_NOTICE);

  g_assert_nonnull (found);
  return ANNALIST_SESSION_NOTICE (found);
}

static gboolean
notice_shown (gpointer data)
{
  return annalist_session_notice_get_shown (notice ()) &&
         gtk_widget_get_mapped (GTK_WIDGET (notice ()));
}

static gboolean
notice_hidden (gpointer data)
{
  return !annalist_session_notice_get_shown (notice ()) &&
         !gtk_widget_get_visible (GTK_WIDGET (notice ()));
}

/* Before the window opened, ivanova on ПК-МЕТОДИСТ had the database open. */
static void
test_shown_at_start (void)
{
  const char *text;

  g_assert_true (wait_for (notice_shown, NULL));
  text = annalist_session_notice_get_text (notice ());
  g_assert_nonnull (strstr (text, "Иванова Мария (ivanova on ПК-МЕТОДИСТ) at "));
  g_assert_true (g_str_has_prefix (text, "This database is also open by "));

  /* Our own row is there too, renewed, and not among the others. */
  {
    AnnalistSession *session = annalist_session_notice_get_session (notice ());

    g_assert_nonnull (session);
    g_assert_cmpint (annalist_session_get_id (session), >, 0);
    g_assert_cmpuint (annalist_session_get_interval (session), ==, atoi (INTERVAL_MS));
    g_assert_cmpuint (annalist_session_get_others (session)->len, ==, 1);
  }
}

/* Ivanova quits: within a renewal the notice goes. */
static void
test_hidden_when_gone (void)
{
  g_autoptr(AnnalistStore) other = other_store ();

  g_assert_true (annalist_store_exec (other, "DELETE FROM open_session WHERE user_name = 'ivanova'",
                                      NULL));
  annalist_store_close (other);
  g_assert_true (wait_for (notice_hidden, NULL));
}

/* Petrov opens it meanwhile: shown at the next renewal; then his Annalist
 * stops renewing (a crash on his computer): gone once the row is stale. */
static void
test_comes_and_goes_stale (void)
{
  g_autoptr(AnnalistStore) other = other_store ();

  insert_session_row (other, "ПК-2", "petrov", "", 4242, 0);
  g_assert_true (wait_for (notice_shown, NULL));
  g_assert_nonnull (strstr (annalist_session_notice_get_text (notice ()), "petrov on ПК-2 at "));

  g_assert_true (annalist_store_exec (other,
                                      "UPDATE open_session SET seen_at = '2020-01-01T00:00:00Z' "
                                      "WHERE user_name = 'petrov'", NULL));
  annalist_store_close (other);
  g_assert_true (wait_for (notice_hidden, NULL));
}

static gint64
rows_of_this_process (AnnalistStore *store)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT count(*) FROM open_session WHERE pid = ?1",
                                               NULL);
  gint64 count;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, getpid ());
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* Another database shown: our row moves with it, and back. */
static void
test_switch_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_dir, "district.db", NULL);
  g_autofree char *second_path = g_build_filename (test_dir, "second.db", NULL);
  AnnalistApplication *application =
    ANNALIST_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr(AnnalistStore) other = other_store ();
  g_autoptr(AnnalistStore) second = annalist_store_create (second_path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (rows_of_this_process (other), ==, 1);
  g_assert_cmpint (rows_of_this_process (second), ==, 0);

  g_assert_true (annalist_application_open_database (application, second_path,
                                                     GTK_WINDOW (window)));
  g_assert_cmpint (rows_of_this_process (other), ==, 0);
  g_assert_cmpint (rows_of_this_process (second), ==, 1);
  g_assert_true (notice_hidden (NULL));

  g_assert_true (annalist_application_open_database (application, path, GTK_WINDOW (window)));
  g_assert_cmpint (rows_of_this_process (other), ==, 1);
  g_assert_cmpint (rows_of_this_process (second), ==, 0);
  annalist_store_close (second);
  annalist_store_close (other);
}

static gboolean
showing (gpointer path)
{
  return g_strcmp0 (annalist_store_get_path (annalist_window_get_store (window)), path) == 0;
}

/* «Сохранить копию…», «Новая база данных…» and «Открыть базу данных…»
 * through the file dialog: a name typed without its extension gets .db,
 * and only opening lists every file. */
static void
test_database_dialogs (void)
{
  g_autofree char *path = g_build_filename (test_dir, "district.db", NULL);
  g_autofree char *copy = g_build_filename (test_dir, "копия.db", NULL);
  g_autofree char *created = g_build_filename (test_dir, "новая.db", NULL);
  g_autoptr(GFile) typed_copy = g_file_new_build_filename (test_dir, "копия", NULL);
  g_autoptr(GFile) typed_new = g_file_new_build_filename (test_dir, "новая", NULL);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy);
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  const char * const saved[] = { "Annalist databases", NULL };
  const char * const opened[] = { "Annalist databases", "All files", NULL };

  annalist_file_dialog_set_test_answer (TRUE, typed_copy);
  g_action_group_activate_action (G_ACTION_GROUP (application), "save-copy", NULL);
  g_assert_true (wait_for (toast_says, (gpointer) "A copy is saved as “копия.db”"));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "district (copy).db");
  g_assert_true (g_strv_equal (annalist_file_dialog_get_test_offered_filters (), saved));
  g_assert_true (showing (path));

  annalist_file_dialog_set_test_answer (TRUE, typed_new);
  g_action_group_activate_action (G_ACTION_GROUP (application), "new", NULL);
  g_assert_true (wait_for (showing, created));
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "district.db");

  annalist_file_dialog_set_test_answer (TRUE, copy_file);
  g_action_group_activate_action (G_ACTION_GROUP (application), "open", NULL);
  g_assert_true (wait_for (showing, copy));
  g_assert_true (g_strv_equal (annalist_file_dialog_get_test_offered_filters (), opened));
  annalist_file_dialog_set_test_answer (FALSE, NULL);

  g_assert_true (annalist_application_open_database (ANNALIST_APPLICATION (application), path,
                                                     GTK_WINDOW (window)));
}

/* After the application's shutdown (which closed the store): our row is
 * gone, the others' rows stay. -1 until then. */
static gint64 rows_after_quit = -1;

static void
after_shutdown (GApplication *application)
{
  g_autofree char *path = g_build_filename (test_dir, "district.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_open_readonly (path, &error);

  g_assert_no_error (error);
  rows_after_quit = rows_of_this_process (store);
  annalist_store_close (store);
}

static void
test_quit_removes (void)
{
  g_signal_connect_after (gtk_window_get_application (GTK_WINDOW (window)), "shutdown",
                          G_CALLBACK (after_shutdown), NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  window_test_init (&argc, &argv, "session", FALSE);
  g_setenv ("ANNALIST_SESSION_INTERVAL_MS", INTERVAL_MS, TRUE);

  {
    g_autoptr(AnnalistStore) other = other_store ();

    insert_session_row (other, "ПК-МЕТОДИСТ", "ivanova", "Иванова Мария", 4242, 0);
    annalist_store_close (other);
  }

  g_test_add_func ("/window-session/shown-at-start", test_shown_at_start);
  g_test_add_func ("/window-session/hidden-when-gone", test_hidden_when_gone);
  g_test_add_func ("/window-session/comes-and-goes-stale", test_comes_and_goes_stale);

  g_test_add_func ("/window-session/switch-database", test_switch_database);
  g_test_add_func ("/window-session/database-dialogs", test_database_dialogs);
  /* Checked after the quit, below. */
  g_test_add_func ("/window-session/quit-removes", test_quit_removes);

  status = window_test_run (NULL);
  if (rows_after_quit != 0)
    {
      g_printerr ("Bail out! %" G_GINT64_FORMAT " rows of this process left after the quit\n",
                  rows_after_quit);
      return 1;
    }
  return status;
}
