/* test-report.c — documents written from templates, whole
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The annual report of the sample district from its built-in template
 * (its text against the earlier export is checked by
 * check-annual-report.py), a template a user made in LibreOffice Writer,
 * the user's templates in the database, and the command line with every
 * mistake it must answer with one sentence and no file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"
#include "odf-check.h"

static char *dir;
static char *database;
static AnnalistStore *store;

static char *
path_in (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The annual report ---------------------------------------------------------------- */

static char *
export_report (const char *name)
{
  g_autoptr(AnnalistTemplate) report = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .year = 2022 };
  char *path = path_in (name);

  report = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (report, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_report_package (void)
{
  g_autofree char *path = export_report ("report.odt");
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) parts = read_zip (path, &order);
  g_autofree char *unpacked = path_in ("report-parts");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  xmlDocPtr content;

  /* mimetype first and stored, pictures stored, text deflated. */
  check_package_layout (path);
  g_assert_true (g_hash_table_contains (parts, "Object 1/content.xml"));
  g_assert_true (g_hash_table_contains (parts, "ObjectReplacements/Object 1"));

  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  /* 22 captioned tables numbered 1…22, a figure, a table of contents
   * with an entry for each heading. */
  g_assert_cmpfloat (xpath_number (content, "count(//text:sequence[@text:name='Таблица'])"), ==, 22);
  g_assert_cmpfloat (xpath_number (content, "number((//text:sequence[@text:name='Таблица'])[22])"), ==, 22);
  g_assert_cmpfloat (xpath_number (content, "count(//draw:object)"), ==, 1);
  g_assert_cmpfloat (xpath_number (content, "count(//text:index-body/text:p)"), ==,
                     xpath_number (content, "count(//text:h)"));
  /* Each entry's page number is a page reference to a bookmark in its
   * heading, so Writer prints the contents with their pages. */
  g_assert_cmpfloat (xpath_number (content, "count(//text:index-body/text:p/text:bookmark-ref"
                                            "[@text:reference-format='page'])"), ==,
                     xpath_number (content, "count(//text:h)"));
  g_assert_cmpfloat (xpath_number (content, "count(//text:index-body/text:p/text:bookmark-ref"
                                            "[@text:ref-name = //text:h/text:bookmark/@text:name])"), ==,
                     xpath_number (content, "count(//text:h)"));
  /* Figures in cells are numbers: the programmes' hours. */
  g_assert_cmpfloat (xpath_number (content, "count(//table:table[@table:name='Programmes']"
                                            "//table:table-cell[@office:value-type='float'])"), >=, 12);
  /* No placeholder is left, nothing of the engine's own namespace. */
  {
    g_autofree char *text = xpath_string (content, "string(//office:text)");
    g_assert_null (strstr (text, "{{"));
  }
  g_assert_cmpuint (check_tables (content), >, 20);
  check_cross_references (content);
  xmlFreeDoc (content);

  if (have_jing ())
    {
      static const char * const names[] = { "content.xml", "styles.xml", "meta.xml" };

      g_mkdir_with_parents (unpacked, 0700);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        write_part (unpacked, names[i], g_hash_table_lookup (parts, names[i]), files);
      g_ptr_array_add (files, NULL);
      assert_valid (SCHEMA, (const char * const *) files->pdata);
      g_ptr_array_set_size (files, 0);
      write_part (unpacked, "manifest.xml", g_hash_table_lookup (parts, "META-INF/manifest.xml"), files);
      g_ptr_array_add (files, NULL);
      assert_valid (MANIFEST, (const char * const *) files->pdata);
    }
}

static void
test_report_flat (void)
{
  g_autofree char *path = export_report ("report.fodt");
  const char *files[] = { path, NULL };

  if (have_jing ())
    assert_valid (SCHEMA, files);
}

/* The annual report's words for a status kind are data: a region that
 * calls its regional sites «КИП» renames the kind, and every regional site
 * stays in its table, every figure as it was; only the words change. */
