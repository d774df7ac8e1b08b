#!/usr/bin/python3
"""B-cubed precision, recall and F1 of a clustering against gold events (standard library only).

usage: bcubed.py GOLD.tsv PRED [--json]

GOLD.tsv: `id <TAB> event` per line (bench/scale_corpus.py writes events-dev.gold.tsv).
PRED: the peers' `{"id", "cluster"}` JSON Lines, or a `parallax analyze -f json` report (stories[].articles).
Gold articles missing from PRED (e.g. rejected inputs) count as singletons; ids not in GOLD are ignored.
B-cubed as in src/eval/clustering_metrics: per-article precision and recall, averaged over articles.
"""
import json
import sys


def load_pred(path):
    with open(path, encoding='utf-8') as f:
        head = f.read(1)
        f.seek(0)
        if head == '{':
            first = f.readline()
            try:
                obj = json.loads(first)
            except json.JSONDecodeError:
                obj = None
            if obj is not None and 'cluster' in obj:  # peers' JSON Lines
                pred = {obj['id']: str(obj['cluster'])}
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        pred[r['id']] = str(r['cluster'])
                return pred
            f.seek(0)
        report = json.load(f)
    pred = {}
    for k, story in enumerate(report['stories']):
        for aid in story['articles']:
            pred[aid] = f'story{k}'
    return pred


def bcubed(gold, pred):
    ids = list(gold)
    pred = {i: pred.get(i, f'missing:{i}') for i in ids}
    by_gold, by_pred, both = {}, {}, {}
    for i in ids:
        by_gold[gold[i]] = by_gold.get(gold[i], 0) + 1
        by_pred[pred[i]] = by_pred.get(pred[i], 0) + 1
        both[(gold[i], pred[i])] = both.get((gold[i], pred[i]), 0) + 1
    p = sum(both[(gold[i], pred[i])] / by_pred[pred[i]] for i in ids) / len(ids)
    r = sum(both[(gold[i], pred[i])] / by_gold[gold[i]] for i in ids) / len(ids)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {'articles': len(ids), 'gold_events': len(by_gold), 'clusters': len(by_pred), 'b3_precision': round(p, 4),
            'b3_recall': round(r, 4), 'b3_f1': round(f1, 4),
            'missing': sum(1 for i in ids if pred[i].startswith('missing:'))}


def main():
    a = sys.argv[1:]
    if len(a) < 2:
        sys.exit(__doc__)
    gold = {}
    for line in open(a[0], encoding='utf-8'):
        if line.strip():
            i, e = line.rstrip('\n').split('\t')[:2]
            gold[i] = e
    print(json.dumps(bcubed(gold, load_pred(a[1]))))


if __name__ == '__main__':
    main()
