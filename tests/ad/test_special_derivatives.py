"""Every special-function derivative, one line per (function, argument).

Each line is ``call ; variable ; point``. The derivative is checked against
sympy's (both evaluated with mpmath at 30 digits) and against finite
differences (``symdiff.gradcheck``, compiled through SciPy). Lines marked
``NONE`` are arguments without a closed-form partial (Bessel functions in
their order, ``polylog`` in ``s``, ``hyp2f1`` and ``hyp2f2`` in their parameters): their
derivative is an unevaluated ``Derivative`` node, as sympy's.
"""
from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from sympy.codegen.cfunctions import expm1 as sym_expm1, log1p as sym_log1p

import symdiff
from symdiff import diff, parse, to_sympy

TABLE = """
erf(x)                          ; x  ; x=0.7
erfc(x)                         ; x  ; x=0.7
erfi(x)                         ; x  ; x=0.7
erfinv(x)                       ; x  ; x=0.3
gamma(x)                        ; x  ; x=2.3
loggamma(x)                     ; x  ; x=2.3
polygamma(n, x)                 ; x  ; n=1 x=1.7
polygamma(n, x)                 ; n  ; NONE
beta(a, b)                      ; a  ; a=1.3 b=2.2
beta(a, b)                      ; b  ; a=1.3 b=2.2
factorial(x)                    ; x  ; x=2.6
binomial(n, k)                  ; n  ; n=5.5 k=2.2
binomial(n, k)                  ; k  ; n=5.5 k=2.2
uppergamma(a, x)                ; x  ; a=1.7 x=0.9
uppergamma(a, x)                ; a  ; a=1.7 x=0.9
uppergamma(a, x)                ; a  ; a=1/2 x=3
uppergamma(a, x)                ; a  ; a=7/2 x=1/4
lowergamma(a, x)                ; x  ; a=1.7 x=0.9
lowergamma(a, x)                ; a  ; a=1.7 x=0.9
lowergamma(a, x)                ; a  ; a=1/2 x=3
lowergamma(a, x)                ; a  ; a=7/2 x=1/4
besselj(nu, x)                  ; x  ; nu=0.6 x=1.9
besselj(nu, x)                  ; nu ; NONE
bessely(nu, x)                  ; x  ; nu=0.6 x=1.9
bessely(nu, x)                  ; nu ; NONE
besseli(nu, x)                  ; x  ; nu=0.6 x=1.9
besseli(nu, x)                  ; nu ; NONE
besselk(nu, x)                  ; x  ; nu=0.6 x=1.9
besselk(nu, x)                  ; nu ; NONE
airyai(x)                       ; x  ; x=0.8
airybi(x)                       ; x  ; x=0.8
airyaiprime(x)                  ; x  ; x=0.8
airybiprime(x)                  ; x  ; x=0.8
Ei(x)                           ; x  ; x=0.8
Si(x)                           ; x  ; x=0.8
Ci(x)                           ; x  ; x=0.8
Shi(x)                          ; x  ; x=0.8
Chi(x)                          ; x  ; x=0.8
li(x)                           ; x  ; x=2.5
expint(n, x)                    ; x  ; n=2 x=0.8
expint(n, x)                    ; n  ; NONE
fresnels(x)                     ; x  ; x=0.8
fresnelc(x)                     ; x  ; x=0.8
LambertW(x)                     ; x  ; x=0.8
LambertW(x, k)                  ; x  ; x=-0.2 k=-1
LambertW(x, k)                  ; k  ; NONE
polylog(s, z)                   ; z  ; s=2 z=0.4
polylog(s, z)                   ; s  ; NONE
zeta(s)                         ; s  ; NONE
zeta(s, a)                      ; a  ; s=2.5 a=1.5
zeta(s, a)                      ; s  ; NONE
elliptic_k(m)                   ; m  ; m=0.4
elliptic_e(m)                   ; m  ; m=0.4
elliptic_e(phi, m)              ; phi; phi=0.7 m=0.4
elliptic_e(phi, m)              ; m  ; phi=0.7 m=0.4
elliptic_f(phi, m)              ; phi; phi=0.7 m=0.4
elliptic_f(phi, m)              ; m  ; phi=0.7 m=0.4
elliptic_pi(n, m)               ; n  ; n=0.3 m=0.4
elliptic_pi(n, m)               ; m  ; n=0.3 m=0.4
elliptic_pi(n, phi, m)          ; n  ; n=0.3 phi=0.7 m=0.4
elliptic_pi(n, phi, m)          ; phi; n=0.3 phi=0.7 m=0.4
elliptic_pi(n, phi, m)          ; m  ; n=0.3 phi=0.7 m=0.4
hyp2f1(a, b, c, z)              ; z  ; a=0.5 b=1.5 c=2.5 z=0.3
hyp2f1(a, b, c, z)              ; a  ; NONE
hyp2f1(a, b, c, z)              ; b  ; NONE
hyp2f1(a, b, c, z)              ; c  ; NONE
hyp2f2(a, b, c, d, z)           ; z  ; a=0.5 b=1.5 c=2.5 d=0.7 z=-1.3
hyp2f2(a, b, c, d, z)           ; a  ; NONE
hyp2f2(a, b, c, d, z)           ; b  ; NONE
hyp2f2(a, b, c, d, z)           ; c  ; NONE
hyp2f2(a, b, c, d, z)           ; d  ; NONE
meijerg(((), (1, 1)), ((0, 0, a), ()), x) ; x ; a=1.7 x=0.9
meijerg(((), (1, 1)), ((0, 0, a), ()), x) ; a ; NONE
appellf1(a, b1, b2, c, x, y)    ; x  ; a=0.5 b1=1.5 b2=0.7 c=2.5 x=0.3 y=0.2
appellf1(a, b1, b2, c, x, y)    ; y  ; a=0.5 b1=1.5 b2=0.7 c=2.5 x=0.3 y=0.2
appellf1(a, b1, b2, c, x, y)    ; a  ; NONE
appellf1(a, b1, b2, c, x, y)    ; b1 ; NONE
appellf1(a, b1, b2, c, x, y)    ; b2 ; NONE
appellf1(a, b1, b2, c, x, y)    ; c  ; NONE
log1p(x)                        ; x  ; x=0.7
expm1(x)                        ; x  ; x=0.7
"""


