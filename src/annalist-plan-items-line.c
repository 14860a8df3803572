/* annalist-plan-items-line.c — a plan's items in its form: one line
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form of a plan lists the records that belong to it; its items,
 * the widest of them, have a page of their own (annalist-plan-items-page.c)
 * and the form shows a line for them instead: how many, and «Open
 * Items», which opens that page on the plan in the window under the form.
 */

#define G_LOG_DOMAIN "annalist-plan-items-line"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-plan-items-page.h"
#include "annalist-window.h"

static void
open_items (GtkWidget *widget)
{
  GtkRoot *form = gtk_widget_get_root (widget);
  GtkWindow *parent = GTK_IS_WINDOW (form) ? gtk_window_get_transient_for (GTK_WINDOW (form)) : NULL;
  gint64 plan_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "plan-id"));
  GtkWidget *page;

  if (parent == NULL || !ANNALIST_IS_WINDOW (parent))
    return;
  annalist_window_show_section (ANNALIST_WINDOW (parent), ANNALIST_PLAN_ITEMS_SECTION);
  page = annalist_window_get_page (ANNALIST_WINDOW (parent));
  if (page == NULL || !ANNALIST_IS_PLAN_ITEMS_PAGE (page))
    return;
  annalist_plan_items_page_set_plan (ANNALIST_PLAN_ITEMS_PAGE (page), plan_id);
  /* The form goes (asking first when it holds changes); the page is
   * under it. */
  gtk_window_close (GTK_WINDOW (form));
  annalist_plan_items_page_focus (ANNALIST_PLAN_ITEMS_PAGE (page));
}

static void
line_count (GtkWidget     *row,
            AnnalistStore *store)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  gint64 n;
  g_autofree char *text = NULL;

  query.parent_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "plan-id"));
  n = annalist_store_count (store, annalist_kind_lookup ("plan_item"), &query, NULL);
  n = MAX (n, 0);
  text = g_strdup_printf (_("Items: %u"), (guint) n);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
}

static void
line_store_changed (AnnalistStore *store,
                    const char    *kind_name,
                    GtkWidget     *row)
{
  if (g_strcmp0 (kind_name, "plan_item") == 0)
    line_count (row, store);
}

GtkWidget *
annalist_plan_items_line_new (AnnalistStore      *store,
                              const AnnalistKind *related,
                              gint64              plan_id)
{
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *label;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  if (related == NULL || !g_str_equal (related->name, "plan_item") || plan_id <= 0)
    return NULL;

  group = adw_preferences_group_new ();
  row = adw_action_row_new ();
  button = gtk_button_new ();
  label = gtk_label_new_with_mnemonic (_("_Open Items"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Items of the plan"));
  g_object_set_data (G_OBJECT (row), "plan-id", GSIZE_TO_POINTER ((gsize) plan_id));
  g_object_set_data (G_OBJECT (button), "plan-id", GSIZE_TO_POINTER ((gsize) plan_id));
  line_count (row, store);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), button);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Show the plan’s items by stage on a page of their own"));
  g_signal_connect (button, "clicked", G_CALLBACK (open_items), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  gtk_widget_add_css_class (row, "annalist-plan-items-line");

  g_signal_connect_object (store, "changed", G_CALLBACK (line_store_changed), row, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}
