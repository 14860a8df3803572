/* annalist-store-readonly.c — a database opened only to be read
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line's export and list of templates read a database the
 * user may have copied, mailed or made read-only: the file and its folder
 * must stay byte-identical. So the connection is opened read-only, with
 * no pragma that writes and no migration of the file:
 *
 * - a file in rollback-journal mode (as «Сохранить копию…» writes it) is
 *   read under SQLite's ordinary shared lock and keeps its mode;
 * - a file in WAL mode whose -wal is not there (no Annalist has it open,
 *   and everything is in the file) is opened "immutable": SQLite would
 *   otherwise create -wal and -shm beside it, and leave them when it
 *   cannot write. An immutable connection takes no lock, so the store
 *   holds SQLite's shared lock on the file itself while it lives: a writer
 *   (a window that switches the file to rollback mode and saves) waits
 *   until the document is written, as for any reader. When a -wal is there (a window has the file open), the
 *   ordinary read-only open reads through it and creates nothing new;
 * - a file of an older schema version is copied into memory (SQLite's
 *   backup API) and the copy migrated: the export works, the file stays
 *   as the user saved it, and the window migrates it when it opens it.
 *   A copy costs memory as large as the file, only for old files.
 *
 * A file whose last save was cut off (a hot journal beside it) would need
 * writing to be read: it is refused with a sentence, not repaired.
 *
 * The temporary tables of computed kinds live in the connection's temp
 * database (memory or a file in the system's temporary folder), which a
 * read-only connection may write.
 */

#define _GNU_SOURCE   /* F_OFD_SETLK */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "annalist-closed-year.h"
#include "annalist-error.h"
#include "annalist-store-private.h"

/* PRAGMA application_id of every Annalist database: "ANNL". */
#define ANNALIST_APPLICATION_ID 0x414E4E4C

/* The first bytes of every SQLite database file. */
#define SQLITE_HEADER "SQLite format 3"

static gboolean
query_int (AnnalistStore *self,
           const char    *sql,
           gint64        *value,
           GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (annalist_store_get_db (self), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
    {
      /* A save was cut off (a crash, a power cut): only a connection that
       * may write can undo its half, and this one must not. */
      g_autofree char *display = g_filename_display_name (annalist_store_get_path (self));

      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The last save to “%s” was cut off: open the database in the window once, "
                     "which finishes it, then try again."), display);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    return annalist_store_set_error (self, rc, error);
  return TRUE;
}

/* The file is there, is a file, is not empty, can be read and starts as
 * an SQLite database; else a sentence. @wal: the header says WAL mode.
 * Also the window's open of an existing database (annalist-store.c). */
gboolean
annalist_store_check_file (const char  *path,
                           const char  *display,
                           gboolean    *wal,
                           GError     **error)
{
  guint8 header[100] = { 0 };
  GStatBuf st;
  gssize n;
  int fd;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The database “%s” does not exist."), display);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("The database “%s” cannot be read: %s."), display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not an Annalist database: give the database file."), display);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is not an Annalist database: it is not an SQLite file."), display);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is an empty file (0 bytes), not an Annalist database."), display);
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The database “%s” cannot be read: %s."), display, g_strerror (saved));
      return FALSE;
    }
  do
    n = read (fd, header, sizeof header);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < (gssize) sizeof header || memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is not an Annalist database: it is not an SQLite file."), display);
      return FALSE;
    }
  /* The file format's write and read versions: 2 in WAL mode. */
  *wal = header[18] == 2 || header[19] == 2;
  return TRUE;
}

/* The URI that opens @path read-only; immutable when nothing but the file
 * holds the database (see the top of the file), and then the caller holds
 * the lock SQLite does not take. */
static char *
readonly_uri (const char *path,
              gboolean    immutable)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);

  return g_strconcat ("file://", escaped, "?mode=ro", immutable ? "&immutable=1" : "", NULL);
}

/* SQLite's locks on a database file (os_unix.c): a reader holds a read
 * lock on the shared range, taken while it holds one on the pending byte;
 * a writer needs a write lock on the whole shared range to change the file
 * or its journal mode. */
#define PENDING_BYTE 0x40000000
#define SHARED_FIRST (PENDING_BYTE + 2)
#define SHARED_SIZE 510

