"""The simplify() evaluation panel (tests/data/simplify_panel.txt).

Every panel line is an antiderivative F and its integrand f (verified
independently with sympy/mpmath by tests/data/check_panel.py). Here:

- every line parses with symdiff and ``diff(F, "x")`` equals f numerically
  (runs without simplify);
- ``simplify(diff(F, "x"))`` equals f numerically at real points of the
  line's domain and never has more operations than the derivative it was given
  (skipped until ``symdiff.simplify`` exists).

Numbers are compared with NumPy (long double, so that the cancelling
polynomial parts of large entries stay accurate) at random real points (x in a few positive
intervals, parameters in (0.5, 2)) where f and F are both finite and real and f is well conditioned
(not next to a pole, where constants such as pi in double precision would
dominate the comparison).
All lines are evaluated in one vectorized call each, so the file runs in
a few seconds.
"""
from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import numpy as np
import pytest

import symdiff
from symdiff.rewrite.cost import printed_ops

DATA = Path(__file__).resolve().parent.parent / "data"
_spec = importlib.util.spec_from_file_location("check_panel", DATA / "check_panel.py")
check_panel = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_panel)

PANEL = check_panel.read_panel(str(DATA / "simplify_panel.txt"))
HAS_SIMPLIFY = hasattr(symdiff, "simplify")
NPTS = 200      # candidate points per line (vectorized)
MIN_GOOD = 3    # points inside the line's real domain that must be found
RTOL = 1e-6
COND_H, MAX_COND = 1e-12, 1e4  # skip ill-conditioned points (poles)


def _parse(text: str, assume: dict):
    """symdiff.parse, passing the line's assumptions where parse takes them."""
    if assume and "assume" in inspect.signature(symdiff.parse).parameters:
        return symdiff.parse(text, assume=assume)
    return symdiff.parse(text)


def _points(line, names, rng):
    """NPTS random real points as a dict name -> complex array."""
    x_lo, x_hi = np.array(check_panel.X_INTERVALS).T
    pick = rng.integers(0, len(x_lo), NPTS)
    pts = {}
    for name in names:
        if "integer" in line.assume.get(name, ()):
            pts[name] = rng.integers(1, 5, NPTS).astype(np.clongdouble)
        elif name == "x":
            pts[name] = rng.uniform(x_lo[pick], x_hi[pick]).astype(np.clongdouble)
        else:
            pts[name] = rng.uniform(0.5, 2.0, NPTS).astype(np.clongdouble)
    return pts


def _mismatch(line, candidate, rng) -> str | None:
    """None when ``candidate`` (an Expr) equals the line's integrand at
    >= MIN_GOOD real points of its domain, else a description."""
    f = _parse(line.integrand, line.assume)
    F = _parse(line.antiderivative, line.assume)
    fn = symdiff.compile([f, F, candidate])
    names = [str(v) for v in fn.vars]
    pts = _points(line, sorted(set(names) | {"x"}), rng)   # sorted: hash-seed independent
    nudged = dict(pts, x=pts["x"] * (1 + COND_H))
    with np.errstate(all="ignore"):
        fv, Fv, cv = (np.broadcast_to(np.asarray(v, dtype=np.clongdouble), (NPTS,))
                      for v in fn(*(pts[n] for n in names)))
        fh = np.broadcast_to(np.asarray(fn(*(nudged[n] for n in names))[0],
                                        dtype=np.clongdouble), (NPTS,))
        # condition number of f in x: points next to a pole are skipped
        cond = abs(fh - fv) / (COND_H * np.maximum(abs(fv), 1e-30))
    real = lambda v: np.isfinite(v) & (abs(v.imag) <= 1e-12 * np.maximum(1.0, abs(v.real)))
    good = real(fv) & real(Fv) & (cond < MAX_COND)
    if good.sum() < MIN_GOOD:
        return f"only {good.sum()} real domain points found"
    a, b = fv[good], cv[good]
    err = abs(a - b) / np.maximum(np.maximum(abs(a), abs(b)), 1e-8)
    bad = ~np.isfinite(b) | (err > RTOL)
    if bad.any():
        i = int(np.argmax(bad))
        return f"integrand {a[i]:.10g} vs {b[i]:.10g}"
    return None


def test_panel_format_and_size():
    assert len(PANEL) >= 320
    cats = {ln.category for ln in PANEL}
    assert cats == set(check_panel.CATEGORIES)
    assert sum(len(ln.names()) > 1 for ln in PANEL) >= 300  # symbolic parameters
    pairs = [(ln.integrand, ln.antiderivative) for ln in PANEL]
    assert len(set(pairs)) == len(pairs)


def test_panel_lines_parse_with_symdiff():
    failures = []
    for line in PANEL:
        for text in (line.integrand, line.antiderivative):
            try:
                e = _parse(text, line.assume)
                if not line.assume:  # printed symbols carry no assumptions
                    assert symdiff.parse(str(e)) is e
            except Exception as exc:  # collect, then fail once with all of them
                failures.append(f"line {line.lineno}: {text!r}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)


def test_panel_derivatives_equal_integrands():
    """symdiff.diff of every antiderivative equals the integrand (no simplify)."""
    rng = np.random.default_rng(6)
    failures = []
    for line in PANEL:
        d = symdiff.diff(_parse(line.antiderivative, line.assume), "x")
        msg = _mismatch(line, d, rng)
        if msg:
            failures.append(f"line {line.lineno} ({line.antiderivative}): {msg}")
    assert not failures, "\n".join(failures)


def test_checker_rejects_a_wrong_line(tmp_path):
    """The independent checker catches a wrong antiderivative and a missing
    'assume:' field (so a passing panel means something)."""
    bad = tmp_path / "bad.txt"
    bad.write_text("trig | sin(a*x)**2 | x/2 - sin(2*a*x)/(3*a)\n"
                   "power | 1/sqrt(b**2 - x**2) | asin(x/b)\n")
    lines = check_panel.read_panel(str(bad))
    import mpmath
    import random
    mpmath.mp.dps = check_panel.DPS
    rng = random.Random(1)
    probs0, _ = check_panel.check_line(lines[0], rng, use_symdiff=False)
    probs1, _ = check_panel.check_line(lines[1], rng, use_symdiff=False)
    assert probs0 and "mismatch" in probs0[0]
    assert probs1 and "assume" in probs1[0]


@pytest.mark.skipif(not HAS_SIMPLIFY, reason="symdiff.simplify not implemented on this branch")
def test_simplify_of_panel_derivatives_equals_integrand_and_is_no_larger():
    rng = np.random.default_rng(7)
    failures = []
    for line in PANEL:
        d = symdiff.diff(_parse(line.antiderivative, line.assume), "x")
        try:
            s = symdiff.simplify(d)
        except Exception as exc:
            failures.append(f"line {line.lineno}: simplify raised {type(exc).__name__}: {exc}")
            continue
        msg = _mismatch(line, s, rng)
        if msg:
            failures.append(f"line {line.lineno}: d/dx({line.antiderivative}) -> {s}: {msg}")
        elif printed_ops(s) > printed_ops(d):     # the cost simplify minimises
            failures.append(f"line {line.lineno}: simplify grew {printed_ops(d)} -> "
                            f"{printed_ops(s)} printed ops")
    assert not failures, f"{len(failures)} of {len(PANEL)} lines:\n" + "\n".join(failures[:40])
