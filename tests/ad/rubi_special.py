"""The Rubi special-function corpus (``tests/data/rubi_special.txt``, MIT):
rows, and the 30-digit check d/dx antiderivative == integrand through
``symdiff.to_sympy`` and mpmath. Shared by the test and the benchmark."""
from __future__ import annotations

import random
from pathlib import Path

import mpmath
import sympy

CORPUS = Path(__file__).resolve().parent.parent / "data" / "rubi_special.txt"
DPS = 30
TOL = mpmath.mpf(10) ** -20

# mpmath forms of the functions sympy's mpmath printer lacks
MPMATH = {
    "erfi": mpmath.erfi, "erfinv": mpmath.erfinv, "digamma": mpmath.digamma,
    "polygamma": mpmath.psi, "Ei": mpmath.ei, "expint": mpmath.expint,
    "Si": mpmath.si, "Ci": mpmath.ci, "Shi": mpmath.shi, "Chi": mpmath.chi,
    "li": mpmath.li, "LambertW": lambda z, k=0: mpmath.lambertw(z, k),
    "polylog": mpmath.polylog, "zeta": mpmath.zeta, "appellf1": mpmath.appellf1,
    "elliptic_k": mpmath.ellipk, "elliptic_e": mpmath.ellipe,
    "elliptic_f": mpmath.ellipf, "elliptic_pi": mpmath.ellippi,
    "log1p": mpmath.log1p, "expm1": mpmath.expm1,
}


def rows() -> list[tuple[str, str, str, str]]:
    """(integrand, antiderivative, variable, source) per corpus line."""
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f, F, x, src = (p.strip() for p in line.split(" ; "))
        out.append((f, F, x, src))
    return out


def sympy_text(text: str):
    """sympy's own reading of a corpus expression (hyp2f1 is sympy's hyper)."""
    return sympy.sympify(text, locals={"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z)})


class Skip(Exception):
    """No usable value at this point."""


def _evaluator(e, syms):
    fn = sympy.lambdify(syms, e, modules=[MPMATH, "mpmath"])

    def value(vals):
        with mpmath.workdps(DPS):
            v = mpmath.mpmathify(fn(*[vals[s] for s in syms]))
        if not mpmath.isfinite(v):
            raise Skip
        return v
    return value


def _point(syms, x, rng, cplx: bool) -> dict:
    vals = {}
    for s in syms:
        lo, hi = rng.choice(((0.2, 0.9), (1.1, 2.5))) if s == x else (0.5, 2.0)
        v = mpmath.mpf(round(rng.uniform(lo, hi) * 1000)) / 1000
        if cplx:
            v = mpmath.mpc(v, mpmath.mpf(round(rng.uniform(-1, 1) * 1000)) / 1000)
        vals[s] = v
    return vals


def agrees(derivative, integrand, x: str, seed: str, npoints: int = 2) -> bool:
    """Whether the sympy expressions agree to 20 digits at ``npoints``
    points (real points where the integrand is real there, else complex)."""
    xs = sympy.Symbol(x)
    syms = sorted(derivative.free_symbols | integrand.free_symbols | {xs}, key=str)
    dv, fv = _evaluator(derivative, syms), _evaluator(integrand, syms)
    rng = random.Random(seed)
    for cplx in (False, True):
        ok = 0
        for _ in range(4 * npoints):
            pt = _point(syms, xs, rng, cplx)
            try:
                with mpmath.workdps(DPS):
                    a, b = fv(pt), dv(pt)
                    if not cplx and abs(mpmath.im(a)) > TOL * (1 + abs(a)):
                        continue
                    if abs(a - b) > TOL * max(1, abs(a)):
                        return False
            except (Skip, ValueError, ZeroDivisionError, TypeError, OverflowError):
                continue
            ok += 1
            if ok == npoints:
                return True
    return False
