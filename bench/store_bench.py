#!/usr/bin/python3
"""Speed and size of the story store (src/store) beside `parallax analyze` on the same corpus.

usage: store_bench.py CORPUS.jsonl [--parallax build/parallax] [--day 1000] [--queries 100] [--seed 1]
                      [--work DIR] [--threads 2]

CORPUS.jsonl is Parallax JSON Lines, e.g. bench/scale_corpus.py's scale-10000.jsonl. The last --day articles
are held back as "one day". Measured, each with /usr/bin/time (wall seconds, peak RSS):
  analyze      parallax analyze BASE -f json -o /dev/null         (BASE = the corpus without the day)
  ingest       parallax ingest --db S BASE                        (one batch into an empty store)
  day          parallax ingest --db S DAY                         (the day into that store)
  day-replay   the same day into a copy of S without its saved story index (cluster_state emptied, as a
               schema-1 store): the ingest replays every stored article first, the cost before the index was kept
  day-small    parallax ingest --db T DAY after SMALL             (the same day into a store of --day articles)
  size         the store file after a WAL checkpoint against the bytes of title + text in BASE + DAY
  search       --queries `parallax search` processes on S, one per query (words, phrases, prefixes, filters
               drawn from the corpus's titles with --seed): p50 and p99 wall milliseconds, process start
               included; and the same queries as the SQL statement `parallax search` runs (src/store/
               sqlite_store.cc), through Python's sqlite3 on one open connection (mmap_size as a reader): the
               in-process latency
  --search-only DB  only the search measurement, on an existing store
Prints one JSON object. Standard library only (sqlite3 for the checkpoint).
"""
import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, env=None):
    t = subprocess.run(['/usr/bin/time', '-f', '%e %M'] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, env=env)
    last = t.stderr.strip().splitlines()[-1].split()
    return {'exit': t.returncode, 'seconds': float(last[0]), 'peak_mb': round(int(last[1]) / 1024, 1),
            'stderr_tail': t.stderr.strip().splitlines()[-2] if len(t.stderr.strip().splitlines()) > 1 else ''}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('--parallax', default='build/parallax')
    ap.add_argument('--day', type=int, default=1000)
    ap.add_argument('--queries', type=int, default=100)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--work')
    ap.add_argument('--threads', default='2')
    ap.add_argument('--search-only')
    a = ap.parse_args()
    lines = open(a.corpus, encoding='utf-8').read().splitlines()
    lines = [l for l in lines if l.strip()]
    if a.search_only:
        recs = [json.loads(l) for l in lines]
        titles = [r['title'] for r in recs if r.get('title')]
        outlets = [r['source'] for r in recs if r.get('source')]
        print(json.dumps(measure_search(a.parallax, a.search_only, titles, outlets, a), indent=1))
        return 0
    work = a.work or tempfile.mkdtemp(prefix='parallax-store-bench.')
    os.makedirs(work, exist_ok=True)
    base, day = lines[:-a.day], lines[-a.day:]
    small = lines[:a.day]  # a store of --day articles, as the "small store" baseline
    paths = {}
    for name, part in (('base', base), ('day', day), ('small', small)):
        paths[name] = os.path.join(work, name + '.jsonl')
        with open(paths[name], 'w', encoding='utf-8') as f:
            f.write('\n'.join(part) + '\n')
    raw = 0
    titles = []
    outlets = []
    for l in base + day:
        r = json.loads(l)
        raw += len((r.get('title') or '').encode()) + len((r.get('text') or '').encode())
        if r.get('title'):
            titles.append(r['title'])
        if r.get('source'):
            outlets.append(r['source'])
    out = {'corpus': a.corpus, 'base_articles': len(base), 'day_articles': len(day), 'threads': a.threads}
    p = a.parallax
    th = ['--threads', a.threads]
    out['analyze'] = timed([p, 'analyze', paths['base'], '-f', 'json', '-o', '/dev/null'] + th)
    store = os.path.join(work, 'big.db')
    for f in (store, store + '-wal', store + '-shm'):
        if os.path.exists(f):
            os.remove(f)
    out['ingest'] = timed([p, 'ingest', '--db', store, paths['base']] + th)
    # Baseline in the same run: the same day into a copy of the store whose saved story index is removed
    # (as in a schema-1 store), so that the ingest replays every stored article through the index first.
    replay_db = os.path.join(work, 'replay.db')
    for f in (replay_db, replay_db + '-wal', replay_db + '-shm'):
        if os.path.exists(f):
            os.remove(f)
    src = sqlite3.connect(store)
    dst = sqlite3.connect(replay_db)
    src.backup(dst)
    src.close()
    dst.execute('DELETE FROM cluster_state')
    dst.commit()
    dst.close()
    out['day_replay'] = timed([p, 'ingest', '--db', replay_db, paths['day']] + th)
    out['day'] = timed([p, 'ingest', '--db', store, paths['day']] + th)
    small_db = os.path.join(work, 'small.db')
    for f in (small_db, small_db + '-wal', small_db + '-shm'):
        if os.path.exists(f):
            os.remove(f)
    timed([p, 'ingest', '--db', small_db, paths['small']] + th)
    out['day_small'] = timed([p, 'ingest', '--db', small_db, paths['day']] + th)
    for k in ('analyze', 'ingest'):
        out[k]['articles_per_s'] = round(len(base) / max(out[k]['seconds'], 1e-9), 1)
    con = sqlite3.connect(store)
    con.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    con.close()
    size = os.path.getsize(store)
    out['size'] = {'store_bytes': size, 'raw_title_text_bytes': raw, 'ratio': round(size / raw, 2)}
    out['search'] = measure_search(p, store, titles, outlets, a)
    out['load_after'] = os.getloadavg()
    print(json.dumps(out, indent=1))
    if not a.work:
        shutil.rmtree(work)


