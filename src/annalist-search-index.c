/* annalist-search-index.c — the folded text of a list, searched as you type
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One string holds the folded text of every record of a list, in the
 * list's order, each ended by a NUL (which no needle holds, so that no
 * match runs from one record into the next). A keystroke runs through it
 * once.
 *
 * The text is kept folded as annalist_fold () folds it (lower case, «ё»
 * as «е»: annalist-fold.h), without quotes of any kind, and in a code of
 * its own, not UTF-8, so
 * that a Russian letter takes one byte and the text to run through is half
 * as long (the scan is bound by memory, not by the processor): ASCII as
 * is, the Cyrillic alphabet as 0xA0–0xBF, any other character as a lead
 * byte 0xC1–0xC2 and four bytes 0x80–0x9F. A needle, coded the same way,
 * never starts with 0x80–0x9F, so it can only match at the start of a
 * character. Lowering the case here, with a short way for ASCII and
 * Russian, is five times faster than SQLite calling g_utf8_casefold () for
 * every record.
 *
 * memmem () is not used: it sets up tables on every call, which is most of
 * the work when it is called once per record, and on Russian text its
 * first-byte filter is useless (every Cyrillic letter starts with 0xD0 or
 * 0xD1). Instead, sixteen starting places at a time are tested for the
 * needle's two rarest bytes (counted when the index is built) with GCC's
 * vector extensions — SSE2 on x86-64, NEON on ARM — and only the few
 * places that have both are compared whole.
 */

#include "config.h"

#include <string.h>

#include "annalist-fold.h"
#include "annalist-search-index.h"

typedef guint8 Vector __attribute__ ((vector_size (16)));

typedef struct
{
  guint32 offset;
  guint32 length;
} Span;

struct _AnnalistSearchIndex
{
  GString *text;
  GArray  *spans;          /* Span, one per record */
  guint64  counts[256];    /* how often each byte occurs in text */
};

typedef struct
{
  const char *text;
  gsize       length;
  gsize       first;       /* the two rarest bytes' places in the needle */
  gsize       second;
  Vector      first_byte;
  Vector      second_byte;
} Needle;

AnnalistSearchIndex *
annalist_search_index_new (guint n_reserved)
{
  AnnalistSearchIndex *self = g_new0 (AnnalistSearchIndex, 1);

  self->text = g_string_sized_new (MAX (n_reserved, 16) * 64);
  self->spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n_reserved);
  return self;
}

void
annalist_search_index_free (AnnalistSearchIndex *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_array_unref (self->spans);
  g_free (self);
}

/* Appends @text (UTF-8, @length bytes) to @code, folded, without quotes,
 * in the index's code. */
static void
encode (GString    *code,
        const char *text,
        gsize       length)
{
  const char *end = text + length;

  while (text < end)
    {
      guint8 byte = (guint8) *text;
      gunichar c;

      if (byte < 0x80)
        {
          if (byte != '"' && byte != '\'')
            g_string_append_c (code, g_ascii_tolower ((char) byte));
          text++;
          continue;
        }
      c = g_utf8_get_char_validated (text, end - text);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;   /* a broken byte: matches nothing typed */
          text++;
        }
      else
        text = g_utf8_next_char (text);

      /* Most of the text: a lower-case Russian letter, folded as is. */
      if (c >= 0x0430 && c <= 0x044F)
        {
          g_string_append_c (code, (char) (0xA0 + (c - 0x0430)));
          continue;
        }
      if (annalist_fold_is_quote (c))
        continue;
      c = annalist_fold_unichar (c);    /* the rule annalist_fold () has */

      if (c >= 0x0430 && c <= 0x044F)   /* а … я */
        g_string_append_c (code, (char) (0xA0 + (c - 0x0430)));
      else
        {
          g_string_append_c (code, (char) (0xC1 + ((c >> 20) & 1)));
          g_string_append_c (code, (char) (0x80 | ((c >> 15) & 31)));
          g_string_append_c (code, (char) (0x80 | ((c >> 10) & 31)));
          g_string_append_c (code, (char) (0x80 | ((c >> 5) & 31)));
          g_string_append_c (code, (char) (0x80 | (c & 31)));
        }
    }
}

void
annalist_search_index_append (AnnalistSearchIndex *self,
                              const char          *text,
                              gsize                length)
{
  Span span;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || length == 0);

  span.offset = (guint32) self->text->len;
  encode (self->text, text, length);
  span.length = (guint32) (self->text->len - span.offset);
  for (gsize i = span.offset; i < self->text->len; i++)
    self->counts[(guint8) self->text->str[i]]++;
  g_string_append_c (self->text, '\0');
  g_array_append_val (self->spans, span);
}

/* Whether every text that holds @needle holds @previous too (it does when
 * one more letter was typed), so that a search for @needle can look only
 * among what @previous found. */
gboolean
annalist_search_index_narrows (const char *needle,
                               const char *previous)
{
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);

  g_return_val_if_fail (needle != NULL && previous != NULL, FALSE);

  encode (a, needle, strlen (needle));
  encode (b, previous, strlen (previous));
  return strstr (a->str, b->str) != NULL;
}

