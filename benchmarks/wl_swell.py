"""Workload ``swell``: expression swell under repeated self-composition.

``e = sin(x)``, then six times ``e = e*cos(e)``, then d/dx. As a tree the
input doubles at every step and its derivative grows faster still; as a DAG
both stay small. The size column is the number of steps (6); only the
differentiation is timed.
"""
from __future__ import annotations

import symdiff

from . import anchors, check, sizes
from .timing import NOT_APPLICABLE, Entry, Inspection, Session

NAME = "swell"
WORKLOADS = (NAME,)
STEPS = 6


def _build(sin, cos, x):
    """The swelling expression from any system's sin, cos and symbol."""
    e = sin(x)
    for _ in range(STEPS):
        e = e * cos(e)
    return e


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    pts = check.random_points(s.rng, 2, 1)
    s.case(NAME, STEPS, "symdiff", lambda: _symdiff(pts))
    s.case(NAME, STEPS, "sympy", lambda: _sympy(pts, s.quick))
    s.case(NAME, STEPS, "symengine", lambda: _symengine(pts))
    s.case(NAME, STEPS, "casadi", lambda: _casadi(pts))
    s.record(NAME, STEPS, "jax", Entry(NOT_APPLICABLE, error="no symbolic result"))
    s.check(NAME, STEPS)


def _symdiff(pts):
    (x,) = symdiff.symbols("x")
    f = _build(symdiff.sin, symdiff.cos, x)

    def inspect(d) -> Inspection:
        return Inspection(sizes.symdiff_size([d]), check.symdiff_values([d], ["x"], pts),
                          {"input_ops": sizes.symdiff_size([f])})
    return (lambda: symdiff.diff(f, x)), inspect


def _sympy(pts, quick: bool):
    sympy = anchors.get("sympy")
    x = sympy.Symbol("x")
    f = _build(sympy.sin, sympy.cos, x)

    def inspect(d) -> Inspection:
        size = sizes.sympy_size([d], cse_limit=20_000 if quick else 200_000)
        return Inspection(size, check.sympy_values([d], [x], pts))
    return (lambda: f.diff(x)), inspect


def _symengine(pts):
    se = anchors.get("symengine")
    x = se.Symbol("x")
    f = _build(se.sin, se.cos, x)

    def inspect(d) -> Inspection:
        return Inspection(sizes.symengine_size([d]), check.symengine_values([d], [x], pts))
    return (lambda: f.diff(x)), inspect


def _casadi(pts):
    ca = anchors.get("casadi")
    x = ca.SX.sym("x")
    f = _build(ca.sin, ca.cos, x)

    def inspect(g) -> Inspection:
        return Inspection(sizes.casadi_size(g), check.casadi_values(g, [x], pts))
    return (lambda: ca.gradient(f, x)), inspect
