"""The rewriting strategy: rules applied bottom-up over the DAG to a fixpoint.

One pass visits every node not yet known to be simplified, children first
(iteratively, via ``topo``), rebuilds it from its rewritten children and
tries the rules indexed under its head; a rewrite is accepted only when it
lowers the cost (operators in the printed text, :mod:`.cost`, then printed length), so rule cycles are
impossible and the result is never larger than the input. Each distinct
node is rewritten once per pass (memoized), and a rewriter remembers each
node's rewrite at the top across passes and calls (a function of the node,
like its fixpoint); passes repeat until nothing changes. ``trace``
collects ``(rule name, before, after)`` in firing order.
"""
from __future__ import annotations

import threading

from ..errors import SymdiffError
from ..core.nodes import UPPER, Expr, Op, rebuild, topo
from .cost import printed_ops, shared_memo
from .pattern import Rule, _head, _optional_exponent, function_names, signature

# module constants: an Op.X lookup costs ~0.1 us, and the hot loops make many
_POW, _MUL, _FN, _ADD = Op.POW, Op.MUL, Op.FN, Op.ADD

MAX_PASSES = 50          # far above what any rule set needs; a safety net
MAX_AT_NODE = 50         # rewrites at one node per pass
CACHE_SIZE = 200_000     # fixpoints remembered per rewriter (then forgotten at once)


def cost(e: Expr) -> tuple:
    """``(printed_ops, printed length)``: smaller is simpler (the operators
    the user reads, :mod:`.cost`; the text's length breaks ties)."""
    return (printed_ops(e), len(str(e)))


class Costs:
    """:func:`cost` comparisons, memoized per node; the printed length (the
    dearer half) is computed only to break a tie in ``printed_ops``, and
    only up to ``EXACT_MAX`` printed operators (a larger tie is no
    improvement). ``printed_ops`` is one formula per node over its
    children's costs, so each node costs O(1) once its children are known,
    also along deep chains."""

    EXACT_MAX = 2000

    def __init__(self):
        self.ops: dict = shared_memo()   # (the thread's: cancel costs its spellings in it)
        self.length: dict = {}

    def ops_of(self, e: Expr) -> int:
        """``printed_ops(e)``, memoized."""
        got = self.ops.get(e)
        return got if got is not None else printed_ops(e, self.ops)

    def length_of(self, e: Expr) -> int:
        """``len(str(e))``, 0 past ``EXACT_MAX`` operators; measured per node
        by the printers (``UPPER.str_len``, memoized in ``length``) where
        they are plugged in, else printed."""
        got = self.length.get(e)
        if got is not None:
            return got
        if self.ops_of(e) > self.EXACT_MAX:
            return 0
        if UPPER.str_len is not None:
            return UPPER.str_len(e, self.length)
        got = self.length[e] = len(str(e))
        return got

    def clear(self) -> None:
        self.ops.clear()
        self.length.clear()

    def cheaper(self, a: Expr, b: Expr) -> bool:
        """``cost(a) < cost(b)`` (ties of large expressions: not cheaper)."""
        if a is b:
            return False
        oa, ob = self.ops_of(a), self.ops_of(b)
        return oa < ob if oa != ob else self.length_of(a) < self.length_of(b)


class _Memo(threading.local):
    """What every rewriter run and simplify call of a thread shares: costs
    and function names of nodes (pure properties of interned nodes),
    forgotten at once past ``CACHE_SIZE`` nodes or by ``clear``. Per thread,
    so that one thread's clearing cannot pull entries from under another."""

    def __init__(self):
        self.costs, self.names = Costs(), {}

    def trimmed(self) -> "_Memo":
        if max(len(self.costs.ops), len(self.costs.length), len(self.names)) > CACHE_SIZE:
            self.clear()
        return self

    def clear(self) -> None:
        self.costs.clear()
        self.names.clear()


MEMO = _Memo()


