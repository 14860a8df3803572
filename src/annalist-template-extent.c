/* annalist-template-extent.c — what a loop or a condition covers: the
 * smallest structure holding its opener and its closer, wrapped
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan (annalist-template-scan.c) pairs each opener with its closer;
 * here the pair is given its extent (the rules are told at the top of
 * the scan's file) and wrapped in an ann:each or ann:if element, or a
 * column loop is made of it. A pair that would cut through a table, a
 * list or a section is refused with the place.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-template-private.h"

/* What giving extents needs of the scan. */
typedef struct
{
  AnnalistTemplate *self;
  xmlNsPtr          ns;
  GError           *error;
} Extents;

/* Extents ------------------------------------------------------------------------ */

static xmlNodePtr
paragraph_of (xmlNodePtr node)
{
  for (xmlNodePtr n = node; n != NULL; n = n->parent)
    if (_annalist_xml_is_paragraph (n))
      return n;
  return NULL;
}

/* Moves @from and the siblings after it to the end of @into. */
static void
move_siblings (xmlNodePtr from,
               xmlNodePtr into)
{
  while (from != NULL)
    {
      xmlNodePtr next = from->next;

      xmlUnlinkNode (from);
      xmlAddChild (into, from);
      from = next;
    }
}

/* Makes @node a child of @container (an ancestor), splitting the elements
 * in between (spans, links) in two around it. */
static void
lift (xmlNodePtr node,
      xmlNodePtr container)
{
  while (node->parent != container)
    {
      xmlNodePtr parent = node->parent;
      xmlNodePtr rest = xmlDocCopyNode (parent, parent->doc, 2);

      xmlUnsetProp (rest, BAD_CAST "id");
      move_siblings (node->next, rest);
      xmlUnlinkNode (node);
      xmlAddNextSibling (parent, node);
      if (rest->children != NULL)
        xmlAddNextSibling (node, rest);
      else
        xmlFreeNode (rest);
      if (parent->children == NULL)
        {
          xmlUnlinkNode (parent);
          xmlFreeNode (parent);
        }
    }
}

/* Whether @c is a mark that prints nothing: a bookmark, a page break
 * Writer laid out, the point of a tracked change, a comment (the
 * document written drops it, so a paragraph of a tag and a comment is a
 * paragraph of the tag). */
static gboolean
is_marker (xmlNodePtr c)
{
  static const char *const names[] = {
    "bookmark", "bookmark-start", "bookmark-end", "soft-page-break", "change", "change-start", "change-end",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (_annalist_xml_is (c, NS_TEXT, names[i]))
      return TRUE;
  return _annalist_xml_is (c, NS_OFFICE, "annotation") || _annalist_xml_is (c, NS_OFFICE, "annotation-end");
}

/* Whether a paragraph (or a part of one) holds nothing to print. */
static gboolean
is_blank (xmlNodePtr node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE)
        {
          for (const char *p = (const char *) c->content; p && *p; p = g_utf8_next_char (p))
            if (!g_unichar_isspace (g_utf8_get_char (p)) && g_utf8_get_char (p) != 0xA0)
              return FALSE;
        }
      else if (c->type == XML_ELEMENT_NODE)
        {
          if (_annalist_xml_is (c, NS_TEXT, "span") || _annalist_xml_is (c, NS_TEXT, "s"))
            {
              if (!is_blank (c))
                return FALSE;
            }
          else if (!is_marker (c))
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether @c, a sibling of a tag, holds no text: blank text, marks
 * (is_marker ()), spans of these. */
gboolean
_annalist_template_blank_sibling (xmlNodePtr c)
{
  if (c->type == XML_TEXT_NODE)
    {
      for (const char *p = (const char *) c->content; p && *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)) && g_utf8_get_char (p) != 0xA0)
          return FALSE;
      return TRUE;
    }
  if (c->type != XML_ELEMENT_NODE)
    return TRUE;
  if (_annalist_xml_is (c, NS_TEXT, "span"))
    {
      for (xmlNodePtr d = c->children; d != NULL; d = d->next)
        if (!_annalist_template_blank_sibling (d))
          return FALSE;
      return TRUE;
    }
  return is_marker (c);
}

