/* crash-closer.c — closes and reopens years until it is killed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper of test-crash-closing.c, made as crash-saver.c is: opens the
 * store at DB, writes one byte to stdout once it is open (and one after
 * each acknowledged step), then closes academic years 2000–2007 with a
 * report of 0.5–3 MB and reopens them, at random, until SIGKILL. The log
 * at LOG says what was acknowledged, one line after the store returned
 * TRUE:
 *
 *   ok  <year>  <sha256 of the kept report, or "-": reopened>
 *
 * preceded by "try <year> <value>" before the step. Tab-separated,
 * appended with O_APPEND and fdatasync'ed.
 *
 *   crash-closer DB LOG SEED
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annalist-closed-year.h"
#include "crash-child.h"

#define FIRST_YEAR 2000
#define N_YEARS 8

static void
log_line (const char *verb,
          int         year,
          const char *value)
{
  g_autofree char *key = g_strdup_printf ("%d", year);

  crash_child_log (verb, key, value);
}

static GBytes *
report_of (GRand *rand)
{
  gsize size = g_rand_int_range (rand, 512 * 1024, 3 * 1024 * 1024);
  guint32 *words = g_malloc (size + 4);

  for (gsize i = 0; i < size / 4 + 1; i++)
    words[i] = g_rand_int (rand);
  return g_bytes_new_take (words, size);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  GRand *rand;

  setlocale (LC_ALL, "");
  store = crash_child_start (argc, argv, "crash-closer", &rand);
  crash_child_signal ();

  for (;;)
    {
      int year = FIRST_YEAR + g_rand_int_range (rand, 0, N_YEARS);

      if (annalist_closed_year_is_closed (store, year))
        {
          log_line ("try", year, "-");
          if (!annalist_closed_year_reopen (store, year, &error))
            g_error ("Cannot reopen %d: %s", year, error->message);
          log_line ("ok", year, "-");
        }
      else
        {
          g_autoptr(GBytes) report = report_of (rand);
          g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);

          log_line ("try", year, sum);
          if (!annalist_closed_year_close (store, year, report, "Аналитический отчёт.odt",
                                           "Аналитический отчёт", &error))
            g_error ("Cannot close %d: %s", year, error->message);
          log_line ("ok", year, sum);
        }
    }
}
