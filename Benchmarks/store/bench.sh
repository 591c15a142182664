#!/usr/bin/env bash
# golive store backup / purge on a store with N notifications (issue 11, "Data"). Not part of CI.
#   Benchmarks/store/bench.sh [N=200000] [GOLIVE=.build/release/golive]
# Anchor: sqlite3's own `.backup` of the same file (the same sqlite3_backup API, no checks, no fsync/rename).
set -euo pipefail
n="${1:-200000}"
golive="${GOLIVE:-.build/release/golive}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
store="$dir/golive.sqlite"
export HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
"$golive" store migrate --store "sqlite:$store" >/dev/null
now=$(date +%s)
# Half the rows 200 days old (processed: scrubbed, then deleted), a quarter 60 days (scrubbed), the rest recent.
sqlite3 "$store" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < $n)
INSERT INTO notification (notification_id, kind, topic, action, data_id, live_mode, seller, signature, received_at,
  body, duplicate, processing)
SELECT 'n-' || x, 'webhook', 'payment', 'payment.updated', 1300000000 + x, 1, 'default', 'valid',
  $now - CASE WHEN x % 4 < 2 THEN 200 WHEN x % 4 = 2 THEN 60 ELSE 1 END * 86400,
  '{"id":"n-' || x || '","type":"payment","data":{"id":"' || (1300000000 + x) || '"},"payer":{"email":"p' || x || '@example.com"}}',
  0, 'done'
FROM i;
SQL
size=$(du -h "$store" | cut -f1)
t0=$(date +%s.%N); sqlite3 "$store" ".backup '$dir/anchor.sqlite'"; t1=$(date +%s.%N)
anchor=$(echo "$t1 - $t0" | bc)
t0=$(date +%s.%N); "$golive" store backup "$dir/backup.sqlite" --store "sqlite:$store" >/dev/null; t1=$(date +%s.%N)
backup=$(echo "$t1 - $t0" | bc)
t0=$(date +%s.%N); "$golive" store purge --older-than 30 --delete-after 180 --store "sqlite:$store" --json >"$dir/purge.json"; t1=$(date +%s.%N)
purge=$(echo "$t1 - $t0" | bc)
echo "rows=$n store=$size"
echo "anchor sqlite3 .backup: ${anchor}s"
printf 'golive store backup: %ss (%.2fx the anchor; includes integrity_check, fsync, rename, row counts)\n' "$backup" "$(echo "$backup / $anchor" | bc -l)"
echo "golive store purge (scrub $((n / 4)), delete $((n / 2))): ${purge}s"
python3 -c "import json,sys; d=json.load(open('$dir/purge.json')); print([(t['name'],t['scrubbed'],t['deleted']) for t in d['tables'] if t['scrubbed'] or t['deleted']])"
