"""Relations, &, |, ~, True/False and Piecewise in the grammar: round trips,
precedence as sympy prints it, and errors with a caret and a hint."""
from __future__ import annotations

import pytest
import sympy

from symdiff import ParseError, parse

ROUND_TRIP = [
    "x > 0", "x >= y + 1", "x**2 < 2*y", "x <= 1", "Eq(x, 1)", "Ne(x, y + 1)",
    "(x > 0) & (y < 1)", "(x > 0) | (y < 1)",
    "~((x > 0) & (y < 1))", "Eq(x, 1) & (y > 0)",
    "Piecewise((x, x > 0), (0, True))",
    "Piecewise((log(x), x > 0), (x**2, y < 1), (0, True))",
    "2*Piecewise((x, (x > 0) & (y < 1)), (0, True))",
    "Piecewise((x, x > 0))",
    "Max(0, x)", "Min(1, x, y)", "Heaviside(x)", "Heaviside(x, 0)", "DiracDelta(x)",
    "DiracDelta(x, 2)", "arg(x) + ceiling(y) + floor(x) + frac(x)",
    "Piecewise((Max(0, x)**2, Abs(x) <= 1), (floor(x), True))",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_prints_as_sympy_and_reads_back(text):
    e = parse(text)
    assert str(e) == text == str(sympy.sympify(text))
    assert parse(str(e)) is e


# printed in another (deterministic) order than sympy's, or sympy rewrites
# them (a power into the branches): equal as sympy objects, and read back
@pytest.mark.parametrize("text", ["((x > 0) & (y < 1)) | (x < -1)",
                                  "Piecewise((x, x > 0), (0, True))**2",
                                  "(x > 2) | (x < -1) | Eq(y, 3)"])
def test_reads_back_and_equals_sympy(text):
    e = parse(text)
    assert parse(str(e)) is e
    assert sympy.sympify(str(e)) == sympy.sympify(text) or \
        sympy.piecewise_fold(sympy.sympify(str(e))) == sympy.sympify(text)


@pytest.mark.parametrize("text, same", [
    ("x == 1", "Eq(x, 1)"), ("x != 1", "Ne(x, 1)"), ("Lt(x, 1)", "x < 1"),
    ("Gt(x, 1)", "x > 1"), ("Le(x, 1)", "x <= 1"), ("Ge(x, 1)", "x >= 1"),
    ("And(x > 0, y > 0)", "(x > 0) & (y > 0)"), ("Or(x > 0, y > 0)", "(x > 0) | (y > 0)"),
    ("Not(Eq(x, 1))", "Ne(x, 1)"), ("x + 1 > 2*y - 3", "x + 1 > 2*y - 3"),
    ("(x > 0) & (y > 0) & (x < 2)", "And(x > 0, y > 0, x < 2)"),
    ("(x > 0) & (y > 0) | (x < -1)", "((x > 0) & (y > 0)) | (x < -1)"),   # & binds tighter
    ("Heaviside(x, 1/2)", "Heaviside(x)"), ("True", "True"),
])
def test_spellings(text, same):
    assert parse(text) is parse(same)


@pytest.mark.parametrize("text, msg, col, hint", [
    ("x > 0 & y < 1", "'&' joins conditions", 7, "parenthesize"),
    ("0 < x < 1", "unexpected '<'", 7, "do not chain"),
    ("Piecewise((x, x + 1), (0, True))", "is not a condition", 1, "a condition is a relation"),
    ("Piecewise((x > 0, x > 0), (0, True))", "is a condition", 1, "(expression, condition)"),
    ("Piecewise(x, 1)", "pairs", 1, "Piecewise((x, x > 0), (0, True))"),
    ("(x > 0) + 1", "no operand of arithmetic", 9, "Piecewise"),
    ("2*(x > 0)", "no operand of arithmetic", 2, "Heaviside"),
    ("sin(x > 0)", "not the condition", 1, "condition"),
    ("~x", "negates a condition", 1, "~(x > 0)"),
    ("(x, 1)", "tuple", 1, "Piecewise"),
    ("sin((x, 1))", "tuple", 1, "Piecewise"),
    ("(x > 0) > 1", "compares expressions", 9, "parenthesize"),
    ("Max()", "unexpected", 5, ""),
    ("DiracDelta(x, 1/2)", "nonnegative integer", 1, ""),
])
def test_errors_have_a_caret_and_a_hint(text, msg, col, hint):
    with pytest.raises(ParseError) as ei:
        parse(text)
    e = ei.value
    assert msg in e.message, e.message
    assert e.column == col, (e.column, str(e))
    assert hint in e.hint, e.hint
