/* annalist-list-export.c — the rows of a list as .csv, .ods or text
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "annalist-date.h"
#include "annalist-durable.h"
#include "annalist-list-export.h"
#include "annalist-odf-private.h"
#include "annalist-record-list.h"
#include "annalist-template-private.h"

/* Columns of the .ods: widths from the longest text, within these. */
#define MIN_WIDTH_CM  2.0
#define MAX_WIDTH_CM 12.0
#define CM_PER_CHAR   0.21

GArray *
annalist_list_export_all_fields (const AnnalistKind *kind)
{
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (kind != NULL, fields);

  for (guint i = 0; i < kind->n_fields; i++)
    if (!(kind->fields[i].flags & ANNALIST_FIELD_HIDDEN))
      g_array_append_val (fields, i);
  return fields;
}

char *
annalist_list_export_cell (AnnalistStore       *store,
                           const AnnalistField *field,
                           GVariant            *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return g_strdup ("");

  /* The window joins organisations with commas, which are in their
   * names too: an import could not tell them apart. */
  if (field->type == ANNALIST_FIELD_REFERENCES)
    {
      const AnnalistKind *target = annalist_kind_lookup (field->target);
      g_autoptr(GString) text = g_string_new (NULL);
      gsize n = 0;
      const gint64 *ids = g_variant_get_fixed_array (value, &n, sizeof (gint64));

      for (gsize i = 0; i < n; i++)
        {
          g_autofree char *title = target ? annalist_store_record_title (store, target, ids[i])
                                          : g_strdup_printf ("%" G_GINT64_FORMAT, ids[i]);

          g_string_append_printf (text, "%s%s", i ? "; " : "", title);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return annalist_store_format_value (store, field, value);
}

char *
annalist_list_export_file_name (const AnnalistKind *kind,
                                int                 year,
                                const char         *extension)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  if (year != ANNALIST_ALL_YEARS && (kind->year_column != NULL || kind->period_from != NULL))
    {
      g_autofree char *label = annalist_academic_year_label (year);

      name = g_strdup_printf ("%s %s", _(kind->label), label);
    }
  else
    name = g_strdup (_(kind->label));
  /* A name of the file, not a path. */
  g_strdelimit (name, "/\\", '-');
  return g_strconcat (name, extension, NULL);
}

/* Rows ------------------------------------------------------------------------------ */

/* Walks the records one at a time: a record list's records are read here
 * and dropped, not kept in the list the window shows. */
typedef gboolean (*RowFunc) (AnnalistRecord *record,
                             gpointer        user_data,
                             GError        **error);

static gboolean
each_record (AnnalistStore       *store,
             const AnnalistKind  *kind,
             GListModel          *rows,
             RowFunc              func,
             gpointer             user_data,
             GError             **error)
{
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = NULL;

      if (ANNALIST_IS_RECORD_LIST (rows))
        record = annalist_store_load (store, kind,
                                      annalist_record_list_get_id (ANNALIST_RECORD_LIST (rows), i),
                                      error);
      else
        record = g_list_model_get_item (rows, i);
      if (record == NULL)
        return FALSE;
      if (!func (record, user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* Text ------------------------------------------------------------------------------ */

typedef struct
{
  AnnalistStore      *store;
  const AnnalistKind *kind;
  GArray             *fields;
  GString            *out;
} TextExport;

/* One cell of the tab-separated text: a tab or a line break would start
 * another cell or row. */
static void
append_tsv (GString    *out,
            const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\t' || *c == '\n')
        g_string_append_c (out, ' ');
      else if (*c == '\r')
        {
          if (c[1] != '\n')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *c);
    }
}

static gboolean
text_row (AnnalistRecord *record,
          gpointer        user_data,
          GError        **error)
{
  TextExport *t = user_data;

  for (guint i = 0; i < t->fields->len; i++)
    {
      guint f = g_array_index (t->fields, guint, i);
      g_autofree char *cell = annalist_list_export_cell (t->store, &t->kind->fields[f],
                                                         annalist_record_get_value (record, f));

      if (i > 0)
        g_string_append_c (t->out, '\t');
      append_tsv (t->out, cell);
    }
  g_string_append_c (t->out, '\n');
  return TRUE;
}

char *
annalist_list_export_text (AnnalistStore      *store,
                           const AnnalistKind *kind,
                           GListModel         *rows,
                           GArray             *fields)
{
  TextExport t = { store, kind, fields, g_string_new (NULL) };
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL && rows != NULL && fields != NULL, NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      if (i > 0)
        g_string_append_c (t.out, '\t');
      append_tsv (t.out, _(kind->fields[g_array_index (fields, guint, i)].label));
    }
  g_string_append_c (t.out, '\n');
  /* A record that cannot be read is left out of what is copied. */
  if (!each_record (store, kind, rows, text_row, &t, &error))
    g_warning ("%s", error->message);
  return g_string_free (t.out, FALSE);
}

/* The file ----------------------------------------------------------------------------- */

typedef struct
{
  char *path;
  char *tmp_path;
  FILE *file;
} Output;

static void
set_write_error (GError    **error,
                 const char *path,
                 int         errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               _("Could not write the list to “%s”: %s."), display, g_strerror (errsv));
}

/* A temporary beside @path, as documents are written (annalist-odf-temporary.c). */
static gboolean
output_open (Output      *o,
             const char  *path,
             GError     **error)
{
  int fd;

  o->path = g_strdup (path);
  _annalist_odf_remove_stale_temporaries (path);
  o->tmp_path = _annalist_odf_temporary_template (path);
  fd = g_mkstemp_full (o->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      g_clear_pointer (&o->tmp_path, g_free);
      g_clear_pointer (&o->path, g_free);
      return FALSE;
    }
  _annalist_odf_temporary_lock (fd);
  o->file = fdopen (fd, "wb");
  if (o->file == NULL)
    {
      int errsv = errno;

      close (fd);
      g_unlink (o->tmp_path);
      g_clear_pointer (&o->tmp_path, g_free);
      g_clear_pointer (&o->path, g_free);
      set_write_error (error, path, errsv);
      return FALSE;
    }
  return TRUE;
}

static void
output_abort (Output *o)
{
  g_clear_pointer (&o->file, fclose);
  if (o->tmp_path != NULL)
    g_unlink (o->tmp_path);
  g_clear_pointer (&o->tmp_path, g_free);
  g_clear_pointer (&o->path, g_free);
}

static gboolean
output_write (Output      *o,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (len > 0 && fwrite (data, 1, len, o->file) != len)
    {
      set_write_error (error, o->path, errno ? errno : EIO);
      return FALSE;
    }
  return TRUE;
}

/* On the disk, then in place of the target, the rename on the disk too. */
static gboolean
output_close (Output  *o,
              GError **error)
{
  FILE *file = g_steal_pointer (&o->file);
  GError *sync_error = NULL;

  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    {
      int errsv = errno;

      fclose (file);
      set_write_error (error, o->path, errsv);
      output_abort (o);
      return FALSE;
    }
  if (fclose (file) != 0 || g_rename (o->tmp_path, o->path) != 0)
    {
      set_write_error (error, o->path, errno);
      output_abort (o);
      return FALSE;
    }
  if (!annalist_sync_folder_of (o->path, &sync_error))
    {
      g_autofree char *display = g_filename_display_name (o->path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not write the list to “%s”: %s"), display, sync_error->message);
      g_error_free (sync_error);
      g_clear_pointer (&o->tmp_path, g_free);
      g_clear_pointer (&o->path, g_free);
      return FALSE;
    }
  g_clear_pointer (&o->tmp_path, g_free);
  g_clear_pointer (&o->path, g_free);
  return TRUE;
}

/* CSV ---------------------------------------------------------------------------------- */

typedef struct
{
  AnnalistStore      *store;
  const AnnalistKind *kind;
  GArray             *fields;
  Output             *output;
  GString            *line;
} CsvExport;

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled; so is one that begins or ends with a space, which
 * readers (Excel, libcsv) drop from an unquoted field. */
static void
append_csv (GString    *line,
            const char *text)
{
  gsize length = strlen (text);
  gboolean spaced = length > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]));

  if (strpbrk (text, ",\"\r\n") == NULL && !spaced)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *c);
    }
  g_string_append_c (line, '"');
}

