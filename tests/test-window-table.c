/* test-window-table.c — the list's table never lies
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample district's events and organisations in a 1024×600 window:
 * the table scrolls sideways with its header rather than cut a column, a
 * cut text ends in «…» and shows whole in its tooltip, a number is never
 * cut, headings wrap between words without hyphens, the totals row adds
 * up the rows shown, and a column's filter narrows the rows and clears.
 * A dragged width is remembered for the kind's next pages, and forgotten.
 * With $ANNALIST_SCREENSHOT_DIR set it saves the two lists at 1024×600
 * and 1280×800, light and dark. Run under Xvfb.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "annalist-application.h"
#include "annalist-list-page.h"
#include "annalist-record.h"
#include "annalist-table-row.h"
#include "annalist-window.h"

#include "window-test.h"

/* Event columns: the year (shown only under «All years»), the kind, the
 * title, the date, the period as written, the audience, participants. */
#define EVENT_KIND 1
#define EVENT_TITLE 2
#define EVENT_PARTICIPANTS 6

static void
resize_window (int width,
               int height)
{
  gtk_window_unmaximize (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  for (int i = 0; i < 20; i++)
    iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
show (const char *section)
{
  annalist_window_show_section (window, section);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  iterate ();
}

static GtkAdjustment *
sideways (void)
{
  GtkWidget *view = GTK_WIDGET (annalist_list_page_get_view (list_page ()));
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* The row widgets the view shows now (with a record). */
static GPtrArray *
shown_rows (void)
{
  GtkWidget *view = GTK_WIDGET (annalist_list_page_get_view (list_page ()));
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "annalist-list-item") : NULL;

      if (ANNALIST_IS_TABLE_ROW (row) && item != NULL && gtk_list_item_get_item (item) != NULL &&
          gtk_widget_get_mapped (row))
        g_ptr_array_add (rows, row);
    }
  return rows;
}

static gboolean
totals_shown (gpointer data)
{
  return annalist_list_page_get_total_text (list_page (), GPOINTER_TO_UINT (data)) != NULL;
}

/* What the participants of the rows shown add up to, and how many rows. */
static gint64
participants_shown (guint *n)
{
  GListModel *rows = annalist_list_page_get_rows (list_page ());
  gint64 total = 0;

  *n = g_list_model_get_n_items (rows);
  for (guint i = 0; i < *n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (rows, i);

      if (annalist_record_get (record, "participants") != NULL)
        total += annalist_record_get_int (record, "participants");
    }
  return total;
}

static void
assert_totals (void)
{
  g_autofree char *sum = NULL;
  g_autofree char *label = NULL;
  guint n;

  g_assert_true (wait_for (totals_shown, GUINT_TO_POINTER (EVENT_PARTICIPANTS)));
  sum = g_strdup_printf ("%" G_GINT64_FORMAT, participants_shown (&n));
  label = g_strdup_printf (_("Total (rows: %u)"), n);
  g_assert_cmpstr (annalist_list_page_get_total_text (list_page (), EVENT_PARTICIPANTS), ==, sum);
  g_assert_cmpstr (annalist_list_page_get_total_text (list_page (), EVENT_KIND), ==, label);
}

/* Tests ----------------------------------------------------------------------------- */

/* At 1024 px with the sidebar the events' and the organisations' columns
 * do not fit: the table scrolls sideways, and its header with it. */
static void
test_scrolls_sideways (void)
{
  static const char *sections[] = { "event", "organisation" };

  resize_window (1024, 600);
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      GtkAdjustment *adjustment;
      GtkWidget *header;
      graphene_point_t at;
      double end;

      show (sections[s]);
      adjustment = sideways ();
      g_test_message ("%s: %g wide in %g", sections[s], gtk_adjustment_get_upper (adjustment),
                      gtk_adjustment_get_page_size (adjustment));
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                         gtk_adjustment_get_page_size (adjustment));

      /* Scrolled to its end, the header has moved as far. */
      end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      gtk_adjustment_set_value (adjustment, end);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      header = annalist_list_page_get_header (list_page ());
      g_assert_true (gtk_widget_compute_point (header, gtk_widget_get_parent (header),
                                               &GRAPHENE_POINT_INIT (0, 0), &at));
      g_assert_cmpfloat (fabs (at.x + end), <, 1.0);
      /* As wide as the rows. */
      g_assert_cmpint (gtk_widget_get_width (header), ==,
                       (int) gtk_adjustment_get_upper (adjustment));
      gtk_adjustment_set_value (adjustment, 0);
    }
}

