/* annalist-store-private.h — what only the app's own layers use
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "annalist-store.h"

G_BEGIN_DECLS

sqlite3      *annalist_store_get_db      (AnnalistStore *self);
/* annalist_fold () and the «annalist» collation, on a new connection. */
void          annalist_store_add_functions (sqlite3     *db);

/* A prepared statement kept for the life of the store, reset and with its
 * bindings cleared; do not finalize it. */
sqlite3_stmt *annalist_store_prepare     (AnnalistStore *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      annalist_store_exec        (AnnalistStore *self,
                                          const char    *sql,
                                          GError       **error);
/* While an import writes its rows (annalist-import.c): a new record is
 * not validated again (the import just did), takes no history label of
 * its own, and its version is read from the last history row. */
void          annalist_store_set_bulk    (AnnalistStore *self,
                                          gboolean       bulk);
gboolean      annalist_store_set_error   (AnnalistStore *self,
                                          int            rc,
                                          GError       **error);
void          annalist_store_emit_changed (AnnalistStore *self,
                                           const AnnalistKind *kind);
/* A failed constraint as a sentence about the field concerned. */
/* Runs @verb («SELECT 1», «DELETE») on the row of @kind whose id is @id:
 * SQLite's result code, or -1 (@error set) when it cannot be prepared. */
int           annalist_store_step_on_row (AnnalistStore      *self,
                                          const char         *verb,
                                          const AnnalistKind *kind,
                                          gint64              id,
                                          GError            **error);
/* annalist-store-check.c: every dictionary value and referenced record
 * of @record exists, and none is refused (annalist_store_check_refused). */
gboolean      annalist_store_check_references (AnnalistStore  *self,
                                               AnnalistRecord *record,
                                               int            *field_index,
                                               GError        **error);
gboolean      annalist_store_constraint_error (AnnalistStore      *self,
                                               const AnnalistKind *kind,
                                               int                 rc,
                                               GError            **error);
/* annalist-store-links.c: a record's links to organisations, read into
 * it or written from it (@replace: the record was stored before). */
gboolean      annalist_store_load_links  (AnnalistStore  *self,
                                          AnnalistRecord *record,
                                          GError        **error);
gboolean      annalist_store_write_links (AnnalistStore  *self,
                                          AnnalistRecord *record,
                                          gboolean        replace,
                                          GError        **error);

/* Whether @path is an existing, non-empty, readable SQLite file; else a
 * sentence naming @display. */
gboolean      annalist_store_check_file  (const char    *path,
                                          const char    *display,
                                          gboolean      *wal,
                                          GError       **error);
/* A store around a connection opened elsewhere (the read-only open). */
AnnalistStore *annalist_store_adopt     (const char    *path,
                                         sqlite3       *db);
gboolean      annalist_store_migrate     (AnnalistStore *self,
                                          gint64         from,
                                          GError       **error);

/* The history (annalist-history.c): NULL for a store opened read-only
 * before it is attached. */
typedef struct _AnnalistHistory AnnalistHistory;

AnnalistHistory *annalist_store_get_history   (AnnalistStore   *self);
/* "kind:id" → title, cleared on every write. */
GHashTable      *annalist_store_get_titles    (AnnalistStore   *self);
/* @record: whether this connection records its changes (not read-only). */
AnnalistHistory *annalist_history_new         (AnnalistStore   *store,
                                               gboolean         record,
                                               GError         **error);
void             annalist_history_free        (AnnalistHistory *self);
gboolean         annalist_history_begin       (AnnalistHistory *self,
                                               const char      *label);
void             annalist_history_end         (AnnalistHistory *self,
                                               gboolean         began);
void             annalist_history_rolled_back (AnnalistHistory *self);
gint64           annalist_history_version     (AnnalistStore      *store,
                                               const AnnalistKind *kind,
                                               gint64              id,
                                               GError            **error);
/* The same for a record just inserted: cheaper when the last history
 * row is its own, as after an insert; the same answer in any case. */
gint64           annalist_history_version_new (AnnalistStore      *store,
                                               const AnnalistKind *kind,
                                               gint64              id,
                                               GError            **error);
gboolean         annalist_history_check_version (AnnalistStore  *store,
                                                 AnnalistRecord *record,
                                                 GError        **error);

/* A stored value of @field in column @index of @stmt, as a record holds it. */
GVariant        *annalist_store_column_value  (sqlite3_stmt        *stmt,
                                               int                  index,
                                               const AnnalistField *field);
/* Why the window must open @path read-only (the banner's sentence), or
 * NULL; see annalist-store-readonly.c. */
char         *annalist_store_read_only_cause     (const char    *path);
/* Marks a store opened read-only for the window: @reason is what
 * annalist_store_read_only_reason() returns, and every write is refused. */
void          annalist_store_set_read_only_reason (AnnalistStore *self,
                                                   const char    *reason);
/* FALSE with a sentence when the store is read-only. */
gboolean      annalist_store_check_writable      (AnnalistStore *self,
                                                  GError       **error);

/* The kind a dictionary or reference field points to; it must exist. */
const AnnalistKind *annalist_store_field_target (const AnnalistField *field);

G_END_DECLS
