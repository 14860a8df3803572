/* annalist-odf.c
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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

#include "annalist-odf-private.h"

#define MIMETYPE_TEXT  "application/vnd.oasis.opendocument.text"
#define MIMETYPE_CHART "application/vnd.oasis.opendocument.chart"
#define GENERATOR      "Annalist/0.1"
#define COPY_CHUNK     (64 * 1024)

/* What is open at the top of the element stack. */
typedef enum
{
  CTX_BODY,
  CTX_PARAGRAPH,
  CTX_LIST,
  CTX_LIST_ITEM,
  CTX_TABLE,
  CTX_ROW,
  CTX_CELL,
} Context;

typedef struct
{
  guint  level;
  char  *text;
} TocEntry;

typedef struct
{
  guint   n_columns;
  double *widths; /* relative, n_columns */
} TableInfo;

/* An automatic paragraph style that adds a page break or the first-page
 * master page to a common style. */
typedef struct
{
  char     *name;
  char     *parent;
  gboolean  break_before;
  gboolean  first_page;
} ParagraphVariant;

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

  AnnalistOdfStyle   style;
  char              *font_name;
  char              *lang_tag;    /* "ru-RU" */
  char              *language;    /* "ru" */
  char              *country;     /* "RU" */
  char              *title;
  char              *author;
  GDateTime         *created;

  GError            *error;       /* the first error, latched */
  gboolean           finished;    /* closed or aborted */

  /* The body goes to an anonymous temporary file as it is written; close()
   * puts the styles in front of it and the table of contents into it. */
  FILE              *body_file;
  xmlTextWriterPtr   body;
  gint64             body_bytes;
  gint64             toc_offset;  /* -1: no table of contents */
  GPtrArray         *toc_entries; /* TocEntry */

  GArray            *contexts;    /* Context */
  gboolean           prev_space;  /* a space was just written */
  gboolean           pending_break;
  gboolean           pending_first_page;

  GPtrArray         *variants;    /* ParagraphVariant */
  GPtrArray         *tables;      /* TableInfo */
  guint              n_figures;
  guint              n_images;
  guint              n_charts;

  /* The table being written. */
  guint              table_columns;
  guint              row_cells;
  gboolean           row_is_header;
  gboolean           in_header_group;
  gboolean           had_header_group;
  gboolean           had_body_row;
  GArray            *cell_spans;  /* guint, one per open cell */

  /* Package only. */
  GsfOutfile        *zip;
  GsfOutput         *part;        /* the zip entry being written */
  GArray            *manifest;    /* ManifestEntry */
};

static const char * const paragraph_style_names[] = {
  [ANNALIST_ODF_PARAGRAPH_BODY] = "Text_20_body",
  [ANNALIST_ODF_PARAGRAPH_PLAIN] = "Annalist_20_Plain",
  [ANNALIST_ODF_PARAGRAPH_CENTER] = "Annalist_20_Center",
  [ANNALIST_ODF_PARAGRAPH_RIGHT] = "Annalist_20_Right",
  [ANNALIST_ODF_PARAGRAPH_APPROVAL] = "Annalist_20_Approval",
  [ANNALIST_ODF_PARAGRAPH_TITLE] = "Title",
  [ANNALIST_ODF_PARAGRAPH_TABLE] = "Table_20_Contents",
  [ANNALIST_ODF_PARAGRAPH_TABLE_NUMBER] = "Annalist_20_Table_20_Number",
  [ANNALIST_ODF_PARAGRAPH_TABLE_HEADING] = "Table_20_Heading",
};

G_DEFINE_QUARK (annalist-odf-error-quark, annalist_odf_error)

void
_annalist_odf_init_gsf (void)
{
  static gsize done = 0;

  /* libgsf registers its types on first use without a lock; reports are
   * written in worker threads. */
  if (g_once_init_enter (&done))
    {
      gsf_init ();
      g_type_ensure (GSF_OUTPUT_STDIO_TYPE);
      g_type_ensure (GSF_OUTFILE_ZIP_TYPE);
      g_type_ensure (GSF_INPUT_MEMORY_TYPE);
      g_type_ensure (GSF_INFILE_ZIP_TYPE);
      g_once_init_leave (&done, 1);
    }
}

/* ------------------------------------------------------------------ */
/* Small XML helpers                                                   */
/* ------------------------------------------------------------------ */


static void
attr_uint (xmlTextWriterPtr  w,
           const char       *name,
           guint             value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%u", value);
  attr (w, name, buf);
}

void
_annalist_odf_write_length (xmlTextWriterPtr  w,
                            const char       *name,
                            double            value,
                            const char       *unit)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *s = NULL;

  /* Never the locale's decimal comma: ODF wants "16.5cm". */
  g_ascii_formatd (num, sizeof num, "%.3f", value);
  s = g_strconcat (num, unit, NULL);
  attr (w, name, s);
}

#define attr_len _annalist_odf_write_length

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

void
_annalist_odf_write_plain_text (xmlTextWriterPtr  w,
                                const char       *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    return;
  if (needs_cleaning (text, strlen (text)))
    text = clean = clean_text (text, -1);

  xmlTextWriterWriteString (w, BAD_CAST text);
}

/* Writes @text into a paragraph: '\n' becomes text:line-break, '\t'
 * text:tab, and the spaces that ODF would collapse become text:s.
 *
 * Most text has none of these: it goes to the writer as it is, without a
 * copy.  Otherwise it is written in runs between them. */
static void
write_text (AnnalistOdfDocument *self,
            xmlTextWriterPtr     w,
            const char          *text)
{
  g_autofree char *clean = NULL;
  g_autoptr(GString) run = NULL;
  const char *p;
  gsize len;
  guint spaces = 0;

  if (text == NULL || *text == '\0')
    return;

  len = strlen (text);
  if (needs_cleaning (text, len))
    {
      text = clean = clean_text (text, len);
      len = strlen (text);
      if (len == 0)
        return;
    }

  /* A space is collapsed after another space, and at the start of a
   * paragraph or after a break (prev_space). */
  for (p = text; *p; p++)
    {
      char c = *p;

      if (c == '\n' || c == '\r' || c == '\t' ||
          (c == ' ' && (p == text ? self->prev_space : p[-1] == ' ')))
        break;
    }
  if (*p == '\0')
    {
      xmlTextWriterWriteString (w, BAD_CAST text);
      self->prev_space = text[len - 1] == ' ';
      return;
    }

  /* Everything before the first special character, at once. */
  run = g_string_new_len (text, p - text);
  if (p > text)
    self->prev_space = p[-1] == ' ';

#define FLUSH_RUN() G_STMT_START {                              \
    if (run->len > 0)                                           \
      {                                                         \
        xmlTextWriterWriteString (w, BAD_CAST run->str);        \
        g_string_truncate (run, 0);                             \
      }                                                         \
  } G_STMT_END
#define FLUSH_SPACES() G_STMT_START {                           \
    if (spaces > 0)                                             \
      {                                                         \
        FLUSH_RUN ();                                           \
        el_start (w, "text:s");                                 \
        if (spaces > 1)                                         \
          attr_uint (w, "text:c", spaces);                      \
        el_end (w);                                             \
        spaces = 0;                                             \
      }                                                         \
  } G_STMT_END

  while (*p)
    {
      char c = *p;
      const char *next;

      if (c == ' ')
        {
          if (self->prev_space)
            spaces++;
          else
            g_string_append_c (run, ' ');
          self->prev_space = TRUE;
          p++;
          continue;
        }

      FLUSH_SPACES ();

      if (c == '\n' || c == '\r' || c == '\t')
        {
          FLUSH_RUN ();
          if (c == '\r' && p[1] == '\n')
            p++;
          el_start (w, c == '\t' ? "text:tab" : "text:line-break");
          el_end (w);
          self->prev_space = TRUE;
          p++;
          continue;
        }

      /* The ordinary characters up to the next space or break, at once. */
      next = p + strcspn (p, " \n\r\t");
      g_string_append_len (run, p, next - p);
      self->prev_space = FALSE;
      p = next;
    }

  FLUSH_SPACES ();
  FLUSH_RUN ();

