/* annalist-rating.h — the innovation activity rating: values, points, places
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-store.h"

G_BEGIN_DECLS

/* What a rating indicator may be counted from: the code of its source
 * (rating_source.code), and the query that counts it. */
typedef struct
{
  const char *code;         /* "competition_entries" */
  const char *sql;          /* SELECT organisation_id, n: the count for the academic year ?1 */
} AnnalistRatingSource;

const AnnalistRatingSource *annalist_rating_sources       (guint      *n_sources);
/* NULL for NULL, "" or a code not known. */
const AnnalistRatingSource *annalist_rating_source_lookup (const char *code);

/* One value of the year: typed (rating_value) for an indicator without a
 * source, counted from the records for one with a source. */
typedef void (*AnnalistRatingValueFunc) (gint64   indicator_id,
                                         gint64   organisation_id,
                                         double   value,
                                         gboolean counted,
                                         gpointer user_data);

gboolean annalist_rating_foreach_value (AnnalistStore           *store,
                                        int                      year,
                                        AnnalistRatingValueFunc  func,
                                        gpointer                 user_data,
                                        GError                 **error);

/* An organisation's place in the year's rating. */
typedef struct
{
  gint64 organisation_id;
  gint64 type_id;
  int    type_position;
  double points;      /* Σ value × points over the indicators in use */
  guint  place;       /* within its organisation type; tied points share one */
} AnnalistRated;

/* The organisations that have a value in @year, ranked: by their type's
 * order, then by place. The documents' `rating` and the rating page both
 * read this, so they cannot disagree. */
GArray  *annalist_rating_rank          (AnnalistStore  *store,
                                        int             year,
                                        GError        **error);

/*
 * Saves what a person typed into the cell of the typed indicator
 * @indicator_id for @organisation_id and academic @year: a number as the
 * forms take it (a decimal comma is fine), or an empty text, which removes
 * the value. Nothing is written when the value is the same. A bad number
 * gets the value field's sentence, a counted indicator its own
 * (ANNALIST_ERROR_INVALID).
 */
gboolean annalist_rating_save_cell     (AnnalistStore  *store,
                                        gint64          indicator_id,
                                        gint64          organisation_id,
                                        int             year,
                                        const char     *text,
                                        GError        **error);

G_END_DECLS
