"""Share of expressions that ``str`` prints exactly as sympy's ``str`` prints
the same expression (after ``to_sympy``), token for token (issue 19).

Sources: the integrands, antiderivatives and derivatives of the two panels
(``tests/data/simplify_panel.txt``, ``tests/data/rubi_panel.txt``), the
simplified derivatives of the first, and random
expressions and polynomials drawn from ``tests/exprgen.py``'s strategies with
a fixed seed. ``python -m tools.print_agreement [--random N] [--show K] [--latex]``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def panel_texts() -> dict:
    """``{source: [expression text]}`` of both panels."""
    out: dict = {"simplify_panel": [], "rubi_panel": []}
    for raw in (ROOT / "tests/data/simplify_panel.txt").read_text().splitlines():
        if raw.strip() and not raw.startswith("#"):
            parts = [p.strip() for p in raw.split("|")]
            out["simplify_panel"].append((parts[1], parts[2], "x"))
    for raw in (ROOT / "tests/data/rubi_panel.txt").read_text().splitlines():
        if raw.strip() and not raw.startswith("#"):
            f, F, x = [p.strip() for p in raw.split(" ; ")][:3]
            out["rubi_panel"].append((f, F, x))
    return out


def random_texts(n: int, seed: int = 19) -> dict:
    """Random expression text and polynomials from the test strategies."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hypothesis import HealthCheck, given, settings, seed as hseed
    from exprgen import expressions, polynomials
    from symdiff.printers.infix import to_str
    out: dict = {"random": [], "polynomials": []}

    @hseed(seed)
    @settings(max_examples=n, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(expressions(max_leaves=8), polynomials)
    def draw(text, poly):
        out["random"].append(text)
        out["polynomials"].append(to_str(poly))
    draw()
    return out


def agreement(exprs: list, show: int = 0, latex: bool = False) -> tuple:
    """``(agreeing, total)`` over the nodes ``exprs`` (``str``, or ``latex``)."""
    import sympy
    import symdiff
    ok = total = 0
    for e in exprs:
        try:
            s = symdiff.to_sympy(e)
            ref = sympy.latex(s) if latex else str(s)
        except Exception:          # noqa: BLE001 - a conversion sympy refuses is no sample
            continue
        total += 1
        mine = symdiff.latex(e) if latex else str(e)
        if mine == ref:
            ok += 1
        elif show > 0:
            show -= 1
            print(f"    ours:  {mine}\n    sympy: {ref}")
    return ok, total


def main(argv: list) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.print_agreement")
    p.add_argument("--random", type=int, default=300)
    p.add_argument("--show", type=int, default=0)
    p.add_argument("--latex", action="store_true", help="compare latex() with sympy.latex")
    args = p.parse_args(argv)
    import symdiff
    groups: dict = {}
    for name, rows in panel_texts().items():
        fs, Fs, ds = [], [], []
        for f, F, x in rows:
            try:
                Fe = symdiff.parse(F)
                fs.append(symdiff.parse(f))
                Fs.append(Fe)
                ds.append(symdiff.diff(Fe, x))
            except symdiff.SymdiffError:
                continue
        groups[f"{name} integrands"] = fs
        groups[f"{name} antiderivatives"] = Fs
        groups[f"{name} derivatives"] = ds
        if name == "simplify_panel":
            groups[f"{name} simplified"] = [symdiff.simplify(d) for d in ds]
    for name, texts in random_texts(args.random).items():
        nodes = []
        for t in texts:
            try:
                nodes.append(symdiff.parse(t))
            except symdiff.SymdiffError:
                continue
        groups[name] = nodes
    all_ok = all_n = 0
    for name, exprs in groups.items():
        ok, n = agreement(exprs, args.show, args.latex)
        all_ok, all_n = all_ok + ok, all_n + n
        print(f"{name:32s} {ok:5d}/{n:<5d} {100 * ok / max(n, 1):5.1f}%")
    print(f"{'all':32s} {all_ok:5d}/{all_n:<5d} {100 * all_ok / max(all_n, 1):5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
