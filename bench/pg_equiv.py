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
Then (the `replay` part) a third database is given the same files registered in the order the
--workers run committed them (its batches, from the articles' batch and path columns) and drained by 1
worker: if that equals the many-worker run exactly, whatever differs from the first run is the order
the batches were committed in, which concurrent workers do not fix, and not a race.
Prints one JSON object; exit 1 when the articles or duplicates differ or F1 < 0.99 (the issue's bar).
--skip-single leaves the first 1-worker run out (only the many-worker run and its replay).
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
    ap.add_argument('--skip-single', action='store_true')
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

        def drain(name, k, job_files):
            subprocess.run(['psql', '-At', admin, '-c', 'CREATE DATABASE %s' % name], check=True,
                           stdout=subprocess.DEVNULL)
            uri = admin.replace('/postgres?', '/%s?' % name)
            subprocess.run([a.parallax, 'ingest', '--db', uri, '--queue', 'equiv'] + job_files, check=True,
                           stderr=subprocess.DEVNULL)
            t0 = time.time()
            procs = [subprocess.Popen([a.parallax, 'worker', '--db', uri, '--queue', 'equiv', '--threads', '1'],
                                      stderr=subprocess.DEVNULL) for _ in range(k)]
            codes = [p.wait() for p in procs]
            result['seconds_' + name] = round(time.time() - t0, 1)
            if any(codes):
                sys.exit('pg_equiv: a worker failed: exit codes %s' % codes)
            out = subprocess.run([a.parallax, 'export', '--db', uri], stdout=subprocess.PIPE, check=True).stdout
            exports[name] = summarise(json.loads(out))
            return uri

        def compare(x, y):
            ids1, dups1, story1 = exports[x]
            ids2, dups2, story2 = exports[y]
            p, r, f1 = bcubed(story1, story2)
            return {
                'stored_articles': [len(ids1), len(ids2)],
                'articles_equal': ids1 == ids2,
                'duplicate_groups': [len(dups1), len(dups2)],
                'duplicates_equal': dups1 == dups2,
                'stories': [len(set(story1.values())), len(set(story2.values()))],
                'bcubed': {'precision': round(p, 4), 'recall': round(r, 4), 'f1': round(f1, 4)},
            }

        if not a.skip_single:
            drain('one', 1, files)
        uri = drain('many', a.workers, files)
        order = subprocess.run(['psql', '-At', uri, '-c', "SELECT min(regexp_replace(path, ':[0-9]+$', '')) FROM articles GROUP BY batch ORDER BY batch"],
                               stdout=subprocess.PIPE, text=True, check=True).stdout.split()
        result['commit_order_is_queue_order'] = order == files
        drain('replay', 1, order + [f for f in files if f not in order])
        ok = True
        if not a.skip_single:
            result['many_vs_one'] = compare('one', 'many')
            c = result['many_vs_one']
            ok = c['articles_equal'] and c['duplicates_equal'] and c['bcubed']['f1'] >= 0.99
        result['many_vs_replay'] = compare('replay', 'many')
        print(json.dumps(result))
        if not ok:
            sys.exit(1)
    finally:
        subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'pg_scratch.sh'), 'stop', pgdir],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