static gboolean
csv_row (AnnalistRecord *record,
         gpointer        user_data,
         GError        **error)
{
  CsvExport *c = user_data;

  g_string_truncate (c->line, 0);
  for (guint i = 0; i < c->fields->len; i++)
    {
      guint f = g_array_index (c->fields, guint, i);
      g_autofree char *cell = annalist_list_export_cell (c->store, &c->kind->fields[f],
                                                         annalist_record_get_value (record, f));

      if (i > 0)
        g_string_append_c (c->line, ',');
      append_csv (c->line, cell);
    }
  g_string_append (c->line, "\r\n");
  return output_write (c->output, c->line->str, c->line->len, error);
}

static gboolean
write_csv (AnnalistStore      *store,
           const AnnalistKind *kind,
           GListModel         *rows,
           GArray             *fields,
           const char         *path,
           GError            **error)
{
  Output output = { NULL };
  g_autoptr(GString) line = g_string_new ("\xEF\xBB\xBF");
  CsvExport c = { store, kind, fields, &output, line };

  if (!output_open (&output, path, error))
    return FALSE;
  for (guint i = 0; i < fields->len; i++)
    {
      if (i > 0)
        g_string_append_c (line, ',');
      append_csv (line, _(kind->fields[g_array_index (fields, guint, i)].label));
    }
  g_string_append (line, "\r\n");
  if (!output_write (&output, line->str, line->len, error) ||
      !each_record (store, kind, rows, csv_row, &c, error))
    {
      output_abort (&output);
      return FALSE;
    }
  return output_close (&output, error);
}

