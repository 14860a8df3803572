/* annalist-template-eval.c — values of the records, expressions, formats
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While a document is written, each loop's current record is its SQLite
 * statement's current row: values are read from it as they are needed, not
 * copied. Records reached through references (an event's kind, an entry's
 * organisation) are read once each and kept for the rest of the document.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-date.h"
#include "annalist-odf.h"
#include "annalist-store-private.h"
#include "annalist-store.h"
#include "annalist-template-private.h"

/* Frames --------------------------------------------------------------------- */

Frame *
_annalist_render_frame (Render *r,
                        guint   index)
{
  for (guint i = r->frames->len; i-- > 0; )
    {
      Frame *f = g_ptr_array_index (r->frames, i);
      if (f->index == index)
        return f;
    }
  return NULL;
}

int
_annalist_render_year (Render *r)
{
  for (guint i = r->frames->len; i-- > 0; )
    {
      Frame *f = g_ptr_array_index (r->frames, i);
      if (f->type == FRAME_YEAR)
        return f->year;
    }
  /* Outside its loops over years, a period document's year is its last. */
  return r->params->year != 0 ? r->params->year : r->params->period_to;
}

/* The academic years records are taken from where the frames are now: the
 * year in force, or a period document's whole period. */
void
_annalist_render_years (Render *r,
                        int    *low,
                        int    *high)
{
  for (guint i = r->frames->len; i-- > 0; )
    {
      Frame *f = g_ptr_array_index (r->frames, i);
      if (f->type == FRAME_YEAR)
        {
          *low = *high = f->year;
          return;
        }
    }
  if (r->params->year == 0 && r->params->period_from != 0)
    {
      *low = r->params->period_from;
      *high = r->params->period_to;
      return;
    }
  *low = *high = r->params->year;
}

char *
_annalist_year_label (Render *r,
                      int     year)
{
  return g_strdup_printf ("%d%s%d", year, r->separator, year + 1);
}

static sqlite3_value *
frame_column (Frame *f,
              int    column)
{
  if (f->stmt != NULL)
    return sqlite3_column_value (f->stmt, column);
  if (f->row != NULL && (guint) column < f->n_row)
    return f->row[column];
  return NULL;
}

gint64
_annalist_frame_id (Frame *f)
{
  sqlite3_value *v = frame_column (f, 0);

  return v ? sqlite3_value_int64 (v) : 0;
}

/* An organisation of a record's list, and its place in the list. */
typedef struct
{
  gint64  id;
  int     rank;       /* 0 a number, 1 a text (as SQLite orders them), 2 none (NULL, last) */
  double  position;
  char   *text;
} Link;

static void
link_clear (gpointer data)
{
  g_free (((Link *) data)->text);
}

/* The list's order, as «ORDER BY position IS NULL, position,
 * organisation_id» gives it. */
static int
compare_links (gconstpointer a,
               gconstpointer b)
{
  const Link *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->rank == 0 && x->position != y->position)
    return x->position < y->position ? -1 : 1;
  if (x->rank == 1)
    {
      int order = strcmp (x->text, y->text);
      if (order != 0)
        return order;
    }
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The organisations of a REFERENCES field of @kind of the record @owner,
 * read once a record: a document names an event's organisers in its table
 * and again in its text. */
static GArray *
linked_ids (Render              *r,
            const AnnalistKind  *kind,
            const AnnalistField *field,
            gint64               owner)
{
  g_autofree char *sql = NULL;
  GHashTable *owners = g_hash_table_lookup (r->links, field->junction);
  sqlite3_stmt *stmt;
  GArray *ids;

  if (owners != NULL && (ids = g_hash_table_lookup (owners, &owner)) != NULL)
    return g_array_copy (ids);

  /* Sorted here, not by SQLite: a temporary b-tree a record cost more
   * than the rows. */
  sql = g_strdup_printf ("SELECT organisation_id, position FROM \"%s\" WHERE \"%s\" = ?1",
                         field->junction, field->junction_column);
  stmt = annalist_store_prepare (r->store, sql, NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (stmt == NULL)
    return ids;
  sqlite3_bind_int64 (stmt, 1, owner);
  {
    g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));

    g_array_set_clear_func (links, link_clear);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        int type = sqlite3_column_type (stmt, 1);
        Link link = { sqlite3_column_int64 (stmt, 0), 0, sqlite3_column_double (stmt, 1), NULL };

        if (type == SQLITE_NULL)
          link.rank = 2;
        else if (type == SQLITE_TEXT || type == SQLITE_BLOB)
          {
            link.rank = 1;
            link.text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          }
        g_array_append_val (links, link);
      }
    g_array_sort (links, compare_links);
    for (guint i = 0; i < links->len; i++)
      g_array_append_val (ids, g_array_index (links, Link, i).id);
  }
  sqlite3_reset (stmt);

  /* A computed kind's lists are filled during the rendering, year by
   * year: read each time. */
  if (!annalist_computed_kind_is (kind))
    {
      if (owners == NULL)
        {
          owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
          g_hash_table_insert (r->links, (gpointer) field->junction, owners);
        }
      g_hash_table_insert (owners, g_memdup2 (&owner, sizeof owner), g_array_copy (ids));
    }
  return ids;
}

