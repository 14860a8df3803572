/* test-odf.c
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-odf"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "annalist-odf.h"
#include "odf-check.h"

/* A 16×16 red square. */
static const char red_png_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4ISdHEmIY1TCqYfhq"
  "AADkYgQQ60fIxgAAAABJRU5ErkJggg==";

/* The strings a user could type or paste. */
#define HOSTILE "ctl\x01\x0b\x1f <b>&amp; ]]> \"q\" 'a' «ёлочки» emoji 😀🇷🇺 bad\xff\xfe\xc3( end"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */


static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GBytes *
red_png (void)
{
  gsize len;
  guchar *data = g_base64_decode (red_png_base64, &len);

  return g_bytes_new_take (data, len);
}


/* ------------------------------------------------------------------ */
/* The document with everything                                        */
/* ------------------------------------------------------------------ */

static void
build_full_document (AnnalistOdfDocument *doc,
                     const char          *extra_text)
{
  static const double widths[] = { 1, 4, 2 };
  static const char * const years[] = { "2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023" };
  static const double share[] = { 20.8, 19.5, 15, 26, 35.2 };
  static const double teams[] = { 12, 14, 11, 18, 23 };
  const AnnalistOdfChartSeries series[] = {
    { "Доля ОО, %", share },
    { "Команды", teams },
  };
  AnnalistOdfChart chart = {
    .kind = ANNALIST_ODF_CHART_BAR,
    .title = "Доля ОО, имеющих инновационный статус",
    .x_axis_title = "Учебный год",
    .y_axis_title = "%",
    .n_categories = G_N_ELEMENTS (years),
    .categories = years,
    .n_series = G_N_ELEMENTS (series),
    .series = series,
  };
  g_autoptr(GBytes) png = red_png ();

  /* Title page. */
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_CENTER,
                                       "Администрация Невского района Санкт-Петербурга");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_CENTER,
                                       "ГБУ ДПО «Информационно-методический центр»");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_APPROVAL,
                                       "УТВЕРЖДАЮ\nДиректор ГБУ ДПО ИМЦ\n__________ И. И. Иванова\n05.06.2023");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_TITLE,
                                       "Аналитический отчёт об инновационной деятельности");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_CENTER,
                                       "за 2022-2023 учебный год");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_CENTER,
                                       "Санкт-Петербург\n2023");
  annalist_odf_document_add_page_break (doc);

  annalist_odf_document_add_toc (doc);
  annalist_odf_document_add_page_break (doc);

  annalist_odf_document_add_heading (doc, 1, "1. Краткий анализ решения задач");
  annalist_odf_document_begin_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY);
  annalist_odf_document_add_text (doc, "В 2022-2023 учебном году ");
  annalist_odf_document_add_bold (doc, "45 ОО");
  annalist_odf_document_add_text (doc, " имели инновационный статус, это ");
  annalist_odf_document_add_italic (doc, "35,2 %");
  annalist_odf_document_add_text (doc, " от всех ОО района.  Два пробела,\tтаб.");
  annalist_odf_document_end_paragraph (doc);
  if (extra_text != NULL)
    annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY, extra_text);

  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY,
                                       "На следующий учебный год необходимо:");
  annalist_odf_document_begin_list (doc, ANNALIST_ODF_LIST_BULLET);
  annalist_odf_document_add_list_item (doc, "расширить сеть площадок;");
  annalist_odf_document_begin_list_item (doc);
  annalist_odf_document_begin_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY);
  annalist_odf_document_add_text (doc, "провести ");
  annalist_odf_document_add_bold (doc, "конференцию");
  annalist_odf_document_add_text (doc, ":");
  annalist_odf_document_end_paragraph (doc);
  annalist_odf_document_begin_list (doc, ANNALIST_ODF_LIST_NUMBERED);
  annalist_odf_document_add_list_item (doc, "подготовить программу;");
  annalist_odf_document_add_list_item (doc, "пригласить участников.");
  annalist_odf_document_end_list (doc);
  annalist_odf_document_end_list_item (doc);
  annalist_odf_document_end_list (doc);

  annalist_odf_document_add_heading (doc, 2, "1.1. Информационное сопровождение");
  annalist_odf_document_begin_table (doc, "Совещания 2022-2023 учебного года", 3, widths);
  annalist_odf_document_add_row (doc, TRUE, (const char * const []) { "№", "Тема", "Участники", NULL });
  for (guint i = 1; i <= 50; i++)
    {
      g_autofree char *num = g_strdup_printf ("%u", i);
      g_autofree char *topic = g_strdup_printf ("Информационно-методическое совещание № %u "
                                                "для руководителей и заместителей руководителей ОУ и ДОУ", i);
      g_autofree char *people = g_strdup_printf ("%u", 20 + i);

      annalist_odf_document_begin_row (doc);
      annalist_odf_document_add_cell_full (doc, num, ANNALIST_ODF_CELL_CENTER, 1);
      annalist_odf_document_add_cell (doc, topic);
      annalist_odf_document_add_number_cell (doc, people);
      annalist_odf_document_end_row (doc);
    }
  annalist_odf_document_end_table (doc);

  annalist_odf_document_add_heading (doc, 3, "1.1.1. Инновационная инфраструктура");
  annalist_odf_document_begin_table (doc, "Инновационная инфраструктура", 4, NULL);
  annalist_odf_document_begin_header_row (doc);
  annalist_odf_document_add_cell (doc, "Тип ОО");
  annalist_odf_document_add_cell_full (doc, "С инновационным статусом", 0, 2);
  annalist_odf_document_add_cell (doc, "Всего");
  annalist_odf_document_end_row (doc);
  annalist_odf_document_add_row (doc, TRUE, (const char * const []) { "", "кол-во", "доля", "", NULL });
  annalist_odf_document_add_row (doc, FALSE, (const char * const []) { "ДОУ", "23", "29,9 %", "77", NULL });
  annalist_odf_document_begin_row (doc);
  annalist_odf_document_add_cell_full (doc, "Итого", ANNALIST_ODF_CELL_BOLD, 1);
  annalist_odf_document_add_cell_full (doc, "45 (35,2 %)", ANNALIST_ODF_CELL_BOLD | ANNALIST_ODF_CELL_NUMBER, 2);
  annalist_odf_document_begin_cell (doc, 1);
  annalist_odf_document_begin_paragraph (doc, ANNALIST_ODF_PARAGRAPH_TABLE_NUMBER);
  annalist_odf_document_add_bold (doc, "128");
  annalist_odf_document_end_paragraph (doc);
  annalist_odf_document_end_cell (doc);
  annalist_odf_document_end_row (doc);
  annalist_odf_document_end_table (doc);

  annalist_odf_document_add_page_break (doc);
  annalist_odf_document_add_heading (doc, 1, "2. Рисунки");
  annalist_odf_document_add_image (doc, png, 2, 2, "Красный квадрат");
  annalist_odf_document_add_chart (doc, &chart, "Доля ОО с инновационным статусом");
  chart.kind = ANNALIST_ODF_CHART_LINE;
  chart.n_series = 1;
  annalist_odf_document_add_chart (doc, &chart, NULL);
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_RIGHT, "Конец.");
}

