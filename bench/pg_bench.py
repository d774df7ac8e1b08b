#!/usr/bin/python3
"""The PostgreSQL store (issue 22) beside the SQLite store, and 1 worker beside 2, on one corpus.

usage: pg_bench.py CORPUS.jsonl [--parallax build/parallax] [--articles 5000] [--chunk 250] [--rounds 1]
                   [--work DIR] [--only worker1,worker2]

CORPUS.jsonl is Parallax JSON Lines (bench/scale_corpus.py's scale-10000.jsonl). Its first --articles
articles are cut into files of --chunk articles (one queue job, one batch each). A throw-away PostgreSQL
server is started with scripts/pg_scratch.sh in --work (Unix socket only) and stopped at the end.
Measured per round, in alternating order (wall seconds, articles/s):
  sqlite     parallax ingest --db FILE CHUNK, once per chunk in order (one batch per chunk)
  pg         parallax ingest --db postgresql://... CHUNK, the same batches into a fresh database
  worker1    ingest --queue + 1 parallax worker --threads 1 on a fresh database
  worker2    ingest --queue + 2 parallax worker --threads 1 at once on a fresh database
(--only: just these; before/after comparisons of two builds run it once per build, alternating)
with, for sqlite and pg, the CPU seconds too: `client_cpu_s` (user + system of the parallax processes) and
`server_cpu_s` (of the PostgreSQL server's backends, from the postmaster's reaped-children times; each
ingest is one connection, so its backend is reaped when it exits): on a shared machine these move less
than the wall seconds;
and, from the last round, the PostgreSQL database's size (pg_database_size) and its tables with indexes
(pg_total_relation_size) against the bytes of title + text, for docs/scale.md.
Prints one JSON object. Standard library only (psql for the sizes).
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode not in (0, 1):
        sys.exit('pg_bench: %s failed (%d): %s' % (' '.join(cmd[:3]), r.returncode, r.stderr[-2000:]))
    return r


def psql(uri, sql):
    return subprocess.run(['psql', '-At', uri, '-c', sql], stdout=subprocess.PIPE, text=True, check=True).stdout.strip()


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def server_cpu(pgdir):
    """User + system seconds of the server's exited backends (postmaster's cutime + cstime)."""
    try:
        with open(os.path.join(pgdir, 'data', 'postmaster.pid')) as f:
            pid = int(f.readline())
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError):
        return float('nan')


def fresh_db(admin_uri, name):
    psql(admin_uri, 'DROP DATABASE IF EXISTS %s' % name)
    psql(admin_uri, 'CREATE DATABASE %s' % name)
    return admin_uri.replace('/postgres?', '/%s?' % name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('--parallax', default=os.path.join(ROOT, 'build', 'parallax'))
    ap.add_argument('--articles', type=int, default=5000)
    ap.add_argument('--chunk', type=int, default=250)
    ap.add_argument('--rounds', type=int, default=1)
    ap.add_argument('--work', default='/tmp/parallax-pg-bench')
    ap.add_argument('--only', default='sqlite,pg,worker1,worker2')
    a = ap.parse_args()
    px = os.path.abspath(a.parallax)
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    chunks, raw = [], 0
    with open(a.corpus, encoding='utf-8') as f:
        lines = []
        for line in f:
            if len(lines) + len(chunks) * a.chunk >= a.articles:
                break
            lines.append(line)
            d = json.loads(line)
            raw += len(d.get('title', '').encode()) + len(d.get('text', '').encode())
            if len(lines) == a.chunk:
                chunks.append(lines)
                lines = []
        if lines:
            chunks.append(lines)
    files = []
    for i, c in enumerate(chunks):
        p = os.path.join(a.work, 'chunk-%04d.jsonl' % i)
        with open(p, 'w', encoding='utf-8') as out:
            out.writelines(c)
        files.append(p)
    n = sum(len(c) for c in chunks)
    pgdir = os.path.join(a.work, 'pg')
    admin = subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'pg_scratch.sh'), 'start', pgdir],
                           stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    results = {'articles': n, 'chunks': len(files), 'raw_bytes': raw, 'rounds': []}
    try:
        for r in range(a.rounds):
            cpu = {}

            def sqlite():
                db = os.path.join(a.work, 'store-%d.db' % r)
                t, c = time.time(), children_cpu()
                for p in files:
                    run([px, 'ingest', '--db', db, '--threads', '1', p])
                cpu['sqlite'] = {'client_cpu_s': round(children_cpu() - c, 2)}
                return time.time() - t

            def pg():
                uri = fresh_db(admin, 'direct%d' % r)
                t, c, sc = time.time(), children_cpu(), server_cpu(pgdir)
                for p in files:
                    run([px, 'ingest', '--db', uri, '--threads', '1', p])
                cpu['pg'] = {'client_cpu_s': round(children_cpu() - c, 2),
                             'server_cpu_s': round(server_cpu(pgdir) - sc, 2)}
                return time.time() - t

            def workers(k):
                uri = fresh_db(admin, 'workers%d_%d' % (k, r))
                run([px, 'ingest', '--db', uri, '--queue', 'bench'] + files)
                t = time.time()
                procs = [subprocess.Popen([px, 'worker', '--db', uri, '--queue', 'bench', '--threads', '1'],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(k)]
                for p in procs:
                    p.wait()
                secs = time.time() - t
                got = int(psql(uri, 'SELECT count(*) FROM articles'))
                if got != n:
                    sys.exit('pg_bench: %d workers stored %d of %d articles' % (k, got, n))
                return secs, uri

            order = [w for w in ['sqlite', 'pg', 'worker1', 'worker2'] if w in a.only.split(',')]
            if r % 2:
                order.reverse()
            row = {}
            for what in order:
                if what == 'sqlite':
                    row[what] = sqlite()
                elif what == 'pg':
                    row[what] = pg()
                else:
                    secs, uri = workers(int(what[-1]))
                    row[what] = secs
                    if what == 'worker1':
                        results['pg_database_bytes'] = int(psql(uri, 'SELECT pg_database_size(current_database())'))
                        results['pg_tables'] = {
                            t: int(psql(uri, "SELECT pg_total_relation_size('%s')" % t))
                            for t in ['articles', 'stories', 'story_entities', 'revisions', 'cluster_state']}
                print('pg_bench: round %d %s %.1f s' % (r, what, row[what]), file=sys.stderr)
            row = {k: dict({'seconds': round(v, 2), 'articles_per_s': round(n / v, 1)}, **cpu.get(k, {}))
                   for k, v in row.items()}
            if 'sqlite' in row and 'pg' in row:
                row['pg_vs_sqlite'] = round(row['sqlite']['seconds'] / row['pg']['seconds'], 3)
                pg_cpu = row['pg']['client_cpu_s'] + row['pg']['server_cpu_s']
                row['pg_vs_sqlite_cpu'] = round(row['sqlite']['client_cpu_s'] / pg_cpu, 3) if pg_cpu > 0 else None
            if 'worker1' in row and 'worker2' in row:
                row['worker2_vs_worker1'] = round(row['worker1']['seconds'] / row['worker2']['seconds'], 3)
            results['rounds'].append(row)
        sq = os.path.join(a.work, 'store-0.db')
        if os.path.exists(sq):
            results['sqlite_file_bytes'] = os.path.getsize(sq) + (os.path.getsize(sq + '-wal') if os.path.exists(sq + '-wal') else 0)
    finally:
        subprocess.run(['bash', os.path.join(ROOT, 'scripts', 'pg_scratch.sh'), 'stop', pgdir])
    print(json.dumps(results, indent=1))


if __name__ == '__main__':
    main()
