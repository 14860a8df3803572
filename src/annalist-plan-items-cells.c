/* annalist-plan-items-cells.c — the plan items table's columns, cells
 * and rows' layout
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-plan-items-page.c, which had grown to the size
 * limit. Every row of the page (the header, a stage's heading, an item)
 * is a box of cells laid out here alike, so that the columns of all the
 * rows line up: each cell is its column's width, and a long text wraps
 * in it instead of widening it.
 */

#define G_LOG_DOMAIN "annalist-plan-items-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-plan-items-private.h"

/* Each column at least as wide as its heading's longest word in Russian
 * (a heading wraps between words only), checked by the window-plan-items
 * test. */
const Column _annalist_plan_items_columns[N_COLUMNS] = {
  /* Translators: the column of an item's number in the plan */
  { N_("No."), 32, FALSE },
  { N_("Kind of activity"), 104, FALSE },
  { N_("Activity"), 160, TRUE },
  { N_("Deadline"), 80, FALSE },
  { N_("Responsible"), 112, FALSE },
  /* Translators: the column of a plan item's state and the date it was done */
  { N_("Done"), 146, FALSE },
  { N_("What actually happened"), 110, FALSE },
};

/* Between two columns: a heading whose longest word fills its column
 * («Ответственные») still stands apart from the next («Выполнение»);
 * at 6 they read as one word. */
#define CELL_SPACING 12
#define ROW_PADDING 12

/* Cells -------------------------------------------------------------------------- */

GtkWidget *
_annalist_plan_items_cell_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* The width is the column's, not the text's: every row lays its cells
   * out alike, and a long text wraps instead of widening its column. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  return label;
}

/* A cell of a column: exactly the column's width, whatever its content
 * would like. A label's natural width is its whole text's, which a box
 * hands out to it when there is room, and the columns of two rows would
 * no longer line up; a cell asks for its column's width only (the
 * expanding column gets what is left on top of it, the same in every
 * row), and is as tall as its content at that width. */

#define PLAN_TYPE_CELL (plan_cell_get_type ())
G_DECLARE_FINAL_TYPE (PlanCell, plan_cell, PLAN, CELL, GtkWidget)

struct _PlanCell
{
  GtkWidget parent_instance;
  int       width;
};

G_DEFINE_FINAL_TYPE (PlanCell, plan_cell, GTK_TYPE_WIDGET)

static void
plan_cell_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  PlanCell *self = PLAN_CELL (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int least = 0;

      /* Never narrower than what the child cannot do without. */
      if (child != NULL)
        gtk_widget_measure (child, orientation, -1, &least, NULL, NULL, NULL);
      *minimum = *natural = MAX (self->width, least);
    }
  else if (child != NULL)
    gtk_widget_measure (child, orientation, for_size < 0 ? self->width : for_size,
                        minimum, natural, NULL, NULL);
  else
    *minimum = *natural = 0;
}

/* Height for width: without it GTK measures the height for no width at
 * all (a custom widget is of constant size by default). */
static GtkSizeRequestMode
plan_cell_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
plan_cell_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, -1, NULL);
}

static void
plan_cell_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (plan_cell_parent_class)->dispose (object);
}

static void
plan_cell_class_init (PlanCellClass *klass)
{
  GTK_WIDGET_CLASS (klass)->measure = plan_cell_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = plan_cell_size_allocate;
  GTK_WIDGET_CLASS (klass)->get_request_mode = plan_cell_get_request_mode;
  G_OBJECT_CLASS (klass)->dispose = plan_cell_dispose;
}

static void
plan_cell_init (PlanCell *self)
{
}

GtkWidget *
_annalist_plan_items_in_column (GtkWidget *content,
                                guint      column)
{
  PlanCell *cell = g_object_new (PLAN_TYPE_CELL, NULL);

  cell->width = _annalist_plan_items_columns[column].width;
  gtk_widget_set_parent (content, GTK_WIDGET (cell));
  gtk_widget_set_hexpand (GTK_WIDGET (cell), _annalist_plan_items_columns[column].expand);
  return GTK_WIDGET (cell);
}

/* A row's cells side by side, laid out by hand: each at least as wide
 * as it needs, then up to its natural width, then what is left to the
 * expanding ones; as tall as its tallest cell at the width it gets. A
 * GtkBox measures the height of its cells at their least widths for its
 * minimum and at the widths it hands out for its natural height (GTK
 * 4.18): a wrapped activity is much taller at its least width, the
 * minimum came out above the natural, and GTK warns. Here both are the
 * heights at the same widths, those the row is laid out with. */
static int
row_widths (GtkWidget        *widget,
            int               width,
            GtkRequestedSize *sizes)
{
  int n = 0, extra = width, expanding = 0, share, rest;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &sizes[n].minimum_size, &sizes[n].natural_size, NULL, NULL);
      sizes[n].data = child;
      extra -= sizes[n].minimum_size + (n > 0 ? CELL_SPACING : 0);
      if (gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
        expanding++;
      n++;
    }
  if (width < 0 || n == 0)
    return n;
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), (guint) n, sizes);
  share = expanding > 0 ? extra / expanding : 0;
  rest = expanding > 0 ? extra % expanding : 0;
  for (int i = 0; i < n; i++)
    {
      if (gtk_widget_compute_expand (sizes[i].data, GTK_ORIENTATION_HORIZONTAL))
        sizes[i].minimum_size += share + (rest-- > 0 ? 1 : 0);
    }
  return n;
}

static int
row_children (GtkWidget *widget)
{
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static GtkSizeRequestMode
row_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
row_measure (GtkWidget      *widget,
             GtkOrientation  orientation,
             int             for_size,
             int            *minimum,
             int            *natural,
             int            *minimum_baseline,
             int            *natural_baseline)
{
  GtkRequestedSize *sizes = g_newa (GtkRequestedSize, MAX (row_children (widget), 1));
  int n;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      n = row_widths (widget, -1, sizes);
      for (int i = 0; i < n; i++)
        {
          *minimum += sizes[i].minimum_size + (i > 0 ? CELL_SPACING : 0);
          *natural += sizes[i].natural_size + (i > 0 ? CELL_SPACING : 0);
        }
      return;
    }
  n = row_widths (widget, for_size, sizes);
  for (int i = 0; i < n; i++)
    {
      int child_minimum, child_natural;

      gtk_widget_measure (sizes[i].data, GTK_ORIENTATION_VERTICAL,
                          for_size < 0 ? -1 : sizes[i].minimum_size,
                          &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural = MAX (*natural, child_natural);
    }
}

static void
row_allocate (GtkWidget *widget,
              int        width,
              int        height,
              int        baseline)
{
  GtkRequestedSize *sizes = g_newa (GtkRequestedSize, MAX (row_children (widget), 1));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int n = row_widths (widget, width, sizes), x = 0;

  for (int i = 0; i < n; i++)
    {
      int w = sizes[i].minimum_size;

      gtk_widget_size_allocate (sizes[i].data,
                                &(GtkAllocation) { rtl ? width - x - w : x, 0, w, height }, -1);
      x += w + CELL_SPACING;
    }
}

GtkWidget *
_annalist_plan_items_row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, CELL_SPACING);

  gtk_widget_set_layout_manager (box, gtk_custom_layout_new (row_request_mode, row_measure,
                                                             row_allocate));

  gtk_widget_set_margin_start (box, ROW_PADDING);
  gtk_widget_set_margin_end (box, ROW_PADDING);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}
