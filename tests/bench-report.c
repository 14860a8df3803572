/* bench-report.c — how fast the annual report is written, and in how much
 * memory
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark (meson test --benchmark), never a timed test: it prints its
 * figures and the targets beside them, and fails only when an export does.
 *
 *  1. the sample year, in-process, averaged over many exports (.odt, .fodt);
 *  2. a --sample-scale=100 database, in-process and through the command
 *     line in a child process, whose peak memory getrusage() reports.
 */

#define G_LOG_DOMAIN "bench-report"

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "annalist-report.h"
#include "annalist-sample.h"
#include "annalist-store.h"

#ifndef ANNALIST_BIN
# error "ANNALIST_BIN must be the path of the built application"
#endif

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

/* Mean milliseconds of @runs exports of @store to @path. */
static double
time_exports (AnnalistStore *store,
              const char    *path,
              guint          runs)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* One to warm the caches (resources, prepared statements, fonts). */
  if (!annalist_report_export (store, ANNALIST_SAMPLE_YEAR, path, &error))
    g_error ("export failed: %s", error->message);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < runs; i++)
    if (!annalist_report_export (store, ANNALIST_SAMPLE_YEAR, path, &error))
      g_error ("export failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0 / runs;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-bench-XXXXXX", &error);
  g_autofree char *sample = NULL;
  g_autofree char *scaled = NULL;
  g_autofree char *odt = NULL;
  g_autofree char *fodt = NULL;
  g_autofree char *database = NULL;
  g_autofree char *output = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  double ms_odt, ms_fodt, ms_scaled = 0, best_wall = G_MAXDOUBLE;
  struct rusage usage;
  gint64 start;

  g_assert_no_error (error);
  sample = g_build_filename (dir, "sample.db", NULL);
  scaled = g_build_filename (dir, "scaled.db", NULL);
  odt = g_build_filename (dir, "report.odt", NULL);
  fodt = g_build_filename (dir, "report.fodt", NULL);

  /* 1. The sample year. */
  if (!annalist_sample_create (sample, 1, &error))
    g_error ("%s", error->message);
  store = annalist_store_open (sample, &error);
  g_assert_no_error (error);
  ms_odt = time_exports (store, odt, 200);
  ms_fodt = time_exports (store, fodt, 200);
  g_clear_object (&store);

  g_print ("sample year, in-process: %.2f ms per .odt export, %.2f ms per .fodt export "
           "(mean of 200; target ≤ 10 ms)\n", ms_odt, ms_fodt);

  /* 2. The sample scaled 100 times. */
  start = g_get_monotonic_time ();
  if (!annalist_sample_create (scaled, 100, &error))
    g_error ("%s", error->message);
  g_print ("scale 100: database created in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  store = annalist_store_open (scaled, &error);
  g_assert_no_error (error);
  ms_scaled = time_exports (store, odt, 5);
  g_clear_object (&store);
  g_print ("scale 100, in-process: %.1f ms per .odt export (mean of 5)\n", ms_scaled);

  /* Through the command line, in a child: wall time with the start of the
   * process, and its peak resident memory. */
  database = g_strconcat ("--database=", scaled, NULL);
  output = g_strconcat ("--output=", odt, NULL);
  for (guint i = 0; i < 3; i++)
    {
      const char *args[] = { ANNALIST_BIN, database, "--export-report=2022-2023", output, NULL };
      int status = 0;
      double wall;

      start = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("the command line failed: %s", error->message);
      wall = (g_get_monotonic_time () - start) / 1000.0;
      best_wall = MIN (best_wall, wall);
    }
  getrusage (RUSAGE_CHILDREN, &usage);
  g_print ("scale 100, command line: %.0f ms wall (best of 3; target ≤ 1000 ms), "
           "%.1f MB peak RSS (target ≤ 60 MB)\n",
           best_wall, usage.ru_maxrss / 1024.0);

  remove_dir (dir);
  return 0;
}
