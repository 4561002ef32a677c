#!/usr/bin/env python
"""Verify tests/data/simplify_panel.txt (the simplify() evaluation panel).

Line format (see the header of the panel file):

    category | integrand | antiderivative [| assume: a=positive, x=positive]

Checks, for every line, all independent of symdiff's own differentiation:

1. syntax: sympy string dialect, only known functions, explicit '*', names
   are single lowercase letters (not ``e``) or ``pi``/``E``;
2. real check: ``sympy.diff(antiderivative, x)`` equals the integrand at
   >= 5 random real points where integrand, antiderivative and derivative are
   all real (x in a few positive intervals, every other symbol in (0.5, 2)),
   30-digit mpmath arithmetic, relative tolerance 1e-9;
3. complex check: a line WITHOUT an ``assume:`` field must also pass at 5
   random complex points (every symbol anywhere in the plane, real part of
   either sign, away from 0): the identity
   then holds without assumptions, so a simplifier given plain symbols may
   reach the integrand.  A line WITH ``assume:`` states the assumptions its
   identity needs (the real check honours them); the complex check is then
   only reported;
4. symdiff: both sides parse with ``symdiff.parse`` and ``symdiff.diff``
   of the antiderivative agrees with the integrand at the real points (a
   parse or differentiation bug shows here).

Usage:  python tests/data/check_panel.py [path] [-v]     (exit 1 on failure)
"""
from __future__ import annotations

import os
import random
import re
import sys
from collections import Counter

import mpmath
import sympy

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, "simplify_panel.txt")

CATEGORIES = ("poly", "rational", "partfrac", "power", "explog", "trig", "invtrig",
              "hyper", "invhyp", "xexp", "parts", "subst", "physics", "large")
FUNCS = {
    "sqrt", "exp", "log", "sin", "cos", "tan", "cot", "sec", "csc",
    "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch",
    "asinh", "acosh", "atanh", "acoth", "asech", "acsch",
}
CONSTS = {"pi", "E"}
ASSUMPTIONS = ("positive", "real", "integer")
NPOINTS = 5
MAX_TRIES = 400
DPS = 30
RTOL = mpmath.mpf("1e-9")
X_INTERVALS = ((0.05, 0.95), (0.1, 0.9), (1.05, 3.0), (3.0, 7.0))


class Line:
    """One parsed panel line."""

    def __init__(self, lineno: int, category: str, integrand: str,
                 antiderivative: str, assume: dict[str, tuple[str, ...]]):
        self.lineno = lineno
        self.category = category
        self.integrand = integrand
        self.antiderivative = antiderivative
        self.assume = assume

    def names(self) -> list[str]:
        """Symbol names used on the line, sorted, ``x`` included."""
        found = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", self.integrand + " " + self.antiderivative))
        return sorted((found - FUNCS - CONSTS) | {"x"})


class PanelError(ValueError):
    """A malformed panel line."""


def parse_assume(text: str) -> dict[str, tuple[str, ...]]:
    """``'assume: a=positive, n=integer'`` -> ``{'a': ('positive',), 'n': ('integer',)}``."""
    if not text.startswith("assume:"):
        raise PanelError("4th field must start with 'assume:'")
    out: dict[str, list[str]] = {}
    for item in text[len("assume:"):].split(","):
        name, _, what = item.strip().partition("=")
        name, what = name.strip(), what.strip()
        if not re.fullmatch(r"[a-z]", name) or what not in ASSUMPTIONS:
            raise PanelError(f"bad assumption {item.strip()!r}")
        out.setdefault(name, []).append(what)
    return {k: tuple(v) for k, v in out.items()}


def read_panel(path: str = DEFAULT_PATH) -> list[Line]:
    """All lines of the panel (raises PanelError naming the line on bad format)."""
    lines = []
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            parts = [p.strip() for p in text.split("|")]
            if len(parts) not in (3, 4):
                raise PanelError(f"line {lineno}: expected 3 or 4 '|'-separated fields")
            try:
                assume = parse_assume(parts[3]) if len(parts) == 4 else {}
            except PanelError as exc:
                raise PanelError(f"line {lineno}: {exc}") from None
            if parts[0] not in CATEGORIES:
                raise PanelError(f"line {lineno}: unknown category {parts[0]!r}")
            lines.append(Line(lineno, parts[0], parts[1], parts[2], assume))
    return lines


