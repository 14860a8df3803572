/* annalist-plan-items-page.c — one plan's items as a table, by stage
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan's items are its longest records (an activity, its deadline as
 * written, who is responsible, the result expected and what happened):
 * in the plan's form they were a seven-column list a few hundred pixels
 * wide. Here they have the page: a chooser of the plan at the top, a
 * header row, and a list of rows grouped by the plan's stages — a heading
 * row per stage in the stages' order with its «Add Item», the stage's
 * items under it by position (then deadline), the items without a stage
 * last under «No stage». Every cell wraps its text at word boundaries, so
 * nothing is cut: the columns share the width, the two long ones (the
 * activity and what happened) taking what is left.
 *
 * A plan has tens of items, not thousands: the rows are a GtkListBox,
 * rebuilt when the plan's records change, which lets every row be as tall
 * as its text. A row opens the item's form (the one editor of every
 * kind); its state is marked in the row itself. The plan's form shows a
 * line that leads here (annalist-plan-items-line.c). The columns, the
 * cells and how a row lays them out are in annalist-plan-items-cells.c.
 */

#define G_LOG_DOMAIN "annalist-plan-items-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-plan-items-page.h"
#include "annalist-plan-items-private.h"
#include "annalist-ui.h"
#include "annalist-window.h"

struct _AnnalistPlanItemsPage
{
  AdwBin          parent_instance;

  AnnalistStore  *store;
  gulong          changed_id;
  guint           reload_id;
  gboolean        updating;

  GArray         *plan_ids;     /* gint64 per chooser position */
  gint64          plan_id;
  GPtrArray      *items;        /* AnnalistRecord of the plan shown */
  GArray         *state_ids;    /* gint64 per state chooser position after the first («not marked») */
  GtkStringList  *state_names;
  GtkListItemFactory *state_factory;
  GtkListItemFactory *state_list_factory;

  GtkDropDown    *chooser;
  GtkLabel       *summary;
  GtkStack       *stack;
  GtkScrolledWindow *header_scroller;
  GtkWidget      *header;
  GtkWidget      *header_cells[N_COLUMNS];
  guint           header_height_id;
  gboolean        shown[N_COLUMNS]; /* the optional columns: some item fills them */
  GtkScrolledWindow *scroller;
  GtkListBox     *list;
  AdwStatusPage  *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistPlanItemsPage, annalist_plan_items_page, ADW_TYPE_BIN)

static void reload (AnnalistPlanItemsPage *self);
static void store_changed (AnnalistStore         *store,
                           const char            *kind_name,
                           AnnalistPlanItemsPage *self);
static void state_chosen (GtkDropDown           *chooser,
                          GParamSpec            *pspec,
                          AnnalistPlanItemsPage *self);
static void header_width_changed (AnnalistPlanItemsPage *self);

/* Texts -------------------------------------------------------------------------- */

static char *
format (AnnalistPlanItemsPage *self,
        AnnalistRecord        *record,
        const char            *column)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  GVariant *value = annalist_record_get (record, column);

  if (value == NULL)
    return g_strdup ("");
  return annalist_store_format_value (self->store, annalist_kind_field (kind, column), value);
}

static const char *
text_of (AnnalistRecord *record,
         const char     *column)
{
  const char *text = annalist_record_get (record, column) != NULL
                     ? annalist_record_get_string (record, column) : NULL;

  return text != NULL ? text : "";
}

/* Rows ---------------------------------------------------------------------------- */

static void add_item (AnnalistPlanItemsPage *self,
                      gint64                 stage_id);

static void
add_clicked (GtkButton             *button,
             AnnalistPlanItemsPage *self)
{
  add_item (self, (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "stage-id")));
}

