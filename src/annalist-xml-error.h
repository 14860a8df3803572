/* annalist-xml-error.h — what libxml2 found wrong, in the user's words
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template or a spreadsheet that is not well-formed XML is refused in a
 * sentence; what is wrong in it comes from libxml2, in English. The
 * mistakes a person makes by hand (a tag closed as another, an element
 * never closed, a bare «&», text that is not UTF-8) are said here in the
 * interface's language, with the names and lines libxml2 gives; anything
 * else keeps libxml2's own words.
 */

#pragma once

#include <glib.h>
#include <libxml/parser.h>

G_BEGIN_DECLS

/* A phrase that continues «… line N: », never NULL. */
char      *annalist_xml_error_describe (const xmlError  *error);

/* xmlReadMemory () with @options, except that a document that cannot be
 * read gives NULL with the first error libxml2 met (the one a person
 * fixes first; the last is often only its consequence) in @problem, as
 * annalist_xml_error_describe () says it, and its line in @line.
 *
 * Two things no office document has are refused where they start, NULL
 * with no @problem and @refused saying which (ANNALIST_XML_READ
 * otherwise): a document type, before its declarations are read (the
 * entities it declares could expand a few bytes into gigabytes), and
 * elements nested deeper than ANNALIST_XML_MAX_DEPTH (every walk of a
 * tree would overflow the stack); @line is then where. XML_PARSE_HUGE
 * lifts libxml2's own limits on both. */
#define ANNALIST_XML_MAX_DEPTH 256

typedef enum
{
  ANNALIST_XML_READ,
  ANNALIST_XML_REFUSED_DOCTYPE,
  ANNALIST_XML_REFUSED_DEPTH,
} AnnalistXmlRefused;

xmlDocPtr  annalist_xml_read_memory    (const char          *data,
                                        gsize                length,
                                        const char          *url,
                                        int                  options,
                                        char               **problem,
                                        int                 *line,
                                        AnnalistXmlRefused  *refused);

G_END_DECLS
