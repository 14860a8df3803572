/* annalist-template-output.c — the text of the document as it is written
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the walk of the template hands to the writer: elements with the
 * ODF prefix of their namespace (other suites' extensions are left out),
 * attributes with the names a repeated table or frame must change, and
 * text escaped in runs. A paragraph and its spans are started only when
 * content comes, so that a paragraph whose values are all empty is not
 * written; a value's line breaks become paragraphs of the same style,
 * its runs of spaces text:s and its tabs text:tab.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <string.h>

#include "annalist-template-output.h"

/* The namespaces of ODF 1.3, by the prefixes documents are written with.
 * Anything in another namespace is an extension of one office suite. */
static const char * const odf_namespaces[][2] = {
  { "office", NS_OFFICE },
  { "style", NS_STYLE },
  { "text", NS_TEXT },
  { "table", NS_TABLE },
  { "draw", NS_DRAW },
  { "fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" },
  { "xlink", NS_XLINK },
  { "dc", "http://purl.org/dc/elements/1.1/" },
  { "meta", NS_META },
  { "number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" },
  { "svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" },
  { "chart", "urn:oasis:names:tc:opendocument:xmlns:chart:1.0" },
  { "dr3d", "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0" },
  { "math", "http://www.w3.org/1998/Math/MathML" },
  { "form", "urn:oasis:names:tc:opendocument:xmlns:form:1.0" },
  { "script", "urn:oasis:names:tc:opendocument:xmlns:script:1.0" },
  { "config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0" },
  { "presentation", "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" },
  { "anim", "urn:oasis:names:tc:opendocument:xmlns:animation:1.0" },
  { "smil", "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0" },
  { "db", "urn:oasis:names:tc:opendocument:xmlns:database:1.0" },
  { "xforms", "http://www.w3.org/2002/xforms" },
  { "xhtml", "http://www.w3.org/1999/xhtml" },
  { "grddl", "http://www.w3.org/2003/g/data-view#" },
  { "xml", "http://www.w3.org/XML/1998/namespace" },
};

static const char *
canonical_prefix (xmlNsPtr ns)
{
  static GHashTable *prefixes;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      prefixes = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (odf_namespaces); i++)
        g_hash_table_insert (prefixes, (gpointer) odf_namespaces[i][1], (gpointer) odf_namespaces[i][0]);
      g_once_init_leave (&initialised, 1);
    }
  return ns && ns->href ? g_hash_table_lookup (prefixes, ns->href) : NULL;
}

static void
collect_prefixes (GHashTable *table,
                  xmlNodePtr  node)
{
  for (xmlNodePtr c = node; c != NULL; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      for (xmlNsPtr ns = c->nsDef; ns != NULL; ns = ns->next)
        {
          const char *prefix = canonical_prefix (ns);
          g_hash_table_insert (table, ns, (gpointer) (prefix ? prefix : ""));
        }
      collect_prefixes (table, c->children);
    }
}

void
_annalist_render_index_namespaces (AnnalistTemplate *self)
{
  g_clear_pointer (&self->ns_prefixes, g_hash_table_unref);
  self->ns_prefixes = g_hash_table_new (NULL, NULL);
  collect_prefixes (self->ns_prefixes, xmlDocGetRootElement (self->doc));
}

/* The ODF prefix of @ns, NULL for another namespace: looked up by the
 * namespace's address, from the index the template made once. */
static const char *
prefix_of (Render   *r,
           xmlNsPtr  ns)
{
  const char *prefix;

  if (ns == NULL)
    return NULL;
  prefix = r->tmpl->ns_prefixes ? g_hash_table_lookup (r->tmpl->ns_prefixes, ns) : NULL;
  if (prefix == NULL)
    return canonical_prefix (ns);
  return *prefix != '\0' ? prefix : NULL;
}

void
_annalist_out_open_free (gpointer data)
{
  Open *o = data;

  g_ptr_array_unref (o->attrs);
  g_free (o);
}


/* Writing ---------------------------------------------------------------------- */

