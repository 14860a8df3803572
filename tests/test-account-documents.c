/* test-account-documents.c — an organisation's account and the register of documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in documents for a period of years, written from the sample
 * district: each is valid ODF 1.3, and what its tables hold is what the
 * records say, counted here again with SQL — an organisation's statuses,
 * projects, products, entries and events, its indicator values year by
 * year; every basis document of the period with the statuses it
 * established. A period without records says so instead of a table.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <locale.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"
#include "odf-check.h"

static char *dir;
static AnnalistStore *store;
static guint n_written;

/* Writes the built-in document @id as an .odt, checks the package and
 * its parts against the schema, and returns its content.xml. */
static xmlDocPtr
write_document (const char                   *id,
                const AnnalistDocumentParams *params)
{
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%u.odt", id, ++n_written);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *unpacked = g_strconcat (path, "-parts", NULL);
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  xmlDocPtr content;

  tmpl = annalist_documents_open (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (tmpl, store, params, path, NULL, &error));
  g_assert_no_error (error);

  check_package_layout (path);
  parts = read_zip (path, &order);
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  {
    g_autofree char *text = xpath_string (content, "string(//office:text)");
    g_assert_null (strstr (text, "{{"));
  }
  check_tables (content);
  check_cross_references (content);

  if (have_jing ())
    {
      static const char * const names[] = { "content.xml", "styles.xml", "meta.xml" };
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

      g_mkdir_with_parents (unpacked, 0700);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        write_part (unpacked, names[i], g_hash_table_lookup (parts, names[i]), files);
      g_ptr_array_add (files, NULL);
      assert_valid (SCHEMA, (const char * const *) files->pdata);
    }
  return content;
}

static gint64
sql_number (const char *sql,
            gint64      organisation)
{
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  if (organisation != 0)
    sqlite3_bind_int64 (stmt, 1, organisation);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
organisation_id (const char *short_name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM organisation WHERE short_name = '%s'", short_name);
  return sql_number (sql, 0);
}

/* The body rows of the table called @name (none if it is not there). */
static guint
body_rows (xmlDocPtr   doc,
           const char *name)
{
  g_autofree char *expr = g_strdup_printf ("count(//table:table[@table:name='%s']/table:table-row)", name);
  return (guint) xpath_number (doc, expr);
}

static gboolean
says (xmlDocPtr   doc,
      const char *sentence)
{
  g_autofree char *text = xpath_string (doc, "string(//office:text)");
  return strstr (text, sentence) != NULL;
}

/* The organisation's account ---------------------------------------------- */

/* The records of one organisation over 2015-2016 … 2022-2023. */
#define PERIOD_DATES(from, to) \
  "(" from " IS NULL OR " from " <= '2023-08-31') AND (" to " IS NULL OR " to " >= '2015-09-01')"
#define IN_PERIOD(year) year " BETWEEN 2015 AND 2022"

static void
check_account (const char *short_name)
{
  AnnalistDocumentParams params = { .period_from = 2015, .period_to = 2022 };
  const struct { const char *table; const char *sql; const char *none; } sections[] = {
    { "Statuses", "SELECT count (*) FROM innovation_status WHERE organisation_id = ?1 AND "
                  PERIOD_DATES ("valid_from", "valid_to"), "Сведений об инновационных статусах" },
    { "Projects", "SELECT count (*) FROM project WHERE organisation_id = ?1 AND "
                  PERIOD_DATES ("period_start", "period_end"), "Инновационных проектов" },
    { "Products", "SELECT count (*) FROM innovation_product p JOIN product_author a ON a.product_id = p.id "
                  "WHERE a.organisation_id = ?1 AND " IN_PERIOD ("p.academic_year"), "Инновационных продуктов" },
    { "Competitions", "SELECT count (*) FROM competition_entry e JOIN competition c ON c.id = e.competition_id "
                      "WHERE e.organisation_id = ?1 AND " IN_PERIOD ("c.academic_year"), "В конкурсах" },
    { "Publications", "SELECT count (*) FROM publication p JOIN publication_author a ON a.publication_id = p.id "
                      "WHERE a.organisation_id = ?1 AND " IN_PERIOD ("p.academic_year"), "Публикаций" },
    { "EventsOrganised", "SELECT count (*) FROM event e JOIN event_organiser o ON o.event_id = e.id "
                         "WHERE o.organisation_id = ?1 AND " IN_PERIOD ("e.academic_year"),
      "Мероприятий, проведённых организацией" },
    { "EventsPresented", "SELECT count (*) FROM event e JOIN event_presenter o ON o.event_id = e.id "
                         "WHERE o.organisation_id = ?1 AND " IN_PERIOD ("e.academic_year"),
      "Мероприятий, на которых организация представила результаты" },
  };
  xmlDocPtr doc;
  guint n_kinds = 0;

  params.organisation_id = organisation_id (short_name);
  g_assert_cmpint (params.organisation_id, >, 0);
  doc = write_document (ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY, &params);

  /* A table with a row a record, or the sentence that there are none. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gint64 n = sql_number (sections[i].sql, params.organisation_id);

      if (body_rows (doc, sections[i].table) != n)
        g_error ("%s, %s: %u rows, the records have %" G_GINT64_FORMAT,
                 short_name, sections[i].table, body_rows (doc, sections[i].table), n);
      g_assert_true (says (doc, sections[i].none) == (n == 0));
    }

  /* The indicators: a row an indicator with a value in the period, a
   * column a year, each cell the organisation's value (none: «—»). */
  {
    sqlite3_stmt *kinds = annalist_store_prepare (store,
      "SELECT k.id, k.name FROM figure_kind k WHERE k.id IN (SELECT kind_id FROM historical_figure "
      "WHERE organisation_id = ?1 AND " IN_PERIOD ("academic_year") ") ORDER BY k.position, k.name", NULL);

    sqlite3_bind_int64 (kinds, 1, params.organisation_id);
    while (sqlite3_step (kinds) == SQLITE_ROW)
      {
        gint64 kind = sqlite3_column_int64 (kinds, 0);
        g_autofree char *name_expr = g_strdup_printf ("string(//table:table[@table:name='Indicators']"
                                                      "/table:table-row[%u]/table:table-cell[1])", ++n_kinds);
        g_autofree char *name = xpath_string (doc, name_expr);

        g_assert_cmpstr (name, ==, (const char *) sqlite3_column_text (kinds, 1));
        for (int year = 2015; year <= 2022; year++)
          {
            g_autofree char *sql = g_strdup_printf ("SELECT count (*), total (value) FROM historical_figure "
                                                    "WHERE organisation_id = ?1 AND kind_id = %" G_GINT64_FORMAT
                                                    " AND academic_year = %d", kind, year);
            sqlite3_stmt *values = annalist_store_prepare (store, sql, NULL);
            g_autofree char *cell_expr = g_strdup_printf ("string(//table:table[@table:name='Indicators']"
                                                          "/table:table-row[%u]/table:table-cell[%d])",
                                                          n_kinds, 3 + year - 2015);
            g_autofree char *cell = xpath_string (doc, cell_expr);
            g_autofree char *expected = NULL;

            sqlite3_bind_int64 (values, 1, params.organisation_id);
            g_assert_cmpint (sqlite3_step (values), ==, SQLITE_ROW);
            if (sqlite3_column_int64 (values, 0) == 0)
              expected = g_strdup ("—");
            else
              {
                char buffer[G_ASCII_DTOSTR_BUF_SIZE];
                expected = g_strdelimit (g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g",
                                                                    sqlite3_column_double (values, 1))), ".", ',');
              }
            sqlite3_reset (values);
            if (g_strcmp0 (cell, expected) != 0)
              g_error ("%s, %s, %d-%d: «%s», the records say «%s»", short_name, name, year, year + 1, cell, expected);
          }
      }
    sqlite3_reset (kinds);
    g_assert_cmpuint (body_rows (doc, "Indicators"), ==, n_kinds);
    g_assert_true (says (doc, "Значения показателей организации") == (n_kinds == 0));
    /* A chart for an indicator with more than one value. */
    g_assert_cmpfloat (xpath_number (doc, "count(//draw:object)"), <=, n_kinds);
  }
  xmlFreeDoc (doc);
}

