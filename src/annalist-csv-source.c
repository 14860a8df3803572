/* annalist-csv-source.c — rows of a CSV file or of pasted text, with libcsv
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read in chunks of 64 KiB and handed to libcsv line by line,
 * so that a row knows the line it starts on and a file of a gigabyte is
 * never held whole: only the rows parsed and not yet taken are kept.
 *
 * What is detected when the caller leaves it open (AnnalistCsvOptions):
 *   the encoding — UTF-8 when the file starts with its byte order mark or
 *     its first chunk is valid UTF-8, UTF-16 after its byte order mark
 *     (Excel's «Unicode text»), else Windows-1251 (what Russian Excel
 *     writes); NUL bytes or many control characters mean the file is not
 *     text at all;
 *   the separator — of «,», «;» and tab, the one found the same number of
 *     times (and the most times) outside quotes in each of the first rows;
 *   the quote — '"'.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <csv.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-table-source.h"

#define CHUNK_SIZE     (64 * 1024)
/* A cell this long is a quote left open (or not a table). */
#define MAX_CELL_BYTES (16 * 1024 * 1024)
#define MAX_CELLS      10000
/* Rows looked at to choose the separator. */
#define SNIFF_ROWS     20

typedef struct
{
  GPtrArray *cells;
  guint      line;
} Row;

typedef struct
{
  AnnalistTableSource  parent;

  GInputStream        *stream;      /* UTF-8, or converted to it */
  GSeekable           *raw;         /* the bytes as stored, for the position; or NULL */
  guint64              size;        /* their number, 0: not known */
  gboolean             validate;    /* the stream is raw UTF-8: check it */
  struct csv_parser    parser;
  gboolean             parser_ready;
  AnnalistCsvOptions   options;
  char                 encoding[32];

  GBytes              *first;       /* the first chunk, read to detect, parsed first */
  char                 carry[4];    /* an incomplete UTF-8 character at a chunk's end */
  gsize                n_carry;

  GQueue               rows;        /* Row *, parsed and not yet taken */
  GPtrArray           *row;         /* the cells of the row being parsed */
  gsize                row_bytes;   /* their bytes */
  guint                line;        /* the line being fed, from 1 */
  guint                row_line;    /* the line the row being parsed starts on */
  gboolean             at_end;
  GError              *fault;
} CsvSource;

static void
row_free (Row *row)
{
  g_ptr_array_unref (row->cells);
  g_free (row);
}

/* libcsv's callbacks ---------------------------------------------------------------- */

static void
on_cell (void   *text,
         size_t  length,
         void   *data)
{
  CsvSource *self = data;

  if (self->row == NULL)
    {
      self->row = g_ptr_array_new_with_free_func (g_free);
      self->row_bytes = 0;
    }
  /* Cells each under libcsv's limit may still make a row of a gigabyte
   * when no line ends. */
  self->row_bytes += length;
  if (self->row_bytes > ANNALIST_TABLE_MAX_ROW_BYTES)
    {
      if (self->fault == NULL)
        {
          g_autofree char *limit = g_format_size (ANNALIST_TABLE_MAX_ROW_BYTES);

          g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("%s, line %u: a row is longer than %s — this is not a table."),
                       self->parent.name, self->row_line, limit);
        }
      return;
    }
  if (self->row->len >= MAX_CELLS)
    {
      if (self->fault == NULL)
        g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("%s, line %u: more than %d cells in a row — this is not a table."),
                     self->parent.name, self->row_line, MAX_CELLS);
      return;
    }
  g_ptr_array_add (self->row, g_strndup (text != NULL ? text : "", length));
}

static void
on_row (int   terminator,
        void *data)
{
  CsvSource *self = data;
  Row *row = g_new0 (Row, 1);

  row->cells = self->row != NULL ? self->row : g_ptr_array_new_with_free_func (g_free);
  row->line = self->row_line;
  self->row = NULL;
  g_queue_push_tail (&self->rows, row);
}

/* Feeding ------------------------------------------------------------------------------ */

