#!/usr/bin/env bash
# Two `parallax serve` instances on one store, loaded at the same time
# (issue 22's "serve story page against PostgreSQL, 2 instances" target).
#   bench/serve_pair.sh STORE [SECONDS] [CONNECTIONS_PER_SERVER]
# STORE is a SQLite file or a postgresql:// URI. Starts two servers on free
# ports of 127.0.0.1 (SERVE_THREADS threads each, default 16: each holds one
# store connection), writes the story-page targets of the top STORIES
# (default 2000) stories by coverage (bench/serve_targets.py), warms each
# server with one pass, then runs one wrk (-t1) per server at once on those
# pages for SECONDS (default 15). Prints each wrk's summary and the requests/s
# of both together. SERVE_ARGS adds flags to both servers.
set -euo pipefail
DB=$1 SECS=${2:-15} CONNS=${3:-16}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${PARALLAX:-$HERE/../build/parallax}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
URLS=()
for k in 1 2; do
  # shellcheck disable=SC2086
  "$BIN" serve --db "$DB" --port 0 --threads "${SERVE_THREADS:-16}" ${SERVE_ARGS:-} 2> "$WORK/server$k.log" &
  PIDS+=($!)
  for _ in $(seq 1 2000); do grep -q "listening on" "$WORK/server$k.log" && break; sleep 0.005; done
  URLS+=("$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/server$k.log" | head -1)")
done
python3 "$HERE/serve_targets.py" "$DB" "${URLS[0]}" "$WORK/targets.lua" "${STORIES:-2000}" 10
echo "store: $DB; servers: ${URLS[*]} ${SERVE_ARGS:-}; $SECS s, $CONNS connections per server, wrk -t1 each"
for k in 0 1; do  # one pass over the pages: the response cache's first fill
  wrk -t1 -c"$CONNS" -d"3s" -s "$WORK/targets.lua" "${URLS[$k]}" -- stories > /dev/null
done
WRKS=()
for k in 0 1; do
  wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/targets.lua" "${URLS[$k]}" -- stories > "$WORK/wrk$k.txt" &
  WRKS+=($!)
done
wait "${WRKS[@]}"
for k in 0 1; do
  echo "== server $((k + 1)): story pages (HTML), top ${STORIES:-2000} stories in turn"
  grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in' "$WORK/wrk$k.txt"
done
echo "== together: $(grep -h 'Requests/sec' "$WORK"/wrk0.txt "$WORK"/wrk1.txt | awk '{s += $2} END {printf "%.0f", s}') requests/s"
for k in 1 2; do
  echo "server $k: $(grep -c 'ms$' "$WORK/server$k.log") request lines; $(grep -c ' 5[0-9][0-9] ' "$WORK/server$k.log" || true) with a 5xx status"
done
