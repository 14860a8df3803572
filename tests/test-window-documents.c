/* test-window-documents.c — the window's documents: the report page, the
 * «Документы» page and the indicator grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application on a temporary database holding one school
 * (window-test.c) and, from its "activate", the tests below: the texts of
 * the reports, templates loaded, renamed, deleted, replaced and exported
 * from the «Документы» page with the dialogs answered, and the values
 * typed into the indicator grid. Run under Xvfb.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "annalist-computed.h"
#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-documents-page.h"
#include "annalist-exporter.h"
#include "annalist-file-dialog.h"
#include "annalist-indicator-page.h"
#include "annalist-report-page.h"
#include "annalist-preferences-window.h"
#include "annalist-store-private.h"

#include "window-test.h"

/* The report page and the settings -------------------------------------------------- */

static gboolean
is_export_report_button (GtkWidget *widget,
                         gpointer   data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.export-report") == 0;
}

static gboolean
report_can_export (gpointer page)
{
  return annalist_report_page_can_export (page);
}

/* The page has its own year, never «all»; a year without records says so
 * and is not exported. */
static void
test_report_year (AnnalistReportPage *page)
{
  GtkWidget *export = find_widget (GTK_WIDGET (window), is_export_report_button, NULL);
  AdwComboRow *years = annalist_report_page_get_year_row (page);
  AdwActionRow *status = annalist_report_page_get_status_row (page);
  int empty = annalist_academic_year_current () + 1;
  g_autofree char *empty_label = annalist_academic_year_label (empty);
  g_autofree char *saying = g_strdup_printf (_("There are no records for the %s academic year"),
                                             empty_label);
  GtkStringObject *chosen;

  g_assert_nonnull (export);
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2022);
  /* The text just written is the year's first record: the page sees it
   * once the store's changes have settled. */
  g_assert_true (wait_for (report_can_export, page));
  g_assert_true (gtk_widget_get_sensitive (export));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status)));

  /* All years in the window: the page keeps the year it has. */
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2022);
  chosen = adw_combo_row_get_selected_item (years);
  g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, "2022-2023");
  g_assert_true (gtk_widget_get_sensitive (export));

  /* A year chosen on the page with no records: said, and not exported. */
  g_assert_cmpuint (adw_combo_row_get_selected (years), >=, 1);
  adw_combo_row_set_selected (years, 0);
  g_assert_cmpint (annalist_report_page_get_year (page), ==, empty);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status)), ==, saying);
  g_assert_false (annalist_report_page_can_export (page));
  g_assert_false (gtk_widget_get_sensitive (export));
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
      gtk_window_unmaximize (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      save_screenshot (GTK_WIDGET (window), "report-empty-year.png");
    }

  /* Away and back with all years: still the page's own year. */
  annalist_window_show_section (window, "event");
  annalist_window_show_section (window, "report");
  g_assert_cmpint (annalist_report_page_get_year (page), ==, empty);
  g_assert_false (gtk_widget_get_sensitive (export));

  /* A year in the window: the page follows it. */
  annalist_window_set_year (window, 2022);
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2022);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_true (gtk_widget_get_sensitive (export));

  /* A year chosen on the page while the window shows one: the window
   * follows, so that the page and the header never disagree and the
   * page keeps it when shown again. */
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (years)); i++)
    {
      g_autoptr(GtkStringObject) label = g_list_model_get_item (adw_combo_row_get_model (years), i);

      if (g_str_equal (gtk_string_object_get_string (label), "2021-2022"))
        adw_combo_row_set_selected (years, i);
    }
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2021);
  g_assert_cmpint (annalist_window_get_year (window), ==, 2021);
  annalist_window_show_section (window, "event");
  annalist_window_show_section (window, "report");
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2021);
  annalist_window_set_year (window, 2022);
  g_assert_cmpint (annalist_report_page_get_year (page), ==, 2022);
}

static void
test_report_and_settings (void)
{
  GtkWidget *page;
  guint n = 0;
  GtkTextView *view;
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  AnnalistStore *store = annalist_window_get_store (window);
  g_autoptr(AnnalistTemplate) report = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, NULL);
  const AnnalistTextSlot *slots = annalist_template_get_text_slots (report, &n);

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "report");
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_REPORT_PAGE (page));
  /* The page has a text for each place the report's template keeps. */
  g_assert_cmpuint (n, >, 0);

  view = annalist_report_page_get_text (ANNALIST_REPORT_PAGE (page), slots[0].key);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Задачи года решены.", -1);
  annalist_report_page_flush (ANNALIST_REPORT_PAGE (page));
  query.year = 2022;
  g_assert_cmpint (annalist_store_count (store, annalist_kind_lookup ("report_narrative"),
                                         &query, NULL), ==, 1);

  test_report_year (ANNALIST_REPORT_PAGE (page));

  /* The settings are in the Preferences window (test-window-prefs.c has
   * the rest): Enter saves at once, closing saves what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  {
    AnnalistPreferencesWindow *prefs = ANNALIST_PREFERENCES_WINDOW (annalist_window_get_preferences (window));
    AdwEntryRow *row = annalist_preferences_window_get_row (prefs, "city");
    g_autofree char *city = NULL;
    g_autofree char *head = NULL;

    gtk_editable_set_text (GTK_EDITABLE (row), "Санкт-Петербург");
    g_signal_emit_by_name (row, "entry-activated");
    city = annalist_store_get_setting (store, "city");
    g_assert_cmpstr (city, ==, "Санкт-Петербург");

    row = annalist_preferences_window_get_row (prefs, "head_name");
    gtk_editable_set_text (GTK_EDITABLE (row), "  Иванова Мария Петровна ");
    gtk_window_close (GTK_WINDOW (prefs));
    iterate ();
    head = annalist_store_get_setting (store, "head_name");
    g_assert_cmpstr (head, ==, "Иванова Мария Петровна");
  }
}

/* The «Документы» page -------------------------------------------------------------- */

#define TEMPLATE_NS \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "

