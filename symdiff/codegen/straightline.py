"""A lowered program as straight-line Python over ``math`` floats.

For Python scalars a NumPy kernel pays about a microsecond per ufunc call;
plain float arithmetic and ``math`` cost tens of nanoseconds, which is what
``sympy.lambdify(modules="math")`` runs. The function returns a tuple of
Python floats, one per output. It computes the same operations in the same
order as the NumPy kernel, so ``+ - * /`` and ``sqrt`` give the same bits
and the C library's ``sin``, ``exp``, ... agree within a few ulp.

Where ``math`` and NumPy differ it raises instead of answering: a domain
error (``log(-1)``, ``sqrt(-2)``: ``ValueError``), an overflow
(``exp(1000)``: ``OverflowError``), a division by zero
(``ZeroDivisionError``); the caller then evaluates with NumPy's semantics
(NaN, inf). ``FAIL`` is that tuple of exceptions.

>>> from symdiff import parse
>>> from symdiff.codegen.lower import lower
>>> p = lower([parse("sin(x)*y + exp(-x**2)")], [parse("x"), parse("y")])
>>> f = function(p, (-1,))
>>> f(0.0, 2.0)
(1.0,)
>>> print(source(p, (-1,)))
def _f(a0, a1):
    t0 = a0*a0
    t1 = -t0
    t2 = exp(t1)
    t3 = sin(a0)
    t4 = a1*t3
    t5 = t2 + t4
    return (t5,)
"""
from __future__ import annotations

import math

from .lower import ACC, Program

FAIL = (ValueError, OverflowError, ZeroDivisionError)
MAX_INSTRUCTIONS = 400      # beyond, Python's compile time (~6 us a line) dominates

_FORMS = {"add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}*{1}", "div": "{0}/{1}",
          "neg": "-{0}", "pos": "{0}", "recip": "1.0/{0}", "pow": "pow({0}, {1})",
          "sqrt": "sqrt({0})", "abs": "fabs({0})", "sign": "sign({0})",
          "sin": "sin({0})", "cos": "cos({0})", "tan": "tan({0})", "exp": "exp({0})",
          "log": "log({0})", "arcsin": "asin({0})", "arccos": "acos({0})",
          "arctan": "atan({0})", "sinh": "sinh({0})", "cosh": "cosh({0})",
          "tanh": "tanh({0})", "arcsinh": "asinh({0})", "arccosh": "acosh({0})",
          "arctanh": "atanh({0})", "arctan2": "atan2({0}, {1})",
          "log1p": "log1p({0})", "expm1": "expm1({0})",   # codegen/stable.py's forms
          "fmax": "fmax({0}, {1})", "fmin": "fmin({0}, {1})"}


def _sign(x: float) -> float:
    """NumPy's sign: 1, -1, 0 for +-0, NaN for NaN."""
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0 if x == 0 else x


def _fmax(a: float, b: float) -> float:
    """NumPy's fmax: the other operand where one is NaN."""
    return a if a >= b or b != b else b


def _fmin(a: float, b: float) -> float:
    """NumPy's fmin: the other operand where one is NaN."""
    return a if a <= b or b != b else b


_NAMESPACE = {n: getattr(math, n) for n in ("sqrt", "fabs", "sin", "cos", "tan", "exp", "log",
                                            "asin", "acos", "atan", "sinh", "cosh", "tanh",
                                            "asinh", "acosh", "atanh", "atan2", "pow",
                                            "log1p", "expm1")}
_NAMESPACE.update(sign=_sign, fmax=_fmax, fmin=_fmin, inf=math.inf, nan=math.nan)


def supported(p: Program) -> bool:
    """Real programs of known primitives and at most ``MAX_INSTRUCTIONS``."""
    if p.complex or len(p.sequence) > MAX_INSTRUCTIONS:
        return False
    return all(i[0] in _FORMS for n, instrs in p.steps.items() if n.free for i in instrs)


def _literal(v: float) -> str:
    v = float(v)
    if math.isfinite(v):
        return repr(v)
    return "nan" if v != v else ("inf" if v > 0 else "-inf")


