"""The answers that polys.gcd and polys.factor give without FLINT (equal
pairs, two linear polynomials, a linear polynomial to factor) are the ones
sympy computes; ``simplify`` still cancels the smallest fractions that have
something to cancel (its CANCEL_MIN gate)."""
import random

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symdiff
from symdiff import polys
from symdiff.polys import flint_backend

X = sympy.symbols("x0:3")


def _sympy(p: dict):
    return sum(c * sympy.Mul(*[x**k for x, k in zip(X, e)]) for e, c in p.items())


coeff = st.integers(-9, 9).filter(bool)
linear = st.lists(st.tuples(st.integers(0, 3), coeff), min_size=2, max_size=4).map(
    lambda terms: {(1, 0, 0) if i == 0 else (0, 1, 0) if i == 1 else (0, 0, 1) if i == 2
                   else (0, 0, 0): c for i, c in terms})


def _check_cofactors(p: dict, q: dict) -> None:
    g, a, b = polys.cofactors(p, q)
    sp, sq = _sympy(p), _sympy(q)
    assert sympy.expand(_sympy(g) * _sympy(a) - sp) == 0
    assert sympy.expand(_sympy(g) * _sympy(b) - sq) == 0
    assert sympy.degree_list(sympy.gcd(sp, sq), *X) == sympy.degree_list(_sympy(g), *X)


@settings(max_examples=60, deadline=None)
@given(linear, linear, st.integers(1, 4))
def test_equal_and_linear_pairs_agree_with_sympy(p, q, k):
    p = {e: c for e, c in p.items() if c}
    q = {e: c for e, c in q.items() if c}
    if len(p) < 2 or len(q) < 2:
        return
    _check_cofactors(p, q)                              # two linear polynomials
    _check_cofactors(p, {e: c * k for e, c in p.items()})   # equal up to content
    _check_cofactors(p, dict(p))


@pytest.mark.skipif(not flint_backend.AVAILABLE, reason="needs python-flint")
def test_linear_factor_is_flints_answer():
    rng = random.Random(3)
    for _ in range(200):
        p = {e: rng.choice([-6, -4, -3, -2, -1, 1, 2, 3, 4, 6])
             for e in rng.sample([(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 0)], rng.randint(2, 4))}
        c, fs = polys.factor(p)
        u, ffs = flint_backend.factor(polys.primitive(p)[1])
        assert (c, fs) == (polys.primitive(p)[0] * u, ffs)


degree_one = st.dictionaries(st.tuples(*[st.sampled_from([0, 1, 1, 2])] * 3), coeff,
                             min_size=2, max_size=6)


@settings(max_examples=200, deadline=None)
@given(degree_one)
def test_irreducible_without_factoring_agrees_with_sympy(p):
    """polys.ring.linear_irreducible (a variable of degree 1 whose
    coefficient or remainder is one term) only claims what sympy's
    factorization confirms; polys.factor then answers without FLINT."""
    c, pp = polys.primitive(p)
    if any(polys.mono_content(pp)) or not polys.ring.linear_irreducible(pp):
        return
    factors = sympy.factor_list(_sympy(pp), *X)[1]
    assert len(factors) == 1 and factors[0][1] == 1
    if flint_backend.AVAILABLE:
        c, fs = polys.factor(p)
        assert sympy.expand(c * _sympy(fs[0][0]) - _sympy(p)) == 0 and fs[0][1] == 1


@pytest.mark.parametrize("text, expected", [
    ("(x**2 - x)/x", "x - 1"),            # 3 printed operators: above CANCEL_MIN
    ("(x + x*y)/x", "y + 1"),
    ("x/(x**2 + x)", "1/(x + 1)"),
    ("(x**2 - 1)/(x - 1)", "x + 1"),
    ("(x - 1)/(1 - x)", "-1"),
])
def test_smallest_fractions_still_cancel(text, expected):
    got = symdiff.simplify(text)
    assert sympy.simplify(symdiff.to_sympy(got) - sympy.sympify(expected)) == 0
    assert str(got) == expected


sparse_mono = st.dictionaries(st.integers(0, 6), st.integers(1, 4), max_size=4).map(
    lambda d: tuple(sorted(d.items())))


@settings(max_examples=200, deadline=None)
@given(sparse_mono, sparse_mono)
def test_smadd_is_the_product_of_sparse_monomials(a, b):
    """The one-variable scan and the general merge give the product that
    sympy multiplies out (sorted pairs, exponents added)."""
    xs = sympy.symbols("y0:7")
    mono = lambda m: sympy.Mul(*[xs[i]**k for i, k in m])     # noqa: E731
    got = polys.smadd(a, b)
    assert list(got) == sorted(got) and all(k > 0 for _, k in got)
    assert mono(got) == mono(a) * mono(b)
