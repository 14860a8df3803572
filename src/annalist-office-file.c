/* annalist-office-file.c — office files as libgsf reads them
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gsf/gsf-infile-impl.h>
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

/* libgsf tells of a damaged zip entry twice before it returns its
 * error: the bytes it found on stderr, and a g_warning.  A date in the
 * zip's directory that is no date (a month 13) costs a GLib critical
 * (libgsf unrefs the NULL it got for it), and the entry is still read.
 * The caller's sentence is what a user reads, so all of it is kept off
 * the terminal: the warning by asking the class itself, which does not
 * warn, the rest by handlers held while libgsf looks.  The handlers are
 * the process's, hence the lock. */
G_LOCK_DEFINE_STATIC (quiet_gsf);

static void
printerr_to_debug (const char *text)
{
  g_debug ("libgsf: %s", text);
}

static void
log_to_debug (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        data)
{
  g_debug ("libgsf: %s: %s", domain, message);
}

GsfInput *
annalist_gsf_child (GsfInfile *dir,
                    int        index)
{
  GsfInfileClass *klass = GSF_INFILE_CLASS (G_OBJECT_GET_CLASS (dir));
  g_autoptr(GError) error = NULL;
  GPrintFunc printerr;
  GsfInput *child;
  guint critical;

  G_LOCK (quiet_gsf);
  printerr = g_set_printerr_handler (printerr_to_debug);
  critical = g_log_set_handler ("GLib", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                                log_to_debug, NULL);
  child = klass->child_by_index (dir, index, &error);
  g_log_remove_handler ("GLib", critical);
  g_set_printerr_handler (printerr);
  G_UNLOCK (quiet_gsf);

  if (error != NULL)
    g_debug ("entry %d of a zip: %s", index, error->message);
  return child;
}

GsfInput *
annalist_gsf_child_by_path (GsfInfile         *dir,
                            const char *const *path,
                            gboolean          *damaged)
{
  g_autoptr(GsfInfile) held = NULL;

  if (damaged != NULL)
    *damaged = FALSE;
  for (; *path != NULL; path++)
    {
      GsfInput *child = NULL;
      int n = gsf_infile_num_children (dir);

      for (int i = 0; i < n && child == NULL; i++)
        if (g_strcmp0 (gsf_infile_name_by_index (dir, i), *path) == 0)
          {
            child = annalist_gsf_child (dir, i);
            if (child == NULL)
              {
                if (damaged != NULL)
                  *damaged = TRUE;
                return NULL;
              }
          }
      if (child == NULL || path[1] == NULL)
        return child;
      if (!GSF_IS_INFILE (child))
        {
          g_object_unref (child);
          return NULL;
        }
      g_clear_object (&held);
      held = GSF_INFILE (child);
      dir = held;
    }
  return NULL;
}

gboolean
annalist_office_file_is_ole2 (const guint8 *head,
                              gsize         length)
{
  static const guint8 ole2_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

  return length >= sizeof ole2_magic && memcmp (head, ole2_magic, sizeof ole2_magic) == 0;
}

/* Whether @infile holds @folder/@name (@name NULL: @folder itself). */
static gboolean
has_member (GsfInfile  *infile,
            const char *folder,
            const char *name)
{
  const char *path[] = { folder, name, NULL };
  GsfInput *member;

  if (infile == NULL)
    return FALSE;
  member = annalist_gsf_child_by_path (infile, path, NULL);
  if (member == NULL)
    return FALSE;
  g_object_unref (member);
  return TRUE;
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
annalist_office_zip_encrypted (GsfInfile *zip)
{
  const char *path[] = { "META-INF", "manifest.xml", NULL };
  g_autoptr(GsfInput) manifest = NULL;
  g_autofree guint8 *text = NULL;
  gboolean encrypted;
  xmlDocPtr doc;
  gsf_off_t size;

  if (zip == NULL)
    return FALSE;
  manifest = annalist_gsf_child_by_path (zip, path, NULL);
  if (manifest == NULL)
    return FALSE;
  size = gsf_input_size (manifest);
  if (size <= 0 || size > MAX_MANIFEST_SIZE)
    return FALSE;
  text = g_malloc (size);
  if (gsf_input_read (manifest, size, text) == NULL)
    return FALSE;
  /* No network, no external entities: as every document Annalist reads. */
  doc = xmlReadMemory ((const char *) text, (int) size, "manifest.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (doc == NULL)
    return FALSE;
  encrypted = has_element (xmlDocGetRootElement (doc), NS_MANIFEST, "encryption-data");
  xmlFreeDoc (doc);
  return encrypted;
}

static AnnalistOfficeFile
identify_zip (GsfInput *input)
{
  g_autoptr(GsfInfile) zip = gsf_infile_zip_new (input, NULL);

  if (annalist_office_zip_encrypted (zip))
    return ANNALIST_OFFICE_FILE_ENCRYPTED;
  if (has_member (zip, "word", "document.xml"))
    return ANNALIST_OFFICE_FILE_DOCX;
  if (has_member (zip, "xl", "workbook.xml"))
    return ANNALIST_OFFICE_FILE_XLSX;
  if (has_member (zip, "ppt", "presentation.xml"))
    return ANNALIST_OFFICE_FILE_PPTX;
  return ANNALIST_OFFICE_FILE_UNKNOWN;
}

AnnalistOfficeFile
annalist_office_file_identify_input (GsfInput *input)
{
  AnnalistOfficeFile kind = ANNALIST_OFFICE_FILE_UNKNOWN;
  guint8 head[8] = { 0 };
  gsize length;

  g_return_val_if_fail (GSF_IS_INPUT (input), ANNALIST_OFFICE_FILE_UNKNOWN);

  annalist_gsf_init ();
  length = (gsize) MIN (gsf_input_size (input), (gsf_off_t) sizeof head);
  if (gsf_input_seek (input, 0, G_SEEK_SET) || gsf_input_read (input, length, head) == NULL)
    return ANNALIST_OFFICE_FILE_UNKNOWN;
  gsf_input_seek (input, 0, G_SEEK_SET);

  if (length >= 5 && memcmp (head, "%PDF-", 5) == 0)
    kind = ANNALIST_OFFICE_FILE_PDF;
  else if (annalist_office_file_is_ole2 (head, length))
    {
      g_autoptr(GsfInfile) ole = gsf_infile_msole_new (input, NULL);

      /* An encrypted .docx or .xlsx keeps the zip, ciphered, in a stream
       * beside its EncryptionInfo. */
      kind = has_member (ole, "EncryptionInfo", NULL) ? ANNALIST_OFFICE_FILE_ENCRYPTED
                                                       : ANNALIST_OFFICE_FILE_OLE2;
    }
  else if (length >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    kind = identify_zip (input);
  gsf_input_seek (input, 0, G_SEEK_SET);
  return kind;
}

AnnalistOfficeFile
annalist_office_file_identify (GBytes *bytes)
{
  g_autoptr(GsfInput) input = NULL;
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, ANNALIST_OFFICE_FILE_UNKNOWN);

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    return ANNALIST_OFFICE_FILE_UNKNOWN;
  annalist_gsf_init ();
  input = gsf_input_memory_new (data, length, FALSE);
  return annalist_office_file_identify_input (input);
}
