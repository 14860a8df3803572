/* test-plan-documents.c — the built-in plan documents of the sample
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * «Программа деятельности» (reference 003), «План и его выполнение» and
 * «План работы по видам деятельности» (reference 004), written from the
 * sample district: each is valid ODF, its rows are the plan's records,
 * and the plan-vs-fact counts and share are what SQL counts by the state's
 * code, whatever the user calls the states.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-odf.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"
#include "odf-check.h"

static char *dir;
static char *database;
static AnnalistStore *store;
/* The text of the last .odt's title page footer (styles.xml). */
static char *title_footer;

#define PLAN_003 "(SELECT id FROM plan WHERE title = 'Программа деятельности муниципального опорного Центра на период 2019 – 2023 г.г.')"
#define PLAN_004 "(SELECT id FROM plan WHERE title = 'План работы краевой инновационной площадки на 2018 - 2019 годы')"

static gint64
query_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* The first column of every row, in order. */
static GPtrArray *
query_texts (const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, &error);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return texts;
}

static void
exec (const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* Writes the built-in document @id for @plan (SQL giving its id) and @year
 * into @name; an .odt is checked against the schemas and its content
 * returned. */
static xmlDocPtr
export (const char *id,
        const char *plan,
        int         year,
        const char *name)
{
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *plan_sql = g_strconcat ("SELECT ", plan, NULL);
  AnnalistDocumentParams params = { .year = year, .plan_id = query_int (plan_sql) };
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  xmlDocPtr content;

  tmpl = annalist_documents_open (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);

  if (g_str_has_suffix (name, ".fodt"))
    {
      const char *files[] = { path, NULL };

      if (have_jing ())
        assert_valid (SCHEMA, files);
      return NULL;
    }

  check_package_layout (path);
  parts = read_zip (path, &order);
  if (have_jing ())
    {
      static const char * const names[] = { "content.xml", "styles.xml", "meta.xml" };
      g_autofree char *unpacked = g_strconcat (path, "-parts", NULL);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

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
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  {
    g_autofree char *text = xpath_string (content, "string(//office:text)");
    g_assert_null (strstr (text, "{{"));
    g_assert_null (strstr (text, "}}"));
  }
  {
    xmlDocPtr styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");
    g_autofree char *text = xpath_string (styles, "string(//office:master-styles)");

    /* Placeholders in page headers and footers are filled too. */
    g_assert_null (strstr (text, "{{"));
    g_free (title_footer);
    title_footer = xpath_string (styles, "normalize-space(//style:master-page[@style:name='First_20_Page']/style:footer)");
    xmlFreeDoc (styles);
  }
  check_tables (content);
  check_cross_references (content);
  return content;
}

static char *
cell_text (xmlDocPtr   doc,
           const char *table,
           guint       row,
           guint       column)
{
  g_autofree char *expr = g_strdup_printf ("normalize-space(//table:table[@table:name='%s']/table:table-row[%u]"
                                           "/table:table-cell[%u])", table, row, column);
  return xpath_string (doc, expr);
}

static char *
normalized (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (kept, words[i]);
  joined = g_strv_builder_end (kept);
  return g_strjoinv (" ", joined);
}

/* «Программа деятельности» ---------------------------------------------------------- */

static void
test_programme (void)
{
  xmlDocPtr doc = export (ANNALIST_DOCUMENT_PROGRAMME, PLAN_003, 0, "programme.odt");
  g_autoptr(GPtrArray) stages = query_texts ("SELECT id FROM plan_stage WHERE plan_id = " PLAN_003
                                             " ORDER BY academic_year, id");
  g_autofree char *text = xpath_string (doc, "string(//office:text)");

  /* The approval blocks, from the plan's own fields. */
  g_assert_nonnull (strstr (text, "СОГЛАСОВАНО"));
  g_assert_nonnull (strstr (text, "Директор МКУ УО ГО Богданович Горобец К.В."));
  g_assert_nonnull (strstr (text, "УТВЕРЖДАЮ"));
  g_assert_nonnull (strstr (text, "Директор МБУ ДО ЦДТ «Креатив» Васькина Н.А."));
  g_assert_nonnull (strstr (text, "Центр детского творчества «Креатив»"));
  /* The title page names the organisation's founder above it, as
   * reference 003 does. */
  g_assert_nonnull (strstr (text, "Муниципальное казенное учреждение «Управление образования ГО Богданович»"));
  g_assert_true (strstr (text, "Управление образования ГО Богданович»")
                 < strstr (text, "Центр детского творчества «Креатив»"));
  /* The organisation's district at the foot of the title page, in its
   * footer, where a longer title cannot push it onto the next page. */
  g_assert_cmpstr (title_footer, ==, "ГО Богданович");

  /* A table a stage, a row an item, in the plan's order. */
  g_assert_cmpuint (stages->len, ==, 4);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table[starts-with(@table:name, 'Items')])"), ==, stages->len);
  for (guint i = 0; i < stages->len; i++)
    {
      g_autofree char *table = i == 0 ? g_strdup ("Items") : g_strdup_printf ("Items_%u", i + 1);
      g_autofree char *sql = g_strdup_printf ("SELECT activity FROM plan_item WHERE stage_id = %s"
                                              " ORDER BY position, id", (char *) stages->pdata[i]);
      g_autoptr(GPtrArray) activities = query_texts (sql);
      g_autofree char *rows = g_strdup_printf ("count(//table:table[@table:name='%s']/table:table-row)", table);

      g_assert_cmpfloat (xpath_number (doc, rows), ==, activities->len);
      for (guint r = 0; r < activities->len; r++)
        {
          g_autofree char *got = cell_text (doc, table, r + 1, 2);
          g_autofree char *want = normalized (activities->pdata[r]);
          g_assert_cmpstr (got, ==, want);
        }
    }
  /* A direction is written once, numbered, on its first item. */
  {
    g_autofree char *first = cell_text (doc, "Items", 1, 1);
    g_autofree char *second = cell_text (doc, "Items", 2, 1);
    g_autofree char *fourth = cell_text (doc, "Items", 4, 1);

    g_assert_cmpstr (first, ==, "1. Функционально-организационная подготовка МОЦ к осуществлению своей деятельности.");
    g_assert_cmpstr (second, ==, "");
    g_assert_cmpstr (fourth, ==, "2. Организация системы взаимодействия МОЦ с ОО ГО Богданович");
  }
  /* Goal and task of every stage. */
  g_assert_nonnull (strstr (text, "Цель: Достижение компетентностной готовности"));
  g_assert_nonnull (strstr (text, "Задача: Активизация процессов саморегулирования"));
  xmlFreeDoc (doc);

  export (ANNALIST_DOCUMENT_PROGRAMME, PLAN_003, 0, "programme.fodt");
}

/* «План и его выполнение» ---------------------------------------------------------- */

#define STAGE_ITEMS(year) \
  "FROM plan_item i JOIN plan_stage s ON s.id = i.stage_id LEFT JOIN item_state st ON st.id = i.state_id " \
  "WHERE i.plan_id = " PLAN_003 " AND s.academic_year = " year

/* The summary table's row of a state: its count and its share. */
static void
check_summary_row (xmlDocPtr   doc,
                   guint       row,
                   const char *label,
                   const char *condition)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) " STAGE_ITEMS ("2019") " AND %s", condition);
  gint64 want = query_int (count_sql);
  gint64 total = query_int ("SELECT count(*) " STAGE_ITEMS ("2019"));
  g_autofree char *got_label = cell_text (doc, "Summary", row, 1);
  g_autofree char *got_count = cell_text (doc, "Summary", row, 2);
  g_autofree char *got_share = cell_text (doc, "Summary", row, 3);
  g_autofree char *want_count = g_strdup_printf ("%" G_GINT64_FORMAT, want);
  g_autofree char *want_share = annalist_odf_format_percent (100.0 * want / total);
  g_autofree char *value_expr = g_strdup_printf ("number(//table:table[@table:name='Summary']/table:table-row[%u]"
                                                 "/table:table-cell[3]/@office:value)", row);

  g_assert_cmpstr (got_label, ==, label);
  g_assert_cmpstr (got_count, ==, want_count);
  g_assert_cmpstr (got_share, ==, want_share);
  g_assert_cmpfloat_with_epsilon (xpath_number (doc, value_expr), (double) want / total, 1e-9);
}

