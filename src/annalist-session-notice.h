/* annalist-session-notice.h — the window's word on who else has the
 * database open
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "annalist-session.h"
#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_SESSION_NOTICE (annalist_session_notice_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistSessionNotice, annalist_session_notice, ANNALIST, SESSION_NOTICE,
                      GtkWidget)

GtkWidget       *annalist_session_notice_new         (void);
/* Keeps the window's session on @store (annalist_session_start()), ending
 * the one on the database shown before; NULL, or a store opened
 * read-only, keeps none. The notice shows while another live session
 * is there, read again at every renewal and when the window gains focus. */
void             annalist_session_notice_set_store   (AnnalistSessionNotice *self,
                                                      AnnalistStore         *store);
AnnalistSession *annalist_session_notice_get_session (AnnalistSessionNotice *self);
/* Whether the notice is shown (revealed), and its sentence. */
gboolean         annalist_session_notice_get_shown   (AnnalistSessionNotice *self);
const char      *annalist_session_notice_get_text    (AnnalistSessionNotice *self);

/* The sentence for @others (AnnalistSessionInfo), naming each with the
 * time, local, they opened the database (with the date unless it was
 * @now's day); NULL when there is none. */
char            *annalist_session_describe_others    (GPtrArray             *others,
                                                      GDateTime             *now);

G_END_DECLS