static void
test_report_status_renamed (void)
{
  g_autofree char *before_path = export_report ("report-rip.fodt");
  g_autofree char *after_path = NULL;
  g_autoptr(GPtrArray) before = document_lines (before_path);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0, regional = 0;

  g_assert_true (annalist_store_exec (store,
                                      "UPDATE status_kind SET name = 'Краевая инновационная площадка', "
                                      "short_name = 'КИП' WHERE short_name = 'РИП'", &error));
  g_assert_no_error (error);
  after_path = export_report ("report-kip.fodt");
  after = document_lines (after_path);
  g_assert_true (annalist_store_exec (store,
                                      "UPDATE status_kind SET name = 'Региональная инновационная площадка', "
                                      "short_name = 'РИП' WHERE short_name = 'КИП'", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      const char *was = g_ptr_array_index (before, i);
      g_autoptr(GString) now = g_string_new (g_ptr_array_index (after, i));

      if (strcmp (was, now->str) == 0)
        continue;
      changed++;
      regional += strstr (now->str, "Краевая инновационная площадка по теме") != NULL;
      g_string_replace (now, "Краевая инновационная площадка", "Региональная инновационная площадка", 0);
      g_string_replace (now, "краевая инновационная площадка", "региональная инновационная площадка", 0);
      g_string_replace (now, "КИП", "РИП", 0);
      g_assert_cmpstr (now->str, ==, was);
    }
  /* The summary's column, the abbreviation, the seven regional sites. */
  g_assert_cmpuint (regional, ==, 7);
  g_assert_cmpuint (changed, ==, 9);
}

/* The same for the kinds of events, indicators and content the report
 * has sections for: renaming «Семинар» and «участники стажировок» moves
 * nothing and changes no figure. */
static void
test_report_event_kind_renamed (void)
{
  g_autofree char *before_path = export_report ("report-seminar.fodt");
  g_autofree char *after_path = NULL;
  g_autoptr(GPtrArray) before = document_lines (before_path);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_store_exec (store,
                                      "UPDATE event_kind SET name = 'Практикум', short_name = 'практикум' "
                                      "WHERE code = 'seminar';"
                                      "UPDATE figure_kind SET name = 'Стажёры', short_name = 'стажёры' "
                                      "WHERE code = 'internship_participants';"
                                      "UPDATE content_kind SET name = 'ЭУМ', short_name = 'ЭУМ' WHERE code = 'module'",
                                      &error));
  g_assert_no_error (error);
  after_path = export_report ("report-practicum.fodt");
  after = document_lines (after_path);
  g_assert_true (annalist_store_exec (store,
                                      "UPDATE event_kind SET name = 'Семинар', short_name = 'семинар' "
                                      "WHERE code = 'seminar';"
                                      "UPDATE figure_kind SET name = 'Количество участников стажировок', "
                                      "short_name = 'участники стажировок' WHERE code = 'internship_participants';"
                                      "UPDATE content_kind SET name = 'Электронный образовательный модуль', "
                                      "short_name = 'ЭОМ' WHERE code = 'module'",
                                      &error));
  g_assert_no_error (error);

  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
}

/* Whether the table row @heading of @lines (a kind spanning the row) is
 * followed by the row @row. */
static gboolean
has_row_under (GPtrArray  *lines,
               const char *heading,
               const char *row)
{
  for (guint i = 0; i + 1 < lines->len; i++)
    if (strcmp (g_ptr_array_index (lines, i), heading) == 0)
      return strcmp (g_ptr_array_index (lines, i + 1), row) == 0;
  return FALSE;
}

/* An event of a kind the report has no section for, even one the user
 * added, is in the table of other events, and only there, under its
 * kind's name. */
static void
test_report_other_events (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint rows = 0, seen = 0;

  g_assert_true (annalist_store_exec (store,
                                      "INSERT INTO event_kind (name) VALUES ('Педагогическая гостиная');"
                                      "INSERT INTO event (academic_year, kind_id, title, date_start, participants) VALUES "
                                      "(2022, (SELECT id FROM event_kind WHERE name = 'Педагогическая гостиная'), "
                                      "'Встреча инновационных команд', '2023-02-14', 31);"
                                      "INSERT INTO event (academic_year, kind_id, title, date_start) VALUES "
                                      "(2022, (SELECT id FROM event_kind WHERE name = 'Круглый стол'), "
                                      "'Сетевые проекты района', '2023-03-01');", &error));
  g_assert_no_error (error);
  path = export_report ("report-other-events.fodt");
  lines = document_lines (path);
  g_assert_true (annalist_store_exec (store,
                                      "DELETE FROM event WHERE title IN ('Встреча инновационных команд', 'Сетевые проекты района');"
                                      "DELETE FROM event_kind WHERE name = 'Педагогическая гостиная';", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      seen += strstr (line, "Встреча инновационных команд") != NULL;
      seen += strstr (line, "Сетевые проекты района") != NULL;
      if (strcmp (line, "R\t№\tМероприятие\tДата проведения\tКатегория кадров\tОрганизаторы\tКол-во человек") == 0)
        {
          for (guint j = i + 1; j < lines->len && g_str_has_prefix (g_ptr_array_index (lines, j), "R\t"); j++)
            rows++;
        }
    }
  g_assert_cmpuint (seen, ==, 2);
  g_assert_true (has_row_under (lines, "R\tПедагогическая гостиная",
                                "R\t1.\tВстреча инновационных команд\t14.02.2023\t\t\t31 чел."));
  g_assert_true (has_row_under (lines, "R\tКруглый стол", "R\t1.\tСетевые проекты района\t01.03.2023\t\t\t"));
  /* Three kinds, with the sample's consultations for the Forum. */
  g_assert_cmpuint (rows, ==, 6);
}

/* The rows of the table whose header row starts with @header. */
static GPtrArray *
table_after (GPtrArray  *lines,
             const char *header)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), header))
      {
        for (guint j = i; j < lines->len && g_str_has_prefix (g_ptr_array_index (lines, j), "R\t"); j++)
          g_ptr_array_add (rows, g_ptr_array_index (lines, j));
        break;
      }
  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The sites' rows without their running numbers, sorted. */
static char *
site_rows (GPtrArray *lines)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *tab = g_str_has_prefix (line, "R\t") ? strchr (line + 2, '\t') : NULL;

      if (tab != NULL && strstr (tab, " по теме ") != NULL)
        g_ptr_array_add (rows, (char *) tab + 1);
    }
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* «Сведения об инновационной инфраструктуре»: valid ODF, the annual
 * report's summary table figure for figure, and the same sites. */
