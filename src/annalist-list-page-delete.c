/* annalist-list-page-delete.c — deleting the selected record at once,
 * with Undo rather than a question
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-list-page.c, which had grown to the size limit.
 * The deletion itself, and the refusal of a record others need, is
 * annalist-delete.c's, shared with a form's related lists.
 */

#define G_LOG_DOMAIN "annalist-list-page"

#include "config.h"

#include "annalist-delete.h"
#include "annalist-list-page-private.h"

void
annalist_list_page_delete_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL || annalist_list_page_refuse_locked (self, record))
    return;
  annalist_delete_record (GTK_WIDGET (self), self->store, record);
}
