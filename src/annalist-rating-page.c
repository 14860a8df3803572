/* annalist-rating-page.c — the year's rating, typed as one grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Organisations down, the rating indicators in use across, for the
 * window's academic year («all years» shows the current one, named in the
 * toolbar). The ~180 values a year that were a dialog each are typed here
 * as in the indicator grid (annalist-indicator-page.c, whose measured
 * design this page follows and whose cell pieces it shares through
 * annalist-grid-cell.c): a GtkListView of rows of entries under a header
 * that scrolls sideways with them, a cell saved when it is left, the
 * form's number parsing and sentence, a closed year read-only.
 *
 * An indicator with a source (rating_indicator.source) is counted from the
 * records (annalist-rating.c): its cells are read-only, drawn apart, say
 * in their tooltip what they count, and Tab passes them by. At the right
 * of each row, the organisation's points and its place within its type,
 * from the same function the documents' rating reads.
 *
 * Keys: Tab and Shift+Tab go from cell to cell, Enter saves and goes down
 * to the same indicator of the next organisation, Up and Down too, Left
 * and Right leave the cell at the text's ends, Escape puts back the value.
 */

#define G_LOG_DOMAIN "annalist-rating-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-closed-year.h"
#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-grid-cell.h"
#include "annalist-rating.h"
#include "annalist-rating-page.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

#define NAME_WIDTH 200
#define CELL_WIDTH 104
#define TOTAL_WIDTH 64

/* A row: one organisation ------------------------------------------------------------ */

#define RATING_TYPE_ROW (rating_row_get_type ())
G_DECLARE_FINAL_TYPE (RatingRow, rating_row, RATING, ROW, GObject)

struct _RatingRow
{
  GObject  parent_instance;
  gint64   organisation_id;
  char    *name;
  guint    list_position;   /* in the organisation list's order */
  guint    position;        /* in the model, as shown */
};

G_DEFINE_FINAL_TYPE (RatingRow, rating_row, G_TYPE_OBJECT)

static void
rating_row_finalize (GObject *object)
{
  g_free (RATING_ROW (object)->name);
  G_OBJECT_CLASS (rating_row_parent_class)->finalize (object);
}

static void
rating_row_class_init (RatingRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rating_row_finalize;
}

static void
rating_row_init (RatingRow *self)
{
}

/* An indicator: a column. */
typedef struct
{
  gint64  id;
  char   *name;
  double  points;
  const AnnalistRatingSource *source;   /* NULL: typed */
  char   *counted;                      /* what a counted cell's tooltip says */
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
  g_free (((Column *) data)->counted);
}

/* A value of the year, by organisation and indicator. */
typedef struct
{
  double   value;
  gboolean counted;
} Cell;

static gint64
cell_key (gint64 organisation_id,
          gint64 indicator_id)
{
  return (organisation_id << 24) ^ indicator_id;
}

/* A row's total. */
typedef struct
{
  double points;
  guint  place;
  gint64 type_id;
  int    type_position;
} Total;

struct _AnnalistRatingPage
{
  AdwBin         parent_instance;

  AnnalistStore *store;
  gulong         changed_id;
  gboolean       saving;          /* our own write: its "changed" is not news */
  gboolean       by_place;
  gboolean       focus_pending;
  guint          focus_position;  /* the row of the cell that had the focus last */
  guint          want_column;     /* the column a row taking the focus gives it, or G_MAXUINT */

  int            year;
  char          *lock;            /* why the year's cells are read-only, or NULL */
  GArray        *columns;         /* Column */
  GHashTable    *cells;           /* cell_key → Cell */
  GHashTable    *totals;          /* organisation id → Total */
  GListStore    *rows;            /* RatingRow */
  GPtrArray     *row_widgets;

  /* Template widgets */
  GtkLabel          *year_label;
  GtkWidget         *counted_hint;
  GtkToggleButton   *place_button;
  GtkStack          *stack;
  GtkScrolledWindow *header_scroller;
  GtkBox            *header;
  GtkScrolledWindow *scroller;
  GtkListView       *view;
  AdwStatusPage     *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistRatingPage, annalist_rating_page, ADW_TYPE_BIN)