/* ODS ---------------------------------------------------------------------------------- */

typedef struct
{
  AnnalistStore      *store;
  const AnnalistKind *kind;
  GArray             *fields;
  xmlTextWriterPtr    w;
  glong              *widths;   /* the longest text of each column, in characters */
} OdsExport;

/* A paragraph a line, spaces kept (ODF collapses them otherwise), tabs
 * as tabs. */
static void
write_paragraphs (xmlTextWriterPtr  w,
                  const char       *text)
{
  g_autofree char *clean = annalist_odf_sanitize_text (text, -1);
  g_auto(GStrv) lines = g_strsplit (clean, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *c = lines[i];

      el_start (w, "text:p");
      while (*c != '\0')
        {
          gsize run = strcspn (c, " \t");
          g_autofree char *part = g_strndup (c, run);

          xmlTextWriterWriteString (w, BAD_CAST part);
          c += run;
          if (*c == '\t')
            {
              el_start (w, "text:tab");
              el_end (w);
              c++;
            }
          else if (*c == ' ')
            {
              gsize spaces = strspn (c, " ");
              gboolean edge = c == lines[i] || c[spaces] == '\0';

              /* One space between words is text; more, or at the start or
               * the end (a value as it was typed), text:s. */
              if (!edge)
                {
                  xmlTextWriterWriteString (w, BAD_CAST " ");
                  spaces--;
                  c++;
                }
              if (spaces > 0)
                {
                  g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, spaces);

                  el_start (w, "text:s");
                  if (spaces > 1)
                    attr (w, "text:c", count);
                  el_end (w);
                  c += spaces;
                }
            }
        }
      el_end (w);
    }
}

static void
text_cell (xmlTextWriterPtr  w,
           const char       *style,
           const char       *text)
{
  el_start (w, "table:table-cell");
  if (style != NULL)
    attr (w, "table:style-name", style);
  attr (w, "office:value-type", "string");
  write_paragraphs (w, text);
  el_end (w);
}

static void
widen (OdsExport  *o,
       guint       column,
       const char *text)
{
  /* The longest line of the text. */
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    o->widths[column] = MAX (o->widths[column], g_utf8_strlen (lines[i], -1));
}

