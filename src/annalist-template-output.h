/* annalist-template-output.h — the output stream the engine writes through
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once


#include "annalist-odf.h"
#include "annalist-xml-out.h"
#include "annalist-template-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;    /* «text:span», the template's Element's */
  GPtrArray  *attrs;   /* name, value, name, value … */
  gboolean    written;
} Open;

typedef struct _Element Element;

typedef struct
{
  guint       columns;
  guint       rows;
  gboolean    filled;  /* no column was left: one empty, and a cell in each row */
  double      scale;   /* of the column widths, 0 to keep them (annalist-template-widths.c) */
  GHashTable *styles;  /* a column style of the template → the table's own */
} TableState;

/* A column loop's records, read once for each table. */
typedef struct
{
  GPtrArray *items;     /* rows kept (_annalist_row_keep ()), or years */
  guint      instance;  /* the table's Out.table_instance */
  guint64    serial;    /* the first column's Frame.serial: a column is one
                         * repetition, whichever row its cells are in */
} ColumnItems;

/* What was written of a range (a bookmark or reference mark with a
 * start and an end). */
typedef enum
{
  RANGE_UNSEEN,
  RANGE_OPEN,
  RANGE_CLOSED,
} RangeState;

typedef struct
{
  AnnalistXmlOut      *w;
  AnnalistOdfDocument *doc;     /* NULL while writing a prelude part */
  gboolean             flat;
  GPtrArray           *open;    /* Open*: the paragraph and its spans */
  GPtrArray           *marks;   /* Open*: bookmarks waiting for the paragraph's content */
  GHashTable          *marks_started;  /* «text:bookmark\x1fNAME» → RangeState of the ranges met */
  gboolean             in_heading;
  gboolean             lines;   /* a value's lines become line breaks */
  gboolean             space;   /* the last character written was a space */
  GString             *heading;
  guint                heading_level;
  guint                table_instance;
  GArray              *tables;  /* TableState */
  GHashTable          *sequences;
  GHashTable          *names;
  /* «family\x1fname» of a cross-reference target a loop repeats → the
   * loops around it and its name in each of their repetitions; made when
   * the first cross-reference is written (annalist-template-output.c). */
  GHashTable          *looped_targets;
  /* An element's attributes as written, by template node (the low bit
   * for a cell's without its values): a row or paragraph that a loop
   * repeats has them worked out once. */
  GHashTable          *attributes;
  GHashTable          *elements;   /* xmlNode* → Element: what each node is */
  Tag                 *pre_tag;
  char                *pre_text;
  GHashTable          *columns; /* Loop* → ColumnItems */
  GHashTable          *column_styles;   /* a column style and width → the document's own */
} Out;


void       _annalist_out_open_free         (gpointer          data);
void       _annalist_element_free          (gpointer          data);
/* The ODF qualified name of @node («text:p»), NULL outside ODF. */
char      *_annalist_out_qualified         (Render           *r,
                                            xmlNodePtr        node);
/* The attributes of @node to write (name, value, …): ODF ones, a repeated
 * table's or frame's name made unique; with @cell_with_values, not the
 * cell's value attributes. */
GPtrArray *_annalist_out_attributes        (Render           *r,
                                            xmlNodePtr        node,
                                            gboolean          cell_with_values);
/* An attribute of the element just started; FALSE (nothing written)
 * outside a start tag. */
gboolean   _annalist_out_write_attribute   (AnnalistXmlOut   *w,
                                            const char       *name,
                                            const char       *value);
void       _annalist_out_write_attributes  (AnnalistXmlOut   *w,
                                            GPtrArray        *attrs);
/* Starts the paragraph and spans content is waiting for, and writes
 * the marks waiting for it. */
void       _annalist_out_flush             (Out              *o);
/* Writes the marks waiting from the @from-th on: a range's start once,
 * its end once after it; the others are left out. */
void       _annalist_out_write_marks       (Out              *o,
                                            guint             from);
/* Character data, escaped, the characters XML cannot hold left out. */
void       _annalist_out_chars             (Out              *o,
                                            const char       *text,
                                            gsize             length);
void       _annalist_out_empty             (Out              *o,
                                            const char       *name);
/* The index in o->open of the innermost paragraph (a footnote or a text
 * box holds paragraphs inside one), G_MAXUINT outside one. */
guint      _annalist_out_paragraph_index   (Out              *o);
/* The paragraph ends and another of the same style begins. */
void       _annalist_out_paragraph_break   (Out              *o);
/* A value's text: spaces, tabs and lines as ODF keeps them. */
void       _annalist_out_value_text        (Out              *o,
                                            const char       *text);

/* annalist-template-widths.c */
void        _annalist_table_widths_begin  (Render     *r,
                                           xmlNodePtr  table,
                                           TableState *state);
const char *_annalist_table_column_style  (Render     *r,
                                           TableState *state,
                                           xmlNodePtr  column);
void        _annalist_table_widths_end    (TableState *state);

/* The records of a column loop, read once for each table. */
ColumnItems *_annalist_column_items       (Render     *r,
                                           Tag        *tag);

G_END_DECLS
