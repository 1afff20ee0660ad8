#!/usr/bin/env python3
"""leakscan.py - R1, R2, R7: look for canary secrets, raw, hex or base64 encoded,
without ever printing them.

  leakscan.py CANARIES scan [--exclude DIR]... PATH...   files and trees ("-" = stdin)
  leakscan.py CANARIES escapes FILE...                   R21: ESC, BEL or CSI bytes in output
  leakscan.py CANARIES execve STRACE_LOG [--child-env-ok]
      every execve in an `strace -f -v -s 65535 -e trace=execve` log: no canary in
      argv; none in the environment either, except (--child-env-ok, for `exec`)
      in the environment of the program storekeys runs.

CANARIES is a file with one canary per line. Prints where a canary was found
(path and encoding only); exit 1 when anything was found."""
import base64
import os
import stat
import sys


def patterns(canaries):
    out = []
    for c in canaries:
        b = c.encode()
        out.append((b, "raw"))
        out.append((b.hex().encode(), "hex"))
        out.append((b.hex().upper().encode(), "HEX"))
        for k in range(3):  # base64 of the canary at each alignment inside a longer text
            enc = base64.b64encode(b"\0" * k + b)
            lead = (k * 8 + 5) // 6 + 1
            core = enc[lead:len(enc) - 4]
            out.append((core, "base64"))
            out.append((core.replace(b"+", b"-").replace(b"/", b"_"), "base64url"))
    return out


def find(data, pats):
    return sorted({name for p, name in pats if p and p in data})


def scan(pats, paths, excludes):
    hits, files, size = 0, 0, 0
    excludes = [os.path.realpath(e) for e in excludes]

    def one(path, data):
        nonlocal hits
        for enc in find(data, pats):
            hits += 1
            print("LEAK %s (%s)" % (path, enc))

    for top in paths:
        if top == "-":
            one("<stdin>", sys.stdin.buffer.read())
            continue
        for root, dirs, names in os.walk(top) if os.path.isdir(top) else [(os.path.dirname(top), [], [os.path.basename(top)])]:
            if any(os.path.realpath(root) == e or os.path.realpath(root).startswith(e + "/") for e in excludes):
                dirs[:] = []
                continue
            dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(root, d)) not in excludes]
            for n in names:
                p = os.path.join(root, n)
                try:
                    st = os.lstat(p)
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    with open(p, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                files += 1
                size += len(data)
                one(p, data)
    print("# scanned %d files, %d bytes" % (files, size))
    return hits


def escapes(paths):
    bad = 0
    for p in paths:
        data = open(p, "rb").read()
        for byte, name in ((b"\x1b", "ESC"), (b"\x07", "BEL"), (b"\x9b", "C1 CSI"), (b"\xc2\x9b", "UTF-8 CSI"),
                           (b"\r", "CR")):
            if byte in data:
                bad += 1
                print("CONTROL %s: %s at byte %d" % (p, name, data.index(byte)))
    return bad


def bracket(s, i):
    """s[i] == '[': index just past the matching ']' (strace quotes strings with \\ escapes)."""
    depth, q = 0, False
    while i < len(s):
        c = s[i]
        if q:
            if c == "\\":
                i += 1
            elif c == '"':
                q = False
        elif c == '"':
            q = True
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(s)


def execve(pats, log, child_env_ok):
    bad, n = 0, 0
    sk = os.path.realpath(os.environ.get("STOREKEYS", "storekeys"))
    for line in open(log, encoding="utf-8", errors="replace"):
        k = line.find("execve(")
        if k < 0 or "resumed>" in line:
            continue
        n += 1
        path = line[k + 8:line.find('"', k + 8)]
        a0 = line.find("[", k)
        a1 = bracket(line, a0)
        argv, env = line[a0:a1], line[a1:]
        what = "storekeys" if os.path.realpath(path) == sk else path
        for enc in find(argv.encode(), pats):
            bad += 1
            print("LEAK argv of %s (%s)" % (what, enc))
        if what != "storekeys" and child_env_ok:
            continue
        for enc in find(env.encode(), pats):
            bad += 1
            print("LEAK environment of %s (%s)" % (what, enc))
    print("# %d execve calls checked" % n)
    return bad


def main():
    canaries = [l.strip() for l in open(sys.argv[1]) if l.strip()]
    pats = patterns(canaries)
    mode, rest = sys.argv[2], sys.argv[3:]
    if mode == "scan":
        excludes, paths = [], []
        while rest:
            a = rest.pop(0)
            if a == "--exclude":
                excludes.append(rest.pop(0))
            else:
                paths.append(a)
        bad = scan(pats, paths, excludes)
    elif mode == "escapes":
        bad = escapes(rest)
    elif mode == "execve":
        bad = execve(pats, rest[0], "--child-env-ok" in rest)
    else:
        sys.exit("unknown mode " + mode)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
