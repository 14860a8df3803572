/* annalist-odf-package.c
 *
 * Copyright 2026 The Annalist authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-odf"

#include "config.h"

#include <glib/gi18n.h>
#include <gsf/gsf.h>

#include "annalist-odf-private.h"

/* What a package may hold.  An office document has a few dozen parts and
 * some megabytes; these limits refuse a damaged or hostile file (a zip
 * bomb) long before it could exhaust the memory. */
#define MAX_ENTRIES    2000
#define MAX_PART_SIZE  (G_GINT64_CONSTANT (256) * 1024 * 1024)
#define MAX_TOTAL_SIZE (G_GINT64_CONSTANT (256) * 1024 * 1024)

typedef struct
{
  GsfInfile *dir;
  char      *prefix; /* "" or "Object 1/" */
} Folder;

static void
folder_clear (gpointer data)
{
  Folder *folder = data;

  g_clear_object (&folder->dir);
  g_clear_pointer (&folder->prefix, g_free);
}

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA, message);
}

/* A part's name for a message: zip names need not be UTF-8. */
static char *
display_name (const char *name)
{
  return g_utf8_make_valid (name, -1);
}

/* Reads one part whole.  libgsf never inflates more than the size the
 * zip's directory declares, which has been checked against the limits:
 * a part that claims little and inflates to much is cut off there. */
static GBytes *
read_part (GsfInput    *input,
           const char  *name,
           gsf_off_t    size,
           GError     **error)
{
  /* Zeroed: a part whose data ends before its declared size leaves the
   * rest of the buffer as it was. */
  guint8 *data = g_malloc0 (MAX (size, 1));

  if (size > 0 && gsf_input_read (input, size, data) == NULL)
    {
      g_autofree char *display = display_name (name);

      g_free (data);
      g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                   _("The part “%s” of the package cannot be read: the file is damaged."),
                   display);
      return NULL;
    }

  return g_bytes_new_take (data, size);
}

GHashTable *
annalist_odf_package_read (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GError) local_error = NULL;
  GsfInput *input;
  GsfInfile *zip;
  gconstpointer data;
  gsize len;
  guint n_entries = 0;
  gint64 total = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _annalist_odf_init_gsf ();

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      set_invalid (error, _("The file is not an OpenDocument package: it is empty."));
      return NULL;
    }

  /* @bytes outlives the input: no copy. */
  input = gsf_input_memory_new (data, len, FALSE);
  zip = gsf_infile_zip_new (input, &local_error);
  g_object_unref (input);
  if (zip == NULL)
    {
      g_debug ("not a zip: %s", local_error ? local_error->message : "?");
      set_invalid (error, _("The file is not an OpenDocument package: it is not a zip archive."));
      return NULL;
    }

  parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_bytes_unref);

  /* Folders are walked from a list, not by recursion: a name may hold
   * thousands of slashes. */
  pending = g_array_new (FALSE, FALSE, sizeof (Folder));
  g_array_set_clear_func (pending, folder_clear);
  {
    Folder root = { zip, g_strdup ("") };

    g_array_append_val (pending, root);
  }

  while (pending->len > 0)
    {
      Folder folder = g_array_index (pending, Folder, pending->len - 1);
      int n_children;

      /* Taken over from the list, which must not free it. */
      g_array_index (pending, Folder, pending->len - 1).dir = NULL;
      g_array_index (pending, Folder, pending->len - 1).prefix = NULL;
      g_array_set_size (pending, pending->len - 1);

      n_children = gsf_infile_num_children (folder.dir);
      for (int i = 0; i < n_children; i++)
        {
          g_autofree char *name = NULL;
          GsfInput *child;
          gsf_off_t size;
          GBytes *part;

          if (++n_entries > MAX_ENTRIES)
            {
              g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                           _("The package has more than %u parts: it is not an office document."),
                           (guint) MAX_ENTRIES);
              folder_clear (&folder);
              return NULL;
            }

          name = g_strconcat (folder.prefix, gsf_infile_name_by_index (folder.dir, i), NULL);
          child = gsf_infile_child_by_index (folder.dir, i);
          if (child == NULL)
            {
              g_autofree char *display = display_name (name);

              g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                           _("The part “%s” of the package cannot be read: the file is damaged."),
                           display);
              folder_clear (&folder);
              return NULL;
            }

          if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
            {
              Folder sub = { GSF_INFILE (child), g_strconcat (name, "/", NULL) };

              g_array_append_val (pending, sub);
              continue;
            }

          size = gsf_input_size (child);
          if (size < 0 || size > MAX_PART_SIZE || total + size > MAX_TOTAL_SIZE)
            {
              gboolean part_too_large = size < 0 || size > MAX_PART_SIZE;
              g_autofree char *display = display_name (name);
              g_autofree char *limit = g_format_size_full (part_too_large ? MAX_PART_SIZE : MAX_TOTAL_SIZE,
                                                           G_FORMAT_SIZE_IEC_UNITS);

              if (part_too_large)
                g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                             _("The part “%s” of the package would take more than %s unpacked: "
                               "it is not an office document."),
                             display, limit);
              else
                g_set_error (error, ANNALIST_ODF_ERROR, ANNALIST_ODF_ERROR_INVALID_DATA,
                             _("The parts of the package would take more than %s unpacked: "
                               "it is not an office document."),
                             limit);
              g_object_unref (child);
              folder_clear (&folder);
              return NULL;
            }
          total += size;

          part = read_part (child, name, size, error);
          g_object_unref (child);
          if (part == NULL)
            {
              folder_clear (&folder);
              return NULL;
            }
          g_hash_table_replace (parts, g_steal_pointer (&name), part);
        }

      folder_clear (&folder);
    }

  if (!g_hash_table_contains (parts, "content.xml"))
    {
      set_invalid (error, _("The file is not an OpenDocument package: it has no content.xml."));
      return NULL;
    }

  return g_steal_pointer (&parts);
}

GHashTable *
annalist_odf_package_read_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTable *parts;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  bytes = g_bytes_new_take (contents, len);

  parts = annalist_odf_package_read (bytes, &local_error);
  if (parts == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
    }

  return parts;
}
