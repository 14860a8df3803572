/* test-readonly.c — a file the user only reads is never changed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line's export and list of templates, run as the user runs
 * them (the annalist binary), on: a copy in rollback-journal mode as
 * «Сохранить копию…» writes it, a file in WAL mode, a read-only file in a
 * read-only folder, a file of an older version, and files that are no
 * database. Each database file keeps its bytes and its mtime, and nothing
 * appears beside it. Tests may run as root, whom chmod does not stop:
 * what counts is the bytes, the mtime and the folder's listing.
 *
 * And the temporary an export writes to: a killed export's is removed by
 * the next export, a failed export leaves none.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "annalist-error.h"
#include "annalist-odf-private.h"
#include "annalist-store-private.h"
#include "odf-check.h"

static char *dir;
static char *database;
static AnnalistStore *store;

/* Running the binary ------------------------------------------------------------------ */

/* One sentence, one line, and a failure. */
static void
assert_refused (Run        *r,
                const char *says)
{
  g_assert_false (g_spawn_check_wait_status (r->status, NULL));
  if (strstr (r->err, says) == NULL)
    g_error ("“%s” does not say “%s”", r->err, says);
  g_assert_true (g_str_has_suffix (r->err, ".\n"));
  g_assert_true (strchr (r->err, '\n') == r->err + strlen (r->err) - 1);
}

static void
assert_ran (Run *r)
{
  if (!g_spawn_check_wait_status (r->status, NULL))
    g_error ("the command failed: %s", r->err);
  g_assert_cmpstr (r->err, ==, "");
}

/* The annual report of 2022-2023 exported without a word on stderr. */
static void
export_report (const char *db_arg,
               const char *out_arg)
{
  Run r = run (db_arg, "--export-report=2022-2023", out_arg, NULL);

  assert_ran (&r);
  run_clear (&r);
}

/* A file and its folder, as they were ----------------------------------------------- */

