"""Before lowering: ``Piecewise`` as selections that never evaluate a branch
outside its region, and the n-ary ``Max``/``Min``/``And``/``Or`` as nests
of binary calls (their NumPy forms take two arguments).

``Piecewise((e1, c1), ..., (en, cn))`` becomes
``_where(c1, g1, _where(c2, g2, ...))``: ``np.where`` over branch values
``g_i``, the last one ``NaN`` where no condition holds. A plain
``np.where`` would compute every branch everywhere (``log(x)`` at ``x = -1``,
with its warning and a NaN that a gradient could carry). Here each branch
is evaluated with its variables *guarded*: ``_guard(m_i, v)`` is ``v``
where the branch's mask ``m_i = c_i & ~c_1 & ... & ~c_(i-1)`` holds, and
elsewhere ``v`` at the first point where it holds (all variables of a
branch at the same point, so joint conditions hold there too); where the
mask holds nowhere, ``NaN``, which no ufunc warns about. So a branch only
ever sees points of its own region, and the selected values are the
branch's own. Conditions themselves are evaluated everywhere (write them
defined everywhere, as ``x > 0``). Every backend (NumPy kernel, numexpr's
NumPy steps, array-API namespaces with ``where``) and the scalar evaluator
run the same program.

>>> from symdiff import compile
>>> import numpy as np
>>> f = compile("Piecewise((log(x), x > 0), (0, True))", "x")
>>> with np.errstate(all="raise"):
...     f(np.array([-1.0, 0.0, np.e]))
array([0., 0., 1.])
"""
from __future__ import annotations

from ..core.limits import limits
from ..core.nodes import Expr, Fn, Op, _make, rebuild, substitute, topo
from ..errors import LimitError
from ..core.piecewise import TRUE, check_values  # noqa: F401

_FN = Op.FN
BINARY = frozenset({"Max", "Min", "And", "Or"})
_SPECIAL = BINARY | {"Piecewise"}


# Array-API forms (``{ns}`` is the namespace) where the NumPy form uses a
# function the standard lacks (heaviside, angle) or a NumPy-only idiom.
_FLAT = "{ns}.reshape({ns}.broadcast_arrays({0}, {1})[%d], (-1,))"
XP_FORMS = {
    "Heaviside": "{ns}.where({0} > 0, 1 + 0*{0}, {ns}.where({0} < 0, {ns}.zeros_like({0}), {1} + 0*{0}))",
    "arg": "{ns}.atan2({ns}.imag({0}), {ns}.real({0})) if {ns}.isdtype({0}.dtype, "
           "'complex floating') else {ns}.where({0} < 0, {ns}.pi + 0*{0}, 0*{0})",
    # v at the first point of the mask, NaN where it holds nowhere: a NaN and
    # a 1 are appended to the flat values and mask, so argmax always has an
    # answer (empty arrays too) and no Python branch depends on array values
    # (the form traces under jax.jit)
    "_guard": ("{ns}.where({0}, {1}, {ns}.take({ns}.concat([" + _FLAT % 1 + ", {ns}.full(1, {ns}.nan, "
               "dtype={1}.dtype)]), {ns}.reshape({ns}.argmax({ns}.concat([{ns}.astype(" + _FLAT % 0
               + ", {ns}.int8), {ns}.ones(1, dtype={ns}.int8)])), (1,)))[0])"),
}


# numexpr forms (numexpr has where and the comparisons; Max/Min stay NumPy's,
# whose NaN propagation numexpr's where would not keep)
NE_FORMS = {"_where": "where({0}, {1}, {2})", "Lt": "{0} < {1}", "Le": "{0} <= {1}",
            "Gt": "{0} > {1}", "Ge": "{0} >= {1}", "Eq": "{0} == {1}", "Ne": "{0} != {1}",
            "And": "{0} & {1}", "Or": "{0} | {1}", "Not": "~{0}"}


def _internal(name: str, *args: Expr) -> Expr:
    return _make(_FN, name, args)


def _binary(name: str, args: tuple) -> Expr:
    acc = args[0]
    for a in args[1:]:
        acc = _make(_FN, name, (acc, a))
    return acc


class _Budget:
    """Nodes the guarded copies of branches may add: each Piecewise copies
    its branches, so Piecewise nested n deep costs ~n**2 (a hostile input
    of 3,000 levels ran out of memory); past the budget, a LimitError."""

    def __init__(self, size: int):
        self.left = max(200_000, 20 * size)

    def spend(self, e: Expr) -> None:
        self.left -= len(topo([e], prune=lambda m: not m.free))
        if self.left < 0:
            raise LimitError("compile: Piecewise nested this deep would need guarded copies "
                             "of its branches past 20 times the program's size; flatten the "
                             "nesting into one Piecewise with joint conditions")


def _guarded(e: Expr, mask: Expr, budget: _Budget) -> Expr:
    if mask is TRUE or not e.free:
        return e
    budget.spend(e)
    return substitute(e, {v: _internal("_guard", mask, v) for v in e.free})


def _select(args: tuple, budget: _Budget) -> Expr:
    branches = [(args[i], args[i + 1]) for i in range(0, len(args), 2)]
    earlier: list = []
    values = []
    for e, c in branches:
        mask = Fn("And", c, *[Fn("Not", p) for p in earlier])
        values.append(_guarded(e, _binary_logic(mask), budget))
        earlier.append(c)
    last_e, last_c = values[-1], branches[-1][1]
    acc = last_e if last_c is TRUE else _internal("_where", last_c, last_e,
                                                  _internal("_undefined", last_e))
    for (e, c), g in zip(reversed(branches[:-1]), reversed(values[:-1])):
        acc = _internal("_where", c, g, acc)
    return acc


def _binary_logic(e: Expr) -> Expr:
    """``e`` with its n-ary And/Or as binary nests."""
    if not any(n.op is _FN and n.value in BINARY and len(n.args) > 2 for n in topo([e])):
        return e
    return prepare([e])[0]


def prepare(roots: list) -> list:
    """``roots`` ready to lower (see the module docstring)."""
    order = topo(roots)
    if not any(n.op is _FN and n.value in _SPECIAL for n in order):
        return list(roots)
    done: dict = {}
    budget = _Budget(len(order))
    for n in order:
        if not n.args:
            continue
        args = tuple(done.get(a, a) for a in n.args)
        if n.op is _FN and n.value == "Piecewise":
            done[n] = _select(args, budget)
        elif n.op is _FN and n.value in BINARY and len(args) > 2:
            done[n] = _binary(n.value, args)
        elif n.op is _FN and n.value in BINARY:
            done[n] = n if args == n.args else _make(_FN, n.value, args)
        else:
            done[n] = n if args == n.args else rebuild(n, args)
    return [done.get(r, r) for r in roots]
