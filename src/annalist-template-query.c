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

/* Columns ------------------------------------------------------------------ */

const AnnalistField _annalist_id_field = {
  "id", ANNALIST_FIELD_INTEGER, N_("Number in the database"), 0, 0, G_MAXINT64,
};

/* Field @index of @kind, the record's id for ID_FIELD. */
static const AnnalistField *
field_at (const AnnalistKind *kind,
          int                 index)
{
  return index == ID_FIELD ? &_annalist_id_field : &kind->fields[index];
}

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

static void
append_columns (GString            *sql,
                const AnnalistKind *kind)
{
  g_string_append (sql, "t.id");
  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      g_string_append_printf (sql, ", t.\"%s\"", kind->fields[i].column);
}

/* Freeing ---------------------------------------------------------------------- */

static void
segment_clear_func (gpointer data)
{
  g_free (((Segment *) data)->text);
}

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

static Param *
param_new (ParamType  type,
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
      g_ptr_array_add (to, param_new (p->type, p->expr, p->frame));
    }
}

/* SQL building ---------------------------------------------------------------- */

typedef struct
{
  AnnalistTemplate   *self;
  Tag                *tag;
  GArray             *stack;
  const AnnalistKind *kind;    /* the records the clause is about */
  GString            *sql;
  GPtrArray          *params;
  guint               depth;   /* for subquery aliases */
  GError            **error;
} Clause;

/* The SQL value of @chain on the row @alias of @kind. */
static void
append_chain (GString            *sql,
              const AnnalistKind *kind,
              GArray             *chain,
              const char         *alias,
              guint               depth)
{
  const AnnalistKind *k = kind;
  g_autoptr(GString) inner = g_string_new (NULL);
  guint opened = 0;

  /* t.organisation_id → (SELECT s1.type_id FROM organisation s1 WHERE
   * s1.id = t.organisation_id) and so on. */
  g_string_printf (inner, "%s.\"%s\"", alias, field_at (k, g_array_index (chain, int, 0))->column);
  for (guint i = 1; i < chain->len; i++)
    {
      const AnnalistField *f = field_at (k, g_array_index (chain, int, i - 1));
      const AnnalistKind *target = _annalist_names_target_of (f);
      char *wrapped = g_strdup_printf ("(SELECT s%u.\"%s\" FROM \"%s\" s%u WHERE s%u.id = %s)",
                                       depth + i, field_at (target, g_array_index (chain, int, i))->column,
                                       target->name, depth + i, depth + i, inner->str);

      g_string_assign (inner, wrapped);
      g_free (wrapped);
      k = target;
      opened++;
    }
  g_string_append (sql, inner->str);
}

/* The columns that name a record for people: what a reference is compared
 * with when the template gives a text. */
static const char * const name_columns[] = { "name", "short_name", "full_name", "title", "topic", "number" };

static void
append_name_match (GString            *sql,
                   const AnnalistKind *kind,
                   const char         *alias)
{
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (name_columns); i++)
    {
      const AnnalistField *f = annalist_kind_field (kind, name_columns[i]);

      if (f == NULL || (f->type != ANNALIST_FIELD_TEXT && f->type != ANNALIST_FIELD_LONG_TEXT))
        continue;
      g_string_append_printf (sql, "%sannalist_fold (%s.\"%s\") = ?", any ? " OR " : "", alias, name_columns[i]);
      any = TRUE;
    }
  if (!any)
    g_string_append (sql, "0");
}

static gboolean compile_condition (Clause *c, Expr *e);

/* A quoted label where a field is meant: the text becomes a path of one
 * quoted name. */
static void
label_to_path (Expr *e)
{
  Segment s = { g_steal_pointer (&e->text), TRUE };

  e->type = EXPR_PATH;
  e->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_array_set_clear_func (e->segments, segment_clear_func);
  g_array_append_val (e->segments, s);
}

/* @segments as a field (and the references after it) of a record of
 * @kind itself; NULL on an error, or with *missing when the first name is
 * no field of @kind. */
