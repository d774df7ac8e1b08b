#!/usr/bin/env bash
# Readers while an ingest runs (issue 21: readers keep >= 50% of their
# throughput, 0 errors).
#   bench/serve_ingest.sh STORE.db NEW.jsonl [SECONDS] [CONNECTIONS] [BATCHES]
# Works on a copy of STORE.db (the original is never written). Starts the
# server on the copy, runs wrk (2 threads, bench/serve_mix.lua: home, story
# pages of the 50 most covered stories, mixed searches) for SECONDS alone,
# then in runs of SECONDS one after the other for as long as `parallax
# ingest` adds NEW.jsonl to the copy in BATCHES batches (default 10, one
# process each, one after the other); prints each run, the requests/s over
# the whole ingest against alone, and the statuses in the server's log.
set -euo pipefail
DB=$1 NEW=$2 SECS=${3:-30} CONNS=${4:-32} BATCHES=${5:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${PARALLAX:-$HERE/../build/parallax}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp "$DB" "$WORK/store.db"
LINES=$(wc -l < "$NEW")
split -n "l/$BATCHES" -d --additional-suffix=.jsonl "$NEW" "$WORK/batch-"
# shellcheck disable=SC2086
"$BIN" serve --db "$WORK/store.db" --port 0 --threads 48 ${SERVE_ARGS:-} 2> "$WORK/log" &
PID=$!
for _ in $(seq 1 2000); do grep -q "listening on" "$WORK/log" && break; sleep 0.005; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/log" | head -1)
STORIES=$(curl -s "$URL/api/stories?sort=coverage&limit=50" | python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(sys.stdin)["stories"]))')
export STORIES
run() { wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/serve_mix.lua" "$URL" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors|requests in'; }
echo "store: $DB (copy), new: $NEW ($LINES articles in $BATCHES batches), $SECS s per run, $CONNS connections ${SERVE_ARGS:-}"
echo "== readers alone"
ALONE=$(run); echo "$ALONE"
echo "== readers while the ingest runs (wrk runs of SECONDS one after the other until the ingest ends)"
T0=$(date +%s.%N)
( for f in "$WORK"/batch-*; do "$BIN" ingest --db "$WORK/store.db" "$f" 2>> "$WORK/ingest.log" > /dev/null || echo "ingest exit $?" >> "$WORK/ingest.log"; done; date +%s.%N > "$WORK/ingest.done" ) &
ING=$!
REQS=0 RUNS=0 WORST=0
while [ ! -e "$WORK/ingest.done" ]; do
  OUT=$(run); RUNS=$((RUNS + 1))
  echo "$OUT" | grep -E 'Requests/sec|99%|Non-2xx|Socket errors' | tr -s ' \n' ' '; echo
  REQS=$((REQS + $(echo "$OUT" | awk '/requests in/ {print $1}')))
done
T1=$(date +%s.%N)
wait $ING || true
T2=$(cat "$WORK/ingest.done")
echo "ingest: $(grep -c 'articles read' "$WORK/ingest.log") batches in $(echo "$T2 - $T0" | bc) s; readers: $RUNS runs, $REQS requests in $(echo "$T1 - $T0" | bc) s"
grep -E "articles read|exit|rror" "$WORK/ingest.log" | tail -2
A=$(echo "$ALONE" | awk '/Requests\/sec/ {print $2}')
D=$(echo "scale=2; $REQS / ($T1 - $T0)" | bc)
echo "readers during ingest / alone: $D / $A req/s = $(echo "scale=2; $D / $A" | bc)"
kill -TERM $PID; wait $PID || true
echo "server log: $(grep -c 'ms$' "$WORK/log") request lines; by status: $(awk '/ms$/ {print $4}' "$WORK/log" | sort | uniq -c | tr -s ' \n' ' ')"
