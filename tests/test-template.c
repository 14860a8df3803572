/* test-template.c — the template engine, one small template a feature
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As py3o.template keeps its tests: each feature is a template fragment
 * written here and the XML it must become (golden pairs), rendered over
 * the sample district (reference 002) with a few records of its own. A
 * change in the engine shows as a difference of documents; then what
 * documents a template is written for, and seeded combinations of
 * pieces. Every mistake a template can hold is in
 * test-template-mistakes.c.
 */

#include "config.h"

#include <libxml/parser.h>
#include <string.h>

#include "annalist-computed.h"
#include "annalist-documents.h"
#include "annalist-error.h"
#include "annalist-preferences-window.h"
#include "annalist-store-private.h"
#include "annalist-template.h"
#include "annalist-template-fields.h"
#include "annalist-template-private.h"
#include "odf-check.h"
#include "template-test.h"

/* Golden pairs ------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *body;      /* the template's text */
  const char *expected;  /* what it must become */
} Pair;

static const Pair pairs[] = {
  { "values",
    P ("{{year}}, {{next_year}}, {{previous_year}}, {{year_start}}–{{year_end}}; {{setting.org_short_name}}; "
       "{{year_start-1}}, {{year_end–1}}, {{year_start - 1}}"),
    P ("2022-2023, 2023-2024, 2021-2022, 2022–2023; ИМЦ; 2021, 2022, 2021") },
  { "names-case-and-russian",
    P ("{{Year}} {{#each Мероприятия where \"Вид мероприятия\" = «Семинар» sort Дата limit 1}}{{Дата}}{{/each}}"),
    P ("2022-2023 29.09.2022") },
  /* Spaces, no-break ones too, count as one between words, none around. */
  { "names-spaces",
    P ("{{#each мероприятия where \"  Вид \u00a0 МЕРОПРИЯТИЯ \" = «Семинар» sort ДАТА limit 1}}{{дата}}{{/each}}"),
    P ("29.09.2022") },
  /* Writer splits text into spans: the value takes the first character's. */
  { "split-across-spans",
    "<text:p text:style-name=\"Standard\">год <text:span text:style-name=\"T1\">{{ye</text:span>ar}} "
    "<text:span text:style-name=\"Strong\">{{</text:span><text:span text:style-name=\"T1\">setting.org_</text:span>short_name}}</text:p>",
    "<text:p text:style-name=\"Standard\">год <text:span text:style-name=\"T1\">2022-2023</text:span> "
    "<text:span text:style-name=\"Strong\">ИМЦ</text:span></text:p>" },
  { "count-in-a-sentence",
    P ("Проведено семинаров: {{count event where kind = \"Семинар\"}}, участников {{sum event.participants where kind = «Семинар»}}."),
    P ("Проведено семинаров: 3, участников 71.") },
  { "row-loop",
    "<table:table table:name=\"T\"><table:table-column/><table:table-column/>"
    "<table:table-header-rows><table:table-row><table:table-cell><text:p>Дата</text:p></table:table-cell>"
    "<table:table-cell><text:p>Человек</text:p></table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>{{#each event where kind = «Семинар» sort date_start}}{{date_start}}</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{participants}}{{/each}}</text:p></table:table-cell></table:table-row></table:table>",
    "<table:table table:name=\"T\"><table:table-column/><table:table-column/>"
    "<table:table-header-rows><table:table-row><table:table-cell><text:p>Дата</text:p></table:table-cell>"
    "<table:table-cell><text:p>Человек</text:p></table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>29.09.2022</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"36\"><text:p>36</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>26.12.2022</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"15\"><text:p>15</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>15.03.2023</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"20\"><text:p>20</text:p></table:table-cell></table:table-row>"
    "</table:table>" },
  /* Writer's way of typing a loop over a sub-list: its opener on the
   * bullet above, its closer on the bullet below. What these bullets say
   * besides stays once; the sub-list is repeated in bullets of no text of
   * their own, so that the office suite numbers it on. */
  { "bullet-over-sub-list",
    "<text:list><text:list-item>" P ("Виды: {{#each event_kind limit 2}}")
    "<text:list><text:list-item>" P ("{{name}}") "</text:list-item></text:list></text:list-item>"
    ITEM ("<text:span text:style-name=\"T1\">{{/each}}</text:span> и другие") "</text:list>",
    "<text:list><text:list-item>" P ("Виды: ") "</text:list-item>"
    "<text:list-item><text:list>" ITEM ("Информационно-методическое совещание") "</text:list></text:list-item>"
    "<text:list-item><text:list>" ITEM ("Научно-практическая конференция") "</text:list></text:list-item>"
    ITEM (" и другие") "</text:list>" },
  { "bullets-of-tags-only-over-sub-list",
    "<text:list><text:list-item>" P ("{{#each event_kind limit 2}}")
    "<text:list><text:list-item>" P ("{{name}}") "</text:list-item></text:list></text:list-item>"
    "<text:list-item>" P ("{{/each}}") "<text:list><text:list-item>" P ("после") "</text:list-item></text:list></text:list-item></text:list>",
    "<text:list><text:list-item><text:list>" ITEM ("Информационно-методическое совещание") "</text:list></text:list-item>"
    "<text:list-item><text:list>" ITEM ("Научно-практическая конференция") "</text:list></text:list-item>"
    "<text:list-item><text:list>" ITEM ("после") "</text:list></text:list-item></text:list>" },
  /* Cross-references a loop repeats with their targets find their own
   * repetition's (the n-th note, bookmark or caption is «name_n», and so
   * is the n-th reference to it); a reference to a target written once
   * keeps its name, inside a loop too. */
  { "cross-references-in-loops",
    P ("<text:bookmark text:name=\"top\"/>Виды:")
    P ("{{#each event_kind limit 2}}{{name}}<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
       "<text:note-body>" P ("О {{name}}") "</text:note-body></text:note> (<text:note-ref text:note-class=\"footnote\" "
       "text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>, "
       "<text:bookmark-start text:name=\"b\"/>{{#}}<text:bookmark-end text:name=\"b\"/> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"b\">1</text:bookmark-ref> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"top\">Виды</text:bookmark-ref>){{/each}}"),
    P ("<text:bookmark text:name=\"top\"/>Виды:")
    P ("Информационно-методическое совещание<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
       "<text:note-body>" P ("О Информационно-методическое совещание") "</text:note-body></text:note> (<text:note-ref text:note-class=\"footnote\" "
       "text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>, "
       "<text:bookmark-start text:name=\"b\"/>1<text:bookmark-end text:name=\"b\"/> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"b\">1</text:bookmark-ref> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"top\">Виды</text:bookmark-ref>)")
    P ("Научно-практическая конференция<text:note text:id=\"ftn1_2\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
       "<text:note-body>" P ("О Научно-практическая конференция") "</text:note-body></text:note> (<text:note-ref text:note-class=\"footnote\" "
       "text:reference-format=\"text\" text:ref-name=\"ftn1_2\">1</text:note-ref>, "
       "<text:bookmark-start text:name=\"b_2\"/>2<text:bookmark-end text:name=\"b_2\"/> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"b_2\">1</text:bookmark-ref> "
       "<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"top\">Виды</text:bookmark-ref>)") },
  /* A reference names its target in its own repetition, before the
   * target or after it, however often; a link to a bookmark is one; a
   * reference outside the target's loop (in another loop, say) names the
   * first repetition, which is there whatever the loops' lengths. */
  { "references-of-their-own-repetition",
    P ("{{#each event_kind limit 2}}см. <text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refTable0\">1</text:sequence-ref>; <text:a xlink:type=\"simple\" xlink:href=\"#k\">{{name}}</text:a>")
    P ("Таблица <text:sequence text:ref-name=\"refTable0\" text:name=\"Table\" text:formula=\"ooow:Table+1\" style:num-format=\"1\">1</text:sequence><text:bookmark text:name=\"k\"/>{{#}}<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("О {{name}}") "</text:note-body></text:note>, <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref> <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>{{/each}}")
    P ("{{#each event_kind limit 3}}<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"k\">1</text:bookmark-ref>{{/each}}")
    P ("<text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>"),
    P ("см. <text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refTable0\">1</text:sequence-ref>; <text:a xlink:type=\"simple\" xlink:href=\"#k\">Информационно-методическое совещание</text:a>")
    P ("Таблица <text:sequence text:ref-name=\"refTable0\" text:name=\"Table\" text:formula=\"ooow:Table+1\" style:num-format=\"1\">1</text:sequence><text:bookmark text:name=\"k\"/>1<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("О Информационно-методическое совещание") "</text:note-body></text:note>, <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref> <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>")
    P ("см. <text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refTable0_2\">1</text:sequence-ref>; <text:a xlink:type=\"simple\" xlink:href=\"#k_2\">Научно-практическая конференция</text:a>")
    P ("Таблица <text:sequence text:ref-name=\"refTable0_2\" text:name=\"Table\" text:formula=\"ooow:Table+1\" style:num-format=\"1\">2</text:sequence><text:bookmark text:name=\"k_2\"/>2<text:note text:id=\"ftn1_2\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("О Научно-практическая конференция") "</text:note-body></text:note>, <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1_2\">1</text:note-ref> <text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1_2\">1</text:note-ref>")
    P ("<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"k\">1</text:bookmark-ref>")    P ("<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"k\">1</text:bookmark-ref>")    P ("<text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"k\">1</text:bookmark-ref>")
    P ("<text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"ftn1\">1</text:note-ref>") },
  /* A paragraph of an empty value is left out with its marks (Word keeps
   * a _GoBack bookmark where it was last edited), and a range whose
   * start went with it has no end; a range whose end went with it ends
   * where the next content starts. */
  { "marks-of-empty-paragraphs",
    P ("до") P ("<text:bookmark text:name=\"_GoBack\"/>{{setting.head_name}}")
    P ("{{setting.head_name}}<text:bookmark-start text:name=\"r\"/>") P ("после<text:bookmark-end text:name=\"r\"/>")
    P ("<text:bookmark-start text:name=\"s\"/>{{year}}") P ("<text:span text:style-name=\"T1\"><text:bookmark-end text:name=\"s\"/></text:span>{{setting.head_name}}")
    P ("конец"),
    P ("до") P ("после") P ("<text:bookmark-start text:name=\"s\"/>2022-2023") P ("<text:bookmark-end text:name=\"s\"/>конец") },
  /* A range whose end went with the last paragraph of a note, a cell or
   * the text does not end in what follows: it ends with the last
   * paragraph written there. */
  { "marks-ending-inside-notes-and-cells",
    P ("до<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>"
       P ("<text:bookmark-start text:name=\"n\"/>сноска") P ("{{setting.head_name}}<text:bookmark-end text:name=\"n\"/>")
       "</text:note-body></text:note> после")
    "<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"2\"/><table:table-row><table:table-cell>"
    P ("<text:bookmark-start text:name=\"c\"/>ячейка") P ("{{setting.head_name}}<text:bookmark-end text:name=\"c\"/>")
    "</table:table-cell><table:table-cell>" P ("соседняя") "</table:table-cell></table:table-row></table:table>"
    P ("<text:reference-mark-start text:name=\"e\"/>конец") P ("<text:reference-mark-end text:name=\"e\"/>{{setting.head_name}}"),
    P ("до<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>"
       P ("<text:bookmark-start text:name=\"n\"/>сноска<text:bookmark-end text:name=\"n\"/>")
       "</text:note-body></text:note> после")
    "<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"2\"/><table:table-row><table:table-cell office:value-type=\"string\">"
    P ("<text:bookmark-start text:name=\"c\"/>ячейка<text:bookmark-end text:name=\"c\"/>")
    "</table:table-cell><table:table-cell>" P ("соседняя") "</table:table-cell></table:table-row></table:table>"
    P ("<text:reference-mark-start text:name=\"e\"/>конец<text:reference-mark-end text:name=\"e\"/>") },
  /* A range over a loop's edge keeps its name and runs from its first
   * start to the first end after it: one range, and the reference finds
   * it. */
  { "marks-over-a-loops-edge",
    P ("{{#each event_kind limit 3}}") P ("<text:bookmark-start text:name=\"B\"/>{{name}}") P ("{{/each}}")
    P ("после<text:bookmark-end text:name=\"B\"/>")
    P ("<text:bookmark-start text:name=\"C\"/>перед") P ("{{#each event_kind limit 2}}") P ("{{name}}<text:bookmark-end text:name=\"C\"/>") P ("{{/each}}")
    P ("См. <text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"B\">x</text:bookmark-ref>, "
       "<text:bookmark-ref text:reference-format=\"page\" text:ref-name=\"C\">1</text:bookmark-ref>"),
    P ("<text:bookmark-start text:name=\"B\"/>Информационно-методическое совещание") P ("Научно-практическая конференция")
    P ("Семинар") P ("после<text:bookmark-end text:name=\"B\"/>")
    P ("<text:bookmark-start text:name=\"C\"/>перед") P ("Информационно-методическое совещание<text:bookmark-end text:name=\"C\"/>")
    P ("Научно-практическая конференция")
    P ("См. <text:bookmark-ref text:reference-format=\"text\" text:ref-name=\"B\">x</text:bookmark-ref>, "
       "<text:bookmark-ref text:reference-format=\"page\" text:ref-name=\"C\">1</text:bookmark-ref>") },
  { "paragraph-loop",
    P ("{{#each innovation_status where kind = «ФИП» or kind = «РИП» sort kind, id limit 3}}")
    P ("{{#}}. {{organisation}} – {{kind}}")
    P ("{{/each}}"),
    P ("1. Лицей № 590 – Федеральная инновационная площадка")
    P ("2. Школа № 200 – Региональная инновационная площадка")
    P ("3. Школа № 375 – Региональная инновационная площадка") },
  { "whole-paragraph-and-list-item",
    "<text:list><text:list-item>" P ("{{#each next_year_task limit 2}}{{task|upper}}{{/each}}") "</text:list-item></text:list>",
    "<text:list><text:list-item>" P ("ИНИЦИИРОВАТЬ ВКЛЮЧЕНИЕ ОБРАЗОВАТЕЛЬНЫХ ОРГАНИЗАЦИЙ В РАЗРАБОТКУ И РЕАЛИЗАЦИЮ ПРОЕКТОВ, НАПРАВЛЕННЫХ НА РЕШЕНИЕ ЗАДАЧ РАЗВИТИЯ РАЙОННОЙ СИСТЕМЫ ОБРАЗОВАНИЯ.") "</text:list-item>"
    "<text:list-item>" P ("СПОСОБСТВОВАТЬ ФОРМИРОВАНИЮ В ОБРАЗОВАТЕЛЬНЫХ ОРГАНИЗАЦИЯХ РАЙОНА СИСТЕМЫ МЕТОДИЧЕСКОЙ РАБОТЫ, ИНТЕГРИРОВАННОЙ В ЕДИНОЕ НАУЧНО-МЕТОДИЧЕСКОЕ ПРОСТРАНСТВО НЕПРЕРЫВНОГО РАЗВИТИЯ ПРОФЕССИОНАЛЬНОГО МАСТЕРСТВА ПЕДАГОГИЧЕСКИХ РАБОТНИКОВ.") "</text:list-item></text:list>" },
  /* Bullets typed only to hold a tag go with the tag, as paragraphs do. */
  { "list-loop-on-bullets-of-its-own",
    "<text:list><text:list-item>" P ("Виды:") "</text:list-item>"
    "<text:list-item>" P ("{{#each event_kind limit 2}}") "</text:list-item>"
    "<text:list-item>" P ("{{name}}") "</text:list-item>"
    "<text:list-item>" P ("<text:span text:style-name=\"T1\">{{/each}}</text:span> ") "</text:list-item>"
    "<text:list-item>" P ("{{#if count event_kind > 100}}") "</text:list-item>"
    "<text:list-item>" P ("много") "</text:list-item>"
    "<text:list-item>" P ("{{else}}") "</text:list-item>"
    "<text:list-item>" P ("немного") "</text:list-item>"
    "<text:list-item>" P ("{{/if}}") "</text:list-item>"
    "<text:list-item>" P ("{{#each event_kind where name = «Семинар» and name = «Вебинар»}}") "</text:list-item>"
    "<text:list-item>" P ("{{/each}}") "</text:list-item></text:list>",
    "<text:list><text:list-item>" P ("Виды:") "</text:list-item>"
    "<text:list-item>" P ("Информационно-методическое совещание") "</text:list-item>"
    "<text:list-item>" P ("Научно-практическая конференция") "</text:list-item>"
    "<text:list-item>" P ("немного") "</text:list-item></text:list>" },
  /* A list continuing another's numbering names its id; a repeated
   * list's id is made unique, and the continuation names the last
   * repetition written, or nothing when none was. */
  { "lists-continued",
    P ("{{#each event_kind limit 2}}")
    "<text:list xml:id=\"L1\" text:style-name=\"N\"><text:list-item>" P ("{{name}}") "</text:list-item></text:list>"
    P ("{{/each}}")
    "<text:list xml:id=\"L2\" text:continue-list=\"L1\" text:style-name=\"N\"><text:list-item>" P ("дальше") "</text:list-item></text:list>"
    P ("{{#each event_kind where name = «Нет такого»}}")
    "<text:list xml:id=\"L3\" text:style-name=\"N\"><text:list-item>" P ("{{name}}") "</text:list-item></text:list>"
    P ("{{/each}}")
    "<text:list xml:id=\"L4\" text:continue-list=\"L3\" text:style-name=\"N\"><text:list-item>" P ("сначала") "</text:list-item></text:list>",
    "<text:list xml:id=\"L1\" text:style-name=\"N\"><text:list-item>" P ("Информационно-методическое совещание") "</text:list-item></text:list>"
    "<text:list xml:id=\"L1_2\" text:style-name=\"N\"><text:list-item>" P ("Научно-практическая конференция") "</text:list-item></text:list>"
    "<text:list xml:id=\"L2\" text:continue-list=\"L1_2\" text:style-name=\"N\"><text:list-item>" P ("дальше") "</text:list-item></text:list>"
    "<text:list xml:id=\"L4\" text:style-name=\"N\"><text:list-item>" P ("сначала") "</text:list-item></text:list>" },
  { "inline-loop-first-last",
    P ("Форумы: {{#each event where kind = «Форум»}}{{#if not first}}; {{/if}}{{title}}{{/each}}."),
    P ("Форумы: Петербургский международный образовательный форум.") },
  { "nested-sub-records",
    P ("{{#each competition where series = «Сильные решения»}}{{name}}: {{count competition_entry}} заявок, "
       "{{#each competition_entry where result.is_award}}{{organisation}}{{#if not last}}, {{/if}}{{/each}}{{/each}}"),
    P ("Региональный конкурс результатов инновационной деятельности «Сильные решения»: 8 заявок, Гимназия № 271, Школа № 383, Гимназия № 505") },
  { "linked-organisations",
    P ("{{#each event where kind = «Стажировка» sort date_start limit 1}}{{organisers}} / {{organisers|orgs}} / "
       "{{#each organisers}}{{short_name|genitive}}{{/each}}{{/each}}"),
    P ("Детский сад № 26 / детский сад №\u00a026 / детского сада №\u00a026") },
  { "orgs-grouped",
    P ("{{#each event where kind = «Форум»}}{{presenters|orgs|capital}}{{/each}}"),
    P ("Школы №\u2060№\u00a0237, 375; гимназия №\u00a0271") },
  /* list over a list of organisations: the different ones the records'
   * lists name, in the records' order and each list's. */
  { "list-of-references",
    P ("{{list event.organisers where kind in («Семинар», «Стажировка»)|join \", \"}} / "
       "{{list event.organisers where kind = «Семинар»|orgs}} / "
       "{{#each event_kind where name = «Семинар»}}{{list event.organisers|orgs}}{{/each}}"),
    P ("Школа № 509, Лицей № 369, Лицей № 590, Детский сад № 26, Детский сад № 35, Детский сад № 73, "
       "Детский сад № 78, ЦО № 167, Школа № 383, Гимназия № 505, ДДТ, ЦПМСС / "
       "школа №\u00a0509; лицеи №\u2060№\u00a0369, 590 / школа №\u00a0509; лицеи №\u2060№\u00a0369, 590") },
  /* A loop's figures are those of the records it lists: with a limit,
   * of the first ones in its order, as its count is. */
  { "aggregates-of-a-limited-loop",
    P ("{{#each event where kind = «Семинар» sort date_start limit 2}}{{#}}. {{participants}}{{#if last}} — "
       "{{count}}, {{sum participants}}, {{avg participants|number 1}}, {{min participants}}–{{max participants}}, "
       "{{count participants}}, {{list organisers|join \", \"}}{{/if}}{{/each}}")
    P ("{{#each event where kind = «Семинар» sort participants desc limit 1}}{{sum participants}}, "
       "{{min date_start}}{{/each}}")
    P ("{{#each event where kind = «Семинар»}}{{#if last}}{{sum participants}}{{/if}}{{/each}}")
    P ("{{#each event_kind where name = «Семинар»}}{{#each event sort date_start desc limit 2}}{{#if last}}"
       "{{sum participants}}{{/if}}{{/each}}{{/each}}")
    P ("{{#each event group kind where participants > 0 limit 2}}{{kind.name}}: {{count}}, "
       "{{sum participants}}; {{/each}}")
    P ("{{#each event where kind = «Форум»}}{{#each presenters limit 2}}{{#if last}}{{count}}, "
       "{{max short_name}}{{/if}}{{/each}}{{/each}}"),
    P ("1. 36")
    P ("2. 15 — 2, 51, 25,5, 15–36, 2, Школа № 509, Лицей № 369")
    P ("36, 29.09.2022")
    P ("71")
    P ("35")
    P ("Информационно-методическое совещание: 4, 340; ")
    P ("Научно-практическая конференция: 5, 1991; ")
    P ("2, Школа № 237") },
  /* A group's footer adds up what the loop above it lists, as a loop's
   * own «итого» does: with a limit, its first records only; the group's
   * heading, and an aggregate that names the kind, are the group's
   * every record. A later loop without a limit lists them all again. */
  { "group-footer-under-a-limit",
    P ("{{#each event group kind where kind in («Семинар», «Стажировка») and participants > 0}}"
       "{{kind.name}} ({{count}}): {{#each event sort participants desc limit 2}}{{participants}} {{/each}}"
       "— {{count}}, {{sum participants}}, {{min participants}}, {{list organisers|join \", \"}} "
       "из {{count event}}, {{sum event.participants}}; {{/each}}")
    P ("{{#each event group kind where kind = «Семинар»}}{{#each event sort participants limit 1}}"
       "{{participants}} {{/each}}{{#each event}}{{participants}} {{/each}}— {{count}}, {{sum participants}}{{/each}}")
    P ("{{#each event group kind where kind = «Семинар»}}{{#each event_kind}}{{#each event limit 1}}{{/each}}{{/each}}"
       "{{count}}, {{sum participants}}{{/each}}"),
    P ("Семинар (3): 36 20 — 2, 56, 20, Школа № 509, Лицей № 590 из 3, 71; ")
    P ("Стажировка (2): 101 86 — 2, 187, 86, Детский сад № 26, Детский сад № 35 из 2, 187; ")
    P ("15 36 15 20 — 3, 71")
    P ("3, 71") },
  /* A group loop's sort: by the group's field, the groups' order; by
   * another, that of the records of the loops inside without their own. */
  { "group-sort",
    P ("{{#each event group kind where participants > 0 sort kind desc}}{{kind.name}}; {{/each}}")
    P ("{{#each event group kind where kind in («Семинар», «Стажировка») and participants > 0 sort participants desc}}"
       "{{kind.name}}: {{#each event}}{{participants}} {{/each}}{{/each}}")
    P ("{{#each event group kind where kind in («Семинар», «Стажировка») and participants > 0 sort kind.name desc, participants}}"
       "{{kind.name}}: {{#each event}}{{participants}} {{/each}}{{#each event sort date_start desc}}{{date_start}} {{/each}}{{/each}}"),
    P ("Стажировка; ") P ("Семинар; ") P ("Научно-практическая конференция; ") P ("Информационно-методическое совещание; ")
    P ("Семинар: 36 20 15 ") P ("Стажировка: 101 86 ")
    P ("Стажировка: 86 101   ") P ("Семинар: 15 20 36 15.03.2023 26.12.2022 29.09.2022 ") },
  { "column-loop",
    "<table:table table:name=\"D\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell><text:p>Год</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{#each year from 2020 to year}}{{year}}{{/each}}</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>Доля</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{max historical_figure.value where academic_year = year and kind = «доля ОО в ИД» any year}}</text:p></table:table-cell></table:table-row></table:table>",
    "<table:table table:name=\"D\"><table:table-column/><table:table-column/><table:table-column/><table:table-column/>"
    "<table:table-row><table:table-cell><text:p>Год</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>2020-2021</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>2021-2022</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>2022-2023</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>Доля</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"15\"><text:p>15</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"26\"><text:p>26</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p/></table:table-cell></table:table-row></table:table>" },
  /* A column that a loop repeats is one repetition from its header to its
   * last row: a reference below a note in its header names that column's. */
  { "cross-references-in-columns",
    "<table:table table:name=\"C\"><table:table-column/>"
    "<table:table-row><table:table-cell><text:p>{{#each year from 2021 to 2022}}{{year}}<text:note text:id=\"c\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("Год {{year}}") "</text:note-body></text:note>{{/each}}</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p><text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"c\">1</text:note-ref></text:p></table:table-cell></table:table-row></table:table>",
    "<table:table table:name=\"C\"><table:table-column/><table:table-column/>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>2021-2022<text:note text:id=\"c\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("Год 2021-2022") "</text:note-body></text:note></text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>2022-2023<text:note text:id=\"c_2\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>" P ("Год 2022-2023") "</text:note-body></text:note></text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p><text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"c\">1</text:note-ref></text:p></table:table-cell>"
    "<table:table-cell><text:p><text:note-ref text:note-class=\"footnote\" text:reference-format=\"text\" text:ref-name=\"c_2\">1</text:note-ref></text:p></table:table-cell></table:table-row></table:table>" },
  /* A column loop that found nothing took the table's only column: ODF
   * wants one, and a cell in every row; they come empty. */
  { "column-loop-without-records",
    "<table:table table:name=\"E\"><table:table-column/>"
    "<table:table-row><table:table-cell><text:p>{{#each event where title = «нет такого»}}{{title}}{{/each}}</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>{{participants}}</text:p></table:table-cell></table:table-row></table:table>" P ("после"),
    "<table:table table:name=\"E\"><table:table-column/>"
    "<table:table-row><table:table-cell/></table:table-row><table:table-row><table:table-cell/></table:table-row></table:table>" P ("после") },
  /* So do header rows that a loop found nothing for: the group goes. */
  { "header-rows-without-records",
    "<table:table table:name=\"H\"><table:table-column/><table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>{{#each event where title = «нет такого»}}{{title}}</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>{{participants}}{{/each}}</text:p></table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>тело</text:p></table:table-cell></table:table-row></table:table>",
    "<table:table table:name=\"H\"><table:table-column/>"
    "<table:table-row><table:table-cell><text:p>тело</text:p></table:table-cell></table:table-row></table:table>" },
  /* A number cell holds the value as written, a percentage the share as
   * printed: not 34.399999999999999 and 0.20800000000000002. */
  { "number-cell-values",
    "<table:table table:name=\"V\"><table:table-column table:number-columns-repeated=\"3\"/><table:table-row>"
    "<table:table-cell><text:p>{{34.4}}</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{20.8|percent}}</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{1 / 3|number 2}}</text:p></table:table-cell></table:table-row></table:table>",
    "<table:table table:name=\"V\"><table:table-column table:number-columns-repeated=\"3\"/><table:table-row>"
    "<table:table-cell office:value-type=\"float\" office:value=\"34.4\"><text:p>34,4</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"percentage\" office:value=\"0.208\"><text:p>20,8\u00a0%</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"0.3333333333333333\"><text:p>0,33</text:p></table:table-cell>"
    "</table:table-row></table:table>" },
  { "group-with-heading-and-subtotal",
    "<table:table table:name=\"G\"><table:table-column table:number-columns-repeated=\"2\"/>"
    "<table:table-row><table:table-cell><text:p>{{#each programme group funding}}{{funding.name}}</text:p></table:table-cell><table:table-cell><text:p></text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>{{#each programme}}{{hours}}</text:p></table:table-cell><table:table-cell><text:p>{{trained}}{{/each}}</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>{{count|plural \"программа\" \"программы\" \"программ\"}}</text:p></table:table-cell><table:table-cell><text:p>{{sum trained}}{{/each}}</text:p></table:table-cell></table:table-row></table:table>",
    NULL },
  { "conditions",
    P ("{{#if count event where kind = «Вебинар»}}вебинары были{{else}}вебинаров не было{{/if}}, "
       "{{#if setting.city = «Санкт-Петербург»}}город{{/if}}{{#if setting.no_such_setting}}нет{{/if}}")
    P ("{{#if count study &gt; 1}}")
    P ("исследований больше одного")
    P ("{{else}}")
    P ("не больше одного")
    P ("{{/if}}"),
    P ("вебинаров не было, город")
    P ("исследований больше одного") },
  { "formats",
    P ("{{1|plural \"участник\" \"участника\" \"участников\"}} {{22|plural \"участник\" \"участника\" \"участников\"}} "
       "{{(count organisation where type = «ДОУ» and active) * 100 / 77|percent}} {{12.5}} {{2.25|number 1}} {{«Кроха „Умёха“»|quote}} "
       "{{«Школа «Лидер»»|quote}} {{setting.head_name|or «не указано»}} {{«ДОУ»|small}} {{«семинар»|capital}} "
       "{{«АНО «НИИ «Воспитатели России»»»|quotes}} {{«ГБОУ «Школа» и «Лицей»»|quotes}} {{\"лишняя»\"|quotes}}"),
    P ("1 участник 22 участника 100\u00a0% 12,5 2,3 «Кроха „Умёха“» «Школа „Лидер“» не указано ДОУ Семинар "
       "АНО «НИИ „Воспитатели России“» ГБОУ «Школа» и «Лицей» лишняя»") },
  /* |plural keeps an empty value empty, for |or; it prints a number as
   * values are printed, a fraction with the genitive singular, and takes
   * the form from the digits printed, however many. */
  { "plural-of-fractions-and-empty-values",
    P ("{{#each event where kind = «Стажировка» sort id limit 4}}{{participants|plural \"участник\" \"участника\" \"участников\"|or \"нет данных\"}}; {{/each}}")
    P ("{{1.5|plural \"час\" \"часа\" \"часов\"}}, {{avg event.participants|plural \"участник\" \"участника\" \"участников\"}}, "
       "{{avg event.participants|number 1|plural \"участник\" \"участника\" \"участников\"}}, {{2|number 2|plural \"час\" \"часа\" \"часов\"}}, "
       "{{99999999999999999999|plural \"a\" \"b\" \"c\"}}, {{100000000000000000001|plural \"a\" \"b\" \"c\"}}, {{-21|plural \"a\" \"b\" \"c\"}}, "
       "{{112|plural \"a\" \"b\" \"c\"}}, {{0|plural \"a\" \"b\" \"c\"}}"),
    P ("86 участников; ") P ("101 участник; ") P ("нет данных; ") P ("нет данных; ")
    P ("1,5 часа, 184,93 участника, 184,9 участника, 2,00 часа, 100000000000000000000 c, 100000000000000000000 c, -21 a, 112 c, 0 c") },
  /* A text that is wholly a number is that number (a setting is kept as
   * text); any other is refused (test-template-mistakes.c). */
  { "numbers-of-texts",
    P ("{{\"12\"|number 1}} {{\" -12,5 \"|percent}} {{\"2.5\"|plural \"час\" \"часа\" \"часов\"}} {{\"21\"|plural \"час\" \"часа\" \"часов\"}} "
       "{{2.25|number 1|plural \"час\" \"часа\" \"часов\"}}"),
    P ("12,0 -12,5\u00a0% 2,5 часа 21 час 2,3 часа") },
  /* A date typed as it is printed (dd.mm.yyyy, d.m.yyyy) is that date in
   * a condition, as in ISO; it used to be compared as a text. So is an
   * academic year typed as it is printed. */
  { "date-literals-in-conditions",
    P ("{{count event where date_start >= \"2023-01-01\"}} {{count event where date_start >= \"01.01.2023\"}} "
       "{{count event where \"1.1.2023\" &lt;= date_start}} {{count event where date_start = \"29.09.2022\"}} "
       "{{count event where date_start in (\"29.09.2022\", \"26.12.2022\")}} "
       "{{count event where academic_year = \"2022-2023\" any year}} {{count event where academic_year = 2022 any year}}"),
    P ("6 6 6 1 2 28 28") },
  /* A negative number that rounds to nothing is 0, not «-0,00». */
  { "negative-zero",
    P ("{{-0.0001|number 2}} {{-0.0001|number}} {{-0.004|percent}} {{-0.4|number 0}} {{1/3|number \"2\"}} {{1/3|number 0}}"),
    P ("0,00 0 0\u00a0% 0 0,33 0") },
  /* A paragraph whose values are all empty goes, unless it starts a page:
   * the title page's first line keeps its page style (no page number on
   * it), also when Writer gave it a style of its own under the template's. */
  { "empty-paragraph-that-starts-a-page",
    "<text:p text:style-name=\"Annalist_20_Title_20_Page\">{{setting.no_such_setting}}</text:p>"
    "<text:p text:style-name=\"P1\">{{setting.no_such_setting}}</text:p>"
    "<text:p text:style-name=\"P2\">{{setting.no_<text:span text:style-name=\"T1\">such</text:span>_setting}}</text:p>"
    "<text:p text:style-name=\"P3\">{{setting.no_such_setting}}</text:p>"
    P ("{{setting.no_such_setting}}") P ("после"),
    "<text:p text:style-name=\"Annalist_20_Title_20_Page\"/>"
    "<text:p text:style-name=\"P1\"/>"
    "<text:p text:style-name=\"P2\"/>"
    P ("после") },
  /* A footnote holds paragraphs inside the paragraph it stands in; the
   * values on both sides of it and in it are filled, each paragraph
   * closed where it ends. */
  { "footnote",
    "<text:p text:style-name=\"Standard\">{{year}}<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
    "<text:note-citation>1</text:note-citation><text:note-body>" P ("{{setting.org_short_name}}") "</text:note-body>"
    "</text:note> до {{next_year}}</text:p>" P ("после"),
    "<text:p text:style-name=\"Standard\">2022-2023<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
    "<text:note-citation>1</text:note-citation><text:note-body>" P ("ИМЦ") "</text:note-body>"
    "</text:note> до 2023-2024</text:p>" P ("после") },
  /* So does a text box. */
  { "text-box",
    "<text:p text:style-name=\"Standard\">{{year}} <draw:frame draw:name=\"F\" text:anchor-type=\"as-char\" "
    "svg:width=\"4cm\"><draw:text-box>" P ("{{setting.org_short_name}}") P ("{{next_year}}") "</draw:text-box></draw:frame>"
    " {{previous_year}}</text:p>",
    "<text:p text:style-name=\"Standard\">2022-2023 <draw:frame draw:name=\"F\" text:anchor-type=\"as-char\" "
    "svg:width=\"4cm\"><draw:text-box>" P ("ИМЦ") P ("2023-2024") "</draw:text-box></draw:frame>"
    " 2021-2022</text:p>" },
  /* A section repeated by a loop gets a name of its own, as a table does
   * (Writer renames doubled ones when it opens the file). */
  { "repeated-section",
    P ("{{#each event where kind = «Семинар» limit 2}}") "<text:section text:name=\"Раздел\">" P ("{{#}}") "</text:section>" P ("{{/each}}"),
    "<text:section text:name=\"Раздел\">" P ("1") "</text:section><text:section text:name=\"Раздел_2\">" P ("2") "</text:section>" },
  /* A template edited with changes recorded is written as if they were
   * accepted: a deleted loop opener is gone, inserted text is kept. */
  { "tracked-changes",
    "<text:tracked-changes text:track-changes=\"true\">"
    "<text:changed-region text:id=\"ct1\"><text:deletion><office:change-info><dc:creator>Методист</dc:creator>"
    "<dc:date>2023-06-01T10:00:00</dc:date></office:change-info>" P ("{{#each event}}{{title}}") "</text:deletion></text:changed-region>"
    "<text:changed-region text:id=\"ct2\"><text:insertion><office:change-info><dc:creator>Методист</dc:creator>"
    "<dc:date>2023-06-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>"
    P ("Год <text:change text:change-id=\"ct1\"/><text:change-start text:change-id=\"ct2\"/>{{ye<text:change-end text:change-id=\"ct2\"/>ar}}")
    P ("<text:change-start text:change-id=\"ct2\"/>{{#each event where kind = «Форум»}}<text:change-end text:change-id=\"ct2\"/>")
    P ("{{title}}") P ("{{/each}}"),
    P ("Год 2022-2023") P ("Петербургский международный образовательный форум") },
  /* A comment is a note to colleagues, dropped from the document: the
   * placeholders it holds are not the template's, wherever it is
   * anchored, a placeholder it interrupts is still one, and a paragraph
   * of a tag and a comment goes with the tag. */
  { "comments",
    P ("Год <office:annotation><dc:creator>Методист</dc:creator>" P ("Вставить {{год}}, {{#each event}} или {{/if}}")
       "</office:annotation>{{ye<office:annotation office:name=\"c1\"><dc:creator>Методист</dc:creator>" P ("{{/each}}")
       "</office:annotation>a<office:annotation-end office:name=\"c1\"/>r}}")
    P ("{{#each event_kind limit 2}}<office:annotation><dc:creator>Методист</dc:creator>" P ("Пример: {{#each event}}")
       "</office:annotation>")
    P ("{{name}}")
    P ("<text:span text:style-name=\"T1\">{{/each}}<office:annotation><dc:creator>Методист</dc:creator>" P ("{{/each}}")
       "</office:annotation></text:span>"),
    P ("Год 2022-2023") P ("Информационно-методическое совещание") P ("Научно-практическая конференция") },
  { "narrative-paragraphs",
    P ("{{text \"info-website\"}}") P ("{{text \"no-such-key\"}}") P ("после"),
    NULL },
  { "hostile-record-text",
    P ("{{#each organisation where short_name = «Враждебная»}}{{full_name}}|{{notes}}{{/each}}"),
    NULL },
};

static const Pair *
pair_named (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_str_equal (pairs[i].name, name))
      return &pairs[i];
  g_assert_not_reached ();
}

static void
check_pair (gconstpointer data)
{
  const Pair *pair = data;
  g_autofree char *got = render (pair->body);

  if (pair->expected != NULL)
    g_assert_cmpstr (got, ==, pair->expected);
}

/* A table row loop over a group: heading row, the group's rows, the
 * subtotal row, once per funding model. */
static void
test_group_rows (void)
{
  g_autofree char *got = render (pair_named ("group-with-heading-and-subtotal")->body);

  /* «Государственное задание» comes first (position 1) with 1 programme. */
  g_assert_nonnull (strstr (got, "<text:p>Государственное задание</text:p>"));
  g_assert_nonnull (strstr (got, "1 программа"));
  g_assert_nonnull (strstr (got, "2 программы"));
  g_assert_true (strstr (got, "Государственное задание") < strstr (got, "Персонифицированная модель обучения"));
}

static void
test_narrative (void)
{
  g_autofree char *got = render (pair_named ("narrative-paragraphs")->body);
  g_auto(GStrv) paragraphs = g_strsplit (got, "<text:p", -1);

  /* Two paragraphs of the user's text, the empty slot left out. */
  g_assert_nonnull (strstr (got, "<text:p text:style-name=\"Standard\">В течение учебного года велась целенаправленная работа"));
  g_assert_nonnull (strstr (got, "<text:p text:style-name=\"Standard\">Работа с сайтом по вопросам"));
  g_assert_cmpuint (g_strv_length (paragraphs) - 1, ==, 3);
  g_assert_true (g_str_has_suffix (got, P ("после")));
}

/* Control characters, U+FFFE and bytes that are not UTF-8 in a record
 * come out as valid XML. */
static void
test_hostile_text (void)
{
  g_autofree char *got = NULL;
  sqlite3 *db = annalist_store_get_db (store);

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO organisation (full_name, short_name, type_id, notes) VALUES "
                                 "(CAST (x'd0a1d182d180d0b0d0bdd0bdd0b0d18f01efbfbe3c2f746578743a703e26' AS TEXT), "
                                 "'Враждебная', 4, CAST (x'616263ff64d0' AS TEXT))",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  got = render (pair_named ("hostile-record-text")->body);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM organisation WHERE short_name = 'Враждебная'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_nonnull (strstr (got, "Странная&lt;/text:p&gt;&amp;|abc\xef\xbf\xbd" "d\xef\xbf\xbd"));
}

/* Template text reaches SQL only as bound values. */
static void
test_literals_are_bound (void)
{
  g_autofree char *got = render (P ("{{count event where title = \"x'); DROP TABLE event; --\"}}"));
  g_autofree char *message = refusal (P ("{{count event where kind = \"' OR 1=1 --\"}}"));

  g_assert_cmpstr (got, ==, P ("0"));
  /* A text a reference is compared with names a record: there is none. */
  g_assert_nonnull (strstr (message, "“Event kinds” has no record named “' OR 1=1 --”."));
  g_assert_cmpint (annalist_store_count (store, annalist_kind_lookup ("event"), &(AnnalistQuery) ANNALIST_QUERY_INIT, NULL), >, 0);
}

/* Parameters --------------------------------------------------------------------- */

static void
test_parameters (void)
{
  g_autoptr(AnnalistTemplate) year = template_new (P ("{{year}}"), NULL);
  g_autoptr(AnnalistTemplate) none = template_new (P ("{{count organisation}}"), NULL);
  g_autoptr(AnnalistTemplate) org = template_new (P ("{{organisation.short_name}}: {{count innovation_status any year}}"), NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = output_path ("org", "fodt");
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { 0 };

  g_assert_cmpint (annalist_template_get_params (year), ==, ANNALIST_TEMPLATE_PARAM_YEAR);
  g_assert_cmpint (annalist_template_get_params (none), ==, 0);
  g_assert_cmpint (annalist_template_get_params (org), ==, ANNALIST_TEMPLATE_PARAM_ORGANISATION);
  text = annalist_template_params_to_string (ANNALIST_TEMPLATE_PARAM_YEAR | ANNALIST_TEMPLATE_PARAM_PLAN);
  g_assert_cmpstr (text, ==, "year,plan");

  /* A document for one organisation: its statuses only. */
  g_assert_false (annalist_template_render (org, store, &params, path, NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);
  params.organisation_id = 1;
  while (params.organisation_id < 200)
    {
      g_autoptr(AnnalistRecord) record = annalist_store_load (store, annalist_kind_lookup ("organisation"),
                                                              params.organisation_id, NULL);
      if (record != NULL && g_strcmp0 (annalist_record_get_string (record, "short_name"), "Школа № 383") == 0)
        break;
      params.organisation_id++;
    }
  g_assert_true (annalist_template_render (org, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  body = written_body (path);
  g_assert_cmpstr (body, ==, P ("Школа № 383: 2"));
}

/* A document for a period of years: records of year kinds from the whole
 * period, one year at a time inside a loop over its years. */
static void
test_period (void)
{
  g_autoptr(AnnalistTemplate) period = template_new (
    P ("{{period_start}} – {{period_end}}: {{count historical_figure}}, {{count event}}")
    P ("{{#each year from period_start to period_end}}{{year}}={{count historical_figure}}{{/each}}"), NULL);
  g_autofree char *path = output_path ("period", "fodt");
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { 0 };
  gint64 in_period = 0, events = 0;
  g_autoptr(GString) years = g_string_new (NULL);

  g_assert_cmpint (annalist_template_get_params (period), ==, ANNALIST_TEMPLATE_PARAM_PERIOD);
  g_assert_false (annalist_template_render (period, store, &params, path, NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_clear_error (&error);

  params.period_from = 2017;
  params.period_to = 2022;
  g_assert_true (annalist_template_render (period, store, &params, path, NULL, &error));
  g_assert_no_error (error);

  /* What the records say, counted here with SQL. */
  {
    sqlite3_stmt *stmt = annalist_store_prepare (store,
      "SELECT (SELECT count(*) FROM historical_figure WHERE academic_year BETWEEN 2017 AND 2022),"
      "       (SELECT count(*) FROM event WHERE academic_year BETWEEN 2017 AND 2022)", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    in_period = sqlite3_column_int64 (stmt, 0);
    events = sqlite3_column_int64 (stmt, 1);
    sqlite3_reset (stmt);
  }
  g_assert_cmpint (in_period, >, 3);
  for (int y = 2017; y <= 2022; y++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM historical_figure WHERE academic_year = %d", y);
      sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);

      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (years, P ("%d-%d=%" G_GINT64_FORMAT), y, y + 1,
                              (gint64) sqlite3_column_int64 (stmt, 0));
      sqlite3_reset (stmt);
    }
  expected = g_strdup_printf (P ("2017-2018 – 2022-2023: %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT) "%s",
                              in_period, events, years->str);
  body = written_body (path);
  g_assert_cmpstr (body, ==, expected);
}

/* In a document for a period, a loop's record with a field called
 * period_start (a project's) prints its own, not the document's. */
static void
test_period_field (void)
{
  g_autoptr(AnnalistTemplate) period = template_new (
    P ("{{period_start}}: {{#each project where period_start sort id limit 1}}{{period_start}} – {{period_end}}{{/each}}"), NULL);
  g_autofree char *path = output_path ("period-field", "fodt");
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .period_from = 2022, .period_to = 2022 };
  sqlite3_stmt *stmt = annalist_store_prepare (store,
    "SELECT strftime ('%d.%m.%Y', period_start), strftime ('%d.%m.%Y', period_end) FROM project "
    "WHERE period_start IS NOT NULL AND period_start <= '2023-08-31' "
    "AND (period_end IS NULL OR period_end >= '2022-09-01') ORDER BY id LIMIT 1", NULL);

  g_assert_cmpint (annalist_template_get_params (period), ==, ANNALIST_TEMPLATE_PARAM_PERIOD);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  expected = g_strdup_printf (P ("2022-2023: %s – %s"), sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);

  g_assert_true (annalist_template_render (period, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  body = written_body (path);
  g_assert_cmpstr (body, ==, expected);
}

/* In a document for a project, the project is no loop: a bare
 * period_start is still the document's, the project's is named through
 * it, and a stage's inside a loop over stages. */
static void
test_period_of_project (void)
{
  g_autoptr(AnnalistTemplate) tmpl = template_new (
    P ("{{#if period_start = period_end}}один{{else}}{{period_start}} – {{period_end}}{{/if}}; {{project.period_start}}")
    P ("{{#each project_stage sort id limit 1}}{{period_start}}{{/each}}"), NULL);
  g_autofree char *path = output_path ("period-project", "fodt");
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .period_from = 2021, .period_to = 2022 };
  sqlite3_stmt *stmt = annalist_store_prepare (store,
    "SELECT p.id, strftime ('%d.%m.%Y', p.period_start), strftime ('%d.%m.%Y', s.period_start)"
    " FROM project p JOIN project_stage s ON s.project_id = p.id"
    " WHERE p.period_start IS NOT NULL AND s.period_start <= '2023-08-31'"
    " AND (s.period_end IS NULL OR s.period_end >= '2021-09-01') ORDER BY p.id, s.id LIMIT 1", NULL);

  g_assert_cmpint (annalist_template_get_params (tmpl), ==,
                   ANNALIST_TEMPLATE_PARAM_PROJECT | ANNALIST_TEMPLATE_PARAM_PERIOD);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  params.project_id = sqlite3_column_int64 (stmt, 0);
  expected = g_strdup_printf (P ("2021-2022 – 2022-2023; %s") P ("%s"),
                              sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);

  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  body = written_body (path);
  g_assert_cmpstr (body, ==, expected);
}

/* A group's records, and a loop or an aggregate inside it, are those of
 * the document's organisation: an indicator's values year by year. */
static void
test_group_of_organisation (void)
{
  g_autoptr(AnnalistTemplate) tmpl = template_new (
    P ("{{organisation.short_name}}")
    P ("{{#each historical_figure group kind}}{{kind.short_name}}:"
       "{{#each year from period_start to period_end}} {{count historical_figure}}/{{sum historical_figure.value}}{{/each}}"
       "{{/each}}"), NULL);
  g_autofree char *path = output_path ("group-organisation", "fodt");
  g_autofree char *body = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  AnnalistDocumentParams params = { .period_from = 2015, .period_to = 2019 };
  sqlite3_stmt *stmt = annalist_store_prepare (store,
    "SELECT id FROM organisation WHERE short_name = 'Школа № 509'", NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  params.organisation_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* The sample's values of school № 509 alone (the district's and the
   * other schools' of the same indicator and years are left out). */
  stmt = annalist_store_prepare (store,
    "SELECT k.short_name, y.y, (SELECT count (*) FROM historical_figure h WHERE h.kind_id = k.id "
    "  AND h.organisation_id = ?1 AND h.academic_year = y.y), "
    "  (SELECT total (h.value) FROM historical_figure h WHERE h.kind_id = k.id "
    "  AND h.organisation_id = ?1 AND h.academic_year = y.y) "
    "FROM figure_kind k, (WITH RECURSIVE n (y) AS (SELECT 2015 UNION ALL SELECT y + 1 FROM n WHERE y < 2019) "
    "                     SELECT y FROM n) y "
    "WHERE k.id IN (SELECT kind_id FROM historical_figure WHERE organisation_id = ?1 "
    "               AND academic_year BETWEEN 2015 AND 2019) "
    "ORDER BY k.position, k.name, y.y", NULL);
  sqlite3_bind_int64 (stmt, 1, params.organisation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int y = sqlite3_column_int (stmt, 1);

      if (y == 2015)
        g_string_append_printf (expected, "%s:", sqlite3_column_text (stmt, 0));
      g_string_append_printf (expected, " %d/%g", sqlite3_column_int (stmt, 2), sqlite3_column_double (stmt, 3));
    }
  sqlite3_reset (stmt);
  g_assert_nonnull (strstr (expected->str, " 1/1"));

  g_assert_true (annalist_template_render (tmpl, store, &params, path, NULL, &error));
  g_assert_no_error (error);
  body = written_body (path);
  {
    g_autofree char *paragraph = g_strdup_printf (P ("Школа № 509") P ("%s"), expected->str);
    g_assert_cmpstr (body, ==, paragraph);
  }
}

/* Every document written here is valid ODF 1.3. */
/* A column loop writes its column once a record: every column of that
 * table gets a style of its own, the widths scaled to fill the table
 * again (4 + 3 × 6 cm into 10); a table without one keeps the template's. */
static void
test_column_widths (void)
{
  g_autofree char *got = render (
    "<table:table table:name=\"W\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A\"/>"
    "<table:table-column table:style-name=\"W.B\"/><table:table-row>"
    "<table:table-cell><text:p>Год</text:p></table:table-cell>"
    "<table:table-cell><text:p>{{#each year from 2020 to year}}{{year}}{{/each}}</text:p></table:table-cell></table:table-row></table:table>"
    "<table:table table:name=\"K\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A\"/>"
    "<table:table-column table:style-name=\"W.B\"/><table:table-row>"
    "<table:table-cell><text:p>{{year}}</text:p></table:table-cell><table:table-cell><text:p/></table:table-cell></table:table-row></table:table>");
  const char *path = g_ptr_array_index (outputs, outputs->len - 1);
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_autofree char *a = NULL, *b = NULL;
  char *end;

  g_assert_nonnull (strstr (got, "<table:table table:name=\"W\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A_1\"/>"
                                 "<table:table-column table:style-name=\"W.B_1\"/><table:table-column table:style-name=\"W.B_1\"/>"
                                 "<table:table-column table:style-name=\"W.B_1\"/><table:table-row>"));
  g_assert_nonnull (strstr (got, "<table:table table:name=\"K\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A\"/>"
                                 "<table:table-column table:style-name=\"W.B\"/><table:table-row>"));
  a = xpath_string (doc, "string(//office:automatic-styles/style:style[@style:name='W.A_1']/style:table-column-properties/@style:column-width)");
  b = xpath_string (doc, "string(//office:automatic-styles/style:style[@style:name='W.B_1']/style:table-column-properties/@style:column-width)");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (a, &end), 4 * 10.0 / 22, 0.001);
  g_assert_cmpstr (end, ==, "cm");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (b, &end), 6 * 10.0 / 22, 0.001);
  g_assert_cmpstr (end, ==, "cm");
  g_free (a);
  a = xpath_string (doc, "string(//style:style[@style:name='W.B_1']/*/@style:rel-column-width)");
  g_assert_cmpstr (a, ==, "6000*");
  /* Both fill their 10 cm. */
  g_assert_cmpuint (check_tables (doc), ==, 2);
  xmlFreeDoc (doc);

  /* A table a loop repeats, its column loop as wide each time: the
   * copies share the scaled styles. */
  g_free (render (P ("{{#each event where kind = «Семинар» limit 2}}")
                  "<table:table table:name=\"W\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A\"/>"
                  "<table:table-column table:style-name=\"W.B\"/><table:table-row>"
                  "<table:table-cell><text:p>{{title}}</text:p></table:table-cell>"
                  "<table:table-cell><text:p>{{#each year from 2021 to year}}{{year}}{{/each}}</text:p></table:table-cell></table:table-row></table:table>"
                  P ("{{/each}}")));
  doc = xmlReadFile (g_ptr_array_index (outputs, outputs->len - 1), NULL, XML_PARSE_NONET);
  g_assert_cmpfloat (xpath_number (doc, "count(//office:automatic-styles/style:style[starts-with(@style:name, 'W.A_')])"), ==, 1);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table-column[starts-with(@table:style-name, 'W.A_')])"), ==, 2);
  g_assert_cmpfloat (xpath_number (doc, "count(//table:table-column[starts-with(@table:style-name, 'W.B_')])"), ==, 4);
  g_assert_cmpuint (check_tables (doc), ==, 2);
  xmlFreeDoc (doc);
}

/* A page's footer is filled as the text is; a chart cannot stand there
 * (header and footer are styles, which hold no objects) and is refused
 * rather than left out without a word. */
static void
test_chart_in_footer (void)
{
  g_autofree char *text = template_text (P ("{{year}}"));
  g_autofree char *with_footer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AnnalistTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  char *body = strstr (text, "<office:body>");

  g_assert_nonnull (body);
  *body = '\0';
  with_footer = g_strconcat (text, "<office:master-styles><style:master-page style:name=\"Standard\"><style:footer>"
                             "<text:p>{{chart line share_dynamics academic_year share \"Доля\"}}</text:p>"
                             "</style:footer></style:master-page></office:master-styles>", "<", body + 1, NULL);
  bytes = g_bytes_new (with_footer, strlen (with_footer));
  tmpl = annalist_template_new (bytes, "Проба", &error);
  g_assert_null (tmpl);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "in a page header or footer: {{chart line share_dynamics academic_year share \"Доля\"}} — "
                                            "a chart cannot stand in a page header or footer"));
}

/* A chart stands where its placeholder does, in a table's heading row too
 * (heading rows are written only once the table has rows). */
static void
test_chart_in_heading_row (void)
{
  g_autofree char *got = render (
    "<table:table table:name=\"H\"><table:table-column/>"
    "<table:table-header-rows><table:table-row><table:table-cell>"
    "<text:p>Доля {{chart line share_dynamics academic_year share \"Доля ОО, %\"}}</text:p>"
    "</table:table-cell></table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>{{year}}</text:p></table:table-cell></table:table-row></table:table>");

  g_assert_nonnull (strstr (got, "<table:table table:name=\"H\"><table:table-column/>"
                                 "<table:table-header-rows><table:table-row><table:table-cell office:value-type=\"string\">"
                                 "<text:p>Доля <draw:frame "));
  g_assert_nonnull (strstr (got, "</draw:frame></text:p></table:table-cell></table:table-row></table:table-header-rows>"
                                 "<table:table-row>"));
}

/* Random combinations ---------------------------------------------------------------- */

/* Loops to put in the pieces below: the opener and a field of its records.
 * One finds nothing, so that empty loops are combined too. */
static const char *const combination_loops[][2] = {
  { "{{#each event_kind limit 3}}", "{{name}}" },
  { "{{#each event where kind = «Семинар» sort date_start}}", "{{date_start|date}}" },
  { "{{#each organisation where short_name = \"Нет такой\"}}", "{{short_name}}" },
  { "{{#each innovation_status sort id limit 2}}", "{{organisation.short_name}}" },
};

/* Pieces of a document, each right on its own: @OPEN stands for a loop's
 * opener, @FIELD for a field of its records, @N for a number. */
#define CELL(text) "<table:table-cell>" P (text) "</table:table-cell>"
#define ROW(cells) "<table:table-row>" cells "</table:table-row>"
#define TABLE2(name) "<table:table table:name=\"" name "\"><table:table-column table:number-columns-repeated=\"2\"/>"
static const char *const combination_pieces[] = {
  P ("Год: {{year}}, мероприятий {{count event}}."),
  P ("@OPEN") P ("@FIELD") P ("{{/each}}"),
  P ("Список: @OPEN@FIELD{{#if not last}}, {{/if}}{{/each}}."),
  "<text:list>" ITEM ("@OPEN") ITEM ("{{#}}. @FIELD") ITEM ("{{/each}}") "</text:list>",
  "<text:list><text:list-item>" P ("Виды: @OPEN") "<text:list>" ITEM ("@FIELD") "</text:list></text:list-item>"
  ITEM ("{{/each}} и другие") "</text:list>",
  TABLE2 ("R") "<table:table-header-rows>" ROW (CELL ("№") CELL ("Что")) "</table:table-header-rows>"
  ROW (CELL ("@OPEN{{#}}") CELL ("@FIELD{{/each}}")) "</table:table>",
  TABLE2 ("S") ROW ("<table:table-cell table:number-columns-spanned=\"2\">" P ("@OPEN@FIELD") "</table:table-cell><table:covered-table-cell/>")
  ROW (CELL ("{{#}}") CELL ("{{/each}}")) ROW (CELL ("Всего") CELL ("{{count event}}")) "</table:table>",
  "<table:table table:name=\"Y\" table:style-name=\"W\"><table:table-column table:style-name=\"W.A\"/><table:table-column table:style-name=\"W.B\"/>"
  ROW (CELL ("Год") CELL ("{{#each year from 2020 to year}}{{year}}{{/each}}"))
  ROW (CELL ("@OPEN@FIELD{{/each}}") CELL ("{{year|year}}")) "</table:table>",
  TABLE2 ("G") ROW (CELL ("{{#each event group kind}}{{kind.name}}") "<table:table-cell/>")
  ROW (CELL ("{{#each event}}{{title}}") CELL ("{{participants}}{{/each}}"))
  ROW (CELL ("{{count}}") CELL ("{{sum participants}}{{/each}}")) "</table:table>",
  P ("{{#if count event > @N}}") P ("Много @OPEN@FIELD{{/each}}") P ("{{else}}") P ("Мало") P ("{{/if}}"),
  "<text:list>" ITEM ("{{#if count event > @N}}") ITEM ("много") ITEM ("{{else}}") ITEM ("мало") ITEM ("{{/if}}") "</text:list>",
  P ("{{chart line share_dynamics academic_year share \"Доля ОО, %\"}}"),
  "<table:table table:name=\"C\"><table:table-column/><table:table-header-rows>"
  ROW (CELL ("{{chart bar share_dynamics academic_year share \"Доля\"}}")) "</table:table-header-rows>"
  ROW (CELL ("@OPEN@FIELD")) ROW (CELL ("{{/each}}")) "</table:table>",
  /* Cross-references: a caption's number referred to before it and after
   * it in each repetition, and from another loop, longer than some. */
  P ("@OPEN<text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refX\">1</text:sequence-ref>: @FIELD "
     "<text:sequence text:ref-name=\"refX\" text:name=\"Table\" text:formula=\"ooow:Table+1\" style:num-format=\"1\">1</text:sequence>"
     " (<text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refX\">1</text:sequence-ref>){{/each}}")
  P ("См. {{#each event_kind limit 4}}<text:sequence-ref text:reference-format=\"value\" text:ref-name=\"refX\">1</text:sequence-ref> {{/each}}"),
  /* A heading and a table repeated per record, a loop over its own kinds inside. */
  "<text:h text:outline-level=\"2\">{{#each event_kind limit 2}}{{name}}</text:h>"
  "<table:table table:name=\"N\"><table:table-column/>" ROW (CELL ("{{#each event sort date_start limit 2}}{{title}}{{/each}}"))
  "</table:table>" P ("{{/each}}"),
};
#undef CELL
#undef ROW
#undef TABLE2

/* Documents of a few pieces, picked by a fixed seed: whatever stands
 * next to what, they render into whole tables (check_tables () in
 * render ()), every placeholder used up, no empty bullets, and valid ODF
 * (test_valid ()). */
static void
test_combinations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);

  for (guint d = 0; d < 40; d++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (rand, 2, 7);
      g_autofree char *got = NULL;

      for (guint i = 0; i < n; i++)
        {
          const char *piece = combination_pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (combination_pieces))];
          const char *const *loop = combination_loops[g_rand_int_range (rand, 0, G_N_ELEMENTS (combination_loops))];

          g_autoptr(GString) text = g_string_new (piece);

          g_string_replace (text, "@OPEN", loop[0], 0);
          g_string_replace (text, "@FIELD", loop[1], 0);
          g_string_replace (text, "@N", g_rand_boolean (rand) ? "0" : "1000", 0);
          g_string_append (body, text->str);
        }
      got = render (body->str);
      if (strstr (got, "{{") != NULL || strstr (got, "}}") != NULL)
        g_error ("document %u kept a placeholder: %s\nfrom: %s", d, got, body->str);
      /* Bullets that held only a tag went with it. */
      if (strstr (got, "<text:list-item>" P ("") "</text:list-item>") != NULL ||
          strstr (got, "<text:list-item><text:p text:style-name=\"Standard\"/></text:list-item>") != NULL)
        g_error ("document %u has an empty bullet: %s\nfrom: %s", d, got, body->str);
    }
}

