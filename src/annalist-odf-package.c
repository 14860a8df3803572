/* annalist-odf-package.c
 *
 * Copyright 2026 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-odf"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>

#include "annalist-odf-private.h"
#include "annalist-office-file.h"
#include "annalist-xml-error.h"

#define NS_OFFICE     "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE      "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define MIMETYPE_TEXT "application/vnd.oasis.opendocument.text"

/* What a package may hold.  An office document has a few dozen parts and
 * some megabytes; these limits refuse a damaged or hostile file (a zip
 * bomb) long before it could exhaust the memory. */
#define MAX_ENTRIES    2000
#define MAX_PART_SIZE  (G_GINT64_CONSTANT (256) * 1024 * 1024)
#define MAX_TOTAL_SIZE (G_GINT64_CONSTANT (256) * 1024 * 1024)

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA, message);
}

/* A part's name for a message: zip names need not be UTF-8. */
static char *
display_name (const char *name)
{
  return g_utf8_make_valid (name, -1);
}

GHashTable *
annalist_odf_package_read (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(zip_t) zip = NULL;
  gconstpointer data;
  gsize len;
  zip_int64_t n_entries;
  guint64 total = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      set_invalid (error, _("it is empty"));
      return NULL;
    }

  /* @bytes outlives the zip: no copy. */
  zip = annalist_zip_open_memory (data, len);
  if (zip == NULL)
    {
      /* A zip starts with a local header and ends with its directory:
       * the start without the end is a file cut short. */
      if (len >= 4 && memcmp (data, "PK\003\004", 4) == 0)
        set_invalid (error, _("its zip archive is damaged or incomplete (was it copied or downloaded "
                              "only in part?)"));
      else
        set_invalid (error, _("it is not a zip archive, which an OpenDocument package is"));
      return NULL;
    }

  n_entries = zip_get_num_entries (zip, 0);
  if (n_entries > MAX_ENTRIES)
    {
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                   _("it has more than %u parts, which no office document has"),
                   (guint) MAX_ENTRIES);
      return NULL;
    }

  parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_bytes_unref);
  for (zip_int64_t i = 0; i < n_entries; i++)
    {
      const char *name = zip_get_name (zip, (zip_uint64_t) i, ZIP_FL_ENC_RAW);
      zip_stat_t stat;
      GBytes *part;

      /* A folder's own entry holds nothing. */
      if (name == NULL || *name == '\0' || g_str_has_suffix (name, "/"))
        continue;
      if (zip_stat_index (zip, (zip_uint64_t) i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) ||
          stat.size > MAX_PART_SIZE || total + stat.size > MAX_TOTAL_SIZE)
        {
          gboolean part_too_large = !(stat.valid & ZIP_STAT_SIZE) || stat.size > MAX_PART_SIZE;
          g_autofree char *display = display_name (name);
          g_autofree char *limit = g_format_size_full (part_too_large ? MAX_PART_SIZE : MAX_TOTAL_SIZE,
                                                       G_FORMAT_SIZE_IEC_UNITS);

          if (part_too_large)
            g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                         _("its part “%s” would take more than %s unpacked, which no office "
                           "document does"),
                         display, limit);
          else
            g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                         _("its parts would take more than %s unpacked, which no office "
                           "document does"),
                         limit);
          return NULL;
        }
      total += stat.size;

      /* Read whole, and checked against its CRC-32: a damaged part is
       * refused, not parsed as other text. */
      part = annalist_zip_read (zip, (zip_uint64_t) i, stat.size);
      if (part == NULL)
        {
          g_autofree char *display = display_name (name);

          g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                       _("its part “%s” is damaged"), display);
          return NULL;
        }
      g_hash_table_replace (parts, g_strdup (name), part);
    }

  if (!g_hash_table_contains (parts, "content.xml"))
    {
      set_invalid (error, _("it has no content.xml, which every OpenDocument package has"));
      return NULL;
    }

  return g_steal_pointer (&parts);
}

