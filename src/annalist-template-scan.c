/* annalist-template-scan.c — placeholders found in the document, loops and
 * conditions given their extent
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writer splits a paragraph's text into spans for many reasons (a change of
 * formatting, autocorrect, the revision marks of rsids), so «{{year}}» may
 * be stored as «{{ye» + «ar}}». Each paragraph's runs are joined before
 * matching; a placeholder is replaced by one element where its first
 * character stood, inside that character's span, so it keeps that
 * character's formatting.
 *
 * A loop or condition covers the smallest structure holding its opener
 * and closer:
 *
 *   - both in one paragraph: the content between them, or the paragraph
 *     (its list item) when they hold all of its text; in a cell of a
 *     table's first row, an #each repeats the whole column instead;
 *   - in two cells of one table row: the row;
 *   - in two rows of one table: those rows;
 *   - in two paragraphs, headings or list items (items of the same list):
 *     everything from the one to the other, the tags' own paragraphs (and
 *     list items) split at the tags.
 *
 * A pair that would cut through a table, a list or a section is a mistake
 * the user is told about, with the place.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-template-private.h"


/* Messages ------------------------------------------------------------------ */

char *
_annalist_template_describe (AnnalistTemplate *self,
                             Tag              *tag)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("Template “%s”"), self->name);
  if (tag->where.master)
    g_string_append_printf (s, ", %s", _("in a page header or footer"));
  else if (tag->where.heading != NULL)
    g_string_append_printf (s, _(", under the heading “%s”"), tag->where.heading);
  else
    g_string_append_printf (s, ", %s", _("before the first heading"));
  if (tag->where.table != NULL)
    g_string_append_printf (s, _(", table “%s”, row %u"), tag->where.table, tag->where.row);
  return g_string_free (s, FALSE);
}

void
_annalist_template_tag_error (AnnalistTemplate  *self,
                              Tag               *tag,
                              GError           **error,
                              const char        *problem)
{
  g_autofree char *where = _annalist_template_describe (self, tag);
  g_autofree char *typed = NULL;

  /* A placeholder of pages is shown by its start and end. */
  if (g_utf8_strlen (tag->typed, -1) > 200)
    {
      g_autofree char *start = g_utf8_substring (tag->typed, 0, 150);
      glong n = g_utf8_strlen (tag->typed, -1);
      g_autofree char *end = g_utf8_substring (tag->typed, n - 30, n);

      typed = g_strconcat (start, " … ", end, NULL);
    }
  g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID, "%s: %s — %s.",
               where, typed ? typed : tag->typed, problem);
}

/* Paragraph text ------------------------------------------------------------------ */

/* One piece of a paragraph's text: a text node, or an element that stands
 * for characters (text:s, text:tab, text:line-break). */
typedef struct
{
  xmlNodePtr node;
  gsize      start;   /* byte offset in the joined text */
  gsize      length;
} Run;

static void
collect_runs (xmlNodePtr  parent,
              GString    *text,
              GArray     *runs)
{
  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    {
      Run run = { c, text->len, 0 };

      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        {
          const char *content = (const char *) c->content;

          if (content == NULL || *content == '\0')
            continue;
          g_string_append (text, content);
        }
      else if (_annalist_xml_is (c, NS_TEXT, "s"))
        {
          g_autofree char *count = (char *) xmlGetNsProp (c, BAD_CAST "c", BAD_CAST NS_TEXT);
          guint n = count ? MAX (1, (guint) g_ascii_strtoull (count, NULL, 10)) : 1;

          for (guint i = 0; i < MIN (n, 1000); i++)
            g_string_append_c (text, ' ');
        }
      else if (_annalist_xml_is (c, NS_TEXT, "tab"))
        g_string_append_c (text, '\t');
      else if (_annalist_xml_is (c, NS_TEXT, "line-break"))
        g_string_append_c (text, '\n');
      else if (c->type == XML_ELEMENT_NODE &&
               !_annalist_xml_is (c, NS_TEXT, "note") && !_annalist_xml_is (c, NS_DRAW, NULL) &&
               !_annalist_xml_is (c, NS_OFFICE, "annotation") && !_annalist_xml_is (c, NS_OFFICE, "annotation-end") &&
               !_annalist_xml_is (c, NS_TEXT, "ruby-text") && !_annalist_xml_is (c, ANN_NS, NULL))
        {
          collect_runs (c, text, runs);
          continue;
        }
      else
        continue;

      run.length = text->len - run.start;
      g_array_append_val (runs, run);
    }
}

