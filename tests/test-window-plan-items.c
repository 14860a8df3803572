/* test-window-plan-items.c — a plan's items on their own page, by stage
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the application on the sample district (window-test.c) and checks
 * the page «Plan Items by Stage» on the sample's programme of four stages
 * (reference document 003): the rows are the stages in their order, each
 * with its items by position, as the database holds them; «Add Item» in a
 * stage's heading adds an item of that stage, after the stage's last one
 * (read back from the store); an edit through an item's form shows on the
 * page; the plan's form has one line «N items · Open» instead of the list
 * of its items, and it leads to the page. Run under Xvfb. With
 * ANNALIST_SCREENSHOT_DIR set, the page is saved there as PNGs at
 * 1024×600 and 1280×800.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-plan-items-page.h"
#include "annalist-plan-items-private.h"
#include "annalist-store-private.h"

#include "window-test.h"

#define PLAN "Программа деятельности муниципального опорного Центра на период 2019 – 2023 г.г."

static gint64 plan_id;

/* Helpers --------------------------------------------------------------------------- */

static sqlite3 *
db (void)
{
  return annalist_store_get_db (annalist_window_get_store (window));
}

/* A query's one number (window_db_number ()), short for the many here. */
static gint64
sql_int (const char *sql,
         gint64      parameter)
{
  return window_db_number (sql, parameter);
}

/* The ids of a query's first column, ?1 being @parameter. */
static GArray *
sql_ids (const char *sql,
         gint64      parameter)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db (), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, parameter);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static AnnalistPlanItemsPage *
show_page (void)
{
  GtkWidget *page;

  annalist_window_show_section (window, ANNALIST_PLAN_ITEMS_SECTION);
  page = annalist_window_get_page (window);
  g_assert_true (ANNALIST_IS_PLAN_ITEMS_PAGE (page));
  g_assert_true (annalist_plan_items_page_set_plan (ANNALIST_PLAN_ITEMS_PAGE (page), plan_id));
  gtk_test_widget_wait_for_draw (page);
  return ANNALIST_PLAN_ITEMS_PAGE (page);
}

static gint64
data_id (GtkWidget  *row,
         const char *key)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), key));
}

static gboolean
is_heading (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "heading") != NULL;
}

