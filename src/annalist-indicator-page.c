/* annalist-indicator-page.c — an indicator's yearly values, edited as a grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One indicator (a figure_kind) at a time: a row for the district as a
 * whole and one per organisation, in the organisation list's order, and a
 * column per academic year. Every cell is an entry; what is typed is saved
 * when the cell is left (Tab, Enter, a click elsewhere), through the same
 * parsing and checks as the record form's REAL field, so a decimal comma is
 * fine and a bad number gets the form's sentence.
 *
 * The rows are a GtkListView, not a GtkGrid of entries: at 129 rows × 10
 * years both draw a first frame and a keystroke in about the same time on
 * GTK 4.8 (195 against 225 ms, 8 against 9.5 ms under Xvfb), but the grid
 * keeps all 1 300 entries alive — in the accessibility tree too, which a
 * screen reader walks — while the list view keeps the thirty rows shown,
 * so a larger district or more years cost nothing more, and its header
 * stays in place while the rows scroll. Nor a GtkColumnView: in 4.8 it
 * rebuilds its 200 rows of cell widgets on every change of its model (see
 * annalist-list-page.c). The list view scrolls sideways itself; the header
 * row follows it through a shared adjustment.
 *
 * The page itself, on the sample district with 10 years of values for
 * every organisation, at 1280×800: made in 6 ms; a keystroke costs 1.1 ms
 * and a 40-pixel scroll 0.5 ms of layout and drawing (cairo renderer);
 * with Xvfb's software GL the frame takes 22 and 8 ms, nearly all of it
 * llvmpipe filling pixels — hence the flat cells in style.css, which cut
 * the keystroke's frame from 33 ms.
 */

#define G_LOG_DOMAIN "annalist-indicator-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-closed-year.h"
#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-grid-cell.h"
#include "annalist-indicator-page.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

/* Widths of the organisation's column and of a year's, in pixels: five
 * years fit beside the sidebar in a 1024 pixels wide window. */
#define NAME_WIDTH 200
#define CELL_WIDTH 96
/* The years the schema accepts (historical_figure's CHECK). */
#define FIRST_YEAR 1990
#define LAST_YEAR 2100

/* A row: the district (organisation_id 0) or one organisation ------------------------ */

#define INDICATOR_TYPE_ROW (indicator_row_get_type ())
G_DECLARE_FINAL_TYPE (IndicatorRow, indicator_row, INDICATOR, ROW, GObject)

struct _IndicatorRow
{
  GObject  parent_instance;
  gint64   organisation_id;
  char    *name;
  guint    position;
};

G_DEFINE_FINAL_TYPE (IndicatorRow, indicator_row, G_TYPE_OBJECT)

static void
indicator_row_finalize (GObject *object)
{
  g_free (INDICATOR_ROW (object)->name);
  G_OBJECT_CLASS (indicator_row_parent_class)->finalize (object);
}

static void
indicator_row_class_init (IndicatorRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = indicator_row_finalize;
}

static void
indicator_row_init (IndicatorRow *self)
{
}

static IndicatorRow *
indicator_row_new (gint64      organisation_id,
                   const char *name)
{
  IndicatorRow *self = g_object_new (INDICATOR_TYPE_ROW, NULL);

  self->organisation_id = organisation_id;
  self->name = g_strdup (name);
  return self;
}

/* A stored value, by organisation and year. */
typedef struct
{
  gint64   id;
  gboolean has_value;
  double   value;
} Cell;

static gint64
cell_key (gint64 organisation_id,
          int    year)
{
  return organisation_id * 256 + (year - FIRST_YEAR);
}

struct _AnnalistIndicatorPage
{
  AdwBin         parent_instance;

  AnnalistStore *store;
  gulong         changed_id;
  gboolean       saving;      /* our own write: its "changed" is not news */
  gboolean       focus_pending; /* the first cell is to have the focus once made */
  guint          focus_position; /* the row of the cell that had the focus last */

  GArray        *kind_ids;    /* gint64 per dropdown position */
  gint64         kind_id;
  int            year;        /* the window's year */
  GArray        *years;       /* int per column, oldest first */
  GPtrArray     *locks;       /* per column: why a closed year's cells are read-only, or NULL */
  GArray        *added_years; /* int: columns added with «Add Year» */
  GHashTable    *cells;       /* cell_key → Cell */
  GListStore    *rows;        /* IndicatorRow */
  GPtrArray     *row_widgets; /* every row box the factory made */

