/* crash-child.c — the crash tests' two sides
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "crash-child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int log_fd = -1;

AnnalistStore *
crash_child_start (int          argc,
                   char        *argv[],
                   const char  *name,
                   GRand      **rand)
{
  g_autoptr(GError) error = NULL;
  AnnalistStore *store;

  if (argc != 4)
    {
      g_printerr ("Usage: %s DB LOG SEED\n", name);
      exit (2);
    }
  *rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[3], NULL, 10));
  log_fd = open (argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    g_error ("Cannot open the log %s: %s", argv[2], g_strerror (errno));

  store = annalist_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("Cannot open %s: %s", argv[1], error->message);
  return store;
}

void
crash_child_signal (void)
{
  if (write (STDOUT_FILENO, "+", 1) != 1)
    g_error ("Cannot write to the test");
}

void
crash_child_log (const char *verb,
                 const char *key,
                 const char *value)
{
  g_autofree char *line = g_strdup_printf ("%s\t%s\t%s\n", verb, key, value);
  gsize length = strlen (line);

  /* One write () of a short line: a kill leaves it whole, absent, or
   * without its end (crash_test_new_lines ()). */
  if (write (log_fd, line, length) != (gssize) length || fdatasync (log_fd) != 0)
    g_error ("Cannot write the log: %s", g_strerror (errno));
  /* The test may wait for the first acknowledged step before its clock. */
  if (g_str_equal (verb, "ok"))
    crash_child_signal ();
}

void
crash_test_settings (guint32  default_seed,
                     guint    default_cycles,
                     guint32 *seed,
                     guint   *cycles)
{
  const char *seed_text = g_getenv ("ANNALIST_CRASH_SEED");
  const char *cycles_text = g_getenv ("ANNALIST_CRASH_CYCLES");

  *seed = seed_text != NULL ? g_ascii_strtoull (seed_text, NULL, 10) : default_seed;
  *cycles = cycles_text != NULL ? g_ascii_strtoull (cycles_text, NULL, 10) : default_cycles;
  g_test_message ("seed %u (replay: ANNALIST_CRASH_SEED=%u), %u kills", *seed, *seed, *cycles);
}

void
crash_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  AnnalistStore *store = annalist_store_open (path, &error);

  g_assert_no_error (error);
  g_object_unref (store);
}

/* One byte from the child within 20 s: a child that hangs fails the
 * test rather than leaving it to meson's timeout. */
static gboolean
read_signal (int fd)
{
  struct pollfd poll_fd = { fd, POLLIN, 0 };
  char byte;

  return poll (&poll_fd, 1, 20000) == 1 && read (fd, &byte, 1) == 1;
}

void
crash_test_run_and_kill (const char *program,
                         const char *path,
                         const char *log_path,
                         const char *child_seed,
                         gboolean    after_first,
                         const char *step,
                         gulong      delay,
                         guint       cycle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (program);
  const char *argv[] = { program, path, log_path, child_seed, NULL };
  GPid pid;
  int out = -1, status = 0;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  /* The clock starts once the store is open (a kill during the open
   * would mostly kill the loading of the program), and when asked once
   * a first step is acknowledged: on a disk slow to sync (CI's, busy
   * with other tests) a few ms may not see a step through. */
  if (!read_signal (out) || (after_first && !read_signal (out)))
    {
      kill (pid, SIGKILL);
      g_error ("%s (seed %s) did not open the store or acknowledge "
               "a first %s within 20 s", name, child_seed, step);
    }
  g_usleep (delay);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (out);
  g_spawn_close_pid (pid);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("%s (seed %s) ended by itself (status %d) before kill %u",
             name, child_seed, status, cycle);
}

void
crash_test_assert_rows (sqlite3    *db,
                        const char *sql,
                        const char *expected,
                        guint       cycle)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) found = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      g_string_append_printf (found, "%s%s", i > 0 ? " " : found->len > 0 ? "; " : "",
                              (const char *) sqlite3_column_text (stmt, i));
  sqlite3_finalize (stmt);
  if (!g_str_equal (found->str, expected))
    g_error ("After kill %u, %s: “%s”", cycle, sql, found->str);
}

sqlite3 *
crash_test_open_checked (const char *path,
                         guint       cycle)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  crash_test_assert_rows (db, "PRAGMA integrity_check", "ok", cycle);
  crash_test_assert_rows (db, "PRAGMA foreign_key_check", "", cycle);
  return db;
}

char **
crash_test_new_lines (const char *log_path,
                      gsize      *log_offset)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *start, *end;
  char **lines;

  g_assert_true (g_file_get_contents (log_path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, *log_offset);
  /* A write () that crosses a page of the file can be cut by the kill
   * between the pages: a last line without its end was never finished, so
   * its step was not acknowledged. It is left out, and the next child's
   * lines (appended after it) are read from after it. */
  start = contents + *log_offset;
  end = g_strrstr_len (start, length - *log_offset, "\n");
  {
    g_autofree char *whole = g_strndup (start, end != NULL ? end + 1 - start : 0);
    lines = g_strsplit (whole, "\n", -1);
  }
  *log_offset = length;
  return lines;
}
