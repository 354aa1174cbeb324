#!/usr/bin/env bash
# Installs what the tests need, starts a throwaway PostgreSQL on loopback and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-deps.sh
# The audio fixtures live in shared/ beside the repository; a clone made elsewhere finds them beside its origin.
if [[ -z ${AIRWAVE_FIXTURES:-} && ! -d ../shared/fixtures ]]; then
  origin=$(git remote get-url origin 2>/dev/null || true)
  if [[ -d $origin/../shared/fixtures ]]; then
    AIRWAVE_FIXTURES=$(cd "$origin/../shared/fixtures" && pwd)
    export AIRWAVE_FIXTURES
  else
    echo "test.sh: no shared/fixtures beside the repository (or its origin); set AIRWAVE_FIXTURES" >&2
    exit 1
  fi
fi
pgdir=${AIRWAVE_TEST_PG_DIR:-/tmp/airwave-test-pg-$$}
pgport=${AIRWAVE_TEST_PG_PORT:-55432}
trap 'scripts/stop-test-postgres.sh "$pgdir"' EXIT
pgenv=$(scripts/start-test-postgres.sh "$pgdir" "$pgport")
eval "$pgenv"
# The projects' output interleaves and CI keeps only the tail, so every failure is repeated at the very end.
log=${AIRWAVE_TEST_LOG:-TestResults/test.log}
mkdir -p "$(dirname "$log")"
status=0
# A test that hangs is killed after 10 minutes and named, instead of running into CI's limit.
dotnet test Cluster.sln -c Release --logger "console;verbosity=normal" --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
scripts/summarize-test-failures.sh "$log"
exit "$status"
