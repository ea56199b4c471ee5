#!/usr/bin/env bash
# Tribune live benchmark: N WebSocket connections on one article page of one Release server;
# server RSS per idle connection, and the delay from a moderator's POST to that comment's
# comment.created frame on every connection (p50/p90/p99/max, misses). Runs N = 1,000, 5,000 and
# 20,000 by default. Talks to 127.0.0.x only; every loop is bounded and the whole run has a
# deadline; connections are closed and the server stopped at the end.
#
#   bench/live.sh                     run, print a Markdown section
#   bench/live.sh --record            also write the "## Live" section of docs/performance.md
#   bench/live.sh --n 20000 --rounds 10 --workers 2   (any live.mjs option passes through)
#   bench/live.sh --quick             200 connections, 2 rounds: the test command's check that the
#                                     benchmark still works (a size that fails or a missed
#                                     delivery exits 1, in every mode; no speed verdict)
#   bench/live.sh --client node       node worker processes hold the sockets instead of the C++
#                                     epoll client (bench/live_client.cpp, the default)
#
# Env: TRIBUNE_BIN (default <root>/build/tribune, built with scripts/build.sh if missing),
#      TRIBUNE_BUILD_DIR (default <root>/build; the client is compiled to bench_live_client there
#      when missing or older than its source), BENCH_LIVE_DEADLINE_S (whole run, default 1500),
#      BENCH_CLIENT_POLL_US (the C++ client's pause between polls, default 1000; see live_client.cpp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
case "${1:-}" in -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

# 20,000 sockets need more descriptors than the usual 1,024 (or 20,000) soft limit; the server
# started by live.mjs inherits this. Fall back to the hard limit when raising it is not allowed.
if ! ulimit -n 200000 2>/dev/null; then
    hard="$(ulimit -Hn)"
    ulimit -n "$hard"
    echo "live.sh: could not raise the fd limit to 200000 (not permitted here); using the hard limit $hard" >&2
fi

bin="${TRIBUNE_BIN:-$root/build/tribune}"
if [[ ! -x "$bin" ]]; then
    if [[ -n "${TRIBUNE_BIN:-}" ]]; then echo "live.sh: TRIBUNE_BIN=$bin is not executable" >&2; exit 1; fi
    echo "live.sh: $bin missing; building it" >&2
    "$root/scripts/build.sh" release tribune >&2
fi

for a in 2 3 4 5 6 7 8 9; do  # source addresses used by the clients: loopback /8, no setup needed
    if ! ip -4 route get "127.0.0.$a" >/dev/null 2>&1; then echo "live.sh: 127.0.0.$a is not routable" >&2; exit 1; fi
done

# The C++ client: one g++ call, only when the source is newer. Without it live.mjs falls back to
# node workers (and refuses an explicit --client cxx).
client_src="$here/live_client.cpp"
client_bin="${TRIBUNE_BUILD_DIR:-$root/build}/bench_live_client"
if [[ ! -x "$client_bin" || "$client_src" -nt "$client_bin" ]]; then
    echo "live.sh: compiling $client_bin" >&2
    mkdir -p "$(dirname "$client_bin")"
    if timeout 300 g++ -std=c++20 -O2 -Wall -Wextra -o "$client_bin.tmp.$$" "$client_src" >&2; then
        mv -f "$client_bin.tmp.$$" "$client_bin"
    else
        rm -f "$client_bin.tmp.$$"
        echo "live.sh: could not compile $client_src" >&2
    fi
fi

deadline="${BENCH_LIVE_DEADLINE_S:-1500}"
exec timeout --kill-after=30 "$((deadline + 60))" node "$here/live.mjs" --bin "$bin" --client-bin "$client_bin" --deadline-s "$deadline" "$@"
