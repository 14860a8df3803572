/* annalist-template-names.c — what the names of a template stand for
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A name is looked up in the frames open where it stands, the innermost
 * first: a loop's alias, a field of the record of the innermost loop that
 * has it, a chain of references from there (organisation.type.name), the
 * document's own records (organisation, plan, project), then the names
 * every document knows (year, today, setting.KEY …). What is not found
 * gets a message that names it and, when one is close, what was meant.
 *
 * Kinds and fields are found by their table names, columns and labels
 * (English, the catalogue's, Russian), compared folded (case, «ё»,
 * spaces); a name typed wrong is matched to the closest one for
 * «возможно, …». Moved here from annalist-template-expr.c, which had
 * grown to the size limit and reads the language, not what it names.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-preferences-window.h"
#include "annalist-store.h"
#include "annalist-template-private.h"
#include "annalist-kind-labels-ru.h"

/* Kinds and fields by name ------------------------------------------------------ */

char *
_annalist_name_fold (const char *name)
{
  char *folded = annalist_fold (name, -1);
  char *o = folded;
  gboolean space = FALSE;

  /* Spaces, no-break ones included, count as one between words. What is
   * kept is never longer than what was read, so it is written over the
   * folded text. */
  for (const char *p = folded; *p; )
    {
      const char *next;
      gboolean is_space;

      if ((guchar) *p < 0x80)
        {
          is_space = g_ascii_isspace (*p);
          next = p + 1;
        }
      else if ((guchar) *p >= 0xC3 && (guchar) *p <= 0xDF && p[1] != '\0')
        {
          /* U+00C0 … U+07FF (Cyrillic among them) hold no spaces. */
          is_space = FALSE;
          next = p + 2;
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          is_space = g_unichar_isspace (c) || c == 0xA0;
          next = g_utf8_next_char (p);
        }
      if (is_space)
        {
          space = o > folded;
          p = next;
          continue;
        }
      if (space)
        *o++ = ' ';
      space = FALSE;
      while (p < next && *p)
        *o++ = *p++;
    }
  *o = '\0';
  return folded;
}

typedef __typeof__ (kind_labels_ru[0]) LabelRu;

static int
compare_msgid (const void *msgid,
               const void *entry)
{
  return strcmp (msgid, ((const LabelRu *) entry)->msgid);
}

/* The Russian label of a msgid. The generated table is in the order of
 * its msgids; should it ever not be, it is read from the start. */
static const char *
label_ru (const char *msgid)
{
  static gboolean sorted;
  static gsize checked = 0;

  if (msgid == NULL)
    return NULL;
  if (g_once_init_enter (&checked))
    {
      sorted = TRUE;
      for (guint i = 1; i < G_N_ELEMENTS (kind_labels_ru); i++)
        if (strcmp (kind_labels_ru[i - 1].msgid, kind_labels_ru[i].msgid) >= 0)
          sorted = FALSE;
      g_once_init_leave (&checked, 1);
    }
  if (sorted)
    {
      const LabelRu *found = bsearch (msgid, kind_labels_ru, G_N_ELEMENTS (kind_labels_ru),
                                      sizeof kind_labels_ru[0], compare_msgid);

      return found != NULL ? found->ru : NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels_ru); i++)
    if (g_str_equal (kind_labels_ru[i].msgid, msgid))
      return kind_labels_ru[i].ru;
  return NULL;
}

const char *
_annalist_template_kind_label (const AnnalistKind *kind)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, kind->label);

  /* Messages are in the language of the catalogue; the Russian label is
   * what a template made in Russian uses, so prefer it when the
   * catalogue is not translated. */
  if (translated == kind->label && label_ru (kind->label) != NULL &&
      g_str_has_prefix (g_dgettext (GETTEXT_PACKAGE, "Events"), "Мероприятия"))
    return label_ru (kind->label);
  return translated;
}

/* The names a template may call kinds and fields by, folded, built once:
 * a template names them hundreds of times. The first kind or field to
 * claim a name keeps it, in the order the lookups always had. */
typedef struct
{
  GHashTable *kinds;    /* folded name → const AnnalistKind * */
  GHashTable *fields;   /* const AnnalistKind * → FieldNames, NULL until first used */
} NameIndex;