/* Hands @length bytes of UTF-8 to libcsv a line at a time. */
static gboolean
parse_text (CsvSource  *self,
            const char *text,
            gsize       length)
{
  const char *p = text;
  const char *end = text + length;

  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("%s is not a table of text (it holds NUL bytes): tables are imported from "
                     ".csv, .tsv, .txt, .ods and .xlsx files."),
                   self->parent.name);
      return FALSE;
    }

  while (p < end && self->fault == NULL)
    {
      const char *newline = memchr (p, '\n', end - p);
      gsize n = newline != NULL ? (gsize) (newline - p + 1) : (gsize) (end - p);

      /* A row starts on the first line fed while no row is begun. */
      if (self->parser.pstate == 0)
        self->row_line = self->line;
      if (csv_parse (&self->parser, p, n, on_cell, on_row, self) != n)
        {
          g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("%s, line %u: %s."), self->parent.name, self->line,
                       csv_strerror (csv_error (&self->parser)));
          return FALSE;
        }
      if (csv_get_buffer_size (&self->parser) > MAX_CELL_BYTES)
        {
          g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("%s, line %u: a cell is longer than 16 MB — is a quote left open?"),
                       self->parent.name, self->row_line);
          return FALSE;
        }
      if (newline != NULL)
        self->line++;
      p += n;
    }
  return self->fault == NULL;
}

static guint
count_lines (const char *text,
             gsize       length)
{
  guint n = 0;

  for (gsize i = 0; i < length; i++)
    n += text[i] == '\n';
  return n;
}

/* Checks raw UTF-8 (keeping a character cut by the chunk's end for the
 * next one) before parsing it. */
static gboolean
feed (CsvSource  *self,
      const char *bytes,
      gsize       length,
      gboolean    last)
{
  g_autofree char *joined = NULL;
  const char *text = bytes;
  const char *bad = NULL;
  gsize good;

  if (!self->validate)
    return parse_text (self, bytes, length);

  if (self->n_carry > 0)
    {
      joined = g_malloc (self->n_carry + length);
      memcpy (joined, self->carry, self->n_carry);
      memcpy (joined + self->n_carry, bytes, length);
      length += self->n_carry;
      text = joined;
      self->n_carry = 0;
    }

  if (g_utf8_validate_len (text, length, &bad))
    return parse_text (self, text, length);

  good = bad - text;
  if (!last && length - good < 4 &&
      g_utf8_get_char_validated (bad, length - good) == (gunichar) -2)
    {
      memcpy (self->carry, bad, length - good);
      self->n_carry = length - good;
      return parse_text (self, text, good);
    }
  if (memchr (text, '\0', length) != NULL)
    return parse_text (self, text, length);   /* says NUL */
  g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("%s, line %u: the text is not valid UTF-8 — choose its encoding."),
               self->parent.name, self->line + count_lines (text, good));
  return FALSE;
}

static gboolean
read_more (CsvSource *self)
{
  guchar buffer[CHUNK_SIZE];
  g_autoptr(GError) error = NULL;
  gssize n;

  if (self->first != NULL)
    {
      g_autoptr(GBytes) first = g_steal_pointer (&self->first);
      gsize length;
      const char *data = g_bytes_get_data (first, &length);

      return feed (self, data, length, FALSE);
    }

  n = g_input_stream_read (self->stream, buffer, sizeof buffer, NULL, &error);
  if (n < 0)
    {
      g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("%s, line %u: the text cannot be read as %s: %s"),
                   self->parent.name, self->line, self->encoding, error->message);
      return FALSE;
    }
  if (n > 0)
    return feed (self, (const char *) buffer, n, FALSE);

  if (self->n_carry > 0 && !feed (self, "", 0, TRUE))
    return FALSE;
  self->at_end = TRUE;
  if (self->parser.pstate == 0)
    self->row_line = self->line;
  /* libcsv says so itself only in its strict mode, which refuses the
   * unquoted «ООО "Ромашка"» people write: a cell begun with a quote and
   * not closed (2: FIELD_BEGUN). */
  if ((self->parser.pstate == 2 && self->parser.quoted) ||
      csv_fini (&self->parser, on_cell, on_row, self) != 0)
    {
      g_set_error (&self->fault, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("%s: the file ends inside a quoted cell begun on line %u."),
                   self->parent.name, self->row_line);
      return FALSE;
    }
  return self->fault == NULL;
}

