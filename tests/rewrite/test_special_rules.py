"""Special-function simplify rules (``rewrite/rules/special.py``) and the
canonical forms simplify relies on, one line per identity
(``input => simplify(input)``). Each line is also checked numerically:
input and expected agree at real points through sympy + mpmath (30 digits),
so no expected value is taken on trust."""
from __future__ import annotations

import pytest
import sympy

from symdiff import parse, simplify

LINES = """
# gamma: x*gamma(x) and gamma(x + 1) turn into each other by cost
gamma(x + 1)                      => x*gamma(x)
gamma(x + 1)/gamma(x)             => x
x*gamma(x)/gamma(x + 1)           => 1
gamma(x + 1) - x*gamma(x)         => 0
gamma(x + 1)/x                    => gamma(x)
(x + 1)*gamma(x + 1)              => gamma(x + 2)
3*y*(x + 1)*x*gamma(x)            => 3*y*gamma(x + 2)
(x + 2)*gamma(x + 2)              => gamma(x + 3)
gamma(x + 2)/(x + 1)              => x*gamma(x)
exp(loggamma(x))                  => gamma(x)
# erf / erfc
erf(-x)                           => -erf(x)
erf(-x) + erf(x)                  => 0
erfc(-x) + erfc(x)                => 2
erf(x) + erfc(x)                  => 1
2*erf(x) + 2*erfc(x)              => 2
1 - erf(x)                        => erfc(x)
3 - 3*erf(x)                      => 3*erfc(x)
1 - erfc(x)                       => erf(x)
# Lambert W
LambertW(x)*exp(LambertW(x))      => x
# Max / Min
Max(x, x)                         => x
Min(x, x)                         => x
Max(x, x, y)                      => Max(x, y)
Max(x, x)*y                       => x*y
"""
CASES = [tuple(p.strip() for p in ln.split("=>")) for ln in LINES.strip().splitlines()
         if ln.strip() and not ln.startswith("#")]
POINTS = [{"x": "0.7", "y": "1.3"}, {"x": "2.6", "y": "-0.4"}, {"x": "1.9", "y": "3.1"}]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_simplify(text, expected):
    assert simplify(text) is parse(expected)


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_identity_holds_numerically(text, expected):
    a, b = sympy.sympify(text), sympy.sympify(expected)
    for pt in POINTS:
        subs = {sympy.Symbol(k): sympy.Float(v, 30) for k, v in pt.items()}
        va, vb = complex(a.evalf(30, subs=subs)), complex(b.evalf(30, subs=subs))
        assert abs(va - vb) <= 1e-25 * max(1.0, abs(va)), (pt, va, vb)
