/* annalist-template-expr.c — the language inside one placeholder
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What stands between {{ and }}: a value with formats, a loop or condition
 * opener or closer, or a block. Users type it in Writer, whose autocorrect
 * changes what they type: "…" becomes «…» or “…”, « - » becomes « – », the
 * first letter of a paragraph is capitalised, spaces become no-break
 * spaces. All of these are read as the user meant them. Nothing here is
 * ever run as code: the text becomes a tree that the scan resolves against
 * the field descriptors, and literals reach SQL only as bound parameters.
 */

#define G_LOG_DOMAIN "annalist-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-template-private.h"

/* Tokens ------------------------------------------------------------------ */

typedef enum
{
  TOK_END,
  TOK_WORD,
  TOK_STRING,
  TOK_NUMBER,
  TOK_OP,       /* = != < <= > >= + - * / */
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_COMMA,
  TOK_PIPE,
  TOK_DOT,
  TOK_HASH,
  TOK_SLASH,    /* a «/» that starts the tag: /each, /if */
} TokType;

typedef struct
{
  TokType     type;
  const char *text;   /* WORD, STRING, OP: in the tokens' texts, or static */
  double      number;
} Token;

/* A placeholder's tokens: the few of most placeholders are held without
 * an allocation, and the texts of all of them in one block. */
typedef struct
{
  Token *items;       /* local, or allocated when they do not fit */
  guint  len;
  guint  size;
  Token  local[16];
  char  *texts;       /* each text ends with a NUL */
  char  *texts_end;   /* where the next text goes */
} Tokens;

/* Keeps @length bytes at @start in the tokens' texts. No text is longer
 * than the placeholder, nor are there more texts than its bytes, so the
 * block made for twice its length holds them all. */
static const char *
tokens_text (Tokens     *tokens,
             const char *start,
             gsize       length)
{
  char *text = tokens->texts_end;

  memcpy (text, start, length);
  text[length] = '\0';
  tokens->texts_end = text + length + 1;
  return text;
}

static void
tokens_push (Tokens      *tokens,
             const Token *t)
{
  if (tokens->items == NULL)
    {
      tokens->items = tokens->local;
      tokens->size = G_N_ELEMENTS (tokens->local);
    }
  if (tokens->len == tokens->size)
    {
      tokens->size *= 2;
      if (tokens->items == tokens->local)
        {
          tokens->items = g_new (Token, tokens->size);
          memcpy (tokens->items, tokens->local, tokens->len * sizeof (Token));
        }
      else
        tokens->items = g_renew (Token, tokens->items, tokens->size);
    }
  tokens->items[tokens->len++] = *t;
}

