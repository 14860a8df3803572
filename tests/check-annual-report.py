#!/usr/bin/env python3
"""The annual report of the sample district, from its template, against the
report the program wrote before documents became templates.

tests/golden/annual-report-2022-2023.txt is the text structure of that
earlier export (one line a heading, paragraph or table row, as
odt_structure() below reads it). The report written now from
data/templates/annual-report.fodt must have the same headings in the same
order, the same tables with the same rows and cells, and the same
paragraphs: only the places of the user's own texts may differ, since the
template puts them where reference 002 has them (before their tables).

  check-annual-report.py ANNALIST GOLDEN
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

NS = {
    'text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
    'table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
    'office': 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
    'draw': 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
}
T = '{%s}' % NS['text']
TB = '{%s}' % NS['table']
DRAW = '{%s}' % NS['draw']


def text_of(el):
    out = []

    def walk(e):
        if e.tag == T + 's':
            out.append(' ' * int(e.get(T + 'c', '1')))
        elif e.tag == T + 'tab':
            out.append('\t')
        elif e.tag == T + 'line-break':
            out.append('\n')
        elif e.tag in (T + 'note', T + 'bookmark', T + 'soft-page-break') or e.tag.startswith(DRAW):
            pass
        else:
            if e.text:
                out.append(e.text)
            for c in e:
                walk(c)
                if c.tail:
                    out.append(c.tail)
    walk(el)
    s = ''.join(out).replace('\u00ad', '')
    s = re.sub(r'[ \t]+', ' ', s)
    return ' / '.join(x.strip() for x in s.split('\n') if x.strip())


def walk_body(el, lines):
    for c in el:
        if c.tag == T + 'h':
            lines.append('H%s\t%s' % (c.get(T + 'outline-level', '1'), text_of(c)))
        elif c.tag == T + 'p':
            t = text_of(c)
            if t:
                lines.append('P\t' + t)
        elif c.tag == TB + 'table':
            lines.append('T')
            for row in c.iter(TB + 'table-row'):
                cells = []
                for cell in row:
                    if cell.tag == TB + 'table-cell':
                        cells.append(' / '.join(filter(None, (text_of(p) for p in cell.iter() if p.tag in (T + 'p', T + 'h')))))
                lines.append('R\t' + '\t'.join(cells))
        elif c.tag == T + 'table-of-content':
            lines.append('TOC')
        else:
            walk_body(c, lines)


STYLE = 'urn:oasis:names:tc:opendocument:xmlns:style:1.0'
DEFINERS = {'style', 'default-style', 'page-layout', 'master-page', 'list-style', 'outline-style',
            'number-style', 'date-style', 'time-style', 'percentage-style', 'currency-style',
            'boolean-style', 'text-style'}


def odt_roots(path):
    if path.endswith('.odt'):
        with zipfile.ZipFile(path) as z:
            return [ET.fromstring(z.read(part)) for part in ('styles.xml', 'content.xml')]
    return [ET.parse(path).getroot()]


def undefined_styles(path):
    """Style names the document uses and does not define: a cell style lost
    on the way leaves its tables without borders, which no text shows."""
    defined, used = set(), {}
    for root in odt_roots(path):
        for e in root.iter():
            local = e.tag.rsplit('}', 1)[-1]
            if local in DEFINERS and e.get('{%s}name' % STYLE) is not None:
                defined.add(e.get('{%s}name' % STYLE))
            for attribute, value in e.attrib.items():
                name = attribute.rsplit('}', 1)[-1]
                # Writer's index keeps a template for every level, naming
                # styles it defines only when used.
                if local.endswith('entry-template') or local.startswith('index-entry'):
                    continue
                if name.endswith('style-name') or name in ('page-layout-name', 'master-page-name'):
                    if value:
                        used.setdefault(value, '%s@%s' % (local, name))
    return sorted('%s (%s)' % (v, where) for v, where in used.items() if v not in defined)


def odt_structure(path):
    """The body's lines, then those of the page footers (the title page's
    city and year stand in its footer, at the foot of the page whatever
    the length of the names above them)."""
    lines = []
    roots = odt_roots(path)
    walk_body(roots[-1].find('office:body/office:text', NS), lines)
    for root in roots:
        for footer in root.iter('{%s}footer' % STYLE):
            walk_body(footer, lines)
    return lines


def fail(message):
    print('not ok - ' + message)
    sys.exit(1)


def writer_copy(tmp):
    """The built-in template as LibreOffice Writer saves it again (its own
    spans, styles and rsids), or None without LibreOffice."""
    soffice = shutil.which('soffice')
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'templates', 'annual-report.fodt')
    if soffice is None:
        print('# LibreOffice is not installed: the template as Writer saves it is not tried')
        return None
    profile = 'file://' + os.path.join(tmp, 'lo-profile')
    subprocess.run([soffice, '--headless', '-env:UserInstallation=' + profile, '--convert-to', 'odt',
                    '--outdir', tmp, source], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=180)
    copy = os.path.join(tmp, 'annual-report.odt')
    if not os.path.exists(copy):
        fail('LibreOffice did not convert the built-in template')
    return copy


def main(annalist, golden):
    before = open(golden, encoding='utf-8').read().rstrip('\n').split('\n')
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'sample.db')
        subprocess.run([annalist, '--database=' + db, '--init-sample'], check=True)
        runs = [('odt', ['--export-report=2022-2023']), ('fodt', ['--export-report=2022-2023'])]
        copy = writer_copy(tmp)
        if copy is not None:
            runs.append(('odt from the template saved by Writer', ['--export=' + copy, '--year=2022-2023']))
        for label, args in runs:
            extension = label.split(' ')[0]
            out = os.path.join(tmp, 'report.' + extension)
            subprocess.run([annalist, '--database=' + db] + args + ['--output=' + out], check=True)
            now = odt_structure(out)
            missing = undefined_styles(out)
            if missing:
                fail('%s: styles used and not defined: %s' % (label, ', '.join(missing[:5])))
            extension = label

            def kinds(lines, kind):
                return [l for l in lines if l.split('\t', 1)[0] == kind or (kind == 'R' and l == 'T')]

            # Headings, in order.
            h_before = [l for l in before if l.startswith('H')]
            h_now = [l for l in now if l.startswith('H')]
            if h_before != h_now:
                fail('%s: the headings differ: %s' % (extension, [x for x in zip(h_before, h_now) if x[0] != x[1]][:3]))
            # Tables, in order, row by row.
            t_before = [l for l in before if l == 'T' or l.startswith('R\t')]
            t_now = [l for l in now if l == 'T' or l.startswith('R\t')]
            if t_before != t_now:
                diff = [x for x in zip(t_before, t_now) if x[0] != x[1]][:3]
                fail('%s: the tables differ (%d and %d rows): %s' % (extension, len(t_before), len(t_now), diff))
            # The same paragraphs, the same number of times.
            p_before = collections.Counter(l for l in before if l.startswith('P\t'))
            p_now = collections.Counter(l for l in now if l.startswith('P\t'))
            if p_before != p_now:
                fail('%s: paragraphs missing %s, new %s' % (extension, list((p_before - p_now).elements())[:3],
                                                              list((p_now - p_before).elements())[:3]))
            # The user's words stand before the table they speak of.
            intro = next(i for i, l in enumerate(now) if 'В таблице представлены основные рассматриваемые вопросы' in l)
            caption = next(i for i, l in enumerate(now) if l.startswith('P\tТаблица 3 – Основные вопросы'))
            if not intro < caption:
                fail('%s: the narrative of 3.1.1 comes after its table' % extension)
            print('ok - %s: %d headings, %d table rows, %d paragraphs as before' %
                  (extension, len(h_now), len(t_now), sum(p_now.values())))


main(*sys.argv[1:])
