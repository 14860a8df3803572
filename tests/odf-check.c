/* odf-check.c — reading back and checking ODF files in the tests
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "annalist-odf.h"

#include "annalist-sample.h"
#include "odf-check.h"

/* Adds the files under @dir to @parts, their names prefixed with @prefix
 * ("Object 1/"), in the order of the zip's directory.  (libgsf 1.14.50
 * defines no autoptr cleanups for its types.) */
static void
read_zip_dir (GsfInfile   *dir,
              const char  *prefix,
              GHashTable  *parts,
              GPtrArray   *order)
{
  for (int i = 0; i < gsf_infile_num_children (dir); i++)
    {
      GsfInput *child = gsf_infile_child_by_index (dir, i);
      char *name = g_strconcat (prefix, gsf_infile_name_by_index (dir, i), NULL);

      g_assert_nonnull (child);
      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        {
          g_autofree char *sub = g_strconcat (name, "/", NULL);

          read_zip_dir (GSF_INFILE (child), sub, parts, order);
          g_free (name);
        }
      else
        {
          gsf_off_t size = gsf_input_size (child);
          guint8 *data = g_malloc (MAX (size, 1));

          g_assert_true (size == 0 || gsf_input_read (child, size, data) != NULL);
          g_ptr_array_add (order, g_strdup (name));
          g_hash_table_insert (parts, name, g_bytes_new_take (data, size));
        }
      g_object_unref (child);
    }
}

/* Reads every file of a zip: name → contents, and the names in the order
 * of the zip's directory (folder by folder). */
GHashTable *
read_zip (const char  *path,
          GPtrArray  **order)
{
  GHashTable *parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  GsfInput *input = gsf_input_stdio_new (path, &error);
  GsfInfile *zip;

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);

  *order = g_ptr_array_new_with_free_func (g_free);
  read_zip_dir (zip, "", parts, *order);
  g_object_unref (zip);
  g_object_unref (input);
  return parts;
}

static guint
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/* Whether the raw deflate data @data begins an SVG picture. */
static gboolean
inflates_to_svg (const guint8 *data,
                 gsize         len)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  char out[512];
  gsize read = 0, written = 0;

  g_converter_convert (G_CONVERTER (z), data, len, out, sizeof out - 1,
                       G_CONVERTER_NO_FLAGS, &read, &written, NULL);
  out[written] = '\0';
  return g_str_has_prefix (out, "<?xml") && strstr (out, "<svg") != NULL;
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* Walks the local headers of the package at @path as a zip reader meets
 * them.  `mimetype` comes first, stored and without an extra field, so
 * that its text is at byte 38 (ODF 1.2 part 3, §3.3); pictures are stored
 * as they are, XML parts deflated; no entry has Zip64 fields or a data
 * descriptor.  Returns the number of entries. */
