/* annalist-table-source.h — rows of text cells read from a spreadsheet, a
 * CSV file or the clipboard, for the import
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One interface for every source the import reads, so that the import
 * (annalist-import.c) need not know where the rows come from: a source
 * is read row by row (a sheet of 50 000 rows is never held whole), each
 * row a GPtrArray of UTF-8 cell texts (empty cells are ""), with the
 * row's number in the file for the sentences that name it.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AnnalistTableSource AnnalistTableSource;

/* The largest table the import takes: a CSV file or pasted text, a
 * spreadsheet's file, and the largest XML part of a spreadsheet once
 * inflated (a zip of 100 MB may unpack to gigabytes). The readers
 * stream, but the import keeps a key for every row (to find rows alike)
 * and takes some 40 s a million rows: 100 MB of CSV is about a million
 * rows, some 200 MB of memory. A bigger file is refused with a sentence
 * before anything is read. Decimal megabytes, as g_format_size () says
 * them. */
#define ANNALIST_TABLE_MAX_BYTES     (G_GUINT64_CONSTANT (100) * 1000 * 1000)
#define ANNALIST_TABLE_MAX_XML_BYTES (G_GUINT64_CONSTANT (500) * 1000 * 1000)
/* The cells of one CSV row together (a separator or line end lost). */
#define ANNALIST_TABLE_MAX_ROW_BYTES (16 * 1000 * 1000)

typedef struct
{
  /* The next row (char *, owned by the caller's array), or NULL at the
   * end (no error) or on a fault (@error: a sentence naming the file and
   * the row). @line receives the row's number in the file, from 1. */
  GPtrArray *(*next_row) (AnnalistTableSource *self,
                          guint               *line,
                          GError             **error);
  void       (*free)     (AnnalistTableSource *self);
  /* How far reading has come, for a progress bar: the bytes of the
   * source consumed so far (for a sheet, of its XML part inflated) and
   * the source's size in the same bytes. FALSE when it cannot say
   * cheaply. May be NULL: the source never says. */
  gboolean   (*position) (AnnalistTableSource *self,
                          guint64             *done,
                          guint64             *total);
} AnnalistTableSourceClass;

struct _AnnalistTableSource
{
  const AnnalistTableSourceClass *klass;
  char                           *name;   /* the file's or source's name, for sentences */
  /* A pointer that holds this source and is set to NULL when it is
   * freed (as g_set_weak_pointer() does for objects), or NULL. */
  AnnalistTableSource           **watch;
};

static inline GPtrArray *
annalist_table_source_next_row (AnnalistTableSource *self,
                                guint               *line,
                                GError             **error)
{
  return self->klass->next_row (self, line, error);
}

/* The part of the source read, from 0 to 1, or -1 when it cannot say. */
static inline double
annalist_table_source_get_fraction (AnnalistTableSource *self)
{
  guint64 done = 0, total = 0;

  if (self->klass->position == NULL || !self->klass->position (self, &done, &total) || total == 0)
    return -1;
  return done >= total ? 1.0 : (double) done / (double) total;
}

static inline void
annalist_table_source_free (AnnalistTableSource *self)
{
  if (self == NULL)
    return;
  if (self->watch != NULL && *self->watch == self)
    *self->watch = NULL;
  self->klass->free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistTableSource, annalist_table_source_free)

/* FALSE with the sentence when a file (@name, as sentences name it) of
 * @size bytes is over ANNALIST_TABLE_MAX_BYTES. */
/* Reads @source in a thread of its own, a few hundred rows ahead of the
 * caller (annalist-read-ahead.c); takes @source. */
AnnalistTableSource *annalist_table_source_read_ahead  (AnnalistTableSource *source);

gboolean             annalist_table_source_check_size  (const char  *name,
                                                        guint64      size,
                                                        GError     **error);

/* annalist-sheet-source.c: .ods and .xlsx, streamed with libxml2's reader
 * over the zip. The sheets' names in order; a source over the sheet
 * @sheet (NULL: the first). Formula cells give their cached value, a
 * merged cell its value in its first cell. */
char               **annalist_sheet_source_list_sheets (const char  *path,
                                                        GError     **error);
/* Whether @path is a spreadsheet by its name (.ods, .xlsx) or holds what
 * this source tells apart whatever the name (a zip, an OLE2 file: an old
 * .xls, a .docx, an .odt), so that it says what the file is. */
gboolean             annalist_sheet_source_takes       (const char  *path);
AnnalistTableSource *annalist_sheet_source_open        (const char  *path,
                                                        const char  *sheet,
                                                        GError     **error);

/* annalist-csv-source.c: .csv, .tsv, .txt and pasted text, with libcsv. */
typedef struct
{
  char        separator;   /* 0: detected (, ; tab) */
  char        quote;       /* 0: detected ('"') */
  const char *encoding;    /* NULL: detected (UTF-8 with or without BOM, else Windows-1251) */
} AnnalistCsvOptions;

AnnalistTableSource *annalist_csv_source_open          (const char               *path,
                                                        const AnnalistCsvOptions *options,
                                                        GError                  **error);
/* Text on the clipboard: tab-separated rows, as LibreOffice and Excel copy them. */
AnnalistTableSource *annalist_csv_source_new_for_text  (const char               *text,
                                                        const AnnalistCsvOptions *options,
                                                        GError                  **error);
/* What detection chose for the source (for the assistant to show and change). */
void                 annalist_csv_source_get_options   (AnnalistTableSource      *self,
                                                        AnnalistCsvOptions       *options);

G_END_DECLS
