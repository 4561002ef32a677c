"""Special functions at construction: exact values and canonical forms as
sympy's (sympy is the oracle: its constructor's result, converted back, must
be the very node ours builds), float folding, assumptions, bad input."""
from __future__ import annotations

import math

import pytest
import sympy
from sympy.codegen.cfunctions import expm1 as sym_expm1, log1p as sym_log1p

from symdiff import ParseError, SymdiffError, from_sympy, parse
from symdiff.core.assumptions import holds

_LOCALS = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z),
           "hyp2f2": lambda a, b, c, d, z: sympy.hyper([a, b], [c, d], z),
           "log1p": sym_log1p, "expm1": sym_expm1}


def sympy_text(text: str):
    names = {n: sympy.Symbol(n) for n in ("x", "y", "a", "b", "c", "d", "m", "n", "s", "phi")}
    return sympy.sympify(text, locals={**names, **_LOCALS})


# input => what sympy's constructor gives (checked against sympy itself below)
EXACT = """
erf(0) => 0
erf(-x) => -erf(x)
erf(-2*x) => -erf(2*x)
erf(-x - y) => -erf(x + y)
erfc(0) => 1
erfc(-x) => 2 - erfc(x)
erfi(-x) => -erfi(x)
erfinv(0) => 0
gamma(1) => 1
gamma(5) => 24
gamma(1/2) => sqrt(pi)
gamma(3/2) => sqrt(pi)/2
gamma(-1/2) => -2*sqrt(pi)
gamma(7/2) => 15*sqrt(pi)/8
loggamma(1) => 0
loggamma(2) => 0
loggamma(3) => log(2)
digamma(x) => polygamma(0, x)
digamma(1) => -EulerGamma
polygamma(0, 1) => -EulerGamma
polygamma(1, 1) => pi**2/6
polygamma(2, 1) => -2*zeta(3)
polygamma(3, 1) => pi**4/15
polygamma(4, 1) => -24*zeta(5)
polygamma(5, 1) => 8*pi**6/63
polygamma(0, 2) => 1 - EulerGamma
polygamma(0, 4) => 11/6 - EulerGamma
polygamma(1, 3) => -5/4 + pi**2/6
polygamma(2, 2) => 2 - 2*zeta(3)
polygamma(0, 1/2) => -2*log(2) - EulerGamma
polygamma(1, 1/2) => pi**2/2
polygamma(2, 1/2) => -14*zeta(3)
polygamma(x, 1) => polygamma(x, 1)
hyp2f2(b, a, d, c, x) => hyp2f2(a, b, c, d, x)
factorial(0) => 1
factorial(5) => 120
binomial(5, 2) => 10
binomial(x, 0) => 1
binomial(x, 1) => x
binomial(1/2, 2) => -1/8
binomial(-3, 2) => 6
beta(2, 3) => 1/12
uppergamma(1, x) => exp(-x)
uppergamma(1/2, x) => sqrt(pi)*erfc(sqrt(x))
uppergamma(0, x) => expint(1, x)
lowergamma(1, x) => 1 - exp(-x)
lowergamma(1/2, x) => sqrt(pi)*erf(sqrt(x))
besselj(0, 0) => 1
besselj(1, 0) => 0
besselj(-1, x) => -besselj(1, x)
besselj(1, -x) => -besselj(1, x)
besselj(0, -x) => besselj(0, x)
besseli(0, 0) => 1
besseli(1, -x) => -besseli(1, x)
bessely(-2, x) => bessely(2, x)
bessely(-3, x) => -bessely(3, x)
bessely(2, -x) => bessely(2, -x)
besselk(-2, x) => besselk(2, x)
besselk(-3, x) => besselk(3, x)
besselk(-1/2, x) => besselk(-1/2, x)
airyai(0) => 3**(1/3)/(3*gamma(2/3))
airybi(0) => 3**(5/6)/(3*gamma(2/3))
airyaiprime(0) => -3**(2/3)/(3*gamma(1/3))
airybiprime(0) => 3**(1/6)/gamma(1/3)
Si(0) => 0
Si(-x) => -Si(x)
Shi(-x) => -Shi(x)
li(0) => 0
fresnels(-x) => -fresnels(x)
fresnelc(-x) => -fresnelc(x)
LambertW(0) => 0
LambertW(E) => 1
LambertW(-exp(-1)) => -1
LambertW(x, 0) => LambertW(x)
zeta(0) => -1/2
zeta(2) => pi**2/6
zeta(4) => pi**4/90
zeta(-1) => -1/12
zeta(x, 1) => zeta(x)
polylog(0, x) => x/(1 - x)
polylog(-1, x) => x/(1 - x)**2
polylog(x, 0) => 0
polylog(3, 1) => zeta(3)
elliptic_k(0) => pi/2
elliptic_e(0) => pi/2
elliptic_e(1) => 1
elliptic_e(0, m) => 0
elliptic_e(phi, 0) => phi
elliptic_e(pi/2, m) => elliptic_e(m)
elliptic_e(-phi, m) => -elliptic_e(phi, m)
elliptic_f(pi/2, m) => elliptic_k(m)
elliptic_f(-phi, m) => -elliptic_f(phi, m)
elliptic_pi(0, m) => elliptic_k(m)
elliptic_pi(n, 0) => pi/(2*sqrt(1 - n))
elliptic_pi(m, m) => elliptic_e(m)/(1 - m)
elliptic_pi(n, pi/2, m) => elliptic_pi(n, m)
elliptic_pi(0, phi, m) => elliptic_f(phi, m)
log1p(0) => 0
log1p(1) => log(2)
expm1(0) => 0
expm1(1) => E - 1
"""
CASES = [tuple(p.strip() for p in ln.split("=>")) for ln in EXACT.strip().splitlines()]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_construction_as_sympy(text, expected):
    assert parse(text) is parse(expected)
    assert from_sympy(sympy_text(text)) is parse(expected)


