/* annalist-list-page.c — the records of one kind in a table
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page serves every kind: its columns are the LISTED fields of the
 * kind's descriptors. The model is an AnnalistRecordList (ids only, records
 * read when a row shows), so 100 000 records cost 800 KB and a handful of
 * row widgets. Sorting is done by SQLite, asked for by the header's
 * buttons. Searching runs in C over a compact index (AnnalistSearchIndex,
 * built once per list) because SQLite re-folding every row on every
 * keystroke is too slow for 100 000 records.
 *
 * The table is a one-column GtkGridView of AnnalistTableRow, each drawing
 * its cells, under a header row laid out with the same column widths; not
 * a GtkColumnView: in GTK 4.8 a column view keeps 200 rows of widgets (a
 * widget, a list item and a label per cell) alive whatever its height and
 * rebuilds them all on every change of its model, which made a search
 * keystroke over 100 000 records cost 80 ms and start-up 100 ms more. A
 * grid view keeps about thirty rows.
 */

#define G_LOG_DOMAIN "annalist-list-page"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-list-page-private.h"
#include "annalist-record-list.h"
#include "annalist-search-index.h"
#include "annalist-store-private.h"
#include "annalist-table-row.h"
#include "annalist-ui.h"
#include "annalist-window.h"

G_DEFINE_FINAL_TYPE (AnnalistListPage, annalist_list_page, ADW_TYPE_BIN)

/* The list and its panel are named for a screen reader by what they list
 * (GTK 4.8 would read the panel by its type). */
static void
name_list (AnnalistListPage *self,
           const char       *name)
{
  GtkWidget *list = gtk_stack_get_child_by_name (self->stack, "list");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_stack_page_set_title (gtk_stack_get_page (self->stack, list), name);
}

enum {
  PROP_0,
  PROP_COUNT,
  PROP_HAS_SELECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_write_actions (AnnalistListPage *self);
static void settle_later         (AnnalistListPage *self);

/* Search ---------------------------------------------------------------------------- */

static void
clear_index (AnnalistListPage *self)
{
  g_clear_pointer (&self->index, annalist_search_index_free);
  g_clear_pointer (&self->last_needle, g_free);
  g_clear_pointer (&self->matches, g_array_unref);
}

static void
build_index (AnnalistListPage *self)
{
  g_autoptr(GHashTable) spans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) unordered = NULL;
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  if (self->index != NULL || self->base == NULL)
    return;

  expression = annalist_search_index_expression (self->kind);
  sql = g_strdup_printf ("SELECT t.id, %s FROM %s AS t",
                         expression, self->kind->name);
  stmt = annalist_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  /* Read in the table's order, then laid out in the list's. */
  unordered = g_string_sized_new (4096);
  spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      gsize *span = g_new (gsize, 2);   /* offset, length */

      *id = sqlite3_column_int64 (stmt, 0);
      span[0] = unordered->len;
      span[1] = (gsize) sqlite3_column_bytes (stmt, 1);
      g_string_append_len (unordered, value ? value : "", span[1]);
      g_hash_table_insert (spans, id, span);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    g_warning ("Search index of %s: %s", self->kind->name,
               sqlite3_errmsg (annalist_store_get_db (self->store)));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->base));
  self->index = annalist_search_index_new (n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = annalist_record_list_get_id (self->base, i);
      const gsize *span = g_hash_table_lookup (spans, &id);

      if (span != NULL)
        annalist_search_index_append (self->index, unordered->str + span[0], span[1]);
      else
        annalist_search_index_append (self->index, "", 0);
    }
}

/* The search's matches (positions in `base`), or NULL for all of them. */
static GArray *
search_matches (AnnalistListPage *self)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (self->search ? self->search : ""));
  g_autofree char *needle = NULL;
  GArray *within = NULL;

  if (*trimmed == '\0')
    {
      g_clear_pointer (&self->last_needle, g_free);
      g_clear_pointer (&self->matches, g_array_unref);
      return NULL;
    }

  build_index (self);
  if (self->index == NULL)
    return NULL;

  /* Typing one more letter narrows the last result: look only there. */
  needle = g_steal_pointer (&trimmed);
  if (self->last_needle != NULL && self->matches != NULL &&
      annalist_search_index_narrows (needle, self->last_needle))
    within = self->matches;

  within = annalist_search_index_find (self->index, needle, within);
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = within;
  g_free (self->last_needle);
  self->last_needle = g_steal_pointer (&needle);
  return self->matches;
}