#undef FLUSH_RUN
#undef FLUSH_SPACES
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

static int
body_write_cb (void       *user_data,
               const char *buffer,
               int         len)
{
  AnnalistOdfDocument *self = user_data;

  /* After an error the output is dropped anyway: take it quietly. */
  if (self->error != NULL)
    return len;

  /* The error is latched for close() to report.  Telling libxml2 would
   * only make it print "I/O error" on stderr beside our sentence. */
  if (len > 0 && fwrite (buffer, 1, len, self->body_file) != (size_t) len)
    {
      latch_write_error (self, errno, NULL);
      return len;
    }

  self->body_bytes += len;
  return len;
}

static int
body_close_cb (void *user_data)
{
  return 0;
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
/* Style settings                                                      */
/* ------------------------------------------------------------------ */

void
annalist_odf_style_init_defaults (AnnalistOdfStyle *style)
{
  g_return_if_fail (style != NULL);

  style->page_width_mm = 210;
  style->page_height_mm = 297;
  style->margin_left_mm = 30;
  style->margin_right_mm = 15;
  style->margin_top_mm = 20;
  style->margin_bottom_mm = 20;
  style->font_name = "Times New Roman";
  style->font_size_pt = 14;
  style->table_font_size_pt = 12;
  style->line_spacing = 1.5;
  style->first_line_indent_mm = 12.5;
  style->title_page = TRUE;
  style->language = "ru-RU";
}

static double
text_width_cm (AnnalistOdfDocument *self)
{
  return (self->style.page_width_mm - self->style.margin_left_mm -
          self->style.margin_right_mm) / 10.0;
}

/* The attributes of style:text-properties that a paragraph style sets
 * (the element itself is the caller's). */
static void
write_text_attrs (AnnalistOdfDocument *self,
                  xmlTextWriterPtr     w,
                  double               size_pt,
                  gboolean             bold,
                  gboolean             italic)
{
  if (size_pt > 0)
    {
      attr_len (w, "fo:font-size", size_pt, "pt");
      attr_len (w, "style:font-size-asian", size_pt, "pt");
      attr_len (w, "style:font-size-complex", size_pt, "pt");
    }
  if (bold)
    {
      attr (w, "fo:font-weight", "bold");
      attr (w, "style:font-weight-asian", "bold");
      attr (w, "style:font-weight-complex", "bold");
    }
  if (italic)
    {
      attr (w, "fo:font-style", "italic");
      attr (w, "style:font-style-asian", "italic");
      attr (w, "style:font-style-complex", "italic");
    }
}

static void
write_text_props (AnnalistOdfDocument *self,
                  xmlTextWriterPtr     w,
                  double               size_pt,
                  gboolean             bold,
                  gboolean             italic)
{
  el_start (w, "style:text-properties");
  write_text_attrs (self, w, size_pt, bold, italic);
  el_end (w);
}

typedef struct
{
  const char *name;
  const char *display_name;
  const char *parent;
  const char *next;
  const char *align;      /* fo:text-align, NULL: inherit */
  double      indent_cm;  /* first line */
  gboolean    inherit_indent;
  double      margin_left_cm;
  double      space_before_pt;
  double      space_after_pt;
  int         line;       /* 0: inherit, 1: body spacing, 2: single */
  gboolean    keep_with_next;
  double      size_pt;    /* 0: inherit, < 0: table size */
  gboolean    bold;
  gboolean    italic;
  const char *klass;
  guint       outline_level;
  gboolean    hyphenate;  /* by the office suite, in the document's language */
} ParaStyleDef;

static void
write_paragraph_style (AnnalistOdfDocument *self,
                       xmlTextWriterPtr     w,
                       const ParaStyleDef  *def)
{
  el_start (w, "style:style");
  attr (w, "style:name", def->name);
  if (def->display_name)
    attr (w, "style:display-name", def->display_name);
  attr (w, "style:family", "paragraph");
  if (def->parent)
    attr (w, "style:parent-style-name", def->parent);
  if (def->next)
    attr (w, "style:next-style-name", def->next);
  if (def->outline_level)
    attr_uint (w, "style:default-outline-level", def->outline_level);
  attr (w, "style:class", def->klass ? def->klass : "text");

  el_start (w, "style:paragraph-properties");
  if (def->align)
    attr (w, "fo:text-align", def->align);
  if (!def->inherit_indent)
    attr_len (w, "fo:text-indent", def->indent_cm, "cm");
  if (def->margin_left_cm > 0)
    attr_len (w, "fo:margin-left", def->margin_left_cm, "cm");
  attr_len (w, "fo:margin-top", def->space_before_pt, "pt");
  attr_len (w, "fo:margin-bottom", def->space_after_pt, "pt");
  if (def->line == 1)
    attr_len (w, "fo:line-height", self->style.line_spacing * 100, "%");
  else if (def->line == 2)
    attr (w, "fo:line-height", "100%");
  if (def->keep_with_next)
    attr (w, "fo:keep-with-next", "always");
  if (def->hyphenate)
    attr (w, "fo:hyphenation-ladder-count", "no-limit");
  el_end (w);

  if (def->size_pt != 0 || def->bold || def->italic || def->hyphenate)
    {
      el_start (w, "style:text-properties");
      write_text_attrs (self, w,
                        def->size_pt < 0 ? self->style.table_font_size_pt : def->size_pt,
                        def->bold, def->italic);
      if (def->hyphenate)
        {
          /* Two letters at least on each side of a break, as Russian
           * typesetting wants («со-провождение», not «с-опровождение»). */
          attr (w, "fo:hyphenate", "true");
          attr (w, "fo:hyphenation-remain-char-count", "2");
          attr (w, "fo:hyphenation-push-char-count", "2");
        }
      el_end (w);
    }
  el_end (w);
}

static void
write_font_face_decls (AnnalistOdfDocument *self,
                       xmlTextWriterPtr     w)
{
  g_autofree char *family = g_strdup_printf ("'%s'", self->font_name);

  el_start (w, "office:font-face-decls");
  el_start (w, "style:font-face");
  attr (w, "style:name", self->font_name);
  attr (w, "svg:font-family", family);
  attr (w, "style:font-family-generic", "roman");
  attr (w, "style:font-pitch", "variable");
  el_end (w);
  el_end (w);
}

static void
write_list_style (AnnalistOdfDocument *self,
                  xmlTextWriterPtr     w,
                  const char          *name,
                  const char          *display_name,
                  gboolean             numbered)
{
  el_start (w, "text:list-style");
  attr (w, "style:name", name);
  attr (w, "style:display-name", display_name);

  for (guint level = 1; level <= 3; level++)
    {
      double indent = self->style.first_line_indent_mm / 10.0;
      double margin = indent + 0.75 * level;

      el_start (w, numbered ? "text:list-level-style-number"
                            : "text:list-level-style-bullet");
      attr_uint (w, "text:level", level);
      if (numbered)
        {
          attr (w, "style:num-suffix", ")");
          attr (w, "style:num-format", "1");
        }
      else
        attr (w, "text:bullet-char", "–");

      el_start (w, "style:list-level-properties");
      attr (w, "text:list-level-position-and-space-mode", "label-alignment");
      el_start (w, "style:list-level-label-alignment");
      attr (w, "text:label-followed-by", "listtab");
      attr_len (w, "text:list-tab-stop-position", margin, "cm");
      attr_len (w, "fo:text-indent", -0.75, "cm");
      attr_len (w, "fo:margin-left", margin, "cm");
      el_end (w);
      el_end (w);
      el_end (w);
    }

  el_end (w);
}

/* office:styles: the common styles, the ones a user sees by name. */
static void
write_common_styles (AnnalistOdfDocument *self,
                     xmlTextWriterPtr     w)
{
  const double indent = self->style.first_line_indent_mm / 10.0;
  const double text_pt = self->style.font_size_pt;
  const double table_pt = -1;
  const ParaStyleDef defs[] = {
    { .name = "Standard", .inherit_indent = TRUE },
    { .name = "Text_20_body", .display_name = "Text body", .parent = "Standard",
      .align = "justify", .indent_cm = indent, .line = 1, .hyphenate = TRUE },
    { .name = "Annalist_20_Plain", .display_name = "Annalist Plain", .parent = "Standard",
      .align = "start", .line = 1 },
    { .name = "Annalist_20_Center", .display_name = "Annalist Centre", .parent = "Standard",
      .align = "center", .line = 1 },
    { .name = "Annalist_20_Right", .display_name = "Annalist Right", .parent = "Standard",
      .align = "end", .line = 1 },
    { .name = "Annalist_20_Approval", .display_name = "Annalist Approval", .parent = "Standard",
      .align = "start", .margin_left_cm = text_width_cm (self) / 2, .line = 2 },
    { .name = "Title", .parent = "Standard", .align = "center", .space_before_pt = 6,
      .space_after_pt = 6, .line = 2, .size_pt = text_pt + 4, .bold = TRUE,
      .klass = "chapter" },
    { .name = "Annalist_20_List", .display_name = "Annalist List", .parent = "Standard",
      .align = "justify", .inherit_indent = TRUE, .line = 1, .hyphenate = TRUE },
    { .name = "Heading", .parent = "Standard", .next = "Text_20_body", .inherit_indent = TRUE,
      .space_before_pt = 12, .space_after_pt = 6, .line = 1, .keep_with_next = TRUE,
      .bold = TRUE },
    { .name = "Heading_20_1", .display_name = "Heading 1", .parent = "Heading",
      .next = "Text_20_body", .align = "center", .space_before_pt = 12, .space_after_pt = 6,
      .line = 1, .keep_with_next = TRUE, .bold = TRUE, .outline_level = 1 },
    { .name = "Heading_20_2", .display_name = "Heading 2", .parent = "Heading",
      .next = "Text_20_body", .align = "justify", .indent_cm = indent, .space_before_pt = 12,
      .space_after_pt = 6, .line = 1, .keep_with_next = TRUE, .bold = TRUE,
      .outline_level = 2 },
    { .name = "Heading_20_3", .display_name = "Heading 3", .parent = "Heading",
      .next = "Text_20_body", .align = "justify", .indent_cm = indent, .space_before_pt = 6,
      .space_after_pt = 6, .line = 1, .keep_with_next = TRUE, .bold = TRUE, .italic = TRUE,
      .outline_level = 3 },
    { .name = "Table_20_Contents", .display_name = "Table Contents", .parent = "Standard",
      .align = "start", .line = 2, .size_pt = table_pt, .klass = "extra", .hyphenate = TRUE },
    { .name = "Annalist_20_Table_20_Number", .display_name = "Annalist Table Number",
      .parent = "Table_20_Contents", .align = "end", .line = 2, .klass = "extra" },
    { .name = "Annalist_20_Table_20_Center", .display_name = "Annalist Table Centre",
      .parent = "Table_20_Contents", .align = "center", .line = 2, .klass = "extra" },
    { .name = "Table_20_Heading", .display_name = "Table Heading", .parent = "Table_20_Contents",
      .align = "center", .line = 2, .bold = TRUE, .klass = "extra" },
    { .name = "Annalist_20_Table_20_Caption", .display_name = "Annalist Table Caption",
      .parent = "Standard", .align = "start", .space_before_pt = 6, .line = 2,
      .keep_with_next = TRUE, .klass = "extra" },
    { .name = "Annalist_20_Figure", .display_name = "Annalist Figure", .parent = "Standard",
      .align = "center", .space_before_pt = 6, .line = 2, .keep_with_next = TRUE,
      .klass = "extra" },
    { .name = "Annalist_20_Figure_20_Caption", .display_name = "Annalist Figure Caption",
      .parent = "Standard", .align = "center", .space_after_pt = 6, .line = 2,
      .klass = "extra" },
    { .name = "Annalist_20_Break", .display_name = "Annalist Break", .parent = "Standard",
      .line = 2, .size_pt = 1, .klass = "extra" },
    { .name = "Header", .parent = "Standard", .align = "center", .line = 2,
      .size_pt = table_pt, .klass = "extra" },
    { .name = "Contents_20_Heading", .display_name = "Contents Heading", .parent = "Heading",
      .align = "center", .space_after_pt = 12, .line = 1, .bold = TRUE, .klass = "index" },
  };

  el_start (w, "office:styles");

  el_start (w, "style:default-style");
  attr (w, "style:family", "paragraph");
  el_start (w, "style:paragraph-properties");
  attr (w, "style:writing-mode", "page");
  attr (w, "fo:hyphenation-ladder-count", "no-limit");
  el_end (w);
  el_start (w, "style:text-properties");
  attr (w, "style:font-name", self->font_name);
  attr_len (w, "fo:font-size", text_pt, "pt");
  attr (w, "fo:language", self->language);
  if (self->country)
    attr (w, "fo:country", self->country);
  /* Headings, titles and captions are not hyphenated; the styles of body,
   * list and table text turn it on. */
  attr (w, "fo:hyphenate", "false");
  el_end (w);
  el_end (w);

  el_start (w, "style:default-style");
  attr (w, "style:family", "table");
  el_end (w);

  for (guint i = 0; i < G_N_ELEMENTS (defs); i++)
    write_paragraph_style (self, w, &defs[i]);

  /* The entries of the table of contents: a right tab with dots at the
   * edge of the text for the page number LibreOffice fills in. */
  for (guint level = 1; level <= 3; level++)
    {
      g_autofree char *name = g_strdup_printf ("Contents_20_%u", level);
      g_autofree char *display = g_strdup_printf ("Contents %u", level);

      el_start (w, "style:style");
      attr (w, "style:name", name);
      attr (w, "style:display-name", display);
      attr (w, "style:family", "paragraph");
      attr (w, "style:parent-style-name", "Standard");
      attr (w, "style:class", "index");
      el_start (w, "style:paragraph-properties");
      attr_len (w, "fo:margin-left", 0.5 * (level - 1), "cm");
      attr (w, "fo:text-indent", "0cm");
      attr (w, "fo:text-align", "start");
      attr_len (w, "fo:line-height", self->style.line_spacing * 100, "%");
      el_start (w, "style:tab-stops");
      el_start (w, "style:tab-stop");
      attr_len (w, "style:position", text_width_cm (self) - 0.5 * (level - 1), "cm");
      attr (w, "style:type", "right");
      attr (w, "style:leader-style", "dotted");
      attr (w, "style:leader-text", ".");
      el_end (w);
      el_end (w);
      el_end (w);
      el_end (w);
    }

  el_start (w, "style:style");
  attr (w, "style:name", "Strong_20_Emphasis");
  attr (w, "style:display-name", "Strong Emphasis");
  attr (w, "style:family", "text");
  write_text_props (self, w, 0, TRUE, FALSE);
  el_end (w);

  el_start (w, "style:style");
  attr (w, "style:name", "Emphasis");
  attr (w, "style:family", "text");
  write_text_props (self, w, 0, FALSE, TRUE);
  el_end (w);

  el_start (w, "style:style");
  attr (w, "style:name", "Graphics");
  attr (w, "style:family", "graphic");
  el_start (w, "style:graphic-properties");
  attr (w, "text:anchor-type", "as-char");
  attr (w, "style:vertical-pos", "top");
  attr (w, "style:vertical-rel", "baseline");
  el_end (w);
  el_end (w);

  /* Headings carry their own numbers («3.2. …»): no outline numbering. */
  el_start (w, "text:outline-style");
  attr (w, "style:name", "Outline");
  for (guint level = 1; level <= 10; level++)
    {
      el_start (w, "text:outline-level-style");
      attr_uint (w, "text:level", level);
      attr (w, "style:num-format", "");
      el_end (w);
    }
  el_end (w);

  write_list_style (self, w, "Annalist_20_Bullet", "Annalist Bullet", FALSE);
  write_list_style (self, w, "Annalist_20_Numbered", "Annalist Numbered", TRUE);

  el_end (w); /* office:styles */
}

static void
write_page_layout (AnnalistOdfDocument *self,
                   xmlTextWriterPtr     w,
                   const char          *name,
                   gboolean             header)
{
  const AnnalistOdfStyle *s = &self->style;
  /* The page number sits inside the top margin: the header takes 1 cm of
   * it, so the text still starts margin_top below the edge. */
  double header_cm = header ? MIN (1.0, s->margin_top_mm / 20.0) : 0;

  el_start (w, "style:page-layout");
  attr (w, "style:name", name);
  el_start (w, "style:page-layout-properties");
  attr_len (w, "fo:page-width", s->page_width_mm / 10, "cm");
  attr_len (w, "fo:page-height", s->page_height_mm / 10, "cm");
  attr (w, "style:num-format", "1");
  attr (w, "style:print-orientation",
        s->page_width_mm > s->page_height_mm ? "landscape" : "portrait");
  attr_len (w, "fo:margin-top", s->margin_top_mm / 10 - header_cm, "cm");
  attr_len (w, "fo:margin-bottom", s->margin_bottom_mm / 10, "cm");
  attr_len (w, "fo:margin-left", s->margin_left_mm / 10, "cm");
  attr_len (w, "fo:margin-right", s->margin_right_mm / 10, "cm");
  el_end (w);
  el_start (w, "style:header-style");
  if (header)
    {
      el_start (w, "style:header-footer-properties");
      attr_len (w, "fo:min-height", header_cm / 2, "cm");
      attr_len (w, "fo:margin-bottom", header_cm / 2, "cm");
      attr (w, "style:dynamic-spacing", "false");
      el_end (w);
    }
  el_end (w);
  el_start (w, "style:footer-style");
  el_end (w);
  el_end (w);
}

static void
write_master_styles (AnnalistOdfDocument *self,
                     xmlTextWriterPtr     w)
{
  el_start (w, "office:master-styles");

  el_start (w, "style:master-page");
  attr (w, "style:name", "Standard");
  attr (w, "style:page-layout-name", "pm1");
  el_start (w, "style:header");
  el_start (w, "text:p");
  attr (w, "text:style-name", "Header");
  el_start (w, "text:page-number");
  attr (w, "text:select-page", "current");
  xmlTextWriterWriteString (w, BAD_CAST "2");
  el_end (w);
  el_end (w);
  el_end (w);
  el_end (w);

  el_start (w, "style:master-page");
  attr (w, "style:name", "First_20_Page");
  attr (w, "style:display-name", "First Page");
  attr (w, "style:page-layout-name", "pm2");
  attr (w, "style:next-style-name", "Standard");
  el_end (w);

  el_end (w);
}

static void
write_page_layouts (AnnalistOdfDocument *self,
                    xmlTextWriterPtr     w)
{
  write_page_layout (self, w, "pm1", TRUE);
  write_page_layout (self, w, "pm2", FALSE);
}

/* office:automatic-styles of the content: tables, cells, frames and the
 * paragraph variants that carry page breaks. */
static void
write_content_automatic_styles (AnnalistOdfDocument *self,
                                xmlTextWriterPtr     w)
{
  const double width = text_width_cm (self);

  for (guint i = 0; i < self->variants->len; i++)
    {
      ParagraphVariant *v = g_ptr_array_index (self->variants, i);

      el_start (w, "style:style");
      attr (w, "style:name", v->name);
      attr (w, "style:family", "paragraph");
      attr (w, "style:parent-style-name", v->parent);
      if (v->first_page)
        attr (w, "style:master-page-name", "First_20_Page");
      el_start (w, "style:paragraph-properties");
      if (v->first_page)
        attr (w, "style:page-number", "auto");
      if (v->break_before)
        attr (w, "fo:break-before", "page");
      el_end (w);
      el_end (w);
    }

  for (guint i = 0; i < self->tables->len; i++)
    {
      TableInfo *t = g_ptr_array_index (self->tables, i);
      g_autofree char *name = g_strdup_printf ("Table%u", i + 1);
      double sum = 0;

      for (guint c = 0; c < t->n_columns; c++)
        sum += t->widths[c];

      el_start (w, "style:style");
      attr (w, "style:name", name);
      attr (w, "style:family", "table");
      el_start (w, "style:table-properties");
      attr_len (w, "style:width", width, "cm");
      attr (w, "table:align", "margins");
      el_end (w);
      el_end (w);

      for (guint c = 0; c < t->n_columns; c++)
        {
          g_autofree char *col = g_strdup_printf ("Table%u.C%u", i + 1, c + 1);
          g_autofree char *rel = g_strdup_printf ("%u*",
                                                  (guint) MAX (1, round (t->widths[c] / sum * 65535)));

          el_start (w, "style:style");
          attr (w, "style:name", col);
          attr (w, "style:family", "table-column");
          el_start (w, "style:table-column-properties");
          attr_len (w, "style:column-width", width * t->widths[c] / sum, "cm");
          attr (w, "style:rel-column-width", rel);
          el_end (w);
          el_end (w);
        }
    }

  for (guint i = 0; i < 2; i++)
    {
      el_start (w, "style:style");
      attr (w, "style:name", i == 0 ? "TCell" : "THCell");
      attr (w, "style:family", "table-cell");
      el_start (w, "style:table-cell-properties");
      attr (w, "style:vertical-align", i == 0 ? "top" : "middle");
      attr (w, "fo:padding-left", "0.1cm");
      attr (w, "fo:padding-right", "0.1cm");
      attr (w, "fo:padding-top", "0.05cm");
      attr (w, "fo:padding-bottom", "0.05cm");
      attr (w, "fo:border", "0.5pt solid #000000");
      el_end (w);
      el_end (w);
    }

  el_start (w, "style:style");
  attr (w, "style:name", "fr1");
  attr (w, "style:family", "graphic");
  attr (w, "style:parent-style-name", "Graphics");
  el_start (w, "style:graphic-properties");
  attr (w, "style:vertical-pos", "top");
  attr (w, "style:vertical-rel", "baseline");
  attr (w, "fo:border", "none");
  el_end (w);
  el_end (w);
}

static void
write_meta_element (AnnalistOdfDocument *self,
                    xmlTextWriterPtr     w)
{
  g_autofree char *created = g_date_time_format (self->created, "%Y-%m-%dT%H:%M:%S");

  el_start (w, "office:meta");
  el_start (w, "meta:generator");
  xmlTextWriterWriteString (w, BAD_CAST GENERATOR);
  el_end (w);
  if (self->title)
    {
      el_start (w, "dc:title");
      _annalist_odf_write_plain_text (w, self->title);
      el_end (w);
    }
  if (self->author)
    {
      el_start (w, "meta:initial-creator");
      _annalist_odf_write_plain_text (w, self->author);
      el_end (w);
      el_start (w, "dc:creator");
      _annalist_odf_write_plain_text (w, self->author);
      el_end (w);
    }
  el_start (w, "meta:creation-date");
  xmlTextWriterWriteString (w, BAD_CAST created);
  el_end (w);
  el_start (w, "dc:date");
  xmlTextWriterWriteString (w, BAD_CAST created);
  el_end (w);
  el_start (w, "dc:language");
  xmlTextWriterWriteString (w, BAD_CAST self->lang_tag);
  el_end (w);
  el_end (w);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

static void
toc_entry_free (gpointer data)
{
  TocEntry *e = data;

  g_free (e->text);
  g_free (e);
}

static void
table_info_free (gpointer data)
{
  TableInfo *t = data;

  g_free (t->widths);
  g_free (t);
}

static void
variant_free (gpointer data)
{
  ParagraphVariant *v = data;

  g_free (v->name);
  g_free (v->parent);
  g_free (v);
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
annalist_odf_document_new (const char              *path,
                           AnnalistOdfFormat        format,
                           const AnnalistOdfStyle  *style,
                           const char              *title,
                           GError                 **error)
{
  g_autoptr(AnnalistOdfDocument) self = NULL;
  g_autofree char *display = NULL;
  xmlOutputBufferPtr out;
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

  _annalist_odf_init_gsf ();

  self = g_new0 (AnnalistOdfDocument, 1);
  self->path = g_strdup (path);
  self->format = format;
  self->toc_offset = -1;
  self->created = g_date_time_new_now_local ();
  self->toc_entries = g_ptr_array_new_with_free_func (toc_entry_free);
  self->variants = g_ptr_array_new_with_free_func (variant_free);
  self->tables = g_ptr_array_new_with_free_func (table_info_free);
  self->contexts = g_array_new (FALSE, FALSE, sizeof (Context));
  self->cell_spans = g_array_new (FALSE, FALSE, sizeof (guint));
  self->manifest = g_array_new (FALSE, FALSE, sizeof (ManifestEntry));
  g_array_set_clear_func (self->manifest, manifest_entry_clear);
  {
    Context body = CTX_BODY;

    g_array_append_val (self->contexts, body);
  }

  if (style != NULL)
    self->style = *style;
  else
    annalist_odf_style_init_defaults (&self->style);
  self->font_name = g_strdup (self->style.font_name ? self->style.font_name : "Times New Roman");
  self->style.font_name = self->font_name;
  self->lang_tag = g_strdup (self->style.language && *self->style.language
                             ? self->style.language : "ru-RU");
  self->style.language = self->lang_tag;
  {
    g_auto(GStrv) parts = g_strsplit (self->lang_tag, "-", 2);

    self->language = g_strdup (parts[0]);
    self->country = g_strdup (parts[1]);
  }
  self->title = g_strdup (title);
  self->pending_first_page = self->style.title_page;

  /* The temporary file sits beside the target so that the final rename
   * stays on one file system and cannot leave half a file behind. */
  self->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0666);
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
  /* libgsf hands the zip over in pieces of 512 bytes. */
  setvbuf (self->file, NULL, _IOFBF, COPY_CHUNK);
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

  out = xmlOutputBufferCreateIO (body_write_cb, body_close_cb, self, NULL);
  self->body = xmlNewTextWriter (out);
  if (self->body == NULL)
    {
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                   _("Could not create the document “%s”: out of memory."), display);
      return NULL;
    }

  if (format == ANNALIST_ODF_FORMAT_ODT)
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
      sink_write (self, MIMETYPE_TEXT, strlen (MIMETYPE_TEXT));
      part_end (self);
      if (self->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->error));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

void
annalist_odf_document_set_author (AnnalistOdfDocument *self,
                                  const char          *author)
{
  g_return_if_fail (self != NULL);

  g_free (self->author);
  self->author = g_strdup (author);
}

AnnalistOdfFormat
annalist_odf_document_get_format (AnnalistOdfDocument *self)
{
  g_return_val_if_fail (self != NULL, ANNALIST_ODF_FORMAT_AUTO);

  return self->format;
}

void
annalist_odf_document_abort (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished)
    return;
  self->finished = TRUE;

  g_clear_pointer (&self->body, xmlFreeTextWriter);
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
  g_free (self->font_name);
  g_free (self->lang_tag);
  g_free (self->language);
  g_free (self->country);
  g_free (self->title);
  g_free (self->author);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->toc_entries, g_ptr_array_unref);
  g_clear_pointer (&self->variants, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->contexts, g_array_unref);
  g_clear_pointer (&self->cell_spans, g_array_unref);
  g_clear_pointer (&self->manifest, g_array_unref);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Element stack                                                       */
