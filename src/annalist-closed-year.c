/* annalist-closed-year.c — academic years whose report was signed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Closing a year keeps the report file exported at closing in the table
 * closed_year, byte for byte, and makes the year's records view-only
 * until the year is reopened. The guard is in the database itself: at
 * every open, TEMP triggers made from the descriptors refuse an insert,
 * update or delete of a record of a closed year whatever writes it (a
 * form, the indicator grid, an undo, a cascade from a deleted owner),
 * and a record moved into or out of a closed year. A record's year is
 * its year column, or its owner's (a competition's entries), or that of
 * the stage it belongs to (a plan's items); the links of a record to
 * organisations go with it. Kinds that span years (statuses, projects,
 * plans) and dictionaries are not closed by a year.
 *
 * A refused statement fails in annalist_closed_year_refuse (), which
 * notes the year for the store's error path: annalist_closed_year_refused
 * () turns it into the sentence that names the year and says how to
 * reopen it.
 */

#define G_LOG_DOMAIN "annalist-closed-year"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "annalist-closed-year.h"
#include "annalist-date.h"
#include "annalist-durable.h"
#include "annalist-error.h"
#include "annalist-history.h"
#include "annalist-store-private.h"

#define REFUSED_KEY "annalist-closed-year-refused"

/* Records that belong to the year of a record they name other than their
 * owner: a plan's item is of the year of its stage (the plan spans
 * years). */
static const struct
{
  const char *kind;
  const char *column;
} year_owners[] = {
  { "plan_item", "stage_id" },
};

void
annalist_closed_year_free (AnnalistClosedYear *closed)
{
  if (closed == NULL)
    return;
  g_free (closed->closed_at);
  g_free (closed->user_name);
  g_free (closed->template_name);
  g_free (closed->file_name);
  g_free (closed);
}

/* Which years ------------------------------------------------------------------------ */

/* The REFERENCE column of @kind whose record's year is @kind's, and that
 * record's kind; NULL when @kind has its own year or none. */
