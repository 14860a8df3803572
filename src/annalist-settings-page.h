/* annalist-settings-page.h — the district's settings kept in the database
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_SETTINGS_PAGE (annalist_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistSettingsPage, annalist_settings_page, ANNALIST, SETTINGS_PAGE, AdwBin)

AnnalistSettingsPage *annalist_settings_page_new       (AnnalistStore        *store);
AdwEntryRow          *annalist_settings_page_get_row   (AnnalistSettingsPage *self,
                                                        const char           *key);

G_END_DECLS
