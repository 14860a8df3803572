/* annalist-template-where.c — a template's conditions compiled to SQL
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moved out of annalist-template-query.c, which had grown to the size
 * limit: «where …» and the conditions a loop or an aggregate is filtered
 * by become a WHERE clause: the fields of the records through their
 * references, compared with the values of the frames, bound as
 * parameters.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-template-private.h"
#include "annalist-template-where.h"

/* The SQL value of @chain on the row @alias of @kind. */
void
_annalist_where_chain (GString            *sql,
                       const AnnalistKind *kind,
                       GArray             *chain,
                       const char         *alias,
                       guint               depth)
{
  const AnnalistKind *k = kind;
  g_autoptr(GString) inner = g_string_new (NULL);

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
    }
  g_string_append (sql, inner->str);
}

/* The alias of the record reached through the first @n fields of @chain
 * (references) from the row t of @kind, LEFT JOINed on its id in @joins
 * once (@aliases: the chains joined so far → their aliases). The ids are
 * unique: one row or none for each row t, the record a subquery would
 * read, NULL columns when there is none. */
const char *
_annalist_where_join (GString            *joins,
                      GHashTable        **aliases,
                      const AnnalistKind *kind,
                      GArray             *chain,
                      guint               n)
{
  g_autoptr(GString) path = g_string_new (NULL);
  const AnnalistKind *k = kind;
  const char *alias = "t";

  if (n > 0 && *aliases == NULL)
    *aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < n; i++)
    {
      const AnnalistField *f = field_at (k, g_array_index (chain, int, i));
      const AnnalistKind *target = _annalist_names_target_of (f);
      const char *joined;

      g_string_append_printf (path, "%d,", g_array_index (chain, int, i));
      joined = g_hash_table_lookup (*aliases, path->str);
      if (joined == NULL)
        {
          char *name = g_strdup_printf ("v%u", g_hash_table_size (*aliases) + 1);

          g_string_append_printf (joins, " LEFT JOIN \"%s\" %s ON %s.id = %s.\"%s\"",
                                  target->name, name, name, alias, f->column);
          g_hash_table_insert (*aliases, g_strdup (path->str), name);
          joined = name;
        }
      alias = joined;
      k = target;
    }
  return alias;
}

/* The SQL value of @chain on the clause's records: through references, as
 * a column of the records joined (a join is prepared and read far cheaper
 * than a subquery a mention). */
static void
append_chain_value (Clause *c,
                    GArray *chain)
{
  const AnnalistKind *k = c->kind;
  const char *alias;

  if (chain->len == 1 || c->joins == NULL)
    {
      _annalist_where_chain (c->sql, c->kind, chain, "t", c->depth);
      return;
    }
  alias = _annalist_where_join (c->joins, c->aliases, c->kind, chain, chain->len - 1);
  for (guint i = 0; i + 1 < chain->len; i++)
    k = _annalist_names_target_of (field_at (k, g_array_index (chain, int, i)));
  g_string_append_printf (c->sql, "%s.\"%s\"", alias, field_at (k, g_array_index (chain, int, chain->len - 1))->column);
}

/* The columns that name a record for people: what a reference is compared
 * with when the template gives a text. */
static const char * const name_columns[] = { "name", "short_name", "full_name", "title", "topic", "number" };

typedef struct
{
  Tag                *tag;   /* the first that names it */
  const AnnalistKind *kind;
  char               *text;
  char               *folded;
} NamedRecord;

static void
named_record_free (gpointer data)
{
  NamedRecord *n = data;

  g_free (n->text);
  g_free (n->folded);
  g_free (n);
}

/* The field @left as typed, quotes kept (which _annalist_segments_text ()
 * leaves out), so that the «not …» shown can be typed as it is. */
static char *
typed_field (Expr *left)
{
  GString *typed = g_string_new (NULL);

  for (guint i = 0; i < left->segments->len; i++)
    {
      Segment *seg = &g_array_index (left->segments, Segment, i);
      g_string_append_printf (typed, seg->quoted ? "%s\"%s\"" : "%s%s", i > 0 ? "." : "", seg->text);
    }
  return g_string_free (typed, FALSE);
}

