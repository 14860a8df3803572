/* annalist-window-keys.c — the main window by keyboard
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the focus goes, so that the keyboard works without the mouse:
 *
 *  - into the page shown, at start and after every page switch: a list's
 *    rows (the selected one, or the first), the indicators' first cell;
 *  - Tab from the search to the rows, one more Tab to the column headers
 *    (one stop: Left and Right go along them), one more out of the page;
 *    Shift+Tab back the same way;
 *  - F6 (and Shift+F6) between the sidebar and the page; the sidebar is one
 *    Tab stop (Up and Down go along its sections);
 *  - Ctrl+Page Down / Ctrl+Page Up to the next / previous section;
 *  - Ctrl+E exports what the page shown exports (the report, the list,
 *    the document of the focused row); Ctrl+Shift+F searches every kind.
 *
 * The window's capture-phase key controller sees these keys before the
 * widget with the focus does (a scrolled window would scroll on
 * Ctrl+Page Down, a search entry would keep Tab).
 */

#define G_LOG_DOMAIN "annalist-window"

#include "config.h"

#include "annalist-documents-page.h"
#include "annalist-find-all.h"
#include "annalist-indicator-page.h"
#include "annalist-list-page.h"
#include "annalist-report-page.h"
#include "annalist-ui.h"
#include "annalist-window-keys.h"
#include "annalist-window-private.h"

/* Focus ------------------------------------------------------------------------------ */

static GtkWidget *
focus_widget (AnnalistWindow *self)
{
  return gtk_root_get_focus (GTK_ROOT (self));
}

