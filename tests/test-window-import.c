/* test-window-import.c — the import assistant in the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the sample district: a CSV of events with Russian headers chosen
 * through the (test-answered) file dialog from the list's menu; the
 * guessed mapping, one column mapped by hand, the preview's counts and an
 * error row's sentence, the good rows imported, Ctrl+Z taking the import
 * back whole; then tab-separated rows pasted from the clipboard.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-file-dialog.h"
#include "annalist-store-private.h"
#include "annalist-import-assistant.h"
#include "annalist-list-export.h"
#include "window-test.h"

static AnnalistStore *
store (void)
{
  return annalist_window_get_store (window);
}

static gint64
count_kind (const char *kind,
            const char *search)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  gint64 n;

  query.search = search;
  n = annalist_store_count (store (), annalist_kind_lookup (kind), &query, &error);
  g_assert_no_error (error);
  return n;
}

static gint64
count_events (const char *search)
{
  return count_kind ("event", search);
}

static void
show_events (void)
{
  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "event");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (ANNALIST_IS_LIST_PAGE (annalist_window_get_page (window)));
}

static gboolean
preview_ready (gpointer data)
{
  return !annalist_import_assistant_preview_pending (data);
}

/* The assistant shows a label saying @data. */
static AnnalistImportAssistant *shown_in;

static gboolean
assistant_says (gpointer data)
{
  return find_widget (GTK_WIDGET (shown_in), is_label_saying, data) != NULL;
}

static gboolean
is_mapped_scrolled (GtkWidget *widget,
                    gpointer   data)
{
  return GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
list_counts (gpointer data)
{
  return annalist_list_page_get_count (list_page ()) == GPOINTER_TO_UINT (data);
}

static void
press (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* What a click does (activating waits for the press animation). */
  g_signal_emit_by_name (button, "clicked");
}

static const char events_csv[] =
  "Учебный год;Вид мероприятия;Название;Дата;Заметка для себя\n"
  "2022-2023;Научно-практическая конференция;Импорт из таблицы: первая;05.06.2023;первая заметка\n"
  "2022-2023;Научно-практическая конференция;Импорт из таблицы: вторая;31.02.2023;\n"
  "2022-2023;Научно-практическая конференция;Импорт из таблицы: третья;2023-06-07;третья заметка\n";

/* «Импорт…» with @file chosen in the file dialog: the assistant. */
static AnnalistImportAssistant *
choose_for_import (GFile *file)
{
  annalist_file_dialog_set_test_answer (TRUE, file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL));
  g_assert_true (wait_for (window_shown, (gpointer) ANNALIST_TYPE_IMPORT_ASSISTANT));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  /* The tables first; every file last: a table is told by what it holds. */
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_filters ()[0], ==, "Tables (.csv, .tsv, .txt, .ods, .xlsx)");
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_filters ()[4], ==, "All files");
  g_assert_null (annalist_file_dialog_get_test_offered_filters ()[5]);
  return find_window (ANNALIST_TYPE_IMPORT_ASSISTANT);
}

