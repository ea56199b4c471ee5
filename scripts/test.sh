#!/usr/bin/env bash
# README's second command: installs what is needed, builds, and runs every test:
#   1. unit tests (GoogleTest via CTest) under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. integration tests (node:test) against the real sanitizer-built binary on loopback;
#   3. browser tests in headless Chromium (playwright-core) against the Release binary;
#   4. each benchmark script in its quick mode (a second per phase; errors fail, speed does not);
#   and first, scripts/check-layers.sh: no source includes a module its layer may not reach;
#   and, between 1 and 2, every libFuzzer target for a few seconds (scripts/fuzz.sh --smoke).
# A private PostgreSQL cluster (scripts/pg.sh) runs for the whole suite, so the store contract
# tests and the multi-node tests run on both engines; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(($(date +%s) - start))"; }

step "dependencies"
scripts/install-deps.sh
if [[ ! -d node_modules/playwright-core ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
fi

step "layer check"
scripts/check-layers.sh

step "build: release"
scripts/build.sh release tribune
step "build: sanitizers"
scripts/build.sh asan

step "private PostgreSQL"
pg_dir=$(mktemp -d /tmp/tribune-test-pg.XXXXXX)
chmod 755 "$pg_dir"
cleanup() { scripts/pg.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
TRIBUNE_TEST_PG_URL=$(scripts/pg.sh start "$pg_dir")
export TRIBUNE_TEST_PG_URL
echo "PostgreSQL at $TRIBUNE_TEST_PG_URL"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

step "unit tests"
(cd build-asan && ctest --output-on-failure -j2 --timeout 600)

step "fuzz smoke run"
scripts/fuzz.sh --smoke

step "integration tests"
TRIBUNE_BIN="$root/build-asan/tribune" node --test --test-concurrency=2 tests/integration/

step "browser tests"
TRIBUNE_BIN="$root/build/tribune" TRIBUNE_BUILD_DIR="$root/build" node --test --test-concurrency=1 tests/browser/

# Each benchmark in its quick mode: a second or two per phase, failing on any error or missed
# delivery, so a benchmark cannot rot unnoticed. No speed is asserted (docs/performance.md).
step "benchmark scripts (quick)"
TRIBUNE_BIN="$root/build/tribune" bench/core.sh --quick
TRIBUNE_BIN="$root/build/tribune" bench/compression.sh --quick
TRIBUNE_BIN="$root/build/tribune" TRIBUNE_BUILD_DIR="$root/build" bench/live.sh --quick

step "all tests passed"
