/* annalist-table-row.h — one row of a list page's table, drawn as one widget
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The table's column widths for a row @width pixels wide, one per cell
 * (0 hides a cell); with @width -1, the row's @minimum and @natural width. */
typedef void (*AnnalistTableLayout) (gpointer  user_data,
                                     int       width,
                                     int      *widths,
                                     int      *minimum,
                                     int      *natural);

/* The padding at either side of a cell's text, in pixels, as the header's. */
#define ANNALIST_TABLE_CELL_PADDING 8

#define ANNALIST_TYPE_TABLE_ROW (annalist_table_row_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistTableRow, annalist_table_row, ANNALIST, TABLE_ROW, GtkWidget)

GtkWidget  *annalist_table_row_new      (guint               n_cells,
                                         AnnalistTableLayout layout,
                                         gpointer            user_data);
/* @numeric cells are right-aligned with figures of equal width. */
void        annalist_table_row_set_numeric (AnnalistTableRow *self,
                                            guint             cell,
                                            gboolean          numeric);
/* Shows @texts (one per cell, NULL for none) each on one line, cut to
 * fit; all of a cut text shows on hover. */
void        annalist_table_row_set_texts (AnnalistTableRow   *self,
                                          const char * const *texts);
/* The text cell @cell shows (NULL: none). */
const char *annalist_table_row_get_text (AnnalistTableRow *self,
                                         guint             cell);
/* Whether cell @cell's text does not fit its width: then it ends in «…»
 * and the whole text is the cell's tooltip
 * (annalist_table_row_get_tooltip ()). */
gboolean    annalist_table_row_is_cut   (AnnalistTableRow *self,
                                         guint             cell);
/* The tooltip of cell @cell: all of its text when it is cut or has
 * more lines than it shows; NULL when it shows all of it. */
const char *annalist_table_row_get_tooltip (AnnalistTableRow *self,
                                            guint             cell);
/* Call when the columns' widths or visibility changed. */
void        annalist_table_row_relayout (AnnalistTableRow   *self);

G_END_DECLS
