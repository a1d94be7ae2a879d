-- POSTs a urlencoded form for bench/load.py (see its Form); reports like wrk_report.lua.
-- Environment: BENCH_WRK_REPORT (path of wrk_report.lua), BENCH_BODY (the fields),
-- BENCH_PATHS (space-separated paths to spread the requests over; empty: the URL's path),
-- BENCH_UNIQUE_FIELD (a field that gets a new value in every request; empty: none),
-- BENCH_RUN (a prefix that makes those values unique across runs).
dofile(os.getenv("BENCH_WRK_REPORT"))

local body = os.getenv("BENCH_BODY") or ""
local unique = os.getenv("BENCH_UNIQUE_FIELD") or ""
local run = os.getenv("BENCH_RUN") or "run"
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  paths[#paths + 1] = p
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local threads = 0
function setup(thread)  -- runs in the main Lua state, once per wrk thread
  threads = threads + 1
  thread:set("slot", threads)
end

local n = 0
function request()
  n = n + 1
  local me = slot or 0  -- `slot` was set in this thread's own Lua state by setup()
  local path = nil
  if #paths > 0 then
    path = paths[(me * 7 + n) % #paths + 1]
  end
  local fields = body
  if unique ~= "" then
    fields = string.format("%s&%s=%s-%d-%d", body, unique, run, me, n)
  end
  return wrk.format(nil, path, nil, fields)
end
