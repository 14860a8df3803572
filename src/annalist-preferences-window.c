/* annalist-preferences-window.c — the Preferences window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The district's settings kept in the database (the `setting` table the
 * documents read), described in one small table like the record kinds'
 * fields, and the application's own (backups). A value is saved as it is
 * typed: a moment after the last key, and when the window closes, so
 * nothing typed is lost without Enter. Each save is one change in the
 * history, undone with Ctrl+Z in the main window.
 */

#define G_LOG_DOMAIN "annalist-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-application.h"
#include "annalist-backup-dialog.h"
#include "annalist-date.h"
#include "annalist-preferences-window.h"
#include "annalist-ui.h"

/* How long after the last key a value is saved. */
#define SAVE_DELAY_MS 700

typedef enum
{
  GROUP_ORGANISATION,
  GROUP_TITLE_PAGE,
  GROUP_REPORT,
} SettingGroup;

typedef struct
{
  const char   *key;
  SettingGroup  group;
  const char   *label;
  const char   *tooltip;
  gboolean      is_date;
} SettingField;

/* Every key of the `setting` table the documents and the computed tables
 * read (data/templates: {{setting.KEY}}; src/annalist-computed.c). */
static const SettingField setting_fields[] = {
  { "org_name", GROUP_ORGANISATION, N_("Full name of the organisation"), NULL, FALSE },
  { "org_short_name", GROUP_ORGANISATION, N_("Short name of the organisation"), NULL, FALSE },
  { "founder", GROUP_ORGANISATION, N_("Founder"), NULL, FALSE },
  { "city", GROUP_ORGANISATION, N_("City"), NULL, FALSE },
  { "head_position", GROUP_TITLE_PAGE, N_("Position of the head"), NULL, FALSE },
  { "head_name", GROUP_TITLE_PAGE, N_("Name of the head"), NULL, FALSE },
  { "report_title", GROUP_TITLE_PAGE, N_("Title of the report"), NULL, FALSE },
  { "status_date", GROUP_REPORT, N_("Date of the innovation summary"),
    N_("The summary of statuses is given as of this date (DD.MM.YYYY) when it falls in the "
       "report's year; empty: 1 January of the year"), TRUE },
  { "report_contest_series", GROUP_REPORT, N_("Contest of the products table"),
    N_("The series of the competition whose entries the products table lists; empty: the "
       "year's competition with nominations"), FALSE },
};

#define YEAR_SEPARATOR_KEY "report_year_separator"

const char *
annalist_preferences_setting (guint        i,
                              const char **label)
{
  if (i >= G_N_ELEMENTS (setting_fields))
    return NULL;
  if (label != NULL)
    *label = setting_fields[i].label;
  return setting_fields[i].key;
}

typedef struct
{
  AnnalistPreferencesWindow *self;
  const SettingField        *field;
  AdwEntryRow               *row;
  guint                      timeout;
  gboolean                   dirty;    /* typed since it was saved or shown */
} Entry;

struct _AnnalistPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AnnalistStore        *store;
  Entry                 entries[G_N_ELEMENTS (setting_fields)];
  AdwComboRow          *year_row;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (AnnalistPreferencesWindow, annalist_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* Saving --------------------------------------------------------------------------- */

static gboolean
writable (AnnalistPreferencesWindow *self)
{
  return self->store != NULL && annalist_store_read_only_reason (self->store) == NULL;
}

static void
save_failed (AnnalistPreferencesWindow *self,
             const GError              *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

/* The value to store for what is typed in @entry; NULL when it is not a
 * value (a date that is not one), which the row then shows. */
static char *
typed_value (Entry *entry)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry->row))));
  GDate date;

  if (!entry->field->is_date || *typed == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry->row), "error");
      return g_steal_pointer (&typed);
    }
  if (!annalist_date_parse (typed, &date))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry->row), "error");
      return NULL;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry->row), "error");
  return annalist_date_to_iso (&date);
}

static void
save_entry (Entry *entry)
{
  AnnalistPreferencesWindow *self = entry->self;
  g_autofree char *value = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&entry->timeout, g_source_remove);
  /* Only what was typed here: a value undone in the main window since is
   * not written back. */
  if (!writable (self) || !entry->dirty)
    return;
  value = typed_value (entry);
  if (value == NULL)
    return;
  entry->dirty = FALSE;
  stored = annalist_store_get_setting (self->store, entry->field->key);
  if (g_strcmp0 (stored != NULL ? stored : "", value) == 0)
    return;
  /* What Undo says: the setting as the window names it. */
  label = g_strdup_printf (_("Setting “%s” changed"), _(entry->field->label));
  if (!annalist_store_set_setting_labelled (self->store, entry->field->key, value, label, &error))
    save_failed (self, error);
}

