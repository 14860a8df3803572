/* crash-saver.c — saves through the store until it is killed
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helper of test-crash.c: opens the store at DB, writes one byte to
 * stdout once it is open (and one after each acknowledged save), then saves organisations and events (with their
 * organisers: the junction table and its foreign keys), updates and
 * deletes events, as the window does, until SIGKILL. The log at LOG is the
 * record of what was acknowledged: after each save the store returned TRUE
 * for, one line
 *
 *   ok  <kind>  <id>  <value>       (kind: org, event; value "-": deleted)
 *
 * appended with O_APPEND and fdatasync'ed. Before an update or a delete, a
 * line "try <kind> <id> <value>" says what the save is about to be: killed
 * between the two, the database may have either value. Before an insert,
 * "try <kind> 0 <value>": killed after its commit, the new row (which
 * may take the id of a deleted one) is there without its "ok". Fields are
 * separated by tabs; see row_value () in test-crash.c for the values.
 *
 *   crash-saver DB LOG SEED
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annalist-store.h"
#include "annalist-store-private.h"
#include "crash-child.h"

/* "kind\tid" is the log line's key. */
static void
log_line (const char *verb,
          const char *kind,
          gint64      id,
          const char *value)
{
  g_autofree char *key = g_strdup_printf ("%s\t%" G_GINT64_FORMAT, kind, id);

  crash_child_log (verb, key, value);
}

static GArray *
ids_of (AnnalistStore *store,
        const char    *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = annalist_store_prepare (store, sql, NULL);

  g_assert (stmt != NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return ids;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The same text as test-crash.c's row_value () reads back. */
static char *
event_value (const char   *title,
             gint64        participants,
             const gint64 *organisers,
             guint         n_organisers)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *value = g_string_new (NULL);

  g_array_append_vals (sorted, organisers, n_organisers);
  g_array_sort (sorted, compare_ids);
  g_string_append_printf (value, "%s|%" G_GINT64_FORMAT "|", title, participants);
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_printf (value, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (sorted, gint64, i));
  return g_string_free (value, FALSE);
}

/* Fills @record's title, participants and 0–3 distinct organisers. */
static char *
fill_event (AnnalistRecord *record,
            GRand          *rand,
            GArray         *orgs,
            guint           n)
{
  g_autofree char *title = g_strdup_printf ("Семинар № %u", n);
  gint64 participants = g_rand_int_range (rand, 0, 500);
  gint64 organisers[3];
  guint n_organisers = 0;
  guint wanted = g_rand_int_range (rand, 0, 4);

  wanted = MIN (wanted, orgs->len);

  while (n_organisers < wanted)
    {
      gint64 id = g_array_index (orgs, gint64, g_rand_int_range (rand, 0, orgs->len));
      gboolean seen = FALSE;

      for (guint i = 0; i < n_organisers; i++)
        seen = seen || organisers[i] == id;
      if (!seen)
        organisers[n_organisers++] = id;
    }
  annalist_record_set_string (record, "title", title);
  annalist_record_set_int (record, "participants", participants);
  annalist_record_set_ids (record, "organisers", organisers, n_organisers);
  return event_value (title, participants, organisers, n_organisers);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GArray) orgs = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) org_types = NULL;
  g_autoptr(GArray) event_kinds = NULL;
  GRand *rand;

  setlocale (LC_ALL, "");
  store = crash_child_start (argc, argv, "crash-saver", &rand);
  orgs = ids_of (store, "SELECT id FROM organisation ORDER BY id");
  events = ids_of (store, "SELECT id FROM event ORDER BY id");
  org_types = ids_of (store, "SELECT id FROM org_type ORDER BY id");
  event_kinds = ids_of (store, "SELECT id FROM event_kind ORDER BY id");
  g_assert (org_types->len > 0 && event_kinds->len > 0);

  /* Open: the test starts its clock. */
  crash_child_signal ();

  for (guint n = 1;; n++)
    {
      int op = g_rand_int_range (rand, 0, 10);

      if (op < 2 || orgs->len == 0)
        {
          g_autoptr(AnnalistRecord) record =
            annalist_record_new (annalist_kind_lookup ("organisation"));
          g_autofree char *name = g_strdup_printf ("Школа № %u-%u", n,
                                                   g_rand_int (rand) % 1000);
          gint64 id;

          annalist_record_set_string (record, "full_name", name);
          annalist_record_set_string (record, "short_name", name);
          annalist_record_set_int (record, "type_id",
                                   g_array_index (org_types, gint64, 0));
          log_line ("try", "org", 0, name);
          if (!annalist_store_insert (store, record, &error))
            g_error ("Cannot insert an organisation: %s", error->message);
          id = annalist_record_get_id (record);
          g_array_append_val (orgs, id);
          log_line ("ok", "org", id, name);
        }
      else if (op < 6 || events->len == 0)
        {
          g_autoptr(AnnalistRecord) record =
            annalist_record_new (annalist_kind_lookup ("event"));
          g_autofree char *value = fill_event (record, rand, orgs, n);
          gint64 id;

          annalist_record_set_string (record, "date_start", "2023-03-15");
          annalist_record_set_int (record, "kind_id",
                                   g_array_index (event_kinds, gint64, 0));
          log_line ("try", "event", 0, value);
          if (!annalist_store_insert (store, record, &error))
            g_error ("Cannot insert an event: %s", error->message);
          id = annalist_record_get_id (record);
          g_array_append_val (events, id);
          log_line ("ok", "event", id, value);
        }
      else if (op < 9)
        {
          gint64 id = g_array_index (events, gint64,
                                     g_rand_int_range (rand, 0, events->len));
          g_autoptr(AnnalistRecord) record =
            annalist_store_load (store, annalist_kind_lookup ("event"), id, &error);
          g_autofree char *value = NULL;

          if (record == NULL)
            g_error ("Cannot load event %" G_GINT64_FORMAT ": %s", id, error->message);
          value = fill_event (record, rand, orgs, n);
          log_line ("try", "event", id, value);
          if (!annalist_store_update (store, record, &error))
            g_error ("Cannot update an event: %s", error->message);
          log_line ("ok", "event", id, value);
        }
      else
        {
          guint index = g_rand_int_range (rand, 0, events->len);
          gint64 id = g_array_index (events, gint64, index);

          log_line ("try", "event", id, "-");
          if (!annalist_store_delete (store, annalist_kind_lookup ("event"), id, &error))
            g_error ("Cannot delete an event: %s", error->message);
          g_array_remove_index_fast (events, index);
          log_line ("ok", "event", id, "-");
        }
    }
}
