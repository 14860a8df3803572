/* annalist-exporter.c — writing a document from the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way the window writes a document, whichever page asks: what the
 * template needs that the page does not know (a year when the window
 * shows all years, an organisation, a plan, a project, a period) is asked
 * in one dialog, the file through the portal, and the document is written
 * in a thread while this bar, at the top of the page, says so and offers
 * Stop. The engine's sentence about a mistake in the template is shown
 * whole.
 */

#define G_LOG_DOMAIN "annalist-exporter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-exporter.h"
#include "annalist-open-failed.h"
#include "annalist-file-dialog.h"
#include "annalist-ui.h"

/* How far back the year list of the dialog goes. */
#define YEARS_BACK 20

struct _AnnalistExporter
{
  AdwBin               parent_instance;

  AnnalistStore       *store;
  AnnalistTemplate    *template;     /* the document being asked for or written */
  AnnalistDocumentParams params;
  GCancellable        *cancellable;
  gboolean             asking;

  /* Template widgets */
  GtkRevealer         *revealer;
  GtkSpinner          *spinner;
  GtkLabel            *label;
  GtkWidget           *stop_button;
};

G_DEFINE_FINAL_TYPE (AnnalistExporter, annalist_exporter, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const AnnalistFileType document_types[] = {
  { N_("OpenDocument text (.odt)"), "*.odt", "application/vnd.oasis.opendocument.text", ".odt" },
  { N_("Flat OpenDocument text (.fodt)"), "*.fodt",
    "application/vnd.oasis.opendocument.text-flat-xml", ".fodt" },
};

/* The records a document can be written for. */
static const struct
{
  AnnalistTemplateParams param;
  const char            *kind;
  gsize                  offset;
} record_params[] = {
  { ANNALIST_TEMPLATE_PARAM_ORGANISATION, "organisation",
    G_STRUCT_OFFSET (AnnalistDocumentParams, organisation_id) },
  { ANNALIST_TEMPLATE_PARAM_PLAN, "plan", G_STRUCT_OFFSET (AnnalistDocumentParams, plan_id) },
  { ANNALIST_TEMPLATE_PARAM_PROJECT, "project",
    G_STRUCT_OFFSET (AnnalistDocumentParams, project_id) },
};

static void
set_state (AnnalistExporter *self,
           gboolean          asking,
           gboolean          writing)
{
  gboolean was_busy = annalist_exporter_get_busy (self);

  self->asking = asking;
  if (writing)
    {
      g_autofree char *text = g_strdup_printf (_("Exporting “%s”…"),
                                               annalist_template_get_name (self->template));

      gtk_label_set_text (self->label, text);
      gtk_spinner_start (self->spinner);
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      g_clear_object (&self->cancellable);
    }
  /* Shown only while it has something to say: a screen reader would
   * otherwise find its empty label and spinner, read by their types. */
  annalist_ui_reveal (self->revealer, GTK_WIDGET (self), writing);
  if (!asking && !writing)
    g_clear_object (&self->template);
  if (was_busy != annalist_exporter_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Opening the document ---------------------------------------------------------------- */

typedef struct
{
  GtkWidget *widget;
  GFile     *file;
} Opening;

static void
opening_free (Opening *opening)
{
  g_clear_object (&opening->widget);
  g_clear_object (&opening->file);
  g_free (opening);
}

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Opening *opening = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The file is there: the dialog says where. */
    annalist_open_failed_show (opening->widget, opening->file, error);
  opening_free (opening);
}

static void
open_clicked (AdwToast *toast,
              Opening  *opening)
{
  GtkRoot *root = gtk_widget_get_root (opening->widget);
  g_autofree char *uri = g_file_get_uri (opening->file);
  Opening *copy;

  if (!GTK_IS_WINDOW (root))
    return;
  copy = g_new0 (Opening, 1);
  copy->widget = g_object_ref (opening->widget);
  copy->file = g_object_ref (opening->file);
  gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, NULL, opened, copy);
}

void
annalist_exporter_show_saved (GtkWidget  *widget,
                              const char *message,
                              GFile      *file)
{
  AdwToast *toast;
  Opening *opening;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));

  toast = adw_toast_new (message);
  opening = g_new0 (Opening, 1);
  opening->widget = g_object_ref (widget);
  opening->file = g_object_ref (file);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_timeout (toast, 10);
  /* What was waited for comes before older news. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_clicked), opening,
                         (GClosureNotify) (void (*) (void)) opening_free, 0);
  annalist_ui_add_toast (widget, toast);
}

/* Writing ----------------------------------------------------------------------------- */

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AnnalistExporter) self = user_data;
  g_autoptr(GFile) file = g_object_steal_data (G_OBJECT (self), "annalist-target");
  g_autoptr(GError) error = NULL;

  if (!annalist_template_render_finish (ANNALIST_TEMPLATE (source), result, &error))
    {
      set_state (self, FALSE, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (_("The export is stopped")));
      else
        annalist_ui_show_error (GTK_WIDGET (self), _("The Document Was Not Exported"),
                                error->message);
      return;
    }
  set_state (self, FALSE, FALSE);
  annalist_exporter_show_saved (GTK_WIDGET (self), _("The document is saved"), file);
}

