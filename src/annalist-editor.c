/* annalist-editor.c — the one form that edits a record of any kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are made from the kind's field descriptors, one row type per
 * field type. Every change rebuilds a draft record and checks it with the
 * store's own validation, so the sentence under a field is exactly the one
 * the store would refuse the record with. A required field's label is
 * marked « *»; Save is never greyed out: a Save the store would refuse
 * shows every sentence and takes the focus to the first field refused.
 * Records that belong to this one (a project's stages) are listed under
 * the form, each list as long as its records (annalist-related-list.c);
 * an organisation's, under its card (annalist-org-card.c).
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-editor-private.h"
#include "annalist-error.h"
#include "annalist-list-page.h"
#include "annalist-org-card.h"
#include "annalist-plan-items-page.h"
#include "annalist-record-list.h"
#include "annalist-related-list.h"
#include "annalist-ui.h"

G_DEFINE_FINAL_TYPE (AnnalistEditor, annalist_editor, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };

static guint signals[N_SIGNALS];

FieldInput *
annalist_editor_find_input (AnnalistEditor *self,
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

void
annalist_editor_input_changed (FieldInput *input)
{
  if (input->self->loading)
    return;
  input->touched = TRUE;
  annalist_editor_validate (input->self);
}

/* Validation ------------------------------------------------------------------------- */

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

void
annalist_editor_validate (AnnalistEditor *self)
{
  g_autoptr(AnnalistRecord) draft = annalist_record_copy (self->original);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;   /* the table's first sentence: shown under it */
  gboolean valid = TRUE;
  int bad = -1;

  /* Read every input; one that cannot be read keeps its sentence. */
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(GVariant) value = annalist_editor_input_get_value (input, &parse_error);

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
  if ((!annalist_record_validate (draft, &bad, &error) ||
       !annalist_store_check_refused (self->store, draft, &bad, &error)) && bad >= 0)
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
        valid = FALSE;
      show_message (input, message);
    }

  g_set_object (&self->draft, draft);
  self->modified = annalist_record_get_id (self->original) <= 0 ||
                   !annalist_record_equal_values (draft, self->original);
  if (self->entries != NULL)   /* the owned records' table (annalist-editor-entries.c) */
    valid &= annalist_editor_entries_check (self->entries, self->show_all_errors, &first,
                                            &self->modified);
  self->valid = valid;
  /* Save stays pressable: pressed, it says what is missing (save ()). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->view_only == NULL);
  /* The table's sentence is also under it; on Save it says why a click
   * would be refused. */
  gtk_widget_set_tooltip_text (self->save_button, first);
}

/* After a Save that was refused: every sentence shown, and the first field
 * refused, in the form's order, has the focus (the form scrolls to it). */
static void
focus_first_refused (AnnalistEditor *self)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);

      if (input->error == NULL)
        continue;
      if (!gtk_widget_grab_focus (input->input))
        gtk_widget_grab_focus (input->row);
      /* A screen reader hears the sentence, not only the field's name. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (input->input),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      input->message, NULL, -1);
      return;
    }
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

  /* Each list grows with its records in the form's one scroll. */
  kinds = annalist_ui_related_kinds (kind, columns);
  for (guint i = 0; i < kinds->len; i++)
    {
      const AnnalistKind *related = g_ptr_array_index (kinds, i);
      /* A plan's items have a page of their own: here, a line to it. */
      GtkWidget *line = annalist_plan_items_line_new (self->store, related,
                                                      annalist_record_get_id (self->original));
      AnnalistRelatedList *list;

      if (line != NULL)
        {
          gtk_box_append (self->page, line);
          continue;
        }

      if (self->entries != NULL && annalist_editor_entries_handles (kind, related))
        continue;   /* typed in the form's own table */
      list = annalist_related_list_new (self->store, related,
                                        g_ptr_array_index (columns, i),
                                        annalist_record_get_id (self->original));

      gtk_box_append (self->page, GTK_WIDGET (list));
    }
}

/* Cancel while the record is new, Close once it is stored: nothing is
 * cancelled then (changes not saved are asked about). */
