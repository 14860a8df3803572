/* annalist-report.c — the annual analytical report
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the report of one academic year (reference 002) from the records,
 * through the ODF document layer. The wording and the order of the sections
 * come from data/report/report-ru.ini (compiled into the resources): this
 * file only computes. Every figure printed is computed here from the
 * records of the year or taken from a historical figure; nothing else.
 *
 * The queries are one per table or list, grouped in SQL or joined in
 * memory (organisations are loaded once), so a year of thousands of records
 * costs a few dozen queries, not one per record.
 */

#define G_LOG_DOMAIN "annalist-report"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-odf.h"
#include "annalist-report.h"
#include "annalist-store-private.h"

#define LAYOUT_RESOURCE "/io/github/annalist/Annalist/report/report-ru.ini"

/* ------------------------------------------------------------------ */
/* The layout file                                                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  char   *id;
  char   *number;
  char   *title;
  guint   level;
  char  **blocks;
} Section;

typedef struct
{
  char *nominative;
  char *genitive;
  char *plural;
} OrgWord;

typedef struct
{
  GKeyFile              *kf;
  GPtrArray             *sections;        /* Section* in the report's order */
  AnnalistReportSection *public_sections;
  GArray                *words;           /* OrgWord */
} Layout;

static Layout *
layout_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) words = NULL;
  Layout *layout = g_new0 (Layout, 1);

  layout->kf = g_key_file_new ();
  layout->sections = g_ptr_array_new ();
  layout->words = g_array_new (FALSE, TRUE, sizeof (OrgWord));

  bytes = g_resources_lookup_data (LAYOUT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL ||
      !g_key_file_load_from_data (layout->kf, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), G_KEY_FILE_NONE, &error))
    {
      /* The file is compiled in: only a broken build gets here. */
      g_critical ("The report layout %s cannot be read: %s", LAYOUT_RESOURCE, error->message);
    }

  ids = g_key_file_get_string_list (layout->kf, "report", "sections", NULL, NULL);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *group = g_strconcat ("section ", ids[i], NULL);
      Section *s;

      if (!g_key_file_has_group (layout->kf, group))
        {
          g_critical ("The report layout names the section “%s” but has no [%s]", ids[i], group);
          continue;
        }
      s = g_new0 (Section, 1);
      s->id = g_strdup (ids[i]);
      s->number = g_key_file_get_string (layout->kf, group, "number", NULL);
      s->title = g_key_file_get_string (layout->kf, group, "title", NULL);
      s->blocks = g_key_file_get_string_list (layout->kf, group, "blocks", NULL, NULL);
      if (s->number == NULL)
        s->number = g_strdup ("");
      if (s->title == NULL)
        s->title = g_strdup (s->id);
      s->level = 1;
      for (const char *p = s->number; *p != '\0'; p++)
        if (*p == '.' && p[1] != '\0')
          s->level++;
      s->level = MIN (s->level, 3);
      g_ptr_array_add (layout->sections, s);
    }

  layout->public_sections = g_new0 (AnnalistReportSection, layout->sections->len + 1);
  for (guint i = 0; i < layout->sections->len; i++)
    {
      Section *s = g_ptr_array_index (layout->sections, i);

      layout->public_sections[i].id = s->id;
      layout->public_sections[i].number = s->number;
      layout->public_sections[i].title = s->title;
    }

  words = g_key_file_get_string_list (layout->kf, "report", "org_words", NULL, NULL);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_auto(GStrv) forms = g_strsplit (words[i], "|", 3);
      OrgWord w;

      if (g_strv_length (forms) != 3)
        continue;
      w.nominative = g_strstrip (g_strdup (forms[0]));
      w.genitive = g_strstrip (g_strdup (forms[1]));
      w.plural = g_strstrip (g_strdup (forms[2]));
      g_array_append_val (layout->words, w);
    }

  return layout;
}

/* The layout is read once and kept for the life of the process: it is
 * compiled in and the section table is handed out to callers. */
static Layout *
layout_get (void)
{
  static Layout *layout;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      layout = layout_load ();
      g_once_init_leave (&initialised, 1);
    }
  return layout;
}

const AnnalistReportSection *
annalist_report_get_sections (guint *n_sections)
{
  Layout *layout = layout_get ();

  if (n_sections != NULL)
    *n_sections = layout->sections->len;
  return layout->public_sections;
}

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */
/* ------------------------------------------------------------------ */

static char *
change_first (const char *text,
              gboolean    upper)
{
  gunichar first;
  const char *rest;
  char buf[8];
  int len;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  first = g_utf8_get_char (text);
  rest = g_utf8_next_char (text);

  if (upper)
    first = g_unichar_toupper (first);
  else
    {
      /* An abbreviation keeps its capitals: «УМК», «ЦО», «Ш-И». */
      for (const char *p = rest; *p != '\0' && *p != ' '; p = g_utf8_next_char (p))
        if (g_unichar_isupper (g_utf8_get_char (p)))
          return g_strdup (text);
      first = g_unichar_tolower (first);
    }

  len = g_unichar_to_utf8 (first, buf);
  buf[len] = '\0';
  return g_strconcat (buf, rest, NULL);
}

static char *
lower_first (const char *text)
{
  return change_first (text, FALSE);
}

static char *
upper_first (const char *text)
{
  return change_first (text, TRUE);
}

/* «…» around @text, with the quotes inside turned into „…“; text already
 * wholly in «ёлочки» is left as it is. */
static char *
quote (const char *text)
{
  GString *out;
  int depth = 0;
  gboolean wrapped;
  const char *p;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  wrapped = g_str_has_prefix (text, "«") && g_str_has_suffix (text, "»");
  for (p = text; wrapped && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00AB)
        depth++;
      else if (c == 0x00BB && --depth == 0 && *g_utf8_next_char (p) != '\0')
        wrapped = FALSE;
    }
  if (wrapped && depth == 0)
    return g_strdup (text);

  out = g_string_new ("«");
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == 0x00AB)
        g_string_append (out, "„");
      else if (c == 0x00BB)
        g_string_append (out, "“");
      else if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the document layer cleans it, keep the byte. */
          g_string_append_c (out, *p);
          continue;
        }
      else
        g_string_append_unichar (out, c);
    }
  g_string_append (out, "»");
  return g_string_free (out, FALSE);
}

static const char *
plural_ru (char * const *forms,
           gint64        n)
{
  gint64 n100 = ABS (n) % 100;
  gint64 n10 = n100 % 10;

  if (forms == NULL || g_strv_length ((char **) forms) < 3)
    return "";
  if (n100 > 10 && n100 < 20)
    return forms[2];
  if (n10 == 1)
    return forms[0];
  if (n10 >= 2 && n10 <= 4)
    return forms[1];
  return forms[2];
}

static char *
format_int (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

/* «12,5», «3»: up to two decimals, with a comma. */
static char *
format_decimal (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;

  g_ascii_formatd (buf, sizeof buf, "%.2f", round (value * 100) / 100);
  p = strchr (buf, '.');
  if (p != NULL)
    {
      char *end = buf + strlen (buf) - 1;

      while (end > p && *end == '0')
        *end-- = '\0';
      if (end == p)
        *p = '\0';
      else
        *p = ',';
    }
  if (g_str_equal (buf, "-0"))
    return g_strdup ("0");
  return g_strdup (buf);
}

/* ------------------------------------------------------------------ */
/* The export                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  gint64  id;
  char   *short_name;
  char   *full_name;
  char   *number;
  gint64  type_id;
  int     type_position;
  /* short_name split at «№»: «Детский сад» and «26» */
  const OrgWord *word;
  char   *word_number;
} Org;

typedef struct
{
  gint64  competition_id;
  gint64  organisation_id;
  char   *title;
  char   *form;
  char   *nomination;
  gint64  nomination_id;
  double  nomination_position;
  char   *result;
  gboolean award;
  char   *result_note;
  gboolean consulted;
  gboolean recommended;
} Entry;

typedef struct
{
  gint64  kind_id;
  char   *kind_short;
  char   *kind_name;
  char   *supervisor;
  char   *topic;
  gint64  organisation_id;
} Site;

typedef struct
{
  AnnalistStore       *store;
  AnnalistOdfDocument *doc;
  Layout              *layout;
  GCancellable        *cancellable;
  GError              *error;      /* the first failed query */

  int                  year;
  char                *year_label;
  char                *next_year_label;
  char                *previous_year_label;
  char                *year_end;    /* «2023» */
  char                *org_short;
  char                *separator;   /* «-» or «/» between the years */
  char                *status_date; /* ISO */
  gboolean             omit_empty;

  GHashTable          *orgs;        /* id → Org */
  GHashTable          *narratives;  /* section id → text */
  GPtrArray           *entries;     /* Entry* of the year, loaded on demand */
  GPtrArray           *sites;       /* Site* of the year, loaded on demand */
  gint64               contest_id;  /* the product contest (3.5.2), or 0 */
  char                *contest_series;

  GPtrArray           *pending;     /* Section* whose heading is not written yet */
  gboolean             has_content;
  gboolean             table_open;
} Report;

static void
org_free (gpointer data)
{
  Org *o = data;

  g_free (o->short_name);
  g_free (o->full_name);
  g_free (o->number);
  g_free (o->word_number);
  g_free (o);
}

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->title);
  g_free (e->form);
  g_free (e->nomination);
  g_free (e->result);
  g_free (e->result_note);
  g_free (e);
}

static void
site_free (gpointer data)
{
  Site *s = data;

  g_free (s->kind_short);
  g_free (s->kind_name);
  g_free (s->supervisor);
  g_free (s->topic);
  g_free (s);
}

static void
report_clear (Report *r)
{
  g_clear_pointer (&r->year_label, g_free);
  g_clear_pointer (&r->next_year_label, g_free);
  g_clear_pointer (&r->previous_year_label, g_free);
  g_clear_pointer (&r->year_end, g_free);
  g_clear_pointer (&r->org_short, g_free);
  g_clear_pointer (&r->separator, g_free);
  g_clear_pointer (&r->status_date, g_free);
  g_clear_pointer (&r->orgs, g_hash_table_unref);
  g_clear_pointer (&r->narratives, g_hash_table_unref);
  g_clear_pointer (&r->entries, g_ptr_array_unref);
  g_clear_pointer (&r->sites, g_ptr_array_unref);
  g_clear_pointer (&r->contest_series, g_free);
  g_clear_pointer (&r->pending, g_ptr_array_unref);
  g_clear_error (&r->error);
}

/* Wording ------------------------------------------------------------ */

