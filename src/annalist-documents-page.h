/* annalist-documents-page.h — the documents and their templates
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-exporter.h"
#include "annalist-store.h"

G_BEGIN_DECLS

#define ANNALIST_TYPE_DOCUMENTS_PAGE (annalist_documents_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistDocumentsPage, annalist_documents_page, ANNALIST, DOCUMENTS_PAGE, AdwBin)

AnnalistDocumentsPage *annalist_documents_page_new          (AnnalistStore         *store);
/* The window's academic year; ANNALIST_ALL_YEARS: a document for a year
 * asks which. */
void                   annalist_documents_page_set_year     (AnnalistDocumentsPage *self,
                                                             int                    year);
/* The row of a document: a built-in template's id or a user template's
 * name; NULL when there is none. */
AdwActionRow          *annalist_documents_page_get_row      (AnnalistDocumentsPage *self,
                                                             const char            *document);
AnnalistExporter      *annalist_documents_page_get_exporter (AnnalistDocumentsPage *self);
/* The keyboard focus to the first document that can be exported — not
 * to «Close the Year…» above them, which Enter would start. */
gboolean               annalist_documents_page_focus_documents (AnnalistDocumentsPage *self);

G_END_DECLS