/* ------------------------------------------------------------------ */

static Context
current (AnnalistOdfDocument *self)
{
  return g_array_index (self->contexts, Context, self->contexts->len - 1);
}

static void
push (AnnalistOdfDocument *self,
      Context              ctx)
{
  g_array_append_val (self->contexts, ctx);
}

static void
pop (AnnalistOdfDocument *self)
{
  g_assert (self->contexts->len > 1);
  g_array_set_size (self->contexts, self->contexts->len - 1);
}

static const char *
context_name (Context ctx)
{
  switch (ctx)
    {
    case CTX_BODY: return "the body";
    case CTX_PARAGRAPH: return "a paragraph";
    case CTX_LIST: return "a list";
    case CTX_LIST_ITEM: return "a list item";
    case CTX_TABLE: return "a table";
    case CTX_ROW: return "a table row";
    case CTX_CELL: return "a table cell";
    default: g_assert_not_reached ();
    }
}

/* Returns whether building may go on: the document is open, no error is
 * latched and the element may appear where we are. */
static gboolean
check_state (AnnalistOdfDocument *self,
             const char          *what,
             guint                allowed)
{
  if (self->finished)
    {
      g_critical ("%s: the document is already closed", what);
      return FALSE;
    }

  if (!(allowed & (1u << current (self))))
    {
      g_critical ("%s: not allowed inside %s", what, context_name (current (self)));
      return FALSE;
    }

  return self->error == NULL;
}