static GtkWidget *
heading_of (AnnalistPlanItemsPage *page,
            gint64                 stage_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (annalist_plan_items_page_get_list (page)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (is_heading (row) && data_id (row, "stage-id") == stage_id)
      return row;
  return NULL;
}

static GtkWidget *
row_of_item (AnnalistPlanItemsPage *page,
             gint64                 item_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (annalist_plan_items_page_get_list (page)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (data_id (row, "item-id") == item_id)
      return row;
  return NULL;
}

/* The stage an item's row is listed under: the heading above it. */
static gint64
stage_above (GtkWidget *row)
{
  for (; row != NULL; row = gtk_widget_get_prev_sibling (row))
    if (is_heading (row))
      return data_id (row, "stage-id");
  return -1;
}

/* The header row: the box of headings, in a list of its own. */
static gboolean
is_header (GtkWidget *widget,
           gpointer   data)
{
  GtkWidget *list = GTK_WIDGET (annalist_plan_items_page_get_list (data));

  return GTK_IS_BOX (widget) && GTK_IS_LIST_BOX_ROW (gtk_widget_get_parent (widget)) &&
         !gtk_widget_is_ancestor (widget, list) &&
         gtk_widget_get_first_child (widget) != NULL &&
         GTK_IS_LABEL (gtk_widget_get_first_child (gtk_widget_get_first_child (widget)));
}

static gboolean
has_label_saying (GtkWidget  *widget,
                  gpointer    text)
{
  return GTK_IS_LABEL (widget) && strcmp (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The rows, in order, as "s<stage id>" and "i<item id>". */
static char *
rows_shown (AnnalistPlanItemsPage *page)
{
  GString *shown = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (annalist_plan_items_page_get_list (page)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (is_heading (row))
      g_string_append_printf (shown, "s%" G_GINT64_FORMAT " ", data_id (row, "stage-id"));
    else if (data_id (row, "item-id") > 0)
      g_string_append_printf (shown, "i%" G_GINT64_FORMAT " ", data_id (row, "item-id"));
  return g_string_free (shown, FALSE);
}

/* The rows the database says there are: each stage of the plan in the
 * stages' order with its items by position, then «No stage» (0). */
static char *
rows_expected (void)
{
  GString *expected = g_string_new (NULL);
  g_autoptr(GArray) stages = sql_ids ("SELECT id FROM plan_stage WHERE plan_id = ?1 "
                                      "ORDER BY academic_year, id", plan_id);
  g_autoptr(GArray) loose = sql_ids ("SELECT id FROM plan_item WHERE plan_id = ?1 AND "
                                     "(stage_id IS NULL OR stage_id NOT IN "
                                     "(SELECT id FROM plan_stage WHERE plan_id = ?1)) "
                                     "ORDER BY position, deadline_date, id", plan_id);

  for (guint s = 0; s < stages->len; s++)
    {
      gint64 stage = g_array_index (stages, gint64, s);
      g_autoptr(GArray) items = sql_ids ("SELECT id FROM plan_item WHERE stage_id = ?1 "
                                         "ORDER BY position, deadline_date, id", stage);

      g_string_append_printf (expected, "s%" G_GINT64_FORMAT " ", stage);
      for (guint i = 0; i < items->len; i++)
        g_string_append_printf (expected, "i%" G_GINT64_FORMAT " ", g_array_index (items, gint64, i));
    }
  g_string_append (expected, "s0 ");
  for (guint i = 0; i < loose->len; i++)
    g_string_append_printf (expected, "i%" G_GINT64_FORMAT " ", g_array_index (loose, gint64, i));
  return g_string_free (expected, FALSE);
}

typedef struct
{
  AnnalistPlanItemsPage *page;
  const char            *expected;
} RowsWanted;

static gboolean
rows_are (gpointer data)
{
  RowsWanted *wanted = data;
  g_autofree char *shown = rows_shown (wanted->page);

  return g_str_equal (shown, wanted->expected);
}

/* Tests ----------------------------------------------------------------------------- */

/* The sample's programme: its four stages in their order, each with its
 * items by position; the focus on the first item. */
static void
test_stages (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  g_autofree char *expected = rows_expected ();
  g_autofree char *shown = rows_shown (page);
  GtkWidget *focus;

  g_assert_cmpint (sql_int ("SELECT count(*) FROM plan_stage WHERE plan_id = ?1", plan_id), ==, 4);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM plan_item WHERE plan_id = ?1", plan_id), >, 20);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (adw_window_title_get_title (
                     ADW_WINDOW_TITLE (find_descendant (GTK_WIDGET (window),
                                                        ADW_TYPE_WINDOW_TITLE))), !=, NULL);

  /* The first item has the focus: keyboard first. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
  g_assert_cmpint (data_id (focus, "item-id"), ==,
                   sql_int ("SELECT id FROM plan_item WHERE plan_id = ?1 "
                            "ORDER BY (SELECT academic_year FROM plan_stage s WHERE s.id = stage_id), "
                            "position, id LIMIT 1", plan_id));
  /* The chooser is searchable and named. */
  g_assert_true (gtk_drop_down_get_enable_search (annalist_plan_items_page_get_chooser (page)));
}

/* «Add Item» in the second stage's heading: a new item of that stage, at
 * the end of it; the third stage's items move one down. */
static void
test_add_in_stage (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  g_autoptr(GArray) stages = sql_ids ("SELECT id FROM plan_stage WHERE plan_id = ?1 "
                                      "ORDER BY academic_year, id", plan_id);
  gint64 stage = g_array_index (stages, gint64, 1);
  gint64 last_position = sql_int ("SELECT max(position) FROM plan_item WHERE stage_id = ?1", stage);
  gint64 next_stage_first = sql_int ("SELECT min(position) FROM plan_item WHERE stage_id = ?1",
                                     g_array_index (stages, gint64, 2));
  gint64 n_items = sql_int ("SELECT count(*) FROM plan_item WHERE plan_id = ?1", plan_id);
  /* Every item's position, in one number. */
  const char *positions = "SELECT sum(id * 100000 + position) FROM plan_item WHERE plan_id = ?1";
  gint64 positions_before = sql_int (positions, plan_id);
  GtkWidget *heading = heading_of (page, stage);
  GtkWidget *button;
  AnnalistEditor *editor;
  gint64 added;
  g_autofree char *expected = NULL;
  RowsWanted wanted = { page, NULL };

  g_assert_nonnull (heading);
  g_assert_cmpint (next_stage_first, ==, last_position + 1);
  button = g_object_get_data (G_OBJECT (heading), "add-button");
  g_assert_true (GTK_IS_BUTTON (button));
  gtk_widget_grab_focus (button);
  /* "clicked" itself: gtk_widget_activate () clicks a quarter of a second
   * later, and a reload of the rows in between (the last save's) takes
   * the button, and the click, away. */
  g_signal_emit_by_name (button, "clicked");
  editor = wait_for_editor (NULL);
  g_assert_cmpint (annalist_record_get_int (annalist_editor_get_record (editor), "stage_id"), ==,
                   stage);
  type_into (editor, "activity", "Семинар для заместителей директоров по ВР");
  type_into (editor, "responsible", "Руков. МОЦ");
  save_editor (editor);

  /* Read back from the store. */
  g_assert_cmpint (sql_int ("SELECT count(*) FROM plan_item WHERE plan_id = ?1", plan_id), ==,
                   n_items + 1);
  added = sql_int ("SELECT max(id) FROM plan_item WHERE plan_id = ?1", plan_id);
  g_assert_cmpint (sql_int ("SELECT stage_id FROM plan_item WHERE id = ?1", added), ==, stage);
  g_assert_cmpint (sql_int ("SELECT position FROM plan_item WHERE id = ?1", added), ==,
                   last_position + 1);
  g_assert_cmpint (sql_int ("SELECT min(position) FROM plan_item WHERE stage_id = ?1",
                            g_array_index (stages, gint64, 2)), ==, next_stage_first + 1);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM (SELECT position FROM plan_item "
                            "WHERE plan_id = ?1 GROUP BY position HAVING count(*) > 1)", plan_id),
                   ==, 0);

  /* The page shows it, last in its stage. */
  expected = rows_expected ();
  wanted.expected = expected;
  g_assert_true (wait_for (rows_are, &wanted));
  g_assert_cmpint (stage_above (row_of_item (page, added)), ==, stage);
  g_assert_true (is_heading (gtk_widget_get_next_sibling (row_of_item (page, added))));
  /* The rows are new, the focus where it was: on the stage's «Add Item»,
   * for the next item. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 g_object_get_data (G_OBJECT (heading_of (page, stage)), "add-button"));

  /* One Undo takes back the item and the move of the later ones. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (sql_int ("SELECT count(*) FROM plan_item WHERE plan_id = ?1", plan_id), ==, n_items);
  g_assert_cmpint (sql_int (positions, plan_id), ==, positions_before);
  g_assert_cmpint (sql_int ("SELECT min(position) FROM plan_item WHERE stage_id = ?1",
                            g_array_index (stages, gint64, 2)), ==, next_stage_first);
  /* And Redo brings both back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpint (sql_int ("SELECT count(*) FROM plan_item WHERE plan_id = ?1", plan_id), ==, n_items + 1);
  g_assert_cmpint (sql_int ("SELECT min(position) FROM plan_item WHERE stage_id = ?1",
                            g_array_index (stages, gint64, 2)), ==, next_stage_first + 1);
}

/* «Add Item» under «No stage»: an item of the plan without a stage,
 * listed last, after every other item. */
static void
test_add_without_stage (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  gint64 last_position = sql_int ("SELECT max(position) FROM plan_item WHERE plan_id = ?1", plan_id);
  GtkWidget *heading = heading_of (page, 0);
  AnnalistEditor *editor;
  gint64 added;
  g_autofree char *expected = NULL;
  RowsWanted wanted = { page, NULL };

  g_assert_nonnull (heading);
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (heading)));
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (heading), "add-button"), "clicked");
  editor = wait_for_editor (NULL);
  g_assert_null (annalist_record_get (annalist_editor_get_record (editor), "stage_id"));
  type_into (editor, "activity", "Итоговая конференция");
  save_editor (editor);

  added = sql_int ("SELECT max(id) FROM plan_item WHERE plan_id = ?1", plan_id);
  g_assert_cmpint (sql_int ("SELECT stage_id IS NULL FROM plan_item WHERE id = ?1", added), ==, 1);
  g_assert_cmpint (sql_int ("SELECT position FROM plan_item WHERE id = ?1", added), ==,
                   last_position + 1);
  expected = rows_expected ();
  wanted.expected = expected;
  g_assert_true (wait_for (rows_are, &wanted));
  g_assert_cmpint (stage_above (row_of_item (page, added)), ==, 0);
  g_assert_null (gtk_widget_get_next_sibling (row_of_item (page, added)));
}

