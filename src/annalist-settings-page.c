/* annalist-settings-page.c — the district's settings kept in the database
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys of the `setting` table that people edit, described in one small
 * table like the record kinds' fields.
 */

#define G_LOG_DOMAIN "annalist-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-backup-dialog.h"
#include "annalist-settings-page.h"
#include "annalist-ui.h"

typedef struct
{
  const char *key;
  const char *label;
} SettingField;

static const SettingField setting_fields[] = {
  { "org_name", N_("Full name of the organisation") },
  { "org_short_name", N_("Short name of the organisation") },
  { "founder", N_("Founder") },
  { "city", N_("City") },
  { "head_position", N_("Position of the head") },
  { "head_name", N_("Name of the head") },
  { "report_title", N_("Title of the report") },
};

struct _AnnalistSettingsPage
{
  AdwBin               parent_instance;

  AnnalistStore       *store;
  GHashTable          *rows;   /* key → AdwEntryRow */

  AdwPreferencesGroup *organisation_group;
};

G_DEFINE_FINAL_TYPE (AnnalistSettingsPage, annalist_settings_page, ADW_TYPE_BIN)

static void
row_applied (AdwEntryRow          *row,
             AnnalistSettingsPage *self)
{
  const SettingField *field = g_object_get_data (G_OBJECT (row), "setting");
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!annalist_store_set_setting (self->store, field->key, value, &error))
    {
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  /* Translators: %s is a setting such as «City» */
  annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new_format (_("“%s” saved"), _(field->label)));
}

/* Values typed without Enter are kept when the page goes (another
 * section chosen, the window closed, the application quit): they were
 * lost silently. */
static void
save_typed (AnnalistSettingsPage *self)
{
  GHashTableIter iter;
  gpointer row;

  if (self->store == NULL || self->rows == NULL || annalist_store_read_only_reason (self->store) != NULL)
    return;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      const SettingField *field = g_object_get_data (G_OBJECT (row), "setting");
      g_autofree char *stored = annalist_store_get_setting (self->store, field->key);
      g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (stored != NULL ? stored : "", typed) != 0 &&
          !annalist_store_set_setting (self->store, field->key, typed, &error))
        g_warning ("“%s” not saved: %s", field->key, error->message);
    }
}

static void
annalist_settings_page_unmap (GtkWidget *widget)
{
  save_typed (ANNALIST_SETTINGS_PAGE (widget));
  GTK_WIDGET_CLASS (annalist_settings_page_parent_class)->unmap (widget);
}

static void
annalist_settings_page_dispose (GObject *object)
{
  AnnalistSettingsPage *self = (AnnalistSettingsPage *) object;

  save_typed (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_SETTINGS_PAGE);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_settings_page_parent_class)->dispose (object);
}

static void
annalist_settings_page_class_init (AnnalistSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_settings_page_dispose;
  widget_class->unmap = annalist_settings_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistSettingsPage, organisation_group);
}

static void
annalist_settings_page_init (AnnalistSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
}

AnnalistSettingsPage *
annalist_settings_page_new (AnnalistStore *store)
{
  AnnalistSettingsPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_SETTINGS_PAGE, NULL);
  self->store = g_object_ref (store);

  for (guint i = 0; i < G_N_ELEMENTS (setting_fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *value = annalist_store_get_setting (store, setting_fields[i].key);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(setting_fields[i].label));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), value);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(setting_fields[i].label), -1);
      g_object_set_data (G_OBJECT (row), "setting", (gpointer) &setting_fields[i]);
      g_signal_connect (row, "apply", G_CALLBACK (row_applied), self);
      adw_preferences_group_add (self->organisation_group, row);
      g_hash_table_insert (self->rows, (gpointer) setting_fields[i].key, row);
    }

  /* A read-only database: the values can be read and copied, and the
   * group says why they cannot be changed. */
  if (annalist_store_read_only_reason (store) != NULL)
    {
      GHashTableIter iter;
      gpointer row;

      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        {
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), FALSE);
          gtk_editable_set_editable (GTK_EDITABLE (row), FALSE);
        }
      adw_preferences_group_set_description (self->organisation_group,
                                             annalist_store_read_only_reason (store));
      gtk_widget_add_css_class (GTK_WIDGET (self->organisation_group), "annalist-view-only-form");
    }
  {
    GApplication *application = g_application_get_default ();
    GSettings *settings = ANNALIST_IS_APPLICATION (application)
                          ? annalist_application_get_settings (ANNALIST_APPLICATION (application))
                          : NULL;

    /* The template's page is the bin's child: not bound, which would
     * have it unparented twice. */
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (adw_bin_get_child (ADW_BIN (self))),
                              ADW_PREFERENCES_GROUP (annalist_backup_preferences_new (
                                settings, annalist_store_get_path (store))));
  }
  return self;
}

AdwEntryRow *
annalist_settings_page_get_row (AnnalistSettingsPage *self,
                                const char           *key)
{
  g_return_val_if_fail (ANNALIST_IS_SETTINGS_PAGE (self), NULL);
  return g_hash_table_lookup (self->rows, key);
}
