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
 *
 * Versions before these names wrote "<target>.XXXXXX" (g_mkstemp()'s six
 * letters and digits) and left it when killed. The next export to the
 * same target name removes such a leftover when it is surely one: not
 * written to for OLD_STYLE_AGE, a plain file, and an unfinished document
 * — empty, or an ODF package (a zip whose first entry is "mimetype")
 * without the zip's closing directory, or a flat ODF without its closing
 * tag. A complete document («report.odt.backup») or any other file is
 * never touched.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "annalist-odf-private.h"

/* The target's name in the temporary's is cut to this many bytes (at a
 * character boundary): a long name must not make the temporary's too
 * long for the file system. */
#define MAX_BASE_BYTES 100

/* An old-style temporary untouched this long (seconds) is not being
 * written by a running export of an older version. */
#define OLD_STYLE_AGE (5 * 60)

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

/* Whether @name is @base "." and six letters or digits. */
static gboolean
is_old_style_name (const char *name,
                   const char *base)
{
  gsize length = strlen (base);

  if (strncmp (name, base, length) != 0 || name[length] != '.' || strlen (name + length + 1) != 6)
    return FALSE;
  for (const char *c = name + length + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  return TRUE;
}

/* The zip's end of central directory is within the last 64 KB + 22 bytes
 * of a complete package. */
static gboolean
zip_is_complete (int   fd,
                 off_t size)
{
  gsize tail = (gsize) MIN (size, (off_t) (65535 + 22));
  g_autofree guchar *bytes = g_malloc (tail);
  gssize n = pread (fd, bytes, tail, size - (off_t) tail);

  if (n != (gssize) tail)
    return TRUE;   /* unreadable: keep it */
  for (gssize i = n - 22; i >= 0; i--)
    if (memcmp (bytes + i, "PK\x05\x06", 4) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the open file @fd of @size bytes is a document whose writing
 * was cut off (see the top of the file). */
static gboolean
is_unfinished_document (int   fd,
                        off_t size)
{
  guchar head[4096];
  gssize n;

  if (size == 0)
    return TRUE;
  n = pread (fd, head, sizeof head - 1, 0);
  if (n < 4)
    return FALSE;
  head[n] = '\0';
  if (memcmp (head, "PK\x03\x04", 4) == 0)
    {
      /* A package's first entry is "mimetype"; a header cut short says
       * nothing against it. */
      if (n >= 38 && (head[26] != 8 || head[27] != 0 || memcmp (head + 30, "mimetype", 8) != 0))
        return FALSE;
      return !zip_is_complete (fd, size);
    }
  if (n >= 5 && memcmp (head, "<?xml", 5) == 0 && strstr ((char *) head, "<office:document") != NULL)
    {
      static const char closing[] = "</office:document>";
      char end[64] = { 0 };
      gssize got;
      off_t from = size > (off_t) sizeof end - 1 ? size - (off_t) sizeof end + 1 : 0;

      got = pread (fd, end, sizeof end - 1, from);
      return got > 0 && strstr (end, closing) == NULL;
    }
  return FALSE;
}

/* Removes, beside @path, the old-style leftovers of exports to @path. */
static void
remove_old_style_temporaries (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *old = NULL;
      struct stat st;
      int fd;

      if (!is_old_style_name (name, base))
        continue;
      old = g_build_filename (folder, name, NULL);
      fd = g_open (old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime >= OLD_STYLE_AGE &&
          is_unfinished_document (fd, st.st_size))
        g_unlink (old);
      close (fd);
    }
}

void
_annalist_odf_remove_stale_temporaries (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *mark = marker ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  remove_old_style_temporaries (path);
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
