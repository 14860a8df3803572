/* annalist-find-all.c — one search over the records of every kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ctrl+Shift+F: a search entry over a list of what it finds, grouped by
 * kind (the kind's name heading its records: the record's title, and a
 * line with its year and the rest of its text). The text searched is the
 * list's (annalist_search_index_expression ()), folded the list's way:
 * «е» finds «ё», case and quotes do not matter. Every kind's text is read
 * once, when the window opens; a keystroke only looks through it.
 * Enter opens the first record found, Down goes into the results, a row
 * opens its record's form.
 */

#define G_LOG_DOMAIN "annalist-find-all"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-find-all.h"
#include "annalist-search-index.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

/* Records shown of a kind: the others are counted in its heading. */
#define SHOWN_PER_KIND 8

typedef struct
{
  const AnnalistKind  *kind;
  AnnalistSearchIndex *index;
  GArray              *ids;       /* gint64, in the index's order */
  GPtrArray           *titles;    /* char *, NULL: asked of the store */
  GArray              *years;     /* int, 0: none */
  GPtrArray           *texts;     /* char *: the text searched */
} KindText;

struct _AnnalistFindAll
{
  AdwWindow        parent_instance;

  AnnalistWindow  *window;
  AnnalistStore   *store;
  GPtrArray       *kinds;   /* KindText */

  GtkSearchEntry  *entry;
  GtkStack        *stack;
  GtkListBox      *results;
  AdwStatusPage   *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistFindAll, annalist_find_all, ADW_TYPE_WINDOW)

static void
kind_text_free (KindText *text)
{
  g_clear_pointer (&text->index, annalist_search_index_free);
  g_clear_pointer (&text->ids, g_array_unref);
  g_clear_pointer (&text->titles, g_ptr_array_unref);
  g_clear_pointer (&text->years, g_array_unref);
  g_clear_pointer (&text->texts, g_ptr_array_unref);
  g_free (text);
}

/* Kinds whose records are not looked for here: figures have no title,
 * and the report's texts have a page of their own. */
static gboolean
kind_searched (const AnnalistKind *kind)
{
  return !g_str_equal (kind->name, "historical_figure") &&
         !g_str_equal (kind->name, "report_narrative");
}

static KindText *
read_kind (AnnalistStore      *store,
           const AnnalistKind *kind)
{
  g_autofree char *expression = annalist_search_index_expression (kind);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  KindText *text;
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT t.id, %s%s, %s%s, %s FROM %s AS t ORDER BY %s",
                         kind->title_column ? "t." : "",
                         kind->title_column ? kind->title_column : "NULL",
                         kind->year_column ? "t." : "",
                         kind->year_column ? kind->year_column : "0",
                         expression, kind->name,
                         kind->order_by ? kind->order_by : "t.id");
  stmt = annalist_store_prepare (store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("%s: %s", kind->name, error->message);
      return NULL;
    }

  text = g_new0 (KindText, 1);
  text->kind = kind;
  text->index = annalist_search_index_new (64);
  text->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  text->titles = g_ptr_array_new_with_free_func (g_free);
  text->years = g_array_new (FALSE, FALSE, sizeof (int));
  text->texts = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *title = (const char *) sqlite3_column_text (stmt, 1);
      int year = sqlite3_column_int (stmt, 2);
      const char *searched = (const char *) sqlite3_column_text (stmt, 3);

      g_array_append_val (text->ids, id);
      g_ptr_array_add (text->titles, title && *title ? annalist_ui_one_line (title) : NULL);
      g_array_append_val (text->years, year);
      g_ptr_array_add (text->texts, g_strdup (searched ? searched : ""));
      annalist_search_index_append (text->index, searched ? searched : "",
                                    searched ? (gsize) sqlite3_column_bytes (stmt, 3) : 0);
    }
  sqlite3_reset (stmt);
  return text;
}

static void
read_all (AnnalistFindAll *self)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  self->kinds = g_ptr_array_new_with_free_func ((GDestroyNotify) kind_text_free);
  for (guint k = 0; k < n_kinds; k++)
    {
      KindText *text;

      if (!kind_searched (kinds[k]))
        continue;
      text = read_kind (self->store, kinds[k]);
      if (text != NULL)
        g_ptr_array_add (self->kinds, text);
    }
}

