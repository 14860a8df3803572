/* annalist-documents.h — the documents a database can write
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every document is a template: the built-in ones ship in the resources
 * (data/templates/), the user's own live in the database (table
 * «template»), so they travel and are backed up with the records. A user
 * template may stand in for a built-in one; removing it brings the
 * built-in one back.
 */

#pragma once

#include "annalist-store.h"
#include "annalist-template.h"

G_BEGIN_DECLS

/* The built-in annual analytical report (reference 002). */
#define ANNALIST_DOCUMENT_ANNUAL_REPORT "annual-report"
/* The built-in report of an innovation site on one project for a year
 * (reference 001). */
#define ANNALIST_DOCUMENT_SITE_REPORT "site-report"
/* The innovation infrastructure summary and site lists, for the regional office. */
#define ANNALIST_DOCUMENT_INFRASTRUCTURE "infrastructure"
/* The built-in plan documents (references 003 and 004): the programme of a
 * plan, its plan-vs-fact for a year, its year's plan by kind of activity. */
#define ANNALIST_DOCUMENT_PROGRAMME "programme"
#define ANNALIST_DOCUMENT_PLAN_FACT "plan-fact"
#define ANNALIST_DOCUMENT_PLAN_BY_ACTIVITY "plan-by-activity"
/* One organisation's innovation activity over a period of years. */
#define ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY "organisation-activity"
/* The basis documents of a period and what each established. */
#define ANNALIST_DOCUMENT_REGISTER "document-register"

typedef struct
{
  char                  *id;        /* a built-in template's id, or the user template's name */
  char                  *name;      /* as the window shows it */
  AnnalistTemplateParams params;
  gboolean               builtin;   /* one of ours, possibly replaced */
  gint64                 user_id;   /* the user's template (the replacement), 0: none */
  char                  *file_name; /* the user's file name, or the built-in's */
  /* A built-in template (not replaced) with places for the user's texts;
   * for the user's templates the template itself says. */
  gboolean               text_slots;
} AnnalistDocumentInfo;

void              annalist_document_info_free    (AnnalistDocumentInfo *info);

/* Built-in templates first, in their order, then the user's by name. */
GPtrArray        *annalist_documents_list        (AnnalistStore        *store,
                                                  GError              **error);
/* A template by a built-in id, a user template's name, or a file path. */
AnnalistTemplate *annalist_documents_open        (AnnalistStore        *store,
                                                  const char           *which,
                                                  GError              **error);
/* The template's file as it is (to save and edit in Writer); *flat: it is
 * a .fodt. */
GBytes           *annalist_documents_get_bytes   (AnnalistStore        *store,
                                                  const char           *id,
                                                  gboolean             *flat,
                                                  GError              **error);
/* Adds the user's template @bytes as @name; or, with @replacing, puts it
 * in place of that user template (under @name); or, with @replaces, makes
 * it stand for the built-in template of that id (in place of the one that
 * did). It is read and checked first: a template with a mistake is
 * refused, and so is a name another template has (case and «ё» aside).
 * All in one transaction. */
gboolean          annalist_documents_save        (AnnalistStore        *store,
                                                  const char           *name,
                                                  const char           *replaces,
                                                  gint64                replacing,
                                                  const char           *file_name,
                                                  GBytes               *bytes,
                                                  gint64               *user_id,
                                                  GError              **error);
gboolean          annalist_documents_rename      (AnnalistStore        *store,
                                                  gint64                user_id,
                                                  const char           *name,
                                                  GError              **error);
/* Removes a user template; what was removed comes back with _restore. */
GBytes           *annalist_documents_remove      (AnnalistStore        *store,
                                                  gint64                user_id,
                                                  GError              **error);

/* Whether the database holds any record of @academic_year. */
gboolean          annalist_documents_year_has_records (AnnalistStore   *store,
                                                       int              academic_year);

/* Whether a document that takes @needs can be written for @params: a
 * document for a plan and a year is refused, with a sentence naming the
 * years the plan has stages in, for a year in which it has none. */
gboolean          annalist_documents_check_params (AnnalistStore                *store,
                                                   AnnalistTemplateParams        needs,
                                                   const AnnalistDocumentParams *params,
                                                   GError                      **error);

/* The name a document of @tmpl for @params is offered to be saved as:
 * the template's name, the organisation, plan or project it is written
 * for (a title shortened), its year or period (a period of one year as
 * that year), «.odt»; a character no file name may hold is replaced.
 * «Инновационная деятельность организации Школа № 7 2018-2019 – 2022-2023.odt» */
char             *annalist_documents_file_name   (AnnalistStore                *store,
                                                  AnnalistTemplate             *tmpl,
                                                  const AnnalistDocumentParams *params);

/* The command line: --export, --export-report, --list-templates. The exit
 * status; on failure one sentence on stderr and no file at @output. */
typedef struct
{
  const char *database;
  const char *which;         /* the template */
  const char *year;
  const char *from;          /* a period's first and last academic years */
  const char *to;
  const char *output;
  const char *organisation;  /* an id or a name */
  const char *plan;
  const char *project;
} AnnalistExportOptions;

int               annalist_documents_export_command (const AnnalistExportOptions *options);

/* Whether a command frees what it made before the process ends, which
 * frees it all at once: only where a leak checker watches. */
gboolean          annalist_documents_command_frees  (void);
int               annalist_documents_list_command   (const char                  *database);

G_END_DECLS
