/* bench-store.c — what a durable save costs, journal by journal
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test: it prints figures and fails only when something
 * breaks. Run it with `meson test -C build --benchmark store`.
 *
 * It times N single-record saves through annalist_store_insert, one
 * transaction each as the form's «Сохранить» makes them, in each journal
 * configuration the store could use, and prints each as milliseconds per
 * save and as a ratio to the one the store uses (a rollback journal,
 * DELETE, with synchronous = EXTRA). The database is written in the build
 * directory, not in /tmp: /tmp is often a tmpfs, where fsync costs
 * nothing and every configuration would look alike. Set
 * ANNALIST_BENCH_DIR to measure another disk (a network folder, say).
 *
 * Only the last four configurations leave, after every save, a `.db`
 * that alone holds every acknowledged save; the first two are there to
 * show what that costs. Of those four, DELETE with FULL does not sync the
 * folder after the journal's unlink (its commit): a power cut just after
 * the save can roll it back. It is measured to show what EXTRA adds.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "annalist-store-private.h"

#define SAVES 300
#define ROUNDS 3

typedef struct
{
  const char *name;
  const char *pragmas;
  gboolean    checkpoint;   /* wal_checkpoint(TRUNCATE) after every save */
} Configuration;

static const Configuration configurations[] = {
  { "WAL, synchronous NORMAL (before)",  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", FALSE },
  { "WAL, synchronous FULL",             "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", FALSE },
  { "WAL FULL + checkpoint every save",  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", TRUE },
  { "TRUNCATE, synchronous FULL",        "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = FULL;", FALSE },
  { "DELETE, synchronous FULL",          "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;", FALSE },
  { "DELETE, synchronous EXTRA (chosen)", "PRAGMA journal_mode = DELETE; PRAGMA synchronous = EXTRA;", FALSE },
};
#define CHOSEN 5

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static gint64
dictionary_id (AnnalistStore *store,
               const char    *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM %s", table);
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);
  gint64 id = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Milliseconds per save. */
static double
time_saves (const char          *path,
            const Configuration *configuration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  const AnnalistKind *event = annalist_kind_lookup ("event");
  gint64 kind_id, start;

  remove_database (path);
  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  annalist_store_exec (store, configuration->pragmas, &error);
  g_assert_no_error (error);
  kind_id = dictionary_id (store, "event_kind");

  start = g_get_monotonic_time ();
  for (int i = 0; i < SAVES; i++)
    {
      g_autoptr(AnnalistRecord) record = annalist_record_new (event);
      g_autofree char *title = g_strdup_printf ("Семинар № %d", i + 1);

      annalist_record_set_string (record, "title", title);
      annalist_record_set_string (record, "date_start", "2023-03-15");
      annalist_record_set_int (record, "kind_id", kind_id);
      annalist_record_set_int (record, "participants", 20);
      annalist_store_insert (store, record, &error);
      g_assert_no_error (error);
      if (configuration->checkpoint)
        {
          annalist_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error);
          g_assert_no_error (error);
        }
    }
  return (g_get_monotonic_time () - start) / 1e3 / SAVES;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *base = g_getenv ("ANNALIST_BENCH_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  double times[G_N_ELEMENTS (configurations)][ROUNDS];
  double median[G_N_ELEMENTS (configurations)];

  setlocale (LC_ALL, "");
  if (base == NULL)
    base = g_getenv ("G_TEST_BUILDDIR");
  if (base == NULL)
    base = ".";
  dir = g_build_filename (base, "annalist-bench-store-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (dir));
  path = g_build_filename (dir, "bench.db", NULL);

  /* The configurations take turns, so that a slow moment of the disk
   * does not fall on one of them only. */
  for (int round = 0; round < ROUNDS; round++)
    for (guint c = 0; c < G_N_ELEMENTS (configurations); c++)
      times[c][round] = time_saves (path, &configurations[c]);

  for (guint c = 0; c < G_N_ELEMENTS (configurations); c++)
    {
      qsort (times[c], ROUNDS, sizeof (double), compare_doubles);
      median[c] = times[c][ROUNDS / 2];
    }

  g_print ("%d single-record saves in %s (median of %d rounds):\n", SAVES, dir, ROUNDS);
  for (guint c = 0; c < G_N_ELEMENTS (configurations); c++)
    g_print ("  %-36s %7.3f ms/save  %5.2f× the chosen\n",
             configurations[c].name, median[c], median[c] / median[CHOSEN]);

  remove_database (path);
  g_rmdir (dir);
  return 0;
}