#define IN(ctx) (1u << (ctx))

/* The style for a paragraph at body level: the common style, or an
 * automatic variant when it must start a page or the title page. */
static const char *
paragraph_style_for (AnnalistOdfDocument *self,
                     const char          *parent)
{
  gboolean brk = self->pending_break;
  gboolean first = self->pending_first_page;
  ParagraphVariant *v;

  if (current (self) != CTX_BODY || (!brk && !first))
    return parent;

  self->pending_break = FALSE;
  self->pending_first_page = FALSE;

  for (guint i = 0; i < self->variants->len; i++)
    {
      v = g_ptr_array_index (self->variants, i);
      if (g_str_equal (v->parent, parent) && v->break_before == brk && v->first_page == first)
        return v->name;
    }

  v = g_new0 (ParagraphVariant, 1);
  v->name = g_strdup_printf ("P%u", self->variants->len + 1);
  v->parent = g_strdup (parent);
  v->break_before = brk;
  v->first_page = first;
  g_ptr_array_add (self->variants, v);

  return v->name;
}

/* Elements that cannot carry a page break themselves (a table without a
 * caption, the table of contents, a list) get a tiny empty paragraph. */
static void
flush_pending_with_carrier (AnnalistOdfDocument *self)
{
  if (!self->pending_break && !self->pending_first_page)
    return;

  el_start (self->body, "text:p");
  attr (self->body, "text:style-name", paragraph_style_for (self, "Annalist_20_Break"));
  el_end (self->body);
}

