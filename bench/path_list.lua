-- wrk script: each request asks for the next path of the file BENCH_PATHS names (one path a
-- line), in turn, so a run reads many different pages instead of one. bench/core.sh uses it
-- for a list's later pages walked one after another, more of them than the lists cache keeps
-- a list (Caches::kLaterPagesPerList), so nearly every request is built from the store.

local file = os.getenv("BENCH_PATHS") or error("BENCH_PATHS is not set")
local paths = {}
for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
end
if #paths == 0 then error("no paths in " .. file) end

local next_path = 0
local thread_count = 0

function setup(thread)
    thread_count = thread_count + 1
    thread:set("start", thread_count)
end

function init(args)
    -- Threads start apart, so two of them seldom ask for the same page at once.
    next_path = (tonumber(start) or 1) * math.floor(#paths / 2)
end

function request()
    next_path = next_path % #paths + 1
    return wrk.format("GET", paths[next_path])
end
