"""Workloads ``point_*``: compiled functions called the way optimizers, ODE
solvers and control loops call them, one point (or a few) at a time.

- ``point_grad`` / ``point_hessian``: the Rosenbrock gradient and (sparse)
  Hessian at one point of n variables (symdiff ``compile`` with a vector
  argument; CasADi ``Function``; ``jax.jit(jax.grad)`` and, up to n=1000,
  the dense ``jax.jit(jax.hessian)``; symdiff's NumPy backend up to n=1000).
- ``point_scalar``: ``sin(x)*y + exp(-x**2)`` at one pair of Python floats
  (``sympy.lambdify`` with ``math`` and ``numpy``, JAX, CasADi).
- ``point_batch64``: the same function on 64 points.
- ``point_compile``: from the derivative to the first value: ``compile`` plus
  the first call (native code is built then) of the Rosenbrock Hessian;
  CasADi ``Function`` plus first call; JAX ``jit`` plus first call.
- ``point_ode``: the double pendulum in ``scipy.integrate.solve_ivp`` end to
  end, t in [0, 10], rtol = atol = 1e-10 (symdiff against
  ``lambdify(modules="math")``; the motion is chaotic, so the two final
  states, computed with operations in different orders, agree to ~1e-4).
- ``point_large``: the ``compiled_eval`` gradient on 10^6 points, the systems
  timed round-robin (interleaved: one call of each per round) so that load
  from elsewhere hits all of them alike; symdiff's default ("auto": NumPy
  for large arrays), ``backend="llvm"`` (the fused native kernel) and JAX.

Notes give the ratios against the issue's targets. Every system's values are
checked (against closed forms, or against symdiff's NumPy backend).
"""
from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

import symdiff

from . import anchors, sizes
from .timing import NOT_APPLICABLE, OK, Entry, Inspection, Session
from .wl_compiled import F as LARGE_F
from .wl_compiled import reference as large_reference
from .wl_rosenbrock import balanced_sum, reference_grad, reference_hv, terms

GRAD, HESS, SCALAR, BATCH = "point_grad", "point_hessian", "point_scalar", "point_batch64"
COMPILE, ODE, LARGE = "point_compile", "point_ode", "point_large"
WORKLOADS = (GRAD, HESS, SCALAR, BATCH, COMPILE, ODE, LARGE)
TINY = "sin(x)*y + exp(-x**2)"
JAX_DENSE_MAX = 1000        # jax.hessian is dense: n x n
NUMPY_MAX = 1000            # symdiff's NumPy backend: ~10 us per node at one point


def _sizes(s: Session) -> list[int]:
    return [100] if s.quick else [100, 1000, 10000]


def run(s: Session) -> None:
    if s.selected(GRAD) or s.selected(HESS) or s.selected(COMPILE):
        for n in _sizes(s):
            _rosenbrock(s, n)
    if s.selected(SCALAR) or s.selected(BATCH):
        _tiny(s)
    if s.selected(ODE):
        _ode(s)
    if s.selected(LARGE):
        _large(s)


def _ratio(s: Session, workload: str, size: Any, a: str, b: str, target: float) -> None:
    ea, eb = s.entry(workload, size, a), s.entry(workload, size, b)
    if ea is None or eb is None or not ea.times or not eb.times:
        return
    r = ea.median / eb.median
    s.note(workload, f"{size}: {a} / {b} = {r:.2f} (target <= {target}: "
                     f"{'met' if r <= target else 'NOT met'})")


# -- Rosenbrock gradient and Hessian at one point -----------------------------------

