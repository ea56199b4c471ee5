#!/usr/bin/env bash
# Tribune core benchmark: one thread of 1,000 comments, read as JSON and as HTML, against
# nginx serving the same JSON bytes as a static file, then reader POST throughput with a
# durability check. Everything talks to 127.0.0.1 only; every load run is bounded by wrk -d
# and by `timeout`.
#
#   bench/core.sh            run, print a Markdown table
#   bench/core.sh --record   also put a dated section into docs/performance.md
#
# Env: TRIBUNE_BIN (default <root>/build/tribune, built with scripts/build.sh if missing),
#      BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (default 64),
#      BENCH_PIN=1 (pin wrk to CPU 1 and tribune/nginx to CPU 0 with taskset; off by default).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
record=0
for arg in "$@"; do
    case "$arg" in
        --record) record=1 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "core.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

duration="${BENCH_DURATION:-10}"
conns="${BENCH_CONNECTIONS:-64}"
wrk_threads=2
warmup=2
seed_count=1000
pin="${BENCH_PIN:-0}"
for tool in wrk nginx node curl taskset timeout; do
    command -v "$tool" >/dev/null || { echo "core.sh: $tool is not installed" >&2; exit 1; }
done

bin="${TRIBUNE_BIN:-$root/build/tribune}"
if [[ ! -x "$bin" ]]; then
    if [[ -n "${TRIBUNE_BIN:-}" ]]; then echo "core.sh: TRIBUNE_BIN=$bin is not executable" >&2; exit 1; fi
    echo "core.sh: $bin missing; building it" >&2
    "$root/scripts/build.sh" release tribune >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tribune-bench.XXXXXX")"
server_pid=""
nginx_pid=""
alive() {  # alive PID: running (an exited child stays a zombie until waited for)
    local state
    state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}
