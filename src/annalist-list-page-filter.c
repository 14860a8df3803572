/* annalist-list-page-filter.c — the list's column filters and totals
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A name column (a dictionary's value, a record referred to: type, level,
 * kind, organisation) filters the rows by its values, chosen in a
 * searchable check list from its header; the filters, the search and the
 * year narrow the rows together. Under the rows a totals row adds up the
 * numeric columns (participants, hours, trained) of the rows shown.
 *
 * Both need a value of every record of the list, and the list holds only
 * ids (annalist-list-page.c): the values are read once per list, by one
 * query in the table's order merged with the list's ids sorted, into an
 * array per column by position. A keystroke then filters and adds up in
 * C over positions (100 000 rows: well under a millisecond), never
 * reading a record. The totals' values are read after the rows are
 * drawn, in an idle, so a list shows no later than before.
 */

#define G_LOG_DOMAIN "annalist-list-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-list-page-private.h"
#include "annalist-store-private.h"
#include "annalist-table-row.h"

gboolean
annalist_list_page_is_numeric_column (AnnalistListPage *self,
                                      guint             column)
{
  AnnalistFieldType type = self->kind->fields[self->columns[column].field].type;

  return type == ANNALIST_FIELD_INTEGER || type == ANNALIST_FIELD_REAL;
}

gboolean
annalist_list_page_can_filter_column (AnnalistListPage *self,
                                      guint             column)
{
  AnnalistFieldType type = self->kind->fields[self->columns[column].field].type;

  /* A list under its owner (in a form) is short and plain. */
  return self->owner_column == NULL &&
         (type == ANNALIST_FIELD_DICTIONARY || type == ANNALIST_FIELD_REFERENCE);
}

/* Totals are for the records of the work, not a dictionary's order. */
static gboolean
has_totals (AnnalistListPage *self)
{
  if (self->owner_column != NULL || self->kind->is_dictionary)
    return FALSE;
  for (guint i = 0; i < self->n_columns; i++)
    if (annalist_list_page_is_numeric_column (self, i))
      return TRUE;
  return FALSE;
}

/* Values ------------------------------------------------------------------------------ */

static void widen_for_totals (AnnalistListPage *self);

void
annalist_list_page_forget_values (AnnalistListPage *self)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      g_clear_pointer (&self->columns[i].numbers, g_free);
      g_clear_pointer (&self->columns[i].ids, g_free);
    }
  self->values_loaded = FALSE;
  g_clear_handle_id (&self->totals_idle, g_source_remove);
}

void
annalist_list_page_free_filters (AnnalistListPage *self)
{
  annalist_list_page_forget_values (self);
  for (guint i = 0; i < self->n_columns; i++)
    g_clear_pointer (&self->columns[i].chosen, g_hash_table_unref);
}

typedef struct
{
  gint64 id;
  guint  position;
} Place;

static int
place_compare (const void *a,
               const void *b)
{
  gint64 x = ((const Place *) a)->id, y = ((const Place *) b)->id;

  return x < y ? -1 : x > y;
}

static gboolean
column_has_values (AnnalistListPage *self,
                   guint             i)
{
  return annalist_list_page_is_numeric_column (self, i) ||
         annalist_list_page_can_filter_column (self, i);
}

