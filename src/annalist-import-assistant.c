/* annalist-import-assistant.c — the window that brings records in from a
 * table: the source, the columns mapped on a live preview, the import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps in a stack with «Back» and «Next» in the header bar (the
 * widgets of libadwaita 1.2): the source (the file, its sheet, or the CSV
 * separator and encoding as detected), then a combo row a source column
 * over the preview of the first rows with their verdicts, from a dry run
 * that stops after the rows shown, so that a file of 100 000 rows is
 * previewed at once. «Import» runs the whole file: one confirmation for
 * the dictionary values to add, one for leaving out the rows in error,
 * then one transaction; the window closes and a toast offers Undo.
 *
 * A run over the whole file (the check, then the import) shows a third
 * step with a progress bar and «Cancel» (annalist-import-progress.c). It
 * runs in the main thread and lets the main loop turn, so meanwhile the
 * header bar's buttons are insensitive, a pending preview is dropped and
 * closing the window cancels the run: nothing starts another.
 *
 * The mapping a user chose is remembered per kind (the setting
 * «import-mappings»: header text → field column, a line each), and
 * applied over the guess to a file with the same headers.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-application.h"
#include "annalist-file-dialog.h"
#include "annalist-history.h"
#include "annalist-import-assistant.h"
#include "annalist-import-progress.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"
#include "annalist-window.h"

/* How long after a change of the mapping the preview runs again. */
#define PREVIEW_DELAY_MS 250

typedef struct
{
  guint                  line;
  AnnalistImportVerdict  verdict;
  char                  *message;
} PreviewRow;

struct _AnnalistImportAssistant
{
  AdwWindow           parent_instance;

  GtkWindow          *parent;          /* weak */
  AnnalistStore      *store;
  const AnnalistKind *kind;
  AnnalistImport     *import;
  char               *path;            /* NULL: pasted text */
  char              **sheets;

  AdwWindowTitle     *title;
  GtkStack           *stack;
  GtkWidget          *back_button;
  GtkWidget          *next_button;
  GtkWidget          *import_button;

  AdwActionRow       *file_row;
  AdwComboRow        *sheet_row;
  AdwComboRow        *separator_row;
  AdwComboRow        *encoding_row;

  AdwPreferencesGroup *columns_group;
  GPtrArray          *column_rows;     /* AdwComboRow, a source column each */
  AdwPreferencesGroup *preview_group;
  GtkListBox         *preview_list;

  GArray             *preview;         /* PreviewRow */
  gboolean            preview_stopped;
  guint               preview_source;
  gboolean            updating;        /* the rows are being filled in, not chosen */

  /* The step of a run over the whole file (the check, the import). */
  AnnalistImportProgress *progress;
};

G_DEFINE_FINAL_TYPE (AnnalistImportAssistant, annalist_import_assistant, ADW_TYPE_WINDOW)

static const char separators[] = { ',', ';', '\t' };
static const char *separator_names[] = { N_("Comma"), N_("Semicolon"), N_("Tab") };
static const char *encodings[] = { "UTF-8", "WINDOWS-1251", "UTF-16" };

static void schedule_preview (AnnalistImportAssistant *self);
static void run_preview (AnnalistImportAssistant *self);

/* The remembered mapping ---------------------------------------------------------- */

static GSettings *
settings (void)
{
  GApplication *application = g_application_get_default ();

  if (application == NULL || !ANNALIST_IS_APPLICATION (application))
    return NULL;
  return annalist_application_get_settings (ANNALIST_APPLICATION (application));
}

/* Header text → field column («-»: skipped), a line each. */
static char *
mapping_lines (AnnalistImport *import)
{
  const AnnalistKind *kind = annalist_import_get_kind (import);
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < annalist_import_get_n_columns (import); c++)
    {
      const char *header = annalist_import_get_header (import, c);
      int field = annalist_import_get_mapping (import, c);

      if (header == NULL || *header == '\0' || strchr (header, '\n') != NULL)
        continue;
      g_string_append_printf (text, "%s=%s\n", header, field >= 0 ? kind->fields[field].column : "-");
    }
  return g_string_free (text, FALSE);
}

static void
remember_mapping (AnnalistImportAssistant *self)
{
  GSettings *s = settings ();
  g_autoptr(GVariant) old = NULL;
  g_autofree char *lines = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *kind, *text;

  if (s == NULL)
    return;
  old = g_settings_get_value (s, "import-mappings");
  lines = mapping_lines (self->import);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &kind, &text))
    if (!g_str_equal (kind, self->kind->name))
      g_variant_builder_add (&builder, "{ss}", kind, text);
  g_variant_builder_add (&builder, "{ss}", self->kind->name, lines);
  g_settings_set_value (s, "import-mappings", g_variant_builder_end (&builder));
}

