-- wrk script for bench/core.sh phase (d): readers POST ~300-character comments (no token, so
-- pre-moderation leaves them pending). Every answer must be 201; response() counts the others
-- and done() reports, on lines starting with "POST_", what bench/core.sh parses:
--   POST_SENT n      requests handed to the socket (includes the ones still in flight at the end)
--   POST_201 n       201 answers
--   POST_NON201 n    any other answer; POST_FIRST_BAD shows the first such status and body
-- Env: BENCH_PAGE (the thread's page key, required), BENCH_TEXT_CHARS (default 300),
--      BENCH_HOSTS (optional, "host:port,host:port"): wrk's threads go round-robin to these
--      servers instead of the URL's (as in split_hosts.lua), for the two-node phase (g).

local page = os.getenv("BENCH_PAGE") or error("BENCH_PAGE is not set")
local text_chars = tonumber(os.getenv("BENCH_TEXT_CHARS") or "300")

local threads = {}
local next_id = 1
local hosts = os.getenv("BENCH_HOSTS")
local addrs = nil

-- The host lookup lives beside this script (it is given to wrk by absolute path).
local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local lookup_hosts = dofile(script_dir .. "wrk_hosts.lua")
local function lookup_all() return lookup_hosts(hosts) end

function setup(thread)
    if hosts and hosts ~= "" then
        addrs = addrs or lookup_all()
        thread.addr = addrs[(next_id - 1) % #addrs + 1]
    end
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

local words = {
    "the", "council", "harbour", "seal", "pups", "skerries", "counted", "survey", "volunteers",
    "boats", "tide", "morning", "rangers", "colony", "record", "season", "weather", "island",
    "coast", "readers", "letter", "station", "school", "lane", "trial", "minutes", "journey",
    "cyclists", "archive", "ledger", "storm", "surge", "flooding", "climate", "neighbours",
    "photographs", "evening", "market", "bridge", "ferry", "timetable", "budget", "library",
}
local fillers = {}
local headers = { ["Content-Type"] = "application/json" }

function init(args)
    sent, ok, non201, first_bad = 0, 0, 0, ""
    math.randomseed(id * 7919)
    -- 64 different fillers per thread; each request also carries a unique prefix.
    for f = 1, 64 do
        local parts, len = {}, 0
        while len < text_chars do
            local w = words[math.random(#words)]
            parts[#parts + 1] = w
            len = len + #w + 1
        end
        fillers[f] = table.concat(parts, " ")
    end
end

function request()
    sent = sent + 1
    local prefix = "t" .. id .. "-" .. sent .. " "
    local text = (prefix .. fillers[sent % #fillers + 1]):sub(1, text_chars)
    local body = '{"page":"' .. page .. '","author_name":"Bench reader ' .. id .. '","text":"' .. text .. '"}'
    return wrk.format("POST", "/api/v1/comments", headers, body)
end

function response(status, hdrs, body)
    if status == 201 then
        ok = ok + 1
        return
    end
    non201 = non201 + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
end

function done(summary, latency, requests)
    local s, o, n, bad = 0, 0, 0, ""
    for _, t in ipairs(threads) do
        s = s + t:get("sent")
        o = o + t:get("ok")
        n = n + t:get("non201")
        if bad == "" then bad = t:get("first_bad") end
    end
    io.write(string.format("POST_SENT %d\nPOST_201 %d\nPOST_NON201 %d\n", s, o, n))
    if bad ~= "" then io.write("POST_FIRST_BAD " .. bad:gsub("\n", " ") .. "\n") end
end
