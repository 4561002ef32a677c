"""Code generation: lowering, the chunked NumPy kernel, numexpr, array API
(Dask) and standalone modules; values checked against mpmath/sympy."""
import random
import sys
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import symdiff
from symdiff import SymdiffError, compile, diff, grad, parse
from symdiff.core.nodes import Add, Fn, Mul, Op, Sym, topo
from exprgen import (close, expressions, mp_eval, real_expressions, sympy_of,
                     sympy_would_hang, usable)

ALL = ["x", "y", "z"]
F = "exp(-x**2 - y**2)*sin(x*y) + log(1 + x**2)*cos(y)"


def _ref_grad(x, y):
    g = np.exp(-x * x - y * y)
    dx = g * (-2 * x * np.sin(x * y) + y * np.cos(x * y)) + 2 * x / (1 + x * x) * np.cos(y)
    dy = g * (-2 * y * np.sin(x * y) + x * np.cos(x * y)) - np.log(1 + x * x) * np.sin(y)
    return dx, dy


def _points(rng, n, complex_=True):
    """Random points; complex ones keep off the real axis (branch cuts)."""
    def im():
        return rng.choice([-1, 1]) * rng.uniform(0.05, 2) if complex_ else 0.0
    pts = [{v: complex(rng.uniform(-2, 2), im()) for v in ALL} for _ in range(n)]
    return pts, [np.array([p[v] if complex_ else p[v].real for p in pts]) for v in ALL]


# -- values against mpmath, on arrays, through the chunked threaded path ----------

def _parsed(text):
    """The expression, or skip the example (e.g. ``0**-1`` is a parse-time error)."""
    try:
        return parse(text)
    except SymdiffError:
        assume(False)


@settings(max_examples=60)
@given(expressions(), st.randoms(use_true_random=False))
def test_complex128_arrays_match_mpmath(text, rnd):
    e = _parsed(text)
    # a constant argument can sit exactly on a branch cut (acos(2)): there
    # NumPy follows C99's signed-zero side and sympy the other, both valid
    assume(not sympy_would_hang(e) and not any(n.op is Op.FN and not n.free for n in topo([e])))
    f = compile(e, ALL, threads=2, chunk=2)
    pts, cols = _points(rnd, 5)
    with np.errstate(all="ignore"):
        out = f(*cols)
    assert out.dtype == np.complex128 and out.shape == (5,)
    s = sympy_of(text)
    for p, v in zip(pts, out):
        r = mp_eval(s, p)
        if usable(r) and np.isfinite(v):
            assert close(complex(v), r, 1e-8), (text, p, v, r)


@settings(max_examples=60)
@given(real_expressions(), st.sampled_from([np.float64, np.float32]),
       st.randoms(use_true_random=False))
def test_real_arrays_match_mpmath_and_keep_dtype(text, dtype, rnd):
    e = _parsed(text)
    f = compile([e, diff(e, "x")], ["x", "y"], threads=2, chunk=3)
    pts, cols = _points(rnd, 7, complex_=False)
    cols = [c.astype(dtype) for c in cols[:2]]
    with np.errstate(all="ignore"):
        val, der = f(*cols)
    assert val.dtype == der.dtype == dtype and val.shape == (7,)
    tol = 1e-9 if dtype == np.float64 else 2e-3
    s = sympy_of(text)
    for i, v in enumerate(val):
        p = {"x": float(cols[0][i]), "y": float(cols[1][i])}
        if any(abs(v) < 1e-30 for v in p.values()):
            # near-subnormal points: float64 underflows (sign(x**2) = 0) where mpmath
            # does not; signed zeros: IEEE atan2(-0.0, -0.0) = -pi, mpmath's is 0
            continue
        r = mp_eval(s, p)
        if usable(r) and abs(r.imag) < 1e-12:
            # float32: compare where the expression is well conditioned
            if dtype == np.float64 or abs(r.real) > 1e-2:
                assert close(float(v), r.real, tol), (text, p, v, r)


