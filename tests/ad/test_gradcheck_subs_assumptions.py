"""Regression tests: gradcheck with a mapping of points, DerivMatrix.subs,
contradictory assumptions."""
import itertools
import random

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st

import symdiff
from symdiff import DerivMatrix, SymdiffError, gradcheck, hessian, jacobian, parse, symbols
from symdiff.core.facts import FACTS
from symdiff.core.nodes import ZERO, Sym
from exprgen import parsed_for_sympy as _expr, close, complex_points, expressions, mp_eval, sympy_of

XS = ["x", "y", "z"]
SYM = {v: sympy.Symbol(v) for v in XS}


# --- gradcheck(expr, vars, {name: values}) ---------------------------------------

def test_gradcheck_accepts_a_mapping_of_arrays():
    xs, ys = np.linspace(0.1, 1.0, 7), np.linspace(-2.0, 2.0, 7)
    r = gradcheck("sin(x)*y**2", "x y", {"x": xs, "y": ys})
    assert r.ok and r.checked == 14
    same = gradcheck("sin(x)*y**2", "x y", np.stack([xs, ys], axis=1))
    assert r.max_rel_error == same.max_rel_error and r.checked == same.checked


def test_gradcheck_mapping_order_symbols_and_broadcast():
    x, y = symbols("x y")
    r = gradcheck(x * symdiff.exp(y), [x, y], {y: np.array([0.5, 1.0, 1.5]), x: 2.0})
    assert r.ok and r.checked == 6
    assert gradcheck("x**3", ["x"], {"x": [[1.0, 2.0], [3.0, 4.0]]}).checked == 4


@pytest.mark.parametrize("bad", [{"x": 1.0}, {"x": 1.0, "y": 2.0, "z": 3.0},
                                 {"x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]},
                                 {"x": "one", "y": 1.0}, {3: 1.0, "y": 1.0}])
def test_gradcheck_bad_mapping_raises_symdiff_error(bad):
    with pytest.raises(SymdiffError):
        gradcheck("x*y", "x y", bad)


# --- DerivMatrix.subs -----------------------------------------------------------

def test_derivmatrix_subs_values_and_sparsity():
    H = hessian("x**2*y + y**3", "x y")
    S = H.subs({"y": 0})
    assert isinstance(S, DerivMatrix) and S.shape == (2, 2) and S.vars == H.vars
    assert S.sparsity() == [(0, 1), (1, 0)]      # entries that became 0 are not stored
    assert S[0, 0] is ZERO and S[0, 1] is parse("2*x") and S[0, 1] is S[1, 0]
    J = jacobian(["x*y", "sin(x) + z**2"], "x y z").subs({"x": 0, parse("z"): "pi"})
    assert [[str(e) for e in row] for row in J] == [["y", "0", "0"], ["1", "0", "2*pi"]]
    assert J.sparsity() == [(0, 0), (1, 0), (1, 2)]


def test_derivmatrix_subs_rejects_bad_mapping():
    H = hessian("x**2*y", "x y")
    with pytest.raises(SymdiffError):
        H.subs([("x", 1)])
    with pytest.raises(SymdiffError):
        H.subs({"x + 1": 2})




@given(expressions(max_leaves=6), st.sampled_from(XS),
       st.sampled_from(["y + 1", "x*z", "sin(y)", "2*z"]),   # numbers could land on a branch cut
       st.integers(0, 2**32).map(random.Random))
def test_derivmatrix_subs_matches_sympy(text, var, value, rnd):
    e = _expr(text)
    H = hessian(e, XS)
    S = H.subs({var: value})
    ref = sympy.hessian(sympy_of(text), [SYM[v] for v in XS]).subs(SYM[var], sympy_of(value))
    for i, j in S.sparsity():
        assert S[i, j] is not ZERO and S[i, j] is S[j, i]
    assert set(S.sparsity()) <= set(H.sparsity())
    f = symdiff.compile([S[i, j] for i in range(3) for j in range(3)], XS)
    for pt in complex_points(rnd, 2):
        with np.errstate(all="ignore"):
            vals = [complex(v) for v in f(*[pt[k] for k in XS])]
        for v, r in zip(vals, [ref[i, j] for i in range(3) for j in range(3)]):
            want = mp_eval(r, pt)
            if want is None or abs(want) > 1e6 or not np.isfinite(v):
                continue
            assert close(v, want, 1e-6), (pt, v, want)


# --- contradictory assumptions ------------------------------------------------------

_HOLDS = {"positive": lambda v: v.imag == 0 and v.real > 0,
          "negative": lambda v: v.imag == 0 and v.real < 0,
          "nonnegative": lambda v: v.imag == 0 and v.real >= 0,
          "nonpositive": lambda v: v.imag == 0 and v.real <= 0,
          "integer": lambda v: v.imag == 0 and v.real == int(v.real),
          "real": lambda v: v.imag == 0,
          "nonzero": lambda v: v != 0}
# one value of each kind the facts can tell apart
_WITNESSES = [complex(v) for v in (-2, -1.5, 0, 1.5, 2)] + [1j]


def _satisfiable(facts) -> bool:
    return any(all(_HOLDS[f](v) for f in facts) for v in _WITNESSES)


def test_fact_table_is_covered_by_the_oracle():
    assert set(_HOLDS) == set(FACTS)


@pytest.mark.parametrize("facts", [c for n in range(1, len(FACTS) + 1)
                                   for c in itertools.combinations(FACTS, n)])
def test_every_combination_of_assumptions(facts):
    ok = _satisfiable(facts)
    kw = {f: True for f in facts}
    for make in (lambda: symbols("q", **kw), lambda: Sym("q", facts),
                 lambda: parse("q + 1", assume={"q": list(facts)})):
        if ok:
            make()
        else:
            with pytest.raises(SymdiffError, match="contradictory"):
                make()


def test_contradictions_named_in_the_issue():
    for kw in ({"positive": True, "negative": True}, {"positive": True, "nonpositive": True},
               {"negative": True, "nonnegative": True}):
        with pytest.raises(SymdiffError):
            symbols("q", **kw)
    symbols("q", positive=True, negative=False)            # False is no assumption
    x, = symbols("x", nonnegative=True, nonpositive=True)  # x = 0: consistent


def test_cli_contradictory_assumption_is_an_error(capsys):
    from symdiff.cli.main import main
    assert main(["diff", "sqrt(x**2)", "x", "--assume", "x=positive+negative"]) != 0
    assert "contradictory" in capsys.readouterr().err
