/* test-window.c — the main window, driven through its widgets
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application on a temporary database and, from its
 * "activate", the tests below, which type into the real rows, press the
 * real buttons and answer the real dialogs. Run under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-application.h"
#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-list-page.h"
#include "annalist-report-page.h"
#include "annalist-documents.h"
#include "annalist-documents-page.h"
#include "annalist-file-dialog.h"
#include "annalist-indicator-page.h"
#include "annalist-store-private.h"
#include "annalist-settings-page.h"
#include "annalist-window.h"

static AnnalistWindow *window;
static char *test_dir;
static int test_status;

/* Helpers --------------------------------------------------------------------------- */

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gpointer
find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
window_shown (gpointer type)
{
  return find_window ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
window_gone (gpointer widget)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_find (toplevels, widget) == NULL || !gtk_widget_get_visible (widget);
}

static AnnalistEditor *
wait_for_editor (void)
{
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ANNALIST_TYPE_EDITOR)));
  gtk_test_widget_wait_for_draw (find_window (ANNALIST_TYPE_EDITOR));
  return find_window (ANNALIST_TYPE_EDITOR);
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  return find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static AnnalistListPage *
list_page (void)
{
  GtkWidget *page = annalist_window_get_page (window);

  g_assert_true (ANNALIST_IS_LIST_PAGE (page));
  return ANNALIST_LIST_PAGE (page);
}

static void
type_into (AnnalistEditor *editor,
           const char     *column,
           const char     *text)
{
  GtkWidget *input = annalist_editor_get_input (editor, column);

  g_assert_nonnull (input);
  if (GTK_IS_TEXT_VIEW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (input), text);
  iterate ();
}

static void
choose_in_combo (AnnalistEditor *editor,
                 const char     *column,
                 guint           position)
{
  GtkWidget *input = annalist_editor_get_input (editor, column);

  g_assert_true (ADW_IS_COMBO_ROW (input));
  adw_combo_row_set_selected (ADW_COMBO_ROW (input), position);
  iterate ();
}

static gboolean
can_save (AnnalistEditor *editor)
{
  return gtk_widget_get_sensitive (annalist_editor_get_save_button (editor));
}

static void
save_editor (AnnalistEditor *editor)
{
  g_assert_true (can_save (editor));
  gtk_widget_activate (annalist_editor_get_save_button (editor));

  g_assert_true (wait_for (window_gone, editor));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  guint count;
} CountWanted;

static gboolean
count_is (gpointer data)
{
  CountWanted *wanted = data;

  return annalist_list_page_get_count (list_page ()) == wanted->count;
}

static void
assert_count (guint count)
{
  CountWanted wanted = { count };

  if (!wait_for (count_is, &wanted))
    g_error ("The list shows %u records, not %u",
             annalist_list_page_get_count (list_page ()), count);
}

static AnnalistRecord *
row_record (guint position)
{
  GtkGridView *view = annalist_list_page_get_view (list_page ());
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (view));
  AnnalistRecord *record = g_list_model_get_item (model, position);

  g_object_unref (record);  /* the model keeps it */
  return record;
}

static void
select_row (guint position)
{
  GtkGridView *view = annalist_list_page_get_view (list_page ());

  gtk_selection_model_select_item (gtk_grid_view_get_model (view), position, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  iterate ();
}

static void
open_row (guint position)
{
  /* What Enter or a double click on the row does. */
  g_signal_emit_by_name (annalist_list_page_get_view (list_page ()), "activate", position);
}

static gboolean
saved (gpointer editor)
{
  return annalist_record_get_id (annalist_editor_get_record (editor)) > 0;
}

static AnnalistListPage *
find_list_page (GtkWidget  *root,
                const char *kind_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AnnalistListPage *found;

      if (ANNALIST_IS_LIST_PAGE (child) &&
          g_str_equal (annalist_list_page_get_kind (ANNALIST_LIST_PAGE (child))->name, kind_name))
        return ANNALIST_LIST_PAGE (child);
      found = find_list_page (child, kind_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Tests ----------------------------------------------------------------------------- */

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_welcome (void)
{
  GtkWidget *welcome;

  g_assert_cmpstr (annalist_window_get_section (window), ==, "welcome");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The page shown has its icon; the hidden error page's is not loaded. */
  welcome = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (welcome);
  g_assert_true (gtk_widget_get_mapped (welcome));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (welcome)), ==,
                   "x-office-document-symbolic");
  for (GtkWidget *page = gtk_widget_get_next_sibling (welcome); page != NULL;
       page = gtk_widget_get_next_sibling (page))
    if (ADW_IS_STATUS_PAGE (page))
      g_assert_null (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)));
  annalist_window_show_section (window, "organisation");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  assert_count (0);
}