void
_annalist_row_value (Render              *r,
                     const AnnalistKind  *kind,
                     sqlite3_value      **row,
                     sqlite3_stmt        *stmt,
                     const int           *columns,
                     guint                index,
                     gint64               id,
                     Value               *out)
{
  const AnnalistField *field;
  int column;
  sqlite3_value *v;

  _annalist_value_clear (out);
  if ((int) index == ID_FIELD)
    {
      out->type = V_INT;
      out->i = id;
      out->field = &_annalist_id_field;
      return;
    }
  field = &kind->fields[index];
  column = columns != NULL ? columns[index] : _annalist_query_column (kind, index);
  out->field = field;

  if (field->type == ANNALIST_FIELD_REFERENCES)
    {
      out->type = V_LIST;
      out->kind = _annalist_names_target_of (field);
      out->ids = linked_ids (r, kind, field, id);
      return;
    }

  if (column < 0)
    return;
  v = stmt != NULL ? sqlite3_column_value (stmt, column) : row ? row[column] : NULL;
  if (v == NULL || sqlite3_value_type (v) == SQLITE_NULL)
    return;

  switch (field->type)
    {
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_YEAR:
      out->type = V_INT;
      out->i = sqlite3_value_int64 (v);
      break;
    case ANNALIST_FIELD_REAL:
      out->type = V_REAL;
      out->r = sqlite3_value_double (v);
      break;
    case ANNALIST_FIELD_BOOLEAN:
      out->type = V_BOOL;
      out->i = sqlite3_value_int (v) != 0;
      break;
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      out->type = V_RECORD;
      out->i = sqlite3_value_int64 (v);
      out->kind = _annalist_names_target_of (field);
      break;
    default:
      {
        const char *text = (const char *) sqlite3_value_text (v);

        out->type = V_TEXT;
        /* A stored text that is not UTF-8 is made valid here, once. */
        out->s = text == NULL ? g_strdup ("")
                 : g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
      }
    }
}

static gboolean
eval_chain (Render  *r,
            PathRef *ref,
            Frame   *frame,
            Value   *out)
{
  const AnnalistKind *kind = ref->kind;
  sqlite3_stmt *stmt = frame->stmt;
  sqlite3_value **row = frame->row;
  const int *columns = frame->columns;
  gint64 id = _annalist_frame_id (frame);

  for (guint i = 0; i < ref->chain->len; i++)
    {
      guint index = (guint) g_array_index (ref->chain, int, i);

      _annalist_row_value (r, kind, row, stmt, columns, index, id, out);
      if (i + 1 == ref->chain->len)
        break;
      if (out->type != V_RECORD)
        {
          /* An empty reference: the rest is empty too. */
          _annalist_value_clear (out);
          return TRUE;
        }
      kind = out->kind;
      id = out->i;
      row = _annalist_record_row (r, kind, id);
      stmt = NULL;
      columns = NULL;
      if (row == NULL)
        {
          _annalist_value_clear (out);
          return TRUE;
        }
    }
  return TRUE;
}

/* The text of a record for people: its title. */
static char *
record_title (Render             *r,
              const AnnalistKind *kind,
              gint64              id)
{
  sqlite3_value **row = _annalist_record_row (r, kind, id);
  int index = kind->title_column ? annalist_kind_field_index (kind, kind->title_column) : -1;
  int column = index >= 0 ? _annalist_query_column (kind, index) : -1;
  const char *text;

  if (row == NULL || column < 0)
    return g_strdup ("");
  text = (const char *) sqlite3_value_text (row[column]);
  if (text == NULL)
    return g_strdup ("");
  return g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
}

/* Settings and narratives ----------------------------------------------------------- */

static const char *
setting (Render     *r,
         const char *key)
{
  char *value = g_hash_table_lookup (r->settings, key);

  if (value == NULL)
    {
      value = annalist_store_get_setting (r->store, key);
      if (!g_utf8_validate (value, -1, NULL))
        {
          char *valid = g_utf8_make_valid (value, -1);
          g_free (value);
          value = valid;
        }
      g_hash_table_insert (r->settings, g_strdup (key), value);
    }
  return value;
}

/* The report's texts of @year, all read the first time one is asked for:
 * a document asks for dozens, one statement rather than one a text. */
static void
read_narratives (Render *r,
                 int     year)
{
  sqlite3_stmt *stmt = annalist_store_prepare (r->store,
                                               "SELECT section, text FROM report_narrative "
                                               "WHERE academic_year = ?1", NULL);

  /* The year's mark: keys of texts have a colon. */
  g_hash_table_insert (r->narratives, g_strdup_printf ("%d", year), g_strdup (""));
  if (stmt == NULL)
    return;
  sqlite3_bind_int (stmt, 1, year);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *section = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      char *text = g_strdup (value != NULL ? value : "");

      if (!g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);
          g_free (text);
          text = valid;
        }
      g_strstrip (text);
      g_hash_table_insert (r->narratives, g_strdup_printf ("%d:%s", year, section), text);
    }
  sqlite3_reset (stmt);
}

