/* test-window-prefs.c — Preferences, «Справочники», the main menu, recent databases
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ctrl+, opens the Preferences window; a name typed there without Enter
 * is in the `setting` table once the window closes, each save one change
 * Ctrl+Z takes back. The sidebar holds the daily work and one row
 * «Справочники», whose page opens every dictionary's list. The main menu
 * has the report's export, the lists' import and export, Preferences and
 * the databases opened last, which the next start still lists.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-application.h"
#include "annalist-dictionaries-page.h"
#include "annalist-exporter.h"
#include "annalist-field.h"
#include "annalist-file-dialog.h"
#include "annalist-preferences-window.h"
#include "annalist-recent.h"
#include "window-test.h"

/* Helpers ---------------------------------------------------------------------------- */

static void
screenshots (GtkWidget  *widget,
             const char *name)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };

  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%dx%d.png", name, sizes[i][0], sizes[i][1]);

      gtk_window_unmaximize (GTK_WINDOW (window));
      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      iterate ();
      save_screenshot (widget, file);
    }
}

/* The shortcut the window has for @accelerator, as the key press finds it. */
static GtkShortcut *
window_shortcut (const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return shortcut;
        }
    }
  return NULL;
}

static char *
setting (const char *key)
{
  return annalist_store_get_setting (annalist_window_get_store (window), key);
}

typedef struct
{
  const char *key;
  const char *value;
} Wanted;

static gboolean
setting_is (gpointer data)
{
  Wanted *wanted = data;
  g_autofree char *value = setting (wanted->key);

  return g_strcmp0 (value, wanted->value) == 0;
}

/* Preferences ------------------------------------------------------------------------ */

static gboolean
is_restore_row (GtkWidget *widget,
                gpointer   data)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "app.restore-backup") == 0;
}

static void
test_ctrl_comma_opens_preferences (void)
{
  GtkShortcut *shortcut = window_shortcut ("<Control>comma");
  AnnalistPreferencesWindow *prefs;

  g_assert_nonnull (shortcut);
  g_assert_null (find_window (ANNALIST_TYPE_PREFERENCES_WINDOW));
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (window), NULL));
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ANNALIST_TYPE_PREFERENCES_WINDOW)));
  prefs = find_window (ANNALIST_TYPE_PREFERENCES_WINDOW);
  g_assert_true (GTK_WINDOW (prefs) == annalist_window_get_preferences (window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));

  /* Every key the documents read has its row, showing what is stored. */
  {
    static const char *keys[] = { "org_name", "org_short_name", "founder", "city",
                                  "head_position", "head_name", "report_title",
                                  "status_date", "report_contest_series" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_nonnull (annalist_preferences_window_get_row (prefs, keys[i]));
  }
  {
    g_autofree char *short_name = setting ("org_short_name");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                       annalist_preferences_window_get_row (prefs, "org_short_name"))),
                     ==, short_name);
  }
  /* The sample's status date, shown as people write dates. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     annalist_preferences_window_get_row (prefs, "status_date"))),
                   ==, "01.01.2023");
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
      save_screenshot (GTK_WIDGET (prefs), "preferences.png");
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "documents");
      gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
      save_screenshot (GTK_WIDGET (prefs), "preferences-documents.png");
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
      gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
      save_screenshot (GTK_WIDGET (prefs), "preferences-backups.png");
    }
  /* The backups page restores through the application's action. */
  {
    GtkWidget *restore = find_widget (GTK_WIDGET (prefs), is_restore_row, NULL);

    g_assert_nonnull (restore);
    g_assert_true (gtk_widget_get_sensitive (restore));
  }
  gtk_window_close (GTK_WINDOW (prefs));
  g_assert_true (wait_for (window_gone, prefs));
}