/* Reads the numeric and name columns' values of every record of `base`. */
static void
ensure_values (AnnalistListPage *self)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(GError) error = NULL;
  g_autofree Place *places = NULL;
  sqlite3_stmt *stmt;
  guint n, at = 0;
  int rc;

  if (self->values_loaded || self->base == NULL)
    return;
  self->values_loaded = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->base));
  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      if (!column_has_values (self, i))
        continue;
      g_string_append_printf (sql, ", %s", self->kind->fields[column->field].column);
      if (annalist_list_page_is_numeric_column (self, i))
        {
          column->numbers = g_new (double, MAX (n, 1));
          for (guint p = 0; p < n; p++)
            column->numbers[p] = NAN;
        }
      else
        column->ids = g_new0 (gint64, MAX (n, 1));
    }
  g_string_append_printf (sql, " FROM %s ORDER BY id", self->kind->name);

  places = g_new (Place, MAX (n, 1));
  for (guint p = 0; p < n; p++)
    places[p] = (Place) { annalist_record_list_get_id (self->base, p), p };
  qsort (places, n, sizeof (Place), place_compare);

  stmt = annalist_store_prepare (self->store, sql->str, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && at < n)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int sql_column = 1;

      while (at < n && places[at].id < id)
        at++;
      if (at == n || places[at].id != id)
        continue;
      for (guint i = 0; i < self->n_columns; i++)
        {
          Column *column = &self->columns[i];

          if (!column_has_values (self, i))
            continue;
          if (sqlite3_column_type (stmt, sql_column) != SQLITE_NULL)
            {
              if (column->numbers != NULL)
                column->numbers[places[at].position] = sqlite3_column_double (stmt, sql_column);
              else
                column->ids[places[at].position] = sqlite3_column_int64 (stmt, sql_column);
            }
          sql_column++;
        }
      at++;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_warning ("Values of %s: %s", self->kind->name,
               sqlite3_errmsg (annalist_store_get_db (self->store)));
  sqlite3_reset (stmt);
  widen_for_totals (self);
}

/* Filters ----------------------------------------------------------------------------- */

gboolean
annalist_list_page_filters_active (AnnalistListPage *self)
{
  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].visible && self->columns[i].chosen != NULL &&
        g_hash_table_size (self->columns[i].chosen) > 0)
      return TRUE;
  return FALSE;
}

GArray *
annalist_list_page_filter_positions (AnnalistListPage *self,
                                     GArray           *within)
{
  guint n = within ? within->len : g_list_model_get_n_items (G_LIST_MODEL (self->base));
  GArray *kept = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  ensure_values (self);
  for (guint k = 0; k < n; k++)
    {
      guint position = within ? g_array_index (within, guint, k) : k;
      gboolean keep = TRUE;

      for (guint i = 0; i < self->n_columns && keep; i++)
        {
          Column *column = &self->columns[i];

          if (!column->visible || column->chosen == NULL || column->ids == NULL ||
              g_hash_table_size (column->chosen) == 0)
            continue;
          keep = g_hash_table_contains (column->chosen, &column->ids[position]);
        }
      if (keep)
        g_array_append_val (kept, position);
    }
  return kept;
}

/* The header says its column is filtered: the button lit, and in its
 * tooltip and description. */
