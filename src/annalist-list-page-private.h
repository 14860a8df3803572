/* annalist-list-page-private.h — what the list page's files share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist-list-page.c loads, searches and opens the records;
 * annalist-list-page-columns.c makes the columns, the header and the rows;
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
  int               width;    /* natural width in pixels */
  gboolean          expand;   /* takes a share of the spare width */
  gboolean          visible;
  GtkWidget        *header;   /* the sort button, or a label */
  GtkImage         *arrow;    /* the sort direction, in the button */
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
  gboolean            had_selection;
  gulong              changed_id;
  char               *view_only;     /* set_view_only()'s reason, or NULL */

  /* The search index of `base`, and the last search's result. */
  AnnalistSearchIndex *index;
  char               *last_needle;
  GArray             *matches;       /* guint positions in base */

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkLabel           *toolbar_title;
  GtkWidget          *add_button;
  GtkWidget          *delete_button;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkWidget          *header;
  GtkGridView        *view;
  AdwStatusPage      *empty_page;
};

/* annalist-list-page.c */
void annalist_list_page_reload        (AnnalistListPage   *self);
/* Shows @reason in a toast and returns TRUE when @record (NULL: a new
 * one) cannot be changed. */
gboolean annalist_list_page_refuse_locked (AnnalistListPage *self,
                                           AnnalistRecord   *record);

/* annalist-list-page-columns.c */
void annalist_list_page_init_columns  (AnnalistListPage   *self,
                                       GtkListItemFactory *factory);
void annalist_list_page_add_columns   (AnnalistListPage   *self);
void annalist_list_page_update_header (AnnalistListPage   *self);

G_END_DECLS
