/* annalist-documents-page.c — the documents and their templates
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every document the database can write, the built-in ones first, then
 * the user's own templates, each with what it is written for. A document
 * is exported from its row; its template is saved to be changed in
 * Writer and loaded back, in its place or as a new one. A template with a
 * mistake is refused with the engine's sentence, and nothing is saved.
 * Deleting a template, or giving a built-in one back its place, can be
 * undone from the toast. A template file dropped on the page is loaded
 * as the menu loads it: dropped on a document's row, in its place. The
 * kinds and fields a template may name open in a window of their own
 * (annalist-template-fields.c), to keep beside Writer.
 */

#define G_LOG_DOMAIN "annalist-documents-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-documents-page.h"
#include "annalist-history.h"
#include "annalist-durable.h"
#include "annalist-exporter.h"
#include "annalist-file-dialog.h"
#include "annalist-odf.h"
#include "annalist-template-fields.h"
#include "annalist-ui.h"
#include "annalist-year-closing.h"

struct _AnnalistDocumentsPage
{
  AdwBin               parent_instance;

  AnnalistStore       *store;
  int                  year;
  GPtrArray           *documents;    /* AnnalistDocumentInfo, as listed */
  GPtrArray           *rows;         /* the rows made for them, and the empty one */
  guint                rebuild_source;

  /* Template widgets */
  AnnalistExporter    *exporter;
  AnnalistYearClosing *year_closing;
  AdwPreferencesGroup *builtin_group;
  AdwPreferencesGroup *user_group;
  GtkWidget           *load_button;
  GtkWidget           *fields_button;
  AdwPreferencesGroup *year_group;
  AdwActionRow        *year_status_row;
  gboolean             year_empty;   /* the year chosen has no records */
  guint                year_source;
  GtkWindow           *fields_window;  /* the kinds and fields, while open (weak) */
};

G_DEFINE_FINAL_TYPE (AnnalistDocumentsPage, annalist_documents_page, ADW_TYPE_BIN)

static const AnnalistFileType template_types[] = {
  { N_("Text documents and templates (.odt, .ott, .fodt)"), "*.odt;*.ott;*.fodt",
    "application/vnd.oasis.opendocument.text;application/vnd.oasis.opendocument.text-template;"
    "application/vnd.oasis.opendocument.text-flat-xml", NULL },
};

static const AnnalistFileType package_types[] = {
  { N_("OpenDocument text (.odt)"), "*.odt;*.ott", "application/vnd.oasis.opendocument.text", ".odt" },
};

static const AnnalistFileType builtin_types[] = {
  { N_("OpenDocument text (.odt)"), "*.odt", "application/vnd.oasis.opendocument.text", ".odt" },
  { N_("Flat OpenDocument text (.fodt)"), "*.fodt",
    "application/vnd.oasis.opendocument.text-flat-xml", ".fodt" },
};

static const AnnalistFileType flat_types[] = {
  { N_("Flat OpenDocument text (.fodt)"), "*.fodt",
    "application/vnd.oasis.opendocument.text-flat-xml", ".fodt" },
};

static AnnalistDocumentInfo *
find_document (AnnalistDocumentsPage *self,
               const char            *id)
{
  for (guint i = 0; self->documents != NULL && i < self->documents->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (self->documents, i);

      if (g_strcmp0 (info->id, id) == 0)
        return info;
    }
  return NULL;
}

