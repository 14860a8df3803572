/* test-odf.c — the document layer: a document written from its parts
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests write a small document the way the template engine does
 * (odf-sample.c): a prelude of a few styles, then the text through the
 * document's XML writer, with a table of contents, a table, a picture and
 * two charts; every output is validated against the ODF 1.3 schema.
 * Reading packages, and flat files written as packages: test-odf-package.c.
 */

#define G_LOG_DOMAIN "test-odf"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "annalist-odf.h"
#include "annalist-odf-private.h"
#include "odf-check.h"
#include "odf-sample.h"

/* The strings a user could type or paste. */
#define HOSTILE "ctl\x01\x0b\x1f <b>&amp; ]]> \"q\" 'a' «ёлочки» emoji 😀🇷🇺 bad\xff\xfe\xc3( end"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

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
  g_assert_cmpfloat (xpath_number (doc, "count(//text:index-body/text:index-title/following-sibling::text:p)"), ==, n);
  assert_count (doc, "//text:index-body/text:p//text:tab", 0);
  assert_count (doc, "//text:index-body/text:p/*", 0);

  {
    g_autofree char *style = xpath_string (doc, "string(//text:index-body/text:p[1]/@text:style-name)");
    g_autofree char *text = xpath_string (doc, "string(//text:index-body/text:p[1])");

    g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_1");
    g_assert_cmpstr (text, ==, heading_1);
  }
  if (c->extra)
    {
      g_autofree char *style = xpath_string (doc, "string(//text:index-body/text:p[2]/@text:style-name)");

      g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_2");
      i++;
    }
  {
    g_autofree char *expr = g_strdup_printf ("string(//text:index-body/text:p[%u])", i + 1);
    g_autofree char *style_expr = g_strdup_printf ("string(//text:index-body/text:p[%u]/@text:style-name)", i + 1);
    g_autofree char *text = xpath_string (doc, expr);
    g_autofree char *style = xpath_string (doc, style_expr);

    g_assert_cmpstr (text, ==, heading_2);
    g_assert_cmpstr (style, ==, "Annalist_20_Contents_20_2");
  }
  /* Listed once, as a heading only. */
  g_assert_cmpfloat (xpath_number (doc, "count(//text:p[contains(., '1.1.1.')])"), ==, 0);
  g_assert_cmpfloat (xpath_number (doc, "count(//text:h[. = '1.1.1. Не в содержании'])"), ==, 1);
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
  generator = xpath_string (doc, "string(/office:document/office:meta/meta:generator)");
  title = xpath_string (doc, "string(/office:document/office:meta/dc:title)");
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
  generator = xpath_string (meta, "string(/*/office:meta/meta:generator)");
  title = xpath_string (meta, "string(/*/office:meta/dc:title)");
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
      g_assert_cmpfloat (xpath_number (chart, "count(//chart:series)"), ==, i == 1 ? 2 : 1);
      /* The line's points in the middle of their five categories, not on
       * the axis ends (the bars are there already); the values as written. */
      g_assert_cmpfloat (xpath_number (chart, "count(//style:style[@style:name=//chart:axis[@chart:dimension='x']/@chart:style-name]"
                                              "/style:chart-properties[@chart:minimum='0.5' and @chart:maximum='5.5'])"),
                         ==, i == 1 ? 0 : 1);
      assert_count (chart, "//table:table-cell[@office:value='20.8']/text:p[. = '20.8']", 1);
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
                              "@manifest:media-type='image/svg+xml']", 1);
    }
  xmlFreeDoc (manifest);

  /* The bar chart's picture: SVG, with the title, every year under its
   * bar, two bars a year and the legend's two boxes. */
  if (c->charts)
    {
      xmlDocPtr svg = parse_bytes (g_hash_table_lookup (parts, "ObjectReplacements/Object 1"), "Object 1 picture");
      xmlNodePtr root = xmlDocGetRootElement (svg);

      g_assert_cmpstr ((const char *) root->name, ==, "svg");
      g_assert_cmpstr ((const char *) root->ns->href, ==, "http://www.w3.org/2000/svg");
      g_assert_cmpfloat (xpath_number (svg, "count(//*[local-name()='text'][.='2019-2020'])"), ==, 1);
      g_assert_cmpfloat (xpath_number (svg, "count(//*[local-name()='text'][.='35,2'])"), ==, 1);
      g_assert_cmpfloat (xpath_number (svg, "count(//*[local-name()='text'][starts-with(., 'Доля ОО')])"), >=, 1);
      /* The background, 2 × 5 bars, 2 legend boxes. */
      g_assert_cmpfloat (xpath_number (svg, "count(//*[local-name()='rect'])"), ==, 1 + 10 + 2);
      xmlFreeDoc (svg);
    }

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
  AnnalistXmlOut *w;
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

  if (!in_file_size_limit (64 * 1024))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(AnnalistOdfDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) big = g_byte_array_new ();
      g_autoptr(GBytes) png = NULL;
      AnnalistXmlOut *w;

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

/* The temporary file sits beside the target, hidden, named after it and
 * after this process (".aborted.odt.annalist-HOST-PID-XXXXXX"); abort()
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
      g_autofree char *prefix = g_strconcat (".", names[i], ".annalist-", NULL);
      g_autofree char *pid = g_strdup_printf ("-%ld-", (long) getpid ());
      const char *tmp;

      doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &error);
      g_assert_no_error (error);
      dir = g_dir_open (fixture->dir, 0, NULL);
      tmp = g_dir_read_name (dir);
      g_assert_nonnull (tmp);
      g_assert_true (g_str_has_prefix (tmp, prefix));
      g_assert_nonnull (strstr (tmp, pid));
      g_assert_cmpuint (strlen (strstr (tmp, pid)), ==, strlen (pid) + 6);
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

  return g_test_run ();
}