static void
test_typed_saved_without_enter (void)
{
  AnnalistPreferencesWindow *prefs;
  AdwEntryRow *row;
  Wanted first = { "org_short_name", "ИМЦ Красносельского района" };
  Wanted second = { "org_short_name", "ИМЦ «Красное Село»" };
  g_autofree char *before = setting ("org_short_name");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  prefs = ANNALIST_PREFERENCES_WINDOW (annalist_window_get_preferences (window));
  g_assert_nonnull (prefs);
  row = annalist_preferences_window_get_row (prefs, "org_short_name");

  /* Typed and left alone: saved a moment later, the window still open. */
  gtk_editable_set_text (GTK_EDITABLE (row), first.value);
  g_assert_true (wait_for (setting_is, &first));

  /* Typed, and the window closed at once: saved as it closes. */
  gtk_editable_set_text (GTK_EDITABLE (row), second.value);
  g_assert_false (setting_is (&second));
  gtk_window_close (GTK_WINDOW (prefs));
  g_assert_true (setting_is (&second));
  g_assert_true (wait_for (window_gone, prefs));

  /* Each save is one change: Ctrl+Z takes back the last one only. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_true (setting_is (&first));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  {
    Wanted original = { "org_short_name", before };

    g_assert_true (setting_is (&original));
  }

  /* A date that is not one is not saved, and the row says so. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  prefs = ANNALIST_PREFERENCES_WINDOW (annalist_window_get_preferences (window));
  row = annalist_preferences_window_get_row (prefs, "status_date");
  gtk_editable_set_text (GTK_EDITABLE (row), "31.02.2023");
  annalist_preferences_window_flush (prefs);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  {
    Wanted kept = { "status_date", "2023-01-01" };

    g_assert_true (setting_is (&kept));
  }
  gtk_editable_set_text (GTK_EDITABLE (row), "15.01.2023");
  annalist_preferences_window_flush (prefs);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  {
    Wanted changed = { "status_date", "2023-01-15" };

    g_assert_true (setting_is (&changed));
  }

  /* Undone in the main window while the window is open: the row shows
   * the value back, and closing does not write the undone one again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  {
    Wanted kept = { "status_date", "2023-01-01" };

    g_assert_true (setting_is (&kept));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "01.01.2023");
    annalist_preferences_window_flush (prefs);
    g_assert_true (setting_is (&kept));
  }

  /* How years are written in the documents. */
  adw_combo_row_set_selected (annalist_preferences_window_get_year_row (prefs), 1);
  {
    Wanted slash = { "report_year_separator", "/" };

    g_assert_true (setting_is (&slash));
  }
  adw_combo_row_set_selected (annalist_preferences_window_get_year_row (prefs), 0);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The sidebar and «Справочники» ------------------------------------------------------ */

static gboolean
collect_section (GtkWidget *widget,
                 gpointer   data)
{
  const char *section = g_object_get_data (G_OBJECT (widget), "section");

  if (GTK_IS_LIST_BOX_ROW (widget) && section != NULL)
    g_ptr_array_add (data, (gpointer) section);
  return FALSE;
}

static gboolean
is_dictionary_row (GtkWidget *widget,
                   gpointer   data)
{
  GVariant *target;

  if (!ADW_IS_ACTION_ROW (widget))
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_str_equal (g_variant_get_string (target, NULL), data);
}

static gboolean
is_back_to_dictionaries (GtkWidget *widget,
                         gpointer   data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_visible (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.show-section") != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_str_equal (g_variant_get_string (target, NULL), "dictionaries");
}

static void
test_sidebar_and_dictionaries (void)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new ();
  guint n_kinds, n_dictionaries = 0;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);
  GtkWidget *page;
  GtkListBox *list;

  annalist_window_show_section (window, "organisation");
  find_widget (GTK_WIDGET (window), collect_section, sections);
  /* The daily work and one row for the dictionaries; no settings. */
  g_assert_cmpuint (sections->len, >, 0);
  g_assert_cmpuint (sections->len, <=, 23);
  for (guint i = 0; i < sections->len; i++)
    {
      const char *section = g_ptr_array_index (sections, i);

      g_assert_false (annalist_dictionaries_page_lists (section));
      g_assert_cmpstr (section, !=, "settings");
    }
  g_assert_true (g_ptr_array_find_with_equal_func (sections, "dictionaries", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (sections, "event", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (sections, "documents", g_str_equal, NULL));
  screenshots (GTK_WIDGET (window), "sidebar");

  annalist_window_show_section (window, "dictionaries");
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_DICTIONARIES_PAGE (page));
  screenshots (GTK_WIDGET (window), "dictionaries");
  list = annalist_dictionaries_page_get_list (ANNALIST_DICTIONARIES_PAGE (page));

  /* Every dictionary kind, each row opening its list, and back. */
  for (guint k = 0; k < n_kinds; k++)
    {
      GtkWidget *row, *back;

      if (!kinds[k]->is_dictionary)
        continue;
      n_dictionaries++;
      g_assert_true (annalist_dictionaries_page_lists (kinds[k]->name));
      row = find_widget (GTK_WIDGET (list), is_dictionary_row, (gpointer) kinds[k]->name);
      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       _(kinds[k]->label));
      g_assert_true (gtk_widget_activate (row));
      iterate ();
      g_assert_cmpstr (annalist_window_get_section (window), ==, kinds[k]->name);
      g_assert_true (ANNALIST_IS_LIST_PAGE (annalist_window_get_page (window)));
      back = find_widget (GTK_WIDGET (window), is_back_to_dictionaries, NULL);
      g_assert_nonnull (back);
      g_signal_emit_by_name (back, "clicked");
      g_assert_cmpstr (annalist_window_get_section (window), ==, "dictionaries");
      /* Back on the row of the dictionary just left, for the keyboard. */
      g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == row);
    }
  g_assert_cmpuint (n_dictionaries, >=, 10);
  /* The rating's indicators are set up there too. */
  g_assert_nonnull (find_widget (GTK_WIDGET (list), is_dictionary_row, (gpointer) "rating_indicator"));
  g_assert_true (find_widget (GTK_WIDGET (list), is_dictionary_row, (gpointer) "event") == NULL);

  /* The back button is a dictionary's, not every list's. */
  annalist_window_show_section (window, "event");
  g_assert_null (find_widget (GTK_WIDGET (window), is_back_to_dictionaries, NULL));
  annalist_window_show_section (window, "organisation");
}

