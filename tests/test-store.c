/* test-store.c — the database: opening, refusing, validating, transactions
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-store-private.h"
#include "temp-tree.h"

typedef StoreFixture Fixture;

static AnnalistRecord *
new_organisation (AnnalistStore *store,
                  const char    *short_name,
                  const char    *type)
{
  AnnalistRecord *record = annalist_record_new (annalist_kind_lookup ("organisation"));
  g_autofree char *full = g_strdup_printf ("ГБДОУ %s Красносельского района", short_name);

  annalist_record_set_string (record, "short_name", short_name);
  annalist_record_set_string (record, "full_name", full);
  annalist_record_set_int (record, "type_id", dictionary_id (store, "org_type", type));
  return record;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Opening ---------------------------------------------------------------------- */

static void
test_migrate_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(AnnalistStore) store = NULL;
  gint64 version = -1, levels = 0;
  sqlite3_stmt *stmt;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = annalist_store_open (path, &error);
  g_assert_no_error (error);

  stmt = annalist_store_prepare (store, "PRAGMA user_version", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_cmpint (version, ==, annalist_store_schema_version ());

  /* the dictionaries come pre-filled with the standard values */
  levels = annalist_store_count (store, annalist_kind_lookup ("level"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (levels, ==, 7);
  g_assert_cmpint (annalist_store_count (store, annalist_kind_lookup ("org_type"), NULL, NULL),
                   ==, 4);
  g_assert_cmpint (dictionary_id (store, "status_kind", "ФИП"), >, 0);
  g_assert_cmpint (dictionary_id (store, "funding_model", "госзадание"), >, 0);

  stmt = annalist_store_prepare (store, "PRAGMA foreign_keys", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
  stmt = annalist_store_prepare (store, "PRAGMA journal_mode", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
  sqlite3_reset (stmt);

  /* opening again does not migrate twice */
  g_clear_object (&store);
  store = annalist_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (annalist_store_count (store, annalist_kind_lookup ("level"), NULL, NULL),
                   ==, 7);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_default_path (void)
{
  g_autofree char *path = annalist_store_default_path ();

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/annalist/annalist.db"));
}

static void
test_open_creates_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "annalist", NULL);
  g_autofree char *path = g_build_filename (sub, "annalist.db", NULL);
  g_autoptr(AnnalistStore) store = annalist_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&store);
  remove_tree (sub);
  g_rmdir (dir);
}

static void
assert_refused (const char *path,
                int         code,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = checksum_of (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(AnnalistStore) store = annalist_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, ANNALIST_ERROR, code);
  /* the sentence names the file and says what is wrong */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, what));

  after = checksum_of (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_not_sqlite (void)
{
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 0; i < 200; i++)
    g_string_append_printf (text, "Строка %d: это не база данных.\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  assert_refused (path, SQLITE_NOTADB, "not an Annalist database");
  remove_tree (dir);
}

static void
make_raw_database (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_refuse_newer_schema (void)
{
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autofree char *sql = NULL;

  /* an Annalist database from a future version */
  sql = g_strdup_printf ("CREATE TABLE organisation (id INTEGER PRIMARY KEY);"
                         "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                         0x414E4E4C, annalist_store_schema_version () + 1);
  make_raw_database (path, sql);

  assert_refused (path, ANNALIST_ERROR_SCHEMA_TOO_NEW, "newer version of Annalist");
  remove_tree (dir);
}

static void
test_refuse_other_program (void)
{
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "places.sqlite", NULL);

  make_raw_database (path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                           "INSERT INTO moz_places (url) VALUES ('https://example.org');");

  assert_refused (path, SQLITE_NOTADB, "another program");
  remove_tree (dir);
}

static void
test_create_refuses_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("annalist-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "exists.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AnnalistStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  before = checksum_of (path);
  store = annalist_store_create (path, &error);
  g_assert_null (store);
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS);
  after = checksum_of (path);
  g_assert_cmpstr (before, ==, after);
  remove_tree (dir);
}

/* Validation --------------------------------------------------------------------- */

typedef struct
{
  const char *kind;
  const char *column;
  const char *value;      /* as typed; NULL: leave empty */
  const char *sentence;   /* what the user reads (C locale) */
} BadValue;

static const BadValue bad_values[] = {
  { "organisation", "short_name", NULL, "“Short name” must be filled in." },
  { "organisation", "short_name", "   ", "“Short name” must be filled in." },
  { "event", "participants", "-5", "Number of participants cannot be negative." },
  { "programme", "hours", "0", "“Number of hours” must be at least 1." },
  { "programme", "hours", "20000", "“Number of hours” must be at most 10000." },
  { "programme", "trained", "-1", "Number trained cannot be negative." },
  { "expertise", "conclusions", "-3", "Number of expert conclusions cannot be negative." },
  { "rating_indicator", "points", "-0.5", "Number of points per unit cannot be negative." },
};

static void
apply_text (AnnalistRecord *record,
            const char     *column,
            const char     *text)
{
  const AnnalistField *field = annalist_kind_field (annalist_record_get_kind (record), column);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = NULL;

  g_assert_nonnull (field);
  value = annalist_field_parse (field, text, &error);
  g_assert_no_error (error);
  annalist_record_set (record, column, value ? g_variant_ref (value) : NULL);
}

static AnnalistRecord *
valid_record (AnnalistStore *store,
              const char    *kind_name)
{
  const AnnalistKind *kind = annalist_kind_lookup (kind_name);
  AnnalistRecord *record;

  if (strcmp (kind_name, "organisation") == 0)
    return new_organisation (store, "Детский сад № 1", "ДОУ");
  if (strcmp (kind_name, "event") == 0)
    return new_event (store, "Семинар", "2022-10-03");

  record = annalist_record_new (kind);
  if (strcmp (kind_name, "programme") == 0)
    {
      annalist_record_set_int (record, "academic_year", 2022);
      annalist_record_set_string (record, "title", "Экспертиза инновационной деятельности");
      annalist_record_set_int (record, "hours", 36);
      annalist_record_set_int (record, "trained", 24);
    }
  else if (strcmp (kind_name, "expertise") == 0)
    {
      annalist_record_set_int (record, "academic_year", 2022);
      annalist_record_set_int (record, "kind_id", dictionary_id (store, "expertise_kind", "заявки РСП"));
      annalist_record_set_int (record, "conclusions", 27);
    }
  else if (strcmp (kind_name, "rating_indicator") == 0)
    {
      annalist_record_set_string (record, "name", "Публикации");
      annalist_record_set (record, "points", g_variant_new_double (2));
    }
  return record;
}

static void
test_bad_values (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      const BadValue *bad = &bad_values[i];
      g_autoptr(AnnalistRecord) record = valid_record (fixture->store, bad->kind);
      const AnnalistKind *kind = annalist_record_get_kind (record);
      g_autoptr(GError) error = NULL;
      int field = -2;

      /* the valid record passes */
      g_assert_true (annalist_record_validate (record, &field, &error));
      g_assert_no_error (error);
      g_assert_cmpint (field, ==, -1);

      apply_text (record, bad->column, bad->value);
      g_assert_false (annalist_record_validate (record, &field, &error));
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad->sentence);
      /* the field to mark in the form */
      g_assert_cmpint (field, ==, annalist_kind_field_index (kind, bad->column));
      g_clear_error (&error);

      /* and the store refuses it with the same sentence, writing nothing */
      g_assert_false (annalist_store_insert (fixture->store, record, &error));
      g_assert_cmpstr (error->message, ==, bad->sentence);
      g_assert_cmpint (annalist_record_get_id (record), ==, 0);
      g_assert_cmpint (annalist_store_count (fixture->store, kind, NULL, NULL), ==,
                       kind->is_dictionary ? annalist_store_count (fixture->store, kind, NULL, NULL)
                                           : 0);
    }
}

