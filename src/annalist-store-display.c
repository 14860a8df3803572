/* annalist-store-display.c — people's text for records and values, and
 * the database's settings
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-store.c, which had grown to the size limit.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-history.h"
#include "annalist-kinds-private.h"
#include "annalist-store-private.h"

/* Display ------------------------------------------------------------------------------ */

char *
annalist_store_record_title (AnnalistStore      *self,
                             const AnnalistKind *kind,
                             gint64              id)
{
  g_autofree char *key = NULL;
  const char *cached;
  g_autofree char *sql = NULL;
  const char *column;
  sqlite3_stmt *stmt;
  char *title;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind->name, id);
  cached = g_hash_table_lookup (annalist_store_get_titles (self), key);
  if (cached != NULL)
    return g_strdup (cached);

  column = kind->display_column ? kind->display_column : kind->title_column;
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", column, kind->name);
  stmt = annalist_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return g_strdup ("");

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      title = g_strdup (text ? text : "");
    }
  else
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      /* Translators: a record that is referred to but no longer exists;
       * %s is its number */
      title = g_strdup_printf (_("(missing record %s)"), number);
    }
  sqlite3_reset (stmt);

  g_hash_table_insert (annalist_store_get_titles (self), g_steal_pointer (&key), g_strdup (title));
  return title;
}

char *
annalist_store_one_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *line = g_string_new (NULL);
  gboolean broken = FALSE;   /* after a line break, a tab or another control */

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          /* The break and the spaces around it: one space. */
          while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
          broken = TRUE;
          continue;
        }
      if (broken && c == ' ')
        continue;
      if (broken && line->len > 0)
        g_string_append_c (line, ' ');
      broken = FALSE;
      g_string_append_unichar (line, c);
    }
  return g_strstrip (g_string_free (line, FALSE));
}

char *
annalist_store_format_value (AnnalistStore       *self,
                             const AnnalistField *field,
                             GVariant            *value)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return g_strdup ("");

  switch (field->type)
    {
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      return annalist_store_record_title (self, annalist_store_field_target (field),
                                          g_variant_get_int64 (value));

    case ANNALIST_FIELD_REFERENCES:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        gsize n = 0;
        const gint64 *ids = g_variant_get_fixed_array (value, &n, sizeof (gint64));

        for (gsize i = 0; i < n; i++)
          {
            g_autofree char *title =
              annalist_store_record_title (self, annalist_store_field_target (field), ids[i]);
            g_string_append_printf (text, "%s%s", i ? ", " : "", title);
          }
        return g_string_free (g_steal_pointer (&text), FALSE);
      }

    default:
      return annalist_field_format (field, value);
    }
}

/* Settings ------------------------------------------------------------------------------ */

char *
annalist_store_get_setting (AnnalistStore *self,
                            const char    *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = annalist_store_prepare (self, "SELECT value FROM setting WHERE key = ?1", NULL);
  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value ? value : g_strdup ("");
}

gboolean
annalist_store_set_setting (AnnalistStore *self,
                            const char    *key,
                            const char    *value,
                            GError       **error)
{
  return annalist_store_set_setting_labelled (self, key, value, NULL, error);
}

gboolean
annalist_store_set_setting_labelled (AnnalistStore *self,
                                     const char    *key,
                                     const char    *value,
                                     const char    *label,
                                     GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *own_label = NULL;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!annalist_store_check_writable (self, error))
    return FALSE;
  if (label == NULL)
    label = own_label = g_strdup_printf (_("Setting “%s” changed"), key);
  annalist_store_set_next_label (self, label);
  stmt = annalist_store_prepare (self,
                                 "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value ? value : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (self, rc, error);
  return TRUE;
}
