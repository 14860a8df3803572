-- Annalist schema, version 1.
--
-- Conventions:
--  * every table has an INTEGER PRIMARY KEY "id";
--  * dates are ISO 8601 text (YYYY-MM-DD) checked with date(x) IS x, so only
--    real calendar dates get in;
--  * an academic year is stored as the calendar year it starts in
--    (2022 = «2022-2023 учебный год», 1 September 2022 – 31 August 2023);
--  * counts are INTEGER >= 0, flags are 0/1;
--  * dictionaries are small editable tables with a name, a short name and a
--    position; the standard values are inserted at the end of this file.

-- Dictionaries ---------------------------------------------------------------

CREATE TABLE org_type (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  -- whether organisations of this type count in the district's shares
  -- («Доля ОО ... от общего количества ОО»); the centre itself does not
  counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1))
);

CREATE TABLE status_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE level (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE document_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE event_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE audience (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE funding_model (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE entry_result (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  -- winners and laureates are listed in «Победители и лауреаты»
  is_award INTEGER NOT NULL DEFAULT 0 CHECK (is_award IN (0, 1))
);

CREATE TABLE product_form (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE expertise_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE publication_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE content_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);

CREATE TABLE figure_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  unit TEXT NOT NULL DEFAULT ''
);

-- The registry -----------------------------------------------------------------

CREATE TABLE organisation (
  id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
  short_name TEXT NOT NULL CHECK (length(trim(short_name)) > 0),
  type_id INTEGER NOT NULL REFERENCES org_type (id),
  number TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on) IS closed_on),
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organisation_type ON organisation (type_id);

CREATE TABLE innovation_status (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  kind_id INTEGER NOT NULL REFERENCES status_kind (id),
  level_id INTEGER REFERENCES level (id),
  topic TEXT NOT NULL DEFAULT '',
  supervisor TEXT NOT NULL DEFAULT '',
  document_kind_id INTEGER REFERENCES document_kind (id),
  document_issuer TEXT NOT NULL DEFAULT '',
  document_number TEXT NOT NULL DEFAULT '',
  document_date TEXT CHECK (document_date IS NULL OR date(document_date) IS document_date),
  valid_from TEXT CHECK (valid_from IS NULL OR date(valid_from) IS valid_from),
  valid_to TEXT CHECK (valid_to IS NULL OR date(valid_to) IS valid_to),
  notes TEXT NOT NULL DEFAULT '',
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX innovation_status_organisation ON innovation_status (organisation_id);
CREATE INDEX innovation_status_kind ON innovation_status (kind_id);

-- Projects and site programmes (reference 001) -------------------------------

CREATE TABLE project (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  status_id INTEGER REFERENCES innovation_status (id) ON DELETE SET NULL,
  topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
  period_start TEXT CHECK (period_start IS NULL OR date(period_start) IS period_start),
  period_end TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
  goal TEXT NOT NULL DEFAULT '',
  tasks TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
);
CREATE INDEX project_organisation ON project (organisation_id);

CREATE TABLE project_stage (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  position INTEGER CHECK (position IS NULL OR position >= 0),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  period_start TEXT CHECK (period_start IS NULL OR date(period_start) IS period_start),
  period_end TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
  description TEXT NOT NULL DEFAULT '',
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
);
CREATE INDEX project_stage_project ON project_stage (project_id);

CREATE TABLE project_activity (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES project_stage (id) ON DELETE SET NULL,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  date TEXT CHECK (date IS NULL OR date(date) IS date),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  description TEXT NOT NULL DEFAULT '',
  participants INTEGER CHECK (participants IS NULL OR participants >= 0)
);
CREATE INDEX project_activity_project ON project_activity (project_id);

CREATE TABLE project_result (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES project_stage (id) ON DELETE SET NULL,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  description TEXT NOT NULL CHECK (length(trim(description)) > 0),
  link TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_result_project ON project_result (project_id);

-- Events ------------------------------------------------------------------------

CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  kind_id INTEGER NOT NULL REFERENCES event_kind (id),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  date_start TEXT CHECK (date_start IS NULL OR date(date_start) IS date_start),
  date_end TEXT CHECK (date_end IS NULL OR date(date_end) IS date_end),
  -- the period as people write it when only months are known («Ноябрь – апрель»)
  period_text TEXT NOT NULL DEFAULT '',
  level_id INTEGER REFERENCES level (id),
  audience_id INTEGER REFERENCES audience (id),
  agenda TEXT NOT NULL DEFAULT '',
  participants INTEGER CHECK (participants IS NULL OR participants >= 0),
  -- «Более 100 чел.»: the count is a lower bound
  participants_more INTEGER NOT NULL DEFAULT 0 CHECK (participants_more IN (0, 1)),
  participants_note TEXT NOT NULL DEFAULT '',
  organisers_text TEXT NOT NULL DEFAULT '',
  goal TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  CHECK (date_start IS NULL OR date_end IS NULL OR date_end >= date_start)
);
CREATE INDEX event_year ON event (academic_year, kind_id);

CREATE TABLE event_organiser (
  event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (event_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX event_organiser_organisation ON event_organiser (organisation_id);

CREATE TABLE event_presenter (
  event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (event_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX event_presenter_organisation ON event_presenter (organisation_id);

-- Professional programmes (ДПП) ----------------------------------------------

CREATE TABLE programme (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  hours INTEGER NOT NULL CHECK (hours > 0),
  audience_id INTEGER REFERENCES audience (id),
  period_text TEXT NOT NULL DEFAULT '',
  date_start TEXT CHECK (date_start IS NULL OR date(date_start) IS date_start),
  date_end TEXT CHECK (date_end IS NULL OR date(date_end) IS date_end),
  trained INTEGER NOT NULL DEFAULT 0 CHECK (trained >= 0),
  funding_id INTEGER REFERENCES funding_model (id),
  funding_note TEXT NOT NULL DEFAULT '',
  recognitions TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  CHECK (date_start IS NULL OR date_end IS NULL OR date_end >= date_start)
);
CREATE INDEX programme_year ON programme (academic_year);

-- Network projects ----------------------------------------------------------------

CREATE TABLE network_project (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
  manager TEXT NOT NULL DEFAULT '',
  support TEXT NOT NULL DEFAULT '',
  ran INTEGER NOT NULL DEFAULT 1 CHECK (ran IN (0, 1)),
  not_ran_reason TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX network_project_year ON network_project (academic_year);

CREATE TABLE network_project_member (
  network_project_id INTEGER NOT NULL REFERENCES network_project (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (network_project_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX network_project_member_organisation ON network_project_member (organisation_id);

-- Competitions ---------------------------------------------------------------------

CREATE TABLE competition (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  -- the recurring competition this one belongs to («Импульс»), so that
  -- participation can be followed over the years
  series TEXT NOT NULL DEFAULT '',
  level_id INTEGER REFERENCES level (id),
  organiser TEXT NOT NULL DEFAULT '',
  period_text TEXT NOT NULL DEFAULT '',
  date_start TEXT CHECK (date_start IS NULL OR date(date_start) IS date_start),
  date_end TEXT CHECK (date_end IS NULL OR date(date_end) IS date_end),
  description TEXT NOT NULL DEFAULT '',
  CHECK (date_start IS NULL OR date_end IS NULL OR date_end >= date_start)
);
CREATE INDEX competition_year ON competition (academic_year);

CREATE TABLE nomination (
  id INTEGER PRIMARY KEY,
  competition_id INTEGER NOT NULL REFERENCES competition (id) ON DELETE CASCADE,
  position INTEGER CHECK (position IS NULL OR position >= 0),
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  UNIQUE (competition_id, name)
);

CREATE TABLE innovation_product (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  form_id INTEGER REFERENCES product_form (id),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  potential_users TEXT NOT NULL DEFAULT '',
  what_done TEXT NOT NULL DEFAULT '',
  in_bank INTEGER NOT NULL DEFAULT 0 CHECK (in_bank IN (0, 1)),
  link TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX innovation_product_year ON innovation_product (academic_year);

CREATE TABLE product_author (
  product_id INTEGER NOT NULL REFERENCES innovation_product (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (product_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX product_author_organisation ON product_author (organisation_id);

CREATE TABLE competition_entry (
  id INTEGER PRIMARY KEY,
  competition_id INTEGER NOT NULL REFERENCES competition (id) ON DELETE CASCADE,
  nomination_id INTEGER REFERENCES nomination (id) ON DELETE SET NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  title TEXT NOT NULL DEFAULT '',
  form_id INTEGER REFERENCES product_form (id),
  product_id INTEGER REFERENCES innovation_product (id) ON DELETE SET NULL,
  result_id INTEGER REFERENCES entry_result (id),
  result_note TEXT NOT NULL DEFAULT '',
  consulted INTEGER NOT NULL DEFAULT 0 CHECK (consulted IN (0, 1)),
  recommended INTEGER NOT NULL DEFAULT 0 CHECK (recommended IN (0, 1)),
  support_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX competition_entry_competition ON competition_entry (competition_id);
CREATE INDEX competition_entry_organisation ON competition_entry (organisation_id);

-- Expertise, publications, studies, content ---------------------------------

CREATE TABLE expertise (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  kind_id INTEGER NOT NULL REFERENCES expertise_kind (id),
  subject TEXT NOT NULL DEFAULT '',
  conclusions INTEGER NOT NULL DEFAULT 0 CHECK (conclusions >= 0),
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX expertise_year ON expertise (academic_year);

CREATE TABLE publication (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  kind_id INTEGER REFERENCES publication_kind (id),
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  potential_users TEXT NOT NULL DEFAULT '',
  articles_examined INTEGER CHECK (articles_examined IS NULL OR articles_examined >= 0),
  what_done TEXT NOT NULL DEFAULT ''
);
CREATE INDEX publication_year ON publication (academic_year);

CREATE TABLE study (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
  method TEXT NOT NULL DEFAULT '',
  respondents INTEGER CHECK (respondents IS NULL OR respondents >= 0),
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX study_year ON study (academic_year);

CREATE TABLE digital_content (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  kind_id INTEGER NOT NULL REFERENCES content_kind (id),
  form TEXT NOT NULL CHECK (length(trim(form)) > 0),
  what_done TEXT NOT NULL DEFAULT '',
  users TEXT NOT NULL DEFAULT '',
  use TEXT NOT NULL DEFAULT '',
  programme_id INTEGER REFERENCES programme (id) ON DELETE SET NULL
);
CREATE INDEX digital_content_year ON digital_content (academic_year);

-- The year: tasks, plans, rating, historical figures, narrative --------------

CREATE TABLE year_task (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  task TEXT NOT NULL CHECK (length(trim(task)) > 0),
  results TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT ''
);
CREATE INDEX year_task_year ON year_task (academic_year);

-- Tasks set, in the report for academic_year, for the year after it.
CREATE TABLE next_year_task (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  task TEXT NOT NULL CHECK (length(trim(task)) > 0)
);
CREATE INDEX next_year_task_year ON next_year_task (academic_year);

CREATE TABLE plan (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(trim(title)) > 0),
  organisation_id INTEGER REFERENCES organisation (id),
  year_from INTEGER NOT NULL CHECK (year_from BETWEEN 1990 AND 2100),
  year_to INTEGER NOT NULL CHECK (year_to BETWEEN 1990 AND 2100),
  approved_by TEXT NOT NULL DEFAULT '',
  agreed_by TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  CHECK (year_to >= year_from)
);

CREATE TABLE plan_stage (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  title TEXT NOT NULL DEFAULT '',
  goal TEXT NOT NULL DEFAULT '',
  task TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_stage_plan ON plan_stage (plan_id);

CREATE TABLE plan_item (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES plan_stage (id) ON DELETE SET NULL,
  position INTEGER CHECK (position IS NULL OR position >= 0),
  activity_kind TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT '',
  activity TEXT NOT NULL CHECK (length(trim(activity)) > 0),
  -- as written in the plan («Май-июнь 2020г.», «В течение года») and, when
  -- it is a day, as a date that can be sorted and checked
  deadline_text TEXT NOT NULL DEFAULT '',
  deadline_date TEXT CHECK (deadline_date IS NULL OR date(deadline_date) IS deadline_date),
  responsible TEXT NOT NULL DEFAULT '',
  expected_result TEXT NOT NULL DEFAULT '',
  fact TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_item_plan ON plan_item (plan_id);

CREATE TABLE rating_indicator (
  id INTEGER PRIMARY KEY,
  position INTEGER CHECK (position IS NULL OR position >= 0),
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  -- points for one unit of the indicator's value
  points REAL NOT NULL DEFAULT 1 CHECK (points >= 0),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE rating_value (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES rating_indicator (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  value REAL NOT NULL DEFAULT 0 CHECK (value >= 0),
  UNIQUE (indicator_id, organisation_id, academic_year)
);
CREATE INDEX rating_value_year ON rating_value (academic_year, organisation_id);

-- Yearly totals for years that have no detail records («20,8 % – 19,5 % …»).
CREATE TABLE historical_figure (
  id INTEGER PRIMARY KEY,
  kind_id INTEGER NOT NULL REFERENCES figure_kind (id),
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  value REAL CHECK (value IS NULL OR value >= 0),
  text TEXT NOT NULL DEFAULT '',
  UNIQUE (kind_id, academic_year)
);

-- The user's own words for one section of one year's report.
CREATE TABLE report_narrative (
  id INTEGER PRIMARY KEY,
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  section TEXT NOT NULL CHECK (length(trim(section)) > 0),
  text TEXT NOT NULL DEFAULT '',
  UNIQUE (academic_year, section)
);

-- The reporting organisation, its founder, the approval block.
CREATE TABLE setting (
  key TEXT PRIMARY KEY CHECK (length(trim(key)) > 0),
  value TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Standard dictionary values (editable by the user) -------------------------

INSERT INTO org_type (name, short_name, position, counted) VALUES
  ('Дошкольная образовательная организация', 'ДОУ', 1, 1),
  ('Общеобразовательная организация', 'ООУ', 2, 1),
  ('Организация дополнительного образования', 'УДО', 3, 1),
  ('Иная организация', 'Иная', 4, 0);

INSERT INTO status_kind (name, short_name, position) VALUES
  ('Федеральная инновационная площадка', 'ФИП', 1),
  ('Региональная инновационная площадка', 'РИП', 2),
  ('Центр инновационного педагогического поиска (опытно-экспериментальная площадка)', 'Центр ИПП (ОЭП)', 3),
  ('Центр инновационного педагогического поиска (районная стажировочная площадка)', 'Центр ИПП (РСП)', 4),
  ('Центр инновационного педагогического поиска (районная базовая площадка)', 'Центр ИПП (РБП)', 5),
  ('Опытно-экспериментальная площадка научной организации', 'ОЭП научной организации', 6),
  ('Муниципальная инновационная площадка', 'МИП', 7),
  ('Муниципальная сетевая инновационная площадка', 'МСИП', 8),
  ('Городская инновационная площадка', 'ГИП', 9),
  ('Участник регионального инновационного комплекса', 'РИП ИнКО', 10);

INSERT INTO level (name, short_name, position) VALUES
  ('Международный', 'междунар.', 1),
  ('Федеральный', 'федер.', 2),
  ('Межрегиональный', 'межрег.', 3),
  ('Региональный', 'регион.', 4),
  ('Муниципальный', 'муниц.', 5),
  ('Районный', 'район.', 6),
  ('Уровень образовательной организации', 'ОО', 7);

INSERT INTO document_kind (name, short_name, position) VALUES
  ('Приказ', 'приказ', 1),
  ('Распоряжение', 'распоряжение', 2),
  ('Постановление', 'постановление', 3),
  ('Решение', 'решение', 4),
  ('Письмо', 'письмо', 5);

INSERT INTO event_kind (name, short_name, position) VALUES
  ('Информационно-методическое совещание', 'совещание', 1),
  ('Научно-практическая конференция', 'конференция', 2),
  ('Семинар', 'семинар', 3),
  ('Стажировка', 'стажировка', 4),
  ('Круглый стол', 'круглый стол', 5),
  ('Вебинар', 'вебинар', 6),
  ('Мастер-класс', 'мастер-класс', 7),
  ('Форум', 'форум', 8),
  ('Заседание экспертного совета', 'экспертный совет', 9),
  ('Консультация', 'консультация', 10),
  ('Педагогическая мастерская', 'мастерская', 11);

INSERT INTO audience (name, short_name, position) VALUES
  ('Руководители и заместители руководителей ОУ и ДОУ', 'руководители ОУ и ДОУ', 1),
  ('Управленческие команды ОУ и ДОУ', 'управленческие команды', 2),
  ('Управленческие команды ОУ и ДОУ, педагоги-лидеры', 'команды и педагоги-лидеры', 3),
  ('Управленческие команды ДОУ, педагоги-лидеры', 'команды ДОУ и педагоги-лидеры', 4),
  ('Педагогические и руководящие кадры', 'педагоги и руководители', 5),
  ('Педагогические и руководящие работники ОУ', 'педагоги и руководители ОУ', 6),
  ('Руководящие кадры и педагоги', 'руководители и педагоги', 7),
  ('Методисты', 'методисты', 8),
  ('Педагоги', 'педагоги', 9);

INSERT INTO funding_model (name, short_name, position) VALUES
  ('Государственное задание', 'госзадание', 1),
  ('Персонифицированная модель обучения', 'персонифицированная модель', 2),
  ('Внебюджетная деятельность', 'внебюджет', 3),
  ('В рамках деятельности методиста', 'деятельность методиста', 4);

INSERT INTO entry_result (name, short_name, position, is_award) VALUES
  ('Победитель', 'победитель', 1, 1),
  ('Лауреат', 'лауреат', 2, 1),
  ('Призёр', 'призёр', 3, 1),
  ('Диплом', 'диплом', 4, 1),
  ('Участник', 'участник', 5, 0),
  ('Статус присвоен', 'статус присвоен', 6, 1),
  ('Статус не присвоен', 'статус не присвоен', 7, 0);

INSERT INTO product_form (name, short_name, position) VALUES
  ('Методические рекомендации', 'метод. рекомендации', 1),
  ('Учебно-методический комплекс', 'УМК', 2),
  ('Практическое пособие', 'пособие', 3),
  ('Квест', 'квест', 4),
  ('Программа', 'программа', 5),
  ('Дополнительная общеразвивающая программа', 'ДОП', 6),
  ('Методический кейс', 'кейс', 7),
  ('Онлайн-платформа', 'онлайн-платформа', 8),
  ('Система управления обучением', 'СДО', 9),
  ('Проект', 'проект', 10),
  ('Инновационный проект', 'инновационный проект', 11);

INSERT INTO expertise_kind (name, short_name, position) VALUES
  ('Инновационные проекты на соискание статуса «Центр инновационного педагогического поиска»', 'проекты ЦИПП', 1),
  ('Заявки на районный конкурс инновационных продуктов', 'конкурс продуктов', 2),
  ('Заявки на соискание статуса районной стажировочной площадки', 'заявки РСП', 3),
  ('Заявки на соискание статуса районной базовой площадки', 'заявки РБП', 4),
  ('Промежуточная экспертиза инновационной деятельности', 'промежуточная', 5),
  ('Экспертиза результатов инновационной деятельности', 'результаты ИД', 6);

INSERT INTO publication_kind (name, short_name, position) VALUES
  ('Сборник статей', 'сборник', 1),
  ('Статья', 'статья', 2),
  ('Методические рекомендации', 'рекомендации', 3);

INSERT INTO content_kind (name, short_name, position) VALUES
  ('Контент для электронных сервисов', 'контент', 1),
  ('Электронный образовательный модуль', 'ЭОМ', 2);

INSERT INTO figure_kind (name, short_name, position, unit) VALUES
  ('Доля ОО, вовлечённых в инновационную деятельность', 'доля ОО в ИД', 1, '%'),
  ('Количество ОУ – участников районного конкурса инновационных продуктов', 'участники конкурса', 2, ''),
  ('Победители и лауреаты районного конкурса инновационных продуктов', 'победители конкурса', 3, ''),
  ('Количество педагогических команд', 'команды', 4, ''),
  ('Количество участников инновационной деятельности', 'участники ИД', 5, '');
