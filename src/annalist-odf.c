/* annalist-odf.c — the document layer: an OpenDocument text written out
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document is written from its template: the template engine gives the
 * parts that come before the text (its meta data, fonts, styles, page
 * layouts and headers, each already written as XML) and writes the text
 * itself through this layer's XML writer. The same document comes out as a
 * zipped package (.odt) or a single flat file (.fodt): this layer puts the
 * parts where each form wants them, adds the pictures and charts, the
 * table of contents' entries and the manifest.
 *
 * The text goes to an anonymous temporary file as it is written, so that a
 * long document is never held in memory; close() puts the parts in front
 * of it. The output goes to a temporary file beside the target, which
 * replaces the target only when everything was written.
 */

#define G_LOG_DOMAIN "annalist-odf"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <libxml/xmlwriter.h>

#include "annalist-durable.h"
#include "annalist-field.h"
#include "annalist-odf-private.h"
#include "annalist-office-file.h"

#define MIMETYPE_TEXT  "application/vnd.oasis.opendocument.text"
#define MIMETYPE_CHART "application/vnd.oasis.opendocument.chart"
#define MIMETYPE_SPREADSHEET "application/vnd.oasis.opendocument.spreadsheet"
#define GENERATOR      "Annalist/" PACKAGE_VERSION
#define COPY_CHUNK     (64 * 1024)
/* The chart frames' style: a name no office suite gives its own. */
#define FRAME_STYLE    "Annalist_20_Chart"

typedef struct
{
  guint  level;
  char  *text;
  char  *mark;  /* the bookmark in the heading, or NULL */
} TocEntry;

typedef struct
{
  char *path;
  char *media_type;
} ManifestEntry;

struct _AnnalistOdfDocument
{
  char              *path;
  char              *tmp_path;
  FILE              *file;        /* the temporary file */
  GsfOutput         *sink;        /* libgsf's view of it */
  AnnalistOdfFormat  format;
  GDateTime         *created;

  GError            *error;       /* the first error, latched */
  gboolean           finished;    /* closed or aborted */

  GBytes            *prelude[ANNALIST_ODF_N_PRELUDE];

  /* The text goes to an anonymous temporary file as it is written. */
  FILE              *body_file;
  AnnalistXmlOut    *body;
  gint64             body_bytes;
  gint64             toc_offset;  /* -1: no table of contents */
  char              *toc_styles[11];
  guint              toc_levels;
  GPtrArray         *toc_entries; /* TocEntry */

  guint              n_charts;
  GString           *own_styles; /* automatic styles the engine made while writing */

  /* Package only. */
  GsfOutfile        *zip;
  GsfOutput         *part;        /* the zip entry being written */
  GArray            *manifest;    /* ManifestEntry */
  gboolean           parts_given; /* content, styles… come through add_file */
  char              *version;     /* the manifest's; NULL: none */
};

G_DEFINE_QUARK (annalist-odf-error-quark, annalist_odf_error)

/* A zipped package (a text or a spreadsheet), not a flat file. */
static gboolean
is_package (AnnalistOdfDocument *self)
{
  return self->format == ANNALIST_ODF_FORMAT_ODT || self->format == ANNALIST_ODF_FORMAT_ODS;
}

static const char *
package_media_type (AnnalistOdfDocument *self)
{
  return self->format == ANNALIST_ODF_FORMAT_ODS ? MIMETYPE_SPREADSHEET : MIMETYPE_TEXT;
}

/* ------------------------------------------------------------------ */
/* Small XML helpers                                                   */
/* ------------------------------------------------------------------ */

/* A length such as "16.500cm" in @buf, never with the locale's decimal
 * comma. */
static const char *
format_length (char        buf[G_ASCII_DTOSTR_BUF_SIZE + 8],
               double      value,
               const char *unit)
{
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.3f", value);
  g_strlcat (buf, unit, G_ASCII_DTOSTR_BUF_SIZE + 8);
  return buf;
}

void
_annalist_odf_write_length (xmlTextWriterPtr  w,
                            const char       *name,
                            double            value,
                            const char       *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 8];

  attr (w, name, format_length (buf, value, unit));
}

/* The namespaces of the parts: ODF's, and those whose prefixes ODF
 * attribute values use (formulas: ooow, oooc, of). */
