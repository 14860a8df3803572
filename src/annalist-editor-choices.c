/* annalist-editor-choices.c — the form's choices: years, dictionary values
 * and records, in combo rows and in pickers searched by name
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-editor.c, which had grown to the size limit.
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-editor-private.h"
#include "annalist-ui.h"

/* Choices: years, dictionary values, records -------------------------------------- */

static char *
choice_title (AnnalistStore      *store,
              const AnnalistKind *kind,
              AnnalistRecord     *record)
{
  /* Organisations are known by their short name but searched by both. */
  if (g_str_equal (kind->name, "organisation"))
    {
      const char *short_name = annalist_record_get_string (record, "short_name");
      const char *full_name = annalist_record_get_string (record, "full_name");

      return g_strdup_printf ("%s — %s", short_name ? short_name : "",
                              full_name ? full_name : "");
    }
  return annalist_ui_record_title (store, record);
}

/* The owner a choice must share with the record: a competition entry's
 * nomination must be one of the same competition's. */
static gint64
choice_owner (FieldInput         *input,
              const AnnalistKind *target)
{
  const AnnalistKind *kind = annalist_record_get_kind (input->self->original);
  const AnnalistField *own;
  GVariant *value;

  if (target->parent_column == NULL)
    return 0;
  own = annalist_kind_field (kind, target->parent_column);
  if (own == NULL || g_strcmp0 (own->target, annalist_kind_field (target,
                                                                  target->parent_column)->target))
    return 0;
  value = annalist_record_get (input->self->draft, own->column);
  return value ? g_variant_get_int64 (value) : -1;
}

void
annalist_editor_load_choices (FieldInput *input)
{
  AnnalistEditor *self = input->self;
  const AnnalistKind *target = annalist_kind_lookup (input->field->target);
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  /* Records the field refuses are not offered (the one chosen already
   * stays, with its sentence under the field). */
  g_autoptr(GHashTable) refused = annalist_store_refused_ids (self->store, input->field, NULL);
  GVariant *chosen = annalist_record_get_value (self->draft, input->index);
  gboolean combo = input->field->type == ANNALIST_FIELD_DICTIONARY;
  guint n;

  query.parent_id = choice_owner (input, target);
  g_array_set_size (input->ids, 0);

  if (combo)
    {
      gint64 none = 0;

      g_ptr_array_add (titles, g_strdup (_("(not chosen)")));
      g_array_append_val (input->ids, none);
    }

  if (query.parent_id >= 0)
    records = annalist_store_list (self->store, target, &query, NULL);
  n = records ? g_list_model_get_n_items (records) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);
      gint64 id = annalist_record_get_id (record);

      if (refused != NULL && g_hash_table_contains (refused, &id) &&
          !(chosen != NULL && g_variant_is_of_type (chosen, G_VARIANT_TYPE_INT64) &&
            g_variant_get_int64 (chosen) == id))
        continue;
      g_ptr_array_add (titles, choice_title (self->store, target, record));
      g_array_append_val (input->ids, id);
    }

  if (combo)
    {
      gint64 add = -1;

      g_ptr_array_add (titles, g_strdup (_("Add a new value…")));
      g_array_append_val (input->ids, add);
    }

  g_ptr_array_add (titles, NULL);
  gtk_string_list_splice (input->strings, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (input->strings)),
                          (const char * const *) titles->pdata);
}

