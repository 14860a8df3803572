/* annalist-report-page.c — the user's texts of the annual report
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the chosen academic year, one text area per report section that
 * takes a narrative (conclusions, «На следующий учебный год необходимо …»).
 * Each is a report_narrative record (year, section, text), written a moment
 * after the typing stops, so nothing is lost and the disk is not hit on
 * every key.
 */

#define G_LOG_DOMAIN "annalist-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-report-page.h"
#include "annalist-ui.h"

#define SAVE_DELAY_MS 700

typedef struct
{
  const char                  *key;     /* report_narrative.section */
  GtkTextView                 *view;
  gint64                       id;      /* its record for the year, 0 = none yet */
  gboolean                     dirty;
} SectionText;

struct _AnnalistReportPage
{
  AdwBin               parent_instance;

  AnnalistStore       *store;
  AnnalistTemplate    *report;   /* the annual report's template */
  int                  year;
  GArray              *texts;   /* SectionText */
  guint                save_source;
  gboolean             loading;
  GCancellable        *cancellable;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkRevealer         *progress;
  GtkSpinner          *spinner;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *intro;
};

G_DEFINE_FINAL_TYPE (AnnalistReportPage, annalist_report_page, ADW_TYPE_BIN)

static const AnnalistKind *
narrative_kind (void)
{
  return annalist_kind_lookup ("report_narrative");
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
annalist_report_page_flush (AnnalistReportPage *self)
{
  g_return_if_fail (ANNALIST_IS_REPORT_PAGE (self));

  g_clear_handle_id (&self->save_source, g_source_remove);

  for (guint i = 0; i < self->texts->len; i++)
    {
      SectionText *text = &g_array_index (self->texts, SectionText, i);
      g_autoptr(AnnalistRecord) record = annalist_record_new (narrative_kind ());
      g_autofree char *content = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (!text->dirty)
        continue;
      text->dirty = FALSE;

      content = buffer_text (text->view);
      annalist_record_set_int (record, "academic_year", self->year);
      annalist_record_set_string (record, "section", text->key);
      annalist_record_set_string (record, "text", content);
      if (text->id > 0)
        {
          annalist_record_set_id (record, text->id);
          ok = annalist_store_update (self->store, record, &error);
        }
      else
        ok = annalist_store_insert (self->store, record, &error);

      if (!ok)
        {
          annalist_ui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
          continue;
        }
      text->id = annalist_record_get_id (record);
    }
}

static gboolean
save_later (gpointer user_data)
{
  AnnalistReportPage *self = user_data;

  self->save_source = 0;
  annalist_report_page_flush (self);
  return G_SOURCE_REMOVE;
}

static void
text_changed (GtkTextBuffer      *buffer,
              AnnalistReportPage *self)
{
  if (self->loading)
    return;
  for (guint i = 0; i < self->texts->len; i++)
    {
      SectionText *text = &g_array_index (self->texts, SectionText, i);

      if (gtk_text_view_get_buffer (text->view) == buffer)
        text->dirty = TRUE;
    }
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_later, self);
}

static void
load_year (AnnalistReportPage *self)
{
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = NULL;
  g_autofree char *year_label = annalist_academic_year_label (self->year);
  g_autofree char *description = NULL;
  guint n;

  query.year = self->year;
  records = annalist_store_list (self->store, narrative_kind (), &query, NULL);
  n = records ? g_list_model_get_n_items (records) : 0;

  self->loading = TRUE;
  for (guint i = 0; i < self->texts->len; i++)
    {
      SectionText *text = &g_array_index (self->texts, SectionText, i);
      const char *content = "";

      text->id = 0;
      text->dirty = FALSE;
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, j);

          if (g_strcmp0 (annalist_record_get_string (record, "section"),
                         text->key) == 0)
            {
              const char *stored = annalist_record_get_string (record, "text");

              text->id = annalist_record_get_id (record);
              content = stored ? stored : "";
              break;
            }
        }
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (text->view), content, -1);
    }
  self->loading = FALSE;

  description = g_strdup_printf (_("Your own words for the %s academic year, section by "
                                   "section: the report puts each where its template has a "
                                   "place for it. What you type is saved as you go."), year_label);
  adw_preferences_group_set_description (self->intro, description);
}

/* Export --------------------------------------------------------------------------------- */

static void
open_clicked (AdwToast *toast,
              GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    g_warning ("Could not open %s: %s", uri, error->message);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AnnalistReportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_spinner_stop (self->spinner);
  gtk_revealer_set_reveal_child (self->progress, FALSE);
  g_clear_object (&self->cancellable);

  if (!annalist_template_render_finish (self->report, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        annalist_ui_show_error (GTK_WIDGET (self), _("The Report Was Not Exported"),
                                error->message);
      return;
    }

  {
    AdwToast *toast = adw_toast_new (_("The report is exported"));
    GFile *exported = g_object_get_data (G_OBJECT (self), "exported");

    adw_toast_set_button_label (toast, _("_Open"));
    adw_toast_set_timeout (toast, 10);
    g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_clicked),
                           g_object_ref (exported), (GClosureNotify) (void (*) (void)) g_object_unref,
                           0);
    annalist_ui_add_toast (GTK_WIDGET (self), toast);
  }
}