/* Whether only blank text and empty elements stand before @node among
 * its siblings (after it, with @after). */
static gboolean
blank_beside (xmlNodePtr node,
              gboolean   after)
{
  for (xmlNodePtr c = after ? node->next : node->prev; c != NULL; c = after ? c->next : c->prev)
    if (!_annalist_template_blank_sibling (c))
      return FALSE;
  return TRUE;
}

static xmlNodePtr
only_element (xmlNodePtr parent)
{
  xmlNodePtr found = NULL;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        if (found != NULL)
          return NULL;
        found = c;
      }
  return found;
}

/* Splits @paragraph at @marker (a child of it): what follows the marker
 * goes into a copy of the paragraph placed after it. Returns the copy. */
static xmlNodePtr
split_paragraph (xmlNodePtr paragraph,
                 xmlNodePtr marker)
{
  xmlNodePtr copy = xmlDocCopyNode (paragraph, paragraph->doc, 2);

  xmlUnsetProp (copy, BAD_CAST "id");
  move_siblings (marker->next, copy);
  xmlAddNextSibling (paragraph, copy);
  return copy;
}

static void
drop (xmlNodePtr node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static gboolean
has_element (xmlNodePtr node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

/* Splits list item @item before @from (a child of it): @from and what
 * follows go into a copy of the item placed after it, which numbering
 * does not restart. Returns the copy. */
static xmlNodePtr
split_item (xmlNodePtr item,
            xmlNodePtr from)
{
  xmlNodePtr copy = xmlDocCopyNode (item, item->doc, 2);
  xmlAttrPtr start = xmlHasNsProp (copy, BAD_CAST "start-value", BAD_CAST NS_TEXT);

  if (start != NULL)
    xmlRemoveProp (start);
  move_siblings (from, copy);
  xmlAddNextSibling (item, copy);
  return copy;
}

/* Drops what split_item () left blank: of list item @item and its
 * @paragraph split at a tag, and of @half, the item split off with
 * @half_text, the paragraphs that print nothing and the items left empty. */
static void
drop_blank_halves (xmlNodePtr item,
                   xmlNodePtr paragraph,
                   xmlNodePtr half,
                   xmlNodePtr half_text)
{
  if (is_blank (half_text))
    drop (half_text);
  if (is_blank (paragraph))
    drop (paragraph);
  if (!has_element (item))
    drop (item);
  if (!has_element (half))
    drop (half);
}

/* A tag's marker, once its extent is made. */
static void
drop_tag (Tag *tag)
{
  drop (tag->node);
  tag->node = NULL;
}

static xmlNodePtr
lowest_common_ancestor (xmlNodePtr a,
                        xmlNodePtr b)
{
  for (xmlNodePtr x = a; x != NULL; x = x->parent)
    for (xmlNodePtr y = b; y != NULL; y = y->parent)
      if (x == y)
        return x;
  return NULL;
}

/* Wrappers the engine made are transparent when looking for units. */
static xmlNodePtr
through_wrappers (xmlNodePtr node)
{
  while (node->parent != NULL && (_annalist_xml_is (node->parent, ANN_NS, "each") || _annalist_xml_is (node->parent, ANN_NS, "if")))
    node = node->parent;
  return node;
}

/* The child of @container that holds @paragraph, when nothing but list
 * items (and a list of one item) stands between. NULL: the pair would cut
 * through a table, a section or a list. */
static xmlNodePtr
unit_of (xmlNodePtr paragraph,
         xmlNodePtr container)
{
  xmlNodePtr n = through_wrappers (paragraph);

  while (n->parent != container)
    {
      xmlNodePtr parent = n->parent;

      if (parent == NULL)
        return NULL;
      if (_annalist_xml_is (parent, NS_TEXT, "list-item") || _annalist_xml_is (parent, ANN_NS, "each") || _annalist_xml_is (parent, ANN_NS, "if"))
        n = parent;
      else if (_annalist_xml_is (parent, NS_TEXT, "list"))
        {
          guint items = 0;

          for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
            if (_annalist_xml_is (c, NS_TEXT, "list-item"))
              items++;
          if (items > 1)
            return NULL;
          n = parent;
        }
      else
        return NULL;
    }
  return n;
}

/* Whether @unit, a list item (or a list of one item) around @paragraph,
 * holds nothing but @paragraph, and @paragraph nothing but @tag: a bullet
 * typed only to hold a tag goes with it, as a paragraph that holds only a
 * tag does, instead of coming out as an empty bullet. */
static gboolean
tag_alone (xmlNodePtr unit,
           xmlNodePtr paragraph,
           xmlNodePtr tag)
{
  for (xmlNodePtr n = unit; n != paragraph; )
    {
      if (!_annalist_xml_is (n, NS_TEXT, "list-item") && !_annalist_xml_is (n, NS_TEXT, "list"))
        return FALSE;
      n = only_element (n);
      if (n == NULL)
        return FALSE;
    }
  lift (tag, paragraph);
  return blank_beside (tag, FALSE) && blank_beside (tag, TRUE);
}

static xmlNodePtr
wrapper_new (xmlNodePtr  before,
             xmlNsPtr    ns,
             const char *name,
             Tag        *tag)
{
  xmlNodePtr w = xmlNewDocNode (before->doc, ns, BAD_CAST name, NULL);
  char id[16];

  _annalist_tag_id_format (id, tag->id);
  xmlNewProp (w, BAD_CAST "n", BAD_CAST id);
  xmlAddPrevSibling (before, w);
  return w;
}

/* Moves @first … @last (siblings) into @wrapper. */
static void
wrap_range (xmlNodePtr wrapper,
            xmlNodePtr first,
            xmlNodePtr last)
{
  xmlNodePtr c = first;

  while (c != NULL)
    {
      xmlNodePtr next = c->next;
      gboolean done = c == last;

      xmlUnlinkNode (c);
      xmlAddChild (wrapper, c);
      if (done)
        break;
      c = next;
    }
}

static guint
columns_of (xmlNodePtr node,
            const char *attribute)
{
  g_autofree char *n = (char *) xmlGetNsProp (node, BAD_CAST attribute, BAD_CAST NS_TABLE);

  return n ? MAX (1, (guint) g_ascii_strtoull (n, NULL, 10)) : 1;
}

/* The element covering column @column among the cells of @row (or the
 * columns of a table), split out of a repetition when it is one. */
static xmlNodePtr
take_column (xmlNodePtr  parent,
             guint       column,
             gboolean    cells,
             gboolean   *spanned)
{
  guint at = 0;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      guint repeat, span;

      if (_annalist_xml_is (c, ANN_NS, "each"))
        {
          /* A column another column loop already took. */
          xmlNodePtr inner = c->children;

          while (inner != NULL && inner->type != XML_ELEMENT_NODE)
            inner = inner->next;
          if (inner == NULL)
            continue;
          if (at == column)
            return NULL;
          at += 1;
          continue;
        }
      if (cells ? !(_annalist_xml_is (c, NS_TABLE, "table-cell") || _annalist_xml_is (c, NS_TABLE, "covered-table-cell"))
                : !_annalist_xml_is (c, NS_TABLE, "table-column"))
        {
          if (!cells && (_annalist_xml_is (c, NS_TABLE, "table-columns") || _annalist_xml_is (c, NS_TABLE, "table-header-columns") ||
                         _annalist_xml_is (c, NS_TABLE, "table-column-group")))
            {
              /* Columns may sit in groups. */
              guint before = 0;
              for (xmlNodePtr d = c->children; d != NULL; d = d->next)
                if (_annalist_xml_is (d, NS_TABLE, "table-column"))
                  before += columns_of (d, "number-columns-repeated");
              if (column < at + before)
                return take_column (c, column - at, cells, spanned);
              at += before;
            }
          continue;
        }
      repeat = columns_of (c, "number-columns-repeated");
      span = cells && _annalist_xml_is (c, NS_TABLE, "table-cell") ? columns_of (c, "number-columns-spanned") : 1;
      if (column < at + repeat)
        {
          guint offset = column - at;

          if (span > 1)
            *spanned = TRUE;
          if (repeat > 1)
            {
              /* Split the repetition: before, the one, after. */
              xmlNodePtr one = xmlDocCopyNode (c, c->doc, 1);
              xmlUnsetNsProp (one, xmlSearchNsByHref (c->doc, c, BAD_CAST NS_TABLE),
                              BAD_CAST "number-columns-repeated");
              if (offset > 0)
                {
                  char n[16];
                  xmlNodePtr before = xmlDocCopyNode (c, c->doc, 1);
                  g_snprintf (n, sizeof n, "%u", offset);
                  xmlSetNsProp (before, xmlSearchNsByHref (c->doc, c, BAD_CAST NS_TABLE),
                                BAD_CAST "number-columns-repeated", BAD_CAST n);
                  if (offset == 1)
                    xmlUnsetNsProp (before, xmlSearchNsByHref (c->doc, c, BAD_CAST NS_TABLE),
                                    BAD_CAST "number-columns-repeated");
                  xmlAddPrevSibling (c, before);
                }
              xmlAddPrevSibling (c, one);
              if (repeat - offset - 1 > 0)
                {
                  char n[16];
                  g_snprintf (n, sizeof n, "%u", repeat - offset - 1);
                  xmlSetNsProp (c, xmlSearchNsByHref (c->doc, c, BAD_CAST NS_TABLE),
                                BAD_CAST "number-columns-repeated", BAD_CAST n);
                  if (repeat - offset - 1 == 1)
                    xmlUnsetNsProp (c, xmlSearchNsByHref (c->doc, c, BAD_CAST NS_TABLE),
                                    BAD_CAST "number-columns-repeated");
                }
              else
                drop (c);
              return one;
            }
          return c;
        }
      if (span > 1 && column < at + span)
        *spanned = TRUE;
      at += repeat;
    }
  return NULL;
}

static void
each_row (xmlNodePtr  node,
          xmlNodePtr  table,
          GPtrArray  *rows)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (_annalist_xml_is (c, NS_TABLE, "table-row"))
        g_ptr_array_add (rows, c);
      else if (c->type == XML_ELEMENT_NODE && !_annalist_xml_is (c, NS_TABLE, "table") && !_annalist_xml_is (c, NS_TABLE, "table-cell"))
        each_row (c, table, rows);
    }
}

