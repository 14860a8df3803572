/* annalist-editor-entries.c — the records a form's record owns, typed as
 * a table inside its form: a competition's entries
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A competition has a dozen or more entries; one dialog each over the
 * competition's was a day's clicking. Here they are a table under the
 * competition's fields: one row per entry, a cell per column, Tab from
 * cell to cell. The last row is always empty; typing into it makes it an
 * entry and adds the next empty row, so Tab off the last cell of the last
 * entry lands in a new row.
 *
 * The rows are saved with the competition, by its Save, in one
 * transaction (one step of Undo): the form is one thing the methodologist
 * fills and saves, and «Save the changes?» on closing covers the table as
 * it covers the fields. A row removed (its button, or Delete on a cell
 * that is not text) goes at once with a toast offering Undo, and is
 * deleted from the database with the next Save.
 *
 * The organisation is typed, not picked: its short name («Школа № 12»),
 * its full name, or its number alone («12»), folded as the store folds
 * (case, «ё»), with the matches listed under the cell as one types
 * (annalist-editor-organisations.c).
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-editor-private.h"
#include "annalist-error.h"
#include "annalist-ui.h"

/* Which owned kind a form shows as a table, and its columns. */
typedef struct
{
  const char *owner;
  const char *kind;
  const char *columns[8];
  const char *headers[8];   /* where not the field's label */
} TableSpec;

static const TableSpec specs[] = {
  { "competition", "competition_entry",
    { "organisation_id", "title", "form_id", "nomination_id", "result_id",
      "consulted", "recommended", NULL },
    /* Marks under a short heading; the field's whole name in its tooltip. */
    { NULL, NULL, NULL, NULL, NULL, N_("Advice"), N_("Letter"), NULL } },
};

typedef enum { CELL_ORGANISATION, CELL_TEXT, CELL_CHOICE, CELL_CHECK } CellType;

typedef struct
{
  const AnnalistField *field;
  int                  index;     /* in the owned kind */
  CellType             type;
  GtkStringList       *strings;   /* CELL_CHOICE: the titles, «—» first */
  GArray              *ids;       /* gint64 per title; 0 = none */
  gboolean             owned;     /* CELL_CHOICE of the owner's own records */
} Column;

typedef struct _Row Row;

struct _AnnalistEditorEntries
{
  AnnalistEditor      *editor;
  const TableSpec     *spec;
  const AnnalistKind  *kind;
  GPtrArray           *columns;   /* Column */
  GPtrArray           *rows;      /* Row, in the grid's order */
  GtkWidget           *group;
  GtkWidget           *grid;
  GtkWidget           *message;
  int                  next_line;
  AnnalistOrgNames    *organisations;
  gboolean             loading;
  gboolean             view_only;
  gulong               changed_id;
};

struct _Row
{
  AnnalistEditorEntries *table;
  AnnalistRecord        *record;   /* as stored; a new row's has no id */
  AnnalistRecord        *pending;  /* what the save being made wrote */
  GtkWidget            **cells;
  GtkWidget             *remove;
  gboolean               deleted;
  gboolean               left;     /* the focus has left a cell of it */
  char                  *error;
};

static const TableSpec *
spec_for (const AnnalistKind *owner)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].owner, owner->name))
      return &specs[i];
  return NULL;
}

gboolean
annalist_editor_entries_handles (const AnnalistKind *owner,
                                 const AnnalistKind *related)
{
  const TableSpec *spec = spec_for (owner);

  return spec != NULL && g_str_equal (spec->kind, related->name);
}

static void table_free (AnnalistEditorEntries *table);

static gint64
owner_id (AnnalistEditorEntries *table)
{
  return annalist_record_get_id (table->editor->original);
}

/* Choices ------------------------------------------------------------------------- */

static void
load_column_choices (AnnalistEditorEntries *table,
                     Column                *column)
{
  const AnnalistKind *target = annalist_kind_lookup (column->field->target);
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  gint64 none = 0;
  guint n;

  g_array_set_size (column->ids, 0);
  g_ptr_array_add (titles, g_strdup ("—"));
  g_array_append_val (column->ids, none);
  if (column->owned)
    query.parent_id = owner_id (table);
  if (!column->owned || query.parent_id > 0)
    records = annalist_store_list (table->editor->store, target, &query, NULL);
  n = records ? g_list_model_get_n_items (records) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);
      gint64 id = annalist_record_get_id (record);

      g_ptr_array_add (titles, annalist_ui_record_title (table->editor->store, record));
      g_array_append_val (column->ids, id);
    }
  g_ptr_array_add (titles, NULL);
  gtk_string_list_splice (column->strings, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (column->strings)),
                          (const char * const *) titles->pdata);
}

