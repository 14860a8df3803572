/* annalist-window.c — the main window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar of sections grouped the way the work is organised, and for the
 * chosen section its page: the list of a record kind (one AnnalistListPage
 * per kind, made when first shown), the report's texts, the documents and
 * their templates, or the settings.
 * The header bar holds what applies to the page: the academic year, search,
 * New and Delete, and the number of records.
 */

#define G_LOG_DOMAIN "annalist-window"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-dictionaries-page.h"
#include "annalist-documents-page.h"
#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-indicator-page.h"
#include "annalist-rating-page.h"
#include "annalist-plan-items-page.h"
#include "annalist-import-assistant.h"
#include "annalist-list-export-ui.h"
#include "annalist-list-page.h"
#include "annalist-report-page.h"
#include "annalist-sample.h"
#include "annalist-session-notice.h"
#include "annalist-preferences-window.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"
#include "annalist-window.h"
#include "annalist-window-keys.h"
#include "annalist-window-private.h"

typedef struct
{
  const char *title;
  const char *sections[8];
} SectionGroup;

/* The sidebar: the daily work. The dictionaries are one page of their
 * own (annalist-dictionaries-page.c), the settings a Preferences window;
 * a group titled "" has a line rather than a heading. */
static const SectionGroup section_groups[] = {
  { N_("Registry"), { "organisation", "innovation_status", "basis_document" } },
  { N_("Innovation Activity"), { "project", "event", "programme", "network_project" } },
  { N_("Competitions and Products"), { "competition", "innovation_product" } },
  { N_("Expertise and Resources"),
    { "expertise", "publication", "study", "digital_content" } },
  { N_("The Year"),
    { "year_task", "next_year_task", "plan", ANNALIST_PLAN_ITEMS_SECTION, "rating_value",
      "rating", "indicators" } },
  { N_("Report"), { "report", "documents" } },
  { "", { "dictionaries" } },
};

struct _AnnalistWindow
{
  AdwApplicationWindow  parent_instance;

  AnnalistStore        *store;
  char                 *section;
  GHashTable           *section_pages;  /* section → page widget in `pages` */
  GArray               *years;          /* int per dropdown position; 0 = all */
  int                   year;
  gboolean              updating;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *sidebar_title;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkWidget            *content_box;
  GtkListBox           *sidebar;
  GtkDropDown          *year_dropdown;
  AdwWindowTitle       *content_title;
  GtkWidget            *new_button;
  GtkWidget            *search_button;
  GtkWidget            *delete_button;
  GtkWidget            *export_button;
  GtkWidget            *list_menu_button;
  GtkRevealer          *read_only_banner;
  GtkLabel             *read_only_label;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *pages;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *error_page;
  GtkWidget            *session_notice;
  GtkWidget            *dictionaries_back_button;
  GtkWindow            *preferences;    /* weak */
  gboolean              recent_added;
};

G_DEFINE_FINAL_TYPE (AnnalistWindow, annalist_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *
section_title (const char *section)
{
  const AnnalistKind *kind;

  if (g_str_equal (section, "report"))
    return _("Annual Report");
  if (g_str_equal (section, "documents"))
    return _("Documents");
  if (g_str_equal (section, "dictionaries"))
    return _("Dictionaries");
  if (g_str_equal (section, "indicators"))
    return _("Indicators by Year");
  if (g_str_equal (section, "rating"))
    return _("Rating Grid");
  if (g_str_equal (section, ANNALIST_PLAN_ITEMS_SECTION))
    return _("Plan Items by Stage");
  if (g_str_equal (section, "welcome"))
    return _("Welcome");
  kind = annalist_kind_lookup (section);
  return kind ? _(kind->label) : section;
}

/* Sidebar ------------------------------------------------------------------------- */

static void
add_sidebar_row (AnnalistWindow *self,
                 const char     *section,
                 const char     *group)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (section_title (section));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  /* GTK 4.8 does not name a row by its label: a screen reader said «list
   * item» for every section. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, section_title (section), -1);
  g_object_set_data (G_OBJECT (row), "section", (gpointer) g_intern_string (section));
  g_object_set_data (G_OBJECT (row), "group", (gpointer) group);
  gtk_list_box_append (self->sidebar, row);
}

static void
sidebar_header (GtkListBoxRow *row,
                GtkListBoxRow *before,
                gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), "group");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "group") : NULL;
  GtkWidget *header;

  if (group == previous)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (*group == '\0')
    {
      header = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (header, "annalist-sidebar-separator");
      gtk_list_box_row_set_header (row, header);
      return;
    }
  header = gtk_label_new (_(group));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "annalist-sidebar-header");
  gtk_list_box_row_set_header (row, header);
}

/* The main menu's popover is built when first opened: GtkMenuButton
 * builds it as soon as it is given a model, which cost start-up time. */
static void
menu_button_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  AnnalistWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
build_sidebar (AnnalistWindow *self)
{
  for (guint g = 0; g < G_N_ELEMENTS (section_groups); g++)
    {
      const SectionGroup *group = &section_groups[g];

      for (guint i = 0; i < G_N_ELEMENTS (group->sections) && group->sections[i]; i++)
        add_sidebar_row (self, group->sections[i], group->title);
    }
  gtk_list_box_set_header_func (self->sidebar, sidebar_header, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->sidebar), "annalist-sidebar");
}

