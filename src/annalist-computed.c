/* annalist-computed.c — record sets computed for documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The domain's computations that a template loop cannot express, each a
 * kind with field descriptors (see annalist-computed.h). The wording of
 * what they show stays in the templates; only the counting is here.
 *
 *   infrastructure_kind   the status kinds held on the status date, in
 *                         their order: the columns of the innovation summary
 *   infrastructure        per counted organisation type with organisations:
 *                         how many hold a status, how many there are, the
 *                         share, and the status date
 *   infrastructure_cell   per type and status kind: the organisations'
 *                         numbers («26, 35, 73») and how many
 *   share_dynamics        the share of organisations with a status, year by
 *                         year: the district's values of the indicator
 *                         «share_involved» for the years before, this
 *                         year's computed
 *   product_contest       the year's product contest: the competition of the
 *                         series the setting report_contest_series names,
 *                         else the one with the most nominations
 *   contest_participation per year of that contest's series, up to this
 *                         one: how many organisations took part, and the
 *                         winners and laureates
 *   rating                the innovation activity rating: points over the
 *                         active indicators, places within each organisation
 *                         type (tied points share a place), last year's
 *                         place and the change
 */

#define G_LOG_DOMAIN "annalist-computed"

#include "config.h"

#include <string.h>

#include "annalist-computed.h"
#include "annalist-date.h"
#include "annalist-kinds-private.h"
#include "annalist-rating.h"
#include "annalist-store-private.h"

#define YEAR_FIELD YEAR ("academic_year", N_("Academic year"), LIST)

static const AnnalistField infrastructure_kind_fields[] = {
  DICT ("kind_id", N_("Status kind"), LIST, "status_kind"),
  POSITION,
};
KIND (infrastructure_kind, N_("Status kinds of the innovation summary"),
      N_("Status kind of the innovation summary"), infrastructure_kind_fields,
      .title_column = NULL, .order_by = "position");

static const AnnalistField infrastructure_fields[] = {
  DICT ("type_id", N_("Type"), LIST, "org_type"),
  COUNT ("organisations", N_("Organisations with a status"), LIST),
  COUNT ("total", N_("Organisations in all"), LIST),
  REAL ("share", N_("Share of organisations with a status, %"), LIST, 0, 100),
  DATE ("status_date", N_("Status date"), LIST),
  POSITION,
};
KIND (infrastructure, N_("Innovation summary"), N_("Row of the innovation summary"),
      infrastructure_fields, .order_by = "position");

static const AnnalistField infrastructure_cell_fields[] = {
  DICT ("type_id", N_("Type"), LIST, "org_type"),
  DICT ("kind_id", N_("Status kind"), LIST, "status_kind"),
  TEXT ("numbers", N_("Numbers of the organisations"), LIST),
  COUNT ("organisations", N_("Organisations with a status"), LIST),
};
KIND (infrastructure_cell, N_("Cells of the innovation summary"), N_("Cell of the innovation summary"),
      infrastructure_cell_fields, .title_column = "numbers", .order_by = "id");

static const AnnalistField share_dynamics_fields[] = {
  YEAR_FIELD,
  REAL ("share", N_("Share of organisations with a status, %"), LIST, 0, 100),
};
KIND (share_dynamics, N_("Share of organisations with a status by year"),
      N_("Share of organisations with a status in a year"), share_dynamics_fields,
      .order_by = "academic_year");

static const AnnalistField product_contest_fields[] = {
  REF ("competition_id", N_("Competition"), LIST, "competition"),
};
KIND (product_contest, N_("Product contest"), N_("Product contest"), product_contest_fields,
      .order_by = "id");

static const AnnalistField contest_participation_fields[] = {
  YEAR_FIELD,
  COUNT ("participants", N_("Number of participants"), LIST),
  ORGS ("winners", N_("Winners and laureates"), LIST, "contest_participation_winner",
        "contest_participation_id"),
};
KIND (contest_participation, N_("Participation in the product contest by year"),
      N_("Participation in the product contest in a year"), contest_participation_fields,
      .order_by = "academic_year");