/* «За учебный год, для организации»: what has to be chosen to write it. */
static char *
describe_params (AnnalistTemplateParams params)
{
  static const struct { AnnalistTemplateParams param; const char *text; } phrases[] = {
    { ANNALIST_TEMPLATE_PARAM_YEAR, N_("for an academic year") },
    { ANNALIST_TEMPLATE_PARAM_PERIOD, N_("for a period of years") },
    { ANNALIST_TEMPLATE_PARAM_ORGANISATION, N_("for an organisation") },
    { ANNALIST_TEMPLATE_PARAM_PLAN, N_("for a plan") },
    { ANNALIST_TEMPLATE_PARAM_PROJECT, N_("for a project") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (params & phrases[i].param)
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, _(phrases[i].text));
      }
  if (text->len == 0)
    g_string_append (text, _("for the whole database"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
capitalised (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), buffer);
  return g_strconcat (buffer, g_utf8_next_char (text), NULL);
}

/* Rows -------------------------------------------------------------------------------- */

static GMenuModel *
row_menu (AnnalistDocumentInfo *info)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  struct { const char *label; const char *action; gboolean shown; } items[] = {
    { N_("_Save Template As…"), "documents.save-template", TRUE },
    { N_("_Load a Template in Its Place…"), "documents.load", TRUE },
    { N_("_Rename…"), "documents.rename", info->user_id != 0 },
    { N_("_Restore the Built-in Template"), "documents.restore", info->builtin && info->user_id != 0 },
    { N_("_Delete"), "documents.delete", !info->builtin },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (!items[i].shown)
        continue;
      item = g_menu_item_new (_(items[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new_string (info->id));
      g_menu_append_item (i < 2 ? menu : section, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  return G_MENU_MODEL (menu);
}

/* Delete deletes a template of the user's, F2 renames it, as in a file
 * manager: what the row's menu does. */
static gboolean
row_key_pressed (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 gpointer               user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *id = g_object_get_data (G_OBJECT (row), "annalist-document");
  const char *action;

  if ((state & GDK_MODIFIER_MASK) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete)
    action = g_object_get_data (G_OBJECT (row), "annalist-deletable") ? "documents.delete" : NULL;
  else if (keyval == GDK_KEY_F2)
    action = g_object_get_data (G_OBJECT (row), "annalist-renamable") ? "documents.rename" : NULL;
  else
    action = NULL;
  return action != NULL && gtk_widget_activate_action (row, action, "s", id);
}

static GtkWidget *
document_row (AnnalistDocumentsPage *self,
              AnnalistDocumentInfo  *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *export = gtk_button_new_with_label (_("Export…"));
  GtkWidget *more = gtk_menu_button_new ();
  g_autoptr(GMenuModel) menu = row_menu (info);
  g_autofree char *needs = describe_params (info->params);
  g_autofree char *subtitle = capitalised (needs);
  g_autofree char *export_name = g_strdup_printf (_("Export “%s”…"), info->name);
  g_autofree char *more_name = g_strdup_printf (_("More actions for “%s”"), info->name);

  if (info->builtin && info->user_id != 0)
    {
      /* Translators: said of a built-in template the user's own replaces */
      char *changed = g_strdup_printf ("%s · %s", subtitle, _("changed"));

      g_free (subtitle);
      subtitle = changed;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The row is named by its title; it says what it is for. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);

  gtk_widget_set_valign (export, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "documents.export");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (export), g_variant_new_string (info->id));
  gtk_widget_set_tooltip_text (export, export_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  export_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), export);
  g_object_set_data (G_OBJECT (row), "annalist-export-button", export);
  g_object_set_data (G_OBJECT (row), "annalist-for-year",
                     GINT_TO_POINTER ((info->params & ANNALIST_TEMPLATE_PARAM_YEAR) != 0));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), menu);
  annalist_ui_flat_icon_button (more, more_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

  /* Enter on the row exports, as its first button does. The row labels
   * that button with its title, which GTK 4.8 would read after the
   * button's own name: «Export “X”… X». */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), export);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data_full (G_OBJECT (row), "annalist-document", g_strdup (info->id), g_free);
  if (info->user_id != 0)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_object_set_data (G_OBJECT (row), "annalist-deletable", GINT_TO_POINTER (!info->builtin));
      g_object_set_data (G_OBJECT (row), "annalist-renamable", GINT_TO_POINTER (TRUE));
      g_signal_connect (keys, "key-pressed", G_CALLBACK (row_key_pressed), NULL);
      gtk_widget_add_controller (row, keys);
    }
  return row;
}

static void update_year (AnnalistDocumentsPage *self);

