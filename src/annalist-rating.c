/* annalist-rating.c — the innovation activity rating: values, points, places
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rating indicator's values are either typed (rating_value, one per
 * organisation and academic year) or, when the indicator has a source
 * (rating_indicator.source_id, schema 6), counted from the records: the
 * one table below says what each source's code counts. Counted values are
 * never stored: they are read with the typed ones through one query, by
 * the rating page and by the documents' `rating` alike, so that a
 * competition entry added or removed changes both at once, a closed
 * year's counts cannot drift from its records, and the history holds no
 * writes nobody made.
 *
 * Points are Σ value × points per unit over the indicators in use; places
 * are given within each organisation type, tied points sharing a place
 * («1, 2, 2, 4»).
 */

#define G_LOG_DOMAIN "annalist-rating"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-error.h"
#include "annalist-rating.h"
#include "annalist-store-private.h"

/* The one table of what a source counts: (organisation_id, n) for the
 * academic year ?1. What a source is called is data (rating_source.name). */
static const AnnalistRatingSource sources[] = {
  /* entries in the year's competitions */
  { "competition_entries",
    "SELECT e.organisation_id AS organisation_id, count(*) AS n FROM competition_entry e"
    " JOIN competition c ON c.id = e.competition_id"
    " WHERE c.academic_year = ?1 GROUP BY e.organisation_id" },
  /* the year's events where the organisation is among the presenting ones */
  { "events_presented",
    "SELECT p.organisation_id AS organisation_id, count(*) AS n FROM event_presenter p"
    " JOIN event e ON e.id = p.event_id"
    " WHERE e.academic_year = ?1 GROUP BY p.organisation_id" },
  /* the year's publications that name the organisation among their authors */
  { "publications",
    "SELECT a.organisation_id AS organisation_id, count(*) AS n FROM publication_author a"
    " JOIN publication p ON p.id = a.publication_id"
    " WHERE p.academic_year = ?1 GROUP BY a.organisation_id" },
  /* innovation statuses valid at any time of the academic year */
  { "statuses",
    "SELECT s.organisation_id AS organisation_id, count(*) AS n FROM innovation_status s"
    " WHERE (s.valid_from IS NULL OR s.valid_from <= printf ('%04d-08-31', ?1 + 1))"
    " AND (s.valid_to IS NULL OR s.valid_to >= printf ('%04d-09-01', ?1))"
    " GROUP BY s.organisation_id" },
};

const AnnalistRatingSource *
annalist_rating_sources (guint *n_sources)
{
  if (n_sources != NULL)
    *n_sources = G_N_ELEMENTS (sources);
  return sources;
}

const AnnalistRatingSource *
annalist_rating_source_lookup (const char *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (g_str_equal (sources[i].code, code))
      return &sources[i];
  return NULL;
}

/* indicator_id, organisation_id, value, counted; for the year ?1. A typed
 * value of an indicator that has become counted is not read; nor is an
 * unknown source's, which counts nothing. The counted values are read only
 * of the sources whose bit is set in @used. */
static char *
values_sql_of (guint used)
{
  /* An indicator is counted when its source has a code known here. */
  GString *known = g_string_new ("0");
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_string_append_printf (known, " OR r.code = '%s'", sources[i].code);
  g_string_append_printf (s, "SELECT v.indicator_id AS indicator_id, v.organisation_id AS organisation_id,"
                             " v.value AS value, 0 AS counted"
                             " FROM rating_value v"
                             " JOIN rating_indicator i ON i.id = v.indicator_id"
                             " WHERE v.academic_year = ?1"
                             " AND NOT EXISTS (SELECT 1 FROM rating_source r"
                             " WHERE r.id = i.source_id AND (%s))",
                          known->str);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (used & (1u << i))
      g_string_append_printf (s, " UNION ALL SELECT i.id, c.organisation_id, c.n, 1"
                                 " FROM rating_indicator i"
                                 " JOIN rating_source r ON r.id = i.source_id AND r.code = '%s',"
                                 " (%s) AS c",
                              sources[i].code, sources[i].sql);
  g_string_free (known, TRUE);
  return g_string_free (s, FALSE);
}

static const char *
values_sql (void)
{
  static gsize once = 0;
  static char *sql = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (sources) < 32);
  if (g_once_init_enter (&once))
    {
      sql = values_sql_of ((1u << G_N_ELEMENTS (sources)) - 1);
      g_once_init_leave (&once, 1);
    }
  return sql;
}