/* The records the search and the column filters leave. */
static GListModel *
filtered_model (AnnalistListPage *self)
{
  GArray *matches;

  g_clear_pointer (&self->shown_positions, g_array_unref);
  if (self->base == NULL)
    return NULL;

  matches = search_matches (self);
  if (annalist_list_page_filters_active (self))
    self->shown_positions = annalist_list_page_filter_positions (self, matches);
  else if (matches != NULL)
    self->shown_positions = g_array_ref (matches);

  if (self->shown_positions == NULL)
    return g_object_ref (G_LIST_MODEL (self->base));
  return G_LIST_MODEL (annalist_record_list_new_subset (self->base, self->shown_positions));
}

/* Showing ---------------------------------------------------------------------------- */

static void
update_empty_page (AnnalistListPage *self,
                   guint             n_items)
{
  g_autofree char *description = NULL;
  const char *title;

  /* Filtered to nothing, the header stays: its filters are cleared there. */
  if (n_items > 0 || annalist_list_page_filters_active (self))
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (self->search != NULL && *self->search != '\0')
    {
      title = _("Nothing Found");
      description = g_strdup_printf (_("No record contains “%s”. Check the spelling or "
                                       "search for a part of a word."), self->search);
    }
  else if (self->owner_column != NULL)
    {
      /* Under a record a short line says it: a form holds many lists. */
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  else if (self->year != ANNALIST_ALL_YEARS &&
           (self->kind->year_column != NULL || self->kind->period_from != NULL))
    {
      g_autofree char *year = annalist_academic_year_label (self->year);

      title = _("No Records for This Year");
      description = g_strdup_printf (_("There are no records for the %s academic year. "
                                       "Add the first with “New” (Ctrl+N), or choose "
                                       "another year or “All years”."), year);
    }
  else
    {
      title = _("No Records Yet");
      description = g_strdup (_("Add the first with “New” (Ctrl+N)."));
    }

  adw_status_page_set_title (self->empty_page, title);
  gtk_stack_page_set_title (gtk_stack_get_page (self->stack, GTK_WIDGET (self->empty_page)), title);
  adw_status_page_set_description (self->empty_page, description);
  /* «Nothing Found» under a search is not a blank page to add to. */
  annalist_ui_status_page_set_icon_when_shown (self->empty_page,
                                               self->search != NULL && *self->search != '\0'
                                                 ? "system-search-symbolic"
                                                 : "document-new-symbolic");
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* A list under its owner is headed by its name and how many it holds. */
static void
update_toolbar_title (AnnalistListPage *self,
                      guint             n_items)
{
  g_autofree char *title = NULL;

  if (self->owner_column == NULL)
    return;
  /* Translators: the heading of a list in a form: its name («Projects»)
   * and the number of its records */
  title = g_strdup_printf (_("%s (%u)"), self->heading ? self->heading : _(self->kind->label),
                           n_items);
  gtk_label_set_text (self->toolbar_title, title);
}

/* @refresh: the records may have changed, not only which are shown. */
static void
show_model (AnnalistListPage *self,
            gboolean          refresh)
{
  g_autoptr(GListModel) model = filtered_model (self);
  GListModel *shown = gtk_single_selection_get_model (self->selection);
  guint n = model ? g_list_model_get_n_items (model) : 0;
  gboolean measure = FALSE;

  /* Another letter that finds the same records changes nothing. */
  if (!refresh && !self->rows_stale && model != NULL && shown != NULL &&
      annalist_record_list_same_ids (ANNALIST_RECORD_LIST (model),
                                     ANNALIST_RECORD_LIST (shown)))
    {
      update_empty_page (self, n);
      return;
    }
  /* Widths from the rows when the list is read (a sort, a year, a
   * change), never on a search's keystroke. */
  if (refresh || self->rows_stale)
    measure = TRUE;

  /* Unselect first: a selection that survives a model change is looked
   * for among all the new items, which would read every record. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  settle_later (self);
  /* Emptying the view before filling it: on one items-changed that
   * removes the rows it shows, GTK 4.8 looks for the removed rows among
   * all the added items, reading every record. With a grid view emptying
   * costs only the thirty rows it rebuilds. */
  gtk_single_selection_set_model (self->selection, NULL);
  self->rows_stale = FALSE;
  gtk_single_selection_set_model (self->selection, model);
  if (measure)
    annalist_list_page_measure_columns (self);
  annalist_list_page_update_totals (self);
  update_empty_page (self, n);
  update_toolbar_title (self, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

void
annalist_list_page_refilter (AnnalistListPage *self)
{
  if (self->base != NULL)
    show_model (self, FALSE);
}

void
annalist_list_page_reload (AnnalistListPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  if (self->store == NULL)
    return;

  if (self->owner_column != NULL)
    {
      g_autoptr(GArray) ids = annalist_ui_ids_referring (self->store, self->kind,
                                                         self->owner_column, self->owner_id,
                                                         self->owner_order, &error);
      if (ids != NULL)
        list = G_LIST_MODEL (annalist_record_list_new (self->store, self->kind, ids));
    }
  else
    {
      AnnalistQuery query = ANNALIST_QUERY_INIT;

      query.year = self->year;
      query.sort_field = self->sort_field;
      query.descending = self->descending;
      list = annalist_store_list (self->store, self->kind, &query, &error);
    }

  if (list == NULL)
    {
      g_warning ("%s", error->message);
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  clear_index (self);
  annalist_list_page_forget_values (self);
  g_set_object (&self->base, ANNALIST_RECORD_LIST (list));
  show_model (self, TRUE);
  update_write_actions (self);
}

/* Scrolling ---------------------------------------------------------------------------- */

/* A change reads the list again and GtkGridView (GTK 4.8) is given a new
 * model: until its next layout it knows none of the rows' heights and is
 * anchored at the first row. Scrolling to a row before then — with
 * list.scroll-to-item, or by giving the row the focus, which scrolls to
 * it — finds the row at height 0, above what is shown, and brings it to
 * the top of the view: after Delete the next record jumped to the top and
 * the person lost sight of where she was. Giving the adjustment its old
 * value back does not hold either: before the layout it is clamped to
 * bounds not yet updated, and after it a jump to rows that have no
 * widgets leaves the view empty (the grid view does not move its anchor
 * there), which is why restoring it «worked some of the time». So what a
 * change wants — the old scroll position, the selected row in view, the
 * focus on it — waits for the frame clock's layout and runs after the
 * view's own; the frame lays out again before it paints, so nothing
 * flickers. The position is given back through a row shown there (the
 * view anchors at it where it is on screen), not by the value alone. */

/* Whether the keyboard is on the list: the view or one of its rows. */
static gboolean
rows_have_focus (AnnalistListPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->view) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view)));
}

/* The row widget showing @position, or NULL when none is made yet. */
static GtkWidget *
row_at (AnnalistListPage *self,
        guint             position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "annalist-list-item") : NULL;

      if (item != NULL && gtk_list_item_get_item (item) != NULL &&
          gtk_list_item_get_position (item) == position)
        return child;
    }
  return NULL;
}

