#!/usr/bin/env python3
# check-potfiles.py SOURCE_ROOT
#
# Every source file (headers too: a descriptor macro's label is one) that
# has translatable strings must be listed in po/POTFILES.in, or its
# strings never reach the translators; every file listed there must
# exist, or xgettext fails.
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1]).resolve()

# What makes a file translatable, by the kind of file. The data files are
# translatable by their format (xgettext's ITS rules and desktop keys).
C_MARKS = re.compile(r'\b(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(')
C_COMMENTS = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
PATTERNS = [
    ('src', '**/*.c', C_MARKS),
    ('src', '**/*.h', C_MARKS),
    ('ui', '**/*.ui', re.compile(r'translatable="yes"')),
    ('data', '**/*.desktop.in', re.compile(r'^(?:Name|GenericName|Comment|Keywords)=', re.M)),
    ('data', '**/*.metainfo.xml.in', re.compile(r'<(?:name|summary|p|li|caption)\b')),
    ('data', '**/*.gschema.xml', re.compile(r'<(?:summary|description)\b')),
]

listed = []
for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
    line = line.strip()
    if line and not line.startswith('#'):
        listed.append(line)

failures = []
for name in sorted(set(n for n in listed if listed.count(n) > 1)):
    failures.append(f'{name} is listed twice in po/POTFILES.in')
for name in listed:
    if not (root / name).is_file():
        failures.append(f'{name} is listed in po/POTFILES.in but does not exist')

for folder, glob, marks in PATTERNS:
    for path in sorted((root / folder).glob(glob)):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding='utf-8')
        if marks is C_MARKS:
            # A comment that says «marked with N_()» marks nothing.
            text = C_COMMENTS.sub('', text)
        if name not in listed and marks.search(text):
            failures.append(f'{name} has translatable strings but is not in po/POTFILES.in')

for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
