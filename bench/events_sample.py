#!/usr/bin/python3
"""What the hand-judged samples on events-dev share (standard library only): options, the project's
tuning/validation split, events-dev grouped by gold event and analysed one event per story, and the text of
a cited span. Used by fact_sample.py, conflicts_sample.py, timeline_sample.py and single_sample.py.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_corpus  # noqa: E402

MASK = (1 << 64) - 1


def in_tuning_half(key):
    """parallax::InTuningHalf (src/core/split.h): FNV-1a 64 of the bytes, splitmix64 finaliser, low bit 0."""
    h = 1469598103934665603
    for b in key.encode('utf-8'):
        h = ((h ^ b) * 1099511628211) & MASK
    h ^= h >> 30
    h = (h * 0xbf58476d1ce4e5b9) & MASK
    h ^= h >> 27
    h = (h * 0x94d049bb133111eb) & MASK
    h ^= h >> 31
    return (h & 1) == 0


class Options:
    """DATA_DIR first, then --name value options and --flag switches; exits with `doc` when DATA_DIR is missing."""

    def __init__(self, argv, doc):
        if not argv or argv[0].startswith('-'):
            sys.exit(doc)
        self.args = argv
        self.data = argv[0]

    def get(self, name, default=None):
        return self.args[self.args.index(name) + 1] if name in self.args else default

    def flag(self, name):
        return name in self.args

    def out_dir(self, prefix):
        """--keep DIR (analyses already there are reused), else a new temporary directory."""
        out = self.get('--keep') or tempfile.mkdtemp(prefix=prefix)
        os.makedirs(out, exist_ok=True)
        return out


def events_dev(data, out):
    """Writes events-dev as JSON Lines into `out` (bench/scale_corpus.py); returns {event: [JSON line, ...]}
    in the data's order, events sorted."""
    scale_corpus.events(data, out)
    gold = dict(l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'events-dev.gold.tsv'), encoding='utf-8'))
    by_event = collections.defaultdict(list)
    for line in open(os.path.join(out, 'events-dev.jsonl'), encoding='utf-8'):
        by_event[gold[json.loads(line)['id']]].append(line)
    return dict(sorted(by_event.items()))


def analyse_events(parallax, out, by_event, half='all'):
    """Runs `parallax analyze --single-story -f json` on each event's articles as one story (a report already
    in `out` is reused) and yields (event, report). `half`: all, tuning or validation (by event id)."""
    for event, lines in by_event.items():
        tuning = in_tuning_half(event)
        if (half == 'tuning' and not tuning) or (half == 'validation' and tuning):
            continue
        stem = os.path.join(out, event.replace(':', '_'))
        with open(stem + '.jsonl', 'w', encoding='utf-8') as f:
            f.writelines(lines)
        if not os.path.exists(stem + '.json'):
            r = subprocess.run([parallax, 'analyze', '--single-story', stem + '.jsonl', '-f', 'json', '-o',
                                stem + '.json'], capture_output=True, text=True)
            if r.returncode != 0 and not os.path.exists(stem + '.json'):
                print(f'{event}: analyze failed: {r.stderr.strip()}', file=sys.stderr)
                continue
        yield event, json.load(open(stem + '.json', encoding='utf-8'))


def span_text(article, span):
    """The text of a byte span of an article of a report, on one line."""
    text = article['text'].encode('utf-8')
    return text[span[0]:span[1]].decode('utf-8', 'replace').replace('\n', ' ').replace('\t', ' ')
