"""Fuzz classes for differentiation: repeated variables in every API, and
derivatives of Abs/sign (and re/im/conjugate) of complex-valued arguments.

Each class is ``case(rng)``: one random case, checked against sympy (and,
for (b), central differences); AssertionError on a wrong answer, only
SymdiffError is an acceptable exception. See ``tests/fuzzing.py``.
"""
from __future__ import annotations

import cmath
import contextlib
import io
import random

import numpy as np
import sympy

import symdiff
from symdiff import SymdiffError
from symdiff.cli.main import main
from symdiff.cli.commands import split_exprs
from exprgen import central_difference, close, mp_eval, sympy_of

XS = ["x", "y", "z"]
SYM = {v: sympy.Symbol(v) for v in XS}
FUNCS = ["sin", "cos", "exp", "log", "sqrt", "atan", "tanh", "sinh"]


def _text(rng: random.Random, leaves: int) -> str:
    """A random expression over x, y, z with about ``leaves`` leaves."""
    if leaves <= 1:
        return rng.choice(XS + XS + ["2", "3", "(1/2)", "(-1)"])
    k = rng.randrange(4)
    if k == 0:
        return f"{rng.choice(FUNCS)}({_text(rng, leaves - 1)})"
    if k == 1:
        return f"({_text(rng, leaves - 1)})**{rng.choice(['2', '3', '(-1)'])}"
    a = rng.randrange(1, leaves)
    return f"({_text(rng, a)}){rng.choice('+-*/')}({_text(rng, leaves - a)})"


def _names(rng: random.Random) -> list:
    names = [rng.choice(XS) for _ in range(rng.randrange(2, 5))]
    i, j = rng.sample(range(len(names)), 2)
    names[j] = names[i]                    # at least one repeat
    return names


def _point(rng: random.Random) -> dict:
    return {v: complex(rng.uniform(-2, 2), rng.uniform(0.1, 2)) for v in XS}


def _check(ours: list, refs: list, pt: dict, what: str) -> None:
    f = symdiff.compile(ours, XS) if ours else None
    with np.errstate(all="ignore"):
        vals = [complex(v) for v in f(*[pt[k] for k in XS])] if f else []
    for v, ref in zip(vals, refs):
        r = mp_eval(ref, pt)
        if r is None or abs(r) > 1e6 or not cmath.isfinite(v):
            continue
        assert close(v, r, 1e-6), (what, pt, v, r)


def _cli(args: list) -> tuple:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue()


def repeated_variables(rng: random.Random) -> None:
    """diff, grad, jacobian, hessian, the CLI with a repeated variable: sympy's
    values; compile with a repeated parameter: SymdiffError."""
    text = _text(rng, rng.randrange(2, 6))
    e = symdiff.parse(text)
    if any(n.op is symdiff.core.nodes.Op.FN and not n.free for n in symdiff.core.nodes.topo([e])):
        return                             # a constant call may sit on a branch cut
    s = sympy_of(text)
    names = _names(rng)
    syms = [SYM[v] for v in names]
    pt = _point(rng)
    api = rng.randrange(5)
    if api == 0:
        _check([symdiff.diff(e, *names)], [sympy.diff(s, *syms)], pt, ("diff", text, names))
    elif api == 1:
        _check(symdiff.grad(e, names), [sympy.diff(s, v) for v in syms], pt, ("grad", text, names))
    elif api == 2:
        text2 = _text(rng, 3)
        J = symdiff.jacobian([e, symdiff.parse(text2)], names)
        ref = sympy.Matrix([s, sympy_of(text2)]).jacobian(syms)
        assert J.shape == (2, len(names))
        _check([J[i, j] for i in range(2) for j in range(len(names))],
               [ref[i, j] for i in range(2) for j in range(len(names))], pt,
               ("jacobian", text, text2, names))
    elif api == 3:
        H = symdiff.hessian(e, names)
        n = len(names)
        assert all(H[i, j] is H[j, i] for i, j in H.sparsity())
        ref = sympy.hessian(s, syms)
        _check([H[i, j] for i in range(n) for j in range(n)],
               [ref[i, j] for i in range(n) for j in range(n)], pt, ("hessian", text, names))
    else:
        op = rng.choice(["grad", "hessian", "jacobian"])
        code, out = _cli([op, text, "--vars", ",".join(names)])
        assert code == 0, (op, text, names, code)
        rows = [split_exprs(line) for line in out.splitlines() if line.strip()]
        if op == "grad":
            rows = [[r[0] for r in rows]] if all(len(r) == 1 for r in rows) else rows
        flat = [symdiff.parse(t) for row in rows for t in row]
        if op == "hessian":
            refs = list(sympy.hessian(s, syms))
        else:
            refs = [sympy.diff(s, v) for v in syms]
        assert len(flat) == len(refs), (op, text, names, out)
        _check(flat, refs, pt, ("cli", op, text, names))
    try:
        symdiff.compile(e, names)
    except SymdiffError:
        pass
    else:
        raise AssertionError(f"compile accepted duplicate parameters {names}")
    code, _ = _cli(["compile", text, "--vars", ",".join(names)])
    assert code != 0, ("cli compile accepted duplicate parameters", names)


