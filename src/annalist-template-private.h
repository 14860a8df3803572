/* annalist-template-private.h — what the parts of the template engine share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine in steps, one file each:
 *
 *   annalist-template-load.c    the file: a package or a flat document
 *                               read into one tree
 *   annalist-template-expr.c    the language inside one {{…}}: tokens,
 *                               expressions, loops, formats
 *   annalist-template-scan.c    the document: placeholders found across
 *                               Writer's spans, loops and conditions given
 *                               their extent (inline, paragraphs, table
 *                               rows, a table column)
 *   annalist-template-names.c   what each name stands for, in the frames
 *                               the loops around it open; kinds and
 *                               fields by name, «возможно, …»
 *   annalist-template-query.c   records: each loop and aggregate compiled
 *                               once to SQL over the descriptors
 *   annalist-template-where.c   their conditions compiled to WHERE clauses
 *   annalist-template-run.c     the queries run with bound parameters, one
 *                               statement a SQL text; records reached
 *                               through references
 *   annalist-template-eval.c    values, formats and their text
 *   annalist-template-render.c  the output: the document walked and
 *                               written through the document layer
 *   annalist-template-output.c  the text as it is written: prefixes,
 *                               attributes, escaping, open paragraphs
 *
 * The document is kept as a libxml2 tree of the flat form (the parts of
 * a package merged into one office:document). Placeholders become
 * elements of a private namespace in that tree:
 *
 *   <ann:v n="7"/>               a value, text or block (tag 7)
 *   <ann:each n="3">…</ann:each> a loop over what it wraps
 *   <ann:if n="4">…<ann:else/>…</ann:if>
 */

#pragma once

#include <libxml/tree.h>
#include <sqlite3.h>

#include "annalist-field.h"
#include "annalist-template.h"

G_BEGIN_DECLS

#define ANN_NS "urn:x-annalist:template"

#define NS_OFFICE   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE    "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_STYLE    "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_DRAW     "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_META     "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_XLINK    "http://www.w3.org/1999/xlink"

/* Whether @node is the element @name (any, if NULL) of the namespace @ns. */
static inline gboolean
_annalist_xml_is (xmlNodePtr  node,
                  const char *ns,
                  const char *name)
{
  /* The local name first, from its first letter: it is short, and most
   * often what differs (the namespaces' names share long beginnings). */
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         (name == NULL || (node->name[0] == (xmlChar) name[0] && g_str_equal ((const char *) node->name, name))) &&
         g_str_equal ((const char *) node->ns->href, ns);
}

/* The first child element @name of the namespace @ns of @parent. */
static inline xmlNodePtr
_annalist_xml_child (xmlNodePtr  parent,
                     const char *ns,
                     const char *name)
{
  for (xmlNodePtr c = parent ? parent->children : NULL; c != NULL; c = c->next)
    if (_annalist_xml_is (c, ns, name))
      return c;
  return NULL;
}

/* The nearest ancestor of @node that is the element @name of @ns. */
static inline xmlNodePtr
_annalist_xml_ancestor (xmlNodePtr  node,
                        const char *ns,
                        const char *name)
{
  for (xmlNodePtr n = node ? node->parent : NULL; n != NULL; n = n->parent)
    if (_annalist_xml_is (n, ns, name))
      return n;
  return NULL;
}

/* A paragraph or a heading. */
static inline gboolean
_annalist_xml_is_paragraph (xmlNodePtr node)
{
  return _annalist_xml_is (node, NS_TEXT, "p") || _annalist_xml_is (node, NS_TEXT, "h");
}

/* Writes @id in decimal into @buffer, a marker's «n» (what
 * _annalist_tag_id () reads). */
static inline void
_annalist_tag_id_format (char  buffer[16],
                         guint id)
{
  char digits[16];
  guint n = 0;

  do
    digits[n++] = (char) ('0' + id % 10);
  while ((id /= 10) != 0);
  for (guint i = 0; i < n; i++)
    buffer[i] = digits[n - 1 - i];
  buffer[n] = '\0';
}

