#!/usr/bin/python3
# test-atspi.py — the window driven the way a screen reader drives it
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs Annalist on the sample district and, through AT-SPI only, reads the
# list, filters it with the search entry, sorts it by a column, and creates
# an organisation in the form: text typed through EditableText, the type
# chosen with the keyboard, Save pressed. The database is then read to see
# the record arrived. The header's year and the keyboard shortcuts window
# have names, and no button is read by its type. Needs a display and a session bus with the AT-SPI
# registry: meson runs it as
#   dbus-run-session -- python3 test-atspi.py ANNALIST
# under xvfb-run. Debian's python3-pyatspi, hence /usr/bin/python3.

import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

try:
    import pyatspi
except ImportError:
    print('python3-pyatspi is not installed: skipped')
    sys.exit(77)


def registry_missing():
    # Why the AT-SPI registry cannot be reached, or None: at-spi2-core's
    # bus launcher starts it on demand from the session bus.
    from gi.repository import Gio, GLib
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        names = [name for method in ('ListNames', 'ListActivatableNames')
                 for name in bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                           'org.freedesktop.DBus', method, None,
                                           GLib.VariantType('(as)'), Gio.DBusCallFlags.NONE,
                                           -1, None).unpack()[0]]
    except GLib.Error as error:
        return 'no session bus (run under dbus-run-session): ' + error.message
    if 'org.a11y.Bus' not in names:
        return 'at-spi2-core (the accessibility bus) is not installed'
    return None


MISSING = registry_missing()
if MISSING is not None:
    print(MISSING + ': skipped')
    sys.exit(77)

KEYS = {'Return': 0xff0d, 'Down': 0xff54, 'Tab': 0xff09, 'Escape': 0xff1b}


# The app's first appearance on the bus: its first start makes the
# sample database and starts the accessibility bus and its registry.
STARTUP = 45


def wait_for(what, condition, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = condition()
        except Exception:  # objects come and go while the window changes
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError('timed out waiting for ' + what)


def children(accessible):
    return [child for child in accessible if child is not None]


# GTK 4.10 and newer give toggle buttons (the search button, a menu
# button's inside) their own role, and at-spi2-core 2.52 and newer call
# ROLE_PUSH_BUTTON «button»; a screen reader says «button» for each.
BUTTONS = ('push button', 'button', 'toggle button')


def role_is(accessible, role):
    name = accessible.getRoleName()
    return name in BUTTONS if role == 'push button' else name == role


def find(accessible, role, name=None, predicate=None):
    try:
        if (role_is(accessible, role) and
                (name is None or accessible.name == name) and
                (predicate is None or predicate(accessible))):
            return accessible
    except Exception:
        return None
    for child in children(accessible):
        found = find(child, role, name, predicate)
        if found is not None:
            return found
    return None


def find_all(accessible, role):
    found = []
    try:
        if role_is(accessible, role):
            found.append(accessible)
    except Exception:
        return found
    for child in children(accessible):
        found += find_all(child, role)
    return found


def focused(accessible):
    for child in children(accessible):
        if child.getState().contains(pyatspi.STATE_FOCUSED):
            return child
        found = focused(child)
        if found is not None:
            return found
    return None


def natural_key(text):
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r'(\d+)', text)]


def click(button):
    button.queryAction().doAction(0)


def press(key):
    pyatspi.Registry.generateKeyboardEvent(KEYS[key], None, pyatspi.KEY_SYM)
    time.sleep(0.3)


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.3)


def type_keys(text):
    # Each character as its key, as a person types it (digits and the comma
    # are their own keysyms).
    for ch in text:
        pyatspi.Registry.generateKeyboardEvent(ord(ch), None, pyatspi.KEY_SYM)
        time.sleep(0.05)
    time.sleep(0.3)


def text_of(accessible):
    text = accessible.queryText()
    return text.getText(0, text.characterCount)


def sidebar_label(item):
    label = find(item, 'label')
    return label.name if label is not None else None


def focused_cell(window):
    """The grid's cell that has the focus, or None."""
    cell = focused(window)
    if cell is None or cell.getRoleName() not in ('text', 'entry'):
        return None
    return cell


