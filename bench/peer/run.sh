#!/usr/bin/env bash
# Peer benchmark: reorg regionalize vs pygeoda maxp_greedy (and spopt with --spopt)
# on the national 2023 commune data. Creates .venv-peer (git-ignored) on first use.
# Not part of `cargo test`: CI never needs Python.
#   bench/peer/run.sh [--repeat 3] [--spopt] [--out target/peer-bench/results.json]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
"$ROOT/bench/peer/setup.sh"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
exec "$ROOT/.venv-peer/bin/python" "$ROOT/bench/peer/peer_bench.py" --reorg "$TARGET/release/reorg" "$@"