static const char *
narrative (Render     *r,
           const char *key)
{
  int year = _annalist_render_year (r);
  g_autofree char *id = g_strdup_printf ("%d:%s", year, key);
  const char *text = g_hash_table_lookup (r->narratives, id);
  char mark[16];

  if (text != NULL)
    return text;
  g_snprintf (mark, sizeof mark, "%d", year);
  if (!g_hash_table_contains (r->narratives, mark))
    {
      read_narratives (r, year);
      text = g_hash_table_lookup (r->narratives, id);
    }
  /* Once the year's texts are read, a key not among them has none. */
  return text != NULL ? text : "";
}

/* Expressions -------------------------------------------------------------------- */

static gboolean
truth (const Value *v)
{
  switch (v->type)
    {
    case V_NULL: return FALSE;
    case V_INT: case V_BOOL: return v->i != 0;
    case V_REAL: return v->r != 0;
    case V_TEXT:
      for (const char *p = v->s; *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return TRUE;
      return FALSE;
    case V_RECORD: return TRUE;
    case V_LIST: return v->ids->len > 0;
    default: return FALSE;
    }
}

/* Text of a value for comparing with a text: folded. */
static char *
folded_text (Render      *r,
             const Value *v)
{
  g_autofree char *text = NULL;

  switch (v->type)
    {
    case V_TEXT: text = g_strdup (v->s); break;
    case V_RECORD: text = record_title (r, v->kind, v->i); break;
    case V_INT: case V_REAL: text = annalist_format_number (_annalist_value_number (v), -1); break;
    default: text = g_strdup ("");
    }
  return _annalist_name_fold (text);
}

/* Whether a record is named @text (its name, short name or title). */
static gboolean
record_named (Render             *r,
              const AnnalistKind *kind,
              gint64              id,
              const char         *folded)
{
  static const char * const names[] = { "name", "short_name", "full_name", "title", "topic", "number" };
  sqlite3_value **row = _annalist_record_row (r, kind, id);

  if (row == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      int index = annalist_kind_field_index (kind, names[i]);
      g_autofree char *f = NULL;
      const char *text;

      if (index < 0)
        continue;
      text = (const char *) sqlite3_value_text (row[_annalist_query_column (kind, index)]);
      f = _annalist_name_fold (text ? text : "");
      if (g_str_equal (f, folded))
        return TRUE;
    }
  return FALSE;
}

static int
compare (Render      *r,
         const Value *a,
         const Value *b,
         gboolean    *comparable)
{
  *comparable = TRUE;

  if (a->type == V_RECORD && b->type == V_RECORD)
    return a->kind == b->kind && a->i == b->i ? 0 : (a->i < b->i ? -1 : 1);
  if (a->type == V_RECORD || b->type == V_RECORD)
    {
      const Value *rec = a->type == V_RECORD ? a : b;
      const Value *other = a->type == V_RECORD ? b : a;
      g_autofree char *f = folded_text (r, other);

      *comparable = FALSE;
      return record_named (r, rec->kind, rec->i, f) ? 0 : 1;
    }
  if ((_annalist_value_is_number (a) || a->type == V_BOOL || a->type == V_NULL) &&
      (_annalist_value_is_number (b) || b->type == V_BOOL || b->type == V_NULL))
    {
      double x = _annalist_value_number (a), y = _annalist_value_number (b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  {
    /* Texts: dates as typed («01.01.2023») compare with stored ISO dates. */
    g_autofree char *x = folded_text (r, a);
    g_autofree char *y = folded_text (r, b);
    GDate dx, dy;

    if (((a->field && a->field->type == ANNALIST_FIELD_DATE) || (b->field && b->field->type == ANNALIST_FIELD_DATE)) &&
        annalist_date_parse (x, &dx) && annalist_date_parse (y, &dy))
      return g_date_compare (&dx, &dy);
    if (_annalist_value_is_number (a) || _annalist_value_is_number (b))
      {
        double dx2 = _annalist_value_number (a), dy2 = _annalist_value_number (b);
        return dx2 < dy2 ? -1 : dx2 > dy2 ? 1 : 0;
      }
    return g_utf8_collate (x, y);
  }
}

static void
set_number (Value  *out,
            double  d)
{
  _annalist_value_clear (out);
  if (isfinite (d) && d == floor (d) && fabs (d) < 1e15)
    {
      out->type = V_INT;
      out->i = (gint64) d;
    }
  else
    {
      out->type = V_REAL;
      out->r = d;
    }
}

/* Column @c of an aggregate's row: what @agg of @field gives. */
static void
aggregate_value (sqlite3_stmt        *stmt,
                 int                  c,
                 AggFunc              agg,
                 const AnnalistField *f,
                 Value               *out)
{
  if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
    out->type = V_NULL;
  else if (agg == AGG_COUNT)
    {
      out->type = V_INT;
      out->i = sqlite3_column_int64 (stmt, c);
    }
  else if ((agg == AGG_MIN || agg == AGG_MAX) && f != NULL)
    {
      /* The first or last value, as the field has it: a date, a
       * text, a record. */
      out->field = f;
      if (f->type == ANNALIST_FIELD_DICTIONARY || f->type == ANNALIST_FIELD_REFERENCE)
        {
          out->type = V_RECORD;
          out->i = sqlite3_column_int64 (stmt, c);
          out->kind = annalist_kind_lookup (f->target);
        }
      else if (sqlite3_column_type (stmt, c) == SQLITE_TEXT)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          out->type = V_TEXT;
          out->s = g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
        }
      else if (f->type == ANNALIST_FIELD_INTEGER || f->type == ANNALIST_FIELD_YEAR ||
               f->type == ANNALIST_FIELD_BOOLEAN)
        {
          out->type = f->type == ANNALIST_FIELD_BOOLEAN ? V_BOOL : V_INT;
          out->i = sqlite3_column_int64 (stmt, c);
        }
      else
        set_number (out, sqlite3_column_double (stmt, c));
    }
  else
    set_number (out, sqlite3_column_double (stmt, c));
}

/* The key of column @c's result: the statement, the values bound, @c. */
static GBytes *
result_key (GString *key,
            guint    c)
{
  gsize len = key->len;
  GBytes *bytes;

  g_string_append_len (key, (const char *) &c, sizeof c);
  bytes = g_bytes_new (key->str, key->len);
  g_string_truncate (key, len);
  return bytes;
}

static gboolean
eval_aggregate (Render *r,
                Tag    *tag,
                Expr   *e,
                Value  *out)
{
  Query *q = e->query;
  g_autoptr(GString) key = NULL;
  g_autoptr(GBytes) bound = NULL;
  const Value *known;
  sqlite3_stmt *stmt;
  int rc;

  if (e->ref != NULL)
    {
      /* count alone: the loop's or group's records. */
      Frame *f = _annalist_render_frame (r, e->ref->frame);

      _annalist_value_clear (out);
      out->type = V_INT;
      out->i = f == NULL ? 0 : f->type == FRAME_GROUP ? f->group_count : MAX (f->count, 0);
      return TRUE;
    }

  key = g_string_new (NULL);
  stmt = _annalist_query_run_keyed (r, q, key);
  if (stmt == NULL)
    return FALSE;
  _annalist_value_clear (out);

  /* The same statement with the same values gives the same figures in the
   * one read snapshot («{{#if count …}}», then «{{count …}}»; the sums of
   * the same rows, a column each): it is run once in the rendering. */
  bound = result_key (key, q->agg_column);
  known = g_hash_table_lookup (r->results, bound);
  if (known != NULL)
    {
      _annalist_value_copy (out, known);
      return TRUE;
    }

  if (q->agg == AGG_LIST)
    {
      out->type = V_LIST;
      out->kind = q->list_kind;
      out->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (out->ids, id);
          }
    }
  else
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          /* Every column's figure is kept; this query's is the result. */
          for (guint c = 0; c < q->n_agg_columns; c++)
            if (c != q->agg_column)
              {
                Value *other = g_new0 (Value, 1);

                aggregate_value (stmt, (int) c, q->agg_columns[c].agg, q->agg_columns[c].field, other);
                g_hash_table_insert (r->results, result_key (key, c), other);
              }
          aggregate_value (stmt, (int) q->agg_column, q->agg, q->agg_field, out);
          rc = sqlite3_step (stmt);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _annalist_render_sql_error (r, tag, rc);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  {
    Value *kept = g_new (Value, 1);

    _annalist_value_copy (kept, out);
    g_hash_table_insert (r->results, g_steal_pointer (&bound), kept);
  }
  return TRUE;
}

static gboolean
eval_path (Render *r,
           Tag    *tag,
           Expr   *e,
           Value  *out)
{
  PathRef *ref = e->ref;
  int year = _annalist_render_year (r);

  _annalist_value_clear (out);
  switch (ref->type)
    {
    case REF_YEAR:
    case REF_NEXT_YEAR:
    case REF_PREVIOUS_YEAR:
      out->type = V_INT;
      out->i = year + (ref->type == REF_NEXT_YEAR ? 1 : ref->type == REF_PREVIOUS_YEAR ? -1 : 0);
      /* A year prints as «2022-2023». */
      out->field = annalist_kind_field (annalist_kind_lookup ("event"), "academic_year");
      return TRUE;
    case REF_PERIOD_START:
    case REF_PERIOD_END:
      out->type = V_INT;
      out->i = ref->type == REF_PERIOD_START ? r->params->period_from : r->params->period_to;
      out->field = annalist_kind_field (annalist_kind_lookup ("event"), "academic_year");
      return TRUE;
    case REF_YEAR_START:
    case REF_YEAR_END:
      out->type = V_INT;
      out->i = year + (ref->type == REF_YEAR_END ? 1 : 0);
      return TRUE;
    case REF_TODAY:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        out->type = V_TEXT;
        out->s = g_date_time_format (now, "%Y-%m-%d");
        out->field = annalist_kind_field (annalist_kind_lookup ("event"), "date_start");
        return TRUE;
      }
    case REF_SETTING:
      out->type = V_TEXT;
      out->s = g_strdup (setting (r, ref->key));
      return TRUE;
    case REF_FIRST:
    case REF_LAST:
      {
        Frame *f = _annalist_render_frame (r, ref->frame);
        out->type = V_BOOL;
        out->i = f != NULL && (ref->type == REF_FIRST ? f->number == 1 : (gint64) f->number == f->count);
        return TRUE;
      }
    case REF_COUNT:
      {
        Frame *f = _annalist_render_frame (r, ref->frame);
        out->type = V_INT;
        out->i = f == NULL ? 0 : f->type == FRAME_GROUP ? f->group_count : MAX (f->count, 0);
        return TRUE;
      }
    case REF_RECORD:
      {
        Frame *f = _annalist_render_frame (r, ref->frame);
        if (f == NULL || (f->stmt == NULL && f->row == NULL))
          return TRUE;
        out->type = V_RECORD;
        out->kind = f->kind;
        out->i = _annalist_frame_id (f);
        return TRUE;
      }
    case REF_FIELD:
      {
        Frame *f = _annalist_render_frame (r, ref->frame);
        if (f == NULL || (f->stmt == NULL && f->row == NULL))
          return TRUE;
        return eval_chain (r, ref, f, out);
      }
    default:
      return TRUE;
    }
}