  /* Template widgets */
  GtkDropDown   *kind_dropdown;
  GtkLabel      *unit_label;
  GtkStack      *stack;
  GtkScrolledWindow *header_scroller;
  GtkBox        *header;
  GtkScrolledWindow *scroller;
  GtkListView   *view;
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistIndicatorPage, annalist_indicator_page, ADW_TYPE_BIN)

/* A row's box: the list view gives a row it has just made (Tab into a row
 * below the last one shown) the focus with gtk_widget_grab_focus (), which
 * a plain box refuses, and the focus would leave the grid. The row's first
 * cell takes it, or its last when the focus comes from below. */

#define INDICATOR_TYPE_ROW_BOX (indicator_row_box_get_type ())
G_DECLARE_FINAL_TYPE (IndicatorRowBox, indicator_row_box, INDICATOR, ROW_BOX, GtkBox)

struct _IndicatorRowBox
{
  GtkBox                 parent_instance;
  AnnalistIndicatorPage *page;
};

G_DEFINE_FINAL_TYPE (IndicatorRowBox, indicator_row_box, GTK_TYPE_BOX)

static gboolean
indicator_row_box_grab_focus (GtkWidget *widget)
{
  IndicatorRowBox *self = INDICATOR_ROW_BOX (widget);
  IndicatorRow *row = g_object_get_data (G_OBJECT (widget), "row");
  GtkWidget *first = gtk_widget_get_next_sibling (gtk_widget_get_first_child (widget));
  GtkWidget *last = gtk_widget_get_last_child (widget);

  if (row == NULL || first == NULL)
    return FALSE;
  return gtk_widget_grab_focus (self->page->focus_position > row->position ? last : first);
}

static void
indicator_row_box_class_init (IndicatorRowBoxClass *klass)
{
  GTK_WIDGET_CLASS (klass)->grab_focus = indicator_row_box_grab_focus;
}

static void
indicator_row_box_init (IndicatorRowBox *self)
{
  gtk_box_set_spacing (GTK_BOX (self), ANNALIST_GRID_SPACING);
}

/* Saving one cell ---------------------------------------------------------------- */

typedef struct
{
  gint64    kind_id;
  gint64    organisation_id;
  int       year;
  GVariant *value;    /* NULL: remove */
} CellWrite;

static const AnnalistKind *
values_kind (void)
{
  const AnnalistKind *kind = annalist_kind_lookup ("historical_figure");

  g_assert (kind != NULL);
  return kind;
}

static gboolean
write_cell (AnnalistStore *store,
            gpointer       user_data,
            GError       **error)
{
  const CellWrite *write = user_data;
  const AnnalistKind *kind = values_kind ();
  g_autoptr(AnnalistRecord) record = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean has_text = FALSE;
  gboolean had_value = FALSE;
  double old_value = 0;
  int rc;

  stmt = annalist_store_prepare (store,
                                 "SELECT id, text, value FROM historical_figure"
                                 " WHERE kind_id = ?1 AND ifnull (organisation_id, 0) = ?2"
                                 " AND academic_year = ?3",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, write->kind_id);
  sqlite3_bind_int64 (stmt, 2, write->organisation_id);
  sqlite3_bind_int (stmt, 3, write->year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 1);

      id = sqlite3_column_int64 (stmt, 0);
      has_text = text != NULL && *text != '\0';
      had_value = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      old_value = sqlite3_column_double (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);

  if (write->value == NULL)
    {
      if (!had_value)
        return TRUE;
      /* A value with a comment keeps its comment. */
      if (!has_text)
        return annalist_store_delete (store, kind, id, error);
    }
  else if (had_value && g_variant_get_double (write->value) == old_value)
    return TRUE;

  if (id > 0)
    return annalist_store_update_field (store, kind, id, "value", write->value, error);

  record = annalist_record_new (kind);
  annalist_record_set_int (record, "kind_id", write->kind_id);
  if (write->organisation_id > 0)
    annalist_record_set_int (record, "organisation_id", write->organisation_id);
  annalist_record_set_int (record, "academic_year", write->year);
  annalist_record_set (record, "value", write->value);
  return annalist_store_insert (store, record, error);
}