static GtkWidget *
heading_row (AnnalistPlanItemsPage *self,
             gint64                 stage_id,
             const char            *title,
             const char            *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = _annalist_plan_items_row_box ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = _annalist_plan_items_cell_label (title);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *button_label = gtk_label_new_with_mnemonic (_("_Add Item"));
  /* Translators: the description of «Add Item» in a stage's heading; %s
   * is the stage */
  g_autofree char *description = g_strdup_printf (_("Adds an item to the stage “%s”"), title);

  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), label);
  if (subtitle != NULL && *subtitle != '\0')
    {
      GtkWidget *sub = _annalist_plan_items_cell_label (subtitle);

      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (texts), sub);
    }
  gtk_box_append (GTK_BOX (box), texts);

  /* A label of its own: GTK 4.8 names a button with a label property
   * twice to screen readers. */
  gtk_label_set_mnemonic_widget (GTK_LABEL (button_label), button);
  gtk_button_set_child (GTK_BUTTON (button), button_label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  g_object_set_data (G_OBJECT (button), "stage-id", GSIZE_TO_POINTER ((gsize) stage_id));
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked), self);
  /* A read-only database, or a closed year: why not, as the tooltip. */
  {
    g_autoptr(AnnalistRecord) draft = annalist_record_new (annalist_kind_lookup ("plan_item"));
    g_autofree char *locked = NULL;

    annalist_record_set_int (draft, "plan_id", self->plan_id);
    if (stage_id > 0)
      annalist_record_set_int (draft, "stage_id", stage_id);
    locked = annalist_store_record_lock_reason (self->store, annalist_record_get_kind (draft), draft);
    gtk_widget_set_sensitive (button, locked == NULL);
    if (locked != NULL)
      gtk_widget_set_tooltip_text (button, locked);
  }
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "annalist-plan-stage");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (row), "stage-id", GSIZE_TO_POINTER ((gsize) stage_id));
  g_object_set_data (G_OBJECT (row), "heading", GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (row), "add-button", button);
  return row;
}

static GtkWidget *
empty_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = _annalist_plan_items_row_box ();
  GtkWidget *label = _annalist_plan_items_cell_label (_("No items in this stage yet"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
item_row (AnnalistPlanItemsPage *self,
          AnnalistRecord        *item,
          const char            *previous_direction)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = _annalist_plan_items_row_box ();
  GtkWidget *activity = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *state = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *cell;
  const char *direction = text_of (item, "direction");
  const char *expected = text_of (item, "expected_result");
  g_autofree char *number = format (self, item, "position");
  g_autofree char *kind = format (self, item, "activity_kind_id");
  g_autofree char *deadline = g_strdup (text_of (item, "deadline_text"));
  g_autofree char *state_name = format (self, item, "state_id");
  g_autofree char *done_on = format (self, item, "done_on");
  g_autofree char *accessible = NULL;
  g_autofree char *description = NULL;

  if (*deadline == '\0')
    {
      g_free (deadline);
      deadline = format (self, item, "deadline_date");
    }

  cell = _annalist_plan_items_cell_label (number);
  gtk_label_set_xalign (GTK_LABEL (cell), 1);
  gtk_widget_add_css_class (cell, "numeric");
  gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (cell, COL_NUMBER));

  /* Only plans by kind of activity (004) have them: no empty column
   * in the others. */
  if (self->shown[COL_KIND])
    {
      cell = _annalist_plan_items_cell_label (kind);
      gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (cell, COL_KIND));
    }

  /* The direction heads the activities under it, once. */
  if (*direction != '\0' && g_strcmp0 (direction, previous_direction) != 0)
    {
      cell = _annalist_plan_items_cell_label (direction);
      gtk_widget_add_css_class (cell, "dim-label");
      gtk_widget_add_css_class (cell, "caption-heading");
      gtk_box_append (GTK_BOX (activity), cell);
    }
  gtk_box_append (GTK_BOX (activity), _annalist_plan_items_cell_label (text_of (item, "activity")));
  if (*expected != '\0')
    {
      /* Translators: under a plan item's activity; %s is the result
       * expected */
      g_autofree char *text = g_strdup_printf (_("Expected: %s"), expected);

      cell = _annalist_plan_items_cell_label (text);
      gtk_widget_add_css_class (cell, "dim-label");
      gtk_widget_add_css_class (cell, "caption");
      gtk_box_append (GTK_BOX (activity), cell);
    }
  gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (activity, COL_ACTIVITY));

  if (self->shown[COL_DEADLINE])
    {
      cell = _annalist_plan_items_cell_label (deadline);
      gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (cell, COL_DEADLINE));
    }

  if (self->shown[COL_RESPONSIBLE])
    {
      cell = _annalist_plan_items_cell_label (text_of (item, "responsible"));
      gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (cell, COL_RESPONSIBLE));
    }

  /* The state is marked here, without the form: the one field of an
   * item that changes all year. */
  {
    GtkWidget *chooser = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->state_names)), NULL);
    gint64 state_id = annalist_record_get (item, "state_id")
                      ? annalist_record_get_int (item, "state_id") : 0;
    guint position = 0;
    g_autofree char *locked = annalist_store_record_lock_reason (self->store,
                                                                 annalist_record_get_kind (item),
                                                                 item);
    /* Translators: the accessible name of an item's state chooser; %s is
     * the item's number */
    g_autofree char *name = g_strdup_printf (_("State of item %s"), number);

    for (guint i = 0; i < self->state_ids->len; i++)
      if (g_array_index (self->state_ids, gint64, i) == state_id)
        position = i + 1;
    gtk_drop_down_set_factory (GTK_DROP_DOWN (chooser), self->state_factory);
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (chooser), self->state_list_factory);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (chooser), position);
    gtk_widget_set_halign (chooser, GTK_ALIGN_FILL);
    gtk_widget_set_valign (chooser, GTK_ALIGN_START);
    gtk_widget_add_css_class (chooser, "flat");
    gtk_widget_set_tooltip_text (chooser, locked ? locked : _("Mark how the item was done"));
    gtk_widget_set_sensitive (chooser, locked == NULL);
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (chooser),
                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    gtk_accessible_update_property (GTK_ACCESSIBLE (chooser),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    annalist_ui_name_dropdown_button (chooser, name);
    g_object_set_data_full (G_OBJECT (chooser), "item", g_object_ref (item), g_object_unref);
    g_signal_connect (chooser, "notify::selected", G_CALLBACK (state_chosen), self);
    gtk_box_append (GTK_BOX (state), chooser);
    g_object_set_data (G_OBJECT (row), "state-chooser", chooser);
  }
  if (*done_on != '\0')
    {
      cell = _annalist_plan_items_cell_label (done_on);
      gtk_widget_add_css_class (cell, "dim-label");
      gtk_box_append (GTK_BOX (state), cell);
    }
  gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (state, COL_STATE));

  cell = _annalist_plan_items_cell_label (text_of (item, "fact"));
  gtk_box_append (GTK_BOX (box), _annalist_plan_items_in_column (cell, COL_FACT));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "item-id",
                     GSIZE_TO_POINTER ((gsize) annalist_record_get_id (item)));
  g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);

  /* A screen reader says the item's number and activity, then the rest. */
  accessible = *number != '\0' ? g_strdup_printf ("%s. %s", number, text_of (item, "activity"))
                               : g_strdup (text_of (item, "activity"));
  description = g_strjoin ("; ", *deadline ? deadline : "", text_of (item, "responsible"),
                           state_name, done_on, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_set_tooltip_text (row, _("Open the item’s form (Enter)"));
  return row;
}