guint
annalist_editor_position_of (FieldInput *input,
                             gint64      id)
{
  for (guint i = 0; i < input->ids->len; i++)
    if (g_array_index (input->ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

void
annalist_editor_combo_select_id (FieldInput *input,
                                 gint64      id)
{
  guint position = annalist_editor_position_of (input, id);

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  input->previous = position;
  adw_combo_row_set_selected (ADW_COMBO_ROW (input->input), position);
}

/* Dictionary: add a new value ------------------------------------------------------- */

static void
add_value_response (AdwMessageDialog *dialog,
                    const char       *response,
                    FieldInput       *input)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const AnnalistKind *target = annalist_kind_lookup (input->field->target);
  g_autoptr(AnnalistRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "add"))
    {
      annalist_editor_combo_select_id (input, g_array_index (input->ids, gint64, input->previous));
      return;
    }

  record = annalist_record_new (target);
  annalist_record_set_string (record, target->title_column, gtk_editable_get_text (entry));
  if (!annalist_store_insert (input->self->store, record, &error))
    {
      annalist_editor_combo_select_id (input, g_array_index (input->ids, gint64, input->previous));
      adw_toast_overlay_add_toast (input->self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  /* The store's "changed" has refilled the list. */
  annalist_editor_combo_select_id (input, annalist_record_get_id (record));
  annalist_editor_input_changed (input);
}

static void
ask_new_value (FieldInput *input)
{
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (input->self), NULL,
                                   _("The new value is added to the dictionary and can be "
                                     "chosen in every record."));
  /* Translators: %s is a field such as «Event kind» */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("New Value of “%s”"),
                                     _(input->field->label));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the new value"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "add", _("_Add"),
                                 ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (add_value_response), input);
  annalist_ui_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
combo_selected (AdwComboRow *row,
                GParamSpec  *pspec,
                FieldInput  *input)
{
  guint position = adw_combo_row_get_selected (row);

  if (input->self->loading || position >= input->ids->len)
    return;
  if (g_array_index (input->ids, gint64, position) == -1)
    {
      ask_new_value (input);
      return;
    }
  input->previous = position;
  annalist_editor_input_changed (input);
}

/* Pickers: a record chosen by searching its name ---------------------------------- */

void
annalist_editor_picker_choose (FieldInput *input,
                               gint64      id)
{
  if (input->field->type == ANNALIST_FIELD_REFERENCE)
    g_array_set_size (input->chosen, 0);
  for (guint i = 0; i < input->chosen->len; i++)
    if (g_array_index (input->chosen, gint64, i) == id)
      return;
  g_array_append_val (input->chosen, id);
  annalist_editor_update_reference_rows (input);
  annalist_editor_input_changed (input);
  if (input->field->fills != NULL)
    annalist_editor_fill_from_chosen (input, id);
}

static void
picker_activate (GtkListView *view,
                 guint        position,
                 FieldInput  *input)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);
  const char *text = gtk_string_object_get_string (item);

  /* The filtered model holds the strings; find the id by its string's
   * position in the full list. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (input->strings)); i++)
    if (g_str_equal (gtk_string_list_get_string (input->strings, i), text))
      {
        annalist_editor_picker_choose (input, g_array_index (input->ids, gint64, i));
        break;
      }
  gtk_popover_popdown (GTK_POPOVER (input->popover));
}

static void
picker_search_activate (GtkSearchEntry *entry,
                        FieldInput     *input)
{
  GtkWidget *view = g_object_get_data (G_OBJECT (input->popover), "view");
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));

  /* Enter takes the first match. */
  if (g_list_model_get_n_items (model) > 0)
    picker_activate (GTK_LIST_VIEW (view), 0, input);
}

static void
picker_shown (GtkPopover *popover,
              FieldInput *input)
{
  annalist_editor_load_choices (input);
  gtk_editable_set_text (GTK_EDITABLE (input->search), "");
  gtk_widget_grab_focus (input->search);
}

static void
picker_item_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_item_set_child (item, label);
}