static gboolean
ods_row (AnnalistRecord *record,
         gpointer        user_data,
         GError        **error)
{
  OdsExport *o = user_data;
  xmlTextWriterPtr w = o->w;

  el_start (w, "table:table-row");
  for (guint i = 0; i < o->fields->len; i++)
    {
      guint f = g_array_index (o->fields, guint, i);
      const AnnalistField *field = &o->kind->fields[f];
      GVariant *value = annalist_record_get_value (record, f);
      g_autofree char *cell = annalist_list_export_cell (o->store, field, value);

      widen (o, i, cell);
      if (value == NULL)
        {
          el_start (w, "table:table-cell");
          el_end (w);
        }
      else if (field->type == ANNALIST_FIELD_INTEGER || field->type == ANNALIST_FIELD_REAL)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          if (field->type == ANNALIST_FIELD_INTEGER)
            g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
          else
            annalist_format_exact (g_variant_get_double (value), number);
          el_start (w, "table:table-cell");
          attr (w, "office:value-type", "float");
          attr (w, "office:value", number);
          write_paragraphs (w, cell);
          el_end (w);
        }
      else if (field->type == ANNALIST_FIELD_DATE)
        {
          el_start (w, "table:table-cell");
          attr (w, "table:style-name", "ce2");
          attr (w, "office:value-type", "date");
          attr (w, "office:date-value", g_variant_get_string (value, NULL));
          write_paragraphs (w, cell);
          el_end (w);
        }
      else
        text_cell (w, NULL, cell);
    }
  el_end (w);
  return TRUE;
}

static void
write_ods_styles (xmlTextWriterPtr w,
                  OdsExport       *o)
{
  el_start (w, "office:automatic-styles");

  for (guint i = 0; i < o->fields->len; i++)
    {
      double cm = CLAMP (o->widths[i] * CM_PER_CHAR + 0.4, MIN_WIDTH_CM, MAX_WIDTH_CM);
      g_autofree char *name = g_strdup_printf ("co%u", i + 1);
      char width[G_ASCII_DTOSTR_BUF_SIZE + 2];

      g_ascii_formatd (width, sizeof width - 2, "%.2f", cm);
      g_strlcat (width, "cm", sizeof width);
      el_start (w, "style:style");
      attr (w, "style:name", name);
      attr (w, "style:family", "table-column");
      el_start (w, "style:table-column-properties");
      attr (w, "style:column-width", width);
      el_end (w);
      el_end (w);
    }

  /* The header row: bold. */
  el_start (w, "style:style");
  attr (w, "style:name", "ce1");
  attr (w, "style:family", "table-cell");
  el_start (w, "style:text-properties");
  attr (w, "fo:font-weight", "bold");
  attr (w, "style:font-weight-asian", "bold");
  attr (w, "style:font-weight-complex", "bold");
  el_end (w);
  el_end (w);

  /* Dates as ДД.ММ.ГГГГ. */
  el_start (w, "number:date-style");
  attr (w, "style:name", "N1");
  el_start (w, "number:day");
  attr (w, "number:style", "long");
  el_end (w);
  xmlTextWriterWriteElement (w, BAD_CAST "number:text", BAD_CAST ".");
  el_start (w, "number:month");
  attr (w, "number:style", "long");
  el_end (w);
  xmlTextWriterWriteElement (w, BAD_CAST "number:text", BAD_CAST ".");
  el_start (w, "number:year");
  attr (w, "number:style", "long");
  el_end (w);
  el_end (w);

  el_start (w, "style:style");
  attr (w, "style:name", "ce2");
  attr (w, "style:family", "table-cell");
  attr (w, "style:data-style-name", "N1");
  el_end (w);

  el_end (w);
}

static gboolean
write_ods (AnnalistStore      *store,
           const AnnalistKind *kind,
           GListModel         *rows,
           GArray             *fields,
           const char         *path,
           GError            **error)
{
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autofree glong *widths = g_new0 (glong, MAX (fields->len, 1));
  OdsExport o = { store, kind, fields, NULL, widths };
  xmlBufferPtr rows_buf;
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *sheet = g_strdup (_(kind->label));

  /* The rows first, to know how wide the columns are. */
  o.w = _annalist_odf_memory_writer_new (&rows_buf);
  if (!each_record (store, kind, rows, ods_row, &o, error))
    {
      xmlFreeTextWriter (o.w);
      xmlBufferFree (rows_buf);
      return FALSE;
    }
  body = _annalist_odf_memory_writer_bytes (o.w, rows_buf);

  w = _annalist_odf_memory_writer_new (&buf);
  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, "office:document-content");
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");

  for (guint i = 0; i < fields->len; i++)
    widen (&o, i, _(kind->fields[g_array_index (fields, guint, i)].label));
  write_ods_styles (w, &o);

  el_start (w, "office:body");
  el_start (w, "office:spreadsheet");
  el_start (w, "table:table");
  /* A sheet's name may not have these. */
  g_strdelimit (sheet, "[]*?:/\\'", ' ');
  attr (w, "table:name", sheet);
  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("co%u", i + 1);

      el_start (w, "table:table-column");
      attr (w, "table:style-name", name);
      el_end (w);
    }
  el_start (w, "table:table-header-rows");
  el_start (w, "table:table-row");
  for (guint i = 0; i < fields->len; i++)
    text_cell (w, "ce1", _(kind->fields[g_array_index (fields, guint, i)].label));
  el_end (w);
  el_end (w);
  /* The rows, as they were written above. */
  xmlTextWriterFlush (w);
  xmlBufferAdd (buf, g_bytes_get_data (body, NULL), (int) g_bytes_get_size (body));
  xmlBufferAdd (buf, BAD_CAST "</table:table></office:spreadsheet></office:body>"
                              "</office:document-content>\n", -1);
  /* The writer still thinks those are open: it must not close them
   * (freeing it does not). */
  content = _annalist_odf_memory_writer_bytes (w, buf);

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_ODS, error);
  if (doc == NULL)
    return FALSE;
  annalist_odf_document_add_file (doc, "content.xml", "text/xml", content);
  return annalist_odf_document_close (doc, error);
}

