"""Canonical forms of relations, logic, Piecewise and the nonsmooth
functions (one line each, checked against sympy), exact values, facts,
and the table of nonsmooth conventions at the kinks (core/nonsmooth.py)."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
import sympy

import symdiff
from symdiff import compile, diff, parse, to_sympy
from symdiff.core.assumptions import facts

# input => canonical form; sympy must give the same (compared through the bridge)
CANONICAL = [
    ("Piecewise((x, x > 0), (x, True))", "x"),
    ("Piecewise((x, x > 0), (y, x > 0), (0, True))", "Piecewise((x, x > 0), (0, True))"),
    ("Piecewise((x, x > 0), (0, True), (y, x < 0))", "Piecewise((x, x > 0), (0, True))"),
    ("Piecewise((x, False), (y, True))", "y"),
    ("Piecewise((x, 1 > 2), (y, x > 0))", "Piecewise((y, x > 0))"),
    ("Piecewise((0, x > 0), (0, y > 0), (1, True))", "Piecewise((0, (x > 0) | (y > 0)), (1, True))"),
    ("Piecewise((x, pi > 3), (1, True))", "x"),
    ("Max(x, x)", "x"),
    ("Max(x, 1, 2)", "Max(2, x)"),
    ("Max(x, Max(y, 1), 2)", "Max(2, x, y)"),
    ("Max(1, 2)", "2"),
    ("Max(pi, 3)", "pi"),
    ("Min(1, x, 2)", "Min(1, x)"),
    ("Min(x, Min(x, y))", "Min(x, y)"),
    ("Heaviside(3)", "1"),
    ("Heaviside(-2)", "0"),
    ("Heaviside(0)", "1/2"),
    ("Heaviside(0, 0)", "0"),
    ("Heaviside(pi - 3)", "1"),
    ("DiracDelta(2)", "0"),
    ("floor(7/2)", "3"),
    ("floor(-7/2)", "-4"),
    ("ceiling(7/2)", "4"),
    ("frac(7/2)", "1/2"),
    ("frac(-7/2)", "1/2"),
    ("floor(5)", "5"),
    ("floor(x + 2)", "floor(x) + 2"),                  # integer terms leave (sympy)
    ("ceiling(x - 3)", "ceiling(x) - 3"),
    ("floor(-x - 1)", "floor(-x) - 1"),
    ("floor(x + 2.0)", "floor(x) + 2"),
    ("floor(2.0*x + 1.0)", "floor(2.0*x) + 1"),
    ("ceiling(x + pi + 2)", "ceiling(x + pi) + 2"),
    ("floor(x + 1/2)", "floor(x + 1/2)"),
    ("floor(x + 2.5)", "floor(x + 2.5)"),
    ("frac(x + 2)", "frac(x + 2)"),
    ("arg(-2)", "pi"),
    ("arg(3)", "0"),
    ("x > x - 1", "True"),
    ("Eq(x + 1, 1 + x)", "True"),
    ("x + 1 < x", "False"),
    ("~(x > 0)", "x <= 0"),
    ("~Eq(x, 1)", "Ne(x, 1)"),
    ("(x > 0) & True", "x > 0"),
    ("(x > 0) & False", "False"),
    ("(x > 0) | True", "True"),
    ("(x > 0) & (x > 0)", "x > 0"),
]


@pytest.mark.parametrize("text, expected", CANONICAL)
def test_canonical_forms_as_sympy(text, expected):
    e = parse(text)
    assert e is parse(expected)
    assert to_sympy(e) == sympy.sympify(expected)
    real = {"x": sympy.Symbol("x", real=True), "y": sympy.Symbol("y", real=True)}
    ref, want = sympy.sympify(text, locals=real), sympy.sympify(expected, locals=real)
    assert ref == want or sympy.simplify(ref - want) == 0     # (variables are real)


@pytest.mark.parametrize("text, expected", [("floor(x + n + 1)", "floor(x) + n + 1"),
                                            ("ceiling(x + 2*n**2 - 1)", "ceiling(x) + 2*n**2 - 1"),
                                            ("floor(n + m)", "n + m"),
                                            ("floor(x + n/2)", "floor(x + n/2)")])
def test_floor_and_ceiling_shift_integer_symbols_out(text, expected):
    ints = {"n": "integer", "m": "integer"}
    e = parse(text, assume=ints)
    assert e is parse(expected, assume=ints)
    syms = {v: sympy.Symbol(v, integer=True) for v in "nm"}
    assert to_sympy(e) == sympy.sympify(text, locals=syms)


def test_floor_of_an_integer_symbol_and_facts():
    assert parse("floor(n)", assume={"n": "integer"}).name == "n"
    real = {"x": "real", "y": "real"}
    assert "integer" in facts(parse("floor(x)", assume=real))
    assert "integer" in facts(parse("ceiling(x)", assume=real))
    assert "nonnegative" in facts(parse("Heaviside(x)", assume=real))
    assert "nonnegative" in facts(parse("frac(x)", assume=real))
    assert "positive" in facts(parse("Max(x, 1)", assume=real))
    assert "real" in facts(parse("Min(x, y)", assume=real))
    assert "real" in facts(parse("arg(x)"))


def test_pickle_and_count_ops():
    e = parse("Piecewise((Max(x, 0)**2, (x > 0) & (y < 1)), (floor(x), True))")
    assert pickle.loads(pickle.dumps(e)) is e
    # Max, **, >, <, &, floor, Piecewise: one each
    assert symdiff.count_ops(e) == 7


# The conventions at the kinks (the table in core/nonsmooth.py): symbolic
# and compiled values agree, each checked against its definition.
def _both(text, var="x", at=0.0):
    d = diff(text, var)
    sym = float(d.subs({var: at})) if d.free else float(d)
    num = float(compile(d, var)(at)) if d.free else sym
    return sym, num


@pytest.mark.parametrize("text, at, value", [
    ("Heaviside(x)", 0.0, 0.5),            # value: Heaviside(0) = 1/2 (sympy)
    ("Heaviside(x, 0)", 0.0, 0.0),         # value: H0 at 0
    ("Heaviside(x, 1)", 0.0, 1.0),
])
def test_convention_values(text, at, value):
    assert float(parse(text).subs({"x": at})) == value
    assert float(compile(text, "x")(at)) == value


@pytest.mark.parametrize("text, at, slope", [
    ("Max(x, 0)", 0.0, 0.5),       # Heaviside(0): the mean of the one-sided slopes
    ("Min(x, 0)", 0.0, 0.5),
    ("Abs(x)", 0.0, 0.0),          # sign(0)
    ("sign(x)", 0.0, 0.0),         # a.e. derivative, also at 0
    ("sign(x)", 1.0, 0.0),
    ("floor(x)", 2.0, 0.0),        # a.e. derivative, also at the integers
    ("ceiling(x)", 2.0, 0.0),
    ("frac(x)", 2.0, 1.0),
    ("Heaviside(x)", 0.0, 0.0),    # DiracDelta evaluates to 0 numerically
    ("arg(x)", -1.0, 0.0),
])
def test_convention_derivatives_at_the_kinks(text, at, slope):
    sym, num = _both(text, at=at)
    assert sym == num == slope


def test_max_slope_at_the_kink_is_the_mean_of_the_one_sided_slopes():
    f = compile(parse("Max(x, 0)"), "x")
    h = 1e-6
    left, right = (f(0.0) - f(-h)) / h, (f(h) - f(0.0)) / h
    assert _both("Max(x, 0)")[0] == (left + right) / 2


def test_the_conventions_table_is_documented():
    from symdiff.core import nonsmooth
    for key in ("Heaviside(0)", "Max(x, 0)'", "Abs'(0) = 0", "sign'(x)", "floor'", "frac'",
                "DiracDelta"):
        assert key in nonsmooth.__doc__, key
