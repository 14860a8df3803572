/* test-writer-round-trip.c — the built-in templates after Writer's save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A methodologist adapts a built-in document by saving its template
 * («Сохранить шаблон как…»), editing it in LibreOffice Writer and loading
 * it back. Writer rewrites the file when it saves: its own names for the
 * automatic styles, text cut into spans, soft page breaks, settings. A
 * template that only went through Writer must give the same document as
 * the built-in one: the same paragraphs and headings, the same tables
 * with the same rows and cells (text and numbers), the same charts.
 *
 * LibreOffice converts all eight templates to .odt in one run (what
 * Writer's «Save» writes), and those .odt once more (a template saved
 * again after it was loaded); each is exported with the sample district
 * beside the built-in one, and their texts compared. Without soffice the
 * test is skipped, except on CI, where it fails.
 *
 * LibreOffice's conversion types nothing; what Writer writes after the
 * user typed in a paragraph is made here, without it: the paragraph in an
 * automatic style of its own under the template's (its revision id), its
 * text cut into spans anywhere, a placeholder too, and a soft page break
 * inside it where a line wrapped.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <locale.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-store-private.h"
#include "odf-check.h"
#include "temp-tree.h"

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define OFFICEOOO_NS "http://openoffice.org/2009/office"

static char *dir;
static char *database;
static AnnalistStore *store;

/* Each built-in template with the parameters of a document that has
 * something in each of its parts in the sample district. */
static const struct
{
  const char            *id;
  AnnalistDocumentParams params;
  guint                  min_lines;  /* what the built-in gives at least */
} documents[] = {
  { ANNALIST_DOCUMENT_ANNUAL_REPORT, { .year = 2022 }, 1000 },
  { ANNALIST_DOCUMENT_SITE_REPORT, { .project_id = 8, .year = 2022, .period_from = 2022, .period_to = 2022 }, 100 },
  { ANNALIST_DOCUMENT_INFRASTRUCTURE, { .year = 2022 }, 500 },
  { ANNALIST_DOCUMENT_PROGRAMME, { .plan_id = 1 }, 500 },
  /* The plan of an organisation without a founder: an empty first line
   * that keeps the title page's page style. */
  { ANNALIST_DOCUMENT_PROGRAMME, { .plan_id = 2 }, 200 },
  { ANNALIST_DOCUMENT_PLAN_FACT, { .plan_id = 2, .year = 2018 }, 300 },
  { ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY, { .plan_id = 2, .year = 2018 }, 100 },
  { ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY, { .organisation_id = 82, .period_from = 2016, .period_to = 2022 }, 200 },
  { ANNALIST_DOCUMENT_REGISTER, { .period_from = 2015, .period_to = 2022 }, 20 },
};

static gboolean
is_el (xmlNodePtr  node,
       const char *ns,
       const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, ns) == 0 && strcmp ((const char *) node->name, name) == 0;
}

static char *
attribute (xmlNodePtr  node,
           const char *ns,
           const char *name)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) ns);
  char *copy = g_strdup (value != NULL ? (const char *) value : "-");

  xmlFree (value);
  return copy;
}

/* A paragraph's text as a reader sees it: spaces, tabs and line breaks
 * written out; a paragraph inside it (a frame's caption) in braces; the
 * objects it holds counted. */
static void
paragraph_text (xmlNodePtr  node,
                GString    *out,
                guint      *objects)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) c->content);
      else if (is_el (c, TEXT_NS, "s"))
        {
          g_autofree char *n = attribute (c, TEXT_NS, "c");

          for (int i = strcmp (n, "-") == 0 ? 1 : atoi (n); i > 0; i--)
            g_string_append_c (out, ' ');
        }
      else if (is_el (c, TEXT_NS, "tab"))
        g_string_append_c (out, '\t');
      else if (is_el (c, TEXT_NS, "line-break"))
        g_string_append (out, "\\n");
      else if (is_el (c, DRAW_NS, "object"))
        (*objects)++;
      else if (is_el (c, TEXT_NS, "p") || is_el (c, TEXT_NS, "h"))
        {
          g_string_append_c (out, '{');
          paragraph_text (c, out, objects);
          g_string_append_c (out, '}');
        }
      else if (c->type == XML_ELEMENT_NODE)
        paragraph_text (c, out, objects);
    }
}

