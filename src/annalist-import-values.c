/* annalist-import-values.c — a cell's text as people write it, and the
 * records it names
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist_field_parse () reads what a form's entry holds; a table made
 * by hand holds more: «Более 100» for a count known only from below,
 * «да»/«нет», «05.06.2023 0:00:00» as Excel writes a date, «1 200,5»,
 * and names where the form has choices. This file reads those.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-fold.h"
#include "annalist-import-private.h"
#include "annalist-store-private.h"

/* Values ------------------------------------------------------------------------------- */

/* «1 200» and «1 200,5»: without the spaces between thousands. */
static char *
without_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xA0 && c != 0x202F)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
strip_prefix (char      **text,
              const char *prefix)
{
  if (!g_str_has_prefix (*text, prefix))
    return FALSE;
  memmove (*text, *text + strlen (prefix), strlen (*text + strlen (prefix)) + 1);
  g_strchug (*text);
  return TRUE;
}

static void
strip_suffix (char       *text,
              const char *suffix)
{
  if (g_str_has_suffix (text, suffix))
    {
      text[strlen (text) - strlen (suffix)] = '\0';
      g_strchomp (text);
    }
}

static GVariant *
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static GVariant *
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID, message);
  return NULL;
}

static GVariant *
parse_boolean (const AnnalistField *field,
               const char          *text,
               GError             **error)
{
  static const char * const yes[] = { "да", "д", "yes", "y", "true", "1", "+", "истина", "x", "х", "✓", NULL };
  static const char * const no[] = { "нет", "н", "no", "n", "false", "0", "-", "–", "ложь", NULL };
  g_autofree char *folded = annalist_fold_words (text);

  if (g_strv_contains (yes, folded))
    return g_variant_ref_sink (g_variant_new_boolean (TRUE));
  if (g_strv_contains (no, folded))
    return g_variant_ref_sink (g_variant_new_boolean (FALSE));
  /* Translators: %s is a field's label */
  return invalid (error, _("“%s” must be «да» or «нет»."), _(field->label));
}

static GVariant *
parse_date (const AnnalistField *field,
            const char          *text,
            GError             **error)
{
  g_autofree char *date = g_strdup (text);
  char *space = strchr (date, ' ');

  /* «05.06.2023 0:00:00»: a spreadsheet's date with its time. A date
   * the calendar does not have is told as the form tells it. */
  if (space != NULL && strchr (space, ':') != NULL)
    *space = '\0';
  return annalist_field_parse (field, date, error);
}

GVariant *
_annalist_import_parse_value (const AnnalistField *field,
                              const char          *text,
                              gboolean            *more,
                              GError             **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (more != NULL)
    *more = FALSE;
  if (*trimmed == '\0')
    return NULL;

  switch (field->type)
    {
    case ANNALIST_FIELD_BOOLEAN:
      return parse_boolean (field, trimmed, error);

    case ANNALIST_FIELD_DATE:
      return parse_date (field, trimmed, error);

    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
      {
        g_autofree char *folded = annalist_fold_words (trimmed);
        g_autofree char *compact = NULL;
        gboolean bound = FALSE;

        /* «Более 100 чел.»: a count known from below. */
        if (field->type == ANNALIST_FIELD_INTEGER)
          {
            bound = strip_prefix (&folded, "более чем") || strip_prefix (&folded, "более") ||
                    strip_prefix (&folded, "больше") || strip_prefix (&folded, "свыше") ||
                    strip_prefix (&folded, "more than") || strip_prefix (&folded, ">");
            strip_suffix (folded, "человек");
            strip_suffix (folded, "чел.");
            strip_suffix (folded, "чел");
          }
        if (bound && more == NULL)
          return invalid (error, _("“%s” must be a whole number: this field cannot say «more than»."),
                          _(field->label));
        compact = without_spaces (folded);
        if (more != NULL)
          *more = bound;
        return annalist_field_parse (field, compact, error);
      }

    default:
      return annalist_field_parse (field, text, error);
    }
}

/* References ------------------------------------------------------------------------------ */

/* The names of one kind's records: folded name → id, or -1 when several
 * records have it. */
typedef struct
{
  const AnnalistKind *kind;
  GHashTable         *names;
} Names;

struct _ImportLookup
{
  AnnalistStore *store;
  GHashTable    *kinds;   /* kind name → Names */
  GHashTable    *folded;  /* a cell's text → its folded form */
};

/* The cells of a column repeat (a district has a hundred organisations,
 * a dictionary a dozen values): each text is folded once. */
#define FOLDED_MAX 20000

static void
names_free (Names *names)
{
  g_hash_table_unref (names->names);
  g_free (names);
}

ImportLookup *
_annalist_import_lookup_new (AnnalistStore *store)
{
  ImportLookup *self = g_new0 (ImportLookup, 1);

  self->store = g_object_ref (store);
  self->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) names_free);
  self->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
_annalist_import_lookup_free (ImportLookup *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->kinds);
  g_hash_table_unref (self->folded);
  g_object_unref (self->store);
  g_free (self);
}

static const char *
fold_cached (ImportLookup *self,
             const char   *text)
{
  char *folded = g_hash_table_lookup (self->folded, text);

  if (folded == NULL)
    {
      if (g_hash_table_size (self->folded) >= FOLDED_MAX)
        g_hash_table_remove_all (self->folded);
      folded = annalist_fold_words (text);
      g_hash_table_insert (self->folded, g_strdup (text), folded);
    }
  return folded;
}