typedef struct
{
  AnnalistPlanItemsPage *page;
  gint64                 item;
  const char            *text;
} ShownWanted;

static gboolean
item_shows (gpointer data)
{
  ShownWanted *wanted = data;
  GtkWidget *row = row_of_item (wanted->page, wanted->item);

  return row != NULL && find_widget (row, has_label_saying, (gpointer) wanted->text) != NULL;
}

/* A row opens its item's form; what is saved there shows on the page. */
static void
test_edit_through_form (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  gint64 item = sql_int ("SELECT id FROM plan_item WHERE plan_id = ?1 ORDER BY position LIMIT 1 "
                         "OFFSET 3", plan_id);
  GtkWidget *row = row_of_item (page, item);
  AnnalistEditor *editor;
  ShownWanted wanted = { page, item, "Проведено 12 семинаров, 140 участников" };

  g_assert_nonnull (row);
  g_signal_emit_by_name (annalist_plan_items_page_get_list (page), "row-activated", row);
  editor = wait_for_editor (NULL);
  g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (editor)), ==, item);
  type_into (editor, "fact", wanted.text);
  save_editor (editor);

  g_assert_true (wait_for (item_shows, &wanted));
  /* The row has its place still, and the focus can come back to it. */
  g_assert_nonnull (row_of_item (page, item));
}