static void
test_bad_typed_values (void)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  const AnnalistKind *plan = annalist_kind_lookup ("plan");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = NULL;

  value = annalist_field_parse (annalist_kind_field (event, "date_start"), "31.02.2023", &error);
  g_assert_null (value);
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Date” holds a date that does not exist: 31.02.2023.");
  g_clear_error (&error);

  value = annalist_field_parse (annalist_kind_field (event, "date_start"), "31 февраля", &error);
  g_assert_null (value);
  g_assert_cmpstr (error->message, ==, "“Date” must be a date written as DD.MM.YYYY.");
  g_clear_error (&error);

  value = annalist_field_parse (annalist_kind_field (event, "participants"), "много", &error);
  g_assert_null (value);
  g_assert_cmpstr (error->message, ==, "“Number of participants” must be a whole number.");
  g_clear_error (&error);

  value = annalist_field_parse (annalist_kind_field (event, "academic_year"), "2022-2024", &error);
  g_assert_null (value);
  g_assert_cmpstr (error->message, ==,
                   "“Academic year” must be an academic year such as 2022-2023.");
  g_clear_error (&error);

  value = annalist_field_parse (annalist_kind_field (plan, "year_from"), "2019/2020", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_variant_get_int64 (value), ==, 2019);
  g_clear_pointer (&value, g_variant_unref);

  /* what people type is understood */
  value = annalist_field_parse (annalist_kind_field (event, "participants"), "1 200", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_variant_get_int64 (value), ==, 1200);
  g_clear_pointer (&value, g_variant_unref);
  value = annalist_field_parse (annalist_kind_field (event, "date_start"), "7.4.2023", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "2023-04-07");
}