static void
test_infrastructure (void)
{
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in ("infrastructure.fodt");
  g_autofree char *report_path = export_report ("report-for-infrastructure.fodt");
  AnnalistDocumentParams params = { .year = 2022 };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) report_lines = document_lines (report_path);
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GPtrArray) report_summary = NULL;
  g_autofree char *sites = NULL;
  g_autofree char *report_sites = NULL;
  const char *files[] = { path, NULL };

  tmpl = annalist_documents_open (store, ANNALIST_DOCUMENT_INFRASTRUCTURE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (annalist_template_get_title (tmpl), ==, "Сведения об инновационной инфраструктуре");
  g_assert_cmpint (annalist_template_get_params (tmpl), ==, ANNALIST_TEMPLATE_PARAM_YEAR);
  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  if (have_jing ())
    assert_valid (SCHEMA, files);

  lines = document_lines (path);
  summary = table_after (lines, "R\tТипы ОУ\t");
  report_summary = table_after (report_lines, "R\tТипы ОУ\t");
  /* The header, ДОУ, ООУ, УДО and the total: 44 organisations, 34,4 %. */
  g_assert_cmpuint (summary->len, ==, 5);
  g_assert_cmpuint (summary->len, ==, report_summary->len);
  for (guint i = 0; i < summary->len; i++)
    g_assert_cmpstr (g_ptr_array_index (summary, i), ==, g_ptr_array_index (report_summary, i));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (summary, 4), "R\tИтого\t"));
  g_assert_nonnull (strstr (g_ptr_array_index (summary, 4), "\t44\t34,4"));

  /* Every site of the annual report's lists, once, and nothing else. */
  sites = site_rows (lines);
  report_sites = site_rows (report_lines);
  g_assert_cmpstr (sites, ==, report_sites);
  {
    guint n = 0;

    for (const char *p = sites; (p = strchr (p, '\n')) != NULL; p++)
      n++;
    g_assert_cmpuint (n, ==, 57);
  }
  /* Nothing of the rest of the annual report. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_null (strstr (line, "Динамика"));
      g_assert_null (strstr (line, "сетев"));
      g_assert_false (g_str_has_prefix (line, "H2"));
    }
}

/* The text of page @page of @pdf, as poppler reads it, or of every page
 * when @page is 0, in the order it was laid out (`-raw`: a hyphenated
 * line followed by the rest of its word, not by a column beside it); NULL (the test skipped, or failed in CI) without
 * pdftotext. */
static char *
pdf_page_text (const char *pdf,
               guint       page)
{
  g_autofree char *pdftotext = find_tool ("pdftotext", "poppler-utils");
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { pdftotext, "-f", number, "-l", number, pdf, "-", NULL };
  const char *all[] = { pdftotext, "-raw", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int status = 0;

  if (pdftotext == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) (page > 0 ? argv : all), NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* LibreOffice opens what was written and lays it out into pages: the
 * PDF it made, or NULL when it is not installed. */
static char *
convert_with_libreoffice (const char *path)
{
  g_autofree char *profile = path_in ("lo-profile");
  g_autofree char *out_dir = path_in ("pdf");
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *paths[] = { path, NULL };

  if (!lo_convert (profile, "pdf", out_dir, paths))
    return NULL;
  *strrchr (base, '.') = '\0';
  pdf = g_strconcat (out_dir, G_DIR_SEPARATOR_S, base, ".pdf", NULL);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  return g_steal_pointer (&pdf);
}

/* The Russian hyphenation dictionary LibreOffice reads (Debian's
 * hyphen-ru); NULL, the test skipped or failed in CI, without it. */
static gboolean
have_russian_hyphenation (void)
{
  if (g_file_test ("/usr/share/hyphen/hyph_ru_RU.dic", G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_getenv ("CI") != NULL)
    g_test_fail_printf ("hyph_ru_RU.dic is missing (CI installs hyphen-ru)");
  else
    g_test_skip ("LibreOffice's Russian hyphenation (hyphen-ru) is not installed");
  return FALSE;
}

/* The report carries no soft hyphens of its own: its styles ask for
 * Russian and hyphenation, and the office suite hyphenates. So in the
 * pages LibreOffice laid out, some line ends in a word's first part and a
 * hyphen that the document's text does not have (the two parts joined
 * are in content.xml as one word): a real hyphen, «октябре-декабре», would
 * not count. */
static void
assert_hyphenated (const char *odt,
                   const char *pdf)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *content;
  gsize length;
  guint split = 0;

  if (!have_russian_hyphenation () || (text = pdf_page_text (pdf, 0)) == NULL)
    return;
  parts = read_zip (odt, &order);
  content = g_bytes_get_data (g_hash_table_lookup (parts, "content.xml"), &length);
  lines = g_strsplit_set (text, "\n\f", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *end = lines[i] + strlen (lines[i]);
      const char *start;
      const char *next;
      g_autofree char *word = NULL;
      guint j = i + 1;
      gsize head;

      if (end == lines[i] || end[-1] != '-')
        continue;
      /* poppler puts an empty line between a page's blocks of text */
      while (lines[j] != NULL && *lines[j] == '\0')
        j++;
      if (lines[j] == NULL)
        break;
      next = lines[j];
      start = end - 1;
      while (start > lines[i] && g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (start))))
        start = g_utf8_prev_char (start);
      if (start == end - 1 || !g_unichar_islower (g_utf8_get_char (next)))
        continue;
      head = end - 1 - start;
      while (*next != '\0' && g_unichar_isalpha (g_utf8_get_char (next)))
        next = g_utf8_next_char (next);
      word = g_strdup_printf ("%.*s%.*s", (int) head, start,
                              (int) (next - lines[j]), lines[j]);
      if (g_strstr_len (content, length, word) != NULL)
        split++;
    }
  if (split < 10)
    g_test_fail_printf ("only %u words of the report were hyphenated by LibreOffice in %s",
                        split, pdf);
}