/* A small flat template, as Writer would save it, in the test's folder. */
static GFile *
write_template (const char *file_name,
                const char *title,
                const char *body)
{
  g_autofree char *path = g_build_filename (test_dir, file_name, NULL);
  g_autofree char *text = g_strconcat (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document " TEMPLATE_NS "office:version=\"1.3\" "
    "office:mimetype=\"application/vnd.oasis.opendocument.text\">"
    "<office:meta><dc:title>", title, "</dc:title></office:meta>"
    "<office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"/></office:styles>"
    "<office:body><office:text>", body, "</office:text></office:body></office:document>\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
row_shown (gpointer document)
{
  return annalist_documents_page_get_row (documents_page (), document) != NULL;
}

static gboolean
row_gone (gpointer document)
{
  return annalist_documents_page_get_row (documents_page (), document) == NULL;
}

static gboolean
row_has_subtitle (gpointer subtitle)
{
  AdwActionRow *row = annalist_documents_page_get_row (documents_page (),
                                                       ANNALIST_DOCUMENT_ANNUAL_REPORT);

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (row), subtitle) == 0;
}

static gboolean
file_holds (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) &&
         strstr (contents, "{{year}}: {{count event}}</text:p></office:text>") != NULL;
}

static guint
n_user_templates (void)
{
  g_autoptr(GPtrArray) list = annalist_documents_list (annalist_window_get_store (window), NULL);
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    n += ((AnnalistDocumentInfo *) g_ptr_array_index (list, i))->user_id != 0;
  return n;
}
/* Answers the name dialog of a loaded or renamed template. */
static void
answer_name (const char *heading,
             const char *name)
{
  AdwMessageDialog *dialog = wait_for_dialog_headed (heading);
  GtkWidget *entry = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (entry);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), name);
  respond (dialog, "name");
}

static void
test_documents (void)
{
  AnnalistDocumentsPage *page;
  AdwActionRow *row;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  g_autofree char *exported = g_build_filename (test_dir, "exported.odt", NULL);
  g_autoptr(GFile) small = NULL;
  g_autoptr(GFile) faulty = NULL;
  guint n_before;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  page = documents_page ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The built-in annual report, with what it is written for. */
  row = annalist_documents_page_get_row (page, ANNALIST_DOCUMENT_ANNUAL_REPORT);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Аналитический отчёт");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "For an academic year");

  /* Its Export button writes it for the window's year, the file chooser
   * answered by the test. */
  export_row (row, exported);
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==,
                   "Аналитический отчёт 2022-2023.odt");
  /* A file is written as one of the types it can be, never «All files». */
  g_assert_false (g_strv_contains (annalist_file_dialog_get_test_offered_filters (), "All files"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (find_button (GTK_WIDGET (window), "_Open"));

  /* A template of one's own, loaded from a file and named after its
   * title, is listed with what it is written for. */
  n_before = n_user_templates ();
  small = write_template ("справка.fodt", "Справка о семинарах",
                          "<text:p text:style-name=\"Standard\">{{year}}: {{count event}}</text:p>");
  annalist_file_dialog_set_test_answer (TRUE, small);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.load", "s", ""));
  answer_name ("Load a Template", NULL);
  /* Templates first; every file last, for a .docx, which is then said
   * to be one. */
  {
    const char * const *offered = annalist_file_dialog_get_test_offered_filters ();

    g_assert_cmpuint (g_strv_length ((char **) offered), ==, 2);
    g_assert_cmpstr (offered[0], ==, "Text documents and templates (.odt, .ott, .fodt)");
    g_assert_cmpstr (offered[1], ==, "All files");
  }
  g_assert_true (wait_for (row_shown, "Справка о семинарах"));
  row = annalist_documents_page_get_row (page, "Справка о семинарах");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "For an academic year");
  g_assert_cmpuint (n_user_templates (), ==, n_before + 1);

  /* A template with a mistake is refused with the engine's sentence, and
   * nothing is saved. */
  faulty = write_template ("ошибка.fodt", "Ошибка",
                           "<text:p text:style-name=\"Standard\">{{yaer}}</text:p>");
  annalist_file_dialog_set_test_answer (TRUE, faulty);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.load", "s", ""));
  dialog = wait_for_dialog_headed ("The Template Was Not Loaded");
  if (strstr (adw_message_dialog_get_body (dialog), "unknown name “yaer”; perhaps “year”") == NULL)
    g_error ("The refusal says “%s”", adw_message_dialog_get_body (dialog));
  respond (dialog, "close");
  g_assert_cmpuint (n_user_templates (), ==, n_before + 1);
  g_assert_null (annalist_documents_page_get_row (page, "Ошибка"));

  /* Renamed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.rename", "s",
                                             "Справка о семинарах"));
  answer_name ("Rename “Справка о семинарах”", "Справка");
  g_assert_true (wait_for (row_shown, "Справка"));
  g_assert_null (annalist_documents_page_get_row (page, "Справка о семинарах"));

  /* A name that is another document's as the search folds it, «ё» as
   * «е» and case aside, is that name: it was taken beside the built-in
   * «Аналитический отчёт». */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.rename", "s", "Справка"));
  dialog = wait_for_dialog_headed ("Rename “Справка”");
  {
    GtkWidget *entry = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

    gtk_editable_set_text (GTK_EDITABLE (entry), "аналитический отчет");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "name"));
    g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying,
                                   "Another document is already called “Аналитический отчёт”"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Справка о семинарах");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "name"));
  }
  respond (dialog, "cancel");
  g_assert_nonnull (annalist_documents_page_get_row (page, "Справка"));

  /* F2 on its row renames it, as the menu does. */
  g_assert_true (press_key (GTK_WIDGET (annalist_documents_page_get_row (page, "Справка")), GDK_KEY_F2));
  respond (wait_for_dialog_headed ("Rename “Справка”"), "cancel");

  /* Deleted by the Delete key on its row, and back with the toast's
   * Undo. */
  g_assert_true (press_key (GTK_WIDGET (annalist_documents_page_get_row (page, "Справка")), GDK_KEY_Delete));
  g_assert_true (wait_for (row_gone, "Справка"));
  g_assert_cmpuint (n_user_templates (), ==, n_before);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  button = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (row_shown, "Справка"));
  g_assert_cmpuint (n_user_templates (), ==, n_before + 1);

  /* A template in place of the built-in report: the row says it is
   * changed; giving the built-in one back can be undone too. */
  annalist_file_dialog_set_test_answer (TRUE, small);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.load", "s",
                                             ANNALIST_DOCUMENT_ANNUAL_REPORT));
  answer_name ("Load a Template in Place of “Аналитический отчёт”", "Наш отчёт");
  g_assert_true (wait_for (row_has_subtitle, "For an academic year · changed"));
  row = annalist_documents_page_get_row (page, ANNALIST_DOCUMENT_ANNUAL_REPORT);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Наш отчёт");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.restore", "s",
                                             ANNALIST_DOCUMENT_ANNUAL_REPORT));
  g_assert_true (wait_for (row_has_subtitle, "For an academic year"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  button = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (row_has_subtitle, "For an academic year · changed"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.restore", "s",
                                             ANNALIST_DOCUMENT_ANNUAL_REPORT));
  g_assert_true (wait_for (row_has_subtitle, "For an academic year"));

  /* Saved to be changed in Writer: the built-in one as a package, the
   * user's own as it was loaded, under its file's name. */
  {
    g_autofree char *odt = g_build_filename (test_dir, "шаблон", NULL);
    g_autofree char *odt_written = g_strconcat (odt, ".odt", NULL);
    g_autofree char *fodt = g_build_filename (test_dir, "копия.fodt", NULL);
    g_autoptr(GFile) odt_file = g_file_new_for_path (odt);
    g_autoptr(GFile) fodt_file = g_file_new_for_path (fodt);
    g_autofree char *contents = NULL;
    gsize length = 0;

    annalist_file_dialog_set_test_answer (TRUE, odt_file);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.save-template", "s",
                                               ANNALIST_DOCUMENT_ANNUAL_REPORT));
    g_assert_true (wait_for (file_written, odt_written));
    g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "Аналитический отчёт.odt");
    g_assert_true (g_file_get_contents (odt_written, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 4);
    g_assert_cmpint (memcmp (contents, "PK\003\004", 4), ==, 0);
    g_clear_pointer (&contents, g_free);

    annalist_file_dialog_set_test_answer (TRUE, fodt_file);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.save-template", "s",
                                               "Справка"));
    /* Written as it was loaded (the file fills as it is written). */
    g_assert_true (wait_for (file_holds, fodt));
    g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "справка.fodt");
  }

  annalist_file_dialog_set_test_answer (FALSE, NULL);
}

