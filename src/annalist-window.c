/* annalist-window.c — the main window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now a summary of the open database: the record lists and forms come
 * next.
 */

#define G_LOG_DOMAIN "annalist-window"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-window.h"

struct _AnnalistWindow
{
  AdwApplicationWindow  parent_instance;

  AnnalistStore        *store;

  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (AnnalistWindow, annalist_window, ADW_TYPE_APPLICATION_WINDOW)

static void
annalist_window_dispose (GObject *object)
{
  AnnalistWindow *self = (AnnalistWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_window_parent_class)->dispose (object);
}

static void
annalist_window_class_init (AnnalistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, status_page);
}

static void
annalist_window_init (AnnalistWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_summary (AnnalistWindow *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  g_string_append_printf (summary, _("Database: %s"), annalist_store_get_path (self->store));
  g_string_append_c (summary, '\n');

  for (guint i = 0; i < n_kinds; i++)
    {
      gint64 count;

      if (kinds[i]->is_dictionary)
        continue;
      count = annalist_store_count (self->store, kinds[i], NULL, NULL);
      if (count > 0)
        g_string_append_printf (summary, "\n%s: %" G_GINT64_FORMAT, _(kinds[i]->label), count);
    }

  adw_status_page_set_description (self->status_page, summary->str);
}

AnnalistWindow *
annalist_window_new (AnnalistApplication *application,
                     AnnalistStore       *store,
                     const GError        *open_error)
{
  AnnalistWindow *self;

  g_return_val_if_fail (ANNALIST_IS_APPLICATION (application), NULL);

  self = g_object_new (ANNALIST_TYPE_WINDOW, "application", application, NULL);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      show_summary (self);
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->status_page, _("The database cannot be opened"));
      adw_status_page_set_description (self->status_page,
                                       open_error ? open_error->message : NULL);
    }

  return self;
}
