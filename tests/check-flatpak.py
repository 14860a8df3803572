#!/usr/bin/env python3
# check-flatpak.py MANIFEST APPLICATION_ID
#
# What can be checked of the Flatpak manifest without the Flathub runtime:
# it parses, it names the application and a pinned GNOME runtime, every
# local path it names exists, and the sandbox grants no --filesystem
# permission (documents come through the file chooser portal).
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import pathlib
import re
import sys

manifest_path = pathlib.Path(sys.argv[1]).resolve()
app_id = sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def check_modules(modules, base):
    for module in modules:
        if isinstance(module, str):
            # A module in a file of its own, relative to this manifest.
            path = base / module
            check(path.is_file(), f'module file {module} does not exist')
            if path.is_file():
                check_modules([json.loads(path.read_text(encoding='utf-8'))], path.parent)
            continue
        for source in module.get('sources', []):
            if isinstance(source, str):
                check((base / source).is_file(), f'source file {source} does not exist')
                continue
            if 'path' in source:
                path = base / source['path']
                exists = path.is_dir() if source.get('type') == 'dir' else path.exists()
                check(exists, f'{module.get("name")}: source path {source["path"]} does not exist')
            if source.get('type') in ('archive', 'file') and 'url' in source:
                check('sha256' in source, f'{module.get("name")}: {source["url"]} has no sha256')
        check_modules(module.get('modules', []), base)


try:
    manifest = json.loads(manifest_path.read_text(encoding='utf-8'))
except ValueError as error:
    print(f'{manifest_path.name} is not valid JSON: {error}')
    sys.exit(1)

check(manifest.get('id', manifest.get('app-id')) == app_id, f'the id is not {app_id}')
check(manifest.get('runtime') == 'org.gnome.Platform', 'the runtime is not org.gnome.Platform')
check(manifest.get('sdk') == 'org.gnome.Sdk', 'the SDK is not org.gnome.Sdk')
check(re.fullmatch(r'\d+(\.\d+)?', str(manifest.get('runtime-version', ''))) is not None,
      'the runtime version is not a fixed stable release (such as "48")')
check(manifest.get('command') == 'annalist', 'the command is not annalist')
for arg in manifest.get('finish-args', []):
    check(not arg.startswith('--filesystem'), f'finish-args grant {arg}')
modules = manifest.get('modules', [])
check(modules and not isinstance(modules[-1], str) and modules[-1].get('name') == 'annalist',
      'the last module does not build annalist')
if modules and isinstance(modules[-1], dict):
    sources = modules[-1].get('sources', [])
    check(any(s.get('type') == 'dir' and (manifest_path.parent / s.get('path', '') / 'meson.build').is_file()
              for s in sources if isinstance(s, dict)),
          'the annalist module is not built from this checkout (a "dir" source with meson.build)')
check_modules(modules, manifest_path.parent)

for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
