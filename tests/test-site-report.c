/* test-site-report.c — the built-in report of an innovation site
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site report (reference 001) of the sample's project of reference
 * 001 for 2022-2023: valid ODF, and every activity, organisation, result
 * and product of that project and year in it, as many rows as records —
 * counted here in SQL, not in the template's way. Then the other year,
 * a project with nothing recorded, an activity outside the stages, a
 * stage of another year, and the command line.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-sample.h"
#include "annalist-store.h"
#include "odf-check.h"

static char *dir;
static char *database;
static AnnalistStore *store;
static sqlite3 *db;
static gint64 project_id;
/* The styles of the document exported last. */
static xmlDocPtr styles;

static char *
path_in (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static gint64
query_int (const char *sql,
           ...)
{
  va_list ap;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  va_start (ap, sql);
  text = g_strdup_vprintf (sql, ap);
  va_end (ap);
  g_assert_cmpint (sqlite3_prepare_v2 (db, text, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The rows of @sql, each a NULL-terminated array of its columns' text
 * (NULL for NULL). */
static GPtrArray *
query_rows (const char *sql,
            ...)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  va_list ap;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = NULL;

  va_start (ap, sql);
  text = g_strdup_vprintf (sql, ap);
  va_end (ap);
  g_assert_cmpint (sqlite3_prepare_v2 (db, text, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      /* NULL is "": a NULL would end the row for g_strfreev (). */
      for (int i = 0; i < n; i++)
        row[i] = g_strdup (sqlite3_column_type (stmt, i) == SQLITE_NULL
                           ? "" : (const char *) sqlite3_column_text (stmt, i));
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  return rows;
}

/* 2022-11-02 → 02.11.2022 */
static char *
russian_date (const char *iso)
{
  g_auto(GStrv) parts = g_strsplit (iso, "-", 3);

  return g_strdup_printf ("%s.%s.%s", parts[2], parts[1], parts[0]);
}

/* The report of @project for the academic years @from to @to (the same
 * year for one). */
static xmlDocPtr
export_period (gint64      project,
               int         from,
               int         to,
               const char *name)
{
  g_autoptr(AnnalistTemplate) report = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .period_from = from, .period_to = to, .project_id = project };
  g_autofree char *path = path_in (name);
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *unpacked = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  xmlDocPtr content;

  report = annalist_documents_open (store, ANNALIST_DOCUMENT_SITE_REPORT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (annalist_template_get_name (report), ==, "Отчёт инновационной площадки");
  g_assert_true (annalist_template_render (report, store, &params, path, NULL, &error));
  g_assert_no_error (error);

  check_package_layout (path);
  parts = read_zip (path, &order);
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  g_clear_pointer (&styles, xmlFreeDoc);
  styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");
  check_tables (content);
  check_cross_references (content);
  if (have_jing ())
    {
      static const char * const names[] = { "content.xml", "styles.xml", "meta.xml" };

      unpacked = g_strconcat (path, "-parts", NULL);
      g_mkdir_with_parents (unpacked, 0700);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        write_part (unpacked, names[i], g_hash_table_lookup (parts, names[i]), files);
      g_ptr_array_add (files, NULL);
      assert_valid (SCHEMA, (const char * const *) files->pdata);
      g_ptr_array_set_size (files, 0);
      write_part (unpacked, "manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), files);
      g_ptr_array_add (files, NULL);
      assert_valid (MANIFEST, (const char * const *) files->pdata);
    }
  /* No placeholder is left. */
  {
    g_autofree char *text = xpath_string (content, "string(//office:text)");
    g_assert_null (strstr (text, "{{"));
    g_assert_null (strstr (text, "}}"));
  }
  return content;
}

static xmlDocPtr
export (gint64      project,
        int         year,
        const char *name)
{
  return export_period (project, year, year, name);
}

static double
count (xmlDocPtr   doc,
       const char *format,
       ...)
{
  va_list ap;
  g_autofree char *expr = NULL;

  va_start (ap, format);
  expr = g_strdup_vprintf (format, ap);
  va_end (ap);
  return xpath_number (doc, expr);
}

/* The rows of the activity tables (one a kind: «Activities»,
 * «Activities_2» …) that hold an activity (date, activity, participants). */
#define ACTIVITY_ROWS "//table:table[starts-with(@table:name, '%s')]/table:table-row[count(table:table-cell) = 3]"

/* A title as the report prints it: the quotes it has nested the Russian
 * way, „…“ inside «…» (the template's |quotes). */
static char *
nested_quotes (const char *text)
{
  GString *out = g_string_new (NULL);
  int depth = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00AB)
        g_string_append (out, depth++ == 0 ? "«" : "„");
      else if (c == 0x00BB)
        {
          depth = MAX (depth - 1, 0);
          g_string_append (out, depth == 0 ? "»" : "“");
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
check_activities_of (xmlDocPtr   content,
                     int         from,
                     int         to,
                     const char *table,
                     const char *condition)
{
  g_autoptr(GPtrArray) rows = query_rows ("SELECT id, title, date, academic_year FROM project_activity"
                                          " WHERE project_id = %" G_GINT64_FORMAT " AND academic_year BETWEEN %d AND %d"
                                          " AND %s", project_id, from, to, condition);

  g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS ")", table), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *title = nested_quotes (row[1]);
      int year = (int) g_ascii_strtoll (row[3], NULL, 10);
      g_autofree char *date = *row[2] ? russian_date (row[2])
                                     : g_strdup_printf ("в течение %d-%d учебного года", year, year + 1);
      g_autoptr(GPtrArray) members = NULL;

      g_test_message ("activity %s: %s", row[0], row[1]);
      /* Once, with its date in its own first cell. */
      g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS "[contains(., '%s')])", table, title), ==, 1);
      g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS "[contains(., '%s')]/table:table-cell[1][. = '%s'])",
                                table, title, date), ==, 1);
      /* The organisations that took part, in its row. */
      members = query_rows ("SELECT o.short_name FROM project_activity_member m"
                            " JOIN organisation o ON o.id = m.organisation_id WHERE m.activity_id = %s", row[0]);
      for (guint k = 0; k < members->len; k++)
        {
          const char *org = ((char **) g_ptr_array_index (members, k))[0];

          g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS "[contains(., '%s')]"
                                    "/table:table-cell[3][contains(., '%s')])", table, title, org), ==, 1);
        }
    }
}

