/* annalist-odf-chart.c
 *
 * Copyright 2024 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-odf"

#include <math.h>
#include <string.h>

#include "annalist-field.h"
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

  annalist_format_exact (value, buf);
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
      if (i == 0 && chart->kind == ANNALIST_ODF_CHART_LINE && chart->n_categories > 0)
        {
          /* A line's points stand in the middle of their categories, as
           * the bars of a bar chart do (and as the picture beside the
           * chart draws them): on the axis ends the first value's label
           * lay across the value axis. Categories count from 1. */
          attr (w, "chart:minimum", "0.5");
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "chart:maximum", "%u.5",
                                             chart->n_categories);
        }
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
/* The replacement picture                                             */
/* ------------------------------------------------------------------ */

/* The picture is SVG, written as text: it needs no fonts to make (a PNG
 * drawn with cairo needed fontconfig's start-up, which cost more than
 * the rest of an export), it prints sharp at any size, and the program
 * that shows it sets its text in the document's own font.  Where text
 * must fit (a title, the legend, the labels at the axis) its width is
 * estimated from the advance widths of Times New Roman (Liberation Serif,
 * its metric twin), in thousandths of the font size. */

static const guint16 latin_widths[] = {   /* U+0020 – U+007E */
  250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564,
  250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500,
  500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
  722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
  556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
  278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
  500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
  278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
};

static const guint16 cyrillic_widths[] = {   /* U+0410 А – U+044F я */
  722, 574, 667, 578, 682, 611, 896, 501, 722, 722, 667, 678,
  889, 722, 722, 722, 556, 667, 611, 708, 790, 722, 722, 650,
 1009, 1009, 706, 872, 574, 660, 1028, 667, 444, 509, 472, 410,
  509, 444, 691, 395, 535, 535, 486, 499, 633, 535, 500, 535,
  500, 444, 437, 500, 648, 500, 535, 503, 770, 770, 517, 672,
  456, 429, 747, 460,
};

static guint
advance_width (gunichar c)
{
  static const struct { gunichar c; guint16 width; } others[] = {
    { 0x0401, 611 }, { 0x0451, 444 }, { 0x00AB, 500 }, { 0x00BB, 500 },
    { 0x2013, 500 }, { 0x2014, 1000 }, { 0x2026, 1000 }, { 0x2116, 954 },
    { 0x00A0, 250 },
  };

  if (c >= 0x20 && c <= 0x7E)
    return latin_widths[c - 0x20];
  if (c >= 0x410 && c <= 0x44F)
    return cyrillic_widths[c - 0x410];
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (others[i].c == c)
      return others[i].width;
  return 556;
}

/* The width of the text from @text to @end at @size; bold Times is about
 * 7 % wider than regular. */
static double
text_width_n (const char *text,
              const char *end,
              double      size,
              gboolean    bold)
{
  guint total = 0;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    total += advance_width (g_utf8_get_char (p));
  return total / 1000.0 * size * (bold ? 1.07 : 1.0);
}

static double
text_width (const char *text,
            double      size,
            gboolean    bold)
{
  return text_width_n (text, text + strlen (text), size, bold);
}

typedef struct
{
  GString    *svg;
  double      size;   /* the font size, in pixels */
  gboolean    bold;
} Picture;

/* A coordinate: two decimals at most, a dot whatever the locale. */
static void
put_number (GString *svg,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.2f", fabs (value) < 0.005 ? 0 : value);
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = '\0';
  if (end > buf && end[-1] == '.')
    *--end = '\0';
  g_string_append (svg, buf);
}

static void
put_attr (GString    *svg,
          const char *name,
          double      value)
{
  g_string_append_printf (svg, " %s=\"", name);
  put_number (svg, value);
  g_string_append_c (svg, '"');
}

static void
put_rect (Picture    *p,
          double      x,
          double      y,
          double      width,
          double      height,
          const char *fill)
{
  g_string_append (p->svg, "<rect");
  put_attr (p->svg, "x", x);
  put_attr (p->svg, "y", y);
  put_attr (p->svg, "width", width);
  put_attr (p->svg, "height", height);
  g_string_append_printf (p->svg, " fill=\"%s\"/>\n", fill);
}

