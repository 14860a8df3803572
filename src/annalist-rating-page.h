/* annalist-rating-page.h — the year's rating, typed as one grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_RATING_PAGE (annalist_rating_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistRatingPage, annalist_rating_page,
                      ANNALIST, RATING_PAGE, AdwBin)

AnnalistRatingPage *annalist_rating_page_new        (AnnalistStore      *store);
/* The academic year chosen in the window; «all years» shows the current
 * academic year, which the page names. */
void                annalist_rating_page_set_year   (AnnalistRatingPage *self,
                                                     int                 year);
int                 annalist_rating_page_get_year   (AnnalistRatingPage *self);
/* Rows by place within each organisation type rather than in the
 * organisation list's order. */
void                annalist_rating_page_set_by_place (AnnalistRatingPage *self,
                                                       gboolean            by_place);
void                annalist_rating_page_focus_first_cell (AnnalistRatingPage *self);
/* Saves what is being typed in the cell that has the focus. */
void                annalist_rating_page_commit      (AnnalistRatingPage *self);
GtkWidget          *annalist_rating_page_get_view   (AnnalistRatingPage *self);
/* The cell of @organisation_id and indicator @indicator_id if its row is
 * shown, else NULL (tests). */
GtkWidget          *annalist_rating_page_get_cell   (AnnalistRatingPage *self,
                                                     gint64              organisation_id,
                                                     gint64              indicator_id);
/* The row's points and place labels as shown (tests). */
GtkWidget          *annalist_rating_page_get_points (AnnalistRatingPage *self,
                                                     gint64              organisation_id);

G_END_DECLS