/* Items in their stage's order: by position, then deadline, then id. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  AnnalistRecord *x = *(AnnalistRecord **) a;
  AnnalistRecord *y = *(AnnalistRecord **) b;
  gint64 px = annalist_record_get (x, "position") ? annalist_record_get_int (x, "position") : G_MAXINT64;
  gint64 py = annalist_record_get (y, "position") ? annalist_record_get_int (y, "position") : G_MAXINT64;
  int order;

  if (px != py)
    return px < py ? -1 : 1;
  order = g_strcmp0 (annalist_record_get (x, "deadline_date") ? text_of (x, "deadline_date") : "\xff",
                     annalist_record_get (y, "deadline_date") ? text_of (y, "deadline_date") : "\xff");
  if (order != 0)
    return order;
  return annalist_record_get_id (x) < annalist_record_get_id (y) ? -1 : 1;
}

static gint64
stage_of (AnnalistRecord *item)
{
  return annalist_record_get (item, "stage_id") ? annalist_record_get_int (item, "stage_id") : 0;
}

/* Filling ------------------------------------------------------------------------ */

static GListModel *
list_of (AnnalistPlanItemsPage *self,
         const char            *kind_name,
         gint64                 parent_id)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  query.parent_id = parent_id;
  model = annalist_store_list (self->store, annalist_kind_lookup (kind_name), &query, &error);
  if (model == NULL)
    g_warning ("The plan page cannot read %s: %s", kind_name, error->message);
  return model;
}

static void
fill_chooser (AnnalistPlanItemsPage *self)
{
  g_autoptr(GListModel) plans = list_of (self, "plan", 0);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = plans ? g_list_model_get_n_items (plans) : 0;

  g_array_set_size (self->plan_ids, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) plan = g_list_model_get_item (plans, i);
      gint64 id = annalist_record_get_id (plan);
      g_autofree char *title = annalist_store_one_line (text_of (plan, "title"));

      g_array_append_val (self->plan_ids, id);
      gtk_string_list_append (titles, title);
      if (id == self->plan_id)
        selected = i;
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      selected = n > 0 ? 0 : GTK_INVALID_LIST_POSITION;
      self->plan_id = n > 0 ? g_array_index (self->plan_ids, gint64, 0) : 0;
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->chooser, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->chooser, selected);
  self->updating = FALSE;
}