static const AnnalistField rating_fields[] = {
  REF ("organisation_id", N_("Organisation"), LIST, "organisation"),
  DICT ("type_id", N_("Type"), LIST, "org_type"),
  COUNT ("place", N_("Place"), LIST),
  REAL ("points", N_("Points"), LIST, 0, 1e12),
  COUNT ("previous_place", N_("Place last year"), LIST),
  NUMBER ("change", N_("Change of place"), LIST, -1000000, 1000000),
  POSITION,
};
KIND (rating, N_("Innovation activity rating"), N_("Place in the innovation activity rating"),
      rating_fields, .order_by = "position");

static const AnnalistKind * const computed_kinds[] = {
  &kind_infrastructure_kind,
  &kind_infrastructure,
  &kind_infrastructure_cell,
  &kind_share_dynamics,
  &kind_product_contest,
  &kind_contest_participation,
  &kind_rating,
};

const AnnalistKind * const *
annalist_computed_kinds (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (computed_kinds);
  return computed_kinds;
}

gboolean
annalist_computed_kind_is (const AnnalistKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (computed_kinds); i++)
    if (computed_kinds[i] == kind)
      return TRUE;
  return FALSE;
}

/* Tables ------------------------------------------------------------------------ */

static const char *
sql_type (const AnnalistField *field)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_REAL: return "REAL";
    case ANNALIST_FIELD_TEXT: case ANNALIST_FIELD_LONG_TEXT: case ANNALIST_FIELD_DATE: return "TEXT";
    default: return "INTEGER";
    }
}

/* Whether the temporary table @name is there: no statement to look. */
static gboolean
temp_table_exists (AnnalistStore *store,
                   const char    *name)
{
  return sqlite3_table_column_metadata (annalist_store_get_db (store), "temp", name,
                                        NULL, NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

gboolean
annalist_computed_prepare (AnnalistStore       *store,
                           const AnnalistKind  *kind,
                           GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  gboolean exists = temp_table_exists (store, kind->name);

  /* Once a connection: a rendering asks again for each kind it fills. */
  for (guint i = 0; exists && i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES)
      exists = temp_table_exists (store, kind->fields[i].junction);
  if (exists)
    return TRUE;

  g_string_printf (sql, "CREATE TEMP TABLE IF NOT EXISTS \"%s\" (id INTEGER PRIMARY KEY, for_year INTEGER NOT NULL",
                   kind->name);
  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      g_string_append_printf (sql, ", \"%s\" %s", kind->fields[i].column, sql_type (&kind->fields[i]));
  g_string_append (sql, ");");
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_REFERENCES)
      g_string_append_printf (sql, "CREATE TEMP TABLE IF NOT EXISTS \"%s\" (\"%s\" INTEGER NOT NULL, "
                              "organisation_id INTEGER NOT NULL, position INTEGER);",
                              kind->fields[i].junction, kind->fields[i].junction_column);
  return annalist_store_exec (store, sql->str, error);
}

/* A row to insert: values in the order of the kind's stored fields. */
typedef struct
{
  AnnalistStore      *store;
  const AnnalistKind *kind;
  int                 year;
  sqlite3_stmt       *insert;
  GError            **error;
} Filler;

static gboolean
filler_init (Filler             *f,
             AnnalistStore      *store,
             const AnnalistKind *kind,
             int                 year,
             GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *clear = g_strdup_printf ("DELETE FROM temp.\"%s\" WHERE for_year = %d", kind->name, year);
  guint n = 0;

  f->store = store;
  f->kind = kind;
  f->year = year;
  f->error = error;
  if (!annalist_store_exec (store, clear, error))
    return FALSE;
  g_string_printf (sql, "INSERT INTO temp.\"%s\" (for_year", kind->name);
  for (guint i = 0; i < kind->n_fields; i++)
    if (annalist_field_is_stored (&kind->fields[i]))
      {
        g_string_append_printf (sql, ", \"%s\"", kind->fields[i].column);
        n++;
      }
  g_string_append (sql, ") VALUES (?");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  f->insert = annalist_store_prepare (store, sql->str, error);
  return f->insert != NULL;
}

/* Inserts the row bound so far; returns its id, 0 on error. */
static gint64
filler_insert (Filler *f)
{
  int rc;

  sqlite3_bind_int (f->insert, 1, f->year);
  rc = sqlite3_step (f->insert);
  sqlite3_reset (f->insert);
  sqlite3_clear_bindings (f->insert);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (f->store, rc, f->error);
      return 0;
    }
  return sqlite3_last_insert_rowid (annalist_store_get_db (f->store));
}