/* Up from the first item is its stage's heading; Tab from there is the
 * stage's «Add Item»; Down from the heading is the item again. */
static void
test_keyboard (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  GtkListBox *list = annalist_plan_items_page_get_list (page);
  GtkWidget *first;
  GtkWidget *focus;

  annalist_plan_items_page_focus (page);
  first = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_LIST_BOX_ROW (first));
  g_assert_cmpint (data_id (first, "item-id"), >, 0);

  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  iterate ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (is_heading (focus));
  /* GTK 4.18's list box row goes into its children on Tab only when it
   * has the focus for real, its window active. */
  g_assert_true (wait_for_active (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 g_object_get_data (G_OBJECT (focus), "add-button"));

  gtk_widget_grab_focus (focus);
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  iterate ();
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == first);
  /* Named for screen readers: the row by its number and activity. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (first), !=, NULL);
}

typedef struct
{
  AnnalistPlanItemsPage *page;
  gint64                 item;
  guint                  position;
} StateWanted;

static gboolean
state_shows (gpointer data)
{
  StateWanted *wanted = data;
  GtkWidget *row = row_of_item (wanted->page, wanted->item);
  GtkWidget *chooser = row ? g_object_get_data (G_OBJECT (row), "state-chooser") : NULL;

  return chooser != NULL && gtk_drop_down_get_selected (GTK_DROP_DOWN (chooser)) == wanted->position;
}

/* The state is marked in the row itself: stored at once, and back to
 * «not marked». */
static void
test_state_in_place (void)
{
  AnnalistPlanItemsPage *page = show_page ();
  gint64 item = sql_int ("SELECT id FROM plan_item WHERE plan_id = ?1 ORDER BY position LIMIT 1 "
                         "OFFSET 5", plan_id);
  gint64 partly = sql_int ("SELECT id FROM item_state WHERE code = 'partly' AND ?1 = ?1", 0);
  guint position = (guint) sql_int ("SELECT count(*) FROM item_state WHERE position < "
                                    "(SELECT position FROM item_state WHERE id = ?1)", partly) + 1;
  GtkWidget *row = row_of_item (page, item);
  GtkWidget *chooser = g_object_get_data (G_OBJECT (row), "state-chooser");
  StateWanted wanted = { page, item, position };

  g_assert_true (GTK_IS_DROP_DOWN (chooser));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (chooser)), ==, 0);
  g_assert_cmpint (sql_int ("SELECT state_id IS NULL FROM plan_item WHERE id = ?1", item), ==, 1);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (chooser), position);
  g_assert_cmpint (sql_int ("SELECT state_id FROM plan_item WHERE id = ?1", item), ==, partly);
  g_assert_true (wait_for (state_shows, &wanted));

  row = row_of_item (page, item);
  chooser = g_object_get_data (G_OBJECT (row), "state-chooser");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (chooser), 0);
  g_assert_cmpint (sql_int ("SELECT state_id IS NULL FROM plan_item WHERE id = ?1", item), ==, 1);
  wanted.position = 0;
  g_assert_true (wait_for (state_shows, &wanted));
}

static gboolean
is_items_line (GtkWidget *widget,
               gpointer   data)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), _("Items of the plan")) == 0;
}