static gboolean
read_lock (int   fd,
           short type,
           off_t start,
           off_t length)
{
#ifdef F_OFD_SETLK
  /* Open-file-description locks: not dropped when SQLite closes its own
   * descriptor of the same file, and they conflict with SQLite's. */
  struct flock lock = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = length };

  return fcntl (fd, F_OFD_SETLK, &lock) == 0;
#else
  return TRUE;
#endif
}

static void
close_fd (gpointer data)
{
  close (GPOINTER_TO_INT (data) - 1);
}

/* Holds SQLite's shared lock on @path for the life of @self; FALSE with a
 * sentence when a writer keeps the file for 5 seconds. Where the system
 * has no such locks, nothing is held. */
static gboolean
hold_shared_lock (AnnalistStore *self,
                  const char    *path,
                  const char    *display,
                  GError       **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The database “%s” cannot be read: %s."), display, g_strerror (saved));
      return FALSE;
    }
  for (guint attempt = 0; ; attempt++)
    {
      if (read_lock (fd, F_RDLCK, PENDING_BYTE, 1))
        {
          gboolean shared = read_lock (fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE);

          read_lock (fd, F_UNLCK, PENDING_BYTE, 1);
          if (shared)
            break;
        }
      if (errno != EAGAIN && errno != EACCES)
        break;   /* no locks here (EINVAL): read as SQLite would */
      if (attempt == 50)
        {
          close (fd);
          g_set_error (error, ANNALIST_ERROR, SQLITE_BUSY,
                       _("The database “%s” is in use by another program. Try again in a moment."),
                       display);
          return FALSE;
        }
      g_usleep (100 * 1000);
    }
  g_object_set_data_full (G_OBJECT (self), "annalist-shared-lock", GINT_TO_POINTER (fd + 1), close_fd);
  return TRUE;
}

/* A copy of @file's database in memory, at the current schema version. */
static AnnalistStore *
migrated_copy (AnnalistStore *file,
               gint64         version,
               GError       **error)
{
  g_autoptr(AnnalistStore) copy = NULL;
  g_autofree char *page_size_sql = NULL;
  sqlite3 *memory = NULL;
  sqlite3_backup *backup;
  gint64 page_size = 4096;
  int rc;

  if (!query_int (file, "PRAGMA page_size", &page_size, error))
    return NULL;
  rc = sqlite3_open_v2 (":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  copy = annalist_store_adopt (annalist_store_get_path (file), memory);
  if (rc != SQLITE_OK)
    {
      annalist_store_set_error (copy, rc, error);
      return NULL;
    }
  /* An in-memory destination takes the source's pages only at its size. */
  page_size_sql = g_strdup_printf ("PRAGMA page_size = %" G_GINT64_FORMAT, page_size);
  if (!annalist_store_exec (copy, page_size_sql, error))
    return NULL;
  backup = sqlite3_backup_init (memory, "main", annalist_store_get_db (file), "main");
  if (backup == NULL)
    {
      annalist_store_set_error (copy, sqlite3_errcode (memory), error);
      return NULL;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (file, rc, error);
      return NULL;
    }
  if (!annalist_store_exec (copy, "PRAGMA foreign_keys = ON", error) ||
      !annalist_store_migrate (copy, version, error))
    return NULL;
  return g_steal_pointer (&copy);
}

AnnalistStore *
annalist_store_open_readonly (const char *path,
                              GError    **error)
{
  g_autoptr(AnnalistStore) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *uri = NULL;
  gint64 version = 0, application_id = 0, n_objects = 0;
  gboolean wal = FALSE, immutable = FALSE;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!annalist_store_check_file (path, display, &wal, error))
    return NULL;

  if (wal)
    {
      g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);

      immutable = !g_file_test (wal_path, G_FILE_TEST_EXISTS);
    }
  uri = readonly_uri (path, immutable);
  /* No mutex: a store, with its statements, is used by one thread at a
   * time (the one that opened it, or a document's worker), and SQLite's
   * lock around each call was a fiftieth of a large document's export. */
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  self = annalist_store_adopt (path, db);
  if (rc != SQLITE_OK)
    {
      annalist_store_set_error (self, rc, error);
      return NULL;
    }
  if (immutable && !hold_shared_lock (self, path, display, error))
    return NULL;

  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return NULL;

  if (version == 0 && n_objects == 0 && application_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is an empty SQLite database, not an Annalist database."), display);
      return NULL;
    }
  if (application_id != ANNALIST_APPLICATION_ID)
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is an SQLite database of another program, not an Annalist database."),
                   display);
      return NULL;
    }
  if (version > annalist_store_schema_version ())
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_SCHEMA_TOO_NEW,
                   _("“%s” was written by a newer version of Annalist (database version %d; "
                     "this version knows up to %d). Update Annalist to open it."),
                   display, (int) version, annalist_store_schema_version ());
      return NULL;
    }

  /* Per connection: nothing is written. */
  if (!annalist_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (version < annalist_store_schema_version ())
    return migrated_copy (self, version, error);
  return g_steal_pointer (&self);
}