static GPtrArray *
csv_source_next_row (AnnalistTableSource *source,
                     guint               *line,
                     GError             **error)
{
  CsvSource *self = (CsvSource *) source;
  Row *row;
  GPtrArray *cells;

  while (g_queue_is_empty (&self->rows) && !self->at_end && self->fault == NULL)
    read_more (self);
  if (g_queue_is_empty (&self->rows))
    {
      if (self->fault != NULL)
        g_propagate_error (error, g_error_copy (self->fault));
      return NULL;
    }
  row = g_queue_pop_head (&self->rows);
  if (line != NULL)
    *line = row->line;
  cells = g_ptr_array_ref (row->cells);
  row_free (row);
  return cells;
}

static void
csv_source_free (AnnalistTableSource *source)
{
  CsvSource *self = (CsvSource *) source;

  if (self->parser_ready)
    csv_free (&self->parser);
  g_queue_clear_full (&self->rows, (GDestroyNotify) row_free);
  g_clear_pointer (&self->row, g_ptr_array_unref);
  g_clear_pointer (&self->first, g_bytes_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->raw);
  g_clear_error (&self->fault);
  g_free (self->parent.name);
  g_free (self);
}

/* The bytes of the file (or of the pasted text) read so far: chunks
 * read ahead of the rows taken are counted, a chunk is 64 KiB. */
static gboolean
csv_source_position (AnnalistTableSource *source,
                     guint64             *done,
                     guint64             *total)
{
  CsvSource *self = (CsvSource *) source;
  goffset offset;

  if (self->raw == NULL || self->size == 0)
    return FALSE;
  offset = g_seekable_tell (self->raw);
  *done = offset > 0 ? (guint64) offset : 0;
  *total = self->size;
  return TRUE;
}

static const AnnalistTableSourceClass csv_source_class = {
  csv_source_next_row,
  csv_source_free,
  csv_source_position,
};

/* Detection ------------------------------------------------------------------------------ */

static gboolean
looks_utf8 (const char *text,
            gsize       length,
            gboolean    whole)
{
  const char *bad = NULL;

  if (g_utf8_validate_len (text, length, &bad))
    return TRUE;
  /* A character cut by the end of the chunk read. */
  return !whole && length - (bad - text) < 4 &&
         g_utf8_get_char_validated (bad, length - (bad - text)) == (gunichar) -2;
}

/* Text has tabs and line ends, and hardly any other control character;
 * a picture or an archive has many. */
static gboolean
looks_binary (const char *data,
              gsize       length)
{
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      n += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
    }
  return n > 0 && n * 100 > length;
}

/* The separator found the same number of times in each of the first rows
 * (outside quotes), and the most times; ties go to @prefer. */
static char
detect_separator (const char *text,
                  gsize       length,
                  char        quote,
                  char        prefer)
{
  static const char candidates[] = { ';', '\t', ',' };
  guint counts[SNIFF_ROWS][G_N_ELEMENTS (candidates)] = { { 0 } };
  guint n_rows = 0;
  gboolean quoted = FALSE;
  char best = prefer;
  guint best_score = 0;

  for (gsize i = 0; i < length && n_rows < SNIFF_ROWS; i++)
    {
      char c = text[i];

      if (c == quote)
        quoted = !quoted;
      else if (!quoted && c == '\n')
        n_rows++;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[n_rows][k]++;
    }
  /* The last row counts only when it is complete or the only one. */
  if (n_rows == 0)
    n_rows = 1;

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    {
      guint score = G_MAXUINT;

      for (guint r = 0; r < n_rows; r++)
        score = MIN (score, counts[r][k]);
      if (score > best_score || (score == best_score && score > 0 && candidates[k] == prefer))
        {
          best_score = score;
          best = candidates[k];
        }
    }
  return best;
}