static gboolean
compared_with_empty_text (Clause *c,
                          Expr   *left)
{
  g_autofree char *typed = typed_field (left);

  return _annalist_tag_fail (c->self, c->tag, c->error,
                             _("“%s” is compared with an empty text; records where it is not set are picked by “not %s”"),
                             typed, typed);
}

/* @e, when a text typed in the template, names a record of @kind (that
 * @left refers to): it is checked before the document is written
 * (_annalist_where_check_names), once however many conditions name it,
 * so that a mistyped name gives a sentence, not a count of nothing. An
 * empty text names none. */
static gboolean
note_named_record (Clause             *c,
                   Expr               *left,
                   const AnnalistKind *kind,
                   Expr               *e)
{
  NamedRecord *n;
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  if (e->type != EXPR_TEXT)
    return TRUE;
  stripped = g_strstrip (g_strdup (e->text));
  if (*stripped == '\0')
    return compared_with_empty_text (c, left);
  if (c->self->named_records == NULL)
    c->self->named_records = g_ptr_array_new_with_free_func (named_record_free);
  folded = annalist_fold (e->text, -1);
  for (guint i = 0; i < c->self->named_records->len; i++)
    {
      n = g_ptr_array_index (c->self->named_records, i);
      if (n->kind == kind && g_str_equal (n->folded, folded))
        return TRUE;
    }
  n = g_new0 (NamedRecord, 1);
  n->tag = c->tag;
  n->kind = kind;
  n->text = g_strdup (e->text);
  n->folded = g_steal_pointer (&folded);
  g_ptr_array_add (c->self->named_records, n);
  return TRUE;
}

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


/* A quoted label where a field is meant: the text becomes a path of one
 * quoted name. */
void
_annalist_where_label_to_path (Expr *e)
{
  Segment s = { g_steal_pointer (&e->text), TRUE };

  e->type = EXPR_PATH;
  e->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_array_set_clear_func (e->segments, _annalist_segment_clear);
  g_array_append_val (e->segments, s);
}

/* @segments as a field (and the references after it) of a record of
 * @kind itself; NULL on an error, or with *missing when the first name is
 * no field of @kind. */
PathRef *
_annalist_where_own_field (AnnalistTemplate    *self,
                           Tag                 *tag,
                           const AnnalistKind  *kind,
                           GArray              *segments,
                           gboolean            *missing,
                           GError             **error)
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
    _annalist_where_label_to_path (e);
  if (e->type != EXPR_PATH)
    return FALSE;
  if (e->ref != NULL)
    return e->ref->frame == FRAME_SELF;
  e->ref = _annalist_where_own_field (c->self, c->tag, c->kind, e->segments, &missing, c->error);
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
  g_ptr_array_add (c->params, _annalist_param_new (type, e, 0));
  return TRUE;
}

/* A condition the frames decide, not the records: bound as true or
 * false. */
static gboolean
bind_decided_by_frames (Clause *c,
                        Expr   *e)
{
  g_string_append_c (c->sql, '(');
  if (!append_scope_value (c, e, PARAM_EXPR))
    return FALSE;
  g_string_append (c->sql, " <> 0)");
  return TRUE;
}

/* The end of «… (r.id = ? OR <names>))»: @right bound as a record's id,
 * and folded as the text each of @names (append_name_match) is compared
 * with. */
