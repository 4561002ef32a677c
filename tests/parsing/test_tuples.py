"""Parenthesized tuples are arguments of Piecewise, Derivative and Subs only;
every other place, and every malformed use, is a ParseError with a caret,
never another exception (found after merging the branches: a tuple inside
a Derivative order or a Piecewise branch raised AttributeError, and
``Derivative(f(x), (x, 10**9))`` built a list of 10**9 variables)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symdiff
from symdiff import LimitError, ParseError, SymdiffError

BAD = ["Derivative(f(x), (x, (1, 2)))", "Derivative(f(x), ((x, 1), 2))",
       "Piecewise(((x, 1), x > 0))", "Piecewise((x, (x > 0, 1)))",
       "Subs(f(x), x > 0, 1)", "Subs(f(x), (x, (1, 2)), (1, 2))",
       "Subs(f(x), (x, y), (1, 2, 3))", "f((x, 1))", "sin((x, 1))", "(x, 1) + 1",
       "(x, 1)", "Max((x, 1), 0)", "Derivative((x, 1), x)", "Derivative(f(x), (x, -1))",
       "Derivative(f(x), (x, 2.5))", "Derivative(f(x), x + y)", "(x, 1) > 0"]


@pytest.mark.parametrize("text", BAD)
def test_misplaced_or_malformed_tuples_are_parse_errors(text):
    with pytest.raises(ParseError) as info:
        symdiff.parse(text, functions="f")
    assert "^" in str(info.value)          # the caret under the place


def test_derivative_order_is_limited_before_anything_is_built():
    with pytest.raises(ParseError, match="max_order"):
        symdiff.parse("Derivative(f(x), (x, 10**9))", functions="f")
    with pytest.raises(ParseError, match="max_order"):
        symdiff.parse("Derivative(f(x), x, (x, 100))", functions="f")
    with symdiff.limits.override(max_order=3):
        with pytest.raises(ParseError):
            symdiff.parse("Derivative(x**5, (x, 4))")
    assert symdiff.parse("Derivative(x**5, (x, 3))") is symdiff.parse("60*x**2")
    assert issubclass(LimitError, SymdiffError)


_TOKENS = ["Derivative(", "Subs(", "Piecewise(", "f(", "sin(", "Max(", "(", ")", ")", ",",
           ", ", "x", "y", "1", "2", "10**9", "-1", " > ", " & ", "True", "+", "*", "(x, 2)",
           "(x, 1)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=14))
def test_token_soup_with_tuples_parses_or_raises_symdiff_error(tokens):
    text = "".join(tokens)
    try:
        e = symdiff.parse(text, functions="f")
    except SymdiffError:
        return
    assert isinstance(e, symdiff.Expr)