/* ------------------------------------------------------------------ */
/* Paragraphs and headings                                             */
/* ------------------------------------------------------------------ */

static void
begin_paragraph_named (AnnalistOdfDocument *self,
                       const char          *style_name)
{
  el_start (self->body, "text:p");
  attr (self->body, "text:style-name", paragraph_style_for (self, style_name));
  push (self, CTX_PARAGRAPH);
  self->prev_space = TRUE;
}

void
annalist_odf_document_begin_paragraph (AnnalistOdfDocument       *self,
                                       AnnalistOdfParagraphStyle  style)
{
  const char *name;

  g_return_if_fail (self != NULL);
  g_return_if_fail (style < G_N_ELEMENTS (paragraph_style_names));

  if (!check_state (self, "begin_paragraph",
                    IN (CTX_BODY) | IN (CTX_LIST_ITEM) | IN (CTX_CELL)))
    return;

  name = paragraph_style_names[style];
  if (current (self) == CTX_LIST_ITEM && style == ANNALIST_ODF_PARAGRAPH_BODY)
    name = "Annalist_20_List";

  begin_paragraph_named (self, name);
}

static void
add_span (AnnalistOdfDocument *self,
          const char          *text_style,
          const char          *text)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "add_text", IN (CTX_PARAGRAPH)) || text == NULL)
    return;

  if (text_style != NULL)
    {
      el_start (self->body, "text:span");
      attr (self->body, "text:style-name", text_style);
    }
  write_text (self, self->body, text);
  if (text_style != NULL)
    el_end (self->body);
}

void
annalist_odf_document_add_text (AnnalistOdfDocument *self,
                                const char          *text)
{
  add_span (self, NULL, text);
}

void
annalist_odf_document_add_bold (AnnalistOdfDocument *self,
                                const char          *text)
{
  add_span (self, "Strong_20_Emphasis", text);
}

void
annalist_odf_document_add_italic (AnnalistOdfDocument *self,
                                  const char          *text)
{
  add_span (self, "Emphasis", text);
}