/* A row's box takes the focus for the list view (a row made as the focus
 * comes to it) and gives it to the wanted column's cell, or the first or
 * last cell that can be typed in. */

#define RATING_TYPE_ROW_BOX (rating_row_box_get_type ())
G_DECLARE_FINAL_TYPE (RatingRowBox, rating_row_box, RATING, ROW_BOX, GtkBox)

struct _RatingRowBox
{
  GtkBox              parent_instance;
  AnnalistRatingPage *page;
};

G_DEFINE_FINAL_TYPE (RatingRowBox, rating_row_box, GTK_TYPE_BOX)

static GtkWidget *
row_cell (GtkWidget *box,
          guint      column)
{
  GtkWidget *child = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  for (guint i = 0; child != NULL && i < column; i++)
    child = gtk_widget_get_next_sibling (child);
  return child != NULL && GTK_IS_ENTRY (child) ? child : NULL;
}

static gboolean
rating_row_box_grab_focus (GtkWidget *widget)
{
  RatingRowBox *self = RATING_ROW_BOX (widget);
  RatingRow *row = g_object_get_data (G_OBJECT (widget), "row");
  AnnalistRatingPage *page = self->page;
  guint n = page->columns->len;
  gboolean backwards;

  if (row == NULL || n == 0)
    return FALSE;
  if (page->want_column < n)
    {
      GtkWidget *cell = row_cell (widget, page->want_column);

      if (cell != NULL && gtk_widget_get_can_focus (cell))
        return gtk_widget_grab_focus (cell);
    }
  backwards = page->focus_position > row->position;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *cell = row_cell (widget, backwards ? n - 1 - i : i);

      if (cell != NULL && gtk_widget_get_can_focus (cell))
        return gtk_widget_grab_focus (cell);
    }
  return FALSE;
}

static void
rating_row_box_class_init (RatingRowBoxClass *klass)
{
  GTK_WIDGET_CLASS (klass)->grab_focus = rating_row_box_grab_focus;
}

static void
rating_row_box_init (RatingRowBox *self)
{
  gtk_box_set_spacing (GTK_BOX (self), ANNALIST_GRID_SPACING);
}

/* Reading ---------------------------------------------------------------------------- */

static void
add_value (gint64   indicator_id,
           gint64   organisation_id,
           double   value,
           gboolean counted,
           gpointer user_data)
{
  AnnalistRatingPage *self = user_data;
  gint64 *key = g_new (gint64, 1);
  Cell *cell = g_new (Cell, 1);

  *key = cell_key (organisation_id, indicator_id);
  cell->value = value;
  cell->counted = counted;
  g_hash_table_replace (self->cells, key, cell);
}

/* The year's values, points and places. */
static void
load_values (AnnalistRatingPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rated = NULL;

  g_hash_table_remove_all (self->cells);
  g_hash_table_remove_all (self->totals);
  if (!annalist_rating_foreach_value (self->store, self->year, add_value, self, &error))
    {
      g_warning ("Cannot read the rating's values: %s", error->message);
      g_clear_error (&error);
    }
  rated = annalist_rating_rank (self->store, self->year, &error);
  if (rated == NULL)
    g_warning ("Cannot rank the organisations: %s", error->message);
  for (guint i = 0; rated != NULL && i < rated->len; i++)
    {
      const AnnalistRated *x = &g_array_index (rated, AnnalistRated, i);
      Total *total = g_new (Total, 1);
      gint64 *key = g_new (gint64, 1);

      *key = x->organisation_id;
      total->points = x->points;
      total->place = x->place;
      total->type_id = x->type_id;
      total->type_position = x->type_position;
      g_hash_table_replace (self->totals, key, total);
    }

  g_clear_pointer (&self->lock, g_free);
  if (annalist_store_read_only_reason (self->store) != NULL)
    self->lock = g_strdup (annalist_store_read_only_reason (self->store));
  else if (annalist_closed_year_is_closed (self->store, self->year))
    self->lock = annalist_closed_year_sentence (self->store, self->year);
}