static const char *
year_owner (const AnnalistKind  *kind,
            const AnnalistKind **owner)
{
  if (kind->is_dictionary || kind->year_column != NULL)
    return NULL;
  if (kind->parent_column != NULL)
    {
      const AnnalistField *field = annalist_kind_field (kind, kind->parent_column);
      const AnnalistKind *parent = field ? annalist_kind_lookup (field->target) : NULL;

      if (parent != NULL && parent->year_column != NULL)
        {
          *owner = parent;
          return kind->parent_column;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (year_owners); i++)
    if (g_str_equal (year_owners[i].kind, kind->name))
      {
        const AnnalistField *field = annalist_kind_field (kind, year_owners[i].column);

        g_assert (field != NULL && field->target != NULL);
        *owner = annalist_kind_lookup (field->target);
        g_assert (*owner != NULL && (*owner)->year_column != NULL);
        return year_owners[i].column;
      }
  return NULL;
}

static gboolean
has_year (const AnnalistKind *kind)
{
  const AnnalistKind *owner;

  return !kind->is_dictionary &&
         (kind->year_column != NULL || year_owner (kind, &owner) != NULL);
}

/* SQL for the year of the record of @kind whose id is @id_sql. */
static char *
year_of_id_sql (const AnnalistKind *kind,
                const char         *id_sql,
                guint               depth)
{
  const AnnalistKind *owner = NULL;
  const char *column = year_owner (kind, &owner);
  g_autofree char *alias = g_strdup_printf ("annalist_y%u", depth);
  g_autofree char *owner_id = NULL;
  g_autofree char *inner = NULL;

  if (column == NULL)
    return g_strdup_printf ("(SELECT %s.%s FROM main.%s AS %s WHERE %s.id = %s)",
                            alias, kind->year_column, kind->name, alias, alias, id_sql);
  owner_id = g_strdup_printf ("%s.%s", alias, column);
  inner = year_of_id_sql (owner, owner_id, depth + 1);
  return g_strdup_printf ("(SELECT %s FROM main.%s AS %s WHERE %s.id = %s)",
                          inner, kind->name, alias, alias, id_sql);
}

/* SQL for the year of the row @row (NEW or OLD) of @kind's table. */
static char *
year_of_row_sql (const AnnalistKind *kind,
                 const char         *row)
{
  const AnnalistKind *owner = NULL;
  const char *column = year_owner (kind, &owner);
  g_autofree char *owner_id = NULL;

  if (column == NULL)
    return g_strdup_printf ("%s.%s", row, kind->year_column);
  owner_id = g_strdup_printf ("%s.%s", row, column);
  return year_of_id_sql (owner, owner_id, 0);
}

/* The guard ------------------------------------------------------------------------- */

/* annalist_closed_year_refuse (YEAR): fails the statement that called it,
 * noting YEAR on the store for its error path. */
static void
refuse_function (sqlite3_context *context,
                 int              argc,
                 sqlite3_value  **argv)
{
  AnnalistStore *store = sqlite3_user_data (context);

  g_object_set_data (G_OBJECT (store), REFUSED_KEY,
                     GINT_TO_POINTER (sqlite3_value_int (argv[0])));
  sqlite3_result_error (context, "annalist: closed year", -1);
  sqlite3_result_error_code (context, SQLITE_CONSTRAINT_TRIGGER);
}

static void
add_trigger (GString    *sql,
             const char *table,
             const char *event,
             const char *suffix,
             const char *year)
{
  g_string_append_printf (sql,
                          "CREATE TEMP TRIGGER IF NOT EXISTS annalist_closed_%s_%s "
                          "BEFORE %s ON main.%s "
                          "WHEN %s IN (SELECT academic_year FROM main.closed_year) "
                          "BEGIN SELECT annalist_closed_year_refuse (%s); END;\n",
                          table, suffix, event, table, year, year);
}

/* Refuses, on @table, a row whose year (@new_year, @old_year) is closed. */
static void
add_guard (GString    *sql,
           const char *table,
           const char *new_year,
           const char *old_year)
{
  add_trigger (sql, table, "INSERT", "insert", new_year);
  /* Out of a closed year, and into one. */
  add_trigger (sql, table, "UPDATE", "update_old", old_year);
  add_trigger (sql, table, "UPDATE", "update_new", new_year);
  add_trigger (sql, table, "DELETE", "delete", old_year);
}

static char *
guard_sql (void)
{
  GString *sql = g_string_new (NULL);
  const AnnalistKind * const *kinds;
  guint n_kinds;

  kinds = annalist_kinds_all (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      const AnnalistKind *kind = kinds[k];
      g_autofree char *new_year = NULL;
      g_autofree char *old_year = NULL;

      if (!has_year (kind))
        continue;
      new_year = year_of_row_sql (kind, "NEW");
      old_year = year_of_row_sql (kind, "OLD");
      add_guard (sql, kind->name, new_year, old_year);

      /* The record's links to organisations are the record's. */
      for (guint i = 0; i < kind->n_fields; i++)
        {
          const AnnalistField *field = &kind->fields[i];
          g_autofree char *new_id = NULL;
          g_autofree char *old_id = NULL;
          g_autofree char *new_link = NULL;
          g_autofree char *old_link = NULL;

          if (field->type != ANNALIST_FIELD_REFERENCES)
            continue;
          new_id = g_strdup_printf ("NEW.%s", field->junction_column);
          old_id = g_strdup_printf ("OLD.%s", field->junction_column);
          new_link = year_of_id_sql (kind, new_id, 0);
          old_link = year_of_id_sql (kind, old_id, 0);
          add_guard (sql, field->junction, new_link, old_link);
        }
    }
  return g_string_free (sql, FALSE);
}

gboolean
annalist_closed_year_install (AnnalistStore *store,
                              GError       **error)
{
  g_autofree char *sql = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  db = annalist_store_get_db (store);
  rc = sqlite3_create_function (db, "annalist_closed_year_refuse", 1,
                                SQLITE_UTF8 | SQLITE_DIRECTONLY, store, refuse_function,
                                NULL, NULL);
  if (rc != SQLITE_OK)
    return annalist_store_set_error (store, rc, error);

  sql = guard_sql ();
  return annalist_store_exec (store, sql, error);
}

gboolean
annalist_closed_year_refused (AnnalistStore *store,
                              int            rc,
                              GError       **error)
{
  int year = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (store), REFUSED_KEY));
  g_autofree char *sentence = NULL;

  if (year == 0 || rc != SQLITE_CONSTRAINT_TRIGGER)
    return FALSE;
  sentence = annalist_closed_year_sentence (store, year);
  g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_CLOSED_YEAR, sentence);
  return TRUE;
}

/* Reading ----------------------------------------------------------------------------- */

static AnnalistClosedYear *
closed_from_row (sqlite3_stmt *stmt)
{
  AnnalistClosedYear *closed = g_new0 (AnnalistClosedYear, 1);

  closed->academic_year = sqlite3_column_int (stmt, 0);
  closed->closed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  closed->user_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  closed->template_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  closed->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  closed->report_size = sqlite3_column_int64 (stmt, 5);
  return closed;
}

#define CLOSED_COLUMNS \
  "academic_year, closed_at, user_name, template_name, file_name, length (report)"