void
_annalist_odf_write_namespaces (xmlTextWriterPtr w)
{
  static const char * const ns[][2] = {
    { "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0" },
    { "xmlns:style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0" },
    { "xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0" },
    { "xmlns:table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0" },
    { "xmlns:draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" },
    { "xmlns:fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" },
    { "xmlns:xlink", "http://www.w3.org/1999/xlink" },
    { "xmlns:dc", "http://purl.org/dc/elements/1.1/" },
    { "xmlns:meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0" },
    { "xmlns:number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" },
    { "xmlns:svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" },
    { "xmlns:chart", "urn:oasis:names:tc:opendocument:xmlns:chart:1.0" },
    { "xmlns:dr3d", "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0" },
    { "xmlns:math", "http://www.w3.org/1998/Math/MathML" },
    { "xmlns:form", "urn:oasis:names:tc:opendocument:xmlns:form:1.0" },
    { "xmlns:script", "urn:oasis:names:tc:opendocument:xmlns:script:1.0" },
    { "xmlns:config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0" },
    { "xmlns:presentation", "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" },
    { "xmlns:anim", "urn:oasis:names:tc:opendocument:xmlns:animation:1.0" },
    { "xmlns:smil", "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0" },
    { "xmlns:db", "urn:oasis:names:tc:opendocument:xmlns:database:1.0" },
    { "xmlns:xforms", "http://www.w3.org/2002/xforms" },
    { "xmlns:xhtml", "http://www.w3.org/1999/xhtml" },
    { "xmlns:grddl", "http://www.w3.org/2003/g/data-view#" },
    { "xmlns:ooo", "http://openoffice.org/2004/office" },
    { "xmlns:ooow", "http://openoffice.org/2004/writer" },
    { "xmlns:oooc", "http://openoffice.org/2004/calc" },
    { "xmlns:of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ns); i++)
    attr (w, ns[i][0], ns[i][1]);
}

static inline gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* Whether @text (@len bytes) must change to be XML text: invalid UTF-8,
 * or a character XML 1.0 forbids.  Valid UTF-8 cannot hold surrogates or
 * code points past U+10FFFF, so what is left to find is the C0 controls
 * but tab, line feed and carriage return, and U+FFFE and U+FFFF
 * (EF BF BE, EF BF BF): a loop over the bytes. */
static gboolean
needs_cleaning (const char *text,
                gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  if (!g_utf8_validate_len (text, len, NULL))
    return TRUE;

  for (; p < end; p++)
    {
      guchar b = *p;

      if (G_UNLIKELY (b < 0x20) && b != '\t' && b != '\n' && b != '\r')
        return TRUE;
      if (G_UNLIKELY (b == 0xEF) && end - p >= 3 && p[1] == 0xBF && (p[2] & 0xFE) == 0xBE)
        return TRUE;
    }

  return FALSE;
}

/* The slow way, for text that needs it: invalid bytes become U+FFFD, then
 * what XML 1.0 cannot hold is dropped. */
static char *
clean_text (const char *text,
            gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_xml_char (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

char *
annalist_odf_sanitize_text (const char *text,
                            gssize      length)
{
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  len = length < 0 ? strlen (text) : (gsize) length;
  if (!needs_cleaning (text, len))
    return g_strndup (text, len);

  return clean_text (text, len);
}

/* @text without what XML cannot hold: @text itself, or a copy in @clean. */
static const char *
plain_text (const char  *text,
            char       **clean)
{
  if (needs_cleaning (text, strlen (text)))
    text = *clean = clean_text (text, -1);
  return text;
}

void
_annalist_odf_write_plain_text (xmlTextWriterPtr  w,
                                const char       *text)
{
  g_autofree char *clean = NULL;

  if (text != NULL)
    xmlTextWriterWriteString (w, BAD_CAST plain_text (text, &clean));
}

void
_annalist_odf_out_plain_text (AnnalistXmlOut *out,
                              const char     *text)
{
  g_autofree char *clean = NULL;

  if (text != NULL)
    annalist_xml_out_text (out, plain_text (text, &clean));
}

/* ------------------------------------------------------------------ */
/* Errors and output                                                   */
/* ------------------------------------------------------------------ */

static void
latch_error (AnnalistOdfDocument *self,
             GError              *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
}

static void
latch_write_error (AnnalistOdfDocument *self,
                   int                  saved_errno,
                   const char          *detail)
{
  g_autofree char *display = g_filename_display_name (self->path);

  latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                                  _("Could not write the document “%s”: %s."),
                                  display,
                                  detail ? detail : g_strerror (saved_errno)));
}

static void
body_sink (gpointer    user_data,
           const char *buffer,
           gsize       len)
{
  AnnalistOdfDocument *self = user_data;

  /* After an error the output is dropped anyway: take it quietly. */
  if (self->error != NULL)
    return;

  /* The error is latched for close() to report. */
  if (len > 0 && fwrite (buffer, 1, len, self->body_file) != len)
    {
      latch_write_error (self, errno, NULL);
      return;
    }

  self->body_bytes += len;
}

/* What went wrong in libgsf, as a sentence for latch_write_error(). */
static void
latch_output_error (AnnalistOdfDocument *self,
                    GsfOutput           *output)
{
  const GError *error = gsf_output_error (output);

  if (error == NULL)
    error = gsf_output_error (self->sink);

  /* The zip writer says nothing when it refuses a part that grew past
   * the 4 GiB a zip without Zip64 can describe. */
  latch_write_error (self, 0, error != NULL ? error->message
                                            : _("one of its parts is too large for a zip package"));
}

/* Starts the zip entry @name.  Compressed pictures are stored as they
 * are: deflating them again costs time and saves nothing.  Text parts
 * take the fastest deflate, which shrinks them almost as much as the
 * default level in a fraction of the time. */
static void
part_begin (AnnalistOdfDocument *self,
            const char          *name,
            gboolean             stored)
{
  g_assert (self->part == NULL);

  if (self->error != NULL)
    return;

  if (stored)
    self->part = gsf_outfile_new_child_full (self->zip, name, FALSE,
                                             "compression-level", GSF_ZIP_STORED,
                                             NULL);
  else
    self->part = gsf_outfile_new_child_full (self->zip, name, FALSE,
                                             "compression-level", GSF_ZIP_DEFLATED,
                                             "deflate-level", 1,
                                             NULL);
  if (self->part == NULL)
    latch_output_error (self, GSF_OUTPUT (self->zip));
}

/* Ends the entry: libgsf seeks back to fill in its sizes and CRC. */
static void
part_end (AnnalistOdfDocument *self)
{
  if (self->part == NULL)
    return;

  if (!gsf_output_close (self->part) && self->error == NULL)
    latch_output_error (self, self->part);
  g_clear_object (&self->part);
}

static void
manifest_add (AnnalistOdfDocument *self,
              const char          *path,
              const char          *media_type)
{
  ManifestEntry e = { g_strdup (path), g_strdup (media_type) };

  g_array_append_val (self->manifest, e);
}

/* Writes to the final output: the flat file or the current zip entry. */
static void
sink_write (AnnalistOdfDocument *self,
            const void          *data,
            gsize                len)
{
  GsfOutput *out = self->part != NULL ? self->part : self->sink;

  if (self->error != NULL || len == 0)
    return;

  if (!gsf_output_write (out, len, data))
    latch_output_error (self, out);
}

/* A whole part at once; a picture is stored, the rest deflated. */
static void
package_add_file (AnnalistOdfDocument *self,
                  const char          *name,
                  const char          *media_type,
                  const void          *data,
                  gsize                len)
{
  part_begin (self, name, g_strcmp0 (media_type, "image/png") == 0);
  sink_write (self, data, len);
  part_end (self);
  if (media_type != NULL)
    manifest_add (self, name, media_type);
}

static void
sink_copy_body (AnnalistOdfDocument *self,
                gint64               from,
                gint64               to)
{
  g_autofree char *buf = g_malloc (COPY_CHUNK);

  if (self->error != NULL)
    return;

  if (fseeko (self->body_file, from, SEEK_SET) != 0)
    {
      latch_write_error (self, errno, NULL);
      return;
    }

  while (from < to && self->error == NULL)
    {
      size_t want = MIN ((gint64) COPY_CHUNK, to - from);
      size_t got = fread (buf, 1, want, self->body_file);

      if (got == 0)
        {
          latch_write_error (self, errno ? errno : EIO, NULL);
          return;
        }
      sink_write (self, buf, got);
      from += got;
    }
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

static void
toc_entry_free (gpointer data)
{
  TocEntry *e = data;

  g_free (e->text);
  g_free (e->mark);
  g_free (e);
}

static void
manifest_entry_clear (gpointer data)
{
  ManifestEntry *e = data;

  g_free (e->path);
  g_free (e->media_type);
}

static AnnalistOdfFormat
format_from_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".odt"))
    return ANNALIST_ODF_FORMAT_ODT;
  if (g_str_has_suffix (lower, ".fodt"))
    return ANNALIST_ODF_FORMAT_FODT;
  return ANNALIST_ODF_FORMAT_AUTO;
}

