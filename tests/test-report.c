/* test-report.c — the annual report exporter
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports the sample district and an empty database to .odt and .fodt,
 * validates every XML part against the ODF 1.3 schema with jing, checks
 * what the schema cannot (cells per row, one header group, the mimetype
 * entry) and checks the report's figures against the records with SQL of
 * its own. Then hostile text, the settings and the command line's errors.
 */

#define G_LOG_DOMAIN "test-report"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sqlite3.h>

#include "annalist-odf.h"
#include "annalist-report.h"
#include "annalist-sample.h"
#include "annalist-store.h"
#include "odf-check.h"

#ifndef ANNALIST_BIN
# error "ANNALIST_BIN must be the path of the built application"
#endif


#define YEAR ANNALIST_SAMPLE_YEAR





/* ------------------------------------------------------------------ */
/* Report helpers                                                      */
/* ------------------------------------------------------------------ */

static char *
create_sample (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "sample.db", NULL);

  g_assert_true (annalist_sample_create (path, 1, &error));
  g_assert_no_error (error);
  return path;
}

static void
export (const char *db,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_open (db, &error);

  g_assert_no_error (error);
  g_assert_true (annalist_report_export (store, YEAR, path, &error));
  g_assert_no_error (error);
}

/* The text as a reader sees it: without the word joiners the exporter
 * puts in for line breaking, no-break spaces as spaces. */
static char *
plain (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2060)
        continue;
      g_string_append_unichar (out, c == 0x00A0 ? ' ' : c);
    }
  return g_string_free (out, FALSE);
}

static char *
cell_text (xmlDocPtr   doc,
           const char *expr)
{
  g_autofree char *raw = xpath_string (doc, expr);

  return plain (raw);
}

/* XPath of the table whose caption contains @caption. */
static char *
table_xpath (const char *caption)
{
  return g_strdup_printf ("//table:table[contains(preceding-sibling::text:p[1], '%s')]", caption);
}

static gint64
sql_int (const char *db,
         const char *sql)
{
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

static GPtrArray *
sql_strings (const char *db,
             const char *sql)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *conn;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return list;
}

static void
sql_exec (const char *db,
          const char *sql)
{
  sqlite3 *conn;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  if (sqlite3_exec (conn, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (conn);
}

/* «35,2 %», «50 %», written independently of the exporter. */
static char *
expected_percent (gint64 count,
                  gint64 total)
{
  char buf[32];
  double value = 100.0 * count / total;
  char *comma;

  g_snprintf (buf, sizeof buf, "%.1f", value);
  if (g_str_has_suffix (buf, ".0"))
    buf[strlen (buf) - 2] = '\0';
  comma = strchr (buf, '.');
  if (comma != NULL)
    *comma = ',';
  return g_strdup_printf ("%s %%", buf);
}

static xmlDocPtr
parse_file (const char *path)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);

  if (doc == NULL)
    g_error ("%s is not well-formed XML", path);
  return doc;
}

/* The package: mimetype first at byte 30, stored, its media type at byte
 * 38; every part well-formed and valid; the tables sound. Returns the
 * content.xml, parsed. */
static xmlDocPtr
check_odt (const char *path,
           const char *dir)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) parts = read_zip (path, &order);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) manifest_file = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *unpacked = g_strconcat (path, ".parts", NULL);
  xmlDocPtr content;

  check_package_layout (path);
  g_assert_cmpstr (g_ptr_array_index (order, 0), ==, "mimetype");

  g_assert_cmpint (g_mkdir_with_parents (unpacked, 0755), ==, 0);
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      GBytes *bytes = g_hash_table_lookup (parts, name);

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      xmlFreeDoc (parse_bytes (bytes, name));
      write_part (unpacked, name, bytes, g_str_equal (name, "META-INF/manifest.xml") ? manifest_file : files);
    }
  g_ptr_array_add (files, NULL);
  g_ptr_array_add (manifest_file, NULL);

  if (have_jing ())
    {
      assert_valid (SCHEMA, (const char * const *) files->pdata);
      assert_valid (MANIFEST, (const char * const *) manifest_file->pdata);
    }

  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  check_tables (content);
  return content;
}

