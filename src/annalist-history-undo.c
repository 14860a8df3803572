/* annalist-history-undo.c — taking an action back, and bringing it again
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change set is undone by applying its rows backwards: an inserted row
 * is deleted, a deleted one inserted again, an updated one given its old
 * values, each only when the row is still exactly what the set left (else
 * someone changed it since, and nothing is done). The undo runs through the
 * same triggers, so it is a change set of its own («undo», naming its
 * target); redo is the undo of an undo.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-history-private.h"
#include "annalist-kinds-private.h"

/* The row @json names in @table as it is now (the same JSON text the
 * triggers write), or NULL when there is none. */
static gboolean
current_row (AnnalistStore *store,
             HistoryTable  *table,
             const char    *json,
             char         **now,
             GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *row = annalist_history_row_json (table, "");
  sqlite3_stmt *stmt;
  int rc;

  g_string_append_printf (sql, "%s FROM main.\"%s\"", row, table->name);
  annalist_history_append_key_match (sql, table, 1);
  stmt = annalist_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *now = rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* The record a history row is about, for a sentence: «Мероприятие
 * «Семинар …»», or the table's name for what is not a kind. */
static char *
describe_row (AnnalistStore *store,
              const char    *table,
              gint64         row_id)
{
  const AnnalistKind *kind = annalist_kind_lookup (table);
  const AnnalistKind * const *kinds;
  guint n_kinds;

  /* A link row is told by the record that owns it. */
  kinds = annalist_kinds_all (&n_kinds);
  for (guint k = 0; kind == NULL && k < n_kinds; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      if (g_strcmp0 (kinds[k]->fields[i].junction, table) == 0)
        kind = kinds[k];

  if (kind == NULL)
    return g_strdup (table);
  {
    g_autofree char *title = annalist_store_record_title (store, kind, row_id);
    return g_strdup_printf ("%s “%s”", _(kind->singular), title != NULL ? title : "?");
  }
}

static gboolean
changed_since (AnnalistStore *store,
               const char    *table,
               gint64         row_id,
               gint64         set_id,
               GError       **error)
{
  g_autofree char *what = describe_row (store, table, row_id);
  g_autofree char *who = NULL;
  sqlite3_stmt *stmt;

  stmt = annalist_store_prepare (store, "SELECT max (id) FROM change_row WHERE table_name = ?1 "
                                 "AND row_id = ?2 AND set_id > ?3", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, row_id);
      sqlite3_bind_int64 (stmt, 3, set_id);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        who = annalist_history_describe_change (store, sqlite3_column_int64 (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (who != NULL)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT,
                 _("This cannot be undone: %s was changed again afterwards (%s). "
                   "Change it back in its form."), what, who);
  else
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT,
                 _("This cannot be undone: %s is no longer as the action left it. "
                   "Change it back in its form."), what);
  return FALSE;
}

static gboolean
step (AnnalistStore *store,
      const char    *sql,
      const char    *first,
      const char    *second,
      GError       **error)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* Puts one row back as it was before the change. */
static gboolean
reverse_row (AnnalistStore *store,
             HistoryTable  *table,
             gint64         set_id,
             gint64         row_id,
             const char    *operation,
             const char    *before,
             const char    *after,
             GError       **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *now = NULL;
  gboolean insert = g_str_equal (operation, "insert");
  gboolean delete = g_str_equal (operation, "delete");

  if (!current_row (store, table, delete ? before : after, &now, error))
    return FALSE;
  if (delete ? now != NULL : g_strcmp0 (now, after) != 0)
    return changed_since (store, table->name, row_id, set_id, error);

  if (insert)
    {
      g_string_append_printf (sql, "DELETE FROM main.\"%s\"", table->name);
      annalist_history_append_key_match (sql, table, 1);
      return step (store, sql->str, after, NULL, error);
    }
  if (delete)
    {
      g_string_append_printf (sql, "INSERT INTO main.\"%s\" (", table->name);
      for (guint i = 0; i < table->columns->len; i++)
        g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "",
                                (char *) g_ptr_array_index (table->columns, i));
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; i < table->columns->len; i++)
        {
          if (i > 0)
            g_string_append (sql, ", ");
          annalist_history_append_json_value (sql, table, i, 1);
        }
      g_string_append_c (sql, ')');
      return step (store, sql->str, before, NULL, error);
    }

  g_string_append_printf (sql, "UPDATE main.\"%s\" SET ", table->name);
  for (guint i = 0; i < table->columns->len; i++)
    {
      g_string_append_printf (sql, "%s\"%s\" = ", i ? ", " : "",
                              (char *) g_ptr_array_index (table->columns, i));
      annalist_history_append_json_value (sql, table, i, 1);
    }
  annalist_history_append_key_match (sql, table, 2);
  return step (store, sql->str, before, after, error);
}

