/* annalist-backup-dialog.c — «Восстановить из резервной копии…» and the
 * backups' preferences
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list says of each copy when and why it was made and what it holds
 * (a few counts, read from the copy without writing it), so that the
 * methodologist can tell the copy from before a bad import from the one
 * of the day before. Restoring asks first; the application does it
 * (annalist_application_restore_backup), the current state being backed
 * up before it is replaced.
 */

#define G_LOG_DOMAIN "annalist-backup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-backup.h"
#include "annalist-backup-dialog.h"
#include "annalist-ui.h"

struct _AnnalistBackupDialog
{
  AdwWindow            parent_instance;

  AnnalistApplication *application;

  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkLabel            *description;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (AnnalistBackupDialog, annalist_backup_dialog, ADW_TYPE_WINDOW)

static char *
backup_title (AnnalistBackup *backup)
{
  /* Translators: a backup's date and time in the restore list */
  return g_date_time_format (backup->time, _("%d.%m.%Y, %H:%M"));
}

static gboolean
close_later (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
confirm_response (AdwMessageDialog     *confirm,
                  const char           *response,
                  AnnalistBackupDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (confirm), "backup-path");

  if (g_strcmp0 (response, "restore") != 0)
    return;
  if (annalist_application_restore_backup (self->application, path, GTK_WINDOW (self)))
    {
      /* Closed once the confirmation, transient for it, is gone. */
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      g_idle_add_full (G_PRIORITY_LOW, close_later, g_object_ref (self), g_object_unref);
    }
}

static void
ask_restore (AnnalistBackupDialog *self,
             GtkWidget            *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "backup-path");
  const char *when = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GtkWidget *confirm;

  confirm = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: %s is a backup's date and time */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (confirm), _("Restore the Copy of %s?"),
                                     when);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (confirm),
                               _("The database will become what it was in this copy, and open "
                                 "forms are closed without saving. Its current state is backed "
                                 "up first, so the restore can itself be undone from this list."));
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (confirm), "restore", _("_Restore"),
                                 ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (confirm), "backup-path", g_strdup (path), g_free);
  g_signal_connect_object (confirm, "response", G_CALLBACK (confirm_response), self, 0);
  annalist_ui_present (GTK_WINDOW (confirm));
}

static void
row_activated (GtkListBox           *list,
               GtkListBoxRow        *row,
               AnnalistBackupDialog *self)
{
  ask_restore (self, GTK_WIDGET (row));
}

static void
restore_clicked (GtkButton            *button,
                 AnnalistBackupDialog *self)
{
  ask_restore (self, gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW));
}

static GtkWidget *
backup_row (AnnalistBackupDialog *self,
            AnnalistBackup       *backup)
{
  g_autofree char *title = backup_title (backup);
  g_autofree char *contents = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *button;

  contents = annalist_backup_describe (backup->path, &error);
  subtitle = g_strdup_printf ("%s · %s", annalist_backup_reason_label (backup->reason),
                              contents ? contents : error->message);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "backup-path", g_strdup (backup->path), g_free);

  button = gtk_button_new_with_mnemonic (_("_Restore…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (button, FALSE);
  /* The row itself is the keyboard's way in: one tab stop a copy. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
fill (AnnalistBackupDialog *self)
{
  AnnalistStore *store = annalist_application_get_store (self->application);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;

  if (store == NULL)
    return;
  backups = annalist_backup_list (annalist_store_get_path (store), &error);
  if (backups == NULL)
    {
      adw_status_page_set_description (self->empty_page, error->message);
      return;
    }
  if (backups->len == 0)
    return;

  folder = annalist_backup_folder (annalist_store_get_path (store));
  display = g_filename_display_name (folder);
  /* Translators: %s is a folder */
  text = g_strdup_printf (_("The copies are kept in “%s”. Choose the one to return to; the "
                            "newest is at the top."), display);
  gtk_label_set_text (self->description, text);
  for (guint i = 0; i < backups->len; i++)
    gtk_list_box_append (self->list, backup_row (self, g_ptr_array_index (backups, i)));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
annalist_backup_dialog_dispose (GObject *object)
{
  AnnalistBackupDialog *self = (AnnalistBackupDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_BACKUP_DIALOG);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (annalist_backup_dialog_parent_class)->dispose (object);
}

static void
annalist_backup_dialog_class_init (AnnalistBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_backup_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistBackupDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistBackupDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistBackupDialog, description);
  gtk_widget_class_bind_template_child (widget_class, AnnalistBackupDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annalist_backup_dialog_init (AnnalistBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  annalist_ui_status_page_set_icon_when_shown (self->empty_page, "document-open-recent-symbolic");
}

AnnalistBackupDialog *
annalist_backup_dialog_new (AnnalistApplication *application,
                            GtkWindow           *parent)
{
  AnnalistBackupDialog *self;

  g_return_val_if_fail (ANNALIST_IS_APPLICATION (application), NULL);

  self = g_object_new (ANNALIST_TYPE_BACKUP_DIALOG,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  fill (self);
  return self;
}

/* Preferences ------------------------------------------------------------------------ */

static void
open_folder_clicked (GtkButton  *button,
                     const char *folder)
{
  g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);

  /* Before the first copy the folder is not there yet. */
  g_mkdir_with_parents (folder, 0700);
  annalist_ui_launch_uri (GTK_WIDGET (button), uri, _("The Folder Cannot Be Opened"),
                          _("The folder of the copies could not be opened"),
                          _("no application for opening folders was found"));
}

static GtkWidget *
number_row (GSettings  *settings,
            const char *key,
            const char *title,
            const char *subtitle,
            double      minimum,
            double      maximum,
            double      fallback)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (minimum, maximum, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), fallback);
  if (settings != NULL)
    g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (spin, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  /* Named by the row's title, once: libadwaita 1.2 labels the row's
   * widget by its title too, and GTK 4.8 would say both. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  return row;
}

GtkWidget *
annalist_backup_preferences_new (GSettings  *settings,
                                 const char *database_path)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row, *button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Backups"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A copy of the database is made at the first opening "
                                           "of each day, before an update to a new version, "
                                           "before an import and before a restore."));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             number_row (settings, "backup-keep-days",
                                         _("Days with every copy kept"),
                                         _("All the copies of these last days are kept"),
                                         1, 365, ANNALIST_BACKUP_KEEP_DAYS));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             number_row (settings, "backup-keep-months",
                                         _("Months with one copy kept"),
                                         _("Before those days, the newest copy of each month"),
                                         0, 120, ANNALIST_BACKUP_KEEP_MONTHS));

  if (database_path != NULL)
    {
      char *folder = annalist_backup_folder (database_path);
      g_autofree char *display = g_filename_display_name (folder);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Folder of the copies"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), display);
      button = gtk_button_new_with_mnemonic (_("Open _Folder"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_data (button, "clicked", G_CALLBACK (open_folder_clicked), folder,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Restore from a _Backup…"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), annalist_ui_decoration ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.restore-backup");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}
