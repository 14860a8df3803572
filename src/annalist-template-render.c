/* annalist-template-render.c — the document written from its template
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The template's tree is walked once; what is the user's (text, styles,
 * tables, pictures) is copied through libxml2's writer, what is the
 * engine's (values, loops, conditions) is replaced by what it stands for.
 *
 * A paragraph that held placeholders and comes out empty is left out (an
 * empty narrative, a value that is not set); a value of several lines
 * becomes several paragraphs of the same style, so the user's own words
 * keep their paragraphs. What only Writer needs, or what would be stale,
 * is dropped: revision ids and other elements and attributes outside the
 * ODF namespaces, soft page breaks, comments, macros, tracked changes
 * (the template is written as if they were accepted). Table and frame
 * names are kept unique, caption numbers («Таблица 3») counted again, a
 * repeated note, bookmark or caption named anew with the references to
 * it (annalist-template-output.c), and the table of contents rebuilt
 * from the headings written.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-date.h"
#include "annalist-odf-private.h"
#include "annalist-store-private.h"
#include "annalist-template-output.h"
#include "annalist-template-where.h"


/* Whether @parts has a file in the folder @folder ("Object 1/"). */
static gboolean
has_part_under (GHashTable *parts,
                const char *folder)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, folder))
      return TRUE;
  return FALSE;
}

static Out *
out_of (Render *r)
{
  return r->out;
}

void
_annalist_render_fail (Render     *r,
                       Tag        *tag,
                       const char *format,
                       ...)
{
  g_autofree char *problem = NULL;
  va_list ap;

  if (r->error != NULL)
    return;
  va_start (ap, format);
  problem = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (tag != NULL)
    _annalist_template_tag_error (r->tmpl, tag, &r->error, problem);
  else
    r->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, problem);
}

gboolean
_annalist_render_ok (Render *r)
{
  if (r->error == NULL && r->cancellable != NULL)
    g_cancellable_set_error_if_cancelled (r->cancellable, &r->error);
  return r->error == NULL;
}

/* Elements ---------------------------------------------------------------------- */

static void render_children (Render *r, xmlNodePtr node);
void _annalist_render_node (Render *r, xmlNodePtr c);

static gboolean
contains_placeholder (xmlNodePtr node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        (_annalist_xml_is (c, ANN_NS, NULL) || contains_placeholder (c)))
      return TRUE;
  return FALSE;
}

static gboolean
sole_paragraph_of_cell (xmlNodePtr node)
{
  xmlNodePtr parent = node->parent;

  while (parent != NULL && _annalist_xml_is (parent, ANN_NS, NULL))
    parent = parent->parent;
  if (!_annalist_xml_is (parent, NS_TABLE, "table-cell"))
    return FALSE;
  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (c != node && c->type == XML_ELEMENT_NODE)
      return FALSE;
  return TRUE;
}

/* Whether the paragraph's style puts it at the top of a page (a page
 * break, another page style): such a paragraph is layout, kept. */
static gboolean
starts_page (Render     *r,
             xmlNodePtr  node)
{
  g_autofree char *style = (char *) xmlGetNsProp (node, BAD_CAST "style-name", BAD_CAST NS_TEXT);

  return style != NULL && g_hash_table_contains (r->tmpl->page_styles, style);
}

/* An element inside a paragraph: started when content comes. */
static void
render_lazy (Render     *r,
             xmlNodePtr  node,
             const char *name)
{
  Out *o = out_of (r);
  Open *e = g_new0 (Open, 1);
  guint depth;

  e->name = name;
  e->attrs = _annalist_out_attributes (r, node, FALSE);
  g_ptr_array_add (o->open, e);
  depth = o->open->len;
  render_children (r, node);
  /* A paragraph break may have replaced the entries: end what stands at
   * this depth. */
  e = g_ptr_array_index (o->open, depth - 1);
  if (e->written)
    annalist_xml_out_end (o->w);
  g_ptr_array_set_size (o->open, depth - 1);
}

/* A bookmark or reference mark prints nothing: met before the content of
 * its paragraph, it waits for it and goes with the paragraph when that
 * comes out empty and is left out, as it went before marks were kept. */
static void
render_mark (Render     *r,
             xmlNodePtr  node,
             const char *name)
{
  Out *o = out_of (r);
  guint index = _annalist_out_paragraph_index (o);
  Open *p = index != G_MAXUINT ? g_ptr_array_index (o->open, index) : NULL;
  Open *m = g_new0 (Open, 1);

  m->name = name;
  m->attrs = _annalist_out_attributes (r, node, FALSE);
  g_ptr_array_add (o->marks, m);
  if (p == NULL || p->written)
    _annalist_out_flush (o);
}

/* The ends of ranges still waiting for content when a cell, a note's
 * body, a text box, a header or the text closes, from the @from-th mark
 * on: their paragraph was left out and was the last there. A range
 * started inside cannot end in what follows, so it ends where the last
 * paragraph written there does, when that was the last thing written;
 * else it is left without an end, which LibreOffice does not show. */
static void
end_carried_ranges (Out  *o,
                    guint from)
{
  if (o->marks->len > from &&
      (annalist_xml_out_reopen (o->w, "text:p") || annalist_xml_out_reopen (o->w, "text:h")))
    {
      _annalist_out_write_marks (o, from);
      annalist_xml_out_end (o->w);
    }
  g_ptr_array_set_size (o->marks, from);
}

