/* annalist-store.c — the SQLite database of one district
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection, prepared statements kept for the life of the store,
 * bound parameters only. Every write runs inside a savepoint that is rolled
 * back on any error, so a failed save leaves nothing behind; savepoints nest,
 * so a caller can wrap several writes in annalist_store_transaction().
 * The SQL for each kind is built from its field descriptors; the lists'
 * queries are built in annalist-store-query.c.
 */

#define G_LOG_DOMAIN "annalist-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "annalist-backup.h"
#include "annalist-closed-year.h"
#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-store-private.h"

/* PRAGMA application_id of every Annalist database: "ANNL". It lets us tell
 * our own files from other programs' SQLite databases. */
#define ANNALIST_APPLICATION_ID 0x414E4E4C

static const char * const migrations[] = {
  "migrations/0001-initial.sql",
  "migrations/0002-templates.sql",
  "migrations/0003-documents.sql",
  "migrations/0004-history.sql",
  "migrations/0005-history-unchecked.sql",
  "migrations/0006-rating-source.sql",
};

struct _AnnalistStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL → sqlite3_stmt */
  GHashTable *titles;       /* "kind:id" → title, cleared on every write */
  FILE       *trace;        /* ANNALIST_TRACE_SQL, or NULL */
  AnnalistHistory *history; /* NULL until attached */
  GHashTable *write_sql;    /* kind | update → the INSERT or UPDATE of write_record() */
  gboolean    bulk;         /* annalist_store_set_bulk() */
  GPtrArray  *held;         /* kinds changed while bulk: said at its end */
};

G_DEFINE_FINAL_TYPE (AnnalistStore, annalist_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
annalist_store_finalize (GObject *object)
{
  AnnalistStore *self = (AnnalistStore *) object;

  annalist_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->write_sql, g_hash_table_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (annalist_store_parent_class)->finalize (object);
}

static void
annalist_store_class_init (AnnalistStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = annalist_store_finalize;

  /**
   * AnnalistStore::changed:
   * @kind_name: the kind whose records were written
   *
   * Emitted after records of a kind were inserted, updated or deleted.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
annalist_store_init (AnnalistStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->write_sql = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

int
annalist_store_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

char *
annalist_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "annalist", "annalist.db", NULL);
}

/* Errors ------------------------------------------------------------------------- */

gboolean
annalist_store_set_error (AnnalistStore *self,
                          int            rc,
                          GError       **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  g_autofree char *display = g_filename_display_name (self->path);
  int primary = rc & 0xff;

  if (annalist_closed_year_refused (self, rc, error))
    return FALSE;

  switch (primary)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The database “%s” is in use by another program. Try again in a moment."),
                   display);
      break;
    case SQLITE_FULL:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("There is no space left on the disk for the database “%s”."), display);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The database “%s” cannot be written: the file is read-only."), display);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The database “%s” is damaged and cannot be read."), display);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("“%s” is not an Annalist database: it is not an SQLite file."), display);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The database “%s” cannot be opened: %s."), display, detail);
      break;
    default:
      g_set_error (error, ANNALIST_ERROR, rc,
                   _("The database “%s” could not be read or written: %s."), display, detail);
      break;
    }
  return FALSE;
}

/* Statements ------------------------------------------------------------------------ */

sqlite3 *
annalist_store_get_db (AnnalistStore *self)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  return self->db;
}

