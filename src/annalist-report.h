/* annalist-report.h — the annual analytical report
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract between the exporter and its callers (the command line and
 * the window's report page). The report's wording and the order of its
 * sections live in a data file the exporter reads, not here
 * (data/report/report-ru.ini, resource report/report-ru.ini).
 *
 * Settings the exporter reads (table `setting`; absent or empty: the
 * default in brackets):
 *
 *   org_name, org_short_name, founder, city, head_position, head_name
 *                               the title page ([empty]: left out)
 *   report_title                the title [the layout's report/title]
 *   status_date                 ISO date of the innovation summary
 *                               («на 01.01.2023»); used only when it falls
 *                               in the exported academic year [1 January
 *                               of the year's second calendar year]
 *   report_page_width_mm        [210]   report_page_height_mm     [297]
 *   report_margin_left_mm       [30]    report_margin_right_mm    [15]
 *   report_margin_top_mm        [20]    report_margin_bottom_mm   [20]
 *   report_font_name            [Times New Roman]
 *   report_font_size_pt         [14]    report_table_font_size_pt [12]
 *   report_line_spacing         [1.5]   report_first_line_indent_mm [12.5]
 *   report_title_page           [1]: the first page is a title page without
 *                               a number, numbers from page 2; 0: numbered
 *   report_year_separator       [-]: «2022-2023»; «/»: «2022/2023»
 *   report_empty_sections       [say]: a section without records says so
 *                               in a sentence; «omit»: it is left out
 *   report_contest_series       the competition.series of the product
 *                               contest (3.5.2) [the year's competition
 *                               with the most nominations]
 *
 * Dates are written ДД.ММ.ГГГГ, shares «35,2 %», quotes «…„…“…».
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;      /* key of the section's narrative in report_narrative.section */
  const char *number;  /* «3.2» */
  const char *title;   /* «Координация инновационных процессов …» */
} AnnalistReportSection;

/* The sections that take a narrative, in the report's order. */
const AnnalistReportSection *annalist_report_get_sections (guint *n_sections);

/* Whether the database holds any record of @academic_year. */
gboolean annalist_report_year_has_records (AnnalistStore *store,
                                           int            academic_year);

/* «3.1.2. Работа со страницами сайта ИМЦ»: the number and the title with
 * its placeholders filled, as the report prints it. */
char    *annalist_report_section_heading (AnnalistStore               *store,
                                          int                          academic_year,
                                          const AnnalistReportSection *section);

/* Writes the report of @academic_year (2022 = 2022-2023) to @path: .odt or
 * .fodt by its extension. Nothing is left at @path on failure. */
gboolean annalist_report_export        (AnnalistStore        *store,
                                        int                   academic_year,
                                        const char           *path,
                                        GError              **error);

/* The same in a worker thread, on a connection of its own to the same
 * database file. */
void     annalist_report_export_async  (AnnalistStore        *store,
                                        int                   academic_year,
                                        const char           *path,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean annalist_report_export_finish (AnnalistStore        *store,
                                        GAsyncResult         *result,
                                        GError              **error);

/* `annalist --export-report=YEAR --output=PATH [--database=FILE]`: the
 * exit status; on failure one sentence on stderr and no file at @output. */
int      annalist_report_command_line  (const char          *database,
                                        const char          *year_text,
                                        const char          *output);

G_END_DECLS
