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

#include "annalist-session.h"
#include "annalist-session-notice.h"
#include "annalist-store-private.h"
#include "annalist-window.h"

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

static void
add_other (AnnalistStore *store,
           const char    *host,
           const char    *user,
           const char    *real_name,
           int            age_s)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) seen = g_date_time_add_seconds (now, -age_s);
  g_autofree char *seen_at = annalist_session_format_time (seen);
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "INSERT INTO open_session (host_name, user_name, "
                                               "real_name, pid, opened_at, seen_at) "
                                               "VALUES (?1, ?2, ?3, 4242, ?4, ?4)", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, host, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, real_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, seen_at, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
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

  add_other (other, "ПК-2", "petrov", "", 0);
  g_assert_true (wait_for (notice_shown, NULL));
  g_assert_nonnull (strstr (annalist_session_notice_get_text (notice ()), "petrov on ПК-2 at "));

  g_assert_true (annalist_store_exec (other,
                                      "UPDATE open_session SET seen_at = '2020-01-01T00:00:00Z' "
                                      "WHERE user_name = 'petrov'", NULL));
  annalist_store_close (other);
  g_assert_true (wait_for (notice_hidden, NULL));
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "session", FALSE);
  g_setenv ("ANNALIST_SESSION_INTERVAL_MS", INTERVAL_MS, TRUE);

  {
    g_autoptr(AnnalistStore) other = other_store ();

    add_other (other, "ПК-МЕТОДИСТ", "ivanova", "Иванова Мария", 0);
    annalist_store_close (other);
  }

  g_test_add_func ("/window-session/shown-at-start", test_shown_at_start);
  g_test_add_func ("/window-session/hidden-when-gone", test_hidden_when_gone);
  g_test_add_func ("/window-session/comes-and-goes-stale", test_comes_and_goes_stale);

  return window_test_run (NULL);
}
