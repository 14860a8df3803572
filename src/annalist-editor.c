/* annalist-editor.c — the one form that edits a record of any kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are made from the kind's field descriptors, one row type per
 * field type. Every change rebuilds a draft record and checks it with the
 * store's own validation, so the sentence under a field is exactly the one
 * the store would refuse the record with, and Save is enabled only when the
 * store would accept it. Records that belong to this one (a competition's
 * entries) are listed under the form; an organisation's, under its card
 * (annalist-org-card.c).
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-error.h"
#include "annalist-list-page.h"
#include "annalist-org-card.h"
#include "annalist-record-list.h"
#include "annalist-ui.h"

typedef struct _FieldInput FieldInput;

struct _FieldInput
{
  AnnalistEditor      *self;
  guint                index;
  const AnnalistField *field;
  GtkWidget           *row;       /* in the form */
  GtkWidget           *input;     /* what takes the value */
  GtkWidget           *message_row;
  GtkLabel            *message;
  GtkWidget           *popover;   /* pickers and the calendar */
  GtkWidget           *search;
  GtkStringList       *strings;   /* combo rows and pickers */
  GArray              *ids;       /* gint64 per string; 0 = none */
  GArray              *chosen;    /* REFERENCE(S): the chosen ids */
  guint                previous;  /* combo position before «Add a new value…» */
  gboolean             touched;
  char                *error;
};

struct _AnnalistEditor
{
  AdwWindow           parent_instance;

  AnnalistStore      *store;
  AnnalistRecord     *original;
  AnnalistRecord     *draft;
  int                 default_year;
  GPtrArray          *inputs;     /* FieldInput */
  gboolean            loading;
  gboolean            valid;
  gboolean            modified;
  gboolean            show_all_errors;
  gboolean            close_confirmed;
  gulong              changed_id;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  GtkBox             *page;
  AdwPreferencesGroup *form;
};

G_DEFINE_FINAL_TYPE (AnnalistEditor, annalist_editor, ADW_TYPE_WINDOW)

static void validate (AnnalistEditor *self);

static void
field_input_free (FieldInput *input)
{
  g_clear_object (&input->strings);
  g_clear_pointer (&input->ids, g_array_unref);
  g_clear_pointer (&input->chosen, g_array_unref);
  g_clear_pointer (&input->error, g_free);
  g_free (input);
}

static FieldInput *
find_input (AnnalistEditor *self,
            const char     *column)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);

      if (g_str_equal (input->field->column, column))
        return input;
    }
  return NULL;
}

static void
input_changed (FieldInput *input)
{
  if (input->self->loading)
    return;
  input->touched = TRUE;
  validate (input->self);
}

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

static void
load_choices (FieldInput *input)
{
  AnnalistEditor *self = input->self;
  const AnnalistKind *target = annalist_kind_lookup (input->field->target);
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
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

static guint
position_of (FieldInput *input,
             gint64      id)
{
  for (guint i = 0; i < input->ids->len; i++)
    if (g_array_index (input->ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
combo_select_id (FieldInput *input,
                 gint64      id)
{
  guint position = position_of (input, id);

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
      combo_select_id (input, g_array_index (input->ids, gint64, input->previous));
      return;
    }

  record = annalist_record_new (target);
  annalist_record_set_string (record, target->title_column, gtk_editable_get_text (entry));
  if (!annalist_store_insert (input->self->store, record, &error))
    {
      combo_select_id (input, g_array_index (input->ids, gint64, input->previous));
      adw_toast_overlay_add_toast (input->self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  /* The store's "changed" has refilled the list. */
  combo_select_id (input, annalist_record_get_id (record));
  input_changed (input);
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
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
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
  input_changed (input);
}

/* Pickers: a record chosen by searching its name ---------------------------------- */

static void
update_reference_rows (FieldInput *input);
static void
fill_from_chosen (FieldInput *input,
                  gint64      id);

static void
picker_choose (FieldInput *input,
               gint64      id)
{
  if (input->field->type == ANNALIST_FIELD_REFERENCE)
    g_array_set_size (input->chosen, 0);
  for (guint i = 0; i < input->chosen->len; i++)
    if (g_array_index (input->chosen, gint64, i) == id)
      return;
  g_array_append_val (input->chosen, id);
  update_reference_rows (input);
  input_changed (input);
  if (input->field->fills != NULL)
    fill_from_chosen (input, id);
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
        picker_choose (input, g_array_index (input->ids, gint64, i));
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
  load_choices (input);
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
  update_reference_rows (input);
  input_changed (input);
}

static void
update_reference_rows (FieldInput *input)
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
        gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (remove, "flat");
        gtk_widget_set_tooltip_text (remove, remove_label);
        gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        remove_label, -1);
        g_object_set_data (G_OBJECT (remove), "id", GSIZE_TO_POINTER ((gsize) id));
        g_signal_connect (remove, "clicked", G_CALLBACK (remove_chosen), input);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        g_ptr_array_add (rows, row);

        g_string_append_printf (subtitle, "%s%s", i ? ", " : "", title);
      }

    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                   subtitle->len ? subtitle->str : _("None chosen"));
  }
}