typedef struct
{
  GBytes *bytes;
  gint64  mtime_ns;
  char   *listing;   /* the folder's names, sorted, one a line */
} Snapshot;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
listing_of (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

static Snapshot
snapshot (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  Snapshot s = { 0 };
  struct stat st;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  s.bytes = g_bytes_new_take (contents, length);
  g_assert_cmpint (stat (path, &st), ==, 0);
  s.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  s.listing = listing_of (folder);
  return s;
}

static void
snapshot_clear (Snapshot *s)
{
  g_bytes_unref (s->bytes);
  g_free (s->listing);
}

static void
assert_unchanged (const char *path,
                  Snapshot   *before)
{
  Snapshot after = snapshot (path);

  g_assert_true (g_bytes_equal (before->bytes, after.bytes));
  g_assert_cmpint (before->mtime_ns, ==, after.mtime_ns);
  g_assert_cmpstr (before->listing, ==, after.listing);
  snapshot_clear (&after);
}

/* A folder of its own for each database, so that its listing is its own. */
static char *
folder_in (const char *name)
{
  char *folder = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  return folder;
}

/* The file's mtime set a day back: a write would change it for sure. */
static void
age (const char *path)
{
  struct utimbuf times = { time (NULL) - 86400, time (NULL) - 86400 };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* A copy of the sample as «Сохранить копию…» writes it: rollback journal. */
static char *
saved_copy (const char *folder_name,
            const char *name)
{
  g_autofree char *folder = folder_in (folder_name);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (annalist_store_backup (store, path, &error));
  g_assert_no_error (error);
  age (path);
  return path;
}

/* The same, left in WAL mode by an older Annalist, and not open. */
static char *
saved_wal_copy (const char *folder_name,
                const char *name)
{
  char *path = saved_copy (folder_name, name);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  age (path);
  return path;
}

static guint8
header_byte (const char *path,
             guint       offset)
{
  Snapshot s = snapshot (path);
  guint8 byte;

  g_assert_cmpuint (g_bytes_get_size (s.bytes), >, offset);
  byte = ((const guint8 *) g_bytes_get_data (s.bytes, NULL))[offset];
  snapshot_clear (&s);
  return byte;
}

/* Exports the annual report and lists the templates from @path; both
 * succeed and leave @path as it was. */
static void
export_and_list (const char *path,
                 const char *output_name)
{
  g_autofree char *db_arg = g_strconcat ("--database=", path, NULL);
  g_autofree char *out_folder = folder_in ("out");
  g_autofree char *output = g_build_filename (out_folder, output_name, NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", output, NULL);
  Snapshot before = snapshot (path);
  Run r;

  r = run (db_arg, "--export-report=2022-2023", out_arg, NULL);
  assert_ran (&r);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);
  assert_unchanged (path, &before);

  r = run (db_arg, "--list-templates", NULL);
  assert_ran (&r);
  g_assert_true (g_str_has_prefix (r.out, "annual-report\t"));
  run_clear (&r);
  assert_unchanged (path, &before);
  snapshot_clear (&before);
}

/* The database --------------------------------------------------------------------- */

/* A copy in rollback-journal mode stays in it, byte for byte: no -wal,
 * -shm or -journal beside it. */
static void
test_rollback_copy (void)
{
  g_autofree char *path = saved_copy ("rollback", "copy.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *listing = NULL;

  g_assert_cmpuint (header_byte (path, 18), ==, 1);
  export_and_list (path, "rollback.odt");
  listing = listing_of (folder);
  g_assert_cmpstr (listing, ==, "copy.db");
  g_assert_cmpuint (header_byte (path, 18), ==, 1);
}

/* A file in WAL mode that no one has open: nothing beside it either. */
static void
test_wal_file (void)
{
  g_autofree char *path = saved_wal_copy ("wal", "wal.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *listing = NULL;
  g_assert_cmpuint (header_byte (path, 18), ==, 2);

  export_and_list (path, "wal.odt");
  listing = listing_of (folder);
  g_assert_cmpstr (listing, ==, "wal.db");
}

/* SQLite takes no lock for the immutable open of a WAL file: the store
 * holds the shared lock itself, so that a writer (a window switching the
 * file to rollback mode, to save) waits until the document is written. */
static void
test_wal_file_locked (void)
{
  g_autofree char *path = saved_wal_copy ("locked", "locked.db");
  g_autoptr(AnnalistStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  reader = annalist_store_open_readonly (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 0);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_BUSY);
  g_clear_object (&reader);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A file another Annalist has open in WAL mode, with a save still in its
 * -wal: read through the -wal; nothing new appears beside it and the file
 * itself is not written (the -shm is shared memory readers mark). */
static void
test_open_elsewhere (void)
{
  g_autofree char *path = saved_copy ("open", "open.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;
  Snapshot file;
  g_autofree char *save = g_strdup_printf ("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                                           "PRAGMA user_version = %d", annalist_store_schema_version ());

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, save, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  age (path);
  before = listing_of (folder);
  file = snapshot (path);

  export_and_list (path, "open.odt");

  after = listing_of (folder);
  g_assert_cmpstr (after, ==, before);
  {
    Snapshot now = snapshot (path);

    g_assert_true (g_bytes_equal (file.bytes, now.bytes));
    g_assert_cmpint (file.mtime_ns, ==, now.mtime_ns);
    snapshot_clear (&now);
  }
  snapshot_clear (&file);
  sqlite3_close (db);
}

/* A read-only file in a read-only folder exports, and nothing appears
 * beside it: in WAL mode, where SQLite would make -wal and -shm. */
static void
test_readonly_file (void)
{
  g_autofree char *path = saved_wal_copy ("readonly", "readonly.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  export_and_list (path, "readonly.odt");
  listing = listing_of (folder);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpstr (listing, ==, "readonly.db");
}

/* A path with what a URI escapes, and a byte that is not UTF-8. */
static void
test_odd_path (void)
{
  g_autofree char *path = saved_copy ("odd ?#%20 \xff", "a b?#%.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *listing = NULL;

  export_and_list (path, "odd.odt");
  listing = listing_of (folder);
  g_assert_cmpstr (listing, ==, "a b?#%.db");
}

/* A database of version 2 at @path, in rollback-journal mode. */
static void
make_version_2 (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 1; i <= 2; i++)
    {
      static const char * const scripts[] = { NULL, "0001-initial.sql", "0002-templates.sql" };
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "src", "migrations", scripts[i], NULL);
      g_autofree char *sql = NULL;

      g_assert_true (g_file_get_contents (file, &sql, NULL, NULL));
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 2; PRAGMA application_id = 1095650892;"
                                     "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  age (path);
}

/* A file of the previous version is exported from a migrated copy in
 * memory; the file stays at its version. */
static void
test_older_version (void)
{
  g_autofree char *folder = folder_in ("older");
  g_autofree char *path = g_build_filename (folder, "v2.db", NULL);
  g_autofree char *listing = NULL;
  sqlite3 *db = NULL;

  make_version_2 (path);

  export_and_list (path, "older.odt");
  listing = listing_of (folder);
  g_assert_cmpstr (listing, ==, "v2.db");
  /* Still version 2. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

static gboolean
insert_in_transaction (AnnalistStore *self,
                       gpointer       user_data,
                       GError       **error)
{
  return annalist_store_insert (self, user_data, error);
}

/* Every write the store can do is refused with the same sentence. */
static void
assert_refuses_writes (AnnalistStore *readonly,
                       const char    *name)
{
  g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup ("event_kind"));
  g_autoptr(GError) error = NULL;
  g_autofree char *says = g_strdup_printf ("Nothing can be changed in the database “%s”: it is "
                                           "open for reading only.", name);

  annalist_record_set_string (record, "name", "Вебинар");
  g_assert_false (annalist_store_insert (readonly, record, &error));
  g_assert_error (error, ANNALIST_ERROR, SQLITE_READONLY);
  g_assert_cmpstr (error->message, ==, says);
  g_clear_error (&error);
  g_assert_false (annalist_store_transaction (readonly, insert_in_transaction, record, &error));
  g_assert_cmpstr (error->message, ==, says);
  g_clear_error (&error);
  g_assert_false (annalist_store_delete (readonly, annalist_kind_lookup ("event_kind"), 1, &error));
  g_assert_cmpstr (error->message, ==, says);
  g_clear_error (&error);
  g_assert_false (annalist_store_set_setting (readonly, "city", "Город", &error));
  g_assert_cmpstr (error->message, ==, says);
}

/* The window's open (annalist_store_open_existing) of a file the user may
 * not change: read-only with the reason, writes refused, the file as it
 * was. A 0444 file (root included, by its mode), a 0444 file of an older
 * version (migrated in memory, where SQLite alone would let writes
 * happen), and a 0555 folder; a writable copy is opened for writing. */
static void
test_window_open (void)
{
  g_autofree char *path = saved_copy ("window-open", "district.db");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *old_folder = folder_in ("window-open-old");
  g_autofree char *old = g_build_filename (old_folder, "v2.db", NULL);
  g_autofree char *locked_folder = folder_in ("window-open-folder");
  g_autofree char *in_locked = g_build_filename (locked_folder, "district.db", NULL);
  g_autoptr(GError) error = NULL;
  Snapshot before;

  /* Writable: no reason. */
  {
    g_autoptr(AnnalistStore) writable = annalist_store_open_existing (path, &error);
    g_autofree char *locked = NULL;

    g_assert_no_error (error);
    g_assert_null (annalist_store_read_only_reason (writable));
    locked = annalist_store_record_lock_reason (writable, annalist_kind_lookup ("event"), NULL);
    g_assert_null (locked);
    annalist_store_close (writable);
  }

  age (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  before = snapshot (path);
  {
    g_autoptr(AnnalistStore) readonly = annalist_store_open_existing (path, &error);
    g_autofree char *locked = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (annalist_store_read_only_reason (readonly), ==,
                     "The database is open for reading only: you have no permission to change "
                     "the file “district.db”. Records can be viewed and exported to documents.");
    locked = annalist_store_record_lock_reason (readonly, annalist_kind_lookup ("event"), NULL);
    g_assert_cmpstr (locked, ==, annalist_store_read_only_reason (readonly));
    g_assert_cmpint (annalist_store_count (readonly, annalist_kind_lookup ("event"), NULL, NULL),
                     >, 0);
    assert_refuses_writes (readonly, "district.db");
    annalist_store_close (readonly);
  }
  assert_unchanged (path, &before);
  snapshot_clear (&before);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  make_version_2 (old);
  g_assert_cmpint (g_chmod (old, 0444), ==, 0);
  before = snapshot (old);
  {
    g_autoptr(AnnalistStore) readonly = annalist_store_open_existing (old, &error);

    g_assert_no_error (error);
    g_assert_nonnull (annalist_store_read_only_reason (readonly));
    assert_refuses_writes (readonly, "v2.db");
    annalist_store_close (readonly);
  }
  assert_unchanged (old, &before);
  snapshot_clear (&before);

  {
    g_autoptr(AnnalistStore) copy = NULL;

    g_assert_true (annalist_store_backup (store, in_locked, &error));
    g_assert_no_error (error);
    age (in_locked);
    g_assert_cmpint (g_chmod (locked_folder, 0555), ==, 0);
    before = snapshot (in_locked);
    copy = annalist_store_open_existing (in_locked, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (annalist_store_read_only_reason (copy),
                              "you have no permission to change the folder"));
    assert_refuses_writes (copy, "district.db");
    annalist_store_close (copy);
    assert_unchanged (in_locked, &before);
    snapshot_clear (&before);
    g_assert_cmpint (g_chmod (locked_folder, 0755), ==, 0);
  }
}

/* What is not a database: a sentence, exit 1, nothing changed. */
static void
test_not_a_database (void)
{
  g_autofree char *folder = folder_in ("refused");
  g_autofree char *empty = g_build_filename (folder, "empty.db", NULL);
  g_autofree char *text = g_build_filename (folder, "notes.db", NULL);
  g_autofree char *foreign = g_build_filename (folder, "foreign.db", NULL);
  g_autofree char *blank = g_build_filename (folder, "blank.db", NULL);
  g_autofree char *inner = g_build_filename (folder, "inner.db", NULL);
  g_autofree char *out_folder = folder_in ("refused-out");
  g_autofree char *output = g_build_filename (out_folder, "never.odt", NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", output, NULL);
  g_autofree char *listing = NULL;
  sqlite3 *db = NULL;
  const struct { const char *path; const char *says; } cases[] = {
    { empty, "is an empty file (0 bytes), not an Annalist database" },
    { text, "is not an Annalist database: it is not an SQLite file" },
    { foreign, "is an SQLite database of another program" },
    { blank, "is an empty SQLite database, not an Annalist database" },
    { inner, "is a folder, not an Annalist database" },
  };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Список школ района\n", -1, NULL));
  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (a)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  /* An SQLite file with no tables (one made and dropped). */
  g_assert_cmpint (sqlite3_open (blank, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (a); DROP TABLE t", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (g_mkdir (inner, 0755), ==, 0);
  listing = listing_of (folder);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *db_arg = g_strconcat ("--database=", cases[i].path, NULL);
      gboolean is_file = g_file_test (cases[i].path, G_FILE_TEST_IS_REGULAR);
      Snapshot before = { 0 };
      g_autofree char *after_listing = NULL;
      Run r;

      if (is_file)
        before = snapshot (cases[i].path);

      r = run (db_arg, "--export-report=2022-2023", out_arg, NULL);
      assert_refused (&r, cases[i].says);
      run_clear (&r);
      r = run (db_arg, "--list-templates", NULL);
      assert_refused (&r, cases[i].says);
      g_assert_cmpstr (r.out, ==, "");
      run_clear (&r);

      if (is_file)
        {
          assert_unchanged (cases[i].path, &before);
          snapshot_clear (&before);
        }
      after_listing = listing_of (folder);
      g_assert_cmpstr (after_listing, ==, listing);
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
    }
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (empty, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 0);
  }
}

/* A save cut off (the process killed mid-transaction) leaves a hot
 * journal: reading would need it rolled back, which writes. Refused with a
 * sentence; the file and its journal stay as they are. */
static void
test_cut_off_save (void)
{
  g_autofree char *path = saved_copy ("cut-off", "cut.db");
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *db_arg = g_strconcat ("--database=", path, NULL);
  g_autofree char *out_folder = folder_in ("cut-off-out");
  g_autofree char *output = g_build_filename (out_folder, "never.odt", NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", output, NULL);
  Snapshot before, before_journal;
  pid_t pid;
  Run r;

  pid = fork ();
  if (pid == 0)
    {
      sqlite3 *db = NULL;

      /* A cache of two pages spills the change into the file at once. */
      if (sqlite3_open (path, &db) != SQLITE_OK ||
          sqlite3_exec (db, "PRAGMA cache_size = 2; BEGIN; CREATE TABLE junk (a);"
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                            "INSERT INTO junk SELECT randomblob (500) FROM n;", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      _exit (0);   /* killed, as it were: no commit, no rollback */
    }
  {
    int status = 0;

    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  before = snapshot (path);
  before_journal = snapshot (journal);

  r = run (db_arg, "--export-report=2022-2023", out_arg, NULL);
  assert_refused (&r, "was cut off: open the database in the window once");
  run_clear (&r);
  r = run (db_arg, "--list-templates", NULL);
  assert_refused (&r, "was cut off");
  run_clear (&r);

  assert_unchanged (path, &before);
  assert_unchanged (journal, &before_journal);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  snapshot_clear (&before);
  snapshot_clear (&before_journal);
}

/* The temporary ------------------------------------------------------------------- */

/* A pid that was a process of ours and is no more. */
static pid_t
dead_pid (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  return pid;
}

/* The name the temporary of @target would have in process @pid. */
static char *
temporary_of (const char *target,
              pid_t       pid,
              const char *suffix)
{
  g_autofree char *template = _annalist_odf_temporary_template (target);
  g_autofree char *ours = g_strdup_printf ("-%ld-XXXXXX", (long) getpid ());
  g_autofree char *theirs = g_strdup_printf ("-%ld-%s", (long) pid, suffix);

  g_assert_true (g_str_has_suffix (template, ours));
  template[strlen (template) - strlen (ours)] = '\0';
  return g_strconcat (template, theirs, NULL);
}

static gboolean
has_temporary (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".annalist-") != NULL)
      return TRUE;
  return FALSE;
}

/* A killed export's temporary (its process gone) is removed by the next
 * export into that folder; a live process's is kept, and so is one whose
 * writer holds its lock (a process in another sandbox, whose pid we do
 * not see). */
static void
test_stale_temporary (void)
{
  g_autofree char *folder = folder_in ("stale");
  g_autofree char *target = g_build_filename (folder, "report.odt", NULL);
  g_autofree char *other = g_build_filename (folder, "other.fodt", NULL);
  g_autofree char *db_arg = g_strconcat ("--database=", database, NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", target, NULL);
  pid_t gone = dead_pid ();
  g_autofree char *stale = temporary_of (target, gone, "a1B2c3");
  g_autofree char *stale_other = temporary_of (other, gone, "Zz9yY8");
  g_autofree char *live = temporary_of (target, getpid (), "q1w2e3");
  g_autofree char *locked = temporary_of (target, gone, "l0cked");
  int locked_fd;

  g_assert_true (g_str_has_prefix (strrchr (stale, '/'), "/.report.odt.annalist-"));
  g_assert_true (g_file_set_contents (stale, "half a document", -1, NULL));
  g_assert_true (g_file_set_contents (stale_other, "half a document", -1, NULL));
  g_assert_true (g_file_set_contents (live, "being written", -1, NULL));
  g_assert_true (g_file_set_contents (locked, "being written elsewhere", -1, NULL));
  locked_fd = g_open (locked, O_RDONLY, 0);
  g_assert_cmpint (flock (locked_fd, LOCK_EX), ==, 0);

  export_report (db_arg, out_arg);

  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale_other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (locked, G_FILE_TEST_EXISTS));

  close (locked_fd);
  g_unlink (live);
  g_unlink (locked);
  g_assert_false (has_temporary (folder));
}

/* Makes @name in @folder with @length bytes of @contents, written
 * @minutes ago. */
static char *
leftover (const char *folder,
          const char *name,
          const char *contents,
          gsize       length,
          int         minutes)
{
  char *path = g_build_filename (folder, name, NULL);
  struct utimbuf times = { time (NULL) - minutes * 60, time (NULL) - minutes * 60 };

  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  g_assert_cmpint (g_utime (path, &times), ==, 0);
  return path;
}

/* Old versions left "report.odt.XXXXXX" when killed. The next export to
 * report.odt removes those that are surely such leftovers: untouched for
 * minutes and an unfinished document (empty, or a package cut off before
 * its zip directory). A complete document of that name shape, another
 * file, a recent one or another target's are kept. */
static void
test_old_style_temporary (void)
{
  g_autofree char *folder = folder_in ("old-style");
  g_autofree char *first_folder = folder_in ("old-style-first");
  g_autofree char *target = g_build_filename (folder, "report.odt", NULL);
  g_autofree char *first = g_build_filename (first_folder, "report.odt", NULL);
  g_autofree char *db_arg = g_strconcat ("--database=", database, NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", target, NULL);
  g_autofree char *first_arg = g_strconcat ("--output=", first, NULL);
  g_autofree char *complete = NULL;
  g_autofree char *listing = NULL;
  gsize complete_length = 0;
  g_autofree char *cut = NULL, *empty = NULL, *recent = NULL, *backup = NULL;
  g_autofree char *notes = NULL, *other = NULL, *short_name = NULL, *cut_flat = NULL;
  g_autofree char *flat_target = g_build_filename (folder, "report.fodt", NULL);
  static const char flat_start[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
    "<office:body><office:text><text:p>Анализ";
  static const char note[] = "Не забыть таблицу 3\n";
  Run r;

  /* A complete document, as an export writes it. */
  r = run (db_arg, "--export-report=2022-2023", first_arg, NULL);
  assert_ran (&r);
  run_clear (&r);
  g_assert_true (g_file_get_contents (first, &complete, &complete_length, NULL));
  g_assert_cmpuint (complete_length, >, 4096);

  cut = leftover (folder, "report.odt.aB3dE9", complete, complete_length / 2, 10);
  empty = leftover (folder, "report.odt.Qw0000", "", 0, 10);
  cut_flat = leftover (folder, "report.fodt.x1Y2z3", flat_start, strlen (flat_start), 10);
  recent = leftover (folder, "report.odt.Rc3nT1", complete, complete_length / 2, 0);
  backup = leftover (folder, "report.odt.backup", complete, complete_length, 60);
  notes = leftover (folder, "report.odt.notes1", note, strlen (note), 60);
  other = leftover (folder, "plan.odt.aB3dE9", complete, complete_length / 2, 10);
  short_name = leftover (folder, "report.odt.aB3dE", complete, complete_length / 2, 10);

  export_report (db_arg, out_arg);

  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (cut, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (empty, G_FILE_TEST_EXISTS));
  /* Another target's: only its own export removes it. */
  g_assert_true (g_file_test (cut_flat, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (short_name, G_FILE_TEST_EXISTS));

  /* A flat document cut off is removed by the next export to its target. */
  g_free (out_arg);
  out_arg = g_strconcat ("--output=", flat_target, NULL);
  export_report (db_arg, out_arg);
  g_assert_false (g_file_test (cut_flat, G_FILE_TEST_EXISTS));

  listing = listing_of (folder);
  g_assert_cmpstr (listing, ==,
                   "plan.odt.aB3dE9\n"
                   "report.fodt\n"
                   "report.odt\n"
                   "report.odt.Rc3nT1\n"
                   "report.odt.aB3dE\n"
                   "report.odt.backup\n"
                   "report.odt.notes1");
}

/* A template with a mistake found while the document is written (a
 * title that is no date): a sentence, no document, no temporary. */
static void
test_failed_export (void)
{
  g_autofree char *folder = folder_in ("failed");
  g_autofree char *template = g_build_filename (dir, "not-a-date.fodt", NULL);
  g_autofree char *template_arg = g_strconcat ("--export=", template, NULL);
  g_autofree char *db_arg = g_strconcat ("--database=", database, NULL);
  const char *names[] = { "failed.odt", "failed.fodt" };

  g_assert_true (g_file_set_contents (template,
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:p>{{#each event limit 1}}{{title|date}}{{/each}}</text:p>"
    "</office:text></office:body></office:document>", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *output = g_build_filename (folder, names[i], NULL);
      g_autofree char *out_arg = g_strconcat ("--output=", output, NULL);
      g_autofree char *listing = NULL;
      Run r = run (db_arg, template_arg, "--year=2022-2023", out_arg, NULL);

      assert_refused (&r, "is not a date");
      run_clear (&r);
      listing = listing_of (folder);
      g_assert_cmpstr (listing, ==, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("readonly", &dir, &database);

  g_test_add_func ("/readonly/rollback-copy", test_rollback_copy);
  g_test_add_func ("/readonly/wal-file", test_wal_file);
  g_test_add_func ("/readonly/wal-file-locked", test_wal_file_locked);
  g_test_add_func ("/readonly/open-elsewhere", test_open_elsewhere);
  g_test_add_func ("/readonly/read-only-file", test_readonly_file);
  g_test_add_func ("/readonly/odd-path", test_odd_path);
  g_test_add_func ("/readonly/older-version", test_older_version);
  g_test_add_func ("/readonly/not-a-database", test_not_a_database);
  g_test_add_func ("/readonly/window-open", test_window_open);
  g_test_add_func ("/readonly/cut-off-save", test_cut_off_save);
  g_test_add_func ("/readonly/temporary/stale", test_stale_temporary);
  g_test_add_func ("/readonly/temporary/failed", test_failed_export);
  g_test_add_func ("/readonly/temporary/old-style", test_old_style_temporary);

  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  g_free (database);
  return status;
}