static guint
choice_position (Column *column,
                 gint64  id)
{
  for (guint i = 0; i < column->ids->len; i++)
    if (g_array_index (column->ids, gint64, i) == id)
      return i;
  return 0;
}

/* What the dropdown shows closed: cut with «…», the whole in its tooltip. */
static void
choice_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Results («Участник», «Лауреат») whole; forms and nominations cut. */
  gtk_label_set_width_chars (GTK_LABEL (label),
                             g_object_get_data (G_OBJECT (factory), "annalist-short") ? 8 : 6);
  gtk_label_set_max_width_chars (GTK_LABEL (label),
                                 g_object_get_data (G_OBJECT (factory), "annalist-wide") ? 14 : 9);
  gtk_list_item_set_child (item, label);
}

static void
choice_list_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
choice_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

/* Rows ---------------------------------------------------------------------------- */

static void row_changed (Row *row);

static gboolean
row_is_empty (Row *row)
{
  AnnalistEditorEntries *table = row->table;

  if (annalist_record_get_id (row->record) > 0)
    return FALSE;
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);
      GtkWidget *cell = row->cells[i];

      switch (column->type)
        {
        case CELL_ORGANISATION:
        case CELL_TEXT:
          {
            g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                                            GTK_EDITABLE (cell))));
            if (*text != '\0')
              return FALSE;
          }
          break;
        case CELL_CHOICE:
          if (gtk_drop_down_get_selected (GTK_DROP_DOWN (cell)) > 0)
            return FALSE;
          break;
        case CELL_CHECK:
          if (gtk_check_button_get_active (GTK_CHECK_BUTTON (cell)))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/* The value @row's cell of @column holds, or NULL with @error set when
 * its text names nothing. */
static GVariant *
cell_value (Row     *row,
            guint    i,
            GError **error)
{
  Column *column = g_ptr_array_index (row->table->columns, i);
  GtkWidget *cell = row->cells[i];

  switch (column->type)
    {
    case CELL_ORGANISATION:
      {
        gint64 id = annalist_org_names_resolve (row->table->organisations,
                                          gtk_editable_get_text (GTK_EDITABLE (cell)),
                                          column->field, error);
        if (id < 0)
          return NULL;
        return id > 0 ? g_variant_ref_sink (g_variant_new_int64 (id)) : NULL;
      }
    case CELL_TEXT:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (cell));
        GVariant *stored = annalist_record_get_value (row->record, column->index);

        /* A text of several lines is shown on one: unchanged, it stays
         * as it was. */
        if (stored != NULL &&
            g_strcmp0 (text, g_object_get_data (G_OBJECT (cell), "annalist-shown")) == 0)
          return g_variant_ref (stored);
        return annalist_field_parse (column->field, text, error);
      }
    case CELL_CHOICE:
      {
        guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (cell));
        gint64 id = position < column->ids->len ? g_array_index (column->ids, gint64, position)
                                                : 0;
        return id > 0 ? g_variant_ref_sink (g_variant_new_int64 (id)) : NULL;
      }
    case CELL_CHECK:
      return g_variant_ref_sink (g_variant_new_boolean (
                                   gtk_check_button_get_active (GTK_CHECK_BUTTON (cell))));
    default:
      g_assert_not_reached ();
    }
}

static void
cell_set_value (Row      *row,
                guint     i,
                GVariant *value)
{
  AnnalistEditorEntries *table = row->table;
  Column *column = g_ptr_array_index (table->columns, i);
  GtkWidget *cell = row->cells[i];

  switch (column->type)
    {
    case CELL_ORGANISATION:
      {
        gint64 id = value ? g_variant_get_int64 (value) : 0;
        const char *name = id > 0 ? annalist_org_names_short_name (table->organisations, id) : NULL;

        gtk_editable_set_text (GTK_EDITABLE (cell), name ? name : "");
      }
      break;
    case CELL_TEXT:
      {
        g_autofree char *text = annalist_field_format (column->field, value);
        g_autofree char *line = annalist_store_one_line (text);

        gtk_editable_set_text (GTK_EDITABLE (cell), line);
        g_object_set_data_full (G_OBJECT (cell), "annalist-shown", g_steal_pointer (&line),
                                g_free);
      }
      break;
    case CELL_CHOICE:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (cell),
                                  choice_position (column, value ? g_variant_get_int64 (value)
                                                                 : 0));
      break;
    case CELL_CHECK:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (cell),
                                   value ? g_variant_get_boolean (value)
                                         : column->field->default_on);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