/* The statement's parameter of field @column. */
static int
slot (Filler     *f,
      const char *column)
{
  int n = 2;

  for (guint i = 0; i < f->kind->n_fields; i++)
    {
      if (!annalist_field_is_stored (&f->kind->fields[i]))
        continue;
      if (g_str_equal (f->kind->fields[i].column, column))
        return n;
      n++;
    }
  g_assert_not_reached ();
}

static sqlite3_stmt *
query (AnnalistStore  *store,
       const char     *sql,
       GError        **error)
{
  return annalist_store_prepare (store, sql, error);
}

static gboolean
done (AnnalistStore  *store,
      sqlite3_stmt   *stmt,
      int             rc,
      GError        **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* The status date of the summary: the setting when it falls in the year,
 * else 1 January of the year's second calendar year. */
static char *
status_date (AnnalistStore *store,
             int            year)
{
  g_autofree char *value = annalist_store_get_setting (store, "status_date");
  GDate date;

  if (*value != '\0' && annalist_date_parse (value, &date) && annalist_date_academic_year (&date) == year)
    return annalist_date_to_iso (&date);
  return g_strdup_printf ("%04d-01-01", year + 1);
}

/* The innovation summary ---------------------------------------------------------- */

typedef struct
{
  gint64 id;
  gint64 total;
  int    position;
  GHashTable *orgs;   /* org id set */
} TypeRow;

/* A cell of the summary: the numbers of its organisations, each once. */
typedef struct
{
  gint64     type;
  gint64     kind;
  GPtrArray *numbers;
  GHashTable *orgs;
} Cell;

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_ptr_array_unref (cell->numbers);
  g_hash_table_unref (cell->orgs);
  g_free (cell);
}

static guint
cell_hash (gconstpointer key)
{
  const Cell *cell = key;

  return g_int64_hash (&cell->type) * 31 + g_int64_hash (&cell->kind);
}

static gboolean
cell_equal (gconstpointer a,
            gconstpointer b)
{
  const Cell *x = a, *y = b;

  return x->type == y->type && x->kind == y->kind;
}

static void
types_clear (GArray *types)
{
  for (guint i = 0; i < types->len; i++)
    g_clear_pointer (&g_array_index (types, TypeRow, i).orgs, g_hash_table_unref);
}

/* The summary's counting, on the status date @date: into @types the
 * counted organisation types with organisations (TypeRow, in their order)
 * and which of them hold a status; into @cell_list (Cell) and @kinds (the
 * status kinds held, as met), when not NULL, the cells. */
