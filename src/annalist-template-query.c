/* annalist-template-query.c — loops and aggregates compiled to SQL
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every name in a template is resolved once, before anything is written
 * (annalist-template-names.c). Every loop and aggregate becomes one SELECT,
 * compiled once: table and column names come only from the descriptors;
 * what the user typed (a kind's name in quotes, a number, a setting) is a
 * bound parameter.
 *
 * A loop nested in a loop over another kind takes only the records that
 * refer to the outer one (an event kind's events, a competition's entries,
 * an organisation type's organisations), and records of kinds that belong
 * to an academic year are those of the year in force (the document's, or
 * that of an enclosing «year from … to …» loop), unless the loop says
 * otherwise (it names the field itself, or «any year»).
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-error.h"
#include "annalist-template-private.h"
#include "annalist-template-where.h"

/* Columns ------------------------------------------------------------------ */

const AnnalistField _annalist_id_field = {
  "id", ANNALIST_FIELD_INTEGER, N_("Number in the database"), 0, 0, G_MAXINT64,
};

int
_annalist_query_column (const AnnalistKind *kind,
                        guint               field)
{
  int column = 1;

  if (!annalist_field_is_stored (&kind->fields[field]))
    return -1;
  for (guint i = 0; i < field; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      column++;
  return column;
}

guint
_annalist_query_n_columns (const AnnalistKind *kind)
{
  guint n = 1;

  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      n++;
  return n;
}

void
_annalist_query_use_field (Query *q,
                           int    index)
{
  if (q != NULL && index >= 0 && index < 64)
    q->used_fields |= G_GUINT64_CONSTANT (1) << index;
}

/* SQL texts (FROM and WHERE, a loop's tail) are long and mostly differ
 * at their ends: hashed by their length and last bytes (g_str_equal tells
 * them apart). */
static guint
rows_hash (gconstpointer data)
{
  const char *text = data;
  gsize n = strlen (text);
  guint h = (guint) n;

  for (const char *p = text + (n > 48 ? n - 48 : 0); *p != '\0'; p++)
    h = h * 31 + (guchar) *p;
  return h;
}

/* The id and the stored fields of @kind in @used: a column costs SQLite
 * much to prepare (and to sort). Into @q->columns the column of each
 * field, -1 for those not selected. */
static void
append_used_columns (GString            *sql,
                     Query              *q,
                     guint64             used)
{
  const AnnalistKind *kind = q->kind;
  guint n = 1;

  q->columns = g_new (int, MAX (kind->n_fields, 1));
  g_string_append (sql, "t.id");
  for (guint i = 0; i < kind->n_fields; i++)
    {
      q->columns[i] = -1;
      if (annalist_field_is_stored (&kind->fields[i]) &&
          (i >= 64 || (used & (G_GUINT64_CONSTANT (1) << i))))
        {
          g_string_append (sql, ", t.\"");
          g_string_append (sql, kind->fields[i].column);
          g_string_append_c (sql, '"');
          q->columns[i] = (int) n++;
        }
    }
  q->n_columns = n;
}

/* The aggregates of the same rows: their columns, and the queries. */
typedef struct
{
  GPtrArray *exprs;     /* char*, not owned: each column's expression */
  GArray    *columns;   /* AggColumn */
  GPtrArray *queries;   /* Query*: an aggregate, or a loop whose count is asked */
} SameRows;

static void
same_rows_free (gpointer data)
{
  SameRows *s = data;

  g_ptr_array_unref (s->exprs);
  g_array_unref (s->columns);
  g_ptr_array_unref (s->queries);
  g_free (s);
}

/* The column of @expr in @s, added when new. */
static guint
same_rows_column (SameRows            *s,
                  const char          *expr,
                  AggFunc              agg,
                  const AnnalistField *field)
{
  AggColumn column = { agg, field };

  for (guint i = 0; i < s->exprs->len; i++)
    if (g_str_equal (g_ptr_array_index (s->exprs, i), expr))
      return i;
  g_ptr_array_add (s->exprs, (gpointer) expr);
  g_array_append_val (s->columns, column);
  return s->exprs->len - 1;
}

/* «{{count programme}}», «{{sum programme.hours}}» and the count of a
 * «{{#each programme}}» read the same rows: one statement computes them
 * all, a column each, where each cost nearly as much to prepare as the
 * three. Same FROM and WHERE text means the same parameters; values bound
 * differently run it again (the results are kept by statement and values). */
static void
merge_aggregates (AnnalistTemplate *self)
{
  g_autoptr(GHashTable) by_rows = g_hash_table_new_full (rows_hash, g_str_equal, NULL, same_rows_free);
  g_autoptr(GPtrArray) exprs = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  SameRows *s;

  for (guint i = 0; i < self->queries->len; i++)
    {
      Query *q = g_ptr_array_index (self->queries, i);
      const char *from_where = q->from_where;
      const char *sql = q->aggregate ? q->sql : q->count_sql;
      gsize n, rows;
      char *expr;

      if (from_where == NULL || sql == NULL || (q->aggregate && q->agg == AGG_LIST) ||
          (!q->aggregate && (q->columns_tail == NULL || q->group)))
        continue;
      /* «SELECT expr FROM …» */
      n = strlen (sql);
      rows = strlen (from_where);
      if (strncmp (sql, "SELECT ", 7) != 0 || n < rows + 8 || sql[n - rows - 1] != ' ' ||
          memcmp (sql + n - rows, from_where, rows) != 0)
        continue;
      expr = g_strndup (sql + 7, n - rows - 8);
      g_ptr_array_add (exprs, expr);
      s = g_hash_table_lookup (by_rows, from_where);
      if (s == NULL)
        {
          s = g_new0 (SameRows, 1);
          s->exprs = g_ptr_array_new ();
          s->columns = g_array_new (FALSE, FALSE, sizeof (AggColumn));
          s->queries = g_ptr_array_new ();
          g_hash_table_insert (by_rows, (gpointer) from_where, s);
        }
      if (q->aggregate)
        q->agg_column = same_rows_column (s, expr, q->agg, q->agg_field);
      else
        q->count_column = same_rows_column (s, expr, AGG_COUNT, NULL);
      g_ptr_array_add (s->queries, q);
    }

  g_hash_table_iter_init (&iter, by_rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    {
      g_autoptr(GString) sql = NULL;

      if (s->exprs->len < 2)
        {
          for (guint i = 0; i < s->queries->len; i++)
            {
              Query *q = g_ptr_array_index (s->queries, i);
              q->agg_column = q->count_column = 0;
            }
          continue;
        }
      sql = g_string_new ("SELECT ");
      for (guint i = 0; i < s->exprs->len; i++)
        {
          if (i > 0)
            g_string_append (sql, ", ");
          g_string_append (sql, g_ptr_array_index (s->exprs, i));
        }
      g_string_append_c (sql, ' ');
      g_string_append (sql, ((Query *) g_ptr_array_index (s->queries, 0))->from_where);
      for (guint i = 0; i < s->queries->len; i++)
        {
          Query *q = g_ptr_array_index (s->queries, i);

          if (q->aggregate)
            {
              g_free (q->sql);
              q->sql = g_strdup (sql->str);
              q->agg_columns = g_memdup2 (s->columns->data, s->columns->len * sizeof (AggColumn));
              q->n_agg_columns = s->columns->len;
            }
          else
            {
              g_free (q->count_sql);
              q->count_sql = g_strdup (sql->str);
            }
        }
    }
}

void
_annalist_query_narrow (AnnalistTemplate *self)
{
  /* Loops of the same rows read the fields any of them reads: they share
   * one statement still. */
  g_autoptr(GHashTable) used = g_hash_table_new (rows_hash, g_str_equal);

  for (guint i = 0; i < self->queries->len; i++)
    {
      Query *q = g_ptr_array_index (self->queries, i);
      guint64 *u;

      if (q->columns_tail == NULL)
        continue;
      u = g_hash_table_lookup (used, q->columns_tail);
      if (u == NULL)
        g_hash_table_insert (used, q->columns_tail, &q->used_fields);
      else
        *u |= q->used_fields;
    }
  for (guint i = 0; i < self->queries->len; i++)
    {
      Query *q = g_ptr_array_index (self->queries, i);
      g_autoptr(GString) sql = NULL;

      if (q->columns_tail == NULL)
        continue;
      sql = g_string_new ("SELECT ");
      g_clear_pointer (&q->columns, g_free);
      append_used_columns (sql, q, *(guint64 *) g_hash_table_lookup (used, q->columns_tail));
      g_string_append (sql, q->columns_tail);
      g_free (q->sql);
      q->sql = g_string_free (g_steal_pointer (&sql), FALSE);
    }
  merge_aggregates (self);
}

/* Freeing ---------------------------------------------------------------------- */

static void
param_free (gpointer data)
{
  g_free (data);
}

void
_annalist_query_free (Query *q)
{
  if (q == NULL)
    return;
  g_free (q->sql);
  g_clear_pointer (&q->params, g_ptr_array_unref);
  g_free (q->from_where);
  g_clear_pointer (&q->where_params, g_ptr_array_unref);
  g_free (q->count_sql);
  g_free (q->columns_tail);
  g_free (q->columns);
  g_free (q->agg_columns);
  g_free (q);
}

void
_annalist_path_ref_free (PathRef *ref)
{
  if (ref == NULL)
    return;
  g_clear_pointer (&ref->chain, g_array_unref);
  g_free (ref->key);
  g_free (ref);
}

void
_annalist_static_frame_free (StaticFrame *frame)
{
  g_free (frame->alias);
  g_free (frame);
}

static Query *
query_new (AnnalistTemplate   *self,
           Tag                *tag,
           const AnnalistKind *kind)
{
  Query *q = g_new0 (Query, 1);

  q->kind = kind;
  q->tag = tag;
  q->params = g_ptr_array_new_with_free_func (param_free);
  q->where_params = g_ptr_array_new_with_free_func (param_free);
  q->computed = annalist_computed_kind_is (kind);
  g_ptr_array_add (self->queries, q);
  if (q->computed && !g_ptr_array_find (self->computed, kind, NULL))
    g_ptr_array_add (self->computed, (gpointer) kind);
  return q;
}

Param *
_annalist_param_new (ParamType  type,
                     Expr      *expr,
                     guint      frame)
{
  Param *p = g_new0 (Param, 1);

  p->type = type;
  p->expr = expr;
  p->frame = frame;
  return p;
}

static void
copy_params (GPtrArray *to,
             GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      Param *p = g_ptr_array_index (from, i);
      Param *copy = _annalist_param_new (p->type, p->expr, p->frame);

      /* What the value is converted for: without it «01.01.2023» was
       * bound as it is typed and compared with ISO dates as a text. */
      copy->field = p->field;
      g_ptr_array_add (to, copy);
    }
}

/* SQL building ---------------------------------------------------------------- */

/* Whether the where clause names field @index of the records itself. */
static gboolean
mentions_field (Expr *e,
                int   index)
{
  if (e == NULL)
    return FALSE;
  if (e->type == EXPR_PATH && e->ref != NULL && e->ref->frame == FRAME_SELF &&
      e->ref->chain != NULL && e->ref->chain->len > 0 && g_array_index (e->ref->chain, int, 0) == index)
    return TRUE;
  if (mentions_field (e->left, index) || mentions_field (e->right, index))
    return TRUE;
  for (guint i = 0; e->items && i < e->items->len; i++)
    if (mentions_field (g_ptr_array_index (e->items, i), index))
      return TRUE;
  return FALSE;
}

/* Restrictions --------------------------------------------------------------- */

/* The kinds a record belongs to an academic year through: its own year
 * column or period, or its owner's. */
static gboolean
append_year_filter (Clause             *c,
                    const AnnalistKind *kind,
                    const char         *alias,
                    guint               depth)
{
  if (annalist_computed_kind_is (kind))
    {
      g_string_append_printf (c->sql, "%s.for_year = ?", alias);
      g_ptr_array_add (c->params, _annalist_param_new (PARAM_YEAR, NULL, 0));
      return TRUE;
    }
  /* One year, or every year of a period document outside a loop over
   * its years: the bounds are the same year then. */
  if (kind->year_column != NULL)
    {
      g_string_append_printf (c->sql, "%s.\"%s\" BETWEEN ? AND ?", alias, kind->year_column);
      g_ptr_array_add (c->params, _annalist_param_new (PARAM_YEAR_LOW, NULL, 0));
      g_ptr_array_add (c->params, _annalist_param_new (PARAM_YEAR_HIGH, NULL, 0));
      return TRUE;
    }
  if (kind->period_from != NULL)
    {
      const AnnalistField *from = annalist_kind_field (kind, kind->period_from);
      gboolean years = from->type == ANNALIST_FIELD_YEAR;

      g_string_append_printf (c->sql, "(%s.\"%s\" IS NULL OR %s.\"%s\" <= ?) AND (%s.\"%s\" IS NULL OR %s.\"%s\" >= ?)",
                              alias, kind->period_from, alias, kind->period_from,
                              alias, kind->period_to, alias, kind->period_to);
      g_ptr_array_add (c->params, _annalist_param_new (years ? PARAM_YEAR_HIGH : PARAM_YEAR_LAST, NULL, 0));
      g_ptr_array_add (c->params, _annalist_param_new (years ? PARAM_YEAR_LOW : PARAM_YEAR_FIRST, NULL, 0));
      return TRUE;
    }
  if (kind->parent_column != NULL)
    {
      const AnnalistKind *owner = _annalist_names_target_of (annalist_kind_field (kind, kind->parent_column));
      g_autofree char *owner_alias = g_strdup_printf ("y%u", depth);
      const char *owner_row = owner_alias;
      gsize mark = c->sql->len;
      guint n_params = c->params->len;

      if (c->joins != NULL && kind == c->kind && g_str_equal (alias, "t") &&
          !annalist_computed_kind_is (owner) && (owner->year_column != NULL || owner->period_from != NULL))
        {
          /* The owner joined as the clause's references are (a competition's
           * entries: their competition), the year asked of it; no owner, no
           * year. */
          g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (int));
          int index = annalist_kind_field_index (kind, kind->parent_column);

          g_array_append_val (chain, index);
          owner_row = _annalist_where_join (c->joins, c->aliases, kind, chain, 1);
          g_string_append_printf (c->sql, "%s.id IS NOT NULL AND (", owner_row);
        }
      else
        g_string_append_printf (c->sql, "%s.\"%s\" IN (SELECT %s.id FROM \"%s\" %s WHERE ",
                                alias, kind->parent_column, owner_alias, owner->name, owner_alias);
      if (!append_year_filter (c, owner, owner_row, depth + 1))
        {
          g_string_truncate (c->sql, mark);
          g_ptr_array_set_size (c->params, n_params);
          return FALSE;
        }
      g_string_append (c->sql, ")");
      return TRUE;
    }
  return FALSE;
}

