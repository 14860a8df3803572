/* annalist-sheet-source-private.h — what the .ods and .xlsx readers share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spreadsheet is a zip (opened with libzip, read from the file as
 * needed, each part checked against its CRC-32) whose parts are XML read with libxml2's streaming reader: one
 * node at a time, never a tree, so that memory does not grow with the
 * sheet. annalist-sheet-source.c opens the file and tells the formats
 * apart; annalist-sheet-ods.c and annalist-sheet-xlsx.c read them.
 */

#pragma once

#include <libxml/xmlreader.h>

#include "annalist-office-file.h"
#include "annalist-table-source.h"

G_BEGIN_DECLS

/* The widest row read: the columns LibreOffice and Excel have (XFD). */
#define SHEET_MAX_COLUMNS 16384

typedef struct
{
  zip_t *zip;
  char  *display;   /* the file's name for sentences */
} SheetFile;

void        _sheet_file_free        (SheetFile   *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SheetFile, _sheet_file_free)

/* Refuses a spreadsheet saved with a password, in a sentence that names
 * it by @display and says what to do; FALSE. */
gboolean    _sheet_refuse_password  (const char  *display,
                                     GError     **error);

/* A part of the zip being read. */
typedef struct
{
  zip_file_t *file;
  guint64     size;       /* as the zip's directory gives it */
  guint64     done;
  gboolean    mismatch;   /* all read, but not what its CRC-32 says */
} SheetPart;

/* The zip's part @path ("xl/worksheets/sheet1.xml"), or NULL: with
 * @error set when it is there but cannot be read, unset when it is not
 * there. */
SheetPart  *_sheet_file_member      (SheetFile   *file,
                                     const char  *path,
                                     GError     **error);
/* Up to @length bytes of @part: how many, 0 at its end (where it has
 * been checked against its CRC-32), -1 when it is damaged. */
gint64      _sheet_part_read        (SheetPart   *part,
                                     void        *buffer,
                                     guint64      length);
void        _sheet_part_free        (SheetPart   *part);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SheetPart, _sheet_part_free)

/* One part of the zip read node by node. */
typedef struct
{
  SheetFile        *file;     /* not owned */
  char             *part;
  SheetPart        *input;
  xmlTextReaderPtr  reader;
  char             *xml_message;  /* the parser's first complaint */
  int               xml_line;
  gboolean          io_failed;    /* the zip's data could not be inflated */
} SheetXml;

/* NULL with @error when the part is missing. */
SheetXml   *_sheet_xml_open         (SheetFile   *file,
                                     const char  *part,
                                     GError     **error);
void        _sheet_xml_free         (SheetXml    *xml);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SheetXml, _sheet_xml_free)

/* The rows are read: the rest of the part is read all the same, not
 * parsed, to its end, where libzip checks it against its CRC-32, so
 * that a byte changed in a row already handed out is found before the
 * import writes anything. FALSE with @error when it is damaged. */
gboolean    _sheet_xml_finish       (SheetXml    *xml,
                                     GError     **error);

/* The next node: TRUE, or FALSE at the end (@error unset) or on a
 * fault (@error names the file, the part, and the row @row when not 0). */
gboolean    _sheet_xml_read         (SheetXml    *xml,
                                     guint        row,
                                     GError     **error);
/* Whether the current node is the start (or end) of the element @local
 * in the namespace @ns. */
gboolean    _sheet_xml_is_start     (SheetXml    *xml,
                                     const char  *ns,
                                     const char  *local);
gboolean    _sheet_xml_is_end       (SheetXml    *xml,
                                     const char  *ns,
                                     const char  *local);
/* Whether the current start tag is empty (<x/>: no end comes). */
gboolean    _sheet_xml_is_empty     (SheetXml    *xml);
/* The attribute's value on the current element (g_free), or NULL. */
char       *_sheet_xml_attribute    (SheetXml    *xml,
                                     const char  *ns,
                                     const char  *local);
/* The current node's text, if it is text or whitespace. */
const char *_sheet_xml_text         (SheetXml    *xml);
/* The part's bytes inflated so far and its size (for a progress bar). */
gboolean    _sheet_xml_position     (SheetXml    *xml,
                                     guint64     *done,
                                     guint64     *total);
/* Passes over the current element's content. */
gboolean    _sheet_xml_skip         (SheetXml    *xml,
                                     guint        row,
                                     GError     **error);

/* A row being built: trailing empty cells are never stored, and empty
 * cells before a filled one only when it comes. */
typedef struct
{
  GPtrArray *cells;
  guint      pending_empty;
} SheetRow;

void        _sheet_row_init         (SheetRow    *row);
void        _sheet_row_clear        (SheetRow    *row);
/* Adds @count copies of @text (taken; NULL or "" is an empty cell).
 * Cells beyond SHEET_MAX_COLUMNS are dropped. */
void        _sheet_row_add          (SheetRow    *row,
                                     char        *text,
                                     guint        count);
/* Whether any cell of the row holds text. */
gboolean    _sheet_row_has_content  (SheetRow    *row);
/* A copy of the row's cells for the caller. */
GPtrArray  *_sheet_row_copy         (SheetRow    *row);
/* The row handed over, the builder emptied. */
GPtrArray  *_sheet_row_take         (SheetRow    *row);

/* ДД.ММ.ГГГГ for the ISO date at the start of @iso ("2023-06-05" or
 * "2023-06-05T10:00:00"), or NULL. */
char       *_sheet_date_from_iso    (const char  *iso);

void        _sheet_set_damaged      (GError     **error,
                                     SheetFile   *file,
                                     const char  *part);

/* annalist-sheet-ods.c */
char              **_sheet_ods_list  (SheetFile   *file,
                                      GError     **error);
AnnalistTableSource *_sheet_ods_open (SheetFile   *file,
                                      const char  *sheet,
                                      GError     **error);

/* annalist-sheet-xlsx.c */
char              **_sheet_xlsx_list  (SheetFile   *file,
                                       GError     **error);
AnnalistTableSource *_sheet_xlsx_open (SheetFile   *file,
                                       const char  *sheet,
                                       GError     **error);

G_END_DECLS