gboolean
_annalist_eval (Render *r,
                Tag    *tag,
                Expr   *e,
                Value  *out)
{
  Value a = VALUE_INIT, b = VALUE_INIT;
  gboolean ok = TRUE;

  _annalist_value_clear (out);
  if (e == NULL || !_annalist_render_ok (r))
    return _annalist_render_ok (r);

  switch (e->type)
    {
    case EXPR_TEXT:
      out->type = V_TEXT;
      out->s = g_strdup (e->text);
      return TRUE;

    case EXPR_NUMBER:
      set_number (out, e->number);
      return TRUE;

    case EXPR_INDEX:
      for (guint i = r->frames->len; i-- > 0; )
        {
          Frame *f = g_ptr_array_index (r->frames, i);
          if (f->type != FRAME_ROOT && f->index != 0 &&
              ((StaticFrame *) g_ptr_array_index (r->tmpl->frames, f->index))->loop != NULL)
            {
              out->type = V_INT;
              out->i = f->number;
              break;
            }
        }
      return TRUE;

    case EXPR_PATH:
      return eval_path (r, tag, e, out);

    case EXPR_AGGREGATE:
      return eval_aggregate (r, tag, e, out);

    case EXPR_NARRATIVE:
      out->type = V_TEXT;
      out->s = g_strdup (narrative (r, e->text));
      return TRUE;

    case EXPR_NOT:
      ok = _annalist_eval (r, tag, e->left, &a);
      out->type = V_BOOL;
      out->i = !truth (&a);
      break;

    case EXPR_NEG:
      ok = _annalist_eval (r, tag, e->left, &a);
      set_number (out, -_annalist_value_number (&a));
      break;

    case EXPR_IN:
      ok = _annalist_eval (r, tag, e->left, &a);
      out->type = V_BOOL;
      for (guint i = 0; ok && i < e->items->len && !out->i; i++)
        {
          gboolean comparable;

          ok = _annalist_eval (r, tag, g_ptr_array_index (e->items, i), &b);
          out->i = ok && compare (r, &a, &b, &comparable) == 0;
          _annalist_value_clear (&b);
        }
      break;

    case EXPR_BINARY:
      if (e->op == OP_AND || e->op == OP_OR)
        {
          gboolean left = _annalist_eval_truth (r, tag, e->left);

          out->type = V_BOOL;
          if (e->op == OP_AND)
            out->i = left && _annalist_eval_truth (r, tag, e->right);
          else
            out->i = left || _annalist_eval_truth (r, tag, e->right);
          return _annalist_render_ok (r);
        }
      ok = _annalist_eval (r, tag, e->left, &a) && _annalist_eval (r, tag, e->right, &b);
      if (!ok)
        break;
      if (e->op >= OP_EQ && e->op <= OP_GE)
        {
          gboolean comparable;
          int c = compare (r, &a, &b, &comparable);

          out->type = V_BOOL;
          switch (e->op)
            {
            case OP_EQ: out->i = c == 0; break;
            case OP_NE: out->i = c != 0; break;
            case OP_LT: out->i = comparable && c < 0; break;
            case OP_LE: out->i = comparable && c <= 0; break;
            case OP_GT: out->i = comparable && c > 0; break;
            case OP_GE: out->i = comparable && c >= 0; break;
            default: break;
            }
        }
      else if (e->op == OP_CONTAINS)
        {
          out->type = V_BOOL;
          if (a.type == V_LIST)
            {
              for (guint i = 0; i < a.ids->len && !out->i; i++)
                {
                  Value item = { V_RECORD, g_array_index (a.ids, gint64, i), 0, NULL, a.kind, NULL, NULL };
                  gboolean comparable;
                  out->i = compare (r, &item, &b, &comparable) == 0;
                }
            }
          else
            {
              g_autofree char *x = folded_text (r, &a);
              g_autofree char *y = folded_text (r, &b);
              out->i = strstr (x, y) != NULL;
            }
        }
      else
        {
          double x = _annalist_value_number (&a), y = _annalist_value_number (&b);
          double result = 0;

          switch (e->op)
            {
            case OP_ADD: result = x + y; break;
            case OP_SUB: result = x - y; break;
            case OP_MUL: result = x * y; break;
            case OP_DIV:
              if (y == 0)
                {
                  /* A share of nothing is nothing, not an error. */
                  out->type = V_NULL;
                  goto done;
                }
              result = x / y;
              break;
            default: break;
            }
          set_number (out, result);
          /* Adding to a year stays a year: {{year - 1}}. */
          if ((e->op == OP_ADD || e->op == OP_SUB) && a.field && a.field->type == ANNALIST_FIELD_YEAR)
            out->field = a.field;
        }
      break;

    default:
      break;
    }

done:
  _annalist_value_clear (&a);
  _annalist_value_clear (&b);
  return ok && _annalist_render_ok (r);
}