AnnalistOdfDocument *
annalist_odf_document_new (const char         *path,
                           AnnalistOdfFormat   format,
                           GError            **error)
{
  g_autoptr(AnnalistOdfDocument) self = NULL;
  g_autofree char *display = NULL;
  int saved_errno;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (format == ANNALIST_ODF_FORMAT_AUTO)
    format = format_from_path (path);
  if (format == ANNALIST_ODF_FORMAT_AUTO)
    {
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_PATH,
                   _("Cannot tell the format of “%s”: the name must end in .odt or .fodt."),
                   display);
      return NULL;
    }

  annalist_gsf_init ();

  self = g_new0 (AnnalistOdfDocument, 1);
  self->path = g_strdup (path);
  self->format = format;
  self->toc_offset = -1;
  self->created = g_date_time_new_now_local ();
  self->toc_entries = g_ptr_array_new_with_free_func (toc_entry_free);
  self->manifest = g_array_new (FALSE, FALSE, sizeof (ManifestEntry));
  g_array_set_clear_func (self->manifest, manifest_entry_clear);
  self->version = g_strdup ("1.3");
  /* A spreadsheet has no text written through the body: its caller
   * gives its parts. */
  self->parts_given = format == ANNALIST_ODF_FORMAT_ODS;

  /* The temporary file sits beside the target so that the final rename
   * stays on one file system and cannot leave half a file behind. */
  _annalist_odf_remove_stale_temporaries (path);
  self->tmp_path = _annalist_odf_temporary_template (path);
  fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd >= 0)
    _annalist_odf_temporary_lock (fd);
  if (fd < 0)
    {
      saved_errno = errno;
      g_clear_pointer (&self->tmp_path, g_free);
      g_set_error (error, ANNALIST_ODF_ERROR,
                   saved_errno == ENOENT || saved_errno == ENOTDIR
                     ? ANNALIST_ODF_ERROR_INVALID_PATH : ANNALIST_ODF_ERROR_FAILED,
                   _("Could not create the document “%s”: %s."),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  self->file = fdopen (fd, "wb");
  if (self->file == NULL)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                   _("Could not create the document “%s”: %s."),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  /* The FILE stays ours (keep_open): close() flushes and syncs it before
   * the rename. */
  self->sink = gsf_output_stdio_new_FILE (self->tmp_path, self->file, TRUE);

  self->body_file = tmpfile ();
  if (self->body_file == NULL)
    {
      saved_errno = errno;
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                   _("Could not create the document “%s”: no temporary file: %s."),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  self->body = annalist_xml_out_new (body_sink, self);

  if (is_package (self))
    {
      /* No Zip64: a report's parts stay far below 4 GiB, and with Zip64
       * left to itself ("auto") libgsf reserves a 20-byte extra field in
       * every local header in case a part grows past it.  A part that did
       * would fail to write, not make a broken zip.  The modification time
       * is local, as zip tools expect. */
      self->zip = g_object_new (GSF_OUTFILE_ZIP_TYPE,
                                "sink", self->sink,
                                "zip64", FALSE,
                                "modtime", self->created,
                                NULL);

      /* ODF 1.2 part 3, §3.3: `mimetype` comes first, stored, without an
       * extra field, so that its text sits at byte 38 for tools that
       * recognise files by their first bytes.  libgsf writes no extra
       * field for a stored `mimetype` at offset 0. */
      part_begin (self, "mimetype", TRUE);
      sink_write (self, package_media_type (self), strlen (package_media_type (self)));
      part_end (self);
      if (self->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->error));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

AnnalistOdfFormat
annalist_odf_document_get_format (AnnalistOdfDocument *self)
{
  g_return_val_if_fail (self != NULL, ANNALIST_ODF_FORMAT_AUTO);

  return self->format;
}

void
annalist_odf_document_set_prelude (AnnalistOdfDocument *self,
                                   AnnalistOdfPrelude   part,
                                   GBytes              *xml)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part < ANNALIST_ODF_N_PRELUDE);

  g_clear_pointer (&self->prelude[part], g_bytes_unref);
  self->prelude[part] = xml ? g_bytes_ref (xml) : NULL;
}

void
annalist_odf_document_add_automatic_style (AnnalistOdfDocument *self,
                                           const char          *xml)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (xml != NULL);

  if (self->own_styles == NULL)
    self->own_styles = g_string_new (NULL);
  g_string_append (self->own_styles, xml);
}

