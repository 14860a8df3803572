/* annalist-sheet-ods.c — the rows of an OpenDocument spreadsheet's sheet
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * content.xml is read node by node. A cell gives the text it shows
 * (its paragraphs joined by line breaks), which is what the user sees
 * and what the import's parsers expect (3,5; 25%); only a cell that
 * shows nothing gives its stored value (office:value). Dates and
 * booleans are the exception: what they show depends on the format and
 * the locale (06/05/23, ИСТИНА), so they give their value (ДД.ММ.ГГГГ,
 * true or false). A covered cell (inside a merged area) is empty: the
 * value is in the area's first cell.
 *
 * LibreOffice ends a sheet with a row repeated a million times and a
 * row with a cell repeated thousands of times: repeats of empty cells
 * are counted, never stored, and rows without content are not handed
 * out at all (the rows that are keep their numbers in the file).
 */

#define G_LOG_DOMAIN "annalist-sheet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-sheet-source-private.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

#define MIMETYPE_SPREADSHEET "application/vnd.oasis.opendocument.spreadsheet"

/* More rows than any office suite's sheet has (LibreOffice's largest
 * holds 16 777 216): a repeat beyond it is a damaged file. */
#define MAX_ROWS (G_GUINT64_CONSTANT (1) << 24)

typedef struct
{
  AnnalistTableSource  parent;
  SheetFile           *file;
  SheetXml            *xml;
  int                  table_depth;
  guint                line;       /* the rows passed so far */
  SheetRow             row;
  /* A row with content repeated: handed out @held_left more times. */
  GPtrArray           *held;
  guint                held_line;
  guint                held_left;
  gboolean             done;
} OdsSource;

/* A document of another kind (a text) has a content.xml too. */
static gboolean
check_mimetype (SheetFile  *file,
                GError    **error)
{
  g_autoptr(GError) damaged = NULL;
  g_autoptr(SheetPart) input = _sheet_file_member (file, "mimetype", &damaged);
  guint8 buffer[128] = { 0 };
  guint64 got = 0;
  gint64 n;

  if (damaged != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&damaged));
      return FALSE;
    }
  /* The mimetype is optional outside the package proper. */
  if (input == NULL)
    return TRUE;
  /* Read to its end, where it is checked, unless it is too long to be
   * a spreadsheet's. */
  while (got < sizeof buffer - 1 && (n = _sheet_part_read (input, buffer + got, sizeof buffer - 1 - got)) != 0)
    {
      if (n < 0)
        {
          _sheet_set_damaged (error, file, "mimetype");
          return FALSE;
        }
      got += (guint64) n;
    }
  if (g_str_has_prefix ((const char *) buffer, MIMETYPE_SPREADSHEET))
    return TRUE;

  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("The file “%s” is an OpenDocument file but not a spreadsheet."),
               file->display);
  return FALSE;
}

/* A document saved with a password keeps its zip, but its parts are
 * ciphered: the manifest says so before content.xml reads as garbage. */
static gboolean
check_encryption (SheetFile  *file,
                  GError    **error)
{
  if (annalist_office_zip_encrypted (file->zip))
    return _sheet_refuse_password (file->display, error);
  return TRUE;
}

static guint
repeat_attribute (SheetXml   *xml,
                  const char *name,
                  guint64     limit)
{
  g_autofree char *value = _sheet_xml_attribute (xml, NS_TABLE, name);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT64, &n, NULL))
    return 1;
  return (guint) MIN (n, limit);
}

/* The text a cell shows: its paragraphs (text:p, text:h, also inside
 * lists), with text:s, text:tab and text:line-break. Notes, comments and
 * drawings in the cell are passed over. */