def _rosenbrock(s: Session, n: int) -> None:
    rng = s.rng
    p = rng.uniform(-1.0, 1.5, n)
    v = rng.standard_normal(n)
    xs = symdiff.symbols(" ".join(f"x{i}" for i in range(n)))
    f = balanced_sum(terms(xs))
    names = [[f"x{i}" for i in range(n)]]
    g_expr = symdiff.grad(f, list(xs))
    h_expr = symdiff.hessian(f, list(xs))

    def hv(res) -> np.ndarray:
        rows, cols, vals = res
        out = np.zeros(n)
        np.add.at(out, rows, vals * v[cols])
        return out

    if s.selected(GRAD):
        g = symdiff.compile(g_expr, names)
        s.case(GRAD, n, "symdiff", lambda: ((lambda: g(p)), lambda r: Inspection(n, r)),
               warmup=True, exponent=1.0)
        if n <= NUMPY_MAX:
            gn = symdiff.compile(g_expr, names, backend="numpy")
            s.case(GRAD, n, "symdiff numpy", lambda: ((lambda: gn(p)), lambda r: Inspection(n, r)),
                   needs="symdiff", warmup=True, exponent=1.0)
        s.case(GRAD, n, "casadi", lambda: _casadi(n, p, False), warmup=True, exponent=1.0)
        s.case(GRAD, n, "jax", lambda: _jax(n, p, False), warmup=True, exponent=1.0)
        s.check(GRAD, n, reference=reference_grad(p), rtol=1e-12)
        _ratio(s, GRAD, n, "symdiff", "casadi", 1.0)
        _ratio(s, GRAD, n, "symdiff", "jax", 2.0)
    if s.selected(HESS):
        h = symdiff.compile(h_expr, names, sparse=True)
        s.case(HESS, n, "symdiff", lambda: ((lambda: h(p)), lambda r: Inspection(len(r[2]), hv(r))),
               warmup=True, exponent=1.0)
        if n <= NUMPY_MAX:
            hn = symdiff.compile(h_expr, names, sparse=True, backend="numpy")
            s.case(HESS, n, "symdiff numpy", lambda: ((lambda: hn(p)),
                                                      lambda r: Inspection(len(r[2]), hv(r))),
                   needs="symdiff", warmup=True, exponent=1.0)
        s.case(HESS, n, "casadi", lambda: _casadi(n, p, True, v), warmup=True, exponent=1.0)
        s.case(HESS, n, "jax", lambda: _jax(n, p, True, v), warmup=True, exponent=1.0,
               skip_if=(f"dense jax.hessian only up to n={JAX_DENSE_MAX}" if n > JAX_DENSE_MAX
                        else None))
        s.check(HESS, n, reference=reference_hv(p, v), rtol=1e-12)
        _ratio(s, HESS, n, "symdiff", "casadi", 1.0)
        _ratio(s, HESS, n, "symdiff", "jax", 2.0)
    if n > 1000 and (s.selected(GRAD) or s.selected(HESS)):
        _native_seconds(s, n, g if s.selected(GRAD) else None, h if s.selected(HESS) else None)
    if s.selected(COMPILE) and n == (100 if s.quick else 1000):
        _compile_time(s, n, h_expr, names, p, v, hv)


def _native_seconds(s: Session, n: int, g, h) -> None:
    """A note: how long LLVM took on the gradient and Hessian (built on
    their first call, which the timings leave out)."""
    parts = []
    for name, c in (("gradient", g), ("Hessian", h)):
        k = c._fast.kernel(False) if c is not None and c._fast is not None else None
        if k is not None:
            parts.append(f"{name} {len(c.program.sequence):,} instructions, {k.seconds:.1f} s")
    if parts:
        s.note(GRAD if g is not None else HESS, f"n={n} native code built in: " + "; ".join(parts))


def _casadi(n: int, p, hessian: bool, v=None):
    ca = anchors.get("casadi")
    x = ca.SX.sym("x", n)
    f = balanced_sum(terms([x[i] for i in range(n)]))
    if hessian:
        fn = ca.Function("h", [x], [ca.hessian(f, x)[0]])

        def inspect(h) -> Inspection:
            r, c = h.sparsity().get_triplet()
            vals = np.asarray(h.nonzeros(), dtype=float)
            out = np.zeros(n)
            np.add.at(out, np.array(r), vals * v[np.array(c)])
            return Inspection(len(vals), out)
        return (lambda: fn(p)), inspect
    fn = ca.Function("g", [x], [ca.gradient(f, x)])
    return (lambda: fn(p)), (lambda r: Inspection(n, np.asarray(r).ravel()))


def _jax_rosen():
    jnp = anchors.get("jax").numpy
    return lambda x: jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def _jax(n: int, p, hessian: bool, v=None):
    jax = anchors.get("jax")
    f = jax.jit(jax.hessian(_jax_rosen()) if hessian else jax.grad(_jax_rosen()))
    f(p).block_until_ready()
    if hessian:
        return (lambda: f(p).block_until_ready()), (lambda r: Inspection(n * n, np.asarray(r) @ v))
    return (lambda: f(p).block_until_ready()), (lambda r: Inspection(n, np.asarray(r)))