def test_gradient_workload_values():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-2, 2, 10**5), rng.uniform(-2, 2, 10**5)
    dx, dy = compile(grad(F, ["x", "y"]), ["x", "y"])(x, y)
    rx, ry = _ref_grad(x, y)
    assert np.allclose(dx, rx, rtol=1e-12, atol=1e-14) and np.allclose(dy, ry, rtol=1e-12, atol=1e-14)


# -- chunked and threaded: bit-identical ----------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_chunked_threaded_bit_identical_to_unchunked(dtype):
    rng = np.random.default_rng(2)
    exprs = list(grad(F, ["x", "y"])) + ["x**7 - 1/y**3 + sqrt(x)*y", "3", "y"]
    n = 10_007
    x = rng.uniform(-2, 2, n).astype(dtype)
    y = rng.uniform(-2, 2, n).astype(dtype)
    if dtype == np.complex128:
        y = y + 0.5j
    with np.errstate(all="ignore"):
        whole = compile(exprs, ["x", "y"], chunk=10**9)(x, y)
        for threads, chunk in [(1, 1000), (3, 1000), (2, 4096), (4, 17)]:
            got = compile(exprs, ["x", "y"], threads=threads, chunk=chunk)(x, y)
            for a, b in zip(whole, got):
                assert a.dtype == b.dtype == np.dtype(dtype) and a.tobytes() == b.tobytes()


def test_tape_kernel_gives_the_bits_of_the_exec_kernel(monkeypatch):
    # large programs run as a loop over the kernel's calls instead of exec'd
    # source: same calls on the same buffers, so the same bits
    from symdiff.codegen import lower as lowering
    from symdiff.codegen import numpy_backend
    from symdiff.codegen.trig import MIN_SIZE
    monkeypatch.delitem(lowering.FUNCTIONS, "atan")      # a template step
    exprs = list(grad(F, ["x", "y"])) + [
        "x**7 - 1/y**3 + sqrt(x)*y", "3", "y", "x", "x**7 - 1/y**3 + sqrt(x)*y",
        "atan(x*y)*sin(x) - tan(y)/x", "sin(x + I*y)*cos(x + I*y) + exp(I*y)", "Abs(x + I*y)",
        "x*y*(x - 1)*(y + 2)/(x + y + 7)", "-x - y", "atan(x)"]
    f = compile(exprs, ["x", "y"], threads=2, chunk=1000)
    assert "np.arctan(" in f.source and len(f.program.sequence) <= numpy_backend.EXEC_MAX
    runs = {"exec": f._kernel.function(tape=False), "tape": f._kernel.function(tape=True)}
    rng = np.random.default_rng(7)
    for n, dtype in [(1, np.float64), (100, np.float32), (MIN_SIZE + 1, np.float64),
                     (5003, np.complex128), (0, np.float64)]:
        x = rng.uniform(-2, 2, n).astype(dtype)
        y = rng.uniform(0.5, 2, n).astype(dtype)
        got = {}
        for kind, fn in runs.items():
            f._kfn = fn
            with np.errstate(all="ignore"):
                got[kind] = f(x, y), f(0.3, y)
        for a, b in zip(got["exec"][0] + got["exec"][1], got["tape"][0] + got["tape"][1]):
            assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    # past EXEC_MAX instructions the default is the tape: same values
    xs = [f"x{i}" for i in range(60)]
    big = grad(" + ".join(f"100*(x{i + 1} - x{i}**2)**2 + (1 - x{i})**2" for i in range(59)), xs)
    g = compile(big, xs)
    assert len(g.program.sequence) > numpy_backend.EXEC_MAX
    vals = rng.uniform(-1, 1.5, (60, 50))
    tape_out = g(*vals)
    g._kfn = g._kernel.function(tape=False)
    for a, b in zip(tape_out, g(*vals)):
        assert a.tobytes() == b.tobytes()


