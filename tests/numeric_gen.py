"""Random expressions for the numeric regression tests and fuzz classes:
branch-cut functions of real (often negated) constants, and of affine
functions of one variable. Text only; the oracles are sympy and mpmath."""
from __future__ import annotations

import random

LEAVES = ["pi", "E", "sqrt(2)", "sqrt(3)", "2", "3", "7/2", "1/3", "5/7", "log(2)", "exp(2)",
          "13/10", "sin(1)", "atan(3)"]
CUTS = ["sqrt", "log", "acos", "asin", "atanh", "acosh", "asinh", "atan", "acoth", "asec",
        "acsc", "asech", "acsch", "acot"]
POWERS = ["1/3", "2/5", "-1/2", "3/2", "-2/3", "5/2", "1/7", "0.3"]


def real_const(rng: random.Random) -> str:
    """A real constant: leaves under +, -, *, / and negation."""
    a = rng.choice(LEAVES)
    if rng.random() < 0.6:
        a = f"({a} {rng.choice('+-*/')} {rng.choice(LEAVES)})"
    if rng.random() < 0.7:
        a = f"(-{a})"
    return a


def cut_term(rng: random.Random, arg: str) -> str:
    """A branch-cut function or fractional power of ``arg``."""
    if rng.random() < 0.25:
        return f"{arg}**({rng.choice(POWERS)})"
    return f"{rng.choice(CUTS)}({arg})"


def constant_expr(rng: random.Random) -> str:
    """Branch-cut functions of real constants, combined by + and *."""
    e = cut_term(rng, real_const(rng))
    for _ in range(rng.randrange(3)):
        e = f"{e} {rng.choice('+*-')} {cut_term(rng, real_const(rng))}"
    return e


def affine(rng: random.Random, var: str = "x") -> str:
    """An affine real function of ``var``, sometimes negated."""
    a = f"{rng.choice(['', '-', '2*', '-3*', '1/2*', '-pi*'])}{var}"
    if rng.random() < 0.6:
        a = f"({a} {rng.choice('+-')} {rng.choice(LEAVES)})"
    return a


def variable_expr(rng: random.Random, var: str = "x") -> str:
    """Branch-cut functions of affine functions of ``var``, maybe times I."""
    e = cut_term(rng, affine(rng, var))
    for _ in range(rng.randrange(3)):
        t = cut_term(rng, affine(rng, var)) if rng.random() < 0.7 else f"I*{cut_term(rng, affine(rng, var))}"
        e = f"{e} {rng.choice('+*-')} {t}"
    return e


def sympy_value(text: str, subs: dict | None = None):
    """sympy's principal value (complex), or None where it is not finite."""
    import sympy
    e = sympy.sympify(text, locals={"E": sympy.E, "I": sympy.I})
    if subs:
        e = e.subs({sympy.Symbol(k): sympy.Float(v, 30) for k, v in subs.items()})
    v = sympy.N(e, 30)
    if v.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan) or not v.is_number:
        return None
    c = complex(v)
    if c != c or abs(c) > 1e12:
        return None
    return c


def near_cut(text: str, subs: dict | None = None) -> bool:
    """Whether an argument of a branch-cut function in ``text`` is within
    1e-9 of a branch point (there float rounding may pick either side)."""
    import sympy
    e = sympy.sympify(text, locals={"E": sympy.E, "I": sympy.I})
    point = {sympy.Symbol(k): sympy.Float(v, 30) for k, v in (subs or {}).items()}
    # the arguments of the expression as written, each evaluated at the point
    # (substituting first would let sympy evaluate acot(0) away, and sympy
    # may already have rewritten acot(-u) as -acot(u): a jump at 0 either way)
    for f in sympy.preorder_traversal(e):
        if isinstance(f, (sympy.Function, sympy.Pow)) and f.args:
            a = f.args[0].subs(point) if point else f.args[0]
            try:
                z = complex(sympy.N(a, 30))
            except (TypeError, ValueError):
                return True
            for b in (0.0, 1.0, -1.0):
                if abs(z - b) < 1e-9:
                    return True
    return False


def close(got, want, rtol: float = 1e-12) -> bool:
    return abs(complex(got) - want) <= rtol * max(1.0, abs(want))