static gboolean
read_cell_text (OdsSource  *self,
                GString    *text,
                GError    **error)
{
  SheetXml *xml = self->xml;
  int depth = xmlTextReaderDepth (xml->reader);
  int paragraph_depth = -1;
  guint paragraphs = 0;

  for (;;)
    {
      const char *value;

      if (!_sheet_xml_read (xml, self->line, error))
        goto truncated;

      switch (xmlTextReaderNodeType (xml->reader))
        {
        case XML_READER_TYPE_END_ELEMENT:
          if (xmlTextReaderDepth (xml->reader) == depth)
            return TRUE;
          if (xmlTextReaderDepth (xml->reader) == paragraph_depth)
            paragraph_depth = -1;
          break;

        case XML_READER_TYPE_ELEMENT:
          if (_sheet_xml_is_start (xml, NS_OFFICE, "annotation")
              || _sheet_xml_is_start (xml, NS_TEXT, "note")
              || g_strcmp0 ((const char *) xmlTextReaderConstNamespaceUri (xml->reader), NS_DRAW) == 0)
            {
              if (!_sheet_xml_skip (xml, self->line, error))
                goto truncated;
            }
          else if (paragraph_depth < 0
                   && (_sheet_xml_is_start (xml, NS_TEXT, "p")
                       || _sheet_xml_is_start (xml, NS_TEXT, "h")))
            {
              if (paragraphs++ > 0)
                g_string_append_c (text, '\n');
              if (!_sheet_xml_is_empty (xml))
                paragraph_depth = xmlTextReaderDepth (xml->reader);
            }
          else if (paragraph_depth >= 0 && _sheet_xml_is_start (xml, NS_TEXT, "s"))
            {
              g_autofree char *c = _sheet_xml_attribute (xml, NS_TEXT, "c");
              guint64 n = 1;

              if (c != NULL)
                g_ascii_string_to_unsigned (c, 10, 1, 1000, &n, NULL);
              for (guint64 i = 0; i < n; i++)
                g_string_append_c (text, ' ');
            }
          else if (paragraph_depth >= 0 && _sheet_xml_is_start (xml, NS_TEXT, "tab"))
            g_string_append_c (text, '\t');
          else if (paragraph_depth >= 0 && _sheet_xml_is_start (xml, NS_TEXT, "line-break"))
            g_string_append_c (text, '\n');
          break;

        default:
          value = _sheet_xml_text (xml);
          if (value != NULL && paragraph_depth >= 0)
            g_string_append (text, value);
          break;
        }
    }

truncated:
  if (error != NULL && *error == NULL)
    _sheet_set_damaged (error, self->file, "content.xml");
  return FALSE;
}

/* When the cell shows nothing: its value as the import reads it. */
static char *
stored_value (SheetXml *xml)
{
  g_autofree char *type = _sheet_xml_attribute (xml, NS_OFFICE, "value-type");
  char *value = NULL;

  if (type == NULL)
    return NULL;
  if (strcmp (type, "date") == 0)
    {
      g_autofree char *iso = _sheet_xml_attribute (xml, NS_OFFICE, "date-value");

      value = _sheet_date_from_iso (iso);
      if (value == NULL)
        value = g_steal_pointer (&iso);
    }
  else if (strcmp (type, "boolean") == 0)
    value = _sheet_xml_attribute (xml, NS_OFFICE, "boolean-value");
  else if (strcmp (type, "time") == 0)
    value = _sheet_xml_attribute (xml, NS_OFFICE, "time-value");
  else if (strcmp (type, "string") == 0)
    value = _sheet_xml_attribute (xml, NS_OFFICE, "string-value");
  else
    value = _sheet_xml_attribute (xml, NS_OFFICE, "value");
  return value;
}

static gboolean
read_cell (OdsSource  *self,
           GError    **error)
{
  SheetXml *xml = self->xml;
  gboolean covered = _sheet_xml_is_start (xml, NS_TABLE, "covered-table-cell");
  guint columns = repeat_attribute (xml, "number-columns-repeated", SHEET_MAX_COLUMNS);
  g_autofree char *type = _sheet_xml_attribute (xml, NS_OFFICE, "value-type");
  g_autofree char *value = stored_value (xml);
  g_autoptr(GString) text = g_string_new (NULL);

  if (!_sheet_xml_is_empty (xml) && !read_cell_text (self, text, error))
    return FALSE;

  /* A merged area's other cells are empty, whatever they kept. */
  if (covered)
    _sheet_row_add (&self->row, NULL, columns);
  /* A date is shown in as many ways as there are formats and locales
   * (01/06/23, 5 июня 2023 г.); its value is one date, which the import
   * reads whatever the format. */
  else if (g_strcmp0 (type, "date") == 0 && value != NULL && strchr (value, '.') != NULL)  /* ДД.ММ.ГГГГ */
    _sheet_row_add (&self->row, g_steal_pointer (&value), columns);
  /* Shown as ИСТИНА or TRUE by the locale; stored as true or false. */
  else if (g_strcmp0 (type, "boolean") == 0 && value != NULL)
    _sheet_row_add (&self->row, g_steal_pointer (&value), columns);
  else if (text->len > 0)
    _sheet_row_add (&self->row, g_string_free (g_steal_pointer (&text), FALSE), columns);
  else
    _sheet_row_add (&self->row, g_steal_pointer (&value), columns);
  return TRUE;
}

