/* test-sample.c — the sample district of reference 002
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creates the sample database (data/sample/district-2022-2023.sql, the
 * Krasnoselsky district of St Petersburg in 2022-2023) and checks it against
 * the figures that reference 002 prints: the registry's denominators, the
 * summary table of innovation statuses «на 01.01.2023», the programmes,
 * meetings, conferences, seminars, expertise, the «Импульс» competition,
 * the historical figures and the tasks. Counting is done with raw SQL so
 * that the test does not depend on the record layer it is meant to feed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

/* One sample database (scale 1) shared by the read-only checks. */
static char *shared_dir;
static char *shared_path;
static AnnalistStore *shared_store;

static sqlite3 *
sample_db (void)
{
  if (shared_store == NULL)
    {
      g_autoptr(GError) error = NULL;

      shared_dir = g_dir_make_tmp ("annalist-sample-XXXXXX", &error);
      g_assert_no_error (error);
      shared_path = g_build_filename (shared_dir, "sample.db", NULL);

      g_assert_true (annalist_sample_create (shared_path, 1, &error));
      g_assert_no_error (error);

      shared_store = annalist_store_open (shared_path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (shared_store);
    }
  return annalist_store_get_db (shared_store);
}

/* The integer in the first column of the first row of @sql (which must
 * return exactly one row). */
static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("cannot prepare «%s»: %s", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("«%s» returned no row (%d): %s", sql, rc, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return value;
}

static double
query_double (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The first column of every row of @sql, as text, joined with @separator
 * ("NULL" for a NULL). */
static char *
query_column (sqlite3    *db,
              const char *sql,
              const char *separator)
{
  sqlite3_stmt *stmt = NULL;
  GString *joined = g_string_new (NULL);
  gboolean first = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("cannot prepare «%s»: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (!first)
        g_string_append (joined, separator);
      g_string_append (joined, text != NULL ? text : "NULL");
      first = FALSE;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (joined, FALSE);
}

/* Integrity ------------------------------------------------------------------- */

static void
test_integrity (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *integrity = query_column (db, "PRAGMA integrity_check", "\n");
  g_autofree char *fk = query_column (db, "PRAGMA foreign_key_check", "\n");

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpstr (fk, ==, "");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_settings (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *short_name = query_column (db, "SELECT value FROM setting WHERE key = 'org_short_name'", "");
  g_autofree char *status_date = query_column (db, "SELECT value FROM setting WHERE key = 'status_date'", "");
  g_autofree char *head = query_column (db, "SELECT value FROM setting WHERE key = 'head_name'", "");
  g_autofree char *city = query_column (db, "SELECT value FROM setting WHERE key = 'city'", "");

  g_assert_cmpstr (short_name, ==, "ИМЦ");
  g_assert_cmpstr (status_date, ==, "2023-01-01");
  g_assert_cmpstr (head, ==, "");   /* the reference names no director */
  g_assert_cmpstr (city, ==, "Санкт-Петербург");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM setting WHERE key IN "
                                  "('org_name', 'founder', 'head_position', 'report_title')"
                                  " AND length(value) > 0"), ==, 4);
}

/* The registry ------------------------------------------------------------------ */

static gint64
organisations_of_type (sqlite3    *db,
                       const char *type)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM organisation o JOIN org_type t ON t.id = o.type_id"
    " WHERE t.short_name = '%s' AND o.active = 1", type);
  return query_int (db, sql);
}

static void
test_organisations (void)
{
  sqlite3 *db = sample_db ();

  /* The denominators of the summary table's shares: 23 ДОУ = 29,9 %,
   * 20 ООУ = 42,6 %, 2 УДО = 50 %, 45 = 35,2 % of 128. */
  g_assert_cmpint (organisations_of_type (db, "ДОУ"), ==, 77);
  g_assert_cmpint (organisations_of_type (db, "ООУ"), ==, 47);
  g_assert_cmpint (organisations_of_type (db, "УДО"), ==, 4);
  /* The ИМЦ itself is «Иная» and does not count in the shares; so are the
   * organisations of references 001 (with the four schools it consulted),
   * 003 and 004 (other districts, see test_projects and test_plan). */
  g_assert_cmpint (organisations_of_type (db, "Иная"), ==, 8);
  g_assert_cmpint (query_int (db, "SELECT counted FROM org_type WHERE short_name = 'Иная'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM organisation o JOIN org_type t ON t.id = o.type_id"
                                  " WHERE t.short_name = 'Иная'"
                                  " AND o.short_name IN ('ИМЦ', 'ДДТ НМО', 'ЦДТ «Креатив»', 'КНМЦ')"), ==, 4);

  /* Short names identify organisations in the sample's subselects. */
  g_assert_cmpint (query_int (db, "SELECT count(*) - count(DISTINCT short_name) FROM organisation"), ==, 0);
  /* Every organisation is the district's but those of references 001,
   * 003 and 004. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM organisation o JOIN org_type t ON t.id = o.type_id"
                                  " WHERE o.district <> 'Красносельский'"
                                  " AND NOT (t.short_name = 'Иная' AND o.notes LIKE '%документа 001%'"
                                  "          AND o.district = 'Новокузнецкий муниципальный округ')"
                                  " AND NOT (o.short_name = 'ЦДТ «Креатив»' AND t.short_name = 'Иная'"
                                  "          AND o.district = 'ГО Богданович')"
                                  " AND NOT (o.short_name = 'КНМЦ' AND t.short_name = 'Иная'"
                                  "          AND o.district = 'муниципальное образование город Краснодар')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM organisation WHERE short_name = 'Лицей № 590'"
                                  " AND full_name = 'ГБОУ лицей № 590 Санкт-Петербурга' AND number = '590'"), ==, 1);
}

/* Innovation statuses: the summary table «на 01.01.2023» ------------------------- */

/* The organisation numbers of one cell of the summary table (status kind ×
 * organisation type), distinct, in numeric order. */
static char *
cell (sqlite3    *db,
      const char *kind,
      const char *type)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT DISTINCT o.number FROM innovation_status s"
    " JOIN status_kind k ON k.id = s.kind_id"
    " JOIN organisation o ON o.id = s.organisation_id"
    " JOIN org_type t ON t.id = o.type_id"
    " WHERE k.short_name = '%s' AND t.short_name = '%s'"
    " ORDER BY CAST(o.number AS INTEGER), o.number", kind, type);
  return query_column (db, sql, ",");
}

