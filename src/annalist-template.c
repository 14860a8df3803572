/* annalist-template.c — a document template, read, checked and rendered
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>

#include "annalist-error.h"
#include "annalist-store-private.h"
#include "annalist-template-private.h"

G_DEFINE_FINAL_TYPE (AnnalistTemplate, annalist_template, G_TYPE_OBJECT)

#define RECORD_PARAMS (ANNALIST_TEMPLATE_PARAM_ORGANISATION | ANNALIST_TEMPLATE_PARAM_PLAN | \
                       ANNALIST_TEMPLATE_PARAM_PROJECT)

static void
text_slot_clear (gpointer data)
{
  TextSlot *slot = data;

  g_free (slot->key);
  g_free (slot->heading);
}

static void
annalist_template_finalize (GObject *object)
{
  AnnalistTemplate *self = (AnnalistTemplate *) object;

  g_free (self->name);
  g_free (self->title);
  g_clear_pointer (&self->tags, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->queries, g_ptr_array_unref);
  g_clear_pointer (&self->computed, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->public_slots, g_array_unref);
  g_clear_pointer (&self->parts, g_hash_table_unref);
  g_clear_pointer (&self->media_types, g_hash_table_unref);
  g_clear_pointer (&self->page_styles, g_hash_table_unref);
  g_clear_pointer (&self->ns_prefixes, g_hash_table_unref);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->org_words, g_hash_table_unref);
  g_clear_pointer (&self->record_fields, g_hash_table_unref);
  g_clear_pointer (&self->named_records, g_ptr_array_unref);

  G_OBJECT_CLASS (annalist_template_parent_class)->finalize (object);
}

static void
annalist_template_class_init (AnnalistTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = annalist_template_finalize;
}

static void
annalist_template_init (AnnalistTemplate *self)
{
  StaticFrame *root = g_new0 (StaticFrame, 1);

  self->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_tag_free);
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_static_frame_free);
  self->queries = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_query_free);
  self->computed = g_ptr_array_new ();
  self->slots = g_array_new (FALSE, FALSE, sizeof (TextSlot));
  g_array_set_clear_func (self->slots, text_slot_clear);
  self->public_slots = g_array_new (FALSE, FALSE, sizeof (AnnalistTextSlot));
  self->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->media_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->page_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  root->type = FRAME_ROOT;
  g_ptr_array_add (self->frames, root);
}

AnnalistTemplate *
annalist_template_new (GBytes      *bytes,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(AnnalistTemplate) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_TEMPLATE, NULL);
  self->name = g_strdup (name != NULL ? name : _("template"));
  if (!_annalist_template_load (self, bytes, error))
    return NULL;
  if (name == NULL && self->title != NULL)
    {
      g_free (self->name);
      self->name = g_strdup (self->title);
    }
  if (!_annalist_template_scan (self, error))
    return NULL;
  name = self->name;

  /* A document about one organisation (plan, project): read it again with
   * that record around everything, so that loops and counts take only
   * what refers to it, as inside a loop over it. */
  if (self->params & RECORD_PARAMS)
    {
      AnnalistTemplateParams preset = self->params & RECORD_PARAMS;

      g_autofree char *shown = g_strdup (name);

      g_clear_object (&self);
      self = g_object_new (ANNALIST_TYPE_TEMPLATE, NULL);
      self->name = g_steal_pointer (&shown);
      self->preset = preset;
      self->params = preset;
      if (!_annalist_template_load (self, bytes, error) || !_annalist_template_scan (self, error))
        return NULL;
    }

  /* A document for a period of years takes its records from the whole
   * period, and a year only inside its loops over the period's years. */
  if (self->params & ANNALIST_TEMPLATE_PARAM_PERIOD)
    self->params &= ~ANNALIST_TEMPLATE_PARAM_YEAR;

  _annalist_render_index_namespaces (self);
  for (guint i = 0; i < self->slots->len; i++)
    {
      TextSlot *slot = &g_array_index (self->slots, TextSlot, i);
      AnnalistTextSlot pub = { slot->key, slot->heading };

      g_array_append_val (self->public_slots, pub);
    }
  return g_steal_pointer (&self);
}

gboolean
annalist_template_check_size (const char  *name,
                              guint64      size,
                              GError     **error)
{
  g_autofree char *said = NULL;
  g_autofree char *limit = NULL;

  if (annalist_error_size_over (size, ANNALIST_TEMPLATE_MAX_BYTES, &said, &limit))
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The file “%s” is %s: a template is a text document of at most %s."),
                 name, said, limit);
  return said == NULL;
}

AnnalistTemplate *
annalist_template_new_for_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_basename (path);
  if (g_stat (path, &st) == 0 && !annalist_template_check_size (display, (guint64) st.st_size, error))
    return NULL;
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_autofree char *full = g_filename_display_name (path);

      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The template “%s” cannot be read: %s"), full, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return annalist_template_new (bytes, display, error);
}

const char *
annalist_template_get_name (AnnalistTemplate *self)
{
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), NULL);

  return self->name;
}

const char *
annalist_template_get_title (AnnalistTemplate *self)
{
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), NULL);

  return self->title;
}

AnnalistTemplateParams
annalist_template_get_params (AnnalistTemplate *self)
{
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), 0);

  return self->params;
}

