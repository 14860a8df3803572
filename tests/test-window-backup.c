/* test-window-backup.c — the day's copy and «Восстановить из резервной копии…»
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window opened on the sample makes the day's copy by itself; the
 * restore dialog lists it with what it holds, and restoring it brings back
 * the state of the morning and keeps the replaced one as a copy.
 */

#include "config.h"

#include <string.h>

#include "annalist-backup.h"
#include "annalist-backup-dialog.h"
#include "window-test.h"

static gboolean
has_backups (gpointer data)
{
  guint wanted = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) backups = annalist_backup_list (annalist_store_get_path (annalist_window_get_store (window)),
                                                       NULL);

  return backups != NULL && backups->len >= wanted;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
test_daily_copy_listed_and_restored (void)
{
  AnnalistStore *before = annalist_window_get_store (window);
  GApplication *application = g_application_get_default ();
  g_autofree char *path = g_strdup (annalist_store_get_path (before));
  g_autofree char *city = annalist_store_get_setting (before, "city");
  g_autofree char *restored_city = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  AnnalistBackupDialog *dialog;
  GtkListBox *list;
  GtkListBoxRow *row;
  const char *subtitle;

  /* Made once the window is drawn, not before. */
  g_assert_true (wait_for (has_backups, GUINT_TO_POINTER (1)));

  /* A change after the copy, which the restore takes back. */
  g_assert_true (annalist_store_set_setting (before, "city", "Город после копии", &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (application), "restore-backup", NULL);
  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ANNALIST_TYPE_BACKUP_DIALOG)));
  dialog = find_window (ANNALIST_TYPE_BACKUP_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  list = GTK_LIST_BOX (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  g_assert_cmpuint (count_rows (list), ==, 1);
  row = gtk_list_box_get_row_at_index (list, 0);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "Daily copy"));
  g_assert_nonnull (strstr (subtitle, "Organisations: "));
  g_assert_null (strstr (subtitle, "Organisations: 0"));

  /* Enter on the row asks first. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_activate (GTK_WIDGET (row));
  respond (wait_for_dialog (), "restore");
  g_assert_true (wait_for (window_gone, dialog));

  g_assert_true (annalist_window_get_store (window) != NULL);
  g_assert_cmpstr (annalist_store_get_path (annalist_window_get_store (window)), ==, path);
  restored_city = annalist_store_get_setting (annalist_window_get_store (window), "city");
  g_assert_cmpstr (restored_city, ==, city);

  backups = annalist_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 2);
  g_assert_cmpint (((AnnalistBackup *) g_ptr_array_index (backups, 0))->reason, ==,
                   ANNALIST_BACKUP_BEFORE_RESTORE);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv, "window-backup", TRUE);

  g_test_add_func ("/window-backup/daily-copy-restored", test_daily_copy_listed_and_restored);

  return window_test_run (NULL);
}
