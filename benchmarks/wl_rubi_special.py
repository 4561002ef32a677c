"""Parse + d/dx of the Rubi special-function corpus, symdiff vs sympy.

    python -m benchmarks.wl_rubi_special [--repeats 3]

Every antiderivative of ``tests/data/rubi_special.txt`` is parsed and
differentiated by its variable, as one timed loop per system (best of
``--repeats``): symdiff's ``diff(parse(text), x)`` against sympy's
``diff(sympify(text), x)``. A few rows are checked to agree numerically
(the full 30-digit check is ``tests/ad/test_rubi_special.py``).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import symdiff  # noqa: E402
from ad.rubi_special import agrees, rows, sympy_text  # noqa: E402


def _time(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    import sympy
    data = [(F, x) for _, F, x, _ in rows()]
    ours = lambda: [symdiff.diff(symdiff.parse(F), x) for F, x in data]  # noqa: E731
    loc = {"hyp2f1": lambda a, b, c, z: sympy.hyper([a, b], [c], z)}
    theirs = lambda: [sympy.diff(sympy.sympify(F, locals=loc), sympy.Symbol(x))  # noqa: E731
                      for F, x in data]
    t_ours = _time(ours, args.repeats)
    t_sympy = _time(theirs, max(1, args.repeats - 1))
    res = ours()
    for (f, F, x, src), d in list(zip(rows(), res))[::100]:
        assert agrees(symdiff.to_sympy(d), sympy_text(f), x, src), src
    print(f"rubi_special parse+diff, {len(data)} antiderivatives: symdiff {t_ours * 1e3:.1f} ms, "
          f"sympy {t_sympy * 1e3:.1f} ms, x{t_sympy / t_ours:.1f} faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
