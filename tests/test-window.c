/* test-window.c — the main window, driven through its widgets
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real application on a temporary, empty database (window-test.c)
 * and, from its "activate", the tests below, which type into the real
 * rows, press the real buttons and answer the real dialogs: the lists,
 * the forms, the records and the window's menus. The window's documents
 * are tested in test-window-documents.c. Run under Xvfb.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "annalist-editor.h"
#include "annalist-list-page.h"
#include "annalist-related-list.h"
#include "annalist-store-private.h"
#include "annalist-window.h"

#include "window-test.h"

/* The list shown -------------------------------------------------------------------- */

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

/* Tests ----------------------------------------------------------------------------- */

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
  editor = wait_for_editor (NULL);

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
  editor = wait_for_editor (NULL);
  type_into (editor, "short_name", "Детский сад № 3");
  type_into (editor, "full_name", "ГБДОУ детский сад № 3");
  choose_in_combo (editor, "type_id", 1);
  save_editor (editor);
  assert_count (2);

  /* The window still open, a copy of the .db alone already has both. */
  {
    const char *path = annalist_store_get_path (annalist_window_get_store (window));
    g_autofree char *copy = g_build_filename (test_dir, "copy.db", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (copy, contents, length, NULL));
    g_assert_cmpint (sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat(short_name, ';') "
                                         "FROM (SELECT short_name FROM organisation ORDER BY id)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                     "Школа № 7;Детский сад № 3");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    g_unlink (copy);
  }
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
  editor = wait_for_editor (NULL);
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
  editor = wait_for_editor (NULL);
  choose_in_combo (editor, "kind_id", 1);
  type_into (editor, "title", "Районный семинар «Наставничество»");

  /* A date that is no date, and one the calendar does not have. */
  type_into (editor, "date_start", "15 ноября");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "date_start"), ==,
                   "“Date” must be a date written as DD.MM.YYYY.");
  type_into (editor, "date_start", "32.13.2022");
  g_assert_false (can_save (editor));
  g_assert_cmpstr (annalist_editor_get_message (editor, "date_start"), ==,
                   "“Date” holds a date that does not exist: 32.13.2022.");

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
  editor = wait_for_editor (NULL);
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
  editor = wait_for_editor (NULL);
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

static GtkWidget *
open_search (const char *section)
{
  GtkWidget *entry = annalist_window_get_search_entry (window);

  annalist_window_show_section (window, section);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (wait_for ((Condition) gtk_widget_get_mapped, entry));
  return entry;
}

