/* annalist-session.h — who else has the database open
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* One row of open_session: an Annalist that has the database open. */
typedef struct
{
  gint64     id;
  char      *host_name;
  char      *user_name;
  char      *real_name;   /* may be "" */
  gint64     pid;
  GDateTime *opened_at;   /* UTC */
  GDateTime *seen_at;     /* UTC */
} AnnalistSessionInfo;

#define ANNALIST_TYPE_SESSION_INFO (annalist_session_info_get_type ())

GType                annalist_session_info_get_type (void) G_GNUC_CONST;
AnnalistSessionInfo *annalist_session_info_copy     (const AnnalistSessionInfo *info);
void                 annalist_session_info_free     (AnnalistSessionInfo       *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistSessionInfo, annalist_session_info_free)

#define ANNALIST_TYPE_SESSION (annalist_session_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistSession, annalist_session, ANNALIST, SESSION, GObject)

/* The renewal period: $ANNALIST_SESSION_INTERVAL_MS (tests), else 60 s. A
 * row not renewed for three periods was left by a crash. */
guint            annalist_session_default_interval (void);

/* Adds this process's row to @store's open_session (removing the rows
 * that crashes left) and renews it every @interval_ms (0: the default)
 * on the main loop, until annalist_session_end() or the last unref. A
 * store opened read-only is refused (nothing is written): NULL and
 * @error. When the database is busy the row is added at a later
 * renewal; failures of the writes are only logged (g_debug). */
AnnalistSession *annalist_session_start            (AnnalistStore   *store,
                                                    guint            interval_ms,
                                                    GError         **error);
/* Removes our row and stops renewing; the store is not closed. Again
 * does nothing. */
void             annalist_session_end              (AnnalistSession *self);

AnnalistStore   *annalist_session_get_store        (AnnalistSession *self);
/* Our row's id, 0 while it could not be written (or after the end). */
gint64           annalist_session_get_id           (AnnalistSession *self);
guint            annalist_session_get_interval     (AnnalistSession *self);

/* One renewal now (the timer's): seen_at updated (our row written again
 * if someone removed it), then the others read again. FALSE when the
 * write was skipped (the database busy, a transaction open, the store
 * closed). */
gboolean         annalist_session_renew            (AnnalistSession *self);
/* Reads the others again without writing (when the window gains focus);
 * emits ::others-changed when they differ from the last reading. */
void             annalist_session_check            (AnnalistSession *self);
/* The other live sessions as last read (AnnalistSessionInfo, oldest
 * first); stale rows are never among them. Owned by @self. */
GPtrArray       *annalist_session_get_others       (AnnalistSession *self);

/* Whether @info was left by a crash, as seen from this process at @now:
 * seen_at older than @stale_after_ms, or a process of this host (and
 * this process's pid namespace) that no longer runs. Rows of this
 * process are judged by whether one of its live sessions wrote them
 * (a row copied into a backup is not ours). */
gboolean         annalist_session_info_is_stale    (const AnnalistSessionInfo *info,
                                                    const char                *path,
                                                    GDateTime                 *now,
                                                    guint                      stale_after_ms);

/* UTC as the database keeps times: 2026-11-30T16:20:05Z. */
char            *annalist_session_format_time      (GDateTime       *time);

G_END_DECLS
