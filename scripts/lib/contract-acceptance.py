#!/usr/bin/env python3
"""The share of schemathesis' requests the server accepted (2xx), per
operation and overall, from the run's NDJSON event report; and why the
schema-valid requests that were not accepted were refused.

Usage: contract-acceptance.py EVENTS.ndjson

Schema-valid requests ("positive" cases) should be accepted unless the state
refuses them or a rule JSON Schema cannot state does (scripts/schemathesis.toml);
schema-violating ones ("negative" cases) should not be, unless what they
break is a part the server does not read (an extra header). The reasons are
problem types and field rules, which never quote a value.
"""
import base64
import collections
import json
import re
import sys

INDEX = re.compile(r"\[[0-9]+\]")


OPERATION = re.compile(r"[A-Z]+ /")


def operation(scenario_label, case):
    """The label of an operation's scenario ("POST /v1/applications"); the
    stateful phase files all its calls under one, so those are named by the
    operation each called."""
    if OPERATION.match(scenario_label) or not (case.get("method") and case.get("path")):
        return scenario_label
    return f"{case['method'].upper()} {case['path']}"


def reasons(response):
    """What a problem+json answer says was wrong: its field rules, or its type."""
    content = response.get("content")
    try:
        raw = base64.b64decode(content["$base64"]) if isinstance(content, dict) else content
        problem = json.loads(raw)
    except (TypeError, ValueError, KeyError):
        return [f"{response['status_code']} (no problem document)"]
    if not isinstance(problem, dict):
        return [f"{response['status_code']}"]
    kind = str(problem.get("type", "")).rsplit("/", 1)[-1]
    fields = {"%s: %s" % (INDEX.sub("[]", str(e.get("field", "?"))), e.get("problem", "?"))
              for e in problem.get("errors", []) if isinstance(e, dict)}
    return [f"{response['status_code']} {kind} {field}" for field in sorted(fields)] or [f"{response['status_code']} {kind}"]


def tally(path):
    """{operation: {mode: [requests, accepted]}} and a count of refusal
    reasons, over every scenario but the replays that reproduce a failure."""
    counts = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    refusals = collections.Counter()
    with open(path, encoding="utf-8") as events:
        for line in events:
            scenario = json.loads(line).get("ScenarioFinished")
            if not scenario or scenario.get("is_final"):
                continue
            recorder = scenario["recorder"]
            for case_id, interaction in recorder.get("interactions", {}).items():
                response = interaction.get("response")
                if response is None:
                    continue
                case = recorder.get("cases", {}).get(case_id, {}).get("value", {})
                mode = (case.get("meta") or {}).get("generation", {}).get("mode", "positive")
                label = operation(recorder["label"], case)
                accepted = 200 <= response["status_code"] < 300
                cell = counts[label][mode]
                cell[0] += 1
                cell[1] += accepted
                if mode == "positive" and not accepted:
                    refusals.update(f"{label}: {reason}" for reason in reasons(response))
    return counts, refusals


def share(cell):
    requests, accepted = cell
    return f"{accepted:>5}/{requests:<5} {100 * accepted / requests:5.1f}%" if requests else f"{'-':>19}"


def main():
    counts, refusals = tally(sys.argv[1])
    total = collections.defaultdict(lambda: [0, 0])
    width = max([len(label) for label in counts] + [len("overall")])
    print(f"{'accepted (2xx) of':<{width}}  {'schema-valid requests':>21}  {'schema-violating':>19}  {'all':>19}")
    for label in sorted(counts):
        modes = counts[label]
        every = [sum(cell[0] for cell in modes.values()), sum(cell[1] for cell in modes.values())]
        for mode in ("positive", "negative"):
            total[mode][0] += modes[mode][0]
            total[mode][1] += modes[mode][1]
        print(f"{label:<{width}}  {share(modes['positive']):>21}  {share(modes['negative']):>19}  {share(every):>19}")
    every = [total["positive"][0] + total["negative"][0], total["positive"][1] + total["negative"][1]]
    print(f"{'overall':<{width}}  {share(total['positive']):>21}  {share(total['negative']):>19}  {share(every):>19}")
    if refusals:
        print("schema-valid requests not accepted, by reason (most frequent first):")
        for reason, count in refusals.most_common(10):
            print(f"  {count:>5}  {reason}")


if __name__ == "__main__":
    main()