static void
load_columns (AnnalistRatingPage *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_array_set_size (self->columns, 0);
  stmt = annalist_store_prepare (self->store,
                                 "SELECT i.id, i.name, i.points, r.code, r.name"
                                 " FROM rating_indicator i"
                                 " LEFT JOIN rating_source r ON r.id = i.source_id"
                                 " WHERE i.active = 1 ORDER BY i.position, i.id",
                                 &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the rating's indicators: %s", error->message);
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Column column = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_double (stmt, 2),
        annalist_rating_source_lookup ((const char *) sqlite3_column_text (stmt, 3)),
        NULL,
      };

      if (column.source != NULL)
        /* Translators: a counted cell's tooltip: «Подсчитано по записям: Публикации года …» */
        column.counted = g_strdup_printf (_("Counted from the records, not typed: %s"),
                                          (const char *) sqlite3_column_text (stmt, 4));

      g_array_append_val (self->columns, column);
    }
  sqlite3_reset (stmt);
}

static void commit_cell (AnnalistRatingPage *self, GtkWidget *entry);

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  AnnalistRatingPage *self = user_data;
  RatingRow *x = *(RatingRow * const *) a;
  RatingRow *y = *(RatingRow * const *) b;
  const Total *tx = g_hash_table_lookup (self->totals, &x->organisation_id);
  const Total *ty = g_hash_table_lookup (self->totals, &y->organisation_id);

  if (self->by_place)
    {
      /* As the documents rank: type by type, by place within the type;
       * the organisations without a value after them all. */
      if ((tx == NULL) != (ty == NULL))
        return tx == NULL ? 1 : -1;
      if (tx != NULL && tx->type_position != ty->type_position)
        return tx->type_position < ty->type_position ? -1 : 1;
      if (tx != NULL && tx->type_id != ty->type_id)
        return tx->type_id < ty->type_id ? -1 : 1;
      if (tx != NULL && tx->place != ty->place)
        return tx->place < ty->place ? -1 : 1;
    }
  return (int) x->list_position - (int) y->list_position;
}

/* Puts the rows in the order asked for, keeping the row objects. */
static void
sort_rows (AnnalistRatingPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  /* The cell being typed in is saved (as it is left) first: its row
   * moves away. */
  for (guint i = 0; i < self->row_widgets->len; i++)
    for (guint c = 0; c < self->columns->len; c++)
      {
        GtkWidget *entry = row_cell (g_ptr_array_index (self->row_widgets, i), c);

        /* The focus leaves it for the order's button: a cell with the
         * focus given another row's text would keep blinking over its
         * selection (GtkText of 4.8 warns). */
        if (entry != NULL && annalist_grid_holds_focus (entry))
          gtk_widget_grab_focus (GTK_WIDGET (self->place_button));
      }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->rows), i));
  g_ptr_array_sort_with_data (rows, compare_rows, self);
  for (guint i = 0; i < rows->len; i++)
    RATING_ROW (g_ptr_array_index (rows, i))->position = i;
  g_list_store_splice (self->rows, 0, n, rows->pdata, rows->len);
}

static void
add_row (gint64      organisation_id,
         const char *name,
         gpointer    data)
{
  GPtrArray *rows = data;
  RatingRow *row = g_object_new (RATING_TYPE_ROW, NULL);

  row->organisation_id = organisation_id;
  row->name = g_strdup (name);
  row->list_position = rows->len;
  g_ptr_array_add (rows, row);
}

static void
load_rows (AnnalistRatingPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  annalist_grid_each_organisation (self->store, add_row, rows);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  sort_rows (self);
}

static const Cell *
lookup_cell (AnnalistRatingPage *self,
             gint64              organisation_id,
             gint64              indicator_id)
{
  gint64 key = cell_key (organisation_id, indicator_id);

  return g_hash_table_lookup (self->cells, &key);
}