static void
stop_settling (AnnalistListPage *self)
{
  /* A clock disposed with its window has dropped its handlers already. */
  if (self->settle_clock != NULL &&
      g_signal_handler_is_connected (self->settle_clock, self->settle_id))
    g_signal_handler_disconnect (self->settle_clock, self->settle_id);
  self->settle_id = 0;
  g_clear_object (&self->settle_clock);
  self->settle_value = -1;
  self->settle_position = GTK_INVALID_LIST_POSITION;
  self->settle_focus = FALSE;
}

/* Whether scrolling waits for the view's layout (a clock disposed with
 * its window never calls back). */
static gboolean
settling (AnnalistListPage *self)
{
  if (self->settle_id != 0 &&
      !g_signal_handler_is_connected (self->settle_clock, self->settle_id))
    stop_settling (self);
  return self->settle_id != 0;
}

static gboolean
focus_selected_row (AnnalistListPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *row = position != GTK_INVALID_LIST_POSITION ? row_at (self, position) : NULL;

  /* Not into a page hidden since (another section shown). */
  return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_grab_focus (row);
}

static gboolean
focus_selected_row_later (GtkWidget     *view,
                          GdkFrameClock *clock,
                          gpointer       data)
{
  focus_selected_row (data);
  return G_SOURCE_REMOVE;
}