static PathRef *
own_field (AnnalistTemplate   *self,
           Tag                *tag,
           const AnnalistKind *kind,
           GArray             *segments,
           gboolean           *missing,
           GError            **error)
{
  PathRef *ref = g_new0 (PathRef, 1);

  *missing = FALSE;
  if (!_annalist_names_resolve_chain (self, tag, kind, segments, 0, ref, missing, error) || *missing)
    {
      _annalist_path_ref_free (ref);
      return NULL;
    }
  ref->type = REF_FIELD;
  ref->frame = FRAME_SELF;
  return ref;
}

/* Whether @e is about the clause's records (a field of them). */
static gboolean
resolve_record_side (Clause *c,
                     Expr   *e)
{
  gboolean missing;

  /* A quoted label on the left of a comparison names a field. */
  if (e->type == EXPR_TEXT && _annalist_template_find_field (c->kind, e->text, NULL) != NULL)
    label_to_path (e);
  if (e->type != EXPR_PATH)
    return FALSE;
  if (e->ref != NULL)
    return e->ref->frame == FRAME_SELF;
  e->ref = own_field (c->self, c->tag, c->kind, e->segments, &missing, c->error);
  return e->ref != NULL;
}

/* A value from the frames, bound at run time. */
static gboolean
append_scope_value (Clause    *c,
                    Expr      *e,
                    ParamType  type)
{
  if (!_annalist_query_resolve_tag (c->self, &(Tag) { .type = TAG_VALUE, .expr = e, .typed = c->tag->typed,
                                                      .where = c->tag->where },
                                    c->stack, c->error))
    return FALSE;
  g_string_append (c->sql, "?");
  g_ptr_array_add (c->params, param_new (type, e, 0));
  return TRUE;
}