guint
check_package_layout (const char *path)
{
  static const char media_type[] = "application/vnd.oasis.opendocument.text";
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *p;
  gsize len, pos = 0;
  guint n = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  p = (const guint8 *) data;

  g_assert_cmpuint (len, >, 38 + strlen (media_type));
  g_assert_cmpmem (p, 4, "PK\x03\x04", 4);
  g_assert_cmpuint (le16 (p + 8), ==, 0);   /* stored */
  g_assert_cmpuint (le16 (p + 26), ==, 8);  /* name length */
  g_assert_cmpuint (le16 (p + 28), ==, 0);  /* no extra field */
  g_assert_cmpmem (p + 30, 8, "mimetype", 8);
  g_assert_cmpmem (p + 38, strlen (media_type), media_type, strlen (media_type));

  while (pos + 30 <= len && memcmp (p + pos, "PK\x03\x04", 4) == 0)
    {
      const guint8 *h = p + pos;
      guint method = le16 (h + 8);
      guint32 csize = le32 (h + 18);
      guint name_len = le16 (h + 26);
      guint extra_len = le16 (h + 28);
      g_autofree char *name = NULL;

      g_assert_cmpuint (pos + 30 + name_len + extra_len, <=, len);
      name = g_strndup ((const char *) h + 30, name_len);

      /* Sizes in the header: no data descriptor follows the data. */
      g_assert_cmpuint (le16 (h + 6) & 0x8, ==, 0);
      g_assert_cmpuint (csize, !=, 0xffffffff);
      for (guint e = 0; e + 4 <= extra_len; e += 4 + le16 (h + 30 + name_len + e + 2))
        g_assert_cmpuint (le16 (h + 30 + name_len + e), !=, 0x0001); /* Zip64 */

      /* Compressed pictures are stored: deflating them gains nothing.
       * An SVG picture is text, and deflated. */
      if ((g_str_has_prefix (name, "Pictures/") || g_str_has_prefix (name, "ObjectReplacements/")) &&
          method != 0)
        {
          g_assert_cmpuint (method, ==, 8);
          g_assert_true (inflates_to_svg (h + 30 + name_len + extra_len, csize));
        }
      else if (g_str_has_suffix (name, ".xml"))
        g_assert_cmpuint (method, ==, 8);

      pos += 30 + name_len + extra_len + csize;
      n++;
    }

  /* The central directory follows the last entry. */
  g_assert_cmpuint (pos + 4, <=, len);
  g_assert_cmpmem (p + pos, 4, "PK\x01\x02", 4);
  return n;
}

char *
find_tool (const char *program,
           const char *package)
{
  char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      if (g_getenv ("CI") != NULL)
        g_test_fail_printf ("%s is missing (CI installs %s)", program, package);
      else
        g_test_skip_printf ("%s is not installed", program);
    }
  return path;
}

gboolean
lo_convert (const char         *profile_dir,
            const char         *format,
            const char         *out_dir,
            const char * const *paths)
{
  g_autofree char *soffice = find_tool ("soffice", "libreoffice-writer-nogui");
  g_autofree char *profile_uri = g_filename_to_uri (profile_dir, NULL, NULL);
  g_autofree char *env = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  g_autofree char *extension = g_strndup (format, strcspn (format, ":"));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status;

  if (soffice == NULL)
    return FALSE;
  g_mkdir_with_parents (out_dir, 0700);
  g_ptr_array_add (argv, soffice);
  g_ptr_array_add (argv, "--headless");
  g_ptr_array_add (argv, "--norestore");
  g_ptr_array_add (argv, env);
  g_ptr_array_add (argv, "--convert-to");
  g_ptr_array_add (argv, (char *) format);
  g_ptr_array_add (argv, "--outdir");
  g_ptr_array_add (argv, (char *) out_dir);
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) paths[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &std_out, &std_err, &status, &error);
  g_assert_no_error (error);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *name = NULL;
      g_autofree char *converted = NULL;
      GStatBuf st;

      if (strrchr (base, '.') != NULL)
        *strrchr (base, '.') = '\0';
      name = g_strconcat (base, ".", extension, NULL);
      converted = g_build_filename (out_dir, name, NULL);
      if (g_stat (converted, &st) != 0 || st.st_size == 0)
        g_error ("LibreOffice did not convert %s to %s: %s%s", paths[i], extension, std_out, std_err);
    }
  return TRUE;
}

