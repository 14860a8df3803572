#!/usr/bin/python3
# test-atspi-dialogs.py — the window's other windows read by their names
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district and, through AT-SPI only, opens what
# test-atspi.py does not: the search in all lists (Ctrl+Shift+F), an
# organisation's form with the card of its records, a competition's form
# with the table of its entries, the questions that
# close the academic year and that export a document for an organisation
# (the documents page), the dictionaries and the backups (the main menu). GTK 4.8 reads a widget without a name by its type: in none of
# them may a widget of ours, a stack's panel or a list of ours be read so
# («AnnalistOrgCard», «GtkStackPage», «GtkListBox»), and each is named as
# what it shows. Run as test-atspi.py is, with its helpers.

import importlib.util
import os
import signal
import subprocess
import sys

spec = importlib.util.spec_from_file_location(
    'atspi', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-atspi.py'))
atspi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(atspi)
pyatspi = atspi.pyatspi
check, children, click, find, find_all, press, wait_for = (
    atspi.check, atspi.children, atspi.click, atspi.find, atspi.find_all, atspi.press,
    atspi.wait_for)
actionable, labelled, read_by_type, said_once, window_named = (
    atspi.actionable, atspi.labelled, atspi.read_by_type, atspi.said_once, atspi.window_named)

CONTROL_SHIFT = 4 | 1   # the X modifier masks, locked while a key is typed


def closed(app, name):
    return wait_for('«%s» closed' % name,
                    lambda: all(w.name != name or
                                not w.getState().contains(pyatspi.STATE_VISIBLE)
                                for w in children(app)))


def started(annalist, database, env, steps):
    """Annalist started again for @steps, each given (app, window): a
    closed window leaves the display without a focused window (there is no
    window manager), and what goes by the keyboard wants a fresh start."""
    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        app, window = atspi.annalist_on_the_bus()
        for step in steps:
            step(app, window)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    desktop = pyatspi.Registry.getDesktop(0)
    wait_for('the window gone from the accessibility bus',
             lambda: all(a.name != 'annalist' for a in children(desktop)))


def read_well(window, what, panels=(), roles=('image', 'panel', 'list')):
    """@window's @panels named, nothing of it (widgets of ours, @roles)
    read by its type, and no name said twice."""
    if panels:
        check(all(find(window, 'panel', panel) is not None for panel in panels),
              'the panels of %s are named %s' % (what, ', '.join('«%s»' % p for p in panels)))
    unnamed = read_by_type(window, roles)
    check(not unnamed, 'nothing of %s is read by its type: %s' % (what, unnamed))
    said_once(window, what)


def search_in_all_lists(app, window):
    """The search in all lists, by its keys."""
    pyatspi.Registry.generateKeyboardEvent(CONTROL_SHIFT, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(ord('f'), None, pyatspi.KEY_SYM)
    pyatspi.Registry.generateKeyboardEvent(CONTROL_SHIFT, None, pyatspi.KEY_UNLOCKMODIFIERS)
    search = wait_for('the search in all lists', lambda: window_named(app, 'Search in All Lists'))
    check(find(search, 'panel', 'Search in All Lists') is not None,
          'the search\'s first panel is named «Search in All Lists»')
    entry = wait_for('its entry', lambda: find(search, 'text') or find(search, 'entry'))
    atspi.type_into(entry, 'гимназ')
    wait_for('records found', lambda: find_all(find(search, 'list', 'Found records'), 'list item'))
    read_well(search, 'the search', ('Found records', 'Nothing Found'))
    press('Escape')
    closed(app, 'Search in All Lists')


def backups(app, window):
    """The backups, from the main menu."""
    click(find(window, 'push button', 'Main Menu', actionable))
    click(wait_for('the menu', lambda: find(app, 'menu item', None,
                                            lambda i: labelled(i) == 'Restore from a Backup…')))
    shown = wait_for('the backups', lambda: window_named(app, 'Restore from a Backup'))
    # The day's copy was made as the window opened.
    wait_for('the day\'s copy', lambda: find_all(find(shown, 'list', 'Backups'), 'list item'))
    read_well(shown, 'the backups', ('Backups', 'No Backups Yet'))


def organisation_form(app, window):
    """An organisation's form, from its row (the focus starts in the list
    of organisations): the card of its records under it."""
    table = find(window, 'table', 'Organisations')
    first = wait_for('rows', lambda: find_all(table, 'table row'))[0].name.split(', ')[0]
    wait_for('the focus in the list', lambda: atspi.focused(table))
    press('Return')
    form = wait_for('the organisation\'s form', lambda: window_named(app, first))
    # A group: GTK 4.8 calls it a panel, GTK 4.18 a grouping.
    card = wait_for('its card', lambda: find(form, 'panel', 'Innovation Activity') or
                    find(form, 'grouping', 'Innovation Activity'))
    check(find(card, 'push button', 'Innovation Activity Report…') is not None,
          'the card of records is named «Innovation Activity»')
    # (The groups' lists, rows and icons inside are libadwaita's own.)
    read_well(form, 'the form', roles=('panel',))


def competition_form(app, window):
    """A competition's form, from its row: the table of its entries, whose
    dropdowns GTK 4.8 focuses in their inner buttons."""
    atspi.to_section(window, 'Competitions')
    table = wait_for('the competitions', lambda: find(window, 'table', 'Competitions'))
    wait_for('the focus in the list', lambda: atspi.focused(table))
    press('Return')
    form = wait_for('the competition\'s form',
                    lambda: next((w for w in children(app) if w.name != window.name and
                                  w.getRoleName() in ('frame', 'filler', 'dialog')), None))
    wait_for('its entries', lambda: find(form, 'combo box', 'Row 1: Result'))
    check(True, 'the entries\' dropdowns are named by row and column («Row 1: Result»)')
    read_well(form, 'the competition\'s form', roles=('panel',))


def dictionaries(app, window):
    """The page of dictionaries: a row for each, named once."""
    atspi.to_section(window, 'Dictionaries')
    wait_for('the dictionaries', lambda: find(window, 'list', 'Dictionaries'))
    check(find(window, 'list item', 'Event kinds') is not None,
          'the dictionaries list «Event kinds»')
    read_well(window, 'the window', roles=('image', 'panel'))


def to_documents(app, window):
    """The documents page: its buttons read by their labels, once."""
    atspi.to_section(window, 'Documents')
    wait_for('«Template Fields»', lambda: find(window, 'push button', 'Template Fields') and
             find(window, 'push button', 'Load Template…'))
    said_once(window, 'the documents page')


def closing_the_year(app, window):
    """The question that closes the year, on the documents page."""
    click(wait_for('«Close the Academic Year…»',
                   lambda: find(window, 'push button', 'Close the Academic Year…')))
    question = wait_for('the question', lambda: find(app, 'dialog'))
    check(question.name.startswith('Close the Academic Year '),
          'the question is named «%s»' % question.name)
    rows = find(question, 'list', 'Signed report')
    check(rows is not None, 'its rows are a list named «Signed report»')
    report = find(rows, 'combo box')
    check(report is not None and report.name == 'Signed report',
          'the report\'s choice is named once: «%s»' % (report and report.name))
    read_well(question, 'the question', roles=('panel', 'list'))
    press('Escape')
    wait_for('the question gone', lambda: find(app, 'dialog') is None)


def export_question(annalist, database, env):
    """The question before an export that takes an organisation and a
    period, on the documents page."""
    listed = subprocess.run([annalist, '--database=' + database, '--list-templates'], env=env,
                            check=True, capture_output=True, text=True).stdout
    name = next(line.split('\t')[1] for line in listed.splitlines()
                if line.split('\t')[2] == 'organisation,period')

    def step(app, window):
        click(wait_for('«Export “%s”…»' % name,
                       lambda: find(window, 'push button', 'Export “%s”…' % name)))
        question = wait_for('the question', lambda: find(app, 'dialog'))
        check(find(question, 'list', 'Period') is not None,
              'the years\' rows are a list named «Period»')
        chooser = find(question, 'list', 'Organisation')
        check(chooser is not None and find_all(chooser, 'list item'),
              'the organisations are a list named «Organisation»')
        read_well(question, 'the question', ('Organisation', 'Nothing Found'),
                  roles=('panel', 'list'))
        # (Scroll bars' ranges are the toolkit's.)
        frames = [a.name for a in find_all(question, 'filler') if a.name == 'GtkFrame']
        check(not frames, 'the chooser\'s frame is not read by its type')
        press('Escape')
    return step


def main():
    annalist = sys.argv[1]
    folder, database, env = atspi.sample_folder(annalist, 'atspi-dialogs')
    started(annalist, database, env, (search_in_all_lists, backups))
    started(annalist, database, env, (organisation_form,))
    started(annalist, database, env, (dictionaries,))
    started(annalist, database, env, (competition_form,))
    started(annalist, database, env,
            (to_documents, closing_the_year, export_question(annalist, database, env)))
    print('1..%d' % atspi.checks)


if __name__ == '__main__':
    main()