static void
render_paragraph (Render     *r,
                  xmlNodePtr  node,
                  const char *name)
{
  Out *o = out_of (r);
  gboolean heading = _annalist_xml_is (node, NS_TEXT, "h");
  /* A paragraph that held placeholders and comes out empty is left out;
   * but a cell keeps a paragraph to type in, and a paragraph that starts
   * a page keeps its page. */
  gboolean droppable = contains_placeholder (node) && !sole_paragraph_of_cell (node) &&
                       !starts_page (r, node);
  Open *e = g_new0 (Open, 1);
  gboolean outer = o->open->len == 0;

  e->name = name;
  e->attrs = _annalist_out_attributes (r, node, FALSE);
  g_ptr_array_add (o->open, e);
  o->space = TRUE;
  if (heading && outer)
    {
      g_autofree char *level = (char *) xmlGetNsProp (node, BAD_CAST "outline-level", BAD_CAST NS_TEXT);

      o->in_heading = TRUE;
      g_string_truncate (o->heading, 0);
      o->heading_level = level ? (guint) g_ascii_strtoull (level, NULL, 10) : 1;
    }
  /* A paragraph of the user's own is written even when empty. */
  if (!droppable)
    _annalist_out_flush (o);

  render_children (r, node);

  {
    guint index = _annalist_out_paragraph_index (o);
    Open *p = index != G_MAXUINT ? g_ptr_array_index (o->open, index) : NULL;
    g_autofree char *text = NULL;

    if (heading && outer)
      {
        o->in_heading = FALSE;
        text = g_strstrip (g_strdup (o->heading->str));
      }
    /* The heading's entry in the table of contents, with a bookmark at
     * the heading's end for the entry's page number. */
    if (text != NULL && *text != '\0' && o->doc != NULL)
      {
        if (p != NULL && p->written)
          {
            const char *mark = _annalist_odf_document_toc_mark (o->doc, o->heading_level, text);

            if (mark != NULL)
              {
                annalist_xml_out_start (o->w, "text:bookmark");
                annalist_xml_out_attr (o->w, "text:name", mark);
                annalist_xml_out_end (o->w);
              }
          }
        else
          _annalist_odf_document_toc_entry (o->doc, o->heading_level, text);
      }
    if (p != NULL && p->written)
      annalist_xml_out_end (o->w);
    g_ptr_array_set_size (o->open, index != G_MAXUINT ? index : 0);
    /* Marks still waiting: the paragraph was left out, and they go with
     * it, but for the ends of ranges started before it, which wait for
     * the next content: the range ends where the paragraph would have. */
    for (guint i = o->marks->len; i-- > 0; )
      if (!g_str_has_suffix (((Open *) g_ptr_array_index (o->marks, i))->name, "-end"))
        g_ptr_array_remove_index (o->marks, i);
  }
}

/* A caption number («Таблица 3»): counted again, since loops repeat them. */
static void
render_sequence (Render     *r,
                 xmlNodePtr  node)
{
  Out *o = out_of (r);
  g_autofree char *name = (char *) xmlGetNsProp (node, BAD_CAST "name", BAD_CAST NS_TEXT);
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, FALSE);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (o->sequences, name ? name : "")) + 1;
  char number[16];

  g_hash_table_insert (o->sequences, g_strdup (name ? name : ""), GUINT_TO_POINTER (n));
  _annalist_out_flush (o);
  annalist_xml_out_start (o->w, "text:sequence");
  _annalist_out_write_attributes (o->w, attrs);
  g_snprintf (number, sizeof number, "%u", n);
  annalist_xml_out_text (o->w, number);
  if (o->in_heading)
    g_string_append (o->heading, number);
  annalist_xml_out_end (o->w);
}

/* A picture of the package: inline in a flat file. */
static void
render_image (Render     *r,
              xmlNodePtr  node,
              const char *name)
{
  Out *o = out_of (r);
  g_autofree char *href = (char *) xmlGetNsProp (node, BAD_CAST "href", BAD_CAST NS_XLINK);
  const char *path = href && g_str_has_prefix (href, "./") ? href + 2 : href;
  GBytes *data = path ? g_hash_table_lookup (r->tmpl->parts, path) : NULL;
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, FALSE);

  _annalist_out_flush (o);
  annalist_xml_out_start (o->w, name);
  for (guint a = 0; a + 1 < attrs->len; a += 2)
    {
      const char *attr = g_ptr_array_index (attrs, a);

      if (o->flat && data != NULL && g_str_has_prefix (attr, "xlink:"))
        continue;
      _annalist_out_write_attribute (o->w, attr, g_ptr_array_index (attrs, a + 1));
    }
  if (o->flat && data != NULL)
    {
      gsize len;
      const char *bytes = g_bytes_get_data (data, &len);

      annalist_xml_out_start (o->w, "office:binary-data");
      annalist_xml_out_base64 (o->w, (const guint8 *) bytes, len);
      annalist_xml_out_end (o->w);
    }
  else
    render_children (r, node);
  annalist_xml_out_end (o->w);
}

/* The table of contents: its source as the template has it, its entries
 * the headings of this document. */
static void
render_toc (Render     *r,
            xmlNodePtr  node,
            const char *name)
{
  Out *o = out_of (r);
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, FALSE);
  const char *styles[11] = { NULL };
  guint max_level = 10;

  _annalist_out_flush (o);
  annalist_xml_out_start (o->w, name);
  _annalist_out_write_attributes (o->w, attrs);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (_annalist_xml_is (c, NS_TEXT, "table-of-content-source"))
        {
          g_autofree char *outline = (char *) xmlGetNsProp (c, BAD_CAST "outline-level", BAD_CAST NS_TEXT);

          if (outline != NULL)
            max_level = MIN (10, (guint) g_ascii_strtoull (outline, NULL, 10));
          for (xmlNodePtr t = c->children; t != NULL; t = t->next)
            if (_annalist_xml_is (t, NS_TEXT, "table-of-content-entry-template"))
              {
                g_autofree char *level = (char *) xmlGetNsProp (t, BAD_CAST "outline-level", BAD_CAST NS_TEXT);
                char *style = (char *) xmlGetNsProp (t, BAD_CAST "style-name", BAD_CAST NS_TEXT);
                guint l = level ? (guint) g_ascii_strtoull (level, NULL, 10) : 0;

                if (l >= 1 && l <= 10 && style != NULL)
                  {
                    styles[l] = g_intern_string (style);
                  }
                xmlFree (style);
              }
          /* The source itself is copied as it is. */
          {
            g_autofree char *qname = _annalist_out_qualified (r, c);
            render_lazy (r, c, qname);
          }
        }
      else if (_annalist_xml_is (c, NS_TEXT, "index-body"))
        {
          annalist_xml_out_start (o->w, "text:index-body");
          for (xmlNodePtr t = c->children; t != NULL; t = t->next)
            if (_annalist_xml_is (t, NS_TEXT, "index-title"))
              {
                g_autofree char *qname = _annalist_out_qualified (r, t);
                g_autoptr(GPtrArray) title_attrs = _annalist_out_attributes (r, t, FALSE);

                annalist_xml_out_start (o->w, qname);
                _annalist_out_write_attributes (o->w, title_attrs);
                render_children (r, t);
                annalist_xml_out_end (o->w);
              }
          if (o->doc != NULL)
            _annalist_odf_document_toc_here (o->doc, styles, max_level);
          annalist_xml_out_end (o->w);
        }
    }
  annalist_xml_out_end (o->w);
}

