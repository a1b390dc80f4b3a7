#!/usr/bin/env bash
# Signs a payload file as the source's route file says and posts it to the gateway.
#   usage: samples/sign-and-post.sh [--secret S] [--header H] [--url U] SOURCE FILE [SECRET]
#   e.g.   samples/sign-and-post.sh visma-net samples/visma-net/customer-changed.json
# Exits 0 only when the gateway answers 2xx; prints the reply and "HTTP <status>".
#
# Settings, resolved as the gateway resolves them:
#   how to sign    verification and signatureHeader of routes/SOURCE.camel.yaml (hmac: base64(HMAC-SHA256(secret,
#                  exact file bytes)), computed by openssl; token: the secret itself; none: no header); --header overrides
#   the secret     --secret or SECRET, else the environment's GATEWAY_SOURCES_<SOURCE>_SECRETS (Spring's name: upper
#                  case, without dashes, e.g. GATEWAY_SOURCES_VISMANET_SECRETS), else the demo profile's
#                  (config/application-demo.yaml); the first of a comma-separated list
#   the gateway    --url, else GATEWAY_URL, else http://localhost:8080
# Environment:
#   NOTIFICATION_ID   sent as x-vwd-notification-id when set (UNIQUE=1 sends a random one)
#   UNIQUE=1          also adds a random "sampleNonce" field to the body, so the gateway stores it as a new
#                     event (unless the payload carries its own id, see the route's eventIdFields)
# The event id is the payload's (the route's eventIdFields), else the x-vwd-notification-id header, else a key made
# from the SHA-256 of the body: posting the same file twice is a redelivery, answered 202 and stored once. The header
# is not signed, so for payloads without an id (Business NXT, Venio) a duplicate is the same BODY whatever the header
# says, within gateway.duplicates.body-hash-window (30 s; after it the same body is a new event): use UNIQUE=1 to
# store a sample again at once.
set -euo pipefail

usage() { echo "usage: $0 [--secret S] [--header H] [--url U] SOURCE FILE [SECRET]" >&2; exit 2; }
secret= header= url=${GATEWAY_URL:-http://localhost:8080}
while [ $# -gt 0 ]; do
  case $1 in
    --secret) secret=${2:?--secret needs a value}; shift 2 ;;
    --header) header=${2:?--header needs a value}; shift 2 ;;
    --url) url=${2:?--url needs a value}; shift 2 ;;
    -h|--help) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
source_name=${1:-}; file=${2:-}
[ -n "$source_name" ] && [ -n "$file" ] || usage
[ $# -ge 3 ] && secret=$3
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 2; }
here="$(dirname "$0")/.."

route_file="$here/routes/$source_name.camel.yaml"
[ -r "$route_file" ] || { echo "no route file $route_file: is '$source_name' a source?" >&2; exit 2; }
route_parameter() { # route_parameter NAME -> the value of the templatedRoute parameter NAME in the route file
  awk -v name="$1" '
    $1 == "-" && $2 == "name:" && $3 == name { found = 1; next }
    found && $1 == "value:" { sub(/^[^:]*: */, ""); gsub(/^"|"$/, ""); print; exit }
    found && $1 == "-" { exit }' "$route_file"
}
verification=$(route_parameter verification); verification=${verification:-hmac}
header=${header:-$(route_parameter signatureHeader)}; header=${header:-X-VWD-Signature-V1}

if [ -z "$secret" ]; then
  env_name="GATEWAY_SOURCES_$(printf '%s' "$source_name" | tr -d -- '-_.' | tr '[:lower:]' '[:upper:]')_SECRETS"
  secret=${!env_name:-}
fi
if [ -z "$secret" ]; then # the demo profile's: gateway.sources.SOURCE.secrets in config/application-demo.yaml
  secret=$(awk -v src="    $source_name:" '
    index($0, src) == 1 && length($0) == length(src) { inside = 1; next }
    inside && /^    [^ ]/ { inside = 0 }
    inside && $1 == "secrets:" { sub(/^[^:]*: */, ""); print; exit }' "$here/config/application-demo.yaml" 2>/dev/null)
fi
secret=${secret%%,*}
if [ -z "$secret" ] && [ "$verification" != none ]; then
  echo "no secret for $source_name: pass --secret, set $env_name, or add it to the demo profile" >&2; exit 2
fi

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
case $verification in
  hmac) extra+=(-H "$header: $(openssl dgst -sha256 -hmac "$secret" -binary < "$file" | openssl base64 -A)") ;;
  token) extra+=(-H "$header: $secret") ;;
  none) ;;
  *) echo "$route_file: verification '$verification' is not hmac, token or none" >&2; exit 2 ;;
esac
if [ -n "${NOTIFICATION_ID:-}" ]; then
  extra+=(-H "x-vwd-notification-id: $NOTIFICATION_ID")
fi

reply=$(curl -sS -w '\nHTTP %{http_code}' -H 'Content-Type: application/json' "${extra[@]}" \
  --data-binary "@$file" "$url/webhooks/$source_name")
printf '%s\n' "$reply"
case ${reply##*HTTP } in
  2??) exit 0 ;;
  *) exit 1 ;;
esac