static AnnalistTableSource *
source_new (GInputStream             *raw,
            const char               *name,
            guint64                   size,
            const AnnalistCsvOptions *options,
            gboolean                  is_text,
            GError                  **error)
{
  g_autoptr(GInputStream) stream = g_object_ref (raw);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GError) local = NULL;
  CsvSource *self;
  const char *encoding = options != NULL ? options->encoding : NULL;
  const char *data;
  gsize length;
  gsize bom = 0;

  first = g_input_stream_read_bytes (stream, CHUNK_SIZE, NULL, error);
  if (first == NULL)
    return NULL;
  data = g_bytes_get_data (first, &length);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      bom = 3;
      if (encoding == NULL)
        encoding = "UTF-8";
    }
  /* Excel's «Unicode text» is UTF-16 with its byte order mark. */
  if (encoding == NULL && length >= 2 &&
      (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    encoding = "UTF-16";
  if (encoding == NULL && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("%s is not a table of text (it holds NUL bytes): tables are imported from "
                     ".csv, .tsv, .txt, .ods and .xlsx files."),
                   name);
      return NULL;
    }
  if (encoding == NULL && looks_binary (data, length))
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("%s is not a table of text (it holds control characters): tables are imported "
                     "from .csv, .tsv, .txt, .ods and .xlsx files."),
                   name);
      return NULL;
    }
  if (encoding == NULL)
    encoding = is_text || looks_utf8 (data, length, length < CHUNK_SIZE) ? "UTF-8" : "WINDOWS-1251";

  self = g_new0 (CsvSource, 1);
  self->parent.klass = &csv_source_class;
  self->parent.name = g_strdup (name);
  self->line = 1;
  g_queue_init (&self->rows);
  g_strlcpy (self->encoding, encoding, sizeof self->encoding);
  if (G_IS_SEEKABLE (raw))
    self->raw = G_SEEKABLE (g_object_ref (raw));
  self->size = size;

  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0)
    {
      self->validate = TRUE;
      self->stream = g_steal_pointer (&stream);
      self->first = g_bytes_new_from_bytes (first, bom, length - bom);
    }
  else
    {
      /* Read again from the start, through the converter. */
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("UTF-8", encoding, &local);

      if (converter == NULL ||
          !g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &local))
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("%s cannot be read as %s: %s"), name, encoding, local->message);
          csv_source_free (&self->parent);
          return NULL;
        }
      self->stream = g_converter_input_stream_new (stream, G_CONVERTER (converter));
      g_clear_pointer (&first, g_bytes_unref);
      first = g_input_stream_read_bytes (self->stream, CHUNK_SIZE, NULL, &local);
      if (first == NULL)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("%s cannot be read as %s: %s"), name, encoding, local->message);
          csv_source_free (&self->parent);
          return NULL;
        }
      self->first = g_bytes_ref (first);
    }

  data = g_bytes_get_data (self->first, &length);
  self->options.quote = options != NULL && options->quote != 0 ? options->quote : '"';
  self->options.separator = options != NULL && options->separator != 0
    ? options->separator
    : detect_separator (data, length, self->options.quote, is_text ? '\t' : ';');
  self->options.encoding = self->encoding;

  if (csv_init (&self->parser, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Not enough memory to read the file."));
      csv_source_free (&self->parent);
      return NULL;
    }
  self->parser_ready = TRUE;
  csv_set_delim (&self->parser, (unsigned char) self->options.separator);
  csv_set_quote (&self->parser, (unsigned char) self->options.quote);
  return &self->parent;
}

gboolean
annalist_table_source_check_size (const char  *name,
                                  guint64      size,
                                  GError     **error)
{
  g_autofree char *said = NULL;
  g_autofree char *limit = NULL;

  if (annalist_error_size_over (size, ANNALIST_TABLE_MAX_BYTES, &said, &limit))
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The file “%s” is %s: the import reads files of up to %s. "
                   "Split it into smaller files."), name, said, limit);
  return said == NULL;
}

AnnalistTableSource *
annalist_csv_source_open (const char               *path,
                          const AnnalistCsvOptions *options,
                          GError                  **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guint64 size = 0;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  name = g_filename_display_basename (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    size = (guint64) g_file_info_get_size (info);
  if (!annalist_table_source_check_size (name, size, error))
    return NULL;
  return source_new (G_INPUT_STREAM (stream), name, size, options, FALSE, error);
}

AnnalistTableSource *
annalist_csv_source_new_for_text (const char               *text,
                                  const AnnalistCsvOptions *options,
                                  GError                  **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;

  gsize length;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  if (length > ANNALIST_TABLE_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (ANNALIST_TABLE_MAX_BYTES);

      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The pasted rows take %s: the import takes up to %s at once. "
                     "Paste fewer rows at a time."), size, limit);
      return NULL;
    }
  bytes = g_bytes_new (text, length);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  return source_new (stream, _("The pasted rows"), strlen (text), options, TRUE, error);
}

void
annalist_csv_source_get_options (AnnalistTableSource *source,
                                 AnnalistCsvOptions  *options)
{
  CsvSource *self = (CsvSource *) source;

  g_return_if_fail (source != NULL && source->klass == &csv_source_class);
  g_return_if_fail (options != NULL);

  *options = self->options;
}