static gboolean
is_list_of_items (GtkWidget *widget,
                  gpointer   data)
{
  return ANNALIST_IS_LIST_PAGE (widget) &&
         g_str_equal (annalist_list_page_get_kind (ANNALIST_LIST_PAGE (widget))->name, "plan_item");
}

static gboolean
page_shows_plan (gpointer data)
{
  GtkWidget *page = annalist_window_get_page (window);

  return page != NULL && ANNALIST_IS_PLAN_ITEMS_PAGE (page) &&
         annalist_plan_items_page_get_plan (ANNALIST_PLAN_ITEMS_PAGE (page)) == plan_id;
}

/* The plan's form: a line with the count of its items instead of their
 * list, whose button opens the page on this plan. */
static void
test_line_in_form (void)
{
  g_autoptr(AnnalistRecord) plan = NULL;
  AnnalistEditor *editor;
  GtkWidget *line;
  GtkWidget *button;
  g_autofree char *count = g_strdup_printf (_("Items: %u"),
                                            (guint) sql_int ("SELECT count(*) FROM plan_item "
                                                             "WHERE plan_id = ?1", plan_id));

  annalist_window_show_section (window, "plan");
  plan = annalist_store_load (annalist_window_get_store (window), annalist_kind_lookup ("plan"),
                              plan_id, NULL);
  g_assert_nonnull (plan);
  editor = annalist_editor_new (annalist_window_get_store (window), plan, 2022, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (editor));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  g_assert_null (find_widget (GTK_WIDGET (editor), is_list_of_items, NULL));
  line = find_widget (GTK_WIDGET (editor), is_items_line, NULL);
  g_assert_nonnull (line);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (line)), ==, count);
  button = find_descendant (line, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_can_focus (button));

  /* The form, scrolled to its end where the line is. */
  if (g_getenv ("ANNALIST_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (line, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      gtk_window_set_default_size (GTK_WINDOW (editor), 1024, 600);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
      gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
      save_screenshot (GTK_WIDGET (editor), "plan-form-items-line.png");
    }

  gtk_widget_activate (button);
  g_assert_true (wait_for (window_gone, editor));
  g_assert_true (wait_for (page_shows_plan, NULL));
  g_assert_cmpstr (annalist_window_get_section (window), ==, ANNALIST_PLAN_ITEMS_SECTION);
}

/* Each heading of the header starts where its column's cells start in
 * the first item's row. */
static void
assert_columns_line_up (AnnalistPlanItemsPage *page)
{
  GtkWidget *list = GTK_WIDGET (annalist_plan_items_page_get_list (page));
  GtkWidget *header = find_widget (GTK_WIDGET (page), is_header, page);
  GtkWidget *row = NULL;
  GtkWidget *heading, *cell;

  g_assert_nonnull (header);
  for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (data_id (row, "item-id") > 0)
      break;
  g_assert_nonnull (row);

  heading = gtk_widget_get_first_child (header);
  cell = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
  for (; heading != NULL; heading = gtk_widget_get_next_sibling (heading))
    {
      graphene_point_t a, b;

      if (!gtk_widget_get_visible (heading))
        continue;
      g_assert_nonnull (cell);
      /* Within their rows (a list row's own padding aside). */
      g_assert_true (gtk_widget_compute_point (heading, header,
                                               &GRAPHENE_POINT_INIT (0, 0), &a));
      g_assert_true (gtk_widget_compute_point (cell, gtk_widget_get_parent (cell),
                                               &GRAPHENE_POINT_INIT (0, 0), &b));
      if (ABS (a.x - b.x) > 1)
        g_error ("The heading “%s” starts at %g, its column at %g",
                 gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (heading))), a.x, b.x);
      g_assert_cmpint (ABS (gtk_widget_get_width (heading) - gtk_widget_get_width (cell)), <=, 1);
      cell = gtk_widget_get_next_sibling (cell);
    }
}

/* @msgid in Russian, the users' language, whatever the test's locale;
 * NULL when the system has no Russian locale. */
static char *
russian (const char *msgid)
{
  g_autofree char *old = g_strdup (setlocale (LC_MESSAGES, NULL));
  char *text;

  if (setlocale (LC_MESSAGES, "ru_RU.UTF-8") == NULL)
    return NULL;
  text = g_strdup (dgettext (GETTEXT_PACKAGE, msgid));
  setlocale (LC_MESSAGES, old);
  return text;
}

/* Two headings side by side read as one («ОтветственныеВыполнение») when
 * the first one's longest word fills its column. Every heading, in the
 * test's language and in Russian, fits its column (hidden ones too: the
 * kind of activity shows for another plan), and a shown one leaves a
 * clear gap before the next. */
