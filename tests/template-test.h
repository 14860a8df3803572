/* template-test.h — what the template engine's tests share
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample district to render over, a flat template around a fragment
 * of a document as Writer would write it, and the document it renders to
 * or the sentence it is refused with. Every document written is
 * validated against the ODF 1.3 schema at the end of the program.
 */

#pragma once

#include <glib.h>

#include "annalist-store.h"
#include "annalist-template.h"

#define NS \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
  "xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\" " \
  "xmlns:officeooo=\"http://openoffice.org/2009/office\" " \
  "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
  "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "

#define P(text) "<text:p text:style-name=\"Standard\">" text "</text:p>"
#define ITEM(text) "<text:list-item>" P (text) "</text:list-item>"

extern char          *dir;       /* the program's temporary folder */
extern AnnalistStore *store;     /* the sample district, with a few records of its own */
extern GPtrArray     *outputs;   /* every document written, validated at the end */

/* A flat document around @body, as Writer would write a small one. */
char             *template_text      (const char  *body);
AnnalistTemplate *template_new       (const char  *body,
                                      GError     **error);
/* The body of the document written at @path: office:text's children, as
 * XML, the declarations of captions aside. */
char             *written_body       (const char  *path);
/* A new path in dir for a document @name.@extension. */
char             *output_path        (const char  *name,
                                      const char  *extension);
/* Renders @body for 2022-2023 and returns what office:text holds. */
char             *render             (const char  *body);
/* The sentence a template with a mistake gets, and no file. */
char             *refusal            (const char  *body);

/* Sets up the sample district, lets @add_tests add the program's tests,
 * adds the validation of every document written, runs them and cleans
 * up; returns g_test_run ()'s status. */
int               template_test_main (int          argc,
                                      char        *argv[],
                                      const char  *name,
                                      void       (*add_tests) (void));