gboolean
have_jing (void)
{
  g_autofree char *java = g_find_program_in_path ("java");

  if (java != NULL && g_file_test (JING_JAR, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_getenv ("CI") != NULL)
    g_test_fail_printf ("java or %s is missing (CI installs jing)", JING_JAR);
  else
    g_test_skip ("java or " JING_JAR " is missing: install jing and a JRE");
  return FALSE;
}

/* Validates @files against @schema with jing; one java start for all. */
void
assert_valid (const char         *schema,
              const char * const *files)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* jing would only say that it cannot read it. */
  if (!g_file_test (schema, G_FILE_TEST_IS_REGULAR))
    g_error ("the schema %s is missing", schema);

  g_ptr_array_add (argv, (char *) "java");
  g_ptr_array_add (argv, (char *) "-Xss64m");
  g_ptr_array_add (argv, (char *) "-jar");
  g_ptr_array_add (argv, (char *) JING_JAR);
  g_ptr_array_add (argv, (char *) "-i");
  g_ptr_array_add (argv, (char *) schema);
  for (guint i = 0; files[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) files[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("jing: %s%s", out, err);
      g_test_fail_printf ("jing found errors in %s: %s%s", files[0], out, err);
    }
}

void
write_part (const char *dir,
            const char *name,
            GBytes     *bytes,
            GPtrArray  *files)
{
  g_autofree char *flat = g_strdelimit (g_strdup (name), "/ ", '_');
  char *path = g_build_filename (dir, flat, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_ptr_array_add (files, path);
}

xmlXPathContextPtr
xpath_context (xmlDocPtr doc)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);

  xmlXPathRegisterNs (ctx, BAD_CAST "office", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "text", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "table", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "draw", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "style", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:style:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "chart", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:chart:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "xlink", BAD_CAST "http://www.w3.org/1999/xlink");
  xmlXPathRegisterNs (ctx, BAD_CAST "fo", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "manifest", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
  xmlXPathRegisterNs (ctx, BAD_CAST "meta", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:meta:1.0");
  xmlXPathRegisterNs (ctx, BAD_CAST "config", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:config:1.0");
  return ctx;
}

static xmlXPathObjectPtr
xpath_eval (xmlDocPtr   doc,
            const char *expr)
{
  xmlXPathContextPtr ctx = xpath_context (doc);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);

  xmlXPathFreeContext (ctx);
  if (obj == NULL)
    g_error ("cannot evaluate %s", expr);
  return obj;
}

double
xpath_number (xmlDocPtr   doc,
              const char *expr)
{
  xmlXPathObjectPtr obj = xpath_eval (doc, expr);
  double n = xmlXPathCastToNumber (obj);

  xmlXPathFreeObject (obj);
  return n;
}

char *
xpath_string (xmlDocPtr   doc,
              const char *expr)
{
  xmlXPathObjectPtr obj = xpath_eval (doc, expr);
  xmlChar *s = xmlXPathCastToString (obj);
  char *ret = g_strdup ((const char *) s);

  xmlFree (s);
  xmlXPathFreeObject (obj);
  return ret;
}

/* Whether the paragraph style @name of @styles (or one it inherits from)
 * keeps its paragraph with the next. */
gboolean
style_keeps_with_next (xmlDocPtr   styles,
                       const char *name)
{
  g_autofree char *style = g_strdup (name);

  while (style != NULL && *style != '\0')
    {
      g_autofree char *keep_expr = g_strdup_printf ("string(//style:style[@style:family='paragraph' and @style:name='%s']"
                                                    "/style:paragraph-properties/@fo:keep-with-next)", style);
      g_autofree char *parent_expr = g_strdup_printf ("string(//style:style[@style:family='paragraph' and @style:name='%s']"
                                                      "/@style:parent-style-name)", style);
      g_autofree char *keep = xpath_string (styles, keep_expr);

      if (*keep != '\0')
        return g_str_equal (keep, "always");
      g_free (style);
      style = xpath_string (styles, parent_expr);
    }
  return FALSE;
}

/* The root's children, by name: "office:meta office:styles …". */
char *
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

/* The manifest of a text of ODF @version lists "/" and every part of
 * @parts (name → contents) once, but the mimetype and itself, and nothing
 * else but the embedded objects' folders. */
void
check_manifest (xmlDocPtr   manifest,
                GHashTable *parts,
                const char *version)
{
  GHashTableIter iter;
  gpointer name;
  guint n_listed = 0;
  g_autofree char *root_version = NULL;

  /* "/", and every file but the mimetype and the manifest itself. */
  root_version = xpath_string (manifest, "string(//manifest:file-entry[@manifest:full-path='/']/@manifest:version)");
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
      if (xpath_number (manifest, expr) != 1)
        g_error ("the manifest does not list %s once", (const char *) name);
      n_listed++;
    }
  /* Nothing else but the embedded objects' folders. */
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[substring(@manifest:full-path, "
                                             "string-length(@manifest:full-path)) != '/'])"), ==, n_listed);
}

static gboolean
is_table_el (xmlNodePtr  node,
             const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_str_equal ((char *) node->ns->href, "urn:oasis:names:tc:opendocument:xmlns:table:1.0") &&
         g_str_equal ((char *) node->name, name);
}

static guint
repeated (xmlNodePtr  node,
          const char *attr_name)
{
  xmlChar *v = xmlGetNsProp (node, BAD_CAST attr_name,
                             BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
  guint n = 1;

  if (v != NULL)
    n = (guint) g_ascii_strtoull ((char *) v, NULL, 10);
  xmlFree (v);
  return n;
}

/* Walks one table (not into nested tables) counting its columns, rows and
 * header groups. */
static void
collect_table (xmlNodePtr  node,
               guint      *n_columns,
               guint      *n_header_groups,
               GPtrArray  *rows)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || is_table_el (child, "table"))
        continue;
      if (is_table_el (child, "table-column"))
        *n_columns += repeated (child, "number-columns-repeated");
      else if (is_table_el (child, "table-row"))
        g_ptr_array_add (rows, child);
      else
        {
          if (is_table_el (child, "table-header-rows"))
            (*n_header_groups)++;
          collect_table (child, n_columns, n_header_groups, rows);
        }
    }
}

