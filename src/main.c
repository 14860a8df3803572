/* main.c
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "annalist-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AnnalistApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  annalist_application_is_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = annalist_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
