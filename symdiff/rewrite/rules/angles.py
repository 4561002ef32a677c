"""Sum and difference of angles (valid for every complex argument).

The products of a sine and a cosine pair collapse into one function of the
summed angle: ``cos(a)*cos(b) + sin(a)*sin(b) -> cos(a - b)``. The cost
decides, so ``sin(a + b)`` is never expanded back; the odd differences take
the binding with a positive coefficient (``sin(a - b)``, not
``-sin(b - a)``).
"""
from ..pattern import rules

RULES = rules("""
cos-difference:   c__*cos(x_)*cos(y_) + c__*sin(x_)*sin(y_) -> c__*cos(x_ - y_)
cos-sum:          c__*cos(x_)*cos(y_) - c__*sin(x_)*sin(y_) -> c__*cos(x_ + y_)
sin-sum:          c__*sin(x_)*cos(y_) + c__*cos(x_)*sin(y_) -> c__*sin(x_ + y_)
sin-difference:   c__*sin(x_)*cos(y_) - c__*cos(x_)*sin(y_) -> c__*sin(x_ - y_)      if poscoeff(c__)
cosh-sum:         c__*cosh(x_)*cosh(y_) + c__*sinh(x_)*sinh(y_) -> c__*cosh(x_ + y_)
cosh-difference:  c__*cosh(x_)*cosh(y_) - c__*sinh(x_)*sinh(y_) -> c__*cosh(x_ - y_)
sinh-sum:         c__*sinh(x_)*cosh(y_) + c__*cosh(x_)*sinh(y_) -> c__*sinh(x_ + y_)
sinh-difference:  c__*sinh(x_)*cosh(y_) - c__*cosh(x_)*sinh(y_) -> c__*sinh(x_ - y_)    if poscoeff(c__)
""")
