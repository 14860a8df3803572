/* annalist-report-page.c — the user's texts of the documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the chosen academic year and one document, one text area per place
 * its template keeps for the user's words ({{text "KEY"}}: conclusions,
 * «На следующий учебный год необходимо …»). The documents offered are
 * those whose templates have such places, the annual report first; the
 * areas are made again when another is chosen or the templates change.
 * Each text is a report_narrative record (year, key, text), written a
 * moment after the typing stops, so nothing is lost and the disk is not
 * hit on every key.
 *
 * The page has its own academic year: the window's when it shows one,
 * and when the window shows all years the one last shown or chosen here,
 * at first the current one. A document is always of one year; a year
 * with no records says so and is not exported.
 */

#define G_LOG_DOMAIN "annalist-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-exporter.h"
#include "annalist-report-page.h"
#include "annalist-window.h"
#include "annalist-ui.h"

#define SAVE_DELAY_MS 700
/* How far back the page's own year list goes. */
#define YEARS_BACK 15

typedef struct
{
  char                        *key;     /* report_narrative.section */
  GtkTextView                 *view;
  AdwPreferencesGroup         *group;
  gint64                       id;      /* its record for the year, 0 = none yet */
  gboolean                     dirty;
} SectionText;

struct _AnnalistReportPage
{
  AdwBin               parent_instance;

  AnnalistStore       *store;
  char                *document;  /* the chosen document's id */
  AnnalistTemplate    *template;  /* its template */
  GPtrArray           *documents; /* ids of those offered, in the combo row's order */
  int                  year;
  GArray              *texts;   /* SectionText */
  guint                save_source;
  guint                reload_source;
  guint                status_source;
  gboolean             loading;
  gboolean             updating;
  gboolean             can_export;
  GArray              *years;   /* int per position of year_row */

  /* Template widgets */
  AnnalistExporter    *exporter;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *intro;
  AdwComboRow         *document_row;
  AdwComboRow         *year_row;
  AdwActionRow        *status_row;
};

enum { PROP_0, PROP_CAN_EXPORT, N_PROPS };

static GParamSpec *properties[N_PROPS];

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
  g_autofree char *locked = NULL;
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

  /* Words the store will not change (a read-only database) are shown,
   * and the introduction says why. */
  {
    g_autoptr(AnnalistRecord) words = annalist_record_new (narrative_kind ());

    annalist_record_set_int (words, "academic_year", self->year);
    locked = annalist_store_record_lock_reason (self->store, narrative_kind (), words);
  }
  for (guint i = 0; i < self->texts->len; i++)
    {
      GtkTextView *view = g_array_index (self->texts, SectionText, i).view;

      gtk_text_view_set_editable (view, locked == NULL);
      gtk_text_view_set_cursor_visible (view, locked == NULL);
    }

  /* A read-only database is said once, by the window's banner above the
   * page: here only what it means for the words. */
  if (locked != NULL && annalist_store_read_only_reason (self->store) != NULL)
    description = g_strdup_printf (_("Your own words for the %s academic year: the document puts "
                                     "each where its template keeps a place for it. They can be "
                                     "read here, not changed."), year_label);
  else if (locked != NULL)
    description = g_strdup_printf (_("Your own words for the %s academic year: the document puts "
                                     "each where its template keeps a place for it. %s"),
                                   year_label, locked);
  else
    description = g_strdup_printf (_("Your own words for the %s academic year: the document "
                                     "puts each where its template keeps a place for it. What "
                                     "you type is saved as you go."), year_label);
  adw_preferences_group_set_description (self->intro, description);
}

/* The year ------------------------------------------------------------------------------ */

static void update_headings (AnnalistReportPage *self);

/* A year without records has nothing to report: the page says so, and
 * the export is off. */
