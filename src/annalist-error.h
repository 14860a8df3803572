/* annalist-error.h — the application's error domain
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANNALIST_ERROR (annalist_error_quark ())

/*
 * Codes below 1000 are SQLite result codes (SQLITE_BUSY, SQLITE_NOTADB, …)
 * carried unchanged, so that a caller can tell a locked database from a
 * damaged one; the message is always a sentence for the user.
 */
typedef enum
{
  ANNALIST_ERROR_SCHEMA_TOO_NEW = 1000,
  ANNALIST_ERROR_INVALID,        /* a value the user entered is not acceptable */
  ANNALIST_ERROR_EXISTS,         /* the file is already there */
  ANNALIST_ERROR_NOT_FOUND,      /* no record with that id */
  ANNALIST_ERROR_IN_USE,         /* other records depend on this one */
  ANNALIST_ERROR_CONFLICT,       /* someone else changed the record meanwhile */
  ANNALIST_ERROR_CLOSED_YEAR,    /* the record belongs to a closed academic year */
} AnnalistErrorCode;

GQuark   annalist_error_quark       (void);

/* Sets @error for a file that could not be created at @path: the
 * ANNALIST_ERROR_EXISTS sentence for EEXIST, else a G_IO_ERROR one.
 * Returns FALSE. */
gboolean annalist_error_set_create (GError    **error,
                                    const char *path,
                                    int         saved_errno);

/* Whether @size is over @limit; when it is, both as people read them
 * («150,0 МБ», «100,0 МБ») for the caller's sentence, else NULLs. */
gboolean annalist_error_size_over  (guint64     size,
                                    guint64     limit,
                                    char      **size_said,
                                    char      **limit_said);

G_END_DECLS
