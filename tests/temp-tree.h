/* temp-tree.h — the tests' temporary folders and stores
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "annalist-store.h"

/* Removes @path: a file, or a folder with everything in it (links are
 * removed, never followed). NULL does nothing. */
void remove_tree (const char *path);

/* A new store in a temporary folder, for GLib test fixtures: the folder
 * and the database file in it are removed afterwards. */
/* A fresh temporary folder for each test, removed after it. */
typedef struct
{
  char *dir;
} DirFixture;

void dir_fixture_set_up      (DirFixture    *fixture,
                              gconstpointer  data);
void dir_fixture_tear_down   (DirFixture    *fixture,
                              gconstpointer  data);

typedef struct
{
  char          *dir;
  char          *path;
  AnnalistStore *store;
} StoreFixture;

void store_fixture_set_up    (StoreFixture  *fixture,
                              gconstpointer  data);
void store_fixture_tear_down (StoreFixture  *fixture,
                              gconstpointer  data);

/* The first column of the one row @sql gives on @store: a number, or a
 * new string (NULL for NULL). Fails the test when there is no row. */
gint64          store_int     (AnnalistStore *store,
                               const char    *sql);
char           *store_text    (AnnalistStore *store,
                               const char    *sql);

/* The id of the row of the dictionary @table named @short_name; fails
 * the test when there is none. */
gint64          dictionary_id (AnnalistStore *store,
                               const char    *table,
                               const char    *short_name);

/* A new event, not saved: a seminar titled @title on @date, 20
 * participants. */
AnnalistRecord *new_event     (AnnalistStore *store,
                               const char    *title,
                               const char    *date);

/* Adds a row to open_session as another Annalist would, process @pid
 * seen @age_s seconds ago; returns its id. */
gint64          insert_session_row (AnnalistStore *store,
                                    const char    *host,
                                    const char    *user,
                                    const char    *real_name,
                                    gint64         pid,
                                    int            age_s);

/* Messages in Russian from here on (ru_RU.UTF-8 and the build's
 * translations), or FALSE with the test skipped where the locale is
 * missing (an error under CI, which generates it). */
gboolean use_russian (void);