/* Loops and conditions -------------------------------------------------------------- */

static Frame *
frame_push (Render             *r,
            guint               index,
            FrameType           type,
            const AnnalistKind *kind)
{
  Frame *f = g_new0 (Frame, 1);

  f->index = index;
  f->type = type;
  f->kind = kind;
  f->count = -1;
  f->serial = ++r->serials;
  g_ptr_array_add (r->frames, f);
  return f;
}

static void
frame_pop (Render *r)
{
  Frame *f = g_ptr_array_steal_index (r->frames, r->frames->len - 1);

  g_clear_pointer (&f->group_key, sqlite3_value_free);
  g_free (f);
}

static void
column_items_free (gpointer data)
{
  ColumnItems *column = data;

  g_clear_pointer (&column->items, g_ptr_array_unref);
  g_free (column);
}

static int
year_of (Render *r,
         Tag    *tag,
         Expr   *e,
         gboolean *ok)
{
  Value v = VALUE_INIT;
  int year = 0;

  *ok = _annalist_eval (r, tag, e, &v);
  if (!*ok)
    return 0;
  if (v.type == V_TEXT)
    {
      if (!annalist_academic_year_parse (v.s, &year))
        {
          _annalist_render_fail (r, tag, _("“%s” is not an academic year"), v.s);
          *ok = FALSE;
        }
    }
  else
    year = (int) _annalist_value_number (&v);
  _annalist_value_clear (&v);
  if (*ok && (year < 1990 || year > 2100))
    {
      _annalist_render_fail (r, tag, _("the year %d is out of range"), year);
      *ok = FALSE;
    }
  return year;
}

ColumnItems *
_annalist_column_items (Render *r,
                        Tag    *tag)
{
  Out *o = out_of (r);
  Loop *loop = tag->loop;
  ColumnItems *column = g_hash_table_lookup (o->columns, loop);
  GPtrArray *items;

  if (column == NULL)
    {
      column = g_new0 (ColumnItems, 1);
      g_hash_table_insert (o->columns, loop, column);
    }
  else if (column->instance == o->table_instance)
    return column;

  items = g_ptr_array_new_with_free_func (_annalist_row_free);
  if (loop->type == SOURCE_YEARS)
    {
      gboolean ok;
      int from = year_of (r, tag, loop->from, &ok);
      int to = ok ? year_of (r, tag, loop->to, &ok) : 0;

      g_ptr_array_set_free_func (items, NULL);
      for (int y = from; ok && y <= to; y++)
        g_ptr_array_add (items, GINT_TO_POINTER (y));
    }
  else
    {
      sqlite3_stmt *stmt = _annalist_query_run (r, loop->query);
      int rc;

      while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (items, _annalist_row_keep (stmt));
      if (stmt != NULL)
        sqlite3_reset (stmt);
    }
  g_clear_pointer (&column->items, g_ptr_array_unref);
  column->items = items;
  column->instance = o->table_instance;
  column->serial = r->serials + 1;
  r->serials += items->len;
  return column;
}

static void
render_each (Render     *r,
             xmlNodePtr  node)
{
  Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (node));
  Loop *loop = tag->loop;
  StaticFrame *sf = g_ptr_array_index (r->tmpl->frames, loop->frame);

  if (loop->column)
    {
      ColumnItems *column = _annalist_column_items (r, tag);
      GPtrArray *items = column->items;

      for (guint i = 0; i < items->len && _annalist_render_ok (r); i++)
        {
          Frame *f = frame_push (r, loop->frame, sf->type, sf->kind);

          f->serial = column->serial + i;
          f->number = i + 1;
          f->count = items->len;
          if (loop->type == SOURCE_YEARS)
            f->year = GPOINTER_TO_INT (g_ptr_array_index (items, i));
          else
            {
              f->row = g_ptr_array_index (items, i);
              f->n_row = loop->query->n_columns;
              f->columns = loop->query->columns;
              if (sf->type == FRAME_GROUP)
                {
                  f->group_count = sqlite3_value_int64 (f->row[f->n_row]);
                  f->group_key = sqlite3_value_dup (f->row[f->n_row + 2]);
                }
            }
          render_children (r, node);
          frame_pop (r);
        }
      return;
    }

  if (loop->type == SOURCE_YEARS)
    {
      gboolean ok;
      int from = year_of (r, tag, loop->from, &ok);
      int to = ok ? year_of (r, tag, loop->to, &ok) : 0;

      for (int y = from; ok && y <= to && _annalist_render_ok (r); y++)
        {
          Frame *f = frame_push (r, loop->frame, FRAME_YEAR, NULL);

          f->year = y;
          f->number = y - from + 1;
          f->count = to - from + 1;
          render_children (r, node);
          frame_pop (r);
        }
      return;
    }

  {
    gint64 count = loop->needs_count ? _annalist_query_count (r, loop->query) : -1;
    sqlite3_stmt *stmt;
    guint n = 0;
    int rc = SQLITE_DONE;

    if (!_annalist_render_ok (r))
      return;
    stmt = _annalist_query_run (r, loop->query);
    if (stmt == NULL)
      return;
    if (count >= 0 && loop->limit != NULL)
      {
        /* The count of a loop with a limit is what it shows. */
        Value v = VALUE_INIT;
        if (_annalist_eval (r, tag, loop->limit, &v))
          count = MIN (count, (gint64) _annalist_value_number (&v));
        _annalist_value_clear (&v);
      }

    while (_annalist_render_ok (r) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Frame *f = frame_push (r, loop->frame, sf->type, sf->kind);
        guint n_columns = loop->query->n_columns;

        f->stmt = stmt;
        f->columns = loop->query->columns;
        f->number = ++n;
        f->count = count;
        if (sf->type == FRAME_GROUP)
          {
            f->group_count = sqlite3_column_int64 (stmt, n_columns);
            f->group_key = sqlite3_value_dup (sqlite3_column_value (stmt, n_columns + 2));
          }
        render_children (r, node);
        frame_pop (r);
      }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW && r->error == NULL)
      _annalist_render_fail (r, tag, _("the records cannot be read: %s"), sqlite3_errmsg (r->db));
    sqlite3_reset (stmt);
  }
}

