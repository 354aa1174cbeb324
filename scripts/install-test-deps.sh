#!/usr/bin/env bash
# Installs from Debian's packages what the test suite runs against: PostgreSQL (cluster and
# persistence tests) and ffmpeg/ffprobe (real sources and readers). Idempotent and non-interactive.
set -euo pipefail
needed=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || needed+=(postgresql)
command -v ffmpeg >/dev/null 2>&1 || needed+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || needed+=(ffmpeg)
command -v curl >/dev/null 2>&1 || needed+=(curl)
if [ ${#needed[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing test dependencies: ${needed[*]}"
  $sudo apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" </dev/null >/dev/null
fi
