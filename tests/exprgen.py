"""Hypothesis strategies for random expression text, and numeric oracles.

Expressions are generated as *text* (so the parser is exercised too) from
every registry function; sympy parses the same text independently.
"""
from __future__ import annotations

import cmath
import random

import mpmath
import numpy as np
import sympy
from hypothesis import strategies as st

from symdiff.core.functions import REGISTRY
from symdiff.core.nonsmooth import ROW_NAMES as NONSMOOTH_ROWS   # tested in tests/*/test_nonsmooth*.py

from symdiff.core.special_functions import NAMES as SPECIAL

NONSMOOTH = {"Abs", "sign", "atan2", "re", "im", "conjugate"}   # not holomorphic
# special functions and the nonsmooth rows (Heaviside, Max, Piecewise, ...)
# have tests of their own
ELEMENTARY = sorted(set(REGISTRY) - SPECIAL - NONSMOOTH_ROWS)
ANALYTIC = sorted(set(ELEMENTARY) - NONSMOOTH)
VARS = ["x", "y", "z"]
EXPONENTS = ["2", "3", "-1", "-2", "(1/2)", "(-1/2)", "(3/2)", "(1/3)", "5"]

_leaf = st.one_of(
    st.sampled_from(VARS),
    st.sampled_from(VARS),
    st.integers(-4, 9).map(lambda n: f"({n})" if n < 0 else str(n)),
    st.sampled_from(["(1/2)", "(2/3)", "0.5", "1.25", "pi", "E"]),
)


def _extend(children, funcs):
    return st.one_of(
        st.tuples(st.sampled_from(funcs), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children)
          .map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(children, st.sampled_from(EXPONENTS)).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(children, children).map(lambda t: f"({t[0]})**({t[1]})"),
    )


def expressions(funcs=ANALYTIC, max_leaves: int = 10):
    """Random expression text over ``funcs`` (default: all analytic rows)."""
    return st.recursive(_leaf, lambda c: _extend(c, funcs), max_leaves=max_leaves)


REAL_SAFE = ["sin", "cos", "exp", "atan", "tanh", "sinh", "cosh", "asinh"]
_real_leaf = st.one_of(st.sampled_from(["x", "y"]),
                       st.integers(-3, 5).map(lambda n: f"({n})" if n < 0 else str(n)))


def real_expressions(max_leaves: int = 8):
    """Expressions that are real for real inputs, with Abs/sign/atan2."""
    def ext(c):
        return st.one_of(
            st.tuples(st.sampled_from(REAL_SAFE + ["Abs", "sign"]), c)
              .map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(c, c).map(lambda t: f"atan2({t[0]}, {t[1]})"),
            st.tuples(c, st.sampled_from(["+", "-", "*"]), c).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(c, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})**{t[1]}"),
        )
    return st.recursive(_real_leaf, ext, max_leaves=max_leaves)


# --- oracles -------------------------------------------------------------

SYMS = {v: sympy.Symbol(v) for v in VARS}
ALIASES = {"ln": sympy.log, "abs": sympy.Abs, **{
    "arc" + n[1:]: getattr(sympy, n) for n in ("asin", "acos", "atan", "acot", "asec",
                                               "acsc", "asinh", "acosh", "atanh",
                                               "acoth", "asech", "acsch", "atan2")}}


def sympy_of(text: str):
    """sympy's own reading of the text (aliases sympy lacks mapped by name)."""
    return sympy.sympify(text, locals={**SYMS, **ALIASES})


def mp_eval(sexpr, point: dict):
    """Evaluate a sympy expression at ``point`` with mpmath (30 digits)."""
    mpmath.mp.dps = 30
    syms = sorted(sexpr.free_symbols, key=str)
    try:
        f = sympy.lambdify(syms, sexpr, modules="mpmath")
    except Exception:   # e.g. Derivative(re(...)) from sympy's complex Abs rule
        return None
    try:
        v = complex(f(*[_mp(value_of(point, str(s))) for s in syms]))
    except (ZeroDivisionError, ValueError, OverflowError, TypeError, AttributeError):
        return None
    return v if cmath.isfinite(v) else None


def _mp(v):
    v = complex(v)
    return mpmath.mpf(v.real) if v.imag == 0 else mpmath.mpc(v)


def value_of(point: dict, name: str) -> complex:
    """The point's value for ``name``; names it lacks get a fixed value."""
    if name in point:
        return point[name]
    k = sum(map(ord, name))
    return complex(0.4 + (k % 13) / 10, 0.3 - (k % 7) / 10)


def complex_points(rng: random.Random, n: int = 4) -> list[dict]:
    return [{v: complex(rng.uniform(-2, 2), rng.uniform(-2, 2)) for v in VARS}
            for _ in range(n)]


