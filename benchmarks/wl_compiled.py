"""Workloads ``compiled_eval`` and ``compile_time``: derivatives as fast
array code.

``compiled_eval``: the gradient (d/dx, d/dy) of
``exp(-x**2-y**2)*sin(x*y) + log(1+x**2)*cos(y)`` evaluated on N float64
points: ``symdiff.compile`` against ``sympy.lambdify`` without and with
``cse=True``, symengine ``Lambdify(cse=True)``, ``jax.jit(vmap(grad))``
(warmed up, ``block_until_ready``) and a hand-written numexpr version;
symdiff runs with default threads (all cores), with one thread, and with
its numexpr backend. Notes give the time ratios of this run against the
issue's targets and the peak memory (tracemalloc) of one evaluation.
Only evaluation is timed (first call excluded); derivatives and
compilation happen in setup.
Every system is checked against a hand-written NumPy gradient.

``compile_time``: turning the Rosenbrock n=100 gradient (each system's own)
into a callable: ``symdiff.compile`` against ``sympy.lambdify(cse=True)``
and symengine ``Lambdify(cse=True)``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import symdiff

from . import anchors, check, sizes
from .timing import Inspection, Session
from .wl_rosenbrock import balanced_sum, reference_grad, symdiff_grad, terms

EVAL = "compiled_eval"
COMPILE = "compile_time"
WORKLOADS = (EVAL, COMPILE)
F = "exp(-x**2 - y**2)*sin(x*y) + log(1 + x**2)*cos(y)"
NCHECK = 1000


def reference(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of F by hand, shape (2, len(x))."""
    g = np.exp(-x * x - y * y)
    dx = g * (-2 * x * np.sin(x * y) + y * np.cos(x * y)) + 2 * x / (1 + x * x) * np.cos(y)
    dy = g * (-2 * y * np.sin(x * y) + x * np.cos(x * y)) - np.log(1 + x * x) * np.sin(y)
    return np.stack([dx, dy])


def _sizes(s: Session) -> list[int]:
    return [10**4, 10**5] if s.quick else [10**4, 10**6, 10**7]


def _head(outputs: Any) -> np.ndarray:
    """The first NCHECK values of each output: the check values."""
    return np.stack([np.asarray(o).ravel()[:NCHECK] for o in outputs])


def run(s: Session) -> None:
    if s.selected(EVAL):
        for n in _sizes(s):
            x = s.rng.uniform(-2.0, 2.0, n)
            y = s.rng.uniform(-2.0, 2.0, n)
            s.case(EVAL, n, "symdiff", lambda: _symdiff(x, y), exponent=1.0, warmup=True)
            s.case(EVAL, n, "symdiff 1 thread", lambda: _symdiff(x, y, threads=1), needs="symdiff",
                   exponent=1.0, warmup=True)
            s.case(EVAL, n, "symdiff numexpr", lambda: _symdiff(x, y, backend="numexpr"),
                   needs="numexpr", exponent=1.0, warmup=True)
            s.case(EVAL, n, "sympy", lambda: _sympy(x, y, cse=False), exponent=1.0, warmup=True)
            s.case(EVAL, n, "sympy+cse", lambda: _sympy(x, y, cse=True), needs="sympy", exponent=1.0, warmup=True)
            s.case(EVAL, n, "symengine", lambda: _symengine(x, y), exponent=1.0, warmup=True)
            s.case(EVAL, n, "jax", lambda: _jax(x, y), exponent=1.0, warmup=True)
            s.case(EVAL, n, "numexpr", lambda: _numexpr(x, y), exponent=1.0, warmup=True)
            s.check(EVAL, n, reference=reference(x[:NCHECK], y[:NCHECK]), rtol=1e-9)
            _ratios(s, n)
            if n == 10**6 or (s.quick and n == _sizes(s)[-1]):
                _peak_memory(s, n, x, y)
            del x, y
    if s.selected(COMPILE):
        _compile_time(s)


# -- evaluation -----------------------------------------------------------------

def _inspect_size(size: Any):
    return lambda out: Inspection(size, _head(out))


def _symdiff(x, y, **options):
    g, d = _symdiff_fn(**options)
    return (lambda: g(x, y)), _inspect_size(sizes.symdiff_size(d))


def _symdiff_fn(**options):
    f = symdiff.parse(F)
    d = [symdiff.diff(f, "x"), symdiff.diff(f, "y")]
    return symdiff.compile(d, ["x", "y"], **options), d


#: (numerator system, denominator system, the issue's target ratio)
TARGETS = [("symdiff", "sympy+cse", 0.6), ("symdiff", "jax", 0.9),
           ("symdiff 1 thread", "sympy+cse", 1.0), ("symdiff numexpr", "jax", 0.9)]


def _ratios(s: Session, n: int) -> None:
    """Time ratios within this run (median over median) against the targets."""
    parts = []
    for a, b, target in TARGETS:
        ea, eb = s.entry(EVAL, n, a), s.entry(EVAL, n, b)
        if ea is None or eb is None or not ea.times or not eb.times:
            continue
        r = ea.median / eb.median
        parts.append(f"{a} / {b} = {r:.2f} (target <= {target}: {'met' if r <= target else 'NOT met'})")
    if parts:
        s.note(EVAL, f"N={n:,}: " + "; ".join(parts))


