#!/usr/bin/env bash
# Tribune core benchmark: one thread of 1,000 comments, read as JSON and as HTML, against
# nginx serving the same JSON bytes as a static file, then reader POST throughput with a
# durability check, on SQLite (a-d); then the same read and POST on PostgreSQL with one node
# (e, f) and with two nodes on that database (g); then publishing: 10,000 articles through the
# API into a fresh store, and the home, section, tag, author and search pages over them, on
# SQLite (h) and on PostgreSQL (i). Everything talks to 127.0.0.1 only; every load run is
# bounded by wrk -d and by `timeout`.
#
#   bench/core.sh            run, print a Markdown table
#   bench/core.sh --record   also put a dated section into docs/performance.md
#   bench/core.sh --quick    a second per phase, no waiting for a quiet machine: the test
#                            command's check that every phase still works (no speed verdict)
#
# Any phase with an error, a non-2xx answer or no successful answer at all, or a durability
# check that fails, makes the script exit 1 after printing its table, in either mode.
#
# Env: TRIBUNE_BIN (default <root>/build/tribune, built with scripts/build.sh if missing),
#      BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (default 64),
#      BENCH_PIN=1 (pin wrk to CPU 1 and tribune/nginx/PostgreSQL to CPU 0 with taskset; off),
#      BENCH_PG=0 (skip the PostgreSQL phases e-g and i; they need scripts/pg.sh and PostgreSQL 15),
#      BENCH_PUBLISH=0 (skip the publishing phases h and i), BENCH_ARTICLES (articles published
#      in h and i; default 10000, 300 with --quick),
#      BENCH_LOAD_MAX (default: the number of cores) and BENCH_LOAD_WAIT (seconds, default 300):
#      before starting, wait at most that long for the 1-minute load average to drop to the max.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
record=0
quick=0
for arg in "$@"; do
    case "$arg" in
        --record) record=1 ;;
        --quick) quick=1 ;;
        -h | --help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "core.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

duration="${BENCH_DURATION:-10}"
conns="${BENCH_CONNECTIONS:-64}"
wrk_threads=2
warmup=2
seed_count=1000
pin="${BENCH_PIN:-0}"
with_pg="${BENCH_PG:-1}"
with_publish="${BENCH_PUBLISH:-1}"
articles="${BENCH_ARTICLES:-10000}"
next_hops=5  # the later list page measured is the 6th of its section
walk_pages=100  # the later pages read in turn (Caches::kLaterPagesPerList keeps 16 a list)
later_kept=16
load_max="${BENCH_LOAD_MAX:-$(nproc)}"
load_wait="${BENCH_LOAD_WAIT:-300}"
if [[ "$quick" == 1 ]]; then
    [[ "$record" == 1 ]] && { echo "core.sh: --quick runs are not recorded" >&2; exit 2; }
    duration="${BENCH_DURATION:-1}"
    warmup=1
    load_wait=0
    articles="${BENCH_ARTICLES:-300}"
    next_hops=1
    walk_pages=20
fi
pg_sh="$root/scripts/pg.sh"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in wrk nginx node curl taskset timeout; do
    command -v "$tool" >/dev/null || { echo "core.sh: $tool is not installed" >&2; exit 1; }
done

bin="${TRIBUNE_BIN:-$root/build/tribune}"
if [[ ! -x "$bin" ]]; then
    if [[ -n "${TRIBUNE_BIN:-}" ]]; then echo "core.sh: TRIBUNE_BIN=$bin is not executable" >&2; exit 1; fi
    echo "core.sh: $bin missing; building it" >&2
    "$root/scripts/build.sh" release tribune >&2
fi

# A quiet machine first (bounded): other work moves p99 a lot. The wait is recorded either way.
load_start="$(cut -d' ' -f1 /proc/loadavg)"
waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$load_max" 'BEGIN {exit !(l > m)}' && ((waited < load_wait)); do
    ((waited == 0)) && echo "core.sh: load average $load_start > $load_max; waiting (at most ${load_wait}s)" >&2
    sleep 5
    waited=$((waited + 5))
done
load_go="$(cut -d' ' -f1 /proc/loadavg)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tribune-bench.XXXXXX")"
chmod 711 "$tmp"  # nginx's workers and PostgreSQL (user postgres) reach their directories inside
server_pid=""
nginx_pid=""
node_a=""
node_b=""
pg_dir=""
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
    stop_pid "$node_a"
    stop_pid "$node_b"
    if [[ -n "$pg_dir" ]]; then timeout 90 "$pg_sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
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

