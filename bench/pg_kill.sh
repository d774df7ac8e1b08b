#!/usr/bin/env bash
# Issue 22's "killed workers" check: 4 `parallax worker` processes drain one
# queue while one of them is killed with SIGKILL KILLS times (each replaced
# by a new worker); at the end every article must be stored exactly once
# (the count of stories still waiting for a report is printed beside it).
#   bench/pg_kill.sh CORPUS.jsonl [ARTICLES=10000] [KILLS=10] [EVERY_SECONDS=2]
# CORPUS is Parallax JSON Lines (bench/scale_corpus.py's scale-10000.jsonl);
# its first ARTICLES lines are cut into jobs of 250. A throw-away PostgreSQL
# server (scripts/pg_scratch.sh) is used and removed. Leases are 5 s, so a
# killed worker's job is taken again 5 s later. Exit 1 when a count is off.
set -euo pipefail
CORPUS=$1 N=${2:-10000} KILLS=${3:-10} EVERY=${4:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${PARALLAX:-$HERE/../build/parallax}
WORK=$(mktemp -d)
chmod 755 "$WORK"  # the scratch server runs as nobody when we are root
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  bash "$HERE/../scripts/pg_scratch.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
uri=$(bash "$HERE/../scripts/pg_scratch.sh" start "$WORK/pg")
head -n "$N" "$CORPUS" | split -l 250 -d -a 4 --additional-suffix=.jsonl - "$WORK/job-"
"$BIN" ingest --db "$uri" --queue kill "$WORK"/job-*.jsonl 2>/dev/null
start_worker() { "$BIN" worker --db "$uri" --queue kill --threads 1 --lease 5 2>>"$WORK/workers.log" & PIDS+=($!); }
t0=$(date +%s)
for _ in 1 2 3 4; do start_worker; done
killed=0
while [ "$killed" -lt "$KILLS" ]; do
  sleep "$EVERY"
  live=()
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && live+=("$p"); done
  [ ${#live[@]} -eq 0 ] && break
  victim=${live[$((RANDOM % ${#live[@]}))]}
  kill -9 "$victim" 2>/dev/null && killed=$((killed + 1))
  start_worker
done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
secs=$(( $(date +%s) - t0 ))
rows=$(psql -qtA "$uri" -c "SELECT count(*) FROM articles")
ids=$(psql -qtA "$uri" -c "SELECT count(DISTINCT id) FROM articles")
dups=$(psql -qtA "$uri" -c "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")
stale=$(psql -qtA "$uri" -c "SELECT count(*) FROM stories WHERE stale_batch IS NOT NULL AND merged_into IS NULL")
echo "pg_kill: $N articles, $KILLS workers killed (SIGKILL) of 4 running, ${secs} s: $rows article rows, $ids distinct ids, $dups duplicates, $stale stories left without their latest report"
[ "$rows" -eq "$N" ] && [ "$ids" -eq "$N" ] || { echo "pg_kill: FAILED: expected $N rows with $N distinct ids" >&2; exit 1; }
echo "pg_kill: every article stored exactly once"