sqlite3_stmt *
annalist_store_prepare (AnnalistStore *self,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      annalist_store_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
annalist_store_exec (AnnalistStore *self,
                     const char    *sql,
                     GError       **error)
{
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return annalist_store_set_error (self, rc, error);
  return TRUE;
}

static gboolean
query_int (AnnalistStore *self,
           const char    *sql,
           gint64        *result,
           GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not cached: used for PRAGMAs while opening. */
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *result = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    annalist_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Transactions ------------------------------------------------------------------- */

/* A statement without results, prepared once: every save's savepoint
 * would otherwise be parsed again. */
static gboolean
step_cached (AnnalistStore *self,
             const char    *sql,
             GError       **error)
{
  sqlite3_stmt *stmt = annalist_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (self, rc, error);
  return TRUE;
}

/* While bulk (an import), "changed" is said once per kind at the end,
 * not once a record: every list would reload a row at a time, and show
 * rows a dry run then rolls back. */
void
annalist_store_set_bulk (AnnalistStore *self,
                         gboolean       bulk)
{
  g_autoptr(GPtrArray) held = NULL;

  g_return_if_fail (ANNALIST_IS_STORE (self));
  self->bulk = bulk;
  if (bulk || self->held == NULL)
    return;
  held = g_steal_pointer (&self->held);
  for (guint i = 0; i < held->len; i++)
    annalist_store_emit_changed (self, g_ptr_array_index (held, i));
}

static gboolean
savepoint_begin (AnnalistStore *self,
                 GError       **error)
{
  /* Every write begins here: a read-only store says so. */
  if (!annalist_store_check_writable (self, error))
    return FALSE;
  return step_cached (self, "SAVEPOINT annalist", error);
}

static gboolean
savepoint_release (AnnalistStore *self,
                   GError       **error)
{
  return step_cached (self, "RELEASE annalist", error);
}

static void
savepoint_rollback (AnnalistStore *self)
{
  /* Both steps: ROLLBACK TO undoes the work, RELEASE ends the savepoint.
   * The history hears of it in between: the RELEASE of an outermost
   * savepoint commits (nothing), and the commit hook must not take the
   * set rolled back for the last change. */
  sqlite3_exec (self->db, "ROLLBACK TO annalist", NULL, NULL, NULL);
  annalist_history_rolled_back (self->history);
  sqlite3_exec (self->db, "RELEASE annalist", NULL, NULL, NULL);
}

AnnalistHistory *
annalist_store_get_history (AnnalistStore *self)
{
  return self->history;
}

GHashTable *
annalist_store_get_titles (AnnalistStore *self)
{
  return self->titles;
}

gboolean
annalist_store_transaction (AnnalistStore     *self,
                            AnnalistStoreFunc  func,
                            gpointer           user_data,
                            GError           **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!savepoint_begin (self, error))
    return FALSE;

  if (!func (self, user_data, error) || !savepoint_release (self, error))
    {
      savepoint_rollback (self);
      g_hash_table_remove_all (self->titles);
      annalist_history_end (self->history, sqlite3_get_autocommit (self->db));
      return FALSE;
    }
  /* The label set for this action (annalist_store_set_next_label) ends
   * with its transaction. */
  annalist_history_end (self->history, sqlite3_get_autocommit (self->db));
  return TRUE;
}

/* Tracing ---------------------------------------------------------------------------- */

/*
 * ANNALIST_TRACE_SQL=FILE: every statement the store's connection runs after
 * it is opened is appended to FILE, its bound values written into it
 * (sqlite3_expanded_sql), one statement a line, with backslash, newline and
 * carriage return written as \\, \n and \r. It records what an export
 * reads, for tests/read-floor.c. A statement is written each time it starts
 * (its first step after a reset); the statements of triggers are not, they
 * belong to the statement that fired them. Unset, no callback is installed:
 * it costs one getenv() per opened store.
 */
static int
trace_statement (unsigned  type,
                 void     *data,
                 void     *p,
                 void     *x)
{
  FILE *file = data;
  const char *text = x;
  char *expanded;
  const char *sql;

  if (type != SQLITE_TRACE_STMT || g_str_has_prefix (text, "--"))
    return 0;
  expanded = sqlite3_expanded_sql (p);
  sql = expanded != NULL ? expanded : text;  /* NULL only when out of memory or too long */
  for (const char *c = sql; *c != '\0'; c++)
    switch (*c)
      {
      case '\\': fputs ("\\\\", file); break;
      case '\n': fputs ("\\n", file); break;
      case '\r': fputs ("\\r", file); break;
      default: putc (*c, file);
      }
  putc ('\n', file);
  sqlite3_free (expanded);
  return 0;
}

static void
trace_setup (AnnalistStore *self)
{
  const char *path = g_getenv ("ANNALIST_TRACE_SQL");

  if (path == NULL || *path == '\0')
    return;
  self->trace = g_fopen (path, "a");
  if (self->trace == NULL)
    {
      g_warning ("ANNALIST_TRACE_SQL: “%s” cannot be opened: %s", path, g_strerror (errno));
      return;
    }
  sqlite3_trace_v2 (self->db, SQLITE_TRACE_STMT, trace_statement, self->trace);
}

/* Opening ---------------------------------------------------------------------------- */

static gboolean
migrate (AnnalistStore *self,
         gint64         from,
         GError       **error)
{
  g_autofree char *bump = NULL;

  if (from >= (gint64) G_N_ELEMENTS (migrations))
    return TRUE;

  /* All the steps in one transaction: a failure leaves the file exactly
   * as it was, at the version the user last saved with. */
  if (!annalist_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (gint64 version = from; version < (gint64) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *resource = g_strconcat (RESOURCE_PREFIX, migrations[version], NULL);
      g_autoptr(GBytes) script = NULL;
      g_autofree char *sql = NULL;

      script = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (script == NULL)
        goto failed;
      sql = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
      if (!annalist_store_exec (self, sql, error))
        goto failed;
    }
  bump = g_strdup_printf ("PRAGMA user_version = %u; PRAGMA application_id = %d;",
                          (guint) G_N_ELEMENTS (migrations), ANNALIST_APPLICATION_ID);
  if (annalist_store_exec (self, bump, error) &&
      annalist_store_exec (self, "COMMIT", error))
    return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
store_setup (AnnalistStore *self,
             GError       **error)
{
  gint64 version = 0, application_id = 0, n_objects = 0;
  g_autofree char *display = g_filename_display_name (self->path);
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    return annalist_store_set_error (self, rc, error);

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* Look before writing anything: a file that is not ours must stay
   * byte-identical. */
  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (application_id != ANNALIST_APPLICATION_ID && (version != 0 || n_objects != 0))
    {
      g_set_error (error, ANNALIST_ERROR, SQLITE_NOTADB,
                   _("“%s” is an SQLite database of another program, not an Annalist database."),
                   display);
      return FALSE;
    }

  if (version > annalist_store_schema_version ())
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_SCHEMA_TOO_NEW,
                   _("“%s” was written by a newer version of Annalist (database version %d; "
                     "this version knows up to %d). Update Annalist to open it."),
                   display, (int) version, annalist_store_schema_version ());
      return FALSE;
    }

  /* After every acknowledged save the .db file alone holds it: a rollback
   * journal, and EXTRA, which syncs the folder after the journal's unlink
   * (DELETE mode's commit). A file left in WAL is switched back unless
   * another program has it open. Why not WAL: README, «Data safety».
   * temp_store is set before the first TEMP object (the history's
   * triggers; changing it later drops them): in memory, it keeps the
   * sub-journal of a save's savepoint off the disk, which an import of
   * 100 000 rows wrote 4.8 million times, a fifth of its time. */
  if (!annalist_store_exec (self,
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA synchronous = EXTRA;"
                            "PRAGMA temp_store = MEMORY;",
                            error))
    return FALSE;
  if (sqlite3_exec (self->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("%s stays in its journal mode: %s", display, sqlite3_errmsg (self->db));

  annalist_store_add_functions (self->db);

  /* A file the user saved with an older version is copied before its
   * update (annalist-backup.c); a new, empty one has nothing to lose. */
  if (version > 0 && version < annalist_store_schema_version () &&
      !annalist_backup_before_migration (self, error))
    return FALSE;
  if (!migrate (self, version, error) ||
      !annalist_closed_year_install (self, error))
    return FALSE;
  self->history = annalist_history_new (self, TRUE, error);
  if (self->history == NULL)
    return FALSE;
  trace_setup (self);
  return TRUE;
}

static AnnalistStore *
store_open (const char *path,
            GError    **error)
{
  g_autoptr(AnnalistStore) self = g_object_new (ANNALIST_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  if (!store_setup (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* For annalist-store-readonly.c, which opens the connection itself: a
 * store that takes @db (even one whose opening failed, to say why) and
 * gives it the store's SQL functions. Nothing is written. */
AnnalistStore *
annalist_store_adopt (const char *path,
                      sqlite3    *db)
{
  AnnalistStore *self = g_object_new (ANNALIST_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  self->db = db;
  if (db == NULL)
    return self;
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);
  annalist_store_add_functions (db);
  trace_setup (self);
  return self;
}

/* Brings an adopted store's schema from version @from up to date. */
gboolean
annalist_store_migrate (AnnalistStore *self,
                        gint64         from,
                        GError       **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  return migrate (self, from, error);
}

/* A file the user may not change is opened read-only, and the store says
 * why (annalist_store_read_only_reason); nothing is written to it. */
static AnnalistStore *
open_writable_or_not (const char *path,
                      GError    **error)
{
  g_autofree char *read_only = annalist_store_read_only_cause (path);
  AnnalistStore *store;

  if (read_only == NULL)
    return store_open (path, error);
  store = annalist_store_open_readonly (path, error);
  if (store != NULL)
    annalist_store_set_read_only_reason (store, read_only);
  return store;
}

/*
 * Opens the database at @path, creating it (and its folder) when it is
 * not there, and bringing its schema up to date. A file that is not an
 * Annalist database, or one written by a newer Annalist, is refused and
 * left as it was.
 */
AnnalistStore *
annalist_store_open (const char *path,
                     GError    **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder “%s” cannot be created: %s."), folder, g_strerror (saved));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return open_writable_or_not (path, error);
  return store_open (path, error);
}

/*
 * Opens the database at @path only when it is already there: the window's
 * --database and the database remembered from the last time. A mistyped
 * path must not become a new database with its folders, and a 0-byte
 * file, a folder or a file that is not SQLite is left as it is, with a
 * sentence; a new database is made by annalist_store_create() alone.
 */
AnnalistStore *
annalist_store_open_existing (const char *path,
                              GError    **error)
{
  g_autofree char *display = NULL;
  gboolean wal;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!annalist_store_check_file (path, display, &wal, error))
    return NULL;
  return open_writable_or_not (path, error);
}

/* Creates a new database at @path and refuses to touch an existing file. */
AnnalistStore *
annalist_store_create (const char *path,
                       GError    **error)
{
  AnnalistStore *store;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0)
    {
      annalist_error_set_create (error, path, errno);
      return NULL;
    }
  close (fd);

  store = store_open (path, error);
  if (store == NULL)
    g_unlink (path);
  return store;
}

const char *
annalist_store_get_path (AnnalistStore *self)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  return self->path;
}

void
annalist_store_close (AnnalistStore *self)
{
  g_return_if_fail (ANNALIST_IS_STORE (self));

  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->history, annalist_history_free);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->trace, fclose);
}

void
annalist_store_emit_changed (AnnalistStore      *self,
                             const AnnalistKind *kind)
{
  g_hash_table_remove_all (self->titles);
  if (self->bulk)
    {
      if (self->held == NULL)
        self->held = g_ptr_array_new ();
      if (!g_ptr_array_find (self->held, kind, NULL))
        g_ptr_array_add (self->held, (gpointer) kind);
      return;
    }
  /* No kind: the user's document templates changed. */
  g_signal_emit (self, signals[CHANGED], 0, kind ? kind->name : "template");
}

/* Reading and writing records --------------------------------------------------- */

const AnnalistKind *
annalist_store_field_target (const AnnalistField *field)
{
  const AnnalistKind *target = annalist_kind_lookup (field->target);

  g_assert (target != NULL);
  return target;
}

static void
bind_value (sqlite3_stmt        *stmt,
            int                  index,
            const AnnalistField *field,
            GVariant            *value)
{
  if (value == NULL)
    {
      switch (field->type)
        {
        case ANNALIST_FIELD_TEXT:
        case ANNALIST_FIELD_LONG_TEXT:
          /* A hidden text (a dictionary value's code) is NULL until a
           * document needs it: its column allows no empty text. */
          if (field->flags & ANNALIST_FIELD_HIDDEN)
            sqlite3_bind_null (stmt, index);
          else
            sqlite3_bind_text (stmt, index, "", 0, SQLITE_STATIC);
          break;
        case ANNALIST_FIELD_BOOLEAN:
          sqlite3_bind_int (stmt, index, field->default_on);
          break;
        default:
          sqlite3_bind_null (stmt, index);
          break;
        }
      return;
    }

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
    case ANNALIST_FIELD_DATE:
      {
        gsize length = 0;
        const char *text = g_variant_get_string (value, &length);
        sqlite3_bind_text (stmt, index, text, (int) length, SQLITE_TRANSIENT);
      }
      break;
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
      break;
    case ANNALIST_FIELD_REAL:
      sqlite3_bind_double (stmt, index, g_variant_get_double (value));
      break;
    case ANNALIST_FIELD_BOOLEAN:
      sqlite3_bind_int (stmt, index, g_variant_get_boolean (value));
      break;
    case ANNALIST_FIELD_REFERENCES:
    default:
      g_assert_not_reached ();
    }
}

GVariant *
annalist_store_column_value (sqlite3_stmt        *stmt,
                             int                  index,
                             const AnnalistField *field)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
    case ANNALIST_FIELD_DATE:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, index);
        return text != NULL && *text != '\0' ? g_variant_new_string (text) : NULL;
      }
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      return g_variant_new_int64 (sqlite3_column_int64 (stmt, index));
    case ANNALIST_FIELD_REAL:
      return g_variant_new_double (sqlite3_column_double (stmt, index));
    case ANNALIST_FIELD_BOOLEAN:
      return g_variant_new_boolean (sqlite3_column_int (stmt, index) != 0);
    case ANNALIST_FIELD_REFERENCES:
    default:
      g_assert_not_reached ();
    }
}

