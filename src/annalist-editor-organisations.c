/* annalist-editor-organisations.c — an organisation typed by its short
 * name, full name or number, with the matches listed under the cell
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the competition's entries table (annalist-editor-entries.c).
 * Names are folded as the store folds them (case, «ё»); a number alone
 * («383») names the organisation of that number. The matches show under
 * the cell as one types, in a popover of the cell's own that never takes
 * the focus: Down and Up move in it, Enter or Tab take the one marked,
 * Escape closes it. Not GtkEntryCompletion: deprecated from GTK 4.10, and
 * in 4.8 its popup asks for the monitor of a surface that may not be on
 * one yet (a critical, and a popup of no size); its successor does not
 * exist in 4.8.
 */

#define G_LOG_DOMAIN "annalist-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-editor-private.h"
#include "annalist-error.h"

struct _AnnalistOrgNames
{
  GArray     *organisations;  /* Organisation, in the store's order */
  GHashTable *names;          /* folded short or full name → id, -1 if two */
  GHashTable *numbers;        /* folded number → id, -1 if two */
  GHashTable *short_names;    /* id → short name */
};

typedef struct
{
  gint64  id;
  char   *display;   /* «Школа № 12 — ГБОУ средняя школа № 12 …» */
  char   *folded;    /* the same, folded */
} Organisation;

/* The matches listed under a cell while its organisation is typed. */
#define MAX_MATCHES 8

static void
organisation_clear (Organisation *organisation)
{
  g_free (organisation->display);
  g_free (organisation->folded);
}


AnnalistOrgNames *
annalist_org_names_new (void)
{
  AnnalistOrgNames *names = g_new0 (AnnalistOrgNames, 1);

  names->organisations = g_array_new (FALSE, FALSE, sizeof (Organisation));
  g_array_set_clear_func (names->organisations, (GDestroyNotify) organisation_clear);
  names->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->short_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return names;
}

void
annalist_org_names_free (AnnalistOrgNames *names)
{
  g_array_unref (names->organisations);
  g_hash_table_unref (names->names);
  g_hash_table_unref (names->numbers);
  g_hash_table_unref (names->short_names);
  g_free (names);
}

const char *
annalist_org_names_short_name (AnnalistOrgNames *names,
                               gint64            id)
{
  return g_hash_table_lookup (names->short_names, &id);
}

/* Names and numbers ---------------------------------------------------------------- */

static void
name_add (GHashTable *names,
          const char *text,
          gint64      id)
{
  char *folded;
  gpointer old;

  if (text == NULL || *text == '\0')
    return;
  folded = annalist_fold (text, -1);
  g_strstrip (folded);
  old = g_hash_table_lookup (names, folded);
  if (old != NULL && GPOINTER_TO_SIZE (old) != (gsize) id)
    g_hash_table_insert (names, folded, GSIZE_TO_POINTER ((gsize) -1));
  else
    g_hash_table_insert (names, folded, GSIZE_TO_POINTER ((gsize) id));
}

void
annalist_org_names_load (AnnalistOrgNames *names,
                         AnnalistStore    *store)
{
  const AnnalistKind *kind = annalist_kind_lookup ("organisation");
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) records = annalist_store_list (store, kind, &query, NULL);
  guint n = records ? g_list_model_get_n_items (records) : 0;

  g_array_set_size (names->organisations, 0);
  g_hash_table_remove_all (names->names);
  g_hash_table_remove_all (names->numbers);
  g_hash_table_remove_all (names->short_names);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AnnalistRecord) record = g_list_model_get_item (records, i);
      gint64 id = annalist_record_get_id (record);
      const char *short_name = annalist_record_get_string (record, "short_name");
      const char *full_name = annalist_record_get_string (record, "full_name");
      const char *number = annalist_record_get_string (record, "number");
      g_autofree char *display = g_strdup_printf ("%s — %s", short_name ? short_name : "",
                                                  full_name ? full_name : "");
      Organisation organisation = { id, g_strdup (display), annalist_fold (display, -1) };

      g_array_append_val (names->organisations, organisation);
      name_add (names->names, short_name, id);
      name_add (names->names, full_name, id);
      name_add (names->numbers, number, id);
      g_hash_table_insert (names->short_names, g_memdup2 (&id, sizeof id),
                           g_strdup (short_name && *short_name ? short_name : full_name));
    }
}

