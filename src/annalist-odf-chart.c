/* annalist-odf-chart.c
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-odf"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <png.h>

#include "annalist-odf-private.h"

/* LibreOffice's default chart colours, so that the replacement image looks
 * like the chart LibreOffice draws. */
static const char * const palette[] = {
  "#004586", "#ff420e", "#ffd320", "#579d1c",
  "#7e0021", "#83caff", "#314004", "#aecf00",
};

#define DPI 96.0


/* «35,2», «50»: the numbers as the report prints them. */
static char *
format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *dot;

  if (!isfinite (value))
    return g_strdup ("");

  if (fabs (value - round (value)) < 1e-9)
    g_ascii_formatd (buf, sizeof buf, "%.0f", value);
  else
    g_ascii_formatd (buf, sizeof buf, "%.1f", value);

  dot = strchr (buf, '.');
  if (dot != NULL)
    *dot = ',';

  return g_strdup (buf);
}

/* Spreadsheet column name: 0 → A, 25 → Z, 26 → AA. */
static char *
column_name (guint index)
{
  GString *s = g_string_new (NULL);

  index++;
  while (index > 0)
    {
      guint rem = (index - 1) % 26;

      g_string_prepend_c (s, 'A' + rem);
      index = (index - 1) / 26;
    }

  return g_string_free (s, FALSE);
}

static char *
range_address (guint col,
               guint first_row,
               guint last_row)
{
  g_autofree char *c = column_name (col);

  if (first_row == last_row)
    return g_strdup_printf ("local-table.$%s$%u", c, first_row);
  return g_strdup_printf ("local-table.$%s$%u:.$%s$%u", c, first_row, c, last_row);
}

static void
write_chart_style (xmlTextWriterPtr  w,
                   const char       *name,
                   const char       *fill,
                   const char       *stroke,
                   double            font_pt,
                   gboolean          bold)
{
  el_start (w, "style:style");
  attr (w, "style:name", name);
  attr (w, "style:family", "chart");
  if (fill != NULL || stroke != NULL)
    {
      el_start (w, "style:graphic-properties");
      if (fill != NULL)
        {
          attr (w, "draw:fill", "solid");
          attr (w, "draw:fill-color", fill);
        }
      if (stroke != NULL)
        {
          attr (w, "draw:stroke", "solid");
          attr (w, "svg:stroke-color", stroke);
        }
      el_end (w);
    }
  if (font_pt > 0)
    {
      el_start (w, "style:text-properties");
      _annalist_odf_write_length (w, "fo:font-size", font_pt, "pt");
      if (bold)
        attr (w, "fo:font-weight", "bold");
      el_end (w);
    }
  el_end (w);
}

static void
write_title (xmlTextWriterPtr  w,
             const char       *style,
             const char       *text)
{
  if (text == NULL || *text == '\0')
    return;

  el_start (w, "chart:title");
  attr (w, "chart:style-name", style);
  el_start (w, "text:p");
  _annalist_odf_write_plain_text (w, text);
  el_end (w);
  el_end (w);
}

static void
write_cell_string (xmlTextWriterPtr  w,
                   const char       *text)
{
  el_start (w, "table:table-cell");
  if (text != NULL)
    attr (w, "office:value-type", "string");
  el_start (w, "text:p");
  if (text != NULL)
    _annalist_odf_write_plain_text (w, text);
  el_end (w);
  el_end (w);
}

static void
write_cell_float (xmlTextWriterPtr w,
                  double           value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      write_cell_string (w, NULL);
      return;
    }

  g_ascii_dtostr (buf, sizeof buf, value);
  el_start (w, "table:table-cell");
  attr (w, "office:value-type", "float");
  attr (w, "office:value", buf);
  el_start (w, "text:p");
  xmlTextWriterWriteString (w, BAD_CAST buf);
  el_end (w);
  el_end (w);
}

