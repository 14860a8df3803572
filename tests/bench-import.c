/* bench-import.c — how fast, and in how much memory, 100 000 events import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The targets (issues show 12, item 7): 100 000 events imported
 * from CSV and from .xlsx in under 5 s and 200 MB, with a preview shown
 * within a second of choosing the file.
 *
 * The sample district's events list is exported as the window exports it
 * (annalist --export-list=event, Russian headers); its rows are repeated
 * with numbered titles up to 100 000 rows, so every row uses the sample's
 * own dictionary values and organisations and every row is new. The same
 * rows are written as an .xlsx (inline strings, as a minimal writer lays
 * them out). Each measurement runs in a fresh process of its own (this
 * program with --run) on a fresh copy of the sample database, so that the
 * peak resident memory (getrusage ru_maxrss) is that run's alone:
 *   preview: opening the file + a dry run stopped after the first 200 rows;
 *   import:  opening the file + the whole import (backup, one transaction).
 * Three runs of each; the figures are printed as ratios to the targets.
 *
 *   bench-import [ROWS]
 *   bench-import --run preview|import DATABASE FILE
 */

#define G_LOG_DOMAIN "bench-import"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <gsf/gsf.h>

#include "annalist-import.h"
#include "annalist-sample.h"
#include "annalist-table-source.h"
#include "temp-tree.h"
#include "zip-parts.h"

#define TARGET_SECONDS  5.0
#define TARGET_PREVIEW  1.0
#define TARGET_MB       200.0
#define PREVIEW_ROWS    200
#define RUNS            3

/* ------------------------------------------------------------------ */
/* The child: one preview or one import                                */
/* ------------------------------------------------------------------ */

static gboolean
stop_after_preview (const AnnalistImportRow *row,
                    gpointer                 user_data)
{
  guint *seen = user_data;

  return ++*seen < PREVIEW_ROWS;
}

static int
run_child (const char *mode,
           const char *database,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  AnnalistImport *import;
  AnnalistImportSummary summary = { 0 };
  gboolean preview = g_str_equal (mode, "preview");
  gint64 start;
  guint seen = 0;
  struct rusage usage;

  /* Russian messages and headers, but a point in the figures printed. */
  use_russian ();
  setlocale (LC_NUMERIC, "C");
  store = annalist_store_open (database, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  import = annalist_import_new_for_file (store, annalist_import_find_kind ("event"),
                                         path, NULL, NULL, &error);
  g_assert_no_error (error);
  if (!annalist_import_run (import, preview ? ANNALIST_IMPORT_DRY_RUN : 0,
                            preview ? stop_after_preview : NULL, &seen,
                            &summary, NULL, &error))
    g_error ("%s", error->message);
  getrusage (RUSAGE_SELF, &usage);
  /* The history is written (one Undo takes the import back): a row for
   * each record and each of its links. */
  if (!preview)
    g_assert_cmpint (store_int (store, "SELECT count(*) FROM change_row"), >=, summary.n_written);
  /* One line for the parent: seconds, CPU seconds, KB, rows read, new,
   * errors, written. */
  g_print ("%.3f %.3f %ld %u %u %u %u\n", (g_get_monotonic_time () - start) / 1e6,
           usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
           usage.ru_maxrss, summary.n_rows, summary.n_new, summary.n_errors,
           summary.n_written);
  if (summary.backup_path != NULL)
    remove (summary.backup_path);
  annalist_import_summary_clear (&summary);
  annalist_import_free (import);
  return 0;
}

/* ------------------------------------------------------------------ */
/* The files                                                           */
/* ------------------------------------------------------------------ */

/* The sample's events as the list exports them: header first. */
static GPtrArray *
read_export (const char *database,
             const char *dir)
{
  g_autofree char *csv = g_build_filename (dir, "sample-events.csv", NULL);
  g_autofree char *output = g_strdup_printf ("--output=%s", csv);
  const char *argv[] = { ANNALIST_BIN, "-d", database, "--export-list=event", output, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTableSource) source = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row;
  int status;

  env = g_environ_setenv (env, "LC_ALL", "ru_RU.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "ru", TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  source = annalist_csv_source_open (csv, NULL, &error);
  g_assert_no_error (error);
  while ((row = annalist_table_source_next_row (source, NULL, &error)) != NULL)
    g_ptr_array_add (rows, row);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 10);
  return rows;
}

static int
title_column (GPtrArray *header)
{
  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), "Название"))
      return (int) i;
  g_error ("The events list has no column «Название»");
}

/* Row @i of the big file: a sample row with a numbered title. */
static char *
cell (GPtrArray *rows,
      guint      i,
      guint      column,
      int        title)
{
  GPtrArray *row = g_ptr_array_index (rows, 1 + i % (rows->len - 1));
  const char *text = column < row->len ? g_ptr_array_index (row, column) : "";

  if ((int) column == title)
    return g_strdup_printf ("%s (№ %u)", text, i + 1);
  return g_strdup (text);
}

static void
put_csv (GString    *out,
         const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
write_csv (const char *path,
           GPtrArray  *rows,
           guint       n)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);
  int title = title_column (header);
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < header->len; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      put_csv (out, g_ptr_array_index (header, c));
    }
  g_string_append (out, "\r\n");
  for (guint i = 0; i < n; i++)
    {
      for (guint c = 0; c < header->len; c++)
        {
          g_autofree char *text = cell (rows, i, c, title);

          if (c > 0)
            g_string_append_c (out, ',');
          put_csv (out, text);
        }
      g_string_append (out, "\r\n");
    }
  g_file_set_contents (path, out->str, (gssize) out->len, &error);
  g_assert_no_error (error);
}

