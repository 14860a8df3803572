/* annalist-record-list.c — records of one kind as a GListModel
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds only the ids, in the order the query gave them; a record is read
 * from the store the first time a view asks for its position, so that a
 * list of 100 000 records opens at once and only the rows on screen cost
 * memory.
 */

#define G_LOG_DOMAIN "annalist-record-list"

#include <string.h>

#include "annalist-record.h"
#include "annalist-record-list.h"
#include "annalist-store.h"

struct _AnnalistRecordList
{
  GObject             parent_instance;

  AnnalistStore      *store;
  const AnnalistKind *kind;
  GArray             *ids;      /* gint64 */
  GHashTable         *loaded;   /* position → AnnalistRecord */

  /* A subset reads through its base, so that both hand out the same
   * record objects and a view keeps the rows it already shows. */
  AnnalistRecordList *base;
  GArray             *positions; /* guint, in base */
};

static void annalist_record_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AnnalistRecordList, annalist_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      annalist_record_list_model_init))

static GType
annalist_record_list_get_item_type (GListModel *model)
{
  return ANNALIST_TYPE_RECORD;
}

static guint
annalist_record_list_get_n_items (GListModel *model)
{
  AnnalistRecordList *self = ANNALIST_RECORD_LIST (model);

  return self->ids->len;
}

static gpointer
annalist_record_list_get_item (GListModel *model,
                               guint       position)
{
  AnnalistRecordList *self = ANNALIST_RECORD_LIST (model);
  g_autoptr(GError) error = NULL;
  AnnalistRecord *record;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  if (self->base != NULL)
    return annalist_record_list_get_item (G_LIST_MODEL (self->base),
                                          g_array_index (self->positions, guint, position));

  record = g_hash_table_lookup (self->loaded, GUINT_TO_POINTER (position));
  if (record != NULL)
    return g_object_ref (record);

  id = g_array_index (self->ids, gint64, position);
  record = annalist_store_load (self->store, self->kind, id, &error);
  if (record == NULL)
    {
      /* Deleted since the list was made: show an empty row rather than
       * break the model's promise of n_items. */
      g_debug ("%s %" G_GINT64_FORMAT ": %s", self->kind->name, id, error->message);
      record = annalist_record_new (self->kind);
      annalist_record_set_id (record, id);
    }

  g_hash_table_insert (self->loaded, GUINT_TO_POINTER (position), g_object_ref (record));
  return record;
}

static void
annalist_record_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = annalist_record_list_get_item_type;
  iface->get_n_items = annalist_record_list_get_n_items;
  iface->get_item = annalist_record_list_get_item;
}

static void
annalist_record_list_finalize (GObject *object)
{
  AnnalistRecordList *self = (AnnalistRecordList *) object;

  g_clear_pointer (&self->loaded, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->positions, g_array_unref);
  g_clear_object (&self->base);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_record_list_parent_class)->finalize (object);
}

static void
annalist_record_list_class_init (AnnalistRecordListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = annalist_record_list_finalize;
}

static void
annalist_record_list_init (AnnalistRecordList *self)
{
  self->loaded = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

AnnalistRecordList *
annalist_record_list_new (AnnalistStore      *store,
                          const AnnalistKind *kind,
                          GArray             *ids)
{
  AnnalistRecordList *self;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->ids = g_array_ref (ids);
  return self;
}

AnnalistRecordList *
annalist_record_list_new_subset (AnnalistRecordList *base,
                                 GArray             *positions)
{
  AnnalistRecordList *self;

  g_return_val_if_fail (ANNALIST_IS_RECORD_LIST (base), NULL);
  g_return_val_if_fail (positions != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (base->store);
  self->kind = base->kind;
  self->base = g_object_ref (base);
  self->positions = g_array_ref (positions);
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), positions->len);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);

      g_assert (position < base->ids->len);
      g_array_append_val (self->ids, g_array_index (base->ids, gint64, position));
    }
  return self;
}

gboolean
annalist_record_list_same_ids (AnnalistRecordList *self,
                               AnnalistRecordList *other)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD_LIST (self), FALSE);
  g_return_val_if_fail (ANNALIST_IS_RECORD_LIST (other), FALSE);

  return self->kind == other->kind && self->ids->len == other->ids->len &&
         memcmp (self->ids->data, other->ids->data, self->ids->len * sizeof (gint64)) == 0;
}

const AnnalistKind *
annalist_record_list_get_kind (AnnalistRecordList *self)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD_LIST (self), NULL);
  return self->kind;
}

gint64
annalist_record_list_get_id (AnnalistRecordList *self,
                             guint               position)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD_LIST (self), 0);
  g_return_val_if_fail (position < self->ids->len, 0);

  return g_array_index (self->ids, gint64, position);
}
