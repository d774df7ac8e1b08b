#!/usr/bin/env bash
# Throughput of `parallax analyze` on Reuters-21578 (../shared/data/bulk/reuters21578).
#
# Usage: bench/throughput.sh [--limit N] [--timeout SECONDS] [--keep] [DATA_DIR]
#
#   --limit N          analyze only the first N articles (in NEWID order)
#   --timeout SECONDS  stop a parallax run that takes longer (reported as timed out)
#   --keep             keep the converted JSON Lines and the logs in the work directory
#   DATA_DIR           Reuters SGML directory (default: ../shared/data/bulk/reuters21578)
#
# Builds nothing: expects build/parallax. Converts the corpus with
# bench/reuters_to_jsonl.py into a fresh directory under ${TMPDIR:-/tmp}, then runs
#   /usr/bin/time -v build/parallax analyze FILE.jsonl -f json -o /dev/null
#   /usr/bin/time -v build/parallax analyze FILE.jsonl -f markdown -o /dev/null
# and prints one result block per run plus the machine, the date and the commit.
# Exit status: 0 if every run finished (parallax exit 0 or 1: 1 means some inputs
# were rejected, counted under "input errors"), 2 on a setup problem, 3 if a run
# crashed, failed fatally or timed out.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LIMIT=0
TIMEOUT=0
KEEP=0
DATA=""
die() { echo "throughput: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) [ $# -ge 2 ] || die "--limit needs a number"; LIMIT="$2"; shift 2 ;;
    --limit=*) LIMIT="${1#*=}"; shift ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs a number of seconds"; TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) DATA="$1"; shift ;;
  esac
done
[[ "$LIMIT" =~ ^[0-9]+$ ]] || die "--limit wants a whole number, got '$LIMIT'"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "--timeout wants a whole number of seconds, got '$TIMEOUT'"

# --- prerequisites --------------------------------------------------------
if [ -z "$DATA" ]; then
  [ -d "$ROOT/../shared" ] || die "$ROOT/../shared is absent: this benchmark needs the shared data (../shared/data/bulk/reuters21578 next to the repository), or pass DATA_DIR"
  DATA="$ROOT/../shared/data/bulk/reuters21578"
fi
compgen -G "$DATA/reut2-*.sgm" > /dev/null || die "no reut2-*.sgm files in $DATA"
BIN="$ROOT/build/parallax"
[ -x "$BIN" ] || die "build/parallax not found; build it first: cmake -S . -B build && cmake --build build -j2"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing; install GNU time: apt-get install time"
/usr/bin/time -v true > /dev/null 2>&1 || die "/usr/bin/time does not take -v (not GNU time); install it: apt-get install time"
command -v python3 > /dev/null || die "python3 not found"
if [ "$TIMEOUT" -gt 0 ]; then command -v timeout > /dev/null || die "--timeout needs coreutils timeout"; fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parallax-bench.XXXXXX")"
if [ "$KEEP" -eq 0 ]; then trap 'rm -rf "$WORK"' EXIT; fi
JSONL="$WORK/reuters.jsonl"

# --- convert --------------------------------------------------------------
conv_args=("$DATA")
[ "$LIMIT" -gt 0 ] && conv_args+=(--limit "$LIMIT")
t0=$(date +%s.%N)
python3 "$ROOT/bench/reuters_to_jsonl.py" "${conv_args[@]}" > "$JSONL" 2> "$WORK/convert.err" \
  || { cat "$WORK/convert.err" >&2; die "conversion failed"; }
t1=$(date +%s.%N)
ARTICLES=$(wc -l < "$JSONL")
BYTES=$(wc -c < "$JSONL")

# --- environment ------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
DIRTY=$( (git -C "$ROOT" status --porcelain -- src apps include cmake CMakeLists.txt 2>/dev/null || true) | wc -l)
NEWER=$( (find "$ROOT/src" "$ROOT/apps" "$ROOT/include" -type f -newer "$BIN" 2>/dev/null || true) | wc -l)
MODEL=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*:[[:space:]]*//' || true)
MEM_MB=$(awk '/^MemTotal:/ {printf "%d", $2/1024}' /proc/meminfo 2>/dev/null || true)
BIN_SHA=$( (sha256sum "$BIN" 2>/dev/null || true) | cut -c1-12)
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$ROOT/build/CMakeCache.txt" 2>/dev/null || true)

