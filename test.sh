#!/usr/bin/env bash
# Installs what the tests need, starts a throwaway PostgreSQL on loopback and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-deps.sh
pgdir=${AIRWAVE_TEST_PG_DIR:-/tmp/airwave-test-pg-$$}
pgport=${AIRWAVE_TEST_PG_PORT:-55432}
trap 'scripts/stop-test-postgres.sh "$pgdir"' EXIT
pgenv=$(scripts/start-test-postgres.sh "$pgdir" "$pgport")
eval "$pgenv"
dotnet test Cluster.sln -c Release --logger "console;verbosity=normal" "$@"