static char *
write_document (const char *dir,
                const char *name,
                const char *extra_text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistOdfStyle style;

  annalist_odf_style_init_defaults (&style);
  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &style,
                                   extra_text ? extra_text : "Аналитический отчёт", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  annalist_odf_document_set_author (doc, extra_text ? extra_text : "ИМЦ");

  build_full_document (doc, extra_text);

  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&path);
}

/* The visible text survives: the hostile string's printable parts. */
static void
assert_text_survives (xmlDocPtr doc)
{
  g_autofree char *text = xpath_string (doc, "string(//office:text)");
  g_autofree char *all = NULL;
  g_autoptr(GString) word = g_string_new (NULL);
  xmlChar *content = xmlNodeGetContent (xmlDocGetRootElement (doc));

  all = g_strdup ((char *) content);
  xmlFree (content);

  g_assert_nonnull (strstr (all, "<b>&amp; ]]>"));
  g_assert_nonnull (strstr (all, "\"q\" 'a' «ёлочки»"));
  g_assert_nonnull (strstr (all, "😀🇷🇺"));
  g_assert_nonnull (strstr (all, "ctl"));
  g_assert_null (strchr (all, '\x01'));
  g_assert_null (strchr (all, '\x0b'));
  g_assert_null (strchr (all, '\x1f'));
  g_assert_true (g_utf8_validate (all, -1, NULL));

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (word, i % 2 ? 'x' : 'y');
  g_assert_nonnull (strstr (text, word->str));
}

/* The office suite hyphenates, in Russian: body, list and table text
 * (table headers inherit it), two letters at least on each side of a
 * break; not headings or titles. */
