-- wrk script for bench/core.sh phase (g): one wrk whose threads connect to different servers.
-- BENCH_HOSTS="127.0.0.1:PORT_A,127.0.0.1:PORT_B" sends wrk's thread 1 to A, thread 2 to B, and
-- so on round-robin; each thread keeps its share of the connections (-c / -t) on its server. The
-- request (path, Host header) is the URL's, so both servers must serve the same path. One wrk
-- keeps a single latency histogram and a single req/s for the pair, with the same -t/-c/-d as
-- the one-node phases. post_comment.lua does the same when BENCH_HOSTS is set.

local hosts = os.getenv("BENCH_HOSTS") or error("BENCH_HOSTS is not set")
local addrs = nil
local next_thread = 0

-- The host lookup lives beside this script (it is given to wrk by absolute path).
local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local lookup_hosts = dofile(script_dir .. "wrk_hosts.lua")
local function lookup_all() return lookup_hosts(hosts) end

function setup(thread)
    addrs = addrs or lookup_all()
    next_thread = next_thread + 1
    thread.addr = addrs[(next_thread - 1) % #addrs + 1]
end