static void
apply_remembered (AnnalistImportAssistant *self)
{
  GSettings *s = settings ();
  g_autofree char *lines = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GVariant) value = NULL;

  if (s == NULL)
    return;
  value = g_settings_get_value (s, "import-mappings");
  if (!g_variant_lookup (value, self->kind->name, "s", &lines))
    return;
  split = g_strsplit (lines, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      char *equals = strrchr (split[i], '=');

      if (equals == NULL)
        continue;
      *equals = '\0';
      for (guint c = 0; c < annalist_import_get_n_columns (self->import); c++)
        if (g_strcmp0 (annalist_import_get_header (self->import, c), split[i]) == 0)
          {
            int field = g_str_equal (equals + 1, "-")
                        ? -1 : annalist_kind_field_index (self->kind, equals + 1);

            if (field >= 0 || g_str_equal (equals + 1, "-"))
              annalist_import_set_mapping (self->import, c, field);
          }
    }
}

/* The mapping step ---------------------------------------------------------------- */

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
sync_column_rows (AnnalistImportAssistant *self)
{
  self->updating = TRUE;
  for (guint c = 0; c < self->column_rows->len; c++)
    adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, c),
                                (guint) (annalist_import_get_mapping (self->import, c) + 1));
  self->updating = FALSE;
}

static void
column_chosen (AdwComboRow             *row,
               GParamSpec              *pspec,
               AnnalistImportAssistant *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));

  if (self->updating)
    return;
  annalist_import_set_mapping (self->import, column, (int) adw_combo_row_get_selected (row) - 1);
  /* A column that had the field before is skipped now: show it. */
  sync_column_rows (self);
  schedule_preview (self);
}

static void
build_column_rows (AnnalistImportAssistant *self)
{
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  gtk_string_list_append (fields, _("Skip"));
  for (guint f = 0; f < self->kind->n_fields; f++)
    gtk_string_list_append (fields, _(self->kind->fields[f].label));

  for (guint c = 0; c < annalist_import_get_n_columns (self->import); c++)
    {
      const char *header = annalist_import_get_header (self->import, c);
      g_autofree char *title = NULL;
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      /* Translators: a source column without a header; %u is its number */
      title = header != NULL && *header != '\0' ? annalist_store_one_line (header)
                                                : g_strdup_printf (_("Column %u"), c + 1);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      /* Translators: the source column's number, under its header */
      {
        g_autofree char *number = g_strdup_printf (_("Column %u"), c + 1);

        if (header != NULL && *header != '\0')
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), number);
      }
      adw_combo_row_set_model (row, G_LIST_MODEL (fields));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (column_chosen), self, 0);
    }
  sync_column_rows (self);
}

/* The mapping changed or the source was read again: the rows and the
 * preview follow. */
static void
source_changed (AnnalistImportAssistant *self)
{
  build_column_rows (self);
  g_array_set_size (self->preview, 0);
  clear_list_box (self->preview_list);
  if (gtk_stack_get_visible_child_name (self->stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "mapping"))
    run_preview (self);
}

/* The preview ------------------------------------------------------------------------ */

static void
preview_row_clear (gpointer data)
{
  g_free (((PreviewRow *) data)->message);
}

static gboolean
preview_row (const AnnalistImportRow *row,
             gpointer                 user_data)
{
  AnnalistImportAssistant *self = user_data;
  PreviewRow kept = { row->line, row->verdict, g_strdup (row->message) };
  AdwActionRow *widget = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon;
  g_autoptr(GString) cells = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_array_append_val (self->preview, kept);

  for (guint i = 0; i < row->n_cells && cells->len < 160; i++)
    if (row->cells[i] != NULL && *row->cells[i] != '\0')
      g_string_append_printf (cells, "%s%s", cells->len ? " · " : "", row->cells[i]);
  if (g_utf8_strlen (cells->str, -1) > 160)
    {
      g_autofree char *cut = g_utf8_substring (cells->str, 0, 160);

      g_string_assign (cells, cut);
      g_string_append (cells, "…");
    }
  /* Translators: a row of the preview; %u is its line in the file, %s its cells */
  title = g_strdup_printf (_("Row %u: %s"), row->line, cells->str);
  switch (row->verdict)
    {
    case ANNALIST_IMPORT_NEW:
      subtitle = row->message != NULL ? g_strdup_printf (_("new; %s"), row->message)
                                      : g_strdup (_("new"));
      icon = annalist_ui_decoration ("list-add-symbolic");
      gtk_widget_add_css_class (icon, "success");
      break;
    case ANNALIST_IMPORT_SAME:
      subtitle = g_strdup (_("already stored — skipped"));
      icon = annalist_ui_decoration ("object-select-symbolic");
      gtk_widget_add_css_class (icon, "dim-label");
      break;
    case ANNALIST_IMPORT_ERROR:
    default:
      subtitle = g_strdup (row->message != NULL ? row->message : _("error"));
      icon = annalist_ui_decoration ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      break;
    }
  {
    g_autofree char *one = annalist_store_one_line (title);

    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), one);
  }
  adw_action_row_set_subtitle (widget, subtitle);
  adw_action_row_set_title_lines (widget, 2);
  adw_action_row_set_subtitle_lines (widget, 3);
  adw_action_row_add_prefix (widget, icon);
  gtk_list_box_append (self->preview_list, GTK_WIDGET (widget));

  if (self->preview->len >= ANNALIST_IMPORT_PREVIEW_ROWS)
    {
      self->preview_stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* A button's label as a sentence names it: without its mnemonic. */
static char *
button_name (GtkWidget *button)
{
  g_autofree char *label = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
  char *out = label;

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '_')
        continue;
      *out++ = *p;
      if (*p == '_')
        p++;   /* «__» is one «_» */
    }
  *out = '\0';
  return g_steal_pointer (&label);
}