static void
assert_hyphenation (xmlDocPtr doc)
{
  static const char * const hyphenated[] = {
    "Text_20_body", "Annalist_20_List", "Table_20_Contents",
  };
  static const char * const whole[] = {
    "Heading_20_1", "Heading_20_2", "Title", "Annalist_20_Table_20_Caption",
  };

  g_assert_cmpfloat (xpath_number (doc, "count(//style:default-style[@style:family='paragraph']"
                                        "/style:text-properties[@fo:language='ru' and @fo:country='RU'"
                                        " and @fo:hyphenate='false'])"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (hyphenated); i++)
    {
      g_autofree char *expr = g_strdup_printf (
        "count(//office:styles/style:style[@style:name='%s']"
        "[style:text-properties[@fo:hyphenate='true' and @fo:hyphenation-remain-char-count='2'"
        " and @fo:hyphenation-push-char-count='2']]"
        "[style:paragraph-properties[@fo:hyphenation-ladder-count='no-limit']])",
        hyphenated[i]);

      g_assert_cmpfloat (xpath_number (doc, expr), ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autofree char *expr = g_strdup_printf (
        "count(//office:styles/style:style[@style:name='%s']//@fo:hyphenate)", whole[i]);

      g_assert_cmpfloat (xpath_number (doc, expr), ==, 0);
    }
  g_assert_cmpfloat (xpath_number (doc, "count(//style:style[@style:name='Table_20_Heading']"
                                        "[@style:parent-style-name='Table_20_Contents'])"), ==, 1);
}

static void
check_fodt (const char *path,
            gboolean    hostile)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);

  g_assert_nonnull (doc);
  g_assert_cmpuint (check_tables (doc), >=, 2 + 2); /* two tables + two chart tables */
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table-header-rows)"), >=, 2);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:table-of-content)"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//draw:object/office:document//chart:chart)"), ==, 2);
  g_assert_cmpfloat (xpath_number (doc, "count(//draw:frame/draw:object/following-sibling::draw:image/office:binary-data)"), ==, 2);
  g_assert_cmpfloat (xpath_number (doc, "count(//draw:image/office:binary-data)"), ==, 3);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:p[starts-with(., 'Таблица 1 – ')])"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:p[starts-with(., 'Таблица 2 – ')])"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:index-body/text:p)"), ==, 4);
  g_assert_cmpfloat (xpath_number (doc, "count(//style:master-page[@style:name='First_20_Page'])"), ==, 1);
  assert_hyphenation (doc);
  if (hostile)
    assert_text_survives (doc);
  xmlFreeDoc (doc);
}

static void
check_odt (const char *path,
           const char *dir,
           gboolean    hostile)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) parts = read_zip (path, &order);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) manifest_file = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *unpacked = g_build_filename (dir, "unpacked", NULL);
  static const char * const required[] = {
    "mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml",
    "Pictures/image1.png", "Object 1/content.xml", "Object 2/content.xml",
    "ObjectReplacements/Object 1", "ObjectReplacements/Object 2",
  };
  xmlDocPtr content, manifest;

  /* mimetype, manifest, content, styles, meta, a picture, two charts
   * with their replacements. */
  g_assert_cmpuint (check_package_layout (path), ==, 10);

  g_assert_cmpstr (g_ptr_array_index (order, 0), ==, "mimetype");
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!g_hash_table_contains (parts, required[i]))
      g_error ("%s lacks %s", path, required[i]);

  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  g_assert_cmpuint (check_tables (content), ==, 2);
  g_assert_cmpfloat (xpath_number (content, "count(//draw:object[@xlink:href='./Object 1'])"), ==, 1);
  g_assert_cmpfloat (xpath_number (content, "count(//draw:frame[draw:object and draw:image])"), ==, 2);
  if (hostile)
    assert_text_survives (content);
  xmlFreeDoc (content);

  for (guint c = 1; c <= 2; c++)
    {
      g_autofree char *name = g_strdup_printf ("Object %u/content.xml", c);
      xmlDocPtr chart = parse_bytes (g_hash_table_lookup (parts, name), name);

      g_assert_cmpuint (check_tables (chart), ==, 1);
      g_assert_cmpfloat (xpath_number (chart, "count(//chart:chart)"), ==, 1);
      g_assert_cmpfloat (xpath_number (chart, "count(//chart:series)"), >=, 1);
      xmlFreeDoc (chart);
    }

  manifest = parse_bytes (g_hash_table_lookup (parts, "META-INF/manifest.xml"), "manifest.xml");
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[@manifest:full-path='Object 1/' and "
                                             "@manifest:media-type='application/vnd.oasis.opendocument.chart'])"), ==, 1);
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[@manifest:full-path='Pictures/image1.png'])"), ==, 1);
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[@manifest:full-path='ObjectReplacements/Object 2'])"), ==, 1);
  xmlFreeDoc (manifest);

  g_assert_cmpint (g_mkdir_with_parents (unpacked, 0755), ==, 0);
  write_part (unpacked, "content.xml", g_hash_table_lookup (parts, "content.xml"), files);
  write_part (unpacked, "styles.xml", g_hash_table_lookup (parts, "styles.xml"), files);
  write_part (unpacked, "meta.xml", g_hash_table_lookup (parts, "meta.xml"), files);
  write_part (unpacked, "Object 1/content.xml", g_hash_table_lookup (parts, "Object 1/content.xml"), files);
  write_part (unpacked, "Object 2/content.xml", g_hash_table_lookup (parts, "Object 2/content.xml"), files);
  g_ptr_array_add (files, NULL);
  write_part (unpacked, "META-INF/manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), manifest_file);
  g_ptr_array_add (manifest_file, NULL);

  if (have_jing ())
    {
      assert_valid (SCHEMA, (const char * const *) files->pdata);
      assert_valid (MANIFEST, (const char * const *) manifest_file->pdata);
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void
test_full_document (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *fodt = write_document (fixture->dir, "отчёт.fodt", NULL);
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", NULL);

  check_fodt (fodt, FALSE);
  check_odt (odt, fixture->dir, FALSE);

  if (have_jing ())
    assert_valid (SCHEMA, (const char * const []) { fodt, NULL });
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GString) text = g_string_new (HOSTILE);
  g_autofree char *fodt = NULL;
  g_autofree char *odt = NULL;

  g_string_append (text, "  \n\n   line\r\nx ");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, i % 2 ? 'x' : 'y');

  fodt = write_document (fixture->dir, "hostile.fodt", text->str);
  odt = write_document (fixture->dir, "hostile.odt", text->str);

  check_fodt (fodt, TRUE);
  check_odt (odt, fixture->dir, TRUE);

  if (have_jing ())
    assert_valid (SCHEMA, (const char * const []) { fodt, NULL });
}