static void
test_end_before_start (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AnnalistRecord) event = new_event (fixture->store, "Конференция", "2023-03-29");
  g_autoptr(AnnalistRecord) plan = annalist_record_new (annalist_kind_lookup ("plan"));
  g_autoptr(GError) error = NULL;
  int field = -1;

  annalist_record_set_string (event, "date_end", "28.03.2023");
  g_assert_false (annalist_record_validate (event, &field, &error));
  g_assert_cmpstr (error->message, ==, "The end date is earlier than the start date.");
  g_assert_cmpint (field, ==, annalist_kind_field_index (annalist_record_get_kind (event),
                                                         "date_end"));
  g_clear_error (&error);

  annalist_record_set_string (event, "date_end", "29.03.2023");
  g_assert_true (annalist_record_validate (event, NULL, &error));
  g_assert_no_error (error);

  annalist_record_set_string (plan, "title", "Программа деятельности МОЦ");
  annalist_record_set_int (plan, "year_from", 2019);
  annalist_record_set_int (plan, "year_to", 2018);
  g_assert_false (annalist_store_insert (fixture->store, plan, &error));
  g_assert_cmpstr (error->message, ==, "The last academic year is earlier than the first.");
}

static void
test_unknown_reference (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AnnalistRecord) event = new_event (fixture->store, "Семинар", "2022-12-26");
  g_autoptr(GError) error = NULL;
  gint64 ghost[] = { 4242 };

  annalist_record_set_ids (event, "presenters", ghost, 1);
  g_assert_false (annalist_store_insert (fixture->store, event, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The value chosen for “Organisations that presented results” no longer exists.");
  g_assert_cmpint (annalist_store_count (fixture->store, annalist_kind_lookup ("event"), NULL, NULL),
                   ==, 0);
}

/* SQLite's own refusals reach the user as sentences too. */
static void
test_constraint_sentences (Fixture       *fixture,
                           gconstpointer  data)
{
  const AnnalistKind *level = annalist_kind_lookup ("level");
  g_autoptr(AnnalistRecord) duplicate = annalist_record_new (level);
  g_autoptr(AnnalistRecord) school = new_organisation (fixture->store, "Школа № 548", "ООУ");
  g_autoptr(AnnalistRecord) status = annalist_record_new (annalist_kind_lookup ("innovation_status"));
  g_autoptr(GArray) dependents = NULL;
  g_autoptr(GError) error = NULL;

  annalist_record_set_string (duplicate, "name", "Региональный");
  g_assert_false (annalist_store_insert (fixture->store, duplicate, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "There is already a record with this “Name”.");
  g_assert_null (strstr (error->message, "constraint"));
  g_clear_error (&error);

  /* an organisation with a status cannot simply vanish */
  g_assert_true (annalist_store_insert (fixture->store, school, &error));
  annalist_record_set_int (status, "organisation_id", annalist_record_get_id (school));
  annalist_record_set_int (status, "kind_id",
                           dictionary_id (fixture->store, "status_kind", "Центр ИПП (РБП)"));
  annalist_record_set_string (status, "topic", "Эффективная школа");
  g_assert_true (annalist_store_insert (fixture->store, status, &error));
  g_assert_no_error (error);

  dependents = annalist_store_dependents (fixture->store, annalist_kind_lookup ("organisation"),
                                          annalist_record_get_id (school), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dependents->len, ==, 1);
  g_assert_cmpstr (g_array_index (dependents, AnnalistDependents, 0).kind->name, ==,
                   "innovation_status");
  g_assert_cmpint (g_array_index (dependents, AnnalistDependents, 0).count, ==, 1);

  g_assert_false (annalist_store_delete (fixture->store, annalist_kind_lookup ("organisation"),
                                         annalist_record_get_id (school), &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_IN_USE);
  g_assert_cmpstr (error->message, ==,
                   "“Школа № 548” cannot be deleted because other records refer to it: "
                   "Innovation statuses (1).");
  g_assert_nonnull (annalist_store_load (fixture->store, annalist_kind_lookup ("organisation"),
                                         annalist_record_get_id (school), NULL));
}

/* The same sentences in a Russian session. */
static void
test_russian_sentences (void)
{
  g_autofree char *previous = g_strdup (setlocale (LC_MESSAGES, NULL));
  const AnnalistKind *event = annalist_kind_lookup ("event");
  g_autoptr(AnnalistRecord) record = annalist_record_new (event);
  g_autoptr(GError) error = NULL;

  if (!use_russian ())
    return;

  annalist_record_set_int (record, "academic_year", 2022);
  annalist_record_set_int (record, "kind_id", 1);
  annalist_record_set_string (record, "title", "Семинар");
  annalist_record_set_int (record, "participants", -1);
  g_assert_false (annalist_record_validate (record, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Количество участников не может быть отрицательным.");
  g_clear_error (&error);

  annalist_record_set_int (record, "participants", 10);
  annalist_record_set_string (record, "date_start", "2023-03-29");
  annalist_record_set_string (record, "date_end", "2023-03-28");
  g_assert_false (annalist_record_validate (record, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Дата окончания раньше даты начала.");
  g_clear_error (&error);

  annalist_record_set_string (record, "title", NULL);
  g_assert_false (annalist_record_validate (record, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Заполните поле «Название».");
  g_clear_error (&error);

  /* Written as a date, but the calendar has no such day. */
  g_assert_null (annalist_field_parse (annalist_kind_field (event, "date_start"), "31.02.2023",
                                       &error));
  g_assert_cmpstr (error->message, ==, "В поле «Дата» — несуществующая дата: 31.02.2023.");

  setlocale (LC_ALL, "C.UTF-8");
  setlocale (LC_MESSAGES, previous);
}

/* Transactions ------------------------------------------------------------------- */

typedef struct
{
  int inserted;
} Batch;

static gboolean
insert_three_events_last_bad (AnnalistStore *store,
                              gpointer       user_data,
                              GError       **error)
{
  Batch *batch = user_data;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(AnnalistRecord) event = new_event (store, "Совещание", "2022-09-15");

      if (i == 2)
        annalist_record_set_int (event, "participants", -1);
      if (!annalist_store_insert (store, event, error))
        return FALSE;
      batch->inserted++;
    }
  return TRUE;
}

static void
test_failed_transaction_leaves_nothing (Fixture       *fixture,
                                        gconstpointer  data)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  g_autoptr(GError) error = NULL;
  Batch batch = { 0 };

  g_assert_false (annalist_store_transaction (fixture->store, insert_three_events_last_bad,
                                              &batch, &error));
  g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID);
  /* two inserts had succeeded inside the transaction … */
  g_assert_cmpint (batch.inserted, ==, 2);
  /* … and none of them is left */
  g_assert_cmpint (annalist_store_count (fixture->store, event, NULL, NULL), ==, 0);
  g_clear_error (&error);

  /* nor after reopening the file */
  g_clear_object (&fixture->store);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (annalist_store_count (fixture->store, event, NULL, NULL), ==, 0);
}

/* Lists ----------------------------------------------------------------------------- */

static void
test_list_year_search_sort (Fixture       *fixture,
                            gconstpointer  data)
{
  const AnnalistKind *event = annalist_kind_lookup ("event");
  static const struct { const char *title; const char *date; int participants; } events[] = {
    { "Совещание по инновационной деятельности", "2022-09-15", 55 },
    { "Конференция «#ПРОурок»", "2023-03-29", 624 },
    { "Семинар о портфолио", "2022-12-26", 15 },
    { "Августовская конференция", "2023-08-31", 363 },
    { "Новый год: совещание", "2023-09-01", 70 },
  };
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(AnnalistRecord) first = NULL;
  g_autoptr(AnnalistRecord) last = NULL;
  g_autoptr(GError) error = NULL;
  int sort_field;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autoptr(AnnalistRecord) record = new_event (fixture->store, events[i].title, events[i].date);

      annalist_record_set_int (record, "participants", events[i].participants);
      g_assert_true (annalist_store_insert (fixture->store, record, &error));
      g_assert_no_error (error);
      /* the academic year follows from the date */
      g_assert_cmpint (annalist_record_get_int (record, "academic_year"), ==,
                       annalist_iso_academic_year (events[i].date));
    }

  query.year = 2022;
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 4);
  query.year = 2023;
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 1);

  /* search ignores case, in Russian too */
  query.year = ANNALIST_ALL_YEARS;
  query.search = "СОВЕЩАНИЕ";
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 2);
  query.search = "  #проурок ";
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 1);
  /* and finds dictionary values by the name shown */
  query.search = "семинар";
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 5);
  query.search = "нет такого";
  g_assert_cmpint (annalist_store_count (fixture->store, event, &query, NULL), ==, 0);

  /* sorted by number of participants, both ways */
  query.search = NULL;
  query.year = 2022;
  sort_field = annalist_kind_field_index (event, "participants");
  query.sort_field = sort_field;
  list = annalist_store_list (fixture->store, event, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  first = g_list_model_get_item (list, 0);
  last = g_list_model_get_item (list, 3);
  g_assert_cmpint (annalist_record_get_int (first, "participants"), ==, 15);
  g_assert_cmpint (annalist_record_get_int (last, "participants"), ==, 624);
  g_assert_null (g_list_model_get_item (list, 4));
  g_clear_object (&list);
  g_clear_object (&first);

  query.descending = TRUE;
  list = annalist_store_list (fixture->store, event, &query, &error);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpint (annalist_record_get_int (first, "participants"), ==, 624);
  g_clear_object (&list);
  g_clear_object (&first);

  /* by title, in Russian alphabetical order */
  query.sort_field = annalist_kind_field_index (event, "title");
  query.descending = FALSE;
  list = annalist_store_list (fixture->store, event, &query, &error);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (annalist_record_get_title (first), ==, "Августовская конференция");
}

/* Numbers inside names sort by value, as people expect. */
static void
test_natural_order (Fixture       *fixture,
                    gconstpointer  data)
{
  const AnnalistKind *kind = annalist_kind_lookup ("organisation");
  static const char * const names[] = { "Детский сад № 10", "детский сад № 9", "Детский сад № 100" };
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(AnnalistRecord) record = new_organisation (fixture->store, names[i], "ДОУ");
      g_assert_true (annalist_store_insert (fixture->store, record, &error));
    }

  /* the kind's own order, then a column sort */
  for (int pass = 0; pass < 2; pass++)
    {
      query.sort_field = pass ? annalist_kind_field_index (kind, "short_name") : -1;
      list = annalist_store_list (fixture->store, kind, &query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(AnnalistRecord) record = g_list_model_get_item (list, i);
          static const char * const expected[] = { "детский сад № 9", "Детский сад № 10",
                                                    "Детский сад № 100" };
          g_assert_cmpstr (annalist_record_get_title (record), ==, expected[i]);
        }
      g_clear_object (&list);
    }
}

