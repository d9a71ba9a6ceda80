#!/usr/bin/env bash
# Measures the webhook intake against a bare Kestrel endpoint under the same load, and prints the ratio.
#
# It assumes the stack is already running: start scripts/run-stack.sh in another terminal first and wait until
# every resource is healthy. Each delivery it sends becomes a real scan job, so use a development stack only.
#
# The webhook secret comes from $FORTIFY_WEBHOOK_SECRET, else from the AppHost's user secrets. Extra arguments go
# to the load generator and win over the defaults here, for example:
#   scripts/benchmark-intake.sh --concurrency 100 --duration 30 --url http://localhost:5080/webhooks/github
set -euo pipefail
cd "$(dirname "$0")/.."

url="http://localhost:5080/webhooks/github"

secret="${FORTIFY_WEBHOOK_SECRET:-}"
if [[ -z "$secret" ]]; then
  # The line reads "Parameters:github-webhook-secret = <value>"; no match leaves the secret empty.
  secret="$(dotnet user-secrets list --project Fortify.AppHost 2>/dev/null \
    | sed -n 's/^Parameters:github-webhook-secret = //p' | tail -n 1)" || true
fi
if [[ -z "$secret" ]]; then
  echo "No webhook secret: set FORTIFY_WEBHOOK_SECRET, or run scripts/run-stack.sh once so it generates one." >&2
  exit 1
fi

exec dotnet run -c Release --project Fortify.LoadTest -- compare --url "$url" --secret "$secret" "$@"