static void
check_activities (xmlDocPtr   content,
                  int         year,
                  const char *table,
                  const char *condition)
{
  check_activities_of (content, year, year, table, condition);
}

/* The activities of the tables named from @table are grouped by kind,
 * and no kind's heading can be left at the foot of a page away from its
 * first activity: ODF has no keep-with-next for a table row, so the
 * heading is a paragraph whose style keeps it with the next, the kind's
 * own table, whose first rows are its column captions (which Writer
 * never leaves alone at a page's foot either). No heading row spans the
 * columns inside a table any more. Returns the kinds' headings, in
 * order. */
static GPtrArray *
check_kinds_kept (xmlDocPtr   content,
                  const char *table)
{
  g_autofree char *tables = g_strdup_printf ("//table:table[starts-with(@table:name, '%s')]", table);
  g_autofree char *n_tables = g_strdup_printf ("count(%s)", tables);
  g_autofree char *spanned = g_strdup_printf ("count(%s//table:table-cell[@table:number-columns-spanned])", tables);
  g_autofree char *captioned = g_strdup_printf ("count(%s[table:table-header-rows/table:table-row"
                                                "[normalize-space(table:table-cell[1]) = 'Дата']])", tables);
  GPtrArray *kinds = g_ptr_array_new_with_free_func (g_free);
  guint n = (guint) xpath_number (content, n_tables);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpfloat (xpath_number (content, spanned), ==, 0);
  g_assert_cmpfloat (xpath_number (content, captioned), ==, n);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *before = g_strdup_printf ("(%s)[%u]/preceding-sibling::*[1]", tables, i);
      g_autofree char *is_heading = g_strdup_printf ("count(%s[self::text:h])", before);
      g_autofree char *style_expr = g_strdup_printf ("string(%s/@text:style-name)", before);
      g_autofree char *text_expr = g_strdup_printf ("normalize-space(%s)", before);
      g_autofree char *style = xpath_string (content, style_expr);

      g_assert_cmpfloat (xpath_number (content, is_heading), ==, 1);
      if (!style_keeps_with_next (styles, style))
        g_error ("the heading before table %u of “%s” (style “%s”) does not keep with its table", i, table, style);
      g_ptr_array_add (kinds, xpath_string (content, text_expr));
    }
  return kinds;
}

/* The kinds the activities of @condition in @from … @to are headed by,
 * in their order, those of no kind last as «Иные мероприятия»; each
 * table holds its kind's activities only. */
