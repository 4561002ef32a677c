"""Numeric regressions: principal values of constants in every backend and
dtype, ``symdiff eval`` on complex results, real-only functions on complex
inputs, scalar results for scalar inputs, and the vector-argument calling
convention that SciPy's minimize / least_squares / solve_ivp take.
Oracles: sympy (principal values via mpmath) and SciPy's solvers."""
import contextlib
import io
import math
import random

import numpy as np
import pytest

import symdiff
from symdiff import SymdiffError
from symdiff.core.functions import REGISTRY
from exprgen import ELEMENTARY

import fuzz_numeric
from numeric_gen import close, near_cut, sympy_value, variable_expr

NEGATED = ["sqrt(-pi)", "log(-E)", "sqrt(-sqrt(2))", "(-pi)**(1/3)", "acos(-E)", "acos(E)",
           "asin(E)", "asin(-E)", "atanh(pi)", "atanh(-pi)", "acosh(-E)", "acosh(1/E)",
           "acoth(1/E)", "acoth(-1/E)", "asec(1/E)", "acsc(-1/E)", "asech(E)", "log(-2)*sqrt(-3)",
           "(-8)**(2/3)", "(-pi)**(-1/2)", "sqrt(-pi)**3", "(-E)**0.3"]


def _run(f, z):
    with np.errstate(all="ignore"):
        return f(z)


def _module_fn(f):
    ns = {}
    exec(f.module_source(), ns)
    return ns["f"]


# -- 1. constants take their principal values everywhere ----------------------

@pytest.mark.parametrize("text", NEGATED)
def test_negated_constants_principal_everywhere(text):
    want = sympy_value(text)
    f = symdiff.compile(f"({text})*x", ["x"])
    g = symdiff.compile(f"({text})*x", ["x"], backend="numexpr")
    big = np.ones(70_000, np.complex128)        # past numexpr's small-input cutoff
    got = {
        "complex128": _run(f, 1 + 0j),
        "complex128 array": _run(f, np.ones(3, np.complex128))[1],
        "complex64": _run(f, np.complex64(1)),
        "float64": _run(f, 1.0),                  # as sympy's lambdify: complex
        "numexpr": _run(g, big)[-1],
        "numexpr small": _run(g, np.ones(3, np.complex128))[0],
        "module_source": _run(_module_fn(f), 1 + 0j),
    }
    for name, v in got.items():
        tol = 1e-6 if name == "complex64" else 1e-12
        assert close(v, want, tol), (name, text, v, want)


@pytest.mark.parametrize("text", NEGATED[:6])
def test_negated_constants_array_api(text):
    xps = pytest.importorskip("array_api_strict")
    want = sympy_value(text)
    f = symdiff.compile(f"({text})*x", ["x"])
    got = f(xps.asarray([1.0 + 0j, 2.0 + 0j]))
    assert close(complex(got[0]), want)
    got = f(xps.asarray([1.0]))
    assert close(complex(got[0]), want)


@pytest.mark.parametrize("seed", range(150))
def test_constant_branch_cuts_property(seed):
    """Random branch-cut constants against sympy (complex128 and float64
    inputs): the fuzz class of tests/fuzz_numeric.py on fixed seeds."""
    fuzz_numeric.constants_complex128(random.Random(seed))


# -- 2. symdiff eval prints principal complex values ----------------------------

def _eval(*argv) -> str:
    from symdiff.cli.main import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main(["eval", *argv])
    assert rc in (0, None), argv
    return out.getvalue().strip()


@pytest.mark.parametrize("argv", [("sqrt(-1)",), ("log(-1)",), ("asin(2)",), ("(-8)**(1/3)",),
                                  ("sqrt(-x)", "x=1"), ("I*sqrt(x)", "x=-1"), ("acos(x)", "x=3"),
                                  ("atanh(x)", "x=2"), ("sqrt(x)**2", "x=-2"),
                                  ("x**(3/2)", "x=-4"), ("acoth(x)", "x=1/2")])
def test_cli_eval_principal(argv):
    subs = dict(a.split("=") for a in argv[1:])
    want = sympy_value(argv[0], {k: float(eval(v)) for k, v in subs.items()})
    got = complex(_eval(*argv))
    assert close(got, want), (argv, got, want)


def test_cli_eval_real_stays_real():
    assert _eval("I*sqrt(x)", "x=-1") == "-1.0"
    assert _eval("sqrt(x)", "x=4") == "2.0"
    assert _eval("sqrt(-1)") == "1j"


