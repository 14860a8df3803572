/* annalist-odf.h
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The document layer: a small streaming writer for OpenDocument text.
 *
 * The same calls produce either a zipped package (.odt) or a single flat XML
 * file (.fodt).  Content goes through libxml2's xmlTextWriter as the calls
 * come, so a long report never exists as a DOM in memory.
 *
 * Errors are latched: the building functions return nothing, the first I/O
 * error is kept in the document and every later call is ignored;
 * annalist_odf_document_close() reports it.  Misuse (a row with the wrong
 * number of cells, a table inside a paragraph…) is a programmer error and
 * raises a g_critical().
 *
 * The output goes to a temporary file beside the target ("target.XXXXXX")
 * which replaces the target only when close() succeeds.  abort() or a failed
 * close() leaves nothing behind.
 *
 *   g_autoptr(AnnalistOdfDocument) doc = NULL;
 *   AnnalistOdfStyle style;
 *
 *   annalist_odf_style_init_defaults (&style);
 *   doc = annalist_odf_document_new ("report.odt", ANNALIST_ODF_FORMAT_AUTO,
 *                                    &style, "Аналитический отчёт", &error);
 *   annalist_odf_document_add_heading (doc, 1, "1. Краткий анализ");
 *   annalist_odf_document_add_paragraph (doc, ANNALIST_ODF_PARAGRAPH_BODY, "…");
 *   if (!annalist_odf_document_close (doc, &error))
 *     …
 */

#define ANNALIST_ODF_ERROR (annalist_odf_error_quark ())

typedef enum
{
  ANNALIST_ODF_ERROR_FAILED,       /* writing or renaming failed */
  ANNALIST_ODF_ERROR_INVALID_PATH, /* unknown extension, no directory */
  ANNALIST_ODF_ERROR_INVALID_DATA, /* e.g. an image that is not a PNG */
  ANNALIST_ODF_ERROR_CLOSED,       /* the document was already closed */
} AnnalistOdfError;

typedef enum
{
  ANNALIST_ODF_FORMAT_AUTO, /* from the extension: .odt or .fodt */
  ANNALIST_ODF_FORMAT_ODT,  /* zipped package */
  ANNALIST_ODF_FORMAT_FODT, /* flat XML */
} AnnalistOdfFormat;

/* Page and text settings.  Lengths are in millimetres, sizes in points. */
typedef struct
{
  double      page_width_mm;     /* 210 (A4) */
  double      page_height_mm;    /* 297 */
  double      margin_left_mm;    /* 30 */
  double      margin_right_mm;   /* 15 */
  double      margin_top_mm;     /* 20 */
  double      margin_bottom_mm;  /* 20 */
  const char *font_name;         /* "Times New Roman" */
  double      font_size_pt;      /* 14, body text and headings */
  double      table_font_size_pt;/* 12, tables and captions of figures */
  double      line_spacing;      /* 1.5 (1.0 … 2.0), body text */
  double      first_line_indent_mm; /* 12.5 */
  gboolean    title_page;        /* TRUE: page 1 has no number */
  const char *language;          /* "ru-RU" */
} AnnalistOdfStyle;

typedef enum
{
  ANNALIST_ODF_PARAGRAPH_BODY,     /* justified, first-line indent */
  ANNALIST_ODF_PARAGRAPH_PLAIN,    /* left, no indent */
  ANNALIST_ODF_PARAGRAPH_CENTER,   /* centred */
  ANNALIST_ODF_PARAGRAPH_RIGHT,    /* right-aligned lines */
  ANNALIST_ODF_PARAGRAPH_APPROVAL, /* УТВЕРЖДАЮ block in the right half */
  ANNALIST_ODF_PARAGRAPH_TITLE,    /* title page: big, bold, centred */
  ANNALIST_ODF_PARAGRAPH_TABLE,    /* table text, left */
  ANNALIST_ODF_PARAGRAPH_TABLE_NUMBER, /* table text, right */
  ANNALIST_ODF_PARAGRAPH_TABLE_HEADING, /* table header: bold, centred */
} AnnalistOdfParagraphStyle;