static char *
cell_text (AnnalistRatingPage *self,
           gint64              organisation_id,
           const Column       *column)
{
  const Cell *cell = lookup_cell (self, organisation_id, column->id);

  /* A counted indicator reads 0 where nothing was found: it was counted. */
  if (cell == NULL)
    return g_strdup (column->source != NULL ? "0" : "");
  return annalist_format_number (cell->value, -1);
}

/* The grid --------------------------------------------------------------------------- */

static char *
cell_label (RatingRow    *row,
            const Column *column)
{
  if (column->source != NULL)
    /* Translators: a counted cell's name for screen readers: organisation, indicator */
    return g_strdup_printf (_("%s, %s (counted from the records)"), row->name, column->name);
  /* Translators: a cell's name for screen readers: organisation, indicator */
  return g_strdup_printf (_("%s, %s"), row->name, column->name);
}

static GtkWidget *
row_box_of (AnnalistRatingPage *self,
            guint               position)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->row_widgets, i);
      RatingRow *row = g_object_get_data (G_OBJECT (box), "row");

      if (row != NULL && row->position == position)
        return box;
    }
  return NULL;
}

static void fill_row (AnnalistRatingPage *self, GtkWidget *box);

static void
refresh_rows (AnnalistRatingPage *self)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    fill_row (self, g_ptr_array_index (self->row_widgets, i));
}

static void
commit_cell (AnnalistRatingPage *self,
             GtkWidget          *entry)
{
  GtkWidget *box = gtk_widget_get_parent (entry);
  RatingRow *row = g_object_get_data (G_OBJECT (box), "row");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const Column *column;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (self->store == NULL || row == NULL || index >= self->columns->len ||
      !gtk_editable_get_editable (GTK_EDITABLE (entry)))
    return;
  column = &g_array_index (self->columns, Column, index);
  if (column->source != NULL)
    return;
  stored = cell_text (self, row->organisation_id, column);
  if (g_str_equal (text, stored))
    {
      annalist_grid_cell_set_error (entry, NULL);
      return;
    }

  self->saving = TRUE;
  saved = annalist_rating_save_cell (self->store, column->id, row->organisation_id, self->year,
                                     text, &error);
  self->saving = FALSE;
  if (!saved)
    {
      g_autofree char *where = cell_label (row, column);
      /* Translators: a refused cell: «Школа № 5, Публикации: В поле …» */
      g_autofree char *sentence = g_strdup_printf (_("%s: %s"), where, error->message);
      g_autofree char *markup = g_markup_escape_text (sentence, -1);

      annalist_grid_cell_set_error (entry, error->message);
      annalist_ui_add_toast (entry, adw_toast_new (markup));
      return;
    }

  load_values (self);
  g_clear_pointer (&stored, g_free);
  stored = cell_text (self, row->organisation_id, column);
  annalist_grid_cell_set_error (entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), stored);
  /* The points and places of every row shown may have moved; the rows
   * stay where they are until the order is asked for again. */
  refresh_rows (self);
}

/* Moves the focus to the cell of @column in the row @step rows away
 * (±1); TRUE if there is one. */
static gboolean
move_vertically (AnnalistRatingPage *self,
                 GtkWidget          *entry,
                 int                 step)
{
  RatingRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_parent (entry)), "row");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  GtkWidget *box, *cell;
  gboolean moved;

  if (row == NULL || (step < 0 && row->position == 0) || (step > 0 && row->position + 1 >= n))
    return FALSE;
  box = row_box_of (self, row->position + step);
  cell = box != NULL ? row_cell (box, column) : NULL;
  if (cell != NULL)
    return gtk_widget_grab_focus (cell);
  /* The row is not made yet: the list view makes it as the focus moves. */
  self->want_column = column;
  moved = gtk_widget_child_focus (GTK_WIDGET (self->view), step > 0 ? GTK_DIR_DOWN : GTK_DIR_UP);
  self->want_column = G_MAXUINT;
  return moved;
}

/* Moves to the next (or previous) cell that can be typed in, across rows,
 * as Tab does. */
