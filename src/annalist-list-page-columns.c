/* annalist-list-page-columns.c — the list's table: its columns, the header
 * that sorts and resizes them, and the rows laid out as the header is
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-list-page.c, which had grown to the size limit.
 *
 * Widths come from the content (the heading's longest word, the first
 * rows' widest texts), measured when the list is read, not on a
 * keystroke: a sample of 100 rows costs a few Pango layouts per column
 * (only the three longest texts of each are laid out). Short of room,
 * text and names shrink to a narrowest width; past that the table is
 * wider than the window and the grid view scrolls sideways (GtkGridView
 * sizes its rows to their minimum and drives the horizontal adjustment);
 * the header and the totals sit in "strips" that move with that
 * adjustment, so no second scrolled window fights the view over it.
 *
 * A width dragged at a column's edge wins over the content's, and is
 * remembered per kind across restarts: the GSettings key «column-widths»
 * (kind → «column:width,…»), written when a drag ends (not on each
 * motion) and read when the kind's columns are made. A double-click on
 * the edge gives the column back its width from the content and forgets
 * the remembered one.
 */

#define G_LOG_DOMAIN "annalist-list-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-application.h"
#include "annalist-list-page-private.h"
#include "annalist-table-row.h"
#include "annalist-ui.h"

/* Nor can a column be dragged narrower than this. */
#define MIN_COLUMN_WIDTH 48
/* How near a column's edge, in pixels, a drag resizes the column. */
#define RESIZE_REACH 6
/* How many of the rows shown give the columns their widths. */
#define MEASURED_ROWS 100
/* The limits of a column's width from its content, by the kind of its
 * values; text and names shrink to their `narrowest` before the table
 * scrolls, numbers, dates and years never do (a cut number lies). */
#define TITLE_NARROWEST 240
#define TITLE_WIDEST 560
#define TEXT_NARROWEST 320
#define TEXT_WIDEST 480
#define NARROW_TEXT_WIDEST 220
#define NAME_NARROWEST 160
#define NAME_WIDEST 280
#define OWNED_NARROWEST 80

/* Table layout ----------------------------------------------------------------------- */

/* The narrowest the table is laid out: any narrower and it scrolls. */
int
annalist_list_page_table_minimum (AnnalistListPage *self)
{
  int minimum = 0;

  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].visible)
      minimum += self->columns[i].minimum;
  return minimum;
}

static int
table_natural (AnnalistListPage *self)
{
  int natural = 0;

  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].visible)
      natural += self->columns[i].width;
  return natural;
}

/* The header lays out its buttons, and every row its cells, with the
 * same widths. With room to spare the expanding columns (text) share it
 * in proportion to their widths; short of room, the columns that may
 * shrink (text, names) give it up in proportion to what they can give,
 * down to their narrowest; shorter still, the table is wider than the
 * window and scrolls sideways. */
void
annalist_list_page_table_widths (AnnalistListPage *self,
                                 int               width,
                                 int              *widths)
{
  int natural = table_natural (self);
  int minimum = annalist_list_page_table_minimum (self);
  gint64 weight = 0;
  int last = -1, given = 0, spare;

  width = MAX (width, minimum);
  spare = width - natural;
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      widths[i] = column->visible ? column->width : 0;
      if (!column->visible)
        continue;
      if (spare >= 0 ? column->expand : column->width > column->minimum)
        {
          weight += spare >= 0 ? column->width : column->width - column->minimum;
          last = (int) i;
        }
    }
  if (last < 0 || spare == 0)
    return;

  /* The last one takes what rounding left. */
  for (int i = 0; i <= last; i++)
    {
      Column *column = &self->columns[i];
      int share;

      if (!column->visible || !(spare >= 0 ? column->expand : column->width > column->minimum))
        continue;
      if (i == last)
        share = spare - given;
      else
        share = (int) ((gint64) spare * (spare >= 0 ? column->width
                                                     : column->width - column->minimum) / weight);
      widths[i] = MAX (column->minimum, column->width + share);
      given += share;
    }
}

