/* annalist-template-load.c — a template file read into one flat document
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template comes as a package (.odt, .ott: a zip of content.xml,
 * styles.xml, meta.xml, pictures …) or as a flat .fodt. Either way the
 * engine works on one office:document tree, the flat form, so that a loop
 * or a value is found the same way in both. Merging a package into the
 * flat form needs one care: the automatic styles of styles.xml (those of
 * page headers and footers) and of content.xml are separate name spaces
 * in a package and may share names («P1»); the first are renamed.
 *
 * The file is the user's: it is parsed without network access, without
 * loading external entities, and with the limits of the package reader.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-odf.h"
#include "annalist-office-file.h"
#include "annalist-template-private.h"
#include "annalist-xml-error.h"

/* @part: the package's part ("content.xml"), NULL for a flat file. */
static xmlDocPtr
parse_xml (const char  *data,
           gsize        length,
           const char  *part,
           const char  *name,
           GError     **error)
{
  g_autofree char *problem = NULL;
  AnnalistXmlRefused refused;
  xmlDocPtr doc;
  int line = 0;

  if (length > G_MAXINT)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is too large."), name);
      return NULL;
    }
  /* No network, no external entities, no DTD: a template cannot reach
   * outside itself. HUGE: pictures inside a flat file are long texts. */
  doc = annalist_xml_read_memory (data, length, part,
                                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOERROR | XML_PARSE_COMPACT,
                                  &problem, &line, &refused);
  if (refused == ANNALIST_XML_REFUSED_DOCTYPE)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” cannot be read: it declares a document type (<!DOCTYPE>), "
                     "which no office document has."),
                   name);
      return NULL;
    }
  if (refused == ANNALIST_XML_REFUSED_DEPTH)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” cannot be read: its elements are nested more than %d deep "
                     "(line %d), which no office document does."),
                   name, ANNALIST_XML_MAX_DEPTH, line);
      return NULL;
    }
  if (doc == NULL)
    {
      if (part == NULL)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The template “%s” cannot be read: it is not well-formed XML (line %d: %s)."),
                     name, line, problem);
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The template “%s” cannot be read: %s is not well-formed XML (line %d: %s)."),
                     name, part, line, problem);
      return NULL;
    }
  return doc;
}

/* Copies the children of @from (an element of another document) to the
 * end of @to. */
static void
copy_children (xmlNodePtr to,
               xmlNodePtr from)
{
  for (xmlNodePtr c = from ? from->children : NULL; c != NULL; c = c->next)
    xmlAddChild (to, xmlDocCopyNode (c, to->doc, 1));
}

static xmlNodePtr
copy_element (xmlNodePtr root,
              xmlNodePtr from)
{
  xmlNodePtr copy;

  if (from == NULL)
    return NULL;
  copy = xmlDocCopyNode (from, root->doc, 1);
  xmlAddChild (root, copy);
  return copy;
}

static void
copy_namespaces (xmlNodePtr root,
                 xmlNodePtr from)
{
  for (xmlNsPtr ns = from ? from->nsDef : NULL; ns != NULL; ns = ns->next)
    {
      if (ns->prefix == NULL || xmlSearchNs (root->doc, root, ns->prefix) != NULL)
        continue;
      xmlNewNs (root, ns->href, ns->prefix);
    }
}

/* Renames the automatic styles of @styles_auto that clash with a name of
 * @taken, and every reference to them under @scope. */
static void
rename_clashing_styles (xmlNodePtr  styles_auto,
                        GHashTable *taken,
                        xmlNodePtr  scope)
{
  g_autoptr(GHashTable) renames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (xmlNodePtr s = styles_auto ? styles_auto->children : NULL; s != NULL; s = s->next)
    {
      g_autofree char *name = NULL;

      if (s->type != XML_ELEMENT_NODE)
        continue;
      name = (char *) xmlGetNsProp (s, BAD_CAST "name", BAD_CAST NS_STYLE);
      if (name != NULL && g_hash_table_contains (taken, name))
        {
          g_autofree char *fresh = NULL;
          guint n = 1;

          do
            {
              g_free (fresh);
              fresh = g_strdup_printf ("%s_m%u", name, n++);
            }
          while (g_hash_table_contains (taken, fresh));
          xmlSetNsProp (s, s->ns, BAD_CAST "name", BAD_CAST fresh);
          g_hash_table_add (taken, g_strdup (fresh));
          g_hash_table_insert (renames, g_steal_pointer (&name), g_steal_pointer (&fresh));
        }
    }

  if (g_hash_table_size (renames) == 0)
    return;

  /* Every attribute that names a style: *style-name, *-name of lists and
   * data styles, page-layout-name. */
  for (xmlNodePtr n = scope; n != NULL; )
    {
      if (n->type == XML_ELEMENT_NODE)
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
          {
            const char *local = (const char *) a->name;
            g_autofree char *value = NULL;
            const char *fresh;

            if (!g_str_has_suffix (local, "style-name") && !g_str_has_suffix (local, "layout-name") &&
                !g_str_equal (local, "list-style-name"))
              continue;
            value = (char *) xmlNodeGetContent ((xmlNodePtr) a);
            fresh = g_hash_table_lookup (renames, value);
            if (fresh != NULL)
              xmlSetNsProp (n, a->ns, a->name, BAD_CAST fresh);
          }

      /* Depth first within @scope. */
      if (n->children != NULL && n->type == XML_ELEMENT_NODE)
        n = n->children;
      else
        {
          while (n != NULL && n != scope && n->next == NULL)
            n = n->parent;
          n = (n == NULL || n == scope) ? NULL : n->next;
        }
    }
}

