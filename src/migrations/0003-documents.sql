-- Annalist schema, version 3: what every document the users write needs.
--
-- Dictionaries with a meaning the documents rely on (a status kind's group
-- in the innovation summary, a plan item's state, an indicator's measure)
-- carry a «code»: documents test the code, never the words, so a user who
-- renames a value («РИП» to «КИП») changes only what is printed.

-- Status kinds keep their role --------------------------------------------------

CREATE TABLE status_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  code TEXT UNIQUE CHECK (code IS NULL OR length(trim(code)) > 0)
);

INSERT INTO status_group (id, name, short_name, position, code) VALUES
  (1, 'Федеральные инновационные площадки', 'ФИП', 1, 'federal'),
  (2, 'Региональные инновационные площадки', 'РИП', 2, 'regional'),
  (3, 'Центры инновационного педагогического поиска (опытно-экспериментальные площадки)', 'Центры ИПП (ОЭП)', 3, 'centre_experimental'),
  (4, 'Центры инновационного педагогического поиска (районные стажировочные площадки)', 'Центры ИПП (РСП)', 4, 'centre_internship'),
  (5, 'Центры инновационного педагогического поиска (районные базовые площадки)', 'Центры ИПП (РБП)', 5, 'centre_base'),
  (6, 'Опытно-экспериментальные площадки научных организаций', 'ОЭП научных организаций', 6, 'science'),
  (7, 'Иные инновационные площадки', 'Иные', 7, 'other');

ALTER TABLE status_kind ADD COLUMN group_id INTEGER REFERENCES status_group (id);
-- what a holder of the status is called in a sentence about it
ALTER TABLE status_kind ADD COLUMN holder_title TEXT NOT NULL DEFAULT '';

-- Version 1 told the groups apart by these short names; from now on the
-- group is kept, and the short name is only a word.
UPDATE status_kind SET group_id = CASE short_name
    WHEN 'ФИП' THEN 1
    WHEN 'РИП' THEN 2
    WHEN 'Центр ИПП (ОЭП)' THEN 3
    WHEN 'Центр ИПП (РСП)' THEN 4
    WHEN 'Центр ИПП (РБП)' THEN 5
    WHEN 'ОЭП научной организации' THEN 6
    ELSE 7 END;
UPDATE status_kind SET holder_title = CASE short_name
    WHEN 'РИП ИнКО' THEN 'участник регионального инновационного комплекса'
    ELSE annalist_fold(substr(name, 1, 1)) || substr(name, 2) END
  WHERE holder_title = '';

-- Basis documents as records ------------------------------------------------------

