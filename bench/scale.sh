#!/usr/bin/env bash
# Speed at scale, side by side with the peers (issue 6).
#
# Usage: bench/scale.sh [--out DIR] [--build DIR] [--repeat N] [--timeout S] [--timeout-1m S] [--no-1m] [--sizes LIST]
#                       [--rebuild-corpora]
#                       [--only corpora,pipeline,peers,extract,segment]
#
#   --out DIR          scratch directory (default /tmp/parallax-scale; never inside the repository)
#   --build DIR        build directory with parallax and bench/scale_driver (default build-bench2;
#                      configure with -DCMAKE_BUILD_TYPE=Release -DPARALLAX_BUILD_BENCH=ON)
#   --repeat N         runs of each key parallax measurement (default 2)
#   --timeout S        give up on any single run after S seconds (default 900)
#   --timeout-1m S     cap of the one run on the 1M corpus (default 600 s; the CLI is not run at 1M)
#   --no-1m            skip the 1M-article corpus
#   --sizes LIST       corpus sizes for the pipeline part (default 10000,100000,1000000)
#   --rebuild-corpora  rebuild the corpora even if DIR/manifest.json exists
#   --only LIST        run only these parts (comma-separated)
#
# Parts:
#   corpora   bench/scale_corpus.py: 10k, 100k, 1M articles of real text (see its docstring), events-dev
#   pipeline  per size: ingest -> clean -> dedup -> cluster (scale_driver stages --until cluster, and the CLI with
#             -f markdown -o /dev/null, which also analyses: the CLI cannot stop after clustering); full
#             `parallax analyze -f json -o /dev/null` on 10k and 100k, plus the stage split of the same run
#   peers     cluster-sklearn kmeans on 10k and 100k, dbscan on 10k; B-cubed on events-dev for parallax and sklearn
#   extract   scale_driver extract (1 and 2 threads) vs extract-readability-{js,linkedom,lxml} --batch on the
#             Scrapinghub pages
#   segment   scale_driver segment vs segment-nltk --batch on the events-dev texts
#
# Every run goes through `/usr/bin/time -v`; one JSON line per run is appended to DIR/runs.jsonl
# (name, wall/user/sys seconds, peak RSS MB, exit status, 1-minute load before the run, and the tool's own
# JSON output when it prints one). bench/scale_report.py DIR/runs.jsonl prints the tables.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=/tmp/parallax-scale
BUILD="$ROOT/build-bench2"
REPEAT=2
TIMEOUT=900
TIMEOUT_1M=600
NO1M=0
SIZES_ARG=""
REBUILD=0
ONLY="corpora,pipeline,peers,extract,segment"
die() { echo "scale: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --build) BUILD="$(cd "$2" && pwd)"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout-1m) TIMEOUT_1M="$2"; shift 2 ;;
    --no-1m) NO1M=1; shift ;;
    --sizes) SIZES_ARG="$2"; shift 2 ;;
    --rebuild-corpora) REBUILD=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$(realpath -m "$OUT")/" in "$ROOT"/*) die "--out must be outside the repository" ;; esac

PY=/usr/bin/python3
DATA="$ROOT/../shared/data"
PEERS="$ROOT/../shared/peers/bin"
BIN="$BUILD/parallax"
DRIVER="$BUILD/bench/scale_driver"
[ -d "$DATA" ] || die "$DATA is absent"
[ -x "$BIN" ] || die "$BIN not found: cmake -S . -B build-bench2 -DCMAKE_BUILD_TYPE=Release -DPARALLAX_BUILD_BENCH=ON && cmake --build build-bench2 -j2"
[ -x "$DRIVER" ] || die "$DRIVER not found (configure with -DPARALLAX_BUILD_BENCH=ON)"
/usr/bin/time -v true > /dev/null 2>&1 || die "GNU time (/usr/bin/time -v) is missing: apt-get install time"
mkdir -p "$OUT/logs"
RUNS="$OUT/runs.jsonl"
want() { [[ ",$ONLY," == *",$1,"* ]]; }

