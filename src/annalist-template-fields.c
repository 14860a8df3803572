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
 * the placeholder to type and what it holds. A row copies its
 * placeholder for pasting into Writer. Typing searches: the rows whose
 * label, placeholder or kind hold every word typed stay, in place, so
 * that a found row still copies, and Enter copies the first.
 */

#define G_LOG_DOMAIN "annalist-template-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-preferences-window.h"
#include "annalist-store.h"
#include "annalist-template-fields.h"
#include "annalist-template-private.h"
#include "annalist-ui.h"

/* A row and what it is found by, folded (annalist_fold_words ()). */
typedef struct
{
  GtkWidget *row;
  GtkWidget *group;
  char      *haystack;
} Searched;

typedef struct
{
  GtkWidget *search_bar;
  GtkWidget *stack;
  GtkWidget *intro;
  GPtrArray *groups;    /* GtkWidget* */
  GArray    *searched;  /* Searched */
} Fields;

static void
searched_clear (gpointer data)
{
  g_free (((Searched *) data)->haystack);
}

static void
fields_free (gpointer data)
{
  Fields *fields = data;

  g_ptr_array_unref (fields->groups);
  g_array_unref (fields->searched);
  g_free (fields);
}

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
  g_autofree char *message = g_strdup_printf (_("Copied %s"), text);
  AdwToast *toast = adw_toast_new (message);

  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  adw_toast_set_timeout (toast, 2);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
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

/* Adds @row to @group, to be found by its title, its subtitle and
 * @group's title and name. */
static void
group_add (Fields    *fields,
           GtkWidget *group,
           GtkWidget *row)
{
  g_autofree char *text = g_strjoin (" ",
                                     adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                     adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)),
                                     gtk_widget_get_name (group), NULL);
  Searched searched = { row, group, annalist_fold_words (text) };

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_array_append_val (fields->searched, searched);
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
values_group_new (Fields *fields)
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

      group_add (fields, group, copy_row_new (_(values[i].label), placeholder, placeholder, values[i].name));
    }
  for (guint i = 0; (key = annalist_preferences_setting (i, &label)) != NULL; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("{{setting.%s}}", key);
      g_autofree char *name = g_strdup_printf ("setting.%s", key);

      group_add (fields, group, copy_row_new (_(label), placeholder, placeholder, name));
    }
  return group;
}

static GtkWidget *
kind_group_new (Fields             *fields,
                const AnnalistKind *kind,
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
    group_add (fields, group, field_row_new (kind, &kind->fields[i]));
  return group;
}

/* The first row left by the search. */
static GtkWidget *
first_found (Fields *fields)
{
  for (guint i = 0; i < fields->searched->len; i++)
    {
      Searched *searched = &g_array_index (fields->searched, Searched, i);

      if (gtk_widget_get_visible (searched->row))
        return searched->row;
    }
  return NULL;
}

static void
search_changed (GtkSearchEntry *entry,
                Fields         *fields)
{
  g_autofree char *folded = annalist_fold_words (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  gboolean searching = *folded != '\0';
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < fields->searched->len; i++)
    {
      Searched *searched = &g_array_index (fields->searched, Searched, i);
      gboolean found = TRUE;

      for (guint w = 0; found && words[w] != NULL; w++)
        found = strstr (searched->haystack, words[w]) != NULL;
      gtk_widget_set_visible (searched->row, found);
      if (found)
        g_hash_table_add (shown, searched->group);
    }
  for (guint i = 0; i < fields->groups->len; i++)
    {
      GtkWidget *group = g_ptr_array_index (fields->groups, i);

      gtk_widget_set_visible (group, g_hash_table_contains (shown, group));
    }
  gtk_widget_set_visible (fields->intro, !searching);
  gtk_stack_set_visible_child_name (GTK_STACK (fields->stack), g_hash_table_size (shown) > 0 ? "fields" : "empty");
}

