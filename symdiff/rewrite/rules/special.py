"""Special-function identities (valid for every argument where both sides
are defined); cost-gated like the other themes, so ``gamma(x + 1)`` and
``x*gamma(x)`` turn into each other only where the result is smaller."""
from ..pattern import rules

RULES = rules("""
gamma-ratio:        c__*gamma(x_ + 1)/gamma(x_) -> c__*x_
gamma-recurrence:   c__*x_*gamma(x_) -> c__*gamma(x_ + 1)
gamma-shift:        gamma(x_ + 1) -> x_*gamma(x_)
gamma-recurrence-2: c__*x_*(x_ + 1)*gamma(x_) -> c__*gamma(x_ + 2)
gamma-ratio-2:      c__*gamma(x_ + 2)/(x_ + 1) -> c__*gamma(x_ + 1)
exp-loggamma:       exp(loggamma(x_)) -> gamma(x_)
erf-plus-erfc:      c__*erf(x_) + c__*erfc(x_) -> c__
one-minus-erf:      c__ - c__*erf(x_) -> c__*erfc(x_)
one-minus-erfc:     c__ - c__*erfc(x_) -> c__*erf(x_)
lambertw-exp:       LambertW(x_)*exp(LambertW(x_)) -> x_
""")
