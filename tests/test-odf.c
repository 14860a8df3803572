/* test-odf.c — the document layer: a document written from its parts
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests write a small document the way the template engine does: a
 * prelude of a few styles, then the text through the document's XML
 * writer, with a table of contents, a table, a picture and two charts;
 * every output is validated against the ODF 1.3 schema.
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
#include "annalist-odf-private.h"
#include "odf-check.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE  "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

/* A 16×16 red square. */
static const char red_png_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4ISdHEmIY1TCqYfhq"
  "AADkYgQQ60fIxgAAAABJRU5ErkJggg==";

/* The strings a user could type or paste. */
#define HOSTILE "ctl\x01\x0b\x1f <b>&amp; ]]> \"q\" 'a' «ёлочки» emoji 😀🇷🇺 bad\xff\xfe\xc3( end"

/* ------------------------------------------------------------------ */
/* The prelude: what a template gives before the text                  */
/* ------------------------------------------------------------------ */

static const char prelude_meta[] =
  "<dc:title>Аналитический отчёт</dc:title><dc:language>ru-RU</dc:language>";

static const char prelude_settings[] =
  "<config:config-item-set config:name=\"ooo:view-settings\">"
  "<config:config-item config:name=\"ViewAreaTop\" config:type=\"long\">0</config:config-item>"
  "</config:config-item-set>";

static const char prelude_font_faces[] =
  "<style:font-face style:name=\"Times New Roman\" svg:font-family=\"'Times New Roman'\""
  " style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/>";

static const char prelude_styles[] =
  "<style:default-style style:family=\"paragraph\">"
  "<style:text-properties style:font-name=\"Times New Roman\" fo:font-size=\"14pt\""
  " fo:language=\"ru\" fo:country=\"RU\"/></style:default-style>"
  "<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>"
  "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\""
  " style:parent-style-name=\"Standard\" style:class=\"text\">"
  "<style:paragraph-properties fo:text-align=\"justify\" fo:text-indent=\"1.25cm\"/></style:style>"
  "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\""
  " style:parent-style-name=\"Standard\" style:default-outline-level=\"1\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\""
  " style:parent-style-name=\"Standard\" style:default-outline-level=\"2\"/>"
  "<style:style style:name=\"Heading_20_3\" style:display-name=\"Heading 3\" style:family=\"paragraph\""
  " style:parent-style-name=\"Standard\" style:default-outline-level=\"3\"/>"
  "<style:style style:name=\"Contents_20_Heading\" style:display-name=\"Contents Heading\""
  " style:family=\"paragraph\" style:parent-style-name=\"Standard\"/>"
  "<style:style style:name=\"Annalist_20_Contents_20_1\" style:display-name=\"Annalist Contents 1\""
  " style:family=\"paragraph\" style:parent-style-name=\"Standard\"/>"
  "<style:style style:name=\"Annalist_20_Contents_20_2\" style:display-name=\"Annalist Contents 2\""
  " style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
  "<style:paragraph-properties fo:margin-left=\"0.5cm\"/></style:style>";

static const char prelude_page_layouts[] =
  "<style:page-layout style:name=\"pm1\">"
  "<style:page-layout-properties fo:page-width=\"21.001cm\" fo:page-height=\"29.7cm\""
  " fo:margin-top=\"2cm\" fo:margin-bottom=\"2cm\" fo:margin-left=\"3cm\" fo:margin-right=\"1.5cm\"/>"
  "<style:footer-style/></style:page-layout>";

static const char prelude_automatic[] =
  "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
  "<style:paragraph-properties fo:text-align=\"center\"/></style:style>"
  "<style:style style:name=\"T1\" style:family=\"text\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
  "<style:style style:name=\"Sect1\" style:family=\"section\"/>";

/* The footer uses an automatic style: styles.xml needs those too. */
static const char prelude_master[] =
  "<style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"
  "<style:footer><text:p text:style-name=\"P1\"><text:page-number text:select-page=\"current\"/></text:p>"
  "</style:footer></style:master-page>";

/* The table of contents lists two levels, in styles of its own. */
static const char * const toc_styles[11] = {
  NULL, "Annalist_20_Contents_20_1", "Annalist_20_Contents_20_2",
};

static const char heading_1[] = "1. Первый раздел";
static const char heading_2[] = "1.1. Подраздел";
static const char heading_3[] = "1.1.1. Не в содержании";

typedef struct
{
  gboolean    settings;   /* settings in the prelude */
  gboolean    charts;     /* two charts */
  const char *extra;      /* one more paragraph, a heading and a chart title */
} Content;

static const Content everything = { TRUE, TRUE, NULL };

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

static void
set_prelude (AnnalistOdfDocument *doc,
             AnnalistOdfPrelude   part,
             const char          *xml)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));

  annalist_odf_document_set_prelude (doc, part, bytes);
}

/* Starts @name with the attributes that follow, name and value in turn,
 * up to a NULL. */
