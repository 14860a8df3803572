/* annalist-import.c — records of one kind brought in from a table
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See annalist-import.h for what a run does and how the window's
 * assistant drives it. The cells are read by annalist-import-values.c;
 * the rows come from any AnnalistTableSource.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-backup.h"
#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-import-private.h"
#include "annalist-store-private.h"
#include "annalist-template-private.h"

struct _AnnalistImport
{
  AnnalistStore      *store;
  const AnnalistKind *kind;
  char               *path;        /* a file, or NULL */
  char               *text;        /* pasted rows, or NULL */
  char               *sheet;
  gboolean            is_sheet;
  char               *name;        /* for sentences */
  AnnalistCsvOptions  requested;
  char               *requested_encoding;
  AnnalistCsvOptions  detected;
  char               *detected_encoding;
  GPtrArray          *headers;     /* char *, trimmed */
  GArray             *mapping;     /* int per column: field index or -1 */
  AnnalistTableSource *reading;    /* the source last opened, while it lives */
};

/* The kind ------------------------------------------------------------------------------ */

const AnnalistKind *
annalist_import_find_kind (const char *name)
{
  const AnnalistKind *kind;

  g_return_val_if_fail (name != NULL, NULL);

  /* The names templates accept; computed kinds are not stored. */
  kind = _annalist_template_find_kind (name);
  if (kind == NULL || annalist_kind_lookup (kind->name) != kind)
    return NULL;
  return kind;
}

/* Opening ----------------------------------------------------------------------------- */

static AnnalistTableSource *
open_source (AnnalistImport  *self,
             GError         **error)
{
  AnnalistTableSource *source;

  if (self->is_sheet)
    source = annalist_sheet_source_open (self->path, self->sheet, error);
  else if (self->text != NULL)
    source = annalist_csv_source_new_for_text (self->text, &self->requested, error);
  else
    source = annalist_csv_source_open (self->path, &self->requested, error);
  if (source != NULL)
    {
      /* For annalist_import_get_fraction () while it is read. */
      self->reading = source;
      source->watch = &self->reading;
    }
  if (source != NULL && !self->is_sheet)
    {
      annalist_csv_source_get_options (source, &self->detected);
      g_free (self->detected_encoding);
      self->detected_encoding = g_strdup (self->detected.encoding);
      self->detected.encoding = self->detected_encoding;
    }
  return source;
}

static gboolean
row_is_empty (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    {
      const char *p = g_ptr_array_index (cells, i);

      for (; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return FALSE;
    }
  return TRUE;
}

/* The next row that is not empty, or NULL (@error set on a fault). */
static GPtrArray *
next_row (AnnalistTableSource  *source,
          guint                *line,
          GError              **error)
{
  GPtrArray *cells;

  while ((cells = annalist_table_source_next_row (source, line, error)) != NULL)
    {
      if (!row_is_empty (cells))
        return cells;
      g_ptr_array_unref (cells);
    }
  return NULL;
}

/* Reads the header row; the source is left at the first row after it. */
static gboolean
read_header (AnnalistImport       *self,
             AnnalistTableSource  *source,
             GError              **error)
{
  g_autoptr(GError) local = NULL;
  GPtrArray *cells;
  guint line = 0;

  cells = next_row (source, &line, &local);
  if (cells == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("%s is empty: it has no header row."), self->name);
      return FALSE;
    }
  /* Empty cells at the end of the header are no columns. */
  while (cells->len > 0 && *g_strstrip ((char *) g_ptr_array_index (cells, cells->len - 1)) == '\0')
    g_ptr_array_remove_index (cells, cells->len - 1);
  for (guint i = 0; i < cells->len; i++)
    {
      char *text = g_ptr_array_index (cells, i);

      g_strstrip (text);
      if (*text == '\0')
        {
          g_free (text);
          cells->pdata[i] = g_strdup_printf (_("column %u"), i + 1);
        }
    }
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  self->headers = cells;
  g_array_set_size (self->mapping, 0);
  for (guint i = 0; i < cells->len; i++)
    {
      int none = -1;
      g_array_append_val (self->mapping, none);
    }
  return TRUE;
}