static void
check_kinds_of (xmlDocPtr   content,
                int         from,
                int         to,
                const char *table,
                const char *condition)
{
  g_autoptr(GPtrArray) headings = check_kinds_kept (content, table);
  g_autoptr(GPtrArray) kinds = query_rows ("SELECT coalesce (k.name, 'Иные мероприятия'), count(*)"
                                           " FROM project_activity a LEFT JOIN event_kind k ON k.id = a.kind_id"
                                           " WHERE a.project_id = %" G_GINT64_FORMAT
                                           " AND a.academic_year BETWEEN %d AND %d AND %s"
                                           " GROUP BY a.kind_id ORDER BY a.kind_id IS NULL, k.position, k.name",
                                           project_id, from, to, condition);

  g_assert_cmpuint (headings->len, ==, kinds->len);
  for (guint i = 0; i < kinds->len; i++)
    {
      char **kind = g_ptr_array_index (kinds, i);
      g_autofree char *rows = g_strdup_printf ("count((//table:table[starts-with(@table:name, '%s')])[%u]"
                                               "/table:table-row)", table, i + 1);

      g_assert_cmpstr (headings->pdata[i], ==, kind[0]);
      g_assert_cmpfloat (xpath_number (content, rows), ==, g_ascii_strtod (kind[1], NULL));
    }
}

static void
check_results_of (xmlDocPtr content,
                  int       from,
                  int       to)
{
  g_autoptr(GPtrArray) rows = query_rows ("SELECT description, link FROM project_result"
                                          " WHERE project_id = %" G_GINT64_FORMAT " AND academic_year BETWEEN %d AND %d",
                                          project_id, from, to);
  g_autoptr(GPtrArray) products = query_rows ("SELECT p.title, p.link FROM project_result r"
                                              " JOIN innovation_product p ON p.id = r.product_id"
                                              " WHERE r.project_id = %" G_GINT64_FORMAT
                                              " AND r.academic_year BETWEEN %d AND %d", project_id, from, to);

  /* One item of the results' list a result, with its link. */
  g_assert_cmpfloat (count (content, "count(//text:list-item)"), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_assert_cmpfloat (count (content, "count(//text:list-item[contains(., '%s') and contains(., '%s')])",
                                row[0], row[1]), ==, 1);
    }
  /* One row of the products' table a result that is a product. */
  g_assert_cmpfloat (count (content, "count(//table:table[@table:name='Products']/table:table-row)"), ==,
                     products->len);
  for (guint i = 0; i < products->len; i++)
    {
      char **row = g_ptr_array_index (products, i);

      g_assert_cmpfloat (count (content, "count(//table:table[@table:name='Products']/table:table-row"
                                "[contains(., '%s') and contains(., '%s')])", row[0], row[1]), ==, 1);
    }
}

static void
check_results (xmlDocPtr content,
               int       year)
{
  check_results_of (content, year, year);
}