/* Results ------------------------------------------------------------------------------ */

/* The second line: the year, and the text searched without the title. */
static char *
second_line (KindText   *text,
             guint       i,
             const char *title)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *rest = annalist_ui_one_line (g_ptr_array_index (text->texts, i));
  int year = g_array_index (text->years, int, i);
  const char *shown = rest;

  if (year > 0)
    {
      g_autofree char *label = annalist_academic_year_label (year);

      g_string_append (line, label);
    }
  if (title != NULL && g_str_has_prefix (shown, title))
    shown += strlen (title);
  while (*shown == ' ')
    shown++;
  if (*shown != '\0')
    {
      if (line->len > 0)
        g_string_append (line, " · ");
      g_string_append_len (line, shown, MIN (strlen (shown), 240));
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static GtkWidget *
result_row (AnnalistFindAll *self,
            KindText        *text,
            guint            i,
            guint            found)
{
  gint64 id = g_array_index (text->ids, gint64, i);
  const char *stored = g_ptr_array_index (text->titles, i);
  g_autofree char *title = stored ? g_strdup (stored)
                                  : annalist_store_record_title (self->store, text->kind, id);
  g_autofree char *second = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  if (title == NULL || *title == '\0')
    {
      g_free (title);
      /* Translators: a record without a title, by its kind and number */
      title = g_strdup_printf (_("%s %" G_GINT64_FORMAT), _(text->kind->singular), id);
    }
  second = second_line (text, i, title);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  if (*second != '\0')
    {
      label = gtk_label_new (second);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, title);

  {
    /* Read as «Мероприятие: title», then its second line. */
    g_autofree char *name = g_strdup_printf ("%s: %s", _(text->kind->singular), title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, second, -1);
  }
  g_object_set_data (G_OBJECT (row), "annalist-kind", (gpointer) text->kind->name);
  g_object_set_data_full (G_OBJECT (row), "annalist-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (row), "annalist-found", GUINT_TO_POINTER (found));
  return row;
}

static void
result_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "annalist-kind");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "annalist-kind") : NULL;
  guint found = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "annalist-found"));
  g_autofree char *text = NULL;
  GtkWidget *header;

  if (g_strcmp0 (kind, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (found > SHOWN_PER_KIND)
    /* Translators: a kind's heading in the search across all lists:
     * «Мероприятия — 8 из 23» */
    text = g_strdup_printf (_("%s — %u of %u"), _(annalist_kind_lookup (kind)->label),
                            SHOWN_PER_KIND, found);
  else
    text = g_strdup (_(annalist_kind_lookup (kind)->label));
  header = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, before ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_widget_set_margin_start (header, 12);
  gtk_list_box_row_set_header (row, header);
}

void
annalist_find_all_search_now (AnnalistFindAll *self)
{
  g_autofree char *needle = NULL;
  GtkWidget *child;
  guint shown = 0;

  g_return_if_fail (ANNALIST_IS_FIND_ALL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);

  needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (*needle == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "start");
      return;
    }

  for (guint k = 0; k < self->kinds->len; k++)
    {
      KindText *text = g_ptr_array_index (self->kinds, k);
      g_autoptr(GArray) found = annalist_search_index_find (text->index, needle, NULL);

      for (guint i = 0; i < found->len && i < SHOWN_PER_KIND; i++)
        gtk_list_box_append (self->results,
                             result_row (self, text, g_array_index (found, guint, i), found->len));
      shown += found->len;
    }
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "results" : "empty");
}

/* Opening ------------------------------------------------------------------------------ */