/* One table:table-row: its cells into self->row; @repeat its count. */
static gboolean
read_row (OdsSource  *self,
          guint      *repeat,
          GError    **error)
{
  SheetXml *xml = self->xml;
  int depth = xmlTextReaderDepth (xml->reader);

  *repeat = repeat_attribute (xml, "number-rows-repeated", MAX_ROWS);
  if (_sheet_xml_is_empty (xml))
    return TRUE;

  for (;;)
    {
      if (!_sheet_xml_read (xml, self->line, error))
        {
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, self->file, "content.xml");
          return FALSE;
        }
      if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (xml->reader) == depth)
        return TRUE;
      if (_sheet_xml_is_start (xml, NS_TABLE, "table-cell")
          || _sheet_xml_is_start (xml, NS_TABLE, "covered-table-cell"))
        {
          if (!read_cell (self, error))
            return FALSE;
        }
      else if (!_sheet_xml_skip (xml, self->line, error))
        return FALSE;
    }
}

static GPtrArray *
hand_out_held (OdsSource *self,
               guint     *line)
{
  *line = self->held_line++;
  if (--self->held_left > 0)
    return _sheet_row_copy (&(SheetRow) { self->held, 0 });
  return g_steal_pointer (&self->held);
}

static GPtrArray *
ods_read_row (AnnalistTableSource  *source,
              guint                *line,
              GError              **error)
{
  OdsSource *self = (OdsSource *) source;
  SheetXml *xml = self->xml;

  *line = 0;
  if (self->held_left > 0)
    return hand_out_held (self, line);

  while (!self->done)
    {
      if (!_sheet_xml_read (xml, self->line, error))
        {
          self->done = TRUE;
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, self->file, "content.xml");
          return NULL;
        }

      if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (xml->reader) == self->table_depth)
        {
          self->done = TRUE;
          _sheet_xml_finish (xml, error);
          return NULL;
        }

      if (_sheet_xml_is_start (xml, NS_TABLE, "table-row"))
        {
          guint repeat;
          guint first = self->line + 1;

          if (!read_row (self, &repeat, error))
            {
              self->done = TRUE;
              return NULL;
            }
          if ((guint64) self->line + repeat > MAX_ROWS)
            {
              self->done = TRUE;
              g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                           _("The file “%s” is damaged after row %u: the sheet has more "
                             "rows than any office suite allows."),
                           self->file->display, self->line);
              return NULL;
            }
          self->line += repeat;
          if (!_sheet_row_has_content (&self->row))
            {
              _sheet_row_clear (&self->row);
              _sheet_row_init (&self->row);
              continue;
            }
          self->held = _sheet_row_take (&self->row);
          self->held_line = first;
          self->held_left = repeat;
          return hand_out_held (self, line);
        }

      /* Rows are inside the table, header-rows and row-groups; nothing
       * else holds any. */
      if (_sheet_xml_is_start (xml, NS_TABLE, "table-column")
          || _sheet_xml_is_start (xml, NS_TABLE, "table-columns")
          || _sheet_xml_is_start (xml, NS_TABLE, "table-column-group")
          || _sheet_xml_is_start (xml, NS_TABLE, "table-header-columns")
          || _sheet_xml_is_start (xml, NS_TABLE, "shapes")
          || _sheet_xml_is_start (xml, NS_OFFICE, "forms")
          || _sheet_xml_is_start (xml, NS_TABLE, "table-source")
          || _sheet_xml_is_start (xml, NS_TABLE, "named-expressions"))
        {
          if (!_sheet_xml_skip (xml, self->line, error))
            {
              self->done = TRUE;
              return NULL;
            }
        }
    }

  return NULL;
}

