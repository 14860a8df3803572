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

/* Binding a statement's parameters, one after the other, and writing down
 * what was bound: the statement and its values say whether an aggregate is
 * one computed before in the rendering. */
typedef struct
{
  sqlite3_stmt *stmt;
  int           index;   /* of the parameter being bound */
  GString      *key;
} Binding;

/* Raw bytes: the key is compared, never read. */
static void
key_add (Binding       *b,
         char           type,
         gconstpointer  data,
         gsize          size)
{
  if (b->key == NULL)
    return;
  g_string_append_c (b->key, type);
  g_string_append_len (b->key, data, (gssize) size);
}

static void
bound_null (Binding *b)
{
  sqlite3_bind_null (b->stmt, b->index);
  key_add (b, 'n', NULL, 0);
}

static void
bound_int (Binding *b,
           gint64   value)
{
  sqlite3_bind_int64 (b->stmt, b->index, value);
  key_add (b, 'i', &value, sizeof value);
}

static void
bound_double (Binding *b,
              double   value)
{
  sqlite3_bind_double (b->stmt, b->index, value);
  key_add (b, 'r', &value, sizeof value);
}

static void
bound_text (Binding    *b,
            const char *text)
{
  gsize n = strlen (text);

  sqlite3_bind_text (b->stmt, b->index, text, (int) n, SQLITE_TRANSIENT);
  key_add (b, 't', &n, sizeof n);
  key_add (b, ':', text, n);
}

static void
bound_value (Binding       *b,
             sqlite3_value *value)
{
  switch (sqlite3_value_type (value))
    {
    case SQLITE_INTEGER: bound_int (b, sqlite3_value_int64 (value)); break;
    case SQLITE_FLOAT: bound_double (b, sqlite3_value_double (value)); break;
    case SQLITE_NULL: bound_null (b); break;
    default:
      {
        int type = sqlite3_value_type (value);
        gsize n = (gsize) sqlite3_value_bytes (value);

        sqlite3_bind_value (b->stmt, b->index, value);
        key_add (b, 'v', &type, sizeof type);
        key_add (b, ':', &n, sizeof n);
        key_add (b, ':', sqlite3_value_blob (value), n);
      }
    }
}

