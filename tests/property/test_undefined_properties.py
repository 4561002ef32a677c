"""Hypothesis properties of undefined functions: random expressions with
two undefined functions ``ff``, ``gg`` mixed in. Their mixed second
derivatives (chain rule, Subs forms, derivative nodes of derivative nodes)
are made concrete afterwards (``ff -> sin``, ``gg -> exp``) and compared
with sympy's derivative of the concrete text, at 30 digits, in both
orders of differentiation; the printed form re-parses to the same node."""
import random
import re

import numpy as np
import sympy
from hypothesis import assume, given, note, settings, strategies as st

from symdiff import SymdiffError, compile, diff, parse, subs_function
from exprgen import (close, complex_points, expressions, mp_eval, sympy_of, sympy_would_hang,
                     usable)

ALL = ["x", "y", "z"]
FUNCS = ["sin", "cos", "exp", "log", "sqrt", "atan", "ff", "gg"]
SEEDS = st.integers(0, 2**32).map(random.Random)


def _concrete_text(text: str) -> str:
    return re.sub(r"\bgg\(", "exp(", re.sub(r"\bff\(", "sin(", text))


@settings(max_examples=60, deadline=None)
@given(expressions(FUNCS, max_leaves=8), st.sampled_from(ALL), st.sampled_from(ALL), SEEDS)
def test_mixed_derivatives_with_undefined_functions(text, v1, v2, rnd):
    try:
        e = parse(text, functions="ff gg")
    except SymdiffError:
        assume(False)
    assume(not sympy_would_hang(e))
    d = diff(e, v1, v2)
    assert parse(str(d), functions="ff gg") is d
    ours = [subs_function(subs_function(u, "ff", "sin"), "gg", "exp")
            for u in (d, diff(e, v2, v1))]
    ref = sympy.diff(sympy_of(_concrete_text(text)), sympy.Symbol(v1), sympy.Symbol(v2))
    note(f"ours: {d}\nconcrete: {ours[0]}\nsympy: {ref}")
    f = compile(ours, ALL)
    for pt in complex_points(rnd, 3):
        r = mp_eval(ref, pt)
        if not usable(r):
            continue
        with np.errstate(all="ignore"):
            vs = [complex(v) for v in f(*[np.complex128(pt[k]) for k in ALL])]
        for v in vs:
            if np.isfinite(v):
                assert close(v, r, 1e-6), (pt, v, r)
