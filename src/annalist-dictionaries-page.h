/* annalist-dictionaries-page.h — the «Справочники» page
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_DICTIONARIES_PAGE (annalist_dictionaries_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistDictionariesPage, annalist_dictionaries_page,
                      ANNALIST, DICTIONARIES_PAGE, AdwBin)

/* A row per dictionary kind, activating win.show-section on its list. */
AnnalistDictionariesPage *annalist_dictionaries_page_new   (AnnalistStore            *store);
/* Whether @kind_name is one of the page's dictionaries (its list is
 * reached from the page, not from the sidebar). */
gboolean                  annalist_dictionaries_page_lists (const char               *kind_name);
/* The keyboard focus on the row of @kind_name (the list just left), else
 * on the first row. */
void                      annalist_dictionaries_page_focus (AnnalistDictionariesPage *self,
                                                            const char               *kind_name);
/* The page's rows, in order (AdwActionRow). */
GtkListBox               *annalist_dictionaries_page_get_list (AnnalistDictionariesPage *self);

G_END_DECLS
