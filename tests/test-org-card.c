/* test-org-card.c — an organisation's card in its form, on the sample district
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the application on a new database holding the sample district
 * (window-test.c), opens an organisation with statuses, events and
 * products from the list of organisations, and checks that its card
 * lists exactly the records the database has for it, that a row opens
 * its record's form and that the account is written for that
 * organisation. Run under Xvfb. With ANNALIST_SCREENSHOT_DIR set, the
 * card is saved there as PNGs at 1280×800 and 1024×600.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-exporter.h"
#include "annalist-file-dialog.h"
#include "annalist-list-page.h"
#include "annalist-org-card.h"
#include "annalist-related-list.h"
#include "annalist-store-private.h"

#include "window-test.h"

/* Has statuses, a project, events it organised and presented at,
 * competition entries, a product and network projects in the sample. */
#define ORGANISATION "Школа № 383"

static gint64 organisation_id;

/* What the card must list, in its order: each list's kind and the SQL
 * that counts the organisation's records of it (?1: the organisation). */
static const struct
{
  const char *kind;
  const char *heading;
  const char *count;
} expected[] = {
  { "innovation_status", "Innovation statuses",
    "SELECT count(*) FROM innovation_status WHERE organisation_id = ?1" },
  { "project", "Projects", "SELECT count(*) FROM project WHERE organisation_id = ?1" },
  { "event", "Events it organised",
    "SELECT count(DISTINCT event_id) FROM event_organiser WHERE organisation_id = ?1" },
  { "event", "Events where it presented its results",
    "SELECT count(DISTINCT event_id) FROM event_presenter WHERE organisation_id = ?1" },
  { "competition_entry", "Competition entries",
    "SELECT count(*) FROM competition_entry WHERE organisation_id = ?1" },
  { "innovation_product", "Innovation products",
    "SELECT count(DISTINCT product_id) FROM product_author WHERE organisation_id = ?1" },
  { "publication", "Publications",
    "SELECT count(DISTINCT publication_id) FROM publication_author WHERE organisation_id = ?1" },
  { "network_project", "Network projects",
    "SELECT count(DISTINCT network_project_id) FROM network_project_member "
    "WHERE organisation_id = ?1" },
  { "historical_figure", "Indicator values",
    "SELECT count(*) FROM historical_figure WHERE organisation_id = ?1" },
  { "rating_value", "Rating values", "SELECT count(*) FROM rating_value WHERE organisation_id = ?1" },
  { "plan", "Plans", "SELECT count(*) FROM plan WHERE organisation_id = ?1" },
};

/* Helpers --------------------------------------------------------------------------- */

typedef struct
{
  GType      type;
  GPtrArray *found;
} Collecting;

/* Adds @widget when of the type wanted; never accepts, so find_widget ()
 * visits every descendant. */
static gboolean
add_if_of_type (GtkWidget *widget,
                gpointer   data)
{
  Collecting *collecting = data;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, collecting->type))
    g_ptr_array_add (collecting->found, widget);
  return FALSE;
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  Collecting collecting = { type, found };

  find_widget (root, add_if_of_type, &collecting);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return g_ptr_array_index (labels, i);
  return NULL;
}

static gint64
sql_count (const char *sql)
{
  return window_db_number (sql, organisation_id);
}

static AnnalistRecord *
row_record (AnnalistListPage *list,
            guint             position)
{
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (annalist_list_page_get_view (list)));

  return g_list_model_get_item (model, position);
}

/* What a click or Enter on row @position of @list does. */
static void
activate_related_row (AnnalistRelatedList *list,
                      guint                position)
{
  GtkListBox *rows = GTK_LIST_BOX (annalist_related_list_get_rows (list));

  g_signal_emit_by_name (gtk_list_box_get_row_at_index (rows, (int) position), "activate");
}

/* Opens the organisation's form as a user does: its row in the list of
 * organisations. */
static AnnalistEditor *
open_organisation (void)
{
  AnnalistListPage *list;
  AnnalistEditor *editor;

  annalist_window_show_section (window, "organisation");
  list = ANNALIST_LIST_PAGE (annalist_window_get_page (window));
  annalist_list_page_set_search (list, ORGANISATION);
  for (guint i = 0; i < annalist_list_page_get_count (list); i++)
    {
      g_autoptr(AnnalistRecord) record = row_record (list, i);

      if (annalist_record_get_id (record) == organisation_id)
        g_signal_emit_by_name (annalist_list_page_get_view (list), "activate", i);
    }
  editor = wait_for_editor (NULL);
  annalist_list_page_set_search (list, "");
  return editor;
}

