/* annalist-documents.c — the documents a database can write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-documents"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#include "annalist-date.h"
#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-store-private.h"
#include "annalist-ui.h"

#define BUILTIN_PATH RESOURCE_PREFIX "templates/"

/* The built-in templates, in the order the window lists them. */
static const char * const builtin_ids[] = {
  ANNALIST_DOCUMENT_ANNUAL_REPORT,
  ANNALIST_DOCUMENT_SITE_REPORT,
  ANNALIST_DOCUMENT_INFRASTRUCTURE,
  ANNALIST_DOCUMENT_PROGRAMME,
  ANNALIST_DOCUMENT_PLAN_FACT,
  ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY,
  ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY,
  ANNALIST_DOCUMENT_REGISTER,
};

void
annalist_document_info_free (AnnalistDocumentInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info->file_name);
  g_free (info);
}

static GBytes *
builtin_bytes (const char  *id,
               GError     **error)
{
  g_autofree char *path = g_strconcat (BUILTIN_PATH, id, ".fodt", NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static gboolean
is_builtin (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    if (g_str_equal (builtin_ids[i], id))
      return TRUE;
  return FALSE;
}

static AnnalistTemplateParams
params_from_string (const char *text)
{
  g_auto(GStrv) names = g_strsplit (text ? text : "", ",", -1);
  AnnalistTemplateParams params = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *n = g_strstrip (names[i]);

      if (g_str_equal (n, "year"))
        params |= ANNALIST_TEMPLATE_PARAM_YEAR;
      else if (g_str_equal (n, "organisation"))
        params |= ANNALIST_TEMPLATE_PARAM_ORGANISATION;
      else if (g_str_equal (n, "plan"))
        params |= ANNALIST_TEMPLATE_PARAM_PLAN;
      else if (g_str_equal (n, "project"))
        params |= ANNALIST_TEMPLATE_PARAM_PROJECT;
      else if (g_str_equal (n, "period"))
        params |= ANNALIST_TEMPLATE_PARAM_PERIOD;
    }
  return params;
}

/* A built-in template's name and parameters, read once: the resources do
 * not change while the program runs, and the lists ask often. */
typedef struct
{
  char                   *name;
  AnnalistTemplateParams  params;
  gboolean                text_slots;
} BuiltinInfo;

static const BuiltinInfo *
builtin_info (guint index)
{
  static BuiltinInfo infos[G_N_ELEMENTS (builtin_ids)];
  static gsize read = 0;

  if (g_once_init_enter (&read))
    {
      for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
        {
          g_autoptr(GBytes) bytes = builtin_bytes (builtin_ids[i], NULL);
          g_autoptr(AnnalistTemplate) tmpl = bytes ? annalist_template_new (bytes, NULL, NULL) : NULL;
          const char *title = tmpl ? annalist_template_get_title (tmpl) : NULL;

          infos[i].name = g_strdup (title ? title : builtin_ids[i]);
          infos[i].params = tmpl ? annalist_template_get_params (tmpl) : 0;
          if (tmpl != NULL)
            {
              guint n = 0;

              annalist_template_get_text_slots (tmpl, &n);
              infos[i].text_slots = n > 0;
            }
        }
      g_once_init_leave (&read, 1);
    }
  return &infos[index];
}

GPtrArray *
annalist_documents_list (AnnalistStore  *store,
                         GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_document_info_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      const BuiltinInfo *builtin = builtin_info (i);
      AnnalistDocumentInfo *info = g_new0 (AnnalistDocumentInfo, 1);

      info->id = g_strdup (builtin_ids[i]);
      info->builtin = TRUE;
      info->name = g_strdup (builtin->name);
      info->params = builtin->params;
      info->text_slots = builtin->text_slots;
      info->file_name = g_strconcat (builtin_ids[i], ".odt", NULL);
      g_ptr_array_add (list, info);
    }

  stmt = annalist_store_prepare (store,
                                 "SELECT id, name, replaces, parameters, file_name FROM template "
                                 "ORDER BY name COLLATE annalist", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *replaces = (const char *) sqlite3_column_text (stmt, 2);
      AnnalistDocumentInfo *info = NULL;

      if (replaces != NULL && is_builtin (replaces))
        {
          for (guint i = 0; i < list->len; i++)
            if (g_str_equal (((AnnalistDocumentInfo *) g_ptr_array_index (list, i))->id, replaces))
              info = g_ptr_array_index (list, i);
          g_free (info->name);
          g_free (info->file_name);
        }
      else
        {
          info = g_new0 (AnnalistDocumentInfo, 1);
          info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (list, info);
        }
      info->user_id = sqlite3_column_int64 (stmt, 0);
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->params = params_from_string ((const char *) sqlite3_column_text (stmt, 3));
      info->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The user's template standing for @id: a built-in one it replaces, or
 * its own name (case and «ё» aside). */
static GBytes *
user_bytes (AnnalistStore  *store,
            const char     *id,
            char          **name)
{
  /* The replacement of a built-in template, then the template of that
   * name, as written, then case and «ё» aside. */
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT name, data FROM template "
                                               "WHERE replaces = ?1 OR annalist_fold (name) = annalist_fold (?1) "
                                               "ORDER BY replaces = ?1 DESC, name = ?1 DESC, id LIMIT 1", NULL);
  GBytes *bytes = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (name != NULL)
        *name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  sqlite3_reset (stmt);
  return bytes;
}

static gboolean
looks_like_path (const char *which)
{
  g_autofree char *lower = g_ascii_strdown (which, -1);

  return strchr (which, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (lower, ".odt") ||
         g_str_has_suffix (lower, ".ott") || g_str_has_suffix (lower, ".fodt");
}

AnnalistTemplate *
annalist_documents_open (AnnalistStore  *store,
                         const char     *which,
                         GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  bytes = user_bytes (store, which, &name);
  if (bytes != NULL)
    return annalist_template_new (bytes, name, error);

  if (is_builtin (which))
    {
      bytes = builtin_bytes (which, error);
      if (bytes == NULL)
        return NULL;
      /* Messages name a built-in template by its title. */
      return annalist_template_new (bytes, NULL, error);
    }

  /* A file of another name is read too: what it holds, a .docx say,
   * is said better than that there is no such template. */
  if ((looks_like_path (which) && g_file_test (which, G_FILE_TEST_EXISTS)) ||
      g_file_test (which, G_FILE_TEST_IS_REGULAR))
    return annalist_template_new_for_file (which, error);

  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
               _("There is no template “%s”: give a template's id or name (annalist --list-templates "
                 "lists them) or the path of an .odt, .ott or .fodt file."), which);
  return NULL;
}

GBytes *
annalist_documents_get_bytes (AnnalistStore  *store,
                              const char     *id,
                              gboolean       *flat,
                              GError        **error)
{
  GBytes *bytes;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  bytes = user_bytes (store, id, NULL);
  if (bytes == NULL && is_builtin (id))
    bytes = builtin_bytes (id, error);
  else if (bytes == NULL)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND, _("There is no template “%s”."), id);
  if (bytes != NULL && flat != NULL)
    *flat = g_bytes_get_size (bytes) < 4 || memcmp (g_bytes_get_data (bytes, NULL), "PK\003\004", 4) != 0;
  return bytes;
}