stop_pid() {  # stop_pid PID: TERM, wait up to 10 s, then KILL
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do alive "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$nginx_pid"
    stop_pid "$server_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "core.sh: $*" >&2; }
cpu_server=()
cpu_client=()
if [[ "$pin" == 1 ]]; then
    cpu_server=(taskset -c 0)
    cpu_client=(taskset -c 1)
fi

free_port() {
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits (bounded) until the server's log names its port; sets $base.
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
start_server() {
    local logf="$1"
    TRIBUNE_ADMIN_TOKEN="$token" "${cpu_server[@]}" "$bin" serve --listen 127.0.0.1:0 --data "$tmp/data" \
        >"$logf" 2>&1 &
    server_pid=$!
    base=""
    for _ in $(seq 300); do
        base="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$logf" | sed 's/listening on //' || true)"
        [[ -n "$base" ]] && return 0
        alive "$server_pid" || { cat "$logf" >&2; log "tribune exited"; exit 1; }
        sleep 0.1
    done
    log "tribune did not report its port within 30 s"; exit 1
}

rss_of() {  # prints "VmRSS VmHWM" in MiB
    awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%.1f %.1f", r/1024, h/1024}' "/proc/$1/status"
}

to_ms() {  # wrk latency (123.45us, 1.23ms, 1.02s, 1.5m) -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

cpu_ticks() {  # cpu_ticks PID...: user+system clock ticks used so far by these processes (all threads)
    local t=0 p
    for p in "$@"; do
        [[ -r "/proc/$p/stat" ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$t"
}

# run_wrk NAME URL [LUA]: a warm-up, then the measured run; sets r_rps r_p50 r_p99 r_errors
# r_requests r_secs, and r_cpu_us (CPU microseconds per request used by the processes in $cpu_pids).
run_wrk() {
    local name="$1" url="$2" lua="${3:-}" out t0 t1
    local script=()
    [[ -n "$lua" ]] && script=(-s "$lua")
    log "($name) warm-up ${warmup}s: $url"
    BENCH_PAGE="${WARMUP_PAGE:-${BENCH_PAGE:-}}" timeout $((warmup + 30)) "${cpu_client[@]}" \
        wrk -t"$wrk_threads" -c"$conns" -d"${warmup}s" "${script[@]}" "$url" >"$tmp/$name.warmup.txt"
    log "($name) measuring ${duration}s"
    t0="$(cpu_ticks $cpu_pids)"
    timeout $((duration + 30)) "${cpu_client[@]}" \
        wrk -t"$wrk_threads" -c"$conns" -d"${duration}s" --latency "${script[@]}" "$url" >"$tmp/$name.txt"
    t1="$(cpu_ticks $cpu_pids)"
    out="$tmp/$name.txt"
    cat "$out" >&2
    r_rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
    r_p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
    r_p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
    r_requests="$(awk '/requests in/ {print $1}' "$out")"
    r_secs="$(awk '/requests in/ {s=$4; sub(/s,$/, "", s); print s}' "$out")"
    local non2xx sock
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
    sock="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")"
    r_errors="$(( ${non2xx:-0} + ${sock:-0} ))"
    r_cpu_us="$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$r_requests" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')"
}

rows=()
add_row() {  # add_row PHASE WHAT RPS P50 P99 ERRORS CPU_US RSS_HWM
    rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 |")
}

# 1. the server
mkdir -p "$tmp/data"
start_server "$tmp/tribune.log"
log "tribune $bin at $base (pid $server_pid), data in $tmp/data"
read -r rss0 hwm0 <<<"$(rss_of "$server_pid")"

# 2. the thread: 1,000 approved comments of ~300 characters
slug="$(node "$here/core_helpers.mjs" find-thread "$base" record-seal-pup-count-ardlow-skerries)"
page="/articles/$slug"
log "seeding $seed_count comments into $page"
seed_started=$(date +%s.%N)
total="$(node "$here/core_helpers.mjs" seed "$base" "$page" "$token" "$seed_count")"
seed_secs="$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
[[ "$total" == "$seed_count" ]] || { log "thread total is $total, expected $seed_count"; exit 1; }
read -r rss_seed hwm_seed <<<"$(rss_of "$server_pid")"
log "seeded in ${seed_secs}s; total=$total; RSS ${rss_seed} MiB"

api_path="/api/v1/comments?page=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$page")&limit=20"
curl -sS --max-time 10 -o "$tmp/api.json" -D "$tmp/api.headers" "$base$api_path"
grep -q '^HTTP/1.1 200' "$tmp/api.headers" || { log "GET $api_path is not 200"; exit 1; }
api_bytes=$(stat -c %s "$tmp/api.json")
html_bytes=$(curl -sS --max-time 10 -o /dev/null -w '%{size_download}' "$base$page")

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# 3a. JSON API, first page of the thread
cpu_pids="$server_pid"
run_wrk a "$base$api_path"
a_rps=$r_rps a_p50=$r_p50 a_p99=$r_p99 a_err=$r_errors
read -r rss hwm <<<"$(rss_of "$server_pid")"
add_row "(a)" "GET JSON first page, limit=20 (${api_bytes} B)" "$a_rps" "$a_p50" "$a_p99" "$a_err" "$r_cpu_us" "$rss / $hwm"

# 3b. the article page HTML with that thread
run_wrk b "$base$page"
b_rps=$r_rps b_p50=$r_p50 b_p99=$r_p99 b_err=$r_errors
read -r rss hwm <<<"$(rss_of "$server_pid")"
add_row "(b)" "GET article HTML (${html_bytes} B)" "$b_rps" "$b_p50" "$b_p99" "$b_err" "$r_cpu_us" "$rss / $hwm"

# 3c. nginx serving the bytes of (a) as a static file: the ceiling for this machine
ng="$tmp/nginx"
mkdir -p "$ng/www" "$ng/tmp"
cp "$tmp/api.json" "$ng/www/comments.json"
chmod 711 "$tmp" "$ng"
chmod 755 "$ng/www"
chmod 644 "$ng/www/comments.json"
cmp -s "$tmp/api.json" "$ng/www/comments.json"
nginx_port="$(free_port)"
cat >"$ng/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    default_type application/json;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $ng/www;
        location = /api/v1/comments { try_files /comments.json =404; }
    }
}
EOF
"${cpu_server[@]}" nginx -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
    curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$nginx_port/" && break
    alive "$nginx_pid" || { cat "$ng/error.log" >&2; log "nginx exited"; exit 1; }
    sleep 0.1
done
curl -sS --max-time 10 -o "$tmp/nginx.json" "http://127.0.0.1:$nginx_port$api_path"
cmp -s "$tmp/api.json" "$tmp/nginx.json" || { log "nginx does not serve the bytes of (a)"; exit 1; }
cpu_pids="$nginx_pid $(ps -o pid= --ppid "$nginx_pid" | tr '\n' ' ')"
run_wrk c "http://127.0.0.1:$nginx_port$api_path"
c_rps=$r_rps c_p50=$r_p50 c_p99=$r_p99 c_err=$r_errors
stop_pid "$nginx_pid"
nginx_pid=""
add_row "(c)" "nginx, static file = bytes of (a)" "$c_rps" "$c_p50" "$c_p99" "$c_err" "$r_cpu_us (nginx)" "n/a (nginx)"

