/* test-window-closing.c — closing a year from the «Документы» page
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application on a temporary database (window-test.c) and
 * closes 2022-2023 from the documents page as the user does: the dialog
 * answered, the annual report exported to a file the test names; the
 * database then keeps exactly that file, the year's records are refused,
 * «Сохранить подписанный отчёт…» writes the same bytes again, and the
 * year is reopened after the question. Run under Xvfb. With
 * ANNALIST_SCREENSHOT_DIR set, the page and the question are saved as PNGs
 * there (as test-org-card.c does).
 */

#include "config.h"

#include <string.h>

#include "annalist-closed-year.h"
#include "annalist-documents-page.h"
#include "annalist-editor.h"
#include "annalist-error.h"
#include "annalist-file-dialog.h"
#include "annalist-year-closing.h"

#include "window-test.h"

/* Counts into @data the grid's cells of 2022-2023, each read-only;
 * never accepts, so find_widget () visits them all. */
static gboolean
count_closed_cell (GtkWidget *widget,
                   gpointer   data)
{
  guint *closed_cells = data;

  if (GTK_IS_ENTRY (widget) && gtk_widget_get_tooltip_text (widget) != NULL &&
      strstr (gtk_widget_get_tooltip_text (widget), "2022-2023") != NULL)
    {
      g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (widget)));
      (*closed_cells)++;
    }
  return FALSE;
}

static AnnalistYearClosing *
year_closing (void)
{
  GtkWidget *page = annalist_window_get_page (window);
  GtkWidget *group;

  g_assert_true (ANNALIST_IS_DOCUMENTS_PAGE (page));
  group = find_descendant (page, ANNALIST_TYPE_YEAR_CLOSING);
  g_assert_nonnull (group);
  return ANNALIST_YEAR_CLOSING (group);
}

static gboolean
year_closed (gpointer data)
{
  AnnalistStore *store = annalist_window_get_store (window);

  return annalist_closed_year_is_closed (store, GPOINTER_TO_INT (data)) &&
         !annalist_year_closing_get_busy (year_closing ());
}

static gboolean
year_open (gpointer data)
{
  return !annalist_closed_year_is_closed (annalist_window_get_store (window),
                                          GPOINTER_TO_INT (data));
}

static GBytes *
file_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

typedef struct
{
  const char *path;
  GBytes     *bytes;
} Expected;