# run NAME CMD... : times CMD with /usr/bin/time -v, appends one JSON line to $RUNS.
run() {
  local name="$1"; shift
  local log="$OUT/logs/$name"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local rc=0
  # timeout inside time: a run stopped by the cap is still measured, and nothing is left running.
  /usr/bin/time -v -o "$log.time" timeout "$TIMEOUT" "$@" > "$log.out" 2> "$log.err" || rc=$?
  "$PY" - "$name" "$rc" "$load" "$log" "$*" >> "$RUNS" <<'EOF'
import json, re, sys
name, rc, load, log, cmd = sys.argv[1:]
t = open(log + '.time').read()
def field(label):
    m = re.search(re.escape(label) + r': (.*)', t)
    return m.group(1).strip() if m else None
def wall(s):
    if not s: return None
    parts = [float(x) for x in s.split(':')]
    return round(sum(p * 60 ** i for i, p in enumerate(reversed(parts))), 2)
rec = {'name': name, 'exit': int(rc), 'timed_out': rc == '124', 'load1_before': float(load),
       'wall_s': wall(field('Elapsed (wall clock) time (h:mm:ss or m:ss)')),
       'user_s': float(field('User time (seconds)') or 0), 'sys_s': float(field('System time (seconds)') or 0),
       'max_rss_MB': round(int(field('Maximum resident set size (kbytes)') or 0) / 1024, 1), 'cmd': cmd}
for stream in ('out', 'err'):  # the drivers and peers print one JSON object with their own figures
    for line in open(log + '.' + stream, errors='replace').read().splitlines()[-5:]:
        line = line.strip()
        if line.startswith('{') and line.endswith('}') and len(line) < 4000:
            try: rec.setdefault('tool', {}).update(json.loads(line))
            except ValueError: pass
print(json.dumps(rec))
EOF
  echo "  $name: exit $rc, $(tail -1 "$RUNS" | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print(r["wall_s"], "s wall,", r["user_s"], "s user,", r["max_rss_MB"], "MB")')" >&2
}

# --- environment -------------------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD) ($(git -C "$ROOT" status --porcelain -- src apps | wc -l) files under src/ apps/ modified)"
  echo "build: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt")"
  echo "nproc: $(nproc)"
  free -g
  lscpu | head -15
  uptime
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

SIZES=(10000 100000 1000000)
[ "$NO1M" -eq 1 ] && SIZES=(10000 100000)
[ -n "$SIZES_ARG" ] && IFS=, read -r -a SIZES <<< "$SIZES_ARG"

# --- 1. corpora ----------------------------------------------------------------------------------------------
if want corpora && { [ "$REBUILD" -eq 1 ] || [ ! -f "$OUT/manifest.json" ]; }; then
  echo "== corpora" >&2
  "$PY" "$ROOT/bench/scale_corpus.py" "$DATA" "$OUT" --sizes "$(IFS=,; echo "${SIZES[*]}")"
fi
if want pipeline || want peers || want segment; then
  [ -f "$OUT/manifest.json" ] || die "no corpora in $OUT (run with --only corpora first)"
fi

# --- 2. pipeline ---------------------------------------------------------------------------------------------
if want pipeline; then
  echo "== pipeline" >&2
  for n in "${SIZES[@]}"; do
    f="$OUT/scale-$n.jsonl"
    [ -f "$f" ] || { echo "  missing $f, skipped" >&2; continue; }
    if [ "$n" -gt 100000 ]; then
      # One capped run: the driver prints each stage's time on stderr as it ends, so a run stopped by the cap
      # still says where the time went (logs/cluster-stages-$n-r1.err). The CLI run (which also analyses)
      # is not attempted at this size.
      TIMEOUT_SAVED="$TIMEOUT"; TIMEOUT="$TIMEOUT_1M"
      run "cluster-stages-$n-r1" "$DRIVER" stages --until cluster "$f"
      TIMEOUT="$TIMEOUT_SAVED"
      cat "$OUT/logs/cluster-stages-$n-r1.err" >&2
      continue
    fi
    for r in $(seq 1 "$REPEAT"); do
      run "cluster-stages-$n-r$r" "$DRIVER" stages --until cluster --assignments "$OUT/parallax-$n.clusters.jsonl" "$f"
    done
    run "cli-markdown-$n" "$BIN" analyze "$f" -f markdown -o /dev/null
    if [ "$n" -le 100000 ]; then
      for r in $(seq 1 "$REPEAT"); do
        run "cli-json-$n-r$r" "$BIN" analyze "$f" -f json -o /dev/null
      done
      run "analyze-stages-$n" "$DRIVER" stages --until analyze --format json "$f"
    fi
  done
fi

