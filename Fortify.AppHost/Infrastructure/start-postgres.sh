#!/usr/bin/env bash
# Runs the machine's own PostgreSQL in the foreground for a local Fortify stack: initdb on first use, then postgres.
# PostgreSQL refuses to run as root, so as root both run as the 'postgres' user.
set -euo pipefail
data_dir=$1 port=$2 password_file=$3

bin_dir=$(dirname "$(command -v postgres 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1)")
if [[ ! -x $bin_dir/postgres || ! -x $bin_dir/initdb ]]; then
  echo "PostgreSQL is not installed: run 'sudo apt-get install postgresql' (or use Docker: Fortify__Infrastructure=containers)." >&2
  exit 1
fi

run=()
if [[ $(id -u) == 0 ]]; then
  mkdir -p "$data_dir"
  chown postgres: "$data_dir" "$password_file"
  chmod 700 "$data_dir"
  # The postgres user must be able to walk down to its folder.
  chmod o+x "$(dirname "$data_dir")"
  run=(runuser -u postgres --)
fi

if [[ ! -s $data_dir/PG_VERSION ]]; then
  "${run[@]}" "$bin_dir/initdb" -D "$data_dir" -U postgres --auth=scram-sha-256 --pwfile="$password_file" \
    --encoding=UTF8 --locale=C.UTF-8 --no-instructions
fi

exec "${run[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" \
  -c listen_addresses=localhost -c unix_socket_directories= \
  -c max_connections=300 -c fsync=on -c log_min_messages=warning
