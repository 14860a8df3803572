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
#include "annalist-list-page.h"
#include "annalist-record-list.h"
#include "annalist-search-index.h"
#include "annalist-store-private.h"
#include "annalist-table-row.h"
#include "annalist-ui.h"

/* Columns narrower than this are shrunk no further: the table scrolls. */
#define MIN_EXPANDING_WIDTH 80
/* Nor can a column be dragged narrower than this. */
#define MIN_COLUMN_WIDTH 48
/* How near a column's edge, in pixels, a drag resizes the column. */
#define RESIZE_REACH 6

typedef struct
{
  AnnalistListPage *self;
  int               field;
  int               width;    /* natural width in pixels */
  gboolean          expand;   /* takes a share of the spare width */
  gboolean          visible;
  GtkWidget        *header;   /* the sort button, or a label */
  GtkImage         *arrow;    /* the sort direction, in the button */
} Column;

struct _AnnalistListPage
{
  AdwBin              parent_instance;

  AnnalistStore      *store;
  const AnnalistKind *kind;
  int                 year;
  char               *search;
  const char         *owner_column;
  gint64              owner_id;
  char               *owner_order;   /* NULL: the kind's order */
  char               *heading;       /* NULL: the kind's name */
  GStrv               shown;         /* the columns shown; NULL: the LISTED fields */
  int                 sort_field;
  gboolean            descending;
  int                 probe;

  AnnalistRecordList *base;
  GtkSingleSelection *selection;
  Column             *columns;
  guint               n_columns;
  gboolean            rows_stale;    /* the columns shown changed */
  int                 resizing;      /* the column being resized, or -1 */
  int                 resize_start;  /* its width when the drag began */
  gboolean            had_selection;
  gulong              changed_id;

  /* The search index of `base`, and the last search's result. */
  AnnalistSearchIndex *index;
  char               *last_needle;
  GArray             *matches;       /* guint positions in base */

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkLabel           *toolbar_title;
  GtkWidget          *delete_button;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkWidget          *header;
  GtkGridView        *view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistListPage, annalist_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_HAS_SELECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (AnnalistListPage *self);

/* Table layout ----------------------------------------------------------------------- */

/* The header lays out its buttons, and every row its cells, with the
 * same widths: fixed columns keep theirs, expanding ones (text) share
 * what is left in proportion to their natural widths. */
static void
column_widths (AnnalistListPage *self,
               int               width,
               int              *widths)
{
  int fixed = 0, expanding = 0, spare, given = 0;
  int last_expanding = -1;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      if (!column->visible)
        continue;
      if (column->expand)
        {
          expanding += column->width;
          last_expanding = (int) i;
        }
      else
        fixed += column->width;
    }

  spare = width - fixed - expanding;
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      widths[i] = 0;
      if (!column->visible)
        continue;
      if (!column->expand)
        widths[i] = column->width;
      else if ((int) i == last_expanding)
        widths[i] = MAX (MIN_EXPANDING_WIDTH, column->width + spare - given);
      else
        {
          int share = (int) ((gint64) spare * column->width / expanding);

          widths[i] = MAX (MIN_EXPANDING_WIDTH, column->width + share);
          given += share;
        }
    }
}

static GtkSizeRequestMode
header_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
header_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (widget), "annalist-list-page");
  int i = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      Column *column = &self->columns[i];
      int child_minimum, child_natural;

      if (!column->visible || !gtk_widget_should_layout (child))
        continue;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += column->expand ? MIN_EXPANDING_WIDTH : column->width;
          *natural += column->width;
        }
      else
        {
          gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural,
                              NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
    }
}

static void
header_allocate (GtkWidget *widget,
                    int        width,
                    int        height,
                    int        baseline)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (widget), "annalist-list-page");
  g_autofree int *widths = g_new (int, self->n_columns);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0, i = 0;

  column_widths (self, width, widths);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      if (!self->columns[i].visible || !gtk_widget_should_layout (child))
        continue;
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - widths[i] : x, 0,
                                                   widths[i], height },
                                -1);
      x += widths[i];
    }
}

/* Cells ------------------------------------------------------------------------------ */

static gboolean
field_is_numeric (const AnnalistField *field)
{
  return field->type == ANNALIST_FIELD_INTEGER || field->type == ANNALIST_FIELD_REAL;
}

