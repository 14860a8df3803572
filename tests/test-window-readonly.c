/* test-window-readonly.c — the window on a database it may not change
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample district, made read-only (0444) before the application
 * starts on it: the window opens it read-only and says so above every
 * page, nothing can be added, deleted or typed (forms are view-only), the
 * store refuses every write with a sentence, and documents are still
 * exported; the file stays byte-identical, with its time, and nothing is
 * written beside it. Root may write a 0444 file, but Annalist reads the
 * mode bits too, so the test means the same as root.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "annalist-documents.h"
#include "annalist-documents-page.h"
#include "annalist-file-dialog.h"
#include "annalist-indicator-page.h"
#include "annalist-list-page.h"
#include "annalist-report-page.h"
#include "annalist-preferences-window.h"
#include "annalist-import-assistant.h"
#include "window-test.h"

#define REASON "The database is open for reading only: you have no permission to change the " \
               "file “district.db”. Records can be viewed and exported to documents."

static char *database;
static char *bytes_before;
static gsize size_before;
static GStatBuf stat_before;

static gboolean
is_actionable_for (GtkWidget *widget,
                   gpointer   action)
{
  return GTK_IS_ACTIONABLE (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The widget of @root (depth first) whose action is @action. */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  return find_widget (root, is_actionable_for, (gpointer) action);
}

static gboolean
has_class (GtkWidget *widget,
           gpointer   name)
{
  return gtk_widget_has_css_class (widget, name);
}

static gboolean
is_shown_banner (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_REVEALER (widget) && gtk_revealer_get_child (GTK_REVEALER (widget)) != NULL &&
         gtk_widget_has_css_class (gtk_revealer_get_child (GTK_REVEALER (widget)),
                                   "annalist-banner") &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) && gtk_widget_get_mapped (widget);
}

/* The banner's sentence when it is shown, else NULL. */
static const char *
banner_text (GtkWidget *root)
{
  GtkWidget *banner = find_widget (root, is_shown_banner, NULL);

  if (banner == NULL)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (find_descendant (banner, GTK_TYPE_LABEL)));
}

static gboolean
has_records (gpointer data)
{
  return annalist_list_page_get_count (list_page ()) > 0;
}

/* Counts into @data the shown labels that say the database is read-only;
 * never accepts, so find_widget () visits them all. */
static gboolean
count_saying_read_only (GtkWidget *widget,
                        gpointer   data)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), "open for reading only") != NULL)
    (*(guint *) data)++;
  return FALSE;
}

/* The banner says it, and nothing else on the page says it again. */
static void
assert_said_once (void)
{
  guint saying = 0;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (banner_text (GTK_WIDGET (window)), ==, REASON);
  find_widget (GTK_WIDGET (window), count_saying_read_only, &saying);
  g_assert_cmpuint (saying, ==, 1);
}

/* Tests ------------------------------------------------------------------------------ */