typedef enum
{
  COLUMNS_NAMES,        /* a, b, c */
  COLUMNS_PARAMETERS,   /* ?1, ?2, ?3 */
  COLUMNS_ASSIGNMENTS,  /* a = ?1, b = ?2, c = ?3 */
} ColumnsStyle;

/* The stored columns of @kind, numbered as bind_record() binds them. */
static char *
column_list (const AnnalistKind *kind,
             ColumnsStyle        style)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const char *column = kind->fields[i].column;

      if (!annalist_field_is_stored (&kind->fields[i]))
        continue;
      if (n++ > 0)
        g_string_append (sql, ", ");
      if (style == COLUMNS_NAMES)
        g_string_append (sql, column);
      else if (style == COLUMNS_PARAMETERS)
        g_string_append_printf (sql, "?%u", n);
      else
        g_string_append_printf (sql, "%s = ?%u", column, n);
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Turns a failed constraint into a sentence about the field concerned. */
gboolean
annalist_store_constraint_error (AnnalistStore      *self,
                                 const AnnalistKind *kind,
                                 int                 rc,
                                 GError            **error)
{
  const char *message = sqlite3_errmsg (self->db);
  const AnnalistField *field = NULL;

  if (annalist_closed_year_refused (self, rc, error))
    return FALSE;
  if ((rc & 0xff) != SQLITE_CONSTRAINT)
    return annalist_store_set_error (self, rc, error);

  /* SQLite names the column («UNIQUE constraint failed: org_type.name») or
   * quotes the CHECK expression; find the field it speaks of. */
  for (guint i = 0; i < kind->n_fields && field == NULL; i++)
    {
      g_autofree char *qualified = g_strdup_printf ("%s.%s", kind->name, kind->fields[i].column);

      if (strstr (message, qualified) != NULL)
        field = &kind->fields[i];
    }
  for (guint i = 0; i < kind->n_fields && field == NULL; i++)
    if (annalist_field_is_stored (&kind->fields[i]) &&
        strstr (message, kind->fields[i].column) != NULL)
      field = &kind->fields[i];

  switch (rc)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      if (field != NULL)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("There is already a record with this “%s”."), _(field->label));
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("There is already such a record among the %s."), _(kind->label));
      break;
    case SQLITE_CONSTRAINT_NOTNULL:
      if (field != NULL)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("“%s” must be filled in."), _(field->label));
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("A required field is empty."));
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_IN_USE,
                   _("The record refers to a record that does not exist, or other records "
                     "refer to it."));
      break;
    default:
      if (field != NULL)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("“%s” has a value that is not allowed."), _(field->label));
      else
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                     _("The values do not fit together: %s."), message);
      break;
    }
  return FALSE;
}