void
annalist_odf_document_add_file (AnnalistOdfDocument *self,
                                const char          *path,
                                const char          *media_type,
                                GBytes              *data)
{
  gsize len;
  const void *bytes;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (data != NULL || g_str_has_suffix (path, "/"));

  if (!is_package (self) || self->finished)
    return;
  if (data == NULL)
    {
      /* An embedded document: its folder is known by its entry. */
      manifest_add (self, path, media_type ? media_type : "");
      return;
    }
  bytes = g_bytes_get_data (data, &len);
  /* Pictures are compressed already: stored as they are. */
  part_begin (self, path, media_type != NULL && g_str_has_prefix (media_type, "image/") &&
                          !g_str_equal (media_type, "image/svg+xml"));
  sink_write (self, bytes, len);
  part_end (self);
  manifest_add (self, path, media_type ? media_type : "");
}

AnnalistXmlOut *
_annalist_odf_document_body (AnnalistOdfDocument *self)
{
  return self->body;
}

void
_annalist_odf_document_set_parts_given (AnnalistOdfDocument *self,
                                        const char          *version)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->format == ANNALIST_ODF_FORMAT_ODT);

  self->parts_given = TRUE;
  g_free (self->version);
  self->version = g_strdup (version);
}

void
annalist_odf_document_abort (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished)
    return;
  self->finished = TRUE;

  g_clear_pointer (&self->body, annalist_xml_out_free);
  g_clear_pointer (&self->body_file, fclose);

  /* libgsf closes what is left open when it is released, the zip with a
   * central directory: close in order, into the file about to go. */
  if (self->part != NULL && !gsf_output_is_closed (self->part))
    gsf_output_close (self->part);
  g_clear_object (&self->part);
  if (self->zip != NULL && !gsf_output_is_closed (GSF_OUTPUT (self->zip)))
    gsf_output_close (GSF_OUTPUT (self->zip));
  g_clear_object (&self->zip);
  if (self->sink != NULL && !gsf_output_is_closed (self->sink))
    gsf_output_close (self->sink);
  g_clear_object (&self->sink);
  g_clear_pointer (&self->file, fclose);

  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
}

void
annalist_odf_document_free (AnnalistOdfDocument *self)
{
  if (self == NULL)
    return;

  annalist_odf_document_abort (self);

  g_clear_error (&self->error);
  g_free (self->path);
  g_free (self->tmp_path);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->toc_entries, g_ptr_array_unref);
  g_clear_pointer (&self->manifest, g_array_unref);
  g_free (self->version);
  for (guint i = 0; i < G_N_ELEMENTS (self->toc_styles); i++)
    g_free (self->toc_styles[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->prelude); i++)
    g_clear_pointer (&self->prelude[i], g_bytes_unref);
  if (self->own_styles != NULL)
    g_string_free (self->own_styles, TRUE);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Table of contents                                                   */
/* ------------------------------------------------------------------ */

/* The index's entries go where the body is now; the headings they list
 * come later, so they are written when closing. */
void
_annalist_odf_document_toc_here (AnnalistOdfDocument *self,
                                 const char * const  *styles,
                                 guint                levels)
{
  if (self->toc_offset >= 0 || self->body == NULL)
    return;  /* one index a document: the first */
  /* An element just started has its tag still open ("<text:index-body"):
   * close it, or the entries would land inside the tag. */
  annalist_xml_out_text (self->body, "");
  annalist_xml_out_flush (self->body);
  self->toc_offset = self->body_bytes;
  self->toc_levels = levels;
  for (guint i = 0; i < G_N_ELEMENTS (self->toc_styles); i++)
    self->toc_styles[i] = g_strdup (styles[i]);
}

