"""Workload ``rubi_special``: parse + d/dx of the Rubi special-function
corpus (``tests/data/rubi_special.txt``, 1,358 antiderivatives), symdiff
against sympy.

The timed call parses and differentiates every antiderivative by its
variable: symdiff's ``diff(parse(text), x)`` against sympy's
``diff(sympify(text), x)`` (``hyp2f1`` read as sympy's ``hyper``), sympy's
cache cleared before each sample as in ``parse_diff_integrals`` (a user
differentiating new text gets no memoised derivative). ``--quick`` times
every 20th row; a full run also times both systems slice by slice in turn
(a note: the ratio under the same load). Answers are compared on every
25th timed row at one real point each (mpmath, 30 digits; rows whose value there is not finite are
NaN for both); the full 30-digit check against the integrands is
``tests/ad/test_rubi_special.py``.

``python -m benchmarks.wl_rubi_special [--quick]`` runs it alone.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

import symdiff

from . import anchors, sizes
from .timing import Inspection, Session

NAME = "rubi_special"
WORKLOADS = (NAME,)
TESTS = Path(__file__).resolve().parent.parent / "tests"
QUICK_STEP, CHECK_STEP = 20, 25


def corpus() -> list[tuple[str, str]]:
    """(antiderivative, variable) per corpus row."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from ad.rubi_special import rows
    return [(F, x) for _, F, x, _ in rows()]


def _values(results, data, sympy) -> np.ndarray:
    """Every CHECK_STEP-th derivative at one real point (30-digit mpmath);
    NaN where the value is not finite. ``results`` are sympy expressions."""
    from ad.rubi_special import Skip, _evaluator, _point
    out = []
    for i in range(0, len(data), CHECK_STEP):
        d, x = results[i], data[i][1]
        syms = sorted(d.free_symbols | {sympy.Symbol(x)}, key=str)
        pt = _point(syms, sympy.Symbol(x), random.Random(i), False)
        try:
            out.append(complex(_evaluator(d, syms)(pt)))
        except (Skip, ValueError, ZeroDivisionError, TypeError, OverflowError):
            out.append(complex("nan"))
    return np.array(out)


def _symdiff(data):
    sympy = anchors.get("sympy")

    def inspect(res) -> Inspection:
        vals = None if sympy is None else _values([symdiff.to_sympy(d) for d in res], data, sympy)
        return Inspection(sizes.symdiff_size(res), vals)
    return (lambda: [symdiff.diff(symdiff.parse(F), x) for F, x in data]), inspect


def _sympy(data):
    sympy = anchors.get("sympy")
    loc = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z)}

    def inspect(res) -> Inspection:
        return Inspection(sizes.sympy_size(res, cse_limit=0), _values(res, data, sympy))
    return (lambda: [sympy.diff(sympy.sympify(F, locals=loc), sympy.Symbol(x))
                     for F, x in data]), inspect


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    data = corpus()
    if s.quick:
        data = data[::QUICK_STEP]
    n = len(data)
    s.case(NAME, n, "symdiff", lambda: _symdiff(data))
    s.case(NAME, n, "sympy", lambda: _sympy(data), exponent=1.0)
    s.check(NAME, n, rtol=1e-12)
    if not s.quick and anchors.get("sympy") is not None:
        t_ours, t_sympy = interleaved(data)
        s.note(NAME, f"interleaved (10 slices, each system in turn on each): symdiff "
                     f"{t_ours:.2f} s, sympy {t_sympy:.1f} s, x{t_sympy / t_ours:.1f}")


def interleaved(data, slices: int = 10) -> tuple[float, float]:
    """Total seconds of symdiff and of sympy over the corpus, timed slice by
    slice in turn (rows k, k + slices, ...), so that both see the same load
    on a shared machine; sympy's cache cleared once, before its first slice
    (as before a whole pass: later slices find what earlier ones cached)."""
    import gc
    import time
    from sympy.core.cache import clear_cache
    totals = [0.0, 0.0]
    for k in range(slices):
        part = data[k::slices]
        ours, _ = _symdiff(part)
        theirs, _ = _sympy(part)
        for i, fn in enumerate((ours, theirs)):
            if i and not k:            # once, as before a whole pass
                clear_cache()
            gc.collect()
            t0 = time.perf_counter()
            fn()
            totals[i] += time.perf_counter() - t0
    return totals[0], totals[1]


def main(argv=None) -> int:
    import argparse
    from . import report
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    s = Session(quick=args.quick, only=[NAME])
    run(s)
    report.print_report(s)
    return 1 if s.disagreements or s.failures else 0


if __name__ == "__main__":
    sys.exit(main())
