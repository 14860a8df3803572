/* test-window-keys.c — the window by keyboard, the search across all
 * lists, «Open» that fails, the documents page of an empty year
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the sample district. Keys go through the window's own key
 * controller, as GTK delivers them before the focused widget sees them.
 * The environment has no application for any file (XDG_DATA_DIRS holds
 * the icons and the MIME database, no .desktop file): «Open» fails as on
 * a desktop without an office suite.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-exporter.h"
#include "annalist-file-dialog.h"
#include "annalist-find-all.h"
#include "annalist-list-page.h"
#include "annalist-ui.h"
#include "annalist-window-private.h"
#include "annalist-window-keys.h"
#include "window-test.h"

static GtkWidget *
focus (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_in (GtkWidget *widget)
{
  GtkWidget *f = focus ();

  return f != NULL && (f == widget || gtk_widget_is_ancestor (f, widget));
}

/* The focus on a row of the list shown (not the view alone, not the
 * headers). */
static gboolean
focus_on_row (gpointer data)
{
  GtkWidget *page = annalist_window_get_page (window);
  GtkWidget *view, *f = focus ();

  if (page == NULL || !ANNALIST_IS_LIST_PAGE (page) || f == NULL)
    return FALSE;
  view = GTK_WIDGET (annalist_list_page_get_view (ANNALIST_LIST_PAGE (page)));
  return f != view && gtk_widget_is_ancestor (f, view);
}

/* @keyval with @state through the window's key controller. */
static gboolean
press (guint           keyval,
       GdkModifierType state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "annalist-window-keys") == 0)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          iterate ();
          return handled;
        }
    }
  g_assert_not_reached ();
}

static GtkListBoxRow *
sidebar_row (const char *section)
{
  GtkListBox *sidebar = annalist_window_get_sidebar (window);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, i);

      g_assert_nonnull (row);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section"), section) == 0)
        return row;
    }
}

/* Focus ------------------------------------------------------------------------------- */

static void
test_focus_at_start (void)
{
  /* The window opened on the organisations, the focus in their rows. */
  g_assert_cmpstr (annalist_window_get_section (window), ==, "organisation");
  g_assert_true (wait_for (focus_on_row, NULL));
}

static void
test_focus_after_page_switch (void)
{
  GtkListBoxRow *row = sidebar_row ("event");
  GtkWidget *sidebar = gtk_widget_get_parent (GTK_WIDGET (row));

  /* Chosen in the sidebar (Enter on its row, as a click does). */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_signal_emit_by_name (sidebar, "row-activated", row);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "event");
  g_assert_true (wait_for (focus_on_row, NULL));

  /* Ctrl+Page Down: the next section, the focus in its rows. */
  g_assert_true (press (GDK_KEY_Page_Down, GDK_CONTROL_MASK));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "programme");
  g_assert_true (wait_for (focus_on_row, NULL));
  /* Ctrl+Page Up: back. */
  g_assert_true (press (GDK_KEY_Page_Up, GDK_CONTROL_MASK));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "event");
  g_assert_true (wait_for (focus_on_row, NULL));

  /* At the very first section Ctrl+Page Up stays. */
  annalist_window_show_section (window, "organisation");
  g_assert_true (press (GDK_KEY_Page_Up, GDK_CONTROL_MASK));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "organisation");
}

/* «Documents» chosen in the sidebar: the focus on the first document
 * (Enter exports it), not on «Close the Academic Year…» above the documents,
 * which one Enter too many would start. */
static void
test_focus_on_documents (void)
{
  GtkListBoxRow *row = sidebar_row ("documents");
  GtkWidget *sidebar = gtk_widget_get_parent (GTK_WIDGET (row));
  AdwActionRow *first;
  GtkWidget *focus;

  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_signal_emit_by_name (sidebar, "row-activated", row);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "documents");
  first = annalist_documents_page_get_row (ANNALIST_DOCUMENTS_PAGE (annalist_window_get_page (window)),
                                           "annual-report");
  g_assert_nonnull (first);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  /* The row, whose Enter exports, or its button. */
  g_assert_true (focus == GTK_WIDGET (first) || gtk_widget_is_ancestor (focus, GTK_WIDGET (first)));
  save_screenshot (GTK_WIDGET (window), "documents-focus.png");
}

/* Tab on a section of the sidebar leaves the sidebar, to the page's
 * header; Shift+Tab to the main menu — not a Tab for each section. */
