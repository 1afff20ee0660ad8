#!/usr/bin/env python3
"""gen_registry.py PATH N [BASE] - write a registry of N generated store-level accounts (50 per
store, a few scopes each, as bench/tui_bench.sh and bench/registry_bench.sh use), mode 0600.
With BASE (a registry storekeys wrote), its first account is put in the middle of the list in
place of one generated account, so N stays the total and that account's keyring items are real."""
import json
import os
import sys
import uuid


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    base = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
    scopes = ["store_v2_orders_read_only", "store_v2_products", "store_v2_information_read_only",
              "store_v2_customers_read_only", "store_v2_content"]
    accounts = []
    for i in range(n - 1 if base else n):
        store = "bench%03d" % (i // 50)
        accounts.append({
            "id": str(uuid.UUID(int=i + 1, version=4)),
            "level": "store", "token_type": "v2v3", "store_hash": store,
            "name": "Bench account %04d" % i,
            "api_path": "https://api.bigcommerce.com/stores/%s/v3/" % store,
            "client_id": "benchcid%012d" % i,
            "scopes": scopes[: 1 + i % len(scopes)],
            "created": 1700000000 + i, "verified": 0 if i % 3 else 1700100000 + i,
        })
    reg = {"schema_version": 1}
    if base:
        reg = base
        accounts.insert(len(accounts) // 2, base["accounts"][0])
    reg["accounts"] = accounts
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(reg, f, indent=1)


if __name__ == "__main__":
    main()
