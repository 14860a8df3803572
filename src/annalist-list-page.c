/* annalist-list-page.c — the records of one kind in a column view
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page serves every kind: its columns are the LISTED fields of the
 * kind's descriptors. The model is an AnnalistRecordList (ids only, records
 * read when a row shows), so 100 000 records cost 800 KB and a handful of
 * row widgets. Sorting is done by SQLite: the column headers' sorter is
 * only asked which column leads and in which direction. Searching runs in
 * C over a compact index (one folded string per record, built once per
 * list) because SQLite re-folding every row on every keystroke is too slow
 * for 100 000 records.
 */

#define G_LOG_DOMAIN "annalist-list-page"
#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-editor.h"
#include "annalist-list-page.h"
#include "annalist-record-list.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

typedef struct
{
  AnnalistListPage *self;
  int               field;
} ColumnInfo;

typedef struct
{
  guint32 offset;
  guint32 length;
} Span;

struct _AnnalistListPage
{
  AdwBin              parent_instance;

  AnnalistStore      *store;
  const AnnalistKind *kind;
  int                 year;
  char               *search;
  const char         *owner_column;
  gint64              owner_id;
  int                 sort_field;
  gboolean            descending;
  int                 probe;

  AnnalistRecordList *base;
  GtkSingleSelection *selection;
  ColumnInfo         *columns;
  GtkColumnViewColumn *year_view_column;
  gulong              changed_id;

  /* The search index of `base`: position → folded text. */
  GArray             *index_ids;     /* gint64 */
  GArray             *index_spans;   /* Span */
  GString            *index_text;
  char               *last_needle;
  GArray             *matches;       /* guint positions in base */

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkLabel           *toolbar_title;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (AnnalistListPage, annalist_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (AnnalistListPage *self);

/* Cells ------------------------------------------------------------------------------ */

static gboolean
field_is_numeric (const AnnalistField *field)
{
  return field->type == ANNALIST_FIELD_INTEGER || field->type == ANNALIST_FIELD_REAL;
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnInfo               *info)
{
  const AnnalistField *field = &info->self->kind->fields[info->field];
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), field_is_numeric (field) ? 1.0f : 0.0f);
  if (field_is_numeric (field))
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnInfo               *info)
{
  AnnalistListPage *self = info->self;
  const AnnalistField *field = &self->kind->fields[info->field];
  AnnalistRecord *record = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  text = annalist_store_format_value (self->store, field,
                                      annalist_record_get_value (record, info->field));
  line = annalist_ui_one_line (text);
  gtk_label_set_text (GTK_LABEL (label), line);
  /* Long text is cut to one line in the list; the whole shows on hover. */
  gtk_widget_set_tooltip_text (label, g_utf8_strlen (line, -1) > 40 ? text : NULL);
}

/* Sorting ---------------------------------------------------------------------------- */

/* The column view's sorter chains the columns' sorters, leading column
 * first, and inverts a descending one. Asking it to compare two dummies
 * tells which column leads (the first of ours to be called) and its
 * direction (the sign). GTK 4.8 has no public API for either. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnInfo *info = user_data;

  if (info->self->probe < 0)
    info->self->probe = info->field;
  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed (GtkSorter        *sorter,
                GtkSorterChange   change,
                AnnalistListPage *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probe = -1;
  order = gtk_sorter_compare (sorter, a, b);
  self->sort_field = self->probe;
  self->descending = order == GTK_ORDERING_LARGER;
  reload (self);
}

/* Search ---------------------------------------------------------------------------- */

static void
clear_index (AnnalistListPage *self)
{
  g_clear_pointer (&self->index_ids, g_array_unref);
  g_clear_pointer (&self->index_spans, g_array_unref);
  if (self->index_text != NULL)
    g_string_free (g_steal_pointer (&self->index_text), TRUE);
  g_clear_pointer (&self->last_needle, g_free);
  g_clear_pointer (&self->matches, g_array_unref);
}