static gboolean
has_year (const AnnalistKind *kind)
{
  if (annalist_computed_kind_is (kind) || kind->year_column || kind->period_from)
    return TRUE;
  if (kind->parent_column != NULL)
    return has_year (_annalist_names_target_of (annalist_kind_field (kind, kind->parent_column)));
  return FALSE;
}

/* The field of @kind that refers to @owner, if one does plainly. */
static int
field_referring_to (const AnnalistKind *kind,
                    const AnnalistKind *owner)
{
  int found = -1;
  guint n = 0;

  if (kind->parent_column != NULL)
    {
      int index = annalist_kind_field_index (kind, kind->parent_column);
      if (_annalist_names_target_of (&kind->fields[index]) == owner)
        return index;
    }
  for (guint i = 0; i < kind->n_fields; i++)
    if (_annalist_names_is_reference (&kind->fields[i]) && _annalist_names_target_of (&kind->fields[i]) == owner)
      {
        found = (int) i;
        n++;
      }
  return n == 1 ? found : -1;
}

static Loop *group_loop_of (AnnalistTemplate *self, GArray *stack, const AnnalistKind *kind, guint *frame);

/* Everything that narrows the records of @kind where the clause stands:
 * the year, the records of enclosing loops, the group. */
static gboolean
append_restrictions (Clause   *c,
                     Expr     *where,
                     gboolean  any_year)
{
  g_autoptr(GHashTable) restricted = g_hash_table_new (NULL, NULL);
  gboolean first = c->sql->len == 0;
  guint group_frame;
  Loop *group = group_loop_of (c->self, c->stack, c->kind, &group_frame);

#define AND() G_STMT_START { if (!first) g_string_append (c->sql, " AND "); first = FALSE; } G_STMT_END

  if (group != NULL)
    {
      /* Inside a group of the same kind: the group's records. */
      AND ();
      g_string_append (c->sql, "(");
      _annalist_where_chain (c->sql, c->kind, group->group_ref->chain, "t", c->depth);
      c->depth += 8;
      g_string_append (c->sql, ") IS ?");
      g_ptr_array_add (c->params, _annalist_param_new (PARAM_GROUP_KEY, NULL, group_frame));
      if (group->where != NULL)
        {
          Clause inner = *c;
          AND ();
          inner.stack = g_array_sized_new (FALSE, FALSE, sizeof (guint), c->stack->len);
          /* The group's own conditions, read where the group stands. */
          for (guint i = 0; i < c->stack->len; i++)
            {
              guint f = g_array_index (c->stack, guint, i);
              if (f == group_frame)
                break;
              g_array_append_val (inner.stack, f);
            }
          g_string_append_c (c->sql, '(');
          inner.sql = c->sql;
          inner.params = c->params;
          if (!_annalist_where_condition (&inner, group->where))
            {
              g_array_unref (inner.stack);
              return FALSE;
            }
          c->depth = inner.depth;
          g_array_unref (inner.stack);
          g_string_append_c (c->sql, ')');
        }
      if (!group->any_year && has_year (c->kind))
        {
          AND ();
          append_year_filter (c, c->kind, "t", c->depth++);
        }
      /* The group's records are those of the records around it too (the
       * document's organisation): narrowed by them below. */
    }
  else if (!any_year && has_year (c->kind))
    {
      gboolean named = FALSE;

      for (guint i = 0; i < c->kind->n_fields; i++)
        if ((g_strcmp0 (c->kind->fields[i].column, c->kind->year_column) == 0 ||
             g_strcmp0 (c->kind->fields[i].column, c->kind->period_from) == 0 ||
             g_strcmp0 (c->kind->fields[i].column, c->kind->period_to) == 0) &&
            mentions_field (where, (int) i))
          named = TRUE;
      if (!named || annalist_computed_kind_is (c->kind))
        {
          AND ();
          append_year_filter (c, c->kind, "t", c->depth++);
        }
    }

  for (guint i = c->stack->len; i-- > 0; )
    {
      guint index = g_array_index (c->stack, guint, i);
      StaticFrame *f = _annalist_names_frame_at (c->self, index);
      int field;

      if (f->kind == NULL || f->kind == c->kind || (f->type != FRAME_RECORD && f->type != FRAME_GROUP))
        continue;
      field = field_referring_to (c->kind, f->kind);
      if (field < 0 || g_hash_table_contains (restricted, GINT_TO_POINTER (field + 1)) ||
          mentions_field (where, field))
        continue;
      g_hash_table_add (restricted, GINT_TO_POINTER (field + 1));
      AND ();
      /* The frame's record; in a group of other records (those of any
       * record of the group is meaningless), the group's first record. */
      g_string_append_printf (c->sql, "t.\"%s\" = ?", c->kind->fields[field].column);
      g_ptr_array_add (c->params, _annalist_param_new (PARAM_FRAME_ID, NULL, index));
    }
#undef AND
  return TRUE;
}

