#!/usr/bin/env bash
# Tribune compression benchmark: what a cached compressed answer costs next to an uncompressed
# one. One server, one thread of 1,000 comments (as bench/core.sh), then wrk on the cached JSON
# first page and the cached article page, each without Accept-Encoding (identity) and with
# `Accept-Encoding: br, gzip`, for BENCH_ROUNDS rounds, the order of the two swapped every round
# so drift hits both alike.
# Also prints the sizes of embed.js, the article page and the JSON in each form. Loopback only;
# every load run is bounded by wrk -d and by `timeout`.
#
#   bench/compression.sh          run, print a Markdown section (paste it into docs/performance.md)
#   bench/compression.sh --quick  one round of 1 s runs, no waiting for a quiet machine: the test
#                                 command's check that it still works. In every mode a run with an
#                                 error or no successful answer exits 1 (no speed verdict).
#
# Env: TRIBUNE_BIN (default <root>/build/tribune), BENCH_DURATION (seconds per measured run,
#      default 10), BENCH_CONNECTIONS (default 64), BENCH_ROUNDS (default 2),
#      BENCH_LOAD_MAX (default: the number of cores) and BENCH_LOAD_WAIT (seconds, default 300):
#      before starting, wait at most that long for the 1-minute load average to drop to the max.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
quick=0
case "${1:-}" in
    "") ;;
    --quick) quick=1 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compression.sh: unknown argument $1" >&2; exit 2 ;;
esac

duration="${BENCH_DURATION:-10}"
conns="${BENCH_CONNECTIONS:-64}"
rounds="${BENCH_ROUNDS:-2}"
warmup=2
seed_count=1000
load_max="${BENCH_LOAD_MAX:-$(nproc)}"
load_wait="${BENCH_LOAD_WAIT:-300}"
if [[ "$quick" == 1 ]]; then
    duration="${BENCH_DURATION:-1}"
    rounds=1
    warmup=1
    load_wait=0
fi
for tool in wrk node curl timeout; do
    command -v "$tool" >/dev/null || { echo "compression.sh: $tool is not installed" >&2; exit 1; }
done
bin="${TRIBUNE_BIN:-$root/build/tribune}"
[[ -x "$bin" ]] || { echo "compression.sh: $bin is not executable (scripts/build.sh release tribune)" >&2; exit 1; }

log() { echo "compression.sh: $*" >&2; }

load_start="$(cut -d' ' -f1 /proc/loadavg)"
waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$load_max" 'BEGIN {exit !(l > m)}' && ((waited < load_wait)); do
    ((waited == 0)) && log "load average $load_start > $load_max; waiting (at most ${load_wait}s)"
    sleep 5
    waited=$((waited + 5))
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tribune-bench-compression.XXXXXX")"
server_pid=""
alive() {
    local state
    state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 100); do alive "$server_pid" || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server: SQLite in the temporary directory, defaults otherwise (compression on).
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
TRIBUNE_ADMIN_TOKEN="$token" "$bin" serve --listen 127.0.0.1:0 --data "$tmp/data" >"$tmp/tribune.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 300); do
    base="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$tmp/tribune.log" | sed 's/listening on //' || true)"
    [[ -n "$base" ]] && break
    alive "$server_pid" || { cat "$tmp/tribune.log" >&2; log "tribune exited"; exit 1; }
    sleep 0.1
done
[[ -n "$base" ]] || { log "tribune did not report its port within 30 s"; exit 1; }
log "tribune $bin at $base (pid $server_pid)"

slug="$(node "$here/core_helpers.mjs" find-thread "$base" record-seal-pup-count-ardlow-skerries)"
page="/articles/$slug"
log "seeding $seed_count comments into $page"
total="$(node "$here/core_helpers.mjs" seed "$base" "$page" "$token" "$seed_count")"
[[ "$total" == "$seed_count" ]] || { log "thread total is $total, expected $seed_count"; exit 1; }
api_path="/api/v1/comments?page=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$page")&limit=20"

# size_of PATH CODING: bytes of the answer asked for with CODING ("" for none); checks that the
# answer carries that coding and decodes to the identity bytes.
size_of() {
    local path="$1" coding="$2" name
    name="$(echo "$path$coding" | md5sum | cut -c1-8)"
    local hdr=()
    [[ -n "$coding" ]] && hdr=(-H "Accept-Encoding: $coding")
    curl -sS --max-time 10 "${hdr[@]}" -o "$tmp/$name.body" -D "$tmp/$name.headers" "$base$path"
    grep -q '^HTTP/1.1 200' "$tmp/$name.headers" || { log "GET $path ($coding) is not 200"; exit 1; }
    local got
    got="$(awk -F': ' 'tolower($1) == "content-encoding" {gsub(/\r/, "", $2); print $2}' "$tmp/$name.headers")"
    [[ "$got" == "$coding" ]] || { log "GET $path asked $coding, got '${got}'"; exit 1; }
    stat -c %s "$tmp/$name.body"
    if [[ -n "$coding" ]]; then
        curl -sS --max-time 10 -o "$tmp/$name.identity" "$base$path"
        node -e '
            const fs = require("fs"), zlib = require("zlib");
            const [file, identity, coding] = process.argv.slice(1);
            const body = fs.readFileSync(file);
            const plain = coding === "br" ? zlib.brotliDecompressSync(body) : zlib.gunzipSync(body);
            if (!plain.equals(fs.readFileSync(identity))) { console.error(`${file}: does not decode to the identity bytes`); process.exit(1); }
        ' "$tmp/$name.body" "$tmp/$name.identity" "$coding" || exit 1
    fi
}
sizes=()
for what in "/embed.js|embed.js" "$page|article page (1,000-comment thread)" "$api_path|thread JSON, first page, limit=20"; do
    path="${what%%|*}"
    plain="$(size_of "$path" "")"
    gz="$(size_of "$path" gzip)"
    br="$(size_of "$path" br)"
    sizes+=("| ${what#*|} | $plain | $gz | $br |")
