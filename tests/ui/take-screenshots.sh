#!/bin/bash
# take-screenshots.sh — screenshots of the real window for the README and
# the AppStream metainfo. Not a test: run by hand after a build.
#
#   tests/ui/take-screenshots.sh BUILDDIR OUTDIR
#
# Makes a fictional demo diary, then drives `daybook` under Xvfb with
# xdotool at a normal and a narrow width (360 px asked; the main view is
# wider, and GTK keeps the window at its minimum), then in Welsh and in
# Arabic (LANGUAGE=cy, ar: unlock, the timeline and the overview, NAME-cy.png,
# NAME-ar.png). The demo diary's own words stay English.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

build=$(realpath "$1")
export DAYBOOK_LOCALEDIR=${DAYBOOK_LOCALEDIR:-$build/po}  # the build's catalogues
out=$(realpath -m "$2")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/app/cli/daybook-cli" --diary "$work/demo" --passphrase-fd 3 demo --incidents 200 \
  3<<<'correct horse battery staple' >/dev/null

cat > "$work/drive.sh" <<'INNER'
#!/bin/bash
set -euo pipefail
build=$1 out=$2 work=$3 width=$4 suffix=$5 lang=${6:-}
[ -z "$lang" ] || export LANGUAGE=$lang
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8 TZ=Europe/London
# GNOME's default title buttons (Xvfb has no desktop settings)
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"

start () {
  "$build/ui/daybook" --diary "$1" >>"$work/log" 2>&1 &
  pid=$!
  wid=$(xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
  xdotool windowmove "$wid" 0 0
  fit
  xdotool mousemove 1270 790   # no hover highlight in the pictures
  sleep 1
  settle
}
# The window at $width. A page laid out wide has a wider minimum than the
# same page folded, and GTK keeps its window at least that wide: the first
# resize folds the page, the second one reaches $width.
fit () {
  for _ in 1 2 3; do
    xdotool windowsize "$wid" "$width" 720
    sleep 1
    eval "$(xdotool getwindowgeometry --shell "$wid")"
    [ "$WIDTH" = "$width" ] && return 0
  done
  echo "The window would not shrink to $width px (it stays $WIDTH px)" >&2
  return 1
}
shot () {
  xdotool mousemove 1270 790
  sleep 1
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/$1$suffix.png"
}
# Until the screen stops changing (the unlock's key derivation takes
# longer on a busy machine than any fixed sleep): two equal grabs in a row.
settle () {
  local prev='' cur
  for _ in $(seq 120); do
    cur=$(import -window root rgb:- | md5sum)
    [ "$cur" = "$prev" ] && return 0
    prev=$cur
    sleep 0.5
  done
  echo "The screen never settled" >&2
  return 1
}
# XTEST input to the focused window: GTK ignores synthetic XSendEvent input.
key () { xdotool windowfocus "$wid" key "$@"; sleep 0.7; }
type_text () { xdotool windowfocus "$wid" type --delay 20 "$1"; sleep 0.3; }

# First run
if [ -z "$lang" ]; then
  start "$work/new-diary-$width"
  shot welcome
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi

# Unlock, timeline, editor, overview, people, orders, police contacts,
# case details, report
start "$work/demo"
shot unlock
type_text 'correct horse battery staple'
key Return
settle
# The main view may need more than $width: GTK widens the window to its
# minimum, and the pictures show that width. Say so.
eval "$(xdotool getwindowgeometry --shell "$wid")"
[ "$WIDTH" = "$width" ] || echo "The main view needs $WIDTH px, not $width px" >&2
shot timeline
if [ -n "$lang" ]; then
  # The sidebar's second row, Overview: on the right when right to left.
  sx=100
  [ "$lang" = ar ] && sx=$((width - 100))
  xdotool mousemove "$sx" 113 click 1; sleep 3
  shot overview
  key ctrl+q
  wait "$pid" 2>/dev/null || true
  exit 0
fi
key Return      # the focused (newest) entry
shot editor
key Escape
sleep 1
if [ "$width" -le 400 ]; then key alt+Left; fi
shot sidebar
# Sidebar rows are 38 px apart: Timeline, Overview, People, Orders, Police
# contacts, Case details, Evidence, Report.
xdotool mousemove 100 113 click 1; sleep 3   # counted in a worker
shot overview
if [ "$width" -le 400 ]; then key alt+Left; fi
xdotool mousemove 100 151 click 1; sleep 1
shot people
if [ "$width" -le 400 ]; then key alt+Left; fi
xdotool mousemove 100 189 click 1; sleep 1
shot orders
if [ "$width" -le 400 ]; then key alt+Left; fi
xdotool mousemove 100 227 click 1; sleep 1
shot police-contacts
if [ "$width" -le 400 ]; then key alt+Left; fi
xdotool mousemove 100 265 click 1; sleep 1
shot case-details
if [ "$width" -gt 400 ]; then
  key End Return  # from Case Details to the last row, Report
  sleep 3         # prepared and drawn in a worker
  # down to the Report group: "Changes Since", the key hand-over row
  xdotool mousemove 420 400
  for _ in 1 2 3 4 5 6 7 8 9 10; do xdotool click 5; sleep 0.1; done
  sleep 1
  shot report
  # Preferences, its Backups page (the second of the switcher's two, right
  # of the middle)
  key ctrl+comma
  main=$wid
  wid=$(xdotool search --sync --onlyvisible --name '^Preferences$' | head -1)
  xdotool windowsize "$wid" 560 560   # all of the Backups page
  sleep 1
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  xdotool mousemove $((X + WIDTH / 2 + 60)) $((Y + 27)) click 1; sleep 1
  shot backup
  key Escape
  wid=$main
fi
key ctrl+q
wait "$pid" 2>/dev/null || true
INNER
chmod +x "$work/drive.sh"

for width in 1000 360; do
  suffix=""
  [ "$width" = 360 ] && suffix="-narrow"
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    "$work/drive.sh" "$build" "$out" "$work" "$width" "$suffix"
done
for lang in cy ar; do
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    "$work/drive.sh" "$build" "$out" "$work" 1000 "-$lang" "$lang"
done
grep -v '^$' "$work/log" || true