/* A label shows a string list's item: the picker's and the choice rows'. */
static void
string_item_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static GtkWidget *
make_picker (FieldInput *input,
             const char *label)
{
  GtkWidget *button, *box, *scroller, *view;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkStringFilter *filter;
  GtkFilterListModel *filtered;
  GtkNoSelection *selection;

  filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                               "string"));
  gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (filter, TRUE);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (input->strings)),
                                        GTK_FILTER (filter));
  selection = gtk_no_selection_new (G_LIST_MODEL (filtered));

  g_signal_connect (factory, "setup", G_CALLBACK (picker_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (string_item_bind), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), g_steal_pointer (&factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "navigation-sidebar");
  g_signal_connect (view, "activate", G_CALLBACK (picker_activate), input);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(input->field->label), -1);

  input->search = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (input->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search"), -1);
  g_object_bind_property (input->search, "text", filter, "search", G_BINDING_DEFAULT);
  g_signal_connect (input->search, "activate", G_CALLBACK (picker_search_activate), input);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), input->search);
  gtk_box_append (GTK_BOX (box), scroller);

  input->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (input->popover), box);
  g_object_set_data (G_OBJECT (input->popover), "view", view);
  g_signal_connect (input->popover, "show", G_CALLBACK (picker_shown), input);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), input->popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _(input->field->label), -1);
  return button;
}

static void
remove_chosen (GtkButton  *button,
               FieldInput *input)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));

  for (guint i = 0; i < input->chosen->len; i++)
    if (g_array_index (input->chosen, gint64, i) == id)
      {
        g_array_remove_index (input->chosen, i);
        break;
      }
  annalist_editor_update_reference_rows (input);
  annalist_editor_input_changed (input);
}

void
annalist_editor_update_reference_rows (FieldInput *input)
{
  AnnalistEditor *self = input->self;
  const AnnalistKind *target = annalist_kind_lookup (input->field->target);

  if (input->field->type == ANNALIST_FIELD_REFERENCE)
    {
      g_autofree char *title = NULL;

      if (input->chosen->len > 0)
        title = annalist_store_record_title (self->store, target,
                                             g_array_index (input->chosen, gint64, 0));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (input->row),
                                   title ? title : _("Not chosen"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (input->input),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      title ? title : _("Not chosen"), -1);
      return;
    }

  /* REFERENCES: one row per chosen organisation, then the row that adds. */
  {
    GtkWidget *expander = input->row;
    GPtrArray *rows = g_object_get_data (G_OBJECT (expander), "rows");
    g_autoptr(GString) subtitle = g_string_new (NULL);

    for (guint i = 0; i < rows->len; i++)
      adw_expander_row_remove (ADW_EXPANDER_ROW (expander), g_ptr_array_index (rows, i));
    g_ptr_array_set_size (rows, 0);

    for (guint i = 0; i < input->chosen->len; i++)
      {
        gint64 id = g_array_index (input->chosen, gint64, i);
        g_autofree char *title = annalist_store_record_title (self->store, target, id);
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
        g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), title);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        annalist_ui_flat_icon_button (remove, remove_label);
        g_object_set_data (G_OBJECT (remove), "id", GSIZE_TO_POINTER ((gsize) id));
        g_signal_connect (remove, "clicked", G_CALLBACK (remove_chosen), input);
        gtk_widget_set_visible (remove, self->view_only == NULL);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        g_ptr_array_add (rows, row);

        g_string_append_printf (subtitle, "%s%s", i ? ", " : "", title);
      }

    if (input->chosen->len > 3)
      {
        /* «Chosen: 16 — Школа № 1, Школа № 2, Школа № 3…»; all of them
         * in the rows under it. */
        g_autofree char *first = g_strdup (subtitle->str);
        guint commas = 0;

        for (char *c = first; *c != '\0'; c++)
          if (*c == ',' && ++commas == 3)
            {
              *c = '\0';
              break;
            }
        g_string_printf (subtitle, _("Chosen: %u — %s…"), input->chosen->len, first);
      }
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                   subtitle->len ? subtitle->str : _("None chosen"));
  }
}
/* A choice shows whole where the row has room («Дошкольная образовательная
 * организация»), not cut at twenty letters as libadwaita's own does. */
static void
choice_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

/* In the list that opens, the choice made is ticked, as libadwaita's own
 * list does. */
static void
choice_list_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = annalist_ui_decoration ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
choice_list_update_check (GtkListItem *item)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (item), "annalist-combo-row");
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  if (row != NULL)
    gtk_widget_set_opacity (check, adw_combo_row_get_selected (row) ==
                                   gtk_list_item_get_position (item) ? 1.0 : 0.0);
}