/* Every placeholder the window «Поля для шаблонов» lists, inside the loop
 * it lists for its kind, is one the engine takes: the list says the
 * names the engine resolves, not others. */
static void
test_fields_listed (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *got = NULL;
  guint fields = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      guint n;
      const AnnalistKind * const *kinds = pass == 0 ? annalist_kinds_all (&n) : annalist_computed_kinds (&n);

      for (guint k = 0; k < n; k++)
        {
          g_string_append_printf (body, "<text:p>{{#each %s limit 1}}%s:", kinds[k]->name, kinds[k]->name);
          for (guint f = 0; f < kinds[k]->n_fields; f++)
            {
              g_autofree char *placeholder = annalist_template_fields_placeholder (kinds[k], &kinds[k]->fields[f]);

              g_string_append_printf (body, " %s", placeholder);
              fields++;
            }
          g_string_append (body, "{{/each}}</text:p>");
        }
    }
  got = render (body->str);
  g_assert_null (strstr (got, "{{"));
  g_assert_cmpuint (fields, >, 250);

  /* And the document's own values and settings it lists, in a document
   * for a period, which knows them all (first and last in a loop). */
  {
    g_autoptr(GString) values_body = g_string_new (NULL);
    g_autoptr(AnnalistTemplate) values = NULL;
    g_autofree char *path = output_path ("values", "fodt");
    g_autofree char *written = NULL;
    g_autoptr(GError) error = NULL;
    AnnalistDocumentParams params = { .period_from = 2021, .period_to = 2022 };
    const AnnalistDocumentValue *known;
    const char *key;
    guint n;

    known = _annalist_document_values (&n);
    for (guint i = 0; i < n; i++)
      {
        if (known[i].type == REF_FIRST || known[i].type == REF_LAST)
          g_string_append_printf (values_body, "<text:p>{{#each event limit 2}}%s={{%s}} {{/each}}</text:p>",
                                  known[i].name, known[i].name);
        else
          g_string_append_printf (values_body, "<text:p>%s={{%s}}</text:p>", known[i].name, known[i].name);
      }
    for (guint i = 0; (key = annalist_preferences_setting (i, NULL)) != NULL; i++)
      g_string_append_printf (values_body, "<text:p>%s={{setting.%s}}</text:p>", key, key);
    values = template_new (values_body->str, &error);
    g_assert_no_error (error);
    g_assert_true (annalist_template_render (values, store, &params, path, NULL, &error));
    g_assert_no_error (error);
    written = written_body (path);
    g_assert_null (strstr (written, "{{"));
    g_assert_nonnull (strstr (written, "period_start=2021-2022"));
    g_assert_nonnull (strstr (written, "first=yes </text:p><text:p>first=no "));
    g_assert_nonnull (strstr (written, "last=no </text:p><text:p>last=yes "));
    g_assert_nonnull (strstr (written, "org_short_name=ИМЦ"));
  }
  /* A reference by its name without «_id», and one whose name is a word
   * of the language by its column; the values of a record. */
  {
    const AnnalistKind *event = annalist_kind_lookup ("event");
    const AnnalistKind *status_kind = annalist_kind_lookup ("status_kind");
    g_autofree char *kind = annalist_template_fields_placeholder (event, annalist_kind_field (event, "kind_id"));
    g_autofree char *group = annalist_template_fields_placeholder (status_kind, annalist_kind_field (status_kind, "group_id"));

    g_assert_cmpstr (kind, ==, "{{kind}}");
    g_assert_cmpstr (group, ==, "{{group_id}}");
    g_assert_nonnull (strstr (got, "event: 2022-2023 Научно-практическая конференция Районная педагогическая конференция"));
  }
}

