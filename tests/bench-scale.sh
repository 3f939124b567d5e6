#!/usr/bin/env bash
# bench-scale.sh — Daybook at 100,000 entries, through the real daybook-cli
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   tests/bench-scale.sh BUILD_DIR
#
# Prints figures with their targets (issue 17) and, where one exists, a
# reference measured in the same run; asserts nothing about time. The
# diaries are made once and reused, under BUILD_DIR/bench-data (not /tmp,
# not HOME): a 100,000-entry demo diary made in America/New_York (listed
# here in Europe/London, so no entry is in the computer's zone), a
# 10,000-entry one whose bytes on disk bench-disk breaks down, and a diary
# with 1 GiB of evidence (eight 128 MiB files of random bytes, kept beside
# it in plain form for the `openssl dgst` reference; they are not secret).
# Making them took under 10 minutes on the shared 2-core build machine,
# once. A run after that is mostly the three 100,000-entry reports (82 to
# 123 s each when issue 17 was measured) and three runs of each command,
# each of them a key derivation (about 0.7 s) plus its work: several
# minutes when the machine is otherwise idle, much longer when it is not.
# BENCH_RUNS (default 3) runs of each; BENCH_REPORT_RUNS (default 3) of the
# 100,000-entry report (1 for a quicker look).

set -euo pipefail

build=${1:?usage: bench-scale.sh BUILD_DIR}
cli=$(cd "$build" && pwd)/app/cli/daybook-cli
data=$(cd "$build" && pwd)/bench-data
runs=${BENCH_RUNS:-3}
report_runs=${BENCH_REPORT_RUNS:-3}
pass='a long enough bench passphrase'
n=100000
big=$data/entries-$n
small=$data/entries-10000
ev=$data/evidence-1g

for tool in /usr/bin/time openssl; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool is missing (tools/install-deps)"; exit 1; }
done
mkdir -p "$data"
export LC_ALL=C.UTF-8

if [ ! -f "$big/.complete" ]; then
  rm -rf "$big"
  echo "bench-scale: making a $n-entry diary once in $big (a few minutes)"
  printf '%s\n' "$pass" | TZ=America/New_York "$cli" --diary "$big" --passphrase-fd 0 \
    demo --incidents $n >/dev/null
  touch "$big/.complete"
fi
if [ ! -f "$small/.complete" ]; then
  rm -rf "$small"
  printf '%s\n' "$pass" | "$cli" --diary "$small" --passphrase-fd 0 demo --incidents 10000 >/dev/null
  touch "$small/.complete"
fi
if [ ! -f "$ev/.complete" ]; then
  rm -rf "$ev" "$data/evidence-files"
  echo "bench-scale: making a diary with 1 GiB of evidence once in $ev"
  mkdir -p "$data/evidence-files"
  for i in 1 2 3 4 5 6 7 8; do
    head -c $((128 << 20)) /dev/urandom >"$data/evidence-files/file-$i.bin"
  done
  printf '%s\n' "$pass" | "$cli" --diary "$ev" --passphrase-fd 0 demo --incidents 10 >/dev/null
  printf '%s\n' "$pass" | "$cli" --diary "$ev" --passphrase-fd 0 attach 1 \
    "$data/evidence-files"/file-*.bin >/dev/null
  touch "$ev/.complete"
fi

