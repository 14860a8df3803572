/* bench-window.c — how fast the window starts and filters
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test: it prints figures and fails only when something
 * breaks. Run under a display (xvfb-run -a meson test -C build --benchmark).
 *
 *  1. Start-up to the first painted frame: a process that runs the
 *     application on the sample district (and on it repeated 300 times) and
 *     exits at its first frame, against tests/bare-window (an empty
 *     libadwaita window) measured the same way, the three taking turns.
 *     Median of fifteen runs each.
 *  2. One filter keystroke over 100 000 events: the list page's search as
 *     the search entry calls it, alone and with the work of the frame that
 *     shows its result (layout and drawing, not the wait for the display's
 *     refresh).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <unistd.h>

#include "annalist-application.h"
#include "annalist-list-page.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"

#define RUNS 15

/* Child: the application, up to its first frame ---------------------------------- */

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  _exit (0);
}

static void
window_mapped (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), NULL);
}

static void
window_added (GtkApplication *application,
              GtkWindow      *window)
{
  g_signal_connect (window, "map", G_CALLBACK (window_mapped), NULL);
}

static int
run_child (const char *database)
{
  g_autoptr(AnnalistApplication) application = annalist_application_new ();
  g_autofree char *option = g_strconcat ("--database=", database, NULL);
  char *argv[] = { (char *) "annalist", option, NULL };

  /* As main.c does. */
  setlocale (LC_ALL, "");
  g_signal_connect (application, "window-added", G_CALLBACK (window_added), NULL);
  return g_application_run (G_APPLICATION (application), 2, argv);
}

/* Parent: timing processes ------------------------------------------------------------ */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
run_once (char **argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
median (double *times)
{
  qsort (times, RUNS, sizeof (double), compare_doubles);
  return times[RUNS / 2];
}

static void
bench_start_up (const char *self_path,
                const char *dir)
{
  g_autofree char *bare = g_build_filename (g_getenv ("G_TEST_BUILDDIR")
                                            ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            "bare-window", NULL);
  g_autofree char *sample = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *scaled = g_build_filename (dir, "sample-300.db", NULL);
  g_autoptr(GError) error = NULL;
  char *bare_argv[] = { bare, NULL };
  char *sample_argv[] = { (char *) self_path, (char *) "--child", sample, NULL };
  char *scaled_argv[] = { (char *) self_path, (char *) "--child", scaled, NULL };
  double bare_times[RUNS], sample_times[RUNS], scaled_times[RUNS];
  double t_bare, t_sample, t_scaled;
  gint64 start;

  if (!annalist_sample_create (sample, 1, &error))
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  if (!annalist_sample_create (scaled, 300, &error))
    g_error ("%s", error->message);
  g_print ("sample district ×300 created in %.1f s\n",
           (g_get_monotonic_time () - start) / 1e6);

  /* Warm the caches once, then take turns, so that the machine's ups and
   * downs fall on all three alike: medians of RUNS each. */
  run_once (bare_argv);
  run_once (sample_argv);
  for (guint i = 0; i < RUNS; i++)
    {
      bare_times[i] = run_once (bare_argv);
      sample_times[i] = run_once (sample_argv);
      scaled_times[i] = run_once (scaled_argv);
    }
  t_bare = median (bare_times);
  t_sample = median (sample_times);
  t_scaled = median (scaled_times);

  g_print ("start-up to first frame (median of %d):\n", RUNS);
  g_print ("  bare libadwaita window      %7.1f ms\n", t_bare);
  g_print ("  Annalist, sample district   %7.1f ms  (%.2f× bare)\n", t_sample, t_sample / t_bare);
  g_print ("  Annalist, sample ×300       %7.1f ms  (%.2f× bare)\n", t_scaled, t_scaled / t_bare);
}

/* Filtering ------------------------------------------------------------------------- */

static void
fill_events (AnnalistStore *store,
             int            n)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* One INSERT … SELECT in one transaction: 100 000 rows in about a second. */
  sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "INSERT INTO event (academic_year, kind_id, title, date_start, period_text, "
    "  audience_id, agenda, participants, organisers_text, goal) "
    "SELECT 2022, 1 + i %% 6, "
    "  CASE i %% 4 WHEN 0 THEN 'Районный семинар «Наставничество в школе» № ' "
    "              WHEN 1 THEN 'Научно-практическая конференция «Инновации» № ' "
    "              WHEN 2 THEN 'Круглый стол для заместителей руководителей № ' "
    "              ELSE 'Вебинар «Цифровая образовательная среда» № ' END || i, "
    "  date('2022-09-01', '+' || (i %% 365) || ' days'), '', NULL, "
    "  'Обсуждение хода инновационной деятельности образовательных организаций района; "
    "выступления участников, подведение итогов, часть ' || i, "
    "  i %% 120, 'ИМЦ Красносельского района', "
    "  'Распространение опыта инновационной деятельности' "
    "FROM n;"
    "COMMIT;", n);
  if (!annalist_store_exec (store, sql, &error))
    g_error ("%s", error->message);
  g_print ("%d events inserted in %.2f s\n", n, (g_get_monotonic_time () - start) / 1e6);
}