/* Files dropped on the page ---------------------------------------------------------- */

static gboolean
is_titled (gpointer title)
{
  g_autoptr(AnnalistTemplate) tmpl = annalist_documents_open (annalist_window_get_store (window),
                                                              "Справка из файла", NULL);

  return tmpl != NULL && g_strcmp0 (annalist_template_get_title (tmpl), title) == 0;
}

/* Scrolls @row into view, as the user would, until it is there. */
static gboolean
scrolled_to (gpointer row)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t top;

  if (!gtk_widget_compute_point (row, scroller, &GRAPHENE_POINT_INIT (0, 0), &top))
    return FALSE;
  if (top.y >= 0 && top.y + gtk_widget_get_height (row) <= gtk_widget_get_height (scroller))
    return TRUE;
  gtk_adjustment_set_value (scroll, gtk_adjustment_get_value (scroll) + top.y);
  return FALSE;
}

/* The file at @path dropped on @page is refused in a dialog saying @says. */
static void
drop_refused (AnnalistDocumentsPage *page,
              const char            *path,
              const char            *says)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList dropped = { file, NULL };
  AdwMessageDialog *dialog;

  g_assert_true (drop_files (GTK_WIDGET (page), &dropped, 1, 1));
  dialog = wait_for_dialog_headed ("The Template Was Not Loaded");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, says);
  respond (dialog, "close");
}

/* The window of the kinds and fields a template may name. */
static gboolean
is_group_named (GtkWidget *widget,
                gpointer   name)
{
  return ADW_IS_PREFERENCES_GROUP (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
is_row_named (GtkWidget *widget,
              gpointer   name)
{
  return ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static guint
n_fields_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      n += gtk_widget_get_visible (GTK_WIDGET (w)) && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), "template-fields") == 0;
    }
  return n;
}

static gboolean
is_search_entry (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

static gboolean
is_visible_row_named (GtkWidget *widget,
                      gpointer   name)
{
  return is_row_named (widget, name) && gtk_widget_get_visible (widget);
}

/* Whether this process has put @text on the clipboard (read at once,
 * where clipboard_text () waits for the read). */
static gboolean
clipboard_says (gpointer text)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  GValue value = G_VALUE_INIT;
  gboolean says;

  g_value_init (&value, G_TYPE_STRING);
  says = content != NULL && gdk_content_provider_get_value (content, &value, NULL) &&
         g_strcmp0 (g_value_get_string (&value), text) == 0;
  g_value_unset (&value);
  return says;
}

/* One window however often asked for, beside the main one; a group a
 * kind, stored or computed, with the loop over it; a row a field, with
 * its label and the placeholder to type, which the row copies. */
