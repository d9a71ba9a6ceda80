#!/usr/bin/env bash
# Builds and runs every test (the README's second command). Integration tests start the whole AppHost on the
# machine's own Postgres and Redis, with their own data folder and ports.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
Fortify__Infrastructure=local ensure_local_infrastructure
ensure_dotnet_tools

results=$(mktemp -d)
status=0
dotnet test Fortify.Aspire.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

# One plain closing line, whatever the runner printed above.
if trx=$(find "$results" -name '*.trx' | head -n 1) && [[ -n $trx ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$(grep -o 'passed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  failed=$(grep -o ' failed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  echo "$passed passed, $failed failed"
fi
rm -rf "$results"
exit $status
