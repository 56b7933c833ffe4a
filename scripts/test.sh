#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds everything (the benchmarks too) and runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift build --package-path Benchmarks
swift test --skip-build