static void
tokens_clear (Tokens *tokens)
{
  if (tokens->items != tokens->local)
    g_free (tokens->items);
  g_free (tokens->texts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tokens, tokens_clear)

typedef struct
{
  Tokens *tokens;
  guint   pos;
  GError *error;
} Parser;

#define MAX_TOKENS 1000

/* The character at @p: placeholders are mostly ASCII, read without a
 * call. */
static inline gunichar
char_at (const char *p)
{
  return (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
}

static inline gboolean
is_space (gunichar c)
{
  /* g_unichar_isspace() of an ASCII character, without the call. */
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  return g_unichar_isspace (c) || c == 0xA0 || c == 0x202F || c == 0x2007 || c == 0xFEFF;
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';
  return g_unichar_isalnum (c);
}

/* The closing quote for an opening one, 0 if @c opens none. */
static gunichar
closing_quote (gunichar c)
{
  switch (c)
    {
    case '"': return '"';
    case '\'': return '\'';
    case 0x00AB: return 0x00BB;  /* «» */
    case 0x201C: return 0x201D;  /* “” */
    case 0x201E: return 0x201C;  /* „“, also „” below */
    case 0x2018: return 0x2019;  /* ‘’ */
    case 0x201A: return 0x2018;  /* ‚‘ */
    default: return 0;
    }
}

/* The tokens of the @length bytes at @text (read no further: the
 * placeholder's closing braces follow them in the paragraph). */
static gboolean
tokenize (const char  *text,
          gsize        length,
          Tokens      *tokens,
          GError     **error)
{
  const char *p = text;
  const char *end = text + length;

  tokens->texts = tokens->texts_end = g_malloc (2 * length + 2);
  while (p < end)
    {
      gunichar c = char_at (p);
      const char *next = g_utf8_next_char (p);
      Token t = { TOK_END, NULL, 0 };

      if (is_space (c))
        {
          p = next;
          continue;
        }

      if (closing_quote (c) != 0)
        {
          gunichar close = closing_quote (c);
          guint depth = 1;
          const char *q = next;

          /* «…» nest: «Конкурс «Импульс»». The text is all between the
           * outer quotes. */
          while (q < end)
            {
              gunichar d = char_at (q);

              if (c == 0x00AB && d == 0x00AB)
                depth++;
              else if (d == close || (c == 0x201E && d == 0x201D) ||
                       (c == 0x201C && d == '"') || (c == '"' && d == 0x201D))
                {
                  if (--depth == 0)
                    break;
                }
              q = g_utf8_next_char (q);
            }
          if (q >= end)
            {
              g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                           _("a quotation mark is not closed"));
              return FALSE;
            }
          t.type = TOK_STRING;
          t.text = tokens_text (tokens, next, q - next);
          tokens_push (tokens, &t);
          p = g_utf8_next_char (q);
          continue;
        }

      if (g_ascii_isdigit (*p))
        {
          const char *q = p;

          while (q < end && g_ascii_isdigit (*q))
            q++;
          if (q + 1 < end && *q == '.' && g_ascii_isdigit (q[1]))
            {
              q++;
              while (q < end && g_ascii_isdigit (*q))
                q++;
            }
          /* A number glued to letters («2022г») is a word. */
          if (q == end || !is_word_char (char_at (q)))
            {
              g_autofree char *digits = g_strndup (p, q - p);

              t.type = TOK_NUMBER;
              t.number = g_ascii_strtod (digits, NULL);
              tokens_push (tokens, &t);
              p = q;
              continue;
            }
        }

      if (is_word_char (c))
        {
          const char *q = p;

          /* share-dynamics: a hyphen before a letter belongs to the word;
           * before a digit it is a minus (year_start-1). */
          while (q < end)
            {
              gunichar d = char_at (q);
              const char *after = g_utf8_next_char (q);

              if (is_word_char (d))
                q = after;
              else if ((d == '-' || d == 0x2010 || d == 0x2011) &&
                       after < end && is_word_char (char_at (after)) && !g_unichar_isdigit (char_at (after)))
                q = after;
              else
                break;
            }
          t.type = TOK_WORD;
          t.text = tokens_text (tokens, p, q - p);
          tokens_push (tokens, &t);
          p = q;
          continue;
        }

      switch (c)
        {
        case '(': t.type = TOK_LPAREN; break;
        case ')': t.type = TOK_RPAREN; break;
        case ',': t.type = TOK_COMMA; break;
        case '|': case 0x00A6: t.type = TOK_PIPE; break;
        case '.': t.type = TOK_DOT; break;
        case '#': case 0x2116: t.type = TOK_HASH; break;
        case '=':
          t.type = TOK_OP;
          t.text = "=";
          if (next < end && *next == '=')
            next++;
          break;
        case 0x2260: t.type = TOK_OP; t.text = "!="; break;
        case 0x2264: t.type = TOK_OP; t.text = "<="; break;
        case 0x2265: t.type = TOK_OP; t.text = ">="; break;
        case '!':
          if (next < end && *next == '=')
            {
              t.type = TOK_OP;
              t.text = "!=";
              next++;
            }
          break;
        case '<':
        case '>':
          t.type = TOK_OP;
          if (next < end && *next == '=')
            {
              t.text = c == '<' ? "<=" : ">=";
              next++;
            }
          else if (c == '<' && next < end && *next == '>')
            {
              t.text = "!=";
              next++;
            }
          else
            t.text = c == '<' ? "<" : ">";
          break;
        case '+': t.type = TOK_OP; t.text = "+"; break;
        case '*': case 0x00D7: t.type = TOK_OP; t.text = "*"; break;
        case '/': t.type = tokens->len == 0 ? TOK_SLASH : TOK_OP; t.text = "/"; break;
        case '-': case 0x2212: case 0x2013: case 0x2014:
          t.type = TOK_OP;
          t.text = "-";
          break;
        default:
          break;
        }

      if (t.type == TOK_END)
        {
          char shown[8] = { 0 };

          g_unichar_to_utf8 (c, shown);
          g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                       _("the character “%s” has no meaning here"), shown);
          return FALSE;
        }
      tokens_push (tokens, &t);
      p = next;
    }

  {
    Token last = { TOK_END, NULL, 0 };
    tokens_push (tokens, &last);
  }
  return TRUE;
}