/* The window on a file it may not change -------------------------------------------- */

static gboolean
mode_forbids_writing (const char *path)
{
  GStatBuf st;

  /* No write bit for anyone: read-only, even for root, whom the system
   * would let write it (access() says yes to root whatever the bits). */
  return g_stat (path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

/*
 * Why the window must open @path read-only, as the sentence its banner
 * shows, or NULL when it may write it. A database cannot be changed when
 * the file cannot be written, nor when its folder cannot (SQLite writes
 * the rollback journal beside the file). "Cannot be written" is what the
 * system says for this user (access()), and also a file or folder with
 * no write bit for anyone, so that root, who may write anything, sees a
 * 0444 file as read-only as everybody else does.
 */
char *
annalist_store_read_only_cause (const char *path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  folder = g_path_get_dirname (absolute);
  name = g_filename_display_basename (path);

  if (access (path, W_OK) != 0 && errno == EROFS)
    return g_strdup_printf (_("The database is open for reading only: the disk with the file "
                              "“%s” cannot be written to. Records can be viewed and exported "
                              "to documents."), name);
  if ((access (path, W_OK) != 0 && errno != ENOENT) || mode_forbids_writing (path))
    return g_strdup_printf (_("The database is open for reading only: you have no permission "
                              "to change the file “%s”. Records can be viewed and exported "
                              "to documents."), name);
  if (access (folder, W_OK | X_OK) != 0 || mode_forbids_writing (folder))
    {
      g_autofree char *folder_name = g_filename_display_name (folder);

      return g_strdup_printf (_("The database is open for reading only: you have no permission "
                                "to change the folder “%s” the file is in. Records can be "
                                "viewed and exported to documents."), folder_name);
    }
  return NULL;
}

#define READ_ONLY_REASON "annalist-read-only-reason"

void
annalist_store_set_read_only_reason (AnnalistStore *self,
                                     const char    *reason)
{
  g_return_if_fail (ANNALIST_IS_STORE (self));
  g_object_set_data_full (G_OBJECT (self), READ_ONLY_REASON, g_strdup (reason), g_free);
}

const char *
annalist_store_read_only_reason (AnnalistStore *self)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  return g_object_get_data (G_OBJECT (self), READ_ONLY_REASON);
}

/* Every write of the store's own asks this first: a store opened
 * read-only refuses with a sentence (a file of an older version is
 * migrated in memory, where SQLite itself would let the write happen). */
gboolean
annalist_store_check_writable (AnnalistStore *self,
                               GError       **error)
{
  g_autofree char *display = NULL;

  if (annalist_store_read_only_reason (self) == NULL)
    return TRUE;
  display = g_filename_display_basename (annalist_store_get_path (self));
  g_set_error (error, ANNALIST_ERROR, SQLITE_READONLY,
               _("Nothing can be changed in the database “%s”: it is open for reading only."),
               display);
  return FALSE;
}

/*
 * Why @record cannot be changed (nor deleted) now, or NULL when it can.
 * @record may be a record not yet saved, with the values a list would
 * give it (its academic year, its owner): then the answer says whether
 * such a record can be added. A database opened read-only locks all its
 * records; a closed academic year locks its own (annalist-closed-year.c).
 */
char *
annalist_store_record_lock_reason (AnnalistStore      *self,
                                   const AnnalistKind *kind,
                                   AnnalistRecord     *record)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);

  if (annalist_store_read_only_reason (self) != NULL)
    return g_strdup (annalist_store_read_only_reason (self));
  /* A record of a year whose report was signed. */
  return record != NULL ? annalist_closed_year_reason (self, kind, record) : NULL;
}
