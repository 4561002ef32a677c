"""Regression tests: gradcheck with a mapping of points, DerivMatrix.subs,
contradictory assumptions."""
import itertools
import random

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, strategies as st

import symdiff
from symdiff import DerivMatrix, SymdiffError, gradcheck, hessian, jacobian, parse, symbols
from symdiff.assumptions import FACTS
from symdiff.nodes import ZERO, Op, Sym, topo
from exprgen import close, complex_points, expressions, mp_eval, sympy_of, sympy_would_hang

XS = ["x", "y", "z"]
SYM = {v: sympy.Symbol(v) for v in XS}


# --- gradcheck(expr, vars, {name: values}) ---------------------------------------

def test_gradcheck_accepts_a_mapping_of_arrays():
    xs, ys = np.linspace(0.1, 1.0, 7), np.linspace(-2.0, 2.0, 7)
    r = gradcheck("sin(x)*y**2", "x y", {"x": xs, "y": ys})
    assert r.ok and r.checked == 14
    same = gradcheck("sin(x)*y**2", "x y", np.stack([xs, ys], axis=1))
    assert r.max_rel_error == same.max_rel_error and r.checked == same.checked


def test_gradcheck_mapping_order_symbols_and_broadcast():
    x, y = symbols("x y")
    r = gradcheck(x * symdiff.exp(y), [x, y], {y: np.array([0.5, 1.0, 1.5]), x: 2.0})
    assert r.ok and r.checked == 6
    assert gradcheck("x**3", ["x"], {"x": [[1.0, 2.0], [3.0, 4.0]]}).checked == 4


@pytest.mark.parametrize("bad", [{"x": 1.0}, {"x": 1.0, "y": 2.0, "z": 3.0},
                                 {"x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]},
                                 {"x": "one", "y": 1.0}, {3: 1.0, "y": 1.0}])
def test_gradcheck_bad_mapping_raises_symdiff_error(bad):
    with pytest.raises(SymdiffError):
        gradcheck("x*y", "x y", bad)