static gint64 first_organisation;

static void
test_create_organisation (void)
{
  AnnalistEditor *editor;

  annalist_window_show_section (window, "organisation");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();

  /* An empty form cannot be saved. */
  g_assert_false (can_save (editor));

  type_into (editor, "short_name", "Школа № 7");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "full_name"), ==, NULL);
  type_into (editor, "full_name", "ГБОУ средняя школа № 7");
  choose_in_combo (editor, "type_id", 2);   /* after «(not chosen)» and ДОУ: ООУ */
  type_into (editor, "number", "7");
  save_editor (editor);

  assert_count (1);
  first_organisation = annalist_record_get_id (row_record (0));
  g_assert_cmpint (first_organisation, >, 0);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "short_name"), ==, "Школа № 7");

  /* A second one for the lists of organisations below. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();
  type_into (editor, "short_name", "Детский сад № 3");
  type_into (editor, "full_name", "ГБДОУ детский сад № 3");
  choose_in_combo (editor, "type_id", 1);
  save_editor (editor);
  assert_count (2);
}

static void
test_edit_organisation (void)
{
  AnnalistEditor *editor;
  g_autoptr(AnnalistRecord) stored = NULL;
  AnnalistStore *store = annalist_window_get_store (window);
  const AnnalistKind *kind = annalist_kind_lookup ("organisation");

  annalist_window_show_section (window, "organisation");
  for (guint i = 0; i < annalist_list_page_get_count (list_page ()); i++)
    if (annalist_record_get_id (row_record (i)) == first_organisation)
      {
        select_row (i);
        open_row (i);
      }
  editor = wait_for_editor ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (editor,
                                                                                    "number"))),
                   ==, "7");
  g_assert_false (annalist_editor_is_modified (editor));

  /* Escape with changes asks first; «Keep Editing» keeps the form. */
  type_into (editor, "district", "Красносельский");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  adw_message_dialog_response (wait_for_dialog (), "cancel");
  iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));

  /* The short name is required: emptied, it is refused with a sentence. */
  type_into (editor, "short_name", "");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "short_name"), ==,
                   "“Short name” must be filled in.");
  g_assert_true (gtk_widget_has_css_class (annalist_editor_get_input (editor, "short_name"),
                                           "error"));
  type_into (editor, "short_name", "Школа № 7 им. Пушкина");
  g_assert_null (annalist_editor_get_message (editor, "short_name"));
  save_editor (editor);

  stored = annalist_store_load (store, kind, first_organisation, NULL);
  g_assert_cmpstr (annalist_record_get_string (stored, "short_name"), ==, "Школа № 7 им. Пушкина");
  g_assert_cmpstr (annalist_record_get_string (stored, "district"), ==, "Красносельский");
}

static void
test_create_event_blocked_values (void)
{
  AnnalistEditor *editor;
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  g_autoptr(AnnalistRecord) stored = NULL;
  GVariant *presenters;

  annalist_window_show_section (window, "event");
  annalist_window_set_year (window, 2022);
  iterate ();
  assert_count (0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();
  choose_in_combo (editor, "kind_id", 1);
  type_into (editor, "title", "Районный семинар «Наставничество»");

  /* A date that is no date. */
  type_into (editor, "date_start", "32.13.2022");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "date_start"), ==,
                   "“Date” must be a date written as DD.MM.YYYY.");

  /* A negative count. */
  type_into (editor, "date_start", "15.11.2022");
  g_assert_null (annalist_editor_get_message (editor, "date_start"));
  type_into (editor, "participants", "-5");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "participants"), ==,
                   "Number of participants cannot be negative.");
  type_into (editor, "participants", "45");

  /* An end before the start. */
  type_into (editor, "date_end", "14.11.2022");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "date_end"), ==,
                   "The end date is earlier than the start date.");
  type_into (editor, "date_end", "16.11.2022");

  /* The organisations that presented, through the picker. */
  annalist_editor_choose (editor, "presenters", first_organisation);
  iterate ();
  save_editor (editor);

  assert_count (1);
  stored = annalist_store_load (annalist_window_get_store (window), kind,
                                annalist_record_get_id (row_record (0)), NULL);
  g_assert_cmpint (annalist_record_get_int (stored, "academic_year"), ==, 2022);
  g_assert_cmpint (annalist_record_get_int (stored, "participants"), ==, 45);
  g_assert_cmpstr (annalist_record_get_string (stored, "date_start"), ==, "2022-11-15");
  presenters = annalist_record_get (stored, "presenters");
  g_assert_nonnull (presenters);
  g_assert_cmpuint (g_variant_n_children (presenters), ==, 1);
}

