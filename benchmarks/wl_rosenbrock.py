"""Workloads ``rosenbrock_grad`` and ``rosenbrock_hessian``.

f(x) = sum_i 100*(x[i+1] - x[i]**2)**2 + (1 - x[i])**2 over n variables: a
sum of many small terms, each touching two variables. The gradient is the
case for reverse mode (one sweep for all n partials); the Hessian is
tridiagonal, so a sparse-aware system stays O(n). Every system's answer is
checked against the closed-form gradient and Hessian-vector product.

symdiff uses ``symdiff.grad`` / ``symdiff.hessian`` when they exist and
otherwise n calls of ``symdiff.diff`` (the Hessian is then "not implemented
yet"). Only the derivative computation is timed; f is built beforehand.
"""
from __future__ import annotations

import tracemalloc
from typing import Any, Sequence

import numpy as np

import symdiff

from . import anchors, check, sizes
from .timing import NOT_APPLICABLE, NOT_IMPLEMENTED, Entry, Inspection, Session

GRAD = "rosenbrock_grad"
HESS = "rosenbrock_hessian"
WORKLOADS = (GRAD, HESS)

#: Largest n each anchor is run at (beyond it, per-variable diff takes minutes).
SYMPY_MAX = 100
SYMENGINE_MAX = 1000


def terms(x: Sequence[Any]) -> list[Any]:
    """The n-1 terms of f for any system's symbols (or numbers)."""
    return [100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1)]


def balanced_sum(items: list[Any]) -> Any:
    """Pairwise sum in a balanced tree: canonical n-ary sums flatten their
    operands, so a left-to-right running sum would copy O(n^2) terms."""
    while len(items) > 1:
        items = [items[i] + items[i + 1] if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]


def reference_grad(p: np.ndarray) -> np.ndarray:
    g = np.zeros_like(p)
    a, b = p[:-1], p[1:]
    g[:-1] += -400 * a * (b - a * a) - 2 * (1 - a)
    g[1:] += 200 * (b - a * a)
    return g