def test_chunked_with_broadcasting_and_scalars():
    f = compile(["x*y + sin(x)", "y**2", "2*pi"], ["x", "y"], threads=2, chunk=7)
    x = np.linspace(-1, 1, 30).reshape(30, 1)
    y = np.linspace(0, 2, 11)
    a, b, c = f(x, y)
    assert a.shape == b.shape == c.shape == (30, 11)
    assert np.array_equal(a, x * y + np.sin(x)) and np.array_equal(b, np.broadcast_to(y * y, (30, 11)))
    assert np.all(c == 2 * np.pi)
    a2, _, _ = f(0.5, y)        # scalar with an array, chunked
    assert np.array_equal(a2, 0.5 * y + np.sin(0.5))
    f32 = f(np.float32(0.5), np.ones((3, 2), np.float32))
    assert all(r.dtype == np.float32 and r.shape == (3, 2) for r in f32)


def test_python_scalars_do_not_widen_float32():
    f = compile("x*y", ["x", "y"])
    assert f(2.0, np.ones(3, np.float32)).dtype == np.float32
    assert f(2, np.ones(3, np.float32)).dtype == np.float32
    assert f(np.float64(2.0), np.ones(3, np.float32)).dtype == np.float64
    assert f(np.arange(3), 1).dtype == np.float64


def test_zero_d_inputs_and_bad_shapes():
    f = compile("x + y", ["x", "y"])
    r = f(np.array(1.0), np.array(2.0))
    assert isinstance(r, np.ndarray) and r.shape == () and r == 3.0
    with pytest.raises(SymdiffError, match="broadcast"):
        f(np.ones(3), np.ones(4))
    with pytest.raises(SymdiffError, match="numeric"):
        f(np.array(["a"]), 1.0)


# -- domain errors, nonsmooth points ----------------------------------------------

@pytest.mark.parametrize("n", [3, 100_000])
def test_domain_errors_warn_and_give_nan(n):
    f = compile("log(x) + sqrt(x) + 1/x", ["x"], threads=2)
    x = np.full(n, -1.0)
    x[0] = 1.0
    with pytest.warns(RuntimeWarning):
        r = f(x)
    assert np.isnan(r[1:]).all() and not np.isnan(r[0])


def test_errstate_raise_reaches_worker_threads():
    f = compile("log(x)", ["x"], threads=2, chunk=1000)
    with np.errstate(invalid="raise"), pytest.raises(FloatingPointError):
        f(np.full(10_000, -1.0))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(f(np.full(10_000, -1.0))).all()


def test_nonsmooth_derivatives_at_kinks_are_finite_conventions():
    # Abs'(x) = sign(x) with Abs'(0) = 0; sign' = 0: no NaN at the kink
    f = compile([diff("Abs(x)*y + sign(x)", "x"), diff("Abs(x**3)", "x")], ["x", "y"])
    d1, d2 = f(np.array([-2.0, 0.0, 3.0]), 2.0)
    assert np.array_equal(d1, [-2.0, 0.0, 2.0]) and np.array_equal(d2, [-12.0, 0.0, 27.0])


# -- generated code -----------------------------------------------------------------

def test_cheap_arithmetic_in_source():
    f = compile("x**2 + x**5 + y**-1 + x**(1/2) + x**(-3/2) + sin(x)/(y + 1) - cos(x)*y", ["x", "y"])
    src = f.source
    assert "power" not in src and "**" not in src
    assert " sqrt(" in src and " reciprocal(" in src and " divide(" in src
    assert " subtract(" in src or "-=" in src
    x, y = np.array([0.7, 1.9]), np.array([1.3, -0.4])
    want = x**2 + x**5 + 1 / y + np.sqrt(x) + x**-1.5 + np.sin(x) / (y + 1) - np.cos(x) * y
    assert np.allclose(f(x, y), want, rtol=1e-14)


def test_liveness_keeps_few_buffers():
    # a long sum of products keeps one accumulator and one term live
    xs = [Sym(f"x{i}") for i in range(500)]
    e = Add(*[Mul(x, Fn("sin", x)) for x in xs])
    f = compile(e, [f"x{i}" for i in range(500)])
    assert f._kernel.nreal <= 3
    vals = np.linspace(0.1, 1, 500)
    assert np.isclose(f(*vals), np.sum(vals * np.sin(vals)))


