"""simplify on the Rubi multi-parameter panel (tests/data/rubi_panel.txt,
issue 19): on an evenly spaced sample of rows, ``simplify(diff(F, x))``
equals the integrand at 30 digits (sympy/mpmath at positive real points)
and is never larger (printed, rewrite/cost.py) than the derivative it
was given."""
from __future__ import annotations

import random
from pathlib import Path

import mpmath
import pytest
import sympy

import symdiff
from symdiff.rewrite.cost import printed_ops

PANEL = Path(__file__).resolve().parent.parent / "data" / "rubi_panel.txt"
SAMPLE = 24
ROWS = [ln.split(" ; ") for ln in PANEL.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")]
PICKED = ROWS[:: max(1, len(ROWS) // SAMPLE)][:SAMPLE]


def _equal_at_30_digits(result: str, integrand: str, var: str, names: list) -> bool:
    syms = {n: sympy.Symbol(n, positive=True) for n in names}
    args = [syms[n] for n in names]
    f = sympy.lambdify(args, sympy.sympify(integrand, locals=syms), "mpmath")
    g = sympy.lambdify(args, sympy.sympify(result, locals=syms), "mpmath")
    rng, good = random.Random(7), 0
    with mpmath.workdps(30):
        for _ in range(60):
            pt = [mpmath.mpf(rng.uniform(0.2, 2.5)) if n == var else mpmath.mpf(rng.uniform(0.5, 2))
                  for n in names]
            try:
                fv, gv = mpmath.mpmathify(f(*pt)), mpmath.mpmathify(g(*pt))
            except (ValueError, ZeroDivisionError):
                continue
            if not mpmath.isfinite(fv) or abs(mpmath.im(fv)) > 1e-20 * (1 + abs(fv)):
                continue
            if abs(gv - fv) > mpmath.mpf(10) ** -20 * max(1, abs(fv)):
                return False
            good += 1
            if good == 3:
                return True
    return False


@pytest.mark.parametrize("row", PICKED, ids=[r[3] for r in PICKED])
def test_simplified_derivative_is_the_integrand(row):
    integrand, antiderivative, var = row[0], row[1], row[2]
    names = sorted(s.name for s in sympy.sympify(antiderivative).free_symbols
                   | sympy.sympify(integrand).free_symbols)
    F = symdiff.parse(antiderivative, assume={n: "positive" for n in names})
    d = symdiff.diff(F, var)
    s = symdiff.simplify(d)
    assert printed_ops(s) <= printed_ops(d)     # simplify's cost: the printed size
    assert _equal_at_30_digits(str(s), integrand, var, names), f"{row[3]}: {s}"