static gboolean
compile_comparison (Clause *c,
                    Expr   *e)
{
  static const char * const sql_ops[] = {
    [OP_EQ] = "=", [OP_NE] = "<>", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
  };
  Expr *left = e->left, *right = e->right;
  gboolean left_record, right_record;

  left_record = resolve_record_side (c, left);
  if (c->error && *c->error)
    return FALSE;
  right_record = right->type == EXPR_PATH && resolve_record_side (c, right);
  if (c->error && *c->error)
    return FALSE;

  if (!left_record && right_record)
    {
      /* «"Семинар" = kind»: the same as «kind = "Семинар"». */
      Expr *swap = left;
      left = right;
      right = swap;
      left_record = TRUE;
      right_record = FALSE;
      if (e->op == OP_LT) e->op = OP_GT;
      else if (e->op == OP_GT) e->op = OP_LT;
      else if (e->op == OP_LE) e->op = OP_GE;
      else if (e->op == OP_GE) e->op = OP_LE;
    }

  if (!left_record && left->type == EXPR_PATH && left->ref == NULL)
    {
      /* Neither a field of the records nor a name around them: say it as
       * a field the user meant. */
      Expr probe = { .type = EXPR_PATH, .segments = left->segments };
      GError *local_error = NULL;
      gboolean known = _annalist_names_resolve_path (c->self, c->tag, &probe, c->stack, &local_error);

      g_clear_pointer (&probe.ref, _annalist_path_ref_free);
      g_clear_error (&local_error);
      if (!known)
        return _annalist_names_unknown_field (c->self, c->tag, c->kind, g_array_index (left->segments, Segment, 0).text,
                                              c->error);
    }

  if (!left_record)
    {
      /* Nothing about the records: a condition decided by the frames. */
      g_string_append (c->sql, "(? <> 0)");
      if (!_annalist_query_resolve_tag (c->self, &(Tag) { .type = TAG_VALUE, .expr = e, .typed = c->tag->typed,
                                                          .where = c->tag->where }, c->stack, c->error))
        return FALSE;
      g_ptr_array_add (c->params, param_new (PARAM_EXPR, e, 0));
      return TRUE;
    }

  {
    const AnnalistField *field = left->ref->field;

    if (field->type == ANNALIST_FIELD_REFERENCES)
      {
        /* A list of organisations «= "Школа № 5"»: it holds one that is. */
        const AnnalistKind *target = _annalist_names_target_of (field);
        g_autofree char *alias = g_strdup_printf ("o%u", c->depth);
        g_autoptr(GString) names = g_string_new (NULL);

        if (left->ref->chain->len != 1 || (e->op != OP_EQ && e->op != OP_NE && e->op != OP_CONTAINS))
          return _annalist_tag_fail (c->self, c->tag, c->error,
                                     _("a list of organisations can only be compared with =, != or contains"));
        append_name_match (names, target, alias);
        g_string_append_printf (c->sql, "%sEXISTS (SELECT 1 FROM \"%s\" j%u JOIN \"%s\" %s ON %s.id = j%u.organisation_id "
                                "WHERE j%u.\"%s\" = t.id AND (%s.id = ",
                                e->op == OP_NE ? "NOT " : "", field->junction, c->depth, target->name,
                                alias, alias, c->depth, c->depth, field->junction_column, alias);
        c->depth++;
        if (!append_scope_value (c, right, PARAM_RECORD_ID))
          return FALSE;
        g_string_append_printf (c->sql, " OR %s))", names->str);
        for (const char *q = names->str; (q = strchr (q, '?')) != NULL; q++)
          g_ptr_array_add (c->params, param_new (PARAM_FOLDED, right, 0));
        return TRUE;
      }

    if (right_record)
      {
        if (e->op == OP_CONTAINS)
          {
            g_string_append (c->sql, "instr (annalist_fold (");
            append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
            g_string_append (c->sql, "), annalist_fold (");
            append_chain (c->sql, c->kind, right->ref->chain, "t", c->depth + 8);
            g_string_append (c->sql, ")) > 0");
          }
        else
          {
            g_string_append_c (c->sql, '(');
            append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
            g_string_append_printf (c->sql, ") %s (", sql_ops[e->op]);
            append_chain (c->sql, c->kind, right->ref->chain, "t", c->depth + 8);
            g_string_append (c->sql, ")");
          }
        c->depth += 16;
        return TRUE;
      }

    if (_annalist_names_is_reference (field))
      {
        /* A reference compared with a record (by its id) or a text (by its
         * name or short name). */
        const AnnalistKind *target = _annalist_names_target_of (field);
        g_autofree char *alias = g_strdup_printf ("r%u", c->depth++);
        g_autoptr(GString) names = g_string_new (NULL);

        if (e->op != OP_EQ && e->op != OP_NE)
          return _annalist_tag_fail (c->self, c->tag, c->error,
                                     _("“%s” refers to a record: compare it with = or !="), left->ref->field->column);
        append_name_match (names, target, alias);
        g_string_append_printf (c->sql, "%sEXISTS (SELECT 1 FROM \"%s\" %s WHERE %s.id = COALESCE (",
                                e->op == OP_NE ? "NOT " : "", target->name, alias, alias);
        append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
        c->depth += 8;
        g_string_append_printf (c->sql, ", 0) AND (%s.id = ", alias);
        if (!append_scope_value (c, right, PARAM_RECORD_ID))
          return FALSE;
        g_string_append_printf (c->sql, " OR %s))", names->str);
        for (const char *q = names->str; (q = strchr (q, '?')) != NULL; q++)
          g_ptr_array_add (c->params, param_new (PARAM_FOLDED, right, 0));
        return TRUE;
      }

    if (field->type == ANNALIST_FIELD_TEXT || field->type == ANNALIST_FIELD_LONG_TEXT)
      {
        /* Texts compare without regard to case and «ё». */
        if (e->op == OP_CONTAINS)
          {
            g_string_append (c->sql, "instr (annalist_fold (");
            append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
            g_string_append (c->sql, "), ");
            c->depth += 8;
            if (!append_scope_value (c, right, PARAM_FOLDED))
              return FALSE;
            g_string_append (c->sql, ") > 0");
            return TRUE;
          }
        g_string_append (c->sql, "annalist_fold (COALESCE (");
        append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
        c->depth += 8;
        g_string_append_printf (c->sql, ", '')) %s ", sql_ops[e->op]);
        return append_scope_value (c, right, PARAM_FOLDED);
      }

    /* A number, date, year or flag: the value from the frames is converted
     * for the field («01.01.2023», «2022-2023», «да») when bound. */
    g_string_append (c->sql, "(");
    append_chain (c->sql, c->kind, left->ref->chain, "t", c->depth);
    c->depth += 8;
    g_string_append_printf (c->sql, ") %s ", e->op == OP_CONTAINS ? "=" : sql_ops[e->op]);
    if (!append_scope_value (c, right, PARAM_EXPR))
      return FALSE;
    ((Param *) g_ptr_array_index (c->params, c->params->len - 1))->field = field;
    return TRUE;
  }
}