static void
test_statuses_by_period (Fixture       *fixture,
                         gconstpointer  data)
{
  const AnnalistKind *kind = annalist_kind_lookup ("innovation_status");
  g_autoptr(AnnalistRecord) school = new_organisation (fixture->store, "Гимназия № 271", "ООУ");
  static const struct { const char *from; const char *to; } periods[] = {
    { "2023-01-01", "2024-12-31" },   /* 2022-2023, 2023-2024, 2024-2025 */
    { NULL, NULL },                   /* open: every year */
    { "2019-09-01", "2022-08-31" },   /* ends before 2022-2023 */
  };
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (annalist_store_insert (fixture->store, school, &error));
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(AnnalistRecord) status = annalist_record_new (kind);

      annalist_record_set_int (status, "organisation_id", annalist_record_get_id (school));
      annalist_record_set_int (status, "kind_id",
                               dictionary_id (fixture->store, "status_kind", "Центр ИПП (ОЭП)"));
      annalist_record_set_string (status, "valid_from", periods[i].from);
      annalist_record_set_string (status, "valid_to", periods[i].to);
      g_assert_true (annalist_store_insert (fixture->store, status, &error));
      g_assert_no_error (error);
    }

  query.year = 2022;
  g_assert_cmpint (annalist_store_count (fixture->store, kind, &query, NULL), ==, 2);
  query.year = 2021;
  g_assert_cmpint (annalist_store_count (fixture->store, kind, &query, NULL), ==, 2);
  query.year = 2025;
  g_assert_cmpint (annalist_store_count (fixture->store, kind, &query, NULL), ==, 1);
  /* the organisation's short name finds its statuses */
  query.year = ANNALIST_ALL_YEARS;
  query.search = "гимназия № 271";
  g_assert_cmpint (annalist_store_count (fixture->store, kind, &query, NULL), ==, 3);
}

