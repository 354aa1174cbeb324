#!/usr/bin/env bash
# Installs from Debian's packages what the test suite runs against: PostgreSQL (cluster and
# persistence tests), ffmpeg/ffprobe (real sources and readers), icecast2 (the relay tests' upstream),
# HAProxy (the compose topology's balancer), Chromium (browser playback tests), npm (hls.js for the player
# page), the real source clients (liquidsoap, shout2send, ices2) and real listeners (streamripper, mpv, VLC,
# GStreamer), promtool (Prometheus' checker of /metrics) and aiosmtpd (an SMTP server for the alert mails).
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
# Real source clients (tests/Airwave.IntegrationTests/Sources): liquidsoap, GStreamer's shout2send with
# lamemp3enc (both in plugins-good), and ices2, which the node refuses until Ogg is supported.
command -v liquidsoap >/dev/null 2>&1 || needed+=(liquidsoap)
command -v gst-launch-1.0 >/dev/null 2>&1 || needed+=(gstreamer1.0-tools)
gst-inspect-1.0 shout2send >/dev/null 2>&1 && gst-inspect-1.0 lamemp3enc >/dev/null 2>&1 || needed+=(gstreamer1.0-plugins-good)
gst-inspect-1.0 audiotestsrc >/dev/null 2>&1 || needed+=(gstreamer1.0-plugins-base)
command -v ices2 >/dev/null 2>&1 || needed+=(ices2)
# openssl makes the secrets in docs/cluster.md's quickstart, which the suite runs as written.
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
# Real listeners of tests/Airwave.IntegrationTests/RealClients.
command -v streamripper >/dev/null 2>&1 || needed+=(streamripper)
command -v mpv >/dev/null 2>&1 || needed+=(mpv)
# VLC's smallest set that plays HTTP audio into a file (cvlc, the afile output and the MP3 decoder).
command -v cvlc >/dev/null 2>&1 || needed+=(vlc-bin vlc-plugin-base)
# gst-launch-1.0 with souphttpsrc (good), hlsdemux (bad) and decodebin (base).
gst-inspect-1.0 hlsdemux >/dev/null 2>&1 || needed+=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
# HAProxy runs deploy/haproxy.cfg in front of the slaves of the loopback compose topology (tests/Airwave.IntegrationTests/Deployment).
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || needed+=(haproxy)
# promtool (Debian ships it in the prometheus package) checks the node's /metrics as Prometheus parses it (tests/Airwave.IntegrationTests/Metrics).
command -v promtool >/dev/null 2>&1 || needed+=(prometheus)
# aiosmtpd is the SMTP server that takes the alert mails of tests/Airwave.IntegrationTests/Alerts.
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || needed+=(python3-aiosmtpd)
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
