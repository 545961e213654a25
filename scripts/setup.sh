#!/usr/bin/env bash
# Installs what building and testing okrpad needs, and nothing that is already there:
# a second run takes seconds. CI runs it on a fresh machine through `make test`.
#
# The build machine reaches package registries only (crates.io, npm, Debian), so every
# tool comes from one of them; Trunk must never download anything itself (see Trunk.toml).
#
# Usage: scripts/setup.sh [step...]   steps: rust trunk wasm-bindgen wasm-split apt npm relay fetch
#        (no step = all of them, in that order); twiggy (make size) and lighthouse
#        (make bench) only when named, so `make test` does not spend minutes on them
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

TRUNK_VERSION=0.21.14
TWIGGY_VERSION=0.8.0
WASM_SPLIT_VERSION=0.2.4

say() { printf 'setup: %s\n' "$*"; }

# Tools are release builds of large programs. Without LTO and over 16 codegen units Trunk
# compiles in ~6 min on two cores; a build tool needs no more optimisation than that.
# Set per command, so the app's own release build keeps its LTO.
cargo_install() {
    say "cargo install $* (takes minutes, once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

step_rust() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "rustup target add wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    fi
    local missing=()
    cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
    cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
    if ((${#missing[@]})); then
        say "rustup component add ${missing[*]}"
        rustup component add "${missing[@]}"
    fi
    say "rust: $(rustc --version), targets: $(rustup target list --installed | xargs)"
}

step_trunk() {
    if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
        cargo_install "trunk@$TRUNK_VERSION" --locked
    fi
    say "$(trunk --version)"
}

# wasm-bindgen's CLI must be the exact version of the wasm-bindgen crate the app links,
# or the generated JS glue does not match the wasm. Cargo.lock is the source of truth.
# Installed without --locked, the way it is known to build here.
step_wasm_bindgen() {
    local want have
    want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    [[ -n "$want" ]] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
    have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
    if [[ "$have" != "$want" ]]; then
        cargo_install "wasm-bindgen-cli@$want"
    fi
    say "$(wasm-bindgen --version)"
}

# The splitter that cuts the app's Wasm into the first download and the meeting screens'
# modules (scripts/build-app.mjs). Its binary has no --version: cargo's list of
# installed packages says which one is there.
step_wasm_split() {
    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        cargo_install "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary --locked
    fi
    say "wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION)"
}

# twiggy says which functions and crates the Wasm's bytes are (`make size`).
step_twiggy() {
    # It names itself twiggy-opt.
    if [[ "$(twiggy --version 2>/dev/null | cut -d" " -f2)" != "$TWIGGY_VERSION" ]]; then
        cargo_install "twiggy@$TWIGGY_VERSION" --locked
    fi
    say "$(twiggy --version)"
}

# Chromium runs the end-to-end tests (Playwright drives the Debian build: its own browser
# download is blocked here). A CJK font, so the screenshots show the Chinese text rather
# than boxes. brotli measures the served size (`make size`). apt only runs if one is missing.
step_apt() {
    local missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    command -v brotli >/dev/null || missing+=(brotli)
    [[ -n "$(fc-list :lang=zh 2>/dev/null)" ]] || missing+=(fonts-wqy-microhei)
    if ((${#missing[@]})); then
        local sudo=()
        ((EUID == 0)) || sudo=(sudo)
        say "apt-get install ${missing[*]}"
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
    fi
    say "$(/usr/bin/chromium --version 2>/dev/null)"
}

# `npm ci` in DIR when its package-lock.json changed since the last install there: `npm ci`
# wipes and reinstalls, so it runs only then (a stamp in node_modules keeps the lock's hash).
npm_ci_once() {
    local dir=$1 stamp=$1/node_modules/.okrpad-lock-sha256 want
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
        say "npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund)
        echo "$want" >"$stamp"
    fi
}

# The e2e tests' packages, plus binaryen's wasm-opt that Trunk uses for the release build
# (Debian's binaryen 108 emits a wasm that loads but renders nothing).
step_npm() {
    local dir=tests/e2e major
    major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)
    if [[ -z "$major" ]] || ((major < 20)); then
        echo "setup: Node.js 20 or newer is needed for the e2e tests (found: ${major:-none})" >&2
        exit 1
    fi
    npm_ci_once "$dir"
    say "node $(node --version), wasm-opt: $("$dir/node_modules/.bin/wasm-opt" --version)"
}

# The stock Yjs relay for live rooms (relay/package.json pins @y/websocket-server 0.1.1
# with yjs 13.6; `make relay`, and the live integration tests start it). LevelDB comes
# as a prebuilt binary inside the leveldown package, so its skipped install script does
# not matter.
step_relay() {
    local dir=relay
    command -v npm >/dev/null || { echo "setup: npm is needed for the relay" >&2; exit 1; }
    npm_ci_once "$dir"
    say "relay: @y/websocket-server $(node -p 'require("./relay/node_modules/@y/websocket-server/package.json").version')"
}

# Lighthouse for `make bench` (tests/lighthouse/package.json pins 12.2.3, which runs on
# Node 20), kept apart from the e2e packages so `make test` does not install it. It
# drives Debian's Chromium (CHROME_PATH) and downloads no browser.
step_lighthouse() {
    local dir=tests/lighthouse
    npm_ci_once "$dir"
    say "lighthouse $("$dir/node_modules/.bin/lighthouse" --version)"
}

# Trunk builds offline (cargo --offline), so every crate must already be downloaded.
step_fetch() {
    say "cargo fetch"
    cargo fetch --quiet
}

steps=("$@")
((${#steps[@]})) || steps=(rust trunk wasm-bindgen wasm-split apt npm relay fetch)
for s in "${steps[@]}"; do
    case "$s" in
        rust | trunk | twiggy | apt | npm | relay | lighthouse | fetch) "step_$s" ;;
        wasm-bindgen) step_wasm_bindgen ;;
        wasm-split) step_wasm_split ;;
        *) echo "setup: unknown step '$s'" >&2; exit 2 ;;
    esac
done