static void
test_format_values (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AnnalistRecord) school = new_organisation (fixture->store, "Лицей № 590", "ООУ");
  g_autoptr(AnnalistRecord) event = new_event (fixture->store, "Семинар", "2023-03-15");
  const AnnalistKind *kind = annalist_kind_lookup ("event");
  const AnnalistKind *organisation = annalist_kind_lookup ("organisation");
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *year = NULL;
  g_autofree char *type = NULL;
  g_autofree char *presenters = NULL;
  gint64 ids[1];

  g_assert_true (annalist_store_insert (fixture->store, school, &error));
  ids[0] = annalist_record_get_id (school);
  annalist_record_set_ids (event, "presenters", ids, 1);
  g_assert_true (annalist_store_insert (fixture->store, event, &error));

  date = annalist_store_format_value (fixture->store, annalist_kind_field (kind, "date_start"),
                                      annalist_record_get (event, "date_start"));
  g_assert_cmpstr (date, ==, "15.03.2023");
  year = annalist_store_format_value (fixture->store, annalist_kind_field (kind, "academic_year"),
                                      annalist_record_get (event, "academic_year"));
  g_assert_cmpstr (year, ==, "2022-2023");
  type = annalist_store_format_value (fixture->store, annalist_kind_field (organisation, "type_id"),
                                      annalist_record_get (school, "type_id"));
  g_assert_cmpstr (type, ==, "ООУ");
  presenters = annalist_store_format_value (fixture->store, annalist_kind_field (kind, "presenters"),
                                            annalist_record_get (event, "presenters"));
  g_assert_cmpstr (presenters, ==, "Лицей № 590");
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = annalist_store_get_setting (fixture->store, "city");
  g_autofree char *city = NULL;

  g_assert_cmpstr (missing, ==, "");
  g_assert_true (annalist_store_set_setting (fixture->store, "city", "Санкт-Петербург", &error));
  g_assert_true (annalist_store_set_setting (fixture->store, "city", "Санкт-Петербург", &error));
  g_assert_no_error (error);
  city = annalist_store_get_setting (fixture->store, "city");
  g_assert_cmpstr (city, ==, "Санкт-Петербург");
}

