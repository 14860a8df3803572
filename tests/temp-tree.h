/* temp-tree.h — the tests' temporary folders
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

/* Messages in Russian from here on (ru_RU.UTF-8 and the build's
 * translations), or FALSE with the test skipped where the locale is
 * missing (an error under CI, which generates it). */
gboolean use_russian (void);
