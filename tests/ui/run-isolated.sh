#!/bin/bash
# run-isolated.sh — runs one window test in a session of its own
#
#   run-isolated.sh PROGRAM [ARGS...]
#
# Makes a fresh HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME,
# XDG_STATE_HOME and XDG_RUNTIME_DIR (mode 0700) in one temporary folder,
# starts a D-Bus session bus and an X server for PROGRAM alone
# (dbus-run-session, xvfb-run) and, however PROGRAM ends, stops whatever
# the run left running and removes the folder. Nothing of the real HOME or
# of the desktop session the tests were started from is read or written.
#
# Portals are not used (ADW_DISABLE_PORTAL, GTK_USE_PORTAL), settings live
# in memory, and the accessibility bus is not started; a test that wants
# any of these back unsets the variable itself.
#
# PROGRAM's standard output is its TAP stream; what this script has to say
# goes to standard error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: run-isolated.sh PROGRAM [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session xvfb-run; do
  if ! command -v "$tool" >/dev/null; then
    echo "run-isolated.sh: $tool is not installed (tools/install-deps)" >&2
    exit 77
  fi
done

run=$(mktemp -d "${TMPDIR:-/tmp}/daybook-run-XXXXXX") || exit 1

# Every process started below carries DAYBOOK_TEST_RUN in its environment,
# whoever started it (the bus activates services with its own environment).
# This shell and its subshells keep the environment they started with.
run_pids () {
  grep -slzxF "DAYBOOK_TEST_RUN=$run" /proc/[0-9]*/environ | cut -d/ -f3
}

# Waits up to @1 tenths of a second for the run's processes to end;
# prints those that have not.
wait_gone () {
  local pids
  for _ in $(seq "$1"); do
    pids=$(run_pids)
    [ -z "$pids" ] && return 0
    sleep 0.1
  done
  echo $pids
}

cleanup () {
  local pids mounts
  unset DAYBOOK_TEST_RUN # what runs from here on is not the test's
  # xvfb-run and dbus-run-session stop their server and bus without
  # waiting for them.
  pids=$(wait_gone 30)
  if [ -n "$pids" ]; then
    echo "run-isolated.sh: stopping what the test left running:" >&2
    for pid in $pids; do
      echo "  $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" >&2
    done
    kill $pids 2>/dev/null
    pids=$(wait_gone 20)
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null
  fi
  # A document portal's FUSE mount, should one have been made in here.
  mounts=$(awk -v run="$run/" 'index($2, run) == 1 { print $2 }' /proc/mounts)
  for m in $mounts; do
    fusermount -u -z "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
  done
  rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME=$run/home
export XDG_CONFIG_HOME=$HOME/.config
export XDG_DATA_HOME=$HOME/.local/share
export XDG_CACHE_HOME=$HOME/.cache
export XDG_STATE_HOME=$HOME/.local/state
export XDG_RUNTIME_DIR=$run/runtime
mkdir -m 0700 "$HOME" "$XDG_RUNTIME_DIR"
mkdir -p -m 0700 "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
export DAYBOOK_TEST_RUN=$run
export ADW_DISABLE_PORTAL=1 GTK_USE_PORTAL=0 GSETTINGS_BACKEND=memory
export NO_AT_BRIDGE=1 GTK_A11Y=none
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY XAUTHORITY

# The bus, and the services it starts, write to standard error: their
# messages are not TAP.
daemon=$run/dbus-daemon
printf '#!/bin/sh\nexec dbus-daemon "$@" >&2\n' >"$daemon"
chmod +x "$daemon"

# Not exec: the trap above cleans up after it.
dbus-run-session --dbus-daemon="$daemon" -- xvfb-run -a -s '-screen 0 1280x800x24' "$@"
