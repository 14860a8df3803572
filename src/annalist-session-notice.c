/* annalist-session-notice.c — the window's word on who else has the
 * database open
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bar at the top of the window's content, in the manner of an info bar
 * (libadwaita 1.2 has no AdwBanner): a revealer around an icon and a
 * sentence. It owns the window's AnnalistSession, so that the lock
 * record lives exactly as long as the window shows the database: set with
 * the store, ended when another database is shown or the window goes
 * (the application's shutdown destroys the windows before it closes the
 * store).
 */

#define G_LOG_DOMAIN "annalist-session-notice"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-session-notice.h"
#include "annalist-ui.h"

/* Focus comes and goes often; the others are read again at most this
 * often because of it. */
#define FOCUS_CHECK_US (2 * G_USEC_PER_SEC)

struct _AnnalistSessionNotice
{
  GtkWidget        parent_instance;

  GtkWidget       *revealer;
  GtkWidget       *label;
  AnnalistSession *session;
  GtkWindow       *window;       /* the root, while rooted */
  gint64           last_check;   /* monotonic */
};

G_DEFINE_FINAL_TYPE (AnnalistSessionNotice, annalist_session_notice, GTK_TYPE_WIDGET)

/* The sentence ---------------------------------------------------------------------- */

static char *
describe_one (const AnnalistSessionInfo *info,
              GDateTime                 *now)
{
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  if (info->real_name != NULL && *info->real_name != '\0' &&
      g_strcmp0 (info->real_name, info->user_name) != 0)
    /* Translators: who has the database open: the real name, then (the
     * user name on the computer) */
    who = g_strdup_printf (_("%s (%s on %s)"), info->real_name, info->user_name,
                           info->host_name);
  else
    /* Translators: who has the database open: the user name on the computer */
    who = g_strdup_printf (_("%s on %s"), info->user_name, info->host_name);

  if (info->opened_at == NULL)
    return g_steal_pointer (&who);
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (info->opened_at);
    g_autoptr(GDateTime) today = g_date_time_to_local (now);

    if (g_date_time_get_year (local) != g_date_time_get_year (today) ||
        g_date_time_get_day_of_year (local) != g_date_time_get_day_of_year (today))
      {
        when = g_date_time_format (local, "%d.%m.%Y %H:%M");
        /* Translators: a person who has the database open, and since when
         * (another day: 29.11.2026 09:30) */
        return g_strdup_printf (_("%s since %s"), who, when);
      }
    when = g_date_time_format (local, "%H:%M");
  }
  /* Translators: a person who has the database open, and when today they
   * opened it (14:05) */
  return g_strdup_printf (_("%s at %s"), who, when);
}

char *
annalist_session_describe_others (GPtrArray *others,
                                  GDateTime *now)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) people = NULL;
  g_autofree char *list = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (others == NULL || others->len == 0)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *one = describe_one (others->pdata[i], now);

      g_strv_builder_add (builder, one);
    }
  people = g_strv_builder_end (builder);
  list = g_strjoinv (", ", people);

  if (others->len == 1)
    /* Translators: %s is who (with the computer) and when: «Иванова Мария
     * (ivanova на ПК-МЕТОДИСТ) в 14:05» */
    return g_strdup_printf (_("This database is also open by %s. "
                              "Changes to the same record are compared when saved."), list);
  /* Translators: %s is a list of who (with the computer) and when */
  return g_strdup_printf (_("This database is also open by: %s. "
                            "Changes to the same record are compared when saved."), list);
}

/* Showing ----------------------------------------------------------------------------- */

static void
update (AnnalistSessionNotice *self)
{
  GPtrArray *others = self->session ? annalist_session_get_others (self->session) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = annalist_session_describe_others (others, now);

  if (text != NULL)
    gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), text != NULL);
  /* Hidden, it takes no room and is not read out. */
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
}

static void
check (AnnalistSessionNotice *self)
{
  self->last_check = g_get_monotonic_time ();
  if (self->session != NULL)
    annalist_session_check (self->session);
}

static void
window_active_changed (GtkWindow             *window,
                       GParamSpec            *pspec,
                       AnnalistSessionNotice *self)
{
  if (gtk_window_is_active (window) &&
      g_get_monotonic_time () - self->last_check > FOCUS_CHECK_US)
    check (self);
}

void
annalist_session_notice_set_store (AnnalistSessionNotice *self,
                                   AnnalistStore         *store)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ANNALIST_IS_SESSION_NOTICE (self));
  g_return_if_fail (store == NULL || ANNALIST_IS_STORE (store));

  if (self->session != NULL && annalist_session_get_store (self->session) == store)
    return;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      annalist_session_end (self->session);
      g_clear_object (&self->session);
    }
  if (store != NULL)
    {
      self->session = annalist_session_start (store, 0, &error);
      if (self->session == NULL)
        g_debug ("No session on “%s”: %s", annalist_store_get_path (store), error->message);
      else
        g_signal_connect_swapped (self->session, "others-changed", G_CALLBACK (update), self);
    }
  self->last_check = g_get_monotonic_time ();
  update (self);
}

AnnalistSession *
annalist_session_notice_get_session (AnnalistSessionNotice *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION_NOTICE (self), NULL);
  return self->session;
}

gboolean
annalist_session_notice_get_shown (AnnalistSessionNotice *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION_NOTICE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self)) &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

const char *
annalist_session_notice_get_text (AnnalistSessionNotice *self)
{
  g_return_val_if_fail (ANNALIST_IS_SESSION_NOTICE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->label));
}

/* Construction ------------------------------------------------------------------------ */

static void
annalist_session_notice_root (GtkWidget *widget)
{
  AnnalistSessionNotice *self = ANNALIST_SESSION_NOTICE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (annalist_session_notice_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::is-active", G_CALLBACK (window_active_changed),
                               self, 0);
    }
}

static void
annalist_session_notice_unroot (GtkWidget *widget)
{
  AnnalistSessionNotice *self = ANNALIST_SESSION_NOTICE (widget);

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, window_active_changed, self);
  self->window = NULL;

  GTK_WIDGET_CLASS (annalist_session_notice_parent_class)->unroot (widget);
}

static void
annalist_session_notice_dispose (GObject *object)
{
  AnnalistSessionNotice *self = ANNALIST_SESSION_NOTICE (object);

  /* The window goes: so does its session, removing its row. */
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      annalist_session_end (self->session);
      g_clear_object (&self->session);
    }
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (annalist_session_notice_parent_class)->dispose (object);
}

static void
annalist_session_notice_class_init (AnnalistSessionNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = annalist_session_notice_dispose;
  widget_class->root = annalist_session_notice_root;
  widget_class->unroot = annalist_session_notice_unroot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annalist-session-notice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
annalist_session_notice_init (AnnalistSessionNotice *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = annalist_ui_decoration ("system-users-symbolic");

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  gtk_widget_add_css_class (box, "annalist-notice");
  gtk_box_append (GTK_BOX (box), icon);

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->label), FALSE);
  gtk_box_append (GTK_BOX (box), self->label);

  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
annalist_session_notice_new (void)
{
  return g_object_new (ANNALIST_TYPE_SESSION_NOTICE, NULL);
}