row_free (Row *row)
{
  g_clear_object (&row->record);
  g_clear_object (&row->pending);
  g_free (row->cells);
  g_free (row->error);
  g_free (row);
}

static void
row_set_visible (Row      *row,
                 gboolean  visible)
{
  for (guint i = 0; i < row->table->columns->len; i++)
    gtk_widget_set_visible (row->cells[i], visible);
  gtk_widget_set_visible (row->remove, visible);
}

static void
organisation_changed (GtkWidget *entry,
                      Row       *row)
{
  if (!row->table->loading)
    annalist_org_entry_changed (entry);
  row_changed (row);
}

/* The table scrolls sideways to the cell Tab comes to. */
static void
cell_entered (GtkEventControllerFocus *controller,
              Row                     *row)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *scroller = gtk_widget_get_ancestor (row->table->grid, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  if (scroller == NULL || !gtk_widget_compute_bounds (cell, row->table->grid, &bounds))
    return;
  adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_clamp_page (adjustment, bounds.origin.x - 6,
                             bounds.origin.x + bounds.size.width + 6);
}

static void
cell_left (GtkEventControllerFocus *controller,
           Row                     *row)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  annalist_org_entry_popdown (cell);
  if (row->table->loading || row->left)
    return;
  row->left = TRUE;
  annalist_editor_validate (row->table->editor);
}

static void row_delete (Row *row);

static void
remove_clicked (GtkButton *button,
                Row       *row)
{
  row_delete (row);
}

static Row *add_row (AnnalistEditorEntries *table,
                     AnnalistRecord        *record);

static guint
row_number (Row *row)
{
  guint number = 0;

  for (guint i = 0; i < row->table->rows->len; i++)
    {
      Row *other = g_ptr_array_index (row->table->rows, i);

      if (!other->deleted)
        number++;
      if (other == row)
        break;
    }
  return number;
}

static void
row_changed (Row *row)
{
  AnnalistEditorEntries *table = row->table;

  if (table->loading)
    return;
  /* Typing into the empty last row makes it an entry: the next empty row
   * follows, for Tab to reach. */
  if (row == g_ptr_array_index (table->rows, table->rows->len - 1) && !row_is_empty (row))
    add_row (table, NULL);
  if (!table->editor->loading)
    annalist_editor_validate (table->editor);
}

