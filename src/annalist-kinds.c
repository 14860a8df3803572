/* annalist-kinds.c — the field descriptors of every record kind
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file is the one place that says what a record of each kind holds.
 * The columns must match src/migrations; tests/test-kinds.c checks that
 * they do.
 */

#define G_LOG_DOMAIN "annalist-kinds"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "annalist-kinds-private.h"

/* Dictionaries ------------------------------------------------------------- */

#define DICTIONARY_FIELDS \
  TEXT ("name", N_("Name"), REQ | LIST | FIND), \
  TEXT ("short_name", N_("Short name"), LIST | FIND | NARROW), \
  NUMBER ("position", N_("Order in lists"), LIST, 0, 1000000)

/* A value whose meaning documents rely on: they test its code, which the
 * user does not see, so renaming the value changes only its words. */
#define CODE_FIELD \
  { "code", ANNALIST_FIELD_TEXT, N_("Code"), ANNALIST_FIELD_HIDDEN, 0, 100, \
    NULL, NULL, NULL, NULL, NULL }

#define DICTIONARY(kname, klabel, ksingular, kfields) \
  KIND (kname, klabel, ksingular, kfields, .title_column = "name", \
        .order_by = "position, name", .is_dictionary = TRUE)

static const AnnalistField org_type_fields[] = {
  DICTIONARY_FIELDS,
  FLAG ("counted", N_("Counted in the district's shares"), LIST, TRUE),
};
KIND (org_type, N_("Organisation types"), N_("Organisation type"), org_type_fields,
      .title_column = "name", .display_column = "short_name",
      .order_by = "position, name", .is_dictionary = TRUE);

static const AnnalistField status_group_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (status_group, N_("Groups of the innovation summary"),
            N_("Group of the innovation summary"), status_group_fields);

static const AnnalistField status_kind_fields[] = {
  DICTIONARY_FIELDS,
  DICT ("group_id", N_("Group in the innovation summary"), REQ | LIST, "status_group"),
  TEXT ("holder_title", N_("What a holder is called"), FIND),
};
KIND (status_kind, N_("Status kinds"), N_("Status kind"), status_kind_fields,
      .title_column = "name", .display_column = "short_name",
      .order_by = "position, name", .is_dictionary = TRUE);

static const AnnalistField level_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (level, N_("Levels"), N_("Level"), level_fields);

static const AnnalistField document_kind_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (document_kind, N_("Document kinds"), N_("Document kind"), document_kind_fields);

static const AnnalistField event_kind_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (event_kind, N_("Event kinds"), N_("Event kind"), event_kind_fields);

static const AnnalistField audience_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (audience, N_("Audience categories"), N_("Audience category"), audience_fields);

static const AnnalistField funding_model_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (funding_model, N_("Funding models"), N_("Funding model"), funding_model_fields);

static const AnnalistField entry_result_fields[] = {
  DICTIONARY_FIELDS,
  FLAG ("is_award", N_("Counts as an award"), LIST, FALSE),
};
DICTIONARY (entry_result, N_("Competition results"), N_("Competition result"), entry_result_fields);

static const AnnalistField product_form_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (product_form, N_("Product forms"), N_("Product form"), product_form_fields);

static const AnnalistField expertise_kind_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (expertise_kind, N_("Expertise kinds"), N_("Expertise kind"), expertise_kind_fields);

static const AnnalistField publication_kind_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (publication_kind, N_("Publication kinds"), N_("Publication kind"), publication_kind_fields);

static const AnnalistField content_kind_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (content_kind, N_("Content kinds"), N_("Content kind"), content_kind_fields);

static const AnnalistField measure_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (measure, N_("Measures of indicators"), N_("Measure of indicators"), measure_fields);

static const AnnalistField activity_kind_fields[] = { DICTIONARY_FIELDS };
DICTIONARY (activity_kind, N_("Activity kinds"), N_("Activity kind"), activity_kind_fields);

static const AnnalistField item_state_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (item_state, N_("States of plan items"), N_("State of a plan item"), item_state_fields);