static TocEntry *
toc_entry_add (AnnalistOdfDocument *self,
               guint                level,
               const char          *text)
{
  TocEntry *e;

  if (level < 1 || level > 10)
    return NULL;
  e = g_new0 (TocEntry, 1);
  e->level = level;
  e->text = g_strdup (text);
  g_ptr_array_add (self->toc_entries, e);
  return e;
}

void
_annalist_odf_document_toc_entry (AnnalistOdfDocument *self,
                                  guint                level,
                                  const char          *text)
{
  toc_entry_add (self, level, text);
}

/* A heading that comes after the index gets a bookmark, and its entry
 * a reference to the bookmark's page: Writer counts that page itself
 * when it lays the document out (on opening, printing, converting), so
 * the contents carry right page numbers without anyone updating them. */
const char *
_annalist_odf_document_toc_mark (AnnalistOdfDocument *self,
                                 guint                level,
                                 const char          *text)
{
  TocEntry *e;

  if (self->toc_offset < 0 || level > self->toc_levels)
    {
      toc_entry_add (self, level, text);
      return NULL;
    }
  e = toc_entry_add (self, level, text);
  if (e == NULL)
    return NULL;
  e->mark = g_strdup_printf ("_Annalist_Heading_%u", self->toc_entries->len);
  return e->mark;
}

/* LibreOffice does not refresh an index when it opens or prints a file:
 * an entry's page number is a page reference to its heading's bookmark
 * (see toc_mark), which Writer does compute; an entry without one
 * carries no number rather than a wrong one. */
static void
write_toc_entries (AnnalistOdfDocument *self,
                   xmlTextWriterPtr     w)
{
  for (guint i = 0; i < self->toc_entries->len; i++)
    {
      TocEntry *e = g_ptr_array_index (self->toc_entries, i);
      g_autofree char *fallback = g_strdup_printf ("Contents_20_%u", e->level);

      if (e->level > self->toc_levels)
        continue;
      el_start (w, "text:p");
      attr (w, "text:style-name", self->toc_styles[e->level] ? self->toc_styles[e->level] : fallback);
      _annalist_odf_write_plain_text (w, e->text);
      if (e->mark != NULL)
        {
          el_start (w, "text:tab");
          el_end (w);
          el_start (w, "text:bookmark-ref");
          attr (w, "text:reference-format", "page");
          attr (w, "text:ref-name", e->mark);
          el_end (w);
        }
      el_end (w);
    }
}

/* ------------------------------------------------------------------ */
/* Charts                                                              */
/* ------------------------------------------------------------------ */

static void
write_xlink (AnnalistXmlOut *w,
             const char     *href)
{
  annalist_xml_out_attr (w, "xlink:href", href);
  annalist_xml_out_attr (w, "xlink:type", "simple");
  annalist_xml_out_attr (w, "xlink:show", "embed");
  annalist_xml_out_attr (w, "xlink:actuate", "onLoad");
}

static void
write_length (AnnalistXmlOut *w,
              const char     *name,
              double          value,
              const char     *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 8];

  annalist_xml_out_attr (w, name, format_length (buf, value, unit));
}

/* draw:image with the picture @bytes of @media_type: a package part, or
 * inline base64. */
static void
write_image_element (AnnalistOdfDocument *self,
                     AnnalistXmlOut      *w,
                     const char          *part_name,
                     const char          *media_type,
                     GBytes              *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  annalist_xml_out_start (w, "draw:image");
  if (self->format == ANNALIST_ODF_FORMAT_ODT)
    {
      g_autofree char *href = g_strconcat ("./", part_name, NULL);

      write_xlink (w, href);
      annalist_xml_out_attr (w, "draw:mime-type", media_type);
      package_add_file (self, part_name, media_type, data, len);
    }
  else
    {
      annalist_xml_out_attr (w, "draw:mime-type", media_type);
      annalist_xml_out_start (w, "office:binary-data");
      annalist_xml_out_base64 (w, data, len);
      annalist_xml_out_end (w);
    }
  annalist_xml_out_end (w);
}

xmlTextWriterPtr
_annalist_odf_memory_writer_new (xmlBufferPtr *buf)
{
  *buf = xmlBufferCreate ();
  return xmlNewTextWriterMemory (*buf, 0);
}

GBytes *
_annalist_odf_memory_writer_bytes (xmlTextWriterPtr w,
                                   xmlBufferPtr     buf)
{
  GBytes *bytes;

  xmlTextWriterFlush (w);
  xmlFreeTextWriter (w);
  bytes = g_bytes_new (xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);
  return bytes;
}

/* Ends the document of a writer made by
 * _annalist_odf_memory_writer_new () and returns what it wrote. */
static GBytes *
finish_memory_writer (xmlTextWriterPtr w,
                      xmlBufferPtr     buf)
{
  xmlTextWriterEndDocument (w);
  return _annalist_odf_memory_writer_bytes (w, buf);
}

/* The chart object as libxml2's writer writes it: a package part of its
 * own, or (@flat) an office:document to go into the text as it is. */
