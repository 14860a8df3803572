/* test-crash.c — killed at any moment, the database keeps every acknowledged save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs tests/crash-saver on one database again and again, kills it with
 * SIGKILL a random 1–30 ms after it has opened the store (half of the
 * times: after its first acknowledged save), and checks the
 * file after each kill: PRAGMA integrity_check is «ok», foreign_key_check
 * finds nothing, every save crash-saver logged as acknowledged is
 * there with its values (an acknowledged delete: the row is gone), and
 * the history's last row of every record is the record as it is.
 *
 * A killed process is not a power cut: what write () handed to the kernel
 * survives the kill even when it never reached the disk. This proves the
 * store consistent across a crash of the process (the rollback journal,
 * savepoints, the order of its writes); that the fsyncs reach the disk is
 * test-durability.c's and SQLite's business, not something a kill can show.
 *
 * The seed is fixed and printed; ANNALIST_CRASH_SEED replays another,
 * ANNALIST_CRASH_CYCLES changes the number of kills (at least 100 in CI).
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-store.h"
#include "crash-child.h"
#include "temp-tree.h"

#define DEFAULT_SEED 20261130u
#define DEFAULT_CYCLES 120

/* The value crash-saver logs for a row (its event_value ()), read back
 * with plain SQLite; "-" when the row is absent. */