static void
set_text (xmlNodePtr  node,
          const char *text,
          gsize       length)
{
  /* A copy: @text may be the node's own content, freed on the way. */
  g_autofree char *copy = g_strndup (text, length);

  xmlNodeSetContentLen (node, BAD_CAST copy, (int) length);
}

/* Cuts a text node's content to its first @length bytes. The paragraph's
 * placeholders are replaced from the last, each cutting the text before
 * it: the node's own buffer is cut where it is (a copy each time made
 * thousands of placeholders in one paragraph take minutes), a text the
 * document's dictionary shares is copied. As xmlFreeNode () tells them. */
static void
cut_text (xmlNodePtr node,
          gsize      length)
{
  xmlChar *content = node->content;
  xmlDictPtr dict = node->doc != NULL ? node->doc->dict : NULL;

  if (content != (xmlChar *) &node->properties && (dict == NULL || !xmlDictOwns (dict, content)))
    content[length] = '\0';
  else
    set_text (node, (const char *) content, length);
}

/* Replaces the bytes [start, end) of the paragraph's joined text with
 * @marker, placed where the first byte was. The first byte is always in a
 * text node: placeholders start with a brace. */
static void
replace_range (GArray     *runs,
               gsize       start,
               gsize       end,
               xmlNodePtr  marker)
{
  guint low = 0, high = runs->len;

  /* The runs are in the text's order: the first that ends after @start. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      Run *r = &g_array_index (runs, Run, middle);

      if (r->start + r->length <= start)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = low; i < runs->len; i++)
    {
      Run *r = &g_array_index (runs, Run, i);
      gsize r_end = r->start + r->length;

      if (r->start >= end)
        break;
      if (r_end <= start)
        continue;

      if (r->start <= start)
        {
          /* The first run: keep what comes before; the marker follows. */
          const char *content = (const char *) r->node->content;
          gsize before = start - r->start;
          xmlNodePtr after = NULL;

          g_assert (r->node->type == XML_TEXT_NODE || r->node->type == XML_CDATA_SECTION_NODE);
          if (r_end > end)
            after = xmlNewDocTextLen (r->node->doc, BAD_CAST content + (end - r->start),
                                      (int) (r_end - end));
          if (before > 0)
            {
              cut_text (r->node, before);
              /* An earlier placeholder of this run is replaced next. */
              r->length = before;
              xmlAddNextSibling (r->node, marker);
              if (after)
                xmlAddNextSibling (marker, after);
            }
          else
            {
              xmlAddPrevSibling (r->node, marker);
              if (after)
                xmlAddNextSibling (marker, after);
              xmlUnlinkNode (r->node);
              xmlFreeNode (r->node);
            }
        }
      else if (r_end > end)
        {
          /* The last run: keep what comes after. */
          const char *content = (const char *) r->node->content;
          gsize skip = end - r->start;

          if (r->node->type == XML_TEXT_NODE)
            {
              g_autofree char *rest = g_strdup (content + skip);
              set_text (r->node, rest, strlen (rest));
            }
          else
            {
              xmlUnlinkNode (r->node);
              xmlFreeNode (r->node);
            }
        }
      else
        {
          xmlUnlinkNode (r->node);
          xmlFreeNode (r->node);
        }
      /* The node may be gone: no run after this one refers to it. */
    }
}

/* Spans left with nothing inside after their text went into a
 * placeholder. */
static void
prune_empty_spans (xmlNodePtr node)
{
  xmlNodePtr c = node->children;

  while (c != NULL)
    {
      xmlNodePtr next = c->next;

      if (c->type == XML_ELEMENT_NODE)
        {
          prune_empty_spans (c);
          if (_annalist_xml_is (c, NS_TEXT, "span") && c->children == NULL)
            {
              xmlUnlinkNode (c);
              xmlFreeNode (c);
            }
        }
      c = next;
    }
}

/* Location tracking -------------------------------------------------------------- */

typedef struct
{
  AnnalistTemplate *self;
  char             *heading;
  gboolean          master;
  xmlNsPtr          ns;
  GError           *error;
  /* A paragraph's text, runs and placeholder offsets, reused from one
   * paragraph to the next. */
  GString          *text;
  GArray           *runs;    /* Run */
  GArray           *found;   /* gsize: start, end of each placeholder */
} Scan;

/* Tabs and line breaks as spaces: one line for messages. */
static char *
one_line (char *s)
{
  for (char *c = s; (c = strpbrk (c, "\n\t")) != NULL; c++)
    *c = ' ';
  return s;
}