/* The id of the user template other than @except called @name, case and
 * «ё» aside; 0 if there is none. */
static gint64
template_called (AnnalistStore *store,
                 const char    *name,
                 gint64         except,
                 GError       **error)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT id FROM template WHERE annalist_fold (name) = annalist_fold (?1) "
                                               "AND id <> ?2 LIMIT 1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
check_name (AnnalistStore  *store,
            const char     *name,
            gint64          except,
            GError        **error)
{
  gint64 other;

  if (*name == '\0')
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID, _("A template needs a name."));
      return FALSE;
    }
  if (is_builtin (name))
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS,
                   _("“%s” is the name of a built-in template: choose another."), name);
      return FALSE;
    }
  other = template_called (store, name, except, error);
  if (other < 0)
    return FALSE;
  if (other > 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS,
                   _("There is already a template called “%s”."), name);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *name;
  const char *replaces;
  gint64      replacing;
  const char *file_name;
  GBytes     *bytes;
  const char *params;
  gint64      id;
} Saving;

static gboolean
save_in_transaction (AnnalistStore  *store,
                     gpointer        data,
                     GError        **error)
{
  Saving *saving = data;
  sqlite3_stmt *stmt;
  int rc;

  /* A built-in template has one replacement: loading another over it
   * replaces that one. */
  if (saving->replaces != NULL && saving->replacing == 0)
    {
      stmt = annalist_store_prepare (store, "SELECT id FROM template WHERE replaces = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, saving->replaces, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        saving->replacing = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (!check_name (store, saving->name, saving->replacing, error))
    return FALSE;

  if (saving->replacing != 0)
    stmt = annalist_store_prepare (store,
                                   "UPDATE template SET name = ?1, replaces = ?2, parameters = ?3, file_name = ?4, "
                                   "  data = ?5, modified = strftime ('%Y-%m-%dT%H:%M:%S', 'now', 'localtime') "
                                   "WHERE id = ?6 RETURNING id", error);
  else
    stmt = annalist_store_prepare (store,
                                   "INSERT INTO template (name, replaces, parameters, file_name, data) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, saving->name, -1, SQLITE_TRANSIENT);
  if (saving->replaces != NULL)
    sqlite3_bind_text (stmt, 2, saving->replaces, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, saving->params, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, saving->file_name ? saving->file_name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (saving->bytes, NULL), (int) g_bytes_get_size (saving->bytes),
                     SQLITE_TRANSIENT);
  if (saving->replacing != 0)
    sqlite3_bind_int64 (stmt, 6, saving->replacing);
  rc = sqlite3_step (stmt);
  saving->id = 0;
  if (rc == SQLITE_ROW)
    {
      saving->id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS,
                   _("Another template already replaces “%s”."), saving->replaces);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  if (saving->id == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The template to be replaced is no longer in the database."));
      return FALSE;
    }
  return TRUE;
}

gboolean
annalist_documents_save (AnnalistStore  *store,
                         const char     *name,
                         const char     *replaces,
                         gint64          replacing,
                         const char     *file_name,
                         GBytes         *bytes,
                         gint64         *user_id,
                         GError        **error)
{
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autofree char *params = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *label = NULL;
  Saving saving = { 0 };

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (replaces == NULL || is_builtin (replaces), FALSE);

  /* One line: --list-templates prints one template a line. */
  clean_name = annalist_store_one_line (name);
  if (!check_name (store, clean_name, replacing, error))
    return FALSE;

  /* A template with a mistake is refused now, not when a document is
   * asked for. */
  tmpl = annalist_template_new (bytes, clean_name, error);
  if (tmpl == NULL)
    return FALSE;
  params = annalist_template_params_to_string (annalist_template_get_params (tmpl));

  saving = (Saving) { clean_name, replaces, replacing, file_name, bytes, params, 0 };
  label = g_strdup_printf (_("Template “%s” loaded"), clean_name);
  annalist_store_set_next_label (store, label);
  if (!annalist_store_transaction (store, save_in_transaction, &saving, error))
    return FALSE;
  if (user_id != NULL)
    *user_id = saving.id;
  annalist_store_emit_changed (store, NULL);
  return TRUE;
}

gboolean
annalist_documents_rename (AnnalistStore  *store,
                           gint64          user_id,
                           const char     *name,
                           GError        **error)
{
  g_autofree char *clean = annalist_store_one_line (name);
  sqlite3_stmt *stmt;
  int rc;

  if (!annalist_store_check_writable (store, error) || !check_name (store, clean, user_id, error))
    return FALSE;
  stmt = annalist_store_prepare (store, "UPDATE template SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  annalist_store_emit_changed (store, NULL);
  return TRUE;
}

static char *
template_name (AnnalistStore *store,
               gint64         user_id)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, "SELECT name FROM template WHERE id = ?1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name != NULL ? name : g_strdup ("");
}

GBytes *
annalist_documents_remove (AnnalistStore  *store,
                           gint64          user_id,
                           GError        **error)
{
  sqlite3_stmt *stmt;
  GBytes *bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  int rc;

  if (!annalist_store_check_writable (store, error))
    return NULL;
  stmt = annalist_store_prepare (store, "DELETE FROM template WHERE id = ?1 RETURNING data", error);
  if (stmt == NULL)
    return NULL;
  name = template_name (store, user_id);
  label = g_strdup_printf (_("Template deleted: %s"), name);
  annalist_store_set_next_label (store, label);
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      annalist_store_set_error (store, rc, error);
      return NULL;
    }
  if (bytes == NULL)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND, _("The template was already removed."));
  else
    annalist_store_emit_changed (store, NULL);
  return bytes;
}

gboolean
annalist_documents_year_has_records (AnnalistStore *store,
                                     int            academic_year)
{
  /* Every kind with an academic-year column, a table at a time: one
   * short statement costs far less to prepare than one EXISTS a kind in
   * one statement, and a year with records is answered early. */
  const AnnalistKind * const *kinds;
  gboolean found = FALSE;
  guint n_kinds;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  kinds = annalist_kinds_all (&n_kinds);
  for (guint i = 0; i < n_kinds && !found; i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (kinds[i]->year_column == NULL)
        continue;
      sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s WHERE %s = ?1)",
                             kinds[i]->name, kinds[i]->year_column);
      stmt = annalist_store_prepare (store, sql, NULL);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, academic_year);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
    }
  return found;
}

