"""simplify(): rule sets as data, a bottom-up rewriting strategy, a cost.

``simplify(e)`` tries a few strategies and keeps the smallest result by
the operators of its printed text (:mod:`.cost`; a subexpression printed
five times costs five times), then printed length, never a larger one
than ``e``:

1. the reducing rules of every theme (:mod:`.rules.powers`,
   :mod:`.rules.trig`, :mod:`.rules.hyper`, :mod:`.rules.inverse`,
   :mod:`.rules.algebra`) to a fixpoint (:mod:`.engine`);
2. the same after :func:`cancel` (rational normal form, :mod:`.rational`);
3. the same after rewriting tan/cot/sec/csc (and hyperbolic kin) into sin
   and cos, then cancelling;
4. after that term-by-term pass, the whole input (and the pass's result)
   cancelled as one fraction, also with its radicals split under
   positivity and written in sin and cos, each simplified again: the
   terms of a derivative often share a denominator that no single term
   shows (:func:`_whole_input`).

The whole is repeated until no strategy improves, so ``simplify`` is
idempotent. Domain-restricted rules fire only under assumptions on the
symbols (``symbols("x", positive=True)``, ``parse(text, assume=...)``).

>>> from symdiff import parse
>>> simplify("sin(x)**2 + cos(x)**2")
1
>>> simplify("(x**2 - 1)/(x - 1)")
x + 1
>>> simplify("2*sin(x)*cos(x)")
sin(2*x)
>>> s, steps = simplify("exp(a)*exp(b)", trace=True)
>>> s, [name for name, before, after in steps]
(exp(a + b), ['exp-product'])
"""
from __future__ import annotations

from itertools import chain

from ..errors import LimitError
from ..core.limits import limits
from ..core.nodes import I, Add, Expr, Op, count_ops, topo
from ..parsing.parse import parse

# module constants: an Op.X lookup costs ~0.1 us, and the hot loops make many
_NUM, _SYM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.SYM, Op.POW, Op.MUL, Op.FN, Op.ADD

MAX_ROUNDS = 8


_REWRITERS: dict = {}


def _rewriter(name: str):
    """The rewriters, built on first use (rule tables are parsed then, not at
    import: the command line starts without them)."""
    got = _REWRITERS.get(name)
    if got is not None:
        return got
    from .engine import Rewriter
    from .rules import algebra, angles, explog, hyper, inverse, powers, special, trig
    sets = {      # name: (cost-gated rules, rules that fire whenever they match)
        "reduce": (powers.RULES + explog.RULES + trig.RULES + angles.RULES + hyper.RULES
                   + inverse.RULES + algebra.RULES + special.RULES, trig.NORMALIZE),
        "trig": (trig.RULES + angles.RULES + hyper.RULES + inverse.RULES, ()),
        "to_sin_cos": ((), trig.TO_SIN_COS),
        "expand_log": ((), powers.EXPAND_LOG),
    }
    gated, free = sets[name]
    got = _REWRITERS[name] = Rewriter(gated, free)
    return got


def _apply(name: str, e: Expr, steps: list | None = None) -> Expr:
    return _rewriter(name)(e, steps)


def _reduce(e: Expr, steps: list | None = None) -> Expr:
    """Sign normalisation and every reducing rule."""
    return _apply("reduce", e, steps)


def _rational():
    from . import rational
    return rational


def _checked(expr, functions=None) -> Expr:
    e = parse(expr, functions=functions)
    if count_ops(e) > limits.max_nodes:
        raise LimitError(f"expression of {count_ops(e)} operations exceeds "
                         f"limits.max_nodes={limits.max_nodes}")
    return e


def _step(name: str, before: Expr, after: Expr, steps: list | None) -> Expr:
    if steps is not None and after is not before:
        steps.append((name, before, after))
    return after


CANCEL_MIN = 2      # printed operators: a rule result this small is not cancelled (one
                    # "/" and one "+" leave no common factor to remove; measured: no
                    # result changes on either panel up to 4, but (x**2 - x)/x has 3)
WHOLE_MAX = 40      # operations: a larger sum is simplified term by term first,
WHOLE_CANCEL_MAX = 2000   # and then cancelled whole up to this size (the terms of a
                          # derivative often share one denominator: 153 printed
                          # operations term by term, 7 as one fraction)


