#!/usr/bin/env bash
# Runs the Slipstream demo on an embedded Kafka cluster: installs what is missing, builds, runs `run-pipeline demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product run-pipeline
exec .build/release/run-pipeline demo "$@"