/* The organisation a cell's text names: its id, 0 for none typed, or -1
 * with @error saying what is wrong. */
gint64
annalist_org_names_resolve (AnnalistOrgNames    *names,
                            const char          *text,
                            const AnnalistField *field,
                            GError             **error)
{
  g_autofree char *folded = annalist_fold (text, -1);
  g_autofree char *typed = g_strdup (text);
  const char *dash;
  gpointer found;
  gboolean digits = TRUE;

  g_strstrip (folded);
  if (*folded == '\0')
    return 0;
  /* «Школа № 12 — ГБОУ …», as the completion lists it. */
  if ((dash = strstr (folded, " — ")) != NULL)
    *(char *) dash = '\0';

  for (const char *c = folded; *c != '\0'; c++)
    digits &= g_ascii_isdigit (*c);
  if (digits)
    {
      found = g_hash_table_lookup (names->numbers, folded);
      if (found == NULL)
        {
          /* Translators: %s is an organisation's number typed in the
           * competition's entries («12») */
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("No organisation has the number “%s”."), text);
          return -1;
        }
      if ((gssize) GPOINTER_TO_SIZE (found) == -1)
        {
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("More than one organisation has the number “%s”: type its short "
                         "name."), text);
          return -1;
        }
      return (gint64) GPOINTER_TO_SIZE (found);
    }

  found = g_hash_table_lookup (names->names, folded);
  if (found == NULL)
    {
      /* Translators: the first %s is the field («Organisation»), the
       * second what was typed */
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("“%s”: no organisation is called “%s”; type its short name or its "
                     "number."), _(field->label), g_strstrip (typed));
      return -1;
    }
  if ((gssize) GPOINTER_TO_SIZE (found) == -1)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("“%s”: more than one organisation is called “%s”."), _(field->label), text);
      return -1;
    }
  return (gint64) GPOINTER_TO_SIZE (found);
}

static void
suggestion_take (GtkWidget     *entry,
                 GtkListBoxRow *chosen)
{
  AnnalistOrgNames *names = g_object_get_data (G_OBJECT (entry), "annalist-org-names");
  GtkWidget *popover = g_object_get_data (G_OBJECT (entry), "annalist-suggestions");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (chosen), "id");
  const char *short_name = annalist_org_names_short_name (names, id);

  gtk_popover_popdown (GTK_POPOVER (popover));
  g_object_set_data (G_OBJECT (entry), "annalist-taking", GINT_TO_POINTER (TRUE));
  gtk_editable_set_text (GTK_EDITABLE (entry), short_name ? short_name : "");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  g_object_set_data (G_OBJECT (entry), "annalist-taking", NULL);
}

static void
suggestion_activated (GtkListBox    *list,
                      GtkListBoxRow *chosen,
                      GtkWidget     *entry)
{
  suggestion_take (entry, chosen);
  gtk_widget_grab_focus (entry);
}

/* The organisations whose names or numbers hold what the cell says, under
 * it; none when the text already names one exactly. */
static void suggest (GtkWidget *entry);

static gboolean
suggest_later (GtkWidget     *entry,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  g_object_set_data (G_OBJECT (entry), "annalist-suggest-tick", NULL);
  suggest (entry);
  return G_SOURCE_REMOVE;
}

