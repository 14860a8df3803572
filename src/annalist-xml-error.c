/* annalist-xml-error.c — what libxml2 found wrong, in the user's words
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-xml-error.h"

/* libxml2's strings are the file's bytes: made valid before they reach a
 * sentence. */
static char *
valid (const char *text)
{
  return g_utf8_make_valid (text != NULL ? text : "?", -1);
}

/* @error in the interface's words when it is one of the mistakes a
 * person makes by hand, NULL otherwise. */
static char *
phrase (const xmlError *error)
{
  g_autofree char *str1 = valid (error->str1);
  g_autofree char *str2 = valid (error->str2);

  switch (error->code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
      return g_strdup (_("there is no element where the document should begin"));
    case XML_ERR_DOCUMENT_END:
      return g_strdup (_("there is more after the end of the document"));
    case XML_ERR_INVALID_CHAR:
      /* libxml2 names the bytes it could not decode. */
      if (error->str1 != NULL && g_str_has_prefix (error->str1, "Bytes:"))
        return g_strdup (_("the text is not in the UTF-8 encoding"));
      return g_strdup (_("a character that XML does not allow"));
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
      return g_strdup (_("an “&” that starts no entity (a bare “&” is written “&amp;”)"));
    case XML_ERR_NAME_REQUIRED:
      /* A name is missing after a bare «&» or «<»: libxml2 says which. */
      if (error->message != NULL && strstr (error->message, "EntityRef") != NULL)
        return g_strdup (_("an “&” that starts no entity (a bare “&” is written “&amp;”)"));
      if (error->message != NULL && strstr (error->message, "StartTag") != NULL)
        return g_strdup (_("a “<” that starts no tag (a bare “<” is written “&lt;”)"));
      return NULL;
    case XML_ERR_UNDECLARED_ENTITY:
      return g_strdup_printf (_("the entity “&%s;” is not defined"), str1);
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
      return g_strdup_printf (_("the attribute “%s” has no value"), str1);
    case XML_ERR_ATTRIBUTE_REDEFINED:
      return g_strdup_printf (_("the attribute “%s” is given twice"), str1);
    case XML_ERR_MISPLACED_CDATA_END:
      return g_strdup (_("“]]>” stands in the text"));
    case XML_ERR_GT_REQUIRED:
      return g_strdup_printf (_("the tag of the element “%s” is not closed with “>”"), str1);
    case XML_ERR_TAG_NAME_MISMATCH:
      return g_strdup_printf (_("the element “%s” opened on line %d is closed as “%s”"),
                              str1, error->int1, str2);
    case XML_ERR_TAG_NOT_FINISHED:
      return g_strdup_printf (_("the element “%s” opened on line %d is never closed"),
                              str1, error->int1);
    default:
      return NULL;
    }
}

char *
annalist_xml_error_describe (const xmlError *error)
{
  char *text;

  if (error == NULL)
    return g_strdup ("?");
  text = phrase (error);
  return text != NULL ? text : g_strstrip (valid (error->message));
}

/* What the first error said, and what the first of those phrase () knows
 * said: libxml2 sometimes first says «attributes construct error» and
 * only then what a person would understand («Couldn't find end of Start
 * Tag»). */
typedef struct
{
  char *first;
  int   first_line;
  char *known;
  int   known_line;
  AnnalistXmlRefused refused;
  int   refused_line;
  guint depth;
} FirstError;

static void
refuse (xmlParserCtxtPtr   context,
        AnnalistXmlRefused what)
{
  FirstError *first = context->_private;

  first->refused = what;
  first->refused_line = xmlSAX2GetLineNumber (context);
  xmlStopParser (context);
}

static void
stop_at_doctype (void          *data,
                 const xmlChar *name,
                 const xmlChar *external_id,
                 const xmlChar *system_id)
{
  refuse (data, ANNALIST_XML_REFUSED_DOCTYPE);
}

static void
start_element (void           *data,
               const xmlChar  *localname,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             n_namespaces,
               const xmlChar **namespaces,
               int             n_attributes,
               int             n_defaulted,
               const xmlChar **attributes)
{
  xmlParserCtxtPtr context = data;
  FirstError *first = context->_private;

  if (++first->depth > ANNALIST_XML_MAX_DEPTH)
    {
      refuse (context, ANNALIST_XML_REFUSED_DEPTH);
      return;
    }
  xmlSAX2StartElementNs (data, localname, prefix, uri, n_namespaces, namespaces,
                         n_attributes, n_defaulted, attributes);
}

static void
end_element (void          *data,
             const xmlChar *localname,
             const xmlChar *prefix,
             const xmlChar *uri)
{
  xmlParserCtxtPtr context = data;
  FirstError *first = context->_private;

  first->depth--;
  xmlSAX2EndElementNs (data, localname, prefix, uri);
}

static void
keep_first (void     *data,
#if LIBXML_VERSION >= 21200
            const xmlError *error)
#else
            xmlErrorPtr     error)
#endif
{
  xmlParserCtxtPtr context = data;
  FirstError *first = context->_private;

  if (error == NULL || error->level < XML_ERR_ERROR)
    return;
  if (first->first == NULL)
    {
      first->first = annalist_xml_error_describe (error);
      first->first_line = error->line;
    }
  if (first->known == NULL && (first->known = phrase (error)) != NULL)
    first->known_line = error->line;
}

xmlDocPtr
annalist_xml_read_memory (const char  *data,
                          gsize        length,
                          const char  *url,
                          int          options,
                          char       **problem,
                          int         *line,
                          AnnalistXmlRefused *refused)
{
  FirstError first = { 0 };
  xmlParserCtxtPtr context;
  xmlDocPtr doc;

  g_return_val_if_fail (length <= G_MAXINT, NULL);

  context = xmlNewParserCtxt ();
  if (context == NULL)
    {
      *problem = g_strdup ("?");
      *line = 0;
      return NULL;
    }
  context->_private = &first;
  context->sax->serror = keep_first;
  context->sax->internalSubset = stop_at_doctype;
  context->sax->startElementNs = start_element;
  context->sax->endElementNs = end_element;
  doc = xmlCtxtReadMemory (context, data, (int) length, url, NULL, options);
  *refused = first.refused;
  if (first.refused != ANNALIST_XML_READ)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      *problem = NULL;
      *line = first.refused_line;
    }
  else if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      if (first.known != NULL)
        {
          *problem = g_steal_pointer (&first.known);
          *line = first.known_line;
        }
      else if (first.first != NULL)
        {
          *problem = g_steal_pointer (&first.first);
          *line = first.first_line;
        }
      else
        {
          /* An empty text raises no error through the handler. */
          *problem = g_strdup (_("there is no element where the document should begin"));
          *line = 0;
        }
    }
  g_free (first.first);
  g_free (first.known);
  xmlFreeParserCtxt (context);
  return doc;
}
