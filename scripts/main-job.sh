#!/usr/bin/env bash
# The main job: on the example project (examples/project, a Tinybird Local project), lint its
# datafiles, list its resource-scoped tokens, show a JWT with a mistyped fixed param refused by the
# project check, mint the right one for the top_pages endpoint with org_id fixed to acme, inspect it
# and verify it, all offline with `tbtoken`, signed with the Workspace admin token of the example
# (Tinybird Local) workspace. Exits non-zero on any failure (and if the mistyped JWT is not refused).
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

heading "Datafiles of $project checked: TOKEN lines, near misses, duplicate resources (tbtoken token lint)"
"$tbtoken" --cwd "$project" token lint

heading "Resource-scoped tokens of $project (tbtoken token ls)"
"$tbtoken" --cwd "$project" token ls

# --- Project check: a JWT with a mistyped fixed param (orgid=acme; the pipe's parameter is org_id)
# --- would restrict nothing, so tbtoken refuses it against the project's datafiles (exit 1,
# --- project_check_failed); the right one (org_id=acme) is minted below.
heading "JWT with a mistyped fixed param orgid=acme, refused by the project check (tbtoken token create jwt)"
rc=0
refused=$("$tbtoken" --cwd "$project" token create jwt frontend_jwt --ttl 1h \
  --scope PIPES:READ --resource top_pages --fixed-params orgid=acme 2>&1) || rc=$?
echo "$refused"
if [ "$rc" -ne 1 ] || [[ "$refused" != *"error[project_check_failed]"* ]]; then
  echo "main-job: expected the mistyped fixed param to be refused with project_check_failed (exit 1), got exit $rc" >&2
  exit 1
fi
echo "(refused as expected, exit $rc)"

heading "JWT for the top_pages endpoint, org_id fixed to acme, valid 1 hour (tbtoken token create jwt)"
jwt=$("$tbtoken" --cwd "$project" token create jwt frontend_jwt --ttl 1h \
  --scope PIPES:READ --resource top_pages --fixed-params org_id=acme --limit-rps 10)
echo "$jwt"

heading "What the JWT grants (tbtoken token inspect)"
"$tbtoken" --cwd "$project" token inspect "$jwt"

heading "Signature and expiry, checked with the Workspace admin token of the example (Tinybird Local) workspace (tbtoken token verify)"
"$tbtoken" --cwd "$project" token verify "$jwt"

heading "Main job passed"
