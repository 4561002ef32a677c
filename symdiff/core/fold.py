"""Exact constant folding for numbers: int, Fraction, float.

Exact values stay exact (``1/3`` is a Fraction); floats appear only where the
input had floats. Powers are folded only while the result stays small
(``limits.max_int_bits``): ``10**10**10`` stays symbolic instead of hanging.
"""
from __future__ import annotations

import math
import numbers
from decimal import Decimal     # already loaded: fractions imports it
from fractions import Fraction

from ..errors import LimitError, SymdiffError
from .limits import limits


def normalize(v):
    """Canonical Python number: Fraction with denominator 1 -> int, -0.0 -> 0.0.

    Other number types (NumPy scalars, ``Decimal``, subclasses of int and
    float) become the exact int, Fraction or float (see :func:`real_number`).
    """
    t = type(v)
    if t is bool:
        return int(v)
    if t is Fraction:
        return v.numerator if v.denominator == 1 else v
    if t is float:
        if not math.isfinite(v):
            raise SymdiffError(f"non-finite number {v!r} in an expression")
        return v + 0.0
    if t is int:
        if v.bit_length() > 3 * limits.max_int_bits:
            raise LimitError(f"integer of {v.bit_length()} bits exceeds "
                             f"3*limits.max_int_bits={3 * limits.max_int_bits}")
        return v
    r = real_number(v)
    if r is None:
        raise SymdiffError(f"unsupported number {v!r}")
    return normalize(r)


def real_number(v):
    """``v`` as a Python int, Fraction or float, or None if it is no real number.

    Exact where the input is exact: NumPy integers -> int, ``Decimal`` (a
    finite one) -> the exact Fraction (``Decimal("0.1")`` is 1/10), other
    rationals -> Fraction; NumPy floats -> the float of the same value
    (``np.float32(0.1)`` is 0.10000000149011612, exactly). Booleans (``bool``,
    ``np.bool_``) and complex numbers are not real numbers here. NumPy is
    never imported: its scalars are recognised through the ``numbers`` ABCs
    it registers them with.
    """
    t = type(v)
    if t is int or t is float or t is Fraction:
        return v
    if isinstance(v, bool):
        return None
    if isinstance(v, numbers.Integral):          # np.int64, np.uint8, ...
        return int(v)
    if isinstance(v, Fraction):
        return Fraction(v.numerator, v.denominator)
    if isinstance(v, float):                      # np.float64, float subclasses
        return float(v)
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise SymdiffError(f"non-finite number {v!r} in an expression")
        return Fraction(v)
    if isinstance(v, numbers.Rational):
        return Fraction(int(v.numerator), int(v.denominator))
    if isinstance(v, numbers.Real):               # np.float32, np.float16, np.longdouble
        return float(v)
    return None


def is_zero(v) -> bool:
    return v == 0


def is_one(v) -> bool:
    return v == 1 and type(v) is int


def _iroot(n: int, q: int):
    """Exact integer q-th root of n >= 0, or None."""
    if n < 2:
        return n
    if q >= n.bit_length():      # 2**q > n: no integer root (and c**q would be huge)
        return None
    r = round(n ** (1.0 / q)) if n.bit_length() < 1000 else _newton_root(n, q)
    for c in (r - 1, r, r + 1):
        if c >= 0 and c ** q == n:
            return c
    return None


def _newton_root(n: int, q: int) -> int:
    x = 1 << ((n.bit_length() + q - 1) // q)
    while True:
        y = ((q - 1) * x + n // x ** (q - 1)) // q
        if y >= x:
            return x
        x = y


def _small_enough(b, e: int) -> bool:
    bits = max(abs(Fraction(b).numerator).bit_length(), Fraction(b).denominator.bit_length())
    return bits * abs(e) <= limits.max_int_bits


def fold_pow(b, e):
    """``b**e`` as a number when exact (or float) and small, else None."""
    if isinstance(b, float) or isinstance(e, float):
        try:
            fb, fe = float(b), float(e)
        except OverflowError:    # an exact part beyond float range: keep symbolic
            return None
        if fb == 0.0:
            if fe < 0:
                raise SymdiffError("division by zero (0 raised to a negative power)")
            return 0.0
        if fb < 0 and not fe.is_integer():
            return None  # complex result: keep symbolic
        if abs(fe) * abs(math.log2(abs(fb))) > 1000:
            return None
        return fb ** fe
    if isinstance(e, int):
        if type(b) is int and 0 <= e <= 64 and abs(b) < (1 << 32):
            return b ** e                  # fast path: small exact power
        if type(b) is int and e == -1 and b != 0:
            return normalize(Fraction(1, b))
        if b == 0:
            if e < 0:
                raise SymdiffError("division by zero (0 raised to a negative power)")
            return 0
        if b in (1, -1):
            return b ** (e % 2) if b == -1 else 1
        if not _small_enough(b, e):
            return None
        return normalize(Fraction(b) ** e)
    # rational exponent p/q: exact only for perfect powers of a positive base
    if b == 0:
        if e < 0:
            raise SymdiffError("division by zero (0 raised to a negative power)")
        return 0
    if b < 0:
        return None
    fb = Fraction(b)
    rn, rd = _iroot(fb.numerator, e.denominator), _iroot(fb.denominator, e.denominator)
    if rn is None or rd is None:
        return None
    root = Fraction(rn, rd)
    if not _small_enough(root, e.numerator):
        return None
    return normalize(root ** e.numerator)