def _candidates(e: Expr, whole: bool, run: "_Run"):
    """``(result, steps)`` of each strategy on ``e`` (steps None unless tracing)."""
    s1 = run.new_steps()
    r1 = _reduce(e, s1)
    yield r1, s1
    if not whole and not _shares_denominators(r1, run):
        return
    if run.costs.ops_of(r1) <= CANCEL_MIN:
        return
    s2 = run.new_steps(s1)
    c = _step("cancel", r1, run.cancel(r1), s2)
    yield _reduce(c, s2), s2
    if not whole:
        return
    if not run.names(e) & _NOT_SIN_COS:
        return
    s3 = run.new_steps()
    t = _apply("to_sin_cos", e, s3)
    if t is not e:
        t = _step("cancel", t, run.cancel(t), s3)
        yield _reduce(t, s3), s3


def _radical_candidates(e: Expr, run: "_Run"):
    """Radicals split under positivity, then cancelled and reduced
    (:mod:`.radicals`): ``sqrt(b)/sqrt(a/(b*x) + 1)`` meets ``sqrt(b*x)``."""
    got = run.radicals.get(e)         # (the rounds of a sum revisit its terms)
    if got is None:
        got = run.radicals[e] = e
        if run.costs.ops_of(e) > WHOLE_CANCEL_MAX or not run.flag(e, "radical"):
            return
        steps = run.new_steps()
        t = _step("split-radicals", e, run.split(e), steps)
        if t is not e:
            t = _step("cancel", t, run.cancel(t), steps)
            if run.costs.ops_of(t) <= WHOLE_GROWTH * run.costs.ops_of(e):   # (as _whole_input)
                got = run.radicals[e] = (_reduce(t, steps), steps)
    if got is not e:
        yield got


def _shares_denominators(e: Expr, run: "_Run") -> bool:
    """Whether a sum too large for every strategy is still worth one
    whole-expression cancel: at most WHOLE_CANCEL_MAX operations, and its
    terms' denominators drawn from at most SHARED_DENOMINATORS bases (the
    terms of a derivative over one denominator; a sum of unrelated fractions
    would expand into a huge common numerator)."""
    if e.op is not _ADD or run.costs.ops_of(e) > WHOLE_CANCEL_MAX:
        return False
    bases: set = set()
    for t in e.args:
        for f in (t.args if t.op is _MUL else (t,)):
            if f.op is _POW and f.args[1].op is _NUM and f.args[1].value < 0:
                bases.add(f.args[0])
                if len(bases) > SHARED_DENOMINATORS:
                    return False
    return bool(bases)


SHARED_DENOMINATORS = 2
RADICAL_MAX = 160   # operations: larger terms are not split, only the whole input
                    # (the Rubi panel keeps every gain of splitting everywhere)
_ATOMS = frozenset({_SYM, _NUM})
_NOT_SIN_COS = frozenset({"tan", "cot", "sec", "csc", "tanh", "coth", "sech", "csch"})


