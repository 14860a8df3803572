/* annalist-store.h — the SQLite database of one district
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "annalist-field.h"
#include "annalist-record.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_STORE (annalist_store_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistStore, annalist_store, ANNALIST, STORE, GObject)

/* What a list shows: one academic year (or ANNALIST_ALL_YEARS), the text
 * typed in the search entry, the owner of sub-records, and the order. */
#define ANNALIST_ALL_YEARS 0

typedef struct
{
  int         year;
  const char *search;
  gint64      parent_id;     /* 0: all; else only records of this owner */
  int         sort_field;    /* field index, or -1 for the kind's order */
  gboolean    descending;
} AnnalistQuery;

#define ANNALIST_QUERY_INIT { ANNALIST_ALL_YEARS, NULL, 0, -1, FALSE }

typedef struct
{
  const AnnalistKind *kind;
  const char         *column;
  gint64              count;
  gboolean            blocks;   /* these keep the record from being deleted */
} AnnalistDependents;

typedef gboolean (*AnnalistStoreFunc) (AnnalistStore *store,
                                       gpointer       user_data,
                                       GError       **error);

int             annalist_store_schema_version   (void);
char           *annalist_store_default_path     (void);

AnnalistStore  *annalist_store_open             (const char          *path,
                                                 GError             **error);
/* Opens an existing Annalist database; a missing path, a folder, an
 * empty file or one that is not SQLite is refused and nothing created.
 * A file the user may not change (or in a folder they may not change) is
 * opened read-only: annalist_store_read_only_reason() says why, and every
 * write is refused with a sentence. */
AnnalistStore  *annalist_store_open_existing    (const char          *path,
                                                 GError             **error);
AnnalistStore  *annalist_store_create           (const char          *path,
                                                 GError             **error);
/* Opens @path for reading only: the file and its folder are never
 * written (no journal mode change, no -wal/-shm, no migration of the
 * file: a file of an older version is migrated in memory). A missing,
 * empty or foreign file, or a folder, is refused with a sentence. */
AnnalistStore  *annalist_store_open_readonly    (const char          *path,
                                                 GError             **error);
const char     *annalist_store_get_path         (AnnalistStore       *self);
/* Why nothing in the database can be changed (the window opened it
 * read-only: the file or its folder cannot be written), or NULL. */
const char     *annalist_store_read_only_reason (AnnalistStore       *self);
/* Why @record of @kind cannot be changed or deleted, or NULL. @record may
 * be a new record with the values a list gives it (its year, its owner):
 * then whether one can be added. The sentence is the caller's to free. */
char           *annalist_store_record_lock_reason (AnnalistStore      *self,
                                                   const AnnalistKind *kind,
                                                   AnnalistRecord     *record);
void            annalist_store_close            (AnnalistStore       *self);

gboolean        annalist_store_transaction      (AnnalistStore       *self,
                                                 AnnalistStoreFunc    func,
                                                 gpointer             user_data,
                                                 GError             **error);

/* Whether @record chooses a record its descriptor refuses there
 * (AnnalistField.refused_when): FALSE with a sentence that names the
 * field, and the field's index in @field_index. Saving checks it too. */
gboolean        annalist_store_check_refused    (AnnalistStore       *self,
                                                 AnnalistRecord      *record,
                                                 int                 *field_index,
                                                 GError             **error);
/* The ids of the records @field refuses (AnnalistField.refused_when), for
 * a picker to leave out; NULL when it refuses none (or on @error). */
GHashTable     *annalist_store_refused_ids      (AnnalistStore       *self,
                                                 const AnnalistField *field,
                                                 GError             **error);
gboolean        annalist_store_insert           (AnnalistStore       *self,
                                                 AnnalistRecord      *record,
                                                 GError             **error);
gboolean        annalist_store_update           (AnnalistStore       *self,
                                                 AnnalistRecord      *record,
                                                 GError             **error);
/* Sets one field of the stored record @id of @kind to @value and saves
 * it, as a form would. */
gboolean        annalist_store_update_field     (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 gint64               id,
                                                 const char          *name,
                                                 GVariant            *value,
                                                 GError             **error);
gboolean        annalist_store_delete           (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 gint64               id,
                                                 GError             **error);
AnnalistRecord *annalist_store_load             (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 gint64               id,
                                                 GError             **error);
GListModel     *annalist_store_list             (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 const AnnalistQuery *query,
                                                 GError             **error);
gint64          annalist_store_count            (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 const AnnalistQuery *query,
                                                 GError             **error);
GArray         *annalist_store_dependents       (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 gint64               id,
                                                 GError             **error);

/* One line of text for a list cell, a title or a template's name: a line
 * break, a tab or another control character, with the spaces around it,
 * becomes one space; none around the whole. */
char           *annalist_store_one_line         (const char          *text);

/* People's text for a value: dictionary values and referenced records by
 * their (short) names, dates as ДД.ММ.ГГГГ, years as 2022-2023. */
char           *annalist_store_format_value     (AnnalistStore       *self,
                                                 const AnnalistField *field,
                                                 GVariant            *value);
char           *annalist_store_record_title     (AnnalistStore       *self,
                                                 const AnnalistKind  *kind,
                                                 gint64               id);

char           *annalist_store_get_setting      (AnnalistStore       *self,
                                                 const char          *key);
gboolean        annalist_store_set_setting      (AnnalistStore       *self,
                                                 const char          *key,
                                                 const char          *value,
                                                 GError             **error);
/* The same, the change named @label in the history (what Undo says); NULL:
 * named by its key. */
gboolean        annalist_store_set_setting_labelled (AnnalistStore   *self,
                                                     const char      *key,
                                                     const char      *value,
                                                     const char      *label,
                                                     GError         **error);

/* A copy of the whole database at @path (SQLite online backup); @path is
 * replaced only when the copy is complete. */
gboolean        annalist_store_backup           (AnnalistStore       *self,
                                                 const char          *path,
                                                 GError             **error);

/* The form texts are compared and searched in (and SQL's annalist_fold ()):
 * lower case, «ё» as «е». @length in bytes, or -1. */
char          *annalist_fold                     (const char            *text,
                                                  gssize                 length);
/* Text as names and searches are matched: annalist_fold (), without
 * quotes, spaces run together and cut at the ends, «№ 4» as «№4»
 * (NULL as ""). */
char          *annalist_fold_words               (const char            *text);

G_END_DECLS
