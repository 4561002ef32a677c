"""Regression tests: derivatives of Abs and sign of complex-valued arguments
(and of the re, im, conjugate rows they need), along real variables.

Oracles: sympy's derivative with real symbols, evaluated numerically, and
central differences of the function itself along the real variable."""
import cmath

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, strategies as st

import symdiff
from symdiff import SymdiffError, compile, diff, grad, gradcheck, hessian, latex, parse
from symdiff.core.functions import REGISTRY
from symdiff.core.nodes import Op, topo
from exprgen import central_difference, close

XR, YR = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
LOCALS = {"x": XR, "y": YR, "conjugate": sympy.conjugate, "re": sympy.re, "im": sympy.im}


def sympy_real(text: str):
    """sympy's reading of ``text`` with real x and y; sign(u) of a possibly
    complex u as u/Abs(u) (sympy leaves its derivative unevaluated)."""
    # (built before sympy sees a sign: sympy 1.14 folds sign(exp(I*x))**2 to 1)
    return sympy.sympify(text.replace("sign(", "SGN("), locals={**LOCALS, "SGN": _sgn})


def _sgn(u):
    return sympy.sign(u) if u.is_extended_real else u / sympy.Abs(u)


def sympy_deriv(text: str, n: int = 1, var=XR):
    return sympy.diff(sympy_real(text), var, n).doit()


def sym_value(e, x: float, y: float = 0.7):
    try:
        v = complex(e.subs({XR: x, YR: y}).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return v if cmath.isfinite(v) else None


def ours(e, x: float, y: float = 0.7) -> complex:
    f = compile(e, ["x", "y"])
    with np.errstate(all="ignore"):
        return complex(f(np.complex128(x), np.complex128(y)))


def fd(text: str, x: float, y: float = 0.7) -> complex:
    f = compile(parse(text), ["x", "y"])

    def g(t):
        with np.errstate(all="ignore"):
            return complex(f(np.complex128(t.real), np.complex128(y)))
    return central_difference(g, complex(x), 1e-3)


# --- the issue's examples ---------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("Abs(I*x)", -1.0),                 # d|x|/dx at x = -1
    ("Abs(sqrt(x))", -0.5),             # |sqrt(x)| = |x|**(1/2)
    ("Abs(x**(3/2))", -1.5),            # |x|**(3/2)
    ("Abs(log(x))", 0.0),               # sqrt(log|x|**2 + pi**2): real, 0 at x = -1
])
def test_issue_examples_at_minus_one(text, want):
    d = diff(text, "x")
    v = ours(d, -1.0)
    assert abs(v - want) < 1e-12, (text, d, v)
    assert abs(ours(grad(text, ["x"])[0], -1.0) - want) < 1e-12
    ref = sym_value(sympy_deriv(text), -1.0)
    assert ref is not None and abs(ref - want) < 1e-12
    assert abs(fd(text, -1.0) - want) < 1e-8


def test_real_rule_kept_for_real_arguments():
    assert diff("Abs(x)", "x") is parse("sign(x)")
    assert diff("Abs(sin(x)*y)", "x") is parse("y*cos(x)*sign(y*sin(x))")
    assert diff("sign(x**2 - 3)", "x") is parse("0")
    x, = symdiff.symbols("x", positive=True)
    assert str(diff(symdiff.Abs(symdiff.sqrt(x)), x)) == "sign(sqrt(x))/(2*sqrt(x))"
    assert str(diff(symdiff.Abs(symdiff.log(x) + 1), x)) == "sign(log(x) + 1)/x"


def test_general_form_for_non_real_arguments():
    assert "sign" not in str(diff("Abs(I*x)", "x"))
    assert diff("Abs(I*x)", "x") is parse("x/Abs(I*x)")
    assert diff("re(exp(I*x))", "x") is parse("re(I*exp(I*x))")
    assert diff("conjugate(x + I*x**2)", "x") is parse("1 - 2*I*x")


def test_gradcheck_passes_on_the_issue_examples():
    pts = [[-2.5], [-1.0], [-0.3], [0.4], [1.7]]
    for text in ("Abs(I*x)", "Abs(sqrt(x))", "Abs(x**(3/2))", "Abs(log(x))", "sign(I*x + x**2)",
                 "re(sqrt(x))*im(log(x))", "conjugate(sqrt(x))*x"):
        r = gradcheck(text, "x", pts, complex_values=True)
        assert r.ok and r.checked == len(pts), (text, r)


# --- the new rows: re, im, conjugate ------------------------------------------------

def test_new_rows_fold_print_and_evaluate():
    assert [str(parse(t)) for t in ("re(3 + 4*I)", "im(3 + 4*I)", "conjugate(2 - I*pi)",
                                    "re(I)", "im(x)", "im(2.5)")] == \
        ["3", "4", "2 + I*pi", "0", "im(x)", "0.0"]
    x, = symdiff.symbols("x", real=True)
    assert symdiff.re(x) is x and symdiff.im(x) is parse("0") and symdiff.conjugate(x) is x
    for t in ("re(x)", "im(x*y)", "conjugate(x)", "re(x)*y"):   # LaTeX as sympy prints it
        assert latex(t) == sympy.latex(sympy.sympify(t, locals={"x": sympy.Symbol("x"),
                                                                "y": sympy.Symbol("y")}))
    assert symdiff.from_sympy(symdiff.to_sympy("conjugate(x)*re(y)")) is parse("conjugate(x)*re(y)")
    z = np.array([1 + 2j, -3.5 + 0.25j])
    for backend in ("numpy", "numexpr"):
        f = compile(["re(x)", "im(x)", "conjugate(x)"], ["x"], backend=backend)
        got = f(z)
        assert np.array_equal(got[0], z.real) and np.array_equal(got[1], z.imag)
        assert np.array_equal(got[2], z.conj())
    assert compile("re(exp(I*x))", ["x"])(np.array([0.5])).dtype == np.float64
    src = compile("im(exp(I*x))*y", ["x", "y"]).module_source()
    ns: dict = {}
    exec(src, ns)
    assert np.allclose(ns["f"](np.array([0.5]), 2.0), 2 * np.sin(0.5))
    with pytest.raises(SymdiffError):
        parse("re(x, y)")


