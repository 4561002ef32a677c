"""Exact GCDs of dict polynomials (symdiff.polys): every fast path agrees
with the subresultant PRS, the coprimality proof is sound, the work budget
is never left behind. Inputs are built from expressions with ``to_poly``."""
from hypothesis import assume, given

import exprgen
from symdiff import parse, polys
from symdiff.core.nodes import Mul, Sym
from symdiff.rewrite.rational import expand, to_poly

X, Y, Z = Sym("x"), Sym("y"), Sym("z")


nonzero = exprgen.nonzero_polynomials


@given(nonzero, nonzero, nonzero)
def test_heuristic_gcd_agrees_with_subresultant_prs(p, q, r):
    ks = (X, Y, Z)
    a, b = (to_poly(expand(Mul(p, r)), ks).terms, to_poly(expand(Mul(q, r)), ks).terms)
    assume(len(a) > 1 and len(b) > 1)
    a, b = polys.primitive(a)[1], polys.primitive(b)[1]
    heu = polys.heugcd(a, b)
    prs = polys.gcd_rec(a, b)
    assert heu is not None and polys.primitive(heu)[1] == prs
    assert polys.divide(prs, polys.primitive(to_poly(r, ks).terms)[1], exact=True) \
        is not None or len(to_poly(r, ks).terms) == 1


@given(nonzero, nonzero, nonzero)
def test_coprime_proof_is_sound(p, q, r):
    """``coprime`` (images mod a prime) claims coprimality only where the
    exact GCD is a constant, and never for polynomials sharing a factor."""
    ks = (X, Y, Z)
    a, b = to_poly(p, ks).terms, to_poly(q, ks).terms
    assume(len(a) > 1 and len(b) > 1)
    a, b = polys.primitive(a)[1], polys.primitive(b)[1]
    if polys.coprime(a, b):
        assert polys.is_const(polys.gcd_rec(a, b))
    f = polys.primitive(to_poly(r, ks).terms)[1]
    if not polys.is_const(f):
        assert not polys.coprime(polys.mul(a, f), polys.mul(b, f))


@given(nonzero, nonzero, nonzero)
def test_gcd_paths_agree_with_subresultant_prs(p, q, r):
    """Whichever path ``divided`` takes (one divides the other, coprime,
    heuristic GCD), its GCD is the subresultant one and the cofactors
    multiply back to the inputs."""
    ks = (X, Y, Z)
    a = polys.primitive(to_poly(expand(Mul(p, r)), ks).terms)[1]
    b = polys.primitive(to_poly(expand(Mul(q, r)), ks).terms)[1]
    assume(len(a) > 1 and len(b) > 1)
    for u, v in ((a, b), (b, a), (a, a), (a, polys.primitive(to_poly(r, ks).terms)[1])):
        if len(v) < 2:
            continue
        m = (0, 0, 0)
        cu, cv, h = polys.divided(u, v, m, 3)
        assert polys.primitive(h)[1] == polys.gcd_rec(u, v)
        assert polys.mul(cu, h) == u and polys.mul(cv, h) == v
    assert getattr(polys.BUDGET, "left", None) is None     # no work budget left behind


def test_coprime_proof_decides_common_cases():
    """The quick proof settles coprime pairs sharing variables (then no
    heuristic GCD runs), and leaves a shared factor to the exact GCD."""
    ks = (Sym("a"), Sym("b"), Sym("c"), Sym("k"), X)
    P = lambda t: polys.primitive(to_poly(parse(t), ks).terms)[1]
    assert polys.coprime(P("a*x + b"), P("k + c*x"))
    assert polys.coprime(P("x**2 + 1"), P("x - 1"))
    assert not polys.coprime(P("x**2 - 1"), P("x - 1"))
    assert not polys.coprime(P("a*(x + 1)"), P("a*(x + 2)"))   # the common factor a
