"""The polynomial engine against sympy (an independent oracle) with and
without python-flint: GCDs and cofactors equal sympy's ``gcd``/``cancel``,
factorizations sympy's ``factor_list``; the GCD family the pure-Python
engine gave up on is exact; a GCD that gives up is always reported.
No timing assertions (timings are in ``benchmarks/wl_polys.py``)."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symdiff
from symdiff import polys
from symdiff.errors import LimitError, SymdiffError
from symdiff.polys import flint_backend
from symdiff.printers.sympy_bridge import to_sympy
from symdiff.rewrite import rational
from symdiff.rewrite.rational import Poly, to_poly
from symdiff.rewrite.strategy import clear_caches

ENGINES = [pytest.param(True, id="flint", marks=pytest.mark.skipif(
               not flint_backend.AVAILABLE, reason="python-flint not installed")),
           pytest.param(False, id="pure")]


@pytest.fixture(params=ENGINES)
def engine(request):
    with polys.use_flint(request.param):
        yield request.param


def _polys(nv: int, max_terms: int = 5, deg: int = 3):
    return st.dictionaries(st.tuples(*[st.integers(0, deg)] * nv),
                           st.integers(-9, 9).filter(bool), min_size=1, max_size=max_terms)


triples = st.integers(2, 5).flatmap(lambda n: st.tuples(_polys(n), _polys(n), _polys(n)))


def _sym(p: dict, xs):
    return sympy.Poly.from_dict({e: sympy.Rational(c.numerator, c.denominator)
                                 if type(c) is Fraction else c for e, c in p.items()},
                                *xs, domain="QQ")


def _prim(p: dict) -> dict:
    """Primitive integer, positive leading coefficient (lex): the unit normal form."""
    return polys.primitive(p)[1]


def _from_sym(P: sympy.Poly) -> dict:
    return {e: polys.norm(Fraction(int(c.p), int(c.q))) for e, c in P.as_dict().items()}


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(triples)
def test_cofactors_agree_with_sympy(engine, abc):
    a, b, c = abc
    p, q = polys.mul(a, b), polys.mul(a, c)
    assume(p and q)
    xs = sympy.symbols(f"x0:{len(next(iter(a)))}")
    r = polys.cofactors(p, q)
    g, u, v = r
    assert r.gave_up is None
    P, Q = _sym(p, xs), _sym(q, xs)
    assert _prim(g) == _prim(_from_sym(P.gcd(Q)))
    assert g == _prim(g)                                   # primitive, unit normal
    assert polys.mul(g, u) == p and polys.mul(g, v) == q     # exact cofactors
    # sympy's cancel: p/q = (cp/cq) * U/V with U, V coprime
    cp_cq, U, V = P.cancel(Q)
    assert _prim(u) == _prim(_from_sym(U)) and _prim(v) == _prim(_from_sym(V))


@SETTINGS
@given(triples)
def test_cofactors_with_rational_coefficients(engine, abc):
    a, b, c = abc
    a = polys.scale(a, Fraction(1, 3))
    p, q = polys.mul(a, b), polys.scale(polys.mul(a, c), Fraction(5, 7))
    assume(p and q)
    g, u, v = polys.cofactors(p, q)
    assert polys.mul(g, u) == p and polys.mul(g, v) == q
    xs = sympy.symbols(f"x0:{len(next(iter(a)))}")
    assert _prim(g) == _prim(_from_sym(_sym(p, xs).gcd(_sym(q, xs))))


@SETTINGS
@given(triples)
def test_lowest_terms_agree_with_sympy(engine, abc):
    """p/q in lowest terms: the denominator primitive with a positive
    leading coefficient, the fraction equal to sympy's cancel of p/q."""
    a, b, c = abc
    a = polys.scale(a, Fraction(1, 3))
    p, q = polys.mul(a, b), polys.scale(polys.mul(a, c), Fraction(-5, 7))
    assume(p and q)
    r = polys.lowest_terms(p, q)
    g, u, v = r
    assert r.gave_up is None
    assert v == _prim(v)                                   # primitive, unit normal
    xs = sympy.symbols(f"x0:{len(next(iter(a)))}")
    P, Q = _sym(p, xs), _sym(q, xs)
    assert _prim(g) == _prim(_from_sym(P.gcd(Q)))
    U, V = _sym(u, xs), _sym(v, xs)
    assert sympy.expand(U.as_expr() * Q.as_expr() - V.as_expr() * P.as_expr()) == 0
    assert U.gcd(V).is_ground                               # coprime