def test_exact_values_stay_within_limits():
    assert parse("gamma(100000)").name == "gamma"       # not folded (size limit)
    assert parse("zeta(3)").name == "zeta"               # no closed form


FLOATS = [("erf(0.5)", math.erf(0.5)), ("erfc(0.5)", math.erfc(0.5)),
          ("gamma(2.5)", math.gamma(2.5)), ("loggamma(2.5)", math.lgamma(2.5)),
          ("factorial(2.5)", math.gamma(3.5)), ("log1p(0.25)", math.log1p(0.25)),
          ("expm1(0.25)", math.expm1(0.25))]


@pytest.mark.parametrize("text, value", FLOATS)
def test_float_arguments_fold(text, value):
    e = parse(text)
    assert e.is_number and e.value == value


def test_float_folding_needs_no_scipy():
    from exprgen import run_python
    run_python("import sys, symdiff; symdiff.parse('erf(0.5) + gamma(x)').diff('x');"
               "symdiff.parse('besselj(n, x)').diff('x');"
               "assert 'scipy' not in sys.modules, 'scipy imported'")


def test_appellf1_pairs_ordered_like_its_symmetry():
    assert parse("appellf1(a, b2, b1, c, y, x)") is parse("appellf1(a, b1, b2, c, x, y)")


FACTS = [("gamma(x)", "positive", {"x": "positive"}, True),
         ("gamma(x)", "positive", {}, False),
         ("erf(x)", "real", {"x": "real"}, True),
         ("erf(x)", "positive", {"x": "positive"}, True),
         ("erf(x)", "real", {}, False),
         ("erfc(x)", "positive", {"x": "real"}, True),
         ("loggamma(x)", "real", {"x": "positive"}, True),
         ("factorial(n)", "positive", {"n": "nonnegative"}, True),
         ("besselj(n, x)", "real", {"n": "integer", "x": "real"}, True),
         ("besselk(1, x)", "positive", {"x": "positive"}, True)]


@pytest.mark.parametrize("text, fact, assume, expected", FACTS)
def test_assumption_facts(text, fact, assume, expected):
    assert holds(fact, parse(text, assume=assume) if assume else parse(text)) is expected
    if expected:   # sympy never contradicts (it may not know: None)
        syms = {k: sympy.Symbol(k, **{v: True}) for k, v in assume.items()}
        s = sympy.sympify(text, locals=syms)
        assert getattr(s, f"is_{fact}") is not False


ARITY = ["besselj(x)", "Heaviside(x, y, z)", "atan2(x)", "gamma(x, y)", "hyp2f1(a, b, z)", "elliptic_pi(n)", "zeta(a, b, c)",
         "appellf1(a, b, c, d, x)"]


@pytest.mark.parametrize("text", ARITY)
def test_wrong_arity_is_a_parse_error_with_caret(text):
    with pytest.raises(ParseError) as info:
        parse(text)
    err = info.value
    assert "takes" in str(err) and "argument" in str(err)
    assert "^" in str(err) and err.column == 1
    assert f"hint: call it as {text.split('(')[0]}(" in str(err)


def test_wrong_arity_from_python_is_a_symdiff_error():
    from symdiff.core.nodes import Fn, Sym
    with pytest.raises(SymdiffError, match="besselj"):
        Fn("besselj", Sym("x"))


def test_function_name_as_symbol_says_call_it():
    with pytest.raises(ParseError, match="is a function"):
        parse("gamma + 1")