gboolean
annalist_indicator_save_cell (AnnalistStore *store,
                              gint64         kind_id,
                              gint64         organisation_id,
                              int            year,
                              const char    *text,
                              GError       **error)
{
  const AnnalistField *field = annalist_kind_field (values_kind (), "value");
  g_autoptr(GVariant) value = NULL;
  CellWrite write = { kind_id, organisation_id, year, NULL };

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind_id > 0, FALSE);
  g_return_val_if_fail (organisation_id >= 0, FALSE);

  if (!annalist_field_read (field, text, &value, error))
    return FALSE;

  write.value = value;
  return annalist_store_transaction (store, write_cell, &write, error);
}

/* Reading ---------------------------------------------------------------------------- */

static gint
compare_years (gconstpointer a,
               gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static void
add_year_once (GArray *years,
               int     year)
{
  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, int, i) == year)
      return;
  g_array_append_val (years, year);
}

/* The indicator's values, and from them the columns. */
static void
load_values (AnnalistIndicatorPage *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_hash_table_remove_all (self->cells);
  g_array_set_size (self->years, 0);

  stmt = annalist_store_prepare (self->store,
                                 "SELECT id, ifnull (organisation_id, 0), academic_year, value"
                                 " FROM historical_figure WHERE kind_id = ?1",
                                 &error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, self->kind_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          Cell *cell = g_new0 (Cell, 1);
          gint64 *key = g_new (gint64, 1);
          int year = sqlite3_column_int (stmt, 2);

          cell->id = sqlite3_column_int64 (stmt, 0);
          cell->has_value = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
          cell->value = sqlite3_column_double (stmt, 3);
          *key = cell_key (sqlite3_column_int64 (stmt, 1), year);
          g_hash_table_insert (self->cells, key, cell);
          add_year_once (self->years, year);
        }
      sqlite3_reset (stmt);
    }
  else
    g_warning ("Cannot read the indicator's values: %s", error->message);

  if (self->year >= FIRST_YEAR && self->year <= LAST_YEAR)
    add_year_once (self->years, self->year);
  for (guint i = 0; i < self->added_years->len; i++)
    add_year_once (self->years, g_array_index (self->added_years, int, i));
  g_array_sort (self->years, compare_years);

  /* A closed year's column is read once here, not at every cell shown. */
  g_ptr_array_set_size (self->locks, 0);
  for (guint i = 0; i < self->years->len; i++)
    {
      int year = g_array_index (self->years, int, i);

      g_ptr_array_add (self->locks, annalist_store_read_only_reason (self->store) == NULL &&
                                    annalist_closed_year_is_closed (self->store, year)
                                    ? annalist_closed_year_sentence (self->store, year) : NULL);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "indicator-page.add-year",
                                 self->kind_id > 0 &&
                                 (self->years->len == 0 ||
                                  g_array_index (self->years, int, self->years->len - 1) < LAST_YEAR));
}

static const Cell *
lookup_cell (AnnalistIndicatorPage *self,
             gint64                 organisation_id,
             int                    year)
{
  gint64 key = cell_key (organisation_id, year);

  return g_hash_table_lookup (self->cells, &key);
}

static char *
cell_text (AnnalistIndicatorPage *self,
           gint64                 organisation_id,
           int                    year)
{
  const Cell *cell = lookup_cell (self, organisation_id, year);

  if (cell == NULL || !cell->has_value)
    return g_strdup ("");
  return annalist_format_number (cell->value, -1);
}

static void
add_row (gint64      organisation_id,
         const char *name,
         gpointer    data)
{
  g_ptr_array_add (data, indicator_row_new (organisation_id, name));
}