static void
test_banner (void)
{
  AnnalistStore *store = annalist_window_get_store (window);

  g_assert_cmpstr (annalist_store_read_only_reason (store), ==, REASON);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (banner_text (GTK_WIDGET (window)), ==, REASON);

  /* Over every page. */
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (banner_text (GTK_WIDGET (window)), ==, REASON);
  /* Nor can its year be closed. */
  {
    GtkWidget *close = find_button (GTK_WIDGET (window), "_Close the Academic Year…");

    g_assert_nonnull (close);
    g_assert_false (gtk_widget_get_sensitive (close));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (close), ==, REASON);
  }

  /* Said once on every page, the report's too. */
  {
    const char *sections[] = { "organisation", "event", "report", "documents", "indicators",
                               "rating" };

    annalist_window_set_year (window, 2022);
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      {
        annalist_window_show_section (window, sections[i]);
        g_test_message ("%s", sections[i]);
        assert_said_once ();
        /* The report's introduction says what it means for the words. */
        if (g_str_equal (sections[i], "report"))
          g_assert_nonnull (find_widget (annalist_window_get_page (window), is_label_saying,
                                         "They can be read here, not changed."));
      }
  }

  /* No backup can be restored over it. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (g_application_get_default ()),
                                                     "restore-backup"));
}

/* Add and Delete are off, and say why; a record opens view-only. */
static void
test_list_and_form (void)
{
  GtkWidget *add, *delete, *input, *label;
  GtkGridView *view;
  AnnalistEditor *editor;
  char *locked;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  g_assert_true (wait_for (has_records, NULL));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  add = find_actionable (GTK_WIDGET (window), "win.new");
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add), ==, REASON);
  /* Ctrl+N does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  iterate ();
  g_assert_null (find_window (ANNALIST_TYPE_EDITOR));
  /* Nor do «Import…» and «Paste Rows» open the import assistant. */
  {
    /* Not beside the database: nothing may be written there. */
    g_autofree char *csv = NULL;
    g_autoptr(GFile) file = NULL;
    int fd = g_file_open_tmp ("annalist-import-XXXXXX.csv", &csv, NULL);

    g_assert_cmpint (fd, >=, 0);
    close (fd);
    file = g_file_new_for_path (csv);
    g_assert_true (g_file_set_contents (csv, "Название\nОдно\n", -1, NULL));
    annalist_file_dialog_set_test_answer (TRUE, file);
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "Название\nДругое\n");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-rows", NULL);
    for (guint i = 0; i < 10; i++)
      iterate ();
    annalist_file_dialog_set_test_answer (FALSE, NULL);
    g_assert_null (find_window (ANNALIST_TYPE_IMPORT_ASSISTANT));
    g_unlink (csv);
  }

  view = annalist_list_page_get_view (list_page ());
  gtk_selection_model_select_item (gtk_grid_view_get_model (view), 0, TRUE);
  iterate ();
  delete = find_actionable (GTK_WIDGET (window), "win.delete");
  g_assert_nonnull (delete);
  g_assert_false (gtk_widget_is_sensitive (delete));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (delete), ==, REASON);
  locked = annalist_list_page_lock_reason (list_page (),
                                           annalist_list_page_get_selected (list_page ()));
  g_assert_cmpstr (locked, ==, REASON);
  g_free (locked);
  /* The Delete key neither: no question is asked. */
  annalist_list_page_delete_selected (list_page ());
  iterate ();
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));

  annalist_list_page_open_selected (list_page ());
  editor = wait_for_editor (NULL);
  g_assert_cmpstr (annalist_editor_get_view_only (editor), ==, REASON);
  /* The reason heads the form. */
  label = find_widget (GTK_WIDGET (editor), has_class, (gpointer) "annalist-view-only");
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, REASON);
  g_assert_false (gtk_widget_get_visible (annalist_editor_get_save_button (editor)));
  g_assert_false (can_save (editor));
  g_assert_nonnull (find_button (GTK_WIDGET (editor), "_Close"));
  g_assert_null (find_button (GTK_WIDGET (editor), "_Cancel"));

  /* Text can be selected and copied, not changed. */
  input = annalist_editor_get_input (editor, "title");
  g_assert_true (GTK_IS_TEXT_VIEW (input));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (input)));
  input = annalist_editor_get_input (editor, "period_text");
  g_assert_true (ADW_IS_ENTRY_ROW (input));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (input)));
  g_assert_true (gtk_widget_is_sensitive (input));
  /* A choice cannot be changed. */
  input = annalist_editor_get_input (editor, "academic_year");
  g_assert_nonnull (input);
  g_assert_false (gtk_widget_is_sensitive (input));

  /* Ctrl+S does nothing; closing asks nothing. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (wait_for (window_gone, editor));
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* The store itself refuses every write, with a sentence naming the file. */
static void
test_store_refuses (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup ("event_kind"));
  g_autoptr(GError) error = NULL;
  g_autofree char *locked = NULL;

  annalist_record_set_string (record, "name", "Вебинар");
  g_assert_false (annalist_store_insert (store, record, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==,
                   "Nothing can be changed in the database “district.db”: it is open for "
                   "reading only.");
  g_clear_error (&error);

  g_assert_false (annalist_store_set_setting (store, "city", "Город", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "“district.db”"));
  g_clear_error (&error);

  locked = annalist_store_record_lock_reason (store, annalist_kind_lookup ("event_kind"), record);
  g_assert_cmpstr (locked, ==, REASON);
}

