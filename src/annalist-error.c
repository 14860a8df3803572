/* annalist-error.c
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "annalist-error.h"

G_DEFINE_QUARK (annalist-error-quark, annalist_error)

gboolean
annalist_error_set_create (GError    **error,
                           const char *path,
                           int         saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved_errno == EEXIST)
    g_set_error (error, ANNALIST_ERROR, ANNALIST_ERROR_EXISTS,
                 _("“%s” already exists; Annalist does not overwrite an existing file."), display);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("“%s” cannot be created: %s."), display, g_strerror (saved_errno));
  return FALSE;
}

gboolean
annalist_error_size_over (guint64   size,
                          guint64   limit,
                          char    **size_said,
                          char    **limit_said)
{
  gboolean over = size > limit;

  *size_said = over ? g_format_size (size) : NULL;
  *limit_said = over ? g_format_size (limit) : NULL;
  return over;
}