/* The rows' columns: the header's. */
static void
row_layout (gpointer  user_data,
            int       width,
            int      *widths,
            int      *minimum,
            int      *natural)
{
  AnnalistListPage *self = user_data;

  if (width >= 0)
    {
      column_widths (self, width, widths);
      return;
    }
  *minimum = *natural = 0;
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      if (!column->visible)
        continue;
      *minimum += column->expand ? MIN_EXPANDING_WIDTH : column->width;
      *natural += column->width;
    }
}

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           AnnalistListPage         *self)
{
  GtkWidget *row = annalist_table_row_new (self->n_columns, row_layout, self);

  for (guint i = 0; i < self->n_columns; i++)
    annalist_table_row_set_numeric (ANNALIST_TABLE_ROW (row), i,
                                    field_is_numeric (&self->kind->fields[self->columns[i].field]));
  gtk_list_item_set_child (item, row);
}

static void
row_bind (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          AnnalistListPage         *self)
{
  AnnalistRecord *record = gtk_list_item_get_item (item);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (self->n_columns, g_free);

  for (guint i = 0; i < self->n_columns; i++)
    {
      const AnnalistField *field = &self->kind->fields[self->columns[i].field];

      g_ptr_array_add (texts, !self->columns[i].visible ? NULL
                       : annalist_store_format_value (self->store, field,
                                                      annalist_record_get_value (record,
                                                                                 self->columns[i].field)));
    }
  annalist_table_row_set_texts (ANNALIST_TABLE_ROW (gtk_list_item_get_child (item)),
                                (const char * const *) texts->pdata);
}

/* Resizing --------------------------------------------------------------------------- */

/* The visible column whose trailing edge is within reach of @x in the
 * header, or -1. The last column's edge is the table's: it has none. */
static int
column_edge_at (AnnalistListPage *self,
                double            x)
{
  int width = gtk_widget_get_width (self->header);
  g_autofree int *widths = g_new (int, self->n_columns);
  gboolean rtl = gtk_widget_get_direction (self->header) == GTK_TEXT_DIR_RTL;
  int edge = 0, last_visible = -1;

  column_widths (self, width, widths);
  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].visible)
      last_visible = (int) i;
  for (int i = 0; i < last_visible; i++)
    {
      double at;

      if (!self->columns[i].visible)
        continue;
      edge += widths[i];
      at = rtl ? width - edge : edge;
      if (x >= at - RESIZE_REACH && x <= at + RESIZE_REACH)
        return i;
    }
  return -1;
}

static void
relayout_rows (AnnalistListPage *self)
{
  gtk_widget_queue_allocate (self->header);
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->view)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (ANNALIST_IS_TABLE_ROW (row))
        annalist_table_row_relayout (ANNALIST_TABLE_ROW (row));
    }
}

/*
 * Gives column @column (an index among the list's columns) @width pixels,
 * as dragging its edge does: it keeps that width from then on, and the
 * text columns share what is left. The width is kept within what the
 * other columns leave.
 */
void
annalist_list_page_set_column_width (AnnalistListPage *self,
                                     guint             column,
                                     int               width)
{
  int others = 0, room;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  g_return_if_fail (column < self->n_columns);

  for (guint i = 0; i < self->n_columns; i++)
    if (i != column && self->columns[i].visible)
      others += self->columns[i].expand ? MIN_EXPANDING_WIDTH : self->columns[i].width;
  room = gtk_widget_get_width (self->header) - others;
  if (room > MIN_COLUMN_WIDTH)
    width = MIN (width, room);
  self->columns[column].width = MAX (width, MIN_COLUMN_WIDTH);
  self->columns[column].expand = FALSE;
  relayout_rows (self);
}

/* The width column @column has in the table as laid out now. */
int
annalist_list_page_get_column_width (AnnalistListPage *self,
                                     guint             column)
{
  g_autofree int *widths = NULL;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), 0);
  g_return_val_if_fail (column < self->n_columns, 0);

  widths = g_new (int, self->n_columns);
  column_widths (self, gtk_widget_get_width (self->header), widths);
  return widths[column];
}