static void
rebuild (AnnalistDocumentsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *focused = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;
  gboolean any_own = FALSE;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);

  /* The row that had the focus keeps it across the rebuild. */
  for (guint i = 0; focus != NULL && i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (focus == row || gtk_widget_is_ancestor (focus, row))
        focused = g_strdup (g_object_get_data (G_OBJECT (row), "annalist-document"));
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  g_clear_pointer (&self->documents, g_ptr_array_unref);
  self->documents = annalist_documents_list (self->store, &error);
  if (self->documents == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      adw_preferences_group_add (self->builtin_group, row);
      g_ptr_array_add (self->rows, row);
      return;
    }

  for (guint i = 0; i < self->documents->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (self->documents, i);
      GtkWidget *row = document_row (self, info);

      adw_preferences_group_add (info->builtin ? self->builtin_group : self->user_group, row);
      g_ptr_array_add (self->rows, row);
      any_own |= !info->builtin;
      if (focused != NULL && g_str_equal (focused, info->id))
        gtk_widget_grab_focus (row);
    }

  if (!any_own)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No templates of your own yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Load a document made in Writer or drop its file here, "
                                     "or save a built-in template, change it and load it back."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_preferences_group_add (self->user_group, row);
      g_ptr_array_add (self->rows, row);
    }
  update_year (self);
}

/* A year without records: the page says so, and the documents written
 * for a year are not exported (they would be empty). «All years» is no
 * year: those documents ask for one as they are exported. */
static void
update_year (AnnalistDocumentsPage *self)
{
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  g_clear_handle_id (&self->year_source, g_source_remove);
  self->year_empty = self->year != ANNALIST_ALL_YEARS &&
                     !annalist_documents_year_has_records (self->store, self->year);
  if (self->year_empty)
    {
      label = annalist_academic_year_label (self->year);
      title = g_strdup_printf (_("There are no records for the %s academic year"), label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->year_status_row), title);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->year_group), self->year_empty);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *export = g_object_get_data (G_OBJECT (row), "annalist-export-button");
      const char *document = g_object_get_data (G_OBJECT (row), "annalist-document");
      AnnalistDocumentInfo *info = find_document (self, document);
      gboolean off = self->year_empty &&
                     GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "annalist-for-year"));

      if (export == NULL || info == NULL)
        continue;
      gtk_widget_set_sensitive (export, !off);
      if (off)
        gtk_widget_set_tooltip_text (export, title);
      else
        {
          g_autofree char *name = g_strdup_printf (_("Export “%s”…"), info->name);

          gtk_widget_set_tooltip_text (export, name);
        }
    }
}

static gboolean
update_year_later (gpointer user_data)
{
  AnnalistDocumentsPage *self = user_data;

  self->year_source = 0;
  update_year (self);
  return G_SOURCE_REMOVE;
}