# Runs the CLI $runs times on diary $1 with the rest as arguments; sets
# MIN MED MAX (seconds), CPU (median user + system seconds, all threads:
# on a shared machine the steadier figure) and RSS (peak KiB of the last run).
measure () {
  local diary=$1 times=() cpus=() t
  shift
  for ((r = 0; r < runs; r++)); do
    printf '%s\n' "$pass" | TZ=Europe/London /usr/bin/time -o "$data/time.txt" -f '%e %M %U %S' \
      "$cli" --diary "$diary" --passphrase-fd 0 "$@" >/dev/null 2>&1
    read -r t RSS u s < <(tail -1 "$data/time.txt")
    times+=("$t")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
  done
  read -r MIN MED MAX < <(printf '%s\n' "${times[@]}" | sort -g | awk '
    { v[NR] = $1 } END { print v[1], v[int((NR + 1) / 2)], v[NR] }')
  CPU=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
}

minus () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

row () { # label, target
  printf '%-38s %6.2f s  (min %.2f, max %.2f; %s)\n' "$1" "$MED" "$MIN" "$MAX" "$2"
}

echo "Daybook at scale: $n entries made in America/New_York, listed in Europe/London"

measure "$big" list --from 2100-01-01
unlock=$MED
unlock_cpu=$CPU
row "unlock: key derivation + open" "the floor of every figure below"
echo "CLI peak RSS                            $((RSS / 1024)) MiB  (Argon2id's 256 MiB, unmapped by libsodium once derived)"

measure "$big" list
row "list $n" "target < 0.5 s beyond unlock"
printf '%-38s %6.2f s\n' "  beyond unlock" "$(minus "$MED" "$unlock")"

measure "$big" search station
row "search a word in $n" "beyond unlock: $(minus "$MED" "$unlock") s"

measure "$big" verify
row "verify $n (chain, revisions)" "target < 1.5 s beyond unlock"
printf '%-38s %6.2f s\n' "  beyond unlock" "$(minus "$MED" "$unlock")"
printf '%-38s %6.2f s  (both cores: the structure check runs beside the chain)\n' \
  "  CPU beyond unlock" "$(minus "$CPU" "$unlock_cpu")"

measure "$ev" list --from 2100-01-01
ev_unlock=$MED
ev_unlock_cpu=$CPU
measure "$ev" verify
row "verify 1 GiB of evidence" "target: openssl dgst on the same bytes"
printf '%-38s %6.2f s\n' "  beyond unlock" "$(minus "$MED" "$ev_unlock")"
printf '%-38s %6.2f s\n' "  CPU beyond unlock" "$(minus "$CPU" "$ev_unlock_cpu")"
/usr/bin/time -o "$data/time.txt" -f '%e %U %S' \
  sh -c "cat '$data'/evidence-files/file-*.bin | openssl dgst -sha256 >/dev/null"
read -r ref u s < <(tail -1 "$data/time.txt")
printf '%-38s %6.2f s  (reference, one core; CPU %.2f s)\n' "  openssl dgst -sha256, same bytes" \
  "$ref" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"

echo
"$build/tests/bench-disk" "$small" "$pass"
echo

# Each report is written over the last (--force): without it every run
# after the first would stop at "already exists" and time nothing.
out=$data/report.pdf
measure "$small" list --from 2100-01-01
small_unlock=$MED
small_unlock_cpu=$CPU
measure "$small" report --force -o "$out"
row "report 10000" "target < 4 s"
printf '%-38s %6.2f s\n' "  beyond unlock" "$(minus "$MED" "$small_unlock")"
printf '%-38s %6.2f s  (median, all threads; the steadier figure on a shared machine)\n' \
  "  CPU beyond unlock" "$(minus "$CPU" "$small_unlock_cpu")"
saved_runs=$runs
runs=$report_runs
measure "$big" report --force -o "$out"
runs=$saved_runs
row "report $n" "target < 40 s; $report_runs run(s), BENCH_REPORT_RUNS"
printf '%-38s %6.2f s\n' "  beyond unlock" "$(minus "$MED" "$unlock")"
printf '%-38s %6.2f s  (median, all threads)\n' "  CPU beyond unlock" "$(minus "$CPU" "$unlock_cpu")"
echo "report peak RSS                         $((RSS / 1024)) MiB  (Argon2id's 256 MiB included, so this hides the report's own peak when under it)"
rm -f "$out"
# The report's own peak, beyond what the process held once the diary was
# open (so without the key derivation): one report of each, in process.
echo "report memory beyond opening the diary (target < 100 MiB):"
BENCH_REPORT_RUNS=1 "$build/tests/report/bench-report" "$small" "$pass" | sed 's/^/  /'
BENCH_REPORT_RUNS=1 "$build/tests/report/bench-report" "$big" "$pass" | sed 's/^/  /'