static gboolean
reopen (AnnalistImport  *self,
        GError         **error)
{
  g_autoptr(AnnalistTableSource) source = open_source (self, error);

  if (source == NULL || !read_header (self, source, error))
    return FALSE;
  annalist_import_guess_mapping (self);
  return TRUE;
}

static AnnalistImport *
import_new (AnnalistStore            *store,
            const AnnalistKind       *kind,
            const AnnalistCsvOptions *options)
{
  AnnalistImport *self = g_new0 (AnnalistImport, 1);

  self->store = g_object_ref (store);
  self->kind = kind;
  self->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  if (options != NULL)
    {
      self->requested = *options;
      self->requested_encoding = g_strdup (options->encoding);
      self->requested.encoding = self->requested_encoding;
    }
  return self;
}

AnnalistImport *
annalist_import_new_for_file (AnnalistStore            *store,
                              const AnnalistKind       *kind,
                              const char               *path,
                              const AnnalistCsvOptions *options,
                              const char               *sheet,
                              GError                  **error)
{
  g_autoptr(AnnalistImport) self = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL && path != NULL, NULL);

  self = import_new (store, kind, options);
  self->path = g_strdup (path);
  self->sheet = g_strdup (sheet);
  self->is_sheet = annalist_sheet_source_takes (path);
  self->name = g_filename_display_basename (path);
  if (!reopen (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

AnnalistImport *
annalist_import_new_for_text (AnnalistStore            *store,
                              const AnnalistKind       *kind,
                              const char               *text,
                              const AnnalistCsvOptions *options,
                              GError                  **error)
{
  g_autoptr(AnnalistImport) self = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL && text != NULL, NULL);

  self = import_new (store, kind, options);
  self->text = g_strdup (text);
  self->name = g_strdup (_("The pasted rows"));
  if (!reopen (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
annalist_import_free (AnnalistImport *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self->path);
  g_free (self->text);
  g_free (self->sheet);
  g_free (self->name);
  g_free (self->requested_encoding);
  g_free (self->detected_encoding);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_array_unref (self->mapping);
  g_free (self);
}

const AnnalistKind *
annalist_import_get_kind (AnnalistImport *self)
{
  return self->kind;
}

const char *
annalist_import_get_name (AnnalistImport *self)
{
  return self->name;
}

gboolean
annalist_import_get_csv_options (AnnalistImport     *self,
                                 AnnalistCsvOptions *options)
{
  if (self->is_sheet)
    return FALSE;
  *options = self->detected;
  return TRUE;
}

gboolean
annalist_import_set_csv_options (AnnalistImport           *self,
                                 const AnnalistCsvOptions *options,
                                 GError                  **error)
{
  g_return_val_if_fail (options != NULL, FALSE);

  g_free (self->requested_encoding);
  self->requested = *options;
  self->requested_encoding = g_strdup (options->encoding);
  self->requested.encoding = self->requested_encoding;
  return reopen (self, error);
}

/* The mapping ----------------------------------------------------------------------------- */

double
annalist_import_get_fraction (AnnalistImport *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->reading != NULL ? annalist_table_source_get_fraction (self->reading) : -1;
}

guint
annalist_import_get_n_columns (AnnalistImport *self)
{
  return self->headers->len;
}

const char *
annalist_import_get_header (AnnalistImport *self,
                            guint           column)
{
  g_return_val_if_fail (column < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, column);
}

int
annalist_import_get_mapping (AnnalistImport *self,
                             guint           column)
{
  g_return_val_if_fail (column < self->mapping->len, -1);
  return g_array_index (self->mapping, int, column);
}

void
annalist_import_set_mapping (AnnalistImport *self,
                             guint           column,
                             int             field)
{
  g_return_if_fail (column < self->mapping->len);
  g_return_if_fail (field < (int) self->kind->n_fields);

  if (field >= 0)
    for (guint i = 0; i < self->mapping->len; i++)
      if (g_array_index (self->mapping, int, i) == field)
        g_array_index (self->mapping, int, i) = -1;
  g_array_index (self->mapping, int, column) = field < 0 ? -1 : field;
}

static gboolean
means_skip (const char *folded)
{
  return g_str_equal (folded, "пропустить") || g_str_equal (folded, "skip") ||
         g_str_equal (folded, "-") || g_str_equal (folded, "");
}

/* The field a header's or an option's text names, or -1. */
static int
find_field (const AnnalistKind *kind,
            const char         *text)
{
  g_autofree char *folded = annalist_fold_words (text);
  int index = -1;

  if (means_skip (folded))
    return -1;
  /* A label folded as the header is («district's» and «districts» alike). */
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      g_autofree char *translated = NULL;
      g_autofree char *untranslated = NULL;

      if (field->label == NULL || (field->flags & ANNALIST_FIELD_HIDDEN))
        continue;
      translated = annalist_fold_words (_(field->label));
      untranslated = annalist_fold_words (field->label);
      if (g_str_equal (folded, translated) || g_str_equal (folded, untranslated))
        return (int) i;
    }
  if (_annalist_template_find_field (kind, folded, &index) == NULL)
    return -1;
  return index;
}

void
annalist_import_guess_mapping (AnnalistImport *self)
{
  for (guint i = 0; i < self->mapping->len; i++)
    g_array_index (self->mapping, int, i) = -1;
  for (guint i = 0; i < self->headers->len; i++)
    {
      int field = find_field (self->kind, g_ptr_array_index (self->headers, i));
      gboolean taken = FALSE;

      for (guint j = 0; j < i && field >= 0; j++)
        taken |= g_array_index (self->mapping, int, j) == field;
      if (field >= 0 && !taken)
        g_array_index (self->mapping, int, i) = field;
    }
}

static int
find_column (AnnalistImport *self,
             const char     *text)
{
  g_autofree char *folded = annalist_fold_words (text);
  char *end = NULL;
  guint64 number = g_ascii_strtoull (folded, &end, 10);

  if (*folded != '\0' && end != NULL && *end == '\0')
    return number >= 1 && number <= self->headers->len ? (int) number - 1 : -1;
  for (guint i = 0; i < self->headers->len; i++)
    {
      g_autofree char *header = annalist_fold_words (g_ptr_array_index (self->headers, i));

      if (g_str_equal (header, folded))
        return (int) i;
    }
  return -1;
}

gboolean
annalist_import_parse_mapping (AnnalistImport  *self,
                               const char      *text,
                               GError         **error)
{
  g_auto(GStrv) pieces = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  /* A comma inside a label («Организации, представившие …») belongs to
   * the pair before it. */
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      if (strchr (pieces[i], '=') == NULL && pairs->len > 0)
        {
          char *joined = g_strconcat (g_ptr_array_index (pairs, pairs->len - 1), ",", pieces[i], NULL);

          g_free (pairs->pdata[pairs->len - 1]);
          pairs->pdata[pairs->len - 1] = joined;
        }
      else if (*g_strstrip (pieces[i]) != '\0')
        g_ptr_array_add (pairs, g_strdup (pieces[i]));
    }

  for (guint i = 0; i < pairs->len; i++)
    {
      g_auto(GStrv) sides = g_strsplit (g_ptr_array_index (pairs, i), "=", 2);
      g_autofree char *target = NULL;
      int column, field;

      if (sides[1] == NULL)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("--mapping: “%s” is not COLUMN=FIELD."), sides[0]);
          return FALSE;
        }
      column = find_column (self, sides[0]);
      if (column < 0)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("--mapping: %s has no column “%s”."), self->name, g_strstrip (sides[0]));
          return FALSE;
        }
      target = annalist_fold_words (sides[1]);
      field = find_field (self->kind, sides[1]);
      if (field < 0 && !means_skip (target))
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("--mapping: “%s” is not a field of «%s»."),
                       g_strstrip (sides[1]), _annalist_template_kind_label (self->kind));
          return FALSE;
        }
      annalist_import_set_mapping (self, column, field);
    }
  return TRUE;
}

