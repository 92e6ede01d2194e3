# Shared helpers for the scripts: each `ensure_*` installs what is missing, idempotently,
# and returns quickly when it is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130" # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_rust_wasm() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

# The release modules use the nightly toolchain's build-std (see scripts/build.sh).
ensure_nightly_build_std() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal
  fi
  if ! rustup component list --toolchain nightly --installed | grep -qx rust-src; then
    say "adding rust-src to the nightly toolchain"
    rustup component add rust-src --toolchain nightly
  fi
  if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown --toolchain nightly
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    say "missing packages: $*; run as root or install them: apt-get install -y $*"
    return 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and ChromeDriver (Debian packages)"
    apt_install chromium chromium-driver
  fi
}

ensure_node_deps() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing Node.js and npm (Debian packages)"
    apt_install nodejs npm
  fi
  # Reinstall only when package-lock.json changed since the last install.
  local stamp="$ROOT/node_modules/.afflink-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    say "installing npm dev packages"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$stamp"
  fi
}
