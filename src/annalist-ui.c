/* annalist-ui.c — small helpers shared by the window's widgets
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "annalist-store-private.h"
#include "annalist-ui.h"

char *
annalist_ui_record_title (AnnalistStore  *store,
                          AnnalistRecord *record)
{
  const AnnalistKind *kind = annalist_record_get_kind (record);
  const char *title = annalist_record_get_title (record);
  gint64 id = annalist_record_get_id (record);

  if (title != NULL && *title != '\0')
    return annalist_store_one_line (title);
  if (id > 0)
    {
      g_autofree char *stored = annalist_store_record_title (store, kind, id);

      if (stored != NULL && *stored != '\0')
        return annalist_store_one_line (stored);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      /* Translators: «Rating value 12»: a record without a title, by its
       * number; the first %s is the kind, the second the number */
      return g_strdup_printf (_("%s %s"), _(kind->singular), number);
    }
  return g_strdup (_(kind->singular));
}

/* GTK 4.8 names a widget by its label property and by the labels it is
 * labelled by, both: a button with a mnemonic read as “_Save Save”. (GTK
 * 4.10 takes the label property alone.) Such a button keeps only its
 * label child, which reads “Save”. */
static void
tidy_accessible_names (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    tidy_accessible_names (child);
}

/* Shows @window, its buttons named as screen readers should read them. */
void
annalist_ui_present (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  tidy_accessible_names (GTK_WIDGET (window));
  gtk_window_present (window);
}

static void
status_page_mapped (AdwStatusPage *page)
{
  const char *icon_name = g_object_get_data (G_OBJECT (page), "annalist-icon-name");

  if (g_strcmp0 (adw_status_page_get_icon_name (page), icon_name) != 0)
    adw_status_page_set_icon_name (page, icon_name);
}

/*
 * Gives @page its icon when it is shown, not before: GTK loads the icon
 * of every page at start-up, shown or not, and the theme's icons are SVG,
 * which needs librsvg — 10 ms of start-up for the welcome, error and
 * empty-list pages nobody saw.
 */
void
annalist_ui_status_page_set_icon_when_shown (AdwStatusPage *page,
                                             const char    *icon_name)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (g_object_get_data (G_OBJECT (page), "annalist-icon-later") == NULL)
    {
      g_signal_connect (page, "map", G_CALLBACK (status_page_mapped), NULL);
      g_object_set_data (G_OBJECT (page), "annalist-icon-later", GINT_TO_POINTER (TRUE));
    }
  g_object_set_data_full (G_OBJECT (page), "annalist-icon-name", g_strdup (icon_name), g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (page)))
    status_page_mapped (page);
}

void
annalist_ui_add_toast (GtkWidget *widget,
                       AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      if (root != NULL && ADW_IS_WINDOW (root))
        overlay = gtk_widget_get_first_child (GTK_WIDGET (root));
      while (overlay != NULL && !ADW_IS_TOAST_OVERLAY (overlay))
        overlay = gtk_widget_get_first_child (overlay);
    }
  if (overlay == NULL)
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
annalist_ui_show_error (GtkWidget  *widget,
                        const char *heading,
                        const char *sentence)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, sentence);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  annalist_ui_present (GTK_WINDOW (dialog));
}

void
annalist_ui_flat_icon_button (GtkWidget  *button,
                              const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (button));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

/* The one file of @value (a GdkFileList a GtkDropTarget received), or
 * NULL when several were dropped, said under @heading. */
GFile *
annalist_ui_dropped_file (GtkWidget    *widget,
                          const GValue *value,
                          const char   *heading)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  guint n = g_slist_length (files);
  GFile *file = n == 1 ? g_object_ref (files->data) : NULL;

  g_slist_free (files);
  if (file == NULL)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Drop one file at a time: %u file was dropped.",
                                                               "Drop one file at a time: %u files were dropped.",
                                                               n), n);

      annalist_ui_show_error (widget, heading, message);
    }
  return file;
}

void
annalist_ui_dialog_add_answer (AdwMessageDialog      *dialog,
                               const char            *response,
                               const char            *label,
                               AdwResponseAppearance  appearance)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_DESTRUCTIVE
                                                   ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");
}

GtkWidget *
annalist_ui_decoration (const char *icon_name)
{
  g_return_val_if_fail (icon_name != NULL, NULL);

  return g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
}

GtkWidget *
annalist_ui_boxed_list (const char *name)
{
  GtkWidget *list;

  g_return_val_if_fail (name != NULL, NULL);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* GTK 4.8 reads an unnamed list by its type («GtkListBox»). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return list;
}

void
annalist_ui_name_dropdown_button (GtkWidget  *dropdown,
                                  const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (dropdown));
  g_return_if_fail (name != NULL);

  /* GTK 4.10 and later make the dropdown itself the combo box, labelled
   * by the value it shows: read as «2022-2023, combo box», without what
   * the value is of. Its name, then its value, is what a reader wants. */
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (dropdown)) == GTK_ACCESSIBLE_ROLE_COMBO_BOX)
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (dropdown),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        {
          /* GTK 4.18 labels it by the chosen value, which a name
           * computed by ARIA's rules takes before the label. */
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (child),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        }
      else if (!GTK_IS_POPOVER (child))
        annalist_ui_name_dropdown_button (child, name);   /* GTK 4.18 puts it in a box */
    }
}