char *
annalist_import_mapping_text (AnnalistImport *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      int field = g_array_index (self->mapping, int, i);

      g_string_append_printf (text, "%s%u=%s", text->len > 0 ? "," : "", i + 1,
                              field < 0 ? "-" : self->kind->fields[field].column);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
annalist_import_summary_clear (AnnalistImportSummary *summary)
{
  g_clear_pointer (&summary->values_to_create, g_ptr_array_unref);
  g_clear_pointer (&summary->backup_path, g_free);
  g_clear_pointer (&summary->label, g_free);
  memset (summary, 0, sizeof *summary);
}

/* Running ------------------------------------------------------------------------------- */

typedef struct
{
  AnnalistImport        *self;
  AnnalistImportFlags    flags;
  AnnalistImportRowFunc  func;
  gpointer               user_data;
  AnnalistImportSummary *summary;
  GCancellable          *cancellable;
  ImportLookup          *lookup;
  GArray                *keyed;      /* the mapped stored fields, in field order */
  GHashTable            *keys;       /* a record's key → KeyEntry */
  GHashTable            *to_create;  /* «label: value» already listed */
  gboolean               stopped;    /* the caller stopped reading */
} Run;

/* Marks a run that must not be written (a dry run, a stopped preview). */
#define NOT_WRITTEN_DOMAIN g_quark_from_static_string ("annalist-import-not-written")

static void
key_append_null (GString *key)
{
  g_string_append (key, "\x01\x1f");
}

/* Who has a key: the stored records (their ids) and the file's rows
 * (their lines) — one table, so that a row's key is hashed once. */
typedef struct
{
  GArray *stored;   /* gint64, or NULL */
  GArray *lines;    /* guint, or NULL */
} KeyEntry;

static void
key_entry_free (KeyEntry *entry)
{
  g_clear_pointer (&entry->stored, g_array_unref);
  g_clear_pointer (&entry->lines, g_array_unref);
  g_free (entry);
}

static KeyEntry *
key_entry (Run   *run,
           char **key)
{
  KeyEntry *entry = g_hash_table_lookup (run->keys, *key);

  if (entry == NULL)
    {
      entry = g_new0 (KeyEntry, 1);
      g_hash_table_insert (run->keys, g_steal_pointer (key), entry);
    }
  return entry;
}

/* The key of a record: the mapped stored fields' values. */
static char *
record_key (Run            *run,
            AnnalistRecord *record)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < run->keyed->len; i++)
    {
      guint f = g_array_index (run->keyed, guint, i);
      const AnnalistField *field = &run->self->kind->fields[f];
      GVariant *value = annalist_record_get_value (record, f);

      if (value == NULL)
        {
          key_append_null (key);
          continue;
        }
      switch (field->type)
        {
        case ANNALIST_FIELD_TEXT:
        case ANNALIST_FIELD_LONG_TEXT:
        case ANNALIST_FIELD_DATE:
          if (*g_variant_get_string (value, NULL) == '\0')
            key_append_null (key);
          else
            {
              g_string_append (key, g_variant_get_string (value, NULL));
              g_string_append_c (key, '\x1f');
            }
          break;
        case ANNALIST_FIELD_REAL:
          g_string_append_printf (key, "%.17g\x1f", g_variant_get_double (value));
          break;
        case ANNALIST_FIELD_BOOLEAN:
          g_string_append_printf (key, "%d\x1f", g_variant_get_boolean (value) ? 1 : 0);
          break;
        default:
          g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f", g_variant_get_int64 (value));
          break;
        }
    }
  return g_string_free (key, FALSE);
}

