/* test-window-entries.c — a competition's entries typed in its form's
 * table, and an event's organisations ticked in one searchable list
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the sample district (window-test.c): the real forms, their real
 * cells and rows, and what the store holds after Save.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-editor.h"
#include "annalist-history.h"
#include "annalist-window.h"

#include "window-test.h"

static AnnalistStore *
store (void)
{
  return annalist_window_get_store (window);
}

/* The record of @kind whose @column says @value. */
static AnnalistRecord *
find_record (const char *kind_name,
             const char *column,
             const char *value)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = annalist_store_list (store (), annalist_kind_lookup (kind_name),
                                                       &query, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);

      if (g_strcmp0 (annalist_record_get_string (record, column), value) == 0)
        return g_steal_pointer (&record);
    }
  g_error ("No %s with %s «%s»", kind_name, column, value);
}

static gint64
find_id (const char *kind_name,
         const char *column,
         const char *value)
{
  g_autoptr(AnnalistRecord) record = find_record (kind_name, column, value);

  return annalist_record_get_id (record);
}

static AnnalistEditor *
open_form (AnnalistRecord *record)
{
  AnnalistEditor *editor = annalist_editor_new (store (), record,
                                                annalist_window_get_year (window),
                                                GTK_WINDOW (window));

  /* Within xvfb-run's 640×480 screen: a popover asks for the monitor
   * its window is on. */
  gtk_window_set_default_size (GTK_WINDOW (editor), 620, 460);
  gtk_window_present (GTK_WINDOW (editor));
  return wait_for_editor (NULL);
}

/* Shots of @editor at the sizes the issue names: the window at its size,
 * the form as a window that size has it. */
static gboolean in_view (gpointer widget);

static void
shoot (AnnalistEditor *editor,
       const char     *name,
       GtkWidget      *focus)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };

  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%dx%d.png", name, sizes[i][0], sizes[i][1]);

      /* The form is a dialog over the window: as wide as it can be in
       * a 1024 px screen, 860 px where there is room. */
      gtk_window_set_default_size (GTK_WINDOW (editor), MIN (860, sizes[i][0] - 40),
                                   sizes[i][1] - 60);
      gtk_widget_queue_resize (GTK_WIDGET (editor));
      iterate ();
      if (focus != NULL)
        {
          gtk_widget_grab_focus (focus);
          wait_for (in_view, focus);
        }
      save_screenshot (GTK_WIDGET (editor), file);
    }
}

/* The same for a form with @button's popover open: resized closed. */
static void
shoot_popover (AnnalistEditor *editor,
               const char     *name,
               GtkWidget      *button)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };

  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%dx%d.png", name, sizes[i][0], sizes[i][1]);

      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
      gtk_window_set_default_size (GTK_WINDOW (editor), MIN (860, sizes[i][0] - 40),
                                   sizes[i][1] - 60);
      gtk_widget_queue_resize (GTK_WIDGET (editor));
      iterate ();
      gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
      gtk_widget_grab_focus (button);
      wait_for (in_view, button);
      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      iterate ();
      gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_menu_button_get_popover (
                                                   GTK_MENU_BUTTON (button))));
      /* The popover is a surface of its own: the screen, not the form. */
      {
        g_autofree char *path = g_build_filename (g_getenv ("ANNALIST_SCREENSHOT_DIR"), file,
                                                  NULL);
        g_autofree char *command = g_strdup_printf ("import -window root %s", path);

        if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
          save_screenshot (GTK_WIDGET (editor), file);
      }
    }
}

static gint64
entries_of (gint64 competition)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;

  query.parent_id = competition;
  return annalist_store_count (store (), annalist_kind_lookup ("competition_entry"), &query,
                               NULL);
}

/* The entry of @competition from @organisation, or NULL. */
static AnnalistRecord *
entry_from (gint64 competition,
            gint64 organisation)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;

  query.parent_id = competition;
  records = annalist_store_list (store (), annalist_kind_lookup ("competition_entry"), &query,
                                 NULL);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);

      if (annalist_record_get_int (record, "organisation_id") == organisation)
        return g_steal_pointer (&record);
    }
  return NULL;
}