static void
update_filter_button (AnnalistListPage *self,
                      Column           *column)
{
  const char *label = _(self->kind->fields[column->field].label);
  guint n = column->chosen ? g_hash_table_size (column->chosen) : 0;
  g_autofree char *tooltip = NULL;

  if (n > 0)
    {
      tooltip = g_strdup_printf (_("Filtered by “%s”: values chosen: %u"), label, n);
      gtk_widget_add_css_class (GTK_WIDGET (column->filter_button), "annalist-filtered");
    }
  else
    {
      tooltip = g_strdup_printf (_("Filter by “%s”"), label);
      gtk_widget_remove_css_class (GTK_WIDGET (column->filter_button), "annalist-filtered");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (column->filter_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
value_toggled (GtkCheckButton *check,
               Column         *column)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "annalist-id"));

  if (column->chosen == NULL)
    column->chosen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (gtk_check_button_get_active (check))
    g_hash_table_add (column->chosen, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (column->chosen, &id);
  update_filter_button (column->self, column);
  annalist_list_page_refilter (column->self);
}

static void
clear_clicked (GtkButton *button,
               Column    *column)
{
  if (column->chosen != NULL)
    g_hash_table_remove_all (column->chosen);
  /* The checks follow, without each refiltering. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (column->filter_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "annalist-check");

      g_signal_handlers_block_by_func (check, value_toggled, column);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
      g_signal_handlers_unblock_by_func (check, value_toggled, column);
    }
  update_filter_button (column->self, column);
  annalist_list_page_refilter (column->self);
}

typedef struct
{
  gint64  id;
  guint   count;
  char   *label;
  char   *folded;
} Value;

static int
value_compare (gconstpointer a,
               gconstpointer b)
{
  const Value *x = a, *y = b;

  /* «Not set» last. */
  if ((x->id == 0) != (y->id == 0))
    return x->id == 0 ? 1 : -1;
  return g_utf8_collate (x->label, y->label);
}

static void
value_clear (gpointer data)
{
  Value *value = data;

  g_free (value->label);
  g_free (value->folded);
}

static gboolean
value_row_matches (GtkListBoxRow *row,
                   gpointer       data)
{
  GtkEditable *search = data;
  g_autofree char *needle = annalist_fold (gtk_editable_get_text (search), -1);
  const char *folded = g_object_get_data (G_OBJECT (row), "annalist-folded");

  return *needle == '\0' || strstr (folded, needle) != NULL;
}

/* The check list of the values the list's records have (in its year),
 * with how many have each, made when the popover opens. */
static void
fill_values (GtkPopover *popover,
             Column     *column)
{
  AnnalistListPage *self = column->self;
  const AnnalistField *field = &self->kind->fields[column->field];
  g_autoptr(GHashTable) counts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (Value));
  g_autofree guint *numbers = NULL;
  guint n;
  GtkWidget *child;

  ensure_values (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (column->filter_list))) != NULL)
    gtk_list_box_remove (column->filter_list, child);
  if (column->ids == NULL)
    return;

  g_array_set_clear_func (values, value_clear);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->base));
  for (guint p = 0; p < n; p++)
    {
      gpointer found = g_hash_table_lookup (counts, &column->ids[p]);

      g_hash_table_insert (counts, &column->ids[p], GUINT_TO_POINTER (GPOINTER_TO_UINT (found) + 1));
    }
  {
    GHashTableIter iter;
    gpointer key, count;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &count))
      {
        Value value = { *(gint64 *) key, GPOINTER_TO_UINT (count), NULL, NULL };

        g_array_append_val (values, value);
      }
    /* A chosen value no record of this year has still shows, to be
     * cleared. */
    if (column->chosen != NULL)
      {
        g_hash_table_iter_init (&iter, column->chosen);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (!g_hash_table_contains (counts, key))
            {
              Value value = { *(gint64 *) key, 0, NULL, NULL };

              g_array_append_val (values, value);
            }
      }
  }
  for (guint i = 0; i < values->len; i++)
    {
      Value *value = &g_array_index (values, Value, i);

      if (value->id == 0)
        value->label = g_strdup (_("(not set)"));
      else
        {
          g_autoptr(GVariant) id = g_variant_ref_sink (g_variant_new_int64 (value->id));

          value->label = annalist_store_format_value (self->store, field, id);
        }
      value->folded = annalist_fold (value->label, -1);
    }
  g_array_sort (values, value_compare);

  for (guint i = 0; i < values->len; i++)
    {
      Value *value = &g_array_index (values, Value, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *check = gtk_check_button_new_with_label (value->label);
      g_autofree char *count = g_strdup_printf ("%u", value->count);
      GtkWidget *count_label = gtk_label_new (count);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_set_hexpand (check, TRUE);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   column->chosen != NULL &&
                                   g_hash_table_contains (column->chosen, &value->id));
      g_object_set_data (G_OBJECT (check), "annalist-id", GSIZE_TO_POINTER ((gsize) value->id));
      g_signal_connect (check, "toggled", G_CALLBACK (value_toggled), column);
      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), count_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* The check takes the focus, not the row around it. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "annalist-folded", g_strdup (value->folded), g_free);
      g_object_set_data (G_OBJECT (row), "annalist-check", check);
      gtk_list_box_append (column->filter_list, row);
    }
  gtk_list_box_invalidate_filter (column->filter_list);
}