/* The same text the store searches in: the SEARCHED fields as people read
 * them, joined by spaces. */
static char *
search_expression (const AnnalistKind *kind)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];

      if (!(field->flags & ANNALIST_FIELD_SEARCHED))
        continue;
      if (sql->len > 0)
        g_string_append (sql, " || ' ' || ");

      if (field->type == ANNALIST_FIELD_DICTIONARY || field->type == ANNALIST_FIELD_REFERENCE)
        {
          const AnnalistKind *target = annalist_kind_lookup (field->target);
          const char *column = target->display_column ? target->display_column
                                                      : target->title_column;

          g_string_append_printf (sql, "coalesce((SELECT %s FROM %s WHERE id = t.%s), '')",
                                  column, target->name, field->column);
        }
      else if (field->type == ANNALIST_FIELD_REFERENCES)
        g_string_append_printf (sql,
                                "coalesce((SELECT group_concat(o.short_name || ' ' || "
                                "o.full_name, ' ') FROM %s j JOIN organisation o "
                                "ON o.id = j.organisation_id WHERE j.%s = t.id), '')",
                                field->junction, field->junction_column);
      else
        g_string_append_printf (sql, "coalesce(t.%s, '')", field->column);
    }
  if (sql->len == 0)
    g_string_append (sql, "''");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
build_index (AnnalistListPage *self)
{
  g_autoptr(GHashTable) spans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  if (self->index_ids != NULL || self->base == NULL)
    return;

  expression = search_expression (self->kind);
  sql = g_strdup_printf ("SELECT t.id, annalist_fold(%s) FROM %s AS t",
                         expression, self->kind->name);
  stmt = annalist_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  self->index_text = g_string_sized_new (4096);
  spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      int length = sqlite3_column_bytes (stmt, 1);
      Span *span = g_new (Span, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      span->offset = (guint32) self->index_text->len;
      span->length = (guint32) length;
      g_string_append_len (self->index_text, text ? text : "", length);
      g_hash_table_insert (spans, id, span);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    g_warning ("Search index of %s: %s", self->kind->name,
               sqlite3_errmsg (annalist_store_get_db (self->store)));

  /* In the list's order, so that a search keeps the order. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->base));
  self->index_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  self->index_spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = annalist_record_list_get_id (self->base, i);
      Span *span = g_hash_table_lookup (spans, &id);
      Span found = { 0, 0 };

      if (span != NULL)
        found = *span;
      g_array_append_val (self->index_ids, id);
      g_array_append_val (self->index_spans, found);
    }
}

static GListModel *
filtered_model (AnnalistListPage *self)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (self->search ? self->search : ""));
  g_autofree char *needle = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) ids = NULL;
  gsize needle_length;
  const char *text;
  guint n;

  if (*trimmed == '\0' || self->base == NULL)
    {
      g_clear_pointer (&self->last_needle, g_free);
      g_clear_pointer (&self->matches, g_array_unref);
      return self->base ? g_object_ref (G_LIST_MODEL (self->base)) : NULL;
    }

  build_index (self);
  if (self->index_ids == NULL)
    return g_object_ref (G_LIST_MODEL (self->base));

  needle = g_utf8_casefold (trimmed, -1);
  needle_length = strlen (needle);
  text = self->index_text->str;
  matches = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Typing one more letter narrows the last result: look only there. */
  if (self->last_needle != NULL && self->matches != NULL &&
      strstr (needle, self->last_needle) != NULL)
    {
      n = self->matches->len;
      for (guint i = 0; i < n; i++)
        {
          guint position = g_array_index (self->matches, guint, i);
          Span *span = &g_array_index (self->index_spans, Span, position);

          if (memmem (text + span->offset, span->length, needle, needle_length) != NULL)
            g_array_append_val (matches, position);
        }
    }
  else
    {
      n = self->index_spans->len;
      for (guint position = 0; position < n; position++)
        {
          Span *span = &g_array_index (self->index_spans, Span, position);

          if (memmem (text + span->offset, span->length, needle, needle_length) != NULL)
            g_array_append_val (matches, position);
        }
    }

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), matches->len);
  for (guint i = 0; i < matches->len; i++)
    {
      gint64 id = g_array_index (self->index_ids, gint64, g_array_index (matches, guint, i));
      g_array_append_val (ids, id);
    }

  g_free (self->last_needle);
  self->last_needle = g_steal_pointer (&needle);
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = g_steal_pointer (&matches);

  return G_LIST_MODEL (annalist_record_list_new (self->store, self->kind, ids));
}

