/* annalist-backup.c — dated copies of a database, their rotation and restore
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy is made by SQLite's online backup (annalist_store_backup: a
 * temporary renamed when complete, the folder synced), then read back
 * with PRAGMA integrity_check; a copy that fails is removed at once, so
 * that the list never offers one that would not restore.
 *
 * The copies live in the user's data folder, not beside the database: a
 * copy on the same flash drive or network folder is lost with it, and the
 * database's folder may be one the user shares or cannot write. One
 * folder per database, named by its file name and a hash of its absolute
 * path, so that two «annalist.db» in two places keep their copies apart.
 *
 * Names carry the date (and the time and reason of the copies made
 * besides the daily one), so that the folder reads well in a file manager
 * and the rotation needs nothing but the names:
 *
 *   annalist-2026-11-30.db                          the day's first opening
 *   annalist-2026-11-30-161205-before-migration.db  before a new version's update
 *   annalist-2026-11-30-161205-before-restore.db    the state a restore replaced
 *   annalist-2026-11-30-161205-before-import.db     before an import
 */

#define G_LOG_DOMAIN "annalist-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-backup.h"
#include "annalist-error.h"

static const char * const reason_names[] = {
  [ANNALIST_BACKUP_DAILY] = NULL,
  [ANNALIST_BACKUP_BEFORE_MIGRATION] = "before-migration",
  [ANNALIST_BACKUP_BEFORE_RESTORE] = "before-restore",
  [ANNALIST_BACKUP_BEFORE_IMPORT] = "before-import",
};

/* The kinds whose counts tell one copy from another in the restore list. */
static const char * const counted_kinds[] = { "organisation", "event" };

void
annalist_backup_free (AnnalistBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->path);
  g_clear_pointer (&backup->time, g_date_time_unref);
  g_free (backup);
}

