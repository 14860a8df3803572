/* annalist-open-failed.c — a document that no application here opens
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * «Open» after an export asks the desktop for the application of the
 * file's type. Where there is none (no office suite installed, a bare
 * desktop), the file is still written: the dialog says where, so that it
 * can be found, and shows it in the file manager.
 */

#define G_LOG_DOMAIN "annalist-open-failed"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-open-failed.h"
#include "annalist-ui.h"

typedef struct
{
  GtkWidget *widget;
  GFile     *file;
} Showing;

static void
showing_free (Showing *showing)
{
  g_clear_object (&showing->widget);
  g_clear_object (&showing->file);
  g_free (showing);
}

/* The file manager did not answer: the folder, in whatever opens
 * folders. */
static void
open_folder (Showing *showing)
{
  g_autoptr(GFile) folder = g_file_get_parent (showing->file);
  g_autofree char *uri = folder ? g_file_get_uri (folder) : NULL;
  g_autofree char *name = g_file_get_basename (showing->file);
  g_autofree char *display_name = g_filename_display_name (name);
  /* Translators: %s is a file's name */
  g_autofree char *what = g_strdup_printf (_("The folder of “%s” could not be opened"),
                                           display_name);

  if (uri != NULL)
    annalist_ui_launch_uri (showing->widget, uri, _("The Folder Cannot Be Opened"), what,
                            _("no application for opening folders was found"));
}

static void
shown (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Showing *showing = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                            &error);

  if (reply == NULL)
    {
      g_message ("No file manager shows the file: %s", error->message);
      open_folder (showing);
    }
  showing_free (showing);
}

static void
show_in_folder (Showing *showing)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *uri = g_file_get_uri (showing->file);
  const char *uris[] = { uri, NULL };

  if (bus == NULL)
    {
      open_folder (showing);
      showing_free (showing);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, 5000, NULL, shown, showing);
}

static void
answered (AdwMessageDialog *dialog,
          const char       *response,
          Showing          *showing)
{
  if (g_str_equal (response, "show"))
    {
      Showing *copy = g_new0 (Showing, 1);

      copy->widget = g_object_ref (showing->widget);
      copy->file = g_object_ref (showing->file);
      show_in_folder (copy);
    }
}

void
annalist_open_failed_show (GtkWidget    *widget,
                           GFile        *file,
                           const GError *error)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root;
  AdwMessageDialog *dialog;
  Showing *showing;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));

  folder = g_file_get_parent (file);
  name = g_file_get_basename (file);
  display_name = g_filename_display_name (name);
  if (folder != NULL)
    {
      g_autofree char *path = g_file_get_path (folder);

      folder_path = path ? g_filename_display_name (path) : g_file_get_parse_name (folder);
    }
  g_message ("Could not open %s: %s", display_name, error ? error->message : "?");

  {
    /* Translators: %s is a file's name; the path of its folder follows on
     * a line of its own */
    g_autofree char *said = g_strdup_printf (_("No application here opens “%s”. The file is "
                                               "saved in the folder"), display_name);

    body = g_strdup_printf ("%s\n\n%s\n\n%s", said, folder_path ? folder_path : "",
                            _("Open it from there with an office suite (LibreOffice Writer "
                              "opens .odt and .ods files)."));
  }
  root = gtk_widget_get_root (widget);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("The File Cannot Be Opened"), body));
  adw_message_dialog_add_responses (dialog,
                                    "close", _("_Close"),
                                    "show", _("_Show in Folder"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "show", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "show");
  adw_message_dialog_set_close_response (dialog, "close");

  showing = g_new0 (Showing, 1);
  showing->widget = g_object_ref (widget);
  showing->file = g_object_ref (file);
  g_signal_connect_data (dialog, "response", G_CALLBACK (answered), showing,
                         (GClosureNotify) (void (*) (void)) showing_free, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}