void
annalist_odf_document_end_paragraph (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_PARAGRAPH)
    {
      g_critical ("end_paragraph: no paragraph is open");
      return;
    }

  el_end (self->body);
  pop (self);
}

void
annalist_odf_document_add_paragraph (AnnalistOdfDocument       *self,
                                     AnnalistOdfParagraphStyle  style,
                                     const char                *text)
{
  g_return_if_fail (self != NULL);

  annalist_odf_document_begin_paragraph (self, style);
  if (current (self) != CTX_PARAGRAPH)
    return;
  annalist_odf_document_add_text (self, text);
  annalist_odf_document_end_paragraph (self);
}

void
annalist_odf_document_add_heading (AnnalistOdfDocument *self,
                                   guint                level,
                                   const char          *text)
{
  g_autofree char *style = NULL;
  TocEntry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (level >= 1 && level <= 3);
  g_return_if_fail (text != NULL);

  if (!check_state (self, "add_heading", IN (CTX_BODY)))
    return;

  style = g_strdup_printf ("Heading_20_%u", level);
  el_start (self->body, "text:h");
  attr (self->body, "text:style-name", paragraph_style_for (self, style));
  attr_uint (self->body, "text:outline-level", level);
  self->prev_space = TRUE;
  write_text (self, self->body, text);
  el_end (self->body);

  entry = g_new0 (TocEntry, 1);
  entry->level = level;
  entry->text = g_strdup (text);
  g_ptr_array_add (self->toc_entries, entry);
}

void
annalist_odf_document_add_page_break (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "add_page_break", IN (CTX_BODY)))
    return;

  self->pending_break = TRUE;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

void
annalist_odf_document_begin_list (AnnalistOdfDocument *self,
                                  AnnalistOdfListKind  kind)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "begin_list",
                    IN (CTX_BODY) | IN (CTX_LIST_ITEM) | IN (CTX_CELL)))
    return;

  if (current (self) == CTX_BODY)
    flush_pending_with_carrier (self);

  el_start (self->body, "text:list");
  attr (self->body, "text:style-name",
        kind == ANNALIST_ODF_LIST_NUMBERED ? "Annalist_20_Numbered" : "Annalist_20_Bullet");
  push (self, CTX_LIST);
}

void
annalist_odf_document_begin_list_item (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "begin_list_item", IN (CTX_LIST)))
    return;

  el_start (self->body, "text:list-item");
  push (self, CTX_LIST_ITEM);
}

void
annalist_odf_document_end_list_item (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_LIST_ITEM)
    {
      g_critical ("end_list_item: no list item is open");
      return;
    }

  el_end (self->body);
  pop (self);
}

void
annalist_odf_document_add_list_item (AnnalistOdfDocument *self,
                                     const char          *text)
{
  g_return_if_fail (self != NULL);

  annalist_odf_document_begin_list_item (self);
  if (current (self) != CTX_LIST_ITEM)
    return;
  begin_paragraph_named (self, "Annalist_20_List");
  write_text (self, self->body, text);
  annalist_odf_document_end_paragraph (self);
  annalist_odf_document_end_list_item (self);
}

void
annalist_odf_document_end_list (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_LIST)
    {
      g_critical ("end_list: no list is open");
      return;
    }

  el_end (self->body);
  pop (self);
}

/* ------------------------------------------------------------------ */
/* Table of contents                                                   */
/* ------------------------------------------------------------------ */

void
annalist_odf_document_add_toc (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "add_toc", IN (CTX_BODY)))
    return;

  if (self->toc_offset >= 0)
    {
      g_critical ("add_toc: the document already has a table of contents");
      return;
    }

  flush_pending_with_carrier (self);

  /* The headings are not known yet: remember where the index goes in the
   * body and write it there when closing. */
  xmlTextWriterFlush (self->body);
  self->toc_offset = self->body_bytes;
}

static void
write_toc (AnnalistOdfDocument *self,
           xmlTextWriterPtr     w)
{
  el_start (w, "text:table-of-content");
  attr (w, "text:name", "Содержание");
  attr (w, "text:protected", "true");

  el_start (w, "text:table-of-content-source");
  attr (w, "text:outline-level", "3");
  el_start (w, "text:index-title-template");
  attr (w, "text:style-name", "Contents_20_Heading");
  xmlTextWriterWriteString (w, BAD_CAST "Содержание");
  el_end (w);
  for (guint level = 1; level <= 3; level++)
    {
      g_autofree char *style = g_strdup_printf ("Contents_20_%u", level);

      el_start (w, "text:table-of-content-entry-template");
      attr_uint (w, "text:outline-level", level);
      attr (w, "text:style-name", style);
      el_start (w, "text:index-entry-link-start");
      el_end (w);
      el_start (w, "text:index-entry-text");
      el_end (w);
      el_start (w, "text:index-entry-tab-stop");
      attr (w, "style:type", "right");
      attr (w, "style:leader-char", ".");
      el_end (w);
      el_start (w, "text:index-entry-page-number");
      el_end (w);
      el_start (w, "text:index-entry-link-end");
      el_end (w);
      el_end (w);
    }
  el_end (w); /* source */

  el_start (w, "text:index-body");
  el_start (w, "text:index-title");
  attr (w, "text:name", "Содержание_Head");
  el_start (w, "text:p");
  attr (w, "text:style-name", "Contents_20_Heading");
  xmlTextWriterWriteString (w, BAD_CAST "Содержание");
  el_end (w);
  el_end (w);

  /* LibreOffice does not refresh an index when it opens or prints a file,
   * and we cannot know the page numbers: the entries carry none until the
   * user updates the index, rather than wrong ones. */
  for (guint i = 0; i < self->toc_entries->len; i++)
    {
      TocEntry *e = g_ptr_array_index (self->toc_entries, i);
      g_autofree char *style = g_strdup_printf ("Contents_20_%u", e->level);

      el_start (w, "text:p");
      attr (w, "text:style-name", style);
      self->prev_space = TRUE;
      write_text (self, w, e->text);
      el_end (w);
    }
  el_end (w); /* index-body */

  el_end (w);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

void
annalist_odf_document_begin_table (AnnalistOdfDocument *self,
                                   const char          *caption,
                                   guint                n_columns,
                                   const double        *widths)
{
  TableInfo *info;
  g_autofree char *name = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_columns > 0);

  if (!check_state (self, "begin_table", IN (CTX_BODY)))
    return;

  info = g_new0 (TableInfo, 1);
  info->n_columns = n_columns;
  info->widths = g_new (double, n_columns);
  for (guint i = 0; i < n_columns; i++)
    info->widths[i] = widths != NULL && widths[i] > 0 ? widths[i] : 1.0;
  g_ptr_array_add (self->tables, info);

  if (caption != NULL)
    {
      g_autofree char *label = g_strdup_printf ("Таблица %u – ", self->tables->len);

      begin_paragraph_named (self, "Annalist_20_Table_20_Caption");
      write_text (self, self->body, label);
      write_text (self, self->body, caption);
      annalist_odf_document_end_paragraph (self);
    }
  else
    flush_pending_with_carrier (self);

  name = g_strdup_printf ("Table%u", self->tables->len);
  el_start (self->body, "table:table");
  attr (self->body, "table:name", name);
  attr (self->body, "table:style-name", name);
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *col = g_strdup_printf ("%s.C%u", name, i + 1);

      el_start (self->body, "table:table-column");
      attr (self->body, "table:style-name", col);
      el_end (self->body);
    }

  self->table_columns = n_columns;
  self->in_header_group = FALSE;
  self->had_header_group = FALSE;
  self->had_body_row = FALSE;
  push (self, CTX_TABLE);
}

static void
begin_row (AnnalistOdfDocument *self,
           gboolean             header)
{
  if (header && self->had_body_row)
    {
      /* A second header group would break "repeat on every page". */
      g_critical ("begin_header_row: header rows must come before the other rows");
      header = FALSE;
    }

  if (header && !self->in_header_group)
    {
      el_start (self->body, "table:table-header-rows");
      self->in_header_group = TRUE;
      self->had_header_group = TRUE;
    }
  else if (!header && self->in_header_group)
    {
      el_end (self->body);
      self->in_header_group = FALSE;
    }

  if (!header)
    self->had_body_row = TRUE;

  el_start (self->body, "table:table-row");
  self->row_is_header = header;
  self->row_cells = 0;
  push (self, CTX_ROW);
}