/* The states an item can be marked with, the first «not marked». */
static void
fill_states (AnnalistPlanItemsPage *self)
{
  g_autoptr(GListModel) states = list_of (self, "item_state", 0);
  guint n = states ? g_list_model_get_n_items (states) : 0;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_array_set_size (self->state_ids, 0);
  gtk_string_list_append (names, _("Not marked"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) state = g_list_model_get_item (states, i);
      gint64 id = annalist_record_get_id (state);

      const char *short_name = text_of (state, "short_name");
      g_autoptr(GObject) added = NULL;

      g_array_append_val (self->state_ids, id);
      gtk_string_list_append (names, text_of (state, "name"));
      /* A short name is written as the dictionary keeps it («частично»):
       * in a chooser of its own it begins with a capital. */
      if (*short_name != '\0')
        {
          gunichar first = g_utf8_get_char (short_name);
          char head[8] = { 0 };

          g_unichar_to_utf8 (g_unichar_totitle (first), head);
          added = g_list_model_get_item (G_LIST_MODEL (names), i + 1);
          g_object_set_data_full (added, "short",
                                  g_strconcat (head, g_utf8_next_char (short_name), NULL),
                                  g_free);
        }
    }
  g_set_object (&self->state_names, names);
}

static void
state_chosen (GtkDropDown           *chooser,
              GParamSpec            *pspec,
              AnnalistPlanItemsPage *self)
{
  AnnalistRecord *item = g_object_get_data (G_OBJECT (chooser), "item");
  guint position = gtk_drop_down_get_selected (chooser);
  gint64 state_id = position > 0 && position <= self->state_ids->len
                    ? g_array_index (self->state_ids, gint64, position - 1) : 0;
  g_autoptr(AnnalistRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  /* What is stored now, not what the row was made from: another change
   * may have come since. */
  stored = annalist_store_load (self->store, annalist_record_get_kind (item),
                                annalist_record_get_id (item), &error);
  if (stored != NULL)
    {
      gint64 current = annalist_record_get (stored, "state_id")
                       ? annalist_record_get_int (stored, "state_id") : 0;

      if (current == state_id)
        return;
      annalist_record_set (stored, "state_id",
                           state_id > 0 ? g_variant_new_int64 (state_id) : NULL);
    }
  if (stored == NULL || !annalist_store_update (self->store, stored, &error))
    {
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      store_changed (self->store, NULL, self);  /* the chooser shows the stored state again */
    }
}

/* Where the focus is in the rows, to give it back once they are made
 * again: an item's row, or a stage's heading (or its «Add Item»). */
typedef struct
{
  gboolean in_list;
  gint64   item_id;
  gint64   stage_id;     /* -1: not a heading */
  gboolean on_button;
} FocusPlace;

static FocusPlace
focus_place (AnnalistPlanItemsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  FocusPlace place = { FALSE, 0, -1, FALSE };

  if (row == NULL || !gtk_widget_is_ancestor (row, GTK_WIDGET (self->list)))
    return place;
  place.in_list = TRUE;
  place.item_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "item-id"));
  if (g_object_get_data (G_OBJECT (row), "heading") != NULL)
    {
      place.stage_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "stage-id"));
      place.on_button = focus == g_object_get_data (G_OBJECT (row), "add-button") ||
                        gtk_widget_is_ancestor (focus, g_object_get_data (G_OBJECT (row),
                                                                          "add-button"));
    }
  return place;
}

static GtkWidget *
row_of_item (AnnalistPlanItemsPage *self,
             gint64                 item_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "item-id")) == item_id)
      return row;
  return NULL;
}

