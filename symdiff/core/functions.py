"""The function registry: one row per elementary function.

Parser, differentiator, printers and code generators all read these rows;
adding a function is adding a row. Derivative rules are expression
templates in the placeholders ``x`` (first argument) and ``y`` (second
argument; so for ``atan2(y, x)`` the template's ``x`` is the ``y``).
Construction-time values (``exp(0) -> 1``) are applied by
:func:`symdiff.core.nodes.Fn` from the ``real`` and ``values`` columns.

Differentiation variables are real. A function that is not holomorphic
(``re``, ``im``, ``conjugate``), or whose template holds only for a real
argument (``Abs``, ``sign``), also has a ``dreal`` template: the derivative
of ``f(x)`` along a real variable in the placeholders ``x`` (the argument)
and ``dx`` (the argument's derivative). It is used wherever the argument is
not known to be real (``deriv`` is empty when the function has no
holomorphic rule at all).

>>> lookup("ln").name, lookup("arcsin").name
('log', 'asin')
"""
from __future__ import annotations

import math
from collections import namedtuple

from ..errors import SymdiffError
from .nonsmooth import rows as nonsmooth_rows

# A row is an immutable named tuple (not a dataclass: ``dataclasses`` imports
# ``inspect``, ~10 ms of command-line start-up).
Function = namedtuple("Function", [
    "name",      # canonical (sympy) spelling, used when printing
    "deriv",     # partial derivative template per argument
    "numpy",     # NumPy expression, {0} {1} are the arguments
    "latex",     # LaTeX template
    "aliases",   # other names the parser accepts
    "nargs",     # accepted argument counts
    "real",      # float evaluator for folding float arguments (or None)
    "values",    # exact values at exact numbers
    "domain",    # domain / branch notes
    "dreal",     # derivative along real variables, in x and dx (see above), or ""
], defaults=((), (1,), None, {}, "", ""))


def _recip(f):
    return lambda v: f(1 / v)


