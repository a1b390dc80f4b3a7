#!/usr/bin/env bash
# Benchmark harness (issue #4): builds what it needs, then measures the gateway, its HTTP ceiling and the plain peer,
# each as its own `java -jar` process, and prints and records the figures. bench/README.md explains everything.
#   bench/run.sh                      full run (15-20 minutes), appends to bench/RESULTS.md
#   bench/run.sh --smoke              about a minute: does the harness still work? (for CI)
#   bench/run.sh --tracing            tracing's cost: gateway, gateway-traced (spans exported to a draining
#                                     stand-in collector, sampled as shipped) and gateway-traced-all (every trace)
#   bench/run.sh --help               all options
# Every Maven build goes through `flock /tmp/mvn.lock`: on this 2-core machine two builds at once (or a build during
# a measurement) would distort both.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench_dir")
cd "$repo"

build_gateway=true
build=true
help=false
lock=true
test_skip=true
args=()
for arg in "$@"; do
  case "$arg" in
    --smoke) test_skip=false; args+=(--smoke) ;;
    --skip-gateway-build) build_gateway=false ;;
    --no-lock) lock=false ;;
    # tracing off and on in the same run; a --targets given after it wins
    --tracing) args+=(--targets gateway,gateway-traced,gateway-traced-all) ;;
    --help|-h) help=true; args+=(--help) ;;
    *) args+=("$arg") ;;
  esac
done

mvn_locked() {
  flock /tmp/mvn.lock ./mvnw -B -q -ntp "$@"
}

if $help; then
  # the usage text lives in the harness: build it only if it is not there yet
  [[ -f bench/loadgen/target/bench-loadgen.jar ]] || mvn_locked -f bench/pom.xml -Dmaven.test.skip=true package
  build=false
fi

if $build; then
  if $build_gateway; then
    echo "bench: building the gateway jar (waits for /tmp/mvn.lock)"
    # maven.test.skip also skips compiling the tests: the benchmark needs the jar only
    mvn_locked -Dmaven.test.skip=true package
  fi
  echo "bench: building the harness (bench/pom.xml)"
  # the smoke run (CI) also runs the harness' own unit tests: that is what it is for
  mvn_locked -f bench/pom.xml -Dmaven.test.skip=$test_skip package
fi

# The generator's own JVM: one event-loop thread does the work; a small serial-GC heap keeps it off the second core.
harness=(java -Xms256m -Xmx512m -XX:+UseSerialGC -jar bench/loadgen/target/bench-loadgen.jar --repo "$repo")
if $build && $lock; then
  # Hold the Maven lock while measuring too: a build on this 2-core machine would take a core from the server
  # under test. (It does not stop other processes: the report records the load average at the start.)
  echo "bench: measuring under /tmp/mvn.lock (other Maven builds wait; --no-lock to not take it)"
  exec flock /tmp/mvn.lock "${harness[@]}" ${args[@]+"${args[@]}"}
fi
exec "${harness[@]}" ${args[@]+"${args[@]}"}