static void
put_line (Picture    *p,
          double      x0,
          double      y0,
          double      x1,
          double      y1,
          const char *stroke,
          double      width)
{
  g_string_append (p->svg, "<line");
  put_attr (p->svg, "x1", x0);
  put_attr (p->svg, "y1", y0);
  put_attr (p->svg, "x2", x1);
  put_attr (p->svg, "y2", y1);
  g_string_append_printf (p->svg, " stroke=\"%s\"", stroke);
  put_attr (p->svg, "stroke-width", width);
  g_string_append (p->svg, "/>\n");
}

static void
set_font (Picture  *p,
          double    size_pt,
          gboolean  bold)
{
  p->size = size_pt * DPI / 72.0;
  p->bold = bold;
}

/* @text at (@x, @y), its baseline at @y; @anchor is "start", "middle" or
 * "end"; @rotate turns it a quarter to the left about that point. */
static void
put_text (Picture    *p,
          const char *text,
          double      x,
          double      y,
          const char *anchor,
          gboolean    rotate)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (p->svg, "<text");
  if (rotate)
    {
      g_string_append (p->svg, " transform=\"translate(");
      put_number (p->svg, x);
      g_string_append_c (p->svg, ' ');
      put_number (p->svg, y);
      g_string_append (p->svg, ") rotate(-90)\"");
    }
  else
    {
      put_attr (p->svg, "x", x);
      put_attr (p->svg, "y", y);
    }
  put_attr (p->svg, "font-size", p->size);
  if (p->bold)
    g_string_append (p->svg, " font-weight=\"bold\"");
  if (!g_str_equal (anchor, "start"))
    g_string_append_printf (p->svg, " text-anchor=\"%s\"", anchor);
  g_string_append_printf (p->svg, ">%s</text>\n", escaped);
}

/* @text centred at @x, shortened with an ellipsis to @max_width when it
 * is longer. */
static void
put_centred (Picture    *p,
             const char *text,
             double      x,
             double      y,
             double      max_width,
             gboolean    rotate)
{
  g_autofree char *clean = annalist_odf_sanitize_text (text, -1);

  if (max_width > 0 && text_width (clean, p->size, p->bold) > max_width)
    {
      /* As many characters as fit before the ellipsis, one at least. */
      double room = max_width - text_width ("…", p->size, p->bold);
      const char *end = g_utf8_next_char (clean);
      double used = text_width_n (clean, end, p->size, p->bold);
      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);
          double more = text_width_n (end, next, p->size, p->bold);

          if (used + more > room)
            break;
          used += more;
          end = next;
        }
      {
        g_autofree char *head = g_strndup (clean, end - clean);

        g_free (clean);
        clean = g_strconcat (head, "…", NULL);
      }
    }
  put_text (p, clean, x, y, "middle", rotate);
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

