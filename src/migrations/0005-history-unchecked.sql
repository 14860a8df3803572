-- Annalist schema, version 5: a change's values are not parsed twice.
--
-- The before and after of a change_row are written by json_object () in
-- the history's triggers, valid JSON by construction, and read back with
-- json_extract (). Version 4 checked them with json_valid () as well: on
-- every row written, so an import of 100 000 events parsed 75 MB of JSON
-- once more inside its transaction, a seventh of its time. The table is
-- rebuilt without those two checks; everything else is as it was.

CREATE TABLE change_row_5 (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  -- the record: its id, or for a table of links (an event's organisers)
  -- the id of the record that owns the link
  row_id INTEGER,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  before TEXT,                            -- json_object () of the row, or NULL
  after TEXT
);
INSERT INTO change_row_5 (id, set_id, table_name, row_id, operation, before, after)
  SELECT id, set_id, table_name, row_id, operation, before, after FROM change_row;
DROP TABLE change_row;
ALTER TABLE change_row_5 RENAME TO change_row;
CREATE INDEX change_row_record ON change_row (table_name, row_id);
CREATE INDEX change_row_set ON change_row (set_id);
