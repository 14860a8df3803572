#!/usr/bin/env python3
# check-po.py SOURCE_ROOT PO_FILE
#
# The translation must be complete: generate the template from the sources
# now, as `meson compile annalist-pot` does (xgettext with meson's `glib`
# preset), merge PO_FILE with it into a temporary file, and fail on any
# untranslated or fuzzy entry. A new _() string without its translation,
# or a changed one, fails here even before anyone updates po/.
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import pathlib
import re
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib') arguments (mesonbuild/modules/i18n.py).
GLIB_PRESET = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

root = pathlib.Path(sys.argv[1]).resolve()
po = pathlib.Path(sys.argv[2]).resolve()
env = dict(os.environ, LC_ALL='C')

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'annalist.pot')
    merged = os.path.join(tmp, po.name)
    subprocess.run(['xgettext', '--package-name=annalist', '-f', str(root / 'po' / 'POTFILES.in'),
                    '-D', str(root), '-k_', '-o', pot] + GLIB_PRESET,
                   check=True, env=env)
    subprocess.run(['msgmerge', '--quiet', '-o', merged, str(po), pot], check=True, env=env)
    stats = subprocess.run(['msgfmt', '--statistics', '-o', os.devnull, merged],
                           check=True, env=env, capture_output=True, text=True).stderr
    fuzzy = re.search(r'(\d+) fuzzy', stats)
    untranslated = re.search(r'(\d+) untranslated', stats)
    print(f'{po.name}: {stats.strip()}')
    if fuzzy or untranslated:
        for what in ('--untranslated', '--only-fuzzy'):
            entries = subprocess.run(['msgattrib', what, '--no-obsolete', merged],
                                     check=True, env=env, capture_output=True, text=True).stdout
            # Skip the header: the entries follow the first blank line.
            print(f'\n{what}:\n' + entries.partition('\n\n')[2])
        sys.exit(1)
