/* test-crash-closing.c — a year closing killed midway is whole or absent
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs tests/crash-closer on one database again and again and kills it
 * with SIGKILL a random 1–60 ms after it has opened the store (every
 * other time: after its first acknowledged step), as test-crash.c does
 * with crash-saver. After each kill: PRAGMA integrity_check is «ok»,
 * foreign_key_check finds nothing, every acknowledged closing is there
 * with its whole report (the same SHA-256) and every acknowledged
 * reopening has no row; the one step killed between its «try» and its
 * «ok» has either state, never a half one; and the history has one line
 * (change_set, action «year») for each step that was committed, no more.
 *
 * ANNALIST_CRASH_SEED replays another seed, ANNALIST_CRASH_CYCLES
 * changes the number of kills.
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-store.h"
#include "crash-child.h"
#include "temp-tree.h"

#define DEFAULT_SEED 20261130u
#define DEFAULT_CYCLES 100
#define FIRST_YEAR 2000
#define N_YEARS 8

/* The SHA-256 of the report kept for @year, "-" when the year is open. */
static char *
year_state (sqlite3 *db,
            int      year)
{
  sqlite3_stmt *stmt = NULL;
  char *state;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT report, length (report) FROM closed_year "
                                       "WHERE academic_year = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 0),
                                         sqlite3_column_bytes (stmt, 0));
  else
    state = g_strdup ("-");
  sqlite3_finalize (stmt);
  return state;
}

static gint64
count_of (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_kill_while_closing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-crash-closing-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "district.db", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *log_path = g_build_filename (dir, "acknowledged.log", NULL);
  guint32 seed;
  guint cycles;
  g_autoptr(GRand) rand = NULL;
  char *expected[N_YEARS];
  gint64 committed = 0;
  gsize log_offset = 0;
  guint n_acknowledged = 0, n_undecided = 0, n_journals = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  crash_test_settings (DEFAULT_SEED, DEFAULT_CYCLES, &seed, &cycles);
  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < N_YEARS; i++)
    expected[i] = g_strdup ("-");

  crash_test_open_store (path);

  for (guint cycle = 1; cycle <= cycles; cycle++)
    {
      g_autofree char *closer_seed = g_strdup_printf ("%u", g_rand_int (rand));
      gulong delay = g_rand_int_range (rand, 1000, 60001);
      g_auto(GStrv) lines = NULL;
      int pending_year = 0;
      g_autofree char *pending_value = NULL;
      sqlite3 *db = NULL;

      crash_test_run_and_kill (CRASH_CLOSER, path, log_path, closer_seed, cycle % 2 == 0,
                               "step", delay, cycle);
      if (g_file_test (journal, G_FILE_TEST_EXISTS))
        n_journals++;

      /* Every other time the store rolls a hot journal back, else SQLite. */
      if (cycle % 2 == 1)
        crash_test_open_store (path);

      db = crash_test_open_checked (path, cycle);

      lines = crash_test_new_lines (log_path, &log_offset);
      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
          int year;

          g_assert_cmpuint (g_strv_length (fields), ==, 3);
          year = atoi (fields[1]);
          g_assert_cmpint (year, >=, FIRST_YEAR);
          g_assert_cmpint (year, <, FIRST_YEAR + N_YEARS);
          if (g_str_equal (fields[0], "ok"))
            {
              g_free (expected[year - FIRST_YEAR]);
              expected[year - FIRST_YEAR] = g_strdup (fields[2]);
              committed++;
              n_acknowledged++;
              pending_year = 0;
            }
          else
            {
              g_assert_cmpstr (fields[0], ==, "try");
              pending_year = year;
              g_free (pending_value);
              pending_value = g_strdup (fields[2]);
            }
        }

      /* The step killed midway: before or after, whole. */
      if (pending_year != 0)
        {
          g_autofree char *found = year_state (db, pending_year);
          char **before = &expected[pending_year - FIRST_YEAR];

          if (g_str_equal (found, pending_value))
            {
              g_free (*before);
              *before = g_strdup (found);
              committed++;
              n_undecided++;
            }
          else if (!g_str_equal (found, *before))
            g_error ("After kill %u (seed %u), %d is “%s”: neither the acknowledged “%s” nor "
                     "the unacknowledged “%s”", cycle, seed, pending_year, found, *before,
                     pending_value);
        }

      for (int i = 0; i < N_YEARS; i++)
        {
          g_autofree char *found = year_state (db, FIRST_YEAR + i);

          if (!g_str_equal (found, expected[i]))
            g_error ("After kill %u (seed %u), the acknowledged state of %d is “%s”, not “%s”",
                     cycle, seed, FIRST_YEAR + i, found, expected[i]);
        }
      /* Each committed step has its one line in the history: the row and
       * the line came in one transaction. */
      g_assert_cmpint (count_of (db, "SELECT count(*) FROM change_set WHERE action = 'year'"),
                       ==, committed);
      sqlite3_close (db);
    }

  g_test_message ("%u kills in %.1f s: %u acknowledged steps, %u journals left by a kill, "
                  "%u steps killed between «try» and «ok» that were committed",
                  cycles, (g_get_monotonic_time () - start) / 1e6,
                  n_acknowledged, n_journals, n_undecided);
  g_assert_cmpuint (n_acknowledged, >, 0);

  for (guint i = 0; i < N_YEARS; i++)
    g_free (expected[i]);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-while-closing", test_kill_while_closing);
  return g_test_run ();
}
