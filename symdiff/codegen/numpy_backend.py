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

from ..core.functions import REGISTRY, per_arity
from ..core.nodes import Expr, Op
from . import trig
from ._exec import exec_source, form_function
from . import lower
from .lower import ACC, Program
from .masked import XP_FORMS

_CONSTS = {"pi": "_k(np.pi)", "E": "_k(np.e)", "I": "_kc(1j)",
           "EulerGamma": "_k(0.5772156649015329)"}
UFUNC = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
         "pow": "power", "neg": "negative", "pos": "positive", "recip": "reciprocal",
         "abs": "absolute"}
INPLACE = {"add": "+=", "sub": "-=", "mul": "*=", "div": "/="}
# Whole-array (plain) forms; ``{ns}`` is the namespace (np or xp).
PLAIN = {"add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}*{1}", "div": "{0}/{1}",
         "pow": "{0}**{1}", "neg": "-{0}", "pos": "+{0}", "recip": "{ns}.reciprocal({0})"}


# The array API defines real, imag and conj for complex arrays only.
_CPLX = "{ns}.isdtype({0}.dtype, 'complex floating')"
XP_TEMPLATES = {"re": f"({{ns}}.real({{0}}) if {_CPLX} else {{0}})",  # (no buffer reuse here)
                "im": f"({{ns}}.imag({{0}}) if {_CPLX} else {{ns}}.zeros_like({{0}}))",
                "conjugate": f"({{ns}}.conj({{0}}) if {_CPLX} else {{0}})",
                **XP_FORMS}   # Heaviside, arg, Piecewise's guard (codegen/masked.py)


def numpy_form(name: str, nargs: int) -> str:
    """The registry row's NumPy form for a call of ``nargs`` arguments."""
    return per_arity(REGISTRY[name].numpy, nargs)


def literal(v) -> str:
    """A Python literal for an exact or float number."""
    if isinstance(v, int) and abs(v) < 2 ** 53:
        return repr(v)
    try:
        f = float(v)
    except OverflowError:
        return "np.inf" if v > 0 else "-np.inf"
    if math.isnan(f):
        return "np.nan"
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


def prepare_source(p: Program, names: Names, ns: str = "np", fixed: dict | None = None) -> list[str]:
    """``_prepare(_k, _kc)``: the constants as scalars of the evaluation
    dtype's real type (``_k``) or its complex type (``_kc``), so ``1/0``
    gives inf with NumPy's warning and float32 stays float32. Real
    constants are computed in the real type even for complex inputs (no
    signed zeros: ``-pi`` is not ``-pi-0j``); ``fixed`` maps the constants
    that are not real to their principal values (``scalar.evaluate``),
    printed as literals."""
    lines = ["def _prepare(_k, _kc):"]
    for c in p.consts:
        name = names[c]
        if fixed and c in fixed:
            v = complex(fixed[c])
            lines.append(f"    {name} = _kc(complex({literal(v.real)}, {literal(v.imag)}))")
        elif c.op is Op.NUM:
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
            form = XP_TEMPLATES.get(instr[1]) if ns != "np" else None
            if form is not None:
                out.append(f"{name} = " + form.format(*ops, ns=ns))
                continue
            form = numpy_form(instr[1], len(ops))
            if ns != "np":
                form = form.replace("_sc.", "_xsc.")   # special functions: xp_source binds _xsc
            out.append(f"{name} = " + form.replace("np.", ns + ".").format(*ops))
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


EXEC_MAX = 256   # programs of up to this many instructions run as exec'd Python