static char *
expand_valist (Report     *r,
               const char *tmpl,
               va_list     ap)
{
  g_autoptr(GHashTable) vars = g_hash_table_new (g_str_hash, g_str_equal);
  GString *out = g_string_new (NULL);
  const char *name;
  const char *p;

  if (r != NULL)
    {
      g_hash_table_insert (vars, (gpointer) "year", r->year_label);
      g_hash_table_insert (vars, (gpointer) "next_year", r->next_year_label);
      g_hash_table_insert (vars, (gpointer) "previous_year", r->previous_year_label);
      g_hash_table_insert (vars, (gpointer) "year_end", r->year_end);
      g_hash_table_insert (vars, (gpointer) "org", r->org_short);
    }
  /* The caller's values win over the report's («{year}» of a history item). */
  while ((name = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      g_hash_table_insert (vars, (gpointer) name, (gpointer) (value ? value : ""));
    }

  for (p = tmpl ? tmpl : ""; *p != '\0'; )
    {
      const char *close;

      if (*p == '{' && (close = strchr (p, '}')) != NULL)
        {
          g_autofree char *key = g_strndup (p + 1, close - p - 1);
          const char *value;

          if (g_hash_table_lookup_extended (vars, key, NULL, (gpointer *) &value))
            {
              g_string_append (out, value);
              p = close + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }

  /* An empty placeholder leaves a double space or a space before a
   * punctuation mark behind: tidy up. */
  {
    char *s;

    while ((s = strstr (out->str, "  ")) != NULL)
      g_string_erase (out, s - out->str, 1);
    while ((s = strstr (out->str, " .")) != NULL)
      g_string_erase (out, s - out->str, 1);
    while ((s = strstr (out->str, " ,")) != NULL)
      g_string_erase (out, s - out->str, 1);
    while (out->len > 0 && out->str[out->len - 1] == ' ')
      g_string_truncate (out, out->len - 1);
    while (out->len > 0 && out->str[0] == ' ')
      g_string_erase (out, 0, 1);
  }

  return g_string_free (out, FALSE);
}

G_GNUC_NULL_TERMINATED static char *
expand (Report     *r,
        const char *tmpl,
        ...)
{
  va_list ap;
  char *text;

  va_start (ap, tmpl);
  text = expand_valist (r, tmpl, ap);
  va_end (ap);
  return text;
}

/* The phrase @key of @group, its placeholders filled from the name/value
 * pairs that follow (NULL-terminated) and the report's own ({year}…). */
G_GNUC_NULL_TERMINATED static char *
phrase (Report     *r,
        const char *group,
        const char *key,
        ...)
{
  g_autofree char *tmpl = g_key_file_get_string (r->layout->kf, group, key, NULL);
  va_list ap;
  char *text;

  if (tmpl == NULL)
    {
      g_warning ("The report layout has no “%s” in [%s]", key, group);
      return g_strdup ("");
    }

  va_start (ap, key);
  text = expand_valist (r, tmpl, ap);
  va_end (ap);
  return text;
}

static char **
phrase_list (Report     *r,
             const char *group,
             const char *key)
{
  char **list = g_key_file_get_string_list (r->layout->kf, group, key, NULL, NULL);

  if (list == NULL)
    list = g_new0 (char *, 1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      char *expanded = expand (r, list[i], NULL);

      g_free (list[i]);
      list[i] = expanded;
    }
  return list;
}

/* Queries ------------------------------------------------------------ */

/* A cached statement with ?1 bound to the year; NULL once a query failed
 * (the error is kept in the report and ends the export). */
static sqlite3_stmt *
query (Report     *r,
       const char *sql)
{
  sqlite3_stmt *stmt;

  if (r->error != NULL)
    return NULL;
  stmt = annalist_store_prepare (r->store, sql, &r->error);
  if (stmt != NULL && sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int (stmt, 1, r->year);
  return stmt;
}

static gboolean
next_row (Report       *r,
          sqlite3_stmt *stmt)
{
  int rc;

  if (stmt == NULL || r->error != NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    annalist_store_set_error (r->store, rc, &r->error);
  /* Let go of the read snapshot at once. */
  sqlite3_reset (stmt);
  return FALSE;
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return text ? text : "";
}

static gboolean
col_is_null (sqlite3_stmt *stmt,
             int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (stmt != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}

static gint64
query_count (Report     *r,
             const char *sql,
             const char *text)
{
  sqlite3_stmt *stmt = query (r, sql);
  gint64 n = 0;

  if (text != NULL)
    bind_text (stmt, 2, text);
  if (next_row (r, stmt))
    {
      n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return n;
}

/* id → GArray of organisation ids, from a query returning (owner, org)
 * ordered by owner. */
static GHashTable *
load_links (Report     *r,
            const char *sql,
            const char *text)
{
  GHashTable *links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  sqlite3_stmt *stmt = query (r, sql);

  if (text != NULL)
    bind_text (stmt, 2, text);
  while (next_row (r, stmt))
    {
      gint64 owner = sqlite3_column_int64 (stmt, 0);
      gint64 org = sqlite3_column_int64 (stmt, 1);
      GArray *ids = g_hash_table_lookup (links, &owner);

      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (links, g_memdup2 (&owner, sizeof owner), ids);
        }
      g_array_append_val (ids, org);
    }
  return links;
}

static GArray *
links_get (GHashTable *links,
           gint64      owner)
{
  return g_hash_table_lookup (links, &owner);
}

/* Organisations -------------------------------------------------------- */

static const OrgWord *
find_word (Report     *r,
           const char *nominative)
{
  for (guint i = 0; i < r->layout->words->len; i++)
    {
      const OrgWord *w = &g_array_index (r->layout->words, OrgWord, i);
      g_autofree char *a = g_utf8_casefold (w->nominative, -1);
      g_autofree char *b = g_utf8_casefold (nominative, -1);

      if (g_str_equal (a, b))
        return w;
    }
  return NULL;
}

static void
load_orgs (Report *r)
{
  sqlite3_stmt *stmt;

  r->orgs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, org_free);
  stmt = query (r,
                "SELECT o.id, o.short_name, o.full_name, o.number, o.type_id, "
                "       COALESCE (t.position, 0) "
                "FROM organisation o JOIN org_type t ON t.id = o.type_id");
  while (next_row (r, stmt))
    {
      Org *o = g_new0 (Org, 1);
      const char *mark;

      o->id = sqlite3_column_int64 (stmt, 0);
      o->short_name = g_strdup (col_text (stmt, 1));
      o->full_name = g_strdup (col_text (stmt, 2));
      o->number = g_strdup (col_text (stmt, 3));
      o->type_id = sqlite3_column_int64 (stmt, 4);
      o->type_position = sqlite3_column_int (stmt, 5);

      mark = strstr (o->short_name, "№");
      if (mark != NULL)
        {
          g_autofree char *prefix = g_strstrip (g_strndup (o->short_name, mark - o->short_name));

          o->word = find_word (r, prefix);
          o->word_number = g_strstrip (g_strdup (mark + strlen ("№")));
          if (o->word == NULL || *o->word_number == '\0')
            {
              o->word = NULL;
              g_clear_pointer (&o->word_number, g_free);
            }
        }
      g_hash_table_insert (r->orgs, &o->id, o);
    }
}

static const Org *
org_get (Report *r,
         gint64  id)
{
  return g_hash_table_lookup (r->orgs, &id);
}

/* «детского сада № 56», or the short name as it is. */
static char *
org_genitive (Report *r,
              gint64  id)
{
  const Org *o = org_get (r, id);

  if (o == NULL)
    return g_strdup ("");
  if (o->word != NULL)
    return g_strdup_printf ("%s №\u00A0%s", o->word->genitive, o->word_number);
  return g_strdup (o->short_name);
}

typedef struct
{
  const OrgWord *word;   /* NULL: organisations named as they are */
  int            type_position;
  guint          first;
  GPtrArray     *names;  /* numbers, or short names */
} OrgGroup;

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

static void
org_group_free (gpointer data)
{
  OrgGroup *g = data;

  g_ptr_array_unref (g->names);
  g_free (g);
}

/* «детские сады №№ 26, 35; школы №№ 383, 509; ДДТ, ЦПМСС»: each
 * organisation once, grouped by the word of its name. */
static char *
orgs_text (Report       *r,
           const GArray *ids,
           gboolean      capitalise)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (org_group_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const gint64 *id = &g_array_index (ids, gint64, i);
      const Org *o = org_get (r, *id);
      OrgGroup *group = NULL;

      if (o == NULL || g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer) id);

      for (guint k = 0; k < groups->len && group == NULL; k++)
        {
          OrgGroup *g = g_ptr_array_index (groups, k);

          if (g->word == o->word)
            group = g;
        }
      if (group == NULL)
        {
          group = g_new0 (OrgGroup, 1);
          group->word = o->word;
          group->type_position = o->type_position;
          group->first = i;
          group->names = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->names, o->word ? o->word_number : o->short_name);
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
              g_autofree char *word = lower_first (g->word->nominative);
              g_string_append_printf (out, "%s №\u00A0", word);
            }
          else
            g_string_append_printf (out, "%s №\u2060№\u00A0", g->word->plural);
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
      char *text = upper_first (out->str);

      g_string_free (out, TRUE);
      return text;
    }
  return g_string_free (out, FALSE);
}

/* Dates and people ------------------------------------------------------ */

static char *
format_when (Report     *r,
             const char *start,
             const char *end,
             const char *period)
{
  if (start != NULL && *start != '\0')
    {
      g_autofree char *from = annalist_date_format (start);

      if (end != NULL && *end != '\0' && g_strcmp0 (start, end) != 0)
        {
          g_autofree char *to = annalist_date_format (end);
          return phrase (r, "report", "period", "from", from, "to", to, NULL);
        }
      return g_steal_pointer (&from);
    }
  return g_strdup (period ? period : "");
}

/* «55 чел.», «Более 100 чел. (в Сферуме 99+)», or the bare number. */
static char *
format_people (Report       *r,
               sqlite3_stmt *stmt,
               int           col,
               gboolean      unit)
{
  g_autofree char *n = NULL;
  gboolean more = sqlite3_column_int (stmt, col + 1) != 0;
  const char *note = col_text (stmt, col + 2);
  char *text;

  if (col_is_null (stmt, col))
    return g_strdup (*note ? note : "");

  n = format_int (sqlite3_column_int64 (stmt, col));
  if (more)
    text = phrase (r, "report", "people_more", "n", n, NULL);
  else if (unit)
    text = phrase (r, "report", "people", "n", n, NULL);
  else
    text = g_strdup (n);

  if (*note != '\0')
    {
      char *with_note = g_strdup_printf ("%s (%s)", text, note);
      g_free (text);
      text = with_note;
    }
  return text;
}

/* The document ----------------------------------------------------------- */

/* Writes the headings still waiting for content: a section shows up only
 * once something is written under it (or it says it has no records). */
static void
begin_content (Report *r)
{
  for (guint i = 0; i < r->pending->len; i++)
    {
      Section *s = g_ptr_array_index (r->pending, i);
      g_autofree char *title = expand (r, s->title, NULL);
      g_autofree char *heading = phrase (r, "report", "heading",
                                         "number", s->number, "title", title, NULL);

      annalist_odf_document_add_heading (r->doc, s->level, heading);
    }
  g_ptr_array_set_size (r->pending, 0);
  r->has_content = TRUE;
}

static void
add_body (Report     *r,
          const char *text)
{
  begin_content (r);
  annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_BODY, text);
}

static void
cell_full (Report               *r,
           const char           *text,
           AnnalistOdfCellFlags  flags,
           guint                 span)
{
  annalist_odf_document_add_cell_full (r->doc, text, flags, span);
}

static void
cell (Report     *r,
      const char *text)
{
  cell_full (r, text, ANNALIST_ODF_CELL_TEXT, 1);
}

/* A cell of paragraphs, one a line of @text. */
static void
add_cell_lines (Report     *r,
                const char *text,
                gboolean    numbered)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  guint n = 0;

  annalist_odf_document_begin_cell (r->doc, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      n++;
      if (numbered && !g_ascii_isdigit (*line))
        {
          g_autofree char *item = g_strdup_printf ("%u. %s", n, line);
          annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_TABLE, item);
        }
      else
        annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_TABLE, line);
    }
  if (n == 0)
    annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_TABLE, "");
  annalist_odf_document_end_cell (r->doc);
}

/* Opens the table of @group (caption, columns, widths from the layout):
 * @n_columns is what the code fills; the layout's lists are cut or padded
 * to it. @caption_name fills {name} in the caption. */
static void
begin_table (Report     *r,
             const char *group,
             guint       n_columns,
             const char *caption_key,
             const char *columns_key,
             const char *name)
{
  g_autofree char *caption = phrase (r, group, caption_key, "name", name, NULL);
  g_auto(GStrv) columns = phrase_list (r, group, columns_key);
  g_autofree char *widths_key = g_strconcat (g_str_equal (columns_key, "columns") ? "" : columns_key,
                                             g_str_equal (columns_key, "columns") ? "widths" : "_widths",
                                             NULL);
  g_autofree double *widths = NULL;
  gsize n_widths = 0;

  widths = g_key_file_get_double_list (r->layout->kf, group, widths_key, &n_widths, NULL);
  if (widths != NULL && n_widths != n_columns)
    g_clear_pointer (&widths, g_free);

  begin_content (r);
  annalist_odf_document_begin_table (r->doc, caption, n_columns, widths);
  annalist_odf_document_begin_header_row (r->doc);
  for (guint i = 0; i < n_columns; i++)
    cell (r, i < g_strv_length (columns) ? columns[i] : "");
  annalist_odf_document_end_row (r->doc);
}

static void
add_row (Report *r,
         ...)
{
  va_list ap;
  const char *text;

  annalist_odf_document_begin_row (r->doc);
  va_start (ap, r);
  while ((text = va_arg (ap, const char *)) != NULL)
    cell (r, text);
  va_end (ap);
  annalist_odf_document_end_row (r->doc);
}

static void
add_index_cell (Report *r,
                guint   index)
{
  g_autofree char *text = g_strdup_printf ("%u.", index);

  cell_full (r, text, ANNALIST_ODF_CELL_CENTER, 1);
}

static void
add_total_label (Report *r,
                 guint   span)
{
  g_autofree char *total = phrase (r, "report", "total", NULL);

  cell_full (r, total, ANNALIST_ODF_CELL_BOLD, span);
}

/* ------------------------------------------------------------------ */
/* Blocks: one function a type of the layout's [block] groups          */
/* ------------------------------------------------------------------ */