class _Run:
    """State of one simplify call: cost memo, cancel memo, the trace."""

    def __init__(self, trace: bool):
        from .engine import MEMO, function_names
        memo = MEMO.trimmed()
        self.costs, self.cancelled, self._names = memo.costs, {}, memo.names
        self.settled: set = set()     # results taken as their own cancel (unlimited)
        self.spellings: dict = {}     # cancel's memo of built fractions
        self.splits: dict = {}        # node -> split_radicals of it
        self.split_walk: dict = {}    # split_radicals' memo of its walk
        self.flags: dict = {}         # node -> bits of _FLAG_BITS found in it
        self.radicals: dict = {}      # node -> its radicals candidate (or the node)
        self.whole: dict = {}         # node -> (_best_whole of it, its steps)
        self.root: Expr | None = None
        self._function_names, self._cancel = function_names, _rational().cancel_terms
        self.steps: list | None = [] if trace else None

    def split(self, e: Expr) -> Expr:
        """``split_radicals(e)``, memoized."""
        got = self.splits.get(e)
        if got is None:
            from .radicals import split_radicals
            got = self.splits[e] = (split_radicals(e, self.split_walk, self._plain)
                                    if self.flag(e, "radical") else e)
        return got

    def _plain(self, n: Expr) -> bool:
        """Whether no node of ``n`` is a radical (``n`` inside a node that
        :meth:`flag` has walked)."""
        return not self.flags[n] & _RADICAL_BIT

    def flag(self, e: Expr, name: str) -> bool:
        """Whether a node of ``e`` has the property ``name`` (``_FLAG_BITS``). All
        flags are found in one walk and memoized per node as bits (a call
        walks only nodes not seen before)."""
        memo = self.flags
        got = memo.get(e)
        if got is None:
            owns = _FLAG_OWNS or _flag_owns()
            for n in topo([e], prune=memo.__contains__):
                bits = 0
                for i, own in owns.get(n.op, ()):
                    if own(n):
                        bits |= i
                for a in n.args:
                    bits |= memo[a]
                memo[n] = bits
            got = memo[e]
        return bool(got & _FLAG_BITS[name])

    def names(self, e: Expr) -> frozenset:
        return self._function_names(e, self._names)

    def new_steps(self, start: list | None = None) -> list | None:
        return None if self.steps is None else list(start or ())

    def cancel(self, e: Expr, max_terms: int | None = None) -> Expr:
        """``cancel(e, max_terms)``, memoized: one entry per node, its result
        and the most terms of a fraction it built, reused by every limit at
        least that (the strategies ask for the same node with different
        limits), and by every limit when nothing changed."""
        if max_terms is None and e in self.settled:
            return e
        got = self.cancelled.get(e)
        if got is not None and (got[0] is e or max_terms is None or got[1] <= max_terms):
            return got[0]
        key = (e, max_terms)
        got = self.cancelled.get(key)
        if got is None and not self.flag(e, "rational"):
            got = self.cancelled[e] = (e, 0)
        if got is None:
            notes = None if self.steps is None else []
            got = self._cancel(e, notes, max_terms, self.spellings)
            self.cancelled[key] = got
            if max_terms is None or got[1] <= max_terms:     # no limit reached: the
                self.cancelled[e] = got                       # unlimited result
            for note in notes or ():        # a GCD that gave up: not silently
                self.steps.append((f"cancel: {note}", e, got[0]))
            if got[0] is not e and not self.flag(got[0], "unsettled"):
                self.settled.add(got[0])
        return got[0]


def _rational_work(n: Expr) -> bool:
    """Whether node ``n`` itself may give ``cancel`` work: a sum, an ``exp``
    (``exp(2*x)*exp(x)`` meets as ``exp(x)**3``) or ``I``. An expression
    without one has a rational form of one monomial in its kernels, already
    canonical (on both panels, 531 such cancels changed nothing)."""
    return n.op is _ADD or (n.op is _FN and n.value == "exp") or n is I


def _unsettling(n: Expr) -> bool:
    """A kernel whose inside a second ``cancel`` may relate to other terms:
    a root or symbolic power of a compound base, or ``exp``. A result of
    cancel without one is taken to be its own cancel, saving the next round
    a second cancel (``x - (x - 1)`` with ``sqrt(x - 1)`` about is where a
    second one finds more). Measured on the panel: 270 of 471 first
    cancels are settled, and a second cancel would have improved none of
    them."""
    if n.op is _POW:
        x = n.args[1]
        return x.op is not _NUM or (type(x.value) is not int and n.args[0].op not in _ATOMS)
    return n.op is _FN and n.value == "exp"


_FLAG_BITS = {name: 1 << i for i, name in enumerate(("rational", "radical", "unsettled"))}
_RADICAL_BIT = _FLAG_BITS["radical"]
_FLAG_KINDS = {"rational": (_ADD, _FN, Op.CONST), "radical": (_POW,), "unsettled": (_POW, _FN)}
_FLAG_OWNS: dict = {}


def _flag_owns() -> dict:
    """Node kind -> ``(bit, predicate)`` of each flag of :meth:`_Run.flag`
    that can hold for a node of that kind (``_FLAG_KINDS``: the kinds each
    predicate accepts, so that the other nodes, most of them, are tested by
    none), built on first use (:mod:`.radicals` loads the assumptions,
    which start-up does without)."""
    if not _FLAG_OWNS:
        from .radicals import is_radical
        owns = {"rational": _rational_work, "radical": is_radical, "unsettled": _unsettling}
        for name, bit in _FLAG_BITS.items():
            for op in _FLAG_KINDS[name]:
                _FLAG_OWNS[op] = _FLAG_OWNS.get(op, ()) + ((bit, owns[name]),)
    return _FLAG_OWNS


