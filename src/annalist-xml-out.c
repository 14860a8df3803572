/* annalist-xml-out.c
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "annalist-xml-out.h"

/* Output goes to the sink in blocks of this size. */
#define BLOCK (64 * 1024)

AnnalistXmlOut *
annalist_xml_out_new (AnnalistXmlOutSink sink,
                      gpointer           data)
{
  AnnalistXmlOut *self = g_new0 (AnnalistXmlOut, 1);

  self->sink = sink;
  self->sink_data = data;
  self->size = sink != NULL ? BLOCK : 4096;
  self->buf = g_malloc (self->size);
  self->names_size = 1024;
  self->names = g_malloc (self->names_size);
  self->starts_size = 64;
  self->starts = g_new (gsize, self->starts_size);
  self->ended_stop = G_MAXSIZE;
  return self;
}

void
annalist_xml_out_free (AnnalistXmlOut *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self->names);
  g_free (self->starts);
  g_free (self);
}

GBytes *
annalist_xml_out_steal (AnnalistXmlOut *self)
{
  GBytes *bytes = g_bytes_new_take (self->buf, self->len);

  self->size = 4096;
  self->buf = g_malloc (self->size);
  self->len = 0;
  self->ended_stop = G_MAXSIZE;
  return bytes;
}

void
annalist_xml_out_flush (AnnalistXmlOut *self)
{
  if (self->sink == NULL || self->len == 0)
    return;
  self->sink (self->sink_data, self->buf, self->len);
  self->len = 0;
  self->flushes++;
}

void
_annalist_xml_out_grow (AnnalistXmlOut *self,
                        gsize           more)
{
  annalist_xml_out_flush (self);
  if (self->size - self->len >= more)
    return;
  while (self->size - self->len < more)
    self->size *= 2;
  self->buf = g_realloc (self->buf, self->size);
}

static inline void
append_c (AnnalistXmlOut *self,
          char            c)
{
  if (G_UNLIKELY (self->len == self->size))
    _annalist_xml_out_grow (self, 1);
  self->buf[self->len++] = c;
}

static inline void
append_str (AnnalistXmlOut *self,
            const char     *s)
{
  annalist_xml_out_append (self, s, strlen (s));
}

static inline void
close_tag (AnnalistXmlOut *self)
{
  if (self->tag_open)
    {
      append_c (self, '>');
      self->tag_open = FALSE;
    }
}

void
annalist_xml_out_start (AnnalistXmlOut *self,
                        const char     *name)
{
  gsize n = strlen (name) + 1;

  close_tag (self);
  append_c (self, '<');
  annalist_xml_out_append (self, name, n - 1);
  self->tag_open = TRUE;

  if (self->depth == self->starts_size)
    {
      self->starts_size *= 2;
      self->starts = g_renew (gsize, self->starts, self->starts_size);
    }
  while (self->names_size - self->names_len < n)
    {
      self->names_size *= 2;
      self->names = g_realloc (self->names, self->names_size);
    }
  self->starts[self->depth++] = self->names_len;
  memcpy (self->names + self->names_len, name, n);
  self->names_len += n;
}

void
annalist_xml_out_end (AnnalistXmlOut *self)
{
  gsize start;

  if (self->depth == 0)
    return;
  start = self->starts[--self->depth];
  if (self->tag_open)
    {
      annalist_xml_out_append (self, "/>", 2);
      self->tag_open = FALSE;
    }
  else
    {
      gsize at = self->len;
      guint flushes = self->flushes;

      annalist_xml_out_append (self, "</", 2);
      annalist_xml_out_append (self, self->names + start, self->names_len - start - 1);
      append_c (self, '>');
      if (self->flushes == flushes)
        {
          self->ended_at = at;
          self->ended_stop = self->len;
          self->ended_name = start;
          self->ended_flushes = flushes;
          self->names_len = start;
          return;
        }
    }
  self->ended_stop = G_MAXSIZE;
  self->names_len = start;
}

gboolean
annalist_xml_out_reopen (AnnalistXmlOut *self,
                         const char     *name)
{
  if (self->len != self->ended_stop || self->flushes != self->ended_flushes || self->tag_open ||
      self->names_len != self->ended_name || strcmp (self->names + self->ended_name, name) != 0)
    return FALSE;
  /* The name is still in place: nothing was started since. */
  self->len = self->ended_at;
  self->names_len = self->ended_name + strlen (name) + 1;
  self->starts[self->depth++] = self->ended_name;
  self->ended_stop = G_MAXSIZE;
  return TRUE;
}

gboolean
annalist_xml_out_attr_begin (AnnalistXmlOut *self,
                             const char     *name)
{
  if (!self->tag_open)
    return FALSE;
  append_c (self, ' ');
  append_str (self, name);
  annalist_xml_out_append (self, "=\"", 2);
  return TRUE;
}

void
annalist_xml_out_attr_end (AnnalistXmlOut *self)
{
  append_c (self, '"');
}

