#!/bin/sh
# layers.sh - the layers of docs/architecture.md hold: the core (src/) knows no
# curses, argv, stdout or CLI; ui/ uses src/ only; only cli/main.c knows both
# front ends; the core library carries no command symbol.
. "${top_srcdir:-.}/tests/lib.sh"

src_inc=$(grep -lE '#include[[:space:]]*[<"](curses|ncurses|ncursesw/curses)\.h|#include "(cli|ui|app|views|widgets)\.h"' \
	"$top_srcdir"/src/*.[ch] 2>/dev/null)
if [ -z "$src_inc" ]; then ok "src/ includes no curses, ui/ or cli/ header"; else not_ok "src/ includes a front-end header: $src_inc"; fi

ui_inc=$(grep -lE '#include "cli(_[a-z]+)?\.h"' "$top_srcdir"/ui/*.[ch] 2>/dev/null)
if [ -z "$ui_inc" ]; then ok "ui/ includes nothing from cli/"; else not_ok "ui/ includes cli/: $ui_inc"; fi

both=$(grep -lE '#include "ui\.h"' "$top_srcdir"/cli/*.c 2>/dev/null | sed 's|.*/||' | tr '\n' ' ')
if [ "$both" = "main.c " ]; then ok "only cli/main.c includes the TUI's entry point"; else not_ok "files including ui.h: '$both'"; fi

# The TUI models hold the logic the views draw: no curses, no app, no drawing helpers.
models=$(grep -lE '#include[[:space:]]*[<"](curses|ncurses|ncursesw/curses)\.h|#include "(app|views|widgets|term)\.h"' \
	"$top_srcdir"/ui/model_*.[ch] 2>/dev/null)
if [ -z "$models" ]; then ok "ui/model_* include no curses or drawing header"; else not_ok "a model includes curses: $models"; fi

# Widgets draw; the app runs them: widgets know nothing of the app (no include cycle).
if grep -q '#include "app.h"' "$top_srcdir/ui/widgets.c" "$top_srcdir/ui/widgets.h"; then
	not_ok "ui/widgets includes app.h (app.c includes widgets.h: a cycle)"; else ok "ui/widgets.c does not include app.h"; fi

# The core holds no argv parsing: getopt belongs to cli/.
gopt=$(grep -lE 'getopt(_long)?[[:space:]]*\(' "$top_srcdir"/src/*.c "$top_srcdir"/ui/*.c 2>/dev/null)
if [ -z "$gopt" ]; then ok "no getopt outside cli/"; else not_ok "getopt outside cli/: $gopt"; fi

lib="${top_builddir:-.}/libstorekeys.a"
if [ -f "$lib" ] && command -v nm >/dev/null 2>&1; then
	syms=$(nm "$lib" 2>/dev/null | grep -E ' [TD] (sk_cmd_|sk_cli_)' | head -5)
	if [ -z "$syms" ]; then ok "libstorekeys.a defines no sk_cmd_/sk_cli_ symbol"; else not_ok "core library holds CLI symbols: $syms"; fi
else
	echo "# skip: libstorekeys.a or nm not found, symbol check not run"
fi
finish
