"""Registry rows of the special functions (appended to ``functions.REGISTRY``).

Names and argument order are sympy's. Derivative templates are in the
placeholders ``x`` (argument 0), ``y`` (argument 1) and ``x2`` ... ``x5``
(arguments 2 to 5); a ``None`` template means the partial derivative in
that argument has no closed form (Bessel functions in their order,
``polylog`` in ``s``, ``hyp2f1`` and ``hyp2f2`` in their parameters). The
parameter derivatives: d/da lowergamma(a, x) = log(x)*lowergamma(a, x) -
x**a/a**2*hyper((a, a), (a + 1, a + 1), -x) (termwise in the series
lowergamma(a, x) = sum_k (-1)**k*x**(a + k)/(k!*(a + k))); d/da
uppergamma(a, x) = log(x)*uppergamma(a, x) + G(a, x) as sympy, with G the
Meijer G function meijerg(((), (1, 1)), ((0, 0, a), ()), x) =
integral_x^oo t**(a - 1)*exp(-t)*log(t/x) dt (the internal row
``_meijerg_ugamma(a, x)``; d/dx G = -uppergamma(a, x)/x). Each form is
free of cancellation where its function is small (lowergamma for small x,
uppergamma for large x). Rows that take
several argument counts (``zeta(s)``, ``zeta(s, a)``) give ``deriv``,
``numpy`` and ``latex`` per count, as dicts. A LaTeX template is a string
with ``{0}``, ``{1}`` ... for the arguments, or a tuple of strings and
argument indices (an index with a precedence, ``(0, "atom")``, puts
parentheses around anything but an atom), where the text has literal
``{1}`` of its own (``{}_{2}F_{1}``).

NumPy forms call ``_sc.<name>``: the functions of
:mod:`symdiff.core.special_numeric` (``scipy.special`` underneath,
imported only when code is compiled or evaluated). Float folding at
construction uses :mod:`math` only; exact values and canonical forms are
in :mod:`symdiff.core.special_values`.

>>> from symdiff.core.functions import lookup
>>> lookup("besselj").nargs, lookup("zeta").nargs
((2,), (1, 2))
"""
from __future__ import annotations

import math



def Function(name, deriv, numpy, latex, **kw) -> dict:
    """A row as the keyword arguments of ``functions.Function`` (this module
    cannot import that one: it imports this)."""
    return dict(name=name, deriv=deriv, numpy=numpy, latex=latex, **kw)


def _pos(f):
    """``f`` for positive arguments only (None elsewhere: no folding)."""
    return lambda *v: f(*v) if all(a > 0 for a in v) else None


def _gamma(v):
    return None if v <= 0 and v == int(v) else math.gamma(v)


def _beta(a, b):
    return math.exp(math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))


def _f(name: str, n: int = 1) -> str:
    return f"_sc.{name}(" + ", ".join("{%d}" % i for i in range(n)) + ")"


def _op(name: str, n: int = 1) -> str:
    """sympy's ``\\operatorname{name}{\\left(a,b \\right)}``."""
    return r"\operatorname{%s}{\left(%s \right)}" % (name, ",".join("{%d}" % i for i in range(n)))


