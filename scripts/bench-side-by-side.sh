#!/usr/bin/env bash
# Hatch side by side with its peers (Jolokia's JVM agent, Spring Boot Actuator + Spring Security,
# jcmd/jstack), in one run, medians over several runs. See docs/performance.md (side by side).
#
#   scripts/bench-side-by-side.sh            full run: 1 GB heap, 10,000 threads, 5 runs (< 30 min)
#   scripts/bench-side-by-side.sh --quick    smoke run: 100 MB, 1,000 threads, 1 run (~3 min)
#   options (after --quick, if given): --runs N (cheap measurements), --heavy-runs N (heap dumps),
#   --only 1,2,3,4,5 (sections), --ballast-mb N, --threads N, --wrk-seconds N, --no-pin (section 2:
#   wrk and the server share the cores instead of one each)
#
# Installs what it lacks (wrk from Debian; the Jolokia agent and the Spring Boot application's
# dependencies from Maven Central), builds the Hatch agent if missing, and writes
# target/bench-side-by-side/{results.md,results.json,raw.csv}. Loopback only; every child
# process has a lifetime of its own and is killed on exit; dump files are deleted once measured.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE=full RUNS=5 HEAVY_RUNS=3 BALLAST_MB=1024 THREADS=10000 WRK_SECONDS=5 WRK_WARM_SECONDS=10 OVERHEAD_SECONDS=15 WARMUP_SECONDS=5
ONLY=1,2,3,4,5 PIN=1
while (($#)); do
  case $1 in
    --quick) MODE=quick RUNS=1 HEAVY_RUNS=1 BALLAST_MB=100 THREADS=1000 WRK_SECONDS=2 WRK_WARM_SECONDS=1 OVERHEAD_SECONDS=3 WARMUP_SECONDS=2 ;;
    --runs) RUNS=$2; shift ;;
    --heavy-runs) HEAVY_RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --ballast-mb) BALLAST_MB=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --wrk-seconds) WRK_SECONDS=$2; shift ;;
    --no-pin) PIN=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-8}
# Section 2 reads the server's CPU per request while wrk loads it. Sharing two cores, the two
# compete and the figure moves with the scheduler (a refusal row once read 1.08 x an answer in a
# run where the same path with another header read 0.79); on a core each, it is the server's own.
SERVER_PIN=() CLIENT_PIN=()
if ((PIN)) && command -v taskset >/dev/null && (($(nproc) >= 2)); then
  SERVER_PIN=(taskset -c 1) CLIENT_PIN=(taskset -c 0)
fi
JOLOKIA_VERSION=${JOLOKIA_VERSION:-2.4.2}
JAVA=${JAVA:-java}

OUT=$ROOT/target/bench-side-by-side
WORK=$OUT/work
DUMPS=$WORK/dumps
RAW=$OUT/raw.csv
rm -rf "$WORK" && mkdir -p "$WORK/classes" "$DUMPS" "$WORK/hatch-dumps" "$OUT/lib"
echo "section,subject,metric,run,value" >"$RAW"
STARTED=$SECONDS

