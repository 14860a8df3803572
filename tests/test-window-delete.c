/* test-window-delete.c — a record others need is not deleted; where the
 * selection goes after a deletion or a save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the sample district, Delete on an organisation that events name
 * deletes nothing: a dialog counts, by kind, the records that need it
 * (as the store counts them) and offers to mark it «Не действует»
 * instead, as one change the toast's Undo takes back. With
 * $ANNALIST_SCREENSHOT_DIR set it saves the dialog at 1024×600. Run
 * under Xvfb.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "annalist-delete.h"
#include "annalist-editor.h"
#include "annalist-list-page.h"
#include "annalist-record.h"
#include "annalist-store-private.h"
#include "annalist-window.h"

#include "window-test.h"

/* An organisation of the sample that events name (the one named by the
 * most records), or NULL. */
static AnnalistRecord *
needed_organisation (AnnalistListPage *page)
{
  GListModel *rows = annalist_list_page_get_rows (page);
  AnnalistStore *store = annalist_list_page_get_store (page);
  AnnalistRecord *best = NULL;
  gint64 most = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (rows, i);
      g_autoptr(GArray) dependents =
        annalist_store_dependents (store, annalist_record_get_kind (record),
                                   annalist_record_get_id (record), NULL);
      gboolean events = FALSE;
      gint64 all = 0;

      for (guint j = 0; j < dependents->len; j++)
        {
          AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, j);

          events |= g_str_has_prefix (d->kind->name, "event");
          all += d->blocks ? d->count : 0;
        }
      if (events && all > most)
        {
          g_clear_object (&best);
          best = g_object_ref (record);
          most = all;
        }
    }
  return best;
}

static gboolean
is_active (AnnalistStore  *store,
           AnnalistRecord *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) stored = annalist_store_load (store, annalist_record_get_kind (record),
                                                          annalist_record_get_id (record), &error);

  g_assert_no_error (error);
  return g_variant_get_boolean (annalist_record_get (stored, "active"));
}

typedef struct
{
  AnnalistStore  *store;
  AnnalistRecord *record;
} Check;

static gboolean
active_again (gpointer data)
{
  Check *check = data;

  return is_active (check->store, check->record);
}

static void
test_needed_organisation (void)
{
  AnnalistListPage *page;
  AnnalistStore *store;
  g_autoptr(AnnalistRecord) organisation = NULL;
  g_autoptr(GArray) dependents = NULL;
  AdwMessageDialog *dialog;
  const char *body;
  GtkWidget *undo;
  guint listed;
  guint kinds = 0;
  g_auto(GStrv) lines = NULL;

  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  annalist_window_show_section (window, "organisation");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  iterate ();
  page = list_page ();
  store = annalist_list_page_get_store (page);
  listed = annalist_list_page_get_count (page);
  organisation = needed_organisation (page);
  g_assert_nonnull (organisation);
  g_assert_true (is_active (store, organisation));
  g_assert_true (annalist_list_page_select_id (page, annalist_record_get_id (organisation)));

  /* Delete: nothing deleted, the dialog counts what needs it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  dialog = wait_for_dialog ();
  save_screenshot (GTK_WIDGET (dialog), "delete-refused-1024x600.png");
  body = adw_message_dialog_get_body (dialog);
  lines = g_strsplit (body, "\n", -1);
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed);
  g_assert_cmpstr (lines[0], ==, "Other records need it:");
  dependents = annalist_store_dependents (store, annalist_record_get_kind (organisation),
                                          annalist_record_get_id (organisation), NULL);
  for (guint i = 0; i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      g_autofree char *count = g_strdup_printf (": %" G_GINT64_FORMAT, d->count);
      gboolean found = FALSE;

      /* A line of the kind («Events: 2», or «Events (organising
       * organisations): 2» where the kind names it twice) with the
       * store's count. */
      g_assert_true (d->blocks);
      for (guint l = 0; lines[l] != NULL; l++)
        found |= g_str_has_prefix (lines[l], d->kind->label) &&
                 g_str_has_suffix (lines[l], count) &&
                 (strchr (lines[l], '(') == NULL ||
                  strstr (lines[l] + strlen (d->kind->label),
                          annalist_kind_field (d->kind, d->column)->label) != NULL);
      g_assert_true (found);
      kinds++;
    }
  g_assert_cmpuint (kinds, >=, 1);
  {
    g_autofree char *needed = annalist_delete_needed_by (store,
                                                         annalist_record_get_kind (organisation),
                                                         annalist_record_get_id (organisation));
    g_assert_nonnull (strstr (body, needed));
  }
  g_assert_true (adw_message_dialog_has_response (dialog, "inactive"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "inactive"), ==,
                   "_Mark “Not active”");

  /* «Mark “Not active”»: one change, and its Undo brings it back. */
  respond (dialog, "inactive");
  g_assert_true (wait_for (toast_says, (gpointer) "marked “Not active”"));
  g_assert_false (is_active (store, organisation));
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  undo = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (undo);
  gtk_widget_activate (undo);
  g_assert_true (wait_for (active_again, &(Check) { store, organisation }));

  /* Already inactive: the dialog only says so. */
  g_assert_true (annalist_delete_mark_inactive (NULL, store, organisation, NULL));
  g_assert_true (annalist_list_page_select_id (page, annalist_record_get_id (organisation)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  dialog = wait_for_dialog ();
  g_assert_false (adw_message_dialog_has_response (dialog, "inactive"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "already marked"));
  respond (dialog, "close");
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed);
}