static void
put_inline (GsfOutput  *part,
            const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (*text == '\0')
    return;
  zip_put (part, "%s", "<c t=\"inlineStr\"><is><t xml:space=\"preserve\">");
  zip_put (part, "%s", escaped);
  zip_put (part, "%s", "</t></is></c>");
}

static void
write_xlsx (const char *path,
            GPtrArray  *rows,
            guint       n)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);
  int title = title_column (header);
  GsfOutfile *zip = zip_create (path);
  GsfOutput *part;

  xlsx_put_workbook (zip, NULL);

  part = gsf_outfile_new_child (zip, "xl/worksheets/sheet1.xml", FALSE);
  zip_put (part, "%s", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row>");
  for (guint c = 0; c < header->len; c++)
    put_inline (part, g_ptr_array_index (header, c));
  zip_put (part, "%s", "</row>");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *start = g_strdup_printf ("<row r=\"%u\">", i + 2);

      zip_put (part, "%s", start);
      for (guint c = 0; c < header->len; c++)
        {
          g_autofree char *text = cell (rows, i, c, title);
          g_autofree char *ref = NULL;

          if (*text == '\0')
            continue;
          /* Cells that skip a column name themselves. */
          ref = g_strdup_printf ("<c r=\"%c%u\" t=\"inlineStr\"><is><t xml:space=\"preserve\">",
                                 'A' + c, i + 2);
          zip_put (part, "%s", ref);
          {
            g_autofree char *escaped = g_markup_escape_text (text, -1);
            zip_put (part, "%s", escaped);
          }
          zip_put (part, "%s", "</t></is></c>");
        }
      zip_put (part, "%s", "</row>");
    }
  zip_put (part, "%s", "</sheetData></worksheet>");
  zip_close_part (part);
  zip_close (zip);
}

/* ------------------------------------------------------------------ */
/* Measuring                                                           */
/* ------------------------------------------------------------------ */

static gboolean
measure (const char *self,
         const char *mode,
         const char *label,
         const char *pristine,
         const char *dir,
         const char *path,
         guint       n)
{
  gboolean preview = g_str_equal (mode, "preview");
  double target = preview ? TARGET_PREVIEW : TARGET_SECONDS;
  double worst_s = 0, worst_mb = 0;
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autofree char *database = g_build_filename (dir, "run.db", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *output = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { self, "--run", mode, database, path, NULL };
      gsize length;
      double seconds, cpu;
      long kb;
      guint read, n_new, errors, written;
      int status;

      /* A fresh copy of the sample for every run. */
      g_file_get_contents (pristine, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (database, contents, (gssize) length, &error);
      g_assert_no_error (error);

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &output, NULL, &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);
      g_assert_true (sscanf (output, "%lf %lf %ld %u %u %u %u", &seconds, &cpu, &kb,
                             &read, &n_new, &errors, &written) == 7);
      g_assert_cmpuint (errors, ==, 0);
      if (preview)
        g_assert_cmpuint (read, ==, PREVIEW_ROWS);
      else
        {
          g_assert_cmpuint (read, ==, n);
          g_assert_cmpuint (written, ==, n);
        }
      g_string_append_printf (line, "%s%.2f s (%.2f; CPU %.2f s), %.0f MB (%.2f)", r ? "; " : "",
                              seconds, seconds / target, cpu, kb / 1024.0, kb / 1024.0 / TARGET_MB);
      worst_s = MAX (worst_s, seconds);
      worst_mb = MAX (worst_mb, kb / 1024.0);
      remove (database);
    }
  g_print ("%-4s %-7s %u rows: %s%s\n", label, mode, preview ? PREVIEW_ROWS : n, line->str,
           worst_s < target && worst_mb < TARGET_MB ? "" : "  (over the target)");
  return worst_s < target && worst_mb < TARGET_MB;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pristine = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *self = NULL;
  guint n = 100000;
  gboolean ok = TRUE;

  if (argc == 5 && strcmp (argv[1], "--run") == 0)
    return run_child (argv[2], argv[3], argv[4]);
  if (argc == 2)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  gsf_init ();
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_strdup (argv[0]);
  dir = g_dir_make_tmp ("bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  pristine = g_build_filename (dir, "sample.db", NULL);
  g_assert_true (annalist_sample_create (pristine, 1, &error));
  g_assert_no_error (error);

  rows = read_export (pristine, dir);
  csv = g_build_filename (dir, "events.csv", NULL);
  xlsx = g_build_filename (dir, "events.xlsx", NULL);
  write_csv (csv, rows, n);
  write_xlsx (xlsx, rows, n);

  g_print ("Figures: seconds and peak RSS, with their ratio to the target in brackets "
           "(and the CPU time the process used: on a loaded machine the wall time is longer) "
           "(preview %.0f s, import %.0f s, %.0f MB); %d runs each.\n",
           TARGET_PREVIEW, TARGET_SECONDS, TARGET_MB, RUNS);
  ok = measure (self, "preview", "csv", pristine, dir, csv, n) && ok;
  ok = measure (self, "import", "csv", pristine, dir, csv, n) && ok;
  ok = measure (self, "preview", "xlsx", pristine, dir, xlsx, n) && ok;
  ok = measure (self, "import", "xlsx", pristine, dir, xlsx, n) && ok;

  /* BENCH_IMPORT_KEEP=1: the files stay, to profile one run by hand. */
  if (g_getenv ("BENCH_IMPORT_KEEP") != NULL)
    g_print ("The files are kept in %s\n", dir);
  else
    remove_tree (dir);
  return ok ? 0 : 1;
}
