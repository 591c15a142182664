#!/usr/bin/env bash
# All-sellers benchmark (issue 10): `golive check --all-sellers` over N sellers (4 at a time) against the anchor
# an agency had before — one `golive check --seller NAME` per seller, one after the other — in the same run,
# against the same Sandbox with a latency fault on every Mercado Pago request (an API over the internet: 50–300 ms
# round trips, DESIGN.md), each run a real process (start-up included), each seller's results recorded in one
# SQLite store.
#
#   Benchmarks/all-sellers.sh [SELLERS] [LATENCY_MS]      default: 12 100
#   GOLIVE_BIN=.build/release/golive Benchmarks/all-sellers.sh
# Needs: a built golive (GOLIVE_BIN, else .build/release/golive, else .build/debug/golive), curl, python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
sellers="${1:-12}"
latency="${2:-100}"
bin="${GOLIVE_BIN:-}"
if [ -z "$bin" ]; then
  for candidate in "$root/.build/release/golive" "$root/.build/debug/golive"; do
    [ -x "$candidate" ] && bin="$candidate" && break
  done
fi
[ -x "$bin" ] || { echo "no golive binary: build it or set GOLIVE_BIN" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/golive-allsellers-bench.XXXXXX")"
sandbox_pid=""
cleanup() { [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" sandbox --listen 127.0.0.1:0 >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/sandbox.log" 2>/dev/null && break; sleep 0.1; done
api="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sandbox.log" | head -1)"
# Every Mercado Pago request answers after LATENCY_MS (the fault's prefix "/" matches every API path).
curl -fsS -X POST "$api/_sandbox/faults" -H 'content-type: application/json' \
  -d "{\"path\": \"/\", \"kind\": \"latency\", \"latency_ms\": $latency, \"times\": 10000}" >/dev/null

# The Sandbox's four accounts' tokens, cycled over the sellers (owner-only files, as golive demands).
mapfile -t tokens < <(grep -o 'MP_ACCESS_TOKEN=[^ ]*' "$work/sandbox.log" | cut -d= -f2)
umask 077
{
  echo "sellers:"
  for i in $(seq 1 "$sellers"); do
    printf '%s' "${tokens[$(( (i - 1) % ${#tokens[@]} ))]}" >"$work/seller-$i.token"
    printf '  - name: seller-%02d\n    access_token_file: seller-%d.token\n' "$i" "$i"
  done
} >"$work/config.yaml"
options=(--config "$work/config.yaml" --api-base "$api" --store "sqlite:$work/golive.sqlite")
"$bin" check --seller seller-01 --json "${options[@]}" >/dev/null 2>&1 || true  # creates the store (not timed)

now() { python3 -c 'import time; print(time.monotonic())'; }
start="$(now)"
for i in $(seq 1 "$sellers"); do
  "$bin" check --seller "$(printf 'seller-%02d' "$i")" --json "${options[@]}" >/dev/null 2>&1 || true
done
anchor="$(python3 -c "print(round($(now) - $start, 2))")"

start="$(now)"
"$bin" check --all-sellers --json "${options[@]}" >"$work/all.json" 2>/dev/null || true
measured="$(python3 -c "print(round($(now) - $start, 2))")"
checked="$(python3 -c "import json; d=json.load(open('$work/all.json')); print(d['summary']['sellers'])")"

python3 - "$sellers" "$latency" "$anchor" "$measured" "$checked" <<'EOF'
import sys
sellers, latency, anchor, measured, checked = sys.argv[1:]
print(f"sellers {sellers}, API latency {latency} ms per request")
print(f"anchor   {sellers} x `golive check --seller NAME` one after the other: {float(anchor):.2f} s")
print(f"measured `golive check --all-sellers` ({checked} sellers reported, 4 at a time): {float(measured):.2f} s")
print(f"ratio    {float(anchor) / float(measured):.1f}x faster ({float(measured) / float(anchor):.2f} of the anchor)")
EOF
