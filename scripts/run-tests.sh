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
dotnet test Fortify.Aspire.sln --logger trx --results-directory "$results" "$@" || status=$?

# One plain closing line over every test project, whatever the runner printed above.
passed=0 failed=0
while IFS= read -r trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(grep -o ' passed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')))
  failed=$((failed + $(grep -o ' failed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')))
done < <(find "$results" -name '*.trx')
echo "$passed passed, $failed failed"
rm -rf "$results"
exit $status
