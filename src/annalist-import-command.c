/* annalist-import-command.c — annalist --import=KIND --input=FILE
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For scripted transfers: one line per rejected row («строка 17, «Дата
 * начала»: …»), then a summary; the exit status is non-zero and nothing
 * is written when a row is rejected, unless --skip-bad.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-import.h"

static gboolean
print_rejected (const AnnalistImportRow *row,
                gpointer                 user_data)
{
  if (row->verdict == ANNALIST_IMPORT_ERROR)
    g_printerr ("%s\n", row->message);
  return TRUE;
}

static void
print_summary (const AnnalistImportSummary *summary,
               gboolean                     dry_run)
{
  /* Translators: the summary of an import on the command line */
  g_print (_("Rows read: %u; new: %u, already stored: %u, in error: %u; written: %u."),
           summary->n_rows, summary->n_new, summary->n_same, summary->n_errors, summary->n_written);
  g_print ("%s\n", dry_run ? _(" (A dry run: nothing is written.)") : "");
  if (summary->values_to_create != NULL && summary->values_to_create->len > 0)
    {
      g_print ("%s\n", _("Values not in their dictionaries (--create-values adds them):"));
      for (guint i = 0; i < summary->values_to_create->len; i++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (summary->values_to_create, i));
    }
  if (summary->n_created > 0)
    {
      g_print (_("Dictionary values added: %u."), summary->n_created);
      g_print ("\n");
    }
  if (summary->backup_path != NULL && summary->n_written > 0)
    {
      g_print (_("A copy of the database before the import: %s"), summary->backup_path);
      g_print ("\n");
    }
}

int
annalist_import_command (const AnnalistImportOptions *o)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(AnnalistImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  AnnalistImportSummary summary = { 0 };
  AnnalistImportFlags flags = 0;
  const AnnalistKind *kind;
  const char *database = o->database;
  gboolean ok;

  if (o->input == NULL)
    {
      g_printerr ("%s\n", _("--import needs --input=FILE: the .csv, .ods or .xlsx file to read."));
      return EXIT_FAILURE;
    }
  kind = annalist_import_find_kind (o->kind);
  if (kind == NULL)
    {
      g_printerr (_("--import: there is no kind of records called “%s” (write its table name, "
                    "such as event, or its name, such as «Мероприятия»)."), o->kind);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  if (database == NULL)
    database = default_path = annalist_store_default_path ();
  store = annalist_store_open_existing (database, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  import = annalist_import_new_for_file (store, kind, o->input, NULL, o->sheet, &error);
  if (import == NULL || (o->mapping != NULL && !annalist_import_parse_mapping (import, o->mapping, &error)))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (o->dry_run)
    flags |= ANNALIST_IMPORT_DRY_RUN;
  if (o->skip_bad)
    flags |= ANNALIST_IMPORT_SKIP_BAD;
  if (o->create_values)
    flags |= ANNALIST_IMPORT_CREATE_VALUES;

  ok = annalist_import_run (import, flags, print_rejected, NULL, &summary, NULL, &error);
  /* A file that could not be read at all has nothing to sum up. */
  if (ok || summary.n_rows > 0)
    print_summary (&summary, o->dry_run);
  if (!ok)
    g_printerr ("%s\n", error->message);
  else if (o->dry_run && summary.n_errors > 0)
    ok = FALSE;
  annalist_import_summary_clear (&summary);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
