-- wrk script: POST /api/visits with a User-Agent no other request uses, in this run or any other
-- (bench/visits passes each run its own name after --), so every request is a new visitor and is
-- counted: a real write, never a refresh-window hit.
local next_thread = 0

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

local run = "0"
function init(args)
  run = args[1] or "0"
end

local n = 0
function request()
  n = n + 1
  local ua = "Mozilla/5.0 (X11; Linux x86_64) BenchBrowser/" .. run .. "." .. thread_id .. "." .. n
  return wrk.format("POST", "/api/visits", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = ua,
  }, '{"path":"/"}')
end

-- Counts answers that were not 200, so a run full of errors cannot pass for a fast one.
local bad = 0
function response(status)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary)
  io.write(string.format("non-200: %d\n", summary.errors.status))
end
