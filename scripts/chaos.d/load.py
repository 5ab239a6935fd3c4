#!/usr/bin/env python3
"""Applicants that do what the API tells them to: each application is posted
with an Idempotency-Key of its own and retried with the same key, on any
error, timeout, 5xx, 409 or 429, until it gets a final answer.

    load.py --url http://127.0.0.1:8080 [--url ...] --body FILE --clients 16 --out FILE

Runs until SIGUSR1 (or --seconds), then stops starting new applications and
finishes the ones under way (for at most --drain seconds). With --same-key-
everywhere, every application is sent to every --url at once, each copy
retried on its own. Writes one JSON line per application to --out: its key,
the final status, the application id each copy was given, and how many
attempts it took. Only ids leave this script: the body is the same made-up
applicant for all.
"""
import argparse
import http.client
import json
import random
import signal
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

RETRYABLE = {409, 429, 500, 502, 503, 504}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def add(self, name):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1


def post_until_final(base, body, key, deadline, stats, timeout):
    """One copy of one application, retried until a final answer or until
    deadline() has passed."""
    host = urlsplit(base)
    attempts = 0
    while True:
        attempts += 1
        delay = 0.05
        try:
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=timeout)
            connection.request("POST", "/v1/applications", body=body, headers={
                "Content-Type": "application/json", "Idempotency-Key": key, "Connection": "close"})
            response = connection.getresponse()
            payload = response.read()
            connection.close()
            stats.add(f"http {response.status}")
            if response.status == 201:
                return {"status": 201, "id": json.loads(payload)["id"].lower(), "attempts": attempts}
            if response.status not in RETRYABLE:
                problem = json.loads(payload).get("type", "?") if payload else "?"
                return {"status": response.status, "problem": problem, "attempts": attempts}
            retry_after = response.getheader("Retry-After")
            if retry_after and retry_after.isdigit():
                delay = min(float(retry_after), 1.0)
        except (OSError, http.client.HTTPException) as error:
            stats.add(type(error).__name__)
        if time.monotonic() > deadline():
            return {"status": None, "attempts": attempts}
        time.sleep(delay * (0.5 + random.random()))


def client(args, body, stop, drain_deadline, results, stats, index):
    while not stop.is_set():
        key = str(uuid.uuid4())
        urls = args.url if args.same_key_everywhere else [args.url[index % len(args.url)]]
        copies = [None] * len(urls)

        def send(position, url):
            copies[position] = post_until_final(url, body, key, drain_deadline, stats, args.timeout)

        threads = [threading.Thread(target=send, args=(n, url)) for n, url in enumerate(urls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results.append({"key": key, "copies": copies})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--body", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--drain", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--same-key-everywhere", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.body, "rb") as file:
        body = file.read()

    stop = threading.Event()
    stopped_at = []
    signal.signal(signal.SIGUSR1, lambda *_: stop.set())
    # Until stopped, an application may retry for ever; once stopped, for --drain seconds more.
    drain_deadline = lambda: (stopped_at[0] + args.drain) if stopped_at else float("inf")
    results, stats = [], Stats()
    threads = [threading.Thread(target=client, args=(args, body, stop, drain_deadline, results, stats, n))
               for n in range(args.clients)]
    for thread in threads:
        thread.start()
    # Short sleeps, not one long wait: a signal may be delivered to any
    # thread, and Python runs its handler only when the main thread wakes.
    ends = time.monotonic() + args.seconds if args.seconds else float("inf")
    while not stop.is_set() and time.monotonic() < ends:
        time.sleep(0.1)
    stop.set()
    stopped_at.append(time.monotonic())
    for thread in threads:
        thread.join()
    with open(args.out, "w") as out:
        for result in results:
            out.write(json.dumps(result) + "\n")
    print(json.dumps(stats.counts, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
