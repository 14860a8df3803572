/* annalist-related-list.c — the records that belong to a record, in its form
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form's lists (a project's stages, a competition's nominations, an
 * organisation's events in its card) are as long as their records and
 * scroll with the form: a list that scrolled inside the form would catch
 * the mouse wheel. So no scrolled window and no list view here, only a
 * heading, a boxed list of rows, one per record (its title, and a line of
 * the fields that tell it apart), and «Add…». A click or Enter on a row
 * opens its record's form; its bin deletes it at once, with Undo. An empty
 * list is the one line «Projects · No records · Add…».
 *
 * Every list of records under a record is made here, through the
 * editor's add_related () and the organisation's card: other lists
 * (a table of entries, the line of a plan's items) plug in beside them
 * there.
 */

#define G_LOG_DOMAIN "annalist-related-list"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-delete.h"
#include "annalist-editor.h"
#include "annalist-history.h"
#include "annalist-related-list.h"
#include "annalist-ui.h"

struct _AnnalistRelatedList
{
  GtkBox              parent_instance;

  AnnalistStore      *store;
  const AnnalistKind *kind;
  const char         *column;     /* of kind: names the owner */
  gint64              owner_id;
  char               *heading;
  char               *order_by;
  char              **columns;    /* shown under the title; NULL: the listed */
  char               *view_only;
  gulong              changed_id;
  GPtrArray          *records;    /* AnnalistRecord, in the rows' order */

  GtkWidget          *title;
  GtkWidget          *none;
  GtkWidget          *add_button;
  GtkWidget          *rows;
};

G_DEFINE_FINAL_TYPE (AnnalistRelatedList, annalist_related_list, GTK_TYPE_BOX)

/* Rows ------------------------------------------------------------------------------ */

static gboolean
shown_under_title (AnnalistRelatedList *self,
                   const AnnalistField *field)
{
  if (g_str_equal (field->column, self->column) ||
      g_strcmp0 (field->column, self->kind->title_column) == 0)
    return FALSE;
  if (self->columns != NULL)
    return g_strv_contains ((const char * const *) self->columns, field->column);
  return (field->flags & ANNALIST_FIELD_LISTED) && !(field->flags & ANNALIST_FIELD_HIDDEN);
}

/* What the line under the title says: the values of the fields shown, in
 * the order asked for, the empty ones left out. */
static GPtrArray *
record_details (AnnalistRelatedList *self,
                AnnalistRecord      *record)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  if (self->columns != NULL)
    {
      for (guint i = 0; self->columns[i] != NULL; i++)
        {
          const AnnalistField *field = annalist_kind_field (self->kind, self->columns[i]);

          if (field != NULL && shown_under_title (self, field))
            g_ptr_array_add (fields, (gpointer) field);
        }
    }
  else
    for (guint i = 0; i < self->kind->n_fields; i++)
      if (shown_under_title (self, &self->kind->fields[i]))
        g_ptr_array_add (fields, (gpointer) &self->kind->fields[i]);

  for (guint i = 0; i < fields->len; i++)
    {
      const AnnalistField *field = g_ptr_array_index (fields, i);
      GVariant *value = annalist_record_get (record, field->column);
      g_autofree char *text = NULL;
      g_autofree char *one = NULL;

      if (value == NULL)
        continue;
      if (field->type == ANNALIST_FIELD_YEAR)
        text = annalist_academic_year_label ((int) g_variant_get_int64 (value));
      else if (field->type == ANNALIST_FIELD_BOOLEAN)
        text = g_variant_get_boolean (value) ? g_strdup (_(field->label)) : NULL;
      else
        text = annalist_store_format_value (self->store, field, value);
      one = annalist_store_one_line (text);
      if (*one != '\0')
        g_ptr_array_add (parts, g_steal_pointer (&one));
    }
  return parts;
}

/* Deleting ---------------------------------------------------------------------------- */

/* At once, and Undo on the toast (Ctrl+Z in the window does the same): a
 * question first would only be clicked through. A record others need is
 * refused with their counts, as from the list page (annalist-delete.c). */
static void
delete_clicked (GtkButton           *button,
                AnnalistRelatedList *self)
{
  AnnalistRecord *record = g_object_get_data (G_OBJECT (button), "record");
  g_autofree char *reason = NULL;

  reason = annalist_store_record_lock_reason (self->store, self->kind, record);
  if (reason != NULL)
    {
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (reason));
      return;
    }
  annalist_delete_record (GTK_WIDGET (self), self->store, record);
}

/* Rows ------------------------------------------------------------------------------- */