def _compile_time(s: Session, n: int, h_expr, names, p, v, hv) -> None:
    from symdiff.codegen import llvm_backend

    def symdiff_setup():
        def go():
            llvm_backend.cache_clear()
            h = symdiff.compile(h_expr, names, sparse=True)
            return h(p)
        return go, lambda r: Inspection(len(r[2]), hv(r))

    def casadi_setup():
        ca = anchors.get("casadi")
        x = ca.SX.sym("x", n)
        H = ca.hessian(balanced_sum(terms([x[i] for i in range(n)])), x)[0]

        def go():
            return ca.Function("h", [x], [H])(p)
        return go, lambda r: Inspection(n, None)

    def jax_setup():
        jax = anchors.get("jax")
        rosen = _jax_rosen()

        def go():
            return jax.jit(jax.hessian(rosen))(p).block_until_ready()
        return go, lambda r: Inspection(n, None)
    s.case(COMPILE, n, "symdiff", symdiff_setup)
    s.case(COMPILE, n, "casadi", casadi_setup)
    s.case(COMPILE, n, "jax", jax_setup)
    s.check(COMPILE, n, reference=reference_hv(p, v), rtol=1e-12)
    h = symdiff.compile(h_expr, names, sparse=True)
    h(p)
    native = h._fast.kernel(False) if h._fast is not None else None
    if native is not None:
        s.note(COMPILE, f"n={n} Hessian ({len(h.program.sequence):,} instructions): native code "
                        f"{native.seconds:.2f} s of the symdiff total (LLVM unoptimized, in "
                        f"segments of {llvm_backend.SEGMENT:,} instructions: its optimizer "
                        f"takes over a minute on one function this size)")


# -- the tiny function: one point, 64 points ---------------------------------------------

def _tiny(s: Session) -> None:
    x0, y0 = 0.7, 1.3
    xb = s.rng.uniform(-2, 2, 64)
    yb = s.rng.uniform(-2, 2, 64)
    ref = np.sin(x0) * y0 + np.exp(-x0 * x0)
    refb = np.sin(xb) * yb + np.exp(-xb * xb)
    f = symdiff.compile(TINY, ["x", "y"])
    sympy = anchors.get("sympy")
    if s.selected(SCALAR):
        s.case(SCALAR, 1, "symdiff", lambda: ((lambda: f(x0, y0)), lambda r: Inspection(1, r)),
               warmup=True)
        fn = symdiff.compile(TINY, ["x", "y"], backend="numpy")
        s.case(SCALAR, 1, "symdiff numpy", lambda: ((lambda: fn(x0, y0)),
                                                    lambda r: Inspection(1, r)),
               needs="symdiff", warmup=True)
        for mod in ("math", "numpy"):
            s.case(SCALAR, 1, f"lambdify {mod}", lambda: _lambdify(mod, x0, y0), needs="sympy",
                   warmup=True)
        s.case(SCALAR, 1, "jax", lambda: _jax_tiny(x0, y0), warmup=True)
        s.case(SCALAR, 1, "casadi", lambda: _casadi_tiny(x0, y0), warmup=True)
        s.check(SCALAR, 1, reference=ref, rtol=1e-14)
        _ratio(s, SCALAR, 1, "symdiff", "lambdify math", 2.0)
    if s.selected(BATCH):
        s.case(BATCH, 64, "symdiff", lambda: ((lambda: f(xb, yb)), lambda r: Inspection(1, r)),
               warmup=True)
        if sympy is not None:
            s.case(BATCH, 64, "lambdify numpy", lambda: _lambdify("numpy", xb, yb), needs="sympy",
                   warmup=True)
        s.case(BATCH, 64, "jax", lambda: _jax_tiny(xb, yb), warmup=True)
        s.case(BATCH, 64, "casadi", lambda: _casadi_tiny(xb, yb), warmup=True)
        s.check(BATCH, 64, reference=refb, rtol=1e-14)


def _lambdify(mod: str, x, y):
    sympy = anchors.get("sympy")
    a, b = sympy.symbols("x y")
    fn = sympy.lambdify([a, b], sympy.sympify(TINY), modules=mod)
    return (lambda: fn(x, y)), (lambda r: Inspection(1, r))


def _jax_tiny(x, y):
    jax = anchors.get("jax")
    jnp = jax.numpy
    fn = jax.jit(lambda a, b: jnp.sin(a) * b + jnp.exp(-a * a))
    fn(x, y).block_until_ready()
    return (lambda: fn(x, y).block_until_ready()), (lambda r: Inspection(1, np.asarray(r)))


def _casadi_tiny(x, y):
    ca = anchors.get("casadi")
    a, b = ca.SX.sym("x"), ca.SX.sym("y")
    fn = ca.Function("f", [a, b], [ca.sin(a) * b + ca.exp(-a * a)])
    if np.ndim(x):
        fm = fn.map(len(x))
        return (lambda: fm(x, y)), (lambda r: Inspection(1, np.asarray(r).ravel()))
    return (lambda: fn(x, y)), (lambda r: Inspection(1, float(r)))


# -- the double pendulum in solve_ivp ------------------------------------------------------