static void
target_chosen (GObject *owner,
               GFile   *file,
               gpointer user_data)
{
  AnnalistExporter *self = ANNALIST_EXPORTER (owner);
  g_autofree char *path = NULL;

  if (file == NULL || self->template == NULL || self->store == NULL)
    {
      set_state (self, FALSE, FALSE);
      return;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_state (self, FALSE, FALSE);
      annalist_ui_show_error (GTK_WIDGET (self), _("The Document Was Not Exported"),
                              _("A document can be written only into a folder of this computer: "
                                "choose another."));
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "annalist-target", g_object_ref (file),
                          g_object_unref);
  self->cancellable = g_cancellable_new ();
  set_state (self, FALSE, TRUE);
  annalist_template_render_async (self->template, self->store, &self->params, path,
                                  self->cancellable, written, g_object_ref (self));
}

static void
choose_target (AnnalistExporter *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  /* What the dialog would not export, given by the page itself. */
  if (!annalist_documents_check_params (self->store, annalist_template_get_params (self->template),
                                        &self->params, &error))
    {
      set_state (self, FALSE, FALSE);
      annalist_ui_show_error (GTK_WIDGET (self), _("The Document Was Not Exported"), error->message);
      return;
    }
  title = g_strdup_printf (_("Export “%s”"), annalist_template_get_name (self->template));
  name = annalist_documents_file_name (self->store, self->template, &self->params);
  annalist_file_dialog_save (GTK_WIDGET (self), title, _("_Export"), name, document_types,
                             G_N_ELEMENTS (document_types), G_OBJECT (self), target_chosen, NULL);
}

/* What the document is for ---------------------------------------------------------------- */

/* The latest year with records: where people are at. */
static int
latest_year (AnnalistStore *store)
{
  int now = annalist_academic_year_current ();

  for (int year = now + 1; year >= now - YEARS_BACK; year--)
    if (annalist_documents_year_has_records (store, year))
      return year;
  return now;
}

static AdwComboRow *
year_row (const char *title,
          int         top,
          int         chosen)
{
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (int year = top; year >= top - YEARS_BACK - 1; year--)
    {
      g_autofree char *label = annalist_academic_year_label (year);
      gtk_string_list_append (years, label);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (years));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) CLAMP (top - chosen, 0, YEARS_BACK + 1));
  annalist_ui_combo_row_opens_on_enter (ADW_COMBO_ROW (row));
  return ADW_COMBO_ROW (row);
}

typedef struct
{
  AdwMessageDialog *dialog;
  AnnalistStore    *store;
  AnnalistTemplateParams needs;   /* what the document takes */
  AnnalistDocumentParams given;   /* what the page gave */
  int               top;          /* the year of the first line of the year rows */
  AdwComboRow      *year;
  GtkLabel         *refusal;      /* why the document cannot be exported as chosen */
  AdwComboRow      *from;
  AdwComboRow      *to;
  GtkSingleSelection *records[G_N_ELEMENTS (record_params)];
} ParamsQuestion;

static int
chosen_year (ParamsQuestion *question,
             AdwComboRow    *row)
{
  return question->top - (int) adw_combo_row_get_selected (row);
}

