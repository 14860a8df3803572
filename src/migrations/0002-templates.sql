-- Annalist schema, version 2: the user's own document templates.
--
-- A template travels and is backed up with the records it is filled from:
-- its bytes (an .odt package or a flat .fodt, as the user loaded it) live
-- in the database. One that stands in for a built-in template names it in
-- «replaces»; removing it brings the built-in one back.

CREATE TABLE template (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  replaces TEXT UNIQUE CHECK (replaces IS NULL OR length(trim(replaces)) > 0),
  -- what the document needs to be written, as the engine found when the
  -- template was loaded: «year», «year,organisation» …
  parameters TEXT NOT NULL DEFAULT '',
  -- the name of the file it was loaded from, offered when it is saved again
  file_name TEXT NOT NULL DEFAULT '',
  data BLOB NOT NULL CHECK (length(data) > 0),
  modified TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);
