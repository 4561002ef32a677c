"""Construction-time values and canonical forms of the special functions.

Only what sympy also does at construction: exact values at exact numbers
(``gamma(5) -> 24``, ``gamma(1/2) -> sqrt(pi)``, ``zeta(2) -> pi**2/6``,
``binomial(5, 2) -> 10``), sign symmetries (``erf(-x) -> -erf(x)``,
``erfc(-x) -> 2 - erfc(x)``), and rewrites to a simpler function
(``digamma(x) -> polygamma(0, x)``, ``zeta(s, 1) -> zeta(s)``,
``polygamma(0, 1) -> -EulerGamma``, ``polygamma(1, 1) -> pi**2/6``,
``elliptic_f(pi/2, m) -> elliptic_k(m)``). Each builder returns None to keep
the call as written, else the node; :func:`symdiff.core.nodes.Fn` calls them
(after its float folding from the registry's ``real`` column).

>>> from symdiff import parse
>>> parse("gamma(7/2)"), parse("erf(-2*x)"), parse("digamma(x)")
(15*sqrt(pi)/8, -erf(2*x), polygamma(0, x))
"""
from __future__ import annotations

from fractions import Fraction

from .limits import limits

# The node constructors come from core/nodes.py, which imports this module
# to build its table (so this module cannot import it: no import cycles);
# :func:`builders` binds them here before any builder runs.
_NODE_NAMES = ("E", "EULER_GAMMA", "HALF", "MINUS_ONE", "ONE", "PI", "ZERO", "Add", "Fn", "Mul",
               "Num", "Op", "Pow", "_fold")
E = EULER_GAMMA = HALF = MINUS_ONE = ONE = PI = ZERO = Add = Fn = Mul = Num = Op = Pow = _fold = None

_NUM = _MUL = _ADD = None
_MAX_N = 1000          # exact factorials, Bernoulli numbers up to this argument


def _exact(a):
    """The exact number of ``a`` (int or Fraction), else None."""
    if a.op is _NUM and not isinstance(a.value, float):
        return a.value
    return None


def _int(a):
    v = _exact(a)
    return v if type(v) is int else None


def minus_extracted(a):
    """``-a`` when ``a`` has an extractable minus sign as sympy sees it (a
    negative number, a product with a negative coefficient, a sum whose
    terms all have one); else None."""
    if a.op is _NUM:
        return Num(-a.value) if a.value < 0 else None
    if a.op is _MUL and a.args[0].op is _NUM and a.args[0].value < 0:
        return Mul(MINUS_ONE, a)
    if a.op is _ADD and all(t.op is _NUM and t.value < 0 or t.op is _MUL and t.args[0].op is _NUM
                            and t.args[0].value < 0 for t in a.args):
        return Add(*[Mul(MINUS_ONE, t) for t in a.args])
    return None


def _factorial(n: int):
    """``n!`` for 0 <= n <= _MAX_N (else None: left symbolic)."""
    if n < 0 or n > _MAX_N:
        return None
    out = 1
    for k in range(2, n + 1):
        out *= k
    return out if out.bit_length() <= limits.max_int_bits else None


def _odd(name: str):
    """Builder of an odd function (``f(0) = 0``)."""
    def build(x):
        if x is ZERO:
            return ZERO
        m = minus_extracted(x)
        return None if m is None else Mul(MINUS_ONE, Fn(name, m))
    return build


def _gamma(x):
    v = _exact(x)
    if type(v) is int and v > 0:
        f = _factorial(v - 1)
        return None if f is None else Num(f)
    if isinstance(v, Fraction) and v.denominator == 2 and abs(v) <= _MAX_N:
        # gamma(n + 1/2) = (2n)!/(4**n n!) sqrt(pi); negative n by the reflection
        n = int(v - HALF.value)
        if n >= 0:
            c = Fraction(_factorial(2 * n), 4 ** n * _factorial(n))
        else:
            m = -n
            c = Fraction((-4) ** m * _factorial(m), _factorial(2 * m))
        return Mul(Num(c), Pow(PI, HALF))
    return None


def _loggamma(x):
    v = _int(x)
    if v is not None and v > 0:
        if v <= 2:
            return ZERO
        f = _factorial(v - 1)
        return None if f is None else Fn("log", Num(f))
    return None


def _digamma(x):
    return Fn("polygamma", ZERO, x)


def _fits(q) -> bool:
    q = Fraction(q)
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length()) <= limits.max_int_bits


