-- Shared by the wrk scripts: resolves BENCH_HOSTS ("host:port,host:port") into wrk addresses.
-- Load with: local lookup_hosts = dofile(script_dir .. "wrk_hosts.lua")
return function(hosts)
    local list = {}
    for hp in string.gmatch(hosts, "[^,]+") do
        local h, p = hp:match("^(.+):(%d+)$")
        if not h then error("BENCH_HOSTS entry '" .. hp .. "' is not host:port") end
        local found = wrk.lookup(h, p)
        if not found or #found == 0 then error("cannot resolve " .. hp) end
        list[#list + 1] = found[1]
    end
    return list
end
