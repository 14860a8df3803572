/* annalist-file-dialog.h — asking for a file to read or to write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A choice in the dialog's list of file types. */
typedef struct
{
  const char *name;        /* «OpenDocument text (.odt)», marked with N_() */
  const char *patterns;    /* «*.odt» or «*.odt;*.ott» */
  const char *mime_types;  /* the same with «;» between them */
  const char *extension;   /* given to a name typed without one, when saving */
} AnnalistFileType;

/* @file: what was chosen, NULL when the dialog was cancelled. */
typedef void (*AnnalistFileDialogCallback) (GObject *owner,
                                            GFile   *file,
                                            gpointer user_data);

/* Asks, through the file chooser portal when there is one, over
 * @widget's window. @owner is kept alive until @callback. When saving,
 * @current_name is offered, and a name typed without a known extension
 * gets the extension of the type chosen in the list (the first one when
 * none is). The dialog starts in the folder chosen last for the same kind
 * of file (the first type's patterns) while the application runs, else in
 * the user's documents folder, else at home. */
void annalist_file_dialog_open             (GtkWidget                  *widget,
                                            const char                 *title,
                                            const char                 *accept_label,
                                            const AnnalistFileType     *types,
                                            guint                       n_types,
                                            GObject                    *owner,
                                            AnnalistFileDialogCallback  callback,
                                            gpointer                    user_data);
void annalist_file_dialog_save             (GtkWidget                  *widget,
                                            const char                 *title,
                                            const char                 *accept_label,
                                            const char                 *current_name,
                                            const AnnalistFileType     *types,
                                            guint                       n_types,
                                            GObject                    *owner,
                                            AnnalistFileDialogCallback  callback,
                                            gpointer                    user_data);

/* For the tests: the dialogs are not shown, and answer @file (NULL:
 * cancelled) until this is called again with @enabled FALSE. A save
 * dialog's answer without an extension gets one as the user's would. */
void annalist_file_dialog_set_test_answer  (gboolean                    enabled,
                                            GFile                      *file);
/* Whether the dialogs are GtkFileDialog (built against GTK 4.10 or newer)
 * rather than GtkFileChooserNative. */
gboolean annalist_file_dialog_uses_gtk_file_dialog (void);

/* What the last save dialog offered as the file's name. */
const char *annalist_file_dialog_get_test_offered_name (void);
/* The folder the last dialog started in. */
GFile *annalist_file_dialog_get_test_offered_folder (void);
/* The names of the file types the last dialog listed, in order. */
const char * const *annalist_file_dialog_get_test_offered_filters (void);

G_END_DECLS