def wait_for_settled_focus(window, what):
    """Under load the display may deliver the last of many keys late: waits
    until the focus has settled (the same object for half a second) and
    returns what has it."""
    def settled():
        first = focused(window)
        time.sleep(0.5)
        return first if first is not None and focused(window) == first else None
    return wait_for(what, settled, timeout=30)


def refuse_bad_number(cell):
    """Types a bad number into the focused grid @cell and Tabs on: the
    cell is marked invalid."""
    type_keys('1x')
    press('Tab')
    # GTK 4.8 says ATSPI_STATE_INVALID of an invalid entry, GTK 4.18
    # ATSPI_STATE_INVALID_ENTRY (what screen readers read for an entry).
    wait_for('the cell to be marked invalid',
             lambda: cell.getState().contains(pyatspi.STATE_INVALID) or
             cell.getState().contains(pyatspi.STATE_INVALID_ENTRY))
    check(True, 'a bad number marks its cell invalid: ' + cell.name)


def annalist_on_the_bus():
    """The running Annalist's application and window, once its window
    shows the organisations: (app, window)."""
    desktop = pyatspi.Registry.getDesktop(0)
    app = wait_for('Annalist on the accessibility bus',
                   lambda: next((a for a in children(desktop) if a.name == 'annalist'),
                                None), timeout=STARTUP)
    window = wait_for('the window', lambda: find(app, 'frame'))
    wait_for('the organisations', lambda: find(window, 'table', 'Organisations'))
    return app, window


def to_section(window, section):
    """To the sidebar's @section with the keyboard alone, from the
    organisations' list: End to the list's last row (Tab inside a list goes
    from row to row), Tab out of it; down the sidebar's rows, Enter."""
    key(0xff57)  # End
    item = None
    for _ in range(30):
        item = focused(window)
        if item is not None and item.getRoleName() == 'list item':
            break
        press('Tab')
    check(item is not None and item.getRoleName() == 'list item', 'Tab reaches the sidebar')
    for _ in range(40):
        if sidebar_label(focused(window)) == section:
            break
        press('Down')
    check(sidebar_label(focused(window)) == section, 'the sidebar has «%s»' % section)
    press('Return')


def window_named(app, name):
    return next((w for w in children(app) if w.name == name), None)


def actionable(accessible):
    # A GtkMenuButton reads as two buttons: the outer one has no action.
    return accessible.queryAction().nActions > 0


def labelled(accessible):
    # GTK 4.8 names a menu item by its label; GTK 4.18 leaves its name
    # empty and points to the label (labelled-by, a target with no role or
    # name but its text), which screen readers follow.
    if accessible.name:
        return accessible.name
    for relation in accessible.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                target = relation.getTarget(i)
                if target.name:
                    return target.name
                try:
                    return target.queryText().getText(0, -1)
                except NotImplementedError:
                    pass
    return ''


def sensitive(accessible):
    return accessible.getState().contains(pyatspi.STATE_SENSITIVE)


def type_into(field, text):
    assert field.queryEditableText().setTextContents(text), field.name
    wait_for('the text in ' + field.name,
             lambda: field.queryText().getText(0, -1) == text or
             field.queryText().getText(0, field.queryText().characterCount) == text)


checks = 0


def read_by_type(accessible, roles=('image', 'panel')):
    """The names under @accessible that are a type's: a widget of ours, or
    one of @roles (an image, a stack's panel) left unnamed, which GTK 4.8
    reads by its type («AnnalistListPage», «GtkImage», «GtkStackPage»).
    Inside a combo box (a dropdown's stack, a combo row's list), the
    toolkit's own, only its button is looked at: GTK 4.8 gives it the
    focus, and it is ours to name (annalist_ui_name_dropdown_button ())."""
    try:
        name, role = accessible.name, accessible.getRoleName()
    except Exception:
        return []
    if role == 'combo box':
        return [button.name for button in find_all(accessible, 'push button')
                if button.name.startswith('Gtk')]
    found = [name] if (re.fullmatch(r'Annalist[A-Z][A-Za-z]+', name) or
                       (role in roles and name.startswith('Gtk'))) else []
    return found + [n for child in children(accessible) for n in read_by_type(child, roles)]