char *
annalist_template_params_to_string (AnnalistTemplateParams params)
{
  static const struct { AnnalistTemplateParams param; const char *name; } names[] = {
    { ANNALIST_TEMPLATE_PARAM_YEAR, "year" },
    { ANNALIST_TEMPLATE_PARAM_ORGANISATION, "organisation" },
    { ANNALIST_TEMPLATE_PARAM_PLAN, "plan" },
    { ANNALIST_TEMPLATE_PARAM_PROJECT, "project" },
    { ANNALIST_TEMPLATE_PARAM_PERIOD, "period" },
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (params & names[i].param)
      g_string_append_printf (s, "%s%s", s->len ? "," : "", names[i].name);
  return g_string_free (s, FALSE);
}

const AnnalistTextSlot *
annalist_template_get_text_slots (AnnalistTemplate *self,
                                  guint            *n_slots)
{
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), NULL);

  if (n_slots != NULL)
    *n_slots = self->public_slots->len;
  return (const AnnalistTextSlot *) self->public_slots->data;
}

gboolean
annalist_template_render (AnnalistTemplate             *self,
                          AnnalistStore                *store,
                          const AnnalistDocumentParams *params,
                          const char                   *path,
                          GCancellable                 *cancellable,
                          GError                      **error)
{
  AnnalistDocumentParams none = { 0 };

  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params == NULL)
    params = &none;
  if ((self->params & ANNALIST_TEMPLATE_PARAM_YEAR) && params->year == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The document “%s” is written for an academic year: choose one."), self->name);
      return FALSE;
    }
  if ((self->params & ANNALIST_TEMPLATE_PARAM_ORGANISATION) && params->organisation_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The document “%s” is written for an organisation: choose one."), self->name);
      return FALSE;
    }
  if ((self->params & ANNALIST_TEMPLATE_PARAM_PLAN) && params->plan_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The document “%s” is written for a plan: choose one."), self->name);
      return FALSE;
    }
  if ((self->params & ANNALIST_TEMPLATE_PARAM_PROJECT) && params->project_id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The document “%s” is written for a project: choose one."), self->name);
      return FALSE;
    }
  if ((self->params & ANNALIST_TEMPLATE_PARAM_PERIOD) &&
      (params->period_from == 0 || params->period_to < params->period_from))
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The document “%s” is written for a period of years: choose its first and last year."),
                   self->name);
      return FALSE;
    }
  return _annalist_template_write (self, store, params, path, cancellable, error);
}

/* The heading of a slot, its values filled in: rendered like the
 * document, into text. */
char *
annalist_template_slot_heading (AnnalistTemplate             *self,
                                AnnalistStore                *store,
                                const AnnalistDocumentParams *params,
                                guint                         slot)
{
  g_autoptr(GString) text = NULL;
  TextSlot *s;

  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (slot < self->slots->len, NULL);

  s = &g_array_index (self->slots, TextSlot, slot);
  if (s->heading_node == NULL)
    return g_strdup (s->heading ? s->heading : "");

  text = g_string_new (NULL);
  {
    Render r;
    Frame *root = g_new0 (Frame, 1);

    _annalist_render_init (&r, self, store, params);
    root->type = FRAME_ROOT;
    g_ptr_array_add (r.frames, root);

    /* Text and values of the heading; loops in a heading are not read. */
    for (xmlNodePtr n = s->heading_node->children; n != NULL; )
      {
        if (n->type == XML_TEXT_NODE && n->content != NULL)
          g_string_append (text, (const char *) n->content);
        else if (n->type == XML_ELEMENT_NODE && n->ns != NULL &&
                 g_str_equal ((const char *) n->ns->href, ANN_NS) && g_str_equal ((const char *) n->name, "v"))
          {
            g_autofree char *id = (char *) xmlGetProp (n, BAD_CAST "n");
            Tag *tag = g_ptr_array_index (self->tags, g_ascii_strtoull (id, NULL, 10));
            g_autofree char *value = tag->type == TAG_VALUE ? _annalist_eval_text (&r, tag, NULL) : NULL;

            if (value != NULL)
              g_string_append (text, value);
            g_clear_error (&r.error);
          }
        else if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, "s"))
          g_string_append_c (text, ' ');

        if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
            !(n->ns && g_str_equal ((const char *) n->ns->href, ANN_NS)))
          n = n->children;
        else
          {
            while (n != s->heading_node && n->next == NULL)
              n = n->parent;
            n = n == s->heading_node ? NULL : n->next;
          }
      }

    _annalist_render_clear (&r);
  }
  return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
}

/* In a thread ----------------------------------------------------------------- */

typedef struct
{
  char                   *database;
  char                   *path;
  AnnalistDocumentParams  params;
} RenderTask;

static void
render_task_free (gpointer data)
{
  RenderTask *t = data;

  g_free (t->database);
  g_free (t->path);
  g_free (t);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AnnalistTemplate *self = source_object;
  RenderTask *t = task_data;
  g_autoptr(AnnalistStore) store = NULL;
  GError *error = NULL;

  /* A connection of its own, read-only: the window's statements are not
   * for threads. A save in the window meanwhile waits for the read (the
   * file is in rollback-journal mode), at most the store's busy timeout. */
  store = annalist_store_open_readonly (t->database, &error);
  if (store == NULL ||
      !annalist_template_render (self, store, &t->params, t->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
annalist_template_render_async (AnnalistTemplate             *self,
                                AnnalistStore                *store,
                                const AnnalistDocumentParams *params,
                                const char                   *path,
                                GCancellable                 *cancellable,
                                GAsyncReadyCallback           callback,
                                gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderTask *t;

  g_return_if_fail (ANNALIST_IS_TEMPLATE (self));
  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (path != NULL);

  t = g_new0 (RenderTask, 1);
  t->database = g_strdup (annalist_store_get_path (store));
  t->path = g_strdup (path);
  if (params != NULL)
    t->params = *params;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, annalist_template_render_async);
  g_task_set_task_data (task, t, render_task_free);
  g_task_run_in_thread (task, render_thread);
}

gboolean
annalist_template_render_finish (AnnalistTemplate  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
