"""Vectorized float64 sine and cosine from NumPy arithmetic.

NumPy's float64 ``sin``/``cos`` call scalar libm per element (about 9 ns),
while its multiply and add run at SIMD speed (about 0.2 ns in cache). So in
a kernel chunk, ``sin`` and ``cos`` are evaluated here instead: reduce the
argument by multiples of pi/2 (Cody-Waite, pi/2 split in three parts so the
products with the quadrant number are exact), then Taylor polynomials on
``|r| <= pi/4`` (truncation error below 0.5 ulp), then pick and sign by
quadrant. A sine and a cosine of the same argument share the reduction.
Results agree with libm's to about 1 ulp (tested); arguments beyond
``LIMIT`` in magnitude, and any dtype but float64, use NumPy's own functions.

>>> import numpy as np
>>> x = np.linspace(-10, 10, 7)
>>> s, c, w = np.empty(7), np.empty(7), [np.empty(7) for _ in range(4)]
>>> sincos(x, s, c, w)
>>> bool(np.allclose(s, np.sin(x), rtol=0, atol=1e-15) and np.allclose(c, np.cos(x), rtol=0, atol=1e-15))
True
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import factorial

import numpy as np

LIMIT = 1e5     # |x| up to here: k*P1 is exact (k < 2**17, P1 has 33 bits)
NWORK = 4       # scratch buffers the functions need
MIN_SIZE = 8192  # calls on fewer elements pass no scratch: libm is cheaper there


def _split_half_pi() -> tuple[float, float, float]:
    """pi/2 = P1 + P2 + P3 (to 119 bits); P1 and P2 have 33 significant bits."""
    half_pi = Fraction(Decimal("1.57079632679489661923132169163975144209858469968755291048747229"))
    parts = []
    rest = half_pi
    for bits in (33, 33, 53):
        f = float(rest)
        m, e = np.frexp(f)
        f = float(np.ldexp(np.floor(m * 2.0**bits), int(e) - bits)) if bits < 53 else f
        parts.append(f)
        rest -= Fraction(f)
    return tuple(parts)


P1, P2, P3 = _split_half_pi()
TWO_OVER_PI = 0.6366197723675814
# Taylor coefficients: sin r = r + r*z*(S[0] + z*(S[1] + ...)), z = r*r
S = [(-1) ** k / factorial(2 * k + 1) for k in range(1, 8)]
C = [(-1) ** k / factorial(2 * k) for k in range(2, 9)]   # cos r = 1 - z/2 + z*z*(C...)


def _poly(z, coef, out):
    """Horner evaluation of sum(coef[i] * z**i) into ``out``."""
    np.multiply(z, coef[-1], out)
    for c in coef[-2:0:-1]:
        out += c
        out *= z
    out += coef[0]
    return out


def _reduce(x, w):
    """r (in w[0]), z = r*r (in w[1]) and the quadrant k (in w[2])."""
    r, z, k = w[0], w[1], w[2]
    np.multiply(x, TWO_OVER_PI, k)
    np.rint(k, k)
    np.multiply(k, P1, z)
    np.subtract(x, z, r)
    np.multiply(k, P2, z)
    r -= z
    np.multiply(k, P3, z)
    r -= z
    np.multiply(r, r, z)
    return r, z, k


def sincos(x, s, c, w) -> None:
    """sin(x) into ``s`` and cos(x) into ``c``; ``w``: ``NWORK`` scratch
    arrays shaped like x (none of them aliasing x, s or c), or empty for
    libm's sin and cos. The method is
    chosen per element (never per chunk), so chunking cannot change bits."""
    if not w or s.dtype != np.float64 or x.dtype != np.float64:
        np.sin(x, s)
        np.cos(x, c)
        return
    if x.shape != s.shape:
        x = np.broadcast_to(x, s.shape)
    with np.errstate(all="ignore"):   # huge or infinite x: redone below with libm's warnings
        _fast(x, s, c, w)
    if x.size and np.fmax.reduce(np.abs(x), axis=None) > LIMIT:   # fmax skips NaN
        big = np.abs(x) > LIMIT
        s[big] = np.sin(x[big])
        c[big] = np.cos(x[big])


def _fast(x, s, c, w) -> None:
    r, z, k = _reduce(x, w)
    q = w[3]
    np.multiply(k, 0.25, q)          # quadrant q = k mod 4, exactly
    np.floor(q, q)
    q *= 4.0
    np.subtract(k, q, q)
    _poly(z, S, s)                   # sin r
    s *= z
    s *= r
    s += r
    _poly(z, C, c)                   # cos r
    c *= z
    c *= z
    np.multiply(z, 0.5, k)
    c -= k
    c += 1.0
    # sin x = a*sin r + b*cos r and cos x = a*cos r - b*sin r with
    # (a, b) = (1, 0), (0, 1), (-1, 0), (0, -1) for q = 0..3: exact, as
    # one of the two products is zero
    h, p, a = w[0], w[1], w[2]
    np.multiply(q, 0.5, h)
    np.floor(h, h)                   # 0, 0, 1, 1
    np.multiply(h, 2.0, p)
    np.subtract(q, p, p)             # parity 0, 1, 0, 1
    h *= -2.0
    h += 1.0                         # sign 1, 1, -1, -1
    np.subtract(1.0, p, a)
    a *= h
    p *= h                           # b
    b, t, u = p, h, q
    np.multiply(a, s, t)
    np.multiply(b, c, u)
    t += u                           # sin x
    c *= a
    s *= b
    c -= s                           # cos x
    np.copyto(s, t)
    np.copyto(s, x, where=(x == 0))  # sin(-0.0) is -0.0 (the sums above give +0.0)