/* The main menu ---------------------------------------------------------------------- */

/* Action name → label of each item of @model and its sections and submenus. */
static void
collect_actions (GMenuModel *model,
                 GHashTable *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          !g_hash_table_contains (labels, action))
        g_hash_table_insert (labels, g_steal_pointer (&action), g_steal_pointer (&label));
      while (g_menu_link_iter_get_next (links, NULL, &link))
        {
          collect_actions (link, labels);
          g_object_unref (link);
        }
    }
}

/* The popover's item of that label (GtkModelButton: its action is the
 * menu's to activate, its sensitivity says whether the action is on). */
static gboolean
is_menu_item_labelled (GtkWidget *widget,
                       gpointer   data)
{
  g_autofree char *text = NULL;

  if (!g_type_is_a (G_OBJECT_TYPE (widget), g_type_from_name ("GtkModelButton")))
    return FALSE;
  g_object_get (widget, "text", &text, NULL);
  return g_strcmp0 (text, data) == 0;
}

static gboolean
is_primary_menu_button (GtkWidget *widget,
                        gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static gboolean
is_exporter (GtkWidget *widget,
             gpointer   data)
{
  return ANNALIST_IS_EXPORTER (widget);
}

static gboolean
exported (gpointer path)
{
  GtkWidget *page = annalist_window_get_page (window);
  AnnalistExporter *exporter = find_widget (page, is_exporter, NULL) != NULL
                               ? ANNALIST_EXPORTER (find_widget (page, is_exporter, NULL)) : NULL;

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
         (exporter == NULL || !annalist_exporter_get_busy (exporter));
}

static void
test_main_menu (void)
{
  static const char *wanted[] = { "win.export-document", "win.import", "win.export-list",
                                  "win.preferences", "app.open", "app.open-recent" };
  GtkMenuButton *button;
  GMenuModel *model;
  GtkPopover *popover;
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  annalist_window_show_section (window, "organisation");
  button = GTK_MENU_BUTTON (find_widget (GTK_WIDGET (window), is_primary_menu_button, NULL));
  g_assert_nonnull (button);
  gtk_menu_button_popup (button);
  iterate ();
  model = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (model);
  collect_actions (model, labels);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    save_screenshot (GTK_WIDGET (window), "main-menu.png");

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      const char *label = g_hash_table_lookup (labels, wanted[i]);
      g_autoptr(GString) shown = g_string_new (label);
      GtkWidget *item;

      g_test_message ("%s: %s", wanted[i], label);
      g_assert_nonnull (label);
      /* The item shows the label without its mnemonic's underscore. */
      g_string_replace (shown, "__", "\1", 0);
      g_string_replace (shown, "_", "", 0);
      g_string_replace (shown, "\1", "_", 0);
      item = find_widget (GTK_WIDGET (popover), is_menu_item_labelled, shown->str);
      g_assert_nonnull (item);
      g_assert_true (gtk_widget_get_sensitive (item));
    }
  gtk_menu_button_popdown (button);

  /* «Export the Report…» from a list: the report page's export of its
   * document for the year, the file asked for and written. */
  {
    g_autofree char *path = g_build_filename (test_dir, "report-from-menu.odt", NULL);
    g_autoptr(GFile) target = g_file_new_for_path (path);

    annalist_file_dialog_set_test_answer (TRUE, target);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.export-document", NULL);
    g_assert_cmpstr (annalist_window_get_section (window), ==, "report");
    g_assert_true (wait_for (exported, path));
    annalist_file_dialog_set_test_answer (FALSE, NULL);
  }
  annalist_window_show_section (window, "organisation");
}

