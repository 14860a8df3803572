-- Annalist schema, version 4: nothing is ever lost.
--
-- Every insert, update and delete the application makes is recorded here,
-- in the same transaction as the change: what the row was before and
-- after (a JSON object of its columns; BLOB values as {"hex": "…"}), in
-- sets of what one action of a person did — one saved form, a deletion
-- with the records it owned, an import — so that it can be undone whole
-- and seen on the record's form. The rows are written by triggers the
-- application creates from the table definitions on every open.

CREATE TABLE change_set (
  id INTEGER PRIMARY KEY,
  made_at TEXT NOT NULL,                  -- UTC, 2026-11-30T16:20:05Z
  user_name TEXT NOT NULL,                -- who, as the system names them
  host_name TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',         -- what the window called it
  -- «edit»: a person's action; «undo» takes back the set it names in
  -- target_id, «redo» takes back that undo; «year»: a year closed or
  -- reopened (not undone by Ctrl+Z).
  action TEXT NOT NULL DEFAULT 'edit' CHECK (action IN ('edit', 'undo', 'redo', 'year')),
  target_id INTEGER REFERENCES change_set (id),
  -- 1 once an undo (or the redo of an undo) took this set back
  undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);

CREATE TABLE change_row (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  -- the record: its id, or for a table of links (an event's organisers)
  -- the id of the record that owns the link
  row_id INTEGER,
  operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  before TEXT CHECK (before IS NULL OR json_valid (before)),
  after TEXT CHECK (after IS NULL OR json_valid (after))
);
CREATE INDEX change_row_record ON change_row (table_name, row_id);
CREATE INDEX change_row_set ON change_row (set_id);

-- Who has the file open now: each Annalist adds its row when it opens the
-- database, renews seen_at while it runs and removes the row on quit. A
-- row whose seen_at is old, or whose process on this host is gone, was
-- left by a crash.
CREATE TABLE open_session (
  id INTEGER PRIMARY KEY,
  host_name TEXT NOT NULL,
  user_name TEXT NOT NULL,
  real_name TEXT NOT NULL DEFAULT '',
  pid INTEGER NOT NULL,
  opened_at TEXT NOT NULL,
  seen_at TEXT NOT NULL
);

-- Academic years whose report was signed: their records are view-only
-- until the year is reopened, and the report exported at closing is kept
-- as it was, to be printed again.
CREATE TABLE closed_year (
  academic_year INTEGER PRIMARY KEY CHECK (academic_year BETWEEN 1900 AND 2999),
  closed_at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  template_name TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  report BLOB NOT NULL CHECK (length (report) > 0)
);
