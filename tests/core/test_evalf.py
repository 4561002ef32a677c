"""float(), complex(), int() and evalf() of constant expressions, against
sympy's N() (an independent arbitrary-precision evaluation)."""
from __future__ import annotations

import cmath
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import symdiff
from symdiff import SymdiffError, parse
from symdiff.core.functions import REGISTRY
from symdiff.core.nonsmooth import ROW_NAMES as NONSMOOTH_ROWS   # tested in tests/*/test_nonsmooth*.py
from symdiff.core.nodes import Fn, Num, topo

from exprgen import expressions, sympy_of


def _n(sexpr) -> complex:
    return complex(sympy.N(sexpr, 30))


def _close(a, b, tol=1e-12) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def test_float_of_constant_expressions():
    assert float(parse("pi/2")) == float(sympy.pi / 2)
    assert float(parse("E**2 + sqrt(2)")) == pytest.approx(float(sympy.E**2 + sympy.sqrt(2)),
                                                           rel=1e-15)
    assert float(parse("1/3")) == 1 / 3                   # exact Fraction, correctly rounded
    assert type(float(parse("2"))) is float


def test_complex_of_constant_expressions():
    assert complex(parse("sqrt(-1)")) == 1j                # principal value, as sympy's I
    assert complex(parse("sqrt(-4)")) == 2j
    assert _close(complex(parse("log(-1)")), _n(sympy.log(-1)))
    assert complex(parse("pi")) == complex(sympy.pi)
    assert parse("2 + 3*I").evalf() == 2 + 3j


@pytest.mark.parametrize("text", ["7/2", "-7/2", "E**10", "-pi*100", "sqrt(2)*1000", "0.99",
                                  "-0.5", "10**30 + 1/2"])
def test_int_truncates_like_sympy(text):
    assert int(parse(text)) == int(sympy_of(text))


def test_float_of_complex_value_raises():
    with pytest.raises(SymdiffError, match="complex"):
        float(parse("sqrt(-1)"))
    with pytest.raises(SymdiffError, match="complex"):
        int(parse("I"))


@pytest.mark.parametrize("conv", [float, complex, int, lambda e: e.evalf()])
def test_free_symbols_are_named(conv):
    with pytest.raises(SymdiffError, match=r"free symbols \(x, y\)"):
        conv(parse("x*y + 1"))


@pytest.mark.parametrize("text", ["1/csc(0.0)", "exp(1000)", "10**10**10", "atan2(I, 1)"])
def test_undefined_or_huge_values_raise(text):
    with pytest.raises(SymdiffError):
        parse(text).evalf()


def test_int_beyond_float_precision_raises_unless_exact():
    assert int(parse("10**400")) == 10**400                # exact number: exact int
    with pytest.raises(SymdiffError, match="exact"):
        int(parse("E**100"))


# real arguments off the real domain: sympy's side of each branch cut
CUTS = ["asin(2)", "asin(-2)", "acos(3)", "acos(-3)", "atanh(2)", "atanh(-2)", "acosh(1/2)",
        "acosh(-3)", "log(-2)", "sqrt(-3)", "(-8)**(1/3)", "(-2)**0.7", "asec(1/2)",
        "asec(-1/2)", "acsc(1/2)", "acsc(-1/2)", "acoth(1/2)", "acoth(-1/2)", "asech(-1/2)",
        "asech(3)", "asech(-3)", "acot(0)", "acoth(0)", "asin(0.5)", "log(-1.5)*I",
        "sqrt(-2)**2", "csch(-1024)", "sign(3 + 4*I)", "Abs(3 - 4*I)"]


@pytest.mark.parametrize("text", CUTS)
def test_branch_values_match_sympy(text):
    assert _close(parse(text).evalf(), _n(sympy_of(text))), text


def test_every_registry_function_evaluates():
    from symdiff.core.evalf import _FUNCS
    from symdiff.core.special_functions import ROWS
    special = {r["name"] for r in ROWS}
    assert set(REGISTRY) - NONSMOOTH_ROWS <= set(_FUNCS) | special
    pytest.importorskip("scipy") if special else None
    for name, row in REGISTRY.items():
        if name in NONSMOOTH_ROWS:
            continue
        # integer first arguments where that is an order or a branch
        first = 2 if name in ("polygamma", "expint", "LambertW") and row.nargs[-1] == 2 else None
        for n in row.nargs:
            vals = [Fraction(3, 10), Fraction(7, 10), Fraction(11, 10), Fraction(1, 5),
                    Fraction(1, 7), Fraction(1, 9)][:n]
            if first is not None and n == 2:
                vals = [vals[0], first] if name == "LambertW" else [first, vals[1]]
            if name == "LambertW" and n == 2:
                vals = [Fraction(3, 10), -1]
            e = Fn(name, *[Num(v) for v in vals])
            if not e.free and e.op is not Num(0).op:
                assert _close(e.evalf(), _n(symdiff.to_sympy(e))), (name, n)


def test_deep_expression_evaluates_without_recursion():
    e = Num(Fraction(1, 2))
    for _ in range(30000):
        e = Fn("sin", e)
    v = e.evalf()
    assert 0 < v < 0.5


def test_evalf_imports_no_numpy():
    from exprgen import run_python
    run_python("import sys, symdiff; p = symdiff.parse('asin(2) + pi/2');"
               "p.evalf(); complex(p); float(symdiff.parse('1/3'));"
               "assert 'numpy' not in sys.modules, 'numpy imported'")


def _justified_error(c) -> bool:
    """Whether some subexpression of ``c`` is infinite, undefined or beyond
    float64 for sympy too (our error is then the right answer in float64)."""
    for n in topo([c]):
        try:
            v = _n(symdiff.to_sympy(n))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return True
        if not cmath.isfinite(v) or abs(v) > 1e300:
            return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(max_leaves=6),
       st.lists(st.fractions(Fraction(1, 5), 2, max_denominator=5), min_size=3, max_size=3))
def test_evalf_matches_sympy_N(text, vals):
    try:
        c = parse(text).subs(dict(zip("xyz", vals)))
    except SymdiffError:
        assume(False)
    exact = {sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator)
             for k, v in zip("xyz", vals)}
    try:
        ref = _n(sympy_of(text).xreplace(exact))
    except (TypeError, ValueError):
        ref = complex("nan")
    try:
        ours = c.evalf()
    except SymdiffError:
        assert not cmath.isfinite(ref) or abs(ref) > 1e300 or _justified_error(c), (text, vals)
        return
    assume(cmath.isfinite(ref))
    assert _close(ours, ref, 1e-7), (text, vals, ours, ref)
    if isinstance(ours, float):
        assert float(c) == ours
    assert complex(c) == complex(ours)
