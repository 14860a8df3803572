/* annalist-window-keys.h — the main window by keyboard
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-window.h"

G_BEGIN_DECLS

/* The window's own keys: F6, Ctrl+Page Up/Down, Tab around the list,
 * Ctrl+E and Ctrl+Shift+F (their actions are installed here). */
void      annalist_window_keys_class_init (GtkWidgetClass *widget_class);
void      annalist_window_keys_init       (AnnalistWindow *self);

/* The focus into the page shown: a list's rows, the first cell of the
 * indicators, the first thing that takes it elsewhere. */
void      annalist_window_keys_focus_page (AnnalistWindow *self);

/* What the window does with @keyval and @state before the widget with
 * the focus sees them: whether it handled them. Tests call it as GTK
 * does. */
gboolean  annalist_window_keys_press      (AnnalistWindow  *self,
                                           guint            keyval,
                                           GdkModifierType  state);

G_END_DECLS