echo "== Parallax throughput: Reuters-21578 =="
echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "commit:      $COMMIT$([ "$DIRTY" -gt 0 ] && echo " (+$DIRTY uncommitted changes under src/apps/include/cmake)")"
echo "binary:      build/parallax, built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M:%S UTC'), CMAKE_BUILD_TYPE=${BUILD_TYPE:-?}, sha256 ${BIN_SHA:-?}$([ "$NEWER" -gt 0 ] && echo " -- WARNING: $NEWER source files are newer than the binary")"
echo "machine:     nproc=$(nproc), cpu=${MODEL:-unknown}, mem=${MEM_MB:-?} MB, $(uname -sr)"
echo "data:        $DATA"
echo "converted:   $ARTICLES articles, $((BYTES / 1024)) KiB JSON Lines in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s ($(sed 's/^reuters_to_jsonl: //' "$WORK/convert.err"))"
[ "$LIMIT" -gt 0 ] && echo "limit:       first $LIMIT articles"

# h:mm:ss.ss or m:ss.ss to seconds.
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<< "$1"; }

STATUS=0
run() {
  local fmt="$1" log="$WORK/time-$1.txt" err="$WORK/stderr-$1.txt" rc=0
  local cmd=(build/parallax analyze "$JSONL" -f "$fmt" -o /dev/null)
  local pre=()
  [ "$TIMEOUT" -gt 0 ] && pre=(timeout "$TIMEOUT")
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
  /usr/bin/time -v -o "$log" "${pre[@]}" "${cmd[@]}" 2> "$err" || rc=$?
  local wall rss_kb user sys errors
  wall=$(to_seconds "$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$log")")
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  user=$(sed -n 's/.*User time (seconds): //p' "$log")
  sys=$(sed -n 's/.*System time (seconds): //p' "$log")
  errors=$(grep -c '^parallax: .*\.jsonl:[0-9]*: ' "$err" || true)
  echo
  echo "-- analyze -f $fmt --"
  echo "command:     /usr/bin/time -v ${pre[*]:+${pre[*]} }${cmd[*]}"
  case "$rc" in
    0) echo "exit:        0 (all inputs fine)" ;;
    1) echo "exit:        1 (finished; some inputs rejected)" ;;
    124) echo "exit:        124 -- TIMED OUT after ${TIMEOUT} s"; STATUS=3 ;;
    *) echo "exit:        $rc -- FAILED (crash or fatal error)"; STATUS=3 ;;
  esac
  if [ "$rc" -le 1 ]; then
    echo "articles:    $ARTICLES in, $((ARTICLES - errors)) analyzed, $errors input errors"
  else
    echo "articles:    $ARTICLES in; the run did not finish$(grep -m1 'terminated by signal' "$log" | sed 's/^[[:space:]]*/ (/; s/$/)/')"
  fi
  echo "wall:        $wall s (user $user s, sys $sys s)"
  echo "throughput:  $(awk -v n="$ARTICLES" -v w="$wall" -v rc="$rc" 'BEGIN{ if (w > 0 && rc <= 1) printf "%.0f", n/w; else print "n/a" }') articles/s"
  echo "load avg:    $load_before before, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?") after (1/5/15 min, $(nproc) CPUs; high load: trust user s over wall s)"
  echo "peak RSS:    $(awk -v k="${rss_kb:-0}" 'BEGIN{printf "%.1f", k/1024}') MB"
  if [ -s "$err" ]; then
    echo "stderr:      $(wc -l < "$err") lines; by message (paths and numbers stripped):"
    sed -E 's/^parallax: [^ ]+: //; s/[0-9]+/N/g' "$err" | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /'
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then echo "stderr tail:"; tail -5 "$err" | sed 's/^/  /'; fi
  fi
}

run json
run markdown
[ "$KEEP" -eq 1 ] && { echo; echo "kept:        $WORK"; }
exit "$STATUS"