static void
assert_cell (sqlite3    *db,
             const char *kind,
             const char *type,
             const char *expected)
{
  g_autofree char *numbers = cell (db, kind, type);

  if (g_strcmp0 (numbers, expected) != 0)
    g_test_message ("cell %s × %s", kind, type);
  g_assert_cmpstr (numbers, ==, expected);
}

static gint64
statuses_of_kind (sqlite3    *db,
                  const char *kind)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM innovation_status s JOIN status_kind k ON k.id = s.kind_id"
    " WHERE k.short_name = '%s'", kind);
  return query_int (db, sql);
}

static gint64
organisations_with_status (sqlite3    *db,
                           const char *type)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(DISTINCT o.id) FROM innovation_status s"
    " JOIN organisation o ON o.id = s.organisation_id"
    " JOIN org_type t ON t.id = o.type_id WHERE t.short_name = '%s'", type);
  return query_int (db, sql);
}

static void
test_statuses (void)
{
  sqlite3 *db = sample_db ();

  /* «Федеральные и региональные инновационные площадки»: 8 rows. */
  g_assert_cmpint (statuses_of_kind (db, "ФИП"), ==, 1);
  g_assert_cmpint (statuses_of_kind (db, "РИП"), ==, 7);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status s JOIN status_kind k ON k.id = s.kind_id"
                                  " JOIN level l ON l.id = s.level_id"
                                  " WHERE (k.short_name = 'ФИП' AND l.name = 'Федеральный')"
                                  "    OR (k.short_name = 'РИП' AND l.name = 'Региональный')"), ==, 8);

  /* The ЦИПП list: 31 rows (7 projects, 10 internship sites, 14 base
   * sites counting the three of «Эффективная школа»). */
  g_assert_cmpint (statuses_of_kind (db, "Центр ИПП (ОЭП)"), ==, 7);
  g_assert_cmpint (statuses_of_kind (db, "Центр ИПП (РСП)"), ==, 10);
  g_assert_cmpint (statuses_of_kind (db, "Центр ИПП (РБП)"), ==, 14);
  /* Federal scientific organisations: 18 rows, 17 organisations
   * (детский сад № 87 holds two), all with their supervising body. */
  g_assert_cmpint (statuses_of_kind (db, "ОЭП научной организации"), ==, 18);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT s.organisation_id) FROM innovation_status s"
                                  " JOIN status_kind k ON k.id = s.kind_id"
                                  " WHERE k.short_name = 'ОЭП научной организации'"), ==, 17);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status s JOIN status_kind k ON k.id = s.kind_id"
                                  " WHERE k.short_name = 'ОЭП научной организации' AND s.supervisor = ''"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status WHERE topic = ''"), ==, 0);

  /* The cells of the summary table. */
  assert_cell (db, "ФИП", "ДОУ", "");
  assert_cell (db, "ФИП", "ООУ", "590");
  assert_cell (db, "ФИП", "УДО", "");
  assert_cell (db, "РИП", "ДОУ", "");
  assert_cell (db, "РИП", "ООУ", "167,200,237,375,505,509");
  assert_cell (db, "РИП", "УДО", "ДДТ");
  assert_cell (db, "Центр ИПП (ОЭП)", "ДОУ", "");
  assert_cell (db, "Центр ИПП (ОЭП)", "ООУ", "219,271,291,293,383,385,546");
  assert_cell (db, "Центр ИПП (ОЭП)", "УДО", "");
  assert_cell (db, "Центр ИПП (РСП)", "ДОУ", "26,35,73,78");
  assert_cell (db, "Центр ИПП (РСП)", "ООУ", "167,383,505,509");
  assert_cell (db, "Центр ИПП (РСП)", "УДО", "ДДТ,ЦПМСС");
  assert_cell (db, "Центр ИПП (РБП)", "ДОУ", "4,6,24,30,73");
  assert_cell (db, "Центр ИПП (РБП)", "ООУ", "131,289,293,395,414,509,546,548");
  assert_cell (db, "Центр ИПП (РБП)", "УДО", "ДДТ");
  /* The reference's cell lists 16 numbers with 87 twice: 15 kindergartens. */
  assert_cell (db, "ОЭП научной организации", "ДОУ", "12,22,29,38,48,56,76,78,82,87,88,91,92,93,94");
  assert_cell (db, "ОЭП научной организации", "ООУ", "395,675");
  assert_cell (db, "ОЭП научной организации", "УДО", "");

  /* «Общее количество ОО, реализующих ИД». The reference prints 23 for
   * ДОУ (and 45 = 35,2 % in all), but its ДОУ cells name only 22 distinct
   * kindergartens; the sample transcribes the lists and invents no 23rd. */
  g_assert_cmpint (organisations_with_status (db, "ДОУ"), ==, 22);
  g_assert_cmpint (organisations_with_status (db, "ООУ"), ==, 20);
  g_assert_cmpint (organisations_with_status (db, "УДО"), ==, 2);
  /* No «Иная» organisation has a status: the ИМЦ has none, and the status
   * of reference 001's site is another district's. */
  g_assert_cmpint (organisations_with_status (db, "Иная"), ==, 0);

  /* Only the five ЦИПП (ОЭП) statuses assigned in December 2022 «на 2023
   * и 2024 годы» have a known period; every other one of the district is
   * left unknown (reference 001's status has its own, see test_projects). */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status"
                                  " WHERE valid_from = '2023-01-01' AND valid_to = '2024-12-31'"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status s"
                                  " JOIN organisation o ON o.id = s.organisation_id"
                                  " WHERE o.district = 'Красносельский'"
                                  " AND (s.valid_from IS NOT NULL OR s.valid_to IS NOT NULL)"), ==, 5);
  {
    g_autofree char *numbers = query_column (db,
      "SELECT o.number FROM innovation_status s JOIN organisation o ON o.id = s.organisation_id"
      " WHERE s.valid_from IS NOT NULL AND o.district = 'Красносельский'"
      " ORDER BY CAST(o.number AS INTEGER)", ",");
    g_assert_cmpstr (numbers, ==, "271,291,293,383,546");
  }
}