static void
run_preview (AnnalistImportAssistant *self)
{
  AnnalistImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  guint n_new = 0, n_same = 0, n_errors = 0;
  g_autoptr(GString) description = g_string_new (NULL);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  /* Not in the middle of a run over the whole file: the mapping cannot
   * change then, and runs do not nest. */
  if (annalist_import_progress_is_running (self->progress))
    return;
  g_array_set_size (self->preview, 0);
  clear_list_box (self->preview_list);
  self->preview_stopped = FALSE;

  gboolean values_to_create;

  if (!annalist_import_run (self->import, ANNALIST_IMPORT_DRY_RUN, preview_row, self, &summary, NULL, &error) &&
      error != NULL)
    g_string_append (description, error->message);
  values_to_create = summary.values_to_create != NULL && summary.values_to_create->len > 0;
  annalist_import_summary_clear (&summary);

  for (guint i = 0; i < self->preview->len; i++)
    {
      PreviewRow *row = &g_array_index (self->preview, PreviewRow, i);

      n_new += row->verdict == ANNALIST_IMPORT_NEW;
      n_same += row->verdict == ANNALIST_IMPORT_SAME;
      n_errors += row->verdict == ANNALIST_IMPORT_ERROR;
    }
  if (description->len == 0)
    {
      /* Translators: the preview's counts */
      g_string_printf (description, _("New: %u · already stored: %u · in error: %u"),
                       n_new, n_same, n_errors);
      if (self->preview_stopped)
        {
          g_string_append (description, " — ");
          g_string_append_printf (description, _("the first %u rows are shown"),
                                  (guint) ANNALIST_IMPORT_PREVIEW_ROWS);
        }
      /* The core's sentence only says a value is not in its
       * dictionary: how to add it is this window's to say. */
      if (values_to_create)
        {
          g_autofree char *button = button_name (self->import_button);

          g_string_append (description, "\n");
          /* Translators: %s is the name of the button «Import» */
          g_string_append_printf (description, _("Values not in their dictionaries can be added: "
                                                 "press «%s» and confirm."), button);
        }
    }
  adw_preferences_group_set_description (self->preview_group, description->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_list),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_list), self->preview->len > 0);
}

