/* annalist-sheet-source.c — .ods and .xlsx sheets for the import (not yet)
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder so that the import links before the sheet readers are
 * merged: the real file (libxml2's streaming reader over the zip)
 * replaces this one whole.
 */

#define G_LOG_DOMAIN "annalist-import"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "annalist-table-source.h"

char **
annalist_sheet_source_list_sheets (const char  *path,
                                   GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _(".ods and .xlsx files are not read yet: save the sheet as CSV."));
  return NULL;
}

AnnalistTableSource *
annalist_sheet_source_open (const char  *path,
                            const char  *sheet,
                            GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _(".ods and .xlsx files are not read yet: save the sheet as CSV."));
  return NULL;
}