static xmlDocPtr
check_fodt (const char *path)
{
  xmlDocPtr doc = parse_file (path);

  check_tables (doc);
  if (have_jing ())
    assert_valid (SCHEMA, (const char * const []) { path, NULL });
  return doc;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void
test_sections (void)
{
  guint n = 0;
  const AnnalistReportSection *sections = annalist_report_get_sections (&n);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpstr (sections[0].number, ==, "1");
  g_assert_cmpstr (sections[n - 1].number, ==, "4");
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (sections[i].id);
      g_assert_nonnull (sections[i].title);
      g_assert_false (g_hash_table_contains (ids, sections[i].id));
      g_hash_table_add (ids, (gpointer) sections[i].id);
    }
  g_assert_true (g_hash_table_contains (ids, "coordination-sites"));
}

/* The figures of the sample's report against the records. */
static void
check_sample_figures (xmlDocPtr   doc,
                      const char *db)
{
  g_autofree char *programmes = table_xpath ("Дополнительные профессиональные программы");
  g_autofree char *summary = table_xpath ("имеющих инновационный статус (на");
  g_autofree char *expr = NULL;
  g_autofree char *text = NULL;
  g_autofree char *all_text = NULL;
  gint64 trained, hours;
  static const char * const types[] = { "ДОУ", "ООУ", "УДО" };
  const char *valid = "(s.valid_from IS NULL OR s.valid_from <= '2023-01-01') "
                      "AND (s.valid_to IS NULL OR s.valid_to >= '2023-01-01')";

  /* The whole document: the title page, every section of reference 002. */
  all_text = cell_text (doc, "//office:text");
  g_assert_nonnull (strstr (all_text, "УТВЕРЖДАЮ"));
  g_assert_nonnull (strstr (all_text, "за 2022-2023 учебный год"));
  g_assert_nonnull (strstr (all_text, "Администрация Красносельского района Санкт-Петербурга"));
  g_assert_nonnull (strstr (all_text, "1. Краткий анализ решения задач ИМЦ"));
  g_assert_nonnull (strstr (all_text, "3.2.1. Научно-методическое сопровождение"));
  g_assert_nonnull (strstr (all_text, "3.7.4. Разработка методических рекомендаций"));
  g_assert_nonnull (strstr (all_text, "4. Определение задач"));
  g_assert_cmpfloat (xpath_number (doc, "count(//text:table-of-content)"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//draw:object)"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table)"), >=, 20);

  /* Programmes: the totals row is the sum of the records. */
  trained = sql_int (db, "SELECT SUM (trained) FROM programme WHERE academic_year = 2022");
  hours = sql_int (db, "SELECT SUM (hours) FROM programme WHERE academic_year = 2022");
  g_assert_cmpint (trained, ==, 148);
  expr = g_strdup_printf ("string((%s//table:table-row)[last()]/table:table-cell[5])", programmes);
  text = cell_text (doc, expr);
  g_assert_cmpint (g_ascii_strtoll (text, NULL, 10), ==, trained);
  g_clear_pointer (&expr, g_free);
  g_clear_pointer (&text, g_free);
  expr = g_strdup_printf ("string((%s//table:table-row)[last()]/table:table-cell[2])", programmes);
  text = cell_text (doc, expr);
  g_assert_cmpint (g_ascii_strtoll (text, NULL, 10), ==, hours);
  g_clear_pointer (&expr, g_free);
  g_clear_pointer (&text, g_free);
  expr = g_strdup_printf ("count(%s//table:table-row)", programmes);
  g_assert_cmpfloat (xpath_number (doc, expr), ==,
                     1 + 1 + sql_int (db, "SELECT COUNT (*) FROM programme WHERE academic_year = 2022"));
  g_clear_pointer (&expr, g_free);

  /* The infrastructure summary: each type's count and share. */
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *count_sql = g_strdup_printf (
        "SELECT COUNT (DISTINCT o.id) FROM innovation_status s JOIN organisation o ON o.id = s.organisation_id "
        "JOIN org_type t ON t.id = o.type_id WHERE t.short_name = '%s' AND o.active = 1 AND %s",
        types[t], valid);
      g_autofree char *total_sql = g_strdup_printf (
        "SELECT COUNT (*) FROM organisation o JOIN org_type t ON t.id = o.type_id "
        "WHERE t.short_name = '%s' AND o.active = 1", types[t]);
      gint64 count = sql_int (db, count_sql);
      gint64 total = sql_int (db, total_sql);
      g_autofree char *share = expected_percent (count, total);
      g_autofree char *row = g_strdup_printf ("%s//table:table-row[normalize-space(table:table-cell[1]) = '%s']",
                                              summary, types[t]);
      g_autofree char *count_expr = g_strdup_printf ("string(%s/table:table-cell[last()-1])", row);
      g_autofree char *share_expr = g_strdup_printf ("string(%s/table:table-cell[last()])", row);
      g_autofree char *count_text = cell_text (doc, count_expr);
      g_autofree char *share_text = cell_text (doc, share_expr);

      g_assert_cmpint (total, >, 0);
      g_assert_cmpint (g_ascii_strtoll (count_text, NULL, 10), ==, count);
      g_assert_cmpstr (share_text, ==, share);
    }

  /* The total share, and the summary's cells: the numbers of the
   * kindergartens that are district internship sites. */
  {
    gint64 count = sql_int (db,
      "SELECT COUNT (DISTINCT o.id) FROM innovation_status s JOIN organisation o ON o.id = s.organisation_id "
      "JOIN org_type t ON t.id = o.type_id WHERE t.counted = 1 AND o.active = 1 AND "
      "(s.valid_from IS NULL OR s.valid_from <= '2023-01-01') AND (s.valid_to IS NULL OR s.valid_to >= '2023-01-01')");
    gint64 total = sql_int (db,
      "SELECT COUNT (*) FROM organisation o JOIN org_type t ON t.id = o.type_id WHERE t.counted = 1 AND o.active = 1");
    g_autofree char *share = expected_percent (count, total);
    g_autofree char *total_expr = g_strdup_printf ("string((%s//table:table-row)[last()]/table:table-cell[last()])", summary);
    g_autofree char *total_text = cell_text (doc, total_expr);
    g_autofree char *cell_expr = NULL;
    g_autofree char *cell = NULL;
    g_autoptr(GPtrArray) numbers = sql_strings (db,
      "SELECT DISTINCT o.number FROM innovation_status s JOIN organisation o ON o.id = s.organisation_id "
      "JOIN org_type t ON t.id = o.type_id JOIN status_kind k ON k.id = s.kind_id "
      "WHERE t.short_name = 'ДОУ' AND k.short_name = 'Центр ИПП (РСП)' AND o.active = 1 AND "
      "(s.valid_from IS NULL OR s.valid_from <= '2023-01-01') AND (s.valid_to IS NULL OR s.valid_to >= '2023-01-01')");
    g_auto(GStrv) shown = NULL;
    guint n_columns_before;

    g_assert_cmpstr (total_text, ==, share);

    n_columns_before = 0;
    for (guint c = 1; c <= 12; c++)
      {
        g_autofree char *h_expr = g_strdup_printf ("string(%s//table:table-header-rows/table:table-row/table:table-cell[%u])",
                                                   summary, c);
        g_autofree char *h = cell_text (doc, h_expr);

        if (g_str_equal (h, "Центр ИПП (РСП)"))
          n_columns_before = c;
      }
    g_assert_cmpuint (n_columns_before, >, 1);
    cell_expr = g_strdup_printf ("string(%s//table:table-row[normalize-space(table:table-cell[1]) = 'ДОУ']"
                                 "/table:table-cell[%u])", summary, n_columns_before);
    cell = cell_text (doc, cell_expr);
    shown = g_strsplit (cell, ", ", -1);
    g_assert_cmpuint (g_strv_length (shown), ==, numbers->len);
    g_assert_cmpuint (numbers->len, >=, 4);
    for (guint i = 0; i < numbers->len; i++)
      g_assert_true (g_strv_contains ((const char * const *) shown, g_ptr_array_index (numbers, i)));
  }

  /* The dynamics reach back to the historical figures; the sentence
   * quotes the two years before this one. */
  g_assert_nonnull (strstr (all_text, "26 % – в 2021-2022 учебном году"));
  g_assert_nonnull (strstr (all_text, "15 % – в 2020-2021 учебном году"));
  g_assert_nonnull (strstr (all_text, "2018-2019"));

  /* Meetings: the lower-bound mark; dates ДД.ММ.ГГГГ. */
  g_assert_nonnull (strstr (all_text, "Более 100 чел."));
  g_assert_nonnull (strstr (all_text, "15.09.2022"));
  g_assert_nonnull (strstr (all_text, "55 чел."));

  /* Presenting organisations grouped; contest entries by nomination. */
  g_assert_nonnull (strstr (all_text, "Детские сады №№ 26, 35, 73, 78"));
  g_assert_nonnull (strstr (all_text, "авторский коллектив детского сада № 56 – онлайн-платформа «Дистанционное обучение»"));
  g_assert_nonnull (strstr (all_text, "В номинации «Инновации в области воспитания» – 7 участников:"));

  /* Expertise: the total of the conclusions. */
  {
    g_autofree char *t = table_xpath ("Экспертиза процессов");
    g_autofree char *e = g_strdup_printf ("string((%s//table:table-row)[last()]/table:table-cell[2])", t);
    g_autofree char *v = cell_text (doc, e);

    g_assert_cmpint (g_ascii_strtoll (v, NULL, 10), ==,
                     sql_int (db, "SELECT SUM (conclusions) FROM expertise WHERE academic_year = 2022"));
  }

  /* The rating, when the year has values: one row an organisation rated,
   * one a type. */
  if (sql_int (db, "SELECT COUNT (*) FROM rating_value WHERE academic_year = 2022") > 0)
    {
      g_autofree char *t = table_xpath ("Рейтинг инновационной активности");
      g_autofree char *e = g_strdup_printf ("count(%s//table:table-row)", t);
      gint64 rated = sql_int (db, "SELECT COUNT (DISTINCT organisation_id) FROM rating_value WHERE academic_year = 2022");

      g_assert_cmpfloat (xpath_number (doc, e), >, rated);
    }

  /* The user's narratives, under their sections. */
  {
    g_autoptr(GPtrArray) narratives = sql_strings (db,
      "SELECT substr (text, 1, 40) FROM report_narrative WHERE academic_year = 2022 "
      "AND instr (substr (text, 1, 40), char (10)) = 0 AND instr (substr (text, 1, 40), '  ') = 0");

    for (guint i = 0; i < narratives->len; i++)
      g_assert_nonnull (strstr (all_text, g_ptr_array_index (narratives, i)));
  }
}

/* Words are hyphenated by the office suite (the styles ask for it, in
 * Russian), not by soft hyphens in the text. */
static void
assert_no_soft_hyphens (xmlDocPtr doc)
{
  xmlChar *text = xmlNodeGetContent (xmlDocGetRootElement (doc));

  g_assert_nonnull (text);
  g_assert_null (strstr ((const char *) text, "\u00AD"));
  xmlFree (text);
}

static void
test_sample (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autofree char *odt = g_build_filename (fixture->dir, "отчёт.odt", NULL);
  g_autofree char *fodt = g_build_filename (fixture->dir, "отчёт.fodt", NULL);
  xmlDocPtr doc;

  export (db, odt);
  export (db, fodt);

  doc = check_odt (odt, fixture->dir);
  check_sample_figures (doc, db);
  assert_no_soft_hyphens (doc);
  xmlFreeDoc (doc);

  doc = check_fodt (fodt);
  check_sample_figures (doc, db);
  assert_no_soft_hyphens (doc);
  xmlFreeDoc (doc);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autofree char *odt = g_build_filename (fixture->dir, "empty.odt", NULL);
  g_autofree char *fodt = g_build_filename (fixture->dir, "empty.fodt", NULL);
  g_autofree char *omitted = g_build_filename (fixture->dir, "omitted.fodt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_create (db, &error);
  xmlDocPtr doc;

  g_assert_no_error (error);
  g_assert_false (annalist_report_year_has_records (store, YEAR));
  g_clear_object (&store);

  export (db, odt);
  export (db, fodt);
  xmlFreeDoc (check_odt (odt, fixture->dir));
  doc = check_fodt (fodt);
  text = cell_text (doc, "//office:text");
  g_assert_nonnull (strstr (text, "Сведения за 2022-2023 учебный год не внесены."));
  g_assert_nonnull (strstr (text, "4. Определение задач"));
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table)"), ==, 0);
  xmlFreeDoc (doc);
  g_clear_pointer (&text, g_free);

  /* The setting leaves sections without records out. */
  sql_exec (db, "INSERT INTO setting (key, value) VALUES ('report_empty_sections', 'omit')");
  export (db, omitted);
  doc = check_fodt (omitted);
  text = cell_text (doc, "//office:text");
  g_assert_null (strstr (text, "не внесены"));
  g_assert_cmpfloat (xpath_number (doc, "count(//text:h)"), ==, 0);
  xmlFreeDoc (doc);
}

#define HOSTILE "ctl\x01\x0b\x1f <b>&amp; ]]> \"q\" 'a' «ёлочки» emoji 😀🇷🇺 bad\xff\xfe( end"

static void
test_hostile (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autofree char *odt = g_build_filename (fixture->dir, "hostile.odt", NULL);
  g_autofree char *fodt = g_build_filename (fixture->dir, "hostile.fodt", NULL);
  g_autoptr(GString) long_word = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *text = NULL;
  xmlDocPtr doc;
  sqlite3 *conn;
  sqlite3_stmt *stmt;
  static const char * const inserts[] = {
    "INSERT INTO year_task (academic_year, position, task, results, problems) VALUES (2022, 9, ?1, ?1, ?1)",
    "INSERT INTO programme (academic_year, title, hours, period_text, trained, funding_note, recognitions) "
    "VALUES (2022, ?1, 10, ?1, 1, ?1, ?1)",
    "INSERT INTO network_project (academic_year, topic, manager, support) VALUES (2022, ?1, ?1, ?1)",
    "INSERT INTO network_project (academic_year, topic, ran, not_ran_reason) VALUES (2022, ?1, 0, ?1)",
    "INSERT INTO study (academic_year, topic, method, outcome) VALUES (2022, ?1, ?1, ?1)",
    "INSERT INTO next_year_task (academic_year, task) VALUES (2022, ?1)",
    "INSERT OR REPLACE INTO report_narrative (academic_year, section, text) VALUES (2022, 'tasks', ?1)",
    "INSERT OR REPLACE INTO setting (key, value) VALUES ('head_name', ?1)",
    "UPDATE organisation SET short_name = ?1 || ' № 26' WHERE number = '26'",
  };

  for (guint i = 0; i < 3000; i++)
    g_string_append_c (long_word, i % 2 ? 'x' : 'y');
  g_string_append_printf (sql, "%s %s\n\nвторая строка", HOSTILE, long_word->str);

  /* Bound as blobs-as-text: invalid UTF-8 goes in as the user pasted it. */
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (conn, inserts[i], -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, sql->str, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (conn);

  export (db, odt);
  export (db, fodt);
  xmlFreeDoc (check_odt (odt, fixture->dir));
  doc = check_fodt (fodt);
  text = cell_text (doc, "//office:text");
  g_assert_nonnull (strstr (text, "<b>&amp; ]]>"));
  g_assert_nonnull (strstr (text, "😀"));
  g_assert_nonnull (strstr (text, "вторая строка"));
  xmlFreeDoc (doc);
}

static void
test_setting_year_separator (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autofree char *fodt = g_build_filename (fixture->dir, "slash.fodt", NULL);
  g_autofree char *text = NULL;
  xmlDocPtr doc;

  sql_exec (db, "INSERT OR REPLACE INTO setting (key, value) VALUES ('report_year_separator', '/'), "
                "('report_margin_left_mm', '25'), ('report_font_size_pt', 'не число')");
  export (db, fodt);
  doc = check_fodt (fodt);
  text = cell_text (doc, "//office:text");
  g_assert_nonnull (strstr (text, "за 2022/2023 учебный год"));
  g_assert_nonnull (strstr (text, "Решение задач ИМЦ в 2022/2023 учебном году"));
  g_assert_null (strstr (text, "Решение задач ИМЦ в 2022-2023 учебном году"));
  /* A number setting is used; one that is not a number falls back. */
  g_assert_cmpfloat (xpath_number (doc, "count(//style:page-layout-properties[@fo:margin-left='2.500cm'])"), >=, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//style:page-layout-properties[@fo:margin-left='3.000cm'])"), ==, 0);
  xmlFreeDoc (doc);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  if (!annalist_report_export_finish (ANNALIST_STORE (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autofree char *odt = g_build_filename (fixture->dir, "async.odt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) result = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_open (db, &error);

  g_assert_no_error (error);
  annalist_report_export_async (store, YEAR, odt, NULL, export_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS); /* the marker of success */
  xmlFreeDoc (check_odt (odt, fixture->dir));
}

/* Runs the application; returns its exit status and stderr. */
static int
run_cli (const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_ptr_array_add (argv, (char *) ANNALIST_BIN);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
  return 0;
}

static void
assert_fails (const char * const *args,
              const char         *output)
{
  g_autofree char *err = NULL;
  int status = run_cli (args, &err);
  const char *newline;

  g_assert_cmpint (status, !=, 0);
  /* One sentence on one line. */
  g_assert_nonnull (err);
  newline = strchr (err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_true (g_str_has_suffix (err, ".\n"));
  g_test_message ("%s", err);

  if (output != NULL && !g_file_test (output, G_FILE_TEST_IS_DIR))
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "cli.odt", NULL);
  g_autofree char *flat = g_build_filename (fixture->dir, "cli.fodt", NULL);
  g_autofree char *database = g_strconcat ("--database=", db, NULL);
  g_autofree char *database_missing = g_strconcat ("--database=", missing, NULL);
  g_autofree char *output = g_strconcat ("--output=", out, NULL);
  g_autofree char *output_flat = g_strconcat ("--output=", flat, NULL);
  g_autofree char *output_dir = g_strconcat ("--output=", fixture->dir, NULL);
  g_autofree char *err = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Success: silent, exit 0, both formats, both ways of writing the year. */
  g_assert_cmpint (run_cli ((const char * const []) { database, "--export-report=2022-2023", output, NULL }, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char * const []) { database, "--export-report=2022/2023", output_flat, NULL }, &err), ==, 0);
  g_assert_true (g_file_test (flat, G_FILE_TEST_IS_REGULAR));
  g_unlink (out);
  g_unlink (flat);

  assert_fails ((const char * const []) { database, "--export-report=2099-2100", output, NULL }, out);
  assert_fails ((const char * const []) { database, "--export-report=двадцать", output, NULL }, out);
  assert_fails ((const char * const []) { database_missing, "--export-report=2022-2023", output, NULL }, out);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  assert_fails ((const char * const []) { database, "--export-report=2022-2023", "--output=/nonexistent-dir/r.odt", NULL },
                "/nonexistent-dir/r.odt");
  assert_fails ((const char * const []) { database, "--export-report=2022-2023", output_dir, NULL }, NULL);
  assert_fails ((const char * const []) { database, "--export-report=2022-2023", NULL }, NULL);

  /* Nothing left behind: no partial file, no temporary file. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_str_has_prefix (name, "sample.db"));
}

/* The window shows each section's heading as the report prints it. */
static void
test_section_headings (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *db = create_sample (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_open (db, &error);
  const AnnalistReportSection *sections;
  gboolean found = FALSE;
  guint n = 0;

  g_assert_no_error (error);
  sections = annalist_report_get_sections (&n);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *heading = annalist_report_section_heading (store, YEAR, &sections[i]);
      g_autofree char *numbered = g_strconcat (sections[i].number, ". ", NULL);

      /* «1. Краткий анализ…», as the report prints it. */
      g_assert_true (g_str_has_prefix (heading, numbered));
      g_assert_null (strchr (heading, '{'));
      if (strstr (sections[i].title, "{org}") != NULL)
        {
          g_assert_nonnull (strstr (heading, "ИМЦ"));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/sections", test_sections);
  g_test_add ("/report/section-headings", Fixture, NULL, fixture_set_up, test_section_headings,
              fixture_tear_down);
  g_test_add ("/report/sample", Fixture, NULL, fixture_set_up, test_sample, fixture_tear_down);
  g_test_add ("/report/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/report/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/report/settings", Fixture, NULL, fixture_set_up, test_setting_year_separator, fixture_tear_down);
  g_test_add ("/report/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/report/command-line", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
