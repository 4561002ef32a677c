"""Numeric kernels of the special functions, by their sympy names.

The registry's NumPy forms call these as ``_sc.<name>(...)`` (codegen puts
this module's :func:`namespace` there; ``core/evalf.py`` calls it for
constants). Underneath is ``scipy.special`` (the optional extra
``pip install "symdiff[special]"``), imported on first use: parsing and
differentiating never import it. Where SciPy has no kernel (``appellf1``, ``hyp2f2``, ``meijerg``,
``polylog`` of order other than 1 and 2, ``zeta`` off its SciPy domain) the
values come from mpmath, element by element, if it is installed.

Real inputs give real results; where the value of a real argument is not
real (``loggamma(-1.5)``, ``LambertW(-1)``, ``Ci(-1)``) the result is NaN,
so the scalar evaluator redoes the step in complex, as for ``log(-1)``.
:func:`xp_namespace` gives the same names over ``jax.scipy.special``,
``cupyx.scipy.special`` or ``torch.special`` for array-API inputs, for the
functions those have.
"""
from __future__ import annotations

import sys

from ..errors import SymdiffError

INSTALL = 'pip install "symdiff[special]"'
_SP = None


def _sp():
    """``scipy.special``, or SymdiffError naming the extra."""
    global _SP
    if _SP is None:
        try:
            import scipy.special as sp
        except ImportError:
            raise SymdiffError("evaluating special functions needs SciPy; install it with "
                               + INSTALL) from None
        _SP = sp
    return _SP


def namespace():
    """This module, once SciPy is importable (else SymdiffError)."""
    _sp()
    return sys.modules[__name__]


def _np():
    import numpy as np
    return np


def _real_or_nan(w, like):
    """``w`` (complex) as real where the input ``like`` is real: its real
    part where the imaginary part is 0, NaN elsewhere."""
    np = _np()
    if np.iscomplexobj(like):
        return w
    w, like = np.asarray(w), np.asarray(like)
    out = np.where(w.imag == 0, w.real, np.nan)
    return out.astype(like.dtype if like.dtype.kind == "f" else np.float64)[()]


def _mpmath(fn_name: str, *args, call=None):
    """Element-wise through mpmath (functions SciPy lacks); ``call(mpmath,
    *values)`` where the function is no plain ``mpmath.<fn_name>``."""
    try:
        import mpmath
    except ImportError:
        raise SymdiffError(f"{fn_name} is evaluated through mpmath, which is not installed "
                           "(pip install mpmath)") from None
    np = _np()
    f = getattr(mpmath, fn_name) if call is None else (lambda *v: call(mpmath, *v))
    cplx = any(np.iscomplexobj(a) for a in args)

    def one(*v):
        try:
            r = f(*v)
        except (ValueError, ZeroDivisionError, ArithmeticError):
            return complex("nan") if cplx else float("nan")
        r = complex(r)
        if cplx:
            return r
        return r.real if r.imag == 0 else float("nan")
    out = np.frompyfunc(one, len(args), 1)(*args)
    dtype = np.result_type(*[np.asarray(a).dtype for a in args], np.float64 if not cplx
                           else np.complex128)
    return np.asarray(out, dtype=dtype)[()]


# -- error functions, gamma family --------------------------------------
def erf(x): return _sp().erf(x)
def erfc(x): return _sp().erfc(x)
def erfi(x): return _sp().erfi(x)
def erfinv(x): return _sp().erfinv(x)
def gamma(x): return _sp().gamma(x)
def loggamma(x): return _sp().loggamma(x)
def digamma(x): return _sp().psi(x)
def factorial(x): return _sp().gamma(_np().add(x, 1))
def beta(a, b): return _sp().beta(a, b)
def binomial(n, k): return _sp().binom(n, k)


def _integral(v) -> bool:
    np = _np()
    v = np.asarray(v)
    if np.iscomplexobj(v):
        if np.any(v.imag != 0):
            return False
        v = v.real
    return bool(np.all(v == np.round(v)))


def polygamma(n, x):
    np = _np()
    if np.iscomplexobj(x) or not _integral(n) or np.any(np.asarray(n) < 0):
        return _mpmath("polygamma", n, x)
    return _sp().polygamma(np.asarray(np.real(n)).astype(int), x)[()]


def uppergamma(a, x):
    sp = _sp()
    return sp.gammaincc(a, x) * sp.gamma(a)


def lowergamma(a, x):
    sp = _sp()
    return sp.gammainc(a, x) * sp.gamma(a)


# -- Bessel and Airy ----------------------------------------------------
def besselj(nu, x): return _sp().jv(nu, x)
def bessely(nu, x): return _sp().yv(nu, x)
def besseli(nu, x): return _sp().iv(nu, x)
def besselk(nu, x): return _sp().kv(nu, x)
def airyai(x): return _sp().airy(x)[0]
def airyaiprime(x): return _sp().airy(x)[1]
def airybi(x): return _sp().airy(x)[2]
def airybiprime(x): return _sp().airy(x)[3]


# -- exponential and trigonometric integrals ----------------------------
def Ei(x): return _sp().expi(x)
def Si(x): return _sp().sici(x)[0]
def Shi(x): return _sp().shichi(x)[0]


def _neg_nan(v, x):
    """NaN where a real ``x`` is negative (the value is not real there)."""
    np = _np()
    if np.iscomplexobj(x):
        return v
    return np.where(np.asarray(x) < 0, np.nan, v)[()]


def Ci(x): return _neg_nan(_sp().sici(x)[1], x)
def Chi(x): return _neg_nan(_sp().shichi(x)[1], x)


def li(x):
    np = _np()
    return _neg_nan(_sp().expi(np.log(x)), x)


