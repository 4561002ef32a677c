"""Fast paths (codegen/point.py, straightline.py, llvm_backend.py): the
default backend and ``backend="llvm"`` against the NumPy backend (same
bits where the operations are the same: arithmetic and sqrt) and against
mpmath (a few ulp where the C library's functions replace NumPy's)."""
import math
import warnings

import mpmath
import numpy as np
import pytest

import symdiff
from symdiff.codegen import llvm_backend, straightline
from symdiff.codegen.point import MISS

from exprgen import run_python

needs_llvm = pytest.mark.skipif(not llvm_backend.available(), reason="needs llvmlite")

ARITHMETIC = ["x*y + x/y - 3*x**2", "(x + 1)**5/(y**2 + 1)", "sqrt(x**2 + y**2) - Abs(x - y)",
              "x**(5/2)*y**-3 + sign(x - 1)", "1/(x*y) - x/(1 + y)"]
TRANSCENDENTAL = ["sin(x)*y + exp(-x**2)", "log(x) + atan(y) + tan(x*y)", "x**0.3 + y**x",
                  "asin(x/4) + acos(y/4) + atan2(x, y)", "sinh(x) + cosh(y) + tanh(x*y)",
                  "asinh(x) + acosh(y + 1) + atanh(x/4)", "cot(x) + sec(y) + csc(x + y)",
                  "acot(x) + asec(y + 1) + acsc(x + 2)", "coth(x) + sech(y) + csch(x*y)"]
POINTS = [(0.5, 1.5), (1.25, 0.75), (2.0, 3.0), (0.1, 2.5)]


def _ulps(a: float, b: float) -> float:
    return abs(a - b) / math.ulp(max(abs(a), abs(b), 1e-300))


def _mp(text: str, x: float, y: float) -> float:
    import sympy
    e = sympy.sympify(text, locals={"x": sympy.Symbol("x"), "y": sympy.Symbol("y")})
    return float(e.evalf(30, subs={sympy.Symbol("x"): mpmath.mpf(x), sympy.Symbol("y"): mpmath.mpf(y)}))


# -- agreement with the NumPy backend ------------------------------------------------

@pytest.mark.parametrize("text", ARITHMETIC)
@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_arithmetic_is_bit_identical_to_numpy(text, backend):
    f = symdiff.compile(text, ["x", "y"], backend=backend)
    g = symdiff.compile(text, ["x", "y"], backend="numpy")
    for x, y in POINTS:
        assert f(x, y) == g(x, y), (x, y)
    xs = np.linspace(0.1, 3.0, 100)
    assert np.array_equal(f(xs, 1.5), g(xs, 1.5))
    assert np.array_equal(f(xs, xs[::-1].copy()), g(xs, xs[::-1].copy()))


@pytest.mark.parametrize("text", TRANSCENDENTAL)
@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_functions_within_a_few_ulp_of_mpmath_and_numpy(text, backend):
    f = symdiff.compile(text, ["x", "y"], backend=backend)
    g = symdiff.compile(text, ["x", "y"], backend="numpy")
    for x, y in POINTS:
        got, ref = float(f(x, y)), _mp(text, x, y)
        assert _ulps(got, ref) <= 8 or abs(got - ref) < 1e-14, (x, y, got, ref)
        assert _ulps(got, float(g(x, y))) <= 8 or abs(got - float(g(x, y))) < 1e-14
    xs = np.array([p[0] for p in POINTS])
    ys = np.array([p[1] for p in POINTS])
    np.testing.assert_allclose(f(xs, ys), g(xs, ys), rtol=1e-14, atol=1e-14)


@needs_llvm
def test_large_arrays_on_threads_give_the_same_bits():
    text = "exp(-x**2 - y**2)*sin(x*y) + log(1 + x**2)*cos(y)"
    d = [symdiff.diff(text, "x"), symdiff.diff(text, "y")]
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-2, 2, 100_000), rng.uniform(-2, 2, 100_000)
    many = symdiff.compile(d, ["x", "y"], backend="llvm", threads=4)(x, y)
    one = symdiff.compile(d, ["x", "y"], backend="llvm", threads=1)(x, y)
    ref = symdiff.compile(d, ["x", "y"], backend="numpy")(x, y)
    for a, b, c in zip(many, one, ref):
        assert np.array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-13, atol=1e-15)
    # the +-*/ parts alone are bit-identical to NumPy at any size
    p = symdiff.compile("x*y - x/(y*y + 1)", ["x", "y"], backend="llvm")(x, y)
    assert np.array_equal(p, symdiff.compile("x*y - x/(y*y + 1)", ["x", "y"], backend="numpy")(x, y))


def _rosenbrock(n):
    xs = symdiff.symbols(" ".join(f"x{i}" for i in range(n)))
    f = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1))
    return f, xs, [[f"x{i}" for i in range(n)]]