/* The keys of the records stored, to tell a row that is already there. */
static gboolean
load_existing (Run     *run,
               GError **error)
{
  const AnnalistKind *kind = run->self->kind;
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < run->keyed->len; i++)
    g_string_append_printf (sql, ", \"%s\"", kind->fields[g_array_index (run->keyed, guint, i)].column);
  g_string_append_printf (sql, " FROM \"%s\"", kind->name);
  stmt = annalist_store_prepare (run->self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *key = g_string_new (NULL);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      for (guint i = 0; i < run->keyed->len; i++)
        {
          const AnnalistField *field = &kind->fields[g_array_index (run->keyed, guint, i)];
          const char *text = (const char *) sqlite3_column_text (stmt, i + 1);

          if (sqlite3_column_type (stmt, i + 1) == SQLITE_NULL || (text != NULL && *text == '\0'))
            key_append_null (key);
          else if (field->type == ANNALIST_FIELD_REAL)
            g_string_append_printf (key, "%.17g\x1f", sqlite3_column_double (stmt, i + 1));
          else if (field->type == ANNALIST_FIELD_TEXT || field->type == ANNALIST_FIELD_LONG_TEXT ||
                   field->type == ANNALIST_FIELD_DATE)
            {
              g_string_append (key, text);
              g_string_append_c (key, '\x1f');
            }
          else
            g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f",
                                    (gint64) sqlite3_column_int64 (stmt, i + 1));
        }
      {
        g_autofree char *text = g_string_free (key, FALSE);
        KeyEntry *entry = key_entry (run, &text);

        if (entry->stored == NULL)
          entry->stored = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_array_append_val (entry->stored, id);
      }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (run->self->store, rc, error);
  return TRUE;
}