static void
name_cells (Row *row)
{
  guint number = row_number (row);

  for (guint i = 0; i < row->table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (row->table->columns, i);
      /* Translators: a cell of the competition's entries table, for
       * screen readers: «Row 3: Organisation» */
      g_autofree char *name = g_strdup_printf (_("Row %u: %s"), number, _(column->field->label));

      /* A dropdown takes the focus in its inner button, named too. */
      if (GTK_IS_DROP_DOWN (row->cells[i]))
        annalist_ui_name_dropdown_button (row->cells[i], name);
      else
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->cells[i]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  {
    /* Translators: the button that removes a row of the entries table */
    g_autofree char *label = g_strdup_printf (_("Remove Row %u"), number);
    annalist_ui_flat_icon_button (row->remove, label);
  }
}

static GtkWidget *
make_cell (Row    *row,
           guint   i)
{
  AnnalistEditorEntries *table = row->table;
  Column *column = g_ptr_array_index (table->columns, i);
  GtkWidget *cell = NULL;
  GtkEventController *focus;

  switch (column->type)
    {
    case CELL_ORGANISATION:
      {
        cell = gtk_entry_new ();
        annalist_org_entry_attach (cell, table->organisations, column->field);
        gtk_editable_set_width_chars (GTK_EDITABLE (cell), 14);
        gtk_widget_set_tooltip_text (cell, _("Short name or number, e.g. «12»"));
        g_signal_connect (cell, "changed", G_CALLBACK (organisation_changed), row);
      }
      break;
    case CELL_TEXT:
      cell = gtk_entry_new ();
      gtk_editable_set_width_chars (GTK_EDITABLE (cell), 11);
      gtk_widget_set_hexpand (cell, TRUE);
      g_signal_connect_swapped (cell, "changed", G_CALLBACK (row_changed), row);
      break;
    case CELL_CHOICE:
      {
        g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
        g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

        g_signal_connect (factory, "setup", G_CALLBACK (choice_setup), NULL);
        g_signal_connect (factory, "bind", G_CALLBACK (choice_bind), NULL);
        g_signal_connect (list_factory, "setup", G_CALLBACK (choice_list_setup), NULL);
        g_signal_connect (list_factory, "bind", G_CALLBACK (choice_bind), NULL);
        cell = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (column->strings)), NULL);
        /* Nominations are told apart by their ends («Инновации в …»). */
        if (column->owned)
          g_object_set_data (G_OBJECT (factory), "annalist-wide", GINT_TO_POINTER (TRUE));
        if (g_strcmp0 (column->field->target, "entry_result") == 0)
          g_object_set_data (G_OBJECT (factory), "annalist-short", GINT_TO_POINTER (TRUE));
        gtk_drop_down_set_factory (GTK_DROP_DOWN (cell), factory);
        gtk_widget_add_css_class (cell, "flat");
        gtk_drop_down_set_list_factory (GTK_DROP_DOWN (cell), list_factory);
        g_signal_connect_swapped (cell, "notify::selected", G_CALLBACK (row_changed), row);
      }
      break;
    case CELL_CHECK:
      cell = gtk_check_button_new ();
      gtk_widget_set_halign (cell, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (cell, _(column->field->label));
      g_signal_connect_swapped (cell, "toggled", G_CALLBACK (row_changed), row);
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (cell), "annalist-entry-row", row);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (cell_left), row);
  g_signal_connect (focus, "enter", G_CALLBACK (cell_entered), row);
  gtk_widget_add_controller (cell, focus);
  return cell;
}

static Row *
add_row (AnnalistEditorEntries *table,
         AnnalistRecord        *record)
{
  Row *row = g_new0 (Row, 1);
  gboolean loading = table->loading;

  row->table = table;
  row->record = record ? g_object_ref (record) : annalist_record_new (table->kind);
  row->cells = g_new0 (GtkWidget *, table->columns->len);
  g_ptr_array_add (table->rows, row);

  table->loading = TRUE;
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);

      row->cells[i] = make_cell (row, i);
      cell_set_value (row, i, record ? annalist_record_get_value (record, column->index) : NULL);
      gtk_grid_attach (GTK_GRID (table->grid), row->cells[i], (int) i, table->next_line, 1, 1);
      gtk_widget_set_sensitive (row->cells[i], !table->view_only);
    }
  row->remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_object_set_data (G_OBJECT (row->remove), "annalist-entry-row", row);
  g_signal_connect (row->remove, "clicked", G_CALLBACK (remove_clicked), row);
  gtk_widget_set_visible (row->remove, !table->view_only);
  gtk_grid_attach (GTK_GRID (table->grid), row->remove, (int) table->columns->len,
                   table->next_line, 1, 1);
  table->next_line++;
  name_cells (row);
  table->loading = loading;
  return row;
}

/* Deleting a row ---------------------------------------------------------------- */

static void
undo_delete (AdwToast              *toast,
             AnnalistEditorEntries *table)
{
  Row *row = g_object_get_data (G_OBJECT (toast), "annalist-entry-row");

  /* Saved since: the row is gone from the database and from the table;
   * Ctrl+Z in the window brings it back. */
  if (table->loading || !g_ptr_array_find (table->rows, row, NULL) || !row->deleted)
    return;
  row->deleted = FALSE;
  row_set_visible (row, TRUE);
  for (guint i = 0; i < table->rows->len; i++)
    name_cells (g_ptr_array_index (table->rows, i));
  gtk_widget_grab_focus (row->cells[0]);
  annalist_editor_validate (table->editor);
}