static void
move_across (AnnalistRatingPage *self,
             gboolean            forward)
{
  gtk_widget_child_focus (GTK_WIDGET (self->view),
                          forward ? GTK_DIR_TAB_FORWARD : GTK_DIR_TAB_BACKWARD);
}

static void
entry_activate (GtkEntry           *entry,
                AnnalistRatingPage *self)
{
  commit_cell (self, GTK_WIDGET (entry));
  /* Enter goes down to the next organisation, unless the number was
   * refused; from the last one, on to the next cell. */
  if (!gtk_widget_has_css_class (GTK_WIDGET (entry), "error") &&
      !move_vertically (self, GTK_WIDGET (entry), 1))
    move_across (self, TRUE);
}

static void
entry_enter (GtkEventControllerFocus *controller,
             AnnalistRatingPage      *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  RatingRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_parent (entry)), "row");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));

  if (row != NULL)
    self->focus_position = row->position;
  annalist_grid_scroll_to_column (self->scroller, column, NAME_WIDTH, CELL_WIDTH);
}

static void
entry_leave (GtkEventControllerFocus *controller,
             AnnalistRatingPage      *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  commit_cell (self, entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, 0);
}

static gboolean
entry_key_pressed (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   AnnalistRatingPage    *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  RatingRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_parent (entry)), "row");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  int position = gtk_editable_get_position (GTK_EDITABLE (entry));
  int length = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  int start, end;

  if (row == NULL || index >= self->columns->len ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Escape:
      {
        g_autofree char *stored = cell_text (self, row->organisation_id,
                                             &g_array_index (self->columns, Column, index));

        gtk_editable_set_text (GTK_EDITABLE (entry), stored);
        annalist_grid_cell_set_error (entry, NULL);
        return GDK_EVENT_STOP;
      }
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_vertically (self, entry, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_vertically (self, entry, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        gboolean right = keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right;

        /* Inside the text the arrows move the cursor; at its end, to the
         * next cell. */
        if (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end) ||
            (right ? position < length : position > 0))
          return GDK_EVENT_PROPAGATE;
        move_across (self, right);
        return GDK_EVENT_STOP;
      }
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static GtkWidget *
make_cell (AnnalistRatingPage *self,
           guint               column)
{
  GtkWidget *entry = annalist_grid_cell_new (CELL_WIDTH);

  annalist_grid_cell_connect (entry, column, G_CALLBACK (entry_activate), G_CALLBACK (entry_enter),
                              G_CALLBACK (entry_leave), G_CALLBACK (entry_key_pressed), self);
  return entry;
}

static GtkWidget *
make_total_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (label, TOTAL_WIDTH, -1);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "annalist-rating-total");
  return label;
}

/* Fills a row box: the name, a cell per indicator, the points and the
 * place; cells are made or dropped when the indicators changed. */
