/* test-closed-year.c — a closed year keeps its signed report and refuses changes
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "annalist-closed-year.h"
#include "annalist-error.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

typedef StoreFixture Fixture;

static AnnalistRecord *
new_organisation (AnnalistStore *store,
                  const char    *short_name)
{
  AnnalistRecord *record = annalist_record_new (annalist_kind_lookup ("organisation"));
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (record, "short_name", short_name);
  annalist_record_set_string (record, "full_name", short_name);
  annalist_record_set_int (record, "type_id", dictionary_id (store, "org_type", "ДОУ"));
  g_assert_true (annalist_store_insert (store, record, &error));
  g_assert_no_error (error);
  return record;
}

static GBytes *
fake_report (gsize size)
{
  guint8 *data = g_malloc (size);

  /* Every byte value, NULs included: kept as a BLOB, not as text. */
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 256);
  return g_bytes_new_take (data, size);
}

static void
assert_refused (GError *error,
                int     year)
{
  g_autofree char *label = g_strdup_printf ("%d-%d", year, year + 1);

  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CLOSED_YEAR);
  g_assert_nonnull (strstr (error->message, label));
}

/* Inserting, updating or deleting @record is refused for @year. */
static void
assert_insert_refused (AnnalistStore  *store,
                       AnnalistRecord *record,
                       int             year)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (annalist_store_insert (store, record, &error));
  assert_refused (error, year);
}

static void
assert_update_refused (AnnalistStore  *store,
                       AnnalistRecord *record,
                       int             year)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (annalist_store_update (store, record, &error));
  assert_refused (error, year);
}

static void
assert_delete_refused (AnnalistStore  *store,
                       const char     *kind_name,
                       AnnalistRecord *record,
                       int             year)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (annalist_store_delete (store, annalist_kind_lookup (kind_name),
                                         annalist_record_get_id (record), &error));
  assert_refused (error, year);
}

static void
close_year (AnnalistStore *store,
            int            year,
            GBytes        *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_closed_year_close (store, year, report, "Аналитический отчёт.odt",
                                             "Аналитический отчёт", &error));
  g_assert_no_error (error);
}