static GtkSizeRequestMode
header_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
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
  g_autofree int *widths = g_new0 (int, MAX (self->n_columns, 1));
  int i = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = annalist_list_page_table_minimum (self);
      *natural = MAX (*minimum, table_natural (self));
      return;
    }

  /* Headings wrap: as high as the highest at its column's width. */
  annalist_list_page_table_widths (self, for_size, widths);
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      int child_minimum, child_natural;

      if (!self->columns[i].visible || !gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, widths[i], &child_minimum, &child_natural,
                          NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural = MAX (*natural, child_natural);
    }
}

static void
header_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (widget), "annalist-list-page");
  g_autofree int *widths = g_new (int, MAX (self->n_columns, 1));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0, i = 0;

  annalist_list_page_table_widths (self, width, widths);
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

/* Strips: the header above the rows and the totals under them are as wide
 * as the table and move sideways with the rows when it scrolls. Their
 * own minimum is nothing, so the window can be narrower than the table. */
static GtkSizeRequestMode
strip_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
strip_measure (GtkWidget      *widget,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural,
               int            *minimum_baseline,
               int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int child_minimum = 0;

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (child, orientation, -1, minimum, natural, NULL, NULL);
      *minimum = 0;
      return;
    }
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL, NULL);
  gtk_widget_measure (child, orientation, for_size < 0 ? -1 : MAX (for_size, child_minimum),
                      minimum, natural, NULL, NULL);
}

static void
strip_allocate (GtkWidget *widget,
                int        width,
                int        height,
                int        baseline)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (widget), "annalist-list-page");
  GtkWidget *child = gtk_widget_get_first_child (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->scroller);
  int offset = (int) gtk_adjustment_get_value (adjustment);
  int child_minimum, child_width;

  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL, NULL);
  child_width = MAX (width, child_minimum);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) {
                              gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                              ? width - child_width + offset : -offset,
                              0, child_width, height },
                            -1);
}

static void
scrolled_sideways (AnnalistListPage *self)
{
  gtk_widget_queue_allocate (self->header_strip);
  gtk_widget_queue_allocate (self->totals_strip);
}

/* Cells ------------------------------------------------------------------------------ */

static gboolean
field_is_numeric (const AnnalistField *field)
{
  return field->type == ANNALIST_FIELD_INTEGER || field->type == ANNALIST_FIELD_REAL;
}

/* The rows' columns: the header's. */
void
annalist_list_page_row_layout (gpointer  user_data,
                               int       width,
                               int      *widths,
                               int      *minimum,
                               int      *natural)
{
  AnnalistListPage *self = user_data;

  if (width >= 0)
    {
      annalist_list_page_table_widths (self, width, widths);
      return;
    }
  *minimum = annalist_list_page_table_minimum (self);
  *natural = MAX (*minimum, table_natural (self));
}

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           AnnalistListPage         *self)
{
  GtkWidget *row = annalist_table_row_new (self->n_columns, annalist_list_page_row_layout, self);

  for (guint i = 0; i < self->n_columns; i++)
    annalist_table_row_set_numeric (ANNALIST_TABLE_ROW (row), i,
                                    field_is_numeric (&self->kind->fields[self->columns[i].field]));
  gtk_list_item_set_child (item, row);
  /* Which record a row shows: annalist_list_page_focus_rows (). */
  g_object_set_data (G_OBJECT (row), "annalist-list-item", item);
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

  annalist_list_page_table_widths (self, width, widths);
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

void
annalist_list_page_relayout_rows (AnnalistListPage *self)
{
  gtk_widget_queue_resize (self->header);
  gtk_widget_queue_resize (self->header_strip);
  gtk_widget_queue_resize (self->totals_strip);
  if (self->totals_row != NULL)
    annalist_table_row_relayout (ANNALIST_TABLE_ROW (self->totals_row));
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->view)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (ANNALIST_IS_TABLE_ROW (row))
        annalist_table_row_relayout (ANNALIST_TABLE_ROW (row));
    }
}