/* The number of the tag an «ann:» marker stands for. */
static inline guint
_annalist_tag_id (xmlNodePtr node)
{
  xmlAttrPtr a = xmlHasProp (node, BAD_CAST "n");
  const char *digits = NULL;
  guint id = 0;

  /* The scan writes the number as one text of a few digits: read in
   * place, without a copy. */
  if (a != NULL && a->type == XML_ATTRIBUTE_NODE && a->children != NULL && a->children->next == NULL &&
      a->children->type == XML_TEXT_NODE)
    digits = (const char *) a->children->content;
  if (digits != NULL && digits[0] != '\0')
    {
      const char *d = digits;

      for (; g_ascii_isdigit (*d) && d - digits < 9; d++)
        id = id * 10 + (guint) (*d - '0');
      if (*d == '\0')
        return id;
    }
  {
    g_autofree char *n = (char *) xmlGetProp (node, BAD_CAST "n");

    return n ? (guint) g_ascii_strtoull (n, NULL, 10) : 0;
  }
}

/* Where a placeholder stands, for messages. */
typedef struct
{
  char *heading;   /* the text of the nearest heading before it, or NULL */
  char *table;     /* table:name, or NULL */
  guint row;       /* 1-based row in that table, 0: not in a table */
  gboolean master; /* in a page header or footer */
} TLocation;

/* Expressions ------------------------------------------------------------- */

typedef enum
{
  EXPR_TEXT,        /* a quoted literal */
  EXPR_NUMBER,
  EXPR_PATH,        /* a name: year, setting.org_name, organisation.short_name */
  EXPR_INDEX,       /* # */
  EXPR_NOT,
  EXPR_NEG,
  EXPR_BINARY,
  EXPR_IN,          /* left in (items) */
  EXPR_AGGREGATE,   /* count/sum/min/max/avg/list KIND[.FIELD] [where …] */
  EXPR_NARRATIVE,   /* text "KEY" */
} ExprType;

typedef enum
{
  OP_OR, OP_AND,
  OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS,
  OP_ADD, OP_SUB, OP_MUL, OP_DIV,
} ExprOp;

typedef enum
{
  AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_LIST,
} AggFunc;

typedef struct _Expr Expr;
typedef struct _PathRef PathRef;
typedef struct _Query Query;
typedef struct _AggColumn AggColumn;

/* A name as typed: segments, each a bare word or a quoted label. */
typedef struct
{
  char     *text;
  gboolean  quoted;
} Segment;

/* A GArray's clear function for its Segments (annalist-template-expr.c). */
void _annalist_segment_clear (gpointer data);

struct _Expr
{
  ExprType   type;
  ExprOp     op;
  Expr      *left;
  Expr      *right;
  GPtrArray *items;        /* EXPR_IN: Expr* */
  char      *text;         /* EXPR_TEXT; EXPR_NARRATIVE: the key */
  double     number;
  GArray    *segments;     /* EXPR_PATH; EXPR_AGGREGATE: KIND[.FIELD] */
  AggFunc    agg;
  Expr      *where;        /* EXPR_AGGREGATE */
  gboolean   any_year;     /* EXPR_AGGREGATE */

  /* Filled by the scan: */
  PathRef   *ref;          /* EXPR_PATH */
  Query     *query;        /* EXPR_AGGREGATE */
};

typedef struct
{
  char      *name;
  GPtrArray *args;         /* Expr* */
} Filter;

typedef struct
{
  GArray   *segments;      /* Segment */
  gboolean  descending;
  PathRef  *ref;
} SortKey;

typedef enum
{
  SOURCE_KIND,      /* records of a kind */
  SOURCE_YEARS,     /* year from A to B */
  SOURCE_LINKED,    /* the organisations of a record's REFERENCES field */
} SourceType;

typedef struct _Loop Loop;

