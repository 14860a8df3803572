/* annalist-field.c — checking, parsing and formatting one field's value
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-field"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-field.h"

gboolean
annalist_field_is_stored (const AnnalistField *field)
{
  /* Lists of organisations live in their junction table. */
  return field->type != ANNALIST_FIELD_REFERENCES;
}

char **
annalist_field_fills (const AnnalistField *field)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(GStrvBuilder) pairs = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  if (field->fills == NULL)
    return NULL;

  pairs = g_strv_builder_new ();
  items = g_strsplit (field->fills, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) sides = g_strsplit (items[i], "=", 2);
      const char *own = g_strstrip (sides[0]);
      const char *target = sides[1] != NULL ? g_strstrip (sides[1]) : own;

      if (*own == '\0')
        continue;
      g_strv_builder_add (pairs, own);
      g_strv_builder_add (pairs, target);
    }
  return g_strv_builder_end (pairs);
}

const char *
annalist_field_variant_type (const AnnalistField *field)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
    case ANNALIST_FIELD_DATE:
      return "s";
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_YEAR:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      return "x";
    case ANNALIST_FIELD_REAL:
      return "d";
    case ANNALIST_FIELD_BOOLEAN:
      return "b";
    case ANNALIST_FIELD_REFERENCES:
      return "ax";
    default:
      g_assert_not_reached ();
    }
}

char *
annalist_format_number (double value,
                        int    decimals)
{
  char format[16];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;
  int places = decimals < 0 ? 2 : MIN (decimals, 6);
  double scale = pow (10, places);
  double rounded;

  if (!isfinite (value))
    return g_strdup ("–");
  /* A small negative number rounds to -0: «0,00», not «-0,00». */
  rounded = round (value * scale) / scale;
  if (rounded == 0)
    rounded = 0;
  g_snprintf (format, sizeof format, "%%.%df", places);
  g_ascii_formatd (buf, sizeof buf, format, rounded);
  p = strchr (buf, '.');
  if (p != NULL)
    {
      if (decimals < 0)
        {
          char *end = buf + strlen (buf) - 1;

          while (end > p && *end == '0')
            *end-- = '\0';
          if (end == p)
            *p = '\0';
        }
      if (*p == '.')
        *p = ',';
    }
  return g_strdup (buf);
}

char *
annalist_format_exact (double value,
                       char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  /* Fifteen significant digits always read back as a double that has no
   * more; seventeen always read back as the same double. */
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return buf;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;


  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID, message);
  return FALSE;
}

