/* test-window-forms.c — a form's required fields, its Save, and its lists
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the application on the sample district (window-test.c) and drives
 * the forms as a user does: every required field's label is marked; Save
 * pressed on a form with a required field empty saves nothing, takes the
 * focus to that field and says why under it; a new record closes its
 * form when saved, unless records of its own can be added now, when the
 * form stays open on the stored record with Close; the lists under a
 * record grow in the form's one scroll (nothing in the form scrolls by
 * itself), an empty one is a single line whose «Add…» opens a new
 * record of its owner, and a row opens its record's form. With
 * ANNALIST_SCREENSHOT_DIR set, an event's and an organisation's forms are
 * saved there at 1024×600 and 1280×800. Run under Xvfb.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-related-list.h"
#include "annalist-store-private.h"

#include "window-test.h"

/* Helpers --------------------------------------------------------------------------- */

static gint64
count_of (const char *kind_name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", kind_name);

  return window_db_number (sql, 0);
}

static gint64
id_of (const char *sql)
{
  return window_db_number (sql, 0);
}

static AnnalistEditor *
new_form (const char *kind_name)
{
  annalist_window_show_section (window, kind_name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  return wait_for_editor (NULL);
}

static AnnalistEditor *
open_form (const char *kind_name,
           gint64      id,
           GtkWindow  *parent)
{
  g_autoptr(AnnalistRecord) record = annalist_store_load (annalist_window_get_store (window),
                                                          annalist_kind_lookup (kind_name),
                                                          id, NULL);
  AnnalistEditor *editor;

  g_assert_nonnull (record);
  editor = annalist_editor_new (annalist_window_get_store (window), record, 2022, parent);
  gtk_window_present (GTK_WINDOW (editor));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  return editor;
}

static void
press_save (AnnalistEditor *editor)
{
  GtkWidget *save = annalist_editor_get_save_button (editor);

  /* Never greyed out. */
  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  iterate ();
}

static gboolean
focus_within (AnnalistEditor *editor,
              GtkWidget      *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (editor));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static AnnalistRelatedList *
related_list (AnnalistEditor *editor,
              const char     *kind_name)
{
  AnnalistRelatedList *list = find_related_list (GTK_WIDGET (editor), kind_name);

  g_assert_nonnull (list);
  return list;
}

/* Whether anything under the form's scroll scrolls by itself (and so
 * would take the mouse wheel from the form): only a scrolled window takes
 * the wheel (a text view, or the list view a combo row shows its value
 * in, scrolls only inside one). Popovers (a combo row's list) are not in
 * the form. */
static void
assert_nothing_scrolls (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child))
        continue;
      /* The entries' table scrolls sideways and gives the vertical wheel
       * to the form (annalist_ui_scroll_sideways_only ()). */
      if (GTK_IS_SCROLLED_WINDOW (child) &&
          g_object_get_data (G_OBJECT (child), "annalist-sideways-only") == NULL)
        {
          g_autoptr(GString) path = g_string_new (G_OBJECT_TYPE_NAME (child));

          for (GtkWidget *up = widget; up != NULL; up = gtk_widget_get_parent (up))
            g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (up));
          g_error ("A %s scrolls inside the form: %s", G_OBJECT_TYPE_NAME (child), path->str);
        }
      assert_nothing_scrolls (child);
    }
}

static GtkScrolledWindow *
form_scroll (AnnalistEditor *editor)
{
  GtkWidget *scroll = find_descendant (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scroll);
  return GTK_SCROLLED_WINDOW (scroll);
}

/* The form at a screen's size, from its top, and, where it is longer, from
 * its bottom. */
static void
screenshots_at (AnnalistEditor *editor,
                const char     *name,
                int             width,
                int             height)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (form_scroll (editor));
  g_autofree char *top = g_strdup_printf ("form-%s-%dx%d-top.png", name, width, height);
  g_autofree char *bottom = g_strdup_printf ("form-%s-%dx%d-bottom.png", name, width, height);

  wait_for_size (GTK_WINDOW (editor), width, height);
  gtk_adjustment_set_value (adjustment, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), top);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), bottom);
}

static void
close_form (AnnalistEditor *editor)
{
  gtk_window_destroy (GTK_WINDOW (editor));
  iterate ();
}

/* Tests ----------------------------------------------------------------------------- */

/* Every field a kind requires carries the mark on its label, the others
 * do not, and the form says once what the mark means. */
