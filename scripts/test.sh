#!/usr/bin/env bash
# The test command (README "Test"): builds everything, then runs every test suite.
# It installs nothing; .ci/run installs the system packages first. What the tests need is started here (a
# throwaway PostgreSQL on loopback, scripts/throwaway-postgres.sh), so that this one command does everything.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> swift format lint --strict (scripts/format.sh fixes what it reports)"
swift format lint --strict --recursive --parallel Sources Tests Package.swift

jobs="${GOLIVE_BUILD_JOBS:-2}"
echo "==> swift build --build-tests (warnings are errors for golive's own targets)"
swift build --build-tests -j "$jobs"

# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
start_throwaway_postgres

echo "==> swift test"
# Swift Testing runs tests in parallel; every test uses its own ports, folders and stores (and its own
# PostgreSQL database on the throwaway cluster). Not `exec`: the cluster is stopped when this script exits.
swift test --skip-build "$@"
