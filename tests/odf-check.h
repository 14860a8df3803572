/* odf-check.h — reading back and checking ODF files in the tests
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-odf and test-odf-package (the document layer),
 * test-report (the report) and test-template: unpack a package, validate
 * parts with jing, query them with XPath, and check what the schema cannot
 * (cells per row, one header-row group, what the manifest lists).
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "annalist-store.h"
#include "temp-tree.h"

/* The path of @program; NULL when it is not installed: the test is then
 * skipped, or failed when CI is set, since CI installs @package. */
char               *find_tool     (const char         *program,
                                   const char         *package);

/* soffice --headless --convert-to @format of the files @paths (up to
 * NULL) into @out_dir, with a LibreOffice profile of its own in
 * @profile_dir: TRUE once every file was converted (the test stops when
 * one was not: soffice says 0 even when it could not read a file). FALSE
 * when there is no soffice: the test is then skipped, or failed when CI is
 * set, since CI installs libreoffice-writer-nogui. */
gboolean            lo_convert    (const char         *profile_dir,
                                   const char         *format,
                                   const char         *out_dir,
                                   const char * const *paths);

/* The OASIS schemas, kept unmodified in tests/odf-schema/ (see its README). */
#define SCHEMA   g_test_get_filename (G_TEST_DIST, "odf-schema", "odf1.3", \
                                      "OpenDocument-v1.3-schema.rng", NULL)
#define MANIFEST g_test_get_filename (G_TEST_DIST, "odf-schema", "odf1.3", \
                                      "OpenDocument-v1.3-manifest-schema.rng", NULL)
#define JING_JAR "/usr/share/java/jing.jar"

GHashTable         *read_zip      (const char         *path,
                                   GPtrArray         **order);
guint               check_package_layout (const char  *path);
gboolean            have_jing     (void);
void                assert_valid  (const char         *schema,
                                   const char * const *files);
void                write_part    (const char         *dir,
                                   const char         *name,
                                   GBytes             *bytes,
                                   GPtrArray          *files);
xmlXPathContextPtr  xpath_context (xmlDocPtr           doc);
double              xpath_number  (xmlDocPtr           doc,
                                   const char         *expr);
char               *xpath_string  (xmlDocPtr           doc,
                                   const char         *expr);
/* Whether the paragraph style @name of @styles (or one it inherits
 * from) keeps its paragraph with the next. */
gboolean            style_keeps_with_next (xmlDocPtr   styles,
                                           const char *name);
char               *root_children (xmlDocPtr           doc);
void                check_manifest (xmlDocPtr          manifest,
                                    GHashTable        *parts,
                                    const char        *version);
guint               check_tables  (xmlDocPtr           doc);
guint               check_cross_references (xmlDocPtr  doc);
xmlDocPtr           parse_bytes   (GBytes             *bytes,
                                   const char         *name);

/* Fails, naming @expr, unless @doc holds @n nodes that @expr selects. */
#define assert_count(doc, expr, n) \
  G_STMT_START { \
    double got_ = xpath_number ((doc), "count(" expr ")"); \
    if (got_ != (n)) \
      g_error ("count(%s) is %g, not %g", expr, got_, (double) (n)); \
  } G_STMT_END

/* A test fixture: a temporary folder, removed afterwards with its files. */
typedef struct
{
  char *dir;
} Fixture;

void                fixture_set_up    (Fixture            *fixture,
                                       gconstpointer       user_data);
void                fixture_tear_down (Fixture            *fixture,
                                       gconstpointer       user_data);
guint               count_dir_entries (const char         *path);
/* Runs the test again in a subprocess whose files may not grow past
 * @bytes: TRUE there, to go on; FALSE here, once it has passed quietly. */
gboolean            in_file_size_limit (gsize              bytes);

GPtrArray          *document_lines (const char        *fodt);
void                assert_lines_as_golden (GPtrArray *lines,
                                            const char *golden);

/* The sample district in a new temporary folder (named after @prefix):
 * sets *@dir and *@database, opens the store. */
AnnalistStore *sample_store_new (const char  *prefix,
                                 char       **dir,
                                 char       **database);

/* The annalist binary run with the arguments up to NULL: its wait status
 * and what it printed. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

Run   run       (const char         *first,
                 ...) G_GNUC_NULL_TERMINATED;
/* The same with environment variables set: NAME, VALUE pairs up to NULL. */
Run   run_env   (const char * const *env,
                 const char         *first,
                 ...) G_GNUC_NULL_TERMINATED;
void  run_clear (Run                *run);
