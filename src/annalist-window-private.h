/* annalist-window-private.h — the window's parts, for the files that
 * handle them (annalist-window-keys.c)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-window.h"

G_BEGIN_DECLS

GtkListBox   *annalist_window_get_sidebar     (AnnalistWindow *self);
AdwLeaflet   *annalist_window_get_leaflet     (AnnalistWindow *self);
GtkWidget    *annalist_window_get_content_box (AnnalistWindow *self);
GtkSearchBar *annalist_window_get_search_bar  (AnnalistWindow *self);
/* The sidebar's selection back on the section shown: the arrows move it
 * without showing the section, until Enter. */
void          annalist_window_select_shown_section (AnnalistWindow *self);

G_END_DECLS