/* A length of the style @name of @family in @doc, in centimetres; -1
 * when it has none. */
static double
style_cm (xmlDocPtr   doc,
          const char *family,
          const char *name,
          const char *attribute)
{
  static const struct { const char *unit; double cm; } units[] = {
    { "cm", 1 }, { "mm", 0.1 }, { "in", 2.54 }, { "pt", 2.54 / 72 }, { "pc", 2.54 / 6 }, { "px", 2.54 / 96 },
  };
  g_autofree char *expr = NULL;
  g_autofree char *value = NULL;
  char *end;
  double v;

  if (name == NULL || strchr (name, '\'') != NULL)
    return -1;
  expr = g_strdup_printf ("string(//style:style[@style:family='%s' and @style:name='%s']/*/@style:%s)",
                          family, name, attribute);
  value = xpath_string (doc, expr);
  v = g_ascii_strtod (value, &end);
  for (guint i = 0; end != value && i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (end, units[i].unit))
      return v * units[i].cm;
  return -1;
}

/* Adds the widths of @node's columns (not a nested table's) to @sum;
 * FALSE when one has none. */
static gboolean
add_column_widths (xmlDocPtr   doc,
                   xmlNodePtr  node,
                   double     *sum)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      if (is_table_el (child, "table-column"))
        {
          xmlChar *name = xmlGetNsProp (child, BAD_CAST "style-name",
                                        BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
          double width = style_cm (doc, "table-column", (char *) name, "column-width");

          xmlFree (name);
          if (width < 0)
            return FALSE;
          *sum += width * repeated (child, "number-columns-repeated");
        }
      else if (is_table_el (child, "table-columns") || is_table_el (child, "table-header-columns") ||
               is_table_el (child, "table-column-group"))
        {
          if (!add_column_widths (doc, child, sum))
            return FALSE;
        }
    }
  return TRUE;
}

/* What the schema cannot say: every row has as many cells as the table has
 * columns, and the header rows form at most one group; where the table
 * and all its columns have widths, the columns fill the table (a suite
 * that lays tables out by the absolute widths shows what they say). */
