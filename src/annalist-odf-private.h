/* annalist-odf-private.h
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/xmlwriter.h>

#include "annalist-odf.h"
#include "annalist-xml-out.h"

G_BEGIN_DECLS

/* Short names for the writer calls every part makes. */
static inline void
el_start (xmlTextWriterPtr  w,
          const char       *name)
{
  xmlTextWriterStartElement (w, BAD_CAST name);
}

static inline void
el_end (xmlTextWriterPtr w)
{
  xmlTextWriterEndElement (w);
}

static inline void
attr (xmlTextWriterPtr  w,
      const char       *name,
      const char       *value)
{
  xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST value);
}

/* The temporary a document is written to (annalist-odf-temporary.c): a
 * g_mkstemp() template beside @path, hidden and named after this host and
 * process; the writer locks the open file; stale ones (their process
 * gone) in @path's folder are removed before a new one is made. */
char     *_annalist_odf_temporary_template        (const char *path);
void      _annalist_odf_temporary_lock            (int         fd);
void      _annalist_odf_remove_stale_temporaries  (const char *path);

/* The writer of the document's text, for the template engine. */
AnnalistXmlOut *_annalist_odf_document_body       (AnnalistOdfDocument    *self);
/* For a package whose parts the caller gives whole, through
 * annalist_odf_document_add_file(): close() adds only the manifest, with
 * @version (the document's office:version; NULL: none) on its root and
 * its "/" entry.  Called before anything is added. */
void      _annalist_odf_document_set_parts_given (AnnalistOdfDocument *self,
                                                  const char          *version);
/* The table of contents' entries go here: @styles[level] is the style of
 * an entry of that level (1…10), @levels the deepest level listed. */
void      _annalist_odf_document_toc_here (AnnalistOdfDocument    *self,
                                           const char * const     *styles,
                                           guint                   levels);
/* A heading written, for the table of contents. */
void      _annalist_odf_document_toc_entry (AnnalistOdfDocument   *self,
                                            guint                  level,
                                            const char            *text);
/* The same for a heading being written: the name of the bookmark to put
 * in it for its entry's page number, or NULL for none. */
const char *_annalist_odf_document_toc_mark (AnnalistOdfDocument  *self,
                                             guint                 level,
                                             const char           *text);

/* The ODF namespaces every part declares on its root element. */
void      _annalist_odf_write_namespaces (xmlTextWriterPtr        writer);
/* A libxml2 writer into a memory buffer, and what it wrote (the writer
 * and the buffer freed). */
xmlTextWriterPtr _annalist_odf_memory_writer_new   (xmlBufferPtr    *buf);
GBytes          *_annalist_odf_memory_writer_bytes (xmlTextWriterPtr w,
                                                    xmlBufferPtr     buf);

/* Writes @text (sanitized, no spaces handling) as character data. */
void      _annalist_odf_write_plain_text (xmlTextWriterPtr        writer,
                                          const char             *text);
/* The same into the document's text. */
void      _annalist_odf_out_plain_text   (AnnalistXmlOut         *out,
                                          const char             *text);

/* Writes a length such as "16.500cm", whatever the locale. */
void      _annalist_odf_write_length     (xmlTextWriterPtr        writer,
                                          const char             *name,
                                          double                  value,
                                          const char             *unit);

/* The chart object: office:document-content (package part) when @flat is
 * FALSE, an inline office:document when TRUE. */
void      _annalist_odf_chart_write      (xmlTextWriterPtr        writer,
                                          const AnnalistOdfChart *chart,
                                          gboolean                flat);

/* The replacement picture of the chart, for programs that cannot draw
 * the chart itself: an SVG image, its text in @font_name. */
GBytes   *_annalist_odf_chart_render_svg (const AnnalistOdfChart *chart,
                                          const char             *font_name);

G_END_DECLS
