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

/* Records shown of a kind (the others are counted in its heading), and
 * of all kinds: fewer of each kind when many kinds have some. */
#define SHOWN_PER_KIND 6
#define MAX_SHOWN      48

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
  guint            rows_source;
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
      g_ptr_array_add (text->titles, title && *title ? annalist_store_one_line (title) : NULL);
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
  g_autofree char *rest = annalist_store_one_line (g_ptr_array_index (text->texts, i));
  int year = g_array_index (text->years, int, i);
  const char *shown = rest;

  if (year > 0)
    {
      g_autofree char *label = annalist_academic_year_label (year);

      g_string_append (line, label);
    }
  /* The title is the first line already. */
  if (title != NULL && *title != '\0')
    {
      const char *at = strstr (rest, title);

      if (at != NULL)
        memmove ((char *) at, at + strlen (title), strlen (at + strlen (title)) + 1);
    }
  while (*shown == ' ')
    shown++;
  if (*shown != '\0')
    {
      if (line->len > 0)
        g_string_append (line, " · ");
      const char *end = shown;

      /* A line's worth, cut between characters. */
      for (guint n = 0; *end != '\0' && n < 160; n++)
        end = g_utf8_next_char (end);
      g_string_append_len (line, shown, end - shown);
    }
  /* Empty fields leave runs of spaces. */
  for (char *at = line->str; (at = strstr (at, "  ")) != NULL; )
    g_string_erase (line, at - line->str, 1);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* A row of the results, made once and shown again for other records: a
 * keystroke sets texts rather than making widgets. */
static GtkWidget *
new_result_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *second = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);
  gtk_label_set_xalign (GTK_LABEL (second), 0);
  gtk_label_set_ellipsize (GTK_LABEL (second), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (second, "dim-label");
  gtk_widget_add_css_class (second, "caption");
  gtk_box_append (GTK_BOX (box), second);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "annalist-title", title);
  g_object_set_data (G_OBJECT (row), "annalist-second", second);
  return row;
}

static void
fill_result_row (AnnalistFindAll *self,
                 GtkWidget       *row,
                 KindText        *text,
                 guint            i,
                 guint            found,
                 guint            per_kind)
{
  gint64 id = g_array_index (text->ids, gint64, i);
  const char *stored = g_ptr_array_index (text->titles, i);
  g_autofree char *title = stored ? g_strdup (stored)
                                  : annalist_store_record_title (self->store, text->kind, id);
  g_autofree char *second = NULL;
  g_autofree char *name = NULL;
  GtkWidget *second_label = g_object_get_data (G_OBJECT (row), "annalist-second");

  if (title == NULL || *title == '\0')
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_free (title);
      /* Translators: «Rating value 12»: a record without a title, by its
       * number; the first %s is the kind, the second the number */
      title = g_strdup_printf (_("%s %s"), _(text->kind->singular), number);
    }
  second = second_line (text, i, title);

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "annalist-title"), title);
  gtk_label_set_text (GTK_LABEL (second_label), second);
  gtk_widget_set_visible (second_label, *second != '\0');
  gtk_widget_set_tooltip_text (row, title);
  /* Read as «Мероприятие: title», then its second line. */
  name = g_strdup_printf ("%s: %s", _(text->kind->singular), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, second, -1);
  g_object_set_data (G_OBJECT (row), "annalist-kind", (gpointer) text->kind->name);
  g_object_set_data_full (G_OBJECT (row), "annalist-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (row), "annalist-found", GUINT_TO_POINTER (found));
  g_object_set_data (G_OBJECT (row), "annalist-shown", GUINT_TO_POINTER (MIN (found, per_kind)));
  gtk_widget_set_visible (row, TRUE);
}

static void
result_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "annalist-kind");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "annalist-kind") : NULL;
  guint found = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "annalist-found"));
  guint shown = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "annalist-shown"));
  g_autofree char *text = NULL;
  GtkWidget *header;

  if (kind == NULL || g_strcmp0 (kind, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (found > shown)
    /* Translators: a kind's heading in the search across all lists:
     * «Мероприятия — 6 из 23» */
    text = g_strdup_printf (_("%s — %u of %u"), _(annalist_kind_lookup (kind)->label),
                            shown, found);
  else
    text = g_strdup (_(annalist_kind_lookup (kind)->label));
  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_set_margin_bottom (header, 4);
      gtk_widget_set_margin_start (header, 12);
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), text);
  gtk_widget_set_margin_top (header, before ? 12 : 6);
}

