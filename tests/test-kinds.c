/* test-kinds.c — every record kind through its descriptors
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a valid record of every kind from nothing but its field
 * descriptors, and takes it through insert, load, update, list and
 * delete. A kind whose descriptors disagree with the schema fails here.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "annalist-error.h"
#include "annalist-store-private.h"

typedef struct
{
  char          *dir;
  AnnalistStore *store;
  guint          serial;   /* keeps UNIQUE columns unique */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-kinds-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = annalist_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (annalist_store_get_path (fixture->store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gint64 make_record (Fixture *fixture, const AnnalistKind *kind, guint variant);

static gint64
first_id (Fixture            *fixture,
          const AnnalistKind *kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM %s", kind->name);
  sqlite3_stmt *stmt = annalist_store_prepare (fixture->store, sql, NULL);
  gint64 id;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gint64 make_plain_record (Fixture *fixture, const AnnalistKind *kind);

/* A valid value for @field; @variant gives a second, different one. */
static GVariant *
valid_value (Fixture             *fixture,
             const AnnalistKind  *kind,
             const AnnalistField *field,
             guint                variant)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
      return g_variant_new_take_string (g_strdup_printf ("«%s» № %u-%u", field->column,
                                                         ++fixture->serial, variant));
    case ANNALIST_FIELD_LONG_TEXT:
      return g_variant_new_take_string (g_strdup_printf ("Первая строка %s %u\nвторая — «%u»",
                                                         field->column, ++fixture->serial,
                                                         variant));
    case ANNALIST_FIELD_INTEGER:
      return g_variant_new_int64 ((gint64) field->min + 3 + variant);
    case ANNALIST_FIELD_REAL:
      return g_variant_new_double (field->min + 2.5 + variant);
    case ANNALIST_FIELD_BOOLEAN:
      return g_variant_new_boolean (variant % 2 ? field->default_on : !field->default_on);
    case ANNALIST_FIELD_DATE:
      /* An end date follows its start. */
      return g_variant_new_string (field->not_before ? "2023-05-31" : variant ? "2022-10-03"
                                                                              : "2022-09-15");
    case ANNALIST_FIELD_YEAR:
      return g_variant_new_int64 (field->not_before ? 2024 : 2022);
    case ANNALIST_FIELD_DICTIONARY:
      {
        const AnnalistKind *target = annalist_kind_lookup (field->target);
        return g_variant_new_int64 (first_id (fixture, target) + variant);
      }
    case ANNALIST_FIELD_REFERENCE:
      {
        const AnnalistKind *target = annalist_kind_lookup (field->target);

        /* A record that follows another of its kind («previous_id») is
         * left unlinked: making its target would recurse forever. */
        if (target == kind)
          {
            g_assert_false (field->flags & ANNALIST_FIELD_REQUIRED);
            return NULL;
          }
        /* One the field refuses (refused_when: a counted indicator) is
         * refused by what its optional fields say: a target with only
         * its required ones is a choice. */
        if (field->refused_when != NULL)
          return g_variant_new_int64 (make_plain_record (fixture, target));
        return g_variant_new_int64 (make_record (fixture, target, 0));
      }
    case ANNALIST_FIELD_REFERENCES:
      {
        const AnnalistKind *organisation = annalist_kind_lookup ("organisation");
        gint64 ids[2];

        ids[0] = make_record (fixture, organisation, 0);
        ids[1] = make_record (fixture, organisation, 1);
        return g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, 1 + (variant == 0),
                                          sizeof (gint64));
      }
    default:
      g_assert_not_reached ();
    }
}

static AnnalistRecord *
build_record (Fixture            *fixture,
              const AnnalistKind *kind,
              guint               variant)
{
  AnnalistRecord *record = annalist_record_new (kind);

  for (guint i = 0; i < kind->n_fields; i++)
    annalist_record_set_value (record, i, valid_value (fixture, kind, &kind->fields[i], variant));
  return record;
}

