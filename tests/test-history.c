/* test-history.c — every change is recorded, can be undone and redone,
 * and a stale form never overwrites someone else's save
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-store-private.h"
#include "odf-check.h"
#include "temp-tree.h"

typedef struct
{
  char          *dir;
  char          *path;
  AnnalistStore *store;
} HistoryFixture;

static void
history_set_up (HistoryFixture *fixture,
                gconstpointer  data)
{
  fixture->store = sample_store_new ("history", &fixture->dir, &fixture->path);
}

static void
history_tear_down (HistoryFixture *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* An event of the sample that has organisers: its id. */
static gint64
event_with_organisers (AnnalistStore *store)
{
  return store_int (store, "SELECT event_id FROM event_presenter GROUP BY event_id "
                           "HAVING count(*) >= 2 ORDER BY event_id LIMIT 1");
}

static AnnalistRecord *
load (AnnalistStore *store,
      const char    *kind,
      gint64         id)
{
  g_autoptr(GError) error = NULL;
  AnnalistRecord *record = annalist_store_load (store, annalist_kind_lookup (kind), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_records_every_change (HistoryFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = event_with_organisers (fixture->store);
  g_autoptr(AnnalistRecord) event = load (fixture->store, "event", id);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 sets = store_int (fixture->store, "SELECT count(*) FROM change_set");
  gint64 set_id;

  annalist_record_set_int (event, "participants", 4242);
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);

  /* One set, named for the record, with the row before and after. */
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_set"), ==, sets + 1);
  set_id = annalist_store_last_change (fixture->store);
  g_assert_cmpint (set_id, ==, store_int (fixture->store, "SELECT max(id) FROM change_set"));
  {
    g_autofree char *label = store_text (fixture->store, "SELECT label FROM change_set ORDER BY id DESC LIMIT 1");
    g_autofree char *user = store_text (fixture->store, "SELECT user_name FROM change_set ORDER BY id DESC LIMIT 1");

    g_assert_true (g_str_has_prefix (label, "Changed: Event"));
    g_assert_nonnull (strstr (label, annalist_record_get_title (event)));
    g_assert_cmpstr (user, !=, "");
  }
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_row WHERE set_id = "
                                              "(SELECT max(id) FROM change_set) AND table_name = 'event'"), ==, 1);
  before = store_text (fixture->store, "SELECT json_extract (before, '$.participants') FROM change_row "
                                       "WHERE table_name = 'event' ORDER BY id DESC LIMIT 1");
  after = store_text (fixture->store, "SELECT json_extract (after, '$.participants') FROM change_row "
                                      "WHERE table_name = 'event' ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (after, ==, "4242");
  g_assert_cmpstr (before, !=, "4242");

  /* Saving the same values again is no change. */
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_set"), ==, sets + 1);

  /* A deletion records the rows that went with the record (its links). */
  g_assert_true (annalist_store_delete (fixture->store, annalist_kind_lookup ("event"), id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_row WHERE set_id = "
                                              "(SELECT max(id) FROM change_set) "
                                              "AND table_name IN ('event_organiser', 'event_presenter')"),
                   >=, 2);
}

/* An event's links, «organisation:position» in the order loaded. */
static char *
link_positions (AnnalistStore *store,
                const char    *table,
                gint64         id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (organisation_id || ':' || position) "
                                          "FROM (SELECT organisation_id, position FROM %s "
                                          "WHERE event_id = %" G_GINT64_FORMAT
                                          " ORDER BY position, organisation_id)", table, id);

  return store_text (store, sql);
}

/* A form saved unchanged records nothing and changes nothing: the
 * sample numbers an event's links from 1, and a save numbered them anew
 * from 0, recorded as «Changed: Event …». An organisation added after
 * them leaves their positions as they are; a new order is numbered. */