static GBytes *
chart_xml (const AnnalistOdfChart *chart,
           gboolean                flat)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = _annalist_odf_memory_writer_new (&buf);

  if (!flat)
    {
      xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
      _annalist_odf_chart_write (w, chart, FALSE);
      return finish_memory_writer (w, buf);
    }
  /* Inline: no declaration, nothing after the element. */
  _annalist_odf_chart_write (w, chart, TRUE);
  return _annalist_odf_memory_writer_bytes (w, buf);
}

/* Whether the package holds an object @object ("Object 1") already. */
static gboolean
object_name_taken (AnnalistOdfDocument *self,
                   const char          *object)
{
  g_autofree char *folder = g_strconcat (object, "/", NULL);
  g_autofree char *replacement = g_strconcat ("ObjectReplacements/", object, NULL);

  for (guint i = 0; i < self->manifest->len; i++)
    {
      const char *path = g_array_index (self->manifest, ManifestEntry, i).path;

      if (g_str_has_prefix (path, folder) || g_str_equal (path, replacement))
        return TRUE;
    }
  return FALSE;
}

/* A native chart with its picture for programs that cannot draw it, in a
 * frame in the text where it stands. */
void
annalist_odf_document_add_chart (AnnalistOdfDocument    *self,
                                 AnnalistXmlOut         *into,
                                 const AnnalistOdfChart *chart)
{
  g_autofree char *name = NULL;
  g_autofree char *object = NULL;
  AnnalistOdfChart c;
  AnnalistXmlOut *w;

  g_return_if_fail (self != NULL);
  g_return_if_fail (chart != NULL);
  g_return_if_fail (chart->n_categories == 0 || chart->categories != NULL);
  g_return_if_fail (chart->n_series == 0 || chart->series != NULL);

  if (self->finished || self->error != NULL)
    return;
  w = into != NULL ? into : self->body;

  c = *chart;
  if (c.width_cm <= 0)
    c.width_cm = 16.0;
  if (c.height_cm <= 0)
    c.height_cm = 7.5;

  /* The template's own objects keep their names: the chart takes the
   * next free one. */
  do
    {
      g_clear_pointer (&object, g_free);
      self->n_charts++;
      object = g_strdup_printf ("Object %u", self->n_charts);
    }
  while (object_name_taken (self, object));
  name = g_strdup_printf ("Annalist_Chart%u", self->n_charts);

  annalist_xml_out_start (w, "draw:frame");
  annalist_xml_out_attr (w, "draw:style-name", FRAME_STYLE);
  annalist_xml_out_attr (w, "draw:name", name);
  annalist_xml_out_attr (w, "text:anchor-type", "as-char");
  write_length (w, "svg:width", c.width_cm, "cm");
  write_length (w, "svg:height", c.height_cm, "cm");
  annalist_xml_out_attr (w, "draw:z-index", "0");

  annalist_xml_out_start (w, "draw:object");
  if (self->format == ANNALIST_ODF_FORMAT_ODT)
    {
      g_autofree char *href = g_strconcat ("./", object, NULL);
      g_autofree char *dir = g_strconcat (object, "/", NULL);
      g_autofree char *content = g_strconcat (object, "/content.xml", NULL);
      g_autoptr(GBytes) xml = chart_xml (&c, FALSE);

      write_xlink (w, href);
      manifest_add (self, dir, MIMETYPE_CHART);
      package_add_file (self, content, "text/xml",
                        g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
    }
  else
    {
      g_autoptr(GBytes) xml = chart_xml (&c, TRUE);

      annalist_xml_out_raw (w, g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
    }
  annalist_xml_out_end (w); /* draw:object */

  {
    g_autofree char *replacement = g_strconcat ("ObjectReplacements/", object, NULL);
    g_autoptr(GBytes) picture = _annalist_odf_chart_render_svg (&c, "Times New Roman");

    write_image_element (self, w, replacement, "image/svg+xml", picture);
  }
  annalist_xml_out_end (w); /* draw:frame */
}

/* ------------------------------------------------------------------ */
/* Closing                                                             */
/* ------------------------------------------------------------------ */

/* A part of the prelude, as the engine wrote it. */
static void
write_chunk (AnnalistOdfDocument *self,
             xmlTextWriterPtr     w,
             AnnalistOdfPrelude   part)
{
  GBytes *xml = self->prelude[part];

  if (xml != NULL && g_bytes_get_size (xml) > 0)
    xmlTextWriterWriteRawLen (w, g_bytes_get_data (xml, NULL), (int) g_bytes_get_size (xml));
}

static gboolean
has_chunk (AnnalistOdfDocument *self,
           AnnalistOdfPrelude   part)
{
  GBytes *xml = self->prelude[part];
  gsize len;
  const char *data = xml ? g_bytes_get_data (xml, &len) : NULL;

  /* Layout whitespace alone is nothing. */
  for (gsize i = 0; data != NULL && i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return TRUE;
  return FALSE;
}

/* An element holding a part of the prelude. */
static void
write_wrapped (AnnalistOdfDocument *self,
               xmlTextWriterPtr     w,
               const char          *element,
               AnnalistOdfPrelude   part)
{
  el_start (w, element);
  /* Close the start tag before the raw children. */
  xmlTextWriterWriteString (w, BAD_CAST "");
  write_chunk (self, w, part);
  el_end (w);
}

static void
write_meta (AnnalistOdfDocument *self,
            xmlTextWriterPtr     w)
{
  g_autofree char *created = g_date_time_format (self->created, "%Y-%m-%dT%H:%M:%S");

  el_start (w, "office:meta");
  el_start (w, "meta:generator");
  xmlTextWriterWriteString (w, BAD_CAST GENERATOR);
  el_end (w);
  el_start (w, "meta:creation-date");
  xmlTextWriterWriteString (w, BAD_CAST created);
  el_end (w);
  el_start (w, "dc:date");
  xmlTextWriterWriteString (w, BAD_CAST created);
  el_end (w);
  write_chunk (self, w, ANNALIST_ODF_PRELUDE_META);
  el_end (w);
}

/* The document's own automatic styles: those the engine made, the
 * charts' frames. */
static void
write_own_styles (AnnalistOdfDocument *self,
                  xmlTextWriterPtr     w)
{
  if (self->own_styles != NULL)
    xmlTextWriterWriteRawLen (w, BAD_CAST self->own_styles->str, (int) self->own_styles->len);
  if (self->n_charts == 0)
    return;
  el_start (w, "style:style");
  attr (w, "style:name", FRAME_STYLE);
  attr (w, "style:family", "graphic");
  el_start (w, "style:graphic-properties");
  attr (w, "style:vertical-pos", "top");
  attr (w, "style:vertical-rel", "baseline");
  attr (w, "fo:border", "none");
  el_end (w);
  el_end (w);
}

/* Everything of the main document up to the start of office:text. */
static void
write_prelude (AnnalistOdfDocument *self,
               xmlTextWriterPtr     w)
{
  gboolean flat = self->format == ANNALIST_ODF_FORMAT_FODT;

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, flat ? "office:document" : "office:document-content");
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");
  if (flat)
    {
      attr (w, "office:mimetype", MIMETYPE_TEXT);
      write_meta (self, w);
      if (has_chunk (self, ANNALIST_ODF_PRELUDE_SETTINGS))
        write_wrapped (self, w, "office:settings", ANNALIST_ODF_PRELUDE_SETTINGS);
    }
  write_wrapped (self, w, "office:font-face-decls", ANNALIST_ODF_PRELUDE_FONT_FACES);
  if (flat)
    write_wrapped (self, w, "office:styles", ANNALIST_ODF_PRELUDE_STYLES);
  el_start (w, "office:automatic-styles");
  xmlTextWriterWriteString (w, BAD_CAST "");
  if (flat)
    write_chunk (self, w, ANNALIST_ODF_PRELUDE_PAGE_LAYOUTS);
  write_chunk (self, w, ANNALIST_ODF_PRELUDE_AUTOMATIC);
  write_own_styles (self, w);
  el_end (w);
  if (flat)
    write_wrapped (self, w, "office:master-styles", ANNALIST_ODF_PRELUDE_MASTER);
  el_start (w, "office:body");
  el_start (w, "office:text");
  /* Close the start tag so that the raw body can follow. */
  xmlTextWriterWriteRaw (w, BAD_CAST "\n");
  xmlTextWriterFlush (w);
}

/* A writer for a part of the package, its root @root started with the
 * namespaces and the version. */
static xmlTextWriterPtr
part_writer_new (const char   *root,
                 xmlBufferPtr *buf)
{
  xmlTextWriterPtr w = _annalist_odf_memory_writer_new (buf);

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, root);
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");
  return w;
}

static GBytes *
build_styles_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = part_writer_new ("office:document-styles", &buf);
  write_wrapped (self, w, "office:font-face-decls", ANNALIST_ODF_PRELUDE_FONT_FACES);
  write_wrapped (self, w, "office:styles", ANNALIST_ODF_PRELUDE_STYLES);
  /* The headers and footers use automatic styles too: all of them go
   * here as well as in the content. */
  el_start (w, "office:automatic-styles");
  xmlTextWriterWriteString (w, BAD_CAST "");
  write_chunk (self, w, ANNALIST_ODF_PRELUDE_PAGE_LAYOUTS);
  write_chunk (self, w, ANNALIST_ODF_PRELUDE_AUTOMATIC);
  el_end (w);
  write_wrapped (self, w, "office:master-styles", ANNALIST_ODF_PRELUDE_MASTER);
  el_end (w);
  return finish_memory_writer (w, buf);
}