GHashTable *
annalist_odf_package_read_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTable *parts;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  bytes = g_bytes_new_take (contents, len);

  parts = annalist_odf_package_read (bytes, &local_error);
  if (parts == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                   _("The file “%s” cannot be read: %s."), display, local_error->message);
    }

  return parts;
}

/* ------------------------------------------------------------------ */
/* A flat document as a package                                        */
/* ------------------------------------------------------------------ */

static gboolean
is_element (xmlNodePtr  node,
            const char *ns,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_str_equal ((const char *) node->ns->href, ns) &&
         g_str_equal ((const char *) node->name, name);
}

static xmlNodePtr
office_child (xmlNodePtr  parent,
              const char *name)
{
  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (is_element (c, NS_OFFICE, name))
      return c;
  return NULL;
}

static char *
qualified_name (xmlNsPtr    ns,
                const char *name)
{
  if (ns != NULL && ns->prefix != NULL)
    return g_strconcat ((const char *) ns->prefix, ":", name, NULL);
  return g_strdup (name);
}

/* Starts an element named @name in @like's namespace, with @like's
 * namespace declarations and attributes but @skip, and closes its start
 * tag so that serialised nodes can follow. */
static void
start_like (xmlTextWriterPtr  w,
            xmlNodePtr        like,
            const char       *name,
            const char       *skip)
{
  g_autofree char *qname = qualified_name (like->ns, name);

  el_start (w, qname);
  for (xmlNsPtr ns = like->nsDef; ns != NULL; ns = ns->next)
    {
      g_autofree char *decl = ns->prefix ? g_strconcat ("xmlns:", (const char *) ns->prefix, NULL)
                                         : g_strdup ("xmlns");

      attr (w, decl, (const char *) ns->href);
    }
  for (xmlAttrPtr a = like->properties; a != NULL; a = a->next)
    {
      g_autofree char *aname = qualified_name (a->ns, (const char *) a->name);
      xmlChar *value;

      if (skip != NULL && a->ns != NULL && g_str_equal ((const char *) a->ns->href, NS_OFFICE) &&
          g_str_equal ((const char *) a->name, skip))
        continue;
      value = xmlNodeGetContent ((xmlNodePtr) a);
      attr (w, aname, (const char *) value);
      xmlFree (value);
    }
  xmlTextWriterWriteString (w, BAD_CAST "");
  xmlTextWriterFlush (w);
}

/* One part of the package: the flat document's root renamed to @name,
 * holding the root's children named in @children (NULL-terminated) as
 * they are.  With @no_page_layouts, automatic styles leave the page
 * layouts out (they belong to styles.xml). */
static GBytes *
build_part (xmlDocPtr           doc,
            const char         *name,
            const char * const *children,
            gboolean            no_page_layouts)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer (buf, NULL);
  /* The writer owns @out; nodes are serialised straight into it, between
   * the writer's flushes. */
  xmlTextWriterPtr w = xmlNewTextWriter (out);
  GBytes *bytes;

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  start_like (w, root, name, "mimetype");
  for (guint i = 0; children[i] != NULL; i++)
    {
      xmlNodePtr node = office_child (root, children[i]);

      if (node == NULL)
        continue;
      if (no_page_layouts && g_str_equal (children[i], "automatic-styles"))
        {
          start_like (w, node, (const char *) node->name, NULL);
          for (xmlNodePtr c = node->children; c != NULL; c = c->next)
            if (!is_element (c, NS_STYLE, "page-layout"))
              xmlNodeDumpOutput (out, doc, c, 0, 0, NULL);
          el_end (w);
        }
      else
        xmlNodeDumpOutput (out, doc, node, 0, 0, NULL);
    }
  el_end (w);
  xmlTextWriterEndDocument (w);
  xmlFreeTextWriter (w);

  bytes = g_bytes_new (xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);
  return bytes;
}

static void
set_not_flat (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA, message);
}