/* Programmes ----------------------------------------------------------------------- */

static void
test_programmes (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE academic_year = 2022"), ==, 6);
  g_assert_cmpint (query_int (db, "SELECT sum(trained) FROM programme WHERE academic_year = 2022"), ==, 148);
  g_assert_cmpint (query_int (db, "SELECT sum(hours) FROM programme WHERE academic_year = 2022"), ==, 198);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE funding_id IS NULL OR audience_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE funding_note = 'для коллектива школы № 548'"), ==, 1);
  /* The Committee's recommendation names three programmes, the federal
   * registry two: the 36-hour one and the 18-hour one, under the title
   * the registry gives it. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE recognitions LIKE '%персонифицированной модели%'"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE recognitions LIKE '%Федеральном реестре%'"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE recognitions LIKE '%Федеральном реестре%'"
                                  " AND hours = 36 AND title LIKE '%обновлённого ФГОС ООО'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM programme WHERE recognitions LIKE '%Федеральном реестре%'"
                                  " AND hours = 18 AND recognitions LIKE '%«Формирование у обучающихся универсальных учебных действий%'"), ==, 1);
}

/* Events --------------------------------------------------------------------------- */

static gint64
events_of_kind (sqlite3    *db,
                const char *kind)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM event e JOIN event_kind k ON k.id = e.kind_id"
    " WHERE k.name = '%s' AND e.academic_year = 2022", kind);
  return query_int (db, sql);
}

static char *
event_column (sqlite3    *db,
              const char *column,
              const char *kind)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM event e JOIN event_kind k ON k.id = e.kind_id"
    " WHERE k.name = '%s' ORDER BY e.id", column, kind);
  return query_column (db, sql, ",");
}

static void
test_meetings (void)
{
  sqlite3 *db = sample_db ();
  const char *kind = "Информационно-методическое совещание";
  g_autofree char *participants = event_column (db, "participants", kind);
  g_autofree char *more = event_column (db, "participants_more", kind);
  g_autofree char *dates = event_column (db, "date_start", kind);

  g_assert_cmpint (events_of_kind (db, kind), ==, 4);
  g_assert_cmpstr (participants, ==, "55,95,90,100");
  /* «Более 100 чел. (в Сферуме 99+)» */
  g_assert_cmpstr (more, ==, "0,0,0,1");
  /* The reference's «7.04.2022» is a typo inside the 2022-2023 year. */
  g_assert_cmpstr (dates, ==, "2022-09-15,2022-11-07,2023-01-12,2023-04-07");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event WHERE participants_note = 'в Сферуме 99+'"), ==, 1);
  /* Agenda items one per line: 3 + 3 + 2 + 4. */
  g_assert_cmpint (query_int (db, "SELECT sum(length(agenda) - length(replace(agenda, char(10), '')) + 1)"
                                  " FROM event e JOIN event_kind k ON k.id = e.kind_id"
                                  " WHERE k.name = 'Информационно-методическое совещание'"), ==, 12);
}

static void
test_conferences (void)
{
  sqlite3 *db = sample_db ();
  const char *kind = "Научно-практическая конференция";
  g_autofree char *participants = event_column (db, "participants", kind);
  g_autofree char *presenters = NULL;

  g_assert_cmpint (events_of_kind (db, kind), ==, 5);
  g_assert_cmpstr (participants, ==, "363,377,437,624,190");
  /* «Ноябрь – апрель»: only months are known. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event WHERE period_text = 'Ноябрь – апрель'"
                                  " AND date_start IS NULL"), ==, 1);
  /* The August conference opens the 2022-2023 year. */
  g_assert_cmpint (query_int (db, "SELECT academic_year FROM event WHERE date_start = '2022-08-26'"), ==, 2022);

  /* Organisations that presented results, per conference:
   * 2, 10, 7, 15 schools + the ИМЦ, 20 kindergartens + 18 schools + 2. */
  presenters = query_column (db,
    "SELECT (SELECT count(*) FROM event_presenter p WHERE p.event_id = e.id)"
    " FROM event e JOIN event_kind k ON k.id = e.kind_id"
    " WHERE k.name = 'Научно-практическая конференция' ORDER BY e.id", ",");
  g_assert_cmpstr (presenters, ==, "2,10,7,16,40");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event_presenter p JOIN organisation o ON o.id = p.organisation_id"
                                  " JOIN event e ON e.id = p.event_id WHERE o.short_name = 'ИМЦ'"
                                  " AND e.date_start = '2023-03-29'"), ==, 1);
}