# start_node LOG [ARGS...]: starts `tribune serve` on a free port with ARGS (default: the SQLite
# data directory) and waits (bounded) until its log names the port; sets $node_pid and $node_base.
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# Every node hashes client addresses with the same key (README: several nodes).
ip_key="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
start_node() {
    local logf="$1"
    shift
    (($#)) || set -- --data "$tmp/data"
    # Phase (d) posts from one address as fast as it can: the posting rate limit is off, as a
    # load balancer's many readers would each be under it.
    TRIBUNE_ADMIN_TOKEN="$token" TRIBUNE_IP_HASH_KEY="$ip_key" TRIBUNE_RATE_POSTS_PER_MINUTE=0 "${cpu_server[@]}" "$bin" serve \
        --listen 127.0.0.1:0 "$@" >"$logf" 2>&1 &
    node_pid=$!
    node_base=""
    for _ in $(seq 300); do
        node_base="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$logf" | sed 's/listening on //' || true)"
        [[ -n "$node_base" ]] && return 0
        alive "$node_pid" || { cat "$logf" >&2; log "tribune exited"; exit 1; }
        sleep 0.1
    done
    log "tribune did not report its port within 30 s"; exit 1
}
# The SQLite server (phases a-d): sets $server_pid and $base.
start_server() {
    start_node "$1"
    server_pid=$node_pid
    base=$node_base
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

# cpu_snapshot FILE: "KIND PID TICKS" for the processes in $cpu_pids (KIND srv) and, when
# $cpu_pg_pid is set, for the PostgreSQL postmaster and all its children (KIND pg). TICKS are
# user + system clock ticks used so far (all threads).
cpu_snapshot() {
    local p
    {
        for p in $cpu_pids; do
            [[ -r "/proc/$p/stat" ]] && echo "srv $p $(awk '{print $14 + $15}' "/proc/$p/stat")"
        done
        if [[ -n "${cpu_pg_pid:-}" ]]; then
            for p in $cpu_pg_pid $(ps -o pid= --ppid "$cpu_pg_pid"); do
                [[ -r "/proc/$p/stat" ]] && echo "pg $p $(awk '{print $14 + $15}' "/proc/$p/stat")"
            done
        fi
    } >"$1" 2>/dev/null || true
}
# cpu_delta KIND BEFORE AFTER: ticks used between the snapshots by processes of KIND (a process
# that appeared in between counts from zero; one that exited in between is lost).
cpu_delta() {
    awk -v k="$1" 'NR == FNR {if ($1 == k) t0[$2] = $3; next} $1 == k {d += $3 - ($2 in t0 ? t0[$2] : 0)} END {print d + 0}' "$2" "$3"
}
per_req_us() {  # per_req_us TICKS REQUESTS
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN {printf("%.0f", (n > 0 ? t * 1e6 / hz / n : 0))}'
}
log_requests() {  # log_requests LOG...: request lines logged so far, "n1 n2 ..."
    local f out=""
    for f in "$@"; do out="$out $(grep -c '^.*request id=' "$f" || true)"; done
    echo "${out# }"
}

# run_wrk NAME URL [LUA]: a warm-up, then the measured run; sets r_rps r_p50 r_p99 r_errors
# r_requests r_secs, r_cpu_us (CPU microseconds per request used by the processes in $cpu_pids),
# r_pg_us (the same for PostgreSQL when $cpu_pg_pid is set), and r_split (requests logged by each
# node in $split_logs during the measured run).
run_wrk() {
    local name="$1" url="$2" lua="${3:-}" out n0=""
    local script=()
    [[ -n "$lua" ]] && script=(-s "$lua")
    log "($name) warm-up ${warmup}s: $url${BENCH_HOSTS:+ (threads split over $BENCH_HOSTS)}"
    BENCH_PAGE="${WARMUP_PAGE:-${BENCH_PAGE:-}}" timeout $((warmup + 30)) "${cpu_client[@]}" \
        wrk -t"$wrk_threads" -c"$conns" -d"${warmup}s" "${script[@]}" "$url" >"$tmp/$name.warmup.txt"
    log "($name) measuring ${duration}s"
    if [[ -n "${split_logs:-}" ]]; then sleep 1.2; n0="$(log_requests $split_logs)"; fi
    cpu_snapshot "$tmp/$name.cpu0"
    timeout $((duration + 30)) "${cpu_client[@]}" \
        wrk -t"$wrk_threads" -c"$conns" -d"${duration}s" --latency "${script[@]}" "$url" >"$tmp/$name.txt"
    cpu_snapshot "$tmp/$name.cpu1"
    r_split=""
    if [[ -n "${split_logs:-}" ]]; then
        sleep 1.2  # the servers flush their logs every second
        r_split="$(paste -d' ' <(tr ' ' '\n' <<<"$n0") <(tr ' ' '\n' <<<"$(log_requests $split_logs)") |
            awk '{printf("%s%d", (NR > 1 ? " / " : ""), $2 - $1)}')"
    fi
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
    r_cpu_us="$(per_req_us "$(cpu_delta srv "$tmp/$name.cpu0" "$tmp/$name.cpu1")" "$r_requests")"
    r_pg_us="$(per_req_us "$(cpu_delta pg "$tmp/$name.cpu0" "$tmp/$name.cpu1")" "$r_requests")"
}

rows=()
broken=()  # phases that failed: the script exits 1 once the table is out
add_row() {  # add_row PHASE WHAT RPS P50 P99 ERRORS CPU_US RSS_HWM
    rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 |")
    if [[ "${6:-x}" != 0 || "${3:-0}" == 0 ]]; then broken+=("$1 $2: $6 errors, $3 successful answers/s"); fi
}

# publishing_phase PHASE BASE: publishes $articles articles through the API (the admin token,
# 16 requests at a time; varied sections, tags, authors, dates and Markdown bodies of a few KB:
# core_helpers.mjs publish) into the store behind BASE, which holds only the demo publication,
# then measures with wrk the pages that list and search them. Adds rows to the table and sets
# pub_* (the publishing run) and pub_p99[PHASE-NAME] for the verdicts. CPU goes to $cpu_pids and,
# when set, $cpu_pg_pid (PostgreSQL), shown as their sum and its parts.
declare -A pub_p99=()
publishing_phase() {
    local ph="$1" b="$2" summary name path bytes pid_for_rss="${cpu_pids%% *}"
    log "($ph) publishing $articles articles through POST /api/v1/articles"
    cpu_snapshot "$tmp/publish-$ph.cpu0"
    summary="$(timeout 900 node "$here/core_helpers.mjs" publish "$b" "$token" "$articles")"
    cpu_snapshot "$tmp/publish-$ph.cpu1"
    log "($ph) $summary"
    read -r pub_count pub_failures pub_secs pub_per_s pub_p50 pub_p99_ms pub_body pub_section pub_section_n \
        pub_tag pub_tag_n pub_author pub_author_n pub_common pub_rare pub_sections pub_tags pub_authors <<<"$(
        node -e 'const j = JSON.parse(process.argv[1]); console.log(["count", "failures", "secs", "per_s", "p50_ms",
            "p99_ms", "avg_body_bytes", "section", "section_count", "tag", "tag_count", "author", "author_count",
            "common_word", "rare_word", "sections", "tags", "authors"].map((k) => j[k]).join(" "))' "$summary")"
    local srv_us pg_us cpu
    srv_us="$(per_req_us "$(cpu_delta srv "$tmp/publish-$ph.cpu0" "$tmp/publish-$ph.cpu1")" "$pub_count")"
    pg_us="$(per_req_us "$(cpu_delta pg "$tmp/publish-$ph.cpu0" "$tmp/publish-$ph.cpu1")" "$pub_count")"
    cpu="$srv_us"
    [[ -n "${cpu_pg_pid:-}" ]] && cpu="$((srv_us + pg_us)) ($srv_us + pg $pg_us)"
    read -r rss hwm <<<"$(rss_of "$pid_for_rss")"
    add_row "($ph)" "publish $pub_count articles (POST /api/v1/articles, 16 at a time, ~$pub_body B of Markdown each) in ${pub_secs}s; latency per article" \
        "$pub_per_s" "$pub_p50" "$pub_p99_ms" "$pub_failures" "$cpu" "$rss / $hwm"
    eval "pub_secs_$ph=\$pub_secs pub_per_s_$ph=\$pub_per_s pub_count_$ph=\$pub_count"
    local later
    later="$(node "$here/core_helpers.mjs" next-page "$b" "/sections/$pub_section" "$next_hops")"
    local -a pages=(
        "home|/|home page (first page, cached)"
        "section|/sections/$pub_section|section page, first (cached; $pub_section_n articles)"
        "section-later|$later|section page number $((next_hops + 1)) (?cursor=, cached after the first read)"
        "tag|/tags/$pub_tag|tag page, first (cached; $pub_tag_n articles)"
        "author|/authors/$pub_author|author page, first (cached; $pub_author_n articles)"
        "search|/search?q=$pub_common|/search?q=$pub_common (in about half of the articles)"
        "search-rare|/search?q=$pub_rare|/search?q=$pub_rare (in 1 of 1,000 articles)"
        "api-q|/api/v1/articles?q=$pub_common|/api/v1/articles?q=$pub_common (JSON, 20 a page)"
    )
    local entry what
    for entry in "${pages[@]}"; do
        IFS='|' read -r name path what <<<"$entry"
        bytes="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}' "$b$path")"
        [[ "${bytes%% *}" == 200 ]] || { log "($ph) GET $path answered ${bytes%% *}"; exit 1; }
        run_wrk "$ph-$name" "$b$path"
        cpu="$r_cpu_us"
        [[ -n "${cpu_pg_pid:-}" ]] && cpu="$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)"
        read -r rss hwm <<<"$(rss_of "$pid_for_rss")"
        add_row "($ph)" "GET $what (${bytes#* } B)" "$r_rps" "$r_p50" "$r_p99" "$r_errors" "$cpu" "$rss / $hwm"
        pub_p99["$ph-$name"]="$r_p99"
        ((r_errors == 0)) || pub_p99["$ph-$name"]="timeouts/errors"
    done
    # The section's later pages in turn, more than the cache keeps a list: each read built from
    # the store (a crawler's walk). Recorded beside the targets, which are about repeated reads.
    node "$here/core_helpers.mjs" later-pages "$b" "/sections/$pub_section" "$walk_pages" >"$tmp/walk-$ph.txt"
    local walked
    walked="$(grep -c . "$tmp/walk-$ph.txt")"
    BENCH_PATHS="$tmp/walk-$ph.txt" run_wrk "$ph-section-walk" "$b/" "$here/path_list.lua"
    cpu="$r_cpu_us"
    [[ -n "${cpu_pg_pid:-}" ]] && cpu="$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)"
    read -r rss hwm <<<"$(rss_of "$pid_for_rss")"
    local kept_note="more than the $later_kept a list keeps: built from the store"
    ((walked > later_kept)) || kept_note="no more than the $later_kept a list keeps: cached, not a walk's cost"
    add_row "($ph)" "GET the section's pages 2 to $((walked + 1)) in turn (?cursor=; $kept_note)" \
        "$r_rps" "$r_p50" "$r_p99" "$r_errors" "$cpu" "$rss / $hwm"
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