def named_twice(accessible, rows=True):
    """The names under @accessible said twice over («Signed report Signed
    report»): libadwaita 1.2 adds a row's title to the label it is given.
    GTK 4.10 and later name a row from what it holds, an entry row by its
    title and by its entry, labelled by that title too: with @rows false,
    the names of list items are not looked at."""
    try:
        name = accessible.name or ''
        half = len(name) // 2
        found = ([name] if half > 0 and name == name[:half] + ' ' + name[:half] and
                 (rows or accessible.getRoleName() != 'list item') else [])
    except Exception:
        return []
    return found + [n for child in children(accessible) for n in named_twice(child, rows)]


def toolkit(accessible):
    """The GTK version of @accessible's application: (4, 8)."""
    return tuple(int(part) for part in
                 accessible.getApplication().get_toolkit_version().split('.')[:2])


def said_once(accessible, what):
    """No name under @accessible said twice (list items' left out where
    the toolkit names them from their contents)."""
    twice = named_twice(accessible, rows=toolkit(accessible) < (4, 10))
    check(not twice, 'no name of %s is said twice: %s' % (what, twice))


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)
    print('ok', checks, '-', message)


def sample_folder(annalist, name):
    """A temporary folder with the sample district's database in it, and
    the environment to run annalist on it: (folder, database, env)."""
    folder = tempfile.mkdtemp(prefix='annalist-%s-' % name)
    database = os.path.join(folder, 'district.db')
    # The day's backup goes into the test's folder, not the build tree.
    env = dict(os.environ, GSETTINGS_BACKEND='memory', LC_ALL='C.UTF-8', LANGUAGE='',
               XDG_DATA_HOME=os.path.join(folder, 'data'))
    env.pop('GTK_A11Y', None)
    subprocess.run([annalist, '--database=' + database, '--init-sample'],
                   env=env, check=True, capture_output=True)
    return folder, database, env