static gboolean
focus_within (AnnalistWindow *self,
              GtkWidget      *widget)
{
  GtkWidget *focus = focus_widget (self);

  return widget != NULL && focus != NULL &&
         (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A list's rows: the row of the selected record, or the first row. */
static gboolean
focus_list (AnnalistListPage *page)
{
  GtkWidget *view = GTK_WIDGET (annalist_list_page_get_view (page));

  if (annalist_list_page_get_selected (page) != NULL &&
      gtk_widget_grab_focus (view))
    {
      GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (view));

      /* The view itself, without a row: the rows below it. */
      if (focus != NULL && focus != view && gtk_widget_is_ancestor (focus, view))
        return TRUE;
    }
  if (annalist_list_page_focus_rows (page))
    return TRUE;
  /* No rows (yet): the view, which Down leaves into the rows. */
  return gtk_widget_grab_focus (view);
}

/* Rows read after the page was shown: the focus goes to them if it is
 * still where focus_page () left it. */
static void
rows_arrived (AnnalistListPage *page,
              GParamSpec       *pspec,
              AnnalistWindow   *self)
{
  GtkWidget *view = GTK_WIDGET (annalist_list_page_get_view (page));

  if (annalist_list_page_get_count (page) == 0)
    return;
  g_signal_handlers_disconnect_by_func (page, rows_arrived, self);
  if (annalist_window_get_page (self) == GTK_WIDGET (page) &&
      (focus_widget (self) == view || focus_widget (self) == NULL))
    focus_list (page);
}

void
annalist_window_keys_focus_page (AnnalistWindow *self)
{
  GtkWidget *page;

  g_return_if_fail (ANNALIST_IS_WINDOW (self));

  page = annalist_window_get_page (self);
  if (page == NULL)
    {
      /* The welcome page: its first button. */
      GtkWidget *content = annalist_window_get_content_box (self);
      GtkWidget *focus = focus_widget (self);

      if (focus == NULL || !gtk_widget_is_ancestor (focus, content))
        gtk_widget_child_focus (content, GTK_DIR_TAB_FORWARD);
      return;
    }
  if (ANNALIST_IS_LIST_PAGE (page))
    {
      AnnalistListPage *list = ANNALIST_LIST_PAGE (page);

      focus_list (list);
      if (annalist_list_page_get_count (list) == 0)
        {
          g_signal_handlers_disconnect_by_func (list, rows_arrived, self);
          g_signal_connect_object (list, "notify::count", G_CALLBACK (rows_arrived), self, 0);
        }
    }
  else if (ANNALIST_IS_INDICATOR_PAGE (page))
    annalist_indicator_page_focus_first_cell (ANNALIST_INDICATOR_PAGE (page));
  else if (ANNALIST_IS_DOCUMENTS_PAGE (page) && !focus_within (self, page) &&
           annalist_documents_page_focus_documents (ANNALIST_DOCUMENTS_PAGE (page)))
    return;
  else if (!focus_within (self, page))
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* Search → rows → column headers → out, and back. */
static gboolean
tab_in_list (AnnalistWindow   *self,
             AnnalistListPage *page,
             gboolean          back)
{
  GtkWidget *entry = annalist_window_get_search_entry (self);
  GtkWidget *view = GTK_WIDGET (annalist_list_page_get_view (page));
  GtkWidget *header = annalist_list_page_get_header (page);
  GtkSearchBar *bar = annalist_window_get_search_bar (self);

  if (focus_within (self, entry))
    {
      if (back)
        return FALSE;
      /* What was typed within the entry's delay is searched first. */
      annalist_list_page_set_search (page, gtk_editable_get_text (GTK_EDITABLE (entry)));
      if (annalist_list_page_focus_rows (page))
        return TRUE;
      return gtk_widget_child_focus (header, GTK_DIR_TAB_FORWARD);
    }
  if (focus_within (self, header))
    {
      if (back)
        return focus_list (page);
      return annalist_ui_focus_past (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
    }
  if (focus_within (self, view))
    {
      if (!back)
        return gtk_widget_child_focus (header, GTK_DIR_TAB_FORWARD) ||
               annalist_ui_focus_past (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
      if (gtk_search_bar_get_search_mode (bar))
        return gtk_widget_grab_focus (entry);
      return annalist_ui_focus_past (GTK_WIDGET (page), GTK_DIR_TAB_BACKWARD);
    }
  return FALSE;
}

/* F6: from the sidebar to the page, from anywhere else to the sidebar's
 * selected section. */
static gboolean
toggle_sidebar (AnnalistWindow *self)
{
  GtkListBox *sidebar = annalist_window_get_sidebar (self);
  AdwLeaflet *leaflet = annalist_window_get_leaflet (self);
  GtkWidget *content = annalist_window_get_content_box (self);
  GtkListBoxRow *row;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (sidebar)))
    return FALSE;
  if (!focus_within (self, content))
    {
      annalist_window_select_shown_section (self);
      if (adw_leaflet_get_folded (leaflet))
        adw_leaflet_set_visible_child (leaflet, content);
      annalist_window_keys_focus_page (self);
      return TRUE;
    }
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  row = gtk_list_box_get_selected_row (sidebar);
  if (row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row)))
    return TRUE;
  return gtk_widget_child_focus (GTK_WIDGET (sidebar), GTK_DIR_TAB_FORWARD);
}

/* Ctrl+Page Down / Up: the next / previous section of the sidebar. */
static gboolean
next_section (AnnalistWindow *self,
              int             step)
{
  GtkListBox *sidebar = annalist_window_get_sidebar (self);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (sidebar);
  int index = selected ? gtk_list_box_row_get_index (selected) : -1;
  GtkListBoxRow *row;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (sidebar)))
    return FALSE;
  for (index += step; index >= 0 && (row = gtk_list_box_get_row_at_index (sidebar, index)) != NULL;
       index += step)
    {
      const char *section = g_object_get_data (G_OBJECT (row), "section");

      if (section != NULL && gtk_widget_get_visible (GTK_WIDGET (row)) &&
          gtk_widget_get_sensitive (GTK_WIDGET (row)))
        {
          annalist_window_show_section (self, section);
          return TRUE;
        }
    }
  return FALSE;   /* the first or the last section already */
}

