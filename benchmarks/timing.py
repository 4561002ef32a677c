"""Timing and bookkeeping shared by all workloads.

``Session.case`` is the one entry point a workload uses per (workload, size,
system): it handles missing anchors, skips cases predicted to be too slow,
builds the inputs untimed, times the call with ``time.perf_counter`` (median of
repeats, fewer repeats for slow cases), inspects the first result (size and
values at check points) and records everything. ``Session.check`` then
compares the systems' values, so a timing only counts when answers agree.
"""
from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import anchors

OK = "ok"
NOT_INSTALLED = "not installed"
TOO_SLOW = "skipped (too slow)"
NOT_IMPLEMENTED = "not implemented yet"
NOT_APPLICABLE = "n/a"
ERROR = "error"
DISAGREE = "DISAGREE"


@dataclass
class Entry:
    """One measured (workload, size, system) cell."""

    status: str = OK
    times: list[float] = field(default_factory=list)
    result_size: Any = None
    extra: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def to_json(self) -> dict:
        out: dict[str, Any] = {"status": self.status}
        if self.times:
            out.update(median_s=self.median, min_s=min(self.times), max_s=max(self.times),
                       repeats=len(self.times))
        out["result_size"] = self.result_size
        out.update(self.extra)
        if self.error:
            out["error"] = self.error
        elif self.status not in (OK,):
            out["error"] = self.status
        return out


@dataclass
class Inspection:
    """What a workload learns from a system's first result: its size and its
    values at the check points (any shape; compared after flattening)."""

    size: Any = None
    values: Any = None
    extra: dict = field(default_factory=dict)


class Session:
    """Options, collected results, notes and disagreements of one run."""

    def __init__(self, quick: bool, only: list[str] | None = None):
        self.quick = quick
        self.only = only or []
        # Predicted seconds above which an anchor is skipped at a size.
        self.slow_limit = 4.0 if quick else 20.0
        # Time budget spent on repeats of one case, and the repeat cap.
        self.budget = 0.3 if quick else 2.0
        self.max_repeats = 5 if quick else 15
        self.results: dict[str, dict[Any, dict[str, Entry]]] = {}
        self.values: dict[tuple, Any] = {}
        self.notes: dict[str, list[str]] = {}
        self.disagreements: list[str] = []
        self.failures: list[str] = []
        self.rng = np.random.default_rng(20240611)

    # -- selection and notes ---------------------------------------------

    def selected(self, workload: str) -> bool:
        """True when ``--only`` is absent or one of its values is a substring."""
        return not self.only or any(s in workload for s in self.only)

    def note(self, workload: str, text: str) -> None:
        self.notes.setdefault(workload, []).append(text)
        print(f"  [{workload}] {text}", flush=True)

    def record(self, workload: str, size: Any, system: str, entry: Entry) -> Entry:
        self.results.setdefault(workload, {}).setdefault(size, {})[system] = entry
        return entry

    def entry(self, workload: str, size: Any, system: str) -> Entry | None:
        return self.results.get(workload, {}).get(size, {}).get(system)

    # -- running one case ------------------------------------------------

    def predicted(self, workload: str, system: str, size: float, exponent: float) -> float | None:
        """Seconds expected at ``size`` from the largest smaller measured size,
        assuming time grows like size**exponent."""
        best = None
        for s, row in self.results.get(workload, {}).items():
            e = row.get(system)
            if e is not None and e.times and isinstance(s, (int, float)) and s < size:
                if best is None or s > best[0]:
                    best = (s, min(e.times))
        if best is None:
            return None
        return best[1] * (size / best[0]) ** exponent

    def case(self, workload: str, size: Any, system: str,
             setup: Callable[[], tuple[Callable[[], Any], Callable[[Any], Inspection]]],
             *, needs: str | None = None, exponent: float = 2.0,
             skip_if: str | None = None, guard_symdiff: bool = False,
             clear_caches: bool = True, warmup: bool = False) -> Entry:
        """Measure one system on one workload size.

        ``setup()`` builds the inputs (untimed) and returns ``(fn, inspect)``:
        ``fn()`` is the timed call, ``inspect(result)`` sizes the first result
        and evaluates it at the check points. ``needs`` names the anchor
        module (default: the system name; "symdiff" needs none).
        ``skip_if`` is a reason to record instead of running (a size limit).
        symdiff itself is never skipped as too slow unless ``guard_symdiff``
        (for stand-in code paths that are known to be quadratic).
        ``clear_caches``: clear the anchor's memo cache before each sample
        (see ``cache_reset``); workloads whose every call sees new input
        (parsing a corpus) turn it off. ``warmup``: never count the first
        call (compiled code is called many times; its first call pays for
        page faults on fresh buffers).
        """
        needs = needs if needs is not None else (None if system == "symdiff" else system)
        if needs is not None and anchors.get(needs) is None:
            return self.record(workload, size, system, Entry(NOT_INSTALLED))
        if skip_if:
            return self.record(workload, size, system, Entry(TOO_SLOW, error=skip_if))
        if isinstance(size, (int, float)):
            guess = self.predicted(workload, system, size, exponent)
            if guess is not None and guess > self.slow_limit and (
                    system != "symdiff" or guard_symdiff):
                return self.record(workload, size, system, Entry(
                    TOO_SLOW, error=f"skipped (too slow): predicted ~{guess:.0f} s"))
        print(f"  {workload:<22} {str(size):>9} {system:<12}", end=" ", flush=True)
        start = time.perf_counter()
        try:
            reset = cache_reset(needs) if clear_caches else None
            if reset is not None:
                reset()
            fn, inspect = setup()
            if reset is not None:
                reset()
            entry = measure(fn, inspect, budget=self.budget, max_repeats=self.max_repeats,
                            reset=reset, warmup=warmup)
        except Exception as exc:  # an anchor failing is a result, not a crash
            msg = f"{type(exc).__name__}: {exc}"[:300]
            print(f"error: {msg}", flush=True)
            if system == "symdiff":
                self.failures.append(f"{workload} {size}: {msg}")
            return self.record(workload, size, system, Entry(ERROR, error=msg))
        print(f"{fmt_time(entry.median)} x{len(entry.times)}"
              f"  (case {time.perf_counter() - start:.1f} s)", flush=True)
        self.values[(workload, size, system)] = entry.extra.pop("_values", None)
        return self.record(workload, size, system, entry)

    # -- agreement -----------------------------------------------------------

    def check(self, workload: str, size: Any, reference: Any = None,
              rtol: float = 1e-7) -> bool:
        """Compare every system's check values at this size with ``reference``
        (default: symdiff's values). Disagreeing entries are marked DISAGREE."""
        row = self.results.get(workload, {}).get(size, {})
        ref_name = "reference"
        if reference is None:
            reference, ref_name = self.values.get((workload, size, "symdiff")), "symdiff"
        if reference is None:
            return True
        ok = True
        for system, entry in row.items():
            vals = self.values.get((workload, size, system))
            if entry.status != OK or vals is None or (system == ref_name):
                continue
            problem = compare(vals, reference, rtol)
            if problem:
                ok = False
                entry.status, entry.error = DISAGREE, f"vs {ref_name}: {problem}"
                msg = f"DISAGREE {workload} size={size}: {system} vs {ref_name}: {problem}"
                self.disagreements.append(msg)
                print("  " + msg, flush=True)
        return ok


