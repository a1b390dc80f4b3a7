#!/usr/bin/env bash
# What the embedded broker alone stores per second on this machine (no HTTP, no mapping): persistent in-VM JMS sends
# of gateway-shaped messages to a broker configured like the gateway's. See bench/README.md, "The broker's own ceiling".
#   bench/broker-ceiling.sh                         64 blocking senders, 15 s warm-up, 30 s measured
#   bench/broker-ceiling.sh --consume               with consumers draining the queues, as in production
#   bench/broker-ceiling.sh --async --threads 4     JMS 2.0 asynchronous sends, 64 in flight per sender
#   bench/broker-ceiling.sh --no-duplicate-id       without _AMQ_DUPL_ID (what SPEC section 5 requires)
# Options: --threads N --seconds N --warmup N --bytes N --window N --data-dir DIR; JVM options in BENCH_JVM_OPTS
# (default -Xmx256m, the gateway's documented heap). Logs warnings only (src/main/resources/broker-ceiling-logback.xml).
# Exit status 2 when a send was not confirmed or a confirmed one was not stored (a duplicate id rejected).
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench_dir")
cd "$repo"
jar=bench/peer/target/bench-peer.jar
# (re)build when the jar is missing or older than the peer's sources: a stale jar would measure old code
if [[ ! -f $jar || -n $(find bench/peer/src bench/peer/pom.xml -newer "$jar" -print -quit) ]]; then
  flock /tmp/mvn.lock ./mvnw -B -q -ntp -f bench/pom.xml -Dmaven.test.skip=true package
fi
mkdir -p bench/target
# shellcheck disable=SC2086
exec flock /tmp/mvn.lock java ${BENCH_JVM_OPTS:--Xmx256m} -cp "$jar" \
  -Dloader.main=io.github.erpgateway.bench.broker.BrokerSendCeiling \
  org.springframework.boot.loader.launch.PropertiesLauncher --data-dir bench/target "$@"