/* The group loop of @kind around the clause, if any. */
static Loop *
group_loop_of (AnnalistTemplate   *self,
               GArray             *stack,
               const AnnalistKind *kind,
               guint              *frame)
{
  for (guint i = stack->len; i-- > 0; )
    {
      guint index = g_array_index (stack, guint, i);
      StaticFrame *f = _annalist_names_frame_at (self, index);

      if (f->type == FRAME_GROUP && f->kind == kind)
        {
          *frame = index;
          return f->loop;
        }
    }
  return NULL;
}

/* ORDER BY for a field chain, references by their position and title. What
 * it reads through references is joined (@joins, @aliases: those of the
 * loop's WHERE, shared) as the conditions' fields are. */
static void
append_order (GString             *sql,
              GString             *joins,
              GHashTable         **aliases,
              const AnnalistKind  *kind,
              GArray              *chain,
              const AnnalistField *field,
              gboolean             descending)
{
  const char *dir = descending ? " DESC" : "";
  const AnnalistKind *k = kind;
  const char *alias;

  if (_annalist_names_is_reference (field))
    {
      const AnnalistKind *target = _annalist_names_target_of (field);
      const char *title = target->title_column ? target->title_column : "id";

      /* The record referred to itself: position, then its title. */
      alias = _annalist_where_join (joins, aliases, kind, chain, chain->len);
      if (annalist_kind_field (target, "position") != NULL)
        g_string_append_printf (sql, "%s.position%s, ", alias, dir);
      g_string_append_printf (sql, "%s.\"%s\" COLLATE annalist%s", alias, title, dir);
      return;
    }
  /* Empty values last, whichever the direction. */
  alias = _annalist_where_join (joins, aliases, kind, chain, chain->len - 1);
  for (guint i = 0; i + 1 < chain->len; i++)
    k = _annalist_names_target_of (field_at (k, g_array_index (chain, int, i)));
  {
    g_autofree char *value = g_strdup_printf ("%s.\"%s\"", alias,
                                              field_at (k, g_array_index (chain, int, chain->len - 1))->column);

    g_string_append_printf (sql, "(%s) IS NULL, %s", value, value);
  }
  if (field->type == ANNALIST_FIELD_TEXT || field->type == ANNALIST_FIELD_LONG_TEXT)
    g_string_append (sql, " COLLATE annalist");
  g_string_append (sql, dir);
}

