/* annalist-year-closing.h — closing the academic year, on the documents page
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_YEAR_CLOSING (annalist_year_closing_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistYearClosing, annalist_year_closing, ANNALIST, YEAR_CLOSING,
                      AdwPreferencesGroup)

void       annalist_year_closing_set_store (AnnalistYearClosing *self,
                                            AnnalistStore       *store);
/* The window's academic year; with ANNALIST_ALL_YEARS the group hides. */
void       annalist_year_closing_set_year  (AnnalistYearClosing *self,
                                            int                  year);
/* For the tests: whether a closing's export is being written. */
gboolean   annalist_year_closing_get_busy  (AnnalistYearClosing *self);

G_END_DECLS
