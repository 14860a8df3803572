#!/usr/bin/env python3
# check-home.py — the tests' HOME is still empty after them
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every test runs with HOME and the XDG folders pointed into the build
# tree (tests/meson.build). Anything in HOME means a test lost its
# XDG_DATA_HOME (or another XDG variable) and would have written into the
# home of the person running the tests. What was found is removed, so
# that the next run tells about itself, and HOME made again, empty.
# ~/.dbus is not the tests': D-Bus notes there the session bus it
# autolaunched for the X display. Only files count: an empty folder (CI
# saw ~/.config made by something of the desktop stack under the ui
# tests) holds nothing of anyone's.

import os
import shutil
import sys

home = sys.argv[1]
found = []
if os.path.isdir(home):
    for folder, dirs, files in os.walk(home):
        if folder == home and '.dbus' in dirs:
            dirs.remove('.dbus')
        for name in files:
            found.append(os.path.relpath(os.path.join(folder, name), home))
    shutil.rmtree(home)
# HOME must be there for the next run: without it, D-Bus's autolaunch
# under Xvfb cannot note its bus, and on GLib 2.84 a window's start waits
# for it long enough that tests timed on the clock fail.
os.makedirs(home, exist_ok=True)
if found:
    print('The tests wrote into HOME (%s), which must stay empty:' % home)
    for path in sorted(found):
        print('  ' + path)
    sys.exit(1)
print('HOME (%s) is untouched' % home)
