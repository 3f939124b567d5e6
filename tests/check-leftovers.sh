#!/bin/bash
# check-leftovers.sh — did the test run leave anything behind?
#
#   check-leftovers.sh snapshot FILE    before the run: note what is there
#   check-leftovers.sh check FILE       after it: fail on anything new
#
# Looks for daybook-* folders (and PulseAudio clients' pulse-*) in
# ${TMPDIR:-/tmp}, X servers (Xvfb), D-Bus daemons, portals
# (xdg-document-portal, xdg-desktop-portal, xdg-permission-store),
# accessibility buses, and FUSE mounts. What was there at the snapshot is
# not the run's and is not counted. When DAYBOOK_MAKE_TEST is set (make test
# sets it), a new process counts only if it carries the same
# DAYBOOK_MAKE_TEST in its environment, so that programs another run on the
# same machine started are not blamed on this one; folders and mounts carry
# no such mark.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

usage () {
  echo "usage: check-leftovers.sh snapshot|check FILE" >&2
  exit 2
}
[ $# -eq 2 ] || usage
mode=$1
file=$2
tmp=${TMPDIR:-/tmp}
tmp=${tmp%/}
processes='Xvfb|dbus-daemon|xdg-document-portal|xdg-desktop-portal|xdg-permission-store|at-spi-bus-launcher|at-spi2-registryd'

# One line per thing, in a form that names it: "folder PATH",
# "process PID STARTTIME COMMAND LINE", "mount LINE OF /proc/mounts".
list () {
  local d pid stat start cmdline name
  for d in "$tmp"/daybook-* "$tmp"/pulse-*; do
    [ -e "$d" ] && echo "folder $d"
  done
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    # The program's name from its command line (/proc/PID/comm is cut to
    # 15 characters), read without starting a process for each.
    { IFS= read -r -d '' name <"$d/cmdline"; } 2>/dev/null || continue
    [[ ${name##*/} =~ ^($processes)$ ]] || continue
    stat=$(cat "$d/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    start=$(echo "$stat" | cut -d' ' -f20)
    cmdline=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null)
    echo "process $pid $start $cmdline"
  done
  awk '$3 ~ /^fuse/ { print "mount " $0 }' /proc/mounts
  return 0
}

# Whether process @1 was started by this run.
ours () {
  [ -z "${DAYBOOK_MAKE_TEST:-}" ] && return 0
  # Unreadable: it cannot be told apart, so it counts.
  [ -r "/proc/$1/environ" ] || return 0
  grep -qzxF "DAYBOOK_MAKE_TEST=$DAYBOOK_MAKE_TEST" "/proc/$1/environ" 2>/dev/null
}

new_things () {
  local line pid
  list | LC_ALL=C sort | LC_ALL=C comm -13 "$file" - | while IFS= read -r line; do
    if [[ $line == process\ * ]]; then
      pid=$(echo "$line" | cut -d' ' -f2)
      ours "$pid" || continue
    fi
    echo "$line"
  done
}

case $mode in
  snapshot)
    list | LC_ALL=C sort >"$file"
    ;;
  check)
    if [ ! -f "$file" ]; then
      echo "check-leftovers: no snapshot $file; run 'check-leftovers.sh snapshot' first" >&2
      exit 2
    fi
    left=$(new_things)
    # A server or bus being stopped as the last test ends: give it a moment.
    for _ in $(seq 10); do
      [ -z "$left" ] && break
      sleep 0.5
      left=$(new_things)
    done
    before=$(wc -l <"$file")
    if [ -n "$left" ]; then
      echo "check-leftovers: the tests left these behind:"
      echo "$left" | sed 's/^/  /'
      exit 1
    fi
    echo "check-leftovers: nothing left behind (not counted: $before already there before the run)"
    ;;
  *)
    usage
    ;;
esac
