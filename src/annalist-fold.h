/* annalist-fold.h — the one rule for text compared and searched: a
 * character's folded form, and which characters are quotes
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist_fold () (annalist-store-sql.c, and SQL's annalist_fold ())
 * and the list's search index (annalist-search-index.c, which keeps its
 * text in a code of its own) both fold a character here, so that what
 * the list finds and what the store compares never disagree. Inline:
 * the index folds every character of 100 000 records.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower case, «ё» as «е» (office typists type «е»). */
static inline gunichar
annalist_fold_unichar (gunichar c)
{
  if (c < 0x80)
    return (gunichar) g_ascii_tolower ((char) c);
  if (c >= 0x0410 && c <= 0x042F)       /* А … Я */
    return c + 0x20;
  if (c == 0x0401 || c == 0x0451)       /* Ё, ё */
    return 0x0435;
  if (c < 0x0400 || c > 0x045F)
    return g_unichar_tolower (c);
  return c;
}

/* Quotes a search ignores: «», "", “”, „, and the single ones. */
static inline gboolean
annalist_fold_is_quote (gunichar c)
{
  return c == '"' || c == '\'' || c == 0xAB || c == 0xBB || c == 0x201C || c == 0x201D ||
         c == 0x201E || c == 0x2018 || c == 0x2019 || c == 0x201A;
}

G_END_DECLS
