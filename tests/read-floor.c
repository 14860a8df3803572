/* read-floor.c — the floor of an export: reading the rows it reads
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   read-floor [--verbose] DATABASE TRACE
 *
 * TRACE is what an export wrote with ANNALIST_TRACE_SQL=TRACE (see
 * src/annalist-store.c): every statement it ran, with its values, one a
 * line. This program opens DATABASE as an export does
 * (annalist_store_open_readonly: the `annalist` collation and
 * annalist_fold () are there, and none of the window's set-up for
 * editing, such as the history's triggers) and runs the
 * trace's SELECTs, stepping through every row and reading every column by
 * its type. Nothing else is done, so no export of the same rows can be
 * faster: the benchmark (bench-export.sh) measures exports against it.
 *
 * Not run: writes (the temporary tables the export fills for its computed
 * kinds, and their DDL), and the SELECTs that read those tables, which do
 * not exist here. Transaction control (BEGIN, COMMIT) is run: the export
 * reads in one transaction, and so does the floor. Each statement is
 * prepared from its text, values included; the export binds values to
 * statements it prepared once, so the floor prepares more than it.
 * With --verbose, what was run and skipped is counted on stderr, and the
 * slowest statements are named.
 */

#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-store-private.h"

/* Undoes the trace's escapes (\\, \n, \r) in place. */
static void
unescape (char *line)
{
  char *out = line;

  for (const char *c = line; *c != '\0'; c++)
    {
      if (*c == '\\' && c[1] != '\0')
        {
          c++;
          *out++ = *c == 'n' ? '\n' : *c == 'r' ? '\r' : *c;
        }
      else
        *out++ = *c;
    }
  *out = '\0';
}

#define N_SLOWEST 5

typedef struct
{
  gint64 usec;
  char  *sql;
} Slow;

/* Keeps the N_SLOWEST slowest statements, slowest first. */
static void
note_time (Slow        slowest[N_SLOWEST],
           gint64      usec,
           const char *sql)
{
  int i = N_SLOWEST - 1;

  if (usec <= slowest[i].usec)
    return;
  g_free (slowest[i].sql);
  for (; i > 0 && slowest[i - 1].usec < usec; i--)
    slowest[i] = slowest[i - 1];
  slowest[i].usec = usec;
  slowest[i].sql = g_strdup (sql);
}