static int
column_of_field (AnnalistImport *self,
                 int             field)
{
  for (guint i = 0; i < self->mapping->len; i++)
    if (g_array_index (self->mapping, int, i) == field)
      return (int) i;
  return -1;
}

/* «row 17, “Start date”: …» */
static char *
row_message (AnnalistImport *self,
             guint           line,
             int             column,
             const char     *problem)
{
  if (column >= 0)
    {
      const char *header = g_ptr_array_index (self->headers, column);
      /* Translators: how a problem begins that names its field («“Дата”: в
       * календаре нет…»), quoted as in those sentences */
      g_autofree char *named = g_strdup_printf (_("“%s”:"), header);
      /* The name as those sentences quote it, without the colon: a
       * form's sentence names its field inside («В поле «Дата» — …»). */
      g_autofree char *quoted = g_strndup (named, strlen (named) - g_str_has_suffix (named, ":"));

      /* A header that is the field's own name is said once, not «“Дата”:
       * “Дата”: …». */
      if (strstr (problem, quoted) == NULL)
        /* Translators: a row of an imported file, its column's header, what is wrong */
        return g_strdup_printf (_("row %u, “%s”: %s"), line, header, problem);
    }
  /* Translators: a row of an imported file, what is wrong */
  return g_strdup_printf (_("row %u: %s"), line, problem);
}

/* The id a reference cell names, creating a dictionary value when asked;
 * 0 when it cannot (@error set). */
/* For a record owned by another (a competition's nomination): the owner
 * @record names in the same column, or 0. */
static gint64
owner_named (AnnalistRecord      *record,
             const AnnalistField *field)
{
  const AnnalistKind *target = annalist_store_field_target (field);
  const AnnalistKind *kind = annalist_record_get_kind (record);

  if (target->parent_column == NULL || annalist_kind_field (kind, target->parent_column) == NULL)
    return 0;
  return annalist_record_get_int (record, target->parent_column);
}

/* Whether @field names a record that is known by its name within its
 * owner, which the row names in another cell: it is read after the rest. */
static gboolean
needs_owner (const AnnalistKind  *kind,
             const AnnalistField *field)
{
  const AnnalistKind *target;

  if (field->type != ANNALIST_FIELD_REFERENCE)
    return FALSE;
  target = annalist_store_field_target (field);
  return target->parent_column != NULL && annalist_kind_field (kind, target->parent_column) != NULL;
}

