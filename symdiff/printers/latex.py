"""LaTeX output (``symdiff.latex``), laid out like sympy's.

>>> from symdiff import parse
>>> latex(parse("x**2/(2*y) + sqrt(sin(x))"))
'\\\\frac{x^{2}}{2 y} + \\\\sqrt{\\\\sin{\\\\left(x \\\\right)}}'
"""
from __future__ import annotations

from fractions import Fraction

from ..errors import SymdiffError
from ..core.functions import REGISTRY, per_arity
from .derivative import is_derivative, latex_parts as derivative_latex
from ..core.nodes import Expr, Op
from .conditions import LATEX, LATEX_CONSTANTS
from .layout import (ATOM, POW, is_fraction_like, prec, is_sqrt, join_factors, render,
                     single_factor,
                     split_product, sum_parts)

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _CONST, _SYM, _POW, _MUL, _ADD = Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.ADD

_CONSTS = {"pi": r"\pi", "E": "e", "I": "i", "EulerGamma": r"\gamma", **LATEX_CONSTANTS}


def _number(v) -> str:
    if isinstance(v, Fraction):
        s = r"\frac{%d}{%d}" % (abs(v.numerator), v.denominator)
        return "- " + s if v < 0 else s
    if isinstance(v, float):
        r = repr(v)
        if "e" in r:
            m, e = r.split("e")
            return rf"{m} \cdot 10^{{{int(e)}}}"
        return r
    return str(v)


_GREEK = set("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
             "omicron rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda "
             "Xi Sigma Upsilon Phi Psi Omega".split()) - {"omicron"}


def _word(w: str) -> str:
    return "\\" + w if w in _GREEK else w


def _symbol(name: str) -> str:
    """``theta_2 -> \\theta_{2}``, ``x1 -> x_{1}``."""
    if "_" in name:
        head, _, tail = name.partition("_")
        return f"{_word(head)}_{{{tail}}}"
    if len(name) > 1 and name[-1].isdigit():
        i = len(name.rstrip("0123456789"))
        if i:
            return f"{_word(name[:i])}_{{{name[i:]}}}"
    return _word(name)


def _parts(node: Expr, sign: int) -> list:
    op = node.op
    if op is _NUM:
        return [_number(node.value * sign)]
    if op is _SYM:
        return [_symbol(node.value)] if sign == 1 else ["- ", _symbol(node.value)]
    if op is _CONST:
        return [_CONSTS[node.value]] if sign == 1 else ["- ", _CONSTS[node.value]]
    if op is _ADD:
        return sum_parts(node)
    if is_fraction_like(node, sign):
        return _product(node, sign)
    if op is _POW:
        b, e = node.args
        if is_sqrt(node):
            return [r"\sqrt{", (b, 0, 1), "}"]
        if b.op is _SYM or b.op is _CONST or (b.op is _NUM and isinstance(b.value, int)
                                                   and b.value >= 0):
            return [(b, POW + 1, 1), "^{", (e, 0, 1), "}"]
        return ["{", (b, POW + 1, 1), "}^{", (e, 0, 1), "}"]
    special = LATEX.get(node.value)
    if special is not None:
        return special(node)
    if node.value not in REGISTRY:
        if is_derivative(node):
            return derivative_latex(node, _symbol, _call)
        return _call(node.value, [(a, 0, 1) for a in node.args])
    return _template(node.value, [(a, 0, 1) for a in node.args])