static void
update_cancel_label (AnnalistEditor *self)
{
  gboolean stored = annalist_record_get_id (self->original) > 0 || self->view_only != NULL;

  gtk_button_set_label (GTK_BUTTON (self->cancel_button), stored ? _("_Close") : _("_Cancel"));
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

typedef struct
{
  AnnalistEditor *self;
  AnnalistRecord *record;
  gboolean        is_new;
} Write;

/* The record and, with it, the rows of its table: one transaction. */
static gboolean
write_record (AnnalistStore *store,
              gpointer       user_data,
              GError       **error)
{
  Write *write = user_data;

  if (!(write->is_new ? annalist_store_insert (store, write->record, error)
                      : annalist_store_update (store, write->record, error)))
    return FALSE;
  if (write->self->entries != NULL &&
      !annalist_editor_entries_write (write->self->entries,
                                      annalist_record_get_id (write->record), error))
    return FALSE;
  return write->self->also_write == NULL ||
         write->self->also_write (store, write->record, write->self->also_data, error);
}

void
annalist_editor_set_also_write (AnnalistEditor         *self,
                                AnnalistEditorAlsoFunc  func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (ANNALIST_IS_EDITOR (self));

  if (self->also_destroy != NULL)
    self->also_destroy (self->also_data);
  self->also_write = func;
  self->also_data = user_data;
  self->also_destroy = destroy;
}

static gboolean
save (AnnalistEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) record = NULL;
  gboolean is_new = annalist_record_get_id (self->original) <= 0;
  gboolean ok;

  annalist_editor_validate (self);
  if (!self->valid)
    {
      self->show_all_errors = TRUE;
      annalist_editor_validate (self);
      focus_first_refused (self);
      return FALSE;
    }

  record = annalist_record_copy (self->draft);
  if (self->entries != NULL || self->also_write != NULL)
    {
      ok = annalist_store_transaction (self->store, write_record,
                                       &(Write) { self, record, is_new }, &error);
      if (self->entries != NULL)
        annalist_editor_entries_written (self->entries, ok);
      if (!ok && is_new)
        annalist_record_set_id (record, 0);   /* the insert was rolled back */
    }
  else
    ok = is_new ? annalist_store_insert (self->store, record, &error)
                : annalist_store_update (self->store, record, &error);
  if (!ok)
    {
      g_message ("%s not saved: %s", annalist_record_get_kind (record)->name, error->message);
      if (g_error_matches (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT))
        annalist_editor_resolve_conflict (self, error);
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return FALSE;
    }

  g_set_object (&self->original, record);
  /* The next save compares with what this one stored. */
  annalist_record_set_version (self->draft, annalist_record_get_version (record));
  self->modified = FALSE;
  annalist_editor_show_history (self);
  /* Whoever opened the form may say where the record went. */
  g_signal_emit (self, signals[SAVED], 0, record);

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
          annalist_editor_show_history (self);   /* after the lists, as when opened */
          update_title (self);
          update_cancel_label (self);
          annalist_editor_validate (self);
          /* What happened, no more: the lists below say the rest. */
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("The record is saved")));
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

  if (self->view_only != NULL)
    return;
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

  if (self->close_confirmed || !self->modified || self->view_only != NULL)
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
          annalist_editor_load_choices (input);
          annalist_editor_combo_select_id (input, id > 0 ? id : 0);
          self->loading = FALSE;
        }
    }
}

/* View-only -------------------------------------------------------------------------- */

/* The lists of the record's own records, in the form or in an
 * organisation's card. */
static void
lists_set_view_only (GtkWidget  *widget,
                     const char *reason)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ANNALIST_IS_LIST_PAGE (child))
        annalist_list_page_set_view_only (ANNALIST_LIST_PAGE (child), reason);
      else if (ANNALIST_IS_RELATED_LIST (child))
        annalist_related_list_set_view_only (ANNALIST_RELATED_LIST (child), reason);
      else
        lists_set_view_only (child, reason);
    }
}