static void
test_seminars_and_internships (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *dates = event_column (db, "date_start", "Семинар");
  g_autofree char *participants = event_column (db, "participants", "Семинар");
  g_autofree char *organisers = query_column (db,
    "SELECT o.short_name FROM event e JOIN event_kind k ON k.id = e.kind_id"
    " JOIN event_organiser eo ON eo.event_id = e.id JOIN organisation o ON o.id = eo.organisation_id"
    " WHERE k.name = 'Семинар' ORDER BY e.id", ",");

  g_assert_cmpint (events_of_kind (db, "Семинар"), ==, 3);
  /* «29.09.2023» in the reference is a typo for 2022. */
  g_assert_cmpstr (dates, ==, "2022-09-29,2022-12-26,2023-03-15");
  g_assert_cmpstr (participants, ==, "36,15,20");
  g_assert_cmpstr (organisers, ==, "Школа № 509,Лицей № 369,Лицей № 590");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event e JOIN event_kind k ON k.id = e.kind_id"
                                  " WHERE k.name = 'Семинар' AND e.organisers_text = 'ИМЦ'"), ==, 3);

  /* One internship per district internship site; counts only where given. */
  g_assert_cmpint (events_of_kind (db, "Стажировка"), ==, 10);
  g_assert_cmpint (query_int (db, "SELECT count(participants) FROM event e JOIN event_kind k ON k.id = e.kind_id"
                                  " WHERE k.name = 'Стажировка'"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT sum(participants) FROM event e JOIN event_kind k ON k.id = e.kind_id"
                                  " WHERE k.name = 'Стажировка'"), ==, 86 + 101);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT eo.organisation_id) FROM event e"
                                  " JOIN event_kind k ON k.id = e.kind_id"
                                  " JOIN event_organiser eo ON eo.event_id = e.id WHERE k.name = 'Стажировка'"), ==, 10);
  /* «Всего приняли участие в стажировках 377 человек»: the year's figure. */
  g_assert_cmpint (query_int (db, "SELECT CAST(value AS INTEGER) FROM historical_figure f JOIN figure_kind k ON k.id = f.kind_id"
                                  " WHERE k.short_name = 'участники стажировок' AND f.academic_year = 2022"
                                  " AND f.organisation_id IS NULL"), ==, 377);

  /* Four meetings of the Expert council, undated. */
  g_assert_cmpint (events_of_kind (db, "Заседание экспертного совета"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event e JOIN event_kind k ON k.id = e.kind_id"
                                  " WHERE k.name = 'Заседание экспертного совета' AND e.date_start IS NULL"), ==, 4);

  /* Every event belongs to 2022-2023. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event WHERE academic_year <> 2022"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event WHERE date_start IS NOT NULL"
                                  " AND (date_start < '2022-08-01' OR date_start > '2023-08-31')"), ==, 0);
}

/* Network projects ------------------------------------------------------------------ */

static void
test_network_projects (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM network_project WHERE academic_year = 2022"), ==, 8);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM network_project WHERE ran = 1"), ==, 7);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM network_project WHERE ran = 0"
                                  " AND topic = 'Управление качеством образования в школе'"
                                  " AND not_ran_reason <> ''"), ==, 1);
  /* Every project that ran has members. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM network_project n WHERE ran = 1 AND NOT EXISTS"
                                  " (SELECT 1 FROM network_project_member m WHERE m.network_project_id = n.id)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM network_project_member m"
                                  " JOIN network_project n ON n.id = m.network_project_id"
                                  " WHERE n.topic = 'Экологическое содружество детей и взрослых'"), ==, 14);
}

/* Competitions ---------------------------------------------------------------------- */

static void
test_impulse (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *per_nomination = query_column (db,
    "SELECT (SELECT count(*) FROM competition_entry e WHERE e.nomination_id = n.id)"
    " FROM nomination n JOIN competition c ON c.id = n.competition_id"
    " WHERE c.series = 'Импульс' AND c.academic_year = 2022 ORDER BY n.position", ",");
  g_autofree char *winners = NULL;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition WHERE series = 'Импульс'"
                                  " AND academic_year = 2022"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'Импульс'"), ==, 15);
  g_assert_cmpstr (per_nomination, ==, "4,7,2,1,1");
  /* The text says 15 organisations took part, but the nominations list 15
   * entries from 13 organisations (kindergartens № 56 and № 92 entered twice). */
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT e.organisation_id) FROM competition_entry e"
                                  " JOIN competition c ON c.id = e.competition_id WHERE c.series = 'Импульс'"), ==, 13);
  /* «д/с 35, д/с 92, 590; д/с 93, 375, 509, д/с 24, 200» */
  winners = query_column (db,
    "SELECT r.name || ':' || o.number FROM competition_entry e"
    " JOIN competition c ON c.id = e.competition_id JOIN entry_result r ON r.id = e.result_id"
    " JOIN organisation o ON o.id = e.organisation_id"
    " WHERE c.series = 'Импульс' AND r.is_award = 1 ORDER BY r.position, CAST(o.number AS INTEGER)", ",");
  g_assert_cmpstr (winners, ==, "Победитель:35,Победитель:92,Победитель:590,"
                                "Лауреат:24,Лауреат:93,Лауреат:200,Лауреат:375,Лауреат:509");
  /* Every entry names its product and its form. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'Импульс' AND (e.product_id IS NULL OR e.form_id IS NULL"
                                  " OR e.result_id IS NULL OR e.title = '')"), ==, 0);
  /* The product bank holds the three winners' products. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_product WHERE in_bank = 1"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_product p WHERE in_bank = 1 AND EXISTS"
                                  " (SELECT 1 FROM competition_entry e JOIN entry_result r ON r.id = e.result_id"
                                  "  WHERE e.product_id = p.id AND r.name = 'Победитель')"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_product p WHERE NOT EXISTS"
                                  " (SELECT 1 FROM product_author a WHERE a.product_id = p.id)"), ==, 0);
}

static void
test_other_competitions (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *strong = query_column (db,
    "SELECT r.name FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
    " JOIN entry_result r ON r.id = e.result_id"
    " WHERE c.series = 'Сильные решения' AND r.name <> 'Участник' ORDER BY e.id", ",");

  /* «Сильные решения»: 8 organisations, two diplomas and a laureate. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'Сильные решения'"), ==, 8);
  g_assert_cmpstr (strong, ==, "Диплом,Диплом,Лауреат");
  /* Support for seven of them, letters of recommendation for six, only
   * for those supported; the other competitions give none. */
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT e.organisation_id) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'Сильные решения' AND e.consulted = 1 AND e.support_note <> ''"), ==, 7);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT e.organisation_id) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'Сильные решения' AND e.recommended = 1"), ==, 6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry WHERE recommended = 1 AND consulted = 0"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series <> 'Сильные решения' AND (e.consulted = 1 OR e.recommended = 1)"), ==, 0);

  /* The ЦИПП status competition: six projects, five statuses. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " WHERE c.series = 'ЦИПП'"), ==, 6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id"
                                  " JOIN entry_result r ON r.id = e.result_id"
                                  " WHERE c.series = 'ЦИПП' AND r.name = 'Статус присвоен'"), ==, 5);
}

/* Expertise, publications, studies, content ------------------------------------------ */