/* Rows ------------------------------------------------------------------------------- */

static void
calendar_day_selected (GtkCalendar *calendar,
                       FieldInput  *input)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d.%m.%Y");

  gtk_editable_set_text (GTK_EDITABLE (input->input), text);
  gtk_popover_popdown (GTK_POPOVER (input->popover));
}

static void
calendar_shown (GtkPopover *popover,
                FieldInput *input)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  GDate date;

  g_signal_handlers_block_by_func (calendar, calendar_day_selected, input);
  if (annalist_date_parse (gtk_editable_get_text (GTK_EDITABLE (input->input)), &date))
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (&date),
                                                         g_date_get_month (&date),
                                                         g_date_get_day (&date), 0, 0, 0);
      gtk_calendar_select_day (calendar, when);
    }
  g_signal_handlers_unblock_by_func (calendar, calendar_day_selected, input);
}

static void
date_changed (FieldInput *input)
{
  AnnalistEditor *self = input->self;
  const AnnalistKind *kind = annalist_record_get_kind (self->original);
  FieldInput *year;
  GDate date;

  /* The academic year follows the date it is implied by. */
  if (!self->loading && g_strcmp0 (kind->year_from_date, input->field->column) == 0 &&
      annalist_date_parse (gtk_editable_get_text (GTK_EDITABLE (input->input)), &date) &&
      (year = find_input (self, kind->year_column)) != NULL)
    {
      int academic = annalist_date_academic_year (&date);

      if (position_of (year, academic) != GTK_INVALID_LIST_POSITION)
        adw_combo_row_set_selected (ADW_COMBO_ROW (year->input), position_of (year, academic));
    }
  input_changed (input);
}

static GtkWidget *
make_entry_row (FieldInput *input)
{
  const AnnalistField *field = input->field;
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  input->input = row;

  if (field->type == ANNALIST_FIELD_INTEGER)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
  else if (field->type == ANNALIST_FIELD_REAL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);

  if (field->type == ANNALIST_FIELD_DATE)
    {
      GtkWidget *button = gtk_menu_button_new ();
      GtkWidget *calendar = gtk_calendar_new ();
      g_autofree char *choose = g_strdup_printf (_("Choose “%s” in a calendar"), _(field->label));

      input->popover = gtk_popover_new ();
      gtk_popover_set_child (GTK_POPOVER (input->popover), calendar);
      g_signal_connect (input->popover, "show", G_CALLBACK (calendar_shown), input);
      g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected), input);
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), input->popover);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, choose);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      choose, -1);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (date_changed), input);
    }
  else
    g_signal_connect_swapped (row, "changed", G_CALLBACK (input_changed), input);

  return row;
}

static GtkWidget *
make_text_row (FieldInput *input)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_(input->field->label));
  GtkWidget *view = gtk_text_view_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "annalist-text");
  gtk_widget_set_size_request (view, -1, 64);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), view);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (input_changed), input);
  input->input = view;
  return row;
}

static GtkWidget *
make_switch_row (FieldInput *input)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (input_changed), input);
  input->input = toggle;
  return row;
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
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

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

static GtkWidget *
make_combo_row (FieldInput *input)
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
    load_choices (input);

  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected), input);
  return row;
}

