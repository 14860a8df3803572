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
  g_assert_true (wait_for (toast_says, (gpointer) "Undone: changed: Event"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpint (participants (store (), id), ==, 4321);
  g_assert_true (wait_for (toast_says, (gpointer) "Redone: changed: Event"));
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

  return window_test_run (NULL);
}