/* Enter copies the first row found. */
static void
search_activated (GtkSearchEntry *entry,
                  Fields         *fields)
{
  GtkWidget *row = first_found (fields);

  if (row != NULL)
    adw_action_row_activate (ADW_ACTION_ROW (row));
}

/* Down goes to the rows found. */
static gboolean
search_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    Fields                *fields)
{
  GtkWidget *row;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || (state & GDK_MODIFIER_MASK) != 0)
    return GDK_EVENT_PROPAGATE;
  row = first_found (fields);
  return row != NULL && gtk_widget_grab_focus (row);
}

static gboolean
start_search (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  Fields *fields = user_data;

  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (fields->search_bar), TRUE);
  gtk_widget_grab_focus (gtk_search_bar_get_child (GTK_SEARCH_BAR (fields->search_bar)));
  return TRUE;
}

GtkWindow *
annalist_template_fields_new (GtkWindow *parent)
{
  Fields *fields = g_new0 (Fields, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *search_button = gtk_toggle_button_new ();
  GtkWidget *entry = gtk_search_entry_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  const AnnalistKind * const *kinds;
  guint n;

  fields->groups = g_ptr_array_new ();
  fields->searched = g_array_new (FALSE, TRUE, sizeof (Searched));
  g_array_set_clear_func (fields->searched, searched_clear);
  g_object_set_data_full (G_OBJECT (window), "annalist-fields", fields, fields_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Template Fields"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_modal (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  gtk_widget_set_name (window, "template-fields");

  gtk_button_set_icon_name (GTK_BUTTON (search_button), "edit-find-symbolic");
  gtk_widget_set_tooltip_text (search_button, _("Search Fields"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (search_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search Fields"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), search_button);
  gtk_box_append (GTK_BOX (box), header);

  fields->search_bar = gtk_search_bar_new ();
  g_object_set (entry, "placeholder-text", _("Label, name or kind"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search Fields"), -1);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_size_request (entry, 320, -1);
  gtk_search_bar_set_child (GTK_SEARCH_BAR (fields->search_bar), entry);
  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (fields->search_bar), GTK_EDITABLE (entry));
  gtk_search_bar_set_key_capture_widget (GTK_SEARCH_BAR (fields->search_bar), window);
  g_object_bind_property (search_button, "active", fields->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed), fields);
  g_signal_connect (entry, "activate", G_CALLBACK (search_activated), fields);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed), fields);
  gtk_widget_add_controller (entry, keys);
  gtk_box_append (GTK_BOX (box), fields->search_bar);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_callback_action_new (start_search, fields, NULL)));
  gtk_widget_add_controller (window, shortcuts);

  fields->intro = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (fields->intro),
                                         _("Inside a loop over a kind, type the name of a field between double "
                                           "braces where its value goes. A reference’s fields follow a dot: "
                                           "{{organisation.short_name}}. A field may be named by its label too, "
                                           "in quotes when it has spaces: {{\"End date\"|date}}."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (fields->intro));
  g_ptr_array_add (fields->groups, values_group_new (fields));
  kinds = annalist_kinds_all (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fields->groups, kind_group_new (fields, kinds[i], FALSE));
  kinds = annalist_computed_kinds (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fields->groups, kind_group_new (fields, kinds[i], TRUE));
  for (guint i = 0; i < fields->groups->len; i++)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), g_ptr_array_index (fields->groups, i));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing Found"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No field’s label, name or kind holds every word typed."));
  fields->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (fields->stack, TRUE);
  /* Panels titled for a screen reader (GTK 4.8 reads an untitled one by
   * its type). */
  gtk_stack_add_titled (GTK_STACK (fields->stack), page, "fields", _("Template Fields"));
  gtk_stack_add_titled (GTK_STACK (fields->stack), empty, "empty", _("Nothing Found"));
  gtk_box_append (GTK_BOX (box), fields->stack);

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  return GTK_WINDOW (window);
}
