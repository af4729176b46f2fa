# Shared helpers for the test scripts: each installs a tool only when it is missing, so a fresh machine
# gets everything and a warm one pays nothing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_VENV="$ROOT/target/tools-venv"

ensure_rust_components() {
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
}

# A virtualenv with the Python tools the tests use (PyJWT for the vector generator, linters).
ensure_tools_venv() {
  if [ ! -x "$TOOLS_VENV/bin/python" ]; then
    python3 -m venv "$TOOLS_VENV"
  fi
  local want="$ROOT/scripts/lib/tools-requirements.txt"
  local stamp="$TOOLS_VENV/.installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$want" "$stamp"; then
    "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$want"
    cp "$want" "$stamp"
  fi
}

tools_python() {
  ensure_tools_venv
  "$TOOLS_VENV/bin/python" "$@"
}