char *
_annalist_template_plain_text (xmlNodePtr node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  char *s;

  collect_runs (node, text, runs);
  s = g_strstrip (g_strdup (text->str));
  return one_line (s);
}

/* An unclosed placeholder as typed, for its message: up to the next
 * opening braces, or its first words, never cutting a character in two. */
static char *
unclosed_shown (const char *p,
                const char *again)
{
  const glong most = 40;
  gssize length = again != NULL ? again - p : (gssize) strlen (p);
  GString *shown = g_string_new_len (p, g_utf8_offset_to_pointer (p, MIN (g_utf8_strlen (p, length), most)) - p);

  if ((gssize) shown->len < length)
    g_string_append (shown, "…");
  return g_string_free (shown, FALSE);
}

/* How many rows @row stands for. */
static guint
rows_repeated (xmlNodePtr row)
{
  g_autofree char *n = (char *) xmlGetNsProp (row, BAD_CAST "number-rows-repeated", BAD_CAST NS_TABLE);
  guint64 count = n != NULL ? g_ascii_strtoull (n, NULL, 10) : 1;

  return (guint) CLAMP (count, 1, G_MAXUINT);
}

static void
locate (Scan       *scan,
        xmlNodePtr  paragraph,
        TLocation  *where)
{
  xmlNodePtr cell = _annalist_xml_ancestor (paragraph, NS_TABLE, "table-cell");
  /* Outside a cell the table and row are not said. */
  xmlNodePtr row = cell != NULL ? _annalist_xml_ancestor (paragraph, NS_TABLE, "table-row") : NULL;
  xmlNodePtr table = cell != NULL ? _annalist_xml_ancestor (paragraph, NS_TABLE, "table") : NULL;

  where->heading = g_strdup (scan->heading);
  where->master = scan->master;
  if (table != NULL && row != NULL && cell != NULL)
    {
      guint n = 0;

      where->table = (char *) xmlGetNsProp (table, BAD_CAST "name", BAD_CAST NS_TABLE);
      if (where->table == NULL)
        where->table = g_strdup ("?");
      else
        {
          char *copy = g_strdup (where->table);
          xmlFree (where->table);
          where->table = copy;
        }
      /* Rows in document order, as the user counts them in Writer:
       * those of nested tables aside (what is inside a row, cells and
       * the tables nested in them, holds no row of this table), those of
       * groups and heading rows counted, and a row repeated (Writer
       * writes identical empty rows so) as many times as it shows. */
      for (xmlNodePtr r = table; r != NULL; )
        {
          gboolean is_row = _annalist_xml_is (r, NS_TABLE, "table-row");

          if (is_row && _annalist_xml_ancestor (r, NS_TABLE, "table") == table)
            {
              if (r == row)
                {
                  n = n < G_MAXUINT ? n + 1 : n;
                  break;
                }
              n += MIN (rows_repeated (r), G_MAXUINT - n);
            }
          if (r->children != NULL && r->type == XML_ELEMENT_NODE && !is_row &&
              (r == table || !_annalist_xml_is (r, NS_TABLE, "table")))
            r = r->children;
          else
            {
              while (r != table && r->next == NULL)
                r = r->parent;
              r = r == table ? NULL : r->next;
            }
        }
      where->row = n;
    }
}

/* Finding placeholders ----------------------------------------------------------- */