static void
fill_list (AnnalistPlanItemsPage *self)
{
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GHashTable) stage_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, NULL);
  FocusPlace refocus = focus_place (self);
  guint n_stages, n_items;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->items, 0);

  if (self->plan_id <= 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->summary, "");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "items");

  fill_states (self);
  stages = list_of (self, "plan_stage", self->plan_id);
  items = list_of (self, "plan_item", self->plan_id);
  n_stages = stages ? g_list_model_get_n_items (stages) : 0;
  n_items = items ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (items, i));
  g_ptr_array_sort (self->items, compare_items);
  /* A column no item fills is left out, so that the others fit: the
   * kind of activity (only plans by kind have it), the deadline, who is
   * responsible (004 names nobody). The state and the fact are always
   * there: they are to be filled. */
  for (guint c = 0; c < N_COLUMNS; c++)
    self->shown[c] = c != COL_KIND && c != COL_DEADLINE && c != COL_RESPONSIBLE;
  for (guint i = 0; i < self->items->len; i++)
    {
      AnnalistRecord *item = g_ptr_array_index (self->items, i);

      self->shown[COL_KIND] |= annalist_record_get (item, "activity_kind_id") != NULL;
      self->shown[COL_DEADLINE] |= *text_of (item, "deadline_text") != '\0' ||
                                   annalist_record_get (item, "deadline_date") != NULL;
      self->shown[COL_RESPONSIBLE] |= *text_of (item, "responsible") != '\0';
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    gtk_widget_set_visible (self->header_cells[c], self->shown[c]);
  header_width_changed (self);

  /* Each stage, then the items no stage of this plan holds. */
  for (guint s = 0; s <= n_stages; s++)
    {
      g_autoptr(AnnalistRecord) stage = s < n_stages ? g_list_model_get_item (stages, s) : NULL;
      gint64 stage_id = stage ? annalist_record_get_id (stage) : 0;
      const char *previous = NULL;
      guint shown = 0;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (stage != NULL)
        {
          g_autofree char *year = format (self, stage, "academic_year");
          g_autofree char *from = format (self, stage, "period_start");
          g_autofree char *to = format (self, stage, "period_end");

          title = annalist_store_one_line (text_of (stage, "title"));
          if (*title == '\0')
            {
              g_free (title);
              /* Translators: a stage without a title; %u is its number */
              title = g_strdup_printf (_("Stage %u"), s + 1);
            }
          if (*from != '\0' || *to != '\0')
            /* Translators: a stage's academic year and its dates */
            subtitle = g_strdup_printf (_("%s academic year, %s – %s"), year, from, to);
          else if (*year != '\0')
            subtitle = g_strdup_printf (_("%s academic year"), year);
          g_hash_table_add (stage_ids, g_memdup2 (&stage_id, sizeof stage_id));
        }
      else
        title = g_strdup (_("No stage"));

      gtk_list_box_append (self->list, heading_row (self, stage_id, title, subtitle));
      for (guint i = 0; i < self->items->len; i++)
        {
          AnnalistRecord *item = g_ptr_array_index (self->items, i);
          gint64 own = stage_of (item);

          if (stage != NULL ? own != stage_id
                            : (own != 0 && g_hash_table_contains (stage_ids, &own)))
            continue;
          gtk_list_box_append (self->list, item_row (self, item, previous));
          previous = text_of (item, "direction");
          shown++;
        }
      if (shown == 0)
        gtk_list_box_append (self->list, empty_row ());
    }
  {
    /* Translators: beside the plan's chooser; %u is how many items it has */
    g_autofree char *count = g_strdup_printf (_("Items: %u"), self->items->len);
    gtk_label_set_text (self->summary, count);
  }

  /* The focus was in the rows, which are new: the same place, or the
   * first item when that place is gone. */
  if (refocus.in_list)
    {
      GtkWidget *row = NULL;

      if (refocus.item_id > 0)
        row = row_of_item (self, refocus.item_id);
      else if (refocus.stage_id >= 0)
        for (GtkWidget *r = gtk_widget_get_first_child (GTK_WIDGET (self->list));
             r != NULL && row == NULL; r = gtk_widget_get_next_sibling (r))
          if (g_object_get_data (G_OBJECT (r), "heading") != NULL &&
              (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (r), "stage-id")) ==
              refocus.stage_id)
            row = r;
      if (row != NULL && refocus.on_button)
        gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "add-button"));
      else if (row != NULL)
        gtk_widget_grab_focus (row);
      else
        annalist_plan_items_page_focus (self);
    }
}

static void
reload (AnnalistPlanItemsPage *self)
{
  fill_chooser (self);
  fill_list (self);
}

static gboolean
reload_idle (gpointer data)
{
  AnnalistPlanItemsPage *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed (AnnalistStore         *store,
               const char            *kind_name,
               AnnalistPlanItemsPage *self)
{
  static const char *const shown[] = { "plan", "plan_stage", "plan_item", "item_state",
                                       "activity_kind", NULL };

  if (kind_name != NULL && !g_strv_contains (shown, kind_name))
    return;
  /* Several kinds change in one step (an undo): one rebuild. */
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_idle, self, NULL);
}

