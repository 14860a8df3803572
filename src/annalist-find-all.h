/* annalist-find-all.h — one search over the records of every kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-window.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_FIND_ALL (annalist_find_all_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistFindAll, annalist_find_all, ANNALIST, FIND_ALL, AdwWindow)

/* Opens the search over @window's database (Ctrl+Shift+F). */
AnnalistFindAll *annalist_find_all_show        (AnnalistWindow  *window);

GtkWidget       *annalist_find_all_get_entry   (AnnalistFindAll *self);
/* The results: a GtkListBox whose rows are records, headed by their
 * kind; each row has the data "annalist-kind" (the kind's name) and
 * "annalist-id" (a gint64 pointer). Rows are kept hidden for the next
 * search: see annalist_find_all_get_result (). */
GtkListBox      *annalist_find_all_get_results (AnnalistFindAll *self);
/* The result shown at @position (from 0), or NULL past the last. */
GtkListBoxRow   *annalist_find_all_get_result  (AnnalistFindAll *self,
                                                guint            position);
/* Searches for what the entry holds now, without its delay. */
void             annalist_find_all_search_now  (AnnalistFindAll *self);

G_END_DECLS