static void
test_sample_year (void)
{
  xmlDocPtr content = export (project_id, 2022, "site.odt");
  g_autofree char *text = xpath_string (content, "string(//office:text)");
  g_autoptr(GPtrArray) project = query_rows ("SELECT topic, goal FROM project WHERE id = %" G_GINT64_FORMAT,
                                             project_id);
  char **p = g_ptr_array_index (project, 0);
  g_autofree char *topic = g_strdup_printf ("«%s»", p[0]);

  g_assert_nonnull (strstr (text, topic));
  g_assert_nonnull (strstr (text, p[1]));
  g_assert_nonnull (strstr (text, "с 01.03.2022 по 31.05.2025"));
  g_assert_nonnull (strstr (text, "за 2022-2023 учебный год"));
  /* Six tasks, numbered. */
  g_assert_nonnull (strstr (text, "6. Создать рабочую группу для осуществления индивидуальной методической помощи"));
  /* The stage of the year, its account. */
  g_assert_nonnull (strstr (text, "Первый этап (подготовительный), 01.03.2022 – 31.05.2023"));
  g_assert_nonnull (strstr (text, "Как мы видим, проведена большая работа"));

  /* Every activity of the year, each once with its date; none of another year. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM project_activity WHERE project_id = %" G_GINT64_FORMAT
                              " AND academic_year = 2022", project_id), ==, 3);
  check_activities (content, 2022, "Activities", "stage_id IS NOT NULL");
  g_assert_cmpfloat (count (content, "count(//table:table[starts-with(@table:name, 'OtherActivities')])"), ==, 0);
  g_assert_null (strstr (text, "23.03.2022"));
  /* A heading and a table a kind: seminars, consultations, round tables. */
  check_kinds_of (content, 2022, 2022, "Activities", "stage_id IS NOT NULL");
  /* The consulted schools, the audience. */
  g_assert_nonnull (strstr (text, "МБОУ «Осиноплесская СОШ», МБОУ «Куйбышевская ООШ», МБОУ «Сидоровская СОШ», "
                                  "МБОУ «Сосновская СОШ»"));
  g_assert_nonnull (strstr (text, "Руководящие кадры и педагоги"));

  check_results (content, 2022);
  g_assert_cmpint (query_int ("SELECT count(*) FROM project_result WHERE project_id = %" G_GINT64_FORMAT
                              " AND academic_year = 2022 AND link <> ''", project_id), ==, 3);

  /* Captions numbered in order, the header rows repeat: the products'
   * table's and each kind's. */
  g_assert_cmpfloat (count (content, "count(//text:sequence[@text:name='Таблица'])"), ==, 2);
  g_assert_cmpfloat (count (content, "count(//table:table-header-rows)"), ==,
                     1 + count (content, "count(//table:table[starts-with(@table:name, 'Activities')])"));
  xmlFreeDoc (content);

  /* The flat document too. */
  {
    g_autoptr(AnnalistTemplate) report = annalist_documents_open (store, ANNALIST_DOCUMENT_SITE_REPORT, NULL);
    g_autoptr(GError) error = NULL;
    AnnalistDocumentParams params = { .period_from = 2022, .period_to = 2022, .project_id = project_id };
    g_autofree char *flat = path_in ("site.fodt");
    const char *files[] = { flat, NULL };

    g_assert_true (annalist_template_render (report, store, &params, flat, NULL, &error));
    g_assert_no_error (error);
    if (have_jing ())
      assert_valid (SCHEMA, files);
  }
}

static void
test_other_year (void)
{
  xmlDocPtr content = export (project_id, 2021, "site-2021.odt");
  g_autofree char *text = xpath_string (content, "string(//office:text)");

  check_activities (content, 2021, "Activities", "stage_id IS NOT NULL");
  g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS ")", "Activities"), ==, 5);
  g_assert_nonnull (strstr (text, "23.03.2022"));
  g_assert_nonnull (strstr (text, "Заместители директоров по УВР"));
  g_assert_null (strstr (text, "02.11.2022"));
  /* The activities of no kind under their own heading, after the kinds. */
  check_kinds_of (content, 2021, 2021, "Activities", "stage_id IS NOT NULL");
  g_assert_cmpfloat (count (content, "count((//text:h)[. = 'Иные мероприятия'])"), ==, 1);
  /* No results that year: said so. */
  check_results (content, 2021);
  g_assert_nonnull (strstr (text, "Результаты этапа в отчётном периоде не внесены."));
  xmlFreeDoc (content);
}

/* A project with nothing recorded but its topic and status. */
static void
test_empty_project (void)
{
  gint64 empty = query_int ("SELECT min(id) FROM project p WHERE NOT EXISTS"
                            " (SELECT 1 FROM project_activity a WHERE a.project_id = p.id)");
  xmlDocPtr content = export (empty, 2022, "site-empty.odt");
  g_autofree char *text = xpath_string (content, "string(//office:text)");
  g_autoptr(GPtrArray) topic = query_rows ("SELECT topic FROM project WHERE id = %" G_GINT64_FORMAT, empty);

  g_assert_nonnull (strstr (text, ((char **) g_ptr_array_index (topic, 0))[0]));
  g_assert_nonnull (strstr (text, "Статус: Центр инновационного педагогического поиска"));
  g_assert_nonnull (strstr (text, "Сведения о деятельности площадки за 2022-2023 учебный год не внесены."));
  g_assert_cmpfloat (count (content, "count(//table:table)"), ==, 0);
  g_assert_null (strstr (text, "МБОУ"));
  xmlFreeDoc (content);

  /* The order that gave the status, when it is recorded. */
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO basis_document (kind_id, issuer, number, date) VALUES"
      " ((SELECT id FROM document_kind WHERE name = 'Приказ'), 'администрации района', '12-р', '2022-12-20');"
      "UPDATE innovation_status SET document_id = last_insert_rowid ()"
      " WHERE id = (SELECT status_id FROM project WHERE id = %" G_GINT64_FORMAT ")", empty);
    g_autofree char *with_order = NULL;

    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    content = export (empty, 2022, "site-order.odt");
    with_order = xpath_string (content, "string(//office:text)");
    g_assert_nonnull (strstr (with_order, "площадка), приказ администрации района от 20.12.2022 № 12-р."));
    xmlFreeDoc (content);
  }
}

