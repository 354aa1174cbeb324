#!/usr/bin/env bash
# Installs from Debian's packages what the test suite runs against: PostgreSQL (cluster and
# persistence tests), ffmpeg/ffprobe (real sources and readers), icecast2 (the relay tests' upstream)
# Chromium (browser playback tests) and npm (hls.js for the player page).
# Idempotent and non-interactive.
set -euo pipefail
needed=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || needed+=(postgresql)
command -v ffmpeg >/dev/null 2>&1 || needed+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || needed+=(ffmpeg)
command -v curl >/dev/null 2>&1 || needed+=(curl)
# Icecast 2 is the real upstream of the relay tests (tests/Airwave.IntegrationTests/Pulling).
command -v icecast2 >/dev/null 2>&1 || needed+=(icecast2)
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
# npm installs hls.js for the player page (src/Airwave.Node/package.json) during the build.
command -v npm >/dev/null 2>&1 || needed+=(npm)
if [ ${#needed[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing test dependencies: ${needed[*]}"
  # icecast2's debconf would ask for host name and passwords; the tests write their own configuration.
  echo "icecast2 icecast2/icecast-setup boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" </dev/null >/dev/null
fi
