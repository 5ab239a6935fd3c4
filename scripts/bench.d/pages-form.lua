-- wrk script for scripts/bench pages: sends the application form of
-- position `bench` as a browser does, each with a key of its own; the same
-- answers as the API's body (vtrack-bench body). The threads, counters and
-- the summary line are intake.lua's.
dofile("scripts/bench.d/intake.lua")

local fields

function init(args)
  wrk.method = "POST"
  wrk.path = "/positions/bench"
  local motivation = string.rep("I+want+to+help+translate+independent+journalism.+", 20)
  fields = "lang=en&name=Bench+Applicant&email=bench.applicant%40example.org&telegram=%40bench_applicant"
    .. "&languages=uk%2C+en&time_zone=Europe%2FPrague&hours=6&window-1-day=tue&window-1-start=18%3A00"
    .. "&window-1-end=21%3A00&motivation=" .. motivation .. "&source=website&privacy_notice=2026-01&consent=yes"
end

function request()
  counter = counter + 1
  local body = fields .. string.format("&idempotency_key=bench-%s-%d-%d", run, thread_number, counter)
  return wrk.format(nil, nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