def cache_reset(anchor: str | None) -> Callable[[], None] | None:
    """The anchor's cache-clearing function, if it memoizes across calls.

    sympy caches constructors and derivatives (``cacheit``), so a repeated
    ``f.diff(x)`` is served from the cache: 17x faster for long_product
    n=200. Each sympy sample therefore starts from a cleared cache, as a
    first differentiation would. (This also drops generic entries, which
    costs sympy a few ms on tiny inputs.)"""
    if anchor == "sympy":
        from sympy.core.cache import clear_cache
        return clear_cache
    return None


def measure(fn: Callable[[], Any], inspect: Callable[[Any], Inspection] | None,
            budget: float, max_repeats: int,
            reset: Callable[[], None] | None = None, warmup: bool = False) -> Entry:
    """Time ``fn``: one first call (its result is inspected, then dropped so
    that later calls start as cold as the first: symdiff interns nodes in a
    weak table), then repeats within ``budget`` seconds. A first call slower
    than ``budget`` counts as the single sample. Calls faster than 2 ms are
    looped within a sample (as ``timeit`` does), so each sample is >= ~2 ms
    and timer resolution and stray pauses wash out. ``reset`` (untimed)
    runs before every sample, which is then a single call. With ``warmup``
    the first call is never a sample, a second (warm) call sizes the
    samples, and at least 2 samples are taken."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    ins = inspect(result) if inspect is not None else Inspection()
    del result
    entry = Entry(result_size=ins.size, extra=dict(ins.extra))
    entry.extra["_values"] = ins.values
    if first >= budget and not warmup:
        entry.times = [first]
        return entry
    if warmup:      # the first call built code: size the samples on a warm call
        t0 = time.perf_counter()
        fn()
        first = time.perf_counter() - t0
    loops = 1 if reset is not None else max(1, int(2e-3 / max(first, 1e-9)))
    n = int(min(max_repeats, max(3, budget / max(first * loops, 1e-9))))
    if warmup and first >= budget:
        n = 2
    gc.collect()
    for _ in range(n):
        if reset is not None:
            reset()
        gc.disable()  # as timeit does: no collector pauses inside a sample
        try:
            t0 = time.perf_counter()
            for _ in range(loops):
                fn()
            entry.times.append((time.perf_counter() - t0) / loops)
        finally:
            gc.enable()
    if loops > 1:
        entry.extra["loops_per_sample"] = loops
    return entry


def compare(values: Any, reference: Any, rtol: float) -> str | None:
    """None when ``values`` match ``reference`` (same length, equal within
    ``rtol`` relative to the larger magnitude, NaN where the other is NaN),
    else a short description of the first mismatch."""
    a = np.asarray(values, dtype=complex).ravel()
    b = np.asarray(reference, dtype=complex).ravel()
    if a.shape != b.shape:
        return f"{a.size} values vs {b.size}"
    fa, fb = np.isfinite(a), np.isfinite(b)
    if np.any(fa != fb):
        i = int(np.argmax(fa != fb))
        return f"value #{i}: {a[i]} vs {b[i]}"
    scale = np.maximum(np.maximum(abs(a), abs(b)), 1e-290)
    err = np.where(fa, abs(a - b) / scale, 0.0)
    # Entries of a vector are compared relative to the vector's size too, so
    # that a cancelling entry next to large ones is not a false alarm.
    err = np.minimum(err, np.where(fa, abs(a - b), 0.0) / max(np.max(abs(b[fb]), initial=0.0), 1e-290))
    if np.any(err > rtol):
        i = int(np.argmax(err))
        return f"value #{i}: {a[i]:.12g} vs {b[i]:.12g} (rel err {err[i]:.2e})"
    return None


def fmt_time(t: float | None) -> str:
    """``0.0123 -> '12.3 ms'``."""
    if t is None:
        return "-"
    for unit, f in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if t >= f:
            return f"{t / f:.3g} {unit}"
    return f"{t / 1e-9:.3g} ns"