def close(a: complex, b: complex, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def central_difference(f, x: complex, h: float) -> complex:
    """8th-order central difference of ``f`` at ``x`` along the real axis."""
    w = (4 / 5, -1 / 5, 4 / 105, -1 / 280)
    return sum(wk * (f(x + (k + 1) * h) - f(x - (k + 1) * h)) for k, wk in enumerate(w)) / h


def usable(v) -> bool:
    return v is not None and np.isfinite(v) and abs(v) < 1e6


def sympy_would_hang(e) -> bool:
    """sympy evaluates integer towers like ``9**(9**9)`` exactly (and hangs);
    symdiff keeps them symbolic. Tests skip such inputs before sympy sees them."""
    from symdiff.core.nodes import Op, topo
    for n in topo([e]):
        if n.op is Op.POW and not n.args[0].free and not n.args[1].free:
            ex = n.args[1]
            if ex.op is not Op.NUM or abs(ex.value) > 64:
                return True
    return False


def _polynomial(terms):
    from symdiff.core.nodes import Add, Mul, Num, Pow, Sym
    x, y, z = Sym("x"), Sym("y"), Sym("z")
    return Add(*[Mul(Num(c), Pow(x, Num(i)), Pow(y, Num(j)), Pow(z, Num(k)))
                 for c, i, j, k in terms])


_exps = st.integers(0, 2)
# small integer polynomials in x, y, z (as nodes), for rational functions and GCDs
polynomials = st.lists(st.tuples(st.integers(-3, 3), _exps, _exps, _exps),
                       min_size=1, max_size=4).map(_polynomial)
nonzero_polynomials = polynomials.filter(lambda p: not (p.is_number and p.value == 0))


def parsed_for_sympy(text: str):
    """The node of ``text`` for a property test against sympy: inputs that
    do not parse, would hang sympy, or hold constant calls (which can sit on
    a branch cut) are rejected with ``hypothesis.assume``."""
    from hypothesis import assume
    from symdiff import SymdiffError, parse
    from symdiff.core.nodes import Op, topo
    try:
        e = parse(text)
    except SymdiffError:
        assume(False)
    assume(not sympy_would_hang(e))
    assume(not any(n.op is Op.FN and not n.free for n in topo([e])))
    return e


def agree_at_complex_points(ours: list, refs: list, rnd, names=("x", "y", "z")) -> None:
    """Each of ``ours`` (compiled over ``names``) equals the sympy
    expression beside it at random complex points."""
    from symdiff import compile
    f = compile(ours, list(names))
    for pt in complex_points(rnd, 2):
        with np.errstate(all="ignore"):
            vals = [complex(v) for v in f(*[pt[k] for k in names])]
        for v, ref in zip(vals, refs):
            r = mp_eval(ref, pt)
            if r is None or abs(r) > 1e6 or not np.isfinite(v):
                continue
            assert close(v, r, 1e-6), (pt, v, r)


def run_python(code: str) -> None:
    """Run ``code`` in a fresh interpreter (what a module imports shows only
    there); fail the test with its stderr unless it exits 0."""
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --- nonsmooth functions and Piecewise (tests/property/test_nonsmooth_properties.py) ---

KINKED = ["Abs", "floor", "ceiling", "frac", "Heaviside"]


def nonsmooth_expressions(max_leaves: int = 8):
    """Real expressions mixing Max/Min/Abs/floor/Heaviside/Piecewise into
    the smooth real-safe functions."""
    rel = st.sampled_from(["<", "<=", ">", ">="])

    def ext(c):
        cond = st.tuples(c, rel, c).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})")
        return st.one_of(
            st.tuples(st.sampled_from(REAL_SAFE + KINKED), c).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(st.sampled_from(["Max", "Min"]), st.lists(c, min_size=2, max_size=3))
              .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(c, cond, c).map(lambda t: f"Piecewise(({t[0]}, {t[1]}), ({t[2]}, True))"),
            st.tuples(c, cond, cond, c).map(
                lambda t: f"Piecewise(({t[0]}, ({t[1]}) & ({t[2]})), ({t[3]}, True))"),
            st.tuples(c, st.sampled_from(["+", "-", "*"]), c).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(c, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})**{t[1]}"),
        )
    return st.recursive(_real_leaf, ext, max_leaves=max_leaves)


def kink_distance(expr, point: dict) -> float:
    """How far ``point`` is from the kinks of ``expr`` (a symdiff
    expression): the smallest |a - b| over Max/Min arguments and relation
    sides, |u| under Abs/sign/Heaviside, and the distance of u to the
    integers under floor/ceiling/frac (evaluated in float64)."""
    import symdiff
    from symdiff.core.nodes import Op, topo
    f = symdiff.compile
    gaps = []
    for n in topo([expr]):
        if n.op is not Op.FN or not n.free:
            continue
        a = n.args
        if n.value in ("Max", "Min") or n.value in ("Lt", "Le", "Gt", "Ge", "Eq", "Ne"):
            gaps += [a[i] - a[j] for i in range(len(a)) for j in range(i + 1, len(a))]
        elif n.value in ("Abs", "sign", "Heaviside", "DiracDelta"):
            gaps.append(a[0])
        elif n.value in ("floor", "ceiling", "frac"):
            gaps.append(a[0])
            gaps.append(None)      # marker: distance to the integers
    best = float("inf")
    names = sorted(point)
    for i, g in enumerate(gaps):
        if g is None:
            continue
        with np.errstate(all="ignore"):
            v = float(np.real(f(g, names)(*[point[k] for k in names])))
        if i + 1 < len(gaps) and gaps[i + 1] is None:
            v = v - round(v)
        best = min(best, abs(v)) if not np.isnan(v) else best
    return best


