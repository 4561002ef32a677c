"""Print a lowered program as a NumPy kernel that writes into given buffers.

The kernel ``_kernel(_a, _o, _b, _c)`` takes the argument arrays, the output
arrays, scratch buffers and the constants (from ``_prepare``), and runs one
ufunc per instruction (NumPy's ufuncs by their bare names), its last
argument being the output buffer (``out``, passed positionally: keyword
calls double Python's compile time), so nothing is allocated. Buffers of dead
temporaries are recycled (liveness from ``lower``), so the working set is a
handful of buffers; the chunked driver sizes them to stay in cache.

Only code generated here is executed: argument and temporary names are
chosen by symdiff (``a0``, ``t3``, ``c1``), never taken from user text, and
every number is emitted as a Python literal. User names appear only in a
comment.

>>> from symdiff import parse
>>> from symdiff.codegen.lower import lower
>>> print(kernel_source(lower([parse("x**2 + sin(x)")], [parse("x")]))[-3:])
['    t0 = multiply(a0, a0, _b0)', '    t1 = sin(a0, _b1)', '    t2 = add(t0, t1, _o0)']
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..functions import REGISTRY
from ..nodes import Expr, Op
from . import trig
from . import lower
from .lower import ACC, Program

_CONSTS = {"pi": "_k(np.pi)", "E": "_k(np.e)", "I": "_kc(1j)"}
UFUNC = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
         "pow": "power", "neg": "negative", "pos": "positive", "recip": "reciprocal",
         "abs": "absolute"}
INPLACE = {"add": "+=", "sub": "-=", "mul": "*=", "div": "/="}
# Whole-array (plain) forms; ``{ns}`` is the namespace (np or xp).
PLAIN = {"add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}*{1}", "div": "{0}/{1}",
         "pow": "{0}**{1}", "neg": "-{0}", "pos": "+{0}", "recip": "{ns}.reciprocal({0})"}


def literal(v) -> str:
    """A Python literal for an exact or float number."""
    if isinstance(v, int) and abs(v) < 2 ** 53:
        return repr(v)
    try:
        f = float(v)
    except OverflowError:
        return "np.inf" if v > 0 else "-np.inf"
    return repr(f) if math.isfinite(f) else ("np.inf" if f > 0 else "-np.inf")


class Names:
    """Generated names: ``a<i>`` arguments, ``c<i>`` constants, ``t<i>``
    temporaries (never user text)."""

    def __init__(self, p: Program):
        self.map: dict = {a: f"a{i}" for i, a in enumerate(p.args)}
        for i, c in enumerate(p.consts):
            self.map[c] = f"c{i}"
        for i, n in enumerate(p.steps):
            if n.free:
                self.map[n] = f"t{i}"

    def __getitem__(self, n: Expr) -> str:
        return self.map[n]


def prepare_source(p: Program, names: Names, ns: str = "np") -> list[str]:
    """``_prepare(_k, _kc)``: the constants as scalars of the evaluation
    dtype (``_k``) or its complex type (``_kc``), so ``1/0`` gives inf with
    NumPy's warning and float32 stays float32."""
    lines = ["def _prepare(_k, _kc):"]
    for c in p.consts:
        name = names[c]
        if c.op is Op.NUM:
            lines.append(f"    {name} = _k({literal(c.value)})")
        elif c.op is Op.CONST:
            lines.append(f"    {name} = {_CONSTS[c.value].replace('np.', ns + '.')}")
        else:
            lines += ["    " + s for s in plain_step(c, p.steps[c], names, "np", {})]
    ret = ", ".join(names[c] for c in p.consts)
    lines.append(f"    return ({ret}{',' if len(p.consts) == 1 else ''})")
    return lines


def plain_step(n: Expr, instrs: list, names: Names, ns: str, fnames: dict) -> list[str]:
    """One step as whole-array assignments (``ns`` namespace, function names
    renamed by ``fnames``)."""
    name = names[n]
    out = []
    for instr in instrs:
        prim = instr[0]
        if prim == "template":
            ops = [names[o] for o in instr[2:]]
            out.append(f"{name} = " + REGISTRY[instr[1]].numpy.replace("np.", ns + ".").format(*ops))
            continue
        ops = [name if o is ACC else names[o] for o in instr[1:]]
        if prim in PLAIN:
            form = PLAIN[prim]
            if prim == "recip" and ns != "np":
                form = "1/{0}"
            text = form.format(*ops, ns=ns)
        else:
            text = f"{ns}.{fnames.get(prim, prim)}({', '.join(ops)})"
        out.append(f"{name} = {text}")
    return out


