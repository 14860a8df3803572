/* annalist-store-check.c — what a record may choose: every referenced
 * record there, and none its field refuses
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checked before a save (annalist-store.c), and by the form as a record
 * is chosen: a sentence that names the field is better than SQLite's bare
 * «FOREIGN KEY constraint failed», and a choice the descriptors refuse
 * (a rating value of an indicator counted from the records) is refused
 * wherever it is typed.
 */

#define G_LOG_DOMAIN "annalist-store"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-store-private.h"

static gboolean
record_exists (AnnalistStore      *self,
               const AnnalistKind *kind,
               gint64              id,
               gboolean           *exists,
               GError            **error)
{
  int rc = annalist_store_step_on_row (self, "SELECT 1", kind, id, error);

  if (rc < 0)
    return FALSE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return annalist_store_set_error (self, rc, error);
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* A record chosen where its descriptor refuses it (AnnalistField.
 * refused_when): a rating value of an indicator counted from the records. */
gboolean
annalist_store_check_refused (AnnalistStore  *self,
                              AnnalistRecord *record,
                              int            *field_index,
                              GError        **error)
{
  const AnnalistKind *kind;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ANNALIST_IS_RECORD (record), FALSE);

  kind = annalist_record_get_kind (record);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      GVariant *value = annalist_record_get_value (record, i);
      const AnnalistKind *target;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (field->refused_when == NULL || value == NULL)
        continue;
      target = annalist_store_field_target (field);
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1 AND (%s)",
                             target->title_column, target->name, field->refused_when);
      stmt = annalist_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_variant_get_int64 (value));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_autofree char *title = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          /* The descriptor's sentence, with the title for its %s. */
          g_auto(GStrv) parts = g_strsplit (_(field->refused_message), "%s", 2);
          g_autofree char *why = g_strjoinv (title != NULL ? title : "", parts);

          sqlite3_reset (stmt);
          if (field_index != NULL)
            *field_index = (int) i;
          g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID, why);
          return FALSE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return annalist_store_set_error (self, rc, error);
    }
  return TRUE;
}

/* Every chosen dictionary value and referenced record must exist; saying
 * which field is wrong is better than SQLite's bare «FOREIGN KEY constraint
 * failed». */
gboolean
annalist_store_check_references (AnnalistStore  *self,
                                 AnnalistRecord *record,
                                 int            *field_index,
                                 GError        **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      GVariant *value = annalist_record_get_value (record, i);
      const gint64 *ids;
      gsize n_ids = 1;
      gint64 single;

      if (value == NULL || field->target == NULL)
        continue;

      if (field->type == ANNALIST_FIELD_REFERENCES)
        ids = g_variant_get_fixed_array (value, &n_ids, sizeof (gint64));
      else
        {
          single = g_variant_get_int64 (value);
          ids = &single;
        }

      for (gsize j = 0; j < n_ids; j++)
        {
          gboolean exists = FALSE;

          if (!record_exists (self, annalist_store_field_target (field), ids[j], &exists, error))
            return FALSE;
          if (!exists)
            {
              if (field_index != NULL)
                *field_index = (int) i;
              g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                           _("The value chosen for “%s” no longer exists."), _(field->label));
              return FALSE;
            }
        }
    }
  return annalist_store_check_refused (self, record, field_index, error);
}

/* The records of @field's target it refuses (AnnalistField.refused_when),
 * as a set of ids; NULL when it refuses none or on @error. */
GHashTable *
annalist_store_refused_ids (AnnalistStore       *self,
                            const AnnalistField *field,
                            GError             **error)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *sql = NULL;
  const AnnalistKind *target;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);

  if (field->refused_when == NULL)
    return NULL;
  target = annalist_store_field_target (field);
  sql = g_strdup_printf ("SELECT id FROM %s WHERE (%s)", target->name, field->refused_when);
  stmt = annalist_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
