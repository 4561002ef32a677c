"""Hyperbolic identities (valid for every complex argument)."""
from ..pattern import rules

RULES = rules("""
cosh2-minus-sinh2: c__*cosh(x_)**2 - c__*sinh(x_)**2 -> c__
one-plus-sinh2:    c__*sinh(x_)**2 + c__ -> c__*cosh(x_)**2
cosh2-minus-one:   c__*cosh(x_)**2 - c__ -> c__*sinh(x_)**2
one-minus-tanh2:   c__ - c__*tanh(x_)**2 -> c__/cosh(x_)**2
coth2-minus-one:   c__*coth(x_)**2 - c__ -> c__/sinh(x_)**2
tanh-quotient:     sinh(x_)**n_/cosh(x_)**n_ -> tanh(x_)**n_
coth-quotient:     cosh(x_)**n_/sinh(x_)**n_ -> coth(x_)**n_
tanh-times-cosh:   tanh(x_)*cosh(x_) -> sinh(x_)
coth-times-sinh:   coth(x_)*sinh(x_) -> cosh(x_)
double-sinh:       2*sinh(x_)*cosh(x_) -> sinh(2*x_)
double-cosh:       c__*cosh(x_)**2 + c__*sinh(x_)**2 -> c__*cosh(2*x_)
half-cosh2:        c__*cosh(2*x__) + c__ -> 2*c__*cosh(x__)**2
half-sinh2:        c__*cosh(2*x__) - c__ -> 2*c__*sinh(x__)**2
sinh-plus-cosh:    c__*sinh(x_) + c__*cosh(x_) -> c__*exp(x_)
cosh-minus-sinh:   c__*cosh(x_) - c__*sinh(x_) -> c__*exp(-x_)
""")