/* The popover's controls in order, as the user sees them: the search,
 * the check of each value shown (the search hides the others), Clear. */
static GPtrArray *
popover_controls (GtkWidget *popover)
{
  GPtrArray *controls = g_ptr_array_new ();
  GtkWidget *box = gtk_popover_get_child (GTK_POPOVER (popover));

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *list;

      if (!GTK_IS_SCROLLED_WINDOW (child))
        {
          g_ptr_array_add (controls, child);
          continue;
        }
      list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child));
      if (GTK_IS_VIEWPORT (list))
        list = gtk_viewport_get_child (GTK_VIEWPORT (list));
      for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *check = g_object_get_data (G_OBJECT (row), "annalist-check");

          if (check != NULL && gtk_widget_get_mapped (check))
            g_ptr_array_add (controls, check);
        }
    }
  return controls;
}

/* Up and Down go from control to control, and so do Tab and Shift+Tab
 * (round, as in any popover). Left to GTK 4.8, Down from the search
 * stopped on the scrolled window around the checks (a focus stop with
 * nothing to see) and then skipped the checks for Clear; Tab, with every
 * value hidden by the search, stayed on the search. */
static gboolean
popover_key_pressed (GtkEventControllerKey *keys,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               user_data)
{
  GtkWidget *popover = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (keys));
  GtkRoot *root = gtk_widget_get_root (popover);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);
  g_autoptr(GPtrArray) controls = NULL;
  gboolean round = FALSE;
  int step;

  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && mods == 0)
    step = 1;
  else if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) && mods == 0)
    step = -1;
  else if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && mods == 0)
    step = 1, round = TRUE;
  else if ((keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_Tab ||
            keyval == GDK_KEY_KP_Tab) && mods == GDK_SHIFT_MASK)
    step = -1, round = TRUE;
  else
    return GDK_EVENT_PROPAGATE;
  if (focus == NULL)
    return GDK_EVENT_PROPAGATE;

  controls = popover_controls (popover);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      int next = (int) i + step;

      if (focus != control && !gtk_widget_is_ancestor (focus, control))
        continue;
      if (round)
        next = (next + (int) controls->len) % (int) controls->len;
      /* Up at the first, Down at the last: the focus stays. */
      if (next >= 0 && next < (int) controls->len)
        gtk_widget_grab_focus (g_ptr_array_index (controls, next));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

GtkWidget *
annalist_list_page_filter_button_new (AnnalistListPage *self,
                                      Column           *column)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("_Clear Filter"));
  const char *label = _(self->kind->fields[column->field].label);
  g_autofree char *placeholder = g_strdup_printf (_("Find a value of “%s”"), label);

  column->filter_button = GTK_MENU_BUTTON (button);
  column->filter_list = GTK_LIST_BOX (list);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "annalist-filter-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "annalist-filter");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (button, FALSE);

  g_object_set (search, "placeholder-text", _("Find a value"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), value_row_matches, search, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_swapped (search, "search-changed",
                            G_CALLBACK (gtk_list_box_invalidate_filter), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 260);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  /* The checks take the focus; the scrolled window around them (which
   * takes it itself when none can, as when the search hides them all)
   * would be a stop with nothing to see. */
  gtk_widget_set_focusable (scroller, FALSE);
  /* GTK 4.8 reads a mnemonic label's underscore out. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Clear Filter"), -1);
  g_signal_connect (clear, "clicked", G_CALLBACK (clear_clicked), column);

  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), clear);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (fill_values), column);
  {
    /* Before the search's text, which gives Up and Down to GTK. */
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_event_controller_set_name (keys, "annalist-filter-keys");
    g_signal_connect (keys, "key-pressed", G_CALLBACK (popover_key_pressed), NULL);
    gtk_widget_add_controller (popover, keys);
  }
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  update_filter_button (self, column);
  return button;
}

