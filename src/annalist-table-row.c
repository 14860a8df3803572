/* annalist-table-row.c — one row of a list page's table, drawn as one widget
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row draws its cells' text itself instead of holding a label per cell.
 * GTK 4.8's list views do not recycle row widgets: every search keystroke
 * that changes the rows shown destroys them and builds new ones, and with
 * a label per cell that was eight widgets a row and most of the keystroke.
 * One widget a row, a fixed height (the font's, not each text's) and a
 * Pango layout made only when a cell is drawn make the same keystroke
 * several times cheaper.
 *
 * To assistive technologies the row reads as its cells' text, in order.
 */

#include "config.h"

#include "annalist-table-row.h"
#include "annalist-ui.h"

typedef struct
{
  char        *text;       /* as stored, may hold line breaks */
  char        *line;       /* what shows */
  PangoLayout *layout;     /* made when first drawn */
  int          width;      /* the width the layout was made for */
  gboolean     numeric;
} Cell;

struct _AnnalistTableRow
{
  GtkWidget            parent_instance;

  Cell                *cells;
  guint                n_cells;
  AnnalistTableLayout  layout;
  gpointer             user_data;
  int                 *widths;      /* of the last allocation */
  int                  text_height; /* of one line in the row's font; 0: not known */
};

G_DEFINE_FINAL_TYPE (AnnalistTableRow, annalist_table_row, GTK_TYPE_WIDGET)

static void
forget_layouts (AnnalistTableRow *self)
{
  for (guint i = 0; i < self->n_cells; i++)
    g_clear_object (&self->cells[i].layout);
  self->text_height = 0;
}

static int
text_height (AnnalistTableRow *self)
{
  if (self->text_height == 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      self->text_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
      if (self->text_height <= 0)
        self->text_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                               pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
    }
  return self->text_height;
}

static void
annalist_table_row_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    self->layout (self->user_data, -1, NULL, minimum, natural);
  else
    *minimum = *natural = text_height (self);
}

static void
annalist_table_row_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (widget);

  self->layout (self->user_data, width, self->widths, NULL, NULL);
}

static PangoLayout *
cell_layout (AnnalistTableRow *self,
             Cell             *cell,
             int               width)
{
  if (cell->layout == NULL)
    {
      cell->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), cell->line);
      pango_layout_set_ellipsize (cell->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (cell->layout, TRUE);
      if (cell->numeric)
        {
          PangoAttrList *attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
          pango_layout_set_attributes (cell->layout, attributes);
          pango_attr_list_unref (attributes);
        }
      cell->width = -1;
    }
  if (cell->width != width)
    {
      pango_layout_set_width (cell->layout, MAX (width, 1) * PANGO_SCALE);
      cell->width = width;
    }
  return cell->layout;
}

/* Where cell @i's text goes: its left edge and width, in the row. */
static void
cell_text_area (AnnalistTableRow *self,
                guint             i,
                int              *x,
                int              *width)
{
  int row_width = gtk_widget_get_width (GTK_WIDGET (self));
  int left = 0;

  for (guint j = 0; j < i; j++)
    left += self->widths[j];
  *width = MAX (self->widths[i] - 2 * ANNALIST_TABLE_CELL_PADDING, 0);
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    *x = row_width - left - self->widths[i] + ANNALIST_TABLE_CELL_PADDING;
  else
    *x = left + ANNALIST_TABLE_CELL_PADDING;
}

