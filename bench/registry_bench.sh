#!/bin/sh
# registry_bench.sh - what one-account commands (token, show, exec) cost as the registry
# grows, with the keyring held still: a registry of 20 and of BENCH_ACCOUNTS (default
# 2,000) generated accounts plus one real account ("Spare") whose two secrets are the only
# items in a private gnome-keyring. So the difference between the sizes is storekeys' own
# work (reading and checking the registry), and `secret-tool lookup` of the same item in
# the same keyring is the baseline. Prints a table; asserts nothing; not part of make check.
#
#   BUILD=/path/to/build sh bench/registry_bench.sh
#   BUILD=new BUILD2=old sh bench/registry_bench.sh     (two builds side by side)
#
# BENCH_REPEAT=N runs of each command, the median is shown (default 21). The registries are
# left to settle and indexed first (registry.index); the "(index off)" rows read them whole.
# Nothing of yours is touched: the keyring, HOME and the XDG directories are private.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
if [ -z "${SK_RBENCH_INNER:-}" ]; then
	for tool in python3 secret-tool dbus-run-session gnome-keyring-daemon; do
		command -v "$tool" >/dev/null 2>&1 || { echo "registry_bench: $tool is missing" >&2; exit 2; }
	done
	BUILD=$(cd "${BUILD:-$TOP/_build}" && pwd)
	[ -x "$BUILD/storekeys" ] || { echo "registry_bench: no storekeys in $BUILD; set BUILD=DIR" >&2; exit 2; }
	[ -n "${BUILD2:-}" ] && BUILD2=$(cd "$BUILD2" && pwd)
	export BUILD BUILD2="${BUILD2:-}" SK_RBENCH_INNER=1 top_srcdir="$TOP"
	exec sh "$TOP/tests/with-keyring.sh" sh "$0" "$@"
fi

N=${BENCH_ACCOUNTS:-2000}
RUNS=${BENCH_REPEAT:-21}
W=$(mktemp -d "${TMPDIR:-/tmp}/sk-rbench.XXXXXX")
trap 'rm -rf "$W"' EXIT
printf 'ACCESS TOKEN: sparetok000000000000000000000001\nCLIENT NAME: Spare\nAPI PATH: https://api.bigcommerce.com/stores/benchspare/v3/\nCLIENT ID: sparecid0000000000000000000001\nCLIENT SECRET: %064d\n' 7 >"$W/spare.txt"

# One data directory per size; the spare account is added once (two keyring items) and its
# registry entry copied into the generated registries, so every size reads the same items.
mkdir -m 700 -p "$W/base/storekeys"
XDG_DATA_HOME=$W/base "$BUILD/storekeys" add --from-file "$W/spare.txt" --delete-file >/dev/null
for size in 20 "$N"; do
	mkdir -m 700 -p "$W/$size/storekeys"
	python3 "$HERE/gen_registry.py" "$W/$size/storekeys/registry.json" "$size" "$W/base/storekeys/registry.json"
done
# A registry is indexed once it has not changed for 2 seconds (registry.index): let them settle.
sleep 3
ID=$(XDG_DATA_HOME=$W/base "$BUILD/storekeys" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"][0]["id"])')

python3 - "$W" "$N" "$RUNS" "$ID" "$BUILD" "${BUILD2:-}" <<'EOF'
import os, statistics, subprocess, sys, time
w, n, runs, idd, builds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], [b for b in sys.argv[5:] if b]
def med(cmd, size, index=True):
    env = dict(os.environ, XDG_DATA_HOME="%s/%s" % (w, size))
    if not index:
        env["STOREKEYS_TEST_INDEX"] = "off"
    xs = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        xs.append((time.monotonic() - t0) * 1000)
    return statistics.median(xs)
base = {s: med(["secret-tool", "lookup", "account", idd, "field", "access_token"], s) for s in (20, n)}
print("one-account commands: a registry of 20 and of %d accounts, the same two keyring items; medians of %d" % (n, runs))
print("%-44s %10s %10s %10s %9s" % ("", "20 accts", "%d accts" % n, "growth", "ratio@%d" % n))
for b in builds:
    print("%s" % b)
    # the settled registries are indexed by a whole load (a build without the index ignores both)
    for size in (20, n):
        subprocess.run([b + "/storekeys", "list"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, XDG_DATA_HOME="%s/%s" % (w, size)), check=True)
    for index in (True, False):
        for name, args in (("token", ["token", "Spare"]), ("show", ["show", "Spare"]), ("exec -- true", ["exec", "Spare", "--", "true"])):
            a, z = med([b + "/storekeys"] + args, 20, index), med([b + "/storekeys"] + args, n, index)
            ratio = "%.2fx" % (z / base[n]) if name == "token" else ""
            label = "storekeys " + name + ("" if index else " (index off)")
            print("  %-42s %8.1f ms %7.1f ms %+8.1f ms %9s" % (label, a, z, z - a, ratio))
print("  %-42s %8.1f ms %7.1f ms %+8.1f ms" % ("secret-tool lookup (baseline)", base[20], base[n], base[n] - base[20]))
print("growth: the time the larger registry adds; ratio: token over secret-tool lookup at %d accounts." % n)
EOF
