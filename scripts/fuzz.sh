#!/usr/bin/env bash
# Fuzzes each Jazzer target of hatch-core for its @FuzzTest maxDuration (10 s each, about a
# minute in all with JVM start-ups). A plain `mvn verify` runs only the seed corpora
# (src/test/resources/**/*FuzzTestInputs/) as tests. For a long run, raise maxDuration locally
# (e.g. "30m") or run this script in a loop. Findings are written next to the seeds as crash-*
# files: commit them, they become regression inputs.
#   scripts/fuzz.sh                  # every target
#   scripts/fuzz.sh ParsingFuzzTest  # the targets whose name contains the argument
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
targets=(
  "dev.hatch.ConfigurationFuzzTest#propertiesOnlyFailWithConfigException"
  "dev.hatch.internal.http.ParsingFuzzTest#queryStringOnlyFailsWithBadRequest"
  "dev.hatch.internal.http.ParsingFuzzTest#routerNeverBindsTraversal"
  "dev.hatch.internal.http.ParsingFuzzTest#jsonOnlyFailsWithBadRequest"
  "dev.hatch.internal.security.HeaderFuzzTest#onlyTheExactTokenAuthenticates"
)
for t in "${targets[@]}"; do
  [[ -n "$filter" && "$t" != *"$filter"* ]] && continue
  echo "== fuzzing $t"
  # Jazzer fuzzes one @FuzzTest per JVM.
  JAZZER_FUZZ=1 mvn -B -q -o test -pl hatch-core -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true
done
