#!/usr/bin/env python
"""Verify tests/data/integrals.txt.

Each non-comment line has the form

    category | integrand | antiderivative

For every line the antiderivative is parsed with ``sympy.sympify``,
differentiated symbolically with respect to ``x`` and compared numerically
(mpmath-backed ``evalf`` at 30 digits, relative tolerance 1e-9) with the
integrand at >= 5 random *real* points where integrand, antiderivative and
derivative are all real (x > 0, parameters a, b, c in (0.5, 2)).
A failure of that real check makes the script exit non-zero.

As information only, the script also reports how many lines agree at random
complex points (antiderivatives may legitimately differ by branch there).

Usage:  python tests/data/check_integrals.py [path/to/integrals.txt] [-v]
"""
import os
import random
import re
import sys
from collections import Counter, defaultdict

import sympy
from sympy import Symbol

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, "integrals.txt")

CATEGORIES = ["poly", "rational", "radical", "exp", "log", "trig", "invtrig",
              "hyperbolic", "invhyp", "mixed", "param"]
ALLOWED_FUNCS = {
    "sqrt", "exp", "log", "sin", "cos", "tan", "cot", "sec", "csc",
    "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch",
    "asinh", "acosh", "atanh", "acoth", "asech", "acsch",
    "Abs", "atan2",
}
ALLOWED_NAMES = ALLOWED_FUNCS | {"x", "a", "b", "c", "pi", "E"}
PARAMS = ("a", "b", "c")

NPOINTS = 5
MAX_TRIES = 400
DPS = 30
RTOL = sympy.Float("1e-9", DPS)
X_INTERVALS = [(0.05, 0.95), (0.1, 0.9), (1.05, 3.0), (3.0, 7.0)]

# Real check: x real, parameters positive.  Complex check: no assumptions.
REAL_NS = {"x": Symbol("x", real=True)}
REAL_NS.update({p: Symbol(p, positive=True) for p in PARAMS})
CPLX_NS = {"x": Symbol("x")}
CPLX_NS.update({p: Symbol(p) for p in PARAMS})


