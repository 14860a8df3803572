-- Annalist schema, version 5: the history's rows are cheap to write.
--
-- Two checks of version 4 cost more than the row they checked, on every
-- row an import writes (425 000 for 100 000 events):
-- - before and after are written by json_object () in the history's
--   triggers, valid JSON by construction, and read back with
--   json_extract (); json_valid () parsed them once more (75 MB);
-- - operation IN ('insert', 'update', 'delete'): SQLite evaluates an IN
--   list of three or more values by building a temporary b-tree, for each
--   row inserted. The same test written with OR compares three strings.
-- The table is rebuilt with these; everything else is as it was.

CREATE TABLE change_row_5 (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  -- the record: its id, or for a table of links (an event's organisers)
  -- the id of the record that owns the link
  row_id INTEGER,
  operation TEXT NOT NULL CHECK (operation = 'insert' OR operation = 'update' OR operation = 'delete'),
  before TEXT,                            -- json_object () of the row, or NULL
  after TEXT
);
INSERT INTO change_row_5 (id, set_id, table_name, row_id, operation, before, after)
  SELECT id, set_id, table_name, row_id, operation, before, after FROM change_row;
DROP TABLE change_row;
ALTER TABLE change_row_5 RENAME TO change_row;
CREATE INDEX change_row_record ON change_row (table_name, row_id);
CREATE INDEX change_row_set ON change_row (set_id);