static gboolean
scan_paragraph (Scan       *scan,
                xmlNodePtr  paragraph)
{
  AnnalistTemplate *self = scan->self;
  GString *text = scan->text;
  GArray *runs = scan->runs;
  GArray *found = scan->found;
  const char *p;

  g_string_truncate (text, 0);
  g_array_set_size (runs, 0);
  g_array_set_size (found, 0);
  collect_runs (paragraph, text, runs);
  if (_annalist_xml_is (paragraph, NS_TEXT, "h"))
    {
      /* Messages name the heading as the template has it. */
      g_free (scan->heading);
      scan->heading = g_strstrip (one_line (g_strdup (text->str)));
    }
  if (strstr (text->str, "{{") == NULL)
    return TRUE;

  for (p = text->str; (p = strstr (p, "{{")) != NULL; )
    {
      const char *close = strstr (p + 2, "}}");
      const char *again = strstr (p + 2, "{{");
      gsize start = p - text->str;

      if (close == NULL || (again != NULL && again < close))
        {
          Tag tmp = { 0 };
          g_autofree char *shown = unclosed_shown (p, again);

          locate (scan, paragraph, &tmp.where);
          tmp.typed = g_strstrip (one_line (g_strdup (shown)));
          _annalist_template_tag_error (self, &tmp, &scan->error,
                                        _("the placeholder is not closed with “}}”"));
          g_free (tmp.typed);
          g_free (tmp.where.heading);
          g_free (tmp.where.table);
          return FALSE;
        }
      /* «}}}»: the braces closest to the text close it. */
      while (close[2] == '}')
        close++;
      {
        gsize end = close + 2 - text->str;
        g_array_append_val (found, start);
        g_array_append_val (found, end);
        p = close + 2;
      }
    }

  /* Parse all, then replace from the last so offsets stay right. All
   * the paragraph's tags stand in one place; they are the last of
   * self->tags, from @first on. */
  {
    guint first = self->tags->len;
    TLocation where = { 0 };

    locate (scan, paragraph, &where);
    for (guint i = 0; i < found->len; i += 2)
      {
        gsize start = g_array_index (found, gsize, i);
        gsize end = g_array_index (found, gsize, i + 1);
        g_autofree char *typed = g_strndup (text->str + start, end - start);
        g_autoptr(GError) local_error = NULL;
        Tag *tag;

        one_line (typed);
        tag = _annalist_tag_parse (text->str + start + 2, end - start - 4, &local_error);
        if (tag == NULL)
          {
            Tag tmp = { 0 };

            tmp.where = where;
            tmp.typed = typed;
            _annalist_template_tag_error (self, &tmp, &scan->error, local_error->message);
            g_free (where.heading);
            g_free (where.table);
            return FALSE;
          }
        tag->typed = g_steal_pointer (&typed);
        tag->where = where;
        tag->where.heading = g_strdup (where.heading);
        tag->where.table = g_strdup (where.table);
        tag->id = self->tags->len;
        g_ptr_array_add (self->tags, tag);
      }
    g_free (where.heading);
    g_free (where.table);

    for (guint i = found->len / 2; i-- > 0; )
      {
        Tag *tag = g_ptr_array_index (self->tags, first + i);
        gsize start = g_array_index (found, gsize, 2 * i);
        gsize end = g_array_index (found, gsize, 2 * i + 1);
        xmlNodePtr marker = xmlNewDocNode (paragraph->doc, scan->ns, BAD_CAST "t", NULL);
        char id[16];

        _annalist_tag_id_format (id, tag->id);
        xmlNewProp (marker, BAD_CAST "n", BAD_CAST id);
        replace_range (runs, start, end, marker);
        tag->node = marker;
      }
  }
  prune_empty_spans (paragraph);
  return TRUE;
}

/* Whether what @node holds is no text of the template's. The index of a
 * table of contents is rebuilt from the headings written: its old entries
 * are not the user's text, nor is text a tracked change deleted, nor a
 * comment (office:annotation), which the document written drops: a
 * methodologist writes notes to colleagues there, example placeholders
 * included, wherever the comment is anchored. */
static gboolean
holds_no_template_text (xmlNodePtr node)
{
  return _annalist_xml_is (node, NS_TEXT, "index-body") || _annalist_xml_is (node, NS_TEXT, "table-of-content-source") ||
         _annalist_xml_is (node, NS_OFFICE, "annotation") || _annalist_xml_is (node, NS_TEXT, "tracked-changes") ||
         _annalist_xml_is (node, ANN_NS, NULL);
}

static gboolean
scan_tree (Scan       *scan,
           xmlNodePtr  node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE || holds_no_template_text (c))
        continue;
      if (_annalist_xml_is_paragraph (c))
        {
          if (!scan_paragraph (scan, c))
            return FALSE;
          /* Text boxes and notes inside hold paragraphs of their own;
           * a comment anchored in the paragraph does not. */
          for (xmlNodePtr d = c->children; d != NULL; d = d->next)
            if (d->type == XML_ELEMENT_NODE && !holds_no_template_text (d) && !scan_tree (scan, d))
              return FALSE;
          continue;
        }
      if (!scan_tree (scan, c))
        return FALSE;
    }
  return TRUE;
}

#define MAX_OPEN_BLOCKS 64

/* Whether an {{#if}} is open on @stack. */
static gboolean
if_below (GPtrArray *stack)
{
  for (guint i = 0; i < stack->len; i++)
    if (((Tag *) g_ptr_array_index (stack, i))->type == TAG_IF)
      return TRUE;
  return FALSE;
}