pairs = st.integers(1, 4).flatmap(lambda n: st.tuples(_polys(n, 4), _polys(n, 4)))


@SETTINGS
@given(pairs)
def test_a_divisor_found_before_flint_is_flints_gcd(engine, ab):
    """One polynomial dividing the other (tried before FLINT on small
    pairs): the GCD and cofactors FLINT gives, and sympy's GCD."""
    a, b = ab
    p, q = _prim(a), _prim(polys.mul(a, b))
    assume(len(p) > 1 and len(q) > 1 and len(p) + len(q) <= polys.gcd.DIVIDE_FIRST)
    g, u, v = polys.cofactors(p, q)
    xs = sympy.symbols(f"x0:{len(next(iter(a)))}")
    assert _prim(g) == _prim(_from_sym(_sym(p, xs).gcd(_sym(q, xs))))
    assert polys.mul(g, u) == p and polys.mul(g, v) == q
    if engine and not any(polys.mono_gcd(p, q)):
        assert (g, u, v) == flint_backend.cofactors(p, q)


def _unit_normal_factors(c, fs):
    """(c, sorted [(f, k)]) with every f primitive with positive leading coefficient."""
    out = []
    for f, k in fs:
        cf, pf = polys.primitive(f)
        c = c * Fraction(cf) ** k
        out.append((sorted(pf.items()), k))
    return polys.norm(Fraction(c)), sorted(out)


@pytest.mark.skipif(not flint_backend.AVAILABLE, reason="python-flint not installed")
@settings(max_examples=60, deadline=None)
@given(triples)
def test_factor_agrees_with_sympy_factor_list(abc):
    a, b, c = abc
    p = polys.scale(polys.mul(polys.mul(a, b), polys.mul(a, c)), Fraction(3, 2))
    assume(p)
    xs = sympy.symbols(f"x0:{len(next(iter(a)))}")
    P = _sym(p, xs)
    sc, sfs = P.factor_list()
    sc = Fraction(int(sympy.Rational(sc).p), int(sympy.Rational(sc).q))
    want = _unit_normal_factors(sc, [(_from_sym(f), k) for f, k in sfs])
    c, fs = polys.factor(p)
    assert _unit_normal_factors(c, fs) == want
    for f, _ in fs:
        assert f == _prim(f)
    back = {tuple(0 for _ in xs): c}
    for f, k in fs:
        back = polys.mul(back, polys.power(f, k))
    assert back == p
    # square-free: the product is p, the factors pairwise coprime and square-free
    c2, sq = polys.factor_squarefree(p)
    back = {tuple(0 for _ in xs): c2}
    for f, k in sq:
        back = polys.mul(back, polys.power(f, k))
        assert all(j == 1 for _, j in _sym(f, xs).sqf_list()[1])
    assert back == p
    for i, (f, _) in enumerate(sq):
        for g, _ in sq[:i]:
            assert _sym(f, xs).gcd(_sym(g, xs)).is_ground


def test_factor_edge_cases():
    with pytest.raises(SymdiffError):
        polys.factor({})
    assert polys.factor({(0, 0): Fraction(3, 4)}) == (Fraction(3, 4), [])
    assert polys.factor({(): 5}) == (5, [])