# --- special functions mixed into real expressions (tests/property/test_special_properties.py) ---

# each call keeps its argument ``{}`` inside the function's real domain, so
# real points give real values (positive arguments for the gamma family,
# |m| < 1 for elliptic parameters, |z| < 1 for polylog and hyp2f1)
SPECIAL_CALLS = [
    "erf({})", "erfc({})", "erfi({})", "erfinv(tanh({})/2)",
    "gamma(1 + ({})**2)", "loggamma(1 + ({})**2)", "polygamma(0, 1 + ({})**2)",
    "polygamma(1, 1 + ({})**2)", "beta(1 + ({})**2, 3/2)", "factorial(({})**2)",
    "binomial(5, ({})**2/4)", "uppergamma(5/4, 1 + ({})**2)", "lowergamma(7/4, 1 + ({})**2)",
    "besselj(1, {})", "besselj(3/2, 1 + ({})**2)", "bessely(1, 1 + ({})**2)", "besseli(2, {})",
    "besselk(1/2, 1 + ({})**2)", "airyai({})", "airybi({})", "airyaiprime({})",
    "Ei(1 + ({})**2)", "Si({})", "Ci(1 + ({})**2)", "Shi({})", "Chi(1 + ({})**2)",
    "li(2 + ({})**2)", "expint(2, 1 + ({})**2)", "fresnels({})", "fresnelc({})",
    "LambertW(({})**2)", "polylog(2, tanh({})/2)", "polylog(3, tanh({})/2)",
    "zeta(3, 1 + ({})**2)", "elliptic_k(tanh({})/2)", "elliptic_e(tanh({})/2)",
    "elliptic_e({}, 1/3)", "elliptic_f({}, 1/3)", "elliptic_pi(1/4, tanh({})/2)",
    "elliptic_pi(1/4, atan({}), 1/3)", "hyp2f1(1/2, 3/2, 5/2, tanh({})/2)",
    "log1p(({})**2)", "expm1({})",
]
_special_leaf = st.sampled_from(["x", "y", "x", "y", "x", "y", "2", "(-1)"])
_SPECIAL_SMOOTH = ["sin({})", "cos({})", "atan({})", "tanh({})", "exp(-({})**2)"]


def special_expressions(max_leaves: int = 6, kinks: bool = False):
    """Real expressions mixing special-function calls (``SPECIAL_CALLS``)
    with smooth elementary ones; with ``kinks``, Max/Min/Heaviside and
    two-branch Piecewise too."""
    calls = st.sampled_from(SPECIAL_CALLS + _SPECIAL_SMOOTH)

    def ext(c):
        parts = [
            st.tuples(calls, c).map(lambda t: t[0].replace("{}", t[1])),
            st.tuples(calls, c).map(lambda t: t[0].replace("{}", t[1])),
            st.tuples(c, st.sampled_from(["+", "-", "*"]), c).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(c, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})**{t[1]}"),
        ]
        if kinks:
            rel = st.sampled_from(["<", ">="])
            parts += [
                st.tuples(st.sampled_from(["Max", "Min"]), c, c).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
                st.tuples(c, c).map(lambda t: f"Heaviside({t[0]})*({t[1]})"),
                st.tuples(c, c, rel, c).map(
                    lambda t: f"Piecewise(({t[0]}, ({t[1]}) {t[2]} 0), ({t[3]}, True))"),
            ]
        return st.one_of(*parts)
    inner = st.recursive(_special_leaf, ext, max_leaves=max_leaves)
    special = st.tuples(st.sampled_from(SPECIAL_CALLS), inner).map(lambda t: t[0].replace("{}", t[1]))
    # at least one special call, at the top or beside another subexpression
    return st.one_of(special, st.tuples(special, st.sampled_from(["+", "*"]), inner)
                     .map(lambda t: f"({t[0]}){t[1]}({t[2]})"))


SPECIAL_SYMPY = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z)}


def special_sympy_of(text: str):
    """sympy's reading of special-function text (hyp2f1 as ``hyper``,
    log1p/expm1 from sympy.codegen.cfunctions)."""
    from sympy.codegen.cfunctions import expm1, log1p
    return sympy.sympify(text, locals={**SYMS, **SPECIAL_SYMPY, "log1p": log1p, "expm1": expm1})
