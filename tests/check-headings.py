#!/usr/bin/env python3
# check-headings.py TEMPLATES_DIR
#
# Writer breaks a word that does not fit its table column anywhere, with
# no hyphen: «Ответстве» over «нные». A column heading of a built-in
# template is printed as the template has it, so every word of it must fit
# its column in the template's font. Table Heading does not hyphenate; a
# heading style that does (Annalist Table Heading Narrow, the status
# matrix's narrow columns) is left to the office suite's hyphenation.
#
# Words are measured with the advance widths of Times New Roman (the
# templates' font) as its metric twins have them (URW's Nimbus Roman,
# the same widths by design): no font is needed to run this. A word may
# also break after a hyphen («Функционально-организационная»).
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

NS = {
    'office': 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
    'style': 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
    'text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
    'table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
    'fo': 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
}


def q(name):
    prefix, local = name.split(':')
    return '{%s}%s' % (NS[prefix], local)


# Advance widths in thousandths of the font size.
CHARS = '!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁё«»–—№'
REGULAR = dict(zip(CHARS, (
    333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564,
    444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278,
    333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444,
    480, 200, 480, 541, 722, 574, 667, 578, 682, 611, 896, 501, 722, 722, 667,
    678, 889, 722, 722, 722, 556, 667, 611, 708, 790, 722, 722, 650, 1009,
    1009, 706, 872, 574, 660, 1028, 667, 444, 509, 472, 410, 509, 444, 691,
    395, 535, 535, 486, 499, 633, 535, 500, 535, 500, 444, 437, 500, 648, 500,
    535, 503, 770, 770, 517, 672, 456, 429, 747, 460, 611, 444, 500, 500, 500,
    1000, 954,
)))
BOLD = dict(zip(CHARS, (
    333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570,
    500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
    722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278,
    333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
    278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444,
    394, 220, 394, 520, 722, 661, 667, 636, 688, 667, 989, 528, 778, 778, 725,
    745, 944, 778, 778, 778, 611, 722, 667, 734, 859, 722, 778, 734, 1098,
    1098, 765, 982, 661, 678, 1126, 722, 500, 500, 540, 454, 506, 444, 725,
    402, 576, 576, 576, 561, 681, 576, 500, 576, 556, 444, 491, 500, 692, 500,
    576, 564, 844, 844, 583, 781, 529, 432, 764, 541, 667, 444, 500, 500, 500,
    1000, 1005,
)))
# A character not listed counts as the widest letter.
WIDEST = max(max(REGULAR.values()), max(BOLD.values()))
CM_PER = {'cm': 1.0, 'mm': 0.1, 'in': 2.54, 'pt': 2.54 / 72}


def length_cm(value):
    match = re.fullmatch(r'(-?[\d.]+)(cm|mm|in|pt)', value or '')
    return float(match.group(1)) * CM_PER[match.group(2)] if match else None


def border_cm(value):
    # «0.5pt solid #000000»: its width; «none»: nothing.
    if not value or value == 'none':
        return 0.0
    return length_cm(value.split()[0]) or 0.0


class Styles:
    def __init__(self, root):
        self.by_name = {}
        for style in root.iter(q('style:style')):
            key = (style.get(q('style:family')), style.get(q('style:name')))
            self.by_name[key] = style
        self.default_size = 12.0
        for default in root.iter(q('style:default-style')):
            if default.get(q('style:family')) == 'paragraph':
                props = default.find(q('style:text-properties'))
                if props is not None and props.get(q('fo:font-size')):
                    self.default_size = length_cm(props.get(q('fo:font-size'))) / CM_PER['pt']

    def chain(self, family, name):
        seen = set()
        while name and (family, name) not in seen:
            seen.add((family, name))
            style = self.by_name.get((family, name))
            if style is None:
                return
            yield style
            name = style.get(q('style:parent-style-name'))

    def text_property(self, name, attribute):
        for style in self.chain('paragraph', name):
            props = style.find(q('style:text-properties'))
            if props is not None and props.get(q(attribute)) is not None:
                return props.get(q(attribute))
        return None

    def column_width(self, name):
        for style in self.chain('table-column', name):
            props = style.find(q('style:table-column-properties'))
            if props is not None and props.get(q('style:column-width')):
                return length_cm(props.get(q('style:column-width')))
        return None

    def cell_insets(self, name):
        """What a cell's padding and borders take from its width, in cm."""
        for style in self.chain('table-cell', name):
            props = style.find(q('style:table-cell-properties'))
            if props is None:
                continue
            padding = length_cm(props.get(q('fo:padding'))) or 0.0
            left = length_cm(props.get(q('fo:padding-left')))
            right = length_cm(props.get(q('fo:padding-right')))
            border = props.get(q('fo:border'))
            borders = (border_cm(props.get(q('fo:border-left')) or border) +
                       border_cm(props.get(q('fo:border-right')) or border))
            return (padding if left is None else left) + (padding if right is None else right) + borders
        return 0.0