guint
check_tables (xmlDocPtr doc)
{
  xmlXPathContextPtr ctx = xpath_context (doc);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression (BAD_CAST "//table:table", ctx);
  guint n_tables = 0;

  g_assert_nonnull (obj);
  for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++)
    {
      xmlNodePtr table = obj->nodesetval->nodeTab[i];
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      guint n_columns = 0, n_header_groups = 0;

      collect_table (table, &n_columns, &n_header_groups, rows);
      g_assert_cmpuint (n_columns, >, 0);
      g_assert_cmpuint (n_header_groups, <=, 1);
      g_assert_cmpuint (rows->len, >, 0);

      for (guint r = 0; r < rows->len; r++)
        {
          xmlNodePtr row = g_ptr_array_index (rows, r);
          guint n_cells = 0;

          for (xmlNodePtr cell = row->children; cell != NULL; cell = cell->next)
            if (is_table_el (cell, "table-cell") || is_table_el (cell, "covered-table-cell"))
              n_cells += repeated (cell, "number-columns-repeated");

          g_assert_cmpuint (n_cells, ==, n_columns);
        }

      {
        xmlChar *style = xmlGetNsProp (table, BAD_CAST "style-name",
                                       BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
        double width = style_cm (doc, "table", (char *) style, "width");
        double sum = 0;

        if (width > 0 && add_column_widths (doc, table, &sum) && fabs (sum - width) > 0.03)
          g_error ("the columns of the table styled «%s» add up to %.3f cm, the table is %.3f cm wide",
                   (char *) style, sum, width);
        xmlFree (style);
      }
      n_tables++;
    }

  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  return n_tables;
}

/* The values @expr selects in @doc (attributes), added to @values. */
static void
collect_values (xmlDocPtr   doc,
                const char *expr,
                GPtrArray  *values)
{
  xmlXPathContextPtr ctx = xpath_context (doc);
  xmlXPathObjectPtr obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);

  g_assert_nonnull (obj);
  for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++)
    g_ptr_array_add (values, xmlNodeGetContent (obj->nodesetval->nodeTab[i]));
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
}

/* What the schema cannot say of cross-references: the targets of a family
 * have names of their own, and a reference names one of them, unless the
 * document holds none of its name at all (a loop that found nothing): a
 * reference that names «ftn1_3» where there are «ftn1» and «ftn1_2»
 * prints «Error: Reference source not found». Returns the references. */
