/* annalist-sheet-xlsx.c — the rows of an Office Open XML workbook's sheet
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * xl/workbook.xml names the sheets and points (through
 * xl/_rels/workbook.xml.rels) to their parts; a sheet's part is read node
 * by node. What a cell holds is not what it shows: texts are mostly kept
 * once in xl/sharedStrings.xml (held in memory, as an array — a sheet
 * refers to them by number), dates are day numbers told apart only by
 * their number format in xl/styles.xml. So a date cell is given as
 * ДД.ММ.ГГГГ, a number as written (a decimal point: the import takes
 * both), a formula cell its cached value, a boolean "true" or "false".
 * Cells are placed by their references (B3): a gap is empty cells, and a
 * merged area is its first cell's value and empty cells, as Excel writes it.
 */

#define G_LOG_DOMAIN "annalist-sheet"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-sheet-source-private.h"

#define NS_REL_TRANSITIONAL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT       "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* More rows than Excel's sheet has: a reference beyond it is damage. */
#define MAX_ROWS (1u << 24)
/* Shared texts are held whole: a workbook whose texts alone exceed
 * this is refused rather than let fill the memory. */
#define MAX_SHARED_TEXT ((gsize) 256 * 1024 * 1024)

typedef enum
{
  KIND_NUMBER,
  KIND_DATE,
  KIND_DATE_TIME,
  KIND_TIME,
} NumberKind;

typedef struct
{
  char *name;
  char *part;   /* "xl/worksheets/sheet1.xml", NULL when not a worksheet */
} SheetEntry;

static void
sheet_entry_clear (gpointer data)
{
  SheetEntry *entry = data;

  g_free (entry->name);
  g_free (entry->part);
}

typedef struct
{
  AnnalistTableSource  parent;
  SheetFile           *file;
  SheetXml            *xml;
  GStringChunk        *chunk;
  GPtrArray           *strings;   /* const char *, in @chunk */
  GByteArray          *styles;    /* a NumberKind per cell format */
  gboolean             date1904;
  guint                line;
  SheetRow             row;
  gboolean             done;
} XlsxSource;

/* ------------------------------------------------------------------ */
/* Texts                                                               */
/* ------------------------------------------------------------------ */

/* Characters XML cannot carry are written _xHHHH_ (_x000D_ for a
 * carriage return); carriage returns are dropped, as line ends are
 * "\n" everywhere else. */
static void
decode_escapes (GString *text)
{
  gsize out = 0;

  for (gsize i = 0; i < text->len;)
    {
      const char *p = text->str + i;

      if (p[0] == '_' && p[1] == 'x' && i + 7 <= text->len && p[6] == '_'
          && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3])
          && g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]))
        {
          gunichar c = (g_ascii_xdigit_value (p[2]) << 12) | (g_ascii_xdigit_value (p[3]) << 8)
                       | (g_ascii_xdigit_value (p[4]) << 4) | g_ascii_xdigit_value (p[5]);
          char utf8[6];
          int n = 0;

          if (c != '\r' && g_unichar_validate (c))
            n = g_unichar_to_utf8 (c, utf8);
          memcpy (text->str + out, utf8, n);
          out += n;
          i += 7;
        }
      else
        {
          if (*p != '\r')
            text->str[out++] = *p;
          i++;
        }
    }
  g_string_truncate (text, out);
}

/* The text of the current <si> or <is>: its <t>, or its runs' <t>
 * joined; phonetic readings (<rPh>) are not part of it. */
static gboolean
read_rich_text (SheetXml  *xml,
                guint      row,
                GString   *text,
                GError   **error)
{
  int depth = xmlTextReaderDepth (xml->reader);
  int t_depth = -1;

  if (_sheet_xml_is_empty (xml))
    return TRUE;
  for (;;)
    {
      const char *value;

      if (!_sheet_xml_read (xml, row, error))
        {
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, xml->file, xml->part);
          return FALSE;
        }
      switch (xmlTextReaderNodeType (xml->reader))
        {
        case XML_READER_TYPE_END_ELEMENT:
          if (xmlTextReaderDepth (xml->reader) == depth)
            {
              decode_escapes (text);
              return TRUE;
            }
          if (xmlTextReaderDepth (xml->reader) == t_depth)
            t_depth = -1;
          break;
        case XML_READER_TYPE_ELEMENT:
          if (_sheet_xml_is_start (xml, NULL, "rPh") || _sheet_xml_is_start (xml, NULL, "rPr"))
            {
              if (!_sheet_xml_skip (xml, row, error))
                return FALSE;
            }
          else if (_sheet_xml_is_start (xml, NULL, "t") && !_sheet_xml_is_empty (xml))
            t_depth = xmlTextReaderDepth (xml->reader);
          break;
        default:
          value = _sheet_xml_text (xml);
          if (value != NULL && t_depth >= 0)
            g_string_append (text, value);
          break;
        }
    }
}

