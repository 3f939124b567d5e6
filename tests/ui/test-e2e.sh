#!/bin/bash
# test-e2e.sh — the real `daybook` binary, driven from the keyboard alone
#
#   test-e2e.sh DAYBOOK DAYBOOK-CLI      (under xvfb-run and dbus-run-session)
#
# Creates a diary, logs incidents, searches, locks, unlocks and quits using
# only key presses (xdotool, XTEST), then checks with daybook-cli that
# everything typed was saved. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

daybook=$1
cli=$2
pass='purple otter climbs seven ladders'
work=$(mktemp -d)
diary=$work/diary
export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory TZ=Europe/London
unset G_DEBUG # the window itself, not a test harness: warnings go to its log
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

echo "1..11"
. "$(dirname "$0")/keyboard-tap.sh"

"$daybook" --diary "$diary" >"$work/log" 2>&1 &
pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
# Nothing is created until the user asks: no diary, no key file, no folder.
check "the window opens, and creates nothing before the user asks" \
  '[ -n "$wid" ] && [ ! -e "$diary" ]'
xdotool windowfocus "$wid"; sleep 1

# First run: welcome, passphrase twice, recovery code.
key Return
type_text "$pass"; key Return
type_text "$pass"; key Return
wait_for '[ -f "$diary/keys" ]' 30
sleep 2
key space    # I have written it down
key Tab
key Return   # Continue
check "a diary was created from the keyboard" '[ -f "$diary/diary.db" ]'

# Three incidents: Ctrl+N, title, Tab, place, Tab, account, Ctrl+S, Escape.
log_incident () {
  key ctrl+n
  type_text "$1"; key Tab
  type_text "$2"; key Tab
  type_text "$3"
  key ctrl+s
  key Escape
}
log_incident "Blue van outside" "Outside the house" "He sat in a blue van for an hour and watched the door."
log_incident "Message at midnight" "At home" "Another text from a new number, asking where I was."
log_incident "Followed to the station" "High Street" "He walked behind me all the way to the platform."

# Search, then lock and unlock.
key ctrl+f
type_text "platform"
sleep 1
key Escape
key ctrl+l
type_text "$pass"; key Return
sleep 4

# A fourth entry, typed but never saved by hand: quitting saves it.
key ctrl+n
type_text "Typed then quit"
key ctrl+q
wait_for '! kill -0 $pid 2>/dev/null' 20
check "Ctrl+Q quits" '! kill -0 $pid 2>/dev/null'
wait $pid; status=$?
check "Daybook quit cleanly (exit status $status)" '[ "$status" -eq 0 ]'

# A logout or `kill`: SIGTERM saves what is typed, closes the diary (its
# log checkpointed into the database) and ends cleanly.
"$daybook" --diary "$diary" >>"$work/log" 2>&1 &
pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
xdotool windowfocus "$wid"; sleep 1
type_text "$pass"; key Return
sleep 4
key ctrl+n
type_text "Typed then logged out"
sleep 1
kill -TERM $pid
wait_for '! kill -0 $pid 2>/dev/null' 20
wait $pid; status=$?
check "SIGTERM ends Daybook cleanly (exit status $status)" '[ "$status" -eq 0 ]'
check "the diary was closed and its log checkpointed" '[ ! -s "$diary/diary.db-wal" ]'

list=$("$cli" --diary "$diary" --passphrase-fd 3 list 3<<<"$pass" 2>&1)
echo "$list" | sed 's/^/# /'
check "daybook-cli lists the three incidents" \
  'grep -q "Blue van outside" <<<"$list" && grep -q "Message at midnight" <<<"$list" && grep -q "Followed to the station" <<<"$list"'
check "the entry typed before quitting was saved" 'grep -q "Typed then quit" <<<"$list"'
check "the entry typed before SIGTERM was saved" 'grep -q "Typed then logged out" <<<"$list"'
verified=$("$cli" --diary "$diary" --passphrase-fd 3 verify 3<<<"$pass" 2>&1)
check "verify finds everything saved and nothing missing" 'grep -q "^Everything checks out: 5 entries" <<<"$verified"'
found=$("$cli" --diary "$diary" --passphrase-fd 3 search platform 3<<<"$pass" 2>&1)
check "a word of an account is found by search" 'grep -q "Followed to the station" <<<"$found"'
