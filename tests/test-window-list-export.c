/* test-window-list-export.c — «Export the List…» and «Copy Rows» in the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the sample's events of 2022-2023: the rows on the clipboard are the
 * list's, with its columns' header; the export with every field writes
 * the file chosen in the (test-answered) file dialog. A file dialog
 * starts in the folder chosen last for its kind of file, else in the
 * user's documents folder (one of the test's own, named in its
 * user-dirs.dirs), else at home.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "annalist-file-dialog.h"
#include "annalist-list-export.h"
#include "annalist-list-page.h"
#include "window-test.h"

static AnnalistListPage *
events_page (void)
{
  GtkWidget *page;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_LIST_PAGE (page));
  g_assert_cmpuint (annalist_list_page_get_count (ANNALIST_LIST_PAGE (page)), >, 5);
  return ANNALIST_LIST_PAGE (page);
}

static void
test_copy_rows (void)
{
  AnnalistListPage *page = events_page ();
  const AnnalistKind *kind = annalist_list_page_get_kind (page);
  g_autoptr(GArray) fields = annalist_list_page_get_shown_fields (page);
  g_autoptr(GString) header = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *copied = NULL;
  guint n = annalist_list_page_get_count (page);

  g_assert_cmpuint (fields->len, >, 1);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (header, "%s%s", i ? "\t" : "",
                            _(kind->fields[g_array_index (fields, guint, i)].label));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-rows", NULL));
  copied = clipboard_text ();
  g_assert_nonnull (copied);

  /* The header, then a line a row, each with as many cells. */
  lines = g_strsplit (copied, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header->str);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);
  g_assert_cmpstr (lines[n + 1], ==, "");
  for (guint i = 1; i <= n; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, fields->len);
    }
  /* The rows of the year only. */
  g_assert_nonnull (strstr (copied, "26.08.2022"));
  g_clear_pointer (&copied, g_free);
  g_clear_pointer (&lines, g_strfreev);

  /* With a search, only the rows it finds. */
  annalist_list_page_set_search (page, "Стажировка");
  g_assert_cmpuint (annalist_list_page_get_count (page), <, n);
  g_assert_cmpuint (annalist_list_page_get_count (page), >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-rows", NULL));
  copied = clipboard_text ();
  lines = g_strsplit (copied, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header->str);
  g_assert_cmpuint (g_strv_length (lines), ==, annalist_list_page_get_count (page) + 2);
  for (guint i = 1; lines[i + 1] != NULL; i++)
    g_assert_nonnull (strstr (lines[i], "Стажировка"));
  g_clear_pointer (&copied, g_free);
  annalist_list_page_set_search (page, "");
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static void
test_export_all_fields (void)
{
  AnnalistListPage *page = events_page ();
  const AnnalistKind *kind = annalist_list_page_get_kind (page);
  g_autofree char *path = g_build_filename (test_dir, "events-export.csv", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GArray) all = annalist_list_export_all_fields (kind);
  g_autofree char *text = NULL;
  g_autofree char *first_label = NULL;
  AdwMessageDialog *dialog;
  guint lines = 0;

  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-list", NULL));
  dialog = wait_for_dialog_headed ("Export the List");
  respond (dialog, "all");
  g_assert_true (wait_for (file_exists, path));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "Events 2022-2023.csv");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  /* Every field, not only the list's columns: the agenda is no column. */
  first_label = g_strconcat ("\xEF\xBB\xBF", _(kind->fields[g_array_index (all, guint, 0)].label),
                             ",", NULL);
  g_assert_true (g_str_has_prefix (text, first_label));
  g_assert_nonnull (strstr (text, "Agenda"));
  for (const char *c = text; (c = strstr (c, "\r\n2022-2023,")) != NULL; c += 2)
    lines++;
  g_assert_cmpuint (lines, ==, annalist_list_page_get_count (page));
}

static void
test_export_list_columns_ods (void)
{
  AnnalistListPage *page = events_page ();
  g_autofree char *path = g_build_filename (test_dir, "events-export.ods", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autofree char *data = NULL;
  gsize len;
  AdwMessageDialog *dialog;

  (void) page;
  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-list", NULL));
  dialog = wait_for_dialog_headed ("Export the List");
  respond (dialog, "listed");
  g_assert_true (wait_for (file_exists, path));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 84);
  g_assert_cmpmem (data + 30, 54, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);
}

