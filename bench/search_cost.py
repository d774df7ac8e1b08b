#!/usr/bin/env python3
"""Where `/api/search` spends its CPU, query by query (issues 18 and 21).

  bench/search_cost.py STORE.db [--parallax build/parallax] [--queries 1000] [--repeat 1] [--out FILE.tsv]
                       [--serve-args '--mmap-bytes 4294967296']
  bench/search_cost.py STORE.db --overlap 500,1000,2000 [--queries 1000]

Default mode: starts `parallax serve --cache-bytes 0 --threads 2` on STORE.db
(read-only), sends bench/serve_targets.py's QUERIES distinct /api/search
queries one at a time and reads the server's CPU time (the sum of its
threads' /proc/PID/task/*/schedstat, nanoseconds) before and after each:
the CPU one search costs the server, HTTP and JSON included, with nothing
else running in it. Each query's match counts (articles, stories) come from
the store's FTS5 tables (Python's sqlite3, read-only). Prints the
distribution (p50/p90/p99, the share of the dearest 10 and 100 queries),
the CPU per query kind and per match-count band; --out writes one row per
query.

--overlap K,...: for each K, the top 10 articles and stories of each query
ranked among its K most recent matches (the store's bounded ranking) beside
the top 10 ranked over all matches (bm25 of every match): the mean
overlap@10 and the share of queries whose top 10 are identical, over all
queries and over those with more than K matches. Runs in Python's sqlite3
on the FTS5 index alone (no server).
Standard library only.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sqlite3
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_targets  # noqa: E402


def cpu_ns(pid):
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended
    return total


def fts_match(q):
    """The FTS5 MATCH text of one of serve_targets.py's queries (words,
    "two words", word*, a AND/OR b), as src/store/fts_query.cc writes it."""
    out = []
    for tok in re.findall(r'"[^"]*"|\S+', q):
        if tok.startswith('"'):
            out.append(tok)
        elif tok in ("AND", "OR", "NOT"):
            out.append(tok)
        elif tok.endswith("*"):
            out.append('"' + tok.rstrip("*") + '"*')
        else:
            out.append('"' + tok + '"')
    return " ".join(out)


def parse_target(target):
    p = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)
    return p["q"][0], p.get("outlet", [None])[0], p.get("since", [None])[0]


def kind_of(q, outlet, since):
    if outlet:
        return "outlet filter"
    if since:
        return "since filter"
    if q.startswith('"'):
        return "phrase"
    if q.endswith("*"):
        return "prefix"
    if " AND " in q or " OR " in q:
        return "AND/OR"
    return "word"


def counts(con, match, outlet, since):
    if outlet or since:
        a = con.execute(
            "SELECT count(*) FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid WHERE articles_fts MATCH ?1 "
            "AND (?2 IS NULL OR a.source = ?2) AND (?3 IS NULL OR a.published >= ?3)", (match, outlet, since)).fetchone()[0]
    else:
        a = con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1", (match,)).fetchone()[0]
    s = con.execute("SELECT count(*) FROM stories_fts WHERE stories_fts MATCH ?1", (match,)).fetchone()[0]
    return a, s


def pct(v, f):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * f))]


def measure_cpu(a, targets, con):
    log = open(os.devnull, "w")
    wrap = a.wrap.split() if a.wrap else []
    srv = subprocess.Popen(wrap + [a.parallax, "serve", "--db", a.store, "--port", "0", "--threads", "2", "--cache-bytes", "0"] + a.serve_args.split(),
                           stderr=subprocess.PIPE, stdout=log, text=True)
    try:
        url = None
        for line in srv.stderr:
            m = re.search(r"http://127\.0\.0\.1:\d+", line)
            if m:
                url = m.group(0)
                break
        if not url:
            sys.exit("the server did not start")
        # The server's per-request log lines go nowhere (a full pipe would block it).
        subprocess.Popen(["cat"], stdin=srv.stderr, stdout=log)
        urllib.request.urlopen(url + "/api/search?q=warmup").read()
        rows = []
        for target in targets:
            best = None
            for _ in range(a.repeat):
                c0 = cpu_ns(srv.pid)
                t0 = time.perf_counter()
                with urllib.request.urlopen(url + target) as r:
                    r.read()
                    status = r.status
                wall = time.perf_counter() - t0
                c = cpu_ns(srv.pid) - c0
                best = (c, wall) if best is None or c < best[0] else best
            q, outlet, since = parse_target(target)
            na, ns = counts(con, fts_match(q), outlet, since)
            rows.append({"target": target, "kind": kind_of(q, outlet, since), "cpu_ms": best[0] / 1e6,
                         "wall_ms": best[1] * 1000, "articles": na, "stories": ns, "status": status})
        return rows
    finally:
        srv.terminate()
        srv.wait()


def report_cpu(rows):
    cpu = [r["cpu_ms"] for r in rows]
    total = sum(cpu)
    dear = sorted(cpu, reverse=True)
    print(f"{len(rows)} queries, server CPU per /api/search: mean {total / len(rows):.2f} ms, "
          f"p50 {pct(cpu, 0.5):.2f}, p90 {pct(cpu, 0.9):.2f}, p99 {pct(cpu, 0.99):.2f}, max {max(cpu):.2f} ms; "
          f"the dearest 10 queries {sum(dear[:10]) / total:.0%} of the CPU, the dearest 100 {sum(dear[:100]) / total:.0%}")
    print(f"wall per request (one at a time): p50 {pct([r['wall_ms'] for r in rows], 0.5):.2f} ms, "
          f"p99 {pct([r['wall_ms'] for r in rows], 0.99):.2f} ms; non-200: {sum(r['status'] != 200 for r in rows)}")
    print("\n| kind | queries | CPU ms mean | p50 | p99 | article matches median | story matches median |")
    print("|---|---|---|---|---|---|---|")
    for k in sorted({r["kind"] for r in rows}):
        sub = [r for r in rows if r["kind"] == k]
        c = [r["cpu_ms"] for r in sub]
        print(f"| {k} | {len(sub)} | {statistics.mean(c):.2f} | {pct(c, 0.5):.2f} | {pct(c, 0.99):.2f} | "
              f"{statistics.median([r['articles'] for r in sub]):.0f} | {statistics.median([r['stories'] for r in sub]):.0f} |")
    print("\n| article matches | queries | CPU ms mean | p99 | share of all CPU |")
    print("|---|---|---|---|---|")
    bands = [(0, 100), (100, 1000), (1000, 5000), (5000, 20000), (20000, 10**9)]
    for lo, hi in bands:
        sub = [r["cpu_ms"] for r in rows if lo <= r["articles"] < hi]
        if sub:
            print(f"| {lo:,}-{hi - 1:,} | {len(sub)} | {statistics.mean(sub):.2f} | {pct(sub, 0.99):.2f} | "
                  f"{sum(sub) / total:.0%} |")
    print("\nThe 10 dearest:")
    for r in sorted(rows, key=lambda r: -r["cpu_ms"])[:10]:
        print(f"  {r['cpu_ms']:7.2f} ms  {r['articles']:6d} article / {r['stories']:5d} story matches  {r['target']}")


# The bounded ranking (src/store/sqlite_store.cc) and the exhaustive one, ranking columns only.
EXHAUSTIVE = ("SELECT rowid FROM {t} WHERE {t} MATCH ?1 ORDER BY bm25({t}, 2.0, 1.0), rowid LIMIT 10")
BOUNDED = ("SELECT r FROM (SELECT rowid AS r, bm25({t}, 2.0, 1.0) AS s FROM {t} WHERE {t} MATCH ?1 "
           "ORDER BY rowid DESC LIMIT ?2) ORDER BY s, r LIMIT 10")


def overlap(a, targets, con):
    ks = [int(k) for k in a.overlap.split(",")]
    for table in ("articles_fts", "stories_fts"):
        print(f"\n{table}: overlap@10 of the ranking among the K most recent matches with the ranking of all matches")
        print("| K | queries with > K matches | mean overlap@10, all queries | same top 10, all | "
              "mean overlap@10, queries > K | same top 10, > K | ranking ms, all matches / bounded (sum) |")
        print("|---|---|---|---|---|---|---|")
        base, base_ms, n = {}, 0.0, {}
        for t in targets:
            q, _, _ = parse_target(t)  # filters aside: the bound is on the FTS5 side
            m = fts_match(q)
            if m in base:
                continue
            t0 = time.process_time()
            base[m] = [r[0] for r in con.execute(EXHAUSTIVE.format(t=table), (m,))]
            base_ms += (time.process_time() - t0) * 1000
            n[m] = con.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?1", (m,)).fetchone()[0]
        for k in ks:
            ov_all, same_all, ov_big, same_big, ms = [], [], [], [], 0.0
            for m, want in base.items():
                t0 = time.process_time()
                got = [r[0] for r in con.execute(BOUNDED.format(t=table), (m, k))]
                ms += (time.process_time() - t0) * 1000
                o = len(set(got) & set(want)) / max(1, len(want)) if want else 1.0
                ov_all.append(o)
                same_all.append(got == want)
                if n[m] > k:
                    ov_big.append(o)
                    same_big.append(got == want)
            big = f"{statistics.mean(ov_big):.3f} | {sum(same_big) / len(same_big):.0%}" if ov_big else "- | -"
            print(f"| {k:,} | {len(ov_big)} of {len(base)} | {statistics.mean(ov_all):.3f} | "
                  f"{sum(same_all) / len(same_all):.0%} | {big} | {base_ms:.0f} / {ms:.0f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--parallax", default="build/parallax")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1, help="send each query N times, keep the least CPU")
    ap.add_argument("--out")
    ap.add_argument("--serve-args", default="", help="more flags for the server, e.g. '--mmap-bytes 4294967296'")
    ap.add_argument("--wrap", help="a command the server runs under, e.g. 'perf record -g -o FILE --' "
                    "(the CPU figures are then that command's)")
    ap.add_argument("--overlap")
    a = ap.parse_args()
    targets = serve_targets.queries(a.store, a.queries, random.Random(21))
    con = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True)
    if a.overlap:
        overlap(a, targets, con)
        return 0
    rows = measure_cpu(a, targets, con)
    report_cpu(rows)
    if a.out:
        with open(a.out, "w") as f:
            f.write("cpu_ms\twall_ms\tarticles\tstories\tkind\ttarget\n")
            for r in rows:
                f.write(f"{r['cpu_ms']:.3f}\t{r['wall_ms']:.3f}\t{r['articles']}\t{r['stories']}\t{r['kind']}\t{r['target']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
