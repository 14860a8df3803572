/* annalist-store-links.c — a record's links to organisations
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field that names several organisations (an event's organisers) is a
 * table of links (event_organiser: the record, the organisation, its
 * position in the list). A record is read with its links, and written
 * with only the links that changed, so that the history says which
 * organisation was added or removed. Moved out of annalist-store.c,
 * which had grown to the size limit.
 */

#include "config.h"

#include "annalist-store-private.h"

/* Runs @sql on the links of record @id with the ids @ids (a JSON array). */
static gboolean
step_links (AnnalistStore      *self,
            const AnnalistKind *kind,
            const char         *sql,
            gint64              id,
            const char         *ids,
            GError            **error)
{
  sqlite3_stmt *stmt = annalist_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, ids, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_constraint_error (self, kind, rc, error);
  return TRUE;
}

/* A link as stored: its organisation and its position (-1 for NULL). */
typedef struct
{
  gint64 organisation;
  gint64 position;
} StoredLink;

/* The field's links in their new order @ids, with the positions to
 * write, as a JSON array of [organisation, position] pairs. The links
 * stored keep their positions when their order stays and the new ones
 * only follow them, as the form adds them: a form saved unchanged then
 * writes nothing, whatever numbers the positions were stored with (the
 * sample's start at 1). Otherwise the links are numbered anew from 0. */
static gboolean
link_positions (AnnalistStore        *self,
                const AnnalistField  *field,
                gboolean              stored_links,
                gint64                id,
                const gint64         *ids,
                gsize                 n_ids,
                GString              *pairs,
                GError              **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT organisation_id, position FROM %s WHERE %s = ?1",
                                          field->junction, field->junction_column);
  g_autoptr(GArray) stored = g_array_new (FALSE, FALSE, sizeof (StoredLink));
  g_autoptr(GArray) positions = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  sqlite3_stmt *stmt = NULL;
  gboolean keep = TRUE;
  gboolean added = FALSE;
  gint64 last = -1;
  int rc = SQLITE_DONE;

  /* A new record (an import's 100 000 of them) has none to read. */
  if (stored_links)
    {
      stmt = annalist_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
    }
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredLink link = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 1),
      };

      g_array_append_val (stored, link);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (self, rc, error);

  for (gsize j = 0; j < n_ids; j++)
    {
      const StoredLink *found = NULL;
      gint64 position;

      for (guint k = 0; k < stored->len && found == NULL; k++)
        if (g_array_index (stored, StoredLink, k).organisation == ids[j])
          found = &g_array_index (stored, StoredLink, k);

      if (found != NULL)
        {
          /* A stored link moved, after a new one, or without a position. */
          if (added || found->position <= last)
            keep = FALSE;
          position = found->position;
        }
      else
        {
          added = TRUE;
          position = last + 1;
        }
      last = MAX (last, position);
      g_array_append_val (positions, position);
    }

  g_string_assign (pairs, "[");
  for (gsize j = 0; j < n_ids; j++)
    g_string_append_printf (pairs, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", j ? "," : "",
                            ids[j], keep ? g_array_index (positions, gint64, j) : (gint64) j);
  g_string_append_c (pairs, ']');
  return TRUE;
}

gboolean
annalist_store_write_links (AnnalistStore  *self,
                            AnnalistRecord *record,
                            gboolean        replace,
                            GError        **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  gint64 id = annalist_record_get_id (record);
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GString) pairs = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      GVariant *value;
      g_autofree char *delete_sql = NULL;
      g_autofree char *insert_sql = NULL;
      const gint64 *ids = NULL;
      gsize n_ids = 0;

      if (field->type != ANNALIST_FIELD_REFERENCES)
        continue;

      value = annalist_record_get_value (record, i);
      if (value != NULL)
        ids = g_variant_get_fixed_array (value, &n_ids, sizeof (gint64));

      /* The ids as a JSON array, for json_each (). */
      g_string_assign (kept, "[");
      for (gsize j = 0; j < n_ids; j++)
        g_string_append_printf (kept, "%s%" G_GINT64_FORMAT, j ? "," : "", ids[j]);
      g_string_append_c (kept, ']');

      /* Only the links that changed are written: the history then says
       * which organisation was added or removed. */
      if (replace)
        {
          delete_sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1 AND organisation_id "
                                        "NOT IN (SELECT value FROM json_each (?2))",
                                        field->junction, field->junction_column);
          if (!step_links (self, kind, delete_sql, id, kept->str, error))
            return FALSE;
        }
      if (n_ids == 0)
        continue;

      if (!link_positions (self, field, replace, id, ids, n_ids, pairs, error))
        return FALSE;
      /* All the field's links in one statement («WHERE true» tells the
       * parser the ON CONFLICT is the upsert's, not a join's). */
      insert_sql = g_strdup_printf ("INSERT INTO %s (%s, organisation_id, position) "
                                    "SELECT ?1, json_extract (value, '$[0]'), "
                                    "json_extract (value, '$[1]') FROM json_each (?2) WHERE true "
                                    "ON CONFLICT (%s, organisation_id) DO UPDATE "
                                    "SET position = excluded.position "
                                    "WHERE position IS NOT excluded.position",
                                    field->junction, field->junction_column,
                                    field->junction_column);
      if (!step_links (self, kind, insert_sql, id, pairs->str, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
annalist_store_load_links (AnnalistStore  *self,
                           AnnalistRecord *record,
                           GError        **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      g_autofree char *sql = NULL;
      g_autoptr(GArray) ids = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (field->type != ANNALIST_FIELD_REFERENCES)
        continue;

      sql = g_strdup_printf ("SELECT organisation_id FROM %s WHERE %s = ?1 "
                             "ORDER BY position, organisation_id",
                             field->junction, field->junction_column);
      stmt = annalist_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;

      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_bind_int64 (stmt, 1, annalist_record_get_id (record));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return annalist_store_set_error (self, rc, error);

      annalist_record_set_ids (record, field->column, (const gint64 *) ids->data, ids->len);
    }
  return TRUE;
}