static void
test_expertise_and_resources (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *counts = query_column (db,
    "SELECT x.conclusions FROM expertise x JOIN expertise_kind k ON k.id = x.kind_id"
    " WHERE x.academic_year = 2022 ORDER BY k.position", ",");

  g_assert_cmpstr (counts, ==, "18,75,27,66");
  g_assert_cmpint (query_int (db, "SELECT sum(conclusions) FROM expertise WHERE academic_year = 2022"), ==, 186);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM publication WHERE articles_examined = 21"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM study"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM study WHERE respondents = 109"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM study WHERE respondents IS NULL"), ==, 1);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM digital_content d JOIN content_kind k ON k.id = d.kind_id"
                                  " WHERE k.name = 'Контент для электронных сервисов'"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM digital_content d JOIN content_kind k ON k.id = d.kind_id"
                                  " WHERE k.name = 'Электронный образовательный модуль'"), ==, 4);
  /* Three modules serve one programme each; the fourth serves three. */
  g_assert_cmpint (query_int (db, "SELECT count(programme_id) FROM digital_content"), ==, 3);
}

/* Historical figures ------------------------------------------------------------------ */

/* A year has records when any kind with an academic year has a record of
 * it (the kinds' descriptors say which): the sample's indicator values of
 * 2015-2016 and its plan's stages make those years ones with records,
 * though no event or project is of them; a year before them has none. */
static void
test_years_with_records (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM event WHERE academic_year = 2015"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure WHERE academic_year = 2015"), >, 0);
  g_assert_true (annalist_documents_year_has_records (shared_store, 2015));
  g_assert_true (annalist_documents_year_has_records (shared_store, 2022));
  g_assert_false (annalist_documents_year_has_records (shared_store, 2010));
  g_assert_false (annalist_documents_year_has_records (shared_store, 2030));
}

static void
test_history (void)
{
  sqlite3 *db = sample_db ();
  g_autofree char *participants = query_column (db,
    "SELECT CAST(h.value AS INTEGER) FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
    " WHERE k.short_name = 'участники конкурса' ORDER BY h.academic_year", ",");
  g_autofree char *years = query_column (db,
    "SELECT h.academic_year FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
    " WHERE k.short_name = 'участники конкурса' ORDER BY h.academic_year", ",");
  const double shares[] = { 20.8, 19.5, 15, 26 };

  /* «20,8 % – 19,5 % – 15 % – 26 % – 35,2 %»: the last one (2022-2023)
   * is computed from the statuses, never stored. */
  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT h.value FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
        " WHERE k.short_name = 'доля ОО в ИД' AND h.academic_year = %u", 2018 + i);
      g_assert_cmpfloat_with_epsilon (query_double (db, sql), shares[i], 1e-9);
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
                                  " WHERE k.short_name = 'доля ОО в ИД'"), ==, 4);
  /* Of 2022-2023 only what no record holds: the internships' total. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
                                  " WHERE h.academic_year >= 2022 AND k.short_name <> 'участники стажировок'"), ==, 0);

  /* Competitions of 2016 … 2022 (held in January–March) = academic years
   * 2015 … 2021; 2023 (15 organisations) comes from the entries. */
  g_assert_cmpstr (participants, ==, "12,10,5,6,9,10,11");
  g_assert_cmpstr (years, ==, "2015,2016,2017,2018,2019,2020,2021");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM historical_figure h JOIN figure_kind k ON k.id = h.kind_id"
                                  " WHERE k.short_name = 'победители конкурса' AND h.text <> ''"), ==, 7);
}

/* Tasks -------------------------------------------------------------------------------- */

static void
test_tasks (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM year_task WHERE academic_year = 2022"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM next_year_task WHERE academic_year = 2022"), ==, 4);
  /* The <p> markup of the reference is gone, and so are the numbers. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM year_task WHERE task LIKE '%<%' OR results LIKE '%<%'"
                                  " OR problems LIKE '%<%' OR task GLOB '[0-9]*'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM year_task WHERE results = '' OR problems = ''"), ==, 0);
}

/* The plan of reference 003: another centre's, all four stages; and the
 * plan of reference 004, by kind of activity. */
#define PLAN_003 "(SELECT id FROM plan WHERE title LIKE 'Программа деятельности муниципального опорного Центра%')"
#define PLAN_004 "(SELECT id FROM plan WHERE title = 'План работы краевой инновационной площадки на 2018 - 2019 годы')"

