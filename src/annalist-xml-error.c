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

char *
annalist_xml_error_describe (const xmlError *error)
{
  g_autofree char *str1 = NULL;
  g_autofree char *str2 = NULL;

  if (error == NULL)
    return g_strdup ("?");
  str1 = valid (error->str1);
  str2 = valid (error->str2);
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
      break;
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
      break;
    }
  return g_strstrip (valid (error->message));
}

/* The mistakes said in the interface's words, above. */
static gboolean
described (int code)
{
  switch (code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_ATTRIBUTE_REDEFINED:
    case XML_ERR_MISPLACED_CDATA_END:
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_TAG_NAME_MISMATCH:
    case XML_ERR_TAG_NOT_FINISHED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The first error, and the first that is one of those above: libxml2
 * sometimes first says «attributes construct error» and only then what
 * a person would understand («Couldn't find end of Start Tag»). */
typedef struct
{
  xmlError first;
  xmlError first_described;
  gboolean seen;
  gboolean seen_described;
} FirstError;

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
  if (!first->seen)
    first->seen = xmlCopyError ((xmlErrorPtr) error, &first->first) == 0;
  if (!first->seen_described && described (error->code))
    first->seen_described = xmlCopyError ((xmlErrorPtr) error, &first->first_described) == 0;
}

xmlDocPtr
annalist_xml_read_memory (const char  *data,
                          gsize        length,
                          const char  *url,
                          int          options,
                          char       **problem,
                          int         *line)
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
  doc = xmlCtxtReadMemory (context, data, (int) length, url, NULL, options);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *error = first.seen_described ? &first.first_described
                              : first.seen          ? &first.first
                                                    : xmlCtxtGetLastError (context);

      *problem = error != NULL && error->code != XML_ERR_OK ? annalist_xml_error_describe (error)
                                                           : g_strdup (_("there is no element where the document should begin"));
      *line = error != NULL ? error->line : 0;
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  xmlResetError (&first.first);
  xmlResetError (&first.first_described);
  xmlFreeParserCtxt (context);
  return doc;
}