void
_annalist_odf_chart_write (xmlTextWriterPtr        w,
                           const AnnalistOdfChart *chart,
                           gboolean                flat)
{
  const char *klass = chart->kind == ANNALIST_ODF_CHART_LINE ? "chart:line" : "chart:bar";
  guint n_rows = chart->n_categories + 1;
  g_autofree char *whole = NULL;
  g_autofree char *last_col = column_name (chart->n_series);

  /* LibreOffice reads an inline office:document as a stream of its own:
   * it must declare its namespaces even where the outer root did. */
  el_start (w, flat ? "office:document" : "office:document-content");
  _annalist_odf_write_namespaces (w);
  attr (w, "office:version", "1.3");
  if (flat)
    attr (w, "office:mimetype", "application/vnd.oasis.opendocument.chart");

  el_start (w, "office:automatic-styles");

  /* Russian numbers in labels and on the axis: «35,2», not «35.2». */
  el_start (w, "number:number-style");
  attr (w, "style:name", "N1");
  attr (w, "number:language", "ru");
  attr (w, "number:country", "RU");
  el_start (w, "number:number");
  attr (w, "number:decimal-places", "1");
  attr (w, "number:min-decimal-places", "0");
  attr (w, "number:min-integer-digits", "1");
  el_end (w);
  el_end (w);

  write_chart_style (w, "chArea", "#ffffff", NULL, 0, FALSE);
  write_chart_style (w, "chTitle", NULL, NULL, 13, TRUE);
  write_chart_style (w, "chAxisTitle", NULL, NULL, 10, FALSE);
  write_chart_style (w, "chLegend", NULL, NULL, 10, FALSE);

  el_start (w, "style:style");
  attr (w, "style:name", "chPlot");
  attr (w, "style:family", "chart");
  el_start (w, "style:chart-properties");
  attr (w, "chart:series-source", "columns");
  attr (w, "chart:include-hidden-cells", "false");
  attr (w, "chart:vertical", "false");
  el_end (w);
  el_end (w);

  for (guint i = 0; i < 2; i++)
    {
      el_start (w, "style:style");
      attr (w, "style:name", i == 0 ? "chAxisX" : "chAxisY");
      attr (w, "style:family", "chart");
      if (i == 1)
        attr (w, "style:data-style-name", "N1");
      el_start (w, "style:chart-properties");
      if (i == 1)
        attr (w, "chart:link-data-style-to-source", "false");
      attr (w, "chart:display-label", "true");
      attr (w, "chart:tick-marks-major-outer", "true");
      if (i == 1)
        attr (w, "chart:minimum", "0");
      el_end (w);
      el_start (w, "style:graphic-properties");
      attr (w, "svg:stroke-color", "#000000");
      el_end (w);
      el_start (w, "style:text-properties");
      attr (w, "fo:font-size", "10pt");
      el_end (w);
      el_end (w);
    }
  write_chart_style (w, "chGrid", NULL, "#b3b3b3", 0, FALSE);
  write_chart_style (w, "chWall", "#ffffff", NULL, 0, FALSE);

  for (guint s = 0; s < chart->n_series; s++)
    {
      g_autofree char *name = g_strdup_printf ("chSeries%u", s + 1);
      const char *colour = palette[s % G_N_ELEMENTS (palette)];

      el_start (w, "style:style");
      attr (w, "style:name", name);
      attr (w, "style:family", "chart");
      attr (w, "style:data-style-name", "N1");
      el_start (w, "style:chart-properties");
      attr (w, "chart:data-label-number", "value");
      attr (w, "chart:link-data-style-to-source", "false");
      if (chart->kind == ANNALIST_ODF_CHART_LINE)
        {
          attr (w, "chart:symbol-type", "named-symbol");
          attr (w, "chart:symbol-name", "square");
          attr (w, "chart:symbol-width", "0.2cm");
          attr (w, "chart:symbol-height", "0.2cm");
        }
      el_end (w);
      el_start (w, "style:graphic-properties");
      attr (w, "draw:fill", "solid");
      attr (w, "draw:fill-color", colour);
      attr (w, "draw:stroke", chart->kind == ANNALIST_ODF_CHART_LINE ? "solid" : "none");
      attr (w, "svg:stroke-color", colour);
      if (chart->kind == ANNALIST_ODF_CHART_LINE)
        attr (w, "svg:stroke-width", "0.07cm");
      el_end (w);
      el_start (w, "style:text-properties");
      attr (w, "fo:font-size", "9pt");
      el_end (w);
      el_end (w);
    }
  el_end (w); /* automatic-styles */

  el_start (w, "office:body");
  el_start (w, "office:chart");
  el_start (w, "chart:chart");
  _annalist_odf_write_length (w, "svg:width", chart->width_cm, "cm");
  _annalist_odf_write_length (w, "svg:height", chart->height_cm, "cm");
  attr (w, "chart:class", klass);
  attr (w, "chart:style-name", "chArea");

  write_title (w, "chTitle", chart->title);

  if (chart->n_series > 0)
    {
      el_start (w, "chart:legend");
      attr (w, "chart:legend-position", "bottom");
      attr (w, "style:legend-expansion", "wide");
      attr (w, "chart:style-name", "chLegend");
      el_end (w);
    }

  whole = g_strdup_printf ("local-table.$A$1:.$%s$%u", last_col, n_rows);
  el_start (w, "chart:plot-area");
  attr (w, "chart:style-name", "chPlot");
  attr (w, "table:cell-range-address", whole);
  attr (w, "chart:data-source-has-labels", "both");

  el_start (w, "chart:axis");
  attr (w, "chart:dimension", "x");
  attr (w, "chart:name", "primary-x");
  attr (w, "chart:style-name", "chAxisX");
  write_title (w, "chAxisTitle", chart->x_axis_title);
  if (chart->n_categories > 0)
    {
      g_autofree char *cats = range_address (0, 2, n_rows);

      el_start (w, "chart:categories");
      attr (w, "table:cell-range-address", cats);
      el_end (w);
    }
  el_end (w);

  el_start (w, "chart:axis");
  attr (w, "chart:dimension", "y");
  attr (w, "chart:name", "primary-y");
  attr (w, "chart:style-name", "chAxisY");
  write_title (w, "chAxisTitle", chart->y_axis_title);
  el_start (w, "chart:grid");
  attr (w, "chart:class", "major");
  attr (w, "chart:style-name", "chGrid");
  el_end (w);
  el_end (w);

  for (guint s = 0; s < chart->n_series; s++)
    {
      g_autofree char *style = g_strdup_printf ("chSeries%u", s + 1);
      g_autofree char *values = range_address (s + 1, 2, MAX (n_rows, 2));
      g_autofree char *label = range_address (s + 1, 1, 1);

      el_start (w, "chart:series");
      attr (w, "chart:style-name", style);
      attr (w, "chart:values-cell-range-address", values);
      attr (w, "chart:label-cell-address", label);
      attr (w, "chart:class", klass);
      if (chart->n_categories > 0)
        {
          el_start (w, "chart:data-point");
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "chart:repeated", "%u",
                                             chart->n_categories);
          el_end (w);
        }
      el_end (w);
    }

  el_start (w, "chart:wall");
  attr (w, "chart:style-name", "chWall");
  el_end (w);
  el_end (w); /* plot-area */

  /* The chart's own data, which the user edits in LibreOffice. */
  el_start (w, "table:table");
  attr (w, "table:name", "local-table");
  el_start (w, "table:table-header-columns");
  el_start (w, "table:table-column");
  el_end (w);
  el_end (w);
  el_start (w, "table:table-columns");
  el_start (w, "table:table-column");
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "table:number-columns-repeated", "%u",
                                     MAX (chart->n_series, 1));
  el_end (w);
  el_end (w);

  el_start (w, "table:table-header-rows");
  el_start (w, "table:table-row");
  write_cell_string (w, NULL);
  for (guint s = 0; s < chart->n_series; s++)
    write_cell_string (w, chart->series[s].name ? chart->series[s].name : "");
  if (chart->n_series == 0)
    write_cell_string (w, NULL);
  el_end (w);
  el_end (w);

  el_start (w, "table:table-rows");
  for (guint c = 0; c < chart->n_categories; c++)
    {
      el_start (w, "table:table-row");
      write_cell_string (w, chart->categories[c] ? chart->categories[c] : "");
      for (guint s = 0; s < chart->n_series; s++)
        write_cell_float (w, chart->series[s].values[c]);
      if (chart->n_series == 0)
        write_cell_string (w, NULL);
      el_end (w);
    }
  if (chart->n_categories == 0)
    {
      el_start (w, "table:table-row");
      for (guint s = 0; s <= MAX (chart->n_series, 1); s++)
        write_cell_string (w, NULL);
      el_end (w);
    }
  el_end (w);
  el_end (w); /* table:table */

  el_end (w); /* chart:chart */
  el_end (w); /* office:chart */
  el_end (w); /* office:body */
  el_end (w); /* office:document(-content) */
}

