#!/usr/bin/env bash
# Measures how long `hatch status` takes against a live endpoint: wall time and CPU time
# (user + system, which a busy machine inflates less), median of 5 runs after one warm-up, for
# `java -jar hatch.jar` and for bin/hatch (with its class-data-sharing archive).
# usage: scripts/cli-startup.sh URL TOKEN_FILE [JAVA_HOME...]
set -euo pipefail
url="$1"; token="$2"; shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${HATCH_JAR:-$root/hatch-cli/target/hatch.jar}"
homes=("$@")
[ ${#homes[@]} -eq 0 ] && homes=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")

median() { sort -n | sed -n 3p; }
measure() { # prints "WALL_MS CPU_MS" medians of 5 runs of "$@"
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  local walls=() cpus=()
  for _ in 1 2 3 4 5; do
    local out f
    f="$(mktemp)"
    /usr/bin/time -o "$f" -f '%e %U %S' "$@" >/dev/null 2>&1
    out="$(tail -1 "$f")"
    rm -f "$f"
    walls+=("$(awk '{printf "%d", $1*1000}' <<<"$out")")
    cpus+=("$(awk '{printf "%d", ($2+$3)*1000}' <<<"$out")")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median)"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for home in "${homes[@]}"; do
  v="$("$home/bin/java" -version 2>&1 | head -1)"
  read -r w c < <(measure "$home/bin/java" -jar "$jar" --url "$url" --token-file "$token" status)
  echo "$v  java -jar hatch.jar status: wall ${w} ms, cpu ${c} ms"
  read -r w c < <(JAVA_HOME="$home" measure "$root/bin/hatch" --url "$url" --token-file "$token" status)
  echo "$v  bin/hatch status:           wall ${w} ms, cpu ${c} ms"
done