static GtkWidget *
make_reference_row (FieldInput *input)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *choose = g_strdup_printf (_("Choose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  input->input = make_picker (input, choose);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), input->input);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), input->input);
  return row;
}

static GtkWidget *
make_references_row (FieldInput *input)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(input->field->label));
  g_object_set_data_full (G_OBJECT (row), "rows", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  input->input = make_picker (input, _("Add an organisation…"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), input->input);
  return row;
}

static void
add_field (AnnalistEditor      *self,
           guint                index,
           const AnnalistField *field)
{
  FieldInput *input = g_new0 (FieldInput, 1);

  input->self = self;
  input->index = index;
  input->field = field;
  input->strings = gtk_string_list_new (NULL);
  input->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  input->chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_add (self->inputs, input);

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
    case ANNALIST_FIELD_DATE:
      input->row = make_entry_row (input);
      break;
    case ANNALIST_FIELD_LONG_TEXT:
      input->row = make_text_row (input);
      break;
    case ANNALIST_FIELD_BOOLEAN:
      input->row = make_switch_row (input);
      break;
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
      input->row = make_combo_row (input);
      break;
    case ANNALIST_FIELD_REFERENCE:
      input->row = make_reference_row (input);
      break;
    case ANNALIST_FIELD_REFERENCES:
      input->row = make_references_row (input);
      break;
    default:
      g_assert_not_reached ();
    }

  input->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (input->message, TRUE);
  gtk_label_set_xalign (input->message, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (input->message), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (input->message), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (input->message), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (input->message), 6);
  gtk_widget_add_css_class (GTK_WIDGET (input->message), "error");
  gtk_widget_add_css_class (GTK_WIDGET (input->message), "caption");
  input->message_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (input->message_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (input->message_row), FALSE);
  gtk_widget_add_css_class (input->message_row, "annalist-message");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (input->message_row),
                              GTK_WIDGET (input->message));
  gtk_widget_set_visible (input->message_row, FALSE);

  adw_preferences_group_add (self->form, input->row);
  adw_preferences_group_add (self->form, input->message_row);
}

/* Values ----------------------------------------------------------------------------- */

static void
input_set_value (FieldInput *input,
                 GVariant   *value)
{
  const AnnalistField *field = input->field;

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
    case ANNALIST_FIELD_DATE:
      {
        g_autofree char *text = annalist_field_format (field, value);
        gtk_editable_set_text (GTK_EDITABLE (input->input), text);
      }
      break;
    case ANNALIST_FIELD_LONG_TEXT:
      {
        g_autofree char *text = annalist_field_format (field, value);
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input->input)),
                                  text, -1);
      }
      break;
    case ANNALIST_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (input->input),
                             value ? g_variant_get_boolean (value) : field->default_on);
      break;
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
      {
        gint64 id = value ? g_variant_get_int64 (value) : 0;

        if (field->type == ANNALIST_FIELD_YEAR && position_of (input, id) ==
            GTK_INVALID_LIST_POSITION && id != 0)
          {
            g_autofree char *label = annalist_academic_year_label ((int) id);
            gtk_string_list_append (input->strings, label);
            g_array_append_val (input->ids, id);
          }
        combo_select_id (input, id);
      }
      break;
    case ANNALIST_FIELD_REFERENCE:
      g_array_set_size (input->chosen, 0);
      if (value != NULL)
        {
          gint64 id = g_variant_get_int64 (value);
          g_array_append_val (input->chosen, id);
        }
      update_reference_rows (input);
      break;
    case ANNALIST_FIELD_REFERENCES:
      {
        gsize n = 0;
        const gint64 *ids = value ? g_variant_get_fixed_array (value, &n, sizeof (gint64))
                                  : NULL;

        g_array_set_size (input->chosen, 0);
        if (n > 0)
          g_array_append_vals (input->chosen, ids, (guint) n);
        update_reference_rows (input);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The chosen record fills the fields still empty (AnnalistField.fills),
 * and their inputs show what it gave. A new record's academic year is
 * only the default until the user picks one, so the chosen record's wins. */
static void
fill_from_chosen (FieldInput *input,
                  gint64      id)
{
  AnnalistEditor *self = input->self;
  g_autoptr(AnnalistRecord) target = NULL;
  g_autoptr(AnnalistRecord) filled = annalist_record_copy (self->draft);
  gboolean new_record = annalist_record_get_id (self->original) <= 0;

  target = annalist_store_load (self->store, annalist_kind_lookup (input->field->target),
                                id, NULL);
  if (target == NULL)
    return;
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *other = g_ptr_array_index (self->inputs, i);

      if (new_record && !other->touched && other->field->type == ANNALIST_FIELD_YEAR)
        annalist_record_set_value (filled, other->index, NULL);
    }
  if (annalist_record_fill_from (filled, input->field, target) == 0)
    return;

  self->loading = TRUE;
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *other = g_ptr_array_index (self->inputs, i);
      GVariant *before = annalist_record_get_value (self->draft, other->index);
      GVariant *after = annalist_record_get_value (filled, other->index);

      if (after == NULL || (before != NULL && g_variant_equal (before, after)))
        continue;
      input_set_value (other, after);
      other->touched = TRUE;
    }
  self->loading = FALSE;
  validate (self);
}