def _polygamma(n, x):
    """sympy's values at positive integers and 1/2 (integer order n >= 0):
    polygamma(0, k) = H(k - 1) - EulerGamma, polygamma(n, k) =
    (-1)**(n + 1)*n!*(zeta(n + 1) - sum_{j<k} j**-(n + 1)),
    polygamma(0, 1/2) = -2*log(2) - EulerGamma, polygamma(n, 1/2) =
    (-1)**(n + 1)*n!*(2**(n + 1) - 1)*zeta(n + 1)."""
    m, k = _int(n), _exact(x)
    if m is None or m < 0 or k is None or not (k == HALF.value or type(k) is int and 1 <= k <= _MAX_N):
        return None
    if k == HALF.value:
        if m == 0:
            return Add(Mul(Num(-2), Fn("log", Num(2))), Mul(MINUS_ONE, EULER_GAMMA))
        f = _factorial(m)
        c = None if f is None else (-1) ** (m + 1) * f * (2 ** (m + 1) - 1)
        return None if c is None or not _fits(c) else Mul(Num(c), Fn("zeta", Num(m + 1)))
    partial = sum((Fraction(1, j ** (m + 1)) for j in range(1, k)), Fraction(0))
    if m == 0:
        return Add(Num(partial), Mul(MINUS_ONE, EULER_GAMMA)) if _fits(partial) else None
    f = _factorial(m)
    if f is None:
        return None
    c, shift = (-1) ** (m + 1) * f, (-1) ** m * f * partial
    if not (_fits(c) and _fits(shift)):
        return None
    return Add(Num(shift), Mul(Num(c), Fn("zeta", Num(m + 1))))


def _factorial_b(x):
    v = _int(x)
    if v is not None and v >= 0:
        f = _factorial(v)
        return None if f is None else Num(f)
    return None


def _binomial(n, k):
    kv = _int(k)
    if kv is None:
        return None
    if kv == 0:
        return ONE
    if kv == 1:
        return n
    nv = _exact(n)
    if nv is None or kv < 0 or kv > _MAX_N:
        return None
    out = Fraction(1)
    for i in range(kv):
        out = out * (nv - i) / (i + 1)
    return Num(out)


def _beta(a, b):
    av, bv = _int(a), _int(b)
    if av is not None and bv is not None and av > 0 and bv > 0 and av + bv <= _MAX_N:
        return Num(Fraction(_factorial(av - 1) * _factorial(bv - 1), _factorial(av + bv - 1)))
    return None


def _uppergamma(a, x):
    if a is ONE:
        return Fn("exp", Mul(MINUS_ONE, x))
    if a is HALF:
        return Mul(Pow(PI, HALF), Fn("erfc", Pow(x, HALF)))
    if a is ZERO:
        return Fn("expint", ONE, x)
    return None


def _lowergamma(a, x):
    if x is ZERO:
        return ZERO
    if a is ONE:
        return Add(ONE, Mul(MINUS_ONE, Fn("exp", Mul(MINUS_ONE, x))))
    if a is HALF:
        return Mul(Pow(PI, HALF), Fn("erf", Pow(x, HALF)))
    return None


def _bessel(name: str, sign_of_order: bool):
    """J and I: value at 0 for integer orders, integer order -n -> n (with
    (-1)**n for J), argument -x -> x for integer orders (times (-1)**n)."""
    def build(nu, x):
        n = _int(nu)
        if n is None:
            return None
        if x is ZERO:
            return ONE if n == 0 else ZERO
        if n < 0:
            out = Fn(name, Num(-n), x)
            return Mul(MINUS_ONE, out) if (sign_of_order and n % 2) else out
        m = minus_extracted(x)
        if m is not None:
            out = Fn(name, nu, m)
            return Mul(MINUS_ONE, out) if n % 2 else out
        return None
    return build


def _bessel_yk(name: str, sign_of_order: bool):
    """Y and K, as sympy: integer order -n -> n (with (-1)**n for Y); no
    reflection of the argument (a branch cut) and no value at 0 (a pole)."""
    def build(nu, x):
        n = _int(nu)
        if n is None or n >= 0:
            return None
        out = Fn(name, Num(-n), x)
        return Mul(MINUS_ONE, out) if (sign_of_order and n % 2) else out
    return build


def _airy(value):
    def build(x):
        return value() if x is ZERO else None
    return build


