#!/usr/bin/python3
"""A fixed random sample of the conflicts (and updates) Parallax reports on news clusters, for judging by hand
(standard library only).

usage: conflicts_sample.py DATA_DIR [--set events|allsides|multinews|clusters] [--parallax build/parallax]
                           [--n 40] [--seed 1] [--keep DIR] [--half tuning|validation|all] [--judged FILE] [--all]

DATA_DIR is ../shared/data. The clusters, each analysed as one story with `parallax analyze --single-story
--format json`:
  events     events-dev (clustering/events-dev.tsv) grouped by gold event (DUC 2003 / TAC 2011 topics; few
             conflicts arise there: long-running topics from two or three wires);
  allsides   the AllSides headline roundups (summarization/allsides-roundups/raw_crawled): one story per
             roundup, the left, center and right outlets' articles on the same day;
  probe      the AllSides roundups of the NAACL 2022 probe set, val and test splits (summarization/allsides-roundups/
             naacl2022_lrc_roundup_random_order_probe): one story per line, three outlets' lead excerpts;
  multinews  the Multi-News sample (summarization/multinews-sample100): one story per cluster, its source
             articles (no outlet names or dates in the data: each article counts as its own outlet);
  clusters   allsides, probe and multinews together (the default: where several outlets report the same event on
             the same days, and conflicts arise).
Clusters are split into halves with the project's split (src/core/split.h, by cluster id); --half picks the
clusters sampled from (default all).

The sample is drawn by a stable key (a hash of the seed and both sides' first citations, article id and byte
span): the N entries with the smallest keys. An entry that survives a change keeps its key and its place, so
after a change only the entries new to the sample need judging. For each it prints the index, key, cluster,
half, kind (conflict or update), the figures compared, and each side's article, date, byte span and sentence,
with the verdict already given in --judged FILE (default docs/conflict-judgements.tsv: key <TAB> right|wrong
<TAB> reason, ids only, no article text). The first lines give the counts and the precision over the judged
part of the sample, per half. --all prints every entry. docs/conflicts.md records the judgements.
"""
import collections
import csv
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_corpus  # noqa: E402
from events_sample import Options, analyse_events, events_dev, in_tuning_half, span_text  # noqa: E402


def allsides(data, out):
    """{cluster: [JSON line, ...]}: one cluster per AllSides roundup (its left/center/right articles)."""
    by = collections.defaultdict(list)
    for art in scale_corpus.summarization(data):
        if art['id'].startswith('allsides-'):
            by['allsides-' + art['id'].split('-')[1]].append(json.dumps(art, ensure_ascii=False) + '\n')
    return dict(sorted(by.items()))