static void
test_report_libreoffice (void)
{
  g_autofree char *path = export_report ("report-lo.odt");
  g_autofree char *pdf = convert_with_libreoffice (path);
  g_autofree char *first = pdf ? pdf_page_text (pdf, 1) : NULL;
  g_autofree char *second = first ? pdf_page_text (pdf, 2) : NULL;

  if (second == NULL)
    return;
  /* The title page holds the city and year at its foot whatever the font
   * (CI's LibreOffice has no Times New Roman nor a metric twin: its
   * wider fallback once pushed them onto a page of their own), and the
   * contents begin on the next page. */
  {
    g_auto(GStrv) lines = g_strsplit_set (first, "\n\f", -1);
    const char *last[2] = { NULL, NULL };

    /* The page's last two lines: the founder above and the approval's
     * year also name the city and the year. */
    for (guint i = 0; lines[i] != NULL; i++)
      if (*g_strstrip (lines[i]) != '\0')
        {
          last[0] = last[1];
          last[1] = lines[i];
        }
    g_assert_cmpstr (last[0], ==, "Санкт-Петербург");
    g_assert_cmpstr (last[1], ==, "2023");
  }
  g_assert_null (strstr (first, "Содержание"));
  g_assert_nonnull (strstr (second, "Содержание"));
  assert_hyphenated (path, pdf);
}

/* In a thread, on a connection of its own. */
static void
rendered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_template_render_finish (ANNALIST_TEMPLATE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_report_async (void)
{
  g_autoptr(AnnalistTemplate) report = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, NULL);
  g_autofree char *path = path_in ("async.odt");
  AnnalistDocumentParams params = { .year = 2022 };
  gboolean done = FALSE;

  annalist_template_render_async (report, store, &params, path, NULL, rendered, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* A template made in Writer ---------------------------------------------------- */

/* tests/templates/writer-made.odt is what LibreOffice 7.4 saved of
 * writer-made.fodt: Writer's own styles, revision ids, and placeholders
 * cut across spans («{{ye» + «ar}}», «{{date_» + «start}}»). */
static void
test_writer_made (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "templates", "writer-made.odt", NULL);
  g_autofree char *path = path_in ("writer-made.odt");
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .year = 2022 };
  xmlDocPtr content;
  g_autofree char *heading = NULL;
  g_autofree char *sentence = NULL;

  tmpl = annalist_template_new_for_file (source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (annalist_template_get_title (tmpl), ==, "Семинары года");
  g_assert_cmpint (annalist_template_get_params (tmpl), ==, ANNALIST_TEMPLATE_PARAM_YEAR);
  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GPtrArray) order = NULL;
    parts = read_zip (path, &order);
  }
  content = parse_bytes (g_hash_table_lookup (parts, "content.xml"), "content.xml");
  heading = xpath_string (content, "string(//text:h)");
  g_assert_cmpstr (heading, ==, "Семинары 2022-2023 учебного года");
  sentence = xpath_string (content, "string(//office:text/text:p[1])");
  g_assert_cmpstr (sentence, ==, "Всего проведено 3 семинара, в них участвовало 71 человек.");
  /* The header and a row a seminar, the participants typed as numbers. */
  g_assert_cmpfloat (xpath_number (content, "count(//table:table-row)"), ==, 4);
  g_assert_cmpfloat (xpath_number (content, "sum(//table:table-cell[@office:value-type='float'][last()]/@office:value)"), >=, 71);
  {
    g_autofree char *date = xpath_string (content, "string((//table:table-row)[2]/table:table-cell[3])");
    g_assert_cmpstr (date, ==, "29.09.2022");
  }
  /* A paragraph an organisation with a federal or regional status. */
  g_assert_cmpfloat (xpath_number (content, "count(//office:text/text:p[contains(., ' — ')])"), ==, 8);
  /* Writer's other margins travel with the template. */
  {
    xmlDocPtr styles = parse_bytes (g_hash_table_lookup (parts, "styles.xml"), "styles.xml");
    g_autofree char *margin = xpath_string (styles, "string(//style:page-layout-properties/@fo:margin-left)");
    double cm = g_ascii_strtod (margin, NULL) * (g_str_has_suffix (margin, "in") ? 2.54 : 1);

    /* LibreOffice may write it in inches. */
    g_assert_cmpfloat_with_epsilon (cm, 2.5, 0.01);
    xmlFreeDoc (styles);
  }
  xmlFreeDoc (content);
  g_free (convert_with_libreoffice (path));
}