static void
fill_row (AnnalistRatingPage *self,
          GtkWidget          *box)
{
  RatingRow *row = g_object_get_data (G_OBJECT (box), "row");
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *child = gtk_widget_get_next_sibling (label);
  GtkWidget *points_label, *place_label;
  const Total *total;
  g_autofree char *points = NULL;
  g_autofree char *place = NULL;

  if (row == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (label), row->name);
  gtk_widget_set_tooltip_text (label, row->name);

  for (guint i = 0; i < self->columns->len; i++)
    {
      const Column *column = &g_array_index (self->columns, Column, i);
      g_autofree char *text = cell_text (self, row->organisation_id, column);
      g_autofree char *name = cell_label (row, column);
      GtkWidget *entry = child != NULL && GTK_IS_ENTRY (child) ? child : NULL;
      gboolean counted = column->source != NULL;

      if (entry == NULL)
        {
          entry = make_cell (self, i);
          gtk_box_insert_child_after (GTK_BOX (box), entry,
                                      i == 0 ? label : row_cell (box, i - 1));
        }
      child = gtk_widget_get_next_sibling (entry);

      /* What is being typed stays, unless the cell now shows another
       * organisation (the rows were put in another order). */
      if (!annalist_grid_holds_focus (entry) ||
          GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (entry), "row")) != GPOINTER_TO_SIZE (row))
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), text);
          annalist_grid_cell_set_error (entry, NULL);
        }
      g_object_set_data (G_OBJECT (entry), "row", row);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* A counted value is read, not typed: Tab passes it by. Set only
       * when it changes: GtkText of 4.8 restarts its cursor's blinking
       * on set_editable () even over a selection, and warns. */
      if (gtk_editable_get_editable (GTK_EDITABLE (entry)) != (!counted && self->lock == NULL))
        gtk_editable_set_editable (GTK_EDITABLE (entry), !counted && self->lock == NULL);
      if (gtk_widget_get_can_focus (entry) != !counted)
        gtk_widget_set_can_focus (entry, !counted);
      if (counted)
        gtk_widget_add_css_class (entry, "annalist-rating-counted");
      else
        gtk_widget_remove_css_class (entry, "annalist-rating-counted");
      if (!gtk_widget_has_css_class (entry, "error"))
        gtk_widget_set_tooltip_text (entry, counted ? column->counted : self->lock);
    }
  /* Cells of indicators no longer shown. */
  points_label = annalist_grid_drop_cells (GTK_BOX (box), child);
  place_label = gtk_widget_get_next_sibling (points_label);
  total = g_hash_table_lookup (self->totals, &row->organisation_id);
  points = total ? annalist_format_number (total->points, -1) : g_strdup ("—");
  place = total ? g_strdup_printf ("%u", total->place) : g_strdup ("—");
  gtk_label_set_text (GTK_LABEL (points_label), points);
  gtk_label_set_text (GTK_LABEL (place_label), place);
  {
    /* Translators: a row's points and place for screen readers */
    g_autofree char *points_name = g_strdup_printf (_("%s, points"), row->name);
    /* Translators: a row's place within its type for screen readers */
    g_autofree char *place_name = g_strdup_printf (_("%s, place"), row->name);

    gtk_accessible_update_property (GTK_ACCESSIBLE (points_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, points_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (place_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, place_name, -1);
  }
}

static gboolean
focus_first_row (gpointer page)
{
  AnnalistRatingPage *self = page;
  GtkWidget *box = row_box_of (self, 0);

  if (box == NULL)
    return FALSE;
  self->focus_position = 0;
  return rating_row_box_grab_focus (box);
}

/* A row box: the name, the cells (made by fill_row ()), the points and
 * the place. */
static GtkWidget *
make_row (gpointer page)
{
  GtkWidget *box = g_object_new (RATING_TYPE_ROW_BOX, NULL);

  RATING_ROW_BOX (box)->page = page;
  gtk_box_append (GTK_BOX (box), annalist_grid_name_label_new (NULL, NAME_WIDTH));
  gtk_box_append (GTK_BOX (box), make_total_label ());
  gtk_box_append (GTK_BOX (box), make_total_label ());
  return box;
}

static const AnnalistGridRows grid_rows = {
  make_row,
  (void (*) (gpointer, GtkWidget *)) fill_row,
  focus_first_row,
};

static GtkWidget *
header_label (const char *text,
              int         width,
              const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  /* A long indicator's name wraps at words, never with a hyphen, over
   * three lines at most. */
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  gtk_widget_set_size_request (label, width, -1);
  gtk_label_set_width_chars (GTK_LABEL (label), 1);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_yalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_tooltip_text (label, tooltip);
  return label;
}

static void
build_header (AnnalistRatingPage *self)
{
  GtkWidget *name;

  annalist_grid_clear (self->header);
  name = annalist_grid_name_label_new (_("Organisation"), NAME_WIDTH);
  gtk_label_set_yalign (GTK_LABEL (name), 1.0);
  gtk_box_append (self->header, name);
  for (guint i = 0; i < self->columns->len; i++)
    {
      const Column *column = &g_array_index (self->columns, Column, i);
      g_autofree char *points = annalist_format_number (column->points, -1);
      /* Translators: an indicator's header tooltip, under its name */
      g_autofree char *per_unit = g_strdup_printf (_("Points per unit: %s"), points);
      g_autofree char *tooltip = g_strdup_printf ("%s\n%s", column->name, per_unit);
      g_autofree char *full = column->source != NULL
                              ? g_strdup_printf ("%s\n%s", tooltip, column->counted)
                              : g_strdup (tooltip);
      GtkWidget *label = header_label (column->name, CELL_WIDTH, full);

      if (column->source != NULL)
        gtk_widget_add_css_class (label, "annalist-rating-counted");
      gtk_box_append (self->header, label);
    }
  gtk_box_append (self->header,
                  header_label (_("Points"), TOTAL_WIDTH,
                                _("Σ value × points per unit, over the indicators in use")));
  gtk_box_append (self->header,
                  header_label (_("Place"), TOTAL_WIDTH,
                                _("The place within the organisation’s type; tied points share a place")));
}

static void
update_year_label (AnnalistRatingPage *self)
{
  g_autofree char *year = annalist_academic_year_label (self->year);
  /* Translators: the rating page's year: «2022-2023 учебный год» */
  g_autofree char *text = g_strdup_printf (_("%s academic year"), year);

  gtk_label_set_text (self->year_label, text);
}

/* After the indicators, the year or the values changed. */
static void
refresh (AnnalistRatingPage *self)
{
  gboolean any_counted = FALSE;

  for (guint i = 0; i < self->columns->len; i++)
    any_counted |= g_array_index (self->columns, Column, i).source != NULL;
  gtk_widget_set_visible (self->counted_hint, any_counted);
  gtk_stack_set_visible_child_name (self->stack, self->columns->len > 0 ? "grid" : "empty");
  update_year_label (self);
  build_header (self);
  refresh_rows (self);
}

static void
store_changed (AnnalistStore      *store,
               const char         *kind_name,
               AnnalistRatingPage *self)
{
  /* What the grid shows is read from these; a change elsewhere (an
   * import of programmes) costs it nothing. */
  static const char * const read[] = {
    "rating_indicator", "rating_source", "rating_value", "organisation", "org_type",
    "competition", "competition_entry", "event", "event_presenter", "publication",
    "publication_author", "innovation_status", "closed_year", NULL,
  };

  if (self->saving || !g_strv_contains (read, kind_name))
    return;
  if (g_str_equal (kind_name, "rating_indicator") || g_str_equal (kind_name, "rating_source"))
    load_columns (self);
  load_values (self);
  if (g_str_equal (kind_name, "organisation") || g_str_equal (kind_name, "org_type"))
    load_rows (self);
  refresh (self);
}

static void
place_toggled (GtkToggleButton    *button,
               AnnalistRatingPage *self)
{
  annalist_rating_page_set_by_place (self, gtk_toggle_button_get_active (button));
}

/* Construction ----------------------------------------------------------------------- */

void
annalist_rating_page_commit (AnnalistRatingPage *self)
{
  g_return_if_fail (ANNALIST_IS_RATING_PAGE (self));

  annalist_grid_commit_focused (self->row_widgets, (AnnalistGridCommitFunc) commit_cell, self);
}

static void
annalist_rating_page_unmap (GtkWidget *widget)
{
  /* The cell being typed in is saved when the page goes away. */
  annalist_rating_page_commit (ANNALIST_RATING_PAGE (widget));
  GTK_WIDGET_CLASS (annalist_rating_page_parent_class)->unmap (widget);
}

static void
annalist_rating_page_dispose (GObject *object)
{
  AnnalistRatingPage *self = (AnnalistRatingPage *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_RATING_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (annalist_rating_page_parent_class)->dispose (object);
}

static void
annalist_rating_page_finalize (GObject *object)
{
  AnnalistRatingPage *self = (AnnalistRatingPage *) object;

  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_hash_table_unref);
  g_clear_pointer (&self->row_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->lock, g_free);

  G_OBJECT_CLASS (annalist_rating_page_parent_class)->finalize (object);
}

static void
annalist_rating_page_class_init (AnnalistRatingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_rating_page_dispose;
  object_class->finalize = annalist_rating_page_finalize;
  widget_class->unmap = annalist_rating_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-rating-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, year_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, counted_hint);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, place_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, header);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, view);
  gtk_widget_class_bind_template_child (widget_class, AnnalistRatingPage, empty_page);
}

