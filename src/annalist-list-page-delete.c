/* annalist-list-page-delete.c — deleting the selected record, after a
 * question that says what goes with it, and undoing it for a while
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-list-page.c, which had grown to the size limit.
 */

#define G_LOG_DOMAIN "annalist-list-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-history.h"
#include "annalist-list-page-private.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

/* The toast's Undo takes back exactly this deletion, with what went or
 * was unlinked with it, through the history (Ctrl+Z does the same later). */
static void
undo_clicked (AdwToast *toast,
              gpointer  user_data)
{
  AnnalistListPage *self = g_object_get_data (G_OBJECT (toast), "page");
  gint64 set_id = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;

  if (self != NULL && !annalist_store_undo (self->store, set_id, NULL, &error))
    annalist_ui_show_error (GTK_WIDGET (self), _("The Deletion Cannot Be Undone"), error->message);
}

static void
delete_confirmed (AnnalistListPage *self,
                  AnnalistRecord   *record)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = annalist_ui_record_title (self->store, record);
  AdwToast *toast;
  gint64 set_id;

  if (!annalist_store_delete (self->store, self->kind, annalist_record_get_id (record), &error))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Deleted"),
                              error->message);
      return;
    }
  set_id = annalist_store_last_change (self->store);

  /* Translators: %s is the title of the record that was deleted */
  toast = adw_toast_new_format (_("“%s” deleted"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked), GSIZE_TO_POINTER (set_id));
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AnnalistListPage *self)
{
  AnnalistRecord *record = g_object_get_data (G_OBJECT (dialog), "record");

  if (g_str_equal (response, "delete"))
    delete_confirmed (self, record);
}

void
annalist_list_page_delete_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) owned = g_string_new (NULL);
  g_autoptr(GString) referring = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL || annalist_list_page_refuse_locked (self, record))
    return;

  title = annalist_ui_record_title (self->store, record);
  dependents = annalist_store_dependents (self->store, self->kind,
                                          annalist_record_get_id (record), NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      GString *list = g_strcmp0 (d->kind->parent_column, d->column) == 0 ? owned : referring;

      g_string_append_printf (list, "%s%s: %" G_GINT64_FORMAT,
                              list->len ? ", " : "", _(d->kind->label), d->count);
    }

  if (owned->len > 0)
    g_string_append_printf (body, _("Its records are deleted with it: %s."), owned->str);
  if (referring->len > 0)
    {
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Other records refer to it: %s. If they need it, "
                                      "it will not be deleted."), referring->str);
    }
  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append (body, _("You can undo the deletion afterwards with Ctrl+Z."));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                   body->str);
  /* Translators: %s is the title of a record */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), title);
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"),
                                 ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}