static void
add_event (guint       kind_position,
           const char *title,
           const char *date)
{
  AnnalistEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();
  choose_in_combo (editor, "kind_id", kind_position);
  type_into (editor, "title", title);
  type_into (editor, "date_start", date);
  save_editor (editor);
}

static void
test_edit_event (void)
{
  AnnalistEditor *editor;

  annalist_window_show_section (window, "event");
  select_row (0);
  open_row (0);
  editor = wait_for_editor ();
  type_into (editor, "title", "Районный семинар «Наставничество в школе»");
  type_into (editor, "participants_note", "Более 40 чел.");
  save_editor (editor);

  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Районный семинар «Наставничество в школе»");

  add_event (2, "Конференция «Инновации в образовании»", "20.03.2023");
  add_event (6, "Вебинар для заместителей", "05.10.2022");
  assert_count (3);
}

static void
test_search (void)
{
  GtkWidget *entry = annalist_window_get_search_entry (window);

  annalist_window_show_section (window, "event");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  /* The search bar's revealer maps the entry when it has a frame. */
  g_assert_true (wait_for ((Condition) gtk_widget_get_mapped, entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), "КОНФЕРЕНЦ");
  assert_count (1);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Конференция «Инновации в образовании»");

  /* Searched fields include the kind's dictionary names and narrowing. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "семин");
  assert_count (1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "нет такого");
  assert_count (0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  assert_count (3);
}

static void
test_sort (void)
{
  GtkWidget *header;
  GtkWidget *title_button = NULL;

  annalist_window_show_section (window, "event");
  header = annalist_list_page_get_header (list_page ());
  for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* The button holds its title and the sort arrow. */
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (child)));

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "Title") == 0)
        title_button = child;
    }
  g_assert_nonnull (title_button);

  /* A click on the header sorts; a second click reverses. */
  g_signal_emit_by_name (title_button, "clicked");
  iterate ();
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Вебинар для заместителей");
  g_signal_emit_by_name (title_button, "clicked");
  iterate ();
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Районный семинар «Наставничество в школе»");
  g_assert_cmpstr (annalist_record_get_string (row_record (2), "title"), ==,
                   "Вебинар для заместителей");
}

/* A column keeps the width it is given (by dragging its edge); the text
 * columns share what is left, so the table still fills the width. */
static void
test_resize_column (void)
{
  AnnalistListPage *page;
  GtkWidget *header;
  int table, kind, title, kind_wanted;

  annalist_window_show_section (window, "event");
  page = list_page ();
  header = annalist_list_page_get_header (page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  table = gtk_widget_get_width (header);
  /* Column 0, the year, shows only under “All years”. */
  kind = annalist_list_page_get_column_width (page, 1);    /* Event kind */
  title = annalist_list_page_get_column_width (page, 2);   /* Title, text */
  g_assert_cmpint (kind, >, 0);

  kind_wanted = kind + 40;
  annalist_list_page_set_column_width (page, 1, kind_wanted);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, 1), ==, kind_wanted);
  g_assert_cmpint (annalist_list_page_get_column_width (page, 2), <, title);
  g_assert_cmpint (gtk_widget_get_width (header), ==, table);

  /* Not narrower than a few letters, and sorting keeps the width. */
  annalist_list_page_set_column_width (page, 1, 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, 1), >=, 48);
  annalist_list_page_set_column_width (page, 1, kind_wanted);
  g_signal_emit_by_name (gtk_widget_get_next_sibling (gtk_widget_get_first_child (header)),
                         "clicked");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, 1), ==, kind_wanted);
}