struct _Loop
{
  SourceType  type;
  GArray     *segments;    /* SOURCE_KIND / SOURCE_LINKED: as typed */
  Expr       *from;        /* SOURCE_YEARS */
  Expr       *to;
  Expr       *where;
  GPtrArray  *sort;        /* SortKey* */
  GArray     *group;       /* Segment: the group key as typed, or NULL */
  Expr       *limit;
  char       *alias;
  gboolean    any_year;

  /* Filled by the scan: */
  PathRef    *linked;      /* SOURCE_LINKED: the REFERENCES field */
  PathRef    *group_ref;
  Query      *query;
  guint       frame;       /* index of the frame the loop opens */
  gboolean    column;      /* repeats a table column */
  gboolean    needs_count; /* the body asks for count or last */
  /* A group's: the loop over the group's records written in it last
   * (so far, in the template's order), when that one has a limit: the
   * records the group's footer adds up. */
  Loop       *listed;
};

typedef enum
{
  TAG_VALUE,
  TAG_EACH,
  TAG_END_EACH,
  TAG_IF,
  TAG_ELSE,
  TAG_END_IF,
  TAG_BLOCK,        /* chart NAME … */
} TagType;

typedef struct _Tag Tag;

struct _Tag
{
  TagType    type;
  guint      id;
  char      *typed;        /* as the user typed it, braces included */
  TLocation  where;
  Expr      *expr;         /* VALUE, IF */
  GPtrArray *filters;      /* Filter*, VALUE; NULL when none */
  Loop      *loop;         /* EACH */
  char      *block;        /* BLOCK: its name */
  GPtrArray *args;         /* BLOCK: Expr* */
  xmlNodePtr node;         /* its element in the tree */
  Tag       *partner;      /* opener ↔ closer */
  Tag       *else_tag;     /* IF: its else */
  guint      frame_depth;  /* frames open around it, the root included */
  gboolean   numeric_cell; /* the only thing in a table cell */
};

/* Parses what stands between the braces, the @length bytes at @content;
 * the caller gives the tag its typed text and place. On error the message
 * is the problem alone (the caller adds where). */
Tag      *_annalist_tag_parse       (const char  *content,
                                     gsize        length,
                                     GError     **error);
void      _annalist_tag_free        (Tag         *tag);
void      _annalist_expr_free       (Expr        *expr);
/* Whether @name is a word of the language (where, group, count, not …),
 * which a placeholder cannot take for a field's name. */
gboolean  _annalist_expr_is_reserved (const char *name);
/* The word an aggregate is typed as («sum»), for the sentences that
 * name it. */
const char *_annalist_expr_aggregate_word (AggFunc func);
/* The name a template types for @field of @kind: its column, or a
 * reference's without «_id» («organisation»). */
char     *_annalist_field_name       (const AnnalistKind  *kind,
                                      const AnnalistField *field);

/* Names ---------------------------------------------------------------------- */

/* «dat_start» → «date_start»: the closest of @candidates, or NULL. */
const char *_annalist_suggest       (const char          *typed,
                                     const char * const  *candidates,
                                     guint                n_candidates);

/* Case- and «ё»-insensitive comparison of names. */
char     *_annalist_name_fold       (const char  *name);

/* A kind by its table name or its label, in English or Russian; a field
 * of a kind by its column, its column without «_id», or its label. */
const AnnalistKind  *_annalist_template_find_kind  (const char          *name);
const AnnalistField *_annalist_template_find_field (const AnnalistKind  *kind,
                                                    const char          *name,
                                                    int                 *index);
/* The same for a name already folded by _annalist_name_fold(). */
const AnnalistKind  *_annalist_template_find_kind_folded  (const char         *folded);
const AnnalistField *_annalist_template_find_field_folded (const AnnalistKind *kind,
                                                           const char         *folded,
                                                           int                *index);
/* The label a message names a kind or field by (Russian when the
 * catalogue is). */
const char          *_annalist_template_kind_label (const AnnalistKind  *kind);

/* Frames: what a loop opens, seen from the tags inside it ------------------- */

