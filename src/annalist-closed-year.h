/* annalist-closed-year.h — academic years whose report was signed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* A closed year, as the table closed_year keeps it (without the report's
 * bytes: annalist_closed_year_get_report ()). */
typedef struct
{
  int    academic_year;
  char  *closed_at;       /* UTC, 2026-11-30T16:20:05Z */
  char  *user_name;
  char  *template_name;   /* the document the report was written from */
  char  *file_name;       /* the file it was exported to, without its folder */
  gint64 report_size;
} AnnalistClosedYear;

void                annalist_closed_year_free        (AnnalistClosedYear *closed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistClosedYear, annalist_closed_year_free)

/* Called at every open of a writable store: the SQL function and the
 * TEMP triggers that refuse any change of a record of a closed year. */
gboolean            annalist_closed_year_install     (AnnalistStore      *store,
                                                      GError            **error);

/* Marks @year as reported and keeps @report (the bytes of the file
 * exported at closing, exactly) in one transaction, with its line in the
 * history. A year already closed is refused with a sentence. */
gboolean            annalist_closed_year_close       (AnnalistStore      *store,
                                                      int                 year,
                                                      GBytes             *report,
                                                      const char         *file_name,
                                                      const char         *template_name,
                                                      GError            **error);
/* Opens @year for changes again, forgetting the kept report; recorded in
 * the history. */
gboolean            annalist_closed_year_reopen      (AnnalistStore      *store,
                                                      int                 year,
                                                      GError            **error);

gboolean            annalist_closed_year_is_closed   (AnnalistStore      *store,
                                                      int                 year);
/* The closed year @year; NULL (and no error) when it is open. */
AnnalistClosedYear *annalist_closed_year_get         (AnnalistStore      *store,
                                                      int                 year,
                                                      GError            **error);
/* «12.09.2023»: the local day @closed was closed on (its stored text,
 * when that is not a time). */
char               *annalist_closed_year_date        (const AnnalistClosedYear *closed);
/* Every closed year, the latest first: AnnalistClosedYear. */
GPtrArray          *annalist_closed_year_list        (AnnalistStore      *store,
                                                      GError            **error);
/* The report kept when @year was closed, byte for byte. */
GBytes             *annalist_closed_year_get_report  (AnnalistStore      *store,
                                                      int                 year,
                                                      GError            **error);

/* Why @record (of @kind) cannot be changed: the sentence, when it
 * belongs to a closed year (its own year, or its owner's); else NULL. */
char               *annalist_closed_year_reason      (AnnalistStore      *store,
                                                      const AnnalistKind *kind,
                                                      AnnalistRecord     *record);
/* «2022-2023 учебный год закрыт 12.09.2023: …» for a closed @year. */
char               *annalist_closed_year_sentence    (AnnalistStore      *store,
                                                      int                 year);

/* For the store's errors: when the statement that failed with @rc was
 * refused by a closed year, sets @error to the sentence and returns TRUE. */
gboolean            annalist_closed_year_refused     (AnnalistStore      *store,
                                                      int                 rc,
                                                      GError            **error);

/* annalist --signed-report=YEAR --output=FILE: the kept report of YEAR
 * (2022-2023) written to FILE; the database is only read. An exit status. */
int                 annalist_closed_year_report_command (const char  *database,
                                                         const char  *year,
                                                         const char  *output);

G_END_DECLS