/* A dragged width wins over the content's; a number column is still
 * never narrower than its widest number. */
static void
apply_dragged (Column *column)
{
  if (column->dragged <= 0)
    return;
  /* Nor narrower than its heading: GTK (4.12 on) warns when a widget
   * is given less than its minimum, and the heading would be cut. */
  column->width = MAX (MAX (column->dragged, column->widest_number), column->header_minimum);
  column->minimum = column->width;
  column->expand = FALSE;
}

/* Remembered widths ------------------------------------------------------------------ */

static gboolean column_expands (AnnalistListPage *self,
                                Column           *column);

static GSettings *
settings (void)
{
  GApplication *application = g_application_get_default ();

  if (application == NULL || !ANNALIST_IS_APPLICATION (application))
    return NULL;
  return annalist_application_get_settings (ANNALIST_APPLICATION (application));
}

/* The widths remembered for @kind, by field column (int); NULL: none. */
static GHashTable *
remembered_widths (const AnnalistKind *kind)
{
  GSettings *s = settings ();
  g_autoptr(GVariant) value = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pairs = NULL;
  GHashTable *widths;

  if (s == NULL)
    return NULL;
  value = g_settings_get_value (s, "column-widths");
  if (!g_variant_lookup (value, kind->name, "s", &text))
    return NULL;
  widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pairs = g_strsplit (text, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *colon = strrchr (pairs[i], ':');
      gint64 width;

      if (colon == NULL)
        continue;
      *colon = '\0';
      width = g_ascii_strtoll (colon + 1, NULL, 10);
      if (width > 0 && width < 10000)
        g_hash_table_insert (widths, g_strdup (pairs[i]), GINT_TO_POINTER ((int) width));
    }
  return widths;
}

/* The dragged widths of this page's columns remembered for its kind
 * (with those of columns it does not show now kept as they were). */
static void
remember_widths (AnnalistListPage *self)
{
  GSettings *s = settings ();
  g_autoptr(GHashTable) widths = NULL;
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *kind, *value;

  if (s == NULL)
    return;
  widths = remembered_widths (self->kind);
  if (widths == NULL)
    widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->n_columns; i++)
    {
      const char *column = self->kind->fields[self->columns[i].field].column;

      if (self->columns[i].dragged > 0)
        g_hash_table_insert (widths, g_strdup (column),
                             GINT_TO_POINTER (self->columns[i].dragged));
      else
        g_hash_table_remove (widths, column);
    }
  /* In the kind's field order: the same widths give the same text. */
  for (guint f = 0; f < self->kind->n_fields; f++)
    {
      gpointer width;

      if (g_hash_table_lookup_extended (widths, self->kind->fields[f].column, NULL, &width))
        g_string_append_printf (text, "%s%s:%d", text->len ? "," : "",
                                self->kind->fields[f].column, GPOINTER_TO_INT (width));
    }

  old = g_settings_get_value (s, "column-widths");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &kind, &value))
    if (!g_str_equal (kind, self->kind->name))
      g_variant_builder_add (&builder, "{ss}", kind, value);
  if (text->len > 0)
    g_variant_builder_add (&builder, "{ss}", self->kind->name, text->str);
  g_settings_set_value (s, "column-widths", g_variant_builder_end (&builder));
}

/* Without a text column the names of values take the room («Участие в
 * сетевых проектах» of a rating value), not an empty margin; a column
 * the user gave its width keeps it. */
static void
settle_expanding (AnnalistListPage *self)
{
  gboolean any_expands = FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    any_expands |= self->columns[i].expand;
  for (guint i = 0; i < self->n_columns && !any_expands; i++)
    {
      AnnalistFieldType type = self->kind->fields[self->columns[i].field].type;

      self->columns[i].expand = self->columns[i].dragged <= 0 &&
                                (type == ANNALIST_FIELD_DICTIONARY ||
                                 type == ANNALIST_FIELD_REFERENCE);
    }
}