/* The text inside the current element (<v>). */
static gboolean
read_plain_text (SheetXml  *xml,
                 guint      row,
                 GString   *text,
                 GError   **error)
{
  int depth = xmlTextReaderDepth (xml->reader);

  if (_sheet_xml_is_empty (xml))
    return TRUE;
  for (;;)
    {
      const char *value;

      if (!_sheet_xml_read (xml, row, error))
        {
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, xml->file, xml->part);
          return FALSE;
        }
      if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (xml->reader) == depth)
        return TRUE;
      value = _sheet_xml_text (xml);
      if (value != NULL)
        g_string_append (text, value);
    }
}

/* ------------------------------------------------------------------ */
/* The workbook's parts                                                */
/* ------------------------------------------------------------------ */

static char *
relationship_id (SheetXml *xml)
{
  char *id = _sheet_xml_attribute (xml, NS_REL_TRANSITIONAL, "id");

  return id != NULL ? id : _sheet_xml_attribute (xml, NS_REL_STRICT, "id");
}

/* A relationship's target as a part's path: relative to xl/ unless it
 * starts with a slash; "." and ".." resolved. */
static char *
resolve_target (const char *target)
{
  g_autofree char *joined = target[0] == '/' ? g_strdup (target) : g_strconcat ("xl/", target, NULL);
  g_auto(GStrv) segments = g_strsplit (joined, "/", -1);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0)
        continue;
      if (strcmp (segments[i], "..") == 0)
        {
          if (path->len > 0)
            g_ptr_array_set_size (path, path->len - 1);
          continue;
        }
      g_ptr_array_add (path, segments[i]);
    }
  g_ptr_array_add (path, NULL);
  return g_strjoinv ("/", (char **) path->pdata);
}

/* Id → part, for the workbook's worksheets only (chart sheets have
 * no cells). */
static GHashTable *
read_relationships (SheetFile  *file,
                    char      **shared_strings,
                    char      **styles,
                    GError    **error)
{
  g_autoptr(SheetXml) xml = _sheet_xml_open (file, "xl/_rels/workbook.xml.rels", error);
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (xml == NULL)
    return NULL;
  while (_sheet_xml_read (xml, 0, error))
    {
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      g_autofree char *target = NULL;
      g_autofree char *mode = NULL;
      char *part;

      if (!_sheet_xml_is_start (xml, NULL, "Relationship"))
        continue;
      id = _sheet_xml_attribute (xml, NULL, "Id");
      type = _sheet_xml_attribute (xml, NULL, "Type");
      target = _sheet_xml_attribute (xml, NULL, "Target");
      mode = _sheet_xml_attribute (xml, NULL, "TargetMode");
      if (id == NULL || type == NULL || target == NULL || g_strcmp0 (mode, "External") == 0)
        continue;
      part = resolve_target (target);
      if (g_str_has_suffix (type, "/worksheet"))
        g_hash_table_insert (parts, g_steal_pointer (&id), part);
      else if (g_str_has_suffix (type, "/sharedStrings") && shared_strings != NULL)
        {
          g_free (*shared_strings);
          *shared_strings = part;
        }
      else if (g_str_has_suffix (type, "/styles") && styles != NULL)
        {
          g_free (*styles);
          *styles = part;
        }
      else
        g_free (part);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&parts);
}

