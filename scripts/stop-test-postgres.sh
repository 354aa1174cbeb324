#!/usr/bin/env bash
# Stops the throwaway PostgreSQL server that start-test-postgres.sh started in DIR.
set -uo pipefail
dir=${1:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -d "$dir/data" ] || exit 0
run=()
[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 </dev/null
rm -rf "$dir"