/* Showing ---------------------------------------------------------------------------- */

static void
update_empty_page (AnnalistListPage *self,
                   guint             n_items)
{
  g_autofree char *description = NULL;
  const char *title;

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (self->search != NULL && *self->search != '\0')
    {
      title = _("Nothing Found");
      description = g_strdup_printf (_("No record contains “%s”. Check the spelling or "
                                       "search for a part of a word."), self->search);
    }
  else if (self->owner_column != NULL)
    {
      title = _("None Yet");
      description = g_strdup (_("Add one with the “+” button."));
    }
  else if (self->year != ANNALIST_ALL_YEARS &&
           (self->kind->year_column != NULL || self->kind->period_from != NULL))
    {
      g_autofree char *year = annalist_academic_year_label (self->year);

      title = _("No Records for This Year");
      description = g_strdup_printf (_("There are no records for the %s academic year. "
                                       "Add the first with “New” (Ctrl+N), or choose "
                                       "another year or “All years”."), year);
    }
  else
    {
      title = _("No Records Yet");
      description = g_strdup (_("Add the first with “New” (Ctrl+N)."));
    }

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_model (AnnalistListPage *self)
{
  g_autoptr(GListModel) model = filtered_model (self);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  /* Unselect first: a selection that survives a model change is looked
   * for among all the new items, which would read every record. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Emptying the view before filling it is five times faster in GTK 4.8
   * than one items-changed that removes 100 000 rows and adds 100 000. */
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_single_selection_set_model (self->selection, model);
  update_empty_page (self, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
reload (AnnalistListPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  if (self->store == NULL)
    return;

  if (self->owner_column != NULL)
    {
      g_autoptr(GArray) ids = annalist_ui_ids_referring (self->store, self->kind,
                                                         self->owner_column, self->owner_id,
                                                         &error);
      if (ids != NULL)
        list = G_LIST_MODEL (annalist_record_list_new (self->store, self->kind, ids));
    }
  else
    {
      AnnalistQuery query = ANNALIST_QUERY_INIT;

      query.year = self->year;
      query.sort_field = self->sort_field;
      query.descending = self->descending;
      list = annalist_store_list (self->store, self->kind, &query, &error);
    }

  if (list == NULL)
    {
      g_warning ("%s", error->message);
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  clear_index (self);
  g_set_object (&self->base, ANNALIST_RECORD_LIST (list));
  show_model (self);
}

static void
store_changed (AnnalistStore    *store,
               const char       *kind_name,
               AnnalistListPage *self)
{
  gboolean concerned = g_str_equal (kind_name, self->kind->name);

  /* A renamed dictionary value or organisation shows in our cells too. */
  for (guint i = 0; i < self->kind->n_fields && !concerned; i++)
    concerned = g_strcmp0 (self->kind->fields[i].target, kind_name) == 0;
  if (concerned)
    reload (self);
}

/* Actions ---------------------------------------------------------------------------- */

static void
selection_changed (AnnalistListPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list-page.delete",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
open_record (AnnalistListPage *self,
             AnnalistRecord   *record)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AnnalistEditor *editor;
  int year = self->year != ANNALIST_ALL_YEARS ? self->year : annalist_academic_year_current ();

  editor = annalist_editor_new (self->store, record, year,
                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
view_activate (GtkColumnView    *view,
               guint             position,
               AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                            position);
  if (record != NULL)
    open_record (self, record);
}

void
annalist_list_page_open_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record != NULL)
    open_record (self, record);
}

void
annalist_list_page_new_record (AnnalistListPage *self)
{
  g_autoptr(AnnalistRecord) record = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = annalist_record_new (self->kind);
  if (self->owner_column != NULL)
    annalist_record_set_int (record, self->owner_column, self->owner_id);
  if (self->kind->year_column != NULL && self->year != ANNALIST_ALL_YEARS)
    annalist_record_set_int (record, self->kind->year_column, self->year);
  open_record (self, record);
}

typedef struct
{
  AnnalistStore  *store;
  AnnalistRecord *record;     /* the deleted record, with its id */
  GPtrArray      *dependents; /* AnnalistRecord: what went or changed with it */
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  g_clear_object (&deletion->store);
  g_clear_object (&deletion->record);
  g_clear_pointer (&deletion->dependents, g_ptr_array_unref);
  g_free (deletion);
}

static gboolean
undo_in_transaction (AnnalistStore *store,
                     gpointer       user_data,
                     GError       **error)
{
  Deletion *deletion = user_data;

  if (!annalist_store_insert (store, deletion->record, error))
    return FALSE;
  for (guint i = 0; i < deletion->dependents->len; i++)
    {
      AnnalistRecord *record = g_ptr_array_index (deletion->dependents, i);
      const AnnalistKind *kind = annalist_record_get_kind (record);
      g_autoptr(AnnalistRecord) now = NULL;
      gboolean ok;

      /* Owned records went with it and come back; records whose link was
       * cleared get the link back. */
      now = annalist_store_load (store, kind, annalist_record_get_id (record), NULL);
      ok = now != NULL ? annalist_store_update (store, record, error)
                       : annalist_store_insert (store, record, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static void
undo_clicked (AdwToast *toast,
              Deletion *deletion)
{
  g_autoptr(GError) error = NULL;

  if (!annalist_store_transaction (deletion->store, undo_in_transaction, deletion, &error))
    g_warning ("Undo: %s", error->message);
}

static void
delete_confirmed (AnnalistListPage *self,
                  AnnalistRecord   *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(AnnalistRecord) copy = NULL;
  g_autofree char *title = annalist_ui_record_title (self->store, record);
  Deletion *deletion;
  AdwToast *toast;
  gint64 id = annalist_record_get_id (record);

  /* Keep what cascades or is unlinked with the record, for Undo. */
  copy = annalist_store_load (self->store, self->kind, id, &error);
  if (copy == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Deleted"),
                              error->message);
      return;
    }
  deletion = g_new0 (Deletion, 1);
  deletion->store = g_object_ref (self->store);
  deletion->record = g_steal_pointer (&copy);
  deletion->dependents = g_ptr_array_new_with_free_func (g_object_unref);

  dependents = annalist_store_dependents (self->store, self->kind, id, NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      const AnnalistField *field = annalist_kind_field (d->kind, d->column);
      g_autoptr(GArray) ids = NULL;

      if (field == NULL || field->type != ANNALIST_FIELD_REFERENCE)
        continue;
      ids = annalist_ui_ids_referring (self->store, d->kind, d->column, id, NULL);
      for (guint j = 0; ids != NULL && j < ids->len; j++)
        {
          AnnalistRecord *dependent = annalist_store_load (self->store, d->kind,
                                                           g_array_index (ids, gint64, j),
                                                           NULL);
          if (dependent != NULL)
            g_ptr_array_add (deletion->dependents, dependent);
        }
    }

  if (!annalist_store_delete (self->store, self->kind, id, &error))
    {
      deletion_free (deletion);
      annalist_ui_show_error (GTK_WIDGET (self), _("The Record Cannot Be Deleted"),
                              error->message);
      return;
    }

  /* Translators: %s is the title of the record that was deleted */
  toast = adw_toast_new_format (_("“%s” deleted"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked), deletion);
  g_signal_connect_swapped (toast, "dismissed", G_CALLBACK (deletion_free), deletion);
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AnnalistListPage *self)
{
  AnnalistRecord *record = g_object_get_data (G_OBJECT (dialog), "record");

  if (g_str_equal (response, "delete"))
    delete_confirmed (self, record);
}

void
annalist_list_page_delete_selected (AnnalistListPage *self)
{
  AnnalistRecord *record;
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) owned = g_string_new (NULL);
  g_autoptr(GString) referring = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  record = gtk_single_selection_get_selected_item (self->selection);
  if (record == NULL)
    return;

  title = annalist_ui_record_title (self->store, record);
  dependents = annalist_store_dependents (self->store, self->kind,
                                          annalist_record_get_id (record), NULL);
  for (guint i = 0; dependents != NULL && i < dependents->len; i++)
    {
      AnnalistDependents *d = &g_array_index (dependents, AnnalistDependents, i);
      GString *list = g_strcmp0 (d->kind->parent_column, d->column) == 0 ? owned : referring;

      g_string_append_printf (list, "%s%s: %" G_GINT64_FORMAT,
                              list->len ? ", " : "", _(d->kind->label), d->count);
    }

  if (owned->len > 0)
    g_string_append_printf (body, _("Its records are deleted with it: %s."), owned->str);
  if (referring->len > 0)
    {
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Other records refer to it: %s. If they need it, "
                                      "it will not be deleted."), referring->str);
    }
  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append (body, _("You can undo the deletion for a few seconds afterwards."));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                   body->str);
  /* Translators: %s is the title of a record */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_new (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  annalist_list_page_new_record (ANNALIST_LIST_PAGE (widget));
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  annalist_list_page_delete_selected (ANNALIST_LIST_PAGE (widget));
}

/* Construction ----------------------------------------------------------------------- */

static void
add_columns (AnnalistListPage *self)
{
  const AnnalistKind *kind = self->kind;
  GtkSorter *view_sorter;

  self->columns = g_new0 (ColumnInfo, kind->n_fields);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      g_autoptr(GtkListItemFactory) factory = NULL;
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      if (!(field->flags & ANNALIST_FIELD_LISTED) || (field->flags & ANNALIST_FIELD_HIDDEN))
        continue;
      /* In a list under its owner, the owner column says nothing. */
      if (self->owner_column != NULL && g_str_equal (field->column, self->owner_column))
        continue;

      self->columns[i].self = self;
      self->columns[i].field = (int) i;

      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), &self->columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), &self->columns[i]);
      column = gtk_column_view_column_new (_(field->label), g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (column, TRUE);

      switch (field->type)
        {
        case ANNALIST_FIELD_TEXT:
        case ANNALIST_FIELD_LONG_TEXT:
        case ANNALIST_FIELD_REFERENCES:
          /* The record's own title gets the room. */
          gtk_column_view_column_set_expand (column, TRUE);
          gtk_column_view_column_set_fixed_width (column,
                                                  g_strcmp0 (field->column,
                                                             kind->title_column) == 0
                                                  ? 360 : 200);
          break;
        case ANNALIST_FIELD_DATE:
        case ANNALIST_FIELD_YEAR:
          gtk_column_view_column_set_fixed_width (column, 110);
          break;
        case ANNALIST_FIELD_BOOLEAN:
        case ANNALIST_FIELD_INTEGER:
        case ANNALIST_FIELD_REAL:
          gtk_column_view_column_set_fixed_width (column, 130);
          break;
        case ANNALIST_FIELD_DICTIONARY:
        case ANNALIST_FIELD_REFERENCE:
        default:
          gtk_column_view_column_set_fixed_width (column, 170);
          break;
        }

      if (self->owner_column == NULL)
        {
          sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->columns[i], NULL));
          gtk_column_view_column_set_sorter (column, sorter);
        }
      if (g_strcmp0 (field->column, kind->year_column) == 0)
        self->year_view_column = column;
      gtk_column_view_append_column (self->column_view, column);
    }

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (sorter_changed), self, 0);
}

