#!/bin/bash
# A day into a big and a small store, with the per-article analysis cache emptied ("nocache": every
# touched story analysed from scratch, as before schema 3) and kept ("cache"), alternated per round.
# usage: bench/store_day_ab.sh BIN BIG.db SMALL.db DAY.jsonl [ROUNDS]   (run from a scratch directory:
# it writes t.db and t.time there). Prints per run: wall and user CPU seconds, and the load average.
set -e
B=$1; BASE=$2; SMALL=$3; DAY=$4; R=${5:-2}
for r in $(seq 1 "$R"); do
  for store in big small; do
    src=$BASE; [ $store = small ] && src=$SMALL
    for v in nocache cache; do
      rm -f t.db t.db-wal t.db-shm
      sqlite3 "$src" ".backup t.db"
      [ $v = nocache ] && sqlite3 t.db "DELETE FROM article_analysis"
      sync
      /usr/bin/time -f "%e %U" -o t.time "$B" ingest --db t.db "$DAY" --threads 2 >/dev/null 2>&1 || true
      echo "round $r $store $v $(cat t.time) load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
