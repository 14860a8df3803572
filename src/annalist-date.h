/* annalist-date.h — dates and academic years
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An academic year is named by the calendar year it starts in:
 * 2022 is «2022-2023 учебный год», 1 September 2022 – 31 August 2023. */
#define ANNALIST_YEAR_MIN 1990
#define ANNALIST_YEAR_MAX 2100

gboolean  annalist_date_parse          (const char  *text,
                                        GDate       *date);
gboolean  annalist_date_is_impossible  (const char  *text);
char     *annalist_date_to_iso         (const GDate *date);
char     *annalist_date_format         (const char  *iso);
int       annalist_date_academic_year  (const GDate *date);
int       annalist_iso_academic_year   (const char  *iso);
int       annalist_academic_year_current (void);
/* The moment the database stores (a change, a closing, a session): UTC,
 * 2026-11-30T16:20:05Z; @time NULL for now. */
char     *annalist_time_stamp          (GDateTime   *time);
char     *annalist_academic_year_label (int          year);
gboolean  annalist_academic_year_parse (const char  *text,
                                        int         *year);
void      annalist_academic_year_bounds (int         year,
                                         char      **first_iso,
                                         char      **last_iso);

G_END_DECLS