static void
type_cell (AnnalistEditor *editor,
           guint           row,
           const char     *column,
           const char     *text)
{
  GtkWidget *cell = annalist_editor_get_entry_cell (editor, row, column);

  g_assert_nonnull (cell);
  gtk_editable_set_text (GTK_EDITABLE (cell), text);
  iterate ();
}

static const char *
save_tooltip (AnnalistEditor *editor)
{
  return gtk_widget_get_tooltip_text (annalist_editor_get_save_button (editor));
}

static gboolean
focus_is_in (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The window has scrolled @widget into view (as it follows the focus). */
static gboolean
in_view (gpointer widget)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (widget, root, &bounds) && bounds.origin.y >= 0 &&
         bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (root) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (root);
}

static gboolean
suggestions_shown (gpointer cell)
{
  return gtk_widget_get_visible (g_object_get_data (G_OBJECT (cell), "annalist-suggestions"));
}

#define IMPULSE "Районный конкурс продуктов инновационной деятельности «Импульс»"

static void
test_entries_typed (void)
{
  g_autoptr(AnnalistRecord) competition = find_record ("competition", "name", IMPULSE);
  gint64 id = annalist_record_get_id (competition);
  gint64 before = entries_of (id);
  gint64 school_383 = find_id ("organisation", "short_name", "Школа № 383");
  gint64 school_54 = find_id ("organisation", "short_name", "Школа № 54");
  g_autoptr(AnnalistRecord) by_number = NULL;
  g_autoptr(AnnalistRecord) by_name = NULL;
  AnnalistEditor *editor;
  GtkWidget *cell;

  g_assert_cmpint (before, >, 5);
  editor = open_form (competition);
  /* One row per entry, and the empty one to type the next into. */
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, before + 1);
  g_assert_true (can_save (editor));
  g_assert_false (annalist_editor_is_modified (editor));
  shoot (editor, "competition-entries", annalist_editor_get_entry_cell (editor, 0,
                                                                      "organisation_id"));

  /* By number: «383» is Школа № 383. Typing into the empty row adds the
   * next one. */
  type_cell (editor, before, "organisation_id", "383");
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, before + 2);
  type_cell (editor, before, "title", "Финансовая грамотность в 5–9 классах");
  cell = annalist_editor_get_entry_cell (editor, before, "result_id");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cell), 1);
  iterate ();
  g_assert_true (can_save (editor));
  g_assert_true (annalist_editor_is_modified (editor));

  /* Tab from the last cell of that row goes to the new row's first. */
  gtk_widget_grab_focus (annalist_editor_get_entry_cell (editor, before, NULL));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_is_in (annalist_editor_get_entry_cell (editor, before + 1,
                                                              "organisation_id")));

  /* Part of a name lists the matches under the cell; Tab takes the
   * first and moves on. */
  cell = annalist_editor_get_entry_cell (editor, before + 1, "organisation_id");
  gtk_widget_grab_focus (cell);
  g_assert_true (wait_for (in_view, cell));
  gtk_editable_set_text (GTK_EDITABLE (cell), "ШКОЛА № 38");
  g_assert_true (wait_for (suggestions_shown, cell));
  g_assert_false (press_key (cell, GDK_KEY_Tab));
  /* The first match's short name («Школа № 380»), as it is written. */
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (cell)), "Школа № 38"));
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (cell))), >,
                    strlen ("Школа № 38"));
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (cell),
                                                             "annalist-suggestions")));

  /* «54» is a school and a kindergarten: refused with a sentence. */
  type_cell (editor, before + 1, "organisation_id", "54");
  g_assert_false (can_save (editor));
  {
    g_autofree char *sentence = g_strdup_printf (_("More than one organisation has the number "
                                                   "“%s”: type its short name."), "54");
    g_assert_nonnull (strstr (save_tooltip (editor), sentence));
  }
  /* By its short name, typed in lower case. */
  type_cell (editor, before + 1, "organisation_id", "школа № 54");
  g_assert_true (can_save (editor));

  /* A name that is no organisation's: the sentence names the row and
   * the field, and the cell is marked once left. */
  type_cell (editor, before + 2, "organisation_id", "Школа № 9999");
  g_assert_false (can_save (editor));
  {
    g_autofree char *problem = g_strdup_printf (_("“%s”: no organisation is called “%s”; type "
                                                  "its short name or its number."),
                                                _("Organisation"), "Школа № 9999");
    g_autofree char *sentence = g_strdup_printf (_("Row %u: %s"), (guint) before + 3, problem);
    g_autofree char *start = g_strndup (sentence, strlen (sentence) - 20);

    g_assert_cmpstr (save_tooltip (editor), ==, sentence);
    gtk_widget_grab_focus (annalist_editor_get_entry_cell (editor, before + 2,
                                                           "organisation_id"));
    gtk_widget_grab_focus (annalist_editor_get_entry_cell (editor, before + 2, "title"));
    iterate ();
    g_assert_nonnull (find_widget (GTK_WIDGET (editor), is_label_saying, start));
  }
  g_assert_true (gtk_widget_has_css_class (annalist_editor_get_entry_cell (editor, before + 2,
                                                                           "organisation_id"),
                                           "error"));
  /* Emptied again, the row is the empty one: nothing to save. */
  type_cell (editor, before + 2, "organisation_id", "");
  g_assert_true (can_save (editor));

  /* Nothing is written before Save; then all in one transaction. */
  g_assert_cmpint (entries_of (id), ==, before);
  save_editor (editor);
  g_assert_cmpint (entries_of (id), ==, before + 2);
  by_number = entry_from (id, school_383);
  g_assert_nonnull (by_number);
  g_assert_cmpstr (annalist_record_get_string (by_number, "title"), ==,
                   "Финансовая грамотность в 5–9 классах");
  g_assert_cmpint (annalist_record_get_int (by_number, "result_id"), >, 0);
  by_name = entry_from (id, school_54);
  g_assert_nonnull (by_name);

  /* One Save, one step of Undo: the competition and both rows. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (annalist_store_undo (store (), 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (entries_of (id), ==, before);
    g_assert_true (annalist_store_redo (store (), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (entries_of (id), ==, before + 2);
  }
}

static gboolean
is_searching (GtkWidget *widget,
              gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

static gboolean
is_shown_row (GtkWidget *widget,
              gpointer   data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_child_visible (widget) &&
         gtk_widget_get_visible (widget);
}

static AnnalistEditor *shown_editor;

static gboolean
editor_toast_says (gpointer text)
{
  return find_widget (GTK_WIDGET (shown_editor), is_label_saying, text) != NULL;
}

static void
test_entry_removed (void)
{
  g_autoptr(AnnalistRecord) competition = find_record ("competition", "name", IMPULSE);
  gint64 id = annalist_record_get_id (competition);
  gint64 before = entries_of (id);
  AnnalistEditor *editor = open_form (competition);
  GtkWidget *cell;

  /* Delete on a choice removes its row at once, the toast offers Undo. */
  cell = annalist_editor_get_entry_cell (editor, 0, "result_id");
  gtk_widget_grab_focus (cell);
  g_assert_true (press_key (gtk_widget_get_parent (cell), GDK_KEY_Delete));
  iterate ();
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, before);
  g_assert_true (annalist_editor_is_modified (editor));
  shown_editor = editor;
  {
    g_autofree char *said = g_strdup_printf (_("Row %u (%s) removed; it is deleted when the "
                                               "competition is saved"), 1, "");
    g_autofree char *start = g_strndup (said, strstr (said, "(") - said);

    g_assert_true (wait_for (editor_toast_says, start));
  }
  g_signal_emit_by_name (find_button (GTK_WIDGET (editor), _("_Undo")), "clicked");
  iterate ();
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, before + 1);
  g_assert_false (annalist_editor_is_modified (editor));

  /* The row's own button does the same; the entry goes with Save. */
  g_signal_emit_by_name (annalist_editor_get_entry_cell (editor, 1, NULL), "clicked");
  iterate ();
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, before);
  g_assert_true (annalist_editor_is_modified (editor));
  save_editor (editor);
  g_assert_cmpint (entries_of (id), ==, before - 1);
}