def test_source_lines_are_named_and_single():
    f = compile(grad(F, ["x", "y"]), ["x", "y"])
    body = [ln.strip() for ln in f.source.splitlines() if ln.startswith("    t")]
    assert len(body) > 10 and all(";" not in ln for ln in body)
    assert sum(" exp(" in ln for ln in body) == 1
    # sin and cos of x*y and of y: one shared reduction each, no libm calls
    assert f.source.count("_sincos(") == 2 and " sin(" not in f.source


def test_bad_options():
    with pytest.raises(SymdiffError, match="backend"):
        compile("x", ["x"], backend="tensorflow")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(SymdiffError, match="threads"):
            compile("x", ["x"], threads=bad)


def test_100k_node_dag_compiles():
    x, y = Sym("x"), Sym("y")
    t = x
    for i in range(50_000):
        t = Fn("sin", t) + y          # two new nodes per step
    f = compile(t, ["x", "y"])
    assert f.source.count("\n") > 100_000
    ref, yy = 0.3, 0.01
    for _ in range(50_000):
        ref = np.sin(ref) + yy
    assert np.isclose(f(0.3, yy), ref, rtol=1e-12)


def test_fast_sincos_within_two_ulp_of_libm():
    from symdiff.codegen.trig import LIMIT, sincos
    rng = np.random.default_rng(6)
    x = np.concatenate([rng.uniform(-4, 4, 4000), rng.uniform(-LIMIT, LIMIT, 4000),
                        rng.uniform(-1e9, 1e9, 50), np.arange(-40, 40) * (np.pi / 4),
                        [0.0, -0.0, 1e-300, 5e-324, LIMIT, -LIMIT, 1e300, np.nan, np.inf]])
    s, c = np.empty_like(x), np.empty_like(x)
    with np.errstate(invalid="ignore"):
        sincos(x, s, c, [np.empty_like(x) for _ in range(4)])
        for got, want in ((s, np.sin(x)), (c, np.cos(x))):
            assert np.array_equal(np.isnan(got), np.isnan(want))
            ok = ~np.isnan(want)
            ulps = np.abs(got[ok] - want[ok]) / np.spacing(np.abs(want[ok]))
            assert ulps.max() <= 2.0
        big = np.abs(x) > LIMIT            # beyond the reduction's range: libm itself
        assert np.array_equal(s[big], np.sin(x[big]), equal_nan=True)
        assert np.array_equal(np.signbit(s), np.signbit(np.sin(x)))   # sin(-0.0) is -0.0


def test_small_calls_use_libm_sincos_large_calls_the_shared_reduction():
    from symdiff.codegen.trig import MIN_SIZE
    f = compile(["sin(x)", "cos(x)"], ["x"])
    small = np.linspace(-3, 3, 100)
    s, c = f(small)
    assert np.array_equal(s, np.sin(small)) and np.array_equal(c, np.cos(small))
    big = np.linspace(-3, 3, MIN_SIZE + 1)
    s, c = f(big)
    assert np.allclose(s, np.sin(big), rtol=0, atol=5e-16) and np.allclose(c, np.cos(big), rtol=0, atol=5e-16)
    assert "_sincos(" in f.source


# -- module_source --------------------------------------------------------------------

def _load(src):
    ns = {}
    exec(compile_text(src), ns)
    return ns["f"]


def compile_text(src):
    import builtins
    return builtins.compile(src, "<module_source>", "exec")


def test_module_source_standalone_same_values():
    c = compile(grad(F, ["x", "y"]), ["x", "y"])
    src = c.module_source()
    imports = [ln for ln in src.splitlines() if ln.startswith(("import", "from"))]
    assert imports == ["import numpy as np"]
    f = _load(src)
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-2, 2, 1000), rng.uniform(-2, 2, 1000)
    for a, b in zip(f(x, y), c(x, y)):   # the module uses libm sin/cos (<= 2 ulp apart)
        assert np.allclose(a, b, rtol=1e-13, atol=1e-15)
    assert f(np.float32(1.0), np.ones(3, np.float32))[0].dtype == np.float32


