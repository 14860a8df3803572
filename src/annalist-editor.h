/* annalist-editor.h — the one form that edits a record of any kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_EDITOR (annalist_editor_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistEditor, annalist_editor, ANNALIST, EDITOR, AdwWindow)

/* Edits a copy of @record; a record without an id is a new one.
 * @default_year fills an empty academic year. */
AnnalistEditor *annalist_editor_new            (AnnalistStore  *store,
                                                AnnalistRecord *record,
                                                int             default_year,
                                                GtkWindow      *parent);
AnnalistRecord *annalist_editor_get_record     (AnnalistEditor *self);
gboolean        annalist_editor_is_valid       (AnnalistEditor *self);
gboolean        annalist_editor_is_modified    (AnnalistEditor *self);
GtkWidget      *annalist_editor_get_save_button (AnnalistEditor *self);
/* What else a save writes, in the record's own transaction (one undo
 * step with it): @func runs after the record was written, with it (its
 * id set when new); its FALSE undoes the whole save. */
typedef gboolean (*AnnalistEditorAlsoFunc) (AnnalistStore   *store,
                                            AnnalistRecord  *record,
                                            gpointer         user_data,
                                            GError         **error);
void            annalist_editor_set_also_write (AnnalistEditor         *self,
                                                AnnalistEditorAlsoFunc  func,
                                                gpointer                user_data,
                                                GDestroyNotify          destroy);
/* The academic year a new record of this form, or of its lists, is in. */
int             annalist_editor_get_default_year (AnnalistEditor *self);
/* The row of a field in the form (the input itself for most types), and
 * its label as shown: a required field's is marked. */
GtkWidget      *annalist_editor_get_row        (AnnalistEditor *self,
                                                const char     *column);
const char     *annalist_editor_get_label      (AnnalistEditor *self,
                                                const char     *column);

/*
 * Shows the record without letting it be changed: @reason (a sentence that
 * says why, and how to change it when it can be) heads the form, the
 * inputs show their values read-only (text can still be selected and
 * copied), Save is gone and Cancel reads Close; the lists of the record's
 * own records under the form can no longer add or delete. A form opened on
 * a record the store locks (annalist_store_record_lock_reason ()) is
 * view-only from the start, with the store's reason.
 */
void            annalist_editor_set_view_only  (AnnalistEditor *self,
                                                const char     *reason);
/* Why the form is view-only, or NULL when the record can be edited. */
const char     *annalist_editor_get_view_only  (AnnalistEditor *self);

/* The input widget of a field (an AdwEntryRow, GtkTextView, GtkSwitch,
 * AdwComboRow, or the picker's GtkMenuButton), and the sentence shown
 * under it (NULL when none): for tests and accessibility checks. */
GtkWidget      *annalist_editor_get_input      (AnnalistEditor *self,
                                                const char     *column);
const char     *annalist_editor_get_message    (AnnalistEditor *self,
                                                const char     *column);
/* What choosing a record in a picker does: a REFERENCE field is set to
 * @id, a REFERENCES field gets @id added. */
void            annalist_editor_choose         (AnnalistEditor *self,
                                                const char     *column,
                                                gint64          id);

/* The table of the records the record owns (a competition's entries):
 * the cell of @column in row @row (0-based, its empty last row included;
 * @column NULL: the row's Remove button), and how many rows it shows. */
GtkWidget      *annalist_editor_get_entry_cell   (AnnalistEditor *self,
                                                  guint           row,
                                                  const char     *column);
guint           annalist_editor_get_n_entry_rows (AnnalistEditor *self);

G_END_DECLS