static void
annalist_rating_page_init (AnnalistRatingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  annalist_ui_status_page_set_icon_when_shown (self->empty_page, "view-grid-symbolic");

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  self->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->totals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->rows = g_list_store_new (RATING_TYPE_ROW);
  self->row_widgets = g_ptr_array_new ();
  self->want_column = G_MAXUINT;
  self->year = annalist_academic_year_current ();

  annalist_grid_view_init (self->view, G_LIST_MODEL (self->rows), &grid_rows, self,
                           self->row_widgets, &self->focus_pending,
                           self->header_scroller, self->scroller);

  g_signal_connect (self->place_button, "toggled", G_CALLBACK (place_toggled), self);
}

AnnalistRatingPage *
annalist_rating_page_new (AnnalistStore *store)
{
  AnnalistRatingPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_RATING_PAGE, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);

  load_columns (self);
  load_values (self);
  load_rows (self);
  refresh (self);
  return self;
}

void
annalist_rating_page_set_year (AnnalistRatingPage *self,
                               int                 year)
{
  g_return_if_fail (ANNALIST_IS_RATING_PAGE (self));

  /* «All years»: the year being worked in. */
  if (year == ANNALIST_ALL_YEARS)
    year = annalist_academic_year_current ();
  if (self->year == year)
    return;
  self->year = year;
  load_values (self);
  if (self->by_place)
    sort_rows (self);
  refresh (self);
}