def _template(name: str, items: list) -> list:
    """A registry function's call by its LaTeX template: a string with
    ``{0}``, ``{1}``, ... or a tuple of text and argument indices (``(k,
    "atom")``: parenthesized unless an atom; see core/special_functions.py)."""
    tmpl = per_arity(REGISTRY[name].latex, len(items))
    out: list = []
    if isinstance(tmpl, tuple):
        for t in tmpl:
            if isinstance(t, str):
                out.append(t)
            elif isinstance(t, int):
                out.append(items[t])
            elif isinstance(items[t[0]], tuple) and prec(items[t[0]][0], 1) < ATOM:
                out += [r"\left(", items[t[0]], r"\right)"]
            else:
                out.append(items[t[0]])
        return out
    rest = tmpl
    keys = [f"{{{k}}}" for k in range(len(items))]
    while rest:
        i = min((rest.find(k) for k in keys if k in rest), default=-1)
        if i < 0:
            out.append(rest)
            break
        j = rest.index("}", i)
        out += [rest[:i], items[int(rest[i + 1:j])]]
        rest = rest[j + 1:]
    return out


def _call(name: str, items: list) -> list:
    r"""An undefined function's call as sympy writes it: ``f{\left(x,y \right)}``;
    a registry function (``besselj`` in a derivative) by its own template."""
    if name in REGISTRY:
        return _template(name, items)
    out = [_symbol(name) + r"{\left("]
    for i, it in enumerate(items):
        out += [",", it] if i else [it]
    return out + [r" \right)}"]


def _join(items: list, c) -> list:
    return join_factors(items, c, _number, _space)


def _space(f: Expr) -> str:
    return r" \cdot " if f.op is _NUM else " "


def _braced(items: list, c) -> list:
    """A \\frac numerator or denominator: its braces group it, so a lone
    factor needs no parentheses."""
    if len(items) == 1 and c == 1 and type(c) is int:
        return [(items[0], 0, 1)]
    return _join(items, c)


def _product(node: Expr, sign: int) -> list:
    negative, cn, cd, num, den = split_product(node, sign)
    if single_factor(negative, cn, cd, num, den):
        return [(num[0], 0, 1)]          # prec() gave the node this factor's precedence
    out: list = ["- "] if negative else []       # sympy's "- x y", "- \frac{x}{2}"
    if cd != 1 or den:
        return out + [r"\frac{", *_braced(num, cn), "}{", *_braced(den, cd), "}"]
    return out + _join(num, cn)


def latex(expr) -> str:
    """LaTeX source of an expression (strings are parsed first).

    A matrix (a ``jacobian``/``hessian`` result, a list of lists, a 2-d
    NumPy object array) gives a ``bmatrix``, a flat list (a gradient) a
    column ``bmatrix``, as the command line's ``--format latex`` prints them.
    """
    from ..parsing.parse import parse
    if isinstance(expr, (Expr, str)):
        return render(parse(expr), _parts)
    rows = _rows(expr)
    if rows is None:
        return render(parse(expr), _parts)      # numbers; anything else raises there
    if not rows or not rows[0]:
        return r"\begin{bmatrix}\end{bmatrix}"
    body = r" \\ ".join(" & ".join(render(parse(e), _parts) for e in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def _rows(obj):
    """The rows of a matrix-like ``obj`` (a vector is one column), or None
    for an object that is no matrix."""
    if type(obj).__module__ == "numpy" and hasattr(obj, "tolist"):
        obj = obj.tolist()        # an object array of expressions
    else:
        from ..core.matrix import DerivMatrix
        if isinstance(obj, DerivMatrix):
            return obj.tolist()
    if not isinstance(obj, (list, tuple)):
        return None
    nested = [isinstance(r, (list, tuple)) for r in obj]
    if not any(nested):
        return [[e] for e in obj]
    if not all(nested):
        raise SymdiffError("latex of a list: give expressions (a column) or lists of "
                           "expressions (the rows of a matrix), not a mix")
    rows = [list(r) for r in obj]
    if len({len(r) for r in rows}) > 1:
        raise SymdiffError(f"latex of a matrix: rows of different lengths "
                           f"{sorted({len(r) for r in rows})}")
    for r in rows:
        for e in r:
            if isinstance(e, (list, tuple)):
                raise SymdiffError("latex takes an expression, a list or a list of lists; "
                                   "deeper nesting has no matrix layout")
    return rows
