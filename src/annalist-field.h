/* annalist-field.h — the one description of every record kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record kind is a table of field descriptors. The store builds its SQL
 * from it, validation reads its limits, the window builds list columns and
 * editor rows from it, and import/export walk it: adding a field to a kind
 * is one line in annalist-kinds.c.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ANNALIST_FIELD_TEXT,        /* one line of text */
  ANNALIST_FIELD_LONG_TEXT,   /* several paragraphs */
  ANNALIST_FIELD_INTEGER,
  ANNALIST_FIELD_REAL,
  ANNALIST_FIELD_BOOLEAN,
  ANNALIST_FIELD_DATE,        /* ISO text in the store, ДД.ММ.ГГГГ for people */
  ANNALIST_FIELD_YEAR,        /* academic year, by the year it starts in */
  ANNALIST_FIELD_DICTIONARY,  /* id of a value in a dictionary kind */
  ANNALIST_FIELD_REFERENCE,   /* id of a record of another kind */
  ANNALIST_FIELD_REFERENCES,  /* organisations, through a junction table */
} AnnalistFieldType;

typedef enum
{
  ANNALIST_FIELD_REQUIRED = 1 << 0,
  ANNALIST_FIELD_LISTED   = 1 << 1,  /* a column in the list view */
  ANNALIST_FIELD_SEARCHED = 1 << 2,  /* the search entry looks in it */
  ANNALIST_FIELD_HIDDEN   = 1 << 3,  /* kept, but not offered in forms (positions) */
  ANNALIST_FIELD_NARROW   = 1 << 4,  /* a short text (a number, an abbreviation): a narrow column */
} AnnalistFieldFlags;

typedef struct _AnnalistKind AnnalistKind;

typedef struct
{
  const char        *column;
  AnnalistFieldType  type;
  const char        *label;     /* translatable, marked with N_() */
  AnnalistFieldFlags flags;
  /* Integers and reals: the allowed range. Text: max is the longest
   * length in characters (0 = no limit). */
  double             min;
  double             max;
  /* DICTIONARY, REFERENCE, REFERENCES: the kind the ids belong to. */
  const char        *target;
  /* REFERENCES: the junction table and its column naming this record;
   * the other column is "organisation_id". */
  const char        *junction;
  const char        *junction_column;
  /* DATE: the field this one may not come before, and the sentence when
   * it does (translatable). */
  const char        *not_before;
  const char        *order_message;
  /* BOOLEAN: the value a new record starts with. */
  gboolean           default_on;
  /* REFERENCE: what the chosen record fills in this one, where this one
   * is still empty — «own=target, same» pairs of columns (a project
   * activity that is an event of the year takes its title and date). */
  const char        *fills;
  /* REFERENCE: a condition on the chosen record's row (an SQL
   * expression over its columns, written here, never typed by users)
   * under which that record is not a choice here (a rating indicator
   * counted from the records takes no typed values), and the sentence
   * that says so (translatable; %s is the chosen record's title). */
  const char        *refused_when;
  const char        *refused_message;
} AnnalistField;

struct _AnnalistKind
{
  const char          *name;         /* also the table name */
  const char          *label;        /* «Events», translatable */
  const char          *singular;     /* «Event», translatable */
  const AnnalistField *fields;
  guint                n_fields;
  /* The field that names a record for people («Delete “…”?») */
  const char          *title_column;
  /* The field that shows the record where another refers to it, when
   * not the title («ДОУ» rather than the full type name). */
  const char          *display_column;
  /* How the record belongs to an academic year, if it does: either a
   * YEAR column, or a period between two DATE or YEAR columns. */
  const char          *year_column;
  const char          *period_from;
  const char          *period_to;
  /* A DATE field that implies the academic year when the year is left
   * empty. */
  const char          *year_from_date;
  /* Records owned by another (a competition's entries): the REFERENCE
   * column naming the owner. */
  const char          *parent_column;
  const char          *order_by;     /* default ORDER BY */
  guint                is_dictionary : 1;
};

const AnnalistKind  *annalist_kind_lookup        (const char          *name);
const AnnalistKind * const *annalist_kinds_all   (guint               *n_kinds);
int                  annalist_kind_field_index   (const AnnalistKind  *kind,
                                                  const char          *column);
const AnnalistField *annalist_kind_field         (const AnnalistKind  *kind,
                                                  const char          *column);

gboolean             annalist_field_is_stored    (const AnnalistField *field);
/* The pairs of a REFERENCE field's fills, own column then the referenced
 * kind's: { own, target, own, target, …, NULL }; NULL when it fills
 * nothing. */
char               **annalist_field_fills        (const AnnalistField *field);
const char          *annalist_field_variant_type (const AnnalistField *field);

/* Validation of one value against its descriptor. @value may be NULL
 * (unset). The error is ANNALIST_ERROR_INVALID with a sentence naming the
 * field. */
gboolean             annalist_field_check        (const AnnalistField *field,
                                                  GVariant            *value,
                                                  GError             **error);

/* Parse what a person typed (or what a CSV cell holds) into a value. An
 * empty string gives NULL. DICTIONARY/REFERENCE(S) fields take ids. */
GVariant            *annalist_field_parse        (const AnnalistField *field,
                                                  const char          *text,
                                                  GError             **error);

/* What a person typed into one value's cell, parsed and checked: FALSE
 * with the sentence in @error; TRUE with *@value NULL for an empty text
 * (the value is to be removed). */
gboolean             annalist_field_read         (const AnnalistField *field,
                                                  const char          *text,
                                                  GVariant           **value,
                                                  GError             **error);

/* Plain text for a value that needs no lookup (numbers, dates, years,
 * text, booleans); NULL gives "". */
char                *annalist_field_format       (const AnnalistField *field,
                                                  GVariant            *value);

/* «12,5», «3»: @decimals places (-1: up to two, trailing zeros dropped),
 * with a decimal comma, as Russian documents write numbers. */
char *annalist_format_number (double value,
                              int    decimals);

/* The shortest decimal that reads back as @value, with a point: what a
 * cell's office:value holds («0.344», where g_ascii_dtostr () writes
 * «0.34399999999999997», the same number). Returns @buf. */
char *annalist_format_exact  (double value,
                              char   buf[G_ASCII_DTOSTR_BUF_SIZE]);

G_END_DECLS
