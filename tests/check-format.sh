#!/usr/bin/env bash
# check-format.sh — every C file of the tree as .clang-format says (TAP).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-format.sh SOURCE_ROOT
#
# Fix a file with `clang-format -i FILE`.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 1

if ! command -v clang-format >/dev/null; then
  echo "Bail out! clang-format is missing: run tools/install-deps"
  exit 1
fi

mapfile -t files < <(find app ui tests -name '*.[ch]' -not -path 'tests/fuzz/corpus/*' -not -path 'tests/data/*' | LC_ALL=C sort)
n=0
bad=0
for f in "${files[@]}"; do
  n=$((n + 1))
  if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "ok $n - $f"
  else
    echo "not ok $n - $f is not formatted: run clang-format -i $f"
    bad=$((bad + 1))
  fi
done
echo "1..$n"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