/* 1: the year's tasks, their results and problems. */
static void
block_year_tasks (Report     *r,
                  const char *group)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT task, results, problems FROM year_task "
                              "WHERE academic_year = ?1 "
                              "ORDER BY position IS NULL, position, id");
  guint n = 0;

  while (next_row (r, stmt))
    {
      g_autofree char *task = g_strdup_printf ("%u. %s", ++n, col_text (stmt, 0));

      if (n == 1)
        begin_table (r, group, 3, "caption", "columns", NULL);
      annalist_odf_document_begin_row (r->doc);
      cell (r, task);
      add_cell_lines (r, col_text (stmt, 1), FALSE);
      add_cell_lines (r, col_text (stmt, 2), FALSE);
      annalist_odf_document_end_row (r->doc);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

/* 2.1: the programmes, counted by funding, their table with totals and
 * their recognitions. */
static void
block_programmes (Report     *r,
                  const char *group)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *n_text = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0, hours = 0, trained = 0;
  guint i = 0;

  stmt = query (r,
                "SELECT COALESCE (f.name, ''), COUNT (*) FROM programme p "
                "LEFT JOIN funding_model f ON f.id = p.funding_id "
                "WHERE p.academic_year = ?1 "
                "GROUP BY f.id ORDER BY f.position IS NULL, f.position, f.id");
  while (next_row (r, stmt))
    {
      gint64 k = sqlite3_column_int64 (stmt, 1);

      n += k;
      if (*col_text (stmt, 0) != '\0')
        {
          g_autofree char *name = lower_first (col_text (stmt, 0));
          g_autofree char *k_text = format_int (k);
          g_autofree char *item = phrase (r, group, "count_item", "name", name, "n", k_text, NULL);

          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, item);
        }
    }
  if (n == 0)
    return;

  n_text = format_int (n);
  if (list->len > 0)
    count = phrase (r, group, "count", "n", n_text, "list", list->str, NULL);
  else
    count = phrase (r, group, "count_plain", "n", n_text, NULL);
  add_body (r, count);

  begin_table (r, group, 5, "caption", "columns", NULL);
  stmt = query (r,
                "SELECT p.title, p.hours, COALESCE (a.name, ''), p.period_text, "
                "       p.date_start, p.date_end, p.trained, COALESCE (f.name, ''), p.funding_note "
                "FROM programme p "
                "LEFT JOIN audience a ON a.id = p.audience_id "
                "LEFT JOIN funding_model f ON f.id = p.funding_id "
                "WHERE p.academic_year = ?1 "
                "ORDER BY p.position IS NULL, p.position, p.id");
  while (next_row (r, stmt))
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autofree char *funding = lower_first (col_text (stmt, 7));
      const char *note = col_text (stmt, 8);
      g_autofree char *h = format_int (sqlite3_column_int64 (stmt, 1));
      g_autofree char *t = format_int (sqlite3_column_int64 (stmt, 6));
      g_autofree char *when = format_when (r, col_is_null (stmt, 4) ? NULL : col_text (stmt, 4),
                                           col_is_null (stmt, 5) ? NULL : col_text (stmt, 5),
                                           col_text (stmt, 3));

      hours += sqlite3_column_int64 (stmt, 1);
      trained += sqlite3_column_int64 (stmt, 6);

      g_string_append_printf (title, "%u. %s", ++i, col_text (stmt, 0));
      if (*funding != '\0' || *note != '\0')
        g_string_append_printf (title, " (%s%s%s)", funding,
                                *funding && *note ? ", " : "", note);

      annalist_odf_document_begin_row (r->doc);
      cell (r, title->str);
      cell_full (r, h, ANNALIST_ODF_CELL_CENTER, 1);
      cell (r, col_text (stmt, 2));
      cell (r, when);
      cell_full (r, t, ANNALIST_ODF_CELL_CENTER, 1);
      annalist_odf_document_end_row (r->doc);
    }
  {
    g_autofree char *h = format_int (hours);
    g_autofree char *t = format_int (trained);

    annalist_odf_document_begin_row (r->doc);
    add_total_label (r, 1);
    cell_full (r, h, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
    cell (r, "");
    cell (r, "");
    cell_full (r, t, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
    annalist_odf_document_end_row (r->doc);
  }
  annalist_odf_document_end_table (r->doc);

  i = 0;
  stmt = query (r,
                "SELECT title, recognitions FROM programme "
                "WHERE academic_year = ?1 AND trim (recognitions) <> '' "
                "ORDER BY position IS NULL, position, id");
  while (next_row (r, stmt))
    {
      g_autofree char *title = quote (col_text (stmt, 0));
      g_autofree char *text = lower_first (col_text (stmt, 1));
      g_autofree char *item = phrase (r, group, "recognition_item",
                                      "title", title, "text", text, NULL);

      if (i++ == 0)
        {
          g_autofree char *intro = phrase (r, group, "recognitions", NULL);
          add_body (r, intro);
          annalist_odf_document_begin_list (r->doc, ANNALIST_ODF_LIST_BULLET);
        }
      annalist_odf_document_add_list_item (r->doc, item);
    }
  if (i > 0)
    annalist_odf_document_end_list (r->doc);
}

static char *
block_string (Report     *r,
              const char *group,
              const char *key)
{
  char *value = g_key_file_get_string (r->layout->kf, group, key, NULL);

  return value ? value : g_strdup ("");
}

#define EVENT_COUNT_SQL \
  "SELECT COUNT (*) FROM event e JOIN event_kind k ON k.id = e.kind_id " \
  "WHERE e.academic_year = ?1 AND k.name = ?2"

static gint64
count_events (Report     *r,
              const char *group,
              char      **kind_out)
{
  g_autofree char *kind = block_string (r, group, "event_kind");
  gint64 n = query_count (r, EVENT_COUNT_SQL, kind);

  if (kind_out != NULL)
    *kind_out = g_steal_pointer (&kind);
  return n;
}

static void
add_count_sentence (Report     *r,
                    const char *group,
                    gint64      n)
{
  g_autofree char *n_text = format_int (n);
  g_autofree char *text = phrase (r, group, "count", "n", n_text, NULL);

  add_body (r, text);
}

/* 3.1.1: the meetings. */
static void
block_meetings (Report     *r,
                const char *group)
{
  g_autofree char *kind = NULL;
  gint64 n = count_events (r, group, &kind);
  sqlite3_stmt *stmt;

  if (n == 0)
    return;
  add_count_sentence (r, group, n);
  begin_table (r, group, 4, "caption", "columns", NULL);

  stmt = query (r,
                "SELECT e.date_start, e.date_end, e.period_text, COALESCE (a.name, ''), e.agenda, "
                "       e.participants, e.participants_more, e.participants_note "
                "FROM event e JOIN event_kind k ON k.id = e.kind_id "
                "LEFT JOIN audience a ON a.id = e.audience_id "
                "WHERE e.academic_year = ?1 AND k.name = ?2 "
                "ORDER BY e.date_start IS NULL, e.date_start, e.id");
  bind_text (stmt, 2, kind);
  while (next_row (r, stmt))
    {
      g_autofree char *when = format_when (r, col_is_null (stmt, 0) ? NULL : col_text (stmt, 0),
                                           col_is_null (stmt, 1) ? NULL : col_text (stmt, 1),
                                           col_text (stmt, 2));
      g_autofree char *people = format_people (r, stmt, 5, TRUE);

      annalist_odf_document_begin_row (r->doc);
      cell (r, when);
      cell (r, col_text (stmt, 3));
      add_cell_lines (r, col_text (stmt, 4), TRUE);
      cell_full (r, people, ANNALIST_ODF_CELL_CENTER, 1);
      annalist_odf_document_end_row (r->doc);
    }
  annalist_odf_document_end_table (r->doc);
}

typedef enum
{
  EVENTS_CONFERENCES,
  EVENTS_SEMINARS,
  EVENTS_INTERNSHIPS,
} EventsTable;

/* 3.3.1: conferences, seminars and internships. */
static void
events_table (Report      *r,
              const char  *group,
              EventsTable  which)
{
  g_autofree char *kind = NULL;
  g_autoptr(GHashTable) links = NULL;
  gint64 n = count_events (r, group, &kind);
  gint64 total = 0;
  gboolean unknown = FALSE;
  sqlite3_stmt *stmt;
  guint i = 0;

  if (n == 0)
    return;

  if (which == EVENTS_CONFERENCES)
    links = load_links (r,
                        "SELECT p.event_id, p.organisation_id FROM event_presenter p "
                        "JOIN event e ON e.id = p.event_id JOIN event_kind k ON k.id = e.kind_id "
                        "WHERE e.academic_year = ?1 AND k.name = ?2 "
                        "ORDER BY p.event_id, p.position IS NULL, p.position, p.organisation_id",
                        kind);
  else
    links = load_links (r,
                        "SELECT p.event_id, p.organisation_id FROM event_organiser p "
                        "JOIN event e ON e.id = p.event_id JOIN event_kind k ON k.id = e.kind_id "
                        "WHERE e.academic_year = ?1 AND k.name = ?2 "
                        "ORDER BY p.event_id, p.position IS NULL, p.position, p.organisation_id",
                        kind);

  add_count_sentence (r, group, n);
  begin_table (r, group, which == EVENTS_INTERNSHIPS ? 3 : 6, "caption", "columns", NULL);

  stmt = query (r,
                "SELECT e.id, e.title, e.date_start, e.date_end, e.period_text, "
                "       COALESCE (a.name, ''), e.participants, e.participants_more, "
                "       e.participants_note, e.organisers_text, e.goal "
                "FROM event e JOIN event_kind k ON k.id = e.kind_id "
                "LEFT JOIN audience a ON a.id = e.audience_id "
                "WHERE e.academic_year = ?1 AND k.name = ?2 "
                "ORDER BY e.date_start IS NULL, e.date_start, e.id");
  bind_text (stmt, 2, kind);
  while (next_row (r, stmt))
    {
      GArray *orgs = links_get (links, sqlite3_column_int64 (stmt, 0));
      g_autofree char *orgs_list = orgs_text (r, orgs, TRUE);
      g_autofree char *when = format_when (r, col_is_null (stmt, 2) ? NULL : col_text (stmt, 2),
                                           col_is_null (stmt, 3) ? NULL : col_text (stmt, 3),
                                           col_text (stmt, 4));
      g_autofree char *people = format_people (r, stmt, 6, which == EVENTS_SEMINARS);

      annalist_odf_document_begin_row (r->doc);
      add_index_cell (r, ++i);
      switch (which)
        {
        case EVENTS_CONFERENCES:
          cell (r, col_text (stmt, 1));
          cell (r, when);
          cell (r, col_text (stmt, 5));
          cell_full (r, people, ANNALIST_ODF_CELL_CENTER, 1);
          cell (r, orgs_list);
          break;

        case EVENTS_SEMINARS:
          {
            const char *text = col_text (stmt, 9);
            g_autofree char *lower = lower_first (orgs_list);
            g_autofree char *organisers = *text && *lower
                                          ? g_strconcat (text, ", ", lower, NULL)
                                          : g_strconcat (text, orgs_list, NULL);

            cell (r, col_text (stmt, 1));
            cell (r, when);
            cell (r, organisers);
            cell (r, col_text (stmt, 10));
            cell_full (r, people, ANNALIST_ODF_CELL_CENTER, 1);
          }
          break;

        case EVENTS_INTERNSHIPS:
          if (col_is_null (stmt, 6))
            {
              g_autofree char *none = phrase (r, "report", "unknown", NULL);

              unknown = TRUE;
              g_free (people);
              people = g_steal_pointer (&none);
            }
          else
            total += sqlite3_column_int64 (stmt, 6);
          cell (r, *orgs_list ? orgs_list : col_text (stmt, 1));
          cell_full (r, people, ANNALIST_ODF_CELL_CENTER, 1);
          break;

        default:
          g_assert_not_reached ();
        }
      annalist_odf_document_end_row (r->doc);
    }

  if (which == EVENTS_INTERNSHIPS)
    {
      g_autofree char *n_text = format_int (total);
      g_autofree char *text = unknown ? phrase (r, "report", "at_least", "n", n_text, NULL)
                                      : g_strdup (n_text);

      annalist_odf_document_begin_row (r->doc);
      add_total_label (r, 2);
      cell_full (r, text, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
      annalist_odf_document_end_row (r->doc);
    }
  annalist_odf_document_end_table (r->doc);
}

static void
block_conferences (Report     *r,
                   const char *group)
{
  events_table (r, group, EVENTS_CONFERENCES);
}

static void
block_seminars (Report     *r,
                const char *group)
{
  events_table (r, group, EVENTS_SEMINARS);
}

static void
block_internships (Report     *r,
                   const char *group)
{
  events_table (r, group, EVENTS_INTERNSHIPS);
}

/* 3.6.1: how many events of a kind (the Expert council's meetings). */
static void
block_event_count (Report     *r,
                   const char *group)
{
  gint64 n = count_events (r, group, NULL);

  if (n > 0)
    add_count_sentence (r, group, n);
}

/* 3.4.2: who presented at the forums. */
static void
block_forum (Report     *r,
             const char *group)
{
  g_autofree char *kind = block_string (r, group, "event_kind");
  g_autoptr(GHashTable) links = NULL;
  sqlite3_stmt *stmt;

  links = load_links (r,
                      "SELECT p.event_id, p.organisation_id FROM event_presenter p "
                      "JOIN event e ON e.id = p.event_id JOIN event_kind k ON k.id = e.kind_id "
                      "WHERE e.academic_year = ?1 AND k.name = ?2 "
                      "ORDER BY p.event_id, p.position IS NULL, p.position, p.organisation_id",
                      kind);
  stmt = query (r,
                "SELECT e.id, e.title FROM event e JOIN event_kind k ON k.id = e.kind_id "
                "WHERE e.academic_year = ?1 AND k.name = ?2 "
                "ORDER BY e.date_start IS NULL, e.date_start, e.id");
  bind_text (stmt, 2, kind);
  while (next_row (r, stmt))
    {
      GArray *orgs = links_get (links, sqlite3_column_int64 (stmt, 0));
      g_autofree char *list = orgs_text (r, orgs, FALSE);
      g_autofree char *text = NULL;

      if (*list != '\0')
        text = phrase (r, group, "presenters", "title", col_text (stmt, 1), "list", list, NULL);
      else
        text = phrase (r, group, "no_presenters", "title", col_text (stmt, 1), NULL);
      add_body (r, text);
    }
}

/* 3.2.1: the innovation infrastructure ------------------------------------ */

typedef struct
{
  gint64  id;
  char   *short_name;
  gint64  n_orgs;     /* active organisations of the type */
} OrgType;

typedef struct
{
  gint64  id;
  char   *name;
  char   *short_name;
} StatusKind;

static void
org_type_clear (gpointer data)
{
  g_free (((OrgType *) data)->short_name);
}

static void
status_kind_clear (gpointer data)
{
  StatusKind *k = data;

  g_free (k->name);
  g_free (k->short_name);
}

/* The figures of @figure (figure_kind.short_name) before this year, as
 * (year, value) pairs in year order. */
static GArray *
load_figures (Report     *r,
              const char *figure)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = query (r,
                              "SELECT h.academic_year, h.value FROM historical_figure h "
                              "JOIN figure_kind k ON k.id = h.kind_id "
                              "WHERE k.short_name = ?2 AND h.academic_year < ?1 "
                              "AND h.value IS NOT NULL ORDER BY h.academic_year");

  bind_text (stmt, 2, figure);
  while (next_row (r, stmt))
    {
      double pair[2] = { sqlite3_column_int (stmt, 0), sqlite3_column_double (stmt, 1) };
      g_array_append_vals (values, pair, 2);
    }
  return values;
}

static char *
year_label (Report *r,
            int     year)
{
  return g_strdup_printf ("%d%s%d", year, r->separator, year + 1);
}

static void
block_infrastructure (Report     *r,
                      const char *group)
{
  g_autoptr(GArray) types = g_array_new (FALSE, TRUE, sizeof (OrgType));
  g_autoptr(GArray) kinds = g_array_new (FALSE, TRUE, sizeof (StatusKind));
  g_autoptr(GArray) used_kinds = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) cells = NULL;      /* "kind:type" → GArray of org ids */
  g_autoptr(GHashTable) per_type = NULL;   /* type → GHashTable set of org ids */
  g_autoptr(GHashTable) per_kind = NULL;   /* kind → set */
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) history = NULL;
  g_autofree char *figure = block_string (r, group, "figure");
  g_autofree char *date = annalist_date_format (r->status_date);
  g_autofree char *share_text = NULL;
  g_autofree double *widths = NULL;
  sqlite3_stmt *stmt;
  gint64 n_all_orgs = 0;
  guint n_statuses = 0;
  double share;

  g_array_set_clear_func (types, org_type_clear);
  g_array_set_clear_func (kinds, status_kind_clear);
  cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  per_type = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  per_kind = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_hash_table_unref);

  /* The denominators: active organisations of each counted type. */
  stmt = query (r,
                "SELECT t.id, t.short_name, COUNT (o.id) FROM org_type t "
                "LEFT JOIN organisation o ON o.type_id = t.id AND o.active = 1 "
                "WHERE t.counted = 1 GROUP BY t.id ORDER BY t.position IS NULL, t.position, t.id");
  while (next_row (r, stmt))
    {
      OrgType t = { sqlite3_column_int64 (stmt, 0), g_strdup (col_text (stmt, 1)),
                    sqlite3_column_int64 (stmt, 2) };

      if (t.n_orgs == 0)
        {
          g_free (t.short_name);
          continue;
        }
      n_all_orgs += t.n_orgs;
      g_array_append_val (types, t);
    }

  stmt = query (r,
                "SELECT id, name, short_name FROM status_kind "
                "ORDER BY position IS NULL, position, id");
  while (next_row (r, stmt))
    {
      StatusKind k = { sqlite3_column_int64 (stmt, 0), g_strdup (col_text (stmt, 1)),
                       g_strdup (col_text (stmt, 2)) };
      g_array_append_val (kinds, k);
    }

  /* The statuses in force on the status date, of active organisations of
   * counted types. */
  stmt = query (r,
                "SELECT s.kind_id, o.type_id, o.id FROM innovation_status s "
                "JOIN organisation o ON o.id = s.organisation_id "
                "JOIN org_type t ON t.id = o.type_id "
                "WHERE t.counted = 1 AND o.active = 1 "
                "AND (s.valid_from IS NULL OR s.valid_from <= ?2) "
                "AND (s.valid_to IS NULL OR s.valid_to >= ?2) "
                "ORDER BY s.id");
  bind_text (stmt, 2, r->status_date);
  while (next_row (r, stmt))
    {
      gint64 kind = sqlite3_column_int64 (stmt, 0);
      gint64 type = sqlite3_column_int64 (stmt, 1);
      gint64 org = sqlite3_column_int64 (stmt, 2);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, kind, type);
      GArray *cell = g_hash_table_lookup (cells, key);
      GHashTable *set;
      gboolean fresh = TRUE;

      n_statuses++;
      if (cell == NULL)
        {
          cell = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (cells, g_steal_pointer (&key), cell);
        }
      for (guint i = 0; i < cell->len; i++)
        if (g_array_index (cell, gint64, i) == org)
          fresh = FALSE;
      if (fresh)
        g_array_append_val (cell, org);

      set = g_hash_table_lookup (per_type, &type);
      if (set == NULL)
        {
          set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (per_type, g_memdup2 (&type, sizeof type), set);
        }
      g_hash_table_add (set, g_memdup2 (&org, sizeof org));

      set = g_hash_table_lookup (per_kind, &kind);
      if (set == NULL)
        {
          set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (per_kind, g_memdup2 (&kind, sizeof kind), set);
        }
      g_hash_table_add (set, g_memdup2 (&org, sizeof org));
      g_hash_table_add (all, g_memdup2 (&org, sizeof org));
    }

  if (n_statuses == 0 || n_all_orgs == 0 || r->error != NULL)
    return;

  for (guint k = 0; k < kinds->len; k++)
    if (g_hash_table_contains (per_kind, &g_array_index (kinds, StatusKind, k).id))
      g_array_append_val (used_kinds, k);

  share = 100.0 * g_hash_table_size (all) / n_all_orgs;
  share_text = annalist_odf_format_percent (share);
  history = load_figures (r, figure);

  /* «Всего … включено 35,2 % … (26 % – в 2021-2022 учебном году, …)» with
   * the last two years before this one. */
  {
    g_autoptr(GString) past = g_string_new (NULL);
    g_autofree char *sentence = NULL;
    guint n_pairs = history->len / 2;

    for (guint i = n_pairs; i > 0 && i + 2 > n_pairs; i--)
      {
        double *pair = &g_array_index (history, double, (i - 1) * 2);
        g_autofree char *value = annalist_odf_format_percent (pair[1]);
        g_autofree char *label = year_label (r, (int) pair[0]);
        g_autofree char *item = phrase (r, group, "history_item", "share", value, "year", label, NULL);

        if (past->len > 0)
          g_string_append (past, ", ");
        g_string_append (past, item);
      }
    if (past->len > 0)
      sentence = phrase (r, group, "share_with_history", "share", share_text, "history", past->str, NULL);
    else
      sentence = phrase (r, group, "share", "share", share_text, NULL);
    add_body (r, sentence);
  }

  /* The summary table. */
  {
    guint n_columns = used_kinds->len + 3;
    g_autofree char *caption = phrase (r, group, "caption", "date", date, NULL);
    g_autofree char *first = phrase (r, group, "first_column", NULL);
    g_autofree char *count_col = phrase (r, group, "count_column", NULL);
    g_autofree char *share_col = phrase (r, group, "share_column", NULL);

    widths = g_new (double, n_columns);
    /* Wide enough for «Итого» and «ЦПМСС» on one line at 12 pt. */
    widths[0] = 1.7;
    for (guint k = 0; k < used_kinds->len; k++)
      widths[k + 1] = 1.95;
    widths[n_columns - 2] = 2.0;
    widths[n_columns - 1] = 2.5;

    annalist_odf_document_begin_table (r->doc, caption, n_columns, widths);
    annalist_odf_document_begin_header_row (r->doc);
    cell (r, first);
    for (guint k = 0; k < used_kinds->len; k++)
      {
        StatusKind *kind = &g_array_index (kinds, StatusKind, g_array_index (used_kinds, guint, k));
        cell (r, *kind->short_name ? kind->short_name : kind->name);
      }
    cell (r, count_col);
    cell (r, share_col);
    annalist_odf_document_end_row (r->doc);

    for (guint t = 0; t < types->len; t++)
      {
        OrgType *type = &g_array_index (types, OrgType, t);
        GHashTable *set = g_hash_table_lookup (per_type, &type->id);
        guint n = set ? g_hash_table_size (set) : 0;
        g_autofree char *n_text = format_int (n);
        g_autofree char *percent = annalist_odf_format_percent (100.0 * n / type->n_orgs);

        annalist_odf_document_begin_row (r->doc);
        cell_full (r, type->short_name, ANNALIST_ODF_CELL_BOLD, 1);
        for (guint k = 0; k < used_kinds->len; k++)
          {
            StatusKind *kind = &g_array_index (kinds, StatusKind, g_array_index (used_kinds, guint, k));
            g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                    kind->id, type->id);
            GArray *cell = g_hash_table_lookup (cells, key);
            g_autoptr(GString) numbers = g_string_new (NULL);

            for (guint i = 0; cell != NULL && i < cell->len; i++)
              {
                const Org *o = org_get (r, g_array_index (cell, gint64, i));

                if (o == NULL)
                  continue;
                if (numbers->len > 0)
                  g_string_append (numbers, ", ");
                g_string_append (numbers, *o->number ? o->number : o->short_name);
              }
            cell_full (r, numbers->str, ANNALIST_ODF_CELL_CENTER, 1);
          }
        cell_full (r, n_text, ANNALIST_ODF_CELL_CENTER, 1);
        cell_full (r, percent, ANNALIST_ODF_CELL_CENTER, 1);
        annalist_odf_document_end_row (r->doc);
      }

    annalist_odf_document_begin_row (r->doc);
    add_total_label (r, 1);
    for (guint k = 0; k < used_kinds->len; k++)
      {
        StatusKind *kind = &g_array_index (kinds, StatusKind, g_array_index (used_kinds, guint, k));
        GHashTable *set = g_hash_table_lookup (per_kind, &kind->id);
        g_autofree char *n_text = format_int (set ? g_hash_table_size (set) : 0);

        cell_full (r, n_text,
                                             ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
      }
    {
      g_autofree char *n_text = format_int (g_hash_table_size (all));

      cell_full (r, n_text, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
      cell_full (r, share_text, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
    }
    annalist_odf_document_end_row (r->doc);
    annalist_odf_document_end_table (r->doc);
  }

  /* The abbreviations of the columns. */
  {
    g_autofree char *intro = phrase (r, group, "abbreviations", NULL);
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

    for (guint k = 0; k < used_kinds->len; k++)
      {
        StatusKind *kind = &g_array_index (kinds, StatusKind, g_array_index (used_kinds, guint, k));
        g_autofree char *name = lower_first (kind->name);

        if (*kind->short_name == '\0' || g_str_equal (kind->short_name, kind->name))
          continue;
        g_ptr_array_add (items, phrase (r, group, "abbreviation_item",
                                        "short", kind->short_name, "name", name, NULL));
      }
    if (items->len > 0)
      {
        annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_BODY, intro);
        annalist_odf_document_begin_list (r->doc, ANNALIST_ODF_LIST_BULLET);
        for (guint i = 0; i < items->len; i++)
          {
            g_autofree char *item = g_strconcat (g_ptr_array_index (items, i),
                                                 i + 1 < items->len ? ";" : ".", NULL);
            annalist_odf_document_add_list_item (r->doc, item);
          }
        annalist_odf_document_end_list (r->doc);
      }
  }

  /* The share over the years: a table and a chart. */
  {
    guint n_points = history->len / 2 + 1;
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autofree double *values = g_new (double, n_points);
    g_autofree char *series_name = phrase (r, group, "chart_series", NULL);
    g_autofree char *chart_caption = phrase (r, group, "chart_caption", NULL);
    AnnalistOdfChartSeries series;
    AnnalistOdfChart chart = { 0 };

    for (guint i = 0; i + 1 < n_points; i++)
      {
        double *pair = &g_array_index (history, double, i * 2);
        g_ptr_array_add (labels, year_label (r, (int) pair[0]));
        values[i] = pair[1];
      }
    g_ptr_array_add (labels, g_strdup (r->year_label));
    values[n_points - 1] = round (share * 10) / 10;

    begin_table (r, group, 2, "dynamics_caption", "dynamics_columns", NULL);
    for (guint i = 0; i < n_points; i++)
      {
        g_autofree char *percent = annalist_odf_format_percent (values[i]);

        annalist_odf_document_begin_row (r->doc);
        cell_full (r, g_ptr_array_index (labels, i), ANNALIST_ODF_CELL_CENTER, 1);
        cell_full (r, percent, ANNALIST_ODF_CELL_CENTER, 1);
        annalist_odf_document_end_row (r->doc);
      }
    annalist_odf_document_end_table (r->doc);

    /* A chart of one point says nothing the table does not. */
    if (n_points >= 2)
      {
        series.name = series_name;
        series.values = values;
        chart.kind = ANNALIST_ODF_CHART_LINE;
        chart.n_categories = n_points;
        chart.categories = (const char * const *) labels->pdata;
        chart.n_series = 1;
        chart.series = &series;
        chart.y_axis_title = "%";
        chart.height_cm = 7.5;
        annalist_odf_document_add_chart (r->doc, &chart, chart_caption);
      }
  }
}

