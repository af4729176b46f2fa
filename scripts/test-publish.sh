#!/usr/bin/env bash
# Publishing dry runs, nothing uploaded:
#   1. metadata: the workspace publishes exactly tinybird-tokens and tinybird-tokens-cli, each with a
#      description, licence, docs.rs page, readme, keywords and categories; no placeholder URL anywhere.
#   2. cargo: each crate's packaged files (`cargo package --list`) are sources, README, licences and
#      cargo's own files, nothing else; then `cargo publish --workspace --dry-run` packages both and
#      builds each from its package against the crates.io index (the CLI's dependency on the core
#      resolves to the packaged core).
#   3. npm: `npm publish --dry-run` of the tarball scripts/test-js.sh packed and tested
#      (target/js-pack/*.tgz; scripts/test.sh runs test-js.sh first); it holds only dist's
#      .js/.cjs/.d.ts/.d.cts/.wasm, the README, package.json and the licences, and every file its
#      package.json points at.
# Any unexpected or missing file fails the run. Prints the package sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  printf 'test-publish: %b\n' "$*" >&2
  exit 1
}
step() { echo "--- $*"; }

step "metadata"
if git grep -n 'example\.invalid'; then
  fail "placeholder URLs left (above)"
fi
# The crates carry symlinks to the root licence files (cargo packages their contents); npm leaves
# symlinks out, so bindings/js holds copies, which must not drift.
for f in LICENSE-MIT LICENSE-APACHE; do
  cmp -s "$f" "bindings/js/$f" || fail "bindings/js/$f differs from $f"
done
cargo metadata --no-deps --format-version 1 | python3 scripts/lib/crate_metadata.py

step "cargo: packaged files"
# Sources, the README, the licences, the core's one benchmark (its manifest declares it, and the Python
# sdist builds from this list), and what cargo adds itself; never tests, vectors or target/.
ALLOWED='^(\.cargo_vcs_info\.json|Cargo\.lock|Cargo\.toml|Cargo\.toml\.orig|README\.md|LICENSE-MIT|LICENSE-APACHE|src/[A-Za-z0-9_/]+\.rs|benches/jwt\.rs)$'
check_crate() {
  local crate="$1" entry="$2" list unexpected
  list="$(cargo package --list --allow-dirty -p "$crate")"
  unexpected="$(grep -Ev "$ALLOWED" <<<"$list" || true)"
  [ -z "$unexpected" ] || fail "$crate would publish unexpected files:\n$unexpected"
  for need in Cargo.toml README.md LICENSE-MIT LICENSE-APACHE "$entry"; do
    grep -qxF "$need" <<<"$list" || fail "$crate would publish no $need"
  done
  echo "$crate: $(wc -l <<<"$list") files, as expected"
}
check_crate tinybird-tokens src/lib.rs
check_crate tinybird-tokens-cli src/main.rs

step "cargo publish --workspace --dry-run"
# The dry run unpacks the packaged crates into a registry directory named after this checkout's
# target dir, and a later run in the same checkout reuses what it finds there instead of the crate it
# just packaged: the CLI was then verified against a stale core. These overlay directories (names
# starting with `-`) hold only our own dry-run crates, so they go first.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/tinybird-tokens-*
out="$(cargo publish --workspace --dry-run --allow-dirty 2>&1)" || {
  echo "$out"
  fail "cargo publish --dry-run failed"
}
grep -E '^ *(Packaging|Packaged|Verifying) ' <<<"$out"
[ "$(grep -c 'aborting upload due to dry run' <<<"$out")" = 2 ] || {
  echo "$out"
  fail "expected two crates to reach the (aborted) upload"
}

step "npm publish --dry-run (the tested tarball)"
shopt -s nullglob
tarballs=(target/js-pack/*.tgz)
shopt -u nullglob
[ "${#tarballs[@]}" = 1 ] ||
  fail "expected one tarball in target/js-pack (found ${#tarballs[@]}): run scripts/test-js.sh first (scripts/test.sh does)"
tarball="$(pwd)/${tarballs[0]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The package.json inside the tarball: what npm would publish. --ignore-scripts: nothing rebuilt.
tar -xzOf "$tarball" package/package.json >"$work/package.json"
json="$(cd "$work" && npm publish --dry-run --json --ignore-scripts "$tarball" 2>"$work/stderr")" || {
  cat "$work/stderr" >&2
  fail "npm publish --dry-run $tarball failed"
}
python3 scripts/lib/npm_files.py "$work/package.json" <<<"$json"
echo "=== publish dry runs passed (nothing uploaded)"