/* The parameters as the dialog has them chosen; FALSE while a record
 * is still to be chosen. */
static gboolean
chosen_params (ParamsQuestion         *question,
               AnnalistDocumentParams *params)
{
  gboolean complete = TRUE;

  *params = question->given;
  if (question->year != NULL)
    params->year = chosen_year (question, question->year);
  if (question->from != NULL)
    {
      int from = chosen_year (question, question->from);
      int to = chosen_year (question, question->to);

      params->period_from = MIN (from, to);
      params->period_to = MAX (from, to);
    }
  for (guint i = 0; i < G_N_ELEMENTS (record_params); i++)
    if (question->records[i] != NULL)
      {
        GObject *item = gtk_single_selection_get_selected_item (question->records[i]);
        gint64 *id = G_STRUCT_MEMBER_P (params, record_params[i].offset);

        *id = item ? (gint64) GPOINTER_TO_SIZE (g_object_get_data (item, "annalist-id")) : 0;
        complete = complete && item != NULL;
      }
  return complete;
}

/* A year without records is not exported, as the documents page does
 * not export it when the window shows that year: the dialog says why in
 * the page's words, under the year. Nor is what the documents refuse on
 * the command line (a plan's year without a stage): its sentence is
 * said in the same place. */
static void
update_response (ParamsQuestion *question)
{
  AnnalistDocumentParams params;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  gboolean ready = chosen_params (question, &params);

  if (question->year != NULL && !annalist_documents_year_has_records (question->store, params.year))
    {
      g_autofree char *label = annalist_academic_year_label (params.year);

      sentence = g_strdup_printf (_("There are no records for the %s academic year"), label);
    }
  else if (!annalist_documents_check_params (question->store, question->needs, &params, &error))
    sentence = g_strdup (error->message);

  gtk_label_set_text (question->refusal, sentence != NULL ? sentence : "");
  if (question->year != NULL && sentence != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (question->year),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence, -1);
  else if (question->year != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (question->year),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_set_visible (GTK_WIDGET (question->refusal), sentence != NULL);
  adw_message_dialog_set_response_enabled (question->dialog, "export", ready && sentence == NULL);
}

/* The field of @kind that names the organisation its records belong to
 * (a project's, a plan's), or -1. */
static int
owner_field (const AnnalistKind *kind)
{
  for (guint f = 0; f < kind->n_fields; f++)
    if (kind->fields[f].type == ANNALIST_FIELD_REFERENCE &&
        g_strcmp0 (kind->fields[f].target, "organisation") == 0)
      return (int) f;
  return -1;
}

/* The organisation @record belongs to by its field @owner (from
 * owner_field ()), which tells apart records of the same or a vague title
 * («Медиаобразование в школе»: which school?); NULL without one. */
static char *
record_owner (AnnalistStore  *store,
              AnnalistRecord *record,
              int             owner)
{
  GVariant *value = owner >= 0 ? annalist_record_get_value (record, (guint) owner) : NULL;
  g_autofree char *name = NULL;

  if (value == NULL)
    return NULL;
  name = annalist_store_format_value (store, &annalist_record_get_kind (record)->fields[owner], value);
  return *name != '\0' ? annalist_store_one_line (name) : NULL;
}

static void
record_item_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *owner = gtk_label_new (NULL);

  for (GtkWidget *label = title; label != NULL; label = label == title ? owner : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (owner, "dim-label");
  gtk_widget_add_css_class (owner, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

/* The item's string is what the search matches, the title and its
 * organisation; the labels show them apart. */
static void
record_item_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GObject *string = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *owner = gtk_widget_get_next_sibling (title);
  const char *owner_text = g_object_get_data (string, "annalist-owner");

  gtk_label_set_text (GTK_LABEL (title), g_object_get_data (string, "annalist-title"));
  gtk_label_set_text (GTK_LABEL (owner), owner_text ? owner_text : "");
  gtk_widget_set_visible (owner, owner_text != NULL);
}

static void
search_activated (GtkSearchEntry     *entry,
                  GtkSingleSelection *selection)
{
  /* Enter in the search chooses the first record found. */
  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) > 0)
    gtk_single_selection_set_selected (selection, 0);
}

