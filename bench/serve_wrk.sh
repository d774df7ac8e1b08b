#!/usr/bin/env bash
# Load figures of `parallax serve` with wrk on loopback (issue 21's targets).
#   bench/serve_wrk.sh STORE.db [SECONDS] [CONNECTIONS]
# Starts the server on a free port of 127.0.0.1, then runs wrk (2 threads)
# on: story pages (HTML) of the top 2,000 stories by coverage, the home page,
# and /api/search over 1,000 distinct queries drawn from the store's titles
# (bench/serve_targets.py writes the wrk script), plus the old repeated
# targets for comparison (the most covered story only; bench/serve_search.lua's
# 20 queries), which a response cache answers after one pass; prints wrk's
# summary (requests/s, latency percentiles, errors) and the server's peak
# resident memory (peak; now, split into heap and mapped store file).
# Bounded: each run lasts SECONDS (default 15). SERVE_ARGS adds flags to the
# server (e.g. SERVE_ARGS="--cache-bytes 0": every request rendered anew).
set -euo pipefail
DB=$1 SECS=${2:-15} CONNS=${3:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${PARALLAX:-$HERE/../build/parallax}
LOG=$(mktemp)
T0=$(date +%s.%N)
# shellcheck disable=SC2086
"$BIN" serve --db "$DB" --port 0 --threads 48 ${SERVE_ARGS:-} 2> "$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 2000); do grep -q "listening on" "$LOG" && break; sleep 0.005; done
T1=$(date +%s.%N)
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1)
curl -s -o /dev/null "$URL/"
T2=$(date +%s.%N)
echo "start-up: listening after $(echo "$T1 - $T0" | bc) s, first home page after $(echo "$T2 - $T0" | bc) s"
TOP=$(curl -s "$URL/api/stories?sort=coverage&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')
TARGETS=$(mktemp --suffix .lua)
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG" "$TARGETS"' EXIT
python3 "$HERE/serve_targets.py" "$DB" "$URL" "$TARGETS" "${STORIES:-2000}" "${QUERIES:-1000}"
echo "store: $DB; server: $URL ${SERVE_ARGS:-}; $SECS s per run, $CONNS connections, wrk -t2"
echo "== story pages (HTML), top ${STORIES:-2000} stories in turn"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$TARGETS" "$URL" -- stories | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
echo "== story page (HTML), one URL: /stories/$TOP"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$URL/stories/$TOP" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
echo "== home page (HTML)"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$URL/" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
echo "== /api/search, ${QUERIES:-1000} distinct queries in turn"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$TARGETS" "$URL" -- search | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
echo "== /api/search, 20 queries (bench/serve_search.lua)"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/serve_search.lua" "$URL" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
echo "== server memory: $(grep -E 'VmHWM|VmRSS|RssAnon|RssFile' /proc/$PID/status | tr -s ' \t\n' ' ')"
kill -TERM $PID; wait $PID || true
echo "server log: $(grep -c 'ms$' "$LOG") request lines; $(grep -c ' 5[0-9][0-9] ' "$LOG" || true) with a 5xx status"
