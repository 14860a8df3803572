/* annalist-template-run.c — running a template's queries
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-template-eval.c, which had grown to the size
 * limit: binding a query's parameters in the frames as they are, its
 * prepared statements, the computed kinds it needs filled, and the records
 * reached through references, read once each.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-computed.h"
#include "annalist-date.h"
#include "annalist-store-private.h"
#include "annalist-store.h"
#include "annalist-template-private.h"

/* Queries --------------------------------------------------------------------- */

void
_annalist_render_sql_error (Render *r,
                            Tag    *tag,
                            int     rc)
{
  _annalist_render_fail (r, tag, _("the records cannot be read: %s"),
                         r->db ? sqlite3_errmsg (r->db) : sqlite3_errstr (rc));
}

/* The value @p is bound to, in the frames as they are now. */
static gboolean
bind_param (Render       *r,
            Query        *q,
            sqlite3_stmt *stmt,
            int           index,
            Param        *p)
{
  switch (p->type)
    {
    case PARAM_YEAR:
      sqlite3_bind_int (stmt, index, _annalist_render_year (r));
      return TRUE;

    case PARAM_YEAR_LOW:
    case PARAM_YEAR_HIGH:
    case PARAM_YEAR_FIRST:
    case PARAM_YEAR_LAST:
      {
        g_autofree char *first = NULL, *last = NULL;
        int low, high;

        _annalist_render_years (r, &low, &high);
        if (p->type == PARAM_YEAR_LOW || p->type == PARAM_YEAR_HIGH)
          {
            sqlite3_bind_int (stmt, index, p->type == PARAM_YEAR_LOW ? low : high);
            return TRUE;
          }
        if (p->type == PARAM_YEAR_FIRST)
          annalist_academic_year_bounds (low, &first, NULL);
        else
          annalist_academic_year_bounds (high, NULL, &last);
        sqlite3_bind_text (stmt, index, p->type == PARAM_YEAR_FIRST ? first : last, -1, SQLITE_TRANSIENT);
        return TRUE;
      }

    case PARAM_FRAME_ID:
    case PARAM_LINK_OWNER:
      {
        Frame *f = _annalist_render_frame (r, p->frame);
        sqlite3_bind_int64 (stmt, index, f ? _annalist_frame_id (f) : 0);
        return TRUE;
      }

    case PARAM_GROUP_KEY:
      {
        Frame *f = _annalist_render_frame (r, p->frame);
        if (f != NULL && f->group_key != NULL)
          sqlite3_bind_value (stmt, index, f->group_key);
        else
          sqlite3_bind_null (stmt, index);
        return TRUE;
      }

    case PARAM_EXPR:
    case PARAM_FOLDED:
    case PARAM_RECORD_ID:
      {
        Value v = VALUE_INIT;

        if (!_annalist_eval (r, q->tag, p->expr, &v))
          return FALSE;
        if (p->type == PARAM_RECORD_ID)
          {
            if (v.type == V_RECORD)
              sqlite3_bind_int64 (stmt, index, v.i);
            else
              sqlite3_bind_null (stmt, index);
          }
        else if (p->type == PARAM_FOLDED || (v.type == V_TEXT && p->field == NULL))
          {
            g_autofree char *text = NULL;

            if (v.type == V_RECORD)
              {
                /* A record compared with a text field: its name. */
                sqlite3_value **row = _annalist_record_row (r, v.kind, v.i);
                int col = v.kind->title_column ? _annalist_query_column (v.kind, annalist_kind_field_index (v.kind, v.kind->title_column)) : -1;
                text = g_strdup (row && col >= 0 ? (const char *) sqlite3_value_text (row[col]) : "");
              }
            else if (v.type == V_TEXT)
              text = g_strdup (v.s);
            else if (_annalist_value_is_number (&v))
              text = annalist_format_number (_annalist_value_number (&v), -1);
            else
              text = g_strdup ("");
            {
              g_autofree char *folded = annalist_fold (text ? text : "", -1);

              sqlite3_bind_text (stmt, index, folded, -1, SQLITE_TRANSIENT);
            }
          }
        else if (p->field != NULL && v.type == V_TEXT)
          {
            /* A text typed in the template, converted for the field. */
            switch (p->field->type)
              {
              case ANNALIST_FIELD_DATE:
                {
                  GDate date;
                  if (annalist_date_parse (v.s, &date))
                    {
                      g_autofree char *iso = annalist_date_to_iso (&date);
                      sqlite3_bind_text (stmt, index, iso, -1, SQLITE_TRANSIENT);
                    }
                  else
                    sqlite3_bind_text (stmt, index, v.s, -1, SQLITE_TRANSIENT);
                }
                break;
              case ANNALIST_FIELD_YEAR:
                {
                  int year;
                  if (annalist_academic_year_parse (v.s, &year))
                    sqlite3_bind_int (stmt, index, year);
                  else
                    sqlite3_bind_text (stmt, index, v.s, -1, SQLITE_TRANSIENT);
                }
                break;
              case ANNALIST_FIELD_BOOLEAN:
                {
                  g_autofree char *folded = annalist_fold (v.s, -1);
                  gboolean yes = g_str_equal (folded, "да") || g_str_equal (folded, "yes") ||
                                 g_str_equal (folded, "true") || g_str_equal (folded, "1");
                  sqlite3_bind_int (stmt, index, yes);
                }
                break;
              default:
                {
                  GVariant *parsed = annalist_field_parse (p->field, v.s, NULL);
                  if (parsed != NULL && g_variant_is_of_type (parsed, G_VARIANT_TYPE_INT64))
                    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (parsed));
                  else if (parsed != NULL && g_variant_is_of_type (parsed, G_VARIANT_TYPE_DOUBLE))
                    sqlite3_bind_double (stmt, index, g_variant_get_double (parsed));
                  else
                    sqlite3_bind_text (stmt, index, v.s, -1, SQLITE_TRANSIENT);
                  if (parsed != NULL)
                    g_variant_unref (g_variant_ref_sink (parsed));
                }
              }
          }
        else
          switch (v.type)
            {
            case V_NULL: sqlite3_bind_null (stmt, index); break;
            case V_INT: case V_BOOL: case V_RECORD: sqlite3_bind_int64 (stmt, index, v.i); break;
            case V_REAL: sqlite3_bind_double (stmt, index, v.r); break;
            case V_TEXT: sqlite3_bind_text (stmt, index, v.s, -1, SQLITE_TRANSIENT); break;
            case V_LIST: sqlite3_bind_int64 (stmt, index, v.ids->len); break;
            default: sqlite3_bind_null (stmt, index);
            }
        _annalist_value_clear (&v);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* The statements of one SQL text. Queries with the same text (a count a
 * section's {{#if}} asks and its loop's, a kind's rows in several places)
 * share one; another is prepared only while one is in use by another query,
 * its rows being read (nested loops over the same records). */
typedef struct Statement Statement;
struct Statement
{
  sqlite3_stmt *stmt;
  Query        *user;   /* the query that ran it last */
  Statement    *next;   /* another of the same text */
};

static void
statement_free (gpointer data)
{
  Statement *s = data;

  while (s != NULL)
    {
      Statement *next = s->next;

      sqlite3_finalize (s->stmt);
      g_free (s);
      s = next;
    }
}

GHashTable *
_annalist_statements_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, statement_free);
}

static Statement *
statement_new (Render     *r,
               Query      *q,
               const char *sql)
{
  sqlite3_stmt *stmt;
  Statement *s;
  int rc;

  rc = sqlite3_prepare_v3 (r->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Cannot prepare %s: %s", sql, sqlite3_errmsg (r->db));
      _annalist_render_sql_error (r, q->tag, rc);
      return NULL;
    }
  s = g_new0 (Statement, 1);
  s->stmt = stmt;
  return s;
}

/* @cache: the query's statements by query (r->stmts or r->count_stmts),
 * the first of its text. */
static sqlite3_stmt *
prepare (Render      *r,
         GHashTable  *cache,
         Query       *q,
         const char  *sql)
{
  Statement *first = g_hash_table_lookup (cache, q);
  Statement *s;

  if (first == NULL)
    {
      first = g_hash_table_lookup (r->statements, sql);
      if (first == NULL)
        {
          first = statement_new (r, q, sql);
          if (first == NULL)
            return NULL;
          g_hash_table_insert (r->statements, (gpointer) sql, first);
        }
      g_hash_table_insert (cache, q, first);
    }
  for (s = first; s != NULL; s = s->next)
    if (s->user == q || s->user == NULL || !sqlite3_stmt_busy (s->stmt))
      break;
  if (s == NULL)
    {
      s = statement_new (r, q, sql);
      if (s == NULL)
        return NULL;
      s->next = first->next;
      first->next = s;
    }
  s->user = q;
  sqlite3_reset (s->stmt);
  sqlite3_clear_bindings (s->stmt);
  return s->stmt;
}

static gboolean
fill_computed (Render *r,
               Query  *q)
{
  int year = _annalist_render_year (r);
  g_autofree char *key = NULL;
  GError *error = NULL;

  if (!q->computed)
    return TRUE;
  /* Kinds computed together are filled together, once. */
  key = g_strdup_printf ("%s:%d", annalist_computed_family (q->kind)->name, year);
  if (g_hash_table_contains (r->filled, key))
    return TRUE;
  if (!annalist_computed_fill (r->store, q->kind, year, &error))
    {
      _annalist_render_fail (r, q->tag, "%s", error->message);
      g_error_free (error);
      return FALSE;
    }
  g_hash_table_add (r->filled, g_steal_pointer (&key));
  return TRUE;
}

sqlite3_stmt *
_annalist_query_run (Render *r,
                     Query  *q)
{
  sqlite3_stmt *stmt;

  if (!_annalist_render_ok (r) || !fill_computed (r, q))
    return NULL;
  stmt = prepare (r, r->stmts, q, q->sql);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < q->params->len; i++)
    if (!bind_param (r, q, stmt, (int) i + 1, g_ptr_array_index (q->params, i)))
      return NULL;
  return stmt;
}