/* The sheets in the workbook's order, each with its part. */
static GArray *
read_workbook (SheetFile  *file,
               gboolean   *date1904,
               char      **shared_strings,
               char      **styles,
               GError    **error)
{
  g_autoptr(GHashTable) parts = read_relationships (file, shared_strings, styles, error);
  g_autoptr(SheetXml) xml = NULL;
  g_autoptr(GArray) sheets = g_array_new (FALSE, TRUE, sizeof (SheetEntry));

  g_array_set_clear_func (sheets, sheet_entry_clear);
  if (parts == NULL)
    return NULL;
  xml = _sheet_xml_open (file, "xl/workbook.xml", error);
  if (xml == NULL)
    return NULL;

  *date1904 = FALSE;
  while (_sheet_xml_read (xml, 0, error))
    {
      if (_sheet_xml_is_start (xml, NULL, "workbookPr"))
        {
          g_autofree char *value = _sheet_xml_attribute (xml, NULL, "date1904");

          *date1904 = g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0;
        }
      else if (_sheet_xml_is_start (xml, NULL, "sheet"))
        {
          g_autofree char *name = _sheet_xml_attribute (xml, NULL, "name");
          g_autofree char *id = relationship_id (xml);
          SheetEntry entry;

          if (id == NULL || !g_hash_table_contains (parts, id))
            continue;
          entry.name = g_utf8_make_valid (name ? name : "", -1);
          entry.part = g_strdup (g_hash_table_lookup (parts, id));
          g_array_append_val (sheets, entry);
        }
    }
  if (error != NULL && *error != NULL)
    return NULL;
  if (sheets->len == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” has no sheets."), file->display);
      return NULL;
    }
  return g_steal_pointer (&sheets);
}

static gboolean
read_shared_strings (XlsxSource  *self,
                     const char  *part,
                     GError     **error)
{
  g_autoptr(SheetXml) xml = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) damaged = NULL;
  g_autoptr(SheetPart) probe = _sheet_file_member (self->file, part, &damaged);
  gsize total = 0;

  if (damaged != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&damaged));
      return FALSE;
    }
  /* A workbook without texts has none. */
  if (probe == NULL)
    return TRUE;
  xml = _sheet_xml_open (self->file, part, error);
  if (xml == NULL)
    return FALSE;
  while (_sheet_xml_read (xml, 0, error))
    {
      if (!_sheet_xml_is_start (xml, NULL, "si"))
        continue;
      g_string_truncate (text, 0);
      if (!read_rich_text (xml, 0, text, error))
        return FALSE;
      total += text->len + 1;
      if (total > MAX_SHARED_TEXT)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("The file “%s” is too large to import: its texts take more "
                         "than %s."),
                       self->file->display, "256 MB");
          return FALSE;
        }
      g_ptr_array_add (self->strings, g_string_chunk_insert_len (self->chunk, text->str, text->len));
    }
  return error == NULL || *error == NULL;
}

/* What a number format shows: a date, a time or a number. Quoted text,
 * [colours and locales] and escaped characters are not codes. */
static NumberKind
classify_format (const char *code)
{
  gboolean date = FALSE, time = FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            goto done;
          break;
        case '[':
          p = strchr (p + 1, ']');
          if (p == NULL)
            goto done;
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            goto done;
          p++;
          break;
        case 'd': case 'D': case 'y': case 'Y':
          date = TRUE;
          break;
        case 'h': case 'H': case 's': case 'S':
          time = TRUE;
          break;
        case ';':
          /* The first section (positive numbers) decides. */
          goto done;
        default:
          break;
        }
    }
done:
  if (date && time)
    return KIND_DATE_TIME;
  if (date)
    return KIND_DATE;
  if (time)
    return KIND_TIME;
  return KIND_NUMBER;
}

static NumberKind
builtin_format (guint id)
{
  if (id >= 14 && id <= 17)
    return KIND_DATE;
  if (id == 22)
    return KIND_DATE_TIME;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
    return KIND_TIME;
  return KIND_NUMBER;
}

