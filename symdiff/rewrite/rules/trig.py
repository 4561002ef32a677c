"""Trigonometric identities (valid for every complex argument).

Preference, decided by the cost function: the smaller form wins, so
``2*sin(x)*cos(x)`` becomes ``sin(2*x)`` and ``cos(2*x)/2 + 1/2`` becomes
``cos(x)**2``.
"""
from ..pattern import rules

RULES = rules("""
pythagoras:       c__*sin(x_)**2 + c__*cos(x_)**2 -> c__
one-minus-sin2:   c__ - c__*sin(x_)**2 -> c__*cos(x_)**2
one-minus-cos2:   c__ - c__*cos(x_)**2 -> c__*sin(x_)**2
tan2-plus-one:    c__*tan(x_)**2 + c__ -> c__/cos(x_)**2
cot2-plus-one:    c__*cot(x_)**2 + c__ -> c__/sin(x_)**2
sec2-minus-one:   c__*sec(x_)**2 - c__ -> c__*tan(x_)**2
csc2-minus-one:   c__*csc(x_)**2 - c__ -> c__*cot(x_)**2
tan-quotient:     sin(x_)**n_/cos(x_)**n_ -> tan(x_)**n_
cot-quotient:     cos(x_)**n_/sin(x_)**n_ -> cot(x_)**n_
tan-times-cos:    tan(x_)*cos(x_) -> sin(x_)
cot-times-sin:    cot(x_)*sin(x_) -> cos(x_)
tan-over-sin:     tan(x_)/sin(x_) -> 1/cos(x_)
sec-times-cos:    sec(x_)*cos(x_) -> 1
csc-times-sin:    csc(x_)*sin(x_) -> 1
tan-times-cot:    tan(x_)*cot(x_) -> 1
double-sin:       2*sin(x_)*cos(x_) -> sin(2*x_)
# the factored spelling of sin(x)**2 - 1 (cancel's factor over Q) back to one power
sin-factored:     c__*(sin(x_) + 1)**n_*(sin(x_) - 1)**n_ -> c__*(-1)**n_*cos(x_)**(2*n_)   if int(n_)
sin-factored-pos: c__*(sin(x_) + 1)**n_*(1 - sin(x_))**n_ -> c__*cos(x_)**(2*n_)   if int(n_)
cos-factored:     c__*(cos(x_) + 1)**n_*(cos(x_) - 1)**n_ -> c__*(-1)**n_*sin(x_)**(2*n_)   if int(n_)
cos-factored-pos: c__*(cos(x_) + 1)**n_*(1 - cos(x_))**n_ -> c__*sin(x_)**(2*n_)   if int(n_)
one-minus-sin2-squared: c__*sin(x_)**4 - 2*c__*sin(x_)**2 + c__ -> c__*cos(x_)**4
one-minus-cos2-squared: c__*cos(x_)**4 - 2*c__*cos(x_)**2 + c__ -> c__*sin(x_)**4
double-cos:       c__*cos(x_)**2 - c__*sin(x_)**2 -> c__*cos(2*x_)
half-cos2:        c__*cos(2*x__) + c__ -> 2*c__*cos(x__)**2
half-sin2:        c__ - c__*cos(2*x__) -> 2*c__*sin(x__)**2
""")

# canonical signs, applied unconditionally before the reducing rules (each
# application removes a minus sign from a function's argument)
NORMALIZE = rules("""
sin-odd:          sin(-x__) -> -sin(x__)  if poscoeff(x__)
cos-even:         cos(-x__) -> cos(x__)  if poscoeff(x__)
tan-odd:          tan(-x__) -> -tan(x__)  if poscoeff(x__)
sinh-odd:         sinh(-x__) -> -sinh(x__)  if poscoeff(x__)
cosh-even:        cosh(-x__) -> cosh(x__)  if poscoeff(x__)
tanh-odd:         tanh(-x__) -> -tanh(x__)  if poscoeff(x__)
""")

# trigsimp's first step: everything in sin and cos (applied unconditionally;
# each application removes one tan/cot/sec/csc, so it terminates)
TO_SIN_COS = rules("""
tan-def:   tan(x_) -> sin(x_)/cos(x_)
cot-def:   cot(x_) -> cos(x_)/sin(x_)
sec-def:   sec(x_) -> 1/cos(x_)
csc-def:   csc(x_) -> 1/sin(x_)
tanh-def:  tanh(x_) -> sinh(x_)/cosh(x_)
coth-def:  coth(x_) -> cosh(x_)/sinh(x_)
sech-def:  sech(x_) -> 1/cosh(x_)
csch-def:  csch(x_) -> 1/sinh(x_)
""")