static gboolean
record_matches (gpointer item,
                gpointer user_data)
{
  const char *needle = g_object_get_data (G_OBJECT (user_data), "annalist-needle");
  const char *searched = g_object_get_data (G_OBJECT (item), "annalist-searched");

  return needle == NULL || *needle == '\0' || strstr (searched, needle) != NULL;
}

static void
search_changed (GtkEditable     *search,
                GtkCustomFilter *filter)
{
  char *needle = annalist_fold_words (gtk_editable_get_text (search));

  g_object_set_data_full (G_OBJECT (filter), "annalist-needle", needle, g_free);
  gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Escape in the search clears it, and in an empty one closes the
 * dialog, as Escape anywhere else in it does (GtkSearchEntry takes
 * Escape for itself). */
static void
search_stopped (GtkSearchEntry *search,
                GtkWindow      *dialog)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (search)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (search), "");
  else
    gtk_window_close (dialog);
}

/* The list, or «Nothing found» when the search leaves none. */
static void
found_changed (GListModel *found,
               guint       position,
               guint       removed,
               guint       added,
               GtkStack   *stack)
{
  gtk_stack_set_visible_child_name (stack, g_list_model_get_n_items (found) > 0 ? "list" : "empty");
}

/* A search and a list of the records of @kind: an organisation among
 * 128 is found by typing a few letters of its name. */
static GtkWidget *
record_chooser (AnnalistExporter   *self,
                ParamsQuestion     *question,
                guint               index)
{
  const AnnalistKind *kind = annalist_kind_lookup (record_params[index].kind);
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = annalist_store_list (self->store, kind, &query, NULL);
  GtkStringList *titles = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkWidget *box, *heading, *search, *scroller, *view, *stack, *empty, *frame;
  guint n = records ? g_list_model_get_n_items (records) : 0;
  int owner_index = owner_field (kind);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);
      char *title = annalist_ui_record_title (self->store, record);
      char *owner = record_owner (self->store, record, owner_index);
      g_autofree char *searched = owner ? g_strconcat (title, "\n", owner, NULL) : g_strdup (title);
      g_autoptr(GtkStringObject) item = NULL;

      gtk_string_list_append (titles, searched);
      item = g_list_model_get_item (G_LIST_MODEL (titles), i);
      g_object_set_data (G_OBJECT (item), "annalist-id",
                         GSIZE_TO_POINTER ((gsize) annalist_record_get_id (record)));
      g_object_set_data_full (G_OBJECT (item), "annalist-title", title, g_free);
      g_object_set_data_full (G_OBJECT (item), "annalist-owner", owner, g_free);
      /* Matched as names are: case, «ё» and quotes aside, so that «цдт
       * креатив» finds ЦДТ «Креатив» here as in the «Планы» list. */
      g_object_set_data_full (G_OBJECT (item), "annalist-searched", annalist_fold_words (searched),
                              g_free);
    }

  filter = gtk_custom_filter_new (NULL, NULL, NULL);
  gtk_custom_filter_set_filter_func (filter, record_matches, filter, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (titles), GTK_FILTER (filter));
  selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  question->records[index] = selection;
  g_signal_connect_swapped (selection, "notify::selected", G_CALLBACK (update_response), question);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_(kind->singular));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  if (n == 0)
    {
      GtkWidget *none = gtk_label_new (_("There are none in the database yet: add one first."));

      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
      g_object_set_data_full (G_OBJECT (box), "annalist-selection", selection, g_object_unref);
      return box;
    }

  search = gtk_search_entry_new ();
  g_object_set (search, "placeholder-text",
                owner_index >= 0 ? _("Search by name or organisation") : _("Search by name"),
                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(kind->singular), -1);
  /* At once, not after GtkSearchEntry's pause: Enter chooses the first
   * record of what was typed. */
  g_signal_connect_object (search, "changed", G_CALLBACK (search_changed), filter, 0);
  g_signal_connect (search, "activate", G_CALLBACK (search_activated), selection);
  g_signal_connect (search, "stop-search", G_CALLBACK (search_stopped), question->dialog);
  gtk_box_append (GTK_BOX (box), search);

  g_signal_connect (factory, "setup", G_CALLBACK (record_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (record_item_bind), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), g_steal_pointer (&factory));
  gtk_widget_add_css_class (view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(kind->singular), -1);
  annalist_ui_tab_leaves (view);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 180);

  /* A search that finds nothing says so, where the list was, inside the
   * list's frame. */
  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing Found"));
  gtk_widget_add_css_class (empty, "compact");
  stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), TRUE);
  /* The frame and the panels named for a screen reader (GTK 4.8 reads
   * them by their types otherwise). */
  gtk_stack_add_titled (GTK_STACK (stack), scroller, "list", _(kind->singular));
  gtk_stack_add_titled (GTK_STACK (stack), empty, "empty", _("Nothing Found"));
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "list");
  g_signal_connect_object (filtered, "items-changed", G_CALLBACK (found_changed), stack, 0);
  frame = gtk_frame_new (NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (frame), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(kind->singular), -1);
  gtk_frame_set_child (GTK_FRAME (frame), stack);
  gtk_box_append (GTK_BOX (box), frame);
  return box;
}