gint64
_annalist_query_count (Render *r,
                       Query  *q)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  if (!_annalist_render_ok (r) || !fill_computed (r, q))
    return 0;
  stmt = prepare (r, r->count_stmts, q, q->count_sql);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < q->where_params->len; i++)
    if (!bind_param (r, q, stmt, (int) i + 1, g_ptr_array_index (q->where_params, i)))
      return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    _annalist_render_sql_error (r, q->tag, rc);
  sqlite3_reset (stmt);
  return n;
}

/* Records reached through references ------------------------------------------ */

static void
row_free (gpointer data)
{
  sqlite3_value **row = data;

  for (guint i = 0; row[i] != NULL; i++)
    sqlite3_value_free (row[i]);
  g_free (row);
}

sqlite3_value **
_annalist_record_row (Render             *r,
                      const AnnalistKind *kind,
                      gint64              id)
{
  GHashTable *rows = g_hash_table_lookup (r->rows, kind->name);
  sqlite3_value **row;
  sqlite3_stmt *stmt;
  g_autoptr(GString) sql = NULL;
  guint n = _annalist_query_n_columns (kind);
  int rc;

  if (rows == NULL)
    {
      rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, row_free);
      g_hash_table_insert (r->rows, (gpointer) kind->name, rows);
    }
  row = g_hash_table_lookup (rows, &id);
  if (row != NULL)
    return row;
  if (g_hash_table_contains (rows, &id))
    return NULL;

  sql = g_string_new ("SELECT t.id");
  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      g_string_append_printf (sql, ", t.\"%s\"", kind->fields[i].column);
  g_string_append_printf (sql, " FROM \"%s\" t WHERE t.id = ?", kind->name);
  stmt = annalist_store_prepare (r->store, sql->str, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = g_new0 (sqlite3_value *, n + 1);
      for (guint i = 0; i < n; i++)
        row[i] = sqlite3_value_dup (sqlite3_column_value (stmt, (int) i));
    }
  sqlite3_reset (stmt);
  g_hash_table_insert (rows, g_memdup2 (&id, sizeof id), row);
  return row;
}