def test_module_source_single_expression_and_constants():
    c = compile("3*pi", ["x"])
    f = _load(c.module_source())
    r = f(np.zeros((2, 2)))
    assert r.shape == (2, 2) and np.all(r == 3 * np.pi)


def test_module_source_renames_unsafe_names():
    c = compile("np*lambda_ + _in", None)
    names = [v.name for v in c.vars]
    src = c.module_source()
    f = _load(src)
    args = {"np": 2.0, "lambda_": 3.0, "_in": 4.0}
    assert f(*[args[n] for n in names]) == 10.0
    assert "'np' ->" in src and "'_in' ->" in src


# -- numexpr ------------------------------------------------------------------------

@pytest.mark.parametrize("min_size", [0, None])     # numexpr at every size; the default
def test_numexpr_backend_matches_numpy(monkeypatch, min_size):
    pytest.importorskip("numexpr")
    from symdiff.codegen import numexpr_backend
    if min_size is not None:
        monkeypatch.setattr(numexpr_backend, "MIN_SIZE", min_size)
    exprs = list(grad(F, ["x", "y"])) + ["sign(x)*y**3 + atan2(y, x)", "2", "Abs(exp(I*x))",
                                         "sign(x*y + 1)*exp(x + y)"]   # NumPy-side ops on fused args
    fn = compile(exprs, ["x", "y"], backend="numexpr", threads=2, chunk=500)
    fp = compile(exprs, ["x", "y"])
    rng = np.random.default_rng(4)
    for dtype, rtol in [(np.float64, 1e-13), (np.float32, 1e-5)]:
        x, y = rng.uniform(-2, 2, 3000).astype(dtype), rng.uniform(-2, 2, 3000).astype(dtype)
        for a, b in zip(fn(x, y), fp(x, y)):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert np.allclose(a, b, rtol=rtol, atol=rtol)
    assert "_ev(" in fn.source


def test_numexpr_threads_are_held_at_one_during_pooled_calls_and_restored():
    # inside symdiff's pool numexpr runs single-threaded in each worker; its
    # thread count is back to the user's after the call, also after many
    # concurrent calls and after a call that raised
    ne = pytest.importorskip("numexpr")
    from concurrent.futures import ThreadPoolExecutor
    from symdiff.codegen import numexpr_backend
    seen = []
    real = ne.evaluate

    def spy(*a, **k):
        seen.append(ne.get_num_threads())
        return real(*a, **k)
    before = ne.set_num_threads(3)
    try:
        fn = compile(list(grad(F, ["x", "y"])), ["x", "y"], backend="numexpr", threads=2, chunk=500)
        x = np.linspace(-1, 1, 5000)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(numexpr_backend, "MIN_SIZE", 0)
            m.setattr(ne, "evaluate", spy)
            want = fn(x, x)
            assert seen and set(seen) == {1}
            with ThreadPoolExecutor(4) as pool:
                for got in pool.map(lambda _: fn(x, x), range(8)):
                    assert all(np.array_equal(a, b) for a, b in zip(got, want))
            assert ne.get_num_threads() == 3
            def boom(*a, **k):
                raise RuntimeError("numexpr failed")
            m.setattr(ne, "evaluate", boom)
            with pytest.raises(RuntimeError):
                fn(x, x)
            assert ne.get_num_threads() == 3
    finally:
        ne.set_num_threads(before)