/* The value the input holds, or NULL with @error set when the text cannot
 * be read (a date that is not a date). */
static GVariant *
input_get_value (FieldInput *input,
                 GError    **error)
{
  const AnnalistField *field = input->field;

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
    case ANNALIST_FIELD_DATE:
      return annalist_field_parse (field, gtk_editable_get_text (GTK_EDITABLE (input->input)),
                                   error);
    case ANNALIST_FIELD_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input->input));
        GtkTextIter start, end;
        g_autofree char *text = NULL;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        return annalist_field_parse (field, text, error);
      }
    case ANNALIST_FIELD_BOOLEAN:
      return g_variant_ref_sink (g_variant_new_boolean (gtk_switch_get_active (
                                                          GTK_SWITCH (input->input))));
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
      {
        guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (input->input));
        gint64 id = position < input->ids->len ? g_array_index (input->ids, gint64, position) : 0;

        return id > 0 ? g_variant_ref_sink (g_variant_new_int64 (id)) : NULL;
      }
    case ANNALIST_FIELD_REFERENCE:
      return input->chosen->len > 0
        ? g_variant_ref_sink (g_variant_new_int64 (g_array_index (input->chosen, gint64, 0)))
        : NULL;
    case ANNALIST_FIELD_REFERENCES:
      return g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                            input->chosen->data,
                                                            input->chosen->len,
                                                            sizeof (gint64)));
    default:
      g_assert_not_reached ();
    }
}

static void
show_message (FieldInput *input,
              const char *message)
{
  gboolean shown = message != NULL && (input->touched || input->self->show_all_errors);

  g_free (input->error);
  input->error = g_strdup (message);
  gtk_label_set_text (input->message, shown ? message : "");
  gtk_widget_set_visible (input->message_row, shown);
  if (shown)
    gtk_widget_add_css_class (input->row, "error");
  else
    gtk_widget_remove_css_class (input->row, "error");
  /* Screen readers read why the field is refused. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (input->input), GTK_ACCESSIBLE_STATE_INVALID,
                               shown ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
validate (AnnalistEditor *self)
{
  g_autoptr(AnnalistRecord) draft = annalist_record_copy (self->original);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  gboolean valid = TRUE;
  int bad = -1;

  /* Read every input; one that cannot be read keeps its sentence. */
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(GVariant) value = input_get_value (input, &parse_error);

      g_clear_pointer (&input->error, g_free);
      if (parse_error != NULL)
        input->error = g_strdup (parse_error->message);
      else
        annalist_record_set_value (draft, input->index, value);
    }

  /* Each field on its own, then the rules between them, as the store
   * checks them. */
  annalist_record_derive (draft);
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      g_autoptr(GError) check_error = NULL;

      if (input->error == NULL &&
          !annalist_field_check (input->field,
                                 annalist_record_get_value (draft, input->index),
                                 &check_error))
        input->error = g_strdup (check_error->message);
    }
  if (!annalist_record_validate (draft, &bad, &error) && bad >= 0)
    {
      for (guint i = 0; i < self->inputs->len; i++)
        {
          FieldInput *input = g_ptr_array_index (self->inputs, i);

          if ((int) input->index == bad && input->error == NULL)
            input->error = g_strdup (error->message);
        }
      valid = FALSE;
    }

  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      g_autofree char *message = g_strdup (input->error);

      if (message != NULL)
        {
          valid = FALSE;
          if (first == NULL)
            first = g_strdup (message);
        }
      show_message (input, message);
    }

  g_set_object (&self->draft, draft);
  self->valid = valid;
  self->modified = annalist_record_get_id (self->original) <= 0 ||
                   !annalist_record_equal_values (draft, self->original);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid);
  gtk_widget_set_tooltip_text (self->save_button, first);
}

