/* annalist-store-sql.c — what the store's SQL calls: folded text for
 * search and comparison, and the order people expect names in
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-store.c, which had grown to the size limit.
 */

#include "config.h"

#include <string.h>

#include "annalist-fold.h"
#include "annalist-store-private.h"

/* Folds @n bytes of @text into @out, which has room for n + n / 2 + 4;
 * returns the length written (the terminating NUL not counted). */
static gsize
fold_into (const char *text,
           gsize       n,
           char       *out)
{
  char *o = out;

  for (const char *p = text, *end = text + n; p < end; )
    {
      guchar b = *p;
      gunichar c;

      if (b < 0x80)
        {
          /* Most of what is compared is ASCII or Cyrillic: no tables, and
           * no call a character. */
          *o++ = (char) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
          p++;
          continue;
        }
      if ((b == 0xD0 || b == 0xD1) && p + 1 < end && ((guchar) p[1] & 0xC0) == 0x80)
        {
          /* U+0400 … U+047F, two bytes: А … Я and Ё fold here. */
          c = ((gunichar) (b & 0x1F) << 6) | ((guchar) p[1] & 0x3F);
          if (c <= 0x045F)
            {
              c = annalist_fold_unichar (c);
              *o++ = (char) (0xC0 | (c >> 6));
              *o++ = (char) (0x80 | (c & 0x3F));
              p += 2;
              continue;
            }
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          *o++ = *p++;
          continue;
        }
      p = g_utf8_next_char (p);
      o += g_unichar_to_utf8 (annalist_fold_unichar (c), o);
    }
  *o = '\0';
  return o - out;
}

char *
annalist_fold (const char *text,
               gssize      length)
{
  gsize n = length < 0 ? strlen (text) : strnlen (text, length);
  /* A lower-case letter takes at most one byte more than its capital. */
  char *out = g_malloc (n + n / 2 + 4);

  fold_into (text, n, out);
  return out;
}

char *
annalist_fold_words (const char *text)
{
  g_autofree char *folded = annalist_fold (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (folded));
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (annalist_fold_is_quote (c))
        continue;
      if (g_unichar_isspace (c) || c == 0xA0 || c == 0x202F)
        {
          /* «№ 4» and «№4» are one number. */
          space = out->len > 0 && !g_str_has_suffix (out->str, "№");
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
fold_function (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  gsize n, folded;
  char buffer[512];
  char *out;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  /* Called for every row compared: short texts fold on the stack, and
   * SQLite copies the result. */
  n = strnlen (text, sqlite3_value_bytes (argv[0]));
  out = n + n / 2 + 4 <= sizeof buffer ? buffer : g_malloc (n + n / 2 + 4);
  folded = fold_into (text, n, out);
  sqlite3_result_text (context, out, (int) folded, SQLITE_TRANSIENT);
  if (out != buffer)
    g_free (out);
}

static int
collate_function (void       *data,
                  int         len_a,
                  const void *a,
                  int         len_b,
                  const void *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  int order;

  /* Sorting a list by a dictionary's names compares many equal ones. */
  if (len_a == len_b && memcmp (a, b, len_a) == 0)
    return 0;
  text_a = annalist_fold (a, len_a);
  text_b = annalist_fold (b, len_b);
  /* The file-name key orders numbers by value: «Детский сад № 9» comes
   * before «Детский сад № 10». */
  key_a = g_utf8_collate_key_for_filename (text_a, -1);
  key_b = g_utf8_collate_key_for_filename (text_b, -1);
  order = strcmp (key_a, key_b);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

void
annalist_store_add_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "annalist_fold", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, fold_function, NULL, NULL);
  sqlite3_create_collation (db, "annalist", SQLITE_UTF8, NULL, collate_function);
}
