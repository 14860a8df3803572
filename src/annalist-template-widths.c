/* annalist-template-widths.c — a table's column widths when a loop repeats a column
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column loop writes its column once per record, each with the
 * template's style: the widths, made for one of each, then add up to
 * more (or less) than the table's width. LibreOffice shares the table
 * out by the relative widths and shows it right; a suite that takes the
 * absolute ones (Word, OnlyOffice) would run the table off the page. So
 * every column of such a table gets a style of its own, its width scaled
 * by the same factor, and the widths add up to the table's again. A
 * table without a column loop keeps the template's styles as they are.
 */

#include "config.h"

#include <math.h>

#include "annalist-template-output.h"

/* @text as points, or -1 if it is not a length ODF writes. */
static double
length_points (const char *text)
{
  static const struct { const char *unit; double points; } units[] = {
    { "cm", 72 / 2.54 }, { "mm", 72 / 25.4 }, { "in", 72 }, { "pt", 1 }, { "pc", 12 }, { "px", 0.75 },
  };
  char *end;
  double value;

  if (text == NULL)
    return -1;
  value = g_ascii_strtod (text, &end);
  if (end == text || !(value > 0))
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (end, units[i].unit))
      return value * units[i].points;
  return -1;
}

/* The style named @name of @family: automatic first, as ODF looks. */
static xmlNodePtr
find_style (xmlDocPtr   doc,
            const char *family,
            const char *name)
{
  static const char * const places[] = { "automatic-styles", "styles" };
  xmlNodePtr root = xmlDocGetRootElement (doc);

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    {
      xmlNodePtr styles = _annalist_xml_child (root, NS_OFFICE, places[p]);

      for (xmlNodePtr c = styles ? styles->children : NULL; c != NULL; c = c->next)
        if (_annalist_xml_is (c, NS_STYLE, "style"))
          {
            g_autofree char *n = (char *) xmlGetNsProp (c, BAD_CAST "name", BAD_CAST NS_STYLE);
            g_autofree char *f = (char *) xmlGetNsProp (c, BAD_CAST "family", BAD_CAST NS_STYLE);

            if (g_strcmp0 (n, name) == 0 && g_strcmp0 (f, family) == 0)
              return c;
          }
    }
  return NULL;
}

/* A length of the style @name of @family, in points; -1 if it has none. */
static double
style_length (xmlDocPtr   doc,
              const char *family,
              const char *name,
              const char *properties,
              const char *attribute)
{
  xmlNodePtr style = name ? find_style (doc, family, name) : NULL;
  xmlNodePtr props = style ? _annalist_xml_child (style, NS_STYLE, properties) : NULL;
  g_autofree char *value = props ? (char *) xmlGetNsProp (props, BAD_CAST attribute, BAD_CAST NS_STYLE) : NULL;

  return length_points (value);
}

static guint
repeated (xmlNodePtr column)
{
  g_autofree char *n = (char *) xmlGetNsProp (column, BAD_CAST "number-columns-repeated", BAD_CAST NS_TABLE);

  return n ? MAX (1, (guint) g_ascii_strtoull (n, NULL, 10)) : 1;
}

/* Adds the widths of @parent's columns, @times over, to @sum; FALSE if
 * one has no width to add. @looped tells whether a column loop was met. */