static gboolean
preview_due (gpointer user_data)
{
  AnnalistImportAssistant *self = user_data;

  self->preview_source = 0;
  run_preview (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (AnnalistImportAssistant *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_due, self);
}

/* The source step ---------------------------------------------------------------------- */

static void
show_error (AnnalistImportAssistant *self,
            const char              *heading,
            const char              *sentence)
{
  annalist_ui_show_error (GTK_WIDGET (self), heading, sentence);
}

static void
csv_option_chosen (AdwComboRow             *row,
                   GParamSpec              *pspec,
                   AnnalistImportAssistant *self)
{
  AnnalistCsvOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  guint s = adw_combo_row_get_selected (self->separator_row);
  guint e = adw_combo_row_get_selected (self->encoding_row);

  if (self->updating || !annalist_import_get_csv_options (self->import, &options))
    return;
  if (s < G_N_ELEMENTS (separators))
    options.separator = separators[s];
  if (self->path != NULL && e < G_N_ELEMENTS (encodings))
    options.encoding = encodings[e];
  if (!annalist_import_set_csv_options (self->import, &options, &error))
    {
      show_error (self, _("The File Cannot Be Read So"), error->message);
      return;
    }
  apply_remembered (self);
  source_changed (self);
}

static void
sheet_chosen (AdwComboRow             *row,
              GParamSpec              *pspec,
              AnnalistImportAssistant *self)
{
  guint s = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;
  AnnalistImport *import;

  if (self->updating || self->sheets == NULL || s >= g_strv_length (self->sheets))
    return;
  import = annalist_import_new_for_file (self->store, self->kind, self->path, NULL,
                                         self->sheets[s], &error);
  if (import == NULL)
    {
      show_error (self, _("The Sheet Cannot Be Read"), error->message);
      return;
    }
  annalist_import_free (self->import);
  self->import = import;
  apply_remembered (self);
  source_changed (self);
}

static void
fill_source (AnnalistImportAssistant *self)
{
  AnnalistCsvOptions options = { 0 };
  gboolean csv = annalist_import_get_csv_options (self->import, &options);

  self->updating = TRUE;
  if (self->path != NULL)
    {
      g_autofree char *name = g_filename_display_basename (self->path);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
      adw_action_row_set_subtitle (self->file_row, _("File"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("Pasted rows"));
      adw_action_row_set_subtitle (self->file_row, _("From the clipboard"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->separator_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), csv && self->path != NULL);
  if (csv)
    {
      for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
        if (options.separator == separators[i])
          adw_combo_row_set_selected (self->separator_row, i);
      for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
        if (options.encoding != NULL && g_ascii_strncasecmp (options.encoding, encodings[i],
                                                             strlen (encodings[i])) == 0)
          adw_combo_row_set_selected (self->encoding_row, i);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), FALSE);
  if (!csv && self->path != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->sheets = annalist_sheet_source_list_sheets (self->path, &error);
      if (self->sheets != NULL)
        {
          g_autoptr(GtkStringList) names = gtk_string_list_new ((const char * const *) self->sheets);

          adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (names));
          adw_combo_row_set_selected (self->sheet_row, 0);
          gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), TRUE);
        }
    }
  self->updating = FALSE;
}

/* Steps ----------------------------------------------------------------------------------- */

static const char *step_names[] = { "source", "mapping", "progress" };

/* 2: the progress of a run, or what became of it. */
static void
show_step (AnnalistImportAssistant *self,
           guint                    step)
{
  g_assert (step < G_N_ELEMENTS (step_names));

  if (step == 2)
    gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);
  if (step != 2)
    gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_set_visible (self->back_button, step >= 1);
  gtk_widget_set_visible (self->next_button, step == 0);
  gtk_widget_set_visible (self->import_button, step == 1);
  if (step == 1)
    run_preview (self);
}

static void
next_clicked (AnnalistImportAssistant *self)
{
  show_step (self, 1);
}

static void
back_clicked (AnnalistImportAssistant *self)
{
  show_step (self, annalist_import_assistant_get_step (self) == 2 ? 1 : 0);
}

/* Runs over the whole file ------------------------------------------------------------- */

static void
set_controls_sensitive (AnnalistImportAssistant *self,
                        gboolean                 sensitive)
{
  gtk_widget_set_sensitive (self->back_button, sensitive);
  gtk_widget_set_sensitive (self->next_button, sensitive);
  gtk_widget_set_sensitive (self->import_button, sensitive);
  gtk_window_set_deletable (GTK_WINDOW (self), sensitive);
}

/* annalist_import_run () over the whole file with @flags, the step
 * showing its progress under @title and a «Cancel». FALSE with @error
 * as the run gives it (G_IO_ERROR_CANCELLED when cancelled). */
static gboolean
run_with_progress (AnnalistImportAssistant *self,
                   const char              *title,
                   AnnalistImportFlags      flags,
                   AnnalistImportSummary   *summary,
                   GError                 **error)
{
  g_autoptr(AnnalistImportAssistant) hold = g_object_ref (self);
  gboolean ok;

  /* The main loop turns during the run: nothing may start another. */
  g_clear_handle_id (&self->preview_source, g_source_remove);
  show_step (self, 2);
  set_controls_sensitive (self, FALSE);
  ok = annalist_import_progress_run (self->progress, self->import, title, flags, summary, error);
  set_controls_sensitive (self, TRUE);
  return ok;
}

/* A run that failed: cancelled, or a sentence over the mapping step. */
static void
run_failed (AnnalistImportAssistant *self,
            const GError            *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      annalist_import_progress_show_cancelled (self->progress);
      show_step (self, 2);
      return;
    }
  show_step (self, 1);
  show_error (self, _("Nothing Was Imported"), error->message);
}

/* Closing the window (Escape, the window manager) during a run cancels
 * it; the window stays to say so. */
static gboolean
close_requested (AnnalistImportAssistant *self)
{
  if (!annalist_import_progress_is_running (self->progress))
    return FALSE;
  annalist_import_progress_cancel (self->progress);
  return TRUE;
}

/* Importing --------------------------------------------------------------------------------- */

typedef struct
{
  AnnalistStore *store;
  gint64         set_id;
  GtkWindow     *parent;
} UndoImport;