typedef enum
{
  FRAME_ROOT,
  FRAME_RECORD,     /* one record of a kind at a time */
  FRAME_GROUP,      /* one group of records at a time */
  FRAME_YEAR,       /* one academic year at a time */
} FrameType;

typedef struct
{
  FrameType              type;
  const AnnalistKind    *kind;    /* RECORD, GROUP */
  char                  *alias;
  Loop                  *loop;    /* NULL for the root and parameters */
  AnnalistTemplateParams param;   /* a document parameter's record */
} StaticFrame;

/* Every record's number in the database: «id», a field of every kind. */
extern const AnnalistField _annalist_id_field;
#define ID_FIELD (-1)

/* The frame of the records a where clause or sort key is about. */
#define FRAME_SELF G_MAXUINT

/* A resolved name. */
typedef enum
{
  REF_FIELD,        /* a field of a frame's record, then references onward */
  REF_RECORD,       /* a frame's record itself (its alias or kind name) */
  REF_YEAR,         /* the academic year in force */
  REF_NEXT_YEAR,
  REF_PREVIOUS_YEAR,
  REF_YEAR_START,   /* 2022 */
  REF_YEAR_END,     /* 2023 */
  REF_PERIOD_START, /* the first academic year of a period document */
  REF_PERIOD_END,   /* its last */
  REF_SETTING,
  REF_TODAY,
  REF_FIRST,        /* the first record of the innermost loop */
  REF_LAST,
  REF_COUNT,        /* the number of records (of the loop or group) */
  REF_GROUP_SUM,    /* sum FIELD over the group */
} RefType;

/* A value a document knows by name ({{year}}), with its label for people
 * (translatable). */
typedef struct
{
  const char *name;
  RefType     type;
  const char *label;
} AnnalistDocumentValue;

const AnnalistDocumentValue *_annalist_document_values (guint *n_values);

struct _PathRef
{
  RefType              type;
  guint                frame;    /* REF_FIELD, REF_RECORD, REF_COUNT… */
  const AnnalistKind  *kind;     /* kind of the frame's record */
  GArray              *chain;    /* int: field indices, the first on @kind */
  const AnnalistField *field;    /* the last field of the chain */
  const AnnalistKind  *target;   /* kind of the value when it is a record */
  char                *key;      /* REF_SETTING */
  Query               *query;    /* REF_GROUP_SUM */
};

/* The compiled template ------------------------------------------------------- */

typedef struct
{
  char *key;
  char *heading;
  xmlNodePtr heading_node;
} TextSlot;

struct _AnnalistTemplate
{
  GObject                parent_instance;

  char                  *name;
  char                  *title;       /* the document's own (dc:title), or NULL */
  xmlDocPtr              doc;         /* the flat document */
  GHashTable            *parts;       /* package path → GBytes (Pictures/…) */
  GHashTable            *media_types; /* package path → media type */
  GPtrArray             *tags;        /* Tag*, by id */
  GPtrArray             *frames;      /* StaticFrame*, by index */
  GPtrArray             *queries;     /* Query* */
  GArray                *slots;       /* TextSlot */
  GArray                *public_slots;/* AnnalistTextSlot */
  GPtrArray             *computed;    /* computed kinds used */
  AnnalistTemplateParams params;
  /* The records the document is about, known before the names are
   * resolved: their frames enclose everything (the second reading). */
  AnnalistTemplateParams preset;
  GHashTable            *org_words;   /* _annalist_org_words_new () */
  GHashTable            *page_styles; /* paragraph styles that start a page */
  GHashTable            *ns_prefixes; /* xmlNsPtr → ODF prefix, "" for others */
  /* kind → guint64*: the fields names read of its records (bit = field
   * index), for the rows reached by id (_annalist_record_row); NULL until
   * a name is resolved. */
  GHashTable            *record_fields;
  /* NamedRecord*: the texts a condition names a record by («kind =
   * "Семинар"»), checked against the records before a document is
   * written. */
  GPtrArray             *named_records;
};