def _lines():
    out = []
    for line in TABLE.strip().splitlines():
        call, var, point = (p.strip() for p in line.split(";"))
        out.append((call, var, point))
    return out


LINES = _lines()
CLOSED = [ln for ln in LINES if ln[2] != "NONE"]
OPEN = [ln for ln in LINES if ln[2] == "NONE"]

_LOCALS = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z),
           "hyp2f2": lambda a, b, c, d, z: sympy.hyper([a, b], [c, d], z),
           "log1p": sym_log1p, "expm1": sym_expm1}


def sympy_text(text: str):
    """sympy's own reading of a call (hyp2f1 as ``hyper``, cfunctions)."""
    names = {n: sympy.Symbol(n) for n in ("x", "y", "z", "a", "b", "c", "d", "k", "m", "n", "s",
                                           "nu", "phi", "b1", "b2")}
    return sympy.sympify(text, locals={**names, **_LOCALS})


def _point(text: str) -> dict:
    return {k: v for k, v in (kv.split("=") for kv in text.split())}


def _value30(sexpr, point: dict):
    subs = {sympy.Symbol(k): sympy.Rational(v) for k, v in point.items()}
    return complex(sexpr.evalf(30, subs=subs))


@pytest.mark.parametrize("call, var, point", CLOSED, ids=[f"{c}/{v}" for c, v, _ in CLOSED])
def test_derivative_matches_sympy_at_30_digits(call, var, point):
    pt = _point(point)
    ours = diff(call, var)
    ref = _value30(sympy_text(call).diff(sympy.Symbol(var)), pt)
    got = _value30(to_sympy(ours), pt)
    assert abs(got - ref) <= 1e-20 * max(1, abs(ref)), (str(ours), got, ref)


@pytest.mark.parametrize("call, var, point", CLOSED, ids=[f"{c}/{v}" for c, v, _ in CLOSED])
def test_derivative_matches_finite_differences(call, var, point):
    pytest.importorskip("scipy")
    pt = _point(point)
    f = parse(call).subs({k: parse(v) for k, v in pt.items() if k != var})
    res = symdiff.gradcheck(f, var, [(float(Fraction(pt[var])),)], rtol=1e-6)
    assert res.ok, res


@pytest.mark.parametrize("call, var, _", OPEN, ids=[f"{c}/{v}" for c, v, _ in OPEN])
def test_partial_without_closed_form(call, var, _):
    """An unevaluated derivative node, printed and converted as sympy's
    ``Derivative(call, var)``."""
    d = diff(call, var)
    assert str(d) == f"Derivative({parse(call)}, {var})"
    assert to_sympy(d) == sympy.Derivative(sympy_text(call), sympy.Symbol(var))


def test_table_covers_every_argument_of_every_special_row():
    from symdiff.core.special_functions import ROWS
    covered = {}
    for call, var, _ in LINES:
        e = parse(call)
        covered.setdefault((e.value, len(e.args)), set()).add(
            [str(a) for a in e.args].index(var))
    for row in ROWS:
        if row["name"] == "digamma":          # built as polygamma(0, x)
            continue
        for n in row.get("nargs", (1,)):
            assert covered.get((row["name"], n)) == set(range(n)), (row["name"], n)