static void
resize_begin (GtkGestureDrag   *gesture,
              double            x,
              double            y,
              AnnalistListPage *self)
{
  int column = column_edge_at (self, x);

  self->resizing = column;
  if (column < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Not a click on the header's button: a resize. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->resize_start = annalist_list_page_get_column_width (self, (guint) column);
}

static void
resize_update (GtkGestureDrag   *gesture,
               double            offset_x,
               double            offset_y,
               AnnalistListPage *self)
{
  gboolean rtl = gtk_widget_get_direction (self->header) == GTK_TEXT_DIR_RTL;

  if (self->resizing < 0)
    return;
  annalist_list_page_set_column_width (self, (guint) self->resizing,
                                       self->resize_start + (int) (rtl ? -offset_x : offset_x));
}

static void
header_motion (GtkEventControllerMotion *motion,
               double                    x,
               double                    y,
               AnnalistListPage         *self)
{
  gtk_widget_set_cursor_from_name (self->header,
                                   self->resizing >= 0 || column_edge_at (self, x) >= 0
                                   ? "col-resize" : NULL);
}

static void
header_leave (GtkEventControllerMotion *motion,
              AnnalistListPage         *self)
{
  if (self->resizing < 0)
    gtk_widget_set_cursor (self->header, NULL);
}

static void
resize_end (GtkGestureDrag   *gesture,
            double            offset_x,
            double            offset_y,
            AnnalistListPage *self)
{
  self->resizing = -1;
}

/* Sorting ---------------------------------------------------------------------------- */

static void
update_header (AnnalistListPage *self)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      gboolean sorted = column->field == self->sort_field;

      gtk_widget_set_visible (column->header, column->visible);
      if (column->arrow == NULL)
        continue;
      gtk_image_set_from_icon_name (column->arrow,
                                    self->descending ? "pan-up-symbolic" : "pan-down-symbolic");
      gtk_widget_set_opacity (GTK_WIDGET (column->arrow), sorted ? 1.0 : 0.0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (column->header),
                                      GTK_ACCESSIBLE_PROPERTY_SORT,
                                      !sorted ? GTK_ACCESSIBLE_SORT_NONE
                                      : self->descending ? GTK_ACCESSIBLE_SORT_DESCENDING
                                      : GTK_ACCESSIBLE_SORT_ASCENDING,
                                      -1);
    }
}

/* A click on a header sorts by its column; a second click reverses. */
static void
header_clicked (GtkButton *button,
                Column    *column)
{
  AnnalistListPage *self = column->self;

  if (self->sort_field == column->field)
    self->descending = !self->descending;
  else
    {
      self->sort_field = column->field;
      self->descending = FALSE;
    }
  update_header (self);
  reload (self);
}

/* Search ---------------------------------------------------------------------------- */

static void
clear_index (AnnalistListPage *self)
{
  g_clear_pointer (&self->index, annalist_search_index_free);
  g_clear_pointer (&self->last_needle, g_free);
  g_clear_pointer (&self->matches, g_array_unref);
}

/* The same text the store searches in: the SEARCHED fields as people read
 * them, joined by spaces. */
static char *
search_expression (const AnnalistKind *kind)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];

      if (!(field->flags & ANNALIST_FIELD_SEARCHED))
        continue;
      if (sql->len > 0)
        g_string_append (sql, " || ' ' || ");

      if (field->type == ANNALIST_FIELD_DICTIONARY || field->type == ANNALIST_FIELD_REFERENCE)
        {
          const AnnalistKind *target = annalist_kind_lookup (field->target);
          const char *column = target->display_column ? target->display_column
                                                      : target->title_column;

          g_string_append_printf (sql, "coalesce((SELECT %s FROM %s WHERE id = t.%s), '')",
                                  column, target->name, field->column);
        }
      else if (field->type == ANNALIST_FIELD_REFERENCES)
        g_string_append_printf (sql,
                                "coalesce((SELECT group_concat(o.short_name || ' ' || "
                                "o.full_name, ' ') FROM %s j JOIN organisation o "
                                "ON o.id = j.organisation_id WHERE j.%s = t.id), '')",
                                field->junction, field->junction_column);
      else
        g_string_append_printf (sql, "coalesce(t.%s, '')", field->column);
    }
  if (sql->len == 0)
    g_string_append (sql, "''");
  return g_string_free (g_steal_pointer (&sql), FALSE);
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

  expression = search_expression (self->kind);
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

static GListModel *
filtered_model (AnnalistListPage *self)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (self->search ? self->search : ""));
  g_autofree char *needle = NULL;
  GArray *within = NULL;

  if (*trimmed == '\0' || self->base == NULL)
    {
      g_clear_pointer (&self->last_needle, g_free);
      g_clear_pointer (&self->matches, g_array_unref);
      return self->base ? g_object_ref (G_LIST_MODEL (self->base)) : NULL;
    }

  build_index (self);
  if (self->index == NULL)
    return g_object_ref (G_LIST_MODEL (self->base));

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

  return G_LIST_MODEL (annalist_record_list_new_subset (self->base, self->matches));
}

