#!/usr/bin/env python3
"""prism_shim: route storekeys' real API paths to Prism mocks of the official specs (tests only).

Stoplight Prism serves a spec's paths without its `servers:` base path
(`/hooks`, not `/stores/{store_hash}/v3/hooks`), and the v2 and v3 store
information specs both define `/store`, so one Prism runs per spec. This
shim is the API origin storekeys is pointed at (STOREKEYS_API_ORIGIN, the
loopback override of RELIABILITY R8): it strips `/stores/HASH/vN` and
forwards the request unchanged (method, query, headers, body) to the Prism
that owns the path. Paths no spec here covers get a 404 and are logged as
uncovered. Every exchange is appended to --log as one JSON line (request
query and body, the answer's status and body), so the test can compare
what storekeys printed with what the mock really said.

Usage: prism_shim.py --port-file F --log F --route REGEX=PORT [--route ...]
  REGEX must match the whole "v3/hooks/admin", "v2/time" ... (no query);
  the first route that matches wins.
Standard library only.
"""

import argparse
import http.client
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORE_RE = re.compile(r"^/stores/([a-z0-9]{1,32})/(v2|v3)(/[^?]*)?(\?.*)?$")
HOP = {"host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection"}


class Shim(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.forward()

    do_PUT = do_POST = do_DELETE = do_PATCH = do_GET

    def record(self, entry):
        srv = self.server
        with srv.lock:
            srv.logf.write(json.dumps(entry) + "\n")
            srv.logf.flush()

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n > 0 else b""
        m = STORE_RE.match(self.path)
        entry = {"method": self.command, "path": self.path, "request_body": body.decode("utf-8", "replace"),
                 "had_token": self.headers.get("X-Auth-Token") is not None}
        port = None
        if m:
            ver, rest, query = m.group(2), m.group(3) or "/", m.group(4) or ""
            key = ver + rest
            for rx, p in self.server.routes:
                if rx.fullmatch(key):
                    port = p
                    break
            entry.update({"version": ver, "spec_path": rest, "query": query[1:]})
        if port is None:
            entry.update({"status": 404, "uncovered": True})
            self.record(entry)
            self.reply(404, b'{"status":404,"title":"not covered by the specs under test"}',
                       [("Content-Type", "application/json")])
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(self.command, rest + query, body=body if body else None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            out = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP and k.lower() != "content-length"]
            status = resp.status
        except OSError as e:
            entry.update({"status": 502, "error": str(e)})
            self.record(entry)
            self.reply(502, b'{"status":502,"title":"prism did not answer"}', [("Content-Type", "application/json")])
            return
        finally:
            conn.close()
        entry.update({"status": status, "upstream": port, "response_body": data.decode("utf-8", "replace")})
        self.record(entry)
        self.reply(status, data, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--route", action="append", default=[])
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Shim)
    srv.daemon_threads = True
    srv.lock = threading.Lock()
    srv.logf = open(a.log, "a", encoding="utf-8")
    srv.routes = []
    for r in a.route:
        rx, _, port = r.rpartition("=")
        srv.routes.append((re.compile(rx), int(port)))
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