int
annalist_rating_page_get_year (AnnalistRatingPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_RATING_PAGE (self), 0);
  return self->year;
}

void
annalist_rating_page_set_by_place (AnnalistRatingPage *self,
                                   gboolean            by_place)
{
  g_return_if_fail (ANNALIST_IS_RATING_PAGE (self));

  by_place = !!by_place;
  if (gtk_toggle_button_get_active (self->place_button) != by_place)
    gtk_toggle_button_set_active (self->place_button, by_place);  /* comes back here */
  if (self->by_place == by_place)
    return;
  self->by_place = by_place;
  sort_rows (self);
}

void
annalist_rating_page_focus_first_cell (AnnalistRatingPage *self)
{
  g_return_if_fail (ANNALIST_IS_RATING_PAGE (self));

  self->focus_pending = !focus_first_row (self);
}

GtkWidget *
annalist_rating_page_get_view (AnnalistRatingPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_RATING_PAGE (self), NULL);
  return GTK_WIDGET (self->view);
}

static GtkWidget *
row_box_of_organisation (AnnalistRatingPage *self,
                         gint64              organisation_id)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->row_widgets, i);
      RatingRow *row = g_object_get_data (G_OBJECT (box), "row");

      if (row != NULL && row->organisation_id == organisation_id)
        return box;
    }
  return NULL;
}

GtkWidget *
annalist_rating_page_get_cell (AnnalistRatingPage *self,
                               gint64              organisation_id,
                               gint64              indicator_id)
{
  GtkWidget *box;

  g_return_val_if_fail (ANNALIST_IS_RATING_PAGE (self), NULL);

  box = row_box_of_organisation (self, organisation_id);
  if (box == NULL)
    return NULL;
  for (guint i = 0; i < self->columns->len; i++)
    if (g_array_index (self->columns, Column, i).id == indicator_id)
      return row_cell (box, i);
  return NULL;
}

GtkWidget *
annalist_rating_page_get_points (AnnalistRatingPage *self,
                                 gint64              organisation_id)
{
  GtkWidget *box;

  g_return_val_if_fail (ANNALIST_IS_RATING_PAGE (self), NULL);

  box = row_box_of_organisation (self, organisation_id);
  if (box == NULL)
    return NULL;
  return gtk_widget_get_prev_sibling (gtk_widget_get_last_child (box));
}