static gboolean
focus_on_row (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, data);
}

static gint64
row_id (AnnalistListPage *page,
        guint             position)
{
  g_autoptr(AnnalistRecord) record = g_list_model_get_item (annalist_list_page_get_rows (page),
                                                            position);

  return annalist_record_get_id (record);
}

/* Delete on a row, as the keyboard gives it: the next record takes the
 * selection and the focus, so Delete or Enter goes on from there — the
 * list used to be read again with nothing selected and the focus on its
 * first row. A change made elsewhere keeps the selected record. */
static void
test_selection_after_delete (void)
{
  AnnalistListPage *page;
  AnnalistRecord *selected;
  GtkWidget *view;
  gint64 second;
  guint listed;

  annalist_window_show_section (window, "event");
  page = list_page ();
  annalist_list_page_set_year (page, ANNALIST_ALL_YEARS);
  view = GTK_WIDGET (annalist_list_page_get_view (page));
  listed = annalist_list_page_get_count (page);
  g_assert_cmpuint (listed, >, 3);
  second = row_id (page, 1);

  g_assert_true (annalist_list_page_focus_rows (page));
  g_assert_true (focus_on_row (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed - 1);
  selected = annalist_list_page_get_selected (page);
  g_assert_nonnull (selected);
  g_assert_cmpint (annalist_record_get_id (selected), ==, second);
  g_assert_true (wait_for (focus_on_row, view));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), view));

  /* Changed elsewhere (the history's undo): still the same record. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed);
  selected = annalist_list_page_get_selected (page);
  g_assert_nonnull (selected);
  g_assert_cmpint (annalist_record_get_id (selected), ==, second);
  g_assert_true (wait_for (focus_on_row, view));
}

/* The row widget of the view showing @position, or NULL. */
static GtkWidget *
row_widget (GtkWidget *view,
            guint      position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "annalist-list-item") : NULL;

      if (item != NULL && gtk_list_item_get_item (item) != NULL &&
          gtk_list_item_get_position (item) == position && gtk_widget_get_mapped (child))
        return child;
    }
  return NULL;
}

