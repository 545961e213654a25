#!/usr/bin/env bash
# Writes the service worker (web/sw.js) into a build, with the build's file list and a
# version that is a hash of those files: any change to the app makes a new version, so
# browsers replace their offline copy (see DESIGN.md, "Offline").
#
# Trunk runs it after each build (scripts/post-build.sh) on its staging dir;
# by hand: scripts/sw.sh DIR
set -euo pipefail

template="$(cd "$(dirname "$0")/.." && pwd)/web/sw.js"
dir=${1:-${TRUNK_STAGING_DIR:?"usage: scripts/sw.sh DIR (or run by Trunk)"}}
cd "$dir"
rm -f sw.js

# Every file counts in the version, but not the .br and .gz copies (scripts/compress.mjs,
# run after this): the browser never asks for them by name, it gets their bytes under
# the plain name from the host. The live worker's files (the CRDT engine, ~100 KB
# brotli) are cached when first used rather than at install, so a visitor who never
# goes live never downloads them; okrpad.config.json (the site's live defaults, which a
# host may change without a rebuild) always comes from the network.
files=() assets=() lazy=()
while IFS= read -r f; do
    f=${f#./}
    files+=("$f")
    case "$f" in
        okrpad-live-worker*) lazy+=("$f") ;;
        okrpad.config.json) ;;
        *) assets+=("$f") ;;
    esac
done < <(find . -type f ! -name '*.br' ! -name '*.gz' | LC_ALL=C sort)
# Names and contents both count: a renamed file is a new build too.
version=$(for f in "${files[@]}"; do printf '%s\0' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
# "./" is the page itself, as a visitor's address bar names it.
list=$(printf '"%s", ' ./ "${assets[@]}")
list="[${list%, }]"
later="[]"
if ((${#lazy[@]})); then
    later=$(printf '"%s", ' "${lazy[@]}")
    later="[${later%, }]"
fi
sed -e "s|__VERSION__|$version|" -e "s|__ASSETS__|$list|" -e "s|__LAZY__|$later|" "$template" >sw.js
echo "sw.sh: service worker $version, ${#files[@]} files"
