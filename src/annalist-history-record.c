/* annalist-history-record.c — one record's history, as its form shows it
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-history-private.h"
#include "annalist-kinds-private.h"

static char *
format_json_value (AnnalistStore       *store,
                   const AnnalistField *field,
                   const char          *json)
{
  sqlite3_stmt *stmt;
  g_autofree char *path = g_strdup_printf ("$.%s", field->column);
  g_autoptr(GVariant) value = NULL;
  char *text;

  if (json == NULL)
    return NULL;
  stmt = annalist_store_prepare (store, "SELECT json_extract (?1, ?2)", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = annalist_store_column_value (stmt, 0, field);
  sqlite3_reset (stmt);
  if (value != NULL)
    g_variant_ref_sink (value);

  text = value != NULL ? annalist_store_format_value (store, field, value) : NULL;
  if (text == NULL || *text == '\0')
    {
      g_free (text);
      text = g_strdup ("—");
    }
  return text;
}

/* «Дата: 05.06.2023 → 06.06.2023» for each field that differs. */
static void
describe_update (AnnalistStore      *store,
                 const AnnalistKind *kind,
                 const char         *before,
                 const char         *after,
                 GString            *what)
{
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;

      if (!annalist_field_is_stored (field) || field->label == NULL)
        continue;
      old_text = format_json_value (store, field, before);
      new_text = format_json_value (store, field, after);
      if (g_strcmp0 (old_text, new_text) == 0)
        continue;
      if (what->len > 0)
        g_string_append (what, "; ");
      g_string_append_printf (what, "%s: %s → %s", _(field->label), old_text, new_text);
    }
}

/* «Организаторы: + Школа № 5» for a link added or removed. */
static void
describe_link (AnnalistStore       *store,
               const AnnalistField *field,
               const char          *operation,
               const char          *json,
               GString             *what)
{
  const AnnalistKind *target = annalist_store_field_target (field);
  sqlite3_stmt *stmt;
  gint64 other = 0;
  g_autofree char *title = NULL;

  if (g_str_equal (operation, "update"))
    return;   /* only the order changed */
  stmt = annalist_store_prepare (store, "SELECT json_extract (?1, '$.organisation_id')", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  title = annalist_store_record_title (store, target, other);
  /* The links of one field together: «Организаторы: − А, + Б». */
  {
    g_autofree char *head = g_strdup_printf ("%s: ", _(field->label));
    const char *last = g_strrstr (what->str, "; ");

    last = last != NULL ? last + 2 : what->str;
    if (what->len > 0 && g_str_has_prefix (last, head))
      g_string_append (what, ", ");
    else
      g_string_append_printf (what, "%s%s", what->len > 0 ? "; " : "", head);
  }
  g_string_append_printf (what, "%s %s", g_str_equal (operation, "insert") ? "+" : "−",
                          title != NULL ? title : "?");
}

static const AnnalistField *
link_field (const AnnalistKind *kind,
            const char         *table)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (g_strcmp0 (kind->fields[i].junction, table) == 0)
      return &kind->fields[i];
  return NULL;
}

GPtrArray *
annalist_store_record_history (AnnalistStore      *store,
                               const AnnalistKind *kind,
                               gint64              id,
                               guint               limit,
                               GError            **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_history_entry_free);
  g_autoptr(GString) tables = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  AnnalistHistory *history = annalist_store_get_history (store);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  g_string_append_printf (tables, "'%s'", kind->name);
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES)
      g_string_append_printf (tables, ", '%s'", kind->fields[i].junction);

  /* The last @limit sets that touched the record, their rows oldest first. */
  sql = g_strdup_printf ("SELECT s.id, s.made_at, s.user_name, s.host_name, s.label, s.action, "
                         "s.undone, r.table_name, r.operation, r.before, r.after "
                         "FROM change_row r JOIN change_set s ON s.id = r.set_id "
                         "WHERE r.set_id IN (SELECT DISTINCT set_id FROM change_row "
                         "WHERE table_name IN (%s) AND row_id = ?1 ORDER BY set_id DESC LIMIT ?2) "
                         "AND r.table_name IN (%s) AND r.row_id = ?1 "
                         "ORDER BY s.id DESC, r.id", tables->str, tables->str);
  stmt = annalist_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, annalist_history_row_texts (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = (char **) ((GPtrArray *) g_ptr_array_index (rows, i))->pdata;
      gint64 set_id = g_ascii_strtoll (row[0], NULL, 10);
      AnnalistHistoryEntry *entry = entries->len > 0 ? g_ptr_array_index (entries, entries->len - 1) : NULL;
      g_autoptr(GString) what = NULL;
      const char *operation = row[8];

      if (entry == NULL || entry->set_id != set_id)
        {
          entry = g_new0 (AnnalistHistoryEntry, 1);
          entry->set_id = set_id;
          entry->when = annalist_history_format_when (row[1]);
          entry->who = history != NULL && g_strcmp0 (row[3], history->host) != 0
                       ? g_strdup_printf (_("%s (on %s)"), row[2], row[3])
                       : g_strdup (row[2]);
          entry->label = g_strdup (row[4]);
          entry->action = g_strdup (row[5]);
          entry->undone = g_strcmp0 (row[6], "1") == 0;
          entry->what = g_strdup ("");
          g_ptr_array_add (entries, entry);
        }

      what = g_string_new (entry->what);
      if (g_str_equal (row[7], kind->name))
        {
          if (g_str_equal (operation, "insert"))
            g_string_prepend (what, what->len > 0 ? _("Created; ") : _("Created"));
          else if (g_str_equal (operation, "delete"))
            g_string_append_printf (what, "%s%s", what->len > 0 ? "; " : "", _("Deleted"));
          else
            describe_update (store, kind, row[9], row[10], what);
        }
      else
        {
          const AnnalistField *field = link_field (kind, row[7]);

          if (field != NULL)
            describe_link (store, field, operation,
                           g_str_equal (operation, "delete") ? row[9] : row[10], what);
        }
      g_free (entry->what);
      entry->what = g_string_free (g_steal_pointer (&what), FALSE);
    }
  return g_steal_pointer (&entries);
}