static void
select_sidebar_row (AnnalistWindow *self,
                    const char     *section)
{
  /* A dictionary's list is within «Dictionaries». */
  if (annalist_dictionaries_page_lists (section))
    section = "dictionaries";
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "section"), section) == 0)
        {
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->sidebar);
}

static void
sidebar_row_activated (AnnalistWindow *self,
                       GtkListBoxRow  *row)
{
  annalist_window_show_section (self, g_object_get_data (G_OBJECT (row), "section"));
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

/* Years ---------------------------------------------------------------------------- */

static void
years_in_store (AnnalistStore *store,
                int           *first,
                int           *last)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  *first = G_MAXINT;
  *last = 0;
  for (guint k = 0; k < n_kinds; k++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (kinds[k]->year_column == NULL)
        continue;
      sql = g_strdup_printf ("SELECT min(%s), max(%s) FROM %s", kinds[k]->year_column,
                             kinds[k]->year_column, kinds[k]->name);
      stmt = annalist_store_prepare (store, sql, NULL);
      if (stmt == NULL)
        continue;
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          /* Yearly figures reach far back, but are not what people work on. */
          if (!g_str_equal (kinds[k]->name, "historical_figure"))
            *last = MAX (*last, sqlite3_column_int (stmt, 1));
          *first = MIN (*first, sqlite3_column_int (stmt, 0));
        }
      sqlite3_reset (stmt);
    }
}

static void
build_years (AnnalistWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  int current = annalist_academic_year_current ();
  int first, last, chosen;
  guint position = 0;

  years_in_store (self->store, &first, &last);
  chosen = last > 0 ? last : current;
  /* Earlier years stay at hand: past competitions and totals are entered
   * too. */
  first = MIN (MIN (first == G_MAXINT ? current : first, chosen), current - 10);
  last = MAX (MAX (last, current) + 1, chosen);

  g_array_set_size (self->years, 0);
  /* «All years» first: it is where the list of years starts, not one
   * more year lost under the oldest. */
  {
    int all = ANNALIST_ALL_YEARS;

    gtk_string_list_append (labels, _("All years"));
    g_array_append_val (self->years, all);
  }
  for (int year = last; year >= first; year--)
    {
      g_autofree char *label = annalist_academic_year_label (year);

      gtk_string_list_append (labels, label);
      g_array_append_val (self->years, year);
      if (year == chosen)
        position = self->years->len - 1;
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->year_dropdown, position);
  self->updating = FALSE;
  self->year = chosen;
}

/* Pages ---------------------------------------------------------------------------- */

static void
update_count (AnnalistWindow *self)
{
  GtkWidget *page = annalist_window_get_page (self);
  g_autofree char *subtitle = NULL;

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    {
      guint count = annalist_list_page_get_count (ANNALIST_LIST_PAGE (page));

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", count),
                                  count);
    }
  adw_window_title_set_subtitle (self->content_title, subtitle);
}

