/* annalist-file-dialog.c — asking for a file to read or to write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkFileChooserNative: in the sandbox it is the portal's dialog, and the
 * file it answers is one the sandbox may read or write.
 *
 * Built against GTK 4.10 or newer (the Flatpak runtime), GtkFileDialog
 * instead: GtkFileChooserNative is deprecated there. Both ask the portal
 * and fall back to GTK's own dialog without one (tests/test-atspi-import.py
 * drives that dialog in each CI lane). One difference: GtkFileDialog does
 * not tell which file type was chosen in its list, so a name saved without
 * an extension gets the first type's.
 */

#define G_LOG_DOMAIN "annalist-file-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-file-dialog.h"

typedef struct
{
  GObject                    *owner;
  AnnalistFileDialogCallback  callback;
  gpointer                    user_data;
  const AnnalistFileType     *types;
  guint                       n_types;
  gboolean                    saving;
} Question;

static gboolean test_answering;
static GFile *test_answer;
static char *test_offered_name;
static GStrv test_offered_filters;
static GFile *test_offered_folder;

/* The folder each kind of file was last chosen in, while the application
 * runs: the kind is the patterns of the first type offered («*.odt» for
 * the documents, «*.csv» for the lists), so that the next report goes
 * beside the last one. */
static GHashTable *last_folders;

void
annalist_file_dialog_set_test_answer (gboolean  enabled,
                                      GFile    *file)
{
  test_answering = enabled;
  g_set_object (&test_answer, file);
}

const char *
annalist_file_dialog_get_test_offered_name (void)
{
  return test_offered_name;
}

const char * const *
annalist_file_dialog_get_test_offered_filters (void)
{
  return (const char * const *) test_offered_filters;
}

GFile *
annalist_file_dialog_get_test_offered_folder (void)
{
  return test_offered_folder;
}

/* Whether @name ends as one of the patterns of @type («*.odt»). */
static gboolean
has_extension (const char             *name,
               const AnnalistFileType *type)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  g_auto(GStrv) patterns = g_strsplit (type->patterns, ";", -1);

  for (guint i = 0; patterns[i] != NULL; i++)
    if (g_str_has_prefix (patterns[i], "*.") && g_str_has_suffix (lower, patterns[i] + 1))
      return TRUE;
  return FALSE;
}

/* A name typed without one of the extensions offered gets the one of the
 * type chosen: «Отчёт» becomes «Отчёт.odt», «Отчёт.fodt» stays. */
static GFile *
with_extension (GFile                  *file,
                const AnnalistFileType *types,
                guint                   n_types,
                guint                   chosen)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *full = NULL;

  if (n_types == 0 || name == NULL || types[MIN (chosen, n_types - 1)].extension == NULL)
    return g_object_ref (file);
  for (guint i = 0; i < n_types; i++)
    if (has_extension (name, &types[i]))
      return g_object_ref (file);

  parent = g_file_get_parent (file);
  full = g_strconcat (name, types[MIN (chosen, n_types - 1)].extension, NULL);
  return parent ? g_file_get_child (parent, full) : g_file_new_for_path (full);
}

static GtkFileFilter *
file_filter_new (const AnnalistFileType *type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_auto(GStrv) patterns = g_strsplit (type->patterns, ";", -1);
  g_auto(GStrv) mime_types = g_strsplit (type->mime_types ? type->mime_types : "", ";", -1);

  gtk_file_filter_set_name (filter, _(type->name));
  for (guint j = 0; patterns[j] != NULL; j++)
    gtk_file_filter_add_pattern (filter, patterns[j]);
  for (guint j = 0; mime_types[j] != NULL; j++)
    if (*mime_types[j] != '\0')
      gtk_file_filter_add_mime_type (filter, mime_types[j]);
  return filter;
}

/* The readers tell a file by what it holds, not by its name, and say
 * what a file of another kind is (a report.docx, a table saved as .dat):
 * a dialog that opens a file lists every file last, for those. */
static const AnnalistFileType all_files = { N_("All files"), "*", NULL, NULL };

/* The dialog's list of file types, as GtkFileFilters. */
static GListStore *
filters_new (const Question *question)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (guint i = 0; i < question->n_types; i++)
    {
      g_autoptr(GtkFileFilter) filter = file_filter_new (&question->types[i]);

      g_list_store_append (filters, filter);
    }
  if (!question->saving && question->n_types > 0)
    {
      g_autoptr(GtkFileFilter) filter = file_filter_new (&all_files);

      g_list_store_append (filters, filter);
    }
  return filters;
}

static const char *
kind_of_file (const Question *question)
{
  return question->n_types > 0 ? question->types[0].patterns : "";
}

/* Where the dialog starts: the folder last chosen for the kind of file,
 * else the user's documents, else home. Not the process's current folder,
 * where GTK's own dialog (no portal) would start: for an application
 * started from the menu that is home at best, the build folder at worst. */
static GFile *
initial_folder (const Question *question)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  GFile *last = last_folders ? g_hash_table_lookup (last_folders, kind_of_file (question)) : NULL;

  if (last != NULL && g_file_query_file_type (last, G_FILE_QUERY_INFO_NONE, NULL) ==
                      G_FILE_TYPE_DIRECTORY)
    return g_object_ref (last);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