static void
start (xmlTextWriterPtr  w,
       const char       *name,
       ...)
{
  va_list args;
  const char *attr_name;

  xmlTextWriterStartElement (w, BAD_CAST name);
  va_start (args, name);
  while ((attr_name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      xmlTextWriterWriteAttribute (w, BAD_CAST attr_name, BAD_CAST value);
    }
  va_end (args);
}

static void
end (xmlTextWriterPtr w)
{
  xmlTextWriterEndElement (w);
}

static void
paragraph (xmlTextWriterPtr  w,
           const char       *style,
           const char       *text)
{
  start (w, "text:p", "text:style-name", style, NULL);
  _annalist_odf_write_plain_text (w, text);
  end (w);
}

/* A heading, and its entry in the table of contents. */
static void
heading (AnnalistOdfDocument *doc,
         guint                level,
         const char          *text)
{
  xmlTextWriterPtr w = _annalist_odf_document_body (doc);
  g_autofree char *style = g_strdup_printf ("Heading_20_%u", level);
  g_autofree char *outline = g_strdup_printf ("%u", level);

  start (w, "text:h", "text:style-name", style, "text:outline-level", outline, NULL);
  _annalist_odf_write_plain_text (w, text);
  end (w);
  _annalist_odf_document_toc_entry (doc, level, text);
}

/* A table of contents as Writer makes it, its entries left to the
 * document. */
static void
table_of_contents (AnnalistOdfDocument *doc,
                   gboolean             with_title)
{
  xmlTextWriterPtr w = _annalist_odf_document_body (doc);

  start (w, "text:table-of-content", "text:style-name", "Sect1", "text:protected", "true",
         "text:name", "Оглавление1", NULL);
  start (w, "text:table-of-content-source", "text:outline-level", "2", NULL);
  start (w, "text:index-title-template", "text:style-name", "Contents_20_Heading", NULL);
  xmlTextWriterWriteString (w, BAD_CAST "Содержание");
  end (w);
  for (guint level = 1; level <= 2; level++)
    {
      g_autofree char *outline = g_strdup_printf ("%u", level);

      start (w, "text:table-of-content-entry-template", "text:outline-level", outline,
             "text:style-name", toc_styles[level], NULL);
      start (w, "text:index-entry-text", NULL);
      end (w);
      start (w, "text:index-entry-tab-stop", "style:type", "right", "style:leader-char", ".", NULL);
      end (w);
      start (w, "text:index-entry-page-number", NULL);
      end (w);
      end (w);
    }
  end (w); /* text:table-of-content-source */

  start (w, "text:index-body", NULL);
  if (with_title)
    {
      start (w, "text:index-title", "text:style-name", "Sect1", "text:name", "Оглавление1_Head", NULL);
      paragraph (w, "Contents_20_Heading", "Содержание");
      end (w);
    }
  _annalist_odf_document_toc_here (doc, toc_styles, 2);
  end (w); /* text:index-body */
  end (w); /* text:table-of-content */
}

static void
picture (AnnalistOdfDocument *doc)
{
  xmlTextWriterPtr w = _annalist_odf_document_body (doc);

  start (w, "text:p", "text:style-name", "P1", NULL);
  start (w, "draw:frame", "draw:name", "Рисунок1", "text:anchor-type", "as-char",
         "svg:width", "1cm", "svg:height", "1cm", "draw:z-index", "0", NULL);
  if (annalist_odf_document_get_format (doc) == ANNALIST_ODF_FORMAT_ODT)
    {
      start (w, "draw:image", "xlink:href", "Pictures/red.png", "xlink:type", "simple",
             "xlink:show", "embed", "xlink:actuate", "onLoad", "draw:mime-type", "image/png", NULL);
      end (w);
    }
  else
    {
      start (w, "draw:image", "draw:mime-type", "image/png", NULL);
      start (w, "office:binary-data", NULL);
      xmlTextWriterWriteString (w, BAD_CAST red_png_base64);
      end (w);
      end (w);
    }
  end (w); /* draw:frame */
  end (w); /* text:p */
}

static void
charts (AnnalistOdfDocument *doc,
        const char          *extra)
{
  static const char * const years[] = { "2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023" };
  static const double share[] = { 20.8, 19.5, 15, 26, 35.2 };
  static const double teams[] = { 12, 14, 11, 18, 23 };
  const char *categories[G_N_ELEMENTS (years)];
  const AnnalistOdfChartSeries series[] = {
    { "Доля ОО, %", share },
    { extra ? extra : "Команды", teams },
  };
  AnnalistOdfChart chart = {
    .kind = ANNALIST_ODF_CHART_BAR,
    .title = extra ? extra : "Доля ОО, имеющих инновационный статус",
    .x_axis_title = "Учебный год",
    .y_axis_title = "%",
    .n_categories = G_N_ELEMENTS (years),
    .categories = categories,
    .n_series = G_N_ELEMENTS (series),
    .series = series,
  };
  xmlTextWriterPtr w = _annalist_odf_document_body (doc);

  memcpy (categories, years, sizeof years);
  if (extra != NULL)
    categories[0] = extra;

  start (w, "text:p", "text:style-name", "P1", NULL);
  annalist_odf_document_add_chart (doc, &chart);
  end (w);

  chart.kind = ANNALIST_ODF_CHART_LINE;
  chart.n_series = 1;
  chart.title = NULL;
  start (w, "text:p", "text:style-name", "P1", NULL);
  xmlTextWriterWriteString (w, BAD_CAST "Рисунок 2 ");
  annalist_odf_document_add_chart (doc, &chart);
  end (w);
}

/* The small document: a title, the table of contents, three headings
 * (the third too deep to be listed), text with a bold word, a table, a
 * picture and the charts. */
static void
write_content (AnnalistOdfDocument *doc,
               const Content       *c)
{
  xmlTextWriterPtr w = _annalist_odf_document_body (doc);
  g_autofree char *percent = annalist_odf_format_percent (35.2);
  g_autoptr(GBytes) png = red_png ();
  g_autoptr(GBytes) config = g_bytes_new_static ("<x/>", 4);

  set_prelude (doc, ANNALIST_ODF_PRELUDE_META, prelude_meta);
  if (c->settings)
    set_prelude (doc, ANNALIST_ODF_PRELUDE_SETTINGS, prelude_settings);
  set_prelude (doc, ANNALIST_ODF_PRELUDE_FONT_FACES, prelude_font_faces);
  set_prelude (doc, ANNALIST_ODF_PRELUDE_STYLES, prelude_styles);
  set_prelude (doc, ANNALIST_ODF_PRELUDE_PAGE_LAYOUTS, prelude_page_layouts);
  set_prelude (doc, ANNALIST_ODF_PRELUDE_AUTOMATIC, prelude_automatic);
  set_prelude (doc, ANNALIST_ODF_PRELUDE_MASTER, prelude_master);

  /* The template's own files: a picture, a thumbnail, and a file of no
   * known type.  A flat file has its pictures inline and ignores them. */
  annalist_odf_document_add_file (doc, "Pictures/red.png", "image/png", png);
  annalist_odf_document_add_file (doc, "Thumbnails/thumbnail.png", "image/png", png);
  annalist_odf_document_add_file (doc, "Configurations2/accelerator/current.xml", NULL, config);

  paragraph (w, "P1", "Аналитический отчёт");
  table_of_contents (doc, TRUE);

  heading (doc, 1, heading_1);
  start (w, "text:p", "text:style-name", "Text_20_body", NULL);
  xmlTextWriterWriteString (w, BAD_CAST "В 2022-2023 учебном году ");
  start (w, "text:span", "text:style-name", "T1", NULL);
  xmlTextWriterWriteString (w, BAD_CAST "45 ОО");
  end (w);
  xmlTextWriterWriteString (w, BAD_CAST " имели инновационный статус, это ");
  xmlTextWriterWriteString (w, BAD_CAST percent);
  xmlTextWriterWriteString (w, BAD_CAST ".");
  end (w);
  if (c->extra != NULL)
    {
      paragraph (w, "Text_20_body", c->extra);
      heading (doc, 2, c->extra);
    }

  heading (doc, 2, heading_2);
  start (w, "table:table", "table:name", "Таблица1", NULL);
  start (w, "table:table-column", "table:number-columns-repeated", "2", NULL);
  end (w);
  start (w, "table:table-header-rows", NULL);
  start (w, "table:table-row", NULL);
  start (w, "table:table-cell", "office:value-type", "string", NULL);
  paragraph (w, "Standard", "Год");
  end (w);
  start (w, "table:table-cell", "office:value-type", "string", NULL);
  paragraph (w, "Standard", "Доля");
  end (w);
  end (w);
  end (w); /* table:table-header-rows */
  start (w, "table:table-row", NULL);
  start (w, "table:table-cell", "office:value-type", "string", NULL);
  paragraph (w, "Standard", "2022-2023");
  end (w);
  start (w, "table:table-cell", "office:value-type", "string", NULL);
  paragraph (w, "Standard", percent);
  end (w);
  end (w);
  end (w); /* table:table */

  heading (doc, 3, heading_3);
  picture (doc);
  if (c->charts)
    charts (doc, c->extra);
  paragraph (w, "Text_20_body", "Конец.");
}

static char *
write_document (const char    *dir,
                const char    *name,
                const Content *c)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  write_content (doc, c);

  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&path);
}

