#!/usr/bin/env bash
# Builds the `airwave` executable once, so users run `./bin/airwave serve` and `./bin/airwave channels list`
# instead of `dotnet run` (which rebuilds and takes seconds per CLI call).
# Usage: scripts/build.sh [OUTPUT_DIR [DOTNET_PUBLISH_OPTIONS...]]   (default: ./bin of the repository)
# The output holds everything `airwave serve` reads beside the executable: hocon/ (the embedded defaults),
# assets/ (the demo chime) and wwwroot/ (the player page; its hls.js comes from npm, see README.md). It is published for
# this machine's runtime with ReadyToRun code (src/Airwave.Node/Airwave.Node.csproj), so it needs that runtime to run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/bin}
shift $(($# > 0 ? 1 : 0))
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET 10 SDK is missing (dotnet not on PATH): https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "build.sh: npm not found: the player page (/static/player.html) will lack hls.js and play HLS only where the browser does (apt-get install npm)" >&2
fi
dotnet publish "$repo/src/Airwave.Node" -c Release -o "$out" --nologo -v quiet "$@"
echo "built $out/airwave: run $out/airwave serve (data goes to ./data of the directory you start it in)"
