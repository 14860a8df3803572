/* annalist-office-file.h — office files as libzip and libgsf read them
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates and spreadsheets come in zips, read with libzip: it checks
 * each part's CRC-32 as the part is read to its end, so that a damaged
 * part is refused, never read as other text. libgsf writes the packages
 * Annalist exports and opens the OLE2 files of old Office versions. This
 * is where both are set up, and where a file that is not what its reader
 * wants is told apart (a Word document given as a template, a spreadsheet
 * with a password), so that each reader can say in a sentence what to do
 * with it.
 */

#pragma once

#include <glib.h>
#include <gsf/gsf.h>
#include <zip.h>

G_BEGIN_DECLS

/* libgsf declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* Sets libgsf up and registers every type of it that Annalist uses, once
 * per process: the library registers its types on first use without a
 * lock, and documents are written and files imported in worker threads.
 * Call before any other libgsf call. */
void                 annalist_gsf_init                   (void);

/* libzip declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zip_t, zip_discard)

/* The zip held in @data (which must outlive it), or NULL when it is none
 * or its directory is damaged. */
zip_t               *annalist_zip_open_memory            (gconstpointer               data,
                                                          gsize                       length);
/* Whether @zip holds a part named @name (NULL @zip: no). */
gboolean             annalist_zip_has                    (zip_t                      *zip,
                                                          const char                 *name);
/* The part @index of @zip, which its directory says is @size bytes,
 * read whole; NULL when it is damaged: its data do not inflate, are not
 * @size bytes, or do not match their CRC-32. */
GBytes              *annalist_zip_read                   (zip_t                      *zip,
                                                          zip_uint64_t                index,
                                                          gsize                       size);
/* Reads from @file, a part of @size bytes of which @done are read, up to
 * @length bytes into @buffer: how many, 0 at the end, -1 when the part is
 * damaged. At the end the part has been checked against its CRC-32; it
 * is never read past @size. */
gint64               annalist_zip_read_some              (zip_file_t                 *file,
                                                          guint64                     size,
                                                          guint64                     done,
                                                          void                       *buffer,
                                                          guint64                     length);

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
/* The same of a file being read (at most a spreadsheet's size); @input is
 * left at its start. */
AnnalistOfficeFile   annalist_office_file_identify_input (GsfInput                   *input);
/* Whether a file that starts with @head is an OLE2 compound file: Office
 * 97–2003's formats (.doc, .xls, .ppt), and the envelope of an encrypted
 * .docx or .xlsx. */
gboolean             annalist_office_file_is_ole2        (const guint8               *head,
                                                          gsize                       length);
/* Whether the OpenDocument package @zip was saved with a password: its
 * manifest gives its parts encryption data. A manifest that is missing
 * or cannot be read says no. */
gboolean             annalist_office_zip_encrypted       (zip_t                      *zip);

G_END_DECLS