/* Appends @text escaped to @out, as it stands in a template's values
 * (not annalist_xml_out_attr()'s escaping, which writes letters outside
 * ASCII as character references): in an attribute value (@attribute)
 * quotes and line breaks too; control characters and U+FFFE, U+FFFF are
 * left out. */
static void
write_escaped (AnnalistXmlOut *out,
               const char     *text,
               gsize           length,
               gboolean        attribute)
{
  const char *p = text, *end = text + length, *run = text;

  /* Bytes that may need more than copying: & < > " and controls, and
   * the first byte of U+FFFE, U+FFFF. */
  static const guchar special[256] = {
    [0 ... 0x1F] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, [0xEF] = 1,
  };

  for (; p < end; p++)
    {
      guchar c;
      const char *entity = NULL;
      gsize skip = 1;

      /* Most text is copied as it is: skipped four bytes at a time. */
      while (end - p >= 4 && !(special[(guchar) p[0]] | special[(guchar) p[1]] |
                               special[(guchar) p[2]] | special[(guchar) p[3]]))
        p += 4;
      if (p == end)
        break;
      c = (guchar) *p;
      if (G_LIKELY (!special[c]))
        continue;
      if (c == '&')
        entity = "&amp;";
      else if (c == '<')
        entity = "&lt;";
      else if (c == '>')
        entity = "&gt;";
      else if (c == '\r')
        entity = "&#13;";
      else if (attribute && c == '"')
        entity = "&quot;";
      else if (attribute && c == '\n')
        entity = "&#10;";
      else if (attribute && c == '\t')
        entity = "&#9;";
      else if (c < 0x20 && c != '\t' && c != '\n')
        entity = "";
      else if (c == 0xEF && p + 2 < end && (guchar) p[1] == 0xBF && (guchar) p[2] >= 0xBE)
        entity = "", skip = 3;
      if (entity == NULL)
        continue;
      annalist_xml_out_append (out, run, p - run);
      annalist_xml_out_append (out, entity, strlen (entity));
      p += skip - 1;
      run = p + 1;
    }
  annalist_xml_out_append (out, run, end - run);
}

gboolean
_annalist_out_write_attribute (AnnalistXmlOut *w,
                               const char     *name,
                               const char     *value)
{
  if (!annalist_xml_out_attr_begin (w, name))
    return FALSE;
  write_escaped (w, value, strlen (value), TRUE);
  annalist_xml_out_attr_end (w);
  return TRUE;
}

/* @attrs: name, value, name, value … */
void
_annalist_out_write_attributes (AnnalistXmlOut *w,
                                GPtrArray      *attrs)
{
  for (guint a = 0; a + 1 < attrs->len; a += 2)
    if (!_annalist_out_write_attribute (w, g_ptr_array_index (attrs, a), g_ptr_array_index (attrs, a + 1)))
      return;
}

/* A range mark @m («text:bookmark-start», «text:bookmark-end» …) as the
 * first @kind_length bytes of its element's name, which say what kind of
 * range it is, and its text:name as written. */
static char *
mark_key (Open  *m,
          gsize  kind_length)
{
  const char *name = "";

  for (guint a = 0; a + 1 < m->attrs->len; a += 2)
    if (g_str_equal (g_ptr_array_index (m->attrs, a), "text:name"))
      name = g_ptr_array_index (m->attrs, a + 1);
  return g_strdup_printf ("%.*s\x1f%s", (int) kind_length, m->name, name);
}

/* Whether range mark @m may be written: a range's start once, and its
 * end once, after it. A start met again (a range that crosses a loop's
 * edge, repeated on one side only) and an end whose start was not written
 * (it went with a left-out paragraph) are left out. */
