#!/usr/bin/env python3
"""pty-run.py - run a command on a pseudo-terminal and answer its prompts.

usage: pty-run.py OUTFILE LINE... -- COMMAND [ARGS...]
Each LINE is typed (with a newline) once the command's output ends with ": "
(a prompt). Everything the terminal showed goes to OUTFILE; the exit code is
the command's. Gives up after 20 s without progress.
"""
import os
import pty
import select
import sys


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    outfile, lines, cmd = args[0], args[1:sep], args[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    seen, pending = b"", list(lines)
    mark = 0
    r = True
    while True:
        r, _, _ = select.select([fd], [], [], 20)
        if not r:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if pending and seen[mark:].rstrip(b" ").endswith(b":"):
            os.write(fd, pending.pop(0).encode() + b"\n")
            mark = len(seen)
    if not r:
        os.kill(pid, 9)  # stuck: never hang the suite
    _, status = os.waitpid(pid, 0)
    with open(outfile, "wb") as f:
        f.write(seen)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