/* The save is written asynchronously: done once the file holds it all. */
static gboolean
file_holds (gpointer data)
{
  Expected *expected = data;
  g_autoptr(GBytes) found = NULL;

  if (!g_file_test (expected->path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  found = file_bytes (expected->path);
  return g_bytes_equal (found, expected->bytes);
}

static void
test_close_and_reopen (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  g_autofree char *exported = g_build_filename (test_dir, "signed.odt", NULL);
  g_autofree char *again = g_build_filename (test_dir, "printed-again.odt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autoptr(GFile) again_target = g_file_new_for_path (again);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(AnnalistClosedYear) closed = NULL;
  g_autoptr(AnnalistRecord) event = annalist_record_new (annalist_kind_lookup ("event"));
  g_autoptr(GError) error = NULL;
  AnnalistYearClosing *group;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  GtkWidget *combo;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  group = year_closing ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   "Academic Year 2022-2023");

  save_screenshot (GTK_WIDGET (window), "year-open.png");

  /* «Close the Academic Year…»: the question, the annual report chosen. */
  annalist_file_dialog_set_test_answer (TRUE, target);
  button = find_button (GTK_WIDGET (group), "_Close the Academic Year…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  dialog = wait_for_dialog_headed ("Close the Academic Year 2022-2023?");
  save_screenshot (GTK_WIDGET (dialog), "close-question.png");
  combo = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (combo);
  {
    GListModel *names = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
    g_autoptr(GtkStringObject) chosen =
      g_list_model_get_item (names, adw_combo_row_get_selected (ADW_COMBO_ROW (combo)));

    g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, "Аналитический отчёт");
  }
  respond (dialog, "close");
  g_assert_true (wait_for (year_closed, GINT_TO_POINTER (2022)));
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==,
                   "Аналитический отчёт 2022-2023.odt");

  /* The database keeps exactly the file written. */
  written = file_bytes (exported);
  kept = annalist_closed_year_get_report (store, 2022, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (written, kept));
  closed = annalist_closed_year_get (store, 2022, NULL);
  g_assert_cmpstr (closed->file_name, ==, "signed.odt");
  g_assert_cmpstr (closed->template_name, ==, "Аналитический отчёт");

  /* The page says so and offers what a closed year has. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (find_button (GTK_WIDGET (group), "_Close the Academic Year…"));
  g_assert_nonnull (find_button (GTK_WIDGET (group), "_Reopen the Year"));
  save_screenshot (GTK_WIDGET (window), "year-closed.png");

  /* A record of the year is refused, with the sentence. */
  annalist_record_set_string (event, "title", "Семинар");
  annalist_record_set_string (event, "date_start", "2023-02-01");
  annalist_record_set_int (event, "kind_id", 1);
  g_assert_false (annalist_store_insert (store, event, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CLOSED_YEAR);
  g_clear_error (&error);

  /* The indicator grid's cells of the year can be read, not typed in. */
  annalist_window_show_section (window, "indicators");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    guint closed_cells = 0;

    find_widget (annalist_window_get_page (window), count_closed_cell, &closed_cells);
    g_assert_cmpuint (closed_cells, >, 0);
  }
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Its form opens view-only, saying why and how to reopen. */
  annalist_record_set_int (event, "academic_year", 2022);
  {
    AnnalistEditor *form = annalist_editor_new (store, event, 2022, GTK_WINDOW (window));
    const char *reason = annalist_editor_get_view_only (form);

    g_assert_nonnull (reason);
    g_assert_nonnull (strstr (reason, "2022-2023"));
    gtk_window_destroy (GTK_WINDOW (form));
  }

  /* «Save the Signed Report…»: the same bytes again. */
  annalist_file_dialog_set_test_answer (TRUE, again_target);
  button = find_button (GTK_WIDGET (group), "_Save the Signed Report…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  {
    Expected expected = { again, written };

    g_assert_true (wait_for (file_holds, &expected));
  }
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "signed.odt");

  /* «Reopen the Year», after the question. */
  button = find_button (GTK_WIDGET (group), "_Reopen the Year");
  gtk_widget_activate (button);
  dialog = wait_for_dialog_headed ("Reopen the Academic Year 2022-2023?");
  respond (dialog, "reopen");
  g_assert_true (wait_for (year_open, GINT_TO_POINTER (2022)));
  {
    AnnalistEditor *form = annalist_editor_new (store, event, 2022, GTK_WINDOW (window));

    g_assert_null (annalist_editor_get_view_only (form));
    gtk_window_destroy (GTK_WINDOW (form));
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (find_button (GTK_WIDGET (group), "_Close the Academic Year…"));
  g_assert_true (annalist_store_insert (store, event, &error));
  g_assert_no_error (error);

  /* All years shown: no year to close. */
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (year_closing ())));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
}

/* Enter on the dialog's first row (the signed report's choice) opens
 * the row's list: it neither exports nor closes the year. Nor does
 * Enter anywhere else in the question: its default answer is Cancel. */
static void
test_enter_on_the_row (void)
{
  g_autofree char *exported = g_build_filename (test_dir, "by-enter.odt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  AdwMessageDialog *dialog;
  GtkWidget *button, *combo, *popover;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* Were the export to run, the file chooser would answer at once. */
  annalist_file_dialog_set_test_answer (TRUE, target);
  button = find_button (GTK_WIDGET (year_closing ()), "_Close the Academic Year…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  dialog = wait_for_dialog_headed ("Close the Academic Year 2022-2023?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  combo = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (combo);
  g_assert_true (gtk_widget_grab_focus (combo));
  popover = find_descendant (combo, GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_false (gtk_widget_get_visible (popover));

  g_assert_true (press_key_on_focus (combo, GDK_KEY_Return));
  for (int i = 0; i < 20; i++)
    iterate ();
  g_assert_false (annalist_year_closing_get_busy (year_closing ()));
  g_assert_false (g_file_test (exported, G_FILE_TEST_EXISTS));
  g_assert_false (annalist_closed_year_is_closed (annalist_window_get_store (window), 2022));
  g_assert_false (window_gone (dialog));
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Enter on the dialog's body: Cancel. */
  g_assert_true (press_key_on_focus (GTK_WIDGET (dialog), GDK_KEY_Return));
  g_assert_true (wait_for (window_gone, dialog));
  for (int i = 0; i < 20; i++)
    iterate ();
  g_assert_false (g_file_test (exported, G_FILE_TEST_EXISTS));
  g_assert_false (annalist_closed_year_is_closed (annalist_window_get_store (window), 2022));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-closing", FALSE);
  g_test_add_func ("/window-closing/enter-on-the-row", test_enter_on_the_row);
  g_test_add_func ("/window-closing/close-and-reopen", test_close_and_reopen);
  return window_test_run (NULL);
}
