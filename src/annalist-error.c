/* annalist-error.c
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "annalist-error.h"

G_DEFINE_QUARK (annalist-error-quark, annalist_error)
