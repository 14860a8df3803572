/* annalist-office-file.h — office files as libgsf reads them
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libgsf opens the zips and OLE2 files that documents, templates and
 * spreadsheets come in. This is where it is set up, and where a file that
 * is not what its reader wants is told apart (a Word document given as a
 * template, a spreadsheet with a password), so that each reader can say
 * in a sentence what to do with it.
 */

#pragma once

#include <glib.h>
#include <gsf/gsf.h>

G_BEGIN_DECLS

/* libgsf declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* Sets libgsf up and registers every type of it that Annalist uses, once
 * per process: the library registers its types on first use without a
 * lock, and documents are written and files imported in worker threads.
 * Call before any other libgsf call. */
void                 annalist_gsf_init                   (void);

/* gsf_infile_child_by_index () and gsf_infile_child_by_aname () (whose
 * @path is one name a level, NULL-terminated) without libgsf's own
 * report of a damaged entry on stderr: NULL says it, and the caller
 * tells the user. @damaged (may be NULL) tells a part that is there
 * but cannot be read from one that is not there. */
GsfInput            *annalist_gsf_child                  (GsfInfile                  *dir,
                                                          int                         index);
GsfInput            *annalist_gsf_child_by_path          (GsfInfile                  *dir,
                                                          const char *const          *path,
                                                          gboolean                   *damaged);

/* What a file that is not an OpenDocument one is, told by its content
 * (its first bytes; for a zip, its parts; for an OLE2 file, whether it
 * holds an encrypted package). */
typedef enum
{
  ANNALIST_OFFICE_FILE_UNKNOWN,   /* none of these */
  ANNALIST_OFFICE_FILE_ENCRYPTED, /* an OpenDocument or Office file with a password */
  ANNALIST_OFFICE_FILE_OLE2,      /* Office 97–2003: .doc, .xls, .ppt */
  ANNALIST_OFFICE_FILE_DOCX,
  ANNALIST_OFFICE_FILE_XLSX,
  ANNALIST_OFFICE_FILE_PPTX,
  ANNALIST_OFFICE_FILE_PDF,
} AnnalistOfficeFile;

AnnalistOfficeFile   annalist_office_file_identify       (GBytes                     *bytes);
/* The same of a file being read; @input is left at its start. */
AnnalistOfficeFile   annalist_office_file_identify_input (GsfInput                   *input);
/* Whether a file that starts with @head is an OLE2 compound file: Office
 * 97–2003's formats (.doc, .xls, .ppt), and the envelope of an encrypted
 * .docx or .xlsx. */
gboolean             annalist_office_file_is_ole2        (const guint8               *head,
                                                          gsize                       length);
/* Whether the OpenDocument package @zip was saved with a password: its
 * manifest gives its parts encryption data. A manifest that is missing
 * or cannot be read says no. */
gboolean             annalist_office_zip_encrypted       (GsfInfile                  *zip);

G_END_DECLS
