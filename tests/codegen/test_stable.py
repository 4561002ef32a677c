"""Stable evaluation (codegen/stable.py): finite where the true value is,
within a few ulp of mpmath (50 digits) elsewhere, in every backend."""
import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import symdiff
from symdiff import compile, diff, grad, parse, simplify
from exprgen import real_expressions, sympy_of



def mp_function(text: str):
    """``text`` (in x) as a function evaluated by mpmath at 50 digits:
    sympy's reading of the formula as written, no rewriting."""
    import sympy
    return sympy.lambdify([sympy.Symbol("x")], sympy_of(text), modules="mpmath")


def mp_value(text: str, x) -> float:
    """50 correct digits (``1 + exp(-85)`` needs 37 more digits to keep them)."""
    tiny = int(-np.log10(abs(x))) if 0 < abs(x) < 1 else 0
    mpmath.mp.dps = 50 + int(abs(x) / 2) + tiny
    return float(mp_function(text)(mpmath.mpf(x)))


def ulps(got: float, want: float) -> float:
    if want == got:
        return 0.0
    return abs(got - want) / np.spacing(max(abs(want), np.finfo(np.float64).tiny))


# (expression, its value at x as mpmath text): the base forms, few ulp
BASE = [("log(1 + exp(x))", "log(1 + exp(x))"),
        ("1/(1 + exp(-x))", "1/(1 + exp(-x))"),
        ("exp(x)/(1 + exp(x))", "exp(x)/(1 + exp(x))"),
        ("log(1 + x)", "log(1 + x)"),
        ("exp(x) - 1", "exp(x) - 1")]


@pytest.mark.parametrize("text,ref", BASE)
@settings(max_examples=150, deadline=None)
@given(x=st.floats(-745, 745))
def test_base_forms_within_few_ulp(text, ref, x):
    if "1 + x" in text and x <= -1:
        return
    if text == "exp(x) - 1" and x > 709:
        return
    got = float(compile(text, ["x"])(x))
    want = mp_value(ref, x=x)
    assert ulps(got, want) <= 4, (text, x, got, want)


def test_the_overflow_points():
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        assert compile("log(1 + exp(x))", ["x"])(800.0) == 800.0
        assert compile("1/(1 + exp(-x))", ["x"])(-800.0) == 0.0     # e**-800 < 2**-1074
        assert compile("exp(x)/(1 + exp(x))", ["x"])(800.0) == 1.0
        lse = compile("log(exp(a) + exp(b) + exp(c) + exp(d))", "a b c d")
        assert lse(1000.0, 1000.0, 0.0, 0.0) == 1000.0 + np.log(2.0)
        assert lse(-1000.0, -1000.0, -2000.0, -2000.0) == -1000.0 + np.log(2.0)


# derivatives after diff + simplify: each shape the pass must recognize
SHAPES = ["log(1 + exp(x))", "1/(1 + exp(-x))", "exp(x)/(1 + exp(x))", "log(exp(x) + exp(2*x) + 3)"]


@pytest.mark.parametrize("text", SHAPES)
@pytest.mark.parametrize("order", [1, 2, 3])
def test_derivative_shapes_finite_and_correct(text, order):
    d = simplify(diff(text, "x", n=order))
    f = compile(d, ["x"])
    xs = np.array([-800.0, -300.0, -40.0, -3.0, -0.5, 0.25, 2.0, 35.0, 300.0, 800.0])
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        got = f(xs)
    import sympy
    sym = symdiff.to_sympy(d)
    terms = sym.args if sym.is_Add else (sym,)
    for x, g in zip(xs, got):
        at = {sympy.Symbol("x"): sympy.Float(x, 60)}
        want = float(sympy.N(sym.subs(at), 30))
        # exp(a - k*L) is as accurate as its argument: relative |a| + k|L| ulp;
        # a difference of terms cancels relative to the terms' size
        size = float(sum(abs(sympy.N(t.subs(at), 30)) for t in terms))
        assert np.isfinite(g)
        assert abs(g - want) <= 1e-14 * (1 + abs(x)) * size + 1e-300, (str(d), x, g, want)


def test_softmax_cross_entropy_gradient_with_large_logits():
    zs = symdiff.symbols("z0 z1 z2 z3")
    s = sum(symdiff.exp(z) for z in zs)
    loss = -symdiff.log(symdiff.exp(zs[1]) / s)
    rng = np.random.default_rng(0)
    for g in (grad(loss, zs), [simplify(e) for e in grad(loss, zs)]):
        f = compile(list(g), zs)
        for _ in range(20):
            z = 200 * rng.standard_normal(4)
            with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                got = np.array(f(*z), dtype=float)
                lossv = compile(loss, zs)(*z)
            p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            want = p - np.eye(4)[1]
            assert np.all(np.isfinite(got)) and np.isfinite(lossv)
            assert np.allclose(got, want, rtol=1e-12, atol=1e-13)
            m = z.max()
            assert np.isclose(lossv, m + np.log(np.exp(z - m).sum()) - z[1], rtol=1e-13)


