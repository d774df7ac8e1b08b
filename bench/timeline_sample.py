#!/usr/bin/python3
"""A random sample of resolved timeline dates on events-dev, for checking by hand (standard library only).

usage: timeline_sample.py DATA_DIR [--parallax build/parallax] [--n 50] [--seed 1] [--keep DIR]

DATA_DIR is ../shared/data. Converts events-dev (724 DUC 2003 / TAC 2011 articles, each with its
publication date from clustering/events-dev.tsv) to JSON Lines with bench/scale_corpus.py, runs
`parallax analyze --format json` on it, and draws N date expressions at random from all the stories'
timelines (one per cited article, resolved ones only). For each it prints the article id, its
publication date, the expression's byte span and words, the resolved date, and the sentence, so a
person can judge whether the date is right. docs/timeline.md records the judgements by id and span
(the articles' text stays out of the repository).
"""
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_corpus  # noqa: E402
from events_sample import Options  # noqa: E402


def main():
    o = Options(sys.argv[1:], __doc__)
    opt = o.get
    parallax = opt('--parallax', 'build/parallax')
    n = int(opt('--n', '50'))
    seed = int(opt('--seed', '1'))
    out = o.out_dir('parallax-timeline.')
    scale_corpus.events(o.data, out)
    report_path = os.path.join(out, 'events-dev.report.json')
    subprocess.run([parallax, 'analyze', os.path.join(out, 'events-dev.jsonl'), '-f', 'json', '-o', report_path],
                   check=False)
    report = json.load(open(report_path, encoding='utf-8'))
    articles = {a['id']: a for a in report['articles']}
    pool = []
    entries = 0
    for story in report['stories']:
        for t in story.get('timeline', []):
            entries += 1
            if t['date'] is None:
                continue
            for c, e in zip(t['citations'], t['expressions']):
                pool.append((t['date'], t['granularity'], t['modifier'], c, e))
    print(f'{len(report["stories"])} stories, {entries} timeline entries, {len(pool)} resolved expressions')
    rng = random.Random(seed)
    for i, (date, gran, mod, c, e) in enumerate(sorted(rng.sample(pool, min(n, len(pool))),
                                                       key=lambda x: (x[3]['article'], x[4]['span']))):
        a = articles[c['article']]
        text = a['text'].encode('utf-8')
        words = text[e['span'][0]:e['span'][1]].decode('utf-8', 'replace')
        sentence = text[c['span'][0]:c['span'][1]].decode('utf-8', 'replace')
        print(f'{i + 1}\t{a["id"]}\t{e["span"][0]}-{e["span"][1]}\tpublished {a["published"]}\t'
              f'"{words}" -> {date} ({gran}{", " + mod if mod else ""})\n\t{sentence}')


if __name__ == '__main__':
    main()
