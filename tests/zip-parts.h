/* zip-parts.h — office files for the tests and benchmarks, written part by part
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gsf/gsf.h>

G_BEGIN_DECLS

/* A zip entry; its name may hold its folders: "xl/worksheets/sheet1.xml". */
/* A new zip file at @path; zip_close () writes its directory. */
GsfOutfile *zip_create          (const char *path);
void       zip_close            (GsfOutfile *zip);
GsfOutput *zip_new_part         (GsfOutfile *zip,
                                 const char *path);
void       zip_close_part       (GsfOutput  *part);
void       zip_put              (GsfOutput  *out,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (2, 3);
void       zip_put_part         (GsfOutfile *zip,
                                 const char *path,
                                 const char *content);
/* The same, stored: its bytes as they are in the zip. */
void       zip_put_stored       (GsfOutfile *zip,
                                 const char *path,
                                 const char *content);
/* An .xlsx's content types, its workbook of one sheet «Мероприятия» at
 * xl/worksheets/sheet1.xml, and the workbook's relationships with
 * @more_relationships (shared strings, styles) added. */
void       xlsx_put_workbook    (GsfOutfile *zip,
                                 const char *more_relationships);

/* An OLE2 compound file (Office 97–2003's container) at @path with the
 * streams @names (NULL-terminated), a few bytes each. */
void       ole2_write           (const char         *path,
                                 const char * const *names);

/* @bytes, a zip of *@length bytes, damaged the way files are, by
 * @variant: 0 a few bytes flipped anywhere, 1 cut short (*@length
 * shrinks), 2 one local header's signature spoilt. */
void       zip_damage           (GRand      *rand,
                                 guint       variant,
                                 guint8     *bytes,
                                 gsize      *length);

/* Between these, anything printed on stderr fails the test (warnings
 * and criticals are fatal in any test): a damaged file is told in its
 * sentence alone. */
void       zip_expect_silence   (void);
void       zip_end_silence      (void);

G_END_DECLS