/*
 * Gives column @column (an index among the list's columns) @width pixels,
 * as dragging its edge does: it keeps that width from then on, and the
 * text columns share what is left; where nothing is left the table
 * scrolls. Remembered across restarts only by
 * annalist_list_page_remember_column_widths (), as the drag's end does.
 */
void
annalist_list_page_set_column_width (AnnalistListPage *self,
                                     guint             column,
                                     int               width)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  g_return_if_fail (column < self->n_columns);

  self->columns[column].dragged = MAX (width, MIN_COLUMN_WIDTH);
  apply_dragged (&self->columns[column]);
  annalist_list_page_relayout_rows (self);
}

/* What a drag's end does: the widths dragged on this page are remembered
 * for its kind, for its next pages and the next start. */
void
annalist_list_page_remember_column_widths (AnnalistListPage *self)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  remember_widths (self);
}

/*
 * What a double-click on column @column's edge does: the column has its
 * width from the content again, and the width remembered for it is
 * forgotten.
 */
void
annalist_list_page_reset_column_width (AnnalistListPage *self,
                                       guint             column)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  g_return_if_fail (column < self->n_columns);

  self->columns[column].dragged = 0;
  self->columns[column].expand = column_expands (self, &self->columns[column]);
  settle_expanding (self);
  annalist_list_page_measure_columns (self);
  remember_widths (self);
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
  annalist_list_page_table_widths (self, gtk_widget_get_width (self->header), widths);
  return widths[column];
}

static void
resize_begin (GtkGestureDrag   *gesture,
              double            x,
              double            y,
              AnnalistListPage *self)
{
  int column = column_edge_at (self, x);
  int double_click_time = 400;

  self->resizing = column;
  if (column < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Not a click on the header's button: a resize. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->resize_start = annalist_list_page_get_column_width (self, (guint) column);

  /* The second click of a double-click on the same edge: the width from
   * the content again. */
  g_object_get (gtk_widget_get_settings (self->header),
                "gtk-double-click-time", &double_click_time, NULL);
  if (self->edge_clicked == column &&
      g_get_monotonic_time () - self->edge_clicked_at <= (gint64) double_click_time * 1000)
    {
      self->edge_clicked = -1;
      self->resizing = -1;
      annalist_list_page_reset_column_width (self, (guint) column);
    }
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
  int column = self->resizing;

  self->resizing = -1;
  if (column < 0)
    return;
  if (offset_x == 0)
    {
      /* A click, not a drag: perhaps the first of a double-click. */
      self->edge_clicked = column;
      self->edge_clicked_at = g_get_monotonic_time ();
      return;
    }
  self->edge_clicked = -1;
  remember_widths (self);
}

/* Widths from the content ------------------------------------------------------------ */

typedef enum
{
  SIZE_TITLE,     /* the record's own title: the room */
  SIZE_TEXT,
  SIZE_NARROW,    /* a short text (an abbreviation, a short name): not shrunk */
  SIZE_NAME,      /* a dictionary value, a record referred to */
  SIZE_FIXED,     /* dates, years, yes/no: never shrunk */
  SIZE_NUMBER,    /* never shrunk, never narrower than its widest number */
} SizeClass;

static SizeClass
size_class (AnnalistListPage *self,
            Column           *column)
{
  const AnnalistField *field = &self->kind->fields[column->field];

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
    case ANNALIST_FIELD_REFERENCES:
      if (field->flags & ANNALIST_FIELD_NARROW)
        return SIZE_NARROW;
      return g_strcmp0 (field->column, self->kind->title_column) == 0 ? SIZE_TITLE : SIZE_TEXT;
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
      return SIZE_NUMBER;
    case ANNALIST_FIELD_DATE:
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_BOOLEAN:
      return SIZE_FIXED;
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
    default:
      return SIZE_NAME;
    }
}

static gboolean
column_expands (AnnalistListPage *self,
                Column           *column)
{
  SizeClass size = size_class (self, column);

  return size == SIZE_TITLE || size == SIZE_TEXT;
}