@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_gradient_and_hessian_at_one_point_match_numpy(backend):
    f, xs, names = _rosenbrock(30)
    p = np.random.default_rng(2).uniform(-1, 1.5, 30)
    g, h = symdiff.grad(f, xs), symdiff.hessian(f, xs)
    assert np.array_equal(symdiff.compile(g, names, backend=backend)(p),
                          symdiff.compile(g, names, backend="numpy")(p))
    dense = symdiff.compile(h, names, backend=backend)(p)
    assert dense.shape == (30, 30)
    assert np.array_equal(dense, symdiff.compile(h, names, backend="numpy")(p))
    r, c, v = symdiff.compile(h, names, sparse=True, backend=backend)(p)
    r2, c2, v2 = symdiff.compile(h, names, sparse=True, backend="numpy")(p)
    assert np.array_equal(r, r2) and np.array_equal(c, c2) and np.array_equal(v, v2)
    # closed form of the gradient (independent oracle)
    a, b = p[:-1], p[1:]
    ref = np.zeros(30)
    ref[:-1] += -400 * a * (b - a * a) - 2 * (1 - a)
    ref[1:] += 200 * (b - a * a)
    np.testing.assert_allclose(symdiff.compile(g, names, backend=backend)(p), ref, rtol=1e-12)
    # many points: (n, P) in, (n, P) out
    P = np.random.default_rng(3).uniform(-1, 1.5, (30, 5))
    assert np.array_equal(symdiff.compile(g, names, backend=backend)(P),
                          symdiff.compile(g, names, backend="numpy")(P))


@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_vector_and_scalar_arguments_together(backend):
    exprs = ["w1", "-9.81*sin(th1) - t*w1", "th1*w1 + t"]
    f = symdiff.compile(exprs, ["t", ["th1", "w1"]], backend=backend)
    g = symdiff.compile(exprs, ["t", ["th1", "w1"]], backend="numpy")
    y = np.array([0.3, -1.2])
    for t in (0.5, np.float64(0.5), 1):
        assert np.array_equal(f(t, y), g(t, y))
    Y = np.array([[0.3, 0.1, 2.0], [-1.2, 0.5, 0.0]])
    assert np.array_equal(f(0.5, Y), g(0.5, Y))
    assert np.array_equal(f(np.array([0.5, 1.0, 2.0]), Y), g(np.array([0.5, 1.0, 2.0]), Y))


# -- types and shapes ------------------------------------------------------------------

def test_scalars_in_scalars_out():
    f = symdiff.compile("sin(x)*y + exp(-x**2)", ["x", "y"])
    assert type(f(1.0, 2.0)) is float
    assert type(f(1, 2)) is float and f(1, 2) == f(1.0, 2.0)
    assert type(f(np.float64(1.0), 2.0)) is np.float64
    assert type(f(np.float32(1.0), np.float32(2.0))) is np.float32
    assert type(f(1 + 0j, 2.0)) is np.complex128
    assert isinstance(f(np.array(1.0), 2.0), np.ndarray)      # 0-d in, 0-d out
    assert f(x=1.0, y=2.0) == f(1.0, 2.0)
    g = symdiff.compile(["x*y", "x + y"], ["x", "y"])
    assert g(1.0, 2.0) == (2.0, 3.0) and all(type(v) is float for v in g(1.0, 2.0))
    with pytest.raises(symdiff.SymdiffError, match="expected 2"):
        f(1.0)
    with pytest.raises(symdiff.SymdiffError, match="expected 2"):
        f(1.0, 2.0, 3.0)


def test_straight_line_raises_only_where_numpy_differs():
    from symdiff.codegen.lower import lower
    x = symdiff.parse("x")
    p = lower([symdiff.parse("log(x) + 1/x")], [x])
    fn = straightline.function(p, ())
    assert fn(2.0) == (math.log(2.0) + 0.5,)
    for bad in (-1.0, 0.0):
        with pytest.raises(straightline.FAIL):
            fn(bad)


# -- domain errors: NumPy's values and warnings ----------------------------------------

