/* annalist-xml-out.h
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* A small streaming XML writer for the document's text: bytes gather in
 * a buffer that goes to a sink in big blocks (or stays in memory), open
 * elements' names on a stack of their own.  It writes exactly what
 * libxml2's xmlTextWriter (no indentation) writes for the same calls:
 * an element with nothing inside as <x/>, its escaping of text and of
 * attribute values. */
typedef struct _AnnalistXmlOut AnnalistXmlOut;

/* Takes @len bytes of output. */
typedef void (*AnnalistXmlOutSink) (gpointer    data,
                                    const char *bytes,
                                    gsize       len);

/* @sink NULL: the output stays in memory (annalist_xml_out_steal()). */
AnnalistXmlOut *annalist_xml_out_new        (AnnalistXmlOutSink  sink,
                                             gpointer            data);
/* Does not close the open elements, nor flush. */
void            annalist_xml_out_free       (AnnalistXmlOut     *self);
/* Everything written so far, for a writer without a sink. */
GBytes         *annalist_xml_out_steal      (AnnalistXmlOut     *self);
/* Hands the buffer to the sink. */
void            annalist_xml_out_flush      (AnnalistXmlOut     *self);

void            annalist_xml_out_start      (AnnalistXmlOut     *self,
                                             const char         *name);
/* Ends the innermost open element: <x/> when nothing went inside. */
void            annalist_xml_out_end        (AnnalistXmlOut     *self);
/* An attribute of the element just started, the value escaped as
 * libxml2 does (& < > " and tab, line feed, carriage return as
 * references, letters outside ASCII as &#x…;).  FALSE (nothing written)
 * outside a start tag. */
gboolean        annalist_xml_out_attr       (AnnalistXmlOut     *self,
                                             const char         *name,
                                             const char         *value);
/* Starts an attribute (` name="`) whose value the caller writes with
 * annalist_xml_out_append() and ends with annalist_xml_out_attr_end().
 * FALSE (nothing written) outside a start tag. */
gboolean        annalist_xml_out_attr_begin (AnnalistXmlOut     *self,
                                             const char         *name);
void            annalist_xml_out_attr_end   (AnnalistXmlOut     *self);
/* Takes back the end of the element ended last, when it is @name and
 * nothing was written since (nor handed to the sink): what is written
 * next goes inside it, before its end. FALSE, and nothing changed,
 * otherwise. */
gboolean        annalist_xml_out_reopen     (AnnalistXmlOut     *self,
                                             const char         *name);
/* Character data, escaped as libxml2 does (& < > " and carriage return);
 * closes the start tag even when @text is empty. */
void            annalist_xml_out_text       (AnnalistXmlOut     *self,
                                             const char         *text);
/* Bytes as they are, after closing the start tag. */
void            annalist_xml_out_raw        (AnnalistXmlOut     *self,
                                             const char         *bytes,
                                             gsize               len);
/* @len bytes of @data in base64, lines of 72 characters ended by CR LF,
 * as xmlTextWriterWriteBase64() wrote them in slices of 196608 bytes
 * (each slice's lines start afresh). */
void            annalist_xml_out_base64     (AnnalistXmlOut     *self,
                                             const guint8       *data,
                                             gsize               len);

/* Makes room for @more bytes (annalist_xml_out_append()). */
void            _annalist_xml_out_grow      (AnnalistXmlOut     *self,
                                             gsize               more);

struct _AnnalistXmlOut
{
  AnnalistXmlOutSink  sink;
  gpointer            sink_data;
  char               *buf;
  gsize               len;
  gsize               size;
  char               *names;       /* the open elements' names, each ended by NUL */
  gsize               names_len;
  gsize               names_size;
  gsize              *starts;      /* where each open element's name begins in names */
  guint               depth;
  guint               starts_size;
  gboolean            tag_open;    /* "<name" written, its ">" not yet */
  guint               flushes;     /* how many times the buffer went to the sink */
  gsize               ended_at;    /* where the last end tag begins in buf */
  gsize               ended_stop;  /* and where it stops: G_MAXSIZE when not kept */
  gsize               ended_name;  /* its element's name in names, past names_len */
  guint               ended_flushes;
};

/* Bytes as they are, where the writer stands (inside a start tag too). */
static inline void
annalist_xml_out_append (AnnalistXmlOut *self,
                         const char     *bytes,
                         gsize           len)
{
  if (G_UNLIKELY (self->size - self->len < len))
    _annalist_xml_out_grow (self, len);
  memcpy (self->buf + self->len, bytes, len);
  self->len += len;
}

G_END_DECLS