/* Showing ---------------------------------------------------------------------------- */

static void
update_empty_page (AnnalistListPage *self,
                   guint             n_items)
{
  g_autofree char *description = NULL;
  const char *title;

  if (n_items > 0)
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
  adw_status_page_set_description (self->empty_page, description);
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

  /* Another letter that finds the same records changes nothing. */
  if (!refresh && !self->rows_stale && model != NULL && shown != NULL &&
      annalist_record_list_same_ids (ANNALIST_RECORD_LIST (model),
                                     ANNALIST_RECORD_LIST (shown)))
    {
      update_empty_page (self, n);
      return;
    }

  /* Unselect first: a selection that survives a model change is looked
   * for among all the new items, which would read every record. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Emptying the view before filling it: on one items-changed that
   * removes the rows it shows, GTK 4.8 looks for the removed rows among
   * all the added items, reading every record. With a grid view emptying
   * costs only the thirty rows it rebuilds. */
  gtk_single_selection_set_model (self->selection, NULL);
  self->rows_stale = FALSE;
  gtk_single_selection_set_model (self->selection, model);
  update_empty_page (self, n);
  update_toolbar_title (self, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

static void
reload (AnnalistListPage *self)
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
  g_set_object (&self->base, ANNALIST_RECORD_LIST (list));
  show_model (self, TRUE);
}

static void
store_changed (AnnalistStore    *store,
               const char       *kind_name,
               AnnalistListPage *self)
{
  gboolean concerned = g_str_equal (kind_name, self->kind->name);

  /* A renamed dictionary value or organisation shows in our cells too. */
  for (guint i = 0; i < self->kind->n_fields && !concerned; i++)
    concerned = g_strcmp0 (self->kind->fields[i].target, kind_name) == 0;
  if (concerned)
    reload (self);
}

/* Actions ---------------------------------------------------------------------------- */

static void
selection_changed (AnnalistListPage *self)
{
  gboolean has_selection = gtk_single_selection_get_selected_item (self->selection) != NULL;

  if (has_selection == self->had_selection)
    return;
  self->had_selection = has_selection;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete", has_selection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
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
annalist_list_page_new_record (AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = annalist_record_new (self->kind);
  if (self->owner_column != NULL &&
      annalist_kind_field (self->kind, self->owner_column)->type == ANNALIST_FIELD_REFERENCES)
    annalist_record_set_ids (record, self->owner_column, &self->owner_id, 1);
  else if (self->owner_column != NULL)
    annalist_record_set_int (record, self->owner_column, self->owner_id);
  if (self->kind->year_column != NULL && self->year != ANNALIST_ALL_YEARS)
    annalist_record_set_int (record, self->kind->year_column, self->year);
  open_record (self, record);
}

typedef struct
{
  AnnalistStore  *store;
  AnnalistRecord *record;     /* the deleted record, with its id */
  GPtrArray      *dependents; /* AnnalistRecord: what went or changed with it */
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  g_clear_object (&deletion->store);
  g_clear_object (&deletion->record);
  g_clear_pointer (&deletion->dependents, g_ptr_array_unref);
  g_free (deletion);
}

static gboolean
undo_in_transaction (AnnalistStore *store,
                     gpointer       user_data,
                     GError       **error)
{
  Deletion *deletion = user_data;

  if (!annalist_store_insert (store, deletion->record, error))
    return FALSE;
  for (guint i = 0; i < deletion->dependents->len; i++)
    {
      AnnalistRecord *record = g_ptr_array_index (deletion->dependents, i);
      const AnnalistKind *kind = annalist_record_get_kind (record);
      g_autoptr(AnnalistRecord) now = NULL;
      gboolean ok;

      /* Owned records went with it and come back; records whose link was
       * cleared get the link back. */
      now = annalist_store_load (store, kind, annalist_record_get_id (record), NULL);
      ok = now != NULL ? annalist_store_update (store, record, error)
                       : annalist_store_insert (store, record, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static void
undo_clicked (AdwToast *toast,
              Deletion *deletion)
{
  g_autoptr(GError) error = NULL;

  if (!annalist_store_transaction (deletion->store, undo_in_transaction, deletion, &error))
    g_warning ("Undo: %s", error->message);
}

static void
delete_confirmed (AnnalistListPage *self,
                  AnnalistRecord   *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(AnnalistRecord) copy = NULL;
  g_autofree char *title = annalist_ui_record_title (self->store, record);
  Deletion *deletion;
  AdwToast *toast;
  gint64 id = annalist_record_get_id (record);

  /* Keep what cascades or is unlinked with the record, for Undo. */
  copy = annalist_store_load (self->store, self->kind, id, &error);
  if (copy == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Deleted"),
                              error->message);
      return;
    }
  deletion = g_new0 (Deletion, 1);
  deletion->store = g_object_ref (self->store);
  deletion->record = g_steal_pointer (&copy);
  deletion->dependents = g_ptr_array_new_with_free_func (g_object_unref);

  dependents = annalist_store_dependents (self->store, self->kind, id, NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      const AnnalistField *field = annalist_kind_field (d->kind, d->column);
      g_autoptr(GArray) ids = NULL;

      if (field == NULL || field->type != ANNALIST_FIELD_REFERENCE)
        continue;
      ids = annalist_ui_ids_referring (self->store, d->kind, d->column, id, NULL, NULL);
      for (guint j = 0; ids != NULL && j < ids->len; j++)
        {
          AnnalistRecord *dependent = annalist_store_load (self->store, d->kind,
                                                           g_array_index (ids, gint64, j),
                                                           NULL);
          if (dependent != NULL)
            g_ptr_array_add (deletion->dependents, dependent);
        }
    }

  if (!annalist_store_delete (self->store, self->kind, id, &error))
    {
      deletion_free (deletion);
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Deleted"),
                              error->message);
      return;
    }

  /* Translators: %s is the title of the record that was deleted */
  toast = adw_toast_new_format (_("“%s” deleted"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked), deletion);
  g_signal_connect_swapped (toast, "dismissed", G_CALLBACK (deletion_free), deletion);
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AnnalistListPage *self)
{
  AnnalistRecord *record = g_object_get_data (G_OBJECT (dialog), "record");

  if (g_str_equal (response, "delete"))
    delete_confirmed (self, record);
}

void
annalist_list_page_delete_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) owned = g_string_new (NULL);
  g_autoptr(GString) referring = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL)
    return;

  title = annalist_ui_record_title (self->store, record);
  dependents = annalist_store_dependents (self->store, self->kind,
                                          annalist_record_get_id (record), NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      GString *list = g_strcmp0 (d->kind->parent_column, d->column) == 0 ? owned : referring;

      g_string_append_printf (list, "%s%s: %" G_GINT64_FORMAT,
                              list->len ? ", " : "", _(d->kind->label), d->count);
    }

  if (owned->len > 0)
    g_string_append_printf (body, _("Its records are deleted with it: %s."), owned->str);
  if (referring->len > 0)
    {
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Other records refer to it: %s. If they need it, "
                                      "it will not be deleted."), referring->str);
    }
  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append (body, _("You can undo the deletion for a few seconds afterwards."));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                   body->str);
  /* Translators: %s is the title of a record */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
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

