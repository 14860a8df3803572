#!/usr/bin/python3
# test-atspi-indicators.py — the indicator grid driven from the keyboard
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district, reaches the page «Indicators by
# Year» from the sidebar with the keyboard alone, types a number with a
# decimal comma into an organisation's cell, Tab, another number, Tab, a
# bad number, Tab, and adds a year's column with its button. The database
# is then read: both numbers are there for the right organisations and
# years, the bad one is not. Run as test-atspi.py is (dbus-run-session,
# xvfb-run, Debian's python3 for python3-pyatspi), with its helpers.
#
# With ANNALIST_SCREENSHOT=FILE.png (and ANNALIST_WINDOW_SIZE=WxH, the
# window's size) the screen is saved once the numbers are typed.

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
check, find, find_all, focused, press, wait_for = (atspi.check, atspi.find, atspi.find_all,
                                                   atspi.focused, atspi.press, atspi.wait_for)
type_keys, text_of, focused_cell = atspi.type_keys, atspi.text_of, atspi.focused_cell

DISTRICT = 'District as a whole'
KEY_TAB = 0xff09


def main():
    annalist = sys.argv[1]
    folder, database, env = atspi.sample_folder(annalist, 'atspi-indicators')
    screenshot = os.environ.get('ANNALIST_SCREENSHOT')
    if screenshot:
        width, height = os.environ.get('ANNALIST_WINDOW_SIZE', '1280x800').split('x')
        os.makedirs(os.path.join(folder, 'config', 'glib-2.0', 'settings'))
        with open(os.path.join(folder, 'config', 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
            f.write('[io/github/annalist/Annalist]\nwindow-width=%s\nwindow-height=%s\n'
                    % (width, height))
        env.update(GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=os.path.join(folder, 'config'))

    with sqlite3.connect(database) as db:
        kind_id = db.execute('SELECT id FROM figure_kind ORDER BY position, name').fetchone()[0]
        organisations = {}
        for id_, name in db.execute('SELECT id, short_name FROM organisation'):
            organisations.setdefault(name, []).append(id_)

    def cell_place(cell):
        # «Школа № 5, 2022-2023» → (organisation id or None, 2022)
        name, years = cell.name.rsplit(', ', 1)
        year = int(years.split('-')[0])
        if name == DISTRICT:
            return None, year
        ids = organisations[name]
        assert len(ids) == 1, 'one organisation is named ' + name
        return ids[0], year

    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        window = atspi.annalist_on_the_bus()[1]

        atspi.to_section(window, 'Indicators by Year')

        first = wait_for('the first cell to have the focus',
                         lambda: (lambda c: c if c is not None and c.name.startswith(DISTRICT)
                                  else None)(focused_cell(window)))
        check(first.name.startswith(DISTRICT + ', '),
              'the focus is in the district\'s first cell: ' + first.name)
        dropdown = find(window, 'combo box', 'Indicator')
        check(dropdown is not None, 'the page has a dropdown named «Indicator»')
        check(find(window, 'panel', 'Indicator values') is not None,
              'the grid\'s panel is named «Indicator values»')
        unnamed = atspi.read_by_type(window)
        check(not unnamed, 'no widget of ours, image or panel is read by its type: %s' % unnamed)

        # Tab goes along the row, then to the first organisation's row.
        for _ in range(40):
            cell = focused_cell(window)
            if cell is not None and not cell.name.startswith(DISTRICT):
                break
            press('Tab')
        check(cell is not None and cell_place(cell)[0] is not None,
              'Tab reaches an organisation\'s cell: ' + cell.name)

        typed = []
        for text in ('12,5', '7'):
            cell = focused_cell(window)
            place = cell_place(cell)
            type_keys(text)
            wait_for('the text in ' + cell.name, lambda: text_of(cell) == text)
            typed.append((place, cell.name))
            press('Tab')
            wait_for('the focus to move on', lambda: focused_cell(window) is not None and
                     focused_cell(window).name != cell.name)
        check(typed[0][0] != typed[1][0], 'the two numbers went into two cells: %s; %s'
              % (typed[0][1], typed[1][1]))
        check(text_of(find(window, 'text', typed[0][1]) or find(window, 'entry', typed[0][1]))
              == '12,5', 'the first cell reads 12,5')

        # A bad number is refused, and the cell says so.
        bad = focused_cell(window)
        bad_place = cell_place(bad)
        atspi.refuse_bad_number(bad)
        why = '%s: “Value” must be a number.' % bad.name
        # The label comes with the next frame, which a loaded machine draws late.
        wait_for('the window to say why: ' + why, lambda: find(window, 'label', why))

        if screenshot:
            time.sleep(0.5)
            subprocess.run(['import', '-window', 'root', screenshot], check=True)

        # Tab on, row by row, past the rows shown: the list makes them as
        # the focus comes, and the focus stays in the grid.
        n_columns = len([c for c in find_all(window, 'text') + find_all(window, 'entry')
                         if c.name.startswith(DISTRICT + ', ')])
        # The years shown, read while the district's row is on the screen
        # (GTK 4.18's list keeps no row that scrolled away, 4.8's kept 200).
        years = [int(c.name.rsplit(', ', 1)[1].split('-')[0])
                 for c in find_all(window, 'text') + find_all(window, 'entry')
                 if c.name.startswith(DISTRICT + ', ')]
        start = cell_place(focused_cell(window))
        for _ in range(20 * n_columns):
            pyatspi.Registry.generateKeyboardEvent(KEY_TAB, None, pyatspi.KEY_SYM)
            time.sleep(0.05)
        # Once the focus has settled it must be in a cell of another row,
        # never out of the grid.
        atspi.wait_for_settled_focus(window, 'the focus to settle after the Tabs')
        far = focused_cell(window)
        far_place = cell_place(far) if far is not None else (None, None)
        check(far is not None and far_place[0] is not None and far_place[0] != start[0],
              'Tab keeps to the grid, rows down: ' + (far.name if far is not None else
                                                      'the focus left the grid'))

        # «Add Year» adds the next year's column at once.
        atspi.click(find(window, 'push button', 'Add Year'))
        following = max(years) + 1
        # (Any shown row's cell of that year: the district's row may have
        # scrolled away, and GTK 4.18 keeps no row that did.)
        wait_for('the column of %d' % following,
                 lambda: any(c.name.endswith(', %d-%d' % (following, following + 1))
                             for c in find_all(window, 'text') + find_all(window, 'entry')))
        check(True, 'Add Year adds the column %d-%d' % (following, following + 1))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    with sqlite3.connect(database) as db:
        def stored(place):
            organisation, year = place
            return db.execute('SELECT value FROM historical_figure WHERE kind_id = ?'
                              ' AND ifnull(organisation_id, 0) = ? AND academic_year = ?',
                              (kind_id, organisation or 0, year)).fetchall()
        check(stored(typed[0][0]) == [(12.5,)], '12,5 is stored for ' + typed[0][1])
        check(stored(typed[1][0]) == [(7.0,)], '7 is stored for ' + typed[1][1])
        check(stored(bad_place) == [], 'the bad number is not stored')
    print('1..%d' % atspi.checks)


if __name__ == '__main__':
    main()