static gboolean
reverse_set (AnnalistStore *store,
             gint64         set_id,
             GError       **error)
{
  AnnalistHistory *self = annalist_store_get_history (store);
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  int rc;

  /* Read first: the statement is reused while the rows are put back. */
  stmt = annalist_store_prepare (store, "SELECT table_name, row_id, operation, before, after "
                                 "FROM change_row WHERE set_id = ?1 ORDER BY id DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, annalist_history_row_texts (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = (char **) ((GPtrArray *) g_ptr_array_index (rows, i))->pdata;
      HistoryTable *table = g_hash_table_lookup (self->tables, row[0]);

      if (table == NULL)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT,
                       _("This cannot be undone: the database no longer has the table “%s”."),
                       row[0]);
          return FALSE;
        }
      if (!reverse_row (store, table, set_id, row[1] ? g_ascii_strtoll (row[1], NULL, 10) : 0,
                        row[2], row[3], row[4], error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64 set_id;
  const char *action;   /* of the new set */
} Reversal;

static gboolean
reverse_in_transaction (AnnalistStore *store,
                        gpointer       user_data,
                        GError       **error)
{
  AnnalistHistory *self = annalist_store_get_history (store);
  Reversal *reversal = user_data;
  sqlite3_stmt *stmt;
  int rc;

  /* Rows come back in the reverse order of their change; links may
   * briefly point at a record put back a step later. */
  if (!annalist_store_exec (store, "PRAGMA defer_foreign_keys = ON", error))
    return FALSE;
  self->action = reversal->action;
  self->target = reversal->set_id;
  if (!reverse_set (store, reversal->set_id, error))
    return FALSE;

  stmt = annalist_store_prepare (store, "UPDATE change_set SET undone = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, reversal->set_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* The last set of this person to take back: id and label. */
static gint64
find_set (AnnalistStore *store,
          gboolean       redo,
          char         **label)
{
  AnnalistHistory *self = annalist_store_get_history (store);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (self == NULL)
    return 0;
  stmt = annalist_store_prepare (store, redo
                                 ? "SELECT u.id, u.label FROM change_set u WHERE u.action = 'undo' "
                                   "AND u.undone = 0 AND u.user_name = ?1 AND u.host_name = ?2 "
                                   "AND NOT EXISTS (SELECT 1 FROM change_set e WHERE e.id > u.id "
                                   "AND e.action = 'edit' AND e.user_name = ?1 AND e.host_name = ?2) "
                                   "ORDER BY u.id DESC LIMIT 1"
                                 : "SELECT id, label FROM change_set WHERE action IN ('edit', 'redo') "
                                   "AND undone = 0 AND user_name = ?1 AND host_name = ?2 "
                                   "ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, self->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->host, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (label != NULL)
        *label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return id;
}

char *
annalist_store_undo_label (AnnalistStore *store)
{
  char *label = NULL;

  find_set (store, FALSE, &label);
  return label;
}

char *
annalist_history_label_after_colon (const char *label)
{
  const char *rest;
  gunichar first;
  char small[6];
  int length;

  g_return_val_if_fail (label != NULL, NULL);

  first = g_utf8_get_char (label);
  if (first == 0 || !g_unichar_isupper (first))
    return g_strdup (label);
  rest = g_utf8_next_char (label);
  /* «ИМЦ», «КИП»: an abbreviation keeps its capitals. */
  if (*rest != '\0' && g_unichar_isupper (g_utf8_get_char (rest)))
    return g_strdup (label);
  length = g_unichar_to_utf8 (g_unichar_tolower (first), small);
  return g_strdup_printf ("%.*s%s", length, small, rest);
}

char *
annalist_store_redo_label (AnnalistStore *store)
{
  char *label = NULL;

  find_set (store, TRUE, &label);
  return label;
}

static gboolean
reverse (AnnalistStore *store,
         gint64         set_id,
         const char    *action,
         const char    *label,
         GError       **error)
{
  Reversal reversal = { set_id, action };
  const AnnalistKind * const *kinds;
  guint n_kinds;

  annalist_store_set_next_label (store, label);
  if (!annalist_store_transaction (store, reverse_in_transaction, &reversal, error))
    return FALSE;

  /* Any kind may have changed: lists read again. */
  kinds = annalist_kinds_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    annalist_store_emit_changed (store, kinds[k]);
  annalist_store_emit_changed (store, NULL);
  return TRUE;
}

gboolean
annalist_store_undo (AnnalistStore *store,
                     gint64         set_id,
                     char         **label,
                     GError       **error)
{
  g_autofree char *found = NULL;
  sqlite3_stmt *stmt;
  const char *action = "undo";

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  if (annalist_store_get_history (store) == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("Nothing can be undone in a database opened for reading only."));
      return FALSE;
    }
  if (set_id == 0)
    set_id = find_set (store, FALSE, &found);
  else
    {
      stmt = annalist_store_prepare (store, "SELECT label, action FROM change_set "
                                     "WHERE id = ?1 AND undone = 0", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, set_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "undo") == 0)
            action = "redo";
        }
      else
        set_id = 0;
      sqlite3_reset (stmt);
    }
  if (set_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("There is nothing to undo."));
      return FALSE;
    }
  if (!reverse (store, set_id, action, found, error))
    return FALSE;
  if (label != NULL)
    *label = g_steal_pointer (&found);
  return TRUE;
}

gboolean
annalist_store_redo (AnnalistStore *store,
                     char         **label,
                     GError       **error)
{
  g_autofree char *found = NULL;
  gint64 set_id;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  set_id = find_set (store, TRUE, &found);
  if (set_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("There is nothing to redo."));
      return FALSE;
    }
  if (!reverse (store, set_id, "redo", found, error))
    return FALSE;
  if (label != NULL)
    *label = g_steal_pointer (&found);
  return TRUE;
}
