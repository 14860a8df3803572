/* zip-parts.c — office files for the tests and benchmarks, written part by part
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "zip-parts.h"

GsfOutfile *
zip_create (const char *path)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  g_object_unref (sink);   /* the zip holds it */
  return zip;
}

void
zip_close (GsfOutfile *zip)
{
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
}

void
zip_close_part (GsfOutput *part)
{
  g_assert_true (gsf_output_close (part));
  g_object_unref (part);
}

GsfOutput *
zip_new_part (GsfOutfile *zip,
              const char *path)
{
  return gsf_outfile_new_child (zip, path, FALSE);
}

void
zip_put (GsfOutput  *out,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_true (gsf_output_write (out, strlen (text), (const guint8 *) text));
}

void
zip_put_part (GsfOutfile *zip,
              const char *path,
              const char *content)
{
  GsfOutput *part = zip_new_part (zip, path);

  zip_put (part, "%s", content);
  zip_close_part (part);
}

void
zip_put_stored (GsfOutfile *zip,
                const char *path,
                const char *content)
{
  GsfOutput *part = gsf_outfile_new_child_full (zip, path, FALSE, "compression-level", GSF_ZIP_STORED, NULL);

  zip_put (part, "%s", content);
  zip_close_part (part);
}

void
xlsx_put_workbook (GsfOutfile *zip,
                   const char *more_relationships)
{
  g_autofree char *relationships =
    g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
                 more_relationships != NULL ? more_relationships : "",
                 "</Relationships>", NULL);

  zip_put_part (zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  zip_put_part (zip, "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                "<sheets><sheet name=\"Мероприятия\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  zip_put_part (zip, "xl/_rels/workbook.xml.rels", relationships);
}

void
ole2_write (const char         *path,
            const char * const *names)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *ole;

  g_assert_no_error (error);
  ole = gsf_outfile_msole_new (sink);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GsfOutput *child = gsf_outfile_new_child (ole, names[i], FALSE);

      g_assert_true (gsf_output_write (child, 8, (const guint8 *) "\1\2\3\4\5\6\7\10"));
      g_assert_true (gsf_output_close (child));
      g_object_unref (child);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (ole)));
  g_object_unref (ole);
  g_object_unref (sink);
}

void
zip_damage (GRand  *rand,
            guint   variant,
            guint8 *bytes,
            gsize  *length)
{
  switch (variant % 3)
    {
    case 0:
      for (guint i = g_rand_int_range (rand, 1, 11); i > 0; i--)
        bytes[g_rand_int_range (rand, 0, (gint32) *length)] ^= (guint8) g_rand_int_range (rand, 1, 256);
      break;
    case 1:
      *length = (gsize) g_rand_int_range (rand, 1, (gint32) *length);
      break;
    default:
      {
        g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (gsize));

        for (gsize at = 0; at + 4 <= *length; at++)
          if (memcmp (bytes + at, "PK\003\004", 4) == 0)
            g_array_append_val (headers, at);
        g_assert_cmpuint (headers->len, >=, 2);
        bytes[g_array_index (headers, gsize, g_rand_int_range (rand, 0, (gint32) headers->len)) +
              (gsize) g_rand_int_range (rand, 0, 4)] ^= (guint8) g_rand_int_range (rand, 1, 256);
      }
    }
}

static GPrintFunc saved_printerr;

static void
printerr_is_a_failure (const char *text)
{
  g_error ("printed on stderr: %s", text);
}

void
zip_expect_silence (void)
{
  saved_printerr = g_set_printerr_handler (printerr_is_a_failure);
}

void
zip_end_silence (void)
{
  g_set_printerr_handler (saved_printerr);
}