/* A text too long for its column ends in «…» and shows whole on hover;
 * one that fits has no tooltip. */
static void
test_cut_text (void)
{
  AnnalistListPage *page;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean any_cut = FALSE;

  resize_window (1024, 600);
  show ("event");
  page = list_page ();
  annalist_list_page_set_column_width (page, EVENT_TITLE, 120);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  rows = shown_rows ();
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      AnnalistTableRow *row = rows->pdata[i];
      const char *text = annalist_table_row_get_text (row, EVENT_TITLE);

      if (annalist_table_row_is_cut (row, EVENT_TITLE))
        {
          any_cut = TRUE;
          g_assert_cmpstr (annalist_table_row_get_tooltip (row, EVENT_TITLE), ==, text);
        }
      else if (text != NULL && strchr (text, '\n') == NULL)
        g_assert_null (annalist_table_row_get_tooltip (row, EVENT_TITLE));
    }
  g_assert_true (any_cut);
  annalist_list_page_set_column_width (page, EVENT_TITLE, 360);
}

/* No number is cut: not in the rows, not in the totals, not when its
 * column is dragged narrower than its widest number. */
static void
test_numbers_whole (void)
{
  AnnalistListPage *page;
  g_autoptr(GPtrArray) rows = NULL;

  resize_window (1024, 600);
  show ("event");
  page = list_page ();
  g_assert_true (wait_for (totals_shown, GUINT_TO_POINTER (EVENT_PARTICIPANTS)));
  annalist_list_page_set_column_width (page, EVENT_PARTICIPANTS, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  rows = shown_rows ();
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (annalist_table_row_is_cut (rows->pdata[i], EVENT_PARTICIPANTS));

  /* The column's width holds its total's text, the widest number. */
  {
    g_autoptr(PangoLayout) layout =
      gtk_widget_create_pango_layout (GTK_WIDGET (annalist_list_page_get_view (page)),
                                      annalist_list_page_get_total_text (page,
                                                                         EVENT_PARTICIPANTS));
    int width;

    pango_layout_get_pixel_size (layout, &width, NULL);
    g_assert_cmpint (annalist_list_page_get_column_width (page, EVENT_PARTICIPANTS), >=,
                     width + 2 * ANNALIST_TABLE_CELL_PADDING);
  }
}

/* The totals row adds up the rows shown, and follows a search. */
static void
test_totals (void)
{
  resize_window (1280, 800);
  show ("event");
  assert_totals ();

  annalist_list_page_set_search (list_page (), "семинар");
  iterate ();
  assert_totals ();
  annalist_list_page_set_search (list_page (), NULL);
  iterate ();
  assert_totals ();
}

/* A name column's filter narrows the rows to the values checked, the
 * header says so, the totals follow, and it clears. */
static void
test_filter (void)
{
  GtkWidget *header, *cell, *menu_button, *check;
  GtkPopover *popover;
  guint all, n;

  resize_window (1280, 800);
  show ("event");
  all = annalist_list_page_get_count (list_page ());
  g_assert_cmpuint (all, >, 1);

  /* The kind column's header holds its sort button and its filter. */
  header = annalist_list_page_get_header (list_page ());
  cell = gtk_widget_get_next_sibling (gtk_widget_get_first_child (header));
  menu_button = find_descendant (cell, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_false (gtk_widget_has_css_class (menu_button, "annalist-filtered"));

  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_true (wait_for (has_mapped_check, popover));
  check = find_widget (GTK_WIDGET (popover), is_mapped_check, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  iterate ();

  n = annalist_list_page_get_count (list_page ());
  g_assert_cmpuint (n, <, all);
  g_assert_cmpuint (n, >, 0);
  g_assert_true (gtk_widget_has_css_class (menu_button, "annalist-filtered"));
  assert_totals ();
  save_screenshot (GTK_WIDGET (popover), "table-filter-popover.png");
  save_screenshot (GTK_WIDGET (window), "table-filtered.png");
  /* Each row shown has the value checked. */
  {
    GListModel *rows = annalist_list_page_get_rows (list_page ());
    g_autoptr(AnnalistRecord) first = g_list_model_get_item (rows, 0);
    gint64 kind = annalist_record_get_int (first, "kind_id");

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(AnnalistRecord) record = g_list_model_get_item (rows, i);

        g_assert_cmpint (annalist_record_get_int (record, "kind_id"), ==, kind);
      }
  }

  /* With a search the two narrow together. */
  annalist_list_page_set_search (list_page (), "zzzz-nothing");
  iterate ();
  g_assert_cmpuint (annalist_list_page_get_count (list_page ()), ==, 0);
  annalist_list_page_set_search (list_page (), NULL);
  iterate ();
  g_assert_cmpuint (annalist_list_page_get_count (list_page ()), ==, n);

  g_signal_emit_by_name (find_button (GTK_WIDGET (popover), _("_Clear Filter")), "clicked");
  iterate ();
  g_assert_cmpuint (annalist_list_page_get_count (list_page ()), ==, all);
  g_assert_false (gtk_widget_has_css_class (menu_button, "annalist-filtered"));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_popover_popdown (popover);
  assert_totals ();
}

static gboolean
is_heading (GtkWidget *widget,
            gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading");
}

/* Headings wrap between words, with no hyphen, and their column holds
 * their longest word. */
static void
test_headings_wrap (void)
{
  AnnalistListPage *page;
  GtkWidget *header;
  guint i = 0;

  resize_window (1024, 600);
  show ("network_project");
  page = list_page ();
  header = annalist_list_page_get_header (page);
  for (GtkWidget *cell = gtk_widget_get_first_child (header); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell), i++)
    {
      GtkLabel *label = GTK_LABEL (find_widget (cell, is_heading, NULL));
      PangoAttrList *attributes = gtk_label_get_attributes (label);
      g_autoptr(PangoAttrIterator) iter = NULL;
      PangoAttrInt *hyphens;
      g_auto(GStrv) words = NULL;

      if (!gtk_widget_get_visible (cell))
        continue;
      g_assert_true (gtk_label_get_wrap (label));
      g_assert_cmpint (gtk_label_get_wrap_mode (label), ==, PANGO_WRAP_WORD);
      g_assert_nonnull (attributes);
      iter = pango_attr_list_get_iterator (attributes);
      hyphens = (PangoAttrInt *) pango_attr_iterator_get (iter, PANGO_ATTR_INSERT_HYPHENS);
      g_assert_nonnull (hyphens);
      g_assert_false (hyphens->value);

      words = g_strsplit (gtk_label_get_text (label), " ", -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label),
                                                                         words[w]);
          int width;

          pango_layout_get_pixel_size (layout, &width, NULL);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >=, width);
        }
    }
}