# post_counts NAME: what post_comment.lua reported for run NAME; sets p_sent p_ok p_bad p_err
# p_per_s (201s per second of the measured run).
post_counts() {
    local out="$tmp/$1.txt" sock
    p_sent="$(awk '/^POST_SENT/ {print $2}' "$out")"
    p_ok="$(awk '/^POST_201/ {print $2}' "$out")"
    p_bad="$(awk '/^POST_NON201/ {print $2}' "$out")"
    sock="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")"
    p_err=$(( p_bad + ${sock:-0} ))
    p_per_s="$(awk -v n="$p_ok" -v s="$r_secs" 'BEGIN {printf "%.0f", n / s}')"
    grep '^POST_FIRST_BAD' "$out" >&2 || true
}

# 3d. readers POST comments (pending under pre-moderation); every answer must be 201
export BENCH_PAGE="$page"
cpu_pids="$server_pid"
WARMUP_PAGE="/bench/warm-up" run_wrk d "$base/api/v1/comments" "$here/post_comment.lua"
post_counts d
d_sent=$p_sent d_ok=$p_ok d_bad=$p_bad d_err=$p_err d_per_s=$p_per_s d_secs=$r_secs
d_p50=$r_p50 d_p99=$r_p99
read -r rss hwm <<<"$(rss_of "$server_pid")"
add_row "(d)" "POST reader comment, 300 chars -> 201 pending" "$d_per_s" "$d_p50" "$d_p99" "$d_err" "$r_cpu_us" "$rss / $hwm"