static void
test_tab_leaves_sidebar (void)
{
  GtkListBoxRow *row = sidebar_row ("event");
  GtkWidget *sidebar = GTK_WIDGET (annalist_window_get_sidebar (window));
  GtkWidget *content = annalist_window_get_content_box (window);
  GtkListBoxRow *other = sidebar_row ("programme");
  GtkWidget *focus;

  annalist_window_show_section (window, "event");
  /* Down moved the sidebar's selection to the next section, not shown. */
  gtk_widget_grab_focus (GTK_WIDGET (other));
  gtk_list_box_select_row (GTK_LIST_BOX (sidebar), other);
  g_assert_true (press (GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, sidebar));
  g_assert_true (gtk_widget_is_ancestor (focus, content));
  /* Left, the sidebar says again which section is shown. */
  g_assert_cmpstr (annalist_window_get_section (window), ==, "event");
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar)) == row);

  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (press (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, sidebar));
  g_assert_false (gtk_widget_is_ancestor (focus, content));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON));
}

static void
test_f6 (void)
{
  GtkListBoxRow *row;

  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (wait_for (focus_on_row, NULL));
  row = sidebar_row ("event");

  /* To the sidebar's selected section… */
  g_assert_true (press (GDK_KEY_F6, 0));
  g_assert_true (focus () == GTK_WIDGET (row));
  /* …and back into the rows. */
  g_assert_true (press (GDK_KEY_F6, 0));
  g_assert_true (focus_on_row (NULL));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "event");
  /* Shift+F6 the same. */
  g_assert_true (press (GDK_KEY_F6, GDK_SHIFT_MASK));
  g_assert_true (focus () == GTK_WIDGET (row));
  g_assert_true (press (GDK_KEY_F6, GDK_SHIFT_MASK));
  g_assert_true (focus_on_row (NULL));
}