AnnalistClosedYear *
annalist_closed_year_get (AnnalistStore *store,
                          int            year,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  AnnalistClosedYear *closed = NULL;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  stmt = annalist_store_prepare (store, "SELECT " CLOSED_COLUMNS " FROM closed_year "
                                 "WHERE academic_year = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    closed = closed_from_row (stmt);
  else if (rc != SQLITE_DONE)
    annalist_store_set_error (store, rc, error);
  sqlite3_reset (stmt);
  return closed;
}

gboolean
annalist_closed_year_is_closed (AnnalistStore *store,
                                int            year)
{
  g_autoptr(AnnalistClosedYear) closed = NULL;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  if (year == ANNALIST_ALL_YEARS)
    return FALSE;
  closed = annalist_closed_year_get (store, year, NULL);
  return closed != NULL;
}

GPtrArray *
annalist_closed_year_list (AnnalistStore *store,
                           GError       **error)
{
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func ((GDestroyNotify) annalist_closed_year_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  stmt = annalist_store_prepare (store, "SELECT " CLOSED_COLUMNS " FROM closed_year "
                                 "ORDER BY academic_year DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (years, closed_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      annalist_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&years);
}

GBytes *
annalist_closed_year_get_report (AnnalistStore *store,
                                 int            year,
                                 GError       **error)
{
  sqlite3_stmt *stmt;
  GBytes *report = NULL;
  int rc;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  stmt = annalist_store_prepare (store, "SELECT report FROM closed_year "
                                 "WHERE academic_year = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    report = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *label = annalist_academic_year_label (year);

      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The academic year %s is not closed: there is no signed report kept for it."),
                   label);
    }
  else
    annalist_store_set_error (store, rc, error);
  sqlite3_reset (stmt);
  return report;
}

char *
annalist_closed_year_date (const AnnalistClosedYear *closed)
{
  const char *iso;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (closed != NULL, NULL);

  iso = closed->closed_at;
  utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  local = utc ? g_date_time_to_local (utc) : NULL;
  if (local == NULL)
    return g_strdup (iso ? iso : "");
  return g_date_time_format (local, "%d.%m.%Y");
}

char *
annalist_closed_year_sentence (AnnalistStore *store,
                               int            year)
{
  g_autoptr(AnnalistClosedYear) closed = annalist_closed_year_get (store, year, NULL);
  g_autofree char *label = annalist_academic_year_label (year);
  g_autofree char *date = NULL;

  if (closed == NULL)
    /* Reopened meanwhile by another window: say what is known. */
    return g_strdup_printf (_("The academic year %s is closed: its report is signed. To change "
                              "the record, reopen the year: “Documents” → “Reopen the Year”."),
                            label);
  date = annalist_closed_year_date (closed);
  /* Translators: the first %s is an academic year (2022-2023), the second a date */
  return g_strdup_printf (_("The academic year %s was closed on %s: its report is signed. To "
                            "change the record, reopen the year: “Documents” → “Reopen the "
                            "Year”."),
                          label, date);
}

/* The year @record belongs to, or 0. */
static int
record_year (AnnalistStore      *store,
             const AnnalistKind *kind,
             AnnalistRecord     *record)
{
  const AnnalistKind *owner = NULL;
  const char *column;
  g_autofree char *sql = NULL;
  g_autofree char *owner_year = NULL;
  sqlite3_stmt *stmt;
  GVariant *value;
  int year = 0;

  if (kind->is_dictionary)
    return 0;
  if (kind->year_column != NULL)
    {
      value = annalist_record_get (record, kind->year_column);
      if (value != NULL)
        return (int) annalist_record_get_int (record, kind->year_column);
      if (kind->year_from_date != NULL && annalist_record_get (record, kind->year_from_date) != NULL)
        return annalist_iso_academic_year (annalist_record_get_string (record,
                                                                       kind->year_from_date));
      return 0;
    }
  column = year_owner (kind, &owner);
  if (column == NULL || annalist_record_get (record, column) == NULL)
    return 0;
  owner_year = year_of_id_sql (owner, "?1", 0);
  sql = g_strdup_printf ("SELECT %s", owner_year);
  stmt = annalist_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, annalist_record_get_int (record, column));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    year = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return year;
}

char *
annalist_closed_year_reason (AnnalistStore      *store,
                             const AnnalistKind *kind,
                             AnnalistRecord     *record)
{
  int year;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (ANNALIST_IS_RECORD (record), NULL);

  year = record_year (store, kind, record);
  if (year == 0 || !annalist_closed_year_is_closed (store, year))
    return NULL;
  return annalist_closed_year_sentence (store, year);
}

/* Closing and reopening ------------------------------------------------------------------ */

typedef struct
{
  int         year;
  GBytes     *report;
  const char *file_name;
  const char *template_name;
} Closing;

static gboolean
close_in_transaction (AnnalistStore *store,
                      gpointer       user_data,
                      GError       **error)
{
  Closing *closing = user_data;
  g_autofree char *now = annalist_time_stamp (NULL);
  g_autofree char *label = annalist_academic_year_label (closing->year);
  g_autofree char *note = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const void *data = g_bytes_get_data (closing->report, &size);
  int rc;

  stmt = annalist_store_prepare (store, "INSERT INTO closed_year (academic_year, closed_at, "
                                 "user_name, template_name, file_name, report) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, closing->year);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, closing->template_name ? closing->template_name : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, closing->file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 6, data, size, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS,
                   _("The academic year %s is already closed."), label);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);

  /* Translators: %s is an academic year, 2022-2023; a line of the history */
  note = g_strdup_printf (_("The academic year %s is closed"), label);
  return annalist_store_note_year (store, note, error);
}