static void
collect_style_names (xmlNodePtr  automatic,
                     GHashTable *names)
{
  for (xmlNodePtr s = automatic ? automatic->children : NULL; s != NULL; s = s->next)
    {
      char *name;

      if (s->type != XML_ELEMENT_NODE)
        continue;
      name = (char *) xmlGetNsProp (s, BAD_CAST "name", BAD_CAST NS_STYLE);
      if (name != NULL)
        {
          g_hash_table_add (names, g_strdup (name));
          xmlFree (name);
        }
    }
}

/* The other OpenDocument kinds by their media type, as people name them;
 * NULL for one that is not known. */
static const char *
other_odf_kind (const char *media_type)
{
  static const struct { const char *type; const char *what; } kinds[] = {
    { "spreadsheet", N_("a spreadsheet (.ods)") },
    { "presentation", N_("a presentation (.odp)") },
    { "graphics", N_("a drawing (.odg)") },
    { "formula", N_("a formula (.odf)") },
    { "chart", N_("a chart (.odc)") },
    { "base", N_("a database (.odb)") },
    { "text-master", N_("a master document (.odm)") },
  };
  const char *prefix = "application/vnd.oasis.opendocument.";
  const char *rest;

  if (!g_str_has_prefix (media_type, prefix))
    return NULL;
  rest = media_type + strlen (prefix);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gsize n = strlen (kinds[i].type);

      /* Each kind's template too: spreadsheet-template. */
      if (strncmp (rest, kinds[i].type, n) == 0 && (rest[n] == '\0' || g_str_equal (rest + n, "-template")))
        return _(kinds[i].what);
    }
  return NULL;
}

/* A package's type is a media type, short printable ASCII; anything
 * else is the part damaged, not a type to show. */
static gboolean
is_media_type (const char *type)
{
  gsize n = 0;

  for (; type[n] != '\0'; n++)
    if (type[n] <= ' ' || type[n] > '~' || n >= 255)
      return FALSE;
  return n > 0 && strchr (type, '/') != NULL;
}

static gboolean
load_package (AnnalistTemplate  *self,
              GBytes            *bytes,
              GError           **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GError) local_error = NULL;
  xmlDocPtr content = NULL, styles = NULL, meta = NULL, settings = NULL, manifest = NULL;
  xmlNodePtr root, croot, sroot;
  GBytes *part;
  gboolean ok = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  parts = annalist_odf_package_read (bytes, &local_error);
  if (parts == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” cannot be read: %s."), self->name, local_error->message);
      return FALSE;
    }

  part = g_hash_table_lookup (parts, "mimetype");
  if (part != NULL)
    {
      g_autofree char *type = g_strndup (g_bytes_get_data (part, NULL), g_bytes_get_size (part));

      g_strstrip (type);
      if (!is_media_type (type))
        {
          g_autofree char *damaged = g_strdup_printf (_("its part “%s” is damaged"), "mimetype");

          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("The template “%s” cannot be read: %s."), self->name, damaged);
          return FALSE;
        }
      if (!g_str_equal (type, "application/vnd.oasis.opendocument.text") &&
          !g_str_equal (type, "application/vnd.oasis.opendocument.text-template"))
        {
          const char *what = other_odf_kind (type);

          if (what != NULL)
            g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                         _("The template “%s” is %s, not a text document: save it from a word processor as .odt."),
                         self->name, what);
          else
            g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                         _("The template “%s” is not a text document (it is “%s”): save it from a word processor as .odt."),
                         self->name, type);
          return FALSE;
        }
    }

