#!/usr/bin/env bash
# Runs Hatch's JMH microbenchmarks (hatch-bench, docs/performance.md) with the GC profiler and
# writes the results to hatch-bench/target/jmh-result.{json,txt}. About 4 minutes on 2 cores.
# Builds target/benchmarks.jar first if it is missing or older than the sources.
# Usage: scripts/bench-jmh.sh [JMH options, e.g. a benchmark regex or -f 1]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=hatch-bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find hatch-bench/src/main hatch-core/src/main hatch-bench/pom.xml hatch-core/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "bench-jmh: building $jar"
  ./mvnw -B -q -pl hatch-core,hatch-bench -am package -DskipTests
fi
out=hatch-bench/target
# 2 forks x (3 x 1 s warm-up + 5 x 1 s measured) for each of the 10 benchmarks.
java -jar "$jar" -f 2 -wi 3 -w 1s -i 5 -r 1s -prof gc \
  -rf json -rff "$out/jmh-result.json" "$@" 2>&1 | tee "$out/jmh-result.txt"
echo "bench-jmh: results in $out/jmh-result.json and $out/jmh-result.txt"