static void
render_if (Render     *r,
           xmlNodePtr  node)
{
  Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (node));
  gboolean yes = _annalist_eval_truth (r, tag, tag->expr);
  gboolean before_else = TRUE;

  if (!_annalist_render_ok (r))
    return;
  for (xmlNodePtr c = node->children; c != NULL && _annalist_render_ok (r); c = c->next)
    {
      if (_annalist_xml_is (c, ANN_NS, "else"))
        before_else = FALSE;
      else if (before_else == yes)
        _annalist_render_node (r, c);
    }
}

/* A chart of a kind's records: {{chart line share_dynamics academic_year share "Доля ОО, %"}}. */
static void
render_chart (Render *r,
              Tag    *tag)
{
  Out *o = out_of (r);
  Loop *loop = tag->loop;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *series_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *axis = NULL;
  sqlite3_stmt *stmt;
  AnnalistOdfChartSeries series;
  AnnalistOdfChart chart = { 0 };
  StaticFrame *sf;
  Value v = VALUE_INIT;

  /* Charts stand only in the body: one in a page header or footer (parts
   * rendered without the document) is refused when the template is read. */
  g_return_if_fail (o->doc != NULL);
  if (loop == NULL)
    return;
  sf = g_ptr_array_index (r->tmpl->frames, loop->frame);
  if (_annalist_eval (r, tag, g_ptr_array_index (tag->args, 3), &v))
    series_name = g_strdup (v.s ? v.s : "");
  _annalist_value_clear (&v);
  for (guint a = 4; a + 1 < tag->args->len; a += 2)
    {
      const char *option = ((Expr *) g_ptr_array_index (tag->args, a))->text;

      if (!_annalist_eval (r, tag, g_ptr_array_index (tag->args, a + 1), &v))
        return;
      if (g_str_equal (option, "title"))
        {
          g_free (title);
          title = g_strdup (v.s ? v.s : "");
        }
      else
        {
          g_free (axis);
          axis = g_strdup (v.s ? v.s : "");
        }
      _annalist_value_clear (&v);
    }

  stmt = _annalist_query_run (r, loop->query);
  while (stmt != NULL && _annalist_render_ok (r) && sqlite3_step (stmt) == SQLITE_ROW)
    {
      Frame *f = frame_push (r, loop->frame, sf->type, sf->kind);
      Expr *x = g_ptr_array_index (tag->args, 1);
      Expr *y = g_ptr_array_index (tag->args, 2);
      Tag probe = *tag;
      double d;

      f->stmt = stmt;
      f->columns = loop->query->columns;
      probe.expr = x;
      probe.filters = NULL;
      {
        char *text = _annalist_eval_text (r, &probe, NULL);
        g_ptr_array_add (categories, text ? text : g_strdup (""));
      }
      _annalist_eval (r, tag, y, &v);
      d = _annalist_value_number (&v);
      _annalist_value_clear (&v);
      g_array_append_val (values, d);
      frame_pop (r);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (!_annalist_render_ok (r) || values->len == 0)
    return;

  series.name = series_name ? series_name : "";
  series.values = (const double *) values->data;
  chart.kind = g_str_equal (tag->block, "bar") ? ANNALIST_ODF_CHART_BAR : ANNALIST_ODF_CHART_LINE;
  chart.title = title;
  chart.y_axis_title = axis;
  chart.n_categories = categories->len;
  chart.categories = (const char * const *) categories->pdata;
  chart.n_series = 1;
  chart.series = &series;
  _annalist_out_flush (o);
  annalist_odf_document_add_chart (o->doc, o->w, &chart);
}

static void
render_value (Render     *r,
              xmlNodePtr  node)
{
  Out *o = out_of (r);
  Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (node));
  g_autofree char *text = NULL;

  if (tag->type == TAG_BLOCK)
    {
      render_chart (r, tag);
      return;
    }
  if (tag == o->pre_tag)
    text = g_steal_pointer (&o->pre_text);
  else
    text = _annalist_eval_text (r, tag, NULL);
  if (text == NULL)
    return;

  o->lines = FALSE;
  for (guint i = 0; tag->filters && i < tag->filters->len; i++)
    if (g_str_equal (((Filter *) g_ptr_array_index (tag->filters, i))->name, "lines"))
      o->lines = TRUE;
  _annalist_out_value_text (o, text);
  o->lines = FALSE;
}

/* A cell of one value that is a number: typed as one, so that users can
 * compute with it. */
