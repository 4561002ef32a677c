"""Workload ``simplify_panel``: ``symdiff.simplify`` against ``sympy.simplify``
on the derivatives of the textbook antiderivatives in
``tests/data/simplify_panel.txt`` (issue 6's quality and speed targets).

For each panel line (integrand f, antiderivative F, optional assumptions):

- symdiff: ``d = symdiff.diff(F, "x")`` (untimed), then ``symdiff.simplify(d)``
  timed, first call from cleared caches (``symdiff.rewrite.strategy.clear_caches()``),
  collector paused (see ``timed`` for how the heap is collected first);
- sympy: ``sympy.diff(F, x)`` (untimed), then ``sympy.simplify`` timed, first
  call from a cleared cache, with a per-case time limit (a case over it counts
  at the limit: a lower bound for sympy's time);
- each system runs all its cases in one loop, then the other (``run_panel``),
  and symdiff is timed once more right after sympy's call on each line (the
  interleaved figure, reported beside the main one);
- each time is the best of ``REPEATS`` such first calls, made in separate
  loops over the panel, for both systems alike (sympy: the cases whose
  first call took under ``REPEAT_MAX_S``; a longer one keeps its single
  time). One call of under a millisecond moved by a fifth between runs of
  the whole panel, so the median ratio did too; the first loop's times are
  reported beside (``*_first_s``, "single call");
- both results are evaluated (long double) at real points of the line's domain
  (f and F real, f well conditioned) and must equal the integrand (symdiff wrong = a failure of the run);
- sizes on one metric: ``symdiff.count_ops`` of symdiff's result and of sympy's
  result converted with ``symdiff.from_sympy``; sympy's own ``count_ops`` and
  the raw (unsimplified) derivative sizes are reported too.

Both systems get the same assumptions (the line's ``assume:`` field; plain
symbols otherwise). ``--quick`` runs an evenly spaced subset with a short time
limit. The table's "size" is the number of cases; its median times are the
medians over cases; the notes carry the targets: share of cases where
symdiff's count_ops <= sympy's (>= 80 %), per-case time ratio sympy/symdiff
p10/p50/p90/max (median >= 50), the slowest symdiff case (< 1 s), wrong
results (0), by category.

``python -m benchmarks.wl_simplify [--quick] [--limit S] [--json FILE]`` runs
this workload alone and writes every case (expressions, sizes, times) for
inspection.
"""
from __future__ import annotations

import contextlib
import gc
import json
import re
import signal
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

import symdiff

from . import anchors
from .timing import ERROR, NOT_IMPLEMENTED, OK, Entry, Session, fmt_time

NAME = "simplify_panel"
WORKLOADS = (NAME,)
PANEL = Path(__file__).resolve().parent.parent / "tests" / "data" / "simplify_panel.txt"
QUICK_CASES = 12
LIMIT_S, QUICK_LIMIT_S = 10.0, 3.0
REPEATS, REPEAT_MAX_S = 3, 0.25
NPTS, MIN_GOOD, RTOL = 200, 3, 1e-6
COND_H, MAX_COND = 1e-12, 1e4
X_INTERVALS = ((0.05, 0.95), (0.1, 0.9), (1.05, 3.0), (3.0, 7.0))


@dataclass
class Line:
    lineno: int
    category: str
    integrand: str
    antiderivative: str
    assume: dict = field(default_factory=dict)


