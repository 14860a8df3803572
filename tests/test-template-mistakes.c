/* test-template-mistakes.c — every mistake a template can hold
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each mistake, in a template written here, with the one sentence it
 * must give (what, where, as typed), and nothing left at the output path;
 * files that are no templates; templates past any sensible size or depth;
 * exported templates damaged by a fixed seed.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-store-private.h"
#include "annalist-template.h"
#include "template-test.h"
#include "zip-parts.h"

/* Mistakes ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *body;
  const char *message;   /* what the sentence must contain */
} Mistake;

static const Mistake mistakes[] = {
  { "unknown-field",
    "<text:h text:outline-level=\"1\">3.3.1. Мероприятия</text:h>"
    "<table:table table:name=\"Таблица5\"><table:table-column/><table:table-row><table:table-cell>"
    P ("{{#each event}}{{dat_start}}{{/each}}") "</table:table-cell></table:table-row></table:table>",
    "Template “Проба”, under the heading “3.3.1. Мероприятия”, table “Таблица5”, row 1: {{dat_start}} — "
    "unknown field “dat_start” of “Events”; perhaps “date_start”." },
  /* A text a reference is compared with names a record that must be
   * there: a typing mistake gives a sentence, not a count of nothing. */
  { "unknown-record-name", P ("{{count event where kind = «Семенар»}}"),
    "{{count event where kind = «Семенар»}} — “Event kinds” has no record named “Семенар”; perhaps “Семинар”." },
  { "unknown-record-name-in-list",
    P ("{{#each event where kind in («Семинар», «Форум») or organisers = «Школа № 2000»}}{{/each}}"),
    "“Organisations” has no record named “Школа № 2000”; perhaps “Школа № 200”." },
  { "empty-record-name", P ("{{count event where kind = \"\"}}"),
    "{{count event where kind = \"\"}} — “kind” is compared with an empty text; records where it is not set are picked by “not kind”." },
  { "unknown-record-name-far", P ("{{count innovation_status where kind in («ФИП», «Нечто иное»)}}"),
    "“Status kinds” has no record named “Нечто иное”." },
  { "unknown-kind", P ("{{#each evnt}}{{/each}}"), "there are no records called “evnt”; perhaps “event”" },
  { "unclosed-each", P ("{{#each event}}{{title}}"), "{{#each event}} — this {{#each}} is never closed with {{/each}}" },
  { "end-if-without-opener", P ("текст{{/if}}"), "{{/if}} — no {{#if}} is open before it" },
  { "crossed-pairs", P ("{{#each event}}{{#if title}}{{/each}}{{/if}}"), "{{/each}} — {{#if title}}, opened before it, is still open: close that first" },
  /* The aggregate asked for is the one the sentence names. */
  { "max-without-field", P ("{{max event}}"), "{{max event}} — say which field: max KIND.FIELD." },
  { "avg-without-field", P ("{{avg event}}"), "{{avg event}} — say which field: avg KIND.FIELD." },
  { "min-without-field-where", P ("{{min event where kind = «Семинар»}}"), "— say which field: min KIND.FIELD." },
  /* A limit is a whole number of records: told when the template is
   * read, not by SQLite as the records are. */
  { "limit-fraction", P ("{{#each event_kind limit 1.5}}x{{/each}}"),
    "{{#each event_kind limit 1.5}} — limit takes a whole number of records." },
  { "limit-text", P ("{{#each event_kind limit \"a\"}}x{{/each}}"),
    "{{#each event_kind limit \"a\"}} — limit takes a whole number of records." },
  { "limit-negative", P ("{{#each event limit -1}}x{{/each}}"),
    "{{#each event limit -1}} — limit takes a whole number of records." },
  { "limit-computed-fraction", P ("{{#each event limit count event_kind / 2}}x{{/each}}"),
    "{{#each event limit count event_kind / 2}} — limit takes a whole number of records." },
  /* A list of organisations has no one value to count or compare. */
  { "count-of-references", P ("{{count event.organisers}}"),
    "{{count event.organisers}} — count takes a field of one value a record, and “organisers” is a list of organisations." },
  { "max-of-references", P ("{{max event.organisers}}"),
    "{{max event.organisers}} — max takes a field of one value a record, and “organisers” is a list of organisations." },
  { "count-of-references-in-loop", P ("{{#each event}}{{count organisers}}{{/each}}"),
    "{{count organisers}} — count takes a field of one value a record, and “organisers” is a list of organisations." },
  { "else-outside-if", P ("{{else}}"), "{{else}} stands outside any {{#if}}" },
  /* The {{else}} has its {{#if}}, but a loop opened inside is not closed. */
  { "loop-open-at-else", P ("{{#if count event}}{{#each event}}{{title}}{{else}}нет{{/if}}"),
    "{{else}} — {{#each event}}, opened before it, is still open: close that first" },
  { "unclosed-braces", P ("{{year"), "the placeholder is not closed with “}}”" },
  /* Shown up to the next braces, or its first 40 characters, whole. */
  { "unclosed-braces-before-another", P ("{{period_end{{/if}} учебных годах"),
    ": {{period_end — the placeholder is not closed" },
  { "unclosed-braces-long", P ("{{#if count event}Мероприятия года проведены в полном объёме"),
    ": {{#if count event}Мероприятия года прове… — the placeholder is not closed" },
  /* The quotation mark closed after the braces does not count. */
  { "unclosed-quote", P ("{{#if title = «abc}} and «x»{{/if}}"), "{{#if title = «abc}} — a quotation mark is not closed" },
  { "unclosed-straight-quote", P ("{{year|plural \"a}} \"b\" \"c\""), "{{year|plural \"a}} — a quotation mark is not closed" },
  { "crosses-table",
    P ("{{#each event}}") "<table:table table:name=\"T\"><table:table-column/><table:table-row><table:table-cell>"
    P ("{{/each}}") "</table:table-cell></table:table-row></table:table>",
    "must stand in one table row, in one table, or both outside tables" },
  /* Merged cells and loops over rows or columns: repeated, the merge
   * would cover other cells than the template shows. */
  { "row-loop-merged-past",
    "<table:table table:name=\"M\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell table:number-rows-spanned=\"2\">" P ("{{#each event}}{{title}}") "</table:table-cell>"
    "<table:table-cell>" P ("{{participants}}{{/each}}") "</table:table-cell></table:table-row>"
    "<table:table-row><table:covered-table-cell/><table:table-cell>" P ("итого") "</table:table-cell></table:table-row></table:table>",
    "table “M”, row 1: {{#each event}} — a cell of its rows is merged with a row after them; merge cells only within its rows." },
  { "row-loop-merged-from-above",
    "<table:table table:name=\"M\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell table:number-rows-spanned=\"3\">" P ("Семинары") "</table:table-cell>"
    "<table:table-cell>" P ("всего") "</table:table-cell></table:table-row>"
    "<table:table-row><table:covered-table-cell/><table:table-cell>" P ("{{#each event}}{{title}}") "</table:table-cell></table:table-row>"
    "<table:table-row><table:covered-table-cell/><table:table-cell>" P ("{{participants}}{{/each}}") "</table:table-cell></table:table-row></table:table>",
    "table “M”, row 2: {{#each event}} — a cell above its rows is merged with them; merge cells only within its rows." },
  { "column-loop-in-merged-cell",
    "<table:table table:name=\"M\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell table:number-columns-spanned=\"2\">" P ("{{#each year from 2020 to year}}{{year}}{{/each}}") "</table:table-cell>"
    "<table:covered-table-cell/></table:table-row></table:table>",
    "a loop that repeats a column must stand in a cell that is not merged with others" },
  { "column-loop-across-merged-cell",
    "<table:table table:name=\"M\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell>" P ("Год") "</table:table-cell><table:table-cell>" P ("{{#each year from 2020 to year}}{{year}}{{/each}}") "</table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell table:number-columns-spanned=\"2\">" P ("итого") "</table:table-cell><table:covered-table-cell/></table:table-row></table:table>",
    "row 2 has a merged cell across the column the loop repeats" },
  { "unknown-format", P ("{{year|fancy}}"), "there is no format “|fancy”" },
  /* A number format of a text that is no number refuses, naming the
   * record, as |date does; it used to print 0. */
  { "number-of-a-text", P ("{{setting.org_short_name|number}}"),
    "{{setting.org_short_name|number}} — “ИМЦ” in the document is not a number." },
  { "percent-of-a-text", P ("{{setting.org_short_name|percent}}"), "“ИМЦ” in the document is not a number." },
  { "number-of-a-text-field", P ("{{#each event where kind = «Семинар» limit 1}}{{title|number 1}}{{/each}}"),
    "” in the record no. 10 of “Events” is not a number." },
  { "plural-of-a-text", P ("{{\"abc\"|plural \"в\" \"в\" \"в\"}}"), "“abc” in the document is not a number." },
  { "number-of-a-formatted-text", P ("{{35|percent|number}}"), "“35\u00a0%” in the document is not a number." },
  /* A date field compared with a text that is no date would compare it
   * as a text with the stored ISO dates: refused when the template is
   * read. */
  { "date-compared-with-a-text", P ("{{count event where date_start >= \"2023\"}}"),
    "{{count event where date_start >= \"2023\"}} — “date_start” is a date: compare it with a date such as 31.12.2023, not with “2023”." },
  { "date-compared-with-a-text-swapped", P ("{{#each event where not date_end or \"31.02.2023\" &lt; date_start}}{{/each}}"),
    "“date_start” is a date: compare it with a date such as 31.12.2023, not with “31.02.2023”." },
  { "date-compared-with-an-empty-text", P ("{{count event where date_end = \"\"}}"),
    "“date_end” is compared with an empty text; records where it is not set are picked by “not date_end”." },
  /* |number's count of decimals is a whole number, 0 or more: «"a"» gave
   * 0 decimals, «-1» was not read at all. */
  { "decimals-not-a-number", P ("{{1/3|number \"a\"}}"),
    "{{1/3|number \"a\"}} — the number of decimals after “|number” is a whole number, 0 or more, not “a”." },
  { "decimals-negative", P ("{{1/3|number -1}}"),
    "{{1/3|number -1}} — the number of decimals after “|number” is a whole number, 0 or more, not “-1”." },
  { "decimals-fraction", P ("{{1/3|number 1.5}}"), "0 or more, not “1,5”." },
  { "decimals-from-a-field", P ("{{1/3|number setting.org_short_name}}"), "0 or more, not “ИМЦ”." },
  { "format-arguments", P ("{{1|plural \"a\"}}"), "the format “|plural” takes 3 values after it" },
  { "unknown-name", P ("{{yaer}}"), "unknown name “yaer”; perhaps “year”" },
  /* Items of one list are units as paragraphs are; a loop from a
   * paragraph into the middle of a list, or from one list into another,
   * would cut through it. */
  { "loop-into-list", P ("{{#each event_kind}}") "<text:list>" ITEM ("{{name}}") ITEM ("{{/each}}") "</text:list>",
    "{{#each event_kind}} — its opener and its closer must stand in items of the same list, or both outside the list." },
  { "loop-across-lists",
    "<text:list>" ITEM ("{{#each event_kind}}") ITEM ("x") "</text:list><text:list>" ITEM ("{{name}}") ITEM ("{{/each}}") "</text:list>",
    "{{#each event_kind}} — its opener and its closer must stand in items of the same list, or both outside the list." },
  /* A name the document knows, used the wrong way: what is wrong, never
   * the name typed as a suggestion. */
  { "setting-without-key", P ("{{setting}}"),
    "{{setting}} — “setting” needs a key after a dot ({{setting.KEY}}): org_name, org_short_name, founder, city" },
  { "setting-key-of-two-names", P ("{{setting.org.short_name}}"),
    "— a setting’s key is one name, nothing follows it after a dot; perhaps “setting.org_short_name”." },
  { "value-with-a-field", P ("{{#each event limit 1}}{{Year.start}}{{/each}}"),
    "{{Year.start}} — “Year” has no fields: nothing can follow it after a dot." },
  { "document-value-in-quotes", P ("{{\"year\".start}}"),
    "— a name in quotes is a field’s label; the document’s “year” is written without quotes." },
  /* Rows are numbered as the user counts them in Writer: a repeated row
   * (identical empty rows) as many, those of groups and heading rows
   * too, those of a table nested in a cell not at all. */
  { "row-number-of-repeated-rows",
    "<table:table table:name=\"R\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-header-rows><table:table-row><table:table-cell>" P ("Вид") "</table:table-cell>"
    "<table:table-cell>" P ("Число") "</table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row-group><table:table-row table:number-rows-repeated=\"3\"><table:table-cell>" P ("")
    "</table:table-cell><table:table-cell>" P ("") "</table:table-cell></table:table-row></table:table-row-group>"
    "<table:table-rows><table:table-row><table:table-cell><table:table table:name=\"N\"><table:table-column/>"
    "<table:table-row><table:table-cell>" P ("") "</table:table-cell></table:table-row></table:table></table:table-cell>"
    "<table:table-cell>" P ("") "</table:table-cell></table:table-row></table:table-rows>"
    "<table:table-row><table:table-cell>" P ("{{yaer}}") "</table:table-cell><table:table-cell>" P ("")
    "</table:table-cell></table:table-row></table:table>",
    "table “R”, row 6: {{yaer}} — unknown name “yaer”" },
  { "column-loop-across-merged-cell-below-repeated-rows",
    "<table:table table:name=\"M\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell>" P ("Год") "</table:table-cell><table:table-cell>" P ("{{#each year from 2020 to year}}{{year}}{{/each}}") "</table:table-cell></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell>" P ("") "</table:table-cell><table:table-cell>" P ("") "</table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell table:number-columns-spanned=\"2\">" P ("итого") "</table:table-cell><table:covered-table-cell/></table:table-row></table:table>",
    "row 4 has a merged cell across the column the loop repeats" },
  { "index-outside-loop", P ("{{#}}"), "{{#}} is the number of a record in a loop" },
  { "bad-syntax", P ("{{#each event where = 3}}{{/each}}"), "a value is missing before “=”" },
  { "not-a-date", P ("{{#each event limit 1}}{{title|date}}{{/each}}"), "is not a date" },
  /* The value's own quotes go inside the sentence's: „…“. */
  { "not-a-date-quoted", P ("{{#each event where title contains \"Сетевое\"}}{{title|date}}{{/each}}"),
    "образовательных организаций „Сетевое взаимодействие как ресурс развития общего и дополнительного образования“” in the record no. " },
  /* Another field's value: the record is named by its title. */
  { "not-a-date-other-field", P ("{{#each event where period_text != \"\" limit 1}}{{period_text|date}}{{/each}}"),
    "” in the record “" },
};