static void
suggest (GtkWidget *entry)
{
  AnnalistOrgNames *names = g_object_get_data (G_OBJECT (entry), "annalist-org-names");
  GtkWidget *popover = g_object_get_data (G_OBJECT (entry), "annalist-suggestions");
  GtkListBox *list = GTK_LIST_BOX (gtk_popover_get_child (GTK_POPOVER (popover)));
  g_autofree char *typed = annalist_fold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  GtkWidget *child;
  guint shown = 0;

  g_strstrip (typed);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  child = gtk_root_get_focus (gtk_widget_get_root (entry));
  if (*typed != '\0' && child != NULL && gtk_widget_is_ancestor (child, entry))
    for (guint i = 0; i < names->organisations->len && shown < MAX_MATCHES; i++)
      {
        Organisation *organisation = &g_array_index (names->organisations, Organisation, i);
        GtkWidget *label;

        if (strstr (organisation->folded, typed) == NULL)
          continue;
        label = gtk_label_new (organisation->display);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
        gtk_list_box_append (list, label);
        child = gtk_widget_get_last_child (GTK_WIDGET (list));
        gtk_widget_set_can_focus (child, FALSE);
        g_object_set_data_full (G_OBJECT (child), "id",
                                g_memdup2 (&organisation->id, sizeof (gint64)), g_free);
        shown++;
      }
  /* Only under a cell the window shows: a popover pointing outside
   * every monitor is refused by GDK. A cell being scrolled to (Tab, then
   * typing at once) gets its list a few frames later. */
  {
    GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (entry));
    graphene_rect_t bounds;

    if (shown > 0 &&
        (!gtk_widget_compute_bounds (entry, root, &bounds) ||
         bounds.origin.y < 0 || bounds.origin.x + bounds.size.width < 0 ||
         bounds.origin.y + bounds.size.height > gtk_widget_get_height (root) ||
         bounds.origin.x > gtk_widget_get_width (root)))
      {
        guint tries = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry),
                                                           "annalist-suggest-tries"));

        if (tries < 60 && g_object_get_data (G_OBJECT (entry), "annalist-suggest-tick") == NULL)
          {
            g_object_set_data (G_OBJECT (entry), "annalist-suggest-tries",
                               GUINT_TO_POINTER (tries + 1));
            g_object_set_data (G_OBJECT (entry), "annalist-suggest-tick",
                               GUINT_TO_POINTER (gtk_widget_add_tick_callback (entry,
                                                                               suggest_later,
                                                                               NULL, NULL)));
          }
        shown = 0;
      }
    else
      g_object_set_data (G_OBJECT (entry), "annalist-suggest-tries", NULL);
  }
  if (shown == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (popover));
      return;
    }
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* Down and Up move in the matches, Enter and Tab take the one marked,
 * Escape closes them; without them shown the keys do what they do. */
static gboolean
suggestion_key (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWidget             *entry)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (entry), "annalist-suggestions");
  GtkListBox *list = GTK_LIST_BOX (gtk_popover_get_child (GTK_POPOVER (popover)));
  GtkListBoxRow *marked = gtk_list_box_get_selected_row (list);
  int at = marked ? gtk_list_box_row_get_index (marked) : -1;

  if (!gtk_widget_get_visible (popover) || marked == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      {
        int step = keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down ? 1 : -1;
        GtkListBoxRow *next = gtk_list_box_get_row_at_index (list, at + step);

        if (next != NULL)
          gtk_list_box_select_row (list, next);
        return TRUE;
      }
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      suggestion_take (entry, marked);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        AnnalistOrgNames *names = g_object_get_data (G_OBJECT (entry), "annalist-org-names");
        g_autoptr(GError) error = NULL;

        /* What names an organisation already («12») stays as typed. */
        if (annalist_org_names_resolve (names, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                        g_object_get_data (G_OBJECT (entry), "annalist-org-field"),
                                        &error) <= 0)
          suggestion_take (entry, marked);
        else
          gtk_popover_popdown (GTK_POPOVER (popover));
        return FALSE;   /* and the focus moves on */
      }
    case GDK_KEY_Escape:
      gtk_popover_popdown (GTK_POPOVER (popover));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
suggestions_unparent (GtkWidget *entry,
                      GtkWidget *popover)
{
  gtk_widget_unparent (popover);
}

void
annalist_org_entry_attach (GtkWidget           *entry,
                           AnnalistOrgNames    *names,
                           const AnnalistField *field)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_BROWSE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  g_signal_connect (list, "row-activated", G_CALLBACK (suggestion_activated), entry);
  gtk_popover_set_child (GTK_POPOVER (popover), list);
  /* It lists; the typing stays in the cell. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
  gtk_widget_set_can_focus (popover, FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_parent (popover, entry);
  g_object_set_data (G_OBJECT (entry), "annalist-suggestions", popover);
  g_object_set_data (G_OBJECT (entry), "annalist-org-names", names);
  g_object_set_data (G_OBJECT (entry), "annalist-org-field", (gpointer) field);
  g_signal_connect (entry, "destroy", G_CALLBACK (suggestions_unparent), popover);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (suggestion_key), entry);
  gtk_widget_add_controller (entry, keys);
}

void
annalist_org_entry_changed (GtkWidget *entry)
{
  if (g_object_get_data (G_OBJECT (entry), "annalist-taking") == NULL)
    suggest (entry);
}

void
annalist_org_entry_popdown (GtkWidget *entry)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (entry), "annalist-suggestions");

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}