static void
render_cell (Render     *r,
             xmlNodePtr  node,
             const char *name)
{
  Out *o = out_of (r);
  gboolean placeholders = contains_placeholder (node);
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, placeholders);
  Value number = VALUE_INIT;
  gboolean numeric = FALSE;
  guint marks = o->marks->len;

  if (placeholders)
    {
      /* The value of the only placeholder, when the cell is marked so. */
      for (xmlNodePtr p = node->children; p != NULL; p = p->next)
        for (xmlNodePtr d = p->children; d != NULL; d = d->next)
          {
            xmlNodePtr v = d;

            while (v != NULL && _annalist_xml_is (v, NS_TEXT, "span") && v->children == v->last)
              v = v->children;
            if (v != NULL && _annalist_xml_is (v, ANN_NS, "v"))
              {
                Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (v));

                if (tag->numeric_cell && o->pre_tag == NULL)
                  {
                    o->pre_text = _annalist_eval_text (r, tag, &number);
                    o->pre_tag = tag;
                    numeric = _annalist_value_is_number (&number);
                  }
              }
          }
    }

  annalist_xml_out_start (o->w, name);
  _annalist_out_write_attributes (o->w, attrs);
  if (numeric)
    {
      gboolean percent = FALSE;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint i = 0; o->pre_tag->filters && i < o->pre_tag->filters->len; i++)
        if (g_str_equal (((Filter *) g_ptr_array_index (o->pre_tag->filters, i))->name, "percent"))
          percent = TRUE;
      if (percent)
        /* 20.8 / 100 is 0.20800000000000002: the share as printed, not
         * the division's last bit. */
        g_ascii_formatd (buf, sizeof buf, "%.15g", _annalist_value_number (&number) / 100);
      else
        annalist_format_exact (_annalist_value_number (&number), buf);
      _annalist_out_write_attribute (o->w, "office:value-type", percent ? "percentage" : "float");
      _annalist_out_write_attribute (o->w, "office:value", buf);
    }
  else if (placeholders)
    _annalist_out_write_attribute (o->w, "office:value-type", "string");
  render_children (r, node);
  end_carried_ranges (o, marks);
  annalist_xml_out_end (o->w);
  o->pre_tag = NULL;
  g_clear_pointer (&o->pre_text, g_free);
  _annalist_value_clear (&number);
}

/* Every column of the table was a column loop's and none found a record:
 * ODF wants a column, and a cell in every row; empty ones. Before the
 * table's first row. */
static void
fill_columns (Out        *o,
              TableState *t)
{
  if (t->columns > 0)
    return;
  annalist_xml_out_start (o->w, "table:table-column");
  annalist_xml_out_end (o->w);
  t->columns = 1;
  t->filled = TRUE;
}

/* A table's header rows (or columns): a loop in them may find nothing,
 * and ODF wants at least one row (column) in the group; it is written
 * only if something came out of it. They are a few rows: held in memory
 * until then. */
static void
render_header (Render     *r,
               xmlNodePtr  node,
               const char *name)
{
  Out *o = out_of (r);
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, FALSE);
  gboolean rows = g_str_equal (name, "table:table-header-rows");
  AnnalistXmlOut *saved = o->w;
  g_autoptr(GBytes) bytes = NULL;
  TableState *t = &g_array_index (o->tables, TableState, o->tables->len - 1);
  guint before;

  _annalist_out_flush (o);
  if (rows)
    fill_columns (o, t);
  before = rows ? t->rows : t->columns;
  o->w = annalist_xml_out_new (NULL, NULL);
  render_children (r, node);
  bytes = annalist_xml_out_steal (o->w);
  annalist_xml_out_free (o->w);
  o->w = saved;
  /* A table in a header cell may have moved the array. */
  t = &g_array_index (o->tables, TableState, o->tables->len - 1);
  if ((rows ? t->rows : t->columns) > before)
    {
      annalist_xml_out_start (o->w, name);
      _annalist_out_write_attributes (o->w, attrs);
      annalist_xml_out_raw (o->w, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      annalist_xml_out_end (o->w);
    }
}

static void
render_table (Render     *r,
              xmlNodePtr  node,
              const char *name)
{
  Out *o = out_of (r);
  g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, node, FALSE);
  TableState state = { 0 };

  o->table_instance++;
  _annalist_table_widths_begin (r, node, &state);
  g_array_append_val (o->tables, state);
  _annalist_out_flush (o);
  annalist_xml_out_start (o->w, name);
  _annalist_out_write_attributes (o->w, attrs);
  render_children (r, node);
  state = g_array_index (o->tables, TableState, o->tables->len - 1);
  if (state.rows == 0)
    {
      /* A loop that found nothing left a table without rows, which ODF
       * does not allow: one empty row (and a column, if none was left). */
      fill_columns (o, &state);
      annalist_xml_out_start (o->w, "table:table-row");
      for (guint i = 0; i < MAX (state.columns, 1); i++)
        {
          annalist_xml_out_start (o->w, "table:table-cell");
          annalist_xml_out_end (o->w);
        }
      annalist_xml_out_end (o->w);
    }
  annalist_xml_out_end (o->w);
  _annalist_table_widths_end (&state);
  g_array_set_size (o->tables, o->tables->len - 1);
}

/* What an element of the template is to the writer: found once per node
 * (ODF's names are compared as text), as the loops repeat the nodes. */
typedef enum
{
  ELEMENT_DROPPED,    /* not ODF, or left out (see classify ()) */
  ELEMENT_VALUE,      /* the engine's own: a placeholder */
  ELEMENT_EACH,
  ELEMENT_IF,
  ELEMENT_ENGINE,     /* another of the engine's own */
  ELEMENT_PARAGRAPH,
  ELEMENT_INLINE,     /* a span, link or meta: started when content comes */
  ELEMENT_MARK,       /* a bookmark or reference mark: written when content comes */
  ELEMENT_SEQUENCE,
  ELEMENT_IMAGE,
  ELEMENT_OBJECT,
  ELEMENT_TOC,
  ELEMENT_TABLE,
  ELEMENT_CELL,
  ELEMENT_ROW,
  ELEMENT_COLUMN,
  ELEMENT_HEADER,     /* a table's header rows or header columns */
  ELEMENT_BOUNDED,    /* a note's body, a text box, a header: its ranges end inside */
  ELEMENT_OTHER,
} ElementKind;

struct _Element
{
  ElementKind  kind;
  char        *name;  /* «text:p»; NULL for the engine's and dropped ones */
};

