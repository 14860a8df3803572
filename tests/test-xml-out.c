/* test-xml-out.c — AnnalistXmlOut writes what libxml2's xmlTextWriter wrote
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document's text went through xmlTextWriter before; its bytes must
 * not change.  The same random calls go to both writers and the outputs
 * are compared byte by byte: escaping of text and attribute values (with
 * letters outside ASCII, broken UTF-8, U+FFFE), empty elements, raw bytes,
 * base64.
 */

#include <string.h>

#include <glib.h>
#include <libxml/xmlwriter.h>

#include "annalist-xml-out.h"

static const char * const pieces[] = {
  "a", "&", "<", ">", "\"", "'", "\n", "\r", "\t", "\x01", "Ж", "к",
  "\xef\xbf\xbe", "\xef\xbf\xbd", "\xf0\x9f\x98\x80", "\x80", "\xc3",
  "\xed\xa0\x80", " ", "xyz",
};

static void
random_text (GRand *rand,
             char  *buf)
{
  guint n = g_rand_int_range (rand, 0, 8);

  buf[0] = '\0';
  for (guint i = 0; i < n; i++)
    strcat (buf, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
}

/* Compares the two writers' output, and frees them. */
static void
assert_same (xmlTextWriterPtr  w,
             xmlBufferPtr      b,
             AnnalistXmlOut   *o)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  xmlTextWriterFlush (w);
  bytes = annalist_xml_out_steal (o);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, xmlBufferContent (b), xmlBufferLength (b));
  annalist_xml_out_free (o);
  xmlFreeTextWriter (w);
  xmlBufferFree (b);
}

static void
test_random_calls (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);

  for (guint round = 0; round < 5000; round++)
    {
      xmlBufferPtr b = xmlBufferCreate ();
      xmlTextWriterPtr w = xmlNewTextWriterMemory (b, 0);
      AnnalistXmlOut *o = annalist_xml_out_new (NULL, NULL);
      guint depth = 0;

      for (guint k = 0; k < 12; k++)
        {
          guint op = g_rand_int_range (rand, 0, 6);
          char s[200];

          random_text (rand, s);
          if (op == 0 || depth == 0)
            {
              xmlTextWriterStartElement (w, BAD_CAST "text:p");
              annalist_xml_out_start (o, "text:p");
              depth++;
            }
          else if (op == 1)
            {
              xmlTextWriterWriteAttribute (w, BAD_CAST "text:name", BAD_CAST s);
              annalist_xml_out_attr (o, "text:name", s);
            }
          else if (op == 2)
            {
              xmlTextWriterWriteString (w, BAD_CAST s);
              annalist_xml_out_text (o, s);
            }
          else if (op == 3)
            {
              xmlTextWriterEndElement (w);
              annalist_xml_out_end (o);
              depth--;
            }
          else if (op == 4)
            {
              xmlTextWriterWriteBase64 (w, s, 0, (int) strlen (s));
              annalist_xml_out_base64 (o, (const guint8 *) s, strlen (s));
            }
          else
            {
              xmlTextWriterWriteRawLen (w, BAD_CAST s, (int) strlen (s));
              annalist_xml_out_raw (o, s, strlen (s));
            }
        }
      while (depth-- > 0)
        {
          xmlTextWriterEndElement (w);
          annalist_xml_out_end (o);
        }
      assert_same (w, b, o);
    }
}

/* A picture's base64: libxml2's writer took it in slices, its lines
 * restarting in each; one call writes the same. */
static void
test_base64_slices (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  gsize len = 1000000;
  g_autofree guint8 *data = g_malloc (len);
  xmlBufferPtr b = xmlBufferCreate ();
  xmlTextWriterPtr w = xmlNewTextWriterMemory (b, 0);
  AnnalistXmlOut *o = annalist_xml_out_new (NULL, NULL);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  xmlTextWriterStartElement (w, BAD_CAST "office:binary-data");
  annalist_xml_out_start (o, "office:binary-data");
  for (gsize off = 0; off < len; off += 3 * 65536)
    xmlTextWriterWriteBase64 (w, (const char *) data, (int) off, (int) MIN (3 * 65536, len - off));
  annalist_xml_out_base64 (o, data, len);
  xmlTextWriterEndElement (w);
  annalist_xml_out_end (o);
  assert_same (w, b, o);
}