static void
annalist_list_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AnnalistListPage *self = ANNALIST_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, annalist_list_page_get_count (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annalist_list_page_dispose (GObject *object)
{
  AnnalistListPage *self = (AnnalistListPage *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_LIST_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  clear_index (self);

  G_OBJECT_CLASS (annalist_list_page_parent_class)->dispose (object);
}

static void
annalist_list_page_finalize (GObject *object)
{
  AnnalistListPage *self = (AnnalistListPage *) object;

  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (annalist_list_page_parent_class)->finalize (object);
}

static void
annalist_list_page_class_init (AnnalistListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = annalist_list_page_get_property;
  object_class->dispose = annalist_list_page_dispose;
  object_class->finalize = annalist_list_page_finalize;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, toolbar_title);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AnnalistListPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, view_activate);

  gtk_widget_class_install_action (widget_class, "list-page.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "list-page.delete", NULL, action_delete);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list-page.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "list-page.delete", NULL);
}

static void
annalist_list_page_init (AnnalistListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sort_field = -1;
  self->year = ANNALIST_ALL_YEARS;
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

AnnalistListPage *
annalist_list_page_new (AnnalistStore      *store,
                        const AnnalistKind *kind)
{
  AnnalistListPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_LIST_PAGE, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(kind->label),
                                  -1);
  add_columns (self);
  reload (self);
  return self;
}

const AnnalistKind *
annalist_list_page_get_kind (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return self->kind;
}

void
annalist_list_page_set_year (AnnalistListPage *self,
                             int               year)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  if (self->year_view_column != NULL)
    gtk_column_view_column_set_visible (self->year_view_column, year == ANNALIST_ALL_YEARS);
  if (self->year == year)
    return;
  self->year = year;
  reload (self);
}

