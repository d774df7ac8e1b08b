#!/usr/bin/env bash
# Clustering speed against sklearn, alternating runs (issue 6's 20x target).
#
# Usage: bench/cluster_ratio.sh [--out DIR] [--build DIR] [--rounds N] [--size N] [--model FILE|none]
#
#   --out DIR     the corpora of bench/scale.sh (default /tmp/parallax-scale; build them with
#                 `bash bench/scale.sh --only corpora`)
#   --build DIR   build directory with bench/scale_driver (default build)
#   --rounds N    rounds (default 3)
#   --size N      corpus size (default 100000)
#   --model FILE  also run our cluster stage with this same-event model (`--same-event-model`;
#                 the shipped one, the default clustering, with --model default) in each round,
#                 between the cosine run and sklearn's, and print model/cosine and sklearn/model
#                 besides (issue 20's bounds: at most 1.5x, at least 8x)
#
# Each round runs our cluster stage with the cosine threshold (`scale_driver stages --until cluster
# --same-event-model none`, two threads; the same-event model is the default since issue 20) and then
# sklearn's TF-IDF + MiniBatchKMeans (`../shared/peers/bin/cluster-sklearn --method kmeans`) on the
# same corpus, one after the other, so that both see the same state of a shared machine; the timings
# drift by tens of percent over minutes, and a ratio of runs taken far apart says more about the
# machine than about the code. Prints one line per round (our stage, sklearn's tf-idf + clustering,
# the ratio) and the median ratio. Needs the peers (`bash ../shared/peers/install.sh`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT=/tmp/parallax-scale
BUILD="$ROOT/build"
ROUNDS=3
SIZE=100000
MODEL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --size) SIZE="$2"; shift 2 ;;
    --model) MODEL="$2"; shift 2 ;;
    *) echo "cluster_ratio.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
PEERS="${PARALLAX_SHARED:-$ROOT/../shared}/peers/bin"  # PARALLAX_SHARED: the shared folder, as for the tests
DRIVER="$BUILD/bench/scale_driver"
ours_in="$OUT/scale-$SIZE.jsonl"
peer_in="$OUT/scale-$SIZE.peer.jsonl"
for f in "$DRIVER" "$PEERS/cluster-sklearn" "$ours_in" "$peer_in"; do
  [ -e "$f" ] || { echo "cluster_ratio.sh: missing $f" >&2; exit 1; }
done
ratios=()
model_ratios=()
peer_model_ratios=()
stage() {
  "$DRIVER" stages --until cluster --threads 2 "$@" "$ours_in" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["stage_s"]["cluster"])'
}
for r in $(seq 1 "$ROUNDS"); do
  ours=$(stage --same-event-model none)
  if [ "$MODEL" = default ]; then model=$(stage); elif [ -n "$MODEL" ]; then model=$(stage --same-event-model "$MODEL"); fi
  peer=$("$PEERS/cluster-sklearn" "$peer_in" --method kmeans 2>&1 >/dev/null | grep '"tfidf_s"' | tail -1 |
    python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(d["tfidf_s"] + d["cluster_s"])')
  ratio=$(python3 -c "print(round($peer / $ours, 2))")
  ratios+=("$ratio")
  printf 'round %d: parallax cluster stage (cosine) %.2f s, sklearn tf-idf + k-means %.2f s, ratio %sx\n' "$r" "$ours" "$peer" "$ratio"
  if [ -n "$MODEL" ]; then
    mr=$(python3 -c "print(round($model / $ours, 2))")
    pm=$(python3 -c "print(round($peer / $model, 2))")
    model_ratios+=("$mr")
    peer_model_ratios+=("$pm")
    printf 'round %d: with the same-event model %.2f s: model/cosine %sx, sklearn/model %sx\n' "$r" "$model" "$mr" "$pm"
  fi
done
median() { python3 -c 'import statistics,sys; print("%.2f" % statistics.median(map(float, sys.argv[1:])))' "$@"; }
echo "median ratio $(median "${ratios[@]}")x ($ROUNDS rounds, $SIZE articles)"
if [ -n "$MODEL" ]; then
  echo "median model/cosine $(median "${model_ratios[@]}")x, sklearn/model $(median "${peer_model_ratios[@]}")x"
fi