/* Before a document is written ------------------------------------------------------ */

/* The academic years @plan has stages in, in order, each once. */
static GArray *
plan_stage_years (AnnalistStore  *store,
                  gint64          plan,
                  GError        **error)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store,
                                               "SELECT DISTINCT academic_year FROM plan_stage "
                                               "WHERE plan_id = ?1 ORDER BY academic_year",
                                               error);
  GArray *years;

  if (stmt == NULL)
    return NULL;
  years = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_bind_int64 (stmt, 1, plan);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, year);
    }
  sqlite3_reset (stmt);
  return years;
}

gboolean
annalist_documents_check_params (AnnalistStore                *store,
                                 AnnalistTemplateParams        needs,
                                 const AnnalistDocumentParams *params,
                                 GError                      **error)
{
  g_autoptr(GArray) years = NULL;
  g_autoptr(GString) listed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  /* A document for a plan and a year is the plan's stage of that year
   * (its items, their states): in a year without one it would be an
   * empty document that does not say why. Decided by what the template
   * takes, so that the user's copy of a plan's document is refused as
   * the built-in one is. */
  if ((needs & ANNALIST_TEMPLATE_PARAM_PLAN) == 0 || (needs & ANNALIST_TEMPLATE_PARAM_YEAR) == 0 ||
      params->plan_id == 0 || params->year == ANNALIST_ALL_YEARS)
    return TRUE;
  years = plan_stage_years (store, params->plan_id, error);
  if (years == NULL)
    return FALSE;
  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, int, i) == params->year)
      return TRUE;

  title = annalist_store_record_title (store, annalist_kind_lookup ("plan"), params->plan_id);
  plan = annalist_store_one_line (title != NULL ? title : "");
  label = annalist_academic_year_label (params->year);
  if (years->len == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The plan “%s” has no stages yet: a document for an academic year "
                     "lists the items of the plan’s stage of that year."), plan);
      return FALSE;
    }
  listed = g_string_new (NULL);
  for (guint i = 0; i < years->len; i++)
    {
      g_autofree char *year = annalist_academic_year_label (g_array_index (years, int, i));

      g_string_append_printf (listed, "%s%s", i > 0 ? ", " : "", year);
    }
  if (years->len == 1)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The plan “%s” has no stage in the %s academic year: its stage is in %s."),
                 plan, label, listed->str);
  else
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                 _("The plan “%s” has no stage in the %s academic year: its stages are in %s."),
                 plan, label, listed->str);
  return FALSE;
}