static void
page_count_changed (GtkWidget      *page,
                    GParamSpec     *pspec,
                    AnnalistWindow *self)
{
  if (page == annalist_window_get_page (self))
    update_count (self);
}

static void update_actions (AnnalistWindow *self);

static void
page_selection_changed (GtkWidget      *page,
                        GParamSpec     *pspec,
                        AnnalistWindow *self)
{
  if (page == annalist_window_get_page (self))
    update_actions (self);
}

static GtkWidget *
make_page (AnnalistWindow *self,
           const char     *section)
{
  const AnnalistKind *kind;
  GtkWidget *page;

  if (g_str_equal (section, "report"))
    {
      page = GTK_WIDGET (annalist_report_page_new (self->store));
      /* A year without records is not exported. */
      g_signal_connect_object (page, "notify::can-export", G_CALLBACK (update_actions), self,
                               G_CONNECT_SWAPPED);
    }
  else if (g_str_equal (section, "documents"))
    page = GTK_WIDGET (annalist_documents_page_new (self->store));
  else if (g_str_equal (section, "dictionaries"))
    page = GTK_WIDGET (annalist_dictionaries_page_new (self->store));
  else if (g_str_equal (section, "indicators"))
    page = GTK_WIDGET (annalist_indicator_page_new (self->store));
  else if (g_str_equal (section, "rating"))
    page = GTK_WIDGET (annalist_rating_page_new (self->store));
  else if (g_str_equal (section, ANNALIST_PLAN_ITEMS_SECTION))
    page = GTK_WIDGET (annalist_plan_items_page_new (self->store));
  else if ((kind = annalist_kind_lookup (section)) != NULL)
    {
      page = GTK_WIDGET (annalist_list_page_new (self->store, kind));
      g_signal_connect_object (page, "notify::count", G_CALLBACK (page_count_changed), self, 0);
      g_signal_connect_object (page, "notify::has-selection", G_CALLBACK (page_selection_changed),
                               self, 0);
      /* Importing writes: not into a read-only database (as win.import). */
      if (annalist_store_read_only_reason (self->store) == NULL)
        annalist_import_assistant_take_drops (page, self->store, kind);
    }
  else
    return NULL;

  /* Named for a screen reader, the page and its panel, as its sidebar
   * row is (GTK would read the page by its type). */
  gtk_stack_add_titled (self->pages, page, section, section_title (section));
  gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  section_title (section), -1);
  g_hash_table_insert (self->section_pages, g_strdup (section), page);
  return page;
}

static gboolean
kind_has_years (const AnnalistKind *kind)
{
  return kind->year_column != NULL || kind->period_from != NULL;
}