@dataclass
class Case:
    """Everything measured on one panel line (JSON-able)."""

    lineno: int
    category: str
    integrand: str
    antiderivative: str
    raw_ops: int | None = None            # symdiff.count_ops of d/dx F (unsimplified)
    raw_sympy_ops: int | None = None      # sympy.count_ops of sympy's d/dx F
    integrand_ops: int | None = None
    symdiff_s: float | None = None
    symdiff_ops: int | None = None
    symdiff_result: str | None = None
    symdiff_ok: bool | None = None
    symdiff_error: str | None = None
    symdiff_sympy_ops: int | None = None  # sympy.count_ops(to_sympy(result))
    sympy_s: float | None = None
    sympy_timed_out: bool = False
    sympy_ops: int | None = None          # symdiff.count_ops(from_sympy(result))
    sympy_own_ops: int | None = None      # sympy.count_ops(result)
    sympy_result: str | None = None
    sympy_ok: bool | None = None
    sympy_error: str | None = None
    symdiff_after_sympy_s: float | None = None   # symdiff timed right after sympy's call
    symdiff_first_s: float | None = None  # the first loop's time (symdiff_s: best of REPEATS)
    sympy_first_s: float | None = None


def read_panel(path: Path = PANEL) -> list[Line]:
    """The panel's entries (format: see the head of the panel file)."""
    out = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        parts = [p.strip() for p in text.split("|")]
        assume: dict[str, tuple[str, ...]] = {}
        if len(parts) == 4:
            for item in parts[3].removeprefix("assume:").split(","):
                k, _, v = item.strip().partition("=")
                assume[k.strip()] = assume.get(k.strip(), ()) + (v.strip(),)
        out.append(Line(lineno, parts[0], parts[1], parts[2], assume))
    return out