/* annalist-template-scan.c */
gboolean  _annalist_template_scan        (AnnalistTemplate  *self,
                                          GError           **error);
/* A node's text as one line, for messages. */
char     *_annalist_template_plain_text  (xmlNodePtr         node);

/* annalist-template-extent.c */
/* Wraps what the #each or #if @opener and its partner cover (an ann:each
 * or ann:if element of @ns), or refuses the pair with the place. */
gboolean  _annalist_template_make_extent (AnnalistTemplate  *self,
                                          xmlNsPtr           ns,
                                          Tag               *opener,
                                          GError           **error);
/* Whether @node (a sibling of a tag) holds no text. */
gboolean  _annalist_template_blank_sibling (xmlNodePtr       node);
/* The error sentence for @tag: where, the tag as typed, and @problem. */
void      _annalist_template_tag_error   (AnnalistTemplate  *self,
                                          Tag               *tag,
                                          GError           **error,
                                          const char        *problem);
char     *_annalist_template_describe    (AnnalistTemplate  *self,
                                          Tag               *tag);

/* annalist-template-load.c */
gboolean  _annalist_template_load        (AnnalistTemplate  *self,
                                          GBytes            *bytes,
                                          GError           **error);

/* Queries ---------------------------------------------------------------------- */

/* One piece of SQL and what its parameters are bound to when it runs. */
typedef enum
{
  PARAM_EXPR,        /* an expression evaluated in the frames */
  PARAM_FOLDED,      /* the same, as folded text (compared with annalist_fold) */
  PARAM_RECORD_ID,   /* the same, the id when it is a record, else NULL */
  PARAM_FRAME_ID,    /* the id of a frame's record */
  PARAM_GROUP_KEY,   /* the group key of a frame */
  PARAM_YEAR,        /* the academic year in force */
  PARAM_YEAR_LOW,    /* the first academic year in force: the year's, or */
  PARAM_YEAR_HIGH,   /* outside a year, the period's first and last */
  PARAM_YEAR_FIRST,  /* the first day of the first, ISO */
  PARAM_YEAR_LAST,   /* the last day of the last */
  PARAM_LINK_OWNER,  /* the record whose REFERENCES are listed */
  PARAM_LIMIT,       /* a loop's limit: an expression, a whole number */
} ParamType;

typedef struct
{
  ParamType            type;
  Expr                *expr;
  guint                frame;
  const AnnalistField *field;  /* PARAM_EXPR: converted for this field */
} Param;

/* A column of a statement of aggregates: what it computes. */
struct _AggColumn
{
  AggFunc              agg;
  const AnnalistField *field;
};

struct _Query
{
  const AnnalistKind  *kind;
  char                *sql;
  GPtrArray           *params;      /* Param* */
  char                *from_where;  /* «FROM … WHERE …» of the rows, for counts and sums */
  GPtrArray           *where_params;
  char                *count_sql;   /* SELECT count(*) of the same rows */
  AggFunc              agg;         /* aggregates */
  const AnnalistField *agg_field;   /* the field summed or listed, NULL for count */
  const AnnalistKind  *list_kind;   /* AGG_LIST: the kind of the values */
  gboolean             aggregate;
  gboolean             group;       /* rows are groups: the first record, count, key */
  gboolean             computed;    /* over a computed kind */
  Tag                 *tag;         /* for messages */
  /* Loops: what follows the columns in sql («FROM … ORDER BY …»), and the
   * stored fields the template reads of a row (bit = field index); only
   * those are selected (_annalist_query_narrow, columns below). */
  char                *columns_tail;
  guint64              used_fields;
  int                 *columns;     /* loops: the column of each field, -1 when not selected */
  guint                n_columns;   /* loops: the columns before a group's count */
  /* Aggregates of the same rows share one statement, a column each
   * (merge_aggregates in query.c): sql's columns, and which is this one's
   * (agg_column) or the loop's count (count_column, in count_sql). */
  AggColumn           *agg_columns; /* NULL: one column, the query's own */
  guint                n_agg_columns;
  guint                agg_column;
  guint                count_column;
};

