#!/usr/bin/env bash
# Shows the messages on a queue of the embedded broker (without consuming them), through the
# Jolokia endpoint on the management port: body text and properties, as JSON.
#   usage: samples/read-queue.sh QUEUE      e.g. samples/read-queue.sh erp.visma-net.customer
# Environment: MANAGEMENT_URL (default http://localhost:8081); MANAGEMENT_USER=user:password, a Hawtio
# login with any role (viewer is enough: browsing is a read-only query), needed in every profile but demo.
# Pipe to `jq` or `python3 -m json.tool` for pretty output.
set -euo pipefail
queue=${1:?usage: $0 QUEUE}
url=${MANAGEMENT_URL:-http://localhost:8081}
mbean="org.apache.activemq.artemis:broker=\\\"localhost\\\",component=addresses,address=\\\"$queue\\\",subcomponent=queues,routing-type=\\\"anycast\\\",queue=\\\"$queue\\\""
login=()
if [[ -n "${MANAGEMENT_USER:-}" ]]; then login=(-u "$MANAGEMENT_USER"); fi
curl -sS ${login[@]+"${login[@]}"} -H 'Content-Type: application/json' "$url/actuator/jolokia" \
  -d "{\"type\":\"exec\",\"mbean\":\"$mbean\",\"operation\":\"browse()\"}"
echo