gboolean
_annalist_eval_truth (Render *r,
                      Tag    *tag,
                      Expr   *e)
{
  Value v = VALUE_INIT;
  gboolean result = _annalist_eval (r, tag, e, &v) && truth (&v);

  _annalist_value_clear (&v);
  return result;
}

/* Text of values -------------------------------------------------------------------- */

static char *
value_text (Render      *r,
            const Value *v)
{
  switch (v->type)
    {
    case V_NULL:
      return g_strdup ("");
    case V_INT:
      if (v->field && v->field->type == ANNALIST_FIELD_YEAR)
        return _annalist_year_label (r, (int) v->i);
      return g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
    case V_REAL:
      return annalist_format_number (v->r, -1);
    case V_BOOL:
      return g_strdup (v->i ? _("yes") : _("no"));
    case V_TEXT:
      if (v->field && v->field->type == ANNALIST_FIELD_DATE && *v->s)
        return annalist_date_format (v->s);
      return g_strdup (v->s);
    case V_RECORD:
      return record_title (r, v->kind, v->i);
    case V_LIST:
      {
        GString *s = g_string_new (NULL);

        for (guint i = 0; i < v->ids->len; i++)
          {
            g_autofree char *title = record_title (r, v->kind, g_array_index (v->ids, gint64, i));
            g_string_append_printf (s, "%s%s", i ? ", " : "", title);
          }
        return g_string_free (s, FALSE);
      }
    default:
      return g_strdup ("");
    }
}