void
_annalist_element_free (gpointer data)
{
  Element *e = data;

  g_free (e->name);
  g_free (e);
}

static ElementKind
classify (xmlNodePtr  c,
          const char *name)
{
  static const struct { const char *ns, *name; ElementKind kind; } kinds[] = {
    /* What does not belong in the output: layout hints that would be
     * stale, names that would be doubled, the template's comments and
     * macros. */
    { NS_TEXT, "soft-page-break", ELEMENT_DROPPED },
    { NS_TEXT, "bookmark", ELEMENT_MARK },
    { NS_TEXT, "bookmark-start", ELEMENT_MARK },
    { NS_TEXT, "bookmark-end", ELEMENT_MARK },
    { NS_TEXT, "reference-mark", ELEMENT_MARK },
    { NS_TEXT, "reference-mark-start", ELEMENT_MARK },
    { NS_TEXT, "reference-mark-end", ELEMENT_MARK },
    { NS_OFFICE, "annotation", ELEMENT_DROPPED },
    { NS_OFFICE, "annotation-end", ELEMENT_DROPPED },
    /* Tracked changes: the template is written as if every change were
     * accepted (deleted text lives only in the list of changes). */
    { NS_TEXT, "tracked-changes", ELEMENT_DROPPED },
    { NS_TEXT, "change", ELEMENT_DROPPED },
    { NS_TEXT, "change-start", ELEMENT_DROPPED },
    { NS_TEXT, "change-end", ELEMENT_DROPPED },
    { NS_OFFICE, "event-listeners", ELEMENT_DROPPED },
    { NS_OFFICE, "scripts", ELEMENT_DROPPED },
    { NS_TEXT, "p", ELEMENT_PARAGRAPH },
    { NS_TEXT, "h", ELEMENT_PARAGRAPH },
    { NS_TEXT, "span", ELEMENT_INLINE },
    { NS_TEXT, "a", ELEMENT_INLINE },
    { NS_TEXT, "meta", ELEMENT_INLINE },
    { NS_TEXT, "sequence", ELEMENT_SEQUENCE },
    { NS_DRAW, "image", ELEMENT_IMAGE },
    { NS_DRAW, "object", ELEMENT_OBJECT },
    { NS_TEXT, "table-of-content", ELEMENT_TOC },
    { NS_TABLE, "table", ELEMENT_TABLE },
    { NS_TABLE, "table-cell", ELEMENT_CELL },
    { NS_TABLE, "table-row", ELEMENT_ROW },
    { NS_TABLE, "table-column", ELEMENT_COLUMN },
    { NS_TABLE, "table-header-rows", ELEMENT_HEADER },
    { NS_TABLE, "table-header-columns", ELEMENT_HEADER },
    { NS_TEXT, "note-body", ELEMENT_BOUNDED },
    { NS_DRAW, "text-box", ELEMENT_BOUNDED },
    { NS_STYLE, "header", ELEMENT_BOUNDED },
    { NS_STYLE, "footer", ELEMENT_BOUNDED },
    { NS_STYLE, "header-left", ELEMENT_BOUNDED },
    { NS_STYLE, "footer-left", ELEMENT_BOUNDED },
    { NS_STYLE, "header-first", ELEMENT_BOUNDED },
    { NS_STYLE, "footer-first", ELEMENT_BOUNDED },
  };

  if (_annalist_xml_is (c, ANN_NS, NULL))
    return _annalist_xml_is (c, ANN_NS, "v") ? ELEMENT_VALUE
         : _annalist_xml_is (c, ANN_NS, "each") ? ELEMENT_EACH
         : _annalist_xml_is (c, ANN_NS, "if") ? ELEMENT_IF : ELEMENT_ENGINE;
  /* Other suites' extensions have no ODF name. */
  if (name == NULL)
    return ELEMENT_DROPPED;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (_annalist_xml_is (c, kinds[i].ns, kinds[i].name))
      return kinds[i].kind;
  return ELEMENT_OTHER;
}

static const Element *
element_of (Render     *r,
            xmlNodePtr  c)
{
  Out *o = out_of (r);
  Element *e = g_hash_table_lookup (o->elements, c);

  if (e == NULL)
    {
      e = g_new0 (Element, 1);
      if (!_annalist_xml_is (c, ANN_NS, NULL))
        e->name = _annalist_out_qualified (r, c);
      e->kind = classify (c, e->name);
      g_hash_table_insert (o->elements, c, e);
    }
  return e;
}

