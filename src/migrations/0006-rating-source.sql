-- Annalist schema, version 6: rating indicators counted from the records.
--
-- Some indicators of the innovation activity rating are what the database
-- already holds: an organisation's entries in the year's competitions, the
-- events it presented at, its publications, the statuses it held. Typing
-- them again would let the rating and the records disagree. An indicator
-- whose source is set is counted, per organisation and academic year, by
-- the query its source's code names (annalist-rating.c, the one table of
-- code → query); values typed for it before are kept but not read.
-- NULL: the values are typed in the rating grid, as before.
--
-- The sources are a dictionary with a code, as the status groups are
-- (schema 3): the user chooses «Публикации» from a list and may rename
-- it; the counting reads the code, which the user does not see.

CREATE TABLE rating_source (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  short_name TEXT NOT NULL DEFAULT '',
  position INTEGER CHECK (position IS NULL OR position >= 0),
  code TEXT UNIQUE CHECK (code IS NULL OR length(trim(code)) > 0)
);

INSERT INTO rating_source (id, name, short_name, position, code) VALUES
  (1, 'Участие в конкурсах (конкурсные работы организации за год)', 'Конкурсные работы', 1, 'competition_entries'),
  (2, 'Представление опыта на мероприятиях года (среди представляющих организаций)', 'Выступления на мероприятиях', 2, 'events_presented'),
  (3, 'Публикации года (организация среди авторов)', 'Публикации', 3, 'publications'),
  (4, 'Инновационные статусы, действовавшие в учебном году', 'Инновационные статусы', 4, 'statuses');

ALTER TABLE rating_indicator ADD COLUMN source_id INTEGER
  REFERENCES rating_source (id) ON DELETE SET NULL;