static gboolean
first_row_of (xmlNodePtr row,
              xmlNodePtr table)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  each_row (table, table, rows);
  return rows->len > 0 && g_ptr_array_index (rows, 0) == row;
}

/* A loop in one cell of the table's first row: the column, in every row. */
static gboolean
make_column_loop (Extents    *scan,
                  Tag        *opener,
                  xmlNodePtr  cell)
{
  xmlNodePtr row = cell->parent;
  xmlNodePtr table = _annalist_xml_ancestor (row, NS_TABLE, "table");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint column = 0;
  gboolean spanned = FALSE;
  xmlNodePtr col;

  /* Which column the cell is. */
  for (xmlNodePtr c = row->children; c != NULL && c != cell; c = c->next)
    if (_annalist_xml_is (c, NS_TABLE, "table-cell") || _annalist_xml_is (c, NS_TABLE, "covered-table-cell"))
      column += columns_of (c, "number-columns-repeated");
    else if (_annalist_xml_is (c, ANN_NS, "each"))
      column++;
  if (columns_of (cell, "number-columns-spanned") > 1)
    {
      _annalist_template_tag_error (scan->self, opener, &scan->error,
                                    _("a loop that repeats a column must stand in a cell that is not merged with others"));
      return FALSE;
    }

  drop_tag (opener);
  drop_tag (opener->partner);
  opener->loop->column = TRUE;

  col = take_column (table, column, FALSE, &spanned);
  if (col != NULL)
    wrap_range (wrapper_new (col, scan->ns, "each", opener), col, col);

  each_row (table, table, rows);
  /* Rows are numbered as the user counts them: a repeated row (Writer
   * writes identical empty rows so) is as many. */
  for (guint i = 0, number = 1; i < rows->len; i++)
    {
      xmlNodePtr r = g_ptr_array_index (rows, i);
      xmlNodePtr c = take_column (r, column, TRUE, &spanned);

      if (!spanned)
        number += MIN (columns_of (r, "number-rows-repeated"), G_MAXUINT - number);
      else
        {
          g_autofree char *problem = g_strdup_printf (_("row %u has a merged cell across the column the loop repeats"), number);
          _annalist_template_tag_error (scan->self, opener, &scan->error, problem);
          return FALSE;
        }
      if (c != NULL)
        {
          xmlNodePtr w = wrapper_new (c, scan->ns, "each", opener);
          xmlNewProp (w, BAD_CAST "col", BAD_CAST "1");
          wrap_range (w, c, c);
        }
    }
  return TRUE;
}

