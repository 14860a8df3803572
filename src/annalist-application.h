/* annalist-application.h
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_APPLICATION (annalist_application_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistApplication, annalist_application, ANNALIST, APPLICATION,
                      AdwApplication)

AnnalistApplication *annalist_application_new       (void);
AnnalistStore       *annalist_application_get_store (AnnalistApplication *self);
/* Opens @path and shows it in the window; a file that cannot be opened is
 * reported in a dialog over @parent and left as it was. */
gboolean             annalist_application_open_database (AnnalistApplication *self,
                                                         const char          *path,
                                                         GtkWindow           *parent);
gboolean             annalist_application_is_uninstalled (void);
/* The application's settings, or NULL when its schema is not found. */
GSettings           *annalist_application_get_settings (AnnalistApplication *self);
/* The databases opened last (annalist-recent.h), kept up to date: the
 * main menu's «Recent Databases». */
GMenuModel          *annalist_application_get_recent_menu (AnnalistApplication *self);
/* Replaces the database by the backup at @path (annalist-backup.h) and
 * shows it; a refusal is reported in a dialog over @parent. */
gboolean             annalist_application_restore_backup (AnnalistApplication *self,
                                                          const char          *path,
                                                          GtkWindow           *parent);

G_END_DECLS