static void
test_account (void)
{
  /* School № 509: statuses, products, entries, events and the contest's
   * winners of three years; school № 383: a project too. */
  check_account ("Школа № 509");
  check_account ("Школа № 383");
  g_assert_cmpint (sql_number ("SELECT count (*) FROM historical_figure WHERE organisation_id = ?1",
                               organisation_id ("Школа № 509")), >, 1);
  g_assert_cmpint (sql_number ("SELECT count (*) FROM project WHERE organisation_id = ?1",
                               organisation_id ("Школа № 383")), >, 0);
}

static void
test_account_chart (void)
{
  AnnalistDocumentParams params = { .period_from = 2015, .period_to = 2022 };
  xmlDocPtr doc;

  params.organisation_id = organisation_id ("Школа № 509");
  doc = write_document (ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY, &params);
  /* Its three years among the contest's winners: one chart. */
  g_assert_cmpfloat (xpath_number (doc, "count(//draw:object)"), ==, 1);
  xmlFreeDoc (doc);
}

static void
test_account_empty (void)
{
  AnnalistDocumentParams params = { .period_from = 2005, .period_to = 2006 };
  xmlDocPtr doc;

  params.organisation_id = organisation_id ("Школа № 383");
  doc = write_document (ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY, &params);
  /* Statuses and projects of unknown dates belong to any period: this
   * one only, without them, has nothing to list. */
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table)"), ==,
                     (sql_number ("SELECT count (*) FROM innovation_status WHERE organisation_id = ?1 AND "
                                  "(valid_from IS NULL OR valid_from <= '2007-08-31') AND "
                                  "(valid_to IS NULL OR valid_to >= '2005-09-01')", params.organisation_id) > 0) +
                     (sql_number ("SELECT count (*) FROM project WHERE organisation_id = ?1 AND "
                                  "(period_start IS NULL OR period_start <= '2007-08-31') AND "
                                  "(period_end IS NULL OR period_end >= '2005-09-01')", params.organisation_id) > 0));
  g_assert_true (says (doc, "за 2005-2006 – 2006-2007 учебные годы"));
  g_assert_true (says (doc, "Значения показателей организации в 2005-2006 – 2006-2007 учебных годах не внесены."));
  g_assert_true (says (doc, "Публикаций в 2005-2006 – 2006-2007 учебных годах не зарегистрировано."));
  xmlFreeDoc (doc);
}