static gboolean
resolve_key (AnnalistTemplate   *self,
             Tag                *tag,
             const AnnalistKind *kind,
             GArray             *segments,
             PathRef           **out,
             GError            **error)
{
  gboolean missing;

  *out = _annalist_where_own_field (self, tag, kind, segments, &missing, error);
  if (missing)
    return _annalist_names_unknown_field (self, tag, kind, g_array_index (segments, Segment, 0).text, error);
  if (*out == NULL)
    return FALSE;
  if ((*out)->field->type == ANNALIST_FIELD_REFERENCES)
    return _annalist_tag_fail (self, tag, error, _("a list of organisations cannot be sorted or grouped by"));
  return TRUE;
}

/* Loops ---------------------------------------------------------------------- */

static gboolean
unknown_kind (AnnalistTemplate  *self,
              Tag               *tag,
              const char        *name,
              GError           **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const AnnalistKind * const *kinds;
  const char *suggestion;
  guint n;

  for (int pass = 0; pass < 2; pass++)
    {
      kinds = pass == 0 ? annalist_kinds_all (&n) : annalist_computed_kinds (&n);
      for (guint i = 0; i < n; i++)
        {
          g_ptr_array_add (names, (gpointer) kinds[i]->name);
          g_ptr_array_add (names, (gpointer) _annalist_template_kind_label (kinds[i]));
        }
    }
  suggestion = _annalist_suggest (name, (const char * const *) names->pdata, names->len);
  if (suggestion != NULL)
    return _annalist_tag_fail (self, tag, error, _("there are no records called “%s”; perhaps “%s”"), name, suggestion);
  return _annalist_tag_fail (self, tag, error, _("there are no records called “%s”"), name);
}

/* The WHERE of records of @kind: the user's condition @where, then the
 * restrictions the frames of @stack and the year put on them. */
static gboolean
compile_where (AnnalistTemplate   *self,
               Tag                *tag,
               GArray             *stack,
               const AnnalistKind *kind,
               Expr               *where,
               gboolean            any_year,
               GString            *sql,
               GString            *joins,
               GHashTable        **aliases,
               GPtrArray          *params,
               GError            **error)
{
  Clause c = { self, tag, stack, kind, sql, params, 0, error, joins, aliases };

  if (where != NULL)
    {
      g_string_append_c (sql, '(');
      if (!_annalist_where_condition (&c, where))
        return FALSE;
      g_string_append_c (sql, ')');
    }
  return append_restrictions (&c, where, any_year);
}

/* The kind's own order, its columns named as the rows' (t.): the clause
 * may have joined other records, with columns of the same names. */
static void
append_own_order (GString            *sql,
                  const AnnalistKind *kind)
{
  const char *p = kind->order_by;

  while (*p != '\0')
    {
      if (g_ascii_isalpha (*p) || *p == '_')
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
          word = g_strndup (start, p - start);
          if (g_str_equal (word, "id") || annalist_kind_field (kind, word) != NULL)
            g_string_append (sql, "t.");
          g_string_append (sql, word);
        }
      else
        g_string_append_c (sql, *p++);
    }
}

/* Whether the limit @e, as typed, may be a number of records. A number or
 * a text typed there is known now; what is computed (a setting, a count)
 * is checked when the records are read (PARAM_LIMIT). */
static gboolean
limit_may_be_whole (Expr *e)
{
  switch (e->type)
    {
    case EXPR_TEXT:
      return FALSE;
    case EXPR_NUMBER:
      return e->number >= 0 && e->number <= G_MAXINT32 && e->number == (double) (gint64) e->number;
    case EXPR_NEG:
      return e->left->type == EXPR_NUMBER ? e->left->number == 0 : e->left->type != EXPR_TEXT;
    default:
      return TRUE;
    }
}

/* Whether the sort key @k of the group loop @group orders the groups: it
 * reads the group's field, or a field of the record that one names. */
static gboolean
sort_key_orders_groups (Loop    *group,
                        SortKey *k)
{
  GArray *key = group->group_ref->chain;
  GArray *chain = k->ref->chain;

  if (chain->len < key->len)
    return FALSE;
  for (guint i = 0; i < key->len; i++)
    if (g_array_index (chain, int, i) != g_array_index (key, int, i))
      return FALSE;
  return TRUE;
}

