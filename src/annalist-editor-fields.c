/* annalist-editor-fields.c — the form's rows, one per field type, and the
 * values they show and hold
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-editor.c, which had grown to the size limit.
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-editor-private.h"
#include "annalist-ui.h"

void
annalist_editor_field_input_free (FieldInput *input)
{
  g_clear_object (&input->strings);
  g_clear_pointer (&input->ids, g_array_unref);
  g_clear_pointer (&input->chosen, g_array_unref);
  g_clear_pointer (&input->error, g_free);
  g_clear_pointer (&input->title, g_free);
  g_free (input);
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
      (year = annalist_editor_find_input (self, kind->year_column)) != NULL)
    {
      int academic = annalist_date_academic_year (&date);

      if (annalist_editor_position_of (year, academic) != GTK_INVALID_LIST_POSITION)
        adw_combo_row_set_selected (ADW_COMBO_ROW (year->input),
                                    annalist_editor_position_of (year, academic));
    }
  annalist_editor_input_changed (input);
}

static void
entry_activated (FieldInput *input)
{
  gtk_widget_activate_action (GTK_WIDGET (input->self), "editor.save", NULL);
}

static GtkWidget *
make_entry_row (FieldInput *input)
{
  const AnnalistField *field = input->field;
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  /* Enter in a field saves. Not through the window's default widget:
   * Save is never greyed out, and a default that can be pressed would
   * take Enter from the combo rows too, which open with it. */
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated), input);
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
      annalist_ui_flat_icon_button (button, choose);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (date_changed), input);
    }
  else
    g_signal_connect_swapped (row, "changed", G_CALLBACK (annalist_editor_input_changed), input);

  return row;
}

static GtkWidget *
make_text_row (FieldInput *input)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (input->title);
  GtkWidget *view = gtk_text_view_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Tab goes straight to the text: the row around it is no stop of its
   * own, which a screen reader read as an unnamed «list item». */
  gtk_widget_set_focusable (row, FALSE);
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
                            G_CALLBACK (annalist_editor_input_changed), input);
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
  g_signal_connect_swapped (toggle, "notify::active",
                            G_CALLBACK (annalist_editor_input_changed), input);
  input->input = toggle;
  return row;
}

/* A required field's label carries the mark (the text row's has it
 * already), and a screen reader says it in words. */
static void
mark_required (FieldInput *input)
{
  if (!(input->field->flags & ANNALIST_FIELD_REQUIRED))
    return;
  if (ADW_IS_PREFERENCES_ROW (input->row) && input->field->type != ANNALIST_FIELD_LONG_TEXT)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (input->row), input->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (input->input),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("required field"),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                  -1);
  /* libadwaita 1.7's entry row gives the text its own accessible (1.2's
   * is the row): what a screen reader reads there must say it too. */
  if (GTK_IS_EDITABLE (input->input))
    {
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (input->input));

      if (text != NULL && GTK_WIDGET (text) != input->input)
        gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("required field"),
                                        GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                        -1);
    }
}

void
annalist_editor_add_field (AnnalistEditor      *self,
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
  if (field->flags & ANNALIST_FIELD_REQUIRED)
    /* Translators: the label of a field that must be filled in; the
     * form's top explains the mark */
    input->title = g_strdup_printf (_("%s *"), _(field->label));
  else
    input->title = g_strdup (_(field->label));
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
      input->row = annalist_editor_make_combo_row (input);
      break;
    case ANNALIST_FIELD_REFERENCE:
      input->row = annalist_editor_make_reference_row (input);
      break;
    case ANNALIST_FIELD_REFERENCES:
      input->row = annalist_editor_make_references_row (input);
      break;
    default:
      g_assert_not_reached ();
    }
  mark_required (input);

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

void
annalist_editor_input_set_value (FieldInput *input,
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

        if (field->type == ANNALIST_FIELD_YEAR && annalist_editor_position_of (input, id) ==
            GTK_INVALID_LIST_POSITION && id != 0)
          {
            g_autofree char *label = annalist_academic_year_label ((int) id);
            gtk_string_list_append (input->strings, label);
            g_array_append_val (input->ids, id);
          }
        annalist_editor_combo_select_id (input, id);
      }
      break;
    case ANNALIST_FIELD_REFERENCE:
      g_array_set_size (input->chosen, 0);
      if (value != NULL)
        {
          gint64 id = g_variant_get_int64 (value);
          g_array_append_val (input->chosen, id);
        }
      annalist_editor_update_reference_rows (input);
      break;
    case ANNALIST_FIELD_REFERENCES:
      {
        gsize n = 0;
        const gint64 *ids = value ? g_variant_get_fixed_array (value, &n, sizeof (gint64))
                                  : NULL;

        g_array_set_size (input->chosen, 0);
        if (n > 0)
          g_array_append_vals (input->chosen, ids, (guint) n);
        annalist_editor_update_reference_rows (input);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The chosen record fills the fields still empty (AnnalistField.fills),
 * and their inputs show what it gave. A new record's academic year is
 * only the default until the user picks one, so the chosen record's wins. */
void
annalist_editor_fill_from_chosen (FieldInput *input,
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
      annalist_editor_input_set_value (other, after);
      other->touched = TRUE;
    }
  self->loading = FALSE;
  annalist_editor_validate (self);
}

/* The value the input holds, or NULL with @error set when the text cannot
 * be read (a date that is not a date). */
GVariant *
annalist_editor_input_get_value (FieldInput *input,
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

/* View-only --------------------------------------------------------------------------- */

void
annalist_editor_input_set_view_only (FieldInput *input)
{
  switch (input->field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
    case ANNALIST_FIELD_DATE:
      /* The text can still be selected and copied. */
      gtk_editable_set_editable (GTK_EDITABLE (input->input), FALSE);
      if (input->popover != NULL)   /* the calendar's button */
        gtk_widget_set_visible (gtk_widget_get_parent (input->popover), FALSE);
      break;
    case ANNALIST_FIELD_LONG_TEXT:
      gtk_text_view_set_editable (GTK_TEXT_VIEW (input->input), FALSE);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (input->input), FALSE);
      break;
    case ANNALIST_FIELD_BOOLEAN:
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (input->row), NULL);
      gtk_widget_set_sensitive (input->input, FALSE);
      break;
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
      gtk_widget_set_sensitive (input->row, FALSE);
      break;
    case ANNALIST_FIELD_REFERENCE:
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (input->row), NULL);
      gtk_widget_set_visible (input->input, FALSE);
      break;
    case ANNALIST_FIELD_REFERENCES:
      gtk_widget_set_visible (input->input, FALSE);
      annalist_editor_update_reference_rows (input);   /* without their Remove buttons */
      break;
    default:
      g_assert_not_reached ();
    }
}