def reference_hv(p: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Hessian-vector product: H is tridiagonal."""
    diag = np.zeros_like(p)
    diag[:-1] += 1200 * p[:-1] ** 2 - 400 * p[1:] + 2
    diag[1:] += 200
    off = -400 * p[:-1]
    hv = diag * v
    hv[:-1] += off * v[1:]
    hv[1:] += off * v[:-1]
    return hv


def symdiff_grad(f: symdiff.Expr, xs: Sequence[symdiff.Expr]) -> list[symdiff.Expr]:
    """symdiff's gradient: ``symdiff.grad`` if present, else per-variable diff."""
    if hasattr(symdiff, "grad"):
        return list(symdiff.grad(f, list(xs)))
    return [symdiff.diff(f, x) for x in xs]


def symdiff_hessian(f: symdiff.Expr, xs: Sequence[symdiff.Expr]) -> Any:
    """symdiff's Hessian via ``symdiff.hessian`` (NotImplementedError without it)."""
    if not hasattr(symdiff, "hessian"):
        raise NotImplementedError("symdiff.hessian")
    return symdiff.hessian(f, list(xs))


def _sizes(s: Session) -> list[int]:
    return [100] if s.quick else [100, 1000, 10000]


def run(s: Session) -> None:
    do_grad, do_hess = s.selected(GRAD), s.selected(HESS)
    if not (do_grad or do_hess):
        return
    for n in _sizes(s):
        p = s.rng.uniform(-1.0, 1.5, size=(1, n))
        v = s.rng.standard_normal(n)
        ref_g, ref_hv = reference_grad(p[0]), reference_hv(p[0], v)
        sd_x = symdiff.symbols(" ".join(f"x{i}" for i in range(n)))
        sd_f = balanced_sum(terms(sd_x))
        names = [f"x{i}" for i in range(n)]
        too_big = lambda lim, who: (f"{who} only up to n={lim}: per-variable diff" if n > lim else None)
        if do_grad:
            native = hasattr(symdiff, "grad")
            s.case(GRAD, n, "symdiff", lambda: _symdiff_g(sd_f, sd_x, names, p),
                   guard_symdiff=not native)
            s.case(GRAD, n, "sympy", lambda: _sympy(n, p, v, False), skip_if=too_big(SYMPY_MAX, "sympy"))
            s.case(GRAD, n, "symengine", lambda: _symengine(n, p, v, False),
                   skip_if=too_big(SYMENGINE_MAX, "symengine"))
            s.case(GRAD, n, "casadi", lambda: _casadi(n, p, v, False), exponent=1.0)
            s.record(GRAD, n, "jax", Entry(NOT_APPLICABLE, error="no symbolic result"))
            s.check(GRAD, n, reference=ref_g)
            e = s.entry(GRAD, n, "symdiff")
            if n == _sizes(s)[-1] and e is not None and e.times:
                peak = _peak_memory(lambda: symdiff_grad(sd_f, sd_x))
                e.extra["peak_mem_mb"] = peak
                s.note(GRAD, f"symdiff peak memory (tracemalloc) for the gradient at n={n}: {peak:.1f} MB")
            elif e is not None and not e.times and not native:
                s.note(GRAD, f"symdiff at n={n}: no symdiff.grad yet, per-variable diff is O(n^2): {e.error}")
        if do_hess:
            if hasattr(symdiff, "hessian"):
                s.case(HESS, n, "symdiff", lambda: _symdiff_h(sd_f, sd_x, names, p, v))
            else:
                s.record(HESS, n, "symdiff", Entry(NOT_IMPLEMENTED, error="symdiff.hessian is missing"))
            s.case(HESS, n, "sympy", lambda: _sympy(n, p, v, True), skip_if=too_big(SYMPY_MAX, "sympy"))
            s.case(HESS, n, "symengine", lambda: _symengine(n, p, v, True),
                   skip_if=too_big(SYMENGINE_MAX, "symengine"))
            s.case(HESS, n, "casadi", lambda: _casadi(n, p, v, True), exponent=1.0)
            s.record(HESS, n, "jax", Entry(NOT_APPLICABLE, error="no symbolic result"))
            s.check(HESS, n, reference=ref_hv)
            e = s.entry(HESS, n, "symdiff")
            if n == _sizes(s)[-1] and e is not None and e.times:
                peak = _peak_memory(lambda: symdiff_hessian(sd_f, sd_x))
                e.extra["peak_mem_mb"] = peak
                s.note(HESS, f"symdiff peak memory (tracemalloc) for the Hessian at n={n}: {peak:.1f} MB")


def _peak_memory(fn) -> float:
    """Peak traced allocation of ``fn()`` in MB (the result is dropped)."""
    tracemalloc.start()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _hv(entries: list[tuple[int, int, float]], v: np.ndarray) -> np.ndarray:
    """Hessian-vector product from (row, col, value) triplets."""
    out = np.zeros(len(v))
    if entries:
        r, c, val = (np.array(t) for t in zip(*entries))
        np.add.at(out, r.astype(int), val.astype(float) * v[c.astype(int)])
    return out


# -- symdiff -----------------------------------------------------------------

def _symdiff_g(f, xs, names, p):
    def inspect(g) -> Inspection:
        return Inspection(sizes.symdiff_size(g), check.symdiff_values(g, names, p))
    return (lambda: symdiff_grad(f, xs)), inspect


def _symdiff_h(f, xs, names, p, v):
    zero = symdiff.parse("0")

    def inspect(h) -> Inspection:
        rows = h.tolist() if hasattr(h, "tolist") else h
        nz = [(i, j, e) for i, row in enumerate(rows) for j, e in enumerate(row) if e is not zero]
        vals = check.symdiff_values([e for _, _, e in nz], names, p)[0] if nz else []
        size = sizes.symdiff_size([e for _, _, e in nz])
        return Inspection(size, _hv([(i, j, x) for (i, j, _), x in zip(nz, vals)], v))
    return (lambda: symdiff_hessian(f, xs)), inspect


# -- anchors -------------------------------------------------------------------

def _nested_hv(rows, values_of, v) -> np.ndarray:
    nz = [(i, j, e) for i, row in enumerate(rows) for j, e in enumerate(row) if e != 0]
    vals = values_of([e for _, _, e in nz])[0] if nz else []
    return _hv([(i, j, x) for (i, j, _), x in zip(nz, vals)], v)


def _sympy(n: int, p, v, hessian: bool):
    sympy = anchors.get("sympy")
    xs = sympy.symbols(f"x0:{n}")
    f = sympy.Add(*terms(xs))
    values_of = lambda es: check.sympy_values(es, xs, p)

    def grad():
        return [f.diff(x) for x in xs]

    def hess():
        return [[g.diff(y) for y in xs] for g in grad()]

    def inspect(res) -> Inspection:
        if hessian:
            flat = [e for row in res for e in row if e != 0]
            return Inspection(sizes.sympy_size(flat), _nested_hv(res, values_of, v))
        return Inspection(sizes.sympy_size(res), values_of(res))
    return (hess if hessian else grad), inspect


def _symengine(n: int, p, v, hessian: bool):
    se = anchors.get("symengine")
    xs = [se.Symbol(f"x{i}") for i in range(n)]
    f = se.Add(*terms(xs))
    values_of = lambda es: check.symengine_values(es, xs, p)

    def grad():
        return [f.diff(x) for x in xs]

    def hess():
        return [[g.diff(y) for y in xs] for g in grad()]

    def inspect(res) -> Inspection:
        if hessian:
            flat = [e for row in res for e in row if e != 0]
            return Inspection(sizes.symengine_size(flat), _nested_hv(res, values_of, v))
        return Inspection(sizes.symengine_size(res), values_of(res))
    return (hess if hessian else grad), inspect


def _casadi(n: int, p, v, hessian: bool):
    ca = anchors.get("casadi")
    x = ca.SX.sym("x", n)
    f = balanced_sum(terms([x[i] for i in range(n)]))

    def inspect(res) -> Inspection:
        if hessian:
            h = ca.Function("h", [x], [res])(p[0])
            r, c = h.sparsity().get_triplet()
            vals = np.asarray(h.nonzeros(), dtype=float)
            return Inspection(sizes.casadi_size(res), _hv(list(zip(r, c, vals)), v))
        return Inspection(sizes.casadi_size(res), check.casadi_values(res, [x], p))
    if hessian:
        return (lambda: ca.hessian(f, x)[0]), inspect
    return (lambda: ca.gradient(f, x)), inspect
