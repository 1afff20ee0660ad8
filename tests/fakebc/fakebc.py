#!/usr/bin/env python3
"""fakebc: a fake BigCommerce API server for the storekeys tests, benchmarks and demo.

Standard library only.  It serves the store-level REST routes storekeys uses
(webhooks v3, store information v2, read-only scope probes), the account-level
GraphQL probe, and a control API under /__fake/ (state, log, stats, faults).
See README.md in this directory for the options, the seed format and the
fault switches.
"""

import argparse
import collections
import gzip
import ipaddress
import json
import math
import os
import random
import re
import select
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import uuid as uuidlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

# ---------------------------------------------------------------------------
# Vocabulary tables
# ---------------------------------------------------------------------------

ERR_TYPE = "/api-docs/getting-started/api-status-codes"
TITLES = {
    400: "Input is invalid",
    401: ("Unauthorized - the v3 Auth client ID or token in the request are not "
          "a valid combination for this store."),
    403: "You don't have a required scope to access the endpoint",
    404: "The requested resource was not found.",
    405: "The requested method is not allowed for this resource.",
    409: "Conflict",
    413: "The request payload is too large.",
    415: "Unsupported media type",
    422: "JSON data is missing or invalid",
    429: "Too many requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    507: "Insufficient Storage",
}

# Read-only GET probe endpoints (path relative to /stores/{hash}) ->
# (read-only scope, modify scope or None, kind).  kind: "list" = v3 list,
# "v2" = v2 array, "obj" = v3 single object, "mf:<type,...>" = metafields
# owned by the caller with one of those resource types.  docs/bigcommerce.md §4.
PROBES = {
    "/v3/content/pages": ("store_v2_content_read_only", "store_v2_content", "list"),
    "/v3/content/widgets": ("store_v2_content_read_only", "store_v2_content", "list"),
    "/v3/storefront/redirects": ("store_v2_content_read_only", "store_v2_content", "list"),
    "/v2/blog/posts": ("store_v2_content_read_only", "store_v2_content", "v2"),
    "/v3/content/scripts": ("store_content_checkout_read_only", "store_content_checkout", "list"),
    "/v3/customers": ("store_v2_customers_read_only", "store_v2_customers", "list"),
    "/v3/customers/subscribers": ("store_v2_customers_read_only", "store_v2_customers", "list"),
    "/v3/wishlists": ("store_v2_customers_read_only", "store_v2_customers", "list"),
    "/v3/segments": ("store_v2_customers_read_only", "store_v2_customers", "list"),
    "/v2/customer_groups": ("store_v2_customers_read_only", "store_v2_customers", "v2"),
    "/v3/customers/metafields": ("store_v2_customers_read_only", "store_v2_customers", "mf:customer"),
    "/v3/settings/store/profile": ("store_v2_information_read_only", "store_v2_information", "obj"),
    "/v2/currencies": ("store_v2_information_read_only", "store_v2_information", "v2"),
    "/v2/shipping/zones": ("store_v2_information_read_only", "store_v2_information", "v2"),
    "/v2/tax_classes": ("store_v2_information_read_only", "store_v2_information", "v2"),
    "/v3/store/metafields": ("store_v2_information_read_only", "store_v2_information", "mf:store"),
    "/v2/coupons": ("store_v2_marketing_read_only", "store_v2_marketing", "v2"),
    "/v2/banners": ("store_v2_marketing_read_only", "store_v2_marketing", "v2"),
    "/v2/gift_certificates": ("store_v2_marketing_read_only", "store_v2_marketing", "v2"),
    "/v3/promotions": ("store_v2_marketing_read_only", "store_v2_marketing", "list"),
    "/v2/order_statuses": ("store_v2_orders_read_only", "store_v2_orders", "v2"),
    "/v2/orders": ("store_v2_orders_read_only", "store_v2_orders", "v2"),
    "/v3/orders/settings": ("store_v2_orders_read_only", "store_v2_orders", "obj"),
    "/v3/orders/metafields": ("store_v2_orders_read_only", "store_v2_orders", "mf:order"),
    "/v3/catalog/products": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/catalog/brands": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/catalog/categories": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/catalog/trees": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/catalog/variants": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/pricelists": ("store_v2_products_read_only", "store_v2_products", "list"),
    "/v3/catalog/products/metafields": ("store_v2_products_read_only", "store_v2_products", "mf:product"),
    "/v3/catalog/variants/metafields": ("store_v2_products_read_only", "store_v2_products", "mf:variant"),
    "/v3/catalog/brands/metafields": ("store_v2_products_read_only", "store_v2_products", "mf:brand"),
    "/v3/catalog/categories/metafields": ("store_v2_products_read_only", "store_v2_products", "mf:category"),
    "/v3/themes": ("store_themes_read_only", "store_themes_manage", "list"),
    "/v3/carts/metafields": ("store_cart_read_only", "store_cart", "mf:cart"),
    "/v3/checkouts/settings": ("store_checkout_read_only", "store_checkout", "obj"),
    "/v3/sites": ("store_sites_read_only", "store_sites", "list"),
    "/v3/channels": ("store_channel_settings_read_only", "store_channel_settings", "list"),
    "/v3/channels/metafields": ("store_channel_settings_read_only", "store_channel_settings", "mf:channel"),
    "/v3/channels/1/listings": ("store_channel_listings_read_only", "store_channel_listings", "list"),
    "/v3/store/systemlogs": ("store_logs_read_only", None, "list"),
    "/v3/inventory/locations": ("store_locations_read_only", "store_locations", "list"),
    "/v3/inventory/locations/metafields": ("store_locations_read_only", "store_locations", "mf:location"),
    "/v3/inventory/items": ("store_inventory_read_only", "store_inventory", "list"),
    "/v3/pickup/methods": ("store_fulfillment_methods_read_only", "store_fulfillment_methods_manage", "list"),
    "/v3/orders/pickups": ("store_order_fulfillment_read_only", "store_order_fulfillment_manage", "list"),
    "/v3/infrastructure/projects": ("store_infrastructure_projects_read_only",
                                    "store_infrastructure_projects_manage", "list"),
}
INFO_SCOPES = ("store_v2_information_read_only", "store_v2_information")
SCRIPT_SCOPES = ("store_v2_content_read_only", "store_v2_content", "store_content_checkout_read_only",
                 "store_content_checkout")

# Alternative spellings found in the docs, mapped to the canonical scope string.
SCOPE_ALIASES = {
    "store_checkouts_read_only": "store_checkout_read_only",
    "store_checkouts": "store_checkout",
    "store_v2_checkouts": "store_checkout",
    "store_checkout_content_read_only": "store_content_checkout_read_only",
    "store_checkout_content": "store_content_checkout",
}

# Fault switches kept in rules; IMMEDIATE keys change state at once.
FAULT_SWITCHES = {"latency_ms", "fail_every", "fail_status", "fail_always", "status",
                  "retry_after", "truncate_json", "malformed_json", "slow_body", "drip_ms",
                  "redirect", "huge_body", "huge_bytes", "huge_headers", "huge_headers_bytes",
                  "idle", "idle_s", "rl_reset_ms", "fail_after"}
FAULT_IMMEDIATE = {"quota", "window_ms", "limit_per_hour"}
FAULT_SELECTORS = {"match", "store", "method"}
FAULT_NUMERIC = {"latency_ms", "fail_every", "fail_status", "status", "retry_after", "drip_ms",
                 "huge_bytes", "huge_headers_bytes", "idle_s", "quota", "window_ms", "limit_per_hour",
                 "rl_reset_ms", "fail_after"}