const char *
annalist_backup_reason_label (AnnalistBackupReason reason)
{
  switch (reason)
    {
    case ANNALIST_BACKUP_DAILY:
      return _("Daily copy");
    case ANNALIST_BACKUP_BEFORE_MIGRATION:
      return _("Before the update to a new version");
    case ANNALIST_BACKUP_BEFORE_RESTORE:
      return _("Before a restore");
    case ANNALIST_BACKUP_BEFORE_IMPORT:
      return _("Before an import");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* «annalist» for «annalist.db»: the name up to its last dot. */
static char *
file_stem (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';
  return g_steal_pointer (&name);
}

char *
annalist_backup_folder (const char *database_path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  absolute = g_canonicalize_filename (database_path, NULL);
  stem = file_stem (absolute);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  name = g_strdup_printf ("%s-%.8s", stem, hash);
  return g_build_filename (g_get_user_data_dir (), "annalist", "backups", name, NULL);
}

/* Naming ------------------------------------------------------------------------- */

static char *
daily_name (const char *stem,
            GDateTime  *now)
{
  return g_strdup_printf ("%s-%04d-%02d-%02d.db", stem,
                          g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now));
}

/* A free name for a copy made for @reason at @now: two in the same second
 * (two restores in a row) must not replace each other. */
static char *
extra_path (const char           *folder,
            const char           *stem,
            AnnalistBackupReason  reason,
            GDateTime            *now)
{
  g_autofree char *base = g_strdup_printf ("%s-%04d-%02d-%02d-%02d%02d%02d-%s", stem,
                                           g_date_time_get_year (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_day_of_month (now),
                                           g_date_time_get_hour (now),
                                           g_date_time_get_minute (now),
                                           g_date_time_get_second (now),
                                           reason_names[reason]);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (base, ".db", NULL)
                                     : g_strdup_printf ("%s-%u.db", base, n);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* Where the copy of the database at @path made for @reason at @now goes:
 * the day's one name for a daily copy, a free name for any other. */
static char *
target_path (const char           *path,
             AnnalistBackupReason  reason,
             GDateTime            *now)
{
  g_autofree char *folder = annalist_backup_folder (path);
  g_autofree char *stem = file_stem (path);

  if (reason == ANNALIST_BACKUP_DAILY)
    {
      g_autofree char *name = daily_name (stem, now);

      return g_build_filename (folder, name, NULL);
    }
  return extra_path (folder, stem, reason, now);
}

/* The backup @name of a database whose stem is @stem, or NULL for any
 * other file. */
static AnnalistBackup *
parse_name (const char *folder,
            const char *stem,
            const char *name)
{
  static GRegex *pattern;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(AnnalistBackup) backup = NULL;
  g_autoptr(GTimeZone) local = NULL;
  int numbers[6] = { 0 };
  g_autofree char *reason = NULL;
  gsize stem_length = strlen (stem);

  if (g_once_init_enter (&pattern))
    g_once_init_leave (&pattern,
                       g_regex_new ("^([0-9]{4})-([0-9]{2})-([0-9]{2})"
                                    "(?:-([0-9]{2})([0-9]{2})([0-9]{2})"
                                    "-(before-migration|before-restore|before-import)"
                                    "(?:-[0-9]+)?)?\\.db$",
                                    G_REGEX_OPTIMIZE, 0, NULL));

  if (strncmp (name, stem, stem_length) != 0 || name[stem_length] != '-')
    return NULL;
  if (!g_regex_match (pattern, name + stem_length + 1, 0, &match))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *number = g_match_info_fetch (match, i + 1);

      if (number != NULL && *number != '\0')
        numbers[i] = atoi (number);
    }
  reason = g_match_info_fetch (match, 7);

  backup = g_new0 (AnnalistBackup, 1);
  backup->path = g_build_filename (folder, name, NULL);
  backup->reason = ANNALIST_BACKUP_DAILY;
  for (guint r = ANNALIST_BACKUP_BEFORE_MIGRATION; r < G_N_ELEMENTS (reason_names); r++)
    if (reason != NULL && g_strcmp0 (reason, reason_names[r]) == 0)
      backup->reason = r;

  local = g_time_zone_new_local ();
  backup->time = g_date_time_new (local, numbers[0], numbers[1], numbers[2],
                                  numbers[3], numbers[4], numbers[5]);
  if (backup->time == NULL)
    return NULL;   /* 2026-13-45: not ours */

  /* The name says the second at most (the daily copy's only the day):
   * the file's own time, when it agrees with the name, orders two copies
   * of one second (the day's copy and a restore right after it). */
  {
    g_autoptr(GFile) file = g_file_new_for_path (backup->path);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                   G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
    g_autoptr(GDateTime) modified = info ? g_file_info_get_modification_date_time (info) : NULL;
    g_autoptr(GDateTime) local_modified = modified ? g_date_time_to_local (modified) : NULL;
    gboolean same_day = local_modified != NULL &&
                        g_date_time_get_year (local_modified) == numbers[0] &&
                        g_date_time_get_month (local_modified) == numbers[1] &&
                        g_date_time_get_day_of_month (local_modified) == numbers[2];
    GTimeSpan after = local_modified ? g_date_time_difference (local_modified, backup->time) : -1;

    if (same_day && (backup->reason == ANNALIST_BACKUP_DAILY ||
                     (after >= 0 && after < 2 * G_TIME_SPAN_SECOND)))
      {
        g_date_time_unref (backup->time);
        backup->time = g_steal_pointer (&local_modified);
      }
  }
  return g_steal_pointer (&backup);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const AnnalistBackup *backup_a = *(AnnalistBackup * const *) a;
  const AnnalistBackup *backup_b = *(AnnalistBackup * const *) b;
  int order = g_date_time_compare (backup_b->time, backup_a->time);

  return order != 0 ? order : strcmp (backup_b->path, backup_a->path);
}

GPtrArray *
annalist_backup_list (const char *database_path,
                      GError    **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_backup_free);
  g_autofree char *folder = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (database_path != NULL, NULL);

  folder = annalist_backup_folder (database_path);
  stem = file_stem (database_path);
  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&backups);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      AnnalistBackup *backup = parse_name (folder, stem, name);

      if (backup != NULL)
        g_ptr_array_add (backups, backup);
    }
  g_ptr_array_sort (backups, newest_first);
  return g_steal_pointer (&backups);
}

/* Checking ------------------------------------------------------------------------- */

gboolean
annalist_backup_check (const char *path,
                       GError    **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  /* Read-only: checking a copy never writes it, nor anything beside it. */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0 && problems->len < 200)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
      rc = SQLITE_OK;
    }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  if (rc != SQLITE_OK && problems->len == 0)
    g_string_append (problems, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (problems->len > 0)
    {
      g_set_error (error, ANNALIST_ERROR, rc != SQLITE_OK ? rc : SQLITE_CORRUPT,
                   _("The backup copy “%s” is damaged and cannot be used (%s)."),
                   display, problems->str);
      return FALSE;
    }
  return TRUE;
}