#define PARSE(var, file) G_STMT_START {                                                 \
    GBytes *b = g_hash_table_lookup (parts, file);                                      \
    if (b != NULL)                                                                      \
      {                                                                                 \
        var = parse_xml (g_bytes_get_data (b, NULL), g_bytes_get_size (b), file,        \
                         self->name, error);                                            \
        if (var == NULL)                                                                \
          goto out;                                                                     \
      }                                                                                 \
  } G_STMT_END

  PARSE (content, "content.xml");
  PARSE (styles, "styles.xml");
  PARSE (meta, "meta.xml");
  PARSE (settings, "settings.xml");
  PARSE (manifest, "META-INF/manifest.xml");
#undef PARSE

  croot = content ? xmlDocGetRootElement (content) : NULL;
  if (!_annalist_xml_is (croot, NS_OFFICE, "document-content") ||
      _annalist_xml_child (_annalist_xml_child (croot, NS_OFFICE, "body"), NS_OFFICE, "text") == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is not a text document: its content is not an ODF text."),
                   self->name);
      goto out;
    }
  sroot = styles ? xmlDocGetRootElement (styles) : NULL;

  self->doc = xmlNewDoc (BAD_CAST "1.0");
  root = xmlNewDocNode (self->doc, NULL, BAD_CAST "document", NULL);
  xmlDocSetRootElement (self->doc, root);
  copy_namespaces (root, croot);
  copy_namespaces (root, sroot);
  {
    xmlNsPtr office = xmlSearchNsByHref (self->doc, root, BAD_CAST NS_OFFICE);

    if (office == NULL)
      office = xmlNewNs (root, BAD_CAST NS_OFFICE, BAD_CAST "office");
    xmlSetNs (root, office);
    xmlSetNsProp (root, office, BAD_CAST "version", BAD_CAST "1.3");
    xmlSetNsProp (root, office, BAD_CAST "mimetype", BAD_CAST "application/vnd.oasis.opendocument.text");
  }

  {
    g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    xmlNodePtr sauto = _annalist_xml_child (sroot, NS_OFFICE, "automatic-styles");
    xmlNodePtr cauto = _annalist_xml_child (croot, NS_OFFICE, "automatic-styles");
    xmlNodePtr decls, automatic;

    collect_style_names (cauto, taken);
    if (sroot != NULL)
      rename_clashing_styles (sauto, taken, sroot);

    copy_element (root, meta ? _annalist_xml_child (xmlDocGetRootElement (meta), NS_OFFICE, "meta") : NULL);
    copy_element (root, settings ? _annalist_xml_child (xmlDocGetRootElement (settings), NS_OFFICE, "settings") : NULL);
    copy_element (root, _annalist_xml_child (croot, NS_OFFICE, "scripts"));

    /* Fonts: those of both parts, each name once. */
    decls = xmlNewChild (root, xmlSearchNsByHref (self->doc, root, BAD_CAST NS_OFFICE),
                         BAD_CAST "font-face-decls", NULL);
    {
      g_autoptr(GHashTable) fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      xmlNodePtr sources[] = { _annalist_xml_child (sroot, NS_OFFICE, "font-face-decls"),
                               _annalist_xml_child (croot, NS_OFFICE, "font-face-decls") };

      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        for (xmlNodePtr f = sources[i] ? sources[i]->children : NULL; f != NULL; f = f->next)
          {
            char *name;

            if (f->type != XML_ELEMENT_NODE)
              continue;
            name = (char *) xmlGetNsProp (f, BAD_CAST "name", BAD_CAST NS_STYLE);
            if (name == NULL || g_hash_table_contains (fonts, name))
              {
                xmlFree (name);
                continue;
              }
            g_hash_table_add (fonts, g_strdup (name));
            xmlFree (name);
            xmlAddChild (decls, xmlDocCopyNode (f, self->doc, 1));
          }
    }

    copy_element (root, _annalist_xml_child (sroot, NS_OFFICE, "styles"));
    automatic = xmlNewChild (root, xmlSearchNsByHref (self->doc, root, BAD_CAST NS_OFFICE),
                             BAD_CAST "automatic-styles", NULL);
    copy_children (automatic, sauto);
    copy_children (automatic, cauto);
    copy_element (root, _annalist_xml_child (sroot, NS_OFFICE, "master-styles"));
    copy_element (root, _annalist_xml_child (croot, NS_OFFICE, "body"));
  }
  xmlReconciliateNs (self->doc, root);

  /* The other files of the package travel with the document: pictures,
   * embedded objects. What is rebuilt or would be stale stays behind. */
  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *path = key;

      if (g_str_equal (path, "mimetype") || g_str_equal (path, "content.xml") ||
          g_str_equal (path, "styles.xml") || g_str_equal (path, "meta.xml") ||
          g_str_equal (path, "settings.xml") || g_str_has_prefix (path, "META-INF/") ||
          g_str_has_prefix (path, "Thumbnails/") || g_str_has_prefix (path, "Configurations2/") ||
          g_str_equal (path, "layout-cache") || g_str_has_suffix (path, "/"))
        continue;
      g_hash_table_insert (self->parts, g_strdup (path), g_bytes_ref (value));
    }

  if (manifest != NULL)
    for (xmlNodePtr e = xmlDocGetRootElement (manifest)->children; e != NULL; e = e->next)
      {
        char *path, *type;

        if (!_annalist_xml_is (e, NS_MANIFEST, "file-entry"))
          continue;
        path = (char *) xmlGetNsProp (e, BAD_CAST "full-path", BAD_CAST NS_MANIFEST);
        type = (char *) xmlGetNsProp (e, BAD_CAST "media-type", BAD_CAST NS_MANIFEST);
        if (path != NULL && type != NULL)
          g_hash_table_insert (self->media_types, g_strdup (path), g_strdup (type));
        xmlFree (path);
        xmlFree (type);
      }

  ok = TRUE;