/* Names (annalist-template-names.c) */

/* The kind a reference or dictionary field points at, computed kinds included. */
const AnnalistKind *_annalist_names_target_of     (const AnnalistField  *field);
gboolean     _annalist_names_is_reference        (const AnnalistField  *field);
/* Sets @error to @format, placed at @tag; returns FALSE. */
gboolean     _annalist_tag_fail                  (AnnalistTemplate     *self,
                                                  Tag                  *tag,
                                                  GError              **error,
                                                  const char           *format,
                                                  ...) G_GNUC_PRINTF (4, 5);
/* The segments [@from, @to) joined by dots, as the user typed them. */
char        *_annalist_segments_text             (GArray               *segments,
                                                  guint                 from,
                                                  guint                 to);
gboolean     _annalist_names_unknown_field       (AnnalistTemplate     *self,
                                                  Tag                  *tag,
                                                  const AnnalistKind   *kind,
                                                  const char           *name,
                                                  GError              **error);
/* Follows @segments from @from through the references of @kind into @ref. */
gboolean     _annalist_names_resolve_chain       (AnnalistTemplate     *self,
                                                  Tag                  *tag,
                                                  const AnnalistKind   *kind,
                                                  GArray               *segments,
                                                  guint                 from,
                                                  PathRef              *ref,
                                                  gboolean             *first_missing,
                                                  GError              **error);
StaticFrame *_annalist_names_frame_at            (AnnalistTemplate     *self,
                                                  guint                 index);
guint        _annalist_names_frame_add           (AnnalistTemplate     *self,
                                                  FrameType             type,
                                                  const AnnalistKind   *kind,
                                                  const char           *alias,
                                                  Loop                 *loop,
                                                  AnnalistTemplateParams param);
/* The innermost loop frame of @stack (an index into self->frames), or G_MAXUINT. */
guint        _annalist_names_innermost_loop      (AnnalistTemplate     *self,
                                                  GArray               *stack);
/* Resolves the path expression @e in the frames of @stack. */
gboolean     _annalist_names_resolve_path        (AnnalistTemplate     *self,
                                                  Tag                  *tag,
                                                  Expr                 *e,
                                                  GArray               *stack,
                                                  GError              **error);
/* Resolves every tag of the scanned @regions, in the frames their loops
 * open, the document's own records' frames outermost. */
gboolean     _annalist_names_resolve_regions     (AnnalistTemplate     *self,
                                                  xmlNodePtr           *regions,
                                                  guint                 n_regions,
                                                  GError              **error);

/* Queries (annalist-template-query.c) */

/* The columns of a row of @kind read by id (_annalist_record_row, the
 * document's records): id, then every stored field, in their places. */
int       _annalist_query_column        (const AnnalistKind *kind,
                                         guint               field);
guint     _annalist_query_n_columns     (const AnnalistKind *kind);
/* A loop's row is read for field @index (an index into kind->fields, or
 * ID_FIELD); once every name is resolved, _annalist_query_narrow selects
 * only the fields read (Query.columns). */
void      _annalist_query_use_field     (Query              *q,
                                         int                 index);
void      _annalist_query_narrow        (AnnalistTemplate   *self);

/* Resolves the names of @tag in the frames of @stack (indices into
 * self->frames, the root first) and compiles its aggregates. */
gboolean  _annalist_query_resolve_tag   (AnnalistTemplate   *self,
                                         Tag                *tag,
                                         GArray             *stack,
                                         GError            **error);
/* The same for the opener of a loop, the first time it is met: compiles
 * its SQL and gives it the frame it opens. */
gboolean  _annalist_query_open_loop     (AnnalistTemplate   *self,
                                         Tag                *tag,
                                         GArray             *stack,
                                         GError            **error);
/* Puts the frames of the document's own records (self->preset) on @stack. */
void      _annalist_query_param_frames  (AnnalistTemplate   *self,
                                         GArray             *stack);
