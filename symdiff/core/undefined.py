"""Undefined functions and their unevaluated partial derivatives, as names.

An undefined function call ``f(x, y)`` is an ordinary function node whose
name is not a registry function. A partial derivative is a function node
too, named after its function and the order in each argument slot
(Mathematica's ``Derivative[1, 0][f][x, y]``):

    f(x, y)                      value "f"
    d/dx f(x, y)                 value "Derivative[1,0][f]", args (x, y)
    d^2/dx dy f(x, y)            value "Derivative[1,1][f]" (either order)
    d/dnu besselj(nu, x)         value "Derivative[1,0][besselj]"

Mixed partials are canonical for free: the orders are counts per slot, not
a sequence of variables. Registry rows with a ``None`` partial (no closed
form, see ``functions.py``) use the same names.

This module is strings only (no nodes): :func:`split` decodes a name,
:func:`derivative_name` encodes one, :func:`check_function_name` validates a
new undefined function's name.

>>> derivative_name("f", (1, 0))
'Derivative[1,0][f]'
>>> split("Derivative[1,0][f]")
('f', (1, 0))
>>> split("f")
('f', None)
"""
from __future__ import annotations

from ..errors import SymdiffError
from .functions import NAMES, REGISTRY

RESERVED = frozenset({"pi", "E", "I", "EulerGamma", "Derivative", "Subs", "Function", "Lambda"})

_SPLIT: dict = {}


def derivative_name(base: str, orders: tuple) -> str:
    """The node name of the partial derivative of ``base`` with ``orders``
    (one count per argument); the plain name when all orders are zero."""
    if not any(orders):
        return base
    return f"Derivative[{','.join(map(str, orders))}][{base}]"


def split(value: str) -> tuple:
    """``(function name, orders or None)`` of a function node's name."""
    got = _SPLIT.get(value)
    if got is None:
        if value.startswith("Derivative["):
            head, _, rest = value[len("Derivative["):].partition("][")
            try:
                if not rest.endswith("]"):
                    raise ValueError
                got = (rest[:-1], tuple(int(k) for k in head.split(",")))
            except ValueError:
                raise SymdiffError(f"malformed derivative node name {value!r}: "
                                   "expected Derivative[1,0][f]") from None
        else:
            got = (value, None)
        if len(_SPLIT) < 100_000:
            _SPLIT[value] = got
    return got


def is_undefined_name(value: str) -> bool:
    """Whether a function node's name is an undefined function or a partial
    derivative node (of an undefined or a registry function)."""
    return value not in REGISTRY


def check_function_name(name) -> str:
    """``name`` if it can name an undefined function: an identifier that is
    no registry function, constant or reserved word; else SymdiffError."""
    if not isinstance(name, str) or not name.isidentifier():
        raise SymdiffError(f"invalid function name {name!r}: a name is a letter or '_' "
                           "followed by letters, digits or '_'")
    if name in NAMES:
        raise SymdiffError(f"function name {name!r} is taken by the built-in function "
                           f"{NAMES[name].name!r}; choose another name")
    if name in RESERVED:
        raise SymdiffError(f"{name!r} is reserved and cannot name a function")
    return name


def check_value(value: str, nargs: int) -> None:
    """Validate a node name for a call with ``nargs`` arguments."""
    base, orders = split(value)
    if orders is None:
        check_function_name(base)
        return
    if base not in REGISTRY:
        check_function_name(base)
    elif nargs not in REGISTRY[base].nargs:
        raise SymdiffError(f"{base}() takes {REGISTRY[base].nargs} arguments, got {nargs}")
    if len(orders) != nargs or any(k < 0 for k in orders):
        raise SymdiffError(f"derivative orders {orders} do not fit {nargs} argument(s)")