static gboolean
mark_may_be_written (Out  *o,
                     Open *m)
{
  gboolean start = g_str_has_suffix (m->name, "-start");
  gboolean end = !start && g_str_has_suffix (m->name, "-end");
  g_autofree char *key = NULL;
  guint state;

  if (!start && !end)
    return TRUE;
  key = mark_key (m, strlen (m->name) - (start ? strlen ("-start") : strlen ("-end")));
  state = GPOINTER_TO_UINT (g_hash_table_lookup (o->marks_started, key));
  if (start ? state != RANGE_UNSEEN : state != RANGE_OPEN)
    return FALSE;
  g_hash_table_insert (o->marks_started, g_steal_pointer (&key), GUINT_TO_POINTER (start ? RANGE_OPEN : RANGE_CLOSED));
  return TRUE;
}

/* Writes the marks waiting from the @from-th on. */
void
_annalist_out_write_marks (Out   *o,
                           guint  from)
{
  for (guint i = from; i < o->marks->len; i++)
    {
      Open *m = g_ptr_array_index (o->marks, i);

      if (!mark_may_be_written (o, m))
        continue;
      annalist_xml_out_start (o->w, m->name);
      _annalist_out_write_attributes (o->w, m->attrs);
      annalist_xml_out_end (o->w);
    }
  g_ptr_array_set_size (o->marks, from);
}

void
_annalist_out_flush (Out *o)
{
  for (guint i = 0; i < o->open->len; i++)
    {
      Open *e = g_ptr_array_index (o->open, i);

      if (e->written)
        continue;
      annalist_xml_out_start (o->w, e->name);
      _annalist_out_write_attributes (o->w, e->attrs);
      e->written = TRUE;
    }
  /* The marks met before the content, where it starts. */
  _annalist_out_write_marks (o, 0);
}

/* Writes @text as character data, escaped unless @plain says it holds
 * nothing escaping would change. */
static void
out_chars (Out        *o,
           const char *text,
           gsize       length,
           gboolean    plain)
{
  if (length == 0)
    return;
  _annalist_out_flush (o);
  if (o->in_heading)
    g_string_append_len (o->heading, text, length);
  if (plain)
    annalist_xml_out_raw (o->w, text, length);
  else
    {
      annalist_xml_out_raw (o->w, "", 0); /* closes the start tag */
      write_escaped (o->w, text, length, FALSE);
    }
}

/* Writes @text as character data, with the characters XML cannot hold
 * left out. Valid UTF-8 is a given: values are made valid when read. */
void
_annalist_out_chars (Out        *o,
                     const char *text,
                     gsize       length)
{
  out_chars (o, text, length, FALSE);
}

void
_annalist_out_empty (Out        *o,
                     const char *name)
{
  _annalist_out_flush (o);
  annalist_xml_out_start (o->w, name);
  annalist_xml_out_end (o->w);
}

/* The paragraph ends and another of the same style begins. */
void
_annalist_out_paragraph_break (Out *o)
{
  guint first = _annalist_out_paragraph_index (o);

  if (o->in_heading || o->lines || first == G_MAXUINT)
    {
      _annalist_out_empty (o, "text:line-break");
      if (o->in_heading)
        g_string_append_c (o->heading, ' ');
      return;
    }
  for (guint i = o->open->len; i-- > first; )
    {
      Open *e = g_ptr_array_index (o->open, i);

      if (e->written)
        annalist_xml_out_end (o->w);
      e->written = FALSE;
    }
  o->space = TRUE;
}

/* A value's text: spaces ODF would collapse become text:s, tabs text:tab,
 * lines paragraphs. */