out:
  g_clear_pointer (&content, xmlFreeDoc);
  g_clear_pointer (&styles, xmlFreeDoc);
  g_clear_pointer (&meta, xmlFreeDoc);
  g_clear_pointer (&settings, xmlFreeDoc);
  g_clear_pointer (&manifest, xmlFreeDoc);
  return ok;
}

static gboolean
load_flat (AnnalistTemplate  *self,
           GBytes            *bytes,
           GError           **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  xmlNodePtr root;

  self->doc = parse_xml (data, length, NULL, self->name, error);
  if (self->doc == NULL)
    return FALSE;

  root = xmlDocGetRootElement (self->doc);
  if (!_annalist_xml_is (root, NS_OFFICE, "document") ||
      _annalist_xml_child (_annalist_xml_child (root, NS_OFFICE, "body"), NS_OFFICE, "text") == NULL)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is not a text document: save it from a word processor as .odt or .fodt."),
                   self->name);
      return FALSE;
    }
  return TRUE;
}

/* The forms of organisation names the template gives in its document
 * properties (File ▸ Properties ▸ Custom Properties in Writer). */
static void
read_properties (AnnalistTemplate *self)
{
  xmlNodePtr root = xmlDocGetRootElement (self->doc);
  xmlNodePtr meta = _annalist_xml_child (root, NS_OFFICE, "meta");

  for (xmlNodePtr m = meta ? meta->children : NULL; m != NULL; m = m->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *folded = NULL;

      if (_annalist_xml_is (m, "http://purl.org/dc/elements/1.1/", "title"))
        {
          g_autofree char *title = (char *) xmlNodeGetContent (m);

          g_free (self->title);
          self->title = g_strstrip (g_strdup (title));
          if (*self->title == '\0')
            g_clear_pointer (&self->title, g_free);
          continue;
        }
      if (!_annalist_xml_is (m, NS_META, "user-defined"))
        continue;
      name = (char *) xmlGetNsProp (m, BAD_CAST "name", BAD_CAST NS_META);
      folded = name ? _annalist_name_fold (name) : NULL;
      if (folded != NULL && (g_str_equal (folded, "формы названий организаций") ||
                             g_str_equal (folded, "org-words")))
        {
          g_autofree char *text = (char *) xmlNodeGetContent (m);

          g_clear_pointer (&self->org_words, g_hash_table_unref);
          self->org_words = _annalist_org_words_new (text);
        }
    }
}

/* What a paragraph style says of pages itself: its page style (NULL: it
 * does not say; "": none) and its break before (NULL: it does not say). */
typedef struct
{
  char *parent;
  char *master;
  char *brk;
} PageStyle;

static void
page_style_free (gpointer data)
{
  PageStyle *p = data;

  xmlFree (p->parent);
  xmlFree (p->master);
  xmlFree (p->brk);
  g_free (p);
}

/* The paragraph styles that start a page: a break before, or a page
 * style of their own (a title page). Either may come from the style's
 * parent: Writer gives a paragraph the user typed in an automatic style
 * of its own («P7», its revision id) whose parent is the template's
 * «Annalist Title Page». */