static void
claim (GHashTable *table,
       const char *name,
       gpointer    value)
{
  char *folded;

  if (name == NULL)
    return;
  folded = _annalist_name_fold (name);
  if (g_hash_table_contains (table, folded))
    g_free (folded);
  else
    g_hash_table_insert (table, folded, value);
}

/* A label by the English msgid, its translation in the language in force
 * and its Russian translation; a name the same as one before claims
 * nothing new. */
static void
claim_label (GHashTable *table,
             const char *msgid,
             gpointer    value)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  const char *ru = label_ru (msgid);

  claim (table, msgid, value);
  if (g_strcmp0 (translated, msgid) != 0)
    claim (table, translated, value);
  if (g_strcmp0 (ru, msgid) != 0 && g_strcmp0 (ru, translated) != 0)
    claim (table, ru, value);
}

/* A kind's field names, folded, to index + 1: columns first, then «kind»
 * for «kind_id», then labels, so that a label never hides a column. The
 * labels go in only when a name is not among the others: a template
 * mostly names fields by their columns. */
typedef struct
{
  GHashTable *names;
  gboolean    labels;   /* the labels are in */
} FieldNames;

static FieldNames *
field_names_new (const AnnalistKind *kind)
{
  FieldNames *f = g_new0 (FieldNames, 1);

  f->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < kind->n_fields; i++)
    claim (f->names, kind->fields[i].column, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < kind->n_fields; i++)
    if (g_str_has_suffix (kind->fields[i].column, "_id"))
      {
        g_autofree char *bare = g_strndup (kind->fields[i].column, strlen (kind->fields[i].column) - 3);
        claim (f->names, bare, GUINT_TO_POINTER (i + 1));
      }
  return f;
}

char *
_annalist_field_name (const AnnalistKind  *kind,
                      const AnnalistField *field)
{
  /* As field_names_new () claims them: a reference also by its column
   * without «_id», unless a column has that name; and not where that is
   * a word of the language, which a placeholder would read as one. */
  if (g_str_has_suffix (field->column, "_id"))
    {
      g_autofree char *bare = g_strndup (field->column, strlen (field->column) - 3);

      if (annalist_kind_field (kind, bare) == NULL && !_annalist_expr_is_reserved (bare))
        return g_steal_pointer (&bare);
    }
  return g_strdup (field->column);
}

static void
field_names_free (gpointer data)
{
  FieldNames *f = data;

  if (f == NULL)
    return;
  g_hash_table_unref (f->names);
  g_free (f);
}

/* The index + 1 of the field @folded names, 0 if none. */
static guint
field_names_find (FieldNames         *f,
                  const AnnalistKind *kind,
                  const char         *folded)
{
  guint found = GPOINTER_TO_UINT (g_hash_table_lookup (f->names, folded));

  if (found == 0 && !f->labels)
    {
      for (guint i = 0; i < kind->n_fields; i++)
        claim_label (f->names, kind->fields[i].label, GUINT_TO_POINTER (i + 1));
      f->labels = TRUE;
      found = GPOINTER_TO_UINT (g_hash_table_lookup (f->names, folded));
    }
  return found;
}

static NameIndex *
name_index (void)
{
  static NameIndex index;
  static gsize built = 0;

  if (g_once_init_enter (&built))
    {
      index.kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      /* A kind's field names are indexed when a template first names
       * one: a template names the fields of a few kinds only. */
      index.fields = g_hash_table_new_full (NULL, NULL, NULL, field_names_free);
      for (int pass = 0; pass < 2; pass++)
        {
          guint n;
          const AnnalistKind * const *kinds = pass == 0 ? annalist_kinds_all (&n) : annalist_computed_kinds (&n);

          for (guint i = 0; i < n; i++)
            {
              claim (index.kinds, kinds[i]->name, (gpointer) kinds[i]);
              claim_label (index.kinds, kinds[i]->label, (gpointer) kinds[i]);
              claim_label (index.kinds, kinds[i]->singular, (gpointer) kinds[i]);
              g_hash_table_insert (index.fields, (gpointer) kinds[i], NULL);
            }
        }
      g_once_init_leave (&built, 1);
    }
  return &index;
}