load_after_sqlite="$(cut -d' ' -f1-3 /proc/loadavg)"

# settled_count BASE PAGE: the thread's pending comments once the count stops moving (posts wrk
# gave up on may still be committing when it exits): two readings a second apart that agree, at
# most 10 readings.
settled_count() {
    local prev="" now i
    for ((i = 0; i < 10; i++)); do
        now="$(node "$here/core_helpers.mjs" count "$1" "$2" "$token" pending)"
        [[ "$now" == "$prev" ]] && break
        prev="$now"
        sleep 1
    done
    echo "$now"
}

# Durability: the stored pending comments must cover every 201. Requests still in flight when
# wrk stopped may be stored without wrk seeing their 201, so the count lies in [201s, sent].
# Count once live, then again after SIGKILL and a restart on the same data directory.
pending_live="$(settled_count "$base" "$page")"
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
stop_pid "$server_pid"
server_pid=""

# 6h. publishing on SQLite: a fresh data directory (the demo publication only)
if [[ "$with_publish" == 1 ]]; then
    load_before_h="$(cut -d' ' -f1-3 /proc/loadavg)"
    start_node "$tmp/tribune-publish.log" --data "$tmp/data-publish"
    server_pid=$node_pid
    cpu_pids="$server_pid"
    publishing_phase h "$node_base"
    stop_pid "$server_pid"
    server_pid=""
fi