/* An activity and a result outside the stages are reported too. */
static void
test_outside_stages (void)
{
  xmlDocPtr content;
  g_autofree char *text = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO project_activity (project_id, stage_id, academic_year, date, title) VALUES"
    " (%" G_GINT64_FORMAT ", NULL, 2022, '2023-06-15', 'Отчётная встреча рабочей группы');"
    "INSERT INTO project_result (project_id, stage_id, academic_year, description, link) VALUES"
    " (%" G_GINT64_FORMAT ", NULL, 2022, 'Подготовлен отчёт о работе площадки.', 'https://example.org/otchet');",
    project_id, project_id);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  content = export (project_id, 2022, "site-outside.odt");
  text = xpath_string (content, "string(//office:text)");
  g_assert_nonnull (strstr (text, "Деятельность вне этапов программы в 2022-2023 учебном году"));
  check_activities (content, 2022, "Activities", "stage_id IS NOT NULL");
  check_activities (content, 2022, "OtherActivities", "stage_id IS NULL");
  /* Outside the stages a heading and a table a kind too: the meeting
   * has no kind. */
  check_kinds_of (content, 2022, 2022, "OtherActivities", "stage_id IS NULL");
  /* Together, every activity of the year. */
  g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS ") + count(" ACTIVITY_ROWS ")", "Activities",
                            "OtherActivities"), ==,
                     query_int ("SELECT count(*) FROM project_activity WHERE project_id = %" G_GINT64_FORMAT
                                " AND academic_year = 2022", project_id));
  check_results (content, 2022);
  xmlFreeDoc (content);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM project_activity WHERE stage_id IS NULL;"
                                     "DELETE FROM project_result WHERE stage_id IS NULL", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Only the stages that run in the year. */
static void
test_stages_of_the_year (void)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO project_stage (project_id, position, title, period_start, period_end) VALUES"
    " (%" G_GINT64_FORMAT ", 2, 'Второй этап (основной)', '2023-09-01', '2024-05-31')", project_id);
  xmlDocPtr content;
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  content = export (project_id, 2022, "site-stages.odt");
  text = xpath_string (content, "string(//office:text)");
  g_assert_null (strstr (text, "Второй этап"));
  g_assert_nonnull (strstr (text, "Первый этап"));
  xmlFreeDoc (content);

  content = export (project_id, 2023, "site-stages-next.odt");
  next = xpath_string (content, "string(//office:text)");
  g_assert_nonnull (strstr (next, "Второй этап (основной), 01.09.2023 – 31.05.2024"));
  g_assert_nonnull (strstr (next, "Мероприятия этапа в отчётном периоде не внесены."));
  g_assert_null (strstr (next, "Первый этап"));
  xmlFreeDoc (content);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM project_stage WHERE position = 2", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The whole span of the first stage, 2021-2022 to 2022-2023: every
 * activity and result of both years, the period in the headings, the
 * stages that overlap it and no other. */
