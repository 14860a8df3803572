/* annalist-year-closing.c — closing the academic year, on the documents page
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group at the top of the documents page for the window's year. Open:
 * «Закрыть учебный год…» says what closing does, lets the user choose
 * the document that was signed (the annual report unless another), writes
 * it as any export is written, to a file the user chooses, and keeps that
 * file's bytes in the database as the year is closed. Closed: who closed
 * it and when, «Сохранить подписанный отчёт…» (the kept bytes, as they
 * were exported) and «Открыть год снова» (asked first).
 */

#define G_LOG_DOMAIN "annalist-year-closing"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-closed-year.h"
#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-durable.h"
#include "annalist-exporter.h"
#include "annalist-file-dialog.h"
#include "annalist-ui.h"
#include "annalist-year-closing.h"

struct _AnnalistYearClosing
{
  AdwPreferencesGroup parent_instance;

  AnnalistStore      *store;
  int                 year;
  GCancellable       *cancellable;   /* while the report is written */
  gulong              changed_id;

  GtkWidget          *close_button;
  AdwActionRow       *state_row;
  GtkWidget          *save_button;
  GtkWidget          *reopen_button;
};

G_DEFINE_FINAL_TYPE (AnnalistYearClosing, annalist_year_closing, ADW_TYPE_PREFERENCES_GROUP)

static const AnnalistFileType report_types[] = {
  { N_("OpenDocument text (.odt)"), "*.odt", "application/vnd.oasis.opendocument.text", ".odt" },
  { N_("Flat OpenDocument text (.fodt)"), "*.fodt",
    "application/vnd.oasis.opendocument.text-flat-xml", ".fodt" },
};

static void
update (AnnalistYearClosing *self)
{
  g_autoptr(AnnalistClosedYear) closed = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  const char *read_only;
  gboolean busy = self->cancellable != NULL;

  if (self->store == NULL || self->year == ANNALIST_ALL_YEARS)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  label = annalist_academic_year_label (self->year);
  /* Translators: %s is an academic year, 2022-2023 */
  title = g_strdup_printf (_("Academic Year %s"), label);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);

  closed = annalist_closed_year_get (self->store, self->year, NULL);
  read_only = annalist_store_read_only_reason (self->store);
  gtk_widget_set_visible (self->close_button, closed == NULL);
  gtk_widget_set_sensitive (self->close_button, !busy && read_only == NULL);
  gtk_widget_set_tooltip_text (self->close_button, read_only);
  gtk_widget_set_sensitive (self->reopen_button, read_only == NULL);
  gtk_widget_set_tooltip_text (self->reopen_button, read_only);
  /* The row is in the group only for a closed year: libadwaita 1.2 draws
   * the frame of an empty list otherwise. */
  if (closed != NULL && gtk_widget_get_parent (GTK_WIDGET (self->state_row)) == NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->state_row));
  else if (closed == NULL && gtk_widget_get_parent (GTK_WIDGET (self->state_row)) != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->state_row));
  if (closed == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
        busy ? _("The signed report is being written…")
             : _("When the report for the year is signed, close the year: its records become "
                 "view-only, and the report exported at closing is kept in the database, to "
                 "be printed again exactly as it was signed."));
    }
  else
    {
      g_autofree char *date = annalist_closed_year_date (closed);
      g_autofree char *size = g_format_size (closed->report_size);
      g_autofree char *state = NULL;
      g_autofree char *description = NULL;
      g_autofree char *report = NULL;

      /* Translators: the first %s is a date, the second who closed it */
      state = g_strdup_printf (_("The academic year is closed %s (%s)"), date, closed->user_name);
      description = g_strdup_printf ("%s. %s", state,
                                     _("Its records are view-only. The report exported at "
                                       "closing is kept in the database."));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
      /* Translators: a file's name, then its size */
      report = g_strdup_printf (_("%s, %s"), closed->file_name, size);
      if (closed->template_name != NULL && *closed->template_name != '\0')
        {
          char *both = g_strdup_printf ("%s · %s", closed->template_name, report);

          g_free (report);
          report = both;
        }
      adw_action_row_set_subtitle (self->state_row, report);
    }
  gtk_widget_set_visible (self->reopen_button, closed != NULL);
}

static void
store_changed (AnnalistStore       *store,
               const char          *kind,
               AnnalistYearClosing *self)
{
  if (g_strcmp0 (kind, "closed_year") == 0)
    update (self);
}