static void
focus_selected_row_soon (AnnalistListPage *self)
{
  if (settling (self))
    {
      self->settle_focus = TRUE;
      return;
    }
  /* The scrolled-to row's widget is made at the next layout. */
  if (!focus_selected_row (self))
    gtk_widget_add_tick_callback (GTK_WIDGET (self->view), focus_selected_row_later,
                                  g_object_ref (self), g_object_unref);
}

/* Brings @position into view: as little as needed, the view's rows
 * measured (after a new model, at its next layout). */
static void
scroll_to_row (AnnalistListPage *self,
               guint             position)
{
  if (settling (self))
    self->settle_position = position;
  else
    gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", position);
}

static void
settle_after_layout (GdkFrameClock    *clock,
                     AnnalistListPage *self)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  double value = self->settle_value;
  guint position = self->settle_position;
  gboolean focus = self->settle_focus;

  stop_settling (self);
  /* Hidden since (another section shown): shown again from its top. */
  if (!gtk_widget_get_mapped (view) || n == 0)
    return;
  if (position != selected)
    position = GTK_INVALID_LIST_POSITION;

  if (value >= 0)
    {
      double upper = gtk_adjustment_get_upper (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);
      double top = CLAMP (value, 0, MAX (upper - page, 0));

      /* The value only, for list.scroll-to-item to measure from: the
       * view's own handler would move its anchor there and make rows
       * not yet measured, and the scroll below would find them at 0. */
      g_signal_handlers_block_matched (adjustment, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, view);
      gtk_adjustment_set_value (adjustment, top);
      g_signal_handlers_unblock_matched (adjustment, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, view);
      /* Nothing to bring into view: a row whose top is in view at that
       * value (rows are about as high as one another), anchored where
       * it is. */
      if (position == GTK_INVALID_LIST_POSITION)
        position = (guint) MIN (top / MAX (upper, 1) * n + 1, n - 1);
    }
  /* One scroll only: it makes the rows around the position, measured at
   * the next layout. */
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (view, "list.scroll-to-item", "u", position);
  /* The focus, which scrolls to its row too, after that layout. */
  if (focus)
    gtk_widget_add_tick_callback (view, focus_selected_row_later,
                                  g_object_ref (self), g_object_unref);
}

/* The model is being replaced: scrolling waits for the view's layout. */
static void
settle_later (AnnalistListPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->view));

  if (settling (self) || clock == NULL)
    return;
  self->settle_clock = g_object_ref (clock);
  self->settle_id = g_signal_connect_after (clock, "layout", G_CALLBACK (settle_after_layout),
                                            self);
  gtk_widget_queue_allocate (GTK_WIDGET (self->view));
}

/* A change read the list again, which forgets the selection: the record
 * that was selected is selected again — or, deleted, the one that took
 * its place — and keeps the keyboard focus if it had it. Deleting with
 * the Delete key, or saving a form, no longer throws the person back to
 * the first row with nothing selected. */
static void
keep_selection (AnnalistListPage *self,
                gint64            id,
                guint             position,
                gboolean          focused)
{
  GListModel *shown = gtk_single_selection_get_model (self->selection);
  guint n = shown != NULL ? g_list_model_get_n_items (shown) : 0;

  if (n == 0)
    return;
  if (!annalist_list_page_select_id (self, id))
    {
      position = MIN (position, n - 1);
      gtk_single_selection_set_selected (self->selection, position);
      scroll_to_row (self, position);
    }
  if (focused)
    focus_selected_row_soon (self);
}

