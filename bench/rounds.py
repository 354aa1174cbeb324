#!/usr/bin/env python3
"""Two servers measured in rounds (bench/segments-vs-nginx, bench/splice-vs-send): each round's rates and CPU per
1,000 answers, their ratios, and the medians of the ratios, as Markdown.

    printf 'ROUND X_RPS X_CPU Y_RPS Y_CPU\\n...' | rounds.py X_NAME Y_NAME

Ratios are X / Y. The median of the rounds' ratios, not the ratio of the medians: the two runs of a round share what
else the machine did meanwhile, which is what the ratio is meant to cancel.
"""
import statistics
import sys


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    x, y = argv[1], argv[2]
    rows = [line.split() for line in sys.stdin if line.strip()]
    print(f"| round | {x} req/s | {y} req/s | rate, {x} / {y} | {x} CPU ms per 1,000 answers | {y} CPU ms per 1,000 answers | CPU per answer, {x} / {y} |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rates, cpus = [], []
    for round_, x_rps, x_cpu, y_rps, y_cpu in rows:
        rates.append(float(x_rps) / float(y_rps))
        cpus.append(float(x_cpu) / float(y_cpu))
        print(f"| {round_} | {x_rps} | {y_rps} | {rates[-1]:.2f} | {x_cpu} | {y_cpu} | {cpus[-1]:.2f} |")
    print(f"\nmedian of {len(rows)} rounds: {x} / {y} = {statistics.median(rates):.2f} on the rate, "
          f"{statistics.median(cpus):.2f} on CPU per answer")


if __name__ == "__main__":
    main(sys.argv)
