/* annalist-durable.c — making a renamed file survive a power cut
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file written beside its target and renamed over it is on the disk
 * once it was fsynced, but the rename is a change of its folder: until
 * the folder is fsynced too, a power cut can leave the old file under
 * the name, or none. Whatever writes a file by temporary and rename
 * calls annalist_sync_folder_of() after the rename, and only then says
 * the file is saved.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <unistd.h>

#include "annalist-durable.h"

/* Fsyncs the folder that holds @path. */
gboolean
annalist_sync_folder_of (const char  *path,
                         GError     **error)
{
  g_autofree char *folder = NULL;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);

  folder = g_path_get_dirname (path);
  fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0)
    goto failed;
  if (fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      /* Some file systems cannot sync a folder, and say so: nothing more
       * can be done there, and the file itself was synced. */
      if (saved == EINVAL || saved == ENOTSUP)
        return TRUE;
      errno = saved;
      goto failed;
    }
  close (fd);
  return TRUE;

failed:
  saved = errno;
  {
    g_autofree char *display = g_filename_display_name (folder);

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("The folder “%s” could not be written to the disk: %s."),
                 display, g_strerror (saved));
  }
  return FALSE;
}