static void
params_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AnnalistExporter *self)
{
  ParamsQuestion *question = g_object_get_data (G_OBJECT (dialog), "annalist-question");

  if (!g_str_equal (response, "export") || self->template == NULL)
    {
      set_state (self, FALSE, FALSE);
      return;
    }
  chosen_params (question, &self->params);
  choose_target (self);
}

static void
ask_params (AnnalistExporter *self,
            int               year)
{
  AnnalistTemplateParams needs = annalist_template_get_params (self->template);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  ParamsQuestion *question = g_new0 (ParamsQuestion, 1);
  g_autofree char *heading = g_strdup_printf (_("Export “%s”"),
                                              annalist_template_get_name (self->template));
  GtkWidget *dialog, *box, *list = NULL;
  int latest = year != ANNALIST_ALL_YEARS ? year : latest_year (self->store);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Choose what goes into the document."));
  question->dialog = ADW_MESSAGE_DIALOG (dialog);
  question->store = self->store;
  question->needs = needs;
  question->given = self->params;
  question->top = MAX (annalist_academic_year_current () + 1, latest);
  g_object_set_data_full (G_OBJECT (dialog), "annalist-question", question, g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  question->refusal = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (question->refusal, TRUE);
  gtk_label_set_xalign (question->refusal, 0);
  gtk_widget_add_css_class (GTK_WIDGET (question->refusal), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (question->refusal), FALSE);
  if (needs & (ANNALIST_TEMPLATE_PARAM_YEAR | ANNALIST_TEMPLATE_PARAM_PERIOD))
    {
      list = annalist_ui_boxed_list (needs & ANNALIST_TEMPLATE_PARAM_PERIOD ? _("Period")
                                                                          : _("Academic year"));
      gtk_box_append (GTK_BOX (box), list);
    }
  if (needs & ANNALIST_TEMPLATE_PARAM_YEAR)
    {
      question->year = year_row (_("Academic year"), question->top, latest);
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (question->year));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (question->refusal));
      g_signal_connect_swapped (question->year, "notify::selected",
                                G_CALLBACK (update_response), question);
    }
  if (needs & ANNALIST_TEMPLATE_PARAM_PERIOD)
    {
      /* A site reports on its year (or a stage, a span the user widens);
       * an organisation's account or a register looks back several. */
      int first = needs & ANNALIST_TEMPLATE_PARAM_PROJECT ? latest : latest - 4;

      question->from = year_row (_("From the academic year"), question->top, first);
      question->to = year_row (_("To the academic year"), question->top, latest);
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (question->from));
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (question->to));
    }
  /* A record the page has given (the organisation of its card) is not
   * asked again. */
  for (guint i = 0; i < G_N_ELEMENTS (record_params); i++)
    if ((needs & record_params[i].param) &&
        G_STRUCT_MEMBER (gint64, &self->params, record_params[i].offset) == 0)
      gtk_box_append (GTK_BOX (box), record_chooser (self, question, i));
  /* Without a year, under the records chosen. */
  if (gtk_widget_get_parent (GTK_WIDGET (question->refusal)) == NULL)
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (question->refusal));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  annalist_ui_dialog_add_answer (ADW_MESSAGE_DIALOG (dialog), "export", _("_Export…"),
                                 ADW_RESPONSE_SUGGESTED);
  update_response (question);
  g_signal_connect_object (dialog, "response", G_CALLBACK (params_response), self, 0);
  annalist_ui_present (GTK_WINDOW (dialog));
}