guint
check_cross_references (xmlDocPtr doc)
{
  static const struct { const char *targets, *refs; } families[] = {
    { "//text:note/@text:id", "//text:note-ref/@text:ref-name" },
    { "//text:bookmark/@text:name | //text:bookmark-start/@text:name",
      "//text:bookmark-ref/@text:ref-name | //text:a/@xlink:href[starts-with(., '#') and not(contains(., '|'))]" },
    { "//text:reference-mark/@text:name | //text:reference-mark-start/@text:name",
      "//text:reference-ref/@text:ref-name" },
    { "//text:sequence/@text:ref-name", "//text:sequence-ref/@text:ref-name" },
  };
  static const char * const ranges[] = { "bookmark", "reference-mark" };
  guint n_refs = 0;

  /* A range's start without its end is not shown by LibreOffice: a
   * reference to it prints «Error: Reference source not found». */
  for (guint f = 0; f < G_N_ELEMENTS (ranges); f++)
    {
      g_autofree char *start_path = g_strdup_printf ("//text:%s-start/@text:name", ranges[f]);
      g_autofree char *end_path = g_strdup_printf ("//text:%s-end/@text:name", ranges[f]);
      g_autoptr(GPtrArray) starts = g_ptr_array_new_with_free_func (xmlFree);
      g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func (xmlFree);
      g_autoptr(GHashTable) open = g_hash_table_new (g_str_hash, g_str_equal);

      collect_values (doc, start_path, starts);
      collect_values (doc, end_path, ends);
      for (guint i = 0; i < starts->len; i++)
        g_hash_table_add (open, starts->pdata[i]);
      for (guint i = 0; i < ends->len; i++)
        if (!g_hash_table_remove (open, ends->pdata[i]))
          g_error ("the end of the %s «%s» has no start, or a second end", ranges[f], (char *) ends->pdata[i]);
      if (g_hash_table_size (open) > 0)
        {
          GHashTableIter iter;
          gpointer name;

          g_hash_table_iter_init (&iter, open);
          g_hash_table_iter_next (&iter, &name, NULL);
          g_error ("the %s «%s» starts and never ends", ranges[f], (char *) name);
        }
    }

  /* A list continuing another's numbering (xml:id is an ID: one of a
   * value). */
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (xmlFree);
    g_autoptr(GPtrArray) continued = g_ptr_array_new_with_free_func (xmlFree);
    g_autoptr(GHashTable) lists = g_hash_table_new (g_str_hash, g_str_equal);

    collect_values (doc, "//@xml:id", ids);
    for (guint i = 0; i < ids->len; i++)
      if (!g_hash_table_add (lists, ids->pdata[i]))
        g_error ("two elements have the xml:id «%s»", (char *) ids->pdata[i]);
    collect_values (doc, "//text:list/@text:continue-list", continued);
    for (guint i = 0; i < continued->len; i++, n_refs++)
      if (!g_hash_table_contains (lists, continued->pdata[i]))
        g_error ("a list continues «%s», which no list is", (char *) continued->pdata[i]);
  }

  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (xmlFree);
      g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (xmlFree);
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      collect_values (doc, families[f].targets, targets);
      collect_values (doc, families[f].refs, refs);
      for (guint i = 0; i < targets->len; i++)
        if (!g_hash_table_add (names, targets->pdata[i]))
          g_error ("two targets are named «%s» (%s)", (char *) targets->pdata[i], families[f].targets);
      for (guint i = 0; i < refs->len; i++)
        {
          const char *name = refs->pdata[i];
          g_autofree char *base = NULL;
          const char *underscore;
          gboolean any = FALSE;
          GHashTableIter iter;
          gpointer target;

          if (name[0] == '#')
            name++;
          n_refs++;
          if (g_hash_table_contains (names, name))
            continue;
          /* «ftn1_3»: a repetition of «ftn1». */
          underscore = strrchr (name, '_');
          base = underscore != NULL && underscore[1] != '\0' &&
                 strspn (underscore + 1, "0123456789") == strlen (underscore + 1)
                 ? g_strndup (name, underscore - name) : g_strdup (name);
          g_hash_table_iter_init (&iter, names);
          while (!any && g_hash_table_iter_next (&iter, &target, NULL))
            any = g_str_equal (target, base) ||
                  (g_str_has_prefix (target, base) && ((char *) target)[strlen (base)] == '_');
          if (any)
            g_error ("a reference names «%s», which no target is (%s)", name, families[f].refs);
        }
    }
  return n_refs;
}

xmlDocPtr
parse_bytes (GBytes     *bytes,
             const char *name)
{
  xmlDocPtr doc = xmlReadMemory (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 name, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);

  if (doc == NULL)
    g_error ("%s is not well-formed XML", name);
  return doc;
}

/* How many files and folders @path holds. */
guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A fresh temporary folder for each test, removed with what it holds. */
void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-odf-XXXXXX", &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (g_getenv ("ANNALIST_TEST_KEEP") == NULL)
    remove_tree (fixture->dir);
  else
    g_test_message ("kept %s", fixture->dir);
  g_free (fixture->dir);
}

gboolean
in_file_size_limit (gsize bytes)
{
  struct rlimit limit = { bytes, bytes };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("");
      return FALSE;
    }
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  return TRUE;
}

/* The text structure of a document, as tests/check-annual-report.py reads
 * it: one line a heading («H1\t…»), paragraph («P\t…») or table row
 * («R\tcell\tcell»), «T» before a table, «TOC» for a table of contents;
 * what a reader sees, not how it is stored. */

#define TEXT_NS  "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define DRAW_NS  "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

static gboolean
is_el (xmlNodePtr  node,
       const char *ns,
       const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, ns) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

