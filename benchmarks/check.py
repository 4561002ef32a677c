"""Numeric evaluation of each system's results at check points.

Each system's answer is evaluated with that system's own evaluator (symdiff
``compile``, ``sympy.lambdify``, symengine ``subs``, a casadi
``Function``), all of which handle shared DAGs without expanding them into
trees. The values are then compared by ``timing.Session.check``.

``points`` is always an array of shape (k, nvars); results have shape
(k, noutputs).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

import symdiff

from . import anchors


def symdiff_values(exprs: Sequence[Any], names: Sequence[str], points: np.ndarray) -> np.ndarray:
    """Evaluate symdiff expressions with ``symdiff.compile``."""
    f = symdiff.compile(list(exprs), list(names))
    cols = [points[:, j].copy() for j in range(len(names))]
    out = f(*cols)
    return np.stack([np.broadcast_to(np.asarray(o), (len(points),)) for o in out], axis=1)


def sympy_values(exprs: Sequence[Any], symbols: Sequence[Any], points: np.ndarray) -> np.ndarray:
    """Evaluate sympy expressions with ``lambdify(..., cse=True)``."""
    sympy = anchors.get("sympy")
    f = sympy.lambdify(list(symbols), list(exprs), modules="numpy", cse=True)
    with np.errstate(all="ignore"):
        out = f(*[points[:, j] for j in range(len(symbols))])
    return np.stack([np.broadcast_to(np.asarray(o, dtype=complex if np.iscomplexobj(o) else float),
                                      (len(points),)) for o in out], axis=1)


def symengine_values(exprs: Sequence[Any], symbols: Sequence[Any], points: np.ndarray) -> np.ndarray:
    """Evaluate symengine expressions by substituting floats (``subs``).

    Not ``Lambdify``: it walks the expression as a tree, which takes minutes
    for the 3-million-operation derivative of long_product n=1000 (``subs``
    takes 0.1 s), and it lacks some functions (Abs)."""
    rows = []
    for p in points:
        env = dict(zip(symbols, (float(v) for v in p)))
        rows.append([_se_number(e.subs(env)) for e in exprs])
    return np.array(rows)


def _se_number(v: Any) -> complex:
    """A substituted symengine value as a number; symengine leaves a few
    functions of floats unevaluated (atan2), sympy's evalf finishes them."""
    try:
        return complex(v)
    except RuntimeError:
        return complex(v._sympy_().evalf())


def casadi_values(outputs: Any, symbols: Sequence[Any], points: np.ndarray) -> np.ndarray:
    """Evaluate a casadi SX matrix (flattened column-major) point by point.
    One (possibly vector) symbol takes the whole point; several take one
    coordinate each."""
    ca = anchors.get("casadi")
    f = ca.Function("check", list(symbols), [ca.vec(outputs)])
    if len(symbols) == 1:
        return np.array([np.asarray(f(p)).ravel() for p in points])
    return np.array([np.asarray(f(*p)).ravel() for p in points])


def random_points(rng: np.random.Generator, k: int, nvars: int,
                  low: float = 0.2, high: float = 0.9) -> np.ndarray:
    """``k`` random points in the box [low, high]**nvars."""
    return rng.uniform(low, high, size=(k, nvars))
