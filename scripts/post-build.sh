#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), on its staging dir, in this order (Trunk runs the
# hooks of one stage at the same time, so this one runs them all):
# 0. the app's Wasm, split into the first download and the meeting screens' modules
#    (build-app.mjs: Trunk cannot split it, so it builds everything else);
# 1. release only: the JS glue minified, the page's comments dropped (minify.mjs);
# 2. the Content-Security-Policy gets the hash of the page's inline loader (csp.mjs),
#    which must see the final page;
# 3. the service worker is written with the build's file list and a version hashed
#    from its final files (sw.sh, DESIGN.md "Offline");
# 4. release only: a brotli and a gzip copy beside every text and Wasm file, for hosts
#    that serve them (compress.mjs, README "Hosting"). `trunk serve` skips 1 and 4:
#    it serves uncompressed, and its glue stays readable.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
release=false
[[ "${TRUNK_PROFILE:-}" == release ]] && release=true

node "$scripts/build-app.mjs"
if $release; then node "$scripts/minify.mjs"; fi
node "$scripts/csp.mjs"
bash "$scripts/sw.sh"
if $release; then node "$scripts/compress.mjs"; fi
