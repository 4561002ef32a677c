"""A :class:`symdiff.cli.commands.Result` as text, one function per ``--format``.

``str`` (default) prints one expression per line, each valid input again
(a matrix: one ``[a, b, ...]`` row per line); ``latex`` a formula (vectors
and matrices as ``bmatrix``); ``json`` one record (schema in ``symdiff/cli/main.py``);
``python`` a standalone NumPy module; ``let`` a Wengert list; ``dot`` Graphviz.

>>> from symdiff.cli.commands import run
>>> print(FORMATS["str"](run({"op": "hessian", "expr": "x**2*y", "vars": "x y"})))
[2*y, 2*x]
[2*x, 0]
"""
from __future__ import annotations

from collections.abc import Callable


from ..core.nodes import ZERO, Expr, count_ops


def _number(v) -> str:
    return repr(v)


def _outputs(r) -> list[tuple[str, Expr]]:
    """(label, expression) per output: ``out``, ``out[i]``, ``out[i, j]``
    (matrices: the nonzero entries)."""
    if len(r.shape) == 2:
        return [(f"out[{i}, {j}]", r.value[i][j]) for i, j in r.sparsity()] or [("out", ZERO)]
    if r.shape:
        return [(f"out[{i}]", e) for i, e in enumerate(r.value)]
    return [("out", r.value)]


def to_str(r) -> str:
    if r.numeric:
        return _number(r.value)
    if len(r.shape) == 2:
        return "\n".join("[" + ", ".join(str(e) for e in row) + "]" for row in r.value)
    return "\n".join(str(e) for e in r.entries())


def to_latex(r) -> str:
    from ..printers.latex import latex
    if len(r.shape) == 2:
        body = r" \\ ".join(" & ".join(latex(e) for e in row) for row in r.value)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
    if r.shape:
        return r"\begin{bmatrix} " + r" \\ ".join(latex(e) for e in r.value) + r" \end{bmatrix}"
    return latex(r.value)


def _json_number(v):
    import math
    if isinstance(v, complex):
        return [_json_number(v.real), _json_number(v.imag)]
    return v if math.isfinite(v) else None


def record(r) -> dict:
    """The JSON record of a result (see the schema in ``symdiff/cli/main.py``)."""
    out: dict = {"op": r.op, "input": r.input, "variables": r.variables}
    out.update(r.extra)
    if "values" in out:
        out["values"] = {k: _json_number(v) for k, v in out["values"].items()}
    if r.numeric:
        out["result"] = _number(r.value)
        out["value"] = _json_number(r.value)
    else:
        if len(r.shape) == 2:
            out["result"] = [[str(e) for e in row] for row in r.value]
        elif r.shape:
            out["result"] = [str(e) for e in r.value]
        else:
            out["result"] = str(r.value)
        out["count_ops"] = count_ops(*r.entries())
        if r.shape:
            sp = r.sparsity()
            out.update(shape=list(r.shape), sparsity=sp, nnz=len(sp))
    if r.warnings:
        out["warnings"] = list(r.warnings)
    return out


def to_json(r) -> str:
    import json
    return json.dumps(record(r), ensure_ascii=False)


def to_python(r) -> str:
    import symdiff
    src = symdiff.compile(r.entries(), r.arguments or r.variables).module_source()
    if len(r.shape) == 2:
        src = (f"# f returns the {r.shape[0]}x{r.shape[1]} matrix's entries in row-major "
               "order (zeros included)\n" + src)
    return src


def to_let(r) -> str:
    from ..printers.wengert import wengert
    return wengert(_outputs(r))


def to_dot(r) -> str:
    from ..printers.dot import dot
    return dot(_outputs(r))


# --format name -> printer; every entry takes a Result and returns text.
FORMATS: dict[str, Callable] = {
    "str": to_str,
    "latex": to_latex,
    "json": to_json,
    "python": to_python,
    "let": to_let,
    "dot": to_dot,
}
NUMERIC_FORMATS = ("str", "json")   # what an ``eval`` number can be printed as
