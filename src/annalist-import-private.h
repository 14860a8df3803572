/* annalist-import-private.h — what the parts of the import share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-import.h"

G_BEGIN_DECLS


/* A cell's text as users write it, for a field that is not a reference:
 * ДД.ММ.ГГГГ or ISO dates, decimal commas, spaces between thousands,
 * «да/нет», academic years «2022-2023» or «2022/2023». @more (may be
 * NULL: not allowed) receives whether a count was written «Более 100».
 * NULL with no error: the cell is empty. */
GVariant *_annalist_import_parse_value  (const AnnalistField *field,
                                         const char          *text,
                                         gboolean            *more,
                                         GError             **error);

/* Records of other kinds that cells name, looked up by what people call
 * them: an organisation by its short name, full name or number, a
 * dictionary value by its name or short name, any other record by its
 * title. */
typedef struct _ImportLookup ImportLookup;

ImportLookup *_annalist_import_lookup_new  (AnnalistStore       *store);
void          _annalist_import_lookup_free (ImportLookup        *lookup);
/* The id @text names in @field's target: > 0; 0 when nothing matches
 * (@error set, except for a dictionary: the caller may create it); -1 on
 * an error (several records match, the store failed). */
/* @owner: for a kind owned by another (a competition's nominations), the
 * owner the importing record names; a name is looked for among the
 * owner's records first. 0: none. */
gint64        _annalist_import_lookup_id   (ImportLookup        *lookup,
                                            const AnnalistField *field,
                                            const char          *text,
                                            gint64               owner,
                                            GError             **error);
/* Adds @text to @field's dictionary and returns its id. */
gint64        _annalist_import_create_value (ImportLookup        *lookup,
                                             const AnnalistField *field,
                                             const char          *text,
                                             GError             **error);

G_END_DECLS