static void
row_delete (Row *row)
{
  AnnalistEditorEntries *table = row->table;
  g_autofree char *title = NULL;
  g_autofree char *said = NULL;
  guint number = row_number (row);
  guint at = 0;
  AdwToast *toast;

  /* The empty last row is where new entries are typed: nothing to remove. */
  if (table->view_only || row->deleted ||
      row == g_ptr_array_index (table->rows, table->rows->len - 1))
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->cells[0]))));
  row->deleted = TRUE;
  row_set_visible (row, FALSE);
  for (guint i = 0; i < table->rows->len; i++)
    {
      Row *other = g_ptr_array_index (table->rows, i);

      name_cells (other);
      if (other == row)
        at = i;
    }
  /* The focus goes to the row that took its place. */
  for (guint i = at + 1; i < table->rows->len; i++)
    {
      Row *next = g_ptr_array_index (table->rows, i);

      if (!next->deleted)
        {
          gtk_widget_grab_focus (next->cells[0]);
          break;
        }
    }

  if (*title != '\0')
    /* Translators: a toast; %u is the row's number, %s its organisation */
    said = g_strdup_printf (_("Row %u (%s) removed; it is deleted when the competition is saved"),
                            number, title);
  else
    said = g_strdup_printf (_("Row %u removed; it is deleted when the competition is saved"),
                            number);
  toast = adw_toast_new (said);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "annalist-entry-row", row);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_delete), table);
  adw_toast_overlay_add_toast (table->editor->toast_overlay, toast);
  annalist_editor_validate (table->editor);
}

static Row *
row_of_focus (AnnalistEditorEntries *table,
              gboolean              *in_text)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (table->grid));

  *in_text = FALSE;
  for (GtkWidget *w = focus; w != NULL && w != table->grid; w = gtk_widget_get_parent (w))
    {
      Row *row = g_object_get_data (G_OBJECT (w), "annalist-entry-row");

      if (GTK_IS_TEXT (w))
        *in_text = TRUE;
      if (row != NULL)
        return row;
    }
  return NULL;
}

/* Delete on a cell that is not text (a choice, a mark, the row's button)
 * removes the row; in text it deletes characters, as everywhere. */
static gboolean
grid_key_pressed (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  AnnalistEditorEntries *table)
{
  gboolean in_text;
  Row *row;

  if ((keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  row = row_of_focus (table, &in_text);
  if (row == NULL || in_text)
    return FALSE;
  row_delete (row);
  return TRUE;
}

/* The form's hooks ------------------------------------------------------------------- */

static void
store_changed (AnnalistStore         *store,
               const char            *kind_name,
               AnnalistEditorEntries *table)
{
  gboolean loading = table->loading;

  if (kind_name == NULL)
    return;
  table->loading = TRUE;
  if (g_str_equal (kind_name, "organisation"))
    annalist_org_names_load (table->organisations, table->editor->store);
  for (guint c = 0; c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);
      g_autoptr(GArray) chosen = NULL;

      if (column->type != CELL_CHOICE || g_strcmp0 (column->field->target, kind_name) != 0)
        continue;
      /* Each row keeps its choice across the refill. */
      chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint r = 0; r < table->rows->len; r++)
        {
          Row *row = g_ptr_array_index (table->rows, r);
          guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->cells[c]));
          gint64 id = position < column->ids->len ? g_array_index (column->ids, gint64, position)
                                                  : 0;
          g_array_append_val (chosen, id);
        }
      load_column_choices (table, column);
      for (guint r = 0; r < table->rows->len; r++)
        {
          Row *row = g_ptr_array_index (table->rows, r);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (row->cells[c]),
                                      choice_position (column, g_array_index (chosen, gint64, r)));
        }
    }
  table->loading = loading;
}

static void
load_rows (AnnalistEditorEntries *table)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;
  guint n;

  query.parent_id = owner_id (table);
  if (query.parent_id > 0)
    records = annalist_store_list (table->editor->store, table->kind, &query, NULL);
  n = records ? g_list_model_get_n_items (records) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);
      add_row (table, record);
    }
  add_row (table, NULL);
}