static void
chooser_selected (GtkDropDown           *chooser,
                  GParamSpec            *pspec,
                  AnnalistPlanItemsPage *self)
{
  guint position = gtk_drop_down_get_selected (chooser);

  if (self->updating || position >= self->plan_ids->len)
    return;
  self->plan_id = g_array_index (self->plan_ids, gint64, position);
  fill_list (self);
}

/* Editing ------------------------------------------------------------------------ */

static int
form_year (AnnalistPlanItemsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int year = root && ANNALIST_IS_WINDOW (root) ? annalist_window_get_year (ANNALIST_WINDOW (root))
                                               : 0;

  return year > 0 ? year : annalist_academic_year_current ();
}

static GtkWindow *
parent_window (AnnalistPlanItemsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
row_activated (GtkListBox            *list,
               GtkListBoxRow         *row,
               AnnalistPlanItemsPage *self)
{
  AnnalistRecord *item = g_object_get_data (G_OBJECT (row), "item");
  AnnalistEditor *editor;

  if (item == NULL)
    return;
  editor = annalist_editor_new (self->store, item, form_year (self), parent_window (self));
  annalist_ui_present (GTK_WINDOW (editor));
}

/* Renumbering after an item is added inside the plan: the items at and
 * after its position move one down, so that documents, which list the
 * items by position, keep them in the stages' order. It runs in the new
 * item's own save (annalist_editor_set_also_write), so that one Undo
 * takes back the item and the move. */
static gboolean
shift_after_save (AnnalistStore  *store,
                  AnnalistRecord *record,
                  gpointer        user_data,
                  GError        **error)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) items = NULL;
  gint64 item_id = annalist_record_get_id (record);
  gint64 position;
  gboolean taken = FALSE;

  if (annalist_record_get (record, "position") == NULL)
    return TRUE;
  position = annalist_record_get_int (record, "position");
  query.parent_id = annalist_record_get_int (record, "plan_id");
  items = annalist_store_list (store, annalist_kind_lookup ("plan_item"), &query, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(AnnalistRecord) item = g_list_model_get_item (items, i);

      taken |= annalist_record_get_id (item) != item_id &&
               annalist_record_get (item, "position") != NULL &&
               annalist_record_get_int (item, "position") == position;
    }
  if (!taken)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(AnnalistRecord) item = g_list_model_get_item (items, i);
      g_autoptr(AnnalistRecord) moved = NULL;

      if (annalist_record_get_id (item) == item_id ||
          annalist_record_get (item, "position") == NULL ||
          annalist_record_get_int (item, "position") < position)
        continue;
      moved = annalist_record_copy (item);
      annalist_record_set_int (moved, "position", annalist_record_get_int (item, "position") + 1);
      if (!annalist_store_update (store, moved, error))
        return FALSE;
    }
  return TRUE;
}

/* The position of an item added at the end of a stage: after the stage's
 * last item, or after the last item of the stages before it. */
static gint64
position_for (AnnalistPlanItemsPage *self,
              gint64                 stage_id)
{
  gint64 last = 0;
  gboolean passed = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      AnnalistRecord *item = g_object_get_data (G_OBJECT (row), "item");

      if (g_object_get_data (G_OBJECT (row), "heading") != NULL)
        {
          if (passed)
            break;
          passed = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "stage-id")) ==
                   stage_id;
        }
      else if (item != NULL && annalist_record_get (item, "position") != NULL)
        last = MAX (last, annalist_record_get_int (item, "position"));
    }
  return last + 1;
}

static void
add_item (AnnalistPlanItemsPage *self,
          gint64                 stage_id)
{
  g_autoptr(AnnalistRecord) item = annalist_record_new (annalist_kind_lookup ("plan_item"));
  AnnalistEditor *editor;

  if (self->plan_id <= 0)
    return;
  annalist_record_set_int (item, "plan_id", self->plan_id);
  if (stage_id > 0)
    annalist_record_set_int (item, "stage_id", stage_id);
  annalist_record_set_int (item, "position", position_for (self, stage_id));
  editor = annalist_editor_new (self->store, item, form_year (self), parent_window (self));
  annalist_editor_set_also_write (editor, shift_after_save, NULL, NULL);
  annalist_ui_present (GTK_WINDOW (editor));
}

/* The page ------------------------------------------------------------------------ */