void
_annalist_out_value_text (Out        *o,
                          const char *text)
{
  /* The bytes the walk stops at: spaces, tabs and line breaks, and
   * those escaping would change (as in write_escaped()). */
  static const guchar stop[256] = {
    [0 ... 0x1F] = 1, [' '] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, [0xEF] = 1,
  };
  const char *p = text, *end = text + strlen (text), *run = text;
  gboolean plain = TRUE; /* the run since @run needs no escaping */

  for (; p < end; p++)
    {
      const char *start = p;

      /* Ordinary characters, four at a time while they last. */
      while (end - p >= 4 && !(stop[(guchar) p[0]] | stop[(guchar) p[1]] |
                               stop[(guchar) p[2]] | stop[(guchar) p[3]]))
        p += 4;
      while (p < end && !stop[(guchar) *p])
        p++;
      if (p > start)
        o->space = FALSE;
      if (p == end)
        break;
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        {
          /* Written through escaping, an ordinary character still. */
          plain = FALSE;
          o->space = FALSE;
          continue;
        }
      if (*p == ' ')
        {
          if (!o->space)
            {
              o->space = TRUE;
              continue;
            }
          /* A second space and those after it. */
          {
            const char *q = p;
            guint n = 0;

            out_chars (o, run, p - run, plain);
            while (*q == ' ')
              q++, n++;
            _annalist_out_flush (o);
            annalist_xml_out_start (o->w, "text:s");
            if (n > 1)
              {
                char count[16];

                g_snprintf (count, sizeof count, "%u", n);
                annalist_xml_out_attr (o->w, "text:c", count);
              }
            annalist_xml_out_end (o->w);
            if (o->in_heading)
              g_string_append_c (o->heading, ' ');
            p = q - 1;
            run = q;
            plain = TRUE;
          }
          continue;
        }
      /* A tab or a line break. */
      out_chars (o, run, p - run, plain);
      if (*p == '\t')
        _annalist_out_empty (o, "text:tab");
      else
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          /* Blank lines between paragraphs are not paragraphs. */
          while (p[1] == '\n' || p[1] == '\r' || (p[1] == ' ' && (p[2] == '\n' || p[2] == ' ')))
            p++;
          _annalist_out_paragraph_break (o);
        }
      run = p + 1;
      plain = TRUE;
      o->space = TRUE;
    }
  out_chars (o, run, p - run, plain);
}



/* «prefix:name», in one allocation. */
static char *
qualified_name (const char *prefix,
                const char *name)
{
  gsize p = strlen (prefix), n = strlen (name);
  char *q = g_malloc (p + n + 2);

  memcpy (q, prefix, p);
  q[p] = ':';
  memcpy (q + p + 1, name, n + 1);
  return q;
}

char *
_annalist_out_qualified (Render     *r,
                         xmlNodePtr  node)
{
  const char *prefix = prefix_of (r, node->ns);

  return prefix ? qualified_name (prefix, (const char *) node->name) : NULL;
}

/* The value of @a: its one text child as a rule, else all its text. */
static char *
attribute_value (xmlAttrPtr a)
{
  xmlNodePtr text = a->children;

  if (text != NULL && text->next == NULL && text->type == XML_TEXT_NODE && text->content != NULL)
    return g_strdup ((const char *) text->content);
  return (char *) xmlNodeGetContent ((xmlNodePtr) a);
}

/* The attributes to write: ODF ones, names made unique where ODF wants. */
/* A section or an index: the text:name that names it must be unique. */
static gboolean
is_named_block (xmlNodePtr node)
{
  static const char * const blocks[] = {
    "section", "table-of-content", "alphabetical-index", "illustration-index", "table-index",
    "object-index", "user-index", "bibliography",
  };

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (_annalist_xml_is (node, NS_TEXT, blocks[i]))
      return TRUE;
  return FALSE;
}

/* What an attribute is in a cross-reference: the name of a target (a
 * note, a bookmark, a reference mark, a caption's number), the name at
 * the end of a target's range, or a reference to a target. */
typedef enum
{
  XREF_NONE,
  XREF_TARGET,
  XREF_END,
  XREF_REF,
} XrefRole;

/* The role of text:@name of text element @node, and the family of targets
 * it names (a note-ref refers to notes, a bookmark-ref to bookmarks …). */
