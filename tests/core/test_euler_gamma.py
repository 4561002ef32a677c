"""The constant ``EulerGamma`` (sympy's): parsing, printing, the sympy
bridge, numeric values (checked against mpmath), compiled code, facts."""
from __future__ import annotations

import pickle

import mpmath
import numpy as np
import pytest
import sympy

import symdiff
from symdiff import SymdiffError, diff, from_sympy, latex, parse, to_sympy
from symdiff.core.assumptions import holds

GAMMA = float(mpmath.euler)


def test_is_a_constant_and_round_trips():
    e = parse("EulerGamma")
    assert e.op is symdiff.core.nodes.Op.CONST and not e.free
    assert str(e) == "EulerGamma" and parse(str(e)) is e
    assert to_sympy(e) is sympy.EulerGamma and from_sympy(sympy.EulerGamma) is e
    assert pickle.loads(pickle.dumps(e)) is e
    assert diff("EulerGamma*x", "x") is e


@pytest.mark.parametrize("text", ["EulerGamma - x", "1 - EulerGamma", "-x - EulerGamma",
                                  "pi - EulerGamma", "x**EulerGamma/2", "EulerGamma*x*pi",
                                  "-2*log(2) - EulerGamma"])
def test_prints_as_sympy(text):
    e = parse(text)
    assert str(e) == str(to_sympy(e)) == str(sympy.sympify(text))
    assert latex(e) == sympy.latex(sympy.sympify(text))
    assert from_sympy(to_sympy(e)) is e


def test_value_and_facts():
    assert float(parse("EulerGamma")) == GAMMA
    assert holds("positive", parse("EulerGamma")) and holds("real", parse("EulerGamma"))
    v = parse("exp(EulerGamma)*x").subs({"x": 2}).evalf()
    assert v == pytest.approx(float(2 * mpmath.exp(mpmath.euler)), rel=1e-15)


@pytest.mark.parametrize("backend", ["numpy", "numexpr", "python"])
def test_compiled(backend):
    if backend == "numexpr":
        pytest.importorskip("numexpr")
    if backend == "python":
        f = symdiff.compile("x*EulerGamma + 1", ["x"])
        assert f(2.0) == pytest.approx(2 * GAMMA + 1, rel=1e-15)
        return
    f = symdiff.compile("x*EulerGamma + 1", ["x"], backend=backend)
    assert np.allclose(f(np.array([0.0, 2.0])), [1.0, 2 * GAMMA + 1], rtol=1e-15, atol=0)


def test_ccode_writes_its_value():
    src = symdiff.ccode("x + EulerGamma")[0]
    assert float.hex(GAMMA) in src


def test_is_no_symbol_name():
    with pytest.raises(SymdiffError, match="reserved"):
        symdiff.symbols("EulerGamma")


def test_polygamma_at_one_evaluates_numerically_as_mpmath():
    for n in range(6):
        assert float(parse(f"polygamma({n}, 1)")) == pytest.approx(float(mpmath.psi(n, 1)), rel=1e-14)
    assert float(parse("digamma(1)")) == -GAMMA
