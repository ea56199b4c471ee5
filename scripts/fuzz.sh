#!/usr/bin/env bash
# Builds the libFuzzer targets (scripts/build.sh fuzz -> build-fuzz/) and runs them one after
# another on their seed corpora (fuzz/README.md). Usage:
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   long runs (default 3600 s per target); the corpus grows
#                                          in build-fuzz/fuzz-work/<target>/corpus across runs
#   scripts/fuzz.sh --smoke                the test command's run: about 90 s for all targets,
#                                          each from its seeds alone
# Stops at the first crash, prints where the reproducer is and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 [SECONDS_PER_TARGET | --smoke]" >&2; exit 2; }
smoke=0
seconds=3600
case "${1:-}" in
    --smoke) smoke=1 ;;
    "") ;;
    *[!0-9]*) usage ;;
    *) seconds=$1 ;;
esac

# target:max_len:smoke_seconds. The request target gets the longest smoke run: it is the widest.
targets=(request:8192:28 ws_reader:4096:12 markdown:4096:12 content_filter:2048:12 comment_text:1024:9 cursor:128:7
         article_file:4096:7 media_probe:8192:7)

nice -n 10 scripts/build.sh fuzz fuzzers

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
[[ -x /usr/lib/llvm-15/bin/llvm-symbolizer ]] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-15/bin/llvm-symbolizer
# The request target's SQLite store lives here: tmpfs when there is one, since it syncs every write.
parent=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && parent=/dev/shm
TRIBUNE_FUZZ_TMP=$(mktemp -d "$parent/tribune-fuzz.XXXXXX")
export TRIBUNE_FUZZ_TMP
trap 'rm -rf "$TRIBUNE_FUZZ_TMP"' EXIT

work=build-fuzz/fuzz-work
[[ $smoke == 1 ]] && work=build-fuzz/fuzz-smoke && rm -rf "$work"
for spec in "${targets[@]}"; do
    IFS=: read -r name max_len smoke_seconds <<<"$spec"
    time=$seconds
    [[ $smoke == 1 ]] && time=$smoke_seconds
    dir="$work/$name"
    mkdir -p "$dir/corpus" "$dir/crashes"
    # The seeds are copied, never written: libFuzzer adds what it finds to the first directory.
    for seed in fuzz/corpus/"$name"/*; do
        [[ -e "$dir/corpus/${seed##*/}" ]] || cp "$seed" "$dir/corpus/"
    done
    bin=build-fuzz/fuzz/${name}_fuzz
    # Reproducers of bugs found before run first, each in a process of its own (the request
    # target keeps state between inputs): one that still fails stops here.
    for reproducer in fuzz/regressions/"$name"/*; do
        [[ -f "$reproducer" ]] || continue
        if ! "$bin" "$reproducer" >"$dir/regression.log" 2>&1; then
            grep -a -A3 -E 'property failed|ERROR: AddressSanitizer|runtime error|^SUMMARY' "$dir/regression.log" | head -n 40
            echo "== fuzz $name FAILED: regression $reproducer (log: $dir/regression.log)"
            exit 1
        fi
    done
    extra=()
    [[ -f fuzz/$name.dict ]] && extra+=(-dict="fuzz/$name.dict")
    echo "== fuzz $name: ${time}s (log: $dir/fuzz.log)"
    status=0
    "$bin" -max_total_time="$time" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" "${extra[@]}" "$dir/corpus" >"$dir/fuzz.log" 2>&1 || status=$?
    grep -aE '^(stat::number_of_executed_units|stat::peak_rss_mb)|^(#[0-9]+\s+DONE)' "$dir/fuzz.log" | sed 's/^/   /' || true
    if ((status != 0)); then
        tail -n 60 "$dir/fuzz.log"
        reproducer=$(ls -t "$dir"/crashes/* 2>/dev/null | head -n 1 || true)
        echo "== fuzz $name FAILED (exit $status)"
        [[ -n "$reproducer" ]] && echo "reproducer: $reproducer" && echo "rerun it:   $bin $reproducer"
        [[ $name == request ]] && echo "(the store outlives inputs: if it passes alone, the inputs before it set the stage)"
        exit 1
    fi
done
echo "== fuzz: no crash"