static XrefRole
xref_role (xmlNodePtr   node,
           const char  *name,
           const char **family)
{
  static const struct { const char *element, *attribute, *family; XrefRole role; } xrefs[] = {
    { "note", "id", "note", XREF_TARGET },
    { "note-ref", "ref-name", "note", XREF_REF },
    { "bookmark", "name", "bookmark", XREF_TARGET },
    { "bookmark-start", "name", "bookmark", XREF_TARGET },
    { "bookmark-end", "name", "bookmark", XREF_END },
    { "bookmark-ref", "ref-name", "bookmark", XREF_REF },
    { "reference-mark", "name", "reference", XREF_TARGET },
    { "reference-mark-start", "name", "reference", XREF_TARGET },
    { "reference-mark-end", "name", "reference", XREF_END },
    { "reference-ref", "ref-name", "reference", XREF_REF },
    { "sequence", "ref-name", "sequence", XREF_TARGET },
    { "sequence-ref", "ref-name", "sequence", XREF_REF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (xrefs); i++)
    if (_annalist_xml_is (node, NS_TEXT, xrefs[i].element) && g_str_equal (name, xrefs[i].attribute))
      {
        *family = xrefs[i].family;
        return xrefs[i].role;
      }
  return XREF_NONE;
}

/* A loop around a target that it repeats (by its static frame), and the
 * target's name in each of the loop's repetitions (by Frame.serial): the
 * first it took there. A repetition is over once the next starts, but a
 * column's cells come row by row, between the other columns'. */
typedef struct
{
  guint       frame;
  GHashTable *names;
} TargetLoop;

static void
target_loop_clear (gpointer data)
{
  g_hash_table_unref (((TargetLoop *) data)->names);
}

/* The loops around each target and each range's end (their static
 * frames, outermost first), by «family\x1fname». */
typedef struct
{
  GHashTable *targets;
  GHashTable *ends;
} LoopsAround;

static void
find_loops_around (Render      *r,
                   LoopsAround *around,
                   xmlNodePtr   node,
                   GArray      *loops)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      gboolean each;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      for (xmlAttrPtr a = c->properties; a != NULL; a = a->next)
        {
          const char *family;
          XrefRole role;

          if (((role = xref_role (c, (const char *) a->name, &family)) == XREF_TARGET || role == XREF_END) &&
              a->ns != NULL && xmlStrEqual (a->ns->href, BAD_CAST NS_TEXT))
            {
              g_autofree char *value = attribute_value (a);
              GArray *frames = g_array_sized_new (FALSE, FALSE, sizeof (guint), loops->len);

              g_array_append_vals (frames, loops->data, loops->len);
              g_hash_table_replace (role == XREF_TARGET ? around->targets : around->ends,
                                    g_strdup_printf ("%s\x1f%s", family, value), frames);
            }
        }
      each = _annalist_xml_is (c, ANN_NS, "each");
      if (each)
        {
          Tag *tag = g_ptr_array_index (r->tmpl->tags, _annalist_tag_id (c));
          g_array_append_val (loops, tag->loop->frame);
        }
      find_loops_around (r, around, c, loops);
      if (each)
        g_array_set_size (loops, loops->len - 1);
    }
}

static gboolean
same_loops (GArray *a,
            GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (guint)) == 0;
}

/* The targets the template repeats, by «family\x1fname»: the loops
 * around each, innermost first (TargetLoop). A range whose start and end
 * stand in different loops (a bookmark over the loop's edge) is not
 * among them: it keeps its name, and is written from its first start to
 * the first end after it (_annalist_out_write_marks ()). */
static GHashTable *
find_looped_targets (Render *r)
{
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  LoopsAround around = {
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref),
  };
  g_autoptr(GArray) loops = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, value;

  find_loops_around (r, &around, (xmlNodePtr) r->tmpl->doc, loops);
  g_hash_table_iter_init (&iter, around.targets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *frames = value, *end_frames = g_hash_table_lookup (around.ends, key);
      GArray *target_loops;

      if (frames->len == 0 || (end_frames != NULL && !same_loops (frames, end_frames)))
        continue;
      target_loops = g_array_sized_new (FALSE, TRUE, sizeof (TargetLoop), frames->len);
      g_array_set_clear_func (target_loops, target_loop_clear);
      for (guint i = frames->len; i-- > 0; )
        {
          TargetLoop l = { g_array_index (frames, guint, i),
                           g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free) };
          g_array_append_val (target_loops, l);
        }
      g_hash_table_insert (found, g_strdup (key), target_loops);
    }
  g_hash_table_unref (around.targets);
  g_hash_table_unref (around.ends);
  return found;
}

