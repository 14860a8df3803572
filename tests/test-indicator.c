/* test-indicator.c — saving a cell of the indicator grid
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * annalist_indicator_save_cell () is all the grid does with the database:
 * what a person typed into the cell of an organisation (or the district)
 * and a year becomes a value, a changed value, no value, or a sentence.
 * No display needed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-indicator-page.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

typedef struct
{
  char          *dir;
  char          *path;
  AnnalistStore *store;
  gint64         kind_id;
  gint64         organisation_id;
  guint          changes;
} Fixture;

static void
count_change (AnnalistStore *store,
              const char    *kind_name,
              Fixture       *fixture)
{
  if (g_str_equal (kind_name, "historical_figure"))
    fixture->changes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-indicator-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_true (annalist_store_exec (fixture->store,
                                      "INSERT INTO organisation (short_name, full_name, type_id)"
                                      " VALUES ('Школа № 5', 'ГБОУ школа № 5',"
                                      " (SELECT min(id) FROM org_type))",
                                      &error));
  g_assert_no_error (error);
  fixture->organisation_id = store_int (fixture->store, "SELECT id FROM organisation");
  fixture->kind_id = store_int (fixture->store, "SELECT min(id) FROM figure_kind");
  g_assert_cmpint (fixture->kind_id, >, 0);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_change), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gboolean
save (Fixture    *fixture,
      gint64      organisation_id,
      int         year,
      const char *text,
      GError    **error)
{
  return annalist_indicator_save_cell (fixture->store, fixture->kind_id, organisation_id, year,
                                       text, error);
}

/* The value stored for the cell, or -1 for none (no row, or a NULL value). */
static double
stored (Fixture *fixture,
        gint64   organisation_id,
        int      year)
{
  sqlite3_stmt *stmt = annalist_store_prepare (fixture->store,
                                               "SELECT ifnull (value, -1) FROM historical_figure"
                                               " WHERE kind_id = ?1"
                                               " AND ifnull (organisation_id, 0) = ?2"
                                               " AND academic_year = ?3",
                                               NULL);
  double value = -1;

  sqlite3_bind_int64 (stmt, 1, fixture->kind_id);
  sqlite3_bind_int64 (stmt, 2, organisation_id);
  sqlite3_bind_int (stmt, 3, year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
test_save_change_remove (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* A decimal comma, as the form takes it. */
  g_assert_true (save (fixture, fixture->organisation_id, 2022, " 12,5 ", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored (fixture, fixture->organisation_id, 2022), ==, 12.5);
  g_assert_cmpuint (fixture->changes, ==, 1);
  id = store_int (fixture->store, "SELECT id FROM historical_figure");

  /* The same number written otherwise is no change. */
  g_assert_true (save (fixture, fixture->organisation_id, 2022, "12.50", &error));
  g_assert_cmpuint (fixture->changes, ==, 1);

  /* Another number changes the same record. */
  g_assert_true (save (fixture, fixture->organisation_id, 2022, "13", &error));
  g_assert_cmpfloat (stored (fixture, fixture->organisation_id, 2022), ==, 13);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"), ==, 1);
  g_assert_cmpint (store_int (fixture->store, "SELECT id FROM historical_figure"), ==, id);
  g_assert_cmpuint (fixture->changes, ==, 2);

  /* Another year and the district are cells of their own. */
  g_assert_true (save (fixture, fixture->organisation_id, 2021, "4", &error));
  g_assert_true (save (fixture, 0, 2022, "7", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"), ==, 3);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"
                                              " WHERE organisation_id IS NULL"
                                              " AND academic_year = 2022 AND value = 7"), ==, 1);
  g_assert_cmpfloat (stored (fixture, fixture->organisation_id, 2022), ==, 13);

  /* An emptied cell removes its value; an empty one stays empty. */
  g_assert_true (save (fixture, fixture->organisation_id, 2022, "  ", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (stored (fixture, fixture->organisation_id, 2022), ==, -1);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"), ==, 2);
  fixture->changes = 0;
  g_assert_true (save (fixture, fixture->organisation_id, 2022, "", &error));
  g_assert_cmpuint (fixture->changes, ==, 0);
}

/* A value with a comment keeps the comment when the number is removed. */
static void
test_remove_keeps_text (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (save (fixture, 0, 2019, "19,5", &error));
  g_assert_true (annalist_store_exec (fixture->store,
                                      "UPDATE historical_figure SET text = 'по отчёту ИМЦ'",
                                      &error));
  g_assert_true (save (fixture, 0, 2019, "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"
                                              " WHERE value IS NULL"
                                              " AND text = 'по отчёту ИМЦ'"), ==, 1);
  /* And the number can come back to it. */
  g_assert_true (save (fixture, 0, 2019, "20", &error));
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM historical_figure"), ==, 1);
  g_assert_cmpfloat (stored (fixture, 0, 2019), ==, 20);
}

static void
test_bad_numbers (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const bad[] = { "1x", "12,5,1", "—", "inf", "nan", "-3" };

  g_assert_true (save (fixture, fixture->organisation_id, 2022, "5", NULL));
  fixture->changes = 0;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (save (fixture, fixture->organisation_id, 2022, bad[i], &error));
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
      /* The sentence names the field, as the form's does. */
      g_assert_nonnull (strstr (error->message, "Value"));
    }
  g_assert_cmpuint (fixture->changes, ==, 0);
  g_assert_cmpfloat (stored (fixture, fixture->organisation_id, 2022), ==, 5);
}

/* The sentence a Russian user reads. */
static void
test_russian_sentence (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *previous = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autoptr(GError) error = NULL;

  if (!use_russian ())
    return;

  g_assert_false (save (fixture, fixture->organisation_id, 2022, "12,5 чел.", &error));
  g_assert_cmpstr (error->message, ==, "В поле «Значение» должно быть число.");
  g_clear_error (&error);
  g_assert_false (save (fixture, fixture->organisation_id, 2022, "-1", &error));
  g_assert_cmpstr (error->message, ==, "Значение не может быть отрицательным.");

  setlocale (LC_ALL, "C.UTF-8");
  setlocale (LC_MESSAGES, previous);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/indicator/save-change-remove", test_save_change_remove);
  ADD ("/indicator/remove-keeps-text", test_remove_keeps_text);
  ADD ("/indicator/bad-numbers", test_bad_numbers);
  ADD ("/indicator/russian-sentence", test_russian_sentence);

  return g_test_run ();
}