static gboolean
save_later_cb (gpointer data)
{
  Entry *entry = data;

  entry->timeout = 0;
  save_entry (entry);
  return G_SOURCE_REMOVE;
}

static void
entry_changed (Entry *entry)
{
  if (entry->self->loading)
    return;
  entry->dirty = TRUE;
  g_clear_handle_id (&entry->timeout, g_source_remove);
  entry->timeout = g_timeout_add (SAVE_DELAY_MS, save_later_cb, entry);
}

/* Enter saves at once. */
static void
entry_activated (Entry *entry)
{
  save_entry (entry);
}

static void
year_separator_chosen (AnnalistPreferencesWindow *self)
{
  const char *wanted = adw_combo_row_get_selected (self->year_row) == 1 ? "/" : "-";
  g_autofree char *stored = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loading || !writable (self))
    return;
  stored = annalist_store_get_setting (self->store, YEAR_SEPARATOR_KEY);
  if (g_strcmp0 (g_strcmp0 (stored, "/") == 0 ? "/" : "-", wanted) == 0)
    return;
  label = g_strdup_printf (_("Setting “%s” changed"), _("Years are written as"));
  if (!annalist_store_set_setting_labelled (self->store, YEAR_SEPARATOR_KEY, wanted, label, &error))
    save_failed (self, error);
}

void
annalist_preferences_window_flush (AnnalistPreferencesWindow *self)
{
  g_return_if_fail (ANNALIST_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    if (self->entries[i].row != NULL)
      save_entry (&self->entries[i]);
}

/* Building ------------------------------------------------------------------------- */

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  return group;
}

static AdwPreferencesPage *
add_page (AnnalistPreferencesWindow *self,
          const char                *title,
          const char                *icon_name,
          const char                *name)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  adw_preferences_page_set_title (page, title);
  adw_preferences_page_set_icon_name (page, icon_name);
  adw_preferences_page_set_use_underline (page, TRUE);
  adw_preferences_page_set_name (page, name);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  return page;
}

/* The stored value as the row shows it (a date as people write it). */
static char *
shown_value (AnnalistPreferencesWindow *self,
             const SettingField        *field)
{
  char *value = annalist_store_get_setting (self->store, field->key);

  if (field->is_date && value != NULL && *value != '\0')
    {
      char *shown = annalist_date_format (value);

      g_free (value);
      value = shown;
    }
  return value != NULL ? value : g_strdup ("");
}

/* An undo or redo in the main window: the rows not being typed in show
 * what is stored now. */
static void
store_changed (AnnalistPreferencesWindow *self)
{
  g_autofree char *separator = NULL;

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    {
      Entry *entry = &self->entries[i];
      g_autofree char *value = NULL;

      if (entry->row == NULL || entry->dirty)
        continue;
      value = shown_value (self, entry->field);
      if (g_strcmp0 (value, gtk_editable_get_text (GTK_EDITABLE (entry->row))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (entry->row), value);
    }
  if (self->year_row != NULL)
    {
      separator = annalist_store_get_setting (self->store, YEAR_SEPARATOR_KEY);
      adw_combo_row_set_selected (self->year_row, g_strcmp0 (separator, "/") == 0 ? 1 : 0);
    }
  self->loading = FALSE;
}

static void
add_entry (AnnalistPreferencesWindow *self,
           AdwPreferencesGroup       *group,
           guint                      i)
{
  const SettingField *field = &setting_fields[i];
  Entry *entry = &self->entries[i];
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *value = shown_value (self, field);

  entry->self = self;
  entry->field = field;
  entry->row = ADW_ENTRY_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  if (field->tooltip != NULL)
    {
      gtk_widget_set_tooltip_text (row, _(field->tooltip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _(field->tooltip), -1);
    }
  if (!writable (self))
    gtk_editable_set_editable (GTK_EDITABLE (row), FALSE);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (entry_changed), entry);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated), entry);
  adw_preferences_group_add (group, row);
}

static void
add_entries (AnnalistPreferencesWindow *self,
             AdwPreferencesGroup       *group,
             SettingGroup               which)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    if (setting_fields[i].group == which)
      add_entry (self, group, i);
}