static void
undo_import_free (gpointer data,
                  GClosure *closure)
{
  UndoImport *undo = data;

  g_object_unref (undo->store);
  g_clear_weak_pointer (&undo->parent);
  g_free (undo);
}

static void
undo_clicked (AdwToast   *toast,
              UndoImport *undo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (!annalist_store_undo (undo->store, undo->set_id, &label, &error) && undo->parent != NULL)
    annalist_ui_show_error (GTK_WIDGET (undo->parent), _("The Import Cannot Be Undone"),
                            error->message);
}

static gboolean
close_later (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
imported (AnnalistImportAssistant     *self,
          const AnnalistImportSummary *summary)
{
  AdwToast *toast = adw_toast_new_format (_("Records imported: %u"), summary->n_written);

  remember_mapping (self);

  if (summary->n_written > 0)
    {
      UndoImport *undo = g_new0 (UndoImport, 1);

      undo->store = g_object_ref (self->store);
      undo->set_id = annalist_store_last_change (self->store);
      g_set_weak_pointer (&undo->parent, self->parent);
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked), undo,
                             undo_import_free, 0);
    }
  if (self->parent != NULL && ANNALIST_IS_WINDOW (self->parent))
    annalist_window_add_toast (ANNALIST_WINDOW (self->parent), toast);
  else if (self->parent != NULL)
    annalist_ui_add_toast (GTK_WIDGET (self->parent), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
  /* Closed once the dialog that asked (transient for this window) is gone. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_later, g_object_ref (self), g_object_unref);
}

static void
import_now (AnnalistImportAssistant *self,
            AnnalistImportFlags      flags)
{
  AnnalistImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;

  if (!run_with_progress (self, _("Importing the Rows"), flags, &summary, &error))
    {
      run_failed (self, error);
      annalist_import_summary_clear (&summary);
      return;
    }
  imported (self, &summary);
  annalist_import_summary_clear (&summary);
}

static void check_errors_then_import (AnnalistImportAssistant *self,
                                      AnnalistImportFlags      flags,
                                      AnnalistImportSummary   *checked);

/* A run a dialog's answer starts: once the dialog is gone, so that it
 * does not stand over the progress and its «Cancel». */
typedef struct
{
  AnnalistImportAssistant *self;
  AnnalistImportFlags      flags;
  gboolean                 check;    /* check the rows first */
} RunLater;

static gboolean
run_later (gpointer data)
{
  RunLater *later = data;

  if (later->check)
    check_errors_then_import (later->self, later->flags, NULL);
  else
    import_now (later->self, later->flags);
  return G_SOURCE_REMOVE;
}

static void
run_later_free (gpointer data)
{
  RunLater *later = data;

  g_object_unref (later->self);
  g_free (later);
}

static void
schedule_run (AnnalistImportAssistant *self,
              AnnalistImportFlags      flags,
              gboolean                 check)
{
  RunLater *later = g_new0 (RunLater, 1);

  later->self = g_object_ref (self);
  later->flags = flags;
  later->check = check;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_later, later, run_later_free);
}

static void
skip_bad_answered (AdwMessageDialog        *dialog,
                   const char              *response,
                   AnnalistImportAssistant *self)
{
  AnnalistImportFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "flags"));

  if (g_str_equal (response, "skip-bad"))
    schedule_run (self, flags | ANNALIST_IMPORT_SKIP_BAD, FALSE);
}

/* The whole file's verdicts with @flags: rows in error are left out only
 * when the user says so. */
