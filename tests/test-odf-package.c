/* test-odf-package.c — the document layer: packages read, flat files packed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the document layer writes reads back part for part, and anything
 * else is refused with a sentence; a flat text written as a package holds
 * the flat file's parts unchanged, validates against its version's schema,
 * and opens in LibreOffice. The documents read are the small one
 * odf-sample.c writes, a sample by hand and the built-in annual report.
 */

#define G_LOG_DOMAIN "test-odf-package"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "annalist-odf.h"
#include "odf-check.h"
#include "odf-sample.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE  "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

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
    g_autofree char *manifest_version = xpath_string (manifest, "string(/manifest:manifest/@manifest:version)");

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
  g_autoptr(GPtrArray) inputs = flat_inputs (fixture->dir);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *profile = g_build_filename (fixture->dir, "profile", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "pdf", NULL);

  for (guint i = 0; i < inputs->len; i++)
    {
      g_autoptr(GBytes) fodt = read_bytes (g_ptr_array_index (inputs, i));
      g_autofree char *name = g_strdup_printf ("package%u.odt", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (annalist_odf_package_write_flat (fodt, path, &error));
      g_assert_no_error (error);
      g_strv_builder_add (paths, path);
    }
  list = g_strv_builder_end (paths);
  if (!lo_convert (profile, "pdf", out, (const char * const *) list))
    return;
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *pdf_name = g_strdup_printf ("package%u.pdf", i);
      g_autofree char *pdf = g_build_filename (out, pdf_name, NULL);
      g_autoptr(GBytes) bytes = read_bytes (pdf);

      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
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

  if (!in_file_size_limit (16 * 1024))
    return;

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/odf/package-read", Fixture, NULL, fixture_set_up, test_package_read, fixture_tear_down);
  g_test_add ("/odf/package-refused", Fixture, NULL, fixture_set_up, test_package_refused, fixture_tear_down);
  g_test_add ("/odf/write-flat", Fixture, NULL, fixture_set_up, test_write_flat, fixture_tear_down);
  g_test_add ("/odf/write-flat-refused", Fixture, NULL, fixture_set_up, test_write_flat_refused, fixture_tear_down);
  g_test_add ("/odf/write-flat-error", Fixture, NULL, fixture_set_up, test_write_flat_error, fixture_tear_down);
  g_test_add ("/odf/write-flat-libreoffice", Fixture, NULL, fixture_set_up, test_write_flat_libreoffice, fixture_tear_down);

  return g_test_run ();
}