static gboolean
count_statuses (AnnalistStore  *store,
                const char     *date,
                GArray         *types,
                GPtrArray      *cell_list,
                GArray         *kinds,
                GError        **error)
{
  g_autoptr(GHashTable) cells = g_hash_table_new (cell_hash, cell_equal);
  sqlite3_stmt *stmt;
  int rc;

  stmt = query (store,
                "SELECT t.id, (SELECT count(*) FROM organisation o WHERE o.type_id = t.id AND o.active = 1), "
                "COALESCE (t.position, 0) FROM org_type t "
                "WHERE t.counted = 1 ORDER BY t.position IS NULL, t.position, t.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TypeRow t = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                    sqlite3_column_int (stmt, 2), NULL };

      if (t.total == 0)
        continue;
      t.orgs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_array_append_val (types, t);
    }
  if (!done (store, stmt, rc, error))
    return FALSE;

  /* The statuses in force on the status date, of active organisations of
   * counted types, in the order they were entered. */
  stmt = query (store,
                "SELECT s.kind_id, o.type_id, o.id, CASE WHEN o.number <> '' THEN o.number ELSE o.short_name END "
                "FROM innovation_status s "
                "JOIN organisation o ON o.id = s.organisation_id "
                "JOIN org_type t ON t.id = o.type_id "
                "WHERE t.counted = 1 AND o.active = 1 "
                "AND (s.valid_from IS NULL OR s.valid_from <= ?1) "
                "AND (s.valid_to IS NULL OR s.valid_to >= ?1) "
                "ORDER BY s.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 kind = sqlite3_column_int64 (stmt, 0);
      gint64 type = sqlite3_column_int64 (stmt, 1);
      gint64 org = sqlite3_column_int64 (stmt, 2);
      Cell probe = { type, kind, NULL, NULL };
      Cell *cell;

      for (guint i = 0; i < types->len; i++)
        if (g_array_index (types, TypeRow, i).id == type)
          g_hash_table_add (g_array_index (types, TypeRow, i).orgs, g_memdup2 (&org, sizeof org));
      if (cell_list == NULL)
        continue;
      {
        gboolean seen = FALSE;

        for (guint i = 0; i < kinds->len; i++)
          seen |= g_array_index (kinds, gint64, i) == kind;
        if (!seen)
          g_array_append_val (kinds, kind);
      }
      cell = g_hash_table_lookup (cells, &probe);
      if (cell == NULL)
        {
          cell = g_new0 (Cell, 1);
          cell->type = type;
          cell->kind = kind;
          cell->numbers = g_ptr_array_new_with_free_func (g_free);
          cell->orgs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_add (cells, cell);
          g_ptr_array_add (cell_list, cell);
        }
      /* An organisation once in a cell, whatever its statuses of the kind. */
      if (!g_hash_table_contains (cell->orgs, &org))
        {
          const char *number = (const char *) sqlite3_column_text (stmt, 3);

          g_hash_table_add (cell->orgs, g_memdup2 (&org, sizeof org));
          g_ptr_array_add (cell->numbers, g_strdup (number != NULL ? number : ""));
        }
    }
  return done (store, stmt, rc, error);
}

/* The share of active organisations of counted types with a status on
 * the status date, in %, to one decimal as the summary prints it, from
 * the summary's counting (each organisation is of one type); -1 when none. */
static double
share_of (GArray *types)
{
  gint64 with = 0, all = 0;

  for (guint i = 0; i < types->len; i++)
    {
      with += g_hash_table_size (g_array_index (types, TypeRow, i).orgs);
      all += g_array_index (types, TypeRow, i).total;
    }
  if (all > 0 && with > 0)
    return (double) ((gint64) (1000.0 * with / all + 0.5)) / 10;
  return -1;
}

/* Fills the summary's three kinds; into @share, the share of organisations
 * with a status (share_of). */