static void
collect_text (xmlNodePtr  node,
              GString    *out)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) c->content);
      else if (is_el (c, TEXT_NS, "s"))
        {
          xmlChar *n = xmlGetNsProp (c, (const xmlChar *) "c", (const xmlChar *) TEXT_NS);
          int count = n != NULL ? atoi ((const char *) n) : 1;

          for (int i = 0; i < count; i++)
            g_string_append_c (out, ' ');
          xmlFree (n);
        }
      else if (is_el (c, TEXT_NS, "tab"))
        g_string_append_c (out, '\t');
      else if (is_el (c, TEXT_NS, "line-break"))
        g_string_append_c (out, '\n');
      else if (is_el (c, TEXT_NS, "note") || is_el (c, TEXT_NS, "bookmark") ||
               is_el (c, TEXT_NS, "soft-page-break") ||
               (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
                strcmp ((const char *) c->ns->href, DRAW_NS) == 0))
        continue;
      else if (c->type == XML_ELEMENT_NODE)
        collect_text (c, out);
    }
}

/* A paragraph's text: soft hyphens out, runs of blanks one space, its
 * lines joined by « / ». */
static char *
text_of (xmlNodePtr node)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  collect_text (node, raw);
  g_string_replace (raw, "\u00ad", "", 0);
  lines = g_strsplit (raw->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean blank = FALSE;

      for (const char *p = lines[i]; *p; p++)
        {
          if (*p == ' ' || *p == '\t')
            blank = TRUE;
          else
            {
              if (blank && line->len > 0)
                g_string_append_c (line, ' ');
              blank = FALSE;
              g_string_append_c (line, *p);
            }
        }
      if (line->len == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, " / ");
      g_string_append (out, line->str);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
cell_texts (xmlNodePtr  node,
            GString    *cell)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is_el (c, TEXT_NS, "p") || is_el (c, TEXT_NS, "h"))
        {
          g_autofree char *t = text_of (c);

          if (*t != '\0')
            g_string_append_printf (cell, "%s%s", cell->len > 0 ? " / " : "", t);
        }
      if (c->type == XML_ELEMENT_NODE)
        cell_texts (c, cell);
    }
}

static void
table_rows (xmlNodePtr  node,
            GPtrArray  *lines)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is_el (c, TABLE_NS, "table-row"))
        {
          g_autoptr(GString) row = g_string_new ("R");

          for (xmlNodePtr cell = c->children; cell != NULL; cell = cell->next)
            if (is_el (cell, TABLE_NS, "table-cell"))
              {
                g_autoptr(GString) text = g_string_new (NULL);

                cell_texts (cell, text);
                g_string_append_printf (row, "\t%s", text->str);
              }
          g_ptr_array_add (lines, g_string_free (g_steal_pointer (&row), FALSE));
        }
      if (c->type == XML_ELEMENT_NODE)
        table_rows (c, lines);
    }
}

static void
walk_body (xmlNodePtr  node,
           GPtrArray  *lines)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is_el (c, TEXT_NS, "h"))
        {
          xmlChar *level = xmlGetNsProp (c, (const xmlChar *) "outline-level", (const xmlChar *) TEXT_NS);
          g_autofree char *t = text_of (c);

          g_ptr_array_add (lines, g_strdup_printf ("H%s\t%s", level ? (const char *) level : "1", t));
          xmlFree (level);
        }
      else if (is_el (c, TEXT_NS, "p"))
        {
          g_autofree char *t = text_of (c);

          if (*t != '\0')
            g_ptr_array_add (lines, g_strdup_printf ("P\t%s", t));
        }
      else if (is_el (c, TABLE_NS, "table"))
        {
          g_ptr_array_add (lines, g_strdup ("T"));
          table_rows (c, lines);
        }
      else if (is_el (c, TEXT_NS, "table-of-content"))
        g_ptr_array_add (lines, g_strdup ("TOC"));
      else if (c->type == XML_ELEMENT_NODE)
        walk_body (c, lines);
    }
}