/* The documents folder of the test's user-dirs.dirs. */
static char *documents_dir;

static const AnnalistFileType notes_types[] = {
  { "Notes (.notes)", "*.notes", NULL, ".notes" },
};
static const AnnalistFileType other_types[] = {
  { "Other (.other)", "*.other", NULL, ".other" },
};

static void
answered (GObject *owner,
          GFile   *file,
          gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Asks for a file of @types, the dialog answering @answer (NULL:
 * cancelled); the path of the folder the dialog started in. */
static char *
folder_offered (const AnnalistFileType *types,
                GFile                  *answer)
{
  gboolean done = FALSE;

  annalist_file_dialog_set_test_answer (TRUE, answer);
  annalist_file_dialog_save (GTK_WIDGET (window), "Save", "_Save", "x", types, 1,
                             G_OBJECT (window), answered, &done);
  g_assert_true (wait_for (is_set, &done));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  g_assert_nonnull (annalist_file_dialog_get_test_offered_folder ());
  return g_file_get_path (annalist_file_dialog_get_test_offered_folder ());
}

static void
test_folder_offered (void)
{
  g_autofree char *chosen_dir = g_build_filename (test_dir, "reports", NULL);
  g_autofree char *chosen = g_build_filename (chosen_dir, "a.notes", NULL);
  g_autoptr(GFile) chosen_file = g_file_new_for_path (chosen);
  char *path;

  g_assert_cmpint (g_mkdir_with_parents (chosen_dir, 0700), ==, 0);
  g_assert_cmpstr (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS), ==, documents_dir);
  g_assert_true (g_file_test (documents_dir, G_FILE_TEST_IS_DIR));

  /* Nothing chosen yet: the documents folder; cancelled, nothing kept. */
  path = folder_offered (notes_types, NULL);
  g_assert_cmpstr (path, ==, documents_dir);
  g_free (path);
  path = folder_offered (notes_types, chosen_file);
  g_assert_cmpstr (path, ==, documents_dir);
  g_free (path);
  /* The folder chosen, for that kind of file only. */
  path = folder_offered (notes_types, NULL);
  g_assert_cmpstr (path, ==, chosen_dir);
  g_free (path);
  path = folder_offered (other_types, NULL);
  g_assert_cmpstr (path, ==, documents_dir);
  g_free (path);

  /* Without a documents folder, home; a chosen folder since removed is
   * not offered. */
  g_assert_cmpint (g_rmdir (documents_dir), ==, 0);
  path = folder_offered (other_types, NULL);
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_free (path);
  g_assert_cmpint (g_rmdir (chosen_dir), ==, 0);
  path = folder_offered (notes_types, NULL);
  g_assert_cmpstr (path, ==, g_get_home_dir ());
  g_free (path);
}

/* A user-dirs.dirs of the test's own, before anything reads it. */
static void
documents_folder (void)
{
  g_autofree char *config = g_dir_make_tmp ("annalist-user-dirs-XXXXXX", NULL);
  g_autofree char *dirs = NULL;
  g_autofree char *line = NULL;

  g_assert_nonnull (config);
  documents_dir = g_build_filename (config, "Документы", NULL);
  g_assert_cmpint (g_mkdir (documents_dir, 0700), ==, 0);
  dirs = g_build_filename (config, "user-dirs.dirs", NULL);
  line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents_dir);
  g_assert_true (g_file_set_contents (dirs, line, -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  documents_folder ();
  window_test_init (&argc, &argv, "window-list-export", TRUE);
  g_test_add_func ("/window-list-export/folder-offered", test_folder_offered);
  g_test_add_func ("/window-list-export/copy-rows", test_copy_rows);
  g_test_add_func ("/window-list-export/export-all-fields", test_export_all_fields);
  g_test_add_func ("/window-list-export/export-list-columns-ods", test_export_list_columns_ods);
  status = window_test_run (NULL);
  {
    g_autofree char *config = g_path_get_dirname (documents_dir);
    g_autofree char *dirs = g_build_filename (config, "user-dirs.dirs", NULL);

    g_rmdir (documents_dir);
    g_unlink (dirs);
    g_rmdir (config);
  }
  return status;
}