def ufuncs() -> dict:
    """The NumPy ufuncs a kernel calls, by the names it uses."""
    import numpy as np
    names = set(UFUNC.values()) | {UFUNC.get(p, p) for p in lower.FUNCTIONS_PRIMS}
    return {n: getattr(np, n) for n in sorted(names)}


def kernel_source(p: Program) -> list[str]:
    """The kernel's lines (see the module docstring); sets nothing."""
    return Kernel(p).lines


class Kernel:
    """Buffer allocation by liveness and the kernel's source lines.

    ``nreal``/``ncomplex``: scratch buffers the kernel needs per pool;
    ``complex_out``: which outputs are complex for real inputs."""

    def __init__(self, p: Program):
        self.p = p
        self.names = names = Names(p)
        out_of: dict = {}
        for j, r in enumerate(p.roots):
            out_of.setdefault(r, j)
        partner = _sincos_pairs(p)
        done: set = set()
        free = {False: [], True: []}
        count = {False: 0, True: 0}
        buf: dict = {}          # temp -> buffer name (pool buffers only)
        body = []
        def alloc(n, ops, i):
            pool = n in p.complex
            if n in out_of:
                return f"_o{out_of[n]}"
            for o in ops:   # reuse a buffer that dies here
                if o in buf and p.last_use.get(o) == i and (o in p.complex) == pool:
                    dest = buf.pop(o)
                    break
            else:
                if free[pool]:
                    dest = free[pool].pop()
                else:
                    dest = f"_{'z' if pool else 'b'}{count[pool]}"
                    count[pool] += 1
            buf[n] = dest
            return dest

        for i, (n, k, instr) in enumerate(p.sequence):
            name = names[n]
            prim, ops = instr[0], instr[1:]
            if n in done:
                pass
            elif n in partner:   # sin and cos of one argument: one reduction
                m = partner[n]
                done.add(m)
                d1 = alloc(n, (), i)
                d2 = alloc(m, (), i)
                s, c = (n, m) if prim == "sin" else (m, n)
                ds, dc = (d1, d2) if prim == "sin" else (d2, d1)
                body.append(f"    {names[s]}, {names[c]} = {ds}, {dc}")
                body.append(f"    _sincos({names[ops[0]]}, {names[s]}, {names[c]}, _w)")
            elif prim == "template":
                refs = [names[o] for o in ops[1:]]
                body.append(f"    {name} = " + REGISTRY[ops[0]].numpy.format(*refs))
            else:
                refs = [name if o is ACC else names[o] for o in ops]
                if k == 0:
                    dest = alloc(n, ops, i)
                    body.append(f"    {name} = {UFUNC.get(prim, prim)}({', '.join(refs)}, {dest})")
                elif prim in INPLACE and ops[0] is ACC:
                    body.append(f"    {name} {INPLACE[prim]} {refs[1]}")
                else:
                    body.append(f"    {UFUNC.get(prim, prim)}({', '.join(refs)}, {name})")
            for o in dict.fromkeys(ops):
                if o in buf and p.last_use.get(o) == i:
                    b = buf.pop(o)
                    free[b.startswith("_z")].append(b)
        for j, r in enumerate(p.roots):
            if out_of[r] != j or not r.free or r not in p.steps or p.steps[r][0][0] == "template":
                body.append(f"    _o{j}[...] = {names[r]}")
        self.nreal, self.ncomplex = count[False], count[True]
        self.nwork = trig.NWORK if partner else 0
        self.complex_out = [r in p.complex for r in p.roots]
        head = ["def _kernel(_a, _o, _b, _c):"]
        for var, items in (("_a", [names[a] for a in p.args]),
                           ("_o", [f"_o{j}" for j in range(len(p.roots))]),
                           (f"_b[:{self.nreal + self.ncomplex}]" if self.nwork else "_b",
                            [f"_b{i}" for i in range(self.nreal)]
                            + [f"_z{i}" for i in range(self.ncomplex)]),
                           ("_c", [names[c] for c in p.consts])):
            if items:
                head.append(f"    {', '.join(items)}, = {var}")
        if self.nwork:
            head.append(f"    _w = _b[{self.nreal + self.ncomplex}:]")
        self.lines = head + body + (["    pass"] if not body and len(head) == 1 else [])


def _sincos_pairs(p: Program) -> dict:
    """sin(a) <-> cos(a) for real temporaries computed by the kernel."""
    by_arg: dict = {}
    for n, instrs in p.steps.items():
        if n.free and len(instrs) == 1 and instrs[0][0] in ("sin", "cos") and n not in p.complex:
            by_arg.setdefault(instrs[0][1], {})[instrs[0][0]] = n
    out = {}
    for d in by_arg.values():
        if len(d) == 2:
            out[d["sin"]] = d["cos"]
            out[d["cos"]] = d["sin"]
    return out
