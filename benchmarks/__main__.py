"""``python -m benchmarks``: run the workloads, print tables, optionally
write JSON and a plot.

Exit status: 0 when every symdiff case ran and all systems agreed
numerically, 1 on any DISAGREE or symdiff failure, 2 on bad usage.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import report, wl_compiled, wl_long_product, wl_parse_diff, wl_rosenbrock, wl_swell
from .timing import Session

FAMILIES = (wl_parse_diff, wl_swell, wl_long_product, wl_rosenbrock, wl_compiled)
WORKLOADS = tuple(name for fam in FAMILIES for name in fam.WORKLOADS)
PLOT_PATH = Path(__file__).resolve().parent / "results.png"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time symdiff against sympy, symengine, casadi, jax and numexpr "
                    "(each optional). Workloads: " + ", ".join(WORKLOADS))
    p.add_argument("--quick", action="store_true",
                   help="small sizes and few repeats (CI smoke run, well under a minute)")
    p.add_argument("--only", action="append", metavar="NAME", default=[],
                   help="run workloads whose name contains NAME (repeatable)")
    p.add_argument("--json", metavar="FILE", help="write machine-readable results to FILE")
    p.add_argument("--plot", action="store_true",
                   help="plot time vs size into benchmarks/results.png (needs matplotlib)")
    args = p.parse_args(argv)
    unknown = [o for o in args.only if not any(o in w for w in WORKLOADS)]
    if unknown:
        p.error(f"--only {', '.join(unknown)} matches no workload (choose from {', '.join(WORKLOADS)})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = report.environment()
    print(report.header(env, args.quick), flush=True)
    print("\nrunning (workload, size, system: median, repeats):", flush=True)
    session = Session(quick=args.quick, only=args.only)
    t0 = time.perf_counter()
    for family in FAMILIES:
        family.run(session)
    elapsed = time.perf_counter() - t0
    report.print_report(session)
    print(f"\ntotal wall time {elapsed:.1f} s")
    if args.json:
        env["wall_time_s"] = elapsed
        report.write_json(session, env, args.json)
    if args.plot:
        report.plot(session, PLOT_PATH)
    if session.disagreements or session.failures:
        print("\nFAILED: " + ("DISAGREE " if session.disagreements else "")
              + ("symdiff failures" if session.failures else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
