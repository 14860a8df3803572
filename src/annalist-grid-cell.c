/* annalist-grid-cell.c — what the grids of entries share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "annalist-grid-cell.h"

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

gboolean
annalist_grid_child_focus (GtkListView      *view,
                           GtkDirectionType  direction)
{
  GtkRoot *root;
  GtkWidget *focus;

  if (!gtk_widget_child_focus (GTK_WIDGET (view), direction))
    return FALSE;
  root = gtk_widget_get_root (GTK_WIDGET (view));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_get_parent (focus) == GTK_WIDGET (view) &&
      gtk_widget_get_first_child (focus) != NULL)
    return gtk_widget_grab_focus (gtk_widget_get_first_child (focus));
  return TRUE;
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
