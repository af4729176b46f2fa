#!/usr/bin/env bash
# The publishable Python artefacts: an sdist, and one manylinux2014 abi3 wheel built *from that sdist*
# (so the sdist is proven to build) with `maturin build --zig`. Checks the wheel's tags, `auditwheel
# show`, `abi3audit --strict`, `twine check --strict` on both, and both file lists; then installs that
# one wheel into a virtualenv of its own per CPython 3.9-3.13 and runs the test suite against it. A
# missing interpreter fails the run. Everything is pinned (bindings/python/requirements-*.txt); the
# virtualenvs under target/py-dist are reused across runs, the artefacts are rebuilt every run.
#
# The one exception, by interpreter: tinybird-sdk supports Python 3.11 and later, so on 3.9 and 3.10
# its interop tests (test_tinybird_sdk.py, the README's tinybird-sdk section) cannot run; everything
# else does (see bindings/python/tests/_support.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="$ROOT/target/py-dist"
OUT="$WORK/out"
SRC="$WORK/sdist-src"
TOOLS="$WORK/tools"
# Reused across runs: crates.io dependencies stay compiled; our two crates rebuild from the sdist.
export CARGO_TARGET_DIR="$WORK/cargo"
# maturin sets this for the extension build itself.
unset PYO3_BUILD_EXTENSION_MODULE
PYTHONS=(3.9 3.10 3.11 3.12 3.13)
TINYBIRD_SDK='tinybird-sdk==0.4.0'
export PIP_DISABLE_PIP_VERSION_CHECK=1

timings=()
step_start=0
step() {
  step_end
  step_name="$1"
  step_start=$(date +%s.%N)
  echo "--- $step_name"
}
step_end() {
  if [ "$step_start" != 0 ]; then
    timings+=("$(awk -v a="$step_start" -v b="$(date +%s.%N)" -v n="$step_name" 'BEGIN {printf "%6.1f s  %s", b - a, n}')")
  fi
  step_start=0
}
fail() {
  echo "python-dist: $*" >&2
  exit 1
}
# Installs a requirements file into a virtualenv unless that exact file was installed there last.
install_requirements() {
  local venv="$1" file="$2" stamp="$1/.requirements-$(basename "$2")"
  if [ ! -f "$stamp" ] || ! cmp -s "$file" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet -r "$file"
    cp "$file" "$stamp"
  fi
}
# The interpreter for one minor version: pyenv's newest x.y.z build (no -dev or free-threaded "t"
# builds, which abi3 wheels do not serve), else python3.x on PATH. Empty when there is none.
find_python() {
  local minor="$1" root candidate
  root="${PYENV_ROOT:-$HOME/.pyenv}"
  candidate=$(find "$root/versions" -mindepth 1 -maxdepth 1 -name "$minor.*" -printf '%f\n' 2>/dev/null \
    | grep -E "^${minor//./\\.}\.[0-9]+$" | sort -V | tail -n 1 || true)
  if [ -n "$candidate" ] && [ -x "$root/versions/$candidate/bin/python" ]; then
    echo "$root/versions/$candidate/bin/python"
  elif command -v "python$minor" >/dev/null; then
    command -v "python$minor"
  fi
}

step "interpreters (CPython ${PYTHONS[*]})"
declare -A PY
for minor in "${PYTHONS[@]}"; do
  python=$(find_python "$minor")
  [ -n "$python" ] || fail "no CPython $minor found (pyenv versions, or python$minor on PATH)"
  got=$("$python" -c 'import sys; print(sys.implementation.name, "%d.%d" % sys.version_info[:2])' 2>&1) \
    || got="an interpreter that does not run"
  [ "$got" = "cpython $minor" ] || fail "$python is '$got', not CPython $minor"
  PY[$minor]="$python"
  echo "$minor: $python"
done

step "tools (maturin, ziglang, auditwheel, abi3audit, twine)"
[ -x "$TOOLS/bin/python" ] || python3 -m venv "$TOOLS"
install_requirements "$TOOLS" "$ROOT/bindings/python/requirements-dist.txt"
# `maturin --zig` runs `python3 -m ziglang`: the tool environment's python comes first.
export PATH="$TOOLS/bin:$PATH"
maturin --version