/* Related records ---------------------------------------------------------------- */

static void
add_related (AnnalistEditor *self)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->original);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) kinds = NULL;

  /* An organisation's records are many kinds, some linked through
   * junction tables: its card lists them. */
  if (g_str_equal (kind->name, "organisation"))
    {
      gtk_box_append (self->page,
                      GTK_WIDGET (annalist_org_card_new (self->store,
                                                         annalist_record_get_id (self->original))));
      return;
    }

  kinds = annalist_ui_related_kinds (kind, columns);
  for (guint i = 0; i < kinds->len; i++)
    {
      const AnnalistKind *related = g_ptr_array_index (kinds, i);
      AnnalistListPage *list = annalist_list_page_new (self->store, related);
      GtkWidget *group = adw_preferences_group_new ();

      annalist_list_page_set_owner (list, g_ptr_array_index (columns, i),
                                    annalist_record_get_id (self->original));
      gtk_widget_add_css_class (GTK_WIDGET (list), "annalist-related");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (list));
      gtk_box_append (self->page, group);
    }
}

static void
update_title (AnnalistEditor *self)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->original);

  if (annalist_record_get_id (self->original) <= 0)
    {
      /* Translators: the title of the form of a new record; %s is the kind
       * («Event») */
      g_autofree char *title = g_strdup_printf (_("New: %s"), _(kind->singular));
      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      g_autofree char *title = annalist_ui_record_title (self->store, self->original);
      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, _(kind->singular));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

/* Actions ---------------------------------------------------------------------------- */

static gboolean
save (AnnalistEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) record = NULL;
  gboolean is_new = annalist_record_get_id (self->original) <= 0;
  gboolean ok;

  validate (self);
  if (!self->valid)
    {
      self->show_all_errors = TRUE;
      validate (self);
      return FALSE;
    }

  record = annalist_record_copy (self->draft);
  ok = is_new ? annalist_store_insert (self->store, record, &error)
              : annalist_store_update (self->store, record, &error);
  if (!ok)
    {
      g_message ("%s not saved: %s", annalist_record_get_kind (record)->name, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return FALSE;
    }

  g_set_object (&self->original, record);
  self->modified = FALSE;

  /* A new record that has records of its own stays open, so that they can
   * be added now. */
  if (is_new)
    {
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      g_autoptr(GPtrArray) kinds = annalist_ui_related_kinds (annalist_record_get_kind (record),
                                                              columns);
      gboolean owns = FALSE;

      /* Only records that own others (a competition its entries, a plan
       * its items); an organisation is entered and closed. */
      for (guint i = 0; i < kinds->len; i++)
        owns |= g_strcmp0 (((const AnnalistKind *) g_ptr_array_index (kinds, i))->parent_column,
                           g_ptr_array_index (columns, i)) == 0;
      if (owns)
        {
          add_related (self);
          update_title (self);
          validate (self);
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("Saved. You can now add the records "
                                                        "that belong to it.")));
          return FALSE;
        }
    }
  return TRUE;
}

static void
action_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AnnalistEditor *self = ANNALIST_EDITOR (widget);

  if (save (self))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