/* Spaces, tabs and line breaks become ODF's elements; the rest of the
 * text goes out as it came, in one piece or in runs. */
static void
test_spaces (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const struct { const char *parts[3]; const char *xml; } cases[] = {
    { { "Простой текст без затей.", NULL }, ">Простой текст без затей.</text:p>" },
    { { "два  пробела", NULL }, ">два <text:s/>пробела</text:p>" },
    { { " в начале", NULL }, "><text:s/>в начале</text:p>" },
    { { "четыре    и\tтаб", NULL }, ">четыре <text:s text:c=\"3\"/>и<text:tab/>таб</text:p>" },
    { { "строка\r\nи\nещё ", NULL }, ">строка<text:line-break/>и<text:line-break/>ещё </text:p>" },
    { { "конец ", " начало", NULL }, ">конец <text:s/>начало</text:p>" },
    { { "a<b & c>", "  ", "d" }, ">a&lt;b &amp; c&gt; <text:s/>d</text:p>" },
  };
  g_autofree char *path = g_build_filename (fixture->dir, "spaces.fodt", NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      annalist_odf_document_begin_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY);
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].parts) && cases[i].parts[k] != NULL; k++)
        annalist_odf_document_add_text (doc, cases[i].parts[k]);
      annalist_odf_document_end_paragraph (doc);
    }
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (strstr (xml, cases[i].xml) == NULL)
      g_error ("%s lacks %s", path, cases[i].xml);
}

static void
test_sanitize (void)
{
  g_autofree char *a = annalist_odf_sanitize_text ("a\x01" "b\x0b" "c\x1f" "d\te\nf\rg", -1);
  g_autofree char *b = annalist_odf_sanitize_text ("bad\xff" "end", -1);
  g_autofree char *c = annalist_odf_sanitize_text ("\xef\xbf\xbe\xef\xbf\xbfok\xed\xa0\x80", -1);
  g_autofree char *d = annalist_odf_sanitize_text (NULL, -1);

  g_assert_cmpstr (a, ==, "abcd\te\nf\rg");
  /* Clean text comes back as it is; U+FFFE and U+FFFF go, their
   * neighbours U+FFFD and U+10000 stay. */
  {
    const char *clean = "Обычный текст, «кавычки», 😀\t\n\r и U+FFFD \xef\xbf\xbd";
    g_autofree char *same = annalist_odf_sanitize_text (clean, -1);
    g_autofree char *part = annalist_odf_sanitize_text (clean, 6);
    g_autofree char *nonchars = annalist_odf_sanitize_text ("a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xf0\x90\x80\x80", -1);

    g_assert_cmpstr (same, ==, clean);
    g_assert_cmpstr (part, ==, "Обы");
    g_assert_cmpstr (nonchars, ==, "abc\xf0\x90\x80\x80");
  }
  g_assert_cmpstr (b, ==, "bad\xef\xbf\xbd" "end");
  g_assert_true (g_str_has_prefix (c, "ok") || strstr (c, "ok") != NULL);
  g_assert_null (strstr (c, "\xef\xbf\xbe"));
  g_assert_null (strstr (c, "\xef\xbf\xbf"));
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_cmpstr (d, ==, "");
}

