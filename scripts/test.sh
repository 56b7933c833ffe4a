#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds everything (the benchmarks too) and runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build --build-tests
swift build --package-path Benchmarks
# Three test processes. Swift Testing runs a process's tests on one concurrency pool of a thread per core, and a
# synchronous test holds its thread until it ends:
# - the module tests whose waits are asynchronous (the engine's snapshot coordinator needs the pool) run in
#   parallel on their own;
# - the Kafka client's tests, synchronous calls into librdkafka all of them, run beside each other in a second
#   process, so their waits never starve the first one's;
# - the end-to-end tests of the command line run one at a time in a third: each waits on the subprocesses it
#   starts, and several at once would crowd 2 cores with pipelines that are meant to make progress.
swift test --skip-build --skip RunPipelineTests --skip SlipstreamKafkaTests
swift test --skip-build --filter SlipstreamKafkaTests
swift test --skip-build --filter RunPipelineTests --no-parallel