gboolean
annalist_window_keys_press (AnnalistWindow  *self,
                            guint            keyval,
                            GdkModifierType  state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK);
  GtkWidget *page;

  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), FALSE);

  if (annalist_window_get_store (self) == NULL)
    return FALSE;
  page = annalist_window_get_page (self);

  switch (keyval)
    {
    case GDK_KEY_F6:
      if ((mods & ~GDK_SHIFT_MASK) == 0)
        return toggle_sidebar (self);
      break;

    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      if (mods == GDK_CONTROL_MASK)
        {
          next_section (self, keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down ? 1 : -1);
          /* At either end nothing moves, and nothing scrolls sideways. */
          return TRUE;
        }
      break;

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      /* A popover in the page (a column's filter, under the column
       * headers) keeps Tab among its own controls. */
      if (focus_widget (self) != NULL &&
          gtk_widget_get_ancestor (focus_widget (self), GTK_TYPE_POPOVER) != NULL)
        break;
      /* The sidebar's sections are one stop: the arrows move among them,
       * Tab leaves them — not twenty-five Tabs to reach the page. */
      if ((mods & ~GDK_SHIFT_MASK) == 0 &&
          focus_within (self, GTK_WIDGET (annalist_window_get_sidebar (self))))
        {
          annalist_window_select_shown_section (self);
          return annalist_ui_focus_past (GTK_WIDGET (annalist_window_get_sidebar (self)),
                                                     keyval == GDK_KEY_ISO_Left_Tab || (mods & GDK_SHIFT_MASK) != 0
                                           ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
        }
      if ((mods & ~GDK_SHIFT_MASK) == 0 && page != NULL && ANNALIST_IS_LIST_PAGE (page))
        return tab_in_list (self, ANNALIST_LIST_PAGE (page),
                            keyval == GDK_KEY_ISO_Left_Tab || (mods & GDK_SHIFT_MASK) != 0);
      break;

    default:
      break;
    }
  return FALSE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             AnnalistWindow        *self)
{
  return annalist_window_keys_press (self, keyval, state);
}

/* Actions ---------------------------------------------------------------------------- */

/* The document of the documents page's focused row. */
static const char *
focused_document (AnnalistWindow *self,
                  GtkWidget      *page)
{
  for (GtkWidget *widget = focus_widget (self); widget != NULL && widget != page;
       widget = gtk_widget_get_parent (widget))
    {
      const char *document = g_object_get_data (G_OBJECT (widget), "annalist-document");

      if (document != NULL)
        return document;
    }
  return NULL;
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);
  GtkWidget *page = annalist_window_get_page (self);

  if (page == NULL)
    return;
  if (ANNALIST_IS_REPORT_PAGE (page))
    gtk_widget_activate_action (widget, "win.export-report", NULL);
  else if (ANNALIST_IS_LIST_PAGE (page))
    gtk_widget_activate_action (widget, "win.export-list", NULL);
  else if (ANNALIST_IS_DOCUMENTS_PAGE (page))
    {
      const char *document = focused_document (self, page);
      AdwActionRow *row = document ? annalist_documents_page_get_row (ANNALIST_DOCUMENTS_PAGE (page),
                                                                      document)
                                   : NULL;

      /* As the row's Export… button does: not when it is off. */
      if (row != NULL)
        gtk_widget_activate (GTK_WIDGET (row));
      else
        gtk_widget_error_bell (widget);
    }
}

static void
action_find_all (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);

  if (annalist_window_get_store (self) != NULL)
    annalist_find_all_show (self);
}

void
annalist_window_keys_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.find-all", NULL, action_find_all);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-all", NULL);
}

/* The search closed (Escape, its button): the focus goes back to the rows
 * rather than nowhere. */
static void
search_mode_changed (GtkSearchBar   *bar,
                     GParamSpec     *pspec,
                     AnnalistWindow *self)
{
  GtkWidget *focus = focus_widget (self);

  if (gtk_search_bar_get_search_mode (bar))
    return;
  if (focus == NULL || focus == GTK_WIDGET (bar) || gtk_widget_is_ancestor (focus, GTK_WIDGET (bar)) ||
      !gtk_widget_get_mapped (focus))
    annalist_window_keys_focus_page (self);
}

void
annalist_window_keys_init (AnnalistWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_name (keys, "annalist-window-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_object (annalist_window_get_search_bar (self), "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed), self, G_CONNECT_DEFAULT);
}