# (np.real and np.imag return views: the NumPy kernel recycles its buffers,
# so those rows copy; a view would change with the buffer it looks into.)
_ROWS = [
    # name    derivative template(s)                 numpy                          latex
    Function("sin", ("cos(x)",), "np.sin({0})", r"\sin{\left({0} \right)}", real=math.sin, values={0: 0}),
    Function("cos", ("-sin(x)",), "np.cos({0})", r"\cos{\left({0} \right)}", real=math.cos, values={0: 1}),
    Function("tan", ("tan(x)**2 + 1",), "np.tan({0})", r"\tan{\left({0} \right)}", real=math.tan, values={0: 0}),
    Function("cot", ("-cot(x)**2 - 1",), "1/np.tan({0})", r"\cot{\left({0} \right)}", real=lambda v: 1 / math.tan(v)),
    Function("sec", ("sec(x)*tan(x)",), "1/np.cos({0})", r"\sec{\left({0} \right)}", real=lambda v: 1 / math.cos(v), values={0: 1}),
    Function("csc", ("-cot(x)*csc(x)",), "1/np.sin({0})", r"\csc{\left({0} \right)}", real=lambda v: 1 / math.sin(v)),
    Function("asin", ("1/sqrt(1 - x**2)",), "np.arcsin({0})", r"\operatorname{asin}{\left({0} \right)}", aliases=("arcsin",), real=math.asin, values={0: 0}),
    Function("acos", ("-1/sqrt(1 - x**2)",), "np.arccos({0})", r"\operatorname{acos}{\left({0} \right)}", aliases=("arccos",), real=math.acos, values={1: 0}),
    Function("atan", ("1/(x**2 + 1)",), "np.arctan({0})", r"\operatorname{atan}{\left({0} \right)}", aliases=("arctan",), real=math.atan, values={0: 0}),
    Function("acot", ("-1/(x**2 + 1)",), "np.arctan(1/{0})", r"\operatorname{acot}{\left({0} \right)}", aliases=("arccot",), real=_recip(math.atan), domain="acot(x) = atan(1/x)"),
    Function("asec", ("1/(x**2*sqrt(1 - 1/x**2))",), "np.arccos(1/{0})", r"\operatorname{asec}{\left({0} \right)}", aliases=("arcsec",), real=_recip(math.acos), values={1: 0}, domain="asec(x) = acos(1/x)"),
    Function("acsc", ("-1/(x**2*sqrt(1 - 1/x**2))",), "np.arcsin(1/{0})", r"\operatorname{acsc}{\left({0} \right)}", aliases=("arccsc",), real=_recip(math.asin), domain="acsc(x) = asin(1/x)"),
    Function("sinh", ("cosh(x)",), "np.sinh({0})", r"\sinh{\left({0} \right)}", real=math.sinh, values={0: 0}),
    Function("cosh", ("sinh(x)",), "np.cosh({0})", r"\cosh{\left({0} \right)}", real=math.cosh, values={0: 1}),
    Function("tanh", ("1 - tanh(x)**2",), "np.tanh({0})", r"\tanh{\left({0} \right)}", real=math.tanh, values={0: 0}),
    Function("coth", ("1 - coth(x)**2",), "1/np.tanh({0})", r"\coth{\left({0} \right)}", real=lambda v: 1 / math.tanh(v)),
    Function("sech", ("-sech(x)*tanh(x)",), "1/np.cosh({0})", r"\operatorname{sech}{\left({0} \right)}", real=lambda v: 1 / math.cosh(v), values={0: 1}),
    Function("csch", ("-coth(x)*csch(x)",), "1/np.sinh({0})", r"\operatorname{csch}{\left({0} \right)}", real=lambda v: 1 / math.sinh(v)),
    Function("asinh", ("1/sqrt(x**2 + 1)",), "np.arcsinh({0})", r"\operatorname{asinh}{\left({0} \right)}", aliases=("arcsinh",), real=math.asinh, values={0: 0}),
    Function("acosh", ("1/(sqrt(x - 1)*sqrt(x + 1))",), "np.arccosh({0})", r"\operatorname{acosh}{\left({0} \right)}", aliases=("arccosh",), real=math.acosh, values={1: 0}),
    Function("atanh", ("1/(1 - x**2)",), "np.arctanh({0})", r"\operatorname{atanh}{\left({0} \right)}", aliases=("arctanh",), real=math.atanh, values={0: 0}),
    Function("acoth", ("1/(1 - x**2)",), "np.arctanh(1/{0})", r"\operatorname{acoth}{\left({0} \right)}", aliases=("arccoth",), real=_recip(math.atanh), domain="acoth(x) = atanh(1/x)"),
    Function("asech", ("-1/(x*sqrt(1 - x**2))",), "np.arccosh(1/{0})", r"\operatorname{asech}{\left({0} \right)}", aliases=("arcsech",), real=_recip(math.acosh), values={1: 0}, domain="asech(x) = acosh(1/x)"),
    Function("acsch", ("-1/(x**2*sqrt(1 + 1/x**2))",), "np.arcsinh(1/{0})", r"\operatorname{acsch}{\left({0} \right)}", aliases=("arccsch",), real=_recip(math.asinh), domain="acsch(x) = asinh(1/x)"),
    Function("exp", ("exp(x)",), "np.exp({0})", r"e^{{0}}", real=math.exp, values={0: 1}),
    Function("log", ("1/x",), "np.log({0})", r"\log{\left({0} \right)}", aliases=("ln",), nargs=(1, 2), real=lambda v: math.log(v) if v > 0 else None, values={1: 0}, domain="principal branch; log(x, b) = log(x)/log(b)"),
    Function("sqrt", ("1/(2*sqrt(x))",), "np.sqrt({0})", r"\sqrt{{0}}", domain="principal branch; sqrt(x) is x**(1/2)"),
    Function("Abs", ("sign(x)",), "np.abs({0})", r"\left|{{0}}\right|", aliases=("abs",), real=abs, domain="Abs'(x) = sign(x) (real x; Abs'(0) = 0); (re(x)*re(x') + im(x)*im(x'))/Abs(x) otherwise",
             dreal="(re(x)*re(dx) + im(x)*im(dx))/Abs(x)"),
    Function("sign", ("0",), "np.sign({0})", r"\operatorname{sign}{\left({0} \right)}", real=lambda v: float((v > 0) - (v < 0)), domain="sign'(x) = 0 (real x, also at 0 by convention); sign(x) = x/Abs(x) otherwise",
             dreal="(dx - sign(x)*(re(x)*re(dx) + im(x)*im(dx))/Abs(x))/Abs(x)"),
    Function("re", (), "np.real({0}).copy()", r"\operatorname{re}{\left({0}\right)}", real=lambda v: v, domain="real part; re(u)' = re(u') (real variables)", dreal="re(dx)"),
    Function("im", (), "np.imag({0}).copy()", r"\operatorname{im}{\left({0}\right)}", real=lambda v: 0.0, domain="imaginary part; im(u)' = im(u') (real variables)", dreal="im(dx)"),
    Function("conjugate", (), "np.conj({0})", r"\overline{{0}}", real=lambda v: v, domain="complex conjugate; conjugate(u)' = conjugate(u') (real variables)", dreal="conjugate(dx)"),
    Function("atan2", ("y/(x**2 + y**2)", "-x/(x**2 + y**2)"), "np.arctan2({0}, {1})", r"\operatorname{atan_{2}}{\left({0},{1} \right)}", aliases=("arctan2",), nargs=(2,), real=math.atan2, domain="atan2(y, x), real arguments"),
]

_ROWS += nonsmooth_rows(Function)   # Heaviside, Max, ..., relations, Piecewise
from .special_functions import ROWS as _SPECIAL_ROWS   # noqa: E402  (special functions)
_ROWS += [Function(**r) for r in _SPECIAL_ROWS]

REGISTRY: dict[str, Function] = {r.name: r for r in _ROWS}
NAMES: dict[str, Function] = {a: r for r in _ROWS for a in (r.name, *r.aliases)
                              if not r.name.startswith("_")}   # _rows: internal


def per_arity(column, nargs: int):
    """A row's ``deriv``, ``numpy`` or ``latex`` entry for a call with
    ``nargs`` arguments (rows of several arities give those columns as
    dicts by argument count, see ``special_functions.py``)."""
    return column[nargs] if isinstance(column, dict) else column


def lookup(name: str) -> Function:
    """The row for a function name or alias; unknown names suggest the nearest."""
    row = NAMES.get(name)
    if row is None:
        raise SymdiffError(f"unknown function {name!r}" + suggest(name))
    return row


def suggest(name: str) -> str:
    """A did-you-mean suffix for an unknown function name ('' if none)."""
    import difflib
    near = difflib.get_close_matches(name, list(NAMES), n=1, cutoff=0.6)
    if not near and name.lower() in NAMES:
        near = [name.lower()]
    return f"; did you mean {near[0]!r}?" if near else ""
