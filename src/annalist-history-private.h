/* annalist-history-private.h — the history's parts its files share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-history.h"
#include "annalist-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  GPtrArray *columns;     /* char * */
  GArray    *blob;        /* gboolean per column: declared BLOB */
  GPtrArray *keys;        /* the primary key's columns */
  const char *row_id;     /* the column naming the record (id, or the owner) */
} HistoryTable;

struct _AnnalistHistory
{
  AnnalistStore *store;         /* not owned: the store owns this */
  GHashTable    *tables;        /* name → HistoryTable */
  gint64         set_id;        /* the set this transaction writes, or 0 */
  gint64         last_set;      /* the set the last commit wrote */
  char          *label;
  const char    *action;        /* "edit", "undo", "redo" */
  gint64         target;
  char          *user;
  char          *host;
};

char   *annalist_history_row_json          (HistoryTable *table,
                                            const char   *prefix);
void    annalist_history_append_json_value (GString      *sql,
                                            HistoryTable *table,
                                            guint         column,
                                            int           param);
int     annalist_history_column_index      (HistoryTable *table,
                                            const char   *name);
void    annalist_history_append_key_match  (GString      *sql,
                                            HistoryTable *table,
                                            int           param);
char   *annalist_history_format_when       (const char   *made_at);
/* The columns of @stmt's row as texts (NULL for NULL), in an array that
 * frees them. */
GPtrArray *annalist_history_row_texts      (sqlite3_stmt *stmt);
char   *annalist_history_describe_change   (AnnalistStore *store,
                                            gint64         row_id);

G_END_DECLS
