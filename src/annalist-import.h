/* annalist-import.h — records of one kind brought in from a table
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import reads a table (a CSV file, pasted text, a sheet of .ods or
 * .xlsx) whose first non-empty row is the header, maps its columns to the
 * fields of a kind, and gives each row a verdict: a new record, the same
 * as a record already stored (skipped), or an error with a sentence that
 * names the row, the column and the field. The same run writes: all in
 * one transaction and one step of Undo, after a backup — or, when any row
 * is in error and only the good rows were not asked for, nothing at all.
 *
 * How an assistant drives it:
 *   import = annalist_import_new_for_file (store, kind, path, NULL, NULL, &error);
 *   show annalist_import_get_n_columns / _get_header / _get_mapping
 *     (guessed from the header), let the user change them
 *     (annalist_import_set_mapping) or the CSV options
 *     (annalist_import_set_csv_options: the source is read again);
 *   preview: annalist_import_run (import, ANNALIST_IMPORT_DRY_RUN, on_row, …)
 *     — every row's verdict, nothing written (return FALSE from on_row
 *     to stop after the rows shown); summary.values_to_create lists the
 *     dictionary values that match nothing, to confirm once;
 *   import: annalist_import_run (import, [SKIP_BAD] [CREATE_VALUES], …).
 *
 * A row is «the same as a stored record» when every mapped field kept in
 * the kind's own table (lists of organisations are not compared) equals
 * that record's value; such a row is skipped, so importing a file twice
 * adds nothing the second time. Rows alike are matched with stored
 * records alike one for one: a file with four identical rows brings four
 * records, and then none again; a row that repeats an earlier one is
 * written, with a message that says so (a year's undated meetings of one
 * council may be alike in every field).
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"
#include "annalist-table-source.h"

G_BEGIN_DECLS

typedef struct _AnnalistImport AnnalistImport;

typedef enum
{
  ANNALIST_IMPORT_NEW,      /* written (or, in a dry run, would be) */
  ANNALIST_IMPORT_SAME,     /* the same as a stored record: skipped */
  ANNALIST_IMPORT_ERROR,    /* not written: see the message */
} AnnalistImportVerdict;

typedef enum
{
  ANNALIST_IMPORT_DRY_RUN       = 1 << 0,  /* give the verdicts, write nothing */
  ANNALIST_IMPORT_SKIP_BAD      = 1 << 1,  /* write the good rows though some are in error */
  ANNALIST_IMPORT_CREATE_VALUES = 1 << 2,  /* add dictionary values that match nothing */
  ANNALIST_IMPORT_NO_BACKUP     = 1 << 3,  /* the caller has made its own copy */
} AnnalistImportFlags;

typedef struct
{
  guint                  line;      /* the row's line in the file, from 1 */
  AnnalistImportVerdict  verdict;
  /* ERROR: «row 17, “Start date”: …»; SAME: which record it is; else NULL. */
  const char            *message;
  /* The row's cells as read (n_cells of them). */
  const char * const    *cells;
  guint                  n_cells;
  /* NEW and SAME: the record (NEW: with its id after a real run). */
  AnnalistRecord        *record;
} AnnalistImportRow;

/* Called for each row in file order; return FALSE to stop reading (a
 * preview of the first rows): the run then ends as a dry run. */
typedef gboolean (*AnnalistImportRowFunc) (const AnnalistImportRow *row,
                                           gpointer                 user_data);

typedef struct
{
  guint      n_rows;           /* rows read after the header (empty rows not counted) */
  guint      n_new;
  guint      n_same;
  guint      n_errors;
  guint      n_written;        /* records written (0 in a dry run) */
  guint      n_created;        /* dictionary values added */
  /* «Event kind: Webinar», one for each distinct value that matched
   * nothing in its dictionary (char *). */
  GPtrArray *values_to_create;
  char      *backup_path;      /* the copy made before writing, or NULL */
  char      *label;            /* the history's name of the import, or NULL */
  /* Every row was read and judged (no fault, no cancel, no stop): when
   * the run failed only for rows in error, the counts are the verdicts
   * a dry run would give. */
  gboolean   read_whole;
} AnnalistImportSummary;

void                annalist_import_summary_clear (AnnalistImportSummary *summary);

