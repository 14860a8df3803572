/* test-rating.c — the rating's values, points and places
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small district: three schools and a kindergarten, a typed indicator
 * and one counted from each source, records in the year and around it.
 * Each source counts what it says and nothing of another year; points are
 * Σ value × points over the indicators in use; places are given within each
 * type, ties sharing one; the documents' `rating` reads the same numbers;
 * a counted indicator's cells cannot be typed. No display needed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-error.h"
#include "annalist-rating.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

typedef struct
{
  char          *dir;
  AnnalistStore *store;
  gint64         school[3];
  gint64         kindergarten;
  gint64         typed;         /* points 2 */
  gint64         entries;       /* competition_entries, points 3 */
  gint64         events;        /* events_presented, points 1 */
  gint64         publications;  /* publications, points 2 */
  gint64         statuses;      /* statuses, points 5 */
} Fixture;

static void
exec (Fixture    *fixture,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!annalist_store_exec (fixture->store, sql, &error))
    g_error ("%s\n%s", error->message, sql);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-rating-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = annalist_store_open (path, &error);
  g_assert_no_error (error);

  exec (fixture,
        "INSERT INTO org_type (id, name, short_name, position) VALUES (901, 'Школа', 'ООУ', 1),"
        " (902, 'Детский сад', 'ДОУ', 2);"
        "INSERT INTO organisation (id, short_name, full_name, type_id) VALUES"
        " (11, 'Школа № 1', 'ГБОУ школа № 1', 901),"
        " (12, 'Школа № 2', 'ГБОУ школа № 2', 901),"
        " (13, 'Школа № 3', 'ГБОУ школа № 3', 901),"
        " (21, 'Детский сад № 1', 'ГБДОУ детский сад № 1', 902);"
        "INSERT INTO rating_indicator (id, position, name, points, source_id) VALUES"
        " (1, 1, 'Проекты', 2, NULL),"
        " (2, 2, 'Конкурсы', 3, (SELECT id FROM rating_source WHERE code = 'competition_entries')),"
        " (3, 3, 'Выступления', 1, (SELECT id FROM rating_source WHERE code = 'events_presented')),"
        " (4, 4, 'Публикации', 2, (SELECT id FROM rating_source WHERE code = 'publications')),"
        " (5, 5, 'Статусы', 5, (SELECT id FROM rating_source WHERE code = 'statuses'));"
        /* Competitions: two entries of school 1 in 2022, one of school 2;
         * one of school 3 in 2021, not counted in 2022. */
        "INSERT INTO competition (id, academic_year, name) VALUES (1, 2022, 'Импульс'),"
        " (2, 2021, 'Импульс');"
        "INSERT INTO competition_entry (competition_id, organisation_id, title) VALUES"
        " (1, 11, 'а'), (1, 11, 'б'), (1, 12, 'в'), (2, 13, 'г');"
        /* Events: school 2 presented at two of 2022, the kindergarten at
         * one; an organiser is not a presenter. */
        "INSERT INTO event (id, academic_year, kind_id, title) VALUES"
        " (1, 2022, (SELECT min(id) FROM event_kind), 'Конференция'),"
        " (2, 2022, (SELECT min(id) FROM event_kind), 'Семинар'),"
        " (3, 2023, (SELECT min(id) FROM event_kind), 'Форум');"
        "INSERT INTO event_presenter (event_id, organisation_id) VALUES (1, 12), (2, 12), (1, 21),"
        " (3, 11);"
        "INSERT INTO event_organiser (event_id, organisation_id) VALUES (1, 13);"
        /* Publications: one of 2022 by schools 1 and 3. */
        "INSERT INTO publication (id, academic_year, title) VALUES (1, 2022, 'Сборник'),"
        " (2, 2020, 'Старый сборник');"
        "INSERT INTO publication_author (publication_id, organisation_id) VALUES (1, 11), (1, 13),"
        " (2, 12);"
        /* Statuses: school 3 holds one all along, the kindergarten one
         * that ended in October 2022 (held in 2022-2023), school 2 one
         * that ended before the year and one that began after it. */
        "INSERT INTO innovation_status (organisation_id, kind_id, valid_from, valid_to) VALUES"
        " (13, (SELECT min(id) FROM status_kind), NULL, NULL),"
        " (21, (SELECT min(id) FROM status_kind), '2020-01-01', '2022-10-31'),"
        " (12, (SELECT min(id) FROM status_kind), '2019-01-01', '2022-08-31'),"
        " (12, (SELECT min(id) FROM status_kind), '2023-09-01', NULL);");
  fixture->school[0] = 11;
  fixture->school[1] = 12;
  fixture->school[2] = 13;
  fixture->kindergarten = 21;
  fixture->typed = 1;
  fixture->entries = 2;
  fixture->events = 3;
  fixture->publications = 4;
  fixture->statuses = 5;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  GHashTable *values;   /* "indicator/organisation" → "value counted" */
} Collected;

