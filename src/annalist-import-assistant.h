/* annalist-import-assistant.h — the window that brings records in from a
 * table: the source, the columns mapped on a live preview, the import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-import.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_IMPORT_ASSISTANT (annalist_import_assistant_get_type ())
G_DECLARE_FINAL_TYPE (AnnalistImportAssistant, annalist_import_assistant,
                      ANNALIST, IMPORT_ASSISTANT, AdwWindow)

/* The rows of the preview, at most. */
#define ANNALIST_IMPORT_PREVIEW_ROWS 200

/* Asks for a file (.csv .tsv .txt .ods .xlsx) over @parent's window and
 * opens the assistant on it for @kind; a file that cannot be read gets a
 * dialog with the sentence. */
void                     annalist_import_assistant_choose_file (GtkWidget          *parent,
                                                                AnnalistStore      *store,
                                                                const AnnalistKind *kind);
/* Reads the clipboard's text (rows copied from Calc, Writer or Excel)
 * and opens the assistant on it. */
void                     annalist_import_assistant_paste       (GtkWidget          *parent,
                                                                AnnalistStore      *store,
                                                                const AnnalistKind *kind);

/* A table file dropped on @page (a list of @kind) opens the assistant
 * on it, as the file chosen after «Импорт…» does. */
void                     annalist_import_assistant_take_drops  (GtkWidget          *page,
                                                                AnnalistStore      *store,
                                                                const AnnalistKind *kind);

/* An assistant over @import (taken), shown over @parent. @path: the
 * file, NULL for pasted text. */
AnnalistImportAssistant *annalist_import_assistant_new         (GtkWindow          *parent,
                                                                AnnalistStore      *store,
                                                                AnnalistImport     *import,
                                                                const char         *path);

/* For the tests: the import, the steps, the rows. */
AnnalistImport          *annalist_import_assistant_get_import  (AnnalistImportAssistant *self);
/* 0: the source, 1: the mapping and the preview, 2: the progress of a
 * run over the whole file (the check, the import) or its cancellation. */
guint                    annalist_import_assistant_get_step    (AnnalistImportAssistant *self);
/* The bar of step 2, and whether a run goes on (its «Cancel» is shown). */
GtkProgressBar          *annalist_import_assistant_get_progress_bar (AnnalistImportAssistant *self);
gboolean                 annalist_import_assistant_is_running  (AnnalistImportAssistant *self);
/* The combo row of the source's @column (its selected item: 0 «skip»,
 * else the field's index + 1). */
AdwComboRow             *annalist_import_assistant_get_column_row (AnnalistImportAssistant *self,
                                                                   guint                    column);
/* The separator and the encoding rows of a CSV source, the sheet row of
 * a spreadsheet (NULL when the source has none). */
AdwComboRow             *annalist_import_assistant_get_separator_row (AnnalistImportAssistant *self);
AdwComboRow             *annalist_import_assistant_get_sheet_row     (AnnalistImportAssistant *self);
/* Whether a preview is waiting to run (the mapping just changed). */
gboolean                 annalist_import_assistant_preview_pending (AnnalistImportAssistant *self);
/* The preview's counts over the rows it read, and how many it shows. */
void                     annalist_import_assistant_get_counts  (AnnalistImportAssistant *self,
                                                                guint                   *n_new,
                                                                guint                   *n_same,
                                                                guint                   *n_errors,
                                                                guint                   *n_shown);
/* The preview's row @index: its line in the file, verdict and message. */
gboolean                 annalist_import_assistant_get_preview_row (AnnalistImportAssistant *self,
                                                                    guint                    index,
                                                                    guint                   *line,
                                                                    AnnalistImportVerdict   *verdict,
                                                                    const char             **message);

G_END_DECLS