say() { printf '[%4ds] %s\n' $((SECONDS - STARTED)) "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
record() { echo "$1,$2,$3,$4,$5" >>"$RAW"; }

# ---------------------------------------------------------------- child processes
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$DUMPS" "$WORK/hatch-dumps"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# spawn NAME CMD...: runs CMD in the background with stdout/stderr in $WORK/NAME.{out,err}; sets PID
spawn() {
  local name=$1; shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PID=$!
  PIDS+=("$PID")
}
stop() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# wait_for NAME REGEX SECONDS PID: waits until $WORK/NAME.out or .err has a match of REGEX; prints it
wait_for() {
  local name=$1 regex=$2 limit=$3 pid=$4 deadline=$((SECONDS + $3)) hit
  while :; do
    hit=$(cat "$WORK/$name.out" "$WORK/$name.err" 2>/dev/null | grep -oE "$regex" | head -1 || true)
    [[ -n $hit ]] && { echo "$hit"; return 0; }
    kill -0 "$pid" 2>/dev/null || die "process $pid ended before printing /$regex/ (see $WORK/$name.out and .err)"
    ((SECONDS < deadline)) || die "no /$regex/ from $name after ${limit}s"
    sleep 0.01
  done
}
# status URL [CURL ARGS]: the HTTP status code of one GET
status() { local url=$1; shift; curl -s -o /dev/null -m 10 -w '%{http_code}' "$@" "$url" || true; }
# wait_status URL CODE SECONDS PID [CURL ARGS]
wait_status() {
  local url=$1 code=$2 deadline=$((SECONDS + $3)) pid=$4; shift 4
  until [[ $(status "$url" "$@") == "$code" ]]; do
    kill -0 "$pid" 2>/dev/null || die "process $pid ended while waiting for $url"
    ((SECONDS < deadline)) || die "$url did not answer $code"
    sleep 0.01
  done
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
# pause_ms LOG FROM_BYTE: the longest safepoint (GC or VM operation) logged after FROM_BYTE
pause_ms() {
  tail -c +$(($2 + 1)) "$1" | grep -oE 'Total: [0-9]+ ns' | awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1e6 }'
}
size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- what it needs
need_tools() {
  if ! command -v wrk >/dev/null; then
    say "installing wrk (Debian package)"
    if ! apt-get install -y -q wrk >"$WORK/apt.log" 2>&1; then
      apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q wrk >>"$WORK/apt.log" 2>&1 \
        || die "cannot install wrk (see $WORK/apt.log); install it and run again"
    fi
  fi
  local tool
  for tool in curl jcmd jstack javac jar timeout; do command -v $tool >/dev/null || die "$tool is missing (a JDK 17+ and curl are needed)"; done
}
build_hatch() {
  HATCH_JAR=$ROOT/hatch-agent/target/hatch-agent.jar
  HATCH_CLI=$ROOT/hatch-cli/target/hatch.jar
  if [[ ! -f $HATCH_JAR || ! -f $HATCH_CLI || -n $(find hatch-core/src/main hatch-agent/src/main hatch-cli/src/main -newer "$HATCH_JAR" 2>/dev/null | head -1)
        || -n $(find hatch-cli/src/main -newer "$HATCH_CLI" 2>/dev/null | head -1) ]]; then
    say "building the Hatch agent and CLI"
    ./mvnw -B -q -pl hatch-agent,hatch-cli -am package -DskipTests >"$WORK/build-hatch.log" 2>&1 || die "agent build failed (see $WORK/build-hatch.log)"
  fi
}
fetch_jolokia() {
  JOLOKIA_JAR=$OUT/lib/jolokia-agent-jvm-$JOLOKIA_VERSION-javaagent.jar
  if [[ ! -f $JOLOKIA_JAR ]]; then
    say "fetching the Jolokia JVM agent $JOLOKIA_VERSION from Maven Central"
    ./mvnw -B -q -N dependency:copy -Dartifact="org.jolokia:jolokia-agent-jvm:$JOLOKIA_VERSION:jar:javaagent" \
      -DoutputDirectory="$OUT/lib" >"$WORK/fetch-jolokia.log" 2>&1 || die "cannot fetch Jolokia (see $WORK/fetch-jolokia.log)"
  fi
}
build_app() {
  APP_JAR=$ROOT/bench/actuator-app/target/actuator-app.jar
  if [[ ! -f $APP_JAR || -n $(find bench/actuator-app/src bench/actuator-app/pom.xml -newer "$APP_JAR" 2>/dev/null) ]]; then
    say "building the Spring Boot Actuator application"
    ./mvnw -B -q -f bench/actuator-app/pom.xml package -DskipTests >"$WORK/build-app.log" 2>&1 || die "application build failed (see $WORK/build-app.log)"
  fi
}
compile_programs() {
  javac -d "$WORK/classes" bench/programs/Idle.java bench/programs/AllocWorkload.java
}

# ---------------------------------------------------------------- credentials and configurations
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
TOKEN=$(secret)
PASSWORD=$(secret)
export BENCH_PASSWORD=$PASSWORD
BEARER="Authorization: Bearer $TOKEN"
BEARER_WRONG="Authorization: Bearer $(secret)"
BASIC="Authorization: Basic $(printf '%s' "bench:$PASSWORD" | base64 -w0)"
BASIC_WRONG="Authorization: Basic $(printf '%s' "bench:$(secret)" | base64 -w0)"

# hatch_config NAME EXTRA_LINES...: writes $WORK/NAME.properties
hatch_config() {
  local name=$1; shift
  {
    echo "hatch.port=0"
    echo "hatch.token.bench=sha256:$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
    echo "hatch.token.bench.scopes=monitor,dump"
    echo "hatch.audit.file=$WORK/audit-$name.jsonl"
    echo "hatch.dump.dir=$WORK/hatch-dumps"
    printf '%s\n' "$@"
  } >"$WORK/$name.properties"
  echo "$WORK/$name.properties"
}
RAISED_LIMITS=(hatch.limits.rate=1000000 hatch.limits.burst=1000000 hatch.limits.anonymous-rate=1000000
  hatch.limits.anonymous-burst=1000000 hatch.limits.lockout-failures=1000000)
NO_SITES=(hatch.leaks.allocation-sites=false)
hatch_agent() { echo "-javaagent:$HATCH_JAR=config=$(hatch_config "$@")"; }
jolokia_agent() { echo "-javaagent:$JOLOKIA_JAR=host=127.0.0.1,port=0,user=bench,password=$PASSWORD,discoveryEnabled=false"; }
HATCH_URL_RE='hatch: maintenance endpoint at http://[0-9.:]+'
JOLOKIA_URL_RE='started with URL http://[0-9.:]+/jolokia'
SPRING_PORT_RE='Tomcat started on port [0-9]+'
url_of() { grep -oE 'http://[0-9.:]+(/jolokia)?' <<<"$1" | head -1; }
spring_url() { echo "http://127.0.0.1:${1##* }"; }

# ---------------------------------------------------------------- 1. host overhead
section_overhead() {
  local run cfg line cores
  cores=$(nproc)
  say "1. host overhead: allocation-heavy program, $cores threads, ${OVERHEAD_SECONDS}s measured after ${WARMUP_SECONDS}s, $RUNS runs each"
  for run in $(seq "$RUNS"); do
    for cfg in alone hatch jolokia; do
      local agent=()
      case $cfg in
        hatch) agent=("$(hatch_agent overhead)") ;;
        jolokia) agent=("$(jolokia_agent)") ;;
      esac
      spawn "overhead-$cfg-$run" timeout -k 5 $((OVERHEAD_SECONDS + WARMUP_SECONDS + 60)) \
        "$JAVA" -Xms512m -Xmx512m "${agent[@]}" -cp "$WORK/classes" AllocWorkload "$cores" "$WARMUP_SECONDS" "$OVERHEAD_SECONDS"
      wait "$PID" || die "overhead run $cfg failed (see $WORK/overhead-$cfg-$run.err)"
      line=$(grep '^RESULT' "$WORK/overhead-$cfg-$run.out") || die "no result from overhead run $cfg"
      [[ $cfg == hatch ]] && { grep -q 'maintenance endpoint at' "$WORK/overhead-$cfg-$run.err" || die "Hatch did not start in the overhead run"; }
      [[ $cfg == jolokia ]] && { cat "$WORK/overhead-$cfg-$run".{out,err} | grep -q 'started with URL' || die "Jolokia did not start in the overhead run"; }
      record overhead "$cfg" ops_per_s "$run" "$(grep -oE 'ops_per_s=[0-9.]+' <<<"$line" | cut -d= -f2)"
      record overhead "$cfg" p99_us "$run" "$(grep -oE 'p99_us=[0-9.]+' <<<"$line" | cut -d= -f2)"
      say "   run $run $cfg: $line"
    done
  done
}

