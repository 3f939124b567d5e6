#!/bin/bash
# take-evidence-screenshots.sh — screenshots of evidence in the window (the
# editor's attachment strip, the Evidence page, the viewer) for the README.
# Not a test: run by hand after a build.
#
#   tests/ui/take-evidence-screenshots.sh BUILDDIR OUTDIR
#
# Makes a fictional demo diary with a few made-up exhibits, then drives
# `daybook` under Xvfb with xdotool, as take-screenshots.sh does.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

build=$(realpath "$1")
out=$(realpath -m "$2")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli=$build/app/cli/daybook-cli
pass='correct horse battery staple'
font=$(fc-match -f '%{file}' 'DejaVu Sans')

"$cli" --diary "$work/demo" --passphrase-fd 3 demo --incidents 30 3<<<"$pass" >/dev/null
newest=$("$cli" --diary "$work/demo" --passphrase-fd 0 list --json <<<"$pass" |
  python3 -c 'import json, sys; print(max(json.load(sys.stdin), key=lambda e: e["occurred_start"])["number"])')

# Made-up exhibits: a photo, a screenshot of messages, an e-mail, a voicemail.
cd "$work"
convert -size 1024x768 gradient:'#5b7fa6'-'#d9c7a3' -fill '#33383d' -draw 'rectangle 180,380 840,600' \
  -fill '#222' -draw 'circle 300,600 300,660' -draw 'circle 720,600 720,660' \
  -fill '#a8c4e0' -draw 'rectangle 260,300 760,390' -font "$font" -fill white -pointsize 36 \
  -annotate +250+120 'Van parked outside (demo)' 'Van outside 2026-02-03.jpg'
convert -size 720x1280 xc:'#f4f4f4' -font "$font" -fill '#dcf8c6' \
  -draw 'roundrectangle 200,150 680,290 20,20' -fill '#ffffff' -draw 'roundrectangle 40,340 520,480 20,20' \
  -fill '#111111' -pointsize 30 -annotate +230+230 'I know where you are.' \
  -annotate +70+420 'Please stop messaging me.' 'Screenshot 2026-02-10 23-50.png'
printf 'From: Sam Example <sam@example.invalid>\nTo: me@example.invalid\nDate: Tue, 10 Feb 2026 23:52:00 +0000\nSubject: Why are you ignoring me?\n\nI saw you at the station today. You looked tired.\nI will wait outside again tomorrow.\n\n(Fictional demo message.)\n' >'Email from Sam.eml'
python3 - <<'PY'
import math, struct
rate = 8000
data = b''.join(struct.pack('<h', int(6000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(rate * 3))
with open('Voicemail 2026-02-11.wav', 'wb') as f:
    f.write(b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVEfmt '
            + struct.pack('<IHHIIHH', 16, 1, 1, rate, rate * 2, 2, 16) + b'data' + struct.pack('<I', len(data)) + data)
PY
printf 'Things to tell the advocate (demo).\n' >'Notes for the advocate.txt'
"$cli" --diary demo --passphrase-fd 0 attach "$newest" 'Van outside 2026-02-03.jpg' \
  'Screenshot 2026-02-10 23-50.png' 'Email from Sam.eml' 'Voicemail 2026-02-11.wav' <<<"$pass" >/dev/null
"$cli" --diary demo --passphrase-fd 0 attach 0 'Notes for the advocate.txt' <<<"$pass" >/dev/null
cd - >/dev/null

cat >"$work/drive.sh" <<'INNER'
#!/bin/bash
set -euo pipefail
build=$1 out=$2 work=$3
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8 TZ=Europe/London
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"

"$build/ui/daybook" --diary "$work/demo" >>"$work/log" 2>&1 &
pid=$!
wid=$(xdotool search --sync --onlyvisible --name '^Daybook$' | head -1)
xdotool windowmove "$wid" 0 0 windowsize "$wid" 1000 720
sleep 1.5
shot () {
  xdotool mousemove 1270 790
  sleep 1
  eval "$(xdotool getwindowgeometry --shell "$2")"
  import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/$1.png"
}
key () { xdotool windowfocus "$wid" key "$@"; sleep 0.7; }
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

xdotool windowfocus "$wid" type --delay 20 'correct horse battery staple'
key Return
settle
key Return          # the newest entry, which has the exhibits
sleep 1
xdotool mousemove 500 400
for i in $(seq 5); do xdotool click 5; sleep 0.05; done
shot attachments "$wid"
key Escape
sleep 1
xdotool mousemove 100 303 click 1   # Evidence, the seventh section
sleep 1.5
shot evidence "$wid"
xdotool mousemove 500 118 click 1   # the first exhibit: the photo
viewer=$(timeout 60 xdotool search --sync --onlyvisible --name '^AD/1' | head -1)
xdotool windowmove "$viewer" 0 0 windowsize "$viewer" 1000 640
sleep 2
shot attachment-viewer "$viewer"
xdotool windowfocus "$viewer" key Escape
sleep 0.5
key ctrl+q
wait "$pid" 2>/dev/null || true
INNER
chmod +x "$work/drive.sh"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$work/drive.sh" "$build" "$out" "$work"
grep -v '^$' "$work/log" || true