const AnnalistKind *
_annalist_template_find_kind_folded (const char *folded)
{
  return g_hash_table_lookup (name_index ()->kinds, folded);
}

const AnnalistKind *
_annalist_template_find_kind (const char *name)
{
  g_autofree char *folded = _annalist_name_fold (name);

  return _annalist_template_find_kind_folded (folded);
}

const AnnalistField *
_annalist_template_find_field_folded (const AnnalistKind *kind,
                                      const char         *folded,
                                      int                *index)
{
  static GMutex lock;
  GHashTable *fields = name_index ()->fields;
  gpointer names = NULL;
  guint found;

  /* The tables grow as they are used, and the index may be used from a
   * worker too. */
  g_mutex_lock (&lock);
  if (g_hash_table_lookup_extended (fields, kind, NULL, &names))
    {
      if (names == NULL)
        {
          names = field_names_new (kind);
          g_hash_table_insert (fields, (gpointer) kind, names);
        }
      found = field_names_find (names, kind, folded);
    }
  else
    {
      /* A kind of no table (none today) has its names looked at each
       * time. */
      FieldNames *own = field_names_new (kind);

      found = field_names_find (own, kind, folded);
      field_names_free (own);
    }
  g_mutex_unlock (&lock);
  if (found == 0)
    return NULL;
  if (index != NULL)
    *index = (int) found - 1;
  return &kind->fields[found - 1];
}

const AnnalistField *
_annalist_template_find_field (const AnnalistKind *kind,
                               const char         *name,
                               int                *index)
{
  g_autofree char *folded = _annalist_name_fold (name);

  return _annalist_template_find_field_folded (kind, folded, index);
}

/* Levenshtein distance over characters, for «возможно, …». */
static guint
distance (const char *a,
          const char *b)
{
  glong la, lb;
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &la);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (glong j = 0; j <= lb; j++)
    row[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = up;
        }
    }
  return row[lb];
}

const char *
_annalist_suggest (const char          *typed,
                   const char * const  *candidates,
                   guint                n_candidates)
{
  g_autofree char *folded = _annalist_name_fold (typed);
  guint limit = MAX (2, g_utf8_strlen (folded, -1) / 3);
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < n_candidates; i++)
    {
      g_autofree char *c = NULL;
      guint d;

      if (candidates[i] == NULL)
        continue;
      c = _annalist_name_fold (candidates[i]);
      /* The name typed is known, and wrong for another reason: naming
       * it again would tell the user nothing. */
      if (g_str_equal (c, folded))
        continue;
      d = distance (folded, c);
      if (d < best_distance)
        {
          best_distance = d;
          best = candidates[i];
        }
    }
  return best_distance <= limit ? best : NULL;
}

/* References ------------------------------------------------------------------- */

/* A kind by its table name, a stored kind before a computed one. */
static const AnnalistKind *
kind_named (const char *name)
{
  const AnnalistKind *kind = annalist_kind_lookup (name);
  const AnnalistKind * const *computed;
  guint n;

  if (kind != NULL)
    return kind;
  computed = annalist_computed_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (computed[i]->name, name))
      return computed[i];
  return NULL;
}

const AnnalistKind *
_annalist_names_target_of (const AnnalistField *field)
{
  if (field->target == NULL)
    return NULL;
  return kind_named (field->target);
}

gboolean
_annalist_names_is_reference (const AnnalistField *field)
{
  return field->type == ANNALIST_FIELD_REFERENCE || field->type == ANNALIST_FIELD_DICTIONARY;
}

/* Messages --------------------------------------------------------------------- */

gboolean
_annalist_tag_fail (AnnalistTemplate  *self,
                    Tag               *tag,
                    GError           **error,
                    const char        *format,
                    ...)
{
  g_autofree char *problem = NULL;
  va_list ap;

  va_start (ap, format);
  problem = g_strdup_vprintf (format, ap);
  va_end (ap);
  _annalist_template_tag_error (self, tag, error, problem);
  return FALSE;
}

