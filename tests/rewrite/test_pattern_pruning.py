"""Pruning a sum or product match by the functions each pattern argument
calls (``Rule.apply(..., names=memo)``) finds the same first match: every
rule of every table, at every node of panel derivatives and of sums built
so that several terms could pair up, gives the node it gives unpruned."""
import pytest

import symdiff
from symdiff import parse
from symdiff.core.nodes import topo
from symdiff.rewrite.rules import (algebra, angles, explog, hyper, inverse, powers, radicals,
                                   special, trig)

TABLES = [algebra.RULES, angles.RULES, explog.RULES, hyper.RULES, inverse.RULES, powers.RULES,
          powers.EXPAND_LOG, radicals.SPLIT, special.RULES, trig.RULES]
ALL = [r for t in TABLES for r in t]

CRAFTED = [
    "3*sec(y)**2 - 2 + 2*sec(x)**2 - 3 + z + w*exp(x)",
    "2*cosh(2*x) - 2 + 5*cosh(2*y) - 5 + sin(x)",
    "-3 + 2*cosh(x)**2 + 3*cosh(y)**2 - 2 + log(x) + x",
    "w*sin(x)**2 + w*cos(x)**2 + z*sin(y)**2 + z*cos(y)**2 + 1 + exp(x)",
    "2*sin(x)*cos(x)*y*exp(z)*tan(y)",
    "a*cos(x)*cos(y) + a*sin(x)*sin(y) + b*sin(x)*cos(y) + b*cos(x)*sin(y) + 1",
    "1/2 - cos(2*x)/2 + 1/2 - cos(2*y)/2 + sinh(x)",
    "exp(y)*sec(x)**2 - exp(y) - exp(z) + log(z) + 2",        # c__ calling functions
    "sec(x)**2*sec(y) - sec(y) + z + 1 - log(y)",
    "cosh(x)**2*cosh(y) - 3 - cosh(y) + cosh(z)*log(x) + x",
]


def _panel(k=12):
    from benchmarks.wl_simplify import read_panel, sd_parse
    out = []
    for ln in read_panel()[:k]:
        try:
            out.append(symdiff.diff(sd_parse(ln.antiderivative, ln.assume), "x"))
        except symdiff.SymdiffError:
            pass
    return out


@pytest.mark.parametrize("which", ["crafted", "panel"])
def test_pruned_matches_are_the_unpruned_ones(which):
    exprs = [parse(t) for t in CRAFTED] if which == "crafted" else _panel()
    names: dict = {}
    fired = 0
    for n in topo(exprs):
        if not n.args:
            continue
        for r in ALL:
            want = r.apply(n)
            assert r.apply(n, names=names) is want, (r.name, str(n))
            fired += want is not None
    assert fired