void
annalist_exporter_export (AnnalistExporter *self,
                          const char       *document,
                          int               year)
{
  AnnalistDocumentParams given = { .year = year };

  annalist_exporter_export_with (self, document, &given);
}

void
annalist_exporter_export_with (AnnalistExporter             *self,
                               const char                   *document,
                               const AnnalistDocumentParams *given)
{
  g_autoptr(GError) error = NULL;
  AnnalistTemplateParams needs, asked = 0;
  int year;

  g_return_if_fail (ANNALIST_IS_EXPORTER (self));
  g_return_if_fail (document != NULL);
  g_return_if_fail (given != NULL);

  if (self->store == NULL || annalist_exporter_get_busy (self))
    return;

  /* Opened afresh: the user's template may have changed since. */
  self->template = annalist_documents_open (self->store, document, &error);
  if (self->template == NULL)
    {
      annalist_ui_show_error (GTK_WIDGET (self), _("The Document Was Not Exported"),
                              error->message);
      return;
    }
  self->params = *given;
  year = given->year;
  needs = annalist_template_get_params (self->template);
  set_state (self, TRUE, FALSE);

  /* The year the window shows is the year of the document; with all
   * years shown it is asked, not guessed. A period is always asked. */
  if (year == ANNALIST_ALL_YEARS)
    asked |= ANNALIST_TEMPLATE_PARAM_YEAR;
  if (given->organisation_id == 0)
    asked |= ANNALIST_TEMPLATE_PARAM_ORGANISATION;
  if (given->plan_id == 0)
    asked |= ANNALIST_TEMPLATE_PARAM_PLAN;
  if (given->project_id == 0)
    asked |= ANNALIST_TEMPLATE_PARAM_PROJECT;
  asked |= ANNALIST_TEMPLATE_PARAM_PERIOD;
  if (needs & asked)
    ask_params (self, year);
  else
    choose_target (self);
}

gboolean
annalist_exporter_get_busy (AnnalistExporter *self)
{
  g_return_val_if_fail (ANNALIST_IS_EXPORTER (self), FALSE);

  return self->asking || self->cancellable != NULL;
}

void
annalist_exporter_stop (AnnalistExporter *self)
{
  g_return_if_fail (ANNALIST_IS_EXPORTER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
annalist_exporter_set_store (AnnalistExporter *self,
                             AnnalistStore    *store)
{
  g_return_if_fail (ANNALIST_IS_EXPORTER (self));

  g_set_object (&self->store, store);
}

/* Construction ----------------------------------------------------------------------- */

static void
annalist_exporter_dispose (GObject *object)
{
  AnnalistExporter *self = (AnnalistExporter *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->template);
  g_clear_object (&self->store);
  /* The bin's child is a template child: let go of it once, here, not
   * again in AdwBin's dispose after the template has freed it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_EXPORTER);

  G_OBJECT_CLASS (annalist_exporter_parent_class)->dispose (object);
}

static void
annalist_exporter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AnnalistExporter *self = ANNALIST_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, annalist_exporter_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annalist_exporter_class_init (AnnalistExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_exporter_dispose;
  object_class->get_property = annalist_exporter_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-exporter.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistExporter, revealer);
  gtk_widget_class_bind_template_child (widget_class, AnnalistExporter, spinner);
  gtk_widget_class_bind_template_child (widget_class, AnnalistExporter, label);
  gtk_widget_class_bind_template_child (widget_class, AnnalistExporter, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, annalist_exporter_stop);
}

static void
annalist_exporter_init (AnnalistExporter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 reads a button with a mnemonic by its label property and by
   * its label both («_Stop Stop»): the label alone. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->stop_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
