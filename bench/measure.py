#!/usr/bin/env python3
"""measure.py [--out FILE] [--in FILE] -- CMD [ARGS...]

Run CMD once and print "WALL_MS MAXRSS_KB EXIT" on stdout: wall-clock time
(monotonic), the peak resident set size of CMD and its children
(getrusage of the waited-for process tree), and the exit status.
CMD's stdout goes to --out (default /dev/null), its stderr is kept.
"""
import os
import resource
import subprocess
import sys
import time


def main(argv):
    out, inp = os.devnull, None
    while argv and argv[0] != "--":
        if argv[0] == "--out":
            out, argv = argv[1], argv[2:]
        elif argv[0] == "--in":
            inp, argv = argv[1], argv[2:]
        else:
            sys.stderr.write("measure.py: unknown option %s\n" % argv[0])
            return 2
    cmd = argv[1:]
    if not cmd:
        sys.stderr.write(__doc__)
        return 2
    with open(out, "wb") as fo, open(inp or os.devnull, "rb") as fi:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=fo, stdin=fi)
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.monotonic() - t0) * 1000.0
    rc = os.waitstatus_to_exitcode(status)
    # ru_maxrss of wait4 is the largest RSS of the process (and what it waited for), in KiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("%.1f %d %d" % (wall, max(ru.ru_maxrss, 0) or kids, rc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