static void
test_import_file (void)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  g_autofree char *path = g_build_filename (test_dir, "события.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AnnalistImportAssistant *assistant;
  AnnalistImport *import;
  guint n_new, n_same, n_errors, n_shown, line;
  AnnalistImportVerdict verdict;
  const char *message;
  AdwMessageDialog *dialog;
  gint64 before = count_events (NULL);
  int notes = annalist_kind_field_index (event, "notes");
  guint listed;

  g_assert_true (g_file_set_contents (path, events_csv, -1, NULL));
  show_events ();
  listed = annalist_list_page_get_count (list_page ());
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  assistant = choose_for_import (file);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
  import = annalist_import_assistant_get_import (assistant);

  /* The source: a CSV, its separator detected. */
  g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 0);
  g_assert_nonnull (annalist_import_assistant_get_separator_row (assistant));
  g_assert_cmpuint (adw_combo_row_get_selected (annalist_import_assistant_get_separator_row (assistant)),
                    ==, 1);
  g_assert_null (annalist_import_assistant_get_sheet_row (assistant));
  save_screenshot (GTK_WIDGET (assistant), "import-source.png");
  /* Another separator reads the file again: one column, then five. */
  adw_combo_row_set_selected (annalist_import_assistant_get_separator_row (assistant), 0);
  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 1);
  g_assert_nonnull (annalist_import_assistant_get_column_row (assistant, 0));
  g_assert_null (annalist_import_assistant_get_column_row (assistant, 1));
  adw_combo_row_set_selected (annalist_import_assistant_get_separator_row (assistant), 1);
  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 5);
  g_assert_nonnull (annalist_import_assistant_get_column_row (assistant, 4));
  press (GTK_WIDGET (assistant), _("_Next"));
  g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 1);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
  iterate ();
  save_screenshot (GTK_WIDGET (assistant), "import-preview.png");

  /* The guess from the Russian headers, shown in the rows. */
  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 5);
  g_assert_cmpint (annalist_import_get_mapping (import, 0), ==, annalist_kind_field_index (event, "academic_year"));
  g_assert_cmpint (annalist_import_get_mapping (import, 1), ==, annalist_kind_field_index (event, "kind_id"));
  g_assert_cmpint (annalist_import_get_mapping (import, 2), ==, annalist_kind_field_index (event, "title"));
  g_assert_cmpint (annalist_import_get_mapping (import, 3), ==, annalist_kind_field_index (event, "date_start"));
  g_assert_cmpint (annalist_import_get_mapping (import, 4), ==, -1);
  for (guint c = 0; c < 5; c++)
    g_assert_cmpuint (adw_combo_row_get_selected (annalist_import_assistant_get_column_row (assistant, c)),
                      ==, (guint) (annalist_import_get_mapping (import, c) + 1));

  /* The preview of every row with its verdict. */
  annalist_import_assistant_get_counts (assistant, &n_new, &n_same, &n_errors, &n_shown);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_same, ==, 0);
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpuint (n_shown, ==, 3);
  g_assert_true (annalist_import_assistant_get_preview_row (assistant, 1, &line, &verdict, &message));
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpint (verdict, ==, ANNALIST_IMPORT_ERROR);
  shown_in = assistant;
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
    {
      /* meson runs the tests in English; screenshots are taken in Russian. */
      g_assert_cmpstr (message, ==, "row 3, “Дата”: “Date” holds a date that does not exist: 31.02.2023.");
      g_assert_true (wait_for (assistant_says, (gpointer) "a date that does not exist: 31.02.2023"));
      g_assert_true (wait_for (assistant_says, (gpointer) "New: 2 · already stored: 0 · in error: 1"));
    }
  g_assert_true (wait_for (assistant_says, (gpointer) "31.02.2023"));

  /* The note column mapped by hand: the preview runs again. */
  adw_combo_row_set_selected (annalist_import_assistant_get_column_row (assistant, 4), (guint) notes + 1);
  g_assert_cmpint (annalist_import_get_mapping (import, 4), ==, notes);
  g_assert_true (annalist_import_assistant_preview_pending (assistant));
  g_assert_true (wait_for (preview_ready, assistant));
  annalist_import_assistant_get_counts (assistant, &n_new, &n_same, &n_errors, &n_shown);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_errors, ==, 1);
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *scrolled = find_widget (GTK_WIDGET (assistant), is_mapped_scrolled, NULL);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
      iterate ();
      save_screenshot (GTK_WIDGET (assistant), "import-mapping.png");
    }

  /* Import: a row is in error, so only the good rows, when asked. */
  press (GTK_WIDGET (assistant), _("_Import"));
  dialog = wait_for_dialog_headed (_("Some Rows Are in Error"));
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "import-errors-dialog.png");
  g_assert_cmpint (count_events (NULL), ==, before);
  respond (dialog, "skip-bad");
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before + 2);
  g_assert_cmpint (count_events ("Импорт из таблицы"), ==, 2);
  g_assert_cmpint (count_events ("первая заметка"), ==, 1);
  {
    g_autofree char *said = g_strdup_printf (_("Records imported: %u"), 2);

    g_assert_true (wait_for (toast_says, said));
  }
  /* The list shows them. */
  g_assert_true (wait_for (list_counts, GUINT_TO_POINTER (listed + 2)));

  /* The mapping chosen is remembered for events. */
  {
    GApplication *application = g_application_get_default ();
    GSettings *settings = annalist_application_get_settings (ANNALIST_APPLICATION (application));
    g_autoptr(GVariant) mappings = g_settings_get_value (settings, "import-mappings");
    g_autofree char *lines = NULL;

    g_assert_true (g_variant_lookup (mappings, "event", "s", &lines));
    g_assert_nonnull (strstr (lines, "Заметка для себя=notes\n"));
  }

  /* Ctrl+Z takes the whole import back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (count_events (NULL), ==, before);
  g_assert_cmpint (count_events ("Импорт из таблицы"), ==, 0);
}

static void
test_paste_rows (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  AnnalistImportAssistant *assistant;
  AnnalistImport *import;
  guint n_new, n_same, n_errors, n_shown;
  gint64 before = count_events (NULL);
  g_autofree char *held = NULL;
  const char *text =
    "Учебный год\tВид мероприятия\tНазвание\tДата\tЗаметка для себя\r\n"
    "2022-2023\tНаучно-практическая конференция\tВставлено: одна\t10.06.2023\tиз буфера\r\n"
    "2022-2023\tНаучно-практическая конференция\tВставлено: другая\t11.06.2023\t\r\n";

  show_events ();
  gdk_clipboard_set_text (clipboard, text);
  /* The clipboard holds it (the window's own content, read back). */
  held = clipboard_text ();
  g_assert_cmpstr (held, ==, text);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-rows", NULL));
  g_assert_true (wait_for (window_shown, (gpointer) ANNALIST_TYPE_IMPORT_ASSISTANT));
  assistant = find_window (ANNALIST_TYPE_IMPORT_ASSISTANT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
  import = annalist_import_assistant_get_import (assistant);
  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 5);
  /* The mapping chosen for events before is applied over the guess. */
  g_assert_cmpint (annalist_import_get_mapping (import, 4), ==,
                   annalist_kind_field_index (annalist_kind_lookup ("event"), "notes"));
  /* Tab-separated, as it was pasted. */
  g_assert_cmpuint (adw_combo_row_get_selected (annalist_import_assistant_get_separator_row (assistant)),
                    ==, 2);

  press (GTK_WIDGET (assistant), _("_Next"));
  annalist_import_assistant_get_counts (assistant, &n_new, &n_same, &n_errors, &n_shown);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_errors, ==, 0);
  press (GTK_WIDGET (assistant), _("_Import"));
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before + 2);
  g_assert_cmpint (count_events ("из буфера"), ==, 1);

  /* The same rows again: both already stored, nothing added. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-rows", NULL));
  g_assert_true (wait_for (window_shown, (gpointer) ANNALIST_TYPE_IMPORT_ASSISTANT));
  assistant = find_window (ANNALIST_TYPE_IMPORT_ASSISTANT);
  press (GTK_WIDGET (assistant), _("_Next"));
  annalist_import_assistant_get_counts (assistant, &n_new, &n_same, &n_errors, &n_shown);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpuint (n_same, ==, 2);
  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before + 2);
}

/* A table file dropped on a list opens the assistant on it for that
 * list's kind, as «Импорт…» does; one file at a time. */
