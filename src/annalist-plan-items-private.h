/* annalist-plan-items-private.h — what the plan items page's files share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist-plan-items-page.c fills the page: the plan chooser, the rows
 * by stage, marking and editing items;
 * annalist-plan-items-cells.c gives the table its columns, its cells and
 * the layout of a row.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The columns (annalist-plan-items-cells.c): their widths in pixels fit a
 * 1024 pixels wide window beside the sidebar; the activity takes what is
 * left. */
typedef struct
{
  const char *title;
  int         width;
  gboolean    expand;
} Column;

enum { COL_NUMBER, COL_KIND, COL_ACTIVITY, COL_DEADLINE, COL_RESPONSIBLE, COL_STATE, COL_FACT,
       N_COLUMNS };

extern const Column _annalist_plan_items_columns[N_COLUMNS];

/* A label that wraps its text at the column's width. */
GtkWidget *_annalist_plan_items_cell_label (const char *text);
/* @content in a cell exactly as wide as @column. */
GtkWidget *_annalist_plan_items_in_column  (GtkWidget  *content,
                                            guint       column);
/* A box that lays out a row's cells (the header's too) as the columns. */
GtkWidget *_annalist_plan_items_row_box    (void);

G_END_DECLS