/* Runs @verb («SELECT 1», «DELETE») on the row of @kind whose id is @id:
 * SQLite's result code, or -1 (@error set) when it cannot be prepared. */
int
annalist_store_step_on_row (AnnalistStore      *self,
                            const char         *verb,
                            const AnnalistKind *kind,
                            gint64              id,
                            GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("%s FROM %s WHERE id = ?1", verb, kind->name);
  sqlite3_stmt *stmt = annalist_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc;
}

static gboolean
write_record (AnnalistStore  *self,
              AnnalistRecord *record,
              gboolean        update,
              GError        **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  gint64 id = annalist_record_get_id (record);
  /* Kinds are static: the low bit of their address is free. */
  gpointer key = GSIZE_TO_POINTER (GPOINTER_TO_SIZE (kind) | (update ? 1 : 0));
  char *sql = g_hash_table_lookup (self->write_sql, key);
  sqlite3_stmt *stmt;
  int rc, n = 0;

  if (sql == NULL && update)
    {
      g_autofree char *columns = column_list (kind, COLUMNS_ASSIGNMENTS);

      sql = g_strdup_printf ("UPDATE %s SET %s WHERE id = :id", kind->name, columns);
      g_hash_table_insert (self->write_sql, key, sql);
    }
  else if (sql == NULL)
    {
      g_autofree char *columns = column_list (kind, COLUMNS_NAMES);
      g_autofree char *params = column_list (kind, COLUMNS_PARAMETERS);

      /* A record that comes back (undo of a deletion) keeps its id. */
      sql = g_strdup_printf ("INSERT INTO %s (%s, id) VALUES (%s, :id)",
                             kind->name, columns, params);
      g_hash_table_insert (self->write_sql, key, sql);
    }

  stmt = annalist_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (!annalist_field_is_stored (&kind->fields[i]))
        continue;
      bind_value (stmt, ++n, &kind->fields[i], annalist_record_get_value (record, i));
    }
  /* The id comes last, numbered after the fields (a number as high as
   * ?1000 made SQLite clear a thousand bindings at every reuse). */
  if (id > 0)
    sqlite3_bind_int64 (stmt, n + 1, id);
  else
    sqlite3_bind_null (stmt, n + 1);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_constraint_error (self, kind, rc, error);

  if (update && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The record “%s” no longer exists: it was deleted."),
                   annalist_record_get_title (record));
      return FALSE;
    }
  if (!update)
    annalist_record_set_id (record, sqlite3_last_insert_rowid (self->db));

  return annalist_store_write_links (self, record, update, error);
}

