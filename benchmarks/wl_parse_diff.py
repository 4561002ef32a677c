"""Workloads ``parse_diff_readme`` and ``parse_diff_integrals``: text in,
derivative out.

This is the everyday use: a string is parsed and differentiated once, so
parsing counts. ``parse_diff_readme`` is the README example
``(x1+x2)*x1**2`` by x1. ``parse_diff_integrals`` differentiates every
antiderivative of ``tests/data/integrals.txt`` by x: total time over the
corpus (the timed call does them all), plus the median over expressions of
the per-expression ratio (each expression timed alone, best of a few).
Only expressions every installed system can parse are timed; the others are
listed in a note.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

import symdiff

from . import anchors, check, sizes
from .timing import OK, Inspection, Session

README = "parse_diff_readme"
INTEGRALS = "parse_diff_integrals"
WORKLOADS = (README, INTEGRALS)
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "integrals.txt"
SYSTEMS = ("symdiff", "sympy", "symengine")


def load_corpus(path: Path = CORPUS) -> list[str]:
    """Antiderivatives from ``category | integrand | antiderivative`` lines."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2]:
            out.append(parts[2])
    return out


#: Names sympy reads as real symbols: the corpus is about real x (and real
#: parameters), and only then does sympy differentiate Abs(x) to sign(x).
SYMPY_REAL = ("x", "x1", "x2", "a", "b", "c")


def _sympy_symbol(name: str) -> Any:
    sympy = anchors.get("sympy")
    return sympy.Symbol(name, real=True) if name in SYMPY_REAL else sympy.Symbol(name)


# -- one function per system: text list -> derivative list (the timed work) --

def _parse_diff_fn(system: str, var: str) -> Callable[[list[str]], list[Any]]:
    if system == "symdiff":
        return lambda texts: [symdiff.diff(symdiff.parse(t), var) for t in texts]
    if system == "sympy":
        sympy = anchors.get("sympy")
        ns = {n: _sympy_symbol(n) for n in SYMPY_REAL}
        v = _sympy_symbol(var)
        return lambda texts: [sympy.diff(sympy.sympify(t, locals=ns), v) for t in texts]
    se = anchors.get("symengine")
    v = se.Symbol(var)
    return lambda texts: [se.diff(se.sympify(t), v) for t in texts]


def _values(system: str, results: list[Any], names: list[list[str]], points: list[np.ndarray]) -> np.ndarray:
    """Each derivative evaluated at its own check points, concatenated."""
    out = []
    for expr, nm, pts in zip(results, names, points):
        if system == "symdiff":
            out.append(check.symdiff_values([expr], nm, pts))
        elif system == "sympy":
            out.append(check.sympy_values([expr], [_sympy_symbol(n) for n in nm], pts))
        else:
            se = anchors.get("symengine")
            out.append(check.symengine_values([expr], [se.Symbol(n) for n in nm], pts))
    return np.concatenate([o.ravel() for o in out]) if out else np.array([])


def _sizes(system: str, results: list[Any]) -> Any:
    if system == "symdiff":
        return sizes.symdiff_size(results)
    if system == "sympy":
        return sizes.sympy_size(results)
    return sizes.symengine_size(results)


def _check_points(rng: np.random.Generator, texts: list[str], var: str) -> tuple[list, list]:
    """Per expression: its free-symbol names (``var`` first) and two points
    where symdiff's derivative is finite. x ranges over a few intervals
    (the corpus is valid for x > 0, some entries only for x < 1 or x > 1);
    parameters a, b, c are positive."""
    names, points = [], []
    for t in texts:
        d = symdiff.diff(symdiff.parse(t), var)
        nm = [var] + sorted({s.value for s in symdiff.parse(t).free} - {var})
        chosen = []
        for lo, hi in ((0.2, 0.9), (1.2, 2.5), (0.05, 0.2), (3.0, 6.0)):
            cand = rng.uniform(0.5, 2.0, size=(4, len(nm)))
            cand[:, 0] = rng.uniform(lo, hi, size=4)
            with np.errstate(all="ignore"):
                vals = check.symdiff_values([d], nm, cand)[:, 0]
            chosen += [c for c, v in zip(cand, vals) if np.isfinite(v) and abs(v) < 1e12]
            if len(chosen) >= 2:
                break
        names.append(nm)
        points.append(np.array(chosen[:2]).reshape(-1, len(nm)))
    return names, points