/* The width and the narrowest width of @column for @content (the widest
 * text of its rows with the cell's padding; -1: not known yet). */
static void
size_column (AnnalistListPage *self,
             Column           *column,
             int               content)
{
  static const struct { int guess, narrowest, widest; } limits[] = {
    [SIZE_TITLE] = { 360, TITLE_NARROWEST, TITLE_WIDEST },
    [SIZE_TEXT] = { 200, TEXT_NARROWEST, TEXT_WIDEST },
    [SIZE_NARROW] = { 140, 0, NARROW_TEXT_WIDEST },
    [SIZE_NAME] = { 170, NAME_NARROWEST, NAME_WIDEST },
    [SIZE_FIXED] = { 110, 0, G_MAXINT },
    [SIZE_NUMBER] = { 100, 0, G_MAXINT },
  };
  SizeClass size = size_class (self, column);
  int heading = column->header_minimum;

  if (content < 0)
    content = limits[size].guess;
  if (size == SIZE_NUMBER)
    content = MAX (content, column->widest_number);
  content = MAX (content, MIN_COLUMN_WIDTH);

  column->width = MAX (heading, MIN (content, limits[size].widest));
  if (size == SIZE_FIXED || size == SIZE_NUMBER || size == SIZE_NARROW)
    column->minimum = column->width;
  else if (self->owner_column != NULL)
    /* A list in a form does not scroll sideways (the form does not): its
     * text gives way further, cut with «…» and whole in its tooltip. */
    column->minimum = MAX (heading, MIN (column->width, OWNED_NARROWEST));
  else
    column->minimum = MAX (heading, MIN (column->width, limits[size].narrowest));
  apply_dragged (column);
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The room the heading of @column needs: its longest word (headings
 * wrap between words), the sort arrow and the filter button; and never
 * less than the heading's widget says it needs (a flat button's
 * padding, the theme's): given less, GTK 4.12 and later warn, and the
 * heading is cut. */
static int
heading_minimum (AnnalistListPage *self,
                 Column           *column)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (column->label, NULL);
  g_auto(GStrv) words = g_strsplit (gtk_label_get_text (GTK_LABEL (column->label)), " ", -1);
  int widest = 0, extra = 2 * ANNALIST_TABLE_CELL_PADDING;

  for (guint i = 0; words[i] != NULL; i++)
    widest = MAX (widest, text_width (layout, words[i]));
  if (column->arrow != NULL)
    extra += 16 + 4;
  if (column->filter_button != NULL)
    {
      int button;

      gtk_widget_measure (GTK_WIDGET (column->filter_button), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &button, NULL, NULL);
      extra += button;
    }
  if (column->header != NULL)
    {
      int header;

      gtk_widget_measure (column->header, GTK_ORIENTATION_HORIZONTAL, -1,
                          &header, NULL, NULL, NULL);
      return MAX (widest + extra, header);
    }
  return widest + extra;
}

typedef struct
{
  char *texts[3];   /* the longest, by characters */
  glong lengths[3];
} Longest;

static void
longest_add (Longest    *longest,
             char       *text)
{
  glong length = g_utf8_strlen (text, -1);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (longest->texts); i++)
    if (longest->texts[i] == NULL || length > longest->lengths[i])
      break;
  if (i == G_N_ELEMENTS (longest->texts))
    {
      g_free (text);
      return;
    }
  g_free (longest->texts[G_N_ELEMENTS (longest->texts) - 1]);
  memmove (&longest->texts[i + 1], &longest->texts[i],
           (G_N_ELEMENTS (longest->texts) - 1 - i) * sizeof (char *));
  memmove (&longest->lengths[i + 1], &longest->lengths[i],
           (G_N_ELEMENTS (longest->texts) - 1 - i) * sizeof (glong));
  longest->texts[i] = text;
  longest->lengths[i] = length;
}