/* A package with an embedded object (the report's own chart, exported and
 * taken as a template) keeps the object: its files and the manifest entry
 * of its folder, without which LibreOffice does not know it is a chart. */
static void
test_embedded_object (void)
{
  g_autofree char *report = export_report ("chart-source.odt");
  g_autofree char *path = path_in ("chart-copy.odt");
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .year = 2022 };
  xmlDocPtr manifest;

  tmpl = annalist_template_new_for_file (report, &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  parts = read_zip (path, &order);
  g_assert_true (g_hash_table_contains (parts, "Object 1/content.xml"));
  manifest = parse_bytes (g_hash_table_lookup (parts, "META-INF/manifest.xml"), "manifest.xml");
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[@manifest:full-path='Object 1/']"
                                             "[@manifest:media-type='application/vnd.oasis.opendocument.chart'])"), ==, 1);
  g_assert_cmpfloat (xpath_number (manifest, "count(//manifest:file-entry[@manifest:full-path='Object 1/content.xml'])"), ==, 1);
  xmlFreeDoc (manifest);
}

/* A template from another office suite: Word's and OnlyOffice's ODT use
 * none of Writer's styles or revision ids, and an XML writer may give the
 * ODF namespaces other prefixes, or none. The engine goes by namespaces,
 * never by prefixes or style names, and writes ODF's usual prefixes. */
