/* annalist-sheet-source.c — spreadsheets (.ods, .xlsx) opened for the import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is told apart by what it holds, not by its name: a zip with
 * content.xml is an OpenDocument spreadsheet, one with xl/workbook.xml
 * an Office Open XML workbook, and an OLE2 compound file is either an
 * encrypted (password-protected) .xlsx or an old .xls — each refused with
 * a sentence that says what to do. The zip is read from the file as the
 * parts are read, and the parts with libxml2's streaming reader.
 */

#define G_LOG_DOMAIN "annalist-sheet"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "annalist-error.h"
#include "annalist-sheet-source-private.h"
#include "annalist-xml-error.h"

/* ------------------------------------------------------------------ */
/* The zip                                                             */
/* ------------------------------------------------------------------ */

void
_sheet_file_free (SheetFile *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->zip, zip_discard);
  g_free (file->display);
  g_free (file);
}

SheetPart *
_sheet_file_member (SheetFile   *file,
                    const char  *path,
                    GError     **error)
{
  zip_int64_t index = zip_name_locate (file->zip, path, ZIP_FL_ENC_RAW);
  zip_stat_t stat;
  SheetPart *part;

  if (index < 0)
    return NULL;
  if (zip_stat_index (file->zip, (zip_uint64_t) index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
    {
      _sheet_set_damaged (error, file, path);
      return NULL;
    }
  part = g_new0 (SheetPart, 1);
  part->size = stat.size;
  part->file = zip_fopen_index (file->zip, (zip_uint64_t) index, 0);
  if (part->file == NULL)
    {
      g_debug ("%s: %s: %s", file->display, path, zip_strerror (file->zip));
      _sheet_set_damaged (error, file, path);
      g_free (part);
      return NULL;
    }
  return part;
}

gint64
_sheet_part_read (SheetPart *part,
                  void      *buffer,
                  guint64    length)
{
  gint64 n = annalist_zip_read_some (part->file, part->size, part->done, buffer, length);

  if (n > 0)
    part->done += (guint64) n;
  else if (n < 0 && part->done == part->size)
    part->mismatch = TRUE;
  return n;
}

void
_sheet_part_free (SheetPart *part)
{
  if (part == NULL)
    return;
  zip_fclose (part->file);
  g_free (part);
}

void
_sheet_set_damaged (GError    **error,
                    SheetFile  *file,
                    const char *part)
{
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("The file “%s” is damaged: its part “%s” cannot be read."),
               file->display, part);
}


gboolean
annalist_sheet_source_takes (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  guint8 head[8] = { 0 };
  gssize got = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (lower, ".ods") || g_str_has_suffix (lower, ".xlsx"))
    return TRUE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  got = read (fd, head, sizeof head);
  close (fd);
  return (got >= 4 && memcmp (head, "PK\003\004", 4) == 0) ||
         (got > 0 && annalist_office_file_is_ole2 (head, (gsize) got));
}

gboolean
_sheet_refuse_password (const char  *display,
                        GError     **error)
{
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("The file “%s” is protected by a password. Open it in the office suite, "
                 "remove the password and save it again, then import it."),
               display);
  return FALSE;
}

static gboolean
refuse_ole2 (GsfInput   *input,
             const char *display,
             GError    **error)
{
  if (annalist_office_file_identify_input (input) == ANNALIST_OFFICE_FILE_ENCRYPTED)
    return _sheet_refuse_password (display, error);
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("The file “%s” is in the old Excel 97–2003 format. Open it in the office "
                 "suite and save it as .xlsx or .ods, then import it."),
               display);
  return FALSE;
}

typedef enum
{
  FORMAT_ODS,
  FORMAT_XLSX,
} Format;