static void
load_rows (AnnalistIndicatorPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (rows, indicator_row_new (0, _("District as a whole")));
  annalist_grid_each_organisation (self->store, add_row, rows);

  for (guint i = 0; i < rows->len; i++)
    INDICATOR_ROW (g_ptr_array_index (rows, i))->position = i;
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

static void
load_kinds (AnnalistIndicatorPage *self)
{
  const AnnalistKind *kind = annalist_kind_lookup ("figure_kind");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint position = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->kind_ids, 0);
  sql = g_strdup_printf ("SELECT id, name FROM %s ORDER BY %s", kind->name, kind->order_by);
  stmt = annalist_store_prepare (self->store, sql, &error);
  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (id == self->kind_id)
            position = self->kind_ids->len;
          g_array_append_val (self->kind_ids, id);
          gtk_string_list_append (names, (const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }
  else
    g_warning ("Cannot read the indicators: %s", error->message);

  if (position == GTK_INVALID_LIST_POSITION && self->kind_ids->len > 0)
    position = 0;
  self->kind_id = position != GTK_INVALID_LIST_POSITION
                  ? g_array_index (self->kind_ids, gint64, position) : 0;

  g_signal_handlers_block_matched (self->kind_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->kind_dropdown, position);
  g_signal_handlers_unblock_matched (self->kind_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
}

/* The unit under the indicator's name: «Unit: %». */
static void
update_unit (AnnalistIndicatorPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  stmt = annalist_store_prepare (self->store,
                                 "SELECT k.unit, m.name FROM figure_kind k"
                                 " LEFT JOIN measure m ON m.id = k.measure_id WHERE k.id = ?1",
                                 &error);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, self->kind_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *unit = (const char *) sqlite3_column_text (stmt, 0);
      const char *measure = (const char *) sqlite3_column_text (stmt, 1);

      if (unit != NULL && *unit != '\0' && measure != NULL)
        /* Translators: an indicator's measure and unit: «Доля, %» */
        text = g_strdup_printf (_("%s, %s"), measure, unit);
      else if (measure != NULL)
        text = g_strdup (measure);
      else if (unit != NULL)
        text = g_strdup (unit);
    }
  sqlite3_reset (stmt);
  gtk_label_set_text (self->unit_label, text ? text : "");
}

/* The grid --------------------------------------------------------------------------- */

static char *
cell_label (IndicatorRow *row,
            int           year)
{
  g_autofree char *year_label = annalist_academic_year_label (year);

  /* Translators: a cell's name for screen readers: organisation, academic year */
  return g_strdup_printf (_("%s, %s"), row->name, year_label);
}

static void
commit_cell (AnnalistIndicatorPage *self,
             GtkWidget             *entry)
{
  GtkWidget *box = gtk_widget_get_parent (entry);
  IndicatorRow *row = g_object_get_data (G_OBJECT (box), "row");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  int year;
  gboolean saved;

  if (self->store == NULL || row == NULL || column >= self->years->len || self->kind_id <= 0 ||
      !gtk_editable_get_editable (GTK_EDITABLE (entry)))
    return;
  year = g_array_index (self->years, int, column);
  stored = cell_text (self, row->organisation_id, year);
  if (g_str_equal (text, stored))
    {
      annalist_grid_cell_set_error (entry, NULL);
      return;
    }

  self->saving = TRUE;
  saved = annalist_indicator_save_cell (self->store, self->kind_id, row->organisation_id, year,
                                        text, &error);
  self->saving = FALSE;
  if (!saved)
    {
      g_autofree char *where = cell_label (row, year);
      /* Translators: a refused cell: «Школа № 5, 2022-2023: В поле …» */
      g_autofree char *sentence = g_strdup_printf (_("%s: %s"), where, error->message);
      g_autofree char *markup = g_markup_escape_text (sentence, -1);

      annalist_grid_cell_set_error (entry, error->message);
      /* The focus has usually gone on: the toast says which cell. */
      annalist_ui_add_toast (entry, adw_toast_new (markup));
      return;
    }

  /* The years stay as they are: a column emptied now is still wanted. */
  {
    g_autoptr(GArray) years = g_array_copy (self->years);

    load_values (self);
    g_array_set_size (self->years, 0);
    g_array_append_vals (self->years, years->data, years->len);
  }
  g_clear_pointer (&stored, g_free);
  stored = cell_text (self, row->organisation_id, year);
  annalist_grid_cell_set_error (entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), stored);
}