AnnalistEditorEntries *
annalist_editor_entries_new (AnnalistEditor *editor)
{
  const AnnalistKind *owner = annalist_record_get_kind (editor->original);
  const TableSpec *spec = spec_for (owner);
  AnnalistEditorEntries *table;
  GtkWidget *scroller, *viewport, *box;
  GtkEventController *keys;
  g_autofree char *hint = NULL;

  if (spec == NULL)
    return NULL;

  table = g_new0 (AnnalistEditorEntries, 1);
  table->editor = editor;
  table->spec = spec;
  table->kind = annalist_kind_lookup (spec->kind);
  table->columns = g_ptr_array_new ();
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  table->organisations = annalist_org_names_new ();
  table->loading = TRUE;
  annalist_org_names_load (table->organisations, editor->store);

  table->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (table->grid), 4);
  gtk_grid_set_row_spacing (GTK_GRID (table->grid), 4);
  gtk_widget_add_css_class (table->grid, "annalist-entries");
  gtk_accessible_update_property (GTK_ACCESSIBLE (table->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(table->kind->label), -1);

  for (guint i = 0; spec->columns[i] != NULL; i++)
    {
      Column *column = g_new0 (Column, 1);
      const AnnalistKind *target;
      GtkWidget *header;

      column->field = annalist_kind_field (table->kind, spec->columns[i]);
      column->index = annalist_kind_field_index (table->kind, spec->columns[i]);
      g_assert (column->field != NULL);
      target = column->field->target ? annalist_kind_lookup (column->field->target) : NULL;
      switch (column->field->type)
        {
        case ANNALIST_FIELD_REFERENCE:
          if (g_str_equal (column->field->target, "organisation"))
            {
              column->type = CELL_ORGANISATION;
              break;
            }
          column->type = CELL_CHOICE;
          column->owned = target->parent_column != NULL &&
                          g_strcmp0 (annalist_kind_field (target, target->parent_column)->target,
                                     owner->name) == 0;
          break;
        case ANNALIST_FIELD_DICTIONARY:
          column->type = CELL_CHOICE;
          break;
        case ANNALIST_FIELD_BOOLEAN:
          column->type = CELL_CHECK;
          break;
        default:
          column->type = CELL_TEXT;
          break;
        }
      if (column->type == CELL_CHOICE)
        {
          column->strings = gtk_string_list_new (NULL);
          column->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          load_column_choices (table, column);
        }
      g_ptr_array_add (table->columns, column);

      header = gtk_label_new (spec->headers[i] ? _(spec->headers[i]) : _(column->field->label));
      gtk_widget_set_tooltip_text (header, _(column->field->label));
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (header), GTK_NATURAL_WRAP_WORD);
      gtk_label_set_xalign (GTK_LABEL (header), column->type == CELL_CHECK ? 0.5f : 0.0f);
      gtk_label_set_max_width_chars (GTK_LABEL (header), column->type == CELL_CHECK ? 8 : 20);
      gtk_widget_set_valign (header, GTK_ALIGN_END);
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_grid_attach (GTK_GRID (table->grid), header, (int) i, 0, 1, 1);
    }
  table->next_line = 1;
  load_rows (table);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (grid_key_pressed), table);
  gtk_widget_add_controller (table->grid, keys);

  table->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (table->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (table->message), 0);
  gtk_label_set_selectable (GTK_LABEL (table->message), TRUE);
  gtk_widget_add_css_class (table->message, "error");
  gtk_widget_set_visible (table->message, FALSE);

  /* Wider than the form where the window is narrow: it scrolls sideways
   * rather than cutting a cell. */
  scroller = gtk_scrolled_window_new ();
  annalist_ui_scroll_sideways_only (GTK_SCROLLED_WINDOW (scroller));
  /* GTK 4.8's viewport scrolls to the focus measured from the grid's
   * start, not from what it shows (it never scrolls back): the cells
   * scroll it themselves (cell_entered). */
  viewport = gtk_viewport_new (NULL, NULL);
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), table->grid);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), viewport);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), table->message);

  table->group = adw_preferences_group_new ();
  g_object_set_data_full (G_OBJECT (table->group), "annalist-entries", table,
                          (GDestroyNotify) table_free);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (table->group), _(table->kind->label));
  hint = g_strdup (_("Tab moves from cell to cell; typing in the last row adds an entry. "
                     "The organisation by its short name or number. Saved with the "
                     "competition."));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (table->group), hint);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (table->group), box);
  gtk_box_append (editor->page, table->group);

  table->changed_id = g_signal_connect (editor->store, "changed", G_CALLBACK (store_changed),
                                        table);
  table->loading = FALSE;
  return table;
}

