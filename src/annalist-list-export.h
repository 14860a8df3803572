/* annalist-list-export.h — the rows of a list as a spreadsheet or text
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a list shows (its year, search and order) goes out as .csv (UTF-8
 * with a BOM, RFC 4180 quoting, CRLF: what Excel opens), as .ods (through
 * the ODF layer) or as tab-separated text for the clipboard. Values are
 * written as the window shows them (annalist_store_format_value ()), the
 * organisations of a REFERENCES field joined by «; », so that an export
 * of every field imports back unchanged.
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* Every field of @kind a person fills in (HIDDEN ones left out), as
 * guint field indexes in the kind's order. */
GArray   *annalist_list_export_all_fields (const AnnalistKind *kind);

/* The text of one cell: @value (NULL: empty) as the window shows it; the
 * organisations of a REFERENCES field joined by «; ». */
char     *annalist_list_export_cell       (AnnalistStore       *store,
                                           const AnnalistField *field,
                                           GVariant            *value);

/* Writes the records of @rows (AnnalistRecord items, or an
 * AnnalistRecordList) with the columns @fields (guint indexes of @kind)
 * to @path: .csv or .ods by its extension. The file is written beside
 * @path and renamed over it when complete; a failure is a sentence naming
 * the file, and leaves nothing behind. */
gboolean  annalist_list_export_write      (AnnalistStore       *store,
                                           const AnnalistKind  *kind,
                                           GListModel          *rows,
                                           GArray              *fields,
                                           const char          *path,
                                           GError             **error);

/* The same as tab-separated text with a header row (tabs and line breaks
 * inside values made spaces), a line each, for the clipboard. */
char     *annalist_list_export_text       (AnnalistStore       *store,
                                           const AnnalistKind  *kind,
                                           GListModel          *rows,
                                           GArray              *fields);

/* The name a file of the list is offered under: «Мероприятия 2022-2023.csv»
 * (no year for ANNALIST_ALL_YEARS or a kind without years). */
char     *annalist_list_export_file_name  (const AnnalistKind  *kind,
                                           int                  year,
                                           const char          *extension);

/* annalist --database=F --export-list=KIND [--year=Y] --output=FILE: every
 * field of KIND (its table name or its name, as templates name kinds),
 * the database opened read-only. Returns the exit status; a refusal is a
 * sentence on stderr. */
int       annalist_list_export_command    (const char          *database,
                                           const char          *kind,
                                           const char          *year,
                                           const char          *output);

G_END_DECLS
