# keyboard-tap.sh — sourced by test-e2e.sh and test-no-traces.sh: TAP
# results, and the keyboard and waiting through xdotool.
#
# `not_ok` shows the app's log ($work/log) as TAP comments.
#
# SPDX-License-Identifier: GPL-3.0-or-later

n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; [ -f "$work/log" ] && sed 's/^/# /' "$work/log"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

key () { xdotool key --clearmodifiers "$@"; sleep 0.6; }
type_text () { xdotool type --delay 15 "$1"; sleep 0.4; }
wait_for () { # condition, seconds
  for _ in $(seq $((${2} * 10))); do eval "$1" && return 0; sleep 0.1; done
  return 1
}