/* The body as lines: a paragraph or heading its text, a table, a row, a
 * cell its type and value; what is layout only (soft page breaks,
 * bookmarks, column widths) left out, and no style name. */
static void
walk (xmlNodePtr  node,
      GPtrArray  *lines)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is_el (c, TEXT_NS, "p") || is_el (c, TEXT_NS, "h"))
        {
          g_autoptr(GString) text = g_string_new (NULL);
          guint objects = 0;

          if (is_el (c, TEXT_NS, "h"))
            {
              g_autofree char *level = attribute (c, TEXT_NS, "outline-level");

              g_string_printf (text, "H%s\t", level);
            }
          else
            g_string_assign (text, "P\t");
          paragraph_text (c, text, &objects);
          g_ptr_array_add (lines, g_string_free (g_steal_pointer (&text), FALSE));
          for (guint i = 0; i < objects; i++)
            g_ptr_array_add (lines, g_strdup ("OBJECT"));
        }
      else if (is_el (c, TABLE_NS, "table"))
        {
          g_ptr_array_add (lines, g_strdup ("TABLE"));
          walk (c, lines);
          g_ptr_array_add (lines, g_strdup ("END TABLE"));
        }
      else if (is_el (c, TABLE_NS, "table-row"))
        {
          g_ptr_array_add (lines, g_strdup ("ROW"));
          walk (c, lines);
        }
      else if (is_el (c, TABLE_NS, "table-cell") || is_el (c, TABLE_NS, "covered-table-cell"))
        {
          g_autofree char *type = attribute (c, OFFICE_NS, "value-type");
          g_autofree char *value = attribute (c, OFFICE_NS, "value");

          g_ptr_array_add (lines, g_strdup_printf ("%s %s %s", (const char *) c->name, type, value));
          walk (c, lines);
        }
      else if (is_el (c, TEXT_NS, "soft-page-break") || is_el (c, TEXT_NS, "bookmark") ||
               is_el (c, TEXT_NS, "bookmark-start") || is_el (c, TEXT_NS, "bookmark-end") ||
               is_el (c, TEXT_NS, "sequence-decls") || is_el (c, TEXT_NS, "variable-decls") ||
               is_el (c, TEXT_NS, "user-field-decls") || is_el (c, TABLE_NS, "table-column") ||
               is_el (c, TABLE_NS, "table-columns") || is_el (c, OFFICE_NS, "forms"))
        continue;
      else if (c->type == XML_ELEMENT_NODE)
        walk (c, lines);
    }
}

static void
body_lines (GBytes     *content,
            const char *what,
            GPtrArray  *lines)
{
  xmlDocPtr doc = parse_bytes (content, what);
  xmlNodePtr root = xmlDocGetRootElement (doc);

  for (xmlNodePtr body = root->children; body != NULL; body = body->next)
    if (is_el (body, OFFICE_NS, "body"))
      walk (body, lines);
  xmlFreeDoc (doc);
}

/* The exported .odt as lines: its body, then each chart's body. */
static GPtrArray *
document_text (const char *path)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) parts = read_zip (path, &order);

  body_lines (g_hash_table_lookup (parts, "content.xml"), path, lines);
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);

      if (g_str_has_prefix (name, "Object ") && g_str_has_suffix (name, "/content.xml"))
        {
          g_ptr_array_add (lines, g_strdup_printf ("CHART %s", name));
          body_lines (g_hash_table_lookup (parts, name), name, lines);
        }
    }
  return lines;
}

