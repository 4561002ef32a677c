"""A function applied to its inverse. ``f(f^-1(x)) = x`` holds for every
complex ``x`` on principal branches; ``f^-1(f(x)) = x`` does not, so only
the real-argument case with a guaranteed range is kept (``log-exp`` lives
with the powers)."""
from ..pattern import rules

RULES = rules("""
sin-asin:     sin(asin(x_)) -> x_
cos-acos:     cos(acos(x_)) -> x_
tan-atan:     tan(atan(x_)) -> x_
sinh-asinh:   sinh(asinh(x_)) -> x_
cosh-acosh:   cosh(acosh(x_)) -> x_
tanh-atanh:   tanh(atanh(x_)) -> x_
asinh-sinh:   asinh(sinh(x_)) -> x_              if real(x_)
atanh-tanh:   atanh(tanh(x_)) -> x_              if real(x_)
atan-tan-0:   atan(x_) + atan(1/x_) -> pi/2      if positive(x_)
""")
