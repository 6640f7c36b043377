#!/usr/bin/env bash
# Fuzzes each Jazzer target of hatch-core for a while (default 10 minutes each).
# A plain `mvn verify` runs only the seed corpora (src/test/resources/**/*Inputs/) as tests.
# Findings are written next to the seeds as crash-* files: commit them as regression inputs.
#   scripts/fuzz.sh            # every target, 10m each
#   scripts/fuzz.sh 20s        # every target, 20 s each (the short run)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10m}"
targets=(
  "dev.hatch.ConfigurationFuzzTest#propertiesOnlyFailWithConfigException"
  "dev.hatch.http.ParsingFuzzTest#queryStringOnlyFailsWithBadRequest"
  "dev.hatch.http.ParsingFuzzTest#routerNeverBindsTraversal"
  "dev.hatch.http.ParsingFuzzTest#jsonOnlyFailsWithBadRequest"
  "dev.hatch.security.HeaderFuzzTest#onlyTheExactTokenAuthenticates"
)
for t in "${targets[@]}"; do
  echo "== fuzzing $t for $duration"
  # Jazzer fuzzes one @FuzzTest per JVM; its maxDuration is overridden by jazzer.max_duration.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" mvn -B -q -o test -pl hatch-core -Dtest="$t" -Djazzer.max_duration="$duration" \
    -Dsurefire.failIfNoSpecifiedTests=false
done