/* File names ---------------------------------------------------------------------- */

/* How long a plan's or a project's title may be in a file name: a few
 * words, enough to tell it from the others in a folder. */
#define NAME_TITLE_CHARS 40

/* @title cut after its last whole word within NAME_TITLE_CHARS, with
 * «…» where it was cut. */
static char *
shortened (const char *title)
{
  const char *cut, *space = NULL;
  GString *text;

  if (g_utf8_strlen (title, -1) <= NAME_TITLE_CHARS)
    return g_strdup (title);
  cut = g_utf8_offset_to_pointer (title, NAME_TITLE_CHARS);
  for (const char *p = title; p < cut; p = g_utf8_next_char (p))
    if (*p == ' ')
      space = p;
  text = g_string_new_len (title, (space != NULL ? space : cut) - title);
  /* «Программа деятельности, …»: no comma or dash before the ellipsis. */
  for (gboolean cut_more = TRUE; cut_more; )
    {
      cut_more = FALSE;
      if (text->len > 0 && strchr (" ,;:-", text->str[text->len - 1]) != NULL)
        {
          g_string_truncate (text, text->len - 1);
          cut_more = TRUE;
        }
      else if (g_str_has_suffix (text->str, "–"))
        {
          g_string_truncate (text, text->len - strlen ("–"));
          cut_more = TRUE;
        }
    }
  g_string_append (text, "…");
  return g_string_free (text, FALSE);
}

