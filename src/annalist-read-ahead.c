/* annalist-read-ahead.c — a table read in a thread of its own
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import spends its time in two places: parsing the file (libcsv, or
 * libxml2 over the inflated XML of a sheet) and writing the records
 * (SQLite). The two need nothing of each other but the rows, so the
 * parsing runs in a thread of its own, a few hundred rows ahead, and the
 * writing thread takes the rows as they come: on two cores an import of
 * 100 000 rows takes the longer of the two instead of their sum.
 *
 * The thread touches only the source it was given (its file, its zip,
 * its parser): SQLite stays in the caller's thread. Rows travel in
 * batches through a queue of bounded length, so memory stays that of a
 * few batches whatever the file's size. The source's position for the
 * progress bar is copied after each batch, so the caller never reads the
 * parser's state while it moves. Freeing the wrapper stops the thread
 * (a preview that wanted only the first rows) and waits for it.
 */

#include "config.h"

#include "annalist-table-source.h"

#define BATCH_ROWS  64
#define MAX_BATCHES 8     /* 512 rows ahead at most */

typedef struct
{
  GPtrArray *rows;        /* GPtrArray of cells */
  GArray    *lines;       /* guint */
  gboolean   last;        /* the end of the source, or a fault */
  GError    *error;       /* the fault, with last */
} Batch;

typedef struct
{
  AnnalistTableSource  parent;
  AnnalistTableSource *inner;   /* used by the thread alone once it runs */
  GThread             *thread;

  GMutex               lock;
  GCond                cond;
  GQueue               batches; /* Batch, oldest first */
  gboolean             stop;    /* the reader was freed */
  guint64              done;    /* the inner source's position, after the last batch */
  guint64              total;
  gboolean             has_position;

  Batch               *current; /* the batch being handed out, in the caller's thread */
  guint                next;
} ReadAhead;

static void
batch_free (Batch *batch)
{
  if (batch == NULL)
    return;
  g_ptr_array_unref (batch->rows);
  g_array_unref (batch->lines);
  g_clear_error (&batch->error);
  g_free (batch);
}

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  batch->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  return batch;
}

/* Hands @batch to the caller; FALSE when the caller has gone. */
static gboolean
push (ReadAhead *self,
      Batch     *batch)
{
  guint64 done = 0, total = 0;
  gboolean has_position = self->inner->klass->position != NULL &&
                          self->inner->klass->position (self->inner, &done, &total);

  g_mutex_lock (&self->lock);
  while (!self->stop && self->batches.length >= MAX_BATCHES)
    g_cond_wait (&self->cond, &self->lock);
  if (self->stop)
    {
      g_mutex_unlock (&self->lock);
      batch_free (batch);
      return FALSE;
    }
  g_queue_push_tail (&self->batches, batch);
  self->done = done;
  self->total = total;
  self->has_position = has_position;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gpointer
read_rows (gpointer data)
{
  ReadAhead *self = data;

  for (;;)
    {
      Batch *batch = batch_new ();
      gboolean last;

      while (batch->rows->len < BATCH_ROWS)
        {
          guint line = 0;
          GPtrArray *cells = annalist_table_source_next_row (self->inner, &line, &batch->error);

          if (cells == NULL)
            {
              batch->last = TRUE;
              break;
            }
          g_ptr_array_add (batch->rows, cells);
          g_array_append_val (batch->lines, line);
        }
      /* Once pushed, the batch is the caller's (and may be freed). */
      last = batch->last;
      if (!push (self, batch) || last)
        return NULL;
    }
}

static GPtrArray *
read_ahead_next_row (AnnalistTableSource *source,
                     guint               *line,
                     GError             **error)
{
  ReadAhead *self = (ReadAhead *) source;

  for (;;)
    {
      if (self->current != NULL && self->next < self->current->rows->len)
        {
          *line = g_array_index (self->current->lines, guint, self->next);
          return g_ptr_array_ref (g_ptr_array_index (self->current->rows, self->next++));
        }
      if (self->current != NULL && self->current->last)
        {
          if (self->current->error != NULL)
            g_propagate_error (error, g_steal_pointer (&self->current->error));
          return NULL;
        }
      batch_free (g_steal_pointer (&self->current));
      self->next = 0;

      g_mutex_lock (&self->lock);
      while (self->batches.length == 0)
        g_cond_wait (&self->cond, &self->lock);
      self->current = g_queue_pop_head (&self->batches);
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
}

static gboolean
read_ahead_position (AnnalistTableSource *source,
                     guint64             *done,
                     guint64             *total)
{
  ReadAhead *self = (ReadAhead *) source;
  gboolean has_position;

  g_mutex_lock (&self->lock);
  *done = self->done;
  *total = self->total;
  has_position = self->has_position;
  g_mutex_unlock (&self->lock);
  return has_position;
}

static void
read_ahead_free (AnnalistTableSource *source)
{
  ReadAhead *self = (ReadAhead *) source;

  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);

  g_queue_clear_full (&self->batches, (GDestroyNotify) batch_free);
  batch_free (self->current);
  annalist_table_source_free (self->inner);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->parent.name);
  g_free (self);
}

static const AnnalistTableSourceClass read_ahead_class = {
  read_ahead_next_row,
  read_ahead_free,
  read_ahead_position,
};

AnnalistTableSource *
annalist_table_source_read_ahead (AnnalistTableSource *source)
{
  ReadAhead *self;

  g_return_val_if_fail (source != NULL, NULL);

  self = g_new0 (ReadAhead, 1);
  self->parent.klass = &read_ahead_class;
  self->parent.name = g_strdup (source->name);
  self->inner = source;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->batches);
  self->thread = g_thread_new ("annalist-read-ahead", read_rows, self);
  return &self->parent;
}