static void
update_status (AnnalistReportPage *self)
{
  gboolean has = annalist_documents_year_has_records (self->store, self->year);
  gboolean can_export = has && self->document != NULL;

  if (!has)
    {
      g_autofree char *label = annalist_academic_year_label (self->year);
      g_autofree char *title = g_strdup_printf (_("There are no records for the %s academic year"),
                                                label);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), !has);
  if (can_export != self->can_export)
    {
      self->can_export = can_export;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_EXPORT]);
    }
}

/* The years offered: from the next one back YEARS_BACK, and @year. */
static void
build_years (AnnalistReportPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  int current = annalist_academic_year_current ();
  int top = MAX (current + 1, self->year);
  int bottom = MIN (current - YEARS_BACK, self->year);
  guint position = 0;

  g_array_set_size (self->years, 0);
  for (int year = top; year >= bottom; year--)
    {
      g_autofree char *label = annalist_academic_year_label (year);

      gtk_string_list_append (labels, label);
      g_array_append_val (self->years, year);
      if (year == self->year)
        position = self->years->len - 1;
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->year_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->year_row, position);
  self->updating = FALSE;
}

static void
show_year (AnnalistReportPage *self,
           int                 year)
{
  if (self->year != year)
    {
      annalist_report_page_flush (self);
      self->year = year;
      update_headings (self);
      load_year (self);
    }
  if (self->years->len == 0 || year > g_array_index (self->years, int, 0) ||
      year < g_array_index (self->years, int, self->years->len - 1))
    build_years (self);
  else
    {
      self->updating = TRUE;
      adw_combo_row_set_selected (self->year_row,
                                  (guint) (g_array_index (self->years, int, 0) - year));
      self->updating = FALSE;
    }
  update_status (self);
}

static void
year_chosen (AnnalistReportPage *self)
{
  guint position = adw_combo_row_get_selected (self->year_row);

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int year;

  if (self->updating || position >= self->years->len)
    return;
  year = g_array_index (self->years, int, position);
  show_year (self, year);
  /* A window showing one year shows this one now: the page and the
   * header never disagree, and the page keeps its year when shown
   * again. With all years shown, the page's year is its own. */
  if (ANNALIST_IS_WINDOW (root) && annalist_window_get_year (ANNALIST_WINDOW (root)) != ANNALIST_ALL_YEARS)
    annalist_window_set_year (ANNALIST_WINDOW (root), year);
}

/* Export --------------------------------------------------------------------------------- */

void
annalist_report_page_export (AnnalistReportPage *self)
{
  g_return_if_fail (ANNALIST_IS_REPORT_PAGE (self));

  if (self->document == NULL || !self->can_export)
    return;
  annalist_report_page_flush (self);
  annalist_exporter_export (self->exporter, self->document, self->year);
}

/* Construction ----------------------------------------------------------------------- */

static void
section_text_clear (gpointer data)
{
  SectionText *text = data;

  g_free (text->key);
}

/* The headings above the places, filled for the year. Two places under
 * one heading (an introduction before a table, a conclusion after it) are
 * told apart by their number. */