static void
choice_list_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AdwComboRow              *row)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (choice));
  g_object_set_data (G_OBJECT (item), "annalist-combo-row", row);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (choice_list_update_check),
                           item, G_CONNECT_SWAPPED);
  choice_list_update_check (item);
}

static void
choice_list_unbind (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, choice_list_update_check, item);
  g_object_set_data (G_OBJECT (item), "annalist-combo-row", NULL);
}

GtkWidget *
annalist_editor_make_combo_row (FieldInput *input)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (string_item_bind), NULL);
  adw_combo_row_set_factory (ADW_COMBO_ROW (row), factory);
  g_signal_connect (list_factory, "setup", G_CALLBACK (choice_list_setup), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (choice_list_bind), row);
  g_signal_connect (list_factory, "unbind", G_CALLBACK (choice_list_unbind), row);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), list_factory);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (input->strings));
  input->input = row;

  if (input->field->type == ANNALIST_FIELD_YEAR)
    {
      int last = annalist_academic_year_current () + 3;

      if ((input->field->flags & ANNALIST_FIELD_REQUIRED) == 0)
        {
          gint64 none = 0;
          gtk_string_list_append (input->strings, _("(not chosen)"));
          g_array_append_val (input->ids, none);
        }
      for (gint64 year = last; year >= 2000; year--)
        {
          g_autofree char *label = annalist_academic_year_label ((int) year);
          gtk_string_list_append (input->strings, label);
          g_array_append_val (input->ids, year);
        }
    }
  else
    annalist_editor_load_choices (input);

  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected), input);
  return row;
}

GtkWidget *
annalist_editor_make_reference_row (FieldInput *input)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *choose = g_strdup_printf (_("Choose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  input->input = make_picker (input, choose);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), input->input);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), input->input);
  return row;
}

/* Many organisations: one list to tick them in ------------------------------------ */

/* An event's sixteen presenting schools were sixteen trips to a picker.
 * The chooser is one popover: a search over the organisations (folded as
 * the store folds: case, «ё»), a row with a check per organisation, the
 * chosen ones first, Space or a click ticking one, and «Chosen: 16»
 * under it. It serves every REFERENCES field of the descriptors. */

static void
multi_update_count (FieldInput *input)
{
  GtkWidget *count = g_object_get_data (G_OBJECT (input->popover), "count");
  /* Translators: under the organisations' check list */
  g_autofree char *text = g_strdup_printf (_("Chosen: %u"), input->chosen->len);

  gtk_label_set_text (GTK_LABEL (count), text);
}

static gboolean
multi_is_chosen (FieldInput *input,
                 gint64      id)
{
  for (guint i = 0; i < input->chosen->len; i++)
    if (g_array_index (input->chosen, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
multi_toggle (FieldInput    *input,
              GtkListBoxRow *row)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "id");
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
  gboolean chosen = multi_is_chosen (input, id);

  if (chosen)
    {
      for (guint i = 0; i < input->chosen->len; i++)
        if (g_array_index (input->chosen, gint64, i) == id)
          {
            g_array_remove_index (input->chosen, i);
            break;
          }
    }
  else
    g_array_append_val (input->chosen, id);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !chosen);
  multi_update_count (input);
  annalist_editor_update_reference_rows (input);
  annalist_editor_input_changed (input);
}

static void
multi_row_activated (GtkListBox    *list,
                     GtkListBoxRow *row,
                     FieldInput    *input)
{
  multi_toggle (input, row);
}

static gboolean
multi_filter (GtkListBoxRow *row,
              gpointer       user_data)
{
  FieldInput *input = user_data;
  const char *folded = g_object_get_data (G_OBJECT (row), "folded");
  g_autofree char *search = annalist_fold (gtk_editable_get_text (GTK_EDITABLE (input->search)),
                                           -1);

  g_strstrip (search);
  return *search == '\0' || strstr (folded, search) != NULL;
}

static GtkListBoxRow *
multi_first_shown (GtkListBox *list)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
multi_search_changed (GtkSearchEntry *entry,
                      FieldInput     *input)
{
  gtk_list_box_invalidate_filter (g_object_get_data (G_OBJECT (input->popover), "view"));
}

/* Enter ticks the first organisation found, and the search starts over
 * for the next one. */
static void
multi_search_activate (GtkSearchEntry *entry,
                       FieldInput     *input)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (input->popover), "view");
  GtkListBoxRow *row = multi_first_shown (list);

  if (row != NULL)
    {
      multi_toggle (input, row);
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
    }
}