void      _annalist_query_free          (Query              *query);
void      _annalist_static_frame_free   (StaticFrame        *frame);
void      _annalist_path_ref_free       (PathRef            *ref);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PathRef, _annalist_path_ref_free)

/* Values ------------------------------------------------------------------------- */

typedef enum
{
  V_NULL,
  V_INT,
  V_REAL,
  V_BOOL,
  V_TEXT,
  V_RECORD,   /* kind + id */
  V_LIST,     /* kind + ids */
} VType;

typedef struct
{
  VType                type;
  gint64               i;       /* INT, BOOL, RECORD: the id */
  double               r;
  char                *s;       /* TEXT, owned */
  const AnnalistKind  *kind;    /* RECORD, LIST */
  GArray              *ids;     /* LIST: gint64 */
  const AnnalistField *field;   /* where it came from: dates, years, flags */
} Value;

#define VALUE_INIT { V_NULL, 0, 0, NULL, NULL, NULL, NULL }

void        _annalist_value_clear      (Value       *value);
void        _annalist_value_copy       (Value       *to,
                                        const Value *from);
void        _annalist_value_free       (gpointer     value);
gboolean    _annalist_value_is_number  (const Value *value);
double      _annalist_value_number     (const Value *value);

/* annalist-template-format.c: the text forms documents use. */
char       *_annalist_text_first       (const char  *text,
                                        gboolean     upper);
char       *_annalist_text_quote       (const char  *text);
char       *_annalist_text_nest_quotes (const char  *text);
char       *_annalist_text_inner_quotes (const char  *text);
const char *_annalist_plural_ru        (const char  *one,
                                        const char  *few,
                                        const char  *many,
                                        const char  *number);
char       *_annalist_text_numbered    (const char  *text);
gboolean    _annalist_decimals_parse   (const char  *text,
                                        int         *places);

typedef struct
{
  const char *short_name;
  int         type_position;
} OrgName;

/* The forms of the words organisations are named with, from
 * «Детский сад|детского сада|детские сады; …»: folded nominative → OrgWord. */
typedef struct _OrgWord OrgWord;
GHashTable *_annalist_org_words_new    (const char  *text);
char       *_annalist_orgs_text        (GHashTable  *org_words,
                                        const OrgName *orgs,
                                        guint        n_orgs,
                                        gboolean     capitalise);
char       *_annalist_org_genitive     (GHashTable  *org_words,
                                        const char  *short_name);
/* Whether @name is a format the engine knows, and its number of
 * arguments (min, max). */
gboolean    _annalist_filter_known     (const char  *name,
                                        guint       *min_args,
                                        guint       *max_args);

/* Rendering ------------------------------------------------------------------------- */

typedef struct
{
  guint               index;     /* the static frame */
  FrameType           type;
  const AnnalistKind *kind;
  sqlite3_stmt       *stmt;      /* the current row, or NULL */
  sqlite3_value     **row;       /* or the row kept (column loops, parameters) */
  guint               n_row;
  const int          *columns;   /* a loop's Query.columns; NULL: _annalist_query_column */
  int                 year;      /* FRAME_YEAR */
  guint               number;    /* 1-based */
  gint64              count;     /* -1: not known */
  sqlite3_value      *group_key;
  gint64              group_count;
  guint64             serial;    /* this repetition's, unique in the document */
} Frame;

typedef struct _Render Render;

struct _Render
{
  AnnalistTemplate             *tmpl;
  AnnalistStore                *store;
  sqlite3                      *db;
  const AnnalistDocumentParams *params;
  GCancellable                 *cancellable;
  GError                       *error;

  GPtrArray                    *frames;     /* Frame* */
  guint64                       serials;    /* Frame.serial given so far */
  GHashTable                   *stmts;      /* Query* → its first statement */
  GHashTable                   *count_stmts;
  GHashTable                   *statements; /* SQL text → statements (run.c) */
  GHashTable                   *results;    /* aggregates computed: key → Value* */
  GHashTable                   *links;      /* junction → (owner id → GArray of ids) */
  GHashTable                   *rows;       /* "kind" → (id → sqlite3_value**) */
  GHashTable                   *settings;   /* key → value */
  GHashTable                   *narratives; /* "year:key" → text; "year": all read */
  char                         *separator;  /* «-» or «/» in years */
  GHashTable                   *filled;     /* computed kinds filled: "kind:year" */