static Token *
peek (Parser *p)
{
  return &p->tokens->items[p->pos];
}

static Token *
peek_at (Parser *p,
         guint   ahead)
{
  guint i = MIN (p->pos + ahead, p->tokens->len - 1);

  return &p->tokens->items[i];
}

static Token *
advance (Parser *p)
{
  Token *t = peek (p);

  if (t->type != TOK_END)
    p->pos++;
  return t;
}

/* @word is in lower-case ASCII letters: most words differ from it in
 * the first letter, told without a call. */
static inline gboolean
is_word (const char *text,
         const char *word)
{
  return ((guchar) text[0] | 0x20) == (guchar) word[0] && g_ascii_strcasecmp (text, word) == 0;
}

static gboolean
is_keyword (Token      *t,
            const char *word)
{
  return t->type == TOK_WORD && is_word (t->text, word);
}

static gboolean
is_op (Token      *t,
       const char *op)
{
  return t->type == TOK_OP && g_str_equal (t->text, op);
}

G_GNUC_PRINTF (2, 3) static void
fail (Parser     *p,
      const char *format,
      ...)
{
  va_list ap;

  if (p->error != NULL)
    return;
  va_start (ap, format);
  p->error = g_error_new_valist (ANNALIST_ERROR, ANNALIST_ERROR_INVALID, format, ap);
  va_end (ap);
}

/* What the user typed for @t, to quote in a message. */
static char *
token_text (Token *t)
{
  switch (t->type)
    {
    case TOK_END: return g_strdup ("");
    case TOK_WORD: case TOK_OP: return g_strdup (t->text);
    case TOK_STRING: return g_strdup_printf ("«%s»", t->text);
    case TOK_NUMBER: return annalist_format_number (t->number, -1);
    case TOK_LPAREN: return g_strdup ("(");
    case TOK_RPAREN: return g_strdup (")");
    case TOK_COMMA: return g_strdup (",");
    case TOK_PIPE: return g_strdup ("|");
    case TOK_DOT: return g_strdup (".");
    case TOK_HASH: return g_strdup ("#");
    case TOK_SLASH: return g_strdup ("/");
    default: return g_strdup ("?");
    }
}

/* «a name is missing before “x”», or at the end. */
static void
fail_missing (Parser     *p,
              Token      *t,
              gboolean    name)
{
  g_autofree char *typed = token_text (t);

  if (t->type == TOK_END)
    fail (p, name ? _("a name is missing at the end") : _("a value is missing at the end"));
  else
    fail (p, name ? _("a name is missing before “%s”") : _("a value is missing before “%s”"), typed);
}

/* Words that end an expression inside a loop or an aggregate. */
static const char * const clause_words[] = {
  "where", "sort", "group", "limit", "as", "any", "and", "or", "in",
  "contains", "desc", "asc", "from", "to",
};

static gboolean
is_clause_word (Token *t)
{
  if (t->type != TOK_WORD)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (clause_words); i++)
    if (is_word (t->text, clause_words[i]))
      return TRUE;
  return FALSE;
}

/* Words that start an aggregate where a value is read. */
static const struct { const char *word; AggFunc func; } aggregate_words[] = {
  { "count", AGG_COUNT }, { "sum", AGG_SUM }, { "min", AGG_MIN },
  { "max", AGG_MAX }, { "avg", AGG_AVG }, { "list", AGG_LIST },
};

const char *
_annalist_expr_aggregate_word (AggFunc func)
{
  for (guint i = 0; i < G_N_ELEMENTS (aggregate_words); i++)
    if (aggregate_words[i].func == func)
      return aggregate_words[i].word;
  g_return_val_if_reached (NULL);
}

