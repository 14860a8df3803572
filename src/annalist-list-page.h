/* annalist-list-page.h — the records of one kind in a table
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_LIST_PAGE (annalist_list_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistListPage, annalist_list_page, ANNALIST, LIST_PAGE, AdwBin)

AnnalistListPage   *annalist_list_page_new            (AnnalistStore      *store,
                                                       const AnnalistKind *kind);
const AnnalistKind *annalist_list_page_get_kind       (AnnalistListPage   *self);
void                annalist_list_page_set_year       (AnnalistListPage   *self,
                                                       int                 year);
void                annalist_list_page_set_search     (AnnalistListPage   *self,
                                                       const char         *text);
/* Only the records whose @column names @id (an organisation's statuses,
 * a competition's entries), or whose REFERENCES field @column names
 * organisation @id (the events it organised), with their own Add and
 * Delete buttons (Add only for REFERENCES), headed by their number. */
void                annalist_list_page_set_owner      (AnnalistListPage   *self,
                                                       const char         *column,
                                                       gint64              id);
/* A list under its owner headed by @heading instead of the kind's name,
 * its records ordered by @order_by (SQL over the kind's columns) instead
 * of the kind's order; NULL for either: the kind's. */
void                annalist_list_page_set_heading    (AnnalistListPage   *self,
                                                       const char         *heading,
                                                       const char         *order_by);
/* Of the kind's LISTED fields, only @columns (NULL-terminated; NULL:
 * all), where a form has no room for them all. */
void                annalist_list_page_set_columns    (AnnalistListPage   *self,
                                                       const char * const *columns);
/* Builds the search index now rather than at the first keystroke. */
void                annalist_list_page_prepare_search (AnnalistListPage   *self);
guint               annalist_list_page_get_count      (AnnalistListPage   *self);
/* What the list shows now, for an export: its records in its year, search
 * and order (NULL before they are read), its year, and the fields of its
 * shown columns (guint indexes, left to right; free the array). */
GListModel         *annalist_list_page_get_rows       (AnnalistListPage   *self);
int                 annalist_list_page_get_year       (AnnalistListPage   *self);
GArray             *annalist_list_page_get_shown_fields (AnnalistListPage *self);
AnnalistStore      *annalist_list_page_get_store      (AnnalistListPage   *self);
AnnalistRecord     *annalist_list_page_get_selected   (AnnalistListPage   *self);
GtkGridView        *annalist_list_page_get_view       (AnnalistListPage   *self);
/* Selects the shown record @id and scrolls to it; FALSE when the list
 * does not show it (another year, a search). */
gboolean            annalist_list_page_select_id      (AnnalistListPage   *self,
                                                       gint64              id);
/* The row of column headers; a click on one sorts by its column, a drag
 * of its edge resizes it. */
GtkWidget          *annalist_list_page_get_header     (AnnalistListPage   *self);
void                annalist_list_page_set_column_width (AnnalistListPage *self,
                                                         guint             column,
                                                         int               width);
/* The widths dragged on this page remembered for its kind (as a drag's
 * end does); column @column's width from its content again, its
 * remembered one forgotten (as a double-click on its edge does). */
void                annalist_list_page_remember_column_widths (AnnalistListPage *self);
void                annalist_list_page_reset_column_width (AnnalistListPage *self,
                                                           guint             column);
int                 annalist_list_page_get_column_width (AnnalistListPage *self,
                                                         guint             column);
/* The text under column @column in the totals row («Total (rows: N)»
 * under the first name column, the sums under the numeric ones) or NULL;
 * the totals are read just after the rows are shown. */
const char         *annalist_list_page_get_total_text (AnnalistListPage *self,
                                                       guint             column);

/* The records cannot be added, changed or deleted here, for @reason (a
 * sentence): Add and Delete are off, with @reason as their tooltips, and
 * records open view-only (annalist_editor_set_view_only ()). The lists
 * under a view-only form are made so. */
void                annalist_list_page_set_view_only  (AnnalistListPage   *self,
                                                       const char         *reason);
/* Why @record cannot be changed or deleted, or with @record NULL why no
 * record can be added to this list (for its year and owner); NULL when it
 * can. From set_view_only() or the store
 * (annalist_store_record_lock_reason ()). Free the sentence. */
char               *annalist_list_page_lock_reason    (AnnalistListPage   *self,
                                                       AnnalistRecord     *record);

void                annalist_list_page_new_record     (AnnalistListPage   *self);
void                annalist_list_page_open_selected  (AnnalistListPage   *self);
/* Enter in the search: the first record shown (the only one, or the first
 * of several) is selected and its form opens, as a double click does. */
void                annalist_list_page_open_first     (AnnalistListPage   *self);
/* Down from the search: the first row takes the selection and the focus
 * (not a column header). FALSE when there are no rows. */
gboolean            annalist_list_page_focus_rows     (AnnalistListPage   *self);
void                annalist_list_page_delete_selected (AnnalistListPage  *self);

G_END_DECLS