static gboolean
read_styles (XlsxSource  *self,
             const char  *part,
             GError     **error)
{
  g_autoptr(SheetXml) xml = NULL;
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GError) damaged = NULL;
  g_autoptr(SheetPart) probe = _sheet_file_member (self->file, part, &damaged);
  gboolean in_cell_xfs = FALSE;
  gboolean in_num_fmts = FALSE;

  if (damaged != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&damaged));
      return FALSE;
    }
  if (probe == NULL)
    return TRUE;
  xml = _sheet_xml_open (self->file, part, error);
  if (xml == NULL)
    return FALSE;
  while (_sheet_xml_read (xml, 0, error))
    {
      /* Conditional formats (dxfs) have numFmts of their own. */
      if (_sheet_xml_is_start (xml, NULL, "numFmts"))
        in_num_fmts = !_sheet_xml_is_empty (xml);
      else if (_sheet_xml_is_end (xml, NULL, "numFmts"))
        in_num_fmts = FALSE;
      else if (in_num_fmts && _sheet_xml_is_start (xml, NULL, "numFmt"))
        {
          g_autofree char *id = _sheet_xml_attribute (xml, NULL, "numFmtId");
          g_autofree char *code = _sheet_xml_attribute (xml, NULL, "formatCode");
          guint64 n;

          if (id != NULL && code != NULL && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &n, NULL))
            g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) n),
                                 GUINT_TO_POINTER (classify_format (code) + 1));
        }
      else if (_sheet_xml_is_start (xml, NULL, "cellXfs"))
        in_cell_xfs = !_sheet_xml_is_empty (xml);
      else if (_sheet_xml_is_end (xml, NULL, "cellXfs"))
        in_cell_xfs = FALSE;
      else if (in_cell_xfs && _sheet_xml_is_start (xml, NULL, "xf"))
        {
          g_autofree char *id = _sheet_xml_attribute (xml, NULL, "numFmtId");
          guint64 n = 0;
          guint8 kind;
          gpointer found;

          if (id != NULL)
            g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &n, NULL);
          found = g_hash_table_lookup (custom, GUINT_TO_POINTER ((guint) n));
          kind = found != NULL ? GPOINTER_TO_UINT (found) - 1 : builtin_format (n);
          g_byte_array_append (self->styles, &kind, 1);
        }
    }
  return error == NULL || *error == NULL;
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

/* The day number @serial as ДД.ММ.ГГГГ (with the time of day for
 * KIND_DATE_TIME when there is one), or NULL when out of range. */
static char *
format_serial (double      serial,
               NumberKind  kind,
               gboolean    date1904)
{
  double days = floor (serial);
  guint seconds = (guint) lround ((serial - days) * 86400.0);
  g_autoptr(GString) text = g_string_new (NULL);

  if (seconds >= 86400)
    {
      days += 1;
      seconds = 0;
    }

  if (kind != KIND_TIME)
    {
      GDate date;

      if (days < (date1904 ? 0 : 1) || days > 2958465)
        return NULL;
      /* The 1900 system counts a 29 February 1900 that never was. */
      if (date1904)
        g_date_set_dmy (&date, 1, 1, 1904);
      else if (days >= 61)
        g_date_set_dmy (&date, 30, 12, 1899);
      else
        g_date_set_dmy (&date, 31, 12, 1899);
      g_date_add_days (&date, (guint) days);
      g_string_append_printf (text, "%02u.%02u.%04u", g_date_get_day (&date),
                              g_date_get_month (&date), g_date_get_year (&date));
      if (kind == KIND_DATE || seconds == 0)
        return g_string_free (g_steal_pointer (&text), FALSE);
      g_string_append_c (text, ' ');
    }
  else if (serial < 0)
    return NULL;

  g_string_append_printf (text, "%02u:%02u", seconds / 3600, seconds / 60 % 60);
  if (seconds % 60 != 0)
    g_string_append_printf (text, ":%02u", seconds % 60);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A number as the cell has it; only the binary noise of 17 digits
 * (0.30000000000000004) is cut to the 15 Excel shows. */
static char *
format_number (XlsxSource *self,
               const char *value,
               guint       style)
{
  NumberKind kind = style < self->styles->len ? self->styles->data[style] : KIND_NUMBER;
  char *end = NULL;
  double number = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || !isfinite (number))
    return g_strdup (value);
  if (kind != KIND_NUMBER)
    {
      char *date = format_serial (number, kind, self->date1904);

      if (date != NULL)
        return date;
    }
  if (strlen (value) > 16 && strpbrk (value, ".eE") != NULL)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", number));
    }
  return g_strdup (value);
}

/* The column of a reference ("B3": 1), or -1. */
static int
reference_column (const char *reference)
{
  int column = 0;
  const char *p = reference;

  for (; g_ascii_isalpha (*p); p++)
    {
      column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (column > SHEET_MAX_COLUMNS)
        return SHEET_MAX_COLUMNS;
    }
  return p == reference ? -1 : column - 1;
}