static void
update_actions (AnnalistWindow *self)
{
  const char *section = self->section ? self->section : "welcome";
  const AnnalistKind *kind = self->store ? annalist_kind_lookup (section) : NULL;
  gboolean is_report = self->store != NULL && g_str_equal (section, "report");
  gboolean is_documents = self->store != NULL && g_str_equal (section, "documents");
  gboolean is_indicators = self->store != NULL && (g_str_equal (section, "indicators") ||
                                                   g_str_equal (section, "rating"));
  GtkWidget *page = annalist_window_get_page (self);
  AnnalistListPage *list = kind != NULL && page != NULL && ANNALIST_IS_LIST_PAGE (page)
                           ? ANNALIST_LIST_PAGE (page) : NULL;
  AnnalistRecord *selected = list ? annalist_list_page_get_selected (list) : NULL;
  gboolean has_selection = selected != NULL;
  /* Records that cannot be changed (a read-only database): why, as the
   * tooltip of the buttons that are off. */
  g_autofree char *new_locked = list ? annalist_list_page_lock_reason (list, NULL) : NULL;
  g_autofree char *delete_locked = selected ? annalist_list_page_lock_reason (list, selected)
                                            : NULL;

  gtk_widget_set_visible (self->new_button, kind != NULL);
  gtk_widget_set_visible (self->search_button, kind != NULL);
  gtk_widget_set_visible (self->delete_button, kind != NULL);
  gtk_widget_set_visible (self->export_button, is_report);
  gtk_widget_set_visible (self->list_menu_button, list != NULL);
  gtk_widget_set_visible (self->dictionaries_back_button,
                          kind != NULL && annalist_dictionaries_page_lists (kind->name));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-list", list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-rows", list != NULL);
  /* Importing writes: not into a read-only database. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 list != NULL && annalist_store_read_only_reason (self->store) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.paste-rows",
                                 list != NULL && annalist_store_read_only_reason (self->store) == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->year_dropdown),
                          (kind != NULL && kind_has_years (kind)) || is_report || is_documents ||
                          is_indicators);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", kind != NULL && new_locked == NULL);
  /* Delete needs a selected record. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete",
                                 has_selection && delete_locked == NULL);
  gtk_widget_set_tooltip_text (self->new_button,
                               new_locked ? new_locked : _("New Record (Ctrl+N)"));
  gtk_widget_set_tooltip_text (self->delete_button,
                               delete_locked ? delete_locked
                                             : _("Delete the Selected Record (Delete)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", kind != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report",
                                 is_report && page != NULL && ANNALIST_IS_REPORT_PAGE (page) &&
                                 annalist_report_page_can_export (ANNALIST_REPORT_PAGE (page)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-section", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-document", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", self->store != NULL);
  if (kind == NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

void
annalist_window_show_section (AnnalistWindow *self,
                              const char     *section)
{
  g_autofree char *previous = NULL;
  GtkWidget *page;

  g_return_if_fail (ANNALIST_IS_WINDOW (self));
  g_return_if_fail (section != NULL);

  if (self->store == NULL)
    return;

  previous = g_steal_pointer (&self->section);
  self->section = g_strdup (section);

  /* A search belongs to the list it was typed in. */
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  self->updating = FALSE;

  if (g_str_equal (section, "welcome"))
    page = GTK_WIDGET (self->welcome_page);
  else
    {
      page = g_hash_table_lookup (self->section_pages, section);
      if (page == NULL)
        page = make_page (self, section);
    }
  g_return_if_fail (page != NULL);

  if (ANNALIST_IS_LIST_PAGE (page))
    {
      annalist_list_page_set_search (ANNALIST_LIST_PAGE (page), NULL);
      annalist_list_page_set_year (ANNALIST_LIST_PAGE (page), self->year);
    }
  else if (ANNALIST_IS_REPORT_PAGE (page))
    annalist_report_page_set_year (ANNALIST_REPORT_PAGE (page), self->year);
  else if (ANNALIST_IS_DOCUMENTS_PAGE (page))
    annalist_documents_page_set_year (ANNALIST_DOCUMENTS_PAGE (page), self->year);
  else if (ANNALIST_IS_INDICATOR_PAGE (page))
    annalist_indicator_page_set_year (ANNALIST_INDICATOR_PAGE (page), self->year);
  else if (ANNALIST_IS_RATING_PAGE (page))
    annalist_rating_page_set_year (ANNALIST_RATING_PAGE (page), self->year);

  /* What is being typed in a grid is saved before its page goes: the
   * stack moves the focus out of it first, and a window that is not the
   * active one tells the cell nothing of that. */
  {
    GtkWidget *current = gtk_stack_get_visible_child (self->pages);

    if (current != page && ANNALIST_IS_RATING_PAGE (current))
      annalist_rating_page_commit (ANNALIST_RATING_PAGE (current));
    else if (current != page && ANNALIST_IS_INDICATOR_PAGE (current))
      annalist_indicator_page_commit (ANNALIST_INDICATOR_PAGE (current));
  }
  gtk_stack_set_visible_child (self->pages, page);
  adw_window_title_set_title (self->content_title, section_title (section));
  select_sidebar_row (self, section);
  update_count (self);
  update_actions (self);

  if (ANNALIST_IS_DICTIONARIES_PAGE (page))
    annalist_dictionaries_page_focus (ANNALIST_DICTIONARIES_PAGE (page), previous);
  else if (ANNALIST_IS_RATING_PAGE (page))
    annalist_rating_page_focus_first_cell (ANNALIST_RATING_PAGE (page));
  else if (ANNALIST_IS_PLAN_ITEMS_PAGE (page))
    annalist_plan_items_page_focus (ANNALIST_PLAN_ITEMS_PAGE (page));
  else
    annalist_window_keys_focus_page (self);
}