/* Texts compare in lower case with «ё» as «е», in C and in SQL alike;
 * bytes that are not UTF-8 pass as they are. */
static void
test_fold (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct { const char *text, *folded; } cases[] = {
    { "ЁЛКА и Ёж", "елка и еж" },
    { "Детский Сад № 9", "детский сад № 9" },
    { "ABC def", "abc def" },
    { "", "" },
    { "a\xff\xd0Б", "a\xff\xd0б" },
    { "ЀЯѐѠ Ω\xd0" "A", "Ѐяѐѡ ω\xd0" "a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = annalist_fold (cases[i].text, -1);
      g_assert_cmpstr (folded, ==, cases[i].folded);
    }
  {
    g_autofree char *part = annalist_fold ("ЁжИК", 4);
    g_assert_cmpstr (part, ==, "еж");
  }
  {
    sqlite3_stmt *stmt = annalist_store_prepare (fixture->store,
                                                 "SELECT annalist_fold ('Семинар «Ёлка»') = 'семинар «елка»', "
                                                 "'Ёлка' = 'елка' COLLATE annalist, 'Б' < 'а' COLLATE annalist, "
                                                 "annalist_fold (replace (hex (zeroblob (400)), '0', 'Ё')) "
                                                 "= replace (hex (zeroblob (400)), '0', 'е')", NULL);
    g_assert_nonnull (stmt);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 1);
    sqlite3_reset (stmt);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  g_test_add_func ("/store/migrate-empty-file", test_migrate_empty_file);
  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/open-creates-folder", test_open_creates_folder);
  g_test_add_func ("/store/refuse-not-sqlite", test_refuse_not_sqlite);
  g_test_add_func ("/store/refuse-newer-schema", test_refuse_newer_schema);
  g_test_add_func ("/store/refuse-other-program", test_refuse_other_program);
  g_test_add_func ("/store/create-refuses-existing", test_create_refuses_existing);
  ADD ("/store/bad-values", test_bad_values);
  g_test_add_func ("/store/bad-typed-values", test_bad_typed_values);
  ADD ("/store/end-before-start", test_end_before_start);
  ADD ("/store/unknown-reference", test_unknown_reference);
  ADD ("/store/constraint-sentences", test_constraint_sentences);
  ADD ("/store/failed-transaction-leaves-nothing", test_failed_transaction_leaves_nothing);
  ADD ("/store/list-year-search-sort", test_list_year_search_sort);
  ADD ("/store/natural-order", test_natural_order);
  ADD ("/store/statuses-by-period", test_statuses_by_period);
  ADD ("/store/format-values", test_format_values);
  ADD ("/store/settings", test_settings);
  ADD ("/store/fold", test_fold);
  g_test_add_func ("/store/russian-sentences", test_russian_sentences);

  return g_test_run ();
}