/*
 * Each column as wide as its heading's longest word and its rows' widest
 * text, these read from the first rows shown (a sample: a list of 100 000
 * is not read whole for it), within the limits of its kind of values. A
 * number column is also as wide as the widest number of all the rows
 * and their total (annalist-list-page-filter.c finds those). A width the
 * user dragged wins. Done when the list is read, not on a keystroke.
 */
void
annalist_list_page_measure_columns (AnnalistListPage *self)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  guint n_rows = model ? MIN (g_list_model_get_n_items (model), MEASURED_ROWS) : 0;
  g_autofree Longest *longest = g_new0 (Longest, MAX (self->n_columns, 1));
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->view), NULL);
  g_autoptr(PangoLayout) numbers = gtk_widget_create_pango_layout (GTK_WIDGET (self->view), NULL);
  PangoAttrList *attributes = pango_attr_list_new ();

  /* Figures of one width, as the cells draw them. */
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (numbers, attributes);
  pango_attr_list_unref (attributes);

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (model, r);

      for (guint i = 0; i < self->n_columns; i++)
        {
          const AnnalistField *field = &self->kind->fields[self->columns[i].field];
          g_autofree char *text = NULL;

          if (!self->columns[i].visible)
            continue;
          text = annalist_store_format_value (self->store, field,
                                              annalist_record_get_value (record,
                                                                         self->columns[i].field));
          longest_add (&longest[i], annalist_store_one_line (text));
        }
    }

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      PangoLayout *measuring = size_class (self, column) == SIZE_NUMBER ? numbers : layout;
      int content = n_rows > 0 ? 0 : -1;

      for (guint j = 0; j < G_N_ELEMENTS (longest[i].texts); j++)
        {
          if (longest[i].texts[j] == NULL)
            continue;
          content = MAX (content, text_width (measuring, longest[i].texts[j]) +
                                  2 * ANNALIST_TABLE_CELL_PADDING + 1);
          g_free (longest[i].texts[j]);
        }
      if (!column->visible)
        continue;
      column->header_minimum = heading_minimum (self, column);
      size_column (self, column, content);
    }
  annalist_list_page_relayout_rows (self);
}

/* The width @text needs in a number cell of the rows: for the widest
 * number of a column. */
int
annalist_list_page_number_width (AnnalistListPage *self,
                                 const char       *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->view), text);
  PangoAttrList *attributes = pango_attr_list_new ();
  int width;

  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width + 2 * ANNALIST_TABLE_CELL_PADDING + 1;
}

/* Sorting ---------------------------------------------------------------------------- */

void
annalist_list_page_update_header (AnnalistListPage *self)
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
      /* Hidden, the arrow keeps its room (sorting moves no heading),
       * but not before a filter: the filter would seem the next
       * column's. */
      if (column->filter_button != NULL)
        {
          gtk_widget_set_visible (GTK_WIDGET (column->arrow), sorted);
          gtk_widget_set_opacity (GTK_WIDGET (column->arrow), 1.0);
        }
      else
        gtk_widget_set_opacity (GTK_WIDGET (column->arrow), sorted ? 1.0 : 0.0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (column->sort_button),
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
  annalist_list_page_update_header (self);
  annalist_list_page_reload (self);
}


/* Construction ----------------------------------------------------------------------- */