def test_numexpr_backend_small_inputs_run_the_numpy_kernel_with_the_same_values():
    # below MIN_SIZE elements the numexpr backend runs the NumPy kernel: the
    # same values (to rounding) and dtypes
    pytest.importorskip("numexpr")
    from symdiff.codegen.numexpr_backend import MIN_SIZE
    exprs = list(grad(F, ["x", "y"])) + ["sign(x)*y**3 + atan2(y, x)", "log(x)*sqrt(y - 1)",
                                         "Abs(exp(I*x))", "x**-3/y", "2"]
    fn = compile(exprs, ["x", "y"], backend="numexpr")
    fp = compile(exprs, ["x", "y"])
    rng = np.random.default_rng(8)
    x, y = rng.uniform(-2, 2, MIN_SIZE + 5), rng.uniform(-2, 2, MIN_SIZE + 5)
    x[:3], y[:3] = 0.0, 1.0
    for dtype, rtol in [(np.float64, 1e-14), (np.float32, 1e-6), (np.float16, 1e-3)]:
        xs, ys = x.astype(dtype), y.astype(dtype)
        with np.errstate(all="ignore"):
            big = fn(xs, ys)
            for n in (1, 100, 4000):
                small = fn(xs[:n], ys[:n])
                for a, b in zip(big, small):
                    assert a.dtype == b.dtype == np.dtype(dtype) and b.shape == (n,)
                    assert np.allclose(a[:n], b, rtol=rtol, atol=rtol, equal_nan=True)
                    assert np.array_equal(np.isnan(a[:n]), np.isnan(b))
            if dtype != np.float16:     # the NumPy kernel itself, bit for bit
                for a, b in zip(fp(xs[:100], ys[:100]), fn(xs[:100], ys[:100])):
                    assert a.tobytes() == b.tobytes()
    assert fn(0.5, 2.0)[0] == fp(0.5, 2.0)[0]


def test_options_survive_pickling():
    import pickle
    pytest.importorskip("numexpr")
    f = compile(["x*y", "sin(x)"], ["x", "y"], backend="numexpr", threads=1, chunk=64)
    g = pickle.loads(pickle.dumps(f))
    assert (g.backend, g.threads, g.chunk, g.source) == ("numexpr", 1, 64, f.source)
    x = np.linspace(0, 1, 100)
    assert all(np.array_equal(a, b) for a, b in zip(f(x, 2.0), g(x, 2.0)))


def test_numexpr_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "numexpr", None)
    with pytest.raises(SymdiffError, match="numexpr"):
        compile("x", ["x"], backend="numexpr")


# -- array API: Dask ------------------------------------------------------------------

def test_dask_input_gives_lazy_dask_result_equal_to_numpy():
    da = pytest.importorskip("dask.array")
    pytest.importorskip("array_api_compat")
    exprs = list(grad(F, ["x", "y"])) + ["x**-3 + sqrt(y)", "5"]
    f = compile(exprs, ["x", "y"])
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0.1, 2, 10_000), rng.uniform(0.1, 2, 10_000)
    dx, dy = da.from_array(x, chunks=2_500), da.from_array(y, chunks=2_500)
    lazy = f(dx, dy)
    assert all(isinstance(r, da.Array) for r in lazy)
    f32 = f(dx.astype(np.float32), 2.0)      # a Python scalar does not widen float32
    assert all(r.dtype == np.float32 for r in f32)
    for a, b in zip(lazy, f(x, y)):
        got = a.compute()
        assert got.shape == b.shape and got.dtype == b.dtype
        assert np.allclose(got, b, rtol=1e-13, atol=1e-15)   # Dask: libm sin/cos


def test_foreign_arrays_without_array_api_compat(monkeypatch):
    da = pytest.importorskip("dask.array")
    monkeypatch.setitem(sys.modules, "array_api_compat", None)
    with pytest.raises(SymdiffError, match="array-api-compat"):
        compile("x", ["x"])(da.ones(3))


def test_strict_array_api_namespace():
    """The array-API path uses only the standard (what CuPy runs): checked
    with array-api-strict, which rejects anything outside it."""
    xp = pytest.importorskip("array_api_strict")
    exprs = list(grad(F, ["x", "y"])) + [
        "x**-3 + sqrt(y) + atan2(y, x) + Abs(x)*sign(y) + acot(x) + x**(1/3)", "5", "y"]
    f = compile(exprs, ["x", "y"])
    x, y = np.linspace(0.1, 2, 50), np.linspace(0.2, 1.5, 50)
    got = f(xp.asarray(x), xp.asarray(y))
    for a, b in zip(got, f(x, y)):
        assert type(a).__module__.startswith("array_api_strict") and a.dtype == xp.float64
        assert np.allclose(np.asarray(a), b, rtol=1e-13, atol=1e-15)
    assert all(a.dtype == xp.float32 for a in f(xp.asarray(x, dtype=xp.float32), 2.0))