static void
check_errors_then_import (AnnalistImportAssistant *self,
                          AnnalistImportFlags      flags,
                          AnnalistImportSummary   *checked)
{
  AnnalistImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  /* @checked: the whole file's verdicts with @flags, already known. */
  if (checked != NULL)
    summary = *checked, *checked = (AnnalistImportSummary) { 0 };
  else if (!run_with_progress (self, _("Checking the Rows"), flags | ANNALIST_IMPORT_DRY_RUN, &summary, &error))
    {
      run_failed (self, error);
      annalist_import_summary_clear (&summary);
      return;
    }
  if (summary.n_errors == 0)
    {
      annalist_import_summary_clear (&summary);
      import_now (self, flags);
      return;
    }
  show_step (self, 1);
  body = g_strdup_printf (_("Rows in error: %u of %u. Nothing is imported while they are in "
                            "error; without them, new records imported: %u."),
                          summary.n_errors, summary.n_rows, summary.n_new);
  annalist_import_summary_clear (&summary);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Some Rows Are in Error"),
                                                       body));
  annalist_ui_dialog_add_answer (dialog, "skip-bad", _("Import Only the Rows Without Errors"),
                                 ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "flags", GUINT_TO_POINTER (flags));
  g_signal_connect_object (dialog, "response", G_CALLBACK (skip_bad_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
create_values_answered (AdwMessageDialog        *dialog,
                        const char              *response,
                        AnnalistImportAssistant *self)
{
  if (g_str_equal (response, "create"))
    schedule_run (self, ANNALIST_IMPORT_CREATE_VALUES, TRUE);
}

static void
import_clicked (AnnalistImportAssistant *self)
{
  AnnalistImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = NULL;
  AdwMessageDialog *dialog;

  /* One pass when every row is good: the import itself. A row in error
   * leaves nothing written, and that run's verdicts say what to ask. */
  if (run_with_progress (self, _("Importing the Rows"), 0, &summary, &error))
    {
      imported (self, &summary);
      annalist_import_summary_clear (&summary);
      return;
    }
  if (!summary.read_whole || summary.n_errors == 0)
    {
      run_failed (self, error);
      annalist_import_summary_clear (&summary);
      return;
    }
  if (summary.values_to_create == NULL || summary.values_to_create->len == 0)
    {
      check_errors_then_import (self, 0, &summary);
      return;
    }
  show_step (self, 1);
  body = g_string_new (_("These values match nothing in their dictionaries and will be added:"));
  for (guint i = 0; i < summary.values_to_create->len; i++)
    g_string_append_printf (body, "\n%s", (const char *) g_ptr_array_index (summary.values_to_create, i));
  annalist_import_summary_clear (&summary);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Add Values to the Dictionaries?"),
                                                       body->str));
  annalist_ui_dialog_add_answer (dialog, "create", _("_Add and Import"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (create_values_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window --------------------------------------------------------------------------------- */

static GtkWidget *
scrolled_page (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static AdwComboRow *
combo_row (const char        *title,
           const char *const *items,
           guint              n_items,
           gboolean           translate)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (list, translate ? _(items[i]) : items[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  return row;
}

static void
annalist_import_assistant_finalize (GObject *object)
{
  AnnalistImportAssistant *self = ANNALIST_IMPORT_ASSISTANT (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_pointer (&self->import, annalist_import_free);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sheets, g_strfreev);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preview, g_array_unref);
  G_OBJECT_CLASS (annalist_import_assistant_parent_class)->finalize (object);
}

static void
annalist_import_assistant_dispose (GObject *object)
{
  AnnalistImportAssistant *self = ANNALIST_IMPORT_ASSISTANT (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  G_OBJECT_CLASS (annalist_import_assistant_parent_class)->dispose (object);
}

static void
annalist_import_assistant_class_init (AnnalistImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_import_assistant_dispose;
  object_class->finalize = annalist_import_assistant_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
annalist_import_assistant_init (AnnalistImportAssistant *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *source_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *mapping_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  AdwPreferencesGroup *source_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char *progress_name;

  self->column_rows = g_ptr_array_new ();
  self->preview = g_array_new (FALSE, TRUE, sizeof (PreviewRow));
  g_array_set_clear_func (self->preview, preview_row_clear);

  gtk_window_set_default_size (GTK_WINDOW (self), 760, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Import"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->back_button = gtk_button_new_with_mnemonic (_("_Back"));
  self->next_button = gtk_button_new_with_mnemonic (_("_Next"));
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->next_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked), self);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_requested), NULL);
  gtk_box_append (GTK_BOX (box), header);

  /* The source. */
  adw_preferences_group_set_title (source_group, _("Source"));
  adw_preferences_group_set_description (source_group,
                                         _("The first non-empty row is the header. Check how "
                                           "the file was read, then go on to the columns."));
  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->file_row), FALSE);
  adw_action_row_add_prefix (self->file_row, annalist_ui_decoration ("x-office-spreadsheet-symbolic"));
  adw_preferences_group_add (source_group, GTK_WIDGET (self->file_row));
  self->sheet_row = combo_row (_("Sheet"), NULL, 0, FALSE);
  self->separator_row = combo_row (_("Separator"), separator_names, G_N_ELEMENTS (separator_names), TRUE);
  self->encoding_row = combo_row (_("Encoding"), encodings, G_N_ELEMENTS (encodings), FALSE);
  adw_preferences_group_add (source_group, GTK_WIDGET (self->sheet_row));
  adw_preferences_group_add (source_group, GTK_WIDGET (self->separator_row));
  adw_preferences_group_add (source_group, GTK_WIDGET (self->encoding_row));
  g_signal_connect_object (self->sheet_row, "notify::selected", G_CALLBACK (sheet_chosen), self, 0);
  g_signal_connect_object (self->separator_row, "notify::selected", G_CALLBACK (csv_option_chosen), self, 0);
  g_signal_connect_object (self->encoding_row, "notify::selected", G_CALLBACK (csv_option_chosen), self, 0);
  gtk_box_append (GTK_BOX (source_box), GTK_WIDGET (source_group));

  /* The columns and the preview. */
  self->columns_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->columns_group, _("Columns"));
  adw_preferences_group_set_description (self->columns_group,
                                         _("The field each column of the source goes to, "
                                           "guessed from the header."));
  self->preview_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->preview_group, _("Preview"));
  self->preview_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->preview_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_list), "boxed-list");
  /* Not one of the group's rows, so not named by its title: named here,
   * and described by the counts (run_preview ()). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"), -1);
  adw_preferences_group_add (self->preview_group, GTK_WIDGET (self->preview_list));
  gtk_box_append (GTK_BOX (mapping_box), GTK_WIDGET (self->columns_group));
  gtk_box_append (GTK_BOX (mapping_box), GTK_WIDGET (self->preview_group));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  /* Titled for a screen reader, which GTK 4.8 would tell the panels'
   * types; the progress is shown only as the step it is (show_step ()). */
  gtk_stack_add_titled (self->stack, scrolled_page (source_box), "source", _("Source"));
  gtk_stack_add_titled (self->stack, scrolled_page (mapping_box), "mapping", _("Columns"));
  self->progress = ANNALIST_IMPORT_PROGRESS (annalist_import_progress_new ());
  progress_name = _("Importing the Rows");
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->progress), "progress", progress_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  progress_name, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

