#!/usr/bin/env bash
# The domain core and the CLI must never depend on a browser crate: the core is shared
# by the browser app and the CLI, and "pure" is what lets it be tested natively and
# published on its own. A `use leptos` in crates/core already fails to compile (its
# manifest names no browser crate); this guards the manifests themselves, for the
# native build and for wasm32, where the browser crates would otherwise come in.
set -euo pipefail
cd "$(dirname "$0")/.."
browser='^(leptos|web-sys|js-sys|wasm-bindgen|wasm-bindgen-futures|gloo-[a-z-]+|reactive_graph|tachys) '
status=0
for package in okrpad-core okrpad-live okrpad-cli; do
    for target in "" "--target wasm32-unknown-unknown"; do
        [[ $package == okrpad-cli && -n $target ]] && continue   # the CLI is native only
        # shellcheck disable=SC2086
        found=$(cargo tree --offline -q -e normal -p "$package" $target --prefix none | sort -u | grep -E "$browser" || true)
        # okrpad-live on wasm32: yrs draws its client ids from fastrand, whose wasm32
        # randomness comes from getrandom, which binds crypto.getRandomValues through
        # wasm-bindgen. That binding, and nothing else of the browser, is allowed.
        if [[ $package == okrpad-live && -n $target ]]; then
            found=$(grep -vE '^wasm-bindgen(-macro|-macro-support|-shared)? ' <<<"$found" || true)
        fi
        if [[ -n $found ]]; then
            echo "check-core-pure: $package${target:+ ($target)} depends on browser crates:" >&2
            echo "$found" >&2
            status=1
        fi
    done
done
((status == 0)) && echo "check-core-pure: okrpad-core, okrpad-live and okrpad-cli depend on no browser crate"
exit $status
