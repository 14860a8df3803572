/* annalist-odf.h
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "annalist-xml-out.h"

G_BEGIN_DECLS

/*
 * The document layer: an OpenDocument text, written from a template.
 *
 * The same calls produce either a zipped package (.odt) or a single flat
 * XML file (.fodt). The template engine hands over the parts that come
 * before the text, already written as XML (annalist_odf_document_set_prelude),
 * then writes the text through the document's XML writer (private header);
 * the text goes to a temporary file as it comes, so a long document never
 * sits in memory.
 *
 * Errors are latched: the first I/O error is kept in the document and
 * every later call is ignored; annalist_odf_document_close() reports it.
 *
 * The output goes to a temporary file beside the target
 * (".target.annalist-HOST-PID-XXXXXX") which replaces the target only when
 * close() succeeds.  abort() or a failed close() leaves nothing behind; the
 * temporary of a killed process is removed by the next document written
 * in that folder.
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
  /* A zipped spreadsheet (.ods) whose parts (content.xml, styles.xml…)
   * the caller gives with annalist_odf_document_add_file (); never chosen
   * from the extension. */
  ANNALIST_ODF_FORMAT_ODS,
} AnnalistOdfFormat;

/* The parts before the text, each the XML of an element's children. */
typedef enum
{
  ANNALIST_ODF_PRELUDE_META,          /* office:meta, but generator and dates */
  ANNALIST_ODF_PRELUDE_SETTINGS,      /* office:settings */
  ANNALIST_ODF_PRELUDE_FONT_FACES,    /* office:font-face-decls */
  ANNALIST_ODF_PRELUDE_STYLES,        /* office:styles */
  ANNALIST_ODF_PRELUDE_PAGE_LAYOUTS,  /* the style:page-layout automatic styles */
  ANNALIST_ODF_PRELUDE_AUTOMATIC,     /* the other automatic styles */
  ANNALIST_ODF_PRELUDE_MASTER,        /* office:master-styles */
  ANNALIST_ODF_N_PRELUDE,
} AnnalistOdfPrelude;

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

AnnalistOdfDocument *annalist_odf_document_new           (const char                 *path,
                                                          AnnalistOdfFormat           format,
                                                          GError                    **error);
gboolean             annalist_odf_document_close         (AnnalistOdfDocument        *self,
                                                          GError                    **error);
void                 annalist_odf_document_abort         (AnnalistOdfDocument        *self);
/* Aborts the document unless it was closed, then frees it. */
void                 annalist_odf_document_free          (AnnalistOdfDocument        *self);
AnnalistOdfFormat    annalist_odf_document_get_format    (AnnalistOdfDocument        *self);

void                 annalist_odf_document_set_prelude   (AnnalistOdfDocument        *self,
                                                          AnnalistOdfPrelude          part,
                                                          GBytes                     *xml);
/* An automatic style made while writing (@xml, a style:style element with
 * the document's prefixes), written with the template's own. */
void                 annalist_odf_document_add_automatic_style (AnnalistOdfDocument  *self,
                                                                const char           *xml);
/* A file of the package (a picture of the template), or with @data NULL
 * and @path ending in "/" the folder of an embedded document ("Object 1/",
 * its media type); a flat file has these inline and ignores this. */
void                 annalist_odf_document_add_file      (AnnalistOdfDocument        *self,
                                                          const char                 *path,
                                                          const char                 *media_type,
                                                          GBytes                     *data);

/* A native chart and its picture, in a frame in the text where @into
 * stands (inside a paragraph): the body's writer when NULL, or a writer of
 * the caller's that holds part of the body for later (a table's heading
 * rows, written only if rows come out). */
void                 annalist_odf_document_add_chart     (AnnalistOdfDocument        *self,
                                                          AnnalistXmlOut             *into,
                                                          const AnnalistOdfChart     *chart);

/* Reading packages (.odt, .ott), for templates.  Returns every file of
 * the zip, name → contents (GBytes), the names with their folders as in
 * the zip ("Pictures/image1.png", "Object 1/content.xml").  Refuses with
 * ANNALIST_ODF_ERROR_INVALID_DATA a file that is not a zip, a zip without
 * content.xml, more than 2000 entries, or parts that would take more
 * than 256 MiB unpacked, alone or together (zip bombs), with a message
 * that continues a sentence about the file («it has no content.xml…»).
 * The _file variant makes it a sentence that names the file. */
GHashTable          *annalist_odf_package_read           (GBytes                     *bytes,
                                                          GError                    **error);
GHashTable          *annalist_odf_package_read_file      (const char                 *path,
                                                          GError                    **error);

/* Writes the flat text @fodt (a .fodt file's bytes) as a package at
 * @path, as it is: its parts where a package has them (content.xml,
 * styles.xml, meta.xml, settings.xml when it has settings), pictures
 * inline.  Written as documents are, beside @path and renamed into
 * place.  Refuses with ANNALIST_ODF_ERROR_INVALID_DATA what is not a
 * flat OpenDocument text. */
gboolean             annalist_odf_package_write_flat     (GBytes                     *fodt,
                                                          const char                 *path,
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