static void
test_stage_span (void)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO project_stage (project_id, position, title, period_start, period_end) VALUES"
    " (%" G_GINT64_FORMAT ", 2, 'Второй этап (основной)', '2023-09-01', '2024-05-31');"
    "INSERT INTO project_activity (project_id, stage_id, academic_year, date, title) VALUES"
    " (%" G_GINT64_FORMAT ", NULL, 2021, '2022-06-10', 'Отчётная встреча рабочей группы');",
    project_id, project_id);
  xmlDocPtr content;
  g_autofree char *text = NULL;
  g_autofree char *later = NULL;

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  content = export_period (project_id, 2021, 2022, "site-stage.odt");
  text = xpath_string (content, "string(//office:text)");
  g_assert_nonnull (strstr (text, "Отчёт о деятельности инновационной площадкиза 2021-2022 – 2022-2023 учебные годы"));
  g_assert_null (strstr (text, "учебный год"));
  /* Both years' activities of the stage: the four seminars of 2021-2022
   * and the rest of 2022-2023, each once. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM project_activity WHERE project_id = %" G_GINT64_FORMAT
                              " AND academic_year = 2021 AND stage_id IS NOT NULL", project_id), >, 0);
  g_assert_cmpfloat (count (content, "count(" ACTIVITY_ROWS ")", "Activities"), ==,
                     query_int ("SELECT count(*) FROM project_activity WHERE project_id = %" G_GINT64_FORMAT
                                " AND academic_year BETWEEN 2021 AND 2022 AND stage_id IS NOT NULL", project_id));
  check_activities_of (content, 2021, 2022, "Activities", "stage_id IS NOT NULL");
  g_assert_nonnull (strstr (text, "23.03.2022"));
  g_assert_nonnull (strstr (text, "02.11.2022"));
  /* Outside the stages, under the period's heading. */
  g_assert_nonnull (strstr (text, "Деятельность вне этапов программы в 2021-2022 – 2022-2023 учебных годах"));
  check_activities_of (content, 2021, 2022, "OtherActivities", "stage_id IS NULL");
  check_results_of (content, 2021, 2022);
  /* The first stage once; the second begins after the period. */
  g_assert_cmpfloat (count (content, "count(//text:h[starts-with(., 'Первый этап')])"), ==, 1);
  g_assert_null (strstr (text, "Второй этап"));
  xmlFreeDoc (content);

  /* A period that reaches the second stage shows both. */
  content = export_period (project_id, 2022, 2023, "site-stages-both.odt");
  later = xpath_string (content, "string(//office:text)");
  g_assert_nonnull (strstr (later, "за 2022-2023 – 2023-2024 учебные годы"));
  g_assert_nonnull (strstr (later, "Первый этап (подготовительный)"));
  g_assert_nonnull (strstr (later, "Второй этап (основной), 01.09.2023 – 31.05.2024"));
  g_assert_null (strstr (later, "23.03.2022"));
  xmlFreeDoc (content);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM project_stage WHERE position = 2;"
                                     "DELETE FROM project_activity WHERE stage_id IS NULL", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The command line --------------------------------------------------------------- */

static void
test_command_line (void)
{
  g_autofree char *db_arg = g_strconcat ("--database=", database, NULL);
  g_autofree char *out = path_in ("cli-site.odt");
  g_autofree char *out_arg = g_strconcat ("--output=", out, NULL);
  g_autofree char *project_arg = g_strdup_printf ("--project=%" G_GINT64_FORMAT, project_id);
  Run r;

  r = run (db_arg, "--list-templates", NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.out, "\nsite-report\tОтчёт инновационной площадки\tproject,period\n"));
  run_clear (&r);

  /* Without the project: one sentence that names the option, no file. */
  r = run (db_arg, "--export=site-report", "--year=2022-2023", out_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "--project="));
  g_assert_true (g_str_has_suffix (r.err, ".\n"));
  g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&r);

  r = run (db_arg, "--export=site-report", "--year=2022-2023", project_arg, out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_unlink (out);
  run_clear (&r);

  /* A stage's span of years. */
  r = run (db_arg, "--export=site-report", "--from=2021-2022", "--to=2022-2023", project_arg, out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_unlink (out);
  run_clear (&r);

  /* The project by its topic. */
  r = run (db_arg, "--export=site-report", "--year=2022/2023",
           "--project=Методическое и информационное сопровождение образовательных организаций при вхождении "
           "в систему дополнительного образования Новокузнецкого муниципального округа", out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_unlink (out);
  run_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("site", &dir, &database);
  g_assert_cmpint (sqlite3_open (database, &db), ==, SQLITE_OK);
  /* The project of reference 001. */
  project_id = query_int ("SELECT id FROM project WHERE organisation_id ="
                          " (SELECT id FROM organisation WHERE short_name = 'ДДТ НМО')");

  g_test_add_func ("/site-report/sample-year", test_sample_year);
  g_test_add_func ("/site-report/other-year", test_other_year);
  g_test_add_func ("/site-report/empty-project", test_empty_project);
  g_test_add_func ("/site-report/outside-stages", test_outside_stages);
  g_test_add_func ("/site-report/stages-of-the-year", test_stages_of_the_year);
  g_test_add_func ("/site-report/stage-span", test_stage_span);
  g_test_add_func ("/site-report/command-line", test_command_line);

  status = g_test_run ();

  sqlite3_close (db);
  g_clear_pointer (&styles, xmlFreeDoc);
  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  g_free (database);
  return status;
}