static gboolean
add_widths (Render     *r,
            xmlNodePtr  parent,
            guint       times,
            double     *sum,
            gboolean   *looped)
{
  for (xmlNodePtr c = parent->children; c != NULL && _annalist_render_ok (r); c = c->next)
    {
      if (_annalist_xml_is (c, ANN_NS, "each"))
        {
          Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (c));

          /* A loop over the rows holds no columns; a column loop in
           * another is not something to share the width out for. */
          if (tag->loop == NULL || !tag->loop->column)
            continue;
          if (times != 1)
            return FALSE;
          *looped = TRUE;
          if (!add_widths (r, c, _annalist_column_items (r, tag)->items->len, sum, looped))
            return FALSE;
        }
      else if (_annalist_xml_is (c, NS_TABLE, "table-column"))
        {
          g_autofree char *name = (char *) xmlGetNsProp (c, BAD_CAST "style-name", BAD_CAST NS_TABLE);
          double width = style_length (r->tmpl->doc, "table-column", name, "table-column-properties", "column-width");

          if (width < 0)
            return FALSE;
          *sum += width * repeated (c) * times;
        }
      else if (_annalist_xml_is (c, NS_TABLE, "table-columns") || _annalist_xml_is (c, NS_TABLE, "table-header-columns") ||
               _annalist_xml_is (c, NS_TABLE, "table-column-group"))
        {
          if (!add_widths (r, c, times, sum, looped))
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether a column loop stands among @parent's columns. */
static gboolean
has_column_loop (Render     *r,
                 xmlNodePtr  parent)
{
  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (_annalist_xml_is (c, ANN_NS, "each"))
      {
        Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (c));

        if (tag->loop != NULL && tag->loop->column)
          return TRUE;
      }
    else if ((_annalist_xml_is (c, NS_TABLE, "table-columns") || _annalist_xml_is (c, NS_TABLE, "table-header-columns") ||
              _annalist_xml_is (c, NS_TABLE, "table-column-group")) && has_column_loop (r, c))
      return TRUE;
  return FALSE;
}

void
_annalist_table_widths_begin (Render     *r,
                              xmlNodePtr  table,
                              TableState *state)
{
  Out *o = r->out;
  g_autofree char *name = (char *) xmlGetNsProp (table, BAD_CAST "style-name", BAD_CAST NS_TABLE);
  double width, sum = 0;
  gboolean looped = FALSE;

  state->scale = 0;
  /* The prelude (a table in a header) has no document to add styles to. */
  if (o->doc == NULL || !has_column_loop (r, table))
    return;
  width = style_length (r->tmpl->doc, "table", name, "table-properties", "width");
  if (width < 0 || !add_widths (r, table, 1, &sum, &looped) || !looped || !(sum > 0))
    return;
  if (fabs (width / sum - 1) > 0.001)
    state->scale = width / sum;
}

/* The style a column of the table @state is about is to be written with:
 * its own, scaled, or NULL for the template's. */
const char *
_annalist_table_column_style (Render     *r,
                              TableState *state,
                              xmlNodePtr  column)
{
  Out *o = r->out;
  g_autofree char *name = NULL;
  char *own;

  if (state->scale == 0)
    return NULL;
  name = (char *) xmlGetNsProp (column, BAD_CAST "style-name", BAD_CAST NS_TABLE);
  if (name == NULL)
    return NULL;
  if (state->styles == NULL)
    state->styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  own = g_hash_table_lookup (state->styles, name);
  if (own == NULL)
    {
      xmlNodePtr style = find_style (r->tmpl->doc, "table-column", name);
      xmlNodePtr props = _annalist_xml_child (style, NS_STYLE, "table-column-properties");
      g_autofree char *width = (char *) xmlGetNsProp (props, BAD_CAST "column-width", BAD_CAST NS_STYLE);
      g_autofree char *key = NULL;
      char cm[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (cm, sizeof cm, "%.3f", length_points (width) * state->scale * 2.54 / 72);
      /* Tables a loop repeats share the style while the width is the same. */
      key = g_strconcat (name, "\x1f", cm, NULL);
      if (o->column_styles == NULL)
        o->column_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      own = g_hash_table_lookup (o->column_styles, key);
      if (own == NULL)
        {
          g_autofree char *rel = (char *) xmlGetNsProp (props, BAD_CAST "rel-column-width", BAD_CAST NS_STYLE);
          g_autofree char *escaped_name = NULL;
          g_autofree char *escaped_rel = NULL;
          g_autofree char *xml = NULL;

          own = g_strdup_printf ("%s_%u", name, o->table_instance);
          escaped_name = g_markup_escape_text (own, -1);
          escaped_rel = rel ? g_markup_escape_text (rel, -1) : NULL;
          xml = g_strdup_printf ("<style:style style:name=\"%s\" style:family=\"table-column\">"
                                 "<style:table-column-properties style:column-width=\"%scm\"%s%s%s/></style:style>",
                                 escaped_name, cm,
                                 rel ? " style:rel-column-width=\"" : "", rel ? escaped_rel : "", rel ? "\"" : "");
          annalist_odf_document_add_automatic_style (o->doc, xml);
          g_hash_table_insert (o->column_styles, g_steal_pointer (&key), own);
        }
      g_hash_table_insert (state->styles, g_strdup (name), g_strdup (own));
    }
  return own;
}

void
_annalist_table_widths_end (TableState *state)
{
  g_clear_pointer (&state->styles, g_hash_table_unref);
}
