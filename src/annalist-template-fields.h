/* annalist-template-fields.h — the kinds and fields a template may name
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-field.h"

G_BEGIN_DECLS

/* A window over @parent listing every kind of record a template may loop
 * over, stored and computed, with each field's label, the name to type
 * and what it holds; a field's placeholder is copied from its row. */
GtkWindow *annalist_template_fields_new (GtkWindow *parent);

/* The placeholder of @field of @kind as a template names it: its column
 * («{{date_start}}»), a reference without its «_id» («{{organisation}}»)
 * unless another column has that name or it is a word of the language
 * («{{group_id}}», not «{{group}}»). */
char      *annalist_template_fields_placeholder (const AnnalistKind  *kind,
                                                 const AnnalistField *field);

G_END_DECLS