# The statements `parallax search` runs (src/store/sqlite_store.cc, SqliteStore::Search): the ranking of the
# 2,000 most recent matches (scored as FTS5 walks them newest first), then the kept hits' snippets in one pass
# over their row range; the filters read schema 8's covering index.
MATCHES_FILTERED = ("FROM articles_fts JOIN articles a INDEXED BY articles_search_filter ON a.n = articles_fts.rowid "
                    "WHERE articles_fts MATCH ?1 "
                    "AND (?2 IS NULL OR a.source = ?2) AND (?3 IS NULL OR a.published >= ?3) "
                    "AND (?4 IS NULL OR a.published <= ?4) "
                    "AND (?5 IS NULL OR a.story IN (SELECT story FROM story_entities WHERE name = ?5))")
MATCHES_PLAIN = ("FROM articles_fts "
                 "WHERE articles_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL")
RANK_WINDOW = 2000


def run_search(con, match, outlet, since, limit):
    m = MATCHES_FILTERED if outlet is not None or since is not None else MATCHES_PLAIN
    filters = (match, outlet, since, None, None)
    ranked = con.execute("SELECT r, score FROM (SELECT articles_fts.rowid AS r, bm25(articles_fts, 2.0, 1.0) AS score " +
                         m + " ORDER BY articles_fts.rowid DESC LIMIT ?7) ORDER BY score, r LIMIT ?6",
                         filters + (limit, max(RANK_WINDOW, limit))).fetchall()
    if not ranked:
        return []
    rows = [r for r, _ in ranked]
    return con.execute(
        "SELECT articles_fts.rowid, snippet(articles_fts, -1, '\u00ab', '\u00bb', '\u2026', 16), a.title, "
        "a.published, a.id, a.story, a.source FROM articles_fts CROSS JOIN articles a ON a.n = articles_fts.rowid "
        "WHERE articles_fts MATCH ?1 AND articles_fts.rowid BETWEEN ?2 AND ?3 "
        "AND +articles_fts.rowid IN (SELECT value FROM json_each(?4))",
        (match, min(rows), max(rows), json.dumps(rows))).fetchall()


def register_store_functions(con):
    """parallax_text as src/store/sqlite_db.cc defines it (schema 4 on: texts may be zstd frames), through
    libzstd by ctypes (standard library only); a store without compressed texts needs none of it."""
    import ctypes
    import ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library('zstd') or 'libzstd.so.1')
    lib.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
    lib.ZSTD_getFrameContentSize.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.ZSTD_decompress.restype = ctypes.c_size_t
    lib.ZSTD_decompress.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]

    def text(x):
        if isinstance(x, bytes) and x[:4] == b'\x28\xb5\x2f\xfd':
            n = lib.ZSTD_getFrameContentSize(x, len(x))
            out = ctypes.create_string_buffer(n)
            lib.ZSTD_decompress(out, n, x, len(x))
            return out.raw[:n].decode('utf-8')
        return x
    con.create_function('parallax_text', 1, text, deterministic=True)


def measure_search(p, store, titles, outlets, a):
    rng = random.Random(a.seed)
    words = [w for t in titles for w in re.findall(r"[A-Za-z]{4,}", t)]
    queries = []
    for i in range(a.queries):
        kind = i % 5
        if kind in (0, 1):
            queries.append([rng.choice(words)])
        elif kind == 2:
            t = re.findall(r"[A-Za-z]{3,}", rng.choice(titles))
            k = rng.randrange(max(1, len(t) - 1)) if len(t) > 1 else 0
            queries.append(['"' + ' '.join(t[k:k + 2]) + '"'] if t else [rng.choice(words)])
        elif kind == 3:
            queries.append([rng.choice(words)[:4] + '*'])
        else:
            q = [rng.choice(words)]
            if outlets:
                q += ['--outlet', rng.choice(outlets)]
            q += ['--since', '2000-01-01']
            queries.append(q)
    ms = []
    fails = 0
    for q in queries:
        t0 = time.perf_counter()
        r = subprocess.run([p, 'search', '--db', store] + q + ['--limit', '10'], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        ms.append((time.perf_counter() - t0) * 1000)
        fails += r.returncode != 0
    ms.sort()
    con = sqlite3.connect('file:' + store + '?mode=ro', uri=True)
    con.execute('PRAGMA mmap_size=17179869184')
    register_store_functions(con)
    sql_ms = []
    for q in queries:
        text = q[0]
        match = text if text.startswith('"') else ('"' + text[:-1] + '"*' if text.endswith('*') else '"' + text + '"')
        outlet = q[q.index('--outlet') + 1] if '--outlet' in q else None
        since = q[q.index('--since') + 1] if '--since' in q else None
        t0 = time.perf_counter()
        run_search(con, match, outlet, since, 10)
        sql_ms.append((time.perf_counter() - t0) * 1000)
    sql_ms.sort()
    pct = lambda v, f: round(v[min(len(v) - 1, int(len(v) * f))], 2)
    return {'queries': len(ms), 'failed': fails, 'p50_ms': round(statistics.median(ms), 1), 'p99_ms': pct(ms, 0.99),
            'sql_p50_ms': round(statistics.median(sql_ms), 2), 'sql_p99_ms': pct(sql_ms, 0.99)}


if __name__ == '__main__':
    sys.exit(main())
