/* annalist-durable.h — making a renamed file survive a power cut
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean annalist_sync_folder_of (const char  *path,
                                  GError     **error);

G_END_DECLS
