"""Hypothesis: random real expressions mixing the special functions
(``exprgen.SPECIAL_CALLS``: each call keeps its argument in the real
domain) into elementary ones, and, in the last tests, Max/Min/Heaviside/
Piecewise and an undefined function made concrete afterwards.

Oracles: sympy parsing the same text itself, its derivative evaluated
with mpmath at 30 digits; central finite differences (``gradcheck``);
compiled values against sympy's 30-digit values. Points are real, drawn
from a seeded generator (so shrinking cannot walk them onto a pole);
points where sympy gives no finite number are skipped.
"""
from __future__ import annotations

import pickle
import random
import re

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

import symdiff
from symdiff import diff, from_sympy, latex, parse, subs_function, to_sympy
from symdiff.core.nodes import Op, topo
from symdiff.core.special_functions import NAMES as SPECIAL
from exprgen import kink_distance, parsed_for_sympy, special_expressions, special_sympy_of

pytest.importorskip("scipy")

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SEEDS = st.integers(0, 2**32).map(random.Random)
X, Y = sympy.Symbol("x"), sympy.Symbol("y")


def _points(rnd, n=2):
    return [{"x": rnd.uniform(-1.5, 1.5), "y": rnd.uniform(-1.5, 1.5)} for _ in range(n)]


def _value30(s, point):
    """sympy's value of ``s`` at ``point`` (30 digits), or None where it
    gives no finite real number."""
    try:
        v = complex(s.evalf(30, subs={X: sympy.Float(point["x"], 30), Y: sympy.Float(point["y"], 30)}))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return v if np.isfinite(v) and abs(v) < 1e12 else None


def _agree30(ours, ref, points) -> None:
    """``ours`` equals ``ref`` to 20 digits at each point where ``ref`` has a
    finite value (sympy expressions, 30-digit evaluation)."""
    for pt in points:
        r = _value30(ref, pt)
        if r is None:
            continue
        v = _value30(ours, pt)
        assert v is not None and abs(v - r) <= 1e-20 * max(1.0, abs(r)), (pt, v, r)


@SETTINGS
@given(special_expressions(), st.sampled_from(["x", "y"]), SEEDS)
def test_derivative_agrees_with_sympy_at_30_digits(text, var, rnd):
    e = parsed_for_sympy(text)
    d = diff(e, var)
    ref = sympy.diff(special_sympy_of(text), sympy.Symbol(var))
    note(f"ours: {d}\nsympy: {ref}")
    ours = to_sympy(d)
    _agree30(ours, ref, _points(rnd))


@SETTINGS
@given(special_expressions(), SEEDS)
def test_gradient_agrees_with_finite_differences(text, rnd):
    e = parsed_for_sympy(text)
    pts = [(p["x"], p["y"]) for p in _points(rnd)]
    r = symdiff.gradcheck(e, "x y", pts, rtol=1e-5)
    assert r.ok, (text, r)


def _latex_agrees(u) -> None:
    """Each special call of ``u``, its non-constant arguments replaced by
    symbols, prints as sympy's LaTeX (compound expressions differ by
    convention: sympy writes ``\\operatorname{erf}^{2}{...}``), and the
    whole LaTeX has balanced braces."""
    tex = latex(u)
    assert tex.count("{") == tex.count("}") and tex.count(r"\left") == tex.count(r"\right")
    for n in topo([u]):
        if n.op is Op.FN and n.value in SPECIAL and n.value != "beta":   # sympy prints
            # beta's arguments with str() (B(a0, 3/2)); tests/printers covers beta(a, b)
            args = [str(a) if not a.free else f"a{i}" for i, a in enumerate(n.args)]
            call = f"{n.value}({', '.join(args)})"
            ours, ref = latex(parse(call)), sympy.latex(special_sympy_of(call))
            assert ours.replace(" ", "") == ref.replace(" ", ""), call   # (sympy: K_{- \\frac...})


@SETTINGS
@given(special_expressions())
def test_printing_round_trips_and_sympy_bridge(text):
    e = parsed_for_sympy(text)
    assert parse(str(e)) is e
    d = diff(e, "x")
    # a derivative may keep a long shared sub-product as one operand
    # (ad/forward.py's grouped chains); its text reads back as the flat form
    p = parse(str(d))
    assert parse(str(p)) is p and to_sympy(p) == to_sympy(d)
    for u in (e, d):
        assert pickle.loads(pickle.dumps(u)) is u
        s = to_sympy(u)
        assert to_sympy(from_sympy(s)) == s
        _latex_agrees(u)
    # sympy's own reading of the text comes back as an equal expression
    s = special_sympy_of(text)
    assert to_sympy(from_sympy(s)) == s


@SETTINGS
@given(special_expressions(), SEEDS)
def test_compiled_values_agree_with_mpmath(text, rnd):
    e = parsed_for_sympy(text)
    f = symdiff.compile(e, "x y")
    s = special_sympy_of(text)
    for pt in _points(rnd, 3):
        r = _value30(s, pt)
        if r is None:
            continue
        with np.errstate(all="ignore"):
            v = complex(f(np.array([pt["x"]]), np.array([pt["y"]]))[0])
        assert abs(v - r) <= 1e-9 * max(1.0, abs(r)), (pt, v, r)


@SETTINGS
@given(special_expressions(kinks=True), st.sampled_from(["x", "y"]), SEEDS)
def test_with_kinks_derivative_agrees_with_sympy_and_finite_differences(text, var, rnd):
    e = parsed_for_sympy(text)
    assert parse(str(e)) is e
    d = diff(e, var)
    ref = sympy.diff(special_sympy_of(text), sympy.Symbol(var))
    ours = to_sympy(d)
    for pt in _points(rnd):
        if kink_distance(e, pt) < 1e-2:
            continue
        r = _value30(ref, pt)
        if r is not None:
            v = _value30(ours, pt)
            assert v is not None and abs(v - r) <= 1e-20 * max(1.0, abs(r)), (pt, v, r)
        res = symdiff.gradcheck(e, "x y", [(pt["x"], pt["y"])], rtol=1e-5)
        assert res.ok, (pt, res)



@SETTINGS
@given(special_expressions(max_leaves=5), st.sampled_from(["erf", "airyai", "Si"]),
       st.sampled_from(["x", "y"]), SEEDS)
def test_undefined_function_made_concrete_afterwards(text, name, var, rnd):
    """``ff(u)`` in place of a special call: differentiated first, then
    ``ff -> name``; equal to sympy's derivative of the concrete text."""
    text = f"ff({text})*y + ff(x)"
    e = parse(text, functions="ff")
    assume(not any(n.op is Op.FN and not n.free for n in topo([e])))
    d = subs_function(diff(e, var), "ff", name)
    concrete = re.sub(r"\bff\(", f"{name}(", text)
    ref = sympy.diff(special_sympy_of(concrete), sympy.Symbol(var))
    ours = to_sympy(d)
    _agree30(ours, ref, _points(rnd))