/* XPath with the namespaces odf-check.c does not register. */
static xmlXPathObjectPtr
eval (xmlDocPtr   doc,
      const char *expr)
{
  xmlXPathContextPtr ctx = xpath_context (doc);
  xmlXPathObjectPtr obj;

  xmlXPathRegisterNs (ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
  xmlXPathRegisterNs (ctx, BAD_CAST "meta", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:meta:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "config", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:config:1.0");
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  xmlXPathFreeContext (ctx);
  if (obj == NULL)
    g_error ("cannot evaluate %s", expr);
  return obj;
}

static double
number (xmlDocPtr   doc,
        const char *expr)
{
  xmlXPathObjectPtr obj = eval (doc, expr);
  double n = xmlXPathCastToNumber (obj);

  xmlXPathFreeObject (obj);
  return n;
}

static char *
string (xmlDocPtr   doc,
        const char *expr)
{
  xmlXPathObjectPtr obj = eval (doc, expr);
  xmlChar *s = xmlXPathCastToString (obj);
  char *ret = g_strdup ((const char *) s);

  xmlFree (s);
  xmlXPathFreeObject (obj);
  return ret;
}

#define assert_count(doc, expr, n) \
  G_STMT_START { \
    double got_ = number ((doc), "count(" expr ")"); \
    if (got_ != (n)) \
      g_error ("count(%s) is %g, not %g", expr, got_, (double) (n)); \
  } G_STMT_END

/* The root's children, by name: "office:meta office:styles …". */
static char *
root_children (xmlDocPtr doc)
{
  GString *names = g_string_new (NULL);

  for (xmlNodePtr c = xmlDocGetRootElement (doc)->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      g_string_append_printf (names, "%s%s:%s", names->len ? " " : "",
                              c->ns && c->ns->prefix ? (const char *) c->ns->prefix : "",
                              (const char *) c->name);
  return g_string_free (names, FALSE);
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

/* The entries of the table of contents: where toc_here() was called,
 * right after the index's title, in the given styles, the headings'
 * text without page numbers (which cannot be known), the third level
 * left out. */
static void
check_toc (xmlDocPtr      doc,
           const Content *c)
{
  guint n = c->extra ? 3 : 2;
  guint i = 1;

  assert_count (doc, "//text:table-of-content", 1);
  assert_count (doc, "//text:index-body/*", 1 + n);
  g_assert_cmpfloat (number (doc, "count(//text:index-body/text:index-title/following-sibling::text:p)"), ==, n);
  assert_count (doc, "//text:index-body/text:p//text:tab", 0);
  assert_count (doc, "//text:index-body/text:p/*", 0);

  {
    g_autofree char *style = string (doc, "string(//text:index-body/text:p[1]/@text:style-name)");
    g_autofree char *text = string (doc, "string(//text:index-body/text:p[1])");

    g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_1");
    g_assert_cmpstr (text, ==, heading_1);
  }
  if (c->extra)
    {
      g_autofree char *style = string (doc, "string(//text:index-body/text:p[2]/@text:style-name)");

      g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_2");
      i++;
    }
  {
    g_autofree char *expr = g_strdup_printf ("string(//text:index-body/text:p[%u])", i + 1);
    g_autofree char *style_expr = g_strdup_printf ("string(//text:index-body/text:p[%u]/@text:style-name)", i + 1);
    g_autofree char *text = string (doc, expr);
    g_autofree char *style = string (doc, style_expr);

    g_assert_cmpstr (text, ==, heading_2);
    g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_2");
  }
  /* Listed once, as a heading only. */
  g_assert_cmpfloat (number (doc, "count(//text:p[contains(., '1.1.1.')])"), ==, 0);
  g_assert_cmpfloat (number (doc, "count(//text:h[. = '1.1.1. Не в содержании'])"), ==, 1);
}

/* What the text holds, in either form. */
static void
check_body (xmlDocPtr      doc,
            const Content *c)
{
  check_toc (doc, c);
  assert_count (doc, "//office:text/text:h", c->extra ? 4 : 3);
  assert_count (doc, "//office:text/text:p/text:span[@text:style-name='T1']", 1);
  assert_count (doc, "//office:text/table:table", 1);
  assert_count (doc, "//table:table[@table:name='Таблица1']//table:table-header-rows/table:table-row", 1);
  assert_count (doc, "//table:table-cell[. = '35,2\u00a0%']", 1);
  assert_count (doc, "//draw:frame[@draw:name='Рисунок1']/draw:image", 1);
  if (c->extra != NULL)
    assert_text_survives (doc);
}

/* ------------------------------------------------------------------ */
/* The flat file                                                       */
/* ------------------------------------------------------------------ */

static void
check_fodt (const char    *path,
            const Content *c)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  g_autofree char *children = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *title = NULL;

  g_assert_nonnull (doc);

  /* The prelude in its places, before the body. */
  children = root_children (doc);
  g_assert_cmpstr (children, ==, c->settings
                   ? "office:meta office:settings office:font-face-decls office:styles "
                     "office:automatic-styles office:master-styles office:body"
                   : "office:meta office:font-face-decls office:styles "
                     "office:automatic-styles office:master-styles office:body");
  generator = string (doc, "string(/office:document/office:meta/meta:generator)");
  title = string (doc, "string(/office:document/office:meta/dc:title)");
  g_assert_true (g_str_has_prefix (generator, "Annalist/"));
  g_assert_cmpstr (title, ==, "Аналитический отчёт");
  assert_count (doc, "/office:document/office:meta/meta:creation-date", 1);
  assert_count (doc, "/office:document/office:settings/config:config-item-set", c->settings ? 1 : 0);
  assert_count (doc, "/office:document/office:font-face-decls/style:font-face[@style:name='Times New Roman']", 1);
  assert_count (doc, "/office:document/office:styles/style:style[@style:name='Text_20_body']", 1);
  assert_count (doc, "/office:document/office:styles/style:style", 8);
  assert_count (doc, "/office:document/office:automatic-styles/style:page-layout[@style:name='pm1']", 1);
  assert_count (doc, "/office:document/office:automatic-styles/style:style[@style:name='P1' or @style:name='T1' or @style:name='Sect1']", 3);
  /* Page layouts first, as the schema allows either way and Writer does. */
  assert_count (doc, "/office:document/office:automatic-styles/*[1][self::style:page-layout]", 1);
  assert_count (doc, "/office:document/office:master-styles/style:master-page[@style:page-layout-name='pm1']", 1);

  check_body (doc, c);
  g_assert_cmpuint (check_tables (doc), ==, 1 + (c->charts ? 2 : 0)); /* the charts' tables */

  /* The pictures are inline, the charts too, with their replacements. */
  assert_count (doc, "//draw:image[@xlink:href]", 0);
  if (c->charts)
    {
      assert_count (doc, "//draw:frame/draw:object/office:document//chart:chart", 2);
      assert_count (doc, "//draw:frame[draw:object]/draw:image/office:binary-data", 2);
      assert_count (doc, "//office:automatic-styles/style:style[@style:family='graphic']", 1);
    }
  assert_count (doc, "//draw:image/office:binary-data", c->charts ? 3 : 1);
  xmlFreeDoc (doc);

  if (have_jing ())
    assert_valid (SCHEMA, (const char * const []) { path, NULL });
}

/* ------------------------------------------------------------------ */
/* The package                                                         */
/* ------------------------------------------------------------------ */

static void
check_manifest (xmlDocPtr   manifest,
                GHashTable *parts,
                const char *version)
{
  GHashTableIter iter;
  gpointer name;
  guint n_listed = 0;
  g_autofree char *root_version = NULL;

  /* "/", and every file but the mimetype and the manifest itself. */
  root_version = string (manifest, "string(//manifest:file-entry[@manifest:full-path='/']/@manifest:version)");
  g_assert_cmpstr (root_version, ==, version);
  assert_count (manifest, "//manifest:file-entry[@manifest:full-path='/' and "
                          "@manifest:media-type='application/vnd.oasis.opendocument.text']", 1);
  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      g_autofree char *expr = NULL;

      if (g_str_equal (name, "mimetype") || g_str_equal (name, "META-INF/manifest.xml"))
        continue;
      expr = g_strdup_printf ("count(//manifest:file-entry[@manifest:full-path='%s'])", (const char *) name);
      if (number (manifest, expr) != 1)
        g_error ("the manifest does not list %s once", (const char *) name);
      n_listed++;
    }
  /* Nothing else but the embedded objects' folders. */
  g_assert_cmpfloat (number (manifest, "count(//manifest:file-entry[substring(@manifest:full-path, "
                                       "string-length(@manifest:full-path)) != '/'])"), ==, n_listed);
}

static void
check_odt (const char    *path,
           const char    *dir,
           const Content *c)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) manifest_file = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *unpacked = g_build_filename (dir, "unpacked", NULL);
  g_autofree char *children = NULL;
  g_autofree char *generator = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  xmlDocPtr content, styles, meta, manifest;
  guint n_entries;

  /* mimetype first, stored, without an extra field; pictures stored as
   * they are, XML deflated. */
  n_entries = check_package_layout (path);

  parts = annalist_odf_package_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (parts), ==, n_entries);

  g_ptr_array_add (expected, (char *) "mimetype");
  g_ptr_array_add (expected, (char *) "content.xml");
  g_ptr_array_add (expected, (char *) "styles.xml");
  g_ptr_array_add (expected, (char *) "meta.xml");
  g_ptr_array_add (expected, (char *) "META-INF/manifest.xml");
  g_ptr_array_add (expected, (char *) "Pictures/red.png");
  g_ptr_array_add (expected, (char *) "Thumbnails/thumbnail.png");
  g_ptr_array_add (expected, (char *) "Configurations2/accelerator/current.xml");
  if (c->settings)
    g_ptr_array_add (expected, (char *) "settings.xml");
  if (c->charts)
    {
      g_ptr_array_add (expected, (char *) "Object 1/content.xml");
      g_ptr_array_add (expected, (char *) "Object 2/content.xml");
      g_ptr_array_add (expected, (char *) "ObjectReplacements/Object 1");
      g_ptr_array_add (expected, (char *) "ObjectReplacements/Object 2");
    }
  for (guint i = 0; i < expected->len; i++)
    if (!g_hash_table_contains (parts, g_ptr_array_index (expected, i)))
      g_error ("%s lacks %s", path, (const char *) g_ptr_array_index (expected, i));
  g_assert_cmpuint (n_entries, ==, expected->len);

  /* content.xml: the automatic styles but the page layouts, and the
   * text. */
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  children = root_children (content);
  g_assert_cmpstr (children, ==, "office:font-face-decls office:automatic-styles office:body");
  assert_count (content, "//office:automatic-styles/style:style[@style:name='P1' or @style:name='T1' or @style:name='Sect1']", 3);
  assert_count (content, "//style:page-layout", 0);
  assert_count (content, "//style:master-page", 0);
  check_body (content, c);
  g_assert_cmpuint (check_tables (content), ==, 1);
  assert_count (content, "//draw:frame[@draw:name='Рисунок1']/draw:image[@xlink:href='Pictures/red.png']", 1);
  if (c->charts)
    {
      assert_count (content, "//draw:object[@xlink:href='./Object 1']", 1);
      assert_count (content, "//draw:object[@xlink:href='./Object 2']", 1);
      assert_count (content, "//draw:frame[draw:object]/draw:image[@xlink:href='./ObjectReplacements/Object 1']", 1);
      assert_count (content, "//office:automatic-styles/style:style[@style:family='graphic']", 1);
    }
  xmlFreeDoc (content);

  /* styles.xml: the styles, the page layouts with the automatic styles
   * the footers use, the master pages. */
  g_clear_pointer (&children, g_free);
  styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");
  children = root_children (styles);
  g_assert_cmpstr (children, ==, "office:font-face-decls office:styles office:automatic-styles office:master-styles");
  assert_count (styles, "/*/office:styles/style:style", 8);
  assert_count (styles, "/*/office:styles/style:style[@style:name='Annalist_20_Contents_20_2']", 1);
  assert_count (styles, "/*/office:automatic-styles/style:page-layout[@style:name='pm1']", 1);
  assert_count (styles, "/*/office:automatic-styles/style:style[@style:name='P1']", 1);
  assert_count (styles, "/*/office:master-styles/style:master-page[@style:name='Standard']//text:page-number", 1);
  assert_count (styles, "//office:body", 0);
  xmlFreeDoc (styles);

  meta = parse_bytes (g_hash_table_lookup (parts, "meta.xml"), "meta.xml");
  generator = string (meta, "string(/*/office:meta/meta:generator)");
  title = string (meta, "string(/*/office:meta/dc:title)");
  g_assert_true (g_str_has_prefix (generator, "Annalist/"));
  g_assert_cmpstr (title, ==, "Аналитический отчёт");
  xmlFreeDoc (meta);

  if (c->settings)
    {
      xmlDocPtr settings = parse_bytes (g_hash_table_lookup (parts, "settings.xml"), "settings.xml");

      assert_count (settings, "/*/office:settings/config:config-item-set/config:config-item", 1);
      xmlFreeDoc (settings);
    }

  for (guint i = 1; c->charts && i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("Object %u/content.xml", i);
      xmlDocPtr chart = parse_bytes (g_hash_table_lookup (parts, name), name);

      g_assert_cmpuint (check_tables (chart), ==, 1);
      assert_count (chart, "//chart:chart", 1);
      g_assert_cmpfloat (number (chart, "count(//chart:series)"), ==, i == 1 ? 2 : 1);
      xmlFreeDoc (chart);
    }

  manifest = parse_bytes (g_hash_table_lookup (parts, "META-INF/manifest.xml"), "manifest.xml");
  check_manifest (manifest, parts, "1.3");
  assert_count (manifest, "//manifest:file-entry[@manifest:full-path='Pictures/red.png' and @manifest:media-type='image/png']", 1);
  assert_count (manifest, "//manifest:file-entry[@manifest:full-path='Configurations2/accelerator/current.xml' and @manifest:media-type='']", 1);
  if (c->charts)
    {
      assert_count (manifest, "//manifest:file-entry[@manifest:full-path='Object 1/' and "
                              "@manifest:media-type='application/vnd.oasis.opendocument.chart']", 1);
      assert_count (manifest, "//manifest:file-entry[@manifest:full-path='ObjectReplacements/Object 2' and "
                              "@manifest:media-type='image/png']", 1);
    }
  xmlFreeDoc (manifest);

  /* Every XML part against the schema. */
  g_assert_cmpint (g_mkdir_with_parents (unpacked, 0755), ==, 0);
  for (guint i = 0; i < expected->len; i++)
    {
      const char *name = g_ptr_array_index (expected, i);

      if (g_str_has_suffix (name, ".xml") && !g_str_has_prefix (name, "META-INF/") &&
          !g_str_has_prefix (name, "Configurations2/"))
        write_part (unpacked, name, g_hash_table_lookup (parts, name), files);
    }
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
/* Writing documents                                                   */
/* ------------------------------------------------------------------ */

