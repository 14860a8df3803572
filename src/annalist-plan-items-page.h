/* annalist-plan-items-page.h — one plan's items as a table, by stage
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* The window's section of the page. */
#define ANNALIST_PLAN_ITEMS_SECTION "plan-items"

#define ANNALIST_TYPE_PLAN_ITEMS_PAGE (annalist_plan_items_page_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistPlanItemsPage, annalist_plan_items_page,
                      ANNALIST, PLAN_ITEMS_PAGE, AdwBin)

AnnalistPlanItemsPage *annalist_plan_items_page_new      (AnnalistStore         *store);
/* The plan shown (a plan id); FALSE if there is none such. */
gboolean               annalist_plan_items_page_set_plan (AnnalistPlanItemsPage *self,
                                                          gint64                 plan_id);
gint64                 annalist_plan_items_page_get_plan (AnnalistPlanItemsPage *self);
/* The focus on the first item's row (or the plan chooser when the plan
 * has none). */
void                   annalist_plan_items_page_focus    (AnnalistPlanItemsPage *self);
/* The rows: a heading row per stage in the stages' order, then that
 * stage's items; the items without a stage last, under «No stage». A
 * heading row has the data "stage-id" (0: no stage), an item's row
 * "item-id" (gint64 as a pointer). For tests. */
GtkListBox            *annalist_plan_items_page_get_list (AnnalistPlanItemsPage *self);
GtkDropDown           *annalist_plan_items_page_get_chooser (AnnalistPlanItemsPage *self);

/*
 * In the form of a plan, the line that stands for its items instead of
 * the list of them: «42 items · Open», which opens this page on the plan
 * in @form's parent window (and closes the form). NULL for a related
 * kind other than plan items: that one keeps its list.
 */
GtkWidget             *annalist_plan_items_line_new      (AnnalistStore         *store,
                                                          const AnnalistKind    *related,
                                                          gint64                 plan_id);

G_END_DECLS