/* What the document is written for, as a file name says it: the
 * organisation's short name; a plan's or a project's title, shortened,
 * after its organisation's short name (two schools may have a project
 * of the same topic). */
static void
append_record_name (GString            *name,
                    AnnalistStore      *store,
                    const char         *kind_name,
                    gint64              id)
{
  const AnnalistKind *kind = annalist_kind_lookup (kind_name);
  g_autoptr(AnnalistRecord) record = annalist_store_load (store, kind, id, NULL);
  g_autofree char *title = NULL;

  if (record == NULL)
    return;
  if (!g_str_equal (kind_name, "organisation"))
    {
      gint64 owner = annalist_record_get_int (record, "organisation_id");
      g_autofree char *owner_name = owner > 0 ? annalist_store_record_title (store,
                                                                              annalist_kind_lookup ("organisation"),
                                                                              owner)
                                              : NULL;

      if (owner_name != NULL && *owner_name != '\0')
        g_string_append_printf (name, " %s", owner_name);
    }
  title = annalist_ui_record_title (store, record);
  if (!g_str_equal (kind_name, "organisation"))
    {
      char *cut = shortened (title);

      g_free (title);
      title = cut;
    }
  g_string_append_printf (name, " %s", title);
}

/* Characters no file name may hold somewhere (a slash here, the rest on
 * a USB stick or a Windows share the document is carried to), a control
 * character, a run of spaces; no dot or space at the end. */
static char *
file_name_safe (const char *text)
{
  g_autofree char *line = annalist_store_one_line (text);
  GString *safe = g_string_new (NULL);

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"')
        g_string_append_c (safe, '\'');
      else if (c == '/' || c == '\\' || c == '|')
        g_string_append_c (safe, '-');
      else if (c == ':')
        /* «Проект: этап» reads on as «Проект. этап». */
        g_string_append_c (safe, '.');
      else if (c == '*' || c == '?' || c == '<' || c == '>' || g_unichar_iscntrl (c))
        g_string_append_c (safe, ' ');
      else
        g_string_append_unichar (safe, c);
      /* One space where several came together. */
      if (safe->len >= 2 && safe->str[safe->len - 1] == ' ' && safe->str[safe->len - 2] == ' ')
        g_string_truncate (safe, safe->len - 1);
    }
  while (safe->len > 0 && (safe->str[safe->len - 1] == ' ' || safe->str[safe->len - 1] == '.'))
    g_string_truncate (safe, safe->len - 1);
  while (safe->len > 0 && safe->str[0] == ' ')
    g_string_erase (safe, 0, 1);
  return g_string_free (safe, FALSE);
}