def _third(k):
    return Num(Fraction(k, 3))


_AIRY0 = {
    "airyai": lambda: Mul(Pow(Num(3), _third(1)), Pow(Mul(Num(3), Fn("gamma", _third(2))), MINUS_ONE)),
    "airybi": lambda: Mul(Pow(Num(3), Num(Fraction(5, 6))), Pow(Mul(Num(3), Fn("gamma", _third(2))), MINUS_ONE)),
    "airyaiprime": lambda: Mul(MINUS_ONE, Pow(Num(3), _third(2)), Pow(Mul(Num(3), Fn("gamma", _third(1))), MINUS_ONE)),
    "airybiprime": lambda: Mul(Pow(Num(3), Num(Fraction(1, 6))), Pow(Fn("gamma", _third(1)), MINUS_ONE)),
}


def _li(x):
    return ZERO if x is ZERO else None


def _lambertw(x, k=None):
    if k is not None:
        if k is ZERO:
            return Fn("LambertW", x)
        if k is MINUS_ONE and x is Mul(MINUS_ONE, Fn("exp", MINUS_ONE)):
            return MINUS_ONE
        return None
    if x is ZERO:
        return ZERO
    if x is E:
        return ONE
    if x is Mul(MINUS_ONE, Fn("exp", MINUS_ONE)):
        return MINUS_ONE
    return None


_BERNOULLI: list = []


def bernoulli(n: int) -> Fraction:
    """The Bernoulli number B_n (B_1 = -1/2), by the Akiyama-Tanigawa
    algorithm, cached."""
    while len(_BERNOULLI) <= n:
        m = len(_BERNOULLI)
        a = [Fraction(1, k + 1) for k in range(m + 1)]
        for j in range(m, 0, -1):
            for i in range(j):
                a[i] = (i + 1) * (a[i] - a[i + 1])
        _BERNOULLI.append(a[0] if m != 1 else Fraction(-1, 2))
    return _BERNOULLI[n]


