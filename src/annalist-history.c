/* annalist-history.c — what every change was, and taking it back
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row the application inserts, updates or deletes is written to
 * change_row by TEMP triggers made at each open from the tables as they
 * are (so a link table, a cascade, a setting or a template is recorded as
 * well as a form's record), in the same transaction as the change. The
 * first change of a transaction opens its change_set: who, when, and what
 * the window called the action. Undo applies a set's rows backwards, after
 * checking that each row is still what the set left; the undo is itself a
 * set, so redo is the undo of an undo.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-kinds-private.h"
#include "annalist-history-private.h"
#include "annalist-store-private.h"

/* Tables that are the history and the file's housekeeping, not records. */
static const char * const unrecorded[] = {
  "change_set", "change_row", "open_session", "closed_year", NULL
};

static void
history_table_free (gpointer data)
{
  HistoryTable *table = data;

  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_array_unref (table->blob);
  g_ptr_array_unref (table->keys);
  g_free (table);
}

void
annalist_history_entry_free (AnnalistHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->when);
  g_free (entry->who);
  g_free (entry->label);
  g_free (entry->action);
  g_free (entry->what);
  g_free (entry);
}

/* SQL functions the triggers call ------------------------------------------------- */

static void
set_function (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  AnnalistHistory *self = sqlite3_user_data (context);

  if (self->set_id > 0)
    sqlite3_result_int64 (context, self->set_id);
  else
    sqlite3_result_null (context);
}

/* The set this transaction writes, opened by the first change: one
 * INSERT of change_set run from inside the trigger that asks (SQLite lets
 * a function run statements of its own connection; the trigger's
 * last_insert_rowid () is restored when it ends). Called for every row
 * written, it costs one test once the set is open. */
static void
open_function (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  AnnalistHistory *self = sqlite3_user_data (context);
  sqlite3_stmt *stmt;
  int rc;

  if (self->set_id == 0)
    {
      stmt = annalist_store_prepare (self->store,
                                     "INSERT INTO change_set (made_at, user_name, host_name, label, "
                                     "action, target_id) VALUES (strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                                     "?1, ?2, ?3, ?4, ?5)", NULL);
      if (stmt == NULL)
        {
          sqlite3_result_error (context, "the history's change set cannot be opened", -1);
          return;
        }
      sqlite3_bind_text (stmt, 1, self->user, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, self->host, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, self->label ? self->label : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, self->action, -1, SQLITE_STATIC);
      if (self->target > 0)
        sqlite3_bind_int64 (stmt, 5, self->target);
      else
        sqlite3_bind_null (stmt, 5);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        self->set_id = sqlite3_last_insert_rowid (annalist_store_get_db (self->store));
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          sqlite3_result_error_code (context, rc);
          return;
        }
    }
  sqlite3_result_int64 (context, self->set_id);
}