/* The statement's first keyword, upper-cased, in @word. */
static void
first_word (const char *sql,
            char        word[16])
{
  guint n = 0;

  while (g_ascii_isspace (*sql) || *sql == '(')
    sql++;
  while (g_ascii_isalpha (*sql) && n < 15)
    word[n++] = g_ascii_toupper (*sql++);
  word[n] = '\0';
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GHashTable) temp_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  gboolean verbose = FALSE;
  const char *database, *trace;
  guint64 n_run = 0, n_rows = 0, n_values = 0, n_bytes = 0, n_writes = 0, n_temp_reads = 0;
  guint64 checksum = 0;
  Slow slowest[N_SLOWEST] = { { 0 } };
  char *line, *next;
  sqlite3 *db;
  int arg = 1;

  setlocale (LC_ALL, "");
  if (argc > 1 && g_str_equal (argv[1], "--verbose"))
    {
      verbose = TRUE;
      arg++;
    }
  if (argc - arg != 2)
    {
      g_printerr ("usage: %s [--verbose] DATABASE TRACE\n", argv[0]);
      return 2;
    }
  database = argv[arg];
  trace = argv[arg + 1];

  if (!g_file_get_contents (trace, &contents, NULL, &error) ||
      (store = annalist_store_open_readonly (database, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  db = annalist_store_get_db (store);

  for (line = contents; line != NULL && *line != '\0'; line = next)
    {
      sqlite3_stmt *stmt = NULL;
      gint64 start = 0;
      char word[16];
      int rc;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      unescape (line);
      first_word (line, word);

      if (g_str_equal (word, "CREATE") && strstr (line, "TEMP TABLE") != NULL)
        {
          /* CREATE TEMP TABLE IF NOT EXISTS "name" (…: remember the name. */
          const char *open = strchr (line, '"');
          const char *close = open ? strchr (open + 1, '"') : NULL;

          if (close != NULL)
            g_hash_table_add (temp_tables, g_strndup (open + 1, close - open - 1));
          n_writes++;
          continue;
        }
      if (!g_str_equal (word, "SELECT") && !g_str_equal (word, "WITH") &&
          !g_str_equal (word, "BEGIN") && !g_str_equal (word, "COMMIT") &&
          !g_str_equal (word, "END") && !g_str_equal (word, "ROLLBACK"))
        {
          n_writes++;
          continue;
        }

      if (verbose)
        start = g_get_monotonic_time ();
      rc = sqlite3_prepare_v2 (db, line, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          const char *message = sqlite3_errmsg (db);
          const char *missing = g_str_has_prefix (message, "no such table: ") ? message + strlen ("no such table: ") : NULL;

          /* A read of a table the export made for itself. */
          if (missing != NULL && g_str_has_prefix (missing, "temp."))
            missing += strlen ("temp.");
          if (missing != NULL && g_hash_table_contains (temp_tables, missing))
            {
              n_temp_reads++;
              continue;
            }
          g_printerr ("%s\n  in: %s\n", message, line);
          return 1;
        }
      if (!sqlite3_stmt_readonly (stmt))
        {
          sqlite3_finalize (stmt);
          n_writes++;
          continue;
        }

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int n = sqlite3_column_count (stmt);

          n_rows++;
          for (int i = 0; i < n; i++)
            {
              switch (sqlite3_column_type (stmt, i))
                {
                case SQLITE_INTEGER:
                  checksum += sqlite3_column_int64 (stmt, i);
                  break;
                case SQLITE_FLOAT:
                  checksum += (guint64) sqlite3_column_double (stmt, i);
                  break;
                case SQLITE_TEXT:
                  {
                    const unsigned char *text = sqlite3_column_text (stmt, i);
                    int bytes = sqlite3_column_bytes (stmt, i);

                    checksum += bytes > 0 ? text[bytes - 1] : 0;
                    n_bytes += bytes;
                  }
                  break;
                case SQLITE_BLOB:
                  {
                    const unsigned char *blob = sqlite3_column_blob (stmt, i);
                    int bytes = sqlite3_column_bytes (stmt, i);

                    checksum += bytes > 0 ? blob[0] : 0;
                    n_bytes += bytes;
                  }
                  break;
                default:
                  break;
                }
              n_values++;
            }
        }
      if (rc != SQLITE_DONE)
        {
          g_printerr ("%s\n  in: %s\n", sqlite3_errmsg (db), line);
          sqlite3_finalize (stmt);
          return 1;
        }
      sqlite3_finalize (stmt);
      n_run++;
      if (verbose)
        note_time (slowest, g_get_monotonic_time () - start, line);
    }

  if (verbose)
    g_printerr ("%" G_GUINT64_FORMAT " statements run: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT
                " values, %" G_GUINT64_FORMAT " bytes of text and blobs (checksum %" G_GUINT64_FORMAT ");\n"
                "skipped: %" G_GUINT64_FORMAT " writes and DDL, %" G_GUINT64_FORMAT
                " reads of the export's temporary tables\n",
                n_run, n_rows, n_values, n_bytes, checksum, n_writes, n_temp_reads);
  for (guint i = 0; verbose && i < N_SLOWEST && slowest[i].sql != NULL; i++)
    {
      g_autofree char *start = g_utf8_substring (slowest[i].sql, 0, 200);

      g_printerr ("%6.1f ms  %s…\n", slowest[i].usec / 1000.0, start);
      g_free (slowest[i].sql);
    }
  return checksum == G_MAXUINT64 ? EXIT_FAILURE : EXIT_SUCCESS;
}