static void
update_headings (AnnalistReportPage *self)
{
  AnnalistDocumentParams params = { .year = self->year };
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; self->template != NULL && i < self->texts->len; i++)
    g_ptr_array_add (titles, annalist_template_slot_heading (self->template, self->store,
                                                             &params, i));

  for (guint i = 0; i < titles->len; i++)
    {
      SectionText *text = &g_array_index (self->texts, SectionText, i);
      const char *title = g_ptr_array_index (titles, i);
      g_autofree char *which = NULL;
      g_autofree char *name = NULL;
      guint first = i, last = i;

      while (first > 0 && g_str_equal (g_ptr_array_index (titles, first - 1), title))
        first--;
      while (last + 1 < titles->len && g_str_equal (g_ptr_array_index (titles, last + 1), title))
        last++;
      if (last > first)
        /* Translators: under a heading of the report page when the
         * template keeps several places for texts under one heading */
        which = g_strdup_printf (_("Text %u of %u under this heading"), i - first + 1,
                                 last - first + 1);

      adw_preferences_group_set_title (text->group, title);
      adw_preferences_group_set_description (text->group, which);
      name = which ? g_strdup_printf ("%s — %s", title, which) : g_strdup (title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (text->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
    }
}

/* One text area for each place the chosen document's template keeps for
 * the user's words, titled by the heading above it. */
static void
build_sections (AnnalistReportPage *self)
{
  const AnnalistTextSlot *slots;
  guint n = 0;

  annalist_report_page_flush (self);
  for (guint i = 0; i < self->texts->len; i++)
    adw_preferences_page_remove (self->page, g_array_index (self->texts, SectionText, i).group);
  g_array_set_size (self->texts, 0);

  if (self->template == NULL)
    return;
  slots = annalist_template_get_text_slots (self->template, &n);
  for (guint i = 0; i < n; i++)
    {
      SectionText text = { g_strdup (slots[i].key), NULL, NULL, 0, FALSE };
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *view = gtk_text_view_new ();

      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_widget_add_css_class (view, "annalist-text");
      gtk_widget_set_size_request (view, -1, 110);
      g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                        G_CALLBACK (text_changed), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view);
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

      text.view = GTK_TEXT_VIEW (view);
      text.group = ADW_PREFERENCES_GROUP (group);
      g_array_append_val (self->texts, text);
    }
  update_headings (self);
  load_year (self);
}

/* The documents whose templates keep places for the user's words; the
 * chosen one stays chosen, or the annual report (the built-in one or the
 * user's in its place) is. */
static void
reload_documents (AnnalistReportPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) chosen = NULL;
  g_autofree char *wanted = g_strdup (self->document ? self->document : ANNALIST_DOCUMENT_ANNUAL_REPORT);
  guint position = GTK_INVALID_LIST_POSITION;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_ptr_array_set_size (self->documents, 0);
  list = annalist_documents_list (self->store, &error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (list, i);
      g_autoptr(AnnalistTemplate) tmpl = NULL;
      guint n = 0;

      /* The built-in templates' slots are known without reading them again. */
      if (info->builtin && info->user_id == 0 && !info->text_slots)
        continue;
      tmpl = annalist_documents_open (self->store, info->id, NULL);
      if (tmpl == NULL || (annalist_template_get_text_slots (tmpl, &n), n == 0))
        continue;
      gtk_string_list_append (names, info->name);
      g_ptr_array_add (self->documents, g_strdup (info->id));
      if (g_str_equal (info->id, wanted) ||
          (position == GTK_INVALID_LIST_POSITION && g_str_equal (info->id, ANNALIST_DOCUMENT_ANNUAL_REPORT)))
        {
          position = self->documents->len - 1;
          g_set_object (&chosen, tmpl);
        }
    }
  if (position == GTK_INVALID_LIST_POSITION && self->documents->len > 0)
    {
      position = 0;
      chosen = annalist_documents_open (self->store, g_ptr_array_index (self->documents, 0), NULL);
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->document_row, G_LIST_MODEL (names));
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->document_row, position);
  self->updating = FALSE;

  g_free (self->document);
  self->document = position != GTK_INVALID_LIST_POSITION
                   ? g_strdup (g_ptr_array_index (self->documents, position)) : NULL;
  g_set_object (&self->template, chosen);
  build_sections (self);
  if (list == NULL || self->documents->len == 0)
    adw_preferences_group_set_description (self->intro,
                                           list == NULL ? error->message
                                                        : _("No document has places for your own "
                                                            "words: a template keeps one with "
                                                            "{{text \"KEY\"}}."));
}

static gboolean
reload_later (gpointer user_data)
{
  AnnalistReportPage *self = user_data;

  self->reload_source = 0;
  reload_documents (self);
  update_status (self);
  return G_SOURCE_REMOVE;
}