static void
test_delete_and_undo (void)
{
  AdwMessageDialog *dialog;
  GtkWidget *undo;
  gint64 id;
  g_autofree char *heading = NULL;

  annalist_window_show_section (window, "event");
  assert_count (3);
  select_row (1);
  id = annalist_record_get_id (row_record (1));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  dialog = wait_for_dialog ();
  heading = g_strdup (adw_message_dialog_get_heading (dialog));
  g_assert_true (g_str_has_prefix (heading, "Delete “"));
  adw_message_dialog_response (dialog, "delete");
  assert_count (2);

  /* The toast's Undo brings it back with its id. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  undo = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (undo);
  gtk_widget_activate (undo);
  assert_count (3);
  {
    gboolean back = FALSE;

    for (guint i = 0; i < 3; i++)
      back |= annalist_record_get_id (row_record (i)) == id;
    g_assert_true (back);
  }

  /* An organisation others refer to is not deleted; the dialog says so. */
  annalist_window_show_section (window, "organisation");
  for (guint i = 0; i < annalist_list_page_get_count (list_page ()); i++)
    if (annalist_record_get_id (row_record (i)) == first_organisation)
      select_row (i);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Events: 1"));
  adw_message_dialog_response (dialog, "delete");
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be deleted"));
  adw_message_dialog_response (dialog, "close");
  assert_count (2);
}

static void
test_year (void)
{
  annalist_window_show_section (window, "event");
  annalist_window_set_year (window, 2022);
  assert_count (3);
  add_event (8, "Форум 2023-2024 года", "12.09.2023");
  assert_count (3);   /* saved in its own year, not shown in this one */
  annalist_window_set_year (window, 2023);
  assert_count (1);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Форум 2023-2024 года");
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  assert_count (4);
  annalist_window_set_year (window, 2022);
  assert_count (3);
}

static void
test_related (void)
{
  AnnalistEditor *editor, *nested;
  AnnalistListPage *related = NULL;

  /* A competition's entries are edited in the competition's form. */
  annalist_window_show_section (window, "competition");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();
  type_into (editor, "name", "Импульс");
  /* A button's activation clicks it a moment later. */
  gtk_widget_activate (annalist_editor_get_save_button (editor));
  g_assert_true (wait_for (saved, editor));
  /* It stays open, now with its nominations and entries. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  related = find_list_page (GTK_WIDGET (editor), "competition_entry");
  g_assert_nonnull (related);
  g_assert_cmpuint (annalist_list_page_get_count (related), ==, 0);

  annalist_list_page_new_record (related);
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ANNALIST_TYPE_EDITOR)));
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    nested = NULL;
    for (GList *l = toplevels; l; l = l->next)
      if (ANNALIST_IS_EDITOR (l->data) && l->data != editor && gtk_widget_get_visible (l->data))
        nested = l->data;
  }
  g_assert_nonnull (nested);
  annalist_editor_choose (nested, "organisation_id", first_organisation);
  type_into (nested, "title", "Методический кейс");
  save_editor (nested);
  g_assert_cmpuint (annalist_list_page_get_count (related), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  g_assert_true (wait_for (window_gone, editor));
}

/* A project activity that is an event of the year: choosing the event
 * fills what the form does not say yet, and keeps what the user typed. */
static void
test_activity_from_event (void)
{
  AnnalistStore *store = annalist_window_get_store (window);
  const AnnalistKind *activity_kind = annalist_kind_lookup ("project_activity");
  g_autoptr(AnnalistRecord) project = annalist_record_new (annalist_kind_lookup ("project"));
  g_autoptr(AnnalistRecord) event = annalist_record_new (annalist_kind_lookup ("event"));
  g_autoptr(AnnalistRecord) stored = NULL;
  g_autoptr(GListModel) activities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind_name = NULL;
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  AnnalistEditor *editor;
  GtkWidget *kind_input;
  const char *title = "Семинар-практикум «Проектные задачи»";

  annalist_record_set_string (project, "topic", "Проектные задачи в начальной школе");
  annalist_record_set_int (project, "organisation_id", first_organisation);
  g_assert_true (annalist_store_insert (store, project, &error));
  g_assert_no_error (error);
  annalist_record_set_int (event, "academic_year", 2022);
  annalist_record_set_int (event, "kind_id", 2);
  annalist_record_set_string (event, "title", title);
  annalist_record_set_string (event, "date_start", "2023-02-14");
  annalist_record_set_int (event, "participants", 60);
  annalist_record_set_ids (event, "presenters", &first_organisation, 1);
  g_assert_true (annalist_store_insert (store, event, &error));
  g_assert_no_error (error);

  /* The form opens in another year than the event's. */
  annalist_window_show_section (window, "project_activity");
  annalist_window_set_year (window, 2023);
  iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor ();
  annalist_editor_choose (editor, "project_id", annalist_record_get_id (project));
  type_into (editor, "participants", "25");
  annalist_editor_choose (editor, "event_id", annalist_record_get_id (event));
  iterate ();

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (editor, "title"))),
                   ==, title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (editor, "date"))),
                   ==, "14.02.2023");
  kind_input = annalist_editor_get_input (editor, "kind_id");
  kind_name = annalist_store_record_title (store, annalist_kind_lookup ("event_kind"), 2);
  g_assert_cmpstr (gtk_string_object_get_string (
                     adw_combo_row_get_selected_item (ADW_COMBO_ROW (kind_input))), ==, kind_name);
  /* what the user typed stays */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (editor,
                                                                                    "participants"))),
                   ==, "25");
  save_editor (editor);

  query.search = title;
  activities = annalist_store_list (store, activity_kind, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (activities), ==, 1);
  {
    g_autoptr(AnnalistRecord) item = g_list_model_get_item (activities, 0);
    stored = annalist_store_load (store, activity_kind, annalist_record_get_id (item), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (annalist_record_get_int (stored, "event_id"), ==,
                   annalist_record_get_id (event));
  g_assert_cmpint (annalist_record_get_int (stored, "academic_year"), ==, 2022);
  g_assert_cmpstr (annalist_record_get_string (stored, "title"), ==, title);
  g_assert_cmpstr (annalist_record_get_string (stored, "date"), ==, "2023-02-14");
  g_assert_cmpint (annalist_record_get_int (stored, "kind_id"), ==, 2);
  g_assert_cmpint (annalist_record_get_int (stored, "participants"), ==, 25);
  g_assert_cmpuint (g_variant_n_children (annalist_record_get (stored, "members")), ==, 1);

  /* the tests after this one work in 2022-2023 */
  annalist_window_set_year (window, 2022);
  iterate ();
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

  annalist_window_show_section (window, "settings");
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_SETTINGS_PAGE (page));
  {
    AdwEntryRow *row = annalist_settings_page_get_row (ANNALIST_SETTINGS_PAGE (page), "city");
    g_autofree char *city = NULL;

    gtk_editable_set_text (GTK_EDITABLE (row), "Санкт-Петербург");
    g_signal_emit_by_name (row, "apply");
    city = annalist_store_get_setting (store, "city");
    g_assert_cmpstr (city, ==, "Санкт-Петербург");
  }
}