static void
annalist_table_row_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < self->n_cells; i++)
    {
      Cell *cell = &self->cells[i];
      PangoLayout *layout;
      PangoRectangle extents;
      int x, width;

      if (self->widths[i] <= 0 || cell->line == NULL || *cell->line == '\0')
        continue;
      cell_text_area (self, i, &x, &width);
      if (width <= 0)
        continue;
      layout = cell_layout (self, cell, width);
      pango_layout_get_pixel_extents (layout, NULL, &extents);
      if (cell->numeric)
        x += width - extents.width;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (x, (height - extents.height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

/* A cell whose text is cut, or has more lines, shows it all on hover. */
static const char *
cell_tooltip (AnnalistTableRow *self,
              guint             i)
{
  Cell *cell = &self->cells[i];
  int left, width;

  if (self->widths[i] <= 0 || cell->text == NULL || *cell->text == '\0')
    return NULL;
  cell_text_area (self, i, &left, &width);
  if (g_str_equal (cell->text, cell->line) &&
      !pango_layout_is_ellipsized (cell_layout (self, cell, width)))
    return NULL;
  return cell->text;
}

static gboolean
annalist_table_row_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (widget);

  for (guint i = 0; i < self->n_cells; i++)
    {
      const char *text;
      int left, width;

      if (self->widths[i] <= 0)
        continue;
      cell_text_area (self, i, &left, &width);
      if (x < left - ANNALIST_TABLE_CELL_PADDING ||
          x >= left + width + ANNALIST_TABLE_CELL_PADDING)
        continue;
      text = cell_tooltip (self, i);
      if (text == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  return FALSE;
}

static void
annalist_table_row_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (widget);

  GTK_WIDGET_CLASS (annalist_table_row_parent_class)->css_changed (widget, change);
  /* The font may have changed. */
  forget_layouts (self);
  gtk_widget_queue_resize (widget);
}

static void
annalist_table_row_finalize (GObject *object)
{
  AnnalistTableRow *self = ANNALIST_TABLE_ROW (object);

  for (guint i = 0; i < self->n_cells; i++)
    {
      g_free (self->cells[i].text);
      g_free (self->cells[i].line);
      g_clear_object (&self->cells[i].layout);
    }
  g_free (self->cells);
  g_free (self->widths);

  G_OBJECT_CLASS (annalist_table_row_parent_class)->finalize (object);
}

static void
annalist_table_row_class_init (AnnalistTableRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = annalist_table_row_finalize;
  widget_class->measure = annalist_table_row_measure;
  widget_class->size_allocate = annalist_table_row_size_allocate;
  widget_class->snapshot = annalist_table_row_snapshot;
  widget_class->query_tooltip = annalist_table_row_query_tooltip;
  widget_class->css_changed = annalist_table_row_css_changed;

  gtk_widget_class_set_css_name (widget_class, "annalist-table-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
annalist_table_row_init (AnnalistTableRow *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
annalist_table_row_new (guint               n_cells,
                        AnnalistTableLayout layout,
                        gpointer            user_data)
{
  AnnalistTableRow *self;

  g_return_val_if_fail (layout != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_TABLE_ROW, NULL);
  self->n_cells = n_cells;
  self->cells = g_new0 (Cell, n_cells);
  self->widths = g_new0 (int, n_cells);
  self->layout = layout;
  self->user_data = user_data;
  return GTK_WIDGET (self);
}

void
annalist_table_row_set_numeric (AnnalistTableRow *self,
                                guint             cell,
                                gboolean          numeric)
{
  g_return_if_fail (ANNALIST_IS_TABLE_ROW (self));
  g_return_if_fail (cell < self->n_cells);

  self->cells[cell].numeric = numeric;
  g_clear_object (&self->cells[cell].layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
annalist_table_row_set_texts (AnnalistTableRow   *self,
                              const char * const *texts)
{
  g_autoptr(GString) label = g_string_new (NULL);
  gboolean changed = FALSE;

  g_return_if_fail (ANNALIST_IS_TABLE_ROW (self));
  g_return_if_fail (texts != NULL);

  for (guint i = 0; i < self->n_cells; i++)
    {
      Cell *cell = &self->cells[i];

      if (g_strcmp0 (cell->text, texts[i]) != 0)
        {
          g_free (cell->text);
          g_free (cell->line);
          cell->text = g_strdup (texts[i]);
          cell->line = annalist_store_one_line (texts[i]);
          g_clear_object (&cell->layout);
          changed = TRUE;
        }
      if (cell->line == NULL || *cell->line == '\0')
        continue;
      if (label->len > 0)
        g_string_append (label, ", ");
      g_string_append (label, cell->line);
    }
  if (!changed)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
annalist_table_row_get_text (AnnalistTableRow *self,
                             guint             cell)
{
  g_return_val_if_fail (ANNALIST_IS_TABLE_ROW (self), NULL);
  g_return_val_if_fail (cell < self->n_cells, NULL);

  return self->cells[cell].text;
}

gboolean
annalist_table_row_is_cut (AnnalistTableRow *self,
                           guint             cell)
{
  int left, width;

  g_return_val_if_fail (ANNALIST_IS_TABLE_ROW (self), FALSE);
  g_return_val_if_fail (cell < self->n_cells, FALSE);

  if (self->widths[cell] <= 0 || self->cells[cell].line == NULL)
    return FALSE;
  cell_text_area (self, cell, &left, &width);
  return pango_layout_is_ellipsized (cell_layout (self, &self->cells[cell], width));
}

const char *
annalist_table_row_get_tooltip (AnnalistTableRow *self,
                                guint             cell)
{
  g_return_val_if_fail (ANNALIST_IS_TABLE_ROW (self), NULL);
  g_return_val_if_fail (cell < self->n_cells, NULL);

  return cell_tooltip (self, cell);
}

void
annalist_table_row_relayout (AnnalistTableRow *self)
{
  g_return_if_fail (ANNALIST_IS_TABLE_ROW (self));

  gtk_widget_queue_resize (GTK_WIDGET (self));
}
