#!/usr/bin/env bash
# Installs the system packages Slipstream builds and tests with, when they are missing.
# Debian/Ubuntu: librdkafka-dev (Kafka client and its mock cluster), kcat (interop tests and benchmarks),
# libsimdjson-dev (the JSON fast path) and pkg-config. Needs root or sudo for apt-get.
set -euo pipefail
need=()
dpkg -s librdkafka-dev >/dev/null 2>&1 || need+=(librdkafka-dev)
dpkg -s libsimdjson-dev >/dev/null 2>&1 || need+=(libsimdjson-dev)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
