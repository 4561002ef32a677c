"""The partials of ``uppergamma(a, x)`` and ``lowergamma(a, x)`` in ``a``
(issue 17):

    d/da lowergamma(a, x) = log(x)*lowergamma(a, x) - x**a/a**2*hyper((a, a), (a + 1, a + 1), -x)
    d/da uppergamma(a, x) = meijerg(((), (1, 1)), ((0, 0, a), ()), x) + log(x)*uppergamma(a, x)

(the second exactly sympy's),
checked against mpmath's numerical derivative of ``gammainc`` at 30
digits, sympy's own (Meijer G) derivative, finite differences of the
compiled function, and both round trips (our parser, sympy).
"""
from __future__ import annotations

import pickle
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

import symdiff
from symdiff import diff, from_sympy, parse, to_sympy
from exprgen import run_python

# (a, x): small and large a, x below and above a, a below 1
POINTS = [("1/2", "3/10"), ("17/10", "9/10"), ("16/5", "5/2"), ("9/10", "7"),
          ("5", "12"), ("1/3", "1/20"), ("11/4", "4")]
REFS = {"lowergamma": lambda a, x: mpmath.gammainc(a, 0, x),
        "uppergamma": lambda a, x: mpmath.gammainc(a, x)}
FUNCS = sorted(REFS)


def _value(s, a: str, x: str):
    """sympy expression ``s`` at (a, x), as an mpmath number of 30 digits."""
    v = s.evalf(30, subs={sympy.Symbol("a"): sympy.Rational(a), sympy.Symbol("x"): sympy.Rational(x)})
    re, im = v.as_real_imag()
    with mpmath.workdps(40):
        return mpmath.mpc(mpmath.mpf(str(re)), mpmath.mpf(str(im)))


def _at30(expr, a: str, x: str):
    return _value(to_sympy(expr), a, x)


def _mp(q: str):
    f = Fraction(q)
    return mpmath.mpf(f.numerator) / f.denominator


@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("a, x", POINTS)
def test_matches_mpmath_derivative_at_30_digits(fn, a, x):
    got = _at30(diff(f"{fn}(a, x)", "a"), a, x)
    with mpmath.workdps(40):
        ref = mpmath.diff(lambda t: REFS[fn](t, _mp(x)), _mp(a))
        assert got.imag == 0
        assert abs(got.real - ref) <= mpmath.mpf("1e-25") * max(1, abs(ref)), (fn, a, x, got, ref)


@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("a, x", POINTS[:4])
def test_matches_sympys_meijerg_derivative(fn, a, x):
    ref = _value(sympy.diff(getattr(sympy, fn)(sympy.Symbol("a"), sympy.Symbol("x")),
                            sympy.Symbol("a")), a, x)
    got = _at30(diff(f"{fn}(a, x)", "a"), a, x)
    with mpmath.workdps(40):
        assert abs(got - ref) <= mpmath.mpf("1e-25") * max(1, abs(ref))


@pytest.mark.parametrize("fn", FUNCS)
def test_gradcheck_in_a(fn):
    pytest.importorskip("scipy")
    for x in ("3/10", "9/10", "5/2"):
        f = parse(f"{fn}(a, {x})")
        res = symdiff.gradcheck(f, "a", [(0.6,), (1.7,), (3.2,)], rtol=1e-6)
        assert res.ok, (fn, x, res)


@pytest.mark.parametrize("fn", FUNCS)
def test_compiled_derivative_matches_mpmath(fn):
    """Compiled (SciPy, mpmath's hyp2f2 and meijerg): each form is free of
    cancellation where its function is small (lowergamma at small x,
    uppergamma at large x, where 2F2 would lose all digits by x = 40)."""
    pytest.importorskip("scipy")
    f = symdiff.compile(diff(f"{fn}(a, x)", "a"), ["a", "x"])
    a = np.array([0.5, 1.7, 3.2, 0.9, 1.7, 2.5, 0.5, 5.0])
    x = np.array([0.3, 0.9, 2.5, 1.5, 0.01, 30.0, 40.0, 100.0])
    got = f(a, x)
    for ai, xi, g in zip(a, x, got):
        with mpmath.workdps(30):
            ref = float(mpmath.diff(lambda t: REFS[fn](t, xi), ai))
        assert abs(g - ref) <= 2e-14 * abs(ref), (fn, ai, xi, g, ref)


@pytest.mark.parametrize("fn", FUNCS)
def test_round_trips(fn):
    d = diff(f"{fn}(a, x)", "a")
    assert parse(str(d)) is d
    assert from_sympy(to_sympy(d)) is d
    assert str(to_sympy(d)) == str(d)         # sympy prints the same text
    assert pickle.loads(pickle.dumps(d)) is d
    assert symdiff.count_ops(d) == sympy.count_ops(to_sympy(d))   # no shared subtree here


def test_forms():
    assert "hyper((a, a), (a + 1, a + 1), -x)" in str(diff("lowergamma(a, x)", "a"))
    a, x = sympy.symbols("a x")
    assert str(diff("uppergamma(a, x)", "a")) == str(sympy.diff(sympy.uppergamma(a, x), a))
    assert diff("meijerg(((), (1, 1)), ((0, 0, a), ()), x)", "x") is parse("-uppergamma(a, x)/x")


def test_second_derivative_in_a_round_trips():
    """d2/da2 has partials of hyp2f2 (and meijerg) in their parameters (no
    closed form); at equal parameters the two upper (and the two lower)
    partials of hyp2f2 are one node (core/symmetric.py), so the printed
    Subs forms read back to it."""
    d2 = diff("lowergamma(a, x)", "a", "a")
    assert str(d2).count("Subs(Derivative(hyper(") == 2
    assert parse(str(d2)) is d2
    assert from_sympy(to_sympy(d2)) is d2
    u2 = diff("uppergamma(a, x)", "a", "a")
    assert "Derivative(meijerg(((), (1, 1)), ((0, 0, a), ()), x), a)" in str(u2)
    assert parse(str(u2)) is u2
    assert from_sympy(to_sympy(u2)) is u2


def test_mixed_partial_is_the_x_derivative_differentiated_in_a():
    d = diff("uppergamma(a, x)", "a", "x")
    ref = sympy.diff(-sympy.Symbol("x") ** (sympy.Symbol("a") - 1) * sympy.exp(-sympy.Symbol("x")),
                     sympy.Symbol("a"))
    r = _value(ref, "17/10", "9/10")
    with mpmath.workdps(40):
        assert abs(_at30(d, "17/10", "9/10") - r) <= mpmath.mpf("1e-25")
        assert abs(_at30(diff("uppergamma(a, x)", "x", "a"), "17/10", "9/10") - r) <= mpmath.mpf("1e-25")


@pytest.mark.parametrize("fn, name", [("lowergamma", "hyp2f2"), ("uppergamma", "meijerg")])
def test_without_mpmath_compiling_names_the_function(fn, name):
    run_python(
        "import sys; sys.modules['mpmath'] = None\n"
        "import numpy as np, symdiff\n"
        f"f = symdiff.compile(symdiff.diff('{fn}(a, x)', 'a'), ['a', 'x'])\n"
        "try:\n"
        "    f(np.array([1.5]), np.array([0.5]))\n"
        "except symdiff.SymdiffError as e:\n"
        f"    assert '{name}' in str(e) and 'mpmath' in str(e), e\n"
        "else:\n"
        "    raise AssertionError('evaluated without mpmath')\n")