/* 3.2.1: the lists of sites --------------------------------------------------- */

static void
load_sites (Report *r)
{
  g_autofree char *first = g_strdup_printf ("%04d-09-01", r->year);
  g_autofree char *last = g_strdup_printf ("%04d-08-31", r->year + 1);
  sqlite3_stmt *stmt;

  if (r->sites != NULL)
    return;
  r->sites = g_ptr_array_new_with_free_func (site_free);

  /* Every status in force at some time during the year. */
  stmt = query (r,
                "SELECT k.id, k.short_name, k.name, s.supervisor, s.topic, s.organisation_id "
                "FROM innovation_status s JOIN status_kind k ON k.id = s.kind_id "
                "WHERE (s.valid_from IS NULL OR s.valid_from <= ?2) "
                "AND (s.valid_to IS NULL OR s.valid_to >= ?3) "
                "ORDER BY k.position IS NULL, k.position, k.id, s.id");
  bind_text (stmt, 2, last);
  bind_text (stmt, 3, first);
  while (next_row (r, stmt))
    {
      Site *s = g_new0 (Site, 1);

      s->kind_id = sqlite3_column_int64 (stmt, 0);
      s->kind_short = g_strdup (col_text (stmt, 1));
      s->kind_name = g_strdup (col_text (stmt, 2));
      s->supervisor = g_strdup (col_text (stmt, 3));
      s->topic = g_strdup (col_text (stmt, 4));
      s->organisation_id = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (r->sites, s);
    }
}