# 5. PostgreSQL: (e) and (f) as (a) and (d) on one node, (g) both on two nodes sharing the database.
if [[ "$with_pg" == 1 ]]; then
    [[ -x "$pg_bin/pg_ctl" && -x "$pg_sh" ]] || { log "no PostgreSQL 15 in $pg_bin or no $pg_sh (BENCH_PG=0 skips e-g)"; exit 1; }
    psql_q() { "$pg_bin/psql" -X -q -t -A -h 127.0.0.1 -p "$pg_port" -U postgres -d tribune -c "$1"; }
    pg_start() {  # (re)starts the cluster; sets pg_url pg_port cpu_pg_pid
        pg_url="$(timeout 150 "${cpu_server[@]}" "$pg_sh" start "$pg_dir")"
        pg_port="$(sed -n 's|.*:\([0-9]*\)/.*|\1|p' <<<"$pg_url")"
        cpu_pg_pid="$(head -n1 "$pg_dir/data/postmaster.pid")"
    }
    pg_crash() {  # stops PostgreSQL the way a crash would: no checkpoint, WAL replay at the next start
        local as=()
        [[ $(id -u) -eq 0 ]] && as=(runuser -u postgres --)
        (cd / && timeout 90 "${as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w -t 60 stop) >&2
    }
    pg_mem() {  # "PROCESSES PSS_MIB" of the postmaster and its children
        local p
        for p in $cpu_pg_pid $(ps -o pid= --ppid "$cpu_pg_pid"); do
            awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true
        done | awk '{n++; s += $1} END {printf "%d %.0f", n, s / 1024}'
    }
    warnings_in() { cat "$@" | grep -c -E '^[^ ]+ (warning|error|critical) ' || true; }

    pg_dir="$tmp/pg"
    log "starting a private PostgreSQL cluster in $pg_dir"
    pg_start
    pg_url0="$pg_url"
    pg_version="$(psql_q 'SHOW server_version')"
    pg_settings="$(psql_q "SELECT string_agg(name || ' = ' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay',
                       'shared_buffers', 'max_connections', 'wal_level')")"
    log "PostgreSQL $pg_version at $pg_url: $pg_settings"

    start_node "$tmp/node-a.log" --data "$tmp/node-a" --db "$pg_url"
    node_a=$node_pid base_a=$node_base log_a="$tmp/node-a.log"
    read -r rss0_pg _ <<<"$(rss_of "$node_a")"
    slug_pg="$(node "$here/core_helpers.mjs" find-thread "$base_a" record-seal-pup-count-ardlow-skerries)"
    page_pg="/articles/$slug_pg"
    log "seeding $seed_count comments into $page_pg on PostgreSQL"
    seed_started=$(date +%s.%N)
    total_pg="$(node "$here/core_helpers.mjs" seed "$base_a" "$page_pg" "$token" "$seed_count")"
    seed_secs_pg="$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
    [[ "$total_pg" == "$seed_count" ]] || { log "PostgreSQL thread total is $total_pg, expected $seed_count"; exit 1; }
    read -r rss_seed_pg _ <<<"$(rss_of "$node_a")"
    api_path_pg="/api/v1/comments?page=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$page_pg")&limit=20"
    curl -sS --max-time 10 -o "$tmp/api-pg.json" -D "$tmp/api-pg.headers" "$base_a$api_path_pg"
    grep -q '^HTTP/1.1 200' "$tmp/api-pg.headers" || { log "GET $api_path_pg on PostgreSQL is not 200"; exit 1; }
    api_bytes_pg=$(stat -c %s "$tmp/api-pg.json")
    load_before_pg="$(cut -d' ' -f1-3 /proc/loadavg)"

    # 5e. JSON first page, one node
    cpu_pids="$node_a"
    run_wrk e "$base_a$api_path_pg"
    e_rps=$r_rps e_p99=$r_p99
    read -r rss hwm <<<"$(rss_of "$node_a")"
    read -r pg_procs pg_pss <<<"$(pg_mem)"
    add_row "(e)" "PostgreSQL, 1 node: GET JSON first page, limit=20 (${api_bytes_pg} B)" "$r_rps" "$r_p50" "$r_p99" \
        "$r_errors" "$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)" "$rss / $hwm; pg $pg_procs procs, PSS $pg_pss"

    # 5f. reader POSTs, one node; then the durability check, crashing PostgreSQL as well
    export BENCH_PAGE="$page_pg"
    WARMUP_PAGE="/bench/warm-up" run_wrk f "$base_a/api/v1/comments" "$here/post_comment.lua"
    post_counts f
    f_sent=$p_sent f_ok=$p_ok f_bad=$p_bad f_per_s=$p_per_s f_secs=$r_secs f_p99=$r_p99
    read -r rss hwm <<<"$(rss_of "$node_a")"
    read -r pg_procs pg_pss <<<"$(pg_mem)"
    add_row "(f)" "PostgreSQL, 1 node: POST reader comment -> 201 pending" "$p_per_s" "$r_p50" "$r_p99" "$p_err" \
        "$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)" "$rss / $hwm; pg $pg_procs procs, PSS $pg_pss"
    f_live="$(settled_count "$base_a" "$page_pg")"
    kill -KILL "$node_a"; wait "$node_a" 2>/dev/null || true; node_a=""
    pg_crash
    pg_start
    [[ "$pg_url" == "$pg_url0" ]] || log "note: PostgreSQL came back on $pg_url (was $pg_url0)"
    start_node "$tmp/node-a2.log" --data "$tmp/node-a" --db "$pg_url"
    node_a=$node_pid base_a=$node_base log_a="$tmp/node-a2.log"
    f_restart="$(node "$here/core_helpers.mjs" count "$base_a" "$page_pg" "$token" pending)"
    f_durable="no"
    if (( f_bad == 0 && f_restart >= f_ok && f_restart <= f_sent && f_live == f_restart )); then f_durable="yes"; fi
    log "POST (f): sent=$f_sent 201=$f_ok non201=$f_bad pending live=$f_live after kill+crash+restart=$f_restart"

    # 5g. a second node on the same database; one wrk, its two threads (32 connections each)
    # on the two nodes, for the read and then for the POSTs
    start_node "$tmp/node-b.log" --data "$tmp/node-b" --db "$pg_url"
    node_b=$node_pid base_b=$node_base
    curl -sS --max-time 10 -o "$tmp/api-pg-a.json" "$base_a$api_path_pg"
    curl -sS --max-time 10 -o "$tmp/api-pg-b.json" "$base_b$api_path_pg"
    cmp -s "$tmp/api-pg-a.json" "$tmp/api-pg-b.json" || { log "the two nodes answer (e) differently"; exit 1; }
    hosts="${base_a#http://},${base_b#http://}"
    cpu_pids="$node_a $node_b"
    split_logs="$log_a $tmp/node-b.log"
    BENCH_HOSTS="$hosts" run_wrk g1 "$base_a$api_path_pg" "$here/split_hosts.lua"
    g1_rps=$r_rps g1_p99=$r_p99 g1_split=$r_split
    read -r rss hwm <<<"$(rss_of "$node_a")"
    read -r rss_b hwm_b <<<"$(rss_of "$node_b")"
    read -r pg_procs pg_pss <<<"$(pg_mem)"
    add_row "(g)" "PostgreSQL, 2 nodes: GET JSON first page (as e), requests per node $r_split" "$r_rps" "$r_p50" "$r_p99" \
        "$r_errors" "$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)" "A $rss / $hwm, B $rss_b / $hwm_b; pg $pg_procs procs, PSS $pg_pss"
    BENCH_HOSTS="$hosts" WARMUP_PAGE="/bench/warm-up" run_wrk g2 "$base_a/api/v1/comments" "$here/post_comment.lua"
    post_counts g2
    g2_sent=$p_sent g2_ok=$p_ok g2_bad=$p_bad g2_per_s=$p_per_s g2_secs=$r_secs g2_p99=$r_p99 g2_split=$r_split
    read -r rss hwm <<<"$(rss_of "$node_a")"
    read -r rss_b hwm_b <<<"$(rss_of "$node_b")"
    read -r pg_procs pg_pss <<<"$(pg_mem)"
    add_row "(g)" "PostgreSQL, 2 nodes: POST reader comment (as f), requests per node $r_split" "$p_per_s" "$r_p50" "$r_p99" \
        "$p_err" "$((r_cpu_us + r_pg_us)) ($r_cpu_us + pg $r_pg_us)" "A $rss / $hwm, B $rss_b / $hwm_b; pg $pg_procs procs, PSS $pg_pss"
    split_logs=""
    load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
    g_live_a="$(settled_count "$base_a" "$page_pg")"
    g_live_b="$(node "$here/core_helpers.mjs" count "$base_b" "$page_pg" "$token" pending)"
    node_warnings="$(warnings_in "$tmp"/node-*.log)"
    kill -KILL "$node_a" "$node_b"
    wait "$node_a" "$node_b" 2>/dev/null || true
    node_a="" node_b=""
    pg_crash
    pg_start
    start_node "$tmp/node-a3.log" --data "$tmp/node-a" --db "$pg_url"
    node_a=$node_pid base_a=$node_base
    g_restart="$(node "$here/core_helpers.mjs" count "$base_a" "$page_pg" "$token" pending)"
    g_new=$((g_restart - f_restart))
    g_durable="no"
    if (( g2_bad == 0 && g_new >= g2_ok && g_new <= g2_sent && g_live_a == g_restart && g_live_b == g_restart )); then
        g_durable="yes"
    fi
    log "POST (g): sent=$g2_sent 201=$g2_ok non201=$g2_bad pending live A=$g_live_a B=$g_live_b after kill+crash+restart=$g_restart (new $g_new)"
    stop_pid "$node_a"
    node_a=""

    # 6i. publishing on PostgreSQL: a fresh database in the same cluster, one node
    if [[ "$with_publish" == 1 ]]; then
        load_before_i="$(cut -d' ' -f1-3 /proc/loadavg)"
        psql_q "CREATE DATABASE tribune_publish" >&2
        start_node "$tmp/node-publish.log" --data "$tmp/node-publish" --db "${pg_url%/*}/tribune_publish"
        node_a=$node_pid
        cpu_pids="$node_a"
        publishing_phase i "$node_base"
        stop_pid "$node_a"
        node_a=""
    fi
    timeout 90 "$pg_sh" stop "$pg_dir" >&2 || true