def test_log_sum_exp_against_mpmath():
    rng = np.random.default_rng(1)
    f = compile("log(exp(a) + exp(b) + exp(c))", "a b c")
    mpmath.mp.dps = 500
    for _ in range(50):
        a, b, c = 400 * rng.standard_normal(3)
        want = float(mpmath.log(mpmath.exp(a) + mpmath.exp(b) + mpmath.exp(c)))
        assert ulps(float(f(a, b, c)), want) <= 4


def test_users_see_the_unchanged_expressions():
    e = parse("log(1 + exp(x))")
    f = compile(e, ["x"])
    assert f.exprs == [e] and str(diff(e, "x")) == "exp(x)/(exp(x) + 1)"
    assert "log1p" in f.source and "log1p" not in compile(e, ["x"], stable=False).source


def test_stable_false_is_the_naive_formula():
    with np.errstate(over="ignore"):
        assert compile("log(1 + exp(x))", ["x"], stable=False)(800.0) == np.inf


def test_complex_inputs_take_the_formula_as_written():
    for text in ("log(1 + exp(x))", "1/(1 + exp(-x))", "log(exp(x) + exp(2*x))"):
        f = compile(text, ["x"])
        z = np.array([0.3 + 2.0j, -1.5 + 0.25j])
        mpmath.mp.dps = 50
        want = [complex(mp_function(text)(mpmath.mpc(w))) for w in z]
        assert np.allclose(f(z), want, rtol=1e-13)
        assert np.allclose(f(complex(z[0])), want[0], rtol=1e-13)


def test_numexpr_and_array_api_are_stable_too():
    big = np.full(70_000, 800.0)
    f = compile("log(1 + exp(x)) + 1/(1 + exp(-x))", ["x"], backend="numexpr")
    with np.errstate(over="raise", invalid="raise"):
        assert np.all(f(big) == 801.0)
    tiny = np.full(70_000, 1e-20)
    h = compile(["log(1 + x)", "exp(x) - 1"], ["x"], backend="numexpr")
    assert "log1p" in h.source and "expm1" in h.source
    assert all(np.all(v == 1e-20) for v in h(tiny))
    xps = pytest.importorskip("array_api_strict")
    g = compile(["log(1 + exp(x))", "exp(x)/(1 + exp(x))", "log(1 + x)", "exp(x) - 1"], ["x"])
    with np.errstate(invalid="ignore", over="ignore"):   # log(1 + x) at -800: NaN
        out = g(xps.asarray([800.0, -800.0, 1e-20]))
    assert [float(v) for v in out[0]] == [800.0, 0.0, np.log(2.0)]
    assert [float(v) for v in out[1]] == [1.0, 0.0, 0.5]
    assert float(out[2][2]) == 1e-20 and float(out[3][2]) == 1e-20


_small = real_expressions(max_leaves=3)
ML_SHAPES = st.one_of(
    st.tuples(_small).map(lambda t: f"log(1 + exp({t[0]}))"),
    st.tuples(_small).map(lambda t: f"1/(1 + exp(-({t[0]})))"),
    st.tuples(_small, _small).map(lambda t: f"exp({t[0]})/(exp({t[0]}) + exp({t[1]}))"),
    st.tuples(_small, _small).map(lambda t: f"log(exp({t[0]}) + 2*exp({t[1]}) + 1)"),
    st.tuples(_small).map(lambda t: f"log(1 + ({t[0]})**2) + exp({t[0]}) - 1"),
)


@settings(max_examples=60, deadline=None)
@given(text=ML_SHAPES, order=st.integers(0, 2))
def test_stable_forms_keep_the_values(text, order):
    """Where the formula as written is finite, the stable forms give the same
    value (to rounding), for the expressions and their derivatives."""
    e = parse(text)
    if order:
        e = simplify(diff(e, "x", n=order))
    xs = np.linspace(-2.5, 2.5, 9)
    ys = np.linspace(1.5, -1.0, 9)
    with np.errstate(all="ignore"):
        got = compile(e, ["x", "y"])(xs, ys)
        want = compile(e, ["x", "y"], stable=False)(xs, ys)
    ok = np.isfinite(want) & (np.abs(want) < 1e100)
    assert np.all(np.isfinite(got[ok])), text
    assert np.allclose(got[ok], want[ok], rtol=1e-9, atol=1e-9), (str(e), got, want)


def test_complex_constants_keep_the_formula_as_written():
    for text in ("log(1 + exp(x)) + sqrt(-2)*x", "log(1 + exp(x)) + I*x"):
        f = compile(text, ["x"])
        z = complex(mp_function(text)(mpmath.mpf(0.5)))
        assert abs(complex(f(0.5)) - z) <= 1e-15 * abs(z)


def test_float32_stays_float32():
    f = compile(["log(1 + exp(x))", "1/(1 + exp(-x))"], ["x"])
    out = f(np.array([80.0, -80.0, 0.5], dtype=np.float32))
    assert all(o.dtype == np.float32 for o in out)
    assert out[0][0] == np.float32(80.0) and out[1][1] > 0