BLOCKS = ["I*x", "sqrt(x)", "x**(3/2)", "log(x)", "exp(I*x)", "x + I*x**2", "sqrt(x)*sin(x)",
          "(1 + I)*x", "asinh(I*x + 1)", "x**2", "sin(x)", "x*y", "log(x)*y", "I*y + x",
          "sqrt(x)*y"]
OUTER = ["Abs", "sign", "re", "im", "conjugate"]
XR, YR = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)


def _sgn(u):
    return sympy.sign(u) if u.is_extended_real else u / sympy.Abs(u)


def _sympy_real(text: str):
    return sympy.sympify(text.replace("sign(", "SGN("),
                         locals={"x": XR, "y": YR, "SGN": _sgn, "re": sympy.re,
                                 "im": sympy.im, "conjugate": sympy.conjugate})


def complex_abs(rng: random.Random) -> None:
    """d/dx of Abs/sign/re/im/conjugate of complex-valued arguments at real
    points (negative x included): sympy with real symbols, central differences."""
    u = rng.choice(BLOCKS)
    if rng.random() < 0.5:
        u = f"({u}) {rng.choice('+-*')} ({rng.choice(BLOCKS)})"
    f = f"{rng.choice(OUTER)}({u})"
    text = rng.choice(["{f}", "{f}*x", "{f}**2", "exp({f})", "{g}(I*{f} + x)",
                       "{f}*{g}(sqrt(x))"]).format(f=f, g=rng.choice(OUTER))
    x = rng.choice([-1, 1]) * rng.uniform(0.2, 2.0)
    y = rng.uniform(0.3, 1.5)
    e = symdiff.parse(text)
    fn = symdiff.compile(e, ["x", "y"])

    def at(expr, t):
        g = symdiff.compile(expr, ["x", "y"])
        with np.errstate(all="ignore"):
            return complex(g(np.complex128(t), np.complex128(y)))

    def fx(t):
        with np.errstate(all="ignore"):
            return complex(fn(np.complex128(t.real), np.complex128(y)))
    if not cmath.isfinite(fx(complex(x))) or abs(fx(complex(x))) < 1e-6:
        return
    for n in symdiff.core.nodes.topo([e]):     # the general rules are undefined where
        if n.op is symdiff.core.nodes.Op.FN and n.value in ("Abs", "sign"):   # the argument
            if abs(at(n.args[0], x)) < 1e-9:   # is 0 (e.g. (x + I*x**2) - (x + I*x**2),
                return                         # which the canonical form keeps unreduced)
    wrt = rng.choice(["x", "y"])
    ref = _sympy_real(text).diff(XR if wrt == "x" else YR).doit()
    try:
        r = complex(ref.subs({XR: x, YR: y}).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return
    if not cmath.isfinite(r) or abs(r) > 1e4:
        return
    if wrt == "x":
        num = central_difference(fx, complex(x), 1e-3)
    else:
        num = central_difference(lambda t: complex(fn(np.complex128(x), np.complex128(t.real))),
                                 complex(y), 1e-3)
    if not close(num, r, 1e-5):
        return     # oracles disagree: a kink within the stencil, or sympy's derivative of
                   # sign() of a complex argument (wrong for sign(I*sign(u) + x): mpmath
                   # agrees with symdiff there)
    mode = rng.randrange(3)
    d = (symdiff.diff(e, wrt) if mode == 0 else symdiff.grad(e, ["x", "y"])[XS.index(wrt)]
         if mode == 1 else symdiff.jacobian([e], [wrt, wrt])[0, 1])
    v = at(d, x)
    assert close(v, r, 1e-8), (text, wrt, x, y, mode, v, r)


CLASSES = [repeated_variables, complex_abs]
