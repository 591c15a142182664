#!/usr/bin/env bash
# Reports benchmark (issue 6): golive's streaming parser summing a generated release report of 100 MB and 1 GB,
# end to end to the balance, with peak RSS as /usr/bin/time -v reports it, against pandas (read_csv in chunks +
# group-by) on the same file in the same run. Files are generated here, in a temporary folder, never committed.
#
#   Benchmarks/reports.sh [SIZES_MB...]      default: 100 1000
#   GOLIVE_BIN=.build/release/golive Benchmarks/reports.sh   also times the real binary:
#                                             `golive report balance --json --file F` (process start included)
# Needs: the Swift toolchain, python3 with venv, /usr/bin/time (apt: time), PyPI for pandas.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
sizes=("${@:-100}")
[ $# -eq 0 ] && sizes=(100 1000)
work="$(mktemp -d "${TMPDIR:-/tmp}/golive-reports-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

scratch="$root/.build-reports-bench"
(cd "$here/ReportsBenchmark" && swift build -c release --scratch-path "$scratch" >&2)
bench="$scratch/release/report-bench"
bin_line=""

venv="${GOLIVE_BENCH_VENV:-$root/.build-bench-venv}"
if ! "$venv/bin/python" -c "import pandas" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q pandas >&2
fi
pandas_version="$("$venv/bin/python" -c 'import pandas; print(pandas.__version__)')"

# Runs a command under /usr/bin/time -v; prints its stdout's JSON line and the peak RSS in MiB.
measure() {
  local out="$work/out" err="$work/err"
  /usr/bin/time -v "$@" >"$out" 2>"$err"
  local rss_kb
  rss_kb="$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$err")"
  printf '%s %s\n' "$((rss_kb / 1024))" "$(tail -1 "$out")"
}

field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); pandas $pandas_version"
printf '%-8s %-10s %-10s %-9s %-10s %-10s %-9s %-7s %-10s %-7s %s\n' size golive_s golive_MBs rss_MiB \
  pandas_s pandas_MBs rss_MiB ratio usecols_s ratio totals
for mb in "${sizes[@]}"; do
  file="$work/release-$mb.csv"
  expected="$("$bench" generate "$file" "$mb")"
  cat "$file" >/dev/null  # warm the page cache for both readers alike
  best=""
  for _ in 1 2; do
    read -r rss json < <(measure "$bench" sum "$file")
    if [ -z "$best" ] || python3 -c "import json,sys; sys.exit(0 if json.loads(sys.argv[1])['seconds'] < json.loads(sys.argv[2])['seconds'] else 1)" "$json" "$best"; then
      best="$json"; best_rss="$rss"
    fi
  done
  read -r prss pjson < <(measure "$venv/bin/python" "$here/reports_pandas.py" "$file")
  read -r _ ujson < <(measure "$venv/bin/python" "$here/reports_pandas.py" "$file" usecols)
  ok="exact"
  for key in credits debits final; do
    [ "$(field "$best" "$key")" = "$(field "$expected" "$key")" ] || ok="MISMATCH($key)"
  done
  [ "$(field "$best" cross_check)" = "True" ] || ok="$ok,cross-check-failed"
  [ "$(field "$pjson" credits)" = "$(field "$expected" credits)" ] || ok="$ok,pandas-credits-differ"
  if [ -n "${GOLIVE_BIN:-}" ]; then
    /usr/bin/time -v "$GOLIVE_BIN" report balance --json --file "$file" >"$work/bin.json" 2>"$work/bin.err"
    bin_s="$(awk '/Elapsed \(wall clock\)/ {split($NF, t, ":"); print t[1] * 60 + t[2]}' "$work/bin.err")"
    bin_rss="$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print int($2 / 1024)}' "$work/bin.err")"
    bin_final="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['final_available_balance'])" "$work/bin.json")"
    [ "$bin_final" = "$(field "$expected" final)" ] && bin_ok="exact" || bin_ok="MISMATCH"
    bin_line="$bin_line$(printf '%-8s golive binary: %ss (%s MB/s), peak RSS %s MiB, final balance %s' "${mb}MB" "$bin_s" \
      "$(python3 -c "import sys; print(round(int(sys.argv[2]) / 1e6 / float(sys.argv[1]), 1))" "$bin_s" "$(stat -c %s "$file")")" "$bin_rss" "$bin_ok")"$'\n'
  fi
  ratio="$(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.1f}x')" "$(field "$best" seconds)" "$(field "$pjson" seconds)")"
  uratio="$(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.1f}x')" "$(field "$best" seconds)" "$(field "$ujson" seconds)")"
  printf '%-8s %-10s %-10s %-9s %-10s %-10s %-9s %-7s %-10s %-7s %s\n' "${mb}MB" "$(field "$best" seconds)" \
    "$(field "$best" mb_per_s)" "$best_rss" "$(field "$pjson" seconds)" "$(field "$pjson" mb_per_s)" "$prss" "$ratio" \
    "$(field "$ujson" seconds)" "$uratio" "$ok"
  rm -f "$file"
done
[ -n "${bin_line:-}" ] && printf '%s' "$bin_line"