void
annalist_find_all_search_now (AnnalistFindAll *self)
{
  g_autofree char *needle = NULL;
  g_autoptr(GPtrArray) founds = NULL;
  guint shown = 0, used = 0, n_kinds = 0, per_kind;
  gint64 started = g_get_monotonic_time ();

  g_return_if_fail (ANNALIST_IS_FIND_ALL (self));

  needle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  founds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint k = 0; *needle != '\0' && k < self->kinds->len; k++)
    {
      KindText *text = g_ptr_array_index (self->kinds, k);
      GArray *found = annalist_search_index_find (text->index, needle, NULL);

      g_ptr_array_add (founds, found);
      n_kinds += found->len > 0;
    }
  /* A short text found in every list: fewer of each, so that a
   * keystroke stays quick and the kinds stay in sight. */
  per_kind = n_kinds > 0 ? CLAMP (MAX_SHOWN / n_kinds, 2, SHOWN_PER_KIND) : SHOWN_PER_KIND;

  for (guint k = 0; k < founds->len; k++)
    {
      KindText *text = g_ptr_array_index (self->kinds, k);
      GArray *found = g_ptr_array_index (founds, k);

      for (guint i = 0; i < found->len && i < per_kind; i++, used++)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, used);

          if (row == NULL)
            {
              row = GTK_LIST_BOX_ROW (new_result_row ());
              gtk_list_box_append (self->results, GTK_WIDGET (row));
            }
          fill_result_row (self, GTK_WIDGET (row), text, g_array_index (found, guint, i),
                           found->len, per_kind);
        }
      shown += found->len;
    }
  /* The rows left over wait, hidden, for a longer result. */
  for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (self->results, used)) != NULL;
       used++)
    {
      gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
      g_object_set_data (G_OBJECT (row), "annalist-kind", NULL);
    }
  gtk_list_box_invalidate_headers (self->results);
  gtk_list_box_unselect_all (self->results);

  if (*needle == '\0')
    gtk_stack_set_visible_child_name (self->stack, "start");
  else
    gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "results" : "empty");
  g_debug ("«%s»: %u found in %.1f ms", needle, shown,
           (g_get_monotonic_time () - started) / 1000.0);
}

/* The rows a search can show at most, made while the window waits for
 * the first key: the first keystroke only fills them. */
static gboolean
make_rows (gpointer user_data)
{
  AnnalistFindAll *self = user_data;
  guint n = 0;

  self->rows_source = 0;
  while (gtk_list_box_get_row_at_index (self->results, n) != NULL)
    n++;
  for (; n < MAX_SHOWN + 8; n++)
    {
      GtkWidget *row = new_result_row ();

      gtk_widget_set_visible (row, FALSE);
      gtk_list_box_append (self->results, row);
    }
  return G_SOURCE_REMOVE;
}

GtkListBoxRow *
annalist_find_all_get_result (AnnalistFindAll *self,
                              guint            position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ANNALIST_IS_FIND_ALL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->results, position);
  return row != NULL && gtk_widget_get_visible (GTK_WIDGET (row)) ? row : NULL;
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
  first = annalist_find_all_get_result (self, 0);
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
  first = annalist_find_all_get_result (self, 0);
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

  g_clear_handle_id (&self->rows_source, g_source_remove);
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
  /* Each panel titled as a screen reader should call it (GTK 4.8 reads an
   * untitled one by its type, «GtkStackPage»). */
  gtk_stack_add_titled (self->stack, start, "start", _("Search in All Lists"));
  gtk_stack_add_titled (self->stack, scroller, "results", _("Found records"));
  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
  adw_status_page_set_title (self->empty_page, _("Nothing Found"));
  adw_status_page_set_description (self->empty_page,
                                   _("No record of any list holds this text."));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->empty_page), "empty", _("Nothing Found"));
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
  {
    gint64 started = g_get_monotonic_time ();

    read_all (self);
    g_debug ("Every list's text read in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  }
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  self->rows_source = g_idle_add (make_rows, self);
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