def _best(e: Expr, run: _Run) -> Expr:
    """The cheapest candidate, repeated until none improves."""
    cheaper, ops = run.costs.cheaper, run.costs.ops_of
    for _ in range(MAX_ROUNDS):
        whole = ops(e) <= WHOLE_MAX
        start = e
        if not whole and e.op is _ADD:
            e = Add(*[_best(t, run) for t in e.args])
        top, top_steps = e, None
        small = e is run.root or run.costs.ops_of(e) <= RADICAL_MAX
        radical = _radical_candidates(e, run) if small else ()
        for cand, cand_steps in chain(_candidates(e, whole, run), radical):
            if cheaper(cand, top):
                top, top_steps = cand, cand_steps
        if top is not e:
            if run.steps is not None:
                run.steps += top_steps
            e = top
        if not cheaper(e, start):
            return start
    return e


def simplify(expr, trace: bool = False, functions=None):
    """The smallest equivalent form symdiff finds (never larger than ``expr``).

    ``trace=True`` returns ``(result, steps)`` with ``steps`` a list of
    ``(rule name, before, after)`` in the order the rules fired.
    ``functions`` declares undefined functions in text (as ``parse``).

    >>> simplify("cosh(x)**2 - sinh(x)**2")
    1
    >>> simplify("log(exp(x))")          # x may be complex: left alone
    log(exp(x))
    """
    from ..core.order import shared_scope
    run = _Run(trace)
    run.root = _checked(expr, functions)
    with shared_scope():          # (the printed length prints calls of a form of their
                                  # own: with the order keys the cost computed)
        best = _best(run.root, run)
        for _ in range(MAX_ROUNDS):
            if run.costs.ops_of(best) <= WHOLE_MIN:
                break
            better = _whole_input(best, run)
            if better is best:
                break
            best = better
    return (best, run.steps) if trace else best


def _whole_input(e: Expr, run: _Run) -> Expr:
    """The cheapest of ``e`` and the whole-expression rewrites of the input
    ``run.root`` and of ``e`` (``cancel``, radicals split then ``cancel``),
    each then simplified term by term (:func:`_best`). The term-by-term pass
    first reduces each term on its own and may leave no common denominator
    for a later cancel to meet: the derivative of a Rubi antiderivative of
    ``(f + g*x)**m*(h + i*x)**q*log(...)`` is 451 printed operations term
    by term and 23 cancelled whole. An input with tan, cot, sec or csc (or
    hyperbolic kin) is also tried written in sin and cos. The result (or
    input) with more than WHOLE_BASES denominators is no start; the result
    is treated as the input is, so ``simplify`` of the result finds nothing
    more (idempotent on all 270 Rubi rows)."""
    best, best_steps = e, None
    starts = [t for t in dict.fromkeys((run.root, e))
              if t.op in _RATIONAL_KINDS and _few_denominators(t)]
    starts += [_apply("to_sin_cos", t) for t in starts     # (tan, sec, ... as sin and cos)
               if run.names(t) & _NOT_SIN_COS]
    for start in dict.fromkeys(starts):
        if run.costs.ops_of(start) > WHOLE_CANCEL_MAX:
            continue
        for split in (False, True):
            steps = run.new_steps()
            t = _step("split-radicals", start, run.split(start), steps) if split else start
            if split and t is start:
                continue
            limit = min(WHOLE_CANCEL_MAX, max(WHOLE_GROWTH * run.costs.ops_of(best),
                                              WHOLE_EXPANSION * run.costs.ops_of(start)))
            t = _step("cancel", t, run.cancel(t, limit), steps)
            if run.costs.ops_of(t) > limit:
                continue          # (a cancel that multiplied out: not worth reducing)
            t = _best_whole(t, steps, run)
            u_steps = run.new_steps(steps)       # cancel once more: the rules may have
            u = _step("cancel", t, run.cancel(t, limit), u_steps)   # made a cot(x)**2 + 1
            if u is not t and run.costs.ops_of(u) <= limit:          # cancel with 1/sin(x)**2
                u = _best_whole(u, u_steps, run)
                if run.costs.cheaper(u, t):
                    t, steps = u, u_steps
            if run.costs.cheaper(t, best):
                best, best_steps = t, steps
    if best is not e and run.steps is not None:
        run.steps += best_steps
    return best


