/* annalist-template.h — documents from ODT templates
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document is an ordinary text document made in LibreOffice Writer (or
 * any office suite that saves ODF) with placeholders typed in double
 * braces; Annalist fills it from the records. The engine knows nothing of
 * the domain: kinds and fields are named as the field descriptors
 * (src/annalist-kinds.c) name them, and the few computations a loop cannot
 * express are computed kinds (src/annalist-computed.c) that the template
 * loops over like any other. The language is described in README.md
 * («Templates») and in the user guide.
 *
 *   g_autoptr(AnnalistTemplate) t = annalist_template_new_for_file ("my.odt", &error);
 *   AnnalistDocumentParams params = { .year = 2022 };
 *   if (t == NULL || !annalist_template_render (t, store, &params, "out.odt", NULL, &error))
 *     …  // one sentence naming the placeholder, where it is and what is wrong
 *
 * A template is read and checked completely when it is made: a template
 * with a mistake is refused before anything is written. Rendering writes
 * beside the target and renames into place: nothing is left at the output
 * path on failure.
 */

#pragma once

#include <gio/gio.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* The parameters a document can take. */
typedef enum
{
  ANNALIST_TEMPLATE_PARAM_YEAR         = 1 << 0,
  ANNALIST_TEMPLATE_PARAM_ORGANISATION = 1 << 1,
  ANNALIST_TEMPLATE_PARAM_PLAN         = 1 << 2,
  ANNALIST_TEMPLATE_PARAM_PROJECT      = 1 << 3,
  ANNALIST_TEMPLATE_PARAM_PERIOD       = 1 << 4,
} AnnalistTemplateParams;

typedef struct
{
  int    year;             /* academic year (2022 = 2022-2023), 0: none */
  gint64 organisation_id;  /* 0: none */
  gint64 plan_id;
  gint64 project_id;
  int    period_from;      /* academic years, 0: none */
  int    period_to;
} AnnalistDocumentParams;

/* A place for the user's own words: {{text "KEY"}}, under a heading. */
typedef struct
{
  const char *key;
  const char *heading;     /* the heading above it, as the template has it */
} AnnalistTextSlot;

#define ANNALIST_TYPE_TEMPLATE (annalist_template_get_type ())

G_DECLARE_FINAL_TYPE (AnnalistTemplate, annalist_template, ANNALIST, TEMPLATE, GObject)

/* @bytes: an .odt/.ott package or a flat .fodt; @name: how messages name
 * the template («Годовой отчёт», or a file name), or NULL for its title
 * (its document properties' title). */
AnnalistTemplate      *annalist_template_new              (GBytes                       *bytes,
                                                           const char                   *name,
                                                           GError                      **error);
AnnalistTemplate      *annalist_template_new_for_file     (const char                   *path,
                                                           GError                      **error);
/* A template file is read whole: one of @size bytes is refused before it
 * is read when it is larger than any template (a film dropped by mistake). */
#define ANNALIST_TEMPLATE_MAX_BYTES (G_GUINT64_CONSTANT (100) * 1000 * 1000)
gboolean               annalist_template_check_size       (const char                   *name,
                                                           guint64                       size,
                                                           GError                      **error);

const char            *annalist_template_get_name         (AnnalistTemplate             *self);
/* The title the document gives itself (File ▸ Properties in Writer). */
const char            *annalist_template_get_title        (AnnalistTemplate             *self);
AnnalistTemplateParams annalist_template_get_params       (AnnalistTemplate             *self);
/* «year,organisation»: the parameters as the command line lists them. */
char                  *annalist_template_params_to_string (AnnalistTemplateParams        params);

/* The narrative slots in the order of the document, each key once. */
const AnnalistTextSlot *annalist_template_get_text_slots  (AnnalistTemplate             *self,
                                                           guint                        *n_slots);
/* The heading of a slot as the document prints it: its placeholders
 * filled for @params («3.1.2. Работа со страницами сайта ИМЦ»). */
char                  *annalist_template_slot_heading     (AnnalistTemplate             *self,
                                                           AnnalistStore                *store,
                                                           const AnnalistDocumentParams *params,
                                                           guint                         slot);

/* Writes the document to @path: .odt or .fodt by its extension. */
gboolean               annalist_template_render           (AnnalistTemplate             *self,
                                                           AnnalistStore                *store,
                                                           const AnnalistDocumentParams *params,
                                                           const char                   *path,
                                                           GCancellable                 *cancellable,
                                                           GError                      **error);

/* The same in a worker thread, on a connection of its own to the same
 * database file. */
void                   annalist_template_render_async     (AnnalistTemplate             *self,
                                                           AnnalistStore                *store,
                                                           const AnnalistDocumentParams *params,
                                                           const char                   *path,
                                                           GCancellable                 *cancellable,
                                                           GAsyncReadyCallback           callback,
                                                           gpointer                      user_data);
gboolean               annalist_template_render_finish    (AnnalistTemplate             *self,
                                                           GAsyncResult                 *result,
                                                           GError                      **error);

G_END_DECLS
