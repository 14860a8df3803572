/* annalist-editor-private.h — what the form's files share: the editor's
 * state and one input per field
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist-editor.c validates, saves and closes; annalist-editor-fields.c
 * makes the rows and reads and sets their values; annalist-editor-choices.c
 * fills the combo rows and the pickers that choose records.
 */

#pragma once

#include "annalist-editor.h"

G_BEGIN_DECLS

typedef struct _FieldInput FieldInput;
typedef struct _AnnalistEditorEntries AnnalistEditorEntries;

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
  char                *title;     /* the label shown: « *» after a required one's */
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
  char               *view_only;  /* why the record cannot be changed, or NULL */

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *cancel_button;
  GtkWidget          *save_button;
  GtkBox             *page;
  AdwPreferencesGroup *form;
  GtkWidget          *history_group;  /* at the page's end, or NULL */
  AnnalistEditorEntries *entries;     /* the owned records' table, or NULL */
  AnnalistEditorAlsoFunc also_write;  /* annalist_editor_set_also_write () */
  gpointer               also_data;
  GDestroyNotify         also_destroy;
};

/* annalist-editor.c */
void        annalist_editor_validate              (AnnalistEditor      *self);

/* annalist-editor-history.c */
void        annalist_editor_show_history          (AnnalistEditor      *self);
void        annalist_editor_resolve_conflict      (AnnalistEditor      *self,
                                                   const GError        *error);
FieldInput *annalist_editor_find_input            (AnnalistEditor      *self,
                                                   const char          *column);
/* A value was changed by the user: marks the input touched and validates. */
void        annalist_editor_input_changed         (FieldInput          *input);

/* annalist-editor-fields.c */
void        annalist_editor_field_input_free      (FieldInput          *input);
void        annalist_editor_add_field             (AnnalistEditor      *self,
                                                   guint                index,
                                                   const AnnalistField *field);
void        annalist_editor_input_set_value       (FieldInput          *input,
                                                   GVariant            *value);
GVariant   *annalist_editor_input_get_value       (FieldInput          *input,
                                                   GError             **error);
void        annalist_editor_fill_from_chosen      (FieldInput          *input,
                                                   gint64               id);
/* The input shows its value and lets it be read and copied, not changed. */
void        annalist_editor_input_set_view_only   (FieldInput          *input);

/* annalist-editor-choices.c */
void        annalist_editor_load_choices          (FieldInput          *input);
guint       annalist_editor_position_of           (FieldInput          *input,
                                                   gint64               id);
void        annalist_editor_combo_select_id       (FieldInput          *input,
                                                   gint64               id);
void        annalist_editor_picker_choose         (FieldInput          *input,
                                                   gint64               id);
void        annalist_editor_update_reference_rows (FieldInput          *input);
GtkWidget  *annalist_editor_make_combo_row        (FieldInput          *input);
GtkWidget  *annalist_editor_make_reference_row    (FieldInput          *input);
GtkWidget  *annalist_editor_make_references_row   (FieldInput          *input);

/* annalist-editor-entries.c: the records the form's record owns, as a
 * table in its form (a competition's entries), saved with it. */
gboolean    annalist_editor_entries_handles       (const AnnalistKind  *owner,
                                                   const AnnalistKind  *related);
AnnalistEditorEntries *annalist_editor_entries_new (AnnalistEditor     *self);
void        annalist_editor_entries_free          (AnnalistEditorEntries *entries);
/* Whether every row would be saved; the first sentence against one into
 * *@first (if still NULL); *@modified set when a row differs from the
 * store. */
gboolean    annalist_editor_entries_check         (AnnalistEditorEntries *entries,
                                                   gboolean             show_all,
                                                   char               **first,
                                                   gboolean            *modified);
/* Within the save's transaction, after the owner @owner_id is written. */
gboolean    annalist_editor_entries_write         (AnnalistEditorEntries *entries,
                                                   gint64               owner_id,
                                                   GError             **error);
/* After the transaction: @ok, the rows are what was written. */
void        annalist_editor_entries_written       (AnnalistEditorEntries *entries,
                                                   gboolean             ok);
void        annalist_editor_entries_set_view_only (AnnalistEditorEntries *entries);

/* annalist-editor-organisations.c: organisations typed by short name,
 * full name or number, the matches listed under the cell. */
typedef struct _AnnalistOrgNames AnnalistOrgNames;

AnnalistOrgNames *annalist_org_names_new          (void);
void        annalist_org_names_free               (AnnalistOrgNames    *names);
void        annalist_org_names_load               (AnnalistOrgNames    *names,
                                                   AnnalistStore       *store);
/* The id @text names, 0 when empty, or -1 with @error saying why (a
 * sentence naming @field). */
gint64      annalist_org_names_resolve            (AnnalistOrgNames    *names,
                                                   const char          *text,
                                                   const AnnalistField *field,
                                                   GError             **error);
const char *annalist_org_names_short_name         (AnnalistOrgNames    *names,
                                                   gint64               id);
/* @entry lists the matches of what is typed in it (call _changed on
 * each change) and takes the one chosen. */
void        annalist_org_entry_attach             (GtkWidget           *entry,
                                                   AnnalistOrgNames    *names,
                                                   const AnnalistField *field);
void        annalist_org_entry_changed            (GtkWidget           *entry);
void        annalist_org_entry_popdown            (GtkWidget           *entry);

G_END_DECLS