/* The value @p is bound to, in the frames as they are now. */
static gboolean
bind_param (Render  *r,
            Query   *q,
            Binding *b,
            Param   *p)
{
  switch (p->type)
    {
    case PARAM_YEAR:
      bound_int (b, _annalist_render_year (r));
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
            bound_int (b, p->type == PARAM_YEAR_LOW ? low : high);
            return TRUE;
          }
        if (p->type == PARAM_YEAR_FIRST)
          annalist_academic_year_bounds (low, &first, NULL);
        else
          annalist_academic_year_bounds (high, NULL, &last);
        bound_text (b, p->type == PARAM_YEAR_FIRST ? first : last);
        return TRUE;
      }

    case PARAM_FRAME_ID:
    case PARAM_LINK_OWNER:
      {
        Frame *f = _annalist_render_frame (r, p->frame);
        bound_int (b, f ? _annalist_frame_id (f) : 0);
        return TRUE;
      }

    case PARAM_GROUP_KEY:
      {
        Frame *f = _annalist_render_frame (r, p->frame);
        if (f != NULL && f->group_key != NULL)
          bound_value (b, f->group_key);
        else
          bound_null (b);
        return TRUE;
      }

    case PARAM_LIMIT:
      {
        /* SQLite takes a whole number only, and tells «datatype mismatch»
         * of anything else: the loop's placeholder is named instead. */
        Value v = VALUE_INIT;
        gint64 n = -1;

        if (!_annalist_eval (r, q->tag, p->expr, &v))
          return FALSE;
        if (v.type == V_INT)
          n = v.i;
        else if (v.type == V_REAL && v.r >= 0 && v.r <= G_MAXINT32 && v.r == (double) (gint64) v.r)
          n = (gint64) v.r;
        else if (v.type == V_TEXT)
          {
            g_autofree char *stripped = g_strstrip (g_strdup (v.s));
            guint64 u;

            if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT64, &u, NULL))
              n = (gint64) u;
          }
        _annalist_value_clear (&v);
        if (n < 0)
          {
            _annalist_render_fail (r, q->tag, _("limit takes a whole number of records"));
            return FALSE;
          }
        bound_int (b, n);
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
              bound_int (b, v.i);
            else
              bound_null (b);
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

              bound_text (b, folded);
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
                      bound_text (b, iso);
                    }
                  else
                    bound_text (b, v.s);
                }
                break;
              case ANNALIST_FIELD_YEAR:
                {
                  int year;
                  if (annalist_academic_year_parse (v.s, &year))
                    bound_int (b, year);
                  else
                    bound_text (b, v.s);
                }
                break;
              case ANNALIST_FIELD_BOOLEAN:
                {
                  g_autofree char *folded = annalist_fold (v.s, -1);
                  gboolean yes = g_str_equal (folded, "да") || g_str_equal (folded, "yes") ||
                                 g_str_equal (folded, "true") || g_str_equal (folded, "1");
                  bound_int (b, yes);
                }
                break;
              default:
                {
                  GVariant *parsed = annalist_field_parse (p->field, v.s, NULL);
                  if (parsed != NULL && g_variant_is_of_type (parsed, G_VARIANT_TYPE_INT64))
                    bound_int (b, g_variant_get_int64 (parsed));
                  else if (parsed != NULL && g_variant_is_of_type (parsed, G_VARIANT_TYPE_DOUBLE))
                    bound_double (b, g_variant_get_double (parsed));
                  else
                    bound_text (b, v.s);
                  if (parsed != NULL)
                    g_variant_unref (g_variant_ref_sink (parsed));
                }
              }
          }
        else
          switch (v.type)
            {
            case V_NULL: bound_null (b); break;
            case V_INT: case V_BOOL: case V_RECORD: bound_int (b, v.i); break;
            case V_REAL: bound_double (b, v.r); break;
            case V_TEXT: bound_text (b, v.s); break;
            case V_LIST: bound_int (b, v.ids->len); break;
            default: bound_null (b);
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
  gboolean      shared; /* the first's: more than one query runs the text */
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
 * the first of its text; into @text that first, which names the text in
 * a key of what is bound to it. */
static sqlite3_stmt *
prepare (Render      *r,
         GHashTable  *cache,
         Query       *q,
         const char  *sql,
         Statement  **text)
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
      else
        first->shared = TRUE;
      g_hash_table_insert (cache, q, first);
    }
  *text = first;
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

static sqlite3_stmt *
query_run (Render  *r,
           Query   *q,
           GString *key)
{
  sqlite3_stmt *stmt;
  Statement *text;
  Binding b;

  if (!_annalist_render_ok (r) || !fill_computed (r, q))
    return NULL;
  stmt = prepare (r, r->stmts, q, q->sql, &text);
  if (stmt == NULL)
    return NULL;
  /* The text, for what is bound to it. */
  if (key != NULL)
    g_string_append_len (key, (const char *) &text, sizeof text);
  b = (Binding) { stmt, 0, key };
  for (guint i = 0; i < q->params->len; i++)
    {
      b.index = (int) i + 1;
      if (!bind_param (r, q, &b, g_ptr_array_index (q->params, i)))
        return NULL;
    }
  return stmt;
}

sqlite3_stmt *
_annalist_query_run (Render *r,
                     Query  *q)
{
  return query_run (r, q, NULL);
}

sqlite3_stmt *
_annalist_query_run_keyed (Render  *r,
                           Query   *q,
                           GString *key)
{
  return query_run (r, q, key);
}

/* A loop's count is the statement of «{{count …}}» of the same rows (or
 * one column of theirs, merge_aggregates): when another query runs its
 * text, it is kept with the aggregates' results, by statement, values
 * bound and column, and counted once («{{#if count programme}}», then the
 * loop over programme). */
