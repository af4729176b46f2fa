#!/usr/bin/env bash
# The main job: on the example project (examples/project, a Tinybird Local project), list its
# resource-scoped tokens, mint a JWT for the top_pages endpoint with org_id fixed to acme, inspect it
# and verify it, all offline with `tbtoken`, signed with the Workspace admin token of the example
# (Tinybird Local) workspace. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet -p tinybird-tokens-cli
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
tbtoken="$target_dir/release/tbtoken"

project=examples/project
# The signing key is the Workspace admin token of the example (Tinybird Local) workspace, from the
# project's .env: Tinybird verifies JWTs with the Workspace admin token. (The .tinyb `token` is what
# `tb login` / `tb local` stored, usually your personal "Admin <email>" token; tbtoken uses it only as
# a last resort, with a warning.)
TINYBIRD_ADMIN_TOKEN=$(sed -n 's/^TINYBIRD_ADMIN_TOKEN=//p' "$project/.env")
export TINYBIRD_ADMIN_TOKEN
unset TB_TOKEN

heading() { printf '\n== %s ==\n' "$1"; }

echo "Signing key: \$TINYBIRD_ADMIN_TOKEN, the Workspace admin token of the example (Tinybird Local) workspace, from $project/.env"

heading "Resource-scoped tokens of $project (tbtoken token ls)"
"$tbtoken" --cwd "$project" token ls

# --- Project check (a later change adds it here): a JWT with a mistyped fixed param (orgid=acme)
# --- refused against the project's datafiles, then the right one (org_id=acme) minted below.

heading "JWT for the top_pages endpoint, org_id fixed to acme, valid 1 hour (tbtoken token create jwt)"
jwt=$("$tbtoken" --cwd "$project" token create jwt frontend_jwt --ttl 1h \
  --scope PIPES:READ --resource top_pages --fixed-params org_id=acme --limit-rps 10)
echo "$jwt"

heading "What the JWT grants (tbtoken token inspect)"
"$tbtoken" --cwd "$project" token inspect "$jwt"

heading "Signature and expiry, checked with the Workspace admin token of the example (Tinybird Local) workspace (tbtoken token verify)"
"$tbtoken" --cwd "$project" token verify "$jwt"

heading "Main job passed"