static GBytes *
build_meta_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = part_writer_new ("office:document-meta", &buf);
  write_meta (self, w);
  el_end (w);
  return finish_memory_writer (w, buf);
}

static GBytes *
build_settings_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = part_writer_new ("office:document-settings", &buf);
  write_wrapped (self, w, "office:settings", ANNALIST_ODF_PRELUDE_SETTINGS);
  el_end (w);
  return finish_memory_writer (w, buf);
}

static GBytes *
build_manifest_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = _annalist_odf_memory_writer_new (&buf);

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, "manifest:manifest");
  attr (w, "xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  if (self->version != NULL)
    attr (w, "manifest:version", self->version);

  el_start (w, "manifest:file-entry");
  attr (w, "manifest:full-path", "/");
  if (self->version != NULL)
    attr (w, "manifest:version", self->version);
  attr (w, "manifest:media-type", package_media_type (self));
  el_end (w);

  for (guint i = 0; i < self->manifest->len; i++)
    {
      ManifestEntry *e = &g_array_index (self->manifest, ManifestEntry, i);

      el_start (w, "manifest:file-entry");
      attr (w, "manifest:full-path", e->path);
      if (g_str_has_suffix (e->path, "/"))
        attr (w, "manifest:version", self->version != NULL ? self->version : "1.3");
      attr (w, "manifest:media-type", e->media_type);
      el_end (w);
    }

  el_end (w);
  return finish_memory_writer (w, buf);
}