static void
test_plan (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan p JOIN organisation o ON o.id = p.organisation_id"
                                  " WHERE p.id = " PLAN_003 " AND o.short_name = 'ЦДТ «Креатив»'"
                                  " AND p.year_from = 2019 AND p.year_to = 2022"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_stage WHERE plan_id = " PLAN_003), ==, 4);
  {
    g_autofree char *years = query_column (db, "SELECT academic_year FROM plan_stage WHERE plan_id = " PLAN_003
                                               " ORDER BY academic_year", ",");
    /* Items per stage: 11 (2019-2020), 10, 9 (2021-2022), 4 (2022-2023). */
    g_autofree char *items = query_column (db,
      "SELECT (SELECT count(*) FROM plan_item i WHERE i.stage_id = s.id)"
      " FROM plan_stage s WHERE s.plan_id = " PLAN_003 " ORDER BY s.academic_year", ",");

    g_assert_cmpstr (years, ==, "2019,2020,2021,2022");
    g_assert_cmpstr (items, ==, "11,10,9,4");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE stage_id IS NOT NULL"
                                  " AND plan_id = " PLAN_003), ==, 34);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE deadline_text = ''"
                                  " AND plan_id = " PLAN_003), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_stage WHERE (goal = '' OR task = '' OR title = '')"
                                  " AND plan_id = " PLAN_003), ==, 0);
  /* The reference gives the stages as years only, and no kinds of activity. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_stage WHERE period_start IS NOT NULL"
                                  " OR period_end IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE activity_kind_id IS NOT NULL"
                                  " AND plan_id = " PLAN_003), ==, 0);
  /* Positions run 1 … 34 in the document's order, stage by stage. */
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT position) FROM plan_item"
                                  " WHERE position BETWEEN 1 AND 34 AND plan_id = " PLAN_003), ==, 34);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item a JOIN plan_stage sa ON sa.id = a.stage_id,"
                                  " plan_item b JOIN plan_stage sb ON sb.id = b.stage_id"
                                  " WHERE a.plan_id = b.plan_id"
                                  " AND a.position < b.position AND sa.academic_year > sb.academic_year"), ==, 0);
  /* The only deadline that is one day: «До 01.12. 2019г.». */
  {
    g_autofree char *dates = query_column (db, "SELECT deadline_date FROM plan_item WHERE deadline_date IS NOT NULL", ",");
    g_assert_cmpstr (dates, ==, "2019-12-01");
  }
  /* Neither document has a plan-vs-fact column; «Ответств.» is empty for
   * the last three items of 2021-2022, and reference 004 names nobody. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE fact <> '' OR state_id IS NOT NULL"
                                  " OR done_on IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE responsible = ''"
                                  " AND plan_id = " PLAN_003), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item i JOIN plan_stage s ON s.id = i.stage_id"
                                  " WHERE s.academic_year = 2022 AND i.deadline_text = 'Ноябрь 2023г.'"
                                  " AND i.activity LIKE 'Научно-практическая конференция%'"), ==, 1);

  /* Reference 004: one year, its basis order, seven main events without a
   * kind and the plan by kind: 2 diagnostic, 2 practical, 4 methodical,
   * 3 translational items. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan p JOIN organisation o ON o.id = p.organisation_id"
                                  " JOIN basis_document d ON d.id = p.document_id"
                                  " WHERE p.id = " PLAN_004 " AND o.short_name = 'КНМЦ'"
                                  " AND p.year_from = 2018 AND p.year_to = 2018"
                                  " AND d.number = '5686' AND d.date = '2016-12-13'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE plan_id = " PLAN_004
                                  " AND activity_kind_id IS NULL"), ==, 7);
  {
    g_autofree char *kinds = query_column (db,
      "SELECT k.short_name || ' ' || count(*) FROM plan_item i JOIN activity_kind k ON k.id = i.activity_kind_id"
      " WHERE i.plan_id = " PLAN_004 " GROUP BY k.id ORDER BY k.position", ",");

    g_assert_cmpstr (kinds, ==, "диагностическая 2,практическая 2,методическая 4,трансляционная 3");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM plan_item WHERE plan_id = " PLAN_004
                                  " AND expected_result <> ''"), ==, 2);
}

/* Projects: the seven ЦИПП (ОЭП) projects and reference 001 ----------------- */