def test_new_rows_in_array_api_namespace():
    xp = pytest.importorskip("array_api_strict")
    f = compile(["re(x)*im(I*x) + conjugate(x)", "im(x)"], ["x"])
    a, b = f(xp.asarray([1.0, -2.0]))
    assert np.allclose(np.asarray(a), [2.0, 2.0]) and np.allclose(np.asarray(b), [0.0, 0.0])


# --- properties: random complex-valued arguments -----------------------------------

BLOCKS = ["I*x", "sqrt(x)", "x**(3/2)", "log(x)", "exp(I*x)", "x + I*x**2", "sqrt(x)*sin(x)",
          "(1 + I)*x", "asinh(I*x + 1)", "x**2", "sin(x)", "x*y", "log(x)*y", "I*y + x",
          "sqrt(x)*y"]
OUTER = ["Abs", "sign", "re", "im", "conjugate"]


@st.composite
def nonholomorphic(draw):
    u = draw(st.sampled_from(BLOCKS))
    if draw(st.booleans()):
        u = f"({u}) {draw(st.sampled_from(['+', '-', '*']))} ({draw(st.sampled_from(BLOCKS))})"
    f = f"{draw(st.sampled_from(OUTER))}({u})"
    shape = draw(st.sampled_from(["{f}", "{f}*x", "{f}**2", "exp({f})", "{g}(I*{f} + x)",
                                  "{f}*{g}(sqrt(x))"]))
    return shape.format(f=f, g=draw(st.sampled_from(OUTER)))


POINTS = st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 0.2)


@given(nonholomorphic(), POINTS, st.floats(0.3, 1.5))
def test_derivatives_match_sympy_and_differences(text, x, y):
    e = parse(text)
    d, g = diff(e, "x"), grad(e, ["x", "y"])
    ref = sym_value(sympy_deriv(text), x, y)
    num = fd(text, x, y)
    assume(ref is not None and abs(ref) < 1e4)
    assume(abs(ours(e, x, y)) > 1e-6)           # Abs'/sign' at a zero of u: undefined
    assume(all(abs(ours(n.args[0], x, y)) > 1e-9 for n in topo([e])   # ... also inside
               if n.op is Op.FN and n.value in ("Abs", "sign")))   # (x + I*x**2) - (x + I*x**2)
    assume(close(num, ref, 1e-5))     # the oracles disagree only with a kink in the stencil
    for v in (ours(d, x, y), ours(g[0], x, y), ours(symdiff.jacobian([e], "x y")[0, 0], x, y)):
        assert close(v, ref, 1e-8), (text, x, y, v, ref)
    ref_y = sym_value(sympy_deriv(text, var=YR), x, y)
    if ref_y is not None and abs(ref_y) < 1e4:
        assert close(ours(g[1], x, y), ref_y, 1e-8)
        assert close(ours(diff(e, "y"), x, y), ref_y, 1e-8)


@given(nonholomorphic(), POINTS)
def test_second_derivatives_match_differences(text, x):
    e = parse(text)
    d1 = compile(diff(e, "x"), ["x", "y"])
    d2, h = diff(e, "x", n=2), hessian(e, "x y")

    def g(t):
        with np.errstate(all="ignore"):
            return complex(d1(np.complex128(t.real), np.complex128(0.7)))
    num = central_difference(g, complex(x), 1e-3)
    assume(cmath.isfinite(num) and abs(num) < 1e4 and abs(ours(e, x)) > 1e-3)
    assume(all(cmath.isfinite(g(complex(x + k * 1e-3))) for k in range(-4, 5)))
    assert close(ours(d2, x), num, 1e-5), (text, x, ours(d2, x), num)
    assert close(ours(h[0, 0], x), num, 1e-5)
    assert h[0, 1] is h[1, 0]


@given(nonholomorphic())
def test_gradcheck_agrees(text):
    pts = {"x": np.array([-1.7, -0.6, 0.45, 1.3]), "y": np.array([0.4, 1.1, 0.8, 1.4])}
    r = gradcheck(text, "x y", pts, complex_values=True)
    assert r.ok, (text, r)


def test_rows_are_declared_non_holomorphic():
    for name in ("re", "im", "conjugate"):
        assert REGISTRY[name].deriv == () and REGISTRY[name].dreal
    for name in ("Abs", "sign"):
        assert REGISTRY[name].deriv and REGISTRY[name].dreal


def test_nested_complex_sign_against_mpmath():
    """Found by the long fuzz run, where sympy's own derivative was the wrong
    side: d/dy sign(I*sign(sqrt(x)*y + x + I*y) + x) at x < 0, checked
    against mpmath's numerical derivative of sign(z) = z/|z| at 30 digits."""
    import mpmath as mp
    x0, y0 = -1.5510789119189643, 0.6035904224297273
    d = diff("sign(I*sign((sqrt(x)*y) + (I*y + x)) + x)", "y")
    got = complex(symdiff.compile(d, ["x", "y"])(np.complex128(x0), np.complex128(y0)))

    def f(y):
        u = mp.sqrt(mp.mpf(x0)) * y + x0 + 1j * y
        w = 1j * u / abs(u) + x0
        return w / abs(w)
    with mp.workdps(30):
        want = complex(mp.diff(f, mp.mpf(y0)))
    assert close(got, want, 1e-12)
