/* annalist-record.c — one record of any kind, its values and its checks
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "annalist-record"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-date.h"
#include "annalist-error.h"
#include "annalist-record.h"

struct _AnnalistRecord
{
  GObject             parent_instance;

  const AnnalistKind *kind;
  gint64              id;
  gint64              version;  /* see annalist_record_get_version () */
  GVariant          **values;   /* kind->n_fields, NULL = unset */
};

G_DEFINE_FINAL_TYPE (AnnalistRecord, annalist_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
annalist_record_finalize (GObject *object)
{
  AnnalistRecord *self = (AnnalistRecord *) object;

  for (guint i = 0; i < self->kind->n_fields; i++)
    g_clear_pointer (&self->values[i], g_variant_unref);
  g_free (self->values);

  G_OBJECT_CLASS (annalist_record_parent_class)->finalize (object);
}

static void
annalist_record_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AnnalistRecord *self = ANNALIST_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, annalist_record_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
annalist_record_class_init (AnnalistRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = annalist_record_finalize;
  object_class->get_property = annalist_record_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
annalist_record_init (AnnalistRecord *self)
{
}

AnnalistRecord *
annalist_record_new (const AnnalistKind *kind)
{
  AnnalistRecord *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (ANNALIST_TYPE_RECORD, NULL);
  self->kind = kind;
  self->version = -1;
  self->values = g_new0 (GVariant *, kind->n_fields);

  /* A new record starts as the schema's defaults say («Active», «Ran
   * this year»), so that saving an untouched form stores what people
   * expect. */
  for (guint i = 0; i < kind->n_fields; i++)
    if (kind->fields[i].type == ANNALIST_FIELD_BOOLEAN)
      self->values[i] = g_variant_ref_sink (g_variant_new_boolean (kind->fields[i].default_on));

  return self;
}

AnnalistRecord *
annalist_record_copy (AnnalistRecord *self)
{
  AnnalistRecord *copy;

  g_return_val_if_fail (ANNALIST_IS_RECORD (self), NULL);

  copy = annalist_record_new (self->kind);
  copy->id = self->id;
  copy->version = self->version;
  for (guint i = 0; i < self->kind->n_fields; i++)
    copy->values[i] = self->values[i] ? g_variant_ref (self->values[i]) : NULL;
  return copy;
}

gint64
annalist_record_get_version (AnnalistRecord *self)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD (self), -1);
  return self->version;
}

void
annalist_record_set_version (AnnalistRecord *self,
                             gint64          version)
{
  g_return_if_fail (ANNALIST_IS_RECORD (self));
  self->version = version;
}

const AnnalistKind *
annalist_record_get_kind (AnnalistRecord *self)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD (self), NULL);
  return self->kind;
}

gint64
annalist_record_get_id (AnnalistRecord *self)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD (self), 0);
  return self->id;
}