gboolean
_annalist_expr_is_reserved (const char *name)
{
  if (g_ascii_strcasecmp (name, "not") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (clause_words); i++)
    if (g_ascii_strcasecmp (name, clause_words[i]) == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (aggregate_words); i++)
    if (g_ascii_strcasecmp (name, aggregate_words[i].word) == 0)
      return TRUE;
  return FALSE;
}

static Expr *
expr_new (ExprType type)
{
  Expr *e = g_new0 (Expr, 1);

  e->type = type;
  return e;
}

void
_annalist_expr_free (Expr *e)
{
  if (e == NULL)
    return;
  _annalist_expr_free (e->left);
  _annalist_expr_free (e->right);
  g_clear_pointer (&e->items, g_ptr_array_unref);
  g_free (e->text);
  g_clear_pointer (&e->segments, g_array_unref);
  _annalist_expr_free (e->where);
  g_clear_pointer (&e->ref, _annalist_path_ref_free);
  g_free (e);
}

void
_annalist_segment_clear (gpointer data)
{
  g_free (((Segment *) data)->text);
}

static GArray *
segments_new (void)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (Segment), 2);

  g_array_set_clear_func (a, _annalist_segment_clear);
  return a;
}

/* name(.name)*, each a word or a quoted label */
static GArray *
parse_segments (Parser *p)
{
  GArray *segments = segments_new ();

  for (;;)
    {
      Token *t = peek (p);
      Segment s;

      if (t->type != TOK_WORD && t->type != TOK_STRING)
        {
          fail_missing (p, t, TRUE);
          break;
        }
      advance (p);
      s.text = g_strdup (t->text);
      s.quoted = t->type == TOK_STRING;
      g_array_append_val (segments, s);
      if (peek (p)->type != TOK_DOT)
        break;
      advance (p);
    }
  return segments;
}

static Expr *parse_expr (Parser *p);

static gboolean
parse_any_year (Parser *p)
{
  /* «any year», «all years» */
  if ((is_keyword (peek (p), "any") || is_keyword (peek (p), "all")) &&
      (is_keyword (peek_at (p, 1), "year") || is_keyword (peek_at (p, 1), "years")))
    {
      advance (p);
      advance (p);
      return TRUE;
    }
  return FALSE;
}

static Expr *
parse_aggregate (Parser  *p,
                 AggFunc  func)
{
  Expr *e = expr_new (EXPR_AGGREGATE);
  Token *t = peek (p);

  e->agg = func;
  /* «count» alone: the records of the loop or group. */
  if ((t->type == TOK_WORD && !is_clause_word (t)) || t->type == TOK_STRING)
    e->segments = parse_segments (p);
  else if (func != AGG_COUNT)
    fail (p, _("say what to add up: %s KIND.FIELD"), "sum");

  for (;;)
    {
      if (is_keyword (peek (p), "where") && e->where == NULL)
        {
          advance (p);
          e->where = parse_expr (p);
        }
      else if (parse_any_year (p))
        e->any_year = TRUE;
      else
        break;
    }
  return e;
}

static Expr *
parse_primary (Parser *p)
{
  Token *t = peek (p);
  Expr *e;

  if (p->error != NULL)
    return NULL;

  switch (t->type)
    {
    case TOK_NUMBER:
      advance (p);
      e = expr_new (EXPR_NUMBER);
      e->number = t->number;
      return e;

    case TOK_STRING:
      /* A quoted text alone is a label when a name is expected; the scan
       * decides, so keep both readings. */
      if (peek_at (p, 1)->type == TOK_DOT)
        {
          e = expr_new (EXPR_PATH);
          e->segments = parse_segments (p);
          return e;
        }
      advance (p);
      e = expr_new (EXPR_TEXT);
      e->text = g_strdup (t->text);
      return e;

    case TOK_HASH:
      advance (p);
      return expr_new (EXPR_INDEX);

    case TOK_LPAREN:
      advance (p);
      e = parse_expr (p);
      if (peek (p)->type != TOK_RPAREN)
        fail (p, _("a closing parenthesis is missing"));
      else
        advance (p);
      return e;

    case TOK_WORD:
      {
        for (guint i = 0; i < G_N_ELEMENTS (aggregate_words); i++)
          if (is_keyword (t, aggregate_words[i].word))
            {
              advance (p);
              return parse_aggregate (p, aggregate_words[i].func);
            }

        if (is_keyword (t, "text") && peek_at (p, 1)->type == TOK_STRING)
          {
            advance (p);
            e = expr_new (EXPR_NARRATIVE);
            e->text = g_strdup (advance (p)->text);
            return e;
          }

        if (is_clause_word (t))
          {
            fail (p, _("a value is missing before “%s”"), t->text);
            return NULL;
          }
        e = expr_new (EXPR_PATH);
        e->segments = parse_segments (p);
        return e;
      }

    default:
      fail_missing (p, t, FALSE);
      return NULL;
    }
}