char *
_annalist_segments_text (GArray *segments,
                         guint   from,
                         guint   to)
{
  GString *s = g_string_new (NULL);

  for (guint i = from; i < to && i < segments->len; i++)
    {
      Segment *seg = &g_array_index (segments, Segment, i);

      if (i > from)
        g_string_append_c (s, '.');
      g_string_append (s, seg->text);
    }
  return g_string_free (s, FALSE);
}

/* The «kind» made of «kind_id» for suggestions were allocated. */
static void
free_short_names (GPtrArray          *candidates,
                  const AnnalistKind *kind)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      gpointer c = g_ptr_array_index (candidates, i);
      gboolean is_column = FALSE;

      for (guint f = 0; f < kind->n_fields; f++)
        if (c == (gpointer) kind->fields[f].column)
          is_column = TRUE;
      if (!is_column)
        g_free (c);
    }
}

gboolean
_annalist_names_unknown_field (AnnalistTemplate   *self,
                               Tag                *tag,
                               const AnnalistKind *kind,
                               const char         *name,
                               GError            **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  const char *suggestion;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_ptr_array_add (candidates, (gpointer) kind->fields[i].column);
      if (g_str_has_suffix (kind->fields[i].column, "_id"))
        g_ptr_array_add (candidates, g_strndup (kind->fields[i].column,
                                                strlen (kind->fields[i].column) - 3));
    }
  suggestion = _annalist_suggest (name, (const char * const *) candidates->pdata, candidates->len);
  if (suggestion != NULL)
    {
      g_autofree char *s = g_strdup (suggestion);

      free_short_names (candidates, kind);
      return _annalist_tag_fail (self, tag, error, _("unknown field “%s” of “%s”; perhaps “%s”"),
                                 name, _annalist_template_kind_label (kind), s);
    }
  free_short_names (candidates, kind);
  return _annalist_tag_fail (self, tag, error, _("unknown field “%s” of “%s”"),
                             name, _annalist_template_kind_label (kind));
}

/* Fields and chains ------------------------------------------------------------------ */

/* A path's segments, each folded once however many frames it is tried
 * in. */
typedef struct
{
  GArray  *segments;   /* Segment */
  char   **folded;     /* one per segment, folded when first needed */
} Path;

static Path
path_of (GArray *segments)
{
  Path path = { segments, g_new0 (char *, segments->len) };

  return path;
}

static void
path_clear (Path *path)
{
  for (guint i = 0; i < path->segments->len; i++)
    g_free (path->folded[i]);
  g_free (path->folded);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Path, path_clear)

static const char *
path_folded (Path  *path,
             guint  i)
{
  if (path->folded[i] == NULL)
    path->folded[i] = _annalist_name_fold (g_array_index (path->segments, Segment, i).text);
  return path->folded[i];
}

/* Resolves segments[@from…] as fields of @kind and onward through
 * references. *@first_missing: the first segment is not a field of @kind
 * (no error is set then). */
static gboolean
resolve_chain (AnnalistTemplate     *self,
               Tag                  *tag,
               const AnnalistKind   *kind,
               Path                 *path,
               guint                 from,
               PathRef              *ref,
               gboolean             *first_missing,
               GError              **error)
{
  GArray *segments = path->segments;
  const AnnalistKind *k = kind;
  const AnnalistField *field = NULL;

  *first_missing = FALSE;
  ref->chain = g_array_new (FALSE, FALSE, sizeof (int));
  ref->kind = kind;
  for (guint i = from; i < segments->len; i++)
    {
      Segment *seg = &g_array_index (segments, Segment, i);
      int index = -1;

      if (field != NULL)
        {
          if (field->type == ANNALIST_FIELD_REFERENCES)
            return _annalist_tag_fail (self, tag, error, _("“%s” is a list of organisations: loop over it with {{#each %s}}"),
                                       g_array_index (segments, Segment, i - 1).text,
                                       g_array_index (segments, Segment, i - 1).text);
          if (!_annalist_names_is_reference (field) || (k = _annalist_names_target_of (field)) == NULL)
            return _annalist_tag_fail (self, tag, error, _("“%s” is not a reference to another record: it has no “%s”"),
                                       g_array_index (segments, Segment, i - 1).text, seg->text);
        }
      field = _annalist_template_find_field_folded (k, path_folded (path, i), &index);
      if (field == NULL && !seg->quoted && g_ascii_strcasecmp (seg->text, "id") == 0)
        {
          field = &_annalist_id_field;
          index = ID_FIELD;
        }
      if (field == NULL)
        {
          if (i == from)
            {
              *first_missing = TRUE;
              g_clear_pointer (&ref->chain, g_array_unref);
              return TRUE;
            }
          return _annalist_names_unknown_field (self, tag, k, seg->text, error);
        }
      g_array_append_val (ref->chain, index);
      if (index >= 0 && index < 64)
        {
          guint64 *used;

          if (self->record_fields == NULL)
            self->record_fields = g_hash_table_new_full (NULL, NULL, NULL, g_free);
          used = g_hash_table_lookup (self->record_fields, k);
          if (used == NULL)
            g_hash_table_insert (self->record_fields, (gpointer) k, used = g_new0 (guint64, 1));
          *used |= G_GUINT64_CONSTANT (1) << index;
        }
    }
  ref->field = field;
  ref->target = field && _annalist_names_is_reference (field) ? _annalist_names_target_of (field) : NULL;
  return TRUE;
}