/* Office typists type «е» for «ё», and quotes of any kind or none. */
static void
test_search_folds (void)
{
  GtkWidget *entry = open_search ("entry_result");

  gtk_editable_set_text (GTK_EDITABLE (entry), "ПРИЗЕР");
  assert_count (1);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "name"), ==, "Призёр");
  gtk_editable_set_text (GTK_EDITABLE (entry), "призёр");
  assert_count (1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR)),
                                  FALSE);

  entry = open_search ("event");
  gtk_editable_set_text (GTK_EDITABLE (entry), "\"инновации в образовании\"");
  assert_count (1);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Конференция «Инновации в образовании»");
  gtk_editable_set_text (GTK_EDITABLE (entry), "„НАСТАВНИЧЕСТВО В ШКОЛЕ“");
  assert_count (1);
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Районный семинар «Наставничество в школе»");
  /* Only case, «ё» and quotes: a word left out is still not found. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "семинар в школе");
  assert_count (0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  assert_count (3);
}

static const char *
editor_title (AnnalistEditor *editor)
{
  return annalist_record_get_string (annalist_editor_get_record (editor), "title");
}

static void
close_editor (AnnalistEditor *editor)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  g_assert_true (wait_for (window_gone, editor));
}

/* Enter in the search opens the only record found, or the first of several. */
static void
test_search_enter (void)
{
  GtkWidget *entry = open_search ("event");
  AnnalistEditor *editor;
  g_autofree char *first = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), "вебинар");
  g_signal_emit_by_name (entry, "activate");
  editor = wait_for_editor (NULL);
  g_assert_cmpstr (editor_title (editor), ==, "Вебинар для заместителей");
  close_editor (editor);

  /* Several: the first row's, as a double click on it does. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "н");
  assert_count (3);
  first = g_strdup (annalist_record_get_string (row_record (0), "title"));
  g_signal_emit_by_name (entry, "activate");
  editor = wait_for_editor (NULL);
  g_assert_cmpstr (editor_title (editor), ==, first);
  close_editor (editor);

  /* None: nothing opens. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "нет такого");
  assert_count (0);
  g_signal_emit_by_name (entry, "activate");
  iterate ();
  g_assert_null (find_window (ANNALIST_TYPE_EDITOR));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  assert_count (3);
}

/* The widget of the view's top (or bottom) row shown. */
static GtkWidget *
row_widget (GtkGridView *view,
            gboolean     top)
{
  GtkWidget *found = NULL;
  double found_y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      double x, y;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child) ||
          !gtk_widget_get_focusable (child))
        continue;
      g_assert_true (gtk_widget_translate_coordinates (child, GTK_WIDGET (view), 0, 0, &x, &y));
      if (found == NULL || (top ? y < found_y : y > found_y))
        {
          found_y = y;
          found = child;
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Down in the search goes into the rows: the first one, focused and
 * selected; not to a column header. */
static void
test_search_down (void)
{
  GtkWidget *entry = open_search ("event");
  GtkGridView *view = annalist_list_page_get_view (list_page ());
  GtkWidget *header = annalist_list_page_get_header (list_page ());
  GtkWidget *focus, *row;

  /* The last row selected and focused before, as after some use. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "н");
  assert_count (3);
  select_row (2);
  g_assert_true (gtk_widget_grab_focus (row_widget (view, FALSE)));
  gtk_widget_grab_focus (entry);
  iterate ();

  g_assert_true (press_key (entry, GDK_KEY_Down));
  iterate ();
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_grid_view_get_model (view))),
                    ==, 0);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
  g_assert_false (focus == header || gtk_widget_is_ancestor (focus, header));

  /* The focused row is the top one. */
  for (row = focus; gtk_widget_get_parent (row) != GTK_WIDGET (view); row = gtk_widget_get_parent (row))
    ;
  g_assert_true (row == row_widget (view, TRUE));

  /* Scrolled far down a long list, Down still goes to the first record. */
  {
    AnnalistStore *store = annalist_window_get_store (window);
    g_autoptr(GError) error = NULL;
    GtkAdjustment *scroll;
    GtkListItem *item;

    g_assert_true (annalist_store_exec (store,
                                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                        "WHERE i < 300) INSERT INTO content_kind (name, short_name, position) "
                                        "SELECT 'Вид ' || printf ('%03d', i), 'вид ' || i, 100 + i FROM n",
                                        &error));
    g_assert_no_error (error);
    annalist_store_emit_changed (store, annalist_kind_lookup ("content_kind"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    entry = open_search ("content_kind");
    view = annalist_list_page_get_view (list_page ());
    assert_count (302);
    scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
    gtk_adjustment_set_value (scroll, gtk_adjustment_get_upper (scroll));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    g_assert_true (gtk_widget_grab_focus (row_widget (view, FALSE)));
    gtk_widget_grab_focus (entry);
    iterate ();

    g_assert_true (press_key (entry, GDK_KEY_Down));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
    for (row = focus; gtk_widget_get_parent (row) != GTK_WIDGET (view); row = gtk_widget_get_parent (row))
      ;
    item = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (row)), "annalist-list-item");
    g_assert_nonnull (item);
    g_assert_cmpuint (gtk_list_item_get_position (item), ==, 0);
    g_assert_true (gtk_list_item_get_selected (item));
    g_assert_true (annalist_store_exec (store, "DELETE FROM content_kind WHERE position > 100", NULL));
    annalist_store_emit_changed (store, annalist_kind_lookup ("content_kind"));
    assert_count (2);
    entry = open_search ("event");
  }

  /* Without rows Down stays in the search. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "нет такого");
  assert_count (0);
  g_assert_false (press_key (entry, GDK_KEY_Down));
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
      /* The button holds its title and the sort arrow; a name column's
       * cell holds it and the filter's button. */
      GtkWidget *button = GTK_IS_BUTTON (child) ? child : find_descendant (child, GTK_TYPE_BUTTON);
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "Title") == 0)
        title_button = button;
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
  /* Room to spare for the text columns: without it the table scrolls
   * sideways (test-window-table.c). */
  annalist_list_page_set_column_width (page, 4, 60);    /* Period as written */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  table = gtk_widget_get_width (header);
  /* Column 0, the year, shows only under “All years”. */
  kind = annalist_list_page_get_column_width (page, 1);    /* Event kind */
  title = annalist_list_page_get_column_width (page, 2);   /* Title, text */
  g_assert_cmpint (kind, >, 0);

  kind_wanted = kind - 40;
  annalist_list_page_set_column_width (page, 1, kind_wanted);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, 1), ==, kind_wanted);
  g_assert_cmpint (annalist_list_page_get_column_width (page, 2), >, title);
  g_assert_cmpint (gtk_widget_get_width (header), ==, table);

  /* Not narrower than a few letters, and sorting keeps the width. */
  annalist_list_page_set_column_width (page, 1, 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (annalist_list_page_get_column_width (page, 1), >=, 48);
  annalist_list_page_set_column_width (page, 1, kind_wanted);
  g_signal_emit_by_name (find_descendant (gtk_widget_get_next_sibling (gtk_widget_get_first_child (header)),
                                          GTK_TYPE_BUTTON),
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

  annalist_window_show_section (window, "event");
  assert_count (3);
  select_row (1);
  id = annalist_record_get_id (row_record (1));

  /* Deleted at once: no question, a toast with Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  assert_count (2);
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (wait_for (toast_says, (gpointer) "deleted"));

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

  /* An organisation others refer to is refused at once, and the
   * dialog counts what refers to it. */
  annalist_window_show_section (window, "organisation");
  for (guint i = 0; i < annalist_list_page_get_count (list_page ()); i++)
    if (annalist_record_get_id (row_record (i)) == first_organisation)
      select_row (i);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Other records need it"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Events: 1"));
  adw_message_dialog_response (dialog, "close");
  assert_count (2);
}

