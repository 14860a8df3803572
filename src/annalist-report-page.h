/* annalist-report-page.h — the user's texts of the documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_REPORT_PAGE (annalist_report_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistReportPage, annalist_report_page, ANNALIST, REPORT_PAGE, AdwBin)

AnnalistReportPage *annalist_report_page_new      (AnnalistStore      *store);
/* The window's year; ANNALIST_ALL_YEARS: the page keeps its own. */
void                annalist_report_page_set_year (AnnalistReportPage *self,
                                                   int                 year);
/* The year the page's texts and export are of (never all years). */
int                 annalist_report_page_get_year (AnnalistReportPage *self);
/* Whether that year has records to export (property "can-export"). */
gboolean            annalist_report_page_can_export (AnnalistReportPage *self);
/* The page's own year choice, and the row saying its year has no records. */
AdwComboRow        *annalist_report_page_get_year_row (AnnalistReportPage *self);
AdwActionRow       *annalist_report_page_get_status_row (AnnalistReportPage *self);
/* Writes what was typed and is not saved yet. */
void                annalist_report_page_flush    (AnnalistReportPage *self);
/* Exports the chosen document for the page's year: asks where (and what
 * else the document is written for). */
void                annalist_report_page_export   (AnnalistReportPage *self);
/* The text area of a place for the user's words in the chosen document
 * (the key of its {{text "KEY"}}); NULL when it has none of that key. */
GtkTextView        *annalist_report_page_get_text (AnnalistReportPage *self,
                                                   const char         *section_id);

G_END_DECLS
