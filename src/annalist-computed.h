/* annalist-computed.h — record sets computed for documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a template loop cannot express (a ranking within each organisation
 * type, the share of organisations with a status year by year, the
 * innovation summary's cells) is computed here into kinds of its own,
 * described by field descriptors like the stored kinds. Templates loop over
 * them, filter, sort and format them like any other kind, so their wording,
 * columns and order stay in the template.
 *
 * Each computed kind is a temporary table of the connection the document is
 * rendered on (the database file is not written), filled for one academic
 * year when a document first asks for it: its rows carry that year in the
 * hidden column for_year.
 */

#pragma once

#include "annalist-store.h"

G_BEGIN_DECLS

const AnnalistKind * const *annalist_computed_kinds     (guint              *n_kinds);
gboolean                    annalist_computed_kind_is   (const AnnalistKind *kind);

/* Creates the temporary table of @kind on @store's connection, once. */
gboolean                    annalist_computed_prepare   (AnnalistStore      *store,
                                                         const AnnalistKind *kind,
                                                         GError            **error);
/* The kind that names the kinds computed together with @kind (the three of
 * the innovation summary and the share by year, from one counting of the
 * statuses; the product contest and its participation, of one contest),
 * else @kind: filling one fills them all. */
const AnnalistKind         *annalist_computed_family    (const AnnalistKind *kind);
/* Fills it for @year: the rows of for_year = @year, computed again (a
 * rendering fills each family and year once). */
gboolean                    annalist_computed_fill      (AnnalistStore      *store,
                                                         const AnnalistKind *kind,
                                                         int                 year,
                                                         GError            **error);

G_END_DECLS