/* Totals ------------------------------------------------------------------------------ */

static char *
format_total (AnnalistListPage *self,
              Column           *column,
              double            total)
{
  const AnnalistField *field = &self->kind->fields[column->field];
  g_autoptr(GVariant) value = g_variant_ref_sink (field->type == ANNALIST_FIELD_INTEGER
                                                  ? g_variant_new_int64 ((gint64) llround (total))
                                                  : g_variant_new_double (total));

  return annalist_store_format_value (self->store, field, value);
}

/* Adds up @column over @positions (NULL: all of `base`). */
static double
add_up (AnnalistListPage *self,
        Column           *column,
        GArray           *positions)
{
  guint n = positions ? positions->len : g_list_model_get_n_items (G_LIST_MODEL (self->base));
  double total = 0;

  for (guint k = 0; k < n; k++)
    {
      double value = column->numbers[positions ? g_array_index (positions, guint, k) : k];

      if (!isnan (value))
        total += value;
    }
  return total;
}

/* A number column is as wide as the total of all the list's rows (no
 * narrower search or filter can make a wider one, no number being
 * negative), so no keystroke makes it wider. */
static void
widen_for_totals (AnnalistListPage *self)
{
  gboolean wider = FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      g_autofree char *all = NULL;
      int width;

      if (column->numbers == NULL)
        continue;
      all = format_total (self, column, add_up (self, column, NULL));
      width = annalist_list_page_number_width (self, all);
      if (width <= column->widest_number)
        continue;
      column->widest_number = width;
      if (width > column->width)
        {
          column->width = column->minimum = width;
          wider = TRUE;
        }
    }
  if (wider)
    annalist_list_page_relayout_rows (self);
}

static void
show_totals (AnnalistListPage *self)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (self->n_columns, g_free);
  GArray *positions = self->shown_positions;
  guint n = positions ? positions->len : g_list_model_get_n_items (G_LIST_MODEL (self->base));
  gboolean labelled = FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      if (!column->visible)
        g_ptr_array_add (texts, NULL);
      else if (column->numbers != NULL)
        g_ptr_array_add (texts, format_total (self, column, add_up (self, column, positions)));
      else if (!labelled && !annalist_list_page_is_numeric_column (self, i))
        {
          /* Translators: the totals row under a list, with how many rows it adds up */
          g_ptr_array_add (texts, g_strdup_printf (_("Total (rows: %u)"), n));
          labelled = TRUE;
        }
      else
        g_ptr_array_add (texts, NULL);
    }
  annalist_table_row_set_texts (ANNALIST_TABLE_ROW (self->totals_row),
                                (const char * const *) texts->pdata);
}

static gboolean
totals_idle (gpointer data)
{
  AnnalistListPage *self = data;

  self->totals_idle = 0;
  ensure_values (self);
  show_totals (self);
  return G_SOURCE_REMOVE;
}

void
annalist_list_page_update_totals (AnnalistListPage *self)
{
  gboolean wanted = self->base != NULL && has_totals (self);

  gtk_widget_set_visible (self->totals_strip, wanted);
  if (!wanted)
    return;
  if (self->values_loaded)
    {
      show_totals (self);
      return;
    }
  /* The rows first: the values are read after they are drawn. */
  if (self->totals_idle == 0)
    self->totals_idle = g_idle_add_full (G_PRIORITY_LOW, totals_idle, self, NULL);
}

/* For the tests: the text of the totals row's cell @column. */
const char *
annalist_list_page_get_total_text (AnnalistListPage *self,
                                   guint             column)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return annalist_table_row_get_text (ANNALIST_TABLE_ROW (self->totals_row), column);
}