# ---------------------------------------------------------------- 2. light requests
# wrk_case SUBJECT CASE PID URL [HEADER]: RUNS wrk runs; throughput, p99, server CPU per request
wrk_case() {
  local subject=$1 case=$2 pid=$3 url=$4 header=${5:-} run before after line req dur
  local hdr=()
  [[ -n $header ]] && hdr=(-H "$header")
  record light "$subject" "$case.status" 1 "$(status "$url" "${hdr[@]}")"
  warm "$WRK_WARM_SECONDS" "$url" "${hdr[@]}"
  for run in $(seq "$RUNS"); do
    before=$(cpu_ticks "$pid")
    line=$(timeout -k 5 $((WRK_SECONDS + 30)) "${CLIENT_PIN[@]}" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 5s \
      -s bench/wrk/report.lua "${hdr[@]}" "$url" | grep '^WRK') || die "wrk failed for $subject $case"
    after=$(cpu_ticks "$pid")
    req=$(grep -oE 'requests=[0-9]+' <<<"$line" | cut -d= -f2)
    dur=$(grep -oE 'duration_us=[0-9]+' <<<"$line" | cut -d= -f2)
    ((req > 0)) || die "wrk completed no request for $subject $case: $line"
    record light "$subject" "$case.rps" "$run" "$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.1f", r * 1e6 / d }')"
    record light "$subject" "$case.p99_ms" "$run" "$(awk -v p="$(grep -oE 'p99_us=[0-9]+' <<<"$line" | cut -d= -f2)" 'BEGIN { printf "%.2f", p / 1000 }')"
    record light "$subject" "$case.cpu_us_per_req" "$run" \
      "$(awk -v t=$((after - before)) -v r="$req" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t * 1e6 / hz / r }')"
    record light "$subject" "$case.non2xx_pct" "$run" \
      "$(awk -v n="$(grep -oE 'non2xx=[0-9]+' <<<"$line" | cut -d= -f2)" -v r="$req" 'BEGIN { printf "%.1f", n * 100 / r }')"
    say "   $subject $case run $run: $line cpu_ticks=$((after - before))"
  done
  record light "$subject" "$case.status_after" 1 "$(status "$url" "${hdr[@]}")"
}
warm() { timeout -k 5 60 "${CLIENT_PIN[@]}" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${1}s" "${@:3}" "$2" >/dev/null || true; }
light_agent() { # SUBJECT AGENT_ARG URL_REGEX PATH OK WRONG CASES JVM_FLAGS...
  local subject=$1 agent=$2 regex=$3 path=$4 ok=$5 wrong=$6 cases=$7; shift 7
  spawn "light-$subject" "${SERVER_PIN[@]}" "$JAVA" -Xms256m -Xmx256m "$@" "$agent" -cp "$WORK/classes" Idle 900
  local pid=$PID url
  url=$(url_of "$(wait_for "light-$subject" "$regex" 60 "$pid")")
  url=${url%/jolokia}$path
  [[ $cases == *ok* ]] && wrk_case "$subject" ok "$pid" "$url" "$ok"
  [[ $cases == *none* ]] && wrk_case "$subject" none "$pid" "$url"
  [[ $cases == *wrong* ]] && wrk_case "$subject" wrong "$pid" "$url" "$wrong"
  stop "$pid"
}
light_actuator() { # SUBJECT ENCODER
  local subject=$1
  spawn "light-$subject" "${SERVER_PIN[@]}" "$JAVA" -Xms256m -Xmx256m -Dbench.max-seconds=900 -jar "$APP_JAR" --server.port=0 --bench.encoder="$2"
  local pid=$PID url
  url=$(spring_url "$(wait_for "light-$subject" "$SPRING_PORT_RE" 120 "$pid")")/actuator/health
  wait_status "$url" 200 30 "$pid" -H "$BASIC"
  wrk_case "$subject" ok "$pid" "$url" "$BASIC"
  wrk_case "$subject" none "$pid" "$url"
  wrk_case "$subject" wrong "$pid" "$url" "$BASIC_WRONG"
  stop "$pid"
}
section_light() {
  say "2. light requests: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s (keep-alive, loopback), $RUNS runs per case"
  # No JFR allocation-site recording here: a JVM flooded from its first second reads as a
  # suspected leak within a minute (its heap grows while it warms up), and the recording's start
  # deoptimises every compiled method once (JDK 17); the re-compilation then landed inside one or
  # two measured runs (250 us per request instead of 30). A one-time event, not a request's cost:
  # docs/performance.md measures it on its own. The detector itself runs as by default.
  light_agent hatch "$(hatch_agent light "${RAISED_LIMITS[@]}" "${NO_SITES[@]}")" "$HATCH_URL_RE" /ops/health "$BEARER" \
    "$BEARER_WRONG" ok,none,wrong
  light_agent hatch-default-limits "$(hatch_agent light-defaults "${NO_SITES[@]}")" "$HATCH_URL_RE" /ops/health "$BEARER" \
    "$BEARER_WRONG" none,wrong
  light_agent jolokia "$(jolokia_agent)" "$JOLOKIA_URL_RE" /jolokia/version "$BASIC" "$BASIC_WRONG" ok,none,wrong
  light_agent jolokia-nodelay "$(jolokia_agent)" "$JOLOKIA_URL_RE" /jolokia/version "$BASIC" "$BASIC_WRONG" ok,none,wrong \
    -Dsun.net.httpserver.nodelay=true
  light_actuator actuator-bcrypt bcrypt
  light_actuator actuator-noop noop
}

# ---------------------------------------------------------------- 3 and 4. dumps, one JVM for all
start_dump_target() {
  local heap=$((BALLAST_MB * 3 < 512 ? 512 : BALLAST_MB * 3))
  say "starting the dump target: Spring Boot app with Actuator and the Hatch agent, ${BALLAST_MB} MB ballast, $THREADS parked threads, -Xmx${heap}m"
  spawn dump-target "$JAVA" -Xms${heap}m -Xmx${heap}m -Xlog:safepoint:file="$WORK/dump-target-safepoints.log" \
    -Dbench.max-seconds=1500 "$(hatch_agent dump-target hatch.leaks.enabled=false)" \
    -jar "$APP_JAR" --server.port=0 --bench.encoder=noop --bench.ballast-mb="$BALLAST_MB" --bench.threads="$THREADS"
  TARGET=$PID
  wait_for dump-target 'bench-app ready: .*' 600 "$TARGET" >&2
  HATCH=$(url_of "$(wait_for dump-target "$HATCH_URL_RE" 30 "$TARGET")")
  ACTUATOR=$(spring_url "$(wait_for dump-target "$SPRING_PORT_RE" 5 "$TARGET")")/actuator
  SAFEPOINTS=$WORK/dump-target-safepoints.log
}
# timed SECTION SUBJECT RUN FILE CMD...: wall time, bytes of FILE, longest pause; deletes FILE
timed() {
  local section=$1 subject=$2 run=$3 file=$4; shift 4
  local mark t0 t1
  mark=$(size_of "$SAFEPOINTS")
  t0=$(date +%s%N)
  "$@" || die "$subject failed: $*"
  t1=$(date +%s%N)
  sleep 0.2
  local bytes; bytes=$(size_of "$file")
  ((bytes > 0)) || die "$subject wrote nothing to $file"
  record "$section" "$subject" seconds "$run" "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e9 }')"
  record "$section" "$subject" bytes "$run" "$bytes"
  record "$section" "$subject" pause_ms "$run" "$(pause_ms "$SAFEPOINTS" "$mark")"
  say "   $subject run $run: $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }') s, $bytes bytes, longest pause $(pause_ms "$SAFEPOINTS" "$mark") ms"
  rm -f "$file"
  sync
}
jcmd_dump() { timeout -k 5 900 jcmd "$TARGET" GC.heap_dump "$@" >>"$WORK/jcmd.log"; }
# What an operator does with jcmd to have the file where they want it: dump, then copy it there.
jcmd_copy() { jcmd_dump "$WORK/jcmd-side.hprof" && cp "$WORK/jcmd-side.hprof" "$1" && rm -f "$WORK/jcmd-side.hprof"; }
get() { timeout -k 5 900 curl -sS -f -m 890 -o "$2" "${@:3}" "$1"; }
# Hatch's own client, as an operator runs it: hatch heapdump -o FILE [--gzip] (a JVM of its own, start included)
hatch_cli_dump() { HATCH_TOKEN=$TOKEN timeout -k 5 900 "$JAVA" -jar "$HATCH_CLI" heapdump --url "$HATCH/ops" --force -o "$@" >>"$WORK/cli.log" 2>&1; }
# get, and the time to the first byte in $WORK/ttfb (what the dump itself takes, before the transfer)
get_ttfb() { timeout -k 5 900 curl -sS -f -m 890 -o "$2" -w '%{time_starttransfer}' "${@:3}" "$1" >"$WORK/ttfb"; }
# The transfer on loopback alone, into /dev/null (the client's disk out of the way): seconds, time
# to the first byte, bytes and the longest pause, as timed() records them.
loopback_dump() { # RUN
  local run=$1 mark out
  mark=$(size_of "$SAFEPOINTS")
  out=$(timeout -k 5 900 curl -sS -f -m 890 -o /dev/null -w '%{time_total} %{time_starttransfer} %{size_download}' \
    -H "$BEARER" "$HATCH/ops/heapdump?live=true&gzip=false") || die "hatch-raw-loopback failed"
  read -r total first bytes <<<"$out"
  record heapdump hatch-raw-loopback seconds "$run" "$total"
  record heapdump hatch-raw-loopback first_byte_s "$run" "$first"
  record heapdump hatch-raw-loopback bytes "$run" "$bytes"
  record heapdump hatch-raw-loopback pause_ms "$run" "$(pause_ms "$SAFEPOINTS" "$mark")"
  say "   hatch-raw-loopback run $run: $total s, first byte $first s, $bytes bytes"
  sync
}
section_heapdump() {
  say "3. heap dump end to end, $HEAVY_RUNS runs each"
  local run
  for run in $(seq "$HEAVY_RUNS"); do
    timed heapdump hatch-raw "$run" "$DUMPS/h.hprof" get_ttfb "$HATCH/ops/heapdump?live=true&gzip=false" "$DUMPS/h.hprof" -H "$BEARER"
    record heapdump hatch-raw first_byte_s "$run" "$(cat "$WORK/ttfb")"
    loopback_dump "$run"
    timed heapdump hatch-gzip "$run" "$DUMPS/h.hprof.gz" get "$HATCH/ops/heapdump?live=true&gzip=true" "$DUMPS/h.hprof.gz" -H "$BEARER"
    timed heapdump hatch-cli-raw "$run" "$DUMPS/hc.hprof" hatch_cli_dump "$DUMPS/hc.hprof"
    timed heapdump hatch-cli-gzip "$run" "$DUMPS/hc.hprof.gz" hatch_cli_dump "$DUMPS/hc.hprof.gz" --gzip
    timed heapdump actuator "$run" "$DUMPS/a.hprof" get "$ACTUATOR/heapdump?live=true" "$DUMPS/a.hprof" -H "$BASIC"
    timed heapdump jcmd "$run" "$DUMPS/j.hprof" jcmd_dump "$DUMPS/j.hprof"
    timed heapdump jcmd-copy "$run" "$DUMPS/jc.hprof" jcmd_copy "$DUMPS/jc.hprof"
    timed heapdump jcmd-gz1 "$run" "$DUMPS/j.hprof.gz" jcmd_dump -gz=1 "$DUMPS/j.hprof.gz"
  done
}
jstack_to() { timeout -k 5 300 jstack "$TARGET" >"$1"; }
section_threads() {
  say "4. thread dump with $THREADS parked platform threads, $RUNS runs each (after one unmeasured warm-up each)"
  get "$HATCH/ops/threads" /dev/null -H "$BEARER"
  get "$HATCH/ops/threads?format=text" /dev/null -H "$BEARER"
  get "$ACTUATOR/threaddump" /dev/null -H "$BASIC"
  get "$ACTUATOR/threaddump" /dev/null -H "$BASIC" -H 'Accept: text/plain'
  jstack_to /dev/null
  local run
  for run in $(seq "$RUNS"); do
    timed threads hatch-json "$run" "$DUMPS/t.json" get "$HATCH/ops/threads" "$DUMPS/t.json" -H "$BEARER"
    timed threads hatch-text "$run" "$DUMPS/t.txt" get "$HATCH/ops/threads?format=text" "$DUMPS/t.txt" -H "$BEARER"
    timed threads actuator-json "$run" "$DUMPS/a.json" get "$ACTUATOR/threaddump" "$DUMPS/a.json" -H "$BASIC"
    timed threads actuator-text "$run" "$DUMPS/a.txt" get "$ACTUATOR/threaddump" "$DUMPS/a.txt" -H "$BASIC" -H 'Accept: text/plain'
    timed threads jstack "$run" "$DUMPS/j.txt" jstack_to "$DUMPS/j.txt"
  done
}

# ---------------------------------------------------------------- 5. start-up and footprint
footprint() { # SUBJECT RUN PID
  record startup "$1" rss_kb "$2" "$(awk '/^VmRSS/ { print $2 }' "/proc/$3/status")"
  record startup "$1" threads "$2" "$(awk '/^Threads/ { print $2 }' "/proc/$3/status")"
  timeout -k 5 60 jcmd "$3" GC.run >/dev/null
  sleep 0.3
  record startup "$1" heap_used_kb "$2" "$(timeout -k 5 60 jcmd "$3" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')"
  # the threads the agent itself started, by name (the JVM's own thread count varies a little),
  # once idle: Hatch's HTTP workers end 10 s after the last request, so count 12 s after it
  sleep 12
  local own='^"(hatch-|HTTP-Dispatcher"|idle-timeout-task"|jolokia-)'
  record startup "$1" own_threads "$2" "$(timeout -k 5 60 jcmd "$3" Thread.print | grep -cE "$own" || true)"
}
startup_run() { # SUBJECT RUN ANSWER_REGEX ANSWER_PATH HEADER CMD...
  local subject=$1 run=$2 regex=$3 path=$4 header=$5; shift 5
  local t0 main pid url first
  t0=$(now_ms)
  spawn "startup-$subject-$run" "$@"
  pid=$PID
  main=$(wait_for "startup-$subject-$run" '^main [0-9]+' 120 "$pid")
  record startup "$subject" main_ms "$run" $((${main#main } - t0))
  if [[ -n $regex ]]; then
    url=$(wait_for "startup-$subject-$run" "$regex" 120 "$pid")
    if [[ $subject == actuator-app ]]; then url=$(spring_url "$url"); else url=$(url_of "$url"); url=${url%/jolokia}; fi
    wait_status "$url$path" 200 60 "$pid" -H "$header"
    first=$(now_ms)
    record startup "$subject" first_answer_ms "$run" $((first - t0))
  fi
  sleep 2
  footprint "$subject" "$run" "$pid"
  stop "$pid"
}
# An idle JVM's first five seconds, no request made: CPU (all threads, /proc/PID/stat) and peak
# resident memory (VmHWM). What an agent costs a host that never calls it.
idle_run() { # SUBJECT RUN CMD...
  local subject=$1 run=$2 pid; shift 2
  spawn "idle-$subject-$run" "$@"
  pid=$PID
  sleep 5
  record startup "$subject" idle5s_cpu_ms "$run" $(($(cpu_ticks "$pid") * 1000 / CLK_TCK))
  record startup "$subject" idle5s_peak_rss_kb "$run" "$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")"
  stop "$pid"
}
# The wall time of a program that sleeps 2 s and ends by itself: start and exit together; and the
# exit alone, from the end of main (the program prints the time) to the process's end.
exit_run() { # SUBJECT RUN CMD...
  local subject=$1 run=$2 t0 t1 end; shift 2
  t0=$(now_ms)
  timeout -k 5 60 "$@" >"$WORK/exit-$subject.out" 2>/dev/null || true
  t1=$(now_ms)
  record startup "$subject" ends_itself_ms "$run" $((t1 - t0))
  end=$(awk '/^end / { print $2 }' "$WORK/exit-$subject.out")
  [[ -n $end ]] && record startup "$subject" exit_ms "$run" $((t1 - end))
}
section_startup() {
  say "5. start-up to first answer and footprint, $RUNS runs each"
  local run
  for run in $(seq "$RUNS"); do
    idle_run alone "$run" "$JAVA" -cp "$WORK/classes" Idle 30
    idle_run hatch "$run" "$JAVA" "$(hatch_agent idle)" -cp "$WORK/classes" Idle 30
    idle_run jolokia "$run" "$JAVA" "$(jolokia_agent)" -cp "$WORK/classes" Idle 30
    exit_run alone "$run" "$JAVA" -cp "$WORK/classes" Idle 2
    exit_run hatch "$run" "$JAVA" "$(hatch_agent ends)" -cp "$WORK/classes" Idle 2
    exit_run jolokia "$run" "$JAVA" "$(jolokia_agent)" -cp "$WORK/classes" Idle 2
    startup_run alone "$run" '' '' '' "$JAVA" -Xms256m -Xmx256m -cp "$WORK/classes" Idle 120
    startup_run hatch "$run" "$HATCH_URL_RE" /ops/health "$BEARER" \
      "$JAVA" -Xms256m -Xmx256m "$(hatch_agent startup)" -cp "$WORK/classes" Idle 120
    startup_run jolokia "$run" "$JOLOKIA_URL_RE" /jolokia/version "$BASIC" \
      "$JAVA" -Xms256m -Xmx256m "$(jolokia_agent)" -cp "$WORK/classes" Idle 120
    startup_run actuator-app "$run" "$SPRING_PORT_RE" /actuator/health "$BASIC" \
      "$JAVA" -Xms256m -Xmx256m -Dbench.max-seconds=120 -jar "$APP_JAR" --server.port=0 --bench.encoder=noop
  done
  record startup hatch jar_bytes 1 "$(size_of "$HATCH_JAR")"
  record startup jolokia jar_bytes 1 "$(size_of "$JOLOKIA_JAR")"
  # What Actuator and Spring Security add to a Spring Boot web application: their jars and the
  # jars only they bring (Micrometer and its histogram libraries).
  record startup actuator-app jar_bytes 1 "$(jar tvf "$APP_JAR" | grep -E 'BOOT-INF/lib/(spring-boot-actuator|spring-security|micrometer|HdrHistogram|LatencyUtils)' \
    | awk '{ s += $1 } END { print s + 0 }')"
}

# ---------------------------------------------------------------- main
need_tools
build_hatch
fetch_jolokia
build_app
compile_programs
{
  echo "mode=$MODE"
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpus=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'java.(vm.)?version =|java.vendor =' | sed 's/^ *//' | tr '\n' ' ')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "jolokia=$JOLOKIA_VERSION"
  echo "spring_boot=$(grep -A2 '<artifactId>spring-boot-starter-parent' bench/actuator-app/pom.xml | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')"
  echo "wrk=$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s"
  echo "pinning=$( ((${#SERVER_PIN[@]})) && echo 'section 2: server on CPU 1, wrk on CPU 0' || echo none)"
  echo "runs=$RUNS"
  echo "heavy_runs=$HEAVY_RUNS"
  echo "ballast_mb=$BALLAST_MB"
  echo "threads=$THREADS"
  echo "overhead_seconds=$OVERHEAD_SECONDS"
} >"$OUT/meta.properties"
say "mode $MODE: runs $RUNS, heap-dump runs $HEAVY_RUNS, ballast $BALLAST_MB MB, $THREADS threads"

wants 5 && section_startup
wants 1 && section_overhead
wants 2 && section_light
if wants 3 || wants 4; then
  start_dump_target
  wants 4 && section_threads
  wants 3 && section_heapdump
  stop "$TARGET"
fi
echo "elapsed_seconds=$((SECONDS - STARTED))" >>"$OUT/meta.properties"
"$JAVA" bench/programs/Report.java "$OUT"
say "done in $((SECONDS - STARTED)) s: $OUT/results.md"