static void
open_row (AnnalistFindAll *self,
          GtkListBoxRow   *row)
{
  const AnnalistKind *kind = annalist_kind_lookup (g_object_get_data (G_OBJECT (row),
                                                                      "annalist-kind"));
  const gint64 *id = g_object_get_data (G_OBJECT (row), "annalist-id");
  g_autoptr(AnnalistRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistEditor *editor;
  int year = annalist_window_get_year (self->window);

  if (kind == NULL || id == NULL)
    return;
  record = annalist_store_load (self->store, kind, *id, &error);
  if (record == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Opened"), error->message);
      return;
    }
  editor = annalist_editor_new (self->store, record,
                                year != ANNALIST_ALL_YEARS ? year : annalist_academic_year_current (),
                                GTK_WINDOW (self->window));
  /* The search is done: the form takes its place over the window. */
  gtk_window_close (GTK_WINDOW (self));
  annalist_ui_present (GTK_WINDOW (editor));
}

static void
row_activated (AnnalistFindAll *self,
               GtkListBoxRow   *row)
{
  open_row (self, row);
}

static void
entry_activated (AnnalistFindAll *self)
{
  GtkListBoxRow *first;

  annalist_find_all_search_now (self);
  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first != NULL)
    open_row (self, first);
}

/* Down (and Tab) from the entry: the first result. */
static gboolean
entry_key_pressed (AnnalistFindAll *self,
                   guint            keyval,
                   guint            keycode,
                   GdkModifierType  state)
{
  GtkListBoxRow *first;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  annalist_find_all_search_now (self);
  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_list_box_select_row (self->results, first);
  return gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
stop_search (AnnalistFindAll *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Construction ------------------------------------------------------------------------- */

static void
annalist_find_all_dispose (GObject *object)
{
  AnnalistFindAll *self = ANNALIST_FIND_ALL (object);

  g_clear_pointer (&self->kinds, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (annalist_find_all_parent_class)->dispose (object);
}

static void
annalist_find_all_class_init (AnnalistFindAllClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_find_all_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annalist_find_all_init (AnnalistFindAll *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *start;
  GtkEventController *keys;

  gtk_window_set_title (GTK_WINDOW (self), _("Search in All Lists"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 480);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->entry), 280, -1);
  g_object_set (self->entry, "search-delay", 60,
                "placeholder-text", _("Search in all lists"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search in all lists"), -1);
  g_signal_connect_swapped (self->entry, "search-changed",
                            G_CALLBACK (annalist_find_all_search_now), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activated), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_search), self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), header);

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->results, GTK_SELECTION_BROWSE);
  gtk_list_box_set_header_func (self->results, result_header, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Found records"), -1);
  g_signal_connect_swapped (self->results, "row-activated", G_CALLBACK (row_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->results));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  start = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (start), "system-search-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (start), _("Search in All Lists"));
  adw_status_page_set_description (ADW_STATUS_PAGE (start),
                                   _("Type a part of a title, a name or a place: the records "
                                     "of every list that hold it are shown by kind. Enter opens "
                                     "the first one, Down goes to the others."));
  gtk_widget_add_css_class (start, "compact");
  gtk_stack_add_named (self->stack, start, "start");
  gtk_stack_add_named (self->stack, scroller, "results");
  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
  adw_status_page_set_title (self->empty_page, _("Nothing Found"));
  adw_status_page_set_description (self->empty_page,
                                   _("No record of any list holds this text."));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");
  gtk_stack_set_visible_child_name (self->stack, "start");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  adw_window_set_content (ADW_WINDOW (self), box);
}

AnnalistFindAll *
annalist_find_all_show (AnnalistWindow *window)
{
  AnnalistFindAll *self;

  g_return_val_if_fail (ANNALIST_IS_WINDOW (window), NULL);
  g_return_val_if_fail (annalist_window_get_store (window) != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_FIND_ALL, "transient-for", window, NULL);
  self->window = window;
  self->store = g_object_ref (annalist_window_get_store (window));
  read_all (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

GtkWidget *
annalist_find_all_get_entry (AnnalistFindAll *self)
{
  g_return_val_if_fail (ANNALIST_IS_FIND_ALL (self), NULL);
  return GTK_WIDGET (self->entry);
}

GtkListBox *
annalist_find_all_get_results (AnnalistFindAll *self)
{
  g_return_val_if_fail (ANNALIST_IS_FIND_ALL (self), NULL);
  return self->results;
}