/* Closing ------------------------------------------------------------------------------- */

typedef struct
{
  AnnalistYearClosing *self;
  AnnalistTemplate    *template;
  char                *document;    /* the template's name, as the window shows it */
  GFile               *file;
  int                  year;
} Closing;

static void
closing_free (Closing *closing)
{
  g_clear_object (&closing->self);
  g_clear_object (&closing->template);
  g_clear_object (&closing->file);
  g_free (closing->document);
  g_free (closing);
}

static void
closing_failed (Closing    *closing,
                const char *sentence)
{
  AnnalistYearClosing *self = closing->self;

  g_clear_object (&self->cancellable);
  update (self);
  annalist_ui_show_error (GTK_WIDGET (self), _("The Year Was Not Closed"), sentence);
}

static void
report_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Closing *closing = user_data;
  AnnalistYearClosing *self = closing->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (closing->file);
  g_autofree char *name = g_file_get_basename (closing->file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *contents = NULL;
  g_autofree char *label = annalist_academic_year_label (closing->year);
  g_autofree char *message = NULL;
  g_autoptr(GBytes) report = NULL;
  gsize length = 0;

  if (!annalist_template_render_finish (ANNALIST_TEMPLATE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        closing_failed (closing, error->message);
      closing_free (closing);
      return;
    }
  /* What is kept is the file as it was written, byte for byte. */
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      closing_failed (closing, error->message);
      closing_free (closing);
      return;
    }
  report = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (self->store == NULL ||
      !annalist_closed_year_close (self->store, closing->year, report, display,
                                   closing->document, &error))
    {
      closing_failed (closing, error ? error->message : _("The database is closed."));
      closing_free (closing);
      return;
    }
  g_clear_object (&self->cancellable);
  update (self);
  /* Translators: %s is an academic year, 2022-2023 */
  message = g_strdup_printf (_("The academic year %s is closed; its report is saved"), label);
  annalist_exporter_show_saved (GTK_WIDGET (self), message, closing->file);
  closing_free (closing);
}

static void
report_target_chosen (GObject *owner,
                      GFile   *file,
                      gpointer user_data)
{
  AnnalistYearClosing *self = ANNALIST_YEAR_CLOSING (owner);
  Closing *closing = user_data;
  AnnalistDocumentParams params = { .year = closing->year };
  g_autofree char *path = NULL;

  if (file == NULL || self->store == NULL)
    {
      closing_free (closing);
      return;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      closing_failed (closing, _("A document can be written only into a folder of this "
                                 "computer: choose another."));
      closing_free (closing);
      return;
    }
  closing->file = g_object_ref (file);
  self->cancellable = g_cancellable_new ();
  update (self);
  annalist_template_render_async (closing->template, self->store, &params, path,
                                  self->cancellable, report_written, closing);
}

typedef struct
{
  AnnalistYearClosing *self;
  GPtrArray           *ids;       /* the documents written for a year alone */
  AdwComboRow         *row;
  int                  year;
} ClosingQuestion;

static void
closing_question_free (ClosingQuestion *question)
{
  g_object_unref (question->self);
  g_ptr_array_unref (question->ids);
  g_free (question);
}

static void
closing_response (AdwMessageDialog *dialog,
                  const char       *response,
                  ClosingQuestion  *question)
{
  AnnalistYearClosing *self = question->self;
  guint position = adw_combo_row_get_selected (question->row);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = annalist_academic_year_label (question->year);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  Closing *closing;

  if (!g_str_equal (response, "close") || self->store == NULL ||
      position >= question->ids->len || self->cancellable != NULL)
    return;

  closing = g_new0 (Closing, 1);
  closing->self = g_object_ref (self);
  closing->year = question->year;
  /* Opened afresh: the user's template may have changed since. */
  closing->template = annalist_documents_open (self->store, g_ptr_array_index (question->ids,
                                                                               position), &error);
  if (closing->template == NULL)
    {
      closing_failed (closing, error->message);
      closing_free (closing);
      return;
    }
  closing->document = g_strdup (annalist_template_get_name (closing->template));
  name = g_strdup_printf ("%s %s.odt", closing->document, label);
  g_strdelimit (name, G_DIR_SEPARATOR_S, '-');
  /* Translators: %s is an academic year, 2022-2023 */
  title = g_strdup_printf (_("Export the Signed Report for %s"), label);
  annalist_file_dialog_save (GTK_WIDGET (self), title, _("_Export"), name, report_types,
                             G_N_ELEMENTS (report_types), G_OBJECT (self), report_target_chosen,
                             closing);
}