static void
test_tab_from_search (void)
{
  GtkWidget *entry = annalist_window_get_search_entry (window);
  AnnalistListPage *page;
  GtkWidget *header, *view;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = list_page ();
  header = annalist_list_page_get_header (page);
  view = GTK_WIDGET (annalist_list_page_get_view (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (focus_in (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "конференц");

  /* Tab: the rows (of what was typed), not the five column headers. */
  g_assert_true (press (GDK_KEY_Tab, 0));
  g_assert_true (focus_on_row (NULL));
  g_assert_false (focus_in (header));
  g_assert_nonnull (annalist_list_page_get_selected (page));
  /* One more Tab: the column headers. */
  g_assert_true (press (GDK_KEY_Tab, 0));
  g_assert_true (focus_in (header));
  /* One more: out of the page. */
  g_assert_true (press (GDK_KEY_Tab, 0));
  g_assert_false (focus_in (GTK_WIDGET (page)));

  /* And back: headers → rows → search. */
  g_assert_true (gtk_widget_child_focus (header, GTK_DIR_TAB_FORWARD));
  g_assert_true (press (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_true (focus_in (view));
  g_assert_true (press (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_true (focus_in (entry));

  /* The search closed (Escape): the focus back in the rows, not lost. */
  g_signal_emit_by_name (entry, "stop-search");
  iterate ();
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR))));
  g_assert_true (wait_for (focus_on_row, NULL));
}

/* Ctrl+E exports what the page shows: on a list, «Export the List». */
static void
test_ctrl_e_on_a_list (void)
{
  AdwMessageDialog *dialog;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = wait_for_dialog_headed (_("Export the List"));
  respond (dialog, "cancel");
}

/* Search across all lists ------------------------------------------------------------- */

static gboolean
editor_of (gpointer id)
{
  AnnalistEditor *editor = find_window (ANNALIST_TYPE_EDITOR);

  return editor != NULL &&
         annalist_record_get_id (annalist_editor_get_record (editor)) == *(gint64 *) id;
}

static void
test_find_all (void)
{
  AnnalistFindAll *find;
  GtkListBoxRow *row;
  GtkWidget *entry;
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  const char *previous = NULL;
  gint64 first_id;
  const char *first_kind;
  guint n = 0;

  /* From any page, also one without a list. */
  annalist_window_show_section (window, "documents");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-all", NULL));
  g_assert_true (wait_for (window_shown, (gpointer) ANNALIST_TYPE_FIND_ALL));
  find = find_window (ANNALIST_TYPE_FIND_ALL);
  entry = annalist_find_all_get_entry (find);
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (find)), entry));

  /* Typed with «е» and in lower case: the records with «Распределённая». */
  gtk_editable_set_text (GTK_EDITABLE (entry), "распределенная");
  annalist_find_all_search_now (find);
  save_screenshot (GTK_WIDGET (find), "find-all");
  for (row = annalist_find_all_get_result (find, 0); row != NULL;
       row = annalist_find_all_get_result (find, ++n))
    {
      const char *kind = g_object_get_data (G_OBJECT (row), "annalist-kind");
      const gint64 *id = g_object_get_data (G_OBJECT (row), "annalist-id");
      g_autofree char *sql = NULL;

      g_assert_nonnull (annalist_kind_lookup (kind));
      g_assert_nonnull (id);
      /* Grouped: a kind's records together, the first of each headed by
       * the kind's name. */
      if (g_strcmp0 (kind, previous) != 0)
        {
          GtkWidget *header = gtk_list_box_row_get_header (row);

          g_assert_false (g_hash_table_contains (kinds, kind));
          g_hash_table_add (kinds, (gpointer) kind);
          g_assert_true (GTK_IS_LABEL (header));
          g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (header)),
                                           _(annalist_kind_lookup (kind)->label)));
        }
      else
        g_assert_null (gtk_list_box_row_get_header (row));
      previous = kind;
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_true (g_hash_table_contains (kinds, "event"));

  /* A name in several lists: a group for each kind, in the order of the
   * kinds, the organisations first. */
  {
    GtkListBoxRow *first;
    guint groups = 0;

    gtk_editable_set_text (GTK_EDITABLE (entry), "ГИМНАЗИЯ");
    annalist_find_all_search_now (find);
    save_screenshot (GTK_WIDGET (find), "find-all-kinds");
    first = annalist_find_all_get_result (find, 0);
    g_assert_nonnull (first);
    g_assert_cmpstr (g_object_get_data (G_OBJECT (first), "annalist-kind"), ==, "organisation");
    for (guint i = 0; (row = annalist_find_all_get_result (find, i)) != NULL; i++)
      if (gtk_list_box_row_get_header (row) != NULL)
        groups++;
    g_assert_cmpuint (groups, >=, 2);
  }

  /* Case, «ё» and quotes aside, the same as in capitals with «ё». */
  {
    guint again = 0;

    gtk_editable_set_text (GTK_EDITABLE (entry), "«РАСПРЕДЕЛЁННАЯ»");
    annalist_find_all_search_now (find);
    while (annalist_find_all_get_result (find, again) != NULL)
      again++;
    g_assert_cmpuint (again, ==, n);
  }

  /* Nothing found says so. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "нет такого нигде");
  annalist_find_all_search_now (find);
  g_assert_null (annalist_find_all_get_result (find, 0));
  g_assert_nonnull (find_widget (GTK_WIDGET (find), is_label_saying, (gpointer) _("Nothing Found")));

  /* Enter opens the first record found in its form. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "распределенная");
  annalist_find_all_search_now (find);
  row = annalist_find_all_get_result (find, 0);
  first_id = *(gint64 *) g_object_get_data (G_OBJECT (row), "annalist-id");
  first_kind = g_object_get_data (G_OBJECT (row), "annalist-kind");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wait_for (editor_of, &first_id));
  {
    AnnalistEditor *editor = find_window (ANNALIST_TYPE_EDITOR);

    g_assert_cmpstr (annalist_record_get_kind (annalist_editor_get_record (editor))->name, ==,
                     first_kind);
    g_assert_true (wait_for (window_gone, find));
    gtk_window_close (GTK_WINDOW (editor));
    g_assert_true (wait_for (window_gone, editor));
  }
}

/* The filter popover ---------------------------------------------------------------- */

/* An arrow key on the focus, as GTK delivers it: the key controllers
 * first; what none takes moves the focus in the window (GtkText does that
 * with Up and Down, GtkWindow with the other arrows). */
static void
arrow (guint keyval)
{
  GtkDirectionType direction = keyval == GDK_KEY_Down ? GTK_DIR_DOWN : GTK_DIR_UP;

  if (!press_key_on_focus (focus (), keyval))
    gtk_widget_child_focus (GTK_WIDGET (window), direction);
  iterate ();
}

/* Tab on the focus in @popover, as GTK delivers it: the key controllers
 * first (the window's own), then the popover's key binding. */
static void
tab (GtkWidget *popover)
{
  if (!press_key_on_focus (focus (), GDK_KEY_Tab))
    gtk_widget_child_focus (popover, GTK_DIR_TAB_FORWARD);
  iterate ();
}