static void
year_selected (GtkDropDown    *dropdown,
               GParamSpec     *pspec,
               AnnalistWindow *self)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  GtkWidget *page;

  if (self->updating || position >= self->years->len)
    return;
  self->year = g_array_index (self->years, int, position);

  page = annalist_window_get_page (self);
  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_page_set_year (ANNALIST_LIST_PAGE (page), self->year);
  else if (page != NULL && ANNALIST_IS_REPORT_PAGE (page))
    annalist_report_page_set_year (ANNALIST_REPORT_PAGE (page), self->year);
  else if (page != NULL && ANNALIST_IS_DOCUMENTS_PAGE (page))
    annalist_documents_page_set_year (ANNALIST_DOCUMENTS_PAGE (page), self->year);
  else if (page != NULL && ANNALIST_IS_INDICATOR_PAGE (page))
    annalist_indicator_page_set_year (ANNALIST_INDICATOR_PAGE (page), self->year);
  else if (page != NULL && ANNALIST_IS_RATING_PAGE (page))
    annalist_rating_page_set_year (ANNALIST_RATING_PAGE (page), self->year);
  /* Whether records can be added may depend on the year. */
  update_actions (self);
}

static void
search_changed (AnnalistWindow *self)
{
  GtkWidget *page = annalist_window_get_page (self);

  if (self->updating || page == NULL || !ANNALIST_IS_LIST_PAGE (page))
    return;
  annalist_list_page_set_search (ANNALIST_LIST_PAGE (page),
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_stopped (AnnalistWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_changed (AnnalistWindow *self)
{
  GtkWidget *page = annalist_window_get_page (self);

  /* Build the search index as the bar opens, before the first key. */
  if (gtk_search_bar_get_search_mode (self->search_bar) &&
      page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_page_prepare_search (ANNALIST_LIST_PAGE (page));
}

/* Enter opens the only or the first record found; the search typed within
 * the entry's delay is applied first. */
static void
search_activated (AnnalistWindow *self)
{
  GtkWidget *page = annalist_window_get_page (self);

  if (page == NULL || !ANNALIST_IS_LIST_PAGE (page))
    return;
  search_changed (self);
  annalist_list_page_open_first (ANNALIST_LIST_PAGE (page));
}

/* Down goes from the search into the rows, not to the column headers. */
static gboolean
search_key_pressed (AnnalistWindow  *self,
                    guint            keyval,
                    guint            keycode,
                    GdkModifierType  state)
{
  GtkWidget *page = annalist_window_get_page (self);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      page == NULL || !ANNALIST_IS_LIST_PAGE (page))
    return GDK_EVENT_PROPAGATE;
  search_changed (self);
  return annalist_list_page_focus_rows (ANNALIST_LIST_PAGE (page));
}

/* Actions ---------------------------------------------------------------------------- */

static void
action_new (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  GtkWidget *page = annalist_window_get_page (ANNALIST_WINDOW (widget));

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_page_new_record (ANNALIST_LIST_PAGE (page));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkWidget *page = annalist_window_get_page (ANNALIST_WINDOW (widget));

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_page_delete_selected (ANNALIST_LIST_PAGE (page));
}

static void
action_search (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
action_back (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The shortcuts window is built when first asked for, not with every
 * window as GtkApplication does with gtk/help-overlay.ui: that cost 6 ms
 * of start-up. */
static void
action_show_help_overlay (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PREFIX "ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      annalist_ui_name_toolkit_parts (GTK_WIDGET (overlay), _("Search shortcuts"), NULL);
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
action_show_section (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  annalist_window_show_section (ANNALIST_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
action_export_report (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkWidget *page = annalist_window_get_page (ANNALIST_WINDOW (widget));

  if (page != NULL && ANNALIST_IS_REPORT_PAGE (page))
    annalist_report_page_export (ANNALIST_REPORT_PAGE (page));
}

/* The main menu's «Export the Report…»: the report page's export, from
 * any page. The page is shown (its year and document are chosen there);
 * a year without records is not exported, and the page says why. */
static void
action_export_document (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);
  GtkWidget *page;

  if (self->store == NULL)
    return;
  if (g_strcmp0 (self->section, "report") != 0)
    annalist_window_show_section (self, "report");
  page = annalist_window_get_page (self);
  if (page != NULL && ANNALIST_IS_REPORT_PAGE (page) &&
      annalist_report_page_can_export (ANNALIST_REPORT_PAGE (page)))
    annalist_report_page_export (ANNALIST_REPORT_PAGE (page));
}

/* Preferences: one window per main window, for its database. */
static void
action_preferences (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);

  if (self->store == NULL)
    return;
  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (annalist_preferences_window_new (self->store,
                                                                       GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }
  annalist_ui_present (self->preferences);
}

static void
close_preferences (AnnalistWindow *self)
{
  if (self->preferences != NULL)
    gtk_window_destroy (self->preferences);
}

GtkWindow *
annalist_window_get_preferences (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), NULL);
  return self->preferences;
}

static void
action_export_list (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkWidget *page = annalist_window_get_page (ANNALIST_WINDOW (widget));

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_export_ask (ANNALIST_LIST_PAGE (page));
}

static void
action_copy_rows (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkWidget *page = annalist_window_get_page (ANNALIST_WINDOW (widget));

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_list_export_copy (ANNALIST_LIST_PAGE (page));
}

static void
action_import (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);
  GtkWidget *page = annalist_window_get_page (self);

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_import_assistant_choose_file (widget, self->store,
                                           annalist_list_page_get_kind (ANNALIST_LIST_PAGE (page)));
}

static void
action_paste_rows (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);
  GtkWidget *page = annalist_window_get_page (self);

  if (page != NULL && ANNALIST_IS_LIST_PAGE (page))
    annalist_import_assistant_paste (widget, self->store,
                                     annalist_list_page_get_kind (ANNALIST_LIST_PAGE (page)));
}

static void
action_load_sample (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AnnalistWindow *self = ANNALIST_WINDOW (widget);
  g_autofree char *folder = g_path_get_dirname (annalist_store_get_path (self->store));
  g_autofree char *path = g_build_filename (folder, "sample-district.db", NULL);
  g_autoptr(GError) error = NULL;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  /* The sample goes into a file of its own: the user's database stays as
   * it is, and the sample can be thrown away by deleting one file. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !annalist_sample_create (path, 1, &error))
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                    _("The Sample District Cannot Be Created"),
                                                    error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      annalist_ui_present (GTK_WINDOW (dialog));
      return;
    }
  if (ANNALIST_IS_APPLICATION (application))
    annalist_application_open_database (ANNALIST_APPLICATION (application), path,
                                        GTK_WINDOW (self));
}

/* Undo and redo: any edit, deletion or multi-record action of this person,
 * from the history, also after a restart. */
static void redo_clicked (AdwToast *toast, AnnalistWindow *self);

static void
undo_or_redo (AnnalistWindow *self,
              gboolean        redo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  AdwToast *toast;
  gboolean ok;

  if (self->store == NULL)
    return;
  ok = redo ? annalist_store_redo (self->store, &label, &error)
            : annalist_store_undo (self->store, 0, &label, &error);
  if (!ok)
    {
      if (g_error_matches (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND))
        toast = adw_toast_new (error->message);
      else
        {
          annalist_ui_show_error (GTK_WIDGET (self),
                                  redo ? _("The Change Cannot Be Redone")
                                       : _("The Change Cannot Be Undone"),
                                  error->message);
          return;
        }
    }
  else
    {
      g_autofree char *said = label != NULL && *label != '\0'
        ? annalist_history_label_after_colon (label)
        : g_strdup (_("the last change"));

      /* Translators: %s is what the window called the action, its first
       * letter made small («изменение: Мероприятие «…»», «удалён шаблон
       * «…»») */
      toast = adw_toast_new_format (redo ? _("Redone: %s") : _("Undone: %s"), said);
      if (!redo)
        {
          adw_toast_set_button_label (toast, _("_Redo"));
          g_signal_connect_object (toast, "button-clicked", G_CALLBACK (redo_clicked), self, 0);
        }
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
redo_clicked (AdwToast       *toast,
              AnnalistWindow *self)
{
  undo_or_redo (self, TRUE);
}

static void
action_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo_or_redo (ANNALIST_WINDOW (widget), FALSE);
}

static void
action_redo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  undo_or_redo (ANNALIST_WINDOW (widget), TRUE);
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_window_dispose (GObject *object)
{
  AnnalistWindow *self = (AnnalistWindow *) object;

  close_preferences (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_WINDOW);
  g_clear_pointer (&self->section_pages, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_window_parent_class)->dispose (object);
}

static void
annalist_window_finalize (GObject *object)
{
  AnnalistWindow *self = (AnnalistWindow *) object;

  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->years, g_array_unref);

  G_OBJECT_CLASS (annalist_window_parent_class)->finalize (object);
}

static void
annalist_window_class_init (AnnalistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_window_dispose;
  object_class->finalize = annalist_window_finalize;

  g_type_ensure (ANNALIST_TYPE_LIST_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, list_menu_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistWindow, dictionaries_back_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, action_search);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, action_back);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   action_show_help_overlay);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", action_show_section);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, action_export_report);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, action_load_sample);
  gtk_widget_class_install_action (widget_class, "win.export-list", NULL, action_export_list);
  gtk_widget_class_install_action (widget_class, "win.export-document", NULL, action_export_document);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, action_preferences);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.copy-rows", NULL, action_copy_rows);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, action_import);
  gtk_widget_class_install_action (widget_class, "win.paste-rows", NULL, action_paste_rows);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-rows", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-rows", NULL);
  /* Ctrl+E, Ctrl+Shift+F, F6, Ctrl+Page Up/Down, Tab around the list. */
  annalist_window_keys_class_init (widget_class);
}

