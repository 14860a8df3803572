/* annalist-template-format.c — the text forms of Russian documents
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers with a decimal comma, «ёлочки» with „лапки“ inside, plural forms,
 * the grouped names of organisations («детские сады №№ 26, 35; школа
 * № 509»). Every function here takes text that may come from anywhere (a
 * record, a template) and never reads past its end: invalid UTF-8 is made
 * valid first.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <math.h>
#include <string.h>

#include "annalist-store.h"
#include "annalist-template-private.h"

void
_annalist_value_clear (Value *v)
{
  g_clear_pointer (&v->s, g_free);
  g_clear_pointer (&v->ids, g_array_unref);
  v->type = V_NULL;
  v->kind = NULL;
  v->field = NULL;
  v->i = 0;
  v->r = 0;
}

void
_annalist_value_copy (Value       *to,
                      const Value *from)
{
  *to = *from;
  to->s = g_strdup (from->s);
  if (from->ids != NULL)
    to->ids = g_array_copy (from->ids);
}

void
_annalist_value_free (gpointer value)
{
  _annalist_value_clear (value);
  g_free (value);
}

gboolean
_annalist_value_is_number (const Value *v)
{
  return v->type == V_INT || v->type == V_REAL;
}

double
_annalist_value_number (const Value *v)
{
  switch (v->type)
    {
    case V_INT:
    case V_BOOL:
      return (double) v->i;
    case V_REAL:
      return v->r;
    case V_TEXT:
      {
        g_autofree char *copy = g_strdup (v->s);
        char *end;
        double d;

        g_strdelimit (copy, ",", '.');
        d = g_ascii_strtod (copy, &end);
        return end != copy ? d : 0;
      }
    default:
      return 0;
    }
}

/* Valid UTF-8 to work on: the text itself when it is. */
static const char *
valid (const char  *text,
       char       **copy)
{
  *copy = NULL;
  if (text == NULL)
    return "";
  if (g_utf8_validate (text, -1, NULL))
    return text;
  *copy = g_utf8_make_valid (text, -1);
  return *copy;
}

char *
_annalist_text_first (const char *text,
                      gboolean    upper)
{
  g_autofree char *copy = NULL;
  const char *t = valid (text, &copy);
  gunichar first;
  const char *rest;
  char buf[8];
  int len;

  if (*t == '\0')
    return g_strdup ("");
  first = g_utf8_get_char (t);
  rest = g_utf8_next_char (t);
  if (upper)
    first = g_unichar_toupper (first);
  else
    {
      /* An abbreviation keeps its capitals: «УМК», «ЦО», «Ш-И». */
      for (const char *p = rest; *p != '\0' && *p != ' '; p = g_utf8_next_char (p))
        if (g_unichar_isupper (g_utf8_get_char (p)))
          return g_strdup (t);
      first = g_unichar_tolower (first);
    }
  len = g_unichar_to_utf8 (first, buf);
  buf[len] = '\0';
  return g_strconcat (buf, rest, NULL);
}

/* Quotes as the text has them, nested the Russian way: «ёлочки»
 * outside, „лапки“ inside («НИИ «Воспитатели России»» → «НИИ „Воспитатели
 * России“»), @floor levels deep already. A closing quote with nothing open
 * is left a closing «»». */
