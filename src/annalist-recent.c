/* annalist-recent.c — the databases opened last
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small text file in the user data folder rather than a GSettings key:
 * it is kept next to the default database, and the list follows the
 * folder, as the backups do.
 */

#define G_LOG_DOMAIN "annalist-recent"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>

#include "annalist-recent.h"

char *
annalist_recent_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "annalist", "recent-databases", NULL);
}

char **
annalist_recent_load (const char *file)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  if (file != NULL && g_file_get_contents (file, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL && paths->len < ANNALIST_RECENT_MAX; i++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < paths->len; j++)
            seen = seen || g_str_equal (g_ptr_array_index (paths, j), lines[i]);
          /* The menu's action takes UTF-8 paths. */
          if (!seen && g_path_is_absolute (lines[i]) && g_utf8_validate (lines[i], -1, NULL))
            g_ptr_array_add (paths, g_strdup (lines[i]));
        }
    }
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

gboolean
annalist_recent_add (const char  *file,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *folder = NULL;
  g_auto(GStrv) old = NULL;
  g_autoptr(GString) text = NULL;
  guint kept = 1;

  g_return_val_if_fail (file != NULL && path != NULL, FALSE);

  /* A path with a new line in it cannot be kept one a line. */
  if (strchr (path, '\n') != NULL || !g_utf8_validate (path, -1, NULL))
    return TRUE;
  absolute = g_canonicalize_filename (path, NULL);
  old = annalist_recent_load (file);
  text = g_string_new (absolute);
  g_string_append_c (text, '\n');
  for (guint i = 0; old[i] != NULL && kept < ANNALIST_RECENT_MAX; i++)
    if (!g_str_equal (old[i], absolute))
      {
        g_string_append_printf (text, "%s\n", old[i]);
        kept++;
      }
  folder = g_path_get_dirname (file);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (file, text->str, text->len, error);
}

void
annalist_recent_fill_menu (GMenu      *menu,
                           const char *file)
{
  g_auto(GStrv) paths = annalist_recent_load (file);

  g_menu_remove_all (menu);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *name = g_filename_display_basename (paths[i]);
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      g_autofree char *dir_name = g_filename_display_basename (dir);
      gboolean same_name = FALSE;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      /* Two «annalist.db» in different folders are told apart by their
       * folder's name. */
      for (guint j = 0; paths[j] != NULL; j++)
        {
          g_autofree char *other = g_path_get_basename (paths[j]);
          g_autofree char *own = g_path_get_basename (paths[i]);

          if (j != i && g_str_equal (other, own))
            same_name = TRUE;
        }
      /* Translators: a recent database in the main menu: «file.db (folder)» */
      label = same_name ? g_strdup_printf (_("%s (%s)"), name, dir_name) : g_strdup (name);
      /* A mnemonic would take the name's underscores. */
      item = g_menu_item_new (NULL, NULL);
      {
        g_autoptr(GString) escaped = g_string_new (label);

        g_string_replace (escaped, "_", "__", 0);
        g_menu_item_set_label (item, escaped->str);
      }
      g_menu_item_set_action_and_target_value (item, "app.open-recent",
                                               g_variant_new_string (paths[i]));
      g_menu_append_item (menu, item);
    }
}
