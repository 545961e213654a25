#!/usr/bin/env bash
# What the browser downloads: each file of a build (default dist/) raw, gzip -9 and
# brotli -q 11, the two encodings static hosts serve. Usage: scripts/size.sh [dir]
set -euo pipefail

dir=${1:-dist}
dir=${dir%/} # "dist/" too, else the names below keep the whole path (and bench.mjs counts sw.js)
[[ -d "$dir" ]] || { echo "size: no $dir/ (run make dist)" >&2; exit 1; }

printf '%-44s %10s %10s %10s\n' file raw gzip brotli
total=(0 0 0)
while IFS= read -r f; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    printf '%-44s %10d %10d %10d\n' "${f#"$dir"/}" "$raw" "$gz" "$br"
    total=($((total[0] + raw)) $((total[1] + gz)) $((total[2] + br)))
done < <(find "$dir" -type f ! -name '*.br' ! -name '*.gz' | sort) # not the precompressed copies
printf '%-44s %10d %10d %10d\n' total "${total[@]}"