static void
test_failing_write (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "нет-такой-папки", "report.odt", NULL);
  g_autofree char *blocked = g_build_filename (fixture->dir, "blocked.fodt", NULL);
  g_autofree char *inside = g_build_filename (blocked, "x", NULL);
  g_autofree char *bad_ext = g_build_filename (fixture->dir, "report.docx", NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  /* A folder that does not exist. */
  doc = annalist_odf_document_new (missing, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* An unknown extension. */
  doc = annalist_odf_document_new (bad_ext, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH);
  g_assert_nonnull (strstr (error->message, bad_ext));
  g_clear_error (&error);

  /* The target is a non-empty folder: the final rename fails (even for
   * root, who may write anywhere). */
  g_assert_cmpint (g_mkdir (blocked, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, NULL));
  doc = annalist_odf_document_new (blocked, ANNALIST_ODF_FORMAT_AUTO, NULL, "t", &error);
  g_assert_no_error (error);
  annalist_odf_document_add_heading (doc, 1, "1. Заголовок");
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY, "Текст");
  g_assert_false (annalist_odf_document_close (doc, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, blocked));
  g_clear_error (&error);
  g_clear_pointer (&doc, annalist_odf_document_free);

  /* Only the folder we made is left: no temporary file. */
  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 1);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));

  /* A second close is refused. */
  doc = annalist_odf_document_new (bad_ext, ANNALIST_ODF_FORMAT_ODT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_false (annalist_odf_document_close (doc, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_CLOSED);
  g_assert_true (g_file_test (bad_ext, G_FILE_TEST_IS_REGULAR));
}

/* A write that fails half-way (here: past the largest file the process
 * may write, as on a full disk) reaches close() as a sentence with the
 * system's reason, and leaves no file behind.  The .odt fails in the zip
 * writer (a picture goes straight into the package), the .fodt in the
 * body's temporary file. */
static void
test_write_error (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const char *names[] = { "full.odt", "full.fodt" };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("");
      return;
    }

  {
    struct rlimit limit = { 64 * 1024, 64 * 1024 };

    signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(AnnalistOdfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GByteArray) big = g_byte_array_new ();
      g_autoptr(GBytes) red = red_png ();

      /* A «PNG» of 256 KiB: the signature is all that add_image checks. */
      g_byte_array_append (big, g_bytes_get_data (red, NULL), g_bytes_get_size (red));
      while (big->len < 256 * 1024)
        g_byte_array_append (big, (const guint8 *) "0123456789abcdef", 16);
      png = g_byte_array_free_to_bytes (g_steal_pointer (&big));

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
      g_assert_no_error (error);
      annalist_odf_document_add_heading (doc, 1, "1. Заголовок");
      annalist_odf_document_add_image (doc, png, 10, 10, "Рисунок");
      annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY, "После ошибки");

      g_assert_false (annalist_odf_document_close (doc, &error));
      g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
    }
}

static void
test_invalid_image (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "image.odt", NULL);
  g_autoptr(GBytes) junk = g_bytes_new_static ("GIF89a....", 10);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  annalist_odf_document_add_image (doc, junk, 1, 1, NULL);
  annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY, "ignored");
  g_assert_false (annalist_odf_document_close (doc, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
}

static void
test_abort (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char *names[] = { "aborted.odt", "aborted.fodt", "freed.odt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(AnnalistOdfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = red_png ();

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 1); /* the temporary */
      annalist_odf_document_add_heading (doc, 1, "1. Заголовок");
      annalist_odf_document_add_image (doc, png, 1, 1, NULL);
      annalist_odf_document_begin_table (doc, "Незаконченная", 2, NULL);
      annalist_odf_document_begin_row (doc);
      annalist_odf_document_add_cell (doc, "a");
      if (i < 2)
        annalist_odf_document_abort (doc);
      /* else: the autoptr frees, and so aborts, the unfinished document */
    }

  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
}

static void
test_row_cells_enforced (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("annalist-odf-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "short.fodt", NULL);
      g_autoptr(AnnalistOdfDocument) doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO,
                                                                      NULL, NULL, NULL);

      annalist_odf_document_begin_table (doc, "Короткая строка", 3, NULL);
      annalist_odf_document_add_row (doc, FALSE, (const char * const []) { "a", "b", NULL });
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*row has 2 cells, the table 3 columns*");
}