/* The two widest lists, for the eye (with $ANNALIST_SCREENSHOT_DIR). */
static void
test_screenshots (void)
{
  static const struct { int width, height; } sizes[] = { { 1024, 600 }, { 1280, 800 } };
  static const char *sections[] = { "event", "organisation" };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("No $ANNALIST_SCREENSHOT_DIR");
      return;
    }
  for (int dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
          {
            g_autofree char *name = g_strdup_printf ("table-%s-%dx%d%s.png", sections[s],
                                                     sizes[z].width, sizes[z].height,
                                                     dark ? "-dark" : "");

            resize_window (sizes[z].width, sizes[z].height);
            show (sections[s]);
            for (int i = 0; i < 5; i++)
              iterate ();
            save_screenshot (GTK_WIDGET (window), name);
          }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The widths remembered for @kind in the settings ("" when none). */
static char *
remembered (const char *kind)
{
  GSettings *settings =
    annalist_application_get_settings (ANNALIST_APPLICATION (g_application_get_default ()));
  g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");
  char *text = NULL;

  if (!g_variant_lookup (widths, kind, "s", &text))
    return g_strdup ("");
  return text;
}

/* A dragged width is kept in the settings when the drag ends, a new page
 * of the kind (as after a restart) has it, and a reset forgets it. */
static void
test_widths_remembered (void)
{
  AnnalistListPage *page, *other;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;

  resize_window (1024, 600);
  show ("event");
  page = list_page ();

  /* A drag's motion changes the page only; its end remembers. */
  annalist_list_page_set_column_width (page, EVENT_TITLE, 300);
  g_assert_null (strstr (remembered ("event"), "title:"));
  annalist_list_page_remember_column_widths (page);
  text = remembered ("event");
  g_assert_nonnull (strstr (text, "title:300"));
  /* A number column is still never cut: its remembered width is the
   * dragged one, but it stays as wide as its widest number. */
  annalist_list_page_set_column_width (page, EVENT_PARTICIPANTS, 10);
  annalist_list_page_remember_column_widths (page);
  g_clear_pointer (&text, g_free);
  text = remembered ("event");
  g_assert_nonnull (strstr (text, "participants:48"));

  other = g_object_ref_sink (annalist_list_page_new (annalist_list_page_get_store (page),
                                                     annalist_list_page_get_kind (page)));
  g_assert_cmpint (annalist_list_page_get_column_width (other, EVENT_TITLE), ==, 300);
  g_assert_cmpint (annalist_list_page_get_column_width (other, EVENT_PARTICIPANTS), >=, 48);
  g_object_unref (other);

  /* The reset (a double-click on the edge) forgets it: a new page has
   * its width from the content again. */
  annalist_list_page_reset_column_width (page, EVENT_TITLE);
  annalist_list_page_reset_column_width (page, EVENT_PARTICIPANTS);
  after = remembered ("event");
  g_assert_cmpstr (after, ==, "");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, EVENT_TITLE), !=, 300);
  other = g_object_ref_sink (annalist_list_page_new (annalist_list_page_get_store (page),
                                                     annalist_list_page_get_kind (page)));
  g_assert_cmpint (annalist_list_page_get_column_width (other, EVENT_TITLE), !=, 300);
  g_object_unref (other);
}