typedef enum
{
  ANNALIST_ODF_LIST_BULLET,   /* «–» */
  ANNALIST_ODF_LIST_NUMBERED, /* «1)» */
} AnnalistOdfListKind;

typedef enum
{
  ANNALIST_ODF_CELL_TEXT   = 0,
  ANNALIST_ODF_CELL_NUMBER = 1 << 0, /* right-aligned */
  ANNALIST_ODF_CELL_BOLD   = 1 << 1, /* e.g. the «Итого» row */
  ANNALIST_ODF_CELL_CENTER = 1 << 2,
} AnnalistOdfCellFlags;

typedef enum
{
  ANNALIST_ODF_CHART_BAR,
  ANNALIST_ODF_CHART_LINE,
} AnnalistOdfChartKind;

typedef struct
{
  const char   *name;   /* legend label */
  const double *values; /* n_categories values */
} AnnalistOdfChartSeries;

typedef struct
{
  AnnalistOdfChartKind          kind;
  const char                   *title;        /* may be NULL */
  const char                   *x_axis_title; /* may be NULL */
  const char                   *y_axis_title; /* may be NULL */
  guint                         n_categories;
  const char * const           *categories;   /* n_categories labels */
  guint                         n_series;
  const AnnalistOdfChartSeries *series;       /* n_series */
  double                        width_cm;     /* 0: 16 */
  double                        height_cm;    /* 0: 9 */
} AnnalistOdfChart;

typedef struct _AnnalistOdfDocument AnnalistOdfDocument;

GQuark               annalist_odf_error_quark            (void);

void                 annalist_odf_style_init_defaults    (AnnalistOdfStyle           *style);

/* Document life cycle.  @style and @title may be NULL (defaults, no title). */
AnnalistOdfDocument *annalist_odf_document_new           (const char                 *path,
                                                          AnnalistOdfFormat           format,
                                                          const AnnalistOdfStyle     *style,
                                                          const char                 *title,
                                                          GError                    **error);
gboolean             annalist_odf_document_close         (AnnalistOdfDocument        *self,
                                                          GError                    **error);
void                 annalist_odf_document_abort         (AnnalistOdfDocument        *self);
/* Aborts the document unless it was closed, then frees it. */
void                 annalist_odf_document_free          (AnnalistOdfDocument        *self);
AnnalistOdfFormat    annalist_odf_document_get_format    (AnnalistOdfDocument        *self);
void                 annalist_odf_document_set_author    (AnnalistOdfDocument        *self,
                                                          const char                 *author);

/* Headings 1…3; @text carries its own number («3.2. Координация»). */
void                 annalist_odf_document_add_heading   (AnnalistOdfDocument        *self,
                                                          guint                       level,
                                                          const char                 *text);

/* Paragraphs.  '\n' becomes a line break, '\t' a tab. */
void                 annalist_odf_document_add_paragraph (AnnalistOdfDocument        *self,
                                                          AnnalistOdfParagraphStyle   style,
                                                          const char                 *text);
void                 annalist_odf_document_begin_paragraph (AnnalistOdfDocument      *self,
                                                          AnnalistOdfParagraphStyle   style);
void                 annalist_odf_document_add_text      (AnnalistOdfDocument        *self,
                                                          const char                 *text);
void                 annalist_odf_document_add_bold      (AnnalistOdfDocument        *self,
                                                          const char                 *text);
void                 annalist_odf_document_add_italic    (AnnalistOdfDocument        *self,
                                                          const char                 *text);
void                 annalist_odf_document_end_paragraph (AnnalistOdfDocument        *self);

/* The next paragraph, heading, table or TOC starts on a new page. */
void                 annalist_odf_document_add_page_break (AnnalistOdfDocument       *self);

/* Lists may nest: begin_list inside begin_list_item. */
void                 annalist_odf_document_begin_list    (AnnalistOdfDocument        *self,
                                                          AnnalistOdfListKind         kind);
void                 annalist_odf_document_add_list_item (AnnalistOdfDocument        *self,
                                                          const char                 *text);