/* The loops around a target of @family named @value, innermost first, if
 * the template repeats it: then it and the references to it are renamed
 * repetition by repetition. NULL for a target written once. */
static GArray *
target_loops (Render     *r,
              const char *family,
              const char *value)
{
  Out *o = r->out;
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", family, value);

  if (o->looped_targets == NULL)
    o->looped_targets = find_looped_targets (r);
  return g_hash_table_lookup (o->looped_targets, key);
}

static char *
nth_name (const char *value,
          guint       n)
{
  return n > 1 ? g_strdup_printf ("%s_%u", value, n) : g_strdup (value);
}

/* The name a cross-reference's @value takes here. The n-th target of a
 * family and name a loop repeats is «value_n» (the first keeps it), and
 * an end takes its target's last name. A reference takes the name of the
 * target in the current repetition of the innermost loop around the
 * target that is around the reference too: the name the target took in
 * it, or, when the target comes later in it, the name it will take. A
 * reference outside those loops names the first repetition. */
static char *
xref_name (Render     *r,
           const char *family,
           XrefRole    role,
           const char *value)
{
  Out *o = r->out;
  GArray *loops = target_loops (r, family, value);
  g_autofree char *key = NULL;
  guint n;

  if (loops == NULL)
    return g_strdup (value);
  key = g_strdup_printf ("%s\x1f%s", family, value);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (o->names, key));
  if (role == XREF_END)
    return nth_name (value, MAX (n, 1));
  if (role == XREF_REF)
    {
      for (guint i = 0; i < loops->len; i++)
        {
          TargetLoop *l = &g_array_index (loops, TargetLoop, i);
          Frame *f = _annalist_render_frame (r, l->frame);

          if (f != NULL)
            {
              const char *name = g_hash_table_lookup (l->names, &f->serial);

              return name != NULL ? g_strdup (name) : nth_name (value, n + 1);
            }
        }
      return g_strdup (value);
    }

  g_hash_table_insert (o->names, g_steal_pointer (&key), GUINT_TO_POINTER (++n));
  for (guint i = 0; i < loops->len; i++)
    {
      TargetLoop *l = &g_array_index (loops, TargetLoop, i);
      Frame *f = _annalist_render_frame (r, l->frame);

      if (f != NULL && !g_hash_table_contains (l->names, &f->serial))
        g_hash_table_insert (l->names, g_memdup2 (&f->serial, sizeof f->serial), nth_name (value, n));
    }
  return nth_name (value, n);
}

/* The id a list named @value (taken) takes, made unique per repetition
 * with @written; without, the name of its last repetition written, NULL
 * when none was. */
static char *
list_id (Out  *o,
         char *value,
         gboolean written)
{
  g_autofree char *key = g_strconcat ("xml:id\x1f", value, NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (o->names, key));
  char *id = NULL;

  if (written)
    g_hash_table_insert (o->names, g_steal_pointer (&key), GUINT_TO_POINTER (++n));
  if (n > 0)
    id = nth_name (value, n);
  g_free (value);
  return id;
}