static void
test_document (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *fodt = write_document (fixture->dir, "отчёт.fodt", &everything);
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", &everything);

  check_fodt (fodt, &everything);
  check_odt (odt, fixture->dir, &everything);
}

/* Without settings there is no office:settings (an empty one is
 * invalid) and no settings.xml; whitespace alone is no settings. */
static void
test_prelude_parts (Fixture       *fixture,
                    gconstpointer  user_data)
{
  static const Content plain = { FALSE, FALSE, NULL };
  static const char * const blank[] = { NULL, "", " \n\t " };

  for (guint i = 0; i < G_N_ELEMENTS (blank); i++)
    for (guint odt = 0; odt < 2; odt++)
      {
        g_autofree char *name = g_strdup_printf ("blank%u.%s", i, odt ? "odt" : "fodt");
        g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
        g_autoptr(AnnalistOdfDocument) doc = NULL;
        g_autoptr(GError) error = NULL;

        doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
        g_assert_no_error (error);
        /* Settings given, then taken back or left blank: the last call
         * counts. */
        set_prelude (doc, ANNALIST_ODF_PRELUDE_SETTINGS, prelude_settings);
        write_content (doc, &plain);
        if (blank[i] == NULL)
          annalist_odf_document_set_prelude (doc, ANNALIST_ODF_PRELUDE_SETTINGS, NULL);
        else
          set_prelude (doc, ANNALIST_ODF_PRELUDE_SETTINGS, blank[i]);
        g_assert_true (annalist_odf_document_close (doc, &error));
        g_assert_no_error (error);

        if (odt)
          check_odt (path, fixture->dir, &plain);
        else
          check_fodt (path, &plain);
      }
}