static gboolean
compile_kind_loop (AnnalistTemplate *self,
                   Tag              *tag,
                   Loop             *loop,
                   GArray           *stack,
                   const AnnalistKind *kind,
                   GError          **error)
{
  Query *q = query_new (self, tag, kind);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) joins = g_string_new (NULL);
  g_autoptr(GHashTable) aliases = NULL;
  g_autoptr(GPtrArray) where_params = g_ptr_array_new_with_free_func (param_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *from = NULL;
  g_autofree char *where_part = NULL;

  loop->query = q;
  if (!compile_where (self, tag, stack, kind, loop->where, loop->any_year, where, joins, &aliases, where_params, error))
    return FALSE;

  /* FROM, the joins (the sort may add its own), WHERE. */
  if (loop->type == SOURCE_LINKED)
    {
      /* The organisations of a record's list, in the list's order. */
      const AnnalistField *field = loop->linked->field;

      from = g_strdup_printf ("FROM \"%s\" t JOIN \"%s\" j ON j.organisation_id = t.id",
                              kind->name, field->junction);
      where_part = g_strdup_printf (" WHERE j.\"%s\" = ?%s%s", field->junction_column,
                                    where->len ? " AND " : "", where->str);
      g_ptr_array_add (q->where_params, _annalist_param_new (PARAM_LINK_OWNER, NULL, loop->linked->frame));
    }
  else
    {
      from = g_strdup_printf ("FROM \"%s\" t", kind->name);
      where_part = g_strdup_printf ("%s%s", where->len ? " WHERE " : "", where->str);
    }
  copy_params (q->where_params, where_params);
  q->from_where = g_strconcat (from, joins->str, where_part, NULL);

  if (loop->sort != NULL)
    for (guint i = 0; i < loop->sort->len; i++)
      {
        SortKey *k = g_ptr_array_index (loop->sort, i);
        if (!resolve_key (self, tag, kind, k->segments, &k->ref, error))
          return FALSE;
      }

  if (loop->group != NULL)
    {
      g_autoptr(GString) order = g_string_new (NULL);

      if (!resolve_key (self, tag, kind, loop->group, &loop->group_ref, error))
        return FALSE;
      q->group = TRUE;
      /* The groups in the order the sort gives by the group's field (or
       * what it names: the same for the group's every record), then in
       * that of their key; the other keys are their records' order. */
      for (guint i = 0; loop->sort != NULL && i < loop->sort->len; i++)
        {
          SortKey *k = g_ptr_array_index (loop->sort, i);

          if (!sort_key_orders_groups (loop, k))
            continue;
          append_order (order, joins, &aliases, kind, k->ref->chain, k->ref->field, k->descending);
          g_string_append (order, ", ");
        }
      append_order (order, joins, &aliases, kind, loop->group_ref->chain, loop->group_ref->field, FALSE);
      g_string_append (sql, ", count(*), min(t.id), ");
      _annalist_where_chain (sql, kind, loop->group_ref->chain, "t", 100);
      g_string_append_printf (sql, " %s%s%s GROUP BY ", from, joins->str, where_part);
      _annalist_where_chain (sql, kind, loop->group_ref->chain, "t", 200);
      g_string_append_printf (sql, " ORDER BY %s", order->str);
    }
  else
    {
      g_autoptr(GString) order = g_string_new (NULL);
      guint group_frame;
      Loop *group = group_loop_of (self, stack, kind, &group_frame);

      if (loop->sort != NULL)
        for (guint i = 0; i < loop->sort->len; i++)
          {
            SortKey *k = g_ptr_array_index (loop->sort, i);
            append_order (order, joins, &aliases, kind, k->ref->chain, k->ref->field, k->descending);
            g_string_append (order, ", ");
          }
      else if (group != NULL && group->sort != NULL && loop->type != SOURCE_LINKED)
        {
          /* A group's records, unless the loop has its own order, in the
           * one the group's sort gives them (its keys other than the
           * group's field), then in the kind's. */
          for (guint i = 0; i < group->sort->len; i++)
            {
              SortKey *k = g_ptr_array_index (group->sort, i);

              if (sort_key_orders_groups (group, k))
                continue;
              append_order (order, joins, &aliases, kind, k->ref->chain, k->ref->field, k->descending);
              g_string_append (order, ", ");
            }
          if (kind->order_by != NULL)
            {
              append_own_order (order, kind);
              g_string_append (order, ", ");
            }
        }
      else if (loop->type == SOURCE_LINKED)
        g_string_append (order, "j.position IS NULL, j.position, j.organisation_id, ");
      else if (kind->order_by != NULL)
        {
          append_own_order (order, kind);
          g_string_append (order, ", ");
        }
      g_string_append_printf (sql, " %s%s%s ORDER BY %st.id", from, joins->str, where_part, order->str);
    }
  copy_params (q->params, q->where_params);

  if (loop->limit != NULL)
    {
      if (!_annalist_query_resolve_tag (self, &(Tag) { .type = TAG_VALUE, .expr = loop->limit,
                                                       .typed = tag->typed, .where = tag->where },
                                        stack, error))
        return FALSE;
      if (!limit_may_be_whole (loop->limit))
        return _annalist_tag_fail (self, tag, error, _("limit takes a whole number of records"));
      g_string_append (sql, " LIMIT ?");
      g_ptr_array_add (q->params, _annalist_param_new (PARAM_LIMIT, loop->limit, 0));
    }
  /* A loop over its group's records, right inside the group: with a
   * limit, what the group's footer after it adds up (compile_aggregate
   * ()), as a loop's own «итого» adds up what it lists; without one, the
   * group's records again. */
  if (loop->group == NULL && loop->type != SOURCE_LINKED)
    {
      guint group_frame;
      Loop *group = group_loop_of (self, stack, kind, &group_frame);

      if (group != NULL && _annalist_names_innermost_loop (self, stack) == group_frame)
        group->listed = loop->limit != NULL ? loop : NULL;
    }
  /* The columns go before, once the names read of the rows are known
   * (_annalist_query_narrow). */
  q->columns_tail = g_string_free (g_steal_pointer (&sql), FALSE);
  if (q->group)
    {
      /* Groups are counted by their keys. */
      g_autoptr(GString) count = g_string_new ("SELECT count(*) FROM (SELECT 1 ");
      g_string_append_printf (count, "%s GROUP BY ", q->from_where);
      _annalist_where_chain (count, kind, loop->group_ref->chain, "t", 200);
      g_string_append (count, ")");
      q->count_sql = g_string_free (g_steal_pointer (&count), FALSE);
    }
  else
    q->count_sql = g_strdup_printf ("SELECT count(*) %s", q->from_where);
  return TRUE;
}

