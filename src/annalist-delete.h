/* annalist-delete.h — deleting a record from a list, with Undo
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-record.h"
#include "annalist-store.h"

G_BEGIN_DECLS

/* Deletes @record at once, the toast over @widget saying what went with
 * it and offering Undo; a record others need is not deleted: a dialog
 * gives their counts by kind and, where the kind has an «active» flag,
 * offers to mark it inactive instead. The list page's Delete and a
 * form's related list both come here. */
void       annalist_delete_record          (GtkWidget          *widget,
                                            AnnalistStore      *store,
                                            AnnalistRecord     *record);

/* «Events: 12\nProjects: 3»: the records that keep @id of @kind from
 * being deleted, counted by kind, a line each; "" when none do. */
char      *annalist_delete_needed_by       (AnnalistStore      *store,
                                            const AnnalistKind *kind,
                                            gint64              id);

/* Marks @record inactive (its «active» flag false) as one change that
 * can be undone, with a toast over @widget offering Undo. */
gboolean   annalist_delete_mark_inactive   (GtkWidget          *widget,
                                            AnnalistStore      *store,
                                            AnnalistRecord     *record,
                                            GError            **error);

G_END_DECLS