static void
test_unchanged_links (HistoryFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = store_int (fixture->store, "SELECT id FROM event "
                                         "WHERE title LIKE 'От инвариантности%'");
  g_autoptr(AnnalistRecord) event = load (fixture->store, "event", id);
  gint64 sets = store_int (fixture->store, "SELECT count(*) FROM change_set");
  gint64 presented = store_int (fixture->store, "SELECT event_id FROM event_presenter "
                                                "GROUP BY event_id HAVING count(*) = 2");
  g_autoptr(AnnalistRecord) other = load (fixture->store, "event", presented);
  g_autofree char *organisers = link_positions (fixture->store, "event_organiser", id);
  g_autofree char *presenters = link_positions (fixture->store, "event_presenter", presented);
  gint64 added = store_int (fixture->store, "SELECT min(id) FROM organisation "
                                            "WHERE id NOT IN (12, 85)");
  g_autofree char *expected = NULL;
  gint64 ids[3];
  gsize n = 0;
  int presenters_index = annalist_kind_field_index (annalist_kind_lookup ("event"), "presenters");
  const gint64 *now;

  g_assert_cmpstr (organisers, ==, "82:1");
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_set"), ==, sets);
  g_clear_pointer (&organisers, g_free);
  organisers = link_positions (fixture->store, "event_organiser", id);
  g_assert_cmpstr (organisers, ==, "82:1");

  /* One added after them: one row recorded, the stored ones as they were. */
  g_assert_cmpstr (presenters, ==, "12:1,85:2");
  now = g_variant_get_fixed_array (annalist_record_get_value (other, presenters_index), &n,
                                   sizeof (gint64));
  g_assert_cmpuint (n, ==, 2);
  ids[0] = now[0];
  ids[1] = now[1];
  ids[2] = added;
  annalist_record_set_ids (other, "presenters", ids, 3);
  g_assert_true (annalist_store_update (fixture->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_set"), ==, sets + 1);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_row WHERE set_id = "
                                              "(SELECT max(id) FROM change_set)"), ==, 1);
  g_clear_pointer (&presenters, g_free);
  presenters = link_positions (fixture->store, "event_presenter", presented);
  expected = g_strdup_printf ("12:1,85:2,%" G_GINT64_FORMAT ":3", added);
  g_assert_cmpstr (presenters, ==, expected);

  /* Put in another order: numbered in it. */
  ids[0] = added;
  ids[1] = 85;
  ids[2] = 12;
  annalist_record_set_ids (other, "presenters", ids, 3);
  g_assert_true (annalist_store_update (fixture->store, other, &error));
  g_assert_no_error (error);
  g_clear_pointer (&presenters, g_free);
  presenters = link_positions (fixture->store, "event_presenter", presented);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":0,85:1,12:2", added);
  g_assert_cmpstr (presenters, ==, expected);
}

/* A label after «Отменено:» begins with a small letter; an
 * abbreviation stays as written. */