static GtkWidget *
header_new (AnnalistListPage *self,
            Column           *column)
{
  const AnnalistField *field = &self->kind->fields[column->field];
  GtkWidget *label = gtk_label_new (_(field->label));
  GtkWidget *box, *button;

  /* Russian headings are long («Количество участников»): two lines
   * before anything is cut. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), field_is_numeric (field) ? 1.0f : 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");

  /* Under an owner the list keeps the store's order. */
  if (self->owner_column != NULL)
    {
      gtk_widget_add_css_class (label, "annalist-table-heading");
      return label;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (box), label);
  column->arrow = GTK_IMAGE (gtk_image_new_from_icon_name ("pan-down-symbolic"));
  gtk_widget_set_opacity (GTK_WIDGET (column->arrow), 0.0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (column->arrow));

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Sort by this column"),
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (header_clicked), column);
  return button;
}

static void
add_columns (AnnalistListPage *self)
{
  const AnnalistKind *kind = self->kind;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->header)) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, g_free);
  self->columns = g_new0 (Column, kind->n_fields);
  self->n_columns = 0;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      Column *column;

      if (!(field->flags & ANNALIST_FIELD_LISTED) || (field->flags & ANNALIST_FIELD_HIDDEN))
        continue;
      if (self->shown != NULL && !g_strv_contains ((const char * const *) self->shown,
                                                   field->column))
        continue;
      /* In a list under its owner, the owner column says nothing. */
      if (self->owner_column != NULL && g_str_equal (field->column, self->owner_column))
        continue;

      column = &self->columns[self->n_columns++];
      column->self = self;
      column->field = (int) i;
      column->visible = TRUE;
      switch (field->type)
        {
        case ANNALIST_FIELD_TEXT:
        case ANNALIST_FIELD_LONG_TEXT:
        case ANNALIST_FIELD_REFERENCES:
          if (field->flags & ANNALIST_FIELD_NARROW)
            {
              column->width = 160;
              break;
            }
          /* The record's own title gets the room. */
          column->expand = TRUE;
          column->width = g_strcmp0 (field->column, kind->title_column) == 0 ? 360 : 200;
          break;
        case ANNALIST_FIELD_DATE:
        case ANNALIST_FIELD_YEAR:
          column->width = 110;
          break;
        case ANNALIST_FIELD_BOOLEAN:
        case ANNALIST_FIELD_INTEGER:
        case ANNALIST_FIELD_REAL:
          column->width = 130;
          break;
        case ANNALIST_FIELD_DICTIONARY:
        case ANNALIST_FIELD_REFERENCE:
        default:
          column->width = 170;
          break;
        }
      column->header = header_new (self, column);
      gtk_widget_set_parent (column->header, self->header);
    }

  /* Without a text column the names of values take the room («Участие в
   * сетевых проектах» of a rating value), not an empty margin. */
  {
    gboolean any_expands = FALSE;

    for (guint i = 0; i < self->n_columns; i++)
      any_expands |= self->columns[i].expand;
    for (guint i = 0; i < self->n_columns && !any_expands; i++)
      {
        AnnalistFieldType type = kind->fields[self->columns[i].field].type;

        self->columns[i].expand = type == ANNALIST_FIELD_DICTIONARY ||
                                  type == ANNALIST_FIELD_REFERENCE;
      }
  }
  self->rows_stale = TRUE;
  update_header (self);
}

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
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_LIST_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  clear_index (self);

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

  G_OBJECT_CLASS (annalist_list_page_parent_class)->finalize (object);
}