static SheetFile *
sheet_file_open (const char  *path,
                 Format      *format,
                 GError     **error)
{
  g_autoptr(SheetFile) file = g_new0 (SheetFile, 1);
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(SheetPart) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 head[8] = { 0 };
  gsf_off_t size;
  int code = 0;

  annalist_gsf_init ();
  file->display = g_filename_display_basename (path);

  input = gsf_input_stdio_new (path, &local_error);
  if (input == NULL)
    {
      /* libgsf's message repeats the path: the system's reason is enough. */
      int fd = g_open (path, O_RDONLY, 0);
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” cannot be opened: %s."),
                   file->display,
                   fd < 0 ? g_strerror (saved_errno) : local_error->message);
      return NULL;
    }

  size = gsf_input_size (input);
  if (size == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” is empty."), file->display);
      return NULL;
    }
  if (!annalist_table_source_check_size (file->display, (guint64) size, error))
    return NULL;
  if (size >= (gsf_off_t) sizeof head)
    gsf_input_read (input, sizeof head, head);
  gsf_input_seek (input, 0, G_SEEK_SET);

  if (annalist_office_file_is_ole2 (head, sizeof head))
    {
      refuse_ole2 (input, file->display, error);
      return NULL;
    }

  file->zip = zip_open (path, ZIP_RDONLY, &code);
  if (file->zip == NULL)
    {
      g_debug ("%s: not a zip: libzip's error %d", file->display, code);
      /* A zip starts with a local header and ends with its directory:
       * the start without the end is a file cut short. */
      if (memcmp (head, "PK\003\004", 4) == 0)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The file “%s” is damaged or incomplete: its zip archive has no "
                       "directory (was it copied or downloaded only in part?)."),
                     file->display);
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The file “%s” is not a spreadsheet in the .ods or .xlsx format: "
                       "it is not a zip archive."),
                     file->display);
      return NULL;
    }

  /* A part that is there but damaged is said so, not taken for a
   * part that is not there. */
  *format = FORMAT_ODS;
  probe = _sheet_file_member (file, "content.xml", &local_error);
  if (probe == NULL && local_error == NULL)
    {
      *format = FORMAT_XLSX;
      probe = _sheet_file_member (file, "xl/workbook.xml", &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (probe != NULL)
    return g_steal_pointer (&file);

  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
               _("The file “%s” is a zip archive but not a spreadsheet: it holds neither "
                 "content.xml (.ods) nor xl/workbook.xml (.xlsx)."),
               file->display);
  return NULL;
}

char **
annalist_sheet_source_list_sheets (const char  *path,
                                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SheetFile *file;
  Format format;
  char **names = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The readers tell a fault from the end by the error: always given. */
  file = sheet_file_open (path, &format, &local_error);
  if (file != NULL && format == FORMAT_ODS)
    names = _sheet_ods_list (file, &local_error);
  else if (file != NULL)
    names = _sheet_xlsx_list (file, &local_error);
  _sheet_file_free (file);
  if (local_error != NULL)
    {
      g_clear_pointer (&names, g_strfreev);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return names;
}

AnnalistTableSource *
annalist_sheet_source_open (const char  *path,
                            const char  *sheet,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  AnnalistTableSource *source = NULL;
  SheetFile *file;
  Format format;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = sheet_file_open (path, &format, &local_error);
  /* Both take the file. */
  if (file != NULL && format == FORMAT_ODS)
    source = _sheet_ods_open (file, sheet, &local_error);
  else if (file != NULL)
    source = _sheet_xlsx_open (file, sheet, &local_error);
  if (local_error != NULL)
    {
      g_clear_pointer (&source, annalist_table_source_free);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return source;
}

/* ------------------------------------------------------------------ */
/* A part read node by node                                            */
/* ------------------------------------------------------------------ */

static int
read_input (void *context,
            char *buffer,
            int   len)
{
  SheetXml *xml = context;
  gint64 n = _sheet_part_read (xml->input, buffer, (guint64) MAX (len, 0));

  if (n < 0)
    xml->io_failed = TRUE;
  return (int) n;
}

static int
close_input (void *context)
{
  return 0;
}

#if LIBXML_VERSION >= 21200
static void
on_xml_error (void           *data,
              const xmlError *e)
#else
static void
on_xml_error (void       *data,
              xmlErrorPtr e)
#endif
{
  SheetXml *xml = data;

  if (xml->xml_message != NULL || e == NULL || e->level < XML_ERR_ERROR)
    return;
  xml->xml_message = annalist_xml_error_describe (e);
  xml->xml_line = e->line;
}

SheetXml *
_sheet_xml_open (SheetFile   *file,
                 const char  *part,
                 GError     **error)
{
  g_autoptr(SheetXml) xml = g_new0 (SheetXml, 1);
  g_autoptr(GError) damaged = NULL;

  xml->file = file;
  xml->part = g_strdup (part);
  xml->input = _sheet_file_member (file, part, &damaged);
  if (damaged != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&damaged));
      return NULL;
    }
  if (xml->input == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” is damaged: its part “%s” is missing."),
                   file->display, part);
      return NULL;
    }

  /* A part is streamed, but every row read costs the import memory and
   * time: a zip bomb (a small file that unpacks to gigabytes) is refused
   * by the size its directory gives, which read_input () never reads
   * past. */
  if (xml->input->size > ANNALIST_TABLE_MAX_XML_BYTES)
    {
      g_autofree char *size = g_format_size (xml->input->size);
      g_autofree char *limit = g_format_size (ANNALIST_TABLE_MAX_XML_BYTES);

      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” is too large to import: its part “%s” unpacks to %s, "
                     "the import reads up to %s. Split the table into smaller files."),
                   file->display, part, size, limit);
      return NULL;
    }

  /* No network, no entities substituted: a spreadsheet needs neither. */
  xml->reader = xmlReaderForIO (read_input, close_input, xml, part, NULL,
                                XML_PARSE_NONET);
  if (xml->reader == NULL)
    {
      _sheet_set_damaged (error, file, part);
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (xml->reader, on_xml_error, xml);
  return g_steal_pointer (&xml);
}