static char *
nest_quotes (const char *text,
             int         floor)
{
  g_autofree char *copy = NULL;
  const char *t = valid (text, &copy);
  GString *out = g_string_sized_new (strlen (t));
  int depth = floor;

  for (const char *p = t; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00AB || c == 0x201E)  /* « „ */
        g_string_append (out, depth++ == 0 ? "«" : "„");
      else if (c == 0x00BB || c == 0x201C)  /* » “ */
        {
          gboolean stray = depth == floor;  /* nothing open */

          if (!stray)
            depth--;
          g_string_append (out, stray || depth == 0 ? "»" : "“");
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

char *
_annalist_text_nest_quotes (const char *text)
{
  return nest_quotes (text, 0);
}

/* A text to be shown inside quotes (a title in a sentence): its own
 * quotes are the inner ones, „лапки“. */
char *
_annalist_text_inner_quotes (const char *text)
{
  return nest_quotes (text, 1);
}

char *
_annalist_text_quote (const char *text)
{
  g_autofree char *copy = NULL;
  const char *t = valid (text, &copy);
  GString *out;
  gboolean wrapped;
  int depth = 0;

  if (*t == '\0')
    return g_strdup ("");

  /* Text already wholly in «ёлочки» stays as it is. */
  wrapped = g_str_has_prefix (t, "«") && g_str_has_suffix (t, "»");
  for (const char *p = t; wrapped && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00AB)
        depth++;
      else if (c == 0x00BB && --depth == 0 && *g_utf8_next_char (p) != '\0')
        wrapped = FALSE;
    }
  if (wrapped && depth == 0)
    return _annalist_text_nest_quotes (t);

  /* Quotes inside become „лапки“; plain "…" too. */
  out = g_string_new ("«");
  {
    gboolean open = TRUE;

    const char *run = t;

    /* The text goes over in runs between the quotes it has. */
    for (const char *p = t; *p != '\0'; )
      {
        const char *with = NULL;
        gsize skip = 1;

        if (*p == '"')
          {
            with = open ? "„" : "“";
            open = !open;
          }
        else if ((guchar) *p != 0xC2 && (guchar) *p != 0xE2)
          ;  /* not the first byte of « » „ “ */
        else if (strncmp (p, "«", 2) == 0)
          with = "„", skip = 2;
        else if (strncmp (p, "»", 2) == 0)
          with = "“", skip = 2;
        else if (strncmp (p, "„", 3) == 0)
          with = "„", skip = 3;
        else if (strncmp (p, "“", 3) == 0)
          with = "“", skip = 3;
        if (with == NULL)
          {
            p++;
            continue;
          }
        g_string_append_len (out, run, p - run);
        g_string_append (out, with);
        p += skip;
        run = p;
      }
    g_string_append (out, run);
  }
  g_string_append (out, "»");
  return g_string_free (out, FALSE);
}

/* The form of a noun after @number as it is printed: a fraction
 * («1,5», «2,50») takes the genitive singular, which is the form for 2–4
 * («1,5 часа»); a whole number the form its last two digits ask for,
 * however long it is. */
const char *
_annalist_plural_ru (const char *one,
                     const char *few,
                     const char *many,
                     const char *number)
{
  gsize len = strlen (number);
  int n10, n100;

  if (strchr (number, ',') != NULL || strchr (number, '.') != NULL)
    return few;
  if (len == 0 || !g_ascii_isdigit (number[len - 1]))
    return many;
  n10 = number[len - 1] - '0';
  n100 = len > 1 && g_ascii_isdigit (number[len - 2]) ? (number[len - 2] - '0') * 10 + n10 : n10;
  if (n100 > 10 && n100 < 20)
    return many;
  if (n10 == 1)
    return one;
  if (n10 >= 2 && n10 <= 4)
    return few;
  return many;
}

/* «1. …» before each line that has no number of its own. */
char *
_annalist_text_numbered (const char *text)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = g_strsplit (valid (text, &copy), "\n", -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      n++;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (g_ascii_isdigit (*line))
        g_string_append (out, line);
      else
        g_string_append_printf (out, "%u. %s", n, line);
    }
  return g_string_free (out, FALSE);
}

/* Organisations --------------------------------------------------------------- */

struct _OrgWord
{
  char *nominative;
  char *genitive;
  char *plural;
};

static void
org_word_free (gpointer data)
{
  OrgWord *w = data;

  g_free (w->nominative);
  g_free (w->genitive);
  g_free (w->plural);
  g_free (w);
}

GHashTable *
_annalist_org_words_new (const char *text)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, org_word_free);
  g_auto(GStrv) entries = g_strsplit (text, ";", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) forms = g_strsplit (entries[i], "|", 3);
      OrgWord *word;

      if (g_strv_length (forms) != 3)
        continue;
      word = g_new0 (OrgWord, 1);
      word->nominative = g_strdup (g_strstrip (forms[0]));
      word->genitive = g_strdup (g_strstrip (forms[1]));
      word->plural = g_strdup (g_strstrip (forms[2]));
      if (*word->nominative == '\0')
        org_word_free (word);
      else
        g_hash_table_insert (words, annalist_fold (word->nominative, -1), word);
    }
  return words;
}

/* «Детский сад № 56» → the word «Детский сад» and the number «56». */
static const OrgWord *
split_name (GHashTable *org_words,
            const char *short_name,
            char      **number)
{
  const char *mark = strstr (short_name, "№");
  g_autofree char *prefix = NULL;
  const OrgWord *word;

  if (mark == NULL || org_words == NULL)
    return NULL;
  prefix = annalist_fold (short_name, mark - short_name);
  word = g_hash_table_lookup (org_words, g_strstrip (prefix));
  if (word == NULL)
    return NULL;
  *number = g_strstrip (g_strdup (mark + strlen ("№")));
  if (**number == '\0')
    {
      g_clear_pointer (number, g_free);
      return NULL;
    }
  return word;
}

