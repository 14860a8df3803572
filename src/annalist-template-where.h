/* annalist-template-where.h — conditions compiled to SQL (private)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "annalist-template-private.h"

G_BEGIN_DECLS

/* A WHERE clause being written for the records of @kind. */
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
  /* The LEFT JOINs to the records the clause's references lead to (to go
   * after «FROM kind t»), each once: chain of field indices → alias. NULL:
   * read through subqueries instead. */
  GString            *joins;
  GHashTable        **aliases;   /* made when the first is joined */
} Clause;

/* Field @index of @kind, the record's id for ID_FIELD. */
static inline const AnnalistField *
field_at (const AnnalistKind *kind,
          int                 index)
{
  return index == ID_FIELD ? &_annalist_id_field : &kind->fields[index];
}

Param    *_annalist_param_new            (ParamType           type,
                                          Expr               *expr,
                                          guint               frame);
/* The SQL value of @chain on the row @alias of @kind. */
void      _annalist_where_chain          (GString            *sql,
                                          const AnnalistKind *kind,
                                          GArray             *chain,
                                          const char         *alias,
                                          guint               depth);
/* The alias of the record reached through the first @n fields of @chain
 * (references) from the row t of @kind, LEFT JOINed on its id in @joins
 * once (@aliases: the chains joined so far → their aliases). */
const char *_annalist_where_join         (GString            *joins,
                                          GHashTable        **aliases,
                                          const AnnalistKind *kind,
                                          GArray             *chain,
                                          guint               n);
/* A quoted label where a field is meant: the text becomes a path of one
 * quoted name. */
void      _annalist_where_label_to_path  (Expr               *e);
/* @segments as a field (and the references after it) of a record of
 * @kind itself; NULL on an error, or with *missing when the first name is
 * no field of @kind. */
PathRef  *_annalist_where_own_field      (AnnalistTemplate   *self,
                                          Tag                *tag,
                                          const AnnalistKind *kind,
                                          GArray             *segments,
                                          gboolean           *missing,
                                          GError            **error);
/* Writes condition @e about the clause's records; FALSE on an error. */
gboolean  _annalist_where_condition      (Clause             *c,
                                          Expr               *e);
/* Whether every record a condition names by a text («kind = "Семинар"»)
 * is there; a sentence that names the placeholder, the text and the
 * nearest name if not. */
gboolean  _annalist_where_check_names    (Render             *r);

G_END_DECLS
