#!/usr/bin/python3
"""A fixed random sample of the conflicts (and updates) Parallax reports on events-dev stories, for judging by hand
(standard library only).

usage: conflicts_sample.py DATA_DIR [--parallax build/parallax] [--n 40] [--seed 1] [--keep DIR] [--half tuning|validation|all]

DATA_DIR is ../shared/data. Converts events-dev (clustering/events-dev.tsv) to JSON Lines with bench/scale_corpus.py,
groups the articles by gold event, runs `parallax analyze --single-story --format json` on each event as one story,
and draws N entries at random (seeded) from all the stories' `conflicts`. Events are split into halves with the
project's split (src/core/split.h, by event id); --half picks the events sampled from (default all). For each entry
it prints the event, its kind (conflict or update), and each side's article, date, byte span and sentence, so a person
can judge whether the two sides really give different figures for the same quantity of the same event.
docs/conflicts.md records the judgements by article id and span (the articles' text stays out of the repository).
"""
import collections
import json
import os
import random
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


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith('-'):
        sys.exit(__doc__)
    data = args[0]
    opt = lambda name, default: args[args.index(name) + 1] if name in args else default
    parallax = opt('--parallax', 'build/parallax')
    n = int(opt('--n', '40'))
    seed = int(opt('--seed', '1'))
    half = opt('--half', 'all')
    out = opt('--keep', None) or tempfile.mkdtemp(prefix='parallax-conflicts.')
    os.makedirs(out, exist_ok=True)
    scale_corpus.events(data, out)
    events = collections.defaultdict(list)
    for line in open(os.path.join(out, 'events-dev.gold.tsv'), encoding='utf-8'):
        art, event = line.rstrip('\n').split('\t')
        events[event].append(art)
    by_id = {}
    for line in open(os.path.join(out, 'events-dev.jsonl'), encoding='utf-8'):
        a = json.loads(line)
        by_id[a['id']] = line
    pool = []
    counts = collections.Counter()
    for event in sorted(events):
        tuning = in_tuning_half(event)
        if (half == 'tuning' and not tuning) or (half == 'validation' and tuning):
            continue
        name = event.replace(':', '_')
        path = os.path.join(out, name + '.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            for art in events[event]:
                f.write(by_id[art])
        report_path = os.path.join(out, name + '.report.json')
        if not os.path.exists(report_path):
            subprocess.run([parallax, 'analyze', '--single-story', path, '-f', 'json', '-o', report_path],
                           check=False, stderr=subprocess.DEVNULL)
        report = json.load(open(report_path, encoding='utf-8'))
        articles = {a['id']: a for a in report['articles']}
        for story in report['stories']:
            for c in story.get('conflicts', []):
                kind = c.get('kind', 'conflict')
                counts[kind] += 1
                pool.append((event, 'tuning' if tuning else 'validation', kind, c, articles))
    print(f'{len(pool)} entries ({dict(counts)}) from {len(events)} events ({half})')
    rng = random.Random(seed)
    sample = rng.sample(pool, min(n, len(pool)))
    sample.sort(key=lambda x: (x[0], x[3]['sides'][0]['citations'][0]['article'], x[3]['sides'][0]['citations'][0]['span']))
    for i, (event, h, kind, c, articles) in enumerate(sample):
        print(f'{i + 1}\t{event} ({h})\t{kind}')
        for side in c['sides']:
            cit = side['citations'][0]
            a = articles[cit['article']]
            text = a['text'].encode('utf-8')
            sentence = text[cit['span'][0]:cit['span'][1]].decode('utf-8', 'replace')
            print(f'\t{cit["article"]}\t{cit["span"][0]}-{cit["span"][1]}\t{a.get("published")}\t'
                  f'{len(side["citations"])} cit.\n\t\t{sentence}')


if __name__ == '__main__':
    main()
