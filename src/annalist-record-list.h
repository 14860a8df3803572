/* annalist-record-list.h — records of one kind as a GListModel
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "annalist-field.h"

G_BEGIN_DECLS

typedef struct _AnnalistStore AnnalistStore;

#define ANNALIST_TYPE_RECORD_LIST (annalist_record_list_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistRecordList, annalist_record_list, ANNALIST, RECORD_LIST, GObject)

AnnalistRecordList *annalist_record_list_new      (AnnalistStore      *store,
                                                   const AnnalistKind *kind,
                                                   GArray             *ids);
/* The records of @base at @positions (guint), as the same objects. */
AnnalistRecordList *annalist_record_list_new_subset (AnnalistRecordList *base,
                                                     GArray             *positions);
gboolean            annalist_record_list_same_ids   (AnnalistRecordList *self,
                                                     AnnalistRecordList *other);
const AnnalistKind *annalist_record_list_get_kind (AnnalistRecordList *self);
gint64              annalist_record_list_get_id   (AnnalistRecordList *self,
                                                   guint               position);

G_END_DECLS