gboolean
_sheet_xml_position (SheetXml *xml,
                     guint64  *done,
                     guint64  *total)
{
  if (xml == NULL || xml->input == NULL || xml->input->size == 0)
    return FALSE;
  *done = xml->input->done;
  *total = xml->input->size;
  return TRUE;
}

void
_sheet_xml_free (SheetXml *xml)
{
  if (xml == NULL)
    return;
  g_clear_pointer (&xml->reader, xmlFreeTextReader);
  g_clear_pointer (&xml->input, _sheet_part_free);
  g_free (xml->part);
  g_free (xml->xml_message);
  g_free (xml);
}

static void
set_xml_error (SheetXml  *xml,
               guint      row,
               GError   **error)
{
  const char *display = xml->file->display;

  /* Data that inflate no further are damaged where they stop; a CRC-32
   * that does not match says nothing of where. */
  if (xml->io_failed)
    {
      if (row > 0 && !xml->input->mismatch)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The file “%s” is damaged after row %u: its part “%s” cannot be read."),
                     display, row, xml->part);
      else
        _sheet_set_damaged (error, xml->file, xml->part);
    }
  else if (row > 0)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The file “%s” is damaged after row %u: its part “%s” is not "
                   "well-formed XML (line %d: %s)."),
                 display, row, xml->part, xml->xml_line,
                 xml->xml_message ? xml->xml_message : "?");
  else
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The file “%s” is damaged: its part “%s” is not well-formed XML "
                   "(line %d: %s)."),
                 display, xml->part, xml->xml_line,
                 xml->xml_message ? xml->xml_message : "?");
}

gboolean
_sheet_xml_finish (SheetXml  *xml,
                   GError   **error)
{
  guint8 rest[16384];
  gint64 n;

  while ((n = _sheet_part_read (xml->input, rest, sizeof rest)) > 0)
    ;
  if (n == 0)
    return TRUE;
  xml->io_failed = TRUE;
  set_xml_error (xml, 0, error);
  return FALSE;
}

gboolean
_sheet_xml_read (SheetXml  *xml,
                 guint      row,
                 GError   **error)
{
  int status = xmlTextReaderRead (xml->reader);

  if (status == 1 && xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      /* Neither format has a document type; one would only serve to
       * declare entities. */
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The file “%s” is damaged: its part “%s” declares a document type, "
                     "which no spreadsheet has."),
                   xml->file->display, xml->part);
      return FALSE;
    }
  if (status == 1)
    return TRUE;
  if (status < 0 || xml->io_failed || xml->xml_message != NULL)
    set_xml_error (xml, row, error);
  return FALSE;
}