/* With the widgets: their signals hold the rows. */
static void
table_free (AnnalistEditorEntries *table)
{
  g_ptr_array_unref (table->rows);
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);

      g_clear_object (&column->strings);
      g_clear_pointer (&column->ids, g_array_unref);
      g_free (column);
    }
  g_ptr_array_unref (table->columns);
  annalist_org_names_free (table->organisations);
  g_free (table);
}

void
annalist_editor_entries_free (AnnalistEditorEntries *table)
{
  if (table == NULL)
    return;
  /* The form is going: its widgets say nothing more to it. */
  table->loading = TRUE;
  g_clear_signal_handler (&table->changed_id, table->editor->store);
}

/* The record a row would be saved as, or NULL with @error (and @bad, the
 * column) when it would be refused. */
static AnnalistRecord *
row_draft (Row     *row,
           int     *bad,
           GError **error)
{
  AnnalistEditorEntries *table = row->table;
  g_autoptr(AnnalistRecord) draft = annalist_record_copy (row->record);
  const char *parent = table->kind->parent_column;
  gint64 owner = owner_id (table);
  int field_bad = -1;

  *bad = -1;
  /* A new competition's id comes with its save; checked as if known. */
  annalist_record_set_int (draft, parent, owner > 0 ? owner : G_MAXINT32);
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(GVariant) value = cell_value (row, i, &local);

      if (local == NULL)
        {
          annalist_record_set_value (draft, column->index, value);
          annalist_field_check (column->field, value, &local);
        }
      if (local != NULL)
        {
          *bad = (int) i;
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  annalist_record_derive (draft);
  if (!annalist_record_validate (draft, &field_bad, error))
    {
      for (guint i = 0; i < table->columns->len; i++)
        if (((Column *) g_ptr_array_index (table->columns, i))->index == field_bad)
          *bad = (int) i;
      return NULL;
    }
  return g_steal_pointer (&draft);
}

gboolean
annalist_editor_entries_check (AnnalistEditorEntries *table,
                               gboolean               show_all,
                               char                 **first,
                               gboolean              *modified)
{
  g_autoptr(GString) messages = g_string_new (NULL);
  gboolean valid = TRUE;
  guint number = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      Row *row = g_ptr_array_index (table->rows, r);
      g_autoptr(AnnalistRecord) draft = NULL;
      g_autoptr(GError) error = NULL;
      int bad = -1;
      gboolean shown;

      g_clear_pointer (&row->error, g_free);
      for (guint i = 0; i < table->columns->len; i++)
        {
          gtk_widget_remove_css_class (row->cells[i], "error");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (row->cells[i]),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          gtk_accessible_update_state (GTK_ACCESSIBLE (row->cells[i]),
                                       GTK_ACCESSIBLE_STATE_INVALID,
                                       GTK_ACCESSIBLE_INVALID_FALSE, -1);
        }
      if (row->deleted)
        {
          *modified |= annalist_record_get_id (row->record) > 0;
          continue;
        }
      number++;
      if (row_is_empty (row))
        continue;

      draft = row_draft (row, &bad, &error);
      if (draft == NULL)
        {
          /* Translators: a sentence about a row of the competition's
           * entries: «Row 3: “Organisation” must be filled in.» */
          row->error = g_strdup_printf (_("Row %u: %s"), number, error->message);
          valid = FALSE;
          if (first != NULL && *first == NULL)
            *first = g_strdup (row->error);
          shown = show_all || row->left;
          if (shown && bad >= 0)
            {
              gtk_widget_add_css_class (row->cells[bad], "error");
              gtk_accessible_update_state (GTK_ACCESSIBLE (row->cells[bad]),
                                           GTK_ACCESSIBLE_STATE_INVALID,
                                           GTK_ACCESSIBLE_INVALID_TRUE, -1);
              gtk_accessible_update_property (GTK_ACCESSIBLE (row->cells[bad]),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                              row->error, -1);
            }
          if (shown)
            g_string_append_printf (messages, "%s%s", messages->len ? "\n" : "", row->error);
          *modified = TRUE;
          continue;
        }
      if (annalist_record_get_id (row->record) <= 0)
        *modified = TRUE;
      else
        {
          annalist_record_set_int (draft, table->kind->parent_column, owner_id (table));
          *modified |= !annalist_record_equal_values (draft, row->record);
        }
    }

  gtk_label_set_text (GTK_LABEL (table->message), messages->str);
  gtk_widget_set_visible (table->message, messages->len > 0);
  return valid;
}