static char *
owned_key (gint64      owner,
           const char *folded)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", owner, folded);
}

/* @folded: the name as annalist_fold_words () gives it; taken. */
static void
names_add_folded (Names  *names,
                  char   *folded,
                  gint64  id);

static void
names_add (Names      *names,
           const char *text,
           gint64      id)
{
  char *folded;

  if (text == NULL || *text == '\0')
    return;
  folded = annalist_fold_words (text);
  if (*folded == '\0')
    {
      g_free (folded);
      return;
    }
  names_add_folded (names, folded, id);
}

static void
names_add_folded (Names  *names,
                  char   *folded,
                  gint64  id)
{
  gpointer old;

  old = g_hash_table_lookup (names->names, folded);
  if (old != NULL && *(gint64 *) old != id)
    {
      *(gint64 *) old = -1;
      g_free (folded);
      return;
    }
  if (old != NULL)
    {
      g_free (folded);
      return;
    }
  g_hash_table_insert (names->names, folded, g_memdup2 (&id, sizeof id));
}

/* The columns a kind's records are called by. */
static void
name_columns (const AnnalistKind *kind,
              const char        **columns)
{
  guint n = 0;

  if (g_str_equal (kind->name, "organisation"))
    {
      columns[n++] = "short_name";
      columns[n++] = "full_name";
      columns[n++] = "number";
    }
  else
    {
      if (kind->title_column != NULL)
        columns[n++] = kind->title_column;
      if (kind->is_dictionary && annalist_kind_field (kind, "short_name") != NULL)
        columns[n++] = "short_name";
    }
  columns[n] = NULL;
}

static Names *
names_of (ImportLookup        *self,
          const AnnalistKind  *kind,
          GError             **error)
{
  Names *names = g_hash_table_lookup (self->kinds, kind->name);
  const char *columns[4];
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  sqlite3_stmt *stmt;
  int rc;

  if (names != NULL)
    return names;

  name_columns (kind, columns);
  /* A record owned by another is also known by its name within its owner. */
  g_string_append_printf (sql, ", %s", kind->parent_column != NULL ? kind->parent_column : "NULL");
  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append_printf (sql, ", \"%s\"", columns[i]);
  g_string_append_printf (sql, " FROM \"%s\"", kind->name);
  stmt = annalist_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return NULL;

  names = g_new0 (Names, 1);
  names->kind = kind;
  names->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 owner = sqlite3_column_int64 (stmt, 1);

      for (guint i = 0; columns[i] != NULL; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i + 2);

          names_add (names, text, id);
          if (owner > 0 && text != NULL)
            {
              g_autofree char *folded = annalist_fold_words (text);
              g_autofree char *scoped = owned_key (owner, folded);

              names_add_folded (names, g_steal_pointer (&scoped), id);
            }
          /* «№ 12» for the school numbered 12. */
          if (g_str_equal (columns[i], "number") && text != NULL)
            {
              g_autofree char *numbered = g_strconcat ("№ ", text, NULL);
              g_autofree char *joined = g_strconcat ("№", text, NULL);

              names_add (names, numbered, id);
              names_add (names, joined, id);
            }
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      names_free (names);
      annalist_store_set_error (self->store, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->kinds, (gpointer) kind->name, names);
  return names;
}

gint64
_annalist_import_lookup_id (ImportLookup        *self,
                            const AnnalistField *field,
                            const char          *text,
                            gint64               owner,
                            GError             **error)
{
  const AnnalistKind *kind = annalist_store_field_target (field);
  const char *folded = fold_cached (self, text);
  Names *names;
  gint64 *found = NULL;

  g_return_val_if_fail (kind != NULL, -1);

  names = names_of (self, kind, error);
  if (names == NULL)
    return -1;
  if (owner > 0 && kind->parent_column != NULL)
    {
      g_autofree char *scoped = owned_key (owner, folded);

      found = g_hash_table_lookup (names->names, scoped);
    }
  if (found == NULL)
    found = g_hash_table_lookup (names->names, folded);
  if (found != NULL && *found > 0)
    return *found;
  if (found != NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("“%s”: several records of «%s» are called “%s”."),
                   _(field->label), _(kind->label), text);
      return -1;
    }
  if (kind->is_dictionary && field->type == ANNALIST_FIELD_DICTIONARY)
    return 0;
  if (g_str_equal (kind->name, "organisation"))
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("“%s”: there is no organisation “%s” (by short name, full name or number)."),
                 _(field->label), text);
  else
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("“%s”: there is no record “%s” in «%s»."),
                 _(field->label), text, _(kind->label));
  return 0;
}

gint64
_annalist_import_create_value (ImportLookup        *self,
                               const AnnalistField *field,
                               const char          *text,
                               GError             **error)
{
  const AnnalistKind *kind = annalist_store_field_target (field);
  g_autoptr(AnnalistRecord) record = NULL;
  g_autofree char *name = g_strstrip (g_strdup (text));
  Names *names;
  gint64 id;

  g_return_val_if_fail (kind != NULL && kind->is_dictionary, -1);

  names = names_of (self, kind, error);
  if (names == NULL)
    return -1;
  record = annalist_record_new (kind);
  annalist_record_set_string (record, "name", name);
  if (!annalist_store_insert (self->store, record, error))
    return -1;
  id = annalist_record_get_id (record);
  names_add (names, name, id);
  return id;
}
