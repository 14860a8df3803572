#!/usr/bin/python3
# test-atspi-import.py — the import assistant driven as a screen reader drives it
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district and, through AT-SPI only, opens
# «Import…» from the main menu on the list of organisations, types the path
# of a CSV file (semicolons, UTF-8 with a BOM, as Russian Excel saves it)
# into the file chooser's location entry, goes on to the columns, maps the
# column whose header the guess cannot read («№ ОУ») to «Number» with the
# keyboard, and imports. The new rows are then looked for in the window's
# list and, once the app has quit, in the database. Run as test-atspi.py is
# (dbus-run-session, xvfb-run, Debian's python3 for python3-pyatspi), with
# its helpers.

import importlib.util
import os
import shutil
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
check, children, click, find, find_all, focused, press, type_into, wait_for = (
    atspi.check, atspi.children, atspi.click, atspi.find, atspi.find_all, atspi.focused,
    atspi.press, atspi.type_into, atspi.wait_for)
actionable, labelled, window_named = atspi.actionable, atspi.labelled, atspi.window_named

ODD_HEADER = '№ ОУ'
ROWS = [
    ('Детский сад № 901', 'ГБДОУ детский сад № 901 Красносельского района Санкт-Петербурга',
     'ДОУ', '901'),
    ('Детский сад № 902', 'ГБДОУ детский сад № 902 Красносельского района Санкт-Петербурга',
     'ДОУ', '902'),
    ('Детский сад № 903', 'ГБДОУ детский сад № 903 Красносельского района Санкт-Петербурга',
     'ДОУ', '903'),
]


def gone(window):
    # Hidden or destroyed, asked of the window itself.
    try:
        return not window.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return True


def shown_value(combo):
    # What a combo row shows: its last label, after its title (the name)
    # and its subtitle (the description). GTK 4.8 gives the combo no value
    # of its own: a screen reader has only this label.
    names = [label.name for label in find_all(combo, 'label')]
    return names[-1] if names else None