static char *
export (AnnalistTemplate             *tmpl,
        const AnnalistDocumentParams *params,
        const char                   *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "out", name, NULL);

  annalist_template_render (tmpl, store, params, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* The first line where @b is not @a, with what stands before it. */
static void
assert_same_text (GPtrArray  *a,
                  GPtrArray  *b,
                  const char *what)
{
  guint n = MIN (a->len, b->len);

  for (guint i = 0; i < n; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      g_error ("%s: line %u differs after\n%s\nbuilt-in:\n%s\nafter Writer:\n%s", what, i + 1,
               i > 0 ? (const char *) g_ptr_array_index (a, i - 1) : "(start)",
               (const char *) g_ptr_array_index (a, i), (const char *) g_ptr_array_index (b, i));
  if (a->len != b->len)
    g_error ("%s: %u lines built-in, %u after Writer; the first extra:\n%s", what, a->len, b->len,
             (const char *) g_ptr_array_index (a->len > b->len ? a : b, n));
}

/* What Writer writes of @flat once the user typed in each paragraph. */
static GBytes *
typed_in (GBytes *flat)
{
  gsize length;
  const char *data = g_bytes_get_data (flat, &length);
  xmlDocPtr doc = xmlReadMemory (data, (int) length, "typed-in.fodt", NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNsPtr style_ns = xmlSearchNsByHref (doc, root, BAD_CAST STYLE_NS);
  xmlNsPtr text_ns = xmlSearchNsByHref (doc, root, BAD_CAST TEXT_NS);
  xmlNsPtr ooo_ns = xmlNewNs (root, BAD_CAST OFFICEOOO_NS, BAD_CAST "officeooo");
  xmlNodePtr automatic = NULL, body = NULL, span_style;
  g_autoptr(GHashTable) styles = g_hash_table_new_full (g_str_hash, g_str_equal, xmlFree, NULL);
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  xmlChar *out = NULL;
  int out_length = 0;
  GBytes *bytes;

  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    if (is_el (c, OFFICE_NS, "automatic-styles"))
      automatic = c;
    else if (is_el (c, OFFICE_NS, "body"))
      body = c;
  g_assert_nonnull (automatic);
  g_assert_nonnull (body);
  for (xmlNodePtr s = automatic->children; s != NULL; s = s->next)
    if (is_el (s, STYLE_NS, "style"))
      g_hash_table_insert (styles, xmlGetNsProp (s, BAD_CAST "name", BAD_CAST STYLE_NS), s);
  span_style = xmlNewChild (automatic, style_ns, BAD_CAST "style", NULL);
  xmlNewNsProp (span_style, style_ns, BAD_CAST "name", BAD_CAST "Typed");
  xmlNewNsProp (span_style, style_ns, BAD_CAST "family", BAD_CAST "text");
  xmlNewNsProp (xmlNewChild (span_style, style_ns, BAD_CAST "text-properties", NULL), ooo_ns, BAD_CAST "rsid",
                BAD_CAST "00a1b2c3");

  /* Every paragraph and heading, those in frames and cells too. */
  for (xmlNodePtr n = body; n != NULL;)
    {
      if (is_el (n, TEXT_NS, "p") || is_el (n, TEXT_NS, "h"))
        g_ptr_array_add (paragraphs, n);
      if (n->children != NULL)
        n = n->children;
      else
        {
          while (n != NULL && n != body && n->next == NULL)
            n = n->parent;
          n = (n == NULL || n == body) ? NULL : n->next;
        }
    }

  for (guint i = 0; i < paragraphs->len; i++)
    {
      xmlNodePtr p = g_ptr_array_index (paragraphs, i);
      xmlChar *old = xmlGetNsProp (p, BAD_CAST "style-name", BAD_CAST TEXT_NS);
      xmlNodePtr own = g_hash_table_lookup (styles, old != NULL ? (const char *) old : "");
      g_autofree char *name = g_strdup_printf ("Typed%u", i + 1);
      g_autofree char *rsid = g_strdup_printf ("%08x", g_rand_int (rand) >> 4);
      xmlNodePtr style, props = NULL;
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      gboolean page_break = FALSE;

      /* Its own style: the automatic one's properties, or under the named. */
      if (own != NULL)
        {
          style = xmlAddChild (automatic, xmlCopyNode (own, 1));
          xmlSetNsProp (style, style_ns, BAD_CAST "name", BAD_CAST name);
        }
      else
        {
          style = xmlNewChild (automatic, style_ns, BAD_CAST "style", NULL);
          xmlNewNsProp (style, style_ns, BAD_CAST "name", BAD_CAST name);
          xmlNewNsProp (style, style_ns, BAD_CAST "family", BAD_CAST "paragraph");
          if (old != NULL)
            xmlNewNsProp (style, style_ns, BAD_CAST "parent-style-name", old);
        }
      for (xmlNodePtr c = style->children; c != NULL; c = c->next)
        if (is_el (c, STYLE_NS, "paragraph-properties"))
          props = c;
      if (props == NULL)
        props = xmlNewChild (style, style_ns, BAD_CAST "paragraph-properties", NULL);
      xmlSetNsProp (props, ooo_ns, BAD_CAST "paragraph-rsid", BAD_CAST rsid);
      xmlSetNsProp (p, text_ns, BAD_CAST "style-name", BAD_CAST name);
      xmlFree (old);

      /* Its text, and that of its spans, cut into spans of 1 to 7
       * characters; a span cut keeps its style. */
      for (xmlNodePtr c = p->children; c != NULL; c = c->next)
        if (c->type == XML_TEXT_NODE)
          g_ptr_array_add (texts, c);
        else if (is_el (c, TEXT_NS, "span"))
          for (xmlNodePtr t = c->children; t != NULL; t = t->next)
            if (t->type == XML_TEXT_NODE)
              g_ptr_array_add (texts, t);
      for (guint k = 0; k < texts->len; k++)
        {
          xmlNodePtr t = g_ptr_array_index (texts, k);
          xmlNodePtr span = is_el (t->parent, TEXT_NS, "span") ? t->parent : NULL;
          g_autofree char *whole = g_strdup ((const char *) t->content);
          glong first = g_rand_int_range (rand, 1, 8);
          const char *rest = g_utf8_offset_to_pointer (whole, MIN (first, g_utf8_strlen (whole, -1)));
          xmlNodePtr after = span != NULL ? span : t;

          xmlNodeSetContentLen (t, BAD_CAST whole, (int) (rest - whole));
          while (*rest != '\0')
            {
              glong left = g_utf8_strlen (rest, -1), size = g_rand_int_range (rand, 1, 8);
              const char *end = g_utf8_offset_to_pointer (rest, MIN (size, left));
              xmlNodePtr piece;

              /* Where a line wrapped inside a placeholder, a new page. */
              if (!page_break && g_strstr_len (whole, rest - whole, "{{") != NULL && rest[-1] == ' ')
                {
                  after = xmlAddNextSibling (after, xmlNewDocNode (doc, text_ns, BAD_CAST "soft-page-break", NULL));
                  page_break = TRUE;
                }
              if (span != NULL)
                {
                  piece = xmlCopyNode (span, 2);
                  xmlAddChild (piece, xmlNewDocTextLen (doc, BAD_CAST rest, (int) (end - rest)));
                }
              else
                {
                  piece = xmlNewDocNode (doc, text_ns, BAD_CAST "span", NULL);
                  xmlNewNsProp (piece, text_ns, BAD_CAST "style-name", BAD_CAST "Typed");
                  xmlAddChild (piece, xmlNewDocTextLen (doc, BAD_CAST rest, (int) (end - rest)));
                }
              after = xmlAddNextSibling (after, piece);
              rest = end;
            }
        }
    }

  xmlDocDumpMemoryEnc (doc, &out, &out_length, "UTF-8");
  bytes = g_bytes_new (out, out_length);
  xmlFree (out);
  xmlFreeDoc (doc);
  return bytes;
}

/* The built-in templates as Writer writes them after the user typed in
 * every paragraph give the same documents; no LibreOffice needed. */
static void
test_typed_in (void)
{
  g_autofree char *out = g_build_filename (dir, "out", NULL);

  g_mkdir_with_parents (out, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      const char *id = documents[i].id;
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) builtin = annalist_documents_open (store, id, &error);
      gboolean is_flat = FALSE;
      g_autoptr(GBytes) bytes = annalist_documents_get_bytes (store, id, &is_flat, &error);
      g_autoptr(GBytes) typed = NULL;
      g_autoptr(AnnalistTemplate) edited = NULL;
      g_autofree char *a_name = g_strdup_printf ("%u-%s-built-in.odt", i, id);
      g_autofree char *b_name = g_strdup_printf ("%u-%s-typed-in.odt", i, id);
      g_autofree char *a_path = NULL;
      g_autofree char *b_path = NULL;
      g_autoptr(GPtrArray) a = NULL;
      g_autoptr(GPtrArray) b = NULL;
      g_autofree char *what = g_strdup_printf ("%s typed in", id);

      g_assert_no_error (error);
      typed = typed_in (bytes);
      /* It is cut up indeed. */
      g_assert_cmpuint (g_bytes_get_size (typed), >, g_bytes_get_size (bytes) * 5 / 4);
      edited = annalist_template_new (typed, id, &error);
      g_assert_no_error (error);
      a_path = export (builtin, &documents[i].params, a_name);
      b_path = export (edited, &documents[i].params, b_name);
      a = document_text (a_path);
      b = document_text (b_path);
      if (a->len < documents[i].min_lines)
        g_error ("%s: %u lines only: the sample does not fill it", id, a->len);
      assert_same_text (a, b, what);
    }
}

/* soffice --convert-to odt of @paths into @out_dir; FALSE when there is
 * no soffice (the test then skipped, or failed on CI). */
static gboolean
convert (GPtrArray  *paths,
         const char *out_dir)
{
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree const char **list = g_new0 (const char *, paths->len + 1);

  memcpy (list, paths->pdata, paths->len * sizeof (char *));
  return lo_convert (profile, "odt", out_dir, list);
}

static void
test_round_trip (void)
{
  g_autofree char *saved = g_build_filename (dir, "saved", NULL);
  g_autofree char *once = g_build_filename (dir, "once", NULL);
  g_autofree char *twice = g_build_filename (dir, "twice", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GPtrArray) flat = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) odt = g_ptr_array_new_with_free_func (g_free);

  /* The templates as «Сохранить шаблон как…» saves them. */
  g_mkdir_with_parents (saved, 0700);
  g_mkdir_with_parents (out, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean is_flat = FALSE;
      g_autoptr(GBytes) bytes = annalist_documents_get_bytes (store, documents[i].id, &is_flat, &error);
      g_autofree char *name = g_strconcat (documents[i].id, ".fodt", NULL);
      char *path = g_build_filename (saved, name, NULL);

      /* A template with two documents is converted once. */
      if (i > 0 && g_str_equal (documents[i].id, documents[i - 1].id))
        {
          g_free (path);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (is_flat);
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
      g_assert_no_error (error);
      g_ptr_array_add (flat, path);
      g_ptr_array_add (odt, g_strconcat (once, G_DIR_SEPARATOR_S, documents[i].id, ".odt", NULL));
    }
  if (!convert (flat, once) || !convert (odt, twice))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      const char *id = documents[i].id;
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) builtin = annalist_documents_open (store, id, &error);
      g_autofree char *name = g_strconcat (id, ".odt", NULL);
      g_autofree char *a_name = g_strdup_printf ("%u-%s-built-in.odt", i, id);
      g_autofree char *a_path = NULL;
      g_autoptr(GPtrArray) a = NULL;

      g_assert_no_error (error);
      a_path = export (builtin, &documents[i].params, a_name);
      a = document_text (a_path);
      if (a->len < documents[i].min_lines)
        g_error ("%s: %u lines only: the sample does not fill it", id, a->len);

      for (guint pass = 0; pass < 2; pass++)
        {
          g_autofree char *source = g_build_filename (pass == 0 ? once : twice, name, NULL);
          g_autofree char *b_name = g_strdup_printf ("%u-%s-writer-%u.odt", i, id, pass + 1);
          g_autofree char *what = g_strdup_printf ("%s saved by Writer %s", id, pass == 0 ? "once" : "twice");
          g_autoptr(AnnalistTemplate) edited = annalist_template_new_for_file (source, &error);
          g_autofree char *b_path = NULL;
          g_autoptr(GPtrArray) b = NULL;

          g_assert_no_error (error);
          g_assert_cmpint (annalist_template_get_params (edited), ==, annalist_template_get_params (builtin));
          b_path = export (edited, &documents[i].params, b_name);
          b = document_text (b_path);
          assert_same_text (a, b, what);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("writer-round-trip", &dir, &database);

  g_test_add_func ("/writer-round-trip/typed-in", test_typed_in);
  g_test_add_func ("/writer-round-trip/built-in", test_round_trip);

  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  g_free (database);
  return status;
}
