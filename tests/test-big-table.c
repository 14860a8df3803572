/* test-big-table.c — a table of a gigabyte, refused or streamed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 12, item 5: a 1 GB file is refused or streamed, never held
 * whole. Every reader streams, but the import keeps a key for each row
 * and takes about a minute a million rows, so a file over
 * ANNALIST_TABLE_MAX_BYTES (100 MB) is refused before anything is read,
 * and so is a spreadsheet whose part unpacks to more than
 * ANNALIST_TABLE_MAX_XML_BYTES (a zip bomb). The gigabyte files are made
 * without writing a gigabyte: sparse files (ftruncate), and a zip whose
 * deflated part is one megabyte's blocks repeated. Under the limit, a
 * CSV file is read in a child process whose peak memory (ru_maxrss)
 * stays a small fraction of the file.
 */

#define G_LOG_DOMAIN "test-big-table"

#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "annalist-error.h"
#include "annalist-table-source.h"
#include "temp-tree.h"

#define GIGABYTE (G_GUINT64_CONSTANT (1) << 30)
#define MEGABYTE (1 << 20)

typedef DirFixture Fixture;

/* A file of @size bytes that starts with @head and takes no disk for
 * the rest. */
static char *
sparse_file (Fixture    *fixture,
             const char *name,
             const char *head,
             guint64     size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, head, strlen (head)), ==, (gssize) strlen (head));
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  return path;
}

static void
assert_sentence (const GError       *error,
                 const char * const *words)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == ANNALIST_ERROR);
  g_test_message ("%s", error->message);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (error->message, words[i]) == NULL)
      g_error ("“%s” not in “%s”", words[i], error->message);
  g_assert_true (g_str_has_suffix (error->message, "."));
}

/* A CSV of a gigabyte: refused by its size, before a byte is parsed. */
static void
test_csv_gigabyte (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = sparse_file (fixture, "год.csv", "Название;Дата\nПервое;05.06.2023\n",
                                       GIGABYTE);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = annalist_csv_source_open (path, NULL, &error);

  g_assert_null (source);
  assert_sentence (error, (const char *[]) { "The file “год.csv” is 1.1\xC2\xA0GB",
                                             "the import reads files of up to 100.0\xC2\xA0MB",
                                             "Split it into smaller files", NULL });
}

/* Just over the limit is refused; at the limit it is read. */
static void
test_csv_at_the_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *over = sparse_file (fixture, "over.csv", "a;b\n1;2\n", ANNALIST_TABLE_MAX_BYTES + 1);
  g_autofree char *at = sparse_file (fixture, "at.csv", "a;b\n1;2\n", ANNALIST_TABLE_MAX_BYTES);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) refused = annalist_csv_source_open (over, NULL, &error);
  g_autoptr(AnnalistTableSource) source = NULL;

  g_assert_null (refused);
  assert_sentence (error, (const char *[]) { "the import reads files of up to", NULL });
  g_clear_error (&error);

  /* Past the size: what is refused now is the content (the rest of the
   * file is NUL bytes). */
  source = annalist_csv_source_open (at, NULL, &error);
  g_assert_null (source);
  assert_sentence (error, (const char *[]) { "it holds NUL bytes", NULL });
}

/* A spreadsheet file of a gigabyte, .ods or .xlsx: refused by its size
 * before its zip directory is looked for. */
static void
test_sheet_gigabyte (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *names[] = { "год.ods", "год.xlsx" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = sparse_file (fixture, names[i], "PK\003\004", GIGABYTE);
      g_autofree char *display = g_filename_display_basename (path);
      g_autofree char *named = g_strdup_printf ("The file “%s” is 1.1\xC2\xA0GB", display);
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTableSource) source = annalist_sheet_source_open (path, NULL, &error);
      g_auto(GStrv) sheets = NULL;

      g_assert_null (source);
      assert_sentence (error, (const char *[]) { named, "the import reads files of up to 100.0\xC2\xA0MB", NULL });
      g_clear_error (&error);
      sheets = annalist_sheet_source_list_sheets (path, &error);
      g_assert_null (sheets);
      assert_sentence (error, (const char *[]) { "the import reads files of up to 100.0\xC2\xA0MB", NULL });
    }
}

/* Zip's little-endian fields. */
static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xFF, (value >> 8) & 0xFF };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, (value >> 24) & 0xFF };

  g_byte_array_append (out, b, 4);
}

typedef struct
{
  const char *name;
  guint16     method;      /* 0 stored, 8 deflated */
  GBytes     *data;        /* as stored */
  guint32     crc;
  guint32     size;        /* unpacked */
  guint32     offset;      /* of its local header */
} Member;

