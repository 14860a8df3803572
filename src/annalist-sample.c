/* annalist-sample.c — the sample district
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The district of reference 002 (Krasnoselsky district, 2022-2023),
 * transcribed in data/sample/district-2022-2023.sql. For benchmarks the
 * detail records of the year can be multiplied with varied values; the
 * copies go through the store like any record, so they are as valid as
 * what a person enters.
 */

#define G_LOG_DOMAIN "annalist-sample"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "annalist-error.h"
#include "annalist-sample.h"
#include "annalist-store-private.h"

/* The kinds whose records make the bulk of a year: the ones multiplied. */
static const char * const scaled_kinds[] = {
  "innovation_status",
  "event",
  "programme",
  "network_project",
  "competition_entry",
  "innovation_product",
  "expertise",
  "publication",
  "study",
  "digital_content",
  "year_task",
  "next_year_task",
};

static GVariant *
vary (const AnnalistField *field,
      GVariant            *value,
      guint                copy)
{
  switch (field->type)
    {
    case ANNALIST_FIELD_TEXT:
    case ANNALIST_FIELD_LONG_TEXT:
      if (value == NULL || field->max < 50)
        return value ? g_variant_ref (value) : NULL;
      /* Translators: a synthetic copy of a sample record, for benchmarks */
      return g_variant_ref_sink (g_variant_new_take_string (
        g_strdup_printf ("%s (%u)", g_variant_get_string (value, NULL), copy)));

    case ANNALIST_FIELD_INTEGER:
      if (value == NULL || field->flags & ANNALIST_FIELD_HIDDEN)
        return value ? g_variant_ref (value) : NULL;
      {
        /* Vary counts by up to ±30 %, deterministically, within limits. */
        gint64 number = g_variant_get_int64 (value);
        gint64 varied = number + (number * (gint64) ((copy * 37) % 61) / 100) - number * 3 / 10;

        varied = CLAMP (varied, (gint64) field->min, (gint64) field->max);
        return g_variant_ref_sink (g_variant_new_int64 (varied));
      }

    default:
      return value ? g_variant_ref (value) : NULL;
    }
}

static gboolean
scale_kind (AnnalistStore      *store,
            const AnnalistKind *kind,
            guint               scale,
            GError            **error)
{
  g_autoptr(GListModel) originals = NULL;
  AnnalistQuery query = ANNALIST_QUERY_INIT;
  guint n;

  originals = annalist_store_list (store, kind, &query, error);
  if (originals == NULL)
    return FALSE;
  n = g_list_model_get_n_items (originals);

  for (guint copy = 2; copy <= scale; copy++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AnnalistRecord) original = g_list_model_get_item (originals, i);
          g_autoptr(AnnalistRecord) record = annalist_record_new (kind);

          for (guint f = 0; f < kind->n_fields; f++)
            {
              g_autoptr(GVariant) value = vary (&kind->fields[f],
                                                annalist_record_get_value (original, f),
                                                copy);
              annalist_record_set_value (record, f, value);
            }
          if (!annalist_store_insert (store, record, error))
            return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  GBytes *script;
  guint   scale;
} Fill;

static gboolean
fill (AnnalistStore *store,
      gpointer       user_data,
      GError       **error)
{
  Fill *data = user_data;
  g_autofree char *sql = g_strndup (g_bytes_get_data (data->script, NULL),
                                    g_bytes_get_size (data->script));

  if (!annalist_store_exec (store, sql, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (scaled_kinds) && data->scale > 1; i++)
    if (!scale_kind (store, annalist_kind_lookup (scaled_kinds[i]), data->scale, error))
      return FALSE;

  return TRUE;
}

/*
 * Creates @path holding the sample district, its detail records
 * multiplied @scale times. An existing file is refused and left alone; the
 * database is built beside it under another name and only takes @path
 * when it is complete, so a failure leaves nothing behind.
 */
gboolean
annalist_sample_create (const char *path,
                        guint       scale,
                        GError    **error)
{
  g_autoptr(AnnalistStore) store = NULL;
  g_autoptr(GBytes) script = NULL;
  g_autofree char *partial = NULL;
  Fill data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (scale >= 1, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return annalist_error_set_create (error, path, EEXIST);

  script = g_resources_lookup_data (RESOURCE_PREFIX "sample/district-2022-2023.sql",
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (script == NULL)
    return FALSE;

  partial = g_strdup_printf ("%s.%u.partial", path, (guint) getpid ());
  store = annalist_store_create (partial, error);
  if (store == NULL)
    return FALSE;

  data.script = script;
  data.scale = scale;
  if (!annalist_store_transaction (store, fill, &data, error))
    {
      g_clear_object (&store);
      g_unlink (partial);
      return FALSE;
    }
  /* The sample is where the history starts: Ctrl+Z does not take it away. */
  if (!annalist_store_exec (store, "DELETE FROM change_set", error))
    {
      g_clear_object (&store);
      g_unlink (partial);
      return FALSE;
    }
  g_clear_object (&store);

  /* link() refuses an existing target, so a file that appeared meanwhile
   * is not overwritten either. */
  if (link (partial, path) != 0)
    {
      int saved = errno;

      g_unlink (partial);
      return annalist_error_set_create (error, path, saved);
    }
  g_unlink (partial);
  return TRUE;
}