def names_of(line: Line) -> list[str]:
    found = set(re.findall(r"[A-Za-z_]\w*", line.integrand + " " + line.antiderivative))
    return sorted(n for n in found | {"x"} if len(n) == 1 and n != "E")


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``Timeout`` inside the block after ``seconds`` (main thread,
    POSIX; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _raise(signum, frame):
        raise Timeout

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def timed(fn):
    """(result, seconds) of one call with the collector paused.

    The heap is collected before the call, then frozen (``gc.freeze``), so
    the next case's collection walks only what was allocated since instead
    of the whole heap. A full walk of the heap (sympy's import alone is
    ~65k objects) evicts the CPU caches right before the timed call: on this
    machine that made a 90 us simplify measure 310 us, a cost of the
    harness, not of the call. Both systems are timed this way;
    ``run_panel`` unfreezes the heap at the end."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        t0 = time.perf_counter()
        out = fn()
        return out, time.perf_counter() - t0
    finally:
        gc.enable()


def sd_parse(text: str, assume: dict):
    if assume:
        try:
            return symdiff.parse(text, assume=assume)
        except TypeError:  # parse without assumptions support
            pass
    return symdiff.parse(text)


def domain_points(line: Line, names: list[str], rng) -> dict[str, np.ndarray]:
    lo, hi = np.array(X_INTERVALS).T
    pick = rng.integers(0, len(lo), NPTS)
    pts = {}
    for n in names:
        if "integer" in line.assume.get(n, ()):
            pts[n] = rng.integers(1, 5, NPTS).astype(np.clongdouble)
        elif n == "x":
            pts[n] = rng.uniform(lo[pick], hi[pick]).astype(np.clongdouble)
        else:
            pts[n] = rng.uniform(0.5, 2.0, NPTS).astype(np.clongdouble)
    return pts


def _real(v):
    return np.isfinite(v) & (abs(v.imag) <= 1e-12 * np.maximum(1.0, abs(v.real)))


def agrees(ref, val) -> bool:
    err = abs(ref - val) / np.maximum(np.maximum(abs(ref), abs(val)), 1e-8)
    return bool(np.all(np.isfinite(val)) and np.all(err <= RTOL))


def symdiff_part(line: Line) -> tuple:
    """Case, antiderivative, derivative and result of symdiff on one line
    (the simplify call timed)."""
    c = Case(line.lineno, line.category, line.integrand, line.antiderivative)
    F = sd_parse(line.antiderivative, line.assume)
    d = symdiff.diff(F, "x")
    c.raw_ops = symdiff.count_ops(d)
    s = None
    try:
        symdiff.rewrite.strategy.clear_caches()      # a first call, as sympy's
        s, c.symdiff_s = timed(lambda: symdiff.simplify(d))
        c.symdiff_first_s = c.symdiff_s
        c.symdiff_ops, c.symdiff_result = symdiff.count_ops(s), str(s)
    except Exception as exc:  # a result, reported as a failure
        c.symdiff_error = f"{type(exc).__name__}: {exc}"[:300]
    return c, F, d, s


def sympy_derivative(line: Line, sympy):
    """sympy's d/dx of the line's antiderivative (its symbols as assumed)."""
    syms = {n: sympy.Symbol(n, **{a: True for a in line.assume.get(n, ())}) for n in names_of(line)}
    return sympy.diff(sympy.sympify(line.antiderivative, locals=syms), syms["x"])


def sympy_part(c: Case, line: Line, limit: float, sympy):
    """sympy's simplify of its own derivative of the line (timed), or None."""
    from sympy.core.cache import clear_cache
    dsym = sympy_derivative(line, sympy)
    c.raw_sympy_ops = int(sympy.count_ops(dsym))
    clear_cache()
    try:
        with time_limit(limit):
            r, c.sympy_s = timed(lambda: sympy.simplify(dsym))
    except Timeout:
        c.sympy_s, c.sympy_timed_out = limit, True
        return None
    except Exception as exc:
        c.sympy_error = f"{type(exc).__name__}: {exc}"[:300]
        return None
    c.sympy_first_s = c.sympy_s
    c.sympy_own_ops, c.sympy_result = int(sympy.count_ops(r)), str(r)
    try:
        c.sympy_ops = symdiff.count_ops(symdiff.from_sympy(r))
    except Exception as exc:
        c.sympy_error = f"from_sympy: {type(exc).__name__}: {exc}"[:300]
    return r


def check_values(c: Case, line: Line, F, s, r, rng, sympy) -> None:
    """Both results against the integrand at real domain points."""
    names = names_of(line)
    f = sd_parse(line.integrand, line.assume)
    c.integrand_ops = symdiff.count_ops(f)
    if s is not None and sympy is not None:
        c.symdiff_sympy_ops = int(sympy.count_ops(symdiff.to_sympy(s)))
    pts = domain_points(line, names, rng)
    fn = symdiff.compile([f, F] + ([s] if s is not None else []))  # symbols as parsed
    nudged = dict(pts, x=pts["x"] * (1 + COND_H))
    with np.errstate(all="ignore"):
        vals = [np.broadcast_to(np.asarray(v, dtype=np.clongdouble), (NPTS,))
                for v in fn(*(pts[str(v)] for v in fn.vars))]
        fh = np.broadcast_to(np.asarray(fn(*(nudged[str(v)] for v in fn.vars))[0],
                                        dtype=np.clongdouble), (NPTS,))
        cond = abs(fh - vals[0]) / (COND_H * np.maximum(abs(vals[0]), 1e-30))
    # real domain points where f is well conditioned (not next to a pole)
    good = _real(vals[0]) & _real(vals[1]) & (cond < MAX_COND)
    if good.sum() < MIN_GOOD:
        c.symdiff_error = c.symdiff_error or "no real domain points found"
        return
    ref = vals[0][good]
    if s is not None:
        c.symdiff_ok = agrees(ref, vals[2][good])
    if r is None:
        return
    try:
        syms = [sympy.Symbol(n, **{a: True for a in line.assume.get(n, ())}) for n in names]
        lam = sympy.lambdify(syms, r, modules="numpy")
        with np.errstate(all="ignore"):
            sv = np.broadcast_to(np.asarray(lam(*(pts[n] for n in names)), dtype=np.clongdouble),
                                 (NPTS,))
        c.sympy_ok = agrees(ref, sv[good])
    except Exception as exc:
        c.sympy_error = c.sympy_error or f"evaluation: {type(exc).__name__}: {exc}"[:300]


def run_panel(quick: bool, limit: float | None = None, progress: bool = True) -> list[Case]:
    """Every line: symdiff timed in one loop over the panel, sympy in the
    next, then both results checked. Each system thus runs its cases back
    to back (as a benchmark loop does), not right after the other system's
    work: sympy's 30 ms of work between two symdiff calls evicted symdiff's
    code and data from the CPU caches and cost a 0.4 ms call about a third
    more. That interleaved figure is kept too: symdiff is timed again right
    after sympy's call on the same line (``symdiff_after_sympy_s``)."""
    lines = read_panel()
    if quick:
        step = max(1, len(lines) // QUICK_CASES)
        lines = lines[::step][:QUICK_CASES]
    limit = limit if limit is not None else (QUICK_LIMIT_S if quick else LIMIT_S)
    sympy = anchors.get("sympy")
    rng = np.random.default_rng(20261124)
    done, every = [], max(1, len(lines) // 4)
    try:
        for i, line in enumerate(lines):
            done.append([line, *symdiff_part(line), None])
            if progress and (i + 1) % every == 0:
                print(f"  [{NAME}] symdiff {i + 1}/{len(lines)} cases", flush=True)
        for i, row in enumerate(done):
            line, c, _, d, s, _ = row
            if sympy is not None:
                row[5] = sympy_part(c, line, limit, sympy)
                if s is not None:
                    symdiff.rewrite.strategy.clear_caches()
                    c.symdiff_after_sympy_s = timed(lambda: symdiff.simplify(d))[1]
            if progress and (i + 1) % every == 0:
                print(f"  [{NAME}] sympy {i + 1}/{len(lines)} cases", flush=True)
        for _ in range(REPEATS - 1):
            repeat(done, sympy, limit)
    finally:
        gc.unfreeze()                 # (frozen by timed)
        gc.collect()
    for line, c, F, _, s, r in done:
        check_values(c, line, F, s, r, rng, sympy)
    return [row[1] for row in done]


def repeat(done: list, sympy, limit: float) -> None:
    """One more loop of first calls for each system, keeping each case's
    best time: symdiff on every case, then sympy on the cases whose first
    call took under REPEAT_MAX_S."""
    for line, c, _, d, s, _ in done:
        if s is not None:
            symdiff.rewrite.strategy.clear_caches()
            c.symdiff_s = min(c.symdiff_s, timed(lambda: symdiff.simplify(d))[1])
    if sympy is None:
        return
    from sympy.core.cache import clear_cache
    for line, c, _, _, _, r in done:
        if r is None or c.sympy_first_s is None or c.sympy_first_s >= REPEAT_MAX_S:
            continue
        dsym = sympy_derivative(line, sympy)
        clear_cache()
        try:
            with time_limit(limit):
                c.sympy_s = min(c.sympy_s, timed(lambda: sympy.simplify(dsym))[1])
        except Timeout:
            pass


def pct(values, q):
    return float(np.percentile(values, q)) if values else float("nan")


def summary(cases: list[Case]) -> dict:
    """The issue's figures from the cases."""
    both = [c for c in cases if c.symdiff_ops is not None and c.sympy_ops is not None]
    timed_both = [c for c in cases if c.symdiff_s and c.sympy_s]
    ratios = [c.sympy_s / c.symdiff_s for c in timed_both]
    sd_times = [c.symdiff_s for c in cases if c.symdiff_s is not None]
    by_cat: dict[str, dict] = {}
    for cat in dict.fromkeys(c.category for c in cases):
        cc = [c for c in both if c.category == cat]
        rr = [c.sympy_s / c.symdiff_s for c in timed_both if c.category == cat]
        by_cat[cat] = {"cases": sum(c.category == cat for c in cases), "compared": len(cc),
                       "le_sympy": sum(c.symdiff_ops <= c.sympy_ops for c in cc),
                       "median_ratio": statistics.median(rr) if rr else None}
    raw = [c.raw_ops for c in cases if c.raw_ops is not None]
    own = [c for c in cases if c.symdiff_sympy_ops is not None and c.sympy_own_ops is not None]
    out = {
        "cases": len(cases),
        "compared_ops": len(both),
        "le_sympy": sum(c.symdiff_ops <= c.sympy_ops for c in both),
        "lt_sympy": sum(c.symdiff_ops < c.sympy_ops for c in both),
        "reaches_integrand_size": sum(c.symdiff_ops is not None and c.integrand_ops is not None
                                      and c.symdiff_ops <= c.integrand_ops for c in cases),
        "symdiff_wrong": sum(c.symdiff_ok is False for c in cases),
        "symdiff_errors": sum(c.symdiff_error is not None for c in cases),
        "sympy_wrong": sum(c.sympy_ok is False for c in cases),
        "sympy_timeouts": sum(c.sympy_timed_out for c in cases),
        "ratio_p10": pct(ratios, 10), "ratio_p50": pct(ratios, 50),
        "ratio_p90": pct(ratios, 90), "ratio_min": min(ratios, default=float("nan")),
        "ratio_max": max(ratios, default=float("nan")),
        "symdiff_max_s": max(sd_times, default=float("nan")),
        "symdiff_median_s": pct(sd_times, 50),
        "sympy_median_s": pct([c.sympy_s for c in cases if c.sympy_s], 50),
        "raw_ops_p10": pct(raw, 10), "raw_ops_p50": pct(raw, 50),
        "raw_ops_p90": pct(raw, 90), "raw_ops_max": max(raw, default=0),
        "by_category": by_cat,
        "compared_sympy_metric": len(own),
        "le_sympy_sympy_metric": sum(c.symdiff_sympy_ops <= c.sympy_own_ops for c in own),
        "symdiff_ops_p50": pct([c.symdiff_ops for c in both], 50),
        "sympy_ops_p50": pct([c.sympy_ops for c in both], 50),
        "sympy_own_ops_p50": pct([c.sympy_own_ops for c in own], 50),
    }
    first = [c.sympy_first_s / c.symdiff_first_s for c in timed_both
             if c.sympy_first_s and c.symdiff_first_s]
    out["ratio_first_p50"] = pct(first, 50)
    out["symdiff_first_median_s"] = pct([c.symdiff_first_s for c in cases
                                         if c.symdiff_first_s is not None], 50)
    out["sympy_first_median_s"] = pct([c.sympy_first_s for c in cases if c.sympy_first_s], 50)
    after = [c.sympy_s / c.symdiff_after_sympy_s for c in timed_both if c.symdiff_after_sympy_s]
    out["ratio_after_sympy_p50"] = pct(after, 50)
    out["symdiff_after_sympy_median_s"] = pct([c.symdiff_after_sympy_s for c in cases
                                               if c.symdiff_after_sympy_s], 50)
    out["le_sympy_share"] = out["le_sympy"] / len(both) if both else float("nan")
    return out


def notes_text(sm: dict) -> list[str]:
    share = sm["le_sympy_share"] * 100
    return [
        f"{sm['cases']} panel derivatives; count_ops (symdiff metric) symdiff <= sympy on "
        f"{sm['le_sympy']}/{sm['compared_ops']} = {share:.1f}% (target >= 80%), "
        f"strictly smaller on {sm['lt_sympy']}; median count_ops symdiff "
        f"{sm['symdiff_ops_p50']:.0f}, sympy {sm['sympy_ops_p50']:.0f}",
        f"on sympy's own count_ops (symdiff result via to_sympy): symdiff <= sympy on "
        f"{sm['le_sympy_sympy_metric']}/{sm['compared_sympy_metric']}; "
        f"median sympy count_ops of sympy's result {sm['sympy_own_ops_p50']:.0f}",
        f"time ratio sympy/symdiff per case: p10 {sm['ratio_p10']:.3g}, median "
        f"{sm['ratio_p50']:.3g} (target >= 50), p90 {sm['ratio_p90']:.3g}, "
        f"min {sm['ratio_min']:.3g}, max {sm['ratio_max']:.3g}"
        + (f"; {sm['sympy_timeouts']} sympy cases hit the limit (counted at the limit)"
           if sm["sympy_timeouts"] else ""),
        f"slowest symdiff case {fmt_time(sm['symdiff_max_s'])} (target < 1 s), median "
        f"{fmt_time(sm['symdiff_median_s'])}; sympy median {fmt_time(sm['sympy_median_s'])}",
        f"times: best of {REPEATS} first calls (sympy: cases under {REPEAT_MAX_S} s); the "
        f"first loop's single calls alone: median ratio {sm['ratio_first_p50']:.3g}, symdiff "
        f"median {fmt_time(sm['symdiff_first_median_s'])}, sympy median "
        f"{fmt_time(sm['sympy_first_median_s'])}",
        f"each system timed in its own loop over the panel; symdiff timed again right after "
        f"sympy's call on the same line (CPU caches evicted by it): median "
        f"{fmt_time(sm['symdiff_after_sympy_median_s'])}, median ratio "
        f"{sm['ratio_after_sympy_p50']:.3g}",
        f"wrong: symdiff {sm['symdiff_wrong']} (target 0), symdiff errors "
        f"{sm['symdiff_errors']}, sympy wrong {sm['sympy_wrong']}",
        f"raw derivative count_ops p10/p50/p90/max {sm['raw_ops_p10']:.0f}/"
        f"{sm['raw_ops_p50']:.0f}/{sm['raw_ops_p90']:.0f}/{sm['raw_ops_max']}; "
        f"simplified to the integrand's size or less: {sm['reaches_integrand_size']}",
        "by category (<= sympy / compared, median ratio): " + ", ".join(
            f"{k} {v['le_sympy']}/{v['compared']} ×{v['median_ratio']:.0f}"
            if v["median_ratio"] else f"{k} {v['le_sympy']}/{v['compared']}"
            for k, v in sm["by_category"].items()),
    ]


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    if not hasattr(symdiff, "simplify"):
        s.record(NAME, 0, "symdiff", Entry(NOT_IMPLEMENTED, error="symdiff.simplify is missing"))
        s.note(NAME, "skipped: symdiff.simplify is not implemented on this branch")
        return
    print(f"  {NAME}: running the panel ({'quick subset' if s.quick else 'all lines'})", flush=True)
    cases = run_panel(s.quick)
    sm = summary(cases)
    n = len(cases)
    sd = [c.symdiff_s for c in cases if c.symdiff_s is not None]
    sp = [c.sympy_s for c in cases if c.sympy_s is not None]
    s.record(NAME, n, "symdiff", Entry(OK if sd else ERROR, times=sd,
                                       result_size=sum(c.symdiff_ops or 0 for c in cases),
                                       extra={"summary": sm}))
    if anchors.get("sympy") is not None:
        s.record(NAME, n, "sympy", Entry(OK if sp else ERROR, times=sp,
                                         result_size=sum(c.sympy_ops or 0 for c in cases)))
    for text in notes_text(sm):
        s.note(NAME, text)
    for c in cases:
        if c.symdiff_ok is False or c.symdiff_error:
            s.failures.append(f"{NAME} line {c.lineno}: d/dx({c.antiderivative}) -> "
                              f"{c.symdiff_result}: {c.symdiff_error or 'WRONG value'}")


def main(argv: list[str]) -> int:
    import argparse
    p = argparse.ArgumentParser(prog="python -m benchmarks.wl_simplify")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--limit", type=float, help="sympy per-case time limit (s)")
    p.add_argument("--json", help="write every case and the summary to this file")
    args = p.parse_args(argv)
    if not hasattr(symdiff, "simplify"):
        print("symdiff.simplify is not implemented on this branch")
        return 0
    cases = run_panel(args.quick, args.limit)
    sm = summary(cases)
    print("\n".join(notes_text(sm)))
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": sm, "cases": [asdict(c) for c in cases]},
                                              indent=1) + "\n", encoding="utf-8")
    return 1 if sm["symdiff_wrong"] or sm["symdiff_errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