static gint64
make_record (Fixture            *fixture,
             const AnnalistKind *kind,
             guint               variant)
{
  g_autoptr(AnnalistRecord) record = build_record (fixture, kind, variant);
  g_autoptr(GError) error = NULL;

  annalist_store_insert (fixture->store, record, &error);
  g_assert_no_error (error);
  return annalist_record_get_id (record);
}

/* A record of @kind with its required fields only. */
static gint64
make_plain_record (Fixture            *fixture,
                   const AnnalistKind *kind)
{
  g_autoptr(AnnalistRecord) record = build_record (fixture, kind, 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < kind->n_fields; i++)
    if (!(kind->fields[i].flags & ANNALIST_FIELD_REQUIRED))
      annalist_record_set_value (record, i, NULL);
  annalist_store_insert (fixture->store, record, &error);
  g_assert_no_error (error);
  return annalist_record_get_id (record);
}

/* Every descriptor column is a column of its table, and every column the
 * schema requires (NOT NULL without a default) is a required field. */
static void
test_descriptors_match_schema (Fixture       *fixture,
                               gconstpointer  data)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  g_assert_cmpuint (n_kinds, >=, 39);

  for (guint k = 0; k < n_kinds; k++)
    {
      const AnnalistKind *kind = kinds[k];
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", kind->name);
      sqlite3_stmt *stmt = annalist_store_prepare (fixture->store, sql, NULL);
      g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_test_message ("kind %s", kind->name);
      g_assert_nonnull (stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          gboolean not_null = sqlite3_column_int (stmt, 3);
          gboolean has_default = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
          const AnnalistField *field = annalist_kind_field (kind, name);

          g_hash_table_add (columns, g_strdup (name));
          if (strcmp (name, "id") == 0)
            continue;
          if (field == NULL)
            g_error ("%s.%s has no descriptor", kind->name, name);
          if (not_null && !has_default)
            g_assert_true (field->flags & ANNALIST_FIELD_REQUIRED);
          /* an optional field left empty is stored as NULL, "" or its
           * default flag; any other NOT NULL column must be required */
          if (not_null && !(field->flags & ANNALIST_FIELD_REQUIRED))
            g_assert_true (field->type == ANNALIST_FIELD_TEXT ||
                           field->type == ANNALIST_FIELD_LONG_TEXT ||
                           field->type == ANNALIST_FIELD_BOOLEAN);
        }
      sqlite3_reset (stmt);
      g_assert_cmpuint (g_hash_table_size (columns), >, 1);

      for (guint i = 0; i < kind->n_fields; i++)
        {
          const AnnalistField *field = &kind->fields[i];

          g_assert_nonnull (field->label);
          if (annalist_field_is_stored (field))
            g_assert_true (g_hash_table_contains (columns, field->column));
          else
            g_assert_nonnull (field->junction);
          if (field->target != NULL)
            g_assert_nonnull (annalist_kind_lookup (field->target));
          if (field->not_before != NULL)
            {
              g_assert_nonnull (annalist_kind_field (kind, field->not_before));
              g_assert_nonnull (field->order_message);
            }
        }
      g_assert_nonnull (annalist_kind_field (kind, kind->title_column));
      /* people find a record by the name it is shown under */
      if (annalist_kind_field (kind, kind->title_column)->type == ANNALIST_FIELD_TEXT ||
          annalist_kind_field (kind, kind->title_column)->type == ANNALIST_FIELD_LONG_TEXT)
        g_assert_true (annalist_kind_field (kind, kind->title_column)->flags &
                       ANNALIST_FIELD_SEARCHED);
      if (kind->year_column != NULL)
        g_assert_nonnull (annalist_kind_field (kind, kind->year_column));
      if (kind->parent_column != NULL)
        g_assert_nonnull (annalist_kind_field (kind, kind->parent_column));
    }
}

/* Every pair a reference fills names a field of this kind and one of the
 * referenced kind that holds the same sort of value, so a chosen record's
 * value can stand in this one as it is. */