def test_factor_needs_flint(monkeypatch):
    monkeypatch.setattr(flint_backend, "AVAILABLE", False)
    with pytest.raises(SymdiffError):
        polys.factor({(2,): 1, (0,): -1})
    with pytest.raises(SymdiffError):
        with polys.use_flint(True):
            pass
    assert not polys.flint_enabled()


def test_unavailable_flint_means_the_pure_engine(monkeypatch):
    monkeypatch.setattr(flint_backend, "AVAILABLE", False)
    assert polys.cofactors({(2,): 1, (0,): -1}, {(1,): 1, (0,): 1})[0] == {(1,): 1, (0,): 1}


# --- the family of the issue: expand(a*b)/expand(a*c), 30-term a, b, c ------

def _family(nv: int, seed: int):
    from benchmarks.wl_polys import family, quotient
    num, den, names = family(nv, seed)
    return num, den, quotient(num, den, names)


@pytest.mark.skipif(not flint_backend.AVAILABLE, reason="python-flint not installed")
@pytest.mark.parametrize("nv,seed", [(2, 0), (3, 1), (4, 0), (5, 2)])
def test_family_cancels_exactly(nv, seed):
    """cancel's result is the quotient with sympy's GCD of the dicts removed
    (sympy on the dicts: its cancel of the expression takes seconds)."""
    num, den, (e, ks) = _family(nv, seed)
    xs = sympy.symbols(f"x0:{nv}")
    k, U, V = _sym(num, xs).cancel(_sym(den, xs))          # num/den = k*U/V
    r = symdiff.cancel(e)
    n, d = sympy.fraction(sympy.together(to_sympy(r)))
    n, d = sympy.Poly(n, *xs), sympy.Poly(d, *xs)
    assert n.degree_list() == U.degree_list() and d.degree_list() == V.degree_list()
    assert (n * V - (U * d).mul_ground(k)).is_zero
    assert symdiff.count_ops(r) < symdiff.count_ops(e) // 10


# --- giving up is never silent ------------------------------------------------



def test_pure_budget_running_out_is_reported(monkeypatch):
    monkeypatch.setattr(polys.gcd, "GCD_BUDGET", 1)
    x, y = symdiff.symbols("x y")
    e = symdiff.parse("(x**2 - y**2)/(x**2 + 2*x*y + y**2)")
    p = to_poly(symdiff.parse("x**2 - y**2"), (x, y)).terms
    q = to_poly(symdiff.parse("x**2 + 2*x*y + y**2"), (x, y)).terms
    with polys.use_flint(False):
        r = polys.cofactors(p, q)
        assert r.gave_up and "budget" in r.gave_up
        g, u, v = r                                     # still a true common divisor
        assert polys.mul(g, u) == p and polys.mul(g, v) == q
        with pytest.raises(LimitError):
            rational.poly_gcd(Poly(p, (x, y)), Poly(q, (x, y)))
        notes: list = []
        rational.cancel(e, notes)
        assert notes and "budget" in notes[0]
        clear_caches()
        _, steps = symdiff.simplify(e, trace=True)
        assert any(name.startswith("cancel: gcd budget exhausted") for name, _, _ in steps)
    if flint_backend.AVAILABLE:                          # FLINT has no budget: exact
        notes = []
        assert str(rational.cancel(e, notes)) == "(x - y)/(x + y)" and notes == []


def test_degree_limit_is_reported_with_either_engine(engine):
    big = polys.MAX_GCD_DEGREE + 2
    p = {(big,): 1, (0,): -1}
    q = {(big // 2,): 1, (0,): -1}
    r = polys.cofactors(p, q)
    assert r.gave_up and "degree" in r.gave_up
    notes: list = []
    rational.cancel(symdiff.parse(f"(x**{big} - 1)/(x**{big // 2} - 1)"), notes)
    assert notes and "degree" in notes[0]


def test_no_notes_when_exact(engine):
    notes: list = []
    assert str(rational.cancel(symdiff.parse("(x**2 - y**2)/(x**2 + 2*x*y + y**2)"), notes)) \
        == "(x - y)/(x + y)"
    assert notes == []