class Rewriter:
    """Applies rules; reusable across expressions. ``gated`` rules fire only
    where they lower the cost (the cheapest result wins); ``free`` rules fire
    whenever they match, before the gated ones at the same node (rule sets
    that terminate by themselves: each of tan -> sin/cos, sin(-x) -> -sin(x)
    removes a tan or a minus sign and never raises the cost, so together
    with cost-lowering rules every step lowers (cost, count) and the run
    ends)."""

    def __init__(self, gated: tuple[Rule, ...], free: tuple[Rule, ...] = ()):
        self.index: dict = {}    # head -> [(rule, free)], the free ones first
        self.fixed: dict = {}    # node -> its fixpoint, across calls (bounded)
        self.usable: dict = {}   # (head or signature, function names) -> rules to try
        self.tops: dict = {}     # node -> its rewrite at the top (``_at``), across calls (bounded)
        for r, is_free in [(r, True) for r in free] + [(r, False) for r in gated]:
            heads = [_head(r.lhs)]
            if r.lhs.op is _POW and _optional_exponent(r.lhs.args[1]):
                heads.append(_head(r.lhs.args[0]))
            for h in heads:
                self.index.setdefault(h, []).append((r, is_free))
        self.ops = {h for h in self.index if not isinstance(h, tuple)}     # heads with rules
        self.fns = {h[1] for h in self.index if isinstance(h, tuple)}
        if self.ops & {Op.NUM, Op.SYM, Op.CONST}:     # the pass never visits leaves
            raise SymdiffError("a rule pattern must not be a lone wildcard or atom")

    def clear(self) -> None:
        self.fixed.clear()
        self.tops.clear()

    def __call__(self, e: Expr, trace: list | None = None) -> Expr:
        """``e`` rewritten to a fixpoint. Fixpoints are remembered (strong
        references, at most ``CACHE_SIZE``), except while tracing, when every
        step must be seen."""
        fixed = self.fixed if trace is None else {}
        hit = fixed.get(e)
        if hit is not None:
            return hit
        start, done = e, {}      # done: node -> its rewrite in this run
        memo = MEMO.trimmed()
        costs, names = memo.costs, memo.names
        for _ in range(MAX_PASSES):
            out = self._pass(e, done, fixed, (costs, names), trace)
            if out is e:
                break
            e = out
        else:
            return e             # no fixpoint within the bound: nothing to remember
        if len(self.fixed) > CACHE_SIZE:
            self.fixed.clear()
        if len(self.tops) > CACHE_SIZE:
            self.tops.clear()
        self.fixed[start] = e
        for n in topo([e], prune=self.fixed.__contains__):
            self.fixed[n] = n    # every node of a fixpoint is one
        return e

    def _pass(self, e: Expr, done: dict, fixed: dict, memos: tuple, trace) -> Expr:
        """One bottom-up pass over the nodes not yet in ``done`` or ``fixed``
        (an explicit-stack walk, children first; a node is rewritten once;
        leaves are never rewritten, so never visited)."""
        ops, fns, at = self.ops, self.fns, self._at
        tops = self.tops if trace is None else None  # (tracing: every step is seen)
        if e in done or e in fixed:
            return done[e] if e in done else fixed[e]
        if not e.args:
            return e
        stack = [(e, iter(e.args))]
        push, pop = stack.append, stack.pop
        while stack:
            n, it = stack[-1]
            for c in it:
                if c.args and c not in done and c not in fixed:
                    push((c, iter(c.args)))
                    break
            else:
                pop()
                args = n.args
                kids = tuple([done[a] if a in done else fixed.get(a, a) for a in args])
                m = n if kids == args else rebuild(n, kids)   # (tuples of interned nodes:
                if m.value in fns if m.op is _FN else m.op in ops:   # compared by identity)
                    if tops is None:
                        done[n] = at(m, memos, trace)
                        continue
                    got = tops.get(m)       # _at is a function of the node: each node's
                    if got is None:         # rewrite at the top is found once
                        got = tops[m] = at(m, memos, trace)
                    done[n] = got
                else:
                    done[n] = m
        return done[e]

    def _usable(self, node: Expr, have: frozenset) -> list:
        """The rules that can match ``node``, which calls the functions
        ``have``: indexed under its head, needing no other function (memoized
        per (head, names): most nodes stop here), passing the quick
        structural test (memoized per (signature, names))."""
        key = (node.op, node.value, have)        # (value: a function's name, else None)
        pre = self.usable.get(key)
        if pre is None:
            if len(self.usable) > CACHE_SIZE:
                self.usable.clear()
            pre = self.usable[key] = [(r, f) for r, f in self.index.get(_head(node), ())
                                      if r.needs <= have]
        if not pre:
            return pre
        key = (signature(node), have)
        got = self.usable.get(key)
        if got is None:
            got = self.usable[key] = [(r, f) for r, f in pre if r.quick(key[0])]
        return got

    def _at(self, node: Expr, memos: tuple, trace) -> Expr:
        """Rewrite at one node while some rule applies (a free rule that
        matches, or the gated rule giving the cheapest result below the
        node's cost)."""
        costs, names = memos
        for _ in range(MAX_AT_NODE):
            best, low = None, node
            rules = self._usable(node, function_names(node, names))
            for r, is_free in rules:
                out = r.apply(node, True, names)
                if out is None or out is node:
                    continue
                if is_free:
                    best = (r, out)
                    break
                if costs.cheaper(out, low):
                    best, low = (r, out), out
            if best is None:
                return node
            r, out = best
            if trace is not None:
                trace.append((r.name, node, out))
            node = out
        return node
