/* window-test.c — the harness of the ui test programs
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the application on a temporary database, runs the tests from its
 * "activate" and removes the database; and the helpers the tests share to
 * wait for the main loop and to find and drive windows, dialogs and forms.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "annalist-application.h"
#include "annalist-documents-page.h"
#include "annalist-file-dialog.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"

#include "window-test.h"

AnnalistWindow *window;
char *test_dir;

static char *database;
static void (*started_func) (void);
static int test_status;

/* Running --------------------------------------------------------------------------- */

/*
 * libadwaita 1.6 and newer (the Flatpak runtime's 1.7) warn «Trying to
 * measure GtkLabel … for width of 100, but it needs at least …» (and the
 * same of the AdwMessageDialog itself, for its height) when an
 * AdwMessageDialog is shown (the form's «Save the Changes?», a template's
 * «Rename»): the dialog measures its own heading too narrow. It is
 * libadwaita's (a program of a dozen lines that only shows such a dialog
 * over a second window warns the same) and deprecated there for
 * AdwAlertDialog (1.5, newer than Debian 12's 1.2). That one warning, only
 * while a message dialog is there, only there, does not fail the tests;
 * every other warning still does.
 */
static gboolean
message_dialog_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) shown = g_list_model_get_item (toplevels, i);

      /* (Not yet visible when it is measured for gtk_widget_show ().) */
      if (ADW_IS_MESSAGE_DIALOG (shown))
        return TRUE;
    }
  return FALSE;
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (adw_get_minor_version () >= 6 && (log_level & G_LOG_LEVEL_WARNING) != 0 &&
      g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "Trying to measure ") && message_dialog_shown ())
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
window_test_init (int          *argc,
                  char       ***argv,
                  const char   *name,
                  gboolean      sample)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("annalist-%s-XXXXXX", name);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_PO_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("GTK_A11Y", "none", FALSE);

  test_dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  database = g_build_filename (test_dir, "district.db", NULL);
  /* The day's backup that the window makes goes with the test's folder. */
  {
    g_autofree char *data = g_build_filename (test_dir, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  if (sample)
    {
      g_assert_true (annalist_sample_create (database, 1, &error));
      g_assert_no_error (error);
    }
  else
    {
      /* The window does not create a database at a --database path
       * that is not there: an empty one is made here, as «New
       * Database…» makes it. */
      g_autoptr(AnnalistStore) store = annalist_store_create (database, &error);

      g_assert_no_error (error);
      annalist_store_close (store);
    }
}

static void
activated (GApplication *application)
{
  window = ANNALIST_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  if (started_func != NULL)
    started_func ();
  test_status = g_test_run ();

  g_application_quit (application);
}

/* Whether a descriptor of this process is open on @path. */
static gboolean
file_is_open (const char *path)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (fds != NULL && (name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_equal (target, path))
        return TRUE;
    }
  return FALSE;
}

int
window_test_run (void (*started) (void))
{
  g_autoptr(AnnalistApplication) application = annalist_application_new ();
  g_autofree char *option = g_strconcat ("--database=", database, NULL);
  char *app_argv[] = { (char *) "annalist", option, NULL };

  started_func = started;
  g_signal_connect_after (application, "activate", G_CALLBACK (activated), NULL);
  g_application_run (G_APPLICATION (application), 2, app_argv);

  /* Quitting closed the database: nothing of this process has it open
   * (the application object itself is still alive here). */
  if (file_is_open (database))
    {
      g_printerr ("Bail out! the database is still open after the quit\n");
      test_status = 1;
    }

  {
    g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (test_dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (test_dir);
  }
  g_clear_pointer (&test_dir, g_free);
  g_clear_pointer (&database, g_free);
  return test_status;
}

/* Waiting --------------------------------------------------------------------------- */

void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
wait_frames (GtkWidget *widget,
             guint      n)
{
  for (guint i = 0; i < n; i++)
    gtk_test_widget_wait_for_draw (widget);
  iterate ();
}

gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

gboolean
wait_for_active (GtkWindow *toplevel)
{
  gtk_window_present (toplevel);
  return wait_for (window_active, toplevel);
}

/* Windows and widgets --------------------------------------------------------------- */

gpointer
find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

gboolean
window_shown (gpointer type)
{
  return find_window ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

GtkWidget *
find_window_named (const char *name)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && g_strcmp0 (gtk_widget_get_name (l->data), name) == 0)
      return l->data;
  return NULL;
}