/* Where @row's top is in @view, or G_MAXINT when not shown. */
static int
row_top (GtkWidget *view,
         GtkWidget *row)
{
  graphene_point_t point;

  if (row == NULL ||
      !gtk_widget_compute_point (row, view, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_MAXINT;
  return (int) point.y;
}

/* Delete in the middle of a long list: the list stays where it was, the
 * next record selected and focused where the deleted one was — the list
 * used to jump so that this row came to its top, and the person lost
 * sight of where she was. The same after the undo. */
static void
check_scroll_kept (const char *section,
                   int         width,
                   int         height)
{
  AnnalistListPage *page;
  GtkAdjustment *adjustment;
  GtkWidget *view;
  GtkWidget *row = NULL;
  double value, middle;
  gint64 next;
  guint listed, position = G_MAXUINT;
  int top;

  wait_for_size (GTK_WINDOW (window), width, height);
  annalist_window_show_section (window, section);
  page = list_page ();
  annalist_list_page_set_year (page, ANNALIST_ALL_YEARS);
  view = GTK_WIDGET (annalist_list_page_get_view (page));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  wait_frames (view, 2);
  listed = annalist_list_page_get_count (page);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     2.5 * gtk_adjustment_get_page_size (adjustment));

  /* Scrolled to the middle, a row halfway down the view focused (not by
   * setting the adjustment: GTK 4.8's grid view jumped that far shows no
   * rows). */
  gtk_widget_activate_action (view, "list.scroll-to-item", "u", listed / 2);
  wait_frames (view, 2);
  middle = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (middle, >, gtk_adjustment_get_page_size (adjustment));
  for (guint i = 0; i < listed - 1; i++)
    {
      row = row_widget (view, i);
      if (row != NULL && row_top (view, row) > gtk_widget_get_height (view) / 2)
        {
          position = i;
          break;
        }
    }
  g_assert_cmpuint (position, <, listed - 1);
  next = row_id (page, position + 1);
  g_assert_true (annalist_list_page_select_id (page, row_id (page, position)));
  /* (The focus a frame later, as a click gives it: GTK 4.8 scrolling to
   * a row twice in a frame measures the second time from rows it has
   * just made, at height 0.) */
  wait_frames (view, 2);
  g_assert_true (gtk_widget_grab_focus (row));
  wait_frames (view, 2);
  value = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (fabs (value - middle), <, 1);
  top = row_top (view, row);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  g_assert_true (wait_for (focus_on_row, view));
  wait_frames (view, 3);
  g_test_message ("value %g → %g, row at %d → %d", value, gtk_adjustment_get_value (adjustment),
                  top, row_top (view, row_widget (view, position)));
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed - 1);
  g_assert_cmpint (annalist_record_get_id (annalist_list_page_get_selected (page)), ==, next);
  g_assert_cmpuint (gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_grid_view_get_model (GTK_GRID_VIEW (view)))),
                    ==, position);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - value), <, 2);
  row = row_widget (view, position);
  g_assert_cmpint (ABS (row_top (view, row) - top), <=, 2);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), row) ||
                 gtk_root_get_focus (GTK_ROOT (window)) == row);
  {
    g_autofree char *name = g_strdup_printf ("delete-kept-scroll-%dx%d.png", width, height);

    save_screenshot (GTK_WIDGET (window), name);
  }

  /* Undo: the deleted record back in its place, the list where it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_for (focus_on_row, view));
  wait_frames (view, 3);
  g_assert_cmpuint (annalist_list_page_get_count (page), ==, listed);
  g_assert_cmpint (annalist_record_get_id (annalist_list_page_get_selected (page)), ==, next);
  g_test_message ("undone: value %g → %g, row at %d → %d", value, gtk_adjustment_get_value (adjustment),
                  top, row_top (view, row_widget (view, position)));
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - value), <, 2);
  g_assert_cmpint (ABS (row_top (view, row_widget (view, position)) - top), <=, 2);

  /* Saved from its form (Enter on the row): the list where it was, the
   * record still selected where it is. */
  {
    AnnalistEditor *editor;
    gint64 id = row_id (page, position);

    g_assert_true (annalist_list_page_select_id (page, id));
    wait_frames (view, 2);
    g_signal_emit_by_name (view, "activate", position);
    editor = wait_for_editor (NULL);
    type_into (editor, "period_text", "весь учебный год");
    save_editor (editor);
    g_assert_true (wait_for (window_gone, editor));
    wait_frames (view, 3);
    g_assert_cmpint (annalist_record_get_id (annalist_list_page_get_selected (page)), ==, id);
    g_test_message ("saved: value %g → %g, row at %d → %d", value,
                    gtk_adjustment_get_value (adjustment), top,
                    row_top (view, row_widget (view, position)));
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - value), <, 2);
    g_assert_cmpint (ABS (row_top (view, row_widget (view, position)) - top), <=, 2);
  }
}

/* The sample's six events copied until the list is several screens long. */
static void
lengthen_events (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  char *message = NULL;

  for (guint i = 0; i < 4; i++)
    {
      int rc = sqlite3_exec (annalist_store_get_db (store),
                             "CREATE TEMP TABLE copied AS SELECT * FROM event;"
                             "UPDATE copied SET id = id + (SELECT MAX(id) FROM event);"
                             "INSERT INTO event SELECT * FROM copied;"
                             "DROP TABLE copied;",
                             NULL, NULL, &message);

      g_assert_cmpstr (message, ==, NULL);
      g_assert_cmpint (rc, ==, SQLITE_OK);
    }
  annalist_store_emit_changed (store, annalist_kind_lookup ("event"));
}

static void
test_scroll_after_delete (void)
{
  lengthen_events ();
  check_scroll_kept ("event", 1024, 600);
  check_scroll_kept ("event", 1280, 800);
}

/* A record made with the form (Ctrl+N, Ctrl+S) is the one selected and
 * shown afterwards, wherever the list's order put it. */
static void
test_new_record_selected (void)
{
  AnnalistListPage *page;
  AnnalistEditor *editor;
  AnnalistRecord *selected;

  annalist_window_show_section (window, "organisation");
  page = list_page ();
  g_assert_true (annalist_list_page_focus_rows (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor (NULL);
  type_into (editor, "short_name", "Школа № 999");
  type_into (editor, "full_name", "ГБОУ средняя школа № 999");
  choose_in_combo (editor, "type_id", 2);
  save_editor (editor);

  selected = annalist_list_page_get_selected (page);
  g_assert_nonnull (selected);
  g_assert_cmpstr (annalist_record_get_string (selected, "short_name"), ==, "Школа № 999");
  g_assert_true (wait_for (focus_on_row, GTK_WIDGET (annalist_list_page_get_view (page))));
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-delete", TRUE);
  g_test_add_func ("/delete/needed-organisation", test_needed_organisation);
  g_test_add_func ("/delete/selection-after-delete", test_selection_after_delete);
  g_test_add_func ("/delete/new-record-selected", test_new_record_selected);
  g_test_add_func ("/delete/scroll-after-delete", test_scroll_after_delete);
  return window_test_run (NULL);
}