else
    load_after="$load_after_sqlite"
fi

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

# publish_verdicts PHASE: the publishing targets' lines for PHASE (h or i).
publish_verdicts() {
    local ph="$1" secs n met name list="" p v
    eval "secs=\$pub_secs_$ph n=\$pub_count_$ph"
    met="MISSED"
    awk -v s="$secs" 'BEGIN {exit !(s < 60)}' && (( n >= 10000 )) && met="MET"
    (( articles < 10000 )) && met="not judged: BENCH_ARTICLES=$articles"
    echo "- ($ph) publishing 10,000 articles through the API in under a minute: $n in ${secs}s: **$met**"
    for name in home section section-later search search-rare api-q; do
        p="${pub_p99[$ph-$name]:-}"
        [[ -n "$p" ]] || continue
        v="MISSED"
        if [[ "$p" =~ ^[0-9.]+$ ]]; then
            awk -v p="$p" 'BEGIN {exit !(p < 5)}' && v="MET"
            p="$p ms"
        fi
        list="$list, $name $p **$v**"
    done
    echo "- ($ph) under 5 ms p99 at $conns connections with $n articles (home, section first page and later page, search page with each word, API q): ${list#, }"
}

section="$tmp/section.md"
{
    echo "## Run $date_utc"
    echo
    echo "- Command: \`bench/core.sh --record\` (wrk -t$wrk_threads -c$conns -d${duration}s --latency after a ${warmup}s warm-up, per phase)"
    echo "- Commit: \`$commit\`; binary: \`${bin#"$root"/}\`"
    echo "- Machine: $(nproc) cores ($cpu_model), $mem_gib GiB RAM, $(uname -sr); data dir on $fs_type"
    echo "- CPU: $pin_note; load average (1, 5, 15 min) before the load phases $load_before, after (d) $load_after_sqlite, after the last phase $load_after"
    if ((waited > 0)); then
        echo "- Before starting, the 1-minute load average was $load_start (> $load_max); the script waited ${waited}s for it to drop (limit ${load_wait}s) and started at $load_go"
    else
        echo "- 1-minute load average when the script started: $load_start (no wait needed, limit $load_max)"
    fi
    if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
        echo "- **Busy machine**: the 1-minute load average was ${load_before%% *} on $(nproc) cores before the load phases; other work competed for the CPU, so p99 and req/s are pessimistic and noisy"
    fi
    echo "- Thread: \`$page\`, $seed_count approved comments of ~300 characters (seeded in ${seed_secs}s); server RSS at start $rss0 MiB, after seeding $rss_seed MiB"
    echo
    echo "| phase | request | req/s | p50 ms | p99 ms | errors / non-2xx | server CPU µs/req | tribune RSS / HWM MiB after |"
    echo "|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "(d) req/s counts 201 answers only: $d_ok in ${d_secs}s. Durability: wrk sent $d_sent, got $d_ok x 201 and $d_bad other;"
    echo "the thread holds $pending_live pending comments, and $pending_restart after SIGKILL and a restart (must lie in [$d_ok, $d_sent]): durable = $durable."
    if [[ "$with_pg" == 1 ]]; then
        echo
        echo "PostgreSQL phases (e)-(g): PostgreSQL $pg_version, a private cluster started by \`scripts/pg.sh start\` in the"
        echo "temporary directory ($fs_type), TCP on 127.0.0.1; $pg_settings."
        echo "Each node: \`tribune serve --db postgres://...\`, defaults otherwise (pool of 16 connections, live bus over"
        echo "LISTEN/NOTIFY). The same thread (\`$page_pg\`, $seed_count approved comments, seeded the same way in ${seed_secs_pg}s);"
        echo "node A RSS at start $rss0_pg MiB, after seeding $rss_seed_pg MiB. CPU µs/req = tribune (all nodes) + PostgreSQL"
        echo "(postmaster and every backend); RSS column: tribune node(s), then PostgreSQL's process count and summed PSS (MiB)."
        echo "Load average before (e): $load_before_pg."
        echo
        echo "(f) durability: wrk sent $f_sent, got $f_ok x 201 and $f_bad other; the thread holds $f_live pending comments, and"
        echo "$f_restart after SIGKILL of the node, an immediate (crash) stop of PostgreSQL and a restart of both (must lie in [$f_ok, $f_sent]): durable = $f_durable."
        echo "(g) split one wrk's two threads over the two nodes (\`bench/split_hosts.lua\`; 32 connections each); requests"
        echo "logged per node A / B: read $g1_split, POST $g2_split. (g) POST durability: wrk sent $g2_sent, got $g2_ok x 201 and"
        echo "$g2_bad other; pending comments counted through node A $g_live_a and through node B $g_live_b, $g_restart after SIGKILL of"
        echo "both nodes, a crash stop of PostgreSQL and a restart: $g_new new (must lie in [$g2_ok, $g2_sent]): durable = $g_durable."
        echo "Warnings and errors in the nodes' logs: $node_warnings."
        echo
        echo "Comparisons:"
        awk -v a="$a_rps" -v e="$e_rps" -v d="$d_per_s" -v f="$f_per_s" -v g1="$g1_rps" -v g2="$g2_per_s" \
            -v e99="$e_p99" -v g199="$g1_p99" -v f99="$f_p99" -v g299="$g2_p99" 'BEGIN {
            printf "- read, PostgreSQL 1 node vs SQLite (e/a): %.0f%%; POST, PostgreSQL 1 node vs SQLite (f/d): %.0f%%\n", 100 * e / a, 100 * f / d
            printf "- two nodes vs one on PostgreSQL: read (g/e) %.0f%% of the req/s, p99 %s vs %s ms; POST (g/f) %.0f%% of the comments/s, p99 %s vs %s ms\n", 100 * g1 / e, g199, e99, 100 * g2 / f, g299, f99
        }'
    fi
    if [[ "$with_publish" == 1 ]]; then
        echo
        echo "Publishing (h$([[ "$with_pg" == 1 ]] && echo ' on SQLite, (i) on PostgreSQL: a fresh database in the same cluster, one node')):"
        echo "a fresh store holding only the demo publication; \`bench/core_helpers.mjs publish\` posts $articles articles"
        echo "with the admin token, 16 requests at a time: $pub_sections sections, $pub_tags tags, $pub_authors authors (1-2 per"
        echo "article, 2-4 tags, skewed so a few are large), published_at spread over the last year in random order, Markdown"
        echo "bodies of ~$pub_body B (headings, paragraphs; words from a skewed 2,000-word vocabulary), \"$pub_common\" in about"
        echo "half of them and \"$pub_rare\" in one in 1,000. The publish row's req/s is articles/s over the whole run, its p50/p99"
        echo "each POST's latency. The list pages' first pages are served from the lists cache (nothing changes during"
        echo "the reads); the later section page (number $((next_hops + 1)), via \`?cursor=\`) is kept like them, and the walk over the section's later pages in turn is built from the store on nearly every request."
        echo "Load average before (h): $load_before_h$([[ "$with_pg" == 1 ]] && echo "; before (i): $load_before_i")."
    fi
    echo
    if [[ "$quick" == 1 ]]; then
        echo "Quick run (--quick, ${duration}s per phase): every phase checked for errors and durability; no speed verdict."
    else
        echo "Targets:"
        echo "- (a) >= 50% of nginx's req/s with p99 < 10 ms at $conns connections: $ratio% of nginx, p99 $a_p99 ms: **$a_met**"
        echo "- (d) >= 5,000 durable comments/s: $d_per_s/s, durable = $durable: **$d_met**"
        [[ "$with_pg" == 1 ]] && echo "- (no targets set for (e)-(g); they are recorded for comparison)"
        if [[ "$with_publish" == 1 ]]; then
            publish_verdicts h
            [[ "$with_pg" == 1 ]] && publish_verdicts i
        fi
    fi
} >"$section"

echo
cat "$section"

[[ "$durable" == yes ]] || broken+=("(d) durability")
if [[ "$with_pg" == 1 ]]; then
    [[ "$f_durable" == yes ]] || broken+=("(f) durability")
    [[ "$g_durable" == yes ]] || broken+=("(g) durability")
fi
if ((${#broken[@]} > 0)); then
    for b in "${broken[@]}"; do log "FAILED: $b"; done
    exit 1
fi

if [[ "$record" == 1 ]]; then
    node "$here/core_helpers.mjs" record "$root/docs/performance.md" "$section" "$date_utc"
    log "recorded in docs/performance.md"
fi