static gboolean
append_id_or_names (Clause     *c,
                    Expr       *right,
                    const char *names)
{
  if (!append_scope_value (c, right, PARAM_RECORD_ID))
    return FALSE;
  g_string_append_printf (c->sql, " OR %s))", names);
  for (const char *q = names; (q = strchr (q, '?')) != NULL; q++)
    g_ptr_array_add (c->params, _annalist_param_new (PARAM_FOLDED, right, 0));
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
      return bind_decided_by_frames (c, e);
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
        if (!note_named_record (c, left, target, right))
          return FALSE;
        append_name_match (names, target, alias);
        g_string_append_printf (c->sql, "%sEXISTS (SELECT 1 FROM \"%s\" j%u JOIN \"%s\" %s ON %s.id = j%u.organisation_id "
                                "WHERE j%u.\"%s\" = t.id AND (%s.id = ",
                                e->op == OP_NE ? "NOT " : "", field->junction, c->depth, target->name,
                                alias, alias, c->depth, c->depth, field->junction_column, alias);
        c->depth++;
        return append_id_or_names (c, right, names->str);
      }

    if (right_record)
      {
        if (e->op == OP_CONTAINS)
          {
            g_string_append (c->sql, "instr (annalist_fold (");
            append_chain_value (c, left->ref->chain);
            g_string_append (c->sql, "), annalist_fold (");
            append_chain_value (c, right->ref->chain);
            g_string_append (c->sql, ")) > 0");
          }
        else
          {
            g_string_append_c (c->sql, '(');
            append_chain_value (c, left->ref->chain);
            g_string_append_printf (c->sql, ") %s (", sql_ops[e->op]);
            append_chain_value (c, right->ref->chain);
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
        if (!note_named_record (c, left, target, right))
          return FALSE;
        append_name_match (names, target, alias);
        g_string_append_printf (c->sql, "%sEXISTS (SELECT 1 FROM \"%s\" %s WHERE %s.id = COALESCE (",
                                e->op == OP_NE ? "NOT " : "", target->name, alias, alias);
        append_chain_value (c, left->ref->chain);
        c->depth += 8;
        g_string_append_printf (c->sql, ", 0) AND (%s.id = ", alias);
        return append_id_or_names (c, right, names->str);
      }

    if (field->type == ANNALIST_FIELD_TEXT || field->type == ANNALIST_FIELD_LONG_TEXT)
      {
        /* Texts compare without regard to case and «ё». */
        if (e->op == OP_CONTAINS)
          {
            g_string_append (c->sql, "instr (annalist_fold (");
            append_chain_value (c, left->ref->chain);
            g_string_append (c->sql, "), ");
            c->depth += 8;
            if (!append_scope_value (c, right, PARAM_FOLDED))
              return FALSE;
            g_string_append (c->sql, ") > 0");
            return TRUE;
          }
        g_string_append (c->sql, "annalist_fold (COALESCE (");
        append_chain_value (c, left->ref->chain);
        c->depth += 8;
        g_string_append_printf (c->sql, ", '')) %s ", sql_ops[e->op]);
        return append_scope_value (c, right, PARAM_FOLDED);
      }

    /* A date is compared with a date: a text typed in the template that
     * is none would be compared as a text with the stored ISO dates, and
     * count what it happens to sort after, without a word. */
    if (field->type == ANNALIST_FIELD_DATE && right->type == EXPR_TEXT)
      {
        g_autofree char *stripped = g_strstrip (g_strdup (right->text));
        GDate date;

        if (*stripped == '\0')
          return compared_with_empty_text (c, left);
        if (!annalist_date_parse (stripped, &date))
          {
            g_autofree char *typed = typed_field (left);

            return _annalist_tag_fail (c->self, c->tag, c->error,
                                       _("“%s” is a date: compare it with a date such as 31.12.2023, not with “%s”"),
                                       typed, right->text);
          }
      }

    /* A number, date, year or flag: the value from the frames is converted
     * for the field («01.01.2023», «2022-2023», «да») when bound. */
    g_string_append (c->sql, "(");
    append_chain_value (c, left->ref->chain);
    c->depth += 8;
    g_string_append_printf (c->sql, ") %s ", e->op == OP_CONTAINS ? "=" : sql_ops[e->op]);
    if (!append_scope_value (c, right, PARAM_EXPR))
      return FALSE;
    ((Param *) g_ptr_array_index (c->params, c->params->len - 1))->field = field;
    return TRUE;
  }
}

