#!/usr/bin/env bash
# Pull-ingest benchmark: one node pulls N 128 kbps MP3 channels (default 200) from a local paced
# upstream (serve.py) and the node's CPU (share of one core) and memory are sampled after a warm-up.
#
#   bench/pull-ingest/run.sh [--channels 200] [--warmup 20] [--duration 60]
#
# AIRWAVE_DLL overrides the node assembly (default: a Release build of src/Airwave.Node).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fixture=$repo/../shared/fixtures/tone-128k-44100-stereo.mp3
channels=200
warmup=20
duration=60
while (($#)); do
  case $1 in
    --channels) channels=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) sed -n '2,7p' "$0"; exit 2 ;;
  esac
done

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dll=${AIRWAVE_DLL:-}
if [[ -z $dll ]]; then
  dotnet build "$repo/src/Airwave.Node" -c Release -v q -nologo >/dev/null
  dll=$repo/src/Airwave.Node/bin/Release/net10.0/airwave.dll
fi

upstream_port=18700
http_port=18701
admin_port=18702
python3 "$here/serve.py" "$upstream_port" "$fixture" 16000 &
pids+=($!)

{
  echo "airwave {"
  echo "  data-dir = \"$work/data\""
  echo "  http.port = $http_port"
  echo "  admin { port = $admin_port, token = \"bench\" }"
  echo "  channel-defaults { rewind = 10m, dump-interval = 1h }"
  echo "  channels {"
  for ((i = 0; i < channels; i++)); do
    echo "    pull$i { upstreams = [ { url = \"http://127.0.0.1:$upstream_port/stream/$i\", type = icecast } ] }"
  done
  echo "  }"
  echo "}"
} >"$work/node.conf"

dotnet "$dll" serve --config "$work/node.conf" >"$work/node.log" 2>&1 &
node=$!
pids+=($node)

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep "$warmup"
streaming=$(curl -s -H 'Authorization: Bearer bench' "http://127.0.0.1:$admin_port/api/channels" | grep -o '"source":"connected"' | wc -l)
start_ticks=$(cpu_ticks "$node")
start_time=$(date +%s.%N)
sleep "$duration"
end_ticks=$(cpu_ticks "$node")
end_time=$(date +%s.%N)
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$node/status")
bytes_in=$(curl -s -H 'Authorization: Bearer bench' "http://127.0.0.1:$admin_port/api/channels" | grep -o '"bytesIn":[0-9]*' | awk -F: '{s += $2} END {print s}')
cpu=$(echo "($end_ticks - $start_ticks) / $ticks / ($end_time - $start_time) * 100" | bc -l)
printf '| channels pulled | streaming | node CPU (%% of one core) | node RSS | audio ingested |\n| --- | --- | --- | --- | --- |\n'
printf '| %d | %d | %.1f %% | %d MiB | %d MiB |\n' "$channels" "$streaming" "$cpu" "$((rss_kb / 1024))" "$((bytes_in / 1048576))"
