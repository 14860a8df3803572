/* annalist-application.c — command line and application lifetime
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-application.h"
#include "annalist-backup.h"
#include "annalist-backup-dialog.h"
#include "annalist-closed-year.h"
#include "annalist-documents.h"
#include "annalist-editor.h"
#include "annalist-file-dialog.h"
#include "annalist-import.h"
#include "annalist-list-export.h"
#include "annalist-recent.h"
#include "annalist-sample.h"
#include "annalist-ui.h"
#include "annalist-window.h"

struct _AnnalistApplication
{
  AdwApplication  parent_instance;

  char           *database;
  AnnalistStore  *store;
  GSettings      *settings;
  guint           backups_running;  /* the day's copies under way in threads */
  GMenu          *recent_menu;      /* the main menu's «Recent Databases» */
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
  { "export", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the document of TEMPLATE (an id, a name, or an .odt/.ott/.fodt file) to --output, then exit"),
    N_("TEMPLATE") },
  { "year", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the academic year of the document (2022-2023)"), N_("YEAR") },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the first academic year of a document for a period (2020-2021)"), N_("YEAR") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the last academic year of a document for a period (2022-2023)"), N_("YEAR") },
  { "organisation", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the organisation of the document, by its number in the database, its exact short or full name"),
    N_("ORGANISATION") },
  { "plan", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the plan of the document, by its number or exact title"), N_("PLAN") },
  { "project", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the project of the document, by its number or exact topic"), N_("PROJECT") },
  { "export-report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the annual report of the academic YEAR (2022-2023) to --output, then exit"), N_("YEAR") },
  { "signed-report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the report kept when the academic YEAR (2022-2023) was closed to --output, then exit"),
    N_("YEAR") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --export or --export-report: the file to write, .odt or .fodt"), N_("FILE") },
  { "export-list", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write every record of KIND (its table or its name; with --year, of that year) with every field to --output, .csv or .ods, then exit"),
    N_("KIND") },
  { "import", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Add records of KIND (a table name such as event, or «Мероприятия») from --input, then exit"),
    N_("KIND") },
  { "input", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --import: the file to read, .csv, .tsv, .txt, .ods or .xlsx, its first row the header"),
    N_("FILE") },
  { "mapping", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import: which column goes to which field, COLUMN=FIELD,… (a header or its number; a field's name, or «пропустить»)"),
    N_("MAPPING") },
  { "sheet", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import: the sheet of an .ods or .xlsx file (the first by default)"), N_("SHEET") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import: check every row and say what would happen, writing nothing"), NULL },
  { "skip-bad", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import: write the good rows even when others are rejected"), NULL },
  { "create-values", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import: add values that are not in their dictionaries yet"), NULL },
  { "list-templates", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the templates of documents: id, name and parameters, a line each, then exit"), NULL },
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

  if (g_variant_dict_contains (options, "import"))
    {
      AnnalistImportOptions import = { self->database };

      g_variant_dict_lookup (options, "import", "&s", &import.kind);
      g_variant_dict_lookup (options, "input", "^&ay", &import.input);
      g_variant_dict_lookup (options, "mapping", "&s", &import.mapping);
      g_variant_dict_lookup (options, "sheet", "&s", &import.sheet);
      import.dry_run = g_variant_dict_contains (options, "dry-run");
      import.skip_bad = g_variant_dict_contains (options, "skip-bad");
      import.create_values = g_variant_dict_contains (options, "create-values");
      return annalist_import_command (&import);
    }

  if (g_variant_dict_contains (options, "list-templates"))
    return annalist_documents_list_command (self->database);

  if (g_variant_dict_contains (options, "export-list"))
    {
      const char *kind = NULL, *year = NULL, *output = NULL;

      g_variant_dict_lookup (options, "export-list", "&s", &kind);
      g_variant_dict_lookup (options, "year", "&s", &year);
      g_variant_dict_lookup (options, "output", "^&ay", &output);
      return annalist_list_export_command (self->database, kind, year, output);
    }

  if (g_variant_dict_contains (options, "signed-report"))
    {
      const char *year = NULL, *output = NULL;

      g_variant_dict_lookup (options, "signed-report", "&s", &year);
      g_variant_dict_lookup (options, "output", "^&ay", &output);
      return annalist_closed_year_report_command (self->database, year, output);
    }

  if (g_variant_dict_contains (options, "export-report") || g_variant_dict_contains (options, "export"))
    {
      AnnalistExportOptions export = { self->database, ANNALIST_DOCUMENT_ANNUAL_REPORT };

      if (g_variant_dict_contains (options, "export-report"))
        g_variant_dict_lookup (options, "export-report", "&s", &export.year);
      else
        {
          g_variant_dict_lookup (options, "export", "&s", &export.which);
          g_variant_dict_lookup (options, "year", "&s", &export.year);
          g_variant_dict_lookup (options, "from", "&s", &export.from);
          g_variant_dict_lookup (options, "to", "&s", &export.to);
        }
      g_variant_dict_lookup (options, "output", "^&ay", &export.output);
      g_variant_dict_lookup (options, "organisation", "&s", &export.organisation);
      g_variant_dict_lookup (options, "plan", "&s", &export.plan);
      g_variant_dict_lookup (options, "project", "&s", &export.project);
      return annalist_documents_export_command (&export);
    }

  /* Go on: start the application. */
  return -1;
}

/* Settings -------------------------------------------------------------------------- */

/* The schema is installed with the application; an uninstalled build
 * (./build/src/annalist, the tests) finds it compiled in the build
 * directory. Without either, nothing is remembered, and that is all. */
static GSettings *
settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL && g_file_test (BUILD_DATADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      g_autoptr(GSettingsSchemaSource) build =
        g_settings_schema_source_new_from_directory (BUILD_DATADIR, source, FALSE, NULL);

      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APPLICATION_ID, FALSE);
    }
  if (schema == NULL)
    {
      g_debug ("The settings schema %s is not installed: nothing is remembered.",
               APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* The main menu's recent databases: the file the user data folder keeps
 * (annalist-recent.c), and the menu made from it. */
static void
note_recent (AnnalistApplication *self,
             const char          *path)
{
  g_autofree char *file = annalist_recent_file ();
  g_autoptr(GError) error = NULL;

  if (!annalist_recent_add (file, path, &error))
    g_warning ("The recent databases are not kept: %s", error->message);
  if (self->recent_menu != NULL)
    annalist_recent_fill_menu (self->recent_menu, file);
}

GMenuModel *
annalist_application_get_recent_menu (AnnalistApplication *self)
{
  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), NULL);

  if (self->recent_menu == NULL)
    {
      g_autofree char *file = annalist_recent_file ();

      self->recent_menu = g_menu_new ();
      annalist_recent_fill_menu (self->recent_menu, file);
    }
  return G_MENU_MODEL (self->recent_menu);
}

/* The key is a string, which must be UTF-8: a path in another encoding
 * (a folder named on an old system, a flash drive's) is kept as its
 * file:// URI, which escapes the bytes; the path is made absolute, so
 * that the next start finds it from any folder. */
static void
remember_database (AnnalistApplication *self,
                   const char          *path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *uri = NULL;

  note_recent (self, path);
  if (self->settings == NULL)
    return;
  absolute = g_canonicalize_filename (path, NULL);
  if (g_utf8_validate (absolute, -1, NULL))
    g_settings_set_string (self->settings, "last-database", absolute);
  else if ((uri = g_filename_to_uri (absolute, NULL, NULL)) != NULL)
    g_settings_set_string (self->settings, "last-database", uri);
}

/* The database the window opens at start: the --database given, else the
 * one remembered, else the default one. Only the default one is created
 * when it is not there (the first start): a mistyped --database must not
 * become a new database with its folders; the window then says so, and
 * «New Database…» makes one. */
static char *
database_to_open (AnnalistApplication *self,
                  gboolean            *may_create)
{
  g_autofree char *last = NULL;
  g_autofree char *last_path = NULL;

  *may_create = FALSE;
  if (self->database != NULL)
    return g_strdup (self->database);
  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-database");
  if (last != NULL && g_str_has_prefix (last, "file://"))
    last_path = g_filename_from_uri (last, NULL, NULL);
  else if (last != NULL && *last != '\0')
    last_path = g_steal_pointer (&last);
  /* A last database that was moved away: the default one, rather than a
   * new empty file where it was. */
  if (last_path != NULL && g_file_test (last_path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last_path);
  *may_create = TRUE;
  return annalist_store_default_path ();
}

/* Databases ----------------------------------------------------------------------- */

static AnnalistWindow *
main_window (AnnalistApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (ANNALIST_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
show_open_error (GtkWindow    *parent,
                 const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Database Cannot Be Opened"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  annalist_ui_present (GTK_WINDOW (dialog));
}

/* A copy cannot be written over a database opened read-only. */
static void
update_store_actions (AnnalistApplication *self)
{
  GAction *restore = g_action_map_lookup_action (G_ACTION_MAP (self), "restore-backup");

  if (G_IS_SIMPLE_ACTION (restore))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (restore),
                                 self->store != NULL &&
                                 annalist_store_read_only_reason (self->store) == NULL);
}

static void
use_store (AnnalistApplication *self,
           AnnalistStore       *store)
{
  AnnalistWindow *window = main_window (self);

  g_set_object (&self->store, store);
  remember_database (self, annalist_store_get_path (store));
  update_store_actions (self);
  if (window != NULL)
    annalist_window_set_store (window, store, NULL);
}

/* Backups ------------------------------------------------------------------------ */

static void
backed_up_today (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AnnalistApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->backups_running--;
  if (!annalist_backup_daily_finish (result, NULL, &error))
    {
      g_warning ("%s", error->message);
      if (main_window (self) != NULL)
        annalist_window_add_toast (main_window (self), adw_toast_new (error->message));
    }
}

/* The day's copy of the database the window opened, in a thread with a
 * connection of its own: 0.2 s for a 10 MB database (the sample ×100)
 * must not freeze the window. */
static void
back_up_today (AnnalistApplication *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days = ANNALIST_BACKUP_KEEP_DAYS, months = ANNALIST_BACKUP_KEEP_MONTHS;

  if (self->store == NULL)
    return;
  if (self->settings != NULL)
    {
      days = g_settings_get_int (self->settings, "backup-keep-days");
      months = g_settings_get_int (self->settings, "backup-keep-months");
    }
  self->backups_running++;
  annalist_backup_daily_async (annalist_store_get_path (self->store), now, days, months,
                               NULL, backed_up_today, g_object_ref (self));
}

gboolean
annalist_application_restore_backup (AnnalistApplication *self,
                                     const char          *path,
                                     GtkWindow           *parent)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(AnnalistStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) windows = NULL;
  AnnalistWindow *window = main_window (self);
  gboolean restored;

  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  /* The forms are made for the database being replaced (the user was
   * told so before confirming). */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    if (ANNALIST_IS_EDITOR (l->data))
      gtk_window_destroy (GTK_WINDOW (l->data));

  restored = annalist_backup_restore (self->store, path, now, &reopened, &error);
  if (reopened != self->store)
    {
      if (reopened != NULL)
        use_store (self, reopened);
      else
        {
          g_clear_object (&self->store);
          if (window != NULL)
            annalist_window_set_store (window, NULL, error);
        }
    }
  if (!restored)
    {
      annalist_ui_show_error (parent ? GTK_WIDGET (parent) : NULL,
                              _("The Copy Was Not Restored"), error->message);
      return FALSE;
    }
  if (window != NULL)
    annalist_window_add_toast (window, adw_toast_new (_("The copy is restored; the previous "
                                                        "state is kept as a backup")));
  return TRUE;
}

static void
restore_backup_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->store == NULL)
    return;
  annalist_ui_present (GTK_WINDOW (annalist_backup_dialog_new (self, parent)));
}

gboolean
annalist_application_open_database (AnnalistApplication *self,
                                    const char          *path,
                                    GtkWindow           *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;

  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* The store refuses files that are not ours, and a path that is not
   * there, and leaves them as they are. */
  store = annalist_store_open_existing (path, &error);
  if (store == NULL)
    {
      show_open_error (parent, error);
      return FALSE;
    }
  use_store (self, store);
  back_up_today (self);
  return TRUE;
}

static const AnnalistFileType database_types[] = {
  { N_("Annalist databases"), "*.db;*.sqlite", "application/vnd.sqlite3;application/x-sqlite3", ".db" },
};

typedef enum
{
  CHOOSE_OPEN,
  CHOOSE_NEW,
  CHOOSE_COPY,
} ChooseFor;

static void
database_chosen (GObject  *owner,
                 GFile    *file,
                 gpointer  user_data)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (owner);
  ChooseFor purpose = GPOINTER_TO_INT (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      switch (purpose)
        {
        case CHOOSE_OPEN:
          annalist_application_open_database (self, path, parent);
          break;

        case CHOOSE_NEW:
          {
            g_autoptr(AnnalistStore) store = annalist_store_create (path, &error);

            if (store == NULL)
              show_open_error (parent, error);
            else
              use_store (self, store);
          }
          break;

        case CHOOSE_COPY:
          if (self->store == NULL)
            break;
          if (!annalist_store_backup (self->store, path, &error))
            show_open_error (parent, error);
          else if (main_window (self) != NULL)
            {
              g_autofree char *name = g_filename_display_basename (path);
              /* Translators: %s is a file name */
              annalist_window_add_toast (main_window (self),
                                         adw_toast_new_format (_("A copy is saved as “%s”"),
                                                               name));
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_application_release (G_APPLICATION (self));
}

static void
choose_file (AnnalistApplication *self,
             ChooseFor            purpose)
{
  GtkWidget *parent = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self)));

  /* The application lives until the answer, with or without a window. */
  g_application_hold (G_APPLICATION (self));
  switch (purpose)
    {
    case CHOOSE_OPEN:
      annalist_file_dialog_open (parent, _("Open a Database"), _("_Open"),
                                 database_types, G_N_ELEMENTS (database_types),
                                 G_OBJECT (self), database_chosen, GINT_TO_POINTER (purpose));
      break;
    case CHOOSE_NEW:
      annalist_file_dialog_save (parent, _("New Database"), _("_Create"), _("district.db"),
                                 database_types, G_N_ELEMENTS (database_types),
                                 G_OBJECT (self), database_chosen, GINT_TO_POINTER (purpose));
      break;
    case CHOOSE_COPY:
      {
        g_autofree char *name = g_filename_display_basename (annalist_store_get_path (self->store));
        g_autofree char *stem = g_strndup (name, strcspn (name, "."));
        /* Translators: the suggested name of a copy; %s is the database's name */
        g_autofree char *copy = g_strdup_printf (_("%s (copy).db"), stem);

        annalist_file_dialog_save (parent, _("Save a Copy of the Database"), _("_Save"), copy,
                                   database_types, G_N_ELEMENTS (database_types),
                                   G_OBJECT (self), database_chosen, GINT_TO_POINTER (purpose));
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Lifetime ---------------------------------------------------------------------------- */

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
          gboolean may_create;
          g_autofree char *path = database_to_open (self, &may_create);

          self->store = may_create ? annalist_store_open (path, &error)
                                   : annalist_store_open_existing (path, &error);
          if (self->store != NULL)
            remember_database (self, path);
          update_store_actions (self);
        }
      window = GTK_WINDOW (annalist_window_new (self, self->store, error));

      if (self->settings != NULL)
        {
          g_settings_bind (self->settings, "window-width", window, "default-width",
                           G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-height", window, "default-height",
                           G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-maximized", window, "maximized",
                           G_SETTINGS_BIND_DEFAULT);
        }
      back_up_today (self);
    }

  annalist_ui_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  choose_file (ANNALIST_APPLICATION (user_data), CHOOSE_OPEN);
}