/* A field of the records in a list of quoted texts, «kind.code in
 * ("conference", "seminar")» or «level in ("Федеральный", "Региональный")»:
 * the field is read (and folded) once a row and looked up in the list,
 * where «x = a or x = b» read it once an item. FALSE when @e is not such
 * (nothing written). */
static gboolean
compile_in_texts (Clause *c,
                  Expr   *e)
{
  const AnnalistField *field;

  if (e->items->len == 0)
    return FALSE;
  for (guint i = 0; i < e->items->len; i++)
    if (((Expr *) g_ptr_array_index (e->items, i))->type != EXPR_TEXT)
      return FALSE;
  if (!resolve_record_side (c, e->left))
    return FALSE;
  field = e->left->ref->field;

  if (field->type == ANNALIST_FIELD_TEXT || field->type == ANNALIST_FIELD_LONG_TEXT)
    {
      /* The same rows: the folded text and the values bound are never
       * NULL. */
      g_string_append (c->sql, "annalist_fold (COALESCE (");
      append_chain (c->sql, c->kind, e->left->ref->chain, "t", c->depth);
      c->depth += 8;
      g_string_append (c->sql, ", '')) IN (");
      for (guint i = 0; i < e->items->len; i++)
        {
          if (i > 0)
            g_string_append (c->sql, ", ");
          if (!append_scope_value (c, g_ptr_array_index (e->items, i), PARAM_FOLDED))
            return FALSE;
        }
      g_string_append_c (c->sql, ')');
      return TRUE;
    }

  if (_annalist_names_is_reference (field))
    {
      /* As compile_comparison's «reference = text», once for the list: the
       * referenced record has one of the names. A quoted text is never a
       * record, so the «r.id = ?» of a single comparison (NULL) is left
       * out. */
      const AnnalistKind *target = _annalist_names_target_of (field);
      g_autofree char *alias = g_strdup_printf ("r%u", c->depth++);
      gboolean any = FALSE;

      g_string_append_printf (c->sql, "EXISTS (SELECT 1 FROM \"%s\" %s WHERE %s.id = COALESCE (",
                              target->name, alias, alias);
      append_chain (c->sql, c->kind, e->left->ref->chain, "t", c->depth);
      c->depth += 8;
      g_string_append (c->sql, ", 0) AND (");
      for (guint n = 0; n < G_N_ELEMENTS (name_columns); n++)
        {
          const AnnalistField *f = annalist_kind_field (target, name_columns[n]);

          if (f == NULL || (f->type != ANNALIST_FIELD_TEXT && f->type != ANNALIST_FIELD_LONG_TEXT))
            continue;
          g_string_append_printf (c->sql, "%sannalist_fold (%s.\"%s\") IN (", any ? " OR " : "", alias, name_columns[n]);
          for (guint i = 0; i < e->items->len; i++)
            {
              if (i > 0)
                g_string_append (c->sql, ", ");
              if (!append_scope_value (c, g_ptr_array_index (e->items, i), PARAM_FOLDED))
                return FALSE;
            }
          g_string_append_c (c->sql, ')');
          any = TRUE;
        }
      g_string_append (c->sql, any ? "))" : "0))");
      return TRUE;
    }
  return FALSE;
}