static void
check_plan_fact (xmlDocPtr   doc,
                 const char *done_name,
                 gboolean    marked)
{
  gint64 total = query_int ("SELECT count(*) " STAGE_ITEMS ("2019"));
  gint64 done = query_int ("SELECT count(*) " STAGE_ITEMS ("2019") " AND st.code = 'done'");
  g_autoptr(GPtrArray) states = query_texts ("SELECT ifnull (st.name, 'не отмечено') " STAGE_ITEMS ("2019")
                                             " ORDER BY i.position, i.id");
  g_autofree char *text = xpath_string (doc, "string(//office:text)");
  g_autofree char *share = annalist_odf_format_percent (100.0 * done / total);
  g_autofree char *sentence = g_strdup_printf ("Доля выполненных мероприятий составляет %s.", share);

  g_assert_cmpint (total, ==, 11);
  /* Only the year's stage: one items table, a row an item, its state. */
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table[@table:name='Items']/table:table-row)"), ==, total);
  for (guint r = 0; r < states->len; r++)
    {
      g_autofree char *got = cell_text (doc, "Items", r + 1, 6);
      g_assert_cmpstr (got, ==, states->pdata[r]);
    }

  check_summary_row (doc, 1, done_name, "st.code = 'done'");
  check_summary_row (doc, 2, "Выполнено частично", "st.code = 'partly'");
  check_summary_row (doc, 3, "Перенесено", "st.code = 'moved'");
  check_summary_row (doc, 4, "Не выполнено", "st.code = 'not_done'");
  check_summary_row (doc, 5, "Не отмечено", "i.state_id IS NULL");
  /* The share is said only when something is marked. */
  if (marked)
    g_assert_nonnull (strstr (text, sentence));
  else
    g_assert_null (strstr (text, "Доля выполненных"));
}

