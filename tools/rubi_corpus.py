#!/usr/bin/env python
"""Build-time converter: Rubi integration test suite -> symdiff test corpora.

The Rubi test suite (github.com/RuleBasedIntegration/MathematicaSyntaxTestSuite,
MIT license) holds rows ``{integrand, x, steps, antiderivative}`` in
Mathematica syntax.  This tool converts them to sympy str syntax, keeps the
rows whose reference identity d/dx antiderivative == integrand holds
numerically (30-digit mpmath through sympy's lambdify, at 3 random points,
real where possible) and writes one corpus file:

    python tools/rubi_corpus.py special --repo GITDIR   # tests/data/rubi_special.txt
    python tools/rubi_corpus.py panel --repo GITDIR     # tests/data/rubi_panel.txt

GITDIR is a git directory (or a checkout) of the suite.  ``special`` converts
the rows of "8 Special functions" whose functions symdiff's registry has (or
is getting: issue 17).  ``panel`` draws antiderivatives with at least two
parameters besides x from the algebraic, exponential, logarithm, trig and
inverse-trig sections whose functions are all elementary, and records once
the size (sympy ``count_ops``) and time of ``sympy.simplify`` of sympy's
derivative, every symbol positive, under a per-row timeout.

It runs sympy only (never symdiff), one process, SIGALRM per row (POSIX).
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time

import mpmath
import sympy
from sympy.core.function import AppliedUndef
from sympy.parsing.mathematica import parse_mathematica
from sympy.printing.str import StrPrinter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_URL = "github.com/RuleBasedIntegration/MathematicaSyntaxTestSuite"
DPS = 30


def _hyp2f1(a, b, c, z):
    return sympy.hyper((a, b), (c,), z)


def _lambertw(*args):
    return sympy.LambertW(args[-1], args[0]) if len(args) == 2 else sympy.LambertW(*args)


def _polygamma(*args):
    return sympy.digamma(*args) if len(args) == 1 else sympy.polygamma(*args)


def _gamma(*args):
    return sympy.gamma(*args) if len(args) == 1 else sympy.uppergamma(*args)


# Mathematica head -> (allowed arities, sympy constructor).  Heads that
# parse_mathematica already translates (Log, Sqrt, Sin, ArcTan, ...) are absent.
HEADS = {
    "Erf": ((1,), sympy.erf), "Erfc": ((1,), sympy.erfc), "Erfi": ((1,), sympy.erfi),
    "InverseErf": ((1,), sympy.erfinv),
    "Gamma": ((1, 2), _gamma), "LogGamma": ((1,), sympy.loggamma),
    "PolyGamma": ((1, 2), _polygamma), "Beta": ((2,), sympy.beta),
    "Factorial": ((1,), sympy.factorial), "Binomial": ((2,), sympy.binomial),
    "ExpIntegralEi": ((1,), sympy.Ei), "ExpIntegralE": ((2,), sympy.expint),
    "SinIntegral": ((1,), sympy.Si), "CosIntegral": ((1,), sympy.Ci),
    "SinhIntegral": ((1,), sympy.Shi), "CoshIntegral": ((1,), sympy.Chi),
    "LogIntegral": ((1,), sympy.li),
    "FresnelS": ((1,), sympy.fresnels), "FresnelC": ((1,), sympy.fresnelc),
    "ProductLog": ((1, 2), _lambertw), "PolyLog": ((2,), sympy.polylog),
    "Zeta": ((1, 2), sympy.zeta),
    "Hypergeometric2F1": ((4,), _hyp2f1), "AppellF1": ((6,), sympy.appellf1),
    "EllipticK": ((1,), sympy.elliptic_k), "EllipticE": ((1, 2), sympy.elliptic_e),
    "EllipticF": ((2,), sympy.elliptic_f), "EllipticPi": ((2, 3), sympy.elliptic_pi),
    "BesselJ": ((2,), sympy.besselj), "BesselY": ((2,), sympy.bessely),
    "BesselI": ((2,), sympy.besseli), "BesselK": ((2,), sympy.besselk),
    "AiryAi": ((1,), sympy.airyai), "AiryBi": ((1,), sympy.airybi),
}

ELEMENTARY = {
    "exp", "log", "sqrt", "sin", "cos", "tan", "cot", "sec", "csc",
    "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch",
    "asinh", "acosh", "atanh", "acoth", "asech", "acsch", "Abs", "sign",
}
# sympy function class names of issue 17's list (after the mapping above).
SPECIAL = {
    "erf", "erfc", "erfi", "erfinv", "gamma", "loggamma", "digamma", "polygamma",
    "beta", "factorial", "binomial", "uppergamma", "lowergamma", "besselj",
    "bessely", "besseli", "besselk", "airyai", "airybi", "Ei", "Si", "Ci", "Shi",
    "Chi", "li", "expint", "fresnels", "fresnelc", "LambertW", "polylog", "zeta",
    "elliptic_k", "elliptic_e", "elliptic_f", "elliptic_pi", "hyper", "appellf1",
    "Heaviside", "Max", "Min", "floor", "ceiling", "frac", "re", "im",
    "conjugate", "arg",
}

SPECIAL_DIR = "8 Special functions"
PANEL_DIRS = ("1 Algebraic functions", "2 Exponentials", "3 Logarithms",
              "4 Trig functions", "5 Inverse trig functions")


class Skip(Exception):
    """A row that cannot be converted or checked."""


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


class _Printer(StrPrinter):
    """sympy str, but 2F1 as ``hyp2f1(a, b, c, z)`` (symdiff's name)."""

    def _print_hyper(self, e):
        if len(e.ap) == 2 and len(e.bq) == 1:
            args = (*e.ap, *e.bq, e.argument)
            return "hyp2f1(%s)" % ", ".join(self._print(a) for a in args)
        return super()._print_hyper(e)


def to_str(e: sympy.Expr) -> str:
    return _Printer({"order": None}).doprint(e)


# ------------------------------------------------------------------ reading
def list_files(repo: str, top: str) -> list[str]:
    if os.path.isdir(os.path.join(repo, top)):
        out = []
        for d, _, fs in os.walk(os.path.join(repo, top)):
            out += [os.path.relpath(os.path.join(d, f), repo) for f in fs if f.endswith(".m")]
        return sorted(out)
    names = subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", "HEAD", top],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    return sorted(n for n in names if n.endswith(".m"))


def read_file(repo: str, path: str) -> str:
    if os.path.isfile(os.path.join(repo, path)):
        with open(os.path.join(repo, path), encoding="utf-8") as fh:
            return fh.read()
    return subprocess.run(["git", "--git-dir", repo, "show", f"HEAD:{path}"],
                          capture_output=True, text=True, check=True).stdout


def commit_of(repo: str) -> str:
    args = ["git", "--git-dir", repo] if not os.path.isdir(os.path.join(repo, ".git")) else ["git", "-C", repo]
    return subprocess.run(args + ["rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


def split_top(text: str) -> list[str]:
    """Split ``a, b[c, d], {e, f}`` at its top-level commas."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "[({":
            depth += 1
        elif ch in "])}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def rows(text: str) -> list[tuple[int, str, str, str]]:
    """(index, integrand, variable, antiderivative) of each test row."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not (line.startswith("{") and line.endswith("}")):
            continue
        f = split_top(line[1:-1])
        if len(f) >= 4:
            out.append((len(out) + 1, f[0], f[1], f[3]))
    return out


# ------------------------------------------------------------------ converting
def convert(text: str, allowed: set[str]) -> sympy.Expr:
    try:
        e = parse_mathematica(text)
    except Exception as exc:  # noqa: BLE001 - any parser failure drops the row
        raise Skip(f"parse: {type(exc).__name__}") from None
    if not isinstance(e, sympy.Expr):
        raise Skip("not an expression")
    for f in e.atoms(AppliedUndef):
        name = type(f).__name__
        if name not in HEADS or len(f.args) not in HEADS[name][0]:
            raise Skip(f"head {name}/{len(f.args)}")
    if e.atoms(AppliedUndef):  # replace() works bottom-up: inner heads first
        e = e.replace(lambda n: isinstance(n, AppliedUndef),
                      lambda n: HEADS[type(n).__name__][1](*n.args))
    for f in e.atoms(sympy.Function):
        name = type(f).__name__
        if name not in allowed:
            raise Skip(f"function {name}")
    if e.has(sympy.zoo, sympy.nan, sympy.oo, sympy.Derivative, sympy.Integral):
        raise Skip("non-finite or unevaluated")
    return e


# ------------------------------------------------------------------ checking
# mpmath forms of the functions sympy's mpmath printer lacks (lambdify)
MPMATH = {
    "erfi": mpmath.erfi, "erfinv": mpmath.erfinv, "digamma": mpmath.digamma,
    "polygamma": mpmath.psi, "Ei": mpmath.ei, "expint": mpmath.expint,
    "Si": mpmath.si, "Ci": mpmath.ci, "Shi": mpmath.shi, "Chi": mpmath.chi,
    "li": mpmath.li, "LambertW": lambda z, k=0: mpmath.lambertw(z, k),
    "polylog": mpmath.polylog, "zeta": mpmath.zeta, "appellf1": mpmath.appellf1,
    "elliptic_k": mpmath.ellipk, "elliptic_e": mpmath.ellipe,
    "elliptic_f": mpmath.ellipf, "elliptic_pi": mpmath.ellippi,
}


def _evaluator(e: sympy.Expr, syms: list):
    """``vals -> value`` at DPS digits: lambdify to mpmath, else evalf."""
    if not e.has(sympy.Derivative, sympy.Subs):
        try:
            fn = sympy.lambdify(syms, e, modules=[MPMATH, "mpmath"])
        except Exception:  # noqa: BLE001 - a printer gap: evalf below
            fn = None
        if fn is not None:
            def value(vals):
                with mpmath.workdps(DPS):
                    v = fn(*[mpmath.mpf(vals[s].p) / vals[s].q if vals[s].is_Rational
                             else mpmath.mpc(*[mpmath.mpf(c.p) / c.q for c in vals[s].as_real_imag()])
                             for s in syms])
                    v = mpmath.mpmathify(v)
                if not mpmath.isfinite(v):
                    raise Skip("not a number")
                return v
            return value

    def value(vals):
        v = e.xreplace(vals).evalf(DPS)
        if not v.is_number or v.has(sympy.zoo, sympy.nan, sympy.oo, sympy.Derivative):
            raise Skip("not a number")
        return mpmath.mpmathify(complex(v)) if v.has(sympy.I) else mpmath.mpmathify(
            mpmath.mpf(sympy.Float(v, DPS)._mpf_))
    return value


def _points(syms, x, rng, complex_: bool, positive: bool):
    vals = {}
    for s in syms:
        if s == x:
            lo, hi = rng.choice(((0.2, 0.9), (1.1, 2.5)))
        else:
            lo, hi = (0.5, 2.0)
        r = sympy.Rational(round(rng.uniform(lo, hi) * 1000), 1000)
        if complex_ and not positive:
            r = r + sympy.I * sympy.Rational(round(rng.uniform(-1, 1) * 1000), 1000)
        vals[s] = r
    return vals


def identity_holds(F, f, x, rng, npoints=3, positive=False) -> bool:
    """d/dx F == f at npoints points (real, else complex), 30 digits."""
    d = sympy.diff(F, x)
    syms = sorted((F.free_symbols | f.free_symbols | {x}), key=str)
    fval, dval = _evaluator(f, syms), _evaluator(d, syms)
    tol = mpmath.mpf(10) ** -20
    for complex_ in (False, True):
        ok = 0
        for _ in range(3 * npoints):
            vals = _points(syms, x, rng, complex_, positive)
            try:
                with mpmath.workdps(DPS):
                    fv, dv = fval(vals), dval(vals)
                    if not complex_ and abs(mpmath.im(fv)) > tol * (1 + abs(fv)):
                        continue  # prefer points where the integrand is real
                    bad = abs(dv - fv) > tol * max(1, abs(fv))
            except (Skip, ValueError, ZeroDivisionError, TypeError, OverflowError):
                continue
            if bad:
                break
            ok += 1
            if ok == npoints:
                return True
        if positive:
            return False
    return False


def timed(fn, seconds: float, cpu: bool = False):
    """``fn()``, raising _Timeout after ``seconds`` of wall time (or of this
    process's CPU time: on a shared machine that is what the work costs)."""
    sig, timer = (signal.SIGPROF, signal.ITIMER_PROF) if cpu else (signal.SIGALRM,
                                                                    signal.ITIMER_REAL)
    old = signal.signal(sig, _alarm)
    signal.setitimer(timer, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(timer, 0)
        signal.signal(sig, old)


# ------------------------------------------------------------------ corpora
SPECIAL_HEADER = """\
# Rubi special-function corpus for symdiff (issue 17).
#
# Source: the Rubi integration test suite, {url}
#   (MIT license, Copyright (c) 2018 Rule-based Integration), commit {commit},
#   folder "{top}".  Converted by tools/rubi_corpus.py (sympy's Mathematica
#   parser, then Erf -> erf, Gamma[a, x] -> uppergamma(a, x), PolyGamma[x] ->
#   digamma(x), ProductLog[k, x] -> LambertW(x, k), Hypergeometric2F1 ->
#   hyp2f1(a, b, c, z) (sympy's hyper([a, b], [c], z)), ExpIntegralEi -> Ei,
#   SinIntegral -> Si, ... ).  Rows with other functions (HypergeometricPFQ,
#   Unintegrable, ...), or whose parse fails, are dropped; "8.10 Formal
#   derivatives" (f'[x] of undefined f) is not converted.  At most {per_file}
#   rows per file are tried, evenly spaced over the file.
#
# Format (one row per line):
#     integrand ; antiderivative ; variable ; source-file:index
#   integrand, antiderivative   sympy str syntax ('**', explicit '*', pi, E, I)
#   variable                    the integration variable (x)
#   source-file:index           Rubi file name and 1-based row number in it
#
# Every row passed: sympy's d/dx antiderivative == integrand at 3 random
# points, 30-digit mpmath (sympy's lambdify; evalf where it cannot), relative
# tolerance 1e-20 (real points x in
# (0.2, 0.9) u (1.1, 2.5), other symbols in (0.5, 2), where the integrand is
# real; complex points otherwise).  Sympy may have rewritten some functions
# on construction (e.g. uppergamma(1/2, z) -> sqrt(pi)*erfc(sqrt(z))).
# Kept {kept} of {total} rows.
"""

PANEL_HEADER = """\
# Rubi multi-parameter simplify panel for symdiff (issue 19).
#
# Source: the Rubi integration test suite, {url}
#   (MIT license, Copyright (c) 2018 Rule-based Integration), commit {commit},
#   folders {tops}.  Converted by tools/rubi_corpus.py (seed {seed}): rows
#   drawn evenly over the files, whose antiderivative has only elementary
#   functions, at least two symbols besides the variable and at most
#   {max_ops} sympy count_ops.
#
# Format (one row per line):
#     integrand ; antiderivative ; variable ; source-file:index ; sympy_ops ; sympy_s
#   integrand, antiderivative   sympy str syntax ('**', explicit '*', pi, E, I)
#   variable                    the integration variable (x)
#   source-file:index           Rubi file name and 1-based row number in it
#   sympy_ops                   sympy.count_ops(sympy.simplify(diff(F, x))) with
#                               every symbol positive, or "timeout"
#   sympy_s                     its {clock} time in seconds (timeout: {timeout} s),
#                               sympy {sympy_version}, recorded once, one process,
#                               sympy's cache warm from the rows before
#
# Every symbol is positive.  Every row passed: sympy's d/dx antiderivative ==
# integrand at 3 random positive real points (x in (0.2, 0.9) u (1.1, 2.5),
# parameters in (0.5, 2)), 30-digit mpmath, relative tolerance 1e-20.
"""


def build_special(args) -> int:
    rng = random.Random(args.seed)
    allowed = ELEMENTARY | SPECIAL
    out, total, why = [], 0, {}
    for path in list_files(args.repo, SPECIAL_DIR):
        name = os.path.basename(path)
        if "Formal derivatives" in name:
            continue
        rs = rows(read_file(args.repo, path))
        if len(rs) > args.per_file:        # evenly spaced over the file
            rs = [rs[k * len(rs) // args.per_file] for k in range(args.per_file)]
        for idx, fi, var, ad in rs:
            total += 1
            try:
                def work():
                    x = sympy.Symbol(var.strip())
                    f, F = convert(fi, allowed), convert(ad, allowed)
                    if not identity_holds(F, f, x, rng):
                        raise Skip("identity fails")
                    return f, F
                f, F = timed(work, args.row_timeout)
            except Skip as exc:
                why[str(exc).split(":")[0]] = why.get(str(exc).split(":")[0], 0) + 1
                continue
            except _Timeout:
                why["timeout"] = why.get("timeout", 0) + 1
                continue
            except Exception as exc:  # noqa: BLE001 - sympy failures drop the row
                why[type(exc).__name__] = why.get(type(exc).__name__, 0) + 1
                continue
            out.append(f"{to_str(f)} ; {to_str(F)} ; {var.strip()} ; {name}:{idx}")
            if args.verbose:
                print(len(out), name, idx, file=sys.stderr, flush=True)
    header = SPECIAL_HEADER.format(url=REPO_URL, commit=commit_of(args.repo), top=SPECIAL_DIR,
                                   kept=len(out), total=total, per_file=args.per_file)
    _write(args.out or os.path.join(ROOT, "tests", "data", "rubi_special.txt"), header, out)
    print(f"kept {len(out)} of {total}; dropped: {why}")
    return 0


def build_panel(args) -> int:
    rng = random.Random(args.seed)
    files = [p for top in PANEL_DIRS for p in list_files(args.repo, top)]
    # candidates: up to per_file rows of each file, drawn at random
    cands = []
    for path in files:
        rs = rows(read_file(args.repo, path))
        rng.shuffle(rs)
        cands.append([(os.path.basename(path), r) for r in rs])
    order = []
    for k in range(max(len(c) for c in cands)):
        order += [c[k] for c in cands if k < len(c)]
    out, seen, t0 = [], set(), time.monotonic()
    for name, (idx, fi, var, ad) in order:
        if len(out) >= args.count or time.monotonic() - t0 > args.budget:
            break
        try:
            def check():
                x = sympy.Symbol(var.strip())
                f, F = convert(fi, ELEMENTARY), convert(ad, ELEMENTARY)
                params = (F.free_symbols | f.free_symbols) - {x}
                if len(params) < 2 or x not in F.free_symbols:
                    raise Skip("params")
                if sympy.count_ops(F) > args.max_ops or F.has(sympy.I):
                    raise Skip("size")
                pos = {s: sympy.Symbol(s.name, positive=True) for s in params | {x}}
                f, F, xp = f.xreplace(pos), F.xreplace(pos), pos[x]
                if (f, F) in seen:
                    raise Skip("duplicate")
                if not identity_holds(F, f, xp, rng, positive=True):
                    raise Skip("identity fails")
                return f, F, xp
            f, F, xp = timed(check, args.row_timeout)
        except (Skip, _Timeout):
            continue
        except Exception:  # noqa: BLE001 - sympy failures drop the row
            continue
        seen.add((f, F))
        d = sympy.diff(F, xp)
        cpu = args.clock == "cpu"
        clock = time.process_time if cpu else time.perf_counter
        start = clock()
        try:
            s = timed(lambda: sympy.simplify(d), args.timeout, cpu=cpu)
            ops, secs = str(sympy.count_ops(s)), f"{clock() - start:.3f}"
        except _Timeout:
            ops, secs = "timeout", f"{args.timeout:.3f}"
        except Exception:  # noqa: BLE001
            continue
        out.append(f"{to_str(f)} ; {to_str(F)} ; {var.strip()} ; {name}:{idx} ; {ops} ; {secs}")
        if args.verbose:
            print(len(out), name, idx, ops, secs, f"{time.monotonic() - t0:.0f}s",
                  file=sys.stderr, flush=True)
    header = PANEL_HEADER.format(url=REPO_URL, commit=commit_of(args.repo),
                                 tops=", ".join(f'"{t}"' for t in PANEL_DIRS), seed=args.seed,
                                 max_ops=args.max_ops, timeout=args.timeout,
                                 clock="CPU" if args.clock == "cpu" else "wall",
                                 sympy_version=sympy.__version__)
    _write(args.out or os.path.join(ROOT, "tests", "data", "rubi_panel.txt"), header, out)
    print(f"kept {len(out)} rows in {time.monotonic() - t0:.0f} s")
    return 0


def _write(path: str, header: str, lines: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header + "\n" + "\n".join(lines) + "\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", choices=("special", "panel"))
    p.add_argument("--repo", required=True, help="git dir or checkout of the Rubi test suite")
    p.add_argument("--out")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--row-timeout", type=float, default=8.0, help="per-row conversion/check limit (s)")
    p.add_argument("--timeout", type=float, default=10.0, help="sympy.simplify limit per row (s)")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="panel: time sympy.simplify by wall or process CPU time")
    p.add_argument("--budget", type=float, default=1200.0, help="panel: total time limit (s)")
    p.add_argument("--per-file", type=int, default=80, help="special: rows tried per file")
    p.add_argument("--count", type=int, default=300, help="panel: rows wanted")
    p.add_argument("--max-ops", type=int, default=120, help="panel: largest antiderivative")
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    return build_special(a) if a.corpus == "special" else build_panel(a)


if __name__ == "__main__":
    sys.exit(main())