def syntax_problems(text: str) -> list[str]:
    probs = []
    if "^" in text:
        probs.append("uses '^'")
    for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text):
        if name not in FUNCS and name not in CONSTS and not re.fullmatch(r"[a-df-z]", name):
            probs.append(f"name {name!r} not allowed")
    for m in re.finditer(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(", text):
        if m.group(1) not in FUNCS:
            probs.append(f"function {m.group(1)!r} not allowed")
    if re.search(r"(?<![A-Za-z_0-9.])\d+(?:\.\d+)?\s*[A-Za-z_(]", text) or \
            re.search(r"\)\s*[A-Za-z0-9(]", text):
        probs.append("implicit multiplication?")
    return probs


def sympy_pair(line: Line, with_assumptions: bool):
    """(symbols, integrand, antiderivative) as sympy objects."""
    ns = {}
    for name in line.names():
        kw = {a: True for a in line.assume.get(name, ())} if with_assumptions else {}
        ns[name] = sympy.Symbol(name, **kw)
    f = sympy.sympify(line.integrand, locals=ns)
    F = sympy.sympify(line.antiderivative, locals=ns)
    return [ns[n] for n in line.names()], f, F


def mp_func(syms, expr):
    return sympy.lambdify(syms, expr, modules="mpmath")


def mp_value(fn, args):
    """Value as mpc, or None where undefined/infinite."""
    try:
        v = mpmath.mpc(fn(*args))
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    if not (mpmath.isfinite(v.real) and mpmath.isfinite(v.imag)):
        return None
    return v


def is_real(v) -> bool:
    return abs(v.imag) <= mpmath.mpf("1e-20") * max(1, abs(v.real))


def close(u, v) -> bool:
    return abs(u - v) <= RTOL * max(abs(u), abs(v), mpmath.mpf("1e-12"))


def real_points(line: Line, fns, rng: random.Random, n: int = NPOINTS):
    """Up to ``n`` real sample points (tuples in ``line.names()`` order)
    where every function in ``fns`` is finite and real."""
    pts = []
    for _ in range(MAX_TRIES):
        if len(pts) >= n:
            break
        lo, hi = rng.choice(X_INTERVALS)
        args = []
        for name in line.names():
            if "integer" in line.assume.get(name, ()):
                args.append(mpmath.mpf(rng.randint(1, 4)))
            elif name == "x":
                args.append(mpmath.mpf(rng.uniform(lo, hi)))
            else:
                args.append(mpmath.mpf(rng.uniform(0.5, 2.0)))
        vals = [mp_value(fn, args) for fn in fns]
        if all(v is not None and is_real(v) for v in vals):
            pts.append(tuple(args))
    return pts


def complex_points(line: Line, rng: random.Random, n: int = NPOINTS):
    pts = []
    for _ in range(n):
        args = []
        for _name in line.names():
            # anywhere in the plane (both half planes), away from 0
            args.append(mpmath.mpc(rng.choice((-1, 1)) * rng.uniform(0.3, 2.0),
                                   rng.uniform(-1.0, 1.0)))
        pts.append(tuple(args))
    return pts


def check_line(line: Line, rng: random.Random, use_symdiff: bool = True) -> tuple[list[str], bool]:
    """(problems, complex_ok) for one line."""
    probs = syntax_problems(line.integrand) + syntax_problems(line.antiderivative)
    if probs:
        return sorted(set(probs)), False
    unknown = set(line.assume) - set(line.names())
    if unknown:
        return [f"assumption on unused name(s) {sorted(unknown)}"], False
    syms, f, F = sympy_pair(line, with_assumptions=True)
    x = syms[line.names().index("x")]
    dF = sympy.diff(F, x)
    ff, FF, dd = mp_func(syms, f), mp_func(syms, F), mp_func(syms, dF)
    pts = real_points(line, (ff, FF, dd), rng)
    if len(pts) < NPOINTS:
        return [f"only {len(pts)} usable real points"], False
    for p in pts:
        if not close(mp_value(ff, p), mp_value(dd, p)):
            return [f"real mismatch at {[float(v) for v in p]}: integrand={mpmath.nstr(mp_value(ff, p), 12)}"
                    f" d/dx={mpmath.nstr(mp_value(dd, p), 12)}"], False
    # complex check, plain symbols
    csyms, cf, cF = sympy_pair(line, with_assumptions=False)
    cd = sympy.diff(cF, csyms[line.names().index("x")])
    cff, cdd = mp_func(csyms, cf), mp_func(csyms, cd)
    complex_ok = True
    for p in complex_points(line, rng):
        u, v = mp_value(cff, p), mp_value(cdd, p)
        if u is None or v is None or not close(u, v):
            complex_ok = False
            break
    problems = []
    if not complex_ok and not line.assume:
        problems.append("fails at complex points: needs an 'assume:' field")
    if use_symdiff:
        problems += symdiff_problems(line, pts)
    return problems, complex_ok


def symdiff_problems(line: Line, pts) -> list[str]:
    """Parse both sides with symdiff and compare symdiff.diff with the integrand."""
    import symdiff
    try:
        symdiff.parse(line.integrand)
        F = symdiff.parse(line.antiderivative)
        d = symdiff.diff(F, "x")
    except Exception as exc:  # a symdiff bug to report, not a panel error
        return [f"symdiff: {type(exc).__name__}: {exc}"]
    syms, f, _ = sympy_pair(line, with_assumptions=False)
    sd = symdiff.to_sympy(d)
    by_name = {s.name: s for s in syms}
    sd = sd.xreplace({s: by_name[s.name] for s in sd.free_symbols if s.name in by_name})
    ff, dd = mp_func(syms, f), mp_func(syms, sd)
    for p in pts:
        u, v = mp_value(ff, p), mp_value(dd, p)
        if u is None or v is None or not close(u, v):
            return [f"symdiff.diff disagrees at {[float(t) for t in p]}"]
    return []


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if not a.startswith("-")]
    path = args[0] if args else DEFAULT_PATH
    mpmath.mp.dps = DPS
    rng = random.Random(20261124)
    try:
        lines = read_panel(path)
    except PanelError as exc:
        print(f"FORMAT ERROR: {exc}")
        return 1
    per_cat, ok_cat, cplx_cat = Counter(), Counter(), Counter()
    failures, seen, sizes = [], set(), []
    for line in lines:
        per_cat[line.category] += 1
        key = (line.integrand, line.antiderivative)
        if key in seen:
            failures.append((line.lineno, "duplicate entry"))
            continue
        seen.add(key)
        try:
            probs, cok = check_line(line, rng)
        except Exception as exc:
            probs, cok = [f"{type(exc).__name__}: {exc}"], False
        if probs:
            failures.append((line.lineno, "; ".join(probs)))
            if verbose:
                print(f"FAIL line {line.lineno}: {'; '.join(probs)}", flush=True)
        else:
            ok_cat[line.category] += 1
        cplx_cat[line.category] += cok
        try:
            F = sympy.sympify(line.antiderivative, locals={n: sympy.Symbol(n) for n in line.names()})
            sizes.append(sympy.count_ops(F))
        except Exception:
            pass
    print(f"{'category':<10} {'lines':>5} {'ok':>5} {'complex':>8}")
    for cat in CATEGORIES:
        print(f"{cat:<10} {per_cat[cat]:>5} {ok_cat[cat]:>5} {cplx_cat[cat]:>8}")
    total = sum(per_cat.values())
    print(f"{'total':<10} {total:>5} {sum(ok_cat.values()):>5} {sum(cplx_cat.values()):>8}")
    print(f"lines with 'assume:': {sum(1 for ln in lines if ln.assume)}; "
          f"lines with parameters: {sum(1 for ln in lines if len(ln.names()) > 1)}")
    if sizes:
        sizes.sort()
        print(f"antiderivative count_ops: min {sizes[0]}  median {sizes[len(sizes) // 2]}  "
              f"max {sizes[-1]}  >=50: {sum(s >= 50 for s in sizes)}")
    if failures:
        print(f"\n{len(failures)} FAILURES:")
        for lineno, msg in failures:
            print(f"  line {lineno}: {msg}")
        return 1
    print(f"\nall {total} entries pass")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
