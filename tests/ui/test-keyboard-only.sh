#!/bin/bash
# test-keyboard-only.sh — the whole first task of a new user, keys only
#
#   test-keyboard-only.sh DAYBOOK DAYBOOK-CLI   (under run-isolated.sh)
#
# With no pointer event at all (xdotool `key` and `type` only, through
# XTEST): creates a diary, writes an entry and pastes into its attachments
# a screenshot that another program (xclip) put on the X clipboard, marks
# it private (Alt+P) and saves. SIGTERM closes it at the end. Checks as an outsider
# with daybook-cli: one private entry, the one typed, with one attachment
# holding the screenshot's pixels. Before that, on the Report page, it
# includes private entries (Alt+I, then Alt+I for "Include Them") and
# saves the report as a PDF (Ctrl+Shift+S, a path typed): pdftotext finds
# the entry's title in it.
# TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

daybook=$1
cli=$2
pass='purple otter climbs seven ladders'
title='Car parked across the drive'
account='The grey car blocked the drive again and he photographed the house.'
work=$(mktemp -d)
diary=$work/diary
export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory TZ=Europe/London
unset G_DEBUG # the window itself, not a test harness: warnings go to its log
pid= clip=
trap 'kill $pid $clip 2>/dev/null; rm -rf "$work"' EXIT

echo "1..8"
. "$(dirname "$0")/keyboard-tap.sh"

for tool in xdotool xclip convert identify pdftotext sha256sum; do
  command -v $tool >/dev/null || { echo "Bail out! $tool is not installed (tools/install-deps)"; exit 1; }
done

shot () { [ -n "${KEYS_SHOTS:-}" ] && import -window root "$KEYS_SHOTS/$1.png"; :; }

# The "screenshot": a picture no other test makes, as a PNG file.
convert -size 64x48 gradient:red-blue -fill white -draw 'rectangle 8,8 24,20' "$work/shot.png"

"$daybook" --diary "$diary" >"$work/log" 2>&1 &
pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
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
sleep 2

# The entry: Ctrl+N, title, Tab, place, Tab, account.
key ctrl+n
type_text "$title"; key Tab
type_text "At home"; key Tab
type_text "$account"
shot 1-typed

# Another program puts the screenshot on the clipboard (xclip stays to
# serve it); Ctrl+Tab leaves the account for the Paste button.
xclip -selection clipboard -t image/png -i "$work/shot.png" &
clip=$!
sleep 1
key ctrl+Tab
key ctrl+v
sleep 3
shot 2-pasted
# Alt+P, the mnemonic of "Private entry", then Ctrl+S.
key alt+p
key ctrl+s
shot 3-private
# Escape: back to the timeline (its row has the focus); Shift+Tab four
# times reaches the sidebar, End its last row, Report.
key Escape; sleep 1
for _ in 1 2 3 4; do key shift+Tab; done
key End
key Return
sleep 2
# Alt+I: include private entries; Alt+I again answers the question
# ("Include Them"). Ctrl+Shift+S: save as PDF, its path typed.
key alt+i
sleep 1
key alt+i
sleep 3
key ctrl+shift+s
sleep 3
key ctrl+a
type_text "$work/report.pdf"
key Return
wait_for '[ -s "$work/report.pdf" ]' 60
sleep 2
shot 4-saved
pdf=$(pdftotext "$work/report.pdf" - 2>&1)
check "the report was saved as a PDF that names the private entry" \
  'grep -q "$title" <<<"$pdf"'
# SIGTERM saves what is typed and closes the diary.
kill -TERM $pid
wait_for '! kill -0 $pid 2>/dev/null' 20
wait $pid; status=$?
check "Daybook ended cleanly (exit status $status)" '[ "$status" -eq 0 ]'

cli_run () { "$cli" --diary "$diary" --passphrase-fd 3 "$@" 3<<<"$pass" 2>&1; }
list=$(cli_run list --json)
check "daybook-cli lists one entry, the one typed" \
  '[ "$(jq length <<<"$list")" = 1 ] && [ "$(jq -r ".[0].title" <<<"$list")" = "$title" ] && [ "$(jq -r ".[0].narrative" <<<"$list")" = "$account" ]'
check "the entry is private" '[ "$(jq -r ".[0].private" <<<"$list")" = true ]'
atts=$(cli_run attachments 1 --json)
echo "$atts" | sed 's/^/# /'
check "the entry has one attachment" '[ "$(jq length <<<"$atts")" = 1 ]'
cli_run export-attachment EX/1 "$work/out.png" >/dev/null
check "its stored bytes are what daybook-cli reports (SHA-256)" \
  '[ "$(jq -r ".[0].sha256" <<<"$atts")" = "$(sha256sum <"$work/out.png" | cut -d" " -f1)" ]'
# A paste is re-encoded by GTK: the pixels, not the file's bytes, are kept.
check "it holds the pasted screenshot's pixels" \
  '[ "$(identify -format %# "$work/out.png")" = "$(identify -format %# "$work/shot.png")" ]'