static Expr *
parse_unary (Parser *p)
{
  if (is_op (peek (p), "-"))
    {
      Expr *e = expr_new (EXPR_NEG);

      advance (p);
      e->left = parse_unary (p);
      return e;
    }
  return parse_primary (p);
}

static Expr *
binary (ExprOp  op,
        Expr   *left,
        Expr   *right)
{
  Expr *e = expr_new (EXPR_BINARY);

  e->op = op;
  e->left = left;
  e->right = right;
  return e;
}

static Expr *
parse_mul (Parser *p)
{
  Expr *e = parse_unary (p);

  while (p->error == NULL && (is_op (peek (p), "*") || is_op (peek (p), "/")))
    {
      ExprOp op = is_op (advance (p), "*") ? OP_MUL : OP_DIV;
      e = binary (op, e, parse_unary (p));
    }
  return e;
}

static Expr *
parse_add (Parser *p)
{
  Expr *e = parse_mul (p);

  while (p->error == NULL && (is_op (peek (p), "+") || is_op (peek (p), "-")))
    {
      ExprOp op = is_op (advance (p), "+") ? OP_ADD : OP_SUB;
      e = binary (op, e, parse_mul (p));
    }
  return e;
}

static Expr *
parse_comparison (Parser *p)
{
  static const struct { const char *op; ExprOp code; } ops[] = {
    { "=", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT }, { "<=", OP_LE },
    { ">", OP_GT }, { ">=", OP_GE },
  };
  Expr *e = parse_add (p);
  Token *t = peek (p);
  gboolean negated = FALSE;

  if (p->error != NULL)
    return e;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (is_op (t, ops[i].op))
      {
        advance (p);
        return binary (ops[i].code, e, parse_add (p));
      }

  if (is_keyword (t, "contains"))
    {
      advance (p);
      return binary (OP_CONTAINS, e, parse_add (p));
    }

  if (is_keyword (t, "not") && is_keyword (peek_at (p, 1), "in"))
    {
      advance (p);
      negated = TRUE;
      t = peek (p);
    }
  if (is_keyword (t, "in"))
    {
      Expr *in = expr_new (EXPR_IN);

      advance (p);
      in->left = e;
      in->items = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_expr_free);
      if (peek (p)->type != TOK_LPAREN)
        fail (p, _("a list in parentheses is missing after “in”"));
      else
        {
          advance (p);
          for (;;)
            {
              g_ptr_array_add (in->items, parse_add (p));
              if (p->error != NULL || peek (p)->type != TOK_COMMA)
                break;
              advance (p);
            }
          if (peek (p)->type != TOK_RPAREN)
            fail (p, _("a closing parenthesis is missing"));
          else
            advance (p);
        }
      if (negated)
        {
          Expr *not = expr_new (EXPR_NOT);
          not->left = in;
          return not;
        }
      return in;
    }
  return e;
}

static Expr *
parse_not (Parser *p)
{
  if (is_keyword (peek (p), "not"))
    {
      Expr *e = expr_new (EXPR_NOT);

      advance (p);
      e->left = parse_not (p);
      return e;
    }
  return parse_comparison (p);
}

static Expr *
parse_and (Parser *p)
{
  Expr *e = parse_not (p);

  while (p->error == NULL && is_keyword (peek (p), "and"))
    {
      advance (p);
      e = binary (OP_AND, e, parse_not (p));
    }
  return e;
}

