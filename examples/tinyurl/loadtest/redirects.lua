-- wrk script: GET /{code} rotating over the codes in a file, one code a line, as written by
-- `java -jar tinyurl.jar loadtest --mode codes --save-codes codes.txt ...`.
--   CODES=codes.txt wrk -t2 -c32 -d30s --latency -s redirects.lua http://127.0.0.1:8080
-- Every request is built once in init(); each wrk thread starts at a different place in the list.

local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local requests = {}
local cursor = 0

function init(args)
  local file = os.getenv("CODES") or "codes.txt"
  for line in io.lines(file) do
    local code = line:match("^%s*(.-)%s*$")
    if #code > 0 then
      requests[#requests + 1] = wrk.format("GET", "/" .. code)
    end
  end
  if #requests == 0 then
    error("no codes in " .. file)
  end
  cursor = ((id or 0) * 7919) % #requests
end

function request()
  cursor = cursor % #requests + 1
  return requests[cursor]
end
