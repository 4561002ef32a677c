"""Compiled Piecewise, Max, Heaviside, relations: values against sympy,
no branch evaluated outside its region (no warning under
``np.errstate(all="raise")``), every backend, float32, scalars."""
from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdiff
from symdiff import compile, diff, parse, to_sympy

EXPRS = [
    "Piecewise((log(x), x > 0), (0, True))",
    "Piecewise((sqrt(x - 1)*y, (x > 1) & (y < 2)), (1/x, x < 0), (atan(x), True))",
    "Piecewise((log(x) + Piecewise((sqrt(y), y >= 0), (log(-y), True)), x > 0), (x**2, True))",
    "Max(x, 0)**2 + Min(x, y, 1) + Heaviside(x - y) + Heaviside(y, 0)",
    "floor(x*3) + ceiling(y) + frac(x - y) + arg(x) + DiracDelta(x)",
    "Piecewise((1/x, Ne(x, 0)), (0, True))",
    "Piecewise((x, ~((x > 0) & (y > 0)) | Eq(y, 1)), (y, True))",
    "Piecewise((log(x), x > 0))",          # no branch where x <= 0: NaN
]
XS = np.array([-2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 3.0])
YS = np.array([0.5, 1.0, -1.0, 2.0, 3.0, -0.25, 1.0, 0.5, 2.5])


def _reference(text, x, y):
    s = sympy.sympify(text)
    # arg(0) is 0 numerically (NumPy's angle, atan2(0, 0)); sympy's is nan
    s = s.replace(sympy.arg, lambda a: sympy.Piecewise((0, sympy.Eq(a, 0)), (sympy.arg(a), True)))
    xs, ys = sympy.symbols("x y")
    v = s.subs({xs: sympy.Float(x), ys: sympy.Float(y)})
    v = v.replace(sympy.DiracDelta, lambda *a: sympy.Integer(0))   # numerically 0
    v = complex(v.evalf(30)) if v is not sympy.nan else complex("nan")
    return v.real if v.imag == 0 else complex("nan")


@pytest.mark.parametrize("text", EXPRS)
@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
def test_values_agree_with_sympy_without_any_warning(text, backend):
    f = compile(text, "x y", backend=backend)
    with np.errstate(all="raise"):
        got = f(XS, YS)
        big = f(np.tile(XS, 10_000), np.tile(YS, 10_000))   # numexpr's own path
    for x, y, v in zip(XS, YS, got):
        ref = _reference(text, x, y)
        assert (np.isnan(v) and np.isnan(ref)) or v == pytest.approx(ref, rel=1e-13, abs=1e-15), \
            (text, x, y, v, ref)
    np.testing.assert_array_equal(big[:len(XS)], got)


@pytest.mark.parametrize("text", EXPRS)
def test_gradients_compile_without_warning(text):
    g = compile(symdiff.grad(text, ["x", "y"]), "x y")
    with np.errstate(all="raise"):
        gx, gy = g(XS + 0.01, YS)
    assert gx.shape == gy.shape == XS.shape


def test_no_log_of_negative_is_computed():
    f = compile("Piecewise((log(x), x > 0), (0, True))", "x")
    with np.errstate(all="raise"):
        assert f(np.array([-1.0, -2.0])).tolist() == [0.0, 0.0]     # no branch point at all
        assert f(-1.0) == 0.0
        assert f(np.e) == pytest.approx(1.0)


def test_joint_conditions_guard_all_variables_at_one_point():
    # the branch is valid only where both hold; each alone would not do
    f = compile("Piecewise((log(x*y) + sqrt(y - x), (x*y > 0) & (y > x)), (0, True))", "x y")
    xs, ys = np.meshgrid(np.linspace(-2, 2, 9), np.linspace(-2, 2, 7))
    with np.errstate(all="raise"):
        got = f(xs, ys[:, :1])          # broadcasting shapes
    ok = (xs * ys > 0) & (ys > xs)
    with np.errstate(all="ignore"):
        want = np.where(ok, np.log(xs * ys) + np.sqrt(ys - xs), 0.0)
    np.testing.assert_allclose(got, want, rtol=1e-14)


def test_float32_and_complex_keep_their_dtype():
    f = compile("Piecewise((x**2, x > 0), (Max(x, -1/2), True)) + Heaviside(x)", "x")
    assert f(np.array([-1.0, 0.0, 2.0], dtype=np.float32)).dtype == np.float32
    g = compile("Piecewise((x**2, Abs(x) > 1), (x, True))", "x")
    z = np.array([2j, 0.5 + 0j])
    np.testing.assert_allclose(g(z), [-4, 0.5])


def test_array_api_namespaces():
    xp = pytest.importorskip("array_api_strict")
    f = compile("Piecewise((log(x), x > 0), (x, True)) + Max(x, y, 0) + Heaviside(x) + arg(x)",
                "x y")
    got = f(xp.asarray(XS), xp.asarray(YS))
    np.testing.assert_allclose(np.asarray(got), f(XS, YS), rtol=1e-15)


def test_scalar_evaluation_and_cli_eval():
    from symdiff.cli.evaluate import evaluate
    e = parse("Piecewise((log(x), x > 0), (0, True)) + Max(x, 0) + Heaviside(x)")
    assert evaluate(e, ["x"], [-1.0]) == 0.0
    assert evaluate(e, ["x"], [0.0]) == 0.5
    assert evaluate(e, ["x"], [2.0]) == pytest.approx(np.log(2) + 2 + 1)
    assert parse("Piecewise((x, y > 0), (2, True))").subs({"y": 1, "x": 3}) is parse("3")
    assert float(parse("Max(pi, E) + floor(7/2) + Heaviside(0)")) == pytest.approx(np.pi + 3.5)


def test_compiled_derivative_of_relu_and_its_kink():
    f = compile([parse("Max(x, 0)"), diff("Max(x, 0)", "x")], "x")
    v, d = f(np.array([-1.0, 0.0, 2.0]))
    assert v.tolist() == [0.0, 0.0, 2.0] and d.tolist() == [0.0, 0.5, 1.0]


def _nested(depth: int) -> str:
    text = "x"
    for i in range(depth):
        text = f"Piecewise(({text}*x, x > {i}), (Max(y, x), True))"
    return text


def test_nested_piecewise_compiles_and_matches_the_scalar_values():
    from symdiff import parse
    e = parse(_nested(30))
    f = compile(e, "x y")
    for x in (-0.5, 0.5, 3.5, 40.0):
        want = float(e.subs({"x": x, "y": 0.25}))
        assert f(x, 0.25) == pytest.approx(want, rel=1e-12)


def test_hostile_piecewise_nesting_is_a_limit_error_not_a_memory_blowup():
    """Guarding each level's branches copies the levels below (n**2 nodes):
    3,000 levels ran out of memory after minutes; now a clear LimitError."""
    from symdiff import LimitError, parse
    with pytest.raises(LimitError, match="Piecewise nested"):
        compile(parse(_nested(3000)), "x y")