static void
annalist_plan_items_page_dispose (GObject *object)
{
  AnnalistPlanItemsPage *self = ANNALIST_PLAN_ITEMS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->header_height_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (annalist_plan_items_page_parent_class)->dispose (object);
}

static void
annalist_plan_items_page_finalize (GObject *object)
{
  AnnalistPlanItemsPage *self = ANNALIST_PLAN_ITEMS_PAGE (object);

  g_array_unref (self->plan_ids);
  g_ptr_array_unref (self->items);
  g_array_unref (self->state_ids);
  g_clear_object (&self->state_names);
  g_clear_object (&self->state_factory);
  g_clear_object (&self->state_list_factory);
  G_OBJECT_CLASS (annalist_plan_items_page_parent_class)->finalize (object);
}

static void
annalist_plan_items_page_class_init (AnnalistPlanItemsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = annalist_plan_items_page_dispose;
  object_class->finalize = annalist_plan_items_page_finalize;
}

/* The chooser's button says a state by its short name («Частично»),
 * which fits the narrow column; its list, by the whole name. */
static void
state_label_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* As narrow as the column wants, not as the name: the cells of a
   * column line up only when none asks for more than its width. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_list_item_set_child (item, label);
}

static void
state_label_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  data)
{
  GtkStringObject *state = gtk_list_item_get_item (item);
  const char *shown = g_object_get_data (G_OBJECT (state), "short");
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label),
                      shown ? shown : gtk_string_object_get_string (state));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (state));
}

static GtkWidget *
make_toolbar (AnnalistPlanItemsPage *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Plan"));
  /* The button shortens a long title; its list shows them whole. */
  g_autoptr(GtkListItemFactory) button_factory = annalist_ui_name_factory (-1);
  g_autoptr(GtkListItemFactory) list_factory = annalist_ui_name_factory (0);
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT,
                                                                      NULL, "string");

  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_widget_set_margin_bottom (toolbar, 6);

  self->chooser = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_drop_down_set_factory (self->chooser, button_factory);
  gtk_drop_down_set_list_factory (self->chooser, list_factory);
  /* A district has a few plans, their titles long: typed words find one. */
  gtk_drop_down_set_expression (self->chooser, expression);
  gtk_drop_down_set_enable_search (self->chooser, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->chooser), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chooser), _("The plan whose items are shown"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->chooser));
  /* Named «Plan» by its mnemonic label (a name of its own besides would
   * be read twice); its button, which takes the focus, by its own. */
  annalist_ui_name_dropdown_button (GTK_WIDGET (self->chooser), _("Plan"));
  g_signal_connect (self->chooser, "notify::selected", G_CALLBACK (chooser_selected), self);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");

  gtk_box_append (GTK_BOX (toolbar), label);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->chooser));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->summary));
  return toolbar;
}

static GtkWidget *
make_header (AnnalistPlanItemsPage *self)
{
  GtkWidget *header = _annalist_plan_items_row_box ();

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkWidget *cell = _annalist_plan_items_cell_label (_(_annalist_plan_items_columns[i].title));

      gtk_widget_add_css_class (cell, "caption-heading");
      /* A heading breaks between words only, never inside one: the
       * columns are as wide as their headings' longest words. */
      gtk_label_set_wrap_mode (GTK_LABEL (cell), PANGO_WRAP_WORD);
      if (i == COL_NUMBER)
        gtk_label_set_xalign (GTK_LABEL (cell), 1);
      self->header_cells[i] = _annalist_plan_items_in_column (cell, i);
      gtk_box_append (GTK_BOX (header), self->header_cells[i]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column headers"), -1);
  return header;
}

/* A scrolled window measures its child's height for no width in
 * particular, and a header of wrapped titles would show its first lines
 * only: its height is the one for the width it is given, once known. */
static gboolean
fit_header_height (gpointer data)
{
  AnnalistPlanItemsPage *self = data;
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (self->scroller);
  int least, height;

  self->header_height_id = 0;
  gtk_widget_measure (self->header, GTK_ORIENTATION_HORIZONTAL, -1, &least, NULL, NULL, NULL);
  gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL,
                      MAX (least, (int) gtk_adjustment_get_page_size (h)), &height, NULL, NULL,
                      NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->header_scroller), -1, height);
  return G_SOURCE_REMOVE;
}

static void
header_width_changed (AnnalistPlanItemsPage *self)
{
  if (self->header_height_id == 0)
    self->header_height_id = g_idle_add (fit_header_height, self);
}

