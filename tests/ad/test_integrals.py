"""Derivatives of textbook antiderivatives (tests/data/integrals.txt).

For each line ``category | integrand | antiderivative``: symdiff's derivative
of the antiderivative, evaluated by ``compile`` on complex128 points, must
equal the integrand (evaluated by sympy/mpmath) to 1e-8, on >= 99.5% of the
cases where sympy's own derivative also matches there.
"""
import random
from pathlib import Path

import numpy as np
import pytest
import sympy

from symdiff import compile, diff, parse
from exprgen import close, mp_eval

DATA = Path(__file__).resolve().parent.parent / "data" / "integrals.txt"
PARAMS = {"x": None, "a": None, "b": None, "c": None}


def load():
    rows = []
    for line in DATA.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            cat, f, F = (p.strip() for p in line.split("|"))
            rows.append((cat, f, F))
    return rows


ROWS = load()


def points(rng, n):
    """Near the real domain the table was written for, off the real axis."""
    out = []
    for _ in range(n):
        p = {"x": complex(rng.choice([rng.uniform(0.1, 0.9), rng.uniform(1.2, 3)]),
                          rng.uniform(-0.3, 0.3))}
        for k in "abc":
            p[k] = complex(rng.uniform(0.6, 1.8), rng.uniform(-0.2, 0.2))
        out.append(p)
    return out


def test_table_is_large_and_varied():
    cats = {c for c, _, _ in ROWS}
    assert len(ROWS) >= 300 and len(cats) >= 10


SYMS = {k: sympy.Symbol(k) for k in "xabc"}


def cases():
    """Per table line: (our compiled d/dx F, its argument names, sympy f, F)."""
    for cat, f, F in ROWS:
        ours = diff(parse(F), "x")
        names = sorted({s.name for s in ours.free} | {"x", "a", "b", "c"})
        yield compile(ours, names), names, sympy.sympify(f, locals=SYMS), F


def test_derivatives_of_antiderivatives():
    syms = SYMS
    counted = ok = 0
    bad = []
    for fn, names, sf, F in cases():
        sF = sympy.diff(sympy.sympify(F, locals=syms), syms["x"])
        for p in points(random.Random(F), 3):
            want, theirs = mp_eval(sf, p), mp_eval(sF, p)
            if want is None or theirs is None or not close(theirs, want, 1e-8):
                continue   # outside where sympy's own derivative matches
            counted += 1
            with np.errstate(all="ignore"):
                v = complex(fn(*[np.complex128(p[n]) for n in names]))
            if close(v, want, 1e-8):
                ok += 1
            else:
                bad.append((F, p, v, want))
    assert counted >= 3 * len(ROWS) * 0.8
    assert ok >= 0.995 * counted, bad[:5]


def test_derivatives_at_real_points():
    """Real points inside the domain (as the table was verified), float64."""
    counted = ok = 0
    bad = []
    for fn, names, sf, F in cases():
        rng = random.Random(F)
        for _ in range(3):
            p = {"x": rng.choice([rng.uniform(0.1, 0.9), rng.uniform(1.2, 3)]),
                 **{k: rng.uniform(0.6, 1.8) for k in "abc"}}
            want = mp_eval(sf, p)
            if want is None or abs(want.imag) > 1e-12 * max(1, abs(want)):
                continue
            with np.errstate(all="ignore"):
                v = float(fn(*[p[n] for n in names]))
            if not np.isfinite(v):   # a real-domain check: NaN only if F is complex here
                continue
            counted += 1
            if close(v, want.real, 1e-8):
                ok += 1
            else:
                bad.append((F, p, v, want))
    assert counted >= 3 * len(ROWS) * 0.8
    assert ok >= 0.995 * counted, bad[:5]