void
annalist_list_page_set_search (AnnalistListPage *self,
                               const char       *text)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));

  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  show_model (self);
}

void
annalist_list_page_prepare_search (AnnalistListPage *self)
{
  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  build_index (self);
}

void
annalist_list_page_set_owner (AnnalistListPage *self,
                              const char       *column,
                              gint64            id)
{
  g_autofree char *title = NULL;

  g_return_if_fail (ANNALIST_IS_LIST_PAGE (self));
  g_return_if_fail (annalist_kind_field (self->kind, column) != NULL);

  self->owner_column = annalist_kind_field (self->kind, column)->column;
  self->owner_id = id;

  /* Rebuild the columns without the owner's and without sorting. */
  while (g_list_model_get_n_items (gtk_column_view_get_columns (self->column_view)) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column_object =
        g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);
      gtk_column_view_remove_column (self->column_view, column_object);
    }
  g_clear_pointer (&self->columns, g_free);
  self->year_view_column = NULL;
  add_columns (self);

  gtk_label_set_text (self->toolbar_title, _(self->kind->label));
  gtk_widget_set_visible (self->toolbar, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  adw_status_page_set_icon_name (self->empty_page, NULL);
  reload (self);
}

guint
annalist_list_page_get_count (AnnalistListPage *self)
{
  GListModel *model;

  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), 0);

  model = gtk_single_selection_get_model (self->selection);
  return model ? g_list_model_get_n_items (model) : 0;
}

AnnalistRecord *
annalist_list_page_get_selected (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

GtkColumnView *
annalist_list_page_get_view (AnnalistListPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_LIST_PAGE (self), NULL);
  return self->column_view;
}