def main():
    annalist = sys.argv[1]
    folder, database, env = atspi.sample_folder(annalist, 'atspi-import')
    source = os.path.join(folder, 'детские сады.csv')
    with sqlite3.connect(database) as db:
        n_organisations = db.execute('SELECT count(*) FROM organisation').fetchone()[0]
    with open(source, 'w', encoding='utf-8-sig', newline='') as f:
        f.write('Short name;Full name;Type;%s\r\n' % ODD_HEADER)
        for row in ROWS:
            f.write(';'.join(row) + '\r\n')

    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        desktop = pyatspi.Registry.getDesktop(0)

        def on_the_bus():
            # Without its display (seen when other xvfb-runs start at the
            # same time) the app is gone at once: no use waiting.
            if process.poll() is not None:
                return 'gone'
            return next((a for a in children(desktop) if a.name == 'annalist'), None)
        app = wait_for('Annalist on the accessibility bus', on_the_bus, timeout=atspi.STARTUP)
        assert app != 'gone', 'annalist exited with status %d' % process.returncode
        window = wait_for('the window', lambda: find(app, 'frame'))
        table = wait_for('the organisations', lambda: find(window, 'table', 'Organisations'))

        # The main menu, «Import…».
        click(find(window, 'push button', 'Main Menu', actionable))
        item = wait_for('the menu', lambda: find(app, 'menu item', None,
                                                 lambda i: labelled(i) == 'Import…'))
        check(True, 'the main menu has «Import…»')
        click(item)

        # The file chooser: «/» opens its location entry; the path, Enter.
        chooser = wait_for('the file chooser', lambda: window_named(app, 'Import Records'))
        check(True, 'the file chooser is named «Import Records»')
        wait_for('the focus in the file chooser', lambda: focused(chooser))
        pyatspi.Registry.generateKeyboardEvent(ord('/'), None, pyatspi.KEY_SYM)
        location = wait_for('the location entry',
                            lambda: (lambda f: f if f is not None and
                                     f.getRoleName() == 'text' else None)(focused(chooser)))
        type_into(location, source)
        press('Return')
        # The entry's completion of the path, when it comes just before
        # Return, takes that Return for itself: then one more opens.
        try:
            wait_for('the file chooser to take the path', lambda: gone(chooser), timeout=3)
        except AssertionError:
            press('Return')
        # GTK 4.8 answers a child index of the application that is past its
        # visible windows with the last window even when it is hidden, and
        # a hidden window has no object path: a critical. Reading the
        # application's windows while one of them hides races with that,
        # so wait for the window itself to say it is hidden first.
        wait_for('the file chooser to close', lambda: gone(chooser))

        # The source step: the file and how it was read.
        assistant = wait_for('the assistant',
                             lambda: window_named(app, 'Import: Organisations'))
        check(True, 'the assistant is named «Import: Organisations»')
        # Its steps named, its progress hidden until it runs (GTK 4.8 read
        # them by their types). Its combo rows' arrows are libadwaita's.
        unnamed = atspi.read_by_type(assistant, roles=('panel',))
        check(not unnamed, 'nothing of the assistant is read by its type: %s' % unnamed)
        check(find(assistant, 'list item', os.path.basename(source)) is not None,
              'the source step names the file')
        separator = find(assistant, 'combo box', 'Separator')
        check(separator is not None and shown_value(separator) == 'Semicolon',
              'the separator is read as a semicolon')
        encoding = find(assistant, 'combo box', 'Encoding')
        check(encoding is not None and shown_value(encoding) == 'UTF-8',
              'the encoding is read as UTF-8')
        next_button = find(assistant, 'push button', 'Next')
        check(next_button is not None, 'the button «Next» reads as «Next»')
        click(next_button)

        # The columns: one combo per source column, named by its header.
        columns = wait_for('the columns', lambda: find(assistant, 'list', 'Columns'))
        combos = wait_for('the column rows', lambda: find_all(columns, 'combo box'))
        check([c.name for c in combos] == ['Short name', 'Full name', 'Type', ODD_HEADER],
              'a combo per column, named by its header: ' + ', '.join(c.name for c in combos))
        odd = combos[-1]
        check(shown_value(odd) == 'Skip', 'the column «%s» is skipped by the guess' % ODD_HEADER)
        check(shown_value(combos[0]) == 'Short name', '«Short name» is guessed')
        preview = wait_for('the preview', lambda: find(assistant, 'list', 'Preview'))
        check(True, 'the preview is a list named «Preview»')
        wait_for('the preview rows', lambda: len(find_all(preview, 'list item')) == len(ROWS))
        rows = find_all(preview, 'list item')
        check(all(row.name.startswith('Row %d: %s' % (i + 2, ROWS[i][0]))
                  for i, row in enumerate(rows)),
              'the preview reads each row with its line: ' + rows[0].name)
        check(all(row.description == 'new' or
                  find(row, 'label', 'new') is not None for row in rows),
              'each row is new')
        atspi.said_once(assistant, 'the assistant')
        check(preview.description.startswith('New: %d · already stored: 0 · in error: 0'
                                             % len(ROWS)),
              'the preview is described by its counts: ' + preview.description)

        # Tab to the odd column, open it with Enter, Down to «Number», Enter.
        for _ in range(10):
            if focused(assistant) == odd:
                break
            press('Tab')
        check(focused(assistant) == odd, 'Tab reaches the column «%s»' % ODD_HEADER)
        press('Return')
        wait_for('the list of fields to open',
                 lambda: focused(assistant) not in (None, odd))
        for _ in range(12):  # «Skip» and the kind's nine fields
            current = focused(assistant)
            if current is not None and find(current, 'label', 'Number') is not None:
                break
            press('Down')
        check(find(focused(assistant), 'label', 'Number') is not None,
              'Down reaches «Number» in the list of fields')
        press('Return')
        wait_for('the column to read «Number»', lambda: shown_value(odd) == 'Number')
        check(True, 'the column «%s» goes to «Number»' % ODD_HEADER)

        import_button = find(assistant, 'push button', 'Import')
        check(import_button is not None, 'the button «Import» reads as «Import»')
        click(import_button)
        # The toast, in the main window, then the assistant is gone (see
        # the file chooser above for why not the application's windows).
        wait_for('the toast', lambda: find(window, 'label', 'Records imported: %d' % len(ROWS)))
        check(True, 'a toast says «Records imported: %d»' % len(ROWS))
        wait_for('the assistant to close', lambda: gone(assistant))
        check(window_named(app, 'Import: Organisations') is None, 'the assistant is closed')

        # The list: counted, and the rows found by a search.
        wait_for('the count', lambda: find(window, 'label',
                                           '%d records' % (n_organisations + len(ROWS))))
        check(True, 'the list counts %d records' % (n_organisations + len(ROWS)))
        click(find(window, 'push button', 'Search'))
        entry = wait_for('the search entry',
                         lambda: find(window, 'text', 'Search in this list') or
                         find(window, 'entry', 'Search in this list'))
        type_into(entry, 'сад № 90')
        wait_for('the list filtered', lambda: find(window, 'label', '%d records' % len(ROWS)))
        shown = sorted(row.name for row in find_all(table, 'table row'))
        for (short, full, kind, number), name in zip(ROWS, shown):
            cells = name.split(', ')
            check(cells[0] == short and full in name and number in cells,
                  'the list shows the row: ' + name)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT o.short_name, o.full_name, t.short_name, o.number"
                            " FROM organisation o JOIN org_type t ON t.id = o.type_id"
                            " WHERE o.short_name LIKE 'Детский сад № 90_'"
                            " ORDER BY o.short_name").fetchall()
    check(stored == ROWS, 'the rows are in the database with their numbers: %r' % (stored,))
    print('1..%d' % atspi.checks)
    # Kept when a check fails, to look at.
    shutil.rmtree(folder)


if __name__ == '__main__':
    main()