/* Whether some site_list block of the layout names the kind @short_name. */
static gboolean
kind_listed_elsewhere (Report     *r,
                       const char *short_name)
{
  g_auto(GStrv) groups = g_key_file_get_groups (r->layout->kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *type = g_key_file_get_string (r->layout->kf, groups[i], "type", NULL);
      g_auto(GStrv) kinds = NULL;

      if (!g_str_has_prefix (groups[i], "block ") || g_strcmp0 (type, "site_list") != 0)
        continue;
      kinds = g_key_file_get_string_list (r->layout->kf, groups[i], "status_kinds", NULL, NULL);
      if (kinds != NULL && g_strv_contains ((const char * const *) kinds, short_name))
        return TRUE;
    }
  return FALSE;
}

static void
block_site_list (Report     *r,
                 const char *group)
{
  g_auto(GStrv) kinds = g_key_file_get_string_list (r->layout->kf, group, "status_kinds", NULL, NULL);
  g_autoptr(GHashTable) elsewhere = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean rest = kinds == NULL || kinds[0] == NULL;
  guint n = 0;

  load_sites (r);
  for (guint i = 0; r->sites != NULL && i < r->sites->len; i++)
    {
      Site *s = g_ptr_array_index (r->sites, i);
      const Org *o = org_get (r, s->organisation_id);
      g_autofree char *topic = NULL;
      g_autofree char *supervisor = NULL;
      g_autofree char *status = NULL;

      if (rest)
        {
          gpointer known;

          if (!g_hash_table_lookup_extended (elsewhere, s->kind_short, NULL, &known))
            {
              known = GINT_TO_POINTER (kind_listed_elsewhere (r, s->kind_short));
              g_hash_table_insert (elsewhere, g_strdup (s->kind_short), known);
            }
          if (known)
            continue;
        }
      else if (!g_strv_contains ((const char * const *) kinds, s->kind_short))
        continue;

      topic = quote (s->topic);
      supervisor = *s->supervisor ? g_strdup_printf (" (%s)", s->supervisor) : g_strdup ("");
      if (*s->topic != '\0')
        status = phrase (r, group, "status", "kind", s->kind_name, "supervisor", supervisor,
                         "topic", topic, NULL);
      else
        status = g_strconcat (s->kind_name, supervisor, NULL);

      if (n == 0)
        begin_table (r, group, 3, "caption", "columns", NULL);
      annalist_odf_document_begin_row (r->doc);
      add_index_cell (r, ++n);
      cell (r, o ? o->full_name : "");
      cell (r, status);
      annalist_odf_document_end_row (r->doc);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

/* 3.2.2: network projects ------------------------------------------------------ */

static void
block_network_projects (Report     *r,
                        const char *group)
{
  g_autoptr(GHashTable) members = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  members = load_links (r,
                        "SELECT m.network_project_id, m.organisation_id "
                        "FROM network_project_member m "
                        "JOIN network_project p ON p.id = m.network_project_id "
                        "WHERE p.academic_year = ?1 "
                        "ORDER BY m.network_project_id, m.position IS NULL, m.position, m.organisation_id",
                        NULL);

  stmt = query (r,
                "SELECT id, topic, manager, support FROM network_project "
                "WHERE academic_year = ?1 AND ran = 1 ORDER BY id");
  while (next_row (r, stmt))
    {
      g_autofree char *quoted = quote (col_text (stmt, 1));
      g_autofree char *topic = phrase (r, group, "topic", "topic", quoted, NULL);
      g_autofree char *list = orgs_text (r, links_get (members, sqlite3_column_int64 (stmt, 0)), FALSE);
      const char *manager = col_text (stmt, 2);
      g_autofree char *people = NULL;

      if (*manager && *list)
        people = g_strconcat (manager, strchr (manager, ',') ? "; " : ", ", list, NULL);
      else
        people = g_strconcat (manager, list, NULL);

      if (n++ == 0)
        begin_table (r, group, 3, "caption", "columns", NULL);
      add_row (r, topic, people, col_text (stmt, 3), NULL);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);

  stmt = query (r,
                "SELECT topic, not_ran_reason FROM network_project "
                "WHERE academic_year = ?1 AND ran = 0 ORDER BY id");
  while (next_row (r, stmt))
    {
      g_autofree char *quoted = quote (col_text (stmt, 0));
      g_autofree char *reason = g_strstrip (lower_first (col_text (stmt, 1)));
      g_autofree char *text = NULL;

      if (*reason != '\0')
        text = phrase (r, group, "not_ran_reason", "topic", quoted, "reason", reason, NULL);
      else
        text = phrase (r, group, "not_ran", "topic", quoted, NULL);
      add_body (r, text);
    }
}

/* 3.4–3.5: competitions -------------------------------------------------------- */

static void
load_entries (Report *r)
{
  sqlite3_stmt *stmt;

  if (r->entries != NULL)
    return;
  r->entries = g_ptr_array_new_with_free_func (entry_free);

  stmt = query (r,
                "SELECT e.competition_id, e.organisation_id, e.title, COALESCE (f.name, ''), "
                "       COALESCE (n.name, ''), COALESCE (n.id, 0), COALESCE (n.position, 1e9), "
                "       COALESCE (res.name, ''), COALESCE (res.is_award, 0), e.result_note, "
                "       e.consulted, e.recommended "
                "FROM competition_entry e JOIN competition c ON c.id = e.competition_id "
                "LEFT JOIN product_form f ON f.id = e.form_id "
                "LEFT JOIN nomination n ON n.id = e.nomination_id "
                "LEFT JOIN entry_result res ON res.id = e.result_id "
                "WHERE c.academic_year = ?1 ORDER BY e.competition_id, e.id");
  while (next_row (r, stmt))
    {
      Entry *e = g_new0 (Entry, 1);

      e->competition_id = sqlite3_column_int64 (stmt, 0);
      e->organisation_id = sqlite3_column_int64 (stmt, 1);
      e->title = g_strdup (col_text (stmt, 2));
      e->form = g_strdup (col_text (stmt, 3));
      e->nomination = g_strdup (col_text (stmt, 4));
      e->nomination_id = sqlite3_column_int64 (stmt, 5);
      e->nomination_position = sqlite3_column_double (stmt, 6);
      e->result = g_strdup (col_text (stmt, 7));
      e->award = sqlite3_column_int (stmt, 8) != 0;
      e->result_note = g_strdup (col_text (stmt, 9));
      e->consulted = sqlite3_column_int (stmt, 10) != 0;
      e->recommended = sqlite3_column_int (stmt, 11) != 0;
      g_ptr_array_add (r->entries, e);
    }
}

/* «учебно-методический комплекс «Живая медиация»» */
static char *
entry_product (const Entry *e)
{
  g_autofree char *form = lower_first (e->form);
  g_autofree char *title = quote (e->title);

  if (*e->title == '\0')
    return g_steal_pointer (&form);
  if (*form == '\0')
    return g_steal_pointer (&title);
  return g_strdup_printf ("%s %s", form, title);
}

/* The product contest (3.5.2): the series named by the setting, or the
 * competition of the year with the most nominations. */
static void
find_contest (Report *r)
{
  g_autofree char *wanted = annalist_store_get_setting (r->store, "report_contest_series");
  sqlite3_stmt *stmt;

  if (wanted != NULL)
    g_strstrip (wanted);
  stmt = query (r,
                "SELECT c.id, c.series, "
                "       (SELECT COUNT (*) FROM nomination n WHERE n.competition_id = c.id) AS nn, "
                "       (SELECT COUNT (*) FROM competition_entry e WHERE e.competition_id = c.id) AS ne "
                "FROM competition c WHERE c.academic_year = ?1 "
                "ORDER BY nn DESC, ne DESC, c.id");
  while (next_row (r, stmt))
    {
      gboolean match = wanted != NULL && *wanted != '\0'
                       ? g_strcmp0 (col_text (stmt, 1), wanted) == 0
                       : sqlite3_column_int64 (stmt, 2) > 0;

      if (match && r->contest_id == 0)
        {
          r->contest_id = sqlite3_column_int64 (stmt, 0);
          r->contest_series = g_strdup (col_text (stmt, 1));
        }
    }
}

typedef struct
{
  gint64  id;
  char   *name;
  char   *period;
  char   *level;
} Competition;

static void
competition_clear (gpointer data)
{
  Competition *c = data;

  g_free (c->name);
  g_free (c->period);
  g_free (c->level);
}

static GArray *
load_competitions (Report *r)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (Competition));
  sqlite3_stmt *stmt;

  g_array_set_clear_func (list, competition_clear);
  stmt = query (r,
                "SELECT c.id, c.name, c.period_text, c.date_start, c.date_end, COALESCE (l.name, '') "
                "FROM competition c LEFT JOIN level l ON l.id = c.level_id "
                "WHERE c.academic_year = ?1 "
                "ORDER BY c.date_start IS NULL, c.date_start, c.id");
  while (next_row (r, stmt))
    {
      Competition c;

      c.id = sqlite3_column_int64 (stmt, 0);
      c.name = g_strdup (col_text (stmt, 1));
      c.period = format_when (r, col_is_null (stmt, 3) ? NULL : col_text (stmt, 3),
                              col_is_null (stmt, 4) ? NULL : col_text (stmt, 4),
                              col_text (stmt, 2));
      c.level = g_strdup (col_text (stmt, 5));
      g_array_append_val (list, c);
    }
  return list;
}

