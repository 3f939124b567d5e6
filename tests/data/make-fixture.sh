#!/usr/bin/env bash
# Makes one fixture diary with the daybook-cli of an earlier version, and
# dumps what that version itself says the diary holds.
#
#   tests/data/make-fixture.sh CLI OUTDIR SCHEMA
#
# CLI is the old daybook-cli, OUTDIR a new folder (e.g. tests/data/schema-2),
# SCHEMA the schema version that CLI writes (1, 2, 3 …): it decides which
# commands exist. The passphrase is in README.md. Times are fixed and the
# zone is set, so the entries are the same on every run; the recorded-at
# times, ids and keys are not.
set -euo pipefail

cli=$(realpath "$1")
out=$2
schema=$3
here=$(cd "$(dirname "$0")" && pwd)
pass="correct horse fixture staple"

[ ! -e "$out" ] || { echo "$out exists" >&2; exit 1; }
mkdir -p "$out/expected"
out=$(realpath "$out")
diary=$out/diary
export TZ=Europe/London LC_ALL=C.UTF-8

run () { "$cli" --diary "$diary" --passphrase-fd 3 "$@" 3<<<"$pass"; }

run init --json > /dev/null
run case --name "Alex Example" --initials AE --case-ref "CASE-0042" \
  --crime-ref "CR/12345/26" --police-force "Example Constabulary" \
  --orders "Non-molestation order, 2 Feb 2026: no contact" \
  --advocate "J. Advocate, Example ISAC" > /dev/null
run add --when 2026-02-14T08:30 --title "Flowers left at the door" \
  --location "Home" --type gift --person "Mark Stone:suspect" \
  --text "A bunch of roses on the doorstep with a card: 'Always yours'." \
  --impact "I could not sleep." --distress > /dev/null
run add --when 2026-03-01T21:40 --end 2026-03-01T22:05 --title "Followed home" \
  --location "High Street to Elm Road" --type following --type watching \
  --person "Mark Stone:suspect" --person "Priya Shah:witness" \
  --text "He walked 20 m behind me from the bus stop to my door." \
  --fear --distress --reported --police-ref "CR/12345/26" --officer "PC 1234" \
  --police-date 2026-03-02 --notes "New address: 12 Elm Road" > /dev/null
run add --when 2026-03-10 --precision day --title "Messages from a new number" \
  --type contact --person "Mark Stone:suspect" \
  --text "Eleven texts in one evening from a number I did not know." > /dev/null
TZ=America/New_York run add --when 2026-06-20T14:00 --precision approximate \
  --title "Seen outside the office (abroad)" --location "Lexington Ave, New York" \
  --type watching --text "Across the road, about two in the afternoon." > /dev/null
run add --when 2026-04-02T19:15 --title "Private: call to my sister" \
  --text "Talked it through with my sister." --private > /dev/null
# An edit (the old address stays in the history) and a delete.
run edit 2 --notes "Moved; the new address is not written here." > /dev/null
run edit 3 --title "Eleven messages from a new number" > /dev/null
run delete 5 > /dev/null

if [ "$schema" -ge 2 ]; then
  run attach 2 "$here/inputs/photo.jpg" > /dev/null
  run attach 3 "$here/inputs/note.txt" > /dev/null
fi

if [ "$schema" -ge 5 ]; then
  # Imported messages (their own search index from schema 5), one cited by
  # entry 2; what searching finds, in entries and in messages.
  run import --format whatsapp --date-order dmy --time-zone Europe/London --me Jo \
    --entry 2 "$here/import/whatsapp-ios-dmy.txt" > /dev/null
  run messages --json > "$out/expected/messages.json"
  run messages --search stop --json > "$out/expected/messages-search-stop.json"
  run search roses --json > "$out/expected/search-roses.json"
  run search "bus stop" --json > "$out/expected/search-bus-stop.json"
  run search Priya --json > "$out/expected/search-priya.json"
  run search "PC 1234" --json > "$out/expected/search-pc-1234.json"
  # Words only a deleted entry and an edited-away note held.
  run search sister --json > "$out/expected/search-sister.json"
  run search 12 --json > "$out/expected/search-12.json"
fi
# What this version says the diary holds.
run list --json > "$out/expected/list.json"
for n in 1 2 3 4; do
  run show "$n" --json --history > "$out/expected/show-$n.json"
done
# Older versions cannot show a deleted entry; those that can say so.
run show 5 --json --history > "$out/expected/show-5.json" 2>/dev/null \
  || rm -f "$out/expected/show-5.json"
run people --json > "$out/expected/people.json"
run case --json > "$out/expected/case.json"
run verify > "$out/expected/verify.txt"
if [ "$schema" -ge 2 ]; then
  run attachments --json > "$out/expected/attachments.json"
  for id in 1 2; do
    run export-attachment "$id" "$out/attachment-$id.tmp" > /dev/null
    sha256sum < "$out/attachment-$id.tmp" | cut -d' ' -f1 > "$out/expected/attachment-$id.sha256"
    rm -f "$out/attachment-$id.tmp"
  done
fi
if [ "$schema" -ge 3 ]; then
  run backup "$out/backup.dbk" > /dev/null
  run bundle --type following --json "$out/bundle" > "$out/expected/bundle.json"
  bpass=$(sed -n 's/.*"passphrase" : "\(.*\)".*/\1/p' "$out/expected/bundle.json")
  brun () { "$cli" --diary "$out/bundle" --passphrase-fd 3 "$@" 3<<<"$bpass"; }
  brun list --json > "$out/expected/bundle-list.json"
  brun show 2 --json --history > "$out/expected/bundle-show-2.json"
  brun verify > "$out/expected/bundle-verify.txt"
  brun export-attachment 1 "$out/attachment-b.tmp" > /dev/null
  sha256sum < "$out/attachment-b.tmp" | cut -d' ' -f1 > "$out/expected/bundle-attachment-1.sha256"
  rm -f "$out/attachment-b.tmp"
fi
if [ "$schema" -ge 4 ]; then
  # The register of what left the diary: the backup and bundle above, and a
  # report.
  run report -o "$out/report.tmp.pdf" > /dev/null
  rm -f "$out/report.tmp.pdf"
  run reports --json > "$out/expected/reports.json"
fi
echo "made $out"
