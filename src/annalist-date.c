/* annalist-date.c — dates as Russian documents write them, academic years
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-date"

#include "annalist-date.h"

#include <stdio.h>
#include <string.h>

static gboolean
parse_numbers (const char *text,
               char        separator,
               guint      *a,
               guint      *b,
               guint      *c)
{
  char sep1 = 0, sep2 = 0;
  int consumed = 0;

  if (sscanf (text, "%u%c%u%c%u%n", a, &sep1, b, &sep2, c, &consumed) != 5)
    return FALSE;

  return sep1 == separator && sep2 == separator && text[consumed] == '\0';
}

/*
 * Accepts what people type and what the store keeps: «05.06.2023»,
 * «5.6.2023» and «2023-06-05». Surrounding white space is ignored.
 * Returns FALSE for anything that is not a real calendar day.
 */
gboolean
annalist_date_parse (const char *text,
                     GDate      *date)
{
  g_autofree char *trimmed = NULL;
  guint day, month, year;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));

  if (parse_numbers (trimmed, '.', &day, &month, &year))
    ;
  else if (parse_numbers (trimmed, '-', &year, &month, &day))
    ;
  else
    return FALSE;

  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/*
 * TRUE for a date written the way annalist_date_parse () reads, whose
 * day the calendar does not have: «31.02.2023», «2023-02-29». Such a
 * value is told so rather than said to be in the wrong form.
 */
gboolean
annalist_date_is_impossible (const char *text)
{
  g_autofree char *trimmed = NULL;
  guint day, month, year;
  GDate date;

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (!parse_numbers (trimmed, '.', &day, &month, &year) &&
      !parse_numbers (trimmed, '-', &year, &month, &day))
    return FALSE;
  return year >= 1000 && year <= 9999 && !annalist_date_parse (trimmed, &date);
}

char *
annalist_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/* «2023-06-05» → «05.06.2023»; anything unparsable is returned as it is. */
char *
annalist_date_format (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return g_strdup ("");
  if (!annalist_date_parse (iso, &date))
    return g_strdup (iso);

  return g_strdup_printf ("%02u.%02u.%04u",
                          g_date_get_day (&date),
                          g_date_get_month (&date),
                          g_date_get_year (&date));
}

int
annalist_date_academic_year (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  if (g_date_get_month (date) >= G_DATE_SEPTEMBER)
    return g_date_get_year (date);
  return g_date_get_year (date) - 1;
}

/* Returns 0 when @iso is not a date. */
int
annalist_iso_academic_year (const char *iso)
{
  GDate date;

  if (!annalist_date_parse (iso, &date))
    return 0;
  return annalist_date_academic_year (&date);
}

int
annalist_academic_year_current (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);

  return g_date_time_get_month (now) >= 9 ? year : year - 1;
}

char *
annalist_academic_year_label (int year)
{
  return g_strdup_printf ("%d-%d", year, year + 1);
}

/*
 * «2022-2023», «2022/2023», «2022–2023» (en dash) or just «2022». The second
 * year, when given, must follow the first.
 */
gboolean
annalist_academic_year_parse (const char *text,
                              int        *year)
{
  g_autofree char *trimmed = NULL;
  char *end = NULL;
  gint64 first, second;

  g_return_val_if_fail (year != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));

  if (!g_ascii_isdigit (trimmed[0]))
    return FALSE;
  first = g_ascii_strtoll (trimmed, &end, 10);
  if (end - trimmed != 4 || first < ANNALIST_YEAR_MIN || first > ANNALIST_YEAR_MAX)
    return FALSE;

  if (*end != '\0')
    {
      if (*end == '-' || *end == '/')
        end += 1;
      else if (g_str_has_prefix (end, "–"))
        end += strlen ("–");
      else
        return FALSE;

      if (!g_ascii_isdigit (*end))
        return FALSE;
      second = g_ascii_strtoll (end, &end, 10);
      if (*end != '\0' || second != first + 1)
        return FALSE;
    }

  *year = (int) first;
  return TRUE;
}

void
annalist_academic_year_bounds (int    year,
                               char **first_iso,
                               char **last_iso)
{
  if (first_iso != NULL)
    *first_iso = g_strdup_printf ("%04d-09-01", year);
  if (last_iso != NULL)
    *last_iso = g_strdup_printf ("%04d-08-31", year + 1);
}

char *
annalist_time_stamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = time != NULL ? g_date_time_to_utc (time) : g_date_time_new_now_utc ();

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}