char *
annalist_documents_file_name (AnnalistStore                *store,
                              AnnalistTemplate             *tmpl,
                              const AnnalistDocumentParams *params)
{
  static const struct { AnnalistTemplateParams param; const char *kind; gsize offset; } records[] = {
    { ANNALIST_TEMPLATE_PARAM_ORGANISATION, "organisation",
      G_STRUCT_OFFSET (AnnalistDocumentParams, organisation_id) },
    { ANNALIST_TEMPLATE_PARAM_PLAN, "plan", G_STRUCT_OFFSET (AnnalistDocumentParams, plan_id) },
    { ANNALIST_TEMPLATE_PARAM_PROJECT, "project",
      G_STRUCT_OFFSET (AnnalistDocumentParams, project_id) },
  };
  AnnalistTemplateParams needs;
  g_autoptr(GString) name = NULL;
  g_autofree char *safe = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (ANNALIST_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  needs = annalist_template_get_params (tmpl);
  name = g_string_new (annalist_template_get_name (tmpl));
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      gint64 id = G_STRUCT_MEMBER (gint64, params, records[i].offset);

      if ((needs & records[i].param) && id != 0)
        append_record_name (name, store, records[i].kind, id);
    }

  if (params->year != 0 && (needs & ANNALIST_TEMPLATE_PARAM_YEAR))
    {
      g_autofree char *year = annalist_academic_year_label (params->year);

      g_string_append_printf (name, " %s", year);
    }
  else if (params->period_from != 0 && (needs & ANNALIST_TEMPLATE_PARAM_PERIOD))
    {
      g_autofree char *from = annalist_academic_year_label (params->period_from);
      g_autofree char *to = annalist_academic_year_label (params->period_to);

      /* A period of one year is that year. */
      if (params->period_to == params->period_from || params->period_to == 0)
        g_string_append_printf (name, " %s", from);
      else
        g_string_append_printf (name, " %s – %s", from, to);
    }
  safe = file_name_safe (name->str);
  return g_strconcat (*safe != '\0' ? safe : "document", ".odt", NULL);
}

/* The command line ---------------------------------------------------------------- */

static void
say (const char *sentence)
{
  /* One sentence: messages that end without a stop get one. */
  g_printerr ("%s%s\n", sentence, g_str_has_suffix (sentence, ".") ? "" : ".");
}

static AnnalistStore *
open_database (const char  *database,
               char       **display)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistStore *store;

  if (database == NULL)
    database = default_path = annalist_store_default_path ();
  *display = g_filename_display_name (database);

  /* The command line only reads: the file and its folder stay as they
   * are, and a missing, empty or foreign file is refused. */
  store = annalist_store_open_readonly (database, &error);
  if (store == NULL)
    say (error->message);
  return store;
}

/* A record given on the command line by its id or its name. */
/* The record the command line names: by its id, or by its exact name —
 * the title, and the short and full names where the kind has them (case
 * and «ё» aside). FALSE with a sentence when it names none or several. */
static gboolean
find_record (AnnalistStore  *store,
             const char     *kind_name,
             const char     *option,
             const char     *text,
             gint64         *id)
{
  static const char * const name_columns[] = { "short_name", "full_name", "name", "title", "topic" };
  const AnnalistKind *kind = annalist_kind_lookup (kind_name);
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM ");
  g_autoptr(GString) ids = g_string_new (NULL);
  char *end = NULL;
  gint64 number = g_ascii_strtoll (text, &end, 10);
  const char *separator = " WHERE ";
  sqlite3_stmt *stmt;
  guint n = 0;

  *id = 0;
  if (end != NULL && *end == '\0' && number > 0)
    {
      g_autoptr(AnnalistRecord) record = annalist_store_load (store, kind, number, NULL);
      if (record != NULL)
        {
          *id = number;
          return TRUE;
        }
    }

  g_string_append_printf (sql, "\"%s\"", kind->name);
  for (guint i = 0; i < G_N_ELEMENTS (name_columns); i++)
    if (annalist_kind_field (kind, name_columns[i]) != NULL)
      {
        g_string_append_printf (sql, "%sannalist_fold (trim (\"%s\")) = annalist_fold (trim (?1))",
                                separator, name_columns[i]);
        separator = " OR ";
      }
  g_string_append (sql, " ORDER BY id LIMIT 6");
  stmt = annalist_store_prepare (store, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      if (n++ < 5)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, n > 1 ? ", " : "", *id);
    }
  sqlite3_reset (stmt);

  if (n == 1)
    return TRUE;
  *id = 0;
  if (n == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s=%s: no record has this number or this exact name."),
                                                  option, text);
      say (message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("%s=%s names several records (numbers %s%s): give the number of one."),
                                                  option, text, ids->str, n > 5 ? ", …" : "");
      say (message);
    }
  return FALSE;
}