static gboolean
update_status_later (gpointer user_data)
{
  AnnalistReportPage *self = user_data;

  self->status_source = 0;
  update_status (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed (AnnalistStore      *store,
               const char         *kind,
               AnnalistReportPage *self)
{
  if (g_strcmp0 (kind, "template") == 0 && self->reload_source == 0)
    self->reload_source = g_idle_add (reload_later, self);
  /* The first record of the year, or its last one gone: once for many
   * changes in a row (an import). */
  if (self->status_source == 0)
    self->status_source = g_idle_add (update_status_later, self);
}

static void
document_chosen (AnnalistReportPage *self)
{
  guint position = adw_combo_row_get_selected (self->document_row);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->documents == NULL || position >= self->documents->len ||
      g_strcmp0 (self->document, g_ptr_array_index (self->documents, position)) == 0)
    return;
  annalist_report_page_flush (self);
  g_free (self->document);
  self->document = g_strdup (g_ptr_array_index (self->documents, position));
  g_clear_object (&self->template);
  self->template = annalist_documents_open (self->store, self->document, &error);
  build_sections (self);
  if (self->template == NULL)
    adw_preferences_group_set_description (self->intro, error->message);
  if (self->years != NULL)
    update_status (self);
}

static void
annalist_report_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AnnalistReportPage *self = ANNALIST_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_EXPORT:
      g_value_set_boolean (value, self->can_export);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annalist_report_page_dispose (GObject *object)
{
  AnnalistReportPage *self = (AnnalistReportPage *) object;

  if (self->store != NULL && self->texts != NULL)
    annalist_report_page_flush (self);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->status_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANNALIST_TYPE_REPORT_PAGE);
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->document, g_free);
  g_clear_object (&self->template);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_report_page_parent_class)->dispose (object);
}

static void
annalist_report_page_class_init (AnnalistReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_report_page_dispose;
  object_class->get_property = annalist_report_page_get_property;

  /* Whether the page's year has records to export, and a document. */
  properties[PROP_CAN_EXPORT] =
    g_param_spec_boolean ("can-export", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ANNALIST_TYPE_EXPORTER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "ui/annalist-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, exporter);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, page);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, intro);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, document_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, AnnalistReportPage, status_row);
  gtk_widget_class_bind_template_callback (widget_class, year_chosen);
  gtk_widget_class_bind_template_callback (widget_class, document_chosen);
}

static void
annalist_report_page_init (AnnalistReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->texts = g_array_new (FALSE, FALSE, sizeof (SectionText));
  g_array_set_clear_func (self->texts, section_text_clear);
  self->documents = g_ptr_array_new_with_free_func (g_free);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
}

AnnalistReportPage *
annalist_report_page_new (AnnalistStore *store)
{
  AnnalistReportPage *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_REPORT_PAGE, NULL);
  self->store = g_object_ref (store);
  self->year = annalist_academic_year_current ();
  annalist_exporter_set_store (self->exporter, store);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed), self);
  reload_documents (self);
  show_year (self, self->year);
  return self;
}

void
annalist_report_page_set_year (AnnalistReportPage *self,
                               int                 year)
{
  g_return_if_fail (ANNALIST_IS_REPORT_PAGE (self));

  /* A document is of one year: with all years shown, the page keeps its own. */
  if (year == ANNALIST_ALL_YEARS)
    return;
  show_year (self, year);
}

int
annalist_report_page_get_year (AnnalistReportPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_REPORT_PAGE (self), 0);
  return self->year;
}

gboolean
annalist_report_page_can_export (AnnalistReportPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_REPORT_PAGE (self), FALSE);
  return self->can_export;
}

AdwComboRow *
annalist_report_page_get_year_row (AnnalistReportPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_REPORT_PAGE (self), NULL);
  return self->year_row;
}

AdwActionRow *
annalist_report_page_get_status_row (AnnalistReportPage *self)
{
  g_return_val_if_fail (ANNALIST_IS_REPORT_PAGE (self), NULL);
  return self->status_row;
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
