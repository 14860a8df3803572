/* annalist-template-fields.c — the kinds and fields a template may name
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A methodologist changing a template in Writer needs the names to type:
 * which kinds a loop can go over and what their fields are called. They
 * are listed here straight from the field descriptors the engine itself
 * resolves names against (annalist-kinds.c and the computed kinds of
 * annalist-computed.c), so the list can never say other than the engine:
 * first the document's own values (its years, today, the settings), then
 * a group a kind, with the loop over it, a row a field, with its label,
 * the placeholder to type and what it holds. The window searches like
 * the preferences, and a row copies its placeholder for pasting into
 * Writer.
 */

#define G_LOG_DOMAIN "annalist-template-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-preferences-window.h"
#include "annalist-template-fields.h"
#include "annalist-template-private.h"
#include "annalist-ui.h"

char *
annalist_template_fields_placeholder (const AnnalistKind  *kind,
                                      const AnnalistField *field)
{
  g_autofree char *name = _annalist_field_name (kind, field);

  return g_strdup_printf ("{{%s}}", name);
}

static const char *
kind_label (const char *name)
{
  const AnnalistKind *kind = annalist_kind_lookup (name);

  return kind != NULL ? _(kind->label) : name;
}

/* What @field holds, for people: «дата», «запись раздела «Организации»». */
static char *
field_holds (const AnnalistField *field)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
      return g_strdup (_("text"));
    case ANNALIST_FIELD_LONG_TEXT:
      return g_strdup (_("text of paragraphs"));
    case ANNALIST_FIELD_INTEGER:
      return g_strdup (_("whole number"));
    case ANNALIST_FIELD_REAL:
      return g_strdup (_("number"));
    case ANNALIST_FIELD_BOOLEAN:
      return g_strdup (_("yes or no"));
    case ANNALIST_FIELD_DATE:
      return g_strdup (_("date; |date writes it as 05.06.2023"));
    case ANNALIST_FIELD_YEAR:
      return g_strdup (_("academic year"));
    case ANNALIST_FIELD_DICTIONARY:
      return g_strdup_printf (_("a value of “%s”"), kind_label (field->target));
    case ANNALIST_FIELD_REFERENCE:
      return g_strdup_printf (_("a record of “%s”; its fields follow a dot"), kind_label (field->target));
    case ANNALIST_FIELD_REFERENCES:
      return g_strdup_printf (_("records of “%s”; |orgs writes them as a list"), kind_label (field->target));
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
copy_clicked (GtkButton *button,
              gpointer   user_data)
{
  const char *text = g_object_get_data (G_OBJECT (button), "placeholder");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *message = g_strdup_printf (_("Copied %s"), text);
  AdwToast *toast = adw_toast_new (message);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  adw_toast_set_timeout (toast, 2);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* A flat button that copies @text. */
static GtkWidget *
copy_button_new (const char *text)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *label = g_strdup_printf (_("Copy %s"), text);

  annalist_ui_flat_icon_button (button, label);
  g_object_set_data_full (G_OBJECT (button), "placeholder", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked), NULL);
  return button;
}

/* A row titled @title over @subtitle that copies @placeholder, named
 * @name for the tests. */
static GtkWidget *
copy_row_new (const char *title,
              const char *subtitle,
              const char *placeholder,
              const char *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = copy_button_new (placeholder);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), copy);
  gtk_widget_set_name (row, name);
  return row;
}

static GtkWidget *
field_row_new (const AnnalistKind  *kind,
               const AnnalistField *field)
{
  g_autofree char *placeholder = annalist_template_fields_placeholder (kind, field);
  g_autofree char *holds = field_holds (field);
  g_autofree char *subtitle = g_strdup_printf ("%s — %s", placeholder, holds);

  return copy_row_new (_(field->label), subtitle, placeholder, field->column);
}


/* What a document knows outside records: its years and today, and the
 * settings of the Preferences window. */
static GtkWidget *
values_group_new (void)
{
  GtkWidget *group = adw_preferences_group_new ();
  const AnnalistDocumentValue *values;
  const char *key, *label;
  guint n;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Values of the Document"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Anywhere in the template; the settings are those of the Preferences window"));
  gtk_widget_set_name (group, "values");
  values = _annalist_document_values (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("{{%s}}", values[i].name);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 copy_row_new (_(values[i].label), placeholder, placeholder, values[i].name));
    }
  for (guint i = 0; (key = annalist_preferences_setting (i, &label)) != NULL; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("{{setting.%s}}", key);
      g_autofree char *name = g_strdup_printf ("setting.%s", key);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), copy_row_new (_(label), placeholder, placeholder, name));
    }
  return group;
}

static GtkWidget *
kind_group_new (const AnnalistKind *kind,
                gboolean            computed)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *loop = g_strdup_printf ("{{#each %s}}", kind->name);
  g_autofree char *description = NULL;

  if (computed)
    description = g_strdup_printf (_("Computed for the document. A loop over it: %s … {{/each}}"), loop);
  else if (kind->year_column != NULL || kind->period_from != NULL)
    description = g_strdup_printf (_("A loop over it: %s … {{/each}}, the records of the document’s academic year"), loop);
  else
    description = g_strdup_printf (_("A loop over it: %s … {{/each}}"), loop);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(kind->label));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), copy_button_new (loop));
  gtk_widget_set_name (group, kind->name);
  for (guint i = 0; i < kind->n_fields; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), field_row_new (kind, &kind->fields[i]));
  return group;
}

GtkWindow *
annalist_template_fields_new (GtkWindow *parent)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *intro = adw_preferences_group_new ();
  const AnnalistKind * const *kinds;
  guint n;

  gtk_window_set_title (GTK_WINDOW (window), _("Template Fields"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_modal (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Kinds and Fields"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "text-x-generic-symbolic");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (intro),
                                         _("Inside a loop over a kind, type the name of a field between double "
                                           "braces where its value goes. A reference’s fields follow a dot: "
                                           "{{organisation.short_name}}. A field may be named by its label too, "
                                           "in quotes when it has spaces: {{\"End date\"|date}}."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (intro));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (values_group_new ()));

  kinds = annalist_kinds_all (&n);
  for (guint i = 0; i < n; i++)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (kind_group_new (kinds[i], FALSE)));
  kinds = annalist_computed_kinds (&n);
  for (guint i = 0; i < n; i++)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (kind_group_new (kinds[i], TRUE)));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return GTK_WINDOW (window);
}