gboolean
_sheet_xml_skip (SheetXml  *xml,
                 guint      row,
                 GError   **error)
{
  int depth;

  if (xmlTextReaderNodeType (xml->reader) != XML_READER_TYPE_ELEMENT
      || xmlTextReaderIsEmptyElement (xml->reader))
    return TRUE;

  depth = xmlTextReaderDepth (xml->reader);
  for (;;)
    {
      if (!_sheet_xml_read (xml, row, error))
        {
          /* The end of the part inside an element is a fault too. */
          if (error != NULL && *error == NULL)
            set_xml_error (xml, row, error);
          return FALSE;
        }
      if (xmlTextReaderNodeType (xml->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (xml->reader) == depth)
        return TRUE;
    }
}

static gboolean
is_node (SheetXml   *xml,
         int         type,
         const char *ns,
         const char *local)
{
  const char *uri;

  if (xmlTextReaderNodeType (xml->reader) != type)
    return FALSE;
  if (strcmp ((const char *) xmlTextReaderConstLocalName (xml->reader), local) != 0)
    return FALSE;
  if (ns == NULL)
    return TRUE;
  uri = (const char *) xmlTextReaderConstNamespaceUri (xml->reader);
  return uri != NULL && strcmp (uri, ns) == 0;
}

gboolean
_sheet_xml_is_start (SheetXml   *xml,
                     const char *ns,
                     const char *local)
{
  return is_node (xml, XML_READER_TYPE_ELEMENT, ns, local);
}

gboolean
_sheet_xml_is_end (SheetXml   *xml,
                   const char *ns,
                   const char *local)
{
  return is_node (xml, XML_READER_TYPE_END_ELEMENT, ns, local);
}

gboolean
_sheet_xml_is_empty (SheetXml *xml)
{
  return xmlTextReaderIsEmptyElement (xml->reader) == 1;
}

char *
_sheet_xml_attribute (SheetXml   *xml,
                      const char *ns,
                      const char *local)
{
  xmlChar *value;
  char *copy;

  if (ns != NULL)
    value = xmlTextReaderGetAttributeNs (xml->reader, BAD_CAST local, BAD_CAST ns);
  else
    value = xmlTextReaderGetAttribute (xml->reader, BAD_CAST local);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

const char *
_sheet_xml_text (SheetXml *xml)
{
  switch (xmlTextReaderNodeType (xml->reader))
    {
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      return (const char *) xmlTextReaderConstValue (xml->reader);
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

void
_sheet_row_init (SheetRow *row)
{
  row->cells = g_ptr_array_new_with_free_func (g_free);
  row->pending_empty = 0;
}

void
_sheet_row_clear (SheetRow *row)
{
  g_clear_pointer (&row->cells, g_ptr_array_unref);
  row->pending_empty = 0;
}

void
_sheet_row_add (SheetRow *row,
                char     *text,
                guint     count)
{
  if (text == NULL || *text == '\0')
    {
      g_free (text);
      /* Counted, not stored: LibreOffice ends a row with thousands. */
      row->pending_empty = MIN ((guint64) row->pending_empty + count, SHEET_MAX_COLUMNS);
      return;
    }

  while (row->pending_empty > 0 && row->cells->len < SHEET_MAX_COLUMNS)
    {
      g_ptr_array_add (row->cells, g_strdup (""));
      row->pending_empty--;
    }
  row->pending_empty = 0;

  for (guint i = 0; i < count && row->cells->len < SHEET_MAX_COLUMNS; i++)
    g_ptr_array_add (row->cells, i + 1 < count ? g_strdup (text) : g_steal_pointer (&text));
  g_free (text);
}

gboolean
_sheet_row_has_content (SheetRow *row)
{
  /* Only filled cells start the stored ones. */
  return row->cells->len > 0;
}

GPtrArray *
_sheet_row_copy (SheetRow *row)
{
  GPtrArray *copy = g_ptr_array_new_full (row->cells->len, g_free);

  for (guint i = 0; i < row->cells->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (row->cells, i)));
  return copy;
}

GPtrArray *
_sheet_row_take (SheetRow *row)
{
  GPtrArray *cells = g_steal_pointer (&row->cells);

  _sheet_row_init (row);
  return cells;
}

char *
_sheet_date_from_iso (const char *iso)
{
  unsigned year, month, day;
  char rest;

  if (iso == NULL)
    return NULL;
  if (sscanf (iso, "%4u-%2u-%2u%c", &year, &month, &day, &rest) < 3)
    return NULL;
  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%02u.%02u.%04u", day, month, year);
}
