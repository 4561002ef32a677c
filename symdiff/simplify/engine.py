"""The rewriting strategy: rules applied bottom-up over the DAG to a fixpoint.

One pass visits every node not yet known to be simplified, children first
(iteratively, via ``topo``), rebuilds it from its rewritten children and
tries the rules indexed under its head; a rewrite is accepted only when it
lowers the cost (``count_ops``, then printed length), so rule cycles are
impossible and the result is never larger than the input. Each distinct
node is rewritten once per pass (memoized); passes repeat until nothing
changes. ``trace`` collects ``(rule name, before, after)`` in firing order.
"""
from __future__ import annotations

from ..nodes import Expr, Op, count_ops, rebuild, topo
from .pattern import Rule, _optional_exponent

MAX_PASSES = 50          # far above what any rule set needs; a safety net
MAX_AT_NODE = 50         # rewrites at one node per pass


def cost(e: Expr, memo: dict | None = None) -> tuple:
    """``(count_ops, printed length)``: smaller is simpler."""
    if memo is not None:
        got = memo.get(e)
        if got is None:
            got = memo[e] = (count_ops(e), len(str(e)))
        return got
    return (count_ops(e), len(str(e)))


def _head(e: Expr):
    return ("fn", e.value) if e.op is Op.FN else e.op


class Rewriter:
    """Applies a tuple of rules; reusable across expressions."""

    def __init__(self, rules: tuple[Rule, ...], gated: bool = True):
        self.gated = gated       # False: every match fires (for rule sets that
        self.index: dict = {}    # provably terminate, such as tan -> sin/cos)
        for r in rules:
            heads = [_head(r.lhs)]
            if r.lhs.op is Op.POW and _optional_exponent(r.lhs.args[1]):
                heads.append(_head(r.lhs.args[0]))
            for h in heads:
                self.index.setdefault(h, []).append(r)

    def __call__(self, e: Expr, trace: list | None = None) -> Expr:
        done: dict = {}          # node -> its rewrite in this run
        costs: dict = {}
        for _ in range(MAX_PASSES):
            out = self._pass(e, done, costs, trace)
            if out is e:
                return e
            e = out
        return e

    def _pass(self, e: Expr, done: dict, costs: dict, trace) -> Expr:
        for n in topo([e], prune=done.__contains__):
            kids = tuple(done.get(a, a) for a in n.args)
            m = n if all(k is a for k, a in zip(kids, n.args)) else rebuild(n, kids)
            done[n] = self._at(m, costs, trace)
        return done.get(e, e)

    def _at(self, node: Expr, costs: dict, trace) -> Expr:
        """Rewrite at one node while some rule lowers its cost (the rule
        giving the cheapest result wins; ungated: the first that matches)."""
        for _ in range(MAX_AT_NODE):
            best = None
            low = cost(node, costs) if self.gated else None
            for r in self.index.get(_head(node), ()):
                out = r.apply(node)
                if out is None or out is node:
                    continue
                if not self.gated:
                    best = (r, out)
                    break
                c = cost(out, costs)
                if c < low:
                    best, low = (r, out), c
            if best is None:
                return node
            r, out = best
            if trace is not None:
                trace.append((r.name, node, out))
            node = out
        return node