/* The reference libxml2 writes for @c: & < > " and carriage return,
 * in an attribute value (@attribute) tab and line feed too; NULL for a
 * byte written as it is. */
static inline const char *
entity_of (char     c,
           gboolean attribute)
{
  switch (c)
    {
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '"': return "&quot;";
    case '\r': return "&#13;";
    case '\n': return attribute ? "&#10;" : NULL;
    case '\t': return attribute ? "&#9;" : NULL;
    default: return NULL;
    }
}

/* Whether @c may stand in XML (libxml2's IS_CHAR). */
static inline gboolean
is_xml_char (guint32 c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static void
append_char_ref (AnnalistXmlOut *self,
                 guint32         c)
{
  char tmp[16];

  g_snprintf (tmp, sizeof tmp, "&#x%X;", c);
  append_str (self, tmp);
}

/* As libxml2's xmlBufAttrSerializeTxtContent() for a writer without a
 * document: letters outside ASCII become character references, a byte
 * that starts no character a reference to itself. */
gboolean
annalist_xml_out_attr (AnnalistXmlOut *self,
                       const char     *name,
                       const char     *value)
{
  const guchar *cur = (const guchar *) value, *base = cur;

  if (!annalist_xml_out_attr_begin (self, name))
    return FALSE;
  while (*cur != 0)
    {
      const char *entity = entity_of (*cur, TRUE);

      if (entity != NULL)
        {
          annalist_xml_out_append (self, (const char *) base, cur - base);
          append_str (self, entity);
          base = ++cur;
        }
      else if (*cur >= 0x80 && cur[1] != 0)
        {
          guint32 val = 0;
          int l = 1;

          annalist_xml_out_append (self, (const char *) base, cur - base);
          if (*cur < 0xC0)
            l = 1;
          else if (*cur < 0xE0)
            val = ((cur[0] & 0x1F) << 6) | (cur[1] & 0x3F), l = 2;
          else if (*cur < 0xF0 && cur[2] != 0)
            val = ((cur[0] & 0x0F) << 12) | ((cur[1] & 0x3F) << 6) | (cur[2] & 0x3F), l = 3;
          else if (*cur < 0xF8 && cur[2] != 0 && cur[3] != 0)
            val = ((guint32) (cur[0] & 0x07) << 18) | ((cur[1] & 0x3F) << 12) |
                  ((cur[2] & 0x3F) << 6) | (cur[3] & 0x3F), l = 4;
          if (l == 1 || !is_xml_char (val))
            {
              append_char_ref (self, *cur);
              cur++;
            }
          else
            {
              append_char_ref (self, val);
              cur += l;
            }
          base = cur;
        }
      else
        cur++;
    }
  annalist_xml_out_append (self, (const char *) base, cur - base);
  annalist_xml_out_attr_end (self);
  return TRUE;
}

/* As libxml2's xmlEncodeSpecialChars(). */
void
annalist_xml_out_text (AnnalistXmlOut *self,
                       const char     *text)
{
  const char *cur = text, *base = text;

  close_tag (self);
  for (; *cur != 0; cur++)
    {
      const char *entity = entity_of (*cur, FALSE);

      if (entity == NULL)
        continue;
      annalist_xml_out_append (self, base, cur - base);
      append_str (self, entity);
      base = cur + 1;
    }
  annalist_xml_out_append (self, base, cur - base);
}

void
annalist_xml_out_raw (AnnalistXmlOut *self,
                      const char     *bytes,
                      gsize           len)
{
  close_tag (self);
  annalist_xml_out_append (self, bytes, len);
}

/* xmlTextWriterWriteBase64() takes an int length: the document's
 * pictures went to it in slices of this many bytes (a multiple of 3, so
 * the base64 joins up), each starting its lines afresh. */
#define BASE64_SLICE (3 * 65536)

/* As libxml2's xmlOutputBufferWriteBase64(), a call a slice. */
void
annalist_xml_out_base64 (AnnalistXmlOut *self,
                         const guint8   *data,
                         gsize           len)
{
  static const char table[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  guint linelen = 0;
  gsize slice_end = BASE64_SLICE;

  close_tag (self);
  for (gsize i = 0; i < len; i += 3)
    {
      guint8 in[3] = { 0, 0, 0 };
      gsize n = MIN (3, len - i);
      char group[4];

      if (i == slice_end)
        {
          linelen = 0;
          slice_end += BASE64_SLICE;
        }
      memcpy (in, data + i, n);
      group[0] = table[in[0] >> 2];
      group[1] = table[((in[0] & 3) << 4) | (in[1] >> 4)];
      group[2] = n < 2 ? '=' : table[((in[1] & 0xF) << 2) | (in[2] >> 6)];
      group[3] = n < 3 ? '=' : table[in[2] & 0x3F];
      if (linelen >= 72)
        {
          annalist_xml_out_append (self, "\r\n", 2);
          linelen = 0;
        }
      annalist_xml_out_append (self, group, 4);
      linelen += 4;
    }
}
