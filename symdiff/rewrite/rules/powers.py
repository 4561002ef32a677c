"""Powers, exp and log. Rules that need a domain say so in their guard;
without the assumption they do not fire (``sqrt(x**2)`` is ``Abs(x)`` only
for real ``x``)."""
from ..pattern import rules

RULES = rules("""
# exp
exp-product:      exp(x_)*exp(y_) -> exp(x_ + y_)
exp-power:        exp(x_)**y_ -> exp(x_*y_)                  if real(x_)
# log
log-exp:          log(exp(x_)) -> x_                         if real(x_)
log-power:        log(x_**y_) -> y_*log(x_)                  if positive(x_) & real(y_)
log-sum:          log(x_) + log(y_) -> log(x_*y_)            if positive(x_) & positive(y_)
log-difference:   log(x_) - log(y_) -> log(x_/y_)            if positive(x_) & positive(y_)
# powers
sqrt-square:      sqrt(x_**2) -> x_                          if nonneg(x_)
sqrt-square-real: sqrt(x_**2) -> Abs(x_)                     if real(x_)
power-power:      (x_**y_)**z_ -> x_**(y_*z_)                if positive(x_) & real(y_) & real(z_)
power-product:    x_**z_*y_**z_ -> (x_*y_)**z_               if positive(x_) & positive(y_)
sqrt-product:     sqrt(x_)*sqrt(y_) -> sqrt(x_*y_)           if nonneg(x_)
abs-nonneg:       Abs(x_) -> x_                              if nonneg(x_)
abs-square:       Abs(x_)**2 -> x_**2                        if real(x_)
sign-positive:    sign(x_) -> 1                              if positive(x_)
""")

# expand_log on demand (these grow the expression; simplify keeps them only
# where a later step makes the whole smaller)
EXPAND_LOG = rules("""
log-of-product:   log(x_*y__) -> log(x_) + log(y__)          if positive(x_) & positive(y__)
log-of-power:     log(x_**y_) -> y_*log(x_)                  if positive(x_) & real(y_)
""")
