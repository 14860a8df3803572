/* annalist-list-page-delete.c — deleting the selected record at once,
 * with Undo rather than a question
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

/* Deletes @record: the toast says what went with it and offers Undo (a
 * question before would only be clicked through; GNOME's way is to
 * undo). A record that other records need is refused at once, with the
 * sentence that names them. */
static void
delete_now (AnnalistListPage *self,
            AnnalistRecord   *record,
            const char       *owned,
            const char       *naming)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = annalist_ui_record_title (self->store, record);
  g_autoptr(GString) said = g_string_new (NULL);
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
  g_string_printf (said, _("“%s” deleted"), title);
  if (*owned != '\0')
    /* Translators: after «“…” deleted»: its records that went with it
     * («Участники конкурса: 5») */
    g_string_append_printf (said, _("; with it: %s"), owned);
  if (*naming != '\0')
    /* Translators: after «“…” deleted»: records whose field named it and
     * is now empty («Проекты: 1») */
    g_string_append_printf (said, _("; no longer named in: %s"), naming);
  toast = adw_toast_new (said->str);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked), GSIZE_TO_POINTER (set_id));
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

void
annalist_list_page_delete_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GString) owned = g_string_new (NULL);
  g_autoptr(GString) naming = g_string_new (NULL);

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL || annalist_list_page_refuse_locked (self, record))
    return;

  /* The records it owns go with it (a competition's entries, a plan's
   * items); the others that name it either keep it from being deleted
   * or, where the field may be empty, no longer name it. */
  dependents = annalist_store_dependents (self->store, self->kind,
                                          annalist_record_get_id (record), NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      GString *list = g_strcmp0 (d->kind->parent_column, d->column) == 0 ? owned : naming;

      g_string_append_printf (list, "%s%s: %" G_GINT64_FORMAT,
                              list->len ? ", " : "", _(d->kind->label), d->count);
    }
  delete_now (self, record, owned->str, naming->str);
}