/* Takes back a bulk insert whose links failed: its row, and with it
 * (ON DELETE CASCADE) the links written before the failure. */
static gboolean
delete_partial (AnnalistStore      *self,
                const AnnalistKind *kind,
                gint64              id)
{
  return annalist_store_step_on_row (self, "DELETE", kind, id, NULL) == SQLITE_DONE;
}

static gboolean
save_record (AnnalistStore  *self,
             AnnalistRecord *record,
             gboolean        update,
             GError        **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  gint64 old_id = annalist_record_get_id (record);
  g_autofree char *label = NULL;
  gboolean began;
  /* An import's new records: the import has just validated each, and
   * its change set is named already. */
  gboolean bulk = self->bulk && !update;
  gint64 version = -1;

  /* TRANSLATORS: the history's name of a saved form: kind, record */
  if (!bulk)
    label = g_strdup_printf (update ? _("Changed: %s “%s”") : _("Added: %s “%s”"),
                             _(kind->singular), annalist_record_get_title (record));
  /* (The import found each reference among the stored records itself.) */
  if (!bulk && (!annalist_record_validate (record, NULL, error) ||
                !annalist_store_check_references (self, record, NULL, error)))
    return FALSE;

  began = annalist_history_begin (self->history, label);
  /* An import's record goes without a savepoint of its own: one would
   * copy every page the insert touches, for each of 100 000 rows (a
   * sixth of the import's time). Its transaction is the import's; a
   * record whose links fail after its row was written is deleted again
   * below, so the rows that go on are whole. */
  if (bulk ? !annalist_store_check_writable (self, error) : !savepoint_begin (self, error))
    {
      annalist_history_end (self->history, began);
      return FALSE;
    }
  if ((update && !annalist_history_check_version (self, record, error)) ||
      !write_record (self, record, update, error) ||
      (version = (bulk ? annalist_history_version_new : annalist_history_version)
                   (self, kind, annalist_record_get_id (record), error)) < 0 ||
      (!bulk && !savepoint_release (self, error)))
    {
      if (!bulk)
        savepoint_rollback (self);
      else if (annalist_record_get_id (record) != old_id &&
               !delete_partial (self, kind, annalist_record_get_id (record)))
        /* Then the import's transaction must end unwritten. */
        g_prefix_error (error, "%s ", _("The import cannot go on:"));
      annalist_history_end (self->history, began);
      /* The insert did not happen: the record has no id after all. */
      if (!update)
        annalist_record_set_id (record, old_id);
      return FALSE;
    }
  annalist_history_end (self->history, began);
  annalist_record_set_version (record, version);

  annalist_store_emit_changed (self, kind);
  return TRUE;
}