static void
test_guard_events (Fixture      *fixture,
                   gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (1000);
  g_autoptr(AnnalistRecord) school = new_organisation (store, "Школа № 1");
  g_autoptr(AnnalistRecord) kept = new_event (store, "Семинар 2022", "2022-10-05");
  g_autoptr(AnnalistRecord) later = new_event (store, "Семинар 2023", "2023-10-05");
  g_autoptr(AnnalistRecord) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gint64 organisers[] = { annalist_record_get_id (school) };

  annalist_record_set_ids (kept, "organisers", organisers, 1);
  g_assert_true (annalist_store_insert (store, kept, &error));
  g_assert_true (annalist_store_insert (store, later, &error));
  g_assert_no_error (error);

  g_assert_false (annalist_closed_year_is_closed (store, 2022));
  close_year (store, 2022, report);
  g_assert_true (annalist_closed_year_is_closed (store, 2022));
  g_assert_false (annalist_closed_year_is_closed (store, 2023));

  /* Insert, update, delete of a record of 2022-2023: refused, with the year. */
  fresh = new_event (store, "Ещё семинар", "2023-03-01");
  assert_insert_refused (store, fresh, 2022);
  g_assert_cmpint (annalist_record_get_id (fresh), ==, 0);

  annalist_record_set_string (kept, "title", "Изменённый семинар");
  assert_update_refused (store, kept, 2022);

  assert_delete_refused (store, "event", kept, 2022);

  /* Its links to organisations are the record's: untouched. */
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM event_organiser"), ==, 1);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM event WHERE title = 'Семинар 2022'"),
                   ==, 1);

  /* Out of the closed year, and into it. */
  {
    g_autoptr(AnnalistRecord) moved = annalist_store_load (store, annalist_kind_lookup ("event"),
                                                           annalist_record_get_id (kept), NULL);

    annalist_record_set_int (moved, "academic_year", 2023);
    annalist_record_set_string (moved, "date_start", "2023-10-06");
    assert_update_refused (store, moved, 2022);
  }
  annalist_record_set_int (later, "academic_year", 2022);
  annalist_record_set_string (later, "date_start", "2022-10-06");
  assert_update_refused (store, later, 2022);

  /* A record of another year still saves. */
  annalist_record_set_int (later, "academic_year", 2023);
  annalist_record_set_string (later, "date_start", "2023-10-06");
  annalist_record_set_string (later, "title", "Семинар 2023, изменённый");
  g_assert_true (annalist_store_update (store, later, &error));
  g_assert_no_error (error);

  /* Plain SQL too: the guard is in the database, not in the store's calls. */
  g_assert_cmpint (sqlite3_exec (annalist_store_get_db (store),
                                 "UPDATE event SET participants = 1 WHERE academic_year = 2022",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (sqlite3_exec (annalist_store_get_db (store),
                                 "DELETE FROM event_organiser", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  {
    /* The refusal noted by that statement is not taken for a later one's. */
    g_autoptr(GError) later_error = NULL;

    g_assert_true (annalist_closed_year_refused (store, SQLITE_CONSTRAINT_TRIGGER, &later_error));
    g_assert_false (annalist_closed_year_refused (store, SQLITE_CONSTRAINT_TRIGGER, NULL));
  }

  /* Reopened: it can be changed again. */
  g_assert_true (annalist_closed_year_reopen (store, 2022, &error));
  g_assert_no_error (error);
  g_assert_false (annalist_closed_year_is_closed (store, 2022));
  g_assert_true (annalist_store_update (store, kept, &error));
  g_assert_no_error (error);
  g_assert_true (annalist_store_insert (store, fresh, &error));
  g_assert_no_error (error);
  g_assert_true (annalist_store_delete (store, annalist_kind_lookup ("event"),
                                        annalist_record_get_id (kept), &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM event_organiser"), ==, 0);
}

static void
test_guard_owned (Fixture      *fixture,
                  gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (10);
  g_autoptr(AnnalistRecord) school = new_organisation (store, "Школа № 2");
  g_autoptr(AnnalistRecord) competition = annalist_record_new (annalist_kind_lookup ("competition"));
  g_autoptr(AnnalistRecord) entry = annalist_record_new (annalist_kind_lookup ("competition_entry"));
  g_autoptr(AnnalistRecord) second = NULL;
  g_autoptr(AnnalistRecord) status = annalist_record_new (annalist_kind_lookup ("innovation_status"));
  g_autoptr(AnnalistRecord) figure = annalist_record_new (annalist_kind_lookup ("historical_figure"));
  g_autoptr(AnnalistRecord) kind = annalist_record_new (annalist_kind_lookup ("audience"));
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  annalist_record_set_int (competition, "academic_year", 2022);
  annalist_record_set_string (competition, "name", "Педагогические надежды");
  g_assert_true (annalist_store_insert (store, competition, &error));
  annalist_record_set_int (entry, "competition_id", annalist_record_get_id (competition));
  annalist_record_set_int (entry, "organisation_id", annalist_record_get_id (school));
  annalist_record_set_string (entry, "title", "Проект");
  g_assert_true (annalist_store_insert (store, entry, &error));
  second = annalist_record_copy (entry);
  annalist_record_set_id (second, 0);

  /* A status spans years: not closed by one. */
  annalist_record_set_int (status, "organisation_id", annalist_record_get_id (school));
  annalist_record_set_int (status, "kind_id", dictionary_id (store, "status_kind", "РИП"));
  annalist_record_set_string (status, "topic", "Тема");
  annalist_record_set_string (status, "valid_from", "2021-01-01");
  annalist_record_set_string (status, "valid_to", "2024-12-31");
  g_assert_true (annalist_store_insert (store, status, &error));
  g_assert_no_error (error);

  annalist_record_set_int (figure, "kind_id", store_int (store, "SELECT min (id) FROM figure_kind"));
  annalist_record_set_int (figure, "academic_year", 2022);
  annalist_record_set_string (figure, "text", "12");
  g_assert_true (annalist_store_insert (store, figure, &error));
  g_assert_no_error (error);

  close_year (store, 2022, report);

  /* The competition's entries are of its year. */
  reason = annalist_closed_year_reason (store, annalist_kind_lookup ("competition_entry"), entry);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "2022-2023"));
  assert_insert_refused (store, second, 2022);
  annalist_record_set_string (entry, "title", "Другой проект");
  assert_update_refused (store, entry, 2022);
  /* Deleting the competition would take its entries: refused. */
  assert_delete_refused (store, "competition", competition, 2022);
  /* The indicator values of the year too. */
  annalist_record_set_string (figure, "text", "13");
  assert_update_refused (store, figure, 2022);
  g_clear_pointer (&reason, g_free);
  reason = annalist_closed_year_reason (store, annalist_kind_lookup ("historical_figure"), figure);
  g_assert_nonnull (reason);

  /* The status, a dictionary, the organisation: not of a year. */
  g_assert_null (annalist_closed_year_reason (store, annalist_kind_lookup ("innovation_status"),
                                              status));
  annalist_record_set_string (status, "topic", "Новая тема");
  g_assert_true (annalist_store_update (store, status, &error));
  g_assert_no_error (error);
  annalist_record_set_string (kind, "name", "Родители учащихся");
  g_assert_true (annalist_store_insert (store, kind, &error));
  g_assert_no_error (error);
  annalist_record_set_string (school, "short_name", "Школа № 2 им. Пушкина");
  g_assert_true (annalist_store_update (store, school, &error));
  g_assert_no_error (error);

  g_assert_true (annalist_closed_year_reopen (store, 2022, &error));
  g_assert_null (annalist_closed_year_reason (store, annalist_kind_lookup ("competition_entry"),
                                              entry));
  g_assert_true (annalist_store_insert (store, second, &error));
  g_assert_true (annalist_store_update (store, figure, &error));
  g_assert_no_error (error);
}

/* A plan spans years; an item of a stage of the closed year does not. */
static void
test_guard_plan_items (Fixture      *fixture,
                       gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (10);
  g_autoptr(AnnalistRecord) plan = annalist_record_new (annalist_kind_lookup ("plan"));
  g_autoptr(AnnalistRecord) stage = annalist_record_new (annalist_kind_lookup ("plan_stage"));
  g_autoptr(AnnalistRecord) item = annalist_record_new (annalist_kind_lookup ("plan_item"));
  g_autoptr(AnnalistRecord) loose = NULL;
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (plan, "title", "План");
  annalist_record_set_int (plan, "year_from", 2021);
  annalist_record_set_int (plan, "year_to", 2023);
  g_assert_true (annalist_store_insert (store, plan, &error));
  annalist_record_set_int (stage, "plan_id", annalist_record_get_id (plan));
  annalist_record_set_int (stage, "academic_year", 2022);
  g_assert_true (annalist_store_insert (store, stage, &error));
  annalist_record_set_int (item, "plan_id", annalist_record_get_id (plan));
  annalist_record_set_int (item, "stage_id", annalist_record_get_id (stage));
  annalist_record_set_string (item, "activity", "Семинар");
  g_assert_true (annalist_store_insert (store, item, &error));
  loose = annalist_record_copy (item);
  annalist_record_set_id (loose, 0);
  annalist_record_set (loose, "stage_id", NULL);
  g_assert_true (annalist_store_insert (store, loose, &error));
  g_assert_no_error (error);

  close_year (store, 2022, report);
  annalist_record_set_string (item, "fact", "Проведён");
  assert_update_refused (store, item, 2022);
  /* Moved into the closed year's stage: refused; the plan itself changes. */
  annalist_record_set_int (loose, "stage_id", annalist_record_get_id (stage));
  assert_update_refused (store, loose, 2022);
  annalist_record_set (loose, "stage_id", NULL);
  annalist_record_set_string (loose, "fact", "Проведён");
  g_assert_true (annalist_store_update (store, loose, &error));
  annalist_record_set_string (plan, "title", "План на три года");
  g_assert_true (annalist_store_update (store, plan, &error));
  g_assert_no_error (error);
}

/* A project spans years, but deleting it would take its activities of the
 * closed year with it: the cascade is refused, the project stays. */
static void
test_guard_cascade (Fixture      *fixture,
                    gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (10);
  g_autoptr(AnnalistRecord) school = new_organisation (store, "Школа № 3");
  g_autoptr(AnnalistRecord) project = annalist_record_new (annalist_kind_lookup ("project"));
  g_autoptr(AnnalistRecord) activity = annalist_record_new (annalist_kind_lookup ("project_activity"));
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (project, "topic", "Тема проекта");
  annalist_record_set_int (project, "organisation_id", annalist_record_get_id (school));
  annalist_record_set_string (project, "period_start", "2021-09-01");
  annalist_record_set_string (project, "period_end", "2024-05-31");
  g_assert_true (annalist_store_insert (store, project, &error));
  annalist_record_set_int (activity, "project_id", annalist_record_get_id (project));
  annalist_record_set_string (activity, "title", "Семинар");
  annalist_record_set_string (activity, "date", "2023-01-20");
  g_assert_true (annalist_store_insert (store, activity, &error));
  g_assert_no_error (error);

  close_year (store, 2022, report);
  /* The project itself is not closed. */
  g_assert_null (annalist_closed_year_reason (store, annalist_kind_lookup ("project"), project));
  annalist_record_set_string (project, "goal", "Цель");
  g_assert_true (annalist_store_update (store, project, &error));
  g_assert_no_error (error);
  assert_delete_refused (store, "project", project, 2022);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM project"), ==, 1);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM project_activity"), ==, 1);

  g_assert_true (annalist_closed_year_reopen (store, 2022, &error));
  g_assert_true (annalist_store_delete (store, annalist_kind_lookup ("project"),
                                        annalist_record_get_id (project), &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM project_activity"), ==, 0);
}

static void
test_report_kept (Fixture      *fixture,
                  gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (3 * 1024 * 1024 + 17);
  g_autoptr(GBytes) other = fake_report (5);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GPtrArray) years = NULL;
  g_autoptr(AnnalistClosedYear) closed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (annalist_closed_year_close (store, 2021, empty, "x.odt", "", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (annalist_closed_year_get_report (store, 2022, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  close_year (store, 2022, report);
  close_year (store, 2020, other);
  g_assert_false (annalist_closed_year_close (store, 2022, other, "y.odt", "", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);

  kept = annalist_closed_year_get_report (store, 2022, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, report));

  closed = annalist_closed_year_get (store, 2022, &error);
  g_assert_nonnull (closed);
  g_assert_cmpstr (closed->file_name, ==, "Аналитический отчёт.odt");
  g_assert_cmpstr (closed->template_name, ==, "Аналитический отчёт");
  g_assert_cmpstr (closed->user_name, ==, g_get_user_name ());
  g_assert_cmpint (closed->report_size, ==, g_bytes_get_size (report));
  g_assert_true (g_str_has_suffix (closed->closed_at, "Z"));

  years = annalist_closed_year_list (store, &error);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (((AnnalistClosedYear *) years->pdata[0])->academic_year, ==, 2022);
  g_assert_cmpint (((AnnalistClosedYear *) years->pdata[1])->academic_year, ==, 2020);

  /* After the store is closed and opened again, the same bytes. */
  g_clear_object (&fixture->store);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_bytes_unref);
  kept = annalist_closed_year_get_report (fixture->store, 2022, &error);
  g_assert_true (g_bytes_equal (kept, report));

  /* Reopened: the report is no longer kept. */
  g_assert_true (annalist_closed_year_reopen (fixture->store, 2022, &error));
  g_assert_false (annalist_closed_year_reopen (fixture->store, 2022, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (annalist_closed_year_get (fixture->store, 2022, &error));
  g_assert_no_error (error);
}

static void
test_history (Fixture      *fixture,
              gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (100);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  close_year (store, 2022, report);
  g_assert_true (annalist_closed_year_reopen (store, 2022, &error));
  g_assert_no_error (error);

  stmt = annalist_store_prepare (store, "SELECT action, label, user_name, host_name, made_at "
                                 "FROM change_set ORDER BY id", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "year");
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 1), "2022-2023"));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, g_get_user_name ());
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, g_get_host_name ());
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "year");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);

  /* A closing that fails leaves no line. */
  close_year (store, 2022, report);
  g_assert_false (annalist_closed_year_close (store, 2022, report, "x.odt", "", &error));
  g_clear_error (&error);
  g_assert_cmpint (store_int (store, "SELECT count(*) FROM change_set WHERE action = 'year'"),
                   ==, 3);
}