def _best_whole(t: Expr, steps: list | None, run: _Run) -> Expr:
    """:func:`_best` of ``t`` as if it were the input (its radicals candidate
    tried whole), the steps recorded in ``steps``."""
    got = run.whole.get(t)        # (each round of simplify's loop revisits the input's)
    if got is not None:
        if steps is not None:
            steps += got[1]
        return got[0]
    kept, root = run.steps, run.root
    run.steps, run.root = [] if steps is not None else None, t
    try:
        out = _best(t, run)
        run.whole[t] = (out, run.steps or [])
    finally:
        added, run.steps, run.root = run.steps, kept, root
    if steps is not None:
        steps += added
    return out


def _few_denominators(e: Expr) -> bool:
    """Whether ``e`` has at most WHOLE_BASES distinct bases of negative
    powers: more are unrelated fractions (a sum of textbook derivatives),
    whose common denominator a whole cancel multiplies out for nothing
    (measured: on tests/data/simplify_panel.txt the 21 rows above 8 gain 12
    printed operators for 3.4 s; on the Rubi panel none is above 9)."""
    bases: set = set()
    for n in topo([e]):
        if n.op is _POW and n.args[1].op is _NUM and not isinstance(n.args[1].value, complex) \
                and n.args[1].value < 0:
            bases.add(n.args[0])
            if len(bases) > WHOLE_BASES:
                return False
    return True


WHOLE_BASES = 8
WHOLE_MIN = 5       # printed operators: a term-by-term result this small is kept (on
                    # both panels no whole-expression candidate beats one; half of the
                    # textbook panel's results are this small, and the candidates
                    # were a sixth of their time)
_RATIONAL_KINDS = frozenset({_ADD, _MUL, _POW})
WHOLE_GROWTH = 2    # a cancelled input more than this times the best so far
WHOLE_EXPANSION = 4  # and this times the input is dropped unreduced (a derivative
                    # with sec and tan of 144 printed operations cancels to 3,593,
                    # which the rules take 30 s to bring to 1,641; one with cot
                    # under a root of 345 cancels to 1,243, reduced to 19)


def clear_caches() -> None:
    """Forget every remembered result (fixpoints; this thread's costs and
    printing-order keys): the next call works from scratch, as a first call
    does (the benchmarks time that).

    >>> clear_caches()
    >>> simplify("sin(x)**2 + cos(x)**2")
    1
    """
    from ..core.order import clear_shared
    from .cost import clear_shared_memo
    from .engine import MEMO
    for r in _REWRITERS.values():
        r.clear()
    MEMO.clear()
    clear_shared()
    clear_shared_memo()



def trigsimp(expr, functions=None) -> Expr:
    """Trigonometric and hyperbolic identities only (smaller result or ``expr``).

    >>> trigsimp("tan(x)*cos(x)")
    sin(x)
    """
    from .engine import cost
    e = _checked(expr, functions)
    cands = [e, _apply("trig", e), _apply("trig", _rational().cancel(_apply("to_sin_cos", e)))]
    return min(cands, key=cost)


def expand(expr, functions=None) -> Expr:
    """Products and integer powers of sums multiplied out, and logarithms of
    products and powers split where the assumptions allow.

    >>> expand("(x + 1)**2")
    x**2 + 2*x + 1
    """
    return _apply("expand_log", _rational().expand(_checked(expr, functions)))


def together(expr, functions=None) -> Expr:
    """A sum of fractions as one fraction.

    >>> together("1/x + 1/y")
    (x + y)/(x*y)
    """
    return _rational().together(_checked(expr, functions))


def cancel(expr, functions=None) -> Expr:
    """A fraction in lowest terms (polynomial gcd removed).

    >>> cancel("(x**2 - 1)/(x - 1)")
    x + 1
    """
    return _rational().cancel(_checked(expr, functions))


__all__ = ["simplify", "trigsimp", "expand", "together", "cancel", "clear_caches"]