static void
remember_folder (const Question *question,
                 GFile          *file)
{
  GFile *folder = g_file_get_parent (file);

  if (folder == NULL)
    return;
  if (last_folders == NULL)
    last_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_hash_table_replace (last_folders, g_strdup (kind_of_file (question)), folder);
}

static void
answer (Question *question,
        GFile    *file)
{
  if (file != NULL)
    remember_folder (question, file);
  question->callback (question->owner, file, question->user_data);
  g_object_unref (question->owner);
  g_free (question);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  Question        *question)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (chosen != NULL && question->saving)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
      guint position = 0;

      for (guint i = 0; filter != NULL && i < g_list_model_get_n_items (filters); i++)
        {
          g_autoptr(GtkFileFilter) f = g_list_model_get_item (filters, i);

          if (f == filter)
            position = i;
        }
      file = with_extension (chosen, question->types, question->n_types, position);
    }
  else if (chosen != NULL)
    file = g_object_ref (chosen);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  answer (question, file);
}

#if GTK_CHECK_VERSION (4, 10, 0)
/* GtkFileDialog is 4.10 API, above GDK_VERSION_MAX_ALLOWED (meson.build):
 * the warning that says so is silenced here only, inside the version check. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
file_dialog_answered (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Question *question = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;

  if (question->saving)
    chosen = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  else
    chosen = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);
  if (error != NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("The file dialog failed: %s", error->message);
  if (chosen != NULL)
    file = question->saving ? with_extension (chosen, question->types, question->n_types, 0)
                            : g_object_ref (chosen);
  answer (question, file);
}

static void
ask_file_dialog (GtkWindow              *parent,
                 const char             *title,
                 const char             *accept_label,
                 const char             *current_name,
                 Question               *question)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = filters_new (question);
  g_autoptr(GFile) folder = initial_folder (question);

  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (accept_label != NULL)
    gtk_file_dialog_set_accept_label (dialog, accept_label);
  if (g_list_model_get_n_items (G_LIST_MODEL (filters)) > 0)
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  if (question->saving)
    {
      if (current_name != NULL)
        gtk_file_dialog_set_initial_name (dialog, current_name);
      gtk_file_dialog_save (dialog, parent, NULL, file_dialog_answered, question);
    }
  else
    gtk_file_dialog_open (dialog, parent, NULL, file_dialog_answered, question);
}

G_GNUC_END_IGNORE_DEPRECATIONS
#endif

gboolean
annalist_file_dialog_uses_gtk_file_dialog (void)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  return TRUE;
#else
  return FALSE;
#endif
}

static gboolean
answer_for_test (gpointer data)
{
  Question *question = data;
  g_autoptr(GFile) file = NULL;

  if (test_answer != NULL)
    file = question->saving ? with_extension (test_answer, question->types, question->n_types, 0)
                            : g_object_ref (test_answer);
  answer (question, file);
  return G_SOURCE_REMOVE;
}

static void
ask (GtkWidget                  *widget,
     GtkFileChooserAction        action,
     const char                 *title,
     const char                 *accept_label,
     const char                 *current_name,
     const AnnalistFileType     *types,
     guint                       n_types,
     GObject                    *owner,
     AnnalistFileDialogCallback  callback,
     gpointer                    user_data)
{
  Question *question = g_new0 (Question, 1);
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;
  GtkFileChooserNative *chooser;

  question->owner = g_object_ref (owner);
  question->callback = callback;
  question->user_data = user_data;
  question->types = types;
  question->n_types = n_types;
  question->saving = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (test_answering)
    {
      g_autoptr(GListStore) filters = filters_new (question);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (filters));

      g_clear_object (&test_offered_folder);
      test_offered_folder = initial_folder (question);
      g_free (test_offered_name);
      test_offered_name = g_strdup (current_name);
      g_strfreev (test_offered_filters);
      test_offered_filters = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

          test_offered_filters[i] = g_strdup (gtk_file_filter_get_name (filter));
        }
      g_idle_add (answer_for_test, question);
      return;
    }

#if GTK_CHECK_VERSION (4, 10, 0)
  ask_file_dialog (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, title, accept_label,
                   current_name, question);
  return;
#endif
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  {
    g_autoptr(GListStore) filters = filters_new (question);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      }
  }
  {
    g_autoptr(GFile) folder = initial_folder (question);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  }
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), question);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
annalist_file_dialog_open (GtkWidget                  *widget,
                           const char                 *title,
                           const char                 *accept_label,
                           const AnnalistFileType     *types,
                           guint                       n_types,
                           GObject                    *owner,
                           AnnalistFileDialogCallback  callback,
                           gpointer                    user_data)
{
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (callback != NULL);

  ask (widget, GTK_FILE_CHOOSER_ACTION_OPEN, title, accept_label, NULL, types, n_types,
       owner, callback, user_data);
}

void
annalist_file_dialog_save (GtkWidget                  *widget,
                           const char                 *title,
                           const char                 *accept_label,
                           const char                 *current_name,
                           const AnnalistFileType     *types,
                           guint                       n_types,
                           GObject                    *owner,
                           AnnalistFileDialogCallback  callback,
                           gpointer                    user_data)
{
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (callback != NULL);

  ask (widget, GTK_FILE_CHOOSER_ACTION_SAVE, title, accept_label, current_name, types, n_types,
       owner, callback, user_data);
}