/* «All years» heads the window's year selector. */
static gboolean
is_year_dropdown (GtkWidget *widget,
                  gpointer   data)
{
  GListModel *model;
  g_autoptr(GObject) first = NULL;

  if (!GTK_IS_DROP_DOWN (widget))
    return FALSE;
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  if (model == NULL || !GTK_IS_STRING_LIST (model) || g_list_model_get_n_items (model) < 2)
    return FALSE;
  return g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), "-") == FALSE &&
         strchr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), '-') != NULL;
}

static gboolean
no_toast_says (gpointer text)
{
  return !toast_says (text);
}

static gboolean
year_is (gpointer year)
{
  return annalist_window_get_year (window) == GPOINTER_TO_INT (year);
}

static void
test_year (void)
{
  GtkWidget *dropdown = find_widget (GTK_WIDGET (window), is_year_dropdown, NULL);
  GtkStringList *years;
  GtkWidget *show;

  g_assert_nonnull (dropdown);
  years = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));
  g_assert_cmpstr (gtk_string_list_get_string (years, 0), ==, "All years");
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (years)); i++)
    g_assert_cmpstr (gtk_string_list_get_string (years, i), !=, "All years");
  /* Choosing the first item lists all years. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_cmpint (annalist_window_get_year (window), ==, ANNALIST_ALL_YEARS);

  annalist_window_show_section (window, "event");
  annalist_window_set_year (window, 2022);
  assert_count (3);
  add_event (8, "Форум 2023-2024 года", "12.09.2023");
  assert_count (3);   /* saved in its own year, not shown in this one */
  /* ... and the toast says where it went; «Show» goes there and selects it. */
  g_assert_true (wait_for (toast_says, "The record is saved in the 2023-2024 academic year"));
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    {
      /* The toast once it has slid in. */
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      save_screenshot (GTK_WIDGET (window), "record-saved-in-another-year.png");
    }
  show = find_button (GTK_WIDGET (window), "_Show");
  g_assert_nonnull (show);
  gtk_widget_activate (show);
  g_assert_true (wait_for (year_is, GINT_TO_POINTER (2023)));
  assert_count (1);
  g_assert_nonnull (annalist_list_page_get_selected (list_page ()));
  g_assert_cmpstr (annalist_record_get_string (annalist_list_page_get_selected (list_page ()),
                                               "title"), ==, "Форум 2023-2024 года");
  g_assert_cmpstr (annalist_record_get_string (row_record (0), "title"), ==,
                   "Форум 2023-2024 года");
  /* Saved in the year shown: no toast to say so. */
  g_assert_true (wait_for (no_toast_says, (gpointer) "The record is saved in"));
  add_event (8, "Форум 2023-2024 года, второй день", "13.09.2023");
  assert_count (2);
  iterate ();
  g_assert_false (toast_says ((gpointer) "The record is saved in"));
  annalist_window_set_year (window, 2023);
  annalist_window_set_year (window, ANNALIST_ALL_YEARS);
  assert_count (5);
  annalist_window_set_year (window, 2022);
  assert_count (3);
}

