#!/usr/bin/python3
# test-atspi-plan-items.py — a plan's items page, as a screen reader sees it
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district, reaches the page «Plan Items by
# Stage» from the sidebar with the keyboard alone and checks what an
# assistive technology is told: the plan chooser is a combo box named
# «Plan», the focus is on the first item's row, named by its number and
# activity; Tab from the row reaches its state chooser, named for the
# item; Up goes to the stage's heading row, named by the stage, and Tab
# from there to its «Add Item», whose Enter opens the form of a new plan
# item. Run as test-atspi.py is (dbus-run-session, xvfb-run, Debian's
# python3 for python3-pyatspi), with its helpers.

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import time

spec = importlib.util.spec_from_file_location(
    'atspi', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-atspi.py'))
atspi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(atspi)
pyatspi = atspi.pyatspi
check, find, focused, press, wait_for = (atspi.check, atspi.find, atspi.focused, atspi.press,
                                         atspi.wait_for)
key = atspi.key

SECTION = 'Plan Items by Stage'
KEY_LEFT = 0xff51
KEY_UP = 0xff52
KEY_ESCAPE = 0xff1b


def main():
    annalist = sys.argv[1]
    folder, database, env = atspi.sample_folder(annalist, 'atspi-plan-items')

    with sqlite3.connect(database) as db:
        # The plan the page shows first: the plans' order, newest first.
        plan_id = db.execute('SELECT id FROM plan ORDER BY year_from DESC, id').fetchone()[0]
        stage_id, stage = db.execute('SELECT id, title FROM plan_stage WHERE plan_id = ?'
                                     ' ORDER BY academic_year, id', (plan_id,)).fetchone()
        position, activity = db.execute('SELECT position, activity FROM plan_item'
                                        ' WHERE stage_id = ? ORDER BY position, id',
                                        (stage_id,)).fetchone()
        n_items = db.execute('SELECT count(*) FROM plan_item').fetchone()[0]
    first_name = '%d. %s' % (position, activity)
    stage_name = ' '.join(stage.split())

    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        app, window = atspi.annalist_on_the_bus()

        atspi.to_section(window, SECTION)

        row = wait_for('the first item to have the focus',
                       lambda: (lambda f: f if f is not None and f.name == first_name
                                else None)(focused(window)))
        check(row.getRoleName() == 'list item', 'the first item\'s row has the focus: ' + row.name)
        check(find(window, 'combo box', 'Plan') is not None,
              'the page has a combo box named «Plan»')
        check(find(window, 'panel', 'Plan items') is not None,
              'the items\' panel is named «Plan items»')
        unnamed = atspi.read_by_type(window)
        check(not unnamed, 'no widget of ours, image or panel is read by its type: %s' % unnamed)

        press('Tab')
        chooser = focused(window)
        check(chooser is not None and chooser.name == 'State of item %d' % position,
              'Tab from the row reaches its state chooser: %s'
              % (chooser.name if chooser is not None else None))

        # Left, out of the chooser, is the row again; Up, the stage's
        # heading; Tab, its «Add Item».
        key(KEY_LEFT)
        wait_for('the focus back on the row',
                 lambda: focused(window) is not None and focused(window).name == first_name)
        key(KEY_UP)
        heading = focused(window)
        check(heading is not None and heading.name == stage_name,
              'Up from the first item is its stage\'s heading: %s'
              % (heading.name if heading is not None else None))
        press('Tab')
        button = focused(window)
        check(button is not None and atspi.role_is(button, 'push button') and
              button.name == 'Add Item', 'Tab from the heading reaches «Add Item»')
        press('Return')
        form = wait_for('the form of a new item',
                        lambda: next((w for w in atspi.children(app)
                                      if w.name == 'New: Plan item'), None))
        check(form is not None, 'Enter on «Add Item» opens the form «New: Plan item»')
        key(KEY_ESCAPE)
        wait_for('the form to close',
                 lambda: all(w.name != 'New: Plan item' for w in atspi.children(app)))
        check(True, 'Escape closes the form')
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    with sqlite3.connect(database) as db:
        check(db.execute('SELECT count(*) FROM plan_item').fetchone()[0] == n_items,
              'nothing was added by the closed form')
    print('1..%d' % atspi.checks)


if __name__ == '__main__':
    main()
