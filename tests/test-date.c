/* test-date.c — dates as people write them, academic years
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "annalist-date.h"

static void
test_parse (void)
{
  GDate date;
  g_autofree char *iso = NULL;

  g_assert_true (annalist_date_parse ("05.06.2023", &date));
  iso = annalist_date_to_iso (&date);
  g_assert_cmpstr (iso, ==, "2023-06-05");

  g_assert_true (annalist_date_parse (" 5.6.2023 ", &date));
  g_assert_cmpint (g_date_get_day (&date), ==, 5);
  g_assert_true (annalist_date_parse ("2024-02-29", &date));

  g_assert_false (annalist_date_parse ("2023-02-29", &date));
  g_assert_false (annalist_date_parse ("31.04.2023", &date));
  g_assert_false (annalist_date_parse ("05.06.23", &date));
  g_assert_false (annalist_date_parse ("05.06.2023x", &date));
  g_assert_false (annalist_date_parse ("Ноябрь – апрель", &date));
  g_assert_false (annalist_date_parse ("", &date));
  g_assert_false (annalist_date_parse (NULL, &date));
}

/* Written as a date, but no such day: told apart from what is not a date. */
static void
test_impossible (void)
{
  g_assert_true (annalist_date_is_impossible ("31.02.2023"));
  g_assert_true (annalist_date_is_impossible (" 29.2.2023 "));
  g_assert_true (annalist_date_is_impossible ("2023-04-31"));
  g_assert_true (annalist_date_is_impossible ("00.06.2023"));
  g_assert_true (annalist_date_is_impossible ("05.13.2023"));
  g_assert_false (annalist_date_is_impossible ("29.02.2024"));
  g_assert_false (annalist_date_is_impossible ("05.06.23"));
  g_assert_false (annalist_date_is_impossible ("31.02.2023x"));
  g_assert_false (annalist_date_is_impossible ("Ноябрь – апрель"));
  g_assert_false (annalist_date_is_impossible (""));
  g_assert_false (annalist_date_is_impossible (NULL));
}

static void
test_format (void)
{
  g_autofree char *a = annalist_date_format ("2023-06-05");
  g_autofree char *b = annalist_date_format ("not a date");

  g_assert_cmpstr (a, ==, "05.06.2023");
  g_assert_cmpstr (b, ==, "not a date");
}

static void
test_academic_year_boundaries (void)
{
  /* 31 August still belongs to the year that began the September before;
   * 1 September begins the next one. */
  g_assert_cmpint (annalist_iso_academic_year ("2023-08-31"), ==, 2022);
  g_assert_cmpint (annalist_iso_academic_year ("2023-09-01"), ==, 2023);
  g_assert_cmpint (annalist_iso_academic_year ("2022-09-01"), ==, 2022);
  g_assert_cmpint (annalist_iso_academic_year ("2022-08-31"), ==, 2021);
  g_assert_cmpint (annalist_iso_academic_year ("2023-01-01"), ==, 2022);
  g_assert_cmpint (annalist_iso_academic_year ("2023-12-31"), ==, 2023);
  g_assert_cmpint (annalist_iso_academic_year ("garbage"), ==, 0);
}

static void
test_academic_year_labels (void)
{
  g_autofree char *label = annalist_academic_year_label (2022);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  int year = 0;

  g_assert_cmpstr (label, ==, "2022-2023");

  g_assert_true (annalist_academic_year_parse ("2022-2023", &year));
  g_assert_cmpint (year, ==, 2022);
  g_assert_true (annalist_academic_year_parse ("2021/2022", &year));
  g_assert_cmpint (year, ==, 2021);
  g_assert_true (annalist_academic_year_parse ("2020–2021", &year));
  g_assert_cmpint (year, ==, 2020);
  g_assert_true (annalist_academic_year_parse ("2019", &year));
  g_assert_cmpint (year, ==, 2019);

  g_assert_false (annalist_academic_year_parse ("2022-2024", &year));
  g_assert_false (annalist_academic_year_parse ("22-23", &year));
  g_assert_false (annalist_academic_year_parse ("1800-1801", &year));
  g_assert_false (annalist_academic_year_parse ("2022-2023 год", &year));

  annalist_academic_year_bounds (2022, &first, &last);
  g_assert_cmpstr (first, ==, "2022-09-01");
  g_assert_cmpstr (last, ==, "2023-08-31");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse", test_parse);
  g_test_add_func ("/date/impossible", test_impossible);
  g_test_add_func ("/date/format", test_format);
  g_test_add_func ("/date/academic-year-boundaries", test_academic_year_boundaries);
  g_test_add_func ("/date/academic-year-labels", test_academic_year_labels);

  return g_test_run ();
}