static void
revealer_folded (GtkRevealer *revealer,
                 GParamSpec  *pspec,
                 GtkWidget   *shown)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (shown, FALSE);
}

void
annalist_ui_reveal (GtkRevealer *revealer,
                    GtkWidget   *shown,
                    gboolean     reveal)
{
  g_return_if_fail (GTK_IS_REVEALER (revealer));
  g_return_if_fail (GTK_IS_WIDGET (shown));

  if (g_object_get_data (G_OBJECT (revealer), "annalist-hides-folded") == NULL)
    {
      g_signal_connect_object (revealer, "notify::child-revealed", G_CALLBACK (revealer_folded),
                               shown, 0);
      g_object_set_data (G_OBJECT (revealer), "annalist-hides-folded", GINT_TO_POINTER (TRUE));
    }
  if (reveal)
    gtk_widget_set_visible (shown, TRUE);
  gtk_revealer_set_reveal_child (revealer, reveal);
  revealer_folded (revealer, NULL, shown);
}

/* What a GtkShortcutLabel shows, as text: its accelerators' labels
 * («Ctrl+N»), alternatives with « / » between them, a range with «–». */
static char *
shortcut_text (const char *accelerator)
{
  g_auto(GStrv) alternatives = g_strsplit (accelerator, " ", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (alternatives[i], "...", 2);

      if (*alternatives[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " / ");
      for (guint j = 0; ends[j] != NULL; j++)
        {
          guint key = 0;
          GdkModifierType mods = 0;
          g_autofree char *label = NULL;

          if (j > 0)
            g_string_append (text, " – ");
          if (gtk_accelerator_parse (ends[j], &key, &mods))
            label = gtk_accelerator_get_label (key, mods);
          g_string_append (text, label != NULL ? label : ends[j]);
        }
    }
  return g_string_free (text, FALSE);
}

void
annalist_ui_name_toolkit_parts (GtkWidget  *widget,
                                const char *search_name,
                                const char *switcher_name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* Our own pages are named where they are made. */
      if (ADW_IS_PREFERENCES_PAGE (child))
        continue;
      if (GTK_IS_SHORTCUT_LABEL (child))
        {
          const char *accelerator = gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (child));
          g_autofree char *text = shortcut_text (accelerator != NULL ? accelerator : "");

          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
          continue;
        }
      /* The search field, and the header's button that shows it (an
       * icon alone). */
      if (GTK_IS_SEARCH_ENTRY (child) ||
          (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child)))))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, search_name, -1);
      if (ADW_IS_VIEW_SWITCHER (child) && switcher_name != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, switcher_name, -1);
      annalist_ui_name_toolkit_parts (child, search_name, switcher_name);
    }
}

/* A message dialog takes Enter for its default answer wherever the
 * focused widget does not take it, and a combo row does not: Enter on the
 * row would answer the dialog with its choice not made yet. */
static gboolean
combo_row_key_pressed (GtkEventControllerKey *keys,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkWidget             *row)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  return gtk_widget_activate (row);
}

void
annalist_ui_combo_row_opens_on_enter (AdwComboRow *row)
{
  GtkEventController *keys;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "annalist-combo-row-keys");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (combo_row_key_pressed), row);
  gtk_widget_add_controller (GTK_WIDGET (row), keys);
}

typedef struct
{
  GtkWidget *widget;
  char      *heading;
  char      *what;
  char      *no_handler;
} Launch;

static void
launch_free (Launch *launch)
{
  g_clear_object (&launch->widget);
  g_free (launch->heading);
  g_free (launch->what);
  g_free (launch->no_handler);
  g_free (launch);
}

char *
annalist_ui_launch_failure (const char   *what,
                            const char   *no_handler,
                            const GError *error)
{
  g_return_val_if_fail (what != NULL && no_handler != NULL && error != NULL, NULL);

  /* GIO says NOT_SUPPORTED when no application is registered for the
   * file's type or the URI's scheme, NOT_FOUND when the one registered is
   * not installed: for the user, both mean that nothing here opens it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: the first %s says what was not opened («The folder of
     * “Отчёт.odt” could not be opened»), the second why («no application for
     * opening folders was found») */
    return g_strdup_printf (_("%s: %s."), what, no_handler);
  /* Anything else is the desktop's own trouble: its words, apart. */
  return g_strdup_printf ("%s.\n\n%s", what, error->message);
}

static void
launched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Launch *launch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  /* Cancelled is the user's answer (the portal's chooser closed). */
  if (g_app_info_launch_default_for_uri_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      launch_free (launch);
      return;
    }
  g_message ("%s: %s", launch->what, error->message);
  sentence = annalist_ui_launch_failure (launch->what, launch->no_handler, error);
  if (launch->widget == NULL)
    g_warning ("%s", sentence);
  else
    annalist_ui_show_error (launch->widget, launch->heading, sentence);
  launch_free (launch);
}