static gboolean
is_shown_status_page (GtkWidget *widget,
                      gpointer   data)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

/* An empty list says why, with an icon that fits: a magnifier when a
 * search found nothing, not the «new document» of a list to add to. */
static void
test_empty_states (void)
{
  AdwStatusPage *empty;

  annalist_window_show_section (window, "event");
  annalist_list_page_set_year (list_page (), ANNALIST_ALL_YEARS);
  annalist_list_page_set_search (list_page (), "zzzz-nothing");
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  empty = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (window), is_shown_status_page, NULL));
  g_assert_nonnull (empty);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, _("Nothing Found"));
  g_assert_cmpstr (adw_status_page_get_icon_name (empty), ==, "system-search-symbolic");
  save_screenshot (GTK_WIDGET (window), "empty-search.png");

  annalist_list_page_set_search (list_page (), NULL);
  annalist_list_page_set_year (list_page (), 2040);
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  empty = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (window), is_shown_status_page, NULL));
  g_assert_nonnull (empty);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, _("No Records for This Year"));
  g_assert_cmpstr (adw_status_page_get_icon_name (empty), ==, "document-new-symbolic");
  annalist_list_page_set_year (list_page (), ANNALIST_ALL_YEARS);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-table", TRUE);

  /* First: the others drag columns. */
  g_test_add_func ("/table/screenshots", test_screenshots);
  g_test_add_func ("/table/scrolls-sideways", test_scrolls_sideways);
  g_test_add_func ("/table/cut-text", test_cut_text);
  g_test_add_func ("/table/numbers-whole", test_numbers_whole);
  g_test_add_func ("/table/totals", test_totals);
  g_test_add_func ("/table/filter", test_filter);
  g_test_add_func ("/table/headings-wrap", test_headings_wrap);
  g_test_add_func ("/table/widths-remembered", test_widths_remembered);
  g_test_add_func ("/table/empty-states", test_empty_states);

  return window_test_run (NULL);
}
