/* annalist-grid-cell.h — what the grids of entries share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The indicator page and the rating page are each a GtkListView of rows of
 * entries under a header that scrolls sideways with them (see
 * annalist-indicator-page.c for why). Their cells look, refuse and scroll
 * alike through these.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An entry of exactly @width pixels for a number, right-aligned. */
GtkWidget *annalist_grid_cell_new       (int         width);
/* A label of exactly @width pixels; a longer text is ellipsized. */
GtkWidget *annalist_grid_name_label_new (const char *text,
                                         int         width);
/* Marks a refused cell, with the sentence as its tooltip and its
 * description for screen readers; NULL clears the mark. */
void       annalist_grid_cell_set_error (GtkWidget  *entry,
                                         const char *message);
/* Whether the focus is in @widget. */
gboolean   annalist_grid_holds_focus    (GtkWidget  *widget);
/* Scrolls @adjustment sideways so that the cell from @left, @width wide,
 * is seen, with @padding to spare; the first column scrolls to the start. */
/* A grid row's list item: neither activated nor selected, and (GTK 4.12
 * and newer) not a focus stop of its own, so that Tab goes from cell to
 * cell as on GTK 4.8. */
void      annalist_grid_item_setup   (GtkListItem      *item);

/* gtk_widget_child_focus () on a grid's list view, the focus landing in
 * a cell: GTK 4.12 and newer focus the row's list item itself when Tab
 * goes into a row; its child (the row's box) gives it to a cell. */
gboolean  annalist_grid_child_focus  (GtkListView      *view,
                                      GtkDirectionType  direction);

void       annalist_grid_scroll_to      (GtkAdjustment *adjustment,
                                         double         left,
                                         double         width,
                                         double         padding,
                                         gboolean       first);

G_END_DECLS