/* «(?, ?, …)»: the texts of @items, folded, as bound values. */
static gboolean
append_folded_list (Clause    *c,
                    GPtrArray *items)
{
  g_string_append_c (c->sql, '(');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (c->sql, ", ");
      if (!append_scope_value (c, g_ptr_array_index (items, i), PARAM_FOLDED))
        return FALSE;
    }
  g_string_append_c (c->sql, ')');
  return TRUE;
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
      append_chain_value (c, e->left->ref->chain);
      c->depth += 8;
      g_string_append (c->sql, ", '')) IN ");
      return append_folded_list (c, e->items);
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

      for (guint i = 0; i < e->items->len; i++)
        if (!note_named_record (c, e->left, target, g_ptr_array_index (e->items, i)))
          return FALSE;
      g_string_append_printf (c->sql, "EXISTS (SELECT 1 FROM \"%s\" %s WHERE %s.id = COALESCE (",
                              target->name, alias, alias);
      append_chain_value (c, e->left->ref->chain);
      c->depth += 8;
      g_string_append (c->sql, ", 0) AND (");
      for (guint n = 0; n < G_N_ELEMENTS (name_columns); n++)
        {
          const AnnalistField *f = annalist_kind_field (target, name_columns[n]);

          if (f == NULL || (f->type != ANNALIST_FIELD_TEXT && f->type != ANNALIST_FIELD_LONG_TEXT))
            continue;
          g_string_append_printf (c->sql, "%sannalist_fold (%s.\"%s\") IN ", any ? " OR " : "", alias, name_columns[n]);
          if (!append_folded_list (c, e->items))
            return FALSE;
          any = TRUE;
        }
      g_string_append (c->sql, any ? "))" : "0))");
      return TRUE;
    }
  return FALSE;
}

gboolean
_annalist_where_condition (Clause *c,
                           Expr   *e)
{
  switch (e->type)
    {
    case EXPR_BINARY:
      if (e->op == OP_AND || e->op == OP_OR)
        {
          g_string_append_c (c->sql, '(');
          if (!_annalist_where_condition (c, e->left))
            return FALSE;
          g_string_append (c->sql, e->op == OP_AND ? " AND " : " OR ");
          if (!_annalist_where_condition (c, e->right))
            return FALSE;
          g_string_append_c (c->sql, ')');
          return TRUE;
        }
      if (e->op >= OP_EQ && e->op <= OP_CONTAINS)
        return compile_comparison (c, e);
      break;

    case EXPR_NOT:
      g_string_append (c->sql, "NOT (");
      if (!_annalist_where_condition (c, e->left))
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
          append_chain_value (c, e->ref->chain);
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

  /* Anything else is decided by the frames. */
  return bind_decided_by_frames (c, e);
}

/* The names of the records of @kind, for a suggestion. */
static GPtrArray *
record_names (Render             *r,
              const AnnalistKind *kind)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (name_columns); i++)
    {
      const AnnalistField *f = annalist_kind_field (kind, name_columns[i]);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;

      if (f == NULL || (f->type != ANNALIST_FIELD_TEXT && f->type != ANNALIST_FIELD_LONG_TEXT))
        continue;
      sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE \"%s\" <> ''", f->column, kind->name, f->column);
      if (sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
  return names;
}

gboolean
_annalist_where_check_names (Render *r)
{
  GPtrArray *named = r->tmpl->named_records;

  for (guint i = 0; named != NULL && i < named->len && r->error == NULL; i++)
    {
      NamedRecord *n = g_ptr_array_index (named, i);
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_string_printf (sql, "SELECT EXISTS (SELECT 1 FROM \"%s\" n WHERE ", n->kind->name);
      append_name_match (sql, n->kind, "n");
      g_string_append (sql, ")");
      rc = sqlite3_prepare_v2 (r->db, sql->str, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          _annalist_render_sql_error (r, n->tag, rc);
          return FALSE;
        }
      for (int p = 1; p <= sqlite3_bind_parameter_count (stmt); p++)
        sqlite3_bind_text (stmt, p, n->folded, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0)
        {
          g_autoptr(GPtrArray) names = record_names (r, n->kind);
          const char *suggestion = _annalist_suggest (n->text, (const char * const *) names->pdata, names->len);

          if (suggestion != NULL)
            _annalist_render_fail (r, n->tag, _("“%s” has no record named “%s”; perhaps “%s”"),
                                   _annalist_template_kind_label (n->kind), n->text, suggestion);
          else
            _annalist_render_fail (r, n->tag, _("“%s” has no record named “%s”"),
                                   _annalist_template_kind_label (n->kind), n->text);
        }
      else if (rc != SQLITE_ROW)
        _annalist_render_sql_error (r, n->tag, rc);
      sqlite3_finalize (stmt);
    }
  return r->error == NULL;
}