/* Pairs openers with closers, in document order within one region. */
static gboolean
pair_tags (Scan      *scan,
           GPtrArray *region_tags)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  for (guint i = 0; i < region_tags->len; i++)
    {
      Tag *tag = g_ptr_array_index (region_tags, i);
      Tag *top = stack->len ? g_ptr_array_index (stack, stack->len - 1) : NULL;

      switch (tag->type)
        {
        case TAG_EACH:
        case TAG_IF:
          /* Templates nest a few; thousands would make each block's
           * extent a walk over all the others. */
          if (stack->len >= MAX_OPEN_BLOCKS)
            {
              g_autofree char *problem =
                g_strdup_printf (_("more than %d loops and conditions would be open here, one inside "
                                   "another"),
                                 MAX_OPEN_BLOCKS);
              _annalist_template_tag_error (scan->self, tag, &scan->error, problem);
              return FALSE;
            }
          g_ptr_array_add (stack, tag);
          break;

        case TAG_ELSE:
          if (top != NULL && top->type == TAG_EACH && if_below (stack))
            {
              /* The {{#if}} it belongs to has a loop open inside. */
              g_autofree char *problem =
                g_strdup_printf (_("%s, opened before it, is still open: close that first"), top->typed);
              _annalist_template_tag_error (scan->self, tag, &scan->error, problem);
              return FALSE;
            }
          if (top == NULL || top->type != TAG_IF || top->else_tag != NULL)
            {
              _annalist_template_tag_error (scan->self, tag, &scan->error,
                                            top != NULL && top->type == TAG_IF
                                              ? _("this {{#if}} already has an {{else}}")
                                              : _("{{else}} stands outside any {{#if}}"));
              return FALSE;
            }
          top->else_tag = tag;
          break;

        case TAG_END_EACH:
        case TAG_END_IF:
          {
            TagType want = tag->type == TAG_END_EACH ? TAG_EACH : TAG_IF;

            if (top == NULL)
              {
                _annalist_template_tag_error (scan->self, tag, &scan->error,
                                              want == TAG_EACH ? _("no {{#each}} is open before it")
                                                               : _("no {{#if}} is open before it"));
                return FALSE;
              }
            if (top->type != want)
              {
                g_autofree char *problem =
                  g_strdup_printf (_("%s, opened before it, is still open: close that first"), top->typed);
                _annalist_template_tag_error (scan->self, tag, &scan->error, problem);
                return FALSE;
              }
            top->partner = tag;
            tag->partner = top;
            g_ptr_array_set_size (stack, stack->len - 1);
            if (!_annalist_template_make_extent (scan->self, scan->ns, top, &scan->error))
              return FALSE;
          }
          break;

        default:
          break;
        }
    }

  if (stack->len > 0)
    {
      Tag *open = g_ptr_array_index (stack, stack->len - 1);
      _annalist_template_tag_error (scan->self, open, &scan->error,
                                    open->type == TAG_EACH ? _("this {{#each}} is never closed with {{/each}}")
                                                           : _("this {{#if}} is never closed with {{/if}}"));
      return FALSE;
    }
  return TRUE;
}

/* The tags whose marker lies under @node, in document order. */
static void
region_tags (AnnalistTemplate *self,
             xmlNodePtr        node,
             GPtrArray        *out)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (_annalist_xml_is (c, ANN_NS, "t"))
        g_ptr_array_add (out, g_ptr_array_index (self->tags, _annalist_tag_id (c)));
      else
        region_tags (self, c, out);
    }
}

/* Markers get the private namespace: ann:v for what is written in place. */
static void
finish_markers (xmlNodePtr node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (_annalist_xml_is (c, ANN_NS, "t"))
        xmlNodeSetName (c, BAD_CAST "v");
      finish_markers (c);
    }
}

/* A cell holding one value and nothing else gets a number type when the
 * value is a number. */
