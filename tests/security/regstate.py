#!/usr/bin/env python3
"""regstate.py OLD NOW add|remove NAME - R15: is the registry file NOW exactly the
old state (byte-identical to OLD) or exactly the new one (OLD plus the one added
account NAME, or OLD minus the removed account NAME; every other account
byte-for-byte equal as JSON)? Prints old, new, or why it is neither (exit 1)."""
import json
import sys

old_path, now_path, op, name = sys.argv[1:5]
old_bytes = open(old_path, "rb").read() if old_path != "-" else b""
try:
    now_bytes = open(now_path, "rb").read()
except FileNotFoundError:
    now_bytes = None
if now_bytes == old_bytes or (now_bytes is None and old_path == "-"):
    print("old")
    sys.exit(0)
if now_bytes is None:
    print("neither: the registry vanished")
    sys.exit(1)
try:
    now = json.loads(now_bytes)
except ValueError as e:
    print("neither: the registry does not parse: %s" % e)
    sys.exit(1)
old = json.loads(old_bytes) if old_bytes else {"schema_version": 1, "accounts": []}
oa, na = old["accounts"], now["accounts"]
if {k: v for k, v in now.items() if k != "accounts"} != {k: v for k, v in old.items() if k != "accounts"}:
    print("neither: top-level fields changed")
    sys.exit(1)
if op == "add":
    ok = len(na) == len(oa) + 1 and na[:-1] == oa and na[-1]["name"] == name
else:
    ok = na == [a for a in oa if a["name"] != name] and len(na) == len(oa) - 1
print("new" if ok else "neither: %d accounts before, %d now" % (len(oa), len(na)))
sys.exit(0 if ok else 1)