/* Recent databases ------------------------------------------------------------------- */

static GStrv
menu_paths (GMenuModel *menu)
{
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                         G_VARIANT_TYPE_STRING);

      g_assert_nonnull (target);
      g_strv_builder_add (paths, g_variant_get_string (target, NULL));
    }
  return g_strv_builder_end (paths);
}

static void
test_recent_databases (void)
{
  GApplication *application = g_application_get_default ();
  GMenuModel *recent = annalist_application_get_recent_menu (ANNALIST_APPLICATION (application));
  g_autofree char *first = g_strdup (annalist_store_get_path (annalist_window_get_store (window)));
  g_autofree char *second = g_build_filename (test_dir, "second.db", NULL);
  g_autofree char *file = annalist_recent_file ();
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) after_restart = NULL;
  g_autoptr(GMenu) restarted = g_menu_new ();
  g_autoptr(GError) error = NULL;

  /* The test's own folder, not the user's. */
  g_assert_true (g_str_has_prefix (file, test_dir));
  paths = menu_paths (recent);
  g_assert_cmpuint (g_strv_length (paths), >=, 1);
  g_assert_cmpstr (paths[0], ==, first);
  g_clear_pointer (&paths, g_strfreev);

  {
    g_autoptr(AnnalistStore) store = annalist_store_create (second, &error);

    g_assert_no_error (error);
    annalist_store_close (store);
  }
  g_assert_true (annalist_application_open_database (ANNALIST_APPLICATION (application), second,
                                                     GTK_WINDOW (window)));
  paths = menu_paths (recent);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, second);
  g_assert_cmpstr (paths[1], ==, first);

  /* The next start reads the same list from the user data folder. */
  annalist_recent_fill_menu (restarted, file);
  after_restart = menu_paths (G_MENU_MODEL (restarted));
  g_assert_cmpstrv (after_restart, paths);

  /* Back to the first from the menu, as the user does. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "open-recent",
                                  g_variant_new_string (first));
  g_assert_cmpstr (annalist_store_get_path (annalist_window_get_store (window)), ==, first);
  g_clear_pointer (&paths, g_strfreev);
  paths = menu_paths (recent);
  g_assert_cmpstr (paths[0], ==, first);
  g_assert_cmpstr (paths[1], ==, second);

  /* At most five, the newest first, no path twice. */
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("other-%u.db", i);
      g_autofree char *path = g_build_filename (test_dir, name, NULL);

      g_assert_true (annalist_recent_add (file, path, &error));
      g_assert_no_error (error);
    }
  g_assert_true (annalist_recent_add (file, first, &error));
  {
    g_auto(GStrv) kept = annalist_recent_load (file);
    g_autofree char *newest_other = g_build_filename (test_dir, "other-6.db", NULL);

    g_assert_cmpuint (g_strv_length (kept), ==, ANNALIST_RECENT_MAX);
    g_assert_cmpstr (kept[0], ==, first);
    g_assert_cmpstr (kept[1], ==, newest_other);
  }
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-prefs", TRUE);
  g_test_add_func ("/window-prefs/ctrl-comma", test_ctrl_comma_opens_preferences);
  g_test_add_func ("/window-prefs/typed-saved", test_typed_saved_without_enter);
  g_test_add_func ("/window-prefs/dictionaries", test_sidebar_and_dictionaries);
  g_test_add_func ("/window-prefs/main-menu", test_main_menu);
  g_test_add_func ("/window-prefs/recent", test_recent_databases);
  return window_test_run (NULL);
}
