"""Hooks for the contract run (scripts/lib/contract.sh, scripts/schemathesis.toml).

An Idempotency-Key is used once: the same key with another body is refused
(422), as the document says. A generator does not know which keys it sent,
and comes back to its favourite values; so a well-formed key is made fresh
before each call, and a schema-valid application is judged on its data.
Malformed keys are left as they are, for the server to refuse.
"""
import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{16,255}")


@schemathesis.hook
def before_call(context, case, kwargs):
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and WELL_FORMED.fullmatch(key):
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