/* An academic year given as OPTION=TEXT, or a sentence. */
static gboolean
parse_year_option (const char *option,
                   const char *text,
                   int        *year)
{
  if (text == NULL || annalist_academic_year_parse (text, year))
    return TRUE;
  {
    g_autofree char *message = g_strdup_printf (_("%s=%s is not an academic year: write it like 2022-2023."),
                                                option, text);
    say (message);
  }
  return FALSE;
}

/* AddressSanitizer's leak check runs at the process's exit, and so does
 * valgrind's: freeing everything is what lets them tell a leak from what
 * the exit takes back. */
gboolean
annalist_documents_command_frees (void)
{
#if defined (__SANITIZE_ADDRESS__)
  return TRUE;
#elif defined (__has_feature)
# if __has_feature (address_sanitizer)
  return TRUE;
# endif
#endif
#ifdef HAVE_VALGRIND_H
  return RUNNING_ON_VALGRIND != 0;
#else
  return FALSE;
#endif
}

int
annalist_documents_export_command (const AnnalistExportOptions *o)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  AnnalistDocumentParams params = { 0 };
  AnnalistTemplateParams needs;
  int now = annalist_academic_year_current ();

#ifdef __GLIBC__
  /* The process ends with the document: what it frees it keeps for its
   * next allocations instead of handing the top of the heap back to the
   * system after each large free and faulting it in again a moment later
   * (350 of the sample year's 2 400 page faults). */
  mallopt (M_TRIM_THRESHOLD, 256 << 20);