static gint64
resolve (Run                 *run,
         AnnalistRecord      *record,
         const AnnalistField *field,
         const char          *text,
         GError             **error)
{
  gint64 id = _annalist_import_lookup_id (run->lookup, field, text, owner_named (record, field), error);
  const AnnalistKind *target;
  g_autofree char *stripped = NULL;

  if (id != 0)
    return id < 0 ? 0 : id;
  if (field->type != ANNALIST_FIELD_DICTIONARY)
    return 0;

  target = annalist_store_field_target (field);
  stripped = g_strstrip (g_strdup (text));
  if (run->flags & ANNALIST_IMPORT_CREATE_VALUES)
    {
      g_autoptr(GError) local = NULL;

      id = _annalist_import_create_value (run->lookup, field, stripped, &local);
      if (id > 0)
        {
          run->summary->n_created++;
          return id;
        }
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("“%s” cannot be added to «%s»: %s"), stripped,
                   _annalist_template_kind_label (target), local->message);
      return 0;
    }
  else
    {
      g_autofree char *folded = annalist_fold_words (stripped);
      g_autofree char *listed = g_strdup_printf ("%s\x1f%s", target->name, folded);

      if (!g_hash_table_contains (run->to_create, listed))
        {
          g_hash_table_add (run->to_create, g_steal_pointer (&listed));
          g_ptr_array_add (run->summary->values_to_create,
                           g_strdup_printf ("%s: %s", _(field->label), stripped));
        }
    }
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               /* How to allow adding it is the front's to say: the
                * command line's option, the window's dialog. */
               _("“%s” is not in «%s»."),
               stripped, _annalist_template_kind_label (target));
  return 0;
}