/* The work of a frame: from the frame clock's "before-paint" (the frame
 * starts: updates, layout, paint) to its "after-paint". The wait for the
 * frame to start (the display's refresh) is not work and is left out. */
static gint64 frame_started;
static gint64 frame_work;

static void
frame_before_paint (GdkFrameClock *clock)
{
  frame_started = g_get_monotonic_time ();
}

static void
frame_after_paint (GdkFrameClock *clock)
{
  frame_work += g_get_monotonic_time () - frame_started;
}

/* The milliseconds of frame work done until @widget has drawn. */
static double
wait_frame (GtkWidget *widget)
{
  frame_work = 0;
  gtk_test_widget_wait_for_draw (widget);
  return frame_work / 1000.0;
}

static void
bench_filter (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  AnnalistListPage *page;
  GtkWidget *window;
  const char *word = "конференция";
  double worst = 0, total = 0, worst_frame = 0, total_frame = 0;
  GdkFrameClock *clock;
  glong n_keys = g_utf8_strlen (word, -1);
  gint64 start;

  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  fill_events (store, 100000);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);

  start = g_get_monotonic_time ();
  page = annalist_list_page_new (store, annalist_kind_lookup ("event"));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (frame_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_after_paint), NULL);
  wait_frame (window);
  g_print ("list of 100 000 events shown in %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  annalist_list_page_prepare_search (page);
  g_print ("search index built (when the search bar opens) in %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0);

  if (g_getenv ("REPEAT"))
    for (int r = 0; r < 100; r++)
      {
        annalist_list_page_set_search (page, "ко");
        wait_frame (window);
        annalist_list_page_set_search (page, "кон");
        wait_frame (window);
      }
  /* Type the word one letter at a time, as the search entry passes it on. */
  for (glong i = 1; i <= n_keys; i++)
    {
      g_autofree char *prefix = g_utf8_substring (word, 0, i);
      gint64 t0 = g_get_monotonic_time ();
      double ms, ms_frame;

      annalist_list_page_set_search (page, prefix);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      ms_frame = ms + wait_frame (window);
      total += ms;
      total_frame += ms_frame;
      worst = MAX (worst, ms);
      worst_frame = MAX (worst_frame, ms_frame);
      g_print ("  keystroke %2ld «%s»: filter %6.2f ms, with the frame drawn %6.2f ms, %u shown\n",
               i, prefix, ms, ms_frame, annalist_list_page_get_count (page));
    }
  g_print ("one filter keystroke over 100 000 events: mean %.2f ms, worst %.2f ms; "
           "with the frame that shows it: mean %.2f ms, worst %.2f ms\n",
           total / n_keys, worst, total_frame / n_keys, worst_frame);

  /* For comparison: the same search done by SQLite on every keystroke. */
  {
    AnnalistQuery query = ANNALIST_QUERY_INIT;
    g_autoptr(GListModel) list = NULL;

    query.search = "конф";
    start = g_get_monotonic_time ();
    list = annalist_store_list (store, annalist_kind_lookup ("event"), &query, &error);
    g_assert_no_error (error);
    g_print ("(the same search in SQL, annalist_store_list: %.1f ms, %u found)\n",
             (g_get_monotonic_time () - start) / 1000.0, g_list_model_get_n_items (list));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *self_path = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  dir = g_dir_make_tmp ("annalist-bench-window-XXXXXX", &error);
  g_assert_no_error (error);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  if (g_getenv ("BENCH_WINDOW_FILTER_ONLY") == NULL)
    bench_start_up (self_path, dir);
  if (g_getenv ("BENCH_WINDOW_START_ONLY") == NULL)
    bench_filter (dir);

  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
    const char *name;

    while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
