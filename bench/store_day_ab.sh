#!/bin/bash
# usage: dayab.sh BIN BASEDB SMALLDB DAY ROUNDS
B=$1; BASE=$2; SMALL=$3; DAY=$4; R=${5:-2}
cd /tmp/store-bench
for r in $(seq 1 $R); do
  for store in big small; do
    src=$BASE; [ $store = small ] && src=$SMALL
    for v in nocache cache; do
      rm -f t.db t.db-wal t.db-shm
      sqlite3 $src ".backup t.db"
      [ $v = nocache ] && sqlite3 t.db "DELETE FROM article_analysis"
      sync
      /usr/bin/time -f "%e %U" -o t.time $B ingest --db t.db $DAY --threads 2 2>/dev/null >/dev/null
      echo "round $r $store $v $(cat t.time) load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