GBytes *
_annalist_odf_chart_render_svg (const AnnalistOdfChart *chart,
                                const char             *font_name)
{
  const double px = DPI / 2.54; /* pixels per cm */
  const double width = chart->width_cm * px;
  const double height = chart->height_cm * px;
  const double pad = 0.25 * px;
  const double line_h = 10 * DPI / 72.0 * 1.3;
  const guint n_cat = chart->n_categories;
  g_autofree char *family = g_markup_escape_text (font_name, -1);
  Picture p = { g_string_sized_new (4096) };
  double top = pad, bottom = height - pad, left = pad, right = width - pad;
  double vmin = 0, vmax = 0, step;

  g_string_append (p.svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  g_string_append (p.svg, " width=\"");
  put_number (p.svg, chart->width_cm);
  g_string_append (p.svg, "cm\" height=\"");
  put_number (p.svg, chart->height_cm);
  g_string_append (p.svg, "cm\" viewBox=\"0 0 ");
  put_number (p.svg, width);
  g_string_append_c (p.svg, ' ');
  put_number (p.svg, height);
  g_string_append_printf (p.svg, "\" font-family=\"'%s', serif\">\n", family);
  put_rect (&p, 0, 0, width, height, "#ffffff");

  /* Title. */
  if (chart->title != NULL && *chart->title != '\0')
    {
      set_font (&p, 13, TRUE);
      top += p.size;
      put_centred (&p, chart->title, width / 2, top, width - 2 * pad, FALSE);
      top += pad;
    }

  /* Legend along the bottom. */
  if (chart->n_series > 0)
    {
      const double box = 0.3 * px;
      double total = 0, x;

      set_font (&p, 10, FALSE);
      for (guint s = 0; s < chart->n_series; s++)
        {
          g_autofree char *name = annalist_odf_sanitize_text (chart->series[s].name, -1);

          total += box + 0.15 * px + text_width (name, p.size, FALSE) + 0.5 * px;
        }
      x = MAX (pad, (width - total) / 2);
      for (guint s = 0; s < chart->n_series; s++)
        {
          g_autofree char *name = annalist_odf_sanitize_text (chart->series[s].name, -1);

          put_rect (&p, x, bottom - box, box, box, palette[s % G_N_ELEMENTS (palette)]);
          put_text (&p, name, x + box + 0.15 * px, bottom - box * 0.1, "start", FALSE);
          x += box + 0.15 * px + text_width (name, p.size, FALSE) + 0.5 * px;
        }
      bottom -= line_h + pad / 2;
    }

  set_font (&p, 10, FALSE);

  /* Axis titles. */
  if (chart->x_axis_title != NULL && *chart->x_axis_title != '\0')
    {
      put_centred (&p, chart->x_axis_title, (left + right) / 2, bottom, right - left, FALSE);
      bottom -= line_h;
    }
  if (chart->y_axis_title != NULL && *chart->y_axis_title != '\0')
    {
      put_centred (&p, chart->y_axis_title, left + line_h * 0.8, (top + bottom) / 2,
                   bottom - top, TRUE);
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

        label_w = MAX (label_w, text_width (s, p.size, FALSE));
      }
    left += label_w + 0.15 * px;
  }
  top += line_h; /* room for the labels above the highest bar */

#define Y(v) (bottom - ((v) - vmin) / (vmax - vmin) * (bottom - top))

  /* Grid and value labels. */
  for (double v = vmin; v <= vmax + step / 2; v += step)
    {
      g_autofree char *s = format_value (v);
      double y = round (Y (v)) + 0.5;

      put_line (&p, left, y, right, y, "#b3b3b3", 1);
      put_text (&p, s, left - 0.1 * px, y + line_h / 3, "end", FALSE);
    }

  /* Series. */
  if (n_cat > 0)
    {
      double group = (right - left) / n_cat;
      double bar = group * 0.7 / MAX (chart->n_series, 1);

      for (guint s = 0; s < chart->n_series; s++)
        {
          const char *colour = palette[s % G_N_ELEMENTS (palette)];

          if (chart->kind == ANNALIST_ODF_CHART_LINE)
            {
              gboolean started = FALSE;

              g_string_append (p.svg, "<path d=\"");
              for (guint c = 0; c < n_cat; c++)
                {
                  double v = chart->series[s].values[c];

                  if (!isfinite (v))
                    {
                      started = FALSE;
                      continue;
                    }
                  g_string_append (p.svg, started ? " L" : p.svg->str[p.svg->len - 1] == '"' ? "M" : " M");
                  put_number (p.svg, left + group * (c + 0.5));
                  g_string_append_c (p.svg, ' ');
                  put_number (p.svg, Y (v));
                  started = TRUE;
                }
              g_string_append_printf (p.svg, "\" fill=\"none\" stroke=\"%s\"", colour);
              put_attr (p.svg, "stroke-width", 0.07 * px);
              g_string_append (p.svg, "/>\n");
            }

          set_font (&p, 9, FALSE);
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
                  put_rect (&p, x - m, y - m, 2 * m, 2 * m, colour);
                  y -= m;
                }
              else
                {
                  double x0 = left + group * c + group * 0.15 + bar * s;
                  double y0 = Y (MAX (v, 0)), y1 = Y (MIN (v, 0));

                  put_rect (&p, x0, y0, bar, y1 - y0, colour);
                  x = x0 + bar / 2;
                  y = y0;
                }

              label = format_value (v);
              put_text (&p, label, x, y - 0.08 * px, "middle", FALSE);
            }
        }

      set_font (&p, 10, FALSE);
      for (guint c = 0; c < n_cat; c++)
        put_centred (&p, chart->categories[c] ? chart->categories[c] : "",
                     left + group * (c + 0.5), bottom + line_h * 0.9, group * 0.95, FALSE);
    }

  /* Axes. */
  put_line (&p, left, top, left, bottom, "#000000", 1.5);
  put_line (&p, left, Y (MAX (vmin, 0)), right, Y (MAX (vmin, 0)), "#000000", 1.5);

#undef Y

  g_string_append (p.svg, "</svg>\n");
  return g_string_free_to_bytes (p.svg);
}