static void
new_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  choose_file (ANNALIST_APPLICATION (user_data), CHOOSE_NEW);
}

static void
save_copy_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (user_data);

  if (self->store != NULL)
    choose_file (self, CHOOSE_COPY);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Annalist authors"), NULL };
  static gboolean icon_path_added;
  GtkWidget *about;

  /* Uninstalled, the application icon comes from the checkout; added
   * here, not at start-up, where it made the icon theme look again. */
  if (annalist_application_is_uninstalled () && !icon_path_added)
    {
      gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      SOURCE_ICONDIR);
      icon_path_added = TRUE;
    }

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (application),
                        "application-name", _("Annalist"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Records of the district's innovation activity "
                                      "and its annual analytical report."),
                        "developer-name", _("The Annalist authors"),
                        "developers", developers,
                        "copyright", _("© 2026 The Annalist authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/annalist/annalist",
                        "issue-url", "https://github.com/annalist/annalist/issues",
                        /* Translators: your names, one a line, to credit the translation */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The guide is one HTML file with its figures inlined, so that the OpenURI
 * portal, which passes the browser that file alone, shows it whole. It is
 * written in Russian only. */
static GFile *
find_user_guide (void)
{
  const char *dir = annalist_application_is_uninstalled () ? BUILD_DATADIR "/help" : HELPDIR;
  g_autoptr(GFile) guide = g_file_new_build_filename (dir, "ru", "guide.html", NULL);

  if (!g_file_query_exists (guide, NULL))
    return NULL;
  return g_steal_pointer (&guide);
}

static void
show_help_error (GtkWindow  *parent,
                 const char *message)
{
  if (parent == NULL)
    g_warning ("%s", message);
  else
    annalist_ui_show_error (GTK_WIDGET (parent), _("The User Guide Cannot Be Opened"), message);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  g_autoptr(GFile) guide = find_user_guide ();
  g_autofree char *uri = NULL;

  if (guide == NULL)
    {
      /* Translators: %s is a folder */
      g_autofree char *message = g_strdup_printf (_("The user guide is not installed in “%s”."),
                                                  annalist_application_is_uninstalled ()
                                                  ? BUILD_DATADIR "/help" : HELPDIR);

      show_help_error (parent, message);
      return;
    }

  uri = g_file_get_uri (guide);
  /* The guide is a web page (HTML), read in a browser. */
  annalist_ui_launch_uri (GTK_WIDGET (parent), uri, _("The User Guide Cannot Be Opened"),
                          _("The user guide could not be opened"),
                          _("no web browser was found to show it"));
}

/* A recent database opens as «Open Database…» opens the one chosen. */
static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (user_data);

  annalist_application_open_database (self, g_variant_get_string (parameter, NULL),
                                      gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "open", open_activated },
  { "open-recent", open_recent_activated, "s" },
  { "new", new_activated },
  { "save-copy", save_copy_activated },
  { "restore-backup", restore_backup_activated },
  { "about", about_activated },
  { "help", help_activated },
};

