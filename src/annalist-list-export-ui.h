/* annalist-list-export-ui.h — «Export the List…» and «Copy Rows» in the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-list-page.h"

G_BEGIN_DECLS

/* Asks which columns (the list's, or every field of the kind), then for
 * the file (.csv or .ods), and writes the rows @page shows now; a toast
 * says it was written, a dialog why not. */
void     annalist_list_export_ask  (AnnalistListPage *page);
/* Puts the rows @page shows now, with its columns and a header row, on
 * the clipboard as tab-separated text; a toast says how many. */
void     annalist_list_export_copy (AnnalistListPage *page);

G_END_DECLS
