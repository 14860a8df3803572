/* annalist-editor-history.c — a form's history, and a save that came
 * after someone else's
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-editor-private.h"
#include "annalist-history.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

/* How many of the record's changes the form lists. */
#define HISTORY_LIMIT 30

void
annalist_editor_show_history (AnnalistEditor *self)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->original);
  gint64 id = annalist_record_get_id (self->original);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *group;

  if (self->history_group != NULL)
    {
      gtk_box_remove (self->page, self->history_group);
      self->history_group = NULL;
    }
  if (id <= 0)
    return;

  entries = annalist_store_record_history (self->store, kind, id, HISTORY_LIMIT, &error);
  if (entries == NULL)
    {
      g_message ("No history for %s %" G_GINT64_FORMAT ": %s", kind->name, id, error->message);
      return;
    }
  if (entries->len == 0)
    return;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("History of Changes"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Ctrl+Z in the main window undoes your last change."));
  for (guint i = 0; i < entries->len; i++)
    {
      AnnalistHistoryEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *what = entry->what != NULL && *entry->what != '\0' ? entry->what : entry->label;

      g_string_append_printf (subtitle, "%s — %s", entry->when, entry->who);
      if (g_strcmp0 (entry->action, "undo") == 0)
        g_string_append_printf (subtitle, " · %s", _("undo"));
      else if (g_strcmp0 (entry->action, "redo") == 0)
        g_string_append_printf (subtitle, " · %s", _("redo"));
      if (entry->undone)
        g_string_append_printf (subtitle, " · %s", _("undone later"));

      /* Values are the user's text: shown as typed, never as markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (self->page, group);
  self->history_group = group;
}

/* Replaces the form's values with the stored record's. */
static void
reload (AnnalistEditor *self)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->original);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) now = annalist_store_load (self->store, kind,
                                                       annalist_record_get_id (self->original),
                                                       &error);

  if (now == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_set_object (&self->original, now);
  g_clear_object (&self->draft);
  self->draft = annalist_record_copy (now);

  self->loading = TRUE;
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      annalist_editor_input_set_value (input, annalist_record_get_value (now, input->index));
    }
  self->loading = FALSE;
  self->modified = FALSE;
  annalist_editor_validate (self);
  annalist_editor_show_history (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The form shows the saved values now.")));
}

static void
conflict_response (AdwMessageDialog *dialog,
                   const char       *response,
                   AnnalistEditor   *self)
{
  if (g_str_equal (response, "reload"))
    reload (self);
  else if (g_str_equal (response, "overwrite"))
    {
      const AnnalistKind *kind = annalist_record_get_kind (self->draft);
      gint64 version = annalist_history_version (self->store, kind,
                                                 annalist_record_get_id (self->draft), NULL);

      /* The person saw both and chose theirs: save over the new version. */
      annalist_record_set_version (self->original, version);
      annalist_record_set_version (self->draft, version);
      gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
    }
}

/* «Поле: ваше — …, сохранено — …» for each field where the form and the
 * stored record differ. */
static char *
differences (AnnalistEditor *self,
             AnnalistRecord *now)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->draft);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      GVariant *mine = annalist_record_get_value (self->draft, i);
      GVariant *theirs = annalist_record_get_value (now, i);
      g_autofree char *mine_text = NULL;
      g_autofree char *theirs_text = NULL;

      if ((field->flags & ANNALIST_FIELD_HIDDEN) || field->label == NULL)
        continue;
      if (mine == theirs || (mine != NULL && theirs != NULL && g_variant_equal (mine, theirs)))
        continue;
      mine_text = mine ? annalist_store_format_value (self->store, field, mine) : g_strdup ("—");
      theirs_text = theirs ? annalist_store_format_value (self->store, field, theirs) : g_strdup ("—");
      /* Translators: a field whose value differs: the form's, then the saved one */
      g_string_append_printf (text, _("\n• %s: yours “%s”, saved “%s”"),
                              _(field->label), mine_text, theirs_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
annalist_editor_resolve_conflict (AnnalistEditor *self,
                                  const GError   *error)
{
  const AnnalistKind *kind = annalist_record_get_kind (self->draft);
  g_autoptr(AnnalistRecord) now = annalist_store_load (self->store, kind,
                                                       annalist_record_get_id (self->draft), NULL);
  g_autofree char *diff = now != NULL ? differences (self, now) : g_strdup ("");
  g_autofree char *body = g_strconcat (error->message, *diff != '\0' ? "\n" : "", diff, NULL);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Record Was Changed Meanwhile"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "reload", _("_Load Saved Values"),
                                    "overwrite", _("Save _Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}