/* The checks of @popover shown, in order. */
static GPtrArray *
checks_shown (GtkWidget *popover)
{
  GPtrArray *checks = g_ptr_array_new ();
  GtkWidget *list = find_descendant (popover, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = find_descendant (row, GTK_TYPE_CHECK_BUTTON);

      if (check != NULL && gtk_widget_get_mapped (check))
        g_ptr_array_add (checks, check);
    }
  return checks;
}

static gboolean
no_check_shown (gpointer popover)
{
  g_autoptr(GPtrArray) checks = checks_shown (popover);

  return checks->len == 0;
}

/* In a column's filter, Up and Down go from control to control (the
 * search, each value's check, Clear), never to the scrolled window around
 * the checks; nor does Tab, when the search hides every value. */
static void
test_filter_popover_keys (void)
{
  GtkWidget *header, *cell, *menu_button, *search, *clear;
  g_autoptr(GPtrArray) checks = NULL;
  GtkPopover *popover;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  header = annalist_list_page_get_header (list_page ());
  cell = gtk_widget_get_next_sibling (gtk_widget_get_first_child (header));
  menu_button = find_descendant (cell, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_true (wait_for (has_mapped_check, popover));
  search = find_descendant (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
  clear = find_button (GTK_WIDGET (popover), _("_Clear Filter"));
  g_assert_nonnull (clear);
  checks = checks_shown (GTK_WIDGET (popover));
  g_assert_cmpuint (checks->len, >=, 2);

  g_assert_true (gtk_widget_grab_focus (search));
  g_assert_true (focus_in (search));
  /* Down: each check in turn, then Clear, and no further. */
  for (guint i = 0; i < checks->len; i++)
    {
      arrow (GDK_KEY_Down);
      g_assert_true (focus () == g_ptr_array_index (checks, i));
    }
  arrow (GDK_KEY_Down);
  g_assert_true (focus () == clear);
  arrow (GDK_KEY_Down);
  g_assert_true (focus () == clear);
  /* Up: back the same way, to the search. */
  for (guint i = checks->len; i > 0; i--)
    {
      arrow (GDK_KEY_Up);
      g_assert_true (focus () == g_ptr_array_index (checks, i - 1));
    }
  arrow (GDK_KEY_Up);
  g_assert_true (focus_in (search));
  /* Tab: the same stops, within the popover. */
  for (guint i = 0; i < checks->len; i++)
    {
      tab (GTK_WIDGET (popover));
      g_assert_true (focus () == g_ptr_array_index (checks, i));
    }
  tab (GTK_WIDGET (popover));
  g_assert_true (focus () == clear);
  /* Round, as in any popover: Tab from Clear to the search. */
  tab (GTK_WIDGET (popover));
  g_assert_true (focus_in (search));

  /* A search that hides every value: Down and Tab go to Clear. */
  gtk_editable_set_text (GTK_EDITABLE (search), "zzzz-nothing");
  g_assert_true (wait_for (no_check_shown, popover));
  arrow (GDK_KEY_Down);
  g_assert_true (focus () == clear);
  g_assert_true (gtk_widget_grab_focus (search));
  tab (GTK_WIDGET (popover));
  g_assert_true (focus () == clear);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  gtk_popover_popdown (popover);
}

/* «Open» that fails ------------------------------------------------------------------- */

static void
test_open_fails (void)
{
  g_autofree char *path = g_build_filename (test_dir, "Отчёт.odt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *folder = g_filename_display_name (test_dir);
  AdwMessageDialog *dialog;
  GtkWidget *open;

  g_assert_true (g_file_set_contents (path, "PK", 2, NULL));
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  annalist_exporter_show_saved (annalist_window_get_page (window), "The document is saved", file);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  open = find_button (GTK_WIDGET (window), _("_Open"));
  g_assert_nonnull (open);
  gtk_widget_activate (open);

  /* Not silence: a dialog that names the folder, and shows it. */
  dialog = wait_for_dialog_headed (_("The File Cannot Be Opened"));
  save_screenshot (GTK_WIDGET (dialog), "open-failed");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), folder));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Отчёт.odt"));
  g_assert_true (adw_message_dialog_has_response (dialog, "show"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "show"), ==, _("_Show in Folder"));
  /* No file manager here either: the folder is asked for, and that
   * failure speaks too. */
  respond (dialog, "show");
  dialog = wait_for_dialog_headed (_("The Folder Cannot Be Opened"));
  /* In words, not GIO's: what was not opened, and why. */
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The folder of “Отчёт.odt” could not be opened: no application for opening "
                   "folders was found.");
  respond (dialog, "close");
  g_unlink (path);
}

