"""The README's worked example, timed: ``scipy.optimize.minimize(...,
method="trust-exact")`` on the Rosenbrock function of n variables with
symdiff's compiled gradient and Hessian, against JAX (``jit`` of value,
``grad`` and dense ``hessian``). Both runs start at x0 = 0.5 and must reach
the minimum at all ones (and agree to 1e-6).

    python -m benchmarks.trust_exact            # n = 1000 (minutes: trust-exact's
    python -m benchmarks.trust_exact --n 200    #   dense factorizations dominate)
"""
from __future__ import annotations

import argparse
import time

import numpy as np


def _per_call(fn, x, repeats: int = 20) -> float:
    fn(x)
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(x)
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


def symdiff_functions(n: int):
    import symdiff
    names = [f"x{i}" for i in range(n)]
    f = symdiff.parse(" + ".join(f"100*(x{i+1} - x{i}**2)**2 + (1 - x{i})**2"
                                 for i in range(n - 1)))
    x = symdiff.symbols(" ".join(names))
    fun = symdiff.compile(f, [names])
    jac = symdiff.compile(symdiff.grad(f, x), [names])
    hess = symdiff.compile(symdiff.hessian(f, x), [names])
    return fun, jac, hess


def jax_functions(n: int):
    import jax
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy

    def rosen(x):
        return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
    fun, jac, hess = jax.jit(rosen), jax.jit(jax.grad(rosen)), jax.jit(jax.hessian(rosen))
    return (lambda x: float(fun(x)), lambda x: np.asarray(jac(x)), lambda x: np.asarray(hess(x)))


def run(n: int) -> dict:
    from scipy.optimize import minimize
    x0 = np.full(n, 0.5)
    out = {}
    for name, build in (("symdiff", symdiff_functions), ("jax", jax_functions)):
        t0 = time.perf_counter()
        fun, jac, hess = build(n)
        fun(x0), jac(x0), hess(x0)          # first calls: code is built
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = minimize(fun, x0, jac=jac, hess=hess, method="trust-exact")
        solve = time.perf_counter() - t0
        assert res.success and np.allclose(res.x, 1.0, atol=1e-6), (name, res.message)
        out[name] = dict(setup_s=setup, minimize_s=solve, iterations=int(res.nit), x=res.x,
                         grad_call_s=_per_call(jac, x0), hess_call_s=_per_call(hess, x0, 5))
    assert np.allclose(out["symdiff"]["x"], out["jax"]["x"], atol=1e-6)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1000)
    n = p.parse_args().n
    for name, r in run(n).items():
        print(f"{name:8} n={n}: setup (derivatives, compile, first calls) {r['setup_s']:.2f} s, "
              f"minimize {r['minimize_s']:.1f} s ({r['iterations']} iterations), "
              f"gradient call {r['grad_call_s'] * 1e6:.1f} us, "
              f"dense Hessian call {r['hess_call_s'] * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