gboolean
_annalist_query_open_loop (AnnalistTemplate  *self,
                           Tag               *tag,
                           GArray            *stack,
                           GError           **error)
{
  Loop *loop = tag->loop;

  if (loop->frame != 0)
    return TRUE;  /* a column loop met again in the next row */

  tag->frame_depth = stack->len;
  if (loop->type == SOURCE_YEARS)
    {
      if (!_annalist_query_resolve_tag (self, &(Tag) { .type = TAG_VALUE, .expr = loop->from,
                                                       .typed = tag->typed, .where = tag->where }, stack, error) ||
          !_annalist_query_resolve_tag (self, &(Tag) { .type = TAG_VALUE, .expr = loop->to,
                                                       .typed = tag->typed, .where = tag->where }, stack, error))
        return FALSE;
      if (loop->where || loop->sort || loop->group || loop->limit)
        return _annalist_tag_fail (self, tag, error, _("a loop over years takes no where, sort, group or limit"));
      loop->frame = _annalist_names_frame_add (self, FRAME_YEAR, NULL, loop->alias, loop, 0);
      return TRUE;
    }

  {
    Segment *first = &g_array_index (loop->segments, Segment, 0);
    const AnnalistKind *kind = loop->segments->len == 1 ? _annalist_template_find_kind (first->text) : NULL;

    if (kind == NULL)
      {
        /* The organisations of a record's list: {{#each presenters}}. */
        Expr probe = { .type = EXPR_PATH, .segments = loop->segments };
        GError *local_error = NULL;

        if (_annalist_names_resolve_path (self, tag, &probe, stack, &local_error) && probe.ref->type == REF_FIELD &&
            probe.ref->field->type == ANNALIST_FIELD_REFERENCES && probe.ref->chain->len == 1)
          {
            loop->type = SOURCE_LINKED;
            loop->linked = g_steal_pointer (&probe.ref);
            kind = annalist_kind_lookup ("organisation");
          }
        g_clear_pointer (&probe.ref, _annalist_path_ref_free);
        if (kind == NULL)
          {
            g_autofree char *name = _annalist_segments_text (loop->segments, 0, loop->segments->len);

            g_clear_error (&local_error);
            return unknown_kind (self, tag, name, error);
          }
        g_clear_error (&local_error);
      }

    if (!compile_kind_loop (self, tag, loop, stack, kind, error))
      return FALSE;
    if (has_year (kind) && !loop->any_year)
      self->params |= ANNALIST_TEMPLATE_PARAM_YEAR;
    loop->frame = _annalist_names_frame_add (self, loop->group ? FRAME_GROUP : FRAME_RECORD, kind, loop->alias, loop, 0);
  }
  return TRUE;
}

/* Aggregates ------------------------------------------------------------------- */

/* The loop with a limit whose records the footer of the group loop of
 * @frame adds up, or NULL: not a group, or no such loop before. */
static Loop *
listed_in_group (AnnalistTemplate *self,
                 guint             frame)
{
  StaticFrame *f = _annalist_names_frame_at (self, frame);

  return f->type == FRAME_GROUP && f->loop != NULL ? f->loop->listed : NULL;
}