static void
count_sink (gpointer    data,
            const char *bytes,
            gsize       len)
{
  g_string_append_len (data, bytes, len);
}

/* Through a sink: blocks, and a deep stack of long names. */
static void
test_sink (void)
{
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);
  AnnalistXmlOut *o = annalist_xml_out_new (count_sink, got);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("table:table-row-%u-%s", i, "xxxxxxxxxxxxxxxxxxxxxxxx");

      annalist_xml_out_start (o, name);
      g_string_append_printf (want, "<%s>", name);
      annalist_xml_out_text (o, "строка & ещё");
      g_string_append (want, "строка &amp; ещё");
    }
  for (guint i = 200; i-- > 0; )
    {
      annalist_xml_out_end (o);
      g_string_append_printf (want, "</table:table-row-%u-%s>", i, "xxxxxxxxxxxxxxxxxxxxxxxx");
    }
  for (guint i = 0; i < 20000; i++)
    {
      annalist_xml_out_start (o, "text:s");
      annalist_xml_out_end (o);
      g_string_append (want, "<text:s/>");
    }
  annalist_xml_out_flush (o);
  annalist_xml_out_free (o);
  g_assert_cmpstr (got->str, ==, want->str);
}

/* An end taken back: only the element ended last, by its name, with
 * nothing written after it and nothing handed to the sink. */
static void
test_reopen (void)
{
  g_autoptr(GString) got = g_string_new (NULL);
  AnnalistXmlOut *o = annalist_xml_out_new (NULL, NULL);
  g_autoptr(GBytes) bytes = NULL;

  annalist_xml_out_start (o, "table:table-cell");
  annalist_xml_out_start (o, "text:p");
  annalist_xml_out_text (o, "ячейка");
  annalist_xml_out_end (o);
  g_assert_false (annalist_xml_out_reopen (o, "text:h"));
  g_assert_true (annalist_xml_out_reopen (o, "text:p"));
  annalist_xml_out_start (o, "text:bookmark-end");
  annalist_xml_out_end (o);
  annalist_xml_out_end (o);
  /* Not when something came after the end. */
  annalist_xml_out_start (o, "text:p");
  annalist_xml_out_end (o);
  g_assert_false (annalist_xml_out_reopen (o, "text:p"));
  annalist_xml_out_start (o, "text:p");
  annalist_xml_out_text (o, "x");
  annalist_xml_out_end (o);
  annalist_xml_out_text (o, " ");
  g_assert_false (annalist_xml_out_reopen (o, "text:p"));
  annalist_xml_out_end (o);
  bytes = annalist_xml_out_steal (o);
  g_assert_false (annalist_xml_out_reopen (o, "table:table-cell"));
  annalist_xml_out_free (o);
  g_string_append_len (got, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (got->str, ==,
                   "<table:table-cell><text:p>ячейка<text:bookmark-end/></text:p><text:p/><text:p>x</text:p> </table:table-cell>");

  /* An end that went to the sink stays. */
  g_string_truncate (got, 0);
  o = annalist_xml_out_new (count_sink, got);
  annalist_xml_out_start (o, "text:p");
  annalist_xml_out_end (o);
  annalist_xml_out_start (o, "text:p");
  annalist_xml_out_text (o, "x");
  annalist_xml_out_end (o);
  annalist_xml_out_flush (o);
  g_assert_false (annalist_xml_out_reopen (o, "text:p"));
  annalist_xml_out_free (o);
  g_assert_cmpstr (got->str, ==, "<text:p/><text:p>x</text:p>");
}

static void
quiet (void       *ctx,
       const char *msg,
       ...)
{
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* libxml2 tells stderr about broken UTF-8 it escapes. */
  xmlSetGenericErrorFunc (NULL, quiet);
  g_test_add_func ("/xml-out/random-calls", test_random_calls);
  g_test_add_func ("/xml-out/base64-slices", test_base64_slices);
  g_test_add_func ("/xml-out/sink", test_sink);
  g_test_add_func ("/xml-out/reopen", test_reopen);
  return g_test_run ();
}
