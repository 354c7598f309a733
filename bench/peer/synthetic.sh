#!/usr/bin/env bash
# Scores reorg's plans on the shared synthetic instances with the shared scorer
# (maxp_bench.py --eval-labels), median wall time of 3 runs; and, back to back,
# the GeoDa two-bound baseline from the same script.
#   bench/peer/synthetic.sh [sizes...]   (default: 100 500 2000 10000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
"$ROOT/bench/peer/setup.sh"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PY="$ROOT/.venv-peer/bin/python"
SCORER="${SCORER:-${MAXP_BENCH_DIR:?set MAXP_BENCH_DIR to the peer benchmark folder holding maxp_bench.py}/maxp_bench.py}"
OUT="$TARGET/peer-bench"
mkdir -p "$OUT"
for n in ${@:-100 500 2000 10000}; do
  inst="$ROOT/bench/peer/instances/inst_${n}_seed1.json"
  times=()
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$TARGET/release/reorg" regionalize --instance "$inst" --labels-out "$OUT/labels_$n.json" >/dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  "$PY" "$SCORER" --n "$n" --eval-labels "$OUT/labels_$n.json" --seconds "$med"
  "$PY" "$SCORER" --n "$n" --method geoda_2bounds --json | grep '^{'
done