static void
test_documents_fields (void)
{
  AnnalistDocumentsPage *page;
  GtkWidget *fields, *group, *row;
  const AnnalistKind * const *kinds;
  guint n;

  annalist_window_show_section (window, "documents");
  page = documents_page ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.fields", NULL));
  g_assert_true (wait_for (window_named_shown, "template-fields"));
  fields = find_window_named ("template-fields");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fields)), ==, "Template Fields");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (fields)) == GTK_WINDOW (window));
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (fields)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.fields", NULL));
  iterate ();
  g_assert_cmpuint (n_fields_windows (), ==, 1);

  kinds = annalist_kinds_all (&n);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (find_widget (fields, is_group_named, (gpointer) kinds[i]->name));
  kinds = annalist_computed_kinds (&n);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (find_widget (fields, is_group_named, (gpointer) kinds[i]->name));

  group = find_widget (fields, is_group_named, "event");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Events");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                            "{{#each event}} … {{/each}}"));
  row = find_widget (group, is_row_named, "kind_id");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Event kind");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "{{kind}} — a value of “Event kinds”");
  /* The document's own values first, and the settings. */
  group = find_widget (fields, is_group_named, "values");
  g_assert_nonnull (group);
  row = find_widget (group, is_row_named, "next_year");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "The next academic year");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "{{next_year}}");
  row = find_widget (group, is_row_named, "setting.head_name");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "{{setting.head_name}}");
  group = find_widget (fields, is_group_named, "rating");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "Computed"));

  /* Activated, a row copies its placeholder, to be pasted into Writer. */
  row = find_widget (find_widget (fields, is_group_named, "event"), is_row_named, "date_start");
  gdk_clipboard_set_text (gtk_widget_get_clipboard (row), "before");
  adw_action_row_activate (ADW_ACTION_ROW (row));
  /* A button activated clicks when its press has been shown. */
  g_assert_true (wait_for (clipboard_says, "{{date_start}}"));
  /* The group's button copies the loop. */
  group = find_widget (fields, is_group_named, "event");
  gtk_widget_activate (adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group)));
  g_assert_true (wait_for (clipboard_says, "{{#each event}}"));
  {
    g_autofree char *pasted = clipboard_text ();

    g_assert_cmpstr (pasted, ==, "{{#each event}}");
  }

  /* Typing searches in place: the rows found keep their copy buttons,
   * their groups stay, the others go; Enter copies the first found. */
  {
    GtkWidget *entry = find_widget (fields, is_search_entry, NULL);
    GtkWidget *stack;

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "end DATE  events");
    g_signal_emit_by_name (entry, "search-changed");
    group = find_widget (fields, is_group_named, "event");
    g_assert_true (gtk_widget_get_visible (group));
    row = find_widget (group, is_row_named, "date_end");
    g_assert_true (gtk_widget_get_visible (row));
    g_assert_false (gtk_widget_get_visible (find_widget (group, is_row_named, "date_start")));
    g_assert_false (gtk_widget_get_visible (find_widget (fields, is_group_named, "values")));
    g_assert_nonnull (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
    gdk_clipboard_set_text (gtk_widget_get_clipboard (row), "before");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (wait_for (clipboard_says, "{{date_end}}"));
    /* By the placeholder too. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "{{next_year");
    g_signal_emit_by_name (entry, "search-changed");
    g_assert_nonnull (find_widget (fields, is_visible_row_named, "next_year"));
    g_assert_false (gtk_widget_get_visible (find_widget (fields, is_group_named, "event")));
    /* Nothing found says so. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "щщщ");
    g_signal_emit_by_name (entry, "search-changed");
    stack = gtk_widget_get_ancestor (find_widget (fields, is_group_named, "event"), GTK_TYPE_STACK);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_signal_emit_by_name (entry, "search-changed");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "fields");
    g_assert_true (gtk_widget_get_visible (find_widget (fields, is_row_named, "date_start")));
  }

  gtk_window_close (GTK_WINDOW (fields));
  g_assert_true (wait_for (window_gone, fields));
}

/* A template file dropped on the page is loaded as «Load Template…»
 * loads one; dropped on a document's row, in that document's place. */
static void
test_documents_drop (void)
{
  AnnalistDocumentsPage *page;
  GtkWidget *row;
  AdwMessageDialog *dialog;
  g_autoptr(GFile) first = write_template ("из-файла.fodt", "Справка из файла",
                                           "<text:p text:style-name=\"Standard\">{{count event}}</text:p>");
  g_autoptr(GFile) second = write_template ("другая.fodt", "Другая справка",
                                            "<text:p text:style-name=\"Standard\">{{year}}</text:p>");
  GSList *one = g_slist_prepend (NULL, first);
  GSList *two = g_slist_prepend (g_slist_copy (one), second);
  graphene_point_t middle;
  guint n_before = n_user_templates ();

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  page = documents_page ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* One template at a time. */
  g_assert_false (drop_files (GTK_WIDGET (page), two, 1, 1));
  dialog = wait_for_dialog_headed ("The Template Was Not Loaded");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Drop one file at a time: 2 files were dropped.");
  respond (dialog, "close");

  /* A film dropped by mistake is refused by its size, not read whole. */
  {
    g_autofree char *path = g_build_filename (test_dir, "фильм.odt", NULL);
    int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, 150 * 1000 * 1000), ==, 0);
    close (fd);
    drop_refused (page, path, "The file “фильм.odt” is 150.0\xC2\xA0MB: a template is a text document of at "
                              "most 100.0\xC2\xA0MB.");
    g_unlink (path);
  }

  /* The PDF of last year's report dropped for a template is said to be
   * one, with what a template is. */
  {
    g_autofree char *path = g_build_filename (test_dir, "отчёт за год.pdf", NULL);

    g_assert_true (g_file_set_contents (path, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", -1, NULL));
    drop_refused (page, path, "The template “отчёт за год.pdf” is a PDF file: a template is the text document "
                              "that a PDF is made from, saved as .odt.");
    g_assert_cmpuint (n_user_templates (), ==, n_before);
  }

  /* Beside the rows: a new document. */
  g_assert_true (drop_files (GTK_WIDGET (page), one, 1, 1));
  answer_name ("Load a Template", NULL);
  g_assert_true (wait_for (row_shown, "Справка из файла"));
  g_assert_cmpuint (n_user_templates (), ==, n_before + 1);

  /* On its row: in its place, under the same name; the row is marked
   * while the file is over it, and no longer once it has left. */
  row = GTK_WIDGET (annalist_documents_page_get_row (page, "Справка из файла"));
  g_assert_true (wait_for (scrolled_to, row));
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (page),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (row) / 4.0,
                                                                 gtk_widget_get_height (row) / 2.0),
                                           &middle));
  g_slist_free (one);
  one = g_slist_prepend (NULL, second);
  g_assert_true (drop_files (GTK_WIDGET (page), one, middle.x, middle.y));
  g_assert_false (gtk_widget_has_css_class (row, "annalist-drop-row"));
  answer_name ("Load a Template in Place of “Справка из файла”", NULL);
  g_assert_true (wait_for (is_titled, (gpointer) "Другая справка"));
  g_assert_cmpuint (n_user_templates (), ==, n_before + 1);
  {
    GtkDropTarget *target = find_drop_target (GTK_WIDGET (page));
    GdkDragAction action = 0;

    row = GTK_WIDGET (annalist_documents_page_get_row (page, "Справка из файла"));
    g_signal_emit_by_name (target, "motion", middle.x, middle.y, &action);
    g_assert_true (gtk_widget_has_css_class (row, "annalist-drop-row"));
    g_signal_emit_by_name (target, "leave");
    g_assert_false (gtk_widget_has_css_class (row, "annalist-drop-row"));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.delete", "s",
                                             "Справка из файла"));
  g_assert_true (wait_for (row_gone, "Справка из файла"));
  g_slist_free (one);
  g_slist_free (two);
}

