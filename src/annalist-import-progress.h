/* annalist-import-progress.h — the import assistant's step that runs the
 * import over the whole source, with a progress bar and «Cancel»
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-import.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_IMPORT_PROGRESS (annalist_import_progress_get_type ())
G_DECLARE_FINAL_TYPE (AnnalistImportProgress, annalist_import_progress,
                      ANNALIST, IMPORT_PROGRESS, AdwBin)

GtkWidget      *annalist_import_progress_new            (void);

/* annalist_import_run () with @flags, in the main thread, showing under
 * @title how much of the source is read and a «Cancel»; the main loop
 * turns every 50 ms meanwhile, so the caller makes insensitive what
 * could start another run. FALSE with @error as the run gives it
 * (G_IO_ERROR_CANCELLED when cancelled). */
gboolean        annalist_import_progress_run            (AnnalistImportProgress *self,
                                                         AnnalistImport         *import,
                                                         const char             *title,
                                                         AnnalistImportFlags     flags,
                                                         AnnalistImportSummary  *summary,
                                                         GError                **error);
/* Whether a run goes on; cancels it (as «Cancel» does). */
gboolean        annalist_import_progress_is_running     (AnnalistImportProgress *self);
void            annalist_import_progress_cancel         (AnnalistImportProgress *self);
/* Says that the run was cancelled and nothing imported, with «Close». */
void            annalist_import_progress_show_cancelled (AnnalistImportProgress *self);

/* For the tests. */
GtkProgressBar *annalist_import_progress_get_bar        (AnnalistImportProgress *self);

G_END_DECLS
