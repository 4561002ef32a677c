"""Printing special functions: str round-trips, LaTeX as sympy's, DOT,
and the sympy bridge both ways (hyper <-> hyp2f1 and hyp2f2, cfunctions'
log1p/expm1)."""
from __future__ import annotations

import pytest
import sympy
from sympy.codegen.cfunctions import expm1 as sym_expm1, log1p as sym_log1p

from symdiff import SymdiffError, from_sympy, latex, parse, to_sympy
from symdiff.printers.dot import dot

CALLS = """erf(x) erfc(x) erfi(x) erfinv(x) gamma(x) loggamma(x) polygamma(a, x) beta(a, b)
factorial(x) factorial(x + 1) factorial(x**2) binomial(a, b) uppergamma(a, x) lowergamma(a, x)
besselj(a, x) bessely(a, x) besseli(a, x) besselk(a, x) airyai(x) airybi(x) airyaiprime(x)
airybiprime(x) Ei(x) Si(x) Ci(x) Shi(x) Chi(x) li(x) expint(a, x) fresnels(x) fresnelc(x)
LambertW(x) LambertW(x, a) polylog(a, x) zeta(x) zeta(x, a) elliptic_k(x) elliptic_e(x)
elliptic_e(a, x) elliptic_f(a, x) elliptic_pi(a, x) elliptic_pi(a, b, x) hyp2f1(a, b, c, x)
hyp2f2(a, b, c, d, x) hyp2f2(a, a, a + 1, a + 1, -x) appellf1(a, b, c, d, x, y) log1p(x) expm1(x)
meijerg(((), (1, 1)), ((0, 0, a), ()), x) meijerg(((), (1, 1)), ((0, 0, a + 1), ()), x**2)"""
TEXTS = [t.replace("@", " ") for t in CALLS.replace(", ", ",@").replace(" + ", "@+@").split()]

_LOCALS = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z),
           "hyp2f2": lambda a, b, c, d, z: sympy.hyper([a, b], [c, d], z),
           "log1p": sym_log1p, "expm1": sym_expm1}


def sympy_text(text: str):
    names = {n: sympy.Symbol(n) for n in "abcdxy"}
    return sympy.sympify(text, locals={**names, **_LOCALS})


@pytest.mark.parametrize("text", TEXTS)
def test_str_round_trips(text):
    e = parse(text)
    assert parse(str(e)) is e
    for v in e.free:
        try:
            d = e.diff(v)
        except SymdiffError:            # a partial without closed form
            continue
        assert parse(str(d)) is d


@pytest.mark.parametrize("text", TEXTS)
def test_latex_is_sympys(text):
    assert latex(parse(text)) == sympy.latex(sympy_text(text))


@pytest.mark.parametrize("text", TEXTS)
def test_sympy_bridge_both_ways(text):
    e = parse(text)
    s = to_sympy(e)
    assert s == sympy_text(text)
    assert from_sympy(s) is e


def test_hyper_of_other_orders_is_refused():
    from symdiff import SymdiffError
    x = sympy.Symbol("x")
    with pytest.raises(SymdiffError, match="hyper"):
        from_sympy(sympy.hyper([1, 2, 3], [4, 5], x))


def test_sympys_digamma_and_unevaluated_forms_convert():
    x = sympy.Symbol("x")
    assert from_sympy(sympy.digamma(x)) is parse("polygamma(0, x)")
    assert from_sympy(sympy.erf(x) * sympy.gamma(x + 1)) is parse("erf(x)*gamma(x + 1)")


def test_dot_labels_arguments_in_order():
    src = dot([("f", parse("hyp2f1(a, b, c, z)"))])
    assert 'label="hyp2f1"' in src
    for i in range(1, 5):
        assert f'[label="{i}"]' in src


@pytest.mark.parametrize("text, wrt", [("hyp2f1(a, b, c, x)", ["a"]), ("polylog(a, x)", ["a"]),
                                       ("besselj(a, x**2)", ["a"]), ("hyp2f1(a, b, c, x)", ["a", "x"]),
                                       ("besselj(a, x**2)", ["a", "x"])])
def test_derivative_nodes_of_renamed_functions_cross_the_bridge(text, wrt):
    """Derivative(hyp2f1(...), a) is sympy's Derivative(hyper(...), a), and
    back (mixed partials: sympy writes them with Subs, which it cannot
    evaluate, so those only go round)."""
    from symdiff import diff
    d = diff(text, *wrt)
    s = to_sympy(d)
    if len(wrt) == 1:
        assert s == sympy.diff(sympy_text(text), sympy.Symbol(wrt[0]))
    assert from_sympy(s) is d


@pytest.mark.parametrize("text, out", [
    ("hyp2f2(a, b, c, d, x)", "hyper((a, b), (c, d), x)"),
    ("hyp2f2(b, a, d, c, x)", "hyper((a, b), (c, d), x)"),         # sorted, as sympy's
    ("hyp2f2(2, 1, x + 1, 3, -x)", "hyper((1, 2), (3, x + 1), -x)"),
    ("hyper((a, a), (a + 1, a + 1), -x)", "hyper((a, a), (a + 1, a + 1), -x)"),
])
def test_hyp2f2_prints_as_sympys_hyper(text, out):
    e = parse(text)
    assert str(e) == out == str(to_sympy(e))
    assert parse(out) is e


@pytest.mark.parametrize("text", ["hyper((a, b), (c), x)", "hyper((a, b, c), (d, e), x)",
                                  "hyper(a, b, x)", "hyper((a, b), (c, d))",
                                  "hyper((a, b), (c, d), (x, y))", "hyper(((a, b), c), (d, e), x)"])
def test_hyper_of_other_shapes_is_a_parse_error(text):
    from symdiff import ParseError
    with pytest.raises(ParseError, match="hyp2f"):
        parse(text)


@pytest.mark.parametrize("a", ["a", "3", "-1/2", "0.5", "pi", "a + 1", "_xi_1"])
def test_meijerg_prints_as_sympys(a):
    """The parameter a sits where sympy sorts it among (0, 0, a)."""
    e = parse(f"meijerg(((), (1, 1)), ((0, 0, {a}), ()), x)")
    assert str(e) == str(to_sympy(e))
    assert parse(str(e)) is e and from_sympy(to_sympy(e)) is e


@pytest.mark.parametrize("text", ["meijerg(((), (1, 1)), ((0, 1, a), ()), x)",
                                  "meijerg(((), (1, 2)), ((0, 0, a), ()), x)",
                                  "meijerg(((), (1, 1)), ((0, 0, a), (b, c)), x)",
                                  "meijerg(a, x)", "meijerg(((), (1, 1)), ((0, 0, a), ()))"])
def test_other_meijerg_functions_are_parse_errors(text):
    from symdiff import ParseError
    with pytest.raises(ParseError, match="only meijerg"):
        parse(text)


def test_other_meijerg_functions_from_sympy_are_refused():
    x, a = sympy.symbols("x a")
    with pytest.raises(SymdiffError, match="meijerg"):
        from_sympy(sympy.meijerg(((), (1, 1)), ((0, 1, a), ()), x))


@pytest.mark.parametrize("text", ["()", "(1, ())", "sin(())", "() + 1", "hyper((), (), x)"])
def test_empty_tuple_only_in_meijerg(text):
    from symdiff import ParseError
    with pytest.raises(ParseError):
        parse(text)