static gboolean
search_entry_outside_combo_row (GtkWidget *widget,
                                gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW) == NULL;
}

static gboolean
focus_within (GtkRoot   *root,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (root);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A document for one organisation asks which, with «All years» the year
 * too, then writes it. */
static void
test_documents_parameters (void)
{
  AnnalistDocumentsPage *page;
  AdwMessageDialog *dialog;
  GtkWidget *view;
  GtkSingleSelection *selection;
  g_autofree char *chosen = NULL;
  g_autofree char *exported = g_build_filename (test_dir, "organisation.fodt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autoptr(GFile) source = write_template ("организация.fodt", "Справка об организации",
                                            "<text:p text:style-name=\"Standard\">{{year}}: "
                                            "{{organisation.short_name}}</text:p>");

  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  annalist_window_show_section (window, "documents");
  page = documents_page ();
  annalist_file_dialog_set_test_answer (TRUE, source);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.load", "s", ""));
  answer_name ("Load a Template", NULL);
  g_assert_true (wait_for (row_shown, "Справка об организации"));
  g_assert_cmpstr (adw_action_row_get_subtitle (annalist_documents_page_get_row (page, "Справка об организации")),
                   ==, "For an academic year, for an organisation");

  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s",
                                             "Справка об организации"));
  dialog = wait_for_dialog_headed ("Export “Справка об организации”");
  /* Nothing to export until the organisation is chosen. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  /* The list of organisations (not the combo row's popover list: from
   * libadwaita 1.4 on that popover may have a search entry too). */
  view = find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL);
  g_assert_nonnull (view);
  view = find_descendant (gtk_widget_get_parent (view), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (view);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  gtk_single_selection_set_selected (selection, 0);
  chosen = g_strdup (gtk_string_object_get_string (gtk_single_selection_get_selected_item (selection)));
  g_assert_cmpstr (chosen, ==, "Школа № 7");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  /* By keyboard: Tab leaves the list for the buttons, not for its next
   * organisation (GTK 4.8 gives each row a Tab stop). */
  g_assert_true (gtk_widget_grab_focus (view));
  g_assert_true (focus_within (GTK_ROOT (dialog), view));
  g_assert_true (press_key (view, GDK_KEY_Tab));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (dialog)));
  g_assert_false (focus_within (GTK_ROOT (dialog), view));
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  respond (dialog, "export");
  g_assert_true (wait_for (file_written, exported));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, chosen));
  }
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  annalist_window_set_year (window, 2022);
}

/* The position of @label in the year row @row. */
static guint
year_position (AdwComboRow *row,
               const char  *label)
{
  GListModel *years = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (years); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (years, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        return i;
    }
  g_assert_not_reached ();
}

/* With «All years» in the window the dialog asks for the year, and a
 * year without records is not exported from it any more than from the
 * page: Export is off and the page's sentence says why. */
static void
test_documents_empty_year (void)
{
  AnnalistDocumentsPage *page;
  AdwMessageDialog *dialog;
  AdwComboRow *year;
  int empty = annalist_academic_year_current () + 1;
  g_autofree char *empty_label = annalist_academic_year_label (empty);
  g_autofree char *saying = g_strdup_printf ("There are no records for the %s academic year",
                                             empty_label);

  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  annalist_window_show_section (window, "documents");
  g_assert_true (wait_for (row_shown, "annual-report"));
  page = documents_page ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s",
                                             "annual-report"));
  dialog = wait_for_dialog_headed ("Export “Аналитический отчёт”");
  year = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (year);
  /* The latest year with records is offered first. */
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_label_saying, saying));
  /* Enter on the year opens its list, as Space does, and does not
   * export (the dialog's default answer) a year not chosen yet. */
  {
    GtkWidget *popover = find_descendant (GTK_WIDGET (year), GTK_TYPE_POPOVER);

    g_assert_nonnull (popover);
    g_assert_false (gtk_widget_get_visible (popover));
    g_assert_true (press_key (GTK_WIDGET (year), GDK_KEY_Return));
    g_assert_true (gtk_widget_get_visible (popover));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  adw_combo_row_set_selected (year, year_position (year, empty_label));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying, saying));

  adw_combo_row_set_selected (year, year_position (year, "2022-2023"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_label_saying, saying));
  respond (dialog, "cancel");
  annalist_window_set_year (window, 2022);
}

/* The built-in documents for a period: the dialog asks for the first and
 * last years (and the organisation), and the document is written for them. */
static void
export_for_period (const char *id,
                   const char *name,
                   gboolean    with_organisation)
{
  AnnalistDocumentsPage *page = documents_page ();
  AdwMessageDialog *dialog;
  g_autofree char *heading = g_strdup_printf ("Export “%s”", name);
  g_autofree char *file_name = g_strconcat (id, ".fodt", NULL);
  g_autofree char *exported = g_build_filename (test_dir, file_name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autofree char *contents = NULL;
  GtkWidget *from;

  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s", id));
  dialog = wait_for_dialog_headed (heading);
  /* From the year two before the window's: 2020-2021 to 2022-2023. */
  from = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (from);
  adw_combo_row_set_selected (ADW_COMBO_ROW (from), adw_combo_row_get_selected (ADW_COMBO_ROW (from)) - 2);
  if (with_organisation)
    {
      GtkWidget *view = find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL);
      GtkSingleSelection *selection;

      /* Nothing to export until the organisation is chosen. */
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
      g_assert_nonnull (view);
      view = find_descendant (gtk_widget_get_parent (view), GTK_TYPE_LIST_VIEW);
      selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
      gtk_single_selection_set_selected (selection, 0);
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
    }
  respond (dialog, "export");
  g_assert_true (wait_for (file_written, exported));
  g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "2020-2021 – 2022-2023"));
  g_assert_null (strstr (contents, "{{"));
  annalist_file_dialog_set_test_answer (FALSE, NULL);
}

static void
test_documents_period (void)
{
  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  g_assert_true (wait_for (row_shown, "organisation-activity"));
  g_assert_cmpstr (adw_action_row_get_subtitle (annalist_documents_page_get_row (documents_page (),
                                                                                "document-register")),
                   ==, "For a period of years");
  export_for_period ("organisation-activity", "Инновационная деятельность организации", TRUE);
  export_for_period ("document-register", "Реестр документов", FALSE);
}