/* BLOB values travel in the JSON as hex; SQLite 3.40 has no unhex (). */
static void
unhex_function (sqlite3_context *context,
                int              argc,
                sqlite3_value  **argv)
{
  const char *hex = (const char *) sqlite3_value_text (argv[0]);
  gsize length;
  g_autofree guint8 *bytes = NULL;

  if (hex == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  length = strlen (hex) / 2;
  bytes = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    bytes[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  sqlite3_result_blob64 (context, bytes, length, SQLITE_TRANSIENT);
}

static int
commit_hook (void *data)
{
  AnnalistHistory *self = data;

  if (self->set_id > 0)
    self->last_set = self->set_id;
  self->set_id = 0;
  /* A label given for a single statement ends with it. */
  g_clear_pointer (&self->label, g_free);
  self->action = "edit";
  self->target = 0;
  return 0;
}

static void
rollback_hook (void *data)
{
  AnnalistHistory *self = data;

  self->set_id = 0;
  g_clear_pointer (&self->label, g_free);
  self->action = "edit";
  self->target = 0;
}

/* The triggers ---------------------------------------------------------------------- */

/* json_object ('a', P.a, 'b', …) of a row; @prefix "NEW.", "OLD." or "". */
char *
annalist_history_row_json (HistoryTable *table,
          const char   *prefix)
{
  g_autoptr(GString) sql = g_string_new ("json_object (");

  for (guint i = 0; i < table->columns->len; i++)
    {
      const char *column = g_ptr_array_index (table->columns, i);

      if (i > 0)
        g_string_append (sql, ", ");
      if (g_array_index (table->blob, gboolean, i))
        g_string_append_printf (sql, "'%s', CASE WHEN %s\"%s\" IS NULL THEN NULL "
                                "ELSE json_object ('hex', hex (%s\"%s\")) END",
                                column, prefix, column, prefix, column);
      else
        g_string_append_printf (sql, "'%s', %s\"%s\"", column, prefix, column);
    }
  g_string_append_c (sql, ')');
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The value of @column in the JSON bound as ?@param, as stored. */
void
annalist_history_append_json_value (GString      *sql,
                   HistoryTable *table,
                   guint         column,
                   int           param)
{
  const char *name = g_ptr_array_index (table->columns, column);

  if (g_array_index (table->blob, gboolean, column))
    g_string_append_printf (sql, "annalist_unhex (json_extract (?%d, '$.%s.hex'))", param, name);
  else
    g_string_append_printf (sql, "json_extract (?%d, '$.%s')", param, name);
}

int
annalist_history_column_index (HistoryTable *table,
              const char   *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_str_equal (g_ptr_array_index (table->columns, i), name))
      return i;
  return -1;
}

/* WHERE key = json_extract (?@param, '$.key') AND … */
void
annalist_history_append_key_match (GString      *sql,
                  HistoryTable *table,
                  int           param)
{
  g_string_append (sql, " WHERE ");
  for (guint i = 0; i < table->keys->len; i++)
    {
      const char *key = g_ptr_array_index (table->keys, i);

      if (i > 0)
        g_string_append (sql, " AND ");
      g_string_append_printf (sql, "\"%s\" = ", key);
      annalist_history_append_json_value (sql, table, annalist_history_column_index (table, key), param);
    }
}

static char *
trigger_sql (HistoryTable *table,
             const char   *operation)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *old_json = annalist_history_row_json (table, "OLD.");
  g_autofree char *new_json = annalist_history_row_json (table, "NEW.");
  gboolean insert = g_str_equal (operation, "insert");
  gboolean delete = g_str_equal (operation, "delete");

  g_string_append_printf (sql, "CREATE TEMP TRIGGER IF NOT EXISTS \"annalist_history_%s_%s\" "
                          "AFTER %s ON main.\"%s\" ",
                          table->name, operation,
                          insert ? "INSERT" : delete ? "DELETE" : "UPDATE", table->name);
  if (!insert && !delete)
    {
      /* An UPDATE that changes nothing is not a change. */
      g_string_append (sql, "WHEN ");
      for (guint i = 0; i < table->columns->len; i++)
        {
          const char *column = g_ptr_array_index (table->columns, i);

          g_string_append_printf (sql, "%sOLD.\"%s\" IS NOT NEW.\"%s\"",
                                  i > 0 ? " OR " : "", column, column);
        }
    }
  g_string_append_printf (sql,
                          " BEGIN INSERT INTO change_row (set_id, table_name, row_id, operation, before, after) "
                          "VALUES (annalist_history_open (), '%s', %s\"%s\", '%s', %s, %s); END",
                          table->name, delete ? "OLD." : "NEW.", table->row_id, operation,
                          insert ? "NULL" : old_json, delete ? "NULL" : new_json);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static HistoryTable *
read_table (sqlite3    *db,
            const char *name)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA main.table_info (\"%s\")", name);
  HistoryTable *table = g_new0 (HistoryTable, 1);
  g_autoptr(GArray) key_order = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt;

  table->name = g_strdup (name);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->blob = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->keys = g_ptr_array_new ();

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      history_table_free (table);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);
      const char *type = (const char *) sqlite3_column_text (stmt, 2);
      gboolean blob = type != NULL && g_ascii_strcasecmp (type, "BLOB") == 0;
      int pk = sqlite3_column_int (stmt, 5);

      g_ptr_array_add (table->columns, g_strdup (column));
      g_array_append_val (table->blob, blob);
      g_array_append_val (key_order, pk);
    }
  sqlite3_finalize (stmt);

  /* The key's columns in the key's order. */
  for (int pk = 1; pk <= (int) table->columns->len; pk++)
    for (guint i = 0; i < key_order->len; i++)
      if (g_array_index (key_order, int, i) == pk)
        g_ptr_array_add (table->keys, g_ptr_array_index (table->columns, i));

  if (table->keys->len == 0)
    {
      history_table_free (table);
      return NULL;
    }
  table->row_id = annalist_history_column_index (table, "id") >= 0 ? "id" : g_ptr_array_index (table->keys, 0);
  return table;
}

