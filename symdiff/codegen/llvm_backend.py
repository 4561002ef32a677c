"""A lowered program as one native function through llvmlite (optional).

The program becomes a loop over points in LLVM IR, compiled in-process by
llvmlite's JIT and called through ctypes (which releases the GIL, so large
inputs run on several threads). One function serves one point, a small
batch and a large array alike: nothing is allocated and no temporaries are
written (a point's values stay in registers or on the stack). Its signature:

    void kernel(i64 ibase, i64 *ioff, i64 *istep, i64 obase, i64 *ooff, i64 ostep,
                i64 start, i64 end)

variable ``v`` at point ``k`` is the double at address ``ibase + ioff[v] +
k*istep[v]`` (a step of 0 broadcasts a scalar), output ``j`` at point ``k``
goes to ``obase + ooff[j] + k*ostep``; so a vector argument of shape
``(n,)`` or ``(n, P)`` (``ibase`` its address, ``ioff`` fixed), scalars
gathered into one array, and separate argument arrays (``ibase`` 0,
``ioff`` their addresses) all go in without a copy.

Instructions are the lowered program's, in the same order, without
fast-math flags or contraction, so arithmetic (``+ - * /``, ``sqrt``,
``fabs``) gives the NumPy kernel's bits; transcendental functions are the
C library's (``sin``, ``exp``, ``atan``, ...), within a few ulp of NumPy's.
Only real float64 programs compile here (no complex values, no registry
templates): ``supported`` says which.

Compile time: LLVM's optimizer grows much faster than linearly on one
huge function (the Rosenbrock n=1000 Hessian: 70 s at -O1), its
unoptimized code generator about linearly (0.2 s). So ``compile_program``
optimizes (``-O2``, for large arrays) only programs of up to
``OPTIMIZE_MAX`` instructions and emits the others unoptimized, split into
functions of ``SEGMENT`` instructions called in turn per point
(``segmented_source``: values read by a later segment go through a
scratch array). On the Rosenbrock n=10,000 gradient (90,000
instructions) that is 80-100 us a call against 145-195 us for one
function, for the same build time (2.5-4 s on the loaded 2-core machine,
linear in the program); optimizing the segments' code (``-O2`` code
generator, segments of 100) halves the best time but not the median
under load, for four times the build time. Programs beyond
``MAX_INSTRUCTIONS`` are left to NumPy. Compiled code is
cached by the program's outputs, arguments and constants (``CACHE_SIZE``
entries, least recently used out).

>>> from symdiff import parse
>>> from symdiff.codegen.lower import lower
>>> p = lower([parse("x*y + sqrt(x)")], [parse("x"), parse("y")])
>>> print(ir_source(p, (), "k").splitlines()[0][:26])
define void @k(i64 %ibase,
"""
from __future__ import annotations

import ctypes
import struct
import threading
from collections import OrderedDict

from .lower import ACC, Program

MAX_INSTRUCTIONS = 200_000  # larger programs: NumPy (bounded compile time)
OPTIMIZE_MAX = 3_000        # larger programs: unoptimized code
BLOCK = 2000                # IR lines per basic block
SEGMENT = 1000              # instructions per function of a program over OPTIMIZE_MAX
CACHE_SIZE = 64             # compiled functions kept (least recently used out)

_BINARY = {"add": "fadd", "sub": "fsub", "mul": "fmul", "div": "fdiv"}
_INTRINSIC = {"sin": "llvm.sin.f64", "cos": "llvm.cos.f64", "exp": "llvm.exp.f64",
              "log": "llvm.log.f64", "sqrt": "llvm.sqrt.f64", "abs": "llvm.fabs.f64",
              "pow": "llvm.pow.f64",
              "fmax": "llvm.maxnum.f64", "fmin": "llvm.minnum.f64"}   # NaN-ignoring, as np.fmax
_LIBM = {"tan": "tan", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sinh": "sinh",
         "cosh": "cosh", "tanh": "tanh", "arcsinh": "asinh", "arccosh": "acosh",
         "arctanh": "atanh", "arctan2": "atan2", "log1p": "log1p", "expm1": "expm1"}
PRIMS = set(_BINARY) | set(_INTRINSIC) | set(_LIBM) | {"neg", "pos", "recip", "sign"}

KernelType = ctypes.CFUNCTYPE(None, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,
                              ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64)


def available() -> bool:
    """Whether llvmlite imports and can build native code here."""
    return _jit() is not None


def supported(p: Program) -> bool:
    """Whether ``p`` compiles here: real values, known primitives, not huge."""
    if p.complex or len(p.sequence) > MAX_INSTRUCTIONS:
        return False
    return all(i[0] in PRIMS for n, instrs in p.steps.items() if n.free for i in instrs)