/* A new record of @kind with @text in @column and @reference in
 * @reference_column (none when 0). */
static gint64
add_record (const char *kind,
            const char *column,
            const char *text,
            const char *reference_column,
            gint64      reference)
{
  g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup (kind));
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (record, column, text);
  if (reference > 0)
    annalist_record_set_int (record, reference_column, reference);
  if (g_str_equal (kind, "organisation"))
    {
      annalist_record_set_string (record, "full_name", text);
      annalist_record_set_int (record, "type_id", 2);   /* ООУ */
    }
  annalist_store_insert (annalist_window_get_store (window), record, &error);
  g_assert_no_error (error);
  return annalist_record_get_id (record);
}

/* A document for a project asks which: each project shows the
 * organisation it belongs to, and the search finds projects by it too
 * (two schools may work on the same topic). */
static void
test_documents_project (void)
{
  AnnalistDocumentsPage *page;
  AdwMessageDialog *dialog;
  GtkWidget *search, *view;
  GtkSingleSelection *selection;
  guint media = GTK_INVALID_LIST_POSITION;
  g_autofree char *exported = g_build_filename (test_dir, "site-report.fodt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autofree char *contents = NULL;

  {
    gint64 school = add_record ("organisation", "short_name", "Школа № 546", NULL, 0);
    gint64 seven = 0;
    g_autoptr(AnnalistRecord) found = NULL;

    add_record ("project", "topic", "Медиаобразование в школе", "organisation_id", school);
    add_record ("project", "topic", "Функциональная грамотность", "organisation_id", school);
    /* The same topic at another school. */
    {
      AnnalistQuery query = ANNALIST_QUERY_INIT;
      g_autoptr(GListModel) schools = NULL;

      query.search = "Школа № 7";
      schools = annalist_store_list (annalist_window_get_store (window),
                                     annalist_kind_lookup ("organisation"), &query, NULL);
      g_assert_cmpuint (g_list_model_get_n_items (schools), ==, 1);
      found = g_list_model_get_item (schools, 0);
      seven = annalist_record_get_id (found);
    }
    add_record ("project", "topic", "Медиаобразование в школе", "organisation_id", seven);
    /* Found as the lists find it: quotes, case and «ё» aside. */
    add_record ("project", "topic", "Учёт достижений",
                "organisation_id", add_record ("organisation", "short_name", "ЦДТ «Креатив»", NULL, 0));
  }

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  g_assert_true (wait_for (row_shown, "site-report"));
  page = documents_page ();
  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s", "site-report"));
  dialog = wait_for_dialog_headed ("Export “Отчёт инновационной площадки”");
  search = find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL);
  g_assert_nonnull (search);
  view = find_descendant (gtk_widget_get_parent (search), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (view);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  {
    g_autofree char *placeholder = NULL;

    g_object_get (search, "placeholder-text", &placeholder, NULL);
    g_assert_cmpstr (placeholder, ==, "Search by name or organisation");
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);
  gtk_editable_set_text (GTK_EDITABLE (search), "цдт креатив");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "УЧЕТ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  /* Nothing found is said, not a blank box. */
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_label_saying, "Nothing Found"));
  gtk_editable_set_text (GTK_EDITABLE (search), "нет такого проекта");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying, "Nothing Found"));
  g_assert_false (gtk_widget_get_mapped (view));
  /* Escape (the entry's stop-search) clears the search first. */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);
  g_assert_true (gtk_widget_get_mapped (view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (search), "школа № 546");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);
      const char *title = g_object_get_data (item, "annalist-title");

      g_assert_cmpstr (g_object_get_data (item, "annalist-owner"), ==, "Школа № 546");
      g_assert_null (strchr (title, '\n'));
      if (g_str_equal (title, "Медиаобразование в школе"))
        media = i;
    }
  g_assert_cmpuint (media, !=, GTK_INVALID_LIST_POSITION);
  /* The row shows the topic and, under it, the school. */
  wait_frames (view, 2);
  {
    gboolean shown = FALSE;

    for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget *box = gtk_widget_get_first_child (row);
        GtkWidget *title = box ? gtk_widget_get_first_child (box) : NULL;
        GtkWidget *owner = title ? gtk_widget_get_next_sibling (title) : NULL;

        if (GTK_IS_LABEL (title) && GTK_IS_LABEL (owner) &&
            g_str_equal (gtk_label_get_text (GTK_LABEL (title)), "Медиаобразование в школе"))
          shown = gtk_widget_get_visible (owner) &&
                  g_str_equal (gtk_label_get_text (GTK_LABEL (owner)), "Школа № 546");
      }
    g_assert_true (shown);
  }

  gtk_single_selection_set_selected (selection, media);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  respond (dialog, "export");
  g_assert_true (wait_for (file_written, exported));
  g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Медиаобразование в школе"));
  annalist_file_dialog_set_test_answer (FALSE, NULL);

  /* Escape in an empty search closes the dialog, as elsewhere in it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s", "site-report"));
  dialog = wait_for_dialog_headed ("Export “Отчёт инновационной площадки”");
  search = find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL);
  g_signal_emit_by_name (search, "stop-search");
  g_assert_true (wait_for (window_gone, dialog));
}

/* Chooses the plan @title in the list of plans of @dialog. */
static void
choose_plan (AdwMessageDialog *dialog,
             const char       *title)
{
  GtkWidget *view = find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL);
  GtkSingleSelection *selection;

  g_assert_nonnull (view);
  view = find_descendant (gtk_widget_get_parent (view), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (view);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_str_equal (g_object_get_data (item, "annalist-title"), title))
        {
          gtk_single_selection_set_selected (selection, i);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A plan's document for a year in which the plan has no stage is not
 * exported: the dialog says so in the command line's sentence where it
 * says that a year has no records, and Export is off; the plan's own
 * year is exported. */
static void
test_documents_plan_year (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  g_autoptr(AnnalistRecord) plan = annalist_record_new (annalist_kind_lookup ("plan"));
  g_autoptr(AnnalistRecord) stage = annalist_record_new (annalist_kind_lookup ("plan_stage"));
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = g_build_filename (test_dir, "plan-fact.fodt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  const char *saying = "The plan “План на 2018-2019” has no stage in the 2022-2023 academic year: "
                       "its stage is in 2018-2019.";
  AnnalistDocumentsPage *page;
  AdwMessageDialog *dialog;
  AdwComboRow *year;

  annalist_record_set_string (plan, "title", "План на 2018-2019");
  annalist_record_set_int (plan, "year_from", 2018);
  annalist_record_set_int (plan, "year_to", 2018);
  annalist_store_insert (store, plan, &error);
  g_assert_no_error (error);
  annalist_record_set_int (stage, "plan_id", annalist_record_get_id (plan));
  annalist_record_set_int (stage, "academic_year", 2018);
  annalist_record_set_string (stage, "title", "Единственный этап");
  annalist_store_insert (store, stage, &error);
  g_assert_no_error (error);

  /* The window's year, in the dialog's year row. */
  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "documents");
  g_assert_true (wait_for (row_shown, ANNALIST_DOCUMENT_PLAN_FACT));
  page = documents_page ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s",
                                             ANNALIST_DOCUMENT_PLAN_FACT));
  dialog = wait_for_dialog_headed ("Export “План и его выполнение”");
  year = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (year);
  g_assert_cmpuint (adw_combo_row_get_selected (year), ==, year_position (year, "2022-2023"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_label_saying, "has no stage"));
  choose_plan (dialog, "План на 2018-2019");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying, (gpointer) saying));
  respond (dialog, "cancel");
  g_assert_true (wait_for (window_gone, dialog));

  /* With all years in the window the year is chosen; the plan's own is
   * exported. */
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.export", "s",
                                             ANNALIST_DOCUMENT_PLAN_FACT));
  dialog = wait_for_dialog_headed ("Export “План и его выполнение”");
  year = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (year);
  adw_combo_row_set_selected (year, year_position (year, "2022-2023"));
  choose_plan (dialog, "План на 2018-2019");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_label_saying, (gpointer) saying));
  adw_combo_row_set_selected (year, year_position (year, "2018-2019"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_label_saying, "has no stage"));
  respond (dialog, "export");
  g_assert_true (wait_for (file_written, exported));
  g_unlink (exported);

  /* A plan the page gives itself, with the window's year, is refused
   * with the same sentence, and nothing is written. */
  {
    AnnalistDocumentParams given = { .year = 2022, .plan_id = annalist_record_get_id (plan) };

    annalist_exporter_export_with (annalist_documents_page_get_exporter (page),
                                   ANNALIST_DOCUMENT_PLAN_FACT, &given);
    dialog = wait_for_dialog_headed ("The Document Was Not Exported");
    g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, saying);
    respond (dialog, "close");
    g_assert_false (g_file_test (exported, G_FILE_TEST_EXISTS));
    g_assert_false (annalist_exporter_get_busy (annalist_documents_page_get_exporter (page)));
  }
  annalist_file_dialog_set_test_answer (FALSE, NULL);
  annalist_window_set_year (window, 2022);
}