  /* Output: */
  gpointer                      out;        /* the writer state, render.c */
};

void      _annalist_render_fail        (Render      *r,
                                        Tag         *tag,
                                        const char  *format,
                                        ...) G_GNUC_PRINTF (3, 4);
gboolean  _annalist_render_ok          (Render      *r);
int       _annalist_render_year        (Render      *r);
void      _annalist_render_years       (Render      *r,
                                        int         *low,
                                        int         *high);
Frame    *_annalist_render_frame       (Render      *r,
                                        guint        index);

/* annalist-template-eval.c */
gboolean  _annalist_eval               (Render      *r,
                                        Tag         *tag,
                                        Expr        *e,
                                        Value       *out);
gboolean  _annalist_eval_truth         (Render      *r,
                                        Tag         *tag,
                                        Expr        *e);
/* The value of a tag with its formats, as text. @value (may be NULL)
 * receives the value when it stays a number (for number cells). */
char     *_annalist_eval_text          (Render      *r,
                                        Tag         *tag,
                                        Value       *value);
/* The id of a frame's current record, 0 if none. */
gint64    _annalist_frame_id           (Frame       *f);

/* annalist-template-run.c */
/* Latches an error reading the records, SQLite's message with it. */
void      _annalist_render_sql_error   (Render      *r,
                                        Tag         *tag,
                                        int          rc);
/* A table for Render.statements: prepared statements by their SQL text. */
GHashTable *_annalist_statements_new   (void);
/* Runs @q's SQL with its parameters bound; NULL on error (latched). */
sqlite3_stmt *_annalist_query_run      (Render      *r,
                                        Query       *q);
/* The same, and appends to @key what was bound: its text and values. */
sqlite3_stmt *_annalist_query_run_keyed (Render     *r,
                                        Query       *q,
                                        GString     *key);
gint64    _annalist_query_count        (Render      *r,
                                        Query       *q);
/* A copy of @stmt's current row, NULL-terminated, and its free function. */
sqlite3_value **_annalist_row_keep     (sqlite3_stmt *stmt);
void             _annalist_row_free     (gpointer     row);
/* A row of @kind kept for its id (NULL when there is none). */
sqlite3_value **_annalist_record_row   (Render      *r,
                                        const AnnalistKind *kind,
                                        gint64       id);
/* The value of field @index of @kind in a row, its columns @columns
 * (Query.columns), or NULL for every stored field's. */
void      _annalist_row_value          (Render      *r,
                                        const AnnalistKind *kind,
                                        sqlite3_value **row,
                                        sqlite3_stmt *stmt,
                                        const int   *columns,
                                        guint        index,
                                        gint64       id,
                                        Value       *out);
char     *_annalist_year_label         (Render      *r,
                                        int          year);

/* Rendering (annalist-template-render.c) */

/* Writes the document; the template is read, never changed. */
gboolean  _annalist_template_write          (AnnalistTemplate             *self,
                                             AnnalistStore                *store,
                                             const AnnalistDocumentParams *params,
                                             const char                   *path,
                                             GCancellable                 *cancellable,
                                             GError                      **error);
/* The state of one rendering, and its end (its frames, statements and
 * caches freed). */
void      _annalist_render_init             (Render                       *r,
                                             AnnalistTemplate             *self,
                                             AnnalistStore                *store,
                                             const AnnalistDocumentParams *params);
void      _annalist_render_clear            (Render                       *r);
/* Indexes the tree's namespaces once, so that writing looks each up by
 * its address; the tree must not change afterwards. */
void      _annalist_render_index_namespaces (AnnalistTemplate             *self);

G_END_DECLS