static void
test_other_suite (void)
{
  static const char fodt[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<o:document xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:s=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:t=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:tb=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:w=\"http://example.com/word-extensions\" "
    "o:version=\"1.2\" o:mimetype=\"application/vnd.oasis.opendocument.text\">"
    "<o:automatic-styles><s:style s:name=\"Normal1\" s:family=\"paragraph\"/></o:automatic-styles>"
    "<o:body><o:text>"
    "<t:h t:outline-level=\"1\" t:style-name=\"Normal1\">Семинары {{ye<t:span>ar}}</t:span></t:h>"
    "<t:p t:style-name=\"Normal1\" w:para-id=\"7\">Всего: {{count event where kind = \"Семинар\"}}.</t:p>"
    "<tb:table tb:name=\"Seminars\"><tb:table-column tb:number-columns-repeated=\"2\"/>"
    "<tb:table-row><tb:table-cell><p xmlns=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
    "{{#each event where kind = \"Семинар\" sort date_start}}{{date_start|date}}</p></tb:table-cell>"
    "<tb:table-cell><t:p>{{participants}}{{/each}}</t:p></tb:table-cell></tb:table-row></tb:table>"
    "</o:text></o:body></o:document>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (fodt, sizeof fodt - 1);
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in ("other-suite.fodt");
  AnnalistDocumentParams params = { .year = 2022 };
  g_autofree char *contents = NULL;
  xmlDocPtr doc;

  tmpl = annalist_template_new (bytes, "Из другого редактора", &error);
  g_assert_no_error (error);
  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* ODF's prefixes, the other suite's extension left out. */
  g_assert_nonnull (strstr (contents, "<text:h"));
  g_assert_null (strstr (contents, "<t:"));
  g_assert_null (strstr (contents, "para-id"));
  doc = xmlReadMemory (contents, (int) strlen (contents), "other-suite.fodt", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  {
    g_autofree char *heading = xpath_string (doc, "string(//text:h)");
    g_autofree char *sentence = xpath_string (doc, "string(//office:text/text:p[1])");
    g_autofree char *date = xpath_string (doc, "string((//table:table-row)[1]/table:table-cell[1])");

    g_assert_cmpstr (heading, ==, "Семинары 2022-2023");
    g_assert_cmpstr (sentence, ==, "Всего: 3.");
    g_assert_cmpstr (date, ==, "29.09.2022");
    g_assert_cmpfloat (xpath_number (doc, "count(//table:table-row)"), ==, 3);
  }
  xmlFreeDoc (doc);
  if (have_jing ())
    {
      const char *files[] = { path, NULL };
      assert_valid (SCHEMA, files);
    }
}

/* The user's templates ------------------------------------------------------------- */

static void
test_user_templates (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "templates", "writer-made.fodt", NULL);
  g_autoptr(GBytes) bytes = read_bytes (source);
  static const char broken_text[] =
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:p>{{#each event}}</text:p></office:text></office:body></office:document>";
  g_autoptr(GBytes) broken = g_bytes_new_static (broken_text, strlen (broken_text));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) opened = NULL;
  g_autoptr(GBytes) removed = NULL;
  gint64 id = 0, replacement = 0;
  guint n_builtin = 0;

  g_assert_true (annalist_documents_save (store, "Семинары", NULL, 0, "writer-made.fodt", bytes, &id, &error));
  g_assert_no_error (error);
  list = annalist_documents_list (store, &error);
  g_assert_no_error (error);
  /* The built-in templates, then the user's. */
  while (n_builtin < list->len && ((AnnalistDocumentInfo *) g_ptr_array_index (list, n_builtin))->builtin)
    n_builtin++;
  g_assert_cmpuint (n_builtin, >=, 1);
  g_assert_cmpuint (list->len, ==, n_builtin + 1);
  {
    AnnalistDocumentInfo *info = g_ptr_array_index (list, n_builtin);
    g_assert_cmpstr (info->id, ==, "Семинары");
    g_assert_cmpint (info->params, ==, ANNALIST_TEMPLATE_PARAM_YEAR);
    g_assert_cmpint (info->user_id, ==, id);
  }
  /* By name, whatever its case. */
  opened = annalist_documents_open (store, "семинары", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (annalist_template_get_name (opened), ==, "Семинары");

  /* A template with a mistake is refused; nothing is saved. */
  g_assert_false (annalist_documents_save (store, "Сломанный", NULL, 0, "", broken, NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (annalist_documents_open (store, "Сломанный", &error));
  g_clear_error (&error);

  /* Standing in for the built-in report, and back. */
  g_assert_true (annalist_documents_save (store, "Наш отчёт", ANNALIST_DOCUMENT_ANNUAL_REPORT, 0, "", bytes,
                                          &replacement, &error));
  g_assert_no_error (error);
  g_clear_object (&opened);
  opened = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
  g_assert_cmpstr (annalist_template_get_name (opened), ==, "Наш отчёт");
  /* A name is kept on one line: a tab or a line break pasted with it is
   * a space. */
  g_assert_true (annalist_documents_rename (store, replacement, " Отчёт\tрайона\n", &error));
  g_assert_no_error (error);
  {
    g_autoptr(AnnalistTemplate) renamed = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);

    g_assert_cmpstr (annalist_template_get_name (renamed), ==, "Отчёт района");
  }
  /* One kept with a line break by another program is listed on one
   * line: --list-templates's lines are a contract. */
  {
    g_autofree char *db = g_strconcat ("--database=", database, NULL);
    Run r = { 0 };

    g_assert_true (annalist_store_exec (store, "UPDATE template SET name = 'Отчёт' || char(10) || 'района' || char(9) "
                                               "WHERE replaces IS NOT NULL", &error));
    g_assert_no_error (error);
    r = run (db, "--list-templates", NULL);
    g_assert_true (g_spawn_check_wait_status (r.status, NULL));
    g_assert_true (g_str_has_prefix (r.out, "annual-report\tОтчёт района\tyear\n"));
    run_clear (&r);
    g_assert_true (annalist_documents_rename (store, replacement, "Отчёт района", &error));
  }
  g_assert_false (annalist_documents_rename (store, replacement, "Семинары", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);
  /* Names are one whatever their case: no second «семинары», and no
   * template quietly taken over by another of its name. */
  g_assert_false (annalist_documents_rename (store, replacement, "СЕМИНАРЫ", &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (annalist_documents_save (store, "семинары", NULL, 0, "", bytes, NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (annalist_documents_save (store, "Семинары", ANNALIST_DOCUMENT_ANNUAL_REPORT, 0, "", bytes,
                                           NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autoptr(AnnalistTemplate) still = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
    g_assert_cmpstr (annalist_template_get_name (still), ==, "Отчёт района");
  }
  /* In place of a user template, under a new name: one template, its id kept. */
  {
    gint64 again = 0;

    g_assert_true (annalist_documents_save (store, "Семинары года", NULL, id, "writer-made.fodt", bytes,
                                            &again, &error));
    g_assert_no_error (error);
    g_assert_cmpint (again, ==, id);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = annalist_documents_list (store, &error);
    g_assert_cmpuint (list->len, ==, n_builtin + 1);
    g_assert_true (annalist_documents_rename (store, id, "Семинары", &error));
  }
  removed = annalist_documents_remove (store, replacement, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (removed), ==, g_bytes_get_size (bytes));
  g_clear_object (&opened);
  opened = annalist_documents_open (store, ANNALIST_DOCUMENT_ANNUAL_REPORT, &error);
  g_assert_cmpstr (annalist_template_get_name (opened), !=, "Отчёт района");

  g_bytes_unref (annalist_documents_remove (store, id, &error));
  g_assert_no_error (error);
}

/* The command line ----------------------------------------------------------------- */

static void
test_list_templates (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  Run r = run (db, "--list-templates", NULL);

  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) templates = NULL;
  guint n_builtin = 0;

  /* One template a line: id, tab, name, tab, parameters; the built-in
   * ones (one a file in data/templates), the annual report first. */
  g_assert_true (g_str_has_prefix (r.out, "annual-report\tАналитический отчёт\tyear\n"));
  g_assert_true (g_str_has_suffix (r.out, "\n"));
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_true (g_regex_match_simple ("^[a-z][a-z0-9-]*$", fields[0], 0, 0));
      g_assert_cmpstr (fields[1], !=, "");
      g_assert_true (g_regex_match_simple ("^((year|organisation|plan|project|period),?)*$", fields[2], 0, 0));
    }
  templates = g_dir_open (TEMPLATES_DIR, 0, NULL);
  g_assert_nonnull (templates);
  for (const char *name; (name = g_dir_read_name (templates)) != NULL; )
    if (g_str_has_suffix (name, ".fodt"))
      {
        g_autofree char *id = g_strndup (name, strlen (name) - strlen (".fodt"));
        g_autofree char *start = g_strconcat (id, "\t", NULL);
        g_autofree char *inside = g_strconcat ("\n", id, "\t", NULL);

        g_assert_true (g_str_has_prefix (r.out, start) || strstr (r.out, inside) != NULL);
        n_builtin++;
      }
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, n_builtin);
  /* One template a line: id, tab, name, tab, parameters; the annual
   * report first. */
  g_assert_true (g_str_has_prefix (r.out, "annual-report\tАналитический отчёт\tyear\n"));
  g_assert_nonnull (strstr (r.out, "\nprogramme\tПрограмма деятельности\tplan\n"));
  g_assert_nonnull (strstr (r.out, "\nplan-fact\tПлан и его выполнение\tyear,plan\n"));
  g_assert_nonnull (strstr (r.out, "\nplan-by-activity\tПлан работы по видам деятельности\tyear,plan\n"));
  g_assert_nonnull (strstr (r.out, "\norganisation-activity\tИнновационная деятельность организации\torganisation,period\n"));
  g_assert_nonnull (strstr (r.out, "\ndocument-register\tРеестр документов\tperiod\n"));
  run_clear (&r);
}

static void
test_command_line_export (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  g_autofree char *odt = path_in ("cli.odt");
  g_autofree char *fodt = path_in ("cli.fodt");
  g_autofree char *writer = g_test_build_filename (G_TEST_DIST, "templates", "writer-made.odt", NULL);
  g_autofree char *out_odt = g_strconcat ("--output=", odt, NULL);
  g_autofree char *out_fodt = g_strconcat ("--output=", fodt, NULL);
  g_autofree char *template = g_strconcat ("--export=", writer, NULL);
  Run r;

  r = run (db, "--export-report=2022-2023", out_odt, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);

  r = run (db, "--export=annual-report", "--year=2022/2023", out_fodt, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (fodt, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);

  /* A document for an organisation and a period: the organisation by its
   * exact name, whatever its case and «ё»; a year stands for a period of
   * one year. */
  {
    g_autofree char *period_template = path_in ("period-ok.fodt");
    g_autofree char *period_arg = g_strconcat ("--export=", period_template, NULL);
    g_autofree char *period_out = path_in ("period.fodt");
    g_autofree char *period_out_arg = g_strconcat ("--output=", period_out, NULL);
    g_autofree char *written = NULL;

    g_assert_true (g_file_set_contents (period_template,
      "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
      "<text:p>{{organisation.short_name}}: {{period_start}} – {{period_end}}</text:p>"
      "</office:text></office:body></office:document>", -1, NULL));
    r = run (db, period_arg, "--organisation=ШКОЛА № 383", "--from=2020-2021", "--to=2022/2023", period_out_arg, NULL);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_true (g_spawn_check_wait_status (r.status, NULL));
    g_assert_true (g_file_get_contents (period_out, &written, NULL, NULL));
    g_assert_nonnull (strstr (written, "Школа № 383: 2020-2021 – 2022-2023"));
    run_clear (&r);
    g_clear_pointer (&written, g_free);
    r = run (db, period_arg, "--organisation=Школа № 383", "--year=2021-2022", period_out_arg, NULL);
    g_assert_true (g_spawn_check_wait_status (r.status, NULL));
    g_assert_true (g_file_get_contents (period_out, &written, NULL, NULL));
    g_assert_nonnull (strstr (written, "Школа № 383: 2021-2022 – 2021-2022"));
    run_clear (&r);
  }

  g_unlink (odt);
  r = run (db, template, "--year=2022-2023", out_odt, NULL);
  g_assert_true (g_spawn_check_wait_status (r.status, NULL));
  g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));
  run_clear (&r);
}

/* The exported document is the process's last work: it leaves the
 * template's tree and the store to the exit, which takes back the memory
 * whole, unless a leak checker watches (there the unit suite's runs of
 * the command, check-annual-report.py's among them, show every byte
 * freed). Measured in a process of its own, with glibc's counts. */
static void
test_command_line_keeps (void)
{
#ifdef __GLIBC__
  if (g_test_subprocess ())
    {
      g_autofree char *odt = path_in ("kept.odt");
      AnnalistExportOptions options = {
        .database = database, .which = ANNALIST_DOCUMENT_ANNUAL_REPORT,
        .year = "2022-2023", .output = odt,
      };
      struct mallinfo2 before, after;

      before = mallinfo2 ();
      g_assert_cmpint (annalist_documents_export_command (&options), ==, EXIT_SUCCESS);
      after = mallinfo2 ();
      g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));
      if (annalist_documents_command_frees ())
        g_test_message ("freed: a leak checker watches");
      else  /* 2.7 MB: the template's tree, the store's statements */
        g_assert_cmpuint (after.uordblks, >, before.uordblks + (1 << 20));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("glibc counts what is allocated");
#endif
}

/* Each mistake: exit 1, one sentence on stderr, nothing at the output. */
static void
test_command_line_mistakes (void)
{
  g_autofree char *db = g_strconcat ("--database=", database, NULL);
  g_autofree char *out = path_in ("never.odt");
  g_autofree char *out_arg = g_strconcat ("--output=", out, NULL);
  g_autofree char *missing_db = g_strconcat ("--database=", dir, "/missing.db", NULL);
  g_autofree char *folder = g_strconcat ("--output=", dir, NULL);
  g_autofree char *wrong = g_strconcat ("--output=", dir, "/report.docx", NULL);
  g_autofree char *bad_template = path_in ("bad.fodt");
  g_autofree char *bad_arg = g_strconcat ("--export=", bad_template, NULL);
  g_autofree char *missing = g_strconcat (dir, "/missing.db", NULL);
  g_autofree char *period_template = path_in ("period.fodt");
  g_autofree char *period_arg = g_strconcat ("--export=", period_template, NULL);
  g_autofree char *pdf = path_in ("отчёт за год.pdf");
  g_autofree char *pdf_arg = g_strconcat ("--export=", pdf, NULL);
  const struct { const char *args[5]; const char *says; } cases[] = {
    { { db, "--export-report=2022-2023", NULL }, "--output=FILE" },
    { { db, "--export-report=двадцать", out_arg, NULL }, "is not an academic year" },
    { { db, "--export-report=1850-1851", out_arg, NULL }, "is not an academic year" },
    { { db, "--export-report=2090-2091", out_arg, NULL }, "has no records of the 2090-2091 academic year" },
    { { db, "--export-report=2022-2023", folder, NULL }, "is a folder" },
    { { db, "--export-report=2022-2023", wrong, NULL }, "neither extension" },
    { { missing_db, "--export-report=2022-2023", out_arg, NULL }, "does not exist" },
    { { db, "--export=no-such-template", "--year=2022-2023", out_arg }, "There is no template “no-such-template”" },
    { { db, "--export=annual-report", out_arg, NULL }, "--year=2022-2023" },
    /* A file given by another name is read, and said what it is. */
    { { db, pdf_arg, "--year=2022-2023", out_arg }, "The template “отчёт за год.pdf” is a PDF file" },
    { { db, bad_arg, "--year=2022-2023", out_arg }, "{{dat_start}} — unknown field “dat_start” of “Events”; perhaps “date_start”" },
    { { db, period_arg, "--organisation=1", out_arg }, "give it with --from=2020-2021 --to=2022-2023" },
    { { db, period_arg, "--organisation=1", "--from=2020-2021", out_arg }, "give it with --from=2020-2021 --to=2022-2023" },
    { { db, period_arg, "--from=2022-2023", "--to=2020-2021", out_arg }, "--to=2020-2021 comes before --from=2022-2023" },
    { { db, period_arg, "--from=2020-2021", "--to=двадцать", out_arg }, "--to=двадцать is not an academic year" },
    { { db, period_arg, "--year=2022-2023", "--organisation=Нет такой школы", out_arg },
      "--organisation=Нет такой школы: no record has this number or this exact name" },
    { { db, period_arg, "--year=2022-2023", "--organisation=Школа", out_arg },
      "--organisation=Школа: no record has this number or this exact name" },
    { { db, period_arg, "--year=2022-2023", out_arg }, "give it with --organisation=ID or NAME" },
  };

  g_assert_true (g_file_set_contents (bad_template,
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:p>{{#each event}}{{dat_start}}{{/each}}</text:p></office:text></office:body></office:document>", -1, NULL));
  g_assert_true (g_file_set_contents (pdf, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", -1, NULL));
  g_assert_true (g_file_set_contents (period_template,
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:p>{{organisation.short_name}}: {{period_start}} – {{period_end}}, {{count event}}</text:p>"
    "</office:text></office:body></office:document>", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run r = run (cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3], cases[i].args[4], NULL);
      g_autoptr(GDir) listing = NULL;
      const char *name;

      g_assert_false (g_spawn_check_wait_status (r.status, NULL));
      if (strstr (r.err, cases[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, r.err, cases[i].says);
      /* One sentence, one line. */
      g_assert_true (g_str_has_suffix (r.err, ".\n"));
      g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      /* No temporary file left either, and no database created. */
      listing = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (listing)) != NULL)
        g_assert_false (g_str_has_prefix (name, "never.odt") || g_str_has_prefix (name, "report.docx") ||
                        g_str_has_prefix (name, ".never.odt."));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      run_clear (&r);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store = sample_store_new ("report", &dir, &database);

  g_test_add_func ("/report/annual/package", test_report_package);
  g_test_add_func ("/report/annual/flat", test_report_flat);
  g_test_add_func ("/report/annual/libreoffice", test_report_libreoffice);
  g_test_add_func ("/report/annual/status-renamed", test_report_status_renamed);
  g_test_add_func ("/report/annual/event-kind-renamed", test_report_event_kind_renamed);
  g_test_add_func ("/report/annual/other-events", test_report_other_events);
  g_test_add_func ("/report/infrastructure", test_infrastructure);
  g_test_add_func ("/report/annual/async", test_report_async);
  g_test_add_func ("/report/writer-made", test_writer_made);
  g_test_add_func ("/report/embedded-object", test_embedded_object);
  g_test_add_func ("/report/other-suite", test_other_suite);
  g_test_add_func ("/report/user-templates", test_user_templates);
  g_test_add_func ("/report/command-line/list", test_list_templates);
  g_test_add_func ("/report/command-line/export", test_command_line_export);
  g_test_add_func ("/report/command-line/keeps", test_command_line_keeps);
  g_test_add_func ("/report/command-line/mistakes", test_command_line_mistakes);

  status = g_test_run ();

  g_clear_object (&store);
  remove_tree (dir);
  g_free (dir);
  g_free (database);
  return status;
}
