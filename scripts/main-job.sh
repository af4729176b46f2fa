#!/usr/bin/env bash
# The main job: on the example project (examples/project, a Tinybird Local project), list its
# resource-scoped tokens, mint a JWT for the top_pages endpoint with org_id fixed to acme, inspect it
# and verify it, all offline with `tbtoken`. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet -p tinybird-tokens-cli
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
tbtoken="$target_dir/release/tbtoken"

project=examples/project
# The signing key comes from the project's .tinyb, as `tb` finds it; a TB_TOKEN from the caller's
# environment would take precedence, so it is left out here.
unset TB_TOKEN

heading() { printf '\n== %s ==\n' "$1"; }

heading "Resource-scoped tokens of $project (tbtoken token ls)"
"$tbtoken" --cwd "$project" token ls

heading "JWT for the top_pages endpoint, org_id fixed to acme, valid 1 hour (tbtoken token create jwt)"
jwt=$("$tbtoken" --cwd "$project" token create jwt frontend_jwt --ttl 1h \
  --scope PIPES:READ --resource top_pages --fixed-params org_id=acme --limit-rps 10)
echo "$jwt"

heading "What the JWT grants (tbtoken token inspect)"
"$tbtoken" --cwd "$project" token inspect "$jwt"

heading "Signature and expiry, checked with the workspace admin token of .tinyb (tbtoken token verify)"
"$tbtoken" --cwd "$project" token verify "$jwt"

heading "Main job passed"
