"""Long-running processes: bounded memory, thread safety, pickling to
workers, byte-identical output across processes, hash seeds and orders."""
import concurrent.futures as cf
import multiprocessing
import copy
import gc
import pickle
import subprocess
import sys
import tracemalloc

import numpy as np

import symdiff
from symdiff.core.nodes import table_size


def test_memory_stays_bounded_over_many_distinct_expressions():
    """Distinct expressions parsed, differentiated (forward and reverse) and
    printed, in two equal batches after a warm-up: the intern table returns
    to its size before, and the second batch adds (almost) nothing to the
    traced memory: no per-expression leak (a leak of even 20 bytes per
    expression would show as 40 kB)."""
    def work(lo, hi):
        for i in range(lo, hi):
            f = symdiff.parse(f"sin(x*{i}) + y**{i % 50 + 2}*exp(x/{i + 1}) + {i}*z")
            str(symdiff.diff(f, "x"))
            symdiff.grad(f, ["x", "y"])
    work(0, 1000)                         # warm caches (names, parser, registry)
    gc.collect()
    nodes_before = table_size()
    tracemalloc.start()
    work(1000, 3000)
    gc.collect()
    after_a = tracemalloc.get_traced_memory()[0]
    work(3000, 5000)
    gc.collect()
    after_b = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert table_size() - nodes_before < 100
    assert after_b - after_a < 40_000, f"{after_b - after_a} bytes retained by 2000 expressions"


def _job(i: int):
    f = symdiff.parse(f"sin(x*y) + exp(x - {i % 7})*cos(y)**2 + x**3")
    g = symdiff.grad(f, "x y")
    h = symdiff.hessian(f, "x y")
    c = symdiff.compile(g, "x y")
    return f, g, h[0, 1], str(g[0]), float(c(0.3, 0.7)[0])


def test_threads_build_identical_interned_results():
    with cf.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(_job, range(400)))
    by_key: dict = {}
    for i, (f, g, h01, text, value) in enumerate(results):
        ref = by_key.setdefault(i % 7, (f, g, h01, text, value))
        assert f is ref[0] and h01 is ref[2]
        assert all(a is b for a, b in zip(g, ref[1]))
        assert text == ref[3] and value == ref[4]
    # and the same nodes as a single-threaded build
    f, g, h01, text, value = _job(3)
    assert f is by_key[3][0] and g[0] is by_key[3][1][0] and text == by_key[3][3]


def test_threads_race_on_fresh_nodes():
    """Many threads intern the same never-seen nodes at the same moment."""
    import threading
    barrier = threading.Barrier(8)
    out = [None] * 8

    def build(k):
        barrier.wait()
        out[k] = [symdiff.parse(f"q{i}*sin(r{i}) + {i}") for i in range(3000)]
    threads = [threading.Thread(target=build, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(1, 8):
        assert all(a is b for a, b in zip(out[0], out[k]))


def test_threads_simplify_alike_while_caches_are_trimmed(monkeypatch):
    """simplify from many threads at once, with caches small enough to be
    cleared over and over mid-run: the same results as one thread."""
    import importlib
    from symdiff.rewrite import engine
    monkeypatch.setattr(engine, "CACHE_SIZE", 50)
    texts = ["sin(x)**2 + cos(x)**2 + y", "(x**2 - 1)/(x - 1)", "tan(x)*cos(x) + exp(a)*exp(b)",
             "cosh(x)**2 - sinh(x)**2", "2*sin(x)*cos(x) + (a + b)**2 - a**2"]
    want = [symdiff.simplify(t) for t in texts]
    mod = importlib.import_module("symdiff.rewrite.strategy")

    def job(i):
        if i % 10 == 0:
            mod.clear_caches()
        return [symdiff.simplify(t) for t in texts]
    with cf.ThreadPoolExecutor(8) as pool:
        for got in pool.map(job, range(80)):
            assert all(a is b for a, b in zip(got, want))


def test_pickle_and_copy_of_everything():
    e = symdiff.parse("sin(x)*exp(y) + x**(1/3)")
    assert pickle.loads(pickle.dumps(e)) is e
    assert copy.copy(e) is e and copy.deepcopy([e])[0] is e
    H = symdiff.hessian(e, "x y")
    H2 = pickle.loads(pickle.dumps(H))
    assert H2.shape == H.shape and H2.sparsity() == H.sparsity()
    assert all(H2[i, j] is H[i, j] for i, j in H.sparsity())
    f = symdiff.compile(symdiff.grad(e, "x y"), "x y")
    f2 = pickle.loads(pickle.dumps(f))
    pts = np.linspace(0.1, 2, 7)
    assert all(np.array_equal(a, b) for a, b in zip(f(pts, pts[::-1]), f2(pts, pts[::-1])))


def _eval_in_worker(fn, x):
    return fn(x, 2.0)


def test_compiled_function_runs_in_a_process_pool():
    f = symdiff.compile("exp(-x**2)*sin(x*y)", "x y")
    xs = np.linspace(-1, 1, 11)
    # spawn, not fork: other tests load JAX, whose threads make fork unsafe
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = list(pool.map(_eval_in_worker, [f, f], [xs, xs[::-1]]))
    assert np.array_equal(got[0], f(xs, 2.0))
    assert np.array_equal(got[1], f(xs[::-1], 2.0))


DETERMINISM_SCRIPT = r"""
import sys, symdiff
order = sys.argv[1]
terms = ["sin(a*b)", "exp(c + d)", "w*v/(q - z)", "Abs(k)", "log(b**2 + 1)*a"]
if order == "reversed":
    terms = terms[::-1]
for t in terms:                      # intern subexpressions in a different order
    symdiff.parse(t)
f = symdiff.parse(" + ".join(terms))
vs = "a b c d k q v w z"
print(f)
print(symdiff.grad(f, vs))
H = symdiff.hessian(f, vs)
print(H.sparsity(), H.tolist())
print(symdiff.latex(symdiff.diff(f, "b")))
print(symdiff.compile(symdiff.grad(f, vs), vs).source)
"""


def test_output_is_byte_identical_across_seeds_and_orders():
    outs = set()
    for seed, order in [("0", "given"), ("1", "reversed"), ("4242", "given"), ("random", "reversed")]:
        env = {"PYTHONHASHSEED": seed, "PATH": ""}
        outs.add(subprocess.run([sys.executable, "-c", DETERMINISM_SCRIPT, order], env=env,
                                capture_output=True, check=True).stdout)
    assert len(outs) == 1
