/* annalist-session.c — who else has the database open
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each Annalist that opens a database for editing adds a row to
 * open_session (host, user, pid, when), renews its seen_at every minute
 * while it runs and removes the row when it closes the database; the
 * window says who else is there. Nothing here is worth a dialog: the rows
 * only inform, so a write that fails (the database busy, a disk full) is
 * logged with g_debug and tried again at the next renewal.
 *
 * A crash leaves its row behind. Such a row is recognised as stale by the
 * next reader — seen_at not renewed for three periods, or on this host a
 * pid that no longer runs — ignored, and removed by the next opener. The
 * pid is only looked at where pids mean the same to both processes: not
 * inside a Flatpak sandbox, whose processes each have their own pid
 * namespace (there seen_at alone decides).
 */

#define G_LOG_DOMAIN "annalist-session"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "annalist-date.h"
#include "annalist-session.h"
#include "annalist-store-private.h"

#define DEFAULT_INTERVAL_MS 60000
/* A row not renewed for this many periods was left by a crash. */
#define STALE_PERIODS 3
/* How long a renewal waits for a database another process is writing:
 * short, as it runs on the main loop; a busy round is simply skipped. */
#define RENEW_BUSY_MS 250
/* Removing our row on quit may wait a little longer. */
#define END_BUSY_MS 1000

struct _AnnalistSession
{
  GObject        parent_instance;

  AnnalistStore *store;
  dev_t          device;    /* the file, to tell our rows from copies */
  ino_t          inode;
  gint64         id;        /* our row; 0: not written (yet, or any more) */
  char          *opened_at;
  guint          interval_ms;
  guint          timeout_id;
  gboolean       ended;
  int            busy_ms;   /* the store's own busy timeout */
  GPtrArray     *others;    /* AnnalistSessionInfo */
};

G_DEFINE_FINAL_TYPE (AnnalistSession, annalist_session, G_TYPE_OBJECT)

enum
{
  OTHERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The live sessions of this process, to judge the rows that carry our
 * pid: one of them wrote it, or it is a copy (a backup, «Сохранить
 * копию…») of a row of ours, which no one renews. Main thread only. */
static GPtrArray *live_sessions;

G_DEFINE_BOXED_TYPE (AnnalistSessionInfo, annalist_session_info,
                     annalist_session_info_copy, annalist_session_info_free)

AnnalistSessionInfo *
annalist_session_info_copy (const AnnalistSessionInfo *info)
{
  AnnalistSessionInfo *copy = g_new0 (AnnalistSessionInfo, 1);

  copy->id = info->id;
  copy->host_name = g_strdup (info->host_name);
  copy->user_name = g_strdup (info->user_name);
  copy->real_name = g_strdup (info->real_name);
  copy->pid = info->pid;
  copy->opened_at = info->opened_at ? g_date_time_ref (info->opened_at) : NULL;
  copy->seen_at = info->seen_at ? g_date_time_ref (info->seen_at) : NULL;
  return copy;
}

void
annalist_session_info_free (AnnalistSessionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->host_name);
  g_free (info->user_name);
  g_free (info->real_name);
  g_clear_pointer (&info->opened_at, g_date_time_unref);
  g_clear_pointer (&info->seen_at, g_date_time_unref);
  g_free (info);
}

guint
annalist_session_default_interval (void)
{
  const char *text = g_getenv ("ANNALIST_SESSION_INTERVAL_MS");
  guint64 value;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 10, G_MAXUINT / STALE_PERIODS,
                                                  &value, NULL))
    return (guint) value;
  return DEFAULT_INTERVAL_MS;
}

char *
annalist_session_format_time (GDateTime *time)
{
  return annalist_time_stamp (time);
}

/* Staleness ---------------------------------------------------------------------- */

static gboolean
in_own_pid_namespace (void)
{
  static gsize sandboxed = 0;

  if (g_once_init_enter (&sandboxed))
    g_once_init_leave (&sandboxed, g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? 2 : 1);
  return sandboxed == 2;
}

static gboolean
process_runs (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return TRUE;   /* not a pid we can ask about: seen_at decides */
  /* EPERM: it runs, as another user. */
  return kill ((pid_t) pid, 0) == 0 || errno != ESRCH;
}