/* The report page shows the texts of one document at a time: the
 * annual report first, another one with places for texts when chosen,
 * and follows the templates as they change. */
static gboolean
offers_documents (gpointer n)
{
  GtkWidget *page = annalist_window_get_page (window);
  AdwComboRow *row = ADW_COMBO_ROW (find_descendant (page, ADW_TYPE_COMBO_ROW));

  return g_list_model_get_n_items (adw_combo_row_get_model (row)) == GPOINTER_TO_UINT (n);
}

static void
test_report_documents (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  AnnalistReportPage *page;
  AdwComboRow *row;
  GListModel *names;
  GtkTextView *view;
  guint chosen = GTK_INVALID_LIST_POSITION;
  g_autofree char *exported = g_build_filename (test_dir, "заметки.odt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autoptr(GFile) notes = write_template ("заметки.fodt", "Заметки методиста",
                                           "<text:h text:outline-level=\"1\">Итоги {{year}}</text:h>"
                                           "<text:p text:style-name=\"Standard\">{{text \"notes-summary\"}}</text:p>");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  AnnalistQuery query = ANNALIST_QUERY_INIT;

  annalist_window_set_year (window, 2022);
  annalist_window_show_section (window, "report");
  page = ANNALIST_REPORT_PAGE (annalist_window_get_page (window));
  row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (row);
  /* The user templates of the tests before have no places for texts. */
  g_assert_true (wait_for (offers_documents, GUINT_TO_POINTER (1)));
  g_assert_nonnull (annalist_report_page_get_text (page, "tasks"));

  /* A template with a place of its own is offered once loaded. */
  g_assert_true (g_file_load_contents (notes, NULL, &contents, &length, NULL, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (annalist_documents_save (store, "Заметки методиста", NULL, 0, "заметки.fodt", bytes,
                                          NULL, NULL));
  g_assert_true (wait_for (offers_documents, GUINT_TO_POINTER (2)));
  names = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (name), "Заметки методиста"))
        chosen = i;
    }
  g_assert_cmpuint (chosen, !=, GTK_INVALID_LIST_POSITION);
  /* The annual report stays chosen until another is. */
  g_assert_cmpuint (adw_combo_row_get_selected (row), !=, chosen);

  adw_combo_row_set_selected (row, chosen);
  g_assert_null (annalist_report_page_get_text (page, "tasks"));
  view = annalist_report_page_get_text (page, "notes-summary");
  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Год прошёл продуктивно.", -1);
  annalist_report_page_flush (page);
  query.year = 2022;
  query.search = NULL;
  {
    g_autoptr(GListModel) texts = annalist_store_list (store, annalist_kind_lookup ("report_narrative"),
                                                       &query, NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (texts); i++)
      {
        g_autoptr(AnnalistRecord) record = g_list_model_get_item (texts, i);

        found |= g_strcmp0 (annalist_record_get_string (record, "section"), "notes-summary") == 0 &&
                 g_strcmp0 (annalist_record_get_string (record, "text"), "Год прошёл продуктивно.") == 0;
      }
    g_assert_true (found);
  }

  /* Ctrl+E exports the chosen document, with the texts, for the year. */
  annalist_file_dialog_set_test_answer (TRUE, target);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report", NULL));
  g_assert_true (wait_for (file_written, exported));
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==, "Заметки методиста 2022-2023.odt");
  annalist_file_dialog_set_test_answer (FALSE, NULL);

  /* When it goes, the annual report is shown again. */
  {
    g_autoptr(GPtrArray) list = annalist_documents_list (store, NULL);

    for (guint i = 0; i < list->len; i++)
      {
        AnnalistDocumentInfo *info = g_ptr_array_index (list, i);

        if (g_str_equal (info->id, "Заметки методиста"))
          g_bytes_unref (annalist_documents_remove (store, info->user_id, NULL));
      }
  }
  g_assert_true (wait_for (offers_documents, GUINT_TO_POINTER (1)));
  g_assert_nonnull (annalist_report_page_get_text (page, "tasks"));
}