static void
test_related (void)
{
  AnnalistEditor *editor;
  AnnalistRelatedList *related = NULL;

  /* A competition's entries are edited in the competition's form. */
  annalist_window_show_section (window, "competition");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  editor = wait_for_editor (NULL);
  type_into (editor, "name", "Импульс");
  /* A button's activation clicks it a moment later. */
  gtk_widget_activate (annalist_editor_get_save_button (editor));
  g_assert_true (wait_for (saved, editor));
  /* It stays open, now with its nominations and entries. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  /* The entries are a table in the form (test-window-entries.c), the
   * nominations a list under it. */
  g_assert_null (find_related_list (GTK_WIDGET (editor), "competition_entry"));
  related = find_related_list (GTK_WIDGET (editor), "nomination");
  g_assert_nonnull (related);
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (annalist_editor_get_entry_cell (editor, 0,
                                                                       "organisation_id")),
                         "7");   /* Школа № 7, by its number */
  gtk_editable_set_text (GTK_EDITABLE (annalist_editor_get_entry_cell (editor, 0, "title")),
                         "Методический кейс");
  iterate ();
  g_assert_cmpuint (annalist_editor_get_n_entry_rows (editor), ==, 2);
  {
    AnnalistQuery query = ANNALIST_QUERY_INIT;
    g_autoptr(GListModel) entries = NULL;
    g_autoptr(AnnalistRecord) entry = NULL;

    query.parent_id = annalist_record_get_id (annalist_editor_get_record (editor));
    save_editor (editor);
    entries = annalist_store_list (annalist_window_get_store (window),
                                   annalist_kind_lookup ("competition_entry"), &query, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
    entry = g_list_model_get_item (entries, 0);
    g_assert_cmpint (annalist_record_get_int (entry, "organisation_id"), ==, first_organisation);
    g_assert_cmpstr (annalist_record_get_string (entry, "title"), ==, "Методический кейс");
  }
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
  editor = wait_for_editor (NULL);
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
}

/* The main menu, built when first opened, offers the application's
 * actions. */
static gboolean
is_primary_menu_button (GtkWidget *widget,
                        gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  return find_widget (root, is_primary_menu_button, NULL);
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
      editor = wait_for_editor (NULL);
      g_assert_false (annalist_editor_is_valid (editor) && kinds[k]->parent_column != NULL);
      gtk_window_destroy (GTK_WINDOW (editor));
      iterate ();
    }
}

/* Running --------------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window", FALSE);

  g_test_add_func ("/window/welcome", test_welcome);
  g_test_add_func ("/window/organisation-create", test_create_organisation);
  g_test_add_func ("/window/organisation-edit", test_edit_organisation);
  g_test_add_func ("/window/event-blocked-values", test_create_event_blocked_values);
  g_test_add_func ("/window/event-edit", test_edit_event);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/search-folds", test_search_folds);
  g_test_add_func ("/window/search-enter", test_search_enter);
  g_test_add_func ("/window/search-down", test_search_down);
  g_test_add_func ("/window/sort", test_sort);
  g_test_add_func ("/window/resize-column", test_resize_column);
  g_test_add_func ("/window/delete-undo", test_delete_and_undo);
  g_test_add_func ("/window/year", test_year);
  g_test_add_func ("/window/related", test_related);
  g_test_add_func ("/window/activity-from-event", test_activity_from_event);
  g_test_add_func ("/window/main-menu", test_main_menu);
  g_test_add_func ("/window/shortcuts", test_shortcuts_window);
  g_test_add_func ("/window/every-kind", test_every_kind_has_a_form);

  return window_test_run (NULL);
}