static void
chooser_response (GtkNativeDialog    *dialog,
                  int                 response,
                  AnnalistReportPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (!g_str_has_suffix (path, ".odt") && !g_str_has_suffix (path, ".fodt"))
    {
      char *with_suffix = g_strconcat (path, ".odt", NULL);

      g_free (path);
      path = with_suffix;
    }

  annalist_report_page_flush (self);
  g_object_set_data_full (G_OBJECT (self), "exported", g_file_new_for_path (path),
                          g_object_unref);
  self->cancellable = g_cancellable_new ();
  gtk_revealer_set_reveal_child (self->progress, TRUE);
  gtk_spinner_start (self->spinner);
  {
    AnnalistDocumentParams params = { .year = self->year };

    annalist_template_render_async (self->report, self->store, &params, path, self->cancellable,
                                    export_done, g_object_ref (self));
  }
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
annalist_report_page_export (AnnalistReportPage *self)
{
  GtkRoot *root;
  g_autofree char *year = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (ANNALIST_IS_REPORT_PAGE (self));

  if (self->cancellable != NULL || self->chooser != NULL || self->report == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Export the Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("OpenDocument text (.odt)"), "*.odt",
              "application/vnd.oasis.opendocument.text");
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Flat OpenDocument text (.fodt)"), "*.fodt",
              "application/vnd.oasis.opendocument.text-flat-xml");
  year = annalist_academic_year_label (self->year);
  /* Translators: the suggested file name; %s is the academic year «2022-2023» */
  name = g_strdup_printf (_("Report %s.odt"), year);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
stop_clicked (AnnalistReportPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Construction ----------------------------------------------------------------------- */

/* One text area for each place the report's template keeps for the
 * user's words, titled by the heading above it. */
static void
build_sections (AnnalistReportPage *self)
{
  g_autoptr(GError) error = NULL;
  const AnnalistTextSlot *slots;
  AnnalistDocumentParams params = { .year = self->year };
  guint n = 0;

  self->report = annalist_documents_open (self->store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
  if (self->report == NULL)
    {
      adw_preferences_group_set_description (self->intro, error->message);
      return;
    }
  slots = annalist_template_get_text_slots (self->report, &n);
  for (guint i = 0; i < n; i++)
    {
      SectionText text = { slots[i].key, NULL, 0, FALSE };
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *view = gtk_text_view_new ();
      g_autofree char *title = annalist_template_slot_heading (self->report, self->store, &params, i);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_widget_add_css_class (view, "annalist-text");
      gtk_widget_set_size_request (view, -1, 110);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                        G_CALLBACK (text_changed), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view);
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

      text.view = GTK_TEXT_VIEW (view);
      g_array_append_val (self->texts, text);
    }
}

static void
annalist_report_page_dispose (GObject *object)
{
  AnnalistReportPage *self = (AnnalistReportPage *) object;

  if (self->store != NULL && self->texts != NULL)
    annalist_report_page_flush (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_REPORT_PAGE);
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_report_page_parent_class)->dispose (object);
}

static void
annalist_report_page_class_init (AnnalistReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_report_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, progress);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, intro);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked);
}

static void
annalist_report_page_init (AnnalistReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->texts = g_array_new (FALSE, FALSE, sizeof (SectionText));
}

AnnalistReportPage *
annalist_report_page_new (AnnalistStore *store)
{
  AnnalistReportPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_REPORT_PAGE, NULL);
  self->store = g_object_ref (store);
  self->year = annalist_academic_year_current ();
  build_sections (self);
  load_year (self);
  return self;
}

void
annalist_report_page_set_year (AnnalistReportPage *self,
                               int                 year)
{
  g_return_if_fail (ANNALIST_IS_REPORT_PAGE (self));

  if (self->year == year)
    return;
  annalist_report_page_flush (self);
  self->year = year;
  load_year (self);
}

GtkTextView *
annalist_report_page_get_text (AnnalistReportPage *self,
                               const char         *section_id)
{
  g_return_val_if_fail (ANNALIST_IS_REPORT_PAGE (self), NULL);

  for (guint i = 0; i < self->texts->len; i++)
    {
      SectionText *text = &g_array_index (self->texts, SectionText, i);

      if (g_strcmp0 (text->key, section_id) == 0)
        return text->view;
    }
  return NULL;
}