/* A list item holding paragraphs (begin_paragraph…) or a nested list. */
void                 annalist_odf_document_begin_list_item (AnnalistOdfDocument      *self);
void                 annalist_odf_document_end_list_item (AnnalistOdfDocument        *self);
void                 annalist_odf_document_end_list      (AnnalistOdfDocument        *self);

/* The table of contents («Содержание»), listing every heading of the
 * document, also those that come after it.  At most one per document.  The
 * entries carry no page numbers until the user updates the index
 * (Tools ▸ Update ▸ Update All): LibreOffice does not update it on load. */
void                 annalist_odf_document_add_toc       (AnnalistOdfDocument        *self);

/* Tables.  begin_table writes «Таблица N – @caption» above the table
 * (@caption NULL: no caption, no number).  @widths holds @n_columns
 * relative widths, or NULL for equal columns.  Header rows come first and
 * form one group repeated on every page.  Every row must hold exactly
 * @n_columns cells, counting the columns a cell spans. */
void                 annalist_odf_document_begin_table   (AnnalistOdfDocument        *self,
                                                          const char                 *caption,
                                                          guint                       n_columns,
                                                          const double               *widths);
void                 annalist_odf_document_begin_header_row (AnnalistOdfDocument     *self);
void                 annalist_odf_document_begin_row     (AnnalistOdfDocument        *self);
void                 annalist_odf_document_add_cell      (AnnalistOdfDocument        *self,
                                                          const char                 *text);
void                 annalist_odf_document_add_number_cell (AnnalistOdfDocument      *self,
                                                          const char                 *text);
void                 annalist_odf_document_add_cell_full (AnnalistOdfDocument        *self,
                                                          const char                 *text,
                                                          AnnalistOdfCellFlags        flags,
                                                          guint                       columns_spanned);
/* A cell holding paragraphs or a list; end it with end_cell. */
void                 annalist_odf_document_begin_cell    (AnnalistOdfDocument        *self,
                                                          guint                       columns_spanned);
void                 annalist_odf_document_end_cell      (AnnalistOdfDocument        *self);
void                 annalist_odf_document_end_row       (AnnalistOdfDocument        *self);
/* Convenience: a whole row of @cells (NULL-terminated, n_columns long). */
void                 annalist_odf_document_add_row       (AnnalistOdfDocument        *self,
                                                          gboolean                    header,
                                                          const char * const         *cells);
void                 annalist_odf_document_end_table     (AnnalistOdfDocument        *self);

/* Figures: a centred PNG or chart, and «Рисунок N – @caption» below it
 * (@caption NULL: none). */
void                 annalist_odf_document_add_image     (AnnalistOdfDocument        *self,
                                                          GBytes                     *png,
                                                          double                      width_cm,
                                                          double                      height_cm,
                                                          const char                 *caption);
void                 annalist_odf_document_add_chart     (AnnalistOdfDocument        *self,
                                                          const AnnalistOdfChart     *chart,
                                                          const char                 *caption);

/* Reading packages (.odt, .ott), for templates.  Returns every file of
 * the zip, name → contents (GBytes), the names with their folders as in
 * the zip ("Pictures/image1.png", "Object 1/content.xml").  Refuses with
 * ANNALIST_ODF_ERROR_INVALID_DATA a file that is not a zip, a zip without
 * content.xml, more than 2000 entries, or parts that would take more
 * than 256 MiB unpacked, alone or together (zip bombs).  The _file
 * variant puts the file's name before the message. */
GHashTable          *annalist_odf_package_read           (GBytes                     *bytes,
                                                          GError                    **error);
GHashTable          *annalist_odf_package_read_file      (const char                 *path,
                                                          GError                    **error);

/* «35,2 %», «50 %»: one decimal with a comma, none for whole numbers, a
 * no-break space (U+00A0) before the sign. */
char                *annalist_odf_format_percent         (double                      value);

/* The valid XML text that the writer makes of @text: valid UTF-8 without
 * the characters XML 1.0 forbids.  Exposed for the tests. */
char                *annalist_odf_sanitize_text          (const char                 *text,
                                                          gssize                      length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnnalistOdfDocument, annalist_odf_document_free)

G_END_DECLS