/* Who else has the database open: a bar under the header bar. */
static void
add_session_notice (AnnalistWindow *self)
{
  self->session_notice = annalist_session_notice_new ();
  gtk_box_insert_child_after (GTK_BOX (self->content_box), self->session_notice,
                              gtk_widget_get_first_child (self->content_box));
}

static void
annalist_window_init (AnnalistWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->section_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->year = annalist_academic_year_current ();

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (search_mode_changed), self);
  /* Typing in a list starts its search (GTK asks for the entry to be
   * connected when it is not the bar's own child). */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->pages));
  g_object_set (self->search_entry, "search-delay", 60, NULL);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activated), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* Before the entry's text, whose Down would move its cursor. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }
  g_signal_connect (self->year_dropdown, "notify::selected", G_CALLBACK (year_selected), self);
  /* The header's year is focused in its inner button: named as the
   * dropdown is (ui/annalist-window.ui). */
  annalist_ui_name_dropdown_button (GTK_WIDGET (self->year_dropdown), _("Academic year"));

  gtk_menu_button_set_create_popup_func (self->menu_button, menu_button_popup, self, NULL);
  annalist_ui_status_page_set_icon_when_shown (self->welcome_page, "x-office-document-symbolic");
  annalist_ui_status_page_set_icon_when_shown (self->error_page, "dialog-error-symbolic");
  build_sidebar (self);
  add_session_notice (self);
  annalist_window_keys_init (self);
  update_actions (self);
}

