/* annalist-odf-temporary.c — the temporary file a document is written to
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document is written to a temporary file beside its target and renamed
 * over it when complete. An export that is killed (or a machine that
 * loses power) cannot remove its temporary, so the name says whose it is:
 *
 *   .<target>.annalist-<host>-<pid>-XXXXXX
 *
 * hidden, and with the host and the process that writes it. The writer
 * holds an flock() on it while it writes. Each export first removes, in
 * its target's folder, the temporaries of this host whose process is gone
 * and whose lock is free (the lock keeps a temporary of a process in
 * another PID namespace, a second sandbox, from being taken for dead).
 * Temporaries of other hosts, on a shared folder, are left alone.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "annalist-odf-private.h"

/* The target's name in the temporary's is cut to this many bytes (at a
 * character boundary): a long name must not make the temporary's too
 * long for the file system. */
#define MAX_BASE_BYTES 100

/* ".annalist-<host>-": the host's name with only safe characters. */
static char *
marker (void)
{
  g_autofree char *host = g_strndup (g_get_host_name (), 64);

  for (char *c = host; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '.' && *c != '_')
      *c = '_';
  return g_strconcat (".annalist-", host, "-", NULL);
}

char *
_annalist_odf_temporary_template (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *mark = marker ();
  g_autofree char *name = NULL;

  if (strlen (base) > MAX_BASE_BYTES)
    {
      char *end = base + MAX_BASE_BYTES;

      /* Back to the start of a UTF-8 character (any bytes otherwise). */
      while (end > base && ((guchar) *end & 0xC0) == 0x80)
        end--;
      *end = '\0';
    }
  name = g_strdup_printf (".%s%s%ld-XXXXXX", base, mark, (long) getpid ());
  return g_build_filename (folder, name, NULL);
}

/* The pid in @name when it is a temporary of this host, else 0. */
static pid_t
temporary_pid (const char *name,
               const char *mark)
{
  const char *found = name[0] == '.' ? g_strrstr (name, mark) : NULL;
  const char *digits;
  char *end = NULL;
  guint64 pid;

  if (found == NULL)
    return 0;
  digits = found + strlen (mark);
  if (!g_ascii_isdigit (*digits))
    return 0;
  pid = g_ascii_strtoull (digits, &end, 10);
  if (end == NULL || *end != '-' || strlen (end + 1) != 6 || pid == 0 || pid > G_MAXINT)
    return 0;
  return (pid_t) pid;
}

void
_annalist_odf_remove_stale_temporaries (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *mark = marker ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      pid_t pid = temporary_pid (name, mark);
      g_autofree char *stale = NULL;
      int fd;

      if (pid == 0 || pid == getpid ())
        continue;
      if (kill (pid, 0) == 0 || errno != ESRCH)
        continue;
      stale = g_build_filename (folder, name, NULL);
      fd = g_open (stale, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (stale);
      close (fd);
    }
}

void
_annalist_odf_temporary_lock (int fd)
{
  /* Advisory: where the file system has no locks, the pid alone says. */
  (void) flock (fd, LOCK_EX | LOCK_NB);
}