@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_domain_errors_like_numpy(backend):
    f = symdiff.compile("log(x) + sqrt(x)", ["x"], backend=backend)
    with pytest.warns(RuntimeWarning):
        assert math.isnan(f(-1.0))
    with pytest.warns(RuntimeWarning):
        r = f(np.array([-1.0, 4.0]))
    assert math.isnan(r[0]) and r[1] == math.log(4.0) + 2.0
    assert f(-1 + 0j) == pytest.approx(complex(0, math.pi) + 1j)   # principal values
    d = symdiff.compile("1/x + y/x", ["x", "y"], backend=backend)
    with pytest.warns(RuntimeWarning):
        assert d(0.0, 1.0) == math.inf
    with pytest.warns(RuntimeWarning):
        assert math.isnan(symdiff.compile("sin(x)/x", ["x"], backend=backend)(0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert symdiff.compile("exp(x)", ["x"], backend=backend)(2.0) == math.exp(2.0)
    with pytest.warns(RuntimeWarning):
        assert symdiff.compile("exp(x)", ["x"], backend=backend)(1000.0) == math.inf


# -- native code: cache, fallback --------------------------------------------------------

@needs_llvm
def test_native_code_is_cached_by_program():
    llvm_backend.cache_clear()
    f = symdiff.compile(["x*y + 7.5", "sin(y)"], [["x", "y"]], backend="llvm")
    f(np.array([1.0, 2.0]))
    assert llvm_backend.cache_len() == 1
    g = symdiff.compile(["x*y + 7.5", "sin(y)"], [["x", "y"]], backend="llvm")
    g(np.array([3.0, 4.0]))
    assert llvm_backend.cache_len() == 1 and g._fast.kernel(False) is f._fast.kernel(False)
    symdiff.compile(["x*y + 8.5", "sin(y)"], [["x", "y"]], backend="llvm")(np.array([3.0, 4.0]))
    assert llvm_backend.cache_len() == 2
    for i in range(llvm_backend.CACHE_SIZE + 3):     # bounded
        llvm_backend.compile_program(symdiff.compile(f"x + {i}", ["x"]).program, (float(i),))
    assert llvm_backend.cache_len() == llvm_backend.CACHE_SIZE


@needs_llvm
def test_unsupported_programs_take_the_numpy_path():
    f = symdiff.compile("re(x) + I*x", ["x"])
    assert f._fast.call((1.0,)) is MISS
    assert f(1.0) == 1 + 1j
    h = symdiff.compile("x*y", ["x", "y"])
    assert h._fast.call((np.ones(3), np.ones(4))) is MISS       # broadcasting: NumPy


def test_without_llvmlite_results_are_numpy_s():
    run_python(
        "import sys; sys.modules['llvmlite'] = None\n"
        "import numpy as np, symdiff\n"
        "from symdiff.codegen import llvm_backend\n"
        "assert not llvm_backend.available()\n"
        "xs = symdiff.symbols('a b c')\n"
        "g = symdiff.grad(sum(100*(xs[i+1] - xs[i]**2)**2 + (1 - xs[i])**2 for i in range(2)), xs)\n"
        "p = np.array([0.3, -0.7, 1.1])\n"
        "f = symdiff.compile(g, [['a', 'b', 'c']])\n"
        "assert np.array_equal(f(p), symdiff.compile(g, [['a', 'b', 'c']], backend='numpy')(p))\n"
        "k = symdiff.compile('sin(x)*y', ['x', 'y'], backend='llvm')\n"
        "assert k(np.ones(3), 2.0).tolist() == [np.sin(1.0)*2.0]*3\n"
        "assert symdiff.compile('sin(x)*y', ['x', 'y'])(1.0, 2.0) == np.sin(1.0)*2.0\n")


@needs_llvm
@pytest.mark.parametrize("size", [1, 7, 40])
def test_segmented_native_code_gives_the_same_bits(monkeypatch, size):
    """Programs over OPTIMIZE_MAX steps run as one function per segment,
    values crossing segments through scratch slots: forced here on small
    programs with tiny segments (sums split mid-way, outputs and scratch
    slots in many segments, an argument and a constant as outputs)."""
    monkeypatch.setattr(llvm_backend, "OPTIMIZE_MAX", 5)
    monkeypatch.setattr(llvm_backend, "SEGMENT", size)
    llvm_backend.cache_clear()
    f, xs, names = _rosenbrock(12)
    g, h = symdiff.grad(f, xs), symdiff.hessian(f, xs)
    p = np.random.default_rng(5).uniform(-1, 1.5, 12)
    P = np.random.default_rng(6).uniform(-1, 1.5, (12, 9))
    for e, kw in ((g, {}), (h, {"sparse": True}), (h, {})):
        for arg in (p, P):
            got = symdiff.compile(e, names, backend="llvm", **kw)
            want = symdiff.compile(e, names, backend="numpy", **kw)(arg)
            assert arg is P or got._fast((arg,)) is not MISS
            for a, b in zip(got(arg) if kw else [got(arg)], want if kw else [want]):
                assert np.array_equal(a, b)
    exprs = ["x", "2.5", "sin(x)*y + exp(-x**2) + x*y*(x + y)**3", "log(1 + exp(x*y)) - y"]
    f = symdiff.compile(exprs, ["x", "y"], backend="llvm")
    ref = symdiff.compile(exprs, ["x", "y"], backend="numpy")
    x, y = np.linspace(-2, 2, 50), np.linspace(3, -1, 50)
    assert f._fast((x, y)) is not MISS
    for a, b in zip(f(x, y), ref(x, y)):
        np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-15)
    src = llvm_backend.segmented_source(f.program, f._fast.consts, "kernel")
    assert ("@kernel_1" in src) == (size < 10)
