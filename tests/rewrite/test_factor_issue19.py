"""Issue 19's examples and factor against sympy."""
import sympy
from hypothesis import given, settings, strategies as st

import symdiff
from symdiff import cancel, diff, factor, from_sympy, simplify
from symdiff.rewrite.cost import printed_ops


def test_quotient_of_a_power_keeps_the_factored_denominator():
    x, a, b = sympy.symbols("x a b", positive=True)
    F = sympy.integrate(x**2 / (a + b*x**3)**2, x)
    d = diff(from_sympy(F), "x")
    want = from_sympy(x**2 / (a + b*x**3)**2)     # not 9*b**2*x**2/(3*a*b + 3*b**2*x**3)**2
    assert simplify(d) is want
    assert cancel(d) is want


def test_derivative_of_antiderivative_simplifies_to_the_integrand():
    x, a, b = sympy.symbols("x a b", positive=True)
    f = x**3*sympy.exp(a*x)*sympy.sin(b*x)
    d = diff(from_sympy(sympy.integrate(f, x)), "x")
    assert simplify(d) is from_sympy(f)


_POLY = st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 3), st.integers(0, 3)),
                 min_size=1, max_size=4)


def _expr(terms):
    return sympy.Add(*[c * sympy.Symbol("x")**i * sympy.Symbol("y")**j for c, i, j in terms])


@given(_POLY, _POLY)
@settings(max_examples=40, deadline=None)
def test_factor_matches_sympy(p, q):
    e = sympy.expand(_expr(p) * _expr(q))
    if e == 0:
        return
    ours = factor(from_sympy(e))
    assert sympy.expand(symdiff.to_sympy(ours) - e) == 0
    theirs = sympy.factor_list(e)
    ours_n = sum(k for _, k in sympy.factor_list(symdiff.to_sympy(ours))[1])
    assert ours_n == sum(k for _, k in theirs[1])            # same irreducible factors


def test_factor_printed_never_larger_than_sympy_on_examples():
    for text in ["x**2 - 1", "x**3*y - x*y**3", "a**2 + 2*a*b*x**3 + b**2*x**6"]:
        ours = factor(text)
        theirs = from_sympy(sympy.factor(sympy.sympify(text)))
        assert printed_ops(ours) <= printed_ops(theirs)