#define HEADING_GAP 12

/* The width of @text's longest word as a heading: a heading wraps
 * between words only. */
static int
heading_word (GtkLabel   *label,
              const char *text)
{
  g_autofree char *shown = g_strdup (gtk_label_get_text (label));
  int word;

  gtk_label_set_text (label, text);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &word, NULL, NULL, NULL);
  gtk_label_set_text (label, shown);
  return word;
}

static void
assert_headings_apart (AnnalistPlanItemsPage *page)
{
  GtkWidget *header = find_widget (GTK_WIDGET (page), is_header, page);
  GtkWidget *heading = gtk_widget_get_first_child (header);
  GtkLabel *activity = NULL;
  int words[N_COLUMNS] = { 0 };
  guint column = 0;

  for (GtkWidget *h = heading; h != NULL; h = gtk_widget_get_next_sibling (h), column++)
    if (column == COL_ACTIVITY)
      activity = GTK_LABEL (gtk_widget_get_first_child (h));
  g_assert_nonnull (activity);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (activity)));
  for (column = 0; column < N_COLUMNS; column++)
    {
      const char *title = _annalist_plan_items_columns[column].title;
      g_autofree char *ru = russian (title);
      const char *texts[] = { _(title), ru };

      for (guint t = 0; t < G_N_ELEMENTS (texts) && texts[t] != NULL; t++)
        {
          int word = heading_word (activity, texts[t]);

          g_test_message ("«%s»: %d px in a column of %d", texts[t], word,
                          _annalist_plan_items_columns[column].width);
          if (word > _annalist_plan_items_columns[column].width)
            g_error ("The heading «%s» (%d px) is wider than its column (%d px)", texts[t],
                     word, _annalist_plan_items_columns[column].width);
          words[column] = MAX (words[column], word);
        }
    }

  for (column = 0; heading != NULL; heading = gtk_widget_get_next_sibling (heading), column++)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (heading);
      graphene_point_t a, b;

      while (next != NULL && !gtk_widget_get_visible (next))
        next = gtk_widget_get_next_sibling (next);
      if (!gtk_widget_get_visible (heading) || next == NULL)
        continue;
      g_assert_true (gtk_widget_compute_point (heading, header, &GRAPHENE_POINT_INIT (0, 0), &a));
      g_assert_true (gtk_widget_compute_point (next, header, &GRAPHENE_POINT_INIT (0, 0), &b));
      if (a.x + words[column] + HEADING_GAP > b.x)
        g_error ("The heading «%s» (%d px) touches the next one, %g px on",
                 gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (heading))),
                 words[column], b.x - a.x);
    }
}

/* At 1024×600 and 1280×800 the columns fit beside the sidebar: the table
 * does not scroll sideways, and every text wraps rather than being cut. */
static void
test_screens (void)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1280, 800 } };
  AnnalistPlanItemsPage *page = show_page ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("plan-items-%dx%d.png", sizes[i][0], sizes[i][1]);
      GtkScrolledWindow *scroller;
      GtkAdjustment *h;

      wait_for_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
                   GTK_WIDGET (annalist_plan_items_page_get_list (page)), GTK_TYPE_SCROLLED_WINDOW));
      h = gtk_scrolled_window_get_hadjustment (scroller);
      if (gtk_widget_get_width (GTK_WIDGET (window)) >= sizes[i][0] - 10)
        g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 1);
      assert_columns_line_up (page);
      assert_headings_apart (page);
      save_screenshot (GTK_WIDGET (window), name);
    }
}

static void
started (void)
{
  plan_id = sql_int ("SELECT id FROM plan WHERE title = '" PLAN "' AND ?1 = ?1", 0);
  g_assert_cmpint (plan_id, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "plan-items", TRUE);
  g_test_add_func ("/plan-items/stages", test_stages);
  g_test_add_func ("/plan-items/keyboard", test_keyboard);
  g_test_add_func ("/plan-items/screens", test_screens);
  g_test_add_func ("/plan-items/add-in-stage", test_add_in_stage);
  g_test_add_func ("/plan-items/add-without-stage", test_add_without_stage);
  g_test_add_func ("/plan-items/edit-through-form", test_edit_through_form);
  g_test_add_func ("/plan-items/state-in-place", test_state_in_place);
  g_test_add_func ("/plan-items/line-in-form", test_line_in_form);
  return window_test_run (started);
}