static void
store_changed (AnnalistStore    *store,
               const char       *kind_name,
               AnnalistListPage *self)
{
  gboolean concerned = g_str_equal (kind_name, self->kind->name);
  GtkAdjustment *adjustment;
  AnnalistRecord *selected;
  gboolean focused;
  guint position;
  double value;
  gint64 id;

  /* A renamed dictionary value or organisation shows in our cells too. */
  for (guint i = 0; i < self->kind->n_fields && !concerned; i++)
    concerned = g_strcmp0 (self->kind->fields[i].target, kind_name) == 0;
  if (!concerned)
    return;

  selected = gtk_single_selection_get_selected_item (self->selection);
  id = selected != NULL ? annalist_record_get_id (selected) : 0;
  position = gtk_single_selection_get_selected (self->selection);
  focused = rows_have_focus (self);
  /* The list stays where it was on screen. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  value = gtk_widget_get_mapped (GTK_WIDGET (self->view)) ? gtk_adjustment_get_value (adjustment)
                                                           : -1;
  annalist_list_page_reload (self);
  if (settling (self))
    self->settle_value = value;
  if (selected != NULL)
    keep_selection (self, id, position, focused);
}

/* Actions ---------------------------------------------------------------------------- */

/* A new record as this list makes it: of its owner, in its year. */
static AnnalistRecord *
new_record (AnnalistListPage *self)
{
  AnnalistRecord *record = annalist_record_new (self->kind);

  if (self->owner_column != NULL &&
      annalist_kind_field (self->kind, self->owner_column)->type == ANNALIST_FIELD_REFERENCES)
    annalist_record_set_ids (record, self->owner_column, &self->owner_id, 1);
  else if (self->owner_column != NULL)
    annalist_record_set_int (record, self->owner_column, self->owner_id);
  if (self->kind->year_column != NULL && self->year != ANNALIST_ALL_YEARS)
    annalist_record_set_int (record, self->kind->year_column, self->year);
  return record;
}

char *
annalist_list_page_lock_reason (AnnalistListPage *self,
                                AnnalistRecord   *record)
{
  g_autoptr(AnnalistRecord) added = NULL;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);

  if (self->view_only != NULL)
    return g_strdup (self->view_only);
  if (self->store == NULL)
    return NULL;
  if (record == NULL)
    record = added = new_record (self);
  return annalist_store_record_lock_reason (self->store, self->kind, record);
}

gboolean
annalist_list_page_refuse_locked (AnnalistListPage *self,
                                  AnnalistRecord   *record)
{
  g_autofree char *reason = annalist_list_page_lock_reason (self, record);

  if (reason == NULL)
    return FALSE;
  annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (reason));
  return TRUE;
}

/* Add and Delete, off with the reason as their tooltip when the records
 * cannot be changed. */
static void
update_write_actions (AnnalistListPage *self)
{
  AnnalistRecord *selected = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *add_reason = annalist_list_page_lock_reason (self, NULL);
  g_autofree char *delete_reason = selected ? annalist_list_page_lock_reason (self, selected)
                                            : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.new", add_reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete",
                                 selected != NULL && delete_reason == NULL);
  gtk_widget_set_tooltip_text (self->add_button, add_reason ? add_reason : _("Add"));
  gtk_widget_set_tooltip_text (self->delete_button,
                               delete_reason ? delete_reason : _("Delete the selected record"));
}

static void
selection_changed (AnnalistListPage *self)
{
  gboolean has_selection = gtk_single_selection_get_selected_item (self->selection) != NULL;

  update_write_actions (self);
  if (has_selection == self->had_selection)
    return;
  self->had_selection = has_selection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
}

void
annalist_list_page_set_view_only (AnnalistListPage *self,
                                  const char       *reason)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  g_free (self->view_only);
  self->view_only = g_strdup (reason);
  update_write_actions (self);
}

/* «Show» on the toast of a record saved in another year: the window goes
 * to that year, and the record is selected in the list. */
static void
show_saved_clicked (AdwToast *toast,
                    gpointer  data)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (toast), "page");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "record-id"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root == NULL || !ANNALIST_IS_WINDOW (root))
    return;
  annalist_window_set_year (ANNALIST_WINDOW (root), GPOINTER_TO_INT (data));
  annalist_list_page_select_id (self, id);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* A record saved from its form into a year this list does not show would
 * vanish without a word: the toast says where it went. */
static void
editor_saved (AnnalistEditor   *editor,
              AnnalistRecord   *record,
              AnnalistListPage *self)
{
  const char *column = self->kind->year_column;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  int year;

  /* The record saved is the one selected, and the one the keyboard goes
   * on from — a new one too, wherever the list's order put it. */
  if (annalist_list_page_select_id (self, annalist_record_get_id (record)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (root == NULL || gtk_root_get_focus (root) == NULL || rows_have_focus (self))
        focus_selected_row_soon (self);
    }

  if (self->owner_column != NULL || self->year == ANNALIST_ALL_YEARS || column == NULL ||
      annalist_record_get (record, column) == NULL)
    return;
  year = (int) annalist_record_get_int (record, column);
  if (year == self->year || year <= 0)
    return;

  label = annalist_academic_year_label (year);
  message = g_strdup_printf (_("The record is saved in the %s academic year"), label);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (toast), "record-id",
                     GSIZE_TO_POINTER ((gsize) annalist_record_get_id (record)));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (show_saved_clicked),
                    GINT_TO_POINTER (year));
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