/* Documents ---------------------------------------------------------------------------- */

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

static AnnalistDocumentsPage *
documents_page (void)
{
  GtkWidget *page = annalist_window_get_page (window);

  g_assert_true (ANNALIST_IS_DOCUMENTS_PAGE (page));
  return ANNALIST_DOCUMENTS_PAGE (page);
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
file_written (gpointer path)
{
  GtkWidget *page = annalist_window_get_page (window);
  AnnalistExporter *exporter = ANNALIST_IS_DOCUMENTS_PAGE (page)
                               ? annalist_documents_page_get_exporter (ANNALIST_DOCUMENTS_PAGE (page))
                               : NULL;

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
         (exporter == NULL || !annalist_exporter_get_busy (exporter));
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

typedef struct
{
  const char       *heading;
  AdwMessageDialog *dialog;
} DialogWanted;

static gboolean
dialog_shown (gpointer data)
{
  DialogWanted *wanted = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), wanted->heading) == 0)
      {
        wanted->dialog = l->data;
        return TRUE;
      }
  return FALSE;
}

/* The dialog of that heading (others, older, may still be open). */
static AdwMessageDialog *
wait_for_dialog_headed (const char *heading)
{
  DialogWanted wanted = { heading, NULL };

  if (!wait_for (dialog_shown, &wanted))
    g_error ("No dialog “%s”", heading);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wanted.dialog));
  return wanted.dialog;
}

/* Presses the button of @response, as the user does: the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog),
                                   adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (wait_for (window_gone, dialog));
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
  g_autoptr(GFile) target = g_file_new_for_path (exported);
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
  annalist_file_dialog_set_test_answer (TRUE, target);
  button = find_button (GTK_WIDGET (row), "Export…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (file_written, exported));
  g_assert_cmpstr (annalist_file_dialog_get_test_offered_name (), ==,
                   "Аналитический отчёт 2022-2023.odt");
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

  /* Deleted, and back with the toast's Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "documents.delete", "s", "Справка"));
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
  /* The list of organisations (not the combo row's popover list). */
  view = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (view);
  view = find_descendant (gtk_widget_get_parent (view), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (view);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  gtk_single_selection_set_selected (selection, 0);
  chosen = g_strdup (gtk_string_object_get_string (gtk_single_selection_get_selected_item (selection)));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
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
      GtkWidget *view = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
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

/* The main menu, built when first opened, offers the application's
 * actions. */
static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (child)))
        return child;
      found = find_primary_menu_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The indicator grid: the cell with the focus, and what it saved. */