ROWS = [  # (one dict per row; functions.py makes them Function rows)
    # error functions
    Function("erf", ("2*exp(-x**2)/sqrt(pi)",), _f("erf"), _op("erf"), real=math.erf, domain="odd: erf(-x) = -erf(x)"),
    Function("erfc", ("-2*exp(-x**2)/sqrt(pi)",), _f("erfc"), _op("erfc"), real=math.erfc, domain="erfc(-x) = 2 - erfc(x)"),
    Function("erfi", ("2*exp(x**2)/sqrt(pi)",), _f("erfi"), _op("erfi"), domain="odd"),
    Function("erfinv", ("sqrt(pi)*exp(erfinv(x)**2)/2",), _f("erfinv"), _op("erfinv"), domain="real x in (-1, 1)"),
    # gamma family
    Function("gamma", ("gamma(x)*polygamma(0, x)",), _f("gamma"), r"\Gamma\left({0}\right)", real=_gamma, domain="poles at 0, -1, -2, ..."),
    Function("loggamma", ("polygamma(0, x)",), _f("loggamma"), _op("loggamma"), real=_pos(math.lgamma), domain="log(gamma(x)) for x > 0; principal branch as sympy elsewhere"),
    Function("digamma", ("polygamma(1, x)",), _f("digamma"), _op("digamma"), domain="digamma(x) is built as polygamma(0, x), as sympy"),
    Function("polygamma", (None, "polygamma(x + 1, y)"), _f("polygamma", 2), _op("polygamma", 2), nargs=(2,), domain="polygamma(n, x), integer n >= 0"),
    Function("beta", ("beta(x, y)*(polygamma(0, x) - polygamma(0, x + y))",
                      "beta(x, y)*(polygamma(0, y) - polygamma(0, x + y))"),
             _f("beta", 2), r"\operatorname{B}\left({0}, {1}\right)", nargs=(2,), real=_pos(_beta)),
    Function("factorial", ("gamma(x + 1)*polygamma(0, x + 1)",), _f("factorial"), ((0, "atom"), "!"),
             real=lambda v: _gamma(v + 1), domain="gamma(x + 1)"),
    Function("binomial", ("binomial(x, y)*(polygamma(0, x + 1) - polygamma(0, x - y + 1))",
                          "binomial(x, y)*(polygamma(0, x - y + 1) - polygamma(0, y + 1))"),
             _f("binomial", 2), r"{\binom{{0}}{{1}}}", nargs=(2,), domain="gamma(n + 1)/(gamma(k + 1)*gamma(n - k + 1))"),
    Function("uppergamma", ("log(y)*uppergamma(x, y) + meijerg(((), (1, 1)), ((0, 0, x), ()), y)", "-y**(x - 1)*exp(-y)"), _f("uppergamma", 2), r"\Gamma\left({0}, {1}\right)", nargs=(2,), domain="upper incomplete gamma; compiled for a > 0"),
    Function("lowergamma", ("log(y)*lowergamma(x, y) - y**x*hyp2f2(x, x, x + 1, x + 1, -y)/x**2", "y**(x - 1)*exp(-y)"), _f("lowergamma", 2), r"\gamma\left({0}, {1}\right)", nargs=(2,), domain="lower incomplete gamma; compiled for a > 0"),
    # Bessel and Airy
    Function("besselj", (None, "besselj(x - 1, y)/2 - besselj(x + 1, y)/2"), _f("besselj", 2), r"J_{{0}}\left({1}\right)", nargs=(2,)),
    Function("bessely", (None, "bessely(x - 1, y)/2 - bessely(x + 1, y)/2"), _f("bessely", 2), r"Y_{{0}}\left({1}\right)", nargs=(2,)),
    Function("besseli", (None, "besseli(x - 1, y)/2 + besseli(x + 1, y)/2"), _f("besseli", 2), r"I_{{0}}\left({1}\right)", nargs=(2,)),
    Function("besselk", (None, "-besselk(x - 1, y)/2 - besselk(x + 1, y)/2"), _f("besselk", 2), r"K_{{0}}\left({1}\right)", nargs=(2,)),
    Function("airyai", ("airyaiprime(x)",), _f("airyai"), r"Ai\left({0}\right)"),
    Function("airybi", ("airybiprime(x)",), _f("airybi"), r"Bi\left({0}\right)"),
    Function("airyaiprime", ("x*airyai(x)",), _f("airyaiprime"), r"Ai^\prime\left({0}\right)"),
    Function("airybiprime", ("x*airybi(x)",), _f("airybiprime"), r"Bi^\prime\left({0}\right)"),
    # exponential and trigonometric integrals
    Function("Ei", ("exp(x)/x",), _f("Ei"), _op("Ei")),
    Function("Si", ("sin(x)/x",), _f("Si"), _op("Si"), domain="odd"),
    Function("Ci", ("cos(x)/x",), _f("Ci"), _op("Ci"), domain="real for x > 0"),
    Function("Shi", ("sinh(x)/x",), _f("Shi"), _op("Shi"), domain="odd"),
    Function("Chi", ("cosh(x)/x",), _f("Chi"), r"\operatorname{Chi}\left({0}\right)", domain="real for x > 0"),
    Function("li", ("1/log(x)",), _f("li"), _op("li"), domain="li(x) = Ei(log(x))"),
    Function("expint", (None, "-expint(x - 1, y)"), _f("expint", 2), r"\operatorname{E}_{{0}}\left({1}\right)", nargs=(2,), domain="expint(n, x); compiled for integer n >= 0"),
    Function("fresnels", ("sin(pi*x**2/2)",), _f("fresnels"), r"S\left({0}\right)", domain="odd"),
    Function("fresnelc", ("cos(pi*x**2/2)",), _f("fresnelc"), r"C\left({0}\right)", domain="odd"),
    # Lambert W, polylogarithm, zeta
    Function("LambertW", {1: ("LambertW(x)/(x*(LambertW(x) + 1))",),
                          2: ("LambertW(x, y)/(x*(LambertW(x, y) + 1))", None)},
             {1: _f("LambertW"), 2: _f("LambertW", 2)},
             {1: r"W\left({0}\right)", 2: r"W_{{1}}\left({0}\right)"}, nargs=(1, 2),
             domain="LambertW(x, k): branch k (integer); LambertW(x, 0) is LambertW(x)"),
    Function("polylog", (None, "polylog(x - 1, y)/y"), _f("polylog", 2), r"\operatorname{Li}_{{0}}\left({1}\right)", nargs=(2,),
             domain="polylog(s, z); compiled for integer s <= 2 (else through mpmath)"),
    Function("zeta", {1: (None,), 2: (None, "-x*zeta(x + 1, y)")}, {1: _f("zeta"), 2: _f("zeta", 2)},
             {1: r"\zeta\left({0}\right)", 2: r"\zeta\left({0}, {1}\right)"}, nargs=(1, 2),
             domain="Riemann zeta(s), Hurwitz zeta(s, a); zeta(s, 1) is zeta(s)"),
    # elliptic integrals (parameter m, as sympy and scipy)
    Function("elliptic_k", ("(elliptic_e(x) - (1 - x)*elliptic_k(x))/(2*x*(1 - x))",), _f("elliptic_k"), r"K\left({0}\right)"),
    Function("elliptic_e", {1: ("(elliptic_e(x) - elliptic_k(x))/(2*x)",),
                            2: ("sqrt(1 - y*sin(x)**2)", "(elliptic_e(x, y) - elliptic_f(x, y))/(2*y)")},
             {1: _f("elliptic_e"), 2: _f("elliptic_e", 2)},
             {1: r"E\left({0}\right)", 2: r"E\left({0}\middle| {1}\right)"}, nargs=(1, 2),
             domain="elliptic_e(m), elliptic_e(phi, m)"),
    Function("elliptic_f", ("1/sqrt(1 - y*sin(x)**2)",
                            "elliptic_e(x, y)/(2*y*(1 - y)) - elliptic_f(x, y)/(2*y) - sin(2*x)/(4*(1 - y)*sqrt(1 - y*sin(x)**2))"),
             _f("elliptic_f", 2), r"F\left({0}\middle| {1}\right)", nargs=(2,)),
    Function("elliptic_pi", {2: ("(elliptic_e(y) + (y - x)*elliptic_k(y)/x + (x**2 - y)*elliptic_pi(x, y)/x)/(2*(y - x)*(x - 1))",
                                 "(elliptic_pi(x, y) + elliptic_e(y)/(y - 1))/(2*(x - y))"),
                             3: ("(elliptic_e(y, x2) + (x2 - x)*elliptic_f(y, x2)/x + (x**2 - x2)*elliptic_pi(x, y, x2)/x"
                                 " - x*sqrt(1 - x2*sin(y)**2)*sin(2*y)/(2*(1 - x*sin(y)**2)))/(2*(x2 - x)*(x - 1))",
                                 "1/((1 - x*sin(y)**2)*sqrt(1 - x2*sin(y)**2))",
                                 "(elliptic_pi(x, y, x2) + elliptic_e(y, x2)/(x2 - 1) - x2*sin(2*y)/(2*(x2 - 1)*sqrt(1 - x2*sin(y)**2)))/(2*(x - x2))")},
             {2: _f("elliptic_pi", 2), 3: _f("elliptic_pi", 3)},
             {2: r"\Pi\left({0}\middle| {1}\right)", 3: r"\Pi\left({0}; {1}\middle| {2}\right)"}, nargs=(2, 3),
             domain="elliptic_pi(n, m), elliptic_pi(n, phi, m); compiled for |phi| <= pi/2"),
    # hypergeometric
    Function("hyp2f1", (None, None, None, "x*y*hyp2f1(x + 1, y + 1, x2 + 1, x3)/x2"), _f("hyp2f1", 4),
             (r"{{}_{2}F_{1}\left(\begin{matrix} ", 0, ", ", 1, r" \\ ", 2, r" \end{matrix}\middle| {", 3, r"} \right)}"),
             nargs=(4,), domain="sympy's hyper([a, b], [c], z)"),
    Function("hyp2f2", (None, None, None, None, "x*y*hyp2f2(x + 1, y + 1, x2 + 1, x3 + 1, x4)/(x2*x3)"), _f("hyp2f2", 5),
             (r"{{}_{2}F_{2}\left(\begin{matrix} ", 0, ", ", 1, r" \\ ", 2, ", ", 3, r" \end{matrix}\middle| {", 4, r"} \right)}"),
             nargs=(5,), domain="sympy's hyper((a1, a2), (b1, b2), z), printed so; compiled through mpmath"),
    Function("_meijerg_ugamma", (None, "-uppergamma(x, y)/y"), _f("_meijerg_ugamma", 2),
             (r"{G_{2, 3}^{3, 0}\left(\begin{matrix}  & 1, 1 \\0, 0, ", 0, r" &  \end{matrix} \middle| {", 1, r"} \right)}"),
             nargs=(2,), domain="sympy's meijerg(((), (1, 1)), ((0, 0, a), ()), x), printed so (internal: "
                                "read from that form only); compiled through mpmath"),
    Function("appellf1", (None, None, None, None, "x*y*appellf1(x + 1, y + 1, x2, x3 + 1, x4, x5)/x3",
                          "x*x2*appellf1(x + 1, y, x2 + 1, x3 + 1, x4, x5)/x3"), _f("appellf1", 6),
             (r"\operatorname{appellf}_{1}{\left(", 0, ",", 1, ",", 2, ",", 3, ",", 4, ",", 5, r" \right)}"),
             nargs=(6,), domain="appellf1(a, b1, b2, c, x, y); compiled through mpmath"),
    # accurate elementary forms (sympy.codegen.cfunctions)
    Function("log1p", ("1/(x + 1)",), "np.log1p({0})", _op("log1p"), real=lambda v: math.log1p(v) if v > -1 else None, domain="log(1 + x)"),
    Function("expm1", ("exp(x)",), "np.expm1({0})", r"\operatorname{expm}_{1}{\left({0} \right)}", real=math.expm1, domain="exp(x) - 1"),
]

NAMES = frozenset(r["name"] for r in ROWS)
