/* annalist-org-card.h — an organisation's records, under its form
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* The built-in account of an organisation's innovation activity over a
 * period of years, which the card's button writes. */
#define ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY "organisation-activity"

#define ANNALIST_TYPE_ORG_CARD (annalist_org_card_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistOrgCard, annalist_org_card, ANNALIST, ORG_CARD, AdwBin)

AnnalistOrgCard *annalist_org_card_new          (AnnalistStore   *store,
                                                 gint64           organisation_id);
/* Writes the organisation's account: asks the period, then the file. */
void             annalist_org_card_export       (AnnalistOrgCard *self);
GtkWidget       *annalist_org_card_get_exporter (AnnalistOrgCard *self);

G_END_DECLS