#endif

  if (o->output == NULL || *o->output == '\0')
    {
      say (_("--export needs --output=FILE: the .odt or .fodt file to write"));
      return EXIT_FAILURE;
    }
  if (!parse_year_option ("--year", o->year, &params.year) ||
      !parse_year_option ("--from", o->from, &params.period_from) ||
      !parse_year_option ("--to", o->to, &params.period_to))
    return EXIT_FAILURE;
  if (g_file_test (o->output, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *out = g_filename_display_name (o->output);
      g_autofree char *message = g_strdup_printf (_("“%s” is a folder: give the name of the file to write, ending in .odt or .fodt."), out);
      say (message);
      return EXIT_FAILURE;
    }
  {
    g_autofree char *lower = g_ascii_strdown (o->output, -1);

    if (!g_str_has_suffix (lower, ".odt") && !g_str_has_suffix (lower, ".fodt"))
      {
        g_autofree char *out = g_filename_display_name (o->output);
        g_autofree char *message = g_strdup_printf (_("A document is written as .odt or .fodt: “%s” has neither extension."), out);
        say (message);
        return EXIT_FAILURE;
      }
  }

  store = open_database (o->database, &display);
  if (store == NULL)
    return EXIT_FAILURE;

  tmpl = annalist_documents_open (store, o->which, &error);
  if (tmpl == NULL)
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  needs = annalist_template_get_params (tmpl);

  if (needs & ANNALIST_TEMPLATE_PARAM_PERIOD)
    {
      /* A period of one year may be given as that year. */
      if (params.period_from == 0 && params.period_to == 0 && params.year != 0)
        params.period_from = params.period_to = params.year;
      params.year = 0;
      if (params.period_from == 0 || params.period_to == 0)
        {
          g_autofree char *message = g_strdup_printf (_("The document “%s” is written for a period of years: "
                                                        "give it with --from=2020-2021 --to=2022-2023."),
                                                      annalist_template_get_name (tmpl));
          say (message);
          return EXIT_FAILURE;
        }
      if (params.period_to < params.period_from)
        {
          g_autofree char *message = g_strdup_printf (_("--to=%s comes before --from=%s."), o->to, o->from);
          say (message);
          return EXIT_FAILURE;
        }
    }

  if ((needs & ANNALIST_TEMPLATE_PARAM_YEAR) && params.year == 0)
    {
      g_autofree char *message = g_strdup_printf (_("The document “%s” is written for an academic year: "
                                                    "give it with --year=2022-2023."),
                                                  annalist_template_get_name (tmpl));
      say (message);
      return EXIT_FAILURE;
    }
  /* A year without records is still a document (of empty sections) when
   * it is a plausible one; a year far from today is more likely a typo. */
  if (params.year != 0 && (params.year < now - 15 || params.year > now + 1) &&
      !annalist_documents_year_has_records (store, params.year))
    {
      g_autofree char *label = annalist_academic_year_label (params.year);
      g_autofree char *message = g_strdup_printf (_("The database “%s” has no records of the %s academic year."),
                                                  display, label);
      say (message);
      return EXIT_FAILURE;
    }

  {
    static const struct { AnnalistTemplateParams param; const char *kind; const char *option; gsize offset; } records[] = {
      { ANNALIST_TEMPLATE_PARAM_ORGANISATION, "organisation", "--organisation", G_STRUCT_OFFSET (AnnalistDocumentParams, organisation_id) },
      { ANNALIST_TEMPLATE_PARAM_PLAN, "plan", "--plan", G_STRUCT_OFFSET (AnnalistDocumentParams, plan_id) },
      { ANNALIST_TEMPLATE_PARAM_PROJECT, "project", "--project", G_STRUCT_OFFSET (AnnalistDocumentParams, project_id) },
    };
    const char *given[] = { o->organisation, o->plan, o->project };

    for (guint i = 0; i < G_N_ELEMENTS (records); i++)
      {
        gint64 *id = G_STRUCT_MEMBER_P (&params, records[i].offset);

        if (given[i] != NULL && !find_record (store, records[i].kind, records[i].option, given[i], id))
          return EXIT_FAILURE;
        if ((needs & records[i].param) && *id == 0)
          {
            g_autofree char *message = g_strdup_printf (_("The document “%s” is written for one record: give it with %s=ID or NAME."),
                                                        annalist_template_get_name (tmpl), records[i].option);
            say (message);
            return EXIT_FAILURE;
          }
      }
  }

  if (!annalist_documents_check_params (store, needs, &params, &error) ||
      !annalist_template_render (tmpl, store, &params, o->output, NULL, &error))
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  /* The document is written and the process ends: freeing the template's
   * tree and the store (its statements, its connection, read-only) took
   * 5.4 M instructions of the sample year's 141 M (1.7 ms on a busy
   * machine), only for the exit to take back the same memory whole. */
  if (!annalist_documents_command_frees ())
    {
      tmpl = NULL;
      store = NULL;
    }
  return EXIT_SUCCESS;
}

int
annalist_documents_list_command (const char *database)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  store = open_database (database, &display);
  if (store == NULL)
    return EXIT_FAILURE;
  list = annalist_documents_list (store, &error);
  if (list == NULL)
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < list->len; i++)
    {
      AnnalistDocumentInfo *info = g_ptr_array_index (list, i);
      g_autofree char *params = annalist_template_params_to_string (info->params);
      /* A name kept before names were cleaned, or by another program. */
      g_autofree char *name = annalist_store_one_line (info->name);

      g_print ("%s\t%s\t%s\n", info->id, name, params);
    }
  return EXIT_SUCCESS;
}