static void
entry_activate (GtkEntry              *entry,
                AnnalistIndicatorPage *self)
{
  commit_cell (self, GTK_WIDGET (entry));
  /* Enter goes on to the next cell, as Tab does, unless the number was
   * refused. */
  if (!gtk_widget_has_css_class (GTK_WIDGET (entry), "error"))
    gtk_widget_child_focus (GTK_WIDGET (self->view), GTK_DIR_TAB_FORWARD);
}

static void
entry_enter (GtkEventControllerFocus *controller,
             AnnalistIndicatorPage   *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  IndicatorRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_parent (entry)), "row");

  if (row != NULL)
    self->focus_position = row->position;
  /* A narrow window would hide the cell being typed in. */
  annalist_grid_scroll_to_column (self->scroller,
                                  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column")),
                                  NAME_WIDTH, CELL_WIDTH);
}

static void
entry_leave (GtkEventControllerFocus *controller,
             AnnalistIndicatorPage   *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  commit_cell (self, entry);
  /* Tab selected the cell's text; a selection left behind looks like a mark. */
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, 0);
}

/* Escape puts back the stored value. */
static gboolean
entry_key_pressed (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   AnnalistIndicatorPage *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  IndicatorRow *row = g_object_get_data (G_OBJECT (gtk_widget_get_parent (entry)), "row");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  g_autofree char *stored = NULL;

  if (keyval != GDK_KEY_Escape || row == NULL || column >= self->years->len)
    return GDK_EVENT_PROPAGATE;
  stored = cell_text (self, row->organisation_id, g_array_index (self->years, int, column));
  gtk_editable_set_text (GTK_EDITABLE (entry), stored);
  annalist_grid_cell_set_error (entry, NULL);
  return GDK_EVENT_STOP;
}

static GtkWidget *
make_cell (AnnalistIndicatorPage *self,
           guint                  column)
{
  GtkWidget *entry = annalist_grid_cell_new (CELL_WIDTH);

  /* A read-only database: the values can be read and copied, not typed. */
  if (self->store != NULL && annalist_store_read_only_reason (self->store) != NULL)
    {
      gtk_editable_set_editable (GTK_EDITABLE (entry), FALSE);
      gtk_widget_set_tooltip_text (entry, annalist_store_read_only_reason (self->store));
    }
  annalist_grid_cell_connect (entry, column, G_CALLBACK (entry_activate), G_CALLBACK (entry_enter),
                              G_CALLBACK (entry_leave), G_CALLBACK (entry_key_pressed), self);
  return entry;
}

static GtkWidget *
make_name_label (const char *text)
{
  return annalist_grid_name_label_new (text, NAME_WIDTH);
}

/* Fills a row box with its row's name and values, making or dropping
 * entries when the columns changed. */
static void
fill_row (AnnalistIndicatorPage *self,
          GtkWidget             *box)
{
  IndicatorRow *row = g_object_get_data (G_OBJECT (box), "row");
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *entry;
  guint column = 0;

  if (row == NULL)
    return;

  gtk_label_set_text (GTK_LABEL (label), row->name);
  gtk_widget_set_tooltip_text (label, row->name);
  if (row->organisation_id == 0)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");

  entry = gtk_widget_get_next_sibling (label);
  for (column = 0; column < self->years->len; column++)
    {
      int year = g_array_index (self->years, int, column);
      g_autofree char *text = cell_text (self, row->organisation_id, year);
      g_autofree char *name = cell_label (row, year);

      if (entry == NULL)
        {
          entry = make_cell (self, column);
          gtk_box_append (GTK_BOX (box), entry);
        }
      /* What is being typed stays. */
      if (!annalist_grid_holds_focus (entry))
        {
          gtk_editable_set_text (GTK_EDITABLE (entry), text);
          annalist_grid_cell_set_error (entry, NULL);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* A closed year's values can be read and copied, not typed. */
      if (self->store != NULL && annalist_store_read_only_reason (self->store) == NULL)
        {
          const char *closed = column < self->locks->len ? g_ptr_array_index (self->locks, column) : NULL;

          gtk_editable_set_editable (GTK_EDITABLE (entry), closed == NULL);
          gtk_widget_set_tooltip_text (entry, closed);
        }
      entry = gtk_widget_get_next_sibling (entry);
    }
  annalist_grid_drop_cells (GTK_BOX (box), entry);
}

static gboolean
focus_first_row (gpointer page)
{
  AnnalistIndicatorPage *self = page;

  for (guint i = 0; i < self->row_widgets->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->row_widgets, i);
      IndicatorRow *row = g_object_get_data (G_OBJECT (box), "row");
      GtkWidget *entry = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

      if (row != NULL && row->organisation_id == 0 && entry != NULL)
        return gtk_widget_grab_focus (entry);
    }
  return FALSE;
}