static void
test_required_marks (void)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    {
      const AnnalistKind *kind = kinds[k];
      AnnalistEditor *editor;
      guint marked = 0;

      /* The report's texts have a page of their own, not a form. */
      if (g_str_equal (kind->name, "report_narrative"))
        continue;
      editor = new_form (kind->name);

      for (guint i = 0; i < kind->n_fields; i++)
        {
          const AnnalistField *field = &kind->fields[i];
          const char *label;

          if (field->flags & ANNALIST_FIELD_HIDDEN)
            continue;
          label = annalist_editor_get_label (editor, field->column);
          g_assert_nonnull (label);
          g_assert_true (g_str_has_prefix (label, _(field->label)));
          if (field->flags & ANNALIST_FIELD_REQUIRED)
            {
              g_autofree char *wanted = g_strdup_printf (_("%s *"), _(field->label));

              g_assert_cmpstr (label, ==, wanted);
              marked++;
            }
          else
            g_assert_cmpstr (label, ==, _(field->label));
        }
      g_test_message ("%s: %u required", kind->name, marked);
      {
        g_autofree char *explained = NULL;
        GtkWidget *group = find_descendant (GTK_WIDGET (editor), ADW_TYPE_PREFERENCES_GROUP);

        /* The mark explained once, where there is one. */
        g_object_get (group, "description", &explained, NULL);
        if (marked > 0)
          g_assert_cmpstr (explained, ==, _("Fields marked * must be filled in."));
        else
          g_assert_true (explained == NULL || *explained == '\0');
      }
      close_form (editor);
    }
}

/* Save on a form with an empty required field: nothing is saved, the
 * field has the focus, and its sentence names it under it. */
static void
test_save_with_empty_required (void)
{
  gint64 events = count_of ("event");
  AnnalistEditor *editor = new_form ("event");
  const char *message;

  type_into (editor, "title", "Семинар без вида");
  g_assert_null (annalist_editor_get_message (editor, "kind_id"));   /* not touched yet */
  /* The focus is elsewhere, as after typing the title. */
  gtk_widget_grab_focus (annalist_editor_get_input (editor, "title"));
  press_save (editor);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (editor)), <=, 0);
  g_assert_cmpint (count_of ("event"), ==, events);
  g_assert_true (focus_within (editor, annalist_editor_get_row (editor, "kind_id")));
  message = annalist_editor_get_message (editor, "kind_id");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, _("Event kind")));
  /* The title, filled in, says nothing. */
  g_assert_null (annalist_editor_get_message (editor, "title"));

  /* Chosen, the sentence goes and Save saves (and closes: an event has
   * no records of its own). */
  choose_in_combo (editor, "kind_id", 1);
  g_assert_null (annalist_editor_get_message (editor, "kind_id"));
  save_editor (editor);
  g_assert_cmpint (count_of ("event"), ==, events + 1);
}

/* A rating value of an indicator counted from the records: the
 * indicator's sentence says so under it, and Save stores nothing; a
 * typed indicator's value saves. */