static void
annalist_application_startup (GApplication *application)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (application);

  G_APPLICATION_CLASS (annalist_application_parent_class)->startup (application);

  self->settings = settings_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.open",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.help",
                                         (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                         "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
}

/* Quitting closes the database, whoever still holds the store: the
 * windows go first (their pages and forms hold it too), then the
 * connection, so that no reference left somewhere keeps the file open
 * past the quit. */
static void
annalist_application_shutdown (GApplication *application)
{
  AnnalistApplication *self = ANNALIST_APPLICATION (application);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Held: destroying one window may destroy others (its forms). */
  g_list_foreach (windows, (GFunc) (void (*) (void)) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  if (self->store != NULL)
    annalist_store_close (self->store);
  g_clear_object (&self->store);

  /* A day's copy still being made has the file open through its own
   * connection: it is let finish (a fraction of a second), so that the
   * copy is whole and nothing holds the file after the quit. */
  while (self->backups_running > 0)
    g_main_context_iteration (NULL, TRUE);

  G_APPLICATION_CLASS (annalist_application_parent_class)->shutdown (application);
}

static void
annalist_application_finalize (GObject *object)
{
  AnnalistApplication *self = (AnnalistApplication *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
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
  app_class->shutdown = annalist_application_shutdown;
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

/* Whether this process is a program in the build directory
 * (./build/src/annalist, the tests): it then reads the translations and
 * the user guide built beside it, not those of an installed copy, which
 * may be older or absent. */
gboolean
annalist_application_is_uninstalled (void)
{
  static gsize uninstalled = 0;

  if (g_once_init_enter (&uninstalled))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      gboolean in_build = exe != NULL && g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S);

      g_once_init_leave (&uninstalled, in_build ? 2 : 1);
    }
  return uninstalled == 2;
}

GSettings *
annalist_application_get_settings (AnnalistApplication *self)
{
  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), NULL);
  return self->settings;
}

AnnalistStore *
annalist_application_get_store (AnnalistApplication *self)
{
  g_return_val_if_fail (ANNALIST_IS_APPLICATION (self), NULL);
  return self->store;
}