/* The register of documents ------------------------------------------------ */

static void
test_register (void)
{
  AnnalistDocumentParams params = { .period_from = 2020, .period_to = 2022 };
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  xmlDocPtr doc;
  guint row = 0;

  /* The sample names no order: the test enters three, two in the period,
   * and has them establish statuses, a network project and a plan. */
  g_assert_true (annalist_store_exec (store,
    "INSERT INTO basis_document (id, kind_id, issuer, number, date, title, link) VALUES "
    " (901, 1, 'Комитета по образованию', '1001-р', '2022-12-20', 'О присвоении статуса', 'https://example.org/1001'),"
    " (902, 2, 'администрации района', '55', '2021-05-10', 'О сетевых проектах', ''),"
    " (903, 1, 'ИМЦ', '7', '2019-01-10', 'До периода', '');"
    "UPDATE innovation_status SET document_id = 901 WHERE organisation_id IN "
    " (SELECT id FROM organisation WHERE short_name IN ('Школа № 383', 'Школа № 509'));"
    "UPDATE innovation_status SET document_id = 903 WHERE organisation_id = "
    " (SELECT id FROM organisation WHERE short_name = 'Гимназия № 505');"
    "UPDATE network_project SET document_id = 902 WHERE id = (SELECT min (id) FROM network_project);"
    "UPDATE plan SET document_id = 901 WHERE id = (SELECT min (id) FROM plan);", &error));
  g_assert_no_error (error);

  doc = write_document (ANNALIST_DOCUMENT_REGISTER, &params);
  g_assert_cmpuint (body_rows (doc, "Register"), ==,
                    sql_number ("SELECT count (*) FROM basis_document WHERE date BETWEEN '2020-09-01' AND '2023-08-31'", 0));
  g_assert_cmpuint (body_rows (doc, "Register"), ==, 2);

  /* Each document with as many statuses as refer to it. */
  stmt = annalist_store_prepare (store,
    "SELECT d.number, (SELECT count (*) FROM innovation_status s WHERE s.document_id = d.id) "
    "FROM basis_document d WHERE d.date BETWEEN '2020-09-01' AND '2023-08-31' ORDER BY d.date, d.number", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *document_expr = g_strdup_printf ("string(//table:table[@table:name='Register']"
                                                        "/table:table-row[%u]/table:table-cell[2])", ++row);
      g_autofree char *document = xpath_string (doc, document_expr);
      g_autofree char *number = g_strdup_printf ("№ %s", sqlite3_column_text (stmt, 0));
      g_autofree char *statuses_expr = g_strdup_printf (
        "count(//table:table[@table:name='Register']/table:table-row[%u]/table:table-cell[4]"
        "/text:p[not(starts-with(., 'Сетевой проект ')) and not(starts-with(., 'План ')) and . != '—'])", row);

      g_assert_nonnull (strstr (document, number));
      g_assert_cmpfloat (xpath_number (doc, statuses_expr), ==, sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (row, ==, 2);
  g_assert_true (says (doc, "Сетевой проект «"));
  g_assert_true (says (doc, "План «"));
  g_assert_false (says (doc, "До периода"));
  g_assert_true (says (doc, "Всего документов: 2."));
  xmlFreeDoc (doc);

  g_assert_true (annalist_store_exec (store,
    "UPDATE innovation_status SET document_id = NULL; UPDATE network_project SET document_id = NULL;"
    "UPDATE plan SET document_id = NULL; DELETE FROM basis_document WHERE id IN (901, 902, 903);", &error));
  g_assert_no_error (error);
}

static void
test_register_empty (void)
{
  AnnalistDocumentParams params = { .period_from = 2022, .period_to = 2022 };
  xmlDocPtr doc;

  /* The sample as it is: no reference names an order. */
  doc = write_document (ANNALIST_DOCUMENT_REGISTER, &params);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table)"), ==, 0);
  g_assert_true (says (doc, "за 2022-2023 учебный год"));
  g_assert_true (says (doc, "Документов, изданных в 2022-2023 учебном году, не зарегистрировано."));
  xmlFreeDoc (doc);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("account", &dir, &database);

  g_test_add_func ("/account-documents/account/records", test_account);
  g_test_add_func ("/account-documents/account/chart", test_account_chart);
  g_test_add_func ("/account-documents/account/empty", test_account_empty);
  g_test_add_func ("/account-documents/register/records", test_register);
  g_test_add_func ("/account-documents/register/empty", test_register_empty);

  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  return status;
}