static gboolean
create_triggers (AnnalistHistory *self,
                 GError         **error)
{
  sqlite3 *db = annalist_store_get_db (self->store);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM main.sqlite_schema WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                          -1, &stmt, NULL) != SQLITE_OK)
    return annalist_store_set_error (self->store, sqlite3_errcode (db), error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      HistoryTable *table;

      if (g_strv_contains ((const char * const *) unrecorded, name))
        continue;
      table = read_table (db, name);
      if (table == NULL)
        continue;
      g_hash_table_insert (self->tables, table->name, table);

      for (guint o = 0; o < 3; o++)
        {
          static const char * const operations[] = { "insert", "update", "delete" };
          g_autofree char *sql = trigger_sql (table, operations[o]);

          if (!annalist_store_exec (self->store, sql, error))
            return FALSE;
        }
    }
  return TRUE;
}

AnnalistHistory *
annalist_history_new (AnnalistStore *store,
                      gboolean       record,
                      GError       **error)
{
  AnnalistHistory *self = g_new0 (AnnalistHistory, 1);
  sqlite3 *db = annalist_store_get_db (store);
  const char *real_name = g_get_real_name ();

  self->store = store;
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, history_table_free);
  self->action = "edit";
  self->host = g_strdup (g_get_host_name ());
  self->user = g_strdup (real_name != NULL && *real_name != '\0' && g_strcmp0 (real_name, "Unknown") != 0
                         ? real_name : g_get_user_name ());

  sqlite3_create_function (db, "annalist_history_set", 0, SQLITE_UTF8, self, set_function, NULL, NULL);
  sqlite3_create_function (db, "annalist_history_open", 0, SQLITE_UTF8, self, open_function, NULL, NULL);
  sqlite3_create_function (db, "annalist_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, unhex_function, NULL, NULL);

  if (record)
    {
      sqlite3_commit_hook (db, commit_hook, self);
      sqlite3_rollback_hook (db, rollback_hook, self);
      if (!create_triggers (self, error))
        {
          annalist_history_free (self);
          return NULL;
        }
    }
  return self;
}

void
annalist_history_free (AnnalistHistory *self)
{
  sqlite3 *db;

  if (self == NULL)
    return;
  db = annalist_store_get_db (self->store);
  if (db != NULL)
    {
      sqlite3_commit_hook (db, NULL, NULL);
      sqlite3_rollback_hook (db, NULL, NULL);
    }
  g_hash_table_unref (self->tables);
  g_free (self->label);
  g_free (self->user);
  g_free (self->host);
  g_free (self);
}

/* Labels ------------------------------------------------------------------------------ */

/*
 * Names the change set the next changes open, unless a transaction is
 * already under way (its first label wins). Returns whether this call
 * named it; annalist_history_end () with that clears the name, so that a
 * failed action does not lend its label to the next one.
 */
gboolean
annalist_history_begin (AnnalistHistory *self,
                        const char      *label)
{
  if (self == NULL || self->label != NULL ||
      !sqlite3_get_autocommit (annalist_store_get_db (self->store)))
    return FALSE;
  self->label = g_strdup (label != NULL ? label : "");
  return TRUE;
}

void
annalist_history_end (AnnalistHistory *self,
                      gboolean         began)
{
  if (self == NULL || !began)
    return;
  g_clear_pointer (&self->label, g_free);
  self->action = "edit";
  self->target = 0;
}

