#!/usr/bin/env bash
# The long crash test: runs `account-activity` exactly-once against an embedded Kafka while events arrive,
# kills it with SIGKILL at random moments many times (restarting it each time), stops it gracefully, and checks
# that the committed output holds exactly one result per event, each equal to what an uninterrupted run
# computes, and that the model learnt every event exactly once. It is the suite's crash test at a larger scale.
#
# Usage: scripts/crash-test.sh [EVENTS] [KILLS] [SEED]     (defaults: 30000 events, 25 kills, a random seed)
# Prints the runs, kills and results checked; exits non-zero when exactly-once does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-30000}"
kills="${2:-25}"
seed="${3:-$RANDOM$RANDOM}"

swift build --build-tests >/dev/null
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
SLIPSTREAM_CRASH_EVENTS="$events" SLIPSTREAM_CRASH_KILLS="$kills" SLIPSTREAM_CRASH_SEED="$seed" \
    swift test --skip-build --filter 'ExactlyOnceCrashTests/killsAtRandomMoments' >"$log" 2>&1 || status=$?

grep -E '^crash test:' "$log" || true
if [ "$status" -ne 0 ]; then
    grep -E 'recorded an issue|↳' "$log" | head -40 || true
    echo "crash test FAILED (seed $seed; repeat with: scripts/crash-test.sh $events $kills $seed)"
    exit 1
fi
echo "crash test passed: $events events, $kills kill -9, seed $seed"