gboolean
annalist_editor_entries_write (AnnalistEditorEntries *table,
                               gint64                 owner,
                               GError               **error)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      Row *row = g_ptr_array_index (table->rows, r);
      gint64 id = annalist_record_get_id (row->record);
      g_autoptr(AnnalistRecord) draft = NULL;
      int bad = -1;

      g_clear_object (&row->pending);
      if (row->deleted)
        {
          if (id > 0 && !annalist_store_delete (table->editor->store, table->kind, id, error))
            return FALSE;
          continue;
        }
      if (row_is_empty (row))
        continue;
      draft = row_draft (row, &bad, error);
      if (draft == NULL)
        return FALSE;
      annalist_record_set_int (draft, table->kind->parent_column, owner);
      if (id > 0 && annalist_record_equal_values (draft, row->record))
        continue;
      if (id > 0 ? !annalist_store_update (table->editor->store, draft, error)
                 : !annalist_store_insert (table->editor->store, draft, error))
        return FALSE;
      row->pending = g_steal_pointer (&draft);
    }
  return TRUE;
}

void
annalist_editor_entries_written (AnnalistEditorEntries *table,
                                 gboolean               ok)
{
  for (guint r = 0; r < table->rows->len;)
    {
      Row *row = g_ptr_array_index (table->rows, r);

      if (ok && row->pending != NULL)
        g_set_object (&row->record, row->pending);
      g_clear_object (&row->pending);
      if (ok && row->deleted)
        {
          for (guint i = 0; i < table->columns->len; i++)
            gtk_grid_remove (GTK_GRID (table->grid), row->cells[i]);
          gtk_grid_remove (GTK_GRID (table->grid), row->remove);
          g_ptr_array_remove_index (table->rows, r);
          continue;
        }
      r++;
    }
  if (ok)
    {
      /* A new competition now has its nominations' owner. */
      store_changed (table->editor->store, "nomination", table);
      for (guint r = 0; r < table->rows->len; r++)
        name_cells (g_ptr_array_index (table->rows, r));
    }
}

void
annalist_editor_entries_set_view_only (AnnalistEditorEntries *table)
{
  table->view_only = TRUE;
  for (guint r = 0; r < table->rows->len; r++)
    {
      Row *row = g_ptr_array_index (table->rows, r);

      for (guint i = 0; i < table->columns->len; i++)
        {
          Column *column = g_ptr_array_index (table->columns, i);

          /* Text stays selectable and copyable. */
          if (column->type == CELL_ORGANISATION || column->type == CELL_TEXT)
            gtk_editable_set_editable (GTK_EDITABLE (row->cells[i]), FALSE);
          else
            gtk_widget_set_sensitive (row->cells[i], FALSE);
        }
      gtk_widget_set_visible (row->remove, FALSE);
    }
  /* No empty row to type into. */
  if (table->rows->len > 0)
    row_set_visible (g_ptr_array_index (table->rows, table->rows->len - 1), FALSE);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (table->group), NULL);
}

GtkWidget *
annalist_editor_get_entry_cell (AnnalistEditor *editor,
                                guint           row,
                                const char     *column)
{
  AnnalistEditorEntries *table = editor->entries;
  guint shown = 0;

  g_return_val_if_fail (table != NULL, NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      Row *each = g_ptr_array_index (table->rows, r);

      if (each->deleted)
        continue;
      if (shown++ != row)
        continue;
      if (column == NULL)
        return each->remove;
      for (guint i = 0; i < table->columns->len; i++)
        if (g_str_equal (((Column *) g_ptr_array_index (table->columns, i))->field->column,
                         column))
          return each->cells[i];
    }
  return NULL;
}

guint
annalist_editor_get_n_entry_rows (AnnalistEditor *editor)
{
  AnnalistEditorEntries *table = editor->entries;
  guint n = 0;

  if (table == NULL)
    return 0;

  for (guint r = 0; r < table->rows->len; r++)
    n += !((Row *) g_ptr_array_index (table->rows, r))->deleted;
  return n;
}
