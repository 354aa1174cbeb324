#!/usr/bin/env bash
# Start-up latency of on-demand transcode sessions: the time from POST /api/transcode to its answer, which comes once
# ffmpeg wrote two segments. A node loops the demo chime on /live; each request asks for a new session (a different
# offset, so none is reused) and the session is stopped before the next.
#
#   bench/transcode-sessions/run.sh [--runs N] [--profile "codec = aac, bitrate = 48k, channels = 1"] [--segment 4s]
#
# AIRWAVE_BIN points at an `airwave` executable (default: a Release publish in /tmp/airwave-bench-bin, made if missing).
set -euo pipefail
runs=10
profile="codec = aac, bitrate = 48k, channels = 1"
segment=4s
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --segment) segment=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AIRWAVE_BIN:-/tmp/airwave-bench-bin/airwave}
if [[ ! -x $bin ]]; then
  dotnet publish "$repo/src/Airwave.Node" -c Release -o "$(dirname "$bin")" >/dev/null
fi

work=$(mktemp -d)
trap 'kill $node 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/node.conf" <<CONF
airwave {
  data-dir = "$work/data"
  http.port = 18300
  admin.port = 19300
  transcoding.profiles.bench { $profile }
  transcoding.sessions { max-per-source = 1000, max-per-user = 1000, segment-duration = $segment }
  channels.live.loop-file = "assets/demo.mp3"
}
CONF
"$bin" serve -c "$work/node.conf" > "$work/node.log" 2>&1 &
node=$!
until curl -sf http://127.0.0.1:19300/healthz >/dev/null; do sleep 0.2; done
# Enough rewind for every offset asked for.
sleep $((runs + 15))
token=$(cat "$work/data/admin.token")
times=()
for i in $(seq 1 "$runs"); do
  answer=$(curl -s -w ' %{time_total}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"channel\":\"live\",\"profile\":\"bench\",\"user\":\"u$i\",\"offset\":\"$((i + 3))\"}" http://127.0.0.1:19300/api/transcode)
  id=$(sed -E 's/.*"id":"([0-9a-f]+)".*/\1/' <<<"$answer")
  times+=("${answer##* }")
  curl -s -X DELETE -H "Authorization: Bearer $token" "http://127.0.0.1:19300/api/transcode/$id" >/dev/null
done
printf '%s\n' "${times[@]}" | sort -n | awk -v profile="$profile" -v segment="$segment" '
  { t[NR] = $1; sum += $1 }
  END { printf "profile { %s }, segments %s, %d sessions: median %.2f s, min %.2f s, max %.2f s, mean %.2f s\n", profile, segment, NR, t[int((NR + 1) / 2)], t[1], t[NR], sum / NR }'