/* A record the message can name: the innermost loop's. Its title is
 * left out when it is @value itself, the message's own subject. */
static char *
current_record (Render     *r,
                const char *value)
{
  for (guint i = r->frames->len; i-- > 0; )
    {
      Frame *f = g_ptr_array_index (r->frames, i);

      if (f->kind != NULL && (f->stmt != NULL || f->row != NULL))
        {
          g_autofree char *stored = record_title (r, f->kind, _annalist_frame_id (f));
          g_autofree char *title = _annalist_text_inner_quotes (stored);
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, _annalist_frame_id (f));

          if (g_strcmp0 (stored, value) == 0)
            return g_strdup_printf (_("the record no. %s of “%s”"),
                                    number, _annalist_template_kind_label (f->kind));
          return g_strdup_printf (_("the record “%s” of “%s” (no. %s)"),
                                  title, _annalist_template_kind_label (f->kind), number);
        }
    }
  return g_strdup (_("the document"));
}

static gboolean
arg_text (Render  *r,
          Tag     *tag,
          Filter  *f,
          guint    i,
          char   **out)
{
  Value v = VALUE_INIT;

  if (!_annalist_eval (r, tag, g_ptr_array_index (f->args, i), &v))
    return FALSE;
  *out = value_text (r, &v);
  _annalist_value_clear (&v);
  return TRUE;
}

static void
org_names (Render  *r,
           Value   *v,
           GArray  *names,
           GPtrArray *owned)
{
  const AnnalistKind *orgs = annalist_kind_lookup ("organisation");
  const AnnalistKind *types = annalist_kind_lookup ("org_type");
  GArray *ids = v->ids;
  gint64 single = v->i;
  guint n = v->type == V_LIST ? ids->len : 1;

  for (guint i = 0; i < n; i++)
    {
      gint64 id = v->type == V_LIST ? g_array_index (ids, gint64, i) : single;
      sqlite3_value **row = _annalist_record_row (r, orgs, id);
      OrgName name = { "", 0 };

      if (row == NULL)
        continue;
      {
        char *s = record_title (r, orgs, id);
        g_ptr_array_add (owned, s);
        name.short_name = s;
      }
      {
        int type_col = _annalist_query_column (orgs, annalist_kind_field_index (orgs, "type_id"));
        sqlite3_value **type = _annalist_record_row (r, types, sqlite3_value_int64 (row[type_col]));
        int pos_col = _annalist_query_column (types, annalist_kind_field_index (types, "position"));
        name.type_position = type ? sqlite3_value_int (type[pos_col]) : 0;
      }
      g_array_append_val (names, name);
    }
}

