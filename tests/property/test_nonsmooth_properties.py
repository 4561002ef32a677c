"""Hypothesis: random real expressions mixing Max/Min/Abs/floor/Heaviside/
Piecewise into smooth functions: derivative equal to sympy's and to finite
differences away from the kinks; str round trip; compiled value equal to
sympy's; compiled gradients raise no floating-point warning."""
from __future__ import annotations

import numpy as np
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symdiff
from symdiff import diff, parse, to_sympy
from exprgen import kink_distance, nonsmooth_expressions

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
POINTS = st.tuples(st.floats(-2.5, 2.5), st.floats(-2.5, 2.5))
XS = {"x": sympy.Symbol("x", real=True), "y": sympy.Symbol("y", real=True)}


def _value(s, point):
    subs = {XS[k]: sympy.Float(v, 30) for k, v in point.items()}
    s = s.subs({sympy.Symbol(k): XS[k] for k in XS})
    v = s.evalf(30, subs=subs)
    try:
        return complex(v)
    except TypeError:
        return None


def _locally(s, point):
    """sympy's expression with floor(u)/ceiling(u)/frac(u) replaced by their
    local forms at ``point`` (sympy leaves their derivatives unevaluated)."""
    at = {XS[k]: sympy.Float(v, 30) for k, v in point.items()}
    s = s.subs({sympy.Symbol(k): XS[k] for k in XS})
    return s.replace(sympy.floor, lambda u: sympy.floor(u.subs(at))).replace(
        sympy.ceiling, lambda u: sympy.ceiling(u.subs(at))).replace(
        sympy.frac, lambda u: u - sympy.floor(u.subs(at)))


@SETTINGS
@given(nonsmooth_expressions(), st.sampled_from(["x", "y"]), POINTS)
def test_derivative_agrees_with_sympy_away_from_kinks(text, var, pt):
    e = parse(text)
    point = {"x": pt[0], "y": pt[1]}
    assume(kink_distance(e, point) > 1e-6)
    ours = _value(to_sympy(diff(e, var)), point)
    ref = _value(sympy.diff(_locally(to_sympy(e), point), XS[var]), point)
    assume(ours is not None and ref is not None and np.isfinite(ref) and abs(ref) < 1e8)
    assert abs(ours - ref) <= 1e-20 * max(1.0, abs(ref)), (text, var, point, ours, ref)


@SETTINGS
@given(nonsmooth_expressions(), POINTS)
def test_gradient_agrees_with_finite_differences_away_from_kinks(text, pt):
    e = parse(text)
    point = {"x": pt[0], "y": pt[1]}
    assume(kink_distance(e, point) > 1e-2)
    r = symdiff.gradcheck(e, "x y", [pt], rtol=1e-5)
    assert r.ok, (text, pt, r)


@SETTINGS
@given(nonsmooth_expressions())
def test_str_round_trip_and_sympy_bridge(text):
    e = parse(text)
    assert parse(str(e)) is e
    s = to_sympy(e)
    assert to_sympy(symdiff.from_sympy(s)) == s     # (sympy may move a power into branches)


@SETTINGS
@given(nonsmooth_expressions(), POINTS)
def test_compiled_value_and_gradient(text, pt):
    e = parse(text)
    point = {"x": pt[0], "y": pt[1]}
    assume(kink_distance(e, point) > 1e-9)
    f = symdiff.compile([e, *symdiff.grad(e, ["x", "y"])], "x y")
    with np.errstate(divide="raise", invalid="raise"):    # (tiny points may underflow)
        v = f(np.array([pt[0]]), np.array([pt[1]]))[0][0]
    ref = _value(to_sympy(e), point)
    assume(ref is not None and np.isfinite(ref) and abs(ref) < 1e8)
    assert abs(v - ref) <= 1e-9 * max(1.0, abs(ref)), (text, point, v, ref)
