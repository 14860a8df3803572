/* annalist-list-export-ui.c — «Export the List…» and «Copy Rows» in the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-file-dialog.h"
#include "annalist-exporter.h"
#include "annalist-list-export-ui.h"
#include "annalist-list-export.h"
#include "annalist-ui.h"

static const AnnalistFileType list_types[] = {
  { N_("Comma-separated values (.csv)"), "*.csv", "text/csv", ".csv" },
  { N_("OpenDocument spreadsheet (.ods)"), "*.ods", "application/vnd.oasis.opendocument.spreadsheet",
    ".ods" },
};

static GArray *
fields_of (AnnalistListPage *page,
           gboolean          all)
{
  return all ? annalist_list_export_all_fields (annalist_list_page_get_kind (page))
             : annalist_list_page_get_shown_fields (page);
}

static void
file_chosen (GObject *owner,
             GFile   *file,
             gpointer user_data)
{
  AnnalistListPage *page = ANNALIST_LIST_PAGE (owner);
  gboolean all = GPOINTER_TO_INT (user_data);
  g_autoptr(GArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GListModel *rows;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  rows = annalist_list_page_get_rows (page);
  fields = fields_of (page, all);
  if (path == NULL || rows == NULL ||
      !annalist_list_export_write (annalist_list_page_get_store (page),
                                   annalist_list_page_get_kind (page), rows, fields, path,
                                   &error))
    {
      annalist_ui_show_error (GTK_WIDGET (page), _("The List Was Not Exported"),
                              error ? error->message
                                    : _("The list can only be written to a local file."));
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (file);
    g_autofree char *message = g_strdup_printf (_("The list is written to “%s”"), name);

    /* With «Open», as a document's export. */
    annalist_exporter_show_saved (GTK_WIDGET (page), message, file);
  }
}

static void
columns_chosen (AdwMessageDialog *dialog,
                const char       *response,
                AnnalistListPage *page)
{
  const AnnalistKind *kind = annalist_list_page_get_kind (page);
  g_autofree char *name = NULL;
  gboolean all;

  if (g_str_equal (response, "cancel"))
    return;
  all = g_str_equal (response, "all");
  name = annalist_list_export_file_name (kind, annalist_list_page_get_year (page), ".csv");
  annalist_file_dialog_save (GTK_WIDGET (page), _("Export the List"), _("_Export"), name,
                             list_types, G_N_ELEMENTS (list_types), G_OBJECT (page),
                             file_chosen, GINT_TO_POINTER (all));
}

void
annalist_list_export_ask (AnnalistListPage *page)
{
  GtkRoot *root;
  AdwMessageDialog *dialog;
  guint n;
  g_autofree char *body = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (page));

  root = gtk_widget_get_root (GTK_WIDGET (page));
  n = annalist_list_page_get_count (page);
  body = g_strdup_printf (_("Records the list shows now: %u. They go to a spreadsheet (.csv or "
                            ".ods) with the list’s columns, or with every field, as an import "
                            "takes them back."), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("Export the List"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "listed", _("Only the List’s Columns"),
                                    "all", _("All Fields"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "all", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "all");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (columns_chosen), page, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
annalist_list_export_copy (AnnalistListPage *page)
{
  g_autoptr(GArray) fields = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GListModel *rows;
  guint n;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (page));

  rows = annalist_list_page_get_rows (page);
  if (rows == NULL)
    return;
  n = g_list_model_get_n_items (rows);
  fields = annalist_list_page_get_shown_fields (page);
  text = annalist_list_export_text (annalist_list_page_get_store (page),
                                    annalist_list_page_get_kind (page), rows, fields);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (page)), text);
  message = g_strdup_printf (_("Rows copied: %u"), n);
  annalist_ui_add_toast (GTK_WIDGET (page), adw_toast_new (message));
}