static gboolean
fill_infrastructure (AnnalistStore  *store,
                     int             year,
                     double         *share,
                     GError        **error)
{
  g_autofree char *date = status_date (store, year);
  g_autoptr(GArray) types = g_array_new (FALSE, TRUE, sizeof (TypeRow));
  g_autoptr(GPtrArray) cell_list = g_ptr_array_new_with_free_func (cell_free);
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  Filler f;
  int rc;

  if (!count_statuses (store, date, types, cell_list, kinds, error))
    goto fail;
  *share = share_of (types);

  /* Rows: one per type. */
  if (!filler_init (&f, store, &kind_infrastructure, year, error))
    goto fail;
  for (guint i = 0; i < types->len; i++)
    {
      TypeRow *t = &g_array_index (types, TypeRow, i);
      guint n = g_hash_table_size (t->orgs);

      sqlite3_bind_int64 (f.insert, slot (&f, "type_id"), t->id);
      sqlite3_bind_int64 (f.insert, slot (&f, "organisations"), n);
      sqlite3_bind_int64 (f.insert, slot (&f, "total"), t->total);
      sqlite3_bind_double (f.insert, slot (&f, "share"), 100.0 * n / t->total);
      sqlite3_bind_text (f.insert, slot (&f, "status_date"), date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (f.insert, slot (&f, "position"), (int) i);
      if (filler_insert (&f) == 0)
        goto fail;
    }

  /* Columns: the kinds held, in their dictionary order. */
  if (!filler_init (&f, store, &kind_infrastructure_kind, year, error))
    goto fail;
  stmt = query (store, "SELECT id FROM status_kind ORDER BY position IS NULL, position, id", error);
  if (stmt == NULL)
    goto fail;
  {
    g_autoptr(GArray) ordered = g_array_new (FALSE, FALSE, sizeof (gint64));

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        for (guint i = 0; i < kinds->len; i++)
          if (g_array_index (kinds, gint64, i) == id)
            g_array_append_val (ordered, id);
      }
    if (!done (store, stmt, rc, error))
      goto fail;
    for (guint i = 0; i < ordered->len; i++)
      {
        sqlite3_bind_int64 (f.insert, slot (&f, "kind_id"), g_array_index (ordered, gint64, i));
        sqlite3_bind_int (f.insert, slot (&f, "position"), (int) i);
        if (filler_insert (&f) == 0)
          goto fail;
      }
  }

  /* Cells: the numbers of the organisations, as entered. */
  if (!filler_init (&f, store, &kind_infrastructure_cell, year, error))
    goto fail;
  for (guint k = 0; k < cell_list->len; k++)
    {
      Cell *cell = g_ptr_array_index (cell_list, k);
      g_autoptr(GString) numbers = g_string_new (NULL);

      for (guint i = 0; i < cell->numbers->len; i++)
        {
          if (i > 0)
            g_string_append (numbers, ", ");
          g_string_append (numbers, g_ptr_array_index (cell->numbers, i));
        }
      sqlite3_bind_int64 (f.insert, slot (&f, "type_id"), cell->type);
      sqlite3_bind_int64 (f.insert, slot (&f, "kind_id"), cell->kind);
      sqlite3_bind_text (f.insert, slot (&f, "numbers"), numbers->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (f.insert, slot (&f, "organisations"), cell->numbers->len);
      if (filler_insert (&f) == 0)
        goto fail;
    }

  types_clear (types);
  return TRUE;

fail:
  types_clear (types);
  return FALSE;
}

/* The years before, then this year's @share (share_of) when there is one. */
static gboolean
fill_share_dynamics (AnnalistStore  *store,
                     int             year,
                     double          share,
                     GError        **error)
{
  sqlite3_stmt *stmt;
  Filler f;
  int rc;

  if (!filler_init (&f, store, &kind_share_dynamics, year, error))
    return FALSE;

  /* The years before: the district's values of the indicator. */
  stmt = query (store,
                "SELECT h.academic_year, h.value FROM historical_figure h "
                "WHERE h.kind_id = (SELECT id FROM figure_kind WHERE code = 'share_involved') "
                "AND h.organisation_id IS NULL "
                "AND h.academic_year < ?1 AND h.value IS NOT NULL ORDER BY h.academic_year", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int y = sqlite3_column_int (stmt, 0);
      double value = sqlite3_column_double (stmt, 1);

      sqlite3_bind_int (f.insert, slot (&f, "academic_year"), y);
      sqlite3_bind_double (f.insert, slot (&f, "share"), value);
      if (filler_insert (&f) == 0)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (!done (store, stmt, rc, error))
    return FALSE;

  if (share >= 0)
    {
      sqlite3_bind_int (f.insert, slot (&f, "academic_year"), year);
      sqlite3_bind_double (f.insert, slot (&f, "share"), share);
      if (filler_insert (&f) == 0)
        return FALSE;
    }
  return TRUE;
}

/* The product contest ------------------------------------------------------------ */

static gboolean
find_contest (AnnalistStore  *store,
              int             year,
              gint64         *id,
              char          **series,
              GError        **error)
{
  g_autofree char *wanted = annalist_store_get_setting (store, "report_contest_series");
  sqlite3_stmt *stmt;
  int rc;

  g_strstrip (wanted);
  *id = 0;
  *series = NULL;
  stmt = query (store,
                "SELECT c.id, c.series, "
                "       (SELECT COUNT (*) FROM nomination n WHERE n.competition_id = c.id) AS nn, "
                "       (SELECT COUNT (*) FROM competition_entry e WHERE e.competition_id = c.id) AS ne "
                "FROM competition c WHERE c.academic_year = ?1 "
                "ORDER BY nn DESC, ne DESC, c.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *s = (const char *) sqlite3_column_text (stmt, 1);
      gboolean match = *wanted != '\0' ? g_strcmp0 (s, wanted) == 0 : sqlite3_column_int64 (stmt, 2) > 0;

      if (match && *id == 0)
        {
          *id = sqlite3_column_int64 (stmt, 0);
          *series = g_strdup (s ? s : "");
        }
    }
  return done (store, stmt, rc, error);
}

/* The contest find_contest() found, @id (0: none). */
static gboolean
fill_product_contest (AnnalistStore  *store,
                      int             year,
                      gint64          id,
                      GError        **error)
{
  Filler f;

  if (!filler_init (&f, store, &kind_product_contest, year, error))
    return FALSE;
  if (id == 0)
    return TRUE;
  sqlite3_bind_int64 (f.insert, slot (&f, "competition_id"), id);
  return filler_insert (&f) != 0;
}

/* The series of the contest find_contest() found, @id (0: none), and
 * @series its name. */
static gboolean
fill_contest_participation (AnnalistStore  *store,
                            int             year,
                            gint64          id,
                            const char     *series,
                            GError        **error)
{
  sqlite3_stmt *stmt, *link;
  Filler f;
  int rc;

  if (!filler_init (&f, store, &kind_contest_participation, year, error))
    return FALSE;
  if (!annalist_store_exec (store,
                            "DELETE FROM temp.contest_participation_winner WHERE contest_participation_id "
                            "NOT IN (SELECT id FROM temp.contest_participation)", error))
    return FALSE;
  if (id == 0)
    return TRUE;

  /* The competitions of the series up to this year, or this year's alone
   * when the series has no name. */
  stmt = query (store,
                "SELECT c.academic_year, COUNT (DISTINCT e.organisation_id) FROM competition c "
                "JOIN competition_entry e ON e.competition_id = c.id "
                "WHERE (c.id = ?1 OR (?2 <> '' AND c.series = ?2 AND c.academic_year <= ?3)) "
                "GROUP BY c.academic_year ORDER BY c.academic_year", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, series, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, year);
  link = query (store,
                "INSERT INTO temp.contest_participation_winner (contest_participation_id, organisation_id, position) "
                "SELECT ?1, e.organisation_id, MIN (e.id) FROM competition c "
                "JOIN competition_entry e ON e.competition_id = c.id "
                "JOIN entry_result res ON res.id = e.result_id AND res.is_award = 1 "
                "WHERE (c.id = ?2 OR (?3 <> '' AND c.series = ?3)) AND c.academic_year = ?4 "
                "GROUP BY e.organisation_id", error);
  if (link == NULL)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int y = sqlite3_column_int (stmt, 0);
      gint64 row;
      int lrc;

      sqlite3_bind_int (f.insert, slot (&f, "academic_year"), y);
      sqlite3_bind_int64 (f.insert, slot (&f, "participants"), sqlite3_column_int64 (stmt, 1));
      row = filler_insert (&f);
      if (row == 0)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      sqlite3_bind_int64 (link, 1, row);
      sqlite3_bind_int64 (link, 2, id);
      sqlite3_bind_text (link, 3, series, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (link, 4, y);
      lrc = sqlite3_step (link);
      if (!done (store, link, lrc, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return done (store, stmt, rc, error);
}

/* The rating ------------------------------------------------------------------- */

/* Points and places come from annalist-rating.c, as the rating page's do:
 * typed values and those counted from the records alike. */
static gboolean
fill_rating (AnnalistStore  *store,
             int             year,
             GError        **error)
{
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) previous = NULL;
  g_autoptr(GHashTable) before = g_hash_table_new (g_int64_hash, g_int64_equal);
  Filler f;

  current = annalist_rating_rank (store, year, error);
  if (current == NULL)
    return FALSE;
  previous = annalist_rating_rank (store, year - 1, error);
  if (previous == NULL)
    return FALSE;
  for (guint i = 0; i < previous->len; i++)
    {
      AnnalistRated *x = &g_array_index (previous, AnnalistRated, i);
      g_hash_table_insert (before, &x->organisation_id, GUINT_TO_POINTER (x->place));
    }

  if (!filler_init (&f, store, &kind_rating, year, error))
    return FALSE;
  for (guint i = 0; i < current->len; i++)
    {
      AnnalistRated *x = &g_array_index (current, AnnalistRated, i);
      guint was = GPOINTER_TO_UINT (g_hash_table_lookup (before, &x->organisation_id));

      sqlite3_bind_int64 (f.insert, slot (&f, "organisation_id"), x->organisation_id);
      sqlite3_bind_int64 (f.insert, slot (&f, "type_id"), x->type_id);
      sqlite3_bind_int (f.insert, slot (&f, "place"), (int) x->place);
      sqlite3_bind_double (f.insert, slot (&f, "points"), x->points);
      if (was > 0)
        {
          sqlite3_bind_int (f.insert, slot (&f, "previous_place"), (int) was);
          sqlite3_bind_int (f.insert, slot (&f, "change"), (int) was - (int) x->place);
        }
      sqlite3_bind_int (f.insert, slot (&f, "position"), (int) i);
      if (filler_insert (&f) == 0)
        return FALSE;
    }
  return TRUE;
}

const AnnalistKind *
annalist_computed_family (const AnnalistKind *kind)
{
  if (kind == &kind_infrastructure_kind || kind == &kind_infrastructure_cell || kind == &kind_share_dynamics)
    return &kind_infrastructure;
  if (kind == &kind_contest_participation)
    return &kind_product_contest;
  return kind;
}

gboolean
annalist_computed_fill (AnnalistStore       *store,
                        const AnnalistKind  *kind,
                        int                  year,
                        GError             **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (annalist_computed_kind_is (kind), FALSE);

  if (annalist_computed_family (kind) == &kind_infrastructure)
    {
      /* The four are computed together, from one counting of the
       * statuses: prepare all four. */
      double share;

      return annalist_computed_prepare (store, &kind_infrastructure, error) &&
             annalist_computed_prepare (store, &kind_infrastructure_kind, error) &&
             annalist_computed_prepare (store, &kind_infrastructure_cell, error) &&
             annalist_computed_prepare (store, &kind_share_dynamics, error) &&
             fill_infrastructure (store, year, &share, error) &&
             fill_share_dynamics (store, year, share, error);
    }
  if (annalist_computed_family (kind) == &kind_product_contest)
    {
      /* The two are of the one contest, found once. */
      g_autofree char *series = NULL;
      gint64 id;

      return annalist_computed_prepare (store, &kind_product_contest, error) &&
             annalist_computed_prepare (store, &kind_contest_participation, error) &&
             find_contest (store, year, &id, &series, error) &&
             fill_product_contest (store, year, id, error) &&
             fill_contest_participation (store, year, id, series, error);
    }
  if (!annalist_computed_prepare (store, kind, error))
    return FALSE;
  if (kind == &kind_rating)
    return fill_rating (store, year, error);
  g_assert_not_reached ();
}