PENDULUM = (  # theta1, theta2, omega1, omega2; m1 = m2 = 1, l1 = l2 = 1, g = 9.81
    "w1", "w2",
    "(sin(th2 - th1)*cos(th2 - th1)*w1**2 + 9.81*sin(th2)*cos(th2 - th1) + sin(th2 - th1)*w2**2"
    " - 2*9.81*sin(th1))/(2 - cos(th2 - th1)**2)",
    "(-sin(th2 - th1)*cos(th2 - th1)*w2**2 + 2*(9.81*sin(th1)*cos(th2 - th1)"
    " - sin(th2 - th1)*w1**2 - 9.81*sin(th2)))/(2 - cos(th2 - th1)**2)")
STATE = ["th1", "th2", "w1", "w2"]


def _ode(s: Session) -> None:
    try:
        from scipy.integrate import solve_ivp
    except ImportError:
        s.record(ODE, "pendulum", "symdiff", Entry(NOT_APPLICABLE, error="needs scipy"))
        return
    y0 = np.array([2.0, 2.5, 0.0, 0.0])
    span = (0.0, 2.0 if s.quick else 10.0)
    f = symdiff.compile(list(PENDULUM), ["t", STATE])

    def solve(fun):
        return solve_ivp(fun, span, y0, rtol=1e-10, atol=1e-10)
    s.case(ODE, "pendulum", "symdiff", lambda: ((lambda: solve(f)),
                                                 lambda r: Inspection(r.nfev, r.y[:, -1])))
    sympy = anchors.get("sympy")
    if sympy is not None:
        syms = sympy.symbols("t th1 th2 w1 w2")
        exprs = [sympy.sympify(e) for e in PENDULUM]
        lm = sympy.lambdify((syms[0], list(syms[1:])), exprs, modules="math")
        s.case(ODE, "pendulum", "lambdify math", lambda: ((lambda: solve(lm)),
                                                           lambda r: Inspection(r.nfev, r.y[:, -1])),
               needs="sympy")
    s.check(ODE, "pendulum", rtol=1e-4)   # chaotic: rounding differences grow along the way
    e = s.entry(ODE, "pendulum", "symdiff")
    if e is not None and e.result_size:
        s.note(ODE, f"{e.result_size:,} right-hand side calls per solve")
    _ratio(s, ODE, "pendulum", "symdiff", "lambdify math", 1.0)


# -- large arrays, interleaved --------------------------------------------------------------

def _large(s: Session) -> None:
    n = 10**5 if s.quick else 10**6
    rounds = 3 if s.quick else 9
    x = s.rng.uniform(-2.0, 2.0, n)
    y = s.rng.uniform(-2.0, 2.0, n)
    e = symdiff.parse(LARGE_F)
    d = [symdiff.diff(e, "x"), symdiff.diff(e, "y")]
    calls = {"symdiff": symdiff.compile(d, ["x", "y"]),
             "symdiff llvm": symdiff.compile(d, ["x", "y"], backend="llvm")}
    jax = anchors.get("jax")
    if jax is not None:
        jnp = jax.numpy

        def fj(a, b):
            return jnp.exp(-a**2 - b**2) * jnp.sin(a * b) + jnp.log(1 + a**2) * jnp.cos(b)
        gj = jax.jit(jax.vmap(jax.grad(fj, argnums=(0, 1))))
        calls["jax"] = lambda a, b: [o.block_until_ready() for o in gj(a, b)]
    else:
        s.record(LARGE, n, "jax", Entry("not installed"))
    ref = large_reference(x[:1000], y[:1000])
    times: dict = {k: [] for k in calls}
    values = {}
    for k, fn in calls.items():                 # first calls: compile, page faults
        values[k] = np.stack([np.asarray(o)[:1000] for o in fn(x, y)])
    for _ in range(rounds):
        for k, fn in calls.items():
            t0 = time.perf_counter()
            fn(x, y)
            times[k].append(time.perf_counter() - t0)
    for k in calls:
        s.record(LARGE, n, k, Entry(OK, times=times[k], result_size=sizes.symdiff_size(d)
                                    if k.startswith("symdiff") else None))
        s.values[(LARGE, n, k)] = values[k]
        print(f"  {LARGE:<22} {n:>9} {k:<12} {statistics.median(times[k]) * 1e3:.3g} ms "
              f"x{rounds} (interleaved)", flush=True)
    s.check(LARGE, n, reference=ref, rtol=1e-9)
    _ratio(s, LARGE, n, "symdiff llvm", "jax", 0.8)
    _ratio(s, LARGE, n, "symdiff", "jax", 1.0)