char *
annalist_backup_describe (const char *path,
                          GError    **error)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  AnnalistQuery query = ANNALIST_QUERY_INIT;

  g_return_val_if_fail (path != NULL, NULL);

  store = annalist_store_open_readonly (path, error);
  if (store == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (counted_kinds); i++)
    {
      const AnnalistKind *kind = annalist_kind_lookup (counted_kinds[i]);
      gint64 count = annalist_store_count (store, kind, &query, error);

      if (count < 0)
        return NULL;
      g_string_append_printf (text, "%s%s: %" G_GINT64_FORMAT,
                              text->len ? "; " : "", _(kind->label), count);
    }
  annalist_store_close (store);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Making ------------------------------------------------------------------------- */

static char *
make_at (AnnalistStore *store,
         const char    *target,
         GError       **error)
{
  g_autofree char *folder = g_path_get_dirname (target);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder of backup copies “%s” cannot be created: %s."),
                   display, g_strerror (saved));
      return NULL;
    }
  if (!annalist_store_backup (store, target, error))
    return NULL;
  if (!annalist_backup_check (target, error))
    {
      g_unlink (target);
      return NULL;
    }
  return g_strdup (target);
}

char *
annalist_backup_make (AnnalistStore        *store,
                      AnnalistBackupReason  reason,
                      GDateTime            *now,
                      GError              **error)
{
  g_autofree char *target = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (reason < G_N_ELEMENTS (reason_names), NULL);

  target = target_path (annalist_store_get_path (store), reason, now);
  return make_at (store, target, error);
}

char *
annalist_backup_now (AnnalistStore        *store,
                     AnnalistBackupReason  reason,
                     GError              **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return annalist_backup_make (store, reason, now, error);
}

gboolean
annalist_backup_daily (AnnalistStore *store,
                       GDateTime     *now,
                       guint          keep_days,
                       guint          keep_months,
                       gboolean      *made,
                       GError       **error)
{
  const char *path;
  g_autofree char *target = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (made != NULL)
    *made = FALSE;
  path = annalist_store_get_path (store);
  target = target_path (path, ANNALIST_BACKUP_DAILY, now);
  if (!g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_autofree char *copy = make_at (store, target, error);

      if (copy == NULL)
        return FALSE;
      if (made != NULL)
        *made = TRUE;
    }
  return annalist_backup_rotate (path, now, keep_days, keep_months, error);
}

typedef struct
{
  char      *path;
  GDateTime *now;
  guint      keep_days;
  guint      keep_months;
} DailyTask;

static void
daily_task_free (gpointer data)
{
  DailyTask *task = data;

  g_free (task->path);
  g_date_time_unref (task->now);
  g_free (task);
}

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DailyTask *daily = task_data;
  g_autoptr(AnnalistStore) store = NULL;
  GError *error = NULL;
  gboolean made;

  store = annalist_store_open_readonly (daily->path, &error);
  if (store == NULL ||
      !annalist_backup_daily (store, daily->now, daily->keep_days, daily->keep_months,
                              &made, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  annalist_store_close (store);
  g_task_return_int (task, made);
}

void
annalist_backup_daily_async (const char          *database_path,
                             GDateTime           *now,
                             guint                keep_days,
                             guint                keep_months,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DailyTask *daily;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (now != NULL);

  daily = g_new0 (DailyTask, 1);
  daily->path = g_strdup (database_path);
  daily->now = g_date_time_ref (now);
  daily->keep_days = keep_days;
  daily->keep_months = keep_months;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, annalist_backup_daily_async);
  g_task_set_task_data (task, daily, daily_task_free);
  g_task_run_in_thread (task, daily_thread);
}

gboolean
annalist_backup_daily_finish (GAsyncResult *result,
                              gboolean     *made,
                              GError      **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (made != NULL)
    *made = value == 1;
  return value >= 0;
}

/* Rotation ------------------------------------------------------------------------- */

/* A copy cut off by a crash or a kill leaves its temporary
 * (annalist_store_backup's «.annalist-copy-XXXXXX») in the folder; one an
 * hour old is no other process's copy in progress. */
static void
remove_stale_temporaries (const char *folder,
                          GDateTime  *now)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf info;

      if (!g_str_has_prefix (name, ".annalist-copy-"))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &info) == 0 &&
          g_date_time_to_unix (now) - (gint64) info.st_mtime > 3600)
        g_unlink (path);
    }
}