static gboolean
compile_aggregate (AnnalistTemplate  *self,
                   Tag               *tag,
                   Expr              *e,
                   GArray            *stack,
                   GError           **error)
{
  const AnnalistKind *kind = NULL;
  const AnnalistField *field = NULL;
  GArray *chain = NULL;
  Loop *like_loop = NULL;
  guint like_frame = 0;
  g_autoptr(PathRef) ref = NULL;
  Query *q;

  if (e->segments == NULL)
    {
      /* count alone: the records of the innermost loop or group. */
      PathRef *r = g_new0 (PathRef, 1);

      r->type = REF_COUNT;
      r->frame = _annalist_names_innermost_loop (self, stack);
      if (r->frame == G_MAXUINT)
        {
          g_free (r);
          return _annalist_tag_fail (self, tag, error, _("“count” alone means the records of a loop: say which, as in count event"));
        }
      if (e->where != NULL)
        {
          g_free (r);
          return _annalist_tag_fail (self, tag, error, _("say what to count: count KIND where …"));
        }
      if (listed_in_group (self, r->frame) == NULL)
        {
          if (_annalist_names_frame_at (self, r->frame)->loop)
            _annalist_names_frame_at (self, r->frame)->loop->needs_count = TRUE;
          e->ref = r;
          return TRUE;
        }
      /* A group's footer under a loop with a limit: counted as its sums
       * are, below. */
      kind = _annalist_names_frame_at (self, r->frame)->kind;
      like_loop = _annalist_names_frame_at (self, r->frame)->loop;
      like_frame = r->frame;
      g_free (r);
    }
  else
    {
      Segment *first = &g_array_index (e->segments, Segment, 0);
      kind = _annalist_template_find_kind (first->text);
    }

  if (e->segments != NULL && kind != NULL && e->segments->len > 1)
    {
      gboolean missing;

      ref = g_new0 (PathRef, 1);
      if (!_annalist_names_resolve_chain (self, tag, kind, e->segments, 1, ref, &missing, error))
        return FALSE;
      if (missing)
        return _annalist_names_unknown_field (self, tag, kind, g_array_index (e->segments, Segment, 1).text, error);
      field = ref->field;
      chain = ref->chain;
    }
  else if (kind == NULL)
    {
      /* sum hours: a field of the innermost loop's records, over the
       * loop's records (or the group's). */
      guint frame = _annalist_names_innermost_loop (self, stack);
      gboolean missing;

      if (frame == G_MAXUINT || _annalist_names_frame_at (self, frame)->kind == NULL)
        {
          g_autofree char *name = _annalist_segments_text (e->segments, 0, e->segments->len);
          return unknown_kind (self, tag, name, error);
        }
      kind = _annalist_names_frame_at (self, frame)->kind;
      ref = g_new0 (PathRef, 1);
      if (!_annalist_names_resolve_chain (self, tag, kind, e->segments, 0, ref, &missing, error))
        return FALSE;
      if (missing)
        {
          g_autofree char *name = _annalist_segments_text (e->segments, 0, e->segments->len);
          return unknown_kind (self, tag, name, error);
        }
      field = ref->field;
      chain = ref->chain;
      like_loop = _annalist_names_frame_at (self, frame)->loop;
      like_frame = frame;
    }

  if (e->agg != AGG_COUNT && e->agg != AGG_LIST && field == NULL)
    return _annalist_tag_fail (self, tag, error, _("say which field: %s KIND.FIELD"), _annalist_expr_aggregate_word (e->agg));
  /* The first and last of anything; sums and means of numbers. */
  if (field != NULL && (e->agg == AGG_SUM || e->agg == AGG_AVG) &&
      field->type != ANNALIST_FIELD_INTEGER && field->type != ANNALIST_FIELD_REAL &&
      field->type != ANNALIST_FIELD_BOOLEAN && field->type != ANNALIST_FIELD_YEAR)
    return _annalist_tag_fail (self, tag, error, _("“%s” is not a number: it cannot be added up"), field->column);
  /* A list of organisations is one of them a value only to list. */
  if (field != NULL && field->type == ANNALIST_FIELD_REFERENCES && e->agg != AGG_LIST)
    return _annalist_tag_fail (self, tag, error, _("%s takes a field of one value a record, and “%s” is a list of organisations"),
                               _annalist_expr_aggregate_word (e->agg), field->column);

  q = query_new (self, tag, kind);
  q->aggregate = TRUE;
  q->agg = e->agg;
  q->agg_field = field;
  e->query = q;

  /* In a group's footer under a loop with a limit, over the records
   * that loop lists. */
  if (like_loop != NULL && like_frame != G_MAXUINT && listed_in_group (self, like_frame) != NULL)
    like_loop = listed_in_group (self, like_frame);
  else if (like_loop != NULL && like_frame != G_MAXUINT &&
           _annalist_names_frame_at (self, like_frame)->type != FRAME_RECORD)
    like_loop = NULL;

  if (like_loop != NULL && like_loop->query != NULL)
    {
      Query *rows = like_loop->query;

      /* Over the loop's own records: its FROM and WHERE; with a limit,
       * the records it lists, as «{{count}}» counts them (its order and
       * limit, from its columns on: the sum of the first two is not that
       * of all). */
      if (like_loop->limit != NULL)
        {
          q->from_where = g_strdup_printf ("FROM (SELECT t.*%s) t", rows->columns_tail);
          copy_params (q->where_params, rows->params);
        }
      else
        {
          q->from_where = g_strdup (rows->from_where);
          copy_params (q->where_params, rows->where_params);
        }
    }
  else
    {
      g_autoptr(GString) where = g_string_new (NULL);
      g_autoptr(GString) joins = g_string_new (NULL);
      g_autoptr(GHashTable) aliases = NULL;
      g_autoptr(GPtrArray) where_params = g_ptr_array_new_with_free_func (param_free);

      if (!compile_where (self, tag, stack, kind, e->where, e->any_year, where, joins, &aliases, where_params, error))
        return FALSE;
      q->from_where = g_strdup_printf ("FROM \"%s\" t%s%s%s", kind->name, joins->str,
                                       where->len ? " WHERE " : "", where->str);
      copy_params (q->where_params, where_params);
    }
  if (has_year (kind) && !e->any_year)
    self->params |= ANNALIST_TEMPLATE_PARAM_YEAR;

  {
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    static const char * const funcs[] = {
      [AGG_COUNT] = "count", [AGG_SUM] = "total", [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg",
    };

    if (e->agg == AGG_LIST && field != NULL && field->type == ANNALIST_FIELD_REFERENCES)
      {
        /* The organisations of the records' lists (those of the record
         * the chain before the field reaches), each once, in the order of
         * the records and of each list. */
        g_autoptr(GArray) owner = g_array_copy (chain);

        q->list_kind = _annalist_names_target_of (field);
        g_array_set_size (owner, owner->len - 1);
        g_string_append (sql, "organisation_id FROM (SELECT j.organisation_id, row_number () OVER "
                              "(ORDER BY s.row, j.position IS NULL, j.position, j.organisation_id) AS n FROM (SELECT ");
        if (owner->len == 0)
          g_string_append (sql, "t.id");
        else
          _annalist_where_chain (sql, kind, owner, "t", 0);
        g_string_append_printf (sql, " AS owner, t.id AS row %s) s JOIN \"%s\" j ON j.\"%s\" = s.owner) "
                                     "GROUP BY organisation_id ORDER BY min (n)",
                                q->from_where, field->junction, field->junction_column);
      }
    else if (e->agg == AGG_LIST)
      {
        if (field == NULL || !_annalist_names_is_reference (field))
          return _annalist_tag_fail (self, tag, error, _("list takes a field that refers to records: list KIND.FIELD"));
        q->list_kind = _annalist_names_target_of (field);
        g_string_append (sql, "DISTINCT ");
        _annalist_where_chain (sql, kind, chain, "t", 0);
        g_string_append_printf (sql, " %s ORDER BY t.id", q->from_where);
      }
    else if (e->agg == AGG_COUNT && field != NULL)
      {
        /* count KIND.FIELD: how many different values. */
        g_string_append (sql, "count (DISTINCT ");
        _annalist_where_chain (sql, kind, chain, "t", 0);
        g_string_append_printf (sql, ") %s", q->from_where);
      }
    else if (e->agg == AGG_COUNT)
      g_string_append_printf (sql, "count(*) %s", q->from_where);
    else
      {
        g_string_append_printf (sql, "%s (", funcs[e->agg]);
        _annalist_where_chain (sql, kind, chain, "t", 0);
        g_string_append_printf (sql, ") %s", q->from_where);
      }
    q->sql = g_string_free (g_steal_pointer (&sql), FALSE);
    copy_params (q->params, q->where_params);
  }
  return TRUE;
}

/* Expressions -------------------------------------------------------------------- */

static gboolean
resolve_expr (AnnalistTemplate  *self,
              Tag               *tag,
              Expr              *e,
              GArray            *stack,
              GError           **error)
{
  if (e == NULL)
    return TRUE;

  switch (e->type)
    {
    case EXPR_PATH:
      if (e->ref != NULL)
        return TRUE;
      return _annalist_names_resolve_path (self, tag, e, stack, error);

    case EXPR_AGGREGATE:
      if (e->query != NULL || e->ref != NULL)
        return TRUE;
      return compile_aggregate (self, tag, e, stack, error);

    case EXPR_INDEX:
      if (_annalist_names_innermost_loop (self, stack) == G_MAXUINT)
        return _annalist_tag_fail (self, tag, error, _("{{#}} is the number of a record in a loop: it stands outside any loop"));
      return TRUE;

    case EXPR_NARRATIVE:
      self->params |= ANNALIST_TEMPLATE_PARAM_YEAR;
      return TRUE;

    case EXPR_BINARY:
      if (e->op >= OP_EQ && e->op <= OP_CONTAINS && e->left->type == EXPR_TEXT)
        {
          /* «"Дата начала" = …»: a quoted label on the left names a field
           * when there is one. */
          Expr probe = { .type = EXPR_PATH, .segments = g_array_new (FALSE, FALSE, sizeof (Segment)) };
          Segment s = { e->left->text, TRUE };
          GError *local_error = NULL;

          g_array_append_val (probe.segments, s);
          if (_annalist_names_resolve_path (self, tag, &probe, stack, &local_error) && probe.ref->type == REF_FIELD)
            {
              e->left->type = EXPR_PATH;
              e->left->segments = g_steal_pointer (&probe.segments);
              e->left->ref = g_steal_pointer (&probe.ref);
              e->left->text = NULL;
            }
          g_clear_error (&local_error);
          g_clear_pointer (&probe.ref, _annalist_path_ref_free);
          if (probe.segments != NULL)
            {
              g_array_set_size (probe.segments, 0);
              g_array_unref (probe.segments);
            }
        }
      return resolve_expr (self, tag, e->left, stack, error) &&
             resolve_expr (self, tag, e->right, stack, error);

    case EXPR_NOT:
    case EXPR_NEG:
      return resolve_expr (self, tag, e->left, stack, error);

    case EXPR_IN:
      if (!resolve_expr (self, tag, e->left, stack, error))
        return FALSE;
      for (guint i = 0; i < e->items->len; i++)
        if (!resolve_expr (self, tag, g_ptr_array_index (e->items, i), stack, error))
          return FALSE;
      return TRUE;

    default:
      return TRUE;
    }
}

/* A name given as a word or in quotes. */
static GArray *
name_segments (Expr *e)
{
  if (e->type == EXPR_PATH)
    return g_array_ref (e->segments);
  if (e->type == EXPR_TEXT)
    {
      GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));
      Segment s = { g_strdup (e->text), TRUE };

      g_array_set_clear_func (segments, _annalist_segment_clear);
      g_array_append_val (segments, s);
      return segments;
    }
  return NULL;
}

