#!/usr/bin/env bash
# Where the Wasm's bytes are: its largest functions and a roll-up per crate, measured
# with twiggy (scripts/setup.sh twiggy) on a copy of the release build that keeps its
# names. dist/'s Wasm has none; the linked module in target/ does (Cargo.toml keeps
# them: strip = false), and this splits it and puts the main module through wasm-bindgen
# and wasm-opt as scripts/build-app.mjs does, with -g, so each function's size is its
# size in the first visit's Wasm (the meeting screens' code is not in it).
# Usage: scripts/size-wasm.sh [N]   (N largest functions, default 25)
set -euo pipefail

cd "$(dirname "$0")/.."
n=${1:-25}
linked=target/wasm32-unknown-unknown/release/okrpad-app.wasm
out=target/size
[[ -f "$linked" ]] || { echo "size-wasm: no $linked (run make dist)" >&2; exit 1; }
mkdir -p "$out"

# The same flags as the app's rust link in index.html (data-wasm-opt,
# data-wasm-opt-params), not the live worker's, which has its own.
app_link=$(sed -n '/data-bin="okrpad-app"/,/>/p' index.html)
params=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' <<<"$app_link")
level=$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' <<<"$app_link")
# Redone only when the linked module changed (by content: cargo may put back an older
# build's file, with its older time, when the flags go back to what they were).
sum=$(sha256sum "$linked" | cut -d' ' -f1)
if [[ "$(cat "$out/linked.sha256" 2>/dev/null)" != "$sum" || ! -f "$out/okrpad-app_bg.wasm" ]]; then
    # Split as scripts/build-app.mjs splits it: the named copy is the first visit's main
    # module, without the meeting screens (their modules are dist/'s *_split_*.wasm).
    rm -rf "$out/parts"
    wasm-split-cli --target web --out-name okrpad-app "$linked" "$out/parts" >/dev/null
    wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-name okrpad-app \
        --out-dir "$out/bindgen" "$out/parts/okrpad-app.wasm"
    # shellcheck disable=SC2086 # the params are several flags
    wasm-opt "-O$level" -g --strip-dwarf $params "$out/bindgen/okrpad-app_bg.wasm" -o "$out/okrpad-app_bg.wasm"
    echo "$sum" >"$out/linked.sha256"
fi
wasm="$out/okrpad-app_bg.wasm"
echo "named copy: $wasm ($(wc -c <"$wasm") bytes; dist/ has the same code without the names)"

echo
echo "largest functions and data (shallow bytes, raw, before compression; the names"
echo "subsection and the total include the names, which dist/ does not have):"
twiggy top -n "$n" "$wasm"

twiggy top -n 1000000 --format csv "$wasm" >"$out/top.csv"
echo
echo "per crate (shallow bytes summed by the crate that each item's name starts with):"
node scripts/twiggy-crates.mjs "$out/top.csv"