static Expr *
parse_expr (Parser *p)
{
  Expr *e = parse_and (p);

  while (p->error == NULL && is_keyword (peek (p), "or"))
    {
      advance (p);
      e = binary (OP_OR, e, parse_and (p));
    }
  return e;
}

static void
filter_free (gpointer data)
{
  Filter *f = data;

  g_free (f->name);
  g_ptr_array_unref (f->args);
  g_free (f);
}

static GPtrArray *
parse_filters (Parser *p)
{
  GPtrArray *filters = NULL;   /* most values have none */

  while (p->error == NULL && peek (p)->type == TOK_PIPE)
    {
      Filter *f;
      Token *t;

      advance (p);
      t = peek (p);
      if (t->type != TOK_WORD)
        {
          fail (p, _("a format name is missing after “|”"));
          break;
        }
      advance (p);
      f = g_new0 (Filter, 1);
      f->name = g_ascii_strdown (t->text, -1);
      f->args = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_expr_free);
      if (filters == NULL)
        filters = g_ptr_array_new_with_free_func (filter_free);
      g_ptr_array_add (filters, f);
      /* A sign is read with its value («|number -1»), so that the format
       * can say what is wrong with it. */
      while (p->error == NULL && peek (p)->type != TOK_PIPE && peek (p)->type != TOK_END)
        g_ptr_array_add (f->args, parse_unary (p));
    }
  return filters;
}

static void
sort_key_free (gpointer data)
{
  SortKey *k = data;

  g_array_unref (k->segments);
  g_clear_pointer (&k->ref, _annalist_path_ref_free);
  g_free (k);
}

static void
loop_free (Loop *loop)
{
  if (loop == NULL)
    return;
  g_clear_pointer (&loop->segments, g_array_unref);
  _annalist_expr_free (loop->from);
  _annalist_expr_free (loop->to);
  _annalist_expr_free (loop->where);
  g_clear_pointer (&loop->sort, g_ptr_array_unref);
  g_clear_pointer (&loop->group, g_array_unref);
  _annalist_expr_free (loop->limit);
  g_free (loop->alias);
  g_clear_pointer (&loop->linked, _annalist_path_ref_free);
  g_clear_pointer (&loop->group_ref, _annalist_path_ref_free);
  g_free (loop);
}

static Loop *
parse_loop (Parser *p)
{
  Loop *loop = g_new0 (Loop, 1);

  if ((is_keyword (peek (p), "year") || is_keyword (peek (p), "years")) &&
      is_keyword (peek_at (p, 1), "from"))
    {
      advance (p);
      advance (p);
      loop->type = SOURCE_YEARS;
      loop->from = parse_add (p);
      if (!is_keyword (peek (p), "to"))
        fail (p, _("“to” is missing: year from A to B"));
      else
        {
          advance (p);
          loop->to = parse_add (p);
        }
    }
  else
    {
      loop->type = SOURCE_KIND;
      loop->segments = parse_segments (p);
    }

  while (p->error == NULL && peek (p)->type != TOK_END)
    {
      Token *t = peek (p);

      if (is_keyword (t, "where") && loop->where == NULL)
        {
          advance (p);
          loop->where = parse_expr (p);
        }
      else if (is_keyword (t, "sort") && loop->sort == NULL)
        {
          advance (p);
          if (is_keyword (peek (p), "by"))
            advance (p);
          loop->sort = g_ptr_array_new_with_free_func (sort_key_free);
          for (;;)
            {
              SortKey *k = g_new0 (SortKey, 1);

              k->segments = parse_segments (p);
              g_ptr_array_add (loop->sort, k);
              if (is_keyword (peek (p), "desc"))
                {
                  advance (p);
                  k->descending = TRUE;
                }
              else if (is_keyword (peek (p), "asc"))
                advance (p);
              if (p->error != NULL || peek (p)->type != TOK_COMMA)
                break;
              advance (p);
            }
        }
      else if (is_keyword (t, "group") && loop->group == NULL)
        {
          advance (p);
          if (is_keyword (peek (p), "by"))
            advance (p);
          loop->group = parse_segments (p);
        }
      else if (is_keyword (t, "limit") && loop->limit == NULL)
        {
          advance (p);
          loop->limit = parse_add (p);
        }
      else if (is_keyword (t, "as") && loop->alias == NULL)
        {
          advance (p);
          if (peek (p)->type != TOK_WORD)
            fail (p, _("a name is missing after “as”"));
          else
            loop->alias = g_strdup (advance (p)->text);
        }
      else if (parse_any_year (p))
        loop->any_year = TRUE;
      else
        {
          g_autofree char *typed = token_text (t);
          fail (p, _("“%s” is not understood here: a loop takes where, sort, group, limit and as"), typed);
        }
    }
  return loop;
}