/* Down goes from the search into the rows. */
static gboolean
multi_search_key (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  FieldInput            *input)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  row = multi_first_shown (g_object_get_data (G_OBJECT (input->popover), "view"));
  if (row == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

/* Space ticks the focused row (and only once: before the list's own
 * bindings). */
static gboolean
multi_list_key (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                FieldInput            *input)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));

  if ((keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      !GTK_IS_LIST_BOX_ROW (focus) || gtk_widget_get_parent (focus) != list)
    return FALSE;
  multi_toggle (input, GTK_LIST_BOX_ROW (focus));
  return TRUE;
}

static GtkWidget *
multi_make_row (FieldInput *input,
                const char *title,
                gint64      id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (title);

  /* The row takes the focus and the keys; the check only shows. */
  gtk_widget_set_can_focus (check, FALSE);
  gtk_widget_set_can_target (check, FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), multi_is_chosen (input, id));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, title);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data_full (G_OBJECT (row), "id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data_full (G_OBJECT (row), "folded", annalist_fold (title, -1), g_free);
  return row;
}

/* Each opening lists the chosen first, then the rest in the store's
 * order; ticking does not move a row under the pointer. */
static void
multi_shown (GtkPopover *popover,
             FieldInput *input)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (popover), "view");
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  annalist_editor_load_choices (input);
  n = g_list_model_get_n_items (G_LIST_MODEL (input->strings));
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        gint64 id = g_array_index (input->ids, gint64, i);

        if (multi_is_chosen (input, id) == (pass == 0))
          gtk_list_box_append (list, multi_make_row (input,
                                                     gtk_string_list_get_string (input->strings,
                                                                                 i), id));
      }
  multi_update_count (input);
  gtk_editable_set_text (GTK_EDITABLE (input->search), "");
  gtk_widget_grab_focus (input->search);
}

static GtkWidget *
make_multi_chooser (FieldInput *input)
{
  GtkWidget *button, *box, *scroller, *list, *count;
  GtkEventController *keys;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), multi_filter, input, NULL);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  g_signal_connect (list, "row-activated", G_CALLBACK (multi_row_activated), input);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (multi_list_key), input);
  gtk_widget_add_controller (list, keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(input->field->label), -1);

  input->search = gtk_search_entry_new ();
  g_object_set (input->search, "placeholder-text", _("Name or number"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (input->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search"), -1);
  g_signal_connect (input->search, "search-changed", G_CALLBACK (multi_search_changed), input);
  g_signal_connect (input->search, "activate", G_CALLBACK (multi_search_activate), input);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (multi_search_key), input);
  gtk_widget_add_controller (input->search, keys);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);

  count = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (count), 0);
  gtk_widget_add_css_class (count, "dim-label");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), input->search);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), count);

  input->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (input->popover), box);
  g_object_set_data (G_OBJECT (input->popover), "view", list);
  g_object_set_data (G_OBJECT (input->popover), "count", count);
  g_signal_connect (input->popover, "show", G_CALLBACK (multi_shown), input);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Choose…"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), input->popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose…"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _(input->field->label), -1);
  return button;
}

GtkWidget *
annalist_editor_make_references_row (FieldInput *input)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  g_object_set_data_full (G_OBJECT (row), "rows", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  input->input = make_multi_chooser (input);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), input->input);
  return row;
}