/* The form at a screen's size, from its top and scrolled to the card. */
static void
screenshots_at (AnnalistEditor *editor,
                int             width,
                int             height)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  g_autofree char *top = g_strdup_printf ("org-card-%dx%d-top.png", width, height);
  g_autofree char *card = g_strdup_printf ("org-card-%dx%d-card.png", width, height);
  g_autofree char *bottom = g_strdup_printf ("org-card-%dx%d-bottom.png", width, height);
  graphene_point_t point;

  wait_for_size (GTK_WINDOW (editor), width, height);
  /* The form scrolls as a whole and is no wider than the screen. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), <=, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (editor)), <=, height);

  scroller = GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (editor),
                                                   GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adjustment, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), top);

  g_assert_true (gtk_widget_compute_point (find_descendant (GTK_WIDGET (editor),
                                                            ANNALIST_TYPE_ORG_CARD),
                                           gtk_scrolled_window_get_child (scroller),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), card);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), bottom);
}

/* Tests ----------------------------------------------------------------------------- */

static gboolean
adjustment_at_top (gpointer scroller)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)) == 0;
}

static gboolean
adjustment_below_top (gpointer scroller)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)) > 0;
}

/* Tab goes through the whole form: the account's button and every list
 * that has records, whose rows Enter opens. */
static void
assert_keyboard_reaches (AnnalistEditor *editor,
                         GPtrArray      *lists)
{
  GtkWidget *card = find_descendant (GTK_WIDGET (editor), ANNALIST_TYPE_ORG_CARD);
  GtkWidget *button = find_button (card, _("Innovation Activity _Report…"));
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) walk = g_string_new (NULL);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (editor),
                                                                      GTK_TYPE_SCROLLED_WINDOW));
  double top = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller));

  g_assert_nonnull (button);
  /* As a user's Tab presses, in the active window: in another, GTK 4.18
   * kept the focus on the type's combo row step after step. */
  g_assert_true (wait_for_active (GTK_WINDOW (editor)));
  /* From no focus at all, so that the walk covers the whole chain: Tab
   * goes by layout, and a walk that starts at a field misses what a
   * layout not yet settled puts before it. */
  gtk_root_set_focus (GTK_ROOT (editor), NULL);
  for (guint step = 0, stuck = 0; step < 400; step++)
    {
      GtkWidget *focus, *before = gtk_root_get_focus (GTK_ROOT (editor));

      if (!gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD))
        {
          g_string_append_printf (walk, " | step %u: the chain ended", step);
          break;
        }
      focus = gtk_root_get_focus (GTK_ROOT (editor));
      if (focus == NULL)
        g_string_append_printf (walk, " | step %u: no focus", step);
      else if (focus == before && stuck++ < 3)
        g_string_append_printf (walk, " | step %u: Tab stayed on %s", step, G_OBJECT_TYPE_NAME (focus));
      else if (step < 60)
        {
          graphene_rect_t bounds = { 0 };

          if (!gtk_widget_compute_bounds (focus, GTK_WIDGET (editor), &bounds))
            bounds.origin.y = -1;
          g_string_append_printf (walk, " | %s y=%.0f", G_OBJECT_TYPE_NAME (focus), bounds.origin.y);
        }
      for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
        g_hash_table_add (reached, w);
    }
  /* If it fails again: the walk, with where the button was laid out. */
  if (!g_hash_table_contains (reached, button))
    {
      graphene_rect_t bounds = { 0 };
      gboolean laid_out = gtk_widget_compute_bounds (button, GTK_WIDGET (editor), &bounds);

      g_test_message ("Tab walk%s", walk->str);
      g_test_message ("the button: mapped %d, sensitive %d, laid out %d at y=%.0f; the form %d×%d",
                      gtk_widget_get_mapped (button), gtk_widget_is_sensitive (button), laid_out,
                      bounds.origin.y, gtk_widget_get_width (GTK_WIDGET (editor)),
                      gtk_widget_get_height (GTK_WIDGET (editor)));
    }
  g_assert_true (g_hash_table_contains (reached, button));
  for (guint i = 0; i < lists->len; i++)
    {
      AnnalistRelatedList *list = g_ptr_array_index (lists, i);

      if (annalist_related_list_get_count (list) > 0)
        g_assert_true (g_hash_table_contains (reached, annalist_related_list_get_rows (list)));
    }
  /* The form scrolls to the list that takes the focus. */
  gtk_widget_grab_focus (annalist_editor_get_input (editor, "short_name"));
  g_assert_true (wait_for (adjustment_at_top, scroller));
  top = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller));
  /* Tab until the last list with records has the focus, as a user would:
   * GTK 4.18's lists take no focus from gtk_widget_child_focus () called
   * on them from outside (4.8's did); Tab reaches them on both. */
  {
    GtkWidget *target = NULL;
    GtkWidget *focus = NULL;

    for (guint i = 0; i < lists->len; i++)
      if (annalist_related_list_get_count (g_ptr_array_index (lists, i)) > 0)
        target = annalist_related_list_get_rows (g_ptr_array_index (lists, i));
    g_assert_nonnull (target);
    for (guint step = 0; step < 400; step++)
      {
        focus = gtk_root_get_focus (GTK_ROOT (editor));
        if (focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target)))
          break;
        g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD));
      }
    g_assert_true (focus == target || gtk_widget_is_ancestor (focus, target));
  }
  g_assert_true (wait_for (adjustment_below_top, scroller));
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)),
                     >, top);
}

