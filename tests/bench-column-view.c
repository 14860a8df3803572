/* bench-column-view.c — what a GtkColumnView costs on this toolkit
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test, of GTK alone (no Annalist code): the list page's
 * table is a GtkGridView of one-widget rows because GTK 4.8's GtkColumnView
 * rebuilt its cells on every change of model (README, «What the figures owe
 * to the list page»). This measures a plain GtkColumnView of six label
 * columns over 100 000 rows, in a 1280×800 window, the way the list's
 * search changes it: a new model of 33 333 rows set, then the frame that
 * shows it (layout and drawing, from the frame clock's before-paint to its
 * after-paint), twelve times, each model other than the last. Run in both
 * CI lanes to compare (xvfb-run -a meson test -C build --benchmark
 * column-view).
 */

#include <adwaita.h>

#define N_ROWS 100000
#define N_COLUMNS 6
#define CHANGES 12

static gint64 frame_started;
static gint64 frame_work;

static void
before_paint (GdkFrameClock *clock)
{
  frame_started = g_get_monotonic_time ();
}

static void
after_paint (GdkFrameClock *clock)
{
  frame_work += g_get_monotonic_time () - frame_started;
}

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *item,
      gpointer                  column)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  /* Each column shows its own part of the row's text. */
  glong length = g_utf8_strlen (text, -1);
  glong from = MIN ((glong) GPOINTER_TO_UINT (column) * 7, length);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), g_utf8_offset_to_pointer (text, from));
}

static GtkSelectionModel *
model_of (char **rows,
          guint  offset)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = offset; i < N_ROWS; i += 3)
    gtk_string_list_append (list, rows[i]);
  return GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (list)));
}

static double
wait_frame (GtkWidget *widget)
{
  frame_work = 0;
  gtk_test_widget_wait_for_draw (widget);
  return frame_work / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char **rows = g_new0 (char *, N_ROWS + 1);
  GtkWidget *window, *scroller, *view;
  GdkFrameClock *clock;
  double total = 0, worst = 0, total_set = 0;
  GtkSelectionModel *models[3];
  gint64 start;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  for (guint i = 0; i < N_ROWS; i++)
    rows[i] = g_strdup_printf ("%s № %u, 2022-2023, ИМЦ Красносельского района, %u участников",
                               i % 2 ? "Научно-практическая конференция «Инновации»"
                                     : "Районный семинар «Наставничество в школе»", i, i % 120);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  scroller = gtk_scrolled_window_new ();
  adw_window_set_content (ADW_WINDOW (window), scroller);
  /* Made beforehand: the search's work is not the view's. */
  for (guint i = 0; i < 3; i++)
    models[i] = model_of (rows, i);
  view = gtk_column_view_new (g_object_ref (models[0]));
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = g_strdup_printf ("Column %u", c + 1);
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_fixed_width (column, 200);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_print ("GTK %u.%u.%u: a GtkColumnView of %d columns over %d rows shown in %.1f ms\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           N_COLUMNS, N_ROWS / 3, (g_get_monotonic_time () - start) / 1000.0);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  for (guint i = 1; i <= CHANGES; i++)
    {
      double set_ms, frame_ms;

      start = g_get_monotonic_time ();
      gtk_column_view_set_model (GTK_COLUMN_VIEW (view), models[i % 3]);
      set_ms = (g_get_monotonic_time () - start) / 1000.0;
      frame_ms = wait_frame (window);
      g_print ("  model %2u: set %6.2f ms, the frame that shows it %6.2f ms\n", i, set_ms, frame_ms);
      total_set += set_ms;
      total += set_ms + frame_ms;
      worst = MAX (worst, set_ms + frame_ms);
    }
  g_print ("a new model of %d rows: set mean %.2f ms; set and shown mean %.2f ms, worst %.2f ms\n",
           N_ROWS / 3, total_set / CHANGES, total / CHANGES, worst);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 3; i++)
    g_object_unref (models[i]);
  for (guint i = 0; i < N_ROWS; i++)
    g_free (rows[i]);
  return 0;
}