# 3d. readers POST comments (pending under pre-moderation); every answer must be 201
export BENCH_PAGE="$page"
cpu_pids="$server_pid"
WARMUP_PAGE="/bench/warm-up" run_wrk d "$base/api/v1/comments" "$here/post_comment.lua"
d_out="$tmp/d.txt"
d_sent="$(awk '/^POST_SENT/ {print $2}' "$d_out")"
d_ok="$(awk '/^POST_201/ {print $2}' "$d_out")"
d_bad="$(awk '/^POST_NON201/ {print $2}' "$d_out")"
d_sock="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$d_out")"
d_err=$(( d_bad + ${d_sock:-0} ))
d_p50=$r_p50 d_p99=$r_p99
d_per_s="$(awk -v n="$d_ok" -v s="$r_secs" 'BEGIN {printf "%.0f", n / s}')"
read -r rss hwm <<<"$(rss_of "$server_pid")"
add_row "(d)" "POST reader comment, 300 chars -> 201 pending" "$d_per_s" "$d_p50" "$d_p99" "$d_err" "$r_cpu_us" "$rss / $hwm"

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# Durability: the stored pending comments must cover every 201. Requests still in flight when
# wrk stopped may be stored without wrk seeing their 201, so the count lies in [201s, sent].
# Count once live, then again after SIGKILL and a restart on the same data directory.
pending_live="$(node "$here/core_helpers.mjs" count "$base" "$page" "$token" pending)"
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
start_server "$tmp/tribune-restart.log"
pending_restart="$(node "$here/core_helpers.mjs" count "$base" "$page" "$token" pending)"
durable="no"
if (( d_bad == 0 && pending_restart >= d_ok && pending_restart <= d_sent && pending_live == pending_restart )); then
    durable="yes"
fi
log "POST: sent=$d_sent 201=$d_ok non201=$d_bad pending live=$pending_live after kill+restart=$pending_restart"

# 4. results
ratio="$(awk -v a="$a_rps" -v c="$c_rps" 'BEGIN {printf "%.0f", 100 * a / c}')"
a_met="MISSED"
awk -v r="$ratio" -v p="$a_p99" 'BEGIN {exit !(r >= 50 && p < 10)}' && a_met="MET"
d_met="MISSED"
[[ "$durable" == yes ]] && (( d_per_s >= 5000 )) && d_met="MET"

date_utc="$(date -u +%Y-%m-%d)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no -- src 2>/dev/null)" ]]; then
    commit="$commit (with uncommitted changes in src/)"
fi
cpu_model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
mem_gib="$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
fs_type="$(df -T "$tmp" | awk 'NR == 2 {print $2}')"
pin_note="not pinned: wrk, the server and nginx share all cores"
[[ "$pin" == 1 ]] && pin_note="pinned with taskset: tribune/nginx on CPU 0, wrk on CPU 1"

section="$tmp/section.md"
{
    echo "## Run $date_utc"
    echo
    echo "- Command: \`bench/core.sh --record\` (wrk -t$wrk_threads -c$conns -d${duration}s --latency after a ${warmup}s warm-up, per phase)"
    echo "- Commit: \`$commit\`; binary: \`${bin#"$root"/}\`"
    echo "- Machine: $(nproc) cores ($cpu_model), $mem_gib GiB RAM, $(uname -sr); data dir on $fs_type"
    echo "- CPU: $pin_note; load average (1, 5, 15 min) before the load phases $load_before, after $load_after"
    if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
        echo "- **Busy machine**: the 1-minute load average was ${load_before%% *} on $(nproc) cores before the load phases; other work competed for the CPU, so p99 and req/s are pessimistic and noisy"
    fi
    echo "- Thread: \`$page\`, $seed_count approved comments of ~300 characters (seeded in ${seed_secs}s); server RSS at start $rss0 MiB, after seeding $rss_seed MiB"
    echo
    echo "| phase | request | req/s | p50 ms | p99 ms | errors / non-2xx | server CPU µs/req | tribune RSS / HWM MiB after |"
    echo "|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "(d) req/s counts 201 answers only: $d_ok in ${r_secs}s. Durability: wrk sent $d_sent, got $d_ok x 201 and $d_bad other;"
    echo "the thread holds $pending_live pending comments, and $pending_restart after SIGKILL and a restart (must lie in [$d_ok, $d_sent]): durable = $durable."
    echo
    echo "Targets:"
    echo "- (a) >= 50% of nginx's req/s with p99 < 10 ms at $conns connections: $ratio% of nginx, p99 $a_p99 ms: **$a_met**"
    echo "- (d) >= 5,000 durable comments/s: $d_per_s/s, durable = $durable: **$d_met**"
} >"$section"

echo
cat "$section"

if [[ "$record" == 1 ]]; then
    node "$here/core_helpers.mjs" record "$root/docs/performance.md" "$section" "$date_utc"
    log "recorded in docs/performance.md"
fi
