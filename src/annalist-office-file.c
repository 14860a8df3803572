/* annalist-office-file.c — office files as libzip and libgsf read them
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "annalist-office-file.h"

#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

/* A manifest lists a package's parts: kilobytes. A larger one is not
 * read to answer a question about it. */
#define MAX_MANIFEST_SIZE (1024 * 1024)

void
annalist_gsf_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gsf_init ();
      g_type_ensure (GSF_INPUT_STDIO_TYPE);
      g_type_ensure (GSF_INPUT_MEMORY_TYPE);
      g_type_ensure (GSF_INFILE_ZIP_TYPE);
      g_type_ensure (GSF_INFILE_MSOLE_TYPE);
      g_type_ensure (GSF_OUTPUT_STDIO_TYPE);
      g_type_ensure (GSF_OUTFILE_ZIP_TYPE);
      g_once_init_leave (&done, 1);
    }
}

zip_t *
annalist_zip_open_memory (gconstpointer data,
                          gsize         length)
{
  zip_error_t error;
  zip_source_t *source;
  zip_t *zip = NULL;

  zip_error_init (&error);
  source = zip_source_buffer_create (data, length, 0, &error);
  if (source != NULL)
    {
      zip = zip_open_from_source (source, ZIP_RDONLY, &error);
      if (zip == NULL)
        zip_source_free (source);
    }
  if (zip == NULL)
    g_debug ("not a zip: %s", zip_error_strerror (&error));
  zip_error_fini (&error);
  return zip;
}

gboolean
annalist_zip_has (zip_t      *zip,
                  const char *name)
{
  return zip != NULL && zip_name_locate (zip, name, ZIP_FL_ENC_RAW) >= 0;
}

gint64
annalist_zip_read_some (zip_file_t *file,
                        guint64     size,
                        guint64     done,
                        void       *buffer,
                        guint64     length)
{
  guint8 beyond;
  zip_int64_t n;

  if (done < size)
    {
      n = zip_fread (file, buffer, MIN (length, size - done));
      /* Short of its size: cut off. */
      return n > 0 ? n : -1;
    }
  /* libzip compares the CRC-32 when the data end: a read past them says
   * whether they matched, and that there is no more than @size. */
  n = zip_fread (file, &beyond, 1);
  if (n != 0)
    g_debug ("a zip part: %s", n < 0 ? zip_file_strerror (file) : "longer than its size");
  return n == 0 ? 0 : -1;
}

GBytes *
annalist_zip_read (zip_t        *zip,
                   zip_uint64_t  index,
                   gsize         size)
{
  zip_file_t *file = zip_fopen_index (zip, index, 0);
  g_autofree guint8 *data = NULL;
  gsize done = 0;
  gint64 n;

  if (file == NULL)
    {
      g_debug ("a zip part: %s", zip_strerror (zip));
      return NULL;
    }
  data = g_malloc (MAX (size, 1));
  while ((n = annalist_zip_read_some (file, size, done, data + done, size - done)) > 0)
    done += (gsize) n;
  zip_fclose (file);
  if (n < 0)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

gboolean
annalist_office_file_is_ole2 (const guint8 *head,
                              gsize         length)
{
  static const guint8 ole2_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

  return length >= sizeof ole2_magic && memcmp (head, ole2_magic, sizeof ole2_magic) == 0;
}

static gboolean
has_element (xmlNodePtr  node,
             const char *ns,
             const char *name)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (node->ns != NULL && g_str_equal ((const char *) node->ns->href, ns) &&
          g_str_equal ((const char *) node->name, name))
        return TRUE;
      if (has_element (node->children, ns, name))
        return TRUE;
    }
  return FALSE;
}

/* Writer encrypts every part but the manifest and the mimetype; the
 * manifest says so in an element, read as XML so that a part merely
 * named so does not count. */
