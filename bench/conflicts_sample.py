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
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from events_sample import Options, analyse_events, events_dev, in_tuning_half  # noqa: E402


def main():
    o = Options(sys.argv[1:], __doc__)
    opt = o.get
    parallax = opt('--parallax', 'build/parallax')
    n = int(opt('--n', '40'))
    seed = int(opt('--seed', '1'))
    half = opt('--half', 'all')
    out = o.out_dir('parallax-conflicts.')
    events = events_dev(o.data, out)
    pool = []
    counts = collections.Counter()
    for event, report in analyse_events(parallax, out, events, half):
        tuning = in_tuning_half(event)
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