static gboolean
read_cell (XlsxSource  *self,
           guint       *next_column,
           GError     **error)
{
  SheetXml *xml = self->xml;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(GString) inline_text = g_string_new (NULL);
  int column = -1;
  int depth = xmlTextReaderDepth (xml->reader);
  gboolean has_value = FALSE;
  char *text = NULL;
  char type[16] = "";   /* "" when absent: a number */
  guint64 style = 0;

  /* The cell's r, t and s, read where they are: a sheet of 100 000 rows
   * has two million cells, and copying each attribute out took two
   * allocations. */
  while (xmlTextReaderMoveToNextAttribute (xml->reader) == 1)
    {
      const char *name = (const char *) xmlTextReaderConstLocalName (xml->reader);
      const char *attribute = (const char *) xmlTextReaderConstValue (xml->reader);

      if (xmlTextReaderConstNamespaceUri (xml->reader) != NULL || attribute == NULL)
        continue;
      if (strcmp (name, "r") == 0)
        column = reference_column (attribute);
      else if (strcmp (name, "t") == 0)
        g_strlcpy (type, attribute, sizeof type);
      else if (strcmp (name, "s") == 0)
        g_ascii_string_to_unsigned (attribute, 10, 0, G_MAXUINT, &style, NULL);
    }
  xmlTextReaderMoveToElement (xml->reader);
  if (column < 0)
    column = *next_column;

  if (!_sheet_xml_is_empty (xml))
    for (;;)
      {
        if (!_sheet_xml_read (xml, self->line, error))
          {
            if (error != NULL && *error == NULL)
              _sheet_set_damaged (error, self->file, xml->part);
            return FALSE;
          }
        if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
            && xmlTextReaderDepth (xml->reader) == depth)
          break;
        if (_sheet_xml_is_start (xml, NULL, "v"))
          {
            has_value = TRUE;
            if (!read_plain_text (xml, self->line, value, error))
              return FALSE;
          }
        else if (_sheet_xml_is_start (xml, NULL, "is"))
          {
            has_value = TRUE;
            if (!read_rich_text (xml, self->line, inline_text, error))
              return FALSE;
          }
        else if (!_sheet_xml_skip (xml, self->line, error))
          /* <f>: the formula; its cached result is the <v>. */
          return FALSE;
      }

  if (!has_value)
    text = NULL;
  else if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index;

      if (!g_ascii_string_to_unsigned (g_strstrip (value->str), 10, 0, G_MAXUINT, &index, NULL)
          || index >= self->strings->len)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("The file “%s” is damaged in row %u: a cell refers to a text "
                         "the workbook does not have."),
                       self->file->display, self->line);
          return FALSE;
        }
      text = g_strdup (g_ptr_array_index (self->strings, index));
    }
  else if (g_strcmp0 (type, "inlineStr") == 0)
    text = g_strdup (inline_text->str);
  else if (g_strcmp0 (type, "b") == 0)
    text = g_strdup (strcmp (g_strstrip (value->str), "0") == 0 ? "false" : "true");
  else if (g_strcmp0 (type, "d") == 0)
    {
      text = _sheet_date_from_iso (value->str);
      if (text == NULL)
        text = g_strdup (value->str);
    }
  else if (*type == '\0' || strcmp (type, "n") == 0)
    text = value->len > 0 ? format_number (self, g_strstrip (value->str), style) : NULL;
  else
    {
      /* "str" (a formula's text) and "e" (#DIV/0!) as they are. */
      g_string_replace (value, "\r", "", 0);
      text = g_strdup (value->str);
    }

  if ((guint) column > *next_column)
    _sheet_row_add (&self->row, NULL, column - *next_column);
  _sheet_row_add (&self->row, text, 1);
  *next_column = column + 1;
  return TRUE;
}

static gboolean
read_row (XlsxSource  *self,
          GError     **error)
{
  SheetXml *xml = self->xml;
  g_autofree char *number = _sheet_xml_attribute (xml, NULL, "r");
  int depth = xmlTextReaderDepth (xml->reader);
  guint next_column = 0;
  guint64 n;

  if (number != NULL && g_ascii_string_to_unsigned (number, 10, 1, MAX_ROWS, &n, NULL))
    self->line = n;
  else
    self->line++;

  if (_sheet_xml_is_empty (xml))
    return TRUE;
  for (;;)
    {
      if (!_sheet_xml_read (xml, self->line, error))
        {
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, self->file, xml->part);
          return FALSE;
        }
      if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (xml->reader) == depth)
        return TRUE;
      if (_sheet_xml_is_start (xml, NULL, "c"))
        {
          if (!read_cell (self, &next_column, error))
            return FALSE;
        }
      else if (!_sheet_xml_skip (xml, self->line, error))
        return FALSE;
    }
}

