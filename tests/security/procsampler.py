#!/usr/bin/env python3
"""procsampler.py CANARIES EXE OUT - R1: until SIGTERM, read /proc/PID/cmdline and
/proc/PID/environ of every process running EXE, about once a millisecond, and
look for the canaries (raw, hex, base64). On exit writes a summary to OUT
(never a canary): samples, processes seen, environ reads refused, and hits."""
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from leakscan import find, patterns  # noqa: E402

canaries = [l.strip() for l in open(sys.argv[1]) if l.strip()]
exe = os.path.realpath(sys.argv[2])
out = sys.argv[3]
pats = patterns(canaries)
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
summary = {"samples": 0, "environ_reads": 0, "environ_denied": 0, "pids": 0, "hits": []}
pids = set()
me = os.getpid()


def exe_of(pid):
    try:
        return os.readlink("/proc/%s/exe" % pid).replace(" (deleted)", "")
    except OSError:
        return None


while not stop:
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me or exe_of(pid) != exe:
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        env = None
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                env = f.read()
        except PermissionError:
            summary["environ_denied"] += 1
        except OSError:
            pass
        if exe_of(pid) != exe:  # exec'd meanwhile: this sample may belong to the new program
            continue
        summary["samples"] += 1
        pids.add(int(pid))
        if env is not None:
            summary["environ_reads"] += 1
        for what, data in (("cmdline", cmd), ("environ", env or b"")):
            for enc in find(data, pats):
                if len(summary["hits"]) < 50:
                    summary["hits"].append({"pid": int(pid), "where": what, "encoding": enc})
    time.sleep(0.0005)
summary["pids"] = len(pids)
with open(out + ".tmp", "w") as f:
    json.dump(summary, f)
os.rename(out + ".tmp", out)
