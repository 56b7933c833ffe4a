#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds everything (the benchmarks too) and runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift build --package-path Benchmarks
# The module tests run in parallel. The end-to-end tests of the command line (RunPipelineTests) run one at a time,
# in a test process of their own: each waits synchronously on the subprocesses it starts, and several at once
# would hold every thread of the Swift concurrency pool that the engine's async tests (snapshot coordinator)
# need, and crowd 2 cores with pipelines that are meant to make progress.
swift test --skip-build --skip RunPipelineTests
swift test --skip-build --filter RunPipelineTests --no-parallel