static GPtrArray *
xlsx_read_row (AnnalistTableSource  *source,
               guint                *line,
               GError              **error)
{
  XlsxSource *self = (XlsxSource *) source;
  SheetXml *xml = self->xml;

  *line = 0;
  while (!self->done)
    {
      if (!_sheet_xml_read (xml, self->line, error))
        {
          self->done = TRUE;
          if (error != NULL && *error == NULL)
            _sheet_set_damaged (error, self->file, xml->part);
          return NULL;
        }
      if (_sheet_xml_is_end (xml, NULL, "sheetData"))
        {
          self->done = TRUE;
          _sheet_xml_finish (xml, error);
          return NULL;
        }
      if (!_sheet_xml_is_start (xml, NULL, "row"))
        continue;

      if (!read_row (self, error))
        {
          self->done = TRUE;
          return NULL;
        }
      if (!_sheet_row_has_content (&self->row))
        {
          _sheet_row_clear (&self->row);
          _sheet_row_init (&self->row);
          continue;
        }
      *line = self->line;
      return _sheet_row_take (&self->row);
    }
  return NULL;
}

static void
xlsx_free (AnnalistTableSource *source)
{
  XlsxSource *self = (XlsxSource *) source;

  _sheet_xml_free (self->xml);
  _sheet_file_free (self->file);
  _sheet_row_clear (&self->row);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->chunk, g_string_chunk_free);
  g_clear_pointer (&self->styles, g_byte_array_unref);
  g_free (self->parent.name);
  g_free (self);
}

/* The reading tells a fault from the end by the error: always given. */
static GPtrArray *
xlsx_next_row (AnnalistTableSource  *source,
               guint                *line,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *row = xlsx_read_row (source, line, &local_error);

  if (local_error != NULL)
    {
      g_clear_pointer (&row, g_ptr_array_unref);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return row;
}

static gboolean
xlsx_position (AnnalistTableSource *source,
               guint64             *done,
               guint64             *total)
{
  return _sheet_xml_position (((XlsxSource *) source)->xml, done, total);
}

static const AnnalistTableSourceClass xlsx_class = {
  xlsx_next_row,
  xlsx_free,
  xlsx_position,
};

char **
_sheet_xlsx_list (SheetFile  *file,
                  GError    **error)
{
  g_autoptr(GArray) sheets = NULL;
  GStrvBuilder *builder;
  gboolean date1904;
  char **names;

  sheets = read_workbook (file, &date1904, NULL, NULL, error);
  if (sheets == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < sheets->len; i++)
    g_strv_builder_add (builder, g_array_index (sheets, SheetEntry, i).name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

AnnalistTableSource *
_sheet_xlsx_open (SheetFile   *file,
                  const char  *sheet,
                  GError     **error)
{
  g_autoptr(SheetFile) owned = file;
  g_autoptr(GArray) sheets = NULL;
  g_autofree char *shared_strings = g_strdup ("xl/sharedStrings.xml");
  g_autofree char *styles = g_strdup ("xl/styles.xml");
  const SheetEntry *entry = NULL;
  XlsxSource *self;
  gboolean date1904 = FALSE;

  sheets = read_workbook (file, &date1904, &shared_strings, &styles, error);
  if (sheets == NULL)
    return NULL;
  for (guint i = 0; i < sheets->len && entry == NULL; i++)
    if (sheet == NULL || strcmp (g_array_index (sheets, SheetEntry, i).name, sheet) == 0)
      entry = &g_array_index (sheets, SheetEntry, i);
  if (entry == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The file “%s” has no sheet “%s”."), file->display, sheet);
      return NULL;
    }

  self = g_new0 (XlsxSource, 1);
  self->parent.klass = &xlsx_class;
  self->parent.name = g_strdup (file->display);
  self->file = g_steal_pointer (&owned);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->strings = g_ptr_array_new ();
  self->styles = g_byte_array_new ();
  self->date1904 = date1904;
  _sheet_row_init (&self->row);

  if (!read_shared_strings (self, shared_strings, error)
      || !read_styles (self, styles, error))
    {
      xlsx_free (&self->parent);
      return NULL;
    }

  self->xml = _sheet_xml_open (self->file, entry->part, error);
  if (self->xml == NULL)
    {
      xlsx_free (&self->parent);
      return NULL;
    }
  /* Up to the cells; a sheet without them has no rows. */
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (!_sheet_xml_read (self->xml, 0, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              xlsx_free (&self->parent);
              return NULL;
            }
          self->done = TRUE;
          break;
        }
      if (_sheet_xml_is_start (self->xml, NULL, "sheetData"))
        {
          self->done = _sheet_xml_is_empty (self->xml);
          break;
        }
    }
  return &self->parent;
}