AnnalistImportAssistant *
annalist_import_assistant_new (GtkWindow      *parent,
                               AnnalistStore  *store,
                               AnnalistImport *import,
                               const char     *path)
{
  AnnalistImportAssistant *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (import != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_IMPORT_ASSISTANT, NULL);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      g_set_weak_pointer (&self->parent, parent);
    }
  self->store = g_object_ref (store);
  self->import = import;
  self->kind = annalist_import_get_kind (import);
  self->path = g_strdup (path);
  /* Translators: the assistant's title; %s is the kind («Events») */
  title = g_strdup_printf (_("Import: %s"), _(self->kind->label));
  adw_window_title_set_title (self->title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  fill_source (self);
  apply_remembered (self);
  build_column_rows (self);
  show_step (self, 0);
  return self;
}

/* Entry points ------------------------------------------------------------------------------- */

static const AnnalistFileType source_types[] = {
  { N_("Tables (.csv, .tsv, .txt, .ods, .xlsx)"), "*.csv;*.tsv;*.txt;*.ods;*.xlsx",
    "text/csv;text/tab-separated-values;text/plain;application/vnd.oasis.opendocument.spreadsheet;"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv" },
  { N_("Comma-separated values (.csv, .tsv, .txt)"), "*.csv;*.tsv;*.txt",
    "text/csv;text/tab-separated-values;text/plain", ".csv" },
  { N_("OpenDocument spreadsheet (.ods)"), "*.ods", "application/vnd.oasis.opendocument.spreadsheet",
    ".ods" },
  { N_("Excel workbook (.xlsx)"), "*.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx" },
};

/* What the file dialog or the clipboard answers for: where, into what. */
typedef struct
{
  GtkWidget          *parent;   /* for the clipboard's answer; NULL for a file's */
  AnnalistStore      *store;
  const AnnalistKind *kind;
} Request;

static Request *
request_new (GtkWidget          *parent,
             AnnalistStore      *store,
             const AnnalistKind *kind)
{
  Request *request = g_new0 (Request, 1);

  request->parent = parent != NULL ? g_object_ref (parent) : NULL;
  request->store = g_object_ref (store);
  request->kind = kind;
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->parent);
  g_object_unref (request->store);
  g_free (request);
}

static void
present_assistant (GtkWidget      *parent,
                   AnnalistStore  *store,
                   AnnalistImport *import,
                   const char     *path)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  AnnalistImportAssistant *self =
    annalist_import_assistant_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store, import, path);

  /* Its buttons with mnemonics read «Next», not «_Next Next» (GTK 4.8). */
  annalist_ui_present (GTK_WINDOW (self));
}

static void
file_chosen (GObject *owner,
             GFile   *file,
             gpointer user_data)
{
  Request *request = user_data;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;
  AnnalistImport *import;

  if (file == NULL)
    {
      request_free (request);
      return;
    }
  import = path ? annalist_import_new_for_file (request->store, request->kind, path, NULL, NULL,
                                                &error)
                : NULL;
  if (import == NULL)
    annalist_ui_show_error (GTK_WIDGET (owner), _("The File Cannot Be Imported"),
                            error ? error->message : _("Only a local file can be imported."));
  else
    present_assistant (GTK_WIDGET (owner), request->store, import, path);
  request_free (request);
}

void
annalist_import_assistant_choose_file (GtkWidget          *parent,
                                       AnnalistStore      *store,
                                       const AnnalistKind *kind)
{
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (kind != NULL);

  request = request_new (NULL, store, kind);
  annalist_file_dialog_open (parent, _("Import Records"), _("_Open"), source_types,
                             G_N_ELEMENTS (source_types), G_OBJECT (parent), file_chosen, request);
}