/*
 * Validates @record and adds it; on success it has its new id. A record
 * that already has an id (one coming back after its deletion was undone)
 * keeps it.
 */
gboolean
annalist_store_insert (AnnalistStore  *self,
                       AnnalistRecord *record,
                       GError        **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ANNALIST_IS_RECORD (record), FALSE);

  return save_record (self, record, FALSE, error);
}

gboolean
annalist_store_update (AnnalistStore  *self,
                       AnnalistRecord *record,
                       GError        **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ANNALIST_IS_RECORD (record), FALSE);
  g_return_val_if_fail (annalist_record_get_id (record) > 0, FALSE);

  return save_record (self, record, TRUE, error);
}

gboolean
annalist_store_update_field (AnnalistStore      *self,
                             const AnnalistKind *kind,
                             gint64              id,
                             const char         *name,
                             GVariant           *value,
                             GError            **error)
{
  g_autoptr(AnnalistRecord) record = NULL;

  record = annalist_store_load (self, kind, id, error);
  if (record == NULL)
    return FALSE;
  annalist_record_set (record, name, value);
  return annalist_store_update (self, record, error);
}

GArray *
annalist_store_dependents (AnnalistStore      *self,
                           const AnnalistKind *kind,
                           gint64              id,
                           GError            **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (AnnalistDependents));
  const AnnalistKind * const *kinds;
  guint n_kinds;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  kinds = annalist_kinds_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      for (guint i = 0; i < kinds[k]->n_fields; i++)
        {
          const AnnalistField *field = &kinds[k]->fields[i];
          g_autofree char *sql = NULL;
          sqlite3_stmt *stmt;
          AnnalistDependents dependents = { kinds[k], field->column, 0 };
          int rc;

          if (g_strcmp0 (field->target, kind->name) != 0)
            continue;

          if (field->type == ANNALIST_FIELD_REFERENCES)
            sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE organisation_id = ?1",
                                   field->junction);
          else
            sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = ?1",
                                   kinds[k]->name, field->column);

          stmt = annalist_store_prepare (self, sql, error);
          if (stmt == NULL)
            return NULL;
          sqlite3_bind_int64 (stmt, 1, id);
          rc = sqlite3_step (stmt);
          if (rc != SQLITE_ROW)
            {
              annalist_store_set_error (self, rc, error);
              sqlite3_reset (stmt);
              return NULL;
            }
          dependents.count = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
          if (dependents.count == 0)
            continue;

          /* A reference with no ON DELETE action keeps the record. */
          stmt = annalist_store_prepare (self,
                                         "SELECT on_delete FROM pragma_foreign_key_list (?1) "
                                         "WHERE \"from\" = ?2", error);
          if (stmt == NULL)
            return NULL;
          sqlite3_bind_text (stmt, 1, field->type == ANNALIST_FIELD_REFERENCES
                                      ? field->junction : kinds[k]->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, field->type == ANNALIST_FIELD_REFERENCES
                                      ? "organisation_id" : field->column, -1, SQLITE_TRANSIENT);
          dependents.blocks = TRUE;
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              const char *action = (const char *) sqlite3_column_text (stmt, 0);

              dependents.blocks = action == NULL || g_str_equal (action, "NO ACTION") ||
                                  g_str_equal (action, "RESTRICT");
            }
          sqlite3_reset (stmt);
          g_array_append_val (result, dependents);
        }
    }
  return g_steal_pointer (&result);
}