def syntax_problems(text):
    probs = []
    if "^" in text:
        probs.append("uses '^'")
    for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text):
        if name not in ALLOWED_NAMES:
            probs.append("name %r not allowed" % name)
    for m in re.finditer(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(", text):
        if m.group(1) not in ALLOWED_FUNCS:
            probs.append("function %r not allowed" % m.group(1))
    if re.search(r"(?<![A-Za-z_0-9.])\d+(?:\.\d+)?\s*[A-Za-z_(]", text):
        probs.append("implicit multiplication?")
    if re.search(r"\)\s*[A-Za-z0-9(]", text):
        probs.append("implicit multiplication?")
    return probs


def parse_file(path):
    entries = []
    with open(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            entries.append((lineno, parts))
    return entries


def evaluate(expr, subs):
    """Return a sympy number (30 digits) or None if not a finite number."""
    try:
        v = expr.evalf(DPS, subs=subs)
    except Exception:
        return None
    if not v.is_number or v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    try:
        re_, im_ = v.as_real_imag()
        re_ = sympy.Float(re_, DPS)
        im_ = sympy.Float(im_, DPS)
    except Exception:
        return None
    return (re_, im_)


def is_real(v):
    re_, im_ = v
    return abs(im_) <= sympy.Float("1e-20") * max(1, abs(re_))


def close(u, v):
    dr = u[0] - v[0]
    di = u[1] - v[1]
    diff = sympy.sqrt(dr * dr + di * di)
    scale = max(sympy.sqrt(u[0] ** 2 + u[1] ** 2), sympy.sqrt(v[0] ** 2 + v[1] ** 2))
    return diff <= RTOL * max(scale, sympy.Float("1e-12"))


def check_real(f, F, dF, syms, rng):
    """Return (ok, message, npoints)."""
    good = 0
    tries = 0
    while good < NPOINTS and tries < MAX_TRIES:
        tries += 1
        lo, hi = rng.choice(X_INTERVALS)
        subs = {}
        for s in syms:
            if s.name == "x":
                subs[s] = sympy.Float(rng.uniform(lo, hi), DPS)
            else:
                subs[s] = sympy.Float(rng.uniform(0.5, 2.0), DPS)
        fv = evaluate(f, subs)
        if fv is None or not is_real(fv):
            continue
        Fv = evaluate(F, subs)
        if Fv is None or not is_real(Fv):
            continue
        dv = evaluate(dF, subs)
        if dv is None or not is_real(dv):
            continue
        if not close(fv, dv):
            pt = {str(k): float(v) for k, v in subs.items()}
            return False, "mismatch at %s: integrand=%s, d/dx=%s" % (
                pt, sympy.N(fv[0], 15), sympy.N(dv[0], 15)), good
        good += 1
    if good < NPOINTS:
        return False, "only %d usable real points found" % good, good
    return True, "", good


def check_complex(f, F, dF, syms, rng):
    for _ in range(NPOINTS):
        subs = {}
        for s in syms:
            if s.name == "x":
                subs[s] = sympy.Float(rng.uniform(0.3, 1.5), DPS) + \
                    sympy.I * sympy.Float(rng.uniform(-0.5, 0.5), DPS)
            else:
                subs[s] = sympy.Float(rng.uniform(0.5, 2.0), DPS) + \
                    sympy.I * sympy.Float(rng.uniform(-0.3, 0.3), DPS)
        fv = evaluate(f, subs)
        dv = evaluate(dF, subs)
        if fv is None or dv is None or not close(fv, dv):
            return False
    return True


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if not a.startswith("-")]
    path = args[0] if args else DEFAULT_PATH
    rng = random.Random(20240601)
    entries = parse_file(path)

    per_cat = Counter()
    real_ok = Counter()
    cplx_ok = Counter()
    with_params = 0
    failures = []
    sizes = []
    seen = set()

    for lineno, parts in entries:
        if len(parts) != 3:
            failures.append((lineno, "expected 3 '|'-separated fields"))
            continue
        cat, fs, Fs = parts
        per_cat[cat] += 1
        if cat not in CATEGORIES:
            failures.append((lineno, "unknown category %r" % cat))
            continue
        if (fs, Fs) in seen:
            failures.append((lineno, "duplicate entry"))
        seen.add((fs, Fs))
        probs = syntax_problems(fs) + syntax_problems(Fs)
        if probs:
            failures.append((lineno, "; ".join(sorted(set(probs)))))
            continue
        try:
            f = sympy.sympify(fs, locals=REAL_NS)
            F = sympy.sympify(Fs, locals=REAL_NS)
        except Exception as exc:  # pragma: no cover - reported
            failures.append((lineno, "parse error: %s" % exc))
            continue
        syms = sorted(f.free_symbols | F.free_symbols, key=lambda s: s.name)
        if any(s.name in PARAMS for s in syms):
            with_params += 1
        if cat == "param" and not any(s.name in PARAMS for s in syms):
            failures.append((lineno, "param entry without parameters"))
        sizes.append((sympy.count_ops(F), len(list(sympy.preorder_traversal(F))), len(Fs)))
        dF = sympy.diff(F, REAL_NS["x"])
        ok, msg, _ = check_real(f, F, dF, syms, rng)
        if ok:
            real_ok[cat] += 1
        else:
            failures.append((lineno, msg))
            if verbose:
                print("FAIL line %d: %s" % (lineno, msg))
        # informational complex check
        try:
            fc = sympy.sympify(fs, locals=CPLX_NS)
            Fc = sympy.sympify(Fs, locals=CPLX_NS)
            csyms = sorted(fc.free_symbols | Fc.free_symbols, key=lambda s: s.name)
            dFc = sympy.diff(Fc, CPLX_NS["x"])
            if check_complex(fc, Fc, dFc, csyms, rng):
                cplx_ok[cat] += 1
        except Exception:
            pass

    total = sum(per_cat.values())
    print("%-11s %6s %6s %8s" % ("category", "lines", "real", "complex"))
    for cat in CATEGORIES:
        print("%-11s %6d %6d %8d" % (cat, per_cat[cat], real_ok[cat], cplx_ok[cat]))
    print("%-11s %6d %6d %8d" % ("total", total, sum(real_ok.values()),
                                 sum(cplx_ok.values())))
    print("lines using parameters a/b/c: %d" % with_params)
    if sizes:
        for i, label in enumerate(["count_ops", "tree nodes", "characters"]):
            vals = sorted(s[i] for s in sizes)
            print("antiderivative %-10s min %3d  median %3d  max %3d  >=50: %d"
                  % (label, vals[0], vals[len(vals) // 2], vals[-1],
                     sum(1 for v in vals if v >= 50)))
    if failures:
        print("\n%d FAILURES:" % len(failures))
        for lineno, msg in failures:
            print("  line %d: %s" % (lineno, msg))
        return 1
    print("\nall %d entries pass the real-point check" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