@pytest.mark.parametrize("seed", range(120))
def test_cli_eval_property(seed):
    rng = random.Random(1000 + seed)
    text = variable_expr(rng)
    x = round(rng.uniform(-4, 4), 3)
    want = sympy_value(text, {"x": x})
    if want is None or near_cut(text, {"x": x}):
        return
    try:
        got = complex(_eval(text, f"x={x!r}"))
    except SymdiffError:
        return
    assert close(got, want, 1e-10), (text, x, got, want)


# -- 3. real-only functions and complex inputs --------------------------------

@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
@pytest.mark.parametrize("z", [1j, np.complex64(1j), np.full(3, 1j), np.full(70_000, 1j)])
def test_atan2_constant_with_complex_input(backend, z):
    f = symdiff.compile("atan2(1, 2) + x", ["x"], backend=backend)
    got = np.asarray(f(z)).ravel()[0]
    assert abs(got - (np.arctan(0.5) + 1j)) < 1e-6


@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
def test_atan2_of_complex_raises_symdiff_error(backend):
    f = symdiff.compile("atan2(x, 2)", ["x"], backend=backend)
    for z in (1j, np.complex64(1j), np.full(70_000, 1j)):
        with pytest.raises(SymdiffError, match="real arguments"):
            f(z)
    with pytest.raises(SymdiffError):
        symdiff.compile("atan2(I, 2)*x", ["x"])(1.0)
    assert abs(f(1.0) - np.arctan2(1.0, 2.0)) < 1e-15


@pytest.mark.parametrize("name", ELEMENTARY)     # special: test_special_compiled.py
@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
def test_every_function_on_complex_inputs(name, backend):
    """No raw exception for complex inputs: a value (mpmath's, off the
    axes where the branch cuts lie) or a SymdiffError."""
    import mpmath
    args = "x, y" if REGISTRY[name].nargs == (2,) else "x"
    f = symdiff.compile(f"{name}({args})", ["x", "y"], backend=backend)
    zs = np.array([0.3 + 0.7j, -1.2 + 0.4j, 2.5 - 1.5j, -0.6 - 2.1j])
    for z in (zs, np.tile(zs, 20_000), zs.astype(np.complex64)):
        try:
            with np.errstate(all="ignore"):
                got = np.asarray(f(z, z[::-1]))
        except SymdiffError:
            assert name == "atan2"
            continue
        for i in range(4):
            want = complex(mpmath.mpmathify(symdiff.to_sympy(f"{name}({args})").subs(
                {"x": complex(z[i]), "y": complex(z[::-1][i])}).evalf(30)))
            tol = 1e-5 if z.dtype == np.complex64 else 1e-12
            assert close(got[i], want, tol), (name, z[i], got[i], want)


# -- 4. scalars in, scalars out --------------------------------------------------

def test_scalar_inputs_give_scalars():
    f = symdiff.compile("sin(x)*y", ["x", "y"], backend="numpy")
    r = f(1.0, 2.0)
    assert type(r) is np.float64 and r == np.sin(1.0) * 2.0
    # the default backend: Python floats in, Python floats out (straight-line)
    r = symdiff.compile("sin(x)*y", ["x", "y"])(1.0, 2.0)
    assert type(r) is float and r == math.sin(1.0) * 2.0
    assert type(symdiff.compile("sin(x)*y", ["x", "y"])(np.float64(1.0), 2.0)) is np.float64
    assert type(f(np.float32(1), np.float32(2))) is np.float32
    assert type(f(1 + 0j, 2)) is np.complex128
    g = symdiff.compile(["x*y", "x + y"], ["x", "y"], backend="numpy")
    assert all(type(v) is np.float64 for v in g(1.0, 2.0))
    assert isinstance(f(np.array([1.0]), 2.0), np.ndarray)
    assert type(symdiff.compile("2*pi", [])()) is np.float64
    m = _module_fn(f)
    assert type(m(1.0, 2.0)) is np.float64 and isinstance(m(np.ones(2), 2.0), np.ndarray)
    assert symdiff.compile(symdiff.hessian("x**2*y", "x y"))(1.0, 2.0).shape == (2, 2)


# -- 5. vector arguments for SciPy ---------------------------------------------