def paragraph_text(paragraph):
    parts = [paragraph.text or '']
    for child in paragraph:
        if child.tag == q('text:s'):
            parts.append(' ' * int(child.get(q('text:c'), '1')))
        elif child.tag in (q('text:line-break'), q('text:tab')):
            parts.append(' ')
        else:
            parts.append(paragraph_text(child))
        parts.append(child.tail or '')
    return ''.join(parts)


def words(text):
    text = re.sub(r'{{.*?}}', ' ', text)
    for word in text.split():
        # Writer may break after a hyphen: each piece must fit alone.
        yield from (piece for piece in re.findall(r'[^-]+-?|-', word))


def width_cm(word, bold, size_pt):
    metrics = BOLD if bold else REGULAR
    return sum(metrics.get(c, WIDEST) for c in word) / 1000 * size_pt * CM_PER['pt']


def check(path):
    root = ET.parse(path).getroot()
    styles = Styles(root)
    problems = []
    for table in root.iter(q('table:table')):
        columns = []
        for column in table.findall(q('table:table-column')) + \
                [c for group in table.findall(q('table:table-columns')) for c in group]:
            repeat = int(column.get(q('table:number-columns-repeated'), '1'))
            columns += [styles.column_width(column.get(q('table:style-name')))] * repeat
        for row in table.iter(q('table:table-row')):
            index = 0
            for cell in row:
                if cell.tag not in (q('table:table-cell'), q('table:covered-table-cell')):
                    continue
                span = int(cell.get(q('table:number-columns-spanned'), '1'))
                widths = columns[index:index + span]
                index += 1
                if cell.tag != q('table:table-cell') or len(widths) < span or None in widths:
                    continue
                room = sum(widths) - styles.cell_insets(cell.get(q('table:style-name')))
                for paragraph in cell.findall(q('text:p')) + cell.findall(q('text:h')):
                    style = paragraph.get(q('text:style-name'))
                    names = [s.get(q('style:name')) for s in styles.chain('paragraph', style)]
                    if 'Table_20_Heading' not in names:
                        continue
                    if styles.text_property(style, 'fo:hyphenate') == 'true':
                        continue
                    bold = styles.text_property(style, 'fo:font-weight') in ('bold', '700', '800', '900')
                    size = styles.text_property(style, 'fo:font-size')
                    size_pt = length_cm(size) / CM_PER['pt'] if size else styles.default_size
                    for word in words(paragraph_text(paragraph)):
                        needed = width_cm(word, bold, size_pt)
                        if needed > room:
                            problems.append(
                                f'{path.name}: table «{table.get(q("table:name"))}», column {index}: '
                                f'the heading word «{word}» is {needed:.2f} cm wide in Times New Roman '
                                f'{size_pt:g} pt, but the column leaves {room:.2f} cm: Writer would '
                                f'break it without a hyphen. Widen the column or shorten the heading.')
    return problems


templates = sorted(pathlib.Path(sys.argv[1]).glob('*.fodt'))
if not templates:
    sys.exit(f'no templates in {sys.argv[1]}')
problems = [problem for path in templates for problem in check(path)]
for problem in problems:
    print(problem)
print(f'{len(templates)} templates checked, {len(problems)} headings too wide')
sys.exit(1 if problems else 0)