def _peak_memory(s: Session, n: int, x, y) -> None:
    """Peak memory of one evaluation (tracemalloc sees NumPy's buffers)."""
    import tracemalloc
    calls = {"symdiff": _symdiff_fn()[0]}
    sympy = anchors.get("sympy")
    if sympy is not None:
        xs, d = _sympy_grad()
        calls["sympy+cse"] = sympy.lambdify(xs, d, modules="numpy", cse=True)
    peaks = {}
    for name, g in calls.items():
        g(x, y)
        tracemalloc.start()
        try:
            out = g(x, y)
            peaks[name] = tracemalloc.get_traced_memory()[1]
            del out
        finally:
            tracemalloc.stop()
    text = ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in peaks.items())
    if "sympy+cse" in peaks:
        r = peaks["symdiff"] / peaks["sympy+cse"]
        text += f"; symdiff / sympy+cse = {r:.2f} (target <= 1: {'met' if r <= 1 else 'NOT met'})"
    s.note(EVAL, f"peak memory of one evaluation at N={n:,} (outputs included): {text}")


def _sympy_grad():
    sympy = anchors.get("sympy")
    xs = sympy.symbols("x y")
    f = sympy.sympify(F)
    return xs, [f.diff(v) for v in xs]


def _sympy(x, y, cse: bool):
    sympy = anchors.get("sympy")
    xs, d = _sympy_grad()
    g = sympy.lambdify(xs, d, modules="numpy", cse=cse)
    return (lambda: g(x, y)), _inspect_size(sizes.sympy_size(d))


def _symengine(x, y):
    se = anchors.get("symengine")
    xs = se.symbols("x y")
    f = se.sympify(F)
    d = [f.diff(v) for v in xs]
    g = se.Lambdify(list(xs), d, cse=True)
    xy = np.column_stack([x, y])  # symengine's batch layout: (N, nargs)
    return (lambda: g(xy)), (lambda out: Inspection(sizes.symengine_size(d), _head(np.asarray(out).T)))


def _jax(x, y):
    jax = anchors.get("jax")
    jnp = jax.numpy

    def f(a, b):
        return jnp.exp(-a**2 - b**2) * jnp.sin(a * b) + jnp.log(1 + a**2) * jnp.cos(b)
    g = jax.jit(jax.vmap(jax.grad(f, argnums=(0, 1))))
    xj, yj = jax.device_put(x), jax.device_put(y)

    def call():
        out = g(xj, yj)
        for o in out:
            o.block_until_ready()
        return out
    call()  # compile outside the timing
    return call, _inspect_size("-")


def _numexpr(x, y):
    ne = anchors.get("numexpr")
    ex = "exp(-x*x - y*y)"
    dx = f"{ex}*(-2*x*sin(x*y) + y*cos(x*y)) + 2*x/(1 + x*x)*cos(y)"
    dy = f"{ex}*(-2*y*sin(x*y) + x*cos(x*y)) - log(1 + x*x)*sin(y)"
    env = {"x": x, "y": y}
    return (lambda: (ne.evaluate(dx, local_dict=env), ne.evaluate(dy, local_dict=env))), \
        _inspect_size("hand-written")


# -- compile time -------------------------------------------------------------------

def _compile_time(s: Session) -> None:
    n = 100
    p = s.rng.uniform(-1.0, 1.5, size=(1, n))
    ref = reference_grad(p[0])
    names = [f"x{i}" for i in range(n)]

    def sd():
        xs = symdiff.symbols(" ".join(names))
        g = symdiff_grad(balanced_sum(terms(xs)), xs)
        return (lambda: symdiff.compile(g, names)), \
            (lambda fn: Inspection(sizes.symdiff_size(g), np.array(fn(*p[0])).ravel()))

    def sp():
        sympy = anchors.get("sympy")
        xs = sympy.symbols(f"x0:{n}")
        f = sympy.Add(*terms(xs))
        g = [f.diff(v) for v in xs]
        return (lambda: sympy.lambdify(xs, g, modules="numpy", cse=True)), \
            (lambda fn: Inspection(None, np.array(fn(*p[0]), dtype=float).ravel()))

    def se_():
        se = anchors.get("symengine")
        xs = [se.Symbol(v) for v in names]
        f = se.Add(*terms(xs))
        g = [f.diff(v) for v in xs]
        return (lambda: se.Lambdify(xs, g, cse=True)), \
            (lambda fn: Inspection(None, np.asarray(fn(p[0]), dtype=float).ravel()))

    s.case(COMPILE, n, "symdiff", sd)
    s.case(COMPILE, n, "sympy+cse", sp, needs="sympy")
    s.case(COMPILE, n, "symengine", se_)
    s.check(COMPILE, n, reference=ref)
    ea, eb = s.entry(COMPILE, n, "symdiff"), s.entry(COMPILE, n, "sympy+cse")
    if ea is not None and eb is not None and ea.times and eb.times:
        r = ea.median / eb.median
        s.note(COMPILE, f"n={n}: symdiff / sympy+cse compile time = {r:.3f} "
                        f"(target <= 1/20 = 0.05: {'met' if r <= 0.05 else 'NOT met'})")