/* A row box: the name; fill_row () makes the cells. */
static GtkWidget *
make_row (gpointer page)
{
  GtkWidget *box = g_object_new (INDICATOR_TYPE_ROW_BOX, NULL);

  INDICATOR_ROW_BOX (box)->page = page;
  gtk_box_append (GTK_BOX (box), make_name_label (NULL));
  return box;
}

static const AnnalistGridRows grid_rows = {
  make_row,
  (void (*) (gpointer, GtkWidget *)) fill_row,
  focus_first_row,
};

static void
build_header (AnnalistIndicatorPage *self)
{
  annalist_grid_clear (self->header);
  gtk_box_append (self->header, make_name_label (_("Organisation")));
  for (guint i = 0; i < self->years->len; i++)
    {
      g_autofree char *text = annalist_academic_year_label (g_array_index (self->years, int, i));
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_set_size_request (label, CELL_WIDTH, -1);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_box_append (self->header, label);
    }
}

/* After the indicator, the columns or the values changed. */
static void
refresh (AnnalistIndicatorPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->kind_id > 0 ? "grid" : "empty");
  build_header (self);
  for (guint i = 0; i < self->row_widgets->len; i++)
    fill_row (self, g_ptr_array_index (self->row_widgets, i));
}

static void
kind_selected (GtkDropDown           *dropdown,
               GParamSpec            *pspec,
               AnnalistIndicatorPage *self)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (position >= self->kind_ids->len)
    return;
  annalist_indicator_page_set_kind (self, g_array_index (self->kind_ids, gint64, position));
}

static void
store_changed (AnnalistStore         *store,
               const char            *kind_name,
               AnnalistIndicatorPage *self)
{
  if (g_str_equal (kind_name, "figure_kind") || g_str_equal (kind_name, "measure"))
    {
      load_kinds (self);
      update_unit (self);
      load_values (self);
      refresh (self);
    }
  else if (g_str_equal (kind_name, "organisation"))
    load_rows (self);
  else if ((g_str_equal (kind_name, "historical_figure") && !self->saving) ||
           g_str_equal (kind_name, "closed_year"))
    {
      load_values (self);
      refresh (self);
    }
}

static void
action_add_year (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  annalist_indicator_page_add_year (ANNALIST_INDICATOR_PAGE (widget));
}

/* Construction ----------------------------------------------------------------------- */

/* The cell being typed in is saved when the page goes away (another
 * section, the window closed), as when the focus leaves it. */
static void
annalist_indicator_page_unmap (GtkWidget *widget)
{
  annalist_indicator_page_commit (ANNALIST_INDICATOR_PAGE (widget));
  GTK_WIDGET_CLASS (annalist_indicator_page_parent_class)->unmap (widget);
}

void
annalist_indicator_page_commit (AnnalistIndicatorPage *self)
{
  g_return_if_fail (ANNALIST_IS_INDICATOR_PAGE (self));

  annalist_grid_commit_focused (self->row_widgets, (AnnalistGridCommitFunc) commit_cell, self);
}

static void
annalist_indicator_page_dispose (GObject *object)
{
  AnnalistIndicatorPage *self = (AnnalistIndicatorPage *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_INDICATOR_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (annalist_indicator_page_parent_class)->dispose (object);
}

static void
annalist_indicator_page_finalize (GObject *object)
{
  AnnalistIndicatorPage *self = (AnnalistIndicatorPage *) object;

  g_clear_pointer (&self->kind_ids, g_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->locks, g_ptr_array_unref);
  g_clear_pointer (&self->added_years, g_array_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->row_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (annalist_indicator_page_parent_class)->finalize (object);
}

static void
annalist_indicator_page_class_init (AnnalistIndicatorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_indicator_page_dispose;
  object_class->finalize = annalist_indicator_page_finalize;
  widget_class->unmap = annalist_indicator_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-indicator-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, header);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, view);
  gtk_widget_class_bind_template_child (widget_class, AnnalistIndicatorPage, empty_page);

  gtk_widget_class_install_action (widget_class, "indicator-page.add-year", NULL,
                                   action_add_year);
}