static void
test_lists (void)
{
  AnnalistEditor *editor = open_organisation ();
  GtkWidget *card = find_descendant (GTK_WIDGET (editor), ANNALIST_TYPE_ORG_CARD);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  g_assert_nonnull (card);
  collect (card, ANNALIST_TYPE_RELATED_LIST, lists);
  g_assert_cmpuint (lists->len, ==, G_N_ELEMENTS (expected));
  /* Nothing scrolls inside the form: the wheel scrolls the form. */
  g_assert_null (find_descendant (card, GTK_TYPE_SCROLLED_WINDOW));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AnnalistRelatedList *list = g_ptr_array_index (lists, i);
      gint64 n = sql_count (expected[i].count);
      g_autofree char *heading = n > 0 ? g_strdup_printf (_("%s (%u)"), _(expected[i].heading),
                                                          (guint) n)
                                       : g_strdup (_(expected[i].heading));

      g_test_message ("%s: %" G_GINT64_FORMAT, heading, n);
      g_assert_cmpstr (annalist_related_list_get_kind (list)->name, ==, expected[i].kind);
      g_assert_cmpuint (annalist_related_list_get_count (list), ==, (guint) n);
      /* The count is in the list's heading. */
      g_assert_nonnull (find_label (GTK_WIDGET (list), heading));
      /* An empty list says so in its heading's line, and is no taller. */
      g_assert_true (n > 0 || gtk_widget_get_mapped (find_label (GTK_WIDGET (list),
                                                                 _("· No records ·"))));
      g_assert_true (n > 0 || gtk_widget_get_height (GTK_WIDGET (list)) < 48);
      /* Every record is in it. */
      for (guint j = 0; j < (guint) n; j++)
        g_assert_nonnull (annalist_related_list_get_record (list, j));
    }
  /* The sample's organisation has something in the lists the task names. */
  for (guint i = 0; i < 6; i++)
    if (i != 1)
      g_assert_cmpint (sql_count (expected[i].count), >, 0);

  gtk_window_set_default_size (GTK_WINDOW (editor), 1024, 600);
  /* Tab goes by where widgets are laid out: not while the new size is
   * still being allocated. */
  gtk_widget_queue_resize (GTK_WIDGET (editor));
  wait_frames (GTK_WIDGET (editor), 2);
  assert_keyboard_reaches (editor, lists);

  screenshots_at (editor, 1280, 800);
  screenshots_at (editor, 1024, 600);

  gtk_window_destroy (GTK_WINDOW (editor));
  iterate ();
}

