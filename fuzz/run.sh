#!/usr/bin/env bash
# usage: fuzz/run.sh [SECONDS [TARGET...]]
# Fuzzes every target (or the TARGETs named) for SECONDS each (default 600). Not part of the test command:
# it is long.
# cargo-fuzz wants nightly; this machine has only the stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable
# rustc take the -Z sanitizer flags cargo-fuzz passes.
# A target that crashes (or fails to build) is named, the others still run, and the script exits non-zero
# at the end if any target failed. Each target's full output is in logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-600}"
shift || true
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi
python3 seed.py
export RUSTC_BOOTSTRAP=1
mkdir -p logs
if [ "$#" = 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
else
  targets=("$@")
fi
[ "${#targets[@]}" != 0 ] || { echo "no fuzz targets found" >&2; exit 1; }
failed=()
for target in "${targets[@]}"; do
  echo "=== $target (${SECONDS_PER_TARGET}s) ==="
  status=0
  cargo fuzz run "$target" corpus/"$target" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=20000 \
    > "logs/$target.log" 2>&1 || status=$?
  # The progress summary, and on a crash what libFuzzer and the panic said.
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|ERROR|panicked" "logs/$target.log" || true
  if [ "$status" != 0 ]; then
    echo "!!! $target failed (exit $status); see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    failed+=("$target")
  fi
done
if [ "${#failed[@]}" != 0 ]; then
  echo "fuzz targets that failed: ${failed[*]}"
  exit 1
fi
echo "=== all fuzz targets ran without a crash ==="