static void
test_header_after_body_enforced (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("annalist-odf-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "header.odt", NULL);
      g_autoptr(AnnalistOdfDocument) doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO,
                                                                      NULL, NULL, NULL);

      annalist_odf_document_begin_table (doc, NULL, 1, NULL);
      annalist_odf_document_add_row (doc, TRUE, (const char * const []) { "h", NULL });
      annalist_odf_document_add_row (doc, FALSE, (const char * const []) { "b", NULL });
      annalist_odf_document_add_row (doc, TRUE, (const char * const []) { "h2", NULL });
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*header rows must come before*");
}

static void
test_large_table (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "large.odt", NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) parts = NULL;
  xmlDocPtr content;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  annalist_odf_document_add_toc (doc);
  for (guint t = 0; t < 10; t++)
    {
      g_autofree char *heading = g_strdup_printf ("%u. Раздел", t + 1);

      annalist_odf_document_add_heading (doc, 1, heading);
      annalist_odf_document_begin_table (doc, "Большая таблица", 5, NULL);
      annalist_odf_document_add_row (doc, TRUE, (const char * const []) { "№", "ОО", "Тема", "Статус", "Год", NULL });
      for (guint i = 0; i < 500; i++)
        {
          g_autofree char *n = g_strdup_printf ("%u", i + 1);

          annalist_odf_document_add_row (doc, FALSE, (const char * const []) {
            n, "ГБДОУ детский сад № 12 Невского района", "Развитие инженерного мышления дошкольников",
            "РИП", "2023", NULL });
        }
      annalist_odf_document_end_table (doc);
    }
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);
  g_test_message ("5000 rows in %.3f s", g_timer_elapsed (timer, NULL));

  parts = read_zip (path, &order);
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  g_assert_cmpuint (check_tables (content), ==, 10);
  g_assert_cmpfloat (xpath_number (content, "count(//table:table-row)"), ==, 5010);
  g_assert_cmpfloat (xpath_number (content, "count(//text:index-body/text:p)"), ==, 10);
  xmlFreeDoc (content);
}

/* ------------------------------------------------------------------ */
/* Reading packages                                                    */
/* ------------------------------------------------------------------ */

/* A zip made with libgsf in memory: @names[i] holds @contents[i]. */
static GBytes *
make_zip (guint               n,
          const char * const *names,
          const char * const *contents)
{
  GsfOutput *sink = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (sink, NULL);
  GBytes *bytes;

  for (guint i = 0; i < n; i++)
    {
      GsfOutput *part = gsf_outfile_new_child (zip, names[i], FALSE);

      g_assert_true (gsf_output_write (part, strlen (contents[i]), (const guint8 *) contents[i]));
      g_assert_true (gsf_output_close (part));
      g_object_unref (part);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_assert_true (gsf_output_close (sink));
  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                       gsf_output_size (sink));
  g_object_unref (sink);
  return bytes;
}

/* Makes the central directory of @zip declare @size bytes unpacked for
 * @name, as a zip bomb would. */
static GBytes *
with_declared_size (GBytes     *zip,
                    const char *name,
                    guint32     size)
{
  gsize len = g_bytes_get_size (zip);
  guint8 *data = g_memdup2 (g_bytes_get_data (zip, NULL), len);
  guint name_len = strlen (name);
  gboolean found = FALSE;

  for (gsize pos = 0; pos + 46 + name_len <= len; pos++)
    if (memcmp (data + pos, "PK\x01\x02", 4) == 0 &&
        (guint) (data[pos + 28] | (data[pos + 29] << 8)) == name_len &&
        memcmp (data + pos + 46, name, name_len) == 0)
      {
        data[pos + 24] = size & 0xff;
        data[pos + 25] = (size >> 8) & 0xff;
        data[pos + 26] = (size >> 16) & 0xff;
        data[pos + 27] = size >> 24;
        found = TRUE;
      }
  g_assert_true (found);

  return g_bytes_new_take (data, len);
}

static void
assert_refused (GBytes     *bytes,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) parts = annalist_odf_package_read (bytes, &error);

  g_assert_null (parts);
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

/* What the document layer writes reads back part for part, the names
 * with their folders, as another zip reader sees them. */