/* No prelude at all, no text: still a valid document. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char *names[] = { "empty.fodt", "empty.odt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(AnnalistOdfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      g_assert_true (annalist_odf_document_close (doc, &error));
      g_assert_no_error (error);

      if (i == 0)
        {
          if (have_jing ())
            assert_valid (SCHEMA, (const char * const []) { path, NULL });
        }
      else
        {
          g_autoptr(GHashTable) parts = annalist_odf_package_read_file (path, &error);
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
          g_autoptr(GPtrArray) manifest_file = g_ptr_array_new_with_free_func (g_free);

          g_assert_no_error (error);
          g_assert_cmpuint (check_package_layout (path), ==, 5);
          g_assert_false (g_hash_table_contains (parts, "settings.xml"));
          write_part (fixture->dir, "content.xml", g_hash_table_lookup (parts, "content.xml"), files);
          write_part (fixture->dir, "styles.xml", g_hash_table_lookup (parts, "styles.xml"), files);
          write_part (fixture->dir, "meta.xml", g_hash_table_lookup (parts, "meta.xml"), files);
          g_ptr_array_add (files, NULL);
          write_part (fixture->dir, "manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), manifest_file);
          g_ptr_array_add (manifest_file, NULL);
          if (have_jing ())
            {
              assert_valid (SCHEMA, (const char * const *) files->pdata);
              assert_valid (MANIFEST, (const char * const *) manifest_file->pdata);
            }
        }
    }
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GString) text = g_string_new (HOSTILE);
  g_autofree char *fodt = NULL;
  g_autofree char *odt = NULL;
  Content c = everything;

  g_string_append (text, "  \n\n   line\r\nx ");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, i % 2 ? 'x' : 'y');
  c.extra = text->str;

  fodt = write_document (fixture->dir, "hostile.fodt", &c);
  odt = write_document (fixture->dir, "hostile.odt", &c);

  check_fodt (fodt, &c);
  check_odt (odt, fixture->dir, &c);
}

/* A table of contents without a title: the entries follow the start
 * tag of text:index-body, which must be closed first. */
static void
test_toc_without_title (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *names[] = { "toc.fodt", "toc.odt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(AnnalistOdfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) parts = NULL;
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      xmlDocPtr xml;

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      set_prelude (doc, ANNALIST_ODF_PRELUDE_STYLES, prelude_styles);
      set_prelude (doc, ANNALIST_ODF_PRELUDE_AUTOMATIC, prelude_automatic);
      table_of_contents (doc, FALSE);
      /* A second index is not filled: one a document. */
      table_of_contents (doc, FALSE);
      heading (doc, 1, heading_1);
      heading (doc, 2, heading_2);
      g_assert_true (annalist_odf_document_close (doc, &error));
      g_assert_no_error (error);

      if (i == 0)
        {
          g_autofree char *data = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (path, &data, &len, NULL));
          parts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref);
          g_hash_table_insert (parts, (char *) "content.xml", g_bytes_new_take (g_steal_pointer (&data), len));
        }
      else
        parts = annalist_odf_package_read_file (path, NULL);

      xml = parse_bytes (g_hash_table_lookup (parts, "content.xml"), names[i]);
      assert_count (xml, "//text:table-of-content", 2);
      assert_count (xml, "(//text:index-body)[1]/text:p", 2);
      assert_count (xml, "(//text:index-body)[2]/*", 0);
      assert_count (xml, "(//text:index-body)[1]/text:p[1][@text:style-name='Annalist_20_Contents_20_1']", 1);
      assert_count (xml, "(//text:index-body)[1]/text:p[2][. = '1.1. Подраздел']", 1);
      xmlFreeDoc (xml);

      write_part (fixture->dir, names[i], g_hash_table_lookup (parts, "content.xml"), files);
      g_ptr_array_add (files, NULL);
      if (have_jing ())
        assert_valid (SCHEMA, (const char * const *) files->pdata);
    }
}

/* A template's own embedded object keeps its name: the charts take the
 * next free ones. */
static void
test_chart_object_names (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "objects.odt", NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) object = g_bytes_new_static ("<x/>", 4);
  g_autoptr(GHashTable) parts = NULL;
  xmlDocPtr content;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  annalist_odf_document_add_file (doc, "Object 1/content.xml", "text/xml", object);
  annalist_odf_document_add_file (doc, "Object 3/content.xml", "text/xml", object);
  charts (doc, NULL);
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);

  /* No name twice in the zip. */
  parts = annalist_odf_package_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (parts), ==, check_package_layout (path));
  g_assert_true (g_bytes_equal (g_hash_table_lookup (parts, "Object 1/content.xml"), object));
  g_assert_true (g_bytes_equal (g_hash_table_lookup (parts, "Object 3/content.xml"), object));
  g_assert_true (g_hash_table_contains (parts, "Object 2/content.xml"));
  g_assert_true (g_hash_table_contains (parts, "Object 4/content.xml"));
  g_assert_true (g_hash_table_contains (parts, "ObjectReplacements/Object 4"));

  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  assert_count (content, "//draw:object[@xlink:href='./Object 2']", 1);
  assert_count (content, "//draw:object[@xlink:href='./Object 4']", 1);
  xmlFreeDoc (content);
}

/* A body much larger than the buffers it is copied with, the index's
 * entries in its first bytes. */
static void
test_large_body (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "large.odt", NULL);
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GHashTable) parts = NULL;
  xmlTextWriterPtr w;
  xmlDocPtr content;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  w = _annalist_odf_document_body (doc);
  table_of_contents (doc, TRUE);
  for (guint t = 0; t < 10; t++)
    {
      g_autofree char *title = g_strdup_printf ("%u. Раздел", t + 1);

      heading (doc, 1, title);
      start (w, "table:table", "table:name", title, NULL);
      start (w, "table:table-column", "table:number-columns-repeated", "3", NULL);
      end (w);
      for (guint i = 0; i < 500; i++)
        {
          g_autofree char *n = g_strdup_printf ("%u", i + 1);

          start (w, "table:table-row", NULL);
          paragraph (w, "Standard", n);
          paragraph (w, "Standard", "ГБДОУ детский сад № 12 Невского района");
          paragraph (w, "Standard", "Развитие инженерного мышления дошкольников");
          end (w);
        }
      end (w);
    }
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_no_error (error);
  g_test_message ("5000 rows in %.3f s", g_timer_elapsed (timer, NULL));

  parts = annalist_odf_package_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (g_hash_table_lookup (parts, "content.xml")), >, 1024 * 1024);
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  assert_count (content, "//table:table-row", 5000);
  assert_count (content, "//text:index-body/text:p", 10);
  assert_count (content, "//text:index-body/text:p[10][. = '10. Раздел']", 1);
  xmlFreeDoc (content);
}