static gboolean
rebuild_later (gpointer user_data)
{
  AnnalistDocumentsPage *self = user_data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* The rows are made again when the templates change, once the action
 * that changed them (from a row's own menu) is over. */
static void
store_changed (AnnalistStore         *store,
               const char            *kind,
               AnnalistDocumentsPage *self)
{
  if (g_strcmp0 (kind, "template") == 0 && self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild_later, self);
  /* Records added or deleted: whether the year has any. */
  else if (g_strcmp0 (kind, "template") != 0 && self->year_source == 0)
    self->year_source = g_idle_add (update_year_later, self);
}

/* Naming a template ------------------------------------------------------------------------- */

typedef void (*NameChosen) (AnnalistDocumentsPage *self,
                            const char            *name,
                            gpointer               data);

typedef struct
{
  AnnalistDocumentsPage *self;
  char                  *keep;      /* the document whose name may be taken again */
  AdwEntryRow           *entry;
  GtkLabel              *problem;
  NameChosen             chosen;
  gpointer               data;
  GDestroyNotify         data_free;
} NameQuestion;

static void
name_question_free (NameQuestion *question)
{
  if (question->data_free != NULL)
    question->data_free (question->data);
  g_object_unref (question->self);
  g_free (question->keep);
  g_free (question);
}

/* Why @name cannot be given: empty, or the name of another document
 * (case and «ё» aside, as annalist_fold () compares: templates are found
 * by their names so, and «Аналитический отчет» is the built-in one). */
static char *
name_problem (NameQuestion *question,
              const char   *name)
{
  g_autofree char *clean = g_strstrip (g_strdup (name));
  g_autofree char *folded = annalist_fold (clean, -1);
  GPtrArray *documents = question->self->documents;

  if (*clean == '\0')
    return g_strdup (_("Give the template a name."));
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (documents, i);
      g_autofree char *other = annalist_fold (info->name, -1);

      if (g_strcmp0 (info->id, question->keep) != 0 &&
          (g_str_equal (folded, other) || g_str_equal (folded, info->id)))
        return g_strdup_printf (_("Another document is already called “%s”: choose another name."),
                                info->name);
    }
  return NULL;
}

static void
name_changed (NameQuestion *question)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (question->entry));
  g_autofree char *problem = name_problem (question, name);
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (question->entry), ADW_TYPE_MESSAGE_DIALOG);

  gtk_label_set_text (question->problem, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (question->problem), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (question->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (question->entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (question->entry), GTK_ACCESSIBLE_STATE_INVALID,
                               problem ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (dialog != NULL)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "name", problem == NULL);
}

static void
name_response (AdwMessageDialog *dialog,
               const char       *response,
               NameQuestion     *question)
{
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "name"))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (question->entry))));
  question->chosen (question->self, name, question->data);
}

static void
ask_name (AnnalistDocumentsPage *self,
          const char            *heading,
          const char            *body,
          const char            *initial,
          const char            *keep,
          const char            *accept_label,
          NameChosen             chosen,
          gpointer               data,
          GDestroyNotify         data_free)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  NameQuestion *question = g_new0 (NameQuestion, 1);
  GtkWidget *dialog, *box, *list, *entry, *problem;

  question->self = g_object_ref (self);
  question->keep = g_strdup (keep);
  question->chosen = chosen;
  question->data = data;
  question->data_free = data_free;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = annalist_ui_boxed_list (_("Name"));
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  /* Enter gives the name, as the button does (when the name will do). */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  gtk_box_append (GTK_BOX (box), list);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), problem);
  question->entry = ADW_ENTRY_ROW (entry);
  question->problem = GTK_LABEL (problem);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "name", accept_label,
                                 ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (name_response), question,
                         (GClosureNotify) (void (*) (void)) name_question_free, 0);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (name_changed), question);
  name_changed (question);
  annalist_ui_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Loading a template ---------------------------------------------------------------------- */

typedef struct
{
  char   *replaces;      /* the document it takes the place of, NULL: a new one */
  char   *file_name;
  GBytes *bytes;
} Loading;

static void
loading_free (gpointer data)
{
  Loading *loading = data;

  g_free (loading->replaces);
  g_free (loading->file_name);
  g_clear_pointer (&loading->bytes, g_bytes_unref);
  g_free (loading);
}

static void
load_named (AnnalistDocumentsPage *self,
            const char            *name,
            gpointer               data)
{
  Loading *loading = data;
  AnnalistDocumentInfo *info = loading->replaces ? find_document (self, loading->replaces) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *builtin = NULL;
  gint64 old_user_id = 0;

  if (loading->replaces != NULL && info == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Loaded"),
                              _("The template it was to replace is gone."));
      return;
    }
  /* What is needed of @info is copied: saving changes the list. */
  if (info != NULL)
    {
      builtin = info->builtin ? g_strdup (info->id) : NULL;
      old_user_id = info->user_id;
    }

  /* In place of a user template (perhaps under a new name), or of a
   * built-in one, in one transaction. */
  if (!annalist_documents_save (self->store, name, builtin, builtin ? 0 : old_user_id, loading->file_name,
                                loading->bytes, NULL, &error))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Loaded"), error->message);
      return;
    }
  message = g_strdup_printf (_("The template “%s” is loaded"), name);
  annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