static void
test_package_read (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", NULL);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "odf-schema", "samples",
                                                   "minimal-ru.odt", NULL);
  const char *paths[] = { odt, sample };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GPtrArray) order = NULL;
      g_autoptr(GHashTable) expected = read_zip (paths[i], &order);
      g_autoptr(GHashTable) parts = NULL;
      g_autoptr(GError) error = NULL;
      GHashTableIter iter;
      gpointer name, bytes;

      parts = annalist_odf_package_read_file (paths[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (parts);

      g_assert_cmpuint (g_hash_table_size (parts), ==, g_hash_table_size (expected));
      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &name, &bytes))
        {
          GBytes *got = g_hash_table_lookup (parts, name);

          if (got == NULL)
            g_error ("%s: %s was not read", paths[i], (const char *) name);
          g_assert_true (g_bytes_equal (got, bytes));
        }
      g_assert_true (g_hash_table_contains (parts, "content.xml"));
      g_assert_true (g_hash_table_contains (parts, "META-INF/manifest.xml"));
    }

  {
    g_autoptr(GHashTable) parts = annalist_odf_package_read_file (odt, NULL);

    g_assert_cmpuint (g_hash_table_size (parts), ==, check_package_layout (odt));
    g_assert_true (g_hash_table_contains (parts, "Object 1/content.xml"));
    g_assert_true (g_hash_table_contains (parts, "ObjectReplacements/Object 2"));
    g_assert_true (g_hash_table_contains (parts, "Pictures/image1.png"));
    g_assert_cmpmem (g_bytes_get_data (g_hash_table_lookup (parts, "mimetype"), NULL), 39,
                     "application/vnd.oasis.opendocument.text", 39);
  }
}

/* Anything else is refused with a sentence, never a crash. */
static void
test_package_refused (Fixture       *fixture,
                      gconstpointer  user_data)
{
  static const char * const no_content[] = { "mimetype", "styles.xml" };
  static const char * const texts[] = { "application/vnd.oasis.opendocument.text", "<x/>" };
  static const char * const two[] = { "content.xml", "Pictures/big.png" };
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "нет.odt", NULL);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("This is not a zip, only text.\n", 30);
  g_autoptr(GBytes) header_only = g_bytes_new_static ("PK\x03\x04\x14\x00\x00\x00", 8);
  g_autoptr(GBytes) package = NULL;
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  assert_refused (empty, "empty");
  assert_refused (garbage, "zip");
  assert_refused (header_only, "zip");

  {
    g_autoptr(GBytes) zip = make_zip (2, no_content, texts);

    assert_refused (zip, "content.xml");
  }

  /* Too many parts. */
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
    g_autoptr(GBytes) zip = NULL;

    g_ptr_array_add (names, g_strdup ("content.xml"));
    g_ptr_array_add (bodies, (char *) "<x/>");
    for (guint i = 0; i < 2000; i++)
      {
        g_ptr_array_add (names, g_strdup_printf ("Pictures/%u.png", i));
        g_ptr_array_add (bodies, (char *) "");
      }
    zip = make_zip (names->len, (const char * const *) names->pdata,
                    (const char * const *) bodies->pdata);
    assert_refused (zip, "2000");
  }

  /* Zip bombs: a part, or two together, that would unpack to more than
   * 256 MiB. */
  {
    static const char * const bodies[] = { "<x/>", "PNG" };
    g_autoptr(GBytes) zip = make_zip (2, two, bodies);
    g_autoptr(GBytes) one = with_declared_size (zip, "Pictures/big.png", 300u << 20);
    g_autoptr(GBytes) half = with_declared_size (zip, "Pictures/big.png", 200u << 20);
    g_autoptr(GBytes) both = with_declared_size (half, "content.xml", 100u << 20);

    assert_refused (one, "Pictures/big.png");
    assert_refused (both, NULL);
  }

  /* A package cut short, or with its content damaged. */
  g_assert_true (g_file_get_contents (odt, &contents, &len, NULL));
  package = g_bytes_new_take (contents, len);
  {
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (package, 0, len / 2);

    assert_refused (cut, "zip");
  }
  /* Damage in the deflated content.xml: inflate fails, or yields other
   * text (zips carry a CRC, which libgsf does not check).  (Not in the
   * zip's directory: libgsf 1.14.50 raises a g_critical for an
   * impossible date there.) */
  {
    const guint8 *p = (const guint8 *) contents;
    gsize header = 0, data_start, csize;

    while (header + 41 < len && !(memcmp (p + header, "PK\x03\x04", 4) == 0 &&
                                  memcmp (p + header + 30, "content.xml", 11) == 0))
      header++;
    g_assert_cmpuint (header + 41, <, len);
    data_start = header + 30 + 11 + (p[header + 28] | (p[header + 29] << 8));
    csize = p[header + 18] | (p[header + 19] << 8) | (p[header + 20] << 16) | ((gsize) p[header + 21] << 24);
    g_assert_cmpuint (csize, >, 256);

    for (gsize at = data_start; at < data_start + csize; at += csize / 5)
      {
        guint8 *copy = g_memdup2 (contents, len);
        g_autoptr(GBytes) damaged = NULL;
        g_autoptr(GHashTable) parts = NULL;
        g_autoptr(GError) damage_error = NULL;

        for (gsize k = at; k < MIN (at + 64, data_start + csize); k++)
          copy[k] ^= 0x5a;
        damaged = g_bytes_new_take (copy, len);
        parts = annalist_odf_package_read (damaged, &damage_error);
        g_test_message ("damage at %" G_GSIZE_FORMAT ": %s", at,
                        damage_error != NULL ? damage_error->message : "read");
        g_assert_true ((parts == NULL) == (damage_error != NULL));
        if (damage_error != NULL)
          g_assert_error (damage_error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA);
      }
  }

  /* The _file variant: the file's name, or why it could not be read. */
  {
    g_autofree char *text = g_build_filename (fixture->dir, "text.odt", NULL);
    g_autoptr(GHashTable) parts = NULL;

    g_assert_true (g_file_set_contents (text, "plain text", -1, NULL));
    parts = annalist_odf_package_read_file (text, &error);
    g_assert_null (parts);
    g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "text.odt"));
    g_clear_error (&error);

    parts = annalist_odf_package_read_file (missing, &error);
    g_assert_null (parts);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
}

