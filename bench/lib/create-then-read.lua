-- wrk script: each connection creates a contract, then reads back the contract a create answered.
-- wrk has no per-connection state, so each thread keeps a queue of created ids: a request reads
-- the oldest unread contract if there is one, else creates one (a cid no one used).
-- Arguments: API key, then the create body's JSON split around its affiliate_cid value.
local apiKey, bodyBefore, bodyAfter
local created, firstUnread, lastCreated = {}, 1, 0
-- Per thread, read back in done(): creates sent, creates answered with an id, reads sent.
creates, createdIds, reads = 0, 0, 0
local threads = {}

-- Runs in wrk's main Lua state; `thread:set` gives each thread's state its global `threadTag`.
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("threadTag", tostring(#threads))
end

function init(args)
  apiKey, bodyBefore, bodyAfter = args[1], args[2], args[3]
end

function request()
  if firstUnread <= lastCreated then
    local id = created[firstUnread]
    created[firstUnread] = nil
    firstUnread = firstUnread + 1
    reads = reads + 1
    return wrk.format("GET", "/cp-insurance/contract/" .. id .. "/", { ["X-ITECHS-API-KEY"] = apiKey })
  end
  creates = creates + 1
  return wrk.format(
    "POST",
    "/cp-insurance/contract/create/",
    { ["X-ITECHS-API-KEY"] = apiKey, ["content-type"] = "application/json" },
    bodyBefore .. threadTag .. "-" .. creates .. bodyAfter
  )
end

function response(status, headers, body)
  local id = status == 201 and body:match('"contract_id":"([0-9a-f-]+)"')
  if id then
    createdIds = createdIds + 1
    lastCreated = lastCreated + 1
    created[lastCreated] = id
  end
end

-- wrk's own CPU time (user + system, in clock ticks of 10 ms) from /proc, fields 14 and 15.
local function cpuMs()
  local stat = io.open("/proc/self/stat"):read("*l")
  local fields = {}
  for field in stat:gsub("^.*%) ", ""):gmatch("%S+") do fields[#fields + 1] = field end
  return (tonumber(fields[12]) + tonumber(fields[13])) * 10
end

function done(summary, latency, requests)
  local sent, answered, read = 0, 0, 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("creates")
    answered = answered + thread:get("createdIds")
    read = read + thread:get("reads")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"responses":%d,"elapsedUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,' ..
      '"cpuMs":%d,"creates":%d,"createdIds":%d,"reads":%d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), cpuMs(),
    sent, answered, read
  ))
end