/* ------------------------------------------------------------------ */
/* The replacement image                                               */
/* ------------------------------------------------------------------ */

static void
set_colour (cairo_t    *cr,
            const char *hex)
{
  guint v = (guint) g_ascii_strtoull (hex + 1, NULL, 16);

  cairo_set_source_rgb (cr, ((v >> 16) & 0xff) / 255.0,
                        ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
}

static void
set_font (cairo_t    *cr,
          const char *font_name,
          double      size_pt,
          gboolean    bold)
{
  cairo_select_font_face (cr, font_name, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size_pt * DPI / 72.0);
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t ext;

  cairo_text_extents (cr, text, &ext);
  return ext.x_advance;
}

/* Draws @text with its centre at @x and its baseline at @y, shortened with
 * an ellipsis to @max_width when it is longer. */
static void
show_centred (cairo_t    *cr,
              const char *text,
              double      x,
              double      y,
              double      max_width)
{
  g_autofree char *clean = annalist_odf_sanitize_text (text, -1);
  double width = text_width (cr, clean);

  if (max_width > 0 && width > max_width)
    {
      glong n = g_utf8_strlen (clean, -1);

      while (n > 1 && width > max_width)
        {
          g_autofree char *head = NULL;

          n--;
          head = g_utf8_substring (clean, 0, n);
          g_free (clean);
          clean = g_strconcat (head, "…", NULL);
          width = text_width (cr, clean);
        }
    }

  cairo_move_to (cr, x - width / 2, y);
  cairo_show_text (cr, clean);
}

static double
nice_step (double range)
{
  double raw = range / 5;
  double mag = pow (10, floor (log10 (raw)));
  double f = raw / mag;

  if (f <= 1)
    return mag;
  if (f <= 2)
    return 2 * mag;
  if (f <= 5)
    return 5 * mag;
  return 10 * mag;
}

static void
png_write_cb (png_structp  png,
              png_bytep    data,
              png_size_t   length)
{
  g_byte_array_append (png_get_io_ptr (png), data, (guint) length);
}

static void
png_flush_cb (png_structp png)
{
}

/*
 * Encodes an RGB24 surface with libpng at the fastest settings: the image
 * is flat colour, so fast deflate loses little, and cairo's own encoder
 * (libpng's defaults) took half the time of a whole report export.
 */
static GBytes *
encode_png (cairo_surface_t  *surface,
            GError          **error)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *pixels = cairo_image_surface_get_data (surface);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree guchar *row = g_malloc ((gsize) width * 3);
  png_structp png;
  png_infop info;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, info ? &info : NULL);
      g_set_error_literal (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                           "the chart picture could not be encoded");
      return NULL;
    }

  png_set_write_fn (png, bytes, png_write_cb, png_flush_cb);
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (png, info, (png_uint_32) (DPI / 0.0254), (png_uint_32) (DPI / 0.0254),
                PNG_RESOLUTION_METER);
  png_write_info (png, info);

  for (int y = 0; y < height; y++)
    {
      const guint32 *source = (const guint32 *) (pixels + (gsize) y * stride);

      /* CAIRO_FORMAT_RGB24 keeps each pixel as a native-endian 0x00RRGGBB. */
      for (int x = 0; x < width; x++)
        {
          row[3 * x] = (source[x] >> 16) & 0xff;
          row[3 * x + 1] = (source[x] >> 8) & 0xff;
          row[3 * x + 2] = source[x] & 0xff;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
_annalist_odf_chart_render_png (const AnnalistOdfChart  *chart,
                                const char              *font_name,
                                GError                 **error)
{
  const double px = DPI / 2.54; /* pixels per cm */
  int width = (int) ceil (chart->width_cm * px);
  int height = (int) ceil (chart->height_cm * px);
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *png;
  cairo_status_t status;
  double top, bottom, left, right;
  double vmin = 0, vmax = 0, step;
  const double pad = 0.25 * px;
  const double line_h = 10 * DPI / 72.0 * 1.3;
  guint n_cat = chart->n_categories;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (width, 1), MAX (height, 1));
  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  top = pad;
  bottom = height - pad;
  left = pad;
  right = width - pad;

  /* Title. */
  if (chart->title != NULL && *chart->title != '\0')
    {
      set_font (cr, font_name, 13, TRUE);
      cairo_set_source_rgb (cr, 0, 0, 0);
      top += 13 * DPI / 72.0;
      show_centred (cr, chart->title, width / 2.0, top, width - 2 * pad);
      top += pad;
    }

  /* Legend along the bottom. */
  if (chart->n_series > 0)
    {
      double total = 0, x;
      const double box = 0.3 * px;

      set_font (cr, font_name, 10, FALSE);
      for (guint s = 0; s < chart->n_series; s++)
        {
          g_autofree char *name = annalist_odf_sanitize_text (chart->series[s].name, -1);

          total += box + 0.15 * px + text_width (cr, name) + 0.5 * px;
        }
      x = MAX (pad, (width - total) / 2);
      for (guint s = 0; s < chart->n_series; s++)
        {
          g_autofree char *name = annalist_odf_sanitize_text (chart->series[s].name, -1);

          set_colour (cr, palette[s % G_N_ELEMENTS (palette)]);
          cairo_rectangle (cr, x, bottom - box, box, box);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, x + box + 0.15 * px, bottom - box * 0.1);
          cairo_show_text (cr, name);
          x += box + 0.15 * px + text_width (cr, name) + 0.5 * px;
        }
      bottom -= line_h + pad / 2;
    }

  set_font (cr, font_name, 10, FALSE);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Axis titles. */
  if (chart->x_axis_title != NULL && *chart->x_axis_title != '\0')
    {
      show_centred (cr, chart->x_axis_title, (left + right) / 2, bottom, right - left);
      bottom -= line_h;
    }
  if (chart->y_axis_title != NULL && *chart->y_axis_title != '\0')
    {
      cairo_save (cr);
      cairo_translate (cr, left + line_h * 0.8, (top + bottom) / 2);
      cairo_rotate (cr, -G_PI / 2);
      show_centred (cr, chart->y_axis_title, 0, 0, bottom - top);
      cairo_restore (cr);
      left += line_h;
    }

  /* Category labels under the axis. */
  bottom -= line_h;

  /* Value range, from zero. */
  for (guint s = 0; s < chart->n_series; s++)
    for (guint c = 0; c < n_cat; c++)
      {
        double v = chart->series[s].values[c];

        if (isfinite (v))
          {
            vmin = MIN (vmin, v);
            vmax = MAX (vmax, v);
          }
      }
  if (vmax - vmin <= 0)
    vmax = vmin + 1;
  step = nice_step (vmax - vmin);
  vmin = floor (vmin / step) * step;
  vmax = ceil (vmax / step) * step;

  /* Room for the value labels at the left. */
  {
    double label_w = 0;

    for (double v = vmin; v <= vmax + step / 2; v += step)
      {
        g_autofree char *s = format_value (v);

        label_w = MAX (label_w, text_width (cr, s));
      }
    left += label_w + 0.15 * px;
  }
  top += line_h; /* room for the labels above the highest bar */

#define Y(v) (bottom - ((v) - vmin) / (vmax - vmin) * (bottom - top))

  /* Grid and value labels. */
  cairo_set_line_width (cr, 1);
  for (double v = vmin; v <= vmax + step / 2; v += step)
    {
      g_autofree char *s = format_value (v);
      double y = round (Y (v)) + 0.5;

      cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, left - 0.1 * px - text_width (cr, s), y + line_h / 3);
      cairo_show_text (cr, s);
    }

  /* Series. */
  if (n_cat > 0)
    {
      double group = (right - left) / n_cat;
      double bar = group * 0.7 / MAX (chart->n_series, 1);

      set_font (cr, font_name, 9, FALSE);
      for (guint s = 0; s < chart->n_series; s++)
        {
          const char *colour = palette[s % G_N_ELEMENTS (palette)];
          gboolean started = FALSE;

          if (chart->kind == ANNALIST_ODF_CHART_LINE)
            {
              set_colour (cr, colour);
              cairo_set_line_width (cr, 0.07 * px);
              for (guint c = 0; c < n_cat; c++)
                {
                  double v = chart->series[s].values[c];
                  double x = left + group * (c + 0.5);

                  if (!isfinite (v))
                    {
                      started = FALSE;
                      continue;
                    }
                  if (started)
                    cairo_line_to (cr, x, Y (v));
                  else
                    cairo_move_to (cr, x, Y (v));
                  started = TRUE;
                }
              cairo_stroke (cr);
            }

          for (guint c = 0; c < n_cat; c++)
            {
              double v = chart->series[s].values[c];
              g_autofree char *label = NULL;
              double x, y;

              if (!isfinite (v))
                continue;

              if (chart->kind == ANNALIST_ODF_CHART_LINE)
                {
                  const double m = 0.1 * px;

                  x = left + group * (c + 0.5);
                  y = Y (v);
                  set_colour (cr, colour);
                  cairo_rectangle (cr, x - m, y - m, 2 * m, 2 * m);
                  cairo_fill (cr);
                  y -= m;
                }
              else
                {
                  double x0 = left + group * c + group * 0.15 + bar * s;
                  double y0 = Y (MAX (v, 0)), y1 = Y (MIN (v, 0));

                  set_colour (cr, colour);
                  cairo_rectangle (cr, x0, y0, bar, y1 - y0);
                  cairo_fill (cr);
                  x = x0 + bar / 2;
                  y = y0;
                }

              label = format_value (v);
              cairo_set_source_rgb (cr, 0, 0, 0);
              show_centred (cr, label, x, y - 0.08 * px, 0);
            }
        }

      set_font (cr, font_name, 10, FALSE);
      cairo_set_source_rgb (cr, 0, 0, 0);
      for (guint c = 0; c < n_cat; c++)
        show_centred (cr, chart->categories[c] ? chart->categories[c] : "",
                      left + group * (c + 0.5), bottom + line_h * 0.9, group * 0.95);
    }

  /* Axes. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, bottom);
  cairo_move_to (cr, left, Y (MAX (vmin, 0)));
  cairo_line_to (cr, right, Y (MAX (vmin, 0)));
  cairo_stroke (cr);

#undef Y

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_FAILED,
                           cairo_status_to_string (status));
      return NULL;
    }

  png = encode_png (surface, error);
  cairo_surface_destroy (surface);
  return png;
}

/* The picture in a thread ----------------------------------------------------- */

