/* odf-sample.h — the small document the document layer's tests write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-odf and test-odf-package: the document, its prelude and
 * the pieces it is written with, for tests that write only some of them.
 */

#pragma once

#include <glib.h>
#include <libxml/xmlwriter.h>

#include "annalist-xml-out.h"

#include "annalist-odf.h"

/* What the document holds besides the text every one has. */
typedef struct
{
  gboolean    settings;   /* settings in the prelude */
  gboolean    charts;     /* two charts */
  const char *extra;      /* one more paragraph, a heading and a chart title */
} Content;

extern const Content everything;

extern const char prelude_settings[];
extern const char prelude_styles[];
extern const char prelude_automatic[];

extern const char heading_1[];
extern const char heading_2[];

void  set_prelude       (AnnalistOdfDocument *doc,
                         AnnalistOdfPrelude   part,
                         const char          *xml);
void  start             (AnnalistXmlOut      *w,
                         const char          *name,
                         ...);
void  end               (AnnalistXmlOut      *w);
void  paragraph         (AnnalistXmlOut      *w,
                         const char          *style,
                         const char          *text);
void  heading           (AnnalistOdfDocument *doc,
                         guint                level,
                         const char          *text);
void  table_of_contents (AnnalistOdfDocument *doc,
                         gboolean             with_title);
void  charts            (AnnalistOdfDocument *doc,
                         const char          *extra);
void  write_content     (AnnalistOdfDocument *doc,
                         const Content       *c);
char *write_document    (const char          *dir,
                         const char          *name,
                         const Content       *c);