static GtkWidget *
make_row (AnnalistRelatedList *self,
          AnnalistRecord      *record)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = annalist_ui_decoration ("go-next-symbolic");
  g_autoptr(GPtrArray) parts = record_details (self, record);
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;

  const char *own = annalist_record_get_title (record);

  /* A record without a title of its own (an indicator's value without a
   * text) is named by its first field shown, not «Indicator value 40». */
  if ((own == NULL || *own == '\0') && parts->len > 0)
    {
      title = g_strdup (g_ptr_array_index (parts, 0));
      g_ptr_array_remove_index (parts, 0);
    }
  else
    title = annalist_ui_record_title (self->store, record);
  g_ptr_array_add (parts, NULL);
  details = g_strjoinv (" · ", (char **) parts->pdata);

  /* Titles are people's text: «Школа № 7 & ДОУ» is not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* A record that names many organisations is not deleted from the list
   * of one of them. */
  if (self->view_only == NULL &&
      annalist_kind_field (self->kind, self->column)->type == ANNALIST_FIELD_REFERENCE)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Delete “%s”"), title);

      annalist_ui_flat_icon_button (button, label);
      g_object_set_data (G_OBJECT (button), "record", record);
      g_signal_connect (button, "clicked", G_CALLBACK (delete_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  return row;
}

static void
update_heading (AnnalistRelatedList *self)
{
  const char *name = self->heading ? self->heading : _(self->kind->label);
  guint n = self->records->len;

  if (n > 0)
    {
      /* Translators: the heading of a list in a form: its name («Projects»)
       * and the number of its records */
      g_autofree char *title = g_strdup_printf (_("%s (%u)"), name, n);
      gtk_label_set_text (GTK_LABEL (self->title), title);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->title), name);
  /* Empty: «Projects · No records · Add…» on one line; otherwise the
   * heading, «Add…» at its end, and the rows. */
  gtk_widget_set_visible (self->none, n == 0);
  gtk_widget_set_visible (self->rows, n > 0);
  gtk_widget_set_hexpand (self->title, n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* A form has many «Add…»: a screen reader says which list each adds to. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name, -1);
}

static void
update_add (AnnalistRelatedList *self)
{
  g_autoptr(AnnalistRecord) record = NULL;
  g_autofree char *reason = NULL;

  if (self->view_only != NULL)
    {
      gtk_widget_set_visible (self->add_button, FALSE);
      return;
    }
  record = annalist_record_new (self->kind);
  reason = annalist_store_record_lock_reason (self->store, self->kind, record);
  gtk_widget_set_sensitive (self->add_button, reason == NULL);
  gtk_widget_set_tooltip_text (self->add_button, reason);
}

/* The rows again from the records read, as the fields shown now say. */
static void
rebuild_rows (AnnalistRelatedList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rows)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->rows), child);
  for (guint i = 0; i < self->records->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->rows),
                         make_row (self, g_ptr_array_index (self->records, i)));
}

static void
reload (AnnalistRelatedList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  g_ptr_array_set_size (self->records, 0);

  ids = annalist_ui_ids_referring (self->store, self->kind, self->column, self->owner_id,
                                   self->order_by, &error);
  if (ids == NULL)
    {
      g_warning ("%s: %s", self->kind->name, error->message);
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
    }
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(GError) load_error = NULL;
      AnnalistRecord *record = annalist_store_load (self->store, self->kind,
                                                    g_array_index (ids, gint64, i), &load_error);

      if (record == NULL)
        {
          g_debug ("%s: %s", self->kind->name, load_error->message);
          continue;
        }
      g_ptr_array_add (self->records, record);
    }
  rebuild_rows (self);
  update_heading (self);
  update_add (self);
}

static void
store_changed (AnnalistStore       *store,
               const char          *kind_name,
               AnnalistRelatedList *self)
{
  gboolean concerned = g_str_equal (kind_name, self->kind->name);

  /* A renamed dictionary value or organisation shows in our rows too. */
  for (guint i = 0; i < self->kind->n_fields && !concerned; i++)
    concerned = g_strcmp0 (self->kind->fields[i].target, kind_name) == 0;
  if (concerned)
    reload (self);
}

/* Opening ---------------------------------------------------------------------------- */

static void
open_record (AnnalistRelatedList *self,
             AnnalistRecord      *record)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int year = ANNALIST_IS_EDITOR (root) ? annalist_editor_get_default_year (ANNALIST_EDITOR (root))
                                       : annalist_academic_year_current ();
  AnnalistEditor *editor = annalist_editor_new (self->store, record, year,
                                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  if (self->view_only != NULL)
    annalist_editor_set_view_only (editor, self->view_only);
  annalist_ui_present (GTK_WINDOW (editor));
}

static void
row_activated (GtkListBox          *box,
               GtkListBoxRow       *row,
               AnnalistRelatedList *self)
{
  int position = gtk_list_box_row_get_index (row);

  if (position >= 0 && (guint) position < self->records->len)
    open_record (self, g_ptr_array_index (self->records, position));
}