static void
collect (gint64   indicator_id,
         gint64   organisation_id,
         double   value,
         gboolean counted,
         gpointer user_data)
{
  GHashTable *values = user_data;

  g_hash_table_insert (values,
                       g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, indicator_id,
                                        organisation_id),
                       g_strdup_printf ("%g%s", value, counted ? " counted" : ""));
}

static GHashTable *
values_of (Fixture *fixture,
           int      year)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_rating_foreach_value (fixture->store, year, collect, values, &error));
  g_assert_no_error (error);
  return values;
}

static const char *
value_of (GHashTable *values,
          gint64      indicator_id,
          gint64      organisation_id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, indicator_id,
                                          organisation_id);

  return g_hash_table_lookup (values, key);
}

static void
test_sources (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GHashTable) values = values_of (fixture, 2022);
  g_autoptr(GHashTable) next = values_of (fixture, 2023);

  /* Every source the schema offers is one the table knows. */
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM rating_source"), ==, 4);
  for (guint i = 0, n; i < (annalist_rating_sources (&n), n); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM rating_source WHERE code = '%s'",
                                              annalist_rating_sources (NULL)[i].code);

      g_assert_cmpint (store_int (fixture->store, sql), ==, 1);
    }
  g_assert_null (annalist_rating_source_lookup ("no_such_source"));
  g_assert_null (annalist_rating_source_lookup (""));

  /* Competition entries of the year's competitions only. */
  g_assert_cmpstr (value_of (values, fixture->entries, 11), ==, "2 counted");
  g_assert_cmpstr (value_of (values, fixture->entries, 12), ==, "1 counted");
  g_assert_null (value_of (values, fixture->entries, 13));

  /* Events presented at, not organised. */
  g_assert_cmpstr (value_of (values, fixture->events, 12), ==, "2 counted");
  g_assert_cmpstr (value_of (values, fixture->events, 21), ==, "1 counted");
  g_assert_null (value_of (values, fixture->events, 13));
  g_assert_null (value_of (values, fixture->events, 11));
  g_assert_cmpstr (value_of (next, fixture->events, 11), ==, "1 counted");

  /* Publications naming the organisation among their authors. */
  g_assert_cmpstr (value_of (values, fixture->publications, 11), ==, "1 counted");
  g_assert_cmpstr (value_of (values, fixture->publications, 13), ==, "1 counted");
  g_assert_null (value_of (values, fixture->publications, 12));

  /* Statuses held at any time of the year. */
  g_assert_cmpstr (value_of (values, fixture->statuses, 13), ==, "1 counted");
  g_assert_cmpstr (value_of (values, fixture->statuses, 21), ==, "1 counted");
  g_assert_null (value_of (values, fixture->statuses, 12));
  g_assert_cmpstr (value_of (next, fixture->statuses, 12), ==, "1 counted");
  g_assert_null (value_of (next, fixture->statuses, 21));

  /* Nothing typed yet. */
  g_assert_null (value_of (values, fixture->typed, 11));
  g_assert_cmpuint (g_hash_table_size (values), ==, 8);
}

