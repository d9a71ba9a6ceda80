#!/usr/bin/env bash
# Runs the whole Fortify stack (the README's first command).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_local_infrastructure
ensure_dotnet_tools
exec dotnet run --project Fortify.AppHost --launch-profile http "$@"