/* Opens the file (.csv .tsv .txt through the CSV reader with @options;
 * .ods .xlsx through the sheet reader, @sheet or the first) and reads its
 * header row. An empty file is refused with a sentence. */
AnnalistImport     *annalist_import_new_for_file  (AnnalistStore            *store,
                                                   const AnnalistKind       *kind,
                                                   const char               *path,
                                                   const AnnalistCsvOptions *options,
                                                   const char               *sheet,
                                                   GError                  **error);
/* Rows pasted from the clipboard (tab-separated, header first). */
AnnalistImport     *annalist_import_new_for_text  (AnnalistStore            *store,
                                                   const AnnalistKind       *kind,
                                                   const char               *text,
                                                   const AnnalistCsvOptions *options,
                                                   GError                  **error);
void                annalist_import_free          (AnnalistImport           *self);

const AnnalistKind *annalist_import_get_kind      (AnnalistImport           *self);
/* The file's name as sentences name it. */
const char         *annalist_import_get_name      (AnnalistImport           *self);
/* CSV sources: what was detected or set; FALSE for a sheet. */
gboolean            annalist_import_get_csv_options (AnnalistImport         *self,
                                                     AnnalistCsvOptions     *options);
/* Reads the CSV source again with other options; the mapping is guessed
 * again from the new header. */
gboolean            annalist_import_set_csv_options (AnnalistImport           *self,
                                                     const AnnalistCsvOptions *options,
                                                     GError                  **error);

guint               annalist_import_get_n_columns (AnnalistImport           *self);
const char         *annalist_import_get_header    (AnnalistImport           *self,
                                                   guint                     column);
/* The field index a column goes to, or -1 («пропустить»). */
int                 annalist_import_get_mapping   (AnnalistImport           *self,
                                                   guint                     column);
/* Maps @column to @field (-1: skip it); a column that had @field before
 * is skipped. */
void                annalist_import_set_mapping   (AnnalistImport           *self,
                                                   guint                     column,
                                                   int                       field);
/* The guess from the header: a column whose text is a field's label (in
 * Russian or English), its column name or a reference's name without
 * «_id»; case, «ё», quotes and spaces do not matter. */
void                annalist_import_guess_mapping (AnnalistImport           *self);
/* «COLUMN=FIELD,…»: COLUMN a header's text or its number from 1, FIELD
 * a field's label or column name, or «пропустить». */
gboolean            annalist_import_parse_mapping (AnnalistImport           *self,
                                                   const char               *text,
                                                   GError                  **error);
/* The mapping as «COLUMN=FIELD,…», to remember it. */
char               *annalist_import_mapping_text  (AnnalistImport           *self);

/* Reads every row from the start, gives it a verdict (@func, may be
 * NULL) and, unless a dry run, writes the new records in one transaction
 * named for Undo, after a backup. FALSE (nothing written) when the
 * source cannot be read, @cancellable is cancelled, or rows are in error
 * without ANNALIST_IMPORT_SKIP_BAD: then @error says so and @summary
 * still counts what was read. */
gboolean            annalist_import_run           (AnnalistImport           *self,
                                                   AnnalistImportFlags       flags,
                                                   AnnalistImportRowFunc     func,
                                                   gpointer                  user_data,
                                                   AnnalistImportSummary    *summary,
                                                   GCancellable             *cancellable,
                                                   GError                  **error);

/* How much of its source the run in progress has read, from 0 to 1
 * (the bytes of a CSV file, of a sheet's XML), or -1 when the source
 * cannot say or no run is reading: for a row callback that shows a
 * progress bar. */
double              annalist_import_get_fraction  (AnnalistImport           *self);

/* The kind a command line or a template names: its table name, or its
 * label or singular in Russian or English; only kinds that are stored. */
const AnnalistKind *annalist_import_find_kind     (const char               *name);

/* The command line: --import=KIND --input=FILE [--mapping=…] [--dry-run]
 * [--skip-bad] [--create-values]. Prints a line per rejected row and a
 * summary; the exit status. */
typedef struct
{
  const char *database;
  const char *kind;
  const char *input;
  const char *mapping;
  const char *sheet;
  gboolean    dry_run;
  gboolean    skip_bad;
  gboolean    create_values;
} AnnalistImportOptions;

int                 annalist_import_command       (const AnnalistImportOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistImport, annalist_import_free)

G_END_DECLS
