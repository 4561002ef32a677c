"""Hostile-input generators and the one property they must all satisfy.

Used by ``tests/test_fuzz.py`` (Hypothesis, a few hundred cases in CI) and
by the standalone long run::

    python tests/fuzzing.py --cases 100000 [--seed 1]

Every input either parses or raises ``ParseError`` (a ``LimitError`` for an
input over ``limits.max_input_length``); whatever parses then goes through
diff, grad, printing, simplify (twice: idempotent) and compile, which may
raise only ``SymdiffError``.
Each case must finish within ``CASE_SECONDS``.

Besides hostile text, the ``fuzz_<topic>.py`` modules beside this file add
*case classes* (``CLASSES``: functions ``case(rng)`` that build one random
case of a class where a bug was once found, check it against an oracle and
raise ``AssertionError`` on a wrong answer or a foreign exception); the long
run gives every class an equal share of its cases.
"""
from __future__ import annotations

import importlib
import random
import sys
import time
from pathlib import Path

import numpy as np

import symdiff
from symdiff import LimitError, ParseError, SymdiffError

CASE_SECONDS = 5.0   # CPU seconds; the worst valid case takes ~1 s, a hang forever

from symdiff.core.functions import REGISTRY
from symdiff.core.nonsmooth import ROW_NAMES as NONSMOOTH_ROWS   # tested in tests/*/test_nonsmooth*.py

FUNCS = sorted(set(REGISTRY) - NONSMOOTH_ROWS)
TOKENS = (["x", "y", "z", "x1", "_a", "pi", "E", "I", "e", "np", "lambda", "__import__",
           "0", "1", "2", "10", "0.5", "1e308", "1e-320", "1e999", "9" * 40, "0x1F", "1_0",
           ".5", "5.", "3j", "nan", "inf", "**-44", "^4^-44", "**(1/3**30)", "**0.5",
           "**(3**1000)", "**(2**4000)", "**-(9**99)",   # hostile exponents (atheris finds)
           "+", "-", "*", "/", "**", "^", "(", ")", ",", " ", "\t", "\n", "**-", "//", "%",
           "=", ".", "'", '"', "[", "]", "{", "}", "@", "!", "\\", "\x00", "é", "∂", "²",
           "\u202e", "\ufeff"] + [f + "(" for f in FUNCS] + FUNCS)


def _valid_corpus() -> list[str]:
    here = Path(__file__).parent / "data" / "integrals.txt"
    out = ["(x1+x2)*x1**2", "sin(x)*exp(-x**2/2)", "x**x", "atan2(y, x)*Abs(x)",
           "log(x, 2) + sqrt(1 - x**2)", "2**10**10", "-(-(-x))", "1/(1/(1/x))"]
    if here.exists():
        for line in here.read_text().splitlines():
            parts = line.split("|")
            if len(parts) >= 3 and not line.lstrip().startswith("#"):
                out += [parts[1].strip(), parts[2].strip()]
    return out


VALID = _valid_corpus()


def random_bytes(rng: random.Random) -> str:
    raw = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
    return raw.decode("latin-1") if rng.random() < 0.5 else raw.decode("utf-8", "replace")


def token_soup(rng: random.Random) -> str:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randrange(0, 30)))


def nested(rng: random.Random) -> str:
    """Deep or wide shapes: parentheses, unary chains, power towers, calls."""
    n = rng.choice([10, 100, 1000, 2000])
    kind = rng.randrange(5)
    if kind == 0:
        return "(" * n + "x" + ")" * (n - rng.randrange(2))
    if kind == 1:
        return "-" * n + "x"
    if kind == 2:
        return "**".join(["2"] * min(n, 50)) + "**x"
    if kind == 3:
        return "sin(" * n + "x" + ")" * n
    return "+".join(f"x{i}" for i in range(n))


