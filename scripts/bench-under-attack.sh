#!/usr/bin/env bash
# Runs the "under attack" benchmark (docs/performance.md): a valid client on 127.0.0.1 while
# 127.0.0.2 floods the port, then while 10,668 addresses 127.10.x.y send wrong tokens (lockout
# exhaustion), then while low-scope principals hold slow bodies and downloads (slot starvation).
# About 4 x (seconds + 2) s; loopback only. Usage: scripts/bench-under-attack.sh [seconds per phase] [attacker threads] [no-rate-limits]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile -pl hatch-core
deps="$(mktemp)"
trap 'rm -f "$deps"' EXIT
# Offline first; the dependency plugin itself may not be in the local repository yet.
mvn -B -q -o dependency:build-classpath -pl hatch-core -Dmdep.includeScope=test -Dmdep.outputFile="$deps" \
  || mvn -B -q dependency:build-classpath -pl hatch-core -Dmdep.includeScope=test -Dmdep.outputFile="$deps"
cp="hatch-core/target/test-classes:hatch-core/target/classes:$(cat "$deps")"
java -cp "$cp" dev.hatch.bench.UnderAttackBenchmark "${1:-10}" "${2:-4}" "${3:-}"