/* F1 without a browser: the guide is not opened, and the dialog says so. */
static void
test_help_fails (void)
{
  AdwMessageDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "help", NULL);
  dialog = wait_for_dialog_headed (_("The User Guide Cannot Be Opened"));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The user guide could not be opened: no web browser was found to show it.");
  respond (dialog, "close");
}

/* A failure other than a missing application keeps GIO's words, after
 * the sentence; a cancelled launch is no failure at all. */
static void
test_launch_failure_sentence (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                   "Portal refused");
  g_autoptr(GError) missing = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                   "Failed to find default application");
  g_autofree char *other = annalist_ui_launch_failure ("The user guide could not be opened",
                                                       "no web browser was found", refused);
  g_autofree char *none = annalist_ui_launch_failure ("The user guide could not be opened",
                                                      "no web browser was found", missing);

  g_assert_cmpstr (other, ==, "The user guide could not be opened.\n\nPortal refused");
  g_assert_cmpstr (none, ==, "The user guide could not be opened: no web browser was found.");
}

/* The documents page of a year without records ----------------------------------------- */

static GtkWidget *
export_button (const char *document)
{
  AdwActionRow *row = annalist_documents_page_get_row (documents_page (), document);

  g_assert_nonnull (row);
  return find_button (GTK_WIDGET (row), _("Export…"));
}

static void
test_documents_empty_year (void)
{
  int empty = annalist_academic_year_current () + 1;
  g_autofree char *label = annalist_academic_year_label (empty);
  g_autofree char *status = g_strdup_printf (_("There are no records for the %s academic year"),
                                             label);
  AnnalistExporter *exporter;

  g_assert_false (annalist_documents_year_has_records (annalist_window_get_store (window), empty));
  annalist_window_set_year (window, empty);
  g_assert_cmpint (annalist_window_get_year (window), ==, empty);
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Said, and the documents of a year are off: Ctrl+E too. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_saying, status));
  save_screenshot (GTK_WIDGET (window), "documents-empty-year");
  g_assert_false (gtk_widget_is_sensitive (export_button ("annual-report")));
  exporter = annalist_documents_page_get_exporter (documents_page ());
  gtk_widget_activate_action (GTK_WIDGET (documents_page ()), "documents.export", "s",
                              "annual-report");
  iterate ();
  g_assert_false (annalist_exporter_get_busy (exporter));
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));

  /* A year with records: no status, the export on. */
  annalist_window_set_year (window, 2022);
  iterate ();
  g_assert_null (find_widget (GTK_WIDGET (window), is_label_saying, status));
  g_assert_true (gtk_widget_is_sensitive (export_button ("annual-report")));

  /* Ctrl+E on the documents page exports the focused row's document. */
  {
    g_autofree char *path = g_build_filename (test_dir, "ctrl-e.odt", NULL);
    g_autoptr(GFile) target = g_file_new_for_path (path);
    AdwActionRow *row = annalist_documents_page_get_row (documents_page (), "annual-report");

    g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
    annalist_file_dialog_set_test_answer (TRUE, target);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
    g_assert_true (wait_for (file_written, path));
    g_unlink (path);
  }

  /* All years is no year: the export asks which one, it never writes
   * «all years» silently. */
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  iterate ();
  g_assert_true (gtk_widget_is_sensitive (export_button ("annual-report")));
  gtk_widget_activate (export_button ("annual-report"));
  {
    AdwMessageDialog *dialog = wait_for_dialog ();

    g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying,
                                   (gpointer) _("Academic year")));
    respond (dialog, "cancel");
  }
  annalist_window_set_year (window, 2022);
}

/* Whether one of @widget's shortcut controllers (its class's bindings)
 * has @keyval with @mods. */
static gboolean
has_binding (GtkWidget       *widget,
             guint            keyval,
             GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) ==
              gdk_keyval_to_lower (keyval) &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every key the shortcuts window lists is handled where it says: the
 * window's bindings and the application's accelerators here; the keys of
 * the lists, forms and grid by their own widgets (tested with them), and
 * this file's keys by the window's key controller. */
