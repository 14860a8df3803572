/* annalist-backup.h — dated copies of a database, their rotation and restore
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

typedef enum
{
  ANNALIST_BACKUP_DAILY,             /* annalist-2026-11-30.db */
  ANNALIST_BACKUP_BEFORE_MIGRATION,  /* annalist-2026-11-30-161205-before-migration.db */
  ANNALIST_BACKUP_BEFORE_RESTORE,
  ANNALIST_BACKUP_BEFORE_IMPORT,
} AnnalistBackupReason;

/* The defaults of the rotation (the GSettings keys backup-keep-days and
 * backup-keep-months). */
#define ANNALIST_BACKUP_KEEP_DAYS   7
#define ANNALIST_BACKUP_KEEP_MONTHS 12

typedef struct
{
  char                 *path;
  GDateTime            *time;     /* local time it was made */
  AnnalistBackupReason  reason;
} AnnalistBackup;

void        annalist_backup_free          (AnnalistBackup        *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistBackup, annalist_backup_free)

/* «Ежедневная копия», «Перед обновлением версии базы», … */
const char *annalist_backup_reason_label  (AnnalistBackupReason   reason);

/* The folder of @database_path's backups:
 * $XDG_DATA_HOME/annalist/backups/<stem>-<hash of the absolute path>/, so
 * that two databases of the same name never share one. */
char       *annalist_backup_folder        (const char            *database_path);

/* Makes a verified copy of @store now, for @reason, and returns its path.
 * The import calls this with ANNALIST_BACKUP_BEFORE_IMPORT before it
 * writes anything (and refuses to import when it fails); the rotation
 * runs at the next opening of the window. */
char       *annalist_backup_now           (AnnalistStore         *store,
                                           AnnalistBackupReason   reason,
                                           GError               **error);
/* The same at the time @now (the tests' clock). */
char       *annalist_backup_make          (AnnalistStore         *store,
                                           AnnalistBackupReason   reason,
                                           GDateTime             *now,
                                           GError               **error);

/* At the window's opening: the day's copy unless @now's day has one, then
 * the rotation. @made (may be NULL) says whether a copy was made. */
gboolean    annalist_backup_daily         (AnnalistStore         *store,
                                           GDateTime             *now,
                                           guint                  keep_days,
                                           guint                  keep_months,
                                           gboolean              *made,
                                           GError               **error);

/* The same in a thread, with a read-only connection of its own to the
 * database at @database_path: the window's, which may save meanwhile
 * (a save waits for the copy's read, as for any reader). */
void        annalist_backup_daily_async   (const char            *database_path,
                                           GDateTime             *now,
                                           guint                  keep_days,
                                           guint                  keep_months,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean    annalist_backup_daily_finish  (GAsyncResult          *result,
                                           gboolean              *made,
                                           GError               **error);

/* Keeps every copy of the last @keep_days days (today included), and of
 * the older ones the newest of each month for the @keep_months months
 * before the current one; removes the rest. Only files named as backups
 * are ever removed. */
gboolean    annalist_backup_rotate        (const char            *database_path,
                                           GDateTime             *now,
                                           guint                  keep_days,
                                           guint                  keep_months,
                                           GError               **error);

/* @database_path's backups, newest first (AnnalistBackup). A missing
 * folder is an empty list. */
GPtrArray  *annalist_backup_list          (const char            *database_path,
                                           GError               **error);

/* PRAGMA integrity_check of the copy at @path; a damaged file (or one
 * that is not SQLite) gets a sentence. */
gboolean    annalist_backup_check         (const char            *path,
                                           GError               **error);

/* What the copy holds for people: «Организации: 128, мероприятия: 342». */
char       *annalist_backup_describe      (const char            *path,
                                           GError               **error);

/* Replaces @store's database by the copy at @backup_path: the copy is
 * checked, the current state backed up (ANNALIST_BACKUP_BEFORE_RESTORE),
 * @store closed, the copy written over the file (a temporary renamed, the
 * folder synced) and the file opened again into *@reopened. When the copy
 * is refused before @store is closed, *@reopened is @store, still open;
 * when the file cannot be opened again, NULL. */
gboolean    annalist_backup_restore       (AnnalistStore         *store,
                                           const char            *backup_path,
                                           GDateTime             *now,
                                           AnnalistStore        **reopened,
                                           GError               **error);

/* The hook of the store's opening: a copy of a file of an older version
 * before it is migrated. For annalist-store.c. */
gboolean    annalist_backup_before_migration (AnnalistStore      *store,
                                              GError            **error);

G_END_DECLS
