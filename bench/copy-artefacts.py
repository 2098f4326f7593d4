#!/usr/bin/env python3
"""How the category of a paste holds up when copying changes its text.

Every read case of the real corpus and every routing probe is changed the way a copy
path changes text (a console cutting rows at its width, a pipeline stamping each line,
an email's HTML source, an input method's full-width digits, ...) and classified again
with `flowtriage diagnose`. For each artefact it prints how many texts changed
category, how many of those had been right and how many became right.

    bench/copy-artefacts.py                      # every artefact, target/release/flowtriage
    bench/copy-artefacts.py --show cut-80        # also list the texts that changed
    FT=path/to/flowtriage bench/copy-artefacts.py stamped

The never-read splits (tests/routing.rs, NEVER_READ) are left out, so that their texts
and results stay unread. Needs Python 3.11 (tomllib). Deterministic: the typos are
drawn with each text's checksum as the seed.
"""
import glob
import json
import os
import random
import re
import subprocess
import sys
import textwrap
import tomllib
import zlib
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
FT = os.environ.get('FT', os.path.join(ROOT, 'target', 'release', 'flowtriage'))


def never_read():
    source = open(os.path.join(ROOT, 'tests', 'routing.rs'), encoding='utf-8').read()
    block = re.search(r'const NEVER_READ: \[&str; \d+\] = \[(.*?)\];', source, re.S)
    if not block:
        sys.exit('tests/routing.rs has no NEVER_READ list: refusing to read every split')
    return set(re.findall(r'"([^"]+)"', block.group(1)))


def texts():
    skip = never_read()
    items = []
    labels = tomllib.load(open(os.path.join(ROOT, 'tests/corpus/real/labels.toml'), 'rb'))
    for case in labels['case']:
        if case['split'] in skip:
            continue
        path = os.path.join(ROOT, 'tests/corpus/real', case['file'])
        items.append((case['file'], open(path, encoding='utf-8').read(), case['category']))
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests/fixtures/routing_probes*.toml'))):
        for i, probe in enumerate(tomllib.load(open(path, 'rb'))['probe']):
            items.append((f'{os.path.basename(path)}#{i}', probe['text'], probe['category']))
    return items


def cut_rows(text, width):
    rows = []
    for line in text.split('\n'):
        while len(line) > width:
            rows.append(line[:width])
            line = line[width:]
        rows.append(line)
    return '\n'.join(rows)


def wrap_at_spaces(text, width):
    return '\n'.join(
        '\n'.join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        if line.strip() else line
        for line in text.split('\n'))


def each_line(text, f):
    return '\n'.join(f(i, line) for i, line in enumerate(text.split('\n')))


def smart_quotes(text):
    text = re.sub(r"(?<=\w)'(?=\w)", '\u2019', text)
    text = re.sub(r"'(?=\w)", '\u2018', text).replace("'", '\u2019')
    return re.sub(r'"(?=\w)', '\u201c', text).replace('"', '\u201d')


def swapped_letters(text, rate):
    rng = random.Random(zlib.crc32(text.encode()))

    def swap(m):
        w = m.group(0)
        if len(w) >= 5 and rng.random() < rate:
            i = rng.randrange(1, len(w) - 2)
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return w
    return re.sub(r'[A-Za-z]+', swap, text)


ARTEFACTS = {
    'smart-quotes': smart_quotes,
    'nbsp': lambda t: t.replace(' ', '\u00a0'),
    'zero-width': lambda t: re.sub(r'(?<=\w)(?=\w{6})', '\u200b', t, count=20),
    'tabs': lambda t: t.replace('    ', '\t'),
    'trailing-pad': lambda t: '\r\n'.join(line.ljust(120) for line in t.split('\n')),
    'code-fence': lambda t: '```\n' + t + '\n```',
    'full-width-digits': lambda t: t.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)}),
    'html-br': lambda t: t.replace('\n', '<br>\n'),
    'html-div': lambda t: each_line(t, lambda i, line: f'<div>{line}</div>'),
    'wrap-50': lambda t: wrap_at_spaces(t, 50),
    'cut-80': lambda t: cut_rows(t, 80),
    'cut-120': lambda t: cut_rows(t, 120),
    'stamped': lambda t: each_line(t, lambda i, line: f'2026-11-30T10:01:{i % 60:02d}.1234567Z {line}'),
    'stamped-level': lambda t: each_line(t, lambda i, line: f'2026-11-30 10:{i % 60:02d}:00 INFO {line}'),
    'quotes-dropped': lambda t: re.sub(r"(?<![A-Za-z])'|'(?![A-Za-z])", '', t).replace('"', ''),
    'upper-case': str.upper,
    'lower-case': str.lower,
    'bullets': lambda t: each_line(t, lambda i, line: '- ' + line if line.strip() else line),
    'line-numbers': lambda t: each_line(t, lambda i, line: f'{i + 1:4d}  {line}'),
    'typos-3pct': lambda t: swapped_letters(t, 0.03),
}


def category(text):
    out = subprocess.run([FT, 'diagnose', '-', '--format', 'json'],
                         input=text.encode(), capture_output=True)
    try:
        return json.loads(out.stdout)['classification']['category']
    except (ValueError, KeyError):
        return 'ERROR'


def main(argv):
    show = '--show' in argv
    names = [a for a in argv if a != '--show'] or list(ARTEFACTS)
    unknown = [n for n in names if n not in ARTEFACTS]
    if unknown:
        sys.exit(f'no artefact {", ".join(unknown)}; artefacts: {", ".join(ARTEFACTS)}')
    items = texts()
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        as_pasted = list(pool.map(lambda item: category(item[1]), items))
        print(f'{len(items)} texts (read corpus cases and probes), {FT}')
        for name in names:
            changed = list(pool.map(lambda item: category(ARTEFACTS[name](item[1])), items))
            moved = [(items[i], as_pasted[i], changed[i])
                     for i in range(len(items)) if changed[i] != as_pasted[i]]
            lost = sum(1 for (_, _, label), was, _ in moved if was == label)
            gained = sum(1 for (_, _, label), _, now in moved if now == label)
            print(f'{name:18} changed {len(moved):4}  of them right before {lost:4}  right after {gained:4}',
                  flush=True)
            if show:
                for (name_, _, label), was, now in moved:
                    print(f'    {name_}: {was} -> {now} (label {label})')


if __name__ == '__main__':
    main(sys.argv[1:])