typedef struct
{
  AnnalistDocumentsPage *self;
  Loading               *loading;
} Reading;

static void
template_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Reading *reading = user_data;
  g_autoptr(AnnalistDocumentsPage) self = reading->self;
  Loading *loading = reading->loading;
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *needs = NULL;
  g_autofree char *initial = NULL;
  AnnalistDocumentInfo *info;
  gsize length = 0;

  g_free (reading);
  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      g_autofree char *display = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("“%s” cannot be read: %s"), display,
                                                  error->message);

      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Loaded"), message);
      loading_free (loading);
      return;
    }
  loading->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  loading->file_name = g_file_get_basename (file);
  shown = g_filename_display_name (loading->file_name);

  /* Checked before it is named: a template with a mistake is refused
   * with the engine's sentence, which says where the mistake is. */
  tmpl = annalist_template_new (loading->bytes, shown, &error);
  if (tmpl == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Loaded"), error->message);
      loading_free (loading);
      return;
    }

  info = loading->replaces ? find_document (self, loading->replaces) : NULL;
  needs = describe_params (annalist_template_get_params (tmpl));
  body = g_strdup_printf (_("The template in “%s” writes a document %s. Name it as the list of "
                            "documents is to show it."), shown, needs);
  if (info != NULL)
    {
      /* It takes the place of @info, under the same name unless changed. */
      heading = g_strdup_printf (_("Load a Template in Place of “%s”"), info->name);
      initial = g_strdup (info->name);
    }
  else
    {
      const char *title = annalist_template_get_title (tmpl);

      heading = g_strdup (_("Load a Template"));
      if (title != NULL && *title != '\0')
        initial = g_strdup (title);
      else
        {
          char *dot = strrchr (shown, '.');

          initial = dot != NULL && dot != shown ? g_strndup (shown, dot - shown) : g_strdup (shown);
        }
    }
  ask_name (self, heading, body, initial, info ? info->id : NULL, _("_Load"), load_named,
            loading, loading_free);
}

/* Read whole only when it can be a template: its size is asked first. */
static void
template_measured (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Reading *reading = user_data;
  GFile *file = G_FILE (source);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (file, result, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *shown = g_filename_display_name (name);

  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      !annalist_template_check_size (shown, (guint64) g_file_info_get_size (info), &error))
    {
      annalist_ui_show_error (GTK_WIDGET (reading->self), _("The Template Was Not Loaded"),
                              error->message);
      loading_free (reading->loading);
      g_object_unref (reading->self);
      g_free (reading);
      return;
    }
  /* Unknown size (a file that cannot be asked): reading it says why. */
  g_file_load_contents_async (file, NULL, template_read, reading);
}

static void
template_file_chosen (GObject *owner,
                      GFile   *file,
                      gpointer user_data)
{
  Reading *reading;

  if (file == NULL)
    {
      loading_free (user_data);
      return;
    }
  reading = g_new0 (Reading, 1);
  reading->self = g_object_ref (ANNALIST_DOCUMENTS_PAGE (owner));
  reading->loading = user_data;
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, template_measured, reading);
}

static Loading *
loading_new (AnnalistDocumentInfo *replaces)
{
  Loading *loading = g_new0 (Loading, 1);

  loading->replaces = replaces ? g_strdup (replaces->id) : NULL;
  return loading;
}

static void
action_load (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  AnnalistDocumentInfo *info = *id ? find_document (self, id) : NULL;
  g_autofree char *title = NULL;

  title = info ? g_strdup_printf (_("Load a Template in Place of “%s”"), info->name)
               : g_strdup (_("Load a Template"));
  annalist_file_dialog_open (widget, title, _("_Load"), template_types,
                             G_N_ELEMENTS (template_types), G_OBJECT (self), template_file_chosen,
                             loading_new (info));
}

/* Dropping a template file ------------------------------------------------------------------ */

