"""Workload ``euler_pendulum``: Euler-Lagrange equations of an n-link pendulum.

The Lagrangian of n point masses on massless rods in a plane (angles
``th_k(t)`` from the vertical, masses ``m_k``, lengths ``l_k``, gravity
``g``) is built in each system's own API beforehand; only
``euler_equations(L, [th_1(t), ..., th_n(t)], t)`` is timed (symdiff's
against ``sympy.calculus.euler.euler_equations``). n=2 is the double
pendulum. Answers are compared at random states and parameters, with the
calls ``th_k(t)`` and their first and second derivatives replaced by
symbols (untimed).
"""
from __future__ import annotations

import symdiff

from . import anchors, check, sizes
from .timing import NOT_APPLICABLE, Entry, Inspection, Session

NAME = "euler_pendulum"
WORKLOADS = (NAME,)


def _sizes(s: Session) -> list[int]:
    return [2] if s.quick else [2, 3, 4]


def lagrangian(n: int, fn, diff, sin, cos, sym, t):
    """T - V of the n-link pendulum, in any system's API: ``fn(name)`` is an
    undefined function's call of t, ``diff(e, t)`` its derivative."""
    th = [fn(f"th{k}") for k in range(1, n + 1)]
    w = [diff(q, t) for q in th]
    m = [sym(f"m{k}") for k in range(1, n + 1)]
    ln = [sym(f"l{k}") for k in range(1, n + 1)]
    g = sym("g")
    L = 0
    vx = vy = y = 0
    for k in range(n):
        vx = vx + ln[k] * cos(th[k]) * w[k]
        vy = vy + ln[k] * sin(th[k]) * w[k]
        y = y - ln[k] * cos(th[k])
        L = L + m[k] * (vx**2 + vy**2) / 2 - m[k] * g * y
    return L, th


def _names(n: int) -> list[str]:
    out = []
    for k in range(1, n + 1):
        out += [f"a{k}", f"w{k}", f"z{k}", f"m{k}", f"l{k}"]
    return out + ["g"]


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    for n in _sizes(s):
        pts = check.random_points(s.rng, 3, len(_names(n)))
        s.case(NAME, n, "symdiff", lambda: _symdiff(n, pts))
        s.case(NAME, n, "sympy", lambda: _sympy(n, pts), exponent=3.0)
        for other in ("symengine", "casadi", "jax"):
            s.record(NAME, n, other, Entry(NOT_APPLICABLE, error="no euler_equations"))
        s.check(NAME, n)


def _symdiff(n: int, pts):
    t = symdiff.parse("t")
    L, th = lagrangian(n, lambda name: symdiff.Function(name)(t), symdiff.diff, symdiff.sin,
                       symdiff.cos, lambda name: symdiff.parse(name), t)

    def inspect(eqs) -> Inspection:
        names = {}
        for k, q in enumerate(th, 1):
            names[q] = f"a{k}"
            names[symdiff.diff(q, t)] = f"w{k}"
            names[symdiff.diff(q, t, n=2)] = f"z{k}"
        flat = [symdiff.replace(e, names) for e in eqs]
        return Inspection(sizes.symdiff_size(eqs), check.symdiff_values(flat, _names(n), pts))
    return (lambda: symdiff.euler_equations(L, th, t)), inspect


def _sympy(n: int, pts):
    sympy = anchors.get("sympy")
    from sympy.calculus.euler import euler_equations
    t = sympy.Symbol("t")
    L, th = lagrangian(n, lambda name: sympy.Function(name)(t), sympy.diff, sympy.sin,
                       sympy.cos, sympy.Symbol, t)

    def inspect(eqs) -> Inspection:
        lhs = [e.lhs - e.rhs for e in eqs]
        names = {}
        for k, q in enumerate(th, 1):       # highest derivatives first
            names[q.diff(t, 2)] = sympy.Symbol(f"z{k}")
        for k, q in enumerate(th, 1):
            names[q.diff(t)] = sympy.Symbol(f"w{k}")
        flat = [e.subs(names) for e in lhs]
        flat = [e.subs({q: sympy.Symbol(f"a{k}") for k, q in enumerate(th, 1)}) for e in flat]
        syms = [sympy.Symbol(v) for v in _names(n)]
        return Inspection(sizes.sympy_size(lhs), check.sympy_values(flat, syms, pts))
    return (lambda: euler_equations(L, th, t)), inspect
