#!/usr/bin/env bash
# Builds Tribune with CMake and Ninja. Usage: scripts/build.sh [release|asan|fuzz] [ninja target...]
#   release -> build/       (Release; the binary is build/tribune)
#   asan    -> build-asan/  (AddressSanitizer + UndefinedBehaviorSanitizer, for the tests)
#   fuzz    -> build-fuzz/  (clang-15, libFuzzer + ASan + UBSan; the targets are build-fuzz/fuzz/*_fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
shift || true
case "$kind" in
    release) dir=build; flags=(-DCMAKE_BUILD_TYPE=Release) ;;
    asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUNE_SANITIZE=ON) ;;
    # libFuzzer comes with clang only; fuzz/CMakeLists.txt adds the instrumentation. -O1 with line
    # tables builds a quarter faster than -O2 -g and still symbolizes; asserts stay on.
    fuzz) dir=build-fuzz; export CC=clang-15 CXX=clang++-15
        flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
            -DTRIBUNE_FUZZ=ON -DTRIBUNE_TESTS=OFF -DTRIBUNE_WERROR=OFF) ;;
    *) echo "usage: $0 [release|asan|fuzz] [target...]" >&2; exit 2 ;;
esac
# ccache: paths relative to the checkout, so another clone on the same machine (CI) hits the cache.
export CCACHE_BASEDIR="$(pwd)"
export CCACHE_NOHASHDIR=1
# Precompiled headers (cmake/build_speed.cmake): ccache caches a file compiled with one only when
# told that the header's macros and __DATE__/__TIME__ may be ignored in the hash.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
[[ -f "$dir/build.ninja" ]] || cmake -S . -B "$dir" -G Ninja "${flags[@]}" ${TRIBUNE_CMAKE_FLAGS:-}
ninja -C "$dir" "$@"