step "sdist (maturin sdist)"
rm -rf "$OUT" "$SRC"
maturin sdist --out "$OUT/sdist"
sdists=("$OUT"/sdist/*.tar.gz)
[ "${#sdists[@]}" = 1 ] && [ -f "${sdists[0]}" ] || fail "expected one sdist in $OUT/sdist"
sdist="${sdists[0]}"
top=$(basename "$sdist" .tar.gz)

step "sdist contents"
# Exactly what a build needs: the workspace manifest and lock, the Python project files, the two
# crates' tracked files but the core's tests (pyproject.toml's exclude), the Python package.
tar -tzf "$sdist" | sed "s|^$top/||" | grep -v '/$' | sort >"$WORK/sdist-files.txt"
{
  printf '%s\n' PKG-INFO pyproject.toml Cargo.toml Cargo.lock bindings/python/README.md \
    LICENSE-MIT LICENSE-APACHE crates/tinybird-tokens/README.md
  git -C "$ROOT" ls-files crates/tinybird-tokens crates/tinybird-tokens-py bindings/python/tinybird_tokens \
    | grep -v '^crates/tinybird-tokens/tests/'
} | sort >"$WORK/sdist-expected.txt"
if ! diff -u "$WORK/sdist-expected.txt" "$WORK/sdist-files.txt"; then
  fail "the sdist's files differ from the expected list (- missing, + unexpected)"
fi
sed 's/^/  /' "$WORK/sdist-files.txt"

step "wheel from the unpacked sdist (maturin build --release --zig --compatibility manylinux2014)"
mkdir -p "$SRC"
# -m: extracted files get the current time, so cargo rebuilds our crates from these sources (the
# archive's fixed timestamps could look older than the previous run's build).
tar -xzmf "$sdist" -C "$SRC"
cp "$SRC/$top/Cargo.lock" "$WORK/sdist-Cargo.lock"
(cd "$SRC/$top" && maturin build --release --zig --compatibility manylinux2014 --out "$OUT/wheel")
# Only the workspace's two crates are in the sdist, so cargo drops the other members' packages from
# the lock; every package it keeps must keep the sdist's version (no re-resolution).
lock_pairs() { awk '/^name = /{n=$3} /^version = /{print n, $3}' "$1" | sort -u; }
changed=$(comm -13 <(lock_pairs "$WORK/sdist-Cargo.lock") <(lock_pairs "$SRC/$top/Cargo.lock"))
[ -z "$changed" ] || fail "the build changed the sdist's Cargo.lock: $changed"

step "wheel tags, auditwheel, abi3audit, twine"
wheels=("$OUT"/wheel/*.whl)
[ "${#wheels[@]}" = 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in $OUT/wheel"
wheel="${wheels[0]}"
wheel_name=$(basename "$wheel")
version=$(sed -n 's/^Version: //p' "$SRC/$top/PKG-INFO")
case "$wheel_name" in
  "tinybird_tokens-$version-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl" | \
    "tinybird_tokens-$version-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") ;;
  *) fail "unexpected wheel name $wheel_name (want cp39-abi3, manylinux2014 / manylinux_2_17 x86_64)" ;;
esac
echo "wheel: $wheel_name"
audit=$(auditwheel show "$wheel")
echo "$audit"
# PEP 600's name for manylinux2014 is manylinux_2_17.
# (Here-strings, not pipes into grep -q: with pipefail, a writer cut short by grep's early exit fails.)
grep -q 'is consistent with the following platform tag: "manylinux_2_17_x86_64"' <<<"$(tr -s ' \n' ' ' <<<"$audit")" \
  || fail "auditwheel does not find the wheel manylinux2014 (manylinux_2_17) compatible"
abi3=$(COLUMNS=300 abi3audit --strict --verbose "$wheel" 2>&1) || { echo "$abi3"; fail "abi3audit --strict failed"; }
echo "$abi3"
grep -q '1 extensions scanned; 0 ABI version mismatches and 0 ABI violations found' <<<"$(tr -s ' \n' ' ' <<<"$abi3")" \
  || fail "abi3audit did not scan the one extension cleanly"
twine check --strict "$wheel" "$sdist"

step "wheel contents and metadata"
python3 - "$wheel" <<'EOF' | sort >"$WORK/wheel-files.txt"
import sys, zipfile
for name in zipfile.ZipFile(sys.argv[1]).namelist():
    print(name)
EOF
{
  git -C "$ROOT/bindings/python" ls-files tinybird_tokens
  echo tinybird_tokens/_native.abi3.so
  for f in METADATA WHEEL RECORD sboms/tinybird-tokens-py.cyclonedx.json licenses/LICENSE-MIT licenses/LICENSE-APACHE; do
    echo "tinybird_tokens-$version.dist-info/$f"
  done
} | sort >"$WORK/wheel-expected.txt"
if ! diff -u "$WORK/wheel-expected.txt" "$WORK/wheel-files.txt"; then
  fail "the wheel's files differ from the expected list (- missing, + unexpected)"
fi
sed 's/^/  /' "$WORK/wheel-files.txt"
wheel_file() {
  python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' \
    "$wheel" "tinybird_tokens-$version.dist-info/$1"
}
# The tags inside agree with the file name: one abi3 build for CPython 3.9 on, platform-specific.
tags=$(wheel_file WHEEL | sed -n 's/^Tag: //p' | sort | xargs)
[ "$tags" = "cp39-abi3-manylinux2014_x86_64 cp39-abi3-manylinux_2_17_x86_64" ] \
  || fail "the WHEEL file's tags are '$tags'"
grep -qx 'Root-Is-Purelib: false' <<<"$(wheel_file WHEEL)" || fail "the WHEEL file does not say Root-Is-Purelib: false"
# The metadata claims exactly the interpreters this script tests.
metadata=$(wheel_file METADATA)
claimed=$(echo "$metadata" | sed -n 's/^Classifier: Programming Language :: Python :: \(3\.[0-9]*\)$/\1/p' | sort -V | xargs)
[ "$claimed" = "${PYTHONS[*]}" ] || fail "classifiers claim Python '$claimed', the tests cover '${PYTHONS[*]}'"
grep -qx "Requires-Python: >=${PYTHONS[0]}" <<<"$metadata" || fail "Requires-Python is not >=${PYTHONS[0]}"
# So does the README: "CPython 3.9, 3.10, ... and 3.13".
range="CPython $(printf '%s, ' "${PYTHONS[@]:0:${#PYTHONS[@]}-1}" | sed 's/, $//') and ${PYTHONS[-1]}"
grep -qF "**Supported: $range**" "$ROOT/bindings/python/README.md" \
  || fail "bindings/python/README.md does not state the tested range ($range)"

results=()
for minor in "${PYTHONS[@]}"; do
  step "CPython $minor: install the wheel, run the tests"
  venv="$WORK/venv-$minor"
  # A virtualenv of its own per interpreter, holding only the pinned test dependencies and the wheel.
  # It is recreated from scratch whenever those requirements change (so nothing stale stays), and
  # reused otherwise: creating five virtualenvs costs about a minute a run on a busy 2-core machine.
  wanted="$(cat "$ROOT/bindings/python/requirements-wheel-test.txt"; echo "$TINYBIRD_SDK ${PY[$minor]}")"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.wanted" 2>/dev/null)" != "$wanted" ]; then
    rm -rf "$venv"
    "${PY[$minor]}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet -r "$ROOT/bindings/python/requirements-wheel-test.txt"
    if "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      "$venv/bin/python" -m pip install --quiet --no-deps "$TINYBIRD_SDK"
    fi
    echo "$wanted" >"$venv/.wanted"
  fi
  sdk=""
  "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' && sdk=" (with $TINYBIRD_SDK)"
  # This run's wheel replaces the previous run's (pip removes the old files by their RECORD).
  "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
  # Installed size before anything is imported (no __pycache__ yet).
  installed=$(du -sb --exclude=__pycache__ "$site/tinybird_tokens" "$site/tinybird_tokens-$version.dist-info" | awk '{s += $1} END {print s}')
  # The venv holds exactly the wheel's package files.
  installed_files=$(cd "$site" && find tinybird_tokens -type f -not -path '*/__pycache__/*' | sort)
  [ "$installed_files" = "$(grep '^tinybird_tokens/' "$WORK/wheel-files.txt")" ] \
    || fail "CPython $minor: the installed package's files are not the wheel's"
  # Tests run from a neutral directory, so `import tinybird_tokens` can only find the installed wheel
  # (conftest.py asserts it comes from site-packages; here, this venv's).
  imported=$(cd "$venv" && "$venv/bin/python" -c 'import tinybird_tokens; print(tinybird_tokens.__file__)')
  [ "$imported" = "$site/tinybird_tokens/__init__.py" ] || fail "CPython $minor imports tinybird_tokens from $imported"
  log="$WORK/pytest-$minor.log"
  (cd "$venv" && "$venv/bin/python" -m pytest "$ROOT/bindings/python/tests" -q -p no:cacheprovider) >"$log" 2>&1 \
    || { tail -n 60 "$log"; fail "tests failed on CPython $minor (log: $log)"; }
  summary=$(grep -E '^[0-9]+ passed' "$log" | tail -n 1 || true)
  # Every collected test must pass: a skip, xfail or deselection would be a claim not tested.
  case "$summary" in
    "" | *skipped* | *xfail* | *xpass* | *deselected* | *error*) fail "CPython $minor: '$summary' (log: $log)" ;;
  esac
  full=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
  echo "CPython $full: $summary$sdk"
  results+=("CPython $full: ${summary%% in *}$sdk")
done
step_end

wheel_bytes=$(stat -c %s "$wheel")
sdist_bytes=$(stat -c %s "$sdist")
echo "--- python-dist summary"
echo "wheel: $wheel_name, $wheel_bytes bytes (installed: $installed bytes)"
echo "sdist: $(basename "$sdist"), $sdist_bytes bytes"
printf '%s\n' "${results[@]}"
echo "wall time per step:"
printf '  %s\n' "${timings[@]}"
echo "--- python-dist: all checks passed"