gboolean
annalist_field_check (const AnnalistField *field,
                      GVariant            *value,
                      GError             **error)
{

  /* The label is translated only for a sentence: an import checks
   * every cell of 100 000 rows. */
  g_return_val_if_fail (field != NULL, FALSE);


  if (value == NULL)
    {
      if (field->flags & ANNALIST_FIELD_REQUIRED)
        /* Translators: %s is the name of a field of a form */
        return invalid (error, _("“%s” must be filled in."), _(field->label));
      return TRUE;
    }

  g_return_val_if_fail (g_variant_is_of_type (value,
                                              G_VARIANT_TYPE (annalist_field_variant_type (field))),
                        FALSE);

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
      {
        const char *text = g_variant_get_string (value, NULL);
        g_autofree char *trimmed = g_strstrip (g_strdup (text));

        if (!g_utf8_validate (text, -1, NULL))
          return invalid (error, _("“%s” contains characters that are not text."), _(field->label));
        if (*trimmed == '\0' && (field->flags & ANNALIST_FIELD_REQUIRED))
          return invalid (error, _("“%s” must be filled in."), _(field->label));
        if (field->max > 0 && g_utf8_strlen (text, -1) > (glong) field->max)
          return invalid (error, _("“%s” is longer than %.0f characters."), _(field->label), field->max);
        return TRUE;
      }

    case ANNALIST_FIELD_DATE:
      {
        GDate date;

        const char *text = g_variant_get_string (value, NULL);

        if (annalist_date_is_impossible (text))
          /* Translators: %s are a field's label and the date as typed */
          return invalid (error, _("“%s” holds a date that does not exist: %s."),
                          _(field->label), text);
        if (!annalist_date_parse (text, &date))
          return invalid (error, _("“%s” must be a date written as DD.MM.YYYY."), _(field->label));
        return TRUE;
      }

    case ANNALIST_FIELD_YEAR:
      {
        gint64 year = g_variant_get_int64 (value);

        if (year < ANNALIST_YEAR_MIN || year > ANNALIST_YEAR_MAX)
          return invalid (error, _("“%s” must be an academic year between %d-%d and %d-%d."),
                          _(field->label), ANNALIST_YEAR_MIN, ANNALIST_YEAR_MIN + 1,
                          ANNALIST_YEAR_MAX, ANNALIST_YEAR_MAX + 1);
        return TRUE;
      }

    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_REAL:
      {
        double number = field->type == ANNALIST_FIELD_REAL
          ? g_variant_get_double (value)
          : (double) g_variant_get_int64 (value);

        if (isnan (number) || isinf (number))
          return invalid (error, _("“%s” must be a number."), _(field->label));
        if (number < field->min)
          {
            g_autofree char *bound = annalist_format_number (field->min, -1);

            if (field->min == 0)
              /* Translators: %s is a field name such as «Количество
               * участников»; the sentence reads «Количество участников не
               * может быть отрицательным» */
              return invalid (error, _("%s cannot be negative."), _(field->label));
            return invalid (error, _("“%s” must be at least %s."), _(field->label), bound);
          }
        if (field->max > field->min && number > field->max)
          {
            g_autofree char *bound = annalist_format_number (field->max, -1);
            return invalid (error, _("“%s” must be at most %s."), _(field->label), bound);
          }
        return TRUE;
      }

    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      if (g_variant_get_int64 (value) <= 0)
        return invalid (error, _("“%s” must be chosen from the list."), _(field->label));
      return TRUE;

    case ANNALIST_FIELD_REFERENCES:
      if (g_variant_n_children (value) == 0 && (field->flags & ANNALIST_FIELD_REQUIRED))
        return invalid (error, _("“%s” must name at least one organisation."), _(field->label));
      return TRUE;

    case ANNALIST_FIELD_BOOLEAN:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  g_autoptr(GString) compact = g_string_new (NULL);
  char *end = NULL;

  /* People write «1 200» with a space or a no-break space between
   * thousands. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (p[0] == '\xC2' && p[1] == '\xA0')
        {
          p++;
          continue;
        }
      g_string_append_c (compact, *p);
    }

  if (compact->len == 0)
    return FALSE;
  *out = g_ascii_strtoll (compact->str, &end, 10);
  return end != NULL && *end == '\0';
}

gboolean
annalist_field_read (const AnnalistField *field,
                     const char          *text,
                     GVariant           **value,
                     GError             **error)
{
  GError *parse_error = NULL;

  g_return_val_if_fail (value != NULL && *value == NULL, FALSE);

  *value = annalist_field_parse (field, text, &parse_error);
  if (parse_error != NULL)
    {
      g_propagate_error (error, parse_error);
      return FALSE;
    }
  return *value == NULL || annalist_field_check (field, *value, error);
}

GVariant *
annalist_field_parse (const AnnalistField *field,
                      const char          *text,
                      GError             **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*trimmed == '\0' && field->type != ANNALIST_FIELD_REFERENCES)
    {
      if (field->type == ANNALIST_FIELD_BOOLEAN)
        return g_variant_ref_sink (g_variant_new_boolean (FALSE));
      return NULL;
    }

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
      /* Keep the user's own spacing inside the text. */
      return g_variant_ref_sink (g_variant_new_string (text));

    case ANNALIST_FIELD_DATE:
      {
        GDate date;

        /* «31.02.2023» is written right: what is wrong is the day. */
        if (annalist_date_is_impossible (trimmed))
          {
            invalid (error, _("“%s” holds a date that does not exist: %s."),
                     _(field->label), trimmed);
            return NULL;
          }
        if (!annalist_date_parse (trimmed, &date))
          {
            invalid (error, _("“%s” must be a date written as DD.MM.YYYY."), _(field->label));
            return NULL;
          }
        return g_variant_ref_sink (g_variant_new_take_string (annalist_date_to_iso (&date)));
      }

    case ANNALIST_FIELD_YEAR:
      {
        int year;

        if (!annalist_academic_year_parse (trimmed, &year))
          {
            invalid (error, _("“%s” must be an academic year such as 2022-2023."), _(field->label));
            return NULL;
          }
        return g_variant_ref_sink (g_variant_new_int64 (year));
      }

    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      {
        gint64 number;

        if (!parse_int (trimmed, &number))
          {
            invalid (error, _("“%s” must be a whole number."), _(field->label));
            return NULL;
          }
        return g_variant_ref_sink (g_variant_new_int64 (number));
      }

    case ANNALIST_FIELD_REAL:
      {
        g_autofree char *dotted = g_strdelimit (g_strdup (trimmed), ",", '.');
        char *end = NULL;
        double number = g_ascii_strtod (dotted, &end);

        if (end == NULL || *end != '\0' || end == dotted)
          {
            invalid (error, _("“%s” must be a number."), _(field->label));
            return NULL;
          }
        return g_variant_ref_sink (g_variant_new_double (number));
      }

    case ANNALIST_FIELD_BOOLEAN:
      {
        static const char * const yes[] = { "1", "true", "yes", "да", "Да", NULL };
        return g_variant_ref_sink (g_variant_new_boolean (g_strv_contains (yes, trimmed)));
      }

    case ANNALIST_FIELD_REFERENCES:
      {
        g_auto(GStrv) parts = g_strsplit_set (trimmed, ",; ", -1);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

        for (guint i = 0; parts[i] != NULL; i++)
          {
            gint64 id;

            if (*parts[i] == '\0')
              continue;
            if (!parse_int (parts[i], &id) || id <= 0)
              {
                invalid (error, _("“%s” must be a list of record numbers."), _(field->label));
                return NULL;
              }
            g_array_append_val (ids, id);
          }
        return g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                              ids->data, ids->len,
                                                              sizeof (gint64)));
      }

    default:
      g_assert_not_reached ();
    }
}

char *
annalist_field_format (const AnnalistField *field,
                       GVariant            *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return g_strdup ("");

  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
      return g_variant_dup_string (value, NULL);
    case ANNALIST_FIELD_DATE:
      return annalist_date_format (g_variant_get_string (value, NULL));
    case ANNALIST_FIELD_YEAR:
      return annalist_academic_year_label ((int) g_variant_get_int64 (value));
    case ANNALIST_FIELD_INTEGER:
    case ANNALIST_FIELD_DICTIONARY:
    case ANNALIST_FIELD_REFERENCE:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (value));
    case ANNALIST_FIELD_REAL:
      return annalist_format_number (g_variant_get_double (value), -1);
    case ANNALIST_FIELD_BOOLEAN:
      return g_strdup (g_variant_get_boolean (value) ? _("Yes") : _("No"));
    case ANNALIST_FIELD_REFERENCES:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        gsize n = 0;
        const gint64 *ids = g_variant_get_fixed_array (value, &n, sizeof (gint64));

        for (gsize i = 0; i < n; i++)
          g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? ", " : "", ids[i]);
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    default:
      g_assert_not_reached ();
    }
}