/* The document whose row is at @x, @y of the page, if any. */
static GtkWidget *
row_at (AnnalistDocumentsPage *self,
        double                 x,
        double                 y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self); picked = gtk_widget_get_parent (picked))
    if (g_object_get_data (G_OBJECT (picked), "annalist-document") != NULL)
      return picked;
  return NULL;
}

/* The row a file would take the place of is marked while it is dragged over. */
static void
mark_drop_row (AnnalistDocumentsPage *self,
               GtkWidget             *marked)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (row == marked)
        gtk_widget_add_css_class (row, "annalist-drop-row");
      else
        gtk_widget_remove_css_class (row, "annalist-drop-row");
    }
}

static GdkDragAction
drop_motion (GtkDropTarget         *target,
             double                 x,
             double                 y,
             AnnalistDocumentsPage *self)
{
  mark_drop_row (self, row_at (self, x, y));
  return GDK_ACTION_COPY;
}

static void
drop_leave (GtkDropTarget         *target,
            AnnalistDocumentsPage *self)
{
  mark_drop_row (self, NULL);
}

static gboolean
drop_files (GtkDropTarget         *target,
            const GValue          *value,
            double                 x,
            double                 y,
            AnnalistDocumentsPage *self)
{
  g_autoptr(GFile) file = annalist_ui_dropped_file (GTK_WIDGET (self), value,
                                                    _("The Template Was Not Loaded"));
  GtkWidget *row = row_at (self, x, y);

  mark_drop_row (self, NULL);
  if (file == NULL)
    return FALSE;
  template_file_chosen (G_OBJECT (self), file,
                        loading_new (row ? find_document (self, g_object_get_data (G_OBJECT (row),
                                                                                   "annalist-document"))
                                         : NULL));
  return TRUE;
}

static void
take_dropped_files (AnnalistDocumentsPage *self)
{
  /* A file manager's files arrive as a list (through the portal in Flatpak). */
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "motion", G_CALLBACK (drop_motion), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave), self);
  g_signal_connect (target, "drop", G_CALLBACK (drop_files), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Saving a template ------------------------------------------------------------------------- */

static void
template_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AnnalistDocumentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));

  /* GIO writes a temporary and renames it over the file: the rename
   * reaches the disk with the folder. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) ||
      (path != NULL && !annalist_sync_folder_of (path, &error)))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Saved"), error->message);
      return;
    }
  annalist_exporter_show_saved (GTK_WIDGET (self), _("The template is saved"), G_FILE (source));
}

static void
template_target_chosen (GObject *owner,
                        GFile   *file,
                        gpointer user_data)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (owner);
  g_autoptr(GBytes) bytes = user_data;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean flat;

  if (file == NULL)
    return;
  flat = g_bytes_get_size (bytes) < 4 || memcmp (g_bytes_get_data (bytes, NULL), "PK\003\004", 4) != 0;
  name = g_file_get_basename (file);
  lower = g_utf8_strdown (name, -1);

  /* A flat template asked for as .odt is made a package; anything else
   * is written as it is. */
  if (!flat || g_str_has_suffix (lower, ".fodt"))
    {
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                           template_written, g_object_ref (self));
      return;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Saved"),
                              _("A document can be written only into a folder of this computer: "
                                "choose another."));
      return;
    }
  if (!annalist_odf_package_write_flat (bytes, path, &error))
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Saved"), error->message);
      return;
    }
  annalist_exporter_show_saved (GTK_WIDGET (self), _("The template is saved"), file);
}

