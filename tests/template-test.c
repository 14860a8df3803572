/* template-test.c — what the template engine's tests share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/parser.h>
#include <locale.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-sample.h"
#include "odf-check.h"
#include "temp-tree.h"
#include "template-test.h"

char *dir;
AnnalistStore *store;
GPtrArray *outputs;

/* A flat document around @body, as Writer would write a small one. */
char *
template_text (const char *body)
{
  return g_strconcat (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document " NS "office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
    "<office:meta><dc:title>Проба</dc:title>"
    "<meta:user-defined meta:name=\"Формы названий организаций\">Детский сад|детского сада|детские сады;"
    "Школа|школы|школы;Гимназия|гимназии|гимназии;Лицей|лицея|лицеи</meta:user-defined></office:meta>"
    "<office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
    "<style:style style:name=\"Strong\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
    /* Paragraph styles that start a page: a page style of their own, a
     * break before. */
    "<style:style style:name=\"Annalist_20_Title_20_Page\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" "
    "style:master-page-name=\"Standard\"/>"
    "<style:style style:name=\"Annalist_20_Page_20_Break\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:paragraph-properties fo:break-before=\"page\"/></style:style>"
    "</office:styles>"
    "<office:automatic-styles><style:style style:name=\"T1\" style:family=\"text\" loext:x=\"1\">"
    "<style:text-properties fo:font-style=\"italic\" officeooo:rsid=\"0012\"/></style:style>"
    /* What Writer gives a paragraph the user typed in: a style of its own
     * (its revision id) under the template's; P3 takes the break away. */
    "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Annalist_20_Title_20_Page\">"
    "<style:paragraph-properties officeooo:paragraph-rsid=\"0013\"/></style:style>"
    "<style:style style:name=\"P2\" style:family=\"paragraph\" style:parent-style-name=\"Annalist_20_Page_20_Break\">"
    "<style:paragraph-properties officeooo:paragraph-rsid=\"0014\"/></style:style>"
    "<style:style style:name=\"P3\" style:family=\"paragraph\" style:parent-style-name=\"Annalist_20_Page_20_Break\">"
    "<style:paragraph-properties fo:break-before=\"auto\" officeooo:paragraph-rsid=\"0015\"/></style:style>"
    /* A table 10 cm wide, as Writer gives each its own column styles. */
    "<style:style style:name=\"W\" style:family=\"table\"><style:table-properties style:width=\"10cm\" table:align=\"margins\"/></style:style>"
    "<style:style style:name=\"W.A\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"4cm\" "
    "style:rel-column-width=\"4000*\"/></style:style>"
    "<style:style style:name=\"W.B\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"60mm\" "
    "style:rel-column-width=\"6000*\"/></style:style>"
    "</office:automatic-styles>"
    "<office:body><office:text>", body, "</office:text></office:body></office:document>\n", NULL);
}

AnnalistTemplate *
template_new (const char  *body,
              GError     **error)
{
  g_autofree char *text = template_text (body);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return annalist_template_new (bytes, "Проба", error);
}

/* The body of the document written at @path: office:text's children, as
 * XML, the declarations of captions aside. */
char *
written_body (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  xmlNodePtr node;
  xmlBufferPtr buf = xmlBufferCreate ();

  g_assert_nonnull (doc);
  for (node = xmlDocGetRootElement (doc)->children; node; node = node->next)
    if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, "body"))
      break;
  g_assert_nonnull (node);
  node = node->children;
  while (node != NULL && node->type != XML_ELEMENT_NODE)
    node = node->next;
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE)
        continue;
      xmlBufferEmpty (buf);
      xmlNodeDump (buf, doc, c, 0, 0);
      g_string_append (out, (const char *) xmlBufferContent (buf));
    }
  xmlBufferFree (buf);
  xmlFreeDoc (doc);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
output_path (const char *name,
             const char *extension)
{
  static guint n;

  return g_strdup_printf ("%s/%s-%u.%s", dir, name, ++n, extension);
}

/* Renders @body for 2022-2023 and returns what office:text holds. */
char *
render (const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) tmpl = template_new (body, &error);
  AnnalistDocumentParams params = { .year = 2022 };
  char *path = output_path ("render", "fodt");

  g_assert_no_error (error);
  g_assert_nonnull (tmpl);
  annalist_template_render (tmpl, store, &params, path, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (outputs, path);
  /* What the schema cannot say about its tables holds too. */
  {
    xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);

    g_assert_nonnull (doc);
    check_tables (doc);
    check_cross_references (doc);
    xmlFreeDoc (doc);
  }
  return written_body (path);
}

/* The sentence a template with a mistake gets, and no file. */
char *
refusal (const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) tmpl = template_new (body, &error);
  g_autofree char *path = output_path ("refused", "odt");

  if (tmpl != NULL)
    {
      AnnalistDocumentParams params = { .year = 2022 };

      g_assert_false (annalist_template_render (tmpl, store, &params, path, NULL, &error));
    }
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  return g_strdup (error->message);
}

static void
test_valid (void)
{
  if (!have_jing ())
    {
      g_test_skip ("jing is not installed");
      return;
    }
  g_ptr_array_add (outputs, NULL);
  assert_valid (SCHEMA, (const char * const *) outputs->pdata);
  g_ptr_array_remove_index (outputs, outputs->len - 1);
}

int
template_test_main (int          argc,
                    char        *argv[],
                    const char  *name,
                    void       (*add_tests) (void))
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pattern = g_strdup_printf ("annalist-%s-XXXXXX", name);
  g_autofree char *valid = g_strdup_printf ("/%s/written/valid", name);
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp (pattern, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "sample.db", NULL);
  g_assert_true (annalist_sample_create (path, 1, &error));
  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  outputs = g_ptr_array_new_with_free_func (g_free);

  add_tests ();
  g_test_add_func (valid, test_valid);

  status = g_test_run ();

  g_clear_object (&store);
  g_ptr_array_unref (outputs);
  remove_tree (dir);
  g_free (dir);
  return status;
}