GPtrArray *
_annalist_out_attributes (Render     *r,
                          xmlNodePtr  node,
                          gboolean    cell_with_values)
{
  Out *o = r->out;
  gpointer key = (gpointer) ((guintptr) node | (cell_with_values ? 1 : 0));
  gboolean renamed = FALSE;
  guint n = 0;
  GPtrArray *attrs;

  attrs = o->attributes != NULL ? g_hash_table_lookup (o->attributes, key) : NULL;
  if (attrs != NULL)
    return g_ptr_array_ref (attrs);

  for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
    n++;
  attrs = g_ptr_array_new_full (2 * n, g_free);

  for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
    {
      const char *prefix = prefix_of (r, a->ns);
      g_autofree char *value = NULL;
      const char *name = (const char *) a->name;
      const char *family;
      XrefRole role;

      if (prefix == NULL)
        continue;
      /* A list's id, which a later list continuing its numbering names,
       * made unique per repetition; other ids are left out (a repeated
       * paragraph would double them, and nothing of ours refers to
       * them). */
      if (g_str_equal (name, "id") && g_str_equal (prefix, "xml"))
        {
          if (!_annalist_xml_is (node, NS_TEXT, "list"))
            continue;
          value = attribute_value (a);
          value = list_id (o, value, TRUE);
          renamed = TRUE;
          g_ptr_array_add (attrs, qualified_name (prefix, name));
          g_ptr_array_add (attrs, g_steal_pointer (&value));
          continue;
        }
      /* The list continued: its last repetition written before. */
      if (g_str_equal (name, "continue-list") && g_str_equal (prefix, "text"))
        {
          value = attribute_value (a);
          value = list_id (o, value, FALSE);
          renamed = TRUE;
          if (value == NULL)
            continue;
          g_ptr_array_add (attrs, qualified_name (prefix, name));
          g_ptr_array_add (attrs, g_steal_pointer (&value));
          continue;
        }
      if (cell_with_values && g_str_equal (prefix, "office") &&
          (g_str_has_suffix (name, "value") || g_str_equal (name, "value-type")))
        continue;
      value = attribute_value (a);

      /* Notes, bookmarks, reference marks and captions repeated by a
       * loop, and the references to them. */
      if (g_str_equal (prefix, "text") && (role = xref_role (node, name, &family)) != XREF_NONE)
        {
          char *unique = xref_name (r, family, role, value);

          /* Counted at each repetition: never taken from the cache. */
          renamed = TRUE;
          g_free (value);
          value = unique;
        }
      /* A link to a bookmark (Writer's «#name»; a heading, table or
       * section is «#name|outline» …) is a reference to it. */
      else if (g_str_equal (prefix, "xlink") && g_str_equal (name, "href") &&
               _annalist_xml_is (node, NS_TEXT, "a") && value != NULL && value[0] == '#' && strchr (value, '|') == NULL)
        {
          g_autofree char *unique = xref_name (r, "bookmark", XREF_REF, value + 1);

          renamed = TRUE;
          g_free (value);
          value = g_strconcat ("#", unique, NULL);
        }
      /* A table, frame, section or index repeated by a loop gets a name
       * of its own (a variable's text:name refers to one, and stays). */
      else if (g_str_equal (name, "name") &&
               ((g_str_equal (prefix, "table") && _annalist_xml_is (node, NS_TABLE, "table")) ||
                g_str_equal (prefix, "draw") ||
                (g_str_equal (prefix, "text") && is_named_block (node))))
        {
          guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (o->names, value));

          /* Counted at each repetition: never taken from the cache. */
          renamed = TRUE;

          g_hash_table_insert (o->names, g_strdup (value), GUINT_TO_POINTER (seen + 1));
          if (seen > 0)
            {
              char *unique = g_strdup_printf ("%s_%u", value, seen + 1);
              g_free (value);
              value = unique;
            }
        }
      g_ptr_array_add (attrs, qualified_name (prefix, name));
      g_ptr_array_add (attrs, g_steal_pointer (&value));
    }
  if (!renamed && o->attributes != NULL)
    g_hash_table_insert (o->attributes, key, g_ptr_array_ref (attrs));
  return attrs;
}

guint
_annalist_out_paragraph_index (Out *o)
{
  /* The innermost: a footnote or a text box holds paragraphs inside one. */
  for (guint i = o->open->len; i-- > 0; )
    {
      Open *e = g_ptr_array_index (o->open, i);
      if (g_str_equal (e->name, "text:p") || g_str_equal (e->name, "text:h"))
        return i;
    }
  return G_MAXUINT;
}