static void
test_drop_file (void)
{
  g_autofree char *path = g_build_filename (test_dir, "перетащено.csv", NULL);
  g_autofree char *other = g_build_filename (test_dir, "ещё.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) another = g_file_new_for_path (other);
  g_autoptr(GSList) two = NULL;
  GSList one = { file, NULL };
  GtkWidget *page;
  AnnalistImportAssistant *assistant;
  AnnalistImport *import;
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, events_csv, -1, &error);
  g_assert_no_error (error);
  show_events ();
  page = annalist_window_get_page (window);

  two = g_slist_prepend (g_slist_prepend (NULL, another), file);
  g_assert_false (drop_files (page, two, 10, 10));
  dialog = wait_for_dialog_headed (_("The File Cannot Be Imported"));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Drop one file at a time: 2 files were dropped.");
  respond (dialog, "close");
  g_assert_null (find_window (ANNALIST_TYPE_IMPORT_ASSISTANT));

  g_assert_true (drop_files (page, &one, 10, 10));
  g_assert_true (wait_for (window_shown, (gpointer) ANNALIST_TYPE_IMPORT_ASSISTANT));
  assistant = find_window (ANNALIST_TYPE_IMPORT_ASSISTANT);
  import = annalist_import_assistant_get_import (assistant);
  g_assert_true (annalist_import_get_kind (import) == annalist_kind_lookup ("event"));
  g_assert_cmpuint (annalist_import_get_n_columns (import), ==, 5);
  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (wait_for (window_gone, assistant));
}

