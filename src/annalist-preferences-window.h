/* annalist-preferences-window.h — the Preferences window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_PREFERENCES_WINDOW (annalist_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistPreferencesWindow, annalist_preferences_window,
                      ANNALIST, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The database's settings (the `setting` table) and the application's
 * (backups), for @store, transient for @parent. */
AnnalistPreferencesWindow *annalist_preferences_window_new     (AnnalistStore             *store,
                                                                GtkWindow                 *parent);
/* The row of a text setting (its `setting` key), for the tests. */
AdwEntryRow               *annalist_preferences_window_get_row (AnnalistPreferencesWindow *self,
                                                                const char                *key);
/* The row choosing how academic years are written. */
AdwComboRow               *annalist_preferences_window_get_year_row (AnnalistPreferencesWindow *self);
/* The @i-th key of the `setting` table that documents read as
 * {{setting.KEY}}, in the window's order, and its @label (translatable);
 * NULL past the last. */
const char                *annalist_preferences_setting        (guint                      i,
                                                                const char               **label);
/* Writes every value typed and not saved yet (closing does it too). */
void                       annalist_preferences_window_flush   (AnnalistPreferencesWindow *self);

G_END_DECLS
