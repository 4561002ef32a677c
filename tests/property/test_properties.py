"""Hypothesis properties on random expressions over the whole registry.

Oracles: sympy (parsing the same text itself, differentiating, evaluating
with mpmath at 30 digits) and 8th-order central finite differences of our
own compiled function.
"""
import random

import numpy as np
import sympy
from hypothesis import assume, given, note, strategies as st

from symdiff import compile, diff, parse, SymdiffError
from symdiff.core.nodes import Op, topo
from exprgen import (sympy_would_hang, VARS, central_difference, close, complex_points, expressions,
                     mp_eval, real_expressions, sympy_of, usable)

ALL = ["x", "y", "z"]


def _parsed(text):
    try:
        e = parse(text)
    except SymdiffError as e:   # e.g. 1/0 in a generated constant subexpression
        assume(False)
    assume(not sympy_would_hang(e))
    return e


def _no_constant_calls(e):
    """A constant argument can sit exactly on a branch cut (acos(2)); there
    NumPy follows C99's signed-zero side and sympy the other, both valid."""
    assume(not any(n.op is Op.FN and not n.free for n in topo([e])))
    return e


def _fd_resolves(fx, h: float, want) -> bool:
    """Whether a difference quotient with step h can resolve the derivative:
    rounding of f's value (|f|*eps/h) must be far below the tolerance
    (``x + exp(exp(4))`` has |f| ~ 1e23 and no resolvable difference)."""
    return abs(fx) * 2.3e-16 / h < 1e-7 * max(1.0, abs(want))


# points come from a seeded generator rather than Hypothesis' own floats, so
# that shrinking cannot walk them onto a branch cut (where NumPy and mpmath
# legitimately pick different sides)
SEEDS = st.integers(0, 2**32).map(random.Random)


@given(expressions())
def test_print_roundtrip(text):
    e = _parsed(text)
    assert parse(str(e)) is e


@given(expressions(), st.sampled_from(VARS), SEEDS)
def test_diff_matches_sympy(text, var, rnd):
    e = _no_constant_calls(_parsed(text))
    ours = compile(diff(e, var), ALL)
    ref = sympy.diff(sympy_of(text), sympy.Symbol(var))
    note(f"ours: {diff(e, var)}\nsympy: {ref}")
    for pt in complex_points(rnd, 3):
        r = mp_eval(ref, pt)
        if not usable(r):
            continue
        with np.errstate(all="ignore"):
            v = complex(ours(*[pt[k] for k in ALL]))
        if not np.isfinite(v):   # overflow in double where mpmath has range
            continue
        assert close(v, r, 1e-6), (pt, v, r)


@given(expressions(), st.sampled_from(VARS), SEEDS)
def test_diff_matches_finite_differences(text, var, rnd):
    e = _parsed(text)
    f = compile(e, ALL)
    d = compile(diff(e, var), ALL)
    i = ALL.index(var)
    for pt in complex_points(rnd, 3):
        args = [np.complex128(pt[k]) for k in ALL]

        def g(t):
            a = list(args)
            a[i] = t
            return complex(f(*a))
        with np.errstate(all="ignore"):
            want = complex(d(*args))
            h = 1e-2 * max(1.0, abs(args[i]))
            fd1, fd2 = central_difference(g, args[i], h), central_difference(g, args[i], h / 2)
        if not (usable(want) and usable(fd1) and usable(fd2)):
            continue
        if not close(fd1, fd2, 1e-7):   # f not smooth enough at this scale: skip
            continue
        if not _fd_resolves(g(args[i]), h, want):
            continue
        assert close(want, fd2, 1e-5), (pt, want, fd2)


@given(expressions(), SEEDS)
def test_compiled_matches_sympy(text, rnd):
    e = _no_constant_calls(_parsed(text))
    f = compile(e, ALL)
    s = sympy_of(text)
    for pt in complex_points(rnd, 3):
        r = mp_eval(s, pt)
        if not usable(r):
            continue
        with np.errstate(all="ignore"):
            v = complex(f(*[pt[k] for k in ALL]))
        if np.isfinite(v):
            assert close(v, r, 1e-8), (pt, v, r)


@given(real_expressions(), st.sampled_from(["x", "y"]), SEEDS)
def test_nonsmooth_matches_finite_differences_at_real_points(text, var, rnd):
    e = _parsed(text)
    f = compile(e, ["x", "y"])
    d = compile(diff(e, var), ["x", "y"])
    i = ["x", "y"].index(var)
    for _ in range(3):
        args = [rnd.uniform(-2, 2), rnd.uniform(-2, 2)]

        def g(t):
            a = list(args)
            a[i] = t
            return float(f(*a))
        with np.errstate(all="ignore"):
            want = float(d(*args))
            fd1 = central_difference(g, args[i], 1e-3)
            fd2 = central_difference(g, args[i], 5e-4)
            fwd = (g(args[i] + 1e-4) - g(args[i])) / 1e-4
            bwd = (g(args[i]) - g(args[i] - 1e-4)) / 1e-4
        if not (usable(want) and usable(fd1) and usable(fd2)) or not close(fd1, fd2, 1e-6):
            continue   # not smooth at this scale
        if not close(fwd, bwd, 1e-2):
            continue   # a kink (Abs, sign) within the stencil
        if not _fd_resolves(g(args[i]), 5e-4, want):
            continue
        assert close(want, fd2, 1e-5), (args, want, fd2)