/* Sets the record's value of @field from a cell; FALSE with @error. */
static gboolean
set_cell (Run                 *run,
          AnnalistRecord      *record,
          int                  f,
          const char          *text,
          GError             **error)
{
  const AnnalistKind *kind = run->self->kind;
  const AnnalistField *field = &kind->fields[f];
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  switch (field->type)
    {
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      {
        gint64 id;

        if (*trimmed == '\0')
          return TRUE;
        id = resolve (run, record, field, trimmed, error);
        if (id == 0)
          return FALSE;
        annalist_record_set_value (record, f, g_variant_new_int64 (id));
        return TRUE;
      }

    case ANNALIST_FIELD_REFERENCES:
      {
        /* The list export joins organisations with «; ». */
        g_auto(GStrv) names = g_strsplit_set (trimmed, ";\n", -1);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

        for (guint i = 0; names[i] != NULL; i++)
          {
            gint64 id;
            gboolean known = FALSE;

            if (*g_strstrip (names[i]) == '\0')
              continue;
            id = resolve (run, record, field, names[i], error);
            if (id == 0)
              return FALSE;
            for (guint j = 0; j < ids->len; j++)
              known |= g_array_index (ids, gint64, j) == id;
            if (!known)
              g_array_append_val (ids, id);
          }
        annalist_record_set_ids (record, field->column, (const gint64 *) ids->data, ids->len);
        return TRUE;
      }

    default:
      {
        g_autofree char *more_column = g_strconcat (field->column, "_more", NULL);
        int more_index = field->type == ANNALIST_FIELD_INTEGER
          ? annalist_kind_field_index (kind, more_column) : -1;
        gboolean more = FALSE;
        GVariant *value;
        g_autoptr(GError) local = NULL;

        value = _annalist_import_parse_value (field, text, more_index >= 0 ? &more : NULL, &local);
        if (local != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        /* An empty cell leaves a flag as a new record has it. */
        if (value != NULL || field->type != ANNALIST_FIELD_BOOLEAN)
          annalist_record_set_value (record, f, value);
        g_clear_pointer (&value, g_variant_unref);
        if (more)
          annalist_record_set_value (record, more_index, g_variant_new_boolean (TRUE));
        return TRUE;
      }
    }
}

/* The verdict of one row; writes it when it is new. */
static void
take_row (Run       *run,
          GPtrArray *cells,
          guint      line)
{
  AnnalistImport *self = run->self;
  g_autoptr(AnnalistRecord) record = annalist_record_new (self->kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key = NULL;
  guint n_columns = self->headers->len;
  AnnalistImportRow row = { line, ANNALIST_IMPORT_ERROR, NULL,
                            (const char * const *) cells->pdata, cells->len, NULL };

  run->summary->n_rows++;

  /* Cells beyond the header are an error unless empty (a trailing separator). */
  for (guint i = n_columns; i < cells->len && message == NULL; i++)
    if (*g_strstrip ((char *) g_ptr_array_index (cells, i)) != '\0')
      {
        g_autofree char *problem = g_strdup_printf (_("%u cells where the header has %u."),
                                                    cells->len, n_columns);
        message = row_message (self, line, -1, problem);
      }
  /* A sheet leaves empty cells at a row's end out; a CSV row that is
   * short has lost a separator. */
  if (message == NULL && cells->len < n_columns && !self->is_sheet)
    {
      g_autofree char *problem = g_strdup_printf (_("%u cells where the header has %u."),
                                                  cells->len, n_columns);
      message = row_message (self, line, -1, problem);
    }

  /* Two passes: a nomination is found within the competition the row
   * names, whichever column comes first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < n_columns && message == NULL; c++)
      {
        int f = g_array_index (self->mapping, int, c);

        if (f < 0 || needs_owner (self->kind, &self->kind->fields[f]) != (pass == 1))
          continue;
        if (!set_cell (run, record, f, c < cells->len ? g_ptr_array_index (cells, c) : "", &error))
          message = row_message (self, line, (int) c, error->message);
      }

  if (message == NULL)
    {
      int f = -1;

      if (!annalist_record_validate (record, &f, &error) ||
          !annalist_store_check_refused (self->store, record, &f, &error))
        message = row_message (self, line, f >= 0 ? column_of_field (self, f) : -1, error->message);
    }
  if (message == NULL)
    {
      g_autofree char *locked = NULL;
      GArray *stored, *lines;
      KeyEntry *entry;
      guint n_before;

      key = record_key (run, record);
      entry = key_entry (run, &key);
      stored = entry->stored;
      if (entry->lines == NULL)
        entry->lines = g_array_new (FALSE, FALSE, sizeof (guint));
      lines = entry->lines;
      /* Rows alike are matched with stored records alike one for one: a
       * file with four identical meetings (no dates, one title) brings
       * four, and once they are stored, brings none again. */
      n_before = lines->len;
      g_array_append_val (lines, line);
      if (stored != NULL && n_before < stored->len)
        {
          gint64 id = g_array_index (stored, gint64, n_before);
          g_autofree char *title = annalist_store_record_title (self->store, self->kind, id);

          row.verdict = ANNALIST_IMPORT_SAME;
          message = g_strdup_printf (_("row %u: the same as the stored record “%s”: skipped."),
                                     line, title);
          annalist_record_set_id (record, id);
          row.record = record;
          run->summary->n_same++;
        }
      /* A closed year takes no new records (a record already there is
       * skipped above, closed or not). */
      else if ((locked = annalist_store_record_lock_reason (self->store, self->kind, record)) != NULL)
        message = row_message (self, line, -1, locked);
      else if (!annalist_store_insert (self->store, record, &error))
        message = row_message (self, line, -1, error->message);
      else
        {
          row.verdict = ANNALIST_IMPORT_NEW;
          row.record = record;
          run->summary->n_new++;
          /* Said, not refused: the same values twice may be two records. */
          if (n_before > 0)
            {
              g_autofree char *problem =
                g_strdup_printf (_("the same as row %u of the file: one more such record is added."),
                                 g_array_index (lines, guint, 0));
              message = row_message (self, line, -1, problem);
            }
        }
    }

  if (row.verdict == ANNALIST_IMPORT_ERROR)
    run->summary->n_errors++;
  row.message = message;
  if (run->func != NULL && !run->func (&row, run->user_data))
    run->stopped = TRUE;
}

static gboolean
run_rows (AnnalistStore  *store,
          gpointer        data,
          GError        **error)
{
  Run *run = data;
  AnnalistImport *self = run->self;
  g_autoptr(AnnalistTableSource) source = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) header = NULL;
  GPtrArray *cells;
  guint line = 0;

  source = open_source (self, error);
  if (source == NULL)
    return FALSE;
  /* The file is parsed in a thread of its own while the rows are
   * written; the progress bar follows the reader that wraps it. */
  source->watch = NULL;
  source = annalist_table_source_read_ahead (source);
  self->reading = source;
  source->watch = &self->reading;
  header = next_row (source, &line, &local);
  if (header == NULL)
    {
      if (local == NULL)
        g_set_error (&local, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("%s is empty: it has no header row."), self->name);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!load_existing (run, error))
    return FALSE;

  while (!run->stopped && (cells = next_row (source, &line, &local)) != NULL)
    {
      take_row (run, cells, line);
      g_ptr_array_unref (cells);
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  run->summary->read_whole = !run->stopped;

  if ((run->flags & ANNALIST_IMPORT_DRY_RUN) || run->stopped)
    {
      g_set_error_literal (error, NOT_WRITTEN_DOMAIN, 0, "");
      return FALSE;
    }
  if (run->summary->n_errors > 0 && !(run->flags & ANNALIST_IMPORT_SKIP_BAD))
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("Rows in error: %u; nothing was imported from %s."),
                   run->summary->n_errors, self->name);
      return FALSE;
    }

  if (run->summary->n_new > 0 || run->summary->n_created > 0)
    {
      sqlite3_stmt *stmt;
      int rc;

      /* Translators: the history's name of an import: the file, the
       * kind's list («Мероприятия»), how many records */
      run->summary->label = g_strdup_printf (_("Import from %s into «%s»: %u records"),
                                             self->name, _annalist_template_kind_label (self->kind),
                                             run->summary->n_new);
      /* The set was opened by the first row written, before the count was known. */
      stmt = annalist_store_prepare (store, "UPDATE change_set SET label = ?1 "
                                            "WHERE id = annalist_history_set ()", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, run->summary->label, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        return annalist_store_set_error (store, rc, error);
    }
  run->summary->n_written = run->summary->n_new;
  return TRUE;
}

