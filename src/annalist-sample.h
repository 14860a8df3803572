/* annalist-sample.h — the sample district
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANNALIST_SAMPLE_YEAR 2022

gboolean annalist_sample_create (const char *path,
                                 guint       scale,
                                 GError    **error);

G_END_DECLS
