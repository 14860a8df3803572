/* temp-tree.c — the tests' temporary folders
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>

#include "temp-tree.h"

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("annalist-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "district.db", NULL);
  fixture->store = annalist_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

gboolean
use_russian (void)
{
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      if (g_getenv ("CI") != NULL)
        g_error ("The ru_RU.UTF-8 locale is missing; .ci/run generates it.");
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      return FALSE;
    }
  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_PO_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}