void
annalist_editor_set_view_only (AnnalistEditor *self,
                               const char     *reason)
{
  GtkWidget *label;

  g_return_if_fail (ANNALIST_IS_EDITOR (self));
  g_return_if_fail (reason != NULL);

  if (self->view_only != NULL)
    return;
  self->view_only = g_strdup (reason);

  /* Why, above the fields; it can be selected and copied. */
  label = gtk_label_new (reason);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "annalist-view-only");
  gtk_box_prepend (self->page, label);

  /* Nothing hints at editing (style.css): no pencils, no arrows. */
  gtk_widget_add_css_class (GTK_WIDGET (self->form), "annalist-view-only-form");
  for (guint i = 0; i < self->inputs->len; i++)
    annalist_editor_input_set_view_only (g_ptr_array_index (self->inputs, i));
  lists_set_view_only (GTK_WIDGET (self->page), reason);
  if (self->entries != NULL)
    annalist_editor_entries_set_view_only (self->entries);

  gtk_widget_set_visible (self->save_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
  self->modified = FALSE;
}

const char *
annalist_editor_get_view_only (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);
  return self->view_only;
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_editor_dispose (GObject *object)
{
  AnnalistEditor *self = (AnnalistEditor *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_pointer (&self->entries, annalist_editor_entries_free);
  annalist_editor_set_also_write (self, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_EDITOR);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_object (&self->draft);
  g_clear_object (&self->original);
  g_clear_object (&self->store);
  g_clear_pointer (&self->view_only, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistEditor, form);

  /* ::saved (record): the record as the store now has it, after each save. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, ANNALIST_TYPE_RECORD);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, action_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annalist_editor_init (AnnalistEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_editor_field_input_free);
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
      annalist_editor_add_field (self, i, &kind->fields[i]);
      if (kind->fields[i].flags & ANNALIST_FIELD_REQUIRED)
        /* The mark the required fields' labels carry, explained once. */
        adw_preferences_group_set_description (self->form,
                                               _("Fields marked * must be filled in."));
    }
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      annalist_editor_input_set_value (input,
                                       annalist_record_get_value (self->original, input->index));
    }
  self->loading = FALSE;

  self->entries = annalist_editor_entries_new (self);
  if (annalist_record_get_id (record) > 0)
    add_related (self);
  annalist_editor_show_history (self);
  update_title (self);
  update_cancel_label (self);
  annalist_editor_validate (self);

  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);

  if (self->inputs->len > 0)
    gtk_widget_grab_focus (((FieldInput *) g_ptr_array_index (self->inputs, 0))->input);

  /* A record the store will not change (a read-only database) is shown,
   * not edited. */
  {
    g_autofree char *locked = annalist_store_record_lock_reason (store, kind, self->original);

    if (locked != NULL)
      annalist_editor_set_view_only (self, locked);
  }
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

int
annalist_editor_get_default_year (AnnalistEditor *self)
{
  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), 0);
  return self->default_year;
}

GtkWidget *
annalist_editor_get_row (AnnalistEditor *self,
                         const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = annalist_editor_find_input (self, column);
  return input ? input->row : NULL;
}

const char *
annalist_editor_get_label (AnnalistEditor *self,
                           const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = annalist_editor_find_input (self, column);
  if (input == NULL)
    return NULL;
  if (ADW_IS_PREFERENCES_ROW (input->row) && input->field->type != ANNALIST_FIELD_LONG_TEXT)
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (input->row));
  return input->title;
}

GtkWidget *
annalist_editor_get_input (AnnalistEditor *self,
                           const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = annalist_editor_find_input (self, column);
  return input ? input->input : NULL;
}

const char *
annalist_editor_get_message (AnnalistEditor *self,
                             const char     *column)
{
  FieldInput *input;

  g_return_val_if_fail (ANNALIST_IS_EDITOR (self), NULL);

  input = annalist_editor_find_input (self, column);
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

  input = annalist_editor_find_input (self, column);
  g_return_if_fail (input != NULL && input->chosen != NULL);
  annalist_editor_picker_choose (input, id);
}