def multinews(data, out):
    """{cluster: [JSON line, ...]}: one cluster per Multi-News sample row, one article per source document."""
    path = os.path.join(data, 'summarization/multinews-sample100/results/sample/sample_100_seed42.tsv')
    csv.field_size_limit(1 << 30)
    by = {}
    with open(path, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            docs = [scale_corpus.paragraphs(d) for d in row['document'].split('|||||')]
            cluster = f'multinews-{row["row_id"]}'
            lines = []
            for k, text in enumerate(docs):
                if text:
                    art = {'id': f'{cluster}-{k}', 'source': '', 'url': '', 'title': '', 'published': '',
                           'text': text}
                    lines.append(json.dumps(art, ensure_ascii=False) + '\n')
            if len(lines) >= 2:
                by[cluster] = lines
    return dict(sorted(by.items()))


def probe(data, out):
    """{cluster: [JSON line, ...]}: one cluster per line of the probe set's val and test sources (three articles
    joined by ' [SEP] ', each 'TITLE=> ... ARTICLE=> ...'; no outlet names or dates)."""
    by = {}
    root = os.path.join(data, 'summarization/allsides-roundups/naacl2022_lrc_roundup_random_order_probe')
    for split in ('val', 'test'):
        for i, line in enumerate(open(os.path.join(root, split + '.source'), encoding='utf-8')):
            cluster = f'probe-{split}-{i}'
            lines = []
            for k, part in enumerate(line.split(' [SEP] ')):
                title, _, body = part.partition('ARTICLE=>')
                title = scale_corpus.collapse(title.replace('TITLE=>', ''))
                body = scale_corpus.collapse(body)
                if body:
                    art = {'id': f'{cluster}-{k}', 'source': '', 'url': '', 'title': title, 'published': '',
                           'text': body}
                    lines.append(json.dumps(art, ensure_ascii=False) + '\n')
            if len(lines) >= 2:
                by[cluster] = lines
    return by


def clusters(data, out, which):
    if which == 'events':
        return events_dev(data, out)
    got = {}
    if which in ('allsides', 'clusters'):
        got.update(allsides(data, out))
    if which in ('probe', 'clusters'):
        got.update(probe(data, out))
    if which in ('multinews', 'clusters'):
        got.update(multinews(data, out))
    return got


def key_of(seed, c):
    a, b = c['sides'][0]['citations'][0], c['sides'][1]['citations'][0]
    s = f'{seed}|{a["article"]}|{a["span"][0]}-{a["span"][1]}|{b["article"]}|{b["span"][0]}-{b["span"][1]}'
    return hashlib.sha1(s.encode('utf-8')).hexdigest()[:12]


def main():
    o = Options(sys.argv[1:], __doc__)
    opt = o.get
    parallax = opt('--parallax', 'build/parallax')
    n = int(opt('--n', '40'))
    seed = int(opt('--seed', '1'))
    half = opt('--half', 'all')
    which = opt('--set', 'clusters')
    judged_path = opt('--judged', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'docs',
                                                'conflict-judgements.tsv'))
    out = o.out_dir('parallax-conflicts.')
    by = clusters(o.data, out, which)
    judged = {}
    if os.path.exists(judged_path):
        for line in open(judged_path, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                k, v = line.rstrip('\n').split('\t')[:2]
                judged[k] = v
    pool = []
    counts = collections.Counter()
    for cluster, report in analyse_events(parallax, out, by, half):
        articles = {a['id']: a for a in report['articles']}
        for story in report['stories']:
            for c in story.get('conflicts', []):
                kind = c.get('kind', 'conflict')
                counts[kind] += 1
                pool.append((key_of(seed, c), cluster, kind, c, articles))
    pool.sort(key=lambda x: x[0])
    sample = pool if o.flag('--all') else pool[:n]
    print(f'{len(pool)} entries ({dict(sorted(counts.items()))}) from {len(by)} clusters ({which}, {half})')
    verdicts = collections.Counter(judged.get(k, '?') for k, *_ in sample)
    done = sum(v for k, v in verdicts.items() if k != '?')
    print(f'sample {len(sample)}: ' + ', '.join(f'{k} {v}' for k, v in sorted(verdicts.items())) +
          (f'; precision {verdicts["right"] / done:.3f} ({verdicts["right"]}/{done} judged)' if done else ''))
    for h, name in ((True, 'tuning'), (False, 'validation')):
        part = [judged.get(k, '?') for k, cluster, *_ in sample if in_tuning_half(cluster) == h]
        done = sum(v != '?' for v in part)
        print(f'{name} half: sample {len(part)}, right {part.count("right")}' +
              (f', precision {part.count("right") / done:.3f} ({done} judged)' if done else ''))
    for i, (k, cluster, kind, c, articles) in enumerate(sample):
        h = 'tuning' if in_tuning_half(cluster) else 'validation'
        print(f'\n{i + 1}\t{k}\t{cluster} ({h})\t{kind} of {c.get("quantity", "?")}\t[{judged.get(k, "?")}]')
        for side in c['sides']:
            cit = side['citations'][0]
            a = articles[cit['article']]
            print(f'  {cit["article"]} ({a.get("source") or "-"}, {a.get("published") or "undated"}) '
                  f'{cit["span"][0]}-{cit["span"][1]}, {len(side["citations"])} cit.: {span_text(a, cit["span"])}')


if __name__ == '__main__':
    main()
