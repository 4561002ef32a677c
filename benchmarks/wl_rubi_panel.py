"""Workload ``rubi_panel``: ``symdiff.simplify`` on the derivatives of the
multi-parameter Rubi antiderivatives in ``tests/data/rubi_panel.txt``
(issue 19's second panel), against ``sympy.simplify``'s size and time
recorded once in that file (sympy is not rerun here).

For each row (integrand f, antiderivative F, every symbol positive):
``d = symdiff.diff(F, x)`` (untimed), then ``symdiff.simplify(d)`` timed
from cleared caches (the collector paused, as in ``wl_simplify``), wall
time as the file's sympy times (CPU time reported beside it). Sizes
are sympy's ``count_ops`` of the printed result (sympified with the same
positive symbols), as the file records sympy's. Every result is checked
against the integrand at 3 positive real points, 30-digit mpmath; a wrong
one fails the run.

Figures (notes): share of rows whose size <= sympy.simplify's (rows where
sympy finished; target >= 80 %), total size vs sympy's, rows reaching the
integrand's size, median and p90 of the per-row time ratio sympy/symdiff
(sympy's timeouts counted at the limit: lower bounds), slowest row, wrong
results. ``--quick`` runs QUICK_CASES evenly spaced rows.

``python -m benchmarks.wl_rubi_panel [--quick] [--json FILE]`` runs it alone.
"""
from __future__ import annotations

import gc
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import symdiff

from . import anchors
from .timing import ERROR, NOT_IMPLEMENTED, OK, Entry, Session, fmt_time


NAME = "rubi_panel"
WORKLOADS = (NAME,)
PANEL = Path(__file__).resolve().parent.parent / "tests" / "data" / "rubi_panel.txt"
QUICK_CASES = 6
DPS, NPOINTS = 30, 3


@dataclass
class Row:
    integrand: str
    antiderivative: str
    variable: str
    source: str
    sympy_ops: int | None       # None: sympy.simplify timed out
    sympy_s: float


@dataclass
class Case:
    source: str
    integrand_ops: int | None = None
    raw_ops: int | None = None           # sympy count_ops of symdiff's d/dx F
    symdiff_ops: int | None = None
    symdiff_s: float | None = None       # wall time, as the file's sympy times
    symdiff_cpu_s: float | None = None
    symdiff_result: str | None = None
    ok: bool | None = None
    error: str | None = None
    sympy_ops: int | None = None
    sympy_s: float | None = None


def timed(fn):
    """(result, wall seconds, CPU seconds) of one call, the collector paused
    after a collection (as ``wl_simplify.timed``)."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        return out, time.perf_counter() - t0, time.process_time() - c0
    finally:
        gc.enable()


def read_panel(path: Path | None = None) -> list[Row]:
    """The rows of the panel file (format: see its header)."""
    out = []
    for raw in (path or PANEL).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        f, F, x, src, ops, secs = [p.strip() for p in raw.split(" ; ")]
        out.append(Row(f, F, x, src, None if ops == "timeout" else int(ops), float(secs)))
    return out


def names_of(row: Row, sympy) -> dict:
    """Every symbol of the row, positive (sympy symbols by name)."""
    found = sympy.sympify(row.integrand).free_symbols | sympy.sympify(row.antiderivative).free_symbols
    return {s.name: sympy.Symbol(s.name, positive=True) for s in found}


def printed_ops(e, syms: dict, sympy) -> int:
    """sympy's count_ops of ``str(e)`` read back with positive symbols."""
    return int(sympy.count_ops(sympy.sympify(str(e), locals=syms)))


def agrees(result: str, row: Row, syms: dict, sympy, seed: int = 19) -> bool:
    """``result`` equals the integrand at NPOINTS positive real points where
    the integrand is real and finite, 30-digit mpmath."""
    import mpmath
    names = sorted(syms)
    args = [syms[n] for n in names]
    f = sympy.lambdify(args, sympy.sympify(row.integrand, locals=syms), "mpmath")
    g = sympy.lambdify(args, sympy.sympify(result, locals=syms), "mpmath")
    rng, good = random.Random(seed), 0
    with mpmath.workdps(DPS):
        for _ in range(20 * NPOINTS):
            pt = [mpmath.mpf(rng.choice((rng.uniform(0.2, 0.9), rng.uniform(1.1, 2.5))))
                  if n == row.variable else mpmath.mpf(rng.uniform(0.5, 2.0)) for n in names]
            try:
                fv = mpmath.mpmathify(f(*pt))
                gv = mpmath.mpmathify(g(*pt))
            except (ValueError, ZeroDivisionError, OverflowError):
                continue
            if not mpmath.isfinite(fv) or abs(mpmath.im(fv)) > 1e-20 * (1 + abs(fv)):
                continue
            if not mpmath.isfinite(gv) or abs(gv - fv) > mpmath.mpf(10) ** -20 * max(1, abs(fv)):
                return False
            good += 1
            if good == NPOINTS:
                return True
    return good > 0


def run_case(row: Row, sympy) -> Case:
    c = Case(row.source, sympy_ops=row.sympy_ops, sympy_s=row.sympy_s)
    syms = names_of(row, sympy)
    assume = {n: "positive" for n in syms}
    try:
        F = symdiff.parse(row.antiderivative, assume=assume)
        d = symdiff.diff(F, row.variable)
        symdiff.rewrite.strategy.clear_caches()
        s, c.symdiff_s, c.symdiff_cpu_s = timed(lambda: symdiff.simplify(d))
        c.symdiff_result = str(s)
        c.symdiff_ops = printed_ops(s, syms, sympy)
        c.raw_ops = printed_ops(d, syms, sympy)
        c.integrand_ops = int(sympy.count_ops(sympy.sympify(row.integrand, locals=syms)))
        c.ok = agrees(c.symdiff_result, row, syms, sympy)
    except Exception as exc:  # a result, reported as a failure
        c.error = f"{type(exc).__name__}: {exc}"[:300]
    return c


