/* annalist-application.c — command line and application lifetime
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-application"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-application.h"
#include "annalist-report.h"
#include "annalist-sample.h"
#include "annalist-window.h"

struct _AnnalistApplication
{
  AdwApplication  parent_instance;

  char           *database;
  AnnalistStore  *store;
};

G_DEFINE_FINAL_TYPE (AnnalistApplication, annalist_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database FILE instead of the default one"), N_("FILE") },
  { "init-sample", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Create the database with the sample district, then exit"), NULL },
  { "sample-scale", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("With --init-sample: repeat the year's records N times (for benchmarks)"), N_("N") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "export-report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the annual report of the academic YEAR (2022-2023) to --output, then exit"), N_("YEAR") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --export-report: the file to write, .odt or .fodt"), N_("FILE") },
  { NULL }
};

static int
annalist_application_handle_local_options (GApplication *application,
                                           GVariantDict *options)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  const char *database = NULL;
  gint32 scale = 1;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("annalist %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &database))
    {
      g_free (self->database);
      self->database = g_strdup (database);
    }

  g_variant_dict_lookup (options, "sample-scale", "i", &scale);

  if (g_variant_dict_contains (options, "init-sample"))
    {
      if (self->database == NULL)
        {
          g_printerr ("%s\n", _("--init-sample needs --database=FILE: the file to create."));
          return EXIT_FAILURE;
        }
      if (scale < 1 || scale > 100000)
        {
          g_printerr ("%s\n", _("--sample-scale must be a whole number from 1 to 100000."));
          return EXIT_FAILURE;
        }
      if (!annalist_sample_create (self->database, (guint) scale, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "sample-scale"))
    {
      g_printerr ("%s\n", _("--sample-scale only goes with --init-sample."));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "export-report"))
    {
      const char *year = NULL;
      const char *output = NULL;

      g_variant_dict_lookup (options, "export-report", "&s", &year);
      g_variant_dict_lookup (options, "output", "^&ay", &output);
      return annalist_report_command_line (self->database, year, output);
    }

  /* Go on: start the application. */
  return -1;
}

static void
annalist_application_activate (GApplication *application)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (self->store == NULL)
        {
          g_autofree char *path = self->database
            ? g_strdup (self->database)
            : annalist_store_default_path ();

          self->store = annalist_store_open (path, &error);
        }
      window = GTK_WINDOW (annalist_window_new (self, self->store, error));
    }

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
annalist_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (annalist_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
annalist_application_finalize (GObject *object)
{
  AnnalistApplication *self = (AnnalistApplication *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (annalist_application_parent_class)->finalize (object);
}

static void
annalist_application_class_init (AnnalistApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = annalist_application_finalize;
  app_class->handle_local_options = annalist_application_handle_local_options;
  app_class->startup = annalist_application_startup;
  app_class->activate = annalist_application_activate;
}

static void
annalist_application_init (AnnalistApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Records of the district's innovation activity "
                                              "and its annual analytical report."));
}

AnnalistApplication *
annalist_application_new (void)
{
  /* Not unique: each process works on the database it was started with. */
  return g_object_new (ANNALIST_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/annalist/Annalist",
                       NULL);
}

AnnalistStore *
annalist_application_get_store (AnnalistApplication *self)
{
  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), NULL);
  return self->store;
}