static int
month_number (GDateTime *time)
{
  return g_date_time_get_year (time) * 12 + g_date_time_get_month (time) - 1;
}

gboolean
annalist_backup_rotate (const char *database_path,
                        GDateTime  *now,
                        guint       keep_days,
                        guint       keep_months,
                        GError    **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) first_kept_day = NULL;
  g_autoptr(GHashTable) months_kept = g_hash_table_new (NULL, NULL);
  int this_month;

  g_return_val_if_fail (database_path != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  backups = annalist_backup_list (database_path, error);
  if (backups == NULL)
    return FALSE;
  {
    g_autofree char *folder = annalist_backup_folder (database_path);

    remove_stale_temporaries (folder, now);
  }

  /* The day's copy is always kept, whatever the setting says. */
  keep_days = MAX (keep_days, 1);
  today = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                           g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                           0, 0, 0);
  first_kept_day = g_date_time_add_days (today, 1 - (int) keep_days);
  this_month = month_number (now);

  /* Newest first: the first copy met in a month is the one it keeps. */
  for (guint i = 0; i < backups->len; i++)
    {
      AnnalistBackup *backup = g_ptr_array_index (backups, i);
      int month = month_number (backup->time);

      if (g_date_time_compare (backup->time, first_kept_day) >= 0)
        continue;
      if (this_month - month <= (int) keep_months &&
          !g_hash_table_contains (months_kept, GINT_TO_POINTER (month)))
        {
          g_hash_table_add (months_kept, GINT_TO_POINTER (month));
          continue;
        }
      if (g_unlink (backup->path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (backup->path);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The old backup copy “%s” cannot be removed: %s."),
                       display, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/* Restore ------------------------------------------------------------------------- */

gboolean
annalist_backup_restore (AnnalistStore  *store,
                         const char     *backup_path,
                         GDateTime      *now,
                         AnnalistStore **reopened,
                         GError        **error)
{
  g_autoptr(AnnalistStore) candidate = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) copy_error = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (reopened != NULL && *reopened == NULL, FALSE);

  *reopened = g_object_ref (store);
  path = g_strdup (annalist_store_get_path (store));

  /* Everything that can refuse comes before the database is closed. */
  if (!annalist_backup_check (backup_path, error))
    return FALSE;
  candidate = annalist_store_open_readonly (backup_path, error);
  if (candidate == NULL)
    return FALSE;
  /* A read-only database (the window shows it read-only) stays as it
   * is: the rename would replace it whatever its permissions. */
  if (g_access (path, W_OK) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("“%s” cannot be written (%s), so no copy can be restored over it."),
                   display, g_strerror (saved));
      return FALSE;
    }
  /* A -wal beside the file: another program has it open in WAL mode, and
   * its pages would be laid over the restored file. */
  wal = g_strconcat (path, "-wal", NULL);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, ANNALIST_ERROR, SQLITE_BUSY,
                   _("“%s” is open in another program; close it there before restoring a copy."),
                   display);
      return FALSE;
    }
  before = annalist_backup_make (store, ANNALIST_BACKUP_BEFORE_RESTORE, now, error);
  if (before == NULL)
    {
      g_prefix_error (error, "%s ", _("Nothing was restored: the current state could not be "
                                      "backed up first."));
      return FALSE;
    }

  annalist_store_close (store);
  g_clear_object (reopened);
  /* Written beside the file and renamed over it when complete (a
   * copy of an older version comes already migrated, in memory). */
  if (!annalist_store_backup (candidate, path, &copy_error))
    g_prefix_error (&copy_error, "%s ", _("Nothing was restored."));
  annalist_store_close (candidate);

  *reopened = annalist_store_open_existing (path, copy_error ? NULL : error);
  if (copy_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&copy_error));
      return FALSE;
    }
  return *reopened != NULL;
}

gboolean
annalist_backup_before_migration (AnnalistStore *store,
                                  GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *copy = annalist_backup_make (store, ANNALIST_BACKUP_BEFORE_MIGRATION, now, error);

  if (copy == NULL)
    {
      g_autofree char *display = g_filename_display_name (annalist_store_get_path (store));
      g_autofree char *message = g_strdup_printf (_("“%s” was left at its version, because its "
                                                    "copy could not be made before the update."),
                                                  display);

      g_prefix_error (error, "%s ", message);
      return FALSE;
    }
  return TRUE;
}
