/* annalist-list-page-columns.c — the list's table: its columns, the header
 * that sorts and resizes them, and the rows laid out as the header is
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-list-page.c, which had grown to the size limit.
 */

#define G_LOG_DOMAIN "annalist-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-list-page-private.h"
#include "annalist-table-row.h"

/* Columns narrower than this are shrunk no further: the table scrolls. */
#define MIN_EXPANDING_WIDTH 80
/* Nor can a column be dragged narrower than this. */
#define MIN_COLUMN_WIDTH 48
/* How near a column's edge, in pixels, a drag resizes the column. */
#define RESIZE_REACH 6

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

void
annalist_list_page_add_columns (AnnalistListPage *self)
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