static void
test_fills_match (void)
{
  guint n_kinds, n_pairs = 0;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    for (guint i = 0; i < kinds[k]->n_fields; i++)
      {
        const AnnalistField *field = &kinds[k]->fields[i];
        const AnnalistKind *target;
        g_auto(GStrv) pairs = annalist_field_fills (field);

        if (field->fills == NULL)
          continue;
        g_test_message ("%s.%s fills %s", kinds[k]->name, field->column, field->fills);
        g_assert_cmpint (field->type, ==, ANNALIST_FIELD_REFERENCE);
        target = annalist_kind_lookup (field->target);
        g_assert_nonnull (target);
        g_assert_nonnull (pairs);
        g_assert_cmpuint (g_strv_length (pairs) % 2, ==, 0);
        for (guint p = 0; pairs[p] != NULL; p += 2)
          {
            const AnnalistField *own = annalist_kind_field (kinds[k], pairs[p]);
            const AnnalistField *from = annalist_kind_field (target, pairs[p + 1]);

            if (own == NULL || from == NULL)
              g_error ("%s.%s fills %s from %s.%s: no such field", kinds[k]->name,
                       field->column, pairs[p], target->name, pairs[p + 1]);
            g_assert_true (own != field);
            g_assert_false (own->flags & ANNALIST_FIELD_HIDDEN);
            g_assert_cmpstr (annalist_field_variant_type (own), ==,
                             annalist_field_variant_type (from));
            g_assert_cmpstr (own->target, ==, from->target);
            n_pairs++;
          }
      }
  /* a project activity that is an event of the year */
  g_assert_cmpuint (n_pairs, >=, 6);
}