def _body(p: Program, consts: tuple) -> tuple[list, list, list]:
    """(parameter names, statements, output expressions)."""
    name: dict = {a: f"a{i}" for i, a in enumerate(p.args)}
    for c, v in zip(p.consts, consts):
        name[c] = _literal(v)
    lines = []
    count = 0
    for n, instrs in p.steps.items():
        if not n.free:
            continue
        acc = None
        for instr in instrs:
            ops = [acc if o is ACC else name[o] for o in instr[1:]]
            if instr[0] == "pos":
                acc = ops[0]
                continue
            acc = f"t{count}"
            count += 1
            lines.append(f"{acc} = " + _FORMS[instr[0]].format(*ops))
        name[n] = acc
    return [name[a] for a in p.args], lines, [name[r] if r in name else "0.0" for r in p.roots]


def source(p: Program, consts: tuple) -> str:
    """The function's source; ``consts`` are the values of ``p.consts``."""
    params, lines, outs = _body(p, consts)
    return "\n".join([f"def _f({', '.join(params)}):"] + ["    " + s for s in lines]
                     + [f"    return ({', '.join(outs)}{',' if len(outs) == 1 else ''})"])


def function(p: Program, consts: tuple):
    """The compiled function of ``source(p, consts)``."""
    from ._exec import exec_source
    return exec_source(source(p, consts) + "\n", "_f", **_NAMESPACE)


def method(p: Program, consts: tuple, groups, out: str, slow):
    """A ``__call__(self, *args, **kwargs)`` that evaluates Python floats
    straight-line and hands every other call, and every call where
    ``math`` raises (``FAIL``), to ``slow(self, args, rest, kwargs)``: the
    whole fast path is one Python call. ``groups``: None, or per argument
    None (a float) or k (a float64 array of shape ``(k,)``, unpacked with
    ``tolist``). ``out``: "one" (a float), "tuple" (of floats) or "array"
    (a float64 array of the outputs)."""
    from ._exec import exec_source
    import numpy as np
    params, lines, outs = _body(p, consts)
    vector = groups is not None     # then NumPy float64 scalars are welcome too
    groups = groups if vector else [None] * len(params)
    args, tests, unpack, i = [], [], [], 0
    for j, g in enumerate(groups):
        if g is None:
            a = params[i]
            args.append(a)
            if vector:
                tests.append(f"(type({a}) is not float and type({a}) is not _f64s)")
                unpack.append(f"{a} = float({a})")
            else:
                tests.append(f"type({a}) is not float")
            i += 1
            continue
        name = f"v{j}"
        args.append(name)
        tests.append(f"type({name}) is not _nd or {name}.dtype is not _f64 or {name}.shape != ({g},)")
        unpack.append(f"{', '.join(params[i:i + g])}, = {name}.tolist()")
        i += g
    given = "".join(f"{a}, " for a in args)
    ret = ", ".join(outs) + ("," if len(outs) == 1 else "")
    one = f"_f64s({outs[0]})" if vector else outs[0]   # arrays in: NumPy scalars out
    ret = {"one": one, "tuple": f"({ret})", "array": f"_array(({ret}), _f64)"}[out]
    src = [f"def __call__(self, /, {''.join(f'{a}=_M, ' for a in args)}*_r, **_kw):",
           f"    if _r or _kw or {' or '.join(tests)}:",
           f"        return _slow(self, ({given}), _r, _kw)",
           "    try:"] + ["        " + s for s in unpack + lines or ["pass"]] + [
           "    except _FAIL:",
           f"        return _slow(self, ({given}), _r, _kw)",
           f"    return {ret}"]
    return exec_source("\n".join(src) + "\n", "__call__", _M=MISSING, _FAIL=FAIL, _slow=slow,
                       type=type, float=float, _nd=np.ndarray, _f64=np.dtype(np.float64),
                       _array=np.array, _f64s=np.float64, **_NAMESPACE)


class _Missing:
    def __repr__(self) -> str:
        return "<missing argument>"


MISSING = _Missing()