GPtrArray *
document_lines (const char *fodt)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  xmlDocPtr doc = xmlReadFile (fodt, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_nonnull (doc);
  for (xmlNodePtr body = xmlDocGetRootElement (doc)->children; body != NULL; body = body->next)
    if (body->type == XML_ELEMENT_NODE && strcmp ((const char *) body->name, "body") == 0)
      for (xmlNodePtr text = body->children; text != NULL; text = text->next)
        if (is_el (text, "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "text"))
          walk_body (text, lines);
  xmlFreeDoc (doc);
  return lines;
}

/* Fails unless @lines have the headings and table rows of @golden (a file
 * of lines as document_lines () gives them) in the same order, and the same
 * paragraphs as often, wherever they stand: what check-annual-report.py
 * asks of the annual report. */
void
assert_lines_as_golden (GPtrArray  *lines,
                        const char *golden)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) before = NULL;
  g_autoptr(GHashTable) paragraphs = g_hash_table_new (g_str_hash, g_str_equal);
  guint b = 0, n;

  g_assert_true (g_file_get_contents (golden, &contents, NULL, &error));
  g_assert_no_error (error);
  g_strchomp (contents);
  before = g_strsplit (contents, "\n", -1);

  /* Headings and tables in order: walk both skipping paragraphs. */
  n = 0;
  for (;;)
    {
      while (before[b] != NULL && g_str_has_prefix (before[b], "P\t"))
        b++;
      while (n < lines->len && g_str_has_prefix (g_ptr_array_index (lines, n), "P\t"))
        n++;
      if (before[b] == NULL || n == lines->len)
        break;
      if (g_strcmp0 (before[b], g_ptr_array_index (lines, n)) != 0)
        g_error ("line %u of %s is\n%s\nnot\n%s", b + 1, golden, before[b],
                 (const char *) g_ptr_array_index (lines, n));
      b++, n++;
    }
  g_assert_null (before[b]);
  g_assert_cmpuint (n, ==, lines->len);

  /* Paragraphs as often as before. */
  for (guint i = 0; before[i] != NULL; i++)
    if (g_str_has_prefix (before[i], "P\t"))
      g_hash_table_insert (paragraphs, before[i],
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (paragraphs, before[i])) + 1));
  for (guint i = 0; i < lines->len; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      int count;

      if (!g_str_has_prefix (line, "P\t"))
        continue;
      count = GPOINTER_TO_INT (g_hash_table_lookup (paragraphs, line));
      if (count == 0)
        g_error ("a paragraph %s has not: %s", golden, line);
      g_hash_table_insert (paragraphs, line, GINT_TO_POINTER (count - 1));
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, paragraphs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (GPOINTER_TO_INT (value) != 0)
        g_error ("a paragraph of %s is missing: %s", golden, (const char *) key);
  }
}

AnnalistStore *
sample_store_new (const char  *prefix,
                  char       **dir,
                  char       **database)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_strdup_printf ("annalist-%s-XXXXXX", prefix);
  AnnalistStore *store;

  *dir = g_dir_make_tmp (pattern, &error);
  g_assert_no_error (error);
  *database = g_build_filename (*dir, "sample.db", NULL);
  g_assert_true (annalist_sample_create (*database, 1, &error));
  g_assert_no_error (error);
  store = annalist_store_open (*database, &error);
  g_assert_no_error (error);
  return store;
}

static Run
run_va (const char * const *env,
        const char         *first,
        va_list             ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  Run result = { 0 };

  g_ptr_array_add (argv, (char *) ANNALIST_BIN);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    envp = g_environ_setenv (envp, env[i], env[i + 1], TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, 0, NULL, NULL,
                &result.out, &result.err, &result.status, &error);
  g_assert_no_error (error);
  return result;
}

Run
run (const char *first,
     ...)
{
  va_list ap;
  Run result;

  va_start (ap, first);
  result = run_va (NULL, first, ap);
  va_end (ap);
  return result;
}

Run
run_env (const char * const *env,
         const char         *first,
         ...)
{
  va_list ap;
  Run result;

  va_start (ap, first);
  result = run_va (env, first, ap);
  va_end (ap);
  return result;
}

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