gboolean
annalist_office_zip_encrypted (zip_t *zip)
{
  g_autoptr(GBytes) text = NULL;
  gboolean encrypted;
  zip_int64_t index;
  zip_stat_t stat;
  xmlDocPtr doc;

  if (zip == NULL || (index = zip_name_locate (zip, "META-INF/manifest.xml", ZIP_FL_ENC_RAW)) < 0)
    return FALSE;
  if (zip_stat_index (zip, (zip_uint64_t) index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) ||
      stat.size == 0 || stat.size > MAX_MANIFEST_SIZE)
    return FALSE;
  text = annalist_zip_read (zip, (zip_uint64_t) index, stat.size);
  if (text == NULL)
    return FALSE;
  /* No network, no external entities: as every document Annalist reads. */
  doc = xmlReadMemory (g_bytes_get_data (text, NULL), (int) g_bytes_get_size (text), "manifest.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (doc == NULL)
    return FALSE;
  encrypted = has_element (xmlDocGetRootElement (doc), NS_MANIFEST, "encryption-data");
  xmlFreeDoc (doc);
  return encrypted;
}

static AnnalistOfficeFile
identify_zip (gconstpointer data,
              gsize         length)
{
  g_autoptr(zip_t) zip = annalist_zip_open_memory (data, length);

  if (annalist_office_zip_encrypted (zip))
    return ANNALIST_OFFICE_FILE_ENCRYPTED;
  if (annalist_zip_has (zip, "word/document.xml"))
    return ANNALIST_OFFICE_FILE_DOCX;
  if (annalist_zip_has (zip, "xl/workbook.xml"))
    return ANNALIST_OFFICE_FILE_XLSX;
  if (annalist_zip_has (zip, "ppt/presentation.xml"))
    return ANNALIST_OFFICE_FILE_PPTX;
  return ANNALIST_OFFICE_FILE_UNKNOWN;
}

AnnalistOfficeFile
annalist_office_file_identify (GBytes *bytes)
{
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, ANNALIST_OFFICE_FILE_UNKNOWN);

  data = g_bytes_get_data (bytes, &length);
  if (length >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return ANNALIST_OFFICE_FILE_PDF;
  if (annalist_office_file_is_ole2 (data, length))
    {
      g_autoptr(GsfInput) input = NULL;
      g_autoptr(GsfInfile) ole = NULL;
      g_autoptr(GsfInput) info = NULL;

      annalist_gsf_init ();
      input = gsf_input_memory_new (data, length, FALSE);
      ole = gsf_infile_msole_new (input, NULL);
      /* An encrypted .docx or .xlsx keeps the zip, ciphered, in a stream
       * beside its EncryptionInfo. */
      info = ole ? gsf_infile_child_by_name (ole, "EncryptionInfo") : NULL;
      return info ? ANNALIST_OFFICE_FILE_ENCRYPTED : ANNALIST_OFFICE_FILE_OLE2;
    }
  if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    return identify_zip (data, length);
  return ANNALIST_OFFICE_FILE_UNKNOWN;
}

AnnalistOfficeFile
annalist_office_file_identify_input (GsfInput *input)
{
  g_autoptr(GBytes) bytes = NULL;
  gsf_off_t size;
  guint8 *data;

  g_return_val_if_fail (GSF_IS_INPUT (input), ANNALIST_OFFICE_FILE_UNKNOWN);

  size = gsf_input_size (input);
  if (size <= 0 || (guint64) size > G_MAXSIZE)
    return ANNALIST_OFFICE_FILE_UNKNOWN;
  data = g_malloc ((gsize) size);
  if (gsf_input_seek (input, 0, G_SEEK_SET) || gsf_input_read (input, (gsize) size, data) == NULL)
    {
      g_free (data);
      gsf_input_seek (input, 0, G_SEEK_SET);
      return ANNALIST_OFFICE_FILE_UNKNOWN;
    }
  gsf_input_seek (input, 0, G_SEEK_SET);
  bytes = g_bytes_new_take (data, (gsize) size);
  return annalist_office_file_identify (bytes);
}
