/* annalist-recent.h — the databases opened last
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ANNALIST_RECENT_MAX 5

/* The file that keeps them: the user data folder's annalist/recent-databases,
 * one absolute path a line, the newest first. */
char   *annalist_recent_file   (void);
/* The paths kept in @file (at most ANNALIST_RECENT_MAX); never NULL. */
char  **annalist_recent_load   (const char  *file);
/* @path first in @file, without its older place; the oldest beyond the
 * maximum dropped. */
gboolean annalist_recent_add   (const char  *file,
                                const char  *path,
                                GError     **error);
/* @menu made to hold an item per path of @file, each activating
 * app.open-recent with its path. */
void    annalist_recent_fill_menu (GMenu      *menu,
                                   const char *file);

G_END_DECLS
