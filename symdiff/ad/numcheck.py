"""Numerical checks: symbolic derivatives against central finite differences.

``gradcheck(f, vars, points)`` compiles ``f`` and its symbolic gradient,
then estimates every partial derivative numerically with a central
difference of order 2, 4, 6 or 8 (optionally improved by one Richardson
extrapolation step) and reports the largest relative disagreement.

Step and tolerance follow the textbook error balance: a central difference
of order p with step h has truncation error ~ h**p and rounding error
~ eps*|f|/h, so the step h = eps**(1/(p+1)) * max(1, |x|) balances them.
Each estimate comes with its own error bound: the rounding term (with a
safety factor) plus the truncation error estimated from the same stencil
at h/2. Only the part of the disagreement that this bound cannot explain
counts, relative to the larger of the two derivatives; so ``x**3`` at 0
(exact derivative 0, numerical h**2) passes while a wrong rule fails.

>>> r = gradcheck("sin(x)*y**2", "x y", [[0.5, 2.0], [1.5, -1.0]])
>>> r.ok, r.max_rel_error < 1e-8
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence
from collections.abc import Mapping

from ..errors import SymdiffError

#: Central-difference weights for offsets 1..p/2 (the weight of -k is the
#: negative of that of +k; the centre weight is 0).
STENCILS = {
    2: (Fraction(1, 2),),
    4: (Fraction(2, 3), Fraction(-1, 12)),
    6: (Fraction(3, 4), Fraction(-3, 20), Fraction(1, 60)),
    8: (Fraction(4, 5), Fraction(-1, 5), Fraction(4, 105), Fraction(-1, 280)),
}

SAFETY = 100.0   # noise floor multiplier: rounding in f itself is a few ulps


@dataclass
class GradcheckResult:
    """Outcome of :func:`gradcheck`.

    ``max_rel_error`` is the largest relative difference between a symbolic
    and a numerical partial; ``worst`` the point (variable name -> value)
    and variable where it occurred; ``ok`` whether it is within ``rtol``;
    ``checked`` how many (point, variable) pairs were compared (pairs where
    the function or a derivative is not finite are skipped).
    """

    max_rel_error: float
    ok: bool
    rtol: float
    worst: dict = field(default_factory=dict)
    checked: int = 0

    def __bool__(self) -> bool:
        return self.ok


def _difference(fn, pts, j: int, h, order: int):
    """Central difference of order ``order`` of ``fn`` along coordinate j."""
    out = 0.0
    for k, w in enumerate(STENCILS[order], start=1):
        up, down = pts.copy(), pts.copy()
        up[:, j] += k * h
        down[:, j] -= k * h
        out += float(w) * (fn(up) - fn(down))
    return out / h


def _scalar(v):
    """A float, or a complex where the value has an imaginary part."""
    v = complex(v)
    return v.real if v.imag == 0 else v


def _columns(points: Mapping, xs: list, np):
    """A mapping variable -> values as an ``(m, len(xs))`` array of points."""
    given = {}
    for k, v in points.items():
        name = k if isinstance(k, str) else getattr(k, "name", None)
        if not name:
            raise SymdiffError(f"points: a key must be a variable name or symbol, got {k!r}")
        given[name] = v
    names = [x.name for x in xs]
    missing = [n for n in names if n not in given]
    extra = sorted(set(given) - set(names))
    if missing or extra:
        raise SymdiffError("points: " + "; ".join(
            ([f"no values for {', '.join(missing)}"] if missing else [])
            + ([f"{', '.join(extra)} not among the variables"] if extra else [])))
    try:
        cols = np.broadcast_arrays(*[np.asarray(given[n], dtype=float) for n in names])
    except (TypeError, ValueError) as exc:
        raise SymdiffError(f"points: values must be real numbers or arrays that "
                           f"broadcast together: {exc}") from None
    return np.stack([c.reshape(-1) for c in cols], axis=1) if cols else np.zeros((1, 0))


def gradcheck(expr, vars, points, *, order: int = 4, richardson: bool = False,
              rtol: float = 1e-6, complex_values: bool = False) -> GradcheckResult:
    """Compare ``grad(expr, vars)`` with finite differences at ``points``.

    ``points`` is a sequence of coordinate tuples (one value per variable,
    in the order of ``vars``), a 2-d array of shape ``(m, len(vars))``, or
    a mapping of each variable (name or symbol) to its values: numbers or
    arrays, broadcast together, one point per element
    (``gradcheck(f, "x y", {"x": xs, "y": ys})``).
    ``order`` is the accuracy order of the central difference (2, 4, 6 or
    8); ``richardson=True`` adds one Richardson step (halved step), which
    raises the order by two. Real points only. Where the function or its
    gradient is complex there (it uses ``I``), values are compared as
    complex numbers. A point outside a function's real domain (``sqrt(x)``
    at ``x = -1``: NaN in float64) is skipped, unless ``complex_values=True``:
    then everything is evaluated in complex128 (principal branches, as
    ``symdiff eval`` does) and the derivative along the real variable is
    checked there too. (On a branch cut that lies along the real axis, such
    as ``asin(x)`` for ``|x| > 1``, NumPy's side of the cut for a value and
    for its derivative can differ.)
    """
    import numpy as np   # here, not at import: the CLI starts without numpy
    from ..codegen.compiled import compile as compile_
    from ..parsing.parse import parse
    from .api import variables
    from .reverse import grad
    if order not in STENCILS:
        raise SymdiffError(f"gradcheck order must be one of {sorted(STENCILS)}, got {order!r}")
    f = parse(expr)
    xs = variables([vars] if isinstance(vars, str) else vars, [f])
    if isinstance(points, Mapping):
        points = _columns(points, xs, np)
    try:
        pts = np.asarray(points, dtype=float)
    except (TypeError, ValueError) as exc:
        raise SymdiffError(f"points must be real numbers: {exc}") from None
    if pts.ndim == 1:
        pts = pts.reshape(1, -1)
    if pts.ndim != 2 or pts.shape[1] != len(xs):
        raise SymdiffError(f"points must have one value per variable ({len(xs)}), "
                           f"got shape {np.shape(points)}")
    f_c = compile_(f, xs)
    g_c = compile_(grad(f, xs), xs, stack=True)

    def values(p, dt):
        """f and its symbolic gradient at points ``p`` in dtype ``dt`` (NumPy's result type)."""
        with np.errstate(all="ignore"):
            q = p.astype(dt)
            return (np.broadcast_to(f_c(*q.T), (len(p),)),
                    np.broadcast_to(np.asarray(g_c(*q.T)), (len(xs), len(p))))
    # Real points; values may be complex: f uses I, or a real point is outside
    # a function's real domain (sqrt(-1), log(-2): NaN in float64). Then all is
    # evaluated in complex128 (principal branches, as ``symdiff eval`` does),
    # and the derivative along the real variable is compared as a complex number.
    fv, sym = values(pts, float)
    dt = complex if np.iscomplexobj(fv) or np.iscomplexobj(sym) else float
    if dt is float and complex_values:
        bad = ~(np.isfinite(fv) & np.isfinite(sym).all(axis=0)) & np.isfinite(pts).all(axis=1)
        if bad.any():
            fz, sz = values(pts, complex)
            if (np.isfinite(fz) & np.isfinite(sz).all(axis=0)).sum() > \
                    (np.isfinite(fv) & np.isfinite(sym).all(axis=0)).sum():
                dt = complex
    fv, sym = values(pts, dt)
    fv, sym = fv.astype(dt), sym.astype(dt)

    def fn(p):
        return values(p, dt)[0].astype(dt)
    eps = np.finfo(float).eps
    worst, best_err, checked = {}, 0.0, 0
    for j, x in enumerate(xs):
        h = eps ** (1.0 / (order + 1)) * np.maximum(1.0, np.abs(pts[:, j]))
        with np.errstate(all="ignore"):
            num = _difference(fn, pts, j, h, order)
            half = _difference(fn, pts, j, h / 2, order)
            trunc = np.abs(num - half) / (1 - 2.0 ** -order)   # error estimate of num
            if richardson:
                num = (2.0 ** order * half - num) / (2.0 ** order - 1)
            noise = SAFETY * eps * np.abs(fv) / h + 2 * trunc
            err = (np.maximum(np.abs(sym[j] - num) - noise, 0.0)
                   / np.maximum(np.maximum(np.abs(sym[j]), np.abs(num)), 1e-300))
        good = np.isfinite(err) & np.isfinite(fv) & np.isfinite(sym[j])
        checked += int(good.sum())
        if good.any():
            i = int(np.argmax(np.where(good, err, -1.0)))
            if err[i] > best_err or not worst:
                best_err = float(err[i])
                worst = {"var": x.name, "point": dict(zip((v.name for v in xs), pts[i].tolist())),
                         "symbolic": _scalar(sym[j][i]), "numeric": _scalar(num[i])}
    return GradcheckResult(best_err, best_err <= rtol and checked > 0, rtol, worst, checked)


__all__: Sequence[str] = ["gradcheck", "GradcheckResult", "STENCILS"]