gint64
_annalist_query_count (Render *r,
                       Query  *q)
{
  g_autoptr(GString) key = NULL;
  g_autoptr(GBytes) bound = NULL;
  const Value *known;
  Value *counted;
  sqlite3_stmt *stmt;
  Statement *text;
  gint64 n = 0;
  Binding b;
  int rc;

  if (!_annalist_render_ok (r) || !fill_computed (r, q))
    return 0;
  stmt = prepare (r, r->count_stmts, q, q->count_sql, &text);
  if (stmt == NULL)
    return 0;
  if (text->shared)
    {
      key = g_string_new (NULL);
      g_string_append_len (key, (const char *) &text, sizeof text);
    }
  b = (Binding) { stmt, 0, key };
  for (guint i = 0; i < q->where_params->len; i++)
    {
      b.index = (int) i + 1;
      if (!bind_param (r, q, &b, g_ptr_array_index (q->where_params, i)))
        return 0;
    }
  if (key != NULL)
    {
      /* The key as eval_aggregate's result_key () makes it. */
      g_string_append_len (key, (const char *) &q->count_column, sizeof q->count_column);
      bound = g_bytes_new (key->str, key->len);
      known = g_hash_table_lookup (r->results, bound);
      if (known != NULL && known->type == V_INT)
        return known->i;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      n = sqlite3_column_int64 (stmt, (int) q->count_column);
      if (bound != NULL)
        {
          counted = g_new0 (Value, 1);
          counted->type = V_INT;
          counted->i = n;
          g_hash_table_insert (r->results, g_steal_pointer (&bound), counted);
        }
    }
  else if (rc != SQLITE_DONE)
    _annalist_render_sql_error (r, q->tag, rc);
  sqlite3_reset (stmt);
  return n;
}

/* Records reached through references ------------------------------------------ */

/* A copy of @stmt's current row, NULL-terminated. */
sqlite3_value **
_annalist_row_keep (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  sqlite3_value **row = g_new0 (sqlite3_value *, n + 1);

  for (int i = 0; i < n; i++)
    row[i] = sqlite3_value_dup (sqlite3_column_value (stmt, i));
  return row;
}

void
_annalist_row_free (gpointer data)
{
  sqlite3_value **row = data;

  if (row == NULL)   /* an id with no row is kept as NULL */
    return;
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
  static const char * const engine_columns[] = {
    "name", "short_name", "full_name", "title", "topic", "number", "type_id", "position", NULL,
  };
  const guint64 *used;
  int rc;

  if (rows == NULL)
    {
      rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, _annalist_row_free);
      g_hash_table_insert (r->rows, (gpointer) kind->name, rows);
    }
  row = g_hash_table_lookup (rows, &id);
  if (row != NULL)
    return row;
  if (g_hash_table_contains (rows, &id))
    return NULL;

  /* The fields names read of the kind's records, and those the engine
   * reads itself: the names and title (record_title, record_named), an
   * organisation's type and a type's position (org_names). The others
   * are NULL in their places. */
  used = r->tmpl->record_fields ? g_hash_table_lookup (r->tmpl->record_fields, kind) : NULL;
  sql = g_string_new ("SELECT t.id");
  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      {
        const char *column = kind->fields[i].column;

        if (i >= 64 || (used != NULL && (*used & (G_GUINT64_CONSTANT (1) << i))) ||
            g_strv_contains (engine_columns, column) ||
            g_strcmp0 (column, kind->title_column) == 0)
          {
            /* Not printf: a kind's rows are read one by one. */
            g_string_append (sql, ", t.\"");
            g_string_append (sql, column);
            g_string_append_c (sql, '"');
          }
        else
          g_string_append (sql, ", NULL");
      }
  g_string_append_printf (sql, " FROM \"%s\" t WHERE t.id = ?", kind->name);
  stmt = annalist_store_prepare (r->store, sql->str, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = _annalist_row_keep (stmt);
  sqlite3_reset (stmt);
  g_hash_table_insert (rows, g_memdup2 (&id, sizeof id), row);
  return row;
}