CREATE TABLE basis_document (
  id INTEGER PRIMARY KEY,
  kind_id INTEGER REFERENCES document_kind (id),
  issuer TEXT NOT NULL DEFAULT '',
  number TEXT NOT NULL DEFAULT '',
  date TEXT CHECK (date IS NULL OR date(date) IS date),
  title TEXT NOT NULL DEFAULT '',
  -- a web address or the name of the scanned file
  link TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX basis_document_date ON basis_document (date);

-- The same order, written on several statuses, becomes one record.
INSERT INTO basis_document (kind_id, issuer, number, date)
  SELECT DISTINCT document_kind_id, document_issuer, document_number, document_date
    FROM innovation_status
   WHERE document_kind_id IS NOT NULL OR document_issuer <> ''
      OR document_number <> '' OR document_date IS NOT NULL
   ORDER BY document_date, document_number;
-- Titled as people cite it («Приказ Минобрнауки № 12 от 01.09.2022»),
-- so that it can be told apart in lists; the user may retitle it.
UPDATE basis_document SET title = trim (
    coalesce ((SELECT k.name FROM document_kind k WHERE k.id = basis_document.kind_id), '')
    || CASE WHEN issuer <> '' THEN ' ' || issuer ELSE '' END
    || CASE WHEN number <> '' THEN ' № ' || number ELSE '' END
    || CASE WHEN date IS NOT NULL THEN ' от ' || strftime ('%d.%m.%Y', date) ELSE '' END);

ALTER TABLE innovation_status ADD COLUMN document_id INTEGER REFERENCES basis_document (id);
UPDATE innovation_status SET document_id =
    (SELECT d.id FROM basis_document d
      WHERE d.kind_id IS innovation_status.document_kind_id
        AND d.issuer = innovation_status.document_issuer
        AND d.number = innovation_status.document_number
        AND d.date IS innovation_status.document_date)
  WHERE document_kind_id IS NOT NULL OR document_issuer <> ''
     OR document_number <> '' OR document_date IS NOT NULL;

ALTER TABLE innovation_status DROP COLUMN document_kind_id;
ALTER TABLE innovation_status DROP COLUMN document_issuer;
ALTER TABLE innovation_status DROP COLUMN document_number;
ALTER TABLE innovation_status DROP COLUMN document_date;

-- A status can follow another (a participant of a regional complex becomes
-- its internship site) and name the complex or network it belongs to.
ALTER TABLE innovation_status ADD COLUMN previous_id INTEGER
  REFERENCES innovation_status (id) ON DELETE SET NULL;
ALTER TABLE innovation_status ADD COLUMN network TEXT NOT NULL DEFAULT '';
CREATE INDEX innovation_status_document ON innovation_status (document_id);

ALTER TABLE network_project ADD COLUMN document_id INTEGER REFERENCES basis_document (id);
ALTER TABLE plan ADD COLUMN document_id INTEGER REFERENCES basis_document (id);

-- Projects -------------------------------------------------------------------------

ALTER TABLE project_activity ADD COLUMN kind_id INTEGER REFERENCES event_kind (id);
ALTER TABLE project_activity ADD COLUMN audience_id INTEGER REFERENCES audience (id);
-- the same activity kept as an event of the year: entered once
ALTER TABLE project_activity ADD COLUMN event_id INTEGER
  REFERENCES event (id) ON DELETE SET NULL;

CREATE TABLE project_activity_member (
  activity_id INTEGER NOT NULL REFERENCES project_activity (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (activity_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX project_activity_member_organisation ON project_activity_member (organisation_id);

ALTER TABLE project_result ADD COLUMN product_id INTEGER
  REFERENCES innovation_product (id) ON DELETE SET NULL;

-- Plans ----------------------------------------------------------------------------

ALTER TABLE plan_stage ADD COLUMN period_start TEXT
  CHECK (period_start IS NULL OR date(period_start) IS period_start);
ALTER TABLE plan_stage ADD COLUMN period_end TEXT
  CHECK (period_end IS NULL OR date(period_end) IS period_end);

CREATE TABLE activity_kind (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0)
);
INSERT INTO activity_kind (name, short_name, position) VALUES
  ('Организационная деятельность', 'организационная', 1),
  ('Диагностическая деятельность', 'диагностическая', 2),
  ('Аналитическая деятельность', 'аналитическая', 3),
  ('Практическая деятельность', 'практическая', 4),
  ('Методическая деятельность', 'методическая', 5),
  ('Трансляционная деятельность', 'трансляционная', 6);
-- what version 1 kept as free text, kept as a value of the dictionary
INSERT OR IGNORE INTO activity_kind (name, position)
  SELECT DISTINCT trim(activity_kind), 100 FROM plan_item
   WHERE trim(activity_kind) <> ''
     AND annalist_fold(trim(activity_kind)) NOT IN
         (SELECT annalist_fold(name) FROM activity_kind
          UNION SELECT annalist_fold(short_name) FROM activity_kind);

CREATE TABLE item_state (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  code TEXT UNIQUE CHECK (code IS NULL OR length(trim(code)) > 0)
);
INSERT INTO item_state (id, name, short_name, position, code) VALUES
  (1, 'Выполнено', 'выполнено', 1, 'done'),
  (2, 'Выполнено частично', 'частично', 2, 'partly'),
  (3, 'Перенесено', 'перенесено', 3, 'moved'),
  (4, 'Не выполнено', 'не выполнено', 4, 'not_done');

ALTER TABLE plan_item ADD COLUMN activity_kind_id INTEGER REFERENCES activity_kind (id);
UPDATE plan_item SET activity_kind_id =
    (SELECT k.id FROM activity_kind k
      WHERE annalist_fold(k.name) = annalist_fold(trim(plan_item.activity_kind))
         OR annalist_fold(k.short_name) = annalist_fold(trim(plan_item.activity_kind))
      ORDER BY k.position LIMIT 1)
  WHERE trim(activity_kind) <> '';
ALTER TABLE plan_item DROP COLUMN activity_kind;
ALTER TABLE plan_item ADD COLUMN state_id INTEGER REFERENCES item_state (id);
ALTER TABLE plan_item ADD COLUMN done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on);

-- Yearly indicators, for the district or for one organisation ----------------------

CREATE TABLE measure (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  code TEXT UNIQUE CHECK (code IS NULL OR length(trim(code)) > 0)
);
INSERT INTO measure (id, name, short_name, position, code) VALUES
  (1, 'Количество', 'количество', 1, 'count'),
  (2, 'Доля', 'доля', 2, 'share'),
  (3, 'Сумма', 'сумма', 3, 'sum');

ALTER TABLE figure_kind ADD COLUMN measure_id INTEGER REFERENCES measure (id);
UPDATE figure_kind SET measure_id = CASE WHEN trim(unit) = '%' THEN 2 ELSE 1 END;

-- A value belongs to the district as a whole (no organisation) or to one
-- organisation; one value per indicator, organisation and year.
CREATE TABLE historical_figure_v3 (
  id INTEGER PRIMARY KEY,
  kind_id INTEGER NOT NULL REFERENCES figure_kind (id),
  organisation_id INTEGER REFERENCES organisation (id),
  academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
  value REAL CHECK (value IS NULL OR value >= 0),
  text TEXT NOT NULL DEFAULT ''
);
INSERT INTO historical_figure_v3 (id, kind_id, academic_year, value, text)
  SELECT id, kind_id, academic_year, value, text FROM historical_figure;
DROP TABLE historical_figure;
ALTER TABLE historical_figure_v3 RENAME TO historical_figure;
CREATE UNIQUE INDEX historical_figure_one
  ON historical_figure (kind_id, ifnull (organisation_id, 0), academic_year);
CREATE INDEX historical_figure_organisation ON historical_figure (organisation_id);

-- Publications name their authors' organisations, as products do, so that
-- an organisation's account can list them.
CREATE TABLE publication_author (
  publication_id INTEGER NOT NULL REFERENCES publication (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation (id),
  position INTEGER CHECK (position IS NULL OR position >= 0),
  PRIMARY KEY (publication_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX publication_author_organisation ON publication_author (organisation_id);

-- The annual report has sections for some event kinds, reads some
-- indicators and some content kinds by their meaning: by a code, as the
-- status groups, so that renaming «Семинар» or «доля ОО в ИД» changes only
-- the words. Version 1 named them by these names.
ALTER TABLE event_kind ADD COLUMN code TEXT CHECK (code IS NULL OR length(trim(code)) > 0);
UPDATE event_kind SET code = CASE name
    WHEN 'Информационно-методическое совещание' THEN 'meeting'
    WHEN 'Научно-практическая конференция' THEN 'conference'
    WHEN 'Семинар' THEN 'seminar'
    WHEN 'Стажировка' THEN 'internship'
    WHEN 'Круглый стол' THEN 'round_table'
    WHEN 'Вебинар' THEN 'webinar'
    WHEN 'Мастер-класс' THEN 'master_class'
    WHEN 'Форум' THEN 'forum'
    WHEN 'Заседание экспертного совета' THEN 'expert_council'
    WHEN 'Консультация' THEN 'consultation'
    WHEN 'Педагогическая мастерская' THEN 'workshop' END;
CREATE UNIQUE INDEX event_kind_code ON event_kind (code);

ALTER TABLE figure_kind ADD COLUMN code TEXT CHECK (code IS NULL OR length(trim(code)) > 0);
UPDATE figure_kind SET code = CASE short_name
    WHEN 'доля ОО в ИД' THEN 'share_involved'
    WHEN 'участники конкурса' THEN 'contest_participants'
    WHEN 'победители конкурса' THEN 'contest_winners'
    WHEN 'команды' THEN 'teams'
    WHEN 'участники ИД' THEN 'participants' END;
INSERT INTO figure_kind (name, short_name, position, unit, measure_id, code)
  SELECT 'Количество участников стажировок', 'участники стажировок', 6, '', 1, 'internship_participants'
   WHERE NOT EXISTS (SELECT 1 FROM figure_kind WHERE short_name = 'участники стажировок'
                                                OR name = 'Количество участников стажировок');
UPDATE figure_kind SET code = 'internship_participants'
 WHERE code IS NULL AND short_name = 'участники стажировок';
CREATE UNIQUE INDEX figure_kind_code ON figure_kind (code);

ALTER TABLE content_kind ADD COLUMN code TEXT CHECK (code IS NULL OR length(trim(code)) > 0);
UPDATE content_kind SET code = CASE name
    WHEN 'Контент для электронных сервисов' THEN 'content'
    WHEN 'Электронный образовательный модуль' THEN 'module' END;
CREATE UNIQUE INDEX content_kind_code ON content_kind (code);

-- An organisation's founder, as the title page of its programme names it
-- above the organisation («Муниципальное казенное учреждение «Управление
-- образования ГО Богданович»»).
ALTER TABLE organisation ADD COLUMN founder TEXT NOT NULL DEFAULT '';