static void
test_open_row (void)
{
  AnnalistEditor *editor = open_organisation ();
  GtkWidget *card = find_descendant (GTK_WIDGET (editor), ANNALIST_TYPE_ORG_CARD);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  AnnalistRelatedList *events;
  AnnalistRecord *record;
  AnnalistEditor *nested;
  gint64 linked;

  collect (card, ANNALIST_TYPE_RELATED_LIST, lists);
  events = g_ptr_array_index (lists, 3);   /* the events where it presented */
  g_assert_cmpuint (annalist_related_list_get_count (events), >, 0);
  record = annalist_related_list_get_record (events, 0);

  activate_related_row (events, 0);
  nested = wait_for_editor (editor);
  g_assert_cmpstr (annalist_record_get_kind (annalist_editor_get_record (nested))->name, ==,
                   "event");
  g_assert_cmpint (annalist_record_get_id (annalist_editor_get_record (nested)), ==,
                   annalist_record_get_id (record));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM event_presenter WHERE "
                                            "organisation_id = ?1 AND event_id = %" G_GINT64_FORMAT,
                                            annalist_record_get_id (record));
    linked = sql_count (sql);
  }
  g_assert_cmpint (linked, ==, 1);

  gtk_window_destroy (GTK_WINDOW (nested));
  iterate ();

  /* «+» in the list of the events it organised: a new event organised
   * by it. */
  annalist_related_list_new_record (g_ptr_array_index (lists, 2));
  nested = wait_for_editor (editor);
  {
    AnnalistRecord *created = annalist_editor_get_record (nested);
    GVariant *organisers = annalist_record_get (created, "organisers");
    const gint64 *ids;
    gsize n_ids = 0;

    g_assert_cmpstr (annalist_record_get_kind (created)->name, ==, "event");
    g_assert_cmpint (annalist_record_get_id (created), <=, 0);
    g_assert_nonnull (organisers);
    ids = g_variant_get_fixed_array (organisers, &n_ids, sizeof (gint64));
    g_assert_cmpuint (n_ids, ==, 1);
    g_assert_cmpint (ids[0], ==, organisation_id);
  }

  gtk_window_destroy (GTK_WINDOW (nested));
  gtk_window_destroy (GTK_WINDOW (editor));
  iterate ();
}

typedef struct
{
  const char *path;
  GtkWidget  *exporter;
} Written;

static gboolean
card_file_written (gpointer data)
{
  Written *written = data;

  return g_file_test (written->path, G_FILE_TEST_IS_REGULAR) &&
         !annalist_exporter_get_busy (ANNALIST_EXPORTER (written->exporter));
}

static gboolean
builtin_present (void)
{
  g_autoptr(GPtrArray) documents = annalist_documents_list (annalist_window_get_store (window),
                                                             NULL);

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (documents, i);

      if (info->builtin && g_str_equal (info->id, ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY))
        return TRUE;
    }
  return FALSE;
}

/* The button writes the account with the built-in template, through the
 * export of the «Documents» page, for this organisation without asking
 * which: only the period and the file. */
/* A search entry of the dialog's own, not one in a combo row's popover
 * (libadwaita 1.4 and newer put one there, hidden unless searching). */
static gboolean
search_entry_outside_combo_row (GtkWidget *widget,
                                gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW) == NULL;
}

static void
test_export (void)
{
  g_autofree char *exported = g_build_filename (test_dir, "account.fodt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (exported);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *contents = NULL;
  AnnalistEditor *editor;
  AdwMessageDialog *dialog;
  GtkWidget *card, *button;
  Written written = { exported, NULL };

  g_assert_true (builtin_present ());
  editor = open_organisation ();
  card = find_descendant (GTK_WIDGET (editor), ANNALIST_TYPE_ORG_CARD);
  written.exporter = annalist_org_card_get_exporter (ANNALIST_ORG_CARD (card));
  button = find_button (card, _("Innovation Activity _Report…"));
  g_assert_nonnull (button);

  annalist_file_dialog_set_test_answer (TRUE, target);
  gtk_widget_activate (button);
  dialog = wait_for_dialog ();
  /* The organisation is the card's: only the first and the last year. */
  g_assert_null (find_widget (GTK_WIDGET (dialog), search_entry_outside_combo_row, NULL));
  collect (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  respond (dialog, "export");

  g_assert_true (wait_for (card_file_written, &written));
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));   /* no error */
  g_assert_true (g_file_get_contents (exported, &contents, NULL, NULL));
  /* The account of this organisation, by its full name. */
  g_assert_nonnull (strstr (contents, "Инновационная деятельность организации"));
  g_assert_nonnull (strstr (contents, "ГБОУ СОШ № 383 Санкт-Петербурга"));
  annalist_file_dialog_set_test_answer (FALSE, NULL);

  gtk_window_destroy (GTK_WINDOW (editor));
  iterate ();
}

/* Running ----------------------------------------------------------------------------- */

static void
find_organisation (void)
{
  sqlite3 *db = annalist_store_get_db (annalist_window_get_store (window));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM organisation WHERE short_name = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ORGANISATION, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  organisation_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
}

/* In the language of the environment: LC_ALL=ru_RU.UTF-8 shows the card
 * in Russian. */
int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "org-card", TRUE);

  g_test_add_func ("/org-card/lists", test_lists);
  g_test_add_func ("/org-card/open-row", test_open_row);
  g_test_add_func ("/org-card/export", test_export);

  return window_test_run (find_organisation);
}