class Kernel:
    """Buffer allocation by liveness, the kernel's source lines and its callable.

    ``nreal``/``ncomplex``: scratch buffers the kernel needs per pool;
    ``complex_out``: which outputs are complex for real inputs. The
    allocation pass records one entry per statement (``ops``); ``lines``
    (the source) is printed from them on demand. ``function()`` is the
    callable: up to ``EXEC_MAX`` instructions the source itself, compiled;
    beyond, a loop over the same calls on the same buffers (``_tape``):
    Python's compiler costs about 6 us a statement, more than a whole
    evaluation of most of the program on small inputs, while the loop adds
    only some 0.03 us a call (the values are the same bits either way)."""

    def __init__(self, p: Program, names: Names | None = None):
        self.p = p
        self.names = names = names if names is not None else Names(p)
        nmap = names.map
        out_of: dict = {}
        for j, r in enumerate(p.roots):
            out_of.setdefault(r, j)
        partner = _sincos_pairs(p)
        cplx, last_use = p.complex, p.last_use
        done: set = set()
        free = {False: [], True: []}
        count = {False: 0, True: 0}
        buf: dict = {}          # temp -> buffer name (pool buffers only)
        ops_out: list = []      # ("call", f, name, refs, dest), ("iop", op, name, ref),
        emit = ops_out.append   # ("acc", f, refs, name), ("sincos", s, c, ds, dc, arg),
        #                         ("template", name, form, refs), ("copy", j, name)

        def alloc(n, ops, i):
            if n in out_of:
                return f"_o{out_of[n]}"
            pool = n in cplx
            for o in ops:   # reuse a buffer that dies here
                if o in buf and last_use.get(o) == i and (o in cplx) == pool:
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
                emit(("sincos", nmap[s], nmap[c], ds, dc, nmap[ops[0]]))
            elif prim == "template":
                emit(("template", nmap[n], numpy_form(ops[0], len(ops) - 1), [nmap[o] for o in ops[1:]]))
            else:
                name = nmap[n]
                if k == 0:
                    dest = alloc(n, ops, i)
                    emit(("call", UFUNC.get(prim, prim), name, [nmap[o] for o in ops], dest))
                elif prim in INPLACE and ops[0] is ACC:
                    o = ops[1]
                    emit(("iop", prim, name, name if o is ACC else nmap[o]))
                else:
                    emit(("acc", UFUNC.get(prim, prim), [name if o is ACC else nmap[o] for o in ops],
                          name))
            if buf:
                for o in ops:
                    if o in buf and last_use.get(o) == i:
                        b = buf.pop(o)
                        free[b.startswith("_z")].append(b)
        steps = p.steps
        for j, r in enumerate(p.roots):
            if out_of[r] != j or not r.free or r not in steps or steps[r][0][0] == "template":
                emit(("copy", j, nmap[r]))
        self.ops = ops_out
        self.nreal, self.ncomplex = count[False], count[True]
        self.nwork = trig.NWORK if partner else 0
        self.complex_out = [r in cplx for r in p.roots]
        self._lines = None

    def _head(self) -> list:
        """(variable, names) the kernel unpacks: arguments, outputs, buffers, constants."""
        p, names = self.p, self.names
        nb = self.nreal + self.ncomplex
        return [("_a", [names[a] for a in p.args]),
                ("_o", [f"_o{j}" for j in range(len(p.roots))]),
                (f"_b[:{nb}]" if self.nwork else "_b",
                 [f"_b{i}" for i in range(self.nreal)] + [f"_z{i}" for i in range(self.ncomplex)]),
                ("_c", [names[c] for c in self.p.consts])]

    @property
    def lines(self) -> list[str]:
        """The kernel's source lines (see the module docstring)."""
        if self._lines is None:
            head = ["def _kernel(_a, _o, _b, _c):"]
            for var, items in self._head():
                if items:
                    head.append(f"    {', '.join(items)}, = {var}")
            if self.nwork:
                head.append(f"    _w = _b[{self.nreal + self.ncomplex}:]")
            body = []
            for op in self.ops:
                kind = op[0]
                if kind == "call":
                    body.append(f"    {op[2]} = {op[1]}({', '.join(op[3])}, {op[4]})")
                elif kind == "iop":
                    body.append(f"    {op[2]} {INPLACE[op[1]]} {op[3]}")
                elif kind == "acc":
                    body.append(f"    {op[1]}({', '.join(op[2])}, {op[3]})")
                elif kind == "sincos":
                    body.append(f"    {op[1]}, {op[2]} = {op[3]}, {op[4]}")
                    body.append(f"    _sincos({op[5]}, {op[1]}, {op[2]}, _w)")
                elif kind == "template":
                    body.append(f"    {op[1]} = " + op[2].format(*op[3]))
                else:
                    body.append(f"    _o{op[1]}[...] = {op[2]}")
            self._lines = head + body + (["    pass"] if not body and len(head) == 1 else [])
        return self._lines

    def function(self, tape: bool | None = None):
        """The kernel ``(_a, _o, _b, _c)``: exec'd source up to ``EXEC_MAX``
        instructions (or ``tape=False``), else the tape loop (or ``tape=True``)."""
        if tape is None:
            tape = len(self.p.sequence) > EXEC_MAX
        if tape:
            return _tape(self)
        return exec_source("\n".join(self.lines) + "\n", "_kernel", _sincos=trig.sincos, **ufuncs())


def _tape(k: Kernel):
    """The kernel as a loop over ``(arity, function, register indices)``:
    registers hold the arguments, outputs, buffers and constants (a
    temporary is the register of its buffer), so each entry is exactly one
    call of the source's, on the same arrays."""
    import operator
    reg: dict = {}
    for _, items in k._head():
        for n in items:
            reg[n] = len(reg)
    w, ell = len(reg), len(reg) + 1
    nslots = ell + 1
    fns = ufuncs()
    inplace = {p: fns[UFUNC[p]] for p in INPLACE}
    specs = []
    for op in k.ops:
        kind = op[0]
        if kind == "call":
            reg[op[2]] = d = reg[op[4]]
            ix = [reg[r] for r in op[3]]
            if len(ix) == 2:
                specs.append((3, fns[op[1]], ix[0], ix[1], d, 0))
            else:
                specs.append((2, fns[op[1]], ix[0], d, 0, 0))
        elif kind == "iop":
            t = reg[op[2]]
            specs.append((3, inplace[op[1]], t, reg[op[3]], t, 0))
        elif kind == "acc":
            ix = [reg[r] for r in op[2]] + [reg[op[3]]]
            specs.append((len(ix), fns[op[1]], *ix, *(0,) * (4 - len(ix))))
        elif kind == "sincos":
            reg[op[1]], reg[op[2]] = reg[op[3]], reg[op[4]]
            specs.append((4, trig.sincos, reg[op[5]], reg[op[1]], reg[op[2]], w))
        elif kind == "template":
            fn = form_function(op[2], len(op[3]))
            reg[op[1]] = nslots
            specs.append((0, fn, tuple(reg[r] for r in op[3]), 0, 0, nslots))
            nslots += 1
        else:
            specs.append((3, operator.setitem, reg[f"_o{op[1]}"], ell, reg[op[2]], 0))
    nb = k.nreal + k.ncomplex
    extra = [Ellipsis] + [None] * (nslots - ell - 1)

    def _kernel(_a, _o, _b, _c):
        r = [*_a, *_o, *_b[:nb], *_c, _b[nb:], *extra]
        for n, f, i, j, m, l in specs:
            if n == 3:
                f(r[i], r[j], r[m])
            elif n == 2:
                f(r[i], r[j])
            elif n == 4:
                f(r[i], r[j], r[m], r[l])
            else:
                r[l] = f(*[r[x] for x in i])
    return _kernel


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
