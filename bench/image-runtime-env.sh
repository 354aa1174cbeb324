#!/usr/bin/env bash
# Prints the runtime settings the container image gives the node, as VAR=value words: the Dockerfile's ENV variables
# other than the node's own (AIRWAVE__...) and PATH. The listener benchmarks start the published node with them, so it
# runs as the image runs it (e.g. MALLOC_ARENA_MAX, which glibc reads only when the process starts).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sed -n 's/^ENV //p' "$repo/Dockerfile" | tr ' ' '\n' | grep -v -e '^AIRWAVE__' -e '^PATH=' -e '^$' || true