discard_response (AdwMessageDialog *dialog,
                  const char       *response,
                  AnnalistEditor   *self)
{
  if (g_str_equal (response, "discard") || (g_str_equal (response, "save") && save (self)))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
annalist_editor_close_request (GtkWindow *window)
{
  AnnalistEditor *self = ANNALIST_EDITOR (window);
  GtkWidget *dialog;

  if (self->close_confirmed || !self->modified)
    return GTK_WINDOW_CLASS (annalist_editor_parent_class)->close_request (window);

  /* A new record nobody has typed into yet is not worth a question. */
  if (annalist_record_get_id (self->original) <= 0)
    {
      gboolean touched = FALSE;

      for (guint i = 0; i < self->inputs->len && !touched; i++)
        touched = ((FieldInput *) g_ptr_array_index (self->inputs, i))->touched;
      if (!touched)
        return GTK_WINDOW_CLASS (annalist_editor_parent_class)->close_request (window);
    }

  dialog = adw_message_dialog_new (window, _("Save the Changes?"),
                                   _("The record was changed. Changes that are not saved "
                                     "are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", self->valid);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
store_changed (AnnalistStore  *store,
               const char     *kind_name,
               AnnalistEditor *self)
{
  /* A dictionary value added here or elsewhere: refill the choices. */
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);

      if (input->field->type == ANNALIST_FIELD_DICTIONARY &&
          g_strcmp0 (input->field->target, kind_name) == 0)
        {
          guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (input->input));
          gint64 id = position < input->ids->len ? g_array_index (input->ids, gint64, position)
                                                 : 0;

          self->loading = TRUE;
          load_choices (input);
          combo_select_id (input, id > 0 ? id : 0);
          self->loading = FALSE;
        }
    }
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_editor_dispose (GObject *object)
{
  AnnalistEditor *self = (AnnalistEditor *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_EDITOR);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_object (&self->draft);
  g_clear_object (&self->original);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_editor_parent_class)->dispose (object);
}

static void
annalist_editor_class_init (AnnalistEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = annalist_editor_dispose;
  window_class->close_request = annalist_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, form);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, action_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annalist_editor_init (AnnalistEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) field_input_free);
}

AnnalistEditor *
annalist_editor_new (AnnalistStore  *store,
                     AnnalistRecord *record,
                     int             default_year,
                     GtkWindow      *parent)
{
  AnnalistEditor *self;
  const AnnalistKind *kind;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (ANNALIST_IS_RECORD (record), NULL);

  self = g_object_new (ANNALIST_TYPE_EDITOR,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  self->original = annalist_record_copy (record);
  self->default_year = default_year;
  kind = annalist_record_get_kind (record);

  /* A new record's academic year is the one being worked on. */
  if (annalist_record_get_id (record) <= 0 && kind->year_column != NULL &&
      annalist_record_get (self->original, kind->year_column) == NULL)
    annalist_record_set_int (self->original, kind->year_column, default_year);
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_YEAR &&
        annalist_record_get_id (record) <= 0 &&
        annalist_record_get_value (self->original, i) == NULL)
      annalist_record_set_value (self->original, i, g_variant_new_int64 (default_year));

  self->draft = annalist_record_copy (self->original);
  self->loading = TRUE;
  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (kind->fields[i].flags & ANNALIST_FIELD_HIDDEN)
        continue;
      add_field (self, i, &kind->fields[i]);
    }
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      input_set_value (input, annalist_record_get_value (self->original, input->index));
    }
  self->loading = FALSE;

  if (annalist_record_get_id (record) > 0)
    add_related (self);
  update_title (self);
  validate (self);

  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);

  if (self->inputs->len > 0)
    gtk_widget_grab_focus (((FieldInput *) g_ptr_array_index (self->inputs, 0))->input);

  return self;
}

AnnalistRecord *
annalist_editor_get_record (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);
  return self->original;
}

gboolean
annalist_editor_is_valid (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), FALSE);
  return self->valid;
}

gboolean
annalist_editor_is_modified (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), FALSE);
  return self->modified;
}

GtkWidget *
annalist_editor_get_save_button (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);
  return self->save_button;
}

GtkWidget *
annalist_editor_get_input (AnnalistEditor *self,
                           const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = find_input (self, column);
  return input ? input->input : NULL;
}

const char *
annalist_editor_get_message (AnnalistEditor *self,
                             const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = find_input (self, column);
  if (input == NULL || !gtk_widget_get_visible (input->message_row))
    return NULL;
  return gtk_label_get_text (input->message);
}

void
annalist_editor_choose (AnnalistEditor *self,
                        const char     *column,
                        gint64          id)
{
  FieldInput *input;

  g_return_if_fail (ANNALIST_IS_EDITOR (self));

  input = find_input (self, column);
  g_return_if_fail (input != NULL && input->chosen != NULL);
  picker_choose (input, id);
}
