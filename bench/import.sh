#!/usr/bin/env bash
# Import benchmark: the streaming memory bound of `tribune import disqus`. Generates a Disqus
# export of ~1 MB and one of ~1 GB (bench/disqus_gen.mjs: threads, posts with HTML messages,
# some replies before their parents), imports each into a fresh SQLite data directory (no
# --report, so no per-thread map is kept) and records the import process's peak RSS
# (/usr/bin/time -v, Debian's `time` package), the wall time and posts per second. The verdict:
# both peak RSS within 8 MiB of each other. Generated files and data directories are deleted.
#
#   bench/import.sh                 run, print a Markdown section
#   bench/import.sh --record        also append it to docs/performance.md
#   bench/import.sh --small-only    only the ~1 MB file (a quick check that the script works)
#
# Env: TRIBUNE_BIN (default <root>/build/tribune), BENCH_IMPORT_BIG_BYTES (default 1000000000),
#      BENCH_IMPORT_TIMEOUT_S (each import's bound, default 3600: an import stopped by it is
#      recorded as stopped, with the posts it had read and its peak RSS so far),
#      BENCH_IMPORT_DIR (where the files go, default a new directory under /tmp: it needs ~2.5x
#      the big size free), BENCH_IMPORT_DATA_BASE (where the data directories go, default
#      BENCH_IMPORT_DIR; /dev/shm takes the disk's fsyncs out of the wall time, not out of the RSS).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
record=0
small_only=0
for arg in "$@"; do
    case "$arg" in
        --record) record=1 ;;
        --small-only) small_only=1 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done
bin="${TRIBUNE_BIN:-$root/build/tribune}"
big_bytes="${BENCH_IMPORT_BIG_BYTES:-1000000000}"
timeout_s="${BENCH_IMPORT_TIMEOUT_S:-3600}"
[[ -x "$bin" ]] || { echo "no tribune binary at $bin (build it, or set TRIBUNE_BIN)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing: scripts/install-deps.sh installs Debian's time package" >&2; exit 2; }

work="${BENCH_IMPORT_DIR:-$(mktemp -d /tmp/tribune-import-bench.XXXXXX)}"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# One size: generate, import, measure; prints "bytes posts rss_kib wall_s posts_per_s".
run_size() {
    local name="$1" bytes="$2"
    local file="$work/$name.xml" data="${BENCH_IMPORT_DATA_BASE:-$work}/tribune-import-bench-$name-$$" timing="$work/$name.time"
    local gen
    gen="$(timeout "$timeout_s" node "$here/disqus_gen.mjs" "$file" "$bytes")"
    local posts size
    posts="$(node -e 'console.log(JSON.parse(process.argv[1]).posts)' "$gen")"
    local file_posts="$posts"
    size="$(stat -c %s "$file")"
    mkdir -p "$data"
    local start end code=0
    start="$(date +%s.%N)"
    # time(1) reports the largest RSS among what it waited for: timeout's child, the import.
    /usr/bin/time -v -o "$timing" timeout -s INT "$timeout_s" "$bin" import disqus "$file" --data "$data" \
        > "$work/$name.out" 2> "$work/$name.err" || code=$?
    end="$(date +%s.%N)"
    rm -f "$file"
    rm -rf "$data"
    if [[ "$code" == 124 ]]; then
        # Stopped by the bound: the posts read so far (the import's progress lines) instead.
        posts="$(grep -o '[0-9]* items read' "$work/$name.err" | tail -1 | cut -d' ' -f1)"
        echo "$name: stopped after ${timeout_s} s, ${posts:-0} of the file's $file_posts posts read" >> "$work/$name.out"
        posts="${posts:-0}"
    elif [[ "$code" != 0 ]]; then
        echo "import of the $name file failed:" >&2
        tail -5 "$work/$name.err" >&2
        exit 1
    fi
    local rss wall
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timing")"
    wall="$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}')"
    echo "$size $posts $rss $wall $(awk -v p="$posts" -v w="$wall" 'BEGIN {printf "%d", p / w}')"
    echo "$name: $(grep -E '^(imported|[a-z]+: stopped)' "$work/$name.out" | tail -1)" >&2
}

small="$(run_size small 1000000)"
if [[ "$small_only" == 1 ]]; then
    big="$small"
else
    big="$(run_size big "$big_bytes")"
fi
read -r s_size s_posts s_rss s_wall s_rate <<< "$small"
read -r b_size b_posts b_rss b_wall b_rate <<< "$big"
diff_kib=$(( b_rss - s_rss ))
abs_kib=${diff_kib#-}
if (( abs_kib <= 8192 )); then
    verdict="the same peak RSS within 8 MiB (difference $(( diff_kib / 1024 )) MiB): the import streams in constant memory"
else
    verdict="NOT the same: the large import's peak RSS is $(( diff_kib / 1024 )) MiB higher"
fi
stopped=""
if grep -q "stopped after" "$work/big.out" 2>/dev/null; then
    stopped="
The large import was stopped by its bound (BENCH_IMPORT_TIMEOUT_S=${timeout_s}) before the end of
the file ($(grep -o 'stopped after.*' "$work/big.out")): its row counts the posts read until then,
and its peak RSS is the peak until then."
fi
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
size_text() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b / 1e9; else printf "%.2f MB", b / 1e6 }'; }

section="$(cat <<EOF

## Import: streaming memory bound ($(date -u +%Y-%m-%d))

\`bench/import.sh\` at commit \`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)\`, on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM), the SQLite data directories under
\`${BENCH_IMPORT_DATA_BASE:-$work}\`. Each file is generated by \`bench/disqus_gen.mjs\` and imported into a fresh data
directory with \`tribune import disqus FILE --data DIR\` (no \`--report\`); the peak RSS is
\`/usr/bin/time -v\`'s "Maximum resident set size" of the import process.

| File | Posts | Peak RSS | Wall time | Posts/s |
|---|---|---|---|---|
| $(size_text "$s_size") | $s_posts | $(mib "$s_rss") | ${s_wall} s | $s_rate |
| $(size_text "$b_size") | $b_posts | $(mib "$b_rss") | ${b_wall} s | $b_rate |

Verdict: $verdict.$stopped
EOF
)"
echo "$section"
if [[ "$record" == 1 ]]; then
    echo "$section" >> "$root/docs/performance.md"
    echo "appended to docs/performance.md" >&2
fi