gboolean
window_named_shown (gpointer name)
{
  return find_window_named (name) != NULL;
}

gboolean
window_gone (gpointer widget)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_find (toplevels, widget) == NULL || !gtk_widget_get_visible (widget);
}

GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget, gpointer data),
             gpointer   data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
is_mapped_check (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

gboolean
has_mapped_check (gpointer root)
{
  return find_widget (GTK_WIDGET (root), is_mapped_check, NULL) != NULL;
}

static gboolean
is_of_type (GtkWidget *widget,
            gpointer   type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  return find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return find_widget (root, is_button_labelled, (gpointer) label);
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("ANNALIST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    return;
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  path = g_build_filename (dir, name, NULL);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

/* Pages and documents --------------------------------------------------------------- */

AnnalistListPage *
list_page (void)
{
  GtkWidget *page = annalist_window_get_page (window);

  g_assert_true (ANNALIST_IS_LIST_PAGE (page));
  return ANNALIST_LIST_PAGE (page);
}

AnnalistDocumentsPage *
documents_page (void)
{
  GtkWidget *page = annalist_window_get_page (window);

  g_assert_true (ANNALIST_IS_DOCUMENTS_PAGE (page));
  return ANNALIST_DOCUMENTS_PAGE (page);
}


gboolean
file_written (gpointer path)
{
  GtkWidget *page = annalist_window_get_page (window);
  AnnalistExporter *exporter = ANNALIST_IS_DOCUMENTS_PAGE (page)
                               ? annalist_documents_page_get_exporter (ANNALIST_DOCUMENTS_PAGE (page))
                               : NULL;

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
         (exporter == NULL || !annalist_exporter_get_busy (exporter));
}

void
export_row (AdwActionRow *row,
            const char   *path)
{
  g_autoptr(GFile) target = g_file_new_for_path (path);
  GtkWidget *button;

  annalist_file_dialog_set_test_answer (TRUE, target);
  button = find_button (GTK_WIDGET (row), "Export…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (wait_for (file_written, (gpointer) path));
}

/* Dialogs --------------------------------------------------------------------------- */

AdwMessageDialog *
wait_for_dialog (void)
{
  AdwMessageDialog *dialog;

  g_assert_true (wait_for (window_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  dialog = find_window (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

typedef struct
{
  const char       *heading;
  AdwMessageDialog *dialog;
} DialogWanted;

static gboolean
dialog_shown (gpointer data)
{
  DialogWanted *wanted = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), wanted->heading) == 0)
      {
        wanted->dialog = l->data;
        return TRUE;
      }
  return FALSE;
}

GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

gboolean
drop_files (GtkWidget *widget,
            GSList    *files,
            double     x,
            double     y)
{
  GtkDropTarget *target = find_drop_target (widget);
  g_auto(GValue) value = G_VALUE_INIT;
  GdkDragAction action = GDK_ACTION_COPY;
  gboolean taken = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  /* A target that says nothing of its motion takes its actions. */
  if (g_signal_has_handler_pending (target, g_signal_lookup ("motion", GTK_TYPE_DROP_TARGET), 0, TRUE))
    g_signal_emit_by_name (target, "motion", x, y, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (target, "drop", &value, x, y, &taken);
  return taken;
}

AdwMessageDialog *
wait_for_dialog_headed (const char *heading)
{
  DialogWanted wanted = { heading, NULL };

  if (!wait_for (dialog_shown, &wanted))
    g_error ("No dialog “%s”", heading);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wanted.dialog));
  return wanted.dialog;
}

void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog),
                                   adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (wait_for (window_gone, dialog));
}

/* Forms ----------------------------------------------------------------------------- */

static AnnalistEditor *
find_editor (AnnalistEditor *except)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ANNALIST_IS_EDITOR (l->data) && l->data != except && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
editor_shown (gpointer except)
{
  return find_editor (except) != NULL;
}

AnnalistEditor *
wait_for_editor (AnnalistEditor *except)
{
  AnnalistEditor *editor;

  g_assert_true (wait_for (editor_shown, except));
  editor = find_editor (except);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  return editor;
}

void
type_into (AnnalistEditor *editor,
           const char     *column,
           const char     *text)
{
  GtkWidget *input = annalist_editor_get_input (editor, column);

  g_assert_nonnull (input);
  if (GTK_IS_TEXT_VIEW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (input), text);
  iterate ();
}

void
choose_in_combo (AnnalistEditor *editor,
                 const char     *column,
                 guint           position)
{
  GtkWidget *input = annalist_editor_get_input (editor, column);

  g_assert_true (ADW_IS_COMBO_ROW (input));
  adw_combo_row_set_selected (ADW_COMBO_ROW (input), position);
  iterate ();
}

gboolean
can_save (AnnalistEditor *editor)
{
  /* Save is never greyed out: pressed on a form the store would refuse,
   * it says what is missing. */
  return gtk_widget_get_sensitive (annalist_editor_get_save_button (editor)) &&
         annalist_editor_is_valid (editor);
}

void
save_editor (AnnalistEditor *editor)
{
  g_assert_true (can_save (editor));
  gtk_widget_activate (annalist_editor_get_save_button (editor));

  g_assert_true (wait_for (window_gone, editor));
}

/* The clipboard ------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
text_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

char *
clipboard_text (void)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 text_read, &read);
  g_assert_true (wait_for (clipboard_read, &read));
  return read.text;
}

/* Labels -------------------------------------------------------------------------- */

gboolean
is_label_saying (GtkWidget *widget,
                 gpointer   text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

gboolean
toast_says (gpointer data)
{
  /* A toast is a label inside the overlay: look for its text. */
  return find_widget (GTK_WIDGET (window), is_label_saying, data) != NULL;
}

gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkEventController *keys = NULL;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        keys = controller;
    }
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

/* The key controllers of @widget in @phase; whether one handled @keyval. */
static gboolean
controllers_take (GtkWidget           *widget,
                  GtkPropagationPhase  phase,
                  guint                keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;
      /* GTK's own controllers (a search bar's, a search entry's, which
       * forward the key elsewhere) need a real event: only the
       * application's, each named, are asked here. */
      if (gtk_event_controller_get_name (controller) == NULL)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      if (handled)
        return TRUE;
    }
  return FALSE;
}

gboolean
press_key_on_focus (GtkWidget *widget,
                    guint      keyval)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (path, w);
  for (guint i = path->len; i > 0; i--)
    if (controllers_take (g_ptr_array_index (path, i - 1), GTK_PHASE_CAPTURE, keyval))
      return TRUE;
  for (guint i = 0; i < path->len; i++)
    if (controllers_take (g_ptr_array_index (path, i), GTK_PHASE_BUBBLE, keyval))
      return TRUE;
  /* Nothing took Enter: the window activates its default widget, as
   * GtkWindow's key bindings do. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && root != NULL)
    return gtk_widget_activate_action (GTK_WIDGET (root), "default.activate", NULL);
  return FALSE;
}

static gboolean
is_related_list_of (GtkWidget *widget,
                    gpointer   kind_name)
{
  return ANNALIST_IS_RELATED_LIST (widget) &&
         g_str_equal (annalist_related_list_get_kind (ANNALIST_RELATED_LIST (widget))->name,
                      kind_name);
}

AnnalistRelatedList *
find_related_list (GtkWidget  *root,
                   const char *kind_name)
{
  GtkWidget *list = find_widget (root, is_related_list_of, (gpointer) kind_name);

  return list != NULL ? ANNALIST_RELATED_LIST (list) : NULL;
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWanted;

static gboolean
size_is (gpointer data)
{
  SizeWanted *wanted = data;

  return ABS (gtk_widget_get_width (wanted->widget) - wanted->width) <= 10 &&
         ABS (gtk_widget_get_height (wanted->widget) - wanted->height) <= 10;
}

void
wait_for_size (GtkWindow *toplevel,
               int        width,
               int        height)
{
  SizeWanted wanted = { GTK_WIDGET (toplevel), width, height };

  gtk_window_set_default_size (toplevel, width, height);
  if (!wait_for (size_is, &wanted))
    g_test_message ("The %s is %d×%d, not %d×%d", G_OBJECT_TYPE_NAME (toplevel),
                    gtk_widget_get_width (GTK_WIDGET (toplevel)),
                    gtk_widget_get_height (GTK_WIDGET (toplevel)), width, height);
}

GtkWidget *
focused_cell (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (focus == NULL || GTK_IS_ENTRY (focus))
    return focus;
  return gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
}

gint64
window_db_number (const char *sql,
                  gint64      parameter)
{
  sqlite3 *db = annalist_store_get_db (annalist_window_get_store (window));
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, parameter);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}