static gboolean
compile_condition (Clause *c,
                   Expr   *e)
{
  switch (e->type)
    {
    case EXPR_BINARY:
      if (e->op == OP_AND || e->op == OP_OR)
        {
          g_string_append_c (c->sql, '(');
          if (!compile_condition (c, e->left))
            return FALSE;
          g_string_append (c->sql, e->op == OP_AND ? " AND " : " OR ");
          if (!compile_condition (c, e->right))
            return FALSE;
          g_string_append_c (c->sql, ')');
          return TRUE;
        }
      if (e->op >= OP_EQ && e->op <= OP_CONTAINS)
        return compile_comparison (c, e);
      break;

    case EXPR_NOT:
      g_string_append (c->sql, "NOT (");
      if (!compile_condition (c, e->left))
        return FALSE;
      g_string_append_c (c->sql, ')');
      return TRUE;

    case EXPR_IN:
      if (compile_in_texts (c, e))
        return TRUE;
      if (c->error && *c->error)
        return FALSE;
      {
        /* x in (a, b): x = a or x = b */
        g_string_append_c (c->sql, '(');
        for (guint i = 0; i < e->items->len; i++)
          {
            Expr eq = { .type = EXPR_BINARY, .op = OP_EQ, .left = e->left,
                        .right = g_ptr_array_index (e->items, i) };

            if (i > 0)
              g_string_append (c->sql, " OR ");
            if (!compile_comparison (c, &eq))
              return FALSE;
          }
        if (e->items->len == 0)
          g_string_append_c (c->sql, '0');
        g_string_append_c (c->sql, ')');
        return TRUE;
      }

    case EXPR_PATH:
    case EXPR_TEXT:
      if (resolve_record_side (c, e))
        {
          /* A field alone: it is set (not empty, not zero, not false). */
          if (e->ref->field->type == ANNALIST_FIELD_REFERENCES)
            {
              g_string_append_printf (c->sql, "EXISTS (SELECT 1 FROM \"%s\" WHERE \"%s\" = t.id)",
                                      e->ref->field->junction, e->ref->field->junction_column);
              return TRUE;
            }
          g_string_append (c->sql, "COALESCE (");
          append_chain (c->sql, c->kind, e->ref->chain, "t", c->depth);
          c->depth += 8;
          g_string_append (c->sql, ", 0) NOT IN (0, '')");
          return TRUE;
        }
      if (c->error && *c->error)
        return FALSE;
      break;

    default:
      break;
    }

  /* Anything else is decided by the frames: bound as true or false. */
  g_string_append (c->sql, "(? <> 0)");
  if (!_annalist_query_resolve_tag (c->self, &(Tag) { .type = TAG_VALUE, .expr = e, .typed = c->tag->typed,
                                                      .where = c->tag->where }, c->stack, c->error))
    return FALSE;
  g_ptr_array_add (c->params, param_new (PARAM_EXPR, e, 0));
  return TRUE;
}

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
      g_ptr_array_add (c->params, param_new (PARAM_YEAR, NULL, 0));
      return TRUE;
    }
  /* One year, or every year of a period document outside a loop over
   * its years: the bounds are the same year then. */
  if (kind->year_column != NULL)
    {
      g_string_append_printf (c->sql, "%s.\"%s\" BETWEEN ? AND ?", alias, kind->year_column);
      g_ptr_array_add (c->params, param_new (PARAM_YEAR_LOW, NULL, 0));
      g_ptr_array_add (c->params, param_new (PARAM_YEAR_HIGH, NULL, 0));
      return TRUE;
    }
  if (kind->period_from != NULL)
    {
      const AnnalistField *from = annalist_kind_field (kind, kind->period_from);
      gboolean years = from->type == ANNALIST_FIELD_YEAR;

      g_string_append_printf (c->sql, "(%s.\"%s\" IS NULL OR %s.\"%s\" <= ?) AND (%s.\"%s\" IS NULL OR %s.\"%s\" >= ?)",
                              alias, kind->period_from, alias, kind->period_from,
                              alias, kind->period_to, alias, kind->period_to);
      g_ptr_array_add (c->params, param_new (years ? PARAM_YEAR_HIGH : PARAM_YEAR_LAST, NULL, 0));
      g_ptr_array_add (c->params, param_new (years ? PARAM_YEAR_LOW : PARAM_YEAR_FIRST, NULL, 0));
      return TRUE;
    }
  if (kind->parent_column != NULL)
    {
      const AnnalistKind *owner = _annalist_names_target_of (annalist_kind_field (kind, kind->parent_column));
      g_autofree char *owner_alias = g_strdup_printf ("y%u", depth);
      gsize mark = c->sql->len;
      guint n_params = c->params->len;

      g_string_append_printf (c->sql, "%s.\"%s\" IN (SELECT %s.id FROM \"%s\" %s WHERE ",
                              alias, kind->parent_column, owner_alias, owner->name, owner_alias);
      if (!append_year_filter (c, owner, owner_alias, depth + 1))
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
      append_chain (c->sql, c->kind, group->group_ref->chain, "t", c->depth);
      c->depth += 8;
      g_string_append (c->sql, ") IS ?");
      g_ptr_array_add (c->params, param_new (PARAM_GROUP_KEY, NULL, group_frame));
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
          if (!compile_condition (&inner, group->where))
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
      if (f->type == FRAME_GROUP)
        {
          /* A group of other records: those of any record of the group is
           * meaningless; take the group's first record. */
          g_string_append_printf (c->sql, "t.\"%s\" = ?", c->kind->fields[field].column);
          g_ptr_array_add (c->params, param_new (PARAM_FRAME_ID, NULL, index));
        }
      else
        {
          g_string_append_printf (c->sql, "t.\"%s\" = ?", c->kind->fields[field].column);
          g_ptr_array_add (c->params, param_new (PARAM_FRAME_ID, NULL, index));
        }
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

/* ORDER BY for a field chain: references by their position and name. */
static void
append_order (GString            *sql,
              const AnnalistKind *kind,
              GArray             *chain,
              const AnnalistField *field,
              gboolean            descending,
              guint               depth)
{
  const char *dir = descending ? " DESC" : "";

  if (_annalist_names_is_reference (field))
    {
      const AnnalistKind *target = _annalist_names_target_of (field);
      const char *title = target->title_column ? target->title_column : "id";

      if (annalist_kind_field (target, "position") != NULL)
        {
          g_string_append_printf (sql, "(SELECT o%u.position FROM \"%s\" o%u WHERE o%u.id = ", depth,
                                  target->name, depth, depth);
          append_chain (sql, kind, chain, "t", depth + 1);
          g_string_append_printf (sql, ")%s, ", dir);
        }
      g_string_append_printf (sql, "(SELECT o%u.\"%s\" FROM \"%s\" o%u WHERE o%u.id = ", depth + 20,
                              title, target->name, depth + 20, depth + 20);
      append_chain (sql, kind, chain, "t", depth + 21);
      g_string_append_printf (sql, ") COLLATE annalist%s", dir);
      return;
    }
  /* Empty values last, whichever the direction. */
  g_string_append (sql, "(");
  append_chain (sql, kind, chain, "t", depth);
  g_string_append (sql, ") IS NULL, ");
  append_chain (sql, kind, chain, "t", depth);
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

  *out = own_field (self, tag, kind, segments, &missing, error);
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
               GPtrArray          *params,
               GError            **error)
{
  Clause c = { self, tag, stack, kind, sql, params, 0, error };

  if (where != NULL)
    {
      g_string_append_c (sql, '(');
      if (!compile_condition (&c, where))
        return FALSE;
      g_string_append_c (sql, ')');
    }
  return append_restrictions (&c, where, any_year);
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
  g_autoptr(GPtrArray) where_params = g_ptr_array_new_with_free_func (param_free);
  g_autoptr(GString) sql = g_string_new (NULL);

  loop->query = q;
  if (!compile_where (self, tag, stack, kind, loop->where, loop->any_year, where, where_params, error))
    return FALSE;

  if (loop->type == SOURCE_LINKED)
    {
      /* The organisations of a record's list, in the list's order. */
      const AnnalistField *field = loop->linked->field;

      q->from_where = g_strdup_printf ("FROM \"%s\" t JOIN \"%s\" j ON j.organisation_id = t.id "
                                       "WHERE j.\"%s\" = ?%s%s",
                                       kind->name, field->junction, field->junction_column,
                                       where->len ? " AND " : "", where->str);
      g_ptr_array_add (q->where_params, param_new (PARAM_LINK_OWNER, NULL, loop->linked->frame));
      copy_params (q->where_params, where_params);
    }
  else
    {
      q->from_where = g_strdup_printf ("FROM \"%s\" t%s%s", kind->name,
                                       where->len ? " WHERE " : "", where->str);
      copy_params (q->where_params, where_params);
    }

  if (loop->sort != NULL)
    for (guint i = 0; i < loop->sort->len; i++)
      {
        SortKey *k = g_ptr_array_index (loop->sort, i);
        if (!resolve_key (self, tag, kind, k->segments, &k->ref, error))
          return FALSE;
      }

  if (loop->group != NULL)
    {
      if (!resolve_key (self, tag, kind, loop->group, &loop->group_ref, error))
        return FALSE;
      q->group = TRUE;
      g_string_append (sql, "SELECT ");
      append_columns (sql, kind);
      g_string_append (sql, ", count(*), min(t.id), ");
      append_chain (sql, kind, loop->group_ref->chain, "t", 100);
      g_string_append_printf (sql, " %s GROUP BY ", q->from_where);
      append_chain (sql, kind, loop->group_ref->chain, "t", 200);
      g_string_append (sql, " ORDER BY ");
      append_order (sql, kind, loop->group_ref->chain, loop->group_ref->field, FALSE, 300);
    }
  else
    {
      g_string_append (sql, "SELECT ");
      append_columns (sql, kind);
      g_string_append_printf (sql, " %s ORDER BY ", q->from_where);
      if (loop->sort != NULL)
        for (guint i = 0; i < loop->sort->len; i++)
          {
            SortKey *k = g_ptr_array_index (loop->sort, i);
            append_order (sql, kind, k->ref->chain, k->ref->field, k->descending, 300 + 40 * i);
            g_string_append (sql, ", ");
          }
      else if (loop->type == SOURCE_LINKED)
        g_string_append (sql, "j.position IS NULL, j.position, j.organisation_id, ");
      else if (kind->order_by != NULL)
        g_string_append_printf (sql, "%s, ", kind->order_by);
      g_string_append (sql, "t.id");
    }
  copy_params (q->params, q->where_params);

  if (loop->limit != NULL)
    {
      if (!_annalist_query_resolve_tag (self, &(Tag) { .type = TAG_VALUE, .expr = loop->limit,
                                                       .typed = tag->typed, .where = tag->where },
                                        stack, error))
        return FALSE;
      g_string_append (sql, " LIMIT ?");
      g_ptr_array_add (q->params, param_new (PARAM_EXPR, loop->limit, 0));
    }
  q->sql = g_string_free (g_steal_pointer (&sql), FALSE);
  if (q->group)
    q->count_sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 %s GROUP BY %s)", q->from_where, "1");
  else
    q->count_sql = g_strdup_printf ("SELECT count(*) %s", q->from_where);
  if (q->group)
    {
      /* Groups are counted by their keys. */
      g_autoptr(GString) count = g_string_new ("SELECT count(*) FROM (SELECT 1 ");
      g_string_append_printf (count, "%s GROUP BY ", q->from_where);
      append_chain (count, kind, loop->group_ref->chain, "t", 200);
      g_string_append (count, ")");
      g_free (q->count_sql);
      q->count_sql = g_string_free (g_steal_pointer (&count), FALSE);
    }
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
      if (_annalist_names_frame_at (self, r->frame)->loop)
        _annalist_names_frame_at (self, r->frame)->loop->needs_count = TRUE;
      if (e->where != NULL)
        {
          g_free (r);
          return _annalist_tag_fail (self, tag, error, _("say what to count: count KIND where …"));
        }
      e->ref = r;
      return TRUE;
    }

  {
    Segment *first = &g_array_index (e->segments, Segment, 0);
    kind = _annalist_template_find_kind (first->text);
  }

  if (kind != NULL && e->segments->len > 1)
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
    return _annalist_tag_fail (self, tag, error, _("say which field: %s KIND.FIELD"), "sum");
  /* The first and last of anything; sums and means of numbers. */
  if (field != NULL && (e->agg == AGG_SUM || e->agg == AGG_AVG) &&
      field->type != ANNALIST_FIELD_INTEGER && field->type != ANNALIST_FIELD_REAL &&
      field->type != ANNALIST_FIELD_BOOLEAN && field->type != ANNALIST_FIELD_YEAR)
    return _annalist_tag_fail (self, tag, error, _("“%s” is not a number: it cannot be added up"), field->column);
  if (field != NULL && field->type == ANNALIST_FIELD_REFERENCES)
    return _annalist_tag_fail (self, tag, error, _("a list of organisations cannot be added up"));

  q = query_new (self, tag, kind);
  q->aggregate = TRUE;
  q->agg = e->agg;
  q->agg_field = field;
  e->query = q;

  if (like_loop != NULL && like_loop->query != NULL && like_frame != G_MAXUINT &&
      _annalist_names_frame_at (self, like_frame)->type == FRAME_RECORD)
    {
      /* Over the loop's own records: its FROM and WHERE. */
      q->from_where = g_strdup (like_loop->query->from_where);
      copy_params (q->where_params, like_loop->query->where_params);
    }
  else
    {
      g_autoptr(GString) where = g_string_new (NULL);
      g_autoptr(GPtrArray) where_params = g_ptr_array_new_with_free_func (param_free);

      if (!compile_where (self, tag, stack, kind, e->where, e->any_year, where, where_params, error))
        return FALSE;
      q->from_where = g_strdup_printf ("FROM \"%s\" t%s%s", kind->name, where->len ? " WHERE " : "", where->str);
      copy_params (q->where_params, where_params);
    }
  if (has_year (kind) && !e->any_year)
    self->params |= ANNALIST_TEMPLATE_PARAM_YEAR;

  {
    g_autoptr(GString) sql = g_string_new ("SELECT ");
    static const char * const funcs[] = {
      [AGG_COUNT] = "count", [AGG_SUM] = "total", [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg",
    };

    if (e->agg == AGG_LIST)
      {
        if (field == NULL || !_annalist_names_is_reference (field))
          return _annalist_tag_fail (self, tag, error, _("list takes a field that refers to records: list KIND.FIELD"));
        q->list_kind = _annalist_names_target_of (field);
        g_string_append (sql, "DISTINCT ");
        append_chain (sql, kind, chain, "t", 0);
        g_string_append_printf (sql, " %s ORDER BY t.id", q->from_where);
      }
    else if (e->agg == AGG_COUNT && field != NULL)
      {
        /* count KIND.FIELD: how many different values. */
        g_string_append (sql, "count (DISTINCT ");
        append_chain (sql, kind, chain, "t", 0);
        g_string_append_printf (sql, ") %s", q->from_where);
      }
    else if (e->agg == AGG_COUNT)
      g_string_append_printf (sql, "count(*) %s", q->from_where);
    else
      {
        g_string_append_printf (sql, "%s (", funcs[e->agg]);
        append_chain (sql, kind, chain, "t", 0);
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

      g_array_set_clear_func (segments, segment_clear_func);
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
        label_to_path (arg);  /* a quoted label: the field */
      if (!resolve_expr (self, tag, arg, a <= 2 ? inner : stack, error))
        return FALSE;
    }
  return TRUE;
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
          g_array_set_clear_func (probe.segments, segment_clear_func);
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
      }
  if (tag->type == TAG_BLOCK)
    return resolve_chart (self, tag, stack, error);
  return TRUE;
}
