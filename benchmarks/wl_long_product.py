"""Workload ``long_product``: d/dx of prod(sin(x+i) for i in range(n)).

The textbook case where naive symbolic differentiation is quadratic: the
derivative of a product of n factors written as a sum of n products has
n*(n-1) factors. A DAG with shared prefix/suffix products stays O(n)
(casadi: 1,594 nodes at n=200). Only the differentiation is timed; inputs
are built beforehand. jax has no symbolic result here, so it is n/a.
"""
from __future__ import annotations

from functools import reduce
import operator

import symdiff

from . import anchors, check, sizes
from .timing import NOT_APPLICABLE, Entry, Inspection, Session

NAME = "long_product"
WORKLOADS = (NAME,)


def _sizes(s: Session) -> list[int]:
    return [50, 200] if s.quick else [50, 200, 1000]


def run(s: Session) -> None:
    """Run every system at every size, then check agreement per size."""
    if not s.selected(NAME):
        return
    for n in _sizes(s):
        pts = check.random_points(s.rng, 2, 1)
        s.case(NAME, n, "symdiff", lambda: _symdiff(n, pts))
        s.case(NAME, n, "sympy", lambda: _sympy(n, pts, s.quick), exponent=2.0)
        s.case(NAME, n, "symengine", lambda: _symengine(n, pts), exponent=2.0)
        s.case(NAME, n, "casadi", lambda: _casadi(n, pts), exponent=1.0)
        s.record(NAME, n, "jax", Entry(NOT_APPLICABLE, error="no symbolic result"))
        s.check(NAME, n)


def _symdiff(n: int, pts):
    f = symdiff.parse("*".join(f"sin(x + {i})" for i in range(n)))
    x = symdiff.parse("x")

    def inspect(d) -> Inspection:
        return Inspection(sizes.symdiff_size([d]), check.symdiff_values([d], ["x"], pts))
    return (lambda: symdiff.diff(f, x)), inspect


def _sympy(n: int, pts, quick: bool):
    sympy = anchors.get("sympy")
    x = sympy.Symbol("x")
    f = sympy.Mul(*[sympy.sin(x + i) for i in range(n)])

    def inspect(d) -> Inspection:
        size = sizes.sympy_size([d], cse_limit=20_000 if quick else 200_000)
        return Inspection(size, check.sympy_values([d], [x], pts))
    return (lambda: f.diff(x)), inspect


def _symengine(n: int, pts):
    se = anchors.get("symengine")
    x = se.Symbol("x")
    f = reduce(operator.mul, [se.sin(x + i) for i in range(n)])

    def inspect(d) -> Inspection:
        return Inspection(sizes.symengine_size([d]), check.symengine_values([d], [x], pts))
    return (lambda: f.diff(x)), inspect


def _casadi(n: int, pts):
    ca = anchors.get("casadi")
    x = ca.SX.sym("x")
    f = reduce(operator.mul, [ca.sin(x + i) for i in range(n)])

    def inspect(g) -> Inspection:
        return Inspection(sizes.casadi_size(g), check.casadi_values(g, [x], pts))
    return (lambda: ca.gradient(f, x)), inspect