static GtkWidget *
focused_cell (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (focus == NULL || GTK_IS_ENTRY (focus))
    return focus;
  return gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
}

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
  {
    GtkEventController *keys = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (cell);
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          keys = controller;
      }
    g_assert_nonnull (keys);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
    g_assert_true (handled);
  }
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

static void
test_main_menu (void)
{
  /* The window has other menus (the documents' rows): the main one is
   * the one F10 opens. */
  GtkWidget *button = find_primary_menu_button (GTK_WIDGET (window));
  GMenuModel *menu;
  gboolean has_shortcuts = FALSE;

  g_assert_nonnull (button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_str_equal (action, "win.show-help-overlay"))
            has_shortcuts = TRUE;
        }
    }
  g_assert_true (has_shortcuts);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  iterate ();
}

/* Ctrl+? (win.show-help-overlay) shows the shortcuts, built on demand. */
static void
test_shortcuts_window (void)
{
  GtkWindow *shortcuts;

  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  shortcuts = find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))
                 == shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));

  gtk_window_close (shortcuts);
  g_assert_true (wait_for (window_gone, shortcuts));
  /* Asked for again, the same window comes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  g_assert_true (find_window (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
  gtk_window_close (shortcuts);
  g_assert_true (wait_for (window_gone, shortcuts));
}

static void
test_every_kind_has_a_form (void)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  /* Every list page and every form builds, from the descriptors alone. */
  for (guint k = 0; k < n_kinds; k++)
    {
      AnnalistEditor *editor;

      if (g_str_equal (kinds[k]->name, "report_narrative"))
        continue;
      annalist_window_show_section (window, kinds[k]->name);
      g_assert_true (ANNALIST_IS_LIST_PAGE (annalist_window_get_page (window)));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
      editor = wait_for_editor ();
      g_assert_false (annalist_editor_is_valid (editor) && kinds[k]->parent_column != NULL);
      gtk_window_destroy (GTK_WINDOW (editor));
      iterate ();
    }
}

/* Running ----------------------------------------------------------------------------- */

static void
activated (GApplication *application)
{
  window = ANNALIST_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  test_status = g_test_run ();

  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AnnalistApplication) application = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *option = NULL;
  char *app_argv[3];

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", FALSE);

  test_dir = g_dir_make_tmp ("annalist-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (test_dir, "district.db", NULL);
  option = g_strconcat ("--database=", path, NULL);

  g_test_add_func ("/window/welcome", test_welcome);
  g_test_add_func ("/window/organisation-create", test_create_organisation);
  g_test_add_func ("/window/organisation-edit", test_edit_organisation);
  g_test_add_func ("/window/event-blocked-values", test_create_event_blocked_values);
  g_test_add_func ("/window/event-edit", test_edit_event);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/sort", test_sort);
  g_test_add_func ("/window/resize-column", test_resize_column);
  g_test_add_func ("/window/delete-undo", test_delete_and_undo);
  g_test_add_func ("/window/year", test_year);
  g_test_add_func ("/window/related", test_related);
  g_test_add_func ("/window/activity-from-event", test_activity_from_event);
  g_test_add_func ("/window/report-settings", test_report_and_settings);
  g_test_add_func ("/window/documents", test_documents);
  g_test_add_func ("/window/documents-parameters", test_documents_parameters);
  g_test_add_func ("/window/documents-period", test_documents_period);
  g_test_add_func ("/window/report-documents", test_report_documents);
  g_test_add_func ("/window/indicators", test_indicators);
  g_test_add_func ("/window/main-menu", test_main_menu);
  g_test_add_func ("/window/shortcuts", test_shortcuts_window);
  g_test_add_func ("/window/every-kind", test_every_kind_has_a_form);

  application = annalist_application_new ();
  g_signal_connect_after (application, "activate", G_CALLBACK (activated), NULL);
  app_argv[0] = (char *) "annalist";
  app_argv[1] = option;
  app_argv[2] = NULL;
  g_application_run (G_APPLICATION (application), 2, app_argv);

  {
    g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (test_dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (test_dir);
    g_free (test_dir);
  }
  return test_status;
}
