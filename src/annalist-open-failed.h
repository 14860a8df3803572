/* annalist-open-failed.h — a document that no application here opens
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Says over @widget's window that @file could not be opened (@error: why,
 * for the log), names the folder it is in, and offers «Show in Folder»:
 * the file manager shows the file selected (org.freedesktop.FileManager1),
 * or, without one that answers, the folder opens. */
void annalist_open_failed_show (GtkWidget    *widget,
                                GFile        *file,
                                const GError *error);

G_END_DECLS