/* {{chart line KIND CATEGORY VALUE "series" ["title"]}}: a native chart
 * of a kind's records, one point a record. */
static gboolean
resolve_chart (AnnalistTemplate  *self,
               Tag               *tag,
               GArray            *stack,
               GError           **error)
{
  Loop *loop;
  g_autoptr(GArray) inner = NULL;

  if (!g_str_equal (tag->block, "line") && !g_str_equal (tag->block, "bar"))
    return _annalist_tag_fail (self, tag, error, _("there is no chart “%s”: write chart line or chart bar"), tag->block);
  /* A page's header and footer are styles, which hold no objects. */
  if (tag->where.master)
    return _annalist_tag_fail (self, tag, error, _("a chart cannot stand in a page header or footer: put it in the text"));
  if (tag->args->len < 4 || tag->args->len % 2 != 0)
    return _annalist_tag_fail (self, tag, error, _("a chart takes the records, the field of its labels, the field of its "
                                                   "values and the name of the line: chart line KIND FIELD FIELD \"name\", "
                                                   "then title \"…\" or axis \"…\" if wanted"));
  /* Options after the line's name: title "…", axis "…" (of the values). */
  for (guint a = 4; a + 1 < tag->args->len; a += 2)
    {
      Expr *option = g_ptr_array_index (tag->args, a);
      const char *word = option->type == EXPR_PATH ? g_array_index (option->segments, Segment, 0).text : "";

      if (g_ascii_strcasecmp (word, "title") != 0 && g_ascii_strcasecmp (word, "axis") != 0)
        return _annalist_tag_fail (self, tag, error, _("a chart knows the options title and axis, not “%s”"), word);
      option->type = EXPR_TEXT;
      option->text = g_ascii_strdown (word, -1);
    }
  if (tag->loop != NULL)
    return TRUE;

  loop = g_new0 (Loop, 1);
  loop->type = SOURCE_KIND;
  loop->segments = name_segments (g_ptr_array_index (tag->args, 0));
  if (loop->segments == NULL)
    {
      g_free (loop);
      return _annalist_tag_fail (self, tag, error, _("a chart starts with the records it shows"));
    }
  tag->loop = loop;
  if (!_annalist_query_open_loop (self, tag, stack, error))
    return FALSE;

  inner = g_array_copy (stack);
  g_array_append_val (inner, loop->frame);
  for (guint a = 1; a < tag->args->len; a++)
    {
      Expr *arg = g_ptr_array_index (tag->args, a);

      if (a >= 4 && a % 2 == 0)
        continue;  /* an option's name */
      if (a <= 2 && arg->type == EXPR_TEXT)
        _annalist_where_label_to_path (arg);  /* a quoted label: the field */
      if (!resolve_expr (self, tag, arg, a <= 2 ? inner : stack, error))
        return FALSE;
    }
  return TRUE;
}

/* «|number 1»'s count of decimals, when typed as it is, checked before
 * anything is written: «|number "a"» printed 0 decimals, «|number -1»
 * was not read at all. One from a field is checked when it is known. */
static gboolean
check_decimals (AnnalistTemplate  *self,
                Tag               *tag,
                Filter            *f,
                GError           **error)
{
  Expr *arg;
  g_autofree char *typed = NULL;
  int places;

  if (!g_str_equal (f->name, "number") || f->args->len == 0)
    return TRUE;
  arg = g_ptr_array_index (f->args, 0);
  if (arg->type == EXPR_TEXT)
    typed = g_strdup (arg->text);
  else if (arg->type == EXPR_NUMBER)
    typed = annalist_format_number (arg->number, -1);
  else if (arg->type == EXPR_NEG && arg->left != NULL && arg->left->type == EXPR_NUMBER)
    {
      g_autofree char *number = annalist_format_number (arg->left->number, -1);
      typed = g_strconcat ("-", number, NULL);
    }
  if (typed == NULL || _annalist_decimals_parse (typed, &places))
    return TRUE;
  return _annalist_tag_fail (self, tag, error,
                             _("the number of decimals after “|number” is a whole number, 0 or more, not “%s”"),
                             typed);
}

gboolean
_annalist_query_resolve_tag (AnnalistTemplate  *self,
                             Tag               *tag,
                             GArray            *stack,
                             GError           **error)
{
  Expr *e = tag->expr;

  tag->frame_depth = stack->len;

  /* {{"Дата начала"}}: a quoted text alone names a field when a field is
   * called so; else it is the text itself. */
  if (tag->type == TAG_VALUE && e != NULL && e->type == EXPR_TEXT && tag->node != NULL)
    {
      Expr probe = { .type = EXPR_PATH, .segments = g_array_new (FALSE, FALSE, sizeof (Segment)) };
      Segment s = { e->text, TRUE };
      GError *local_error = NULL;

      g_array_append_val (probe.segments, s);
      if (_annalist_names_resolve_path (self, tag, &probe, stack, &local_error) && probe.ref->type == REF_FIELD)
        {
          e->type = EXPR_PATH;
          e->text = NULL;
          g_array_set_clear_func (probe.segments, _annalist_segment_clear);
          e->segments = g_steal_pointer (&probe.segments);
          e->ref = g_steal_pointer (&probe.ref);
        }
      g_clear_error (&local_error);
      g_clear_pointer (&probe.ref, _annalist_path_ref_free);
      g_clear_pointer (&probe.segments, g_array_unref);
    }

  if (!resolve_expr (self, tag, e, stack, error))
    return FALSE;
  if (tag->filters != NULL)
    for (guint i = 0; i < tag->filters->len; i++)
      {
        Filter *f = g_ptr_array_index (tag->filters, i);
        guint min_args, max_args;

        if (!_annalist_filter_known (f->name, &min_args, &max_args))
          return _annalist_tag_fail (self, tag, error, _("there is no format “|%s”"), f->name);
        if (f->args->len < min_args || f->args->len > max_args)
          return _annalist_tag_fail (self, tag, error,
                                     g_dngettext (GETTEXT_PACKAGE, "the format “|%s” takes %u value after it",
                                                  "the format “|%s” takes %u values after it", max_args),
                                     f->name, max_args);

        for (guint a = 0; a < f->args->len; a++)
          {
            Expr *arg = g_ptr_array_index (f->args, a);
            if (arg->type != EXPR_TEXT && !resolve_expr (self, tag, arg, stack, error))
              return FALSE;
          }
        if (!check_decimals (self, tag, f, error))
          return FALSE;
      }
  if (tag->type == TAG_BLOCK)
    return resolve_chart (self, tag, stack, error);
  return TRUE;
}
