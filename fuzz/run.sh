#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 600). Not part of the test command: it is long.
# cargo-fuzz wants nightly; this machine has only the stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable
# rustc take the -Z sanitizer flags cargo-fuzz passes.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-600}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
python3 seed.py
export RUSTC_BOOTSTRAP=1
mkdir -p logs
for target in $(cargo fuzz list); do
  echo "=== $target (${SECONDS_PER_TARGET}s) ==="
  cargo fuzz run "$target" corpus/"$target" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=20000 \
    2>&1 | tee "logs/$target.log" | grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|ERROR|panicked" || true
  grep -E "Done [0-9]+ runs" "logs/$target.log" | tail -1
done