static void
test_typed (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;

  /* A decimal comma, as the form takes it. */
  g_assert_true (annalist_rating_save_cell (fixture->store, fixture->typed, 12, 2022, "1,5", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM rating_value"), ==, 1);
  g_assert_cmpint (store_int (fixture->store,
                              "SELECT value * 10 FROM rating_value WHERE organisation_id = 12"
                              " AND indicator_id = 1 AND academic_year = 2022"), ==, 15);

  /* A bad number: the value field's sentence, nothing written. */
  g_assert_false (annalist_rating_save_cell (fixture->store, fixture->typed, 12, 2022, "много", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (annalist_rating_save_cell (fixture->store, fixture->typed, 12, 2022, "-1", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);

  /* A counted indicator is not typed: in the grid, nor as a record of
   * its own (the list's form, an import), which names the indicator. */
  g_assert_false (annalist_rating_save_cell (fixture->store, fixture->entries, 12, 2022, "7", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Конкурсы"));
  g_clear_error (&error);
  {
    g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup ("rating_value"));
    int field = -1;

    annalist_record_set_int (record, "indicator_id", fixture->entries);
    annalist_record_set_int (record, "organisation_id", 12);
    annalist_record_set_int (record, "academic_year", 2022);
    annalist_record_set_value (record, annalist_kind_field_index (annalist_record_get_kind (record), "value"),
                               g_variant_new_double (7));
    g_assert_false (annalist_store_check_refused (fixture->store, record, &field, &error));
    g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
    g_assert_cmpint (field, ==, annalist_kind_field_index (annalist_record_get_kind (record), "indicator_id"));
    g_clear_error (&error);
    g_assert_false (annalist_store_insert (fixture->store, record, &error));
    g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Конкурсы"));
    g_clear_error (&error);
    /* A typed indicator's record is a choice. */
    annalist_record_set_int (record, "indicator_id", fixture->typed);
    g_assert_true (annalist_store_check_refused (fixture->store, record, &field, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM rating_value"), ==, 1);

  values = values_of (fixture, 2022);
  g_assert_cmpstr (value_of (values, fixture->typed, 12), ==, "1.5");

  /* A typed value of an indicator made counted later is not read. */
  exec (fixture, "INSERT INTO rating_value (indicator_id, organisation_id, academic_year, value)"
                 " VALUES (2, 13, 2022, 40)");
  g_clear_pointer (&values, g_hash_table_unref);
  values = values_of (fixture, 2022);
  g_assert_null (value_of (values, fixture->entries, 13));

  /* Emptied: removed. */
  g_assert_true (annalist_rating_save_cell (fixture->store, fixture->typed, 12, 2022, "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM rating_value WHERE indicator_id = 1"), ==, 0);
}

static const AnnalistRated *
rated_of (GArray *rated,
          gint64  organisation_id)
{
  for (guint i = 0; i < rated->len; i++)
    if (g_array_index (rated, AnnalistRated, i).organisation_id == organisation_id)
      return &g_array_index (rated, AnnalistRated, i);
  return NULL;
}

static void
test_points_and_places (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rated = NULL;

  /* School 1: 2 entries × 3 + 1 publication × 2 = 8.
   * School 2: 1 entry × 3 + 2 events × 1 = 5, and 1,5 typed × 2 = 8.
   * School 3: 1 publication × 2 + 1 status × 5 = 7.
   * Kindergarten: 1 event × 1 + 1 status × 5 = 6. */
  g_assert_true (annalist_rating_save_cell (fixture->store, fixture->typed, 12, 2022, "1,5", &error));
  rated = annalist_rating_rank (fixture->store, 2022, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rated->len, ==, 4);
  g_assert_cmpfloat (rated_of (rated, 11)->points, ==, 8);
  g_assert_cmpfloat (rated_of (rated, 12)->points, ==, 8);
  g_assert_cmpfloat (rated_of (rated, 13)->points, ==, 7);
  g_assert_cmpfloat (rated_of (rated, 21)->points, ==, 6);
  /* Within the type, tied points share a place: 1, 1, 3; the
   * kindergarten is first of its own. Schools come first (type order). */
  g_assert_cmpuint (rated_of (rated, 11)->place, ==, 1);
  g_assert_cmpuint (rated_of (rated, 12)->place, ==, 1);
  g_assert_cmpuint (rated_of (rated, 13)->place, ==, 3);
  g_assert_cmpuint (rated_of (rated, 21)->place, ==, 1);
  g_assert_cmpint (g_array_index (rated, AnnalistRated, 3).organisation_id, ==, 21);

  /* An indicator out of use counts for nothing. */
  exec (fixture, "UPDATE rating_indicator SET active = 0 WHERE id = 5");
  g_clear_pointer (&rated, g_array_unref);
  rated = annalist_rating_rank (fixture->store, 2022, &error);
  g_assert_cmpfloat (rated_of (rated, 13)->points, ==, 2);
  g_assert_cmpuint (rated_of (rated, 13)->place, ==, 3);
  g_assert_cmpfloat (rated_of (rated, 21)->points, ==, 1);

  /* Other points per unit change the sums. */
  exec (fixture, "UPDATE rating_indicator SET points = 10 WHERE id = 4");
  g_clear_pointer (&rated, g_array_unref);
  rated = annalist_rating_rank (fixture->store, 2022, &error);
  g_assert_cmpfloat (rated_of (rated, 11)->points, ==, 16);
  g_assert_cmpuint (rated_of (rated, 11)->place, ==, 1);
  g_assert_cmpuint (rated_of (rated, 13)->place, ==, 2);
  g_assert_cmpuint (rated_of (rated, 12)->place, ==, 3);
}

/* The documents' `rating` has the page's points and places. */
static void
test_documents_agree (Fixture       *fixture,
                      gconstpointer  data)
{
  const AnnalistKind *rating = NULL;
  const AnnalistKind * const *kinds;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rated = NULL;
  guint n;

  kinds = annalist_computed_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (kinds[i]->name, "rating"))
      rating = kinds[i];
  g_assert_nonnull (rating);

  g_assert_true (annalist_computed_fill (fixture->store, rating, 2022, &error));
  g_assert_no_error (error);
  rated = annalist_rating_rank (fixture->store, 2022, &error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM temp.rating WHERE for_year = 2022"),
                   ==, rated->len);
  for (guint i = 0; i < rated->len; i++)
    {
      const AnnalistRated *x = &g_array_index (rated, AnnalistRated, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM temp.rating WHERE for_year = 2022"
                                              " AND organisation_id = %" G_GINT64_FORMAT
                                              " AND place = %u AND points = %g",
                                              x->organisation_id, x->place, x->points);

      g_assert_cmpint (store_int (fixture->store, sql), ==, 1);
    }
  /* 2021: school 3's one entry, so last year's place is there. */
  g_assert_cmpint (store_int (fixture->store,
                              "SELECT previous_place FROM temp.rating WHERE for_year = 2022"
                              " AND organisation_id = 13"), ==, 1);
}

/* A source the user added has no code: its indicator stays typed. */
static void
test_source_without_code (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;

  exec (fixture, "INSERT INTO rating_source (id, name) VALUES (50, 'Самооценка');"
                 "UPDATE rating_indicator SET source_id = 50 WHERE id = 1");
  g_assert_true (annalist_rating_save_cell (fixture->store, fixture->typed, 11, 2022, "4", &error));
  g_assert_no_error (error);
  values = values_of (fixture, 2022);
  g_assert_cmpstr (value_of (values, fixture->typed, 11), ==, "4");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rating/sources", test_sources);
  ADD ("/rating/typed", test_typed);
  ADD ("/rating/points-and-places", test_points_and_places);
  ADD ("/rating/documents-agree", test_documents_agree);
  ADD ("/rating/source-without-code", test_source_without_code);
#undef ADD

  return g_test_run ();
}