static void
test_plan_fact_unmarked (void)
{
  /* The sample: reference 003 gives no fact, and the document says so. */
  xmlDocPtr doc = export (ANNALIST_DOCUMENT_PLAN_FACT, PLAN_003, 2019, "plan-fact-sample.odt");
  g_autofree char *text = xpath_string (doc, "string(//office:text)");

  check_plan_fact (doc, "Выполнено", FALSE);
  g_assert_nonnull (strstr (text, "Выполнение мероприятий плана на 2019-2020 учебный год не отмечено: "
                                  "сведения о фактическом выполнении не внесены."));
  g_assert_nonnull (strstr (text, "сведения не внесены"));
  xmlFreeDoc (doc);
}

static void
test_plan_fact (void)
{
  xmlDocPtr doc;
  g_autofree char *text = NULL;
  g_autofree char *share = annalist_odf_format_percent (100.0 * 4 / 11);

  /* Some items of 2019-2020 marked, three left without a mark. */
  exec ("UPDATE plan_item SET state_id = (SELECT id FROM item_state WHERE code = 'done'), done_on = '2019-11-28',"
        " fact = 'Структура и штаты утверждены' WHERE plan_id = " PLAN_003 " AND position IN (1, 6, 7, 8)");
  exec ("UPDATE plan_item SET state_id = (SELECT id FROM item_state WHERE code = 'partly')"
        " WHERE plan_id = " PLAN_003 " AND position IN (2, 3)");
  exec ("UPDATE plan_item SET state_id = (SELECT id FROM item_state WHERE code = 'moved'),"
        " fact = 'Перенесено на 2020 год' WHERE plan_id = " PLAN_003 " AND position = 4");
  exec ("UPDATE plan_item SET state_id = (SELECT id FROM item_state WHERE code = 'not_done')"
        " WHERE plan_id = " PLAN_003 " AND position = 5");
  /* An item of another year's stage changes nothing. */
  exec ("UPDATE plan_item SET state_id = (SELECT id FROM item_state WHERE code = 'done')"
        " WHERE plan_id = " PLAN_003 " AND position = 12");

  doc = export (ANNALIST_DOCUMENT_PLAN_FACT, PLAN_003, 2019, "plan-fact.odt");
  check_plan_fact (doc, "Выполнено", TRUE);
  text = xpath_string (doc, "string(//office:text)");
  g_assert_nonnull (strstr (text, "Из 11 мероприятий плана на 2019-2020 учебный год выполнено 4, выполнено частично – 2, "
                                  "перенесено – 1, не выполнено – 1."));
  g_assert_true (g_str_has_prefix (share, "36,4"));
  g_assert_nonnull (strstr (text, share));
  g_assert_nonnull (strstr (text, "Выполнение 3 мероприятий не отмечено"));
  {
    g_autofree char *date = cell_text (doc, "Items", 1, 7);
    g_autofree char *fact = cell_text (doc, "Items", 1, 8);
    g_assert_cmpstr (date, ==, "28.11.2019");
    g_assert_cmpstr (fact, ==, "Структура и штаты утверждены");
  }
  xmlFreeDoc (doc);

  /* The user renames a state: the words change, no count does. */
  exec ("UPDATE item_state SET name = 'Сделано', short_name = 'сделано' WHERE code = 'done'");
  doc = export (ANNALIST_DOCUMENT_PLAN_FACT, PLAN_003, 2019, "plan-fact-renamed.odt");
  check_plan_fact (doc, "Сделано", TRUE);
  g_clear_pointer (&text, g_free);
  text = xpath_string (doc, "string(//office:text)");
  g_assert_nonnull (strstr (text, "выполнено 4, выполнено частично – 2"));
  g_assert_nonnull (strstr (text, share));
  xmlFreeDoc (doc);

  export (ANNALIST_DOCUMENT_PLAN_FACT, PLAN_003, 2019, "plan-fact.fodt");

  exec ("UPDATE item_state SET name = 'Выполнено', short_name = 'выполнено' WHERE code = 'done'");
  exec ("UPDATE plan_item SET state_id = NULL, done_on = NULL, fact = '' WHERE plan_id = " PLAN_003);
}