static void
test_preview_of_a_big_file (void)
{
  g_autofree char *path = g_build_filename (test_dir, "много.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) csv = g_string_new ("Учебный год;Вид мероприятия;Название;Дата\n");
  AnnalistImportAssistant *assistant;
  guint n_new, n_shown, listed;
  gint64 start;
  gint64 before = count_events (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (csv, "2022-2023;Научно-практическая конференция;Строка %u;05.06.2023\n", i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  show_events ();
  listed = annalist_list_page_get_count (list_page ());

  assistant = choose_for_import (file);
  start = g_get_monotonic_time ();
  press (GTK_WIDGET (assistant), _("_Next"));
  g_test_message ("The preview of 100 000 rows took %.3f s",
                  (g_get_monotonic_time () - start) / 1e6);
  annalist_import_assistant_get_counts (assistant, &n_new, NULL, NULL, &n_shown);
  /* Only the rows shown are read. */
  g_assert_cmpuint (n_shown, ==, ANNALIST_IMPORT_PREVIEW_ROWS);
  g_assert_cmpuint (n_new, ==, ANNALIST_IMPORT_PREVIEW_ROWS);
  shown_in = assistant;
  {
    g_autofree char *said = g_strdup_printf (_("the first %u rows are shown"),
                                             (guint) ANNALIST_IMPORT_PREVIEW_ROWS);

    g_assert_true (wait_for (assistant_says, said));
  }
  /* The preview wrote nothing, and the list never showed its rows. */
  g_assert_cmpint (count_events (NULL), ==, before);
  g_assert_cmpuint (annalist_list_page_get_count (list_page ()), ==, listed);
  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before);
}

/* The sample's events written to .ods with every field: the sheet is
 * offered, and the rows are already stored. */
static void
test_sheet_already_stored (void)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  g_autofree char *path = g_build_filename (test_dir, "events.ods", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) fields = annalist_list_export_all_fields (event);
  g_autoptr(GError) error = NULL;
  AnnalistImportAssistant *assistant;
  AdwComboRow *sheet;
  guint n_new, n_same, n_errors, n_shown, n_rows;

  show_events ();
  n_rows = g_list_model_get_n_items (annalist_list_page_get_rows (list_page ()));
  g_assert_cmpuint (n_rows, >, 5);
  g_assert_true (annalist_list_export_write (store (), event, annalist_list_page_get_rows (list_page ()),
                                             fields, path, &error));
  g_assert_no_error (error);

  assistant = choose_for_import (file);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));

  /* A sheet, no separator. */
  g_assert_null (annalist_import_assistant_get_separator_row (assistant));
  sheet = annalist_import_assistant_get_sheet_row (assistant);
  g_assert_nonnull (sheet);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (sheet)), ==, 1);

  press (GTK_WIDGET (assistant), _("_Next"));
  annalist_import_assistant_get_counts (assistant, &n_new, &n_same, &n_errors, &n_shown);
  g_assert_cmpuint (n_shown, ==, n_rows);
  for (guint i = 0; i < n_shown; i++)
    {
      AnnalistImportVerdict verdict;
      const char *message;

      g_assert_true (annalist_import_assistant_get_preview_row (assistant, i, NULL, &verdict, &message));
      if (verdict != ANNALIST_IMPORT_SAME)
        g_test_message ("row %u: %d %s", i, verdict, message);
    }
  /* Every row is already stored, the two whose notes end in a space too
   * (the .ods keeps it as text:s). */
  g_assert_cmpuint (n_errors, ==, 0);
  g_assert_cmpuint (n_same, ==, n_shown);
  g_assert_cmpuint (n_new, ==, 0);
  gtk_window_close (GTK_WINDOW (assistant));
  g_assert_true (wait_for (window_gone, assistant));
}

/* A value that matches nothing in its dictionary: one confirmation, then
 * the value is added and the rows that name it imported. */
