/* annalist-window.h
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-application.h"
#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_WINDOW (annalist_window_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistWindow, annalist_window, ANNALIST, WINDOW, AdwApplicationWindow)

AnnalistWindow *annalist_window_new          (AnnalistApplication *application,
                                              AnnalistStore       *store,
                                              const GError        *open_error);
/* Shows another database (or, with @store NULL, why it could not be
 * opened). */
void            annalist_window_set_store    (AnnalistWindow      *self,
                                              AnnalistStore       *store,
                                              const GError        *open_error);
AnnalistStore  *annalist_window_get_store    (AnnalistWindow      *self);

/* A section is a kind's name, "report", "settings" or "welcome". */
void            annalist_window_show_section (AnnalistWindow      *self,
                                              const char          *section);
const char     *annalist_window_get_section  (AnnalistWindow      *self);
/* The list page of the section shown, or NULL. */
GtkWidget      *annalist_window_get_page     (AnnalistWindow      *self);
int             annalist_window_get_year     (AnnalistWindow      *self);
void            annalist_window_set_year     (AnnalistWindow      *self,
                                              int                  year);
GtkWidget      *annalist_window_get_search_entry (AnnalistWindow  *self);
void            annalist_window_add_toast    (AnnalistWindow      *self,
                                              AdwToast            *toast);

/* The Preferences window (win.preferences, Ctrl+,), while it is open. */
GtkWindow        *annalist_window_get_preferences (AnnalistWindow *self);

G_END_DECLS
