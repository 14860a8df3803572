#!/usr/bin/env python3
# check-kinds-printed.py SOURCE_ROOT
#
# No record kind is stored without some document that prints it: every
# kind of src/annalist-kinds.c that is not a dictionary (dictionaries are
# printed through the records that refer to them) is named in a
# placeholder of some built-in template in data/templates/, directly or
# through a computed kind made from it (src/annalist-computed.c).
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import html
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
kinds_c = (root / 'src' / 'annalist-kinds.c').read_text(encoding='utf-8')
stored = re.findall(r'^KIND \((\w+),', kinds_c, re.M)
dictionaries = set(re.findall(r'^DICTIONARY \((\w+),', kinds_c, re.M))
dictionaries |= set(re.findall(r'^KIND \((\w+),[^;]*\.is_dictionary = TRUE', kinds_c, re.M | re.S))

# What each computed kind is counted from.
computed_from = {
    'infrastructure_kind': {'innovation_status'},
    'infrastructure': {'innovation_status', 'organisation'},
    'infrastructure_cell': {'innovation_status', 'organisation'},
    'share_dynamics': {'innovation_status', 'historical_figure'},
    'product_contest': {'competition', 'nomination', 'competition_entry'},
    'contest_participation': {'competition', 'competition_entry'},
    'rating': {'rating_value', 'rating_indicator'},
    # {{text "KEY"}}: the user's words for the year
    'text': {'report_narrative'},
}

named = {}
for template in sorted((root / 'data' / 'templates').glob('*.fodt')):
    text = template.read_text(encoding='utf-8')
    # Placeholders as Writer shows them: the text without the markup.
    plain = html.unescape(re.sub(r'<[^>]+>', '', text))
    for placeholder in re.findall(r'\{\{(.*?)\}\}', plain, re.S):
        for word in re.findall(r'[a-z_]+', placeholder):
            named.setdefault(word, set()).add(template.name)
            for source in computed_from.get(word, ()):
                named.setdefault(source, set()).add(template.name)

missing = [k for k in stored if k not in dictionaries and k not in named]
if missing:
    print('kinds no built-in template prints: ' + ', '.join(missing))
    sys.exit(1)
for k in stored:
    if k not in dictionaries:
        print('%-22s %s' % (k, ', '.join(sorted(named[k]))))
