/* test-window-history.c — Ctrl+Z and Ctrl+Shift+Z in the window, a form's
 * history, and a form saved after someone else's save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "annalist-history.h"
#include "annalist-list-page.h"
#include "annalist-store-private.h"
#include "annalist-window.h"

#include "temp-tree.h"
#include "window-test.h"

static AnnalistStore *
store (void)
{
  return annalist_window_get_store (window);
}

static gint64
first_event (void)
{
  return store_int (store (), "SELECT min(id) FROM event");
}

static gint64
participants (AnnalistStore *db,
              gint64         id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (participants, -1) FROM event WHERE id = %"
                                          G_GINT64_FORMAT, id);
  return store_int (db, sql);
}

static void
set_participants (AnnalistStore *db,
                  gint64         id,
                  gint64         value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) event = annalist_store_load (db, annalist_kind_lookup ("event"), id, &error);

  g_assert_no_error (error);
  annalist_record_set_int (event, "participants", value);
  g_assert_true (annalist_store_update (db, event, &error));
  g_assert_no_error (error);
}

static void
test_undo_redo_keys (void)
{
  gint64 id = first_event ();
  gint64 before = participants (store (), id);

  annalist_window_show_section (window, "event");
  set_participants (store (), id, 4321);

  /* Ctrl+Z: the window's binding, as the keyboard gives it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (participants (store (), id), ==, before);
  g_assert_true (wait_for (toast_says, (gpointer) "Undone: Changed: Event"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpint (participants (store (), id), ==, 4321);
  g_assert_true (wait_for (toast_says, (gpointer) "Redone: Changed: Event"));
}

/* Within two seconds: a toast queued behind another shows only when that
 * one's ten seconds are over. */
static gboolean
soon (Condition condition,
      gpointer  data)
{
  return wait_for_within (condition, data, 2);
}

static gboolean
toast_gone (gpointer text)
{
  return !toast_says (text);
}

/* Delete, then Ctrl+Z: the deletion's «Undo» toast, now stale, goes, and
 * what Ctrl+Z did is said at once — it used to wait behind the other. */