/* The rows among @first … @last (siblings), loops' wrappers looked into. */
static void
rows_between (xmlNodePtr  first,
              xmlNodePtr  last,
              GPtrArray  *rows)
{
  for (xmlNodePtr c = first; c != NULL; c = c->next)
    {
      if (_annalist_xml_is (c, NS_TABLE, "table-row"))
        g_ptr_array_add (rows, c);
      else if (_annalist_xml_is (c, ANN_NS, NULL))
        rows_between (c->children, NULL, rows);
      if (c == last)
        break;
    }
}

/* The most rows a cell of @row spans (a loop's wrapper looked into). */
static guint
rows_spanned (xmlNodePtr row)
{
  guint most = 1;

  for (xmlNodePtr c = row->children; c != NULL; c = c->next)
    if (_annalist_xml_is (c, NS_TABLE, "table-cell"))
      most = MAX (most, columns_of (c, "number-rows-spanned"));
    else if (_annalist_xml_is (c, ANN_NS, NULL))
      most = MAX (most, rows_spanned (c));
  return most;
}

/* Why the rows @first … @last cannot be repeated or left out as they
 * are, or NULL: a merged cell that reaches past them, or into them from
 * above, would then cover other rows than the template shows. */
static const char *
merge_problem (xmlNodePtr first,
               xmlNodePtr last)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) above = g_ptr_array_new ();

  rows_between (first, last, rows);
  for (guint i = 0; i < rows->len; i++)
    if (i + rows_spanned (g_ptr_array_index (rows, i)) > rows->len)
      return _("a cell of its rows is merged with a row after them; merge cells only within its rows");
  rows_between (first->parent->children, first->prev, above);
  for (guint i = 0; first->prev != NULL && i < above->len; i++)
    if (i + rows_spanned (g_ptr_array_index (above, i)) > above->len)
      return _("a cell above its rows is merged with them; merge cells only within its rows");
  return NULL;
}

