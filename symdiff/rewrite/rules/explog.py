"""exp and log across a sum: ``exp(a + log(x)) -> x*exp(a)``.

``x**y`` is ``exp(y*log(x))`` (principal branch) for every complex ``x != 0``
and ``y``, so pulling a logarithm out of an exponent needs no assumption;
putting an exponential's argument out of a logarithm needs a real argument
and a positive cofactor. (``exp(x)*exp(-x)``, ``exp(n*log(x))`` and
``log(x*y) - log(x)`` are already handled by the canonical constructors and
:mod:`.powers`.)
"""
from ..pattern import rules

RULES = rules("""
exp-log-term:     exp(r__ + c__*log(x_)) -> x_**c__*exp(r__)
log-exp-factor:   log(c__*exp(x_)) -> x_ + log(c__)            if real(x_) & positive(c__)
""")