/* A savepoint rolled back may have taken the set's row with it. */
void
annalist_history_rolled_back (AnnalistHistory *self)
{
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (self == NULL || self->set_id == 0)
    return;
  stmt = annalist_store_prepare (self->store, "SELECT 1 FROM change_set WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, self->set_id);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  if (!exists)
    self->set_id = 0;
}

void
annalist_store_set_next_label (AnnalistStore *store,
                               const char    *label)
{
  AnnalistHistory *self = annalist_store_get_history (store);

  if (self == NULL || !sqlite3_get_autocommit (annalist_store_get_db (store)))
    return;
  g_free (self->label);
  self->label = g_strdup (label != NULL ? label : "");
}

gint64
annalist_store_last_change (AnnalistStore *store)
{
  AnnalistHistory *self = annalist_store_get_history (store);

  return self != NULL ? self->last_set : 0;
}

gboolean
annalist_store_note_year (AnnalistStore *store,
                          const char    *label,
                          GError       **error)
{
  AnnalistHistory *self = annalist_store_get_history (store);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  stmt = annalist_store_prepare (store, "INSERT INTO change_set (made_at, user_name, host_name, "
                                 "label, action) VALUES (strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                                 "?1, ?2, ?3, 'year')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self != NULL ? self->user : g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self != NULL ? self->host : g_get_host_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, label, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* Versions ------------------------------------------------------------------------------ */

/* The kind's own table and its link tables, as an SQL list. */
static char *
record_tables (const AnnalistKind *kind)
{
  g_autoptr(GString) list = g_string_new (NULL);

  g_string_append_printf (list, "'%s'", kind->name);
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES)
      g_string_append_printf (list, ", '%s'", kind->fields[i].junction);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/*
 * A record's version: the last history row of the record or its links, 0
 * when none (a record older than the history); -1 on error.
 */
gint64
annalist_history_version (AnnalistStore      *store,
                          const AnnalistKind *kind,
                          gint64              id,
                          GError            **error)
{
  g_autofree char *tables = record_tables (kind);
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (max (id), 0) FROM change_row "
                                          "WHERE table_name IN (%s) AND row_id = ?1", tables);
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, error);
  gint64 version = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  else
    annalist_store_set_error (store, rc, error);
  sqlite3_reset (stmt);
  return version;
}

gint64
annalist_history_version_new (AnnalistStore      *store,
                              const AnnalistKind *kind,
                              gint64              id,
                              GError            **error)
{
  /* The record's last history row is the last of all when it is its own
   * (an insert was just recorded): one look at the end of the table. */
  sqlite3_stmt *stmt = annalist_store_prepare (store, "SELECT id, table_name, row_id FROM change_row "
                                                      "ORDER BY id DESC LIMIT 1", error);
  gint64 version = 0;
  gboolean own = FALSE;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 2) == id)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 1);

      own = g_strcmp0 (table, kind->name) == 0;
      for (guint i = 0; !own && i < kind->n_fields; i++)
        own = kind->fields[i].type == ANNALIST_FIELD_REFERENCES &&
              g_strcmp0 (table, kind->fields[i].junction) == 0;
      version = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  return own ? version : annalist_history_version (store, kind, id, error);
}

GPtrArray *
annalist_history_row_texts (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  GPtrArray *row = g_ptr_array_new_full (n, g_free);

  for (int c = 0; c < n; c++)
    g_ptr_array_add (row, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
  return row;
}

char *
annalist_history_format_when (const char *made_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (made_at, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (made_at);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d.%m.%Y %H:%M");
}

/* «Иванова М. (на ПК-2), 30.11.2026 14:05» for the change row @row_id. */
char *
annalist_history_describe_change (AnnalistStore *store,
                 gint64         row_id)
{
  AnnalistHistory *self = annalist_store_get_history (store);
  sqlite3_stmt *stmt;
  char *text = NULL;

  stmt = annalist_store_prepare (store,
                                 "SELECT s.user_name, s.host_name, s.made_at FROM change_row r "
                                 "JOIN change_set s ON s.id = r.set_id WHERE r.id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *user = (const char *) sqlite3_column_text (stmt, 0);
      const char *host = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *when = annalist_history_format_when ((const char *) sqlite3_column_text (stmt, 2));

      if (self != NULL && g_strcmp0 (host, self->host) != 0)
        /* TRANSLATORS: who changed a record, on which computer, when */
        text = g_strdup_printf (_("%s (on %s), %s"), user, host, when);
      else
        text = g_strdup_printf ("%s, %s", user, when);
    }
  sqlite3_reset (stmt);
  return text;
}

/*
 * Before @record is saved over what is stored: refused when the stored
 * record changed after @record was read (its version), with who and when.
 */
gboolean
annalist_history_check_version (AnnalistStore  *store,
                                AnnalistRecord *record,
                                GError        **error)
{
  gint64 known = annalist_record_get_version (record);
  gint64 now;
  g_autofree char *who = NULL;

  if (known < 0)
    return TRUE;
  now = annalist_history_version (store, annalist_record_get_kind (record),
                                  annalist_record_get_id (record), error);
  if (now < 0)
    return FALSE;
  if (now == known)
    return TRUE;

  who = annalist_history_describe_change (store, now);
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT,
               _("“%s” was changed after you opened it (%s). "
                 "Load the saved values, or save yours over them."),
               annalist_record_get_title (record), who != NULL ? who : _("unknown"));
  return FALSE;
}