static void
test_sentence_russian (Fixture      *fixture,
                       gconstpointer data)
{
  AnnalistStore *store = fixture->store;
  g_autoptr(GBytes) report = fake_report (100);
  g_autoptr(AnnalistRecord) event = new_event (store, "Семинар", "2022-10-05");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d.%m.%Y");
  g_autofree char *expected = NULL;

  if (!use_russian ())
    return;
  close_year (store, 2022, report);
  g_assert_false (annalist_store_insert (store, event, &error));
  expected = g_strdup_printf ("2022-2023 учебный год закрыт %s: отчёт за него подписан. "
                              "Чтобы изменить запись, откройте год снова: «Документы» → "
                              "«Открыть год снова».", today);
  g_assert_cmpstr (error->message, ==, expected);
  setlocale (LC_ALL, "C.UTF-8");
}

/* annalist --signed-report: the kept bytes, the database only read. */
static void
test_command_line (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GBytes) report = fake_report (200 * 1024);
  g_autofree char *output = g_build_filename (fixture->dir, "printed again.odt", NULL);
  g_autofree char *database = g_strdup_printf ("--database=%s", fixture->path);
  g_autofree char *output_arg = g_strdup_printf ("--output=%s", output);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  int status = 0;

  close_year (fixture->store, 2022, report);
  g_clear_object (&fixture->store);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  g_clear_pointer (&contents, g_free);

  {
    const char *argv[] = { ANNALIST_BIN, database, "--signed-report=2022-2023", output_arg, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                 &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_get_contents (output, &contents, &length, NULL));
    g_assert_cmpmem (contents, length, g_bytes_get_data (report, NULL), g_bytes_get_size (report));
    g_clear_pointer (&err, g_free);
  }
  {
    /* A year that is not closed: a sentence, exit 1. */
    const char *argv[] = { ANNALIST_BIN, database, "--signed-report=2021-2022", output_arg, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                 &err, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "2021-2022 is not closed"));
  }

  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/closed-year/" path, Fixture, NULL, store_fixture_set_up, func, \
              store_fixture_tear_down)
  ADD ("guard-events", test_guard_events);
  ADD ("guard-owned", test_guard_owned);
  ADD ("guard-plan-items", test_guard_plan_items);
  ADD ("guard-cascade", test_guard_cascade);
  ADD ("report-kept", test_report_kept);
  ADD ("history", test_history);
  ADD ("sentence-russian", test_sentence_russian);
  ADD ("command-line", test_command_line);
  return g_test_run ();
}