static GtkWidget *
header_new (AnnalistListPage *self,
            Column           *column)
{
  const AnnalistField *field = &self->kind->fields[column->field];
  GtkWidget *label = gtk_label_new (_(field->label));
  PangoAttrList *attributes = pango_attr_list_new ();
  GtkWidget *box, *button, *cell;

  /* Russian headings are long («Количество участников»): they wrap
   * between words, never inside one and never with a hyphen
   * («Реализовыв-ался»); the column is at least as wide as the longest
   * word (annalist_list_page_measure_columns ()). */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), field_is_numeric (field) ? 1.0f : 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  column->label = label;

  /* Under an owner the list keeps the store's order. */
  if (self->owner_column != NULL)
    {
      gtk_widget_add_css_class (label, "annalist-table-heading");
      return label;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (box), label);
  /* Decoration: the button says how the column sorts (its sort property). */
  column->arrow = GTK_IMAGE (annalist_ui_decoration ("pan-down-symbolic"));
  gtk_widget_set_opacity (GTK_WIDGET (column->arrow), 0.0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (column->arrow));

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "annalist-sort");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_tooltip_text (button, _(field->label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(field->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Sort by this column"),
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (header_clicked), column);
  column->sort_button = button;
  if (!annalist_list_page_can_filter_column (self, (guint) (column - self->columns)))
    return button;

  /* A name column filters by its values from a button just after its
   * heading (at the cell's far end it would read as the next column's). */
  cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (cell, "annalist-header-cell");
  gtk_widget_set_hexpand (button, FALSE);
  gtk_box_append (GTK_BOX (cell), button);
  gtk_box_append (GTK_BOX (cell), annalist_list_page_filter_button_new (self, column));
  return cell;
}

void
annalist_list_page_add_columns (AnnalistListPage *self)
{
  const AnnalistKind *kind = self->kind;
  g_autoptr(GHashTable) remembered = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->header)) != NULL)
    gtk_widget_unparent (child);
  annalist_list_page_free_filters (self);
  g_clear_pointer (&self->columns, g_free);
  self->columns = g_new0 (Column, kind->n_fields);
  self->n_columns = 0;
  remembered = remembered_widths (kind);

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
      column->expand = column_expands (self, column);
      if (remembered != NULL)
        column->dragged = GPOINTER_TO_INT (g_hash_table_lookup (remembered, field->column));
      column->header = header_new (self, column);
      gtk_widget_set_parent (column->header, self->header);
      /* Even before the rows are read (and with a remembered width),
       * the column holds its heading. */
      column->header_minimum = heading_minimum (self, column);
      size_column (self, column, -1);
    }

  settle_expanding (self);
  /* The totals under the rows, laid out as they are. */
  if (self->totals_row != NULL)
    gtk_widget_unparent (self->totals_row);
  self->totals_row = annalist_table_row_new (self->n_columns, annalist_list_page_row_layout, self);
  for (guint i = 0; i < self->n_columns; i++)
    annalist_table_row_set_numeric (ANNALIST_TABLE_ROW (self->totals_row), i,
                                    field_is_numeric (&self->kind->fields[self->columns[i].field]));
  gtk_widget_set_parent (self->totals_row, self->totals_strip);

  self->rows_stale = TRUE;
  annalist_list_page_update_header (self);
}

/* The header laid out as the rows are, its edges dragged to resize, and
 * @factory making the rows. */
void
annalist_list_page_init_columns (AnnalistListPage   *self,
                                 GtkListItemFactory *factory)
{
  /* The header is laid out as the rows are. */
  gtk_widget_set_layout_manager (self->header, gtk_custom_layout_new (header_request_mode,
                                                                      header_measure,
                                                                      header_allocate));
  g_object_set_data (G_OBJECT (self->header), "annalist-list-page", self);

  /* The header and the totals scroll sideways with the rows. */
  gtk_widget_set_layout_manager (self->header_strip, gtk_custom_layout_new (strip_request_mode,
                                                                            strip_measure,
                                                                            strip_allocate));
  g_object_set_data (G_OBJECT (self->header_strip), "annalist-list-page", self);
  gtk_widget_set_layout_manager (self->totals_strip, gtk_custom_layout_new (strip_request_mode,
                                                                            strip_measure,
                                                                            strip_allocate));
  g_object_set_data (G_OBJECT (self->totals_strip), "annalist-list-page", self);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "value-changed",
                           G_CALLBACK (scrolled_sideways), self, G_CONNECT_SWAPPED);

  /* Columns are resized by dragging their edges in the header. */
  self->resizing = -1;
  self->edge_clicked = -1;
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
}

GArray *
annalist_list_page_get_shown_fields (AnnalistListPage *self)
{
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), fields);

  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].visible)
      {
        guint field = (guint) self->columns[i].field;

        g_array_append_val (fields, field);
      }
  return fields;
}