static void
add_intro (Report            *r,
           const char        *group,
           const Competition *c)
{
  g_autofree char *text = NULL;

  if (*c->period != '\0')
    {
      g_autofree char *period = lower_first (c->period);
      text = phrase (r, group, "intro", "name", c->name, "period", period, NULL);
    }
  else
    text = g_strconcat (c->name, ".", NULL);
  begin_content (r);
  annalist_odf_document_begin_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_BODY);
  annalist_odf_document_add_bold (r->doc, text);
  annalist_odf_document_end_paragraph (r->doc);
}

static void
block_competitions (Report     *r,
                    const char *group)
{
  g_auto(GStrv) levels = g_key_file_get_string_list (r->layout->kf, group, "levels", NULL, NULL);
  gboolean unleveled = g_key_file_get_boolean (r->layout->kf, group, "unleveled", NULL);
  g_autoptr(GArray) competitions = load_competitions (r);

  load_entries (r);
  for (guint c = 0; c < competitions->len; c++)
    {
      Competition *comp = &g_array_index (competitions, Competition, c);
      g_autoptr(GArray) orgs = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GHashTable) consulted = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GHashTable) recommended = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GHashTable) distinct = g_hash_table_new (g_int64_hash, g_int64_equal);
      gboolean ours;
      guint n = 0;

      if (comp->id == r->contest_id)
        continue;
      ours = *comp->level == '\0'
             ? unleveled
             : levels != NULL && g_strv_contains ((const char * const *) levels, comp->level);
      if (!ours)
        continue;

      for (guint i = 0; i < r->entries->len; i++)
        {
          Entry *e = g_ptr_array_index (r->entries, i);

          if (e->competition_id != comp->id)
            continue;
          g_array_append_val (orgs, e->organisation_id);
          g_hash_table_add (distinct, &e->organisation_id);
          if (e->consulted)
            g_hash_table_add (consulted, &e->organisation_id);
          if (e->recommended)
            g_hash_table_add (recommended, &e->organisation_id);
        }

      add_intro (r, group, comp);
      if (orgs->len == 0)
        continue;

      {
        g_autofree char *list = orgs_text (r, orgs, FALSE);
        g_autofree char *n_text = format_int (g_hash_table_size (distinct));
        g_autofree char *text = phrase (r, group, "participants", "n", n_text, "list", list, NULL);

        add_body (r, text);
      }
      if (g_hash_table_size (consulted) > 0)
        {
          g_autofree char *n_text = format_int (g_hash_table_size (consulted));
          g_autofree char *text = phrase (r, group, "consulted", "n", n_text, NULL);
          add_body (r, text);
        }
      if (g_hash_table_size (recommended) > 0)
        {
          g_autofree char *n_text = format_int (g_hash_table_size (recommended));
          g_autofree char *text = phrase (r, group, "recommended", "n", n_text, NULL);
          add_body (r, text);
        }

      begin_table (r, group, 4, "caption", "columns", comp->name);
      for (guint i = 0; i < r->entries->len; i++)
        {
          Entry *e = g_ptr_array_index (r->entries, i);
          const Org *o;
          g_autofree char *product = NULL;
          g_autoptr(GString) result = NULL;

          if (e->competition_id != comp->id)
            continue;
          o = org_get (r, e->organisation_id);
          {
            g_autofree char *raw = entry_product (e);
            product = upper_first (raw);
          }
          result = g_string_new (e->result);
          if (*e->nomination != '\0')
            {
              g_autofree char *nom = quote (e->nomination);
              g_autofree char *text = phrase (r, group, "nomination", "nomination", nom, NULL);
              g_string_append_printf (result, "%s%s", result->len ? " " : "", text);
            }
          if (*e->result_note != '\0')
            {
              g_autofree char *note = lower_first (e->result_note);
              g_string_append_printf (result, "%s%s", result->len ? ": " : "", note);
            }

          annalist_odf_document_begin_row (r->doc);
          add_index_cell (r, ++n);
          cell (r, o ? o->short_name : "");
          cell (r, product);
          cell (r, result->str);
          annalist_odf_document_end_row (r->doc);
        }
      annalist_odf_document_end_table (r->doc);
    }
}

static int
compare_entries_by_nomination (gconstpointer a,
                               gconstpointer b)
{
  const Entry *x = *(const Entry * const *) a;
  const Entry *y = *(const Entry * const *) b;

  /* Entries without a nomination come last. */
  if ((x->nomination_id == 0) != (y->nomination_id == 0))
    return x->nomination_id == 0 ? 1 : -1;
  if (x->nomination_position != y->nomination_position)
    return x->nomination_position < y->nomination_position ? -1 : 1;
  if (x->nomination_id != y->nomination_id)
    return x->nomination_id < y->nomination_id ? -1 : 1;
  return 0;
}

typedef struct
{
  int     year;
  GArray *participants;  /* org ids */
  GArray *winners;       /* org ids */
  char   *figure_winners;
  double  figure_participants;
} ContestYear;

static void
contest_year_clear (gpointer data)
{
  ContestYear *y = data;

  g_clear_pointer (&y->participants, g_array_unref);
  g_clear_pointer (&y->winners, g_array_unref);
  g_free (y->figure_winners);
}

static ContestYear *
contest_year (GArray *years,
              int     year)
{
  ContestYear fresh = { year, NULL, NULL, NULL, -1 };

  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, ContestYear, i).year == year)
      return &g_array_index (years, ContestYear, i);
  g_array_append_val (years, fresh);
  return &g_array_index (years, ContestYear, years->len - 1);
}

static int
compare_contest_years (gconstpointer a,
                       gconstpointer b)
{
  return ((const ContestYear *) a)->year - ((const ContestYear *) b)->year;
}

/* 3.5.2: the product contest by nomination, and participation by year. */
static void
block_contest (Report     *r,
               const char *group)
{
  g_autoptr(GArray) competitions = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) years = g_array_new (FALSE, TRUE, sizeof (ContestYear));
  g_auto(GStrv) forms = g_key_file_get_string_list (r->layout->kf, "report", "participants_forms", NULL, NULL);
  g_autofree char *figure_participants = block_string (r, group, "figure_participants");
  g_autofree char *figure_winners = block_string (r, group, "figure_winners");
  sqlite3_stmt *stmt;

  if (r->contest_id == 0)
    return;

  g_array_set_clear_func (years, contest_year_clear);
  load_entries (r);
  competitions = load_competitions (r);
  for (guint c = 0; c < competitions->len; c++)
    if (g_array_index (competitions, Competition, c).id == r->contest_id)
      add_intro (r, group, &g_array_index (competitions, Competition, c));

  for (guint i = 0; i < r->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (r->entries, i);

      if (e->competition_id != r->contest_id)
        continue;
      g_ptr_array_add (entries, e);
      g_hash_table_add (distinct, &e->organisation_id);
    }

  if (entries->len > 0)
    {
      g_autofree char *n_text = format_int (g_hash_table_size (distinct));
      g_autofree char *text = phrase (r, group, "participants", "n", n_text, NULL);

      add_body (r, text);
    }

  /* The entries by nomination (a stable sort keeps their order inside). */
  g_ptr_array_sort (entries, compare_entries_by_nomination);
  for (guint i = 0; i < entries->len; )
    {
      Entry *first = g_ptr_array_index (entries, i);
      guint end = i;
      g_autofree char *n_text = NULL;
      g_autofree char *nom = quote (first->nomination);
      g_autofree char *heading = NULL;

      while (end < entries->len &&
             ((Entry *) g_ptr_array_index (entries, end))->nomination_id == first->nomination_id)
        end++;

      n_text = format_int (end - i);
      heading = phrase (r, group, first->nomination_id ? "nomination" : "no_nomination",
                        "nomination", nom, "n", n_text,
                        "participants", plural_ru (forms, end - i), NULL);
      add_body (r, heading);
      annalist_odf_document_begin_list (r->doc, ANNALIST_ODF_LIST_BULLET);
      for (; i < end; i++)
        {
          Entry *e = g_ptr_array_index (entries, i);
          g_autofree char *author = org_genitive (r, e->organisation_id);
          g_autofree char *product = entry_product (e);
          g_autofree char *result = lower_first (e->result);
          g_autofree char *item = phrase (r, group, e->award ? "entry_award" : "entry",
                                          "author", author, "product", product,
                                          "result", result, NULL);
          g_autofree char *line = g_strconcat (item, i + 1 < end ? ";" : ".", NULL);

          annalist_odf_document_add_list_item (r->doc, line);
        }
      annalist_odf_document_end_list (r->doc);
    }

  /* Participation by year: entries where there are some, historical
   * figures for the years before them. */
  if (*r->contest_series != '\0')
    {
      stmt = query (r,
                    "SELECT c.academic_year, e.organisation_id, COALESCE (res.is_award, 0) "
                    "FROM competition c JOIN competition_entry e ON e.competition_id = c.id "
                    "LEFT JOIN entry_result res ON res.id = e.result_id "
                    "WHERE c.series = ?2 AND c.academic_year <= ?1 "
                    "ORDER BY c.academic_year, e.id");
      bind_text (stmt, 2, r->contest_series);
      while (next_row (r, stmt))
        {
          ContestYear *y = contest_year (years, sqlite3_column_int (stmt, 0));
          gint64 org = sqlite3_column_int64 (stmt, 1);

          if (y->participants == NULL)
            {
              y->participants = g_array_new (FALSE, FALSE, sizeof (gint64));
              y->winners = g_array_new (FALSE, FALSE, sizeof (gint64));
            }
          g_array_append_val (y->participants, org);
          if (sqlite3_column_int (stmt, 2))
            g_array_append_val (y->winners, org);
        }
    }
  else if (entries->len > 0)
    {
      ContestYear *y = contest_year (years, r->year);

      y->participants = g_array_new (FALSE, FALSE, sizeof (gint64));
      y->winners = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < entries->len; i++)
        {
          Entry *e = g_ptr_array_index (entries, i);

          g_array_append_val (y->participants, e->organisation_id);
          if (e->award)
            g_array_append_val (y->winners, e->organisation_id);
        }
    }

  stmt = query (r,
                "SELECT h.academic_year, k.short_name, h.value, h.text FROM historical_figure h "
                "JOIN figure_kind k ON k.id = h.kind_id "
                "WHERE k.short_name IN (?2, ?3) AND h.academic_year < ?1 "
                "ORDER BY h.academic_year");
  bind_text (stmt, 2, figure_participants);
  bind_text (stmt, 3, figure_winners);
  while (next_row (r, stmt))
    {
      ContestYear *y = contest_year (years, sqlite3_column_int (stmt, 0));

      if (g_str_equal (col_text (stmt, 1), figure_participants))
        y->figure_participants = col_is_null (stmt, 2) ? -1 : sqlite3_column_double (stmt, 2);
      else
        {
          g_free (y->figure_winners);
          y->figure_winners = g_strdup (*col_text (stmt, 3) || col_is_null (stmt, 2)
                                        ? col_text (stmt, 3)
                                        : NULL);
          if (y->figure_winners == NULL)
            y->figure_winners = format_decimal (sqlite3_column_double (stmt, 2));
        }
    }

  if (years->len == 0)
    return;
  g_array_sort (years, compare_contest_years);

  begin_table (r, group, 3, "caption", "columns", NULL);
  for (guint i = 0; i < years->len; i++)
    {
      ContestYear *y = &g_array_index (years, ContestYear, i);
      g_autofree char *label = year_label (r, y->year);
      g_autofree char *count = NULL;
      g_autofree char *winners = NULL;

      if (y->participants != NULL)
        {
          g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);

          for (guint k = 0; k < y->participants->len; k++)
            g_hash_table_add (set, &g_array_index (y->participants, gint64, k));
          count = format_int (g_hash_table_size (set));
          winners = orgs_text (r, y->winners, TRUE);
        }
      else
        {
          count = y->figure_participants >= 0 ? format_decimal (y->figure_participants) : g_strdup ("");
          winners = g_strdup (y->figure_winners ? y->figure_winners : "");
        }

      annalist_odf_document_begin_row (r->doc);
      cell_full (r, label, ANNALIST_ODF_CELL_CENTER, 1);
      cell_full (r, count, ANNALIST_ODF_CELL_CENTER, 1);
      cell (r, winners);
      annalist_odf_document_end_row (r->doc);
    }
  annalist_odf_document_end_table (r->doc);
}

/* 3.6: expertise, studies, rating --------------------------------------------- */

