"""How relations, logic, ``Piecewise`` and the n-ary nonsmooth functions
print, in str (sympy's ``str``) and LaTeX (sympy's ``latex``): tables of
``parts(node) -> list`` for the infix and LaTeX printers (see
``layout.render``), one row per function.

>>> from symdiff import parse, latex
>>> str(parse("Piecewise((x**2, (x > 0) & (y < 1)), (0, True))"))
'Piecewise((x**2, (x > 0) & (y < 1)), (0, True))'
>>> latex("Max(x, 0)")
'\\\\max\\\\left(0, x\\\\right)'
"""
from __future__ import annotations

from ..core.nodes import HALF, Expr, Op
from .layout import ADD, ATOM

REL = 2      # a relation's precedence (layout._FN_PREC): loosest, as in Python
_INFIX_OPS = {"Lt": " < ", "Le": " <= ", "Gt": " > ", "Ge": " >= "}
_LATEX_OPS = {"Lt": " < ", "Le": r" \leq ", "Gt": " > ", "Ge": r" \geq ", "Eq": " = ",
              "Ne": r" \neq "}


def _joined(node: Expr, sep: str, need: int, wrap=None) -> list:
    out: list = []
    for i, a in enumerate(node.args):
        if i:
            out.append(sep)
        if wrap is not None and wrap(a):
            out += [r"\left(", (a, 0, 1), r"\right)"]
        else:
            out.append((a, need, 1))
    return out


def _call(name: str, args, open_="(", close=")") -> list:
    out: list = [name, open_]
    for i, a in enumerate(args):
        if i:
            out.append(", ")
        out.append((a, 0, 1))
    out.append(close)
    return out


def _str_piecewise(node: Expr) -> list:
    out: list = ["Piecewise("]
    a = node.args
    for i in range(0, len(a), 2):
        out += [", " if i else "", "(", (a[i], 0, 1), ", ", (a[i + 1], 0, 1), ")"]
    out.append(")")
    return out


def _str_heaviside(node: Expr) -> list:
    x, h0 = node.args
    return _call("Heaviside", (x,) if h0 is HALF else (x, h0))


def _relation(op: str):
    return lambda node: [(node.args[0], REL + 1, 1), op, (node.args[1], REL + 1, 1)]


INFIX = {**{n: _relation(o) for n, o in _INFIX_OPS.items()},
         "And": lambda node: _joined(node, " & ", ADD),
         "Or": lambda node: _joined(node, " | ", ADD),
         "Not": lambda node: ["~", (node.args[0], ATOM, 1)],
         "Piecewise": _str_piecewise,
         "Heaviside": _str_heaviside}


def _is_logic(a: Expr) -> bool:
    return a.op is Op.FN and a.value in ("And", "Or")


def _latex_piecewise(node: Expr) -> list:
    out: list = [r"\begin{cases} "]
    a = node.args
    for i in range(0, len(a), 2):
        if i:
            out.append(r" \\")
        out += [(a[i], 0, 1), " & "]
        if a[i + 1].op is Op.CONST and a[i + 1].value == "True":
            out.append(r"\text{otherwise}")
        else:
            out += [r"\text{for}\: ", (a[i + 1], 0, 1)]
    out.append(r" \end{cases}")
    return out


def _latex_heaviside(node: Expr) -> list:
    x, h0 = node.args
    return _call(r"\theta", (x,) if h0 is HALF else (x, h0), r"\left(", r"\right)")


def _latex_dirac(node: Expr) -> list:
    if len(node.args) == 1:
        return [r"\delta\left(", (node.args[0], 0, 1), r"\right)"]
    return [r"\delta^{\left( ", (node.args[1], 0, 1), r" \right)}\left( ", (node.args[0], 0, 1),
            r" \right)"]


def _latex_relation(op: str):
    return lambda node: [(node.args[0], 0, 1), op, (node.args[1], 0, 1)]


LATEX = {**{n: _latex_relation(o) for n, o in _LATEX_OPS.items()},
         "And": lambda node: _joined(node, r" \wedge ", 0, lambda a: a.op is Op.FN and a.value == "Or"),
         "Or": lambda node: _joined(node, r" \vee ", 0, lambda a: a.op is Op.FN and a.value == "And"),
         "Not": lambda node: [r"\neg "] + ([r"\left(", (node.args[0], 0, 1), r"\right)"]
                                           if _is_logic(node.args[0]) else [(node.args[0], 0, 1)]),
         "Piecewise": _latex_piecewise,
         "Heaviside": _latex_heaviside,
         "DiracDelta": _latex_dirac,
         "Max": lambda node: _call(r"\max", node.args, r"\left(", r"\right)"),
         "Min": lambda node: _call(r"\min", node.args, r"\left(", r"\right)")}
LATEX_CONSTANTS = {"True": r"\text{True}", "False": r"\text{False}"}