def main():
    annalist = sys.argv[1]
    folder, database, env = sample_folder(annalist, 'atspi')
    with sqlite3.connect(database) as db:
        names = db.execute('SELECT short_name, full_name FROM organisation').fetchall()
    n_organisations = len(names)
    n_gymnasiums = sum(1 for short, full in names
                       if 'гимназия' in (short + ' ' + full).casefold())

    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        desktop = pyatspi.Registry.getDesktop(0)
        app = wait_for('Annalist on the accessibility bus',
                       lambda: next((a for a in children(desktop) if a.name == 'annalist'),
                                    None), timeout=STARTUP)
        window = wait_for('the window', lambda: find(app, 'frame'))
        check(window.name.endswith('— Annalist'), 'the window is named after its database')

        # The list reads as a table of named rows.
        table = wait_for('the organisations', lambda: find(window, 'table', 'Organisations'))
        rows = wait_for('rows', lambda: find_all(table, 'table row'))
        check(len(rows) >= 10, 'the list shows rows (%d)' % len(rows))
        check(rows[0].name.startswith('Детский сад № 1, '),
              'a row reads as its cells: ' + rows[0].name)
        # The keyboard starts in the list: a row has the focus.
        wait_for('the focus in a row of the list',
                 lambda: (lambda f: f is not None and f.getRoleName() in ('table row', 'table cell'))
                 (focused(table)))
        check(True, 'at start the focus is in a row of the list')
        count = find(window, 'label', '%d records' % n_organisations)
        check(count is not None, 'the header bar counts %d records' % n_organisations)

        # Sorting: the header's buttons are buttons.
        header = find(window, 'push button', 'Short name')
        check(header is not None, 'the column "Short name" is a button')
        before = [row.name for row in find_all(table, 'table row')]
        click(header)
        names = wait_for('the list sorted by name',
                         lambda: [row.name.split(', ')[0] for row in find_all(table, 'table row')]
                         if [row.name for row in find_all(table, 'table row')] != before
                         else None)
        check(names == sorted(names, key=natural_key),
              'sorted by short name: ' + ', '.join(names[:4]) + '…')

        # Searching filters the list as one types.
        search = find(window, 'push button', 'Search')
        click(search)
        entry = wait_for('the search entry',
                         lambda: find(window, 'text', 'Search in this list') or
                         find(window, 'entry', 'Search in this list'))
        type_into(entry, 'ГИМНАЗ')
        wait_for('the list filtered',
                 lambda: find(window, 'label', '%d records' % n_gymnasiums))
        shown = find_all(table, 'table row')
        check(0 < n_gymnasiums < 30 and len(shown) == n_gymnasiums and
              all('гимназ' in row.name.casefold() for row in shown),
              'the search leaves the %d gymnasiums' % n_gymnasiums)
        type_into(entry, '')
        click(search)

        # A form: the required fields are marked; Save on an empty form
        # saves nothing and says why under the first of them.
        click(find(window, 'push button', 'New Record'))
        editor = wait_for('the form', lambda: next((w for w in children(app)
                                                    if w.name == 'New: Organisation'), None))
        for name in ('Short name *', 'Full name *', 'Type *', 'Number', 'Notes'):
            check(find(editor, 'text', name) or find(editor, 'combo box', name),
                  'the form has an input named "%s"' % name)
        check(find(editor, 'text', 'Short name *').description == 'required field',
              'a required field is described as such')
        save = find(editor, 'push button', 'Save')
        check(save is not None and sensitive(save), 'Save is not greyed out in an empty form')
        click(save)
        # (Where the focus goes is test-window-forms.c's: here the form's
        # window may not be the active one.)
        wait_for('the sentence under the first required field',
                 lambda: find(editor, 'label', '“Short name” must be filled in.'))
        check(any(w.name == 'New: Organisation' for w in children(app)),
              'Save on an empty form says what is missing and keeps the form open')

        type_into(find(editor, 'text', 'Short name *'), 'Школа № 999')
        type_into(find(editor, 'text', 'Full name *'), 'ГБОУ средняя школа № 999')
        # The type, with the keyboard: to the combo, open it, take the next value.
        for _ in range(6):
            current = focused(editor)
            if current is not None and current.getRoleName() == 'combo box':
                break
            press('Tab')
        combo = focused(editor)
        check(combo.name == 'Type *', 'Tab reaches the type')
        press('Return')
        chooser = wait_for('the list of types to open',
                           lambda: (lambda f: f if f is not None and f != combo else None)
                           (focused(editor)))
        press('Down')
        wait_for('the next type', lambda: focused(editor) not in (None, chooser, combo))
        press('Return')
        # The combo row shows the value chosen as its last label.
        wait_for('the type chosen',
                 lambda: [label.name for label in find_all(combo, 'label')][-1]
                 not in (None, '', '(not chosen)'))
        click(save)
        wait_for('the form to close', lambda: all(w.name != 'New: Organisation'
                                                  for w in children(app)))
        wait_for('the count', lambda: find(window, 'label',
                                           '%d records' % (n_organisations + 1)))
        check(True, 'the list counts the new record')

    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    with sqlite3.connect(database) as db:
        saved = db.execute("SELECT full_name, type_id FROM organisation "
                           "WHERE short_name = 'Школа № 999'").fetchall()
    check(len(saved) == 1 and saved[0][0] == 'ГБОУ средняя школа № 999' and
          saved[0][1] is not None, 'the organisation is in the database with its type')

    # Names, in a window started again: to_section () goes from the
    # organisations' list, where a window starts with the focus (after the
    # form above, on GTK 4.18 thirty Tabs did not reach the sidebar).
    desktop = pyatspi.Registry.getDesktop(0)
    wait_for('the first window gone from the accessibility bus',
             lambda: all(a.name != 'annalist' for a in children(desktop)))
    process = subprocess.Popen([annalist, '--database=' + database], env=env)
    try:
        app, window = annalist_on_the_bus()
        # Every button says what it is for: GTK 4.8 reads one without a
        # name by its type («GtkToggleButton»), as it did the header's year.
        to_section(window, 'Events')
        # A push button named «Academic year» on GTK 4.8; GTK 4.18 makes
        # the dropdown a combo box, which GTK labels by the year chosen:
        # named too, and the year read as its value.
        year = wait_for('the header\'s year',
                        lambda: find(window, 'combo box', 'Academic year') or
                        find(window, 'combo box', '2022-2023') or
                        find(window, 'push button', 'Academic year'))
        check(year.name == 'Academic year' and
              (year.getRoleName() == 'combo box' or year.queryAction().nActions > 0),
              'the header\'s year is read as «%s» (%s)' % (year.name, year.getRoleName()))
        unnamed = [b.name for b in find_all(window, 'push button') if b.name.startswith('Gtk')]
        check(not unnamed, 'no button of the window is read by its type: %s' % unnamed)
        # Nor a label (the read-only banner's, empty and folded, was).
        unnamed = [l.name for l in find_all(window, 'label') if l.name.startswith('Gtk')]
        check(not unnamed, 'no label of the window is read by its type: %s' % unnamed)
        # Nor a widget of ours, an image or a stack's panel (the list page,
        # the export's folded bar, the columns' sort arrows and the pages
        # of the window's and the list's stacks were); the page and its
        # panel are named as the sidebar names it. (Inside the year's
        # dropdown, a stack of GTK's own.)
        unnamed = read_by_type(window)
        check(not unnamed, 'no widget of ours, image or panel is read by its type: %s' % unnamed)
        check(find(window, 'panel', 'Events') is not None, 'the page is named «Events»')
        # The keyboard shortcuts window, from the main menu, by its title.
        # Skipped on GTK 4.18 (by the toolkit's version: on both the year
        # is now a combo box): its main menu opens over AT-SPI and its items
        # act (test-atspi-dialogs, test-atspi-import find them by their
        # labels), but after «Keyboard Shortcuts», or Ctrl+?, no shortcuts
        # window comes on the accessibility bus, though the window shows
        # (the menu item, activated in the toolkit, maps it there too).
        if toolkit(window) >= (4, 10):
            print('# SKIP the shortcuts window\'s name: on GTK 4.18 it does not come on '
                  'the accessibility bus')
        else:
            menu = next(b for b in find_all(window, 'push button')
                        if b.name == 'Main Menu' and actionable(b))
            click(menu)
            click(wait_for('the main menu', lambda: find(app, 'menu item', 'Keyboard Shortcuts')))
            shortcuts = wait_for('the shortcuts window',
                                 lambda: next((w for w in children(app)
                                               if w.name in ('Keyboard Shortcuts', 'GtkShortcutsWindow')),
                                              None))
            check(shortcuts.name == 'Keyboard Shortcuts',
                  'the shortcuts window is named «Keyboard Shortcuts»: ' + shortcuts.name)
            # Its keys are read as keys, its search by what it is for
            # (GTK 4.8 named them by their types).
            keys = [f.name for f in find_all(shortcuts, 'filler')]
            check('Ctrl+N' in keys and 'Tab / Return' in keys,
                  'the shortcuts window reads its keys: %s' % keys[:4])
            unnamed = [a.name for role in ('filler', 'entry', 'text', 'push button', 'toggle button')
                       for a in find_all(shortcuts, role)
                       if a.name in ('GtkShortcutLabel', 'GtkSearchEntry', 'GtkImage', 'GtkToggleButton')]
            check(not unnamed, 'no key or search of the shortcuts window is read by its type: %s'
                  % unnamed)
            check(find(shortcuts, 'entry', 'Search shortcuts') or find(shortcuts, 'text', 'Search shortcuts'),
                  'the shortcuts window\'s search is named «Search shortcuts»')
            # The preferences window's search and page switcher likewise
            # (libadwaita 1.2 named them «GtkSearchEntry», «AdwViewSwitcher»).
            press('Escape')
            wait_for('the shortcuts window closed',
                     lambda: all(w.name != 'Keyboard Shortcuts' for w in children(app)) or None)
            click(menu)
            click(wait_for('the main menu', lambda: find(app, 'menu item', 'Preferences')))
            preferences = wait_for('the preferences',
                                   lambda: next((w for w in children(app) if w.name == 'Preferences'),
                                                None))
            check(find(preferences, 'entry', 'Search preferences') is not None and
                  find(preferences, 'push button', 'Search preferences') is not None,
                  'the preferences\' search and its button are named «Search preferences»')
            switchers = [a.name for a in find_all(preferences, 'page tab list')]
            check(switchers and all(name == 'Preference pages' for name in switchers),
                  'the preferences\' page switchers are named «Preference pages»: %s' % switchers)
            # Its rows are named once.
            said_once(preferences, 'the preferences')
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    print('1..%d' % checks)


if __name__ == '__main__':
    main()