gboolean
_annalist_names_resolve_chain (AnnalistTemplate     *self,
                               Tag                  *tag,
                               const AnnalistKind   *kind,
                               GArray               *segments,
                               guint                 from,
                               PathRef              *ref,
                               gboolean             *first_missing,
                               GError              **error)
{
  g_auto(Path) path = path_of (segments);

  return resolve_chain (self, tag, kind, &path, from, ref, first_missing, error);
}

StaticFrame *
_annalist_names_frame_at (AnnalistTemplate *self,
                          guint             index)
{
  return g_ptr_array_index (self->frames, index);
}

guint
_annalist_names_frame_add (AnnalistTemplate      *self,
                           FrameType              type,
                           const AnnalistKind    *kind,
                           const char            *alias,
                           Loop                  *loop,
                           AnnalistTemplateParams param)
{
  StaticFrame *f = g_new0 (StaticFrame, 1);

  f->type = type;
  f->kind = kind;
  f->alias = g_strdup (alias);
  f->loop = loop;
  f->param = param;
  g_ptr_array_add (self->frames, f);
  return self->frames->len - 1;
}

/* The innermost loop frame, G_MAXUINT if none. */
guint
_annalist_names_innermost_loop (AnnalistTemplate *self,
                                GArray           *stack)
{
  for (guint i = stack->len; i-- > 0; )
    {
      guint f = g_array_index (stack, guint, i);
      if (_annalist_names_frame_at (self, f)->loop != NULL)
        return f;
    }
  return G_MAXUINT;
}

/* The document parameters a template can name at its top level. */
static const struct
{
  const char            *kind;
  AnnalistTemplateParams param;
} parameter_kinds[] = {
  { "organisation", ANNALIST_TEMPLATE_PARAM_ORGANISATION },
  { "plan", ANNALIST_TEMPLATE_PARAM_PLAN },
  { "project", ANNALIST_TEMPLATE_PARAM_PROJECT },
};

/* Whether a loop around the tag has records with a field called @typed:
 * a project's or a stage's own period_start hides the document's. The
 * record a document is written for is no loop the user wrote: its fields
 * are named through it (project.period_start), and a site report for a
 * period can still say which. */