done

# run_wrk NAME URL [HEADER]: warm-up, then the measured run; sets r_rps r_p99 r_errors r_cpu_us
# (server CPU microseconds per request, user + system, all threads) and r_bytes (transfer/s).
run_wrk() {
    local name="$1" url="$2" hdr=()
    [[ -n "${3:-}" ]] && hdr=(-H "$3")
    timeout $((warmup + 30)) wrk -t2 -c"$conns" -d"${warmup}s" "${hdr[@]}" "$url" >/dev/null
    local t0 t1
    t0="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
    timeout $((duration + 30)) wrk -t2 -c"$conns" -d"${duration}s" --latency "${hdr[@]}" "$url" >"$tmp/$name.txt"
    t1="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
    local out="$tmp/$name.txt" requests non2xx sock
    r_rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
    r_p99="$(awk '$1 == "99%" {print $2}' "$out")"
    r_bytes="$(awk '/^Transfer\/sec:/ {print $2}' "$out")"
    requests="$(awk '/requests in/ {print $1}' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
    sock="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")"
    r_errors="$(( ${non2xx:-0} + ${sock:-0} ))"
    r_cpu_us="$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0)}')"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
broken=()  # runs that failed: the script exits 1 once its section is out
declare -A cpu_sum=()
for ((round = 1; round <= rounds; round++)); do
    for target in json html; do
        url="$base$api_path"
        [[ "$target" == html ]] && url="$base$page"
        # Which form runs first alternates by round, so a machine getting busier over the run
        # weighs on both alike (the quiet run of 2026-12-06 always measured identity first).
        modes=(identity compressed)
        ((round % 2 == 0)) && modes=(compressed identity)
        for mode in "${modes[@]}"; do
            header=""
            [[ "$mode" == compressed ]] && header="Accept-Encoding: br, gzip"
            log "round $round: $target $mode"
            run_wrk "$target-$mode-$round" "$url" "$header"
            rows+=("| $round | $target | $mode | $r_rps | $r_p99 | $r_errors | $r_cpu_us | $r_bytes |")
            if [[ "$r_errors" != 0 || "${r_rps:-0}" == 0 ]]; then broken+=("round $round $target $mode: $r_errors errors, ${r_rps:-0} req/s"); fi
            cpu_sum[$target-$mode]="$(awk -v a="${cpu_sum[$target-$mode]:-0}" -v b="$r_cpu_us" 'BEGIN {print a + b}')"
        done
    done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

verdicts=()
for target in json html; do
    verdicts+=("$(awk -v i="${cpu_sum[$target-identity]}" -v c="${cpu_sum[$target-compressed]}" -v t="$target" -v n="$rounds" 'BEGIN {
        r = 100 * c / i
        printf "- %s: compressed hit %.1f µs/req vs identity %.1f µs/req (mean of %d rounds): %.0f%% -> **%s**", t, c / n, i / n, n, r, (r <= 110 ? "met" : "not met") }')")
done

cpu_model="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo
echo "### Run $(date -u +%Y-%m-%d)"
echo
echo "- Command: \`TRIBUNE_BIN=${bin#"$root"/} bench/compression.sh\` (BENCH_DURATION=$duration, BENCH_CONNECTIONS=$conns, BENCH_ROUNDS=$rounds)"
echo "- Commit: \`$(git -C "$root" rev-parse --short HEAD)\`$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' with uncommitted changes')"
echo "- Machine: $(nproc) cores ($cpu_model), $(uname -sr); load average before $load_before, after $load_after (waited ${waited}s)"
echo
echo "| answer | identity B | gzip B | br B |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${sizes[@]}"
echo
echo "| round | cached answer | Accept-Encoding | req/s | p99 | errors | server CPU µs/req | transfer/s |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
if [[ "$quick" == 1 ]]; then
    echo "Quick run (--quick): every run checked for errors and every compressed form for its bytes; no speed verdict."
else
    echo "Target: a cached compressed hit costs at most 110% of the server CPU per request of an identity one."
    printf '%s\n' "${verdicts[@]}"
fi
if ((${#broken[@]} > 0)); then
    for b in "${broken[@]}"; do log "FAILED: $b"; done
    exit 1
fi