static void
test_shortcuts_work (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_PREFIX "ui/help-overlay.ui", 0, NULL);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "ui/help-overlay.ui");
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));
  const char *elsewhere[] = {
    "Return", "Delete", "Escape", "<Control>s", "<Shift>Tab", "F10",   /* their widgets */
    "Tab", "F6", "<Control>Page_Down",                                   /* the window's keys */
  };
  g_autoptr(GRegex) regex = g_regex_new ("<property name=\"accelerator\">([^<]*)</property>",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  guint checked = 0;

  g_assert_nonnull (gtk_builder_get_object (builder, "help_overlay"));
  /* The look-up itself tells a binding from none. */
  g_assert_true (has_binding (GTK_WIDGET (window), GDK_KEY_n, GDK_CONTROL_MASK));
  g_assert_true (has_binding (GTK_WIDGET (window), GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_false (has_binding (GTK_WIDGET (window), GDK_KEY_j, GDK_CONTROL_MASK));
  for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *escaped = g_match_info_fetch (match, 1);
      g_autofree char *listed = NULL;
      g_auto(GStrv) accels = NULL;

      /* &lt; and &gt; as GtkBuilder reads them. */
      {
        g_autoptr(GString) unescaped = g_string_new (escaped);

        g_string_replace (unescaped, "&lt;", "<", 0);
        g_string_replace (unescaped, "&gt;", ">", 0);
        listed = g_string_free (g_steal_pointer (&unescaped), FALSE);
      }
      accels = g_strsplit (listed, " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          g_auto(GStrv) actions = gtk_application_get_actions_for_accel (application, accels[i]);
          guint keyval;
          GdkModifierType mods;
          gboolean handled = FALSE;

          g_assert_true (gtk_accelerator_parse (accels[i], &keyval, &mods));
          for (guint e = 0; e < G_N_ELEMENTS (elsewhere); e++)
            handled |= g_str_equal (accels[i], elsewhere[e]);
          handled |= actions != NULL && actions[0] != NULL;
          handled |= has_binding (GTK_WIDGET (window), keyval, mods);
          if (!handled)
            g_error ("The shortcuts window lists %s, which nothing handles", accels[i]);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 20);

  /* The window's own keys answer. */
  annalist_window_show_section (window, "event");
  g_assert_true (press (GDK_KEY_F6, 0));
  g_assert_true (press (GDK_KEY_F6, 0));
  g_assert_true (press (GDK_KEY_Page_Down, GDK_CONTROL_MASK));
  g_assert_true (press (GDK_KEY_Page_Up, GDK_CONTROL_MASK));
  g_assert_cmpstr (annalist_window_get_section (window), ==, "event");
}

/* An environment without applications: XDG_DATA_DIRS holds what GTK
 * reads (icons, MIME types, schemas) and no applications folder. */
static void
no_applications (void)
{
  g_autofree char *dir = g_dir_make_tmp ("annalist-no-apps-XXXXXX", NULL);
  const char *kept[] = { "icons", "mime", "glib-2.0", "fonts", "themes" };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *target = g_build_filename ("/usr/share", kept[i], NULL);
      g_autofree char *link = g_build_filename (dir, kept[i], NULL);

      if (g_file_test (target, G_FILE_TEST_IS_DIR))
        g_assert_cmpint (symlink (target, link), ==, 0);
    }
  g_setenv ("XDG_DATA_DIRS", dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", dir, TRUE);
  /* No desktop portal either (it would pick an application itself). */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/annalist-test-bus", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  no_applications ();
  window_test_init (&argc, &argv, "window-keys", TRUE);
  g_test_add_func ("/window-keys/focus-at-start", test_focus_at_start);
  g_test_add_func ("/window-keys/focus-after-page-switch", test_focus_after_page_switch);
  g_test_add_func ("/window-keys/focus-on-documents", test_focus_on_documents);
  g_test_add_func ("/window-keys/tab-leaves-sidebar", test_tab_leaves_sidebar);
  g_test_add_func ("/window-keys/f6", test_f6);
  g_test_add_func ("/window-keys/tab-from-search", test_tab_from_search);
  g_test_add_func ("/window-keys/ctrl-e-on-a-list", test_ctrl_e_on_a_list);
  g_test_add_func ("/window-keys/find-all", test_find_all);
  g_test_add_func ("/window-keys/filter-popover-keys", test_filter_popover_keys);
  g_test_add_func ("/window-keys/open-fails", test_open_fails);
  g_test_add_func ("/window-keys/help-fails", test_help_fails);
  g_test_add_func ("/window-keys/launch-failure-sentence", test_launch_failure_sentence);
  g_test_add_func ("/window-keys/documents-empty-year", test_documents_empty_year);
  g_test_add_func ("/window-keys/shortcuts-work", test_shortcuts_work);
  return window_test_run (NULL);
}
