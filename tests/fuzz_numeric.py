"""Fuzz classes for numeric evaluation (wired into the fuzz runner):
each ``case(rng)`` checks one random case against sympy's principal values
(mpmath), raising AssertionError on a wrong value; SymdiffError is the only
acceptable exception."""
from __future__ import annotations

import contextlib
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from numeric_gen import close, constant_expr, near_cut, sympy_value, variable_expr  # noqa: E402


def constants_complex128(rng: random.Random) -> None:
    """(a) branch-cut functions of real constants, compiled, in complex128."""
    import numpy as np
    import symdiff
    text = constant_expr(rng)
    want = sympy_value(text)
    if want is None or near_cut(text):
        return
    try:
        f = symdiff.compile(f"({text})*x", ["x"])
    except symdiff.SymdiffError:
        return
    with np.errstate(all="ignore"):
        got = f(np.array([1 + 0j, 2 + 0j]))
        real_in = f(1.0)                # float64 input: the constant is still principal
    assert close(got[0], want) and close(got[1], 2 * want), (text, got, want)
    assert close(real_in, want), (text, "float64 input", real_in, want)


def cli_eval_complex(rng: random.Random) -> None:
    """(b) ``symdiff eval`` at a random real point, complex results included."""
    from symdiff import SymdiffError
    from symdiff.cli.main import main
    text = variable_expr(rng)
    x = round(rng.uniform(-4, 4), rng.choice([0, 1, 3]))
    want = sympy_value(text, {"x": x})
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            rc = main(["eval", text, f"x={x!r}"])
    except SymdiffError:
        return
    if want is None or near_cut(text, {"x": x}) or rc not in (0, None):
        return
    got = complex(out.getvalue().strip())
    assert close(got, want, 1e-10), (text, x, got, want)


CLASSES = [constants_complex128, cli_eval_complex]
