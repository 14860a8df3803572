/* annalist-import-progress.c — the import assistant's step that runs the
 * import over the whole source, with a progress bar and «Cancel»
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check and the import of 100 000 rows take seconds. They run in the
 * main thread — the store has one SQLite connection, and the main thread
 * uses it (the session's timer writes every minute; it skips a renewal
 * while a transaction is open) — so instead of a worker thread the row
 * callback, every 50 ms, moves the bar (the share of the source's bytes
 * read: annalist_import_get_fraction ()) and lets the main loop turn, so
 * the window draws and takes the «Cancel». A cancelled run is rolled
 * back by the import, and the step says that nothing was imported.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-import-progress.h"

/* How often the bar moves and the main loop turns. */
#define PROGRESS_INTERVAL_US (50 * 1000)
/* Events handled at most at each turn, so that a source always ready
 * cannot hold the run. */
#define PROGRESS_MAX_EVENTS 64

struct _AnnalistImportProgress
{
  AdwBin          parent_instance;

  GtkLabel       *title;
  GtkProgressBar *bar;
  GtkLabel       *note;
  GtkWidget      *cancel_button;
  GtkWidget      *close_button;

  AnnalistImport *import;        /* while a run goes on */
  GCancellable   *cancellable;   /* non-NULL while a run goes on */
  gint64          shown_at;      /* when the bar last moved */
  guint           rows_read;
};

G_DEFINE_FINAL_TYPE (AnnalistImportProgress, annalist_import_progress, ADW_TYPE_BIN)

static void
pump_main_loop (void)
{
  for (guint i = 0; i < PROGRESS_MAX_EVENTS && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
show_rows_read (AnnalistImportProgress *self)
{
  g_autofree char *text = g_strdup_printf (_("Rows read: %u"), self->rows_read);

  gtk_progress_bar_set_text (self->bar, text);
}

static gboolean
on_row (const AnnalistImportRow *row,
        gpointer                 user_data)
{
  AnnalistImportProgress *self = user_data;
  gint64 now = g_get_monotonic_time ();

  self->rows_read++;
  if (now - self->shown_at >= PROGRESS_INTERVAL_US)
    {
      double fraction = annalist_import_get_fraction (self->import);

      if (fraction >= 0)
        gtk_progress_bar_set_fraction (self->bar, fraction);
      else
        gtk_progress_bar_pulse (self->bar);
      show_rows_read (self);
      pump_main_loop ();
      self->shown_at = g_get_monotonic_time ();
    }
  return TRUE;
}

gboolean
annalist_import_progress_run (AnnalistImportProgress *self,
                              AnnalistImport         *import,
                              const char             *title,
                              AnnalistImportFlags     flags,
                              AnnalistImportSummary  *summary,
                              GError                **error)
{
  g_autoptr(AnnalistImportProgress) hold = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  gboolean ok;

  g_return_val_if_fail (ANNALIST_IS_IMPORT_PROGRESS (self), FALSE);
  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (self->cancellable == NULL, FALSE);

  /* The window may be asked to go while the loop turns. */
  hold = g_object_ref (self);
  cancellable = g_cancellable_new ();
  self->cancellable = cancellable;
  self->import = import;
  self->rows_read = 0;
  self->shown_at = g_get_monotonic_time ();
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->note, _("The rows are checked first, then written in one step. "
                                     "«Cancel» leaves the database as it was."));
  gtk_progress_bar_set_fraction (self->bar, 0);
  gtk_progress_bar_set_text (self->bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->bar), TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  gtk_widget_set_visible (self->close_button, FALSE);
  pump_main_loop ();

  ok = annalist_import_run (import, flags, on_row, self, summary, cancellable, error);

  self->cancellable = NULL;
  self->import = NULL;
  gtk_widget_set_visible (self->cancel_button, FALSE);
  if (ok)
    {
      /* The whole source was read. */
      gtk_progress_bar_set_fraction (self->bar, 1.0);
      show_rows_read (self);
    }
  return ok;
}

gboolean
annalist_import_progress_is_running (AnnalistImportProgress *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_PROGRESS (self), FALSE);
  return self->cancellable != NULL;
}

void
annalist_import_progress_cancel (AnnalistImportProgress *self)
{
  g_return_if_fail (ANNALIST_IS_IMPORT_PROGRESS (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  gtk_label_set_label (self->note, _("Cancelling…"));
}

void
annalist_import_progress_show_cancelled (AnnalistImportProgress *self)
{
  g_return_if_fail (ANNALIST_IS_IMPORT_PROGRESS (self));

  gtk_label_set_label (self->title, _("Import Cancelled"));
  gtk_label_set_label (self->note, _("Nothing was imported: the database is exactly as it was before."));
  gtk_widget_set_visible (GTK_WIDGET (self->bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->close_button, TRUE);
}

GtkProgressBar *
annalist_import_progress_get_bar (AnnalistImportProgress *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_PROGRESS (self), NULL);
  return self->bar;
}

static void
close_clicked (AnnalistImportProgress *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
}

static void
annalist_import_progress_class_init (AnnalistImportProgressClass *klass)
{
}

static void
annalist_import_progress_init (AnnalistImportProgress *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-2");
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_justify (self->title, GTK_JUSTIFY_CENTER);
  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->bar, TRUE);
  gtk_progress_bar_set_pulse_step (self->bar, 0.05);
  self->note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->note, TRUE);
  gtk_label_set_justify (self->note, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "dim-label");
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  self->close_button = gtk_button_new_with_mnemonic (_("_Close"));
  gtk_widget_add_css_class (self->cancel_button, "pill");
  gtk_widget_add_css_class (self->close_button, "pill");
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (annalist_import_progress_cancel), self);
  g_signal_connect_swapped (self->close_button, "clicked", G_CALLBACK (close_clicked), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->close_button);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->note));
  gtk_box_append (GTK_BOX (box), buttons);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 520);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_bin_set_child (ADW_BIN (self), clamp);
}

GtkWidget *
annalist_import_progress_new (void)
{
  return g_object_new (ANNALIST_TYPE_IMPORT_PROGRESS, NULL);
}
