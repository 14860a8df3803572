/* temp-tree.h — the tests' temporary folders
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Removes @path: a file, or a folder with everything in it (links are
 * removed, never followed). NULL does nothing. */
void remove_tree (const char *path);
