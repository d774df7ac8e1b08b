#!/usr/bin/env bash
# Browser tests of `parallax serve` (CTest: serve_browser). Ingests the
# examples and the injection corpus into a fresh store, starts the server on
# a free port of 127.0.0.1, runs walk.js in headless Chromium, then stops the
# server with SIGTERM and checks that it stopped cleanly.
#   run.sh BINARY_DIR SOURCE_DIR OUT_DIR [SCREENSHOT_DIR]
# Exit 77 (CTest: skipped) with a message when Chromium, node or
# tests/browser/node_modules (npm ci) are missing.
set -euo pipefail
BIN=$1 SRC=$2 OUT=$3 SHOTS=${4:-}
HERE="$SRC/tests/browser"
CHROMIUM=${PARALLAX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
  echo "SKIPPED: no chromium on PATH (apt-get install chromium, or set PARALLAX_CHROMIUM)"; exit 77
fi
if ! command -v node >/dev/null; then echo "SKIPPED: no node (apt-get install nodejs npm)"; exit 77; fi
if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/axe-core" ]; then
  echo "SKIPPED: playwright-core and axe-core are not installed: run (cd tests/browser && npm ci)"; exit 77
fi
rm -rf "$OUT"; mkdir -p "$OUT"
"$BIN/parallax" ingest --db "$OUT/news.db" "$SRC/examples/articles" "$HERE/injection.jsonl" 2> "$OUT/ingest.log" || {
  echo "ingest failed:"; cat "$OUT/ingest.log"; exit 1; }
"$BIN/parallax" serve --db "$OUT/news.db" --port 0 2> "$OUT/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  grep -q "listening on" "$OUT/serve.log" && break
  kill -0 $PID 2>/dev/null || { echo "serve exited:"; cat "$OUT/serve.log"; exit 1; }
  sleep 0.1
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$OUT/serve.log" | head -1)
[ -n "$URL" ] || { echo "serve did not say where it listens:"; cat "$OUT/serve.log"; exit 1; }
status=0
NODE_PATH="$HERE/node_modules" node "$HERE/walk.js" "$URL" "$OUT" "$CHROMIUM" $SHOTS || status=$?
kill -TERM $PID
rc=0; wait $PID || rc=$?
trap - EXIT
if [ $rc -ne 0 ] || ! grep -q "serve: stopped" "$OUT/serve.log"; then
  echo "serve did not stop cleanly on SIGTERM (exit $rc)"; tail -3 "$OUT/serve.log"; status=1
fi
lines=$(grep -c '^20[0-9-]*T.* [A-Z]* /.* [0-9][0-9][0-9] [0-9.]*ms$' "$OUT/serve.log" || true)
echo "serve logged $lines requests (one line each); screenshots in $OUT"
[ "$lines" -gt 0 ] || { echo "no request log lines"; status=1; }
exit $status