static char *
row_value (sqlite3    *db,
           const char *kind,
           gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  GString *value = g_string_new (NULL);
  gboolean is_event = g_str_equal (kind, "event");

  g_assert_cmpint (sqlite3_prepare_v2 (db, is_event
                                       ? "SELECT title, participants FROM event WHERE id = ?"
                                       : "SELECT short_name FROM organisation WHERE id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_string_append (value, "-");
      return g_string_free (value, FALSE);
    }
  g_string_append (value, (const char *) sqlite3_column_text (stmt, 0));
  if (is_event)
    g_string_append_printf (value, "|%" G_GINT64_FORMAT "|",
                            (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  if (!is_event)
    return g_string_free (value, FALSE);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT organisation_id FROM event_organiser "
                                       "WHERE event_id = ? ORDER BY organisation_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  for (int i = 0; sqlite3_step (stmt) == SQLITE_ROW; i++)
    g_string_append_printf (value, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (value, FALSE);
}

/* Splits "key\tvalue" lines: "ok\tevent\t5\tvalue" → verb, "event\t5", value. */
static void
parse_line (char        *line,
            const char **verb,
            char       **key,
            const char **value)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 4);

  g_assert_cmpuint (g_strv_length (fields), ==, 4);
  *verb = g_str_equal (fields[0], "ok") ? "ok" : "try";
  g_assert_true (g_str_equal (fields[0], "ok") || g_str_equal (fields[0], "try"));
  *key = g_strconcat (fields[1], "\t", fields[2], NULL);
  *value = line + strlen (fields[0]) + strlen (fields[1]) + strlen (fields[2]) + 3;
}

static char *
key_value (sqlite3    *db,
           const char *key)
{
  g_auto(GStrv) parts = g_strsplit (key, "\t", 2);

  return row_value (db, parts[0], g_ascii_strtoll (parts[1], NULL, 10));
}

static void
test_kill_while_saving (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "district.db", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *log_path = g_build_filename (dir, "acknowledged.log", NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);
  guint32 seed;
  guint cycles;
  g_autoptr(GRand) rand = NULL;
  gsize log_offset = 0;
  guint n_acknowledged = 0, n_journals = 0, n_undecided = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  crash_test_settings (DEFAULT_SEED, DEFAULT_CYCLES, &seed, &cycles);
  rand = g_rand_new_with_seed (seed);

  /* The schema and the dictionaries, before any kill. */
  crash_test_open_store (path);

  for (guint cycle = 1; cycle <= cycles; cycle++)
    {
      g_autofree char *saver_seed = g_strdup_printf ("%u", g_rand_int (rand));
      gulong delay = g_rand_int_range (rand, 1000, 30001);
      g_auto(GStrv) lines = NULL;
      char *pending_key = NULL;
      g_autofree char *pending_insert = NULL;
      const char *pending_value = NULL;
      sqlite3 *db = NULL;
      GHashTableIter iter;
      gpointer ack_key, ack_value;

      /* Every other time the clock starts once a first save is
       * acknowledged: on a disk slow to sync 30 ms may not see one. */
      crash_test_run_and_kill (CRASH_SAVER, path, log_path, saver_seed, cycle % 4 < 2,
                               "save", delay, cycle);

      if (g_file_test (journal, G_FILE_TEST_EXISTS))
        n_journals++;

      /* Every other time the store opens the file first (and rolls back a
       * hot journal itself); the other times plain SQLite does. */
      if (cycle % 2 == 0)
        crash_test_open_store (path);

      db = crash_test_open_checked (path, cycle);
      /* The history was written in the same transactions: every row, as
       * it is, is what its last history row says it became, and every
       * history row belongs to a change set. */
      crash_test_assert_rows (db, "SELECT e.id FROM event e WHERE NOT EXISTS (SELECT 1 FROM change_row r "
                            "WHERE r.id = (SELECT max (id) FROM change_row WHERE table_name = 'event' "
                            "AND row_id = e.id) AND r.operation <> 'delete' "
                            "AND json_extract (r.after, '$.title') IS e.title "
                            "AND json_extract (r.after, '$.participants') IS e.participants)",
                        "", cycle);
      crash_test_assert_rows (db, "SELECT o.id FROM organisation o WHERE NOT EXISTS (SELECT 1 FROM change_row r "
                            "WHERE r.id = (SELECT max (id) FROM change_row WHERE table_name = 'organisation' "
                            "AND row_id = o.id) AND json_extract (r.after, '$.short_name') IS o.short_name)",
                        "", cycle);
      crash_test_assert_rows (db, "SELECT count(*) FROM change_row WHERE set_id NOT IN (SELECT id FROM change_set)",
                        "0", cycle);

      /* This cycle's lines of the log. */
      lines = crash_test_new_lines (log_path, &log_offset);
      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          const char *verb, *value;
          char *key;

          parse_line (lines[i], &verb, &key, &value);
          g_clear_pointer (&pending_key, g_free);
          if (g_str_equal (verb, "ok"))
            {
              g_hash_table_replace (expected, key, g_strdup (value));
              n_acknowledged++;
            }
          else
            {
              pending_key = key;
              pending_value = value;
            }
        }

      /* A save killed between its "try" and its "ok": either value. What
       * the file has is from now on what later kills must find. */
      if (pending_key != NULL && g_str_has_suffix (pending_key, "\t0"))
        {
          /* An insert: its row may be there, under any id (SQLite gives
           * the id of a deleted last row again). */
          pending_insert = g_steal_pointer (&pending_key);
          *strchr (pending_insert, '\t') = '\0';
        }
      else if (pending_key != NULL)
        {
          g_autofree char *found = key_value (db, pending_key);
          const char *before = g_hash_table_lookup (expected, pending_key);

          if (!g_str_equal (found, pending_value) && before != NULL && !g_str_equal (found, before))
            g_error ("After kill %u, %s is “%s”: neither the acknowledged “%s” nor the "
                     "unacknowledged “%s”", cycle, pending_key, found, before, pending_value);
          n_undecided++;
          g_hash_table_replace (expected, g_steal_pointer (&pending_key), g_strdup (found));
        }

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &ack_key, &ack_value))
        {
          g_autofree char *found = key_value (db, ack_key);

          if (!g_str_equal (found, ack_value) && pending_insert != NULL &&
              g_str_has_prefix (ack_key, pending_insert) &&
              ((const char *) ack_key)[strlen (pending_insert)] == '\t' &&
              g_str_equal (found, pending_value))
            {
              g_clear_pointer (&pending_insert, g_free);
              n_undecided++;
              g_hash_table_iter_replace (&iter, g_steal_pointer (&found));
            }
          else if (!g_str_equal (found, ack_value))
            g_error ("After kill %u (seed %u), the acknowledged %s is “%s”, not “%s”",
                     cycle, seed, (const char *) ack_key, found, (const char *) ack_value);
        }
      sqlite3_close (db);
    }

  g_test_message ("%u kills in %.1f s: %u acknowledged saves checked, %u journals left "
                  "by a kill, %u saves killed between «try» and «ok»",
                  cycles, (g_get_monotonic_time () - start) / 1e6,
                  n_acknowledged, n_journals, n_undecided);
  /* The kills fell among saves, not only before the first one (how many
   * saves come between two kills depends on how fast the disk syncs). */
  g_assert_cmpuint (n_acknowledged, >, 0);
  g_assert_cmpuint (g_hash_table_size (expected), >, 0);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-while-saving", test_kill_while_saving);
  return g_test_run ();
}
