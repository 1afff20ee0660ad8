#!/bin/sh
# tui_bench.sh - the TUI's first frame, peak RSS and filter time per keystroke with 1,000 registered
# accounts (BENCH_ACCOUNTS=2000 for the scaling issue's size), and
# `storekeys list --json` on the same registry, each beside a baseline measured in the same run
# (so the numbers are ratios, not absolutes). Prints a table; asserts nothing; not part of `make check`.
#
#   BUILD=/path/to/build sh bench/tui_bench.sh      (or STOREKEYS=/path/to/storekeys)
#
# BENCH_REPEAT=N runs of each measurement, the median is shown (default 5);
# BENCH_ACCOUNTS=N registered accounts (default 1000, 50 per store like BigCommerce's limit).
# Needs tmux, python3 and a C compiler with ncurses (for the baseline program).
# Nothing of yours is touched: HOME and the XDG directories are private, the keyring is not used
# (the first screen reads only the registry), and tmux runs its own server.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SK=${STOREKEYS:-${BUILD:-.}/storekeys}
RUNS=${BENCH_REPEAT:-5}
N=${BENCH_ACCOUNTS:-1000}
PY=${PYTHON3:-python3}
CC=${CC:-cc}

case $SK in /*) ;; *) SK=$(pwd)/$SK ;; esac
if [ ! -x "$SK" ]; then
	echo "tui_bench: no storekeys at $SK; build first and set BUILD=DIR or STOREKEYS=FILE" >&2
	exit 2
fi
for tool in tmux "$PY" "$CC"; do
	command -v "$tool" >/dev/null 2>&1 || { echo "tui_bench: $tool is missing" >&2; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sk-tuibench.XXXXXX")
SOCK="sk-tuibench-$$"
cleanup() { env -u TMUX tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 -p "$XDG_DATA_HOME/storekeys"
REG="$XDG_DATA_HOME/storekeys/registry.json"

# The baseline: the smallest ncurses program that draws the same header text and waits; like
# the accounts screen, '/' opens a "Filter:" line that echoes what is typed (and filters nothing).
cat >"$TMP/frame.c" <<'EOF'
#include <curses.h>
#include <locale.h>
int main(void)
{
	char typed[64] = "";
	int n = 0, ch, filtering = 0;

	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	mvaddstr(1, 2, "Name                   Token type      Last verified");
	refresh();
	while ((ch = getch()) != ERR && ch != 27 && !(ch == 'q' && !filtering)) {
		if (ch == '/' && !filtering)
			filtering = 1;
		else if (filtering && n < 63)
			typed[n++] = (char)ch, typed[n] = '\0';
		mvprintw(3, 0, "Filter: %s", typed);
		clrtoeol();
		refresh();
	}
	endwin();
	return 0;
}
EOF
NC_LIBS=$(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
# shellcheck disable=SC2086
$CC -O2 -o "$TMP/frame" "$TMP/frame.c" $NC_LIBS

# The registry, written directly: N store-level accounts, 50 per store, a few scopes each.
"$PY" "$here/gen_registry.py" "$REG" "$N"
got=$("$SK" list --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["accounts"]))')
if [ "$got" != "$N" ]; then
	echo "tui_bench: storekeys reads $got accounts from the generated registry, not $N" >&2
	exit 1
fi

# The measurements (python3: a monotonic clock, capture-pane polling, /proc, medians).
"$PY" - "$SK" "$TMP/frame" "$REG" "$RUNS" "$N" "$SOCK" <<'EOF'
import json, os, pty, select, signal, statistics, subprocess, sys, time
sk, frame, reg, runs, n, sock = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
MARK = "Last verified"
COLS, ROWS = 120, 40
env = dict(os.environ, TERM="tmux-256color", LC_ALL="C.UTF-8")
env.pop("TMUX", None)

def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null"] + list(args), env=env, check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout

def vm(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])  # KiB
    except OSError:
        pass
    return None

def tmux_frame(cmd):
    """ms from starting the pane to a capture showing MARK, and the program's VmHWM (KiB) on that screen."""
    tmux("kill-server", check=False)
    t0 = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", str(COLS), "-y", str(ROWS), "exec " + cmd)
    deadline = t0 + 10
    while MARK not in tmux("capture-pane", "-p", "-t", "b", check=False):
        if time.monotonic() > deadline:
            raise SystemExit("tui_bench: no first frame within 10 s from: " + cmd)
        time.sleep(0.001)
    ms = (time.monotonic() - t0) * 1000
    pid = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip())
    time.sleep(0.3)  # sitting on the first screen
    hwm = vm(pid, "VmHWM")
    tmux("send-keys", "-t", "b", "q", check=False)
    tmux("kill-server", check=False)
    return ms, hwm

def pty_frame(argv):
    """ms from fork to the first output containing the marker's last word, on a bare pseudo-terminal."""
    word = MARK.split()[-1].encode()
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl, struct, termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.execve(argv[0], argv, dict(env, TERM="xterm-256color"))
    buf = b""
    ms = None
    while ms is None:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        if word in buf:
            ms = (time.monotonic() - t0) * 1000
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    os.close(fd)
    if ms is None:
        raise SystemExit("tui_bench: no first frame on the pty from " + argv[0])
    return ms

def wall(argv):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("tui_bench: %s failed" % argv)
    return (time.monotonic() - t0) * 1000, ru.ru_maxrss

def keystrokes(cmd, text):
    """ms per keystroke: from sending one character to the capture showing "Filter: " and the text so far."""
    tmux("kill-server", check=False)
    tmux("new-session", "-d", "-s", "b", "-x", str(COLS), "-y", str(ROWS), "exec " + cmd)
    deadline = time.monotonic() + 10
    while MARK not in tmux("capture-pane", "-p", "-t", "b", check=False):
        if time.monotonic() > deadline:
            raise SystemExit("tui_bench: no first frame within 10 s from: " + cmd)
        time.sleep(0.001)
    tmux("send-keys", "-t", "b", "-l", "/")
    times = []
    for i, c in enumerate(text):
        want = "Filter: " + text[: i + 1]
        t0 = time.monotonic()
        tmux("send-keys", "-t", "b", "-l", c)
        while want not in tmux("capture-pane", "-p", "-t", "b", check=False):
            if time.monotonic() - t0 > 5:
                raise SystemExit("tui_bench: the filter never showed %r" % want)
            time.sleep(0.0005)
        times.append((time.monotonic() - t0) * 1000)
    tmux("send-keys", "-t", "b", "Escape", check=False)
    tmux("kill-server", check=False)
    return times

med = statistics.median
sk_tmux, base_tmux = [], []
for _ in range(runs):  # interleaved, so drift hits both alike
    sk_tmux.append(tmux_frame(sk))
    base_tmux.append(tmux_frame(frame))
# Filtering: type the same text, one key at a time (no 'q': it quits the baseline; no blank: a capture trims it).
TEXT = "account"  # no space: tmux trims it from captures
sk_keys, base_keys = [], []
for _ in range(runs):
    sk_keys += keystrokes(sk, TEXT)
    base_keys += keystrokes(frame, TEXT)
sk_pty = [pty_frame([sk]) for _ in range(runs)]
base_pty = [pty_frame([frame]) for _ in range(runs)]
py = sys.executable
sk_list = [wall([sk, "list", "--json"]) for _ in range(runs)]
py_list = [wall([py, "-c", "import json; json.load(open(%r))" % reg]) for _ in range(runs)]
# What every storekeys process pays before it reads anything: its libraries and their set-up.
sk_version = [wall([sk, "--version"]) for _ in range(runs)]

f_sk, f_base = med(x[0] for x in sk_tmux), med(x[0] for x in base_tmux)
r_sk = max(x[1] or 0 for x in sk_tmux) / 1024
r_base = max(x[1] or 0 for x in base_tmux) / 1024
p_sk, p_base = med(sk_pty), med(base_pty)
l_sk, l_py = med(x[0] for x in sk_list), med(x[0] for x in py_list)
l_rss, py_rss = max(x[1] for x in sk_list) / 1024, max(x[1] for x in py_list) / 1024
own = f_sk - f_base
v_ms, v_rss = med(x[0] for x in sk_version), max(x[1] for x in sk_version) / 1024

def row(what, a, b, unit, target=None):
    ratio = "%.2fx" % (a / b) if b else ""
    t = ""
    if target is not None:
        t = "< %g %s: %s" % (target, unit, "met" if a < target else "NOT met")
    print("%-46s %10.1f %10s %8s   %s" % (what + " (" + unit + ")", a, "%.1f" % b if b else "", ratio, t))

print("storekeys TUI benchmark: %d registered accounts in %d stores, %dx%d terminal, median of %d runs"
      % (n, (n + 49) // 50, COLS, ROWS, runs))
print("baseline: a minimal ncurses program drawing the same header line (tmux, pty); python3 json.load (list)")
print()
print("%-46s %10s %10s %8s   %s" % ("", "storekeys", "baseline", "ratio", "target"))
row("first frame in tmux, launch to capture", f_sk, f_base, "ms")
row("  storekeys' own share (minus the baseline)", own, 0, "ms", 50)
row("first frame on a bare pty", p_sk, p_base, "ms", 50)
row("peak RSS on the first screen (VmHWM)", r_sk, r_base, "MiB", 16)
k_sk, k_base = med(sk_keys), med(base_keys)
row("filter, per keystroke in tmux (key to capture)", k_sk, k_base, "ms")
row("  storekeys' own share (minus the baseline)", k_sk - k_base, 0, "ms", 16)
row("storekeys list --json", l_sk, l_py, "ms")
row("  peak RSS of list --json", l_rss, py_rss, "MiB")
row("storekeys --version (start-up alone)", v_ms, 0, "ms")
row("  peak RSS of --version", v_rss, 0, "MiB")
print()
print("tmux runs (ms): storekeys %s; baseline %s" % (" ".join("%.0f" % x[0] for x in sk_tmux),
                                                     " ".join("%.0f" % x[0] for x in base_tmux)))
print("keystrokes (ms): storekeys max %.1f, baseline max %.1f, %d keys each; typed %r after '/'"
      % (max(sk_keys), max(base_keys), len(sk_keys), TEXT))
print("pty runs (ms):  storekeys %s; baseline %s" % (" ".join("%.1f" % x for x in sk_pty),
                                                     " ".join("%.1f" % x for x in base_pty)))
EOF