gboolean
annalist_list_export_write (AnnalistStore       *store,
                            const AnnalistKind  *kind,
                            GListModel          *rows,
                            GArray              *fields,
                            const char          *path,
                            GError             **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind != NULL && rows != NULL && fields != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    return write_csv (store, kind, rows, fields, path, error);
  if (g_str_has_suffix (lower, ".ods"))
    return write_ods (store, kind, rows, fields, path, error);
  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("A list is written as .csv or .ods: “%s” has neither extension."), display);
  }
  return FALSE;
}

/* The command line --------------------------------------------------------------------- */

static void
say (const char *sentence)
{
  g_printerr ("%s%s\n", sentence, g_str_has_suffix (sentence, ".") ? "" : ".");
}

int
annalist_list_export_command (const char *database,
                              const char *kind_name,
                              const char *year_text,
                              const char *output)
{
  g_autofree char *default_path = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  const AnnalistKind *kind;

  kind = kind_name != NULL && *kind_name != '\0' ? _annalist_template_find_kind (kind_name) : NULL;
  /* Only the kinds that are tables: a list of records. */
  if (kind != NULL && annalist_kind_lookup (kind->name) != kind)
    kind = NULL;
  if (kind == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("--export-list=%s names no list of records: give a table name "
                           "(event) or the list's name (Мероприятия)."),
                         kind_name ? kind_name : "");
      say (message);
      return EXIT_FAILURE;
    }
  if (year_text != NULL && !annalist_academic_year_parse (year_text, &query.year))
    {
      g_autofree char *message = g_strdup_printf (_("--year=%s is not an academic year: write it like 2022-2023."),
                                                   year_text);
      say (message);
      return EXIT_FAILURE;
    }
  if (output == NULL || *output == '\0')
    {
      say (_("--export-list needs --output=FILE: the .csv or .ods file to write"));
      return EXIT_FAILURE;
    }
  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (output);
      g_autofree char *message = g_strdup_printf (_("“%s” is a folder: give the name of the file to write, ending in .csv or .ods."),
                                                  display);
      say (message);
      return EXIT_FAILURE;
    }
  lower = g_ascii_strdown (output, -1);
  if (!g_str_has_suffix (lower, ".csv") && !g_str_has_suffix (lower, ".ods"))
    {
      g_autofree char *display = g_filename_display_name (output);
      g_autofree char *message = g_strdup_printf (_("A list is written as .csv or .ods: “%s” has neither extension."),
                                                  display);
      say (message);
      return EXIT_FAILURE;
    }

  /* Read-only: the database and its folder stay as they are. */
  if (database == NULL)
    database = default_path = annalist_store_default_path ();
  store = annalist_store_open_readonly (database, &error);
  if (store == NULL)
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  /* A kind without years has every record in every year. */
  if (kind->year_column == NULL && kind->period_from == NULL)
    query.year = ANNALIST_ALL_YEARS;
  rows = annalist_store_list (store, kind, &query, &error);
  fields = annalist_list_export_all_fields (kind);
  if (rows == NULL ||
      !annalist_list_export_write (store, kind, rows, fields, output, &error))
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