static void
test_format_percent (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 35.2, "35,2\u00a0%" },
    { 29.87, "29,9\u00a0%" },
    { 50, "50\u00a0%" },
    { 50.04, "50\u00a0%" },
    { 12.96, "13\u00a0%" },
    { 0, "0\u00a0%" },
    { -0.01, "0\u00a0%" },
    { 100, "100\u00a0%" },
    { -1.5, "-1,5\u00a0%" },
    { 0.05, "0,1\u00a0%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = annalist_odf_format_percent (cases[i].value);

      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_defaults (void)
{
  AnnalistOdfStyle style;

  annalist_odf_style_init_defaults (&style);
  g_assert_cmpfloat (style.page_width_mm, ==, 210);
  g_assert_cmpfloat (style.page_height_mm, ==, 297);
  g_assert_cmpfloat (style.margin_left_mm, ==, 30);
  g_assert_cmpfloat (style.margin_right_mm, ==, 15);
  g_assert_cmpfloat (style.margin_top_mm, ==, 20);
  g_assert_cmpfloat (style.margin_bottom_mm, ==, 20);
  g_assert_cmpstr (style.font_name, ==, "Times New Roman");
  g_assert_cmpfloat (style.font_size_pt, ==, 14);
  g_assert_cmpfloat (style.table_font_size_pt, ==, 12);
  g_assert_cmpfloat (style.line_spacing, ==, 1.5);
  g_assert_cmpfloat (style.first_line_indent_mm, ==, 12.5);
  g_assert_true (style.title_page);
  g_assert_cmpstr (style.language, ==, "ru-RU");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odf/defaults", test_defaults);
  g_test_add_func ("/odf/format-percent", test_format_percent);
  g_test_add_func ("/odf/sanitize", test_sanitize);
  g_test_add ("/odf/spaces", Fixture, NULL, fixture_set_up, test_spaces, fixture_tear_down);
  g_test_add ("/odf/full-document", Fixture, NULL, fixture_set_up, test_full_document, fixture_tear_down);
  g_test_add ("/odf/hostile-text", Fixture, NULL, fixture_set_up, test_hostile_text, fixture_tear_down);
  g_test_add ("/odf/failing-write", Fixture, NULL, fixture_set_up, test_failing_write, fixture_tear_down);
  g_test_add ("/odf/write-error", Fixture, NULL, fixture_set_up, test_write_error, fixture_tear_down);
  g_test_add ("/odf/invalid-image", Fixture, NULL, fixture_set_up, test_invalid_image, fixture_tear_down);
  g_test_add ("/odf/abort", Fixture, NULL, fixture_set_up, test_abort, fixture_tear_down);
  g_test_add ("/odf/package-read", Fixture, NULL, fixture_set_up, test_package_read, fixture_tear_down);
  g_test_add ("/odf/package-refused", Fixture, NULL, fixture_set_up, test_package_refused, fixture_tear_down);
  g_test_add ("/odf/large-table", Fixture, NULL, fixture_set_up, test_large_table, fixture_tear_down);
  g_test_add_func ("/odf/row-cells-enforced", test_row_cells_enforced);
  g_test_add_func ("/odf/header-after-body-enforced", test_header_after_body_enforced);

  return g_test_run ();
}
