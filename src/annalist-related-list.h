/* annalist-related-list.h — the records that belong to a record, in its form
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_RELATED_LIST (annalist_related_list_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistRelatedList, annalist_related_list, ANNALIST, RELATED_LIST, GtkBox)

/* The records of @kind whose @column (a REFERENCE, or the REFERENCES of
 * organisations) names @owner_id. */
AnnalistRelatedList *annalist_related_list_new         (AnnalistStore       *store,
                                                        const AnnalistKind  *kind,
                                                        const char          *column,
                                                        gint64               owner_id);
/* The heading (NULL: the kind's name) and the SQL order of the rows
 * (NULL: the kind's); reloads. */
void                 annalist_related_list_set_heading (AnnalistRelatedList *self,
                                                        const char          *heading,
                                                        const char          *order_by);
/* The fields a row shows under the record's title (NULL: the kind's
 * listed fields). */
void                 annalist_related_list_set_columns (AnnalistRelatedList *self,
                                                        const char * const  *columns);
/* Rows still open their records, which are shown, not edited; nothing
 * is added. */
void                 annalist_related_list_set_view_only (AnnalistRelatedList *self,
                                                          const char          *reason);
const AnnalistKind  *annalist_related_list_get_kind    (AnnalistRelatedList *self);
guint                annalist_related_list_get_count   (AnnalistRelatedList *self);
/* The record of row @position (owned by the list), or NULL. */
AnnalistRecord      *annalist_related_list_get_record  (AnnalistRelatedList *self,
                                                        guint                position);
/* The GtkListBox of the rows: a click or Enter on a row opens its form. */
GtkWidget           *annalist_related_list_get_rows    (AnnalistRelatedList *self);
/* «Add…»: a new record's form, its owner already chosen. */
void                 annalist_related_list_new_record  (AnnalistRelatedList *self);

G_END_DECLS
