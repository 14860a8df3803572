/* annalist-grid-cell.c — what the grids of entries share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "annalist-grid-cell.h"
#include "annalist-store-private.h"

GtkWidget *
annalist_grid_cell_new (int width)
{
  GtkWidget *entry = gtk_entry_new ();

  /* Exactly @width, so the header's labels line up. */
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 1);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 1);
  gtk_widget_set_size_request (entry, width, -1);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_alignment (GTK_ENTRY (entry), 1.0);
  return entry;
}

GtkWidget *
annalist_grid_name_label_new (const char *text,
                              int         width)
{
  GtkWidget *label = gtk_label_new (text);

  /* Exactly @width whatever the name: long ones are ellipsized. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 1);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_size_request (label, width, -1);
  return label;
}

void
annalist_grid_cell_set_error (GtkWidget  *entry,
                              const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_widget_set_tooltip_text (entry, message);
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
annalist_grid_holds_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

void
annalist_grid_scroll_to (GtkAdjustment *adjustment,
                         double         left,
                         double         width,
                         double         padding,
                         gboolean       first)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double right = left + width + padding;

  if (first)
    value = 0;
  else if (right > value + page)
    value = right - page;
  else if (left < value)
    value = left - padding;
  gtk_adjustment_set_value (adjustment, value);
}

void
annalist_grid_scroll_to_column (GtkScrolledWindow *scroller,
                                guint              column,
                                int                name_width,
                                int                cell_width)
{
  double left = ANNALIST_GRID_PADDING + name_width + ANNALIST_GRID_SPACING +
                column * (cell_width + ANNALIST_GRID_SPACING);

  annalist_grid_scroll_to (gtk_scrolled_window_get_hadjustment (scroller),
                           left, cell_width, ANNALIST_GRID_PADDING, column == 0);
}

void
annalist_grid_cell_connect (GtkWidget *entry,
                            guint      column,
                            GCallback  activate,
                            GCallback  enter,
                            GCallback  leave,
                            GCallback  key_pressed,
                            gpointer   page)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_object_set_data (G_OBJECT (entry), "column", GUINT_TO_POINTER (column));
  g_signal_connect (entry, "activate", activate, page);
  g_signal_connect (focus, "enter", enter, page);
  g_signal_connect (focus, "leave", leave, page);
  gtk_widget_add_controller (entry, focus);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", key_pressed, page);
  gtk_widget_add_controller (entry, keys);
}

void
annalist_grid_clear (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

GtkWidget *
annalist_grid_drop_cells (GtkBox    *box,
                          GtkWidget *from)
{
  while (from != NULL && GTK_IS_ENTRY (from))
    {
      GtkWidget *next = gtk_widget_get_next_sibling (from);

      gtk_box_remove (box, from);
      from = next;
    }
  return from;
}

typedef struct
{
  const AnnalistGridRows *funcs;
  gpointer                page;   /* not a reference: the view is inside it */
  GPtrArray              *row_widgets;
  gboolean               *focus_pending;
} Grid;

typedef struct
{
  GtkWidget *page;
  gboolean  *pending;
  gboolean (*focus_first) (gpointer page);
} FocusLater;

static gboolean
focus_first_idle (gpointer user_data)
{
  FocusLater *later = user_data;

  if (*later->pending && gtk_widget_get_mapped (later->page))
    later->focus_first (later->page);
  *later->pending = FALSE;
  return G_SOURCE_REMOVE;
}

static void
focus_later_free (gpointer user_data)
{
  FocusLater *later = user_data;

  g_object_unref (later->page);
  g_free (later);
}

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Grid                     *grid)
{
  GtkWidget *box = grid->funcs->make_row (grid->page);

  gtk_list_item_set_child (item, box);
  annalist_grid_item_setup (item);
  g_ptr_array_add (grid->row_widgets, box);
}

static void
row_teardown (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              Grid                     *grid)
{
  g_ptr_array_remove_fast (grid->row_widgets, gtk_list_item_get_child (item));
}

static void
row_bind (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Grid                     *grid)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  FocusLater *later;

  g_object_set_data (G_OBJECT (box), "row", gtk_list_item_get_item (item));
  grid->funcs->fill_row (grid->page, box);
  if (!*grid->focus_pending || gtk_list_item_get_position (item) != 0)
    return;
  later = g_new (FocusLater, 1);
  later->page = g_object_ref (grid->page);   /* keeps *pending alive too */
  later->pending = grid->focus_pending;
  later->focus_first = grid->funcs->focus_first;
  g_idle_add_full (G_PRIORITY_DEFAULT, focus_first_idle, later, focus_later_free);
}

static void
row_unbind (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            Grid                     *grid)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "row", NULL);
}

void
annalist_grid_view_init (GtkListView            *view,
                         GListModel             *rows,
                         const AnnalistGridRows *funcs,
                         gpointer                page,
                         GPtrArray              *row_widgets,
                         gboolean               *focus_pending,
                         GtkScrolledWindow      *header_scroller,
                         GtkScrolledWindow      *scroller)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  Grid *grid = g_new (Grid, 1);

  grid->funcs = funcs;
  grid->page = page;
  grid->row_widgets = row_widgets;
  grid->focus_pending = focus_pending;

  /* The header scrolls sideways with the rows. */
  gtk_scrolled_window_set_hadjustment (header_scroller,
                                       gtk_scrolled_window_get_hadjustment (scroller));
  gtk_scrollable_set_hscroll_policy (GTK_SCROLLABLE (view), GTK_SCROLL_NATURAL);

  g_signal_connect_data (factory, "setup", G_CALLBACK (row_setup), grid,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  g_signal_connect (factory, "teardown", G_CALLBACK (row_teardown), grid);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind), grid);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind), grid);
  gtk_list_view_set_factory (view, factory);
  selection = gtk_no_selection_new (g_object_ref (rows));
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

void
annalist_grid_commit_focused (GPtrArray             *row_widgets,
                              AnnalistGridCommitFunc commit,
                              gpointer               page)
{
  for (guint i = 0; i < row_widgets->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (row_widgets, i);

      for (GtkWidget *cell = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
           cell != NULL;
           cell = gtk_widget_get_next_sibling (cell))
        if (GTK_IS_ENTRY (cell) && annalist_grid_holds_focus (cell))
          commit (page, cell);
    }
}

void
annalist_grid_each_organisation (AnnalistStore       *store,
                                 AnnalistGridEachFunc each,
                                 gpointer             data)
{
  const AnnalistKind *kind = annalist_kind_lookup ("organisation");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT id, %s FROM %s ORDER BY %s",
                         kind->title_column, kind->name, kind->order_by);
  stmt = annalist_store_prepare (store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the organisations: %s", error->message);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    each (sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), data);
  sqlite3_reset (stmt);
}

void
annalist_grid_item_setup (GtkListItem *item)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
#if GTK_CHECK_VERSION (4, 12, 0)
  /* 4.12 API, above GDK_VERSION_MAX_ALLOWED (meson.build): silenced here
   * only, inside the version check. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_list_item_set_focusable (item, FALSE);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
}