char *
_annalist_org_genitive (GHashTable *org_words,
                        const char *short_name)
{
  g_autofree char *copy = NULL;
  const char *name = valid (short_name, &copy);
  g_autofree char *number = NULL;
  const OrgWord *word = split_name (org_words, name, &number);

  if (word == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%s №\u00A0%s", word->genitive, number);
}

typedef struct
{
  char      *word;       /* nominative, NULL: names as they are */
  char      *plural;
  int        type_position;
  guint      first;
  GPtrArray *names;
} OrgGroup;

static void
org_group_free (gpointer data)
{
  OrgGroup *g = data;

  g_free (g->word);
  g_free (g->plural);
  g_ptr_array_unref (g->names);
  g_free (g);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  gint64 nx = g_ascii_strtoll (x, NULL, 10);
  gint64 ny = g_ascii_strtoll (y, NULL, 10);

  if (nx != ny)
    return nx < ny ? -1 : 1;
  return g_strcmp0 (x, y);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const OrgGroup *x = *(const OrgGroup * const *) a;
  const OrgGroup *y = *(const OrgGroup * const *) b;

  /* Organisations without a number («ДДТ», «ИМЦ») come last. */
  if ((x->word == NULL) != (y->word == NULL))
    return x->word == NULL ? 1 : -1;
  if (x->type_position != y->type_position)
    return x->type_position < y->type_position ? -1 : 1;
  return x->first < y->first ? -1 : (x->first > y->first);
}

/* «детские сады №№ 26, 35; школы №№ 383, 509; ДДТ, ЦПМСС»: each
 * organisation once, grouped by the word of its name. */
char *
_annalist_orgs_text (GHashTable     *org_words,
                     const OrgName  *orgs,
                     guint           n_orgs,
                     gboolean        capitalise)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (org_group_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_orgs; i++)
    {
      const OrgWord *word;
      char *number = NULL;
      gboolean has_word;
      OrgGroup *group = NULL;
      char *copy = NULL;
      const char *name = valid (orgs[i].short_name, &copy);

      if (copy != NULL)
        g_ptr_array_add (owned, copy);
      if (g_hash_table_contains (seen, name))
        continue;
      g_hash_table_add (seen, (gpointer) name);

      word = split_name (org_words, name, &number);
      has_word = word != NULL;
      for (guint k = 0; k < groups->len && group == NULL; k++)
        {
          OrgGroup *g = g_ptr_array_index (groups, k);

          if ((g->word == NULL && !has_word) || (has_word && g->word && g_str_equal (g->word, word->nominative)))
            group = g;
        }
      if (group == NULL)
        {
          group = g_new0 (OrgGroup, 1);
          group->word = has_word ? g_strdup (word->nominative) : NULL;
          group->plural = has_word ? g_strdup (word->plural) : NULL;
          group->type_position = orgs[i].type_position;
          group->first = i;
          group->names = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->names, has_word ? number : g_strdup (name));
    }

  g_ptr_array_sort (groups, compare_groups);
  for (guint k = 0; k < groups->len; k++)
    {
      OrgGroup *g = g_ptr_array_index (groups, k);

      if (out->len > 0)
        g_string_append (out, "; ");
      if (g->word != NULL)
        {
          g_ptr_array_sort (g->names, compare_numbers);
          /* No line break inside «№№ 26» (word joiner, no-break space). */
          if (g->names->len == 1)
            {
              g_autofree char *word = _annalist_text_first (g->word, FALSE);
              g_string_append_printf (out, "%s №\u00A0", word);
            }
          else
            g_string_append_printf (out, "%s №\u2060№\u00A0", g->plural);
        }
      for (guint n = 0; n < g->names->len; n++)
        {
          if (n > 0)
            g_string_append (out, ", ");
          g_string_append (out, g_ptr_array_index (g->names, n));
        }
    }

  if (capitalise)
    {
      char *text = _annalist_text_first (out->str, TRUE);

      g_string_free (out, TRUE);
      return text;
    }
  return g_string_free (out, FALSE);
}

/* Formats ------------------------------------------------------------------ */

static const struct
{
  const char *name;
  guint       min_args;
  guint       max_args;
} filters[] = {
  { "date", 0, 0 },        /* 05.06.2023 */
  { "year", 0, 0 },        /* 2022 → 2022-2023 */
  { "number", 0, 1 },      /* 12,5; with an argument: that many decimals */
  { "percent", 0, 0 },     /* 35,2 % */
  { "plural", 3, 3 },      /* 2 участника */
  { "upper", 0, 0 },
  { "lower", 0, 0 },
  { "capital", 0, 0 },     /* the first letter upper */
  { "small", 0, 0 },       /* the first letter lower, abbreviations kept */
  { "quote", 0, 0 },       /* «…» with „…“ inside */
  { "quotes", 0, 0 },      /* the text's own quotes, „…“ inside «…» */
  { "or", 1, 1 },          /* a text for an empty value */
  { "before", 1, 1 },      /* a text before a value that is not empty */
  { "after", 1, 1 },       /* … and after it */
  { "orgs", 0, 0 },        /* детские сады №№ 26, 35; школа № 509 */
  { "genitive", 0, 0 },    /* детского сада № 56 */
  { "numbered", 0, 0 },    /* 1. …, each line */
  { "join", 1, 1 },        /* the names of a list with a separator */
  { "lines", 0, 0 },       /* line breaks, not paragraphs */
};

/* The number of decimals «|number» is given, @text as typed or printed:
 * a whole number, 0 or more (more than 6 are 6). */
gboolean
_annalist_decimals_parse (const char *text,
                          int        *places)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 n;

  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &n, NULL))
    return FALSE;
  *places = (int) MIN (n, 6);
  return TRUE;
}

gboolean
_annalist_filter_known (const char *name,
                        guint      *min_args,
                        guint      *max_args)
{
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (g_str_equal (filters[i].name, name))
      {
        *min_args = filters[i].min_args;
        *max_args = filters[i].max_args;
        return TRUE;
      }
  return FALSE;
}