/* Writes the main document: prelude, body with the index, epilogue. */
static void
write_main_document (AnnalistOdfDocument *self)
{
  gboolean flat = self->format == ANNALIST_ODF_FORMAT_FODT;
  const char *epilogue = flat ? "</office:text></office:body></office:document>\n"
                              : "</office:text></office:body></office:document-content>\n";
  xmlBufferPtr prelude_buf, toc_buf;
  xmlTextWriterPtr w;
  gint64 split = self->toc_offset >= 0 ? self->toc_offset : self->body_bytes;

  w = _annalist_odf_memory_writer_new (&prelude_buf);
  write_prelude (self, w);
  xmlFreeTextWriter (w); /* does not close the open elements */

  w = _annalist_odf_memory_writer_new (&toc_buf);
  if (self->toc_offset >= 0)
    write_toc_entries (self, w);
  xmlTextWriterFlush (w);
  xmlFreeTextWriter (w);

  /* The zip entry is streamed: its size need not be known beforehand. */
  if (!flat)
    {
      part_begin (self, "content.xml", FALSE);
      manifest_add (self, "content.xml", "text/xml");
    }

  sink_write (self, xmlBufferContent (prelude_buf), xmlBufferLength (prelude_buf));
  sink_copy_body (self, 0, split);
  sink_write (self, xmlBufferContent (toc_buf), xmlBufferLength (toc_buf));
  sink_copy_body (self, split, self->body_bytes);
  sink_write (self, epilogue, strlen (epilogue));

  if (!flat)
    part_end (self);

  xmlBufferFree (prelude_buf);
  xmlBufferFree (toc_buf);
}

static void
add_part (AnnalistOdfDocument *self,
          const char          *name,
          GBytes              *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  package_add_file (self, name, "text/xml", data, len);
}

gboolean
annalist_odf_document_close (AnnalistOdfDocument  *self,
                             GError              **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (self->path);

  if (self->finished)
    {
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_CLOSED,
                   _("The document “%s” is already closed."), display);
      return FALSE;
    }

  /* Push the rest of the body out of its writer's buffer. */
  if (self->error == NULL)
    {
      annalist_xml_out_flush (self->body);
      g_clear_pointer (&self->body, annalist_xml_out_free);
      if (self->error == NULL && fflush (self->body_file) != 0)
        latch_write_error (self, errno, NULL);
    }

  if (self->error == NULL && !self->parts_given)
    write_main_document (self);

  if (self->error == NULL && is_package (self))
    {
      g_autoptr(GBytes) manifest = NULL;

      if (!self->parts_given)
        {
          g_autoptr(GBytes) styles = build_styles_part (self);
          g_autoptr(GBytes) meta = build_meta_part (self);

          add_part (self, "styles.xml", styles);
          add_part (self, "meta.xml", meta);
          if (has_chunk (self, ANNALIST_ODF_PRELUDE_SETTINGS))
            {
              g_autoptr(GBytes) settings = build_settings_part (self);

              add_part (self, "settings.xml", settings);
            }
        }
      manifest = build_manifest_part (self);
      package_add_file (self, "META-INF/manifest.xml", NULL,
                        g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest));

      /* The central directory. */
      if (self->error == NULL && !gsf_output_close (GSF_OUTPUT (self->zip)))
        latch_output_error (self, GSF_OUTPUT (self->zip));
    }

  /* The file must reach the disk before the rename makes it the
   * document.  (libgsf's own flush would not say why it failed.) */
  if (self->error == NULL && fflush (self->file) != 0)
    latch_write_error (self, errno, NULL);

  if (self->error == NULL && !gsf_output_close (self->sink))
    latch_output_error (self, self->sink);

  if (self->error == NULL && fsync (fileno (self->file)) != 0)
    latch_write_error (self, errno, NULL);

  if (self->error == NULL)
    {
      FILE *file = g_steal_pointer (&self->file);

      if (fclose (file) != 0)
        latch_write_error (self, errno, NULL);
    }

  if (self->error == NULL && g_rename (self->tmp_path, self->path) != 0)
    {
      int saved_errno = errno;

      latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                                      _("Could not save the document “%s”: %s."),
                                      display, g_strerror (saved_errno)));
    }
  /* The rename, too, must reach the disk before the document is said to
   * be saved. */
  else if (self->error == NULL)
    {
      GError *sync_error = NULL;

      if (!annalist_sync_folder_of (self->path, &sync_error))
        latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                                        _("Could not save the document “%s”: %s"),
                                        display, sync_error->message));
      g_clear_error (&sync_error);
    }

  if (self->error != NULL)
    {
      annalist_odf_document_abort (self);
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  self->finished = TRUE;
  g_clear_pointer (&self->body_file, fclose);
  g_clear_object (&self->zip);
  g_clear_object (&self->sink);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

char *
annalist_odf_format_percent (double value)
{
  /* One decimal, none for whole numbers («35,2 %», «50 %»), as the
   * reports write shares. */
  g_autofree char *number = isfinite (value) ? annalist_format_number (round (value * 10) / 10, -1)
                                             : g_strdup ("–");

  return g_strconcat (number, "\u00a0%", NULL);
}