static gboolean
ours_live (const char *path,
           gint64      id)
{
  GStatBuf st;

  if (live_sessions == NULL || path == NULL || g_stat (path, &st) != 0)
    return FALSE;
  for (guint i = 0; i < live_sessions->len; i++)
    {
      AnnalistSession *session = g_ptr_array_index (live_sessions, i);

      if (session->id == id && session->device == st.st_dev && session->inode == st.st_ino)
        return TRUE;
    }
  return FALSE;
}

gboolean
annalist_session_info_is_stale (const AnnalistSessionInfo *info,
                                const char                *path,
                                GDateTime                 *now,
                                guint                      stale_after_ms)
{
  g_return_val_if_fail (info != NULL, TRUE);
  g_return_val_if_fail (now != NULL, TRUE);

  /* An unreadable time: not written by us, not renewed by anyone. */
  if (info->seen_at == NULL)
    return TRUE;
  if (g_date_time_difference (now, info->seen_at) > (GTimeSpan) stale_after_ms * 1000)
    return TRUE;
  if (g_strcmp0 (info->host_name, g_get_host_name ()) != 0 || in_own_pid_namespace ())
    return FALSE;
  if (info->pid == getpid ())
    return !ours_live (path, info->id);
  return !process_runs (info->pid);
}

/* Reading the rows ---------------------------------------------------------------- */

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text ? text : "");
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/* Every row but ours, as they are (stale ones too); NULL when they could
 * not be read. */
static GPtrArray *
read_rows (AnnalistSession *self)
{
  g_autoptr(GPtrArray) rows =
    g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_session_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = annalist_store_prepare (self->store,
                                 "SELECT id, host_name, user_name, real_name, pid, opened_at, "
                                 "seen_at FROM open_session WHERE id IS NOT ?1 "
                                 "ORDER BY opened_at, id",
                                 NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AnnalistSessionInfo *info = g_new0 (AnnalistSessionInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->host_name = column_text (stmt, 1);
      info->user_name = column_text (stmt, 2);
      info->real_name = column_text (stmt, 3);
      info->pid = sqlite3_column_int64 (stmt, 4);
      info->opened_at = column_time (stmt, 5);
      info->seen_at = column_time (stmt, 6);
      g_ptr_array_add (rows, info);
    }
  /* A statement left unreset would hold the read lock. */
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_debug ("The open sessions of “%s” could not be read: %s",
               annalist_store_get_path (self->store), sqlite3_errstr (rc));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static guint
stale_after (AnnalistSession *self)
{
  return self->interval_ms * STALE_PERIODS;
}

/* The same rows: an id alone is not enough, as SQLite gives a removed
 * row's id to the next row added. */
static gboolean
same_session (const AnnalistSessionInfo *a,
              const AnnalistSessionInfo *b)
{
  return a->id == b->id && a->pid == b->pid &&
         g_str_equal (a->host_name, b->host_name) &&
         g_str_equal (a->user_name, b->user_name) &&
         g_str_equal (a->real_name, b->real_name) &&
         (a->opened_at == NULL) == (b->opened_at == NULL) &&
         (a->opened_at == NULL || g_date_time_equal (a->opened_at, b->opened_at));
}

static gboolean
same_sessions (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!same_session (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

static gboolean
store_usable (AnnalistSession *self)
{
  return self->store != NULL && annalist_store_get_db (self->store) != NULL;
}

void
annalist_session_check (AnnalistSession *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GDateTime) now = NULL;
  sqlite3 *db;

  g_return_if_fail (ANNALIST_IS_SESSION (self));

  if (self->ended || !store_usable (self))
    return;
  db = annalist_store_get_db (self->store);
  sqlite3_busy_timeout (db, RENEW_BUSY_MS);
  rows = read_rows (self);
  sqlite3_busy_timeout (db, self->busy_ms);
  if (rows == NULL)
    return;   /* keep what we knew */

  now = g_date_time_new_now_utc ();
  live = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_session_info_free);
  for (guint i = 0; i < rows->len; i++)
    {
      AnnalistSessionInfo *info = rows->pdata[i];

      if (!annalist_session_info_is_stale (info, annalist_store_get_path (self->store), now,
                                           stale_after (self)))
        g_ptr_array_add (live, g_steal_pointer (&rows->pdata[i]));
    }
  if (same_sessions (live, self->others))
    return;
  g_ptr_array_unref (self->others);
  self->others = g_steal_pointer (&live);
  g_signal_emit (self, signals[OTHERS_CHANGED], 0);
}

GPtrArray *
annalist_session_get_others (AnnalistSession *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION (self), NULL);
  return self->others;
}

/* Writing our row ------------------------------------------------------------------ */

static gboolean
step_done (AnnalistSession *self,
           sqlite3_stmt    *stmt,
           const char      *what)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_debug ("%s in “%s” failed: %s", what, annalist_store_get_path (self->store),
           sqlite3_errstr (rc));
  return FALSE;
}

