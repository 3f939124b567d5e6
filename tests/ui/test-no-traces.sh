#!/bin/bash
# test-no-traces.sh — the real `daybook` binary leaves nothing behind
#
#   test-no-traces.sh DAYBOOK DAYBOOK-CLI     (under xvfb-run and dbus-run-session)
#
# With a fresh HOME, XDG_* and TMPDIR, and core files allowed by the shell,
# checks that the running app is hardened (no core size, no core file from a
# crash), then creates a diary, types an entry and quick-hides it from the
# keyboard, brings it back by launching Daybook again, and quits, then
# exports a report with the CLI. Afterwards the only new files with content
# are the diary's and the report, and — under strace when present — nothing
# was opened for writing anywhere else. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

daybook=$1
cli=$2
pass='seven quiet herons fold maps'
work=$(mktemp -d)
home=$work/home
export HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config \
  XDG_CACHE_HOME=$home/.cache XDG_STATE_HOME=$home/.local/state TMPDIR=$work/tmp
export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 TZ=Europe/London
# The real app, with the real settings backend and portals where there are
# any; and no XDG_RUNTIME_DIR, as in a session without one, so that dconf's
# flag file is in the cache checked below.
unset G_DEBUG DAYBOOK_DIARY GSETTINGS_BACKEND ADW_DISABLE_PORTAL GTK_USE_PORTAL XDG_RUNTIME_DIR
diary=$XDG_DATA_HOME/daybook/diary
mkdir -p "$home" "$TMPDIR" "$work/cwd"
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

echo "1..12"
. "$(dirname "$0")/keyboard-tap.sh"
visible () { xdotool search --onlyvisible --name '^Daybook$' >/dev/null 2>&1; }

# 1. Hardening: core files allowed here, so only Daybook itself can stop them.
ulimit -c unlimited
(cd "$work/cwd" && exec "$daybook") >"$work/log" 2>&1 &
pid=$!
wait_for visible 30
check "Max core file size is 0 in the running app" \
  'grep -Eq "^Max core file size +0 +0 " /proc/$pid/limits'
kill -SEGV $pid
wait $pid 2>/dev/null
check "a crash leaves no core file" '[ -z "$(ls "$work/cwd")" ]'
rm -rf "$home" && mkdir -p "$home"
touch "$work/start"

# 2. Create, type, quick hide, come back, quit — under strace (install-deps
# installs it; without it this test fails rather than check less).
command -v strace >/dev/null || { echo "Bail out! strace is missing: run tools/install-deps"; exit 1; }
run=(strace -f -qq -y -o "$work/strace" -e trace=openat,creat,rename,renameat,renameat2,mkdir,mkdirat,link,linkat "$daybook")
(cd "$work/cwd" && exec "${run[@]}") >"$work/log" 2>&1 &
pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
xdotool windowfocus "$wid"; sleep 1
key Return
type_text "$pass"; key Return
type_text "$pass"; key Return
wait_for '[ -f "$diary/keys" ]' 30
sleep 2
key space
key Tab
key Return
key ctrl+n
type_text "Car parked opposite again"; key Tab
type_text "Outside the flat"; key Tab
type_text "The same grey car, engine running, for an hour."
key ctrl+shift+h
check "Ctrl+Shift+H hides the window" '! visible'

"$daybook" >>"$work/log" 2>&1   # a second launch only activates the first
wait_for visible 10
check "launching Daybook again brings it back" 'visible'
wid=$(xdotool search --onlyvisible --name '^Daybook$' | head -1)
xdotool windowfocus "$wid"; sleep 0.5
type_text "$pass"; key Return
sleep 4
key ctrl+l
key ctrl+q
wait_for '! kill -0 $pid 2>/dev/null' 20
check "Daybook quit" '! kill -0 $pid 2>/dev/null'

list=$("$cli" --diary "$diary" --passphrase-fd 3 list 3<<<"$pass" 2>&1)
check "the entry typed before the quick hide was saved" 'grep -q "Car parked opposite" <<<"$list"'

# The one file the user explicitly exports, also under strace.
report=$home/Documents/report.pdf
mkdir -p "$home/Documents"
cli_run=("$cli")
[ -f "$work/strace" ] && cli_run=(strace -f -qq -y -o "$work/strace-cli" -e trace=openat,creat,rename,renameat,renameat2,mkdir,mkdirat,link,linkat "$cli")
(cd "$work/cwd" && "${cli_run[@]}" --diary "$diary" --passphrase-fd 3 report -o "$report" 3<<<"$pass") >>"$work/log" 2>&1
check "a report was exported" '[ "$(head -c 5 "$report" 2>/dev/null)" = "%PDF-" ]'
[ -f "$work/strace-cli" ] && cat "$work/strace-cli" >>"$work/strace"

# 3. What is on disk now. Allowed besides the diary: caches GTK's renderer
# and fontconfig keep (compiled shaders, font lists) and dconf's change flag
# (without XDG_RUNTIME_DIR it lives in the cache), none holding anything of it.
caches="$XDG_CACHE_HOME/(mesa_shader_cache/.*|fontconfig/.*|dconf/user)"
allowed_re="^($diary/(diary\.db(-wal|-shm)?|keys|keys\.bak|seal|\.trackerignore|\.nomedia)|$report|$caches)\$"
find "$home" "$TMPDIR" -type f | sort >"$work/files"
grep -v mesa_shader_cache/ "$work/files" | sed 's/^/# file: /'
echo "# and $(grep -c mesa_shader_cache/ "$work/files") files in mesa_shader_cache"
check "only the diary's files and the report were written" '! grep -Ev "$allowed_re" "$work/files"'
dconf_flag=$XDG_CACHE_HOME/dconf/user
check "dconf's flag file holds nothing" \
  '[ ! -f "$dconf_flag" ] || [ "$(tr -d "\\0" <"$dconf_flag" | wc -c)" -eq 0 ]'
check "no recently-used.xbel anywhere" '! find "$work" -name "recently-used.xbel*" | grep -q .'
check "nothing with content in TMPDIR" '[ -z "$(find "$TMPDIR" -type f -size +0)" ]'

[ -f "$work/strace" ] || { not_ok "strace wrote no trace"; exit 1; }
# Successful opens for writing, creations and renames, by path.
grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|rename|mkdir|link' "$work/strace" \
  | grep -Ev '= -1 ' >"$work/writes"
grep -oE '"[^"]*"|<[^>]*>' "$work/writes" | tr -d '"<>' | sort -u >"$work/paths"
sed 's/^/# write: /' "$work/paths"
# Directories on the way (created, or the working directory strace names
# for relative opens) are no content.
dirs="$work/cwd|$home/Documents|$home/\.local|$XDG_DATA_HOME|$XDG_DATA_HOME/daybook|$XDG_CACHE_HOME|$XDG_CACHE_HOME/dconf|$XDG_CACHE_HOME/mesa_shader_cache"
# The report is written beside itself as an unnamed file (O_TMPFILE: strace
# names it "#INODE"), linked to its name once complete (linkat with an empty
# path); where a file system lacks O_TMPFILE, under a hidden temporary name,
# then renamed.
outside=$(grep -Ev "^($diary(/.*)?|$report|$home/Documents/\.report\.pdf\.[A-Za-z0-9]+|$home/Documents/#[0-9]+|($dirs)|/dev/.*|/proc/.*|/sys/.*|/run/user/.*|$caches|[^/].*|)\$" "$work/paths")
check "strace: nothing opened for writing outside the diary" '[ -z "$outside" ] || { echo "$outside" | sed "s/^/# outside: /"; false; }'
