#!/usr/bin/env bash
# Signs a payload file the way the Visma webhook dispatcher does and posts it to the gateway.
#   usage: samples/sign-and-post.sh SOURCE FILE [SECRET]
#   e.g.   samples/sign-and-post.sh visma-net samples/visma-net/customer-changed.json
# SECRET defaults to the demo profile's sample secret of SOURCE. Environment:
#   GATEWAY_URL       base URL of the webhook listener (default http://localhost:8080)
#   SIGNATURE_HEADER  header that carries the signature (default X-VWD-Signature-V1;
#                     the demo profile signs Venio with X-Venio-Signature)
#   NOTIFICATION_ID   sent as x-vwd-notification-id when set (UNIQUE=1 sends a random one)
#   UNIQUE=1          also adds a random "sampleNonce" field to the body, so the gateway stores it as a new
#                     event (unless the payload carries its own NotificationId: that stays a redelivery)
# The event id is the payload's NotificationId/notificationId, else that header, else a key made from
# the SHA-256 of the body: posting the same file twice is a redelivery, answered 202 and stored once. The
# header is not signed, so for payloads without an id (Business NXT, Venio) a duplicate is the same BODY
# whatever the header says, within gateway.duplicates.body-hash-window (30 s; after it the same body is
# a new event): use UNIQUE=1 to store a sample again at once.
# The signature is base64(HMAC-SHA256(secret, exact file bytes)), computed by openssl.
set -euo pipefail

source_name=${1:?usage: $0 SOURCE FILE [SECRET]}
file=${2:?usage: $0 SOURCE FILE [SECRET]}
# The demo profile's secret and signature header of SOURCE, read from config/application-demo.yaml, so a new
# source needs no change here: its first secret and its signature-header (default X-VWD-Signature-V1).
demo_config="$(dirname "$0")/../config/application-demo.yaml"
demo_setting() { # demo_setting SOURCE KEY -> the value of gateway.sources.SOURCE.KEY in the demo profile
  awk -v src="    $1:" -v key="      $2:" '
    index($0, src) == 1 && length($0) == length(src) { inside = 1; next }
    inside && /^    [^ ]/ { inside = 0 }
    inside && index($0, key) == 1 { sub(/^[^:]*: */, ""); print; exit }' "$demo_config" 2>/dev/null
}
default_secret=$(demo_setting "$source_name" secrets | cut -d, -f1)
default_header=$(demo_setting "$source_name" signature-header)
secret=${3:-$default_secret}
header=${SIGNATURE_HEADER:-${default_header:-X-VWD-Signature-V1}}
url=${GATEWAY_URL:-http://localhost:8080}

extra=()
if [ "${UNIQUE:-0}" = 1 ]; then
  nonce=$(openssl rand -hex 16)
  unique_file=$(mktemp)
  trap 'rm -f "$unique_file"' EXIT
  # a new field right after the object's opening brace: a different body, so not a redelivery
  awk -v nonce="$nonce" '!done && sub(/\{/, "{\"sampleNonce\":\"" nonce "\",") { done = 1 } { print }' "$file" > "$unique_file"
  file=$unique_file
  NOTIFICATION_ID=${NOTIFICATION_ID:-$nonce}
fi
signature=$(openssl dgst -sha256 -hmac "$secret" -binary < "$file" | openssl base64 -A)

if [ -n "${NOTIFICATION_ID:-}" ]; then
  extra+=(-H "x-vwd-notification-id: $NOTIFICATION_ID")
fi

curl -sS -w '\nHTTP %{http_code}\n' \
  -H 'Content-Type: application/json' \
  -H "$header: $signature" \
  "${extra[@]}" \
  --data-binary "@$file" \
  "$url/webhooks/$source_name"