gboolean
annalist_closed_year_close (AnnalistStore *store,
                            int            year,
                            GBytes        *report,
                            const char    *file_name,
                            const char    *template_name,
                            GError       **error)
{
  Closing closing = { year, report, file_name, template_name };

  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);

  if (year < ANNALIST_YEAR_MIN || year > ANNALIST_YEAR_MAX)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("There is no academic year %d to close."), year);
      return FALSE;
    }
  if (g_bytes_get_size (report) == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                   _("The report file “%s” is empty: a year is closed with the report as it "
                     "was signed."), file_name);
      return FALSE;
    }
  if (!annalist_store_transaction (store, close_in_transaction, &closing, error))
    return FALSE;
  /* The forms and lists of the year's records see it. */
  g_signal_emit_by_name (store, "changed", "closed_year");
  return TRUE;
}

static gboolean
reopen_in_transaction (AnnalistStore *store,
                       gpointer       user_data,
                       GError       **error)
{
  int year = GPOINTER_TO_INT (user_data);
  g_autofree char *label = annalist_academic_year_label (year);
  g_autofree char *note = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = annalist_store_prepare (store, "DELETE FROM closed_year WHERE academic_year = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return annalist_store_set_error (store, rc, error);
  if (sqlite3_changes (annalist_store_get_db (store)) == 0)
    {
      g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_NOT_FOUND,
                   _("The academic year %s is not closed."), label);
      return FALSE;
    }
  /* Translators: %s is an academic year, 2022-2023; a line of the history */
  note = g_strdup_printf (_("The academic year %s is reopened"), label);
  return annalist_store_note_year (store, note, error);
}

gboolean
annalist_closed_year_reopen (AnnalistStore *store,
                             int            year,
                             GError       **error)
{
  g_return_val_if_fail (ANNALIST_IS_STORE (store), FALSE);

  if (!annalist_store_transaction (store, reopen_in_transaction, GINT_TO_POINTER (year), error))
    return FALSE;
  /* The forms and lists of the year's records see it. */
  g_signal_emit_by_name (store, "changed", "closed_year");
  return TRUE;
}

/* The command line ------------------------------------------------------------------------ */

static void
say (const char *sentence)
{
  g_printerr ("%s%s\n", sentence, g_str_has_suffix (sentence, ".") ? "" : ".");
}

/*
 * annalist --signed-report=2022-2023 --output=FILE: writes the report kept
 * when the year was closed, byte for byte. The database is only read.
 */
int
annalist_closed_year_report_command (const char *database,
                                     const char *year_text,
                                     const char *output)
{
  g_autofree char *default_path = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GError) error = NULL;
  int year = 0;

  if (output == NULL || *output == '\0')
    {
      say (_("--signed-report needs --output=FILE: the file to write the signed report to"));
      return EXIT_FAILURE;
    }
  if (year_text == NULL || !annalist_academic_year_parse (year_text, &year))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not an academic year: write it as 2022-2023"),
                         year_text ? year_text : "");
      say (message);
      return EXIT_FAILURE;
    }
  if (database == NULL)
    database = default_path = annalist_store_default_path ();
  store = annalist_store_open_readonly (database, &error);
  if (store == NULL)
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  report = annalist_closed_year_get_report (store, year, &error);
  if (report == NULL)
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  /* A temporary beside the file, renamed over it, the folder synced. */
  if (!g_file_set_contents_full (output, g_bytes_get_data (report, NULL),
                                 g_bytes_get_size (report),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &error) ||
      !annalist_sync_folder_of (output, &error))
    {
      say (error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