/* In one short transaction: the rows crashes left are removed, and ours
 * added. */
static gboolean
add_row (AnnalistSession *self)
{
  sqlite3 *db = annalist_store_get_db (self->store);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seen_at = annalist_session_format_time (now);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->id == 0);

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("No session added to “%s” this time: %s",
               annalist_store_get_path (self->store), sqlite3_errstr (rc));
      return FALSE;
    }

  rows = read_rows (self);
  if (rows == NULL)
    goto failed;
  for (guint i = 0; i < rows->len; i++)
    {
      AnnalistSessionInfo *info = rows->pdata[i];

      if (!annalist_session_info_is_stale (info, annalist_store_get_path (self->store), now,
                                           stale_after (self)))
        continue;
      stmt = annalist_store_prepare (self->store, "DELETE FROM open_session WHERE id = ?1",
                                     NULL);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, info->id);
      if (!step_done (self, stmt, "Removing a stale session"))
        goto failed;
      g_debug ("Removed the stale session %" G_GINT64_FORMAT " of %s on %s "
               "(pid %" G_GINT64_FORMAT ")",
               info->id, info->user_name, info->host_name, info->pid);
    }

  stmt = annalist_store_prepare (self->store,
                                 "INSERT INTO open_session (host_name, user_name, real_name, "
                                 "pid, opened_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 NULL);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, g_get_host_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
  /* "Unknown" is GLib's word for no name: better none. */
  sqlite3_bind_text (stmt, 3,
                     g_str_equal (g_get_real_name (), "Unknown") ? "" : g_get_real_name (),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, getpid ());
  sqlite3_bind_text (stmt, 5, self->opened_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, seen_at, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, "Adding the session"))
    goto failed;

  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("Adding the session to “%s” failed: %s",
               annalist_store_get_path (self->store), sqlite3_errstr (rc));
      goto failed;
    }
  self->id = sqlite3_last_insert_rowid (db);
  return TRUE;

failed:
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
renew_row (AnnalistSession *self)
{
  sqlite3 *db = annalist_store_get_db (self->store);
  g_autofree char *seen_at = annalist_time_stamp (NULL);
  sqlite3_stmt *stmt;

  /* The id alone is not enough: a removed row's id is given to the next
   * row added (the table has no AUTOINCREMENT). */
  stmt = annalist_store_prepare (self->store,
                                 "UPDATE open_session SET seen_at = ?1 WHERE id = ?2 AND pid = ?3 "
                                 "AND host_name = ?4 AND opened_at = ?5",
                                 NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, seen_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, self->id);
  sqlite3_bind_int64 (stmt, 3, getpid ());
  sqlite3_bind_text (stmt, 4, g_get_host_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, self->opened_at, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, "Renewing the session"))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    return TRUE;

  /* Our row is gone: a backup was restored over the file, or another
   * Annalist thought us crashed. We are here: add it again. */
  g_debug ("The session %" G_GINT64_FORMAT " is no longer in “%s”: added again", self->id,
           annalist_store_get_path (self->store));
  self->id = 0;
  return add_row (self);
}

gboolean
annalist_session_renew (AnnalistSession *self)
{
  sqlite3 *db;
  gboolean written;

  g_return_val_if_fail (ANNALIST_IS_SESSION (self), FALSE);

  if (self->ended || !store_usable (self))
    return FALSE;
  db = annalist_store_get_db (self->store);
  /* A save between two turns of the main loop (not expected): its
   * transaction is not ours to commit. */
  if (!sqlite3_get_autocommit (db))
    {
      g_debug ("A transaction is open on “%s”: the session is renewed next time",
               annalist_store_get_path (self->store));
      return FALSE;
    }

  sqlite3_busy_timeout (db, RENEW_BUSY_MS);
  written = self->id != 0 ? renew_row (self) : add_row (self);
  sqlite3_busy_timeout (db, self->busy_ms);

  annalist_session_check (self);
  return written;
}