void
annalist_record_set_id (AnnalistRecord *self,
                        gint64          id)
{
  g_return_if_fail (ANNALIST_IS_RECORD (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
annalist_record_get_title (AnnalistRecord *self)
{
  int index;
  GVariant *value;

  g_return_val_if_fail (ANNALIST_IS_RECORD (self), NULL);

  index = annalist_kind_field_index (self->kind, self->kind->title_column);
  if (index < 0)
    return "";
  value = self->values[index];
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return "";
  return g_variant_get_string (value, NULL);
}

GVariant *
annalist_record_get_value (AnnalistRecord *self,
                           guint           field)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD (self), NULL);
  g_return_val_if_fail (field < self->kind->n_fields, NULL);

  return self->values[field];
}

static gboolean
is_empty (const AnnalistField *field,
          GVariant            *value)
{
  /* Empty text is no value, so that "" and unset compare equal and a
   * required field left blank is reported as such. */
  if (value == NULL)
    return TRUE;
  if ((field->type == ANNALIST_FIELD_TEXT ||
       field->type == ANNALIST_FIELD_LONG_TEXT ||
       field->type == ANNALIST_FIELD_DATE) &&
      g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return *g_variant_get_string (value, NULL) == '\0';
  return FALSE;
}

void
annalist_record_set_value (AnnalistRecord *self,
                           guint           field,
                           GVariant       *value)
{
  const AnnalistField *descriptor;
  gboolean title_changed;

  g_return_if_fail (ANNALIST_IS_RECORD (self));
  g_return_if_fail (field < self->kind->n_fields);

  descriptor = &self->kind->fields[field];
  g_return_if_fail (value == NULL ||
                    g_variant_is_of_type (value,
                                          G_VARIANT_TYPE (annalist_field_variant_type (descriptor))));

  if (value != NULL)
    g_variant_ref_sink (value);

  /* Dates are kept as ISO text whatever way they were typed, so that
   * they sort and compare as dates. */
  if (value != NULL && descriptor->type == ANNALIST_FIELD_DATE)
    {
      GDate date;

      if (annalist_date_parse (g_variant_get_string (value, NULL), &date))
        {
          g_variant_unref (value);
          value = g_variant_ref_sink (g_variant_new_take_string (annalist_date_to_iso (&date)));
        }
    }

  if (is_empty (descriptor, value))
    g_clear_pointer (&value, g_variant_unref);

  title_changed = g_strcmp0 (descriptor->column, self->kind->title_column) == 0;

  g_clear_pointer (&self->values[field], g_variant_unref);
  self->values[field] = value;

  if (title_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

GVariant *
annalist_record_get (AnnalistRecord *self,
                     const char     *column)
{
  int index;

  g_return_val_if_fail (ANNALIST_IS_RECORD (self), NULL);

  index = annalist_kind_field_index (self->kind, column);
  g_return_val_if_fail (index >= 0, NULL);
  return self->values[index];
}

void
annalist_record_set (AnnalistRecord *self,
                     const char     *column,
                     GVariant       *value)
{
  int index;

  g_return_if_fail (ANNALIST_IS_RECORD (self));

  index = annalist_kind_field_index (self->kind, column);
  if (index < 0)
    {
      g_critical ("%s has no field “%s”", self->kind->name, column);
      if (value != NULL)
        g_variant_unref (g_variant_ref_sink (value));
      return;
    }
  annalist_record_set_value (self, index, value);
}

const char *
annalist_record_get_string (AnnalistRecord *self,
                            const char     *column)
{
  GVariant *value = annalist_record_get (self, column);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return NULL;
  return g_variant_get_string (value, NULL);
}

gint64
annalist_record_get_int (AnnalistRecord *self,
                         const char     *column)
{
  GVariant *value = annalist_record_get (self, column);

  if (value == NULL)
    return 0;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return (gint64) g_variant_get_double (value);
  g_return_val_if_fail (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64), 0);
  return g_variant_get_int64 (value);
}

void
annalist_record_set_string (AnnalistRecord *self,
                            const char     *column,
                            const char     *value)
{
  annalist_record_set (self, column, value ? g_variant_new_string (value) : NULL);
}

void
annalist_record_set_int (AnnalistRecord *self,
                         const char     *column,
                         gint64          value)
{
  const AnnalistField *field = annalist_kind_field (self->kind, column);

  g_return_if_fail (field != NULL);

  if (field->type == ANNALIST_FIELD_BOOLEAN)
    annalist_record_set (self, column, g_variant_new_boolean (value != 0));
  else if (field->type == ANNALIST_FIELD_REAL)
    annalist_record_set (self, column, g_variant_new_double ((double) value));
  else
    annalist_record_set (self, column, g_variant_new_int64 (value));
}

void
annalist_record_set_ids (AnnalistRecord *self,
                         const char     *column,
                         const gint64   *ids,
                         gsize           n_ids)
{
  annalist_record_set (self, column,
                       g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, n_ids,
                                                  sizeof (gint64)));
}

gboolean
annalist_record_equal_values (AnnalistRecord *a,
                              AnnalistRecord *b)
{
  g_return_val_if_fail (ANNALIST_IS_RECORD (a), FALSE);
  g_return_val_if_fail (ANNALIST_IS_RECORD (b), FALSE);

  if (a->kind != b->kind)
    return FALSE;

  for (guint i = 0; i < a->kind->n_fields; i++)
    {
      GVariant *x = a->values[i], *y = b->values[i];

      if (x == NULL || y == NULL)
        {
          /* an empty list of organisations is the same as none */
          gboolean x_empty = x == NULL || (g_variant_is_container (x) && g_variant_n_children (x) == 0);
          gboolean y_empty = y == NULL || (g_variant_is_container (y) && g_variant_n_children (y) == 0);

          if (x_empty != y_empty)
            return FALSE;
          continue;
        }
      if (!g_variant_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

/*
 * Fills what other values imply: a record dated 05.06.2023 belongs to the
 * 2022-2023 academic year unless the user chose another year (the August
 * conference that opens a year is dated in the previous one).
 */
void
annalist_record_derive (AnnalistRecord *self)
{
  const AnnalistKind *kind;
  int year_index, date_index;
  GVariant *date;
  int year;

  g_return_if_fail (ANNALIST_IS_RECORD (self));

  kind = self->kind;
  year_index = annalist_kind_field_index (kind, kind->year_column);
  date_index = annalist_kind_field_index (kind, kind->year_from_date);
  if (year_index < 0 || date_index < 0 || self->values[year_index] != NULL)
    return;

  date = self->values[date_index];
  if (date == NULL)
    return;
  year = annalist_iso_academic_year (g_variant_get_string (date, NULL));
  if (year >= ANNALIST_YEAR_MIN && year <= ANNALIST_YEAR_MAX)
    annalist_record_set_value (self, year_index, g_variant_new_int64 (year));
}

/* No value, or an empty list of organisations. */
static gboolean
holds_nothing (GVariant *value)
{
  return value == NULL || (g_variant_is_container (value) && g_variant_n_children (value) == 0);
}

/*
 * A project activity that is an event of the year is one record typed
 * once: choosing the event fills what the activity does not say yet.
 */
guint
annalist_record_fill_from (AnnalistRecord      *self,
                           const AnnalistField *field,
                           AnnalistRecord      *target)
{
  g_auto(GStrv) pairs = NULL;
  guint filled = 0;

  g_return_val_if_fail (ANNALIST_IS_RECORD (self), 0);
  g_return_val_if_fail (field != NULL && field->type == ANNALIST_FIELD_REFERENCE, 0);
  g_return_val_if_fail (ANNALIST_IS_RECORD (target), 0);
  g_return_val_if_fail (g_strcmp0 (target->kind->name, field->target) == 0, 0);

  pairs = annalist_field_fills (field);
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    {
      int own = annalist_kind_field_index (self->kind, pairs[i]);
      int from = annalist_kind_field_index (target->kind, pairs[i + 1]);
      GVariant *value;

      g_return_val_if_fail (own >= 0 && from >= 0, filled);
      value = target->values[from];
      if (!holds_nothing (self->values[own]) || holds_nothing (value))
        continue;
      /* the descriptors' test keeps the types alike; a date stays ISO */
      g_return_val_if_fail (g_variant_is_of_type (value, G_VARIANT_TYPE (
                              annalist_field_variant_type (&self->kind->fields[own]))), filled);
      annalist_record_set_value (self, own, value);
      filled++;
    }
  return filled;
}

gboolean
annalist_record_validate (AnnalistRecord *self,
                          int            *field_index,
                          GError        **error)
{
  const AnnalistKind *kind;

  g_return_val_if_fail (ANNALIST_IS_RECORD (self), FALSE);

  kind = self->kind;
  if (field_index != NULL)
    *field_index = -1;

  annalist_record_derive (self);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (!annalist_field_check (&kind->fields[i], self->values[i], error))
        {
          if (field_index != NULL)
            *field_index = (int) i;
          return FALSE;
        }
    }

  /* Rules between fields: an end may not come before its start. ISO dates
   * and academic years both compare in their natural order. */
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const AnnalistField *field = &kind->fields[i];
      int start;
      GVariant *from, *to;
      int order;

      if (field->not_before == NULL)
        continue;
      start = annalist_kind_field_index (kind, field->not_before);
      g_assert (start >= 0);

      from = self->values[start];
      to = self->values[i];
      if (from == NULL || to == NULL)
        continue;

      if (field->type == ANNALIST_FIELD_DATE)
        order = g_strcmp0 (g_variant_get_string (to, NULL), g_variant_get_string (from, NULL));
      else
        order = g_variant_get_int64 (to) < g_variant_get_int64 (from) ? -1 : 0;

      if (order < 0)
        {
          if (field_index != NULL)
            *field_index = (int) i;
          g_set_error_literal (error, ANNALIST_ERROR, ANNALIST_ERROR_INVALID,
                               _(field->order_message));
          return FALSE;
        }
    }

  return TRUE;
}