static const AnnalistField figure_kind_fields[] = {
  DICTIONARY_FIELDS,
  TEXT ("unit", N_("Unit"), LIST | NARROW),
  DICT ("measure_id", N_("Measure"), LIST, "measure"),
  CODE_FIELD,
};
DICTIONARY (figure_kind, N_("List of indicators"), N_("Indicator"), figure_kind_fields);

/* The registry ---------------------------------------------------------------- */

static const AnnalistField organisation_fields[] = {
  TEXT ("short_name", N_("Short name"), REQ | LIST | FIND | NARROW),
  TEXT ("full_name", N_("Full name"), REQ | LIST | FIND),
  DICT ("type_id", N_("Type"), REQ | LIST | FIND, "org_type"),
  TEXT ("number", N_("Number"), LIST | FIND | NARROW),
  TEXT ("district", N_("District"), FIND),
  TEXT ("founder", N_("Founder"), FIND),
  FLAG ("active", N_("Active"), LIST, TRUE),
  DATE ("closed_on", N_("Closed on"), 0),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (organisation, N_("Organisations"), N_("Organisation"), organisation_fields,
      .title_column = "short_name", .order_by = "type_id, short_name COLLATE annalist");

static const AnnalistField innovation_status_fields[] = {
  REF ("organisation_id", N_("Organisation"), REQ | LIST | FIND, "organisation"),
  DICT ("kind_id", N_("Status kind"), REQ | LIST | FIND, "status_kind"),
  DICT ("level_id", N_("Level"), LIST, "level"),
  LONG_TEXT ("topic", N_("Topic"), LIST | FIND),
  TEXT ("supervisor", N_("Supervising body"), FIND),
  REF ("document_id", N_("Basis document"), 0, "basis_document"),
  TEXT ("network", N_("Complex or network"), FIND),
  REF ("previous_id", N_("Follows the status"), 0, "innovation_status"),
  DATE ("valid_from", N_("Valid from"), LIST),
  DATE_AFTER ("valid_to", N_("Valid to"), LIST, "valid_from",
              N_("The end of the status is earlier than its start.")),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (innovation_status, N_("Innovation statuses"), N_("Innovation status"),
      innovation_status_fields,
      .title_column = "topic", .period_from = "valid_from", .period_to = "valid_to",
      .order_by = "kind_id, organisation_id");

static const AnnalistField basis_document_fields[] = {
  DICT ("kind_id", N_("Document kind"), LIST, "document_kind"),
  TEXT ("issuer", N_("Issued by"), LIST | FIND),
  TEXT ("number", N_("Number"), LIST | FIND | NARROW),
  DATE ("date", N_("Date"), LIST),
  LONG_TEXT ("title", N_("Title"), LIST | FIND),
  TEXT ("link", N_("Link or file"), 0),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (basis_document, N_("Basis documents"), N_("Basis document"), basis_document_fields,
      .title_column = "title", .period_from = "date", .period_to = "date",
      .order_by = "date DESC, id");

/* Projects and site programmes -------------------------------------------- */

static const AnnalistField project_fields[] = {
  LONG_TEXT ("topic", N_("Topic"), REQ | LIST | FIND),
  REF ("organisation_id", N_("Organisation"), REQ | LIST | FIND, "organisation"),
  REF ("status_id", N_("Innovation status"), 0, "innovation_status"),
  DATE ("period_start", N_("Start date"), LIST),
  DATE_AFTER ("period_end", N_("End date"), LIST, "period_start",
              N_("The end date is earlier than the start date.")),
  LONG_TEXT ("goal", N_("Goal"), FIND),
  LONG_TEXT ("tasks", N_("Tasks"), FIND),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (project, N_("Projects"), N_("Project"), project_fields,
      .title_column = "topic", .period_from = "period_start", .period_to = "period_end",
      .order_by = "period_start DESC, topic");

static const AnnalistField project_stage_fields[] = {
  REF ("project_id", N_("Project"), REQ, "project"),
  POSITION,
  TEXT ("title", N_("Stage"), REQ | LIST | FIND),
  DATE ("period_start", N_("Start date"), LIST),
  DATE_AFTER ("period_end", N_("End date"), LIST, "period_start",
              N_("The end date is earlier than the start date.")),
  LONG_TEXT ("description", N_("Description"), LIST | FIND),
};
KIND (project_stage, N_("Project stages"), N_("Project stage"), project_stage_fields,
      .title_column = "title", .parent_column = "project_id",
      .period_from = "period_start", .period_to = "period_end",
      .order_by = "position, period_start");

static const AnnalistField project_activity_fields[] = {
  REF ("project_id", N_("Project"), REQ, "project"),
  REF ("stage_id", N_("Stage"), LIST, "project_stage"),
  ACADEMIC_YEAR,
  DATE ("date", N_("Date"), LIST),
  TEXT ("title", N_("Activity"), REQ | LIST | FIND),
  DICT ("kind_id", N_("Event kind"), LIST, "event_kind"),
  DICT ("audience_id", N_("Audience"), 0, "audience"),
  LONG_TEXT ("description", N_("Description"), FIND),
  COUNT ("participants", N_("Number of participants"), LIST),
  ORGS ("members", N_("Organisations that took part"), 0,
        "project_activity_member", "activity_id"),
  REF_FILLS ("event_id", N_("The same event of the year"), 0, "event",
             "academic_year, title, date=date_start, kind_id, audience_id, participants, "
             "members=presenters"),
};
KIND (project_activity, N_("Project activities"), N_("Project activity"),
      project_activity_fields,
      .title_column = "title", .parent_column = "project_id",
      .year_column = "academic_year", .year_from_date = "date", .order_by = "date, title");

static const AnnalistField project_result_fields[] = {
  REF ("project_id", N_("Project"), REQ, "project"),
  REF ("stage_id", N_("Stage"), LIST, "project_stage"),
  ACADEMIC_YEAR,
  LONG_TEXT ("description", N_("Result"), REQ | LIST | FIND),
  TEXT ("link", N_("Link"), LIST),
  REF ("product_id", N_("Innovation product"), 0, "innovation_product"),
};
KIND (project_result, N_("Project results"), N_("Project result"), project_result_fields,
      .title_column = "description", .parent_column = "project_id",
      .year_column = "academic_year", .order_by = "id");

/* Events ------------------------------------------------------------------------ */

static const AnnalistField event_fields[] = {
  ACADEMIC_YEAR,
  DICT ("kind_id", N_("Event kind"), REQ | LIST | FIND, "event_kind"),
  LONG_TEXT ("title", N_("Title"), REQ | LIST | FIND),
  DATE ("date_start", N_("Date"), LIST),
  DATE_AFTER ("date_end", N_("End date"), 0, "date_start",
              N_("The end date is earlier than the start date.")),
  TEXT ("period_text", N_("Period as written"), LIST | FIND),
  DICT ("level_id", N_("Level"), 0, "level"),
  DICT ("audience_id", N_("Audience"), LIST, "audience"),
  LONG_TEXT ("agenda", N_("Agenda"), FIND),
  COUNT ("participants", N_("Number of participants"), LIST),
  FLAG ("participants_more", N_("More than this number"), 0, FALSE),
  TEXT ("participants_note", N_("Note on participants"), 0),
  ORGS ("organisers", N_("Organising organisations"), 0, "event_organiser", "event_id"),
  TEXT ("organisers_text", N_("Other organisers"), FIND),
  ORGS ("presenters", N_("Organisations that presented results"), 0,
        "event_presenter", "event_id"),
  LONG_TEXT ("goal", N_("Goal"), FIND),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (event, N_("Events"), N_("Event"), event_fields,
      .title_column = "title", .year_column = "academic_year", .year_from_date = "date_start",
      .order_by = "date_start IS NULL, date_start, id");

/* Professional programmes --------------------------------------------------- */

static const AnnalistField programme_fields[] = {
  ACADEMIC_YEAR,
  POSITION,
  LONG_TEXT ("title", N_("Title"), REQ | LIST | FIND),
  NUMBER ("hours", N_("Number of hours"), REQ | LIST, 1, 10000),
  DICT ("audience_id", N_("Audience"), LIST, "audience"),
  TEXT ("period_text", N_("Period"), LIST),
  DATE ("date_start", N_("Start date"), 0),
  DATE_AFTER ("date_end", N_("End date"), 0, "date_start",
              N_("The end date is earlier than the start date.")),
  COUNT ("trained", N_("Number trained"), REQ | LIST),
  DICT ("funding_id", N_("Funding model"), LIST, "funding_model"),
  TEXT ("funding_note", N_("Note on funding"), FIND),
  LONG_TEXT ("recognitions", N_("Recognitions"), FIND),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (programme, N_("Professional programmes"), N_("Professional programme"),
      programme_fields,
      .title_column = "title", .year_column = "academic_year", .year_from_date = "date_start",
      .order_by = "position, id");

/* Network projects ----------------------------------------------------------------- */

static const AnnalistField network_project_fields[] = {
  ACADEMIC_YEAR,
  LONG_TEXT ("topic", N_("Topic"), REQ | LIST | FIND),
  TEXT ("manager", N_("Manager"), LIST | FIND),
  ORGS ("members", N_("Participant organisations"), LIST,
        "network_project_member", "network_project_id"),
  LONG_TEXT ("support", N_("How it was supported"), FIND),
  FLAG ("ran", N_("Ran this year"), LIST, TRUE),
  LONG_TEXT ("not_ran_reason", N_("Why it did not run"), FIND),
  REF ("document_id", N_("Basis document"), 0, "basis_document"),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (network_project, N_("Network projects"), N_("Network project"), network_project_fields,
      .title_column = "topic", .year_column = "academic_year", .order_by = "id");

/* Competitions -------------------------------------------------------------------- */

static const AnnalistField competition_fields[] = {
  ACADEMIC_YEAR,
  TEXT ("name", N_("Name"), REQ | LIST | FIND),
  TEXT ("series", N_("Recurring competition"), LIST | FIND),
  DICT ("level_id", N_("Level"), LIST, "level"),
  TEXT ("organiser", N_("Organiser"), FIND),
  TEXT ("period_text", N_("Period"), LIST),
  DATE ("date_start", N_("Start date"), 0),
  DATE_AFTER ("date_end", N_("End date"), 0, "date_start",
              N_("The end date is earlier than the start date.")),
  LONG_TEXT ("description", N_("Description"), FIND),
};
KIND (competition, N_("Competitions"), N_("Competition"), competition_fields,
      .title_column = "name", .year_column = "academic_year", .year_from_date = "date_start",
      .order_by = "academic_year, name");

static const AnnalistField nomination_fields[] = {
  REF ("competition_id", N_("Competition"), REQ | LIST, "competition"),
  POSITION,
  TEXT ("name", N_("Nomination"), REQ | LIST | FIND),
};
KIND (nomination, N_("Nominations"), N_("Nomination"), nomination_fields,
      .title_column = "name", .parent_column = "competition_id", .order_by = "position, id");

static const AnnalistField competition_entry_fields[] = {
  REF ("competition_id", N_("Competition"), REQ | LIST, "competition"),
  REF ("nomination_id", N_("Nomination"), LIST, "nomination"),
  REF ("organisation_id", N_("Organisation"), REQ | LIST | FIND, "organisation"),
  LONG_TEXT ("title", N_("Product or project"), LIST | FIND),
  DICT ("form_id", N_("Product form"), LIST, "product_form"),
  REF ("product_id", N_("Innovation product"), 0, "innovation_product"),
  DICT ("result_id", N_("Result"), LIST | FIND, "entry_result"),
  TEXT ("result_note", N_("Note on the result"), FIND),
  FLAG ("consulted", N_("Consulted"), 0, FALSE),
  FLAG ("recommended", N_("Letter of recommendation"), 0, FALSE),
  TEXT ("support_note", N_("Other support"), FIND),
};
KIND (competition_entry, N_("Competition entries"), N_("Competition entry"),
      competition_entry_fields,
      .title_column = "title", .parent_column = "competition_id", .order_by = "nomination_id, id");

static const AnnalistField innovation_product_fields[] = {
  ACADEMIC_YEAR,
  DICT ("form_id", N_("Product form"), LIST, "product_form"),
  LONG_TEXT ("title", N_("Title"), REQ | LIST | FIND),
  ORGS ("authors", N_("Author organisations"), LIST, "product_author", "product_id"),
  TEXT ("potential_users", N_("Potential users"), LIST | FIND),
  LONG_TEXT ("what_done", N_("What was done"), FIND),
  FLAG ("in_bank", N_("In the product bank"), LIST, FALSE),
  TEXT ("link", N_("Link"), 0),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (innovation_product, N_("Innovation products"), N_("Innovation product"),
      innovation_product_fields,
      .title_column = "title", .year_column = "academic_year", .order_by = "id");

/* Expertise, publications, studies, content --------------------------------- */

static const AnnalistField expertise_fields[] = {
  ACADEMIC_YEAR,
  DICT ("kind_id", N_("Expertise kind"), REQ | LIST, "expertise_kind"),
  TEXT ("subject", N_("Subject"), LIST | FIND),
  COUNT ("conclusions", N_("Number of expert conclusions"), REQ | LIST),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (expertise, N_("Expertise"), N_("Expertise"), expertise_fields,
      .title_column = "subject", .year_column = "academic_year", .order_by = "kind_id, id");

static const AnnalistField publication_fields[] = {
  ACADEMIC_YEAR,
  DICT ("kind_id", N_("Publication kind"), LIST, "publication_kind"),
  LONG_TEXT ("title", N_("Title"), REQ | LIST | FIND),
  ORGS ("authors", N_("Author organisations"), 0, "publication_author", "publication_id"),
  TEXT ("potential_users", N_("Potential users"), LIST | FIND),
  COUNT ("articles_examined", N_("Number of articles examined"), LIST),
  LONG_TEXT ("what_done", N_("What was done"), FIND),
};
KIND (publication, N_("Publications"), N_("Publication"), publication_fields,
      .title_column = "title", .year_column = "academic_year", .order_by = "id");

static const AnnalistField study_fields[] = {
  ACADEMIC_YEAR,
  LONG_TEXT ("topic", N_("Topic"), REQ | LIST | FIND),
  TEXT ("method", N_("Method"), LIST | FIND),
  COUNT ("respondents", N_("Number of responding organisations"), LIST),
  LONG_TEXT ("outcome", N_("Outcome"), FIND),
};
KIND (study, N_("Studies"), N_("Study"), study_fields,
      .title_column = "topic", .year_column = "academic_year", .order_by = "id");

static const AnnalistField digital_content_fields[] = {
  ACADEMIC_YEAR,
  DICT ("kind_id", N_("Content kind"), REQ | LIST, "content_kind"),
  LONG_TEXT ("form", N_("Form and title"), REQ | LIST | FIND),
  LONG_TEXT ("what_done", N_("What was done"), LIST | FIND),
  LONG_TEXT ("users", N_("Potential users"), FIND),
  LONG_TEXT ("use", N_("How it is used"), FIND),
  REF ("programme_id", N_("Professional programme"), 0, "programme"),
};
KIND (digital_content, N_("Digital content"), N_("Digital content"), digital_content_fields,
      .title_column = "form", .year_column = "academic_year", .order_by = "kind_id, id");

/* The year ------------------------------------------------------------------------- */

static const AnnalistField year_task_fields[] = {
  ACADEMIC_YEAR,
  POSITION,
  LONG_TEXT ("task", N_("Task"), REQ | LIST | FIND),
  LONG_TEXT ("results", N_("Results"), LIST | FIND),
  LONG_TEXT ("problems", N_("Problems and perspectives"), LIST | FIND),
};
KIND (year_task, N_("Tasks of the year"), N_("Task of the year"), year_task_fields,
      .title_column = "task", .year_column = "academic_year", .order_by = "position, id");

static const AnnalistField next_year_task_fields[] = {
  ACADEMIC_YEAR,
  POSITION,
  LONG_TEXT ("task", N_("Task for the next year"), REQ | LIST | FIND),
};
KIND (next_year_task, N_("Tasks for the next year"), N_("Task for the next year"),
      next_year_task_fields,
      .title_column = "task", .year_column = "academic_year", .order_by = "position, id");

static const AnnalistField plan_fields[] = {
  LONG_TEXT ("title", N_("Title"), REQ | LIST | FIND),
  REF ("organisation_id", N_("Organisation"), LIST, "organisation"),
  YEAR ("year_from", N_("First academic year"), REQ | LIST),
  YEAR_AFTER ("year_to", N_("Last academic year"), REQ | LIST, "year_from",
              N_("The last academic year is earlier than the first.")),
  TEXT ("approved_by", N_("Approved by"), FIND),
  TEXT ("agreed_by", N_("Agreed with"), FIND),
  REF ("document_id", N_("Basis document"), 0, "basis_document"),
  LONG_TEXT ("notes", N_("Notes"), FIND),
};
KIND (plan, N_("Plans"), N_("Plan"), plan_fields,
      .title_column = "title", .period_from = "year_from", .period_to = "year_to",
      .order_by = "year_from DESC, id");

static const AnnalistField plan_stage_fields[] = {
  REF ("plan_id", N_("Plan"), REQ, "plan"),
  ACADEMIC_YEAR,
  LONG_TEXT ("title", N_("Stage"), LIST | FIND),
  DATE ("period_start", N_("Start date"), 0),
  DATE_AFTER ("period_end", N_("End date"), 0, "period_start",
              N_("The end date is earlier than the start date.")),
  LONG_TEXT ("goal", N_("Goal"), LIST | FIND),
  LONG_TEXT ("task", N_("Task"), LIST | FIND),
};
KIND (plan_stage, N_("Plan stages"), N_("Plan stage"), plan_stage_fields,
      .title_column = "title", .parent_column = "plan_id", .year_column = "academic_year",
      .order_by = "academic_year, id");

static const AnnalistField plan_item_fields[] = {
  REF ("plan_id", N_("Plan"), REQ, "plan"),
  REF ("stage_id", N_("Stage"), LIST, "plan_stage"),
  POSITION,
  DICT ("activity_kind_id", N_("Kind of activity"), LIST, "activity_kind"),
  LONG_TEXT ("direction", N_("Direction"), LIST | FIND),
  LONG_TEXT ("activity", N_("Activity"), REQ | LIST | FIND),
  TEXT ("deadline_text", N_("Deadline as written"), LIST | FIND),
  DATE ("deadline_date", N_("Deadline"), 0),
  TEXT ("responsible", N_("Responsible"), LIST | FIND),
  LONG_TEXT ("expected_result", N_("Expected result"), LIST | FIND),
  DICT ("state_id", N_("Done"), LIST, "item_state"),
  DATE ("done_on", N_("Date done"), 0),
  LONG_TEXT ("fact", N_("What actually happened"), LIST | FIND),
};
KIND (plan_item, N_("Plan items"), N_("Plan item"), plan_item_fields,
      .title_column = "activity", .parent_column = "plan_id", .order_by = "position, id");

/* What a rating indicator may be counted from: the code names the query
 * (annalist-rating.c). */
static const AnnalistField rating_source_fields[] = { DICTIONARY_FIELDS, CODE_FIELD };
DICTIONARY (rating_source, N_("Rating indicator sources"), N_("Rating indicator source"),
            rating_source_fields);

static const AnnalistField rating_indicator_fields[] = {
  POSITION,
  TEXT ("name", N_("Indicator"), REQ | LIST | FIND),
  REAL ("points", N_("Number of points per unit"), REQ | LIST, 0, 1000),
  FLAG ("active", N_("In use"), LIST, TRUE),
  /* Schema 6: what the indicator is counted from (annalist-rating.c);
   * none when its values are typed. */
  DICT ("source_id", N_("Counted from the records"), LIST, "rating_source"),
};
KIND (rating_indicator, N_("Rating indicators"), N_("Rating indicator"),
      rating_indicator_fields,
      .title_column = "name", .order_by = "position, id");

static const AnnalistField rating_value_fields[] = {
  /* An indicator whose source has a code is counted (annalist-rating.c). */
  REF_UNLESS ("indicator_id", N_("Indicator"), REQ | LIST, "rating_indicator",
              "source_id IN (SELECT id FROM rating_source WHERE code IS NOT NULL)",
              N_("The indicator “%s” is counted from the records: its values are not typed.")),
  REF ("organisation_id", N_("Organisation"), REQ | LIST | FIND, "organisation"),
  ACADEMIC_YEAR,
  REAL ("value", N_("Value"), REQ | LIST, 0, 1e9),
};
KIND (rating_value, N_("Rating values"), N_("Rating value"), rating_value_fields,
      .title_column = "value", .year_column = "academic_year",
      .order_by = "organisation_id, indicator_id");

static const AnnalistField historical_figure_fields[] = {
  DICT ("kind_id", N_("Indicator"), REQ | LIST, "figure_kind"),
  REF ("organisation_id", N_("Organisation"), LIST | FIND, "organisation"),
  ACADEMIC_YEAR,
  REAL ("value", N_("Value"), LIST, 0, 1e9),
  LONG_TEXT ("text", N_("Text"), LIST | FIND),
};
KIND (historical_figure, N_("Indicator values"), N_("Indicator value"), historical_figure_fields,
      .title_column = "text", .year_column = "academic_year",
      .order_by = "kind_id, academic_year");

static const AnnalistField report_narrative_fields[] = {
  ACADEMIC_YEAR,
  TEXT ("section", N_("Report section"), REQ | LIST | FIND),
  LONG_TEXT ("text", N_("Text"), LIST | FIND),
};
KIND (report_narrative, N_("Report texts"), N_("Report text"), report_narrative_fields,
      .title_column = "section", .year_column = "academic_year", .order_by = "section");

/* ------------------------------------------------------------------------------- */

static const AnnalistKind * const all_kinds[] = {
  &kind_organisation,
  &kind_innovation_status,
  &kind_basis_document,
  &kind_project,
  &kind_project_stage,
  &kind_project_activity,
  &kind_project_result,
  &kind_event,
  &kind_programme,
  &kind_network_project,
  &kind_competition,
  &kind_nomination,
  &kind_competition_entry,
  &kind_innovation_product,
  &kind_expertise,
  &kind_publication,
  &kind_study,
  &kind_digital_content,
  &kind_year_task,
  &kind_next_year_task,
  &kind_plan,
  &kind_plan_stage,
  &kind_plan_item,
  &kind_rating_indicator,
  &kind_rating_value,
  &kind_historical_figure,
  &kind_report_narrative,
  &kind_org_type,
  &kind_status_group,
  &kind_status_kind,
  &kind_level,
  &kind_document_kind,
  &kind_event_kind,
  &kind_audience,
  &kind_funding_model,
  &kind_entry_result,
  &kind_product_form,
  &kind_expertise_kind,
  &kind_publication_kind,
  &kind_content_kind,
  &kind_figure_kind,
  &kind_measure,
  &kind_activity_kind,
  &kind_item_state,
  &kind_rating_source,
};

const AnnalistKind * const *
annalist_kinds_all (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (all_kinds);
  return all_kinds;
}

const AnnalistKind *
annalist_kind_lookup (const char *name)
{
  /* A template follows references by name hundreds of times: the names
   * are in a table made once. */
  static GHashTable *by_name;
  static gsize built = 0;

  g_return_val_if_fail (name != NULL, NULL);

  if (g_once_init_enter (&built))
    {
      by_name = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
        g_hash_table_insert (by_name, (gpointer) all_kinds[i]->name, (gpointer) all_kinds[i]);
      g_once_init_leave (&built, 1);
    }
  return g_hash_table_lookup (by_name, name);
}

int
annalist_kind_field_index (const AnnalistKind *kind,
                           const char         *column)
{
  g_return_val_if_fail (kind != NULL, -1);

  if (column == NULL)
    return -1;
  for (guint i = 0; i < kind->n_fields; i++)
    if (strcmp (kind->fields[i].column, column) == 0)
      return (int) i;
  return -1;
}

const AnnalistField *
annalist_kind_field (const AnnalistKind *kind,
                     const char         *column)
{
  int index = annalist_kind_field_index (kind, column);

  return index < 0 ? NULL : &kind->fields[index];
}