# /stores/{hash}/graphql is the store's GraphQL Admin endpoint (reassignMetafieldsOwner only)
STORE_RE = re.compile(r"^/stores/([^/]+)/(v2|v3|graphql)(/.*)?$")
ACCOUNT_RE = re.compile(r"^/accounts/([^/]+)/graphql$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_BODY = 8 * 1024 * 1024


def v3_error(status, title=None, errors=None):
    body = {"status": status, "title": title or TITLES.get(status, "Error"), "type": ERR_TYPE}
    if errors:
        body["errors"] = errors
    return body


V2_MESSAGES = {401: "Unauthorized - the X-Auth-Token in the request is not valid for this store.",
               404: "The requested resource was not found."}


def v2_error(status, message=None):
    return [{"status": status, "message": message or V2_MESSAGES.get(status) or TITLES.get(status, "Error")}]


class Resp:
    """A response to send.  body: JSON-able object, bytes, or None."""

    def __init__(self, status, body=None, headers=None, mode=None, **opts):
        self.status, self.body, self.mode, self.opts = status, body, mode, opts
        self.headers = dict(headers or {})


def err(ver, status, title=None, errors=None, headers=None):
    body = v2_error(status, title) if ver == "v2" else v3_error(status, title, errors)
    return Resp(status, body, headers)


def path_key(path):
    m = STORE_RE.match(path) or ACCOUNT_RE.match(path)
    return m.group(1) if m else None


class Req:
    def __init__(self, method, target, headers, body):
        url = urlsplit(target)
        self.method, self.target, self.path, self.qs = method, target, url.path, url.query
        self.query = dict(parse_qsl(url.query, keep_blank_values=True))
        self.headers, self.raw = headers, body
        self.token = headers.get("X-Auth-Token")
        self.key = path_key(self.path)  # store hash or account uuid named in the path
        self.client_id = None    # resolved from the token

    def json(self):
        """Parsed JSON body; raises ValueError when missing or malformed."""
        return json.loads(self.raw.decode("utf-8"))


# ---------------------------------------------------------------------------
# State built from a seed
# ---------------------------------------------------------------------------

def canon_scope(s):
    return SCOPE_ALIASES.get(s, s)


class State:
    """The fake world.  Every access holds App.lock."""

    def __init__(self, seed):
        self.t0 = time.monotonic()
        self.stores, self.accounts, self.tokens = {}, {}, {}
        self.next_hook_id = 1
        for s in seed.get("stores", []):
            self._load_store(s)
        for a in seed.get("accounts", []):
            self._load_account(a)
        ids = [h["id"] for st in self.stores.values() for h in st["hooks"] if h["id"]]
        self.next_hook_id = max(ids, default=0) + 1
        for st in self.stores.values():
            for h in st["hooks"]:
                if not h["id"]:
                    h["id"] = self.new_hook_id()
            st["hooks"].sort(key=lambda h: h["id"])

    def new_hook_id(self):
        self.next_hook_id += 1
        return self.next_hook_id - 1

    def _add_token(self, tok):
        if tok["access_token"] in self.tokens:
            raise ValueError("duplicate access_token in seed: %s" % tok["name"])
        self.tokens[tok["access_token"]] = tok

    def _load_store(self, s):
        h = s["hash"]
        st = {"hash": h, "name": s.get("name", "Store " + h), "domain": s.get("domain", h + ".example"),
              "account_uuid": s.get("account_uuid", ""), "store_id": s.get("store_id", 1000000 + len(self.stores)),
              "plan_name": s.get("plan_name", "Standard"), "info": s.get("info", {}),
              "quota": int(s.get("quota", 150)), "window_ms": int(s.get("window_ms", 30000)),
              "tokens": [], "hooks": [], "emails": {}, "blocked": {}, "metafields": list(s.get("metafields", [])),
              "scripts": {},
              "rl_start": -1e18, "rl_used": 0}
        now = int(time.time())
        for t in s.get("tokens", []):
            cid = t["client_id"]
            tok = {"level": "store", "store": h, "name": t["name"], "client_id": cid,
                   "client_secret": t.get("client_secret", ""), "access_token": t["access_token"],
                   "token_type": t.get("token_type", "v2v3"), "stencil_level": t.get("stencil_level"),
                   "scopes": [canon_scope(x) for x in t.get("scopes", [])]}
            self._add_token(tok)
            st["tokens"].append(tok)
            st["emails"][cid] = list(t.get("emails", []))
            st["blocked"][cid] = [self._blocked(b, now) for b in t.get("blocked_domains", [])]
            st["scripts"][cid] = [script_out(x, cid, i) for i, x in enumerate(t.get("scripts", []))]
            for hk in t.get("hooks", []):
                st["hooks"].append(self._hook(hk, cid, h, now))
        self.stores[h] = st

    def _blocked(self, b, now):
        left = b.get("expires_in", b.get("time_left", 180))
        return {"destination": b["destination"], "expiry": self.t0 + float(left),
                "reasons": [{"failure_description": r.get("failure_description", "HTTP 500"),
                             "count": int(r.get("count", 1)),
                             "timestamp": int(r["timestamp"]) if "timestamp" in r else now - int(r.get("age", 0))}
                            for r in b.get("reasons", [])]}

    @staticmethod
    def _hook(hk, cid, store_hash, now):
        status = hk.get("status") or ("active" if hk.get("is_active", True) else "inactive")
        active = status == "active" and hk.get("is_active", True)
        if status == "active" and not active:
            status = "inactive"
        created = int(hk.get("created_at", now))
        return {"id": int(hk.get("id", 0)), "client_id": cid, "store_hash": store_hash,
                "scope": hk["scope"], "destination": hk["destination"], "headers": hk.get("headers"),
                "is_active": bool(active), "created_at": created,
                "updated_at": int(hk.get("updated_at", created)), "status": status}

    def _load_account(self, a):
        u = a["uuid"]
        acct = {"uuid": u, "name": a.get("name", "Account " + u), "stores": list(a.get("stores", [])),
                "limit_per_hour": int(a.get("limit_per_hour", 70)), "tokens": [],
                "rl_start": -1e18, "rl_used": 0}
        for t in a.get("tokens", []):
            tok = {"level": "account", "account": u, "name": t["name"], "client_id": t["client_id"],
                   "client_secret": t.get("client_secret", ""), "access_token": t["access_token"],
                   "token_type": "account", "stencil_level": None, "scopes": list(t.get("scopes", []))}
            self._add_token(tok)
            acct["tokens"].append(tok)
        self.accounts[u] = acct

    def blocked_for(self, st, cid):
        """Blocklisted domains of a client with time_left counting down; expired ones drop."""
        now = time.monotonic()
        live = [b for b in st["blocked"].get(cid, []) if b["expiry"] - now > 0]
        st["blocked"][cid] = live
        return [{"destination": b["destination"], "time_left": int(math.ceil(b["expiry"] - now)),
                 "reasons": [dict(r) for r in b["reasons"]]} for b in live]

    def snapshot(self):
        def tok_out(t):
            return {k: v for k, v in t.items() if k not in ("level",)}
        stores = []
        for st in self.stores.values():
            _, rl = rate_take(st, st["quota"], st["window_ms"], consume=False)
            stores.append({
                "hash": st["hash"], "name": st["name"], "domain": st["domain"],
                "account_uuid": st["account_uuid"], "store_id": st["store_id"],
                "quota": st["quota"], "window_ms": st["window_ms"], "rate_limit": rl,
                "tokens": [tok_out(t) for t in st["tokens"]],
                "hooks": [dict(h) for h in st["hooks"]],
                "emails": {c: list(e) for c, e in st["emails"].items()},
                "blocked_domains": {c: self.blocked_for(st, c) for c in list(st["blocked"])},
                "metafields": st["metafields"],
                "scripts": {c: list(x) for c, x in st["scripts"].items()}})
        accounts = [{"uuid": a["uuid"], "name": a["name"], "stores": a["stores"],
                     "limit_per_hour": a["limit_per_hour"], "tokens": [tok_out(t) for t in a["tokens"]],
                     "rate_limit": rate_take(a, a["limit_per_hour"], 3600000, consume=False)[1]}
                    for a in self.accounts.values()]
        return {"time": int(time.time()), "stores": stores, "accounts": accounts}


def rate_take(bucket, quota, window_ms, consume=True):
    """Fixed-window limiter on a store/account dict.  Returns (allowed, headers)."""
    now = time.monotonic() * 1000.0
    start, used = bucket["rl_start"], bucket["rl_used"]
    if now >= start + window_ms:          # a new window starts with this request
        start, used = now, 0
    ok = used < quota
    if consume:
        if ok:
            used += 1
        bucket["rl_start"], bucket["rl_used"] = start, used
    reset = max(1, int(math.ceil(start + window_ms - now)))
    hdr = {"X-Rate-Limit-Time-Window-Ms": str(window_ms), "X-Rate-Limit-Time-Reset-Ms": str(reset),
           "X-Rate-Limit-Requests-Quota": str(quota),
           "X-Rate-Limit-Requests-Left": str(max(0, quota - used))}
    if not ok:
        hdr["X-Rate-Limit-Requests-Left"] = "0"
        hdr["X-Retry-After"] = str(int(math.ceil(reset / 1000.0)))
    return ok, hdr


# ---------------------------------------------------------------------------
# Helpers for the API handlers
# ---------------------------------------------------------------------------

def hook_out(h, with_status=False):
    out = {k: h[k] for k in ("id", "client_id", "store_hash", "scope", "destination", "headers",
                             "is_active", "created_at", "updated_at")}
    if with_status:
        out["status"] = h["status"]
    return out


def parse_bool(v):
    low = v.lower()
    if low in ("true", "1"):
        return True
    if low in ("false", "0"):
        return False
    raise ValueError(v)


def page_args(query, max_limit=250):
    """(page, limit) from the query, or a dict of errors for a 422."""
    out, errors = [], {}
    for name, default, hi in (("page", 1, None), ("limit", 50, max_limit)):
        raw = query.get(name, str(default))
        try:
            n = int(raw)
            if n < 1 or (hi and n > hi):
                raise ValueError
            out.append(n)
        except ValueError:
            errors[name] = "must be an integer between 1 and %s" % (hi or "infinity")
    return (None, errors) if errors else (tuple(out), None)


def paginate(items, page, limit, query):
    """Slice items and build meta.pagination with links like the real API."""
    total = len(items)
    pages = int(math.ceil(total / float(limit)))
    chunk = items[(page - 1) * limit: page * limit]
    rest = [(k, v) for k, v in query.items() if k not in ("page", "limit")]

    def link(p):
        return "?" + urlencode([("page", p), ("limit", limit)] + rest)
    links = {"current": link(page)}
    if page > 1:
        links["previous"] = link(min(page - 1, max(pages, 1)))
    if page < pages:
        links["next"] = link(page + 1)
    return chunk, {"pagination": {"total": total, "count": len(chunk), "per_page": limit,
                                  "current_page": page, "total_pages": pages, "links": links}}


# The webhook events BigCommerce accepts: every "title: store/..." schema of
# webhooks.v3.yml (wildcards included) and the delivery-exception hook of the
# events catalogue (BIGCOMMERCE.md section 1).  Another scope is a 422.
HOOK_EVENTS = frozenset("""
store/app/uninstalled
store/cart/* store/cart/created store/cart/updated store/cart/deleted store/cart/couponApplied
store/cart/abandoned store/cart/converted
store/cart/lineItem/* store/cart/lineItem/created store/cart/lineItem/updated store/cart/lineItem/deleted
store/category/* store/category/created store/category/updated store/category/deleted
store/channel/* store/channel/created store/channel/updated
store/customer/* store/customer/created store/customer/updated store/customer/deleted
store/customer/address/created store/customer/address/updated store/customer/address/deleted
store/customer/payment/instrument/default/updated
store/hook/deliveryException
store/information/updated
store/order/* store/order/created store/order/updated store/order/archived store/order/statusUpdated
store/order/message/created store/order/refund/created
store/product/* store/product/created store/product/updated store/product/deleted
store/product/inventory/updated store/product/inventory/order/updated
store/shipment/* store/shipment/created store/shipment/updated store/shipment/deleted
store/sku/* store/sku/created store/sku/updated store/sku/deleted store/sku/inventory/updated
store/sku/inventory/order/updated
store/subscriber/* store/subscriber/created store/subscriber/updated store/subscriber/deleted
""".split())


def check_hook_fields(body, required):
    """Validate webhook_Base / webhook_Put fields.  Returns an errors dict."""
    errors = {}
    for f in required:
        if f not in body:
            errors[f] = "error.path.missing."
    for f in ("scope", "destination"):
        if f in body and (not isinstance(body[f], str) or not body[f]):
            errors[f] = "error.expected.jsstring"
    if isinstance(body.get("scope"), str) and body["scope"] and body["scope"] not in HOOK_EVENTS:
        errors["scope"] = "error.scope.invalid"
    dest = body.get("destination")
    if isinstance(dest, str) and dest:
        u = urlsplit(dest)
        try:
            port = u.port
        except ValueError:
            port = -1
        if u.scheme != "https" or not u.hostname or port not in (None, 443):
            errors["destination"] = "error.destination.must_be_https_on_port_443"
    if "is_active" in body and not isinstance(body["is_active"], bool):
        errors["is_active"] = "error.expected.jsboolean"
    hdrs = body.get("headers")
    if "headers" in body and hdrs is not None and not (
            isinstance(hdrs, dict) and all(isinstance(v, str) for v in hdrs.values())):
        errors["headers"] = "error.expected.jsobject"
    return errors


def hook_writes_denied(tok):
    """A 403 for webhook writes by a token that may not manage webhooks, else None.
    Webhooks need only the default scope (webhooks.v3.yml); the fake models a
    Stencil-CLI token as lacking it (UNCONFIRMED, BIGCOMMERCE.md section 2), so
    its POST/PUT/DELETE get the spec's 403_Unauthorized answer."""
    if tok.get("token_type") == "stencil":
        return err("v3", 403, "Unauthorized Access. You do not have permission to make this request.")
    return None


def script_out(x, cid, i):
    """A script as GET /v3/content/scripts returns it (scripts.v3.yml script_Full)."""
    return {"uuid": x.get("uuid", "00000000-0000-4000-8000-%012d" % (i + 1)), "name": x.get("name", "Script"),
            "description": x.get("description", ""), "kind": x.get("kind", "src"),
            "src": x.get("src", "https://cdn.example/script.js"), "html": x.get("html", ""), "auto_uninstall": bool(x.get("auto_uninstall", True)),
            "load_method": x.get("load_method", "default"), "location": x.get("location", "footer"),
            "visibility": x.get("visibility", "storefront"), "api_client_id": cid,
            "consent_category": x.get("consent_category", "essential"), "enabled": bool(x.get("enabled", True)),
            "channel_id": int(x.get("channel_id", 1)), "integrity_hashes": [],
            "date_created": "2024-01-01T00:00:00Z", "date_modified": "2024-01-01T00:00:00Z"}


def metafield_out(m):
    return {"id": int(m["id"]), "key": m["key"], "value": m["value"], "namespace": m["namespace"],
            "permission_set": m.get("permission_set", "app_only"), "resource_type": m["resource_type"],
            "resource_id": int(m.get("resource_id", 0)), "description": m.get("description", ""),
            "date_created": m.get("date_created", "2024-01-01T00:00:00+00:00"),
            "date_modified": m.get("date_modified", "2024-01-01T00:00:00+00:00"),
            "owner_client_id": m["owner_client_id"]}


def store_info(st):
    h = st["hash"]
    info = {"id": h, "account_uuid": st["account_uuid"], "domain": st["domain"],
            "secure_url": "https://" + st["domain"],
            "control_panel_base_url": "https://store-%s.mybigcommerce.com" % h,
            "status": "live", "name": st["name"], "first_name": "Jane", "last_name": "Doe",
            "address": st["name"], "country": "United States", "country_code": "US",
            "infrastructure_region": "us-central1", "phone": "555-123-4567",
            "admin_email": "admin@" + st["domain"], "order_email": "orders@" + st["domain"],
            "favicon_url": "", "timezone": {"name": "America/Chicago", "raw_offset": -21600,
                                            "dst_offset": -18000, "dst_correction": True,
                                            "date_format": {"display": "M jS Y", "export": "M jS Y",
                                                            "extended_display": "M jS Y @ g:i A"}},
            "language": "en", "currency": "USD", "currency_symbol": "$", "decimal_separator": ".",
            "thousands_separator": ",", "decimal_places": 2, "currency_symbol_location": "left",
            "weight_units": "Ounces", "dimension_units": "Inches", "dimension_decimal_places": 2,
            "dimension_decimal_token": ".", "dimension_thousands_token": ",",
            "plan_name": st["plan_name"], "plan_level": st["plan_name"], "plan_is_trial": False,
            "industry": "Retail", "logo": [], "is_price_entered_with_tax": False,
            "store_id": st["store_id"], "default_channel_id": 1, "default_site_id": 1000,
            "active_comparison_modules": [],
            "features": {"stencil_enabled": True, "sitewidehttps_enabled": True, "facebook_catalog_id": "",
                         "checkout_type": "optimized", "wishlists_enabled": True,
                         "graphql_storefront_api_enabled": True, "shopper_consent_tracking_enabled": True,
                         "multi_storefront_enabled": False,
                         "storefront_limits": {"active": 1, "total_including_inactive": 1}}}
    info.update(st["info"])
    return info


# ---------------------------------------------------------------------------
# The application: API routes, faults, control API, log and stats
# ---------------------------------------------------------------------------

class App:
    def __init__(self, seed_path, logfile=None):
        self.seed_path = seed_path
        self.lock = threading.RLock()
        self.logfile = logfile
        self.log_lock = threading.Lock()
        self.stopping = threading.Event()
        self.inflight, self.inflight_by_store = 0, {}
        self.reset()

    # -- bookkeeping ------------------------------------------------------
    def reset(self):
        with open(self.seed_path, encoding="utf-8") as f:
            seed = json.load(f)
        with self.lock:
            self.state = State(seed)
            self.rules = []
            self.log = collections.deque(maxlen=200000)
            self.clear_stats()

    def clear_stats(self):
        with self.lock:
            self.stats = {"requests": 0, "by_store": {}, "by_status": {}, "429": 0,
                          "max_inflight": 0, "max_inflight_by_store": {}, "connections": 0,
                          "delayed": 0}

    def logline(self, text):
        if self.logfile:
            with self.log_lock:
                self.logfile.write("%s %s\n" % (time.strftime("%H:%M:%S"), text))
                self.logfile.flush()

    def enter(self, key):
        """Count an API request in flight (kept apart from stats, which can be cleared)."""
        with self.lock:
            s = self.stats
            self.inflight += 1
            s["max_inflight"] = max(s["max_inflight"], self.inflight)
            if key:
                n = self.inflight_by_store.get(key, 0) + 1
                self.inflight_by_store[key] = n
                s["max_inflight_by_store"][key] = max(s["max_inflight_by_store"].get(key, 0), n)

    def leave(self, req, status):
        with self.lock:
            s = self.stats
            self.inflight -= 1
            s["requests"] += 1
            if req.key:
                self.inflight_by_store[req.key] -= 1
                s["by_store"][req.key] = s["by_store"].get(req.key, 0) + 1
            s["by_status"][str(status)] = s["by_status"].get(str(status), 0) + 1
            if status == 429:
                s["429"] += 1
            self.log.append({"t": round(time.time(), 3), "method": req.method, "path": req.path,
                             "query": req.qs, "store": req.key, "client_id": req.client_id,
                             "status": status, "had_token": req.token is not None})

    # -- faults -------------------------------------------------------------
    def post_faults(self, body):
        rules = body if isinstance(body, list) else [body]
        for r in rules:
            if not isinstance(r, dict):
                return Resp(400, {"error": "fault rules must be JSON objects"})
            bad = set(r) - FAULT_SWITCHES - FAULT_IMMEDIATE - FAULT_SELECTORS
            if bad:
                return Resp(400, {"error": "unknown fault keys", "keys": sorted(bad),
                                  "known": sorted(FAULT_SWITCHES | FAULT_IMMEDIATE | FAULT_SELECTORS)})
            bad = [k for k, v in r.items() if v is not None and (
                (k in FAULT_NUMERIC and (isinstance(v, bool) or not isinstance(v, (int, float))))
                or (k in ("match", "store", "method", "redirect") and not isinstance(v, str)))]
            if bad:
                return Resp(400, {"error": "bad fault values", "keys": sorted(bad)})
        with self.lock:
            for r in rules:
                self._apply_immediate(r)
                sel = (r.get("match"), r.get("store"), r.get("method"))
                sw = {k: v for k, v in r.items() if k in FAULT_SWITCHES}
                if not sw:
                    continue
                rule = next((x for x in self.rules
                             if (x.get("match"), x.get("store"), x.get("method")) == sel), None)
                if rule is None:
                    rule = {k: v for k, v in (("match", sel[0]), ("store", sel[1]), ("method", sel[2]))
                            if v is not None}
                    rule["_count"] = 0
                    self.rules.append(rule)
                for k, v in sw.items():
                    if v is None or v is False:
                        rule.pop(k, None)
                    else:
                        rule[k] = v
                if not set(rule) & FAULT_SWITCHES:
                    self.rules.remove(rule)
            return Resp(200, self.faults_out())

    def _apply_immediate(self, r):
        st = self.state
        for s in st.stores.values():
            if r.get("store") in (None, s["hash"]):
                if r.get("quota") is not None:
                    s["quota"] = int(r["quota"])
                if r.get("window_ms") is not None:
                    s["window_ms"] = int(r["window_ms"])
        if r.get("limit_per_hour") is not None:
            for a in st.accounts.values():
                if r.get("store") in (None, a["uuid"]):
                    a["limit_per_hour"] = int(r["limit_per_hour"])

    def faults_out(self):
        return {"rules": [dict((k, v) for k, v in r.items() if k != "_count") for r in self.rules]}

    def faults_for(self, req):
        """Effective switches for a request: first matching rule wins per switch."""
        eff = {}
        with self.lock:
            for r in self.rules:
                if "match" in r and r["match"] not in req.target:
                    continue
                if "store" in r and r["store"] != req.key:
                    continue
                if "method" in r and r["method"] != req.method:
                    continue
                if r.get("fail_every") and "fail" not in eff:
                    r["_count"] += 1
                    if r["_count"] % max(1, int(r["fail_every"])) == 0:
                        eff["fail"] = r.get("fail_status", 500)
                if r.get("fail_after") is not None and "fail" not in eff:
                    # fail_after N: the first N matching requests pass, every later one fails (a cut network)
                    r["_count"] += 1
                    if r["_count"] > int(r["fail_after"]):
                        eff["fail"] = r.get("fail_status", 503)
                if r.get("fail_always") and "fail" not in eff:
                    eff["fail"] = r.get("fail_status", 500)
                for k, v in r.items():
                    eff.setdefault(k, v)
        return eff

    def fault_response(self, req, ver, eff):
        """A response replacing normal handling, or None."""
        if eff.get("idle"):
            return Resp(0, mode="idle", seconds=float(eff.get("idle_s", 120)))
        if eff.get("redirect"):
            return Resp(302, b"", {"Location": str(eff["redirect"])})
        code = eff.get("status") or eff.get("fail")
        if code:
            code = int(code)
            if code == 429:
                ra = int(eff.get("retry_after", 1))
                st = self.state.stores.get(req.key)
                hdr = {"X-Rate-Limit-Time-Window-Ms": str(st["window_ms"] if st else 30000),
                       "X-Rate-Limit-Time-Reset-Ms": str(ra * 1000),
                       "X-Rate-Limit-Requests-Quota": str(st["quota"] if st else 150),
                       "X-Rate-Limit-Requests-Left": "0", "X-Retry-After": str(ra)}
                return err(ver, 429, headers=hdr)
            return err(ver, code)
        if eff.get("huge_body"):
            return Resp(200, mode="huge_body", size=int(eff.get("huge_bytes", 64 << 20)))
        if eff.get("huge_headers"):
            n = int(eff.get("huge_headers_bytes", 1 << 20)) // 1024 + 1
            pad = "h" * 1000
            return Resp(200, {"data": [], "meta": {}}, {"X-Fake-Pad-%05d" % i: pad for i in range(n)})
        return None

    # -- API entry point ----------------------------------------------------
    def api(self, req):
        m_store, m_acct = STORE_RE.match(req.path), ACCOUNT_RE.match(req.path)
        ver = m_store.group(2) if m_store else "v3"
        tok = self.state.tokens.get(req.token) if req.token is not None else None
        if tok:
            req.client_id = tok["client_id"]
        eff = self.faults_for(req)
        if eff.get("latency_ms"):
            with self.lock:
                self.stats["delayed"] += 1  # tests read this count, never a clock
            time.sleep(float(eff["latency_ms"]) / 1000.0)
        resp = self.fault_response(req, ver, eff)
        if resp is None:
            if m_store:
                resp = self.store_api(req, ver, m_store.group(3) or "", tok)
            elif m_acct:
                resp = self.account_api(req, tok)
            elif req.path == "/admin/oauth/info":
                # The storefront's "which store is this?" (Stencil CLI asks normalStoreUrl for it).
                # The fake is one storefront: the seed's first store.
                with self.lock:
                    first = next(iter(self.state.stores), None)
                resp = Resp(200, {"store_hash": first}) if first else err("v3", 404)
            else:
                resp = err("v3", 404)
        for k in ("truncate_json", "malformed_json", "slow_body", "drip_ms"):
            if eff.get(k):
                resp.opts[k] = eff[k]
        if eff.get("rl_reset_ms") is not None:
            # rl_reset_ms: every answer says the quota is spent until this many ms from now (e.g. 24 h)
            resp.headers.update({"X-Rate-Limit-Requests-Left": "0",
                                 "X-Rate-Limit-Time-Reset-Ms": str(int(eff["rl_reset_ms"]))})
        return resp

    def store_api(self, req, ver, rest, tok):
        sub = "/" + ver + rest
        with self.lock:
            st = self.state.stores.get(req.key)
            if not (st and tok and tok["level"] == "store" and tok["store"] == req.key):
                hdr = rate_take(st, st["quota"], st["window_ms"], False)[1] if st else {}
                return err(ver, 401, headers=hdr)
            ok, hdr = rate_take(st, st["quota"], st["window_ms"])
            if not ok:
                return err(ver, 429, headers=hdr)
            resp = self.route(req, ver, sub, st, tok)
            resp.headers.update(hdr)
            return resp

    def route(self, req, ver, sub, st, tok):
        methods_seen = False
        for method, pattern, fn in ROUTES:
            m = re.fullmatch(pattern, sub)
            if m:
                methods_seen = True
                if method == req.method:
                    return fn(self, req, st, tok, *m.groups())
        if sub in PROBES:
            return self.probe(req, st, tok, sub) if req.method == "GET" else err(ver, 405)
        return err(ver, 405 if methods_seen else 404)

    # -- store routes (each runs with self.lock held) -----------------------
    def hooks_of(self, st, tok):
        return [h for h in st["hooks"] if h["client_id"] == tok["client_id"]]

    def find_hook(self, st, tok, hook_id):
        for h in st["hooks"]:
            if h["id"] == int(hook_id) and h["client_id"] == tok["client_id"]:
                return h
        return None

    def hooks_list(self, req, st, tok):
        pl, errors = page_args(req.query)
        hooks = self.hooks_of(st, tok)
        if "is_active" in req.query:
            try:
                want = parse_bool(req.query["is_active"])
                hooks = [h for h in hooks if h["is_active"] == want]
            except ValueError:
                errors = dict(errors or {}, is_active="must be true or false")
        if errors:
            return err("v3", 422, "The request query is invalid", errors)
        for f in ("scope", "destination"):
            if f in req.query:
                hooks = [h for h in hooks if h[f] == req.query[f]]
        chunk, meta = paginate(hooks, pl[0], pl[1], req.query)
        return Resp(200, {"data": [hook_out(h) for h in chunk], "meta": meta})

    def hook_get(self, req, st, tok, hook_id):
        h = self.find_hook(st, tok, hook_id)
        if not h:
            return err("v3", 404, "Webhook with id [%s] not found" % hook_id)
        return Resp(200, {"data": hook_out(h), "meta": {}})

    def json_body(self, req):
        """(object, None) or (None, error Resp)."""
        try:
            body = req.json()
        except (ValueError, UnicodeDecodeError):
            return None, err("v3", 400, "Input is invalid: the body is not valid JSON")
        if not isinstance(body, dict):
            return None, err("v3", 422, errors={"body": "error.expected.jsobject"})
        return body, None

    def hooks_create(self, req, st, tok):
        denied = hook_writes_denied(tok)
        if denied:
            return denied
        body, bad = self.json_body(req)
        if bad:
            return bad
        errors = check_hook_fields(body, ("scope", "destination"))
        if errors:
            return err("v3", 422, errors=errors)
        mine = self.hooks_of(st, tok)
        if any(h["scope"] == body["scope"] and h["destination"] == body["destination"] for h in mine):
            return err("v3", 422, "Webhook already exists", {"destination": "error.webhook.duplicate"})
        if sum(1 for h in mine if h["scope"] == body["scope"]) >= 10:
            return err("v3", 422, "Too many webhooks for this scope", {"scope": "error.webhook.limit"})
        now = int(time.time())
        active = body.get("is_active", True)
        h = {"id": self.state.new_hook_id(), "client_id": tok["client_id"], "store_hash": st["hash"],
             "scope": body["scope"], "destination": body["destination"], "headers": body.get("headers"),
             "is_active": active, "created_at": now, "updated_at": now,
             "status": "active" if active else "inactive"}
        st["hooks"].append(h)
        return Resp(200, {"data": hook_out(h), "meta": {}})

    def hook_put(self, req, st, tok, hook_id):
        denied = hook_writes_denied(tok)
        if denied:
            return denied
        h = self.find_hook(st, tok, hook_id)
        if not h:
            return err("v3", 404, "Webhook with id [%s] not found" % hook_id)
        body, bad = self.json_body(req)
        if bad:
            return bad
        fields = [f for f in ("scope", "destination", "is_active", "headers") if f in body]
        errors = check_hook_fields(body, ())
        if not fields:
            errors["body"] = "at least one of scope, destination, is_active, headers is required"
        if errors:
            return err("v3", 422, errors=errors)
        scope, dest = body.get("scope", h["scope"]), body.get("destination", h["destination"])
        if any(o is not h and o["scope"] == scope and o["destination"] == dest for o in self.hooks_of(st, tok)):
            return err("v3", 422, "Webhook already exists", {"destination": "error.webhook.duplicate"})
        if getattr(self.state, "lose_hook_writes", 0) > 0:
            # control knob: answer as if stored, keep the old hook (read-back tests)
            self.state.lose_hook_writes -= 1
            h = dict(h)
        for f in fields:
            h[f] = body[f]
        if "is_active" in body:
            h["status"] = "active" if body["is_active"] else "inactive"
        h["updated_at"] = max(int(time.time()), h["updated_at"] + 1)
        return Resp(200, {"data": hook_out(h), "meta": {}})

    def hook_delete(self, req, st, tok, hook_id):
        denied = hook_writes_denied(tok)
        if denied:
            return denied
        h = self.find_hook(st, tok, hook_id)
        if not h:
            return err("v3", 404, "Webhook with id [%s] not found" % hook_id)
        st["hooks"].remove(h)
        return Resp(200, {"data": hook_out(h), "meta": {}})

    def plant_hook(self, req):
        """Control: add a hook as a seed would, unchecked (hostile-data tests; the API refuses such scopes).
        Body: {"store": hash, "client_id": cid, "scope", "destination", optional "headers", "is_active", "status"}."""
        try:
            body = req.json()
            st = self.state.stores[body["store"]]
            h = self.state._hook(body, body["client_id"], st["hash"], int(time.time()))
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            return Resp(400, {"error": "need store, client_id, scope and destination"})
        h["id"] = self.state.new_hook_id()
        st["hooks"].append(h)
        return Resp(200, {"data": hook_out(h), "meta": {}})

    def admin_get(self, req, st, tok):
        hooks = self.hooks_of(st, tok)
        if "is_active" in req.query:
            try:
                want = parse_bool(req.query["is_active"])
            except ValueError:
                return err("v3", 422, "The request query is invalid", {"is_active": "must be true or false"})
            hooks = [h for h in hooks if h["is_active"] == want]
        cid = tok["client_id"]
        _, meta = paginate(hooks, 1, max(50, len(hooks)), {})
        return Resp(200, {"data": {"emails": list(st["emails"].get(cid, [])),
                                   "hooks_list": [hook_out(h, True) for h in hooks],
                                   "blocked_domains": self.state.blocked_for(st, cid)},
                          "meta": meta})

    def admin_put(self, req, st, tok):
        body, bad = self.json_body(req)
        if bad:
            return bad
        emails = body.get("emails")
        if not isinstance(emails, list):
            return err("v3", 422, errors={"emails": "error.path.missing." if emails is None
                                          else "error.expected.jsarray"})
        badmails = [e for e in emails if not (isinstance(e, str) and EMAIL_RE.match(e))]
        if badmails:
            return err("v3", 422, errors={"emails": "error.email.invalid: %s" % ", ".join(map(str, badmails))})
        st["emails"][tok["client_id"]] = list(emails)
        return Resp(204)

    def scripts_list(self, req, st, tok):
        # scripts.v3.yml: Content or Checkout content, read-only or modify; only the token's own scripts
        if not set(SCRIPT_SCOPES) & set(tok["scopes"]):
            return err("v3", 403)
        pl, errors = page_args(req.query)
        if errors:
            return err("v3", 422, "The request query is invalid", errors)
        chunk, meta = paginate(st["scripts"].get(tok["client_id"], []), pl[0], pl[1], req.query)
        return Resp(200, {"data": chunk, "meta": meta})

    def script_get(self, req, st, tok, uuid):
        if not set(SCRIPT_SCOPES) & set(tok["scopes"]):
            return err("v3", 403)
        for x in st["scripts"].get(tok["client_id"], []):
            if x["uuid"] == uuid:
                return Resp(200, {"data": x, "meta": {}})
        return err("v3", 404, "Script not found")

    def script_create(self, req, st, tok):
        # scripts.v3.yml createScript: modify scope; the owner is the token's client
        if not {"store_v2_content", "store_content_checkout"} & set(tok["scopes"]):
            return err("v3", 403)
        body, bad = self.json_body(req)
        if bad:
            return bad
        kind = body.get("kind", "src")
        errors = {}
        if not isinstance(body.get("name"), str) or not body["name"]:
            errors["name"] = "error.path.missing"
        if kind == "src" and not body.get("src"):
            errors["src"] = "required for kind src"
        if kind == "script_tag" and not body.get("html"):
            errors["html"] = "required for kind script_tag"
        if errors:
            return err("v3", 422, errors=errors)
        mine = st["scripts"].setdefault(tok["client_id"], [])
        x = script_out(dict(body, uuid=str(uuidlib.uuid4())), tok["client_id"], len(mine))
        mine.append(x)
        return Resp(200, {"data": x, "meta": {}})

    def store_graphql(self, req, st, tok):
        """GraphQL Admin: only reassignMetafieldsOwner (needs store_metafield_change_owner)."""
        try:
            body = req.json()
            q = body.get("query")
            inp = (body.get("variables") or {}).get("input") or {}
            if not isinstance(q, str) or not isinstance(inp, dict):
                raise ValueError
        except (ValueError, AttributeError, UnicodeDecodeError):
            return Resp(400, {"errors": [{"message": "Request body must be JSON with a string 'query'"}]})
        if "reassignMetafieldsOwner" not in q:
            return Resp(200, {"data": None, "errors": [{"message": "fakebc only answers reassignMetafieldsOwner"}]})
        if "store_metafield_change_owner" not in tok["scopes"]:
            return Resp(200, {"data": None, "errors": [{"message": "Insufficient scope: store_metafield_change_owner"}]})
        new_cid, ids = inp.get("newClientId"), inp.get("metafieldIds")
        if not isinstance(new_cid, str) or not isinstance(ids, list) or not ids:
            return Resp(200, {"data": None, "errors": [{"message": "newClientId and metafieldIds are required"}]})
        found = []
        for gid in ids:
            m = re.fullmatch(r"bc/store/metafield/(\d+)", gid) if isinstance(gid, str) else None
            mf = next((x for x in st["metafields"] if m and int(x["id"]) == int(m.group(1))), None)
            if mf is None:
                return Resp(200, {"data": None, "errors": [{"message": "Metafield %s not found" % gid}]})
            found.append(mf)
        for mf in found:
            mf["owner_client_id"] = new_cid
        return Resp(200, {"data": {"metafield": {"reassignMetafieldsOwner": {
            "__typename": "ReassignMetafieldsOwnerResult"}}}})

    def store_information(self, req, st, tok):
        if not set(INFO_SCOPES) & set(tok["scopes"]):
            return err("v2", 403)
        return Resp(200, store_info(st))

    def store_time(self, req, st, tok):
        if not set(INFO_SCOPES) & set(tok["scopes"]):
            return err("v2", 403)
        return Resp(200, {"time": int(time.time())})

    def probe(self, req, st, tok, sub):
        read, modify, kind = PROBES[sub]
        v2 = kind == "v2"
        if read not in tok["scopes"] and (modify is None or modify not in tok["scopes"]):
            return err("v2" if v2 else "v3", 403)
        if v2:
            return Resp(200, [])
        if kind == "obj":
            return Resp(200, {"data": {}, "meta": {}})
        pl, errors = page_args(req.query)
        if errors:
            return err("v3", 422, "The request query is invalid", errors)
        items = []
        if kind.startswith("mf:"):
            types = kind[3:].split(",")
            items = [metafield_out(m) for m in st["metafields"]
                     if m.get("owner_client_id") == tok["client_id"] and m.get("resource_type") in types]
        chunk, meta = paginate(items, pl[0], pl[1], req.query)
        return Resp(200, {"data": chunk, "meta": meta})

    # -- account GraphQL ----------------------------------------------------
    def account_api(self, req, tok):
        with self.lock:
            acct = self.state.accounts.get(req.key)
            if not (acct and tok and tok["level"] == "account" and tok["account"] == req.key):
                return err("v3", 401)
            if req.method != "POST":
                return err("v3", 405)
            ok, hdr = rate_take(acct, acct["limit_per_hour"], 3600000)
            if not ok:
                return err("v3", 429, headers=hdr)
            resp = self.graphql(req, acct, tok)
            resp.headers.update(hdr)
            return resp

    def graphql(self, req, acct, tok):
        try:
            q = req.json().get("query")
            if not isinstance(q, str):
                raise ValueError
        except (ValueError, AttributeError, UnicodeDecodeError):
            return Resp(400, {"errors": [{"message": "Request body must be JSON with a string 'query'"}]})
        if not re.search(r"\baccount\b", q):
            return Resp(200, {"data": None, "errors": [{"message": "fakebc only answers the account query"}]})
        out = {"id": "bc/account/account/" + acct["uuid"], "accountInfo": {"name": acct["name"]}}
        errors = []
        if re.search(r"\bstores\b", q):
            if "account_stores_read" in tok["scopes"]:
                nodes = []
                for h in acct["stores"]:
                    st = self.state.stores.get(h)
                    sid = st["store_id"] if st else 0
                    nodes.append({"node": {"id": "bc/account/store/%s" % sid,
                                           "name": st["name"] if st else h, "storeHash": h}})
                out["stores"] = {"edges": nodes}
            else:
                out["stores"] = None
                errors.append({"message": "Insufficient scope: account_stores_read is required",
                               "path": ["account", "stores"]})
        body = {"data": {"account": out}}
        if errors:
            body["errors"] = errors
        return Resp(200, body)

    # -- control API (no auth) --------------------------------------------
    def control(self, req):
        key = (req.method, req.path.rstrip("/"))
        if key == ("GET", "/__fake/health"):
            return Resp(200, b"ok\n", {"Content-Type": "text/plain"})
        if key == ("POST", "/__fake/reset"):
            self.reset()
            return Resp(200, {"ok": True})
        with self.lock:
            if key == ("GET", "/__fake/state"):
                snap = self.state.snapshot()
                snap["faults"] = self.faults_out()
                return Resp(200, snap)
            if key == ("GET", "/__fake/log"):
                return Resp(200, list(self.log))
            if key == ("POST", "/__fake/log/clear"):
                self.log.clear()
                return Resp(200, {"ok": True})
            if key == ("GET", "/__fake/stats"):
                s = dict(self.stats, inflight=self.inflight)
                return Resp(200, s)
            if key == ("POST", "/__fake/stats/clear"):
                self.clear_stats()
                return Resp(200, {"ok": True})
            if key == ("GET", "/__fake/faults"):
                return Resp(200, self.faults_out())
            if key == ("POST", "/__fake/faults/clear"):
                self.rules = []
                return Resp(200, self.faults_out())
            if key == ("POST", "/__fake/hooks"):
                return self.plant_hook(req)
            if key == ("POST", "/__fake/hooks/lose-writes"):
                # the next N PUT /v3/hooks/{id} answer 200 with the change but store nothing (until reset)
                try:
                    self.state.lose_hook_writes = int(req.json().get("count", 1))
                except (ValueError, UnicodeDecodeError, AttributeError, TypeError):
                    return Resp(400, {"error": "body: {\"count\": N}"})
                return Resp(200, {"ok": True})
            if key == ("POST", "/__fake/ratelimit/reset"):
                for b in list(self.state.stores.values()) + list(self.state.accounts.values()):
                    b["rl_start"], b["rl_used"] = -1e18, 0
                return Resp(200, {"ok": True})
        if key == ("POST", "/__fake/faults"):
            try:
                return self.post_faults(req.json())
            except (ValueError, UnicodeDecodeError):
                return Resp(400, {"error": "body must be JSON"})
        return Resp(404, {"error": "unknown control endpoint", "path": req.path})


# (method, path regex relative to /stores/{hash}, handler).  Probes: PROBES.
ROUTES = [
    ("GET", r"/v3/hooks", App.hooks_list),
    ("POST", r"/v3/hooks", App.hooks_create),
    ("GET", r"/v3/hooks/admin", App.admin_get),
    ("PUT", r"/v3/hooks/admin", App.admin_put),
    ("GET", r"/v3/hooks/(\d+)", App.hook_get),
    ("PUT", r"/v3/hooks/(\d+)", App.hook_put),
    ("DELETE", r"/v3/hooks/(\d+)", App.hook_delete),
    ("GET", r"/v3/content/scripts", App.scripts_list),
    ("POST", r"/v3/content/scripts", App.script_create),
    ("GET", r"/v3/content/scripts/([0-9a-f-]{36})", App.script_get),
    ("POST", r"/graphql", App.store_graphql),
    ("GET", r"/v2/store", App.store_information),
    ("GET", r"/v2/time", App.store_time),
]


# ---------------------------------------------------------------------------
# HTTP layer
# ---------------------------------------------------------------------------

# A client that went away: BrokenPipe, ConnectionReset, timeouts and SSL errors are all OSErrors.
GONE = (OSError,)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body are separate writes
    timeout = 130

    def version_string(self):
        return "fakebc/1.0"

    def setup(self):
        super().setup()
        app = self.server.app
        with app.lock:
            app.stats["connections"] += 1
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def log_message(self, fmt, *args):
        self.server.app.logline("%s %s" % (self.client_address[0], fmt % args))

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
                if len(data) > MAX_BODY:
                    raise OverflowError("body too large")
        n = int(self.headers.get("Content-Length") or 0)   # ValueError -> 400
        if n < 0 or n > MAX_BODY:
            raise OverflowError("body too large")
        return self.rfile.read(n) if n else b""

    def dispatch(self):
        app = self.server.app
        try:
            body = self.read_body()
        except (ValueError, OverflowError) as e:
            self.close_connection = True
            code = 413 if isinstance(e, OverflowError) else 400
            self.send(Resp(code, v3_error(code)))
            return
        except OSError:
            self.close_connection = True
            return
        req = Req(self.command, self.path, self.headers, body)
        if req.path.startswith("/__fake/"):
            self.send(app.control(req))
            return
        app.enter(req.key)
        status = 500
        left = False
        try:
            resp = app.api(req)
            status = resp.status or None
            # Count the request as done before its answer goes out: a client that
            # starts its next request the moment it has read this one is not "two in flight".
            app.leave(req, status)
            left = True
            self.send(resp)
        except GONE:
            self.close_connection = True
        except Exception:
            app.logline("ERROR " + traceback.format_exc())
            status = 500
            if not left:
                self.send(Resp(500, v3_error(500)))
        finally:
            if not left:
                app.leave(req, status)

    # -- writing ------------------------------------------------------------
    def send(self, resp):
        try:
            if resp.mode == "idle":
                self.idle(resp.opts["seconds"])
            elif resp.mode == "huge_body":
                self.huge(resp.opts["size"])
            else:
                self.send_plain(resp)
        except GONE:
            self.close_connection = True

    def send_plain(self, resp):
        body, ctype = resp.body, "application/json"
        if body is None:
            body = b""
        elif not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        else:
            ctype = resp.headers.pop("Content-Type", "text/plain" if body else None)
        if resp.status == 204:
            body, ctype = b"", None
        opts, extra = resp.opts, {}
        if opts.get("malformed_json"):
            body = b'{"data": [ {"id": '
        elif opts.get("truncate_json"):
            body = body[:len(body) // 2]
        elif (len(body) > 256 and not opts.get("slow_body")
              and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body, 6)
            extra = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(resp.status)
        if ctype and body:
            self.send_header("Content-Type", ctype)
        for k, v in list(resp.headers.items()) + list(extra.items()):
            self.send_header(k, v)
        if resp.status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD" or not body:
            return
        if opts.get("slow_body"):
            drip = float(opts.get("drip_ms", 500)) / 1000.0
            for i in range(len(body)):
                if self.server.app.stopping.is_set():
                    break
                self.wfile.write(body[i:i + 1])
                time.sleep(drip)
        else:
            self.wfile.write(body)

    def idle(self, seconds):
        """Read nothing more, answer nothing, until the client leaves or time runs out."""
        self.close_connection = True
        deadline = time.monotonic() + seconds
        sock = self.connection
        while time.monotonic() < deadline and not self.server.app.stopping.is_set():
            r, _, _ = select.select([sock], [], [], 0.2)
            if r and not sock.recv(4096):
                return

    def huge(self, size):
        """A chunked 200 of `size` bytes of valid JSON (endless when size < 0)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        head, tail = b'{"data":[', b'],"meta":{}}'
        pad = b" " * 65536

        def chunk(b):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
        chunk(head)
        left = size - len(head) - len(tail)
        while (size < 0 or left > 0) and not self.server.app.stopping.is_set():
            n = len(pad) if size < 0 else min(left, len(pad))
            chunk(pad[:n])
            left -= n
        if size >= 0:
            chunk(tail)
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if not isinstance(exc, GONE):
            self.app.logline("ERROR %s\n%s" % (client_address, traceback.format_exc()))


# ---------------------------------------------------------------------------
# Offline tools: --write-txt and --gen-seed
# ---------------------------------------------------------------------------

def write_txt(seed_path, outdir, origin, eol):
    with open(seed_path, encoding="utf-8") as f:
        seed = json.load(f)
    os.makedirs(outdir, exist_ok=True)
    used, manifest = set(), []

    def fname(name, key):
        base = re.sub(r"[\s/\\\x00]", "_", name)
        cand, n = base + ".txt", 2
        if cand in used:
            cand = "%s_%s.txt" % (base, key)
        while cand in used:
            cand, n = "%s_%s_%d.txt" % (base, key, n), n + 1
        used.add(cand)
        return cand

    def emit(level, key, t, lines):
        name = fname(t["name"], key)
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="") as f:
            f.write("".join(line + eol for line in lines))
        manifest.append("\t".join([level, key, t["name"], t.get("token_type", "account") or "-",
                                   t.get("stencil_level") or "-", ",".join(t.get("scopes", [])) or "-", name]))

    for s in seed.get("stores", []):
        for t in s.get("tokens", []):
            emit("store", s["hash"], dict(t, token_type=t.get("token_type", "v2v3")),
                 # The layout real downloads carry (docs/bigcommerce.md §5): CLIENT NAME and NAME both.
                 ["ACCESS TOKEN: " + t["access_token"], "CLIENT NAME: " + t["name"],
                  "CLIENT ID: " + t["client_id"], "CLIENT SECRET: " + t.get("client_secret", ""),
                  "NAME: " + t["name"], "API PATH: %s/stores/%s/v3/" % (origin, s["hash"])])
    for a in seed.get("accounts", []):
        for t in a.get("tokens", []):
            emit("account", a["uuid"], dict(t, token_type="account"),
                 # Account-level: the third-party layout, with the documented /graphql path.
                 ["ACCESS TOKEN: " + t["access_token"], "CLIENT ID: " + t["client_id"],
                  "CLIENT SECRET: " + t.get("client_secret", ""), "NAME: " + t["name"],
                  "API PATH: %s/accounts/%s/graphql" % (origin, a["uuid"])])
    with open(os.path.join(outdir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in manifest))
    return len(manifest)


GEN_SCOPES = sorted({v[0] for v in PROBES.values()} | {v[1] for v in PROBES.values() if v[1]})
GEN_EVENTS = ["store/order/created", "store/order/updated", "store/order/statusUpdated",
              "store/product/updated", "store/product/deleted", "store/customer/created",
              "store/cart/*", "store/inventory/updated", "store/shipment/created", "store/app/uninstalled"]


def gen_seed(stores, per_store, hooks_per, quota, rng_seed):
    rng = random.Random(rng_seed)
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

    def rs(n, chars=alnum):
        return "".join(rng.choice(chars) for _ in range(n))

    def uuid():
        return "%s-%s-4%s-%s%s-%s" % (rs(8, "0123456789abcdef"), rs(4, "0123456789abcdef"),
                                      rs(3, "0123456789abcdef"), rng.choice("89ab"),
                                      rs(3, "0123456789abcdef"), rs(12, "0123456789abcdef"))
    n_accounts = max(1, (stores + 9) // 10)
    accounts = [{"uuid": uuid(), "name": "Bench Holdings %d" % (i + 1), "stores": [], "limit_per_hour": 70,
                 "tokens": [{"name": "Bench account admin %d" % (i + 1), "client_id": rs(31),
                             "client_secret": rs(64, "0123456789abcdef"), "access_token": rs(31),
                             "scopes": ["account_read", "account_stores_read"]}]}
                for i in range(n_accounts)]
    out, hook_id, seen = [], 1000, set()
    base_t = 1700000000
    for i in range(stores):
        h = rs(10)
        while h in seen:
            h = rs(10)
        seen.add(h)
        acct = accounts[i // 10]
        acct["stores"].append(h)
        toks = []
        for j in range(per_store):
            stencil = j % 10 == 9
            t = {"name": "API account %03d" % (j + 1), "client_id": rs(31),
                 "client_secret": rs(64, "0123456789abcdef"), "access_token": rs(31),
                 "token_type": "stencil" if stencil else "v2v3",
                 "stencil_level": rng.choice(["dev", "publish"]) if stencil else None,
                 "scopes": (["store_themes_read_only", "store_sites_read_only"] if stencil
                            else sorted(rng.sample(GEN_SCOPES, rng.randint(0, 8)))),
                 "emails": [] if j % 5 == 4 else ["ops%d@bench%d.example" % (j + 1, i + 1)],
                 "blocked_domains": [], "hooks": []}
            if j % 7 == 3:
                t["blocked_domains"].append({
                    "destination": "https://hooks%d.example.net" % rng.randint(1, 5),
                    "expires_in": rng.randint(30, 180),
                    "reasons": [{"failure_description": rng.choice(["HTTP 500", "HTTP 502", "Timeout", "HTTP 404"]),
                                 "count": rng.randint(5, 120), "age": rng.randint(1, 120)}
                                for _ in range(rng.randint(1, 2))]})
            for k in range(hooks_per):
                status = rng.choices(["active", "inactive", "deactivated"], [70, 15, 15])[0]
                created = base_t + rng.randint(0, 30000000)
                t["hooks"].append({
                    "id": hook_id, "scope": rng.choice(GEN_EVENTS),
                    "destination": "https://hooks%d.example.net/s%d/a%d/h%d" % (rng.randint(1, 5), i + 1, j + 1, k + 1),
                    "headers": {"Authorization": "Basic " + rs(24)} if rng.random() < 0.3 else None,
                    "is_active": status == "active", "status": status,
                    "created_at": created, "updated_at": created + rng.randint(0, 5000000)})
                hook_id += 1
            toks.append(t)
        out.append({"hash": h, "name": "Bench Store %03d" % (i + 1), "domain": "bench%d.example" % (i + 1),
                    "account_uuid": acct["uuid"], "store_id": 1000100 + i, "quota": quota,
                    "window_ms": 30000, "tokens": toks, "metafields": []})
    return {"stores": out, "accounts": accounts}


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def write_atomic(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake BigCommerce API server for storekeys tests.")
    p.add_argument("--seed", help="seed JSON file")
    p.add_argument("--host", default="127.0.0.1", help="loopback address only (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="0 = ephemeral (default)")
    p.add_argument("--port-file", help="write the bound port here (atomically) once listening")
    p.add_argument("--log", help="append request log lines to this file")
    p.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    p.add_argument("--write-txt", metavar="DIR", help="write credential .txt files + manifest.tsv and exit")
    p.add_argument("--origin", default="https://api.bigcommerce.com", help="API PATH origin for --write-txt")
    p.add_argument("--lf", action="store_true", help="--write-txt: LF line endings instead of CRLF")
    p.add_argument("--gen-seed", metavar="OUT", help="write a generated seed and exit")
    p.add_argument("--stores", type=int, default=4)
    p.add_argument("--accounts-per-store", type=int, default=50)
    p.add_argument("--hooks-per-account", type=int, default=3)
    p.add_argument("--quota", type=int, default=150)
    p.add_argument("--seed-rng", type=int, default=1)
    return p.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    if a.gen_seed:
        seed = gen_seed(a.stores, a.accounts_per_store, a.hooks_per_account, a.quota, a.seed_rng)
        write_atomic(a.gen_seed, json.dumps(seed, indent=1, ensure_ascii=False) + "\n")
        return 0
    if not a.seed:
        sys.stderr.write("fakebc: --seed FILE is required\n")
        return 2
    if a.write_txt:
        write_txt(a.seed, a.write_txt, a.origin.rstrip("/"), "\n" if a.lf else "\r\n")
        return 0
    host = "127.0.0.1" if a.host == "localhost" else a.host
    try:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError
    except ValueError:
        sys.stderr.write("fakebc: refusing to bind non-loopback host %r\n" % a.host)
        return 2
    if bool(a.tls_cert) != bool(a.tls_key):
        sys.stderr.write("fakebc: --tls-cert and --tls-key go together\n")
        return 2
    logfile = open(a.log, "a", encoding="utf-8") if a.log else None
    app = App(a.seed, logfile)
    Server.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = Server((host, a.port), Handler)
    srv.app = app
    scheme = "http"
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https"
    port = srv.server_address[1]
    app.logline("listening on %s://%s:%d seed=%s" % (scheme, host, port, a.seed))

    got_signal = []
    signal.signal(signal.SIGTERM, lambda signum, frame: got_signal.append(signum))
    signal.signal(signal.SIGINT, lambda signum, frame: got_signal.append(signum))
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    if a.port_file:
        write_atomic(a.port_file, "%d\n" % port)
    while not got_signal:
        time.sleep(0.05)   # a signal interrupts the sleep; the handler only records it
    app.stopping.set()
    app.logline("stopping on signal %d" % got_signal[0])
    srv.shutdown()
    srv.server_close()
    if logfile:
        logfile.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