static void
find_page_styles (AnnalistTemplate *self)
{
  xmlNodePtr root = xmlDocGetRootElement (self->doc);
  const char *containers[] = { "styles", "automatic-styles" };
  g_autoptr(GHashTable) styles = g_hash_table_new_full (g_str_hash, g_str_equal, xmlFree, page_style_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      xmlNodePtr container = _annalist_xml_child (root, NS_OFFICE, containers[i]);

      for (xmlNodePtr s = container ? container->children : NULL; s != NULL; s = s->next)
        {
          xmlChar *name;
          PageStyle *p;

          if (!_annalist_xml_is (s, NS_STYLE, "style"))
            continue;
          name = xmlGetNsProp (s, BAD_CAST "name", BAD_CAST NS_STYLE);
          if (name == NULL)
            continue;
          p = g_new0 (PageStyle, 1);
          p->parent = (char *) xmlGetNsProp (s, BAD_CAST "parent-style-name", BAD_CAST NS_STYLE);
          p->master = (char *) xmlGetNsProp (s, BAD_CAST "master-page-name", BAD_CAST NS_STYLE);
          for (xmlNodePtr pp = s->children; pp != NULL && p->brk == NULL; pp = pp->next)
            if (_annalist_xml_is (pp, NS_STYLE, "paragraph-properties"))
              p->brk = (char *) xmlGetNsProp (pp, BAD_CAST "break-before",
                                              BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0");
          g_hash_table_replace (styles, name, p);
        }
    }

  g_hash_table_iter_init (&iter, styles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *master = NULL, *brk = NULL;
      PageStyle *p = value;

      /* The nearest style that says; a loop of parents ends. */
      for (guint depth = 0; p != NULL && depth < 32 && (master == NULL || brk == NULL); depth++)
        {
          if (master == NULL)
            master = p->master;
          if (brk == NULL)
            brk = p->brk;
          p = p->parent != NULL ? g_hash_table_lookup (styles, p->parent) : NULL;
        }
      if ((master != NULL && *master != '\0') || g_strcmp0 (brk, "page") == 0)
        g_hash_table_add (self->page_styles, g_strdup (key));
    }
}

/* A flat file is XML: after a byte order mark and blanks, a tag. */
static gboolean
looks_like_xml (const guchar *data,
                gsize         length)
{
  gsize i = 0;

  if (length >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    return TRUE; /* UTF-16, which the XML parser reads */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i < length && data[i] == '<';
}

/* Refuses a file of another kind by what it is, with what to do; FALSE
 * when it is none that is known. */
static gboolean
refuse_other_file (AnnalistOfficeFile   kind,
                   const char          *name,
                   GError             **error)
{
  switch (kind)
    {
    case ANNALIST_OFFICE_FILE_ENCRYPTED:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is protected by a password: open it in LibreOffice Writer "
                     "and save it again without the password."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_OLE2:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is a Word 97–2003 document (.doc) or another file in an old "
                     "Microsoft Office format: open it in LibreOffice Writer and save it as .odt."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_DOCX:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is a Word document (.docx): open it in LibreOffice Writer "
                     "and save it as .odt."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_XLSX:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is an Excel workbook (.xlsx), not a text document: "
                     "a template is made in a word processor and saved as .odt."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_PPTX:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is a PowerPoint presentation (.pptx), not a text document: "
                     "a template is made in a word processor and saved as .odt."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_PDF:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is a PDF file: a template is the text document that a PDF "
                     "is made from, saved as .odt."), name);
      return TRUE;
    case ANNALIST_OFFICE_FILE_UNKNOWN:
    default:
      return FALSE;
    }
}

gboolean
_annalist_template_load (AnnalistTemplate  *self,
                         GBytes            *bytes,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const guchar *data = g_bytes_get_data (bytes, &length);
  gboolean ok;

  if (length == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” is an empty file."), self->name);
      return FALSE;
    }

  if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    ok = load_package (self, bytes, &local_error);
  else if (looks_like_xml (data, length))
    ok = load_flat (self, bytes, &local_error);
  else
    ok = FALSE;

  if (!ok)
    {
      /* A file that is something else is named for what it is, with
       * what to do; the readers' own reasons are for damaged packages
       * and XML. */
      if (!refuse_other_file (annalist_office_file_identify (bytes), self->name, error))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                         _("The template “%s” is not an OpenDocument file: neither a package "
                           "(.odt, .ott) nor flat XML (.fodt). Save it from a word processor as .odt."),
                         self->name);
        }
    }
  else
    {
      read_properties (self);
      find_page_styles (self);
    }
  return ok;
}