static gboolean
delete_record (AnnalistStore      *self,
               const AnnalistKind *kind,
               gint64              id,
               const char         *title,
               GError            **error)
{
  int rc;

  if (!savepoint_begin (self, error))
    return FALSE;
  rc = annalist_store_step_on_row (self, "DELETE", kind, id, error);
  if (rc < 0)
    {
      savepoint_rollback (self);
      return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      savepoint_rollback (self);

      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        {
          g_autoptr(GArray) dependents = annalist_store_dependents (self, kind, id, NULL);
          g_autoptr(GString) what = g_string_new (NULL);

          for (guint i = 0; dependents != NULL && i < dependents->len; i++)
            {
              AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);

              if (d->blocks)
                g_string_append_printf (what, "%s%s (%" G_GINT64_FORMAT ")",
                                        what->len ? ", " : "", _(d->kind->label), d->count);
            }
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_IN_USE,
                       _("“%s” cannot be deleted because other records refer to it: %s."),
                       title, what->str);
          return FALSE;
        }
      return annalist_store_set_error (self, rc, error);
    }

  if (sqlite3_changes (self->db) == 0)
    {
      savepoint_rollback (self);
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The record was not found: it may have been deleted already."));
      return FALSE;
    }

  if (!savepoint_release (self, error))
    {
      savepoint_rollback (self);
      return FALSE;
    }

  annalist_store_emit_changed (self, kind);
  return TRUE;
}