static void
test_values_to_create (void)
{
  g_autofree char *path = g_build_filename (test_dir, "пикники.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AnnalistImportAssistant *assistant;
  AdwMessageDialog *dialog;
  gint64 before = count_events (NULL);
  guint n_errors;

  g_assert_true (g_file_set_contents (path,
                                      "Учебный год,Вид мероприятия,Название\n"
                                      "2022-2023,Пикник методистов,Летний пикник\n"
                                      "2022-2023,Пикник методистов,Осенний пикник\n"
                                      "2022-2023,Пикник методистов,Зимний пикник\n", -1, NULL));
  show_events ();
  assistant = choose_for_import (file);
  /* A comma this time. */
  g_assert_cmpuint (adw_combo_row_get_selected (annalist_import_assistant_get_separator_row (assistant)),
                    ==, 0);
  press (GTK_WIDGET (assistant), _("_Next"));
  /* Until confirmed, the rows are in error; the sentence names no
   * command-line option, the preview says how this window adds them. */
  annalist_import_assistant_get_counts (assistant, NULL, NULL, &n_errors, NULL);
  g_assert_cmpuint (n_errors, ==, 3);
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") == NULL)
  {
    const char *message;

    g_assert_true (annalist_import_assistant_get_preview_row (assistant, 0, NULL, NULL, &message));
    g_assert_cmpstr (message, ==, "row 2, “Вид мероприятия”: “Пикник методистов” is not in «Event kinds».");
    g_assert_null (strstr (message, "--"));
    shown_in = assistant;
    g_assert_true (wait_for (assistant_says,
                             (gpointer) "Values not in their dictionaries can be added: press «Import» and confirm."));
  }

  press (GTK_WIDGET (assistant), _("_Import"));
  dialog = wait_for_dialog_headed (_("Add Values to the Dictionaries?"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Пикник методистов"));
  respond (dialog, "create");
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before + 3);
  g_assert_cmpint (count_events ("пикник"), ==, 3);
  g_assert_cmpint (count_kind ("event_kind", "Пикник методистов"), ==, 1);
  /* The toast's «Undo» (once the earlier toasts have gone) takes back
   * the records and the value added, as one step. */
  {
    g_autofree char *said = g_strdup_printf (_("Records imported: %u"), 3);
    GtkWidget *undo;

    GtkWidget *label;

    g_assert_true (wait_for (toast_says, said));
    /* The button of that toast (an earlier one may still be leaving). */
    label = find_widget (GTK_WIDGET (window), is_label_saying, said);
    undo = NULL;
    for (GtkWidget *up = gtk_widget_get_parent (label); up != NULL && undo == NULL;
         up = gtk_widget_get_parent (up))
      {
        if (ADW_IS_TOAST_OVERLAY (up))
          break;
        undo = find_button (up, _("_Undo"));
      }
    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
  }
  g_assert_cmpint (count_events (NULL), ==, before);
  g_assert_cmpint (count_kind ("event_kind", "Пикник методистов"), ==, 0);
}

/* The history as stored: its sets and rows («count max-id count»). */
static char *
history_state (void)
{
  sqlite3_stmt *stmt = NULL;
  char *state;

  g_assert_cmpint (sqlite3_prepare_v2 (annalist_store_get_db (store ()),
                                       "SELECT (SELECT count (*) FROM change_set), "
                                       "(SELECT ifnull (max (id), 0) FROM change_set), "
                                       "(SELECT count (*) FROM change_row)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  state = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                           (gint64) sqlite3_column_int64 (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 1),
                           (gint64) sqlite3_column_int64 (stmt, 2));
  sqlite3_finalize (stmt);
  return state;
}

/* A CSV of @n_rows new events named «@title N». */
static char *
write_events_csv (const char *name,
                  const char *title,
                  guint       n_rows)
{
  char *path = g_build_filename (test_dir, name, NULL);
  g_autoptr(GString) csv = g_string_new ("Учебный год;Вид мероприятия;Название;Дата\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "2022-2023;Научно-практическая конференция;%s %u;05.06.2023\n", title, i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return path;
}

static AnnalistImportAssistant *
open_assistant_on (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AnnalistImportAssistant *assistant;

  show_events ();
  assistant = choose_for_import (file);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (assistant));
  press (GTK_WIDGET (assistant), _("_Next"));
  g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 1);
  return assistant;
}

/* What a run over the whole file showed, seen from a timeout that runs
 * while the row callback lets the main loop turn. */
typedef struct
{
  AnnalistImportAssistant *assistant;
  GArray                  *fractions;     /* double, as the bar showed them */
  gboolean                 cancel;        /* press «Cancel» once the import is half done */
  gboolean                 by_closing;    /* close the window instead (Escape does) */
  gboolean                 cancelled;
  gboolean                 back_sensitive; /* seen during the run */
  gboolean                 saw_importing;
} Watch;

static gboolean
watch_run (gpointer data)
{
  Watch *watch = data;
  AnnalistImportAssistant *assistant = watch->assistant;
  GtkProgressBar *bar;
  double fraction;

  if (!annalist_import_assistant_is_running (assistant))
    return G_SOURCE_CONTINUE;
  bar = annalist_import_assistant_get_progress_bar (assistant);
  fraction = gtk_progress_bar_get_fraction (bar);
  g_array_append_val (watch->fractions, fraction);
  g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 2);
  if (gtk_widget_is_sensitive (find_button (GTK_WIDGET (assistant), _("_Back"))))
    watch->back_sensitive = TRUE;
  if (find_widget (GTK_WIDGET (assistant), is_label_saying, (gpointer) _("Importing the Rows")) == NULL)
    return G_SOURCE_CONTINUE;
  watch->saw_importing = TRUE;
  if (watch->cancel && !watch->cancelled && fraction > 0.3)
    {
      save_screenshot (GTK_WIDGET (assistant), "import-progress.png");
      if (watch->by_closing)
        gtk_window_close (GTK_WINDOW (assistant));
      else
        press (GTK_WIDGET (assistant), _("_Cancel"));
      watch->cancelled = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

/* «Cancel» in the middle of the import (or closing the window, as
 * Escape does: @data): the transaction is rolled back, the step says
 * nothing was imported, and the database is as before. */
static void
test_cancel_import (gconstpointer data)
{
  g_autofree char *path = write_events_csv ("отменить.csv", "Отменённый импорт", 40000);
  AnnalistImportAssistant *assistant;
  Watch watch = { 0 };
  gint64 before = count_events (NULL);
  g_autofree char *history = history_state ();
  g_autofree char *history_after = NULL;
  guint source;

  assistant = open_assistant_on (path);
  watch.assistant = assistant;
  watch.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  watch.cancel = TRUE;
  watch.by_closing = GPOINTER_TO_INT (data);
  source = g_timeout_add (5, watch_run, &watch);
  /* Returns once the run is over: it lets the main loop turn meanwhile. */
  press (GTK_WIDGET (assistant), _("_Import"));
  g_source_remove (source);

  g_assert_true (watch.saw_importing);
  g_assert_true (watch.cancelled);
  g_assert_false (watch.back_sensitive);
  g_assert_cmpuint (watch.fractions->len, >, 0);
  g_assert_false (annalist_import_assistant_is_running (assistant));
  /* The step says so, and the window stays until closed. */
  g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 2);
  shown_in = assistant;
  g_assert_true (wait_for (assistant_says, (gpointer) _("Import Cancelled")));
  g_assert_true (wait_for (assistant_says,
                           (gpointer) _("Nothing was imported: the database is exactly as it was before.")));
  g_assert_cmpint (count_events (NULL), ==, before);
  g_assert_cmpint (count_events ("Отменённый импорт"), ==, 0);
  history_after = history_state ();
  g_assert_cmpstr (history_after, ==, history);
  if (!watch.by_closing)
    save_screenshot (GTK_WIDGET (assistant), "import-cancelled.png");

  /* Back to the columns and closed as usual, or closed from the step. */
  if (watch.by_closing)
    press (GTK_WIDGET (assistant), _("_Close"));
  else
    {
      press (GTK_WIDGET (assistant), _("_Back"));
      g_assert_cmpuint (annalist_import_assistant_get_step (assistant), ==, 1);
      gtk_window_close (GTK_WINDOW (assistant));
    }
  g_assert_true (wait_for (window_gone, assistant));
  g_assert_cmpint (count_events (NULL), ==, before);
  g_array_unref (watch.fractions);
}

/* Without «Cancel» the bar moves on and reaches its end, with every row
 * counted. */
static void
test_progress_to_the_end (void)
{
  const guint n_rows = 20000;
  g_autofree char *path = write_events_csv ("до-конца.csv", "Импорт до конца", n_rows);
  g_autofree char *all_read = g_strdup_printf (_("Rows read: %u"), n_rows);
  AnnalistImportAssistant *assistant;
  GtkProgressBar *bar;
  Watch watch = { 0 };
  gint64 before = count_events (NULL);
  guint source, n_between = 0;
  double last = 0;

  assistant = open_assistant_on (path);
  bar = annalist_import_assistant_get_progress_bar (assistant);
  watch.assistant = assistant;
  watch.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  source = g_timeout_add (5, watch_run, &watch);
  g_object_ref (assistant);
  press (GTK_WIDGET (assistant), _("_Import"));
  g_source_remove (source);

  /* The bar was seen part way, and ended full with every row read. */
  g_assert_true (watch.saw_importing);
  for (guint i = 0; i < watch.fractions->len; i++)
    {
      double fraction = g_array_index (watch.fractions, double, i);

      n_between += fraction > 0 && fraction < 1;
    }
  g_test_message ("The bar was seen %u times, %u part way", watch.fractions->len, n_between);
  g_assert_cmpuint (n_between, >, 0);
  last = gtk_progress_bar_get_fraction (bar);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, all_read);
  g_assert_true (wait_for (window_gone, assistant));
  g_object_unref (assistant);
  g_assert_cmpint (count_events (NULL), ==, before + n_rows);
  g_assert_cmpint (count_events ("Импорт до конца"), ==, n_rows);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (count_events (NULL), ==, before);
  g_array_unref (watch.fractions);
}

/* The real file dialog, not the tests' answer: GtkFileChooserNative when
 * built against GTK 4.8, GtkFileDialog against 4.10 and newer (the second
 * CI lane). Without a portal both show GTK's own dialog; closing it answers
 * no file, once. */
static void
file_dialog_answered (GObject  *owner,
                      GFile    *file,
                      gpointer  user_data)
{
  guint *answers = user_data;

  g_assert_null (file);
  (*answers)++;
}

static gboolean
window_titled (gpointer title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) shown = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (shown), title) == 0 && gtk_widget_get_visible (GTK_WIDGET (shown)))
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
find_window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) shown = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (shown), title) == 0)
        return shown;
    }
  return NULL;
}