void
annalist_odf_document_begin_header_row (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "begin_header_row", IN (CTX_TABLE)))
    return;

  begin_row (self, TRUE);
}

void
annalist_odf_document_begin_row (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "begin_row", IN (CTX_TABLE)))
    return;

  begin_row (self, FALSE);
}

void
annalist_odf_document_begin_cell (AnnalistOdfDocument *self,
                                  guint                columns_spanned)
{
  g_return_if_fail (self != NULL);

  if (!check_state (self, "begin_cell", IN (CTX_ROW)))
    return;

  columns_spanned = MAX (columns_spanned, 1);
  if (self->row_cells + columns_spanned > self->table_columns)
    {
      g_critical ("begin_cell: the row already has %u of %u cells, cannot add %u more",
                  self->row_cells, self->table_columns, columns_spanned);
      columns_spanned = self->table_columns > self->row_cells
                        ? self->table_columns - self->row_cells : 1;
    }

  el_start (self->body, "table:table-cell");
  attr (self->body, "table:style-name", self->row_is_header ? "THCell" : "TCell");
  if (columns_spanned > 1)
    attr_uint (self->body, "table:number-columns-spanned", columns_spanned);
  attr (self->body, "office:value-type", "string");
  g_array_append_val (self->cell_spans, columns_spanned);
  push (self, CTX_CELL);
}

void
annalist_odf_document_end_cell (AnnalistOdfDocument *self)
{
  guint span;

  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_CELL)
    {
      g_critical ("end_cell: no cell is open");
      return;
    }

  span = g_array_index (self->cell_spans, guint, self->cell_spans->len - 1);
  g_array_set_size (self->cell_spans, self->cell_spans->len - 1);
  pop (self);

  el_end (self->body);
  /* The columns under a spanning cell still need their cells. */
  for (guint i = 1; i < span; i++)
    {
      el_start (self->body, "table:covered-table-cell");
      el_end (self->body);
    }
  self->row_cells += span;
}

void
annalist_odf_document_add_cell_full (AnnalistOdfDocument  *self,
                                     const char           *text,
                                     AnnalistOdfCellFlags  flags,
                                     guint                 columns_spanned)
{
  const char *style;

  g_return_if_fail (self != NULL);

  annalist_odf_document_begin_cell (self, columns_spanned);
  if (current (self) != CTX_CELL)
    return;

  if (flags & ANNALIST_ODF_CELL_NUMBER)
    style = "Annalist_20_Table_20_Number";
  else if (self->row_is_header)
    style = "Table_20_Heading";
  else if (flags & ANNALIST_ODF_CELL_CENTER)
    style = "Annalist_20_Table_20_Center";
  else
    style = "Table_20_Contents";

  begin_paragraph_named (self, style);
  if (text != NULL && *text != '\0')
    add_span (self, (flags & ANNALIST_ODF_CELL_BOLD) ? "Strong_20_Emphasis" : NULL, text);
  annalist_odf_document_end_paragraph (self);
  annalist_odf_document_end_cell (self);
}

void
annalist_odf_document_add_cell (AnnalistOdfDocument *self,
                                const char          *text)
{
  annalist_odf_document_add_cell_full (self, text, ANNALIST_ODF_CELL_TEXT, 1);
}

void
annalist_odf_document_add_number_cell (AnnalistOdfDocument *self,
                                       const char          *text)
{
  annalist_odf_document_add_cell_full (self, text, ANNALIST_ODF_CELL_NUMBER, 1);
}

void
annalist_odf_document_end_row (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_ROW)
    {
      g_critical ("end_row: no row is open");
      return;
    }

  if (self->row_cells < self->table_columns)
    {
      g_critical ("end_row: the row has %u cells, the table %u columns",
                  self->row_cells, self->table_columns);
      /* Keep the document sound for the user all the same. */
      while (self->row_cells < self->table_columns)
        annalist_odf_document_add_cell (self, NULL);
    }

  el_end (self->body);
  pop (self);
}

void
annalist_odf_document_add_row (AnnalistOdfDocument *self,
                               gboolean             header,
                               const char * const  *cells)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL);

  if (header)
    annalist_odf_document_begin_header_row (self);
  else
    annalist_odf_document_begin_row (self);
  if (current (self) != CTX_ROW)
    return;

  for (guint i = 0; cells[i] != NULL; i++)
    annalist_odf_document_add_cell (self, cells[i]);
  annalist_odf_document_end_row (self);
}

void
annalist_odf_document_end_table (AnnalistOdfDocument *self)
{
  g_return_if_fail (self != NULL);

  if (self->finished || current (self) != CTX_TABLE)
    {
      g_critical ("end_table: no table is open");
      return;
    }

  if (!self->had_body_row)
    {
      /* ODF wants at least one row outside the header group. */
      g_critical ("end_table: the table has no rows besides the header");
      annalist_odf_document_begin_row (self);
      annalist_odf_document_end_row (self);
    }

  if (self->in_header_group)
    el_end (self->body);
  self->in_header_group = FALSE;

  el_end (self->body);
  pop (self);
}

/* ------------------------------------------------------------------ */
/* Figures                                                             */
/* ------------------------------------------------------------------ */

static void
write_figure_caption (AnnalistOdfDocument *self,
                      const char          *caption)
{
  g_autofree char *label = NULL;

  if (caption == NULL)
    return;

  label = g_strdup_printf ("Рисунок %u – ", self->n_figures);
  begin_paragraph_named (self, "Annalist_20_Figure_20_Caption");
  write_text (self, self->body, label);
  write_text (self, self->body, caption);
  annalist_odf_document_end_paragraph (self);
}

static void
begin_frame (AnnalistOdfDocument *self,
             const char          *name,
             double               width_cm,
             double               height_cm)
{
  begin_paragraph_named (self, "Annalist_20_Figure");
  el_start (self->body, "draw:frame");
  attr (self->body, "draw:style-name", "fr1");
  attr (self->body, "draw:name", name);
  attr (self->body, "text:anchor-type", "as-char");
  attr_len (self->body, "svg:width", width_cm, "cm");
  attr_len (self->body, "svg:height", height_cm, "cm");
  attr (self->body, "draw:z-index", "0");
}

static void
end_frame (AnnalistOdfDocument *self)
{
  el_end (self->body); /* draw:frame */
  annalist_odf_document_end_paragraph (self);
}

static void
write_xlink (xmlTextWriterPtr  w,
             const char       *href)
{
  attr (w, "xlink:href", href);
  attr (w, "xlink:type", "simple");
  attr (w, "xlink:show", "embed");
  attr (w, "xlink:actuate", "onLoad");
}

/* draw:image with the PNG: a package part, or inline base64. */
static void
write_image_element (AnnalistOdfDocument *self,
                     const char          *part_name,
                     GBytes              *png)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  el_start (self->body, "draw:image");
  if (self->format == ANNALIST_ODF_FORMAT_ODT)
    {
      g_autofree char *href = g_strconcat ("./", part_name, NULL);

      write_xlink (self->body, href);
      attr (self->body, "draw:mime-type", "image/png");
      package_add_file (self, part_name, "image/png", data, len);
    }
  else
    {
      attr (self->body, "draw:mime-type", "image/png");
      el_start (self->body, "office:binary-data");
      /* xmlTextWriterWriteBase64 takes an int length: go in slices,
       * each a multiple of 3 bytes so the base64 joins up. */
      for (gsize off = 0; off < len; off += 3 * 65536)
        xmlTextWriterWriteBase64 (self->body, (const char *) data, off,
                                  MIN (3 * 65536, len - off));
      el_end (self->body);
    }
  el_end (self->body);
}