static void
mark_numeric_cells (AnnalistTemplate *self,
                    xmlNodePtr        node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (_annalist_xml_is (c, NS_TABLE, "table-cell"))
        {
          xmlNodePtr only = NULL;
          guint n_paragraphs = 0;
          gboolean other = FALSE;

          for (xmlNodePtr p = c->children; p != NULL; p = p->next)
            {
              if (p->type != XML_ELEMENT_NODE)
                continue;
              if (!_annalist_xml_is_paragraph (p))
                {
                  other = TRUE;
                  continue;
                }
              n_paragraphs++;
              for (xmlNodePtr d = p->children; d != NULL; d = d->next)
                {
                  xmlNodePtr v = d;

                  while (v != NULL && _annalist_xml_is (v, NS_TEXT, "span") && v->children == v->last)
                    v = v->children;
                  if (v != NULL && _annalist_xml_is (v, ANN_NS, "v") && only == NULL)
                    only = v;
                  else if (!_annalist_template_blank_sibling (d))
                    other = TRUE;
                }
            }
          if (only != NULL && !other && n_paragraphs == 1)
            {
              Tag *tag = g_ptr_array_index (self->tags, _annalist_tag_id (only));
              if (tag->type == TAG_VALUE)
                tag->numeric_cell = TRUE;
            }
        }
      mark_numeric_cells (self, c);
    }
}

/* A «text "KEY"» of @tag becomes a text slot, once per key. */
static void
add_slot (AnnalistTemplate *self,
          Tag              *tag,
          xmlNodePtr        heading)
{
  TextSlot slot;

  if (tag->expr == NULL || tag->expr->type != EXPR_NARRATIVE)
    return;
  for (guint i = 0; i < self->slots->len; i++)
    if (g_str_equal (g_array_index (self->slots, TextSlot, i).key, tag->expr->text))
      return;
  slot = (TextSlot) { g_strdup (tag->expr->text), g_strdup (tag->where.heading), heading };
  g_array_append_val (self->slots, slot);
}

static void
collect_slots (AnnalistTemplate *self,
               xmlNodePtr        node,
               xmlNodePtr       *heading)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (_annalist_xml_is (c, ANN_NS, "v"))
        {
          Tag *tag = g_ptr_array_index (self->tags, _annalist_tag_id (c));

          if (tag->type == TAG_VALUE)
            add_slot (self, tag, *heading);
          continue;
        }
      if (_annalist_xml_is (c, ANN_NS, "if"))
        {
          /* {{#if text "KEY"}} names a slot too. */
          add_slot (self, g_ptr_array_index (self->tags, _annalist_tag_id (c)), *heading);
        }
      if (_annalist_xml_is (c, NS_TEXT, "h"))
        *heading = c;
      collect_slots (self, c, heading);
    }
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->heading, g_free);
  if (scan->text != NULL)
    g_string_free (scan->text, TRUE);
  scan->text = NULL;
  g_clear_pointer (&scan->runs, g_array_unref);
  g_clear_pointer (&scan->found, g_array_unref);
}

gboolean
_annalist_template_scan (AnnalistTemplate  *self,
                         GError           **error)
{
  xmlNodePtr root = xmlDocGetRootElement (self->doc);
  xmlNodePtr regions[8];
  guint n_regions = 0;
  Scan scan = { self, NULL, FALSE, NULL, NULL, NULL, NULL, NULL };

  scan.ns = xmlNewNs (root, BAD_CAST ANN_NS, BAD_CAST "ann");
  for (xmlNodePtr c = root->children; c != NULL; c = c->next)
    {
      if (_annalist_xml_is (c, NS_OFFICE, "master-styles"))
        regions[n_regions++] = c;
      else if (_annalist_xml_is (c, NS_OFFICE, "body"))
        regions[n_regions++] = c;
      if (n_regions == G_N_ELEMENTS (regions))
        break;
    }

  scan.text = g_string_new (NULL);
  scan.runs = g_array_new (FALSE, FALSE, sizeof (Run));
  scan.found = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint i = 0; i < n_regions; i++)
    {
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();

      scan.master = _annalist_xml_is (regions[i], NS_OFFICE, "master-styles");
      g_clear_pointer (&scan.heading, g_free);
      if (!scan_tree (&scan, regions[i]))
        goto fail;
      region_tags (self, regions[i], tags);
      if (!pair_tags (&scan, tags))
        goto fail;
    }
  scan_clear (&scan);

  for (guint i = 0; i < n_regions; i++)
    finish_markers (regions[i]);

  for (guint i = 0; i < n_regions; i++)
    mark_numeric_cells (self, regions[i]);

  if (!_annalist_names_resolve_regions (self, regions, n_regions, error))
    return FALSE;

  for (guint i = 0; i < n_regions; i++)
    {
      xmlNodePtr heading = NULL;
      if (_annalist_xml_is (regions[i], NS_OFFICE, "body"))
        collect_slots (self, regions[i], &heading);
    }
  return TRUE;

fail:
  scan_clear (&scan);
  g_propagate_error (error, scan.error);
  return FALSE;
}