gboolean
annalist_import_run (AnnalistImport         *self,
                     AnnalistImportFlags     flags,
                     AnnalistImportRowFunc   func,
                     gpointer                user_data,
                     AnnalistImportSummary  *summary,
                     GCancellable           *cancellable,
                     GError                **error)
{
  AnnalistImportSummary own = { 0 };
  Run run = { self, flags, func, user_data, summary != NULL ? summary : &own, cancellable };
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  annalist_import_summary_clear (run.summary);
  run.summary->values_to_create = g_ptr_array_new_with_free_func (g_free);

  /* Even a dry run writes (and rolls back) to give exact verdicts. */
  if (annalist_store_read_only_reason (self->store) != NULL)
    {
      g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                           annalist_store_read_only_reason (self->store));
      annalist_import_summary_clear (&own);
      return FALSE;
    }
  if (!(flags & ANNALIST_IMPORT_DRY_RUN))
    {
      if (!(flags & ANNALIST_IMPORT_NO_BACKUP))
        {
          run.summary->backup_path = annalist_backup_now (self->store, ANNALIST_BACKUP_BEFORE_IMPORT, error);
          if (run.summary->backup_path == NULL)
            {
              annalist_import_summary_clear (&own);
              return FALSE;
            }
        }
    }

  run.lookup = _annalist_import_lookup_new (self->store);
  run.keyed = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint f = 0; f < self->kind->n_fields; f++)
    if (annalist_field_is_stored (&self->kind->fields[f]) && column_of_field (self, (int) f) >= 0)
      g_array_append_val (run.keyed, f);
  run.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) key_entry_free);
  run.to_create = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  annalist_store_set_next_label (self->store, _("Import"));
  /* The store is told that each new record was just validated. (The
   * page cache is left as it is: a 64 MB one made 30 000 rows take twice
   * as long, and temp_store must not change: that drops the history's
   * TEMP triggers.) */
  annalist_store_set_bulk (self->store, TRUE);
  ok = annalist_store_transaction (self->store, run_rows, &run, &local);
  annalist_store_set_bulk (self->store, FALSE);
  if (!ok && local != NULL && local->domain == NOT_WRITTEN_DOMAIN)
    {
      ok = TRUE;
      g_clear_error (&local);
      run.summary->n_written = 0;
    }
  if (!ok)
    {
      run.summary->n_written = 0;
      g_propagate_error (error, g_steal_pointer (&local));
    }

  _annalist_import_lookup_free (run.lookup);
  g_array_unref (run.keyed);
  g_hash_table_unref (run.keys);
  g_hash_table_unref (run.to_create);
  annalist_import_summary_clear (&own);
  return ok;
}
