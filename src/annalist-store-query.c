/* annalist-store-query.c — the records a query selects
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list shows the records of one kind that its query selects: those of a
 * year, of a parent record, and those whose text holds the search, in the
 * order of a field or of the kind. The SELECT is built from the kind's
 * field descriptors; the search compares folded text (annalist_fold) and
 * the order compares text in the `annalist` collation, both registered on
 * the connection when the store is opened. Only the ids are read: the
 * list loads its records when they are shown.
 */

#define G_LOG_DOMAIN "annalist-store"

#include "config.h"

#include "annalist-record-list.h"
#include "annalist-store-private.h"

/* The SQL expression that shows a field as people read it, for search
 * and for sorting by a dictionary or a referenced record. */
static char *
display_expression (const AnnalistField *field)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      {
        const AnnalistKind *target = annalist_store_field_target (field);
        const char *column = target->display_column ? target->display_column : target->title_column;

        return g_strdup_printf ("(SELECT %s FROM %s WHERE id = t.%s)",
                                column, target->name, field->column);
      }
    case ANNALIST_FIELD_REFERENCES:
      return g_strdup_printf ("(SELECT group_concat(o.short_name || ' ' || o.full_name, ' ') "
                              "FROM %s j JOIN organisation o ON o.id = j.organisation_id "
                              "WHERE j.%s = t.id)",
                              field->junction, field->junction_column);
    default:
      return g_strdup_printf ("t.%s", field->column);
    }
}

static char *
build_where (const AnnalistKind  *kind,
             const AnnalistQuery *query,
             GPtrArray           *texts)
{
  g_autoptr(GString) where = g_string_new ("WHERE 1");

  if (query->year != ANNALIST_ALL_YEARS)
    {
      const AnnalistField *from = annalist_kind_field (kind, kind->period_from);
      const AnnalistField *to = annalist_kind_field (kind, kind->period_to);

      if (kind->year_column != NULL)
        g_string_append_printf (where, " AND t.%s = %d", kind->year_column, query->year);
      else if (from != NULL && to != NULL && from->type == ANNALIST_FIELD_YEAR)
        g_string_append_printf (where, " AND t.%s <= %d AND t.%s >= %d",
                                from->column, query->year, to->column, query->year);
      else if (from != NULL && to != NULL)
        {
          /* A period that overlaps the academic year; an open end is open. */
          g_string_append_printf (where,
                                  " AND (t.%s IS NULL OR t.%s <= '%04d-08-31')"
                                  " AND (t.%s IS NULL OR t.%s >= '%04d-09-01')",
                                  from->column, from->column, query->year + 1,
                                  to->column, to->column, query->year);
        }
    }

  if (query->parent_id > 0 && kind->parent_column != NULL)
    g_string_append_printf (where, " AND t.%s = %" G_GINT64_FORMAT,
                            kind->parent_column, query->parent_id);

  g_autofree char *trimmed = g_strstrip (g_strdup (query->search ? query->search : ""));

  if (*trimmed != '\0')
    {
      gboolean first = TRUE;

      g_string_append (where, " AND instr(annalist_fold(");
      for (guint i = 0; i < kind->n_fields; i++)
        {
          g_autofree char *expression = NULL;

          if (!(kind->fields[i].flags & ANNALIST_FIELD_SEARCHED))
            continue;
          expression = display_expression (&kind->fields[i]);
          g_string_append_printf (where, "%scoalesce(%s, '')", first ? "" : " || ' ' || ",
                                  expression);
          first = FALSE;
        }
      if (first)
        g_string_append (where, "''");
      g_string_append (where, "), ?1) > 0");
      g_ptr_array_add (texts, annalist_fold (trimmed, -1));
    }

  return g_string_free (g_steal_pointer (&where), FALSE);
}

static char *
build_order (const AnnalistKind  *kind,
             const AnnalistQuery *query)
{
  const AnnalistField *field;
  g_autofree char *expression = NULL;
  const char *direction = query->descending ? "DESC" : "ASC";

  if (query->sort_field < 0 || query->sort_field >= (int) kind->n_fields)
    return g_strdup_printf ("ORDER BY %s", kind->order_by ? kind->order_by : "id");

  field = &kind->fields[query->sort_field];
  expression = display_expression (field);

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
    case ANNALIST_FIELD_REFERENCES:
      return g_strdup_printf ("ORDER BY %s IS NULL, %s COLLATE annalist %s, t.id",
                              expression, expression, direction);
    default:
      return g_strdup_printf ("ORDER BY %s IS NULL, %s %s, t.id",
                              expression, expression, direction);
    }
}

static sqlite3_stmt *
prepare_query (AnnalistStore       *self,
               const AnnalistKind  *kind,
               const AnnalistQuery *query,
               const char          *select,
               gboolean             ordered,
               GError             **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = build_where (kind, query, texts);
  g_autofree char *order = ordered ? build_order (kind, query) : g_strdup ("");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s AS t %s %s",
                                          select, kind->name, where, order);
  sqlite3_stmt *stmt = annalist_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < texts->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (texts, i), -1, SQLITE_TRANSIENT);
  return stmt;
}

/*
 * The records of @kind that @query selects, in its order, as a GListModel
 * of AnnalistRecord. Only the ids are read now; records are loaded when the
 * view asks for them, so a list of 100 000 events costs 800 KB.
 */
GListModel *
annalist_store_list (AnnalistStore       *self,
                     const AnnalistKind  *kind,
                     const AnnalistQuery *query,
                     GError             **error)
{
  AnnalistQuery all = ANNALIST_QUERY_INIT;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  stmt = prepare_query (self, kind, query ? query : &all, "t.id", TRUE, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (self, rc, error);
      return NULL;
    }

  return G_LIST_MODEL (annalist_record_list_new (self, kind, ids));
}

gint64
annalist_store_count (AnnalistStore       *self,
                      const AnnalistKind  *kind,
                      const AnnalistQuery *query,
                      GError             **error)
{
  AnnalistQuery all = ANNALIST_QUERY_INIT;
  sqlite3_stmt *stmt;
  gint64 count;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (self), -1);
  g_return_val_if_fail (kind != NULL, -1);

  stmt = prepare_query (self, kind, query ? query : &all, "count(*)", FALSE, error);
  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    annalist_store_set_error (self, rc, error);
  return count;
}