void
_annalist_render_node (Render     *r,
                       xmlNodePtr  c)
{
  Out *o = out_of (r);
  const Element *e;

  if (!_annalist_render_ok (r))
    return;

  if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
    {
      const char *text = (const char *) c->content;

      if (text == NULL || *text == '\0')
        return;
      if (o->open->len == 0)
        {
          /* Between elements: only layout whitespace. */
          annalist_xml_out_text (o->w, text);
          return;
        }
      _annalist_out_chars (o, text, strlen (text));
      o->space = text[strlen (text) - 1] == ' ';
      return;
    }
  if (c->type != XML_ELEMENT_NODE)
    return;

  e = element_of (r, c);
  switch (e->kind)
    {
    case ELEMENT_VALUE:
      render_value (r, c);
      return;
    case ELEMENT_EACH:
      render_each (r, c);
      return;
    case ELEMENT_IF:
      render_if (r, c);
      return;
    case ELEMENT_ENGINE:
    case ELEMENT_DROPPED:
      return;
    case ELEMENT_PARAGRAPH:
      render_paragraph (r, c, e->name);
      return;
    case ELEMENT_INLINE:
      if (o->open->len > 0)
        {
          render_lazy (r, c, e->name);
          return;
        }
      break;
    case ELEMENT_MARK:
      if (o->open->len > 0)
        {
          render_mark (r, c, e->name);
          return;
        }
      break;
    case ELEMENT_SEQUENCE:
      render_sequence (r, c);
      return;
    case ELEMENT_IMAGE:
      if (o->flat)
        {
          render_image (r, c, e->name);
          return;
        }
      break;
    case ELEMENT_OBJECT:
      /* In a flat file its replacement picture stands for it. */
      if (o->flat)
        return;
      break;
    case ELEMENT_TOC:
      render_toc (r, c, e->name);
      return;
    case ELEMENT_TABLE:
      render_table (r, c, e->name);
      return;
    case ELEMENT_CELL:
      render_cell (r, c, e->name);
      return;
    case ELEMENT_HEADER:
      if (o->tables->len > 0)
        {
          render_header (r, c, e->name);
          return;
        }
      break;
    case ELEMENT_ROW:
    case ELEMENT_COLUMN:
    case ELEMENT_BOUNDED:
    case ELEMENT_OTHER:
      break;
    }

  {
    g_autoptr(GPtrArray) attrs = _annalist_out_attributes (r, c, FALSE);
    const char *style = NULL;
    gboolean filler = FALSE;

    _annalist_out_flush (o);
    if (o->tables->len > 0)
      {
        TableState *t = &g_array_index (o->tables, TableState, o->tables->len - 1);

        if (e->kind == ELEMENT_ROW)
          {
            t->rows++;
            fill_columns (o, t);
            filler = t->filled;
          }
        else if (e->kind == ELEMENT_COLUMN)
          {
            g_autofree char *n = (char *) xmlGetNsProp (c, BAD_CAST "number-columns-repeated", BAD_CAST NS_TABLE);
            t->columns += n ? MAX (1, (guint) g_ascii_strtoull (n, NULL, 10)) : 1;
            style = _annalist_table_column_style (r, t, c);
          }
      }
    annalist_xml_out_start (o->w, e->name);
    if (style == NULL)
      _annalist_out_write_attributes (o->w, attrs);
    else
      for (guint a = 0; a + 1 < attrs->len; a += 2)
        _annalist_out_write_attribute (o->w, g_ptr_array_index (attrs, a),
                                       g_str_equal (g_ptr_array_index (attrs, a), "table:style-name")
                                         ? style : g_ptr_array_index (attrs, a + 1));
    render_children (r, c);
    if (e->kind == ELEMENT_BOUNDED)
      end_carried_ranges (o, 0);
    if (filler)
      {
        annalist_xml_out_start (o->w, "table:table-cell");
        annalist_xml_out_end (o->w);
      }
    annalist_xml_out_end (o->w);
  }
}

static void
render_children (Render     *r,
                 xmlNodePtr  node)
{
  for (xmlNodePtr c = node->children; c != NULL && _annalist_render_ok (r); c = c->next)
    _annalist_render_node (r, c);
}

/* The document ---------------------------------------------------------------------- */

/* Writes the children of @node (those for which @keep says so) into a
 * buffer, for a part of the prelude. */
static GBytes *
render_part (Render     *r,
             xmlNodePtr  node,
             gboolean  (*keep) (xmlNodePtr node))
{
  Out *o = out_of (r);
  AnnalistXmlOut *w = annalist_xml_out_new (NULL, NULL);
  AnnalistXmlOut *saved = o->w;
  AnnalistOdfDocument *doc = o->doc;
  GBytes *bytes;

  o->w = w;
  o->doc = NULL;
  for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
    if (keep == NULL || c->type != XML_ELEMENT_NODE || keep (c))
      _annalist_render_node (r, c);
  bytes = annalist_xml_out_steal (w);
  annalist_xml_out_free (w);
  o->w = saved;
  o->doc = doc;
  return bytes;
}

static gboolean
is_page_layout (xmlNodePtr node)
{
  return _annalist_xml_is (node, NS_STYLE, "page-layout");
}

static gboolean
is_not_page_layout (xmlNodePtr node)
{
  return !is_page_layout (node);
}

/* What the template's own meta data says, but for what describes its
 * editing. */
static gboolean
is_lasting_meta (xmlNodePtr node)
{
  static const char * const stale[] = {
    "generator", "creation-date", "date", "editing-cycles", "editing-duration",
    "document-statistic", "template", "print-date", "printed-by", "initial-creator", "creator",
  };

  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    if (g_str_equal ((const char *) node->name, stale[i]))
      return FALSE;
  return TRUE;
}

static void
render_document (Render              *r,
                 AnnalistOdfDocument *doc)
{
  xmlNodePtr root = xmlDocGetRootElement (r->tmpl->doc);
  xmlNodePtr text = _annalist_xml_child (_annalist_xml_child (root, NS_OFFICE, "body"), NS_OFFICE, "text");
  static const struct { AnnalistOdfPrelude part; const char *element; gboolean (*keep) (xmlNodePtr); } parts[] = {
    { ANNALIST_ODF_PRELUDE_META, "meta", is_lasting_meta },
    { ANNALIST_ODF_PRELUDE_SETTINGS, "settings", NULL },
    { ANNALIST_ODF_PRELUDE_FONT_FACES, "font-face-decls", NULL },
    { ANNALIST_ODF_PRELUDE_STYLES, "styles", NULL },
    { ANNALIST_ODF_PRELUDE_PAGE_LAYOUTS, "automatic-styles", is_page_layout },
    { ANNALIST_ODF_PRELUDE_AUTOMATIC, "automatic-styles", is_not_page_layout },
    { ANNALIST_ODF_PRELUDE_MASTER, "master-styles", NULL },
  };
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < G_N_ELEMENTS (parts) && _annalist_render_ok (r); i++)
    {
      g_autoptr(GBytes) xml = render_part (r, _annalist_xml_child (root, NS_OFFICE, parts[i].element), parts[i].keep);
      annalist_odf_document_set_prelude (doc, parts[i].part, xml);
    }

  /* The pictures and objects of the package travel with it (a flat file
   * has them inline). */
  if (annalist_odf_document_get_format (doc) == ANNALIST_ODF_FORMAT_ODT)
    {
      g_hash_table_iter_init (&iter, r->tmpl->parts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *path = key;

          if (g_str_has_prefix (path, "Basic/") || g_str_has_prefix (path, "Scripts/"))
            continue;
          annalist_odf_document_add_file (doc, path, g_hash_table_lookup (r->tmpl->media_types, path), value);
        }
      /* An embedded object is a folder whose manifest entry says what it is. */
      g_hash_table_iter_init (&iter, r->tmpl->media_types);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *path = key;

          if (g_str_has_suffix (path, "/") && !g_str_equal (path, "/") && has_part_under (r->tmpl->parts, path))
            annalist_odf_document_add_file (doc, path, value, NULL);
        }
    }

  if (_annalist_render_ok (r))
    {
      render_children (r, text);
      end_carried_ranges (out_of (r), 0);
    }
}

