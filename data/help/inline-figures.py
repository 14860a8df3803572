#!/usr/bin/env python3
# inline-figures.py INPUT.html OUTPUT.html
#
# Writes the guide as one self-contained file: every <img src="…png">
# relative to the guide becomes a data: URI.
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import pathlib
import re
import sys

source = pathlib.Path(sys.argv[1])
html = source.read_text(encoding='utf-8')


def inline(match):
    figure = source.parent / match.group(2)
    data = base64.b64encode(figure.read_bytes()).decode('ascii')
    return f'{match.group(1)}data:image/png;base64,{data}"'


html = re.sub(r'(<img\b[^>]*\bsrc=")([^":]+\.png)"', inline, html)
pathlib.Path(sys.argv[2]).write_text(html, encoding='utf-8')
