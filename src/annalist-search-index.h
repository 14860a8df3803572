/* annalist-search-index.h — the folded text of a list, searched as you type
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "annalist-field.h"

G_BEGIN_DECLS

typedef struct _AnnalistSearchIndex AnnalistSearchIndex;

AnnalistSearchIndex *annalist_search_index_new    (guint                n_reserved);
void                 annalist_search_index_free   (AnnalistSearchIndex *self);
/* Appends the text of the next record; case, «ё»/«е» and quotes do not
 * matter (annalist-fold.h). */
void                 annalist_search_index_append (AnnalistSearchIndex *self,
                                                   const char          *text,
                                                   gsize                length);
guint                annalist_search_index_get_size (AnnalistSearchIndex *self);
/* The positions (guint, ascending) of the records whose text holds
 * @needle, whatever the case, «ё» or «е» and quotes. With @within, only those positions are
 * looked at. */
GArray              *annalist_search_index_find   (AnnalistSearchIndex *self,
                                                   const char          *needle,
                                                   GArray              *within);

gboolean             annalist_search_index_narrows (const char *needle,
                                                    const char *previous);

/* The text of a record a search looks in, as SQL over the kind's table
 * named «t»: its SEARCHED fields as people read them. Free it. */
char                *annalist_search_index_expression (const AnnalistKind *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistSearchIndex, annalist_search_index_free)

G_END_DECLS
