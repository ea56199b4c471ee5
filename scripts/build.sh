#!/usr/bin/env bash
# Builds Tribune with CMake and Ninja. Usage: scripts/build.sh [release|asan] [ninja target...]
#   release -> build/       (Release; the binary is build/tribune)
#   asan    -> build-asan/  (AddressSanitizer + UndefinedBehaviorSanitizer, for the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
shift || true
case "$kind" in
    release) dir=build; flags=(-DCMAKE_BUILD_TYPE=Release) ;;
    asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUNE_SANITIZE=ON) ;;
    *) echo "usage: $0 [release|asan] [target...]" >&2; exit 2 ;;
esac
# ccache: paths relative to the checkout, so another clone on the same machine (CI) hits the cache.
export CCACHE_BASEDIR="$(pwd)"
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
[[ -f "$dir/build.ninja" ]] || cmake -S . -B "$dir" -G Ninja "${flags[@]}" ${TRIBUNE_CMAKE_FLAGS:-}
ninja -C "$dir" "$@"