/* A text that is a number as people type one and formats print it
 * («12», «-12,5», «12.5»; spaces around): a setting kept as text, or
 * «|number 1|plural». Anything else («ИМЦ», «12 шт.», «35,2 %») is no
 * number, not a 0. */
static gboolean
text_number (const char *text,
             double     *d)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gboolean digits = FALSE, point = FALSE;
  char *p = copy;

  if (*p == '-' || *p == '+')
    p++;
  for (; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits = TRUE;
    else if ((*p == ',' || *p == '.') && !point)
      {
        *p = '.';
        point = TRUE;
      }
    else
      return FALSE;
  if (!digits)
    return FALSE;
  *d = g_ascii_strtod (copy, NULL);
  return TRUE;
}

/* The number @v is, or @text when a format has made it a text: FALSE
 * when it is none (the render failed, naming the record); *empty when
 * there is nothing to format, which stays empty, as with every format. */
static gboolean
number_of (Render      *r,
           Tag         *tag,
           const Value *v,
           const char  *text,
           double      *d,
           gboolean    *empty)
{
  *d = 0;
  *empty = text != NULL ? *text == '\0' : v->type == V_NULL || (v->type == V_TEXT && *v->s == '\0');
  if (*empty)
    return TRUE;
  if (text != NULL || v->type == V_TEXT)
    {
      if (text_number (text != NULL ? text : v->s, d))
        return TRUE;
    }
  else if (_annalist_value_is_number (v) || v->type == V_BOOL)
    {
      *d = _annalist_value_number (v);
      return TRUE;
    }

  {
    g_autofree char *text_of = text != NULL ? g_strdup (text) : value_text (r, v);
    g_autofree char *which = current_record (r, text_of);
    g_autofree char *shown = _annalist_text_inner_quotes (text_of);

    _annalist_render_fail (r, tag, _("“%s” in %s is not a number"), shown, which);
    return FALSE;
  }
}

/* Applies one format. @text is the text so far (NULL while the value is
 * still a value). */
