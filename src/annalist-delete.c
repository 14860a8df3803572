/* annalist-delete.c — deleting a record from a list, with Undo rather
 * than a question, and the refusal of a record others need
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for the list page's Delete and a form's related list: the
 * store counts the records that name the one deleted
 * (annalist_store_dependents ()), and whether they keep it (a reference
 * with no ON DELETE action). Those that go with it (a competition's
 * entries) or no longer name it are said in the toast; those that keep
 * it refuse the deletion before anything is done, in a dialog with their
 * counts, and an organisation (any kind with an «active» flag) may be
 * marked inactive there instead.
 */

#define G_LOG_DOMAIN "annalist-delete"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-delete.h"
#include "annalist-history.h"
#include "annalist-ui.h"

/* The flag that says a record is still in use, or -1. */
static int
active_field (const AnnalistKind *kind)
{
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_BOOLEAN &&
        g_str_equal (kind->fields[i].column, "active"))
      return (int) i;
  return -1;
}

/* «Не действует»: the flag's label, its first letter made small, after
 * «Not». */
static char *
not_label (const AnnalistKind *kind,
           int                 field)
{
  const char *label = _(kind->fields[field].label);
  gunichar first = g_utf8_get_char (label);
  char small[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_tolower (first), small);
  /* Translators: «Не действует»: %s%s is the flag's label («действует»),
   * its first letter made small */
  return g_strdup_printf (_("Not %s%s"), small, g_utf8_next_char (label));
}

/* The toast's Undo takes back exactly this change, through the history
 * (Ctrl+Z does the same later). */
static void
undo_clicked (AdwToast *toast,
              gpointer  user_data)
{
  AnnalistStore *store = g_object_get_data (G_OBJECT (toast), "store");
  GtkWidget *widget = g_object_get_data (G_OBJECT (toast), "widget");
  g_autoptr(GError) error = NULL;

  if (!annalist_store_undo (store, GPOINTER_TO_SIZE (user_data), NULL, &error))
    annalist_ui_show_error (widget, _("The Change Cannot Be Undone"), error->message);
}

static void
add_undo_toast (GtkWidget     *widget,
                AnnalistStore *store,
                const char    *said)
{
  AdwToast *toast = adw_toast_new (said);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "widget", g_object_ref (widget), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked),
                    GSIZE_TO_POINTER ((gsize) annalist_store_last_change (store)));
  annalist_ui_add_toast (widget, toast);
}

/* Of @dependents, those counted: those that keep it (@blocks), or the
 * others: those owned (going with it, @owned) or only naming it. */
static gboolean
counted (AnnalistDependents *d,
         gboolean            blocks,
         gboolean            owned)
{
  if (d->blocks != blocks)
    return FALSE;
  return blocks || (g_strcmp0 (d->kind->parent_column, d->column) == 0) == owned;
}

/* Counted by kind («Проекты: 3»), @separator between them; a kind that
 * names it in two fields (an event's organisers and presenters) says
 * which: «Мероприятия (Организации-организаторы): 2». */
static char *
count_dependents (GArray     *dependents,
                  gboolean    blocks,
                  gboolean    owned,
                  const char *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      gboolean twice = FALSE;

      if (!counted (d, blocks, owned))
        continue;
      for (guint j = 0; j < dependents->len; j++)
        {
          AnnalistDependents *other = &g_array_index (dependents, AnnalistDependents, j);

          twice |= j != i && other->kind == d->kind && counted (other, blocks, owned);
        }
      if (text->len > 0)
        g_string_append (text, separator);
      g_string_append (text, _(d->kind->label));
      if (twice)
        {
          /* As the form heads it («ОУ, представившие результаты»: not
           * made small, it may begin with an abbreviation). */
          g_string_append_printf (text, " (%s)",
                                  _(annalist_kind_field (d->kind, d->column)->label));
        }
      g_string_append_printf (text, ": %" G_GINT64_FORMAT, d->count);
    }
  return g_string_free (text, FALSE);
}

char *
annalist_delete_needed_by (AnnalistStore      *store,
                           const AnnalistKind *kind,
                           gint64              id)
{
  g_autoptr(GArray) dependents = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  dependents = annalist_store_dependents (store, kind, id, NULL);
  return count_dependents (dependents, TRUE, FALSE, "\n");
}