gboolean
annalist_list_page_select_id (AnnalistListPage *self,
                              gint64            id)
{
  GListModel *shown;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), FALSE);

  shown = gtk_single_selection_get_model (self->selection);
  for (guint i = 0; shown != NULL && i < g_list_model_get_n_items (shown); i++)
    if (annalist_record_list_get_id (ANNALIST_RECORD_LIST (shown), i) == id)
      {
        gtk_single_selection_set_selected (self->selection, i);
        scroll_to_row (self, i);
        return TRUE;
      }
  return FALSE;
}

static void
open_record (AnnalistListPage *self,
             AnnalistRecord   *record)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AnnalistEditor *editor;
  int year = self->year != ANNALIST_ALL_YEARS ? self->year : annalist_academic_year_current ();

  editor = annalist_editor_new (self->store, record, year,
                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  if (self->view_only != NULL)
    annalist_editor_set_view_only (editor, self->view_only);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved), self, 0);
  annalist_ui_present (GTK_WINDOW (editor));
}

static void
view_activate (GtkGridView      *view,
               guint             position,
               AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                            position);
  if (record != NULL)
    open_record (self, record);
}

void
annalist_list_page_open_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record != NULL)
    open_record (self, record);
}

void
annalist_list_page_open_first (AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  if (record == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  open_record (self, record);
}

gboolean
annalist_list_page_focus_rows (AnnalistListPage *self)
{
  GtkWidget *row;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, 0);
  /* GTK 4.8 has no gtk_grid_view_scroll_to (), and the view gives the
   * focus to its first row widget, which is not the first record's when
   * the list was scrolled: bring the first into view, then focus its
   * widget. */
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", 0);
  row = row_at (self, 0);
  return gtk_widget_grab_focus (row != NULL ? row : GTK_WIDGET (self->view));
}

void
annalist_list_page_new_record (AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = new_record (self);
  if (annalist_list_page_refuse_locked (self, record))
    return;
  open_record (self, record);
}

static void
action_new (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  annalist_list_page_new_record (ANNALIST_LIST_PAGE (widget));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  annalist_list_page_delete_selected (ANNALIST_LIST_PAGE (widget));
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_list_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AnnalistListPage *self = ANNALIST_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, annalist_list_page_get_count (self));
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, annalist_list_page_get_selected (self) != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annalist_list_page_dispose (GObject *object)
{
  AnnalistListPage *self = (AnnalistListPage *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  stop_settling (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_LIST_PAGE);
  g_clear_object (&self->selection);
  annalist_list_page_free_filters (self);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  clear_index (self);
  g_clear_pointer (&self->shown_positions, g_array_unref);

  G_OBJECT_CLASS (annalist_list_page_parent_class)->dispose (object);
}

static void
annalist_list_page_finalize (GObject *object)
{
  AnnalistListPage *self = (AnnalistListPage *) object;

  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->owner_order, g_free);
  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->shown, g_strfreev);
  g_clear_pointer (&self->view_only, g_free);

  G_OBJECT_CLASS (annalist_list_page_parent_class)->finalize (object);
}

/* A page is configured (year, owner) right after it is made; its records
 * are read once, when it is first shown or asked about, not before. */
static void
ensure_loaded (AnnalistListPage *self)
{
  if (self->base == NULL)
    annalist_list_page_reload (self);
}

static void
annalist_list_page_map (GtkWidget *widget)
{
  ensure_loaded (ANNALIST_LIST_PAGE (widget));
  GTK_WIDGET_CLASS (annalist_list_page_parent_class)->map (widget);
}

static void
annalist_list_page_class_init (AnnalistListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = annalist_list_page_get_property;
  object_class->dispose = annalist_list_page_dispose;
  object_class->finalize = annalist_list_page_finalize;
  widget_class->map = annalist_list_page_map;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, toolbar_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, header_strip);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, header);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, totals_strip);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, view);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, view_activate);

  gtk_widget_class_install_action (widget_class, "list-page.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "list-page.delete", NULL, action_delete);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list-page.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "list-page.delete", NULL);
}