static gboolean
loop_has_field (AnnalistTemplate *self,
                GArray           *stack,
                const char       *folded)
{
  for (guint i = stack->len; i-- > 0; )
    {
      StaticFrame *f = _annalist_names_frame_at (self, g_array_index (stack, guint, i));

      if (f->kind != NULL && f->param == 0 && _annalist_template_find_field_folded (f->kind, folded, NULL) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
frame_matches_name (StaticFrame *f,
                    const char  *folded)
{
  if (f->alias != NULL)
    {
      g_autofree char *alias = _annalist_name_fold (f->alias);
      if (g_str_equal (alias, folded))
        return TRUE;
    }
  return f->kind != NULL && (f->type == FRAME_RECORD || f->type == FRAME_GROUP) &&
         _annalist_template_find_kind_folded (folded) == f->kind;
}

/* The loop of frame @f reads its rows' field that @ref starts with. */
static void
use_field (StaticFrame *f,
           PathRef     *ref)
{
  if (f->loop != NULL && ref->chain != NULL && ref->chain->len > 0)
    _annalist_query_use_field (f->loop->query, g_array_index (ref->chain, int, 0));
}

/* The values a document knows by name outside any record, with what
 * they are for people (the window of template fields lists them). */
static const AnnalistDocumentValue document_values[] = {
  { "year", REF_YEAR, N_("Academic year of the document") },
  { "next_year", REF_NEXT_YEAR, N_("The next academic year") },
  { "previous_year", REF_PREVIOUS_YEAR, N_("The previous academic year") },
  { "year_start", REF_YEAR_START, N_("Calendar year the academic year starts in") },
  { "year_end", REF_YEAR_END, N_("Calendar year the academic year ends in") },
  { "today", REF_TODAY, N_("Today’s date") },
  { "period_start", REF_PERIOD_START, N_("First academic year of a document for a period") },
  { "period_end", REF_PERIOD_END, N_("Last academic year of a document for a period") },
  { "first", REF_FIRST, N_("In a loop: whether this is its first record") },
  { "last", REF_LAST, N_("In a loop: whether this is its last record") },
};

const AnnalistDocumentValue *
_annalist_document_values (guint *n_values)
{
  *n_values = G_N_ELEMENTS (document_values);
  return document_values;
}

/* The keys of the Preferences window, NULL-terminated. */
static const char **
setting_keys (void)
{
  GPtrArray *keys = g_ptr_array_new ();
  const char *key;

  for (guint i = 0; (key = annalist_preferences_setting (i, NULL)) != NULL; i++)
    g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_add (keys, NULL);
  return (const char **) g_ptr_array_free (keys, FALSE);
}

/* A name every document knows, used the wrong way: @segments start with
 * «setting» or a value of the document, and did not resolve. Says what is
 * wrong, since suggesting the name typed would tell nothing. FALSE, with
 * @error set, when that is so; TRUE when the name is no such one. */
static gboolean
check_document_name (AnnalistTemplate  *self,
                     Tag               *tag,
                     GArray            *segments,
                     const char        *folded,
                     GError           **error)
{
  Segment *first = &g_array_index (segments, Segment, 0);
  gboolean known = g_str_equal (folded, "setting");

  for (guint i = 0; i < G_N_ELEMENTS (document_values) && !known; i++)
    known = g_str_equal (folded, document_values[i].name);
  if (!known)
    return TRUE;

  if (first->quoted)
    return _annalist_tag_fail (self, tag, error,
                               _("a name in quotes is a field’s label; the document’s “%s” is written without quotes"),
                               first->text);
  if (g_str_equal (folded, "setting"))
    {
      g_autofree const char **keys = setting_keys ();
      g_autofree char *list = g_strjoinv (", ", (char **) keys);
      g_autofree char *key = NULL;
      g_autofree char *folded_key = NULL;
      const char *suggestion;

      if (segments->len == 1)
        return _annalist_tag_fail (self, tag, error, _("“%s” needs a key after a dot ({{setting.KEY}}): %s"),
                                   first->text, list);
      /* «setting.org.name»: the key was meant to be one name. */
      key = _annalist_segments_text (segments, 1, segments->len);
      g_strdelimit (key, ".", '_');
      folded_key = _annalist_name_fold (key);
      /* The key typed whole is no suggestion of _annalist_suggest (). */
      suggestion = _annalist_suggest (key, keys, g_strv_length ((char **) keys));
      for (guint i = 0; keys[i] != NULL; i++)
        if (g_str_equal (folded_key, keys[i]))
          suggestion = keys[i];
      if (suggestion != NULL)
        return _annalist_tag_fail (self, tag, error,
                                   _("a setting’s key is one name, nothing follows it after a dot; perhaps "
                                     "“setting.%s”"),
                                   suggestion);
      return _annalist_tag_fail (self, tag, error,
                                 _("a setting’s key is one name, nothing follows it after a dot; the keys are %s"),
                                 list);
    }
  return _annalist_tag_fail (self, tag, error, _("“%s” has no fields: nothing can follow it after a dot"),
                             first->text);
}

gboolean
_annalist_names_resolve_path (AnnalistTemplate  *self,
                              Tag               *tag,
                              Expr              *e,
                              GArray            *stack,
                              GError           **error)
{
  GArray *segments = e->segments;
  Segment *first = &g_array_index (segments, Segment, 0);
  PathRef *ref = g_new0 (PathRef, 1);
  gboolean missing;
  g_auto(Path) path = path_of (segments);
  const char *folded = path_folded (&path, 0);

  e->ref = ref;

  if (!first->quoted)
    {
      if (g_str_equal (folded, "setting") && segments->len == 2)
        {
          ref->type = REF_SETTING;
          ref->key = g_strdup (g_array_index (segments, Segment, 1).text);
          return TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (document_values); i++)
        if (segments->len == 1 && g_str_equal (folded, document_values[i].name))
          {
            if ((document_values[i].type == REF_PERIOD_START || document_values[i].type == REF_PERIOD_END) &&
                loop_has_field (self, stack, folded))
              break;
            ref->type = document_values[i].type;
            if (ref->type == REF_FIRST || ref->type == REF_LAST)
              {
                ref->frame = _annalist_names_innermost_loop (self, stack);
                if (ref->frame == G_MAXUINT)
                  return _annalist_tag_fail (self, tag, error, _("“%s” means something only inside a loop"), first->text);
                if (ref->type == REF_LAST)
                  _annalist_names_frame_at (self, ref->frame)->loop->needs_count = TRUE;
              }
            else if (ref->type == REF_PERIOD_START || ref->type == REF_PERIOD_END)
              self->params |= ANNALIST_TEMPLATE_PARAM_PERIOD;
            else if (ref->type != REF_TODAY)
              self->params |= ANNALIST_TEMPLATE_PARAM_YEAR;
            return TRUE;
          }
    }

  /* The frames, innermost first: a field of the record, then the frame's
   * own name. */
  for (guint i = stack->len; i-- > 0; )
    {
      guint index = g_array_index (stack, guint, i);
      StaticFrame *f = _annalist_names_frame_at (self, index);

      if (f->kind == NULL)
        continue;
      if (!resolve_chain (self, tag, f->kind, &path, 0, ref, &missing, error))
        return FALSE;
      if (!missing)
        {
          ref->type = REF_FIELD;
          ref->frame = index;
          use_field (f, ref);
          return TRUE;
        }
      if (frame_matches_name (f, folded))
        {
          ref->frame = index;
          if (segments->len == 1)
            {
              ref->type = REF_RECORD;
              ref->kind = ref->target = f->kind;
              return TRUE;
            }
          if (!resolve_chain (self, tag, f->kind, &path, 1, ref, &missing, error))
            return FALSE;
          if (missing)
            return _annalist_names_unknown_field (self, tag, f->kind, g_array_index (segments, Segment, 1).text, error);
          ref->type = REF_FIELD;
          use_field (f, ref);
          return TRUE;
        }
    }

  /* A document parameter: the organisation, plan or project the document
   * is about. */
  for (guint i = 0; i < G_N_ELEMENTS (parameter_kinds); i++)
    {
      const AnnalistKind *kind = kind_named (parameter_kinds[i].kind);
      guint index = G_MAXUINT;

      if (_annalist_template_find_kind_folded (folded) != kind)
        continue;
      for (guint f = 0; f < self->frames->len; f++)
        if (_annalist_names_frame_at (self, f)->param == parameter_kinds[i].param)
          index = f;
      if (index == G_MAXUINT)
        index = _annalist_names_frame_add (self, FRAME_RECORD, kind, parameter_kinds[i].kind, NULL,
                                           parameter_kinds[i].param);
      self->params |= parameter_kinds[i].param;
      ref->frame = index;
      if (segments->len == 1)
        {
          ref->type = REF_RECORD;
          ref->kind = ref->target = kind;
          return TRUE;
        }
      if (!resolve_chain (self, tag, kind, &path, 1, ref, &missing, error))
        return FALSE;
      if (missing)
        return _annalist_names_unknown_field (self, tag, kind, g_array_index (segments, Segment, 1).text, error);
      ref->type = REF_FIELD;
      return TRUE;
    }

  if (!check_document_name (self, tag, segments, folded, error))
    return FALSE;

  /* Not found: name the kind of the innermost record. */
  for (guint i = stack->len; i-- > 0; )
    {
      StaticFrame *f = _annalist_names_frame_at (self, g_array_index (stack, guint, i));

      if (f->kind != NULL)
        return _annalist_names_unknown_field (self, tag, f->kind, first->text, error);
    }
  {
    const char *names[G_N_ELEMENTS (document_values) + 1];
    guint n = 0;
    const char *suggestion;

    /* first and last are a loop's, not the document's. */
    for (guint i = 0; i < G_N_ELEMENTS (document_values); i++)
      if (document_values[i].type != REF_FIRST && document_values[i].type != REF_LAST)
        names[n++] = document_values[i].name;
    names[n++] = "setting";
    suggestion = _annalist_suggest (first->text, names, n);

    if (suggestion != NULL)
      return _annalist_tag_fail (self, tag, error, _("unknown name “%s”; perhaps “%s”"), first->text, suggestion);
    return _annalist_tag_fail (self, tag, error, _("unknown name “%s”: outside loops a document knows year, next_year, "
                                                   "previous_year, year_start, year_end, period_start, period_end, "
                                                   "today and setting.KEY"),
                               first->text);
  }
}

void
_annalist_query_param_frames (AnnalistTemplate *self,
                              GArray           *stack)
{
  for (guint i = 0; i < G_N_ELEMENTS (parameter_kinds); i++)
    if (self->preset & parameter_kinds[i].param)
      {
        guint index = _annalist_names_frame_add (self, FRAME_RECORD, annalist_kind_lookup (parameter_kinds[i].kind),
                                                 parameter_kinds[i].kind, NULL, parameter_kinds[i].param);

        g_array_append_val (stack, index);
      }
}

/* The tree: names in the frames its loops put around them ------------------- */

typedef struct
{
  AnnalistTemplate *self;
  GArray           *stack;   /* guint frame indices, the root first */
  GError           *error;
} Resolve;

static gboolean resolve_tree (Resolve *r, xmlNodePtr node);

static gboolean
resolve_node (Resolve    *r,
              xmlNodePtr  c)
{
  if (_annalist_xml_is (c, ANN_NS, "v"))
    {
      Tag *tag = g_ptr_array_index (r->self->tags, _annalist_tag_id (c));

      tag->node = c;
      return _annalist_query_resolve_tag (r->self, tag, r->stack, &r->error);
    }
  if (_annalist_xml_is (c, ANN_NS, "each"))
    {
      Tag *tag = g_ptr_array_index (r->self->tags, _annalist_tag_id (c));
      gboolean ok;

      if (!_annalist_query_open_loop (r->self, tag, r->stack, &r->error))
        return FALSE;
      g_array_append_val (r->stack, tag->loop->frame);
      ok = resolve_tree (r, c);
      g_array_set_size (r->stack, r->stack->len - 1);
      return ok;
    }
  if (_annalist_xml_is (c, ANN_NS, "if"))
    {
      Tag *tag = g_ptr_array_index (r->self->tags, _annalist_tag_id (c));

      if (!_annalist_query_resolve_tag (r->self, tag, r->stack, &r->error))
        return FALSE;
    }
  return resolve_tree (r, c);
}

static gboolean
resolve_tree (Resolve    *r,
              xmlNodePtr  node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !resolve_node (r, c))
      return FALSE;
  return TRUE;
}

gboolean
_annalist_names_resolve_regions (AnnalistTemplate  *self,
                                 xmlNodePtr        *regions,
                                 guint              n_regions,
                                 GError           **error)
{
  Resolve r = { self, g_array_new (FALSE, FALSE, sizeof (guint)), NULL };
  guint root_frame = 0;
  gboolean ok = TRUE;

  g_array_append_val (r.stack, root_frame);
  _annalist_query_param_frames (self, r.stack);
  for (guint i = 0; i < n_regions && ok; i++)
    ok = resolve_tree (&r, regions[i]);
  g_array_unref (r.stack);
  if (!ok)
    g_propagate_error (error, r.error);
  else
    _annalist_query_narrow (self);
  return ok;
}