void
annalist_odf_document_add_image (AnnalistOdfDocument *self,
                                 GBytes              *png,
                                 double               width_cm,
                                 double               height_cm,
                                 const char          *caption)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *name = NULL;
  g_autofree char *part = NULL;
  gsize len;
  const guint8 *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (png != NULL);
  g_return_if_fail (width_cm > 0 && height_cm > 0);

  if (!check_state (self, "add_image", IN (CTX_BODY) | IN (CTX_CELL) | IN (CTX_LIST_ITEM)))
    return;

  data = g_bytes_get_data (png, &len);
  if (len < sizeof png_signature || memcmp (data, png_signature, sizeof png_signature) != 0)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                                      _("Could not write the document “%s”: an image is not a PNG picture."),
                                      display));
      return;
    }

  self->n_images++;
  self->n_figures++;
  name = g_strdup_printf ("Рисунок%u", self->n_images);
  part = g_strdup_printf ("Pictures/image%u.png", self->n_images);

  begin_frame (self, name, width_cm, height_cm);
  write_image_element (self, part, png);
  end_frame (self);
  write_figure_caption (self, caption);
}

void
annalist_odf_document_add_chart (AnnalistOdfDocument    *self,
                                 const AnnalistOdfChart *chart,
                                 const char             *caption)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *object = NULL;
  AnnalistOdfChart c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (chart != NULL);
  g_return_if_fail (chart->n_categories == 0 || chart->categories != NULL);
  g_return_if_fail (chart->n_series == 0 || chart->series != NULL);

  if (!check_state (self, "add_chart", IN (CTX_BODY) | IN (CTX_CELL) | IN (CTX_LIST_ITEM)))
    return;

  c = *chart;
  if (c.width_cm <= 0)
    c.width_cm = MIN (16.0, text_width_cm (self));
  if (c.height_cm <= 0)
    c.height_cm = 9.0;

  png = _annalist_odf_chart_render_png (&c, self->font_name, &local_error);
  if (png == NULL)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                                      _("Could not write the document “%s”: could not draw a chart: %s."),
                                      display, local_error->message));
      return;
    }

  self->n_charts++;
  self->n_figures++;
  name = g_strdup_printf ("Диаграмма%u", self->n_charts);
  object = g_strdup_printf ("Object %u", self->n_charts);

  begin_frame (self, name, c.width_cm, c.height_cm);

  el_start (self->body, "draw:object");
  if (self->format == ANNALIST_ODF_FORMAT_ODT)
    {
      g_autofree char *href = g_strconcat ("./", object, NULL);
      g_autofree char *dir = g_strconcat (object, "/", NULL);
      g_autofree char *content = g_strconcat (object, "/content.xml", NULL);
      xmlBufferPtr buf = xmlBufferCreate ();
      xmlTextWriterPtr w = xmlNewTextWriterMemory (buf, 0);

      write_xlink (self->body, href);

      xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
      _annalist_odf_chart_write (w, &c, FALSE);
      xmlTextWriterEndDocument (w);
      xmlFreeTextWriter (w);

      manifest_add (self, dir, MIMETYPE_CHART);
      package_add_file (self, content, "text/xml",
                        xmlBufferContent (buf), xmlBufferLength (buf));
      xmlBufferFree (buf);
    }
  else
    _annalist_odf_chart_write (self->body, &c, TRUE);
  el_end (self->body); /* draw:object */

  {
    g_autofree char *replacement = g_strconcat ("ObjectReplacements/", object, NULL);

    write_image_element (self, replacement, png);
  }

  end_frame (self);
  write_figure_caption (self, caption);
}

/* ------------------------------------------------------------------ */
/* Closing                                                             */
/* ------------------------------------------------------------------ */

static xmlTextWriterPtr
new_memory_writer (xmlBufferPtr *buf)
{
  *buf = xmlBufferCreate ();
  return xmlNewTextWriterMemory (*buf, 0);
}

/* Ends the document of a writer made by new_memory_writer() and returns
 * what it wrote. */
static GBytes *
finish_memory_writer (xmlTextWriterPtr w,
                      xmlBufferPtr     buf)
{
  GBytes *bytes;

  xmlTextWriterEndDocument (w);
  xmlFreeTextWriter (w);
  bytes = g_bytes_new (xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);
  return bytes;
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
      write_meta_element (self, w);
    }
  write_font_face_decls (self, w);
  if (flat)
    write_common_styles (self, w);
  el_start (w, "office:automatic-styles");
  if (flat)
    write_page_layouts (self, w);
  write_content_automatic_styles (self, w);
  el_end (w);
  if (flat)
    write_master_styles (self, w);
  el_start (w, "office:body");
  el_start (w, "office:text");
  /* Close the start tag so that the raw body can follow. */
  xmlTextWriterWriteRaw (w, BAD_CAST "\n");
  xmlTextWriterFlush (w);
}

static GBytes *
build_styles_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = new_memory_writer (&buf);

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, "office:document-styles");
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");
  write_font_face_decls (self, w);
  write_common_styles (self, w);
  el_start (w, "office:automatic-styles");
  write_page_layouts (self, w);
  el_end (w);
  write_master_styles (self, w);
  el_end (w);
  return finish_memory_writer (w, buf);
}

static GBytes *
build_meta_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = new_memory_writer (&buf);

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, "office:document-meta");
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");
  write_meta_element (self, w);
  el_end (w);
  return finish_memory_writer (w, buf);
}

static GBytes *
build_manifest_part (AnnalistOdfDocument *self)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr w = new_memory_writer (&buf);

  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  el_start (w, "manifest:manifest");
  attr (w, "xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  attr (w, "manifest:version", "1.3");

  el_start (w, "manifest:file-entry");
  attr (w, "manifest:full-path", "/");
  attr (w, "manifest:version", "1.3");
  attr (w, "manifest:media-type", MIMETYPE_TEXT);
  el_end (w);

  for (guint i = 0; i < self->manifest->len; i++)
    {
      ManifestEntry *e = &g_array_index (self->manifest, ManifestEntry, i);

      el_start (w, "manifest:file-entry");
      attr (w, "manifest:full-path", e->path);
      if (g_str_equal (e->media_type, MIMETYPE_CHART))
        attr (w, "manifest:version", "1.3");
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

  w = new_memory_writer (&prelude_buf);
  write_prelude (self, w);
  xmlFreeTextWriter (w); /* does not close the open elements */

  w = new_memory_writer (&toc_buf);
  if (self->toc_offset >= 0)
    write_toc (self, w);
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

  if (self->contexts->len > 1 && self->error == NULL)
    {
      g_critical ("close: %s is still open", context_name (current (self)));
      latch_error (self, g_error_new (ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                                      _("Could not write the document “%s”: it is unfinished."),
                                      display));
    }

  /* Push the rest of the body out of libxml2's buffers. */
  if (self->error == NULL)
    {
      xmlTextWriterFlush (self->body);
      g_clear_pointer (&self->body, xmlFreeTextWriter);
      if (self->error == NULL && fflush (self->body_file) != 0)
        latch_write_error (self, errno, NULL);
    }

  if (self->error == NULL)
    write_main_document (self);

  if (self->error == NULL && self->format == ANNALIST_ODF_FORMAT_ODT)
    {
      g_autoptr(GBytes) styles = build_styles_part (self);
      g_autoptr(GBytes) meta = build_meta_part (self);
      g_autoptr(GBytes) manifest = NULL;

      add_part (self, "styles.xml", styles);
      add_part (self, "meta.xml", meta);
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
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded;
  char *comma;

  if (!isfinite (value))
    return g_strdup ("–");

  /* Whole numbers go without a decimal («50 %»), others with one
   * («35,2 %»), as the reports do. */
  rounded = round (value * 10) / 10;
  if (rounded == 0)
    rounded = 0; /* no «-0» */

  if (fabs (rounded - round (rounded)) < 1e-9)
    g_ascii_formatd (buf, sizeof buf, "%.0f", rounded);
  else
    g_ascii_formatd (buf, sizeof buf, "%.1f", rounded);

  comma = strchr (buf, '.');
  if (comma != NULL)
    *comma = ',';

  return g_strconcat (buf, "\u00a0%", NULL);
}