static void
annalist_list_page_init (AnnalistListPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  annalist_ui_status_page_set_icon_when_shown (self->empty_page, "document-new-symbolic");

  self->sort_field = -1;
  self->year = ANNALIST_ALL_YEARS;
  self->settle_value = -1;
  self->settle_position = GTK_INVALID_LIST_POSITION;
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete", FALSE);

  annalist_list_page_init_columns (self, factory);
  gtk_grid_view_set_factory (self->view, factory);
  gtk_grid_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

AnnalistListPage *
annalist_list_page_new (AnnalistStore      *store,
                        const AnnalistKind *kind)
{
  AnnalistListPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_LIST_PAGE, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  name_list (self, _(kind->label));
  annalist_list_page_add_columns (self);
  return self;
}

const AnnalistKind *
annalist_list_page_get_kind (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return self->kind;
}

void
annalist_list_page_set_year (AnnalistListPage *self,
                             int               year)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  /* The year column says something only when all years are listed. */
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      gboolean visible = year == ANNALIST_ALL_YEARS;

      if (g_strcmp0 (self->kind->fields[column->field].column, self->kind->year_column) != 0 ||
          column->visible == visible)
        continue;
      column->visible = visible;
      self->rows_stale = TRUE;
      annalist_list_page_update_header (self);
    }
  if (self->year == year && !self->rows_stale && self->base != NULL)
    return;
  self->year = year;
  annalist_list_page_reload (self);
}

void
annalist_list_page_set_search (AnnalistListPage *self,
                               const char       *text)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  if (self->base == NULL)
    annalist_list_page_reload (self);
  else
    show_model (self, FALSE);
}

void
annalist_list_page_prepare_search (AnnalistListPage *self)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  ensure_loaded (self);
  build_index (self);
}

void
annalist_list_page_set_owner (AnnalistListPage *self,
                              const char       *column,
                              gint64            id)
{
  const AnnalistField *field;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  g_return_if_fail (annalist_kind_field (self->kind, column) != NULL);

  field = annalist_kind_field (self->kind, column);
  self->owner_column = field->column;
  self->owner_id = id;

  /* Rebuild the columns without the owner's and without sorting. */
  self->sort_field = -1;
  annalist_list_page_add_columns (self);

  gtk_widget_set_visible (self->toolbar, TRUE);
  /* A record that names many organisations is not deleted from the
   * list of one of them. */
  gtk_widget_set_visible (self->delete_button, field->type != ANNALIST_FIELD_REFERENCES);
  /* The list is as long as its records and the form scrolls: a list
   * scrolling inside the form would catch the mouse wheel. */
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), FALSE);
  annalist_list_page_reload (self);
}

void
annalist_list_page_set_columns (AnnalistListPage   *self,
                                const char * const *columns)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  g_clear_pointer (&self->shown, g_strfreev);
  self->shown = g_strdupv ((char **) columns);
  annalist_list_page_add_columns (self);
  if (self->base != NULL)
    show_model (self, TRUE);
}

void
annalist_list_page_set_heading (AnnalistListPage *self,
                                const char       *heading,
                                const char       *order_by)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  g_free (self->heading);
  self->heading = g_strdup (heading);
  g_free (self->owner_order);
  self->owner_order = g_strdup (order_by);
  name_list (self, heading ? heading : _(self->kind->label));
  if (self->owner_column != NULL)
    annalist_list_page_reload (self);
}

guint
annalist_list_page_get_count (AnnalistListPage *self)
{
  GListModel *model;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), 0);

  ensure_loaded (self);
  model = gtk_single_selection_get_model (self->selection);
  return model ? g_list_model_get_n_items (model) : 0;
}

AnnalistRecord *
annalist_list_page_get_selected (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

GtkGridView *
annalist_list_page_get_view (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return self->view;
}

GtkWidget *
annalist_list_page_get_header (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return self->header;
}

GListModel *
annalist_list_page_get_rows (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);

  ensure_loaded (self);
  return gtk_single_selection_get_model (self->selection);
}

int
annalist_list_page_get_year (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), ANNALIST_ALL_YEARS);

  return self->year;
}

AnnalistStore *
annalist_list_page_get_store (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);

  return self->store;
}