static void
block_expertise (Report     *r,
                 const char *group)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT k.name, SUM (x.conclusions) FROM expertise x "
                              "JOIN expertise_kind k ON k.id = x.kind_id "
                              "WHERE x.academic_year = ?1 "
                              "GROUP BY k.id ORDER BY k.position IS NULL, k.position, k.id");
  gint64 total = 0;
  guint n = 0;

  while (next_row (r, stmt))
    {
      g_autofree char *count = format_int (sqlite3_column_int64 (stmt, 1));

      if (n++ == 0)
        begin_table (r, group, 2, "caption", "columns", NULL);
      total += sqlite3_column_int64 (stmt, 1);
      annalist_odf_document_begin_row (r->doc);
      cell (r, col_text (stmt, 0));
      cell_full (r, count, ANNALIST_ODF_CELL_CENTER, 1);
      annalist_odf_document_end_row (r->doc);
    }
  if (n > 0)
    {
      g_autofree char *count = format_int (total);

      annalist_odf_document_begin_row (r->doc);
      add_total_label (r, 1);
      cell_full (r, count, ANNALIST_ODF_CELL_CENTER | ANNALIST_ODF_CELL_BOLD, 1);
      annalist_odf_document_end_row (r->doc);
      annalist_odf_document_end_table (r->doc);
    }
}

static void
block_studies (Report     *r,
               const char *group)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT topic, method, respondents, outcome FROM study "
                              "WHERE academic_year = ?1 ORDER BY id");
  guint n = 0;

  while (next_row (r, stmt))
    {
      g_autofree char *respondents = col_is_null (stmt, 2)
                                     ? phrase (r, "report", "unknown", NULL)
                                     : format_int (sqlite3_column_int64 (stmt, 2));

      if (n == 0)
        begin_table (r, group, 5, "caption", "columns", NULL);
      annalist_odf_document_begin_row (r->doc);
      add_index_cell (r, ++n);
      cell (r, col_text (stmt, 0));
      cell (r, col_text (stmt, 1));
      cell_full (r, respondents, ANNALIST_ODF_CELL_CENTER, 1);
      cell (r, col_text (stmt, 3));
      annalist_odf_document_end_row (r->doc);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

typedef struct
{
  gint64  org;
  gint64  type;
  int     type_position;
  char   *type_name;
  double  points;
  guint   rank;
  guint   previous_rank;  /* 0: not rated last year */
} Rated;

static void
rated_clear (gpointer data)
{
  g_free (((Rated *) data)->type_name);
}

static int
compare_rated (gconstpointer a,
               gconstpointer b)
{
  const Rated *x = a;
  const Rated *y = b;

  if (x->type_position != y->type_position)
    return x->type_position < y->type_position ? -1 : 1;
  if (x->type != y->type)
    return x->type < y->type ? -1 : 1;
  if (x->points != y->points)
    return x->points > y->points ? -1 : 1;
  return x->org < y->org ? -1 : (x->org > y->org);
}

/* Ranks within each type: tied scores share a place («1, 2, 2, 4»). */
static void
rank (GArray *rated)
{
  guint start = 0;

  g_array_sort (rated, compare_rated);
  for (guint i = 0; i < rated->len; i++)
    {
      Rated *x = &g_array_index (rated, Rated, i);
      Rated *prev = i > 0 ? &g_array_index (rated, Rated, i - 1) : NULL;

      if (prev == NULL || prev->type != x->type)
        {
          start = i;
          x->rank = 1;
        }
      else if (prev->points == x->points)
        x->rank = prev->rank;
      else
        x->rank = i - start + 1;
    }
}

static void
block_rating (Report     *r,
              const char *group)
{
  g_autoptr(GArray) current = g_array_new (FALSE, TRUE, sizeof (Rated));
  g_autoptr(GArray) previous = g_array_new (FALSE, TRUE, sizeof (Rated));
  g_autoptr(GHashTable) previous_rank = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  gint64 type = -1;

  g_array_set_clear_func (current, rated_clear);
  g_array_set_clear_func (previous, rated_clear);

  stmt = query (r,
                "SELECT v.academic_year, v.organisation_id, o.type_id, COALESCE (t.position, 0), "
                "       t.name, SUM (v.value * i.points) "
                "FROM rating_value v JOIN rating_indicator i ON i.id = v.indicator_id "
                "JOIN organisation o ON o.id = v.organisation_id "
                "JOIN org_type t ON t.id = o.type_id "
                "WHERE i.active = 1 AND v.academic_year IN (?1, ?1 - 1) "
                "GROUP BY v.academic_year, v.organisation_id");
  while (next_row (r, stmt))
    {
      Rated x = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                  sqlite3_column_int (stmt, 3), g_strdup (col_text (stmt, 4)),
                  sqlite3_column_double (stmt, 5), 0, 0 };

      g_array_append_val (sqlite3_column_int (stmt, 0) == r->year ? current : previous, x);
    }
  if (current->len == 0)
    return;

  rank (current);
  rank (previous);
  for (guint i = 0; i < previous->len; i++)
    {
      Rated *x = &g_array_index (previous, Rated, i);
      g_hash_table_insert (previous_rank, &x->org, GUINT_TO_POINTER (x->rank));
    }

  begin_table (r, group, 5, "caption", "columns", NULL);
  for (guint i = 0; i < current->len; i++)
    {
      Rated *x = &g_array_index (current, Rated, i);
      const Org *o = org_get (r, x->org);
      guint before = GPOINTER_TO_UINT (g_hash_table_lookup (previous_rank, &x->org));
      g_autofree char *place = format_int (x->rank);
      g_autofree char *points = format_decimal (x->points);
      g_autofree char *was = before ? format_int (before) : g_strdup ("");
      g_autofree char *move = NULL;

      if (before == 0)
        move = phrase (r, group, "new", NULL);
      else if (before == x->rank)
        move = phrase (r, group, "same", NULL);
      else
        {
          g_autofree char *delta = format_int (ABS ((gint64) before - (gint64) x->rank));
          move = phrase (r, group, before > x->rank ? "up" : "down", "n", delta, NULL);
        }

      if (x->type != type)
        {
          type = x->type;
          annalist_odf_document_begin_row (r->doc);
          cell_full (r, x->type_name, ANNALIST_ODF_CELL_BOLD, 5);
          annalist_odf_document_end_row (r->doc);
        }
      annalist_odf_document_begin_row (r->doc);
      cell_full (r, place, ANNALIST_ODF_CELL_CENTER, 1);
      cell (r, o ? o->short_name : "");
      cell_full (r, points, ANNALIST_ODF_CELL_CENTER, 1);
      cell_full (r, was, ANNALIST_ODF_CELL_CENTER, 1);
      cell_full (r, move, ANNALIST_ODF_CELL_CENTER, 1);
      annalist_odf_document_end_row (r->doc);
    }
  annalist_odf_document_end_table (r->doc);
}

/* 3.7: resources ------------------------------------------------------------------ */

static void
block_content (Report     *r,
               const char *group)
{
  g_autofree char *kind = block_string (r, group, "content_kind");
  sqlite3_stmt *stmt = query (r,
                              "SELECT d.form, d.what_done, d.users, d.use FROM digital_content d "
                              "JOIN content_kind k ON k.id = d.kind_id "
                              "WHERE d.academic_year = ?1 AND k.name = ?2 ORDER BY d.id");
  guint n = 0;

  bind_text (stmt, 2, kind);
  while (next_row (r, stmt))
    {
      if (n++ == 0)
        begin_table (r, group, 4, "caption", "columns", NULL);
      add_row (r, col_text (stmt, 0), col_text (stmt, 1), col_text (stmt, 2), col_text (stmt, 3), NULL);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

static void
block_product_bank (Report     *r,
                    const char *group)
{
  g_autoptr(GHashTable) authors = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  authors = load_links (r,
                        "SELECT a.product_id, a.organisation_id FROM product_author a "
                        "JOIN innovation_product p ON p.id = a.product_id "
                        "WHERE p.academic_year = ?1 AND p.in_bank = 1 "
                        "ORDER BY a.product_id, a.position IS NULL, a.position, a.organisation_id",
                        NULL);
  stmt = query (r,
                "SELECT p.id, COALESCE (f.name, ''), p.title, p.potential_users, p.what_done "
                "FROM innovation_product p LEFT JOIN product_form f ON f.id = p.form_id "
                "WHERE p.academic_year = ?1 AND p.in_bank = 1 ORDER BY p.id");
  while (next_row (r, stmt))
    {
      g_autofree char *title = quote (col_text (stmt, 2));
      g_autofree char *product = phrase (r, group, "product", "form", col_text (stmt, 1),
                                         "title", title, NULL);
      g_autofree char *by = orgs_text (r, links_get (authors, sqlite3_column_int64 (stmt, 0)), TRUE);
      g_autofree char *upper = upper_first (product);

      if (n++ == 0)
        begin_table (r, group, 4, "caption", "columns", NULL);
      add_row (r, upper, by, col_text (stmt, 3), col_text (stmt, 4), NULL);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

static void
block_publications (Report     *r,
                    const char *group)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT COALESCE (k.name, ''), p.title, p.potential_users, p.what_done "
                              "FROM publication p LEFT JOIN publication_kind k ON k.id = p.kind_id "
                              "WHERE p.academic_year = ?1 ORDER BY p.id");
  guint n = 0;

  while (next_row (r, stmt))
    {
      if (n++ == 0)
        begin_table (r, group, 4, "caption", "columns", NULL);
      add_row (r, col_text (stmt, 0), col_text (stmt, 1), col_text (stmt, 2), col_text (stmt, 3), NULL);
    }
  if (n > 0)
    annalist_odf_document_end_table (r->doc);
}

/* 4: next year's tasks. */
static void
block_next_year_tasks (Report     *r,
                       const char *group)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT task FROM next_year_task WHERE academic_year = ?1 "
                              "ORDER BY position IS NULL, position, id");
  guint n = 0;

  while (next_row (r, stmt))
    {
      if (n++ == 0)
        {
          g_autofree char *intro = phrase (r, group, "intro", NULL);

          begin_content (r);
          annalist_odf_document_begin_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_BODY);
          annalist_odf_document_add_bold (r->doc, intro);
          annalist_odf_document_end_paragraph (r->doc);
          annalist_odf_document_begin_list (r->doc, ANNALIST_ODF_LIST_BULLET);
        }
      annalist_odf_document_add_list_item (r->doc, col_text (stmt, 0));
    }
  if (n > 0)
    annalist_odf_document_end_list (r->doc);
}

static const struct
{
  const char *type;
  void      (*write) (Report *r, const char *group);
} block_types[] = {
  { "year_tasks", block_year_tasks },
  { "programmes", block_programmes },
  { "meetings", block_meetings },
  { "infrastructure", block_infrastructure },
  { "site_list", block_site_list },
  { "network_projects", block_network_projects },
  { "conferences", block_conferences },
  { "seminars", block_seminars },
  { "internships", block_internships },
  { "competitions", block_competitions },
  { "forum", block_forum },
  { "event_count", block_event_count },
  { "contest", block_contest },
  { "expertise", block_expertise },
  { "studies", block_studies },
  { "rating", block_rating },
  { "content", block_content },
  { "product_bank", block_product_bank },
  { "publications", block_publications },
  { "next_year_tasks", block_next_year_tasks },
};

static void
write_block (Report     *r,
             const char *name)
{
  g_autofree char *group = g_strconcat ("block ", name, NULL);
  g_autofree char *type = g_key_file_get_string (r->layout->kf, group, "type", NULL);

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (block_types); i++)
    if (g_str_equal (block_types[i].type, type))
      {
        block_types[i].write (r, group);
        return;
      }
  g_warning ("The report layout's block “%s” has no known type", name);
}

/* ------------------------------------------------------------------ */
/* The whole document                                                  */
/* ------------------------------------------------------------------ */

static char *
setting (Report     *r,
         const char *key)
{
  char *value = annalist_store_get_setting (r->store, key);

  if (value == NULL)
    return g_strdup ("");
  return g_strstrip (value);
}

/*
 * The section's heading as the report prints it («1. Краткий анализ
 * решения задач ИМЦ»), its placeholders filled as the exporter fills them,
 * for the window's report page.
 */
char *
annalist_report_section_heading (AnnalistStore               *store,
                                 int                          academic_year,
                                 const AnnalistReportSection *section)
{
  Report r = { 0 };
  g_autofree char *title = NULL;
  char *heading;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  r.store = store;
  r.layout = layout_get ();
  r.year_label = year_label (&r, academic_year);
  r.next_year_label = year_label (&r, academic_year + 1);
  r.previous_year_label = year_label (&r, academic_year - 1);
  r.year_end = g_strdup_printf ("%d", academic_year + 1);
  r.org_short = setting (&r, "org_short_name");

  title = expand (&r, section->title, NULL);
  heading = phrase (&r, "report", "heading", "number", section->number, "title", title, NULL);
  report_clear (&r);
  return heading;
}

/* A number setting within [min, max], else @fallback. */
static double
setting_double (Report     *r,
                const char *key,
                double      fallback,
                double      min,
                double      max)
{
  g_autofree char *text = setting (r, key);
  char *end = NULL;
  double value;

  if (*text == '\0')
    return fallback;
  g_strdelimit (text, ",", '.');
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(value >= min && value <= max))
    {
      g_message ("The setting %s = “%s” is not a number from %g to %g: using %g",
                 key, text, min, max, fallback);
      return fallback;
    }
  return value;
}