/* The settings, the report's own words and the indicator grid are shown,
 * not edited; the documents page loads no template. */
static void
test_other_pages (void)
{
  GtkWidget *page, *load;
  AdwEntryRow *row;
  GtkTextView *text;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  {
    GtkWindow *prefs = annalist_window_get_preferences (window);

    row = annalist_preferences_window_get_row (ANNALIST_PREFERENCES_WINDOW (prefs), "city");
    g_assert_nonnull (row);
    g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (row)));
    g_assert_false (gtk_widget_get_sensitive (
      GTK_WIDGET (annalist_preferences_window_get_year_row (ANNALIST_PREFERENCES_WINDOW (prefs)))));
    gtk_window_destroy (prefs);
  }

  annalist_window_show_section (window, "report");
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_REPORT_PAGE (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  text = GTK_TEXT_VIEW (find_descendant (page, GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (text);
  g_assert_false (gtk_text_view_get_editable (text));

  annalist_window_show_section (window, "indicators");
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_INDICATOR_PAGE (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    GtkWidget *cell = find_descendant (page, GTK_TYPE_ENTRY);

    if (cell != NULL)
      g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (cell)));
  }

  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = annalist_window_get_page (window);
  load = find_actionable (page, "documents.load");
  g_assert_nonnull (load);
  g_assert_false (gtk_widget_is_sensitive (load));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (load), ==, REASON);
  /* Nor takes a template file dropped on it; nor a list a table to import. */
  g_assert_null (find_drop_target (page));
  annalist_window_show_section (window, "event");
  g_assert_true (ANNALIST_IS_LIST_PAGE (annalist_window_get_page (window)));
  g_assert_null (find_drop_target (annalist_window_get_page (window)));
}

/* The annual report is exported from the read-only database. */
static void
test_export (void)
{
  g_autofree char *exported = g_build_filename (test_dir, "exported.odt", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  AdwActionRow *row;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = annalist_documents_page_get_row (documents_page (),
                                         ANNALIST_DOCUMENT_ANNUAL_REPORT);
  g_assert_nonnull (row);
  export_row (row, exported);
  g_assert_true (g_file_get_contents (exported, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "PK\x03\x04", 4) == 0);
}

/* After all of it, the database file is as it was, and nothing was
 * written beside it: no -journal, -wal or -shm. */
static void
test_file_untouched (void)
{
  g_autofree char *after = NULL;
  gsize size_after = 0;
  GStatBuf stat_after;
  g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
  const char *name;

  g_assert_true (g_file_get_contents (database, &after, &size_after, NULL));
  g_assert_cmpmem (bytes_before, size_before, after, size_after);
  g_assert_cmpint (g_stat (database, &stat_after), ==, 0);
  g_assert_cmpint (stat_after.st_mtime, ==, stat_before.st_mtime);
  g_assert_cmpint (stat_after.st_mtim.tv_nsec, ==, stat_before.st_mtim.tv_nsec);
  g_assert_cmpint (stat_after.st_mode & 0777, ==, 0444);

  while ((name = g_dir_read_name (dir)) != NULL)
    /* "data": the harness's XDG_DATA_HOME, where the day's backup goes. */
    if (!g_str_equal (name, "district.db") && !g_str_equal (name, "exported.odt") &&
        !g_str_equal (name, "data"))
      g_error ("%s was written beside the read-only database", name);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "readonly", TRUE);
  database = g_build_filename (test_dir, "district.db", NULL);
  g_assert_cmpint (g_chmod (database, 0444), ==, 0);
  g_assert_true (g_file_get_contents (database, &bytes_before, &size_before, NULL));
  g_assert_cmpint (g_stat (database, &stat_before), ==, 0);

  g_test_add_func ("/window-readonly/banner", test_banner);
  g_test_add_func ("/window-readonly/list-and-form", test_list_and_form);
  g_test_add_func ("/window-readonly/store-refuses", test_store_refuses);
  g_test_add_func ("/window-readonly/other-pages", test_other_pages);
  g_test_add_func ("/window-readonly/export", test_export);
  g_test_add_func ("/window-readonly/file-untouched", test_file_untouched);
  return window_test_run (NULL);
}