static void
test_counted_indicator_refused (void)
{
  gint64 values = count_of ("rating_value");
  gint64 counted, typed, organisation;
  g_autofree char *name = NULL;
  AnnalistEditor *editor;
  const char *message;

  /* The sample has no rating: one counted indicator and one typed. */
  g_assert_true (annalist_store_exec (annalist_window_get_store (window),
    "INSERT INTO rating_indicator (position, name, points, source_id) VALUES"
    " (1, 'Публикации педагогов', 2, (SELECT id FROM rating_source WHERE code = 'publications')),"
    " (2, 'Самооценка', 1, NULL)", NULL));
  counted = id_of ("SELECT id FROM rating_indicator WHERE name = 'Публикации педагогов'");
  typed = id_of ("SELECT id FROM rating_indicator WHERE name = 'Самооценка'");
  organisation = id_of ("SELECT id FROM organisation ORDER BY id LIMIT 1");
  {
    g_autoptr(AnnalistRecord) indicator = annalist_store_load (annalist_window_get_store (window),
                                                               annalist_kind_lookup ("rating_indicator"),
                                                               counted, NULL);
    name = g_strdup (annalist_record_get_string (indicator, "name"));
  }
  editor = new_form ("rating_value");
  /* The picker offers the typed indicator, not the counted one. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (annalist_editor_get_input (editor, "indicator_id"));
    GtkPopover *popover = gtk_menu_button_get_popover (button);
    GtkListView *view;
    GListModel *shown;
    g_autoptr(GString) names = g_string_new (NULL);

    gtk_menu_button_popup (button);
    iterate ();
    view = g_object_get_data (G_OBJECT (popover), "view");
    shown = G_LIST_MODEL (gtk_list_view_get_model (view));
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (shown, i);

        g_string_append_printf (names, "%s;", gtk_string_object_get_string (item));
      }
    gtk_menu_button_popdown (button);
    g_test_message ("The picker offers: %s", names->str);
    g_assert_nonnull (strstr (names->str, "Самооценка"));
    g_assert_null (strstr (names->str, "Публикации педагогов"));
  }
  annalist_editor_choose (editor, "indicator_id", counted);
  annalist_editor_choose (editor, "organisation_id", organisation);
  type_into (editor, "value", "3");
  press_save (editor);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_cmpint (count_of ("rating_value"), ==, values);
  message = annalist_editor_get_message (editor, "indicator_id");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, name));
  g_assert_true (focus_within (editor, annalist_editor_get_row (editor, "indicator_id")));
  save_screenshot (GTK_WIDGET (editor), "form-counted-indicator.png");

  annalist_editor_choose (editor, "indicator_id", typed);
  g_assert_null (annalist_editor_get_message (editor, "indicator_id"));
  save_editor (editor);
  g_assert_cmpint (count_of ("rating_value"), ==, values + 1);
}

/* A new event has no lists: saved, its form closes. */
static void
test_new_without_lists_closes (void)
{
  gint64 events = count_of ("event");
  AnnalistEditor *editor = new_form ("event");

  choose_in_combo (editor, "kind_id", 2);
  type_into (editor, "title", "Круглый стол «Наставничество»");
  /* New: Cancel, not Close. */
  g_assert_nonnull (find_button (GTK_WIDGET (editor), _("_Cancel")));
  g_signal_emit_by_name (annalist_editor_get_save_button (editor), "clicked");
  g_assert_true (wait_for (window_gone, editor));
  g_assert_cmpint (count_of ("event"), ==, events + 1);
}

static gboolean
editor_stored (gpointer editor)
{
  return annalist_record_get_id (annalist_editor_get_record (editor)) > 0;
}

static gboolean
form_toast_says (gpointer editor)
{
  return find_widget (editor, is_label_saying, (gpointer) _("The record is saved")) != NULL;
}

/* A new project stays open once saved, on the stored record, with Close
 * and its lists; an empty list is one line whose «Add…» opens a new
 * stage of this project. */
static void
test_new_with_lists_stays (void)
{
  gint64 organisation = id_of ("SELECT id FROM organisation ORDER BY id LIMIT 1");
  AnnalistEditor *editor = new_form ("project");
  AnnalistRelatedList *stages;
  AnnalistEditor *stage;
  GtkWidget *add;
  gint64 project;

  type_into (editor, "topic", "Цифровая школа наставника");
  annalist_editor_choose (editor, "organisation_id", organisation);
  iterate ();
  g_assert_true (can_save (editor));
  press_save (editor);
  g_assert_true (wait_for (editor_stored, editor));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  project = annalist_record_get_id (annalist_editor_get_record (editor));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_false (annalist_editor_is_modified (editor));
  /* Nothing to cancel now: Close. */
  g_assert_nonnull (find_button (GTK_WIDGET (editor), _("_Close")));
  g_assert_null (find_button (GTK_WIDGET (editor), _("_Cancel")));
  /* The toast says it is saved, no more. */
  g_assert_true (wait_for (form_toast_says, editor));

  /* Its lists, empty: a line each. */
  stages = related_list (editor, "project_stage");
  g_assert_cmpuint (annalist_related_list_get_count (stages), ==, 0);
  g_assert_false (gtk_widget_get_visible (annalist_related_list_get_rows (stages)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (stages)), <, 48);
  g_assert_nonnull (find_widget (GTK_WIDGET (stages), is_label_saying,
                                 (gpointer) _("· No records ·")));
  assert_nothing_scrolls (gtk_scrolled_window_get_child (form_scroll (editor)));

  /* «Add…»: a new stage, of this project. */
  add = find_button (GTK_WIDGET (stages), _("Add…"));
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  stage = wait_for_editor (editor);
  g_assert_cmpstr (annalist_record_get_kind (annalist_editor_get_record (stage))->name, ==,
                   "project_stage");
  g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (stage)), <=, 0);
  g_assert_cmpint (annalist_record_get_int (annalist_editor_get_record (stage), "project_id"),
                   ==, project);
  type_into (stage, "title", "Подготовительный этап");
  save_editor (stage);   /* a stage has no lists: it closes */

  /* The list has it now, as a row, which opens its form. */
  g_assert_cmpuint (annalist_related_list_get_count (stages), ==, 1);
  g_assert_true (gtk_widget_get_visible (annalist_related_list_get_rows (stages)));
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (annalist_related_list_get_rows (stages)), 0),
                         "activate");
  stage = wait_for_editor (editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (annalist_editor_get_input (stage, "title"))),
                   ==, "Подготовительный этап");
  close_form (stage);

  /* Its bin deletes it at once, with Undo on the toast. */
  {
    g_autofree char *label = g_strdup_printf (_("Delete “%s”"), "Подготовительный этап");
    g_autofree char *said = g_strdup_printf (_("“%s” deleted"), "Подготовительный этап");
    /* The row's one button. */
    GtkWidget *bin = find_descendant (annalist_related_list_get_rows (stages), GTK_TYPE_BUTTON);

    g_assert_nonnull (bin);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (bin), ==, label);
    g_signal_emit_by_name (bin, "clicked");
    iterate ();
    g_assert_cmpuint (annalist_related_list_get_count (stages), ==, 0);
    g_assert_nonnull (find_widget (GTK_WIDGET (editor), is_label_saying, said));
  }
  screenshots_at (editor, "project-new", 1024, 600);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  g_assert_true (wait_for (window_gone, editor));
}