/* «План работы по видам деятельности» ------------------------------------------------ */

/* The name of the @n-th table (from 0) a loop repeated from "Items". */
static char *
items_table (guint n)
{
  return n == 0 ? g_strdup ("Items") : g_strdup_printf ("Items_%u", n + 1);
}

static void
test_plan_by_activity (void)
{
  xmlDocPtr doc = export (ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY, PLAN_004, 2018, "plan-by-activity.odt");
  g_autoptr(GPtrArray) kinds = query_texts ("SELECT DISTINCT k.name FROM plan_item i"
                                            " JOIN activity_kind k ON k.id = i.activity_kind_id"
                                            " WHERE i.plan_id = " PLAN_004 " ORDER BY k.position");
  g_autoptr(GPtrArray) all_items = query_texts ("SELECT activity FROM plan_item WHERE plan_id = " PLAN_004);
  gint64 main_events = query_int ("SELECT count(*) FROM plan_item WHERE plan_id = " PLAN_004
                                  " AND activity_kind_id IS NULL");
  g_autofree char *text = xpath_string (doc, "string(//office:text)");
  g_autoptr(GPtrArray) titles = query_texts ("SELECT title FROM plan WHERE id = " PLAN_004);
  const char *title = titles->pdata[0];
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint in_tables = 0;

  /* A block a kind, in the dictionary's order: the plan's title, the
   * kind as a heading, a numbered caption and a table of that kind's
   * items only — no group rows that a page could leave at its foot. */
  g_assert_cmpuint (kinds->len, ==, 4);
  g_assert_cmpuint (all_items->len, ==, 18);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table[starts-with(@table:name, 'Items')])"), ==, kinds->len);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table-cell[@table:number-columns-spanned])"), ==, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:h[@text:outline-level='2'])"), ==, kinds->len);
  for (guint k = 0; k < kinds->len; k++)
    {
      const char *name = kinds->pdata[k];
      g_autofree char *table = items_table (k);
      g_autofree char *sql = g_strdup_printf ("SELECT i.activity FROM plan_item i"
                                              " JOIN activity_kind k ON k.id = i.activity_kind_id"
                                              " WHERE i.plan_id = " PLAN_004 " AND k.name = '%s'"
                                              " ORDER BY i.position, i.id", name);
      g_autoptr(GPtrArray) activities = query_texts (sql);
      g_autofree char *rows = g_strdup_printf ("count(//table:table[@table:name='%s']/table:table-row)", table);
      g_autofree char *before = g_strdup_printf ("//table:table[@table:name='%s']/preceding-sibling::*", table);
      g_autofree char *caption_expr = g_strdup_printf ("normalize-space(%s[1])", before);
      g_autofree char *kind_expr = g_strdup_printf ("normalize-space(%s[2])", before);
      g_autofree char *title_expr = g_strdup_printf ("normalize-space(%s[3])", before);
      g_autofree char *kind_style = g_strdup_printf ("string(%s[2]/@text:outline-level)", before);
      g_autofree char *caption = xpath_string (doc, caption_expr);
      g_autofree char *heading = xpath_string (doc, kind_expr);
      g_autofree char *plan_heading = xpath_string (doc, title_expr);
      g_autofree char *level = xpath_string (doc, kind_style);
      g_autofree char *want_caption = g_strdup_printf ("Таблица %u – %s в 2018-2019 учебном году", k + 1, name);

      g_assert_cmpstr (plan_heading, ==, title);
      g_assert_cmpstr (heading, ==, name);
      g_assert_cmpstr (level, ==, "2");
      g_assert_cmpstr (caption, ==, want_caption);
      g_assert_cmpuint (activities->len, >, 0);
      g_assert_cmpfloat (xpath_number (doc, rows), ==, activities->len);
      for (guint r = 0; r < activities->len; r++)
        {
          g_autofree char *number = cell_text (doc, table, r + 1, 1);
          g_autofree char *got = cell_text (doc, table, r + 1, 2);
          g_autofree char *want = normalized (activities->pdata[r]);
          g_autofree char *want_number = g_strdup_printf ("%u", r + 1);

          g_assert_cmpstr (number, ==, want_number);
          g_assert_cmpstr (got, ==, want);
          g_ptr_array_add (seen, g_steal_pointer (&got));
        }
      in_tables += activities->len;
    }
  g_assert_cmpuint (in_tables, ==, 11);
  g_assert_cmpuint (in_tables + main_events, ==, all_items->len);

  /* What stands before a table keeps with the next paragraph, down to
   * the table: a page never ends on a block's heading or caption. */
  {
    g_autofree char *path = g_build_filename (dir, "plan-by-activity.odt", NULL);
    g_autoptr(GPtrArray) order = NULL;
    g_autoptr(GHashTable) parts = read_zip (path, &order);
    xmlDocPtr styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");

    for (guint k = 0; k < kinds->len; k++)
      {
        g_autofree char *table = items_table (k);

        for (guint before = 1; before <= 3; before++)
          {
            g_autofree char *expr = g_strdup_printf ("string(//table:table[@table:name='%s']/preceding-sibling::*[%u]"
                                                     "/@text:style-name)", table, before);
            g_autofree char *style = xpath_string (doc, expr);

            if (!style_keeps_with_next (styles, style))
              g_error ("the style “%s” before the table %s does not keep with the next", style, table);
          }
      }
    xmlFreeDoc (styles);
  }

  /* Every item of the plan once: in its kind's table or among the main
   * events. */
  {
    for (guint e = 1; e <= main_events; e++)
      {
        g_autofree char *expr = g_strdup_printf ("normalize-space((//text:p[@text:style-name='Annalist_20_List'])[%u])", e);
        g_autofree char *event = xpath_string (doc, expr);
        g_autofree char *number = g_strdup_printf ("%u. ", e);

        g_assert_true (g_str_has_prefix (event, number));
        g_ptr_array_add (seen, g_strdup (event + strlen (number)));
      }
    g_assert_cmpuint (seen->len, ==, all_items->len);
    for (guint i = 0; i < all_items->len; i++)
      {
        g_autofree char *want = normalized (all_items->pdata[i]);
        guint found = 0;

        for (guint j = 0; j < seen->len; j++)
          if (g_str_equal (seen->pdata[j], want))
            found++;
        if (found != 1)
          g_error ("the item “%s” is in the document %u times", want, found);
      }
  }

  /* The year's main events: the items without a kind, numbered. */
  g_assert_cmpint (main_events, ==, 7);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:p[@text:style-name='Annalist_20_List'])"), ==, main_events);
  g_assert_nonnull (strstr (text, "7. Краевой образовательный конкурс «Инновационный поиск» в 2019 году"));
  /* The basis order, and what the slides do not give. */
  g_assert_nonnull (strstr (text, "от 13.12.2016 № 5686"));
  g_assert_nonnull (strstr (text, "не указан"));
  xmlFreeDoc (doc);

  export (ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY, PLAN_004, 2018, "plan-by-activity.fodt");
}

