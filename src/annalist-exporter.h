/* annalist-exporter.h — writing a document from the window
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"
#include "annalist-template.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_EXPORTER (annalist_exporter_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistExporter, annalist_exporter, ANNALIST, EXPORTER, AdwBin)

void      annalist_exporter_set_store  (AnnalistExporter *self,
                                        AnnalistStore    *store);
/* Writes the document of @document (a built-in template's id or a user
 * template's name): asks for what it is written for that is not given
 * (@year ANNALIST_ALL_YEARS: none given), then where, then writes it
 * while the bar shows the progress and a Stop button. */
void      annalist_exporter_export     (AnnalistExporter *self,
                                        const char       *document,
                                        int               year);
/* The same, with what the page knows already: the members of @given that
 * are set (an organisation's card gives its organisation) are not asked;
 * a period always is. */
void      annalist_exporter_export_with (AnnalistExporter             *self,
                                         const char                   *document,
                                         const AnnalistDocumentParams *given);
/* Whether a document is being asked for or written. */
gboolean  annalist_exporter_get_busy   (AnnalistExporter *self);
void      annalist_exporter_stop       (AnnalistExporter *self);

/* A toast over @widget saying @message, whose Open button opens @file
 * with the application the desktop has for it (and says so when there is
 * none). */
void      annalist_exporter_show_saved (GtkWidget        *widget,
                                        const char       *message,
                                        GFile            *file);

G_END_DECLS