static void
test_undo_after_delete_said_at_once (void)
{
  AnnalistListPage *page;
  gint64 id = first_event ();
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM event WHERE id = %" G_GINT64_FORMAT,
                                          id);

  annalist_window_show_section (window, "event");
  page = list_page ();
  annalist_list_page_set_year (page, ANNALIST_ALL_YEARS);
  g_assert_true (annalist_list_page_select_id (page, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  g_assert_cmpint (store_int (store (), sql), ==, 0);
  g_assert_true (soon (toast_says, (gpointer) "deleted"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (store_int (store (), sql), ==, 1);
  g_assert_true (soon (toast_says, (gpointer) "Undone: "));
  g_assert_true (soon (toast_gone, (gpointer) "deleted"));
  save_screenshot (GTK_WIDGET (window), "undo-after-delete.png");

  /* A second Ctrl+Z is said at once too, not after the first's toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpint (store_int (store (), sql), ==, 0);
  g_assert_true (soon (toast_says, (gpointer) "Redone: "));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (store_int (store (), sql), ==, 1);
  g_assert_true (soon (toast_says, (gpointer) "Undone: "));
  g_assert_true (soon (toast_gone, (gpointer) "Redone: "));
}

/* The close button of the toast that says @data. */
static gboolean
is_toast_close (GtkWidget *widget,
                gpointer   data)
{
  GtkWidget *toast;

  if (!GTK_IS_BUTTON (widget) ||
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") != 0)
    return FALSE;
  for (toast = gtk_widget_get_parent (widget); toast != NULL; toast = gtk_widget_get_parent (toast))
    if (g_strcmp0 (gtk_widget_get_css_name (toast), "toast") == 0)
      return find_widget (toast, is_label_saying, data) != NULL;
  return FALSE;
}

static void
close_toast (const char *text)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_toast_close, (gpointer) text);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* The news of an undo closed while the stale «Undo» waits behind it: the
 * stale one does not come back (and libadwaita 1.2 does not crash, as it
 * did when it was taken away on a timer while it was coming back). A
 * toast that offers no undo («Saved — Open») is not taken away. Not
 * sooner than 0.3 s: libadwaita 1.2 itself crashes when a toast that
 * replaced another is closed in the first 0.2 s of its showing. */
static void
test_undo_toast_closed (void)
{
  AnnalistListPage *page;
  gint64 id = first_event ();

  annalist_window_show_section (window, "event");
  page = list_page ();
  annalist_list_page_set_year (page, ANNALIST_ALL_YEARS);

  for (guint ms = 300; ms <= 700; ms += 350)
    {
      gint64 end;

      g_assert_true (annalist_list_page_select_id (page, id));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
      g_assert_true (soon (toast_says, (gpointer) "deleted"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
      g_assert_true (soon (toast_says, (gpointer) "Undone: "));
      wait_ms (ms);
      close_toast ("Undone: ");
      /* Still fading out, perhaps; then gone for good. */
      g_assert_true (soon (toast_gone, (gpointer) "deleted"));
      end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC / 2;
      while (g_get_monotonic_time () < end)
        {
          g_assert_false (toast_says ((gpointer) "deleted"));
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
    }

  /* Not an undo toast: it comes back once the news of the undo goes. */
  annalist_window_add_toast (window, adw_toast_new ("Written, not undoable"));
  g_assert_true (soon (toast_says, (gpointer) "Written, not undoable"));
  set_participants (store (), id, 77);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (soon (toast_says, (gpointer) "Undone: "));
  wait_ms (700);
  close_toast ("Undone: ");
  g_assert_true (soon (toast_says, (gpointer) "Written, not undoable"));
}

static gboolean
is_history_group (GtkWidget *widget,
                  gpointer   data)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)),
                    "History of Changes") == 0;
}

static gboolean
has_history_group (gpointer editor)
{
  return find_widget (editor, is_history_group, NULL) != NULL;
}

static gboolean
is_row_titled (GtkWidget *widget,
               gpointer   part)
{
  return ADW_IS_ACTION_ROW (widget) &&
         strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), part) != NULL;
}

static gboolean
row_titled (GtkWidget  *root,
            const char *part)
{
  return find_widget (root, is_row_titled, (gpointer) part) != NULL;
}

static void
test_form_history_and_conflict (void)
{
  g_autoptr(GError) error = NULL;
  gint64 id = first_event ();
  g_autoptr(AnnalistRecord) event = NULL;
  g_autoptr(AnnalistStore) other = NULL;
  AnnalistEditor *editor;
  AdwMessageDialog *dialog;
  g_autofree char *path = g_strdup (annalist_store_get_path (store ()));

  set_participants (store (), id, 77);
  event = annalist_store_load (store (), annalist_kind_lookup ("event"), id, &error);
  g_assert_no_error (error);

  editor = annalist_editor_new (store (), event, 2022, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (editor));
  editor = wait_for_editor (NULL);

  /* The form lists the record's changes. */
  g_assert_true (has_history_group (editor));
  g_assert_true (row_titled (GTK_WIDGET (editor), "→ 77"));

  /* Another Annalist on the same file saves the record meanwhile. */
  other = annalist_store_open (path, &error);
  g_assert_no_error (error);
  set_participants (other, id, 88);

  type_into (editor, "participants", "99");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  dialog = wait_for_dialog_headed ("The Record Was Changed Meanwhile");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "after you opened it"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "yours “99”, saved “88”"));
  g_assert_cmpint (participants (store (), id), ==, 88);

  /* Loading the saved values shows theirs; then a save goes through. */
  respond (dialog, "reload");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (editor, "participants"))),
                   ==, "88");
  type_into (editor, "participants", "90");
  save_editor (editor);
  g_assert_true (wait_for (window_gone, editor));
  g_assert_cmpint (participants (store (), id), ==, 90);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-history", TRUE);

  g_test_add_func ("/window-history/undo-redo-keys", test_undo_redo_keys);
  g_test_add_func ("/window-history/form-history-and-conflict", test_form_history_and_conflict);
  g_test_add_func ("/window-history/undo-toast-closed", test_undo_toast_closed);
  g_test_add_func ("/window-history/undo-after-delete-said-at-once",
                   test_undo_after_delete_said_at_once);

  return window_test_run (NULL);
}