static void
action_save_template (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  AnnalistDocumentInfo *info = find_document (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gboolean flat = FALSE;
  GBytes *bytes;

  if (info == NULL)
    return;
  bytes = annalist_documents_get_bytes (self->store, info->id, &flat, &error);
  if (bytes == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Saved"), error->message);
      return;
    }

  /* The user's own file goes back as it was loaded, under its name. A
   * built-in template is kept flat; it is offered as an .odt, the file
   * people know, and as the .fodt it is. */
  if (info->user_id != 0 && info->file_name != NULL && *info->file_name != '\0')
    name = g_strdup (info->file_name);
  else
    {
      g_autofree char *base = g_strdup (info->name);

      g_strdelimit (base, G_DIR_SEPARATOR_S, '-');
      name = g_strconcat (base, info->user_id != 0 && flat ? ".fodt" : ".odt", NULL);
    }
  title = g_strdup_printf (_("Save the Template of “%s”"), info->name);
  if (info->user_id == 0)
    annalist_file_dialog_save (widget, title, _("_Save"), name, builtin_types,
                               G_N_ELEMENTS (builtin_types), G_OBJECT (self),
                               template_target_chosen, bytes);
  else
    annalist_file_dialog_save (widget, title, _("_Save"), name, flat ? flat_types : package_types,
                               1, G_OBJECT (self), template_target_chosen, bytes);
}

/* Renaming, deleting -------------------------------------------------------------------- */

static void
rename_named (AnnalistDocumentsPage *self,
              const char            *name,
              gpointer               data)
{
  gint64 user_id = *(gint64 *) data;
  g_autoptr(GError) error = NULL;

  if (!annalist_documents_rename (self->store, user_id, name, &error))
    annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Renamed"), error->message);
}

static void
action_rename (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  AnnalistDocumentInfo *info = find_document (self, g_variant_get_string (parameter, NULL));
  g_autofree char *heading = NULL;

  if (info == NULL || info->user_id == 0)
    return;
  heading = g_strdup_printf (_("Rename “%s”"), info->name);
  ask_name (self, heading, NULL, info->name, info->id, _("_Rename"), rename_named,
            g_memdup2 (&info->user_id, sizeof info->user_id), g_free);
}

/* The toast's Undo takes back exactly the removal, through the history
 * (Ctrl+Z in the window does the same later). */
static void
undo_removal (AdwToast              *toast,
              AnnalistDocumentsPage *self)
{
  gint64 set_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "change-set"));
  g_autoptr(GError) error = NULL;

  if (!annalist_store_undo (self->store, set_id, NULL, &error))
    annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Brought Back"),
                            error->message);
}

/* Removes the user's template of @id: one of theirs, or the one that
 * replaces a built-in template; the toast can undo it. */
static void
remove_template (AnnalistDocumentsPage *self,
                 const char            *id)
{
  AnnalistDocumentInfo *info = find_document (self, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  gboolean replaced;
  AdwToast *toast;

  if (info == NULL || info->user_id == 0)
    return;
  name = g_strdup (info->name);
  replaced = info->builtin;
  bytes = annalist_documents_remove (self->store, info->user_id, &error);
  info = NULL;   /* the list changes */
  if (bytes == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Template Was Not Deleted"), error->message);
      return;
    }

  if (replaced)
    message = g_strdup_printf (_("The built-in template is back in place of “%s”"), name);
  else
    message = g_strdup_printf (_("The template “%s” is deleted"), name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "change-set",
                     GSIZE_TO_POINTER (annalist_store_last_change (self->store)));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_removal), self, 0);
  annalist_ui_add_toast (GTK_WIDGET (self), toast);
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  AnnalistDocumentInfo *info = find_document (self, g_variant_get_string (parameter, NULL));

  if (info != NULL && !info->builtin)
    remove_template (self, info->id);
}

static void
action_restore (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  AnnalistDocumentInfo *info = find_document (self, g_variant_get_string (parameter, NULL));

  if (info != NULL && info->builtin)
    remove_template (self, info->id);
}

/* The kinds and fields a template may name: one window, however often
 * asked for, kept open beside Writer as long as the user likes. */
static void
action_fields (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);

  if (self->fields_window == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      self->fields_window = annalist_template_fields_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
      g_object_add_weak_pointer (G_OBJECT (self->fields_window), (gpointer *) &self->fields_window);
    }
  annalist_ui_present (self->fields_window);
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AnnalistDocumentsPage *self = ANNALIST_DOCUMENTS_PAGE (widget);
  AnnalistDocumentInfo *info = find_document (self, g_variant_get_string (parameter, NULL));

  /* Never an empty document of a year without records (Enter on a row,
   * Ctrl+E). */
  if (info != NULL && (info->params & ANNALIST_TEMPLATE_PARAM_YEAR) && self->year_empty)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  annalist_exporter_export (self->exporter, g_variant_get_string (parameter, NULL), self->year);
}