/* A page is configured (year, owner) right after it is made; its records
 * are read once, when it is first shown or asked about, not before. */
static void
ensure_loaded (AnnalistListPage *self)
{
  if (self->base == NULL)
    reload (self);
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
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, header);
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
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete", FALSE);

  /* The header is laid out as the rows are. */
  gtk_widget_set_layout_manager (self->header, gtk_custom_layout_new (header_request_mode,
                                                                      header_measure,
                                                                      header_allocate));
  g_object_set_data (G_OBJECT (self->header), "annalist-list-page", self);

  /* Columns are resized by dragging their edges in the header. */
  self->resizing = -1;
  {
    GtkGesture *drag = gtk_gesture_drag_new ();
    GtkEventController *motion = gtk_event_controller_motion_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (resize_begin), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (resize_update), self);
    g_signal_connect (drag, "drag-end", G_CALLBACK (resize_end), self);
    gtk_widget_add_controller (self->header, GTK_EVENT_CONTROLLER (drag));
    g_signal_connect (motion, "motion", G_CALLBACK (header_motion), self);
    g_signal_connect (motion, "leave", G_CALLBACK (header_leave), self);
    gtk_widget_add_controller (self->header, motion);
  }

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind), self);
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(kind->label),
                                  -1);
  add_columns (self);
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
      update_header (self);
    }
  if (self->year == year && !self->rows_stale && self->base != NULL)
    return;
  self->year = year;
  reload (self);
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
    reload (self);
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
  add_columns (self);

  gtk_widget_set_visible (self->toolbar, TRUE);
  /* A record that names many organisations is not deleted from the
   * list of one of them. */
  gtk_widget_set_visible (self->delete_button, field->type != ANNALIST_FIELD_REFERENCES);
  /* The list is as long as its records and the form scrolls: a list
   * scrolling inside the form would catch the mouse wheel. */
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), FALSE);
  reload (self);
}

void
annalist_list_page_set_columns (AnnalistListPage   *self,
                                const char * const *columns)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  g_clear_pointer (&self->shown, g_strfreev);
  self->shown = g_strdupv ((char **) columns);
  add_columns (self);
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading ? heading : _(self->kind->label),
                                  -1);
  if (self->owner_column != NULL)
    reload (self);
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