def _zeta(s, a=None):
    if a is not None:
        return Fn("zeta", s) if a is ONE else None
    n = _int(s)
    if n is None or abs(n) > 200:
        return None
    if n == 0:
        return Num(Fraction(-1, 2))
    if n < 0:
        return Num(-bernoulli(1 - n) / (1 - n))
    if n % 2 == 0:   # zeta(2k) = (-1)**(k+1) B_2k (2 pi)**2k / (2 (2k)!)
        c = (-1) ** (n // 2 + 1) * bernoulli(n) * 2 ** n / (2 * _factorial(n))
        return Mul(Num(c), Pow(PI, Num(n)))
    return None


def _polylog(s, z):
    if z is ZERO:
        return ZERO
    if z is ONE:
        return Fn("zeta", s)
    if s is ZERO:
        return Mul(z, Pow(Add(ONE, Mul(MINUS_ONE, z)), MINUS_ONE))
    if s is MINUS_ONE:
        return Mul(z, Pow(Add(ONE, Mul(MINUS_ONE, z)), Num(-2)))
    return None


_HALF_PI = None


def _half_pi():
    global _HALF_PI
    if _HALF_PI is None:
        _HALF_PI = Mul(HALF, PI)
    return _HALF_PI


def _elliptic_k(m):
    return _half_pi() if m is ZERO else None


def _elliptic_e(a, m=None):
    if m is None:
        return _half_pi() if a is ZERO else ONE if a is ONE else None
    if a is ZERO:
        return ZERO
    if m is ZERO:
        return a
    if a is _half_pi():
        return Fn("elliptic_e", m)
    neg = minus_extracted(a)
    return None if neg is None else Mul(MINUS_ONE, Fn("elliptic_e", neg, m))


def _elliptic_f(phi, m):
    if phi is ZERO:
        return ZERO
    if m is ZERO:
        return phi
    if phi is _half_pi():
        return Fn("elliptic_k", m)
    neg = minus_extracted(phi)
    return None if neg is None else Mul(MINUS_ONE, Fn("elliptic_f", neg, m))


def _elliptic_pi(n, a, m=None):
    if m is None:
        m = a
        if n is ZERO:
            return Fn("elliptic_k", m)
        if m is ZERO:
            return Mul(_half_pi(), Pow(Add(ONE, Mul(MINUS_ONE, n)), Num(Fraction(-1, 2))))
        if n is m:
            return Mul(Fn("elliptic_e", m), Pow(Add(ONE, Mul(MINUS_ONE, m)), MINUS_ONE))
        return None
    if n is ZERO:
        return Fn("elliptic_f", a, m)
    if a is _half_pi():
        return Fn("elliptic_pi", n, m)
    neg = minus_extracted(a)
    return None if neg is None else Mul(MINUS_ONE, Fn("elliptic_pi", n, neg, m))


def _appellf1(a, b1, b2, c, x, y):
    """F1 is symmetric under (b1, x) <-> (b2, y): order the pairs (as sympy,
    by symdiff's canonical order)."""
    if b2.key < b1.key or (b1 is b2 and y.key < x.key):
        return Fn("appellf1", a, b2, b1, c, y, x)
    return None


def _param_key(a) -> tuple:
    if a.op is _NUM and not isinstance(a.value, complex):
        return (-1 if isinstance(a.value, float) else 0, a.value, ())   # sympy: floats first
    if not a.args:                          # a constant (op 1) or a symbol (op 2)
        return (int(a.op), 0, a.value)
    return (3, 0, a.key)


def _hyp2f2(a1, a2, b1, b2, z):
    """2F2 is symmetric in its upper and in its lower parameters: each pair
    sorted as sympy's ``hyper`` sorts it where the order is simple (floats,
    then exact numbers, by value; constants; symbols by name), compound
    parameters in symdiff's canonical order (which may differ from sympy's
    printed one: ``hyper((x**2, 2*x), ...)``; the node round-trips anyway)."""
    swap_a, swap_b = _param_key(a2) < _param_key(a1), _param_key(b2) < _param_key(b1)
    if swap_a or swap_b:
        a1, a2 = (a2, a1) if swap_a else (a1, a2)
        b1, b2 = (b2, b1) if swap_b else (b1, b2)
        return Fn("hyp2f2", a1, a2, b1, b2, z)
    return None


def _log1p(x):
    return Fn("log", Add(ONE, x)) if _exact(x) is not None else None


def _expm1(x):
    return Add(Fn("exp", x), MINUS_ONE) if _exact(x) is not None else None


def _erfc(x):
    if x is ZERO:
        return ONE
    m = minus_extracted(x)
    return None if m is None else Add(Num(2), Mul(MINUS_ONE, Fn("erfc", m)))


def _erfinv(x):
    return ZERO if x is ZERO else None


def _chain(*builders):
    """Try the builders in turn (the registry's float folding first)."""
    def build(*args):
        for b in builders:
            out = b(*args)
            if out is not None:
                return out
        return None
    return build


_CANONICAL = {
    "erf": _odd("erf"), "erfc": _erfc, "erfi": _odd("erfi"), "erfinv": _erfinv,
    "gamma": _gamma, "loggamma": _loggamma, "digamma": _digamma, "factorial": _factorial_b,
    "polygamma": _polygamma,
    "binomial": _binomial, "beta": _beta, "uppergamma": _uppergamma, "lowergamma": _lowergamma,
    "besselj": _bessel("besselj", True), "besseli": _bessel("besseli", False),
    "bessely": _bessel_yk("bessely", True), "besselk": _bessel_yk("besselk", False),
    "Si": _odd("Si"), "Shi": _odd("Shi"), "fresnels": _odd("fresnels"),
    "fresnelc": _odd("fresnelc"), "li": _li, "LambertW": _lambertw, "zeta": _zeta,
    "polylog": _polylog, "elliptic_k": _elliptic_k, "elliptic_e": _elliptic_e,
    "elliptic_f": _elliptic_f, "elliptic_pi": _elliptic_pi, "log1p": _log1p, "expm1": _expm1,
    "appellf1": _appellf1, "hyp2f2": _hyp2f2,
    **{name: _airy(v) for name, v in _AIRY0.items()},
}


def builders(registry: dict, nodes) -> dict:
    """name -> builder for every special row (float folding, then the
    canonical forms above); ``nodes`` is the module of the constructors."""
    global _NUM, _MUL, _ADD
    g = globals()
    for n in _NODE_NAMES:
        g[n] = getattr(nodes, n)
    _NUM, _MUL, _ADD = Op.NUM, Op.MUL, Op.ADD
    from .special_functions import ROWS
    return {r["name"]: _chain(_fold(registry[r["name"]]), *([_CANONICAL[r["name"]]]
                                                           if r["name"] in _CANONICAL else []))
            for r in ROWS}
