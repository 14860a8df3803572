/* screenshots.c — the same pages drawn on each toolkit, for data/screenshots
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: draws the window (1024×600, the sample district) on the list
 * of events, the form of the first event, the documents page, its window
 * of template fields and a message dialog over it, and saves
 * each as OUTDIR/PAGE-gtk4.MINOR.png, with the toolkit's own renderer
 * (no screen grab: the same on Xvfb and anywhere else). Run by
 * .ci/screenshots in both lanes:
 *
 *   LC_ALL=ru_RU.UTF-8 xvfb-run -a ./build/tests/screenshots OUTDIR
 */

#include "config.h"

#include "annalist-list-page.h"
#include "annalist-ui.h"
#include "window-test.h"

static const char *outdir;

static void
save (GtkWidget  *widget,
      const char *page)
{
  int width, height;
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = g_strdup_printf ("%s-gtk%u.%u.png", page,
                                           gtk_get_major_version (), gtk_get_minor_version ());
  g_autofree char *path = g_build_filename (outdir, name, NULL);

  /* Let the page settle: data read, rows bound, animations done. */
  for (int i = 0; i < 40; i++)
    {
      g_usleep (25000);
      iterate ();
    }
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s: %d×%d\n", path, width, height);
}

static gboolean
is_search_entry (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

static void
test_pages (void)
{
  AnnalistEditor *editor;
  GtkWidget *dialog;

  annalist_window_show_section (window, "event");
  save (GTK_WIDGET (window), "list");

  annalist_list_page_open_first (list_page ());
  editor = wait_for_editor (NULL);
  save (GTK_WIDGET (editor), "form");
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (wait_for (window_gone, editor));

  annalist_window_show_section (window, "documents");
  save (GTK_WIDGET (window), "documents");

  /* The kinds and fields a template may name, opened from that page. */
  {
    GtkWidget *fields;

    gtk_widget_activate_action (GTK_WIDGET (documents_page ()), "documents.fields", NULL);
    g_assert_true (wait_for (window_named_shown, "template-fields"));
    fields = find_window_named ("template-fields");
    save (fields, "fields");
    /* Searched: the fields found, in place, with their copy buttons. */
    {
      GtkWidget *entry = find_widget (fields, is_search_entry, NULL);
      GtkWidget *bar = gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR);

      gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (bar), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (entry), "дата окончания");
      g_signal_emit_by_name (entry, "search-changed");
      save (fields, "fields-search");
    }
    gtk_window_close (GTK_WINDOW (fields));
  }

  /* A refusal, as a closed year gives one: the message dialog, which
   * newer toolkits warn about measuring. */
  {
    g_autofree char *sentence = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                                             "The academic year %s is closed: its report is signed. To change the record, "
                                                             "reopen the year: “Documents” → “Reopen the Year”."),
                                                 "2022-2023");
    annalist_ui_show_error (GTK_WIDGET (window), g_dgettext (GETTEXT_PACKAGE, "The Record Cannot Be Changed"), sentence);
  }
  g_assert_true (wait_for (window_shown, (gpointer) ADW_TYPE_MESSAGE_DIALOG));
  dialog = find_window (ADW_TYPE_MESSAGE_DIALOG);
  save (dialog, "message");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
started (void)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_unmaximize (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "screenshots", TRUE);
  outdir = argc > 1 ? argv[1] : ".";
  g_test_add_func ("/screenshots/pages", test_pages);
  return window_test_run (started);
}
