/* annalist-record.h — one record of any kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "annalist-field.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_RECORD (annalist_record_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistRecord, annalist_record, ANNALIST, RECORD, GObject)

AnnalistRecord     *annalist_record_new          (const AnnalistKind *kind);
AnnalistRecord     *annalist_record_copy         (AnnalistRecord     *self);
const AnnalistKind *annalist_record_get_kind     (AnnalistRecord     *self);
gint64              annalist_record_get_id       (AnnalistRecord     *self);
void                annalist_record_set_id       (AnnalistRecord     *self,
                                                  gint64              id);
const char         *annalist_record_get_title    (AnnalistRecord     *self);
/* The stored record's version when it was read (its last change in the
 * history, 0 before any), or -1 for a record not read from the store. */
gint64              annalist_record_get_version  (AnnalistRecord     *self);
void                annalist_record_set_version  (AnnalistRecord     *self,
                                                  gint64              version);

/* Values by field index; NULL means unset. The record keeps its own
 * reference; set_value sinks a floating variant. */
GVariant           *annalist_record_get_value    (AnnalistRecord     *self,
                                                  guint               field);
void                annalist_record_set_value    (AnnalistRecord     *self,
                                                  guint               field,
                                                  GVariant           *value);
GVariant           *annalist_record_get          (AnnalistRecord     *self,
                                                  const char         *column);
void                annalist_record_set          (AnnalistRecord     *self,
                                                  const char         *column,
                                                  GVariant           *value);

/* Conveniences for the common types; the column must exist. */
const char         *annalist_record_get_string   (AnnalistRecord     *self,
                                                  const char         *column);
gint64              annalist_record_get_int      (AnnalistRecord     *self,
                                                  const char         *column);
void                annalist_record_set_string   (AnnalistRecord     *self,
                                                  const char         *column,
                                                  const char         *value);
void                annalist_record_set_int      (AnnalistRecord     *self,
                                                  const char         *column,
                                                  gint64              value);
void                annalist_record_set_ids      (AnnalistRecord     *self,
                                                  const char         *column,
                                                  const gint64       *ids,
                                                  gsize               n_ids);

gboolean            annalist_record_equal_values (AnnalistRecord     *a,
                                                  AnnalistRecord     *b);

void                annalist_record_derive       (AnnalistRecord     *self);

/* What the record chosen in @field (a REFERENCE with fills) gives this
 * one: each empty field named in the fills takes @target's value; fields
 * that hold a value keep it. Returns how many fields were filled. */
guint               annalist_record_fill_from    (AnnalistRecord      *self,
                                                  const AnnalistField *field,
                                                  AnnalistRecord      *target);

/* Validation of the whole record (after deriving implied values): every field, then the rules between
 * fields (an end before its start). On failure @field_index (if not NULL)
 * is the field to mark. */
gboolean            annalist_record_validate     (AnnalistRecord     *self,
                                                  int                *field_index,
                                                  GError            **error);

G_END_DECLS
