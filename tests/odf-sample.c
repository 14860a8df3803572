/* odf-sample.c — the small document the document layer's tests write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written the way the template engine writes: a prelude of a few styles,
 * as a template gives it, then the text through the document's XML
 * writer: a title, a table of contents, three headings, text with a bold
 * word, a table, a picture and two charts. Shared by test-odf (writing
 * documents) and test-odf-package (reading them back as packages).
 */

#include <string.h>

#include <glib.h>

#include "annalist-odf.h"
#include "annalist-odf-private.h"
#include "odf-sample.h"

/* A 16×16 red square. */
static const char red_png_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4ISdHEmIY1TCqYfhq"
  "AADkYgQQ60fIxgAAAABJRU5ErkJggg==";

/* ------------------------------------------------------------------ */
/* The prelude: what a template gives before the text                  */
/* ------------------------------------------------------------------ */

static const char prelude_meta[] =
  "<dc:title>Аналитический отчёт</dc:title><dc:language>ru-RU</dc:language>";

const char prelude_settings[] =
  "<config:config-item-set config:name=\"ooo:view-settings\">"
  "<config:config-item config:name=\"ViewAreaTop\" config:type=\"long\">0</config:config-item>"
  "</config:config-item-set>";

static const char prelude_font_faces[] =
  "<style:font-face style:name=\"Times New Roman\" svg:font-family=\"'Times New Roman'\""
  " style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/>";

const char prelude_styles[] =
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

const char prelude_automatic[] =
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

const char heading_1[] = "1. Первый раздел";
const char heading_2[] = "1.1. Подраздел";
static const char heading_3[] = "1.1.1. Не в содержании";

const Content everything = { TRUE, TRUE, NULL };

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static GBytes *
red_png (void)
{
  gsize len;
  guchar *data = g_base64_decode (red_png_base64, &len);

  return g_bytes_new_take (data, len);
}

void
set_prelude (AnnalistOdfDocument *doc,
             AnnalistOdfPrelude   part,
             const char          *xml)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));

  annalist_odf_document_set_prelude (doc, part, bytes);
}

/* Starts @name with the attributes that follow, name and value in turn,
 * up to a NULL. */
void
start (AnnalistXmlOut *w,
       const char       *name,
       ...)
{
  va_list args;
  const char *attr_name;

  annalist_xml_out_start (w, name);
  va_start (args, name);
  while ((attr_name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      annalist_xml_out_attr (w, attr_name, value);
    }
  va_end (args);
}

void
end (AnnalistXmlOut *w)
{
  annalist_xml_out_end (w);
}

void
paragraph (AnnalistXmlOut *w,
           const char       *style,
           const char       *text)
{
  start (w, "text:p", "text:style-name", style, NULL);
  _annalist_odf_out_plain_text (w, text);
  end (w);
}

/* A heading, and its entry in the table of contents. */
void
heading (AnnalistOdfDocument *doc,
         guint                level,
         const char          *text)
{
  AnnalistXmlOut *w = _annalist_odf_document_body (doc);
  g_autofree char *style = g_strdup_printf ("Heading_20_%u", level);
  g_autofree char *outline = g_strdup_printf ("%u", level);

  start (w, "text:h", "text:style-name", style, "text:outline-level", outline, NULL);
  _annalist_odf_out_plain_text (w, text);
  end (w);
  _annalist_odf_document_toc_entry (doc, level, text);
}

/* A table of contents as Writer makes it, its entries left to the
 * document. */
void
table_of_contents (AnnalistOdfDocument *doc,
                   gboolean             with_title)
{
  AnnalistXmlOut *w = _annalist_odf_document_body (doc);

  start (w, "text:table-of-content", "text:style-name", "Sect1", "text:protected", "true",
         "text:name", "Оглавление1", NULL);
  start (w, "text:table-of-content-source", "text:outline-level", "2", NULL);
  start (w, "text:index-title-template", "text:style-name", "Contents_20_Heading", NULL);
  annalist_xml_out_text (w, "Содержание");
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
  AnnalistXmlOut *w = _annalist_odf_document_body (doc);

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
      annalist_xml_out_text (w, red_png_base64);
      end (w);
      end (w);
    }
  end (w); /* draw:frame */
  end (w); /* text:p */
}

void
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
  AnnalistXmlOut *w = _annalist_odf_document_body (doc);

  memcpy (categories, years, sizeof years);
  if (extra != NULL)
    categories[0] = extra;

  start (w, "text:p", "text:style-name", "P1", NULL);
  annalist_odf_document_add_chart (doc, NULL, &chart);
  end (w);

  chart.kind = ANNALIST_ODF_CHART_LINE;
  chart.n_series = 1;
  chart.title = NULL;
  start (w, "text:p", "text:style-name", "P1", NULL);
  annalist_xml_out_text (w, "Рисунок 2 ");
  annalist_odf_document_add_chart (doc, NULL, &chart);
  end (w);
}

/* The small document: a title, the table of contents, three headings
 * (the third too deep to be listed), text with a bold word, a table, a
 * picture and the charts. */
void
write_content (AnnalistOdfDocument *doc,
               const Content       *c)
{
  AnnalistXmlOut *w = _annalist_odf_document_body (doc);
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
  annalist_xml_out_text (w, "В 2022-2023 учебном году ");
  start (w, "text:span", "text:style-name", "T1", NULL);
  annalist_xml_out_text (w, "45 ОО");
  end (w);
  annalist_xml_out_text (w, " имели инновационный статус, это ");
  annalist_xml_out_text (w, percent);
  annalist_xml_out_text (w, ".");
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

/* Writes the document into @dir as @name, a flat file or a package by its
 * extension, and returns its path. */
char *
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