def _per_expression_times(fn: Callable[[list[str]], Any], texts: list[str], passes: int,
                          reset: Callable[[], None] | None = None) -> list[float]:
    """Each text's best time over ``passes`` passes through the whole corpus,
    with ``reset`` (sympy's cache clear) run untimed before each call, so no
    call is served a memoised derivative from an earlier pass."""
    best = [float("inf")] * len(texts)
    for _ in range(passes):
        for i, t in enumerate(texts):
            if reset is not None:
                reset()
            t0 = time.perf_counter()
            fn([t])
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def run(s: Session) -> None:
    if s.selected(README):
        _run_corpus(s, README, ["(x1+x2)*x1**2"], "x1")
    if s.selected(INTEGRALS):
        if not CORPUS.exists():
            s.note(INTEGRALS, f"skipped: corpus {CORPUS} is missing")
            return
        texts = load_corpus()
        if s.quick:
            texts = texts[::4]
        _run_corpus(s, INTEGRALS, texts, "x", per_expression=True)


def _run_corpus(s: Session, name: str, texts: list[str], var: str,
                per_expression: bool = False) -> None:
    """Keep the texts every installed system parses and differentiates,
    time each system on all of them, then check agreement."""
    active = [sy for sy in SYSTEMS if sy == "symdiff" or anchors.get(sy) is not None]
    dropped: dict[str, list[str]] = {}
    keep = []
    for t in texts:
        for sy in active:
            try:
                (d,) = _parse_diff_fn(sy, var)([t])
                if "Derivative" in str(d):
                    raise ValueError("unevaluated Derivative")
            except Exception as exc:
                why = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
                dropped.setdefault(sy, []).append(f"{t!r} ({why})")
                break
        else:
            keep.append(t)
    for sy, bad in dropped.items():
        s.note(name, f"{len(bad)} expression(s) left out, {sy} fails on them: " + "; ".join(bad[:5])
               + (" ..." if len(bad) > 5 else ""))
    if not keep:
        s.note(name, "nothing to time")
        return
    size = len(keep)
    names, points = _check_points(s.rng, keep, var)
    for sy in SYSTEMS:
        def setup(sy=sy):
            fn = _parse_diff_fn(sy, var)
            return (lambda: fn(keep)), (lambda res: Inspection(_sizes(sy, res), _values(sy, res, names, points)))
        # sympy's cache is cleared before each sample: the filtering pass
        # above (and earlier samples) would otherwise have memoised these
        # very derivatives, which a user differentiating new text never gets.
        s.case(name, size, sy, setup, clear_caches=True)
    s.check(name, size)
    if per_expression:
        _per_expression(s, name, size, keep, var)


def _ops(texts: list[str]) -> list[int]:
    """symdiff's count_ops of each parsed antiderivative (its size)."""
    return [symdiff.count_ops(symdiff.parse(t)) for t in texts]


def _per_expression(s: Session, name: str, size: int, texts: list[str], var: str) -> None:
    """Median over expressions of anchor_time / symdiff_time."""
    row = s.results[name][size]
    r = 2 if s.quick else 5
    fns = {sy: _parse_diff_fn(sy, var) for sy in SYSTEMS if row.get(sy) and row[sy].status == OK}
    if "symdiff" not in fns:
        return
    resets = {}
    if "sympy" in fns:
        from sympy.core.cache import clear_cache
        resets["sympy"] = clear_cache
    per = {sy: _per_expression_times(fn, texts, r, resets.get(sy)) for sy, fn in fns.items()}
    for sy in fns:
        if sy == "symdiff":
            continue
        ratios = [a / b for a, b in zip(per[sy], per["symdiff"])]
        med = statistics.median(ratios)
        row[sy].extra["median_per_expression_ratio"] = med
        s.note(name, f"median per-expression ratio {sy}/symdiff = {med:.2f} "
                     f"(range {min(ratios):.2f} .. {max(ratios):.2f}, {len(ratios)} expressions)")
        for lo, hi in ((0, 49), (50, 300)):
            sub = [r for r, n in zip(ratios, _ops(texts)) if lo <= n <= hi]
            if sub:
                row[sy].extra[f"median_ratio_ops_{lo}_{hi}"] = statistics.median(sub)
                s.note(name, f"  antiderivatives with {lo}-{hi} operations: median "
                             f"{sy}/symdiff = {statistics.median(sub):.2f} ({len(sub)} expressions)")
