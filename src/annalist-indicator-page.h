/* annalist-indicator-page.h — an indicator's yearly values, edited as a grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_INDICATOR_PAGE (annalist_indicator_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistIndicatorPage, annalist_indicator_page,
                      ANNALIST, INDICATOR_PAGE, AdwBin)

AnnalistIndicatorPage *annalist_indicator_page_new       (AnnalistStore         *store);
/* The academic year chosen in the window: it always has a column. */
/* Saves what is being typed in the cell that has the focus. */
void                   annalist_indicator_page_commit    (AnnalistIndicatorPage *self);
void                   annalist_indicator_page_set_year  (AnnalistIndicatorPage *self,
                                                          int                    year);
/* The indicator shown (a figure_kind id); FALSE if there is none such. */
gboolean               annalist_indicator_page_set_kind  (AnnalistIndicatorPage *self,
                                                          gint64                 kind_id);
gint64                 annalist_indicator_page_get_kind  (AnnalistIndicatorPage *self);
/* The years that have a column, oldest first. */
const GArray          *annalist_indicator_page_get_years (AnnalistIndicatorPage *self);
/* Adds a column for the year after the last one. */
void                   annalist_indicator_page_add_year  (AnnalistIndicatorPage *self);
void                   annalist_indicator_page_focus_first_cell (AnnalistIndicatorPage *self);
GtkWidget             *annalist_indicator_page_get_view  (AnnalistIndicatorPage *self);

/*
 * Saves what a person typed into the cell of indicator @kind_id for
 * @organisation_id (0: the district as a whole) and academic @year: a
 * number as the forms take it (a decimal comma is fine), or an empty text,
 * which removes the value. One transaction; nothing is written when the
 * value is the same. A bad number is refused with the value field's
 * sentence (ANNALIST_ERROR_INVALID).
 */
gboolean annalist_indicator_save_cell (AnnalistStore *store,
                                       gint64         kind_id,
                                       gint64         organisation_id,
                                       int            year,
                                       const char    *text,
                                       GError       **error);

G_END_DECLS