struct _AnnalistOdfChartPicture
{
  AnnalistOdfChart  chart;     /* its strings and arrays in @strings, @values */
  GStringChunk     *strings;
  double           *values;
  const char      **categories;
  AnnalistOdfChartSeries *series;
  char             *font_name;
  GThread          *thread;
  GBytes           *png;
  GError           *error;
};

static gpointer
picture_thread (gpointer data)
{
  AnnalistOdfChartPicture *picture = data;

  picture->png = _annalist_odf_chart_render_png (&picture->chart, picture->font_name, &picture->error);
  return NULL;
}

static const char *
keep (GStringChunk *strings,
      const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

AnnalistOdfChartPicture *
_annalist_odf_chart_picture_start (const AnnalistOdfChart *chart,
                                   const char             *font_name)
{
  AnnalistOdfChartPicture *picture = g_new0 (AnnalistOdfChartPicture, 1);
  guint n_cat = chart->n_categories;

  picture->strings = g_string_chunk_new (256);
  picture->chart = *chart;
  picture->chart.title = keep (picture->strings, chart->title);
  picture->chart.x_axis_title = keep (picture->strings, chart->x_axis_title);
  picture->chart.y_axis_title = keep (picture->strings, chart->y_axis_title);
  picture->categories = g_new0 (const char *, n_cat + 1);
  for (guint i = 0; i < n_cat; i++)
    picture->categories[i] = keep (picture->strings, chart->categories[i]);
  picture->chart.categories = picture->categories;
  picture->values = g_new0 (double, (gsize) n_cat * chart->n_series + 1);
  picture->series = g_new0 (AnnalistOdfChartSeries, chart->n_series + 1);
  for (guint s = 0; s < chart->n_series; s++)
    {
      double *values = picture->values + (gsize) s * n_cat;

      if (n_cat > 0)
        memcpy (values, chart->series[s].values, n_cat * sizeof (double));
      picture->series[s].name = keep (picture->strings, chart->series[s].name);
      picture->series[s].values = values;
    }
  picture->chart.series = picture->series;
  picture->font_name = g_strdup (font_name);
  picture->thread = g_thread_new ("annalist-chart", picture_thread, picture);
  return picture;
}

GBytes *
_annalist_odf_chart_picture_finish (AnnalistOdfChartPicture  *picture,
                                    GError                  **error)
{
  GBytes *png;

  g_thread_join (picture->thread);
  png = g_steal_pointer (&picture->png);
  if (png == NULL)
    g_propagate_error (error, g_steal_pointer (&picture->error));
  g_clear_error (&picture->error);
  g_string_chunk_free (picture->strings);
  g_free (picture->values);
  g_free (picture->categories);
  g_free (picture->series);
  g_free (picture->font_name);
  g_free (picture);
  return png;
}
