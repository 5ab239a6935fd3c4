#!/usr/bin/env python3
"""One row of the chaos table: what the clients were told (load.py's results)
against what the database holds.

    check.py --scenario NAME --results FILE --database-ids FILE
             --database-keys N --half-written N --chain intact|broken
             [--condition "what=ok|failed" ...]

Prints the row and exits 1 when anything was lost, doubled, left unfinished
or half-written, the chain did not verify, or a condition failed.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--database-ids", required=True)
    parser.add_argument("--database-keys", type=int, required=True)
    parser.add_argument("--half-written", type=int, required=True)
    parser.add_argument("--chain", required=True)
    parser.add_argument("--condition", action="append", default=[])
    args = parser.parse_args()

    with open(args.results) as file:
        results = [json.loads(line) for line in file if line.strip()]
    with open(args.database_ids) as file:
        stored = {line.strip().lower() for line in file if line.strip()}

    requests = sum(copy["attempts"] for result in results for copy in result["copies"])
    acknowledged, unfinished, refused, disagreeing = set(), 0, 0, 0
    for result in results:
        copies = result["copies"]
        if any(copy["status"] is None for copy in copies):
            unfinished += 1
        elif any(copy["status"] != 201 for copy in copies):
            refused += 1
        ids = {copy["id"] for copy in copies if copy.get("id")}
        if len(ids) > 1:
            disagreeing += 1
        acknowledged |= ids

    found = len(acknowledged & stored)
    lost = len(acknowledged - stored)
    # Applications nobody was told about belong to a key that was answered
    # with another one: a retry applied twice.
    duplicates = len(stored - acknowledged) + disagreeing
    failures = []
    if lost: failures.append(f"{lost} acknowledged applications missing")
    if duplicates: failures.append(f"{duplicates} duplicates")
    if len(stored) != args.database_keys:
        failures.append(f"{len(stored)} applications for {args.database_keys} Idempotency-Keys")
    if unfinished: failures.append(f"{unfinished} applications never got a final answer")
    if refused: failures.append(f"{refused} applications refused")
    if args.half_written: failures.append(f"{args.half_written} half-written rows")
    if args.chain != "intact": failures.append("the audit chain does not verify")
    for condition in args.condition:
        what, _, outcome = condition.rpartition("=")
        if outcome != "ok":
            failures.append(what)

    notes = "; ".join(failures) if failures else "; ".join(c.rpartition("=")[0] for c in args.condition) or "-"
    print(f"| {args.scenario:<16} | {requests:>8} | {len(acknowledged):>12} | {found:>6} | {duplicates:>10} | {lost:>4} | "
          f"{'FAILED: ' if failures else ''}{notes}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