Tag *
_annalist_tag_parse (const char  *content,
                     gsize        length,
                     GError     **error)
{
  g_auto(Tokens) tokens = { 0 };
  Parser p = { &tokens, 0, NULL };
  Tag *tag = g_new0 (Tag, 1);
  Token *t;

  if (!tokenize (content, length, &tokens, error))
    {
      _annalist_tag_free (tag);
      return NULL;
    }
  /* The longest placeholder of the built-in templates has some seventy
   * tokens. A bound keeps the parser's recursion (parentheses, «not»,
   * «-») and the expression's depth far from the stack's end. */
  if (tokens.len - 1 > MAX_TOKENS)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("the placeholder has more than %d names, values and signs: split it into "
                     "several"),
                   MAX_TOKENS);
      _annalist_tag_free (tag);
      return NULL;
    }

  t = peek (&p);
  if (t->type == TOK_END)
    fail (&p, _("the placeholder is empty"));
  else if (t->type == TOK_HASH && peek_at (&p, 1)->type == TOK_END)
    {
      tag->type = TAG_VALUE;
      tag->expr = parse_primary (&p);
      tag->filters = parse_filters (&p);
    }
  else if (t->type == TOK_HASH)
    {
      Token *word;

      advance (&p);
      word = advance (&p);
      if (is_keyword (word, "each") || is_keyword (word, "for"))
        {
          tag->type = TAG_EACH;
          tag->loop = parse_loop (&p);
        }
      else if (is_keyword (word, "if"))
        {
          tag->type = TAG_IF;
          tag->expr = parse_expr (&p);
        }
      else
        {
          g_autofree char *shown = token_text (word);
          fail (&p, _("“#%s” is not known: write #each or #if"), shown);
        }
    }
  else if (t->type == TOK_SLASH)
    {
      Token *word;

      advance (&p);
      word = advance (&p);
      if (is_keyword (word, "each") || is_keyword (word, "for"))
        tag->type = TAG_END_EACH;
      else if (is_keyword (word, "if"))
        tag->type = TAG_END_IF;
      else
        {
          g_autofree char *shown = token_text (word);
          fail (&p, _("“/%s” is not known: write /each or /if"), shown);
        }
    }
  else if (is_keyword (t, "else") && peek_at (&p, 1)->type == TOK_END)
    {
      advance (&p);
      tag->type = TAG_ELSE;
    }
  else if (is_keyword (t, "chart") && peek_at (&p, 1)->type == TOK_WORD)
    {
      advance (&p);
      tag->type = TAG_BLOCK;
      tag->block = g_ascii_strdown (advance (&p)->text, -1);
      tag->args = g_ptr_array_new_with_free_func ((GDestroyNotify) _annalist_expr_free);
      while (p.error == NULL && peek (&p)->type != TOK_END)
        g_ptr_array_add (tag->args, parse_primary (&p));
    }
  else
    {
      tag->type = TAG_VALUE;
      tag->expr = parse_expr (&p);
      tag->filters = parse_filters (&p);
    }

  if (p.error == NULL && peek (&p)->type != TOK_END)
    {
      g_autofree char *shown = token_text (peek (&p));
      fail (&p, _("“%s” is not understood here"), shown);
    }

  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      _annalist_tag_free (tag);
      return NULL;
    }
  return tag;
}

void
_annalist_tag_free (Tag *tag)
{
  if (tag == NULL)
    return;
  g_free (tag->typed);
  g_free (tag->where.heading);
  g_free (tag->where.table);
  _annalist_expr_free (tag->expr);
  g_clear_pointer (&tag->filters, g_ptr_array_unref);
  loop_free (tag->loop);
  g_free (tag->block);
  g_clear_pointer (&tag->args, g_ptr_array_unref);
  g_free (tag);
}