/* ------------------------------------------------------------------ */
/* Failures                                                            */
/* ------------------------------------------------------------------ */

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
  doc = annalist_odf_document_new (missing, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_null (doc);
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* An unknown extension. */
  doc = annalist_odf_document_new (bad_ext, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_null (doc);
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH);
  g_assert_nonnull (strstr (error->message, bad_ext));
  g_clear_error (&error);

  /* The target is a non-empty folder: the final rename fails (even for
   * root, who may write anywhere). */
  g_assert_cmpint (g_mkdir (blocked, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, NULL));
  doc = annalist_odf_document_new (blocked, ANNALIST_ODF_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  write_content (doc, &everything);
  g_assert_false (annalist_odf_document_close (doc, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, blocked));
  g_clear_error (&error);
  g_clear_pointer (&doc, annalist_odf_document_free);

  /* Only the folder we made is left: no temporary file. */
  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 1);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));

  /* A second close is refused. */
  doc = annalist_odf_document_new (bad_ext, ANNALIST_ODF_FORMAT_ODT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (annalist_odf_document_get_format (doc), ==, ANNALIST_ODF_FORMAT_ODT);
  g_assert_true (annalist_odf_document_close (doc, &error));
  g_assert_false (annalist_odf_document_close (doc, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_CLOSED);
  g_assert_true (g_file_test (bad_ext, G_FILE_TEST_IS_REGULAR));
}

/* A write that fails half-way (here: past the largest file the process
 * may write, as on a full disk) reaches close() as a sentence with the
 * system's reason, and leaves no file behind.  The .odt fails in the zip
 * writer (a file of the template goes straight into the package), the
 * .fodt in the body's temporary file. */
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
      g_autoptr(GByteArray) big = g_byte_array_new ();
      g_autoptr(GBytes) png = NULL;
      xmlTextWriterPtr w;

      while (big->len < 256 * 1024)
        g_byte_array_append (big, (const guint8 *) "0123456789abcdef", 16);
      png = g_byte_array_free_to_bytes (g_steal_pointer (&big));

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      w = _annalist_odf_document_body (doc);
      heading (doc, 1, heading_1);
      annalist_odf_document_add_file (doc, "Pictures/big.png", "image/png", png);
      for (guint k = 0; k < 300; k++)
        paragraph (w, "Text_20_body", "Текст, который не поместится в файл: "
                                      "0123456789012345678901234567890123456789"
                                      "0123456789012345678901234567890123456789"
                                      "0123456789012345678901234567890123456789"
                                      "0123456789012345678901234567890123456789"
                                      "0123456789012345678901234567890123456789"
                                      "0123456789012345678901234567890123456789");
      paragraph (w, "Text_20_body", "После ошибки");

      g_assert_false (annalist_odf_document_close (doc, &error));
      g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
    }
}

/* The temporary file sits beside the target, named after it; abort()
 * or freeing an unfinished document removes it. */
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
      g_autoptr(GDir) dir = NULL;
      g_autofree char *prefix = g_strconcat (names[i], ".", NULL);
      const char *tmp;

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      dir = g_dir_open (fixture->dir, 0, NULL);
      tmp = g_dir_read_name (dir);
      g_assert_nonnull (tmp);
      g_assert_true (g_str_has_prefix (tmp, prefix));
      g_assert_cmpuint (strlen (tmp), ==, strlen (prefix) + 6);
      g_assert_null (g_dir_read_name (dir));

      write_content (doc, &everything);
      heading (doc, 1, "2. Незаконченный раздел");
      start (_annalist_odf_document_body (doc), "table:table", NULL);
      if (i < 2)
        {
          annalist_odf_document_abort (doc);
          g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
          g_assert_false (annalist_odf_document_close (doc, &error));
          g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_CLOSED);
        }
      /* else: the autoptr frees, and so aborts, the unfinished document */
    }

  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
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
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", &everything);
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

      g_assert_cmpstr (g_ptr_array_index (order, 0), ==, "mimetype");
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
    g_assert_true (g_hash_table_contains (parts, "Pictures/red.png"));
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
  g_autofree char *odt = write_document (fixture->dir, "отчёт.odt", &everything);
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

/* ------------------------------------------------------------------ */
/* A flat file as a package                                            */
/* ------------------------------------------------------------------ */

/* A flat ODF 1.2 text with scripts and a namespace declared below the
 * root. */
static const char flat_1_2[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
  " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
  " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
  " office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
  " <office:scripts/>\n"
  " <office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"/></office:styles>\n"
  " <office:automatic-styles><style:page-layout style:name=\"pm1\"/>"
  "<style:style style:name=\"P1\" style:family=\"paragraph\"><style:text-properties fo:color=\"#ff0000\"/></style:style>"
  "</office:automatic-styles>\n"
  " <office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\"/></office:master-styles>\n"
  " <office:body><office:text><text:p text:style-name=\"P1\">Красный &amp; &lt;текст&gt;</text:p>"
  "<t:p xmlns:t=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">Второй абзац</t:p>"
  "</office:text></office:body>\n"
  "</office:document>\n";

static char *
dump (xmlDocPtr  doc,
      xmlNodePtr node)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *s;

  if (node != NULL)
    xmlNodeDump (buf, doc, node, 0, 0);
  s = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);
  return s;
}

static xmlNodePtr
office_child (xmlDocPtr   doc,
              const char *name)
{
  for (xmlNodePtr c = xmlDocGetRootElement (doc)->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns != NULL && g_str_equal (c->ns->href, NS_OFFICE) &&
        g_str_equal (c->name, name))
      return c;
  return NULL;
}

/* @part holds the flat file's element @name as it is; @without_layouts:
 * its automatic styles without the page layouts. */
static void
assert_same_element (xmlDocPtr   flat,
                     xmlDocPtr   part,
                     const char *name,
                     gboolean    without_layouts)
{
  xmlNodePtr a = office_child (flat, name);
  xmlNodePtr b = office_child (part, name);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  if (without_layouts)
    {
      for (xmlNodePtr c = a->children, next; c != NULL; c = next)
        {
          next = c->next;
          if (c->type == XML_ELEMENT_NODE && g_str_equal (c->ns->href, NS_STYLE) &&
              g_str_equal (c->name, "page-layout"))
            {
              xmlUnlinkNode (c);
              xmlFreeNode (c);
            }
        }
    }
  want = dump (flat, a);
  got = dump (part, b);
  if (g_strcmp0 (want, got) != 0)
    g_error ("office:%s changed in the package:\n%.2000s\n----\n%.2000s", name, want, got);
}

/* Every part's root declares the flat root's namespaces, carries its
 * attributes but the media type. */
static void
assert_same_root (xmlDocPtr flat,
                  xmlDocPtr part)
{
  xmlNodePtr a = xmlDocGetRootElement (flat);
  xmlNodePtr b = xmlDocGetRootElement (part);
  xmlNsPtr na, nb;
  g_autofree char *version_a = (char *) xmlGetNsProp (a, BAD_CAST "version", BAD_CAST NS_OFFICE);
  g_autofree char *version_b = (char *) xmlGetNsProp (b, BAD_CAST "version", BAD_CAST NS_OFFICE);

  for (na = a->nsDef, nb = b->nsDef; na != NULL && nb != NULL; na = na->next, nb = nb->next)
    {
      g_assert_cmpstr ((const char *) na->prefix, ==, (const char *) nb->prefix);
      g_assert_cmpstr ((const char *) na->href, ==, (const char *) nb->href);
    }
  g_assert_null (na);
  g_assert_null (nb);
  g_assert_cmpstr (version_a, ==, version_b);
  g_assert_false (xmlHasNsProp (b, BAD_CAST "mimetype", BAD_CAST NS_OFFICE));
}

