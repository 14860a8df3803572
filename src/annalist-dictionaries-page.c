/* annalist-dictionaries-page.c — the «Справочники» page
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values other records choose from (types, levels, kinds, results,
 * the rating's indicators) are set up once and seldom changed: one row
 * each here, rather than fourteen rows of the sidebar. A row opens the
 * dictionary's ordinary list; its header's back button returns here.
 */

#define G_LOG_DOMAIN "annalist-dictionaries-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-dictionaries-page.h"
#include "annalist-field.h"
#include "annalist-ui.h"

struct _AnnalistDictionariesPage
{
  AdwBin         parent_instance;

  AnnalistStore *store;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (AnnalistDictionariesPage, annalist_dictionaries_page, ADW_TYPE_BIN)

/* The rating's indicators are not marked as a dictionary (their records
 * hold more than a name), but are set up the same way, once. */
gboolean
annalist_dictionaries_page_lists (const char *kind_name)
{
  const AnnalistKind *kind = kind_name != NULL ? annalist_kind_lookup (kind_name) : NULL;

  return kind != NULL && (kind->is_dictionary || g_str_equal (kind->name, "rating_indicator"));
}

/* How many values each has, as they are now. */
static void
update_counts (AnnalistDictionariesPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const AnnalistKind *kind = g_object_get_data (G_OBJECT (row), "kind");
      gint64 count;
      g_autofree char *subtitle = NULL;

      if (kind == NULL || self->store == NULL)
        continue;
      count = annalist_store_count (self->store, kind, NULL, NULL);
      /* Translators: the number of a dictionary's values («Значений: 12») */
      subtitle = g_strdup_printf (_("Values: %u"), (guint) MAX (count, 0));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
}

static void
annalist_dictionaries_page_map (GtkWidget *widget)
{
  update_counts (ANNALIST_DICTIONARIES_PAGE (widget));
  GTK_WIDGET_CLASS (annalist_dictionaries_page_parent_class)->map (widget);
}

static void
annalist_dictionaries_page_dispose (GObject *object)
{
  AnnalistDictionariesPage *self = (AnnalistDictionariesPage *) object;

  g_clear_object (&self->store);
  G_OBJECT_CLASS (annalist_dictionaries_page_parent_class)->dispose (object);
}

static void
annalist_dictionaries_page_class_init (AnnalistDictionariesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_dictionaries_page_dispose;
  widget_class->map = annalist_dictionaries_page_map;
}

static void
annalist_dictionaries_page_init (AnnalistDictionariesPage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The values records choose from. Renaming a value "
                                           "renames it in every record that has it."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_bin_set_child (ADW_BIN (self), page);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dictionaries"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));

  /* The plain dictionaries in their order, then the rating's indicators. */
  for (guint i = 0; i <= n_kinds; i++)
    {
      const AnnalistKind *kind = i < n_kinds ? kinds[i] : annalist_kind_lookup ("rating_indicator");
      GtkWidget *row;

      if (kind == NULL || (i < n_kinds && !kind->is_dictionary))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(kind->label));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), annalist_ui_decoration ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-section");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", kind->name);
      g_object_set_data (G_OBJECT (row), "kind", (gpointer) kind);
      gtk_list_box_append (self->list, row);
    }
}

AnnalistDictionariesPage *
annalist_dictionaries_page_new (AnnalistStore *store)
{
  AnnalistDictionariesPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_DICTIONARIES_PAGE, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
annalist_dictionaries_page_focus (AnnalistDictionariesPage *self,
                                  const char               *kind_name)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->list));

  g_return_if_fail (ANNALIST_IS_DICTIONARIES_PAGE (self));

  for (GtkWidget *row = first; row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const AnnalistKind *kind = g_object_get_data (G_OBJECT (row), "kind");

      if (kind != NULL && g_strcmp0 (kind->name, kind_name) == 0)
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

GtkListBox *
annalist_dictionaries_page_get_list (AnnalistDictionariesPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_DICTIONARIES_PAGE (self), NULL);
  return self->list;
}
