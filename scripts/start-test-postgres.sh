#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and prints the connection string.
# Usage: eval "$(scripts/start-test-postgres.sh DIR PORT)"  — exports AIRWAVE_TEST_POSTGRES and
# PG_TEST_DIR; stop it with scripts/stop-test-postgres.sh DIR.
set -euo pipefail
dir=${1:?data directory}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=()
if [ "$(id -u)" -eq 0 ]; then
  run=(runuser -u postgres --)
fi
rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
"${run[@]}" "$bin/initdb" -D "$dir/data" -U airwave --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 </dev/null
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=on" start >/dev/null </dev/null
"${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U airwave airwave_test </dev/null
echo "export AIRWAVE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=airwave;Database=airwave_test;Pooling=true;Maximum Pool Size=50'"
