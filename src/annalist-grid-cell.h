/* annalist-grid-cell.h — what the grids of entries share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The indicator page and the rating page are each a GtkListView of rows of
 * entries under a header that scrolls sideways with them (see
 * annalist-indicator-page.c for why). Their cells look, refuse and scroll
 * alike through these, and their list views are wired alike: the rows'
 * factory, the header that follows the rows sideways, the focus given
 * once the first row is made, the cell saved when the page goes away.
 */

#pragma once

#include <gtk/gtk.h>

#include "annalist-store.h"

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
/* A grid row's list item: neither activated nor selected, and (GTK 4.12
 * and newer) not a focus stop of its own, so that Tab goes from cell to
 * cell as on GTK 4.8. */
void       annalist_grid_item_setup     (GtkListItem   *item);

/* Scrolls @adjustment sideways so that the cell from @left, @width wide,
 * is seen, with @padding to spare; the first column scrolls to the start. */
void       annalist_grid_scroll_to      (GtkAdjustment *adjustment,
                                         double         left,
                                         double         width,
                                         double         padding,
                                         gboolean       first);

/* Between a row's cells (as the header's in the .ui), and a row's padding at
 * either side (as style.css sets it), in pixels. */
#define ANNALIST_GRID_SPACING 6
#define ANNALIST_GRID_PADDING 12

/* Scrolls @scroller sideways to the cell of @column in rows of a name
 * @name_width wide, then cells @cell_width wide: the list view scrolls to
 * the focused row, but not sideways to the cell. */
void       annalist_grid_scroll_to_column (GtkScrolledWindow *scroller,
                                           guint              column,
                                           int                name_width,
                                           int                cell_width);

/* Gives @entry its column (object data "column") and its page's handlers:
 * @activate for Enter, @enter and @leave for the focus, @key_pressed in
 * the capture phase; each gets @page as its data. */
void       annalist_grid_cell_connect   (GtkWidget  *entry,
                                         guint       column,
                                         GCallback   activate,
                                         GCallback   enter,
                                         GCallback   leave,
                                         GCallback   key_pressed,
                                         gpointer    page);
/* Removes every child of @box. */
void       annalist_grid_clear          (GtkBox     *box);
/* Removes the entries of @box from @from on (cells of columns no longer
 * shown); returns the first child after them that is not an entry. */
GtkWidget *annalist_grid_drop_cells     (GtkBox     *box,
                                         GtkWidget  *from);

/* What a page tells its grid's rows: @make_row makes an empty row box
 * (its name label and whatever else stays), @fill_row fills one whose
 * object data "row" is its row, @focus_first gives the first row's cell
 * the focus, FALSE while that row is not made. Each gets the page. */
typedef struct
{
  GtkWidget *(*make_row)    (gpointer   page);
  void       (*fill_row)    (gpointer   page,
                             GtkWidget *box);
  gboolean   (*focus_first) (gpointer   page);
} AnnalistGridRows;

/* Sets up @view as a grid of @rows: each row box made through @funcs is
 * kept in @row_widgets while it lives, and filled when bound; once the
 * first row is made and *@focus_pending, its cell gets the focus from an
 * idle (if @page is still shown) and *@focus_pending is cleared. The
 * header in @header_scroller scrolls sideways with @scroller. */
void       annalist_grid_view_init      (GtkListView            *view,
                                         GListModel             *rows,
                                         const AnnalistGridRows *funcs,
                                         gpointer                page,
                                         GPtrArray              *row_widgets,
                                         gboolean               *focus_pending,
                                         GtkScrolledWindow      *header_scroller,
                                         GtkScrolledWindow      *scroller);

typedef void (*AnnalistGridCommitFunc) (gpointer   page,
                                        GtkWidget *entry);

/* For a page's unmap: the cell being typed in, in any of @row_widgets,
 * is saved by @commit when the page goes away, as when the focus leaves
 * it. */
void       annalist_grid_commit_focused (GPtrArray             *row_widgets,
                                         AnnalistGridCommitFunc commit,
                                         gpointer               page);

typedef void (*AnnalistGridEachFunc) (gint64      organisation_id,
                                      const char *name,
                                      gpointer    data);

/* Calls @each for every organisation, in the organisation list's own
 * order: a grid's rows. */
void       annalist_grid_each_organisation (AnnalistStore       *store,
                                            AnnalistGridEachFunc each,
                                            gpointer             data);

G_END_DECLS
