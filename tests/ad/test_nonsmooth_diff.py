"""Derivatives of the nonsmooth functions and Piecewise: one line per
function and argument, checked against sympy at 30 digits and against
finite differences (gradcheck) at points away from the kinks; the
conventions at the kinks are in tests/core/test_nonsmooth.py."""
from __future__ import annotations

import pytest
import sympy

import symdiff
from symdiff import diff, grad, parse, to_sympy

# expression, points (x, y) away from every kink of the expression
TABLE = [
    ("Max(x, 0)", [(0.7, 0), (-0.4, 0)]),
    ("Max(x, y)", [(0.7, 0.2), (-0.4, 0.3)]),
    ("Max(x, y, 1)", [(1.7, 0.2), (0.4, 1.3), (0.2, 0.3)]),
    ("Max(x**2, y*x, 1/2)", [(1.1, 0.4), (0.3, 2.0), (0.2, 0.3)]),
    ("Min(x, 0)", [(0.7, 0), (-0.4, 0)]),
    ("Min(x, y, 1)", [(1.7, 0.2), (0.4, 1.3), (1.2, 1.3)]),
    ("Min(sin(x), y**2)", [(1.1, 0.4), (0.3, 2.0)]),
    ("Heaviside(x**2 - y)", [(1.1, 0.4), (0.3, 2.0)]),
    ("Heaviside(x*y, 0)", [(1.1, 0.4), (-0.3, 2.0)]),
    ("Heaviside(x)*x**2", [(1.1, 0.4), (-0.3, 2.0)]),
    ("DiracDelta(x - y)", [(1.1, 0.4)]),
    ("DiracDelta(x**2, 1)", [(1.1, 0.4)]),
    ("floor(x*y)*x", [(1.1, 0.4), (-0.3, 2.3)]),
    ("ceiling(x + y)*y", [(1.1, 0.4), (-0.3, 2.0)]),
    ("frac(x*y)*x", [(1.1, 0.4), (-0.3, 2.3)]),
    ("arg(x*y)*y", [(1.1, 0.4), (-0.3, 2.0)]),
    ("Abs(x - y)*x", [(1.1, 0.4), (-0.3, 2.0)]),
    ("sign(x*y)*x", [(1.1, 0.4), (-0.3, 2.0)]),
    ("Piecewise((x**2*y, x > 0), (-x*y, True))", [(1.1, 0.4), (-0.3, 2.0)]),
    ("Piecewise((log(x)*y, (x > 0) & (y < 1)), (sin(x + y), x < 0), (x*y**2, True))",
     [(1.1, 0.4), (-0.3, 2.0), (0.5, 2.0)]),
    ("Piecewise((exp(x*y), Eq(x, 3) | (y > 1)), (x**3, True))", [(1.1, 1.4), (0.3, 0.5)]),
    ("Piecewise((x, ~((x > 0) & (y > 0))), (y**2*x, True))", [(1.1, 1.4), (-0.3, 0.5)]),
    ("Max(x, 0)**2 + Abs(Min(y, x))*Piecewise((x*y, x > y), (y, True))",
     [(1.1, 0.4), (-0.3, 2.0)]),
]


def _sympy_value(e, pt):
    x, y = sympy.symbols("x y", real=True)
    v = e.subs({sympy.Symbol("x"): x, sympy.Symbol("y"): y}).evalf(
        30, subs={x: sympy.Float(pt[0], 30), y: sympy.Float(pt[1], 30)})
    return complex(v)


@pytest.mark.parametrize("text, points", TABLE)
@pytest.mark.parametrize("var", ["x", "y"])
def test_derivative_agrees_with_sympy_at_30_digits(text, points, var):
    ours = to_sympy(diff(text, var))
    xs = sympy.symbols("x y", real=True)
    e = sympy.sympify(text, locals=dict(zip("xy", xs)))
    for pt in points:
        # sympy leaves floor', ceiling', frac' unevaluated: away from the
        # integers floor(u) is locally the constant floor(u(pt))
        at = dict(zip(xs, pt))
        local = e.replace(sympy.floor, lambda u: sympy.floor(u.subs(at))).replace(
            sympy.ceiling, lambda u: sympy.ceiling(u.subs(at))).replace(
            sympy.frac, lambda u: u - sympy.floor(u.subs(at)))
        ref = sympy.diff(local, xs["xy".index(var)])
        a, b = _sympy_value(ours, pt), _sympy_value(ref, pt)
        assert abs(a - b) <= 1e-25 * max(1.0, abs(b)), (text, var, pt, a, b)


@pytest.mark.parametrize("text, points", TABLE)
def test_gradient_agrees_with_finite_differences(text, points):
    r = symdiff.gradcheck(text, "x y", points)
    assert r.checked > 0
    assert r.ok, (text, r)


@pytest.mark.parametrize("text, points", TABLE)
def test_reverse_mode_agrees_with_forward_mode(text, points):
    f = symdiff.compile(grad(text, ["x", "y"]) + [diff(text, "x"), diff(text, "y")], "x y")
    for pt in points:
        gx, gy, dx, dy = f(*pt)
        assert gx == pytest.approx(dx, rel=1e-12, abs=1e-12)
        assert gy == pytest.approx(dy, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("text, expected", [
    # input => derivative by x, as sympy gives it (compared as nodes)
    ("Max(x, 0)", "Heaviside(x)"),
    ("Max(x, y, 1)", "Heaviside(x - Max(1, y))"),
    ("Min(x, y)", "Heaviside(y - x)"),
    ("Heaviside(x)", "DiracDelta(x)"),
    ("DiracDelta(x)", "DiracDelta(x, 1)"),
    ("DiracDelta(x, 1)", "DiracDelta(x, 2)"),
    ("Piecewise((x**2, x > 0), (-x, True))", "Piecewise((2*x, x > 0), (-1, True))"),
    ("Piecewise((log(x), x > 0), (0, True))", "Piecewise((1/x, x > 0), (0, True))"),
    ("floor(x)", "0"), ("ceiling(x)", "0"), ("frac(x)", "1"), ("arg(x)", "0"),
    ("sign(x)", "0"), ("Abs(x)", "sign(x)"),
])
def test_derivative_forms(text, expected):
    assert diff(text, "x") is parse(expected)


def test_a_condition_is_no_value_to_differentiate():
    for f in (lambda: diff("x > 0", "x"), lambda: grad("(x > 0) & (y < 1)", ["x"]),
              lambda: symdiff.compile("x > 0", "x")):
        with pytest.raises(symdiff.SymdiffError, match="is a condition"):
            f()


def test_second_derivatives():
    assert diff("Max(x, 0)", "x", n=2) is parse("DiracDelta(x)")
    assert diff("Piecewise((x**3, x > 0), (0, True))", "x", n=2) is \
        parse("Piecewise((6*x, x > 0), (0, True))")
