/* annalist-backup-dialog.h — «Восстановить из резервной копии…» and the
 * backups' preferences
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-application.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_BACKUP_DIALOG (annalist_backup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistBackupDialog, annalist_backup_dialog, ANNALIST, BACKUP_DIALOG,
                      AdwWindow)

/* The backups of @application's database, newest first, over @parent. */
AnnalistBackupDialog *annalist_backup_dialog_new (AnnalistApplication *application,
                                                  GtkWindow           *parent);

/* The group «Резервные копии» of the preferences: the rotation's
 * settings (from @settings, may be NULL: the defaults, not editable), the
 * folder of @database_path's copies and the restore. */
GtkWidget *annalist_backup_preferences_new (GSettings  *settings,
                                            const char *database_path);

G_END_DECLS