static gboolean
apply_filter (Render  *r,
              Tag     *tag,
              Filter  *f,
              Value   *v,
              char   **text)
{
  const char *name = f->name;

#define TEXT() G_STMT_START { if (*text == NULL) *text = value_text (r, v); } G_STMT_END

  if (g_str_equal (name, "date"))
    {
      g_autofree char *raw = *text ? g_strdup (*text) : v->type == V_TEXT ? g_strdup (v->s) : value_text (r, v);
      GDate date;

      if (*raw == '\0')
        return TRUE;
      if (!annalist_date_parse (raw, &date))
        {
          g_autofree char *which = current_record (r, raw);
          g_autofree char *shown = _annalist_text_inner_quotes (raw);
          _annalist_render_fail (r, tag, _("“%s” in %s is not a date"), shown, which);
          return FALSE;
        }
      g_free (*text);
      {
        g_autofree char *iso = annalist_date_to_iso (&date);
        *text = annalist_date_format (iso);
      }
      return TRUE;
    }

  if (g_str_equal (name, "year"))
    {
      if (*text == NULL && _annalist_value_is_number (v))
        *text = _annalist_year_label (r, (int) _annalist_value_number (v));
      else
        TEXT ();
      return TRUE;
    }

  if (g_str_equal (name, "number") || g_str_equal (name, "percent"))
    {
      g_autofree char *places = NULL;
      gboolean empty;
      double d;

      if (!number_of (r, tag, v, *text, &d, &empty))
        return FALSE;
      if (empty)
        return TRUE;
      g_free (*text);
      if (g_str_equal (name, "percent"))
        *text = annalist_odf_format_percent (d);
      else
        {
          int decimals = -1;

          if (f->args->len > 0 && !arg_text (r, tag, f, 0, &places))
            return FALSE;
          if (places != NULL && !_annalist_decimals_parse (places, &decimals))
            {
              _annalist_render_fail (r, tag, _("the number of decimals after “|number” is a whole number, 0 or more, not “%s”"),
                                     places);
              return FALSE;
            }
          *text = annalist_format_number (d, decimals);
        }
      return TRUE;
    }

  if (g_str_equal (name, "plural"))
    {
      g_autofree char *one = NULL, *few = NULL, *many = NULL;
      g_autofree char *number = NULL;
      gboolean empty;
      double d;

      if (!number_of (r, tag, v, *text, &d, &empty))
        return FALSE;
      if (empty)
        return TRUE;
      if (!arg_text (r, tag, f, 0, &one) || !arg_text (r, tag, f, 1, &few) || !arg_text (r, tag, f, 2, &many))
        return FALSE;
      /* The number as a format before printed it («|number 2|plural»:
       * «2,50 часа»), else as a value is printed; its form follows what
       * is printed, never a cut or overflowed integer. */
      number = *text != NULL ? g_strstrip (g_steal_pointer (text)) : annalist_format_number (d, -1);
      *text = g_strdup_printf ("%s %s", number, _annalist_plural_ru (one, few, many, number));
      return TRUE;
    }

  if (g_str_equal (name, "orgs") || g_str_equal (name, "genitive"))
    {
      g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (OrgName));
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      const AnnalistKind *orgs = annalist_kind_lookup ("organisation");

      if (*text != NULL || (v->type != V_LIST && v->type != V_RECORD) || v->kind != orgs)
        {
          if (v->type == V_NULL || (*text == NULL && v->type == V_TEXT && *v->s == '\0'))
            return TRUE;
          TEXT ();
          if (g_str_equal (name, "genitive"))
            {
              char *g = _annalist_org_genitive (r->tmpl->org_words, *text);
              g_free (*text);
              *text = g;
            }
          return TRUE;
        }
      org_names (r, v, names, owned);
      g_free (*text);
      if (g_str_equal (name, "genitive"))
        {
          GString *s = g_string_new (NULL);
          for (guint i = 0; i < names->len; i++)
            {
              g_autofree char *g = _annalist_org_genitive (r->tmpl->org_words,
                                                           g_array_index (names, OrgName, i).short_name);
              g_string_append_printf (s, "%s%s", i ? ", " : "", g);
            }
          *text = g_string_free (s, FALSE);
        }
      else
        *text = _annalist_orgs_text (r->tmpl->org_words, (OrgName *) names->data, names->len, FALSE);
      return TRUE;
    }

  if (g_str_equal (name, "join"))
    {
      g_autofree char *separator = NULL;
      GString *s;

      if (!arg_text (r, tag, f, 0, &separator))
        return FALSE;
      if (*text != NULL || v->type != V_LIST)
        {
          TEXT ();
          return TRUE;
        }
      s = g_string_new (NULL);
      for (guint i = 0; i < v->ids->len; i++)
        {
          g_autofree char *title = record_title (r, v->kind, g_array_index (v->ids, gint64, i));
          g_string_append_printf (s, "%s%s", i ? separator : "", title);
        }
      *text = g_string_free (s, FALSE);
      return TRUE;
    }

  TEXT ();

  if (g_str_equal (name, "upper") || g_str_equal (name, "lower"))
    {
      char *changed = g_str_equal (name, "upper") ? g_utf8_strup (*text, -1) : g_utf8_strdown (*text, -1);
      g_free (*text);
      *text = changed;
    }
  else if (g_str_equal (name, "capital") || g_str_equal (name, "small"))
    {
      char *changed = _annalist_text_first (*text, g_str_equal (name, "capital"));
      g_free (*text);
      *text = changed;
    }
  else if (g_str_equal (name, "quote"))
    {
      char *changed = _annalist_text_quote (*text);
      g_free (*text);
      *text = changed;
    }
  else if (g_str_equal (name, "quotes"))
    {
      char *changed = _annalist_text_nest_quotes (*text);
      g_free (*text);
      *text = changed;
    }
  else if (g_str_equal (name, "numbered"))
    {
      char *changed = _annalist_text_numbered (*text);
      g_free (*text);
      *text = changed;
    }
  else if (g_str_equal (name, "or"))
    {
      if (!truth (&(Value) { .type = V_TEXT, .s = *text }))
        {
          g_free (*text);
          if (!arg_text (r, tag, f, 0, text))
            return FALSE;
        }
    }
  else if (g_str_equal (name, "before") || g_str_equal (name, "after"))
    {
      g_autofree char *extra = NULL;

      if (**text == '\0')
        return TRUE;
      if (!arg_text (r, tag, f, 0, &extra))
        return FALSE;
      {
        char *changed = g_str_equal (name, "before") ? g_strconcat (extra, *text, NULL)
                                                     : g_strconcat (*text, extra, NULL);
        g_free (*text);
        *text = changed;
      }
    }
  /* «lines» changes how the text is written, not the text. */
#undef TEXT
  return TRUE;
}

char *
_annalist_eval_text (Render *r,
                     Tag    *tag,
                     Value  *value)
{
  Value v = VALUE_INIT;
  char *text = NULL;

  if (!_annalist_eval (r, tag, tag->expr, &v))
    return NULL;

  for (guint i = 0; tag->filters != NULL && i < tag->filters->len; i++)
    {
      Filter *f = g_ptr_array_index (tag->filters, i);

      if (!apply_filter (r, tag, f, &v, &text))
        {
          g_free (text);
          _annalist_value_clear (&v);
          return NULL;
        }
    }

  if (value != NULL)
    {
      /* A number cell keeps the number: unless a format made it words. */
      gboolean plain = TRUE;

      for (guint i = 0; tag->filters != NULL && i < tag->filters->len; i++)
        {
          Filter *f = g_ptr_array_index (tag->filters, i);
          if (!g_str_equal (f->name, "number") && !g_str_equal (f->name, "percent") &&
              !g_str_equal (f->name, "or"))
            plain = FALSE;
        }
      if (plain && _annalist_value_is_number (&v) && !(v.field && v.field->type == ANNALIST_FIELD_YEAR))
        {
          *value = v;
          v.s = NULL;
          v.ids = NULL;
        }
    }

  if (text == NULL)
    text = value_text (r, &v);
  _annalist_value_clear (&v);
  return text;
}
