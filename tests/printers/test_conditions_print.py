"""LaTeX, DOT and the sympy bridge for relations, logic, Piecewise and the
nonsmooth functions (against sympy's own latex and objects)."""
from __future__ import annotations

import pytest
import sympy

import symdiff
from symdiff import from_sympy, latex, parse, to_sympy

TEXTS = [
    "Piecewise((x, (x > 0) & (y < 1)), (0, True))", "x >= y + 1", "Eq(x, 1) & (y > 0)",
    "~((x > 0) & (y < 1))", "Piecewise((x, x > 0), (y, x < -1))", "Heaviside(x)",
    "Heaviside(x, 0)", "((x > 0) & (y < 1)) | (x < -1)", "Ne(x, 1)", "DiracDelta(x)",
    "DiracDelta(x, 2)", "floor(x) + ceiling(y) + frac(x) + arg(x)", "Min(x, y, 1)",
    "Max(0, x)", "x <= 1", "x < 2",
    "Piecewise((log(x), x > 0), (x**2, y < 1), (0, True))",
]


@pytest.mark.parametrize("text", TEXTS)
def test_latex_as_sympy(text):
    assert latex(text) == sympy.latex(sympy.sympify(text))


@pytest.mark.parametrize("text", TEXTS)
def test_sympy_bridge_both_ways(text):
    e = parse(text)
    s = to_sympy(e)
    assert s == sympy.sympify(text)
    assert from_sympy(s) is e
    assert from_sympy(sympy.sympify(text)) is e


def test_from_sympy_of_sympy_built_objects():
    x, y = sympy.symbols("x y")
    assert from_sympy(sympy.Piecewise((x, x > 0), (0, True))) is \
        parse("Piecewise((x, x > 0), (0, True))")
    assert from_sympy(sympy.Heaviside(x)) is parse("Heaviside(x)")
    assert from_sympy(sympy.true) is parse("True")
    assert from_sympy(sympy.Max(x, y, 1)) is parse("Max(1, x, y)")
    assert from_sympy(sympy.StrictLessThan(x, y)) is parse("x < y")


def test_python_api_and_dot():
    x = symdiff.parse("x")
    pw = symdiff.Piecewise((x**2, symdiff.Gt(x, 0)), (0, True))
    assert pw is parse("Piecewise((x**2, x > 0), (0, True))")
    assert symdiff.Max(x, 0) is parse("Max(x, 0)")
    from symdiff.printers.dot import dot
    src = dot([("f", pw)])
    assert "Piecewise" in src and '"Gt"' in src and '"True"' in src
