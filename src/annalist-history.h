/* annalist-history.h — what every change was, and taking it back
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-store.h"

G_BEGIN_DECLS

/* One action of a person as a record's form shows it. */
typedef struct
{
  gint64  set_id;
  char   *when;       /* local time, 30.11.2026 14:05 */
  char   *who;        /* the person, and the computer when not this one */
  char   *label;      /* what the window called the action, or "" */
  char   *action;     /* "edit", "undo", "redo" */
  gboolean undone;    /* taken back later */
  char   *what;       /* «Создана», «Удалена», «Дата: 05.06.2023 → 06.06.2023; …» */
} AnnalistHistoryEntry;

void       annalist_history_entry_free      (AnnalistHistoryEntry *entry);

/* The changes of one record (its own row and its links to organisations),
 * newest first, at most @limit. */
GPtrArray *annalist_store_record_history    (AnnalistStore       *store,
                                             const AnnalistKind  *kind,
                                             gint64               id,
                                             guint                limit,
                                             GError             **error);

/* The label the next change set gets (one saved form, an import …); it
 * applies to the changes made until the transaction they are in ends. */
void       annalist_store_set_next_label    (AnnalistStore       *store,
                                             const char          *label);

/* The change set the last committed action wrote, or 0. */
gint64     annalist_store_last_change       (AnnalistStore       *store);

/* What Ctrl+Z and Ctrl+Shift+Z would take back or bring again for this
 * person on this computer: the label of the action (may be ""), or NULL
 * when there is nothing. */
char      *annalist_store_undo_label        (AnnalistStore       *store);
char      *annalist_store_redo_label        (AnnalistStore       *store);

/* @label, an action's label as the history lists it («Удалён шаблон
 * «…»», «Изменение: …»), to follow a colon in a sentence («Отменено:
 * удалён шаблон «…»»): its first letter small, unless its first word is
 * an abbreviation («ИМЦ …»). The label is stored as written then, so the
 * case is changed where it is said, not in the store. */
char      *annalist_history_label_after_colon (const char        *label);

/* Takes back the last action of this person (@set_id 0), or the change set
 * @set_id, in one transaction recorded in the history itself. When a
 * record it touched was changed since, nothing is done and the sentence
 * names the record and who changed it (ANNALIST_ERROR_CONFLICT). @label
 * (optional) receives the action's label. */
gboolean   annalist_store_undo              (AnnalistStore       *store,
                                             gint64               set_id,
                                             char               **label,
                                             GError             **error);
gboolean   annalist_store_redo              (AnnalistStore       *store,
                                             char               **label,
                                             GError             **error);

/* A line in the history for what changes no record the triggers see (a
 * year closed or reopened): who, when and @label, as a set of action
 * «year», which Ctrl+Z does not take back. In the caller's transaction. */
gboolean   annalist_store_note_year         (AnnalistStore       *store,
                                             const char          *label,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistHistoryEntry, annalist_history_entry_free)

G_END_DECLS