/* The command line -------------------------------------------------------------------- */

static void
test_command_line (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  g_autofree char *out = g_build_filename (dir, "command-line.odt", NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", out, NULL);
  g_autofree char *plan = g_strdup_printf ("--plan=%" G_GINT64_FORMAT, query_int ("SELECT " PLAN_003));
  static const char * const russian[] = { "LC_ALL", "ru_RU.UTF-8", "LANGUAGE", "ru", NULL };
  static const char * const ids[] = {
    ANNALIST_DOCUMENT_PROGRAMME, ANNALIST_DOCUMENT_PLAN_FACT, ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY,
  };
  Run r;

  /* As the README shows it. */
  r = run_env (NULL, db, "--export=plan-fact", plan, "--year=2019-2020", out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);
  g_unlink (out);
  /* A plan by its name. */
  r = run_env (NULL, db, "--export=programme", "--plan=План работы краевой инновационной площадки на 2018 - 2019 годы",
           out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  run_clear (&r);
  g_unlink (out);

  /* Without --plan: one sentence that says how to give it, and no file. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *which = g_strconcat ("--export=", ids[i], NULL);

      r = run_env (NULL, db, which, "--year=2019-2020", out_arg, NULL);
      g_assert_false (g_spawn_check_wait_status (r.status, NULL));
      if (strstr (r.err, "is written for one record: give it with --plan=ID or NAME.") == NULL)
        g_error ("%s without --plan says “%s”", ids[i], r.err);
      g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&r);

      r = run_env ((const char * const *) russian, db, which, "--year=2019-2020", out_arg, NULL);
      g_assert_false (g_spawn_check_wait_status (r.status, NULL));
      if (strstr (r.err, "составляется для одной записи: укажите её как --plan=НОМЕР или НАЗВАНИЕ.") == NULL)
        g_error ("%s without --plan says “%s” in Russian", ids[i], r.err);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&r);
    }
  /* The year too, for the documents of a year. */
  r = run_env (NULL, db, "--export=plan-fact", plan, out_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_nonnull (strstr (r.err, "--year=2022-2023"));
  run_clear (&r);
}

/* A document for a plan and a year, for a year in which the plan has no
 * stage: refused in one sentence that names the plan and the years of
 * its stages, no file, exit status 1 — the user's copy of plan-fact too,
 * since it takes the same parameters; the programme, for no year, is
 * written. */
static void
test_year_without_stage (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  g_autofree char *out = g_build_filename (dir, "no-stage.odt", NULL);
  g_autofree char *out_arg = g_strconcat ("--output=", out, NULL);
  g_autofree char *plan_003 = g_strdup_printf ("--plan=%" G_GINT64_FORMAT, query_int ("SELECT " PLAN_003));
  g_autofree char *plan_004 = g_strdup_printf ("--plan=%" G_GINT64_FORMAT, query_int ("SELECT " PLAN_004));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const russian[] = { "LC_ALL", "ru_RU.UTF-8", "LANGUAGE", "ru", NULL };
  static const char * const refused[] = {
    "--export=" ANNALIST_DOCUMENT_PLAN_FACT, "--export=" ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY,
    "--export=Мой план и факт",
  };
  gboolean flat = FALSE;
  gint64 user_id = 0;
  Run r;

  /* The user's copy of plan-fact, under a name of its own. */
  bytes = annalist_documents_get_bytes (store, ANNALIST_DOCUMENT_PLAN_FACT, &flat, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_documents_save (store, "Мой план и факт", NULL, 0, "plan-fact.fodt", bytes,
                                          &user_id, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      r = run_env (NULL, db, refused[i], plan_004, "--year=2022-2023", out_arg, NULL);
      g_assert_false (g_spawn_check_wait_status (r.status, NULL));
      g_assert_cmpstr (r.err, ==, "The plan “План работы краевой инновационной площадки на 2018 - 2019 годы” "
                                  "has no stage in the 2022-2023 academic year: its stage is in 2018-2019.\n");
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&r);

      r = run_env (russian, db, refused[i], plan_004, "--year=2022-2023", out_arg, NULL);
      g_assert_false (g_spawn_check_wait_status (r.status, NULL));
      g_assert_cmpstr (r.err, ==, "У плана «План работы краевой инновационной площадки на 2018 - 2019 годы» "
                                  "нет этапа на 2022-2023 учебный год: его этап — 2018-2019.\n");
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      run_clear (&r);

      /* Its own year is written. */
      r = run_env (NULL, db, refused[i], plan_004, "--year=2018-2019", out_arg, NULL);
      g_assert_true (g_spawn_check_wait_status (r.status, NULL));
      g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
      run_clear (&r);
      g_unlink (out);
    }

  /* A plan of several stages names them all. */
  r = run_env (russian, db, "--export=plan-fact", plan_003, "--year=2023-2024", out_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "У плана «Программа деятельности муниципального опорного Центра на период "
                              "2019 – 2023 г.г.» нет этапа на 2023-2024 учебный год: его этапы — "
                              "2019-2020, 2020-2021, 2021-2022, 2022-2023.\n");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&r);

  /* A plan without stages says so. */
  exec ("INSERT INTO plan (title, year_from, year_to) VALUES ('План без этапов', 2022, 2022)");
  r = run_env (russian, db, "--export=plan-by-activity", "--plan=План без этапов", "--year=2022-2023",
               out_arg, NULL);
  g_assert_false (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "У плана «План без этапов» ещё нет этапов: документ за учебный год "
                              "перечисляет пункты этапа плана на этот год.\n");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_clear (&r);
  exec ("DELETE FROM plan WHERE title = 'План без этапов'");

  /* The programme is every stage's, for no year. */
  r = run_env (NULL, db, "--export=programme", plan_004, "--year=2022-2023", out_arg, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);
  g_unlink (out);

  g_bytes_unref (annalist_documents_remove (store, user_id, &error));
  g_assert_no_error (error);
}

/* The name a document is offered to be saved as: every record it is
 * written for named the same way, its title shortened, its period once
 * when it is one year, nothing a file name cannot hold. */
static void
test_file_names (void)
{
  static const struct
  {
    const char            *id;
    const char            *organisation;
    const char            *plan;
    const char            *project;
    AnnalistDocumentParams params;
    const char            *name;
  } cases[] = {
    { "annual-report", NULL, NULL, NULL, { .year = 2022 }, "Аналитический отчёт 2022-2023.odt" },
    { "plan-fact", NULL, PLAN_003, NULL, { .year = 2019 },
      "План и его выполнение ЦДТ «Креатив» Программа деятельности муниципального… 2019-2020.odt" },
    { "programme", NULL, PLAN_004, NULL, { 0 },
      "Программа деятельности КНМЦ План работы краевой инновационной….odt" },
    { "site-report", NULL, NULL, "(SELECT id FROM project WHERE topic LIKE 'Формирование основ%')",
      { .period_from = 2022, .period_to = 2022 },
      "Отчёт инновационной площадки Гимназия № 271 Формирование основ функциональной… 2022-2023.odt" },
    { "site-report", NULL, NULL, "(SELECT id FROM project WHERE topic LIKE 'Формирование основ%')",
      { .period_from = 2021, .period_to = 2022 },
      "Отчёт инновационной площадки Гимназия № 271 Формирование основ функциональной… "
      "2021-2022 – 2022-2023.odt" },
    { "organisation-activity", "(SELECT id FROM organisation WHERE short_name = 'Гимназия № 271')",
      NULL, NULL, { .period_from = 2018, .period_to = 2022 },
      "Инновационная деятельность организации Гимназия № 271 2018-2019 – 2022-2023.odt" },
    { "document-register", NULL, NULL, NULL, { .period_from = 2022, .period_to = 2022 },
      "Реестр документов 2022-2023.odt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) tmpl = annalist_documents_open (store, cases[i].id, &error);
      AnnalistDocumentParams params = cases[i].params;
      g_autofree char *name = NULL;

      g_assert_no_error (error);
      if (cases[i].organisation != NULL)
        {
          g_autofree char *sql = g_strconcat ("SELECT ", cases[i].organisation, NULL);

          params.organisation_id = query_int (sql);
        }
      if (cases[i].plan != NULL)
        {
          g_autofree char *sql = g_strconcat ("SELECT ", cases[i].plan, NULL);

          params.plan_id = query_int (sql);
        }
      if (cases[i].project != NULL)
        {
          g_autofree char *sql = g_strconcat ("SELECT ", cases[i].project, NULL);

          params.project_id = query_int (sql);
        }
      name = annalist_documents_file_name (store, tmpl, &params);
      g_assert_cmpstr (name, ==, cases[i].name);
    }

  /* What a file name cannot hold, in a record's name, is replaced. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AnnalistTemplate) tmpl = annalist_documents_open (store, "organisation-activity", &error);
    AnnalistDocumentParams params = { .period_from = 2022, .period_to = 2022 };
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    params.organisation_id = query_int ("SELECT id FROM organisation WHERE short_name = 'Гимназия № 271'");
    g_assert_true (annalist_store_exec (store, "UPDATE organisation SET short_name = "
                                                  "'ЦДТ \"Креатив\": 1/2 <*?|>' "
                                                  "WHERE short_name = 'Гимназия № 271'", &error));
    g_assert_no_error (error);
    name = annalist_documents_file_name (store, tmpl, &params);
    g_assert_true (annalist_store_exec (store, "UPDATE organisation SET short_name = 'Гимназия № 271' "
                                                  "WHERE short_name LIKE 'ЦДТ%: 1/2%'", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "Инновационная деятельность организации ЦДТ 'Креатив'. 1-2 - 2022-2023.odt");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("plans", &dir, &database);

  g_test_add_func ("/plan-documents/programme", test_programme);
  g_test_add_func ("/plan-documents/plan-fact/unmarked", test_plan_fact_unmarked);
  g_test_add_func ("/plan-documents/plan-fact/marked", test_plan_fact);
  g_test_add_func ("/plan-documents/plan-by-activity", test_plan_by_activity);
  g_test_add_func ("/plan-documents/command-line", test_command_line);
  g_test_add_func ("/plan-documents/year-without-stage", test_year_without_stage);
  g_test_add_func ("/plan-documents/file-names", test_file_names);
  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (database);
  g_free (dir);
  g_free (title_footer);
  return status;
}
