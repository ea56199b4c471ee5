#!/usr/bin/env bash
# README's second command: installs what is needed, builds, and runs every test:
#   1. unit tests (GoogleTest via CTest) under AddressSanitizer + UndefinedBehaviorSanitizer;
#   2. integration tests (node:test) against the real sanitizer-built binary on loopback;
#   3. browser tests in headless Chromium (playwright-core) against the Release binary.
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

step "build: release"
scripts/build.sh release tribune
step "build: sanitizers"
scripts/build.sh asan

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

step "unit tests"
(cd build-asan && ctest --output-on-failure -j2 --timeout 600)

step "integration tests"
TRIBUNE_BIN="$root/build-asan/tribune" node --test --test-concurrency=2 tests/integration/

step "browser tests"
TRIBUNE_BIN="$root/build/tribune" TRIBUNE_BUILD_DIR="$root/build" node --test --test-concurrency=1 tests/browser/

step "all tests passed"