static const char *
crossing_problem (xmlNodePtr paragraph,
                  xmlNodePtr container)
{
  for (xmlNodePtr n = paragraph->parent; n != NULL && n != container; n = n->parent)
    {
      if (_annalist_xml_is (n, NS_TABLE, NULL))
        return _("its opener and its closer must stand in one table row, in one table, or both outside tables");
      if (_annalist_xml_is (n, NS_TEXT, "section"))
        return _("its opener and its closer must stand in the same section");
      /* Items of one list are units as paragraphs are (unit_of ()): what
       * cannot be is a pair with one tag in a list and the other outside
       * it, or in another list (a sub-list is a list of its own). */
      if (_annalist_xml_is (n, NS_TEXT, "list"))
        return _("its opener and its closer must stand in items of the same list, or both outside the list");
    }
  return _("its opener and its closer must stand at the same level of the document");
}

/* An #each or #if with its closer (and else): wraps what it covers. */
static gboolean
make_extent (Extents *scan,
             Tag  *opener)
{
  Tag *closer = opener->partner;
  Tag *else_tag = opener->else_tag;
  const char *wrapper_name = opener->type == TAG_EACH ? "each" : "if";
  xmlNodePtr po = paragraph_of (opener->node);
  xmlNodePtr pc = paragraph_of (closer->node);
  xmlNodePtr container;

  if (po == NULL || pc == NULL)
    {
      _annalist_template_tag_error (scan->self, opener, &scan->error,
                                    _("a loop or condition must stand in the text of paragraphs"));
      return FALSE;
    }

  if (po == pc)
    {
      xmlNodePtr cell = _annalist_xml_ancestor (po, NS_TABLE, "table-cell");
      xmlNodePtr w;

      if (opener->type == TAG_EACH && cell != NULL && paragraph_of (cell) == NULL &&
          first_row_of (cell->parent, _annalist_xml_ancestor (cell, NS_TABLE, "table")) &&
          _annalist_xml_ancestor (opener->node, ANN_NS, "each") == NULL)
        return make_column_loop (scan, opener, cell);

      /* A loop or condition around the whole of a paragraph (or of a list
       * item) repeats or keeps the paragraph (or the item). */
      lift (opener->node, po);
      lift (closer->node, po);
      if (blank_beside (opener->node, FALSE) && blank_beside (closer->node, TRUE))
        {
          xmlNodePtr unit = po;

          if (_annalist_xml_is (po->parent, NS_TEXT, "list-item") && only_element (po->parent) == po)
            unit = po->parent;
          w = wrapper_new (unit, scan->ns, wrapper_name, opener);
          wrap_range (w, unit, unit);
          if (else_tag != NULL)
            {
              xmlNodePtr rest;

              if (paragraph_of (else_tag->node) != po)
                {
                  _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                                _("{{else}} must stand in the same paragraph as its {{#if}} and {{/if}}"));
                  return FALSE;
                }
              lift (else_tag->node, po);
              rest = split_paragraph (po, else_tag->node);
              drop_tag (else_tag);
              if (unit != po)
                {
                  /* The other half in a list item of its own. */
                  xmlNodePtr item = xmlDocCopyNode (unit, unit->doc, 2);
                  xmlUnlinkNode (rest);
                  xmlAddChild (item, rest);
                  xmlAddNextSibling (unit, item);
                  rest = item;
                }
              xmlAddNextSibling (unit, xmlNewDocNode (po->doc, scan->ns, BAD_CAST "else", NULL));
            }
          drop_tag (opener);
          drop_tag (closer);
          return TRUE;
        }

      /* In the paragraph: the content between the two. */
      container = lowest_common_ancestor (opener->node->parent, closer->node->parent);
      lift (opener->node, container);
      lift (closer->node, container);
      if (else_tag != NULL)
        {
          if (paragraph_of (else_tag->node) != po)
            {
              _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                            _("{{else}} must stand in the same paragraph as its {{#if}} and {{/if}}"));
              return FALSE;
            }
          lift (else_tag->node, container);
        }
      w = wrapper_new (opener->node, scan->ns, wrapper_name, opener);
      if (opener->node->next != closer->node)
        wrap_range (w, opener->node->next, closer->node->prev);
      if (else_tag != NULL)
        {
          xmlNodePtr e = xmlNewDocNode (po->doc, scan->ns, BAD_CAST "else", NULL);
          xmlAddPrevSibling (else_tag->node, e);
          drop_tag (else_tag);
        }
      drop_tag (opener);
      drop_tag (closer);
      return TRUE;
    }

  container = lowest_common_ancestor (po, pc);

  /* Cells of one row: the row. */
  if (_annalist_xml_is (container, NS_TABLE, "table-row"))
    {
      xmlNodePtr row = through_wrappers (container);
      xmlNodePtr w;

      if (else_tag != NULL)
        {
          _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                        _("a condition over a table row cannot have {{else}}: use two rows"));
          return FALSE;
        }
      if (merge_problem (row, row) != NULL)
        {
          _annalist_template_tag_error (scan->self, opener, &scan->error, merge_problem (row, row));
          return FALSE;
        }
      w = wrapper_new (row, scan->ns, wrapper_name, opener);
      wrap_range (w, row, row);
      drop_tag (opener);
      drop_tag (closer);
      return TRUE;
    }

  /* Rows of one table: those rows. */
  if (_annalist_xml_is (container, NS_TABLE, "table") || _annalist_xml_is (container, NS_TABLE, "table-rows") ||
      _annalist_xml_is (container, NS_TABLE, "table-header-rows") || _annalist_xml_is (container, NS_TABLE, "table-row-group") ||
      (_annalist_xml_is (container, ANN_NS, NULL) && _annalist_xml_ancestor (po, NS_TABLE, "table-row") != NULL &&
       _annalist_xml_ancestor (container, NS_TABLE, "table-row") == NULL))
    {
      xmlNodePtr ro = through_wrappers (_annalist_xml_ancestor (po, NS_TABLE, "table-row"));
      xmlNodePtr rc = through_wrappers (_annalist_xml_ancestor (pc, NS_TABLE, "table-row"));
      xmlNodePtr w;

      if (ro == NULL || rc == NULL || ro->parent != rc->parent ||
          _annalist_xml_ancestor (po, NS_TABLE, "table") != _annalist_xml_ancestor (pc, NS_TABLE, "table"))
        {
          _annalist_template_tag_error (scan->self, opener, &scan->error,
                                        _("its opener and its closer must stand in rows of the same part of one table (heading rows or the others)"));
          return FALSE;
        }
      if (merge_problem (ro, rc) != NULL)
        {
          _annalist_template_tag_error (scan->self, opener, &scan->error, merge_problem (ro, rc));
          return FALSE;
        }
      w = wrapper_new (ro, scan->ns, wrapper_name, opener);
      if (else_tag != NULL)
        {
          xmlNodePtr re = through_wrappers (_annalist_xml_ancestor (paragraph_of (else_tag->node), NS_TABLE, "table-row"));
          g_autoptr(GString) rest = g_string_new (NULL);

          if (re == NULL || re->parent != ro->parent)
            {
              _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                            _("{{else}} must stand in a row between its {{#if}} and {{/if}}"));
              return FALSE;
            }
          drop_tag (else_tag);
          {
            g_autofree char *left = _annalist_template_plain_text (re);
            if (*left != '\0')
              {
                _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                              _("{{else}} in a table must have a row of its own"));
                return FALSE;
              }
          }
          xmlAddPrevSibling (re, xmlNewDocNode (re->doc, scan->ns, BAD_CAST "else", NULL));
          drop (re);
        }
      wrap_range (w, ro, rc);
      drop_tag (opener);
      drop_tag (closer);
      return TRUE;
    }

  /* Paragraphs, headings, list items. */
  {
    xmlNodePtr uo = unit_of (po, container);
    xmlNodePtr uc = unit_of (pc, container);
    xmlNodePtr first, last, w, after = NULL, gone_o = NULL, gone_c = NULL;
    xmlNodePtr item_o = NULL, tail_o = NULL, item_c = NULL, tail_c = NULL;

    if (uo == NULL || uc == NULL)
      {
        _annalist_template_tag_error (scan->self, opener, &scan->error,
                                      crossing_problem (uo == NULL ? po : pc, container));
        return FALSE;
      }

    /* A bullet that holds nothing but its tag goes with it. */
    if (uo != po && tag_alone (uo, po, opener->node))
      gone_o = uo;
    if (uc != pc && tag_alone (uc, pc, closer->node))
      gone_c = uc;

    /* The tags' own paragraphs are split at the tags: what stands before
     * the opener and after the closer stays outside. So are their list
     * items: a bullet «Виды: {{#each …}}» over a sub-list stays once, and
     * the sub-list is repeated. */
    if (uo == po || (gone_o == NULL && po->parent == uo && _annalist_xml_is (uo, NS_TEXT, "list-item")))
      {
        lift (opener->node, po);
        after = split_paragraph (po, opener->node);
        first = after;
        if (uo != po)
          {
            tail_o = after;
            after = NULL;
            first = item_o = split_item (uo, tail_o);
          }
      }
    else
      first = gone_o != NULL ? uo->next : uo;
    drop_tag (opener);

    if (uc == pc || (gone_c == NULL && pc->parent == uc && _annalist_xml_is (uc, NS_TEXT, "list-item")))
      {
        xmlNodePtr outside;

        lift (closer->node, pc);
        outside = split_paragraph (pc, closer->node);
        if (uc != pc)
          {
            tail_c = outside;
            item_c = split_item (uc, tail_c);
          }
        else if (is_blank (outside))
          drop (outside);
      }
    last = gone_c != NULL ? uc->prev : uc;
    drop_tag (closer);

    if (uo == po && is_blank (po))
      drop (po);

    if (gone_o != NULL && first == gone_c)
      /* Nothing between the two bullets: nothing to repeat. */
      w = wrapper_new (gone_o, scan->ns, wrapper_name, opener);
    else
      {
        w = wrapper_new (first, scan->ns, wrapper_name, opener);
        wrap_range (w, first, last);
      }
    if (gone_o != NULL)
      drop (gone_o);
    if (gone_c != NULL)
      drop (gone_c);
    /* The halves of split bullets left with nothing are not kept. */
    if (item_o != NULL)
      drop_blank_halves (uo, po, item_o, tail_o);
    if (item_c != NULL)
      drop_blank_halves (uc, pc, item_c, tail_c);
    /* The halves left with nothing are not repeated. */
    if (after != NULL && is_blank (after))
      drop (after);
    if (uc == pc && pc != after && is_blank (pc))
      drop (pc);

    if (else_tag != NULL)
      {
        xmlNodePtr pe = paragraph_of (else_tag->node);
        xmlNodePtr ue = pe != NULL ? unit_of (pe, w) : NULL;
        xmlNodePtr rest;

        /* {{else}} on a bullet of its own. */
        if (ue != NULL && ue != pe && tag_alone (ue, pe, else_tag->node))
          {
            xmlAddPrevSibling (ue, xmlNewDocNode (pe->doc, scan->ns, BAD_CAST "else", NULL));
            else_tag->node = NULL;  /* went with its bullet */
            drop (ue);
            return TRUE;
          }
        if (pe == NULL || pe->parent != w)
          {
            _annalist_template_tag_error (scan->self, else_tag, &scan->error,
                                          _("{{else}} must stand in a paragraph between its {{#if}} and {{/if}}"));
            return FALSE;
          }
        lift (else_tag->node, pe);
        rest = split_paragraph (pe, else_tag->node);
        xmlAddNextSibling (pe, xmlNewDocNode (pe->doc, scan->ns, BAD_CAST "else", NULL));
        drop_tag (else_tag);
        if (is_blank (rest))
          drop (rest);
        if (is_blank (pe))
          drop (pe);
      }
  }
  return TRUE;
}

gboolean
_annalist_template_make_extent (AnnalistTemplate  *self,
                                xmlNsPtr           ns,
                                Tag               *opener,
                                GError           **error)
{
  Extents extents = { self, ns, NULL };

  if (make_extent (&extents, opener))
    return TRUE;
  g_propagate_error (error, extents.error);
  return FALSE;
}