static gboolean
store_is_empty (AnnalistStore *store)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    if (!kinds[k]->is_dictionary && annalist_store_count (store, kinds[k], NULL, NULL) > 0)
      return FALSE;
  return TRUE;
}

void
annalist_window_set_store (AnnalistWindow *self,
                           AnnalistStore  *store,
                           const GError   *open_error)
{
  GHashTableIter iter;
  gpointer page;

  g_return_if_fail (ANNALIST_IS_WINDOW (self));

  /* Pages are made for one database: drop them, and its preferences
   * (what is typed in them is saved first). */
  if (store != self->store)
    close_preferences (self);
  g_hash_table_iter_init (&iter, self->section_pages);
  while (g_hash_table_iter_next (&iter, NULL, &page))
    {
      gtk_stack_remove (self->pages, page);
      g_hash_table_iter_remove (&iter);
    }
  g_set_object (&self->store, store);
  annalist_session_notice_set_store (ANNALIST_SESSION_NOTICE (self->session_notice), store);

  /* A database opened read-only says so above every page, for as long as
   * it is open. */
  {
    const char *read_only = store ? annalist_store_read_only_reason (store) : NULL;

    gtk_label_set_text (self->read_only_label, read_only ? read_only : "");
    annalist_ui_reveal (self->read_only_banner, GTK_WIDGET (self->read_only_banner),
                        read_only != NULL);
  }

  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), store != NULL);
  if (store == NULL)
    {
      g_clear_pointer (&self->section, g_free);
      adw_status_page_set_description (self->error_page,
                                       open_error ? open_error->message : NULL);
      gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->error_page));
      adw_window_title_set_title (self->content_title, _("Annalist"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      gtk_list_box_unselect_all (self->sidebar);
      update_actions (self);
      return;
    }

  {
    /* The path is in the file system's encoding, the title in UTF-8. */
    g_autofree char *name = g_filename_display_basename (annalist_store_get_path (store));
    g_autofree char *full = g_filename_display_name (annalist_store_get_path (store));
    /* Translators: the window's title; %s is the database file's name */
    g_autofree char *title = g_strdup_printf (_("%s — Annalist"), name);

    adw_window_title_set_subtitle (self->sidebar_title, name);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), full);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  build_years (self);
  annalist_window_show_section (self, store_is_empty (store) ? "welcome" : "organisation");
}

