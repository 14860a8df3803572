#!/usr/bin/python3
# test-atspi-rating.py — the rating grid typed from the keyboard
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district with four rating indicators (two
# counted from the records, two typed), reaches «Rating Grid» from the
# sidebar with the keyboard alone (the window's year is «all years», so the
# page shows the current academic year), and types: a number, Enter (down
# to the next organisation, same indicator), a number with a decimal comma,
# Tab (to the row's other typed cell: the counted ones are passed by), a bad
# number, Tab; Up; then Enter twenty times down the column, past the rows
# shown. The database is then read: both numbers are there for the right
# organisations, the bad one is not. Run as test-atspi.py is, with its
# helpers.

import datetime
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
key, type_keys, text_of, focused_cell = (atspi.key, atspi.type_keys, atspi.text_of,
                                         atspi.focused_cell)

NETWORK = 'Участие в сетевых проектах'
EXPERTS = 'Экспертная деятельность'
KEY_UP = 0xff52
KEY_RETURN = 0xff0d


def current_academic_year():
    today = datetime.date.today()
    return today.year if today.month >= 9 else today.year - 1


def main():
    annalist = sys.argv[1]
    folder, database, env = atspi.sample_folder(annalist, 'atspi-rating')
    year = current_academic_year()  # until the page says which

    with sqlite3.connect(database) as db:
        db.executescript(
            "INSERT INTO rating_indicator (position, name, points, source_id) VALUES"
            " (1, 'Наличие инновационного статуса', 10,"
            "  (SELECT id FROM rating_source WHERE code = 'statuses')),"
            " (2, 'Участие в конкурсах', 3,"
            "  (SELECT id FROM rating_source WHERE code = 'competition_entries')),"
            " (3, '%s', 2, NULL),"
            " (4, '%s', 1, NULL);" % (NETWORK, EXPERTS))
        indicators = dict((name, id_) for id_, name in
                          db.execute('SELECT id, name FROM rating_indicator'))
        organisations = {}
        for id_, name in db.execute('SELECT id, short_name FROM organisation'):
            organisations.setdefault(name, []).append(id_)

    def cell_place(cell):
        # «Школа № 5, Участие в сетевых проектах» → (organisation id, indicator id)
        name, indicator = cell.name.rsplit(', ', 1)
        ids = organisations[name]
        assert len(ids) == 1, 'one organisation is named ' + name
        return ids[0], indicators[indicator]

    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        window = atspi.annalist_on_the_bus()[1]

        atspi.to_section(window, 'Rating Grid')

        first = wait_for('the first typed cell to have the focus',
                         lambda: (lambda c: c if c is not None and c.name.endswith(', ' + NETWORK)
                                  else None)(focused_cell(window)))
        check(True, 'the focus starts in the first typed cell, past the counted: ' + first.name)
        check(atspi.find(window, 'panel', 'Rating values') is not None,
              'the grid\'s panel is named «Rating values»')
        unnamed = atspi.read_by_type(window)
        check(not unnamed, 'no widget of ours, image or panel is read by its type: %s' % unnamed)
        # The page names its year: the window's, or with «all years» the
        # current one.
        label = next((l.name for l in atspi.find_all(window, 'label')
                      if l.name.endswith(' academic year')), None)
        check(label is not None, 'the page names its year: %s' % label)
        year = int(label.split('-')[0])

        # A number, Enter: down to the next organisation's same indicator.
        place_1, name_1 = cell_place(first), first.name
        type_keys('3')
        wait_for('the text in ' + first.name, lambda: text_of(first) == '3')
        key(KEY_RETURN)
        second = wait_for('the focus to go down', lambda: (lambda c: c if c is not None and
                          c.name != first.name else None)(focused_cell(window)))
        place_2, name_2 = cell_place(second), second.name
        check(place_2[1] == place_1[1] and place_2[0] != place_1[0],
              'Enter goes down the column: ' + second.name)

        # A decimal comma, Tab: the row's next typed cell.
        type_keys('4,5')
        wait_for('the text in ' + second.name, lambda: text_of(second) == '4,5')
        press('Tab')
        bad = wait_for('the focus to move on', lambda: (lambda c: c if c is not None and
                       c.name != second.name else None)(focused_cell(window)))
        check(bad.name.endswith(', ' + EXPERTS) and cell_place(bad)[0] == place_2[0],
              'Tab goes to the row\'s other typed cell: ' + bad.name)
        bad_place = cell_place(bad)
        atspi.refuse_bad_number(bad)

        # Tab went on to the next row's first typed cell; Up comes back to
        # the second organisation's.
        wait_for('the focus to leave the bad cell',
                 lambda: focused_cell(window) is not None and focused_cell(window).name != bad.name)
        after_bad = focused_cell(window)
        check(after_bad.name.endswith(', ' + NETWORK) and cell_place(after_bad)[0] != place_2[0],
              'Tab goes on to the next row\'s first typed cell: ' + after_bad.name)
        key(KEY_UP)
        wait_for('Up to the row above', lambda: focused_cell(window) is not None and
                 cell_place(focused_cell(window))[0] == place_2[0])
        check(True, 'Up goes to the row above: ' + focused_cell(window).name)

        # Enter down the column, past the rows shown: the focus stays in it.
        for _ in range(20):
            pyatspi.Registry.generateKeyboardEvent(KEY_RETURN, None, pyatspi.KEY_SYM)
            time.sleep(0.1)
        atspi.wait_for_settled_focus(window, 'the focus to settle after the Enters')
        far = focused_cell(window)
        check(far is not None and far.name.endswith(', ' + EXPERTS) is False and
              cell_place(far)[1] == place_1[1] and cell_place(far)[0] not in (place_1[0], place_2[0]),
              'Enter keeps to the column, rows down: ' +
              (far.name if far is not None else 'the focus left the grid'))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    with sqlite3.connect(database) as db:
        def stored(place):
            organisation, indicator = place
            return db.execute('SELECT value FROM rating_value WHERE indicator_id = ?'
                              ' AND organisation_id = ? AND academic_year = ?',
                              (indicator, organisation, year)).fetchall()
        check(stored(place_1) == [(3.0,)], '3 is stored for ' + name_1)
        check(stored(place_2) == [(4.5,)], '4,5 is stored for ' + name_2)
        check(stored(bad_place) == [], 'the bad number is not stored')
    print('1..%d' % atspi.checks)


if __name__ == '__main__':
    main()