/* Writes @fodt as a package into @dir and checks that it holds the flat
 * file's parts unchanged, validates, and reads back.  Returns its path. */
static char *
check_write_flat (const char *dir,
                  const char *name,
                  GBytes     *fodt,
                  const char *schema,
                  const char *manifest_schema)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *unpacked = g_build_filename (dir, "unpacked", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) manifest_file = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version = NULL;
  g_autofree char *children = NULL;
  xmlDocPtr flat, content, styles, manifest;
  gboolean has_settings, has_meta;
  guint n;

  g_assert_true (annalist_odf_package_write_flat (fodt, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_dir_entries (dir), >, 0);

  n = check_package_layout (path);
  parts = annalist_odf_package_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (parts), ==, n);

  flat = parse_bytes (fodt, name);
  version = (char *) xmlGetNsProp (xmlDocGetRootElement (flat), BAD_CAST "version", BAD_CAST NS_OFFICE);
  has_settings = office_child (flat, "settings") != NULL;
  has_meta = office_child (flat, "meta") != NULL;
  g_assert_true (g_hash_table_contains (parts, "mimetype"));
  g_assert_true (g_hash_table_contains (parts, "content.xml"));
  g_assert_true (g_hash_table_contains (parts, "styles.xml"));
  g_assert_true (g_hash_table_contains (parts, "META-INF/manifest.xml"));
  g_assert_true (g_hash_table_contains (parts, "meta.xml") == has_meta);
  g_assert_true (g_hash_table_contains (parts, "settings.xml") == has_settings);
  g_assert_cmpuint (n, ==, 4 + has_meta + has_settings);

  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  assert_same_root (flat, content);
  children = root_children (content);
  g_test_message ("%s content.xml: %s", name, children);
  assert_same_element (flat, content, "scripts", FALSE);
  assert_same_element (flat, content, "font-face-decls", FALSE);
  assert_same_element (flat, content, "body", FALSE);
  assert_count (content, "/*/office:styles | /*/office:master-styles | /*/office:meta | /*/office:settings", 0);

  styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");
  assert_same_root (flat, styles);
  assert_same_element (flat, styles, "font-face-decls", FALSE);
  assert_same_element (flat, styles, "styles", FALSE);
  assert_same_element (flat, styles, "automatic-styles", FALSE);
  assert_same_element (flat, styles, "master-styles", FALSE);
  assert_count (styles, "/*/office:body | /*/office:scripts", 0);
  /* Last: it takes the page layouts out of the flat file. */
  assert_same_element (flat, content, "automatic-styles", TRUE);
  xmlFreeDoc (styles);
  xmlFreeDoc (content);

  if (has_meta)
    {
      xmlDocPtr meta = parse_bytes (g_hash_table_lookup (parts, "meta.xml"), "meta.xml");

      assert_same_root (flat, meta);
      assert_same_element (flat, meta, "meta", FALSE);
      xmlFreeDoc (meta);
    }
  if (has_settings)
    {
      xmlDocPtr settings = parse_bytes (g_hash_table_lookup (parts, "settings.xml"), "settings.xml");

      assert_same_root (flat, settings);
      assert_same_element (flat, settings, "settings", FALSE);
      xmlFreeDoc (settings);
    }
  xmlFreeDoc (flat);

  manifest = parse_bytes (g_hash_table_lookup (parts, "META-INF/manifest.xml"), "manifest.xml");
  check_manifest (manifest, parts, version);
  {
    g_autofree char *manifest_version = string (manifest, "string(/manifest:manifest/@manifest:version)");

    g_assert_cmpstr (manifest_version, ==, version);
  }
  xmlFreeDoc (manifest);

  g_assert_cmpint (g_mkdir_with_parents (unpacked, 0755), ==, 0);
  write_part (unpacked, "content.xml", g_hash_table_lookup (parts, "content.xml"), files);
  write_part (unpacked, "styles.xml", g_hash_table_lookup (parts, "styles.xml"), files);
  if (has_meta)
    write_part (unpacked, "meta.xml", g_hash_table_lookup (parts, "meta.xml"), files);
  if (has_settings)
    write_part (unpacked, "settings.xml", g_hash_table_lookup (parts, "settings.xml"), files);
  g_ptr_array_add (files, NULL);
  write_part (unpacked, "manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), manifest_file);
  g_ptr_array_add (manifest_file, NULL);
  if (have_jing ())
    {
      assert_valid (schema, (const char * const *) files->pdata);
      assert_valid (manifest_schema, (const char * const *) manifest_file->pdata);
    }
  remove_tree (unpacked);

  return g_steal_pointer (&path);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* The flat files whose packages the tests check: the built-in annual
 * report, a sample written by hand, and one the document layer wrote
 * (with settings, charts and pictures inline). */
static GPtrArray *
flat_inputs (const char *dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "annual-report.fodt", NULL));
  g_ptr_array_add (paths, g_test_build_filename (G_TEST_DIST, "odf-schema", "samples",
                                                 "minimal-ru.fodt", NULL));
  g_ptr_array_add (paths, write_document (dir, "written.fodt", &everything));
  return paths;
}

static void
test_write_flat (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) inputs = flat_inputs (fixture->dir);

  for (guint i = 0; i < inputs->len; i++)
    {
      g_autoptr(GBytes) fodt = read_bytes (g_ptr_array_index (inputs, i));
      g_autofree char *name = g_strdup_printf ("package%u.odt", i);
      g_autofree char *path = NULL;

      g_test_message ("%s", (const char *) g_ptr_array_index (inputs, i));
      path = check_write_flat (fixture->dir, name, fodt, SCHEMA, MANIFEST);
    }

  /* ODF 1.2, with scripts: the version goes to the manifest. */
  {
    g_autoptr(GBytes) fodt = g_bytes_new_static (flat_1_2, strlen (flat_1_2));
    g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "odf-schema", "odf1.2",
                                                     "OpenDocument-v1.2-os-schema.rng", NULL);
    g_autofree char *manifest = g_test_build_filename (G_TEST_DIST, "odf-schema", "odf1.2",
                                                       "OpenDocument-v1.2-os-manifest-schema.rng", NULL);
    g_autofree char *path = check_write_flat (fixture->dir, "1.2.odt", fodt, schema, manifest);
    g_autoptr(GHashTable) parts = annalist_odf_package_read_file (path, NULL);
    xmlDocPtr content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
    g_autofree char *children = root_children (content);

    g_assert_cmpstr (children, ==, "office:scripts office:automatic-styles office:body");
    assert_count (content, "//text:p[. = 'Красный & <текст>']", 1);
    assert_count (content, "//text:p[. = 'Второй абзац']", 1);
    xmlFreeDoc (content);
  }

  /* The target is replaced; nothing is left beside it. */
  {
    g_autoptr(GBytes) fodt = read_bytes (g_ptr_array_index (inputs, 1));
    g_autofree char *path = g_build_filename (fixture->dir, "package0.odt", NULL);
    g_autoptr(GError) error = NULL;
    guint before = count_dir_entries (fixture->dir);
    g_autoptr(GHashTable) parts = NULL;
    g_autoptr(GBytes) expected = NULL;

    g_assert_true (annalist_odf_package_write_flat (fodt, path, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_dir_entries (fixture->dir), ==, before);
    parts = annalist_odf_package_read_file (path, &error);
    g_assert_no_error (error);
    expected = read_bytes (g_ptr_array_index (inputs, 1));
    {
      xmlDocPtr flat = parse_bytes (expected, "minimal-ru.fodt");
      xmlDocPtr content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");

      assert_same_element (flat, content, "body", FALSE);
      xmlFreeDoc (content);
      xmlFreeDoc (flat);
    }
  }
}

