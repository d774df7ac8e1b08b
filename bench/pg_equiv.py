#!/usr/bin/python3
"""Issue 22's equivalence check at bench scale: 4 workers against 1 on one shuffled corpus.

usage: pg_equiv.py CORPUS.jsonl [--parallax build/parallax] [--articles 10000] [--chunk 250]
                   [--workers 4] [--seed 22] [--work DIR]

The first --articles lines of CORPUS (Parallax JSON Lines, e.g. bench/scale_corpus.py's
scale-10000.jsonl) are shuffled with --seed and cut into files of --chunk articles. A throw-away
PostgreSQL server (scripts/pg_scratch.sh, Unix socket only) holds two fresh databases; each gets the
same files as queue jobs (`parallax ingest --db URI --queue equiv FILES`), then one database is drained
by 1 `parallax worker --threads 1`, the other by --workers of them at once. Both are exported
(`parallax export`) and compared:
  articles    the sets of stored article ids (must be equal)
  duplicates  the duplicate groups, each a canonical article with its copies, unordered (must be equal)
  bcubed      B-cubed precision, recall and F1 of the many-worker stories against the one-worker
              stories (over the articles the one-worker stories list; per-article averages, as
              tests/pg_worker_test.cc and src/eval do)
Prints one JSON object; exit 1 when the articles or duplicates differ or F1 < 0.99 (the issue's bar).
Standard library only.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bcubed(gold, pred):
    """gold, pred: {article: cluster}; over the articles of gold."""
    def members(assign):
        out = {}
        for a, c in assign.items():
            out.setdefault(c, set()).add(a)
        return out
    g, p = members(gold), members(pred)
    prec = rec = 0.0
    for a in gold:
        ga = g[gold[a]]
        pa = p[pred[a]] if a in pred else {a}
        common = len(ga & pa)
        prec += common / len(pa)
        rec += common / len(ga)
    n = len(gold)
    prec, rec = prec / n, rec / n
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def summarise(export):
    ids = sorted(a['id'] for a in export['articles'])
    groups = {}
    for a in export['articles']:
        if a.get('duplicate_of'):
            groups.setdefault(a['duplicate_of'], {a['duplicate_of']}).add(a['id'])
    # A group is its canonical article with its copies, unordered: which copy arrives first (and stays
    # canonical) depends on the order the workers took the jobs in.
    dups = sorted(sorted(g) for g in groups.values())
    story = {}
    for s in export['stories']:
        for a in s['articles']:
            story[a] = s['id']
    return ids, dups, story


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('--parallax', default=os.path.join(ROOT, 'build', 'parallax'))
    ap.add_argument('--articles', type=int, default=10000)
    ap.add_argument('--chunk', type=int, default=250)
    ap.add_argument('--workers', type=int, default=4)
    ap.add_argument('--seed', type=int, default=22)
    ap.add_argument('--work', default='/tmp/parallax-pg-equiv')
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    os.chmod(a.work, 0o755)  # the scratch server runs as nobody when we are root
    with open(a.corpus, encoding='utf-8') as f:
        lines = [l for _, l in zip(range(a.articles), f)]
    random.Random(a.seed).shuffle(lines)
    files = []
    for i in range(0, len(lines), a.chunk):
        p = os.path.join(a.work, 'job-%04d.jsonl' % (i // a.chunk))
        with open(p, 'w', encoding='utf-8') as f:
            f.writelines(lines[i:i + a.chunk])
        files.append(p)
    pgdir = os.path.join(a.work, 'pg')
    admin = subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'pg_scratch.sh'), 'start', pgdir],
                           stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    try:
        result = {'articles': len(lines), 'jobs': len(files), 'workers': a.workers}
        exports = {}
        for k in (1, a.workers):
            name = 'equiv%d' % k
            subprocess.run(['psql', '-At', admin, '-c', 'CREATE DATABASE %s' % name], check=True,
                           stdout=subprocess.DEVNULL)
            uri = admin.replace('/postgres?', '/%s?' % name)
            subprocess.run([a.parallax, 'ingest', '--db', uri, '--queue', 'equiv'] + files, check=True,
                           stderr=subprocess.DEVNULL)
            t0 = time.time()
            procs = [subprocess.Popen([a.parallax, 'worker', '--db', uri, '--queue', 'equiv', '--threads', '1'],
                                      stderr=subprocess.DEVNULL) for _ in range(k)]
            codes = [p.wait() for p in procs]
            result['seconds_%d' % k] = round(time.time() - t0, 1)
            if any(codes):
                sys.exit('pg_equiv: a worker failed: exit codes %s' % codes)
            out = subprocess.run([a.parallax, 'export', '--db', uri], stdout=subprocess.PIPE, check=True).stdout
            exports[k] = summarise(json.loads(out))
        ids1, dups1, story1 = exports[1]
        idsk, dupsk, storyk = exports[a.workers]
        p, r, f1 = bcubed(story1, storyk)
        result.update({
            'stored_articles': [len(ids1), len(idsk)],
            'articles_equal': ids1 == idsk,
            'duplicate_groups': [len(dups1), len(dupsk)],
            'duplicates_equal': dups1 == dupsk,
            'stories': [len(set(story1.values())), len(set(storyk.values()))],
            'bcubed': {'precision': round(p, 4), 'recall': round(r, 4), 'f1': round(f1, 4)},
        })
        print(json.dumps(result))
        if not (result['articles_equal'] and result['duplicates_equal'] and f1 >= 0.99):
            sys.exit(1)
    finally:
        subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'pg_scratch.sh'), 'stop', pgdir],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
