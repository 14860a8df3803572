/* annalist-list-page-private.h — what the list page's files share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist-list-page.c loads, searches and opens the records;
 * annalist-list-page-columns.c makes the columns, the header and the rows,
 * and gives the columns their widths;
 * annalist-list-page-filter.c filters the rows by a column's values and
 * adds up the numeric columns under them;
 * annalist-list-page-delete.c deletes a record and undoes it.
 */

#pragma once

#include "annalist-list-page.h"
#include "annalist-record-list.h"
#include "annalist-search-index.h"

G_BEGIN_DECLS

typedef struct
{
  AnnalistListPage *self;
  int               field;
  int               width;    /* natural width in pixels: from the content, or dragged */
  int               minimum;  /* narrower, the table scrolls; numbers never shrink */
  int               dragged;  /* the width the user gave it by dragging; 0: none */
  int               header_minimum;  /* its heading's longest word, the arrow, the filter */
  int               widest_number;   /* numbers: the widest of all the rows' and the total */
  gboolean          expand;   /* takes a share of the spare width */
  gboolean          visible;
  GtkWidget        *header;   /* the sort button (with the filter's beside it), or a label */
  GtkWidget        *sort_button;
  GtkWidget        *label;    /* the heading */
  GtkImage         *arrow;    /* the sort direction, in the button */
  GtkMenuButton    *filter_button;  /* dictionary and reference columns */
  GtkListBox       *filter_list;    /* the values in its popover */

  /* The value of every record of `base`, by position: read once per list
   * (annalist-list-page-filter.c). NULL until then. */
  double           *numbers;  /* INTEGER and REAL columns; NAN: none */
  gint64           *ids;      /* DICTIONARY and REFERENCE columns; 0: none */
  GHashTable       *chosen;   /* the ids a filter shows (gint64 *); NULL: no filter */
} Column;

struct _AnnalistListPage
{
  AdwBin              parent_instance;

  AnnalistStore      *store;
  const AnnalistKind *kind;
  int                 year;
  char               *search;
  const char         *owner_column;
  gint64              owner_id;
  char               *owner_order;   /* NULL: the kind's order */
  char               *heading;       /* NULL: the kind's name */
  GStrv               shown;         /* the columns shown; NULL: the LISTED fields */
  int                 sort_field;
  gboolean            descending;
  int                 probe;

  AnnalistRecordList *base;
  GtkSingleSelection *selection;
  Column             *columns;
  guint               n_columns;
  gboolean            rows_stale;    /* the columns shown changed */
  int                 resizing;      /* the column being resized, or -1 */
  int                 resize_start;  /* its width when the drag began */
  int                 edge_clicked;  /* the column whose edge was clicked last, or -1 */
  gint64              edge_clicked_at;  /* when (monotonic µs): a double-click resets */
  gboolean            had_selection;
  gulong              changed_id;

  /* After the model is replaced, what waits for the view's next layout
   * (annalist-list-page.c, «Scrolling»): the frame clock's handler, the
   * scroll position to restore (-1: none), the row to bring into view
   * (GTK_INVALID_LIST_POSITION: none) and whether it takes the focus. */
  GdkFrameClock      *settle_clock;
  gulong              settle_id;
  double              settle_value;
  guint               settle_position;
  gboolean            settle_focus;
  char               *view_only;     /* set_view_only()'s reason, or NULL */

  /* The search index of `base`, and the last search's result. */
  AnnalistSearchIndex *index;
  char               *last_needle;
  GArray             *matches;       /* guint positions in base */

  /* Column values of `base` are read (filters, totals), and the shown
   * rows' positions in `base` (NULL: all of them). */
  gboolean            values_loaded;
  guint               totals_idle;
  GArray             *shown_positions;

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkLabel           *toolbar_title;
  GtkWidget          *add_button;
  GtkWidget          *delete_button;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkWidget          *header_strip;  /* the header, scrolled sideways with the rows */
  GtkWidget          *header;
  GtkWidget          *totals_strip;
  GtkWidget          *totals_row;
  GtkGridView        *view;
  AdwStatusPage      *empty_page;
};

/* annalist-list-page.c */
void annalist_list_page_reload        (AnnalistListPage   *self);
/* The rows shown again, after a column filter changed. */
void annalist_list_page_refilter      (AnnalistListPage   *self);
/* Shows @reason in a toast and returns TRUE when @record (NULL: a new
 * one) cannot be changed. */
gboolean annalist_list_page_refuse_locked (AnnalistListPage *self,
                                           AnnalistRecord   *record);

/* annalist-list-page-columns.c */
void annalist_list_page_init_columns  (AnnalistListPage   *self,
                                       GtkListItemFactory *factory);
void annalist_list_page_add_columns   (AnnalistListPage   *self);
void annalist_list_page_update_header (AnnalistListPage   *self);
/* The columns' widths from their headings and the rows shown (a sample of
 * them), within each kind of column's limits; a dragged width wins. */
void annalist_list_page_measure_columns (AnnalistListPage *self);
void annalist_list_page_relayout_rows (AnnalistListPage   *self);
/* The width of a number cell that shows @text whole. */
int  annalist_list_page_number_width  (AnnalistListPage   *self,
                                       const char         *text);
int  annalist_list_page_table_minimum (AnnalistListPage   *self);
void annalist_list_page_table_widths  (AnnalistListPage   *self,
                                       int                 width,
                                       int                *widths);
/* A row laid out as the table's (the rows' and the totals'). */
void annalist_list_page_row_layout    (gpointer            user_data,
                                       int                 width,
                                       int                *widths,
                                       int                *minimum,
                                       int                *natural);

/* annalist-list-page-filter.c */
gboolean annalist_list_page_is_numeric_column (AnnalistListPage *self,
                                               guint             column);
gboolean annalist_list_page_can_filter_column (AnnalistListPage *self,
                                               guint             column);
/* A menu button for the header of filterable @column. */
GtkWidget *annalist_list_page_filter_button_new (AnnalistListPage *self,
                                                 Column           *column);
gboolean annalist_list_page_filters_active (AnnalistListPage *self);
/* Of @within (positions in `base`; NULL: all), those the column filters
 * keep. */
GArray  *annalist_list_page_filter_positions (AnnalistListPage *self,
                                              GArray           *within);
/* Forgets the values read from `base` (it is read again). */
void     annalist_list_page_forget_values (AnnalistListPage *self);
/* The totals row says what the rows shown now add up to. */
void     annalist_list_page_update_totals (AnnalistListPage *self);
void     annalist_list_page_free_filters  (AnnalistListPage *self);

G_END_DECLS
