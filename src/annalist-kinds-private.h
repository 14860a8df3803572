/* annalist-kinds-private.h — how descriptor tables are written
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stored kinds (annalist-kinds.c) and the computed ones
 * (annalist-computed.c) describe their fields the same way.
 */

#pragma once

#include <glib/gi18n.h>

#include "annalist-field.h"

#define REQ  ANNALIST_FIELD_REQUIRED
#define LIST ANNALIST_FIELD_LISTED
#define FIND ANNALIST_FIELD_SEARCHED
#define NARROW ANNALIST_FIELD_NARROW

#define TEXT(col, lbl, fl) \
  { col, ANNALIST_FIELD_TEXT, lbl, fl, 0, 1000, NULL, NULL, NULL, NULL, NULL }
#define LONG_TEXT(col, lbl, fl) \
  { col, ANNALIST_FIELD_LONG_TEXT, lbl, fl, 0, 50000, NULL, NULL, NULL, NULL, NULL }
#define COUNT(col, lbl, fl) \
  { col, ANNALIST_FIELD_INTEGER, lbl, fl, 0, 1000000, NULL, NULL, NULL, NULL, NULL }
#define NUMBER(col, lbl, fl, lo, hi) \
  { col, ANNALIST_FIELD_INTEGER, lbl, fl, lo, hi, NULL, NULL, NULL, NULL, NULL }
#define REAL(col, lbl, fl, lo, hi) \
  { col, ANNALIST_FIELD_REAL, lbl, fl, lo, hi, NULL, NULL, NULL, NULL, NULL }
#define FLAG(col, lbl, fl, on) \
  { col, ANNALIST_FIELD_BOOLEAN, lbl, fl, 0, 0, NULL, NULL, NULL, NULL, NULL, on }
#define DATE(col, lbl, fl) \
  { col, ANNALIST_FIELD_DATE, lbl, fl, 0, 0, NULL, NULL, NULL, NULL, NULL }
#define DATE_AFTER(col, lbl, fl, start, message) \
  { col, ANNALIST_FIELD_DATE, lbl, fl, 0, 0, NULL, NULL, NULL, start, message }
#define YEAR(col, lbl, fl) \
  { col, ANNALIST_FIELD_YEAR, lbl, fl, 0, 0, NULL, NULL, NULL, NULL, NULL }
#define YEAR_AFTER(col, lbl, fl, start, message) \
  { col, ANNALIST_FIELD_YEAR, lbl, fl, 0, 0, NULL, NULL, NULL, start, message }
#define DICT(col, lbl, fl, dictionary) \
  { col, ANNALIST_FIELD_DICTIONARY, lbl, fl, 0, 0, dictionary, NULL, NULL, NULL, NULL }
#define REF(col, lbl, fl, kind) \
  { col, ANNALIST_FIELD_REFERENCE, lbl, fl, 0, 0, kind, NULL, NULL, NULL, NULL }
/* A reference whose chosen record fills this one's empty fields
 * (AnnalistField.fills). */
#define REF_FILLS(col, lbl, fl, kind, fills) \
  { col, ANNALIST_FIELD_REFERENCE, lbl, fl, 0, 0, kind, NULL, NULL, NULL, NULL, FALSE, fills }
/* A reference that refuses a chosen record for which the SQL condition
 * @when holds (AnnalistField.refused_when), with @message. */
#define REF_UNLESS(col, lbl, fl, kind, when, message) \
  { col, ANNALIST_FIELD_REFERENCE, lbl, fl, 0, 0, kind, NULL, NULL, NULL, NULL, FALSE, NULL, \
    when, message }
#define ORGS(col, lbl, fl, table, owner) \
  { col, ANNALIST_FIELD_REFERENCES, lbl, fl, 0, 0, "organisation", table, owner, NULL, NULL }
#define POSITION \
  { "position", ANNALIST_FIELD_INTEGER, N_("Position"), ANNALIST_FIELD_HIDDEN, 0, 1000000, \
    NULL, NULL, NULL, NULL, NULL }
#define ACADEMIC_YEAR \
  YEAR ("academic_year", N_("Academic year"), REQ | LIST)

#define KIND(kname, klabel, ksingular, kfields, ...) \
  static const AnnalistKind kind_##kname = { \
    .name = #kname, .label = klabel, .singular = ksingular, \
    .fields = kfields, .n_fields = G_N_ELEMENTS (kfields), __VA_ARGS__ }