static void
test_projects (void)
{
  static const struct { const char *number; const char *topic; } cipp[] = {
    { "219", "Разработка новых практик воспитания гармонично развитой и социально ответственной личности на основе исторических и национально-культурных традиций Санкт-Петербурга" },
    { "271", "Формирование основ функциональной грамотности в реализации идей современного образования" },
    { "291", "Модель реверсивного наставничества как инструмент развития профессиональных компетенций педагога" },
    { "293", "Воспитание деятельностью как условие формирования гражданской идентичности и патриотизма обучающихся" },
    { "383", "Организация финансового просвещения на базе общеобразовательного учреждения" },
    { "385", "Проектирование новых форматов организации учебно-познавательной деятельности обучающихся в цифровых образовательных средах" },
    { "546", "Медиаобразование в школе" },
  };
  sqlite3 *db = sample_db ();
  const char *other = "(SELECT id FROM project WHERE organisation_id = (SELECT id FROM organisation WHERE short_name = 'ДДТ НМО'))";
  g_autofree char *sql = NULL;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project"), ==, 8);

  /* Each ЦИПП (ОЭП) status has its project: same organisation, its topic,
   * its period (NULL where the status has none), no invented goal. */
  for (guint i = 0; i < G_N_ELEMENTS (cipp); i++)
    {
      g_autofree char *check = g_strdup_printf (
        "SELECT count(*) FROM project p"
        " JOIN innovation_status s ON s.id = p.status_id"
        " JOIN status_kind k ON k.id = s.kind_id"
        " JOIN organisation o ON o.id = p.organisation_id"
        " WHERE k.short_name = 'Центр ИПП (ОЭП)' AND s.organisation_id = p.organisation_id"
        " AND o.number = '%s' AND o.district = 'Красносельский'"
        " AND p.topic = '%s' AND s.topic = p.topic"
        " AND p.period_start IS s.valid_from AND p.period_end IS s.valid_to"
        " AND p.goal = '' AND p.tasks = ''", cipp[i].number, cipp[i].topic);

      if (query_int (db, check) != 1)
        g_test_message ("project of %s", cipp[i].number);
      g_assert_cmpint (query_int (db, check), ==, 1);
    }
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT p.status_id) FROM project p"
                                  " JOIN innovation_status s ON s.id = p.status_id"
                                  " JOIN status_kind k ON k.id = s.kind_id WHERE k.short_name = 'Центр ИПП (ОЭП)'"), ==, 7);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project WHERE period_start = '2023-01-01'"
                                  " AND period_end = '2024-12-31'"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project WHERE period_start IS NULL AND period_end IS NULL"), ==, 2);

  /* Reference 001: another district's organisation, «Иная», without its
   * status (another district's). */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM organisation o JOIN org_type t ON t.id = o.type_id"
                                  " WHERE o.short_name = 'ДДТ НМО' AND t.short_name = 'Иная'"
                                  " AND o.district = 'Новокузнецкий муниципальный округ'"
                                  " AND o.notes LIKE '%001%'"), ==, 1);
  /* its status is another district's: not in this district's database */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM innovation_status WHERE organisation_id ="
                                  " (SELECT id FROM organisation WHERE short_name = 'ДДТ НМО')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project p"
                                  " WHERE p.organisation_id = (SELECT id FROM organisation WHERE short_name = 'ДДТ НМО')"
                                  " AND p.status_id IS NULL"
                                  " AND p.period_start = '2022-03-01' AND p.period_end = '2025-05-31'"
                                  " AND p.topic LIKE 'Методическое и информационное сопровождение%'"
                                  " AND p.goal LIKE 'Осуществление методического и информационного сопровождения%'"
                                  " AND p.notes LIKE '%месяц%'"), ==, 1);
  /* Six tasks, one a line, without their numbers. */
  sql = g_strdup_printf ("SELECT length(tasks) - length(replace(tasks, char(10), '')) + 1 FROM project WHERE id = %s", other);
  g_assert_cmpint (query_int (db, sql), ==, 6);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM project WHERE id = %s AND (tasks GLOB '[0-9]*' OR tasks LIKE '%%' || char(10) || '_.%%')", other);
  g_assert_cmpint (query_int (db, sql), ==, 0);
  g_clear_pointer (&sql, g_free);

  /* Its first (preparatory) stage, March 2022 – May 2023. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_stage"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_stage WHERE position = 1"
                                  " AND period_start = '2022-03-01' AND period_end = '2023-05-31'"
                                  " AND title LIKE '%подготовительный%'"), ==, 1);

  /* Every dated activity (03.03, 04.03, 23.03, 22.04, 04.05 and 02.11.2022),
   * in the stage, the academic year following from the date; and the
   * undated consultations and round tables, in the year of the stage's
   * report. */
  sql = g_strdup_printf ("SELECT count(*) FROM project_activity WHERE project_id = %s", other);
  g_assert_cmpint (query_int (db, sql), ==, 8);
  g_clear_pointer (&sql, g_free);
  {
    g_autofree char *dates = query_column (db, "SELECT date FROM project_activity WHERE date IS NOT NULL ORDER BY date", ",");
    g_assert_cmpstr (dates, ==, "2022-03-03,2022-03-04,2022-03-23,2022-04-22,2022-05-04,2022-11-02");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity WHERE date IS NULL AND academic_year = 2022"), ==, 2);
  /* Their kinds as the source names them; audiences where it names them. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity a JOIN event_kind k ON k.id = a.kind_id"
                                  " WHERE k.name = 'Семинар' AND a.title LIKE 'Семинар%'"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity a JOIN event_kind k ON k.id = a.kind_id"
                                  " WHERE k.name IN ('Консультация', 'Круглый стол') AND a.date IS NULL"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity WHERE audience_id IS NOT NULL"), ==, 3);
  /* The consultations name the four schools, each of another district. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity_member m"
                                  " JOIN project_activity a ON a.id = m.activity_id"
                                  " JOIN organisation o ON o.id = m.organisation_id"
                                  " WHERE a.title LIKE 'Индивидуальные консультации%'"
                                  " AND o.district = 'Новокузнецкий муниципальный округ'"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity WHERE stage_id IS NULL"
                                  " OR academic_year <> CAST(strftime('%Y', date) AS INTEGER)"
                                  "    - (CAST(strftime('%m', date) AS INTEGER) < 9)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_activity WHERE title LIKE 'Семинар%'"), ==, 4);

  /* The stage's six results, three with their links. */
  sql = g_strdup_printf ("SELECT count(*) FROM project_result WHERE project_id = %s AND stage_id IS NOT NULL", other);
  g_assert_cmpint (query_int (db, sql), ==, 6);
  g_clear_pointer (&sql, g_free);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_result WHERE link LIKE 'https://disk.yandex.ru/%'"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_result WHERE link <> ''"
                                  " AND link NOT LIKE 'https://disk.yandex.ru/%'"), ==, 0);
  /* Each result with a link is a product of the site's organisation, the
   * same link, outside the district's product bank. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_result r"
                                  " JOIN innovation_product p ON p.id = r.product_id AND p.link = r.link"
                                  " JOIN product_author a ON a.product_id = p.id"
                                  " JOIN organisation o ON o.id = a.organisation_id AND o.short_name = 'ДДТ НМО'"
                                  " WHERE p.in_bank = 0 AND p.academic_year = r.academic_year"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_result WHERE link = '' AND product_id IS NOT NULL"), ==, 0);

  /* The district's projects have no stages, activities or results: the
   * reference gives none. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM project_stage WHERE project_id <> "
                                  "(SELECT id FROM project WHERE organisation_id = (SELECT id FROM organisation WHERE short_name = 'ДДТ НМО'))"), ==, 0);
}

/* Rating: only what the reference states ---------------------------------------- */

/* Reference 002 names the leaders of the rating and those who improved, in
 * words, with no indicators and no points: nothing invented is stored, and
 * the words are the narrative's. */
static void
test_rating (void)
{
  sqlite3 *db = sample_db ();

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM rating_indicator"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM rating_value"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE section = 'expert-rating'"
                                  " AND academic_year = 2022"
                                  " AND text LIKE 'Стабильно высокую инновационную активность проявляют лицей № 590, школа № 509,%'"
                                  " AND text LIKE '%Улучшили свои позиции в рейтинге школы №№ 167, 237, 383,%'"), ==, 1);
}

/* Narratives: the user's paragraphs of each section ---------------------------- */

/* The sample's texts, in the places the annual report's template keeps
 * for them: those of the old layout (after a section's tables) and those
 * before the tables, split where reference 002 splits them. */