static void
action_close (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AnnalistYearClosing *self = ANNALIST_YEAR_CLOSING (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *label = NULL;
  g_autofree char *heading = NULL;
  ClosingQuestion *question;
  GtkWidget *dialog, *list, *row;
  guint chosen = 0;

  if (self->store == NULL || self->year == ANNALIST_ALL_YEARS || self->cancellable != NULL)
    return;
  documents = annalist_documents_list (self->store, &error);
  if (documents == NULL)
    {
      annalist_ui_show_error (widget, _("The Year Was Not Closed"), error->message);
      return;
    }

  question = g_new0 (ClosingQuestion, 1);
  question->self = g_object_ref (self);
  question->ids = g_ptr_array_new_with_free_func (g_free);
  question->year = self->year;
  /* A document written for the year alone can be the year's report. */
  for (guint i = 0; i < documents->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (documents, i);

      if (info->params != ANNALIST_TEMPLATE_PARAM_YEAR)
        continue;
      if (g_strcmp0 (info->id, ANNALIST_DOCUMENT_ANNUAL_REPORT) == 0)
        chosen = question->ids->len;
      g_ptr_array_add (question->ids, g_strdup (info->id));
      gtk_string_list_append (names, info->name);
    }

  label = annalist_academic_year_label (self->year);
  /* Translators: %s is an academic year, 2022-2023 */
  heading = g_strdup_printf (_("Close the Academic Year %s?"), label);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Close the year once its report is signed. The report is "
                                     "exported now, to a file you choose, and that very file is "
                                     "kept in the database, to be printed again as it was "
                                     "signed. The year’s records become view-only until the "
                                     "year is reopened on this page."));
  list = annalist_ui_boxed_list (_("Signed report"));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Signed report"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), chosen);
  /* Enter on the row chooses the document, it does not close the year. */
  annalist_ui_combo_row_opens_on_enter (ADW_COMBO_ROW (row));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  question->row = ADW_COMBO_ROW (row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "close", _("_Export and Close…"),
                                 ADW_RESPONSE_SUGGESTED);
  /* Closing a year has consequences: only a press on its button closes
   * it, Enter elsewhere in the dialog (or a stray one) cancels. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close",
                                           question->ids->len > 0);
  g_signal_connect_data (dialog, "response", G_CALLBACK (closing_response), question,
                         (GClosureNotify) (void (*) (void)) closing_question_free, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}

/* The kept report ------------------------------------------------------------------------ */

static void
kept_report_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AnnalistYearClosing) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));

  /* GIO writes a temporary and renames it over the file: the rename
   * reaches the disk with the folder. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) ||
      (path != NULL && !annalist_sync_folder_of (path, &error)))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Signed Report Was Not Saved"),
                              error->message);
      return;
    }
  annalist_exporter_show_saved (GTK_WIDGET (self), _("The signed report is saved"),
                                G_FILE (source));
}

static void
kept_target_chosen (GObject *owner,
                    GFile   *file,
                    gpointer user_data)
{
  AnnalistYearClosing *self = ANNALIST_YEAR_CLOSING (owner);
  int year = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = NULL;

  if (file == NULL || self->store == NULL)
    return;
  report = annalist_closed_year_get_report (self->store, year, &error);
  if (report == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Signed Report Was Not Saved"),
                              error->message);
      return;
    }
  g_file_replace_contents_bytes_async (file, report, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       kept_report_written, g_object_ref (self));
}

static void
action_save_report (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AnnalistYearClosing *self = ANNALIST_YEAR_CLOSING (widget);
  g_autoptr(AnnalistClosedYear) closed = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *lower = NULL;
  gboolean flat;

  if (self->store == NULL)
    return;
  closed = annalist_closed_year_get (self->store, self->year, NULL);
  if (closed == NULL)
    return;
  label = annalist_academic_year_label (self->year);
  /* Translators: %s is an academic year, 2022-2023 */
  title = g_strdup_printf (_("Save the Signed Report for %s"), label);
  lower = g_utf8_strdown (closed->file_name, -1);
  flat = g_str_has_suffix (lower, ".fodt");
  /* Offered as the type it was exported as. */
  annalist_file_dialog_save (widget, title, _("_Save"), closed->file_name,
                             flat ? &report_types[1] : &report_types[0], 1, G_OBJECT (self),
                             kept_target_chosen, GINT_TO_POINTER (self->year));
}