static void
test_label_after_colon (void)
{
  static const char * const pairs[][2] = {
    { "Удалён шаблон «Мой отчёт»", "удалён шаблон «Мой отчёт»" },
    { "Изменение: Мероприятие «Семинар»", "изменение: Мероприятие «Семинар»" },
    { "Ёлочный базар", "ёлочный базар" },
    { "Changed: Event “Seminar”", "changed: Event “Seminar”" },
    { "ИМЦ: изменение", "ИМЦ: изменение" },
    { "удалён шаблон", "удалён шаблон" },
    { "«Мой отчёт» удалён", "«Мой отчёт» удалён" },
    { "Я", "я" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *said = annalist_history_label_after_colon (pairs[i][0]);

      g_assert_cmpstr (said, ==, pairs[i][1]);
    }
}

/* Undo, redo, and undo again give exactly the rows of each state. */
static char *
event_state (AnnalistStore *store,
             gint64         id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull ((SELECT json_object ('p', participants, "
                                          "'t', title) FROM event WHERE id = %" G_GINT64_FORMAT "), '-') "
                                          "|| ifnull ((SELECT group_concat (organisation_id) FROM "
                                          "(SELECT organisation_id FROM event_presenter WHERE event_id = %"
                                          G_GINT64_FORMAT " ORDER BY organisation_id)), '')", id, id);
  return store_text (store, sql);
}

static void
assert_event_state (AnnalistStore *store,
                    gint64         id,
                    const char    *expected)
{
  g_autofree char *now = event_state (store, id);

  g_assert_cmpstr (now, ==, expected);
}

static void
test_undo_redo (HistoryFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  gint64 id = event_with_organisers (fixture->store);
  g_autofree char *original = event_state (fixture->store, id);
  g_autofree char *edited = NULL;
  g_autofree char *label = NULL;
  g_autoptr(AnnalistRecord) event = load (fixture->store, "event", id);
  gint64 first_org = store_int (fixture->store, "SELECT min(id) FROM organisation");

  /* An edit: a value, and one organiser fewer and one more. */
  annalist_record_set_int (event, "participants", 7);
  annalist_record_set_ids (event, "presenters", &first_org, 1);
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);
  edited = event_state (fixture->store, id);
  g_assert_cmpstr (edited, !=, original);

  label = annalist_store_undo_label (fixture->store);
  g_assert_nonnull (label);
  g_assert_true (g_str_has_prefix (label, "Changed: Event"));
  g_clear_pointer (&label, g_free);

  g_assert_true (annalist_store_undo (fixture->store, 0, &label, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (label, "Changed: Event"));
  assert_event_state (fixture->store, id, original);

  /* Redo brings the edit back; undo again takes it away. */
  g_assert_true (annalist_store_redo (fixture->store, NULL, &error));
  g_assert_no_error (error);
  assert_event_state (fixture->store, id, edited);
  g_assert_true (annalist_store_undo (fixture->store, 0, NULL, &error));
  g_assert_no_error (error);
  assert_event_state (fixture->store, id, original);

  /* A deletion with its links comes back with the same id, across a
   * restart of the application. */
  g_assert_true (annalist_store_delete (fixture->store, kind, id, &error));
  g_assert_no_error (error);
  assert_event_state (fixture->store, id, "-");
  g_clear_object (&fixture->store);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&label, g_free);
  g_assert_true (annalist_store_undo (fixture->store, 0, &label, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (label, "Deleted: Event"));
  assert_event_state (fixture->store, id, original);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* A new edit ends what could be redone. */
  {
    g_autofree char *redo = annalist_store_redo_label (fixture->store);
    g_assert_nonnull (redo);
  }
  {
    g_autoptr(AnnalistRecord) again = load (fixture->store, "event", id);
    annalist_record_set_int (again, "participants", 99);
    g_assert_true (annalist_store_update (fixture->store, again, &error));
    g_assert_no_error (error);
  }
  g_assert_null (annalist_store_redo_label (fixture->store));
  g_assert_false (annalist_store_redo (fixture->store, NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND);
}

/* A competition deleted with its entries (a cascade) comes back whole. */
static void
test_undo_cascade (HistoryFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = store_int (fixture->store, "SELECT competition_id FROM competition_entry "
                                         "GROUP BY competition_id ORDER BY count(*) DESC LIMIT 1");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM competition_entry WHERE competition_id = %"
                                          G_GINT64_FORMAT, id);
  gint64 entries = store_int (fixture->store, sql);

  g_assert_cmpint (entries, >, 1);
  g_assert_true (annalist_store_delete (fixture->store, annalist_kind_lookup ("competition"), id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, sql), ==, 0);

  g_assert_true (annalist_store_undo (fixture->store, annalist_store_last_change (fixture->store),
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, sql), ==, entries);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Several records in one labelled transaction are one action. */
static gboolean
add_two (AnnalistStore *store,
         gpointer       user_data,
         GError       **error)
{
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(AnnalistRecord) record = annalist_record_new (annalist_kind_lookup ("event"));
      g_autofree char *title = g_strdup_printf ("Импортированный семинар %d", i);

      annalist_record_set_string (record, "title", title);
      annalist_record_set_string (record, "date_start", "2023-03-15");
      annalist_record_set_int (record, "kind_id", store_int (store, "SELECT min(id) FROM event_kind"));
      if (!annalist_store_insert (store, record, error))
        return FALSE;
    }
  return TRUE;
}

static void
test_one_action (HistoryFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 events = store_int (fixture->store, "SELECT count(*) FROM event");
  g_autofree char *label = NULL;

  annalist_store_set_next_label (fixture->store, "Импорт: 2 мероприятия");
  g_assert_true (annalist_store_transaction (fixture->store, add_two, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM event"), ==, events + 2);

  g_assert_true (annalist_store_undo (fixture->store, 0, &label, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (label, ==, "Импорт: 2 мероприятия");
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM event"), ==, events);

  /* The label ended with its transaction: the next save has its own. */
  {
    g_autoptr(AnnalistRecord) event = load (fixture->store, "event", event_with_organisers (fixture->store));
    g_autofree char *next = NULL;

    annalist_record_set_int (event, "participants", 5);
    g_assert_true (annalist_store_update (fixture->store, event, &error));
    next = annalist_store_undo_label (fixture->store);
    g_assert_true (g_str_has_prefix (next, "Changed: Event"));
  }
}

/* Two windows on one file: the second save of a stale form is refused. */
static void
test_conflict (HistoryFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) other = annalist_store_open (fixture->path, &error);
  gint64 id = event_with_organisers (fixture->store);
  g_autoptr(AnnalistRecord) mine = NULL;
  g_autoptr(AnnalistRecord) theirs = NULL;
  g_autoptr(AnnalistRecord) now = NULL;

  g_assert_no_error (error);
  mine = load (fixture->store, "event", id);
  theirs = load (other, "event", id);

  annalist_record_set_int (theirs, "participants", 111);
  g_assert_true (annalist_store_update (other, theirs, &error));
  g_assert_no_error (error);

  annalist_record_set_int (mine, "participants", 222);
  g_assert_false (annalist_store_update (fixture->store, mine, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, annalist_record_get_title (mine)));
  g_assert_nonnull (strstr (error->message, g_get_real_name ()));
  g_clear_error (&error);

  now = load (fixture->store, "event", id);
  g_assert_cmpint (annalist_record_get_int (now, "participants"), ==, 111);

  /* Read again, the form saves. */
  annalist_record_set_int (now, "participants", 222);
  g_assert_true (annalist_store_update (fixture->store, now, &error));
  g_assert_no_error (error);

  /* Their save can no longer be undone over mine. */
  g_assert_false (annalist_store_undo (other, annalist_store_last_change (other), NULL, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_CONFLICT);
  g_clear_object (&now);
  now = load (fixture->store, "event", id);
  g_assert_cmpint (annalist_record_get_int (now, "participants"), ==, 222);
}

static void
test_record_history (HistoryFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  gint64 id = event_with_organisers (fixture->store);
  g_autoptr(AnnalistRecord) event = load (fixture->store, "event", id);
  g_autoptr(GPtrArray) history = NULL;
  gint64 first_org = store_int (fixture->store, "SELECT min(id) FROM organisation "
                                                "WHERE id NOT IN (SELECT organisation_id FROM event_presenter)");
  g_autofree char *org = annalist_store_record_title (fixture->store, annalist_kind_lookup ("organisation"),
                                                      first_org);
  AnnalistHistoryEntry *entry;

  annalist_record_set_int (event, "participants", 31);
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);
  annalist_record_set_int (event, "participants", 35);
  annalist_record_set_ids (event, "presenters", &first_org, 1);
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);

  history = annalist_store_record_history (fixture->store, kind, id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 2);
  entry = g_ptr_array_index (history, 0);
  g_test_message ("%s %s: %s", entry->when, entry->who, entry->what);
  g_assert_nonnull (strstr (entry->what, "participants: 31 → 35"));
  g_assert_nonnull (strstr (entry->what, org));
  g_assert_nonnull (strstr (entry->what, "+"));
  g_assert_nonnull (strstr (entry->what, "−"));
  g_assert_cmpstr (entry->action, ==, "edit");
  entry = g_ptr_array_index (history, 1);
  g_assert_nonnull (strstr (entry->what, "→ 31"));

  /* An undo shows as such, and the undone edit is marked. */
  g_assert_true (annalist_store_undo (fixture->store, 0, NULL, &error));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = annalist_store_record_history (fixture->store, kind, id, 10, &error);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpstr (entry->action, ==, "undo");
  g_assert_nonnull (strstr (entry->what, "participants: 35 → 31"));
  entry = g_ptr_array_index (history, 1);
  g_assert_true (entry->undone);
}

/* A save that fails after its first row was written is rolled back with
 * its change set, and the last change is still the one before it. */
static void
test_failed_save (HistoryFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistRecord) event = load (fixture->store, "event", event_with_organisers (fixture->store));
  sqlite3 *db = annalist_store_get_db (fixture->store);
  gint64 last, sets;

  annalist_record_set_int (event, "participants", 4343);
  g_assert_true (annalist_store_update (fixture->store, event, &error));
  g_assert_no_error (error);
  last = annalist_store_last_change (fixture->store);
  sets = store_int (fixture->store, "SELECT count(*) FROM change_set");

  /* The event's row is written, then a link of it is refused. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TRIGGER refuse_link BEFORE INSERT ON main.event_presenter "
                                     "BEGIN SELECT RAISE (ABORT, 'refused'); END", NULL, NULL, NULL), ==, SQLITE_OK);
  annalist_record_set_id (event, 0);
  annalist_record_set_version (event, -1);
  g_assert_false (annalist_store_insert (fixture->store, event, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (store_int (fixture->store, "SELECT count(*) FROM change_set"), ==, sets);
  g_assert_cmpint (annalist_store_last_change (fixture->store), ==, last);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/history/records-every-change", HistoryFixture, NULL,
              history_set_up, test_records_every_change, history_tear_down);
  g_test_add_func ("/history/label-after-colon", test_label_after_colon);
  g_test_add ("/history/unchanged-links", HistoryFixture, NULL,
              history_set_up, test_unchanged_links, history_tear_down);
  g_test_add ("/history/undo-redo", HistoryFixture, NULL, history_set_up, test_undo_redo, history_tear_down);
  g_test_add ("/history/undo-cascade", HistoryFixture, NULL, history_set_up, test_undo_cascade, history_tear_down);
  g_test_add ("/history/one-action", HistoryFixture, NULL, history_set_up, test_one_action, history_tear_down);
  g_test_add ("/history/conflict", HistoryFixture, NULL, history_set_up, test_conflict, history_tear_down);
  g_test_add ("/history/failed-save", HistoryFixture, NULL, history_set_up, test_failed_save, history_tear_down);
  g_test_add ("/history/record-history", HistoryFixture, NULL,
              history_set_up, test_record_history, history_tear_down);
  return g_test_run ();
}
