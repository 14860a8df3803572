/* annalist-store-copy.c — «Сохранить копию…»: the database in one file
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "annalist-durable.h"
#include "annalist-error.h"
#include "annalist-store-private.h"

/*
 * Writes a consistent copy of the whole database to @path with SQLite's
 * online backup, while the store stays open. The copy is written next to
 * @path first and renamed over it only when complete, so a failed copy
 * leaves nothing behind and never a half-written file.
 */
gboolean
annalist_store_backup (AnnalistStore *self,
                       const char    *path,
                       GError       **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *temporary = NULL;
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int fd, rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (annalist_store_get_db (self) != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  folder = g_path_get_dirname (path);
  temporary = g_build_filename (folder, ".annalist-copy-XXXXXX", NULL);
  fd = g_mkstemp (temporary);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy cannot be written to “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (temporary, &copy, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (copy, "main", annalist_store_get_db (self), "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (copy);
      /* One self-contained file, whatever the journal of the original. */
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ANNALIST_ERROR, rc, _("The copy cannot be written to “%s”: %s."),
                   path, copy ? sqlite3_errmsg (copy) : sqlite3_errstr (rc));
      sqlite3_close_v2 (copy);
      g_unlink (temporary);
      return FALSE;
    }
  sqlite3_close_v2 (copy);

  if (g_rename (temporary, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy cannot be written to “%s”: %s."), path, g_strerror (saved));
      g_unlink (temporary);
      return FALSE;
    }
  /* SQLite synced the copy; the rename is the folder's to sync. */
  return annalist_sync_folder_of (path, error);
}