def _double(v) -> str:
    """An exact LLVM literal for a float64 (its bits in hex)."""
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", float(v)))[0]


def _instruction(prim: str, ops: list, r: str, emit, decls: set, fresh) -> None:
    """Emit ``r = prim(ops)`` (not "pos", which is no instruction)."""
    if prim in _BINARY:
        emit(f"  {r} = {_BINARY[prim]} double {ops[0]}, {ops[1]}")
    elif prim == "neg":
        emit(f"  {r} = fneg double {ops[0]}")
    elif prim == "recip":
        emit(f"  {r} = fdiv double 1.0, {ops[0]}")
    elif prim == "sign":    # NumPy: 1, -1, 0 for +-0, NaN for NaN
        g, l, z, s1, s2 = fresh(), fresh(), fresh(), fresh(), fresh()
        emit(f"  {g} = fcmp ogt double {ops[0]}, 0.0")
        emit(f"  {l} = fcmp olt double {ops[0]}, 0.0")
        emit(f"  {z} = fcmp oeq double {ops[0]}, 0.0")
        emit(f"  {s1} = select i1 {z}, double 0.0, double {ops[0]}")
        emit(f"  {s2} = select i1 {l}, double -1.0, double {s1}")
        emit(f"  {r} = select i1 {g}, double 1.0, double {s2}")
    else:
        fn = _INTRINSIC.get(prim) or _LIBM[prim]
        decls.add(f"declare double @{fn}({', '.join('double' for _ in ops)})")
        emit(f"  {r} = call double @{fn}({', '.join(f'double {o}' for o in ops)})")


_RO = "ptr noalias nocapture readonly"


def _store_out(emit, j: int, value: str) -> None:
    """Emit the store of ``value`` as output ``j`` at point ``%k`` (address
    ``obase + ooff[j] + %om``, ``%om = k*ostep``)."""
    emit(f"  %oa{j}p = getelementptr inbounds i64, ptr %ooff, i64 {j}")
    emit(f"  %oo{j} = load i64, ptr %oa{j}p")
    emit(f"  %oa{j} = add i64 %obase, %oo{j}")
    emit(f"  %ox{j} = add i64 %oa{j}, %om")
    emit(f"  %op{j} = inttoptr i64 %ox{j} to ptr")
    emit(f"  store double {value}, ptr %op{j}")


def _load_arg(emit, v: int) -> str:
    """Emit the load of argument ``v`` at point ``%k`` (address ``ibase +
    ioff[v] + k*istep[v]``); its value's name."""
    emit(f"  %ia{v}p = getelementptr inbounds i64, ptr %ioff, i64 {v}")
    emit(f"  %io{v} = load i64, ptr %ia{v}p")
    emit(f"  %ia{v} = add i64 %ibase, %io{v}")
    emit(f"  %is{v}p = getelementptr inbounds i64, ptr %istep, i64 {v}")
    emit(f"  %is{v} = load i64, ptr %is{v}p")
    emit(f"  %im{v} = mul i64 %k, %is{v}")
    emit(f"  %ix{v} = add i64 %ia{v}, %im{v}")
    emit(f"  %ip{v} = inttoptr i64 %ix{v} to ptr")
    emit(f"  %a{v} = load double, ptr %ip{v}")
    return f"%a{v}"


def ir_source(p: Program, consts: tuple, name: str) -> str:
    """The IR of ``name`` (module docstring) for ``p``; ``consts`` are the
    values of ``p.consts`` as floats."""
    val: dict = {c: _double(v) for c, v in zip(p.consts, consts)}
    decls: set = set()
    body: list = []
    emit = body.append
    count = [0]

    def fresh() -> str:
        count[0] += 1
        return f"%t{count[0]}"

    for v, a in enumerate(p.args):      # the arguments at point %k
        val[a] = _load_arg(emit, v)
    for n, instrs in p.steps.items():
        if not n.free:
            continue
        acc = None
        for instr in instrs:
            prim = instr[0]
            ops = [acc if o is ACC else val[o] for o in instr[1:]]
            r = fresh()
            if prim == "pos":
                r = ops[0]
            else:
                _instruction(prim, ops, r, emit, decls, fresh)
            acc = r
        val[n] = acc
    for j, root in enumerate(p.roots):
        _store_out(emit, j, val[root] if root in val else _double(0.0))
    blocks = []     # basic blocks of BLOCK lines: instruction selection is per block
    for b in range(0, len(body), BLOCK):
        blocks += body[b:b + BLOCK] + [f"  br label %b{b // BLOCK + 1}", f"b{b // BLOCK + 1}:"]
    body = blocks
    lastblock = f"b{-(-len(body) // (BLOCK + 2))}" if blocks else "loop"
    head = [f"define void @{name}(i64 %ibase, {_RO} %ioff, {_RO} %istep, i64 %obase, "
            f"{_RO} %ooff, i64 %ostep, i64 %start, i64 %end) {{",
            "entry:", "  %empty = icmp sge i64 %start, %end",
            "  br i1 %empty, label %exit, label %loop", "loop:",
            f"  %k = phi i64 [ %start, %entry ], [ %k1, %{lastblock} ]",
            "  %om = mul i64 %k, %ostep"]
    tail = ["  %k1 = add i64 %k, 1", "  %more = icmp slt i64 %k1, %end",
            "  br i1 %more, label %loop, label %exit", "exit:", "  ret void", "}"]
    return "\n".join(head + body + tail + sorted(decls)) + "\n"