def expint(n, x):
    np = _np()
    sp = _sp()
    n_arr = np.asarray(n)
    if not np.iscomplexobj(x) and _integral(n) and np.all(n_arr >= 0):
        return sp.expn(np.asarray(np.real(n_arr)).astype(int), x)[()]
    return _mpmath("expint", n, x)


def fresnels(x): return _sp().fresnel(x)[0]
def fresnelc(x): return _sp().fresnel(x)[1]


# -- Lambert W, polylogarithm, zeta -------------------------------------
def LambertW(x, k=0):
    np = _np()
    if not _integral(k):
        raise SymdiffError("LambertW(x, k): the branch k must be an integer")
    return _real_or_nan(_sp().lambertw(x, np.asarray(np.real(k)).astype(int)), x)


def polylog(s, z):
    np = _np()
    s_arr = np.asarray(s)
    if s_arr.ndim == 0 and s_arr == 1:
        return -np.log1p(-np.asarray(z))[()]
    if s_arr.ndim == 0 and s_arr == 2:
        z = np.asarray(z)
        if not np.iscomplexobj(z):
            return np.where(z <= 1, _sp().spence(np.where(z <= 1, 1 - z, 0.0)), np.nan)[()]
        return _sp().spence(1 - z)
    return _mpmath("polylog", s, z)


def zeta(s, a=None):
    np = _np()
    sp = _sp()
    if np.iscomplexobj(s) or np.iscomplexobj(a):
        return _mpmath("zeta", s) if a is None else _mpmath("zeta", s, a)
    if a is None:
        return sp.zeta(s)
    if np.all(np.asarray(s) > 1):
        return sp.zeta(s, a)
    return _mpmath("zeta", s, a)


# -- elliptic integrals (parameter m) ------------------------------------
def elliptic_k(m): return _sp().ellipk(m)


def elliptic_e(a, m=None):
    sp = _sp()
    return sp.ellipe(a) if m is None else sp.ellipeinc(a, m)


def elliptic_f(phi, m): return _sp().ellipkinc(phi, m)


def elliptic_pi(n, a, m=None):
    """Pi(n; phi | m) by Carlson's forms, for |phi| <= pi/2 (complete: phi = pi/2)."""
    np = _np()
    sp = _sp()
    if m is None:
        m, phi = a, np.pi / 2
    else:
        phi = a
    s, c = np.sin(phi), np.cos(phi)
    s2 = s * s
    return (s * sp.elliprf(c * c, 1 - m * s2, 1.0)
            + np.multiply(n, s * s2) / 3 * sp.elliprj(c * c, 1 - m * s2, 1.0, 1 - np.multiply(n, s2)))


# -- hypergeometric --------------------------------------------------------
def hyp2f1(a, b, c, z): return _sp().hyp2f1(a, b, c, z)
def appellf1(a, b1, b2, c, x, y): return _mpmath("appellf1", a, b1, b2, c, x, y)
def hyp2f2(a1, a2, b1, b2, z): return _mpmath("hyp2f2", a1, a2, b1, b2, z)


def _meijerg_ugamma(a, x):
    """sympy's meijerg(((), (1, 1)), ((0, 0, a), ()), x)."""
    return _mpmath("meijerg", a, x, call=lambda mp, a, x: mp.meijerg([[], [1, 1]], [[0, 0, a], []], x))


# -- array-API namespaces -------------------------------------------------
# sympy name -> the scipy-style name array libraries use
XP_NAMES = {"erf": "erf", "erfc": "erfc", "erfinv": "erfinv", "gamma": "gamma",
            "loggamma": "gammaln", "digamma": "digamma", "polygamma": "polygamma",
            "beta": "beta", "factorial": "factorial", "Ei": "expi", "zeta": "zeta",
            "hyp2f1": "hyp2f1", "erfi": "erfi", "besselj": "jv", "bessely": "yv",
            "besseli": "iv", "besselk": "kv", "expint": "expn"}
_XP_MODULES = {"jax": "jax.scipy.special", "cupy": "cupyx.scipy.special", "torch": "torch.special"}


class _XPSpecial:
    """Special functions over one array library's special-function module."""

    def __init__(self, lib: str, mod):
        self._lib, self._mod = lib, mod

    def __getattr__(self, name: str):
        f = getattr(self._mod, XP_NAMES.get(name, "\0"), None)
        if f is None:
            raise SymdiffError(f"{name} is not available for {self._lib} arrays "
                               f"({self._mod.__name__} has no {XP_NAMES.get(name, name)}); "
                               "evaluate on NumPy arrays instead")
        if name in _INTEGER_FIRST:
            return _integer_first(f)
        return f


# rows whose first argument JAX and PyTorch take as an integer only (the
# compiled code passes constants as Python floats)
_INTEGER_FIRST = frozenset({"polygamma", "expint"})


def _integer_first(f):
    def g(n, *rest):
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        return f(n, *rest)
    return g


def xp_namespace(xp):
    """The special functions for array-API namespace ``xp`` (JAX, CuPy,
    PyTorch); SymdiffError for a library without such a module."""
    lib = getattr(xp, "__name__", "").split(".")[-2 if "compat" in getattr(xp, "__name__", "") else 0]
    for key, modname in _XP_MODULES.items():
        if key in getattr(xp, "__name__", ""):
            import importlib
            try:
                return _XPSpecial(key, importlib.import_module(modname))
            except ImportError:
                break
    raise SymdiffError(f"special functions are not available for arrays of "
                       f"{getattr(xp, '__name__', xp)!s} ({lib}); evaluate on NumPy, JAX, "
                       "CuPy or PyTorch arrays")
