/* main.c
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>

#include "annalist-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AnnalistApplication) app = NULL;

  /* SQLite counts the memory it allocates under a global lock unless told
   * not to; nothing here reads those counts, and the lock was a twentieth
   * of a document's export. Before SQLite's first use, as it requires. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  annalist_application_is_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = annalist_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