void
annalist_ui_launch_uri (GtkWidget  *widget,
                        const char *uri,
                        const char *heading,
                        const char *what,
                        const char *no_handler)
{
  g_autoptr(GAppLaunchContext) context = NULL;
  Launch *launch;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL && heading != NULL && what != NULL && no_handler != NULL);

  launch = g_new0 (Launch, 1);
  launch->widget = widget ? g_object_ref (widget) : NULL;
  launch->heading = g_strdup (heading);
  launch->what = g_strdup (what);
  launch->no_handler = g_strdup (no_handler);
  if (widget != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                gtk_widget_get_display (widget)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched, launch);
}

GPtrArray *
annalist_ui_related_kinds (const AnnalistKind *kind,
                           GPtrArray          *columns)
{
  GPtrArray *kinds = g_ptr_array_new ();
  const AnnalistKind * const *all;
  guint n_all;

  all = annalist_kinds_all (&n_all);
  for (guint k = 0; k < n_all; k++)
    {
      /* The report's texts have a page of their own. */
      if (all[k]->is_dictionary || g_str_equal (all[k]->name, "report_narrative"))
        continue;
      for (guint i = 0; i < all[k]->n_fields; i++)
        {
          const AnnalistField *field = &all[k]->fields[i];

          if (field->type == ANNALIST_FIELD_REFERENCE &&
              (field->flags & ANNALIST_FIELD_REQUIRED) &&
              g_strcmp0 (field->target, kind->name) == 0)
            {
              g_ptr_array_add (kinds, (gpointer) all[k]);
              if (columns != NULL)
                g_ptr_array_add (columns, (gpointer) field->column);
              break;
            }
        }
    }
  return kinds;
}

GArray *
annalist_ui_ids_referring (AnnalistStore      *store,
                           const AnnalistKind *kind,
                           const char         *column,
                           gint64              id,
                           const char         *order_by,
                           GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const AnnalistField *field = annalist_kind_field (kind, column);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (field != NULL);

  if (order_by == NULL)
    order_by = kind->order_by ? kind->order_by : "id";
  /* A REFERENCES field names its organisations in its junction table. */
  if (field->type == ANNALIST_FIELD_REFERENCES)
    sql = g_strdup_printf ("SELECT id FROM %s WHERE id IN (SELECT %s FROM %s "
                           "WHERE organisation_id = ?1) ORDER BY %s",
                           kind->name, field->junction_column, field->junction, order_by);
  else
    sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1 ORDER BY %s",
                           kind->name, column, order_by);
  stmt = annalist_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* A vertical wheel over @scroller, which scrolls only sideways inside a
 * form that scrolls up and down: GTK's scrolled window takes every wheel
 * event it can use in either direction, so the form would stop scrolling
 * under the pointer. This passes the vertical part to the scrolled window
 * around it, as GTK would scroll it (a wheel notch moves page^⅔). */
static gboolean
pass_vertical_wheel (GtkEventControllerScroll *controller,
                     double                    dx,
                     double                    dy,
                     gpointer                  user_data)
{
  GtkWidget *scroller = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *outer = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller),
                                              GTK_TYPE_SCROLLED_WINDOW);
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkAdjustment *adjustment;
  double step;

  if (outer == NULL || dy == 0 || dx != 0 || (state & GDK_SHIFT_MASK) != 0)
    return GDK_EVENT_PROPAGATE;   /* sideways: the table's own */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
           ? pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0)
           : 1;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return GDK_EVENT_STOP;
}

void
annalist_ui_scroll_sideways_only (GtkScrolledWindow *scroller)
{
  GtkEventController *controller =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  gtk_scrolled_window_set_policy (scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (pass_vertical_wheel), NULL);
  gtk_widget_add_controller (GTK_WIDGET (scroller), controller);
  g_object_set_data (G_OBJECT (scroller), "annalist-sideways-only", GINT_TO_POINTER (TRUE));
}

static void
name_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  int shorten_to = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (shorten_to != 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (shorten_to > 0)
        gtk_label_set_max_width_chars (GTK_LABEL (label), shorten_to);
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    }
  gtk_list_item_set_child (item, label);
}

static void
name_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (name));
  if (GPOINTER_TO_INT (data) != 0)
    gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (name));
}

GtkListItemFactory *
annalist_ui_name_factory (int shorten_to)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (name_setup), GINT_TO_POINTER (shorten_to));
  g_signal_connect (factory, "bind", G_CALLBACK (name_bind), GINT_TO_POINTER (shorten_to));
  return factory;
}

static gboolean
tab_key_pressed (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 gpointer               data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkDirectionType direction;

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || root == NULL)
    return FALSE;
  direction = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0
                ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  return annalist_ui_focus_past (widget, direction);
}

gboolean
annalist_ui_focus_past (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  gboolean moved;

  if (root == NULL)
    return FALSE;
  /* @widget takes no focus for as long as the root moves it past. */
  gtk_widget_set_can_focus (widget, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (widget, TRUE);
  return moved;
}

void
annalist_ui_tab_leaves (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (tab_key_pressed), NULL);
  gtk_widget_add_controller (list, keys);
}