def test_vector_argument_shapes():
    x = ["x0", "x1", "x2"]
    f = "x0**2*x1 + sin(x2)"
    fun = symdiff.compile(f, [x])
    jac = symdiff.compile(symdiff.grad(f, x), [x])
    hess = symdiff.compile(symdiff.hessian(f, x), [x])
    p = np.array([1.0, 2.0, 3.0])
    assert type(fun(p)) is np.float64
    assert jac(p).shape == (3,) and hess(p).shape == (3, 3)
    assert np.allclose(jac(p), [4.0, 1.0, np.cos(3.0)])
    P = np.ones((3, 5))
    assert fun(P).shape == (5,) and jac(P).shape == (3, 5)
    with pytest.raises(SymdiffError):
        fun(np.ones(2))
    res = symdiff.compile("a*exp(-b*t) - y", [["a", "b"], "t", "y"])
    J = symdiff.compile(symdiff.jacobian(["a*exp(-b*t) - y"], ["a", "b"]), [["a", "b"], "t", "y"])
    t = np.linspace(0, 1, 7)
    assert res(np.array([1.0, 2.0]), t, 0 * t).shape == (7,)
    assert J(np.array([1.0, 2.0]), t, 0 * t).shape == (7, 2)
    assert J(np.array([1.0, 2.0]), 0.5, 0.0).shape == (1, 2)


def test_scipy_minimize_rosenbrock():
    opt = pytest.importorskip("scipy.optimize")
    n = 5
    x = [f"x{i}" for i in range(n)]
    rosen = " + ".join(f"100*(x{i + 1} - x{i}**2)**2 + (1 - x{i})**2" for i in range(n - 1))
    fun = symdiff.compile(rosen, [x])
    jac = symdiff.compile(symdiff.grad(rosen, x), [x])
    hess = symdiff.compile(symdiff.hessian(rosen, x), [x])
    x0 = np.array([1.3, 0.7, 0.8, 1.9, 1.2])
    assert np.allclose(fun(x0), opt.rosen(x0)) and np.allclose(jac(x0), opt.rosen_der(x0))
    assert np.allclose(hess(x0), opt.rosen_hess(x0))
    for method in ("trust-ncg", "Newton-CG", "trust-exact"):
        r = opt.minimize(fun, x0, jac=jac, hess=hess, method=method, tol=1e-12)
        assert r.success and np.allclose(r.x, np.ones(n), atol=1e-5), (method, r)


def test_scipy_least_squares_curve_fit():
    opt = pytest.importorskip("scipy.optimize")
    truth = np.array([2.5, 1.3, 0.5, 0.7, 0.2])
    p = ["a", "b", "c", "w", "d"]
    model = "a*exp(-b*t) + c*sin(w*t) + d"
    t = np.linspace(0, 4, 40)
    y = truth[0] * np.exp(-truth[1] * t) + truth[2] * np.sin(truth[3] * t) + truth[4]
    res = symdiff.compile(f"{model} - y", [p, "t", "y"])
    jac = symdiff.compile(symdiff.jacobian([f"{model} - y"], p), [p, "t", "y"])
    x0 = np.array([2.0, 1.0, 0.4, 0.8, 0.1])
    fd = opt.approx_fprime(x0, lambda q: res(q, t, y)[3], 1e-7)
    assert np.allclose(jac(x0, t, y)[3], fd, rtol=1e-4, atol=1e-5)
    r = opt.least_squares(res, x0, jac=jac, args=(t, y), xtol=1e-14, ftol=1e-14, gtol=1e-14)
    assert r.success and np.allclose(r.x, truth, rtol=1e-6), r.x


def test_scipy_solve_ivp_stiff_with_jacobian():
    integ = pytest.importorskip("scipy.integrate")
    # y1' = -1000 y1 + 999 y2, y2' = -y2: y2 = exp(-t), y1 = exp(-t) + (y1(0) - 1) exp(-1000 t)
    rhs = ["-1000*y1 + 999*y2 + 0*t", "-y2"]
    fun = symdiff.compile(rhs, ["t", ["y1", "y2"]])
    jac = symdiff.compile(symdiff.jacobian(rhs, ["y1", "y2"]), ["t", ["y1", "y2"]])
    y0 = np.array([2.0, 1.0])
    assert fun(0.0, y0).shape == (2,) and jac(0.0, y0).shape == (2, 2)
    for method in ("Radau", "BDF"):
        r = integ.solve_ivp(fun, (0, 2), y0, method=method, jac=jac, rtol=1e-8, atol=1e-10)
        assert r.success and r.njev >= 1
        want = [np.exp(-2.0) + np.exp(-2000.0), np.exp(-2.0)]
        assert np.allclose(r.y[:, -1], want, rtol=1e-5), (method, r.y[:, -1])
    # vectorized=True passes y of shape (n, k): fun returns (n, k)
    assert fun(0.0, np.ones((2, 4))).shape == (2, 4)
