#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and prints the connection string.
# Usage: pgenv=$(scripts/start-test-postgres.sh DIR PORT) && eval "$pgenv" — exports AIRWAVE_TEST_POSTGRES;
# stop it with scripts/stop-test-postgres.sh DIR. Exits non-zero, with the server's log on stderr, when it cannot start.
set -euo pipefail
dir=${1:?data directory}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=()
if [ "$(id -u)" -eq 0 ]; then
  run=(runuser -u postgres --)
fi

start() {
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U airwave --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 </dev/null
  # In the server's own file, so that `pg_ctl -D DIR/data start` after a stop (a test of a database outage) comes back alike.
  cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = on
CONF
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null </dev/null
}

# A port still held by a server that is shutting down, or a busy moment, gets two more tries on the next ports.
for attempt in 1 2 3; do
  if start; then
    "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U airwave airwave_test </dev/null
    echo "export AIRWAVE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=airwave;Database=airwave_test;Pooling=true;Maximum Pool Size=50'"
    exit 0
  fi
  echo "start-test-postgres: attempt $attempt on port $port failed:" >&2
  tail -n 20 "$dir/server.log" "$dir/initdb.log" >&2 2>/dev/null || true
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 </dev/null || true
  port=$((port + 1))
  sleep 2
done
exit 1