static const char * const narrative_sections[] = {
  "dpp-programmes-intro", "dpp-programmes", "dpp-curation", "support", "info-meetings-intro",
  "info-meetings", "info-website", "info-press", "coordination-sites-intro", "coordination-sites",
  "coordination-network-intro", "coordination-network", "organisation-events-conferences",
  "organisation-events-seminars", "organisation-events-internships", "organisation-events",
  "subjects-competitions", "subjects-forum", "subjects-status", "contests-status",
  "contests-products-intro", "contests-products-table", "contests-products", "expert-council",
  "expert-expertise", "expert-studies", "expert-rating-intro", "expert-rating",
  "resources-content-intro", "resources-content", "resources-modules-intro", "resources-modules",
  "resources-bank-intro", "resources-bank", "resources-publications-intro",
  "resources-publications", "next-year",
};

static void
test_narratives (void)
{
  sqlite3 *db = sample_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) report = annalist_documents_open (shared_store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
  const AnnalistTextSlot *slots;
  guint n_slots = 0;

  g_assert_no_error (error);
  slots = annalist_template_get_text_slots (report, &n_slots);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative"), ==, G_N_ELEMENTS (narrative_sections));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE academic_year <> 2022"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (narrative_sections); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM report_narrative WHERE academic_year = 2022"
        " AND section = '%s' AND length(trim(text)) > 0", narrative_sections[i]);
      gboolean slot = FALSE;

      if (query_int (db, sql) != 1)
        g_test_message ("narrative of %s", narrative_sections[i]);
      g_assert_cmpint (query_int (db, sql), ==, 1);

      /* The report has a place for each. */
      for (guint k = 0; k < n_slots; k++)
        slot |= g_str_equal (slots[k].key, narrative_sections[i]);
      if (!slot)
        g_test_message ("the annual report has no {{text \"%s\"}}", narrative_sections[i]);
      g_assert_true (slot);
    }

  /* No typed-in figure that the records contradict: the records give
   * 34,4 %, not 35,2 %; 13 organisations in «Импульс», not 15; the
   * internships' 377 people are a figure of the year, not words. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE text LIKE '%35,2%'"
                                  " OR text LIKE '%35.2%' OR text LIKE '%377%'"
                                  " OR text LIKE '%15 образовательных организаций%'"
                                  " OR text LIKE '%109 образовательных%'"), ==, 0);
  /* Paragraphs separated by one blank line, no markup, no loose ends. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE text LIKE '%' || char(10) || char(10) || char(10) || '%'"
                                  " OR text LIKE '%<%' OR text <> trim(text, ' ' || char(10))"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE section = 'coordination-sites'"
                                  " AND text LIKE '%' || char(10) || char(10) || 'Динамика вовлечённости%'"), ==, 1);
  /* What the reference says before the table is in the place before it. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report_narrative WHERE section LIKE '%-intro'"
                                  " AND (text LIKE '%представлены в таблице.' OR text LIKE '%В таблице представлены%')"), ==, 2);
}

/* Creation ------------------------------------------------------------------------------ */

static void
test_refuses_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-sample-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_no_error (error);
  path = g_build_filename (dir, "sample.db", NULL);

  g_assert_true (annalist_sample_create (path, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &before_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (before_len, >, 0);

  /* A second creation on the same path fails and leaves the file alone. */
  g_assert_false (annalist_sample_create (path, 1, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &after, &after_len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Nor for an unrelated existing file. */
  {
    g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_set_contents (other, "не база данных", -1, &error));
    g_assert_no_error (error);
    g_assert_false (annalist_sample_create (other, 1, &error));
    g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (other, &text, NULL, &error));
    g_assert_cmpstr (text, ==, "не база данных");
  }

  remove_tree (dir);
}

static void
test_scale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-sample-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  gint64 base, scaled;

  g_assert_no_error (error);
  path = g_build_filename (dir, "scaled.db", NULL);

  base = query_int (sample_db (), "SELECT count(*) FROM event");
  g_assert_cmpint (base, >, 0);

  g_assert_true (annalist_sample_create (path, 3, &error));
  g_assert_no_error (error);
  store = annalist_store_open (path, &error);
  g_assert_no_error (error);

  scaled = query_int (annalist_store_get_db (store), "SELECT count(*) FROM event");
  g_assert_cmpint (scaled, >=, 3 * base);
  /* The copies are as valid as the original. */
  {
    g_autofree char *fk = query_column (annalist_store_get_db (store), "PRAGMA foreign_key_check", "\n");
    g_autofree char *integrity = query_column (annalist_store_get_db (store), "PRAGMA integrity_check", "\n");

    g_assert_cmpstr (fk, ==, "");
    g_assert_cmpstr (integrity, ==, "ok");
  }

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sample/integrity", test_integrity);
  g_test_add_func ("/sample/settings", test_settings);
  g_test_add_func ("/sample/organisations", test_organisations);
  g_test_add_func ("/sample/statuses", test_statuses);
  g_test_add_func ("/sample/programmes", test_programmes);
  g_test_add_func ("/sample/meetings", test_meetings);
  g_test_add_func ("/sample/conferences", test_conferences);
  g_test_add_func ("/sample/seminars-internships", test_seminars_and_internships);
  g_test_add_func ("/sample/network-projects", test_network_projects);
  g_test_add_func ("/sample/impulse", test_impulse);
  g_test_add_func ("/sample/other-competitions", test_other_competitions);
  g_test_add_func ("/sample/expertise-resources", test_expertise_and_resources);
  g_test_add_func ("/sample/history", test_history);
  g_test_add_func ("/sample/years-with-records", test_years_with_records);
  g_test_add_func ("/sample/tasks", test_tasks);
  g_test_add_func ("/sample/plan", test_plan);
  g_test_add_func ("/sample/projects", test_projects);
  g_test_add_func ("/sample/rating", test_rating);
  g_test_add_func ("/sample/narratives", test_narratives);
  g_test_add_func ("/sample/refuses-existing", test_refuses_existing);
  g_test_add_func ("/sample/scale", test_scale);

  status = g_test_run ();

  g_clear_object (&shared_store);
  remove_tree (shared_dir);
  g_free (shared_dir);
  g_free (shared_path);
  return status;
}