/*
 * Deletes one record. Records it owns (a competition's entries, a plan's
 * items) go with it; a record others still refer to (an organisation with
 * statuses) is refused with a sentence that says what refers to it.
 */
gboolean
annalist_store_delete (AnnalistStore      *self,
                       const AnnalistKind *kind,
                       gint64              id,
                       GError            **error)
{
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  gboolean began, ok;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  title = annalist_store_record_title (self, kind, id);
  label = g_strdup_printf (_("Deleted: %s “%s”"), _(kind->singular), title);
  began = annalist_history_begin (self->history, label);
  ok = delete_record (self, kind, id, title, error);
  annalist_history_end (self->history, began);
  return ok;
}


AnnalistRecord *
annalist_store_load (AnnalistStore      *self,
                     const AnnalistKind *kind,
                     gint64              id,
                     GError            **error)
{
  g_autoptr(AnnalistRecord) record = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 version;
  int rc, n = 0;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  columns = column_list (kind, COLUMNS_NAMES);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", columns, kind->name);
  stmt = annalist_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                     _("The record was not found: it may have been deleted."));
      else
        annalist_store_set_error (self, rc, error);
      return NULL;
    }

  record = annalist_record_new (kind);
  annalist_record_set_id (record, id);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (!annalist_field_is_stored (&kind->fields[i]))
        continue;
      annalist_record_set_value (record, i, annalist_store_column_value (stmt, n++, &kind->fields[i]));
    }
  sqlite3_reset (stmt);

  if (!annalist_store_load_links (self, record, error))
    return NULL;
  version = annalist_history_version (self, kind, id, error);
  if (version < 0)
    return NULL;
  annalist_record_set_version (record, version);

  return g_steal_pointer (&record);
}