def run_panel(quick: bool, progress: bool = True) -> list[Case]:
    sympy = anchors.get("sympy")
    rows = read_panel()
    if quick:
        step = max(1, len(rows) // QUICK_CASES)
        rows = rows[::step][:QUICK_CASES]
    out, every = [], max(1, len(rows) // 4)
    try:
        for i, row in enumerate(rows):
            out.append(run_case(row, sympy))
            if progress and (i + 1) % every == 0:
                print(f"  [{NAME}] {i + 1}/{len(rows)} rows", flush=True)
    finally:
        gc.unfreeze()                 # (frozen by timed)
        gc.collect()
    return out


def _pct(values: list, q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    k = (len(v) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary(cases: list[Case]) -> dict:
    """The issue's figures from the cases."""
    done = [c for c in cases if c.symdiff_ops is not None]
    both = [c for c in done if c.sympy_ops is not None]
    ratios = [c.sympy_s / c.symdiff_s for c in done if c.symdiff_s]
    slow = max(done, key=lambda c: c.symdiff_s, default=None)
    return {
        "rows": len(cases),
        "compared": len(both),
        "le_sympy": sum(c.symdiff_ops <= c.sympy_ops for c in both),
        "le_sympy_share": (sum(c.symdiff_ops <= c.sympy_ops for c in both) / len(both)
                           if both else float("nan")),
        "symdiff_total": sum(c.symdiff_ops for c in both),
        "sympy_total": sum(c.sympy_ops for c in both),
        "raw_total": sum(c.raw_ops for c in both),
        "symdiff_total_all": sum(c.symdiff_ops for c in done),
        "reaches_integrand": sum(c.symdiff_ops <= c.integrand_ops for c in done),
        "sympy_reaches_integrand": sum(c.sympy_ops <= c.integrand_ops for c in both),
        "sympy_timeouts": sum(c.sympy_ops is None for c in cases),
        "ratio_p50": _pct(ratios, 50), "ratio_p90": _pct(ratios, 90),
        "symdiff_median_s": _pct([c.symdiff_s for c in done], 50),
        "symdiff_median_cpu_s": _pct([c.symdiff_cpu_s for c in done if c.symdiff_cpu_s], 50),
        "sympy_median_s": _pct([c.sympy_s for c in cases], 50),
        "slowest_s": slow.symdiff_s if slow else float("nan"),
        "slowest_row": slow.source if slow else "",
        "wrong": sum(c.ok is False for c in cases),
        "errors": sum(c.error is not None for c in cases),
    }


def notes_text(sm: dict) -> list[str]:
    return [
        f"{sm['rows']} Rubi rows (every symbol positive); printed size (sympy count_ops) "
        f"<= sympy.simplify's on {sm['le_sympy']}/{sm['compared']} = "
        f"{100 * sm['le_sympy_share']:.1f}% (target >= 80%; {sm['sympy_timeouts']} rows where "
        f"sympy timed out not compared)",
        f"total size {sm['symdiff_total']} vs sympy's {sm['sympy_total']} (unsimplified "
        f"derivatives: {sm['raw_total']}); integrand's size reached on "
        f"{sm['reaches_integrand']} rows (sympy {sm['sympy_reaches_integrand']} of "
        f"{sm['compared']})",
        f"time ratio sympy/symdiff per row (sympy recorded once, timeouts at the limit): "
        f"median {sm['ratio_p50']:.3g} (target >= 50), p90 {sm['ratio_p90']:.3g}; symdiff "
        f"median {fmt_time(sm['symdiff_median_s'])} (CPU {fmt_time(sm['symdiff_median_cpu_s'])}), "
        f"sympy median "
        f"{fmt_time(sm['sympy_median_s'])}",
        f"slowest row {fmt_time(sm['slowest_s'])} ({sm['slowest_row']}; target < 1 s); "
        f"wrong results {sm['wrong']} (target 0, 30 digits), errors {sm['errors']}",
    ]


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    if anchors.get("sympy") is None:
        s.record(NAME, 0, "symdiff", Entry(NOT_IMPLEMENTED, error="sympy is needed for sizes"))
        s.note(NAME, "skipped: sympy (sizes, checks) is not installed")
        return
    print(f"  {NAME}: running the panel ({'quick subset' if s.quick else 'all rows'})", flush=True)
    cases = run_panel(s.quick)
    sm = summary(cases)
    sd = [c.symdiff_s for c in cases if c.symdiff_s is not None]
    s.record(NAME, len(cases), "symdiff", Entry(OK if sd else ERROR, times=sd,
                                                 result_size=sm["symdiff_total_all"],
                                                 extra={"summary": sm}))
    s.record(NAME, len(cases), "sympy", Entry(OK, times=[c.sympy_s for c in cases],
                                               result_size=sm["sympy_total"]))
    for text in notes_text(sm):
        s.note(NAME, text)
    for c in cases:
        if c.ok is False or c.error:
            s.failures.append(f"{NAME} {c.source}: -> {c.symdiff_result}: {c.error or 'WRONG value'}")


def main(argv: list[str]) -> int:
    import argparse
    p = argparse.ArgumentParser(prog="python -m benchmarks.wl_rubi_panel")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", help="write every case and the summary to this file")
    args = p.parse_args(argv)
    cases = run_panel(args.quick)
    sm = summary(cases)
    print("\n".join(notes_text(sm)))
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": sm, "cases": [asdict(c) for c in cases]},
                                              indent=1) + "\n", encoding="utf-8")
    return 1 if sm["wrong"] or sm["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
