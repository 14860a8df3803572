/* crash-child.h — the crash tests' two sides: the child that writes until
 * it is killed (crash-saver, crash-closer), and the test that kills it
 * (test-crash, test-crash-closing)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "annalist-store.h"

/* The child's side. */

/* Checks the arguments "NAME DB LOG SEED" (exits 2 with a usage line
 * otherwise), opens the log LOG for appending, returns the store at DB
 * and, in @rand, a generator seeded with SEED. */
AnnalistStore *crash_child_start (int          argc,
                                  char        *argv[],
                                  const char  *name,
                                  GRand      **rand);

/* One byte to the test: the store is open, or a step acknowledged. */
void crash_child_signal (void);

/* Appends "VERB\tKEY\tVALUE\n" to the log in one write () (a kill leaves
 * it whole, absent, or cut where it crosses a page of the file: without
 * its end) and fdatasyncs it; after an "ok", signals the test. */
void crash_child_log (const char *verb,
                      const char *key,
                      const char *value);

/* The test's side. */

/* The seed and the number of kills: ANNALIST_CRASH_SEED and
 * ANNALIST_CRASH_CYCLES, else the defaults; says both in the test log. */
void crash_test_settings (guint32  default_seed,
                          guint    default_cycles,
                          guint32 *seed,
                          guint   *cycles);

/* Opens the store at @path and closes it again (creates the schema, or
 * rolls a hot journal back). */
void crash_test_open_store (const char *path);

/* Runs @program on @path, @log_path and @child_seed; waits for it to open
 * the store (and, when @after_first, for its first acknowledged @step),
 * then @delay µs more, and kills it with SIGKILL. Fails the test when the
 * child hangs for 20 s or ends by itself before kill @cycle. */
void crash_test_run_and_kill (const char *program,
                              const char *path,
                              const char *log_path,
                              const char *child_seed,
                              gboolean    after_first,
                              const char *step,
                              gulong      delay,
                              guint       cycle);

/* Fails with the text found unless the rows of @sql, joined, are
 * @expected. */
void crash_test_assert_rows (sqlite3    *db,
                             const char *sql,
                             const char *expected,
                             guint       cycle);

/* The database at @path opened with plain SQLite after kill @cycle, its
 * PRAGMA integrity_check «ok» and its foreign_key_check empty. */
sqlite3 *crash_test_open_checked (const char *path,
                                  guint       cycle);

/* The whole lines the child logged since @log_offset (the last one
 * empty), a last one the kill cut left out; moves @log_offset to the end. */
char **crash_test_new_lines (const char *log_path,
                             gsize      *log_offset);