gboolean
annalist_rating_foreach_value (AnnalistStore           *store,
                               int                      year,
                               AnnalistRatingValueFunc  func,
                               gpointer                 user_data,
                               GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  stmt = annalist_store_prepare (store, values_sql (), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_double (stmt, 2), sqlite3_column_int (stmt, 3) != 0, user_data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

/* Places ------------------------------------------------------------------------ */

static int
compare_rated (gconstpointer a,
               gconstpointer b)
{
  const AnnalistRated *x = a;
  const AnnalistRated *y = b;

  if (x->type_position != y->type_position)
    return x->type_position < y->type_position ? -1 : 1;
  if (x->type_id != y->type_id)
    return x->type_id < y->type_id ? -1 : 1;
  if (x->points != y->points)
    return x->points > y->points ? -1 : 1;
  return x->organisation_id < y->organisation_id ? -1 : (x->organisation_id > y->organisation_id);
}

/* Whether any indicator is active; into @used, the bits of the sources
 * (in sources[]) that active indicators count from. */
static gboolean
active_sources (AnnalistStore  *store,
                gboolean       *any,
                guint          *used,
                GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *any = FALSE;
  *used = 0;
  stmt = annalist_store_prepare (store,
                                 "SELECT r.code FROM rating_indicator i"
                                 " LEFT JOIN rating_source r ON r.id = i.source_id WHERE i.active = 1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      const AnnalistRatingSource *source = annalist_rating_source_lookup (code);

      *any = TRUE;
      if (source != NULL)
        *used |= 1u << (source - sources);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  return TRUE;
}

GArray *
annalist_rating_rank (AnnalistStore  *store,
                      int             year,
                      GError        **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *values = NULL;
  g_autoptr(GArray) rated = g_array_new (FALSE, TRUE, sizeof (AnnalistRated));
  sqlite3_stmt *stmt;
  guint start = 0;
  gboolean any;
  guint used;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  /* Points are summed over active indicators only: with none there are
   * none, and a source no active indicator counts from adds no row. The
   * one statement of every source costs more to prepare and run than
   * the rest of the rating. */
  if (!active_sources (store, &any, &used, error))
    return NULL;
  if (!any)
    return g_steal_pointer (&rated);
  values = values_sql_of (used);
  sql = g_strdup_printf ("SELECT x.organisation_id, o.type_id, COALESCE (t.position, 0),"
                         " SUM (x.value * i.points)"
                         " FROM (%s) AS x"
                         " JOIN rating_indicator i ON i.id = x.indicator_id"
                         " JOIN organisation o ON o.id = x.organisation_id"
                         " JOIN org_type t ON t.id = o.type_id"
                         " WHERE i.active = 1"
                         " GROUP BY x.organisation_id",
                         values);
  stmt = annalist_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AnnalistRated x = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          sqlite3_column_int (stmt, 2), sqlite3_column_double (stmt, 3), 0 };

      g_array_append_val (rated, x);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (store, rc, error);
      return NULL;
    }

  g_array_sort (rated, compare_rated);
  for (guint i = 0; i < rated->len; i++)
    {
      AnnalistRated *x = &g_array_index (rated, AnnalistRated, i);
      AnnalistRated *prev = i > 0 ? &g_array_index (rated, AnnalistRated, i - 1) : NULL;

      if (prev == NULL || prev->type_id != x->type_id)
        {
          start = i;
          x->place = 1;
        }
      else if (prev->points == x->points)
        x->place = prev->place;
      else
        x->place = i - start + 1;
    }
  return g_steal_pointer (&rated);
}

/* Saving one typed value ---------------------------------------------------------- */

typedef struct
{
  gint64    indicator_id;
  gint64    organisation_id;
  int       year;
  GVariant *value;    /* NULL: remove */
} CellWrite;

static gboolean
write_cell (AnnalistStore *store,
            gpointer       user_data,
            GError       **error)
{
  const CellWrite *write = user_data;
  const AnnalistKind *kind = annalist_kind_lookup ("rating_value");
  g_autoptr(AnnalistRecord) record = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  double old_value = 0;
  int rc;

  stmt = annalist_store_prepare (store,
                                 "SELECT id, value FROM rating_value WHERE indicator_id = ?1"
                                 " AND organisation_id = ?2 AND academic_year = ?3",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, write->indicator_id);
  sqlite3_bind_int64 (stmt, 2, write->organisation_id);
  sqlite3_bind_int (stmt, 3, write->year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      old_value = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);

  if (write->value == NULL)
    return id == 0 || annalist_store_delete (store, kind, id, error);
  if (id > 0 && g_variant_get_double (write->value) == old_value)
    return TRUE;

  if (id > 0)
    return annalist_store_update_field (store, kind, id, "value", write->value, error);
  record = annalist_record_new (kind);
  annalist_record_set_int (record, "indicator_id", write->indicator_id);
  annalist_record_set_int (record, "organisation_id", write->organisation_id);
  annalist_record_set_int (record, "academic_year", write->year);
  annalist_record_set (record, "value", write->value);
  return annalist_store_insert (store, record, error);
}

gboolean
annalist_rating_save_cell (AnnalistStore  *store,
                           gint64          indicator_id,
                           gint64          organisation_id,
                           int             year,
                           const char     *text,
                           GError        **error)
{
  const AnnalistField *field = annalist_kind_field (annalist_kind_lookup ("rating_value"), "value");
  g_autoptr(GVariant) value = NULL;
  CellWrite write = { indicator_id, organisation_id, year, NULL };

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (indicator_id > 0, FALSE);
  g_return_val_if_fail (organisation_id > 0, FALSE);

  /* A counted indicator's cell is refused by the store: the indicator
   * field's descriptor says so (annalist-kinds.c). */
  if (!annalist_field_read (field, text, &value, error))
    return FALSE;

  write.value = value;
  return annalist_store_transaction (store, write_cell, &write, error);
}