/* Reopening ------------------------------------------------------------------------------ */

static void
reopen_response (AdwMessageDialog    *dialog,
                 const char          *response,
                 AnnalistYearClosing *self)
{
  int year = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "annalist-year"));
  g_autoptr(GError) error = NULL;
  g_autofree char *label = annalist_academic_year_label (year);
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "reopen") || self->store == NULL)
    return;
  if (!annalist_closed_year_reopen (self->store, year, &error))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Year Was Not Reopened"), error->message);
      return;
    }
  /* Translators: %s is an academic year, 2022-2023 */
  message = g_strdup_printf (_("The academic year %s is reopened"), label);
  annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static void
action_reopen (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistYearClosing *self = ANNALIST_YEAR_CLOSING (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *label = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->store == NULL || !annalist_closed_year_is_closed (self->store, self->year))
    return;
  label = annalist_academic_year_label (self->year);
  /* Translators: %s is an academic year, 2022-2023 */
  heading = g_strdup_printf (_("Reopen the Academic Year %s?"), label);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Its records can be changed again, and the report no "
                                     "longer matches them once they are. The signed report "
                                     "kept at closing is removed from the database: save it "
                                     "first if it may be needed."));
  g_object_set_data (G_OBJECT (dialog), "annalist-year", GINT_TO_POINTER (self->year));
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "reopen", _("_Reopen the Year"),
                                 ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}

/* Construction -------------------------------------------------------------------------- */

static GtkWidget *
labelled_button (const char *label,
                 const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  /* GTK 4.8 reads a button with a mnemonic by its label property and by
   * its label both: the label alone. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  return button;
}

static void
annalist_year_closing_dispose (GObject *object)
{
  AnnalistYearClosing *self = (AnnalistYearClosing *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->state_row);

  G_OBJECT_CLASS (annalist_year_closing_parent_class)->dispose (object);
}

static void
annalist_year_closing_class_init (AnnalistYearClosingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_year_closing_dispose;

  gtk_widget_class_install_action (widget_class, "year.close", NULL, action_close);
  gtk_widget_class_install_action (widget_class, "year.save-report", NULL, action_save_report);
  gtk_widget_class_install_action (widget_class, "year.reopen", NULL, action_reopen);
}

static void
annalist_year_closing_init (AnnalistYearClosing *self)
{
  GtkWidget *box;

  /* Closing, or reopening: one of the two, in the group's header. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  /* Apart from the description, which wraps up to it. */
  gtk_widget_set_margin_start (box, 12);
  self->close_button = labelled_button (_("_Close the Academic Year…"), "year.close");
  self->reopen_button = labelled_button (_("_Reopen the Year"), "year.reopen");
  gtk_box_append (GTK_BOX (box), self->close_button);
  gtk_box_append (GTK_BOX (box), self->reopen_button);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), box);

  /* The kept report, to be saved as a file again. */
  self->state_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->state_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), _("Signed report"));
  /* Not adw_action_row_set_icon_name (): deprecated in libadwaita 1.3, and
   * a prefix is what it shows anyway. */
  adw_action_row_add_prefix (self->state_row, annalist_ui_decoration ("changes-prevent-symbolic"));
  self->save_button = labelled_button (_("_Save the Signed Report…"), "year.save-report");
  adw_action_row_add_suffix (self->state_row, self->save_button);
  adw_action_row_set_activatable_widget (self->state_row, self->save_button);
  g_object_ref_sink (self->state_row);   /* added to the group when the year is closed */

  self->year = ANNALIST_ALL_YEARS;
  update (self);
}

void
annalist_year_closing_set_store (AnnalistYearClosing *self,
                                 AnnalistStore       *store)
{
  g_return_if_fail (ANNALIST_IS_YEAR_CLOSING (self));

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  update (self);
}

void
annalist_year_closing_set_year (AnnalistYearClosing *self,
                                int                  year)
{
  g_return_if_fail (ANNALIST_IS_YEAR_CLOSING (self));

  self->year = year;
  update (self);
}

gboolean
annalist_year_closing_get_busy (AnnalistYearClosing *self)
{
  g_return_val_if_fail (ANNALIST_IS_YEAR_CLOSING (self), FALSE);

  return self->cancellable != NULL;
}