/* Choosing a record fills the empty fields and leaves the filled ones. */
static void
test_fill_from (void)
{
  const AnnalistKind *event_kind = annalist_kind_lookup ("event");
  const AnnalistKind *activity_kind = annalist_kind_lookup ("project_activity");
  const AnnalistField *field = annalist_kind_field (activity_kind, "event_id");
  g_autoptr(AnnalistRecord) event = annalist_record_new (event_kind);
  g_autoptr(AnnalistRecord) activity = annalist_record_new (activity_kind);
  const gint64 presenters[] = { 3, 5 };
  GVariant *members;

  annalist_record_set_int (event, "academic_year", 2022);
  annalist_record_set_int (event, "kind_id", 4);
  annalist_record_set_string (event, "title", "Районный семинар «Наставничество»");
  annalist_record_set_string (event, "date_start", "2022-11-15");
  annalist_record_set_int (event, "participants", 45);
  annalist_record_set_ids (event, "presenters", presenters, G_N_ELEMENTS (presenters));
  annalist_record_set_string (event, "agenda", "Повестка");

  /* the user has already typed the count and the description */
  annalist_record_set_int (activity, "participants", 12);
  annalist_record_set_string (activity, "description", "Мастер-класс педагогов");
  annalist_record_set_ids (activity, "members", NULL, 0);

  /* year, title, date, kind, members; no audience in the event */
  g_assert_cmpuint (annalist_record_fill_from (activity, field, event), ==, 5);
  g_assert_cmpint (annalist_record_get_int (activity, "academic_year"), ==, 2022);
  g_assert_cmpstr (annalist_record_get_string (activity, "title"), ==,
                   "Районный семинар «Наставничество»");
  g_assert_cmpstr (annalist_record_get_string (activity, "date"), ==, "2022-11-15");
  g_assert_cmpint (annalist_record_get_int (activity, "kind_id"), ==, 4);
  g_assert_null (annalist_record_get (activity, "audience_id"));
  g_assert_cmpint (annalist_record_get_int (activity, "participants"), ==, 12);
  g_assert_cmpstr (annalist_record_get_string (activity, "description"), ==,
                   "Мастер-класс педагогов");
  members = annalist_record_get (activity, "members");
  g_assert_nonnull (members);
  g_assert_cmpuint (g_variant_n_children (members), ==, 2);

  /* another event fills nothing more: every field it names is filled */
  annalist_record_set_string (event, "title", "Другое мероприятие");
  g_assert_cmpuint (annalist_record_fill_from (activity, field, event), ==, 0);
  g_assert_cmpstr (annalist_record_get_string (activity, "title"), ==,
                   "Районный семинар «Наставничество»");

  /* an empty event gives nothing */
  g_clear_object (&event);
  event = annalist_record_new (event_kind);
  annalist_record_set_string (activity, "title", NULL);
  g_assert_cmpuint (annalist_record_fill_from (activity, field, event), ==, 0);
  g_assert_null (annalist_record_get (activity, "title"));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  guint n_kinds;
  const AnnalistKind * const *kinds = annalist_kinds_all (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    {
      const AnnalistKind *kind = kinds[k];
      g_autoptr(AnnalistRecord) record = build_record (fixture, kind, 0);
      g_autoptr(AnnalistRecord) loaded = NULL;
      g_autoptr(AnnalistRecord) changed = NULL;
      g_autoptr(AnnalistRecord) reloaded = NULL;
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GError) error = NULL;
      AnnalistQuery query = ANNALIST_QUERY_INIT;
      gint64 id, count_before;
      gboolean found = FALSE;

      g_test_message ("kind %s", kind->name);
      count_before = annalist_store_count (fixture->store, kind, NULL, &error);
      g_assert_no_error (error);

      /* create */
      g_assert_true (annalist_store_insert (fixture->store, record, &error));
      g_assert_no_error (error);
      id = annalist_record_get_id (record);
      g_assert_cmpint (id, >, 0);
      g_assert_cmpint (annalist_store_count (fixture->store, kind, NULL, NULL), ==,
                       count_before + 1);

      /* read: every value comes back as it went in */
      loaded = annalist_store_load (fixture->store, kind, id, &error);
      g_assert_no_error (error);
      g_assert_true (annalist_record_equal_values (record, loaded));

      /* update every field to another valid value */
      changed = build_record (fixture, kind, 1);
      annalist_record_set_id (changed, id);
      g_assert_false (annalist_record_equal_values (changed, loaded));
      g_assert_true (annalist_store_update (fixture->store, changed, &error));
      g_assert_no_error (error);
      reloaded = annalist_store_load (fixture->store, kind, id, &error);
      g_assert_no_error (error);
      g_assert_true (annalist_record_equal_values (changed, reloaded));

      /* list: found in its academic year, and by its title */
      if (kind->year_column != NULL)
        query.year = (int) annalist_record_get_int (reloaded, kind->year_column);
      if (annalist_record_get_string (reloaded, kind->title_column) != NULL)
        query.search = annalist_record_get_string (reloaded, kind->title_column);
      list = annalist_store_list (fixture->store, kind, &query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(AnnalistRecord) item = g_list_model_get_item (list, i);
          found |= annalist_record_get_id (item) == id;
        }
      g_assert_true (found);

      /* delete */
      g_assert_true (annalist_store_delete (fixture->store, kind, id, &error));
      g_assert_no_error (error);
      g_assert_null (annalist_store_load (fixture->store, kind, id, &error));
      g_assert_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND);
      g_clear_error (&error);
      g_assert_cmpint (annalist_store_count (fixture->store, kind, NULL, NULL), ==, count_before);

      /* and it can come back with its id (undo of a deletion) */
      g_assert_true (annalist_store_insert (fixture->store, changed, &error));
      g_assert_no_error (error);
      g_assert_cmpint (annalist_record_get_id (changed), ==, id);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kinds/descriptors-match-schema", Fixture, NULL,
              fixture_set_up, test_descriptors_match_schema, fixture_tear_down);
  g_test_add_func ("/kinds/fills-match", test_fills_match);
  g_test_add_func ("/kinds/fill-from", test_fill_from);
  g_test_add ("/kinds/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);

  return g_test_run ();
}
