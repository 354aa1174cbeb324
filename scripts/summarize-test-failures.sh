#!/usr/bin/env bash
# Repeats every failed test of a `dotnet test` console log (verbosity normal) with its message and the first lines
# of its stack trace, and every test host that aborted, then the failed tests' names one per line, so the end of the
# output says what went wrong.
set -euo pipefail
log=$1
awk '
  /^  Failed [^ ]/ { names[++failures] = $2; printing = 1; lines = 0; print ""; print; next }
  printing && /^  (Passed|Failed|Skipped) / { printing = 0 }
  printing && /^\[xUnit\.net|^\[(INFO|WARNING|ERROR|DEBUG)\]/ { next }
  printing { if (++lines <= 30) print; else printing = 0 }
  /Test Run Aborted|The active test run was aborted|Test host process crashed/ { aborted++; print; }
  END {
    if (failures + aborted == 0) { print "test summary: no failed tests" }
    else {
      print ""
      for (i = 1; i <= failures; i++) print "failed: " names[i]
      printf "test summary: %d failed test(s), %d aborted test run(s) (details above)\n", failures, aborted
    }
  }
' "$log"