guint
annalist_search_index_get_size (AnnalistSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->spans->len;
}

static void
needle_init (Needle                    *needle,
             const AnnalistSearchIndex *self,
             const char                *text,
             gsize                      length)
{
  gsize rarest = 0, next = 0;

  needle->text = text;
  needle->length = length;
  for (gsize i = 1; i < needle->length; i++)
    if (self->counts[(guint8) text[i]] < self->counts[(guint8) text[rarest]])
      rarest = i;
  next = rarest == 0 && needle->length > 1 ? 1 : 0;
  for (gsize i = 0; i < needle->length; i++)
    if (i != rarest && self->counts[(guint8) text[i]] < self->counts[(guint8) text[next]])
      next = i;
  needle->first = MIN (rarest, next);
  needle->second = MAX (rarest, next);
  for (guint i = 0; i < 16; i++)
    {
      needle->first_byte[i] = (guint8) text[needle->first];
      needle->second_byte[i] = (guint8) text[needle->second];
    }
}

/* The first place in [from, end) where the needle starts, or NULL. */
static const char *
find (const Needle *needle,
      const char   *from,
      const char   *end)
{
  const char *last;

  if ((gsize) (end - from) < needle->length)
    return NULL;
  last = end - needle->length;

  for (; from + needle->second + 16 <= end; from += 16)
    {
      Vector at_first, at_second, both;
      guint64 halves[2];

      memcpy (&at_first, from + needle->first, 16);
      memcpy (&at_second, from + needle->second, 16);
      both = (Vector) ((at_first == needle->first_byte) & (at_second == needle->second_byte));
      memcpy (halves, &both, 16);
      if ((halves[0] | halves[1]) == 0)
        continue;
      for (guint k = 0; k < 16; k++)
        if (both[k] != 0 && from + k <= last &&
            memcmp (from + k, needle->text, needle->length) == 0)
          return from + k;
    }
  for (; from <= last; from++)
    if (memcmp (from, needle->text, needle->length) == 0)
      return from;
  return NULL;
}

GArray *
annalist_search_index_find (AnnalistSearchIndex *self,
                            const char          *text,
                            GArray              *within)
{
  g_autoptr(GString) code = NULL;
  const Span *spans;
  const char *start;
  GArray *found;
  Needle needle;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  spans = (const Span *) (gpointer) self->spans->data;
  start = self->text->str;
  n = self->spans->len;
  found = g_array_new (FALSE, FALSE, sizeof (guint));

  if (*text == '\0')
    {
      g_array_set_size (found, within ? within->len : n);
      for (guint i = 0; i < found->len; i++)
        g_array_index (found, guint, i) = within ? g_array_index (within, guint, i) : i;
      return found;
    }

  code = g_string_new (NULL);
  encode (code, text, strlen (text));
  if (code->len == 0)   /* only quotes: they are not searched for */
    {
      g_array_unref (found);
      return annalist_search_index_find (self, "", within);
    }
  needle_init (&needle, self, code->str, code->len);
  if (within != NULL)
    {
      for (guint i = 0; i < within->len; i++)
        {
          guint position = g_array_index (within, guint, i);
          const char *record;

          g_return_val_if_fail (position < n, found);
          record = start + spans[position].offset;
          if (find (&needle, record, record + spans[position].length) != NULL)
            g_array_append_val (found, position);
        }
      return found;
    }

  /* One pass through all the text; after a match, on to the next record. */
  for (guint position = 0; position < n;)
    {
      const char *match = find (&needle, start + spans[position].offset,
                                start + self->text->len);
      gsize match_end;

      if (match == NULL)
        break;
      match_end = (gsize) (match - start) + needle.length;
      while (spans[position].offset + spans[position].length < match_end)
        position++;
      g_array_append_val (found, position);
      position++;
    }
  return found;
}

/* The text of a record that a search looks in (SQL over the kind's table
 * as «t»): its SEARCHED fields as people read them, joined by spaces; the
 * list's search and the search across all kinds read the same. */
char *
annalist_search_index_expression (const AnnalistKind *kind)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];

      if (!(field->flags & ANNALIST_FIELD_SEARCHED))
        continue;
      if (sql->len > 0)
        g_string_append (sql, " || ' ' || ");

      if (field->type == ANNALIST_FIELD_DICTIONARY || field->type == ANNALIST_FIELD_REFERENCE)
        {
          const AnnalistKind *target = annalist_kind_lookup (field->target);
          const char *column = target->display_column ? target->display_column
                                                      : target->title_column;

          g_string_append_printf (sql, "coalesce((SELECT %s FROM %s WHERE id = t.%s), '')",
                                  column, target->name, field->column);
        }
      else if (field->type == ANNALIST_FIELD_REFERENCES)
        g_string_append_printf (sql,
                                "coalesce((SELECT group_concat(o.short_name || ' ' || "
                                "o.full_name, ' ') FROM %s j JOIN organisation o "
                                "ON o.id = j.organisation_id WHERE j.%s = t.id), '')",
                                field->junction, field->junction_column);
      else
        g_string_append_printf (sql, "coalesce(t.%s, '')", field->column);
    }
  if (sql->len == 0)
    g_string_append (sql, "''");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}