static void
annalist_indicator_page_init (AnnalistIndicatorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  annalist_ui_status_page_set_icon_when_shown (self->empty_page, "view-grid-symbolic");

  self->kind_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->locks = g_ptr_array_new_with_free_func (g_free);
  self->added_years = g_array_new (FALSE, FALSE, sizeof (int));
  self->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->rows = g_list_store_new (INDICATOR_TYPE_ROW);
  self->row_widgets = g_ptr_array_new ();
  self->year = annalist_academic_year_current ();

  annalist_grid_view_init (self->view, G_LIST_MODEL (self->rows), &grid_rows, self,
                           self->row_widgets, &self->focus_pending,
                           self->header_scroller, self->scroller);

  {
    /* The button shortens a long indicator's name; its list shows names whole. */
    g_autoptr(GtkListItemFactory) button_factory = annalist_ui_name_factory (40);
    g_autoptr(GtkListItemFactory) list_factory = annalist_ui_name_factory (0);

    gtk_drop_down_set_factory (self->kind_dropdown, button_factory);
    gtk_drop_down_set_list_factory (self->kind_dropdown, list_factory);
  }
  g_signal_connect (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected), self);
  annalist_ui_name_dropdown_button (GTK_WIDGET (self->kind_dropdown), _("Indicator"));
}

AnnalistIndicatorPage *
annalist_indicator_page_new (AnnalistStore *store)
{
  AnnalistIndicatorPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_INDICATOR_PAGE, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);

  load_kinds (self);
  update_unit (self);
  load_values (self);
  load_rows (self);
  refresh (self);
  return self;
}

void
annalist_indicator_page_set_year (AnnalistIndicatorPage *self,
                                  int                    year)
{
  g_return_if_fail (ANNALIST_IS_INDICATOR_PAGE (self));

  if (year == ANNALIST_ALL_YEARS)
    year = annalist_academic_year_current ();
  if (self->year == year)
    return;
  self->year = year;
  load_values (self);
  refresh (self);
}

gboolean
annalist_indicator_page_set_kind (AnnalistIndicatorPage *self,
                                  gint64                 kind_id)
{
  g_return_val_if_fail (ANNALIST_IS_INDICATOR_PAGE (self), FALSE);

  for (guint i = 0; i < self->kind_ids->len; i++)
    if (g_array_index (self->kind_ids, gint64, i) == kind_id)
      {
        if (gtk_drop_down_get_selected (self->kind_dropdown) != i)
          gtk_drop_down_set_selected (self->kind_dropdown, i);  /* comes back here */
        else if (self->kind_id != kind_id)
          {
            self->kind_id = kind_id;
            update_unit (self);
            load_values (self);
            refresh (self);
          }
        return TRUE;
      }
  return FALSE;
}

gint64
annalist_indicator_page_get_kind (AnnalistIndicatorPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_INDICATOR_PAGE (self), 0);
  return self->kind_id;
}

const GArray *
annalist_indicator_page_get_years (AnnalistIndicatorPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_INDICATOR_PAGE (self), NULL);
  return self->years;
}

void
annalist_indicator_page_add_year (AnnalistIndicatorPage *self)
{
  int year;

  g_return_if_fail (ANNALIST_IS_INDICATOR_PAGE (self));

  year = self->years->len > 0 ? g_array_index (self->years, int, self->years->len - 1) + 1
                              : self->year;
  if (year > LAST_YEAR)
    return;
  g_array_append_val (self->added_years, year);
  load_values (self);
  refresh (self);
}

/* The district's first year, now or as soon as the rows are made. */
void
annalist_indicator_page_focus_first_cell (AnnalistIndicatorPage *self)
{
  g_return_if_fail (ANNALIST_IS_INDICATOR_PAGE (self));

  self->focus_pending = !focus_first_row (self);
}

GtkWidget *
annalist_indicator_page_get_view (AnnalistIndicatorPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_INDICATOR_PAGE (self), NULL);
  return GTK_WIDGET (self->view);
}