static void
test_organisations_ticked (void)
{
  g_autoptr(AnnalistRecord) event = annalist_record_new (annalist_kind_lookup ("event"));
  gint64 knmc = find_id ("organisation", "short_name", "КНМЦ");
  gint64 school_383 = find_id ("organisation", "short_name", "Школа № 383");
  gint64 kindergarten_12 = find_id ("organisation", "short_name", "Детский сад № 12");
  AnnalistEditor *editor = open_form (event);
  GtkWidget *chooser = annalist_editor_get_input (editor, "presenters");
  GtkPopover *popover;
  GtkWidget *search, *row;
  GVariant *chosen;
  const gint64 *ids;
  gsize n = 0;

  g_assert_true (GTK_IS_MENU_BUTTON (chooser));
  /* As Tab comes to it: the form scrolls to it. */
  gtk_widget_grab_focus (chooser);
  g_assert_true (wait_for (in_view, chooser));
  gtk_menu_button_popup (GTK_MENU_BUTTON (chooser));
  iterate ();
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (chooser));
  search = find_widget (GTK_WIDGET (popover), is_searching, NULL);
  /* The popover takes the focus once shown: a loaded machine needs more
   * than one turn of the main loop. */
  g_assert_true (wait_for (focus_is_in, search));

  /* «казенное» finds «Муниципальное казённое учреждение …». */
  gtk_editable_set_text (GTK_EDITABLE (search), "КАЗЕННОЕ");
  g_signal_emit_by_name (search, "search-changed");
  iterate ();
  row = find_widget (GTK_WIDGET (popover), is_shown_row, NULL);
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, is_label_saying, "КНМЦ"));
  /* Enter ticks the first found; the search starts over. */
  g_signal_emit_by_name (search, "activate");
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");

  /* Down goes into the rows; Space ticks the focused one. */
  gtk_editable_set_text (GTK_EDITABLE (search), "школа № 383");
  g_signal_emit_by_name (search, "search-changed");
  iterate ();
  g_assert_true (press_key (search, GDK_KEY_Down));
  row = find_widget (GTK_WIDGET (popover), is_shown_row, NULL);
  g_assert_true (focus_is_in (row));
  g_assert_true (press_key (gtk_widget_get_parent (row), GDK_KEY_space));
  iterate ();
  gtk_editable_set_text (GTK_EDITABLE (search), "Детский сад № 12 ");
  g_signal_emit_by_name (search, "search-changed");
  iterate ();
  g_signal_emit_by_name (search, "activate");
  iterate ();
  {
    g_autofree char *three = g_strdup_printf (_("Chosen: %u"), 3);
    g_assert_nonnull (find_widget (GTK_WIDGET (popover), is_label_saying, three));
  }
  shoot_popover (editor, "event-organisations", chooser);
  gtk_popover_popdown (popover);
  iterate ();

  choose_in_combo (editor, "kind_id", 1);
  type_into (editor, "title", "Семинар «Сетевое взаимодействие»");
  type_into (editor, "date_start", "15.11.2022");
  save_editor (editor);

  {
    g_autoptr(AnnalistRecord) saved = find_record ("event", "title",
                                                   "Семинар «Сетевое взаимодействие»");
    g_autoptr(AnnalistRecord) loaded = annalist_store_load (store (),
                                                           annalist_kind_lookup ("event"),
                                                           annalist_record_get_id (saved), NULL);

    chosen = annalist_record_get (loaded, "presenters");
    ids = g_variant_get_fixed_array (chosen, &n, sizeof (gint64));
    g_assert_cmpuint (n, ==, 3);
    for (gsize i = 0; i < n; i++)
      g_assert_true (ids[i] == knmc || ids[i] == school_383 || ids[i] == kindergarten_12);
  }
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-entries", TRUE);
  g_test_add_func ("/window-entries/typed", test_entries_typed);
  g_test_add_func ("/window-entries/removed", test_entry_removed);
  g_test_add_func ("/window-entries/organisations", test_organisations_ticked);
  return window_test_run (NULL);
}