static gboolean
renew_timeout (gpointer user_data)
{
  annalist_session_renew (ANNALIST_SESSION (user_data));
  return G_SOURCE_CONTINUE;
}

void
annalist_session_end (AnnalistSession *self)
{
  g_return_if_fail (ANNALIST_IS_SESSION (self));

  self->ended = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (live_sessions != NULL)
    g_ptr_array_remove_fast (live_sessions, self);

  if (self->id != 0 && store_usable (self))
    {
      sqlite3 *db = annalist_store_get_db (self->store);
      sqlite3_stmt *stmt;

      sqlite3_busy_timeout (db, END_BUSY_MS);
      stmt = annalist_store_prepare (self->store,
                                     "DELETE FROM open_session WHERE id = ?1 AND pid = ?2 "
                                     "AND host_name = ?3 AND opened_at = ?4",
                                     NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, self->id);
          sqlite3_bind_int64 (stmt, 2, getpid ());
          sqlite3_bind_text (stmt, 3, g_get_host_name (), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 4, self->opened_at, -1, SQLITE_TRANSIENT);
          step_done (self, stmt, "Removing the session");
        }
      sqlite3_busy_timeout (db, self->busy_ms);
    }
  self->id = 0;
  if (self->others->len > 0)
    {
      g_ptr_array_set_size (self->others, 0);
      g_signal_emit (self, signals[OTHERS_CHANGED], 0);
    }
}

/* Construction -------------------------------------------------------------------- */

static void
annalist_session_dispose (GObject *object)
{
  AnnalistSession *self = ANNALIST_SESSION (object);

  if (self->store != NULL)
    annalist_session_end (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_session_parent_class)->dispose (object);
}

static void
annalist_session_finalize (GObject *object)
{
  AnnalistSession *self = ANNALIST_SESSION (object);

  g_clear_pointer (&self->others, g_ptr_array_unref);
  g_clear_pointer (&self->opened_at, g_free);

  G_OBJECT_CLASS (annalist_session_parent_class)->finalize (object);
}

static void
annalist_session_class_init (AnnalistSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = annalist_session_dispose;
  object_class->finalize = annalist_session_finalize;

  /**
   * AnnalistSession::others-changed:
   *
   * The other live sessions (annalist_session_get_others()) changed:
   * one came, went, or was found stale.
   */
  signals[OTHERS_CHANGED] = g_signal_new ("others-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
annalist_session_init (AnnalistSession *self)
{
  self->others = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_session_info_free);
}

static int
busy_timeout_of (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int ms = 5000;

  if (sqlite3_prepare_v2 (db, "PRAGMA busy_timeout", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ms = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return ms;
}

AnnalistSession *
annalist_session_start (AnnalistStore *store,
                        guint          interval_ms,
                        GError       **error)
{
  g_autoptr(AnnalistSession) self = NULL;
  sqlite3 *db;
  const char *file;
  GStatBuf st;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = annalist_store_get_db (store);
  /* A read-only open never writes; nor does one read into memory (an
   * older file migrated there): its file name is "". */
  file = db ? sqlite3_db_filename (db, "main") : NULL;
  if (db == NULL || sqlite3_db_readonly (db, "main") != 0 || file == NULL || *file == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                           "The database is open for reading only: no session is kept");
      return NULL;
    }

  self = g_object_new (ANNALIST_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->interval_ms = interval_ms > 0 ? interval_ms : annalist_session_default_interval ();
  self->busy_ms = busy_timeout_of (db);
  self->opened_at = annalist_time_stamp (NULL);
  if (g_stat (annalist_store_get_path (store), &st) == 0)
    {
      self->device = st.st_dev;
      self->inode = st.st_ino;
    }

  if (live_sessions == NULL)
    live_sessions = g_ptr_array_new ();
  g_ptr_array_add (live_sessions, self);

  annalist_session_renew (self);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_LOW, self->interval_ms, renew_timeout,
                                         self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[annalist] session renewal");
  return g_steal_pointer (&self);
}

AnnalistStore *
annalist_session_get_store (AnnalistSession *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION (self), NULL);
  return self->store;
}

gint64
annalist_session_get_id (AnnalistSession *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION (self), 0);
  return self->id;
}

guint
annalist_session_get_interval (AnnalistSession *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION (self), 0);
  return self->interval_ms;
}