gboolean
annalist_delete_mark_inactive (GtkWidget       *widget,
                               AnnalistStore   *store,
                               AnnalistRecord  *record,
                               GError         **error)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  int field = active_field (kind);
  g_autoptr(AnnalistRecord) fresh = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autofree char *said = NULL;
  g_autofree char *not_active = NULL;

  g_return_val_if_fail (field >= 0, FALSE);

  fresh = annalist_store_load (store, kind, annalist_record_get_id (record), error);
  if (fresh == NULL)
    return FALSE;
  title = annalist_ui_record_title (store, fresh);
  not_active = not_label (kind, field);
  label = g_strdup_printf (_("Marked “%s”: %s “%s”"), not_active, _(kind->singular), title);
  annalist_record_set_value (fresh, (guint) field, g_variant_new_boolean (FALSE));
  annalist_store_set_next_label (store, label);
  if (!annalist_store_update (store, fresh, error))
    return FALSE;

  if (widget != NULL)
    {
      /* Translators: «Школа № 7»: отмечено «Не действует» */
      said = g_strdup_printf (_("“%s”: marked “%s”"), title, not_active);
      add_undo_toast (widget, store, said);
    }
  return TRUE;
}

/* The refusal ------------------------------------------------------------------------ */

static void
refusal_response (AdwMessageDialog *dialog,
                  const char       *response,
                  AnnalistRecord   *record)
{
  GtkWidget *widget = g_object_get_data (G_OBJECT (dialog), "widget");
  AnnalistStore *store = g_object_get_data (G_OBJECT (dialog), "store");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "inactive") != 0)
    return;
  if (!annalist_delete_mark_inactive (widget, store, record, &error))
    annalist_ui_show_error (widget, _("The Record Cannot Be Changed"), error->message);
}

static void
refuse (GtkWidget      *widget,
        AnnalistStore  *store,
        AnnalistRecord *record,
        const char     *title,
        const char     *needed_by)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  GtkRoot *root = gtk_widget_get_root (widget);
  int field = active_field (kind);
  gboolean offer = FALSE;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  /* Translators: the heading of the dialog that refuses a deletion */
  heading = g_strdup_printf (_("“%s” Cannot Be Deleted"), title);
  /* Translators: followed by the records that need it, a line a kind
   * («Мероприятия: 12») */
  g_string_printf (body, "%s\n%s", _("Other records need it:"), needed_by);
  if (field >= 0)
    {
      GVariant *value = annalist_record_get_value (record, (guint) field);
      g_autofree char *not_active = not_label (kind, field);

      offer = value == NULL || g_variant_get_boolean (value);
      g_string_append (body, "\n\n");
      if (offer)
        g_string_append_printf (body, _("It can be marked “%s” instead: it stays in the records "
                                        "that name it."), not_active);
      else
        g_string_append_printf (body, _("It is already marked “%s”."), not_active);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  if (offer)
    {
      g_autofree char *not_active = not_label (kind, field);
      /* Translators: the button «Отметить «Не действует»» */
      g_autofree char *mark = g_strdup_printf (_("_Mark “%s”"), not_active);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "inactive", mark);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "inactive",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "inactive");
    }
  else
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "widget", g_object_ref (widget), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "store", g_object_ref (store), g_object_unref);
  g_signal_connect_data (dialog, "response", G_CALLBACK (refusal_response),
                         g_object_ref (record), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}

/* Deleting --------------------------------------------------------------------------- */

void
annalist_delete_record (GtkWidget      *widget,
                        AnnalistStore  *store,
                        AnnalistRecord *record)
{
  const AnnalistKind *kind;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *needed_by = NULL;
  g_autofree char *owned = NULL;
  g_autofree char *naming = NULL;
  g_autoptr(GString) said = g_string_new (NULL);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (ANNALIST_IS_RECORD (record));

  kind = annalist_record_get_kind (record);
  title = annalist_ui_record_title (store, record);

  /* The records it owns go with it (a competition's entries, a plan's
   * items); the others that name it either keep it or, where the field
   * may be empty, no longer name it. */
  dependents = annalist_store_dependents (store, kind, annalist_record_get_id (record), NULL);
  needed_by = count_dependents (dependents, TRUE, FALSE, "\n");
  if (*needed_by != '\0')
    {
      refuse (widget, store, record, title, needed_by);
      return;
    }
  owned = count_dependents (dependents, FALSE, TRUE, ", ");
  naming = count_dependents (dependents, FALSE, FALSE, ", ");

  if (!annalist_store_delete (store, kind, annalist_record_get_id (record), &error))
    {
      annalist_ui_show_error (widget, _("The Record Cannot Be Deleted"), error->message);
      return;
    }

  /* Translators: %s is the title of the record that was deleted */
  g_string_printf (said, _("“%s” deleted"), title);
  if (*owned != '\0')
    /* Translators: after «“…” deleted»: its records that went with it
     * («Участники конкурса: 5») */
    g_string_append_printf (said, _("; with it: %s"), owned);
  if (*naming != '\0')
    /* Translators: after «“…” deleted»: records whose field named it and
     * is now empty («Проекты: 1») */
    g_string_append_printf (said, _("; no longer named in: %s"), naming);
  add_undo_toast (widget, store, said->str);
}