/* The flat document parsed, or why it is not one. */
static xmlDocPtr
parse_flat (GBytes  *fodt,
            GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (fodt, &len);
  xmlNodePtr root, body;
  xmlDocPtr doc;
  g_autofree char *mimetype = NULL;
  g_autofree char *problem = NULL;
  AnnalistXmlRefused refused;
  int line = 0;

  if (len == 0 || len > G_MAXINT)
    {
      set_not_flat (error, len == 0 ? _("The file is not a flat OpenDocument text: it is empty.")
                                    : _("The file is not a flat OpenDocument text: it is too large."));
      return NULL;
    }

  /* No network, no entities loaded or substituted: the file reaches
   * nothing outside itself.  HUGE: pictures inline are long texts. */
  doc = annalist_xml_read_memory (data, len, "flat.fodt",
                                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOERROR,
                                  &problem, &line, &refused);
  /* OpenDocument has no document type; entities declared in one would
   * stay references the parts cannot resolve. */
  if (refused == ANNALIST_XML_REFUSED_DOCTYPE)
    {
      set_not_flat (error, _("The file is not a flat OpenDocument text: it declares a document type."));
      return NULL;
    }
  if (refused == ANNALIST_XML_REFUSED_DEPTH)
    {
      set_not_flat (error, _("The file is not a flat OpenDocument text: its elements are nested deeper "
                             "than any office document's."));
      return NULL;
    }
  if (doc == NULL)
    {
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                   _("The file is not a flat OpenDocument text: it is not well-formed XML (line %d: %s)."),
                   line, problem);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (is_element (root, NS_OFFICE, "document"))
    mimetype = (char *) xmlGetNsProp (root, BAD_CAST "mimetype", BAD_CAST NS_OFFICE);
  if (g_strcmp0 (mimetype, MIMETYPE_TEXT) != 0)
    {
      set_not_flat (error, _("The file is not a flat OpenDocument text: it is another kind of document."));
      xmlFreeDoc (doc);
      return NULL;
    }

  body = office_child (root, "body");
  if (body == NULL || office_child (body, "text") == NULL)
    {
      set_not_flat (error, _("The file is not a flat OpenDocument text: it has no text."));
      xmlFreeDoc (doc);
      return NULL;
    }

  return doc;
}

gboolean
annalist_odf_package_write_flat (GBytes      *fodt,
                                 const char  *path,
                                 GError     **error)
{
  static const char * const content[] = {
    "scripts", "font-face-decls", "automatic-styles", "body", NULL,
  };
  static const char * const styles[] = {
    "font-face-decls", "styles", "automatic-styles", "master-styles", NULL,
  };
  static const char * const meta[] = { "meta", NULL };
  static const char * const settings[] = { "settings", NULL };
  static const struct
  {
    const char         *name;
    const char         *root;
    const char * const *children;
    const char         *needs;           /* the part only with this */
    gboolean            no_page_layouts;
  } parts[] = {
    { "content.xml", "document-content", content, NULL, TRUE },
    { "styles.xml", "document-styles", styles, NULL, FALSE },
    { "meta.xml", "document-meta", meta, "meta", FALSE },
    { "settings.xml", "document-settings", settings, "settings", FALSE },
  };
  g_autoptr(AnnalistOdfDocument) package = NULL;
  xmlDocPtr doc;
  xmlNodePtr root;
  xmlChar *version;

  g_return_val_if_fail (fodt != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  doc = parse_flat (fodt, error);
  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);

  /* The package is written as a document is: mimetype first, into a
   * temporary file beside the target, renamed into place at the end. */
  package = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_ODT, error);
  if (package == NULL)
    {
      xmlFreeDoc (doc);
      return FALSE;
    }
  version = xmlGetNsProp (root, BAD_CAST "version", BAD_CAST NS_OFFICE);
  _annalist_odf_document_set_parts_given (package, (const char *) version);
  xmlFree (version);

  /* One part at a time in memory. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (parts[i].needs != NULL && office_child (root, parts[i].needs) == NULL)
        continue;
      bytes = build_part (doc, parts[i].root, parts[i].children, parts[i].no_page_layouts);
      annalist_odf_document_add_file (package, parts[i].name, "text/xml", bytes);
    }
  xmlFreeDoc (doc);

  return annalist_odf_document_close (package, error);
}