void
annalist_related_list_new_record (AnnalistRelatedList *self)
{
  g_autoptr(AnnalistRecord) record = NULL;
  g_autofree char *reason = NULL;

  g_return_if_fail (ANNALIST_IS_RELATED_LIST (self));

  if (self->view_only != NULL)
    return;
  record = annalist_record_new (self->kind);
  /* Its owner is this list's: one organisation among its others, or the
   * record the form is of. */
  if (annalist_kind_field (self->kind, self->column)->type == ANNALIST_FIELD_REFERENCES)
    annalist_record_set_ids (record, self->column, &self->owner_id, 1);
  else
    annalist_record_set_int (record, self->column, self->owner_id);
  reason = annalist_store_record_lock_reason (self->store, self->kind, record);
  if (reason != NULL)
    {
      annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (reason));
      return;
    }
  open_record (self, record);
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_related_list_dispose (GObject *object)
{
  AnnalistRelatedList *self = (AnnalistRelatedList *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (annalist_related_list_parent_class)->dispose (object);
}

static void
annalist_related_list_finalize (GObject *object)
{
  AnnalistRelatedList *self = (AnnalistRelatedList *) object;

  g_free (self->heading);
  g_free (self->order_by);
  g_strfreev (self->columns);
  g_free (self->view_only);

  G_OBJECT_CLASS (annalist_related_list_parent_class)->finalize (object);
}

static void
annalist_related_list_class_init (AnnalistRelatedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = annalist_related_list_dispose;
  object_class->finalize = annalist_related_list_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "annalist-related-list");
}

static void
annalist_related_list_init (AnnalistRelatedList *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "annalist-related");

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_box_append (GTK_BOX (header), self->title);

  /* Translators: in a form, after the name of a list that is empty and
   * before its «Add…» button: «Projects · No records · Add…» */
  self->none = gtk_label_new (_("· No records ·"));
  gtk_widget_add_css_class (self->none, "dim-label");
  gtk_box_append (GTK_BOX (header), self->none);

  self->add_button = gtk_button_new_with_label (_("Add…"));
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_widget_add_css_class (self->add_button, "annalist-related-add");
  g_signal_connect_swapped (self->add_button, "clicked",
                            G_CALLBACK (annalist_related_list_new_record), self);
  gtk_box_append (GTK_BOX (header), self->add_button);
  gtk_box_append (GTK_BOX (self), header);

  self->rows = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->rows), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->rows, "boxed-list");
  g_signal_connect (self->rows, "row-activated", G_CALLBACK (row_activated), self);
  gtk_box_append (GTK_BOX (self), self->rows);
}

AnnalistRelatedList *
annalist_related_list_new (AnnalistStore      *store,
                           const AnnalistKind *kind,
                           const char         *column,
                           gint64              owner_id)
{
  AnnalistRelatedList *self;
  const AnnalistField *field;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  field = annalist_kind_field (kind, column);
  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_RELATED_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->column = field->column;
  self->owner_id = owner_id;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  reload (self);
  return self;
}

void
annalist_related_list_set_heading (AnnalistRelatedList *self,
                                   const char          *heading,
                                   const char          *order_by)
{
  g_return_if_fail (ANNALIST_IS_RELATED_LIST (self));

  g_free (self->heading);
  self->heading = g_strdup (heading);
  if (g_strcmp0 (order_by, self->order_by) == 0)
    {
      update_heading (self);
      return;
    }
  g_free (self->order_by);
  self->order_by = g_strdup (order_by);
  reload (self);
}

void
annalist_related_list_set_columns (AnnalistRelatedList *self,
                                   const char * const  *columns)
{
  g_return_if_fail (ANNALIST_IS_RELATED_LIST (self));

  g_strfreev (self->columns);
  self->columns = columns != NULL && columns[0] != NULL ? g_strdupv ((char **) columns) : NULL;
  rebuild_rows (self);
}

void
annalist_related_list_set_view_only (AnnalistRelatedList *self,
                                     const char          *reason)
{
  g_return_if_fail (ANNALIST_IS_RELATED_LIST (self));

  g_free (self->view_only);
  self->view_only = g_strdup (reason);
  rebuild_rows (self);   /* without their bins */
  update_add (self);
}

const AnnalistKind *
annalist_related_list_get_kind (AnnalistRelatedList *self)
{
  g_return_val_if_fail (ANNALIST_IS_RELATED_LIST (self), NULL);
  return self->kind;
}

guint
annalist_related_list_get_count (AnnalistRelatedList *self)
{
  g_return_val_if_fail (ANNALIST_IS_RELATED_LIST (self), 0);
  return self->records->len;
}

AnnalistRecord *
annalist_related_list_get_record (AnnalistRelatedList *self,
                                  guint                position)
{
  g_return_val_if_fail (ANNALIST_IS_RELATED_LIST (self), NULL);
  return position < self->records->len ? g_ptr_array_index (self->records, position) : NULL;
}

GtkWidget *
annalist_related_list_get_rows (AnnalistRelatedList *self)
{
  g_return_val_if_fail (ANNALIST_IS_RELATED_LIST (self), NULL);
  return self->rows;
}