static void
text_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *paste = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  AnnalistImport *import = NULL;

  g_clear_error (&error);
  /* Not stripped: a last row's empty cells are tabs at its end. */
  if (text == NULL || text[strspn (text, " \t\r\n")] == '\0')
    annalist_ui_show_error (paste->parent, _("Nothing to Paste"),
                            _("The clipboard holds no rows of text: copy rows with their header "
                              "row in a spreadsheet or a table first."));
  else if ((import = annalist_import_new_for_text (paste->store, paste->kind, text, NULL, &error)) == NULL)
    annalist_ui_show_error (paste->parent, _("The Rows Cannot Be Imported"), error->message);
  else
    present_assistant (paste->parent, paste->store, import, NULL);
  request_free (paste);
}

void
annalist_import_assistant_paste (GtkWidget          *parent,
                                 AnnalistStore      *store,
                                 const AnnalistKind *kind)
{
  Request *paste;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (kind != NULL);

  paste = request_new (parent, store, kind);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (parent), NULL, text_read, paste);
}

static gboolean
drop_file (GtkDropTarget *target,
           const GValue  *value,
           double         x,
           double         y,
           Request       *request)
{
  GtkWidget *page = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  g_autoptr(GFile) file = annalist_ui_dropped_file (page, value, _("The File Cannot Be Imported"));

  if (file == NULL)
    return FALSE;
  file_chosen (G_OBJECT (page), file, request_new (NULL, request->store, request->kind));
  return TRUE;
}

void
annalist_import_assistant_take_drops (GtkWidget          *page,
                                      AnnalistStore      *store,
                                      const AnnalistKind *kind)
{
  /* A file manager's files arrive as a list (through the portal in Flatpak). */
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (kind != NULL);

  g_signal_connect_data (target, "drop", G_CALLBACK (drop_file), request_new (NULL, store, kind),
                         (GClosureNotify) (void (*) (void)) request_free, 0);
  gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (target));
}

/* For the tests --------------------------------------------------------------------------------- */

AnnalistImport *
annalist_import_assistant_get_import (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), NULL);
  return self->import;
}

guint
annalist_import_assistant_get_step (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), 0);
  for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
    if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), step_names[i]))
      return i;
  g_assert_not_reached ();
}

GtkProgressBar *
annalist_import_assistant_get_progress_bar (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), NULL);
  return annalist_import_progress_get_bar (self->progress);
}

gboolean
annalist_import_assistant_is_running (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), FALSE);
  return annalist_import_progress_is_running (self->progress);
}

AdwComboRow *
annalist_import_assistant_get_column_row (AnnalistImportAssistant *self,
                                          guint                    column)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), NULL);
  return column < self->column_rows->len ? g_ptr_array_index (self->column_rows, column) : NULL;
}

AdwComboRow *
annalist_import_assistant_get_separator_row (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->separator_row)) ? self->separator_row : NULL;
}

AdwComboRow *
annalist_import_assistant_get_sheet_row (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->sheet_row)) ? self->sheet_row : NULL;
}

gboolean
annalist_import_assistant_preview_pending (AnnalistImportAssistant *self)
{
  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), FALSE);
  return self->preview_source != 0;
}

void
annalist_import_assistant_get_counts (AnnalistImportAssistant *self,
                                      guint                   *n_new,
                                      guint                   *n_same,
                                      guint                   *n_errors,
                                      guint                   *n_shown)
{
  guint counts[3] = { 0, 0, 0 };

  g_return_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self));

  for (guint i = 0; i < self->preview->len; i++)
    counts[g_array_index (self->preview, PreviewRow, i).verdict]++;
  if (n_new)
    *n_new = counts[ANNALIST_IMPORT_NEW];
  if (n_same)
    *n_same = counts[ANNALIST_IMPORT_SAME];
  if (n_errors)
    *n_errors = counts[ANNALIST_IMPORT_ERROR];
  if (n_shown)
    *n_shown = self->preview->len;
}

gboolean
annalist_import_assistant_get_preview_row (AnnalistImportAssistant *self,
                                           guint                    index,
                                           guint                   *line,
                                           AnnalistImportVerdict   *verdict,
                                           const char             **message)
{
  PreviewRow *row;

  g_return_val_if_fail (ANNALIST_IS_IMPORT_ASSISTANT (self), FALSE);

  if (index >= self->preview->len)
    return FALSE;
  row = &g_array_index (self->preview, PreviewRow, index);
  if (line)
    *line = row->line;
  if (verdict)
    *verdict = row->verdict;
  if (message)
    *message = row->message;
  return TRUE;
}