static void
add_tests (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *name = g_strconcat ("/template/pair/", pairs[i].name, NULL);
      if (pairs[i].expected != NULL)
        g_test_add_data_func (name, &pairs[i], check_pair);
    }
  g_test_add_func ("/template/feature/group-rows", test_group_rows);
  g_test_add_func ("/template/feature/column-widths", test_column_widths);
  g_test_add_func ("/template/feature/chart-in-heading-row", test_chart_in_heading_row);
  g_test_add_func ("/template/mistake/chart-in-footer", test_chart_in_footer);
  g_test_add_func ("/template/feature/narrative", test_narrative);
  g_test_add_func ("/template/feature/hostile-text", test_hostile_text);
  g_test_add_func ("/template/feature/literals-are-bound", test_literals_are_bound);
  g_test_add_func ("/template/feature/parameters", test_parameters);
  g_test_add_func ("/template/feature/period", test_period);
  g_test_add_func ("/template/feature/period-field", test_period_field);
  g_test_add_func ("/template/feature/period-of-project", test_period_of_project);
  g_test_add_func ("/template/feature/group-of-organisation", test_group_of_organisation);
  g_test_add_func ("/template/feature/combinations", test_combinations);
  g_test_add_func ("/template/feature/fields-listed", test_fields_listed);
}

int
main (int   argc,
      char *argv[])
{
  return template_test_main (argc, argv, "template", add_tests);
}
