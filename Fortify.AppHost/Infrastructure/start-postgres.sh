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

# A server left behind by a run that was killed holds the data folder: stop it first.
postmaster_pid() { head -n 1 "$data_dir/postmaster.pid" 2>/dev/null; }
if pid=$(postmaster_pid) && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
  kill -INT "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
fi

# Autovacuum looks every 10 s rather than every minute: until its first ANALYZE a new table has no statistics, and
# a statement the agent prepared meanwhile keeps a plan that reads every queued job instead of one target's.
"${run[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" \
  -c listen_addresses=localhost -c unix_socket_directories= \
  -c max_connections=300 -c log_min_messages=warning -c autovacuum_naptime=10s &
server=$!

# SIGTERM is PostgreSQL's "smart" shutdown, which waits for every pooled client to leave; a stop must be fast.
fast_shutdown() { if pid=$(postmaster_pid) && [[ -n $pid ]]; then kill -INT "$pid" 2>/dev/null || true; fi; }
trap fast_shutdown TERM INT
wait "$server" || wait "$server"
