#!/usr/bin/python3
"""Feeds a JSON Lines corpus to a story store one publication day per `parallax ingest` call, then compares the
store's stories with `parallax analyze --incremental` on the whole corpus (standard library only).

usage: store_days.py CORPUS.jsonl GOLD.tsv [--parallax build/parallax] [--work DIR]

Prints: days (ingest calls), seconds of all ingests, whether the memberships are identical, and B-cubed of both
(bench/bcubed.py) against GOLD.tsv (bench/scale_corpus.py writes events-dev.jsonl and events-dev.gold.tsv).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def memberships(path):
    return sorted(sorted(s['articles']) for s in json.load(open(path))['stories'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('gold')
    ap.add_argument('--parallax', default='build/parallax')
    ap.add_argument('--work')
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix='parallax-store-days.')
    days = {}
    for line in open(a.corpus, encoding='utf-8'):
        if line.strip():
            r = json.loads(line)
            days.setdefault((r.get('published') or '~')[:10] or '~', []).append(line)
    db = os.path.join(work, 'days.db')
    for f in (db, db + '-wal', db + '-shm'):
        if os.path.exists(f):
            os.remove(f)
    t0 = time.time()
    for day in sorted(days):
        path = os.path.join(work, 'day.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.writelines(days[day])
        r = subprocess.run([a.parallax, 'ingest', '--db', db, path, '--at', day + 'T23:59:59Z'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print('ingest of', day, 'failed:', r.stderr, file=sys.stderr)
            return 3
    seconds = time.time() - t0
    exp = os.path.join(work, 'export.json')
    inc = os.path.join(work, 'incremental.json')
    subprocess.run([a.parallax, 'export', '--db', db, '-o', exp], check=True)
    subprocess.run([a.parallax, 'analyze', '--incremental', a.corpus, '-f', 'json', '-o', inc], check=True,
                   stderr=subprocess.DEVNULL)
    here = os.path.dirname(os.path.abspath(__file__))
    b3 = lambda p: json.loads(subprocess.run([sys.executable, os.path.join(here, 'bcubed.py'), a.gold, p, '--json'],
                                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
    print(json.dumps({'days': len(days), 'ingest_seconds': round(seconds, 1),
                      'identical_stories': memberships(exp) == memberships(inc),
                      'store_b3': b3(exp), 'analyze_incremental_b3': b3(inc)}, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
