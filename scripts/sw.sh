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

# Not the .br and .gz copies (scripts/compress.mjs, run after this): the browser never
# asks for them by name, it gets their bytes under the plain name from the host.
files=()
while IFS= read -r f; do files+=("${f#./}"); done < <(find . -type f ! -name '*.br' ! -name '*.gz' | LC_ALL=C sort)
# Names and contents both count: a renamed file is a new build too.
version=$(for f in "${files[@]}"; do printf '%s\0' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
# "./" is the page itself, as a visitor's address bar names it.
assets=$(printf '"%s", ' ./ "${files[@]}")
assets="[${assets%, }]"
sed -e "s|__VERSION__|$version|" -e "s|__ASSETS__|$assets|" "$template" >sw.js
echo "sw.sh: service worker $version, ${#files[@]} files"
