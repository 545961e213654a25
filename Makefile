# okrpad: `make test` checks everything (CI runs it), `make serve` to develop.
# Every target that needs tools depends on `setup`, which installs what is missing and
# takes seconds otherwise.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# One step at a time even under `make -j`: each step is parallel inside already (cargo),
# and the order (cheap checks before the long release build) is the point.
.NOTPARALLEL:

# cargo-installed tools, and binaryen's wasm-opt from npm, which Trunk finds on PATH.
export PATH := $(CURDIR)/tests/e2e/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
# Trunk would otherwise ask GitHub for a newer release on every run.
export TRUNK_SKIP_VERSION_CHECK := true

E2E := tests/e2e

.PHONY: help setup serve test lint unit dist budget cli e2e size bench bench-smoke bench-build relay clean

help:
	@echo 'make setup   install the tools (idempotent)'
	@echo 'make serve   develop at http://127.0.0.1:8080 (rebuilds on change)'
	@echo 'make test    everything CI checks: fmt, clippy, cargo test, release build, e2e'
	@echo 'make dist    release build of the browser app into dist/ (relative URLs)'
	@echo 'make cli     release build of the okrpad command-line tool'
	@echo 'make e2e     browser tests against the existing dist/'
	@echo 'make size    sizes of dist/ files (raw, gzip -9, brotli), the Wasm by function and crate'
	@echo 'make budget  fails if the first visit outgrows size-budget.json'
	@echo 'make bench   the benchmark (size, load, scale, core, floor, links): a few minutes'
	@echo 'make relay   start the Yjs relay for live rooms on ws://127.0.0.1:$(RELAY_PORT) (data in $(RELAY_DATA))'

setup:
	scripts/setup.sh

# Its debug build goes to target/, so dist/ keeps the release build that e2e tests.
serve: setup
	trunk serve --dist target/trunk-serve

test: setup lint unit dist budget bench-smoke e2e

# The UI compiles for wasm32 only, hence a second clippy run for that target (the
# CLI is native only). check-core-pure.sh proves the core and CLI link no browser crate;
# check-cycles.mjs that no two modules of the shell import each other, even indirectly.
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p okrpad-app -p okrpad-core -p okrpad-live -p okrpad-live-worker -p okrpad-bench --lib --bins -- -D warnings
	scripts/check-core-pure.sh
	node scripts/check-cycles.mjs

# The live tests start the real relay (relay/), so it is installed first.
unit:
	scripts/setup.sh relay
	cargo test --workspace

dist: setup
	trunk build --release

# The first visit (the page and what it loads, brotli) within size-budget.json's budget,
# which only goes down (scripts/budget.mjs; README "How small and how fast").
budget:
	@test -f dist/index.html || { echo 'no dist/: run `make dist` first' >&2; exit 1; }
	node scripts/budget.mjs

cli:
	cargo build --release --bin okrpad
	@echo "built target/release/okrpad"

# Not `npm test`: npm's error footer would follow the test summary that CI reads last.
# The timeout guards against a hang; it applies to each file as a whole too, and the
# 2,000-objective and print tests make some files take over a minute on a busy machine.
# The live tests (live*.test.mjs) start the real relay, so it is installed too, and
# run the CLI against it, built here (`cli`) rather than inside a test's time limit,
# and rebuilt if stale: the tests build it only when it is missing.
e2e: cli
	@test -f dist/index.html || { echo 'no dist/: run `make dist` first' >&2; exit 1; }
	scripts/setup.sh apt npm relay
	cd $(E2E) && node --test --test-timeout=240000

# The table, then the Wasm's largest functions and crates (twiggy, on the names that
# dist/ strips: scripts/size-wasm.sh).
size:
	scripts/setup.sh twiggy
	scripts/size.sh dist
	scripts/size-wasm.sh

# The benchmark (tests/e2e/bench/bench.mjs; DESIGN.md "Benchmark"): one table, also
# in target/bench/latest.json. It measures the release build in dist/.
# Its chaos run drives the CLI too (`cli`, so never a stale build of it).
bench: setup dist bench-build cli
	scripts/setup.sh apt npm relay lighthouse
	node $(E2E)/bench/bench.mjs

# Every step of the benchmark on tiny documents, once: proves `make bench` still works.
bench-smoke: setup bench-build cli
	@test -f dist/index.html || { echo 'no dist/: run `make dist` first' >&2; exit 1; }
	scripts/setup.sh apt npm relay
	node $(E2E)/bench/bench.mjs --smoke

# The core timed in Wasm: a separate binary (crates/bench), never in dist/, built with
# the release profile whose dependencies `make dist` has compiled already. (The native
# twin is built by the script: `cargo bench`, or the dev profile for the smoke run.)
BENCH_WASM := target/wasm32-unknown-unknown/release/okrpad-bench-core.wasm
bench-build:
	cargo build --release --target wasm32-unknown-unknown --bin okrpad-bench-core
	wasm-bindgen --target web --no-typescript --out-name okrpad-bench-core --out-dir target/bench/core-wasm $(BENCH_WASM)

# The stock Yjs relay (@y/websocket-server, pinned in relay/package.json) for live rooms,
# on loopback only, keeping rooms in RELAY_DATA so they survive a restart. For a team,
# see README "Live editing": behind a TLS proxy as wss://, as a service.
RELAY_PORT ?= 1234
RELAY_DATA ?= $(CURDIR)/target/relay-data
relay:
	scripts/setup.sh relay
	mkdir -p $(RELAY_DATA)
	cd relay && HOST=127.0.0.1 PORT=$(RELAY_PORT) YPERSISTENCE=$(RELAY_DATA) npx y-websocket

clean:
	rm -rf dist $(E2E)/artifacts