/* LibreOffice opens the packages: it converts them to PDF. */
static void
test_write_flat_libreoffice (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autoptr(GPtrArray) inputs = NULL;
  g_autofree char *profile = g_build_filename (fixture->dir, "profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *installation = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "pdf", NULL);

  if (soffice == NULL)
    {
      g_test_skip ("soffice is missing: install libreoffice-writer-nogui");
      return;
    }

  inputs = flat_inputs (fixture->dir);
  for (guint i = 0; i < inputs->len; i++)
    {
      g_autoptr(GBytes) fodt = read_bytes (g_ptr_array_index (inputs, i));
      g_autofree char *name = g_strdup_printf ("package%u.odt", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *pdf_name = g_strdup_printf ("package%u.pdf", i);
      g_autofree char *pdf = g_build_filename (out, pdf_name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *std_out = NULL;
      g_autofree char *std_err = NULL;
      const char *argv[] = {
        soffice, installation, "--headless", "--norestore", "--convert-to", "pdf",
        "--outdir", out, path, NULL,
      };
      GStatBuf st;
      int status;

      g_assert_true (annalist_odf_package_write_flat (fodt, path, &error));
      g_assert_no_error (error);

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &std_out, &std_err, &status, &error);
      g_assert_no_error (error);
      g_test_message ("soffice: %s%s", std_out, std_err);
      /* soffice says nothing in its exit status: the PDF tells. */
      if (g_stat (pdf, &st) != 0 || st.st_size == 0)
        g_error ("LibreOffice did not convert %s (from %s): %s%s", path,
                 (const char *) g_ptr_array_index (inputs, i), std_out, std_err);
      {
        g_autoptr(GBytes) bytes = read_bytes (pdf);

        g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
      }
    }
}

static void
assert_flat_refused (const char *dir,
                     const char *text,
                     const char *words)
{
  g_autoptr(GBytes) fodt = g_bytes_new_static (text, strlen (text));
  g_autofree char *path = g_build_filename (dir, "refused.odt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (annalist_odf_package_write_flat (fodt, path, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);
}

/* What is not a flat text is refused with a sentence, and leaves no
 * file; so does a target that cannot be written. */
static void
test_write_flat_refused (Fixture       *fixture,
                         gconstpointer  user_data)
{
#define ROOT_START "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
                   " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\""
  g_autofree char *missing = g_build_filename (fixture->dir, "нет-такой-папки", "template.odt", NULL);
  g_autoptr(GBytes) fodt = g_bytes_new_static (flat_1_2, strlen (flat_1_2));
  g_autoptr(GError) error = NULL;

  assert_flat_refused (fixture->dir, "", "empty");
  assert_flat_refused (fixture->dir, "This is not XML.", "XML");
  assert_flat_refused (fixture->dir, ROOT_START " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
                                     "<office:body><office:text><text:p>", "XML");
  /* An entity would stay a reference no part declares. */
  assert_flat_refused (fixture->dir,
                       "<!DOCTYPE office:document [<!ENTITY e \"x\">]>"
                       ROOT_START " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
                       "<office:body><office:text><text:p>&e;</text:p></office:text></office:body></office:document>",
                       "document type");
  /* Another root, another kind, no text. */
  assert_flat_refused (fixture->dir,
                       "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">"
                       "<office:body><office:text/></office:body></office:document-content>",
                       "another kind");
  assert_flat_refused (fixture->dir,
                       ROOT_START " office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
                       "<office:body><office:spreadsheet/></office:body></office:document>",
                       "another kind");
  assert_flat_refused (fixture->dir,
                       ROOT_START " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
                       "<office:body/></office:document>",
                       "no text");

  g_assert_false (annalist_odf_package_write_flat (fodt, missing, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
#undef ROOT_START
}

/* A package that cannot be written whole leaves nothing behind. */
static void
test_write_flat_error (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GString) text = g_string_new (flat_1_2);
  g_autofree char *path = g_build_filename (fixture->dir, "big.odt", NULL);
  g_autoptr(GBytes) fodt = NULL;
  g_autoptr(GError) error = NULL;
  gsize at;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("");
      return;
    }

  {
    struct rlimit limit = { 16 * 1024, 16 * 1024 };

    signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  }

  /* Text that deflates badly: 1 MiB of random digits. */
  {
    g_autoptr(GString) digits = g_string_sized_new (1024 * 1024);

    for (guint i = 0; i < 1024 * 1024; i++)
      g_string_append_c (digits, '0' + g_random_int_range (0, 10));
    at = strstr (text->str, "Второй абзац") - text->str;
    g_string_insert (text, at, digits->str);
  }
  fodt = g_string_free_to_bytes (g_steal_pointer (&text));

  g_assert_false (annalist_odf_package_write_flat (fodt, path, &error));
  g_assert_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (count_dir_entries (fixture->dir), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Text and numbers                                                    */
/* ------------------------------------------------------------------ */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odf/format-percent", test_format_percent);
  g_test_add_func ("/odf/sanitize", test_sanitize);
  g_test_add ("/odf/document", Fixture, NULL, fixture_set_up, test_document, fixture_tear_down);
  g_test_add ("/odf/prelude-parts", Fixture, NULL, fixture_set_up, test_prelude_parts, fixture_tear_down);
  g_test_add ("/odf/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/odf/hostile-text", Fixture, NULL, fixture_set_up, test_hostile_text, fixture_tear_down);
  g_test_add ("/odf/toc-without-title", Fixture, NULL, fixture_set_up, test_toc_without_title, fixture_tear_down);
  g_test_add ("/odf/chart-object-names", Fixture, NULL, fixture_set_up, test_chart_object_names, fixture_tear_down);
  g_test_add ("/odf/large-body", Fixture, NULL, fixture_set_up, test_large_body, fixture_tear_down);
  g_test_add ("/odf/failing-write", Fixture, NULL, fixture_set_up, test_failing_write, fixture_tear_down);
  g_test_add ("/odf/write-error", Fixture, NULL, fixture_set_up, test_write_error, fixture_tear_down);
  g_test_add ("/odf/abort", Fixture, NULL, fixture_set_up, test_abort, fixture_tear_down);
  g_test_add ("/odf/package-read", Fixture, NULL, fixture_set_up, test_package_read, fixture_tear_down);
  g_test_add ("/odf/package-refused", Fixture, NULL, fixture_set_up, test_package_refused, fixture_tear_down);
  g_test_add ("/odf/write-flat", Fixture, NULL, fixture_set_up, test_write_flat, fixture_tear_down);
  g_test_add ("/odf/write-flat-refused", Fixture, NULL, fixture_set_up, test_write_flat_refused, fixture_tear_down);
  g_test_add ("/odf/write-flat-error", Fixture, NULL, fixture_set_up, test_write_flat_error, fixture_tear_down);
  g_test_add ("/odf/write-flat-libreoffice", Fixture, NULL, fixture_set_up, test_write_flat_libreoffice, fixture_tear_down);

  return g_test_run ();
}
