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

AnnalistWindow *annalist_window_new (AnnalistApplication *application,
                                     AnnalistStore       *store,
                                     const GError        *open_error);

G_END_DECLS