def mutate(rng: random.Random, text: str | None = None) -> str:
    """A valid expression with a few characters or tokens inserted,
    deleted, swapped or duplicated."""
    s = list(text if text is not None else rng.choice(VALID))
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        i = rng.randrange(len(s) + 1)
        if op == 0:
            s[i:i] = list(rng.choice(TOKENS))
        elif op == 1 and s:
            del s[min(i, len(s) - 1)]
        elif op == 2 and len(s) > 1:
            j = rng.randrange(len(s))
            i = min(i, len(s) - 1)
            s[i], s[j] = s[j], s[i]
        elif s:
            k = rng.randrange(len(s))
            s[k:k] = s[k:k + rng.randrange(1, 6)]
    return "".join(s)


GENERATORS = (random_bytes, token_soup, mutate, mutate, nested)


def case_classes() -> dict:
    """``{"module.function": case}`` from the ``fuzz_<topic>.py`` modules here."""
    out = {}
    for path in sorted(Path(__file__).parent.glob("fuzz_*.py")):
        if path.stem == "fuzz_atheris":          # a coverage-guided job of its own
            continue
        for case in getattr(importlib.import_module(path.stem), "CLASSES", ()):
            out[f"{path.stem}.{case.__name__}"] = case
    return out


def run_case(case, rng: random.Random) -> str:
    """One case of a class, under the same CPU-time bound as a text case."""
    t = time.process_time()
    try:
        case(rng)
    except AssertionError:
        raise
    except SymdiffError:
        pass                     # a clear refusal is an acceptable outcome
    except Exception as exc:    # noqa: BLE001 - that is the bug being hunted
        raise AssertionError(f"{case.__name__} raised {type(exc).__name__}: {exc}") from exc
    took = time.process_time() - t
    assert took < CASE_SECONDS, f"{case.__name__} took {took:.1f} s"
    return case.__module__


def check(text: str) -> str:
    """Run the whole pipeline on ``text``; return "parsed" or "rejected",
    raise AssertionError on any forbidden outcome."""
    t = time.process_time()      # CPU time: a loaded machine must not fail the bound
    try:
        e = symdiff.parse(text)
    except (ParseError, LimitError):
        outcome = "rejected"
    except Exception as exc:   # noqa: BLE001 - that is the bug being hunted
        raise AssertionError(f"parse({text!r}) raised {type(exc).__name__}: {exc}") from exc
    else:
        outcome = "parsed"
        try:
            free = sorted(e.free, key=lambda s: s.name)
            x = free[0] if free else "x"
            d = symdiff.diff(e, x)
            str(d), symdiff.latex(d), symdiff.count_ops(d)
            assert symdiff.parse(str(e)) is e, f"round trip failed for {text!r}"
            s = symdiff.simplify(e)
            assert symdiff.simplify(s) is s, f"simplify not idempotent on {text!r}"
            if free and len(free) <= 4:
                symdiff.grad(e, free)
                with np.errstate(all="ignore"):
                    symdiff.compile(d, free)(*[0.7 + 0.1 * k for k in range(len(free))])
        except SymdiffError:
            pass
        except Exception as exc:   # noqa: BLE001
            raise AssertionError(f"pipeline on {text!r} raised {type(exc).__name__}: {exc}") from exc
    took = time.process_time() - t
    assert took < CASE_SECONDS, f"{text[:80]!r} took {took:.1f} s"
    return outcome


def main(argv: list[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    classes = list(case_classes().values())
    counts = {"parsed": 0, "rejected": 0, **{c.__module__: 0 for c in classes}}
    failures = []
    t0 = time.perf_counter()
    for i in range(args.cases):
        kind = rng.randrange(1 + len(classes))    # hostile text, or one of the classes
        try:
            if kind:
                counts[run_case(classes[kind - 1], rng)] += 1
            else:
                counts[check(rng.choice(GENERATORS)(rng))] += 1
        except AssertionError as exc:
            failures.append(str(exc))
            print("FAIL", exc, flush=True)
        if (i + 1) % 10_000 == 0:
            print(f"{i + 1} cases, {counts}, {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"done: {args.cases} cases in {time.perf_counter() - t0:.0f} s: {counts}, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