static void
read_style (Report           *r,
            AnnalistOdfStyle *style,
            char            **font)
{
  g_autofree char *title_page = setting (r, "report_title_page");

  annalist_odf_style_init_defaults (style);
  style->page_width_mm = setting_double (r, "report_page_width_mm", style->page_width_mm, 100, 500);
  style->page_height_mm = setting_double (r, "report_page_height_mm", style->page_height_mm, 100, 500);
  style->margin_left_mm = setting_double (r, "report_margin_left_mm", style->margin_left_mm, 0, 60);
  style->margin_right_mm = setting_double (r, "report_margin_right_mm", style->margin_right_mm, 0, 60);
  style->margin_top_mm = setting_double (r, "report_margin_top_mm", style->margin_top_mm, 0, 60);
  style->margin_bottom_mm = setting_double (r, "report_margin_bottom_mm", style->margin_bottom_mm, 0, 60);
  style->font_size_pt = setting_double (r, "report_font_size_pt", style->font_size_pt, 6, 28);
  style->table_font_size_pt = setting_double (r, "report_table_font_size_pt", style->table_font_size_pt, 6, 28);
  style->line_spacing = setting_double (r, "report_line_spacing", style->line_spacing, 1, 2);
  style->first_line_indent_mm = setting_double (r, "report_first_line_indent_mm",
                                                style->first_line_indent_mm, 0, 50);
  style->title_page = !g_str_equal (title_page, "0");

  *font = setting (r, "report_font_name");
  if (**font != '\0')
    style->font_name = *font;
}

static void
add_lines (Report                    *r,
           AnnalistOdfParagraphStyle  style,
           guint                      n)
{
  for (guint i = 0; i < n; i++)
    annalist_odf_document_add_paragraph (r->doc, style, "");
}

static void
write_title_page (Report     *r,
                  const char *title)
{
  g_autofree char *founder = setting (r, "founder");
  g_autofree char *org_name = setting (r, "org_name");
  g_autofree char *position = setting (r, "head_position");
  g_autofree char *head_name = setting (r, "head_name");
  g_autofree char *city = setting (r, "city");
  g_autofree char *approve = phrase (r, "report", "approve", NULL);
  g_autofree char *signature = phrase (r, "report", "signature", "head_name", head_name, NULL);
  g_autofree char *date_line = phrase (r, "report", "date_line", NULL);
  g_autofree char *for_year = phrase (r, "report", "for_year", NULL);
  g_autoptr(GString) approval = g_string_new (approve);

  if (*founder != '\0')
    annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_CENTER, founder);
  if (*org_name != '\0')
    {
      annalist_odf_document_begin_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_CENTER);
      annalist_odf_document_add_bold (r->doc, org_name);
      annalist_odf_document_end_paragraph (r->doc);
    }
  add_lines (r, ANNALIST_ODF_PARAGRAPH_PLAIN, 2);

  if (*position != '\0')
    g_string_append_printf (approval, "\n%s", position);
  if (*r->org_short != '\0' && *position != '\0')
    g_string_append_printf (approval, " %s", r->org_short);
  g_string_append_printf (approval, "\n%s\n%s", signature, date_line);
  annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_APPROVAL, approval->str);

  add_lines (r, ANNALIST_ODF_PARAGRAPH_PLAIN, 6);
  {
    g_autofree char *text = g_strdup_printf ("%s\n%s", title, for_year);
    annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_TITLE, text);
  }
  add_lines (r, ANNALIST_ODF_PARAGRAPH_PLAIN, 9);
  {
    g_autofree char *text = *city ? g_strdup_printf ("%s\n%s", city, r->year_end)
                                  : g_strdup (r->year_end);
    annalist_odf_document_add_paragraph (r->doc, ANNALIST_ODF_PARAGRAPH_CENTER, text);
  }

  annalist_odf_document_add_page_break (r->doc);
  annalist_odf_document_add_toc (r->doc);
  annalist_odf_document_add_page_break (r->doc);
}

static void
load_narratives (Report *r)
{
  sqlite3_stmt *stmt = query (r,
                              "SELECT section, text FROM report_narrative "
                              "WHERE academic_year = ?1 AND trim (text) <> ''");

  r->narratives = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (next_row (r, stmt))
    g_hash_table_insert (r->narratives, g_strdup (col_text (stmt, 0)), g_strdup (col_text (stmt, 1)));
}

static void
write_narrative (Report        *r,
                 const Section *s)
{
  const char *text = g_hash_table_lookup (r->narratives, s->id);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0')
        add_body (r, line);
    }
}

static void
write_sections (Report *r)
{
  GPtrArray *sections = r->layout->sections;

  for (guint i = 0; i < sections->len && r->error == NULL; i++)
    {
      Section *s = g_ptr_array_index (sections, i);
      gboolean leaf = i + 1 == sections->len ||
                      ((Section *) g_ptr_array_index (sections, i + 1))->level <= s->level;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, &r->error))
        return;

      /* Sections left without content drop out of the waiting line. */
      while (r->pending->len > 0 &&
             ((Section *) g_ptr_array_index (r->pending, r->pending->len - 1))->level >= s->level)
        g_ptr_array_set_size (r->pending, r->pending->len - 1);
      g_ptr_array_add (r->pending, s);
      r->has_content = FALSE;

      for (guint b = 0; s->blocks != NULL && s->blocks[b] != NULL; b++)
        write_block (r, s->blocks[b]);
      write_narrative (r, s);

      if (!r->has_content && leaf && !r->omit_empty)
        {
          g_autofree char *empty = phrase (r, "report", "empty", NULL);
          add_body (r, empty);
        }
    }
}

/* The status date of the summary table: the setting when it falls in the
 * academic year, else 1 January of the year's second calendar year. */
static char *
status_date (Report *r)
{
  g_autofree char *value = setting (r, "status_date");
  GDate date;

  if (*value != '\0' && annalist_date_parse (value, &date) &&
      annalist_date_academic_year (&date) == r->year)
    return annalist_date_to_iso (&date);
  return g_strdup_printf ("%04d-01-01", r->year + 1);
}

gboolean
annalist_report_year_has_records (AnnalistStore *store,
                                  int            academic_year)
{
  static const char sql[] =
    "SELECT EXISTS (SELECT 1 FROM event WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM programme WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM network_project WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM competition WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM innovation_product WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM expertise WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM publication WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM study WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM digital_content WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM year_task WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM next_year_task WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM rating_value WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM report_narrative WHERE academic_year = ?1) "
    "OR EXISTS (SELECT 1 FROM project_activity WHERE academic_year = ?1)";
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  stmt = annalist_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, academic_year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
export (AnnalistStore  *store,
        int             academic_year,
        const char     *path,
        GCancellable   *cancellable,
        GError        **error)
{
  g_autoptr(AnnalistOdfDocument) doc = NULL;
  g_autofree char *font = NULL;
  g_autofree char *title = NULL;
  g_autofree char *org_name = NULL;
  g_autofree char *empty_mode = NULL;
  AnnalistOdfStyle style;
  Report r = { 0 };
  sqlite3 *db = annalist_store_get_db (store);
  gboolean snapshot = FALSE;
  gboolean ok;

  if (academic_year < ANNALIST_YEAR_MIN || academic_year > ANNALIST_YEAR_MAX)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The academic year must start between %d and %d."),
                   ANNALIST_YEAR_MIN, ANNALIST_YEAR_MAX);
      return FALSE;
    }

  r.store = store;
  r.layout = layout_get ();
  r.cancellable = cancellable;
  r.year = academic_year;
  r.separator = setting (&r, "report_year_separator");
  if (!g_str_equal (r.separator, "/"))
    {
      g_free (r.separator);
      r.separator = g_strdup ("-");
    }
  r.year_label = year_label (&r, academic_year);
  r.next_year_label = year_label (&r, academic_year + 1);
  r.previous_year_label = year_label (&r, academic_year - 1);
  r.year_end = g_strdup_printf ("%d", academic_year + 1);
  r.org_short = setting (&r, "org_short_name");
  r.status_date = status_date (&r);
  empty_mode = setting (&r, "report_empty_sections");
  r.omit_empty = g_str_equal (empty_mode, "omit");
  r.pending = g_ptr_array_new ();

  read_style (&r, &style, &font);
  title = setting (&r, "report_title");
  if (*title == '\0')
    {
      g_free (title);
      title = phrase (&r, "report", "title", NULL);
    }
  org_name = setting (&r, "org_name");

  doc = annalist_odf_document_new (path, ANNALIST_ODF_FORMAT_AUTO, &style, title, error);
  if (doc == NULL)
    {
      report_clear (&r);
      return FALSE;
    }
  if (*org_name != '\0')
    annalist_odf_document_set_author (doc, org_name);
  r.doc = doc;

  /* One read snapshot: the figures agree with each other even if the
   * window saves a record meanwhile. */
  if (sqlite3_get_autocommit (db))
    snapshot = annalist_store_exec (store, "BEGIN", &r.error);

  load_orgs (&r);
  load_narratives (&r);
  find_contest (&r);
  write_title_page (&r, title);
  write_sections (&r);

  if (snapshot)
    annalist_store_exec (store, "COMMIT", NULL);

  if (r.error != NULL)
    {
      annalist_odf_document_abort (doc);
      g_propagate_error (error, g_steal_pointer (&r.error));
      report_clear (&r);
      return FALSE;
    }

  ok = annalist_odf_document_close (doc, error);
  report_clear (&r);
  return ok;
}

gboolean
annalist_report_export (AnnalistStore  *store,
                        int             academic_year,
                        const char     *path,
                        GError        **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export (store, academic_year, path, NULL, error);
}

typedef struct
{
  char *database;
  char *path;
  int   academic_year;
} ExportTask;

static void
export_task_free (gpointer data)
{
  ExportTask *t = data;

  g_free (t->database);
  g_free (t->path);
  g_free (t);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *t = task_data;
  g_autoptr(AnnalistStore) store = NULL;
  GError *error = NULL;

  /* A connection of our own: the window's statement cache is not for
   * threads, and WAL lets us read while the window writes. */
  store = annalist_store_open (t->database, &error);
  if (store == NULL || !export (store, t->academic_year, t->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
annalist_report_export_async (AnnalistStore       *store,
                              int                  academic_year,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *t;

  g_return_if_fail (ANNALIST_IS_STORE (store));
  g_return_if_fail (path != NULL);

  /* Read the layout here: the resource lookup is cheap, and a broken
   * layout shows up on the main thread. */
  layout_get ();

  t = g_new0 (ExportTask, 1);
  t->database = g_strdup (annalist_store_get_path (store));
  t->path = g_strdup (path);
  t->academic_year = academic_year;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, annalist_report_export_async);
  g_task_set_task_data (task, t, export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
annalist_report_export_finish (AnnalistStore  *store,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The command line                                                    */
/* ------------------------------------------------------------------ */

int
annalist_report_command_line (const char *database,
                              const char *year_text,
                              const char *output)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *display = NULL;
  int year = 0;
  int now = annalist_academic_year_current ();

  if (output == NULL || *output == '\0')
    {
      g_printerr ("%s\n", _("--export-report needs --output=FILE: the .odt or .fodt file to write."));
      return EXIT_FAILURE;
    }
  if (!annalist_academic_year_parse (year_text, &year))
    {
      g_printerr (_("“%s” is not an academic year: write it like 2022-2023."), year_text);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }
  if (database == NULL)
    database = default_path = annalist_store_default_path ();

  /* Opening a missing file would create an empty database: refuse. */
  display = g_filename_display_name (database);
  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("The database “%s” does not exist."), display);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *out = g_filename_display_name (output);

      g_printerr (_("“%s” is a folder: give the name of the file to write, ending in .odt or .fodt."), out);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }
  if (!g_str_has_suffix (output, ".odt") && !g_str_has_suffix (output, ".fodt"))
    {
      g_autofree char *out = g_filename_display_name (output);

      g_printerr (_("The report is written as .odt or .fodt: “%s” has neither extension."), out);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  store = annalist_store_open (database, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* A year without records is still a report (of empty sections) when it
   * is a plausible one; a year far from today is more likely a typo. */
  if (!annalist_report_year_has_records (store, year) && (year < now - 15 || year > now + 1))
    {
      g_autofree char *label = annalist_academic_year_label (year);

      g_printerr (_("The database “%s” has no records of the %s academic year."), display, label);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  if (!annalist_report_export (store, year, output, &error))
    {
      /* One sentence: the document layer's messages end without a stop. */
      g_printerr ("%s%s\n", error->message, g_str_has_suffix (error->message, ".") ? "" : ".");
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