static void
check_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autofree char *message = refusal (m->body);

  g_assert_true (g_utf8_validate (message, -1, NULL));
  if (strstr (message, m->message) == NULL)
    g_error ("“%s” does not say “%s”", message, m->message);
}

#define LOL_TEMPLATE \
  "<?xml version=\"1.0\"?><!DOCTYPE office:document [<!ENTITY a \"aaaaaaaaaa\">" \
  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">" \
  "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">" \
  "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>" \
  "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:mimetype=\"application/vnd.oasis.opendocument.text\">" \
  "<office:body><office:text><text:p>&f;</text:p></office:text></office:body></office:document>"

/* A file that is not a template: one sentence, no crash. */
static void
test_not_templates (void)
{
  static const struct { const char *bytes; gsize length; const char *message; } files[] = {
    { "", 0, "is an empty file" },
    { "garbage\0\1\2", 10, "is not an OpenDocument file: neither a package (.odt, .ott) nor flat XML (.fodt)" },
    { "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, "is a PDF file: a template is the text document that a PDF is made from" },
    /* The start of a zip without its end: a file cut short. */
    { "PK\003\004garbage", 13, "cannot be read: its zip archive is damaged or incomplete (was it copied or downloaded only in part?)." },
    { "<html><body>no</body></html>", 28, "is not a text document" },
    /* XML after a byte order mark and blank lines is read as XML. */
    { "\xef\xbb\xbf\n\n  <html><body>no</body></html>", 35, "is not a text document" },
    { "\xef\xbb\xbf<html", 8, "cannot be read: it is not well-formed XML (line 1: the tag of the element “html” is not closed with “>”)." },
    /* What is wrong, said in the interface's words, the first mistake
     * first (libxml2 goes on to complain of its consequences). */
    { "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">\n"
      "<office:body>\n<office:text>\n</office:body>\n</office:document>", 143,
      "it is not well-formed XML (line 4: the element “text” opened on line 3 is closed as “body”)." },
    { "<a>Tom & Jerry</a>", 18, "(line 1: an “&” that starts no entity (a bare “&” is written “&amp;”))." },
    { "<a>\n1 < 2</a>", 13, "(line 2: a “<” that starts no tag (a bare “<” is written “&lt;”))." },
    { "<a>\xcf\xf0\xe8\xe2\xe5\xf2</a>", 13, "(line 1: the text is not in the UTF-8 encoding)." },
    /* A document type is refused before its entities are read: these
     * would make a million letters of a few hundred bytes (and three
     * more levels, gigabytes). */
    { LOL_TEMPLATE, sizeof LOL_TEMPLATE - 1,
      "The template “Файл” cannot be read: it declares a document type (<!DOCTYPE>), which no office document has." },
  };
  /* Office files of other kinds, told by what they hold whatever their
   * name, with what to do: Russian offices keep their documents in Word. */
  static const struct { const char *parts[4]; gboolean ole2; const char *message; } office[] = {
    { { "[Content_Types].xml", "word/document.xml", NULL }, FALSE,
      "is a Word document (.docx): open it in LibreOffice Writer and save it as .odt." },
    { { "[Content_Types].xml", "xl/workbook.xml", NULL }, FALSE, "is an Excel workbook (.xlsx), not a text document" },
    { { "[Content_Types].xml", "ppt/presentation.xml", NULL }, FALSE, "is a PowerPoint presentation (.pptx)" },
    { { "mimetype", "content.xml", NULL }, FALSE,
      "is a spreadsheet (.ods), not a text document: save it from a word processor as .odt." },
    /* Writer's password: every part but the manifest and the mimetype
     * encrypted, which the manifest says. */
    { { "mimetype", "content.xml", "META-INF/manifest.xml", NULL }, FALSE,
      "is protected by a password: open it in LibreOffice Writer and save it again without the password." },
    { { "WordDocument", "1Table", NULL }, TRUE, "is a Word 97–2003 document (.doc) or another file in an old Microsoft Office format" },
    /* Word's password: the .docx encrypted inside an OLE2 file. */
    { { "EncryptionInfo", "EncryptedPackage", NULL }, TRUE, "is protected by a password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (files[i].bytes, files[i].length);
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) tmpl = annalist_template_new (bytes, "Файл", &error);

      g_assert_null (tmpl);
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
      if (strstr (error->message, files[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, files[i].message);
    }

  /* Spans nested 20 000 deep (each walk of the tree would overflow the
   * stack) are refused as they are read; 200 deep are still a template. */
  for (guint depth = 200; depth <= 20000; depth *= 100)
    {
      g_autoptr(GString) body = g_string_new ("<text:p>");
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) tmpl = NULL;

      for (guint i = 0; i < depth; i++)
        g_string_append (body, "<text:span>");
      g_string_append (body, "{{year}}");
      for (guint i = 0; i < depth; i++)
        g_string_append (body, "</text:span>");
      g_string_append (body, "</text:p>");
      tmpl = template_new (body->str, &error);
      if (depth == 200)
        {
          g_assert_no_error (error);
          g_assert_nonnull (tmpl);
          continue;
        }
      g_assert_null (tmpl);
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==,
                       "The template “Проба” cannot be read: its elements are nested more than 256 deep "
                       "(line 2), which no office document does.");
    }

  for (guint i = 0; i < G_N_ELEMENTS (office); i++)
    {
      g_autofree char *path = g_build_filename (dir, "отчёт.odt", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AnnalistTemplate) tmpl = NULL;

      if (office[i].ole2)
        ole2_write (path, office[i].parts);
      else
        {
          GsfOutfile *zip = zip_create (path);

          for (guint j = 0; office[i].parts[j] != NULL; j++)
            {
              const char *name = office[i].parts[j];

              zip_put_part (zip, name,
                            g_str_equal (name, "mimetype") ?
                              (office[i].parts[2] != NULL ? "application/vnd.oasis.opendocument.text"
                                                          : "application/vnd.oasis.opendocument.spreadsheet") :
                            g_str_equal (name, "content.xml") ? "\x8f\x11\xa0\x01ciphered" :
                            g_str_equal (name, "META-INF/manifest.xml") ?
                              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                              "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                              "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                              "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\" manifest:size=\"4000\">"
                              "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"AAAA\">"
                              "<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"AAAA\"/>"
                              "<manifest:key-derivation manifest:key-derivation-name=\"PBKDF2\" manifest:key-size=\"16\" "
                              "manifest:iteration-count=\"1024\" manifest:salt=\"AAAA\"/>"
                              "</manifest:encryption-data></manifest:file-entry></manifest:manifest>" :
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>");
            }
          zip_close (zip);
        }
      tmpl = annalist_template_new_for_file (path, &error);
      g_assert_null (tmpl);
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
      if (strstr (error->message, office[i].message) == NULL || !g_str_has_prefix (error->message, "The template “отчёт.odt”"))
        g_error ("“%s” does not say “%s”", error->message, office[i].message);
      g_unlink (path);
    }

  /* The manifest is read as XML, not searched as text: a spreadsheet
   * with a picture whose name says «encryption-data» has no password. */
  {
    g_autofree char *path = g_build_filename (dir, "таблица.odt", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AnnalistTemplate) tmpl = NULL;
    GsfOutfile *zip = zip_create (path);

    zip_put_part (zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    zip_put_part (zip, "content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>");
    zip_put_part (zip, "META-INF/manifest.xml",
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                  "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
                  "<manifest:file-entry manifest:full-path=\"Pictures/encryption-data.png\" manifest:media-type=\"image/png\"/>"
                  "</manifest:manifest>");
    zip_close (zip);
    tmpl = annalist_template_new_for_file (path, &error);
    g_assert_null (tmpl);
    g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "is a spreadsheet (.ods), not a text document"));
    g_unlink (path);
  }

  /* A file larger than any template (a film chosen by mistake) is
   * refused by its size, before it is read. */
  {
    g_autofree char *film = g_build_filename (dir, "фильм.odt", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AnnalistTemplate) tmpl = NULL;
    int fd = g_open (film, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, 150 * 1000 * 1000), ==, 0);
    close (fd);
    tmpl = annalist_template_new_for_file (film, &error);
    g_assert_null (tmpl);
    g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "The file “фильм.odt” is 150.0\xC2\xA0MB: a template is a text document of at most "
                     "100.0\xC2\xA0MB.");
    g_unlink (film);
  }

  /* A part whose bytes changed is damaged, even where its data still
   * read (stored, here): its CRC-32 says so. A package whose type is not
   * text at all has a damaged type, not one to quote. Nothing but the
   * sentence reaches stderr. */
  {
    static const struct { const char *mimetype; gboolean changed; const char *message; } packages[] = {
      { "application/vnd.oasis.opendocument.text", TRUE, "its part “content.xml” is damaged." },
      { "\xfb(\xf0\xbf\xd4\xf5w\x13" "b", FALSE, "its part “mimetype” is damaged." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
      {
        g_autofree char *path = g_build_filename (dir, "повреждён.odt", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(AnnalistTemplate) tmpl = NULL;
        g_autofree char *bytes = NULL;
        gsize length;
        GsfOutfile *zip = zip_create (path);

        zip_put_part (zip, "mimetype", packages[i].mimetype);
        zip_put_stored (zip, "content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>");
        zip_close (zip);
        g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
        if (packages[i].changed)
          {
            gsize at = 0;

            while (at + 4 <= length && memcmp (bytes + at, "<x/>", 4) != 0)
              at++;
            g_assert_cmpuint (at + 4, <=, length);
            bytes[at + 1] = 'y';
            g_assert_true (g_file_set_contents (path, bytes, length, NULL));
          }

        zip_expect_silence ();
        tmpl = annalist_template_new_for_file (path, &error);
        zip_end_silence ();
        g_assert_null (tmpl);
        g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        if (!g_str_has_prefix (error->message, "The template “повреждён.odt” cannot be read: ") ||
            !g_str_has_suffix (error->message, packages[i].message))
          g_error ("“%s” does not say “%s”", error->message, packages[i].message);
        g_unlink (path);
      }
  }
}

/* Limits ------------------------------------------------------------------------- */

/* @unit repeated @n times between @before and @after, in a paragraph. */
static char *
repeated (const char *before,
          const char *unit,
          guint       n,
          const char *middle,
          const char *unit_after,
          const char *after)
{
  GString *s = g_string_new ("<text:p text:style-name=\"Standard\">");

  g_string_append (s, before);
  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  g_string_append (s, middle);
  for (guint i = 0; i < n; i++)
    g_string_append (s, unit_after);
  g_string_append (s, after);
  g_string_append (s, "</text:p>");
  return g_string_free (s, FALSE);
}

/* Placeholders and blocks nested past any template's need are refused
 * in a sentence of a line (they used to overflow the stack, or take
 * minutes); up to the bound they render. */
static void
test_limits (void)
{
  static const struct { const char *before, *unit; guint n; const char *middle, *unit_after, *after, *renders, *refusal; } cases[] = {
    { "{{", "(", 499, "1", ")", "}}", "1", NULL },
    { "{{", "(", 100000, "1", ")", "}}", NULL, "the placeholder has more than 1000 names, values and signs: split it into several." },
    { "{{", "not ", 100000, "1", "", "}}", NULL, "the placeholder has more than 1000 names, values and signs" },
    { "{{", "-", 100000, "1", "", "}}", NULL, "the placeholder has more than 1000 names, values and signs" },
    { "{{1", "+1", 499, "", "", "}}", "500", NULL },
    { "", "{{#if 1}}", 64, "x", "{{/if}}", "", "x", NULL },
    { "", "{{#if 1}}", 20000, "x", "{{/if}}", "", NULL,
      "{{#if 1}} — more than 64 loops and conditions would be open here, one inside another." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = repeated (cases[i].before, cases[i].unit, cases[i].n, cases[i].middle,
                                        cases[i].unit_after, cases[i].after);

      if (cases[i].renders != NULL)
        {
          g_autofree char *got = render (body);
          g_autofree char *want = g_strdup_printf ("<text:p text:style-name=\"Standard\">%s</text:p>",
                                                   cases[i].renders);

          g_assert_cmpstr (got, ==, want);
        }
      else
        {
          g_autofree char *message = refusal (body);

          if (strstr (message, cases[i].refusal) == NULL)
            g_error ("case %u: “%s” does not say “%s”", i, message, cases[i].refusal);
          /* The placeholder shown by its start and end, not in full. */
          g_assert_cmpint (g_utf8_strlen (message, -1), <, 500);
        }
    }

  /* Thousands of placeholders in one paragraph, each split across a
   * span as Writer splits them: each text is cut where it is, every one
   * is replaced, the text between them kept. */
  {
    g_autofree char *body = repeated ("", "{{ye<text:span text:style-name=\"T1\">ar}} и </text:span>", 3000,
                                      "", "", "");
    g_autofree char *got = render (body);
    guint n = 0;

    for (const char *p = got; (p = strstr (p, "2022-2023<text:span text:style-name=\"T1\"> и </text:span>")) != NULL; p++)
      n++;
    g_assert_cmpuint (n, ==, 3000);
    g_assert_null (strstr (got, "{{"));
  }
}

/* Damaged packages ----------------------------------------------------------------- */

/* A sentence as a refusal must be: valid text, one line, a full stop. */
static void
assert_sentence (const char *message,
                 guint       variant)
{
  if (!g_utf8_validate (message, -1, NULL) || strchr (message, '\n') != NULL ||
      !g_str_has_suffix (message, "."))
    g_error ("variant %u: not one sentence: %s", variant, message);
}

/* A template exported as .odt, then damaged by a fixed seed in the ways
 * a file is damaged (bytes flipped, cut short, a part's header spoilt):
 * each is read into a template or refused in one sentence, and nothing
 * reaches stderr; a template that is still read renders or is refused
 * the same way, leaving no file. */
static void
test_damaged_packages (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistTemplate) tmpl = template_new (P ("{{#each event limit 3}}{{title}}, {{date_start|date}}{{/each}}"), NULL);
  g_autofree char *path = output_path ("intact", "odt");
  g_autofree char *intact = NULL;
  AnnalistDocumentParams params = { .year = 2022 };
  guint refused = 0, read = 0;
  gsize length;

  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &intact, &length, NULL));

  zip_expect_silence ();
  for (guint v = 0; v < 300; v++)
    {
      g_autofree guint8 *bytes = g_memdup2 (intact, length);
      gsize n = length;
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(AnnalistTemplate) got = NULL;
      g_autoptr(GError) why = NULL;

      zip_damage (rand, v, bytes, &n);
      damaged = g_bytes_new (bytes, n);
      got = annalist_template_new (damaged, "Повреждённый", &why);
      if (got == NULL)
        {
          g_assert_error (why, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
          assert_sentence (why->message, v);
          refused++;
        }
      else
        {
          g_autofree char *out = output_path ("from-damaged", "fodt");

          if (annalist_template_render (got, store, &params, out, NULL, &why))
            g_ptr_array_add (outputs, g_steal_pointer (&out));
          else
            {
              assert_sentence (why->message, v);
              g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
            }
          read++;
        }
    }
  zip_end_silence ();
  g_test_message ("%u damaged packages refused, %u still read", refused, read);
  /* Most damage is seen. */
  g_assert_cmpuint (refused, >, 200);
}

static void
add_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *name = g_strconcat ("/template/mistake/", mistakes[i].name, NULL);
      g_test_add_data_func (name, &mistakes[i], check_mistake);
    }
  g_test_add_func ("/template/mistake/not-templates", test_not_templates);
  g_test_add_func ("/template/mistake/damaged-packages", test_damaged_packages);
  g_test_add_func ("/template/mistake/limits", test_limits);
}

int
main (int   argc,
      char *argv[])
{
  return template_test_main (argc, argv, "template", add_tests);
}
