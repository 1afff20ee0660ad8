#!/usr/bin/env python3
"""kill_loop.py - R15, R5, R17: SIGKILL `storekeys add` and `remove` at random
moments, SK_KILL_TRIALS times (default 1000). After every kill the registry
file is exactly the old or the new state (never torn, never half-written), the
next writer proceeds at once (the kernel dropped the dead holder's flock), and
every 100 trials `storekeys list --json` parses it, `doctor --fix` runs and the
keyring and the registry name the same accounts.
Runs inside tests/with-keyring.sh; STOREKEYS is the binary under test."""
import json
import os
import random
import signal
import subprocess
import sys
import time

SK = os.environ.get("STOREKEYS", "storekeys")
TRIALS = int(os.environ.get("SK_KILL_TRIALS", "1000"))
REGDIR = os.path.join(os.environ["XDG_DATA_HOME"], "storekeys")
REG = os.path.join(REGDIR, "registry.json")
PATH = "https://api.bigcommerce.com/stores/kill123/v3/"
rng = random.Random(int(os.environ.get("SK_KILL_SEED", str(int(time.time())))))
passed = failed = 0


def ok(msg):
    global passed
    passed += 1
    print("ok - " + msg, flush=True)


def not_ok(msg):
    global failed
    failed += 1
    print("not ok - " + msg, flush=True)


def read_reg():
    try:
        with open(REG, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def accounts(raw):
    return json.loads(raw)["accounts"] if raw else []


def run(args, stdin=b""):
    return subprocess.run([SK] + args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def ids_keyring():
    out = subprocess.run(["secret-tool", "search", "--all", "xdg:schema", "io.storekeys.Credential"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode()
    return sorted({l.split(" = ", 1)[1] for l in out.splitlines() if l.startswith("attribute.account = ")})


def ids_registry():
    r = run(["list", "--json"])
    if r.returncode != 0:
        return None
    return sorted(a["id"] for a in json.loads(r.stdout)["accounts"])


def checkpoint(trial):
    r = run(["list", "--json"])
    if r.returncode != 0:
        not_ok("R15 trial %d: `storekeys list --json` failed: %s" % (trial, r.stderr.decode()[:300]))
        return
    run(["doctor", "--fix"])
    k, g = ids_keyring(), ids_registry()
    if k == g:
        ok("R5 after trial %d: doctor --fix leaves keyring and registry in agreement (%d accounts)" % (trial, len(g)))
    else:
        not_ok("R5 after trial %d: keyring %d ids, registry %d ids disagree after doctor --fix" % (trial, len(k), len(g or [])))


# timing: how long one add and one remove take here, so the kills spread over the whole run
t0 = time.monotonic()
for i in range(3):
    run(["add", "--name", "Warmup %d" % i, "--api-path", PATH, "--client-id", "cid"], b"s\nt\n")
add_ms = (time.monotonic() - t0) / 3 * 1000
print("# one add takes about %.0f ms; %d trials" % (add_ms, TRIALS), flush=True)

outcomes = {"old": 0, "new": 0}
serial = 0
bad_trials = 0
t_start = time.monotonic()
for trial in range(1, TRIALS + 1):
    old = read_reg()
    names = [a["name"] for a in accounts(old)]
    if len(names) > 3 and (len(names) > 25 or rng.random() < 0.45):
        op, name = "remove", rng.choice(names)
        args = ["remove", "--yes", name]
    else:
        serial += 1
        op, name = "add", "Killed %d" % serial
        args = ["add", "--name", name, "--api-path", PATH, "--client-id", "cid%d" % serial]
    p = subprocess.Popen([SK] + args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.stdin.write(b"sec\ntok\n")
        p.stdin.close()
    except BrokenPipeError:
        pass
    time.sleep(rng.uniform(0, add_ms * 1.3) / 1000.0)
    p.send_signal(signal.SIGKILL)
    p.wait()
    now = read_reg()
    verdict = None
    if now == old:
        verdict = "old"
    else:
        try:
            oa, na = accounts(old), accounts(now)
            if op == "add" and len(na) == len(oa) + 1 and na[:-1] == oa and na[-1]["name"] == name:
                verdict = "new"
            elif op == "remove" and na == [a for a in oa if a["name"] != name]:
                verdict = "new"
        except (ValueError, KeyError, TypeError) as e:
            verdict = None
    if verdict is None:
        bad_trials += 1
        not_ok("R15 trial %d (%s %r killed): the registry is neither the old nor the new state" % (trial, op, name))
        if now is not None:
            sys.stdout.write("    | " + now[:300].decode("utf-8", "replace").replace("\n", "\n    | ") + "\n")
        if bad_trials > 5:
            break
    else:
        outcomes[verdict] += 1
    if trial % 100 == 0:
        checkpoint(trial)

el = time.monotonic() - t_start
if bad_trials == 0:
    ok("R15: %d SIGKILLs during add/remove: the registry was always the old (%d) or the new (%d) state"
       % (TRIALS, outcomes["old"], outcomes["new"]))
if outcomes["old"] == 0 or outcomes["new"] == 0:
    not_ok("the kills did not spread over the command (old %d, new %d): the test is not biting"
           % (outcomes["old"], outcomes["new"]))
# R17: a writer after a killed lock holder is not blocked (flock dies with the process)
t0 = time.monotonic()
r = run(["add", "--name", "After the kills", "--api-path", PATH, "--client-id", "cidz"], b"s\nt\n")
dt = time.monotonic() - t0
if r.returncode == 0 and dt < 5:
    ok("R17: the next writer proceeded at once (%.2f s)" % dt)
else:
    not_ok("R17: the next writer failed or waited (%d, %.2f s): %s" % (r.returncode, dt, r.stderr.decode()[:200]))
tmp = [f for f in os.listdir(REGDIR) if ".tmp." in f]
if not tmp:
    ok("R15: no stale temp file after the next successful write")
else:
    not_ok("R15: stale temp files remain: %s" % tmp)
checkpoint(TRIALS)
print("# %d trials in %.1f s" % (TRIALS, el))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