static void
put_header (GByteArray   *out,
            const Member *m,
            gboolean      central)
{
  put32 (out, central ? 0x02014b50 : 0x04034b50);
  if (central)
    put16 (out, 20);                        /* made by */
  put16 (out, 20);                          /* needed */
  put16 (out, 0);                           /* flags */
  put16 (out, m->method);
  put16 (out, 0);                           /* time */
  put16 (out, 0x21);                        /* date: 1980-01-01 */
  put32 (out, m->crc);
  put32 (out, (guint32) g_bytes_get_size (m->data));
  put32 (out, m->size);
  put16 (out, strlen (m->name));
  put16 (out, 0);                           /* extra */
  if (central)
    {
      put16 (out, 0);                       /* comment */
      put16 (out, 0);                       /* disk */
      put16 (out, 0);                       /* internal attributes */
      put32 (out, 0);                       /* external attributes */
      put32 (out, m->offset);
    }
  g_byte_array_append (out, (const guint8 *) m->name, strlen (m->name));
}

/* An .ods whose content.xml is a real deflate stream that unpacks to a
 * gigabyte of spaces: one megabyte's deflated blocks
 * (each flushed in full, so it refers to nothing before it) repeated.
 * The file itself is about a megabyte. */
static char *
zip_bomb (Fixture    *fixture,
          const char *name)
{
  static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree guint8 *spaces = g_malloc (MEGABYTE);
  g_autoptr(GByteArray) block = g_byte_array_new ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[64 * 1024];
  z_stream z = { 0 };
  guint32 block_crc;
  Member members[2];
  guint32 directory;

  memset (spaces, ' ', MEGABYTE);
  g_assert_cmpint (deflateInit2 (&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = spaces;
  z.avail_in = MEGABYTE;
  do
    {
      z.next_out = buffer;
      z.avail_out = sizeof buffer;
      g_assert_cmpint (deflate (&z, Z_FULL_FLUSH), !=, Z_STREAM_ERROR);
      g_byte_array_append (block, buffer, sizeof buffer - z.avail_out);
    }
  while (z.avail_out == 0);
  z.next_out = buffer;
  z.avail_out = sizeof buffer;
  g_assert_cmpint (deflate (&z, Z_FINISH), ==, Z_STREAM_END);
  for (guint i = 0; i < GIGABYTE / MEGABYTE; i++)
    g_byte_array_append (stream, block->data, block->len);
  g_byte_array_append (stream, buffer, sizeof buffer - z.avail_out);
  deflateEnd (&z);

  block_crc = crc32 (0, spaces, MEGABYTE);
  members[1].crc = 0;
  for (guint i = 0; i < GIGABYTE / MEGABYTE; i++)
    members[1].crc = crc32_combine (members[1].crc, block_crc, MEGABYTE);

  members[0] = (Member) { "mimetype", 0, g_bytes_new_static (mimetype, strlen (mimetype)),
                          crc32 (0, (const guint8 *) mimetype, strlen (mimetype)),
                          strlen (mimetype), 0 };
  members[1].name = "content.xml";
  members[1].method = 8;
  members[1].data = g_bytes_new (stream->data, stream->len);
  members[1].size = (guint32) GIGABYTE;

  for (guint i = 0; i < 2; i++)
    {
      members[i].offset = out->len;
      put_header (out, &members[i], FALSE);
      g_byte_array_append (out, g_bytes_get_data (members[i].data, NULL), g_bytes_get_size (members[i].data));
    }
  directory = out->len;
  for (guint i = 0; i < 2; i++)
    put_header (out, &members[i], TRUE);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, 2);
  put16 (out, 2);
  put32 (out, out->len - directory - 12);
  put32 (out, directory);
  put16 (out, 0);
  for (guint i = 0; i < 2; i++)
    g_bytes_unref (members[i].data);

  g_test_message ("%s: %u bytes that unpack to a gigabyte", name, out->len);
  g_assert_cmpuint (out->len, <, 4 * MEGABYTE);
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A small file whose part unpacks to a gigabyte: refused by the size
 * the zip's directory gives, before any of it is inflated. */
static void
test_zip_bomb (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = zip_bomb (fixture, "бомба.ods");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;
  g_auto(GStrv) sheets = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *words[] = { "is too large to import", "its part “content.xml” unpacks to 1.1\xC2\xA0GB",
                          "the import reads up to 500.0\xC2\xA0MB", NULL };

  sheets = annalist_sheet_source_list_sheets (path, &error);
  g_assert_null (sheets);
  assert_sentence (error, words);
  g_clear_error (&error);
  source = annalist_sheet_source_open (path, NULL, &error);
  g_assert_null (source);
  assert_sentence (error, words);
  /* Nothing was inflated: a gigabyte takes seconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
}

/* No line ends: cells each under libcsv's limit make one row of more
 * than 16 MB, refused at that row. */
static void
test_row_without_end (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "строка.csv", NULL);
  g_autoptr(GString) text = g_string_new ("a;b\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;
  g_autoptr(GPtrArray) header = NULL;
  GPtrArray *row;
  g_autofree char *cell = g_strnfill (2000, 'x');
  guint line = 0;

  for (guint i = 0; i < 9000; i++)
    g_string_append_printf (text, "%s;", cell);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  source = annalist_csv_source_open (path, NULL, &error);
  g_assert_no_error (error);
  header = annalist_table_source_next_row (source, &line, &error);
  g_assert_no_error (error);
  g_assert_nonnull (header);
  row = annalist_table_source_next_row (source, &line, &error);
  g_assert_null (row);
  assert_sentence (error, (const char *[]) { "строка.csv, line 2: a row is longer than 16.0\xC2\xA0MB", NULL });
}

/* Pasted text over the limit: refused before it is parsed. */
static void
test_pasted_too_much (void)
{
  gsize length = ANNALIST_TABLE_MAX_BYTES + 1;
  g_autofree char *text = g_malloc (length + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;

  memset (text, 'x', length);
  text[length] = '\0';
  source = annalist_csv_source_new_for_text (text, NULL, &error);
  g_assert_null (source);
  assert_sentence (error, (const char *[]) { "The pasted rows take 100.0\xC2\xA0MB",
                                             "Paste fewer rows at a time", NULL });
}

/* Under the limit a CSV is streamed: read whole in a fresh process, its
 * peak memory stays far below the file's size, and its position comes
 * to the end. */
#define STREAMED_ROWS 500000

static void
test_csv_streamed (void)
{
  if (g_test_subprocess ())
    {
      const char *path = g_getenv ("ANNALIST_TEST_STREAMED_CSV");
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTableSource) source = annalist_csv_source_open (path, NULL, &error);
      struct rusage usage;
      GPtrArray *row;
      guint n = 0, line = 0;
      double fraction = 0;

      g_assert_no_error (error);
      while ((row = annalist_table_source_next_row (source, &line, &error)) != NULL)
        {
          double now = annalist_table_source_get_fraction (source);

          g_assert_cmpfloat (now, >=, fraction);
          fraction = now;
          g_ptr_array_unref (row);
          n++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, STREAMED_ROWS + 1);
      g_assert_cmpfloat (fraction, ==, 1.0);
      g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
      g_print ("peak %ld KB\n", usage.ru_maxrss);
      /* The file is some 58 MB; the reader holds a 64 KiB chunk and its
       * rows (measured: 8.6 MB at the peak, the libraries included).
       * AddressSanitizer keeps what is freed in quarantine, and its
       * shadow memory: there the normal build's run is the measure. */
#if !defined (__SANITIZE_ADDRESS__)
      g_assert_cmpint (usage.ru_maxrss, <, 20 * 1024);
#endif
      return;
    }

  {
    g_autofree char *dir = g_dir_make_tmp ("annalist-big-table-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "потоком.csv", NULL);
    FILE *file = g_fopen (path, "w");
    GStatBuf st;

    g_assert_nonnull (file);
    fputs ("Учебный год;Вид мероприятия;Название;Дата\n", file);
    for (guint i = 0; i < STREAMED_ROWS; i++)
      fprintf (file, "2022-2023;Научно-практическая конференция;Строка потоком %u;05.06.2023\n", i);
    g_assert_cmpint (fclose (file), ==, 0);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_test_message ("%s: %" G_GINT64_FORMAT " bytes", path, (gint64) st.st_size);
    g_assert_cmpint (st.st_size, >, 50 * 1000 * 1000);
    g_assert_cmpint ((guint64) st.st_size, <, ANNALIST_TABLE_MAX_BYTES);

    g_setenv ("ANNALIST_TEST_STREAMED_CSV", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    remove_tree (dir);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stdout ("peak *");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/big-table/csv-gigabyte", Fixture, NULL, dir_fixture_set_up, test_csv_gigabyte, dir_fixture_tear_down);
  g_test_add ("/big-table/csv-at-the-limit", Fixture, NULL, dir_fixture_set_up, test_csv_at_the_limit,
              dir_fixture_tear_down);
  g_test_add ("/big-table/sheet-gigabyte", Fixture, NULL, dir_fixture_set_up, test_sheet_gigabyte,
              dir_fixture_tear_down);
  g_test_add ("/big-table/zip-bomb", Fixture, NULL, dir_fixture_set_up, test_zip_bomb, dir_fixture_tear_down);
  g_test_add ("/big-table/row-without-end", Fixture, NULL, dir_fixture_set_up, test_row_without_end,
              dir_fixture_tear_down);
  g_test_add_func ("/big-table/pasted-too-much", test_pasted_too_much);
  g_test_add_func ("/big-table/csv-streamed", test_csv_streamed);
  return g_test_run ();
}