/* «Recent Databases» after «Open Database…»: the application's menu,
 * which it keeps up to date. */
static void
add_recent_submenu (AnnalistWindow      *self,
                    AnnalistApplication *application)
{
  GMenuModel *section = g_menu_model_get_item_link (self->primary_menu, 0, G_MENU_LINK_SECTION);

  if (section != NULL && G_IS_MENU (section) && !self->recent_added)
    {
      g_menu_insert_submenu (G_MENU (section), 1, _("_Recent Databases"),
                             annalist_application_get_recent_menu (application));
      self->recent_added = TRUE;
    }
  g_clear_object (&section);
}

AnnalistWindow *
annalist_window_new (AnnalistApplication *application,
                     AnnalistStore       *store,
                     const GError        *open_error)
{
  AnnalistWindow *self;

  g_return_val_if_fail (ANNALIST_IS_APPLICATION (application), NULL);

  self = g_object_new (ANNALIST_TYPE_WINDOW, "application", application, NULL);
  add_recent_submenu (self, application);
  annalist_window_set_store (self, store, open_error);
  return self;
}

AnnalistStore *
annalist_window_get_store (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), NULL);
  return self->store;
}

const char *
annalist_window_get_section (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), NULL);
  return self->section;
}

GtkWidget *
annalist_window_get_page (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), NULL);

  if (self->section == NULL)
    return NULL;
  return g_hash_table_lookup (self->section_pages, self->section);
}

int
annalist_window_get_year (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), 0);
  return self->year;
}

void
annalist_window_set_year (AnnalistWindow *self,
                          int             year)
{
  g_return_if_fail (ANNALIST_IS_WINDOW (self));

  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      {
        gtk_drop_down_set_selected (self->year_dropdown, i);
        return;
      }
}

GtkWidget *
annalist_window_get_search_entry (AnnalistWindow *self)
{
  g_return_val_if_fail (ANNALIST_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

void
annalist_window_add_toast (AnnalistWindow *self,
                           AdwToast       *toast)
{
  g_return_if_fail (ANNALIST_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* For annalist-window-keys.c ---------------------------------------------------------- */

GtkListBox *
annalist_window_get_sidebar (AnnalistWindow *self)
{
  return self->sidebar;
}

AdwLeaflet *
annalist_window_get_leaflet (AnnalistWindow *self)
{
  return self->leaflet;
}

void
annalist_window_select_shown_section (AnnalistWindow *self)
{
  g_return_if_fail (ANNALIST_IS_WINDOW (self));
  if (self->section != NULL)
    select_sidebar_row (self, self->section);
}

GtkWidget *
annalist_window_get_content_box (AnnalistWindow *self)
{
  return self->content_box;
}

GtkSearchBar *
annalist_window_get_search_bar (AnnalistWindow *self)
{
  return self->search_bar;
}