# --- 3. peers: clustering --------------------------------------------------------------------------------------
if want peers; then
  echo "== peers: clustering" >&2
  for n in 10000 100000; do
    f="$OUT/scale-$n.peer.jsonl"
    [ -f "$f" ] || continue
    run "sklearn-kmeans-$n" "$PEERS/cluster-sklearn" "$f" --method kmeans
    cp "$OUT/logs/sklearn-kmeans-$n.out" "$OUT/sklearn-kmeans-$n.clusters.jsonl"
  done
  run "sklearn-dbscan-10000" "$PEERS/cluster-sklearn" "$OUT/scale-10000.peer.jsonl" --method dbscan
  # Quality on the same labelled set, converted to each one's input format.
  ev="$OUT/events-dev.jsonl"
  run "events-parallax" "$BIN" analyze "$ev" -f json -o "$OUT/events-dev.parallax.json"
  run "events-parallax-eval" "$BIN" eval cluster --data "$DATA" --json
  run "events-parallax-stages" "$DRIVER" stages --until cluster "$ev"
  stories=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["stories"]))' "$OUT/events-dev.parallax.json")
  for k in 70 "$stories"; do
    run "events-sklearn-kmeans-k$k" "$PEERS/cluster-sklearn" "$OUT/events-dev.peer.jsonl" --method kmeans --k "$k"
  done
  run "events-sklearn-dbscan" "$PEERS/cluster-sklearn" "$OUT/events-dev.peer.jsonl" --method dbscan
  for p in "$OUT"/logs/events-sklearn-*.out "$OUT/events-dev.parallax.json"; do
    echo "{\"bcubed\": \"$(basename "$p")\", \"scores\": $("$PY" "$ROOT/bench/bcubed.py" "$OUT/events-dev.gold.tsv" "$p")}"
  done > "$OUT/bcubed.jsonl"
  # The same labelled articles inside the 100k corpus, among 99k others (scale-100000.gold.tsv).
  for p in "$OUT/parallax-100000.clusters.jsonl" "$OUT/sklearn-kmeans-100000.clusters.jsonl"; do
    [ -f "$p" ] && [ -f "$OUT/scale-100000.gold.tsv" ] || continue
    echo "{\"bcubed\": \"$(basename "$p") (100k)\", \"scores\": $("$PY" "$ROOT/bench/bcubed.py" "$OUT/scale-100000.gold.tsv" "$p")}"
  done >> "$OUT/bcubed.jsonl"
  cat "$OUT/bcubed.jsonl" >&2
fi

# --- 4. HTML extraction ---------------------------------------------------------------------------------------------
if want extract; then
  echo "== extraction" >&2
  pages="$OUT/extract-html"
  if [ ! -d "$pages" ]; then
    mkdir -p "$pages"
    for g in "$DATA"/extraction/scrapinghub-dev/html/*.html.gz; do
      b=$(basename "$g" .gz)
      gzip -dc "$g" > "$pages/$b"
    done
  fi
  for r in $(seq 1 "$REPEAT"); do
    run "extract-parallax-t1-r$r" "$DRIVER" extract "$pages" --repeat 20 --threads 1
    run "extract-parallax-t2-r$r" "$DRIVER" extract "$pages" --repeat 20 --threads 2
  done
  for p in readability-js readability-linkedom readability-lxml; do
    run "extract-$p" "$PEERS/extract-$p" --batch "$pages" "$OUT/extract-out-$p"
  done
  run "extract-parallax-analyze" "$BIN" analyze "$pages" -f json -o /dev/null
fi

# --- 5. sentence splitting -------------------------------------------------------------------------------------------
if want segment; then
  echo "== segmentation" >&2
  texts="$OUT/segment-txt"
  if [ ! -d "$texts" ]; then
    mkdir -p "$texts"
    "$PY" - "$OUT/events-dev.jsonl" "$texts" <<'EOF'
import json, os, sys
for i, line in enumerate(open(sys.argv[1], encoding='utf-8')):
    r = json.loads(line)
    open(os.path.join(sys.argv[2], f'{i:04d}.txt'), 'w', encoding='utf-8').write(r['text'] + '\n')
EOF
  fi
  for r in $(seq 1 "$REPEAT"); do
    run "segment-parallax-r$r" "$DRIVER" segment "$texts" --repeat 5
  done
  run "segment-nltk" "$PEERS/segment-nltk" --batch "$texts" "$OUT/segment-nltk.jsonl"
fi

echo "== done: $RUNS ($("$PY" "$ROOT/bench/scale_report.py" "$RUNS" > "$OUT/report.md" && echo "tables in $OUT/report.md"))" >&2