void
_annalist_render_init (Render                       *r,
                       AnnalistTemplate             *self,
                       AnnalistStore                *store,
                       const AnnalistDocumentParams *params)
{
  g_autofree char *separator = annalist_store_get_setting (store, "report_year_separator");

  *r = (Render) { 0 };
  r->tmpl = self;
  r->store = store;
  r->db = annalist_store_get_db (store);
  r->params = params;
  r->frames = g_ptr_array_new ();
  r->stmts = g_hash_table_new (NULL, NULL);
  r->count_stmts = g_hash_table_new (NULL, NULL);
  r->statements = _annalist_statements_new ();
  r->links = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  r->results = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                      _annalist_value_free);
  r->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  r->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->narratives = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->filled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->separator = g_strdup (g_str_equal (separator, "/") ? "/" : "-");
}

void
_annalist_render_clear (Render *r)
{
  while (r->frames->len > 0)
    frame_pop (r);
  g_ptr_array_unref (r->frames);
  g_hash_table_unref (r->stmts);
  g_hash_table_unref (r->count_stmts);
  g_hash_table_unref (r->statements);
  g_hash_table_unref (r->links);
  g_hash_table_unref (r->results);
  g_hash_table_unref (r->rows);
  g_hash_table_unref (r->settings);
  g_hash_table_unref (r->narratives);
  g_hash_table_unref (r->filled);
  g_free (r->separator);
  g_clear_error (&r->error);
}

gboolean
_annalist_template_write (AnnalistTemplate             *self,
                          AnnalistStore                *store,
                          const AnnalistDocumentParams *params,
                          const char                   *path,
                          GCancellable                 *cancellable,
                          GError                      **error)
{
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  Render r = { 0 };
  Out o = { 0 };
  gboolean snapshot = FALSE;
  gboolean ok;

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, error);
  if (doc == NULL)
    return FALSE;

  _annalist_render_init (&r, self, store, params);
  r.cancellable = cancellable;
  r.out = &o;

  o.doc = doc;
  o.w = _annalist_odf_document_body (doc);
  o.flat = annalist_odf_document_get_format (doc) == ANNALIST_ODF_FORMAT_FODT;
  o.open = g_ptr_array_new_with_free_func (_annalist_out_open_free);
  o.marks = g_ptr_array_new_with_free_func (_annalist_out_open_free);
  o.marks_started = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.heading = g_string_new (NULL);
  o.tables = g_array_new (FALSE, FALSE, sizeof (TableState));
  o.sequences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The template's nodes stay as they are while it is rendered. */
  o.attributes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  o.elements = g_hash_table_new_full (NULL, NULL, NULL, _annalist_element_free);
  o.columns = g_hash_table_new_full (NULL, NULL, NULL, column_items_free);

  /* One read snapshot: the figures agree with each other even if the
   * window saves a record meanwhile. */
  if (sqlite3_get_autocommit (r.db))
    snapshot = annalist_store_exec (store, "BEGIN", &r.error);

  for (guint i = 0; i < self->computed->len && r.error == NULL; i++)
    annalist_computed_prepare (store, g_ptr_array_index (self->computed, i), &r.error);
  if (r.error == NULL)
    _annalist_where_check_names (&r);

  {
    /* The root, and the records the document is about. */
    Frame *root = frame_push (&r, 0, FRAME_ROOT, NULL);
    (void) root;
    for (guint i = 1; i < self->frames->len && r.error == NULL; i++)
      {
        StaticFrame *sf = g_ptr_array_index (self->frames, i);
        gint64 id = 0;

        if (sf->param == 0)
          continue;
        id = sf->param == ANNALIST_TEMPLATE_PARAM_ORGANISATION ? params->organisation_id
           : sf->param == ANNALIST_TEMPLATE_PARAM_PLAN ? params->plan_id : params->project_id;
        {
          Frame *f = frame_push (&r, i, FRAME_RECORD, sf->kind);
          sqlite3_value **row = _annalist_record_row (&r, sf->kind, id);

          f->row = row;
          f->n_row = row ? _annalist_query_n_columns (sf->kind) : 0;
        }
      }
  }

  if (r.error == NULL)
    render_document (&r, doc);

  /* The statements go before the snapshot ends. */
  g_hash_table_remove_all (r.stmts);
  g_hash_table_remove_all (r.count_stmts);
  g_hash_table_remove_all (r.statements);
  if (snapshot)
    annalist_store_exec (store, "COMMIT", NULL);

  while (r.frames->len > 0)
    frame_pop (&r);

  if (r.error != NULL)
    {
      annalist_odf_document_abort (doc);
      g_propagate_error (error, g_steal_pointer (&r.error));
      ok = FALSE;
    }
  else
    ok = annalist_odf_document_close (doc, error);

  _annalist_render_clear (&r);
  g_ptr_array_unref (o.open);
  g_ptr_array_unref (o.marks);
  g_hash_table_unref (o.marks_started);
  g_string_free (o.heading, TRUE);
  g_array_unref (o.tables);
  g_hash_table_unref (o.sequences);
  g_hash_table_unref (o.names);
  g_clear_pointer (&o.looped_targets, g_hash_table_unref);
  g_hash_table_unref (o.attributes);
  g_hash_table_unref (o.elements);
  g_hash_table_unref (o.columns);
  g_clear_pointer (&o.column_styles, g_hash_table_unref);
  g_free (o.pre_text);
  return ok;
}