static void
ods_free (AnnalistTableSource *source)
{
  OdsSource *self = (OdsSource *) source;

  _sheet_xml_free (self->xml);
  _sheet_file_free (self->file);
  _sheet_row_clear (&self->row);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_free (self->parent.name);
  g_free (self);
}

/* The reading tells a fault from the end by the error: always given. */
static GPtrArray *
ods_next_row (AnnalistTableSource  *source,
              guint                *line,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *row = ods_read_row (source, line, &local_error);

  if (local_error != NULL)
    {
      g_clear_pointer (&row, g_ptr_array_unref);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return row;
}

static gboolean
ods_position (AnnalistTableSource *source,
              guint64             *done,
              guint64             *total)
{
  return _sheet_xml_position (((OdsSource *) source)->xml, done, total);
}

static const AnnalistTableSourceClass ods_class = {
  ods_next_row,
  ods_free,
  ods_position,
};

/* Reads content.xml up to the start of each sheet's table:table in turn:
 * @found is called with its name and returns whether to stop there. */
static gboolean
find_tables (SheetXml    *xml,
             gboolean   (*found) (const char *name, gpointer data),
             gpointer     data,
             GError     **error)
{
  gboolean in_spreadsheet = FALSE;

  while (_sheet_xml_read (xml, 0, error))
    {
      if (_sheet_xml_is_start (xml, NS_OFFICE, "spreadsheet"))
        in_spreadsheet = TRUE;
      else if (_sheet_xml_is_end (xml, NS_OFFICE, "spreadsheet"))
        return TRUE;
      else if (in_spreadsheet && _sheet_xml_is_start (xml, NS_TABLE, "table"))
        {
          g_autofree char *name = _sheet_xml_attribute (xml, NS_TABLE, "name");
          g_autofree char *valid = g_utf8_make_valid (name ? name : "", -1);

          if (found (valid, data))
            return TRUE;
          if (!_sheet_xml_skip (xml, 0, error))
            return FALSE;
        }
    }
  return error == NULL || *error == NULL;
}

static gboolean
add_name (const char *name,
          gpointer    data)
{
  g_ptr_array_add (data, g_strdup (name));
  return FALSE;
}

char **
_sheet_ods_list (SheetFile  *file,
                 GError    **error)
{
  g_autoptr(SheetXml) xml = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!check_mimetype (file, error) || !check_encryption (file, error))
    return NULL;
  xml = _sheet_xml_open (file, "content.xml", error);
  if (xml == NULL || !find_tables (xml, add_name, names, error))
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” has no sheets."), file->display);
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

typedef struct
{
  const char *wanted;
  gboolean    matched;
} Wanted;

static gboolean
is_wanted (const char *name,
           gpointer    data)
{
  Wanted *wanted = data;

  wanted->matched = wanted->wanted == NULL || strcmp (name, wanted->wanted) == 0;
  return wanted->matched;
}

AnnalistTableSource *
_sheet_ods_open (SheetFile   *file,
                 const char  *sheet,
                 GError     **error)
{
  g_autoptr(SheetFile) owned = file;
  g_autoptr(SheetXml) xml = NULL;
  Wanted wanted = { sheet, FALSE };
  OdsSource *self;

  if (!check_mimetype (file, error) || !check_encryption (file, error))
    return NULL;
  xml = _sheet_xml_open (file, "content.xml", error);
  if (xml == NULL || !find_tables (xml, is_wanted, &wanted, error))
    return NULL;
  if (!wanted.matched)
    {
      if (sheet != NULL)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                     _("The file “%s” has no sheet “%s”."), file->display, sheet);
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The file “%s” has no sheets."), file->display);
      return NULL;
    }

  self = g_new0 (OdsSource, 1);
  self->parent.klass = &ods_class;
  self->parent.name = g_strdup (file->display);
  self->file = g_steal_pointer (&owned);
  self->table_depth = xmlTextReaderDepth (xml->reader);
  self->done = _sheet_xml_is_empty (xml);
  self->xml = g_steal_pointer (&xml);
  _sheet_row_init (&self->row);
  return &self->parent;
}
