#!/usr/bin/env bash
# The test command (README "Test"): builds everything, then runs every test suite.
# It installs nothing; .ci/run installs the system packages first. Later suites that need services
# (a throwaway PostgreSQL on loopback) are started here, so that this one command does everything.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> swift format lint --strict (scripts/format.sh fixes what it reports)"
swift format lint --strict --recursive --parallel Sources Tests Package.swift

jobs="${GOLIVE_BUILD_JOBS:-2}"
echo "==> swift build --build-tests (warnings are errors for golive's own targets)"
swift build --build-tests -j "$jobs"

echo "==> swift test"
# Swift Testing runs tests in parallel; every test uses its own ports, folders and stores.
swift test --skip-build "$@"