/* The indicator grid ---------------------------------------------------------------- */

/* The cell with the focus (focused_cell () in window-test.c), and what it saved. */
static gboolean
cell_has_focus (gpointer data)
{
  return focused_cell () != NULL;
}

static double
district_value (AnnalistIndicatorPage *page,
                int                    year)
{
  AnnalistStore *store = annalist_window_get_store (window);
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT value FROM historical_figure"
                                               " WHERE kind_id = ?1 AND organisation_id IS NULL"
                                               " AND academic_year = ?2",
                                               NULL);
  double value = -1;

  sqlite3_bind_int64 (stmt, 1, annalist_indicator_page_get_kind (page));
  sqlite3_bind_int (stmt, 2, year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
test_indicators (void)
{
  AnnalistIndicatorPage *page;
  const GArray *years;
  GtkWidget *cell;
  guint n_years;
  int first, last;

  annalist_window_show_section (window, "indicators");
  page = ANNALIST_INDICATOR_PAGE (annalist_window_get_page (window));
  g_assert_true (ANNALIST_IS_INDICATOR_PAGE (page));
  g_assert_cmpint (annalist_indicator_page_get_kind (page), >, 0);

  /* The window's year has a column; «Add Year» adds the next one. */
  annalist_window_set_year (window, annalist_academic_year_current () - 2);
  years = annalist_indicator_page_get_years (page);
  n_years = years->len;
  g_assert_cmpint (g_array_index (years, int, 0), <=, annalist_academic_year_current () - 2);
  annalist_indicator_page_add_year (page);
  g_assert_cmpuint (years->len, ==, n_years + 1);
  first = g_array_index (years, int, 0);
  last = g_array_index (years, int, years->len - 1);
  g_assert_cmpint (last, ==, g_array_index (years, int, years->len - 2) + 1);

  /* The focus starts in the district's first year. */
  annalist_window_show_section (window, "indicators");
  g_assert_true (wait_for (cell_has_focus, NULL));
  cell = focused_cell ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Typed, then left with Enter: saved, written the Russian way. */
  gtk_editable_set_text (GTK_EDITABLE (cell), "3.25");
  g_signal_emit_by_name (cell, "activate");
  iterate ();
  g_assert_cmpfloat (district_value (page, first), ==, 3.25);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "3,25");
  g_assert_true (focused_cell () != cell);

  /* Another indicator shows its own values in the same cells. */
  {
    gint64 kind = annalist_indicator_page_get_kind (page);
    sqlite3_stmt *stmt = annalist_store_prepare (annalist_window_get_store (window),
                                                 "SELECT id FROM figure_kind WHERE id != ?1"
                                                 " AND id NOT IN (SELECT kind_id FROM"
                                                 " historical_figure)",
                                                 NULL);
    gint64 other = 0;

    sqlite3_bind_int64 (stmt, 1, kind);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      other = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    g_assert_cmpint (other, >, 0);

    g_assert_true (annalist_indicator_page_set_kind (page, other));
    g_assert_cmpint (annalist_indicator_page_get_kind (page), ==, other);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "");
    g_assert_true (annalist_indicator_page_set_kind (page, kind));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "3,25");
    g_assert_false (annalist_indicator_page_set_kind (page, 999999));
  }

  /* Escape puts the stored value back. */
  gtk_editable_set_text (GTK_EDITABLE (cell), "99");
  g_assert_true (press_key (cell, GDK_KEY_Escape));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "3,25");

  /* A bad number is not saved, and the cell says why. */
  gtk_editable_set_text (GTK_EDITABLE (cell), "три");
  g_signal_emit_by_name (cell, "activate");
  iterate ();
  g_assert_true (gtk_widget_has_css_class (cell, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (cell));
  g_assert_cmpfloat (district_value (page, first), ==, 3.25);

  /* What is being typed when the page goes away is saved too. */
  gtk_widget_grab_focus (cell);
  gtk_editable_set_text (GTK_EDITABLE (cell), "");
  annalist_window_show_section (window, "organisation");
  g_assert_cmpfloat (district_value (page, first), ==, -1);
  g_assert_false (gtk_widget_has_css_class (cell, "error"));
}

/* Running --------------------------------------------------------------------------- */

/* The school the documents for one organisation are written for. */
static void
add_school (void)
{
  g_autoptr(AnnalistRecord) school = annalist_record_new (annalist_kind_lookup ("organisation"));
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (school, "short_name", "Школа № 7");
  annalist_record_set_string (school, "full_name", "ГБОУ средняя школа № 7");
  annalist_record_set_int (school, "type_id", 2);   /* ООУ */
  annalist_store_insert (annalist_window_get_store (window), school, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-documents", FALSE);

  g_test_add_func ("/window-documents/report-settings", test_report_and_settings);
  g_test_add_func ("/window-documents/documents", test_documents);
  g_test_add_func ("/window-documents/documents-fields", test_documents_fields);
  g_test_add_func ("/window-documents/documents-drop", test_documents_drop);
  g_test_add_func ("/window-documents/documents-parameters", test_documents_parameters);
  g_test_add_func ("/window-documents/documents-empty-year", test_documents_empty_year);
  g_test_add_func ("/window-documents/documents-period", test_documents_period);
  g_test_add_func ("/window-documents/documents-project", test_documents_project);
  g_test_add_func ("/window-documents/documents-plan-year", test_documents_plan_year);
  g_test_add_func ("/window-documents/report-documents", test_report_documents);
  g_test_add_func ("/window-documents/indicators", test_indicators);

  return window_test_run (add_school);
}
