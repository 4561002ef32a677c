"""Lower expression DAGs to a let-bound program of primitive array operations.

Every distinct operation node becomes one *step*: a short list of primitive
instructions ``(prim, *operands)`` whose operands are nodes or ``ACC`` (the
step's own partial result). Every backend prints the same program, so they
round alike (the NumPy kernel's shared float64 sin/cos reduction is within
2 ulp of libm, see ``trig``). Lowering is where the arithmetic gets cheap:

- ``x**2 -> x*x``, integer powers by multiplication chains, ``x**(k/2)`` by
  ``sqrt`` and multiplications, ``x**-1 -> reciprocal(x)``;
- ``a*b**-1 -> a/b`` and ``a + (-1)*b -> a - b`` when the power or product
  is used once (it is then *absorbed*: never computed on its own);
- nodes free of symbols are *constants*, evaluated once per call as scalars.

The schedule is topological, except that sums and products accumulate each
operand right after it is computed, so a long sum of products keeps one
temporary live instead of all its terms. ``last_use`` (liveness) lets the
NumPy backend recycle buffers of dead temporaries.

>>> from symdiff import parse
>>> p = lower([parse("x**3 - sin(x)/y")])
>>> [(i[0], len(i) - 1) for _, _, i in p.sequence]
[('mul', 2), ('mul', 2), ('sin', 1), ('div', 2), ('sub', 2)]
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core.nodes import Add, Expr, Mul, Num, Op, topo
from .masked import check_values, prepare

ACC = None          # operand meaning "this step's partial result"
MAX_CHAIN = 16      # integer powers up to this use multiplications
MAX_HALF = 7        # x**(k/2) by sqrt and multiplications up to |k| = 7

# Registry function -> primitive steps; an int operand is the argument's
# index, ACC the step's partial result.
FUNCTIONS: dict[str, tuple] = {
    "sin": (("sin", 0),), "cos": (("cos", 0),), "tan": (("tan", 0),),
    "cot": (("tan", 0), ("recip", ACC)),
    "sec": (("cos", 0), ("recip", ACC)),
    "csc": (("sin", 0), ("recip", ACC)),
    "asin": (("arcsin", 0),), "acos": (("arccos", 0),), "atan": (("arctan", 0),),
    "acot": (("recip", 0), ("arctan", ACC)),
    "asec": (("recip", 0), ("arccos", ACC)),
    "acsc": (("recip", 0), ("arcsin", ACC)),
    "sinh": (("sinh", 0),), "cosh": (("cosh", 0),), "tanh": (("tanh", 0),),
    "coth": (("tanh", 0), ("recip", ACC)),
    "sech": (("cosh", 0), ("recip", ACC)),
    "csch": (("sinh", 0), ("recip", ACC)),
    "asinh": (("arcsinh", 0),), "acosh": (("arccosh", 0),), "atanh": (("arctanh", 0),),
    "acoth": (("recip", 0), ("arctanh", ACC)),
    "asech": (("recip", 0), ("arccosh", ACC)),
    "acsch": (("recip", 0), ("arcsinh", ACC)),
    "exp": (("exp", 0),), "log": (("log", 0),), "sqrt": (("sqrt", 0),),
    "Abs": (("abs", 0),), "sign": (("sign", 0),),
    "atan2": (("arctan2", 0, 1),),
    # internal functions of the stable forms (codegen/stable.py)
    "_log1p": (("log1p", 0),), "_expm1": (("expm1", 0),),
    "_max": (("fmax", 0, 1),), "_min": (("fmin", 0, 1),),
}
FUNCTIONS_PRIMS = {i[0] for steps in FUNCTIONS.values() for i in steps}
REAL_VALUED = {"Abs", "re", "im"}   # real result even for complex arguments

TRANSCENDENTAL = {"sqrt", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh",
                  "tanh", "arcsinh", "arccosh", "arctanh", "exp", "log", "pow", "arctan2",
                  "log1p", "expm1"}


@dataclass
class Program:
    """``consts``: constant nodes (leaves and symbol-free operations) in
    evaluation order; ``steps``: node -> instructions; ``sequence``: the
    schedule of array work as ``(node, k, instr)`` (the k-th instruction of
    ``node``'s step); ``last_use``: node -> index in ``sequence`` of its last
    read; ``complex``: nodes whose value is complex even for real inputs;
    ``roots``: the outputs; ``args``: the argument symbols."""
    consts: list
    steps: dict
    sequence: list
    last_use: dict
    complex: set
    roots: list
    args: list

    def is_temp(self, n) -> bool:
        return n is not ACC and n.args != () and bool(n.free)


def _is_minus_one(n: Expr) -> bool:
    return n.op is Op.NUM and n.value == -1


def _absorbed(order: list, uses: dict, roots: set) -> tuple[set, set]:
    """Single-use ``b**-1`` under a product and ``-1*b`` under a sum
    (absorbed: never computed), and single-use ``-1*a*b*...`` under a sum
    (*negated*: computed without its sign, then subtracted)."""
    absorbed, negated = set(), set()
    for n in order:
        if n.op is Op.MUL:
            for a in n.args:
                if (a.op is Op.POW and _is_minus_one(a.args[1]) and uses[a] == 1
                        and a.free and a not in roots):
                    absorbed.add(a)
        elif n.op is Op.ADD:
            for a in n.args:
                if (a.op is Op.MUL and _is_minus_one(a.args[0]) and uses[a] == 1
                        and a.free and a not in roots):
                    if len(a.args) > 2:
                        negated.add(a)
                    elif a.args[1] not in absorbed:   # -1/b stays -1/b
                        absorbed.add(a)
    return absorbed, negated


def _chain(b: Expr, m: int) -> list:
    """``b**m`` (m >= 2) by left-to-right binary exponentiation in place."""
    instrs = []
    for bit in bin(m)[3:]:          # the bits after the leading one
        instrs.append(("mul", ACC, ACC) if instrs else ("mul", b, b))
        if bit == "1":
            instrs.append(("mul", ACC, b))
    return instrs


def _power(b: Expr, e: Expr) -> list:
    if e.op is Op.NUM:
        v = e.value
        if isinstance(v, int) and 0 < abs(v) <= MAX_CHAIN:
            if v == -1:
                return [("recip", b)]
            return _chain(b, abs(v)) + ([("recip", ACC)] if v < 0 else [])
        if isinstance(v, Fraction) and v.denominator == 2 and abs(v.numerator) <= MAX_HALF:
            instrs = [("sqrt", b)] + [("mul", ACC, b)] * ((abs(v.numerator) - 1) // 2)
            return instrs + ([("recip", ACC)] if v < 0 else [])
    return [("pow", b, e)]


class _Lowering:
    """Per-program state: absorbed and negated nodes, positions, and the
    constants that lowering itself creates (products of constant factors)."""

    def __init__(self, absorbed: set, negated: set, spos: dict):
        self.absorbed, self.negated, self.spos = absorbed, negated, spos
        self.consts: list = []
        self.steps: dict = {}
        self.known: set = set()

    def add(self, n: Expr) -> None:
        """Lower one node of the topological order."""
        self.known.add(n)
        if not n.free:
            self.consts.append(n)
        if n.args and n not in self.absorbed:
            self.steps[n] = lower_node(n, self)

    def need(self, c: Expr) -> Expr:
        """A constant made during lowering, registered with its inputs."""
        for m in topo([c]):
            if m not in self.known:
                self.add(m)
        return c

    def key(self, t: tuple):
        """Computed operands in schedule order, then constants."""
        x = t[1]
        return (not x.free, self.spos.get(x, -1))

    def fold(self, terms: list, op: str, build) -> list:
        """Combine two or more constant operands into one constant node."""
        cs = [t for t in terms if not t[1].free and t[0] == op]
        if len(cs) < 2:
            return terms
        c = self.need(build(*[t[1] for t in cs]))
        return [t for t in terms if t not in cs] + [(op, c)]

    def sum(self, n: Expr) -> list:
        terms = [("sub", a.args[1]) if a in self.absorbed else
                 ("sub", a) if a in self.negated else ("add", a) for a in n.args]
        terms = sorted(self.fold(terms, "add", Add) if n.free else terms, key=self.key)
        first = next((i for i, t in enumerate(terms) if t[0] == "add"), None)
        if first is None:
            return [("neg", terms[0][1])] + [(op, ACC, x) for op, x in terms[1:]]
        head = terms.pop(first)[1]
        op, x = terms[0]
        return [(op, head, x)] + [(o, ACC, y) for o, y in terms[1:]]

    def product(self, n: Expr) -> list:
        args = list(n.args)
        neg = _is_minus_one(args[0])
        if neg:
            args = args[1:]
            neg = n not in self.negated
        factors = [("div", a.args[0]) if a in self.absorbed else ("mul", a) for a in args]
        factors = sorted(self.fold(factors, "mul", Mul) if n.free else factors, key=self.key)
        first = next((i for i, t in enumerate(factors) if t[0] == "mul"), None)
        if first is None:
            head, neg = self.need(Num(-1) if neg else Num(1)), False
        else:
            head = factors.pop(first)[1]
        if not factors:
            return [("neg", head)] if neg else [("pos", head)]
        op, x = factors[0]
        instrs = [(op, head, x)] + [(o, ACC, y) for o, y in factors[1:]]
        return instrs + ([("neg", ACC)] if neg else [])


def _function(n: Expr) -> list:
    table = FUNCTIONS.get(n.value)
    if table is None:   # a registry row codegen has no table for: its template
        return [("template", n.value, *n.args)]
    return [(p, *[ACC if o is ACC else n.args[o] for o in ops]) for p, *ops in table]


def lower_node(n: Expr, lw: _Lowering) -> list:
    """The instructions of one operation node."""
    if n.op is Op.ADD:
        return lw.sum(n)
    if n.op is Op.MUL:
        return lw.product(n)
    if n.op is Op.POW:
        return _power(*n.args)
    return _function(n)


def _complex_nodes(order: list, seeds=frozenset(), steps=None) -> set:
    """Nodes that are complex for real inputs: those depending on ``I`` or
    on a constant of ``seeds`` (constants whose value is not real, such as
    ``sqrt(-2)``); ``steps`` adds the operands lowering gave a node."""
    out: set = set()
    if not seeds and not any(n.op is Op.CONST and n.value == "I" for n in order):
        return out
    for n in order:
        if (n.op is Op.CONST and n.value == "I") or n in seeds:
            out.add(n)
        elif n.args and not (n.op is Op.FN and n.value in REAL_VALUED) and (
                any(a in out for a in n.args) or (steps is not None and n in steps and any(
                    o in out for i in steps[n] for o in i[1:] if isinstance(o, Expr)))):
            out.add(n)
    return out


def mark_complex(p: Program, seeds: set) -> None:
    """Add the constants ``seeds`` (not real) and what depends on them to
    ``p.complex``."""
    if seeds:
        order = list(dict.fromkeys(p.consts + [n for n in topo(p.roots) if n.free]))
        p.complex = _complex_nodes(order, seeds, p.steps)


def lower(roots: list[Expr], args: list[Expr] | None = None) -> Program:
    """Lower ``roots`` (outputs) over the argument symbols ``args``."""
    check_values(roots)
    roots = prepare(roots)     # Piecewise as guarded selections (codegen/masked.py)
    order = topo(roots)
    pos = {n: i for i, n in enumerate(order)}
    uses: dict = {}
    for n in order:
        for a in n.args:
            uses[a] = uses.get(a, 0) + 1
    rootset = set(roots)
    spos = {n: (i if n.args and n.free else -1) for n, i in pos.items()}  # leaves first
    lw = _Lowering(*_absorbed(order, uses, rootset), spos)
    for n in order:
        lw.add(n)
    steps, consts = lw.steps, _used(lw.consts, lw.steps, roots)
    sequence = _schedule(order, pos, spos, steps)
    last_use: dict = {}
    for i, (_, _, instr) in enumerate(sequence):
        for o in instr[1:]:
            if isinstance(o, Expr):
                last_use[o] = i
    return Program(consts, steps, sequence, last_use, _complex_nodes(consts + order), list(roots),
                   list(args or []))


def _used(consts: list, steps: dict, roots: list) -> list:
    """The constants some instruction or output reads (and their inputs)."""
    need = {r for r in roots if not r.free}
    for n, instrs in steps.items():
        if n.free:
            need.update(o for i in instrs for o in i[1:] if isinstance(o, Expr) and not o.free)
    for c in reversed(consts):
        if c in need and c in steps:
            need.update(o for i in steps[c] for o in i[1:] if isinstance(o, Expr))
    return [c for c in consts if c in need]


def _schedule(order: list, pos: dict, spos: dict, steps: dict) -> list:
    """Topological order of array work; a sum or product starts accumulating
    as soon as its first computed operand is ready (see module docstring)."""
    bucket: dict = {}
    started: dict = {}
    for n in order:
        instrs = steps.get(n)
        if instrs is None or len(instrs) < 3 or not n.free or n.op not in (Op.ADD, Op.MUL):
            continue   # short steps gain nothing from starting early
        trig, seen = [], -1
        get = spos.get
        for instr in instrs:
            for o in instr[1:]:
                q = get(o, -1)
                if q > seen:
                    seen = q
            trig.append(seen)
        # instructions before the first computed operand wait for it
        later = [t for t in trig if t >= 0]
        first = later[0] if later else pos[n]
        for k, t in enumerate(trig):
            bucket.setdefault(max(t, first), []).append((n, k))
        started[n] = 0
    seq = []
    for i, n in enumerate(order):
        instrs = steps.get(n)
        if instrs is not None and n.free:
            for k in range(started.get(n, 0), len(instrs)):
                seq.append((n, k, instrs[k]))
            if n in started:
                started[n] = len(instrs)
        for p, k in bucket.get(i, ()):
            if started[p] == k and p is not n:
                seq.append((p, k, steps[p][k]))
                started[p] = k + 1
    return seq