static void
annalist_plan_items_page_init (AnnalistPlanItemsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *table = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *show_plans = gtk_button_new_with_mnemonic (_("Show the _Plans"));

  self->plan_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->state_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->state_names = gtk_string_list_new (NULL);
  self->state_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (self->state_factory, "setup", G_CALLBACK (state_label_setup), NULL);
  g_signal_connect (self->state_factory, "bind", G_CALLBACK (state_label_bind), NULL);
  self->state_list_factory = annalist_ui_name_factory (0);

  gtk_box_append (GTK_BOX (box), make_toolbar (self));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  /* The header scrolls sideways with the rows, when the window is too
   * narrow for the columns' least widths. */
  self->header_scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->header_scroller, GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
  /* The header is a row of a list of its own, so that it has the very
   * padding of the rows under it, and its columns line up with theirs. */
  {
    GtkWidget *list = gtk_list_box_new ();
    GtkWidget *row = gtk_list_box_row_new ();

    self->header = make_header (self);
    gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
    gtk_widget_set_focusable (list, FALSE);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    gtk_widget_set_focusable (row, FALSE);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), self->header);
    gtk_list_box_append (GTK_LIST_BOX (list), row);
    gtk_scrolled_window_set_child (self->header_scroller, list);
  }
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_scrolled_window_set_hadjustment (self->header_scroller,
                                       gtk_scrolled_window_get_hadjustment (self->scroller));
  g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (self->scroller),
                            "notify::page-size", G_CALLBACK (header_width_changed), self);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_show_separators (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "annalist-plan-items");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plan items by stage"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated), self);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->list));

  gtk_box_append (GTK_BOX (table), GTK_WIDGET (self->header_scroller));
  gtk_box_append (GTK_BOX (table), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (table), GTK_WIDGET (self->scroller));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->empty_page, _("No Plans Yet"));
  adw_status_page_set_description (self->empty_page,
                                   _("Add a plan in the list “Plans”: its items are then shown "
                                     "here by stage."));
  annalist_ui_status_page_set_icon_when_shown (self->empty_page, "view-list-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show_plans), "win.show-section");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show_plans), "s", "plan");
  gtk_widget_set_halign (show_plans, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show_plans, "pill");
  adw_status_page_set_child (self->empty_page, show_plans);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  /* Panels titled for a screen reader (GTK 4.8 reads an untitled one by
   * its type). */
  gtk_stack_add_titled (self->stack, table, "items", _("Plan items"));
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->empty_page), "empty", _("No Plans Yet"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  adw_bin_set_child (ADW_BIN (self), box);
}

AnnalistPlanItemsPage *
annalist_plan_items_page_new (AnnalistStore *store)
{
  AnnalistPlanItemsPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_PLAN_ITEMS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  reload (self);
  return self;
}

gboolean
annalist_plan_items_page_set_plan (AnnalistPlanItemsPage *self,
                                   gint64                 plan_id)
{
  g_return_val_if_fail (ANNALIST_IS_PLAN_ITEMS_PAGE (self), FALSE);

  for (guint i = 0; i < self->plan_ids->len; i++)
    if (g_array_index (self->plan_ids, gint64, i) == plan_id)
      {
        /* Comes back through chooser_selected () when it moves. */
        if (gtk_drop_down_get_selected (self->chooser) != i)
          gtk_drop_down_set_selected (self->chooser, i);
        else if (self->plan_id != plan_id)
          {
            self->plan_id = plan_id;
            fill_list (self);
          }
        return TRUE;
      }
  return FALSE;
}

gint64
annalist_plan_items_page_get_plan (AnnalistPlanItemsPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_PLAN_ITEMS_PAGE (self), 0);
  return self->plan_id;
}

void
annalist_plan_items_page_focus (AnnalistPlanItemsPage *self)
{
  g_return_if_fail (ANNALIST_IS_PLAN_ITEMS_PAGE (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "item") != NULL)
      {
        gtk_widget_grab_focus (row);
        return;
      }
  gtk_widget_grab_focus (GTK_WIDGET (self->chooser));
}

GtkListBox *
annalist_plan_items_page_get_list (AnnalistPlanItemsPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_PLAN_ITEMS_PAGE (self), NULL);
  return self->list;
}

GtkDropDown *
annalist_plan_items_page_get_chooser (AnnalistPlanItemsPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_PLAN_ITEMS_PAGE (self), NULL);
  return self->chooser;
}