/* Construction ------------------------------------------------------------------------- */

static void
annalist_documents_page_dispose (GObject *object)
{
  AnnalistDocumentsPage *self = (AnnalistDocumentsPage *) object;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->year_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* The window goes with the main one (destroy-with-parent). */
  if (self->fields_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->fields_window), (gpointer *) &self->fields_window);
  self->fields_window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_DOCUMENTS_PAGE);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_documents_page_parent_class)->dispose (object);
}

static void
annalist_documents_page_class_init (AnnalistDocumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_documents_page_dispose;

  g_type_ensure (ANNALIST_TYPE_EXPORTER);
  g_type_ensure (ANNALIST_TYPE_YEAR_CLOSING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-documents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, exporter);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, year_closing);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, builtin_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, user_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, load_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, fields_button);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, year_group);
  gtk_widget_class_bind_template_child (widget_class, AnnalistDocumentsPage, year_status_row);

  gtk_widget_class_install_action (widget_class, "documents.export", "s", action_export);
  gtk_widget_class_install_action (widget_class, "documents.save-template", "s",
                                   action_save_template);
  gtk_widget_class_install_action (widget_class, "documents.load", "s", action_load);
  gtk_widget_class_install_action (widget_class, "documents.rename", "s", action_rename);
  gtk_widget_class_install_action (widget_class, "documents.delete", "s", action_delete);
  gtk_widget_class_install_action (widget_class, "documents.restore", "s", action_restore);
  gtk_widget_class_install_action (widget_class, "documents.fields", NULL, action_fields);
}

static void
annalist_documents_page_init (AnnalistDocumentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  /* GTK 4.8 reads a button with a mnemonic by its label property and by
   * its label both («_Load Template… Load Template…»): the label alone. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->load_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->fields_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

AnnalistDocumentsPage *
annalist_documents_page_new (AnnalistStore *store)
{
  AnnalistDocumentsPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_DOCUMENTS_PAGE, NULL);
  self->store = g_object_ref (store);
  annalist_exporter_set_store (self->exporter, store);
  annalist_year_closing_set_store (self->year_closing, store);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  rebuild (self);

  /* A read-only database keeps its templates as they are; documents are
   * still exported, and templates saved to files. */
  if (annalist_store_read_only_reason (store) != NULL)
    {
      const char * const changing[] = { "documents.load", "documents.rename",
                                        "documents.delete", "documents.restore" };

      for (guint i = 0; i < G_N_ELEMENTS (changing); i++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), changing[i], FALSE);
      gtk_widget_set_tooltip_text (self->load_button, annalist_store_read_only_reason (store));
    }
  else
    take_dropped_files (self);
  return self;
}

void
annalist_documents_page_set_year (AnnalistDocumentsPage *self,
                                  int                    year)
{
  g_return_if_fail (ANNALIST_IS_DOCUMENTS_PAGE (self));

  self->year = year;
  annalist_year_closing_set_year (self->year_closing, year);
  update_year (self);
}

AdwActionRow *
annalist_documents_page_get_row (AnnalistDocumentsPage *self,
                                 const char            *document)
{
  g_return_val_if_fail (ANNALIST_IS_DOCUMENTS_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "annalist-document"), document) == 0)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

AnnalistExporter *
annalist_documents_page_get_exporter (AnnalistDocumentsPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_DOCUMENTS_PAGE (self), NULL);

  return self->exporter;
}

gboolean
annalist_documents_page_focus_documents (AnnalistDocumentsPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_DOCUMENTS_PAGE (self), FALSE);

  /* The first document's row, not the group's «Template Fields» above it. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_is_ancestor (row, GTK_WIDGET (self->builtin_group)))
        return gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD) || gtk_widget_grab_focus (row);
    }
  return FALSE;
}