static gboolean
answered (gpointer answers)
{
  return *(guint *) answers > 0;
}

static void
test_real_file_dialog (gconstpointer saving)
{
  static const AnnalistFileType types[] = {
    { "CSV", "*.csv", "text/csv", ".csv" },
  };
  const char *title = saving ? "A file dialog to save" : "A file dialog to open";
  guint answers = 0;
  GtkWindow *dialog;

  g_test_message ("GTK %u.%u: %s", gtk_get_major_version (), gtk_get_minor_version (),
                  annalist_file_dialog_uses_gtk_file_dialog () ? "GtkFileDialog" : "GtkFileChooserNative");
  /* The version check at build time agrees with the toolkit it runs on. */
  g_assert_true (annalist_file_dialog_uses_gtk_file_dialog () == (gtk_get_minor_version () >= 10));

  if (saving)
    annalist_file_dialog_save (GTK_WIDGET (window), title, "Save", "Отчёт", types, G_N_ELEMENTS (types),
                               G_OBJECT (window), file_dialog_answered, &answers);
  else
    annalist_file_dialog_open (GTK_WIDGET (window), title, "Open", types, G_N_ELEMENTS (types),
                               G_OBJECT (window), file_dialog_answered, &answers);
  g_assert_true (wait_for (window_titled, (gpointer) title));
  dialog = find_window_titled (title);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (dialog));
  gtk_window_close (dialog);
  g_assert_true (wait_for (answered, &answers));
  iterate ();
  g_assert_cmpuint (answers, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-import", TRUE);
  g_test_add_func ("/window-import/file", test_import_file);
  g_test_add_data_func ("/window-import/real-file-dialog/open", GINT_TO_POINTER (FALSE), test_real_file_dialog);
  g_test_add_data_func ("/window-import/real-file-dialog/save", GINT_TO_POINTER (TRUE), test_real_file_dialog);
  g_test_add_func ("/window-import/paste", test_paste_rows);
  g_test_add_func ("/window-import/drop", test_drop_file);
  g_test_add_func ("/window-import/values-to-create", test_values_to_create);
  g_test_add_func ("/window-import/sheet-already-stored", test_sheet_already_stored);
  g_test_add_func ("/window-import/big-file-preview", test_preview_of_a_big_file);
  g_test_add_data_func ("/window-import/cancel", GINT_TO_POINTER (FALSE), test_cancel_import);
  g_test_add_data_func ("/window-import/cancel-by-closing", GINT_TO_POINTER (TRUE), test_cancel_import);
  g_test_add_func ("/window-import/progress-to-the-end", test_progress_to_the_end);
  return window_test_run (NULL);
}