static void
add_year_row (AnnalistPreferencesWindow *self,
              AdwPreferencesGroup       *group)
{
  int year = annalist_academic_year_current ();
  g_autofree char *dash = g_strdup_printf ("%d-%d", year, year + 1);
  g_autofree char *slash = g_strdup_printf ("%d/%d", year, year + 1);
  const char *labels[] = { dash, slash, NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);
  g_autofree char *stored = annalist_store_get_setting (self->store, YEAR_SEPARATOR_KEY);

  self->year_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->year_row), _("Years are written as"));
  adw_combo_row_set_model (self->year_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->year_row, g_strcmp0 (stored, "/") == 0 ? 1 : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->year_row), writable (self));
  g_signal_connect_swapped (self->year_row, "notify::selected",
                            G_CALLBACK (year_separator_chosen), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->year_row));
}

static void
build (AnnalistPreferencesWindow *self)
{
  const char *read_only = annalist_store_read_only_reason (self->store);
  GApplication *application = g_application_get_default ();
  GSettings *settings = ANNALIST_IS_APPLICATION (application)
                        ? annalist_application_get_settings (ANNALIST_APPLICATION (application))
                        : NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  self->loading = TRUE;

  page = add_page (self, _("_Organisation"), "x-office-address-book-symbolic", "organisation");
  group = add_group (page, _("The Reporting Organisation"),
                     read_only != NULL ? read_only
                                       : _("Saved as you type; Ctrl+Z in the main window takes "
                                           "a change back."));
  add_entries (self, group, GROUP_ORGANISATION);
  group = add_group (page, _("Title Page"),
                     _("The head's name and position go into the approval block."));
  add_entries (self, group, GROUP_TITLE_PAGE);
  if (read_only != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (page), "annalist-view-only-form");

  page = add_page (self, _("_Documents"), "x-office-document-symbolic", "documents");
  group = add_group (page, _("Academic Years"),
                     _("How a year such as the report's is written in the documents."));
  add_year_row (self, group);
  group = add_group (page, _("The Annual Report"),
                     _("Fonts, margins and the order of sections are the template's: save the "
                       "template from the Documents page, edit it in Writer and load it back."));
  add_entries (self, group, GROUP_REPORT);

  page = add_page (self, _("_Backups"), "document-save-symbolic", "backups");
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (annalist_backup_preferences_new (
                                    settings, annalist_store_get_path (self->store))));

  self->loading = FALSE;
}

/* Lifetime ------------------------------------------------------------------------- */

static gboolean
annalist_preferences_window_close_request (GtkWindow *window)
{
  annalist_preferences_window_flush (ANNALIST_PREFERENCES_WINDOW (window));
  return GTK_WINDOW_CLASS (annalist_preferences_window_parent_class)->close_request (window);
}

static void
annalist_preferences_window_dispose (GObject *object)
{
  AnnalistPreferencesWindow *self = (AnnalistPreferencesWindow *) object;

  if (self->store != NULL)
    annalist_preferences_window_flush (self);
  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    {
      g_clear_handle_id (&self->entries[i].timeout, g_source_remove);
      self->entries[i].row = NULL;
    }
  self->year_row = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_preferences_window_parent_class)->dispose (object);
}

static void
annalist_preferences_window_class_init (AnnalistPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = annalist_preferences_window_dispose;
  window_class->close_request = annalist_preferences_window_close_request;
}

static void
annalist_preferences_window_init (AnnalistPreferencesWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
}

AnnalistPreferencesWindow *
annalist_preferences_window_new (AnnalistStore *store,
                                 GtkWindow     *parent)
{
  AnnalistPreferencesWindow *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  /* The backups' «Restore from a Backup…» is the application's action. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->store = g_object_ref (store);
  build (self);
  annalist_ui_name_toolkit_parts (GTK_WIDGET (self), _("Search preferences"), _("Preference pages"));
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  return self;
}

AdwEntryRow *
annalist_preferences_window_get_row (AnnalistPreferencesWindow *self,
                                     const char                *key)
{
  g_return_val_if_fail (ANNALIST_IS_PREFERENCES_WINDOW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    if (g_str_equal (setting_fields[i].key, key))
      return self->entries[i].row;
  return NULL;
}

AdwComboRow *
annalist_preferences_window_get_year_row (AnnalistPreferencesWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_PREFERENCES_WINDOW (self), NULL);
  return self->year_row;
}