/* Tab goes from the field before a text of paragraphs straight into
 * it, and on out of it: no stop on the row around it. */
static void
test_tab_into_text (void)
{
  gint64 event = id_of ("SELECT id FROM event ORDER BY id LIMIT 1");
  AnnalistEditor *editor = open_form ("event", event, GTK_WINDOW (window));
  GtkWidget *kind = annalist_editor_get_input (editor, "kind_id");
  GtkWidget *title = annalist_editor_get_input (editor, "title");

  g_assert_true (GTK_IS_TEXT_VIEW (title));
  g_assert_true (gtk_widget_grab_focus (kind));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (editor, title));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (editor, annalist_editor_get_input (editor, "date_start")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_within (editor, title));
  close_form (editor);
}

/* An organisation's and a competition's forms, with their lists: nothing
 * in them scrolls but the form, so the wheel over a list scrolls the
 * form; a row opens its record. */
static void
test_one_scroll (void)
{
  gint64 organisation = id_of ("SELECT id FROM organisation WHERE short_name = 'Школа № 383'");
  gint64 competition = id_of ("SELECT competition_id FROM competition_entry "
                              "GROUP BY competition_id ORDER BY count(*) DESC LIMIT 1");
  AnnalistEditor *editor = open_form ("organisation", organisation, GTK_WINDOW (window));
  AnnalistRelatedList *events = related_list (editor, "event");
  AnnalistEditor *nested;

  assert_nothing_scrolls (gtk_scrolled_window_get_child (form_scroll (editor)));
  g_assert_cmpuint (annalist_related_list_get_count (events), >, 0);
  /* A click on a row. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (annalist_related_list_get_rows (events)), 0),
                         "activate");
  nested = wait_for_editor (editor);
  g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (nested)), ==,
                   annalist_record_get_id (annalist_related_list_get_record (events, 0)));
  close_form (nested);
  /* Enter on the row that has the focus (the list's key binding). */
  {
    GtkWidget *rows = annalist_related_list_get_rows (events);
    guint last = annalist_related_list_get_count (events) - 1;

    g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (rows),
                                                                                    (int) last))));
    g_signal_emit_by_name (rows, "activate-cursor-row");
    nested = wait_for_editor (editor);
    g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (nested)), ==,
                     annalist_record_get_id (annalist_related_list_get_record (events, last)));
    close_form (nested);
  }

  screenshots_at (editor, "organisation", 1280, 800);
  screenshots_at (editor, "organisation", 1024, 600);
  close_form (editor);

  editor = open_form ("competition", competition, GTK_WINDOW (window));
  assert_nothing_scrolls (gtk_scrolled_window_get_child (form_scroll (editor)));
  close_form (editor);

  editor = open_form ("event", id_of ("SELECT id FROM event ORDER BY id LIMIT 1"),
                      GTK_WINDOW (window));
  assert_nothing_scrolls (gtk_scrolled_window_get_child (form_scroll (editor)));
  screenshots_at (editor, "event", 1280, 800);
  screenshots_at (editor, "event", 1024, 600);
  close_form (editor);

  /* A new event's form, Save pressed empty: what it says. */
  editor = new_form ("event");
  press_save (editor);
  screenshots_at (editor, "event-refused", 1024, 600);
  close_form (editor);
}

/* Running --------------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-forms", TRUE);

  g_test_add_func ("/forms/required-marks", test_required_marks);
  g_test_add_func ("/forms/save-with-empty-required", test_save_with_empty_required);
  g_test_add_func ("/forms/new-without-lists-closes", test_new_without_lists_closes);
  g_test_add_func ("/forms/counted-indicator-refused", test_counted_indicator_refused);
  g_test_add_func ("/forms/new-with-lists-stays", test_new_with_lists_stays);
  g_test_add_func ("/forms/one-scroll", test_one_scroll);
  g_test_add_func ("/forms/tab-into-text", test_tab_into_text);

  return window_test_run (NULL);
}
