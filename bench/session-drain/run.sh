#!/usr/bin/env bash
# Session drain/resume measurement: a standalone node serves N raw listeners of /demo (half live, half time-shifted),
# is stopped with SIGTERM (or killed with SIGKILL), restarted on the same data, and every listener reconnects with its
# ?sid=. Reports how many came back, whether the drained streams ended between frames, and how far from the last byte
# each one heard the resumed stream starts (located in the demo loop).
#
#   bench/session-drain/run.sh [--listeners 40] [--listen 8] [--stop term|kill] [--drain-delay 0s]
#
# AIRWAVE_DLL overrides the node assembly (default: a Release build of src/Airwave.Node).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dll=${AIRWAVE_DLL:-}
if [[ -z $dll ]]; then
  dotnet build "$repo/src/Airwave.Node" -c Release -v q -nologo >/dev/null
  dll=$repo/src/Airwave.Node/bin/Release/net10.0/airwave.dll
fi

exec python3 "$here/drain.py" --dll "$dll" --demo "$repo/src/Airwave.Node/Assets/demo.mp3" "$@"