def segmented_source(p: Program, consts: tuple, name: str, size: int | None = None) -> str:
    """The IR of ``name`` (same signature as ``ir_source``) as a loop that
    calls one function per *segment* of about ``size`` instructions, in the
    program's order. Values that a later segment reads go through a scratch
    array (``malloc``-ed per call; slots reused once dead); each segment is
    small enough for LLVM's optimizer (time linear in the program)."""
    size = size or SEGMENT
    # pass 1: value ids, the segment of each instruction, definitions and last uses
    val: dict = {c: _double(v) for c, v in zip(p.consts, consts)}
    for v, a in enumerate(p.args):
        val[a] = ("a", v)
    plan: list = []             # (segment, prim, operands, result id or None for "pos")
    defined: dict = {}          # id -> segment
    last: dict = {}             # id -> last segment that reads it
    count = used = 0
    for n, instrs in p.steps.items():
        if not n.free:
            continue
        acc = None
        for instr in instrs:
            prim = instr[0]
            seg = used // size
            ops = [acc if o is ACC else val[o] for o in instr[1:]]
            for o in ops:
                if type(o) is int:
                    last[o] = seg
            if prim == "pos":
                plan.append((seg, prim, ops, None))
                acc = ops[0]
                continue
            used += 1
            defined[count] = seg
            plan.append((seg, prim, ops, count))
            acc = count
            count += 1
        val[n] = acc
    nseg = max(1, -(-used // size))
    outputs: list = [[] for _ in range(nseg)]     # per segment: (j, value)
    for j, root in enumerate(p.roots):
        v = val.get(root, _double(0.0))
        outputs[defined[v] if type(v) is int else 0].append((j, v))
    # scratch slots: a value read after its segment gets one, freed after its last read
    born: list = [[] for _ in range(nseg)]
    dies: list = [[] for _ in range(nseg)]
    for i, d in defined.items():
        if last.get(i, d) > d:
            born[d].append(i)
            dies[last[i]].append(i)
    slot: dict = {}
    free: list = []
    nslots = 0
    for seg in range(nseg):
        for i in born[seg]:
            if free:
                slot[i] = free.pop()
            else:
                slot[i] = nslots
                nslots += 1
        free += sorted((slot[i] for i in dies[seg]), reverse=True)
    # pass 2: the functions
    decls: set = set()
    fns: list = []
    counter = [0]

    def fresh() -> str:
        counter[0] += 1
        return f"%t{counter[0]}"

    bysegment: list = [[] for _ in range(nseg)]
    for item in plan:
        bysegment[item[0]].append(item)
    for seg in range(nseg):
        body: list = []
        emit = body.append
        loaded: dict = {}

        def ref(o, seg=seg) -> str:
            if type(o) is str:
                return o
            if type(o) is tuple:                # an argument at point %k
                v = o[1]
                if o not in loaded:
                    loaded[o] = _load_arg(emit, v)
                return loaded[o]
            if defined[o] == seg:
                return f"%v{o}"
            if o not in loaded:                 # from an earlier segment
                emit(f"  %s{o}p = getelementptr inbounds double, ptr %scratch, i64 {slot[o]}")
                emit(f"  %l{o} = load double, ptr %s{o}p")
                loaded[o] = f"%l{o}"
            return loaded[o]
        for _, prim, ops, r in bysegment[seg]:
            if r is not None:
                _instruction(prim, [ref(o) for o in ops], f"%v{r}", emit, decls, fresh)
        for i in born[seg]:
            emit(f"  %w{i}p = getelementptr inbounds double, ptr %scratch, i64 {slot[i]}")
            emit(f"  store double %v{i}, ptr %w{i}p")
        for j, v in outputs[seg]:
            _store_out(emit, j, ref(v))
        fns.append(f"define internal void @{name}_{seg}(i64 %ibase, {_RO} %ioff, {_RO} %istep, "
                   f"i64 %k, ptr noalias nocapture %scratch, i64 %obase, {_RO} %ooff, "
                   "i64 %om) #0 {\nentry:\n" + "\n".join(body) + "\n  ret void\n}")
    calls = [f"  call void @{name}_{seg}(i64 %ibase, ptr %ioff, ptr %istep, i64 %k, "
             "ptr %scratch, i64 %obase, ptr %ooff, i64 %om)" for seg in range(nseg)]
    kernel = [f"define void @{name}(i64 %ibase, {_RO} %ioff, {_RO} %istep, i64 %obase, "
              f"{_RO} %ooff, i64 %ostep, i64 %start, i64 %end) {{",
              "entry:", "  %empty = icmp sge i64 %start, %end",
              "  br i1 %empty, label %exit, label %setup", "setup:",
              f"  %scratch = call ptr @malloc(i64 {8 * max(nslots, 1)})",
              "  br label %loop", "loop:",
              "  %k = phi i64 [ %start, %setup ], [ %k1, %loop ]",
              "  %om = mul i64 %k, %ostep"] + calls + [
              "  %k1 = add i64 %k, 1", "  %more = icmp slt i64 %k1, %end",
              "  br i1 %more, label %loop, label %done", "done:",
              "  call void @free(ptr %scratch)", "  br label %exit",
              "exit:", "  ret void", "}"]
    decls |= {"declare noalias ptr @malloc(i64)", "declare void @free(ptr)"}
    return "\n\n".join(fns + ["\n".join(kernel)] + sorted(decls)) + \
        "\n\nattributes #0 = { noinline nounwind }\n"


# -- the JIT ---------------------------------------------------------------------

_STATE: dict = {}
_LOCK = threading.Lock()
_CACHE: OrderedDict = OrderedDict()


def _jit():
    """(llvmlite.binding, target machine), or None where llvmlite is
    missing or cannot target this machine."""
    if "jit" not in _STATE:
        try:
            import llvmlite.binding as llvm
            llvm.initialize_native_target()
            llvm.initialize_native_asmprinter()
            target = llvm.Target.from_default_triple()
            cpu, features = llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()

            def machine(level: int):
                # a new one per engine: an engine owns (and frees) its machine
                return target.create_target_machine(cpu=cpu, features=features, opt=level,
                                                    codemodel="jitdefault")
            machine(0)
            _STATE["jit"] = (llvm, machine)
        except Exception:        # ImportError, or no native target
            _STATE["jit"] = None
    return _STATE["jit"]


class NativeKernel:
    """A compiled program: ``fn`` (the ctypes function), the engine that
    owns its code, and the seconds compiling took."""

    def __init__(self, engine, fn, seconds: float):
        self.engine, self.fn, self.seconds = engine, fn, seconds


def compile_program(p: Program, consts: tuple, optimize: bool = False) -> NativeKernel | None:
    """The native kernel of ``p`` (cached), or None where llvmlite is
    missing or ``p`` is not ``supported``; ``optimize`` asks for -O2 (only
    up to ``OPTIMIZE_MAX`` instructions)."""
    import time
    jit = _jit()
    if jit is None or not supported(p):
        return None
    big = len(p.sequence) > OPTIMIZE_MAX     # segments, unoptimized
    optimize = optimize and not big
    key = (tuple(p.roots), tuple(p.args), consts, optimize)
    with _LOCK:
        k = _CACHE.get(key)
        if k is not None:
            _CACHE.move_to_end(key)
            return k
    llvm, machine = jit
    t0 = time.perf_counter()
    source = segmented_source if big else ir_source
    mod = llvm.parse_assembly(source(p, consts, "kernel"))
    mod.verify()
    tm = machine(2 if optimize else 0)
    if optimize:
        pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=2))
        pb.getModulePassManager().run(mod, pb)
    engine = llvm.create_mcjit_compiler(mod, tm)
    engine.finalize_object()
    fn = KernelType(engine.get_function_address("kernel"))
    kernel = NativeKernel(engine, fn, time.perf_counter() - t0)
    with _LOCK:
        _CACHE[key] = kernel
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return kernel


def cache_clear() -> None:
    """Forget every compiled kernel."""
    with _LOCK:
        _CACHE.clear()


def cache_len() -> int:
    return len(_CACHE)
