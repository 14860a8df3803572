/* test-search-index.c — the list's search finds what strstr () finds in
 * the folded text (annalist_fold (), without quotes)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "annalist-fold.h"
#include "annalist-search-index.h"
#include "annalist-store.h"

/* @text as the search sees it, the slow and obvious way: annalist_fold ()
 * and no quotes. */
static char *
folded (const char *text)
{
  g_autofree char *lower = annalist_fold (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    if (!annalist_fold_is_quote (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* The positions of @texts holding @needle, the slow and obvious way. */
static GArray *
expected_positions (GPtrArray  *texts,
                    const char *needle,
                    GArray     *within)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = within ? within->len : texts->len;
  g_autofree char *folded_needle = folded (needle);

  for (guint i = 0; i < n; i++)
    {
      guint position = within ? g_array_index (within, guint, i) : i;
      g_autofree char *text = folded (g_ptr_array_index (texts, position));

      if (strstr (text, folded_needle) != NULL)
        g_array_append_val (found, position);
    }
  return found;
}

static void
assert_same_positions (GArray     *found,
                       GArray     *expected,
                       const char *needle)
{
  if (found->len != expected->len)
    g_error ("«%s»: found %u records, strstr () finds %u", needle, found->len, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpuint (g_array_index (found, guint, i), ==, g_array_index (expected, guint, i));
}

static AnnalistSearchIndex *
index_new (GPtrArray *texts)
{
  AnnalistSearchIndex *index = annalist_search_index_new (texts->len);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      annalist_search_index_append (index, text, strlen (text));
    }
  g_assert_cmpuint (annalist_search_index_get_size (index), ==, texts->len);
  return index;
}

static GArray *
find (AnnalistSearchIndex *index,
      const char          *needle,
      GArray              *within)
{
  return annalist_search_index_find (index, needle, within);
}

static void
test_words (void)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(AnnalistSearchIndex) index = NULL;
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) d = NULL;
  g_autoptr(GArray) e = NULL;
  g_autoptr(GArray) f = NULL;

  g_ptr_array_add (texts, "районный семинар «наставничество в школе» № 12");
  g_ptr_array_add (texts, "");
  g_ptr_array_add (texts, "конференция");
  g_ptr_array_add (texts, "ёлка и елка, mixed latin text");
  g_ptr_array_add (texts, "ко");
  g_ptr_array_add (texts, "нференция: the end of one record and the start of the next");
  g_ptr_array_add (texts, "ГИМНАЗИЯ № 1 «ЁЛОЧКА», Mixed Case");
  index = index_new (texts);

  /* A word, wherever it is in a record. */
  a = find (index, "конф", NULL);
  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpuint (g_array_index (a, guint, 0), ==, 2);

  /* Never across two records: «ко» ends one, «нференция» starts the next. */
  b = find (index, "конференция: the", NULL);
  g_assert_cmpuint (b->len, ==, 0);

  /* Characters outside the short code; «ё» is «е» on both sides. */
  c = find (index, "№ 12", NULL);
  g_assert_cmpuint (c->len, ==, 1);
  d = find (index, "ёлоч", NULL);
  g_assert_cmpuint (d->len, ==, 1);
  g_assert_cmpuint (g_array_index (d, guint, 0), ==, 6);
  {
    g_autoptr(GArray) e_for_yo = find (index, "елочка", NULL);
    g_autoptr(GArray) yo_for_e = find (index, "ЁЛКА И ЁЛКА", NULL);

    g_assert_cmpuint (e_for_yo->len, ==, 1);
    g_assert_cmpuint (g_array_index (e_for_yo, guint, 0), ==, 6);
    g_assert_cmpuint (yo_for_e->len, ==, 1);
    g_assert_cmpuint (g_array_index (yo_for_e, guint, 0), ==, 3);
  }

  /* Quotes of any kind are not there, in the text or in what is typed;
   * anything else (a «№», a space) is. */
  {
    g_autoptr(GArray) no_quotes = find (index, "семинар наставничество", NULL);
    g_autoptr(GArray) other_quotes = find (index, "\"наставничество в школе\"", NULL);
    g_autoptr(GArray) curly = find (index, "„Елочка“", NULL);
    g_autoptr(GArray) only_quotes = find (index, "«»", NULL);
    g_autoptr(GArray) no_number_sign = find (index, "гимназия 1", NULL);

    g_assert_cmpuint (no_quotes->len, ==, 1);
    g_assert_cmpuint (other_quotes->len, ==, 1);
    g_assert_cmpuint (g_array_index (other_quotes, guint, 0), ==, 0);
    g_assert_cmpuint (curly->len, ==, 1);
    g_assert_cmpuint (g_array_index (curly, guint, 0), ==, 6);
    g_assert_cmpuint (only_quotes->len, ==, texts->len);
    g_assert_cmpuint (no_number_sign->len, ==, 0);
  }

  /* Case does not matter, in the text or in what is typed. */
  {
    g_autoptr(GArray) upper = find (index, "Гимназия № 1 «ёЛОЧ", NULL);
    g_autoptr(GArray) latin = find (index, "MIXED case", NULL);

    g_assert_cmpuint (upper->len, ==, 1);
    g_assert_cmpuint (g_array_index (upper, guint, 0), ==, 6);
    g_assert_cmpuint (latin->len, ==, 1);
    g_assert_true (annalist_search_index_narrows ("КОНФ", "кон"));
    g_assert_false (annalist_search_index_narrows ("кон", "конф"));
  }

  /* Only among the records asked about. */
  e = find (index, "н", a);
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpuint (g_array_index (e, guint, 0), ==, 2);

  /* Nothing typed: every record; a character no record holds: none. */
  f = find (index, "", NULL);
  g_assert_cmpuint (f->len, ==, texts->len);
  g_clear_pointer (&f, g_array_unref);
  f = find (index, "№ 13", NULL);
  g_assert_cmpuint (f->len, ==, 0);
}

/* Random records and needles, checked against strstr (): needles taken
 * from the records (found at every offset against the sixteen-byte steps)
 * and made up. */
static void
test_like_strstr (void)
{
  static const char *const letters[] = {
    "а", "б", "в", "е", "ё", "к", "н", "о", "я", "a", "k", "o", " ", "-", "1",
    "«", "»", "№", "–", "😀", "Ё", "Е", "К", "\"", "„", "“",
  };
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AnnalistSearchIndex) index = NULL;

  for (guint i = 0; i < 400; i++)
    {
      GString *text = g_string_new (NULL);
      guint length = (guint) g_test_rand_int_range (0, 90);

      for (guint j = 0; j < length; j++)
        g_string_append (text, letters[g_test_rand_int_range (0, G_N_ELEMENTS (letters))]);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  index = index_new (texts);

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *needle = NULL;
      g_autoptr(GArray) found = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) narrowed = NULL;
      g_autoptr(GArray) narrowed_expected = NULL;

      if (i % 2 == 0)
        {
          const char *text = g_ptr_array_index (texts, g_test_rand_int_range (0, texts->len));
          glong n_chars = g_utf8_strlen (text, -1);
          glong start, length;

          if (n_chars == 0)
            continue;
          start = g_test_rand_int_range (0, n_chars);
          length = g_test_rand_int_range (1, MIN (n_chars - start, 12) + 1);
          needle = g_utf8_substring (text, start, start + length);
        }
      else
        {
          GString *text = g_string_new (NULL);
          guint length = (guint) g_test_rand_int_range (1, 4);

          for (guint j = 0; j < length; j++)
            g_string_append (text, letters[g_test_rand_int_range (0, G_N_ELEMENTS (letters))]);
          needle = g_string_free (text, FALSE);
        }

      found = find (index, needle, NULL);
      expected = expected_positions (texts, needle, NULL);
      assert_same_positions (found, expected, needle);

      /* Typing one more letter looks only among what was found. */
      {
        g_autofree char *longer = g_strconcat (needle, letters[i % G_N_ELEMENTS (letters)], NULL);

        narrowed = find (index, longer, found);
        narrowed_expected = expected_positions (texts, longer, NULL);
        assert_same_positions (narrowed, narrowed_expected, longer);
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-index/words", test_words);
  g_test_add_func ("/search-index/like-strstr", test_like_strstr);

  return g_test_run ();
}
